#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Parsing and resolving never panic, whatever the text, and every span they produce is
//! inside the text and on character boundaries.

use std::collections::BTreeMap;

use proptest::prelude::*;
use redline::diagnostic::Diagnostic;
use redline::knowledge::Knowledge;
use redline::model::{ProjectInput, Vocabulary, resolve_project};
use redline::source::FileId;
use redline::syntax;

fn spans_are_sound(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let spans = d.span().into_iter().chain(d.labels.iter().map(|l| l.span));
        for span in spans {
            let (start, end) = (span.start as usize, span.end as usize);
            assert!(
                start <= end && end <= text.len(),
                "{span:?} outside {} bytes",
                text.len()
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{span:?}"
            );
        }
    }
}

fn check(text: &str) {
    let (file, mut diagnostics) = syntax::parse(FileId(0), text);
    for declaration in &file.declarations {
        let span = declaration.span();
        assert!(span.end as usize <= text.len());
    }
    let knowledge = Knowledge::builtin().expect("knowledge");
    let none = BTreeMap::new();
    let nothing = BTreeMap::new();
    let vocabulary = Vocabulary {
        knowledge,
        extra_categories: &none,
        extra_purposes: &nothing,
    };
    let files = [file];
    let input = ProjectInput {
        files: &files,
        vocabulary,
        controller_location: None,
    };
    let (_, resolved) = resolve_project(input);
    diagnostics.extend(resolved);
    spans_are_sound(text, &diagnostics);
}

/// Words and punctuation of the language, so that generated text gets deep into the
/// grammar and the resolver instead of failing at the first character.
const TOKENS: &[&str] = &[
    "controller",
    "subject",
    "category",
    "purpose",
    "consent",
    "system",
    "processor",
    "recipient",
    "flow",
    "rule",
    "test",
    "location",
    "basis",
    "consent",
    "contract",
    "legitimate_interests",
    "retain",
    "after",
    "stores",
    "for",
    "safeguard",
    "derogation",
    "dpa",
    "subprocessor",
    "default",
    "denied",
    "granted",
    "withdraw",
    "deny",
    "data",
    "to",
    "outside",
    "in",
    "require",
    "severity",
    "error",
    "expect",
    "no",
    "clean",
    "at",
    "times",
    "isolated",
    "compatible",
    "condition",
    "health_care",
    "{",
    "}",
    ":",
    ",",
    "->",
    "\"x\"",
    "\"unterminated",
    "a",
    "b",
    "c",
    "customer",
    "database",
    "contact.email",
    "special.*",
    "service.payment",
    "FR",
    "US",
    "EEA",
    "fr",
    "13",
    "months",
    "0",
    "99999999999",
    "years",
    "# redline: allow P001 -- why",
    "# redline: allow",
    "#",
    "\n",
    "é",
    "\u{feff}",
];

proptest! {
    // 512 cases in CI; PROPTEST_CASES raises it for a longer local run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_text_parses_without_panic(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn policy_shaped_text_parses_and_resolves_without_panic(
        tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..80)
    ) {
        check(&tokens.join(" "));
    }
}

#[test]
fn deep_nesting_and_long_lines_are_handled() {
    check(&"{".repeat(100_000));
    check(&"test \"t\" { ".repeat(10_000));
    check(&format!(
        "system {} : database {{ location FR }}",
        "a".repeat(1_000_000)
    ));
}
