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

/// A project of `policy.redline` and `tests/t.redline`.
fn project_with_tests(policy: &str, tests: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("tests")).unwrap();
    std::fs::write(dir.path().join("policy.redline"), policy).unwrap();
    std::fs::write(dir.path().join("tests/t.redline"), tests).unwrap();
    dir
}

/// A small project: a controller, a customer, e-mails for an account, an app.
const ACCOUNT: &str = "controller \"Acme\" { location FR }\nsubject customer : customer\n\
    category email : contact.email\n\
    purpose account : service.account { basis contract retain 1 year }\n\
    system app : application { location FR }\nflow customer -> app : email for account\n";

/// A test sees the project's declarations, the broken ones included: a name whose
/// declaration did not parse is not unknown there (the syntax error is the one
/// diagnostic). An isolated test sees none of them, so the same name is unknown in it.
#[test]
fn a_test_knows_the_projects_broken_names_unless_isolated() {
    let dir = project_with_tests(
        &format!("{ACCOUNT}system crm : database {{ location }}\n"),
        "test \"sees the project\" {\n  flow app -> crm : email for account\n  expect no R002\n}\n\
         test \"alone\" isolated {\n  subject visitor : customer\n  category mail : contact.email\n\
         \x20 purpose login : service.account { basis contract retain 1 year }\n\
         \x20 flow visitor -> crm : mail for login\n  expect no R002\n}\n",
    );
    let run = redline(dir.path(), &["test", "."]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("test \"sees the project\" ... ok\n")
            && run.stdout.contains("test \"alone\" ... FAILED\n")
            && run.stdout.contains("unknown node: `crm`")
            && run.stdout.ends_with("\n1 passed, 1 failed\n"),
        "{}",
        run.transcript()
    );
}

/// An input error of the project is the project's, not a test's, even when the test's
/// own file spans the offsets where it stands in the policy file.
#[test]
fn the_projects_input_errors_are_not_a_tests() {
    let padding = format!("  # {}\n", "a long comment ".repeat(20));
    let dir = project_with_tests(
        &format!("{ACCOUNT}flow app -> app : email for acount\n"),
        &format!("test \"the project's\" {{\n{padding}  expect no R002\n}}\n"),
    );
    let run = redline(dir.path(), &["test", "."]);
    assert!(
        run.stdout.contains("unknown purpose: `acount`")
            && run.stdout.contains("test \"the project's\" ... ok\n")
            && run.stdout.ends_with("\n1 passed, 0 failed\n"),
        "{}",
        run.transcript()
    );
}
