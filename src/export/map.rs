//! `redline graph`: the data map as DOT, Mermaid or JSON. Nodes are grouped by kind and,
//! within a kind, by country; each node's zone is the transfer decision the rules make
//! (`law::TransferStatus`: in the EEA, protected by adequacy, by a safeguard, unprotected,
//! outside the EEA with no transfer, unknown); edges carry their categories and purposes;
//! a processor's subprocessors are linked to it; flows with special-category data and
//! flows and nodes with findings are highlighted.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::check::Project;
use crate::diagnostic::Diagnostic;
use crate::knowledge::Knowledge;
use crate::law::{Judge, Protection, TransferStatus};
use crate::model::{CategoryId, Model, NodeId, PurposeId};
use crate::values::Date;

/// Where a node stands under the transfer rules, for the map's colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Zone {
    /// Inside the EEA.
    Eea,
    /// A transfer an adequacy decision covers (or the configuration's `adequate`).
    Adequate,
    /// A transfer under a safeguard of Art. 46-47 or an Art. 49 derogation.
    Safeguarded,
    /// A transfer without adequate protection (non-adequate-transfer).
    NonAdequate,
    /// Outside the EEA, but no transfer reaches it: a subject, or no EEA-origin data.
    ThirdCountry,
    Unknown,
}

impl Zone {
    /// The zone of a transfer decision: the map shows the judgement the rules make.
    pub fn of(status: &TransferStatus) -> Zone {
        match status {
            TransferStatus::UnknownLocation => Zone::Unknown,
            TransferStatus::InEea => Zone::Eea,
            TransferStatus::NotATransfer => Zone::ThirdCountry,
            TransferStatus::Protected(
                Protection::Adequacy { .. } | Protection::ConfiguredAdequate(_),
            ) => Zone::Adequate,
            TransferStatus::Protected(Protection::Safeguard(_) | Protection::Derogation { .. }) => {
                Zone::Safeguarded
            }
            TransferStatus::Unprotected(_) => Zone::NonAdequate,
        }
    }

    const ALL: [Zone; 6] = [
        Zone::Eea,
        Zone::Adequate,
        Zone::Safeguarded,
        Zone::NonAdequate,
        Zone::ThirdCountry,
        Zone::Unknown,
    ];

    fn fill(self) -> &'static str {
        match self {
            Zone::Eea => "#e3f2e3",
            Zone::Adequate => "#fff4d6",
            Zone::Safeguarded => "#e3eefb",
            Zone::NonAdequate => "#fde2e1",
            Zone::ThirdCountry => "#f3eef7",
            Zone::Unknown => "#eeeeee",
        }
    }

    fn stroke(self) -> &'static str {
        match self {
            Zone::Eea => "#2e7d32",
            Zone::Adequate => "#b28704",
            Zone::Safeguarded => "#1565c0",
            Zone::NonAdequate => "#c62828",
            Zone::ThirdCountry => "#6d5c7e",
            Zone::Unknown => "#757575",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Zone::Eea => "eea",
            Zone::Adequate => "adequate",
            Zone::Safeguarded => "safeguarded",
            Zone::NonAdequate => "nonadequate",
            Zone::ThirdCountry => "thirdcountry",
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
    /// The transfer decision in words, as the record of processing states it.
    pub transfer: String,
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

/// A processor and a subprocessor it declares.
#[derive(Debug, Serialize)]
pub struct MapSubprocessor {
    pub processor: String,
    pub subprocessor: String,
}

#[derive(Debug, Serialize)]
pub struct DataMap {
    pub version: u32,
    pub nodes: Vec<MapNode>,
    pub edges: Vec<MapEdge>,
    pub subprocessors: Vec<MapSubprocessor>,
}

/// What to show: everything, or the flows of one category or purpose.
#[derive(Debug, Default)]
pub struct Slice {
    pub category: Option<CategoryId>,
    pub purpose: Option<PurposeId>,
}

/// A node as the data map names it: `system:crm`.
pub fn node_id(model: &Model, node: NodeId) -> String {
    let kind = match node {
        NodeId::Subject(_) => "subject",
        NodeId::System(_) => "system",
        NodeId::Processor(_) => "processor",
        NodeId::Recipient(_) => "recipient",
    };
    format!("{kind}:{}", model.node_name(node))
}

fn kind_word(node: NodeId) -> &'static str {
    match node {
        NodeId::Subject(_) => "subject",
        NodeId::System(_) => "system",
        NodeId::Processor(_) => "processor",
        NodeId::Recipient(_) => "recipient",
    }
}

pub fn build(
    project: &Project,
    findings: &[Diagnostic],
    knowledge: &Knowledge,
    on: Date,
    slice: &Slice,
) -> DataMap {
    super::with_judge(project, knowledge, on, |law| of(law, findings, slice))
}

/// The data map as `law` (over the project's model) judges it.
pub fn of(law: &Judge<'_>, findings: &[Diagnostic], slice: &Slice) -> DataMap {
    let model = law.model;
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
            special: flow.categories.iter().any(|c| law.is_special(c.node)),
            encrypted: flow.encrypted,
            findings: codes_within(findings, Some(flow.span)),
        });
    }
    let sliced = slice.category.is_some() || slice.purpose.is_some();
    let nodes: Vec<MapNode> = model
        .nodes()
        .filter(|node| !sliced || shown.contains(node))
        .map(|node| map_node(law, node, findings))
        .collect();
    let mut subprocessors = Vec::new();
    for (i, processor) in model.processors.iter().enumerate() {
        let from = NodeId::Processor(crate::model::ProcessorId(i as u32));
        for sub in &processor.subprocessors {
            let to = NodeId::Processor(sub.node);
            if !sliced || (shown.contains(&from) && shown.contains(&to)) {
                subprocessors.push(MapSubprocessor {
                    processor: node_id(model, from),
                    subprocessor: node_id(model, to),
                });
            }
        }
    }
    DataMap {
        version: 1,
        nodes,
        edges,
        subprocessors,
    }
}

/// One node of the map: where it is, the zone its transfer falls in and why, and the
/// findings inside its declaration.
pub fn map_node(law: &Judge<'_>, node: NodeId, findings: &[Diagnostic]) -> MapNode {
    let model = law.model;
    MapNode {
        id: node_id(model, node),
        name: model.node_name(node).to_owned(),
        kind: kind_word(node),
        node_type: model.node_kind(node).map(str::to_owned),
        location: model.node_location(node).map(|p| p.to_string()),
        zone: Zone::of(&law.transfer_status(node)),
        transfer: law.describe_status(node),
        findings: codes_within(findings, model.span_of(node.declared())),
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
    for link in &map.subprocessors {
        out.push_str(&format!(
            "  {} -> {} [label=\"subprocessor\", style=\"dashed\", color=\"#757575\"];\n",
            quote(&link.processor),
            quote(&link.subprocessor)
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
    let mut dashed: Vec<String> = Vec::new();
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
    for (i, link) in map.subprocessors.iter().enumerate() {
        let from = ids
            .get(link.processor.as_str())
            .cloned()
            .unwrap_or_default();
        let to = ids
            .get(link.subprocessor.as_str())
            .cloned()
            .unwrap_or_default();
        out.push_str(&format!("  {from} -.->|\"subprocessor\"| {to}\n"));
        dashed.push((map.edges.len() + i).to_string());
    }
    for zone in Zone::ALL {
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
    if !dashed.is_empty() {
        out.push_str(&format!(
            "  linkStyle {} stroke:#757575\n",
            dashed.join(",")
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
