//! Baselines: adopting redline on a project that already has findings. The baseline
//! file records today's rule findings by fingerprint (see `report::fingerprint`), so
//! only new ones are reported; input errors are never baselined.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;
use crate::source::Sources;

const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

/// One recorded finding. Only the fingerprint matches; the rest is for the reader of
/// a diff.
#[derive(Serialize, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct Entry {
    fingerprint: String,
    code: String,
    file: String,
    message: String,
}

/// The findings a baseline accepts.
#[derive(Debug, Default)]
pub struct Baseline {
    /// Fingerprint to the file the finding was in.
    accepted: BTreeMap<String, String>,
}

/// What applying a baseline did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings hidden because the baseline holds them.
    pub hidden: usize,
    /// Baselined findings that are gone: the baseline can be written again to drop them.
    pub fixed: usize,
}

/// Writes the baseline atomically (a reader never sees half of it) and returns how many
/// findings it holds.
pub fn write(
    path: &Path,
    sources: &Sources,
    diagnostics: &[Diagnostic],
    fingerprints: &[String],
) -> Result<usize, String> {
    let mut findings: Vec<Entry> = diagnostics
        .iter()
        .zip(fingerprints)
        .filter(|(d, _)| !d.rule.is_input())
        .map(|(d, fingerprint)| Entry {
            fingerprint: fingerprint.clone(),
            code: d.rule.code.to_string(),
            file: d
                .location
                .file()
                .map_or_else(String::new, |f| sources.display(f).to_owned()),
            message: d.message.clone(),
        })
        .collect();
    findings.sort_by(|a, b| {
        (&a.file, &a.code, &a.fingerprint).cmp(&(&b.file, &b.code, &b.fingerprint))
    });
    let count = findings.len();
    let file = BaselineFile {
        version: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
    text.push('\n');
    crate::write::atomically(path, text.as_bytes(), crate::write::Existing::Replace)?;
    Ok(count)
}

pub fn read(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the baseline `{}`: {e}", path.display()))?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| {
        format!(
            "`{}` is not a redline baseline: {e} (write one with --write-baseline)",
            path.display()
        )
    })?;
    if file.version != VERSION {
        return Err(format!(
            "`{}` is a baseline of version {}; this redline reads version {VERSION}",
            path.display(),
            file.version
        ));
    }
    Ok(Baseline {
        accepted: file
            .findings
            .into_iter()
            .map(|e| (e.fingerprint, e.file))
            .collect(),
    })
}

impl Baseline {
    /// Drops the findings the baseline accepts from both lists, which stay in step.
    /// Baselined findings of files this run did not check are not counted as fixed.
    pub fn apply(
        &self,
        diagnostics: &mut Vec<Diagnostic>,
        fingerprints: &mut Vec<String>,
        checked_files: &[String],
    ) -> Applied {
        let mut seen = 0;
        let mut kept_diagnostics = Vec::with_capacity(diagnostics.len());
        let mut kept_fingerprints = Vec::with_capacity(fingerprints.len());
        for (d, fingerprint) in diagnostics.drain(..).zip(fingerprints.drain(..)) {
            if !d.rule.is_input() && self.accepted.contains_key(&fingerprint) {
                seen += 1;
            } else {
                kept_diagnostics.push(d);
                kept_fingerprints.push(fingerprint);
            }
        }
        *diagnostics = kept_diagnostics;
        *fingerprints = kept_fingerprints;
        let in_run = self
            .accepted
            .values()
            .filter(|file| checked_files.contains(file))
            .count();
        Applied {
            hidden: seen,
            fixed: in_run.saturating_sub(seen),
        }
    }
}
