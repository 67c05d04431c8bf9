//! Suppression comments: `# redline: allow RULE[, RULE…] -- reason`.
//! Comments are trivia to the grammar, so they are found here, line by line, outside
//! strings (a string never spans lines).

use super::ast::Suppression;
use crate::diagnostic::{Diagnostic, InputError};
use crate::source::{FileId, Span, Spanned};

const FORM: &str = "write `# redline: allow RULE -- reason`";

pub(super) fn scan(file: FileId, text: &str) -> (Vec<Suppression>, Vec<Diagnostic>) {
    let mut suppressions = Vec::new();
    let mut errors = Vec::new();
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let line_start = offset;
        offset += line.len();
        let Some(hash) = comment_start(line) else {
            continue;
        };
        let comment = line
            .get(hash + 1..)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r']);
        let directive = comment.trim_start();
        let Some(body) = directive.strip_prefix("redline:") else {
            continue;
        };
        let comment_start = line_start + hash;
        let span = Span::new(file, comment_start, line_start + hash + 1 + comment.len());
        // Offsets inside `body` map back to the file through this base.
        let body_base =
            line_start + hash + 1 + (comment.len() - directive.len()) + "redline:".len();
        match parse_allow(body, body_base, file) {
            Ok((rules, reason)) => suppressions.push(Suppression {
                rules,
                reason,
                line: index + 1,
                span,
            }),
            Err(message) => {
                errors.push(Diagnostic::input(InputError::Syntax, span, message).with_help(FORM))
            }
        }
    }
    (suppressions, errors)
}

fn parse_allow(
    body: &str,
    base: usize,
    file: FileId,
) -> Result<(Vec<Spanned<String>>, Spanned<String>), String> {
    let trimmed = body.trim_start();
    let lead = body.len() - trimmed.len();
    let Some(after_allow) = trimmed.strip_prefix("allow") else {
        let word = trimmed.split_whitespace().next().unwrap_or("");
        return Err(format!(
            "unknown redline directive `{word}`: the only directive is `allow`"
        ));
    };
    let rules_start = base + lead + "allow".len();
    let (rules_text, reason_text, reason_start) = match after_allow.find("--") {
        Some(i) => (
            after_allow.get(..i).unwrap_or(""),
            after_allow.get(i + 2..).unwrap_or(""),
            rules_start + i + 2,
        ),
        None => (after_allow, "", rules_start + after_allow.len()),
    };
    let mut rules = Vec::new();
    let mut cursor = 0;
    for part in rules_text.split(',') {
        let start = cursor + (part.len() - part.trim_start().len());
        cursor += part.len() + 1;
        let name = part.trim();
        if name.is_empty() {
            continue;
        }
        if name.contains(char::is_whitespace) {
            return Err(format!(
                "`{name}` is not a rule name: separate rules with commas"
            ));
        }
        rules.push(Spanned::new(
            name.to_owned(),
            Span::new(file, rules_start + start, rules_start + start + name.len()),
        ));
    }
    if rules.is_empty() {
        return Err("this suppression names no rule".to_owned());
    }
    let reason = reason_text.trim();
    if reason.is_empty() {
        return Err("this suppression gives no reason: the reason is required".to_owned());
    }
    let reason_offset = reason_start + (reason_text.len() - reason_text.trim_start().len());
    Ok((
        rules,
        Spanned::new(
            reason.to_owned(),
            Span::new(file, reason_offset, reason_offset + reason.len()),
        ),
    ))
}

/// Byte offset of the `#` that starts a comment on this line, outside any string.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in line.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c == '#' {
            return Some(i);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rules_and_reason() {
        let text = "flow a -> b : c for d  # redline: allow purpose-creep, T001 -- DPO approved\n";
        let (found, errors) = scan(FileId(0), text);
        assert!(errors.is_empty());
        let rules: Vec<_> = found[0]
            .rules
            .iter()
            .map(|r| &text[r.span.start as usize..r.span.end as usize])
            .collect();
        assert_eq!(rules, ["purpose-creep", "T001"]);
        let reason = &found[0].reason;
        assert_eq!(
            &text[reason.span.start as usize..reason.span.end as usize],
            "DPO approved"
        );
        assert_eq!(found[0].line, 1);
    }

    #[test]
    fn a_reason_is_required_and_strings_are_not_comments() {
        let (found, errors) = scan(
            FileId(0),
            "x \"# redline: allow P001\"\n# redline: allow P001\n",
        );
        assert!(found.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("no reason"));
    }
}
