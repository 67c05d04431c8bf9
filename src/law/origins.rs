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

/// For one personal category: the subject kinds upstream of each node it reaches.
#[derive(Debug, Default)]
pub struct Origins {
    at: std::collections::HashMap<NodeId, KindSet>,
}

impl Origins {
    pub fn of(judge: &Judge<'_>, category: CategoryId) -> Origins {
        let Some(held) = judge.held(category) else {
            return Origins::default();
        };
        let view = held.view();
        let model = judge.model;
        let mut kinds = vec![KindSet::default(); view.node_count()];
        let mut queue = VecDeque::new();
        for (local, node) in view.nodes() {
            if let NodeId::Subject(id) = node
                && let Some(kind) = model.subjects.get(id.index()).and_then(|s| s.kind.as_ref())
            {
                kinds[local.index()] = kinds[local.index()].with(kind.node);
                queue.push_back(local);
            }
        }
        while let Some(local) = queue.pop_front() {
            let from = kinds[local.index()];
            for (_, next) in view.flows_out(local) {
                let merged = KindSet(kinds[next.index()].0 | from.0);
                if merged != kinds[next.index()] {
                    kinds[next.index()] = merged;
                    queue.push_back(next);
                }
            }
        }
        Origins {
            at: view
                .nodes()
                .map(|(local, node)| (node, kinds[local.index()]))
                .collect(),
        }
    }

    /// The kinds of the subjects the category held at `node` was collected from.
    pub fn at(&self, node: NodeId) -> KindSet {
        self.at.get(&node).copied().unwrap_or_default()
    }
}
