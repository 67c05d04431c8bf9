//! `redline fmt`: one canonical layout for policy files, changing whitespace only.
//!
//! The syntax tree drops comments, so the formatter works on a lossless token stream
//! (`grammar/tokens.pest`, hclwrite's approach): every token, comments included, is
//! written back in its order, and only the spaces and line breaks between tokens are
//! decided here. The syntax tree is read for one thing: where declarations and their
//! attributes start, which decides the line breaks.
//!
//! The layout, stated:
//! - each declaration starts a line (unless a suppression comment is on its line); a declaration written on one line stays on one
//!   line; one written over several lines gets one attribute (statement, test member) per
//!   line, its `{` at the end of the header line and its `}` on a line of its own;
//! - two spaces of indentation per `{}` level, four for a statement continued on the next
//!   line;
//! - one space between tokens, none before `,`, two before a comment that ends a line;
//! - in a run of consecutive one-line headers of the same keyword (`category a : x`), the
//!   `:` are aligned; in a run of flows, the `->` and the `:`;
//! - blank lines kept, at most one in a row, none at the start or end of a file or of a
//!   block; no trailing spaces; one final line break; the file's line ending (`\n` or
//!   `\r\n`) and a byte order mark kept.
//!
//! Before returning, the output is parsed again and compared with the input: the same
//! syntax tree (spans aside), the same tokens and comments in the same order, and every
//! suppression comment on the line of (or the line above) the same declarations. A
//! difference is a bug in the formatter and refuses the file rather than change a policy.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::syntax::tokens::{Kind, Token, lex};
use crate::syntax::{
    self,
    ast::{Declaration, PolicyFile},
};

/// Why a file was not formatted.
#[derive(Debug)]
pub enum Refusal {
    /// The file does not parse: its syntax errors. Formatting around them could make
    /// changes that are hard to undo (terraform fmt's reason).
    Syntax(Vec<Diagnostic>),
    /// The formatted text would not mean the same policy: an internal error.
    Unsound(String),
}

/// A token's text as written out: a comment loses its trailing whitespace.
fn token_text<'t>(text: &'t str, token: &Token) -> &'t str {
    let raw = text.get(token.start..token.end).unwrap_or("");
    if token.kind == Kind::Comment {
        raw.trim_end()
    } else {
        raw
    }
}

/// Where the syntax tree says lines start.
#[derive(Default)]
struct Structure {
    /// Offsets where a declaration starts.
    declarations: BTreeSet<usize>,
    /// Offsets where a declaration, attribute, statement or expectation starts: a line
    /// starting there is not a continuation.
    statements: BTreeSet<usize>,
    /// Offsets before which a line break goes.
    breaks: BTreeSet<usize>,
    /// Offsets of the `{` that open declaration bodies: kept on the header's line.
    bodies: BTreeSet<usize>,
    /// Whether line breaks may be added or removed (blank lines inside a block's edges
    /// included).
    restructure: bool,
}

impl Structure {
    /// Without `restructure`, no line break is added or removed.
    fn of(text: &str, tokens: &[Token], policy: &PolicyFile, restructure: bool) -> Self {
        let mut structure = Structure {
            restructure,
            ..Structure::default()
        };
        let opens: Vec<usize> = tokens
            .iter()
            .filter(|t| t.kind == Kind::Open)
            .map(|t| t.start)
            .collect();
        // A declaration sharing its line with a suppression comment stays on it: moving it
        // would change what the comment silences.
        let suppressed_lines: BTreeSet<usize> =
            policy.suppressions.iter().map(|s| s.line).collect();
        structure.declarations_in(text, &opens, &policy.declarations);
        if !suppressed_lines.is_empty() {
            let lines = Lines::of(text);
            let declarations = &structure.declarations;
            structure.breaks.retain(|&offset| {
                !declarations.contains(&offset) || !suppressed_lines.contains(&lines.line(offset))
            });
        }
        if !restructure {
            structure.breaks.clear();
            structure.bodies.clear();
        }
        structure
    }

    fn declarations_in(&mut self, text: &str, opens: &[usize], declarations: &[Declaration]) {
        for declaration in declarations {
            let span = declaration.span();
            let (start, end) = (span.start as usize, span.end as usize);
            self.declarations.insert(start);
            self.statements.insert(start);
            self.breaks.insert(start);
            let multi_line = text.get(start..end).is_some_and(|s| s.contains('\n'));
            let mut members: Vec<usize> = match declaration {
                Declaration::Entity(d) => d
                    .attributes
                    .iter()
                    .map(|a| a.span.start)
                    .collect::<Vec<u32>>(),
                Declaration::Flow(d) => d.attributes.iter().map(|a| a.span.start).collect(),
                Declaration::Rule(d) => d.statements.iter().map(|s| s.span.start).collect(),
                Declaration::Test(d) => {
                    self.declarations_in(text, opens, &d.declarations);
                    d.expectations.iter().map(|e| e.span.start).collect()
                }
            }
            .into_iter()
            .map(|s| s as usize)
            .collect();
            if multi_line {
                if end > start && text.as_bytes().get(end - 1) == Some(&b'}') {
                    members.push(end - 1);
                }
                self.breaks.extend(members.iter().copied());
            }
            self.statements.extend(members);
            // The body's `{` is the first one in the declaration: names and kinds hold
            // none, and a `{` inside a string is not a token.
            let first_open = opens.partition_point(|&o| o < start);
            if let Some(&open) = opens.get(first_open).filter(|&&o| o < end) {
                self.bodies.insert(open);
            }
        }
    }
}

