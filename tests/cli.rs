#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The command line: exit codes, flags, configuration, discovery and outputs.

mod support;

use std::path::Path;

use support::redline;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("dirs");
    }
    std::fs::write(path, text).expect("write");
}

const CLEAN: &str = "controller \"C\" { location FR }\nsubject s : customer\n\
                     category e : contact.email\nsystem app : application { location FR }\n\
                     purpose p : service.account { basis contract retain 1 year }\n\
                     flow s -> app : e for p\n";

#[test]
fn exit_codes_follow_the_verdict() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "clean/policy.redline", CLEAN);
    write(
        dir.path(),
        "broken/policy.redline",
        "system x : database { location XX }\n",
    );
    write(dir.path(), "empty/readme.txt", "no policies here\n");
    write(dir.path(), "notes.txt", "not a policy\n");
    let code = |args: &[&str]| redline(dir.path(), args).code;
    assert_eq!(code(&["check", "clean"]), 0);
    assert_eq!(code(&["check", "broken"]), 1);
    assert_eq!(code(&["check", "broken", "--fail-on", "never"]), 0);
    assert_eq!(code(&["check", "broken", "--fail-on", "error"]), 1);
    // The run itself cannot be done: 2.
    assert_eq!(code(&["check", "no-such-dir"]), 2);
    assert_eq!(code(&["check", "empty"]), 2);
    assert_eq!(code(&["check", "clean", "--format", "yaml"]), 2);
    assert_eq!(code(&["check", "clean", "--select", "no-such-rule"]), 2);
    assert_eq!(code(&["check", "clean", "--ignore", "E001"]), 2);
    // A path that is not a policy file is skipped, so a hook can pass every staged file.
    assert_eq!(code(&["check", "notes.txt"]), 0);
}

