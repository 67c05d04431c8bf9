//! What rules read: the model, the graph, the vocabulary, the settings and the date the
//! law is applied as of, with the graph questions several rules ask computed once.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use crate::config::Settings;
use crate::graph::{CategoryFlows, FlowGraph};
use crate::knowledge::{CategoryKind, Knowledge, PurposeKind};
use crate::model::{
    CategoryId, FlowId, Model, NodeId, ProcessorId, PurposeId, Safeguard, Vocabulary,
};
use crate::source::{Span, Spanned};
use crate::values::{Date, Place};

pub struct Context<'a> {
    pub model: &'a Model,
    pub graph: &'a FlowGraph,
    pub vocabulary: Vocabulary<'a>,
    pub settings: &'a Settings,
    /// The day whose law applies: adequacy decisions, EEA membership, safeguards.
    pub as_of: Date,
    flows: OnceLock<BTreeMap<CategoryId, CategoryFlows>>,
    eea_origin: OnceLock<BTreeMap<CategoryId, BTreeSet<NodeId>>>,
    destinations: OnceLock<Vec<Destination>>,
}

/// How EEA-origin data first arrives at a node outside the EEA.
#[derive(Clone, Copy, Debug)]
pub enum Arrival {
    /// By a flow, carrying this category.
    Flow(FlowId, CategoryId),
    /// As the declared subprocessor of a processor that holds EEA-origin data.
    Subprocessor { of: ProcessorId, span: Span },
}

/// A transfer: a node outside the EEA that receives EEA-origin data.
#[derive(Clone, Copy, Debug)]
pub struct Destination {
    pub node: NodeId,
    pub arrival: Arrival,
}

impl<'a> Context<'a> {
    pub fn new(
        model: &'a Model,
        graph: &'a FlowGraph,
        vocabulary: Vocabulary<'a>,
        settings: &'a Settings,
        as_of: Date,
    ) -> Self {
        Context {
            model,
            graph,
            vocabulary,
            settings,
            as_of,
            flows: OnceLock::new(),
            eea_origin: OnceLock::new(),
            destinations: OnceLock::new(),
        }
    }

