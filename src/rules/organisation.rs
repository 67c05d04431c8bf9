//! Organisation rules (`rule id "title" { … }`, LANGUAGE.md): evaluated on the model and
//! the graph like built-in rules. A finding carries the rule's id as its code and name,
//! its title as its message, and its `severity` (default error).

use std::borrow::Cow;

use super::Context;
use crate::diagnostic::{Diagnostic, Location, RuleId, Severity};
use crate::graph::describe_path;
use crate::model::{
    DataPattern, Flow, FlowConditions, FlowId, KindFilter, Model, NodeFilter, NodeId, OrgRule,
    OrgRuleCheck, PurposePattern, Regions,
};
use crate::source::Span;
use crate::syntax::ast::Keyword;
use crate::values::{Place, Region};

/// EEA states that are not in the EU.
const EEA_NOT_EU: [&str; 3] = ["IS", "LI", "NO"];

pub fn run(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for rule in &cx.model.rules {
        for check in &rule.checks {
            match &check.node {
                OrgRuleCheck::DenyData { data, conditions } => {
                    deny_data(cx, rule, data, conditions, out)
                }
                OrgRuleCheck::DenyFlow { conditions } => deny_flow(cx, rule, conditions, out),
                OrgRuleCheck::Require { property, target } => {
                    require(cx, rule, property, target, out)
                }
            }
        }
    }
}

fn finding(rule: &OrgRule, span: Span) -> Diagnostic {
    let id: Cow<'static, str> = Cow::Owned(rule.name.node.clone());
    Diagnostic {
        rule: RuleId {
            code: id.clone(),
            name: id,
        },
        severity: rule.severity.as_ref().map_or(Severity::Error, |s| s.node),
        message: rule.title.node.clone(),
        location: Location::Span(span),
        label: None,
        labels: Vec::new(),
        help: None,
        notes: Vec::new(),
    }
}

fn deny_data(
    cx: &Context<'_>,
    rule: &OrgRule,
    data: &[DataPattern],
    conditions: &FlowConditions,
    out: &mut Vec<Diagnostic>,
) {
    for (i, flow) in cx.model.flows.iter().enumerate() {
        if !flow_matches(cx, flow, conditions) {
            continue;
        }
        let matched = flow.categories.iter().find(|c| {
            let path = cx
                .model
                .category(c.node)
                .map_or("", |c| c.path.node.as_str());
            data.iter().any(|p| match p {
                DataPattern::Category(id) => *id == c.node,
                DataPattern::Taxonomy(t) => t.matches(path),
            })
        });
        let Some(category) = matched else { continue };
        let mut d = finding(rule, category.span);
        let name = cx
            .model
            .category(category.node)
            .map_or("?", |c| c.name.node.as_str());
        let path = cx
            .category_flows()
            .get(&category.node)
            .map(|f| describe_path(cx.model, &f.path_to(flow.from.node), Some(FlowId(i as u32))))
            .unwrap_or_default();
        d.notes.push(format!(
            "`{name}` is denied here by rule `{}`: {path}",
            rule.name.node
        ));
        out.push(d);
    }
}

fn deny_flow(
    cx: &Context<'_>,
    rule: &OrgRule,
    conditions: &FlowConditions,
    out: &mut Vec<Diagnostic>,
) {
    for flow in &cx.model.flows {
        if flow_matches(cx, flow, conditions) {
            let mut d = finding(rule, flow.span);
            d.notes.push(format!(
                "the flow from `{}` to `{}` is denied by rule `{}`",
                cx.model.node_name(flow.from.node),
                cx.model.node_name(flow.to.node),
                rule.name.node
            ));
            out.push(d);
        }
    }
}

fn flow_matches(cx: &Context<'_>, flow: &Flow, conditions: &FlowConditions) -> bool {
    if let Some(patterns) = &conditions.purposes {
        let any = flow.purposes.iter().any(|p| {
            let path = cx
                .model
                .purpose(p.node)
                .map_or("", |p| p.path.node.as_str());
            patterns.iter().any(|pattern| match pattern {
                PurposePattern::Purpose(id) => *id == p.node,
                PurposePattern::Taxonomy(t) => t.matches(path),
            })
        });
        if !any {
            return false;
        }
    }
    if let Some(to) = &conditions.to {
        let ok = match to {
            NodeFilter::Node(node) => flow.to.node == *node,
            NodeFilter::Kind(filter) => node_is(cx.model, flow.to.node, filter),
        };
        if !ok {
            return false;
        }
    }
    match &conditions.regions {
        None => true,
        // An unknown location can be said neither inside nor outside.
        Some(regions) => match cx.model.node_location(flow.to.node) {
            None => false,
            Some(place) => match regions {
                Regions::In(places) => places.iter().any(|p| within(cx, place, *p)),
                Regions::Outside(places) => !places.iter().any(|p| within(cx, place, *p)),
            },
        },
    }
}

/// Whether a node's place lies within a place of a rule (`EEA`, `EU`, `FR`).
fn within(cx: &Context<'_>, place: Place, area: Place) -> bool {
    match (place, area) {
        (_, Place::Region(Region::Eea)) => cx.place_in_eea(place),
        (Place::Country(c), Place::Region(Region::Eu)) => {
            cx.place_in_eea(place) && !EEA_NOT_EU.contains(&c.as_str())
        }
        (Place::Region(Region::Eu), Place::Region(Region::Eu)) => true,
        (Place::Region(Region::Eea), Place::Region(Region::Eu)) => false,
        (Place::Country(a), Place::Country(b)) => a == b,
        (Place::Region(_), Place::Country(_)) => false,
    }
}

