//! The fuzzers' minimised corpora and every input they ever crashed or hung on, kept in
//! tests/fuzz/TARGET/, replayed through the very entry point the fuzz target calls
//! (`redline::fuzzing`), plus the seed inputs the fuzzers start from. A panic fails the
//! test, and so does a target whose directory is missing or empty.

#![allow(clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

mod support;

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn replay(target: &str, run: fn(&[u8]), seeds: &[&str]) {
    let root = support::root();
    // The kept corpus is part of the test: a missing or empty directory is a failure,
    // not a pass with nothing replayed.
    let kept = files_under(&root.join("tests/fuzz").join(target));
    assert!(
        !kept.is_empty(),
        "tests/fuzz/{target} is missing or empty: keep the fuzzer's minimised corpus there (scripts/fuzz.sh)"
    );
    let mut inputs = kept;
    for seed in seeds {
        inputs.extend(
            files_under(&root.join(seed))
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "redline" || e == "yaml")),
        );
    }
    assert!(!inputs.is_empty(), "{target}: no inputs to replay");
    for input in inputs {
        let bytes = std::fs::read(&input).expect("read input");
        // The panic message names the input, then fails the test.
        if std::panic::catch_unwind(|| run(&bytes)).is_err() {
            panic!("{target} panicked on {}", input.display());
        }
    }
}

const POLICY_SEEDS: &[&str] = &["examples", "tests/corpus/broken", "tests/language"];

#[test]
fn the_parser_survives_every_kept_input() {
    replay("parser", redline::fuzzing::parser, POLICY_SEEDS);
}

#[test]
fn the_pipeline_survives_every_kept_input() {
    replay("pipeline", redline::fuzzing::pipeline, POLICY_SEEDS);
}

#[test]
fn the_configuration_loader_survives_every_kept_input() {
    replay(
        "config",
        redline::fuzzing::config,
        &["examples", "templates"],
    );
}

#[test]
fn the_formatter_is_idempotent_on_every_kept_input() {
    replay("fmt", redline::fuzzing::fmt, POLICY_SEEDS);
}

#[test]
fn the_language_server_answers_every_kept_input() {
    // The server is started once per input: the kept corpus and the examples only.
    replay("lsp", redline::fuzzing::lsp, &["examples"]);
}

#[test]
fn the_diff_survives_every_kept_input_and_swaps() {
    replay("diff", redline::fuzzing::diff, POLICY_SEEDS);
}
