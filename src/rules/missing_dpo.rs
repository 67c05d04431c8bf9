//! D002 missing-dpo.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;

pub struct MissingDpo;

pub static META: RuleMeta = RuleMeta {
    code: "D002",
    name: "missing-dpo",
    severity: Severity::Info,
    opt_in: false,
    summary: "special-category data is processed and the controller names no DPO",
    docs: r#"# missing-dpo (D002)

## What it checks
A project in which a flow carries special-category data while the controller names no
`dpo`. (Whether the processing is "large scale" is for the organisation to judge; the
rule asks the question.)

## Why
A controller whose core activities consist of processing special categories on a large
scale must designate a data protection officer, and publish the contact.

## Law and guidance
GDPR Art. 37(1)(c), Art. 37(7); WP29 Guidelines on DPOs (WP243rev.01).

## Failing example
```redline
controller "Clinic" { location FR }   # expect: D002
subject patient : patient
category health : special.health
purpose care : service.order_fulfilment {
  basis contract
  condition health_care "care by a health professional"
  retain 1 year
}
system records : database { location FR }
flow patient -> records : health for care
```

## Passing example
```redline
controller "Clinic" { location FR dpo "dpo@clinic.example" }
subject patient : patient
category health : special.health
purpose care : service.order_fulfilment {
  basis contract
  condition health_care "care by a health professional"
  retain 1 year
}
system records : database { location FR }
flow patient -> records : health for care
```
"#,
};

impl Rule for MissingDpo {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        if cx
            .model
            .controller
            .as_ref()
            .is_some_and(|c| c.dpo.is_some())
        {
            return;
        }
        let special = cx
            .model
            .flows
            .iter()
            .flat_map(|f| &f.categories)
            .find(|c| cx.law.is_special(c.node));
        let Some(special) = special else { return };
        let name = cx
            .model
            .category(special.node)
            .map_or("?", |c| c.name.node.as_str());
        let (span, whose) = match &cx.model.controller {
            Some(controller) => (
                controller.name.span,
                format!("the controller \"{}\"", controller.name.node),
            ),
            None => (special.span, "the project".to_owned()),
        };
        out.report(span, format!("special-category data (`{name}`) is processed, but {whose} names no DPO"))
            .help = Some("if processing special categories is a core activity on a large scale, designate a DPO: `dpo \"contact\"`".to_owned());
    }
}
