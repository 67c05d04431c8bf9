#![allow(clippy::expect_used)]
//! Each limit of src/limits.rs (docs/limits.md), at and past its value: past it, a
//! diagnostic that names the limit, and the rest of the run still checked.

use std::path::Path;

use redline::limits;
use support::redline;

mod support;

/// A purpose creep finding in a file of its own, to show the run went on.
const OTHER_FILE: &str = "subject customer : customer\n\
    system app : application { location FR }\n\
    system crm : application { location FR }\n\
    category email : contact.email\n\
    purpose account : service.account { basis contract retain 1 year }\n\
    purpose ads : marketing.direct_email { basis contract retain 1 year }\n\
    flow customer -> app : email for account\n\
    flow app -> crm : email for ads\n";

/// (file, code, message) of every finding of `redline check --format json` in `dir`.
fn findings(dir: &Path) -> Vec<(String, String, String)> {
    let run = redline(dir, &["check", "--format", "json"]);
    assert!(run.code == 1 || run.code == 2, "{}", run.transcript());
    run.json()["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let text = |key: &str| f[key].as_str().unwrap_or_default().to_owned();
            (text("file"), text("code"), text("message"))
        })
        .collect()
}

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("other.redline"), OTHER_FILE).expect("write");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

fn has(found: &[(String, String, String)], file: &str, code: &str, message: &str) -> bool {
    found
        .iter()
        .any(|(f, c, m)| f == file && c == code && m.contains(message))
}

#[test]
fn words_and_strings_at_the_limit_pass_and_past_it_are_refused() {
    let at = format!(
        "system {} : database {{ location FR description \"{}\" }}\n",
        "a".repeat(limits::MAX_WORD_CHARS),
        "d".repeat(limits::MAX_STRING_CHARS)
    );
    let word = format!(
        "system {} : database\n",
        "b".repeat(limits::MAX_WORD_CHARS + 1)
    );
    let string = format!(
        "system s : database {{ description \"{}\" }}\n",
        "é".repeat(limits::MAX_STRING_CHARS + 1)
    );
    let dir = project(&[
        ("at.redline", &at),
        ("word.redline", &word),
        ("string.redline", &string),
    ]);
    let found = findings(dir.path());
    assert!(!found.iter().any(|(f, ..)| f == "at.redline"), "{found:?}");
    assert!(
        has(
            &found,
            "word.redline",
            "E004",
            "this word is 257 characters long; the limit is 256"
        ),
        "{found:?}"
    );
    assert!(
        has(
            &found,
            "string.redline",
            "E004",
            "this string is 4097 characters long; the limit is 4096"
        ),
        "{found:?}"
    );
    assert!(has(&found, "other.redline", "P001", ""), "{found:?}");
}

#[test]
fn declarations_past_the_limit_are_not_checked() {
    // The declaration-at-a-time path is tested with a small limit in src/syntax.
    let n = limits::MAX_DECLARATIONS_PER_FILE;
    let many: String = (0..=n)
        .map(|i| format!("subject s{i} : customer\n"))
        .collect();
    let dir = project(&[("many.redline", &many)]);
    let found = findings(dir.path());
    let limit =
        format!("more than {n} declarations in one file: the rest of this file is not checked");
    let at: Vec<_> = found.iter().filter(|(f, ..)| f == "many.redline").collect();
    assert_eq!(at.len(), 1, "{found:?}");
    assert_eq!(
        (at[0].1.as_str(), at[0].2.as_str()),
        ("E005", limit.as_str())
    );
    assert!(has(&found, "other.redline", "P001", ""), "{found:?}");
}

#[test]
fn a_configuration_past_the_size_limit_is_refused() {
    let yaml = format!(
        "# {}\ninclude: [\"*.redline\"]\n",
        "x".repeat(limits::MAX_CONFIG_BYTES as usize)
    );
    let dir = project(&[("redline.yaml", &yaml)]);
    let run = redline(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    let found = findings(dir.path());
    assert!(
        has(
            &found,
            "redline.yaml",
            "E006",
            "the file is too large (1.0 MiB; the limit is 1 MiB)"
        ),
        "{found:?}"
    );
}

#[test]
fn the_run_stops_reading_at_its_byte_limit_and_reports_the_rest() {
    // Sparse files: the sizes count, the disk holds nothing. Each is let through as far
    // as the limit (and then refused for its NUL bytes); the one past it is not read.
    let dir = project(&[]);
    let per_file = limits::MAX_FILE_BYTES;
    let fit = (limits::MAX_RUN_BYTES / per_file) as usize;
    for i in 0..=fit {
        let file =
            std::fs::File::create(dir.path().join(format!("big{i:02}.redline"))).expect("create");
        file.set_len(per_file).expect("sparse file");
    }
    let found = findings(dir.path());
    for i in 0..fit {
        assert!(
            has(
                &found,
                &format!("big{i:02}.redline"),
                "E005",
                "the file is binary"
            ),
            "{found:?}"
        );
    }
    assert!(
        has(
            &found,
            &format!("big{fit:02}.redline"),
            "E005",
            "the run has read its limit of 128 MiB of policy text"
        ),
        "{found:?}"
    );
    // `other.redline` sorts after every big file, past the limit too.
    assert!(
        has(
            &found,
            "other.redline",
            "E005",
            "the run has read its limit"
        ),
        "{found:?}"
    );
}

#[test]
fn deeply_nested_braces_are_a_syntax_error_not_a_stack_overflow() {
    let deep = format!(
        "system s : database {}{}\n",
        "{".repeat(1_000_000),
        "}".repeat(1_000_000)
    );
    let dir = project(&[("deep.redline", &deep)]);
    let found = findings(dir.path());
    assert!(has(&found, "deep.redline", "E001", ""), "{found:?}");
    assert!(has(&found, "other.redline", "P001", ""), "{found:?}");
}

#[test]
fn a_finding_on_a_very_long_line_is_reported_without_a_snippet() {
    // Past column 65,535 miette's report panicked; lines over 1,000 bytes are now
    // reported as `file:line:column: message`.
    let long = format!(
        "system a : database {{ location FR }}{}system b : database {{ locaton FR }}\n",
        " ".repeat(70_000)
    );
    let dir = project(&[("long.redline", &long)]);
    let run = redline(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("long.redline:1:70058: expected `location`, `description`, `stores`,")
            && run.stdout.contains("found `locaton`"),
        "{}",
        run.transcript()
    );
    // A short line still gets its snippet.
    assert!(
        run.stdout.contains(" 8 │ flow app -> crm : email for ads"),
        "{}",
        run.transcript()
    );
}
