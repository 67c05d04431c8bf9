//! `--format junit` for `check`: one test case per policy file checked, failed when the
//! file has findings at or above `--fail-on` (so the report agrees with the exit code);
//! findings below it are listed in the case's output.

use std::collections::BTreeMap;

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

/// A JUnit XML document, indented by two spaces; `check` and `test` both write theirs
/// with it. Writing into memory cannot fail, so no method returns an error.
pub struct JunitXml {
    writer: Writer<Vec<u8>>,
}

impl Default for JunitXml {
    fn default() -> Self {
        let mut xml = JunitXml {
            writer: Writer::new_with_indent(Vec::new(), b' ', 2),
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        xml
    }
}

impl JunitXml {
    fn event(&mut self, event: Event<'_>) {
        let _ = self.writer.write_event(event);
    }

    fn start<'a>(name: &'a str, attributes: &[(&str, &str)]) -> BytesStart<'a> {
        let mut element = BytesStart::new(name);
        for &attribute in attributes {
            element.push_attribute(attribute);
        }
        element
    }

    pub fn open(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Start(Self::start(name, attributes)));
    }

    pub fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) {
        self.event(Event::Empty(Self::start(name, attributes)));
    }

    /// An element holding text: `<failure message="…">text</failure>`.
    pub fn text(&mut self, name: &str, attributes: &[(&str, &str)], text: &str) {
        self.open(name, attributes);
        self.event(Event::Text(BytesText::new(text)));
        self.close(name);
    }

    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    pub fn finish(self) -> String {
        let mut text = String::from_utf8(self.writer.into_inner()).unwrap_or_default();
        text.push('\n');
        text
    }
}

pub fn render(checked: &Checked<'_>) -> String {
    // Findings by file, once: a case per file would otherwise scan every finding.
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = checked
        .files
        .iter()
        .map(|f| (f.as_str(), Vec::new()))
        .collect();
    for d in checked.diagnostics {
        let file = d
            .location
            .file()
            .map_or(PROJECT, |f| checked.sources.display(f));
        by_file.entry(file).or_default().push(d);
    }
    let failing = |d: &Diagnostic| checked.fail_on.is_some_and(|t| d.severity >= t);
    let failed = by_file
        .values()
        .filter(|findings| findings.iter().any(|d| failing(d)))
        .count();

    let mut xml = JunitXml::default();
    let tests = by_file.len().to_string();
    let failures = failed.to_string();
    xml.open(
        "testsuites",
        &[
            ("name", "redline check"),
            ("tests", &tests),
            ("failures", &failures),
        ],
    );
    xml.open(
        "testsuite",
        &[
            ("name", "redline check"),
            ("tests", &tests),
            ("failures", &failures),
            ("errors", "0"),
            ("skipped", "0"),
        ],
    );
    for (case, findings) in &by_file {
        let mut attributes = vec![("classname", "redline check"), ("name", *case)];
        if *case != PROJECT {
            attributes.push(("file", case));
        }
        if findings.is_empty() {
            xml.empty("testcase", &attributes);
            continue;
        }
        xml.open("testcase", &attributes);
        let (failed, passed): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
            findings.iter().partition(|d| failing(d));
        // The type names the most severe finding (the first of them): the one a reader of
        // the CI summary should see.
        if let Some(worst) = failed.iter().min_by_key(|d| std::cmp::Reverse(d.severity)) {
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
            let text: Vec<String> = failed.iter().map(|d| line(checked, case, d)).collect();
            xml.text(
                "failure",
                &[("message", &summary), ("type", &worst.rule.code)],
                &text.join("\n"),
            );
        }
        if !passed.is_empty() {
            let text: Vec<String> = passed.iter().map(|d| line(checked, case, d)).collect();
            xml.text("system-out", &[], &text.join("\n"));
        }
        xml.close("testcase");
    }
    xml.close("testsuite");
    xml.close("testsuites");
    xml.finish()
}
