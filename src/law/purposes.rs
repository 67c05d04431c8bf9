//! Held purposes and compatibility (RULES.md, "Held purposes" and "Compatibility"; GDPR
//! Art. 5(1)(b), 6(4)).
//!
//! A flow out of a subject is a collection and fixes the purposes of what it carries. The
//! purposes for which a category is held at a node are the least fixpoint, from
//! collection forward, of the *allowed* purposes of the flows into it: a purpose of a flow
//! is allowed when it is held at the flow's source or compatible with one held there. A
//! purpose that is not allowed drifts; it grants nothing downstream, so a cycle never
//! justifies itself.

use std::collections::{BTreeSet, VecDeque};

use super::Judge;
use super::consent::{has_art9_ground, own_consent};
use crate::graph::{CategoryGraph, Local, WitnessTree, describe_path};
use crate::model::{CategoryId, FlowId, NodeId, PurposeId};

/// What a node may use a category for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held<'a> {
    /// It collects the category (a subject) or originates it (it receives it from no
    /// flow): any declared purpose.
    Source,
    /// The purposes it holds the category for (empty when it only arrives by drifts).
    Purposes(&'a BTreeSet<PurposeId>),
    /// The category never reaches it.
    Absent,
}

/// A purpose of a flow that is neither held at the flow's source nor compatible with a
/// purpose held there, at the first flow where it drifts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Drift {
    pub flow: FlowId,
    /// The position of the purpose on the flow (`for a, b`).
    pub position: usize,
    pub purpose: PurposeId,
}

/// How one personal category moves through the graph.
#[derive(Debug)]
pub struct HeldPurposes {
    pub category: CategoryId,
    view: CategoryGraph,
    source: Vec<bool>,
    held: Vec<BTreeSet<PurposeId>>,
    drifts: Vec<Drift>,
    witness: WitnessTree,
}

impl HeldPurposes {
    pub fn of(judge: &Judge<'_>, category: CategoryId) -> HeldPurposes {
        let model = judge.model;
        let view = judge.graph.category_graph(model, category);
        let n = view.node_count();
        let purposes_of = |flow: FlowId| -> Vec<PurposeId> {
            model
                .flows
                .get(flow.index())
                .map(|f| f.purposes.iter().map(|p| p.node).collect())
                .unwrap_or_default()
        };

        // Sources: subjects collect; a node that receives the category from no flow
        // (itself aside) originates it. A node the category reaches by a flow whose
        // purposes did not all resolve is not judged: taken as a source too.
        let incomplete = |flow: FlowId| model.flows.get(flow.index()).is_some_and(|f| f.incomplete);
        let mut source = vec![false; n];
        for (local, node) in view.nodes() {
            source[local.index()] = matches!(node, NodeId::Subject(_))
                || model.unjudged.contains(&node)
                || view.flows_in(local).all(|(_, from)| from == local)
                || view.flows_in(local).any(|(flow, _)| incomplete(flow));
        }

        // The least fixpoint of allowed purposes: a node is looked at again whenever what
        // it holds grows, and what it holds only grows, so this ends.
        let mut held: Vec<BTreeSet<PurposeId>> = vec![BTreeSet::new(); n];
        let mut queue: VecDeque<Local> = view
            .nodes()
            .filter(|(l, _)| source[l.index()])
            .map(|(l, _)| l)
            .collect();
        let mut queued: Vec<bool> = source.clone();
        while let Some(at) = queue.pop_front() {
            queued[at.index()] = false;
            for (flow, to) in view.flows_out(at) {
                let mut grew = false;
                for purpose in purposes_of(flow) {
                    let allowed =
                        source[at.index()] || allows(judge, category, &held[at.index()], purpose);
                    if allowed && held[to.index()].insert(purpose) {
                        grew = true;
                    }
                }
                if grew && !queued[to.index()] {
                    queued[to.index()] = true;
                    queue.push_back(to);
                }
            }
        }

        // Witness paths from collection, through allowed flows where there are some.
        let sources: Vec<Local> = view
            .nodes()
            .filter(|(l, _)| source[l.index()])
            .map(|(l, _)| l)
            .collect();
        let flows = view.flows();
        let drifting = |flow: FlowId, from: Local| -> Vec<(usize, PurposeId)> {
            if source[from.index()] {
                return Vec::new();
            }
            purposes_of(flow)
                .into_iter()
                .enumerate()
                .filter(|&(_, p)| !allows(judge, category, &held[from.index()], p))
                .collect()
        };
        let allowed_flows: BTreeSet<FlowId> = flows
            .iter()
            .filter(|&&(flow, from, _)| drifting(flow, from).len() < purposes_of(flow).len())
            .map(|&(flow, _, _)| flow)
            .collect();
        let witness = view.witness_tree(&sources, |f| allowed_flows.contains(&f));

        // Where each purpose arrives by a chain of drifts that starts at a node holding
        // the category legitimately (a source, or one that holds it for something): the
        // least fixpoint, so a cycle of drifts with no such start taints nothing.
        let legit = |l: Local| source[l.index()] || !held[l.index()].is_empty();
        let mut tainted: Vec<BTreeSet<PurposeId>> = vec![BTreeSet::new(); n];
        let mut queue: VecDeque<(FlowId, Local, Local)> = flows.iter().copied().collect();
        while let Some((flow, from, to)) = queue.pop_front() {
            let mut grew = false;
            for (_, purpose) in drifting(flow, from) {
                let rooted = legit(from) || tainted[from.index()].contains(&purpose);
                if rooted && tainted[to.index()].insert(purpose) {
                    grew = true;
                }
            }
            if grew {
                queue.extend(view.flows_out(to).map(|(f, next)| (f, to, next)));
            }
        }

        // Drifts, reported at the first flow where a purpose drifts. A node that holds the
        // category for nothing got it only by drifts; when every flow into it carried the
        // purpose and a chain of drifts of it starts at a legitimate holder, carrying it on
        // is a consequence of that first drift, not a drift of its own.
        let mut drifts = Vec::new();
        for &(flow, from, _) in flows.iter().filter(|(flow, _, _)| !incomplete(*flow)) {
            for (position, purpose) in drifting(flow, from) {
                let carried_on = !legit(from)
                    && tainted[from.index()].contains(&purpose)
                    && view.flows_in(from).all(|(into, _)| {
                        model
                            .flows
                            .get(into.index())
                            .is_some_and(|f| f.purposes.iter().any(|p| p.node == purpose))
                    });
                if !carried_on {
                    drifts.push(Drift {
                        flow,
                        position,
                        purpose,
                    });
                }
            }
        }

        HeldPurposes {
            category,
            view,
            source,
            held,
            drifts,
            witness,
        }
    }

