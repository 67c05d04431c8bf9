//! `redline diff --base REF [--head REF] [PATHS]`: each side is loaded as `redline check`
//! loads it (the base, and a head given as a revision, written out of git by
//! `diff::revision`; the head is otherwise the work tree), and their facts compared.

use std::path::{Path, PathBuf};

use crate::check::{CheckOptions, check};
use crate::diff::{self, ChangeKind, Diff, Risk, Side, facts, render};
use crate::knowledge::Knowledge;
use crate::values::Date;

/// What makes `redline diff` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// Introduced findings at or above this severity.
    Findings(crate::diagnostic::Severity),
    /// A change at or above this risk.
    Risk(Risk),
    /// A change of this kind that adds risk.
    Kind(ChangeKind),
}

impl FailOn {
    pub fn parse(text: &str) -> Result<Option<FailOn>, String> {
        use crate::diagnostic::Severity;
        Ok(Some(match text {
            "never" => return Ok(None),
            "error" => FailOn::Findings(Severity::Error),
            "warning" => FailOn::Findings(Severity::Warning),
            "info" => FailOn::Findings(Severity::Info),
            "high" => FailOn::Risk(Risk::High),
            "medium" => FailOn::Risk(Risk::Medium),
            "low" => FailOn::Risk(Risk::Low),
            other => match ChangeKind::ALL.iter().find(|k| k.as_str() == other) {
                Some(kind) => FailOn::Kind(*kind),
                None => {
                    return Err(format!(
                        "`{other}` is not a --fail-on value: never, error, warning, info (findings \
                         introduced), high, medium, low (changes at that risk or above), or a kind \
                         of change ({})",
                        ChangeKind::ALL.map(|k| k.as_str()).join(", ")
                    ));
                }
            },
        }))
    }

    pub fn holds(self, diff: &Diff) -> bool {
        match self {
            FailOn::Findings(at) => diff
                .introduced
                .iter()
                .any(|f| severity_rank(f.severity) >= severity_rank(at.as_str())),
            FailOn::Risk(at) => diff.changes.iter().any(|c| c.risk >= at),
            FailOn::Kind(kind) => {
                diff.changes
                    .iter()
                    .any(|c| c.kind == kind && c.risk > Risk::None)
                    || (kind == ChangeKind::Finding && !diff.introduced.is_empty())
            }
        }
    }
}

fn severity_rank(severity: &str) -> u8 {
    match severity {
        "error" => 2,
        "warning" => 1,
        _ => 0,
    }
}

pub struct Request {
    pub base: String,
    pub head: Option<String>,
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    pub as_of: Option<Date>,
}

pub struct Compared {
    pub diff: Diff,
    pub revisions: render::Revisions,
}

/// Loads both sides and compares them; an error is a reason the run cannot be done
/// (exit 2).
pub fn run(cwd: &Path, request: &Request, knowledge: &Knowledge) -> Result<Compared, String> {
    let repo = diff::revision::Repository::discover(cwd)?;
    let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
    let inside = cwd.strip_prefix(&repo.root).map_err(|_| {
        format!(
            "{} is not inside the repository's work tree {}",
            cwd.display(),
            repo.root.display()
        )
    })?;
    let on = request.as_of.unwrap_or_else(|| knowledge.as_of());
    let base_commit = repo.resolve(&request.base)?;
    let head_commit = match &request.head {
        Some(rev) => Some(repo.resolve(rev)?),
        None => None,
    };
    let base_tree = repo.checkout(&request.base)?;
    let head_tree = match &request.head {
        Some(rev) => Some(repo.checkout(rev)?),
        None => None,
    };
    let head_dir = match &head_tree {
        Some(t) => t.root().join(inside),
        None => cwd.clone(),
    };
    // The two sides are independent: each is loaded on its own thread.
    let (base, head) = rayon::join(
        || side(&base_tree.root().join(inside), request, knowledge, on),
        || side(&head_dir, request, knowledge, on),
    );
    let mut notes = Vec::new();
    let (base, base_findings) = base.unwrap_or_else(|e| {
        notes.push(format!(
            "the base cannot be loaded ({e}): everything is new"
        ));
        Default::default()
    });
    let (head, head_findings) = head?;
    let mut diff = diff::compare_sides(&base, &head, &base_findings, &head_findings);
    notes.append(&mut diff.notes);
    diff.notes = notes;
    Ok(Compared {
        diff,
        revisions: render::Revisions {
            base: request.base.clone(),
            base_commit: Some(base_commit),
            head: request
                .head
                .clone()
                .unwrap_or_else(|| "the work tree".to_owned()),
            head_commit,
        },
    })
}

/// One side's projects and findings. A side where the directory or the project does not
/// exist has no projects: everything on the other side is new.
fn side(
    dir: &Path,
    request: &Request,
    knowledge: &Knowledge,
    on: Date,
) -> Result<(Side, facts::Findings), String> {
    if !dir.is_dir() {
        return Ok(Default::default());
    }
    let named_missing = request.paths.iter().any(|p| !dir.join(p).exists());
    if named_missing {
        // A path named on the command line that the revision does not have.
        let present: Vec<PathBuf> = request
            .paths
            .iter()
            .filter(|p| dir.join(p).exists())
            .cloned()
            .collect();
        if present.is_empty() {
            return Ok(Default::default());
        }
        return side(
            dir,
            &Request {
                paths: present,
                base: request.base.clone(),
                head: request.head.clone(),
                config: request.config.clone(),
                as_of: request.as_of,
            },
            knowledge,
            on,
        );
    }
    let options = CheckOptions {
        paths: request.paths.clone(),
        config: request.config.clone(),
        as_of: Some(on),
        keep_syntax_trees: true,
        ..CheckOptions::default()
    };
    let outcome = check(dir, &options).map_err(|e| e.0)?;
    Ok(diff::side_of(&outcome, knowledge, on))
}
