//! Q001 no-erasure-path.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::Storage;

pub struct NoErasurePath;

pub static META: RuleMeta = RuleMeta {
    code: "Q001",
    name: "no-erasure-path",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a system or processor stores personal data and says nothing of how erasure reaches it",
    docs: r#"# no-erasure-path (Q001)

## What it checks
A controller that says how people have their data erased (`right erasure "…"`), and a
system or processor with a `stores` line holding personal data but no `erasure "…"`
saying how an erasure request reaches what it stores (a deletion job, an API call, a
ticket to the processor, backups that expire). Reported once per system or processor.
A controller that says nothing of erasure is Q005's finding (`rights-not-stated`).

## Why
A person may have their data erased without undue delay when it is no longer needed,
when they withdraw consent or object, or when it was processed unlawfully; a store that
no erasure reaches keeps the data after the controller has answered that it is gone.
Processors must delete or return the data at the end of the service and help the
controller answer requests.

## Law and guidance
GDPR Art. 17(1), Art. 28(3)(e) and (g), Art. 12(3); EDPB Guidelines 5/2019 on the right
to be forgotten in search engines (the criteria of Art. 17(1)).

## Failing example
```redline
controller "Shop" { location FR right erasure "Delete my account in settings" within 1 month }
category email : contact.email
system crm : database {   # expect: Q001
  location FR
  stores email for 3 years
}
```

## Passing example
```redline
controller "Shop" { location FR right erasure "Delete my account in settings" within 1 month }
category email : contact.email
system crm : database {
  location FR
  stores email for 3 years
  erasure "nightly job deletes rows flagged by the privacy desk; backups expire after 30 days"
}
```
"#,
};

impl Rule for NoErasurePath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        let m = cx.model;
        if !cx.law.erasure_promised() {
            return;
        }
        let holders = m
            .systems
            .iter()
            .map(|s| (&s.name, &s.stores, &s.erasure, "system"))
            .chain(
                m.processors
                    .iter()
                    .map(|p| (&p.name, &p.stores, &p.erasure, "processor")),
            );
        for (name, stores, erasure, what) in holders {
            if erasure.is_some() {
                continue;
            }
            let personal = personal_names(cx, stores);
            if personal.is_empty() {
                continue;
            }
            let d = out.report(
                name.span,
                format!(
                    "{what} `{}` stores personal data ({}) but says nothing of how an erasure request reaches it",
                    name.node,
                    personal.join(", ")
                ),
            );
            d.help = Some(format!(
                "say how erasure reaches it: `erasure \"…\"` on `{}` (GDPR Art. 17)",
                name.node
            ));
        }
    }
}

/// The personal categories a holder stores, by name, once each.
fn personal_names<'m>(cx: &Context<'m>, stores: &'m [Storage]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for c in stores.iter().flat_map(|s| &s.categories) {
        if !cx.law.is_personal(c.node) {
            continue;
        }
        if let Some(category) = cx.model.category(c.node) {
            let name = format!("`{}`", category.name.node);
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    names
}
