//! C005 employee-consent.

use std::collections::BTreeSet;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::SubjectKind;
use crate::law::consent::own_consent;

pub struct EmployeeConsent;

pub static META: RuleMeta = RuleMeta {
    code: "C005",
    name: "employee-consent",
    severity: Severity::Warning,
    opt_in: false,
    summary: "employees' or applicants' data rests on their consent",
    docs: r#"# employee-consent (C005)

## What it checks
A purpose resting on consent (`basis consent …` or `explicit_consent …`) whose flows
collect personal data from subjects of kind `employee` or `applicant`. A warning: consent
in employment is rarely freely given, but it is not impossible (an employee may freely
choose, with no consequence, to take part in something the employer offers).

## Why
Given the dependency of the employment relationship, an employee or a candidate can
rarely refuse their employer's request without fear of detriment, so their consent is
unlikely to be free (Art. 4(11), 7(4)). Employers should rest the processing on another
basis: the contract, a legal obligation, or legitimate interests with a balancing test.

## Law and guidance
GDPR Art. 4(11), 7(4), 88 and Recital 43; EDPB Guidelines 05/2020 on consent under
Regulation 2016/679 (4 May 2020), §21-23 (imbalance of power in employment).

## Failing example
```redline
controller "Acme SAS" { location FR }
subject staff : employee
category badge : identity.pseudonymous_id
purpose access : security.monitoring {
  basis consent badge_optin   # expect: C005
  retain 6 months
}
consent badge_optin { default denied withdraw "with HR" }
system doors : device { location FR }
flow staff -> doors : badge for access
```

## Passing example
```redline
controller "Acme SAS" { location FR }
subject staff : employee
category badge : identity.pseudonymous_id
purpose access : security.monitoring {
  basis legitimate_interests "LIA-ACCESS-CONTROL"
  retain 6 months
}
system doors : device { location FR }
flow staff -> doors : badge for access
```
"#,
};

impl Rule for EmployeeConsent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let mut reported = BTreeSet::new();
        for flow in &cx.model.flows {
            let Some(kind) = cx.model.subject_kind(flow.from.node) else {
                continue;
            };
            if !matches!(kind, SubjectKind::Employee | SubjectKind::Applicant)
                || !flow.categories.iter().any(|c| cx.law.is_personal(c.node))
            {
                continue;
            }
            for purpose in &flow.purposes {
                let Some(p) = cx.model.purpose(purpose.node) else {
                    continue;
                };
                let (Some(_), Some(basis)) = (own_consent(p), &p.basis) else {
                    continue;
                };
                if !reported.insert(purpose.node) {
                    continue;
                }
                out.report(
                    basis.span,
                    format!(
                        "`{}` rests on the consent of `{}`, {}: rarely freely given",
                        p.name.node,
                        cx.model.node_name(flow.from.node),
                        if kind == SubjectKind::Employee {
                            "an employee"
                        } else {
                            "a job applicant"
                        }
                    ),
                )
                .help = Some(
                    "rest it on the contract, a legal obligation or legitimate interests; keep consent for what the person may freely refuse"
                        .to_owned(),
                );
            }
        }
    }
}
