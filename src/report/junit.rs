//! `--format junit` for `check`: one test case per policy file checked, failed when the
//! file has findings at or above `--fail-on` (so the report agrees with the exit code);
//! findings below it are listed in the case's output.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{Checked, Counts, plural, position};
use crate::diagnostic::Diagnostic;

/// Findings that belong to no file (no policy files found) go to this case.
const PROJECT: &str = "(project)";

fn line(checked: &Checked<'_>, file: &str, d: &Diagnostic) -> String {
    let p = position(checked.sources, d);
    format!(
        "{file}:{}:{}: {} {}: {}",
        p.line,
        p.column,
        d.severity.as_str(),
        d.rule,
        d.message
    )
}

pub fn render(checked: &Checked<'_>) -> String {
    let file_of = |d: &Diagnostic| {
        d.location
            .file()
            .map_or(PROJECT, |f| checked.sources.display(f))
    };
    let mut cases: Vec<&str> = checked.files.iter().map(String::as_str).collect();
    cases.extend(checked.diagnostics.iter().map(file_of));
    cases.sort_unstable();
    cases.dedup();
    let failing = |d: &Diagnostic| checked.fail_on.is_some_and(|t| d.severity >= t);
    let failed = cases
        .iter()
        .filter(|case| {
            checked
                .diagnostics
                .iter()
                .any(|d| file_of(d) == **case && failing(d))
        })
        .count();

    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let mut write = |event: Event<'_>| {
        // Writing into a Vec cannot fail.
        let _ = writer.write_event(event);
    };
    write(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let tests = cases.len().to_string();
    let failures = failed.to_string();
    let mut root = BytesStart::new("testsuites");
    root.push_attribute(("name", "redline check"));
    root.push_attribute(("tests", tests.as_str()));
    root.push_attribute(("failures", failures.as_str()));
    write(Event::Start(root));
    let mut suite = BytesStart::new("testsuite");
    suite.push_attribute(("name", "redline check"));
    suite.push_attribute(("tests", tests.as_str()));
    suite.push_attribute(("failures", failures.as_str()));
    suite.push_attribute(("errors", "0"));
    suite.push_attribute(("skipped", "0"));
    write(Event::Start(suite));
    for case in cases {
        let findings: Vec<&Diagnostic> = checked
            .diagnostics
            .iter()
            .filter(|d| file_of(d) == case)
            .collect();
        let (failed, passed): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            findings.iter().partition(|d| failing(d));
        let mut element = BytesStart::new("testcase");
        element.push_attribute(("classname", "redline check"));
        element.push_attribute(("name", case));
        if case != PROJECT {
            element.push_attribute(("file", case));
        }
        if findings.is_empty() {
            write(Event::Empty(element));
            continue;
        }
        write(Event::Start(element));
        if let Some(first) = failed.first() {
            let counts = Counts::of(failed.iter().copied());
            let summary = [
                (counts.errors, "error"),
                (counts.warnings, "warning"),
                (counts.infos, "info"),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, word)| plural(*n, word))
            .collect::<Vec<_>>()
            .join(", ");
            let mut failure = BytesStart::new("failure");
            failure.push_attribute(("message", summary.as_str()));
            failure.push_attribute(("type", first.rule.code.as_ref()));
            write(Event::Start(failure));
            let text: Vec<String> = failed.iter().map(|d| line(checked, case, d)).collect();
            write(Event::Text(BytesText::new(&text.join("\n"))));
            write(Event::End(BytesEnd::new("failure")));
        }
        if !passed.is_empty() {
            write(Event::Start(BytesStart::new("system-out")));
            let text: Vec<String> = passed.iter().map(|d| line(checked, case, d)).collect();
            write(Event::Text(BytesText::new(&text.join("\n"))));
            write(Event::End(BytesEnd::new("system-out")));
        }
        write(Event::End(BytesEnd::new("testcase")));
    }
    write(Event::End(BytesEnd::new("testsuite")));
    write(Event::End(BytesEnd::new("testsuites")));
    let mut text = String::from_utf8(writer.into_inner()).unwrap_or_default();
    text.push('\n');
    text
}
