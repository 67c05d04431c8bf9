//! The data-flow graph (petgraph): nodes are subjects, systems, processors and recipients;
//! each flow is an edge. Questions about one category are asked of that category's own
//! graph ([`CategoryGraph`]), a filtered view holding only the flows that carry it, with
//! petgraph's visitors; every question stays linear in the size of the graph for each
//! category, with no path enumeration (RULES.md).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::{EdgeFiltered, EdgeRef, IntoNeighbors, NodeFiltered, Visitable};

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
        for node in model.nodes() {
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

    /// Flows into or out of a node, in declaration order.
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

    /// The graph of one category's flows.
    ///
    /// A materialised view rather than petgraph's `EdgeFiltered` over the whole graph: a
    /// subject shared by every service has an edge per service, and visiting it through a
    /// filter looked at all of them for each category, which made a run quadratic (10,000
    /// services: 94 s against 1.85 s, docs/PERFORMANCE.md).
    pub fn category_graph(&self, model: &Model, category: CategoryId) -> CategoryGraph {
        let flows = self.flows_of(category);
        let mut graph = DiGraph::with_capacity(flows.len() + 1, flows.len());
        let mut index: HashMap<NodeId, NodeIndex> = HashMap::new();
        let mut node = |graph: &mut DiGraph<NodeId, FlowId>, id: NodeId| {
            *index.entry(id).or_insert_with(|| graph.add_node(id))
        };
        let ends: Vec<(FlowId, NodeIndex, NodeIndex)> = flows
            .iter()
            .filter_map(|&id| {
                let flow = model.flows.get(id.index())?;
                let a = node(&mut graph, flow.from.node);
                let b = node(&mut graph, flow.to.node);
                Some((id, a, b))
            })
            .collect();
        // petgraph lists a node's edges newest first: adding them in reverse makes every
        // traversal follow flows in declaration order, so the paths shown read naturally.
        for &(id, a, b) in ends.iter().rev() {
            graph.add_edge(a, b, id);
        }
        CategoryGraph {
            category,
            graph,
            index,
        }
    }
}

/// One category's flows as a petgraph graph: the view every walk over that category uses.
#[derive(Debug)]
pub struct CategoryGraph {
    pub category: CategoryId,
    graph: DiGraph<NodeId, FlowId>,
    index: HashMap<NodeId, NodeIndex>,
}

/// A node of a [`CategoryGraph`].
pub type Local = NodeIndex;

