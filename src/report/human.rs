//! `--format human`: miette's graphical report, one diagnostic after another, with the
//! source snippet; places in other files become related diagnostics.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::{Counts, plural};
use crate::diagnostic::{Diagnostic, Label, Location, RuleId, Severity, Suppressed};
use crate::source::{FileId, Sources, Span};

#[derive(Clone, Copy, Debug)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

/// A file's text shared between diagnostics instead of copied into each one, with where
/// its lines start as miette counts them (after `\n`, `\r\n` or a lone `\r`).
#[derive(Debug, Clone)]
struct Text {
    text: Arc<str>,
    line_starts: Arc<[usize]>,
}

/// A snippet is shown only if every line it would print (the span's, and one line of
/// context on either side, as the handler prints) is at most this long, and the span
/// covers at most `MAX_SNIPPET_LINES` lines. miette panics on a label past column 65,535
/// and takes minutes and gigabytes on a line of megabytes; such findings are reported
/// with their place and message only.
const MAX_SNIPPET_LINE_BYTES: usize = 1_000;
const MAX_SNIPPET_LINES: usize = 50;

impl Text {
    fn fits(&self, span: Span) -> bool {
        let line_of = |offset: usize| {
            self.line_starts
                .partition_point(|start| *start <= offset)
                .saturating_sub(1)
        };
        let first = line_of(span.start as usize).saturating_sub(1);
        let last = line_of(span.end as usize) + 1;
        if last - first > MAX_SNIPPET_LINES + 2 {
            return false;
        }
        (first..=last.min(self.line_starts.len() - 1)).all(|line| {
            let start = self.line_starts[line];
            let end = self
                .line_starts
                .get(line + 1)
                .copied()
                .unwrap_or(self.text.len());
            end - start <= MAX_SNIPPET_LINE_BYTES
        })
    }

    fn new(text: Arc<str>) -> Text {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for (i, byte) in bytes.iter().enumerate() {
            let ends_line = *byte == b'\n' || (*byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i + 1);
            }
        }
        Text {
            text,
            line_starts: line_starts.into(),
        }
    }
}

impl SourceCode for Text {
    /// miette reads a `str` from its first byte to the span; with thousands of findings
    /// in one large file that is quadratic. Reading from the first context line gives the
    /// same contents: the lines before it are only counted, and the index counts them.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let line = self
            .line_starts
            .partition_point(|start| *start <= span.offset())
            .saturating_sub(1);
        // One line more than the context: miette looks one byte before an empty span,
        // which for a span at a line's start is the end of the line before.
        let first = line.saturating_sub(context_lines_before + 1);
        let window_start = self.line_starts.get(first).copied().unwrap_or(0);
        let window = self
            .text
            .as_bytes()
            .get(window_start..)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - window_start).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data = contents.data();
        let shown = SourceSpan::new(
            (contents.span().offset() + window_start).into(),
            contents.span().len(),
        );
        Ok(Box::new(MietteSpanContents::new(
            data,
            shown,
            contents.line() + first,
            contents.column(),
            contents.line_count() + first,
        )))
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

/// The files' texts as miette reads them, each indexed once.
struct Texts<'s> {
    sources: &'s Sources,
    indexed: HashMap<FileId, Text>,
}

impl Texts<'_> {
    /// The file to show a snippet of `span` from, if its lines are short enough.
    fn snippet(&mut self, span: Span) -> Option<NamedSource<Text>> {
        let f = self.sources.get(span.file)?;
        let text = match self.indexed.get(&span.file) {
            Some(text) => text.clone(),
            None => {
                let text = Text::new(f.text.clone()?);
                self.indexed.insert(span.file, text.clone());
                text
            }
        };
        text.fits(span)
            .then(|| NamedSource::new(f.display.clone(), text).with_language("redline"))
    }

    /// `file:line:column`, for a place shown without a snippet.
    fn place(&self, span: Span) -> String {
        let at = super::position_of(self.sources, Location::Span(span));
        format!(
            "{}:{}:{}",
            self.sources.display(span.file),
            at.line,
            at.column
        )
    }
}

fn labeled(span: Span, text: Option<String>, primary: bool) -> LabeledSpan {
    let range = SourceSpan::new((span.start as usize).into(), span.len());
    if primary {
        LabeledSpan::new_primary_with_span(text, range)
    } else {
        LabeledSpan::new_with_span(text, range)
    }
}

