//! One run of `redline check`: plan the projects, read and parse their files, resolve
//! each project into its model, and collect every diagnostic in a deterministic order.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, Settings, discover};
use crate::diagnostic::{Diagnostic, InputError, Location, Suppressed};
use crate::graph::FlowGraph;
use crate::knowledge::Knowledge;
use crate::law::Judge;
use crate::model::{Model, ProjectInput, resolve_project};
use crate::rules::{self, Context, Selector, Verdicts};
use crate::source::{FileId, SourceKind, Sources};
use crate::syntax::{self, ast::PolicyFile};

use rayon::prelude::*;

/// A file's syntax tree and its syntax diagnostics.
type ParsedFile = (PolicyFile, Vec<Diagnostic>);

/// A file found, as read and parsed: its path, how it is shown, and its text and tree,
/// or why it could not be read.
type ReadFile = (PathBuf, String, Result<(Arc<str>, ParsedFile), String>);

#[derive(Debug, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    /// Replaces the configuration's `rules.select` when given.
    pub select: Option<Vec<Selector>>,
    /// Added to the configuration's `rules.ignore`.
    pub ignore: Vec<Selector>,
    /// The day whose law applies; the built-in knowledge's date when `None`.
    pub as_of: Option<crate::values::Date>,
    /// A policy read from standard input in place of this file (`--stdin-filename`):
    /// the file's project is loaded and only findings in it are reported.
    pub stdin: Option<(PathBuf, Result<String, String>)>,
    /// Keep each project's syntax trees (`Project::files`) after resolution: the test
    /// harness reads the tests from them. Otherwise they are dropped once the model is
    /// built, before the graph and the rules: a sixth less peak memory on 10,000 files.
    pub keep_syntax_trees: bool,
    /// Parses shared between runs over two versions of one project (`redline diff`).
    pub memo: Option<MemoUse>,
    /// Keep each project's graph and the legal answers its rules decided
    /// (`Project::analysis`), for a view drawn after the check (the data map, the
    /// record, a diff's facts). Otherwise they are freed once the rules have run.
    pub keep_analysis: bool,
}

/// Parses kept by file id and text, so that a second run over mostly the same files
/// (the other side of a diff) parses only what differs. Parsing is a pure function of
/// the file's id and text, so a parse is reused only when both are equal, and the
/// result is the same bytes as parsing again.
///
/// One run fills it and one reads it, at the same time: the filling run hands its trees
/// over once its model is built (instead of freeing them) and then lets the reading run
/// go on (`release`); the reading run waits for that before it parses, so that it parses
/// only the files that differ while the filling run draws its graph and runs its rules.
#[derive(Debug, Default)]
pub struct ParseMemo {
    parses: std::sync::Mutex<std::collections::HashMap<FileId, (Arc<str>, ParsedFile)>>,
    /// Set once the filling run has handed over every tree it will.
    released: std::sync::Mutex<bool>,
    /// How many parses were handed over.
    reused: std::sync::atomic::AtomicUsize,
    wake: std::sync::Condvar,
}

/// How a run uses a `ParseMemo`.
#[derive(Clone, Debug)]
pub enum MemoUse {
    /// Keeps its trees in it, and releases it when they are all there (or the run ends).
    Fill(Arc<ParseMemo>),
    /// Waits for the release, takes the parses it holds and keeps nothing.
    Read(Arc<ParseMemo>),
}

impl ParseMemo {
    /// The kept parse of this file and text, handed over once, or a new one.
    fn parse(&self, id: FileId, text: &Arc<str>) -> ParsedFile {
        let kept = self
            .parses
            .lock()
            .ok()
            .and_then(|mut parses| match parses.get(&id) {
                Some((kept, _)) if kept == text => parses.remove(&id).map(|(_, parsed)| parsed),
                _ => None,
            });
        match kept {
            Some(parsed) => {
                self.reused
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                parsed
            }
            None => syntax::parse(id, text),
        }
    }