    /// What `node` may use the category for.
    pub fn held_at(&self, node: NodeId) -> Held<'_> {
        match self.view.local(node) {
            None => Held::Absent,
            Some(l) if self.source[l.index()] => Held::Source,
            Some(l) => self
                .held
                .get(l.index())
                .map_or(Held::Absent, Held::Purposes),
        }
    }

    /// The purposes that drift, each at the first flow where it does, in flow order.
    pub fn drifts(&self) -> &[Drift] {
        &self.drifts
    }

    /// The flows from collection (or origination) to `node`.
    pub fn path_to(&self, node: NodeId) -> Vec<FlowId> {
        self.view
            .local(node)
            .map(|l| self.witness.path_to(l))
            .unwrap_or_default()
    }

    /// The path to `node` and on through `flow`, as labels on its flows.
    pub fn path_labels(
        &self,
        judge: &Judge<'_>,
        node: NodeId,
        flow: FlowId,
    ) -> Vec<crate::diagnostic::Label> {
        crate::graph::path_labels(judge.model, &self.path_to(node), Some(flow))
    }

    /// The path to `node` and on through `flow`, as a note shows it.
    pub fn describe_path(&self, judge: &Judge<'_>, node: NodeId, flow: FlowId) -> String {
        describe_path(judge.model, &self.path_to(node), Some(flow))
    }

    /// The category's own graph.
    pub fn view(&self) -> &CategoryGraph {
        &self.view
    }
}

/// Whether a purpose is allowed where `held` are held: held there, or compatible with
/// one of them.
fn allows(
    judge: &Judge<'_>,
    category: CategoryId,
    held: &BTreeSet<PurposeId>,
    purpose: PurposeId,
) -> bool {
    held.contains(&purpose)
        || held
            .iter()
            .any(|&h| compatible(judge, category, h, purpose))
}