#[test]
fn flag_errors_say_what_is_wrong() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "policy.redline", CLEAN);
    let run = redline(dir.path(), &["check", "--ignore", "syntax-error"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit code: 2
    ----- stderr -----
    error: `syntax-error` is an input diagnostic (E001-E006): those are always reported and cannot be selected or ignored
    ");
    let run = redline(dir.path(), &["check", "nowhere"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit code: 2
    ----- stderr -----
    error: `nowhere` does not exist
    ");
    let empty = tempfile::tempdir().expect("dir");
    let run = redline(empty.path(), &["check"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit code: 2
    ----- stdout -----
    E005 unreadable-file

      × no policy files found in `.` (include: **/*.redline)

    Found 1 error in 0 files.
    ");
}

#[test]
fn configuration_errors_point_at_the_yaml_line() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "policy.redline", CLEAN);
    write(
        dir.path(),
        "redline.yaml",
        "include: [\"**/*.redline\"]\ncontroller: { location: France }\nretention:\n  caps: { behavior.browsing_history: 13 monts, contact.mail: 1 year }\n\
         transfers:\n  adequate: [XK]\n  forbidden: [NO, ru]\ntaxonomy:\n  categories:\n    contact.email: { description: \"again\" }\n",
    );
    let run = redline(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 2);
    let lines: Vec<(String, u64)> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["message"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            ("`France` is not an ISO 3166-1 alpha-2 country code".to_owned(), 2),
            ("`13 monts` is not a duration".to_owned(), 4),
            ("`contact.mail` is no data category id or group".to_owned(), 4),
            ("`ru` is not an ISO 3166-1 alpha-2 country code".to_owned(), 7),
            ("`contact.email` is a built-in id: the configuration may add ids, not redefine them".to_owned(), 10),
        ]
    );
    // A key that does not exist stops the reading at once.
    write(
        dir.path(),
        "redline.yaml",
        "include: [\"**/*.redline\"]\nrulez:\n  select: [all]\n",
    );
    let run = redline(dir.path(), &["check"]);
    insta::assert_snapshot!(run.transcript(), @r#"
    exit code: 2
    ----- stdout -----
    E006 invalid-config

      × invalid configuration: unknown field `rulez`, expected one of include, exclude, tests,
      │ controller, rules, retention, transfers, taxonomy, packs
       ╭─[redline.yaml:2:1]
     1 │ include: ["**/*.redline"]
     2 │ rulez:
       · ─────
     3 │   select: [all]
       ╰────
      help: did you mean `rules`?

    Found 1 error in 0 files.
    "#);
    // Nested keys are checked against their own level; a key like none of them lists the
    // level's keys.
    write(dir.path(), "redline.yaml", "transfers:\n  adequat: [XK]\n");
    let run = redline(dir.path(), &["check", "--format", "json"]);
    assert_eq!(
        run.json()["findings"][0]["help"],
        "did you mean `adequate`?"
    );
    write(dir.path(), "redline.yaml", "rules:\n  enable: [all]\n");
    let run = redline(dir.path(), &["check", "--format", "json"]);
    assert_eq!(
        run.json()["findings"][0]["help"],
        "the keys here are select, ignore, severity; docs/configuration.md describes each"
    );
}

#[test]
fn configuration_is_found_upwards_and_its_globs_apply() {
    let dir = tempfile::tempdir().expect("dir");
    std::fs::create_dir(dir.path().join(".git")).expect("a repository root");
    write(
        dir.path(),
        "redline.yaml",
        "include: [\"policies/**/*.redline\"]\nexclude: [\"**/drafts/**\"]\n",
    );
    write(dir.path(), "policies/a.redline", CLEAN);
    write(
        dir.path(),
        "policies/drafts/b.redline",
        "this is not finished {\n",
    );
    write(dir.path(), "elsewhere/c.redline", "neither is this\n");
    let run = redline(&dir.path().join("policies"), &["check", "--format", "json"]);
    let report = run.json();
    assert_eq!(report["summary"]["files"], 1, "{}", run.transcript());
    assert_eq!(report["findings"], serde_json::json!([]));
    // The configuration's controller stands in when no policy declares one.
    write(
        dir.path(),
        "redline.yaml",
        "controller: { location: DE }\ninclude: [\"policies/a.redline\"]\n",
    );
    write(
        dir.path(),
        "policies/a.redline",
        &CLEAN.replace("controller \"C\" { location FR }\n", ""),
    );
    assert_eq!(redline(dir.path(), &["check"]).code, 0);
}

#[test]
fn named_files_narrow_the_report_not_the_model() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "redline.yaml", "include: [\"*.redline\"]\n");
    write(
        dir.path(),
        "names.redline",
        "category e : contact.email\nsystem app : application { location XX }\n",
    );
    write(
        dir.path(),
        "flows.redline",
        "subject s : customer\npurpose p : service.account { basis contract retain 1 year }\nflow s -> app : e for p\nflow s -> ghost : e for p\n",
    );
    let run = redline(dir.path(), &["check", "flows.redline", "--format", "json"]);
    let findings = run.json()["findings"].as_array().unwrap().clone();
    // `app` and `e` resolve from the other file; only this file's problem is shown.
    assert_eq!(findings.len(), 1, "{}", run.transcript());
    assert_eq!(findings[0]["file"], "flows.redline");
    assert_eq!(findings[0]["message"], "unknown node: `ghost`");
}

#[test]
fn output_goes_to_a_file_and_quiet_prints_only_findings() {
    let dir = tempfile::tempdir().expect("dir");
    write(
        dir.path(),
        "policy.redline",
        "system x : database { location XX }\n",
    );
    let run = redline(
        dir.path(),
        &["check", "--format", "json", "--output", "report.json"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let written = std::fs::read_to_string(dir.path().join("report.json")).expect("report");
    assert_eq!(
        written,
        redline(dir.path(), &["check", "--format", "json"]).stdout
    );
    let quiet = redline(dir.path(), &["check", "--quiet"]);
    assert!(!quiet.stdout.contains("Found"), "{}", quiet.transcript());
    let statistics = redline(dir.path(), &["check", "--statistics"]);
    assert!(
        statistics.stdout.ends_with("    1  E004  invalid-value\n"),
        "{}",
        statistics.transcript()
    );
}

#[test]
fn rule_and_knowledge_print_reference_pages() {
    let dir = tempfile::tempdir().expect("dir");
    let list = redline(dir.path(), &["rule"]);
    assert_eq!(list.code, 0);
    let catalog = list.stdout.split("\nRule packs").next().unwrap_or_default();
    assert_eq!(catalog.lines().count(), redline::rules::ALL.len());
    assert!(
        list.stdout
            .contains("children   no-profiling-ads-to-children"),
        "{}",
        list.stdout
    );
    assert!(list.stdout.starts_with("P001  purpose-creep"));
    let page = redline(dir.path(), &["rule", "T001"]);
    assert!(
        page.stdout.starts_with("# non-adequate-transfer (T001)"),
        "{}",
        page.transcript()
    );
    assert!(
        page.stdout.contains("## Failing example")
            && page.stdout.ends_with("Default severity: error.\n")
    );
    assert_eq!(
        redline(dir.path(), &["rule", "non-adequate-transfer"]).stdout,
        page.stdout
    );
    let unknown = redline(dir.path(), &["rule", "purpose-crepe"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("did you mean `purpose-creep`?"));
    let tables = redline(dir.path(), &["knowledge"]);
    assert!(tables.stdout.contains("adequacy"));
    let adequacy = redline(dir.path(), &["knowledge", "adequacy"]);
    let brazil = adequacy
        .stdout
        .lines()
        .find(|l| l.starts_with("BR "))
        .unwrap_or_default()
        .to_owned();
    assert!(
        brazil.contains("2026/179") && brazil.contains("from: 2026-01-26"),
        "{brazil}"
    );
    let shield = redline(dir.path(), &["knowledge", "safeguards"]);
    assert!(
        shield.stdout.contains("privacy_shield")
            && shield.stdout.contains("from: 2016-07-12  ends: 2020-07-16"),
        "{}",
        shield.stdout
    );
    assert_eq!(redline(dir.path(), &["knowledge", "nope"]).code, 2);
}

/// A policy whose accepted risks are on lines 7 and 8, silenced on lines 6 and 8.
const ACCEPTED: &str = "controller \"C\" { location FR dpo \"dpo@c.example\" }\n\
subject s : customer\n\
category e : contact.email\n\
system app : application { location FR }\n\
purpose p : service.account { basis contract retain 1 year }\n\
# redline: allow T001 -- the US office is covered by our BCRs, approved 2024-03 (ref. 17)\n\
recipient office : group_company { location US }\n\
flow s -> app : e for p\n\
flow app -> office : e for p  # redline: allow no-us -- reviewed by the DPO on 2026-10-01\n\
rule no-us \"Nothing goes to the US\" {\n  deny data contact.* outside EEA\n  severity warning\n}\n";

#[test]
fn accepted_risks_are_listed_with_their_reasons_in_every_report_that_can_hold_them() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "policy.redline", ACCEPTED);
    // Silenced: nothing fails and the default report does not mention them.
    let plain = redline(dir.path(), &["check"]);
    assert_eq!(plain.code, 0, "{}", plain.transcript());
    assert!(
        !plain.stdout.contains("suppressed"),
        "{}",
        plain.transcript()
    );

    let shown = redline(dir.path(), &["check", "--show-suppressed"]);
    assert_eq!(shown.code, 0, "{}", shown.transcript());
    let listed = shown
        .stdout
        .split_once("2 suppressed findings (accepted risks):\n")
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("{}", shown.transcript()));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 4, "{listed}");
    assert!(
        lines[0].starts_with("  policy.redline:7:")
            && lines[0].contains("T001 non-adequate-transfer [error]"),
        "{listed}"
    );
    assert_eq!(
        lines[1],
        "      reason: the US office is covered by our BCRs, approved 2024-03 (ref. 17) (policy.redline:6)"
    );
    // An organisation's rule is named once.
    assert!(
        lines[2].starts_with("  policy.redline:9:")
            && lines[2].contains(": no-us [warning]: Nothing goes to the US"),
        "{listed}"
    );
    assert_eq!(
        lines[3],
        "      reason: reviewed by the DPO on 2026-10-01 (policy.redline:9)"
    );

    let json = redline(dir.path(), &["check", "--format", "json"]).json();
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0));
    let suppressed = json["suppressed"].as_array().expect("a suppressed list");
    assert_eq!(suppressed.len(), 2);
    assert_eq!(suppressed[0]["code"], "T001");
    assert_eq!(suppressed[0]["line"], 7);
    assert_eq!(
        suppressed[0]["suppression"],
        serde_json::json!({
            "reason": "the US office is covered by our BCRs, approved 2024-03 (ref. 17)",
            "file": "policy.redline",
            "line": 6,
        })
    );
    assert_eq!(suppressed[1]["rule"], "no-us");

    let sarif = redline(dir.path(), &["check", "--format", "sarif"]).json();
    let results = sarif["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    for (result, line) in results.iter().zip([6, 9]) {
        let suppression = &result["suppressions"][0];
        assert_eq!(suppression["kind"], "inSource");
        assert_eq!(suppression["status"], "accepted");
        assert!(
            suppression["justification"]
                .as_str()
                .is_some_and(|j| !j.is_empty())
        );
        assert_eq!(
            suppression["location"]["physicalLocation"]["region"]["startLine"],
            line
        );
    }
    // The organisation's rule has a descriptor, or code scanning cannot show the result.
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules.iter().any(|r| r["id"] == "no-us"));
}

