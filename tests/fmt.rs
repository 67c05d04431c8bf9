//! `redline fmt` over every policy file of the repository and the broken-input corpus:
//! what it changes (reviewed as diffs), that it is idempotent, that comments injected
//! before every token all survive in their order, and the command's exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use redline::format::{Refusal, format};
use redline::source::FileId;
use redline::syntax::tokens::{Kind, lex};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The `.redline` files under `dir`, sorted.
fn policy_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "redline") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every policy file the repository ships that parses: examples, packs, fixtures, tests.
fn corpus() -> Vec<(String, String)> {
    let mut files = Vec::new();
    for dir in [
        "examples",
        "policies",
        "tests/fixtures",
        "tests/harness",
        "tests/language",
        "tests/fmt",
    ] {
        for path in policy_files(&root().join(dir)) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let shown = path
                .strip_prefix(root())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((shown, text));
        }
    }
    files
}

fn comments(text: &str) -> Vec<String> {
    lex(text)
        .iter()
        .filter(|t| t.kind == Kind::Comment)
        .map(|t| text[t.start..t.end].trim_end().to_owned())
        .collect()
}

fn diff(shown: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .header(&format!("a/{shown}"), &format!("b/{shown}"))
        .to_string()
}

#[test]
fn every_policy_file_formats_idempotently_with_its_comments_in_order() {
    let mut formatted = 0;
    for (shown, text) in corpus() {
        let out = match format(FileId(0), &text) {
            Ok(out) => out,
            Err(Refusal::Syntax(_)) => continue,
            Err(Refusal::Unsound(e)) => panic!("{shown}: {e}"),
        };
        formatted += 1;
        assert_eq!(comments(&out), comments(&text), "{shown}: comments changed");
        let again = format(FileId(0), &out).unwrap_or_else(|e| panic!("{shown}: {e:?}"));
        assert_eq!(
            again,
            out,
            "{shown}: not idempotent:\n{}",
            diff(&shown, &out, &again)
        );
        assert!(
            !out.lines().any(|l| l.ends_with(' ')),
            "{shown}: trailing spaces"
        );
    }
    assert!(formatted > 150, "only {formatted} files formatted");
}

/// What the formatter changes in the examples, the packs and the golden cases: read as
/// diffs, which say more than whole files.
#[test]
fn what_fmt_changes() {
    let mut out = String::new();
    for (shown, text) in corpus()
        .into_iter()
        .filter(|(s, _)| !s.starts_with("tests/fixtures") && !s.starts_with("tests/harness"))
    {
        match format(FileId(0), &text) {
            Ok(formatted) if formatted == text => {}
            Ok(formatted) => out.push_str(&diff(&shown, &text, &formatted)),
            Err(Refusal::Syntax(d)) => {
                out.push_str(&format!("{shown}: refused, {} syntax error(s)\n", d.len()))
            }
            Err(Refusal::Unsound(e)) => panic!("{shown}: {e}"),
        }
    }
    insta::assert_snapshot!(out);
}