/// Whether data of `category`, held for `held`, may be used for `new` (RULES.md,
/// "Compatibility"; TAXONOMY.md):
/// - special-category data goes to nothing that lacks its own Art. 9(2) condition or
///   explicit consent;
/// - a purpose resting on its own declared consent needs no compatibility (Art. 6(4)
///   covers processing not based on consent; the consent rules judge the consent);
/// - `legal.*` needs none, whatever the original basis (Art. 6(4): processing required by
///   law), and `research.*` is presumed compatible (Art. 5(1)(b), 89(1));
/// - data collected under consent goes to nothing else;
/// - otherwise: declared `compatible` either way, or the same top-level purpose id.
pub fn compatible(
    judge: &Judge<'_>,
    category: CategoryId,
    held: PurposeId,
    new: PurposeId,
) -> bool {
    let model = judge.model;
    let (Some(h), Some(n)) = (model.purpose(held), model.purpose(new)) else {
        return false;
    };
    // A consent that did not resolve leaves the basis unknown: no judgement on it (its
    // input error says what to fix).
    let unresolved = |p: &crate::model::Purpose| {
        p.basis
            .as_ref()
            .is_some_and(|b| matches!(b.node.consent(), Some(None)))
    };
    if unresolved(h) || unresolved(n) {
        return true;
    }
    if judge.is_special(category) && !has_art9_ground(model, n) {
        return false;
    }
    if own_consent(n).is_some() {
        return true;
    }
    let top = |path: &str| path.split('.').next().unwrap_or("").to_owned();
    let new_top = top(&n.path.node);
    if new_top == "legal" || new_top == "research" {
        return true;
    }
    if h.basis.as_ref().is_some_and(|b| b.node.kind().is_consent()) {
        return false;
    }
    if n.compatible.iter().any(|c| c.node == held) || h.compatible.iter().any(|c| c.node == new) {
        return true;
    }
    new_top == top(&h.path.node)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::FlowGraph;
    use crate::law::TransferPolicy;
    use crate::model::{Declared, Model, Vocabulary};

    const DECLS: &str = "subject u : customer\ncategory c : contact.email\n\
        system a : application { location FR }\nsystem b : database { location FR }\n\
        system d : warehouse { location FR }\nsystem e : backup { location FR }\n\
        purpose p : service.account { basis contract retain 1 year }\n\
        purpose q : service.support { basis contract retain 1 year }\n\
        purpose r : sharing.data_sale { basis legitimate_interests \"LIA\" retain 1 year }\n\
        purpose s : marketing.postal { basis legitimate_interests \"LIA\" retain 1 year }\n";

    struct Run {
        model: Model,
    }

    impl Run {
        fn new(flows: &str) -> Run {
            Run {
                model: crate::testing::model(&format!("{DECLS}{flows}")),
            }
        }

        fn with<T>(&self, f: impl FnOnce(&Judge<'_>, &HeldPurposes) -> T) -> T {
            let graph = FlowGraph::build(&self.model);
            let knowledge = crate::knowledge::Knowledge::builtin().expect("knowledge");
            let policy = TransferPolicy::default();
            let judge = Judge::new(
                &self.model,
                &graph,
                Vocabulary::builtin(knowledge),
                knowledge.as_of(),
                &policy,
            );
            let held = judge.held(CategoryId(0)).expect("c is on a flow");
            f(&judge, held)
        }

        fn node(&self, name: &str) -> NodeId {
            self.model
                .lookup(name)
                .and_then(Declared::node)
                .expect("a node")
        }

        fn held(&self, name: &str) -> Vec<String> {
            let node = self.node(name);
            self.with(|_, h| match h.held_at(node) {
                Held::Purposes(set) => set
                    .iter()
                    .filter_map(|p| self.model.purpose(*p).map(|p| p.name.node.clone()))
                    .collect(),
                Held::Source => vec!["(source)".to_owned()],
                Held::Absent => vec!["(absent)".to_owned()],
            })
        }

        /// Each drift as `flow index: purpose`.
        fn drifts(&self) -> Vec<String> {
            self.with(|_, h| {
                h.drifts()
                    .iter()
                    .map(|d| {
                        let name = self.model.purpose(d.purpose).map_or("?", |p| &p.name.node);
                        format!("{}: {name}", d.flow.index())
                    })
                    .collect()
            })
        }
    }

    #[test]
    fn a_chain_holds_what_is_allowed_and_explains_the_path() {
        let run =
            Run::new("flow u -> a : c for p\nflow a -> b : c for p, q\nflow b -> d : c for r\n");
        assert_eq!(
            run.held("b"),
            ["p", "q"],
            "q is compatible with p (service.*)"
        );
        assert_eq!(
            run.held("d"),
            Vec::<String>::new(),
            "r drifted, and grants nothing"
        );
        assert_eq!(run.drifts(), ["2: r"]);
        assert_eq!(run.held("u"), ["(source)"]);
        let b = run.node("b");
        let path = run.with(|j, h| h.describe_path(j, b, FlowId(2)));
        assert_eq!(path, "u -> a (p) -> b (p, q) -> d (r)");
    }

    #[test]
    fn a_cycle_never_justifies_itself() {
        // `b -> a` carries `r` back: it drifts there, and `r` is not held at `a`, so the
        // flow on from `a` for `r` drifts too (it is reached by the collection as well).
        let run = Run::new(
            "flow u -> a : c for p\nflow a -> b : c for p\nflow b -> a : c for p, r\nflow a -> d : c for r\n",
        );
        assert_eq!(run.held("a"), ["p"]);
        assert_eq!(run.drifts(), ["2: r", "3: r"]);
    }

    #[test]
    fn what_only_drifts_carry_on_is_their_consequence() {
        let run = Run::new(
            "flow u -> a : c for p\nflow a -> b : c for r\nflow b -> d : c for r\nflow b -> e : c for r, s\n",
        );
        // `b` got `c` only through the drift of `r`: carrying `r` on is not a new drift,
        // using it for `s` is.
        assert_eq!(run.drifts(), ["1: r", "3: s"]);
    }

    #[test]
    fn a_consequence_needs_a_first_drift_to_follow() {
        // The cycle between `d` and `e` carries `q` although nothing collected the data
        // for it; entering it by another drift (`s`) does not make its drifts consequences.
        let run = Run::new(
            "flow u -> a : c for p\nflow d -> e : c for q\nflow e -> d : c for q\nflow a -> d : c for s\n",
        );
        assert_eq!(run.drifts(), ["1: q", "2: q", "3: s"]);
    }

    #[test]
    fn a_node_that_receives_nothing_originates_its_data() {
        let run = Run::new("flow d -> e : c for r\nflow e -> e : c for r\n");
        assert_eq!(run.held("d"), ["(source)"]);
        assert_eq!(run.held("e"), ["r"]);
        assert!(run.drifts().is_empty());
        // A cycle that nothing enters: nothing is collected, so every purpose drifts.
        let run = Run::new("flow a -> b : c for p\nflow b -> a : c for p\n");
        assert_eq!(run.drifts(), ["0: p", "1: p"]);
    }

    fn compatible_in(text: &str, held: &str, new: &str) -> bool {
        let model = crate::testing::model(text);
        let graph = FlowGraph::build(&model);
        let knowledge = crate::knowledge::Knowledge::builtin().expect("knowledge");
        let policy = TransferPolicy::default();
        let judge = Judge::new(
            &model,
            &graph,
            Vocabulary::builtin(knowledge),
            knowledge.as_of(),
            &policy,
        );
        let id = |name: &str| match model.lookup(name) {
            Some(Declared::Purpose(p)) => p,
            _ => panic!("{name} is not a purpose"),
        };
        compatible(&judge, CategoryId(0), id(held), id(new))
    }

    #[test]
    fn compatibility_follows_the_exemptions_in_their_order() {
        let purposes = "consent news { default denied withdraw \"link\" }\n\
            consent other { default denied withdraw \"link\" }\n\
            purpose newsletter : marketing.direct_email { basis consent news retain 1 year }\n\
            purpose offers : marketing.postal { basis legitimate_interests \"LIA\" retain 1 year }\n\
            purpose pv : legal.compliance { basis legal_obligation \"pharmacovigilance\" retain 1 year }\n\
            purpose stats : research.statistics { basis legitimate_interests \"LIA\" retain 1 year }\n\
            purpose own : advertising.targeted { basis consent other retain 1 year }\n\
            purpose account : service.account { basis contract retain 1 year }\n\
            purpose sale : sharing.data_sale { basis legitimate_interests \"LIA\" retain 1 year compatible account }\n";
        let base = format!("category c : contact.email\n{purposes}");
        let base = base.as_str();
        // Consent boundary: only the exemptions cross it.
        assert!(!compatible_in(base, "newsletter", "offers"));
        assert!(compatible_in(base, "newsletter", "pv"));
        assert!(compatible_in(base, "newsletter", "stats"));
        assert!(compatible_in(base, "newsletter", "own"));
        // Declared either way.
        assert!(compatible_in(base, "account", "sale"));
        assert!(compatible_in(base, "sale", "account"));
        assert!(!compatible_in(base, "account", "offers"));
        // Special data: nothing without its own Art. 9(2) ground, not even the law.
        let special = format!("category h : special.health\n{purposes}");
        assert!(!compatible_in(&special, "account", "pv"));
        let with_condition = special.replace(
            "\"pharmacovigilance\" retain 1 year",
            "\"pharmacovigilance\" retain 1 year condition public_health \"ANSM reporting\"",
        );
        assert!(compatible_in(&with_condition, "account", "pv"));
    }
}
