//! P007 unneeded-data.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;

pub struct UnneededData;

pub static META: RuleMeta = RuleMeta {
    code: "P007",
    name: "unneeded-data",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a flow carries data for a purpose whose `needs` leaves it out",
    docs: r#"# unneeded-data (P007)

## What it checks
A purpose that says which categories it needs (`needs email, address`) and a flow that
carries another personal category for it. Reported on the category in the flow, once
per flow, naming the purposes that do not need it. A purpose that says nothing of what
it needs is not judged.

## Why
Personal data must be adequate, relevant and limited to what is necessary for the
purposes it is processed for. A clothes shop has no reason to ask for a religion; a
newsletter needs an e-mail address, not a postal one.

## Law and guidance
GDPR Art. 5(1)(c) (data minimisation), Art. 25(2) (data protection by default: "only
personal data which are necessary for each specific purpose"); EDPB Guidelines 4/2019
on Article 25, Data Protection by Design and by Default (version 2.0, 20 October 2020).

## Failing example
```redline
subject customer : customer
category email : contact.email
category address : contact.postal_address
purpose newsletter : marketing.customer_email {
  basis consent news_optin
  needs email
  retain 3 years after last_contact
}
consent news_optin { default denied withdraw "unsubscribe link" }
system crm : database { location FR }
flow customer -> crm : email, address for newsletter   # expect: P007
```

## Passing example
```redline
subject customer : customer
category email : contact.email
purpose newsletter : marketing.customer_email {
  basis consent news_optin
  needs email
  retain 3 years after last_contact
}
consent news_optin { default denied withdraw "unsubscribe link" }
system crm : database { location FR }
flow customer -> crm : email for newsletter
```
"#,
};

impl Rule for UnneededData {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for flow in &cx.model.flows {
            for category in &flow.categories {
                if !cx.law.is_personal(category.node) {
                    continue;
                }
                let unneeded: Vec<&str> = flow
                    .purposes
                    .iter()
                    .filter_map(|p| cx.model.purpose(p.node))
                    .filter(|p| {
                        p.needs.as_ref().is_some_and(|needs| {
                            !needs.node.iter().any(|n| n.node == category.node)
                        })
                    })
                    .map(|p| p.name.node.as_str())
                    .collect();
                if unneeded.is_empty() {
                    continue;
                }
                let name = cx
                    .model
                    .category(category.node)
                    .map_or("?", |c| c.name.node.as_str());
                let d = out.report(
                    category.span,
                    format!(
                        "`{name}` is carried for `{}`, which {} not need it",
                        unneeded.join("`, `"),
                        if unneeded.len() == 1 { "does" } else { "do" }
                    ),
                );
                d.help = Some(format!(
                    "carry only what the purpose needs (GDPR Art. 5(1)(c)): drop `{name}` from this flow, or add it to the purpose's `needs` if it is necessary"
                ));
            }
        }
    }
}
