#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `redline notice --law ccpa`: the notice at collection of the US example, read against
//! the policy it comes from; and no notice from broken input or for a law without one.

mod support;

use support::{redline, root};

#[test]
fn the_streaming_notice_says_what_is_sold_shared_and_kept() {
    let run = redline(
        root(),
        &["notice", "examples/streaming", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let notice = run.json();
    assert_eq!(notice["law"], "ccpa");
    assert_eq!(notice["business"], "Marquee Streaming Inc.");
    let categories = notice["categories"].as_array().unwrap();
    let row = |prefix: &str| {
        categories
            .iter()
            .find(|c| c["category"].as_str().unwrap().starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} row: {notice:#}"))
            .clone()
    };
    // Device ids are sold to the data broker; viewing and location are shared with the
    // ad network for cross-context behavioral advertising; cards are neither.
    assert_eq!(
        row("Identifiers: online")["sold_to"],
        serde_json::json!(["audiences"])
    );
    assert_eq!(
        row("Internet or other")["shared_with"],
        serde_json::json!(["adtech"])
    );
    assert_eq!(
        row("Sensitive personal information: precise")["shared_with"],
        serde_json::json!(["adtech"])
    );
    let cards = row("Customer records");
    assert_eq!(cards["sold_to"], serde_json::json!([]));
    assert_eq!(cards["shared_with"], serde_json::json!([]));
    // Retention per category: the category's own period, or the purposes'.
    assert_eq!(
        row("Internet or other")["retention"],
        serde_json::json!(["history: at most 3 years"])
    );
    assert!(
        row("Identifiers: online")["retention"][0]
            .as_str()
            .unwrap()
            .contains("not stated for data_licensing")
    );
    // Virginians' data is not in California's notice: every row is a CCPA category.
    assert_eq!(notice["requests"].as_array().unwrap().len(), 2);
    let markdown = redline(root(), &["notice", "examples/streaming"]);
    insta::assert_snapshot!("streaming-notice", markdown.stdout);
}

#[test]
fn no_notice_for_a_law_without_one_or_from_broken_input() {
    let vcdpa = redline(root(), &["notice", "examples/streaming", "--law", "vcdpa"]);
    assert_eq!(vcdpa.code, 2);
    assert!(
        vcdpa.stderr.contains("the CCPA only"),
        "{}",
        vcdpa.transcript()
    );
    let unknown = redline(root(), &["notice", "examples/streaming", "--law", "gdpr"]);
    assert_eq!(unknown.code, 2);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.redline"),
        "controller \"X\" { location US-CX }\n",
    )
    .unwrap();
    let broken = redline(dir.path(), &["notice"]);
    assert_eq!(broken.code, 2);
    assert_eq!(broken.stdout, "");
}
