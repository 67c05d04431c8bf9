//! C004 bundled-consent.

use std::collections::BTreeMap;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Basis, ConsentId};

pub struct BundledConsent;

pub static META: RuleMeta = RuleMeta {
    code: "C004",
    name: "bundled-consent",
    severity: Severity::Warning,
    opt_in: false,
    summary: "one consent serves purposes of different kinds",
    docs: r#"# bundled-consent (C004)

## What it checks
A consent that serves purposes of different top-level kinds (for example one opt-in for
`marketing.*` and `advertising.*`).

## Why
Consent must be specific: given for each purpose, so that a person can accept one and
refuse another.

## Law and guidance
GDPR Art. 4(11), Art. 6(1)(a), Art. 7(2), Recital 43; EDPB Guidelines 05/2020, §3.2.

## Failing example
```redline
controller "Shop" { location FR }
purpose news : marketing.direct_email { basis consent optin retain 3 years }
purpose ads : advertising.targeted { basis consent optin retain 13 months }
consent optin { default denied withdraw "privacy centre" }   # expect: C004
```

## Passing example
```redline
controller "Shop" { location FR }
purpose news : marketing.direct_email { basis consent news_optin retain 3 years }
purpose ads : advertising.targeted { basis consent ads_optin retain 13 months }
consent news_optin { default denied withdraw "privacy centre" }
consent ads_optin { default denied withdraw "privacy centre" }
```
"#,
};

impl Rule for BundledConsent {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let mut served: BTreeMap<ConsentId, BTreeMap<String, Vec<&str>>> = BTreeMap::new();
        for purpose in &cx.model.purposes {
            let Some(Basis::Consent(Some(c)) | Basis::ExplicitConsent(Some(c))) =
                purpose.basis.as_ref().map(|b| &b.node)
            else {
                continue;
            };
            let kind = purpose.path.node.split('.').next().unwrap_or("").to_owned();
            served
                .entry(*c)
                .or_default()
                .entry(kind)
                .or_default()
                .push(&purpose.name.node);
        }
        for (id, kinds) in served.into_iter().filter(|(_, k)| k.len() > 1) {
            let Some(consent) = cx.model.consents.get(id.index()) else {
                continue;
            };
            let listed: Vec<String> = kinds
                .iter()
                .map(|(kind, purposes)| format!("{kind}: {}", purposes.join(", ")))
                .collect();
            out.report(
                consent.name.span,
                format!(
                    "`{}` bundles purposes of different kinds ({})",
                    consent.name.node,
                    listed.join("; ")
                ),
            )
            .help = Some("ask for one consent per kind of purpose".to_owned());
        }
    }
}
