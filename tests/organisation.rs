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

/// Where a rule is declared changes nothing: the reference file with its four rules
/// moved above the declarations they name gives the same findings, each 14 lines down
/// (the rules' 14 lines now come first).
#[test]
fn rules_declared_before_what_they_name_find_the_same() {
    let text = std::fs::read_to_string(root().join("tests/organisation-rules.redline")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let moved = format!("{}\n{}\n", lines[17..].join("\n"), lines[..17].join("\n"));
    let below = findings(project(&text).path());
    let above = findings(project(&moved).path());
    assert!(below.len() >= 4, "{below:?}");
    let shifted: Vec<(String, String, u64)> = below
        .iter()
        .map(|(code, severity, line)| {
            // A finding on a rule moves up by 17 lines; on a declaration, down by 14.
            let line = if *line > 17 { line - 17 } else { line + 14 };
            (code.clone(), severity.clone(), line)
        })
        .collect();
    let sorted = |mut v: Vec<(String, String, u64)>| {
        v.sort();
        v
    };
    assert_eq!(sorted(above), sorted(shifted));
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
        // A taxonomy pattern names purposes, not categories, after `purpose :`.
        ("require description for purpose : service.support", vec![5]),
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
        // Flows to a kind of node: both processors, and no system among them.
        ("deny flow to processor", vec![9, 10]),
        ("deny flow to processor in US-NY", vec![10]),
    ];
    assert_rule_lines(base, &cases);
}

