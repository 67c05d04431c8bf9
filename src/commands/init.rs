//! `redline init`: a starter project (policy, configuration, tests, pre-commit hooks) in a
//! directory. It writes the files that do not exist and never touches one that does; when
//! the directory already has a `.pre-commit-config.yaml`, as most repositories using
//! pre-commit do, it returns the hooks to add to it instead.

use std::path::{Path, PathBuf};

use crate::write::{Existing, atomically};

const PRE_COMMIT: &str = ".pre-commit-config.yaml";
const PRE_COMMIT_TEMPLATE: &str = include_str!("../../templates/init/pre-commit-config.yaml");

/// What `init` writes, relative to the directory, and the text of each.
pub const FILES: [(&str, &str); 4] = [
    (
        "redline.yaml",
        include_str!("../../templates/init/redline.yaml"),
    ),
    (
        "policies/main.redline",
        include_str!("../../templates/init/policy.redline"),
    ),
    (
        "tests/main.redline",
        include_str!("../../templates/init/test.redline"),
    ),
    (PRE_COMMIT, PRE_COMMIT_TEMPLATE),
];

/// What one run did.
#[derive(Debug, Default)]
pub struct Initialised {
    pub written: Vec<PathBuf>,
    /// Files that existed and were left as they are.
    pub kept: Vec<PathBuf>,
    /// The hook entries to add to an existing `.pre-commit-config.yaml` that does not yet
    /// run redline (the template's `repos:` list items, so the two never disagree).
    pub hooks_to_add: Option<String>,
}

/// Writes the starter files that do not exist in `dir`.
pub fn run(dir: &Path) -> Result<Initialised, String> {
    let mut done = Initialised::default();
    for (name, text) in FILES {
        let path = dir.join(name);
        // symlink_metadata: a dangling symlink is something that exists, not a gap.
        if path.symlink_metadata().is_ok() {
            if name == PRE_COMMIT && !runs_redline(&path) {
                done.hooks_to_add = Some(hook_entries());
            }
            done.kept.push(path);
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        // Keep, not Replace: a file created since the check above is still not touched.
        atomically(&path, text.as_bytes(), Existing::Keep)?;
        done.written.push(path);
    }
    Ok(done)
}

/// Whether an existing pre-commit configuration already names a redline hook. Read as
/// text: a configuration redline cannot read is still the user's, and a hint about hooks
/// already there would only confuse.
fn runs_redline(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| {
        text.lines().any(|line| {
            let line = line.trim_start().trim_start_matches("- ").trim();
            matches!(line, "id: redline" | "id: redline-test" | "id: redline-fmt")
        })
    })
}

/// The template's entries under `repos:`.
fn hook_entries() -> String {
    PRE_COMMIT_TEMPLATE
        .split_once("\nrepos:\n")
        .map_or(PRE_COMMIT_TEMPLATE, |(_, entries)| entries)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_entries_are_the_template_list_items() {
        let entries = hook_entries();
        assert!(entries.starts_with("  - repo: local\n"), "{entries}");
        assert!(entries.contains("id: redline-test"));
        assert!(entries.contains("id: redline-fmt"));
    }
}
