//! Writing files: a regular file is replaced through a temporary file in the same
//! directory that is renamed into place, so a reader (or a crash) never sees half a file.
//! What is not a regular file is written through instead, never replaced: a device
//! (`/dev/null`, `/dev/stdout`) or a FIFO receives the bytes, and a symlink's target is
//! written (atomically, when it is a regular file) while the link stays.

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
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if existing == Existing::Keep {
            return Err(format!(
                "`{}` already exists; it was left as it is",
                path.display()
            ));
        }
        let kind = meta.file_type();
        if kind.is_symlink() {
            return match std::fs::canonicalize(path) {
                // The target, resolved: replaced if regular, written through if not.
                Ok(target) => atomically(&target, bytes, existing)
                    .map_err(|e| format!("{e} (the target of the symlink `{}`)", path.display())),
                // A dangling link: opening it for writing creates its target. A loop
                // fails here with the system's reason.
                Err(_) => write_through(path, bytes).map_err(|e| fail(&e)),
            };
        }
        if kind.is_dir() {
            return Err(format!(
                "cannot write `{}`: it is a directory",
                path.display()
            ));
        }
        if !kind.is_file() {
            return write_through(path, bytes).map_err(|e| fail(&e));
        }
    }
    // A replaced file keeps its permissions (a temporary file is created private).
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| {
        // tempfile's message ends with its own random file's name; the user named `path`.
        let message = e.to_string();
        let reason = message
            .rsplit_once(" at path ")
            .map_or(message.as_str(), |(reason, _)| reason);
        fail(&format!(
            "no file can be created in `{}` ({reason})",
            dir.display()
        ))
    })?;
    temp.write_all(bytes).map_err(|e| fail(&e))?;
    if let Some(permissions) = permissions {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(|e| fail(&e))?;
    }
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

/// Writes into what is at `path` without replacing it.
fn write_through(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(path)?;
    file.write_all(bytes)?;
    file.flush()
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

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions() -> Result<(), String> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let path = dir.path().join("policy.redline");
        std::fs::write(&path, "one").map_err(|e| e.to_string())?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640))
            .map_err(|e| e.to_string())?;
        atomically(&path, b"two", Existing::Replace)?;
        let mode = std::fs::metadata(&path)
            .map_err(|e| e.to_string())?
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_keeps_pointing_at_its_target_which_is_written() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let target = dir.path().join("real.json");
        let link = dir.path().join("report.json");
        std::fs::write(&target, "old").map_err(|e| e.to_string())?;
        std::os::unix::fs::symlink("real.json", &link).map_err(|e| e.to_string())?;
        atomically(&link, b"new", Existing::Replace)?;
        let meta = std::fs::symlink_metadata(&link).map_err(|e| e.to_string())?;
        assert!(meta.file_type().is_symlink());
        assert_eq!(std::fs::read(&target).map_err(|e| e.to_string())?, b"new");
        // A dangling link gets its target created; a loop is an error, not a hang.
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink("made.txt", &dangling).map_err(|e| e.to_string())?;
        atomically(&dangling, b"made", Existing::Replace)?;
        assert_eq!(
            std::fs::read(dir.path().join("made.txt")).map_err(|e| e.to_string())?,
            b"made"
        );
        let a = dir.path().join("a");
        std::os::unix::fs::symlink("b", &a).map_err(|e| e.to_string())?;
        std::os::unix::fs::symlink("a", dir.path().join("b")).map_err(|e| e.to_string())?;
        assert!(atomically(&a, b"x", Existing::Replace).is_err());
        assert!(
            atomically(dir.path(), b"x", Existing::Replace)
                .is_err_and(|e| e.contains("is a directory"))
        );
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_receives_the_bytes_and_stays_a_fifo() -> Result<(), String> {
        use std::io::Read;
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let fifo = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .map_err(|e| e.to_string())?;
        assert!(made.success());
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let mut text = String::new();
                std::fs::File::open(fifo).and_then(|mut f| f.read_to_string(&mut text))?;
                Ok::<String, std::io::Error>(text)
            })
        };
        atomically(&fifo, b"through the pipe", Existing::Replace)?;
        let read = reader
            .join()
            .map_err(|_| "the reader thread failed".to_owned())?
            .map_err(|e| e.to_string())?;
        assert_eq!(read, "through the pipe");
        let meta = std::fs::symlink_metadata(&fifo).map_err(|e| e.to_string())?;
        assert!(meta.file_type().is_fifo());
        Ok(())
    }
}