    /// How many parses the memo has handed over so far.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn keep(&self, parses: impl Iterator<Item = (FileId, Arc<str>, ParsedFile)>) {
        if let Ok(mut kept) = self.parses.lock() {
            kept.extend(parses.map(|(id, text, parsed)| (id, (text, parsed))));
        }
    }

    /// Released when the guard is dropped.
    pub fn release_on_drop(&self) -> ReleaseOnDrop<'_> {
        ReleaseOnDrop(self)
    }

    /// Lets a reading run go on: nothing more will be kept.
    fn release(&self) {
        if let Ok(mut released) = self.released.lock() {
            *released = true;
        }
        self.wake.notify_all();
    }

    /// Until the filling run releases it. Called on a run's own thread, never on a rayon
    /// worker: the filling run's parse needs the workers.
    fn wait(&self) {
        let Ok(mut released) = self.released.lock() else {
            return;
        };
        while !*released {
            match self.wake.wait(released) {
                Ok(guard) => released = guard,
                // A filling run that panicked holding the lock: nothing more comes.
                Err(_) => return,
            }
        }
    }
}

/// Releases the memo when dropped: a filling run holds one from its start, so that on
/// every path out, a panic's included, a reading run never waits for a run that is over.
pub struct ReleaseOnDrop<'a>(&'a ParseMemo);

impl Drop for ReleaseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

/// A loaded project: its settings, files and model.
#[derive(Debug)]
pub struct Project {
    /// The directory its globs are relative to, and how it is shown.
    pub root: std::path::PathBuf,
    pub display_root: String,
    /// The policy files named on the command line, when the run was narrowed to them.
    pub only: Option<Vec<std::path::PathBuf>>,
    pub settings: Settings,
    pub files: Vec<PolicyFile>,
    pub model: Model,
    /// What the rules decided, when the run was asked to keep it: valid for the model
    /// and the settings as the run left them (a caller that changes either drops it).
    pub analysis: Option<Analysis>,
}

/// A project's flow graph and what its rules' judge decided, under one day's law and
/// one knowledge: a judge of the same project under both reads them instead of deciding
/// again (`export::with_judge`).
#[derive(Debug)]
pub struct Analysis {
    pub graph: FlowGraph,
    pub answers: crate::law::Answers,
    pub as_of: crate::values::Date,
    pub knowledge: &'static Knowledge,
}

/// Everything a report needs.
#[derive(Debug, Default)]
pub struct Outcome {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings silenced by a suppression comment, in the same order as `diagnostics`.
    pub suppressed: Vec<Suppressed>,
    pub projects: Vec<Project>,
    /// Policy files read (or tried), over all projects.
    pub files: usize,
    /// The policy files whose findings are reported, as displayed.
    pub checked: Vec<String>,
    /// A configuration was invalid, or a named project held no policy files: exit 2.
    pub run_failed: bool,
    /// Bytes of policy text the run has let through so far (`limits::MAX_RUN_BYTES`).
    pub policy_bytes: u64,
}

/// Why the run could not start at all (exit code 2).
#[derive(Debug)]
pub struct RunError(pub String);

pub fn check(cwd: &Path, options: &CheckOptions) -> Result<Outcome, RunError> {
    let knowledge = Knowledge::builtin().map_err(|e| {
        RunError(format!(
            "internal error: the built-in knowledge is invalid: {e}"
        ))
    })?;
    let stdin_path = options
        .stdin
        .as_ref()
        .map(|(path, _)| discover::absolute(cwd, path));
    let paths: Vec<PathBuf> = match &options.stdin {
        Some((path, _)) => vec![path.clone()],
        None => options.paths.clone(),
    };
    let plans = discover::plan(
        cwd,
        &paths,
        options.config.as_deref(),
        stdin_path.as_deref(),
    )
    .map_err(|e| RunError(e.0))?;
    let mut outcome = Outcome::default();
    // The piped text stands for the file at this absolute path.
    let stdin = stdin_path
        .as_deref()
        .zip(options.stdin.as_ref().map(|(_, text)| text));
    let _release = match &options.memo {
        Some(MemoUse::Fill(memo)) => Some(memo.release_on_drop()),
        _ => None,
    };
    let count = plans.len();
    for (index, plan) in plans.into_iter().enumerate() {
        load_project(
            cwd,
            &plan,
            Position {
                others: count - 1,
                last: index + 1 == count,
            },
            options,
            stdin,
            knowledge,
            &mut outcome,
        );
    }
    let sources = &outcome.sources;
    outcome
        .diagnostics
        .sort_by_cached_key(|d| order_key(sources, d));
    outcome
        .suppressed
        .sort_by_cached_key(|s| order_key(sources, &s.finding));
    outcome.checked.sort();
    Ok(outcome)
}

