#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The US state laws: where and when each applies, which laws a controller follows, what
//! bad input says, and that a policy with no US subject keeps its GDPR verdicts.

mod support;

use std::path::Path;

use support::redline;

fn project(policy: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.redline"), policy).unwrap();
    dir
}

/// The findings of `redline check --format json` in `dir`, with more arguments.
fn findings(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = redline(dir, &all);
    run.json()["findings"].as_array().unwrap().clone()
}

fn codes(dir: &Path, args: &[&str]) -> Vec<(String, u64)> {
    findings(dir, args)
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_owned(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

#[test]
fn a_state_law_applies_from_its_effective_date() {
    // Rhode Island's law takes effect on 1 January 2026.
    let dir = project(
        "controller \"Ocean LLC\" { location US-RI }\nsubject customer : customer\n\
         category email : contact.email\npurpose account : service.account { basis contract retain 1 year }\n\
         system app : application { location US-RI }\nflow customer -> app : email for account\n",
    );
    assert_eq!(codes(dir.path(), &["--as-of", "2025-12-31"]), []);
    assert_eq!(
        codes(dir.path(), &["--as-of", "2026-01-02"]),
        [("U006".to_owned(), 1)]
    );
}

#[test]
fn opt_out_preference_signals_are_required_from_the_states_date() {
    // Oregon: the law from 1 July 2024, the signals from 1 January 2026.
    let dir = project(
        "controller \"Pine LLC\" {\n  location US-OR\n  optout \"Your Privacy Choices\" covers sale, targeted_advertising\n}\n\
         subject customer : customer\ncategory clicks : behavior.browsing_history\n\
         purpose ads : advertising.targeted { basis legitimate_interests \"Ads\" retain 1 year }\n\
         system app : application { location US-OR }\nflow customer -> app : clicks for ads\n",
    );
    let only = ["--select", "U001"];
    assert_eq!(
        codes(
            dir.path(),
            &[&only[..], &["--as-of", "2025-06-01"]].concat()
        ),
        []
    );
    assert_eq!(
        codes(
            dir.path(),
            &[&only[..], &["--as-of", "2026-06-01"]].concat()
        ),
        [("U001".to_owned(), 3)]
    );
    // Before the law itself, nothing at all.
    assert_eq!(codes(dir.path(), &["--as-of", "2024-06-30"]), []);
}

#[test]
fn follows_limits_the_laws_to_those_the_controller_is_subject_to() {
    let policy = |follows: &str| {
        format!(
            "controller \"Stream Inc.\" {{ location US-CA {follows} }}\nsubject va : user {{ location US-VA }}\n\
             category clicks : behavior.browsing_history\n\
             purpose ads : advertising.targeted {{ basis legitimate_interests \"Ads\" retain 1 year }}\n\
             system app : application {{ location US-CA }}\nflow va -> app : clicks for ads\n"
        )
    };
    let all = project(&policy(""));
    assert!(codes(all.path(), &["--select", "U001"]).contains(&("U001".to_owned(), 6)));
    let ccpa_only = project(&policy("follows ccpa"));
    assert_eq!(codes(ccpa_only.path(), &["--select", "U001"]), []);
}

#[test]
fn bad_input_says_what_is_wrong() {
    let dir = project(
        "controller \"X Inc.\" {\n  location US-CA\n  follows ccpa, vcpda\n  optout \"A\" covers sale, sharng\n  optout \"B\" covers sale\n}\n\
         subject a : customer { location US-CX }\nsubject b : customer { location us-ca }\n\
         subject c : customer { location US-California }\nsubject d : customer { location FR-75 }\n",
    );
    let run = redline(dir.path(), &["check", "--format", "json"]);
    let found: Vec<(String, String, String)> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap_or_default().to_owned(),
                f["message"].as_str().unwrap_or_default().to_owned(),
                f["help"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let has = |message: &str, help: &str| {
        found
            .iter()
            .any(|(code, m, h)| code == "E004" && m == message && h.contains(help))
    };
    assert!(
        has("redline knows no law `vcpda`", "did you mean `vcdpa`?"),
        "{found:#?}"
    );
    assert!(
        has(
            "an opt-out cannot cover `sharng`",
            "did you mean `sharing`?"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "`sale` is covered by two opt-outs",
            "one opt-out per choice"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "`US-CX` is not a subdivision of the United States",
            "did you mean"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "`us-ca` is not a subdivision of the United States",
            "did you mean `US-CA`?"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "`US-California` is not a subdivision of the United States",
            "did you mean `US-CA`?"
        ),
        "{found:#?}"
    );
    assert!(
        has(
            "`FR-75` is not a subdivision redline knows",
            "redline knows no other country's"
        ),
        "{found:#?}"
    );
    assert_eq!(found.len(), 7, "{found:#?}");
}

#[test]
fn a_us_only_business_gets_no_gdpr_findings_and_the_example_shows_every_us_rule() {
    let run = redline(
        support::root(),
        &["check", "examples/streaming", "--format", "json"],
    );
    let mut found: Vec<String> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    found.sort();
    found.dedup();
    assert_eq!(found, ["U001", "U002", "U003", "U004", "U005", "U006"]);
}

/// Where a US state law applies beside the GDPR, a GDPR finding says which law it is
/// under, and neither a state law's finding nor redline's own (an unused suppression)
/// does; where one law alone applies, nothing needs saying, and redline's own findings
/// stay under either.
#[test]
fn where_both_apply_a_gdpr_finding_names_its_law() {
    let policy = |business: &str, shopper: &str| {
        format!(
            "controller \"Maison\" {{ location {business} }}\nsubject shopper : customer {{ location {shopper} }}\n\
             category email : contact.email  # redline: allow C001 -- nothing here needs it\n\
             purpose account : service.account {{ basis contract retain 1 year }}\n\
             system app : application {{ location {business} }}\nprocessor mailer {{ location {business} }}\n\
             flow shopper -> app : email for account\nflow app -> mailer : email for account\n"
        )
    };
    let notes = |dir: &Path| -> Vec<(String, u64, bool)> {
        findings(dir, &[])
            .iter()
            .map(|f| {
                let gdpr = f["notes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n == "law: GDPR (Regulation (EU) 2016/679)");
                (
                    f["code"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                    gdpr,
                )
            })
            .collect()
    };
    let finding = |code: &str, line: u64, gdpr: bool| (code.to_owned(), line, gdpr);
    let both = project(&policy("FR", "US-CA"));
    assert_eq!(
        notes(both.path()),
        [
            finding("U006", 1, false),
            finding("S001", 3, false),
            finding("D001", 6, true),
            finding("U004", 6, false),
        ]
    );
    let gdpr_only = project(&policy("FR", "FR"));
    assert_eq!(
        notes(gdpr_only.path()),
        [finding("S001", 3, false), finding("D001", 6, false)]
    );
    let us_only = project(&policy("US-CA", "US-CA"));
    assert_eq!(
        notes(us_only.path()),
        [
            finding("U006", 1, false),
            finding("S001", 3, false),
            finding("U004", 6, false),
        ]
    );
}

/// The request methods a business owes are asked once, under every state law that
/// applies to its consumers, each named once however many flows bring it in.
#[test]
fn consumer_requests_name_each_applicable_law_once() {
    let dir = project(
        "controller \"Stream Inc.\" { location US-CA }\nsubject ca : user { location US-CA }\n\
         subject va : user { location US-VA }\ncategory email : contact.email\n\
         purpose account : service.account { basis contract retain 1 year }\n\
         system app : application { location US-CA }\nflow ca -> app : email for account\n\
         flow ca -> app : email for account\nflow va -> app : email for account\n",
    );
    let found: Vec<(String, u64, String)> = findings(dir.path(), &[])
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "U006".to_owned(),
            1,
            "consumers under CCPA (US-CA), VCDPA (US-VA) must be able to request to know \
             (`right access`), to delete (`right erasure`), to correct (`right \
             rectification`), and the controller states no method"
                .to_owned()
        )]
    );
}

#[test]
fn an_organisations_own_category_is_us_sensitive_as_its_flags_say() {
    // Two categories of the organisation's own: a special one (sensitive under the US
    // laws unless it says otherwise) and a special one it marks not sensitive there.
    let dir = project(
        "controller \"Fit Inc.\" { location US-CA follows ccpa }\nsubject member : user\n\
         category mood : acme.mood\ncategory party : acme.party\n\
         purpose insights : analytics.audience { basis legitimate_interests \"LIA-1\" retain 1 year }\n\
         system app : application { location US-CA }\n\
         flow member -> app : mood, party for insights\n",
    );
    std::fs::write(
        dir.path().join("redline.yaml"),
        "taxonomy:\n  categories:\n    acme.mood: { description: \"Mood diary\", special: true }\n    \
         acme.party: { description: \"Party membership\", special: true, ccpa_sensitive: false }\n",
    )
    .unwrap();
    let found = findings(dir.path(), &["--select", "U002"]);
    let messages: Vec<&str> = found
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("(`mood`)"), "{messages:?}");
}

/// A recipient in the EEA answers for its own processing; the US business that sends it
/// data is no more under the GDPR for that (Art. 3; EDPB Guidelines 3/2018), so its
/// missing retention is a US finding (U005), not a GDPR one (R002).
#[test]
fn a_recipient_in_the_eea_does_not_bring_a_us_business_under_the_gdpr() {
    let policy = |courier: &str| {
        format!(
            "controller \"Prairie Goods Inc.\" {{ location US-CA follows ccpa }}\n\
             subject customer : customer\ncategory email : contact.email\n\
             purpose checkout : service.order_fulfilment {{ basis contract }}\n\
             system shop : application {{ location US-CA }}\n\
             recipient courier : partner {{ location {courier} contract \"C-1\" }}\n\
             flow customer -> shop : email for checkout\nflow shop -> courier : email for checkout\n"
        )
    };
    let in_germany = project(&policy("DE"));
    let in_texas = project(&policy("US-TX"));
    let found = codes(in_germany.path(), &[]);
    assert!(found.iter().any(|(code, _)| code == "U005"), "{found:?}");
    assert_eq!(found, codes(in_texas.path(), &[]));
}
