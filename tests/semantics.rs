#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Behaviour across rules: the law of a given day, the configuration's rule settings, and
//! large graphs.

mod support;

use std::path::Path;

use support::{redline, root};

fn findings(dir: &Path, args: &[&str]) -> Vec<(String, String, String)> {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let run = redline(dir, &all);
    run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or("").to_owned();
            (s("code"), s("severity"), s("message"))
        })
        .collect()
}

fn codes(found: &[(String, String, String)]) -> Vec<&str> {
    found.iter().map(|f| f.0.as_str()).collect()
}

const TRANSFERS: &str = "controller \"Acme\" { location FR }\nsubject customer : customer\n\
    category email : contact.email\n\
    purpose support : service.support { basis contract retain 1 year }\n\
    system app : application { location FR }\n\
    processor lgpd { location BR dpa \"dpa-1\" }\n\
    processor shield { location US safeguard privacy_shield dpa \"dpa-2\" }\n\
    processor london { location GB dpa \"dpa-3\" }\n\
    flow customer -> app : email for support\n\
    flow app -> lgpd : email for support\n\
    flow app -> shield : email for support\n\
    flow app -> london : email for support\n";

#[test]
fn the_law_of_the_day_decides() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("policy.redline"), TRANSFERS).unwrap();
    // Today: Brazil is adequate since January 2026, the UK since 2021, and the Privacy
    // Shield is gone, so the US processor is unprotected and its safeguard invalid.
    let today = findings(dir.path(), &[]);
    assert_eq!(codes(&today), ["T001", "T002"], "{today:?}");
    assert!(today[0].2.contains("`shield` in US"));
    assert!(
        today[1].2.contains("C-311/18") && today[1].2.contains("16 July 2020"),
        "{}",
        today[1].2
    );
    // 30 June 2019: no decision for Brazil yet; the Privacy Shield valid; the UK in the EU.
    let then = findings(dir.path(), &["--as-of", "2019-06-30"]);
    assert_eq!(codes(&then), ["T001"], "{then:?}");
    assert!(then[0].2.contains("`lgpd` in BR"));
    // The day the CJEU ruled, the shield no longer protects.
    let ruling = findings(dir.path(), &["--as-of", "2020-07-16"]);
    assert_eq!(codes(&ruling), ["T001", "T001", "T002"], "{ruling:?}");
    // The US has no decision in force between the ruling and the Data Privacy Framework:
    // the finding's note names the one that ended, and when; the day before, nothing had.
    let notes = |day: &str| -> Vec<String> {
        let run = redline(dir.path(), &["check", "--format", "json", "--as-of", day]);
        run.json()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "T001" && f["message"].as_str().unwrap().contains("`shield`"))
            .flat_map(|f| f["notes"].as_array().unwrap().clone())
            .map(|n| n.as_str().unwrap().to_owned())
            .collect()
    };
    let ended = "United States has no adequacy decision in force on 2020-07-16 (Commission \
        Implementing Decision (EU) 2016/1250 (EU-US Privacy Shield) ended on 2020-07-16: \
        invalidated by the CJEU in C-311/18 (Schrems II) on 16 July 2020), and `safeguard \
        privacy_shield` does not protect this transfer";
    assert!(
        notes("2020-07-16").iter().any(|n| n == ended),
        "{:?}",
        notes("2020-07-16")
    );
    assert!(notes("2020-07-15").is_empty(), "in force the day before");
    assert_eq!(
        redline(dir.path(), &["check", "--as-of", "2019-13-01"]).code,
        2
    );
}

/// A supervisory authority's Art. 35(4) list applies from the day it was published, not
/// before: the CNIL's (Délibération n° 2018-327) appeared in the JORF on 6 November 2018.
#[test]
fn a_national_list_applies_from_its_publication() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("tests/fixtures/A001-dpia-required/fires-national-list.redline"),
        dir.path().join("policy.redline"),
    )
    .unwrap();
    let listed = |day: &str| -> Vec<String> {
        findings(dir.path(), &["--as-of", day])
            .into_iter()
            .filter(|f| f.0 == "A001")
            .map(|f| f.2)
            .collect()
    };
    let published = listed("2018-11-06");
    assert_eq!(published.len(), 1, "{published:?}");
    assert!(
        published[0].contains("item `fr.04` of the national list"),
        "{}",
        published[0]
    );
    assert_eq!(listed("2018-11-05"), Vec::<String>::new());
}

/// A flow that does not parse may have brought its target any purpose: what the target
/// sends on is not judged (one cause, one diagnostic), though a flow that did parse
/// brings it data for another purpose.
#[test]
fn a_flow_that_does_not_parse_leaves_its_target_unjudged() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "controller \"Acme\" { location FR }\nsubject customer : customer\n\
        category email : contact.email\n\
        purpose support : service.support { basis contract retain 1 year }\n\
        purpose mailing : marketing.postal { basis legitimate_interests \"LIA-1\" retain 1 year }\n\
        system app : application { location FR }\nsystem crm : database { location FR }\n\
        system mailer : application { location FR }\n\
        flow customer -> app : email for support\nflow app -> crm : email for support\n\
        flow app -> crm : email fro mailing\nflow crm -> mailer : email for mailing\n";
    std::fs::write(dir.path().join("policy.redline"), policy).unwrap();
    let found = findings(dir.path(), &[]);
    assert_eq!(codes(&found), ["E001"], "{found:?}");
    assert!(found[0].2.contains("found `fro`"), "{}", found[0].2);
    // Mended, the flow is judged, and so is what `crm` sends on.
    std::fs::write(
        dir.path().join("policy.redline"),
        policy.replace("email fro mailing", "email for mailing"),
    )
    .unwrap();
    let mended = findings(dir.path(), &[]);
    assert_eq!(codes(&mended), ["P001", "P001"], "{mended:?}");
}

