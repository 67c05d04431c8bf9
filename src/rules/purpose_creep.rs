//! P001 purpose-creep.

use std::collections::BTreeMap;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::law::Held;
use crate::model::{CategoryId, FlowId};

pub struct PurposeCreep;

pub static META: RuleMeta = RuleMeta {
    code: "P001",
    name: "purpose-creep",
    severity: Severity::Error,
    opt_in: false,
    summary: "data flows on for a purpose it was not collected for",
    docs: r#"# purpose-creep (P001)

## What it checks
A flow that carries personal data out of a node for a purpose that is neither held for
that data at the node nor compatible with a purpose held there.

A flow out of a subject is a collection and fixes the purposes of what it carries. The
purposes held at a node are those of the flows into it that were themselves allowed, from
collection forward (a least fixpoint): a purpose that drifts grants nothing downstream,
so a flow that carries a new purpose back around a cycle never makes it held. A node that
receives the data from no flow originates it and may use it for any purpose.

Compatible means, in this order:
- special-category data is compatible with nothing that lacks its own Art. 9(2)
  condition or explicit consent;
- a purpose resting on its own declared consent needs no compatibility (Art. 6(4) is
  about processing not based on consent; the consent rules judge the consent);
- `legal.*` needs none, whatever the original basis, and `research.*` is presumed
  compatible;
- data collected under consent is compatible with nothing else;
- otherwise: declared `compatible` (either way), or the same top-level purpose id
  (`service.*` with `service.*`).

The finding is on the first flow where the purpose drifts, with the path from collection.
Flows the data reaches only through that drift, carrying the same purpose on, are its
consequences and are not reported again. Data that is not personal (`anonymous.*`, or a
category declared `anonymised`) is not judged.

## Why
Personal data may only be collected for specified purposes and not further processed in a
way incompatible with them. Reusing data for a new purpose needs a compatibility
assessment or a basis of its own.

## Law and guidance
GDPR Art. 5(1)(b) (purpose limitation), Art. 6(4) (compatibility of further processing)
and Art. 89(1) (research); WP29 Opinion 03/2013 on purpose limitation; EDPB Opinion
3/2019 on the interplay with the Clinical Trials Regulation (further processing required
by law).

## Failing example
```redline
controller "Shop" { location FR }
subject customer : customer
category orders : transaction.order_history
purpose checkout : service.order_fulfilment { basis contract retain 5 years }
purpose ads : advertising.contextual { basis legitimate_interests "LIA-1" retain 1 year }
system shop : application { location FR }
recipient adnet : ad_network { location FR }
flow customer -> shop : orders for checkout
flow shop -> adnet : orders for ads   # expect: P001
```

## Passing example
```redline
controller "Shop" { location FR }
subject customer : customer
category orders : transaction.order_history
purpose checkout : service.order_fulfilment { basis contract retain 5 years }
purpose support : service.support { basis contract retain 2 years }
system shop : application { location FR }
system desk : application { location FR }
flow customer -> shop : orders for checkout
flow shop -> desk : orders for support
```
"#,
};

impl Rule for PurposeCreep {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &Context<'_>, out: &mut Findings) {
        // (flow, purpose position on the flow) → the categories that drift there.
        let mut drifts: BTreeMap<(FlowId, usize), Vec<CategoryId>> = BTreeMap::new();
        for (&category, held) in cx.law.held_purposes() {
            for drift in held.drifts() {
                drifts
                    .entry((drift.flow, drift.position))
                    .or_default()
                    .push(category);
            }
        }
        for ((id, position), categories) in drifts {
            let Some(flow) = cx.model.flows.get(id.index()) else {
                continue;
            };
            let Some(purpose) = flow.purposes.get(position) else {
                continue;
            };
            let name_of = |c: &CategoryId| {
                cx.model
                    .category(*c)
                    .map_or("?".to_owned(), |c| format!("`{}`", c.name.node))
            };
            let category_names: Vec<String> = categories.iter().map(name_of).collect();
            let purpose_name = cx
                .model
                .purpose(purpose.node)
                .map_or("?", |p| p.name.node.as_str());
            let one = categories.len() == 1;
            let d = out.report(
                purpose.span,
                format!(
                    "{} {} `{}` for `{purpose_name}`, a purpose {} not collected for",
                    category_names.join(", "),
                    if one { "reaches" } else { "reach" },
                    cx.model.node_name(flow.to.node),
                    if one { "it was" } else { "they were" },
                ),
            );
            let from = flow.from.node;
            for category in &categories {
                let Some(held) = cx.law.held(*category) else {
                    continue;
                };
                let held_for = match held.held_at(from) {
                    Held::Purposes(set) if !set.is_empty() => {
                        let names: Vec<String> = set
                            .iter()
                            .filter_map(|p| cx.model.purpose(*p))
                            .map(|p| format!("`{}`", p.name.node))
                            .collect();
                        format!("for {}", names.join(", "))
                    }
                    _ => "for no purpose: it reaches it only through flows that are not allowed"
                        .to_owned(),
                };
                d.notes.push(format!(
                    "{} is held at `{}` {held_for}: {}",
                    name_of(category),
                    cx.model.node_name(from),
                    held.describe_path(&cx.law, from, id)
                ));
                if d.path.is_empty() {
                    d.path = held.path_labels(&cx.law, from, id);
                }
            }
            d.help = Some(format!(
                "if `{purpose_name}` is compatible with the original purpose (GDPR Art. 6(4)), declare `compatible` on it; otherwise give it a basis of its own and collect for it"
            ));
        }
    }
}