/// One output line: the indices of its tokens, and whether a blank line precedes it.
struct Line {
    tokens: Vec<usize>,
    blank_before: bool,
}

/// Formats one policy file. `file` only labels the diagnostics of a refusal.
pub fn format(file: FileId, text: &str) -> Result<String, Refusal> {
    let (policy, diagnostics) = syntax::parse(file, text);
    if !diagnostics.is_empty() {
        return Err(Refusal::Syntax(diagnostics));
    }
    let tokens = lex(text);
    // The full layout first; if it would move a declaration to or from the line of a
    // suppression comment, the author's line breaks are kept and only spaces change.
    let mut layouts = [true, false].into_iter().peekable();
    while let Some(restructure) = layouts.next() {
        let structure = Structure::of(text, &tokens, &policy, restructure);
        let lines = lines(text, &tokens, &structure);
        let output = render(text, &tokens, &structure, &lines);
        match check_sound(file, text, &tokens, &policy, &output) {
            Ok(()) => return Ok(output),
            Err(Unsound::Suppressions) if layouts.peek().is_some() => continue,
            Err(unsound) => return Err(unsound.refusal()),
        }
    }
    Err(Unsound::Suppressions.refusal())
}

/// What differed between a file and its formatted text.
enum Unsound {
    Parse,
    Tokens,
    Tree,
    Suppressions,
}

impl Unsound {
    fn refusal(self) -> Refusal {
        let what = match self {
            Unsound::Parse => "the file into one that does not parse",
            Unsound::Tokens => "the tokens or the comments, or their order",
            Unsound::Tree => "the policy",
            Unsound::Suppressions => "which declarations a suppression comment applies to",
        };
        Refusal::Unsound(format!(
            "internal error: formatting would have changed {what}; the file was left as it is. Please report it"
        ))
    }
}

/// Splits the tokens into lines: the author's line breaks, plus those the structure asks
/// for, minus those before a body's `{`.
fn lines(text: &str, tokens: &[Token], structure: &Structure) -> Vec<Line> {
    let _ = text;
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut blank_before = false;
    let mut newlines = 0usize;
    for (i, token) in tokens.iter().enumerate() {
        if token.kind == Kind::Newline {
            newlines += 1;
            continue;
        }
        let ends_in_comment = current
            .last()
            .and_then(|&j| tokens.get(j))
            .is_some_and(|t| t.kind == Kind::Comment);
        let mut new_line = newlines > 0;
        if new_line && token.kind == Kind::Open && structure.bodies.contains(&token.start) {
            // `{` on a line of its own joins its header, unless a comment ends the header.
            new_line = ends_in_comment;
        }
        if !new_line && structure.breaks.contains(&token.start) {
            new_line = true;
        }
        if new_line && !current.is_empty() {
            lines.push(Line {
                tokens: std::mem::take(&mut current),
                blank_before,
            });
            blank_before = newlines >= 2;
        } else if current.is_empty() && lines.is_empty() {
            blank_before = false;
        }
        current.push(i);
        newlines = 0;
    }
    if !current.is_empty() {
        lines.push(Line {
            tokens: current,
            blank_before,
        });
    }
    lines
}

/// The spaces between two tokens on one line.
fn gap(before: Kind, after: Kind) -> &'static str {
    match (before, after) {
        (_, Kind::Comma) => "",
        (Kind::Open, Kind::Close) => "",
        (_, Kind::Comment) => "  ",
        _ => " ",
    }
}

/// What a line's alignment depends on: its indentation and the keyword of the one-line
/// header it starts with. Flows align two columns, other headers one.
#[derive(Clone, PartialEq, Eq)]
struct AlignKey {
    indent: usize,
    keyword: String,
}

