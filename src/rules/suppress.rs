//! `# redline: allow RULE -- reason` silences RULE for the declaration on the comment's
//! line or the line below it. Input diagnostics are never silenced.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Suppressed};
use crate::model::Model;
use crate::source::{FileId, Sources, Span};
use crate::syntax::ast::Suppression;

/// One rule named in one suppression comment that silenced nothing.
pub struct Unused<'a> {
    pub suppression: &'a Suppression,
    pub rule: usize,
}

/// Every declaration's span, to find the one a finding belongs to.
fn declaration_spans(model: &Model) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(model.controller.iter().map(|c| c.span));
    spans.extend(model.subjects.iter().map(|d| d.span));
    spans.extend(model.categories.iter().map(|d| d.span));
    spans.extend(model.purposes.iter().map(|d| d.span));
    spans.extend(model.consents.iter().map(|d| d.span));
    spans.extend(model.systems.iter().map(|d| d.span));
    spans.extend(model.processors.iter().map(|d| d.span));
    spans.extend(model.recipients.iter().map(|d| d.span));
    spans.extend(model.flows.iter().map(|d| d.span));
    spans.extend(model.rules.iter().map(|d| d.span));
    spans.sort();
    spans
}

/// Moves silenced findings from `found` to `silenced`, with their reasons; returns the
/// rule names that silenced nothing.
pub fn apply<'m>(
    model: &'m Model,
    sources: &Sources,
    found: &mut Vec<Diagnostic>,
    silenced: &mut Vec<Suppressed>,
) -> Vec<Unused<'m>> {
    let mut by_line: BTreeMap<(FileId, usize), Vec<&Suppression>> = BTreeMap::new();
    for s in &model.suppressions {
        by_line.entry((s.span.file, s.line)).or_default().push(s);
    }
    let mut used: BTreeSet<(Span, usize)> = BTreeSet::new();
    if !by_line.is_empty() {
        let declarations = declaration_spans(model);
        let mut kept = Vec::with_capacity(found.len());
        for d in std::mem::take(found) {
            match silencing(&declarations, &by_line, sources, &d) {
                Some((s, i)) => {
                    used.insert((s.span, i));
                    silenced.push(Suppressed {
                        reason: s.reason.node.clone(),
                        comment: s.span,
                        finding: d,
                    });
                }
                None => kept.push(d),
            }
        }
        *found = kept;
    }
    let mut unused = Vec::new();
    for s in &model.suppressions {
        for i in 0..s.rules.len() {
            if !used.contains(&(s.span, i)) {
                unused.push(Unused {
                    suppression: s,
                    rule: i,
                });
            }
        }
    }
    unused
}

/// The suppression comment (and which of its rules) that silences `d`: one on the line of
/// the declaration holding the finding, or on the line above it.
fn silencing<'s>(
    declarations: &[Span],
    by_line: &BTreeMap<(FileId, usize), Vec<&'s Suppression>>,
    sources: &Sources,
    d: &Diagnostic,
) -> Option<(&'s Suppression, usize)> {
    let span = d.span()?;
    // The declaration that holds the finding: the last to start at or before it
    // (declarations of the model never nest), found by binary search.
    let after = declarations.partition_point(|s| (s.file, s.start) <= (span.file, span.start));
    let decl = declarations.get(after.checked_sub(1)?)?;
    if decl.file != span.file || span.end > decl.end {
        return None;
    }
    let line = sources.get(decl.file)?.line_col(decl.start).0;
    [(decl.file, line), (decl.file, line.saturating_sub(1))]
        .iter()
        .flat_map(|key| by_line.get(key).into_iter().flatten())
        .find_map(|s| {
            s.rules
                .iter()
                .position(|r| r.node == d.rule.code || r.node == d.rule.name)
                .map(|i| (*s, i))
        })
}
