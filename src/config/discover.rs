//! Which projects a run checks and which files each one reads (CLI.md, "Projects").
//!
//! A project is a directory with a `redline.yaml`, and every policy file belongs to the
//! nearest one above it, never above the repository root. Declarations never leak from
//! one project into another: a run over several projects loads each one alone. Where no
//! `redline.yaml` is above a file, its project is the repository root (the nearest
//! directory holding `.git`), or the directory given; a file in no project and no
//! repository is checked alone. Discovery honours `.gitignore`, `.ignore` and hidden
//! directories as ripgrep does (the `ignore` crate), and a project's walk never enters
//! another project's directory.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use super::{FILE_NAME, Settings};

/// One project to load.
#[derive(Debug, PartialEq, Eq)]
pub struct ProjectPlan {
    /// The directory globs are relative to.
    pub root: PathBuf,
    /// How the root is written in reports (`""` for the current directory).
    pub display_root: String,
    pub config: Option<PathBuf>,
    /// Report only findings in these files, or in files under these directories; `None`
    /// reports the whole project.
    pub only: Option<Vec<PathBuf>>,
    /// A file in no project and no repository: it is read alone.
    pub alone: bool,
    /// A directory with no `redline.yaml` that the run covers because it was given (or is
    /// the current directory): when it holds no policy file of its own but other projects
    /// are checked (those nested in it), it is not an error.
    pub implicit: bool,
}

/// Why a run cannot start (exit code 2).
#[derive(Debug, PartialEq, Eq)]
pub struct PlanError(pub String);

/// An entry the walk found that matches the globs.
#[derive(Debug)]
pub enum Found {
    /// A path to read, and how it is shown.
    File { path: PathBuf, display: String },
    /// A problem with a path: shown as E005 for that path.
    Problem {
        path: PathBuf,
        display: String,
        reason: String,
    },
}

/// Where a path belongs.
enum Owner {
    /// The project of this `redline.yaml`.
    Configured(PathBuf),
    /// No `redline.yaml` up to this repository root.
    Repository(PathBuf),
    /// Neither a project nor a repository above it.
    Nothing,
}

/// The project `dir` is in: the nearest `redline.yaml` at or above it, not above the
/// repository root.
fn owner_of(dir: &Path) -> Owner {
    let mut at = Some(dir);
    while let Some(d) = at {
        let candidate = d.join(FILE_NAME);
        if candidate.symlink_metadata().is_ok() {
            return Owner::Configured(candidate);
        }
        if d.join(".git").exists() {
            return Owner::Repository(d.to_path_buf());
        }
        at = d.parent();
    }
    Owner::Nothing
}

/// `redline.yaml` in `start` or a parent, not above the repository root.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    match owner_of(start) {
        Owner::Configured(config) => Some(config),
        Owner::Repository(_) | Owner::Nothing => None,
    }
}

/// The projects being planned, by root.
#[derive(Default)]
struct Plans {
    by_root: BTreeMap<PathBuf, ProjectPlan>,
}

impl Plans {
    /// Adds a project, or widens one already planned: `only: None` (the whole project)
    /// wins over narrowed runs.
    fn add(&mut self, cwd: &Path, root: PathBuf, config: Option<PathBuf>, only: Option<PathBuf>) {
        let plan = self
            .by_root
            .entry(root.clone())
            .or_insert_with(|| ProjectPlan {
                display_root: display_of(cwd, &root),
                implicit: config.is_none(),
                root,
                config,
                only: Some(Vec::new()),
                alone: false,
            });
        match (only, &mut plan.only) {
            (Some(path), Some(list)) => {
                if !list.contains(&path) {
                    list.push(path);
                }
            }
            (None, _) => plan.only = None,
            (Some(_), None) => {}
        }
    }

    /// The projects nested below `dir` (not `dir` itself), each loaded whole.
    fn add_nested(&mut self, cwd: &Path, dir: &Path) {
        for config in nested_configs(dir) {
            let root = config.parent().map(Path::to_path_buf).unwrap_or_default();
            self.add(cwd, root, Some(config), None);
        }
    }
}

