#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The built-in knowledge as users meet it: the reference page is the data, every table
//! prints in every format, and every cap and legal minimum fires on a policy that breaks
//! it (and is applied where its law binds).

mod support;

use std::path::Path;

use redline::commands::knowledge::{TABLES, reference, table};
use redline::knowledge::{Confidence, Knowledge, Limit};
use support::{redline, root};

/// docs/knowledge.md is every table; regenerate it with
/// `REDLINE_BLESS=1 cargo test --test knowledge`.
#[test]
fn the_knowledge_reference_is_up_to_date() {
    let k = Knowledge::builtin().unwrap();
    let expected = reference(k);
    let path = root().join("docs/knowledge.md");
    if std::env::var_os("REDLINE_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/knowledge.md is stale: run REDLINE_BLESS=1 cargo test --test knowledge"
    );
}

#[test]
fn every_table_prints_for_people_and_for_tools() {
    for (name, _) in TABLES {
        let human = redline(root(), &["knowledge", name]);
        assert_eq!(human.code, 0, "{name}: {}", human.transcript());
        assert!(!human.stdout.is_empty());
        let json = redline(root(), &["knowledge", name, "--format", "json"]).json();
        assert_eq!(json["table"], name);
        let rows = json["rows"].as_array().unwrap();
        let t = table(Knowledge::builtin().unwrap(), name).unwrap();
        assert_eq!(rows.len(), t.rows.len(), "{name}");
        if t.columns.contains(&"confidence") {
            assert!(
                rows.iter()
                    .all(|r| r["confidence"] == "confirmed" || r["confidence"] == "unconfirmed")
            );
        }
    }
    let unknown = redline(root(), &["knowledge", "kind"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `kinds`?"),
        "{}",
        unknown.stderr
    );
}

/// A policy in `dir` whose controller is in `country`, with `declarations`.
fn check_policy(dir: &Path, country: &str, declarations: &str) -> serde_json::Value {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("policy.redline"),
        format!("controller \"C\" {{ location {country} }}\n{declarations}"),
    )
    .unwrap();
    redline(dir, &["check", "--format", "json", "--fail-on", "never"]).json()
}

fn findings_of<'a>(report: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .collect()
}

/// Every cap fires on a policy that keeps data twice as long from the cap's own event,
/// with the cap's source in the note and the severity its confidence allows; and a
/// national cap stays silent for a controller established elsewhere.
#[test]
fn every_cap_fires_where_it_applies() {
    let k = Knowledge::builtin().unwrap();
    let temp = tempfile::tempdir().unwrap();
    for g in &k.retention {
        let Limit::Max(max) = g.limit else { continue };
        let twice = format!("{} {:?}", max.amount * 2, max.unit).to_lowercase() + "s";
        let keep = format!("{twice} after {}", g.after);
        // The declarations that bring the cap to bear: by category, purpose or subject kind.
        let declarations = if let Some(c) = k
            .categories
            .values()
            .find(|c| c.cap.as_deref() == Some(&g.id))
        {
            format!(
                "subject s : customer\ncategory x : {}\npurpose p : product.improvement {{ basis legitimate_interests \"L\" retain {keep} }}\nsystem a : application {{ location FR }}\nflow s -> a : x for p\n",
                c.id
            )
        } else if let Some(p) = k
            .purposes
            .values()
            .find(|p| p.cap.as_deref() == Some(&g.id))
        {
            format!(
                "subject s : customer\ncategory x : contact.email\npurpose p : {} {{ basis consent k retain {keep} }}\nconsent k {{ default denied withdraw \"w\" }}\nsystem a : application {{ location FR }}\nflow s -> a : x for p\n",
                p.id
            )
        } else if let Some(s) = k
            .subjects
            .values()
            .find(|s| s.cap.as_deref() == Some(&g.id))
        {
            format!(
                "subject s : {}\ncategory x : contact.email\npurpose p : product.improvement {{ basis legitimate_interests \"L\" retain {keep} }}\nsystem a : application {{ location FR }}\nflow s -> a : x for p\n",
                s.kind
            )
        } else {
            panic!("{} applies nowhere", g.id)
        };
        let home = g
            .applies_in
            .first()
            .map_or("FR".to_owned(), |c| c.to_string());
        let report = check_policy(&temp.path().join(&g.id), &home, &declarations);
        let r001 = findings_of(&report, "R001");
        let cited = r001.iter().find(|f| {
            f["notes"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n.as_str().unwrap().contains(&g.provenance.source))
        });
        let Some(finding) = cited else {
            panic!("{} does not fire: {r001:?}\n{declarations}", g.id);
        };
        let severity = if g.provenance.confidence == Confidence::Confirmed {
            "error"
        } else {
            "warning"
        };
        assert_eq!(finding["severity"], severity, "{}", g.id);
        assert_eq!(
            finding["message"].as_str().unwrap().contains("unconfirmed"),
            g.provenance.confidence == Confidence::Unconfirmed,
            "{}",
            g.id
        );
        if !g.applies_in.is_empty() {
            let abroad = check_policy(
                &temp.path().join(format!("{}-abroad", g.id)),
                "IT",
                &declarations,
            );
            let cites = findings_of(&abroad, "R001").iter().any(|f| {
                f["notes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n.as_str().unwrap().contains(&g.provenance.source))
            });
            assert!(!cites, "{} applies only in {:?}", g.id, g.applies_in);
        }
    }
}

/// Every legal minimum fires on a `legal.*` purpose that keeps its data half as long, and
/// stays silent when the retention is written from the law's own event.
#[test]
fn every_legal_minimum_fires_where_it_applies() {
    let k = Knowledge::builtin().unwrap();
    let temp = tempfile::tempdir().unwrap();
    for g in &k.retention {
        let Limit::Min(min) = g.limit else { continue };
        let purpose = k
            .purposes
            .values()
            .find(|p| p.minimums.contains(&g.id))
            .unwrap_or_else(|| panic!("{} applies nowhere", g.id));
        let home = g
            .applies_in
            .first()
            .map_or("FR".to_owned(), |c| c.to_string());
        let policy = |keep: &str| {
            format!(
                "subject s : customer\ncategory x : transaction.invoice\npurpose p : {} {{ basis legal_obligation \"law\" retain {keep} }}\nsystem a : application {{ location {home} }}\nflow s -> a : x for p\n",
                purpose.id
            )
        };
        let half = format!(
            "{} months after {}",
            (min.amount.max(1)
                * if format!("{:?}", min.unit) == "Year" {
                    12
                } else {
                    1
                })
                / 2,
            g.after
        );
        let short = check_policy(&temp.path().join(&g.id), &home, &policy(&half));
        let r004 = findings_of(&short, "R004");
        let finding = r004
            .iter()
            .find(|f| {
                f["notes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|n| n.as_str().unwrap().contains(&g.provenance.source))
            })
            .unwrap_or_else(|| panic!("{} does not fire: {short}", g.id));
        let severity = if g.provenance.confidence == Confidence::Confirmed {
            "error"
        } else {
            "warning"
        };
        assert_eq!(finding["severity"], severity, "{}", g.id);
        let enough = format!("{min} after {}", g.after);
        let long = check_policy(
            &temp.path().join(format!("{}-enough", g.id)),
            &home,
            &policy(&enough),
        );
        assert!(findings_of(&long, "R004").is_empty(), "{}: {long}", g.id);
    }
}
