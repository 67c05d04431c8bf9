//! The data-flow graph and the meaning the rules share (RULES.md, "How data moves").
//!
//! Nodes are subjects, systems, processors and recipients; each flow is an edge. Every
//! question is answered per category with one pass over the flows that carry it, so the
//! cost stays linear in the size of the graph for each category: no path enumeration.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::model::{CategoryId, FlowId, Model, NodeId, PurposeId};

/// The graph of a model, built in declaration order so indices are stable.
#[derive(Debug)]
pub struct FlowGraph {
    graph: DiGraph<NodeId, FlowId>,
    index: BTreeMap<NodeId, NodeIndex>,
    /// The flows that carry each category, in declaration order.
    by_category: BTreeMap<CategoryId, Vec<FlowId>>,
    /// The flows that serve each purpose, in declaration order.
    by_purpose: BTreeMap<PurposeId, Vec<FlowId>>,
}

impl FlowGraph {
    pub fn build(model: &Model) -> FlowGraph {
        let mut graph = DiGraph::new();
        let mut index = BTreeMap::new();
        let nodes = (0..model.subjects.len())
            .map(|i| NodeId::Subject(crate::model::SubjectId(i as u32)))
            .chain(
                (0..model.systems.len()).map(|i| NodeId::System(crate::model::SystemId(i as u32))),
            )
            .chain(
                (0..model.processors.len())
                    .map(|i| NodeId::Processor(crate::model::ProcessorId(i as u32))),
            )
            .chain(
                (0..model.recipients.len())
                    .map(|i| NodeId::Recipient(crate::model::RecipientId(i as u32))),
            );
        for node in nodes {
            index.insert(node, graph.add_node(node));
        }
        let mut by_category: BTreeMap<CategoryId, Vec<FlowId>> = BTreeMap::new();
        let mut by_purpose: BTreeMap<PurposeId, Vec<FlowId>> = BTreeMap::new();
        for (i, flow) in model.flows.iter().enumerate() {
            let id = FlowId(i as u32);
            if let (Some(&a), Some(&b)) = (index.get(&flow.from.node), index.get(&flow.to.node)) {
                graph.add_edge(a, b, id);
            }
            let mut seen = BTreeSet::new();
            for c in &flow.categories {
                if seen.insert(c.node) {
                    by_category.entry(c.node).or_default().push(id);
                }
            }
            let mut seen = BTreeSet::new();
            for p in &flow.purposes {
                if seen.insert(p.node) {
                    by_purpose.entry(p.node).or_default().push(id);
                }
            }
        }
        FlowGraph {
            graph,
            index,
            by_category,
            by_purpose,
        }
    }

    /// The flows that carry a category.
    pub fn flows_of(&self, category: CategoryId) -> &[FlowId] {
        self.by_category.get(&category).map_or(&[], Vec::as_slice)
    }

    /// The flows that serve a purpose.
    pub fn flows_for(&self, purpose: PurposeId) -> &[FlowId] {
        self.by_purpose.get(&purpose).map_or(&[], Vec::as_slice)
    }

    /// Categories that are on at least one flow.
    pub fn categories(&self) -> impl Iterator<Item = CategoryId> + '_ {
        self.by_category.keys().copied()
    }

    /// Flows into or out of a node, in the order of the graph's edges.
    pub fn flows_at(&self, node: NodeId, direction: Direction) -> Vec<FlowId> {
        let Some(&i) = self.index.get(&node) else {
            return Vec::new();
        };
        let mut flows: Vec<FlowId> = self
            .graph
            .edges_directed(i, direction)
            .map(|e| *e.weight())
            .collect();
        flows.sort();
        flows
    }
}

/// How one category moves: where it is held and for what, and how it got there.
#[derive(Debug, Default)]
pub struct CategoryFlows {
    pub category: Option<CategoryId>,
    /// Held purposes: the purposes of the flows into each node that carry the category.
    pub held: HashMap<NodeId, BTreeSet<PurposeId>>,
    /// Nodes that send the category but receive it from no flow: they collect it (a
    /// subject) or originate it (a system deriving data). They may use it for any purpose.
    pub sources: BTreeSet<NodeId>,
    /// The flows that carry the category out of each node, in declaration order. The
    /// walks follow these, never a node's other edges: a subject shared by thousands of
    /// services has thousands of edges, and looking at all of them for every category
    /// made a run quadratic.
    carried_from: HashMap<NodeId, Vec<(FlowId, NodeId)>>,
    /// For each node the data reaches, the flow it first arrived by and where from
    /// (breadth first from the sources), to explain a finding with the path from collection.
    first_arrival: HashMap<NodeId, (FlowId, NodeId)>,
}

