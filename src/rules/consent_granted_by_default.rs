//! C002 consent-granted-by-default.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::ConsentDefault;

pub struct ConsentGrantedByDefault;

pub static META: RuleMeta = RuleMeta {
    code: "C002",
    name: "consent-granted-by-default",
    severity: Severity::Error,
    opt_in: false,
    summary: "a consent is granted by default: a pre-ticked box",
    docs: r#"# consent-granted-by-default (C002)

## What it checks
A consent declared `default granted`.

## Why
Consent must be an unambiguous, affirmative act. Silence, inactivity or a pre-ticked box
is not consent, and privacy-friendly settings must be the default.

## Law and guidance
GDPR Art. 4(11), Art. 7, Art. 25(2), Recital 32; CJEU C-673/17 Planet49 (1 Oct 2019).

## Failing example
```redline
controller "Shop" { location FR }
consent newsletter_optin { default granted withdraw "unsubscribe link" }   # expect: C002
```

## Passing example
```redline
controller "Shop" { location FR }
consent newsletter_optin { default denied withdraw "unsubscribe link" }
```
"#,
};

impl Rule for ConsentGrantedByDefault {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for consent in &cx.model.consents {
            if let Some(default) = consent
                .default
                .as_ref()
                .filter(|d| d.node == ConsentDefault::Granted)
            {
                out.report(
                    default.span,
                    format!(
                        "`{}` is granted by default: a pre-ticked box is not consent",
                        consent.name.node
                    ),
                )
                .help = Some("make the person act to give it: `default denied`".to_owned());
            }
        }
    }
}