/// A flow naming a category that does not resolve carries what is not fully known: its
/// target is not judged for what it sends on, and a purpose whose `needs` names one is
/// not judged for unneeded data. The unknown names are the findings; mended, both rules
/// speak.
#[test]
fn an_unknown_category_leaves_what_depends_on_it_unjudged() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "controller \"Acme\" { location FR }\nsubject customer : customer\n\
        category email : contact.email\ncategory phone : contact.phone\n\
        purpose support : service.support { basis contract retain 1 year needs email, phnoe }\n\
        purpose mailing : marketing.postal { basis legitimate_interests \"LIA-1\" retain 1 year }\n\
        system app : application { location FR }\nsystem crm : database { location FR }\n\
        system mailer : application { location FR }\n\
        flow customer -> app : email, phone for support\nflow app -> crm : email, phnoe for support\n\
        flow crm -> mailer : email for mailing\n";
    std::fs::write(dir.path().join("policy.redline"), policy).unwrap();
    let found = findings(dir.path(), &[]);
    assert_eq!(codes(&found), ["E002"], "{found:?}");
    assert!(found[0].2.contains("`phnoe`"), "{}", found[0].2);
    std::fs::write(
        dir.path().join("policy.redline"),
        policy
            .replace("needs email, phnoe", "needs email")
            .replace("email, phnoe for support", "email for support"),
    )
    .unwrap();
    let mut mended = findings(dir.path(), &[]);
    mended.sort();
    assert_eq!(codes(&mended), ["P001", "P007"], "{mended:?}");
    // A purpose that does not resolve on the flow into `crm` does the same.
    std::fs::write(
        dir.path().join("policy.redline"),
        policy
            .replace("needs email, phnoe", "needs email, phone")
            .replace("email, phnoe for support", "email for support, suport"),
    )
    .unwrap();
    let found = findings(dir.path(), &[]);
    assert_eq!(codes(&found), ["E002"], "{found:?}");
    assert!(found[0].2.contains("`suport`"), "{}", found[0].2);
}

/// A declaration that does not parse is not unknown: its syntax error is the one
/// diagnostic, and the flows that name it say nothing more.
#[test]
fn a_name_whose_declaration_does_not_parse_is_not_reported_unknown() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "controller \"Acme\" { location FR }\nsubject customer : customer\n\
        category email : contact.email\n\
        purpose support : service.support { basis contract retain 1 year }\n\
        system app : application { location FR }\nsystem crm : database { location }\n\
        flow customer -> app : email for support\nflow app -> crm : email for support\n";
    std::fs::write(dir.path().join("policy.redline"), policy).unwrap();
    let found = findings(dir.path(), &[]);
    assert_eq!(codes(&found), ["E001"], "{found:?}");
}

/// An input error that starts at the first byte after a declaration, with no space
/// between, belongs to the next one: the first controller still gets its D003, the
/// second is the error.
#[test]
fn an_error_right_after_a_declaration_belongs_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "controller \"Prairie\" { location US }controller \"Other\" { location DE }\n\
        subject customer : customer { location DE }\ncategory email : contact.email\n\
        purpose support : service.support { basis contract retain 1 year }\n\
        system app : application { location US }\nflow customer -> app : email for support\n";
    std::fs::write(dir.path().join("policy.redline"), policy).unwrap();
    let run = redline(dir.path(), &["check", "--format", "json"]);
    let found: Vec<(String, u64, u64)> = run.json()["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [("D003", 1, 12), ("E003", 1, 37)].map(|(c, l, k)| (c.to_owned(), l, k));
    assert_eq!(found, expected, "{}", run.transcript());
}

/// A consent that does not resolve leaves its purpose's basis unknown: where its data may
/// go is not judged, and the unknown name is the one finding. Declared, the consent
/// decides, and the data collected under it goes to nothing else.
#[test]
fn an_unknown_consent_leaves_compatibility_unjudged() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "controller \"Acme\" { location FR }\nsubject customer : customer\n\
        category email : contact.email\n\
        purpose news : marketing.direct_email { basis consent news_optin retain 1 year }\n\
        purpose mailing : marketing.postal { basis legitimate_interests \"LIA-1\" retain 1 year }\n\
        system app : application { location FR }\nsystem mailer : application { location FR }\n\
        flow customer -> app : email for news\nflow app -> mailer : email for mailing\n";
    std::fs::write(dir.path().join("policy.redline"), policy).unwrap();
    let found = findings(dir.path(), &[]);
    assert_eq!(codes(&found), ["E002"], "{found:?}");
    assert!(found[0].2.contains("`news_optin`"), "{}", found[0].2);
    let declared = format!("{policy}consent news_optin {{ default denied withdraw \"link\" }}\n");
    std::fs::write(dir.path().join("policy.redline"), declared).unwrap();
    let judged = findings(dir.path(), &[]);
    assert_eq!(codes(&judged), ["P001"], "{judged:?}");
}

