//! Q003 no-portability.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{PurposeId, Right};

pub struct NoPortability;

pub static META: RuleMeta = RuleMeta {
    code: "Q003",
    name: "no-portability",
    severity: Severity::Warning,
    opt_in: false,
    summary: "purposes on consent or a contract collect data, and the controller says nothing of data portability",
    docs: r#"# no-portability (Q003)

## What it checks
A controller that states how some rights are exercised (`right …`), but not the right
to data portability, while purposes resting on consent or on a contract process
personal data collected from data subjects. One finding on the controller, naming the
purposes. A controller that states no right at all is Q005's finding alone.

## Why
Where processing rests on consent or a contract and is carried out by automated means,
a person may receive the data they provided in a structured, commonly used and
machine-readable format, and have it sent to another controller.

## Law and guidance
GDPR Art. 20(1)-(2), Art. 12(3), Recital 68; WP29 Guidelines on the right to data
portability (WP242 rev.01, 5 April 2017), endorsed by the EDPB on 25 May 2018.

## Failing example
```redline
controller "Shop" {   # expect: Q003
  location FR
  right access "privacy@shop.example" within 1 month
}
subject customer : customer
category orders : transaction.order_history
purpose checkout : service.order_fulfilment { basis contract retain 5 years after contract_end }
system crm : database { location FR }
flow customer -> crm : orders for checkout
```

## Passing example
```redline
controller "Shop" {
  location FR
  right access "privacy@shop.example" within 1 month
  right portability "Download your orders as JSON in account settings" within 1 month
}
subject customer : customer
category orders : transaction.order_history
purpose checkout : service.order_fulfilment { basis contract retain 5 years after contract_end }
system crm : database { location FR }
flow customer -> crm : orders for checkout
```
"#,
};

impl Rule for NoPortability {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let Some(controller) = &cx.model.controller else {
            return;
        };
        // No right stated at all is one cause, reported once by Q005.
        if controller.rights.is_empty() || controller.right(Right::Portability).is_some() {
            return;
        }
        let purposes: Vec<&str> = cx
            .model
            .purposes
            .iter()
            .enumerate()
            .filter(|(i, _)| cx.law.portability_applies(PurposeId(*i as u32)))
            .map(|(_, p)| p.name.node.as_str())
            .collect();
        if purposes.is_empty() {
            return;
        }
        let d = out.report(
            controller.name.span,
            format!(
                "`{}` rest on consent or a contract, so their data subjects may take their data away, but the controller says nothing of data portability",
                purposes.join("`, `")
            ),
        );
        d.help = Some(
            "say how people receive their data in a machine-readable format: `right portability \"…\" within 1 month` (GDPR Art. 20)"
                .to_owned(),
        );
    }
}
