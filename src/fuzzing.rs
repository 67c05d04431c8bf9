//! The entry points of the fuzz targets (`fuzz/`), here so that the regression tests
//! (`tests/fuzz_regressions.rs`) run the very code the fuzzer ran. Each takes any bytes
//! and must return without panicking, whatever they are.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{self, Settings};
use crate::knowledge::Knowledge;
use crate::report::{self, Checked};
use crate::source::{FileId, SourceKind, Sources};
use crate::{check, files, syntax};

/// The parser: bytes as `redline check` reads a file (size, UTF-8 and NUL checks), then
/// the syntax tree and its diagnostics.
pub fn parser(bytes: &[u8]) {
    let Ok(text) = files::read_text(bytes, bytes.len()) else {
        return;
    };
    let _ = syntax::parse(FileId(0), &text);
}

/// The whole check pipeline on one file: parse, resolve, graph, every rule, and every
/// report format over the result.
pub fn pipeline(bytes: &[u8]) {
    let Ok(knowledge) = Knowledge::builtin() else {
        return;
    };
    let Ok(text) = files::read_text(bytes, bytes.len()) else {
        return;
    };
    let (sources, id, text) = one_source("fuzz.redline", SourceKind::Policy, &text);
    let (file, mut diagnostics) = syntax::parse(id, &text);
    let settings = Settings::default();
    let (_model, found) = check::analyse(
        std::slice::from_ref(&file),
        &settings,
        knowledge,
        knowledge.as_of(),
        &sources,
    );
    diagnostics.extend(found);
    render_every_report(&sources, id, &diagnostics);
}

/// The configuration loader on a `redline.yaml`, and the reports of its diagnostics.
pub fn config(bytes: &[u8]) {
    let Ok(knowledge) = Knowledge::builtin() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let (sources, id, text) = one_source("redline.yaml", SourceKind::Config, text);
    let (_settings, diagnostics) = config::read(id, &text, knowledge);
    render_every_report(&sources, id, &diagnostics);
}

/// A run's sources holding one file, its id and its text.
fn one_source(name: &str, kind: SourceKind, text: &str) -> (Sources, FileId, Arc<str>) {
    let text: Arc<str> = Arc::from(text);
    let mut sources = Sources::default();
    let id = sources.add(
        PathBuf::from(name),
        name.to_owned(),
        kind,
        Some(text.clone()),
    );
    (sources, id, text)
}

fn render_every_report(
    sources: &Sources,
    file: FileId,
    diagnostics: &[crate::diagnostic::Diagnostic],
) {
    let fingerprints = report::fingerprint::fingerprints(sources, diagnostics);
    let files = vec![sources.display(file).to_owned()];
    let checked = Checked {
        sources,
        diagnostics,
        fingerprints: &fingerprints,
        suppressed: &[],
        suppressed_fingerprints: &[],
        files: &files,
        fail_on: Some(crate::diagnostic::Severity::Error),
    };
    let style = report::human::Style {
        color: true,
        width: 100,
    };
    let _ = report::human::render(sources, diagnostics, 1, style, false);
    let _ = report::json::render(sources, diagnostics, &[], 1);
    let _ = report::sarif::render(&checked);
    let _ = report::junit::render(&checked);
    let _ = report::github::render(&checked);
    let _ = report::gitlab::render(&checked);
}

/// The formatter on one file: it either refuses (the file does not parse) or returns a
/// text that formats to itself. `Unsound` (its own check caught a change of meaning) is
/// a formatter bug, and so is output that formats differently a second time.
#[expect(
    clippy::panic,
    reason = "a fuzz target reports what it found by panicking"
)]
pub fn fmt(bytes: &[u8]) {
    let Ok(text) = files::read_text(bytes, bytes.len()) else {
        return;
    };
    match crate::format::format(FileId(0), &text) {
        Ok(once) => match crate::format::format(FileId(0), &once) {
            Ok(twice) => assert_eq!(once, twice, "formatting is not idempotent"),
            Err(refusal) => panic!("the formatter refuses its own output: {refusal:?}"),
        },
        Err(crate::format::Refusal::Syntax(_)) => {}
        Err(crate::format::Refusal::Unsound(why)) => panic!("unsound formatting: {why}"),
    }
}