/// The token positions (in the line) to pad after: the name before `->` and the target
/// before `:` of a flow, the name before `:` of another header.
fn align_columns(
    text: &str,
    tokens: &[Token],
    structure: &Structure,
    line: &Line,
) -> Option<(String, Vec<usize>)> {
    let kinds: Vec<Kind> = line
        .tokens
        .iter()
        .filter_map(|&i| tokens.get(i))
        .map(|t| t.kind)
        .collect();
    let first = tokens.get(*line.tokens.first()?)?;
    if !structure.declarations.contains(&first.start) {
        return None;
    }
    let keyword = token_text(text, first);
    match kinds.as_slice() {
        [
            Kind::Word,
            Kind::Word,
            Kind::Arrow,
            Kind::Word,
            Kind::Colon,
            ..,
        ] if keyword == "flow" => Some((keyword.to_owned(), vec![1, 3])),
        [Kind::Word, Kind::Word, Kind::Colon, ..] if keyword != "flow" => {
            Some((keyword.to_owned(), vec![1]))
        }
        _ => None,
    }
}

fn render(text: &str, tokens: &[Token], structure: &Structure, lines: &[Line]) -> String {
    let newline = match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    };
    // Indentation: the `{}` depth at the line's start, one less for a line that closes a
    // block, one more for a continued statement.
    let mut indents = Vec::with_capacity(lines.len());
    let mut depth = 0usize;
    for line in lines {
        let first = line.tokens.first().and_then(|&i| tokens.get(i));
        let indent = match first {
            Some(t) if t.kind == Kind::Close => depth.saturating_sub(1),
            Some(t)
                if matches!(t.kind, Kind::Comment | Kind::Open)
                    || structure.statements.contains(&t.start) =>
            {
                depth
            }
            Some(_) => depth + 2,
            None => depth,
        };
        indents.push(indent);
        for t in line.tokens.iter().filter_map(|&i| tokens.get(i)) {
            match t.kind {
                Kind::Open => depth += 1,
                Kind::Close => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    // Blank lines: kept (one), but not first, after a `{` or before a `}`.
    let blanks: Vec<bool> = lines
        .iter()
        .enumerate()
        .map(|(n, line)| {
            let previous_opens = n
                .checked_sub(1)
                .and_then(|p| lines.get(p))
                .and_then(|l| l.tokens.last())
                .and_then(|&i| tokens.get(i))
                .is_some_and(|t| t.kind == Kind::Open);
            let closes = line
                .tokens
                .first()
                .and_then(|&i| tokens.get(i))
                .is_some_and(|t| t.kind == Kind::Close);
            n > 0 && line.blank_before && !(structure.restructure && (previous_opens || closes))
        })
        .collect();
    // Alignment: in each run of consecutive lines with the same key, pad the columns to
    // the widest.
    let mut pads: Vec<Vec<(usize, usize)>> = vec![Vec::new(); lines.len()];
    let columns: Vec<Option<(AlignKey, Vec<usize>)>> = lines
        .iter()
        .zip(&indents)
        .map(|(line, &indent)| {
            align_columns(text, tokens, structure, line)
                .map(|(keyword, cols)| (AlignKey { indent, keyword }, cols))
        })
        .collect();
    let width = |line: &Line, column: usize| {
        line.tokens
            .get(column)
            .and_then(|&i| tokens.get(i))
            .map_or(0, |t| token_text(text, t).chars().count())
    };
    let mut n = 0;
    while n < lines.len() {
        let Some(Some((key, cols))) = columns.get(n) else {
            n += 1;
            continue;
        };
        let mut end = n + 1;
        while end < lines.len()
            && !blanks.get(end).copied().unwrap_or(true)
            && columns
                .get(end)
                .and_then(|c| c.as_ref())
                .is_some_and(|(k, _)| k == key)
        {
            end += 1;
        }
        for &column in cols {
            let widest = (n..end)
                .filter_map(|m| lines.get(m))
                .map(|l| width(l, column))
                .max()
                .unwrap_or(0);
            for m in n..end {
                if let (Some(line), Some(pad)) = (lines.get(m), pads.get_mut(m)) {
                    pad.push((column, widest - width(line, column)));
                }
            }
        }
        n = end;
    }
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    if text.starts_with('\u{FEFF}') {
        out.push('\u{FEFF}');
    }
    for (n, line) in lines.iter().enumerate() {
        if blanks.get(n).copied().unwrap_or(false) {
            out.push_str(newline);
        }
        for _ in 0..indents.get(n).copied().unwrap_or(0) {
            out.push_str("  ");
        }
        let mut previous: Option<Kind> = None;
        for (position, token) in line
            .tokens
            .iter()
            .filter_map(|&i| tokens.get(i))
            .enumerate()
        {
            if let Some(before) = previous {
                out.push_str(gap(before, token.kind));
            }
            out.push_str(token_text(text, token));
            if let Some((_, pad)) = pads
                .get(n)
                .and_then(|p| p.iter().find(|(column, _)| *column == position))
            {
                out.extend(std::iter::repeat_n(' ', *pad));
            }
            previous = Some(token.kind);
        }
        out.push_str(newline);
    }
    out
}

/// The formatted text means the same policy as the original: see the module's comment.
fn check_sound(
    file: FileId,
    text: &str,
    tokens: &[Token],
    policy: &PolicyFile,
    output: &str,
) -> Result<(), Unsound> {
    let (reparsed, diagnostics) = syntax::parse(file, output);
    if !diagnostics.is_empty() {
        return Err(Unsound::Parse);
    }
    let new_tokens = lex(output);
    let words = |text: &str, tokens: &[Token]| -> Vec<(Kind, String)> {
        tokens
            .iter()
            .filter(|t| t.kind != Kind::Newline)
            .map(|t| (t.kind, token_text(text, t).to_owned()))
            .collect()
    };
    if words(text, tokens) != words(output, &new_tokens) {
        return Err(Unsound::Tokens);
    }
    if shape(policy) != shape(&reparsed) {
        return Err(Unsound::Tree);
    }
    if suppressed_declarations(text, policy) != suppressed_declarations(output, &reparsed) {
        return Err(Unsound::Suppressions);
    }
    Ok(())
}

/// Where the lines of a text start.
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Self {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&start| start <= offset)
    }
}

