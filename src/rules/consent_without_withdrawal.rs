//! C003 consent-without-withdrawal.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;

pub struct ConsentWithoutWithdrawal;

pub static META: RuleMeta = RuleMeta {
    code: "C003",
    name: "consent-without-withdrawal",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a consent says no way to withdraw it",
    docs: r#"# consent-without-withdrawal (C003)

## What it checks
A consent with no `withdraw` attribute.

## Why
A person may withdraw consent at any time, and withdrawing must be as easy as giving it;
the policy should say how.

## Law and guidance
GDPR Art. 7(3); EDPB Guidelines 05/2020 on consent, §5.2.

## Failing example
```redline
controller "Shop" { location FR }
consent newsletter_optin { default denied }   # expect: C003
```

## Passing example
```redline
controller "Shop" { location FR }
consent newsletter_optin { default denied withdraw "unsubscribe link in every e-mail" }
```
"#,
};

impl Rule for ConsentWithoutWithdrawal {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for consent in cx.model.consents.iter().filter(|c| c.withdraw.is_none()) {
            out.report(
                consent.name.span,
                format!("`{}` says no way to withdraw it", consent.name.node),
            )
            .help = Some("say how, as easily as it is given: `withdraw \"…\"`".to_owned());
        }
    }
}