#[test]
fn an_organisation_rule_is_named_once() {
    let dir = tempfile::tempdir().expect("dir");
    write(
        dir.path(),
        "policy.redline",
        &ACCEPTED.replace(
            "  # redline: allow no-us -- reviewed by the DPO on 2026-10-01",
            "",
        ),
    );
    let statistics = redline(dir.path(), &["check", "--statistics", "--quiet"]);
    assert!(
        statistics.stdout.ends_with("    1        no-us\n"),
        "{}",
        statistics.transcript()
    );
    let report = redline(dir.path(), &["check"]);
    assert!(
        !report.stdout.contains("no-us no-us"),
        "{}",
        report.transcript()
    );
}

#[test]
fn colour_follows_the_flag_over_the_terminal_and_no_color() {
    let dir = tempfile::tempdir().expect("dir");
    write(
        dir.path(),
        "policy.redline",
        "system x : database { location XX }\n",
    );
    // support::redline sets NO_COLOR and pipes stdout: `always` colours anyway.
    let always = redline(dir.path(), &["check", "--color", "always"]);
    assert!(always.stdout.contains('\u{1b}'), "{}", always.transcript());
    let never = redline(dir.path(), &["--color", "never", "check"]);
    assert!(!never.stdout.contains('\u{1b}'));
    let bad = redline(dir.path(), &["check", "--color", "sometimes"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn junit_names_the_most_severe_finding_as_the_failure_type() {
    let dir = tempfile::tempdir().expect("dir");
    // A warning (D001, line 2) before an error (E004, line 3) in the same file.
    write(
        dir.path(),
        "policy.redline",
        "controller \"C\" { location FR }\nprocessor mail { location FR }\nsystem x : database { location XX }\n",
    );
    let run = redline(dir.path(), &["check", "--format", "junit"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout
            .contains(r#"<failure message="1 error, 1 warning" type="E004">"#),
        "{}",
        run.stdout
    );
}

#[test]
fn completions_and_man_pages_cover_every_command() {
    let dir = tempfile::tempdir().expect("dir");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = redline(dir.path(), &["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.transcript());
        for word in ["check", "ropa", "show-suppressed", "stdin-filename"] {
            assert!(run.stdout.contains(word), "{shell} lacks {word}");
        }
    }
    assert_eq!(redline(dir.path(), &["completions", "tcsh"]).code, 2);
    let page = redline(dir.path(), &["man"]);
    assert_eq!(page.code, 0, "{}", page.transcript());
    assert!(page.stdout.contains(".TH redline 1"), "{}", page.stdout);
    assert!(page.stdout.contains("completions"));
    let check = redline(dir.path(), &["man", "check"]);
    assert!(
        check.stdout.contains(".TH redline-check 1")
            && check.stdout.contains(env!("CARGO_PKG_VERSION"))
            && check.stdout.contains("show\\-suppressed"),
        "{}",
        check.stdout
    );
    let unknown = redline(dir.path(), &["man", "chek"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `check`?"),
        "{}",
        unknown.transcript()
    );
}