    pub fn knowledge(&self) -> &'a Knowledge {
        self.vocabulary.knowledge
    }

    /// How each category that is on a flow moves.
    pub fn category_flows(&self) -> &BTreeMap<CategoryId, CategoryFlows> {
        self.flows.get_or_init(|| {
            self.graph
                .categories()
                .map(|c| (c, CategoryFlows::of(self.model, self.graph, c)))
                .collect()
        })
    }

    /// For each category, the nodes where it is of EEA origin: collected or held at a
    /// location inside the EEA, there or upstream (RULES.md).
    pub fn eea_origin(&self) -> &BTreeMap<CategoryId, BTreeSet<NodeId>> {
        self.eea_origin.get_or_init(|| {
            self.category_flows()
                .iter()
                .map(|(&c, flows)| {
                    let seeds: BTreeSet<NodeId> = self
                        .graph
                        .flows_of(c)
                        .iter()
                        .filter_map(|f| self.model.flows.get(f.index()))
                        .flat_map(|f| [f.from.node, f.to.node])
                        .filter(|n| self.in_eea(*n) == Some(true))
                        .collect();
                    (c, flows.downstream_of(seeds))
                })
                .collect()
        })
    }

    /// Every node outside the EEA that receives EEA-origin data, with its first arrival
    /// in declaration order. Onward transfers count: the sender may itself be abroad.
    pub fn destinations(&self) -> &[Destination] {
        self.destinations.get_or_init(|| {
            let mut first: BTreeMap<NodeId, Arrival> = BTreeMap::new();
            let mut holders: BTreeSet<NodeId> = BTreeSet::new();
            for (i, flow) in self.model.flows.iter().enumerate() {
                for category in &flow.categories {
                    let Some(origin) = self.eea_origin().get(&category.node) else {
                        continue;
                    };
                    if !origin.contains(&flow.from.node) {
                        continue;
                    }
                    holders.insert(flow.to.node);
                    if self.in_eea(flow.to.node) == Some(false) {
                        first
                            .entry(flow.to.node)
                            .or_insert(Arrival::Flow(FlowId(i as u32), category.node));
                    }
                }
            }
            // A subprocessor receives what its processor holds, declared flow or not.
            let mut queue: Vec<ProcessorId> = holders
                .iter()
                .filter_map(|n| match n {
                    NodeId::Processor(p) => Some(*p),
                    _ => None,
                })
                .collect();
            let mut seen: BTreeSet<ProcessorId> = queue.iter().copied().collect();
            while let Some(p) = queue.pop() {
                let Some(processor) = self.model.processors.get(p.index()) else {
                    continue;
                };
                for sub in &processor.subprocessors {
                    let node = NodeId::Processor(sub.node);
                    if self.in_eea(node) == Some(false) {
                        first.entry(node).or_insert(Arrival::Subprocessor {
                            of: p,
                            span: sub.span,
                        });
                    }
                    if seen.insert(sub.node) {
                        queue.push(sub.node);
                    }
                }
            }
            first
                .into_iter()
                .map(|(node, arrival)| Destination { node, arrival })
                .collect()
        })
    }

    /// The safeguard a processor or recipient declares.
    pub fn safeguard_of(&self, node: NodeId) -> Option<&'a Spanned<Safeguard>> {
        match node {
            NodeId::Processor(id) => self.model.processors.get(id.index())?.safeguard.as_ref(),
            NodeId::Recipient(id) => self.model.recipients.get(id.index())?.safeguard.as_ref(),
            NodeId::Subject(_) | NodeId::System(_) => None,
        }
    }

    /// The path note for an arrival: how the data got there.
    pub fn arrival_path(&self, destination: &Destination) -> String {
        match destination.arrival {
            Arrival::Flow(flow, category) => {
                let Some(flows) = self.category_flows().get(&category) else {
                    return String::new();
                };
                let Some(from) = self.model.flows.get(flow.index()).map(|f| f.from.node) else {
                    return String::new();
                };
                let path = flows.path_to(from);
                crate::graph::describe_path(self.model, &path, Some(flow))
            }
            Arrival::Subprocessor { of, .. } => format!(
                "`{}` is a subprocessor of `{}`",
                self.model.node_name(destination.node),
                self.model.node_name(NodeId::Processor(of))
            ),
        }
    }

    pub fn category_kind(&self, id: CategoryId) -> Option<&'a CategoryKind> {
        let category = self.model.category(id)?;
        self.vocabulary.category(&category.path.node)
    }

    pub fn purpose_kind(&self, id: PurposeId) -> Option<&'a PurposeKind> {
        let purpose = self.model.purpose(id)?;
        self.vocabulary.purpose(&purpose.path.node)
    }

    /// A special category of GDPR Art. 9(1).
    pub fn is_special(&self, id: CategoryId) -> bool {
        self.category_kind(id).is_some_and(|k| k.special)
    }

    /// Personal data (GDPR Art. 4(1)), unless declared anonymised.
    pub fn is_personal(&self, id: CategoryId) -> bool {
        let anonymised = self.model.category(id).is_some_and(|c| c.anonymised);
        !anonymised && self.category_kind(id).is_some_and(|k| k.personal)
    }

    /// Whether a node is in the EEA on the as-of date; `None` if its location is unknown.
    pub fn in_eea(&self, node: NodeId) -> Option<bool> {
        let place = self.model.node_location(node)?;
        Some(self.place_in_eea(place))
    }

    pub fn place_in_eea(&self, place: Place) -> bool {
        self.knowledge().in_eea(place, self.as_of)
    }

    /// The span of a node's declared name: where a finding about the node points.
    pub fn node_name_span(&self, node: NodeId) -> Option<Span> {
        let m = self.model;
        match node {
            NodeId::Subject(id) => m.subjects.get(id.index()).map(|n| n.name.span),
            NodeId::System(id) => m.systems.get(id.index()).map(|n| n.name.span),
            NodeId::Processor(id) => m.processors.get(id.index()).map(|n| n.name.span),
            NodeId::Recipient(id) => m.recipients.get(id.index()).map(|n| n.name.span),
        }
    }

    /// "a processor", "a recipient"…
    pub fn node_kind(&self, node: NodeId) -> &'static str {
        match node {
            NodeId::Subject(_) => "subject",
            NodeId::System(_) => "system",
            NodeId::Processor(_) => "processor",
            NodeId::Recipient(_) => "recipient",
        }
    }
}
