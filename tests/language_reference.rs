#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! docs/language.md is the reference a person reads before typing: every example in it
//! parses, names real taxonomy ids, and every kind, basis and safeguard redline knows is
//! listed there.

mod support;

use redline::config::Settings;
use redline::knowledge::{
    BasisKind, Knowledge, RecipientKind, SafeguardKind, SubjectKind, SystemKind,
};
use redline::source::FileId;

fn page() -> String {
    std::fs::read_to_string(support::root().join("docs/language.md")).expect("docs/language.md")
}

fn examples(page: &str) -> Vec<&str> {
    page.split("```redline\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("```").map(|(block, _)| block))
        .collect()
}

#[test]
fn every_example_parses_and_names_real_taxonomy_ids() {
    let page = page();
    let blocks = examples(&page);
    assert!(blocks.len() >= 10, "only {} examples", blocks.len());
    let knowledge = Knowledge::builtin().unwrap();
    let settings = Settings::default();
    let vocabulary = settings.vocabulary(knowledge);
    for block in blocks {
        let (_, diagnostics) = redline::syntax::parse(FileId(0), block);
        assert!(
            diagnostics.is_empty(),
            "does not parse:\n{block}\n{diagnostics:?}"
        );
        for line in block.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let [keyword @ ("category" | "purpose"), _, ":", path, ..] = words.as_slice() {
                let known = match *keyword {
                    "category" => vocabulary.category(path).is_some(),
                    _ => vocabulary.purpose(path).is_some(),
                };
                assert!(known, "`{path}` is no {keyword} id: {line}");
            }
        }
    }
}

#[test]
fn every_kind_basis_and_safeguard_is_listed() {
    let page = page();
    let ids = SubjectKind::ids()
        .chain(SystemKind::ids())
        .chain(RecipientKind::ids());
    for id in ids {
        assert!(
            page.contains(&format!("| `{id}` |")),
            "kind `{id}` missing from the tables"
        );
    }
    for id in BasisKind::ids() {
        assert!(
            page.contains(&format!("`basis {id}")),
            "basis `{id}` missing from the table of bases"
        );
    }
    let safeguards = page
        .split_once("Safeguards (")
        .map(|(_, rest)| rest.split("```").next().unwrap_or_default())
        .expect("a paragraph on safeguards");
    for kind in SafeguardKind::ALL {
        let id = kind.id();
        assert!(
            safeguards.contains(&format!("`{id}")),
            "safeguard `{id}` missing"
        );
    }
}
