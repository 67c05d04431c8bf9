//! Where to resume after a syntax error: the next line that starts a top-level declaration
//! once the braces opened by the broken declaration are closed again.

const TOP_LEVEL_KEYWORDS: [&str; 11] = [
    "controller",
    "subject",
    "category",
    "purpose",
    "consent",
    "system",
    "processor",
    "recipient",
    "flow",
    "rule",
    "test",
];

fn starts_declaration(line: &str) -> bool {
    let trimmed = line.trim_start();
    TOP_LEVEL_KEYWORDS.iter().any(|k| {
        trimmed.strip_prefix(k).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'))
        })
    })
}

/// The offset of the line to resume at, after an error at `error_pos` in the declaration
/// that the parser tried at `from`. Lines inside the broken declaration's braces are
/// skipped (a `test` block holds declarations of its own); if its braces never close, the
/// first unindented declaration keyword is taken.
pub(super) fn resume_at(text: &str, from: usize, error_pos: usize) -> Option<usize> {
    let mut depth: i64 = 0;
    let mut unindented = None;
    let mut offset = from;
    let mut first = true;
    for line in text.get(from..)?.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        // The first piece may start mid-line; only later pieces are line starts.
        if !first && line_start >= error_pos && starts_declaration(line) {
            if depth <= 0 {
                return Some(line_start);
            }
            if unindented.is_none() && !line.starts_with([' ', '\t']) {
                unindented = Some(line_start);
            }
        }
        first = false;
        depth += brace_balance(line);
    }
    unindented
}

/// `{` minus `}` on a line, ignoring strings and comments.
fn brace_balance(line: &str) -> i64 {
    let mut balance = 0;
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '#' => break,
            '{' => balance += 1,
            '}' => balance -= 1,
            _ => {}
        }
    }
    balance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_declarations_inside_the_broken_block() {
        let text = "test \"t\" {\n  expect at\n  flow a -> b : c for d\n}\nsystem s : x {}\n";
        let next = resume_at(text, 0, 20).map(|p| &text[p..]);
        assert_eq!(next, Some("system s : x {}\n"));
    }

    #[test]
    fn an_unclosed_block_resumes_at_an_unindented_keyword() {
        let text = "purpose p : x {\n  basis\n  retain 1 year\nsubject s : customer\n";
        let next = resume_at(text, 0, 20).map(|p| &text[p..]);
        assert_eq!(next, Some("subject s : customer\n"));
    }
}
