//! The rule registry: each built-in rule's code, name, default severity and summary, and
//! the selectors of `--select`/`--ignore` and the configuration's `rules`.
//!
//! The input diagnostics E001-E006 are not rules: they are always reported.

use crate::diagnostic::{InputError, Severity};
use crate::suggest;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

/// Every built-in rule, one line each. The rule catalog of RULES.md lands here rule by
/// rule, each with its checks, fixtures and documentation.
pub static ALL: &[&RuleMeta] = &[];

/// A rule by code or name.
pub fn find(text: &str) -> Option<&'static RuleMeta> {
    ALL.iter()
        .copied()
        .find(|r| r.code == text || r.name == text)
}

/// What a selector in `--select`, `--ignore` or the configuration names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    All,
    Rule(&'static str),
    /// A code prefix such as `T` or `R00`.
    Prefix(String),
}

impl Selector {
    pub fn matches(&self, code: &str) -> bool {
        match self {
            Selector::All => true,
            Selector::Rule(c) => *c == code,
            Selector::Prefix(p) => code.starts_with(p.as_str()),
        }
    }
}

pub fn parse_selector(text: &str) -> Result<Selector, String> {
    if text == "all" {
        return Ok(Selector::All);
    }
    if let Some(rule) = find(text) {
        return Ok(Selector::Rule(rule.code));
    }
    if InputError::ALL
        .iter()
        .any(|e| e.code() == text || e.name() == text)
    {
        return Err(format!(
            "`{text}` is an input diagnostic (E001-E006): those are always reported and cannot be selected or ignored"
        ));
    }
    let is_prefix = text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().skip(1).all(|c| c.is_ascii_digit());
    if is_prefix && ALL.iter().any(|r| r.code.starts_with(text)) {
        return Ok(Selector::Prefix(text.to_owned()));
    }
    let names = ALL.iter().flat_map(|r| [r.code, r.name]);
    let help = suggest::did_you_mean(text, names)
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    Err(format!("unknown rule `{text}`{help}"))
}

/// Whether a rule is on, given the selected and ignored selectors.
pub fn is_enabled(code: &str, select: &[Selector], ignore: &[Selector]) -> bool {
    select.iter().any(|s| s.matches(code)) && !ignore.iter().any(|s| s.matches(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_diagnostics_cannot_be_selected() {
        assert!(parse_selector("E001").is_err_and(|e| e.contains("always reported")));
        assert_eq!(parse_selector("all"), Ok(Selector::All));
        assert!(parse_selector("no-such-rule").is_err_and(|e| e.contains("unknown rule")));
    }
}
