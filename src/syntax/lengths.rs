//! Words and strings longer than the limits (`limits::MAX_WORD_CHARS`,
//! `MAX_STRING_CHARS`), found by one pass over the text before it is parsed: a file with
//! one is not checked further, so no later stage sees an unbounded name.

use crate::diagnostic::{Diagnostic, InputError};
use crate::limits::{MAX_STRING_CHARS, MAX_SYNTAX_ERRORS_PER_FILE, MAX_WORD_CHARS};
use crate::source::{FileId, Span};

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'*')
}

/// A diagnostic for each over-long word or string, in the order of the text (at most
/// as many as syntax errors are reported).
pub fn over_long(file: FileId, text: &str) -> Vec<Diagnostic> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() && found.len() < MAX_SYNTAX_ERRORS_PER_FILE {
        match bytes[i] {
            b'#' => {
                // A comment runs to the end of the line, whatever its length.
                i = memchr_newline(bytes, i);
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'\n' | b'\r') {
                    // `\"` and `\\` do not end the string.
                    i += if bytes[i] == b'\\' && i + 1 < bytes.len() && bytes[i + 1] != b'\n' {
                        2
                    } else {
                        1
                    };
                }
                let inner = text.get(start + 1..i.min(bytes.len())).unwrap_or("");
                let chars = inner.chars().count();
                if chars > MAX_STRING_CHARS {
                    found.push(too_long(file, start, i, "string", chars, MAX_STRING_CHARS));
                }
                i += 1;
            }
            b if is_word_byte(b) => {
                let start = i;
                while i < bytes.len() && is_word_byte(bytes[i]) {
                    i += 1;
                }
                if i - start > MAX_WORD_CHARS {
                    found.push(too_long(file, start, i, "word", i - start, MAX_WORD_CHARS));
                }
            }
            _ => i += 1,
        }
    }
    found
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn too_long(
    file: FileId,
    start: usize,
    end: usize,
    what: &str,
    n: usize,
    limit: usize,
) -> Diagnostic {
    // The span covers only the start: a report should not print a 4 MB line.
    let shown_end = (start + 40).min(end);
    Diagnostic::input(
        InputError::InvalidValue,
        Span::new(file, start, shown_end),
        format!("this {what} is {n} characters long; the limit is {limit}"),
    )
    .with_label(format!("a {what} of {n} characters"))
    .with_help(format!(
        "shorten it: this file is not checked until every {what} is at most {limit} characters"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_long_words_and_strings_but_not_comments() {
        let long_word = "a".repeat(MAX_WORD_CHARS + 1);
        let long_string = "é".repeat(MAX_STRING_CHARS + 1);
        let ok_word = "b".repeat(MAX_WORD_CHARS);
        let text = format!(
            "# {long_word} in a comment\nsystem {ok_word} : database {{ description \"{long_string}\" }}\ncategory {long_word} : x\n\"{}\\\" {long_word}\"",
            "c".repeat(10)
        );
        let found = over_long(FileId(0), &text);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "this string is 4097 characters long; the limit is 4096",
                "this word is 257 characters long; the limit is 256",
            ]
        );
        assert!(over_long(FileId(0), "system a : database\n\"unterminated").is_empty());
    }
}
