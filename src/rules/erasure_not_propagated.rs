//! Q002 erasure-not-propagated.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{Basis, NodeId};

pub struct ErasureNotPropagated;

pub static META: RuleMeta = RuleMeta {
    code: "Q002",
    name: "erasure-not-propagated",
    severity: Severity::Warning,
    opt_in: false,
    summary: "personal data is disclosed to a recipient and nothing says how an erasure is passed on to it",
    docs: r#"# erasure-not-propagated (Q002)

## What it checks
A controller that says how people have their data erased (`right erasure "…"`), and a
recipient that receives personal data by a flow but has no `erasure "…"` saying how the
controller tells it of an erasure, a rectification or a restriction. Disclosures
made only to comply with a legal obligation or for a public task are not judged: the
right to erasure does not reach processing the law requires (Art. 17(3)(b)). Processors
are Q001's: they act on the controller's instructions. A controller that says nothing
of erasure is Q005's finding (`rights-not-stated`).

## Why
Erasing data at home while a partner, an ad network or another controller keeps its
copy does not erase it. The controller must pass each erasure, rectification or
restriction on to every recipient the data was disclosed to, unless that proves
impossible or involves disproportionate effort, and tell the data subject who they are
if asked.

## Law and guidance
GDPR Art. 19, Art. 17(2) (data made public), Art. 17(3)(b); Recital 66.

## Failing example
```redline
controller "Shop" { location FR right erasure "Delete my account in settings" within 1 month }
subject customer : customer
category email : contact.email
purpose referral : marketing.direct_email {
  basis consent referral_optin
  retain 1 year
}
consent referral_optin { default denied withdraw "unsubscribe link" }
system crm : database { location FR }
recipient partner : partner { location FR contract "PARTNER-7" }   # expect: Q002
flow customer -> crm : email for referral
flow crm -> partner : email for referral
```

## Passing example
```redline
controller "Shop" { location FR right erasure "Delete my account in settings" within 1 month }
subject customer : customer
category email : contact.email
purpose referral : marketing.direct_email {
  basis consent referral_optin
  retain 1 year
}
consent referral_optin { default denied withdraw "unsubscribe link" }
system crm : database { location FR }
recipient partner : partner {
  location FR
  contract "PARTNER-7"
  erasure "erasure requests forwarded by API within 48 hours (contract PARTNER-7, clause 9)"
}
flow customer -> crm : email for referral
flow crm -> partner : email for referral
```
"#,
};

impl Rule for ErasureNotPropagated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.model;
        if !cx.law.erasure_promised() {
            return;
        }
        for (i, recipient) in m.recipients.iter().enumerate() {
            if recipient.erasure.is_some() {
                continue;
            }
            let node = NodeId::Recipient(crate::model::RecipientId(i as u32));
            let mut disclosed: Vec<String> = Vec::new();
            for flow in m.flows.iter().filter(|f| f.to.node == node) {
                // Disclosures the law requires are out of reach of erasure (Art. 17(3)(b)).
                let erasable = flow.purposes.iter().any(|p| {
                    !matches!(
                        m.purpose(p.node)
                            .and_then(|p| p.basis.as_ref())
                            .map(|b| &b.node),
                        Some(Basis::LegalObligation(_) | Basis::PublicTask(_))
                    )
                });
                if !erasable {
                    continue;
                }
                for c in &flow.categories {
                    if !cx.law.is_personal(c.node) {
                        continue;
                    }
                    if let Some(category) = m.category(c.node) {
                        let name = format!("`{}`", category.name.node);
                        if !disclosed.contains(&name) {
                            disclosed.push(name);
                        }
                    }
                }
            }
            if disclosed.is_empty() {
                continue;
            }
            let d = out.report(
                recipient.name.span,
                format!(
                    "`{}` receives personal data ({}) and nothing says how an erasure is passed on to it",
                    recipient.name.node,
                    disclosed.join(", ")
                ),
            );
            d.help = Some(format!(
                "say how erasures, rectifications and restrictions reach it: `erasure \"…\"` on `{}` (GDPR Art. 19)",
                recipient.name.node
            ));
        }
    }
}
