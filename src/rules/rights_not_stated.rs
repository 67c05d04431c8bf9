//! Q005 rights-not-stated.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{PurposeId, Right};

pub struct RightsNotStated;

pub static META: RuleMeta = RuleMeta {
    code: "Q005",
    name: "rights-not-stated",
    severity: Severity::Warning,
    opt_in: true,
    summary: "the controller collects personal data and does not say how people access, rectify, erase or restrict it",
    docs: r#"# rights-not-stated (Q005)

## What it checks
A controller whose purposes process personal data collected from data subjects, and
that does not say how each of the rights every data subject has is exercised: access,
rectification, erasure and restriction (`right access "…" within 1 month`, one line per
right). One finding on the controller, naming the rights missing. When it states none
at all, this is the only rights finding: portability (Q003), objection (Q004) and the
erasure paths (Q001, Q002) are judged once it states them.

Opt-in: most policies describe processing, not how requests are answered, so this rule
runs only when selected (`select: [all]`, as `redline init` writes, or `Q005`).

## Why
The controller must facilitate the exercise of these rights and answer within a month;
a policy that does not say where requests go, or who answers them, cannot show it does.

## Law and guidance
GDPR Art. 12(2)-(3), Art. 15 (access), 16 (rectification), 17 (erasure), 18
(restriction), Art. 13(2)(b) (the rights are stated at collection); EDPB Guidelines
01/2022 on data subject rights - Right of access (version 2.0, 28 March 2023).

## Failing example
```redline
controller "Shop" { location FR }   # expect: Q005
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
  right rectification "account settings, or privacy@shop.example" within 1 month
  right erasure "Delete my account in settings" within 1 month
  right restriction "privacy@shop.example" within 1 month
}
subject customer : customer
category orders : transaction.order_history
purpose checkout : service.order_fulfilment { basis contract retain 5 years after contract_end }
system crm : database { location FR }
flow customer -> crm : orders for checkout
```
"#,
};

/// The rights every data subject has, whatever the basis.
const ALWAYS: [Right; 4] = [
    Right::Access,
    Right::Rectification,
    Right::Erasure,
    Right::Restriction,
];

impl Rule for RightsNotStated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let Some(controller) = &cx.model.controller else {
            return;
        };
        let collects = (0..cx.model.purposes.len())
            .any(|i| cx.law.collects_personal_data(PurposeId(i as u32)));
        if !collects {
            return;
        }
        let missing: Vec<String> = ALWAYS
            .iter()
            .filter(|r| controller.right(**r).is_none())
            .map(|r| format!("{r} ({})", r.article()))
            .collect();
        if missing.is_empty() {
            return;
        }
        let message = if controller.rights.is_empty() {
            format!(
                "the controller \"{}\" collects personal data and says nothing of how people exercise their rights",
                controller.name.node
            )
        } else {
            format!(
                "the controller \"{}\" does not say how people exercise {}",
                controller.name.node,
                missing.join(", ")
            )
        };
        let d = out.report(controller.name.span, message);
        if controller.rights.is_empty() {
            d.notes.push(format!("missing: {}", missing.join(", ")));
        }
        d.help = Some(
            "add one line per right: `right access \"privacy@…\" within 1 month` (GDPR Art. 12-18)"
                .to_owned(),
        );
    }
}
