//! `# redline: allow RULE -- reason` silences RULE for the declaration on the comment's
//! line or the line below it. Input diagnostics are never silenced.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
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

/// Removes silenced findings; returns the rule names that silenced nothing.
pub fn apply<'m>(
    model: &'m Model,
    sources: &Sources,
    found: &mut Vec<Diagnostic>,
) -> Vec<Unused<'m>> {
    let mut by_line: BTreeMap<(FileId, usize), Vec<&Suppression>> = BTreeMap::new();
    for s in &model.suppressions {
        by_line.entry((s.span.file, s.line)).or_default().push(s);
    }
    let mut used: BTreeSet<(Span, usize)> = BTreeSet::new();
    if !by_line.is_empty() {
        let declarations = declaration_spans(model);
        found.retain(|d| {
            let Some(span) = d.span() else { return true };
            // The declaration that holds the finding: the last to start at or before it
            // (declarations of the model never nest), found by binary search.
            let after =
                declarations.partition_point(|s| (s.file, s.start) <= (span.file, span.start));
            let Some(decl) = after.checked_sub(1).and_then(|i| declarations.get(i)) else {
                return true;
            };
            if decl.file != span.file || span.end > decl.end {
                return true;
            }
            let Some(file) = sources.get(decl.file) else {
                return true;
            };
            let line = file.line_col(decl.start).0;
            let candidates = [(decl.file, line), (decl.file, line.saturating_sub(1))];
            for key in candidates {
                for s in by_line.get(&key).into_iter().flatten() {
                    if let Some(i) = s
                        .rules
                        .iter()
                        .position(|r| r.node == d.rule.code || r.node == d.rule.name)
                    {
                        used.insert((s.span, i));
                        return false;
                    }
                }
            }
            true
        });
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
