//! What the cursor's line expects next, read from the tokens alone (`syntax::tokens`):
//! the line being typed usually does not parse yet, so completion and hover cannot wait
//! for a syntax tree (cedar had to add an error-tolerant parser for the same reason).

use crate::syntax::ast::Keyword;
use crate::syntax::tokens::{Kind, Token, lex};

use super::names::NODES;

/// The block the cursor is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Block {
    Top,
    /// The body of a declaration of this keyword (`flow`, `rule` and `test` included).
    Body(Keyword),
}

/// What may be written at the cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A declaration keyword (and `expect` inside a test).
    Declaration {
        in_test: bool,
    },
    /// An attribute or statement keyword of this declaration's body.
    Attribute(Keyword),
    /// Names declared with one of these keywords.
    Names(&'static [Keyword]),
    /// Taxonomy ids of categories (`Keyword::Category`) or purposes.
    Taxonomy(Keyword),
    /// Taxonomy ids and group patterns (`contact.*`), for organisation rules.
    TaxonomyPattern(Keyword),
    /// Kinds of subjects, systems or recipients.
    Kind(Keyword),
    Countries,
    Bases,
    Safeguards,
    Conditions,
    Words(&'static [&'static str]),
    Rights,
    Laws,
    Choices,
    Events,
    TimeUnits,
    Properties,
    /// Rule names and codes (and organisation rules' names).
    Rules {
        in_expect: bool,
    },
    /// Declaration keywords after `require … for` or `expect … at`.
    DeclarationKinds,
    /// `subject`, `system`, `processor`, `recipient`, or a node's name, after `to`.
    NodeKinds,
    Nothing,
}

/// The cursor, read from its line.
#[derive(Debug)]
pub struct Cursor {
    /// The word under or before the cursor: from `word_start` to `word_end` (the
    /// completion replaces `word_start..offset`).
    pub word_start: usize,
    pub word_end: usize,
    pub expect: Expect,
    /// The suppression comment's text, when the cursor is in one.
    pub comment: Option<(usize, String)>,
}

/// Keywords that take one value of a known set.
fn value_of(keyword: &str) -> Option<Expect> {
    Some(match keyword {
        "location" | "outside" | "in" => Expect::Countries,
        "basis" => Expect::Bases,
        "safeguard" => Expect::Safeguards,
        "condition" => Expect::Conditions,
        "default" => Expect::Words(&["denied", "granted"]),
        "scale" => Expect::Words(&["large", "small"]),
        "right" => Expect::Rights,
        "follows" => Expect::Laws,
        "covers" => Expect::Choices,
        "honours" => Expect::Words(&["gpc"]),
        "subprocessor" => Expect::Names(&[Keyword::Processor]),
        "compatible" => Expect::Names(&[Keyword::Purpose]),
        "needs" | "stores" => Expect::Names(&[Keyword::Category]),
        "after" => Expect::Events,
        "severity" => Expect::Words(&["error", "warning", "info"]),
        "require" => Expect::Properties,
        "to" => Expect::NodeKinds,
        "data" => Expect::TaxonomyPattern(Keyword::Category),
        "deny" => Expect::Words(&["data", "flow"]),
        "about" => Expect::Words(&["subject"]),
        "retention" => Expect::Words(&["max", "criteria"]),
        "consent" | "explicit_consent" => Expect::Names(&[Keyword::Consent]),
        "retain" | "renew" | "within" | "max" => Expect::Nothing,
        _ => return None,
    })
}

fn keyword_of(word: &str) -> Option<Keyword> {
    Keyword::ALL.into_iter().find(|k| k.as_str() == word)
}

