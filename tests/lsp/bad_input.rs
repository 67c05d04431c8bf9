//! Input an editor will send sooner or later: files outside any project, files deleted
//! or renamed while open, bytes that are not UTF-8, every file of the broken-input
//! corpus, a project of 10,000 files, and random edits. The server answers or stays
//! quiet; it never stops.

use lsp_types::request::{Completion, HoverRequest};
use proptest::prelude::*;
use serde_json::json;

use crate::{TestServer, example, support};

#[test]
fn a_file_outside_any_project_is_checked_alone_and_forgotten_when_closed() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = TestServer::start(dir.path());
    let stray = server.open_text(
        "stray.redline",
        "subject c : customer\ncategory e : contact.email\nsystem s : database { location FR }\nflow c -> s : e for p\n",
    );
    let found = server
        .take_diagnostics(&stray)
        .expect("diagnostics for a stray file");
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "E002"),
        "{found}"
    );
    server.take_all_diagnostics();
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": stray.as_str() } }),
    );
    assert_eq!(server.take_diagnostics(&stray), Some(json!([])));
}

#[test]
fn a_file_deleted_or_renamed_while_open_leaves_the_project_clean() {
    let (_dir, shop) = example("webshop");
    let mut server = TestServer::start(&shop);
    let flows = server.open("policies/flows.redline");
    assert!(server.take_diagnostics(&flows).is_some());
    server.take_all_diagnostics();
    // Renamed on disk while open: the editor reports the change, closes the old name and
    // opens the new one.
    let old = server.root().join("policies/flows.redline");
    let new = server.root().join("policies/moved.redline");
    std::fs::rename(&old, &new).unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [
            { "uri": flows.as_str(), "type": 3 },
            { "uri": server.uri("policies/moved.redline").as_str(), "type": 1 }
        ]}),
    );
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": flows.as_str() } }),
    );
    let moved = server.open("policies/moved.redline");
    let published = server.take_all_diagnostics();
    assert!(
        published
            .iter()
            .any(|(u, n)| u.ends_with("flows.redline") && *n == 0),
        "{published:?}"
    );
    assert!(
        published
            .iter()
            .any(|(u, n)| u.ends_with("moved.redline") && *n > 0),
        "{published:?}"
    );
    // Deleted while open, then closed: its findings go.
    std::fs::remove_file(&new).unwrap();
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": moved.as_str() } }),
    );
    let published = server.take_all_diagnostics();
    assert!(
        published
            .iter()
            .any(|(u, n)| u.ends_with("moved.redline") && *n == 0),
        "{published:?}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_not_read() {
    let (_dir, shop) = example("webshop");
    std::fs::write(
        shop.join("policies/latin1.redline"),
        b"category caf\xe9 : contact.email\n",
    )
    .unwrap();
    let mut server = TestServer::start(&shop);
    server.open("policies/data.redline");
    let latin1 = server.uri("policies/latin1.redline");
    let diagnostics = server
        .take_diagnostics(&latin1)
        .expect("the unreadable file is reported");
    server.take_all_diagnostics();
    let message = diagnostics[0]["message"].as_str().unwrap();
    assert!(message.contains("not valid UTF-8"), "{message}");
}

#[test]
fn every_file_of_the_broken_corpus_is_survived() {
    let corpus = support::root().join("tests/corpus/broken");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redline.yaml"),
        "include: [\"*.redline\"]\n",
    )
    .unwrap();
    let mut server = TestServer::start(dir.path());
    let mut names: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let uri = server.open_text(&name, &text);
        let lines = text.lines().count() as u32;
        for line in 0..lines.min(40) {
            for character in [0, 3, 12, 200] {
                let at = TestServer::at(&uri, line, character);
                server.request::<HoverRequest>(at.clone());
                server.request::<Completion>(at);
            }
        }
    }
    server.take_all_diagnostics();
}

#[test]
fn a_project_of_ten_thousand_files_loads_and_answers() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("redline.yaml"),
        "include: [\"policies/**/*.redline\"]\n",
    )
    .unwrap();
    for i in 0..10_000 {
        let sub = dir.path().join(format!("policies/{:03}", i / 100));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(
            sub.join(format!("c{i}.redline")),
            format!("category c{i} : contact.email\n"),
        )
        .unwrap();
    }
    let mut server = TestServer::start(dir.path());
    let uri = server.open("policies/000/c0.redline");
    let diagnostics = server.take_diagnostics(&uri).expect("published");
    // Every category is unused: one finding in each file.
    assert_eq!(diagnostics.as_array().unwrap().len(), 1);
    let published = server.take_all_diagnostics();
    assert_eq!(published.len(), 9_999);
    let completion = server.request::<Completion>(json!({
        "textDocument": { "uri": uri.as_str() }, "position": { "line": 1, "character": 0 }
    }));
    assert!(!completion.as_array().unwrap().is_empty());
}

fn random_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\n".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("flow a -> ".to_owned()),
        Just("category x : contact.".to_owned()),
        Just("\"unterminated".to_owned()),
        Just("# redline: allow ".to_owned()),
        Just("é😀".to_owned()),
        "[a-z :,>{}\n-]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Random edits at random (often invalid) positions, then hover and completion
    /// anywhere: every request is answered. (That incremental edits give the text a full
    /// replacement would is `server::text`'s property test.)
    #[test]
    fn random_edits_never_stop_the_server(
        edits in proptest::collection::vec(((0u32..16, 0u32..60), (0u32..16, 0u32..60), random_text()), 1..16),
        probes in proptest::collection::vec((0u32..18, 0u32..70), 1..6),
    ) {
        let (_dir, shop) = example("webshop");
        let mut server = TestServer::start(&shop);
        let flows = server.open("policies/flows.redline");
        for (start, end, text) in &edits {
            let (start, end) = if start <= end { (*start, *end) } else { (*end, *start) };
            server.edit(&flows, [start, end], text);
        }
        for (line, character) in probes {
            let at = TestServer::at(&flows, line, character);
            let hover = server.request_result("textDocument/hover", at.clone());
            prop_assert!(hover.is_ok(), "{hover:?}");
            let completion = server.request_result("textDocument/completion", at);
            prop_assert!(completion.is_ok(), "{completion:?}");
        }
        server.take_all_diagnostics();
    }
}
