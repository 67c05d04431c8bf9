//! R003 storage-outlives-purpose.

use std::cmp::Ordering;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::model::{NodeId, Storage};

pub struct StorageOutlivesPurpose;

pub static META: RuleMeta = RuleMeta {
    code: "R003",
    name: "storage-outlives-purpose",
    severity: Severity::Warning,
    summary: "a storage keeps a category longer than any purpose it is held for",
    docs: r#"# storage-outlives-purpose (R003)

## What it checks
A system (or processor) that `stores` a category for longer than the longest `retain` of
the purposes for which it holds that category (the purposes of the flows that bring the
category to it).

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
system crm : database { location FR stores email for 5 years }
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
        let mut outlived = Vec::new();
        for category in &storage.categories {
            let Some(held) = cx
                .category_flows()
                .get(&category.node)
                .and_then(|f| f.held.get(&node))
            else {
                continue;
            };
            let longest = held
                .iter()
                .filter_map(|p| cx.model.purpose(*p))
                .filter_map(|p| {
                    p.retain
                        .as_ref()
                        .map(|r| (r.node.duration.node, p.name.node.as_str()))
                })
                .max_by(|a, b| a.0.compare(b.0).then_with(|| b.1.cmp(a.1)));
            let Some((longest, purpose)) = longest else {
                continue;
            };
            if storage.duration.node.compare(longest) == Ordering::Greater {
                let category_name = cx
                    .model
                    .category(category.node)
                    .map_or("?", |c| c.name.node.as_str());
                outlived.push((category_name, purpose, longest));
            }
        }
        let Some(&(_, _, shortest)) = outlived.iter().min_by(|a, b| a.2.compare(b.2)) else {
            return;
        };
        let names: Vec<String> = outlived.iter().map(|(c, _, _)| format!("`{c}`")).collect();
        let d = out.report(
            storage.span,
            format!(
                "`{name}` stores {} for {}, longer than any purpose it holds {} for",
                names.join(", "),
                storage.duration.node,
                if outlived.len() == 1 { "it" } else { "them" }
            ),
        );
        for (category, purpose, longest) in &outlived {
            d.notes.push(format!(
                "`{category}` is held for at most {longest} (`{purpose}`)"
            ));
        }
        d.help = Some(format!(
            "store them for at most {shortest}, or split the storage"
        ));
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
