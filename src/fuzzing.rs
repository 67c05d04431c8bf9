//! The entry points of the fuzz targets (`fuzz/`), here so that the regression tests
//! (`tests/fuzz_regressions.rs`) run the very code the fuzzer ran. Each takes any bytes
//! and must return without panicking, whatever they are.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{self, Settings};
use crate::knowledge::Knowledge;
use crate::report::{self, Checked};
use crate::source::{SourceKind, Sources};
use crate::{check, files, syntax};

/// The parser: bytes as `redline check` reads a file (size, UTF-8 and NUL checks), then
/// the syntax tree and its diagnostics.
pub fn parser(bytes: &[u8]) {
    let Ok(text) = files::read_text(bytes, bytes.len()) else {
        return;
    };
    let mut sources = Sources::default();
    let id = sources.add(
        PathBuf::from("fuzz.redline"),
        "fuzz.redline".to_owned(),
        SourceKind::Policy,
        None,
    );
    let _ = syntax::parse(id, &text);
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
    let text: Arc<str> = Arc::from(text);
    let mut sources = Sources::default();
    let id = sources.add(
        PathBuf::from("fuzz.redline"),
        "fuzz.redline".to_owned(),
        SourceKind::Policy,
        Some(text.clone()),
    );
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
    render_every_report(&sources, &diagnostics);
}

/// The configuration loader on a `redline.yaml`, and the reports of its diagnostics.
pub fn config(bytes: &[u8]) {
    let Ok(knowledge) = Knowledge::builtin() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let text: Arc<str> = Arc::from(text);
    let mut sources = Sources::default();
    let id = sources.add(
        PathBuf::from("redline.yaml"),
        "redline.yaml".to_owned(),
        SourceKind::Config,
        Some(text.clone()),
    );
    let (_settings, diagnostics) = config::read(id, &text, knowledge);
    render_every_report(&sources, &diagnostics);
}

fn render_every_report(sources: &Sources, diagnostics: &[crate::diagnostic::Diagnostic]) {
    let fingerprints = report::fingerprint::fingerprints(sources, diagnostics);
    let files = vec!["fuzz.redline".to_owned()];
    let checked = Checked {
        sources,
        diagnostics,
        fingerprints: &fingerprints,
        files: &files,
        fail_on: Some(crate::diagnostic::Severity::Error),
    };
    let style = report::human::Style {
        color: true,
        width: 100,
    };
    let _ = report::human::render(sources, diagnostics, 1, style, false);
    let _ = report::json::render(sources, diagnostics, 1);
    let _ = report::sarif::render(&checked);
    let _ = report::junit::render(&checked);
    let _ = report::github::render(&checked);
    let _ = report::gitlab::render(&checked);
}
