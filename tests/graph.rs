#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `redline graph`: the data map of every example in each format, and its slices.

mod support;

use support::{redline, root};

#[test]
fn every_example_has_a_map_in_each_format() {
    for example in ["webshop", "hotel", "saas"] {
        for format in ["dot", "mermaid", "json"] {
            let run = redline(
                root(),
                &["graph", &format!("examples/{example}"), "--format", format],
            );
            assert_eq!(run.code, 0, "{}", run.transcript());
            insta::assert_snapshot!(format!("{example}-{format}"), run.stdout);
        }
    }
}

#[test]
fn the_map_tells_zones_apart_and_marks_findings() {
    let run = redline(root(), &["graph", "examples/webshop", "--format", "json"]);
    let map = run.json();
    let node = |name: &str| {
        map["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["name"] == name)
            .cloned()
            .unwrap()
    };
    // The USA's decision covers DPF-certified organisations only.
    assert_eq!(node("mailer")["zone"], "adequate");
    assert_eq!(node("adnet")["zone"], "non-adequate");
    assert_eq!(node("crm")["zone"], "eea");
    assert_eq!(node("adnet")["findings"], serde_json::json!(["T001"]));
    let creep = map["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["to"] == "recipient:adnet")
        .cloned()
        .unwrap();
    assert_eq!(creep["findings"], serde_json::json!(["P001"]));
}

#[test]
fn a_slice_shows_one_category_or_purpose() {
    let run = redline(
        root(),
        &[
            "graph",
            "examples/webshop",
            "--format",
            "json",
            "--category",
            "orders",
        ],
    );
    let map = run.json();
    let edges = map["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 3, "customer -> webshop -> crm -> adnet");
    assert!(edges.iter().all(|e| {
        e["categories"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!("orders"))
    }));
    assert_eq!(map["nodes"].as_array().unwrap().len(), 4);
    let run = redline(
        root(),
        &[
            "graph",
            "examples/webshop",
            "--format",
            "json",
            "--purpose",
            "newsletter",
        ],
    );
    assert_eq!(run.json()["edges"].as_array().unwrap().len(), 3);
    let unknown = redline(
        root(),
        &["graph", "examples/webshop", "--purpose", "newsleter"],
    );
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("did you mean `newsletter`?"),
        "{}",
        unknown.transcript()
    );
}