/// Turns the command line's paths into projects.
pub fn plan(
    cwd: &Path,
    paths: &[PathBuf],
    config: Option<&Path>,
    unsaved: Option<&Path>,
) -> Result<Vec<ProjectPlan>, PlanError> {
    // A file whose text comes from standard input need not exist on disk yet.
    let missing = |full: &Path| full.symlink_metadata().is_err() && Some(full) != unsaved;
    if let Some(config) = config {
        let config = absolute(cwd, config);
        if config.symlink_metadata().is_err() {
            return Err(PlanError(format!(
                "the configuration file `{}` does not exist",
                config.display()
            )));
        }
        let root = config
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| cwd.to_path_buf());
        let mut only = Vec::new();
        for path in paths {
            let full = absolute(cwd, path);
            if missing(&full) {
                return Err(PlanError(format!("`{}` does not exist", path.display())));
            }
            if full.is_dir() || is_policy_file(&full) {
                only.push(full);
            }
        }
        let only = if paths.is_empty() { None } else { Some(only) };
        return Ok(vec![ProjectPlan {
            display_root: display_of(cwd, &root),
            root,
            config: Some(config),
            only,
            alone: false,
            implicit: false,
        }]);
    }
    let mut plans = Plans::default();
    if paths.is_empty() {
        // The project the current directory is in, whole; or the current directory.
        let root = match owner_of(cwd) {
            Owner::Configured(config) => {
                let root = config.parent().map(Path::to_path_buf).unwrap_or_default();
                plans.add(cwd, root.clone(), Some(config), None);
                root
            }
            Owner::Repository(_) | Owner::Nothing => {
                plans.add(cwd, cwd.to_path_buf(), None, None);
                cwd.to_path_buf()
            }
        };
        plans.add_nested(cwd, &root);
        return Ok(plans.by_root.into_values().collect());
    }
    let mut alone: Vec<ProjectPlan> = Vec::new();
    for path in paths {
        let full = absolute(cwd, path);
        if missing(&full) {
            return Err(PlanError(format!("`{}` does not exist", path.display())));
        }
        let named_config = full.file_name().is_some_and(|n| n == FILE_NAME) && !full.is_dir();
        if full.is_dir() {
            match owner_of(&full) {
                Owner::Configured(config) => {
                    let root = config.parent().map(Path::to_path_buf).unwrap_or_default();
                    let only = (root != full).then(|| full.clone());
                    plans.add(cwd, root, Some(config), only);
                }
                // The directory given is the project root, never anything above it.
                Owner::Repository(_) | Owner::Nothing => {
                    plans.add(cwd, full.clone(), None, None);
                }
            }
            plans.add_nested(cwd, &full);
        } else if named_config {
            let root = full.parent().map(Path::to_path_buf).unwrap_or_default();
            plans.add(cwd, root, Some(full.clone()), None);
        } else if is_policy_file(&full) {
            let dir = full.parent().map(Path::to_path_buf).unwrap_or_default();
            match owner_of(&dir) {
                Owner::Configured(config) => {
                    let root = config.parent().map(Path::to_path_buf).unwrap_or_default();
                    plans.add(cwd, root, Some(config), Some(full));
                }
                Owner::Repository(root) => plans.add(cwd, root, None, Some(full)),
                // In no project and no repository: checked alone, as ruff checks a
                // stray file with its defaults.
                Owner::Nothing => alone.push(ProjectPlan {
                    display_root: display_of(cwd, &dir),
                    root: dir,
                    config: None,
                    only: Some(vec![full]),
                    alone: true,
                    implicit: false,
                }),
            }
        }
        // Any other path is skipped, so a hook can pass every staged file.
    }
    let mut all: Vec<ProjectPlan> = plans.by_root.into_values().collect();
    all.extend(alone);
    Ok(all)
}

/// A walker over `dir` that honours `.gitignore`, `.ignore` and hidden files as ripgrep
/// does, in a stable order, without following links to directories.
fn walker(dir: &Path) -> ignore::WalkBuilder {
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .hidden(true)
        .ignore(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .parents(true)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b));
    builder
}

/// Whether a directory below a walk's root is the root of another project.
fn is_project_root(path: &Path) -> bool {
    path.join(FILE_NAME).symlink_metadata().is_ok()
}

