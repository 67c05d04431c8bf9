//! The meaning the rules share (RULES.md, "How data moves"): each legal question is
//! decided here, once, and the rules, the data map and the record of processing all ask
//! the same [`Judge`].
//!
//! - whether a category is personal data: [`Judge::is_personal`];
//! - held purposes and compatibility: [`purposes`];
//! - explicit consent and Art. 9(2) grounds: [`consent`];
//! - the protection of a transfer: [`transfers`];
//! - whose data a category is (the subjects it was collected from): [`origins`];
//! - whether a purpose needs an impact assessment: [`assessment`];
//! - which data calls for encryption, and which ids identify a person: [`security`];
//! - which rights a purpose opens (portability, objection), the time to answer: [`rights`];
//! - which US state laws apply, sale and sharing, service providers, GDPR scope: [`us`];
//! - how two retention periods compare: [`retention`].

pub mod assessment;
pub mod consent;
pub mod origins;
pub mod purposes;
pub mod retention;
pub mod rights;
pub mod security;
pub mod transfers;
pub mod us;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::graph::FlowGraph;
use crate::knowledge::{CategoryKind, Knowledge, PurposeKind};
use crate::model::{CategoryId, Model, NodeId, PurposeId, Vocabulary};
use crate::values::{CountryCode, Date, Place};

pub use purposes::{Drift, Held, HeldPurposes};
pub use retention::{Bound, Period};
pub use transfers::{Arrival, Destination, Protection, TransferStatus, Unprotected};

/// The configuration's say on transfers (`transfers.adequate`, `transfers.forbidden`).
#[derive(Clone, Debug, Default)]
pub struct TransferPolicy {
    /// Countries the organisation treats as adequate.
    pub adequate: Vec<CountryCode>,
    /// Countries data must never go to, whatever the safeguard.
    pub forbidden: Vec<CountryCode>,
}

/// The answers of a [`Judge`] that are owned data: each personal category's held
/// purposes and origins, and the project's transfers. They depend on the model, its
/// graph, the vocabulary, the day and the transfer policy only, so a project keeps them
/// after its rules have run (`check::Analysis`) and a later judge of the same project
/// (the record, the data map, a diff's facts) reads them instead of deciding again.
#[derive(Default)]
pub struct Answers {
    held: OnceLock<BTreeMap<CategoryId, HeldPurposes>>,
    origins: OnceLock<BTreeMap<CategoryId, origins::Origins>>,
    transfers: OnceLock<transfers::Transfers>,
}

impl std::fmt::Debug for Answers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Answers")
            .field("held", &self.held.get().map(BTreeMap::len))
            .field("origins", &self.origins.get().map(BTreeMap::len))
            .field("transfers", &self.transfers.get().is_some())
            .finish()
    }
}

/// A judge's own answers, or those another judge of the same project left.
enum AnswersOf<'a> {
    Own(Answers),
    Kept(&'a Answers),
}

impl std::ops::Deref for AnswersOf<'_> {
    type Target = Answers;

    fn deref(&self) -> &Answers {
        match self {
            AnswersOf::Own(answers) => answers,
            AnswersOf::Kept(answers) => answers,
        }
    }
}

/// The answers to a project's legal questions, each computed once, on demand.
pub struct Judge<'a> {
    pub model: &'a Model,
    pub graph: &'a FlowGraph,
    pub vocabulary: Vocabulary<'a>,
    /// The day whose law applies: adequacy decisions, EEA membership, safeguards.
    pub as_of: Date,
    pub policy: &'a TransferPolicy,
    answers: AnswersOf<'a>,
    dpia: OnceLock<Vec<assessment::DpiaNeed<'a>>>,
    us_in_force: OnceLock<Vec<&'a crate::knowledge::UsLaw>>,
    /// Each category's and purpose's taxonomy entry, looked up once.
    category_kinds: Vec<Option<&'a CategoryKind>>,
    purpose_kinds: Vec<Option<&'a PurposeKind>>,
}

impl<'a> Judge<'a> {
    pub fn new(
        model: &'a Model,
        graph: &'a FlowGraph,
        vocabulary: Vocabulary<'a>,
        as_of: Date,
        policy: &'a TransferPolicy,
    ) -> Self {
        Judge {
            model,
            graph,
            vocabulary,
            as_of,
            policy,
            answers: AnswersOf::Own(Answers::default()),
            dpia: OnceLock::new(),
            us_in_force: OnceLock::new(),
            category_kinds: model
                .categories
                .iter()
                .map(|c| vocabulary.category(&c.path.node))
                .collect(),
            purpose_kinds: model
                .purposes
                .iter()
                .map(|p| vocabulary.purpose(&p.path.node))
                .collect(),
        }
    }

    /// This judge, reading `answers`, which a judge built with the same arguments left
    /// (`into_answers`): what that judge decided is not decided again.
    pub fn reading(mut self, answers: &'a Answers) -> Self {
        self.answers = AnswersOf::Kept(answers);
        self
    }