/// A declaration with an input error silences the rules inside it, and only inside it:
/// not a declaration after it in its file, nor one in another file at offsets it covers
/// in its own, nor one before it in an earlier file.
#[test]
fn an_input_error_silences_its_own_declaration_only() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "a.redline",
        "controller \"Acme\" { location FR }\nsubject customer : customer\n\
         category email : contact.email\nsystem app : application { location FR }\n\
         flow customer -> app : email for news, support, help, extra\n\
         purpose help : service.support { basis contract }\n",
    );
    // A purpose whose consent is not declared, then one with no retention.
    write(
        "b.redline",
        "purpose news : marketing.direct_email { basis consent news_optin retain 1 year }\n\
         purpose support : service.support { basis contract }\n",
    );
    write(
        "c.redline",
        "purpose extra : service.support { basis contract }\n",
    );
    let found = findings(dir.path(), &[]);
    let mut seen: Vec<(&str, &str)> = found
        .iter()
        .map(|(code, _, message)| {
            let name = ["news_optin", "help", "support", "extra"]
                .into_iter()
                .find(|n| message.contains(&format!("`{n}`")))
                .unwrap_or(message);
            (code.as_str(), name)
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("E002", "news_optin"),
            ("R002", "extra"),
            ("R002", "help"),
            ("R002", "support")
        ],
        "{found:?}"
    );
}

#[test]
fn the_configuration_selects_ignores_and_sets_severity() {
    let dir = tempfile::tempdir().unwrap();
    let policy = "controller \"Acme\" { location FR }\nconsent a { default granted }\n\
                  category phone : contact.phone\nprocessor p { location FR }\n";
    std::fs::write(dir.path().join("policy.redline"), policy).unwrap();
    let all = findings(dir.path(), &[]);
    assert_eq!(codes(&all), ["C003", "C002", "P002", "D001"], "{all:?}");
    std::fs::write(
        dir.path().join("redline.yaml"),
        "rules:\n  select: [C, P002]\n  ignore: [consent-without-withdrawal]\n  severity: { C002: warning }\n",
    )
    .unwrap();
    let configured = findings(dir.path(), &[]);
    let shown: Vec<(&str, &str)> = configured
        .iter()
        .map(|f| (f.0.as_str(), f.1.as_str()))
        .collect();
    assert_eq!(shown, [("C002", "warning"), ("P002", "warning")]);
    // The command line replaces the selection and adds to the ignored rules.
    let cli = findings(dir.path(), &["--select", "D", "--ignore", "P002"]);
    assert_eq!(codes(&cli), ["D001"]);
    // A warning-only run passes `--fail-on error`.
    assert_eq!(
        redline(dir.path(), &["check", "--fail-on", "error"]).code,
        0
    );
}

fn project(dir: &Path, flows: &str) {
    let head = "controller \"Acme\" { location FR dpo \"dpo@acme.example\" }\nsubject customer : customer\n\
                category email : contact.email\n\
                purpose account : service.account { basis contract retain 1 year }\n\
                purpose offers : marketing.postal { basis legitimate_interests \"LIA\" retain 1 year }\n";
    std::fs::write(dir.join("policy.redline"), format!("{head}{flows}")).unwrap();
}

#[test]
fn ten_thousand_flows_in_a_chain_report_the_one_drift() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!("system s{i} : application {{ location FR }}\n"));
    }
    text.push_str("flow customer -> s0 : email for account\n");
    for i in 1..10_000 {
        // The purpose drifts once, at hop 5,000; later hops carry what is held there.
        let purpose = if i < 5_000 { "account" } else { "offers" };
        text.push_str(&format!("flow s{} -> s{i} : email for {purpose}\n", i - 1));
    }
    project(dir.path(), &text);
    let found = findings(dir.path(), &[]);
    assert_eq!(
        codes(&found),
        ["P001"],
        "{:?}",
        &found[..found.len().min(3)]
    );
    assert!(found[0].2.contains("`email` reaches `s5000` for `offers`"));
}

#[test]
fn ten_thousand_flows_in_a_star_are_each_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "system hub : application { location FR }\nflow customer -> hub : email for account\n",
    );
    for i in 0..10_000 {
        // Every hundredth spoke is abroad without a safeguard.
        let place = if i % 100 == 0 { "US" } else { "DE" };
        text.push_str(&format!("recipient r{i} : partner {{ location {place} }}\nflow hub -> r{i} : email for account\n"));
    }
    project(dir.path(), &text);
    let found = findings(dir.path(), &[]);
    assert_eq!(codes(&found).len(), 100);
    assert!(codes(&found).iter().all(|c| *c == "T001"));
}