fn node_is(model: &Model, node: NodeId, filter: &KindFilter) -> bool {
    let (keyword, kind) = match node {
        NodeId::Subject(id) => (
            Keyword::Subject,
            model.subjects.get(id.index()).map(|s| &s.kind.node),
        ),
        NodeId::System(id) => (
            Keyword::System,
            model.systems.get(id.index()).map(|s| &s.kind.node),
        ),
        NodeId::Processor(_) => (Keyword::Processor, None),
        NodeId::Recipient(id) => (
            Keyword::Recipient,
            model.recipients.get(id.index()).map(|r| &r.kind.node),
        ),
    };
    keyword == filter.keyword && filter.kind.as_ref().is_none_or(|k| kind == Some(k))
}

fn require(
    cx: &Context<'_>,
    rule: &OrgRule,
    property: &str,
    target: &KindFilter,
    out: &mut Vec<Diagnostic>,
) {
    let m = cx.model;
    let kind_ok = |kind: &str| target.kind.as_deref().is_none_or(|k| k == kind);
    // (declaration name, where to point, whether it has the property)
    let mut checked: Vec<(String, Span, bool)> = Vec::new();
    match target.keyword {
        Keyword::Controller => {
            if let Some(c) = &m.controller {
                let has = match property {
                    "location" => c.location.is_some(),
                    "dpo" => c.dpo.is_some(),
                    "representative" => c.representative.is_some(),
                    _ => c.description.is_some(),
                };
                checked.push((
                    format!("the controller \"{}\"", c.name.node),
                    c.name.span,
                    has,
                ));
            }
        }
        Keyword::Subject => {
            for s in m.subjects.iter().filter(|s| kind_ok(&s.kind.node)) {
                let has = if property == "location" {
                    s.location.is_some()
                } else {
                    s.description.is_some()
                };
                checked.push((format!("`{}`", s.name.node), s.name.span, has));
            }
        }
        Keyword::Category => {
            for c in &m.categories {
                let has = match property {
                    "retention" => c.retention_max.is_some(),
                    "pseudonymised" => c.pseudonymised,
                    "anonymised" => c.anonymised,
                    _ => c.description.is_some(),
                };
                checked.push((format!("`{}`", c.name.node), c.name.span, has));
            }
        }
        Keyword::Purpose => {
            for p in &m.purposes {
                let has = match property {
                    "retention" => p.retain.is_some(),
                    "compatible" => !p.compatible.is_empty(),
                    "condition" => !p.conditions.is_empty(),
                    _ => p.description.is_some(),
                };
                checked.push((format!("`{}`", p.name.node), p.name.span, has));
            }
        }
        Keyword::Consent => {
            for c in &m.consents {
                let has = match property {
                    "withdraw" => c.withdraw.is_some(),
                    "explicit" => c.explicit,
                    "parental" => c.parental.is_some(),
                    "renew" => c.renew.is_some(),
                    "proof" => c.proof.is_some(),
                    _ => c.description.is_some(),
                };
                checked.push((format!("`{}`", c.name.node), c.name.span, has));
            }
        }
        Keyword::System => {
            for s in m.systems.iter().filter(|s| kind_ok(&s.kind.node)) {
                let has = match property {
                    "location" => s.location.is_some(),
                    "retention" => !s.stores.is_empty(),
                    _ => s.description.is_some(),
                };
                checked.push((format!("`{}`", s.name.node), s.name.span, has));
            }
        }
        Keyword::Processor => {
            for p in &m.processors {
                let has = match property {
                    "location" => p.location.is_some(),
                    "safeguard" => p.safeguard.is_some(),
                    "dpa" => p.dpa.is_some(),
                    "retention" => !p.stores.is_empty(),
                    _ => p.description.is_some(),
                };
                checked.push((format!("`{}`", p.name.node), p.name.span, has));
            }
        }
        Keyword::Recipient => {
            for r in m.recipients.iter().filter(|r| kind_ok(&r.kind.node)) {
                let has = match property {
                    "location" => r.location.is_some(),
                    "safeguard" => r.safeguard.is_some(),
                    "contract" => r.contract.is_some(),
                    _ => r.description.is_some(),
                };
                checked.push((format!("`{}`", r.name.node), r.name.span, has));
            }
        }
        Keyword::Flow => {
            for f in &m.flows {
                let has = if property == "encrypted" {
                    f.encrypted
                } else {
                    f.pseudonymised
                };
                let name = format!(
                    "the flow from `{}` to `{}`",
                    m.node_name(f.from.node),
                    m.node_name(f.to.node)
                );
                checked.push((name, f.span, has));
            }
        }
        Keyword::Rule | Keyword::Test => {}
    }
    for (name, span, has) in checked {
        if !has {
            let mut d = finding(rule, span);
            d.notes.push(format!(
                "{name} has no `{property}` (rule `{}`)",
                rule.name.node
            ));
            out.push(d);
        }
    }
}