/// The syntax tree without positions.
fn shape(policy: &PolicyFile) -> String {
    let debug = format!("{:?}", policy.declarations);
    let mut shape = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(at) = rest.find("Span { file: ") {
        shape.push_str(rest.get(..at).unwrap_or(""));
        let after = rest.get(at..).unwrap_or("");
        rest = match after.find('}') {
            Some(close) => after.get(close + 1..).unwrap_or(""),
            None => "",
        };
    }
    shape.push_str(rest);
    shape
}

/// For each suppression comment in order, the declarations (numbered in the order they
/// start) on its line or the line below: those it silences.
fn suppressed_declarations(text: &str, policy: &PolicyFile) -> Vec<Vec<usize>> {
    fn starts(declarations: &[Declaration], out: &mut Vec<usize>) {
        for d in declarations {
            out.push(d.span().start as usize);
            if let Declaration::Test(test) = d {
                starts(&test.declarations, out);
            }
        }
    }
    let mut offsets = Vec::new();
    starts(&policy.declarations, &mut offsets);
    let index = Lines::of(text);
    let lines: Vec<usize> = offsets.iter().map(|&o| index.line(o)).collect();
    policy
        .suppressions
        .iter()
        .map(|s| {
            lines
                .iter()
                .enumerate()
                .filter(|&(_, &line)| line == s.line || line == s.line + 1)
                .map(|(n, _)| n)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(text: &str) -> String {
        match format(FileId(0), text) {
            Ok(out) => out,
            Err(e) => format!("refused: {e:?}"),
        }
    }

    #[test]
    fn aligns_runs_and_keeps_comments() {
        let text = "# data\ncategory email : contact.email   \ncategory address:contact.postal_address # home\n\n\n\nflow a ->b:email,address for p\nflow customer -> b : email for p\n";
        assert_eq!(
            fmt(text),
            "# data\ncategory email   : contact.email\ncategory address : contact.postal_address  # home\n\nflow a        -> b : email, address for p\nflow customer -> b : email for p\n"
        );
    }

    #[test]
    fn multi_line_declarations_get_one_attribute_per_line() {
        let text = "purpose p : service.payment\n{ basis contract retain 13 months\n  }\nsystem s : database { location FR }\n";
        assert_eq!(
            fmt(text),
            "purpose p : service.payment {\n  basis contract\n  retain 13 months\n}\nsystem s : database { location FR }\n"
        );
    }

    #[test]
    fn a_comment_keeps_the_brace_on_its_own_line_and_continuations_indent() {
        let text = "flow a -> b : # which\nemail for p\npurpose p : x # c\n{\nbasis contract\n}\n";
        assert_eq!(
            fmt(text),
            "flow a -> b :  # which\n    email for p\npurpose p : x  # c\n{\n  basis contract\n}\n"
        );
    }

    #[test]
    fn refuses_what_does_not_parse_and_keeps_crlf_and_bom() {
        assert!(matches!(
            format(FileId(0), "category : x\n"),
            Err(Refusal::Syntax(_))
        ));
        assert_eq!(
            fmt("\u{FEFF}category  a : x\r\n\r\n\r\ncategory b : y\r\n"),
            "\u{FEFF}category a : x\r\n\r\ncategory b : y\r\n"
        );
        assert_eq!(fmt(""), "");
        // Joining the `{` would put the suppression on the purpose's line: the line
        // breaks stay as written.
        assert_eq!(
            fmt("purpose p : x\n{ # redline: allow P001 -- why\nbasis contract\n}\n"),
            "purpose p : x\n{  # redline: allow P001 -- why\n  basis contract\n}\n"
        );
        assert_eq!(fmt("\n\n# only\n\n"), "# only\n");
    }
}