impl CategoryFlows {
    pub fn of(model: &Model, graph: &FlowGraph, category: CategoryId) -> CategoryFlows {
        let flows = graph.flows_of(category);
        let mut carried_from: HashMap<NodeId, Vec<(FlowId, NodeId)>> = HashMap::new();
        let mut held: HashMap<NodeId, BTreeSet<PurposeId>> = HashMap::new();
        let mut senders = BTreeSet::new();
        for &id in flows {
            let Some(flow) = model.flows.get(id.index()) else {
                continue;
            };
            carried_from
                .entry(flow.from.node)
                .or_default()
                .push((id, flow.to.node));
            held.entry(flow.to.node)
                .or_default()
                .extend(flow.purposes.iter().map(|p| p.node));
            senders.insert(flow.from.node);
        }
        let sources: BTreeSet<NodeId> = senders
            .into_iter()
            .filter(|n| matches!(n, NodeId::Subject(_)) || !held.contains_key(n))
            .collect();
        let mut this = CategoryFlows {
            category: Some(category),
            held,
            sources,
            carried_from,
            first_arrival: HashMap::new(),
        };
        let mut first_arrival = HashMap::new();
        this.walk(this.sources.iter().copied(), |flow, from, to| {
            first_arrival.insert(to, (flow, from));
        });
        this.first_arrival = first_arrival;
        this
    }

    /// Breadth first over the flows that carry the category, from `seeds`; calls `visit`
    /// with each flow that first reaches a node. Every edge is looked at once.
    fn walk(
        &self,
        seeds: impl IntoIterator<Item = NodeId>,
        mut visit: impl FnMut(FlowId, NodeId, NodeId),
    ) -> BTreeSet<NodeId> {
        let mut reached: BTreeSet<NodeId> = BTreeSet::new();
        let mut queue = VecDeque::new();
        for seed in seeds {
            if reached.insert(seed) {
                queue.push_back(seed);
            }
        }
        while let Some(node) = queue.pop_front() {
            let Some(edges) = self.carried_from.get(&node) else {
                continue;
            };
            // In declaration order, so the path shown is the same on every run.
            for &(flow, to) in edges {
                if reached.insert(to) {
                    visit(flow, node, to);
                    queue.push_back(to);
                }
            }
        }
        reached
    }

    /// Every node the category reaches from `seeds` (the seeds included).
    pub fn downstream_of(&self, seeds: impl IntoIterator<Item = NodeId>) -> BTreeSet<NodeId> {
        self.walk(seeds, |_, _, _| {})
    }

    /// Whether the node collects or originates the category rather than receiving it.
    pub fn is_source(&self, node: NodeId) -> bool {
        self.sources.contains(&node) || !self.held.contains_key(&node)
    }

    /// The flows from a source to `node`, in order (empty for a source, or for a node the
    /// data only reaches around a cycle that starts nowhere).
    pub fn path_to(&self, node: NodeId) -> Vec<FlowId> {
        let mut path = Vec::new();
        let mut at = node;
        let mut seen = BTreeSet::new();
        while let Some(&(flow, from)) = self.first_arrival.get(&at) {
            if !seen.insert(at) {
                break;
            }
            path.push(flow);
            at = from;
        }
        path.reverse();
        path
    }
}

