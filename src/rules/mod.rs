//! The rule catalog of RULES.md. One rule is one file holding its code, name, default
//! severity, documentation and check; adding a rule is that file, its fixtures and one
//! line in [`ALL`]. Rules read the model and the graph through [`Context`]; nothing here
//! dispatches on which rule is which.
//!
//! The input diagnostics E001-E006 are not rules: they are always reported. The
//! organisation's own rules (`rule` declarations) run after the catalog, in `organisation`.

mod context;
mod organisation;
mod suppress;

mod automated_decision_without_basis;
mod bundled_consent;
mod consent_granted_by_default;
mod consent_without_withdrawal;
mod invalid_safeguard;
mod missing_consent;
mod missing_dpo;
mod missing_retention;
mod non_adequate_transfer;
mod overlong_retention;
mod processor_without_dpa;
mod purpose_creep;
mod special_category_without_condition;
mod storage_outlives_purpose;
mod transfer_by_derogation;
mod unused_category;
pub(crate) mod unused_suppression;

use std::collections::BTreeMap;

pub use context::Context;

use crate::diagnostic::{Diagnostic, InputError, RuleId, Severity};
use crate::source::{Sources, Span};
use crate::suggest;

/// What every rule declares about itself.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what it reports.
    pub summary: &'static str,
    /// The page `redline rule NAME` prints: what it checks, why, the law or guidance
    /// behind it, a failing and a passing example (run by the tests).
    pub docs: &'static str,
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Context<'_>, out: &mut Findings);
}

/// Every built-in rule, in code order.
pub static ALL: &[&dyn Rule] = &[
    &purpose_creep::PurposeCreep,
    &unused_category::UnusedCategory,
    &special_category_without_condition::SpecialCategoryWithoutCondition,
    &automated_decision_without_basis::AutomatedDecisionWithoutBasis,
    &missing_consent::MissingConsent,
    &consent_granted_by_default::ConsentGrantedByDefault,
    &consent_without_withdrawal::ConsentWithoutWithdrawal,
    &bundled_consent::BundledConsent,
    &overlong_retention::OverlongRetention,
    &missing_retention::MissingRetention,
    &storage_outlives_purpose::StorageOutlivesPurpose,
    &non_adequate_transfer::NonAdequateTransfer,
    &invalid_safeguard::InvalidSafeguard,
    &transfer_by_derogation::TransferByDerogation,
    &processor_without_dpa::ProcessorWithoutDpa,
    &missing_dpo::MissingDpo,
    &unused_suppression::UnusedSuppression,
];

/// A rule's metadata by code or name.
pub fn find(text: &str) -> Option<&'static RuleMeta> {
    ALL.iter()
        .map(|r| r.meta())
        .find(|m| m.code == text || m.name == text)
}

/// The findings of one rule.
pub struct Findings {
    meta: &'static RuleMeta,
    severity: Severity,
    found: Vec<Diagnostic>,
}

impl Findings {
    /// A finding at `span`; add notes and help to the returned diagnostic.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Diagnostic {
        self.found.push(Diagnostic {
            rule: RuleId {
                code: self.meta.code.into(),
                name: self.meta.name.into(),
            },
            severity: self.severity,
            message: message.into(),
            location: crate::diagnostic::Location::Span(span),
            label: None,
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
        });
        let last = self.found.len() - 1;
        &mut self.found[last]
    }
}

/// Runs the enabled rules, then applies suppression comments.
pub fn run(cx: &Context<'_>, sources: &Sources) -> Vec<Diagnostic> {
    let settings = cx.settings;
    let mut found = Vec::new();
    for rule in ALL {
        let meta = rule.meta();
        if !is_enabled(meta.code, &settings.select, &settings.ignore) {
            continue;
        }
        let severity = settings
            .severity
            .get(meta.code)
            .copied()
            .unwrap_or(meta.severity);
        let mut out = Findings {
            meta,
            severity,
            found: Vec::new(),
        };
        rule.check(cx, &mut out);
        found.extend(out.found);
    }
    organisation::run(cx, &mut found);
    let unused = suppress::apply(cx.model, sources, &mut found);
    let s001 = unused_suppression::META.code;
    if is_enabled(s001, &settings.select, &settings.ignore) {
        let severity = settings
            .severity
            .get(s001)
            .copied()
            .unwrap_or(unused_suppression::META.severity);
        let mut out = Findings {
            meta: &unused_suppression::META,
            severity,
            found: Vec::new(),
        };
        unused_suppression::report(cx.model, &unused, &mut out);
        found.extend(out.found);
    }
    found
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

/// Whether a rule is on, given the selected and ignored selectors.
pub fn is_enabled(code: &str, select: &[Selector], ignore: &[Selector]) -> bool {
    select.iter().any(|s| s.matches(code)) && !ignore.iter().any(|s| s.matches(code))
}

/// Rules by code, for listings.
pub fn by_code() -> BTreeMap<&'static str, &'static RuleMeta> {
    ALL.iter().map(|r| (r.meta().code, r.meta())).collect()
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
    }

    #[test]
    fn the_registry_is_consistent() {
        let mut codes = std::collections::BTreeSet::new();
        let mut names = std::collections::BTreeSet::new();
        for rule in ALL {
            let m = rule.meta();
            assert!(
                codes.insert(m.code) && names.insert(m.name),
                "{} repeated",
                m.code
            );
            let code_ok = m.code.len() == 4
                && m.code.starts_with(['P', 'C', 'R', 'T', 'D', 'S'])
                && m.code[1..].bytes().all(|b| b.is_ascii_digit());
            assert!(code_ok, "{}", m.code);
            assert!(
                m.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{}",
                m.name
            );
            for heading in [
                "## What it checks",
                "## Why",
                "## Law and guidance",
                "## Failing example",
                "## Passing example",
            ] {
                assert!(m.docs.contains(heading), "{} lacks {heading}", m.code);
            }
        }
        // Every file of src/rules is registered (the context and suppression helpers aside).
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
        for entry in std::fs::read_dir(dir).expect("src/rules") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .replace(".rs", "");
            if ["mod", "context", "organisation", "suppress"].contains(&name.as_str()) {
                continue;
            }
            assert!(
                names.contains(name.replace('_', "-").as_str()),
                "{name} is not in ALL"
            );
        }
    }
}
