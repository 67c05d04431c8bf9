#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Parsing and resolving never panic, whatever the text, and every span they produce is
//! inside the text and on character boundaries.

use proptest::prelude::*;
use redline::check::run_rules;
use redline::config::Settings;
use redline::diagnostic::Diagnostic;
use redline::knowledge::Knowledge;
use redline::model::{ProjectInput, Vocabulary, resolve_project};
use redline::source::{FileId, SourceKind, Sources};
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
    let vocabulary = Vocabulary::builtin(knowledge);
    let files = [file];
    let input = ProjectInput {
        files: &files,
        vocabulary,
        controller_location: None,
    };
    let (model, resolved) = resolve_project(input);
    diagnostics.extend(resolved);
    // The graph and every rule run on whatever the model holds, too.
    let settings = Settings::default();
    let mut sources = Sources::default();
    sources.add(
        "p.redline".into(),
        "p.redline".into(),
        SourceKind::Policy,
        Some(text.into()),
    );
    diagnostics
        .extend(run_rules(&model, &settings, knowledge, knowledge.as_of(), &sources).findings);
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
    "special.health",
    "advertising.targeted",
    "IN",
    "BR",
    "dpf",
    "scc",
    "privacy_shield",
    "explicit_consent",
    "child",
    "automated_decisions",
    "retention",
    "max",
    "1",
    "year",
    "subprocessor",
    "ad_network",
    "data_broker",
    "legal.compliance",
    "dpia",
    "\"DPIA-1\"",
    "scale",
    "large",
    "new_technology",
    "human_review",
    "contest",
    "needs",
    "consultation",
    "access_control",
    "erasure",
    "encrypted",
    "pseudonymised",
    "right",
    "access",
    "portability",
    "objection",
    "within",
    "source",
    "about",
    "hr.monitoring",
    "follows",
    "ccpa",
    "optout",
    "covers",
    "sale",
    "sharing",
    "honours",
    "gpc",
    "notice",
    "consideration",
    "criteria",
    "US-CA",
    "US-VA",
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

/// A well-formed declaration over a small pool of names, so that generated projects are
/// dense with references: flows between any nodes, cycles, self-loops, duplicates,
/// names of the wrong kind, subprocessor chains, storages and organisation rules.
fn declaration() -> impl Strategy<Value = String> {
    let name = || prop::sample::select(vec!["a", "b", "c", "d", "e"]);
    let pick = |v: Vec<&'static str>| prop::sample::select(v);
    (
        0..15usize,
        (name(), name(), name(), name()),
        pick(vec!["contact.email", "special.health", "media.cctv", "behavior.browsing_history"]),
        pick(vec!["service.account", "advertising.targeted", "legal.compliance", "decision.automated"]),
        pick(vec!["contract", "consent a", "explicit_consent b", "legitimate_interests \"L\""]),
        pick(vec!["FR", "US", "IN", "BR", "CA", "EEA", "GB"]),
        pick(vec!["dpf", "scc", "adequacy", "privacy_shield", "derogation", "derogation \"g\""]),
        (1..40u32, pick(vec!["days", "weeks", "months", "years"])),
        pick(vec!["access", "erasure", "portability", "objection", "restriction", "rectify"]),
    )
        .prop_map(|(kind, (n1, n2, n3, n4), cat, pur, basis, cc, sg, (d, u), right)| match kind {
            0 => format!("subject {n1} : child"),
            1 => format!("category {n1} : {cat} {{ retention max {d} {u} }}"),
            2 => format!("purpose {n1} : {pur} {{ basis {basis} retain {d} {u} compatible {n2} automated_decisions }}"),
            3 => format!("consent {n1} {{ default granted }}"),
            4 => format!("system {n1} : database {{ location {cc} stores {n2}, {n3} for {d} {u} }}"),
            5 => format!("processor {n1} {{ location {cc} safeguard {sg} subprocessor {n2} }}"),
            6 => format!("recipient {n1} : data_broker {{ location {cc} safeguard {sg} }}"),
            7 => format!("rule {n1} \"t\" {{ deny data special.*, {n2} for {n3} outside EEA require dpa for processor }}"),
            8 => format!("# redline: allow P001, {n4} -- why\nflow {n1} -> {n2} : {n3} for {n4}"),
            9 => format!("purpose {n1} : {pur} {{ basis {basis} needs {n2}, {n3} dpia \"D\" scale large new_technology \"x\" human_review \"h\" contest \"c\" }}"),
            10 => format!("system {n1} : database {{ location {cc} stores {n2} for {d} {u} encrypted pseudonymised erasure \"e\" access_control \"a\" }}"),
            11 => format!("controller \"C\" {{ location {cc} right {right} \"r\" within {d} {u} right erasure \"e\" }}"),
            12 => format!("rule {n1} \"t\" {{ source \"s\" deny data * about subject : child for {pur} require consultation for purpose : hr.* }}"),
            13 => format!("controller \"U\" {{ location US-CA follows ccpa, vcdpa optout \"o\" covers sale, sharing honours gpc }}\nsubject {n1} : child {{ location US-VA }}\nrecipient {n2} : data_broker {{ location US-TX consideration \"c\" }}\nprocessor {n3} {{ location US-CA contract \"k\" for {n4} }}"),
            _ => format!("flow {n1} -> {n2} : {n3}, {n4} for {n2}, {n4}"),
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn dense_projects_go_through_every_rule_without_panic(
        declarations in prop::collection::vec(declaration(), 0..40)
    ) {
        check(&format!("controller \"C\" {{ location FR }}\n{}", declarations.join("\n")));
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