/// `customer -> webshop (checkout) -> crm (checkout) -> adnet (ads)`: the path of `path`
/// and then `last`, each hop with the purposes of its flow.
pub fn describe_path(model: &Model, path: &[FlowId], last: Option<FlowId>) -> String {
    let flows: Vec<FlowId> = path.iter().copied().chain(last).collect();
    let Some(first) = flows.first().and_then(|f| model.flows.get(f.index())) else {
        return String::new();
    };
    let mut out = model.node_name(first.from.node).to_owned();
    for id in flows {
        let Some(flow) = model.flows.get(id.index()) else {
            continue;
        };
        let purposes: Vec<&str> = flow
            .purposes
            .iter()
            .filter_map(|p| model.purpose(p.node).map(|p| p.name.node.as_str()))
            .collect();
        out.push_str(&format!(
            " -> {} ({})",
            model.node_name(flow.to.node),
            purposes.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Declared;

    const DECLS: &str = "subject u : customer\ncategory c : contact.email\n\
        system a : application { location FR }\nsystem b : database { location FR }\n\
        system d : warehouse { location FR }\nsystem e : backup { location FR }\n\
        purpose p : service.account { basis contract retain 1 year }\n\
        purpose q : service.support { basis contract retain 1 year }\n\
        purpose r : product.improvement { basis legitimate_interests \"LIA\" retain 1 year }\n";

    fn setup(flows: &str) -> (Model, FlowGraph, CategoryFlows) {
        let model = crate::testing::model(&format!("{DECLS}{flows}"));
        let graph = FlowGraph::build(&model);
        let category = CategoryId(0);
        let flows = CategoryFlows::of(&model, &graph, category);
        (model, graph, flows)
    }

    fn node(model: &Model, name: &str) -> NodeId {
        model.lookup(name).and_then(Declared::node).expect("a node")
    }

    fn purposes(model: &Model, set: Option<&BTreeSet<PurposeId>>) -> Vec<String> {
        set.into_iter()
            .flatten()
            .filter_map(|p| model.purpose(*p).map(|p| p.name.node.clone()))
            .collect()
    }

    #[test]
    fn a_chain_holds_what_arrives_and_explains_the_path() {
        let (model, _, flows) =
            setup("flow u -> a : c for p\nflow a -> b : c for p\nflow b -> d : c for r\n");
        assert_eq!(purposes(&model, flows.held.get(&node(&model, "b"))), ["p"]);
        assert_eq!(purposes(&model, flows.held.get(&node(&model, "d"))), ["r"]);
        assert!(flows.is_source(node(&model, "u")));
        let path = flows.path_to(node(&model, "b"));
        assert_eq!(
            describe_path(&model, &path, Some(FlowId(2))),
            "u -> a (p) -> b (p) -> d (r)"
        );
    }

    #[test]
    fn a_diamond_holds_the_union_of_both_branches() {
        let (model, _graph, flows) = setup(
            "flow u -> a : c for p\nflow u -> b : c for q\nflow a -> d : c for p\nflow b -> d : c for q\n",
        );
        assert_eq!(
            purposes(&model, flows.held.get(&node(&model, "d"))),
            ["p", "q"]
        );
        let reach = flows.downstream_of([node(&model, "a")]);
        assert_eq!(reach.len(), 2, "a and d, not b");
    }

    #[test]
    fn cycles_and_self_loops_terminate_and_keep_the_first_arrival() {
        let (model, _graph, flows) = setup(
            "flow u -> a : c for p\nflow a -> b : c for p\nflow b -> a : c for q\nflow b -> b : c for r\n",
        );
        // `a` holds p (from u) and q (back from b); `b` holds p and, through its loop, r.
        assert_eq!(
            purposes(&model, flows.held.get(&node(&model, "a"))),
            ["p", "q"]
        );
        assert_eq!(
            purposes(&model, flows.held.get(&node(&model, "b"))),
            ["p", "r"]
        );
        assert_eq!(flows.path_to(node(&model, "b")), [FlowId(0), FlowId(1)]);
        assert_eq!(flows.downstream_of([node(&model, "b")]).len(), 2);
    }

    #[test]
    fn a_node_that_receives_nothing_originates_its_data() {
        let (model, _, flows) = setup("flow d -> e : c for r\n");
        assert!(flows.is_source(node(&model, "d")));
        assert!(!flows.is_source(node(&model, "e")));
        // A cycle with no way in: nothing collects the data, so both nodes hold it.
        let (model, _, flows) = setup("flow a -> b : c for p\nflow b -> a : c for p\n");
        assert!(!flows.is_source(node(&model, "a")) && flows.sources.is_empty());
        assert!(flows.path_to(node(&model, "a")).is_empty());
    }
}