/// Where a project is among the run's projects.
struct Position {
    /// How many other projects the run has.
    others: usize,
    /// Whether it is the run's last.
    last: bool,
}

fn load_project(
    cwd: &Path,
    plan: &discover::ProjectPlan,
    place: Position,
    options: &CheckOptions,
    stdin: Option<(&Path, &Result<String, String>)>,
    knowledge: &'static Knowledge,
    outcome: &mut Outcome,
) {
    let mut settings = Settings::default();
    if let Some(path) = &plan.config {
        let display = discover::display_of(cwd, path);
        match crate::files::read_config(path) {
            Ok(text) => {
                let text: Arc<str> = Arc::from(text);
                let id = outcome.sources.add(
                    path.clone(),
                    display,
                    SourceKind::Config,
                    Some(text.clone()),
                );
                let (read, diagnostics) = config::read(id, &text, knowledge);
                settings = read;
                if !diagnostics.is_empty() {
                    // The configuration decides what is read and how: without a valid one
                    // the project is not checked.
                    outcome.diagnostics.extend(diagnostics);
                    outcome.run_failed = true;
                    return;
                }
            }
            Err(error) => {
                let id = outcome
                    .sources
                    .add(path.clone(), display, SourceKind::Config, None);
                outcome.diagnostics.push(Diagnostic::input_at(
                    InputError::InvalidConfig,
                    Location::File(id),
                    format!("the configuration cannot be read: {error}"),
                ));
                outcome.run_failed = true;
                return;
            }
        }
    }
    if let Some(select) = &options.select {
        settings.rules.select = select.clone();
    }
    settings.rules.ignore.extend(options.ignore.iter().cloned());

    let mut found = if plan.alone {
        Vec::new()
    } else {
        discover::walk(&plan.root, &plan.display_root, &settings, false)
    };
    // A file named on the command line is read even if `include` misses it, unless
    // `exclude` keeps it out (so a hook may pass excluded fixtures).
    if let Some(only) = &plan.only {
        for path in only.iter().filter(|p| discover::is_policy_file(p)) {
            let relative = path
                .strip_prefix(&plan.root)
                .unwrap_or(path)
                .to_string_lossy()
                .replace('\\', "/");
            let known = found.iter().any(|f| match f {
                discover::Found::File { path: p, .. }
                | discover::Found::Problem { path: p, .. } => p == path,
            });
            if !known && !settings.exclude.is_match(&relative) {
                found.push(discover::Found::File {
                    path: path.clone(),
                    display: discover::display_of(cwd, path),
                });
            }
        }
    }
    if found.is_empty() && plan.only.is_none() {
        // A directory that only holds other projects is not a project of its own.
        if plan.implicit && place.others > 0 {
            return;
        }
        let shown = if plan.display_root.is_empty() {
            "."
        } else {
            plan.display_root.as_str()
        };
        outcome.diagnostics.push(Diagnostic::input_at(
            InputError::UnreadableFile,
            Location::Nowhere,
            format!(
                "no policy files found in `{shown}` (include: {})",
                settings.include.patterns.join(", ")
            ),
        ));
        outcome.run_failed = true;
        return;
    }

    let found = within_run_limit(found, stdin, &mut outcome.policy_bytes);

    // Reading and parsing are independent per file: they run on every core. Each file's
    // id is fixed before, from its place in the sorted list, so the result is the same
    // bytes whatever the threads do.
    let texts: Vec<(PathBuf, String, Result<String, String>)> = found
        .into_par_iter()
        .map(|entry| match entry {
            discover::Found::File { path, display } => {
                let text = match stdin {
                    Some((named, text)) if path == named => text.clone(),
                    _ => crate::files::read_policy(&path),
                };
                (path, display, text)
            }
            discover::Found::Problem {
                path,
                display,
                reason,
            } => (path, display, Err(reason)),
        })
        .collect();
    // A run reading a memo parses once the filling run's trees are in it; its files are
    // read meanwhile.
    if let Some(MemoUse::Read(memo)) = &options.memo {
        memo.wait();
    }
    let base = outcome.sources.len();
    let read: Vec<ReadFile> = texts
        .into_par_iter()
        .enumerate()
        .map(|(i, (path, display, text))| {
            let id = FileId(u32::try_from(base + i).unwrap_or(u32::MAX));
            let parsed = text.map(|text| {
                let text: Arc<str> = Arc::from(text);
                let parsed = match &options.memo {
                    Some(MemoUse::Read(memo)) => memo.parse(id, &text),
                    _ => syntax::parse(id, &text),
                };
                (text, parsed)
            });
            (path, display, parsed)
        })
        .collect();

    let mut files = Vec::new();
    // Filling a memo: each policy file's id, text and syntax diagnostics, in `files` order.
    let mut parsed_here: Vec<(FileId, Arc<str>, Vec<Diagnostic>)> = Vec::new();
    let mut reported: BTreeSet<FileId> = BTreeSet::new();
    for (path, display, parsed) in read {
        outcome.files += 1;
        let in_scope = plan
            .only
            .as_ref()
            .is_none_or(|only| only.iter().any(|o| o == &path || path.starts_with(o)));
        match parsed {
            Ok((text, (file, diagnostics))) => {
                if matches!(options.memo, Some(MemoUse::Fill(_))) {
                    let id = FileId(u32::try_from(outcome.sources.len()).unwrap_or(u32::MAX));
                    parsed_here.push((id, text.clone(), diagnostics.clone()));
                }
                let id = outcome
                    .sources
                    .add(path, display, SourceKind::Policy, Some(text));
                if in_scope {
                    reported.insert(id);
                    outcome.checked.push(outcome.sources.display(id).to_owned());
                }
                outcome
                    .diagnostics
                    .extend(diagnostics.into_iter().filter(|_| in_scope));
                files.push(file);
            }
            Err(reason) => {
                let id = outcome.sources.add(path, display, SourceKind::Policy, None);
                if in_scope {
                    reported.insert(id);
                    outcome.checked.push(outcome.sources.display(id).to_owned());
                    outcome.diagnostics.push(Diagnostic::input_at(
                        InputError::UnreadableFile,
                        Location::File(id),
                        format!("cannot check this file: {reason}"),
                    ));
                }
            }
        }
    }

    // The enabled packs' rules join the project as files of their own; their tests run
    // in `redline test`, against the pack alone.
    for pack in &settings.packs {
        let text: Arc<str> = Arc::from(pack.text);
        let id = outcome.sources.add(
            PathBuf::from(pack.display()),
            pack.display(),
            SourceKind::Policy,
            Some(text.clone()),
        );
        let (mut file, diagnostics) = syntax::parse(id, &text);
        file.declarations
            .retain(|d| !matches!(d, syntax::ast::Declaration::Test(_)));
        // A name the project also declares is reported where the pack declares it.
        reported.insert(id);
        outcome.diagnostics.extend(diagnostics);
        files.push(file);
    }

    let as_of = options.as_of.unwrap_or_else(|| knowledge.as_of());
    let (model, mut diagnostics) = resolve(&files, &settings, knowledge);
    if let Some(MemoUse::Fill(memo)) = &options.memo {
        let trees: Vec<PolicyFile> = if options.keep_syntax_trees {
            files.clone()
        } else {
            std::mem::take(&mut files)
        };
        // The packs' files come after the policy files and are not kept.
        memo.keep(
            parsed_here
                .into_iter()
                .zip(trees)
                .map(|((id, text, diagnostics), tree)| (id, text, (tree, diagnostics))),
        );
        // The last project's trees are in: the reading run parses while this one goes on.
        if place.last {
            memo.release();
        }
    } else if !options.keep_syntax_trees {
        files = Vec::new();
    }
    let (verdicts, graph, answers) =
        judged_rules(&model, &settings, knowledge, as_of, &outcome.sources);
    let analysis = options.keep_analysis.then_some(Analysis {
        graph,
        answers,
        as_of,
        knowledge,
    });
    diagnostics.extend(verdicts.findings);
    let reported_here = |d: &Diagnostic| d.location.file().is_some_and(|f| reported.contains(&f));
    outcome
        .diagnostics
        .extend(diagnostics.into_iter().filter(|d| reported_here(d)));
    outcome.suppressed.extend(
        verdicts
            .suppressed
            .into_iter()
            .filter(|s| reported_here(&s.finding)),
    );
    outcome.projects.push(Project {
        root: plan.root.clone(),
        display_root: plan.display_root.clone(),
        only: plan.only.clone(),
        settings,
        files,
        model,
        analysis,
    });
}

