#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! CI and editor integrations: the machine reports of `check` (SARIF, JUnit, GitHub
//! workflow commands, GitLab Code Quality) on the examples, baselines, standard input,
//! `redline init` and colour.
//!
//! Every SARIF, JUnit and Code Quality file these tests produce is also written to
//! `target/tmp/reports/`, where `.ci/run` checks them with the real validators (the SARIF
//! schema and Microsoft's SARIF Multitool with GitHub's rules, junitparser, the Code
//! Quality shape).

mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::{copy_tree, redline, root};

const EXAMPLES: [&str; 3] = ["webshop", "hotel", "saas"];

/// Keeps a report for the validators of `.ci/run`.
fn keep(name: &str, text: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("reports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), text).unwrap();
}

fn sarif_is_sound(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1), "one run");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: BTreeSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "rule ids are unique");
    for rule in rules {
        for field in ["shortDescription", "fullDescription", "help"] {
            let text = rule[field]["text"].as_str().unwrap();
            assert!(!text.is_empty() && text.chars().count() <= 1024 || field == "help");
        }
        assert!(rule["help"]["markdown"].as_str().is_some());
        assert!(rule["defaultConfiguration"]["level"].as_str().is_some());
    }
    let mut fingerprints = BTreeSet::new();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(
            result["ruleId"], rules[index]["id"],
            "ruleIndex agrees with ruleId"
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            !uri.starts_with('/') && !uri.contains('\\'),
            "relative uri: {uri}"
        );
        if let Some(line) = location["region"]["startLine"].as_u64() {
            assert!(line >= 1);
            assert!(location["region"]["startColumn"].as_u64().unwrap() >= 1);
        }
        let fingerprint = result["partialFingerprints"]["primaryLocationLineHash"]
            .as_str()
            .unwrap();
        assert!(
            fingerprints.insert(fingerprint.to_owned()),
            "fingerprints are unique"
        );
    }
}

fn gitlab_is_sound(report: &Value) {
    let mut fingerprints = BTreeSet::new();
    for issue in report.as_array().unwrap() {
        for field in ["description", "check_name", "fingerprint", "severity"] {
            assert!(!issue[field].as_str().unwrap().is_empty(), "{field}");
        }
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        assert!(!issue["location"]["path"].as_str().unwrap().is_empty());
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_owned()));
    }
}

/// `::error title=…,file=…,line=N,col=N,endLine=N,endColumn=N::message`, one a line.
fn github_is_sound(text: &str, findings: usize) {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), findings);
    for line in lines {
        let rest = ["::error ", "::warning ", "::notice "]
            .iter()
            .find_map(|c| line.strip_prefix(c))
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let (properties, message) = rest.split_once("::").unwrap();
        assert!(!message.is_empty() && !message.contains('\n'));
        let keys: Vec<&str> = properties
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert_eq!(
            keys,
            ["title", "file", "line", "col", "endLine", "endColumn"],
            "{line}"
        );
    }
}

#[test]
fn machine_reports_of_the_examples() {
    for example in EXAMPLES {
        let path = format!("examples/{example}");
        let json = redline(root(), &["check", &path, "--format", "json"]).json();
        let findings = json["findings"].as_array().unwrap().len();
        assert!(findings > 0, "{example} has findings to report");

        let sarif = redline(root(), &["check", &path, "--format", "sarif"]);
        assert_eq!(sarif.code, 1);
        sarif_is_sound(&sarif.json());
        let results = sarif.json()["runs"][0]["results"].as_array().unwrap().len();
        assert_eq!(results, findings);
        keep(&format!("{example}.sarif"), &sarif.stdout);
        // The results; the driver's rules are the same for every example (below).
        let log = sarif.json();
        let results = serde_json::to_string_pretty(&log["runs"][0]["results"]).unwrap();
        insta::assert_snapshot!(format!("{example}-sarif-results"), results);
        if example == "webshop" {
            let mut driver = log["runs"][0]["tool"]["driver"].clone();
            for rule in driver["rules"].as_array_mut().unwrap() {
                // The help is the rule's page of `redline rule`, checked there.
                let page = rule["help"]["markdown"].as_str().unwrap();
                let listed = redline(root(), &["rule", rule["id"].as_str().unwrap()]);
                if rule["id"].as_str().unwrap().starts_with('E') {
                    assert!(page.contains("docs/diagnostics.md"));
                } else {
                    assert!(listed.stdout.starts_with(page.trim()));
                }
                rule["help"] = Value::from(format!("<the rule page, {} bytes>", page.len()));
            }
            insta::assert_snapshot!(
                "sarif-driver",
                serde_json::to_string_pretty(&driver).unwrap()
            );
        }

        let gitlab = redline(root(), &["check", &path, "--format", "gitlab"]);
        gitlab_is_sound(&gitlab.json());
        assert_eq!(gitlab.json().as_array().unwrap().len(), findings);
        keep(&format!("{example}.gitlab.json"), &gitlab.stdout);
        insta::assert_snapshot!(format!("{example}-gitlab"), gitlab.stdout);

        let github = redline(root(), &["check", &path, "--format", "github"]);
        github_is_sound(&github.stdout, findings);
        insta::assert_snapshot!(format!("{example}-github"), github.stdout);

        let junit = redline(root(), &["check", &path, "--format", "junit"]);
        let cases = junit.stdout.matches("<testcase ").count() as u64;
        assert_eq!(
            cases,
            json["summary"]["files"].as_u64().unwrap(),
            "a case per file"
        );
        keep(&format!("{example}.check.junit.xml"), &junit.stdout);
        insta::assert_snapshot!(format!("{example}-junit"), junit.stdout);

        // The SARIF fingerprints are the GitLab ones, in the same order.
        let a: Vec<Value> = sarif.json()["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["partialFingerprints"]["primaryLocationLineHash"].clone())
            .collect();
        let b: Vec<Value> = gitlab
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["fingerprint"].clone())
            .collect();
        assert_eq!(a, b);
    }
}

