//! P004 automated-decision-without-basis.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::consent::{ExplicitConsent, explicit_consent};
use crate::model::Basis;

pub struct AutomatedDecisionWithoutBasis;

pub static META: RuleMeta = RuleMeta {
    code: "P004",
    name: "automated-decision-without-basis",
    severity: Severity::Warning,
    opt_in: false,
    summary: "solely automated decisions rest on a basis Art. 22(2) does not allow",
    docs: r#"# automated-decision-without-basis (P004)

## What it checks
A purpose marked `automated_decisions` whose basis is not `contract`,
`legal_obligation` or explicit consent (a consent that says `explicit`, whether the basis
names it as `consent` or `explicit_consent`).

## Why
People have the right not to be subject to a decision based solely on automated
processing that has legal or similarly significant effects, unless it is necessary for a
contract, authorised by law, or based on explicit consent.

## Law and guidance
GDPR Art. 22(1) and 22(2); WP29 Guidelines on automated decision-making (WP251rev.01);
CJEU C-634/21 SCHUFA.

## Failing example
```redline
controller "Lender" { location FR }
purpose scoring : decision.automated {
  basis legitimate_interests "LIA-7"
  automated_decisions   # expect: P004
  retain 1 year
}
```

## Passing example
```redline
controller "Lender" { location FR }
purpose scoring : decision.automated {
  basis contract
  automated_decisions
  retain 1 year
}
```
"#,
};

impl Rule for AutomatedDecisionWithoutBasis {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for purpose in &cx.model.purposes {
            let (Some(span), Some(basis)) = (purpose.automated_decisions, purpose.basis.as_ref())
            else {
                continue;
            };
            let allowed = matches!(basis.node, Basis::Contract | Basis::LegalObligation(_))
                || matches!(
                    explicit_consent(cx.model, purpose),
                    ExplicitConsent::Given(_)
                );
            if allowed {
                continue;
            }
            out.report(
                span,
                format!(
                    "`{}` makes solely automated decisions on `{}`, which Art. 22(2) does not allow",
                    purpose.name.node,
                    basis.node.kind().id()
                ),
            )
            .help = Some("rest it on `contract`, `explicit_consent CONSENT` or `legal_obligation \"law\"`".to_owned());
        }
    }
}