/// `require PROPERTY for KIND`, for every property each kind of declaration has
/// (`Property::of`): a declaration without the property is a finding at its line, the
/// same declaration with it is none, and nothing else changes.
#[test]
fn every_property_a_kind_has_can_be_required() {
    let base = "subject s : customer\ncategory e : contact.email\n\
        purpose p : service.account { basis contract retain 1 year }\n\
        system a : application { location FR }\n";
    let controller = "controller \"Acme\" { location FR }\n";
    // (kind, property, the declaration with it, the declaration without it)
    #[rustfmt::skip]
    let cases: &[(&str, &str, &str, &str)] = &[
        ("controller", "location", "controller \"C\" { location FR }", "controller \"C\" { dpo \"d\" }"),
        ("controller", "dpo", "controller \"C\" { location FR dpo \"dpo@c.example\" }", "controller \"C\" { location FR }"),
        ("controller", "representative", "controller \"C\" { location FR representative \"R\" }", "controller \"C\" { location FR }"),
        ("controller", "description", "controller \"C\" { location FR description \"d\" }", "controller \"C\" { location FR }"),
        ("subject", "location", "subject t : employee { location DE }", "subject t : employee"),
        ("subject", "description", "subject t : employee { description \"d\" }", "subject t : employee"),
        ("category", "retention", "category d : contact.phone { retention max 1 year }", "category d : contact.phone"),
        ("category", "pseudonymised", "category d : contact.phone { pseudonymised }", "category d : contact.phone"),
        ("category", "anonymised", "category d : contact.phone { anonymised }", "category d : contact.phone"),
        ("category", "description", "category d : contact.phone { description \"d\" }", "category d : contact.phone"),
        ("purpose", "retention", "purpose q : service.support { basis contract retain 1 year }", "purpose q : service.support { basis contract }"),
        ("purpose", "compatible", "purpose q : service.support { basis contract compatible p }", "purpose q : service.support { basis contract }"),
        ("purpose", "condition", "purpose q : service.support { basis contract condition employment_law \"j\" }", "purpose q : service.support { basis contract }"),
        ("purpose", "description", "purpose q : service.support { basis contract description \"d\" }", "purpose q : service.support { basis contract }"),
        ("purpose", "dpia", "purpose q : service.support { basis contract dpia \"DPIA-1\" }", "purpose q : service.support { basis contract }"),
        ("purpose", "scale", "purpose q : service.support { basis contract scale small }", "purpose q : service.support { basis contract }"),
        ("purpose", "new_technology", "purpose q : service.support { basis contract new_technology \"t\" }", "purpose q : service.support { basis contract }"),
        ("purpose", "human_review", "purpose q : service.support { basis contract human_review \"h\" }", "purpose q : service.support { basis contract }"),
        ("purpose", "contest", "purpose q : service.support { basis contract contest \"c\" }", "purpose q : service.support { basis contract }"),
        ("purpose", "needs", "purpose q : service.support { basis contract needs e }", "purpose q : service.support { basis contract }"),
        ("purpose", "consultation", "purpose q : service.support { basis contract consultation \"works council\" }", "purpose q : service.support { basis contract }"),
        ("consent", "withdraw", "consent c { default denied withdraw \"w\" }", "consent c { default denied }"),
        ("consent", "explicit", "consent c { default denied explicit }", "consent c { default denied }"),
        ("consent", "parental", "consent c { default denied parental \"p\" }", "consent c { default denied }"),
        ("consent", "renew", "consent c { default denied renew 1 year }", "consent c { default denied }"),
        ("consent", "proof", "consent c { default denied proof \"p\" }", "consent c { default denied }"),
        ("consent", "description", "consent c { default denied description \"d\" }", "consent c { default denied }"),
        ("system", "location", "system b : database { location FR }", "system b : database { description \"d\" }"),
        ("system", "retention", "system b : database { location FR stores e for 1 year }", "system b : database { location FR }"),
        ("system", "description", "system b : database { location FR description \"d\" }", "system b : database { location FR }"),
        ("system", "access_control", "system b : database { location FR access_control \"a\" }", "system b : database { location FR }"),
        ("system", "erasure", "system b : database { location FR erasure \"e\" }", "system b : database { location FR }"),
        ("system", "encrypted", "system b : database { location FR stores e for 1 year encrypted }", "system b : database { location FR stores e for 1 year }"),
        ("processor", "location", "processor v { location FR }", "processor v { description \"d\" }"),
        ("processor", "safeguard", "processor v { location FR safeguard scc }", "processor v { location FR }"),
        ("processor", "dpa", "processor v { location FR dpa \"d\" }", "processor v { location FR }"),
        ("processor", "retention", "processor v { location FR stores e for 1 year }", "processor v { location FR }"),
        ("processor", "description", "processor v { location FR description \"d\" }", "processor v { location FR }"),
        ("processor", "access_control", "processor v { location FR access_control \"a\" }", "processor v { location FR }"),
        ("processor", "erasure", "processor v { location FR erasure \"e\" }", "processor v { location FR }"),
        ("processor", "encrypted", "processor v { location FR stores e for 1 year encrypted }", "processor v { location FR stores e for 1 year }"),
        ("recipient", "location", "recipient r : partner { location FR }", "recipient r : partner { description \"d\" }"),
        ("recipient", "safeguard", "recipient r : partner { location FR safeguard scc }", "recipient r : partner { location FR }"),
        ("recipient", "contract", "recipient r : partner { location FR contract \"c\" }", "recipient r : partner { location FR }"),
        ("recipient", "erasure", "recipient r : partner { location FR erasure \"e\" }", "recipient r : partner { location FR }"),
        ("recipient", "description", "recipient r : partner { location FR description \"d\" }", "recipient r : partner { location FR }"),
        ("flow", "encrypted", "flow s -> a : e for p { encrypted }", "flow s -> a : e for p"),
        ("flow", "pseudonymised", "flow s -> a : e for p { pseudonymised }", "flow s -> a : e for p"),
    ];
    let mut covered = std::collections::BTreeSet::new();
    let mut wrong = Vec::new();
    for (kind, property, with, without) in cases {
        let head = if *kind == "controller" {
            ""
        } else {
            controller
        };
        let line = (head.lines().count() + base.lines().count() + 1) as u64;
        // Where the language itself requires the property (a controller's, system's,
        // processor's or recipient's `location`), its absence is an input error, and
        // inside a declaration with an input error that error is the one diagnostic.
        let required = *property == "location" && *kind != "subject";
        let lines_of = |declaration: &str, code: &str| -> std::collections::BTreeSet<u64> {
            let rule = format!("rule org \"t\" {{ require {property} for {kind} }}\n");
            let dir = project(&format!("{head}{base}{declaration}\n{rule}"));
            findings(dir.path())
                .into_iter()
                .filter(|f| f.0 == code)
                .map(|f| f.2)
                .collect()
        };
        let (silent, fires) = (lines_of(with, "org"), lines_of(without, "org"));
        let mut expected = silent.clone();
        if required {
            let errors = lines_of(without, "E004");
            if !errors.contains(&line) {
                wrong.push(format!(
                    "{property} for {kind}: no input error at line {line} ({errors:?})"
                ));
            }
        } else {
            expected.insert(line);
        }
        if silent.contains(&line) || fires != expected {
            wrong.push(format!(
                "require {property} for {kind}: {silent:?} with it, {fires:?} without it \
                 (expected {expected:?})"
            ));
        }
        covered.insert((*kind, *property));
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(covered.len(), cases.len(), "a case is listed twice");
    // Every property of every kind has its case, those added later included.
    for keyword in redline::syntax::ast::Keyword::ALL {
        for property in redline::model::Property::of(keyword) {
            assert!(
                covered.contains(&(keyword.as_str(), property.id())),
                "no case for `require {property} for {}`",
                keyword.as_str()
            );
        }
    }
}
