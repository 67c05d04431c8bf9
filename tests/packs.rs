#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The rule packs of `policies/`: each rule cites its source and is exercised by the
//! pack's own tests, which pass; a pack's rules run only in projects that enable it.

mod support;

use std::path::Path;

use redline::packs::PACKS;
use redline::source::FileId;
use redline::syntax::ast::{Declaration, Expectation, RuleStatement};
use support::redline;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn every_pack_rule_cites_its_source_and_is_tested() {
    for pack in &PACKS {
        let (file, errors) = redline::syntax::parse(FileId(0), pack.text);
        assert!(errors.is_empty(), "{}: {errors:?}", pack.name);
        let mut rules = Vec::new();
        let mut tested = Vec::new();
        for d in &file.declarations {
            match d {
                Declaration::Rule(r) => {
                    let source = r.statements.iter().find_map(|s| match &s.node {
                        RuleStatement::Source(t) => Some(t.node.clone()),
                        _ => None,
                    });
                    assert!(
                        source.is_some_and(|s| s.len() > 10),
                        "{}: rule {} cites no source",
                        pack.name,
                        r.name.node
                    );
                    rules.push(r.name.node.clone());
                }
                Declaration::Test(t) => {
                    for e in &t.expectations {
                        if let Expectation::Present { rule, .. } = &e.node {
                            tested.push(rule.node.clone());
                        }
                    }
                }
                _ => {}
            }
        }
        assert!(!rules.is_empty(), "{} holds no rule", pack.name);
        for rule in &rules {
            assert!(
                tested.contains(rule),
                "{}: no test expects {rule} to fire",
                pack.name
            );
        }
    }
}

const CLEAN: &str = "controller \"C\" { location FR }\nsubject s : customer\n\
                     category e : contact.email\nsystem app : application { location FR }\n\
                     purpose p : service.account { basis contract retain 1 year }\n\
                     flow s -> app : e for p\n";

#[test]
fn the_tests_of_every_pack_pass() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<&str> = PACKS.iter().map(|p| p.name).collect();
    write(
        dir.path(),
        "redline.yaml",
        &format!("packs: [{}]\n", names.join(", ")),
    );
    write(dir.path(), "policies/main.redline", CLEAN);
    let tests: usize = PACKS
        .iter()
        .map(|p| p.text.matches("\ntest \"").count())
        .sum();
    let run = redline(dir.path(), &["test"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains(&format!("{tests} passed, 0 failed")),
        "{}",
        run.transcript()
    );
    // The project itself is clean with every pack on.
    let check = redline(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.transcript());
}

#[test]
fn a_packs_rules_run_only_where_it_is_enabled() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "controller \"Kids App\" { location FR }\nsubject kid : child\n\
                  category clicks : behavior.browsing_history\n\
                  purpose ads : advertising.targeted { basis consent ads_optin retain 13 months }\n\
                  consent ads_optin { default denied withdraw \"settings\" parental \"a parent confirms\" }\n\
                  system app : application { location FR }\nflow kid -> app : clicks for ads\n";
    write(dir.path(), "off/policies/main.redline", policy);
    write(
        dir.path(),
        "off/redline.yaml",
        "include: [\"policies/**\"]\n",
    );
    write(dir.path(), "on/policies/main.redline", policy);
    write(
        dir.path(),
        "on/redline.yaml",
        "include: [\"policies/**\"]\npacks: [children]\n",
    );
    let off = redline(dir.path(), &["check", "off", "--format", "json"]);
    assert_eq!(
        off.json()["findings"].as_array().unwrap().len(),
        0,
        "{}",
        off.transcript()
    );
    let on = redline(dir.path(), &["check", "on", "--format", "json"]);
    let findings = on.json()["findings"].as_array().unwrap().clone();
    assert_eq!(findings.len(), 1, "{}", on.transcript());
    assert_eq!(findings[0]["rule"], "no-profiling-ads-to-children");
    assert_eq!(findings[0]["file"], "on/policies/main.redline");
    assert_eq!(findings[0]["line"], 7);
    assert!(
        findings[0]["notes"][0]
            .as_str()
            .is_some_and(|n| n.starts_with("source: Regulation (EU) 2022/2065")),
        "{}",
        on.transcript()
    );

    write(dir.path(), "on/redline.yaml", "packs: [childern]\n");
    let bad = redline(dir.path(), &["check", "on", "--format", "json"]);
    assert_eq!(bad.code, 2);
    assert_eq!(bad.json()["findings"][0]["code"], "E006");
    assert_eq!(
        bad.json()["findings"][0]["help"],
        "did you mean `children`?"
    );
}