/// Reads the cursor at byte `offset` of `text`.
pub fn at(text: &str, offset: usize) -> Cursor {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let tokens = lex(text);
    let mut cursor = Cursor {
        word_start: offset,
        word_end: offset,
        expect: Expect::Nothing,
        comment: None,
    };
    let under = tokens.iter().find(|t| {
        t.start <= offset && offset <= t.end && (t.start < offset || t.kind == Kind::Word)
    });
    if let Some(token) = under {
        let written = text.get(token.start..token.end).unwrap_or("");
        match token.kind {
            Kind::Word => {
                cursor.word_start = token.start;
                cursor.word_end = token.end;
            }
            Kind::Comment => {
                let before = text.get(token.start..offset).unwrap_or("");
                cursor.comment = Some((token.start, written.to_owned()));
                cursor.expect = comment_expect(before);
                // A rule name in the comment: from the last space or comma.
                cursor.word_start = before
                    .rfind([' ', ','])
                    .map_or(token.start, |i| token.start + i + 1);
                cursor.word_end = text
                    .get(offset..token.end)
                    .and_then(|rest| rest.find([' ', ',']))
                    .map_or(token.end, |i| offset + i);
                return cursor;
            }
            Kind::String => {
                let closed = written.len() > 1 && written.ends_with('"');
                if offset < token.end || !closed {
                    return cursor;
                }
            }
            _ => {}
        }
    }
    let before: Vec<&Token> = tokens
        .iter()
        .take_while(|t| t.end <= cursor.word_start && t.start < cursor.word_start)
        .collect();
    let line_start = before
        .iter()
        .rposition(|t| t.kind == Kind::Newline)
        .map_or(0, |i| i + 1);
    let block = block_at(text, tokens.get(..line_start).unwrap_or(&[]));
    let line: Vec<&Token> = before
        .get(line_start..)
        .unwrap_or(&[])
        .iter()
        .copied()
        .filter(|t| t.kind != Kind::Comment)
        .collect();
    cursor.expect = expect(text, &line, block);
    cursor
}

fn comment_expect(comment: &str) -> Expect {
    let body = comment.trim_start_matches('#').trim_start();
    match body.strip_prefix("redline:") {
        Some(rest) if rest.trim_start().starts_with("allow") && !rest.contains("--") => {
            Expect::Rules { in_expect: false }
        }
        _ => Expect::Nothing,
    }
}

/// The innermost open block at the end of `tokens`, by the first word of the line that
/// opened it (or of the line before, for a `{` on a line of its own).
fn block_at(text: &str, tokens: &[Token]) -> Block {
    let mut stack: Vec<Block> = Vec::new();
    let mut line_first: Option<&str> = None;
    let mut previous_first: Option<&str> = None;
    for token in tokens {
        let word = text.get(token.start..token.end).unwrap_or("");
        match token.kind {
            Kind::Newline => {
                if line_first.is_some() {
                    previous_first = line_first.take();
                }
            }
            Kind::Comment => {}
            _ => {
                if line_first.is_none() {
                    line_first = Some(word);
                }
                match token.kind {
                    Kind::Open => {
                        let header = match line_first {
                            Some("{") => previous_first,
                            other => other,
                        };
                        let keyword = header.and_then(keyword_of);
                        stack.push(keyword.map_or(Block::Top, Block::Body));
                    }
                    Kind::Close => {
                        stack.pop();
                    }
                    _ => {}
                }
            }
        }
    }
    stack.pop().unwrap_or(Block::Top)
}