impl CategoryGraph {
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// The nodes, by local index.
    pub fn nodes(&self) -> impl Iterator<Item = (Local, NodeId)> + '_ {
        self.graph.node_indices().map(|i| (i, self.graph[i]))
    }

    pub fn local(&self, node: NodeId) -> Option<Local> {
        self.index.get(&node).copied()
    }

    pub fn node(&self, local: Local) -> NodeId {
        self.graph[local]
    }

    /// The flows out of a node, in declaration order, with where each goes.
    pub fn flows_out(&self, local: Local) -> impl Iterator<Item = (FlowId, Local)> + '_ {
        self.graph
            .edges_directed(local, Direction::Outgoing)
            .map(|e| (*e.weight(), e.target()))
    }

    /// The flows into a node, with where each comes from.
    pub fn flows_in(&self, local: Local) -> impl Iterator<Item = (FlowId, Local)> + '_ {
        self.graph
            .edges_directed(local, Direction::Incoming)
            .map(|e| (*e.weight(), e.source()))
    }

    /// Every flow, in declaration order, with its ends.
    pub fn flows(&self) -> Vec<(FlowId, Local, Local)> {
        let mut flows: Vec<(FlowId, Local, Local)> = self
            .graph
            .edge_references()
            .map(|e| (*e.weight(), e.source(), e.target()))
            .collect();
        flows.sort();
        flows
    }

    /// The nodes reachable from `seeds` (the seeds included) along the category's flows,
    /// passing only through nodes `through` accepts (a seed is always kept).
    pub fn reachable(
        &self,
        seeds: impl IntoIterator<Item = Local>,
        through: impl Fn(NodeId) -> bool,
    ) -> Vec<bool> {
        let mut reached = vec![false; self.graph.node_count()];
        let view = NodeFiltered::from_fn(&self.graph, |i: Local| through(self.graph[i]));
        let seeds: Vec<Local> = seeds.into_iter().collect();
        for &seed in &seeds {
            reached[seed.index()] = true;
        }
        depth_first(&view, &seeds, |_, v| reached[v.index()] = true);
        reached
    }

    /// A witness tree from `sources`: for each node reached, the flow it is reached by.
    /// Flows `preferred` accepts are followed first, so that a path from collection goes
    /// through allowed flows where one exists; the others reach what is left.
    pub fn witness_tree(
        &self,
        sources: &[Local],
        preferred: impl Fn(FlowId) -> bool,
    ) -> WitnessTree {
        let mut parent: Vec<Option<(FlowId, Local)>> = vec![None; self.graph.node_count()];
        let mut is_source = vec![false; self.graph.node_count()];
        for s in sources {
            is_source[s.index()] = true;
        }
        let preferred_view = EdgeFiltered::from_fn(&self.graph, |e| preferred(*e.weight()));
        self.tree_edges(&preferred_view, sources, &is_source, &mut parent);
        self.tree_edges(&self.graph, sources, &is_source, &mut parent);
        WitnessTree { parent }
    }

    /// Records, for each node without a parent yet, the first flow of the traversal that
    /// reaches it.
    fn tree_edges<G>(
        &self,
        view: G,
        sources: &[Local],
        is_source: &[bool],
        parent: &mut [Option<(FlowId, Local)>],
    ) where
        G: IntoNeighbors<NodeId = Local> + Visitable,
    {
        depth_first(view, sources, |u, v| {
            if parent[v.index()].is_none()
                && !is_source[v.index()]
                && let Some(flow) = self.first_flow(u, v)
            {
                parent[v.index()] = Some((flow, u));
            }
        });
    }

    /// The first declared flow from `u` to `v`.
    fn first_flow(&self, u: Local, v: Local) -> Option<FlowId> {
        self.graph.edges_connecting(u, v).map(|e| *e.weight()).min()
    }
}

/// A depth-first traversal from `starts` that calls `tree_edge(u, v)` for each node `v` it
/// discovers from `u`, in the order petgraph's recursive `depth_first_search` would, but
/// with a stack of its own: a chain of 10,000 flows recursed 10,000 frames deep, which
/// overflowed the smaller stack of a worker thread.
fn depth_first<G>(view: G, starts: &[Local], mut tree_edge: impl FnMut(Local, Local))
where
    G: IntoNeighbors<NodeId = Local> + Visitable,
{
    use petgraph::visit::VisitMap;
    let mut discovered = view.visit_map();
    let mut stack: Vec<(Local, G::Neighbors)> = Vec::new();
    for &start in starts {
        if !discovered.visit(start) {
            continue;
        }
        stack.push((start, view.neighbors(start)));
        while let Some((u, neighbors)) = stack.last_mut() {
            let u = *u;
            match neighbors.next() {
                Some(v) => {
                    if discovered.visit(v) {
                        tree_edge(u, v);
                        stack.push((v, view.neighbors(v)));
                    }
                }
                None => {
                    stack.pop();
                }
            }
        }
    }
}

/// For each node, the flow a witness path reaches it by.
#[derive(Debug, Default)]
pub struct WitnessTree {
    parent: Vec<Option<(FlowId, Local)>>,
}

impl WitnessTree {
    /// The flows from a source to `node`, in order (empty for a source, or a node the
    /// traversal did not reach).
    pub fn path_to(&self, node: Local) -> Vec<FlowId> {
        let mut path = Vec::new();
        let mut at = node;
        // The tree has no cycles, but a bound keeps a bug from hanging a run.
        for _ in 0..self.parent.len() {
            let Some((flow, from)) = self.parent.get(at.index()).copied().flatten() else {
                break;
            };
            path.push(flow);
            at = from;
        }
        path.reverse();
        path
    }
}