#[test]
fn machine_reports_of_broken_input() {
    // Input errors at spans, at whole files (invalid UTF-8) and a duplicate in two files.
    let sarif = redline(
        root(),
        &["check", "tests/corpus/broken", "--format", "sarif"],
    );
    sarif_is_sound(&sarif.json());
    keep("broken.sarif", &sarif.stdout);
    let gitlab = redline(
        root(),
        &["check", "tests/corpus/broken", "--format", "gitlab"],
    );
    gitlab_is_sound(&gitlab.json());
    keep("broken.gitlab.json", &gitlab.stdout);
    let junit = redline(
        root(),
        &["check", "tests/corpus/broken", "--format", "junit"],
    );
    keep("broken.check.junit.xml", &junit.stdout);
    assert!(junit.stdout.contains("invalid-utf8.redline"));
    // Findings below --fail-on are listed, not failed: the report agrees with the exit code.
    let lenient = redline(
        root(),
        &[
            "check",
            "examples/hotel",
            "--format",
            "junit",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(lenient.code, 0);
    assert!(!lenient.stdout.contains("<failure"));
    assert!(lenient.stdout.contains("<system-out>"));
    keep("hotel-never.check.junit.xml", &lenient.stdout);
}

#[test]
fn test_reports_in_junit_are_kept_for_the_validators() {
    let harness = redline(root(), &["test", "tests/harness", "--format", "junit"]);
    assert_eq!(harness.code, 1);
    keep("harness.test.junit.xml", &harness.stdout);
    let webshop = redline(root(), &["test", "examples/webshop", "--format", "junit"]);
    assert_eq!(webshop.code, 0);
    keep("webshop.test.junit.xml", &webshop.stdout);
}

fn project(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join(name);
    copy_tree(&root().join("examples/webshop"), &project);
    (dir, project)
}

fn edit(path: &Path, change: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, change(text)).unwrap();
}

fn fingerprints(cwd: &Path) -> Vec<String> {
    let sarif = redline(cwd, &["check", "--format", "sarif"]).json();
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["primaryLocationLineHash"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[test]
fn a_baseline_hides_known_findings_and_survives_edits_above_them() {
    let (_dir, shop) = project("shop");
    let before = fingerprints(&shop);
    assert_eq!(before.len(), 3);

    let written = redline(&shop, &["check", "--write-baseline", "baseline.json"]);
    assert_eq!(written.code, 0, "{}", written.transcript());
    assert!(written.stderr.contains("Wrote 3 findings"));
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(shop.join("baseline.json")).unwrap())
            .unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 3);

    // Unrelated edits above every finding: comments, blank lines, a new declaration.
    for file in ["flows.redline", "purposes.redline", "systems.redline"] {
        edit(&shop.join("policies").join(file), |t| {
            format!("# reviewed by the DPO\n\n\n{t}")
        });
    }
    edit(&shop.join("policies/data.redline"), |t| {
        format!("category phone : contact.phone\n{t}")
    });
    edit(&shop.join("policies/flows.redline"), |t| {
        format!("{t}flow customer -> webshop : phone for checkout\n")
    });
    assert_eq!(
        fingerprints(&shop),
        before,
        "lines moved, fingerprints did not"
    );
    let quiet = redline(&shop, &["check", "--baseline", "baseline.json"]);
    assert_eq!(quiet.code, 0, "{}", quiet.transcript());
    assert!(quiet.stdout.contains("3 findings hidden by the baseline."));

    // A new finding is reported, and only it.
    edit(&shop.join("policies/flows.redline"), |t| {
        format!("{t}flow crm -> adnet : email for ads\n")
    });
    let new = redline(
        &shop,
        &["check", "--baseline", "baseline.json", "--format", "json"],
    );
    assert_eq!(new.code, 1);
    let codes: Vec<String> = new.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["P001"], "{}", new.transcript());

    // A fixed finding is counted so the baseline can shrink.
    edit(&shop.join("policies/systems.redline"), |t| {
        t.replace("{ location US }", "{ location US safeguard scc }")
    });
    let fixed = redline(&shop, &["check", "--baseline", "baseline.json"]);
    assert!(
        fixed
            .stdout
            .contains("1 finding in the baseline is fixed: write the baseline again"),
        "{}",
        fixed.transcript()
    );
}

