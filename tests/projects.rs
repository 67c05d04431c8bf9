#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Projects on real directory trees (CLI.md, "Projects"): each file belongs to the nearest
//! `redline.yaml`, each project is checked alone, discovery honours ignore files and
//! hidden directories, standard input reads only its project, derived documents refuse
//! broken input, and writers never replace what is not a regular file.

mod support;

use std::path::Path;

use support::redline;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("dirs");
    }
    std::fs::write(path, text).expect("write");
}

/// A clean policy. Every project below declares the same names: were two projects merged,
/// each name would be an E002 duplicate.
const CLEAN: &str = "controller \"C\" { location FR }\nsubject s : customer\n\
                     category e : contact.email\nsystem app : application { location FR }\n\
                     purpose p : service.account { basis contract retain 1 year }\n\
                     flow s -> app : e for p\n";

/// A policy with one input error (line 1).
const BROKEN: &str = "system x : database { location XX }\n";

const CONFIG: &str = "include: [\"policies/**/*.redline\"]\ntests: [\"tests/**/*.redline\"]\n";

/// `(file, code)` of every finding of a JSON report.
fn findings(run: &support::Run) -> Vec<(String, String)> {
    run.json()["findings"]
        .as_array()
        .unwrap_or_else(|| panic!("{}", run.transcript()))
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap_or_default().to_owned(),
                f["code"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// A repository holding two projects, copies that discovery must skip (ignored by git, by
/// `.ignore`, hidden), and a broken policy in the second project.
fn two_projects() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    let root = dir.path();
    // A `.git` directory is what makes a repository root for discovery; no git needed.
    std::fs::create_dir(root.join(".git")).expect(".git");
    write(root, ".gitignore", "node_modules/\n");
    write(root, ".ignore", "vendor/\n");
    for project in ["svc1", "svc2"] {
        write(root, &format!("{project}/redline.yaml"), CONFIG);
        write(root, &format!("{project}/policies/main.redline"), CLEAN);
    }
    write(root, "svc2/policies/broken.redline", BROKEN);
    for skipped in [
        "node_modules/pkg/policies/main.redline",
        "svc1/node_modules/pkg/policies/main.redline",
        "vendor/policies/main.redline",
        ".cache/policies/main.redline",
    ] {
        write(root, skipped, BROKEN);
    }
    dir
}

#[test]
fn each_project_is_checked_alone_and_ignored_copies_are_not_read() {
    let dir = two_projects();
    let run = redline(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        findings(&run),
        [("svc2/policies/broken.redline".to_owned(), "E004".to_owned())]
    );
    assert_eq!(run.json()["summary"]["files"], 3, "{}", run.transcript());
    // From inside a project, or naming it, only that project.
    let inside = redline(&dir.path().join("svc1/policies"), &["check"]);
    assert_eq!(inside.code, 0, "{}", inside.transcript());
    assert!(inside.stdout.contains("No findings in 1 file."));
    let named = redline(dir.path(), &["check", "svc1"]);
    assert_eq!(named.code, 0, "{}", named.transcript());
    // A file named in each project: both projects, each alone.
    let files = redline(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "svc1/policies/main.redline",
            "svc2/policies/broken.redline",
        ],
    );
    assert_eq!(
        findings(&files),
        [("svc2/policies/broken.redline".to_owned(), "E004".to_owned())]
    );
}

#[test]
fn a_broken_nested_configuration_fails_its_project_and_the_others_are_checked() {
    let dir = two_projects();
    write(dir.path(), "svc3/redline.yaml", "include: [\n");
    write(dir.path(), "svc3/policies/main.redline", CLEAN);
    let run = redline(dir.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    let found = findings(&run);
    assert!(
        found.contains(&("svc3/redline.yaml".to_owned(), "E006".to_owned()))
            && found.contains(&("svc2/policies/broken.redline".to_owned(), "E004".to_owned())),
        "{}",
        run.transcript()
    );
    assert_eq!(found.len(), 2, "{}", run.transcript());
}

#[test]
fn a_configuration_that_is_not_a_file_is_an_error_never_a_hang() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "dir/policies/main.redline", CLEAN);
    std::fs::create_dir(dir.path().join("dir/redline.yaml")).expect("dir");
    let mut cases = vec!["dir"];
    #[cfg(unix)]
    {
        write(dir.path(), "fifo/policies/main.redline", CLEAN);
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("fifo/redline.yaml"))
            .status()
            .expect("mkfifo");
        assert!(made.success());
        write(dir.path(), "loop/policies/main.redline", CLEAN);
        std::os::unix::fs::symlink("b", dir.path().join("loop/a")).expect("link");
        std::os::unix::fs::symlink("a", dir.path().join("loop/b")).expect("link");
        std::os::unix::fs::symlink("a", dir.path().join("loop/redline.yaml")).expect("link");
        cases.extend(["fifo", "loop"]);
    }
    for case in cases {
        let run = redline(dir.path(), &["check", case, "--format", "json"]);
        assert_eq!(run.code, 2, "{case}: {}", run.transcript());
        assert_eq!(
            findings(&run),
            [(format!("{case}/redline.yaml"), "E006".to_owned())],
            "{case}"
        );
    }
}

#[test]
fn a_project_without_policy_files_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "empty/redline.yaml", CONFIG);
    write(dir.path(), "empty/README.md", "policies to come\n");
    let run = redline(dir.path(), &["check", "empty"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stdout.contains("no policy files found in `empty`"),
        "{}",
        run.transcript()
    );
}