/// The language server on an edit sequence: the bytes up to the first NUL are a document,
/// each later NUL-separated part an edit (four bytes place and size the range, the rest
/// is the new text). The document is opened and edited; then it is asked for hover and
/// completion at forty positions, formatting and the outline, and shut down. It must
/// answer every request, stop when told, and hold the same diagnostics after the edits
/// as a new server that opens the final text.
pub fn lsp(bytes: &[u8]) {
    let mut parts = bytes.split(|b| *b == 0);
    let text = String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned();
    let edits: Vec<Edit> = parts.take(32).map(Edit::of).collect();
    // Both sessions see the document at one path: diagnostics may name it.
    let Ok(dir) = tempfile::tempdir() else {
        return;
    };
    let Some(edited) = lsp_session(dir.path(), &text, &edits, true) else {
        return;
    };
    if !edits.is_empty() {
        let mut last = text;
        for edit in &edits {
            let change = edit.change(&last);
            crate::server::text::apply_change(
                &mut last,
                &change,
                crate::server::text::Encoding::Utf16,
            );
        }
        let Some(fresh) = lsp_session(dir.path(), &last, &[], false) else {
            return;
        };
        assert_eq!(
            edited, fresh,
            "the diagnostics after the edits differ from those of the final text opened anew"
        );
    }
}

/// One edit of [`lsp`]'s sequence: where its range starts and how far it reaches, in
/// lines and UTF-16 units (out of range is clamped by the server), and the new text.
struct Edit {
    line: u32,
    character: u32,
    lines: u32,
    characters: u32,
    text: String,
}

impl Edit {
    fn of(bytes: &[u8]) -> Edit {
        let byte = |i: usize| u32::from(bytes.get(i).copied().unwrap_or(0));
        Edit {
            line: byte(0),
            character: byte(1),
            lines: byte(2) % 4,
            characters: byte(3),
            text: String::from_utf8_lossy(bytes.get(4..).unwrap_or_default()).into_owned(),
        }
    }

    /// The change as a client sends it, for a document whose text is `text`: the start
    /// line is taken modulo the document's lines so that most edits land inside it.
    fn change(&self, text: &str) -> lsp_types::TextDocumentContentChangeEvent {
        let lines = u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX);
        let line = self.line % lines.max(1);
        let start = lsp_types::Position::new(line, self.character);
        let end = if self.lines == 0 {
            lsp_types::Position::new(line, self.character.saturating_add(self.characters))
        } else {
            lsp_types::Position::new(line.saturating_add(self.lines), self.characters)
        };
        lsp_types::TextDocumentContentChangeEvent {
            range: Some(lsp_types::Range::new(start, end)),
            range_length: None,
            text: self.text.clone(),
        }
    }
}

/// Opens `text` as `dir/fuzz.redline`, applies `edits`, and (when `ask`) asks at forty
/// positions, formats and outlines; returns the diagnostics last published for the
/// document, sorted. `None` when the path cannot be a URI.
#[expect(
    clippy::panic,
    reason = "a fuzz target reports what it found by panicking"
)]
fn lsp_session(
    dir: &std::path::Path,
    text: &str,
    edits: &[Edit],
    ask: bool,
) -> Option<Vec<String>> {
    use lsp_server::{Connection, Message, Notification, Request, RequestId};
    use serde_json::json;
    let path = dir.join("fuzz.redline");
    let uri = url_of(&path)?;
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || crate::server::run(server));
    let mut id = 0;
    let mut diagnostics: Vec<String> = Vec::new();
    let mut request = |method: &str, params: serde_json::Value, diagnostics: &mut Vec<String>| {
        id += 1;
        let _ = client.sender.send(Message::Request(Request::new(
            RequestId::from(id),
            method.to_owned(),
            params,
        )));
        // Every request is answered; the diagnostics published meanwhile are kept.
        loop {
            match client.receiver.recv() {
                Ok(Message::Response(r)) if r.id == RequestId::from(id) => break,
                Ok(Message::Notification(n)) if n.method == "textDocument/publishDiagnostics" => {
                    if n.params["uri"] == json!(uri) {
                        let mut now: Vec<String> = n.params["diagnostics"]
                            .as_array()
                            .map(|all| all.iter().map(|d| d.to_string()).collect())
                            .unwrap_or_default();
                        now.sort();
                        *diagnostics = now;
                    }
                }
                Ok(_) => {}
                Err(_) => panic!("the server stopped before answering {method}"),
            }
        }
    };
    let notify = |method: &str, params: serde_json::Value| {
        let _ = client.sender.send(Message::Notification(Notification::new(
            method.to_owned(),
            params,
        )));
    };
    request(
        "initialize",
        json!({ "processId": null, "capabilities": {}, "rootUri": null }),
        &mut diagnostics,
    );
    notify("initialized", json!({}));
    notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "redline", "version": 1, "text": text } }),
    );
    let mut current = text.to_owned();
    for (version, edit) in (2..).zip(edits) {
        let change = edit.change(&current);
        crate::server::text::apply_change(
            &mut current,
            &change,
            crate::server::text::Encoding::Utf16,
        );
        notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
        );
    }
    if ask {
        // Forty positions spread over the document: asking at every character of a large
        // one would make each input take seconds.
        let positions: Vec<(usize, usize)> = current
            .split('\n')
            .enumerate()
            .flat_map(|(line, content)| {
                (0..=content.encode_utf16().count()).map(move |character| (line, character))
            })
            .collect();
        let stride = (positions.len() / 40).max(1);
        for (line, character) in positions.into_iter().step_by(stride).take(40) {
            let at = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
            request("textDocument/hover", at.clone(), &mut diagnostics);
            request("textDocument/completion", at, &mut diagnostics);
        }
        request(
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
            &mut diagnostics,
        );
    }
    // The server handles messages in order, so the diagnostics of the final text are
    // published before the answer to the next request after this one (`shutdown`),
    // whose read loop keeps them.
    request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
        &mut diagnostics,
    );
    request("shutdown", serde_json::Value::Null, &mut diagnostics);
    notify("exit", serde_json::Value::Null);
    drop(client);
    assert!(
        thread.join().is_ok_and(|r| r.is_ok()),
        "the server did not stop cleanly"
    );
    Some(diagnostics)
}