#[test]
fn a_bad_baseline_stops_the_run() {
    let (_dir, shop) = project("shop");
    std::fs::write(shop.join("baseline.json"), "{ not json").unwrap();
    let run = redline(&shop, &["check", "--baseline", "baseline.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("is not a redline baseline"),
        "{}",
        run.transcript()
    );
    let missing = redline(&shop, &["check", "--baseline", "nowhere.json"]);
    assert_eq!(missing.code, 2);
}

#[test]
fn standard_input_is_checked_as_the_named_file() {
    let (_dir, shop) = project("shop");
    let flows = std::fs::read_to_string(shop.join("policies/flows.redline")).unwrap();
    // The buffer in the editor differs from the file on disk: the bad flow is gone.
    let edited = flows.replace("flow crm      -> adnet   : orders for ads\n", "");
    assert_ne!(edited, flows);
    let run = support::redline_stdin(
        &shop,
        &[
            "check",
            "--stdin-filename",
            "policies/flows.redline",
            "--format",
            "json",
        ],
        edited.as_bytes(),
    );
    let report = run.json();
    // Only findings in the named file are reported, from the text on standard input.
    assert_eq!(
        report["findings"].as_array().unwrap().len(),
        0,
        "{}",
        run.transcript()
    );
    let run = support::redline_stdin(
        &shop,
        &[
            "check",
            "-",
            "--stdin-filename",
            "policies/flows.redline",
            "--format",
            "json",
        ],
        flows.as_bytes(),
    );
    let found = run.json();
    let found = found["findings"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{}", run.transcript());
    assert_eq!(found[0]["file"], "policies/flows.redline");
    assert_eq!(found[0]["code"], "P001");

    // A file not yet saved, with a reference to the project's declarations.
    let run = support::redline_stdin(
        &shop,
        &[
            "check",
            "--stdin-filename",
            "policies/new.redline",
            "--format",
            "json",
        ],
        b"flow crm -> adnett : email for newsletter\n",
    );
    let found = run.json();
    assert_eq!(found["findings"][0]["code"], "E002", "{}", run.transcript());
    assert_eq!(found["findings"][0]["file"], "policies/new.redline");

    // Bytes that are not text are a diagnostic, not a crash.
    let run = support::redline_stdin(
        &shop,
        &["check", "--stdin-filename", "policies/new.redline"],
        b"\xff\xfe\x00",
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("standard input is not valid UTF-8"),
        "{}",
        run.transcript()
    );
}

#[test]
fn init_writes_a_clean_starter_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let run = redline(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    for file in [
        "redline.yaml",
        "policies/main.redline",
        "tests/main.redline",
        ".pre-commit-config.yaml",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
    }
    let check = redline(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
    assert!(check.stdout.contains("No findings in 1 file."));
    let test = redline(dir.path(), &["test"]);
    assert_eq!(test.code, 0, "{}", test.transcript());
    assert!(test.stdout.contains("2 passed, 0 failed"));

    // A second run writes nothing and leaves every file as it was.
    std::fs::write(dir.path().join("redline.yaml"), "# mine\n").unwrap();
    let again = redline(dir.path(), &["init"]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert!(
        again.stdout.contains("Nothing to write"),
        "{}",
        again.transcript()
    );
    assert!(!again.stdout.contains("Add redline's hooks"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("redline.yaml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn init_beside_an_existing_pre_commit_configuration_writes_the_rest_and_prints_the_hooks() {
    let dir = tempfile::tempdir().unwrap();
    let mine = "repos:\n  - repo: https://github.com/pre-commit/pre-commit-hooks\n    rev: v5.0.0\n    hooks: [{ id: trailing-whitespace }]\n";
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), mine).unwrap();
    let run = redline(dir.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".pre-commit-config.yaml")).unwrap(),
        mine
    );
    for file in [
        "redline.yaml",
        "policies/main.redline",
        "tests/main.redline",
    ] {
        assert!(dir.path().join(file).is_file(), "{file}");
        let wrote = format!("wrote ./{file}");
        assert!(run.stdout.contains(&wrote), "{}", run.transcript());
    }
    assert!(
        run.stdout.contains("Add redline's hooks"),
        "{}",
        run.transcript()
    );
    // The printed entries, appended under `repos:`, make a configuration pre-commit reads
    // with both hooks in it.
    let printed = run
        .stdout
        .split_once(":\n\n")
        .map(|(_, rest)| rest)
        .unwrap()
        .split("\nNext:")
        .next()
        .unwrap();
    assert!(printed.starts_with("  - repo: local\n"), "{printed}");
    let merged = format!("{mine}{printed}");
    let value: serde_json::Value = serde_saphyr::from_str(&merged).unwrap();
    let ids: Vec<&str> = value["repos"][1]["hooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["redline", "redline-test", "redline-fmt"]);

    // Once the hooks are there, a later run does not print them again.
    std::fs::write(dir.path().join(".pre-commit-config.yaml"), &merged).unwrap();
    let again = redline(dir.path(), &["init"]);
    assert!(
        !again.stdout.contains("Add redline's hooks"),
        "{}",
        again.transcript()
    );
}

#[test]
fn no_colour_when_piped() {
    // support::redline sets NO_COLOR; this run does not, and its stdout is a pipe.
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(["check", "examples/webshop"])
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("purpose-creep"));
    assert!(!stdout.contains('\u{1b}'), "no escape codes in a pipe");
}

#[test]
fn no_colour_on_a_terminal_with_no_color_set() {
    // `script` gives the binary a pseudo-terminal: colour appears there, unless NO_COLOR.
    let run = |no_color: Option<&str>| {
        let mut command = std::process::Command::new("script");
        command
            .args([
                "-qec",
                &format!("{} check examples/webshop", env!("CARGO_BIN_EXE_redline")),
                "/dev/null",
            ])
            .current_dir(root())
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let output = command.output().expect("script (util-linux) runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(run(None).contains('\u{1b}'), "colour on a terminal");
    assert!(!run(Some("1")).contains('\u{1b}'), "NO_COLOR turns it off");
    // no-color.org: an empty NO_COLOR does not count.
    assert!(run(Some("")).contains('\u{1b}'));
}

#[test]
fn the_readme_shows_the_workflow_example_that_ci_validates() {
    // .ci/validate-integrations checks docs/examples/github-workflow.yml against
    // GitHub's workflow schema; the README must show that very text.
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let workflow =
        std::fs::read_to_string(root().join("docs/examples/github-workflow.yml")).unwrap();
    assert!(readme.contains(&format!("```yaml\n{workflow}```")));
}

#[test]
fn the_readme_the_hook_and_the_action_name_the_version_of_cargo_toml() {
    let version = env!("CARGO_PKG_VERSION");
    let tag = format!("v{version}");
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let workflow =
        std::fs::read_to_string(root().join("docs/examples/github-workflow.yml")).unwrap();
    assert!(
        readme.contains(&format!("rev: {tag}\n")),
        "the pre-commit snippet"
    );
    assert!(
        readme.contains(&format!("--tag {tag} redline")),
        "the install line"
    );
    assert!(
        workflow.contains(&format!("uses: OWNER/redline@{tag}\n")),
        "the Action"
    );
    // No other version is named anywhere a user copies from.
    for (name, text) in [("README.md", &readme), ("github-workflow.yml", &workflow)] {
        for prefix in ["OWNER/redline@", "rev: ", "--tag "] {
            for (i, _) in text.match_indices(&format!("{prefix}v")) {
                let named: String = text[i + prefix.len()..]
                    .chars()
                    .take_while(|c| !c.is_whitespace())
                    .collect();
                assert_eq!(named, tag, "{name} names {named}");
            }
        }
    }
    // The changelog's newest entry is this version, as the release workflow requires.
    let changelog = std::fs::read_to_string(root().join("CHANGELOG.md")).unwrap();
    let newest = changelog
        .lines()
        .find(|l| l.starts_with("## ["))
        .unwrap_or_default();
    assert!(
        newest.starts_with(&format!("## [{version}] - ")),
        "{newest}"
    );
}