/// The broken-input corpus: every file is refused (or formatted, if it parses), never a
/// panic.
#[test]
fn the_broken_corpus_is_refused_file_by_file() {
    let mut out = String::new();
    for path in policy_files(&root().join("tests/corpus")) {
        let shown = path
            .strip_prefix(root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let verdict = match redline::files::read_policy(&path) {
            Err(reason) => format!("unreadable: {reason}"),
            Ok(text) => match format(FileId(0), &text) {
                Ok(formatted) if formatted == text => "already formatted".to_owned(),
                Ok(_) => "reformatted".to_owned(),
                Err(Refusal::Syntax(d)) => format!("refused: {}", d[0].message),
                Err(Refusal::Unsound(e)) => panic!("{shown}: {e}"),
            },
        };
        out.push_str(&format!("{shown}: {verdict}\n"));
    }
    insta::assert_snapshot!(out);
}

/// `# cN` before every token (cedar-spec's formatter fuzzing, transposed): every comment
/// survives, in order, and the result is idempotent.
#[test]
fn comments_before_every_token_survive() {
    for (shown, text) in corpus() {
        if format(FileId(0), &text).is_err() {
            continue;
        }
        let mut injected = String::with_capacity(text.len() * 2);
        let mut last = 0;
        for (n, token) in lex(&text).iter().enumerate() {
            if token.kind == Kind::Newline {
                continue;
            }
            injected.push_str(&text[last..token.start]);
            injected.push_str(&format!("# c{n}\n"));
            last = token.start;
        }
        injected.push_str(&text[last..]);
        let out = format(FileId(0), &injected).unwrap_or_else(|e| panic!("{shown}: {e:?}"));
        assert_eq!(comments(&out), comments(&injected), "{shown}");
        assert_eq!(
            format(FileId(0), &out).unwrap(),
            out,
            "{shown}: not idempotent"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Comments and suppression comments at random places, trailing or on lines of their
    /// own: the formatter never refuses a file that parses, keeps every comment, keeps
    /// what each suppression silences (it checks that itself) and is idempotent.
    #[test]
    fn random_comments_survive(
        file in 0usize..1000,
        places in proptest::collection::vec((0usize..10_000, 0u8..4), 1..12),
    ) {
        let files = corpus();
        let (shown, text) = &files[file % files.len()];
        prop_assume!(format(FileId(0), text).is_ok());
        let starts: Vec<usize> = lex(text)
            .iter()
            .filter(|t| t.kind != Kind::Newline)
            .map(|t| t.start)
            .collect();
        prop_assume!(!starts.is_empty());
        let mut at: Vec<(usize, u8)> = places
            .iter()
            .map(|&(p, kind)| (starts[p % starts.len()], kind))
            .collect();
        at.sort();
        at.dedup_by_key(|(p, _)| *p);
        let mut injected = String::new();
        let mut last = 0;
        for (n, &(position, kind)) in at.iter().enumerate() {
            injected.push_str(&text[last..position]);
            injected.push_str(match kind {
                0 => "# note\n",
                1 => "  # redline: allow P001 -- injected\n",
                2 => "\n# redline: allow purpose-creep -- injected\n",
                _ => "\n\n\n",
            });
            let _ = n;
            last = position;
        }
        injected.push_str(&text[last..]);
        let out = format(FileId(0), &injected);
        prop_assert!(out.is_ok(), "{shown}: {:?}\n{injected}", out.err());
        let out = out.unwrap();
        prop_assert_eq!(comments(&out), comments(&injected));
        prop_assert_eq!(format(FileId(0), &out).unwrap(), out);
    }
}

#[test]
fn the_command_checks_diffs_writes_and_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("a.redline");
    std::fs::write(&policy, "category  email:contact.email\n").unwrap();
    std::fs::write(dir.path().join("broken.redline"), "category email :\n").unwrap();
    std::fs::write(
        dir.path().join("ok.redline"),
        "category name : identity.name\n",
    )
    .unwrap();

    let check = support::redline(dir.path(), &["fmt", "--check", "a.redline", "ok.redline"]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(check.stderr.contains("would reformat a.redline"));
    assert_eq!(
        std::fs::read_to_string(&policy).unwrap(),
        "category  email:contact.email\n"
    );

    let diff = support::redline(dir.path(), &["fmt", "--diff", "a.redline"]);
    insta::assert_snapshot!(diff.transcript());

    // The broken file is refused (exit 2) and the others are still formatted.
    let write = support::redline(dir.path(), &["fmt"]);
    assert_eq!(write.code, 2, "{}", write.transcript());
    assert!(
        write
            .stderr
            .contains("broken.redline: not formatted: it does not parse")
    );
    assert_eq!(
        std::fs::read_to_string(&policy).unwrap(),
        "category email : contact.email\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("broken.redline")).unwrap(),
        "category email :\n"
    );

    let again = support::redline(dir.path(), &["fmt", "--check", "a.redline", "ok.redline"]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert!(
        again
            .stderr
            .contains("0 files would be reformatted, 2 files already formatted")
    );
}

#[test]
fn standard_input_is_formatted_to_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let run = support::redline_stdin(dir.path(), &["fmt", "-"], b"flow a ->b:c for d\n");
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, "flow a -> b : c for d\n");
}
