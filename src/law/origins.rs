//! Whose data it is: the kinds of data subjects a category was collected from, upstream
//! of a node. Organisation rules ask it (`deny data … about subject : child`), and so do
//! the impact-assessment criteria (data of vulnerable subjects, WP248 criterion 7).
//!
//! One pass per category: each subject seeds its kind, and a node holds the union of the
//! kinds of the nodes that send it the category. A node's set only grows, and at most by
//! the number of kinds, so the walk stays linear in the category's flows.

use std::collections::VecDeque;

use super::Judge;
use crate::knowledge::SubjectKind;
use crate::model::{CategoryId, NodeId};
use crate::values::Place;

/// A set of subject kinds, one bit per kind of [`SubjectKind::ALL`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KindSet(u64);

impl KindSet {
    fn bit(kind: SubjectKind) -> u64 {
        SubjectKind::ALL
            .iter()
            .position(|k| *k == kind)
            .map_or(0, |i| 1 << i)
    }

    pub fn contains(self, kind: SubjectKind) -> bool {
        self.0 & Self::bit(kind) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = SubjectKind> {
        SubjectKind::ALL
            .iter()
            .copied()
            .filter(move |k| self.contains(*k))
    }

    fn with(self, kind: SubjectKind) -> KindSet {
        KindSet(self.0 | Self::bit(kind))
    }
}

/// For one personal category: the subject kinds upstream of each node it reaches, and
/// where those subjects are (their own location, else the controller's).
#[derive(Debug, Default)]
pub struct Origins {
    at: std::collections::HashMap<NodeId, KindSet>,
    places: std::collections::HashMap<NodeId, Vec<Place>>,
}

impl Origins {
    pub fn of(judge: &Judge<'_>, category: CategoryId) -> Origins {
        let Some(held) = judge.held(category) else {
            return Origins::default();
        };
        let view = held.view();
        let model = judge.model;
        let mut kinds = vec![KindSet::default(); view.node_count()];
        // Distinct places are few (countries, states): a node's list only grows, by one
        // place at a time, so the walk stays linear in the flows times that number.
        let mut places: Vec<Vec<Place>> = vec![Vec::new(); view.node_count()];
        let mut queue = VecDeque::new();
        for (local, node) in view.nodes() {
            let NodeId::Subject(id) = node else { continue };
            let Some(subject) = model.subjects.get(id.index()) else {
                continue;
            };
            if let Some(kind) = &subject.kind {
                kinds[local.index()] = kinds[local.index()].with(kind.node);
            }
            // A subject is where the controller is unless it says otherwise (RULES.md).
            if let Some(place) = subject
                .location
                .as_ref()
                .map(|l| l.node)
                .or_else(|| model.controller_location())
            {
                places[local.index()].push(place);
            }
            queue.push_back(local);
        }
        while let Some(local) = queue.pop_front() {
            let from = kinds[local.index()];
            let from_places = places[local.index()].clone();
            for (_, next) in view.flows_out(local) {
                let merged = KindSet(kinds[next.index()].0 | from.0);
                let mut changed = merged != kinds[next.index()];
                kinds[next.index()] = merged;
                for place in &from_places {
                    if !places[next.index()].contains(place) {
                        places[next.index()].push(*place);
                        changed = true;
                    }
                }
                if changed {
                    queue.push_back(next);
                }
            }
        }
        let mut at = std::collections::HashMap::new();
        let mut where_from = std::collections::HashMap::new();
        for (local, node) in view.nodes() {
            at.insert(node, kinds[local.index()]);
            let mut list = std::mem::take(&mut places[local.index()]);
            list.sort();
            where_from.insert(node, list);
        }
        Origins {
            at,
            places: where_from,
        }
    }

    /// The kinds of the subjects the category held at `node` was collected from.
    pub fn at(&self, node: NodeId) -> KindSet {
        self.at.get(&node).copied().unwrap_or_default()
    }

    /// Where the subjects the category held at `node` was collected from are.
    pub fn places(&self, node: NodeId) -> &[Place] {
        self.places.get(&node).map_or(&[], Vec::as_slice)
    }
}
