//! `redline init`: a starter project (policy, configuration, pre-commit hooks) in a
//! directory. Nothing existing is ever overwritten: when any target exists, nothing is
//! written at all.

use std::path::{Path, PathBuf};

use crate::write::{Existing, atomically};

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
    (
        ".pre-commit-config.yaml",
        include_str!("../../templates/init/pre-commit-config.yaml"),
    ),
];

/// Writes the starter files into `dir` and returns the paths written.
pub fn run(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let targets: Vec<(PathBuf, &str)> = FILES
        .iter()
        .map(|(name, text)| (dir.join(name), *text))
        .collect();
    let existing: Vec<String> = targets
        .iter()
        .filter(|(path, _)| path.symlink_metadata().is_ok())
        .map(|(path, _)| format!("`{}`", path.display()))
        .collect();
    if !existing.is_empty() {
        return Err(format!(
            "{} already {}; nothing was written (redline init never overwrites a file)",
            existing.join(", "),
            if existing.len() == 1 {
                "exists"
            } else {
                "exist"
            }
        ));
    }
    let mut written = Vec::new();
    for (path, text) in targets {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        // Keep, not Replace: a file created since the check above is still not touched.
        atomically(&path, text.as_bytes(), Existing::Keep)?;
        written.push(path);
    }
    Ok(written)
}
