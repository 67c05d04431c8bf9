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
    assert_eq!(header.len(), 10);
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
