//! `redline graph`: the data map as DOT, Mermaid or JSON. Nodes are grouped by kind and,
//! within a kind, by country; each node's zone (EEA, adequate, non-adequate, unknown) is
//! told apart; edges carry their categories and purposes; flows with special-category
//! data and flows with findings are highlighted.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::check::Project;
use crate::diagnostic::Diagnostic;
use crate::knowledge::Knowledge;
use crate::model::{CategoryId, Model, NodeId, PurposeId};
use crate::values::{Date, Place};

/// Where a node is, for the map's colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Zone {
    Eea,
    Adequate,
    NonAdequate,
    Unknown,
}

impl Zone {
    fn fill(self) -> &'static str {
        match self {
            Zone::Eea => "#e3f2e3",
            Zone::Adequate => "#fff4d6",
            Zone::NonAdequate => "#fde2e1",
            Zone::Unknown => "#eeeeee",
        }
    }

    fn stroke(self) -> &'static str {
        match self {
            Zone::Eea => "#2e7d32",
            Zone::Adequate => "#b28704",
            Zone::NonAdequate => "#c62828",
            Zone::Unknown => "#757575",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Zone::Eea => "eea",
            Zone::Adequate => "adequate",
            Zone::NonAdequate => "nonadequate",
            Zone::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Serialize)]
pub struct MapNode {
    pub id: String,
    pub name: String,
    /// subject, system, processor or recipient.
    pub kind: &'static str,
    /// The declared kind (`customer`, `database`…), if any.
    #[serde(rename = "type")]
    pub node_type: Option<String>,
    pub location: Option<String>,
    pub zone: Zone,
    /// Codes of the findings that point into the node's declaration.
    pub findings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct MapEdge {
    pub from: String,
    pub to: String,
    pub categories: Vec<String>,
    pub purposes: Vec<String>,
    pub special: bool,
    pub encrypted: bool,
    /// Codes of the findings that point into the flow.
    pub findings: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct DataMap {
    pub version: u32,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
}

/// What to show: everything, or the flows of one category or purpose.
#[derive(Debug, Default)]
pub struct Slice {
    pub category: Option<CategoryId>,
    pub purpose: Option<PurposeId>,
}

fn node_id(model: &Model, node: NodeId) -> String {
    let kind = match node {
        NodeId::Subject(_) => "subject",
        NodeId::System(_) => "system",
        NodeId::Processor(_) => "processor",
        NodeId::Recipient(_) => "recipient",
    };
    format!("{kind}:{}", model.node_name(node))
}

/// The node's zone: in the EEA, covered by an adequacy decision (within its scope), or not.
fn zone(knowledge: &Knowledge, project: &Project, node: NodeId, on: Date) -> Zone {
    let model = &project.model;
    let (safeguard, is_authority) = match node {
        NodeId::Processor(id) => (
            model
                .processors
                .get(id.index())
                .and_then(|p| p.safeguard.as_ref()),
            false,
        ),
        NodeId::Recipient(id) => {
            let r = model.recipients.get(id.index());
            (
                r.and_then(|r| r.safeguard.as_ref()),
                r.is_some_and(|r| r.kind.node == "authority"),
            )
        }
        NodeId::Subject(_) | NodeId::System(_) => (None, false),
    };
    match model.node_location(node) {
        None => Zone::Unknown,
        Some(p) if knowledge.in_eea(p, on) => Zone::Eea,
        Some(Place::Country(c))
            if project.settings.adequate.contains(&c)
                || knowledge.adequacy_covers(
                    c,
                    on,
                    safeguard.map(|s| s.node.kind),
                    is_authority,
                ) =>
        {
            Zone::Adequate
        }
        Some(_) => Zone::NonAdequate,
    }
}

pub fn build(
    project: &Project,
    findings: &[Diagnostic],
    knowledge: &Knowledge,
    on: Date,
    slice: &Slice,
) -> DataMap {
    let model = &project.model;
    let vocabulary = project.settings.vocabulary(knowledge);
    let mut edges = Vec::new();
    let mut shown: BTreeSet<NodeId> = BTreeSet::new();
    for flow in &model.flows {
        let carries = slice
            .category
            .is_none_or(|c| flow.categories.iter().any(|x| x.node == c));
        let serves = slice
            .purpose
            .is_none_or(|p| flow.purposes.iter().any(|x| x.node == p));
        if !(carries && serves) {
            continue;
        }
        shown.insert(flow.from.node);
        shown.insert(flow.to.node);
        let codes = codes_within(findings, Some(flow.span));
        let special = flow.categories.iter().any(|c| {
            model
                .category(c.node)
                .and_then(|c| vocabulary.category(&c.path.node))
                .is_some_and(|k| k.special)
        });
        edges.push(MapEdge {
            from: node_id(model, flow.from.node),
            to: node_id(model, flow.to.node),
            categories: flow
                .categories
                .iter()
                .filter_map(|c| model.category(c.node).map(|c| c.name.node.clone()))
                .collect(),
            purposes: flow
                .purposes
                .iter()
                .filter_map(|p| model.purpose(p.node).map(|p| p.name.node.clone()))
                .collect(),
            special,
            encrypted: flow.encrypted,
            findings: codes,
        });
    }
    let sliced = slice.category.is_some() || slice.purpose.is_some();
    let mut nodes = Vec::new();
    let all = model
        .subjects
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                NodeId::Subject(crate::model::SubjectId(i as u32)),
                "subject",
                Some(s.kind.node.clone()),
            )
        })
        .chain(model.systems.iter().enumerate().map(|(i, s)| {
            (
                NodeId::System(crate::model::SystemId(i as u32)),
                "system",
                Some(s.kind.node.clone()),
            )
        }))
        .chain((0..model.processors.len()).map(|i| {
            (
                NodeId::Processor(crate::model::ProcessorId(i as u32)),
                "processor",
                None,
            )
        }))
        .chain(model.recipients.iter().enumerate().map(|(i, r)| {
            (
                NodeId::Recipient(crate::model::RecipientId(i as u32)),
                "recipient",
                Some(r.kind.node.clone()),
            )
        }));
    for (node, kind, node_type) in all {
        if sliced && !shown.contains(&node) {
            continue;
        }
        let place = model.node_location(node);
        nodes.push(MapNode {
            id: node_id(model, node),
            name: model.node_name(node).to_owned(),
            kind,
            node_type,
            location: place.map(|p| p.to_string()),
            zone: zone(knowledge, project, node, on),
            findings: codes_within(findings, declaration_span(model, node)),
        });
    }
    DataMap {
        version: 1,
        nodes,
        edges,
    }
}

