#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Every rule against its fixtures (tests/fixtures/<CODE>-<name>/: `fires*` must give at
//! least one finding of the rule, `silent*` none) and against the examples of its own
//! documentation; the findings of each rule's fixtures are snapshotted.

use std::path::{Path, PathBuf};

use redline::check::{CheckOptions, Outcome, check};
use redline::report::human::{Style, render};
use redline::rules::{ALL, Selector};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Checks one project directory with only `code` enabled (all rules for S001, which is
/// about the others' suppressions).
fn run(cwd: &Path, project: &str, code: &'static str) -> Outcome {
    let select = if code == "S001" {
        Selector::All
    } else {
        Selector::Rule(code)
    };
    let options = CheckOptions {
        paths: vec![PathBuf::from(project)],
        select: Some(vec![select]),
        ..CheckOptions::default()
    };
    check(cwd, &options).unwrap_or_else(|e| panic!("{project}: {}", e.0))
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

fn codes(outcome: &Outcome) -> Vec<&str> {
    outcome
        .diagnostics
        .iter()
        .map(|d| d.rule.code.as_ref())
        .collect()
}

#[test]
fn every_rule_fires_and_stays_silent_on_its_fixtures() {
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
            let found = codes(&outcome);
            assert!(
                !found.iter().any(|c| c.starts_with('E')),
                "{name}: input errors {found:?}"
            );
            let own = found.iter().filter(|c| **c == meta.code).count();
            if name.starts_with("fires") {
                fires += 1;
                assert!(own > 0, "{}/{name} should fire", meta.code);
            } else if name.starts_with("silent") {
                silent += 1;
                assert_eq!(own, 0, "{}/{name} should be silent: {found:?}", meta.code);
            } else {
                panic!("{}/{name}: a fixture is named fires* or silent*", meta.code);
            }
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
fn the_examples_in_each_rules_documentation_are_true() {
    for rule in ALL {
        let meta = rule.meta();
        for (heading, should_fire) in [("## Failing example", true), ("## Passing example", false)]
        {
            let temp = tempfile::tempdir().unwrap();
            std::fs::create_dir(temp.path().join("doc")).unwrap();
            std::fs::write(
                temp.path().join("doc/example.redline"),
                example(meta.docs, heading),
            )
            .unwrap();
            let outcome = run(temp.path(), "doc", meta.code);
            let found = codes(&outcome);
            assert!(
                !found.iter().any(|c| c.starts_with('E')),
                "{} {heading}: {found:?}",
                meta.code
            );
            let own = found.iter().filter(|c| **c == meta.code).count();
            assert_eq!(own > 0, should_fire, "{} {heading}: {found:?}", meta.code);
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
            "\n{}\n\nDefault severity: {}.\n",
            m.docs
                .trim_end()
                .replacen("# ", "## ", 1)
                .replace("\n## ", "\n### "),
            m.severity
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
