//! Text to syntax tree. Parsing goes one top-level declaration at a time: a syntax error
//! is reported in plain words, then parsing resumes at the next top-level declaration.

pub mod ast;
mod expected;
mod grammar;
mod lengths;
mod lower;
mod recovery;
mod suppression;
pub mod tokens;

use pest::Parser;
use pest::error::InputLocation;

use crate::diagnostic::{Diagnostic, InputError};
use crate::source::{FileId, Span, Spanned};
use ast::{Declaration, Keyword, PolicyFile};
use grammar::{PolicyParser, Rule};
use lower::Lowerer;

use crate::limits::{MAX_DECLARATIONS_PER_FILE, MAX_SYNTAX_ERRORS_PER_FILE};

/// Parses one file. Never panics; every problem becomes an E001 diagnostic.
pub fn parse(file: FileId, text: &str) -> (PolicyFile, Vec<Diagnostic>) {
    parse_within(file, text, MAX_DECLARATIONS_PER_FILE)
}

/// [`parse`] with at most `max_declarations` top-level declarations.
fn parse_within(
    file: FileId,
    text: &str,
    max_declarations: usize,
) -> (PolicyFile, Vec<Diagnostic>) {
    let mut policy = PolicyFile {
        file: Some(file),
        ..PolicyFile::default()
    };
    let too_long = lengths::over_long(file, text);
    if !too_long.is_empty() {
        return (policy, too_long);
    }
    let mut diagnostics = Vec::new();
    if let Ok(mut pairs) = PolicyParser::parse(Rule::whole_file, text) {
        let lowerer = Lowerer { file, offset: 0 };
        let mut complete = true;
        for item in pairs.next().into_iter().flat_map(|p| p.into_inner()) {
            if item.as_rule() == Rule::EOI {
                break;
            }
            match lowerer.declaration(item) {
                Some(declaration) => policy.declarations.push(declaration),
                None => complete = false,
            }
        }
        if complete {
            if let Some(first_dropped) = policy.declarations.get(max_declarations) {
                diagnostics.push(too_many_declarations(
                    text,
                    first_dropped.span(),
                    max_declarations,
                ));
                policy.declarations.truncate(max_declarations);
            }
            let (suppressions, suppression_errors) = suppression::scan(file, text);
            policy.suppressions = suppressions;
            // Every file's tree is kept until the model is built: no slack in it.
            policy.declarations.shrink_to_fit();
            diagnostics.extend(suppression_errors);
            return (policy, diagnostics);
        }
        // A declaration the lowerer could not read: start again on the slow path, which
        // reports it.
        policy.declarations.clear();
    }
    let mut pos = 0;
    let mut errors = 0;
    while pos < text.len() {
        let Some(rest) = text.get(pos..) else { break };
        match PolicyParser::parse(Rule::next_declaration, rest) {
            Ok(mut pairs) => {
                let Some(pair) = pairs.next() else { break };
                let end = pair.as_span().end();
                let Some(item) = pair.into_inner().next() else {
                    break;
                };
                if item.as_rule() == Rule::EOI {
                    break;
                }
                let item_span = item.as_span();
                if policy.declarations.len() == max_declarations {
                    let span = Span::new(file, pos + item_span.start(), pos + item_span.end());
                    diagnostics.push(too_many_declarations(text, span, max_declarations));
                    break;
                }
                let lowerer = Lowerer { file, offset: pos };
                match lowerer.declaration(item) {
                    Some(declaration) => policy.declarations.push(declaration),
                    None => diagnostics.push(Diagnostic::input(
                        InputError::Syntax,
                        Span::new(file, pos + item_span.start(), pos + item_span.end()),
                        "internal error: this declaration could not be read; please report it",
                    )),
                }
                if end == 0 {
                    break;
                }
                pos += end;
            }
            Err(error) => {
                let at = match error.location {
                    InputLocation::Pos(p) => p,
                    InputLocation::Span((p, _)) => p,
                };
                let error_pos = pos + at;
                let expected = match &error.variant {
                    pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
                    pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
                };
                diagnostics.push(syntax_error(file, text, error_pos, &expected));
                errors += 1;
                // What the rest of the run should know of the declaration that broke: its
                // name, or that the one before it was cut short on its own line.
                match broken_name(file, text, pos) {
                    Some((Keyword::Flow, target)) => policy.broken_flows.push(target),
                    Some(broken) => policy.broken.push(broken),
                    None => {}
                }
                if let Some(previous) = policy.declarations.last().map(Declaration::span)
                    && let Some(between) = text.get(previous.end as usize..error_pos)
                    && !between.contains('\n')
                {
                    policy.truncated.push(previous);
                }
                if errors >= MAX_SYNTAX_ERRORS_PER_FILE {
                    if let Some(next) = recovery::resume_at(text, pos, error_pos) {
                        diagnostics.push(
                            Diagnostic::input(
                                InputError::Syntax,
                                Span::new(file, next, next),
                                "too many syntax errors: the rest of this file is not checked",
                            )
                            .with_help(format!(
                                "redline stops after {MAX_SYNTAX_ERRORS_PER_FILE} syntax errors in one file"
                            )),
                        );
                    }
                    break;
                }
                match recovery::resume_at(text, pos, error_pos) {
                    Some(next) => pos = next,
                    None => break,
                }
            }
        }
    }
    let (suppressions, suppression_errors) = suppression::scan(file, text);
    policy.suppressions = suppressions;
    policy.declarations.shrink_to_fit();
    diagnostics.extend(suppression_errors);
    (policy, diagnostics)
}

