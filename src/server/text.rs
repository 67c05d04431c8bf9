//! Positions and documents: LSP positions (line and column in UTF-16 code units, or
//! UTF-8 bytes when the client agrees) to byte offsets and back, incremental edits, and
//! `file://` URIs to paths and back. Every conversion clamps: a position past a line's end
//! or the document's end means the end, never a panic.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent, Uri};
use percent_encoding::{percent_decode_str, utf8_percent_encode};

/// How columns are counted (LSP 3.17 `positionEncoding`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Where each line of a text starts.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// The byte offset of an LSP position, clamped to the text.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        let line = text.get(start..end).unwrap_or("");
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += match encoding {
                Encoding::Utf8 => c.len_utf8() as u32,
                Encoding::Utf16 => c.len_utf16() as u32,
            };
        }
        end
    }

    /// The LSP position of a byte offset (clamped, and moved back to a character
    /// boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let before = text.get(start..offset).unwrap_or("");
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, start, encoding),
            self.position(text, end, encoding),
        )
    }
}

/// Applies one `didChange` content change: a range replaced, or the whole text.
pub fn apply_change(
    text: &mut String,
    change: &TextDocumentContentChangeEvent,
    encoding: Encoding,
) {
    match change.range {
        None => text.clone_from(&change.text),
        Some(range) => {
            let index = LineIndex::new(text);
            let start = index.offset(text, range.start, encoding);
            let end = index.offset(text, range.end, encoding).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

/// The path a `file://` URI names; `None` for other schemes or an unreadable URI.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` or `file://localhost/path`.
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    Some(PathBuf::from(decoded.as_ref()))
}

pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let encoded = utf8_percent_encode(text, crate::report::sarif::PATH).to_string();
    let uri = if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    };
    Uri::from_str(&uri).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip_in_both_encodings() {
        let text = "ab\né😀x\n\nlast";
        let index = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let position = index.position(text, offset, encoding);
                assert_eq!(index.offset(text, position, encoding), offset, "{offset}");
            }
        }
        // 😀 is two UTF-16 units and four bytes.
        assert_eq!(
            index.position(text, 7, Encoding::Utf16),
            Position::new(1, 1)
        );
        assert_eq!(index.position(text, 7, Encoding::Utf8), Position::new(1, 2));
        assert_eq!(
            index.position(text, 9, Encoding::Utf16),
            Position::new(1, 3)
        );
        // Past the end of a line, or of the text: clamped.
        assert_eq!(index.offset(text, Position::new(0, 99), Encoding::Utf16), 2);
        assert_eq!(
            index.offset(text, Position::new(99, 0), Encoding::Utf16),
            text.len()
        );
    }

    proptest::proptest! {
        /// Edits sent as ranges (in either encoding) give the text that replacing the same
        /// bytes gives: incremental sync agrees with full sync.
        #[test]
        fn incremental_edits_agree_with_replacing_the_text(
            start in "[a-zé😀{}\n ]{0,40}",
            edits in proptest::collection::vec((0usize..60, 0usize..60, "[a-zé😀\n]{0,5}"), 1..20),
            utf8 in proptest::bool::ANY,
        ) {
            let encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            let mut reference = start.clone();
            let mut synced = start;
            for (a, b, insert) in edits {
                let boundary = |mut i: usize| {
                    i = i.min(reference.len());
                    while !reference.is_char_boundary(i) {
                        i -= 1;
                    }
                    i
                };
                let (a, b) = (boundary(a.min(b)), boundary(a.max(b)));
                let index = LineIndex::new(&reference);
                let change = TextDocumentContentChangeEvent {
                    range: Some(index.range(&reference, a, b, encoding)),
                    range_length: None,
                    text: insert.clone(),
                };
                reference.replace_range(a..b, &insert);
                apply_change(&mut synced, &change, encoding);
                proptest::prop_assert_eq!(&synced, &reference);
            }
        }
    }

    #[test]
    fn file_uris_round_trip() {
        let path = Path::new("/tmp/my project/a#b%c.redline");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/my%20project/a%23b%25c.redline");
        assert_eq!(uri_to_path(&uri).as_deref(), Some(path));
        let untitled = Uri::from_str("untitled:Untitled-1").unwrap();
        assert!(uri_to_path(&untitled).is_none());
    }
}
