//! `--format json`: the stable report of CLI.md, version 1.

use serde::Serialize;

use super::{Counts, position};
use crate::diagnostic::{Diagnostic, Location, Suppressed};
use crate::source::Sources;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    findings: Vec<Finding<'a>>,
    /// The findings suppression comments silenced, with their reasons (an addition to
    /// CLI.md's fields: the accepted risks a DPO lists).
    suppressed: Vec<SuppressedFinding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct SuppressedFinding<'a> {
    #[serde(flatten)]
    finding: Finding<'a>,
    suppression: Suppression<'a>,
}

/// The comment that silenced a finding.
#[derive(Serialize)]
struct Suppression<'a> {
    reason: &'a str,
    file: &'a str,
    line: usize,
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

pub fn render(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    suppressed: &[Suppressed],
    files: usize,
) -> String {
    let findings = diagnostics.iter().map(|d| finding(sources, d)).collect();
    let suppressed = suppressed
        .iter()
        .map(|s| SuppressedFinding {
            finding: finding(sources, &s.finding),
            suppression: Suppression {
                reason: &s.reason,
                file: sources.display(s.comment.file),
                line: super::position_of(sources, Location::Span(s.comment)).line,
            },
        })
        .collect();
    let counts = Counts::of(diagnostics);
    let report = Report {
        version: 1,
        findings,
        suppressed,
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