/// `customer -> webshop (checkout) -> crm (checkout) -> adnet (ads)`: the path of `path`
/// and then `last`, each hop with the purposes of its flow.
/// The flows of a path as labels, numbered in order: `1. customer -> webshop (checkout)`.
pub fn path_labels(
    model: &Model,
    path: &[FlowId],
    last: Option<FlowId>,
) -> Vec<crate::diagnostic::Label> {
    path.iter()
        .copied()
        .chain(last)
        .filter_map(|id| model.flows.get(id.index()))
        .enumerate()
        .map(|(n, flow)| crate::diagnostic::Label {
            span: flow.span,
            message: format!("{}. {}", n + 1, hop(model, flow)),
        })
        .collect()
}

fn hop(model: &Model, flow: &crate::model::Flow) -> String {
    let purposes: Vec<&str> = flow
        .purposes
        .iter()
        .filter_map(|p| model.purpose(p.node).map(|p| p.name.node.as_str()))
        .collect();
    format!(
        "{} -> {} ({})",
        model.node_name(flow.from.node),
        model.node_name(flow.to.node),
        purposes.join(", ")
    )
}

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
        purpose p : service.account { basis contract retain 1 year }\n";

    fn setup(flows: &str) -> (Model, CategoryGraph) {
        let model = crate::testing::model(&format!("{DECLS}{flows}"));
        let graph = FlowGraph::build(&model);
        let view = graph.category_graph(&model, CategoryId(0));
        (model, view)
    }

    fn local(model: &Model, view: &CategoryGraph, name: &str) -> Local {
        let node = model.lookup(name).and_then(Declared::node).expect("a node");
        view.local(node).expect("on a flow")
    }

    #[test]
    fn the_view_holds_only_the_category_and_walks_in_declaration_order() {
        let (model, view) = setup(
            "category x : contact.phone\nflow u -> a : c for p\nflow u -> b : x for p\nflow a -> d : c for p\nflow a -> b : c for p\n",
        );
        assert_eq!(view.node_count(), 4, "u, a, d, b: not b's phone");
        let a = local(&model, &view, "a");
        let out: Vec<FlowId> = view.flows_out(a).map(|(f, _)| f).collect();
        assert_eq!(out, [FlowId(2), FlowId(3)]);
        let u = local(&model, &view, "u");
        let tree = view.witness_tree(&[u], |_| true);
        let b = local(&model, &view, "b");
        assert_eq!(
            describe_path(&model, &tree.path_to(b), None),
            "u -> a (p) -> b (p)"
        );
    }

    #[test]
    fn witness_paths_prefer_the_flows_asked_for_and_survive_cycles() {
        let (model, view) = setup(
            "flow u -> a : c for p\nflow a -> b : c for p\nflow u -> b : c for p\nflow b -> a : c for p\nflow b -> b : c for p\n",
        );
        let u = local(&model, &view, "u");
        let b = local(&model, &view, "b");
        // Through `a` first in declaration order; avoiding flow 1, straight from `u`.
        let tree = view.witness_tree(&[u], |_| true);
        assert_eq!(tree.path_to(b), [FlowId(0), FlowId(1)]);
        let tree = view.witness_tree(&[u], |f| f != FlowId(1));
        assert_eq!(tree.path_to(b), [FlowId(2)]);
        let reached = view.reachable([b], |_| true);
        assert_eq!(reached.iter().filter(|r| **r).count(), 2, "b and a");
    }

    #[test]
    fn reachability_stops_at_the_nodes_it_may_not_pass() {
        let (model, view) =
            setup("flow a -> u : c for p\nflow u -> b : c for p\nflow a -> d : c for p\n");
        let a = local(&model, &view, "a");
        let reached = view.reachable([a], |n| !matches!(n, NodeId::Subject(_)));
        let names: Vec<&str> = view
            .nodes()
            .filter(|(i, _)| reached[i.index()])
            .map(|(_, n)| model.node_name(n))
            .collect();
        assert_eq!(names, ["a", "d"], "not through the subject to b");
    }
}