    /// What this judge has decided, to be kept with the project.
    pub fn into_answers(self) -> Answers {
        match self.answers {
            AnswersOf::Own(answers) => answers,
            AnswersOf::Kept(_) => Answers::default(),
        }
    }

    pub fn knowledge(&self) -> &'a Knowledge {
        self.vocabulary.knowledge
    }

    pub fn category_kind(&self, id: CategoryId) -> Option<&'a CategoryKind> {
        self.category_kinds.get(id.index()).copied().flatten()
    }

    pub fn purpose_kind(&self, id: PurposeId) -> Option<&'a PurposeKind> {
        self.purpose_kinds.get(id.index()).copied().flatten()
    }

    /// Personal data (GDPR Art. 4(1)): a category whose taxonomy id is personal and that is
    /// not declared `anonymised`. Everything else is out of scope of every rule that judges
    /// processing (RULES.md, "Personal data only"); a category whose id is unknown has
    /// been reported already and is judged no further.
    pub fn is_personal(&self, id: CategoryId) -> bool {
        let anonymised = self.model.category(id).is_some_and(|c| c.anonymised);
        !anonymised && self.category_kind(id).is_some_and(|k| k.personal)
    }

    /// Personal data of a special category (GDPR Art. 9(1)).
    pub fn is_special(&self, id: CategoryId) -> bool {
        self.is_personal(id) && self.category_kind(id).is_some_and(|k| k.special)
    }

    /// Personal data relating to criminal convictions and offences (GDPR Art. 10).
    pub fn is_criminal(&self, id: CategoryId) -> bool {
        self.is_personal(id) && self.category_kind(id).is_some_and(|k| k.criminal)
    }

    /// How each personal category on a flow moves: where it is held and for what.
    pub fn held_purposes(&self) -> &BTreeMap<CategoryId, HeldPurposes> {
        self.answers.held.get_or_init(|| {
            self.personal_categories()
                .into_iter()
                .map(|c| (c, HeldPurposes::of(self, c)))
                .collect()
        })
    }

    fn personal_categories(&self) -> Vec<CategoryId> {
        self.graph
            .categories()
            .filter(|&c| self.is_personal(c))
            .collect()
    }

    /// Answers the questions most rules ask (held purposes and origins per category, the
    /// impact assessment per purpose) on every core, before the rules run. Each answer is
    /// independent per category or purpose; it is computed here, outside the `OnceLock`,
    /// and stored, so that no lazy initialisation ever waits on parallel work (which could
    /// pick up a rule that waits on the same initialisation).
    pub fn prepare(&self, assessments: bool) {
        use rayon::prelude::*;
        if self.answers.held.get().is_none() {
            let held: BTreeMap<CategoryId, HeldPurposes> = self
                .personal_categories()
                .into_par_iter()
                .map(|c| (c, HeldPurposes::of(self, c)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect();
            let _ = self.answers.held.set(held);
        }
        if self.answers.origins.get().is_none() {
            let categories: Vec<CategoryId> = self.held_purposes().keys().copied().collect();
            let origins: BTreeMap<CategoryId, origins::Origins> = categories
                .into_par_iter()
                .map(|c| (c, origins::Origins::of(self, c)))
                .collect::<Vec<_>>()
                .into_iter()
                .collect();
            let _ = self.answers.origins.set(origins);
        }
        if assessments {
            self.prepare_dpia();
        }
    }

    /// How one personal category moves; `None` for data that is not personal or on no flow.
    pub fn held(&self, category: CategoryId) -> Option<&HeldPurposes> {
        self.held_purposes().get(&category)
    }

    /// The kinds of the data subjects a personal category held at `node` was collected
    /// from (empty for data that is not personal or reaches no node from a subject).
    pub fn subject_kinds(&self, category: CategoryId, node: NodeId) -> origins::KindSet {
        self.origins_of(category)
            .map(|o| o.at(node))
            .unwrap_or_default()
    }

    /// Where the data subjects a personal category held at `node` was collected from
    /// are: their own location, else the controller's.
    pub fn subject_places(&self, category: CategoryId, node: NodeId) -> &[Place] {
        self.origins_of(category).map_or(&[], |o| o.places(node))
    }

    fn origins_of(&self, category: CategoryId) -> Option<&origins::Origins> {
        let all = self.answers.origins.get_or_init(|| {
            self.held_purposes()
                .keys()
                .map(|&c| (c, origins::Origins::of(self, c)))
                .collect()
        });
        all.get(&category)
    }

    /// Whether a node is in the EEA on the as-of date; `None` if its location is unknown.
    pub fn in_eea(&self, node: NodeId) -> Option<bool> {
        let place = self.model.node_location(node)?;
        Some(self.place_in_eea(place))
    }

    pub fn place_in_eea(&self, place: Place) -> bool {
        self.knowledge().in_eea(place, self.as_of)
    }

    /// Whether the controller is established in the EEA (unknown counts as not).
    pub fn controller_in_eea(&self) -> bool {
        self.model
            .controller_location()
            .is_some_and(|p| self.place_in_eea(p))
    }
}
