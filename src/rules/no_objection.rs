//! Q004 no-objection.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::rights::ObjectionGround;
use crate::model::{PurposeId, Right};

pub struct NoObjection;

pub static META: RuleMeta = RuleMeta {
    code: "Q004",
    name: "no-objection",
    severity: Severity::Warning,
    opt_in: false,
    summary: "direct marketing, or processing on legitimate interests or a public task, and no way to object",
    docs: r#"# no-objection (Q004)

## What it checks
A controller that states how some rights are exercised (`right …`), but not the right
to object, while it processes personal data for direct marketing (marketing, targeted
advertising or retargeting purposes) or on legitimate interests or a public task. One
finding on the controller, with a label on each purpose concerned. A controller that
states no right at all is Q005's finding alone.

## Why
A person may object at any time to processing for direct marketing, and the data must
then no longer be processed for it; the right must be brought to their attention
explicitly, at the latest at the first communication. To processing on legitimate
interests or a public task they may object on grounds relating to their situation, and
the controller must stop unless it shows compelling legitimate grounds.

## Law and guidance
GDPR Art. 21(1)-(4), Recitals 69-70; Directive 2002/58/EC (ePrivacy) Art. 13(2) (an
easy way to refuse each marketing message).

## Failing example
```redline
controller "Shop" {   # expect: Q004
  location FR
  right access "privacy@shop.example" within 1 month
}
subject customer : customer
category email : contact.email
purpose offers : marketing.customer_email { basis legitimate_interests "LIA-OFFERS-1" retain 3 years after last_contact }
system crm : database { location FR }
flow customer -> crm : email for offers
```

## Passing example
```redline
controller "Shop" {
  location FR
  right access "privacy@shop.example" within 1 month
  right objection "Unsubscribe link in every e-mail; privacy@shop.example" within 1 month
}
subject customer : customer
category email : contact.email
purpose offers : marketing.customer_email { basis legitimate_interests "LIA-OFFERS-1" retain 3 years after last_contact }
system crm : database { location FR }
flow customer -> crm : email for offers
```
"#,
};

impl Rule for NoObjection {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let Some(controller) = &cx.model.controller else {
            return;
        };
        if controller.rights.is_empty() || controller.right(Right::Objection).is_some() {
            return;
        }
        let concerned: Vec<(&crate::model::Purpose, ObjectionGround)> = cx
            .model
            .purposes
            .iter()
            .enumerate()
            .filter_map(|(i, p)| cx.law.objection_ground(PurposeId(i as u32)).map(|g| (p, g)))
            .collect();
        if concerned.is_empty() {
            return;
        }
        let names: Vec<&str> = concerned
            .iter()
            .map(|(p, _)| p.name.node.as_str())
            .collect();
        let marketing = concerned
            .iter()
            .any(|(_, g)| *g == ObjectionGround::DirectMarketing);
        let d = out.report(
            controller.name.span,
            format!(
                "people may object to `{}`{}, but the controller says nothing of how",
                names.join("`, `"),
                if marketing {
                    " (to direct marketing at any time)"
                } else {
                    ""
                }
            ),
        );
        for (purpose, ground) in &concerned {
            let why = match ground {
                ObjectionGround::DirectMarketing => "direct marketing",
                ObjectionGround::TaskOrInterests => "legitimate interests or a public task",
            };
            d.labels.push(crate::diagnostic::Label {
                span: purpose.name.span,
                message: format!("{why}: {}", ground.article()),
            });
        }
        d.help = Some(
            "say how people object: `right objection \"…\" within 1 month` (GDPR Art. 21), and bring it to their attention at the first communication"
                .to_owned(),
        );
    }
}
