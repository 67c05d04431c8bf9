//! The rule catalog of RULES.md. One rule is one file holding its code, name, default
//! severity, documentation and check; adding a rule is that file, its fixtures and one
//! line in [`ALL`]. Rules read the model and the graph through [`Context`]; nothing here
//! dispatches on which rule is which.
//!
//! The input diagnostics E001-E006 are not rules: they are always reported. The
//! organisation's own rules (`rule` declarations) run after the catalog, in `organisation`.

mod context;
mod organisation;
mod registry;
mod suppress;

mod automated_decision_without_basis;
mod automated_decision_without_safeguards;
mod bundled_consent;
mod consent_granted_by_default;
mod consent_without_withdrawal;
mod consumer_requests;
mod criminal_data_without_authority;
mod dpia_likely_required;
mod dpia_required;
mod employee_consent;
mod erasure_not_propagated;
mod identifying_anonymised_data;
mod invalid_safeguard;
mod minor_sold_without_opt_in;
mod missing_consent;
mod missing_dpo;
mod missing_representative;
mod missing_retention;
mod no_erasure_path;
mod no_objection;
mod no_portability;
mod non_adequate_transfer;
mod overlong_retention;
mod processor_without_dpa;
mod purpose_creep;
mod retention_below_legal_minimum;
mod retention_not_disclosed;
mod rights_not_stated;
mod safeguard_not_for_recipient;
mod sale_without_opt_out;
mod sensitive_use_without_choice;
mod service_provider_without_contract;
mod slow_rights_response;
mod special_category_without_condition;
mod storage_outlives_purpose;
mod transfer_by_derogation;
mod unencrypted_sensitive_flow;
mod unencrypted_sensitive_storage;
mod unneeded_data;
mod unused_category;
mod unused_suppression;

pub use context::Context;
pub use registry::{Law, RuleMeta, RuleSelection, Selector, find, parse_selector};
pub use suppress::Unused;

use crate::diagnostic::{Diagnostic, RuleId, Severity, Suppressed};
use crate::knowledge::Confidence;
use crate::source::{Sources, Span};

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;

    /// Judges the model and the graph.
    fn check(&self, _cx: &Context<'_>, _out: &mut Findings) {}

    /// Judges the suppression comments, once every rule has run and its findings have
    /// been matched against them: `unused` are the rules named in a suppression that
    /// silenced nothing.
    fn check_suppressions(&self, _cx: &Context<'_>, _unused: &[Unused<'_>], _out: &mut Findings) {}
}

/// Every built-in rule, in code order.
pub static ALL: &[&dyn Rule] = &[
    &purpose_creep::PurposeCreep,
    &unused_category::UnusedCategory,
    &special_category_without_condition::SpecialCategoryWithoutCondition,
    &automated_decision_without_basis::AutomatedDecisionWithoutBasis,
    &criminal_data_without_authority::CriminalDataWithoutAuthority,
    &automated_decision_without_safeguards::AutomatedDecisionWithoutSafeguards,
    &unneeded_data::UnneededData,
    &identifying_anonymised_data::IdentifyingAnonymisedData,
    &missing_consent::MissingConsent,
    &consent_granted_by_default::ConsentGrantedByDefault,
    &consent_without_withdrawal::ConsentWithoutWithdrawal,
    &bundled_consent::BundledConsent,
    &employee_consent::EmployeeConsent,
    &overlong_retention::OverlongRetention,
    &missing_retention::MissingRetention,
    &storage_outlives_purpose::StorageOutlivesPurpose,
    &retention_below_legal_minimum::RetentionBelowLegalMinimum,
    &non_adequate_transfer::NonAdequateTransfer,
    &invalid_safeguard::InvalidSafeguard,
    &transfer_by_derogation::TransferByDerogation,
    &safeguard_not_for_recipient::SafeguardNotForRecipient,
    &processor_without_dpa::ProcessorWithoutDpa,
    &missing_dpo::MissingDpo,
    &missing_representative::MissingRepresentative,
    &dpia_required::DpiaRequired,
    &dpia_likely_required::DpiaLikelyRequired,
    &unencrypted_sensitive_storage::UnencryptedSensitiveStorage,
    &unencrypted_sensitive_flow::UnencryptedSensitiveFlow,
    &no_erasure_path::NoErasurePath,
    &erasure_not_propagated::ErasureNotPropagated,
    &no_portability::NoPortability,
    &no_objection::NoObjection,
    &rights_not_stated::RightsNotStated,
    &slow_rights_response::SlowRightsResponse,
    &sale_without_opt_out::SaleWithoutOptOut,
    &sensitive_use_without_choice::SensitiveUseWithoutChoice,
    &minor_sold_without_opt_in::MinorSoldWithoutOptIn,
    &service_provider_without_contract::ServiceProviderWithoutContract,
    &retention_not_disclosed::RetentionNotDisclosed,
    &consumer_requests::ConsumerRequests,
    &unused_suppression::UnusedSuppression,
];

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
            path: Vec::new(),
        });
        let last = self.found.len() - 1;
        &mut self.found[last]
    }

    /// A finding that rests on a fact of the built-in knowledge: when no primary source
    /// confirms that fact, it is at most a warning and its message says so.
    pub fn report_on(
        &mut self,
        confidence: Confidence,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let d = self.report(span, message);
        if confidence == Confidence::Unconfirmed {
            d.severity = d.severity.min(Severity::Warning);
            d.message
                .push_str(" (unconfirmed: no primary source confirms this guidance)");
        }
        d
    }
}

