#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! `redline test`, tested by its own fixture project (tests/harness), whose failing tests
//! fail on purpose, and by the examples' tests, which must pass.

mod support;

use support::{redline, root};

#[test]
fn the_harness_reports_passes_failures_and_broken_files() {
    let human = redline(root(), &["test", "tests/harness"]);
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.ends_with("\n3 passed, 5 failed\n"),
        "{}",
        human.transcript()
    );
    insta::assert_snapshot!("harness-human", human.transcript());
    let json = redline(root(), &["test", "tests/harness", "--format", "json"]);
    let report = json.json();
    assert_eq!(
        report["summary"],
        serde_json::json!({"tests": 8, "passed": 3, "failed": 5})
    );
    assert_eq!(report["errors"][0]["code"], "E001", "the broken test file");
    insta::assert_snapshot!("harness-json", json.transcript());
    let junit = redline(root(), &["test", "tests/harness", "--format", "junit"]);
    insta::assert_snapshot!("harness-junit", junit.transcript());
}

#[test]
fn the_examples_tests_pass() {
    for example in ["webshop", "hotel", "saas"] {
        let run = redline(root(), &["test", &format!("examples/{example}")]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(
            run.stdout.contains(" passed, 0 failed\n"),
            "{}",
            run.transcript()
        );
    }
}

#[test]
fn no_tests_is_a_failure_and_a_bad_configuration_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.redline"),
        "controller \"C\" { location FR }\n",
    )
    .unwrap();
    let run = redline(dir.path(), &["test"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("no tests found"),
        "{}",
        run.transcript()
    );
    std::fs::write(dir.path().join("redline.yaml"), "tests: 3\n").unwrap();
    assert_eq!(redline(dir.path(), &["test"]).code, 2);
}
