//! `--format json`: the stable report of CLI.md, version 1.

use serde::Serialize;

use super::{Counts, position};
use crate::diagnostic::Diagnostic;
use crate::source::Sources;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    findings: Vec<Finding<'a>>,
    summary: Summary,
}

/// One finding as the JSON reports print it.
#[derive(Serialize)]
pub struct Finding<'a> {
    rule: &'a str,
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    notes: &'a [String],
    /// How to fix it, when redline knows (an addition to CLI.md's fields).
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

pub fn finding<'a>(sources: &'a Sources, d: &'a Diagnostic) -> Finding<'a> {
    let p = position(sources, d);
    Finding {
        rule: &d.rule.name,
        code: &d.rule.code,
        severity: d.severity.as_str(),
        message: &d.message,
        file: d.location.file().map_or("", |f| sources.display(f)),
        line: p.line,
        column: p.column,
        end_line: p.end_line,
        end_column: p.end_column,
        notes: &d.notes,
        help: d.help.as_deref(),
    }
}

pub fn render(sources: &Sources, diagnostics: &[Diagnostic], files: usize) -> String {
    let findings = diagnostics.iter().map(|d| finding(sources, d)).collect();
    let counts = Counts::of(diagnostics);
    let report = Report {
        version: 1,
        findings,
        summary: Summary {
            files,
            errors: counts.errors,
            warnings: counts.warnings,
            infos: counts.infos,
        },
    };
    let mut text =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
