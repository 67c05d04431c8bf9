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