/// Runs the enabled rules and the organisation's, applies the suppression comments, then
/// lets the rules that judge suppressions judge them.
/// What the rules found in one project.
#[derive(Debug, Default)]
pub struct Verdicts {
    /// The findings to report (unsorted).
    pub findings: Vec<Diagnostic>,
    /// The findings a suppression comment silenced, with its reason.
    pub suppressed: Vec<Suppressed>,
}

pub fn run(cx: &Context<'_>, sources: &Sources) -> Verdicts {
    use rayon::prelude::*;
    // The GDPR's rules judge only a project the GDPR applies to (Art. 3); the US rules
    // decide per flow which state laws apply.
    let gdpr = cx.law.gdpr_applies();
    let enabled: Vec<&dyn Rule> = ALL
        .iter()
        .copied()
        .filter(|r| cx.selection.is_enabled(r.meta().code))
        .filter(|r| gdpr || r.meta().law() != Law::Gdpr)
        .collect();
    let assessments = enabled.iter().any(|r| r.meta().code.starts_with('A'));
    cx.law.prepare(assessments);
    let findings = |rule: &dyn Rule| Findings {
        meta: rule.meta(),
        severity: cx.selection.severity_of(rule.meta()),
        found: Vec::new(),
    };
    // The rules are independent of one another (the legal questions they share are
    // answered once, behind `OnceLock`s): they run on every core, and their findings are
    // joined in rule order, so the result does not depend on the threads.
    let per_rule: Vec<Vec<Diagnostic>> = enabled
        .par_iter()
        .map(|&rule| {
            let mut out = findings(rule);
            rule.check(cx, &mut out);
            out.found
        })
        .collect();
    let mut found: Vec<Diagnostic> = per_rule.into_iter().flatten().collect();
    organisation::run(cx, &mut found);
    let mut suppressed = Vec::new();
    let unused = suppress::apply(cx.model, sources, &mut found, &mut suppressed);
    // Inside a declaration with an input error, the input error is the one diagnostic.
    let sound = |d: &Diagnostic| d.span().is_none_or(|span| !cx.model.in_erroneous(span));
    found.retain(sound);
    suppressed.retain(|s| sound(&s.finding));
    for &rule in &enabled {
        let mut out = findings(rule);
        rule.check_suppressions(cx, &unused, &mut out);
        found.extend(out.found);
    }
    // Where US state laws apply too, a GDPR finding says it is one.
    if gdpr && cx.law.any_us_law() {
        for d in &mut found {
            if find(&d.rule.code).is_some_and(|m| m.law() == Law::Gdpr) {
                d.notes
                    .push("law: GDPR (Regulation (EU) 2016/679)".to_owned());
            }
        }
    }
    Verdicts {
        findings: found,
        suppressed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                && m.code
                    .starts_with(['P', 'C', 'R', 'T', 'D', 'A', 'M', 'Q', 'U', 'S'])
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
            if ["mod", "context", "organisation", "registry", "suppress"].contains(&name.as_str()) {
                continue;
            }
            assert!(
                names.contains(name.replace('_', "-").as_str()),
                "{name} is not in ALL"
            );
        }
    }
}
