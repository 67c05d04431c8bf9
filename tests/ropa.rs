#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `redline ropa`: the record of processing activities of every example, in each format.

mod support;

use support::{redline, root};

#[test]
fn every_example_has_a_record_in_each_format() {
    for example in ["webshop", "hotel", "saas"] {
        for format in ["markdown", "csv", "json"] {
            let run = redline(
                root(),
                &["ropa", &format!("examples/{example}"), "--format", format],
            );
            assert_eq!(run.code, 0, "{}", run.transcript());
            insta::assert_snapshot!(format!("{example}-{format}"), run.stdout);
        }
    }
}

#[test]
fn the_csv_has_one_row_per_purpose_with_the_art_30_columns() {
    let run = redline(root(), &["ropa", "examples/hotel", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header.len(), 13);
    assert!(header.contains(&"transfers to third countries".to_owned()));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let json = redline(root(), &["ropa", "examples/hotel", "--format", "json"]).json();
    assert_eq!(rows.len(), json["activities"].as_array().unwrap().len());
    let mood = rows.iter().find(|r| &r[2] == "mood_analysis").unwrap();
    assert!(
        mood[8].contains("moodsense in US: unprotected: the adequacy decision for United States"),
        "{mood:?}"
    );
    assert!(mood[4].starts_with("legitimate interests"));
}

#[test]
fn the_json_record_holds_fields_a_tool_can_use() {
    let json = redline(root(), &["ropa", "examples/hotel", "--format", "json"]).json();
    assert_eq!(json["version"], 2);
    let mood = json["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["purpose"] == "mood_analysis")
        .unwrap();
    assert_eq!(mood["legal_basis"]["basis"], "legitimate_interests");
    assert_eq!(mood["legal_basis"]["article"], "Art. 6(1)(f)");
    let transfer = &mood["transfers"][0];
    assert_eq!(transfer["to"], "moodsense");
    assert_eq!(transfer["location"], "US");
    assert_eq!(transfer["decision"]["status"], "not_covered");
    assert_eq!(transfer["decision"]["protected"], false);
    // Every subject and category entry is a name with its taxonomy id, not prose.
    for subject in mood["data_subjects"].as_array().unwrap() {
        assert!(subject["kind"].as_str().is_some_and(|k| !k.contains(' ')));
    }
    for data in mood["personal_data"].as_array().unwrap() {
        assert!(data["category"].as_str().is_some_and(|c| c.contains('.')));
        assert!(data["special"].is_boolean() && data["personal"].is_boolean());
    }
}
