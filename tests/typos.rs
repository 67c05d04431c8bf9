#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! One cause, one diagnostic: each single typo in a clean policy gives exactly one
//! diagnostic, the input error that says what to fix, and no rule finding or second
//! input error that only follows from it.

mod support;

use support::{redline, root};

/// (what the clean policy says, what the typo makes of it)
const TYPOS: &[(&str, &str)] = &[
    // A declaration that does not parse: its name is not reported unknown where used.
    ("parental \"verified by e-mail to a parent\"", "parental"),
    ("default denied", "default denyed"),
    ("withdraw \"link\"", "withdraw link"),
    ("basis contract retain 5", "basis contrat retain 5"),
    (
        "basis contract retain 5",
        "basis legitimate_interests retain 5",
    ),
    ("category orders", "categroy orders"),
    ("dpa \"DPA-1\"", "dpa \"DPA-1"),
    // A declaration cut short: what it lacks is the syntax error's.
    ("{ default denied", "default denied"),
    ("processor mailer {", "processor mailer : saas {"),
    // A misspelt declared name, used in several places: one diagnostic, the uses as labels.
    ("purpose checkout", "purpose chekout"),
    ("consent news_optin {", "consent news_opin {"),
    ("system crm", "system crn"),
    // A misspelt reference.
    ("flow shop -> crm", "flow shop -> cmr"),
    ("email, orders for 5 years", "email, ordres for 5 years"),
    (
        "flow customer -> shop : email for news",
        "flow customer -> shop : email for nwes",
    ),
    (
        "flow crm -> mailer : email for news",
        "flow crm -> mailer : emial for news",
    ),
    (
        "email, orders for checkout\nflow customer",
        "email, orders for news_optin\nflow customer",
    ),
    // A flow that does not parse: nothing is judged downstream of where it went.
    (
        "flow customer -> shop : email, orders",
        "flow customer -> shop email, orders",
    ),
    // Values.
    ("contact.email", "contact.emial"),
    ("transaction.order_history", "transaction.orders"),
    ("marketing.direct_email", "marketing"),
    ("location FR dpa", "location FX dpa"),
    ("subject customer : customer", "subject customer : custmer"),
    (
        "subject customer : customer",
        "subject customer : customer { location Germany }",
    ),
    ("system shop : application", "system shop : aplication"),
    (
        "retain 5 years after contract_end",
        "retain 5 yeers after contract_end",
    ),
    (
        "processor mailer { location FR",
        "processor mailer { location FR safeguard sc",
    ),
    ("withdraw \"link\"", "withdraw \"\""),
    // The attributes of security, assessment, rights and minimisation.
    ("right erasure", "right erasur"),
    (
        "right access \"privacy@acme.example\" within 1 month",
        "right access \"privacy@acme.example\" within 1 mnth",
    ),
    (
        "right access \"privacy@acme.example\"",
        "right access privacy@acme.example",
    ),
    ("scale small", "scale smal"),
    ("needs email, orders", "needs email, ordrs"),
    ("erasure \"nightly job\"", "erasure nightly"),
    ("for 5 years encrypted", "for 5 years encripted"),
    (
        "access_control \"role-based\"",
        "acess_control \"role-based\"",
    ),
];

fn diagnostics(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.redline"), text).unwrap();
    let report = redline(dir.path(), &["check", ".", "--format", "json"]).json();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{}@{} {}", f["code"], f["line"], f["message"]))
        .collect()
}

#[test]
fn the_clean_policy_is_clean() {
    let base = std::fs::read_to_string(root().join("tests/corpus/typos/base.redline")).unwrap();
    assert_eq!(diagnostics(&base), Vec::<String>::new());
}

#[test]
fn every_single_typo_gives_exactly_one_diagnostic() {
    let base = std::fs::read_to_string(root().join("tests/corpus/typos/base.redline")).unwrap();
    let mut problems = Vec::new();
    for (clean, typo) in TYPOS {
        assert!(base.contains(clean), "the base has no `{clean}`");
        let found = diagnostics(&base.replacen(clean, typo, 1));
        if found.len() != 1 {
            problems.push(format!("`{clean}` -> `{typo}`: {found:#?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
