#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Writers under faults: a full device, a directory where the file should go, a parent
//! that is not a directory, a read-only directory, and several runs writing one baseline
//! at once. Each gives a
//! clear error (exit 2) or one whole file, and never leaves a partial or temporary file.

mod support;

use std::path::Path;
use std::process::Command;

use support::{redline, root};

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_full_device_is_a_clear_error() {
    if !Path::new("/dev/full").exists() {
        panic!("/dev/full is missing: this test needs Linux");
    }
    for args in [
        vec![
            "check",
            "examples/webshop",
            "--format",
            "json",
            "--output",
            "/dev/full",
        ],
        vec!["ropa", "examples/clinic", "--output", "/dev/full"],
    ] {
        let run = redline(root(), &args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.transcript());
        assert!(
            run.stderr.contains("cannot write `/dev/full`") && run.stderr.contains("No space left"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_directory_or_a_file_in_the_way_is_a_clear_error_and_nothing_is_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "kept").unwrap();
    let before = entries(dir.path());

    let run = redline(
        root(),
        &[
            "check",
            "examples/webshop",
            "--format",
            "json",
            "--output",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("it is a directory"), "{}", run.stderr);
    assert!(
        entries(&target).is_empty(),
        "the directory was written into"
    );

    // A parent that is a file: the system says why.
    let under_file = dir.path().join("notes.txt").join("report.json");
    let run = redline(
        root(),
        &[
            "check",
            "examples/webshop",
            "--format",
            "json",
            "--output",
            under_file.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);

    assert_eq!(
        entries(dir.path()),
        before,
        "a temporary file was left behind"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "kept"
    );
}

#[test]
fn runs_writing_one_baseline_at_once_leave_one_whole_file() {
    let (_dir, shop) = support::copy_example("webshop");
    let baseline = shop.join("baseline.json");
    let alone = redline(&shop, &["check", "--write-baseline", "alone.json"]);
    assert_eq!(alone.code, 0, "{}", alone.transcript());
    let expected = std::fs::read_to_string(shop.join("alone.json")).unwrap();
    std::fs::remove_file(shop.join("alone.json")).unwrap();

    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_redline"))
                .args(["check", "--write-baseline"])
                .arg(&baseline)
                .current_dir(&shop)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let written = std::fs::read_to_string(&baseline).unwrap();
    assert_eq!(written, expected, "the baseline is not one whole run's");
    let leftovers: Vec<String> = entries(&shop)
        .into_iter()
        .filter(|n| n.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// A directory no process may create files in: its permissions say so, and where the
/// tests run as root (whom permissions do not stop, as in CI) its immutable attribute
/// too. Undone on drop, so that the directory can be removed.
struct ReadOnly<'a>(&'a Path);

impl<'a> ReadOnly<'a> {
    fn make(dir: &'a Path) -> ReadOnly<'a> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
        let guard = ReadOnly(dir);
        if guard.writable() {
            let status = Command::new("chattr").arg("+i").arg(dir).status();
            assert!(
                status.is_ok_and(|s| s.success()) && !guard.writable(),
                "{} cannot be made read-only here (permissions do not stop this user, and \
                 `chattr +i` failed): the test needs a file system with the immutable attribute",
                dir.display()
            );
        }
        guard
    }

    fn writable(&self) -> bool {
        let probe = self.0.join(".probe");
        let made = std::fs::write(&probe, "x").is_ok();
        let _ = std::fs::remove_file(&probe);
        made
    }
}

impl Drop for ReadOnly<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = Command::new("chattr").arg("-i").arg(self.0).status();
        let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[test]
fn a_read_only_directory_is_a_clear_error_and_its_files_are_left_whole() {
    // On the target directory's file system, which has the immutable attribute where
    // /tmp may be a tmpfs without it.
    // A run killed before its guard undid the attribute left its directory immutable
    // (and `cargo clean` failing): undone here first.
    for entry in std::fs::read_dir(env!("CARGO_TARGET_TMPDIR"))
        .unwrap()
        .flatten()
    {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("read-only-")
        {
            drop(ReadOnly(&entry.path()));
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let dir = tempfile::Builder::new()
        .prefix("read-only-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap();
    let existing = dir.path().join("report.json");
    std::fs::write(&existing, "{\"earlier\": true}\n").unwrap();
    let before = entries(dir.path());
    let read_only = ReadOnly::make(dir.path());

    for (args, target) in [
        (
            vec!["check", "examples/webshop", "--format", "json"],
            &existing,
        ),
        (vec!["ropa", "examples/clinic"], &dir.path().join("ropa.md")),
    ] {
        let mut args: Vec<&str> = args;
        args.extend(["--output", target.to_str().unwrap()]);
        let run = redline(root(), &args);
        assert_eq!(run.code, 2, "{}", run.transcript());
        // The system's reason: the attribute's (root) or the permissions' (anyone else).
        let said = |reason: &str| {
            run.stderr.contains(&format!(
                "cannot write `{}`: no file can be created in `{}` ({reason} (os error",
                target.display(),
                dir.path().display()
            ))
        };
        assert!(
            (said("Operation not permitted") || said("Permission denied"))
                && !run.stderr.contains(".tmp"),
            "not the message, or it names the writer's temporary file: {}",
            run.stderr
        );
    }

    drop(read_only);
    assert_eq!(entries(dir.path()), before, "a file was left behind");
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "{\"earlier\": true}\n",
        "the existing report was changed"
    );
}
