#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Speed work must not change a verdict: the JSON report of the benchmark corpus of
//! 1,000 services (benches/support/corpus.rs; 1,001 files, 227 findings) hashes to
//! the checksum committed in tests/checksums/. A change of the rules that changes the
//! report is reviewed and re-blessed with `REDLINE_BLESS=1 cargo test --test
//! output_checksum`; a change meant only to be faster must leave it alone.

#[path = "../benches/support/corpus.rs"]
mod corpus;
mod support;

use sha2::{Digest, Sha256};

const SERVICES: usize = 1_000;

#[test]
fn the_json_report_of_the_corpus_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let write = |relative: &str, text: &str| {
        let path = dir.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("redline.yaml", corpus::CONFIG);
    write("services/common.redline", corpus::COMMON);
    // Written in reverse order: the report must not depend on the order files appear in.
    for i in (0..SERVICES).rev() {
        write(&corpus::service_path(i), &corpus::service(i));
    }
    let run = support::redline(dir.path(), &["check", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let json = run.json();
    let findings = json["findings"].as_array().unwrap().len();
    let digest = Sha256::digest(run.stdout.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    let line = format!("{hex}  corpus-{SERVICES}.json ({findings} findings)\n");
    let path = support::root().join("tests/checksums/corpus-1000.json.sha256");
    if std::env::var_os("REDLINE_BLESS").is_some() {
        std::fs::write(&path, &line).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        committed, line,
        "the corpus's JSON report changed; if a rule change meant it, re-bless it"
    );
}
