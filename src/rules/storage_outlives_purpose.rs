//! R003 storage-outlives-purpose.

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::Held;
use crate::law::retention::{self, Period};
use crate::model::{NodeId, Storage};

pub struct StorageOutlivesPurpose;

pub static META: RuleMeta = RuleMeta {
    code: "R003",
    name: "storage-outlives-purpose",
    severity: Severity::Warning,
    opt_in: false,
    summary: "a storage keeps a category longer than any purpose it is held for",
    docs: r#"# storage-outlives-purpose (R003)

## What it checks
A system (or processor) that `stores` a category for longer than the longest `retain` of
the purposes for which it holds that category (the purposes allowed on the flows that
bring the category to it, as purpose-creep defines them). A storage counts from
collection; a purpose's retention from its event, compared as RULES.md says (a storage
from collection fits a retention after a later event when it is no longer). Data that is
not personal is not judged.

## Why
When every purpose for which the data is held has ended, nothing justifies keeping it:
the storage must delete it by then.

## Law and guidance
GDPR Art. 5(1)(e) (storage limitation), Art. 17(1)(a).

## Failing example
```redline
controller "Shop" { location FR }
subject customer : customer
category email : contact.email
purpose news : marketing.direct_email { basis consent optin retain 3 years after last_contact }
consent optin { default denied withdraw "link" }
system crm : database { location FR stores email for 5 years }   # expect: R003
flow customer -> crm : email for news
```

## Passing example
```redline
controller "Shop" { location FR }
subject customer : customer
category email : contact.email
purpose news : marketing.direct_email { basis consent optin retain 3 years after last_contact }
consent optin { default denied withdraw "link" }
system crm : database { location FR stores email for 3 years }
flow customer -> crm : email for news
```
"#,
};

impl StorageOutlivesPurpose {
    fn storage(
        &self,
        cx: &Context<'_>,
        node: NodeId,
        name: &str,
        storage: &Storage,
        out: &mut Findings,
    ) {
        let kept = Period::from_collection(storage.duration.node);
        // (category, the retention of each purpose it is held for there)
        let mut outlived: Vec<(&str, Vec<(&str, Period)>)> = Vec::new();
        for category in &storage.categories {
            let Some(Held::Purposes(held)) = cx.law.held(category.node).map(|h| h.held_at(node))
            else {
                continue;
            };
            let retentions: Vec<(&str, Period)> = held
                .iter()
                .filter_map(|p| cx.model.purpose(*p))
                .filter_map(|p| {
                    let r = &p.retain.as_ref()?.node;
                    Some((
                        p.name.node.as_str(),
                        Period::new(r.duration.node, r.after.clone()),
                    ))
                })
                .collect();
            // A purpose with no retention is R002's; one the storage fits in is enough.
            if retentions.is_empty()
                || retentions
                    .iter()
                    .any(|(_, r)| !retention::compare(&kept, r).breaks())
            {
                continue;
            }
            let category_name = cx
                .model
                .category(category.node)
                .map_or("?", |c| c.name.node.as_str());
            outlived.push((category_name, retentions));
        }
        if outlived.is_empty() {
            return;
        }
        let names: Vec<String> = outlived.iter().map(|(c, _)| format!("`{c}`")).collect();
        let d = out.report(
            storage.span,
            format!(
                "`{name}` stores {} for {}, longer than any purpose it holds {} for",
                names.join(", "),
                storage.duration.node,
                if outlived.len() == 1 { "it" } else { "them" }
            ),
        );
        for (category, retentions) in &outlived {
            let each: Vec<String> = retentions
                .iter()
                .map(|(purpose, r)| format!("{r} (`{purpose}`)"))
                .collect();
            d.notes
                .push(format!("`{category}` is held for {}", each.join(", ")));
        }
        d.help = Some(
            "store them no longer than the longest purpose they are held for, or split the storage"
                .to_owned(),
        );
    }
}

impl Rule for StorageOutlivesPurpose {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        for (node, name, storage) in cx.model.storages() {
            self.storage(cx, node, &name.node, storage, out);
        }
    }
}
