//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it (see
//! shared/style/CI-CONVENTIONS.md §3): one run, the driver with every rule it may report,
//! results with relative artifact URIs, 1-based regions and stable fingerprints.

use std::collections::BTreeMap;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Value, json};

use super::{Checked, position_of};
use crate::diagnostic::{Diagnostic, InputError, Location, Severity};
use crate::rules;

/// What a URI path segment may not hold unescaped (RFC 3986), `/` kept as separator.
/// The language server's `file://` URIs use it too.
pub(crate) const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The base that relative URIs are resolved against: the directory redline ran in,
/// which in CI is the repository root.
const SRCROOT: &str = "%SRCROOT%";

struct Descriptor {
    id: String,
    value: Value,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The first paragraph of a rule page's "What it checks", joined into one line.
fn first_paragraph(docs: &str) -> String {
    let body = docs
        .split_once("## What it checks")
        .map_or(docs, |(_, rest)| rest);
    let paragraph: Vec<&str> = body
        .trim_start()
        .lines()
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::trim)
        .collect();
    clip(&paragraph.join(" "), 1024)
}

/// GitHub refuses descriptions over 1024 characters.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut clipped: String = text.chars().take(max - 1).collect();
    clipped.push('…');
    clipped
}

fn builtin_descriptors() -> Vec<Descriptor> {
    let mut out: Vec<Descriptor> = rules::ALL
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            let mut value = json!({
                "id": meta.code,
                "name": meta.name,
                "shortDescription": { "text": clip(meta.summary, 1024) },
                "fullDescription": { "text": first_paragraph(meta.docs) },
                "help": { "text": meta.docs, "markdown": meta.docs },
                "defaultConfiguration": { "level": level(meta.severity) },
                "properties": { "tags": ["privacy", "gdpr"], "precision": "high" },
            });
            // An opt-in rule is off unless selected (SARIF 2.1.0 §3.50.3).
            if meta.opt_in {
                value["defaultConfiguration"]["enabled"] = json!(false);
            }
            Descriptor {
                id: meta.code.to_string(),
                value,
            }
        })
        .collect();
    out.extend(InputError::ALL.iter().map(|e| {
        let help = format!(
            "{} ({}): {}. Input diagnostics are always errors and cannot be suppressed; see docs/diagnostics.md.",
            e.name(),
            e.code(),
            e.summary()
        );
        Descriptor {
            id: e.code().to_string(),
            value: json!({
                "id": e.code(),
                "name": e.name(),
                "shortDescription": { "text": e.summary() },
                "fullDescription": { "text": e.summary() },
                "help": { "text": help, "markdown": help },
                "defaultConfiguration": { "level": "error" },
                "properties": { "tags": ["input"], "precision": "very-high" },
            }),
        }
    }));
    out
}

/// An organisation's own rule, described by what it says when it fires.
fn organisation_descriptor(d: &Diagnostic) -> Descriptor {
    let help = format!(
        "{}: a rule of this organisation, declared in its policy files.",
        d.message
    );
    // An organisation's rule is known by its name alone; SARIF wants `name` left out
    // when it would repeat `id`.
    let mut value = json!({
        "id": d.rule.code,
        "shortDescription": { "text": clip(&d.message, 1024) },
            "fullDescription": { "text": clip(&d.message, 1024) },
            "help": { "text": help, "markdown": help },
            "defaultConfiguration": { "level": level(d.severity) },
        "properties": { "tags": ["privacy", "organisation"], "precision": "high" },
    });
    if d.rule.name != d.rule.code {
        value["name"] = json!(d.rule.name);
    }
    Descriptor {
        id: d.rule.code.to_string(),
        value,
    }
}

fn artifact(display: &str) -> Value {
    if display.starts_with('/') {
        json!({ "uri": format!("file://{}", utf8_percent_encode(display, PATH)) })
    } else {
        json!({ "uri": utf8_percent_encode(display, PATH).to_string(), "uriBaseId": SRCROOT })
    }
}

/// One finding as a SARIF result.
fn result(checked: &Checked<'_>, d: &Diagnostic, fingerprint: &str, rule_index: usize) -> Value {
    let mut text = d.message.clone();
    for note in &d.notes {
        text.push('\n');
        text.push_str(note);
    }
    let mut result = json!({
        "ruleId": d.rule.code,
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
        "partialFingerprints": {
            "primaryLocationLineHash": fingerprint,
            "redline/v1": fingerprint,
        },
    });
    if let Some(location) = physical(checked, d.location) {
        result["locations"] = json!([{ "physicalLocation": location }]);
    }
    let related: Vec<Value> = d
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let mut location = json!({
                "id": i + 1,
                "message": { "text": label.message },
            });
            if let Some(p) = physical(checked, Location::Span(label.span)) {
                location["physicalLocation"] = p;
            }
            location
        })
        .collect();
    if !related.is_empty() {
        result["relatedLocations"] = Value::Array(related);
    }
    result
}

fn physical(checked: &Checked<'_>, at: Location) -> Option<Value> {
    let file = at.file()?;
    let mut location = json!({ "artifactLocation": artifact(checked.sources.display(file)) });
    if let Location::Span(_) = at {
        let p = position_of(checked.sources, at);
        location["region"] = json!({
            "startLine": p.line,
            "startColumn": p.column,
            "endLine": p.end_line,
            "endColumn": p.end_column,
        });
    }
    Some(location)
}

pub fn render(checked: &Checked<'_>) -> String {
    let mut descriptors = builtin_descriptors();
    let mut index: BTreeMap<String, usize> = descriptors
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect();
    for d in checked
        .diagnostics
        .iter()
        .chain(checked.suppressed.iter().map(|s| &s.finding))
    {
        if !index.contains_key(d.rule.code.as_ref()) {
            index.insert(d.rule.code.to_string(), descriptors.len());
            descriptors.push(organisation_descriptor(d));
        }
    }
    let rule_index = |d: &Diagnostic| index.get(d.rule.code.as_ref()).copied().unwrap_or(0);
    let mut results: Vec<Value> = checked
        .diagnostics
        .iter()
        .zip(checked.fingerprints)
        .map(|(d, fingerprint)| result(checked, d, fingerprint, rule_index(d)))
        .collect();
    // Accepted risks stay in the log, marked as suppressed in the source with the reason
    // given, as code scanning reads them (SARIF 2.1.0 §3.27.23, §3.35).
    results.extend(
        checked
            .suppressed
            .iter()
            .zip(checked.suppressed_fingerprints)
            .map(|(s, fingerprint)| {
                let mut value = result(checked, &s.finding, fingerprint, rule_index(&s.finding));
                let mut suppression = json!({
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": s.reason,
                });
                if let Some(location) = physical(checked, Location::Span(s.comment)) {
                    suppression["location"] = json!({ "physicalLocation": location });
                }
                value["suppressions"] = json!([suppression]);
                value
            }),
    );
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "redline",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors.into_iter().map(|d| d.value).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