/// The run's memory bound: once `limits::MAX_RUN_BYTES` of policy text is let through,
/// the files after it (in reporting order, so the same ones every time) are refused
/// before they are read. Sizes are taken before reading; a file that grows meanwhile is
/// still cut at the per-file limit.
fn within_run_limit(
    found: Vec<discover::Found>,
    stdin: Option<(&Path, &Result<String, String>)>,
    let_through: &mut u64,
) -> Vec<discover::Found> {
    use crate::limits::{MAX_FILE_BYTES, MAX_RUN_BYTES};
    let sizes: Vec<u64> = found
        .par_iter()
        .map(|entry| match entry {
            discover::Found::File { path, .. } => match stdin {
                Some((named, text)) if path == named => text.as_ref().map_or(0, |t| t.len() as u64),
                // A file over the per-file limit is refused without being read.
                _ => std::fs::metadata(path)
                    .map_or(0, |m| if m.len() > MAX_FILE_BYTES { 0 } else { m.len() }),
            },
            discover::Found::Problem { .. } => 0,
        })
        .collect();
    found
        .into_iter()
        .zip(sizes)
        .map(|(entry, size)| {
            *let_through = let_through.saturating_add(size);
            match entry {
                discover::Found::File { path, display } if *let_through > MAX_RUN_BYTES => {
                    discover::Found::Problem {
                        path,
                        display,
                        reason: format!(
                            "the run has read its limit of {} MiB of policy text; check fewer files at a time",
                            MAX_RUN_BYTES / 1024 / 1024
                        ),
                    }
                }
                other => other,
            }
        })
        .collect()
}

