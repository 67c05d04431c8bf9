//! What rules read: the model, the graph, the law's answers about them ([`Judge`]), the
//! configured retention caps and the selection of rules of the run.

use crate::graph::FlowGraph;
use crate::law::Judge;
use crate::law::retention::ConfiguredCap;
use crate::model::{Model, Vocabulary};
use crate::values::Date;

use super::RuleSelection;

pub struct Context<'a> {
    pub model: &'a Model,
    pub graph: &'a FlowGraph,
    pub vocabulary: Vocabulary<'a>,
    /// The day whose law applies: adequacy decisions, EEA membership, safeguards.
    pub as_of: Date,
    /// Every legal question about the project, decided once.
    pub law: Judge<'a>,
    /// The configuration's `retention.caps`.
    pub caps: &'a [ConfiguredCap],
    pub selection: &'a RuleSelection,
}

impl<'a> Context<'a> {
    pub fn new(law: Judge<'a>, caps: &'a [ConfiguredCap], selection: &'a RuleSelection) -> Self {
        Context {
            model: law.model,
            graph: law.graph,
            vocabulary: law.vocabulary,
            as_of: law.as_of,
            law,
            caps,
            selection,
        }
    }

    pub fn knowledge(&self) -> &'a crate::knowledge::Knowledge {
        self.vocabulary.knowledge
    }
}
