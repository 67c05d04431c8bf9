//! P006 automated-decision-without-safeguards.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::consent::{ExplicitConsent, explicit_consent};
use crate::model::Basis;

pub struct AutomatedDecisionWithoutSafeguards;

pub static META: RuleMeta = RuleMeta {
    code: "P006",
    name: "automated-decision-without-safeguards",
    severity: Severity::Error,
    opt_in: false,
    summary: "solely automated decisions on a contract or explicit consent without human review and a way to contest",
    docs: r#"# automated-decision-without-safeguards (P006)

## What it checks
A purpose marked `automated_decisions` that rests on a contract or on explicit consent
(the two cases of Art. 22(2)(a) and (c)) and does not say how a person reviews a
decision (`human_review "…"`) or how the data subject contests it and gives their point
of view (`contest "…"`). A decision authorised by law (Art. 22(2)(b)) takes the
safeguards the law lays down, and a purpose on another basis is P004's.

## Why
Where a decision with legal or similarly significant effects is taken by a machine
alone, the person concerned is entitled at least to obtain human intervention, to
express their point of view and to contest the decision.

## Law and guidance
GDPR Art. 22(3) and Recital 71; WP29 Guidelines on automated individual decision-making
and profiling (WP251 rev.01, 6 February 2018), endorsed by the EDPB on 25 May 2018;
CJEU C-634/21 SCHUFA Holding (7 December 2023).

## Failing example
```redline
purpose scoring : finance.credit_scoring {   # expect: P006
  basis contract
  automated_decisions
  human_review "A credit officer reviews every refusal within 2 working days"
  retain 1 year
}
```

## Passing example
```redline
purpose scoring : finance.credit_scoring {
  basis contract
  automated_decisions
  human_review "A credit officer reviews every refusal within 2 working days"
  contest "Appeal form in the app; the applicant can add their explanation"
  retain 1 year
}
```
"#,
};

impl Rule for AutomatedDecisionWithoutSafeguards {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for purpose in &cx.model.purposes {
            if purpose.automated_decisions.is_none() {
                continue;
            }
            let Some(basis) = &purpose.basis else {
                continue;
            };
            let covered = match &basis.node {
                Basis::Contract => true,
                // Explicit consent, even one C001 finds not marked `explicit`: the
                // purpose means to rest on Art. 22(2)(c).
                Basis::Consent(_) | Basis::ExplicitConsent(_) => matches!(
                    explicit_consent(cx.model, purpose),
                    ExplicitConsent::Given(_) | ExplicitConsent::NotMarked(_)
                ),
                _ => false,
            };
            if !covered {
                continue;
            }
            let mut missing = Vec::new();
            if purpose.human_review.is_none() {
                missing.push("human review (`human_review \"…\"`)");
            }
            if purpose.contest.is_none() {
                missing.push("way to contest the decision (`contest \"…\"`)");
            }
            if missing.is_empty() {
                continue;
            }
            let d = out.report(
                purpose.name.span,
                format!(
                    "`{}` takes solely automated decisions but has no {}",
                    purpose.name.node,
                    missing.join(" and no ")
                ),
            );
            d.help = Some(
                "say how a person reviews a decision and how it is contested, with the data subject's point of view (GDPR Art. 22(3))"
                    .to_owned(),
            );
        }
    }
}
