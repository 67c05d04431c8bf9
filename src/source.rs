//! Source files and positions: every diagnostic points into one of these.

use std::path::PathBuf;
use std::sync::Arc;

/// Index of a file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one file. Files are capped well below 4 GiB, so `u32` offsets suffice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Self {
        Span {
            file,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// A span covering both `self` and `other` (same file).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A value with the span it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub node: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(node: T, span: Span) -> Self {
        Spanned { node, span }
    }
}

/// What kind of file a source is, which decides how it is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceKind {
    Policy,
    Config,
}

/// One file of the run: its path as shown to the user and, when it could be read, its text.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    /// The path as printed in reports: as given, or relative to the project root, with `/`.
    pub display: String,
    pub kind: SourceKind,
    pub text: Option<Arc<str>>,
    line_starts: Vec<u32>,
    /// Characters before every `CHAR_MARK_BYTES`-th byte, so that a column is counted
    /// from the nearest mark, not from the line's start: a line of megabytes with
    /// thousands of findings would otherwise be counted again for each.
    char_marks: Vec<u32>,
}

const CHAR_MARK_BYTES: usize = 4096;

/// Bytes that start a character: all but UTF-8 continuation bytes.
fn starts_char(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

impl SourceFile {
    fn new(path: PathBuf, display: String, kind: SourceKind, text: Option<Arc<str>>) -> Self {
        let line_starts = text.as_deref().map(line_starts).unwrap_or_else(|| vec![0]);
        let mut char_marks = vec![0];
        if let Some(text) = text.as_deref() {
            let mut chars = 0u32;
            for block in text.as_bytes().chunks(CHAR_MARK_BYTES) {
                chars += block.iter().filter(|b| starts_char(**b)).count() as u32;
                char_marks.push(chars);
            }
        }
        SourceFile {
            path,
            display,
            kind,
            text,
            line_starts,
            char_marks,
        }
    }

    /// Characters in the text before byte `offset` (at most the text's length).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let offset = offset.min(text.len());
        let block = offset / CHAR_MARK_BYTES;
        let mark = self.char_marks.get(block).copied().unwrap_or(0) as usize;
        let rest = text
            .as_bytes()
            .get(block * CHAR_MARK_BYTES..offset)
            .unwrap_or(&[]);
        mark + rest.iter().filter(|b| starts_char(**b)).count()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let column = match self.text.as_deref() {
            Some(text) => self
                .chars_before(text, offset as usize)
                .saturating_sub(self.chars_before(text, start)),
            None => 0,
        };
        (line + 1, column + 1)
    }

    /// Byte offset where the 1-based `line` starts, if the file has that line.
    pub fn line_start(&self, line: usize) -> Option<u32> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }
}

fn line_starts(text: &str) -> Vec<u32> {
    std::iter::once(0)
        .chain(
            text.match_indices('\n')
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        )
        .collect()
}

/// Every file the run has seen, addressed by [`FileId`].
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(
        &mut self,
        path: PathBuf,
        display: String,
        kind: SourceKind,
        text: Option<Arc<str>>,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(path, display, kind, text));
        id
    }

    /// Replaces a file's text (an editor's unsaved buffer).
    pub fn set_text(&mut self, id: FileId, text: Option<Arc<str>>) {
        if let Some(file) = self.files.get_mut(id.0 as usize) {
            let (path, display, kind) = (
                std::mem::take(&mut file.path),
                std::mem::take(&mut file.display),
                file.kind,
            );
            *file = SourceFile::new(path, display, kind, text);
        }
    }

    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    pub fn text(&self, id: FileId) -> &str {
        self.get(id).and_then(|f| f.text.as_deref()).unwrap_or("")
    }

    pub fn display(&self, id: FileId) -> &str {
        self.get(id).map_or("", |f| f.display.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The text a span covers.
    pub fn snippet(&self, span: Span) -> &str {
        self.text(span.file)
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters() {
        let mut sources = Sources::default();
        let id = sources.add(
            "a".into(),
            "a".into(),
            SourceKind::Policy,
            Some(Arc::from("ab\nçd\n")),
        );
        let file = sources
            .get(id)
            .map(|f| (f.line_col(0), f.line_col(3), f.line_col(5)));
        // `ç` is two bytes: offset 5 is `d`, the third character of line 2 counts as column 2.
        assert_eq!(file, Some(((1, 1), (2, 1), (2, 2))));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        // The marks must give the count from the line's start, across block boundaries
        // and multi-byte characters.
        #[test]
        fn columns_from_marks_match_counting_from_the_line_start(
            text in "(é|ab|\n|€|𝄞|x){0,3000}",
            pick in 0usize..100_000,
        ) {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let offset = boundaries[pick % boundaries.len()];
            let mut sources = Sources::default();
            let id = sources.add("a".into(), "a".into(), SourceKind::Policy, Some(Arc::from(text.as_str())));
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = (
                text[..offset].matches('\n').count() + 1,
                text[line_start..offset].chars().count() + 1,
            );
            proptest::prop_assert_eq!(sources.get(id).map(|f| f.line_col(offset as u32)), Some(expected));
        }
    }
}
