//! Reports: one file per output format over the same diagnostics.

pub mod fingerprint;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Location, Severity, Suppressed};
use crate::source::Sources;

/// The position of a diagnostic as reports print it: 1-based, with end. A diagnostic
/// about a whole file (no readable text) is placed at 1:1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// One run's findings as the machine reports take them.
pub struct Checked<'a> {
    pub sources: &'a Sources,
    pub diagnostics: &'a [Diagnostic],
    /// One per diagnostic, same order (see [`fingerprint`]).
    pub fingerprints: &'a [String],
    /// The findings suppression comments silenced, and one fingerprint for each: SARIF
    /// carries them as suppressed results.
    pub suppressed: &'a [Suppressed],
    pub suppressed_fingerprints: &'a [String],
    /// Every policy file read, with or without findings.
    pub files: &'a [String],
    /// The lowest severity that fails the run (`--fail-on`); `None` for never.
    pub fail_on: Option<Severity>,
}

pub fn position(sources: &Sources, diagnostic: &Diagnostic) -> Position {
    position_of(sources, diagnostic.location)
}

pub fn position_of(sources: &Sources, location: Location) -> Position {
    match location {
        Location::Span(span) => match sources.get(span.file) {
            Some(file) => {
                let (line, column) = file.line_col(span.start);
                let (end_line, end_column) = file.line_col(span.end);
                Position {
                    line,
                    column,
                    end_line,
                    end_column,
                }
            }
            None => Position {
                line: 1,
                column: 1,
                end_line: 1,
                end_column: 1,
            },
        },
        Location::File(_) | Location::Nowhere => Position {
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
        },
    }
}

/// Counts per severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Counts {
    pub fn of<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Counts {
        let mut counts = Counts::default();
        for d in diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

/// "3 errors, 1 warning"
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
