//! The tokens of a policy file, comments and line breaks included, with their byte
//! ranges (`grammar/tokens.pest`): what the formatter rewrites and what an editor's
//! completion and hover read on a line that does not parse yet.

use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/tokens.pest"]
struct TokenParser;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Newline,
    Comment,
    String,
    Arrow,
    Open,
    Close,
    Colon,
    Comma,
    Word,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// The tokens of `text`, spaces left out. The token grammar accepts any text (`other`
/// takes any character), so nothing is lost.
pub fn lex(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let Some(pairs) = TokenParser::parse(Rule::tokens, text)
        .ok()
        .and_then(|mut p| p.next())
    else {
        return tokens;
    };
    for pair in pairs.into_inner() {
        let kind = match pair.as_rule() {
            Rule::newline => Kind::Newline,
            Rule::comment => Kind::Comment,
            Rule::string => Kind::String,
            Rule::arrow => Kind::Arrow,
            Rule::open => Kind::Open,
            Rule::close => Kind::Close,
            Rule::colon => Kind::Colon,
            Rule::comma => Kind::Comma,
            Rule::word => Kind::Word,
            Rule::other => Kind::Other,
            _ => continue,
        };
        let span = pair.as_span();
        tokens.push(Token {
            kind,
            start: span.start(),
            end: span.end(),
        });
    }
    tokens
}