/// `KEYWORD name` at the start of a declaration that does not parse, when the keyword is
/// one (or a likely typo of one) and the name is an identifier; for a flow, `flow a -> b`
/// gives its target `b`.
fn broken_name(file: FileId, text: &str, from: usize) -> Option<(Keyword, ast::Word)> {
    let rest = text.get(from..)?;
    // Skip blanks and comment lines before the declaration.
    let mut offset = from;
    let mut body = rest;
    loop {
        let trimmed = body.trim_start();
        offset += body.len() - trimmed.len();
        body = trimmed;
        if body.starts_with('#') {
            let end = body.find('\n').map_or(body.len(), |i| i + 1);
            offset += end;
            body = &body[end..];
        } else {
            break;
        }
    }
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    let first_len = body.find(|c: char| !is_ident(c)).unwrap_or(body.len());
    let first = &body[..first_len];
    let keyword_ids = Keyword::ALL.map(Keyword::as_str);
    let keyword_id = if keyword_ids.contains(&first) {
        first
    } else {
        crate::suggest::closest(first, keyword_ids)?
    };
    let keyword = Keyword::ALL
        .into_iter()
        .find(|k| k.as_str() == keyword_id)?;
    if matches!(keyword, Keyword::Controller | Keyword::Test) {
        return None;
    }
    let mut after = &body[first_len..];
    if keyword == Keyword::Flow {
        // Past the source and the arrow, to the target.
        let arrow = after.find("->")?;
        if after[..arrow].contains('\n') {
            return None;
        }
        let skipped = first_len + arrow + 2;
        after = &body[skipped..];
        let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
        let name_text = &after[gap..];
        let name_len = name_text
            .find(|c: char| !is_ident(c))
            .unwrap_or(name_text.len());
        if name_len == 0 {
            return None;
        }
        let start = offset + skipped + gap;
        return Some((
            keyword,
            Spanned::new(
                name_text[..name_len].to_owned(),
                Span::new(file, start, start + name_len),
            ),
        ));
    }
    let gap = after.len() - after.trim_start_matches([' ', '\t']).len();
    let name_text = &after[gap..];
    let name_len = name_text
        .find(|c: char| !is_ident(c))
        .unwrap_or(name_text.len());
    let name = &name_text[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let start = offset + first_len + gap;
    Some((
        keyword,
        Spanned::new(name.to_owned(), Span::new(file, start, start + name_len)),
    ))
}

fn too_many_declarations(text: &str, first_dropped: Span, max_declarations: usize) -> Diagnostic {
    // A declaration's span runs on over the blanks after it; the label should not.
    let declared = text
        .get(first_dropped.start as usize..first_dropped.end as usize)
        .unwrap_or("");
    let end = first_dropped.start as usize + declared.trim_end().len();
    let first_dropped = Span::new(first_dropped.file, first_dropped.start as usize, end);
    // Too large to check whole: E005, as for a file over the size limit.
    Diagnostic::input(
        InputError::UnreadableFile,
        first_dropped,
        format!(
            "more than {max_declarations} declarations in one file: the rest of this file is not checked"
        ),
    )
    .with_help("split the file: a project may have any number of policy files")
}

/// The token at `pos`: a word, one other character, or nothing at the end of the file.
fn token_at(text: &str, pos: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    let word_len: usize = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-' || *c == '.')
        .map(char::len_utf8)
        .sum();
    if word_len > 0 {
        return rest.get(..word_len).unwrap_or("");
    }
    match rest.chars().next() {
        Some(c) => rest.get(..c.len_utf8()).unwrap_or(""),
        None => "",
    }
}

/// The word just before `pos`, skipping blanks.
fn word_before(text: &str, pos: usize) -> &str {
    let before = text.get(..pos).unwrap_or("").trim_end();
    let start = before
        .rfind(|c: char| !(c.is_alphanumeric() || c == '_'))
        .map_or(0, |i| i + 1);
    before.get(start..).unwrap_or("")
}

fn syntax_error(file: FileId, text: &str, pos: usize, expected: &[Rule]) -> Diagnostic {
    let found = token_at(text, pos);
    let span = Span::new(file, pos, pos + found.len());
    if found == "\"" && expected.contains(&Rule::string) {
        let rest_of_line = text
            .get(pos + 1..)
            .unwrap_or("")
            .lines()
            .next()
            .unwrap_or("");
        if !rest_of_line.contains('"') {
            return Diagnostic::input(InputError::Syntax, span, "this string is not closed")
                .with_label("the string starts here")
                .with_help("a string ends with `\"` on the line where it starts");
        }
        return Diagnostic::input(
            InputError::Syntax,
            span,
            "this string has an invalid escape",
        )
        .with_help("inside a string, write `\\\"` for a quote and `\\\\` for a backslash");
    }
    let mut descriptions: Vec<String> = Vec::new();
    let only_strings = !expected.is_empty() && expected.iter().all(|r| *r == Rule::string);
    // The keyword that asks for the string is the word before it, or the one before
    // that when a name stands between (`rule NAME "title"`).
    let contextual = if only_strings {
        let previous = word_before(text, pos);
        let before_previous = text
            .get(..pos)
            .and_then(|t| t.trim_end().strip_suffix(previous));
        expected::string_after(previous).or_else(|| {
            let word = word_before(text, before_previous.map_or(0, str::len));
            (word == "rule").then_some("the rule's title, as a quoted string")
        })
    } else {
        None
    };
    if let Some(description) = contextual {
        descriptions.push(description.to_owned());
    } else {
        for rule in expected {
            if let Some(d) = expected::describe(*rule)
                && !descriptions.iter().any(|x| x == d)
            {
                descriptions.push(d.to_owned());
            }
        }
    }
    // `}` reads best last: "expected `location`, `stores` or `}`".
    if let Some(i) = descriptions.iter().position(|d| d == "`}`") {
        let brace = descriptions.remove(i);
        descriptions.push(brace);
    }
    let expected_text = match descriptions.as_slice() {
        [] => "something else".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    };
    let found_text = if found.is_empty() {
        "the end of the file".to_owned()
    } else {
        format!("`{}`", found.escape_debug())
    };
    let message = format!("expected {expected_text}, found {found_text}");
    let help = if found.chars().next().is_some_and(char::is_alphabetic) {
        expected::closest_keyword(found, expected).map(|k| format!("did you mean `{k}`?"))
    } else {
        None
    };
    let label = if found.is_empty() {
        "the file ends here"
    } else {
        "unexpected here"
    };
    Diagnostic::input(InputError::Syntax, span, message)
        .with_label(label)
        .with_help_opt(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &str) -> Vec<String> {
        parse(FileId(0), text)
            .1
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn says_what_was_expected_in_plain_words() {
        assert_eq!(
            messages("system s : database { locaton FR }"),
            [
                "expected `location`, `description`, `stores`, `access_control`, `erasure` or `}`, found `locaton`"
            ]
        );
        assert_eq!(
            messages("purpose p : service.payment { basis legitimate_interests }"),
            [
                "expected the reference of the legitimate interests assessment, as a quoted \
              string like \"LIA-2025-04\", found `}`"
            ]
        );
        assert_eq!(
            messages("subject s customer"),
            ["expected `:`, found `customer`"]
        );
    }

    #[test]
    fn stops_at_the_declaration_limit_on_both_paths() {
        let four = "consent a\nconsent b\nconsent c\nconsent d\n";
        // Whole file at once, then with a syntax error first: one declaration at a time.
        for (text, kept) in [(four.to_owned(), 3), (format!("system {{\n{four}"), 3)] {
            let (policy, diagnostics) = parse_within(FileId(0), &text, 3);
            assert_eq!(policy.declarations.len(), kept, "{text}");
            let limit = diagnostics
                .iter()
                .find(|d| d.message.starts_with("more than 3 declarations"))
                .expect("the limit is reported");
            // At the first declaration not checked, `consent d`.
            let at = limit.span().expect("a span");
            assert_eq!(&text[at.start as usize..at.end as usize], "consent d");
        }
        let (policy, diagnostics) = parse_within(FileId(0), "consent a\nconsent b\n", 2);
        assert_eq!((policy.declarations.len(), diagnostics.len()), (2, 0));
    }

    #[test]
    fn suggests_the_keyword_that_was_meant() {
        let (_, diagnostics) = parse(FileId(0), "purpos p : service.payment {}");
        assert_eq!(
            diagnostics[0].help.as_deref(),
            Some("did you mean `purpose`?")
        );
    }

    #[test]
    fn resumes_at_the_next_declaration() {
        let text = "system a : database { locaton FR }\nsystem b : database { location FR }\n\
                    purpose p : x { basis\nsubject s : customer\n";
        let (file, diagnostics) = parse(FileId(0), text);
        assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");
        assert_eq!(file.declarations.len(), 2);
    }

    #[test]
    fn an_unclosed_string_is_named_as_such() {
        assert_eq!(
            messages("controller \"Acme { }"),
            ["this string is not closed"]
        );
    }
}
