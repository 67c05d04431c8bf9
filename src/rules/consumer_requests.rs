//! U006 consumer-requests.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::knowledge::{Confidence, UsLaw};
use crate::law::us::{add_law, law_names};
use crate::model::Right;
use crate::values::{Duration, TimeUnit};

pub struct ConsumerRequests;

pub static META: RuleMeta = RuleMeta {
    code: "U006",
    name: "consumer-requests",
    severity: Severity::Warning,
    opt_in: false,
    summary: "no method for consumers' requests to know, delete or correct, or an answer slower than a US state's law allows",
    docs: r#"# consumer-requests (U006)

## What it checks
A controller whose processing falls under a US state law that does not say how
consumers request to know (`right access`), to delete (`right erasure`) or to correct
(`right rectification`) their personal information, or whose `within` is longer than
that law's time to answer (45 days in California and most states; 90 in Iowa). One
finding per controller for the missing methods, one per slow answer.

## Why
A business makes available methods for consumers to submit requests to know, delete and
correct, and answers within the statutory period (45 days in California, extendable
once by 45 days with notice).

## Law and guidance
Cal. Civ. Code §1798.130(a)(1)-(2), §1798.105, §1798.106, §1798.110; Va. Code
§59.1-577(B); Iowa Code §715D.3(2); `redline knowledge us-laws` for each state's period.

## Failing example
```redline
controller "Stream Inc." {   # expect: U006
  location US-CA
  right access "privacy@stream.example" within 45 days
}
subject viewer : user
category email : contact.email
purpose account : service.account { basis contract retain 1 year }
system app : application { location US-CA }
flow viewer -> app : email for account
```

## Passing example
```redline
controller "Stream Inc." {
  location US-CA
  right access "privacy@stream.example or 1-800-555-0100" within 45 days
  right erasure "Delete my account in settings" within 45 days
  right rectification "Account settings" within 45 days
}
subject viewer : user
category email : contact.email
purpose account : service.account { basis contract retain 1 year }
system app : application { location US-CA }
flow viewer -> app : email for account
```
"#,
};

impl Rule for ConsumerRequests {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.model;
        let Some(controller) = &m.controller else {
            return;
        };
        let mut laws: Vec<&UsLaw> = Vec::new();
        for flow in &m.flows {
            for law in cx.law.us_laws_on(flow) {
                add_law(&mut laws, law);
            }
        }
        if laws.is_empty() {
            return;
        }
        let names = law_names(&laws);
        let missing: Vec<&str> = [
            (Right::Access, "to know (`right access`)"),
            (Right::Erasure, "to delete (`right erasure`)"),
            (Right::Rectification, "to correct (`right rectification`)"),
        ]
        .iter()
        .filter(|(r, _)| controller.right(*r).is_none())
        .map(|(_, what)| *what)
        .collect();
        if !missing.is_empty() {
            let d = out.report(
                controller.name.span,
                format!(
                    "consumers under {names} must be able to request {}, and the controller states no method",
                    missing.join(", ")
                ),
            );
            d.help = Some(
                "add a method for each: `right access \"privacy@… or a toll-free number\" within 45 days`"
                    .to_owned(),
            );
        }
        // The shortest time any applicable law allows.
        let Some(strictest) = laws.iter().min_by_key(|l| l.response_days.value) else {
            return;
        };
        let limit = Duration::new(strictest.response_days.value, TimeUnit::Day);
        for channel in &controller.rights {
            let Some(within) = &channel.within else {
                continue;
            };
            if within.node.compare(limit) != std::cmp::Ordering::Greater {
                continue;
            }
            let confidence = strictest.response_days.provenance.confidence;
            let d = out.report_on(
                confidence.max(Confidence::Confirmed),
                within.span,
                format!(
                    "requests for {} are answered within {}, more than the {} days {} allows",
                    channel.right,
                    within.node,
                    strictest.response_days.value,
                    strictest.id.to_uppercase()
                ),
            );
            d.notes.push(format!(
                "law: {}: {}",
                strictest.name, strictest.response_days.provenance.source
            ));
            d.help = Some(format!(
                "answer within {} days",
                strictest.response_days.value
            ));
        }
    }
}
