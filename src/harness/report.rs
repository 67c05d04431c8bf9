//! What `redline test` prints: like `cargo test` for people, JSON and JUnit XML for CI.

use serde::Serialize;

use super::{Status, TestRun};
use crate::diagnostic::Diagnostic;
use crate::report::human::{Style, render};
use crate::report::json::{Finding, finding};
use crate::report::junit::JunitXml;
use crate::report::position;
use crate::source::{Sources, Span};

fn place(sources: &Sources, span: Span) -> String {
    let (line, column) = sources
        .get(span.file)
        .map_or((1, 1), |f| f.line_col(span.start));
    format!("{}:{line}:{column}", sources.display(span.file))
}

/// `running N tests`, a line per test, the failures with expected and found findings
/// side by side, and the closing line `N passed, N failed`.
pub fn human(run: &TestRun, style: Style) -> String {
    let mut out = String::new();
    if !run.errors.is_empty() {
        out.push_str(&render(&run.sources, &run.errors, run.files, style, true));
    }
    let n = run.results.len();
    out.push_str(&format!(
        "running {n} test{}\n",
        if n == 1 { "" } else { "s" }
    ));
    for r in &run.results {
        let status = match r.status {
            Status::Passed => "ok",
            Status::Failed => "FAILED",
        };
        out.push_str(&format!("test \"{}\" ... {status}\n", r.name));
    }
    let failures: Vec<_> = run
        .results
        .iter()
        .filter(|r| r.status == Status::Failed)
        .collect();
    if !failures.is_empty() {
        out.push_str("\nfailures:\n");
        for r in &failures {
            out.push_str(&format!(
                "\n---- \"{}\" ({}) ----\n",
                r.name,
                place(&run.sources, r.span)
            ));
            if !r.errors.is_empty() {
                out.push_str(&render(&run.sources, &r.errors, 0, style, true));
            }
            out.push_str("expected:\n");
            if r.expected.is_empty() {
                out.push_str("  (nothing)\n");
            }
            for (text, span) in &r.expected {
                out.push_str(&format!("  {text:<48} {}\n", place(&run.sources, *span)));
            }
            out.push_str("found:\n");
            if r.found.is_empty() {
                out.push_str("  (nothing)\n");
            }
            for d in &r.found {
                let at = d.span().map(|s| place(&run.sources, s)).unwrap_or_default();
                let id = d.rule.to_string();
                out.push_str(&format!("  {id:<48} {at}\n"));
                out.push_str(&format!("      {}\n", d.message));
            }
            out.push_str("problems:\n");
            for p in &r.problems {
                out.push_str(&format!("  - {p}\n"));
            }
        }
        out.push_str("\nfailures:\n");
        for r in &failures {
            out.push_str(&format!("    \"{}\"\n", r.name));
        }
    }
    if run.results.is_empty() {
        out.push_str("no tests found: a run without tests fails\n");
    }
    out.push_str(&format!(
        "\n{} passed, {} failed\n",
        run.passed(),
        run.failed()
    ));
    out
}

#[derive(Serialize)]
struct JsonRun<'a> {
    version: u32,
    tests: Vec<JsonTest<'a>>,
    errors: Vec<Finding<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonTest<'a> {
    name: &'a str,
    file: &'a str,
    line: usize,
    status: &'static str,
    expected: Vec<&'a str>,
    found: Vec<Finding<'a>>,
    problems: &'a [String],
    errors: Vec<Finding<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    tests: usize,
    passed: usize,
    failed: usize,
}

pub fn json(run: &TestRun) -> String {
    let s = &run.sources;
    let tests = run
        .results
        .iter()
        .map(|r| JsonTest {
            name: &r.name,
            file: s.display(r.span.file),
            line: s.get(r.span.file).map_or(1, |f| f.line_col(r.span.start).0),
            status: if r.status == Status::Passed {
                "passed"
            } else {
                "failed"
            },
            expected: r.expected.iter().map(|(e, _)| e.as_str()).collect(),
            found: r.found.iter().map(|d| finding(s, d)).collect(),
            problems: &r.problems,
            errors: r.errors.iter().map(|d| finding(s, d)).collect(),
        })
        .collect();
    let report = JsonRun {
        version: 1,
        tests,
        errors: run.errors.iter().map(|d| finding(s, d)).collect(),
        summary: JsonSummary {
            tests: run.results.len(),
            passed: run.passed(),
            failed: run.failed(),
        },
    };
    let mut text =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// JUnit XML: one test suite per test file, one test case per test; input errors outside
/// any test are a failed test case of their file.
pub fn junit(run: &TestRun) -> String {
    let s = &run.sources;
    let mut files: Vec<&str> = run.results.iter().map(|r| s.display(r.span.file)).collect();
    files.extend(
        run.errors
            .iter()
            .filter_map(|d| d.location.file())
            .map(|f| s.display(f)),
    );
    files.sort_unstable();
    files.dedup();
    // A file with input errors outside its tests counts as one more failed test case.
    let broken_files = files
        .iter()
        .filter(|f| {
            run.errors
                .iter()
                .any(|d| d.location.file().map(|id| s.display(id)) == Some(**f))
        })
        .count();
    let mut xml = JunitXml::default();
    xml.open(
        "testsuites",
        &[
            ("name", "redline test"),
            ("tests", &(run.results.len() + broken_files).to_string()),
            ("failures", &(run.failed() + broken_files).to_string()),
        ],
    );
    for file in files {
        let results: Vec<_> = run
            .results
            .iter()
            .filter(|r| s.display(r.span.file) == file)
            .collect();
        let errors: Vec<_> = run
            .errors
            .iter()
            .filter(|d| d.location.file().map(|f| s.display(f)) == Some(file))
            .collect();
        let failures = results
            .iter()
            .filter(|r| r.status == Status::Failed)
            .count()
            + usize::from(!errors.is_empty());
        let tests = results.len() + usize::from(!errors.is_empty());
        xml.open(
            "testsuite",
            &[
                ("name", file),
                ("tests", &tests.to_string()),
                ("failures", &failures.to_string()),
            ],
        );
        let error_line = |d: &Diagnostic| {
            let p = position(s, d);
            format!("{file}:{}:{}: {}: {}", p.line, p.column, d.rule, d.message)
        };
        if !errors.is_empty() {
            xml.open("testcase", &[("name", "input errors"), ("classname", file)]);
            let text: Vec<String> = errors.iter().map(|d| error_line(d)).collect();
            xml.text(
                "failure",
                &[("message", "the test file has input errors")],
                &text.join("\n"),
            );
            xml.close("testcase");
        }
        for r in results {
            let line = s
                .get(r.span.file)
                .map_or(1, |f| f.line_col(r.span.start).0)
                .to_string();
            let attributes = [
                ("name", r.name.as_str()),
                ("classname", file),
                ("file", file),
                ("line", line.as_str()),
            ];
            if r.status == Status::Passed {
                xml.empty("testcase", &attributes);
                continue;
            }
            xml.open("testcase", &attributes);
            let mut lines = r.problems.clone();
            lines.extend(r.errors.iter().map(error_line));
            xml.text(
                "failure",
                &[(
                    "message",
                    r.problems.first().map_or("failed", String::as_str),
                )],
                &lines.join("\n"),
            );
            xml.close("testcase");
        }
        xml.close("testsuite");
    }
    xml.close("testsuites");
    xml.finish()
}
