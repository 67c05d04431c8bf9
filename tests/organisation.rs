#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Organisation rules run in `redline check` like built-in rules: LANGUAGE.md's four
//! example rules on a project that breaks three of them and suppresses the fourth.

mod support;

use support::{redline, root};

fn findings(dir: &std::path::Path) -> Vec<(String, String, u64)> {
    let run = redline(dir, &["check", "--format", "json"]);
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_owned();
            (s("code"), s("severity"), f["line"].as_u64().unwrap_or(0))
        })
        .collect()
}

fn project(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.redline"), text).unwrap();
    dir
}

#[test]
fn the_language_reference_rules_catch_what_they_mean_to() {
    let text = std::fs::read_to_string(root().join("tests/organisation-rules.redline")).unwrap();
    let dir = project(&text);
    let found = findings(dir.path());
    let org: Vec<(&str, &str, u64)> = found
        .iter()
        // Organisation rule ids have a `-`; catalog codes (C004, D001) do not.
        .filter(|f| f.0.contains('-'))
        .map(|f| (f.0.as_str(), f.1.as_str(), f.2))
        .collect();
    assert_eq!(
        org,
        [
            ("processors-signed", "warning", 12),
            ("no-health-ads", "error", 15),
            ("biometrics-stay-home", "error", 16),
        ],
        "{found:?}"
    );
    // The broker flow is silenced by its suppression; remove the comment and it fires.
    let dir = project(&text.replace(
        "  # redline: allow no-brokers -- legacy contract ends in March",
        "",
    ));
    assert!(
        findings(dir.path())
            .iter()
            .any(|f| f.0 == "no-brokers" && f.2 == 17)
    );
    let run = redline(dir.path(), &["check"]);
    insta::assert_snapshot!("organisation-rules", run.transcript());
}

/// Each statement, as the only one of an organisation rule `org` added to `base`, finds
/// exactly the lines given.
fn assert_rule_lines(base: &str, cases: &[(&str, Vec<u64>)]) {
    for (statement, lines) in cases {
        let dir = project(&format!("{base}rule org \"t\" {{ {statement} }}\n"));
        let found: Vec<u64> = findings(dir.path())
            .iter()
            .filter(|f| f.0 == "org")
            .map(|f| f.2)
            .collect();
        assert_eq!(&found, lines, "{statement}");
    }
}

#[test]
fn conditions_name_declarations_regions_and_purposes() {
    let base = "controller \"Acme\" { location FR }\nsubject s : customer\ncategory e : contact.email\n\
        purpose p : service.account { basis contract retain 1 year }\n\
        purpose q : service.support { basis contract retain 1 year }\n\
        system a : application { location FR }\nsystem b : database { location NO }\n\
        recipient r : partner { location CH safeguard scc }\n\
        flow s -> a : e for p\nflow a -> b : e for p\nflow a -> r : e for q\n";
    let cases = [
        ("deny data e to b", vec![10]),
        ("deny data e in EU", vec![9]),
        ("deny data e in EEA", vec![9, 10]),
        ("deny data e outside EU", vec![10, 11]),
        ("deny data contact.* for q", vec![11]),
        ("deny flow to system : database", vec![10]),
        ("deny flow in CH", vec![11]),
        ("require description for system : database", vec![7]),
        ("require contract for recipient", vec![8]),
        ("require encrypted for flow", vec![9, 10, 11]),
        // `about subject` alone: data collected from any data subject, wherever it goes.
        ("deny data e about subject", vec![9, 10, 11]),
        ("deny data e about subject : customer", vec![9, 10, 11]),
        ("deny data e about subject : child", vec![]),
    ];
    assert_rule_lines(base, &cases);
}

/// A US state lies within the United States and outside the EU and the EEA; a state's
/// rule does not reach the rest of its country.
#[test]
fn a_state_is_within_its_country_and_outside_the_eu() {
    let base = "controller \"Acme\" { location FR }\nsubject s : customer\ncategory e : contact.email\n\
        purpose p : service.account { basis contract retain 1 year }\n\
        system a : application { location FR }\n\
        processor west { location US-CA safeguard scc dpa \"dpa.pdf\" }\n\
        processor east { location US-NY safeguard scc dpa \"dpa.pdf\" }\n\
        flow s -> a : e for p\nflow a -> west : e for p\nflow a -> east : e for p\n";
    let cases = [
        ("deny data e outside EU", vec![9, 10]),
        ("deny data e outside EEA", vec![9, 10]),
        ("deny data e in EU", vec![8]),
        ("deny data e in US", vec![9, 10]),
        ("deny data e in US-CA", vec![9]),
        ("deny data e outside US-CA", vec![8, 10]),
    ];
    assert_rule_lines(base, &cases);
}
