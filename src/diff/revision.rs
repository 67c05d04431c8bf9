//! A project at a git revision, without touching the work tree: the policy files,
//! configurations and ignore files of the revision's tree are read from the object
//! database (gix) into a temporary directory laid out like the repository, which the
//! same loading code as `redline check` then reads. Both sides of a diff are therefore
//! found, parsed and resolved by one mechanism. A file whose work-tree copy holds the
//! same bytes is hard-linked rather than written: a link allocates no inode, and creating
//! a thousand files was most of a diff's time.

use std::path::{Path, PathBuf};

/// A revision written out: the directory standing for the repository's root.
pub struct Checkout {
    dir: tempfile::TempDir,
    /// How many policy files and configurations it holds.
    pub files: usize,
}

impl Checkout {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// The repository around `cwd`: its root (the work tree) and the git directory.
pub struct Repository {
    repo: gix::Repository,
    pub root: PathBuf,
}

/// The files of a tree a project's loading reads.
fn wanted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.ends_with(".redline")
        || name == crate::config::FILE_NAME
        || name == ".gitignore"
        || name == ".ignore"
}

impl Repository {
    pub fn discover(cwd: &Path) -> Result<Repository, String> {
        let repo = gix::discover(cwd)
            .map_err(|e| format!("{} is not in a git repository: {e}", cwd.display()))?;
        let root = repo
            .workdir()
            .ok_or_else(|| "the repository has no work tree (a bare repository)".to_owned())?
            .to_path_buf();
        let root = std::fs::canonicalize(&root).unwrap_or(root);
        Ok(Repository { repo, root })
    }

