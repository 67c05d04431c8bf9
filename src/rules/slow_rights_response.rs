//! Q006 slow-rights-response.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;

pub struct SlowRightsResponse;

pub static META: RuleMeta = RuleMeta {
    code: "Q006",
    name: "slow-rights-response",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a right is answered in more than the month Art. 12(3) allows",
    docs: r#"# slow-rights-response (Q006)

## What it checks
A `right … within D` whose time to answer is longer than one month. A time in days or
weeks counts as longer only past 31 days a month, so `within 31 days` is not reported.

## Why
The controller informs the data subject of the action taken on a request without undue
delay and in any event within one month of receipt. The period may be extended by two
further months where necessary, given the complexity and number of requests, and the
person must be told within the first month: an extension is decided case by case, not
written into the policy as the rule.

## Law and guidance
GDPR Art. 12(3) and 12(4); EDPB Guidelines 01/2022 on the right of access (version 2.0,
28 March 2023), section 5.3.

## Failing example
```redline
controller "Shop" {
  location FR
  right access "privacy@shop.example" within 2 months   # expect: Q006
}
```

## Passing example
```redline
controller "Shop" {
  location FR
  right access "privacy@shop.example" within 30 days
}
```
"#,
};

impl Rule for SlowRightsResponse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let Some(controller) = &cx.model.controller else {
            return;
        };
        let (limit, provenance) = cx.law.response_limit();
        for channel in &controller.rights {
            let Some(within) = &channel.within else {
                continue;
            };
            if !cx.law.too_slow(within.node) {
                continue;
            }
            let d = out.report_on(
                provenance.confidence,
                within.span,
                format!(
                    "requests for {} are answered within {}, more than the {limit} the GDPR allows",
                    channel.right, within.node
                ),
            );
            d.notes.push(format!("source: {}", provenance.source));
            d.help = Some(format!(
                "answer within {limit}; an extension of two more months is decided per request and told to the person within the first month (GDPR Art. 12(3))"
            ));
        }
    }
}
