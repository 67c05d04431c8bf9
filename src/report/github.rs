//! `--format github`: GitHub Actions workflow commands, one per finding, which the
//! runner turns into annotations on the pull request
//! (`::error title=…,file=…,line=…,col=…,endLine=…,endColumn=…::message`).

use std::fmt::Write;

use super::{Checked, position};
use crate::diagnostic::{Location, Severity};

/// The message part: `%`, CR and LF escaped (actions/toolkit `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: the message escapes plus `:` and `,` (actions/toolkit
/// `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn render(checked: &Checked<'_>) -> String {
    let mut out = String::new();
    for d in checked.diagnostics {
        let mut properties = vec![format!(
            "title={}",
            escape_property(&format!("redline {}", d.rule))
        )];
        if let Some(file) = d.location.file() {
            properties.push(format!(
                "file={}",
                escape_property(checked.sources.display(file))
            ));
            if let Location::Span(_) = d.location {
                let p = position(checked.sources, d);
                properties.push(format!("line={}", p.line));
                properties.push(format!("col={}", p.column));
                properties.push(format!("endLine={}", p.end_line));
                properties.push(format!("endColumn={}", p.end_column));
            }
        }
        let mut message = d.message.clone();
        for note in &d.notes {
            message.push('\n');
            message.push_str(note);
        }
        let _ = writeln!(
            out,
            "::{} {}::{}",
            command(d.severity),
            properties.join(","),
            escape_data(&message)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("100% a\r\nb"), "100%25 a%0D%0Ab");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