    /// The full id of a revision (`main`, `HEAD~1`, a sha), or why it cannot be had.
    pub fn resolve(&self, rev: &str) -> Result<String, String> {
        let missing = |e: String| {
            let shallow = self.repo.is_shallow().unwrap_or(false);
            if shallow {
                format!(
                    "the revision `{rev}` is not in this clone, which is shallow ({e}); fetch the \
                     history it needs (actions/checkout: `fetch-depth: 0`; git: `git fetch \
                     --unshallow`)"
                )
            } else {
                format!("the revision `{rev}` does not exist in this repository ({e})")
            }
        };
        let id = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| missing(e.to_string()))?;
        // A commit the name points at must itself be present (a shallow boundary).
        id.object()
            .map_err(|e| missing(e.to_string()))?
            .peel_to_tree()
            .map_err(|e| missing(e.to_string()))?;
        Ok(id.to_string())
    }

    /// Writes the revision's policy files, configurations and ignore files into a new
    /// temporary directory. Symbolic links and submodules are left out: a revision's
    /// tree cannot say where they point on this machine.
    pub fn checkout(&self, rev: &str) -> Result<Checkout, String> {
        let read = |e: &dyn std::fmt::Display| format!("the revision `{rev}` cannot be read: {e}");
        self.resolve(rev)?;
        let tree = self
            .repo
            .rev_parse_single(rev)
            .map_err(|e| read(&e))?
            .object()
            .map_err(|e| read(&e))?
            .peel_to_tree()
            .map_err(|e| read(&e))?;
        let entries = tree.traverse().breadthfirst.files().map_err(|e| read(&e))?;
        let dir = tempfile::Builder::new()
            .prefix("redline-diff-")
            .tempdir()
            .map_err(|e| format!("a temporary directory cannot be made: {e}"))?;
        // Discovery stops at a repository's root, as it does in the work tree.
        std::fs::create_dir(dir.path().join(".git"))
            .map_err(|e| format!("a temporary directory cannot be written: {e}"))?;
        let mut listed: Vec<(String, gix::ObjectId)> = Vec::new();
        for entry in entries {
            if !entry.mode.is_blob() {
                continue;
            }
            let Ok(relative) = std::str::from_utf8(&entry.filepath) else {
                continue;
            };
            if !wanted(relative) || relative.split('/').any(|c| c == ".." || c == ".git") {
                continue;
            }
            listed.push((relative.to_owned(), entry.oid));
        }
        use rayon::prelude::*;
        // A file whose work-tree copy hashes to the revision's blob is that blob: its
        // bytes are taken from the work tree (read on every core) and the object database
        // is read only for the files that differ. Reading a loose object maps it into
        // memory, and each unmapping interrupts the other cores (docs/PERFORMANCE.md).
        let kind = self.repo.object_hash();
        let work_tree = &self.root;
        let in_work_tree: Vec<Option<(Vec<u8>, Stamp)>> = listed
            .par_iter()
            .map(|(relative, oid)| same_blob(&work_tree.join(relative), kind, oid))
            .collect();
        // Each file's bytes, and the stamp of the work-tree file that holds them.
        let mut blobs: Vec<(PathBuf, Vec<u8>, Option<Stamp>)> = Vec::with_capacity(listed.len());
        let mut directories = std::collections::BTreeSet::new();
        for ((relative, oid), same) in listed.into_iter().zip(in_work_tree) {
            let path = dir.path().join(&relative);
            if let Some(parent) = path.parent() {
                directories.insert(parent.to_path_buf());
            }
            match same {
                Some((data, stamp)) => blobs.push((path, data, Some(stamp))),
                None => {
                    let object = self.repo.find_object(oid).map_err(|e| read(&e))?;
                    blobs.push((path, object.detach().data, None));
                }
            }
        }
        for directory in &directories {
            std::fs::create_dir_all(directory)
                .map_err(|e| format!("{} cannot be written: {e}", directory.display()))?;
        }
        use std::sync::atomic::{AtomicBool, Ordering};
        // Linking fails across file systems (a temporary directory on tmpfs): once it has
        // failed, the rest is written without trying.
        let links = AtomicBool::new(true);
        blobs.par_iter().try_for_each(|(path, data, stamp)| {
            if let Some(stamp) = stamp
                && links.load(Ordering::Relaxed)
                && let Ok(relative) = path.strip_prefix(dir.path())
            {
                match std::fs::hard_link(work_tree.join(relative), path) {
                    // The link is the file that was hashed, unless it was replaced or
                    // written since (an editor saving, a checkout): then its bytes, hashed
                    // and kept, are written instead.
                    Ok(()) if Stamp::of(path).as_ref() == Some(stamp) => return Ok(()),
                    Ok(()) => {
                        std::fs::remove_file(path)
                            .map_err(|e| format!("{} cannot be written: {e}", path.display()))?;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
                    Err(_) => links.store(false, Ordering::Relaxed),
                }
            }
            // A new file only: never through a path that exists, which may be a link to
            // the work tree (two names that one case-insensitive file system folds).
            let written = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .and_then(|mut file| std::io::Write::write_all(&mut file, data));
            match written {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
                Err(e) => Err(format!("{} cannot be written: {e}", path.display())),
            }
        })?;
        let files = blobs.len();
        Ok(Checkout { dir, files })
    }
}

/// The bytes of `path`, and its stamp, where it is a regular file (not a link) of at most
/// `MAX_FILE_BYTES` holding the blob `oid`: equal hashes are equal bytes. A larger file is
/// read from git, as the loader would refuse it before reading.
fn same_blob(path: &Path, kind: gix::hash::Kind, oid: &gix::ObjectId) -> Option<(Vec<u8>, Stamp)> {
    let stamp = Stamp::of(path)?;
    if stamp.len > crate::limits::MAX_FILE_BYTES {
        return None;
    }
    let data = std::fs::read(path).ok()?;
    let hash = gix::objs::compute_hash(kind, gix::objs::Kind::Blob, &data).ok()?;
    // Written while it was read: the bytes may not be the file's.
    (hash == *oid && Stamp::of(path).as_ref() == Some(&stamp)).then_some((data, stamp))
}

/// What tells a regular file apart from the same name written or replaced since.
#[derive(Debug, PartialEq)]
struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    #[cfg(unix)]
    inode: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::symlink_metadata(path).ok()?;
        if !metadata.file_type().is_file() {
            return None;
        }
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            #[cfg(unix)]
            inode: std::os::unix::fs::MetadataExt::ino(&metadata),
        })
    }
}