fn redline_with_stdin(cwd: &Path, args: &[&str], input: &str) -> support::Run {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_redline"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    support::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn standard_input_reads_its_own_project_and_nothing_more() {
    // Outside any project and repository: the piped file is checked alone, however many
    // policy files lie around it.
    let dir = tempfile::tempdir().expect("dir");
    for i in 0..5 {
        write(dir.path(), &format!("a/f{i}.redline"), BROKEN);
    }
    std::fs::create_dir_all(dir.path().join("a/b/c/d")).expect("dirs");
    for cwd in ["a", "a/b/c/d"] {
        let run = redline_with_stdin(
            &dir.path().join(cwd),
            &["check", "--stdin-filename", "scratch.redline"],
            CLEAN,
        );
        assert_eq!(run.code, 0, "{cwd}: {}", run.transcript());
        assert!(
            run.stdout.contains("No findings in 1 file."),
            "{}",
            run.transcript()
        );
    }
    // Inside a project: its declarations are known, and the other project is not read
    // (its broken file would be an error, its declarations duplicates).
    let repo = two_projects();
    let uses_svc1 = "flow s -> app : e for p\n";
    let run = redline_with_stdin(
        &repo.path().join("svc1/policies"),
        &[
            "check",
            "--stdin-filename",
            "more.redline",
            "--format",
            "json",
        ],
        uses_svc1,
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.json()["summary"]["files"], 2, "{}", run.transcript());
}

#[test]
fn a_stray_file_outside_any_project_is_checked_alone() {
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "notes/stray.redline", CLEAN);
    write(dir.path(), "notes/other.redline", BROKEN);
    let run = redline(dir.path(), &["check", "notes/stray.redline"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.contains("No findings in 1 file."),
        "{}",
        run.transcript()
    );
}

#[test]
fn derived_documents_refuse_broken_input() {
    let dir = two_projects();
    for command in ["graph", "ropa"] {
        let run = redline(dir.path(), &[command, "svc2"]);
        assert_eq!(run.code, 2, "{command}: {}", run.transcript());
        assert_eq!(run.stdout, "", "{command} printed a document");
        assert!(
            run.stderr.contains("`XX` is not a country code")
                && run.stderr.contains("no document is derived from it"),
            "{}",
            run.transcript()
        );
        let clean = redline(dir.path(), &[command, "svc1"]);
        assert_eq!(clean.code, 0, "{command}: {}", clean.transcript());
        assert!(!clean.stdout.is_empty());
        // Above two projects: which one is meant is not guessed.
        std::fs::remove_file(dir.path().join("svc2/policies/broken.redline")).ok();
        let both = redline(dir.path(), &[command]);
        assert_eq!(both.code, 2, "{}", both.transcript());
        assert!(both.stderr.contains("svc1, svc2"), "{}", both.transcript());
        write(dir.path(), "svc2/policies/broken.redline", BROKEN);
    }
}

#[test]
fn the_tests_of_every_project_run() {
    let dir = two_projects();
    std::fs::remove_file(dir.path().join("svc2/policies/broken.redline")).expect("rm");
    write(
        dir.path(),
        "svc1/tests/main.redline",
        "test \"clean\" {\n  expect clean\n}\n",
    );
    write(
        dir.path(),
        "svc2/tests/main.redline",
        "test \"wrongly expects creep\" {\n  expect purpose-creep\n}\n",
    );
    let all = redline(dir.path(), &["test"]);
    assert_eq!(all.code, 1, "{}", all.transcript());
    assert!(
        all.stdout.contains("wrongly expects creep") && all.stdout.contains("1 passed, 1 failed"),
        "{}",
        all.transcript()
    );
    // As the pre-commit hook calls it: the touched files, mapped to their projects. A
    // policy file runs its project's whole suite.
    let hook = redline(
        dir.path(),
        &[
            "test",
            "svc1/policies/main.redline",
            "svc2/policies/main.redline",
        ],
    );
    assert_eq!(hook.code, 1, "{}", hook.transcript());
    let first = redline(dir.path(), &["test", "svc1/policies/main.redline"]);
    assert_eq!(first.code, 0, "{}", first.transcript());
    assert!(
        first.stdout.contains("1 passed, 0 failed"),
        "{}",
        first.transcript()
    );
}

#[cfg(unix)]
#[test]
fn output_writes_through_a_fifo_and_a_symlink_instead_of_replacing_them() {
    use std::io::Read;
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("dir");
    write(dir.path(), "policy.redline", CLEAN);
    let fifo = dir.path().join("report.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            std::fs::File::open(fifo)
                .and_then(|mut f| f.read_to_string(&mut text))
                .map(|_| text)
        })
    };
    let run = redline(
        dir.path(),
        &["check", "--format", "json", "--output", "report.fifo"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let through = reader.join().expect("reader").expect("read");
    assert!(through.contains("\"findings\": []"), "{through}");
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("meta")
            .file_type()
            .is_fifo()
    );

    write(dir.path(), "reports/latest.json", "old\n");
    std::os::unix::fs::symlink("reports/latest.json", dir.path().join("report.json"))
        .expect("link");
    let run = redline(
        dir.path(),
        &["check", "--format", "json", "--output", "report.json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        std::fs::symlink_metadata(dir.path().join("report.json"))
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    let target = std::fs::read_to_string(dir.path().join("reports/latest.json")).expect("read");
    assert!(target.contains("\"findings\": []"), "{target}");
}