fn url_of(path: &std::path::Path) -> Option<String> {
    let text = path.to_str()?;
    Some(format!("file://{text}"))
}

/// The diff of two policies (the bytes split at the first NUL): it must not panic, a
/// policy against itself has no change, and the two directions swap additions and
/// removals.
pub fn diff(bytes: &[u8]) {
    let Ok(knowledge) = Knowledge::builtin() else {
        return;
    };
    let (a, b) = match bytes.iter().position(|b| *b == 0) {
        Some(i) => (&bytes[..i], &bytes[i + 1..]),
        None => (bytes, &[][..]),
    };
    let side = |bytes: &[u8]| -> Option<(crate::diff::Side, crate::diff::facts::Findings)> {
        let text = files::read_text(bytes, bytes.len()).ok()?;
        let (sources, id, text) = one_source("fuzz.redline", SourceKind::Policy, &text);
        let (file, mut diagnostics) = syntax::parse(id, &text);
        let settings = Settings::default();
        let files = vec![file];
        let (model, found) =
            check::analyse(&files, &settings, knowledge, knowledge.as_of(), &sources);
        diagnostics.extend(found);
        let outcome = check::Outcome {
            sources,
            diagnostics,
            projects: vec![check::Project {
                root: PathBuf::from("."),
                display_root: String::new(),
                only: None,
                settings,
                files,
                model,
                analysis: None,
            }],
            ..check::Outcome::default()
        };
        Some(crate::diff::side_of(&outcome, knowledge, knowledge.as_of()))
    };
    let (Some((sa, fa)), Some((sb, fb))) = (side(a), side(b)) else {
        return;
    };
    let same = crate::diff::compare_sides(&sa, &sa, &fa, &fa);
    assert!(
        same.changes.is_empty() && same.introduced.is_empty() && same.fixed.is_empty(),
        "a policy differs from itself: {:?}",
        same.changes
    );
    let forward = crate::diff::compare_sides(&sa, &sb, &fa, &fb);
    let backward = crate::diff::compare_sides(&sb, &sa, &fb, &fa);
    // Each direction names things as its head does: the backward diff's renamed names are
    // read back under the forward head's names before comparing.
    let keyed = |d: &crate::diff::Diff, swap: bool| {
        let names: std::collections::BTreeMap<String, String> = d
            .changes
            .iter()
            .filter(|c| swap && c.kind == crate::diff::ChangeKind::Rename)
            .filter_map(|c| Some((c.after.clone()?, c.before.clone()?)))
            .collect();
        let mut out: Vec<(String, String, crate::diff::Effect)> = d
            .changes
            .iter()
            .filter(|c| c.kind != crate::diff::ChangeKind::Rename)
            .map(|c| {
                let effect = if swap { c.effect.reversed() } else { c.effect };
                let subject = crate::diff::facts::rename_words(&c.subject, &names);
                (c.kind.as_str().to_owned(), subject, effect)
            })
            .collect();
        out.sort();
        out
    };
    assert_eq!(keyed(&forward, false), keyed(&backward, true), "swap");
    let _ = crate::diff::render::markdown(
        &forward,
        &crate::diff::render::Revisions {
            base: "a".into(),
            base_commit: None,
            head: "b".into(),
            head_commit: None,
        },
    );
}
