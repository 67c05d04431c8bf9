//! Writing files: always through a temporary file in the same directory that is renamed
//! into place, so a reader (or a crash) never sees half a file.

use std::io::Write;
use std::path::Path;

/// Whether an existing file at the target may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    Replace,
    Keep,
}

pub fn atomically(path: &Path, bytes: &[u8], existing: Existing) -> Result<(), String> {
    let fail = |e: &dyn std::fmt::Display| format!("cannot write `{}`: {e}", path.display());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail(&e))?;
    temp.write_all(bytes).map_err(|e| fail(&e))?;
    temp.as_file().sync_all().map_err(|e| fail(&e))?;
    match existing {
        Existing::Replace => temp.persist(path).map(drop).map_err(|e| fail(&e.error)),
        // A hard link that fails when the name exists: no window in which another
        // writer's file could be replaced.
        Existing::Keep => temp.persist_noclobber(path).map(drop).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                format!("`{}` already exists; it was left as it is", path.display())
            } else {
                fail(&e.error)
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_refuses_an_existing_file_and_replace_replaces_it() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("a.txt");
        atomically(&path, b"one", Existing::Keep)?;
        let refused = atomically(&path, b"two", Existing::Keep);
        assert!(refused.is_err_and(|e| e.contains("already exists")));
        assert_eq!(std::fs::read(&path).map_err(|e| e.to_string())?, b"one");
        atomically(&path, b"three", Existing::Replace)?;
        assert_eq!(std::fs::read(&path).map_err(|e| e.to_string())?, b"three");
        // Nothing but the target is left in the directory.
        let entries = std::fs::read_dir(dir.path())
            .map_err(|e| e.to_string())?
            .count();
        assert_eq!(entries, 1);
        Ok(())
    }
}