/// A project's parsed files, resolved into its model, with the diagnostics of
/// resolution and of every selected rule (unsorted).
pub fn analyse(
    files: &[PolicyFile],
    settings: &Settings,
    knowledge: &Knowledge,
    as_of: crate::values::Date,
    sources: &Sources,
) -> (Model, Vec<Diagnostic>) {
    let (model, mut diagnostics) = resolve(files, settings, knowledge);
    diagnostics.extend(run_rules(&model, settings, knowledge, as_of, sources).findings);
    (model, diagnostics)
}

fn resolve(
    files: &[PolicyFile],
    settings: &Settings,
    knowledge: &Knowledge,
) -> (Model, Vec<Diagnostic>) {
    resolve_project(ProjectInput {
        files,
        vocabulary: settings.vocabulary(knowledge),
        controller_location: settings.controller_location,
    })
}

/// The data-flow graph of the model, and the findings of every selected rule on it.
pub fn run_rules(
    model: &Model,
    settings: &Settings,
    knowledge: &Knowledge,
    as_of: crate::values::Date,
    sources: &Sources,
) -> Verdicts {
    judged_rules(model, settings, knowledge, as_of, sources).0
}

/// The rules' findings, with the graph they ran on and what their judge decided.
fn judged_rules(
    model: &Model,
    settings: &Settings,
    knowledge: &Knowledge,
    as_of: crate::values::Date,
    sources: &Sources,
) -> (Verdicts, FlowGraph, crate::law::Answers) {
    let graph = FlowGraph::build(model);
    let judge = Judge::new(
        model,
        &graph,
        settings.vocabulary(knowledge),
        as_of,
        &settings.transfers,
    );
    let context = Context::new(judge, &settings.caps, &settings.rules);
    let verdicts = rules::run(&context, sources);
    let answers = context.law.into_answers();
    (verdicts, graph, answers)
}

