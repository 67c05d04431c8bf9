#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every rule against its fixtures and against the examples of its own documentation.
//!
//! Fixtures are exact: `tests/fixtures/<CODE>-<name>/` holds `fires*` and `silent*`
//! policies (a file, or a directory with its own `redline.yaml`), and every line where a
//! finding must be says so with a trailing `# expect: CODE` comment (`# expect: P001,
//! P001` for two). A run fails on an expected finding that is missing *and* on a finding
//! nobody expected. Each fixture runs with only its rule enabled, and the rules its
//! suppression comments name (so that the suppressions can be judged, as in a full run).
//! The findings of each rule's fixtures are also snapshotted, to read their messages.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use redline::check::{CheckOptions, Outcome, check};
use redline::report::human::{Style, render};
use redline::rules::{ALL, Selector, parse_selector};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// (file as displayed, 1-based line, code) → how many times.
type Expected = BTreeMap<(String, usize, String), usize>;

/// The `# expect: CODE, CODE` annotations of a policy text: at the end of the line the
/// findings are on, or alone on the line above it.
fn annotations(display: &str, text: &str, into: &mut Expected) {
    for (i, line) in text.lines().enumerate() {
        let Some((before, codes)) = line.split_once("# expect:") else {
            continue;
        };
        let line_number = if before.trim().is_empty() {
            i + 2
        } else {
            i + 1
        };
        for code in codes.split([',', ' ']).filter(|c| !c.is_empty()) {
            *into
                .entry((display.to_owned(), line_number, code.to_owned()))
                .or_default() += 1;
        }
    }
}

/// Checks one project directory with `code` enabled, and the rules that the project's
/// suppression comments name.
fn run(cwd: &Path, project: &str, code: &'static str) -> Outcome {
    let mut select = vec![Selector::Rule(code)];
    for entry in std::fs::read_dir(cwd.join(project)).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        for line in text.lines() {
            let Some((_, rest)) = line.split_once("# redline: allow ") else {
                continue;
            };
            let names = rest.split("--").next().unwrap_or("");
            for name in names.split([',', ' ']).filter(|n| !n.is_empty()) {
                select.extend(parse_selector(name));
            }
        }
    }
    let options = CheckOptions {
        paths: vec![PathBuf::from(project)],
        select: Some(select),
        ..CheckOptions::default()
    };
    check(cwd, &options).unwrap_or_else(|e| panic!("{project}: {}", e.0))
}

/// What a run found, in the shape of the annotations.
fn found(outcome: &Outcome) -> Expected {
    let mut found = Expected::new();
    for d in &outcome.diagnostics {
        let (display, line) = match d.span() {
            Some(span) => {
                let file = outcome.sources.get(span.file).unwrap();
                (
                    outcome.sources.display(span.file).to_owned(),
                    file.line_col(span.start).0,
                )
            }
            None => (String::new(), 0),
        };
        *found
            .entry((display, line, d.rule.code.to_string()))
            .or_default() += 1;
    }
    found
}

/// The annotations of every policy file of a staged project.
fn expected_in(cwd: &Path, project: &str) -> Expected {
    let mut expected = Expected::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(cwd.join(project))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "redline"))
        .collect();
    files.sort();
    for path in files {
        let display = format!("{project}/{}", path.file_name().unwrap().to_string_lossy());
        annotations(
            &display,
            &std::fs::read_to_string(&path).unwrap(),
            &mut expected,
        );
    }
    expected
}

/// Both ways: what was expected and not found, and what was found and not expected.
fn compare(what: &str, expected: &Expected, found: &Expected) {
    let mut problems = Vec::new();
    for (key, &n) in expected {
        let got = found.get(key).copied().unwrap_or(0);
        if got < n {
            problems.push(format!(
                "missing {}x {} at {}:{}",
                n - got,
                key.2,
                key.0,
                key.1
            ));
        }
    }
    for (key, &n) in found {
        let want = expected.get(key).copied().unwrap_or(0);
        if n > want {
            problems.push(format!(
                "unexpected {}x {} at {}:{}",
                n - want,
                key.2,
                key.0,
                key.1
            ));
        }
    }
    assert!(problems.is_empty(), "{what}:\n  {}", problems.join("\n  "));
}

/// A fixture (a file, or a directory with a `redline.yaml`) copied alone into `temp`,
/// so that no other policy joins its project.
fn stage(temp: &Path, fixture: &Path) -> String {
    let name = fixture.file_stem().unwrap().to_string_lossy().into_owned();
    let dir = temp.join(&name);
    std::fs::create_dir_all(&dir).unwrap();
    if fixture.is_dir() {
        for entry in std::fs::read_dir(fixture).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), dir.join(entry.file_name())).unwrap();
        }
    } else {
        std::fs::copy(fixture, dir.join(format!("{name}.redline"))).unwrap();
    }
    name
}

