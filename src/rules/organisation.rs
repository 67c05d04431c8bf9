//! Organisation rules (`rule id "title" { … }`, LANGUAGE.md): evaluated on the model and
//! the graph like built-in rules. A finding carries the rule's id as its code and name,
//! its title as its message, and its `severity` (default error).

use std::borrow::Cow;

use super::Context;
use crate::diagnostic::{Diagnostic, Location, RuleId, Severity};
use crate::graph::describe_path;
use crate::knowledge::SubjectKind;
use crate::model::{
    CategoryId, DataPattern, Flow, FlowConditions, FlowId, KindFilter, NodeFilter, NodeId, OrgRule,
    OrgRuleCheck, Property, PurposePattern, Regions, TaxonomyPattern,
};
use crate::source::Span;
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
                OrgRuleCheck::Require {
                    property,
                    target,
                    taxonomy,
                } => require(cx, rule, *property, *target, taxonomy.as_ref(), out),
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
        notes: rule
            .source
            .iter()
            .map(|s| format!("source: {}", s.node))
            .collect(),
        path: Vec::new(),
    }
}

/// `about subject [: kinds]`: whether the category on this flow was collected from such
/// subjects (any subject when no kind is named).
fn about_matches(
    cx: &Context<'_>,
    flow: &Flow,
    category: CategoryId,
    about: &[SubjectKind],
) -> bool {
    let kinds = cx.law.subject_kinds(category, flow.from.node);
    if about.is_empty() {
        !kinds.is_empty()
    } else {
        about.iter().any(|k| kinds.contains(*k))
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
            }) && conditions
                .about
                .as_ref()
                .is_none_or(|about| about_matches(cx, flow, c.node, about))
        });
        let Some(category) = matched else { continue };
        let mut d = finding(rule, category.span);
        let name = cx
            .model
            .category(category.node)
            .map_or("?", |c| c.name.node.as_str());
        let (path, labels) = match cx.law.held(category.node) {
            Some(held) => (
                held.describe_path(&cx.law, flow.from.node, FlowId(i as u32)),
                held.path_labels(&cx.law, flow.from.node, FlowId(i as u32)),
            ),
            None => (
                describe_path(cx.model, &[], Some(FlowId(i as u32))),
                crate::graph::path_labels(cx.model, &[], Some(FlowId(i as u32))),
            ),
        };
        d.path = labels;
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
        let about = conditions.about.as_ref().is_none_or(|about| {
            flow.categories
                .iter()
                .any(|c| about_matches(cx, flow, c.node, about))
        });
        if about && flow_matches(cx, flow, conditions) {
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
            NodeFilter::Kind(filter) => filter.matches_node(cx.model, flow.to.node),
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

/// Whether a node's place lies within a place of a rule (`EEA`, `EU`, `FR`, `US-CA`).
fn within(cx: &Context<'_>, place: Place, area: Place) -> bool {
    match (place, area) {
        (_, Place::Region(Region::Eea)) => cx.law.place_in_eea(place),
        (Place::Country(c), Place::Region(Region::Eu)) => {
            cx.law.place_in_eea(place) && !EEA_NOT_EU.contains(&c.as_str())
        }
        (Place::Subdivision(s), Place::Region(Region::Eu)) => {
            cx.law.place_in_eea(place) && !EEA_NOT_EU.contains(&s.country.as_str())
        }
        (Place::Region(Region::Eu), Place::Region(Region::Eu)) => true,
        (Place::Region(Region::Eea), Place::Region(Region::Eu)) => false,
        (Place::Country(a), Place::Country(b)) => a == b,
        // A state is within its country; a country is not within one of its states.
        (Place::Subdivision(a), Place::Country(b)) => a.country == b,
        (Place::Subdivision(a), Place::Subdivision(b)) => a == b,
        (Place::Country(_) | Place::Region(_), Place::Subdivision(_)) => false,
        (Place::Region(_), Place::Country(_)) => false,
    }
}

/// `require PROPERTY for KIND`: every declaration of the kind has the property.
fn require(
    cx: &Context<'_>,
    rule: &OrgRule,
    property: Property,
    target: KindFilter,
    taxonomy: Option<&TaxonomyPattern>,
    out: &mut Vec<Diagnostic>,
) {
    let m = cx.model;
    let in_scope = |path: &str| taxonomy.is_none_or(|t| t.matches(path));
    // (how the declaration is named, where to point, whether it has the property)
    let mut checked: Vec<(String, Span, bool)> = Vec::new();
    let named = |name: &str| format!("`{name}`");
    match target {
        KindFilter::Controller => {
            if let Some(c) = &m.controller {
                let has = match property {
                    Property::Location => c.location.is_some(),
                    Property::Dpo => c.dpo.is_some(),
                    Property::Representative => c.representative.is_some(),
                    Property::Description => c.description.is_some(),
                    _ => return,
                };
                checked.push((
                    format!("the controller \"{}\"", c.name.node),
                    c.name.span,
                    has,
                ));
            }
        }
        KindFilter::Subject(_) => {
            for (i, s) in m.subjects.iter().enumerate() {
                if !target.matches_node(m, NodeId::Subject(crate::model::SubjectId(i as u32))) {
                    continue;
                }
                let has = match property {
                    Property::Location => s.location.is_some(),
                    Property::Description => s.description.is_some(),
                    _ => return,
                };
                checked.push((named(&s.name.node), s.name.span, has));
            }
        }
        KindFilter::Category => {
            for c in m.categories.iter().filter(|c| in_scope(&c.path.node)) {
                let has = match property {
                    Property::Retention => c.retention_max.is_some(),
                    Property::Pseudonymised => c.pseudonymised,
                    Property::Anonymised => c.anonymised,
                    Property::Description => c.description.is_some(),
                    _ => return,
                };
                checked.push((named(&c.name.node), c.name.span, has));
            }
        }
        KindFilter::Purpose => {
            for p in m.purposes.iter().filter(|p| in_scope(&p.path.node)) {
                let has = match property {
                    Property::Retention => p.retain.is_some(),
                    Property::Compatible => !p.compatible.is_empty(),
                    Property::Condition => !p.conditions.is_empty(),
                    Property::Description => p.description.is_some(),
                    Property::Dpia => p.dpia.is_some(),
                    Property::Scale => p.scale.is_some(),
                    Property::NewTechnology => p.new_technology.is_some(),
                    Property::HumanReview => p.human_review.is_some(),
                    Property::Contest => p.contest.is_some(),
                    Property::Needs => p.needs.is_some(),
                    Property::Consultation => p.consultation.is_some(),
                    _ => return,
                };
                checked.push((named(&p.name.node), p.name.span, has));
            }
        }
        KindFilter::Consent => {
            for c in &m.consents {
                let has = match property {
                    Property::Withdraw => c.withdraw.is_some(),
                    Property::Explicit => c.explicit,
                    Property::Parental => c.parental.is_some(),
                    Property::Renew => c.renew.is_some(),
                    Property::Proof => c.proof.is_some(),
                    Property::Description => c.description.is_some(),
                    _ => return,
                };
                checked.push((named(&c.name.node), c.name.span, has));
            }
        }
        KindFilter::System(_) => {
            for (i, s) in m.systems.iter().enumerate() {
                if !target.matches_node(m, NodeId::System(crate::model::SystemId(i as u32))) {
                    continue;
                }
                let has = match property {
                    Property::Location => s.location.is_some(),
                    Property::Retention => !s.stores.is_empty(),
                    Property::Description => s.description.is_some(),
                    Property::AccessControl => s.access_control.is_some(),
                    Property::Erasure => s.erasure.is_some(),
                    Property::Encrypted => s.stores.iter().all(|st| st.encrypted),
                    _ => return,
                };
                checked.push((named(&s.name.node), s.name.span, has));
            }
        }
        KindFilter::Processor => {
            for p in &m.processors {
                let has = match property {
                    Property::Location => p.location.is_some(),
                    Property::Safeguard => p.safeguard.is_some(),
                    Property::Dpa => p.dpa.is_some(),
                    Property::Retention => !p.stores.is_empty(),
                    Property::Description => p.description.is_some(),
                    Property::AccessControl => p.access_control.is_some(),
                    Property::Erasure => p.erasure.is_some(),
                    Property::Encrypted => p.stores.iter().all(|st| st.encrypted),
                    _ => return,
                };
                checked.push((named(&p.name.node), p.name.span, has));
            }
        }
        KindFilter::Recipient(_) => {
            for (i, r) in m.recipients.iter().enumerate() {
                if !target.matches_node(m, NodeId::Recipient(crate::model::RecipientId(i as u32))) {
                    continue;
                }
                let has = match property {
                    Property::Location => r.location.is_some(),
                    Property::Safeguard => r.safeguard.is_some(),
                    Property::Contract => r.contract.is_some(),
                    Property::Erasure => r.erasure.is_some(),
                    Property::Description => r.description.is_some(),
                    _ => return,
                };
                checked.push((named(&r.name.node), r.name.span, has));
            }
        }
        KindFilter::Flow => {
            for f in &m.flows {
                let has = match property {
                    Property::Encrypted => f.encrypted,
                    Property::Pseudonymised => f.pseudonymised,
                    _ => return,
                };
                let name = format!(
                    "the flow from `{}` to `{}`",
                    m.node_name(f.from.node),
                    m.node_name(f.to.node)
                );
                checked.push((name, f.span, has));
            }
        }
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