fn expect(text: &str, line: &[&Token], block: Block) -> Expect {
    let word = |t: &Token| text.get(t.start..t.end).unwrap_or("");
    // After a `{` on the line, the line starts again inside that body.
    let (line, block) = match line.iter().rposition(|t| t.kind == Kind::Open) {
        Some(open) => {
            let header = line.first().map(|t| word(t)).and_then(keyword_of);
            (
                line.get(open + 1..).unwrap_or(&[]),
                header.map_or(block, Block::Body),
            )
        }
        None => (line, block),
    };
    let line: Vec<&Token> = line
        .iter()
        .copied()
        .filter(|t| t.kind != Kind::Close)
        .collect();
    let Some(last) = line.last() else {
        return match block {
            Block::Top => Expect::Declaration { in_test: false },
            Block::Body(Keyword::Test) => Expect::Declaration { in_test: true },
            Block::Body(keyword) => Expect::Attribute(keyword),
        };
    };
    let first = line.first().map_or("", |t| word(t));
    let words: Vec<&str> = line.iter().map(|t| word(t)).collect();
    // Declaration headers.
    if let Some(keyword) = keyword_of(first) {
        match (keyword, line.len()) {
            (Keyword::Flow, _) => {
                return flow_expect(&words, line.iter().map(|t| t.kind).collect());
            }
            (_, 1) => return Expect::Nothing,
            (Keyword::Category | Keyword::Purpose, 3) if last.kind == Kind::Colon => {
                return Expect::Taxonomy(keyword);
            }
            (Keyword::Subject | Keyword::System | Keyword::Recipient | Keyword::Processor, 3)
                if last.kind == Kind::Colon =>
            {
                return Expect::Kind(keyword);
            }
            _ => {}
        }
    }
    if first == "expect" {
        return expect_statement(&words);
    }
    // The keyword whose value (or list of values) is being written.
    let mut head = line.len() - 1;
    if last.kind == Kind::Comma {
        // Back over `item ,` pairs to the list's keyword.
        while head >= 2
            && line.get(head).is_some_and(|t| t.kind == Kind::Comma)
            && line.get(head - 1).is_some_and(|t| t.kind == Kind::Word)
        {
            head -= 2;
        }
    }
    let head_word = line.get(head).map_or("", |t| word(t));
    if head_word == "for" {
        return for_expect(&words, block);
    }
    if head_word.chars().all(|c| c.is_ascii_digit()) && !head_word.is_empty() {
        return Expect::TimeUnits;
    }
    if head_word == "consent" || head_word == "explicit_consent" {
        // `basis consent NAME`, but `consent` also starts a declaration.
        return if words.contains(&"basis") {
            Expect::Names(&[Keyword::Consent])
        } else {
            Expect::Nothing
        };
    }
    // `to recipient : KIND`, `about subject : KIND`, `for purpose : PATTERN`.
    if last.kind == Kind::Colon {
        let keyword = words
            .len()
            .checked_sub(2)
            .and_then(|i| words.get(i))
            .and_then(|w| keyword_of(w));
        return match keyword {
            Some(k @ (Keyword::Category | Keyword::Purpose)) => Expect::TaxonomyPattern(k),
            Some(k @ (Keyword::Subject | Keyword::System | Keyword::Recipient)) => Expect::Kind(k),
            _ => Expect::Nothing,
        };
    }
    if let Some(expect) = value_of(head_word) {
        const LISTS: &[&str] = &[
            "stores",
            "compatible",
            "needs",
            "follows",
            "covers",
            "data",
            "outside",
            "in",
        ];
        if last.kind != Kind::Comma || LISTS.contains(&head_word) {
            return expect;
        }
    }
    // A complete attribute: the next one may follow on the same line.
    match block {
        Block::Body(Keyword::Test) | Block::Top => Expect::Nothing,
        Block::Body(keyword) => Expect::Attribute(keyword),
    }
}

/// `flow A -> B : c1, c2 for p1, p2`
fn flow_expect(words: &[&str], kinds: Vec<Kind>) -> Expect {
    let last = kinds.last().copied();
    if words.len() == 1 || last == Some(Kind::Arrow) {
        return Expect::Names(NODES);
    }
    if words.contains(&"for") {
        return if matches!(last, Some(Kind::Comma)) || words.last() == Some(&"for") {
            Expect::Names(&[Keyword::Purpose])
        } else {
            Expect::Nothing
        };
    }
    if kinds.contains(&Kind::Colon) {
        return match last {
            Some(Kind::Colon | Kind::Comma) => Expect::Names(&[Keyword::Category]),
            // After a category: `,` or `for`.
            _ => Expect::Words(&["for"]),
        };
    }
    Expect::Nothing
}

/// `for` in an organisation rule (purpose patterns), after `require PROPERTY` (kinds), or
/// in a processor's contract (purpose names).
fn for_expect(words: &[&str], block: Block) -> Expect {
    if words.first() == Some(&"require") {
        return Expect::DeclarationKinds;
    }
    match block {
        Block::Body(Keyword::Rule) => Expect::TaxonomyPattern(Keyword::Purpose),
        Block::Body(Keyword::Processor) if words.contains(&"contract") => {
            Expect::Names(&[Keyword::Purpose])
        }
        _ => Expect::Nothing,
    }
}