fn build(texts: &mut Texts<'_>, d: &Diagnostic) -> Rendered {
    let sources = texts.sources;
    let severity = match d.severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    };
    let help = d.help.clone();
    let code = d.rule.to_string();
    // Notes follow the message, each on its own line.
    let message: String = std::iter::once(d.message.clone())
        .chain(d.notes.iter().map(|n| format!("note: {n}")))
        .collect::<Vec<_>>()
        .join("\n");
    let (header, source, mut labels) = match d.location {
        Location::Span(span) => match texts.snippet(span) {
            Some(source) => (
                message,
                Some(source),
                vec![labeled(span, d.label.clone(), true)],
            ),
            None => (
                format!("{}: {message}", texts.place(span)),
                None,
                Vec::new(),
            ),
        },
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
        let snippet = texts.snippet(*span);
        if Some(span.file) == home && source.is_some() && snippet.is_some() {
            labels.push(labeled(*span, Some(message.clone()), false));
        } else {
            let (header, labels) = match snippet {
                Some(_) => (
                    message.clone(),
                    vec![labeled(*span, Some(message.clone()), true)],
                ),
                None => (format!("{}: {message}", texts.place(*span)), Vec::new()),
            };
            related.push(Rendered {
                header,
                code: String::new(),
                severity: miette::Severity::Advice,
                help: None,
                source: snippet,
                labels,
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
    let mut texts = Texts {
        sources,
        indexed: HashMap::new(),
    };
    for d in diagnostics {
        let rendered = build(&mut texts, d);
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
    let mut counts: std::collections::BTreeMap<&RuleId, usize> = Default::default();
    for d in diagnostics {
        *counts.entry(&d.rule).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    // A built-in rule is `CODE  name`; an organisation's rule, whose code is its name, is
    // printed once, in the name column.
    rows.iter()
        .map(|(rule, n)| {
            let code = if rule.code == rule.name {
                ""
            } else {
                &rule.code
            };
            format!("{n:>5}  {code:<4}  {}\n", rule.name)
        })
        .collect()
}

/// The findings suppression comments silenced (`--show-suppressed`): the risks the team
/// accepted, each with its place, its reason and the comment that accepted it.
pub fn suppressed(sources: &Sources, suppressed: &[Suppressed]) -> String {
    if suppressed.is_empty() {
        return "No suppressed findings.\n".to_owned();
    }
    let mut text = format!(
        "{} (accepted risks):\n",
        plural(suppressed.len(), "suppressed finding")
    );
    for s in suppressed {
        let p = super::position(sources, &s.finding);
        let file = s.finding.location.file().map_or("", |f| sources.display(f));
        let comment = super::position_of(sources, Location::Span(s.comment));
        text.push_str(&format!(
            "  {file}:{}:{}: {} [{}]: {}\n      reason: {} ({}:{})\n",
            p.line,
            p.column,
            s.finding.rule,
            s.finding.severity.as_str(),
            s.finding.message,
            s.reason,
            sources.display(s.comment.file),
            comment.line,
        ));
    }
    text
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn contents(source: &dyn SourceCode, span: SourceSpan, before: usize, after: usize) -> String {
        match source.read_span(&span, before, after) {
            Ok(c) => format!(
                "{:?} {:?} line {} column {} lines {}",
                String::from_utf8_lossy(c.data()),
                c.span(),
                c.line(),
                c.column(),
                c.line_count()
            ),
            Err(e) => format!("error {e}"),
        }
    }

    #[test]
    fn an_empty_span_at_a_line_start_reads_as_miette_does() {
        // Found by the property test below in CI.
        let text = "\na  a a\na a  \n a  a\na\raa\r\n \r ";
        let span = SourceSpan::new(14.into(), 0);
        let indexed = Text::new(Arc::from(text));
        assert_eq!(contents(&indexed, span, 0, 0), contents(&text, span, 0, 0));
    }

    proptest! {
        // The indexed reading must give exactly what miette's own reading of the whole
        // text gives, line endings of every kind included.
        #[test]
        fn indexed_reading_matches_miette(
            text in "([a-c ]{0,6}(\n|\r\n|\r)){0,12}[a-c ]{0,6}",
            start in 0usize..90,
            len in 0usize..20,
            before in 0usize..4,
            after in 0usize..4,
        ) {
            let start = start.min(text.len());
            let len = len.min(text.len() - start);
            let span = SourceSpan::new(start.into(), len);
            let indexed = Text::new(Arc::from(text.as_str()));
            prop_assert_eq!(
                contents(&indexed, span, before, after),
                contents(&text.as_str(), span, before, after)
            );
        }
    }
}
