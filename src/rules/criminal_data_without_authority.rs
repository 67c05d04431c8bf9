//! P005 criminal-data-without-authority.

use std::collections::BTreeSet;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::consent::has_art10_ground;

pub struct CriminalDataWithoutAuthority;

pub static META: RuleMeta = RuleMeta {
    code: "P005",
    name: "criminal-data-without-authority",
    severity: Severity::Error,
    opt_in: false,
    summary: "criminal-offence data is processed with no Art. 10 condition",
    docs: r#"# criminal-data-without-authority (P005)

## What it checks
A flow that carries data relating to criminal convictions and offences (taxonomy flag
`criminal`: `criminal.offences`) for a purpose that names neither condition of Art. 10:
`condition official_authority "…"` (processing under the control of official authority)
or `condition authorised_by_law "…"` (authorised by Union or Member State law providing
appropriate safeguards, named in the justification). Reported once per category and
purpose, on the first flow that carries it. A category declared `anonymised` is not
personal data and is not judged.

## Why
Criminal-offence data may be processed only under the control of official authority or
where a law authorises it with safeguards; no consent or legitimate interest opens that
door, and a comprehensive register of convictions is kept only under official
authority.

## Law and guidance
GDPR Art. 10 and Recital 19; Art. 6(1) for the basis the processing also needs.

## Failing example
```redline
controller "Staffing SAS" { location FR }
subject candidate : applicant
category record : criminal.offences
purpose vetting : hr.recruitment { basis legitimate_interests "LIA-VETTING" retain 3 months }
system ats : application { location FR }
flow candidate -> ats : record for vetting   # expect: P005
```

## Passing example
```redline
controller "Staffing SAS" { location FR }
subject candidate : applicant
category record : criminal.offences
purpose vetting : hr.recruitment {
  basis legal_obligation "Code de l'action sociale art. L133-6 (posts with minors)"
  condition authorised_by_law "Code de l'action sociale art. L133-6: extract of the criminal record for posts with minors"
  retain 3 months
}
system ats : application { location FR }
flow candidate -> ats : record for vetting
```
"#,
};

impl Rule for CriminalDataWithoutAuthority {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let mut reported = BTreeSet::new();
        for flow in &cx.model.flows {
            for category in flow
                .categories
                .iter()
                .filter(|c| cx.law.is_criminal(c.node))
            {
                for purpose in &flow.purposes {
                    let Some(p) = cx.model.purpose(purpose.node) else {
                        continue;
                    };
                    if has_art10_ground(p) || !reported.insert((category.node, purpose.node)) {
                        continue;
                    }
                    let name = cx
                        .model
                        .category(category.node)
                        .map_or("?", |c| c.name.node.as_str());
                    out.report(
                        category.span,
                        format!(
                            "`{name}` is criminal-offence data used for `{}` with no Art. 10 condition",
                            p.name.node
                        ),
                    )
                    .help = Some(format!(
                        "name the law that authorises it: `condition authorised_by_law \"…\"` on `{}`, or `condition official_authority \"…\"`",
                        p.name.node
                    ));
                }
            }
        }
    }
}
