//! What the catalog says of itself and how a run chooses rules: each rule's metadata,
//! the selectors of `--select`, `--ignore` and the configuration, and the selection a run
//! applies. The configuration reads selectors through this module; nothing here reads the
//! configuration.

use std::collections::BTreeMap;

use super::ALL;
use crate::diagnostic::{InputError, Severity};
use crate::suggest;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Off unless selected by name, code, prefix or `all` (as ruff's rules outside its
    /// default set): for rules that ask a policy to say more than most do.
    pub opt_in: bool,
    /// One line: what it reports.
    pub summary: &'static str,
    /// The page `redline rule NAME` prints: what it checks, why, the law or guidance
    /// behind it, a failing and a passing example (run by the tests).
    pub docs: &'static str,
}

/// Which law a rule judges by: its code's family says (U for the US state laws, S for
/// redline's own housekeeping, every other family the GDPR).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Law {
    Gdpr,
    UsStates,
    None,
}

impl RuleMeta {
    pub fn law(&self) -> Law {
        match self.code.as_bytes().first() {
            Some(b'U') => Law::UsStates,
            Some(b'S') => Law::None,
            _ => Law::Gdpr,
        }
    }

    /// The closing line of the rule's page: its default severity, and whether it runs
    /// without being asked for.
    pub fn footer(&self) -> String {
        let mut text = format!("Default severity: {}.", self.severity);
        if self.opt_in {
            text.push_str(
                " Opt-in: it runs only when selected (`select: [all]`, its code, name or prefix).",
            );
        }
        text
    }
}

/// What a selector in `--select`, `--ignore` or the configuration names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    /// Every rule, the opt-in ones too.
    All,
    /// The rules that are on by default: all but the opt-in ones.
    Default,
    Rule(&'static str),
    /// A code prefix such as `T` or `R00`.
    Prefix(String),
}

impl Selector {
    pub fn matches(&self, code: &str) -> bool {
        match self {
            Selector::All => true,
            Selector::Default => find(code).is_some_and(|m| !m.opt_in),
            Selector::Rule(c) => *c == code,
            Selector::Prefix(p) => code.starts_with(p.as_str()),
        }
    }
}

/// Which rules a run applies, and at what severity.
#[derive(Clone, Debug)]
pub struct RuleSelection {
    pub select: Vec<Selector>,
    pub ignore: Vec<Selector>,
    /// Severities set by the configuration, by code.
    pub severity: BTreeMap<&'static str, Severity>,
}

impl Default for RuleSelection {
    fn default() -> Self {
        RuleSelection {
            select: vec![Selector::Default],
            ignore: Vec::new(),
            severity: BTreeMap::new(),
        }
    }
}

impl RuleSelection {
    /// Whether a rule is on: selected and not ignored.
    pub fn is_enabled(&self, code: &str) -> bool {
        self.select.iter().any(|s| s.matches(code)) && !self.ignore.iter().any(|s| s.matches(code))
    }

    /// The severity a rule's findings get.
    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.severity
            .get(meta.code)
            .copied()
            .unwrap_or(meta.severity)
    }
}

/// A rule's metadata by code or name.
pub fn find(text: &str) -> Option<&'static RuleMeta> {
    ALL.iter()
        .map(|r| r.meta())
        .find(|m| m.code == text || m.name == text)
}

pub fn parse_selector(text: &str) -> Result<Selector, String> {
    if text == "all" {
        return Ok(Selector::All);
    }
    if text == "default" {
        return Ok(Selector::Default);
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
    if is_prefix && ALL.iter().any(|r| r.meta().code.starts_with(text)) {
        return Ok(Selector::Prefix(text.to_owned()));
    }
    let names = ALL.iter().flat_map(|r| [r.meta().code, r.meta().name]);
    let help = suggest::did_you_mean(text, names)
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    Err(format!(
        "unknown rule `{text}`{help} (`redline rule` lists the rules)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_take_names_codes_and_prefixes() {
        assert!(parse_selector("E001").is_err_and(|e| e.contains("always reported")));
        assert_eq!(parse_selector("all"), Ok(Selector::All));
        assert_eq!(parse_selector("purpose-creep"), Ok(Selector::Rule("P001")));
        assert_eq!(parse_selector("T"), Ok(Selector::Prefix("T".to_owned())));
        assert!(
            parse_selector("purpose-crep")
                .is_err_and(|e| e.contains("did you mean `purpose-creep`?"))
        );
        assert!(parse_selector("X").is_err());
        // An empty selector names no rule (it would be a prefix of every code).
        assert!(parse_selector("").is_err());
    }

    #[test]
    fn a_selection_selects_then_ignores() {
        let selection = RuleSelection {
            select: vec![Selector::Prefix("T".to_owned()), Selector::Rule("P001")],
            ignore: vec![Selector::Rule("T003")],
            severity: BTreeMap::new(),
        };
        assert!(selection.is_enabled("T001") && selection.is_enabled("P001"));
        assert!(!selection.is_enabled("T003") && !selection.is_enabled("P002"));
    }
}