/// Findings sort by file, line, column, code (CLI.md), then message for a total order.
fn order_key(sources: &Sources, d: &Diagnostic) -> (String, u32, String, String) {
    let file = d
        .location
        .file()
        .map(|f| sources.display(f).to_owned())
        .unwrap_or_default();
    let start = d.span().map_or(0, |s| s.start);
    (file, start, d.rule.code.to_string(), d.message.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: &str = "purpose billing : contract.fulfilment { basis contract }\n";

    /// A reading run waits until the filling run releases the memo, and a filling run's
    /// guard releases it on every path out.
    #[test]
    fn a_reading_run_waits_for_the_release() {
        let memo = Arc::new(ParseMemo::default());
        let guard = memo.release_on_drop();
        let (send, receive) = std::sync::mpsc::channel();
        let reader = {
            let memo = memo.clone();
            std::thread::spawn(move || {
                memo.wait();
                send.send(()).unwrap();
            })
        };
        assert!(
            receive
                .recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "the reader went on before the release"
        );
        drop(guard);
        receive
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the release lets the reader go on");
        reader.join().unwrap();
        // Released once, it stays released.
        memo.wait();
    }

    /// A reading run that starts first waits for the filling run, takes every parse of
    /// the files both have, parses the one that differs, and reports what a check
    /// without a memo reports.
    #[test]
    fn a_reading_run_parses_only_what_differs() {
        let (head, base) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let files = [
            ("a.redline", POLICY),
            ("b.redline", "subject customer : customer\n"),
            ("c.redline", "category email : contact.email\n"),
        ];
        for (name, text) in files {
            std::fs::write(head.path().join(name), text).unwrap();
            std::fs::write(base.path().join(name), text).unwrap();
        }
        std::fs::write(
            base.path().join("c.redline"),
            "category phone : contact.phone\n",
        )
        .unwrap();
        let memo = Arc::new(ParseMemo::default());
        let with = |memo: MemoUse| CheckOptions {
            memo: Some(memo),
            ..CheckOptions::default()
        };
        let reader = {
            let (dir, read) = (base.path().to_path_buf(), with(MemoUse::Read(memo.clone())));
            std::thread::spawn(move || check(&dir, &read).unwrap())
        };
        // The reader reaches its wait first; without the wait it would parse all three.
        std::thread::sleep(std::time::Duration::from_millis(200));
        check(head.path(), &with(MemoUse::Fill(memo.clone()))).unwrap();
        let read = reader.join().unwrap();
        assert_eq!(memo.reused(), 2);
        let alone = check(base.path(), &CheckOptions::default()).unwrap();
        assert_eq!(
            format!("{:?}", read.diagnostics),
            format!("{:?}", alone.diagnostics)
        );
    }

    /// A kept parse is the same as parsing again, is handed over once, and is never
    /// used for another text or another file.
    #[test]
    fn a_memo_reuses_a_parse_only_for_the_same_file_and_text() {
        let memo = ParseMemo::default();
        let text: Arc<str> = Arc::from(POLICY);
        let fresh = format!("{:?}", syntax::parse(FileId(3), &text));
        memo.keep(std::iter::once((
            FileId(3),
            text.clone(),
            syntax::parse(FileId(3), &text),
        )));
        assert_eq!(format!("{:?}", memo.parse(FileId(3), &text)), fresh);
        assert!(memo.parses.lock().unwrap().is_empty(), "handed over once");
        assert_eq!(format!("{:?}", memo.parse(FileId(3), &text)), fresh);
        let other: Arc<str> = Arc::from(POLICY.replace("billing", "invoicing"));
        memo.keep(std::iter::once((
            FileId(3),
            text.clone(),
            syntax::parse(FileId(3), &text),
        )));
        assert_eq!(
            format!("{:?}", memo.parse(FileId(3), &other)),
            format!("{:?}", syntax::parse(FileId(3), &other))
        );
        assert_ne!(
            format!("{:?}", memo.parse(FileId(4), &text)),
            fresh,
            "the file id is part of every span"
        );
    }
}