/// `expect [no] RULE [at KEYWORD name | at flow a -> b] [times N]`
fn expect_statement(words: &[&str]) -> Expect {
    match words {
        ["expect"] => Expect::Rules { in_expect: true },
        ["expect", "no"] => Expect::Rules { in_expect: false },
        [.., "at"] => Expect::DeclarationKinds,
        [.., "at", "flow"] | [.., "at", "flow", _, "->"] => Expect::Names(NODES),
        [.., "at", keyword] => match keyword_of(keyword) {
            Some(k) => Expect::Names(super::names::kinds_of(k)),
            None => Expect::Nothing,
        },
        [_, rule] | ["expect", "no", rule] if !rule.is_empty() => Expect::Words(&["at", "times"]),
        _ => Expect::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The expectation at `|` in `text`.
    fn at_bar(text: &str) -> Expect {
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        at(&text, offset).expect
    }

    #[test]
    fn reads_what_each_line_expects() {
        assert_eq!(at_bar("|"), Expect::Declaration { in_test: false });
        assert_eq!(at_bar("cat|"), Expect::Declaration { in_test: false });
        assert_eq!(
            at_bar("category email : con|"),
            Expect::Taxonomy(Keyword::Category)
        );
        assert_eq!(at_bar("purpose p : |"), Expect::Taxonomy(Keyword::Purpose));
        assert_eq!(at_bar("system s : |"), Expect::Kind(Keyword::System));
        assert_eq!(
            at_bar("system s : database {\n  location |\n}"),
            Expect::Countries
        );
        assert_eq!(
            at_bar("system s : database {\n  |\n}"),
            Expect::Attribute(Keyword::System)
        );
        assert_eq!(
            at_bar("system s : database { location FR |}"),
            Expect::Attribute(Keyword::System)
        );
        assert_eq!(at_bar("purpose p : x {\n  basis |"), Expect::Bases);
        assert_eq!(
            at_bar("purpose p : x {\n  basis consent n|"),
            Expect::Names(&[Keyword::Consent])
        );
        assert_eq!(at_bar("purpose p : x {\n  retain 3 |"), Expect::TimeUnits);
        assert_eq!(
            at_bar("purpose p : x {\n  retain 3 years after |"),
            Expect::Events
        );
        assert_eq!(at_bar("flow |"), Expect::Names(NODES));
        assert_eq!(at_bar("flow a -> |"), Expect::Names(NODES));
        assert_eq!(
            at_bar("flow a -> b : |"),
            Expect::Names(&[Keyword::Category])
        );
        assert_eq!(
            at_bar("flow a -> b : c, |"),
            Expect::Names(&[Keyword::Category])
        );
        assert_eq!(
            at_bar("flow a -> b : c for |"),
            Expect::Names(&[Keyword::Purpose])
        );
        assert_eq!(
            at_bar("flow a -> b : c for p, q|"),
            Expect::Names(&[Keyword::Purpose])
        );
        assert_eq!(
            at_bar("system s : db {\n  stores a, |"),
            Expect::Names(&[Keyword::Category])
        );
        assert_eq!(at_bar("processor m {\n  safeguard |"), Expect::Safeguards);
        assert_eq!(
            at_bar("rule r \"t\" {\n  deny data special.* outside EEA, |"),
            Expect::Countries
        );
        assert_eq!(
            at_bar("rule r \"t\" {\n  deny data |"),
            Expect::TaxonomyPattern(Keyword::Category)
        );
        assert_eq!(
            at_bar("rule r \"t\" {\n  deny data x for |"),
            Expect::TaxonomyPattern(Keyword::Purpose)
        );
        assert_eq!(
            at_bar("rule r \"t\" {\n  require dpa for |"),
            Expect::DeclarationKinds
        );
        assert_eq!(
            at_bar("test \"t\" {\n  |"),
            Expect::Declaration { in_test: true }
        );
        assert_eq!(
            at_bar("test \"t\" {\n  expect |"),
            Expect::Rules { in_expect: true }
        );
        assert_eq!(
            at_bar("test \"t\" {\n  expect P001 at flow a -> |"),
            Expect::Names(NODES)
        );
        assert_eq!(
            at_bar("flow a -> b : c for p  # redline: allow P0|"),
            Expect::Rules { in_expect: false }
        );
        assert_eq!(at_bar("# a plain comment |"), Expect::Nothing);
        assert_eq!(at_bar("controller \"Acme |\""), Expect::Nothing);
        // A line that does not parse yet, in a file that does not either.
        assert_eq!(
            at_bar("category : \nsystem s : database {\n  location |"),
            Expect::Countries
        );
    }
}