fn declaration_span(model: &Model, node: NodeId) -> Option<crate::source::Span> {
    match node {
        NodeId::Subject(id) => model.subjects.get(id.index()).map(|d| d.span),
        NodeId::System(id) => model.systems.get(id.index()).map(|d| d.span),
        NodeId::Processor(id) => model.processors.get(id.index()).map(|d| d.span),
        NodeId::Recipient(id) => model.recipients.get(id.index()).map(|d| d.span),
    }
}

/// The codes of the findings inside a span, sorted and once each.
fn codes_within(findings: &[Diagnostic], span: Option<crate::source::Span>) -> Vec<String> {
    let Some(span) = span else { return Vec::new() };
    let mut codes: Vec<String> = findings
        .iter()
        .filter(|d| {
            d.span()
                .is_some_and(|s| s.file == span.file && span.start <= s.start && s.end <= span.end)
        })
        .map(|d| d.rule.code.to_string())
        .collect();
    codes.sort();
    codes.dedup();
    codes
}

const KINDS: [(&str, &str); 4] = [
    ("subject", "Data subjects"),
    ("system", "Our systems"),
    ("processor", "Processors"),
    ("recipient", "Recipients"),
];

/// The nodes of one kind, by location, in declaration order within each.
struct Group<'a> {
    kind: &'static str,
    title: &'static str,
    by_place: BTreeMap<String, Vec<&'a MapNode>>,
}

fn grouped(map: &DataMap) -> Vec<Group<'_>> {
    KINDS
        .iter()
        .map(|(kind, title)| {
            let mut by_place: BTreeMap<String, Vec<&MapNode>> = BTreeMap::new();
            for n in map.nodes.iter().filter(|n| n.kind == *kind) {
                by_place
                    .entry(n.location.clone().unwrap_or_else(|| "?".to_owned()))
                    .or_default()
                    .push(n);
            }
            Group {
                kind,
                title,
                by_place,
            }
        })
        .filter(|g| !g.by_place.is_empty())
        .collect()
}

