//! P001 purpose-creep.

use std::collections::BTreeMap;

use super::{Context, Findings, Rule, RuleMeta};
use crate::diagnostic::Severity;
use crate::graph::describe_path;
use crate::model::{Basis, CategoryId, FlowId, PurposeId};

pub struct PurposeCreep;

pub static META: RuleMeta = RuleMeta {
    code: "P001",
    name: "purpose-creep",
    severity: Severity::Error,
    summary: "data flows on for a purpose it was not collected for",
    docs: r#"# purpose-creep (P001)

## What it checks
A flow that carries a category out of a node for a purpose that is neither a purpose the
category is held for at that node (the purposes of the flows that brought it there) nor
compatible with one. Compatible means declared `compatible` (either way), or under the
same top-level purpose id (`service.*` with `service.*`); `legal.*` purposes need no
compatibility. Data collected under consent is compatible only with purposes under the
same consent, and special-category data only with purposes that have their own Art. 9(2)
condition or explicit consent. A node that receives the category from no flow collects or
originates it and may use it for any purpose. The finding is on the first flow where the
purpose drifts, with the path from collection; flows after it are not reported again.

## Why
Personal data may only be collected for specified purposes and not further processed in a
way incompatible with them. Reusing data for a new purpose needs a compatibility
assessment or a basis of its own.

## Law and guidance
GDPR Art. 5(1)(b) (purpose limitation) and Art. 6(4) (compatibility of further
processing); WP29 Opinion 03/2013 on purpose limitation.

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
flow shop -> adnet : orders for ads
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
        // (flow, purpose index on the flow) → the categories that drift there.
        let mut drifts: BTreeMap<(FlowId, usize), Vec<CategoryId>> = BTreeMap::new();
        for (&category, flows) in cx.category_flows() {
            for &id in cx.graph.flows_of(category) {
                let Some(flow) = cx.model.flows.get(id.index()) else {
                    continue;
                };
                let from = flow.from.node;
                if flows.is_source(from) {
                    continue;
                }
                let Some(held) = flows.held.get(&from) else {
                    continue;
                };
                for (i, purpose) in flow.purposes.iter().enumerate() {
                    let allowed = held.contains(&purpose.node)
                        || held
                            .iter()
                            .any(|&h| compatible(cx, category, h, purpose.node));
                    if !allowed {
                        drifts.entry((id, i)).or_default().push(category);
                    }
                }
            }
        }
        for ((id, i), categories) in drifts {
            let Some(flow) = cx.model.flows.get(id.index()) else {
                continue;
            };
            let Some(purpose) = flow.purposes.get(i) else {
                continue;
            };
            let names = |ids: &mut dyn Iterator<Item = PurposeId>| -> Vec<String> {
                ids.filter_map(|p| cx.model.purpose(p).map(|p| format!("`{}`", p.name.node)))
                    .collect()
            };
            let category_names: Vec<String> = categories
                .iter()
                .filter_map(|c| cx.model.category(*c).map(|c| format!("`{}`", c.name.node)))
                .collect();
            let purpose_name = cx
                .model
                .purpose(purpose.node)
                .map_or("?", |p| p.name.node.as_str());
            let d = out.report(
                purpose.span,
                format!(
                    "{} {} `{}` for `{purpose_name}`, a purpose {} not collected for",
                    category_names.join(", "),
                    if categories.len() == 1 {
                        "reaches"
                    } else {
                        "reach"
                    },
                    cx.model.node_name(flow.to.node),
                    if categories.len() == 1 {
                        "it was"
                    } else {
                        "they were"
                    },
                ),
            );
            for &category in &categories {
                let Some(flows) = cx.category_flows().get(&category) else {
                    continue;
                };
                let held = flows.held.get(&flow.from.node);
                let held_names = names(&mut held.into_iter().flatten().copied());
                let path = flows.path_to(flow.from.node);
                let shown = describe_path(cx.model, &path, Some(id));
                let category_name = cx
                    .model
                    .category(category)
                    .map_or("?", |c| c.name.node.as_str());
                d.notes.push(format!(
                    "`{category_name}` is held at `{}` for {}: {shown}",
                    cx.model.node_name(flow.from.node),
                    held_names.join(", ")
                ));
            }
            d.help = Some(format!(
                "if `{purpose_name}` is compatible with the original purpose (GDPR Art. 6(4)), declare `compatible` on it; otherwise give it a basis of its own and collect for it"
            ));
        }
    }
}

/// Whether data of `category`, held for `held`, may be used for `new` (RULES.md P001,
/// TAXONOMY.md's compatibility defaults).
pub(crate) fn compatible(
    cx: &Context<'_>,
    category: CategoryId,
    held: PurposeId,
    new: PurposeId,
) -> bool {
    let (Some(h), Some(n)) = (cx.model.purpose(held), cx.model.purpose(new)) else {
        return false;
    };
    if cx.is_special(category) {
        let own_condition = !n.conditions.is_empty()
            || matches!(
                n.basis.as_ref().map(|b| &b.node),
                Some(Basis::ExplicitConsent(_))
            );
        if !own_condition {
            return false;
        }
    }
    let consent_of = |basis: Option<&Basis>| match basis {
        Some(Basis::Consent(c) | Basis::ExplicitConsent(c)) => Some(*c),
        _ => None,
    };
    if let Some(consent) = consent_of(h.basis.as_ref().map(|b| &b.node)) {
        // Never across a consent boundary: only a purpose under the same consent.
        return consent.is_some() && consent_of(n.basis.as_ref().map(|b| &b.node)) == Some(consent);
    }
    if n.compatible.iter().any(|c| c.node == held) || h.compatible.iter().any(|c| c.node == new) {
        return true;
    }
    let top = |path: &str| path.split('.').next().unwrap_or("").to_owned();
    let new_top = top(&n.path.node);
    new_top == "legal" || new_top == top(&h.path.node)
}
