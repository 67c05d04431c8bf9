//! `--format human`: miette's graphical report, one diagnostic after another, with the
//! source snippet; places in other files become related diagnostics.

use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, NamedSource, SourceCode,
    SourceSpan, SpanContents,
};

use super::{Counts, plural};
use crate::diagnostic::{Diagnostic, Label, Location, Severity};
use crate::source::{FileId, Sources, Span};

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// A file's text shared between diagnostics instead of copied into each one.
#[derive(Debug, Clone)]
struct Text(Arc<str>);

impl SourceCode for Text {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        self.0
            .as_ref()
            .read_span(span, context_lines_before, context_lines_after)
    }
}

#[derive(Debug)]
struct Rendered {
    header: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<Text>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.header)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(
                self.related.iter().map(|r| r as &dyn miette::Diagnostic),
            ))
        }
    }
}

fn named_source(sources: &Sources, file: FileId) -> Option<NamedSource<Text>> {
    let f = sources.get(file)?;
    let text = f.text.clone()?;
    Some(NamedSource::new(f.display.clone(), Text(text)).with_language("redline"))
}

fn labeled(span: Span, text: Option<String>, primary: bool) -> LabeledSpan {
    let range = SourceSpan::new((span.start as usize).into(), span.len());
    if primary {
        LabeledSpan::new_primary_with_span(text, range)
    } else {
        LabeledSpan::new_with_span(text, range)
    }
}

fn build(sources: &Sources, d: &Diagnostic) -> Rendered {
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let help = d.help.clone();
    // An organisation rule's code is its name: show it once.
    let code = if d.rule.code == d.rule.name {
        d.rule.code.to_string()
    } else {
        format!("{} {}", d.rule.code, d.rule.name)
    };
    // Notes follow the message, each on its own line.
    let message: String = std::iter::once(d.message.clone())
        .chain(d.notes.iter().map(|n| format!("note: {n}")))
        .collect::<Vec<_>>()
        .join("\n");
    let (header, source, mut labels) = match d.location {
        Location::Span(span) => (
            message,
            named_source(sources, span.file),
            vec![labeled(span, d.label.clone(), true)],
        ),
        Location::File(file) => (
            format!("{}: {}", sources.display(file), d.message),
            None,
            Vec::new(),
        ),
        Location::Nowhere => (d.message.clone(), None, Vec::new()),
    };
    let home = d.location.file();
    let mut related = Vec::new();
    for Label { span, message } in &d.labels {
        if Some(span.file) == home && source.is_some() {
            labels.push(labeled(*span, Some(message.clone()), false));
        } else {
            related.push(Rendered {
                header: message.clone(),
                code: String::new(),
                severity: miette::Severity::Advice,
                help: None,
                source: named_source(sources, span.file),
                labels: vec![labeled(*span, Some(message.clone()), true)],
                related: Vec::new(),
            });
        }
    }
    Rendered {
        header,
        code,
        severity,
        help,
        source,
        labels,
        related,
    }
}

/// The diagnostics, then a summary line unless `quiet`.
pub fn render(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    files: usize,
    style: Style,
    quiet: bool,
) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false);
    let mut out = String::new();
    for d in diagnostics {
        let rendered = build(sources, d);
        if handler.render_report(&mut out, &rendered).is_err() {
            out.push_str(&format!("{}: {}\n", d.rule.code, d.message));
        }
        out.push('\n');
    }
    if !quiet {
        out.push_str(&summary(diagnostics, files));
        out.push('\n');
    }
    out
}

pub fn summary(diagnostics: &[Diagnostic], files: usize) -> String {
    let counts = Counts::of(diagnostics);
    let checked = plural(files, "file");
    if diagnostics.is_empty() {
        return format!("No findings in {checked}.");
    }
    let mut parts = Vec::new();
    if counts.errors > 0 {
        parts.push(plural(counts.errors, "error"));
    }
    if counts.warnings > 0 {
        parts.push(plural(counts.warnings, "warning"));
    }
    if counts.infos > 0 {
        parts.push(plural(counts.infos, "info"));
    }
    format!("Found {} in {checked}.", parts.join(", "))
}

/// `--statistics`: findings per rule, most frequent first.
pub fn statistics(diagnostics: &[Diagnostic]) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for d in diagnostics {
        *counts.entry((&d.rule.code, &d.rule.name)).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rows.iter()
        .map(|((code, name), n)| format!("{n:>5}  {code}  {name}\n"))
        .collect()
}

/// What the baseline hid, and what it holds that is gone.
pub fn baseline(applied: crate::baseline::Applied) -> String {
    let mut text = String::new();
    if applied.hidden > 0 {
        text.push_str(&format!(
            "{} hidden by the baseline.\n",
            plural(applied.hidden, "finding")
        ));
    }
    if applied.fixed > 0 {
        text.push_str(&format!(
            "{} in the baseline {} fixed: write the baseline again to drop {}.\n",
            plural(applied.fixed, "finding"),
            if applied.fixed == 1 { "is" } else { "are" },
            if applied.fixed == 1 { "it" } else { "them" },
        ));
    }
    text
}
