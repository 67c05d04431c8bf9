//! R002 missing-retention.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::PurposeId;

pub struct MissingRetention;

pub static META: RuleMeta = RuleMeta {
    code: "R002",
    name: "missing-retention",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a purpose that receives personal data says no retention",
    docs: r#"# missing-retention (R002)

## What it checks
A purpose that a flow of personal data serves but that has no `retain`. (A storage
always has a duration: the language requires `stores … for DURATION`.)

## Why
The period for which data is stored, or the criteria for it, must be decided and told to
the people concerned.

## Law and guidance
GDPR Art. 5(1)(e), Art. 13(2)(a), Art. 30(1)(f).

## Failing example
```redline
controller "Shop" { location FR }
subject customer : customer
category email : contact.email
purpose account : service.account { basis contract }   # expect: R002
system shop : application { location FR }
flow customer -> shop : email for account
```

## Passing example
```redline
controller "Shop" { location FR }
subject customer : customer
category email : contact.email
purpose account : service.account { basis contract retain 30 days after account_closure }
system shop : application { location FR }
flow customer -> shop : email for account
```
"#,
};

impl Rule for MissingRetention {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for (i, purpose) in cx.model.purposes.iter().enumerate() {
            let id = PurposeId(i as u32);
            let receives_personal_data = cx.graph.flows_for(id).iter().any(|f| {
                let flow = cx.model.flows.get(f.index());
                flow.is_some_and(|f| f.categories.iter().any(|c| cx.law.is_personal(c.node)))
            });
            if purpose.retain.is_none() && receives_personal_data {
                out.report(
                    purpose.name.span,
                    format!(
                        "`{}` receives personal data but says no retention",
                        purpose.name.node
                    ),
                )
                .help = Some("add `retain DURATION [after EVENT]`".to_owned());
            }
        }
    }
}
