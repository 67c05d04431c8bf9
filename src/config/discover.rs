//! Which projects a run checks and which files each one reads.
//!
//! A directory on the command line is a project root (its `redline.yaml`, if any,
//! applies). A policy file on the command line belongs to the project found by walking
//! up to the nearest `redline.yaml` (stopping at the repository root); the whole project
//! is read, and only findings in the named files are reported. Other paths are skipped.

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
    /// Report only findings in these files; `None` reports the whole project.
    pub only: Option<Vec<PathBuf>>,
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
        if !config.is_file() {
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
        }]);
    }
    if paths.is_empty() {
        let (root, config) = match find_config(cwd) {
            Some(config) => (
                config.parent().map(Path::to_path_buf).unwrap_or_default(),
                Some(config),
            ),
            None => (cwd.to_path_buf(), None),
        };
        return Ok(vec![ProjectPlan {
            display_root: display_of(cwd, &root),
            root,
            config,
            only: None,
        }]);
    }
    let mut plans: Vec<ProjectPlan> = Vec::new();
    let mut by_root: BTreeMap<PathBuf, usize> = BTreeMap::new();
    for path in paths {
        let full = absolute(cwd, path);
        if missing(&full) {
            return Err(PlanError(format!("`{}` does not exist", path.display())));
        }
        let named_config = full.file_name().is_some_and(|n| n == FILE_NAME) && full.is_file();
        let (root, config, file) = if full.is_dir() {
            let config = full.join(FILE_NAME);
            (full.clone(), config.is_file().then_some(config), None)
        } else if named_config {
            (
                full.parent().map(Path::to_path_buf).unwrap_or_default(),
                Some(full.clone()),
                None,
            )
        } else if is_policy_file(&full) {
            let dir = full.parent().map(Path::to_path_buf).unwrap_or_default();
            match find_config(&dir) {
                Some(config) => (
                    config.parent().map(Path::to_path_buf).unwrap_or_default(),
                    Some(config),
                    Some(full),
                ),
                None if full.starts_with(cwd) => (cwd.to_path_buf(), None, Some(full)),
                None => (dir, None, Some(full)),
            }
        } else {
            continue; // Not a policy file: skipped, so a hook can pass every staged file.
        };
        let index = *by_root.entry(root.clone()).or_insert_with(|| {
            plans.push(ProjectPlan {
                display_root: display_of(cwd, &root),
                root,
                config,
                only: Some(Vec::new()),
            });
            plans.len() - 1
        });
        let plan = &mut plans[index];
        match (file, &mut plan.only) {
            (Some(file), Some(only)) => only.push(file),
            // A directory or a configuration file: the whole project is reported.
            (None, _) => plan.only = None,
            (Some(_), None) => {}
        }
    }
    Ok(plans)
}

/// `redline.yaml` in `start` or a parent, not above the repository root.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent();
    }
    None
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
/// Directories that `exclude` matches are not entered, and symbolic links to directories
/// are not followed (as ripgrep does), so a link cannot make the walk leave the project
/// or read a file twice. A link to a file is read through; a broken or looping link
/// whose name matches is reported when it is read.
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
    let mut found = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let relative = relative_of(root, entry.path());
            entry.depth() == 0
                || !(entry.file_type().is_dir()
                    && (entry.file_name() == ".git" || settings.exclude.is_match(&relative)))
        });
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.depth() == 0 {
                    continue;
                }
                let relative = relative_of(root, entry.path());
                if !selected(&relative) {
                    continue;
                }
                let file_type = entry.file_type();
                let display = show(&relative);
                let path = entry.path().to_path_buf();
                let is_link_to_dir = file_type.is_symlink() && path.is_dir();
                if is_link_to_dir {
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
                let Some(path) = error.path().map(Path::to_path_buf) else {
                    continue;
                };
                let relative = relative_of(root, &path);
                // A problem below a directory nobody asked for is not worth a diagnostic.
                if !selected(&relative) && !is_policy_file(&path) {
                    continue;
                }
                let reason = if error.loop_ancestor().is_some() {
                    "a symbolic link loop: this directory contains itself".to_owned()
                } else {
                    match error.io_error() {
                        Some(io) if io.raw_os_error() == Some(40) => {
                            "a symbolic link loop".to_owned()
                        }
                        Some(io) => io.to_string(),
                        None => error.to_string(),
                    }
                };
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

fn relative_of(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}
