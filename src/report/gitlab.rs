//! `--format gitlab`: the GitLab Code Quality report, a JSON array of issues with
//! `description`, `check_name`, `fingerprint`, `severity` and `location`
//! (`path`, `lines.begin`), as GitLab's merge request widget reads it.

use serde::Serialize;

use super::{Checked, position};
use crate::diagnostic::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    description: String,
    check_name: &'a str,
    fingerprint: &'a str,
    severity: &'static str,
    categories: [&'static str; 1],
    location: Place<'a>,
}

#[derive(Serialize)]
struct Place<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

/// GitLab's scale is info, minor, major, critical, blocker; an error of redline blocks
/// a merge, so it is `critical`.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

pub fn render(checked: &Checked<'_>) -> String {
    let issues: Vec<Issue<'_>> = checked
        .diagnostics
        .iter()
        .zip(checked.fingerprints)
        .map(|(d, fingerprint)| {
            let p = position(checked.sources, d);
            Issue {
                kind: "issue",
                description: format!("{}: {}", d.rule, d.message),
                check_name: &d.rule.code,
                fingerprint,
                severity: severity(d.severity),
                categories: ["Security"],
                location: Place {
                    // A finding about no file (no policy files found) points at the
                    // project itself.
                    path: d
                        .location
                        .file()
                        .map_or(".", |f| checked.sources.display(f)),
                    lines: Lines {
                        begin: p.line,
                        end: p.end_line,
                    },
                },
            }
        })
        .collect();
    let mut text =
        serde_json::to_string_pretty(&issues).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
