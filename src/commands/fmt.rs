//! `redline fmt [PATHS…] [--check] [--diff]`: every policy file in the canonical layout
//! (`crate::format`). Exit 0 when every file is (now) formatted, 1 when `--check` or
//! `--diff` found files to reformat, 2 when a file could not be read or does not parse;
//! the other files are still handled.

use std::path::{Path, PathBuf};

use crate::format::{self, Refusal};
use crate::report::human::{self, Style};
use crate::source::{SourceKind, Sources};

/// What to do with a file whose layout differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
    Diff,
}

#[derive(Debug, Default)]
pub struct Outcome {
    /// Files whose layout differed (written, or to be written).
    pub changed: Vec<String>,
    pub unchanged: usize,
    /// The text for standard output: diffs, or the formatted standard input.
    pub stdout: String,
    /// The text for standard error: refusals and read errors, rendered.
    pub stderr: String,
    pub errors: usize,
}

impl Outcome {
    pub fn exit_code(&self, mode: Mode) -> u8 {
        if self.errors > 0 {
            2
        } else if mode != Mode::Write && !self.changed.is_empty() {
            1
        } else {
            0
        }
    }

    /// The closing line: how many files changed, or would.
    pub fn summary(&self, mode: Mode) -> String {
        let files = |n: usize| if n == 1 { "file" } else { "files" };
        let changed = self.changed.len();
        let verb = match mode {
            Mode::Write => "reformatted",
            Mode::Check | Mode::Diff => "would be reformatted",
        };
        let mut parts = vec![format!("{changed} {} {verb}", files(changed))];
        if self.unchanged > 0 {
            parts.push(format!(
                "{} {} already formatted",
                self.unchanged,
                files(self.unchanged)
            ));
        }
        if self.errors > 0 {
            parts.push(format!(
                "{} {} not formatted (errors above)",
                self.errors,
                files(self.errors)
            ));
        }
        parts.join(", ")
    }
}

/// The policy files `paths` name: files as given, directories walked for `*.redline`
/// (honouring `.gitignore` and hidden files, not following links to directories),
/// sorted. Paths that do not exist are returned for the read to report.
pub fn files(cwd: &Path, paths: &[PathBuf]) -> Vec<PathBuf> {
    let roots: Vec<PathBuf> = if paths.is_empty() {
        vec![cwd.to_path_buf()]
    } else {
        paths.iter().map(|p| cwd.join(p)).collect()
    };
    let mut found = Vec::new();
    for root in roots {
        if !root.is_dir() {
            found.push(root);
            continue;
        }
        let walker = ignore::WalkBuilder::new(&root)
            .follow_links(false)
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker.flatten() {
            let path = entry.path();
            if entry.file_type().is_some_and(|t| !t.is_dir())
                && crate::config::discover::is_policy_file(path)
            {
                found.push(path.to_path_buf());
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Formats `paths` (or standard input, for `-`, shown as `stdin_name`).
pub fn run(
    cwd: &Path,
    paths: &[PathBuf],
    mode: Mode,
    stdin_name: Option<&Path>,
    style: Style,
) -> Outcome {
    let mut outcome = Outcome::default();
    let mut sources = Sources::default();
    let mut refusals = Vec::new();
    let stdin_given = paths.iter().any(|p| p.as_os_str() == "-");
    if stdin_given {
        let shown = stdin_name.map_or_else(
            || "<stdin>".to_owned(),
            |p| p.to_string_lossy().replace('\\', "/"),
        );
        let text = crate::files::read_text(std::io::stdin().lock(), 0);
        match text {
            Ok(text) => {
                let id = sources.add(
                    PathBuf::from(&shown),
                    shown.clone(),
                    SourceKind::Policy,
                    Some(text.as_str().into()),
                );
                match format::format(id, &text) {
                    Ok(formatted) => {
                        if formatted == text {
                            outcome.unchanged += 1;
                        } else {
                            outcome.changed.push(shown.clone());
                        }
                        match mode {
                            Mode::Diff => outcome.stdout.push_str(&diff(&shown, &text, &formatted)),
                            Mode::Write => outcome.stdout.push_str(&formatted),
                            Mode::Check => {}
                        }
                    }
                    Err(refusal) => refusals.push((shown.clone(), refusal)),
                }
            }
            Err(reason) => {
                outcome.errors += 1;
                outcome
                    .stderr
                    .push_str(&format!("error: {shown}: {reason}\n"));
            }
        }
    }
    let named: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .cloned()
        .collect();
    if !stdin_given || !named.is_empty() {
        for path in files(cwd, &named) {
            let shown = crate::config::discover::display_of(cwd, &path);
            let text = match crate::files::read_policy(&path) {
                Ok(text) => text,
                Err(reason) => {
                    outcome.errors += 1;
                    outcome
                        .stderr
                        .push_str(&format!("error: {shown}: {reason}\n"));
                    continue;
                }
            };
            let id = sources.add(
                path.clone(),
                shown.clone(),
                SourceKind::Policy,
                Some(text.as_str().into()),
            );
            let formatted = match format::format(id, &text) {
                Ok(formatted) => formatted,
                Err(refusal) => {
                    refusals.push((shown, refusal));
                    continue;
                }
            };
            if formatted == text {
                outcome.unchanged += 1;
                continue;
            }
            match mode {
                Mode::Write => {
                    if let Err(e) = crate::write::atomically(
                        &path,
                        formatted.as_bytes(),
                        crate::write::Existing::Replace,
                    ) {
                        outcome.errors += 1;
                        outcome.stderr.push_str(&format!("error: {e}\n"));
                        continue;
                    }
                }
                Mode::Check => outcome
                    .stderr
                    .push_str(&format!("would reformat {shown}\n")),
                Mode::Diff => outcome.stdout.push_str(&diff(&shown, &text, &formatted)),
            }
            outcome.changed.push(shown);
        }
    }
    for (shown, refusal) in refusals {
        outcome.errors += 1;
        match refusal {
            Refusal::Syntax(diagnostics) => {
                outcome
                    .stderr
                    .push_str(&human::render(&sources, &diagnostics, 1, style, true));
                outcome.stderr.push_str(&format!(
                    "error: {shown}: not formatted: it does not parse\n"
                ));
            }
            Refusal::Unsound(message) => outcome
                .stderr
                .push_str(&format!("error: {shown}: {message}\n")),
        }
    }
    outcome
}

/// A unified diff from `before` to `after`, with `a/` and `b/` file headers.
pub fn diff(shown: &str, before: &str, after: &str) -> String {
    // git's `a/` and `b/` prefixes, for a path `git apply` can take; none before an
    // absolute path.
    let (a, b) = if shown.starts_with('/') {
        (shown.to_owned(), shown.to_owned())
    } else {
        (format!("a/{shown}"), format!("b/{shown}"))
    };
    let mut text = similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string();
    // A last line without a line break still ends the diff's line.
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}