#[test]
fn every_rule_gives_exactly_the_findings_its_fixtures_expect() {
    for rule in ALL {
        let meta = rule.meta();
        let dir = fixtures_dir().join(format!("{}-{}", meta.code, meta.name));
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("{} has no fixture directory {}", meta.code, dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        let temp = tempfile::tempdir().unwrap();
        let mut transcript = String::new();
        let (mut fires, mut silent) = (0, 0);
        for fixture in &entries {
            let name = stage(temp.path(), fixture);
            let outcome = run(temp.path(), &name, meta.code);
            let expected = expected_in(temp.path(), &name);
            let own = expected.keys().filter(|k| k.2 == meta.code).count();
            if name.starts_with("fires") {
                fires += 1;
                assert!(
                    own > 0,
                    "{}/{name} expects no {} finding",
                    meta.code,
                    meta.code
                );
            } else if name.starts_with("silent") {
                silent += 1;
                assert_eq!(
                    own, 0,
                    "{}/{name} is silent but expects findings",
                    meta.code
                );
            } else {
                panic!("{}/{name}: a fixture is named fires* or silent*", meta.code);
            }
            compare(
                &format!("{}/{name}", meta.code),
                &expected,
                &found(&outcome),
            );
            let style = Style {
                color: false,
                width: 100,
            };
            transcript.push_str(&format!("===== {name}\n"));
            transcript.push_str(&render(
                &outcome.sources,
                &outcome.diagnostics,
                outcome.files,
                style,
                false,
            ));
        }
        assert!(
            fires > 0 && silent > 0,
            "{} needs fires* and silent* fixtures",
            meta.code
        );
        insta::assert_snapshot!(format!("{}-{}", meta.code, meta.name), transcript);
    }
}

#[test]
fn the_harness_fails_on_a_missing_and_on_an_unexpected_finding() {
    let key = |line: usize| ("a.redline".to_owned(), line, "P001".to_owned());
    let expected: Expected = [(key(3), 1)].into_iter().collect();
    let missing = std::panic::catch_unwind(|| compare("t", &expected, &Expected::new()));
    assert!(missing.is_err());
    let extra: Expected = [(key(3), 1), (key(4), 1)].into_iter().collect();
    let unexpected = std::panic::catch_unwind(|| compare("t", &expected, &extra));
    assert!(unexpected.is_err());
    compare("t", &expected, &expected);
    let mut parsed = Expected::new();
    annotations(
        "a.redline",
        "x\ny\nflow a -> b : c for p   # expect: P001, P001\n# expect: P001\nflow b -> a : c for p\n",
        &mut parsed,
    );
    assert_eq!(parsed.get(&key(3)), Some(&2));
    assert_eq!(parsed.get(&key(5)), Some(&1));
}

/// The `redline` blocks under a heading of a rule's documentation.
fn example(docs: &str, heading: &str) -> String {
    let after = docs
        .split(heading)
        .nth(1)
        .unwrap_or_else(|| panic!("no {heading}"));
    let block = after
        .split("```redline\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no block under {heading}"));
    block.split("```").next().unwrap_or("").to_owned()
}

#[test]
fn the_examples_in_each_rules_documentation_give_exactly_what_they_show() {
    for rule in ALL {
        let meta = rule.meta();
        for (heading, should_fire) in [("## Failing example", true), ("## Passing example", false)]
        {
            let temp = tempfile::tempdir().unwrap();
            std::fs::create_dir(temp.path().join("doc")).unwrap();
            let text = example(meta.docs, heading);
            std::fs::write(temp.path().join("doc/example.redline"), &text).unwrap();
            let outcome = run(temp.path(), "doc", meta.code);
            let mut expected = Expected::new();
            annotations("doc/example.redline", &text, &mut expected);
            assert_eq!(
                !expected.is_empty(),
                should_fire,
                "{} {heading}: a failing example marks its findings, a passing one none",
                meta.code
            );
            compare(
                &format!("{} {heading}", meta.code),
                &expected,
                &found(&outcome),
            );
        }
    }
}

#[test]
fn every_fixture_directory_belongs_to_a_rule() {
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            ALL.iter()
                .any(|r| format!("{}-{}", r.meta().code, r.meta().name) == name),
            "tests/fixtures/{name} names no rule"
        );
    }
}

/// docs/rules.md is every rule's page, in code order; regenerate it with
/// `REDLINE_BLESS=1 cargo test --test rules`.
#[test]
fn the_rule_reference_is_up_to_date() {
    let mut expected = String::from(
        "# Rules\n\nGenerated from the rules' own documentation (`redline rule NAME` prints one page).\n",
    );
    for rule in ALL {
        let m = rule.meta();
        expected.push_str(&format!(
            "\n{}\n\n{}\n",
            m.docs
                .trim_end()
                .replacen("# ", "## ", 1)
                .replace("\n## ", "\n### "),
            m.footer()
        ));
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    if std::env::var_os("REDLINE_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run REDLINE_BLESS=1 cargo test --test rules"
    );
}

#[test]
fn the_readme_lists_every_rule() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let rows: Vec<String> = ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            let opt_in = if m.opt_in { " (opt-in)" } else { "" };
            format!("| {} | `{}` | {}{opt_in} |", m.code, m.name, m.severity)
        })
        .collect();
    let table = format!(
        "| code | name | default |\n| --- | --- | --- |\n{}\n",
        rows.join("\n")
    );
    assert!(
        readme.contains(&table),
        "the README's rule table is stale:\n{table}"
    );
}
