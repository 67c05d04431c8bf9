#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The broken-input corpus (tests/corpus): every input gives a diagnostic and never a
//! panic, the run ends with exit code 1 or 2, and the other files are still reported.

mod support;

use std::path::Path;

use support::{copy_tree, redline, root};

/// The committed corpus plus the inputs that cannot be committed. Returns the project.
fn build_corpus(dir: &Path) -> std::path::PathBuf {
    let project = dir.join("project");
    copy_tree(&root().join("tests/corpus/broken"), &project);
    // 50 MB: over the size limit; the content does not matter.
    let line = "# a long comment line that repeats to make a very large policy file\n";
    std::fs::write(
        project.join("huge.redline"),
        line.repeat(50 * 1024 * 1024 / line.len() + 1),
    )
    .expect("write the huge file");
    std::fs::create_dir(project.join("x.redline")).expect("a directory named x.redline");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop.redline", project.join("loop.redline"))
            .expect("a symlink loop");
        std::os::unix::fs::symlink("..", project.join("parent-loop")).expect("a directory loop");
        let fifo = std::process::Command::new("mkfifo")
            .arg(project.join("fifo.redline"))
            .status();
        assert!(fifo.is_ok_and(|s| s.success()), "mkfifo works");
    }
    project
}

#[test]
fn every_broken_input_is_reported_and_nothing_panics() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = build_corpus(dir.path());
    let run = redline(&project, &["check", "--format", "json"]);
    assert!(run.code == 1 || run.code == 2, "{}", run.transcript());
    let report = run.json();
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    let files_with_findings: std::collections::BTreeSet<&str> =
        findings.iter().filter_map(|f| f["file"].as_str()).collect();
    let mut expected = vec!["huge.redline", "x.redline", "loop.redline", "fifo.redline"];
    for entry in std::fs::read_dir(root().join("tests/corpus/broken")).expect("corpus") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        // An empty file declares nothing, which is valid (as in ruff or eslint).
        if name != "empty.redline" && name != "duplicates-a.redline" {
            expected.push(Box::leak(name.into_boxed_str()));
        }
    }
    for name in expected {
        assert!(
            files_with_findings.contains(name),
            "no diagnostic for {name}:\n{}",
            run.transcript()
        );
    }
    // The valid file's own finding is still there, among all the broken ones.
    assert!(
        findings
            .iter()
            .any(|f| f["file"] == "zz-valid.redline" && f["code"] == "E002"),
        "{}",
        run.transcript()
    );
}

#[test]
fn corpus_reports() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = build_corpus(dir.path());
    let human = redline(&project, &["check"]);
    insta::assert_snapshot!("corpus-human", human.transcript());
    let json = redline(&project, &["check", "--format", "json"]);
    insta::assert_snapshot!("corpus-json", json.transcript());
}

#[test]
fn the_order_files_are_created_in_does_not_change_a_byte() {
    let mut names: Vec<_> = std::fs::read_dir(root().join("tests/corpus/broken"))
        .expect("corpus")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    let write_in_order = |names: &[std::ffi::OsString]| {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in names {
            std::fs::copy(
                root().join("tests/corpus/broken").join(name),
                dir.path().join(name),
            )
            .expect("copy");
        }
        dir
    };
    let forward = write_in_order(&names);
    names.reverse();
    let backward = write_in_order(&names);
    for format in ["human", "json"] {
        let a = redline(forward.path(), &["check", "--format", format]);
        let b = redline(backward.path(), &["check", "--format", format]);
        assert_eq!(a.stdout, b.stdout, "{format}");
        assert!(!a.stdout.is_empty());
    }
}

#[test]
fn an_unreadable_file_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path();
    std::fs::write(
        project.join("fine.redline"),
        "system ok : database { location FR }\n",
    )
    .expect("write");
    // /proc/self/mem cannot be read from offset 0, even by root: a file the process may
    // open but not read.
    #[cfg(target_os = "linux")]
    {
        std::os::unix::fs::symlink("/proc/self/mem", project.join("mem.redline")).expect("symlink");
        let run = redline(project, &["check", "--format", "json"]);
        let report = run.json();
        let mem: Vec<_> = report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["file"] == "mem.redline")
            .collect();
        assert_eq!(mem.len(), 1, "{}", run.transcript());
        assert_eq!(mem[0]["code"], "E005");
        assert_eq!(run.code, 1);
        std::fs::remove_file(project.join("mem.redline")).expect("remove");
    }
    // Mode 000: unreadable for a normal user; root reads it anyway, so its content (an
    // unknown kind) must then be checked instead.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = project.join("locked.redline");
        std::fs::write(&locked, "system s : no_such_kind { location FR }\n").expect("write");
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).expect("chmod");
        let readable_anyway = std::fs::read(&locked).is_ok();
        let run = redline(project, &["check", "--format", "json"]);
        let report = run.json();
        let codes: Vec<&str> = report["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["file"] == "locked.redline")
            .filter_map(|f| f["code"].as_str())
            .collect();
        let expected = if readable_anyway { "E004" } else { "E005" };
        assert_eq!(codes, [expected], "{}", run.transcript());
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
}

/// Hostile configurations, written at test time: the classic nested billion laughs, a
/// flat alias bomb under a key redline reads, and 100,000 nested brackets.
fn hostile_configs() -> Vec<(&'static str, String)> {
    let mut laughs =
        vec![r#"include: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#.to_owned()];
    let mut previous = 'a';
    for c in "bcdefghij".chars() {
        let list = vec![format!("*{previous}"); 9].join(",");
        laughs.push(format!("{c}: &{c} [{list}]"));
        previous = c;
    }
    let flat = format!(
        "controller: {{ location: &s \"{}\" }}\ninclude: [{}]\n",
        "X".repeat(10_000),
        vec!["*s"; 200_000].join(",")
    );
    let deep = format!("include: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    vec![
        ("nested-laughs", laughs.join("\n") + "\n"),
        ("flat-aliases", flat),
        ("deep-nesting", deep),
    ]
}

#[test]
fn hostile_yaml_in_the_configuration_is_refused() {
    for (name, yaml) in hostile_configs() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("redline.yaml"), yaml).expect("write");
        std::fs::write(
            dir.path().join("h.redline"),
            "system h : database { location FR }\n",
        )
        .expect("write");
        let run = redline(dir.path(), &["check", "--format", "json"]);
        assert_eq!(run.code, 2, "{name}: {}", run.transcript());
        let report = run.json();
        let findings = report["findings"].as_array().cloned().unwrap_or_default();
        assert_eq!(findings.len(), 1, "{name}: {}", run.transcript());
        assert_eq!(findings[0]["code"], "E006");
        assert_eq!(findings[0]["file"], "redline.yaml");
        let message = findings[0]["message"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        insta::assert_snapshot!(format!("hostile-{name}"), message);
    }
}
