//! Stable fingerprints: what identifies a finding across edits, for baselines, SARIF
//! and GitLab. A fingerprint hashes the rule, the file, the text the finding points at
//! (whitespace folded) and the message, never a line or column, so lines added above a
//! finding leave it unchanged. Identical findings are told apart by their order.

use std::collections::HashMap;

use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::source::Sources;

/// Bumped when what goes into a fingerprint changes, so old baselines stop matching
/// instead of matching the wrong findings.
const SCHEME: &str = "redline-fingerprint-v1";

/// One fingerprint per diagnostic, in the same order.
pub fn fingerprints<'a>(
    sources: &Sources,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> Vec<String> {
    let mut seen: HashMap<[u8; 32], usize> = HashMap::new();
    diagnostics
        .into_iter()
        .map(|d| {
            let key = key(sources, d);
            let occurrence = seen.entry(key).or_insert(0);
            let mut hasher = Sha256::new();
            hasher.update(key);
            hasher.update(occurrence.to_le_bytes());
            *occurrence += 1;
            hex(&hasher.finalize()[..16])
        })
        .collect()
}

fn key(sources: &Sources, d: &Diagnostic) -> [u8; 32] {
    let file = d.location.file().map_or("", |f| sources.display(f));
    let snippet = d.span().map_or("", |span| sources.snippet(span));
    let mut hasher = Sha256::new();
    for part in [SCHEME, &d.rule.code, file, &d.message] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    for word in snippet.split_whitespace() {
        hasher.update(word.as_bytes());
        hasher.update([b' ']);
    }
    hasher.finalize().into()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Location, RuleId, Severity};
    use crate::source::{SourceKind, Span};
    use std::borrow::Cow;

    fn finding(text: &str, needle: &str) -> (Sources, Diagnostic) {
        let mut fresh = Sources::default();
        let id = fresh.add(
            "p.redline".into(),
            "p.redline".into(),
            SourceKind::Policy,
            Some(text.into()),
        );
        let start = text.find(needle).unwrap_or(0);
        let d = Diagnostic {
            rule: RuleId {
                code: Cow::Borrowed("P001"),
                name: Cow::Borrowed("purpose-creep"),
            },
            severity: Severity::Error,
            message: "drift".into(),
            location: Location::Span(Span::new(id, start, start + needle.len())),
            label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            path: Vec::new(),
        };
        (fresh, d)
    }

    #[test]
    fn lines_above_do_not_change_a_fingerprint() {
        let flow = "flow a -> b {\n  data: [email]\n}\n";
        let (s1, d1) = finding(flow, flow.trim_end());
        let moved = format!("# a comment\n\n\n{flow}");
        let (s2, d2) = finding(&moved, flow.trim_end());
        let reindented = "flow a -> b {\n      data: [email]\n}\n";
        let (s3, d3) = finding(reindented, reindented.trim_end());
        let a = fingerprints(&s1, std::slice::from_ref(&d1));
        assert_eq!(a, fingerprints(&s2, std::slice::from_ref(&d2)));
        assert_eq!(a, fingerprints(&s3, std::slice::from_ref(&d3)));
        let edited = "flow a -> c {\n  data: [email]\n}\n";
        let (s4, d4) = finding(edited, edited.trim_end());
        assert_ne!(a, fingerprints(&s4, std::slice::from_ref(&d4)));
    }

    #[test]
    fn identical_findings_get_different_fingerprints() {
        let (s, d) = finding("flow a -> b {}", "flow a -> b {}");
        let both = fingerprints(&s, &[d.clone(), d]);
        assert_ne!(both[0], both[1]);
        assert_eq!(both[0].len(), 32);
    }
}