fn quote(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

fn edge_label(e: &MapEdge, line_break: &str) -> String {
    let mut label = format!(
        "{}{line_break}for {}",
        e.categories.join(", "),
        e.purposes.join(", ")
    );
    if !e.findings.is_empty() {
        label.push_str(&format!("{line_break}findings: {}", e.findings.join(", ")));
    }
    label
}

pub fn dot(map: &DataMap) -> String {
    let mut out = String::from(
        "digraph redline {\n  rankdir=LR;\n  compound=true;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
    );
    for Group {
        kind,
        title,
        by_place,
    } in grouped(map)
    {
        out.push_str(&format!("  subgraph cluster_{kind} {{\n    label={};\n    style=\"rounded\";\n    color=\"#9e9e9e\";\n", quote(title)));
        for (place, nodes) in by_place {
            out.push_str(&format!(
                "    subgraph cluster_{kind}_{} {{\n      label={};\n      style=\"dashed\";\n",
                place.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
                quote(&place)
            ));
            for n in nodes {
                let detail = n
                    .node_type
                    .as_deref()
                    .map(|t| format!("\n{t}"))
                    .unwrap_or_default();
                // A node with findings says so and gets a heavy red border.
                let (found, border) = if n.findings.is_empty() {
                    (String::new(), "")
                } else {
                    (
                        format!("\nfindings: {}", n.findings.join(", ")),
                        ", penwidth=2.5, fontcolor=\"#c62828\"",
                    )
                };
                out.push_str(&format!(
                    "      {} [label={}, fillcolor=\"{}\", color=\"{}\"{border}];\n",
                    quote(&n.id),
                    quote(&format!("{}{detail}{found}", n.name)),
                    n.zone.fill(),
                    n.zone.stroke()
                ));
            }
            out.push_str("    }\n");
        }
        out.push_str("  }\n");
    }
    for e in &map.edges {
        let mut attributes = vec![format!("label={}", quote(&edge_label(e, "\n")))];
        if !e.findings.is_empty() {
            attributes.push("color=\"#c62828\", penwidth=2.5, fontcolor=\"#c62828\"".to_owned());
        } else if e.special {
            attributes.push("color=\"#6a1b9a\", penwidth=2".to_owned());
        }
        if e.special {
            attributes.push("style=\"bold\"".to_owned());
        }
        out.push_str(&format!(
            "  {} -> {} [{}];\n",
            quote(&e.from),
            quote(&e.to),
            attributes.join(", ")
        ));
    }
    out.push_str("}\n");
    out
}

/// Mermaid ids must be plain: one per node, by position.
fn mermaid_ids(map: &DataMap) -> BTreeMap<&str, String> {
    map.nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), format!("n{i}")))
        .collect()
}

fn mermaid_text(text: &str) -> String {
    // Mermaid labels are quoted; quotes inside become #quot; entities.
    text.replace('"', "#quot;")
}

pub fn mermaid(map: &DataMap) -> String {
    let ids = mermaid_ids(map);
    let mut out = String::from("flowchart LR\n");
    for Group {
        kind,
        title,
        by_place,
    } in grouped(map)
    {
        out.push_str(&format!("  subgraph {kind}s[\"{title}\"]\n"));
        for (place, nodes) in by_place {
            let group = format!(
                "{kind}s_{}",
                place.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
            );
            out.push_str(&format!(
                "    subgraph {group}[\"{}\"]\n",
                mermaid_text(&place)
            ));
            for n in nodes {
                let detail = n
                    .node_type
                    .as_deref()
                    .map(|t| format!(" ({t})"))
                    .unwrap_or_default();
                let id = ids.get(n.id.as_str()).cloned().unwrap_or_default();
                out.push_str(&format!(
                    "      {id}[\"{}{detail}\"]\n",
                    mermaid_text(&n.name)
                ));
            }
            out.push_str("    end\n");
        }
        out.push_str("  end\n");
    }
    let mut red = Vec::new();
    let mut purple = Vec::new();
    for (i, e) in map.edges.iter().enumerate() {
        let from = ids.get(e.from.as_str()).cloned().unwrap_or_default();
        let to = ids.get(e.to.as_str()).cloned().unwrap_or_default();
        let arrow = if e.special { "==>" } else { "-->" };
        out.push_str(&format!(
            "  {from} {arrow}|\"{}\"| {to}\n",
            mermaid_text(&edge_label(e, "<br/>"))
        ));
        if !e.findings.is_empty() {
            red.push(i.to_string());
        } else if e.special {
            purple.push(i.to_string());
        }
    }
    for zone in [Zone::Eea, Zone::Adequate, Zone::NonAdequate, Zone::Unknown] {
        out.push_str(&format!(
            "  classDef {} fill:{},stroke:{}\n",
            zone.class(),
            zone.fill(),
            zone.stroke()
        ));
        let members: Vec<String> = map
            .nodes
            .iter()
            .filter(|n| n.zone == zone)
            .filter_map(|n| ids.get(n.id.as_str()).cloned())
            .collect();
        if !members.is_empty() {
            out.push_str(&format!("  class {} {}\n", members.join(","), zone.class()));
        }
    }
    if !red.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke:#c62828,stroke-width:3px\n",
            red.join(",")
        ));
    }
    if !purple.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke:#6a1b9a,stroke-width:2px\n",
            purple.join(",")
        ));
    }
    out
}

pub fn json(map: &DataMap) -> String {
    let mut text =
        serde_json::to_string_pretty(map).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
