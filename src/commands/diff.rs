//! `redline diff --base REF [--head REF] [PATHS]`: each side is loaded as `redline check`
//! loads it (the base, and a head given as a revision, written out of git by
//! `diff::revision`; the head is otherwise the work tree), and their facts compared.

use std::path::{Path, PathBuf};

use crate::check::{CheckOptions, MemoUse, check};
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
    pub leftovers: Leftovers,
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
    let head_tree = match &request.head {
        Some(rev) => Some(repo.checkout(rev)?),
        None => None,
    };
    let head_dir = match &head_tree {
        Some(t) => t.root().join(inside),
        None => cwd.clone(),
    };
    // Both sides are loaded at once: the head on a thread of its own, the base here once
    // its checkout is written. The head fills the parse memo and the base reads it: the
    // base waits for the head's trees (`ParseMemo::wait`), parses only the files that
    // differ, and resolves and judges while the head runs its rules and draws its facts.
    let memo = std::sync::Arc::new(crate::check::ParseMemo::default());
    let fill = MemoUse::Fill(memo.clone());
    let read = MemoUse::Read(memo.clone());
    let load_head = || {
        // Also where the head has no project and no run fills the memo.
        let _release = memo.release_on_drop();
        load(&head_dir, request, on, fill.clone()).map(|outcome| Loaded::of(outcome, knowledge, on))
    };
    // Made first, so that the removal below is waited for on every path out, a panic's
    // included.
    let mut leftovers = Leftovers {
        sides: None,
        removal: None,
    };
    let removal = &mut leftovers.removal;
    let mut load_base = || -> Result<Result<Loaded, String>, String> {
        let tree = repo.checkout(&request.base)?;
        let loaded = load(&tree.root().join(inside), request, on, read.clone());
        // Once read, the base's checkout is removed on another thread while its facts are
        // drawn (a thousand unlinks); the run waits for it before it ends.
        *removal = std::thread::Builder::new().spawn(move || drop(tree)).ok();
        Ok(loaded.map(|outcome| Loaded::of(outcome, knowledge, on)))
    };
    let (head, base) = std::thread::scope(|scope| {
        match std::thread::Builder::new().spawn_scoped(scope, load_head) {
            Ok(thread) => {
                let base = load_base();
                // The head is joined even where the base cannot be had, so that a
                // panic of the head is never lost.
                let head = thread
                    .join()
                    // A panic is a bug, not a reason the run cannot be done: it stays a
                    // panic.
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (head, base)
            }
            // Where no thread can be made, the head is loaded first, here.
            Err(_) => {
                let head = load_head();
                (head, load_base())
            }
        }
    });
    let mut notes = Vec::new();
    let base = base?.unwrap_or_else(|e| {
        notes.push(format!(
            "the base cannot be loaded ({e}): everything is new"
        ));
        Loaded::default()
    });
    let head = head?;
    let mut diff = diff::compare_sides(&base.side, &head.side, &base.findings, &head.findings);
    notes.append(&mut diff.notes);
    diff.notes = notes;
    leftovers.sides = Some(Box::new((base, head, memo)));
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
        leftovers,
    })
}

/// What a comparison leaves once it is made: both sides' models and facts, and the
/// removal of the base's checkout under way. Dropping it waits for the removal.
pub struct Leftovers {
    sides: Option<Box<(Loaded, Loaded, std::sync::Arc<crate::check::ParseMemo>)>>,
    removal: Option<std::thread::JoinHandle<()>>,
}

impl Leftovers {
    /// For a process about to end: its memory is left to the system rather than freed
    /// one allocation at a time (a tenth of the run), as `redline check` leaves its own.
    pub fn leave_sides(&mut self) {
        std::mem::forget(self.sides.take());
    }
}

impl Drop for Leftovers {
    fn drop(&mut self) {
        if let Some(removal) = self.removal.take() {
            // A removal that panicked left the directory behind; nothing more to do.
            let _ = removal.join();
        }
    }
}

/// One side: its projects' facts and its findings, and the run they were drawn from.
#[derive(Default)]
struct Loaded {
    side: Side,
    findings: facts::Findings,
    /// Kept with the rest until the comparison is made (`Leftovers`).
    _outcome: Option<crate::check::Outcome>,
}

impl Loaded {
    /// None where the side has no project.
    fn of(outcome: Option<crate::check::Outcome>, knowledge: &Knowledge, on: Date) -> Loaded {
        match outcome {
            Some(outcome) => {
                let (side, findings) = diff::side_of(&outcome, knowledge, on);
                Loaded {
                    side,
                    findings,
                    _outcome: Some(outcome),
                }
            }
            None => Loaded::default(),
        }
    }
}

/// One side, loaded as `redline check` loads it. A side where the directory or the
/// project does not exist has no projects (`None`): everything on the other side is new.
fn load(
    dir: &Path,
    request: &Request,
    on: Date,
    memo: MemoUse,
) -> Result<Option<crate::check::Outcome>, String> {
    if !dir.is_dir() {
        return Ok(None);
    }
    // A path named on the command line that the revision does not have is left out.
    let paths: Vec<PathBuf> = request
        .paths
        .iter()
        .filter(|p| dir.join(p).exists())
        .cloned()
        .collect();
    if paths.is_empty() && !request.paths.is_empty() {
        return Ok(None);
    }
    let options = CheckOptions {
        paths,
        config: request.config.clone(),
        as_of: Some(on),
        memo: Some(memo),
        keep_analysis: true,
        ..CheckOptions::default()
    };
    check(dir, &options).map(Some).map_err(|e| e.0)
}