/// Every `redline.yaml` strictly below `dir`, in sorted order.
fn nested_configs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in walker(dir).build().flatten() {
        if entry.depth() > 0 && entry.file_name() == FILE_NAME && entry.path().parent() != Some(dir)
        {
            found.push(entry.into_path());
        }
    }
    found
}

pub fn is_policy_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "redline")
}

pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    normalize(&if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.join(path)
    })
}

/// Removes `.` and folds `..` without touching the file system (symlinks stay as named).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How a path is shown: relative to the current directory when under it, with `/`.
pub fn display_of(cwd: &Path, path: &Path) -> String {
    let shown = match path.strip_prefix(cwd) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    };
    shown.to_string_lossy().replace('\\', "/")
}

/// The files of a project that `globs` select, in sorted order, with problems found on
/// the way (unreadable directories, directories or special files whose names match).
/// The walk honours `.gitignore`, `.ignore` and hidden files, does not enter directories
/// that `exclude` matches or that hold another project's `redline.yaml`, and does not
/// follow symbolic links to directories (as ripgrep does), so a link cannot make it leave
/// the project or read a file twice. A link to a file is read through; a broken or looping
/// link whose name matches is reported when it is read.
pub fn walk(root: &Path, display_root: &str, settings: &Settings, tests: bool) -> Vec<Found> {
    let selected = |relative: &str| {
        let included = if tests {
            settings.tests.is_match(relative)
        } else {
            settings.include.is_match(relative)
        };
        included && !settings.exclude.is_match(relative)
    };
    let show = |relative: &str| {
        if display_root.is_empty() {
            relative.to_owned()
        } else {
            format!("{}/{relative}", display_root.trim_end_matches('/'))
        }
    };
    let root_owned = root.to_path_buf();
    let exclude = settings.exclude.clone();
    let mut builder = walker(root);
    builder.filter_entry(move |entry| {
        let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
        if entry.depth() == 0 || !is_dir {
            return true;
        }
        let relative = relative_of(&root_owned, entry.path());
        !exclude.is_match(&relative) && !is_project_root(entry.path())
    });
    let mut found = Vec::new();
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                if entry.depth() == 0 {
                    continue;
                }
                let relative = relative_of(root, entry.path());
                if !selected(&relative) {
                    continue;
                }
                let Some(file_type) = entry.file_type() else {
                    continue;
                };
                let display = show(&relative);
                let path = entry.path().to_path_buf();
                if file_type.is_symlink() && path.is_dir() {
                    continue;
                }
                if file_type.is_file() || file_type.is_symlink() {
                    found.push(Found::File { path, display });
                } else if file_type.is_dir() {
                    let reason = "this is a directory, not a policy file".to_owned();
                    found.push(Found::Problem {
                        path,
                        display,
                        reason,
                    });
                } else {
                    let reason = "this is not a regular file (a FIFO, socket or device)".to_owned();
                    found.push(Found::Problem {
                        path,
                        display,
                        reason,
                    });
                }
            }
            Err(error) => {
                let Some((path, reason)) = walk_problem(&error) else {
                    continue;
                };
                let relative = relative_of(root, &path);
                // A problem below a directory nobody asked for is not worth a diagnostic.
                if !selected(&relative) && !is_policy_file(&path) {
                    continue;
                }
                found.push(Found::Problem {
                    path,
                    display: show(&relative),
                    reason,
                });
            }
        }
    }
    found
}

/// The path and the reason of a walk error, when it names a path.
fn walk_problem(error: &ignore::Error) -> Option<(PathBuf, String)> {
    match error {
        ignore::Error::WithPath { path, err } => {
            let reason = match err.as_ref() {
                ignore::Error::Io(io) if io.raw_os_error() == Some(40) => {
                    "a symbolic link loop".to_owned()
                }
                ignore::Error::Io(io) => io.to_string(),
                other => other.to_string(),
            };
            Some((path.clone(), reason))
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_problem(err)
        }
        ignore::Error::Loop { child, .. } => Some((
            child.clone(),
            "a symbolic link loop: this directory contains itself".to_owned(),
        )),
        _ => None,
    }
}

fn relative_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
