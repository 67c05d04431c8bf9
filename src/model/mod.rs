//! The resolved model of a project: every name bound to its declaration, every value
//! typed and checked against the built-in knowledge, every item with its span.

mod resolve;
mod vocabulary;

use std::collections::BTreeMap;

pub use resolve::{ProjectInput, resolve_project, resolve_test};
pub use vocabulary::{Vocabulary, ids_and_groups, members};

pub use crate::knowledge::Choice;
use crate::knowledge::{
    BasisKind, ConditionCovers, RecipientKind, SafeguardKind, SubjectKind, SystemKind,
};
use crate::source::{Span, Spanned};
use crate::syntax::ast::{Keyword, Suppression, TestDecl, Text, Word};
pub use crate::values::Event;
use crate::values::{Duration, Place, closed_vocabulary};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(pub u32);
        impl $name {
            pub fn index(self) -> usize { self.0 as usize }
        }
    )*};
}

ids! {
    SubjectId, CategoryId, PurposeId, ConsentId, SystemId, ProcessorId, RecipientId,
    FlowId, OrgRuleId,
}

/// A node of the data-flow graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NodeId {
    Subject(SubjectId),
    System(SystemId),
    Processor(ProcessorId),
    Recipient(RecipientId),
}

impl NodeId {
    pub fn declared(self) -> Declared {
        match self {
            NodeId::Subject(id) => Declared::Subject(id),
            NodeId::System(id) => Declared::System(id),
            NodeId::Processor(id) => Declared::Processor(id),
            NodeId::Recipient(id) => Declared::Recipient(id),
        }
    }
}

/// What a declared name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Declared {
    Subject(SubjectId),
    Category(CategoryId),
    Purpose(PurposeId),
    Consent(ConsentId),
    System(SystemId),
    Processor(ProcessorId),
    Recipient(RecipientId),
    Rule(OrgRuleId),
}

impl Declared {
    pub fn keyword(self) -> Keyword {
        match self {
            Declared::Subject(_) => Keyword::Subject,
            Declared::Category(_) => Keyword::Category,
            Declared::Purpose(_) => Keyword::Purpose,
            Declared::Consent(_) => Keyword::Consent,
            Declared::System(_) => Keyword::System,
            Declared::Processor(_) => Keyword::Processor,
            Declared::Recipient(_) => Keyword::Recipient,
            Declared::Rule(_) => Keyword::Rule,
        }
    }

    pub fn node(self) -> Option<NodeId> {
        match self {
            Declared::Subject(id) => Some(NodeId::Subject(id)),
            Declared::System(id) => Some(NodeId::System(id)),
            Declared::Processor(id) => Some(NodeId::Processor(id)),
            Declared::Recipient(id) => Some(NodeId::Recipient(id)),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Controller {
    pub name: Text,
    pub location: Option<Spanned<Place>>,
    pub dpo: Option<Text>,
    pub representative: Option<Text>,
    /// How each right is exercised (`right access "…" within 1 month`), one per right.
    pub rights: Vec<RightChannel>,
    /// The US state laws it says it is subject to (`follows`), as indices of
    /// `Knowledge::us.laws`; `None` when it does not say.
    pub follows: Option<Vec<usize>>,
    /// Where the notice at collection is published.
    pub notice: Option<Text>,
    /// The opt-outs it offers (`optout "link" covers … [honours gpc]`).
    pub optouts: Vec<OptOut>,
    pub description: Option<Text>,
    pub span: Span,
}

/// `optout "link" covers c1, c2 [honours gpc]`
#[derive(Clone, Debug)]
pub struct OptOut {
    pub link: Text,
    pub covers: Vec<Choice>,
    /// It honours opt-out preference signals (Global Privacy Control).
    pub honours_gpc: bool,
    pub span: Span,
}

impl Controller {
    /// The opt-out that covers a choice, if any.
    pub fn optout(&self, choice: Choice) -> Option<&OptOut> {
        self.optouts.iter().find(|o| o.covers.contains(&choice))
    }
}

closed_vocabulary! {
    /// A data subject's right a controller says how to exercise (GDPR Art. 15-21).
    Right {
        Access = "access",
        Rectification = "rectification",
        Erasure = "erasure",
        Restriction = "restriction",
        Portability = "portability",
        Objection = "objection",
    }
}

impl Right {
    /// The article that grants it.
    pub fn article(self) -> &'static str {
        match self {
            Right::Access => "Art. 15",
            Right::Rectification => "Art. 16",
            Right::Erasure => "Art. 17",
            Right::Restriction => "Art. 18",
            Right::Portability => "Art. 20",
            Right::Objection => "Art. 21",
        }
    }
}

/// `right KIND "how" [within D]`
#[derive(Clone, Debug)]
pub struct RightChannel {
    pub right: Right,
    /// Blank is absent: a channel that says nothing is no channel.
    pub how: Option<Text>,
    pub within: Option<Spanned<Duration>>,
    pub span: Span,
}

impl Controller {
    pub fn right(&self, right: Right) -> Option<&RightChannel> {
        self.rights
            .iter()
            .find(|r| r.right == right && r.how.is_some())
    }
}

closed_vocabulary! {
    /// The scale a purpose runs at (GDPR Art. 35(3)(b)-(c); WP248 criterion 5).
    Scale {
        Large = "large",
        Small = "small",
    }
}

#[derive(Clone, Debug)]
pub struct Subject {
    pub name: Word,
    /// `None` when the kind written is unknown (reported at resolution).
    pub kind: Option<Spanned<SubjectKind>>,
    pub location: Option<Spanned<Place>>,
    pub description: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Category {
    pub name: Word,
    /// A data category id of the taxonomy.
    pub path: Word,
    pub retention_max: Option<Spanned<Duration>>,
    /// How its retention period is determined, where no period can be given.
    pub retention_criteria: Option<Text>,
    pub pseudonymised: bool,
    pub anonymised: bool,
    pub description: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Retention {
    pub duration: Spanned<Duration>,
    pub after: Event,
}

/// A legal basis under GDPR Art. 6(1). A consent that did not resolve is `None` (the
/// unknown name has already been reported).
#[derive(Clone, Debug)]
pub enum Basis {
    Consent(Option<ConsentId>),
    ExplicitConsent(Option<ConsentId>),
    Contract,
    LegalObligation(Text),
    VitalInterests,
    PublicTask(Text),
    LegitimateInterests(Text),
}

impl Basis {
    pub fn kind(&self) -> BasisKind {
        match self {
            Basis::Consent(_) => BasisKind::Consent,
            Basis::ExplicitConsent(_) => BasisKind::ExplicitConsent,
            Basis::Contract => BasisKind::Contract,
            Basis::LegalObligation(_) => BasisKind::LegalObligation,
            Basis::VitalInterests => BasisKind::VitalInterests,
            Basis::PublicTask(_) => BasisKind::PublicTask,
            Basis::LegitimateInterests(_) => BasisKind::LegitimateInterests,
        }
    }

    /// The consent a consent basis names (`None` inside when the name did not resolve).
    pub fn consent(&self) -> Option<Option<ConsentId>> {
        match self {
            Basis::Consent(c) | Basis::ExplicitConsent(c) => Some(*c),
            _ => None,
        }
    }
}

/// A condition named by a purpose (`condition ID "why"`), by its canonical id: one of
/// Art. 9(2) for special categories, or of Art. 10 for criminal-offence data.
#[derive(Clone, Debug)]
pub struct LegalCondition {
    pub id: String,
    pub covers: ConditionCovers,
    pub justification: Text,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Purpose {
    pub name: Word,
    /// A purpose id of the taxonomy.
    pub path: Word,
    pub basis: Option<Spanned<Basis>>,
    pub compatible: Vec<Spanned<PurposeId>>,
    pub retain: Option<Spanned<Retention>>,
    pub automated_decisions: Option<Span>,
    pub conditions: Vec<LegalCondition>,
    /// The DPIA that covers it (Art. 35).
    pub dpia: Option<Text>,
    pub scale: Option<Spanned<Scale>>,
    pub new_technology: Option<Text>,
    /// The safeguards of Art. 22(3).
    pub human_review: Option<Text>,
    pub contest: Option<Text>,
    /// The categories it needs (Art. 5(1)(c)); `None` when it does not say.
    pub needs: Option<Spanned<Vec<Spanned<CategoryId>>>>,
    pub consultation: Option<Text>,
    pub description: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentDefault {
    Denied,
    Granted,
}

#[derive(Clone, Debug)]
pub struct Consent {
    pub name: Word,
    pub default: Option<Spanned<ConsentDefault>>,
    pub withdraw: Option<Text>,
    pub explicit: bool,
    pub parental: Option<Text>,
    pub renew: Option<Spanned<Duration>>,
    pub proof: Option<Text>,
    pub description: Option<Text>,
    pub span: Span,
}

/// `stores c1, c2 for DURATION [encrypted] [pseudonymised]`
#[derive(Clone, Debug)]
pub struct Storage {
    pub categories: Vec<Spanned<CategoryId>>,
    pub duration: Spanned<Duration>,
    /// Encrypted at rest.
    pub encrypted: bool,
    pub pseudonymised: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct System {
    pub name: Word,
    /// `None` when the kind written is unknown (reported at resolution).
    pub kind: Option<Spanned<SystemKind>>,
    pub location: Option<Spanned<Place>>,
    pub stores: Vec<Storage>,
    pub access_control: Option<Text>,
    /// How an erasure request reaches the data held here.
    pub erasure: Option<Text>,
    pub description: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Safeguard {
    pub kind: SafeguardKind,
    /// The Art. 49 ground of a derogation.
    pub ground: Option<Text>,
}

#[derive(Clone, Debug)]
pub struct Processor {
    pub name: Word,
    pub location: Option<Spanned<Place>>,
    pub safeguard: Option<Spanned<Safeguard>>,
    pub dpa: Option<Text>,
    pub subprocessors: Vec<Spanned<ProcessorId>>,
    pub stores: Vec<Storage>,
    pub access_control: Option<Text>,
    pub erasure: Option<Text>,
    /// A service-provider contract and the business purposes it limits the processor to
    /// (Cal. Civ. Code §1798.140(ag)).
    pub service_contract: Option<ServiceContract>,
    pub description: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ServiceContract {
    pub reference: Text,
    pub purposes: Vec<Spanned<PurposeId>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Recipient {
    pub name: Word,
    /// `None` when the kind written is unknown (reported at resolution).
    pub kind: Option<Spanned<RecipientKind>>,
    pub location: Option<Spanned<Place>>,
    pub safeguard: Option<Spanned<Safeguard>>,
    pub contract: Option<Text>,
    /// How an erasure (rectification, restriction) is notified to it (Art. 19).
    pub erasure: Option<Text>,
    /// What the business receives for the data: a disclosure to it is a sale.
    pub consideration: Option<Text>,
    pub description: Option<Text>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Flow {
    pub from: Spanned<NodeId>,
    pub to: Spanned<NodeId>,
    pub categories: Vec<Spanned<CategoryId>>,
    pub purposes: Vec<Spanned<PurposeId>>,
    pub encrypted: bool,
    pub pseudonymised: bool,
    /// A category or purpose it names did not resolve: what it carries, and for what, is
    /// not fully known.
    pub incomplete: bool,
    pub span: Span,
}

/// A taxonomy pattern such as `special.*`, split into segments (`*` matches one segment;
/// a pattern shorter than an id matches the whole subtree).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaxonomyPattern {
    pub segments: Vec<String>,
}

impl TaxonomyPattern {
    pub fn parse(text: &str) -> TaxonomyPattern {
        TaxonomyPattern {
            segments: text.split('.').map(str::to_owned).collect(),
        }
    }

    pub fn matches(&self, id: &str) -> bool {
        let mut parts = id.split('.');
        for segment in &self.segments {
            match parts.next() {
                Some(part) if segment == "*" || segment == part => {}
                _ => return false,
            }
        }
        true
    }
}

#[derive(Clone, Debug)]
pub enum DataPattern {
    Category(CategoryId),
    Taxonomy(TaxonomyPattern),
}

#[derive(Clone, Debug)]
pub enum PurposePattern {
    Purpose(PurposeId),
    Taxonomy(TaxonomyPattern),
}

/// What `require … for KIND` and `to KIND` name: every declaration of a keyword, for
/// subjects, systems and recipients optionally of one kind (`recipient : data_broker`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindFilter {
    Controller,
    Subject(Option<SubjectKind>),
    Category,
    Purpose,
    Consent,
    System(Option<SystemKind>),
    Processor,
    Recipient(Option<RecipientKind>),
    Flow,
}

impl KindFilter {
    pub fn keyword(self) -> Keyword {
        match self {
            KindFilter::Controller => Keyword::Controller,
            KindFilter::Subject(_) => Keyword::Subject,
            KindFilter::Category => Keyword::Category,
            KindFilter::Purpose => Keyword::Purpose,
            KindFilter::Consent => Keyword::Consent,
            KindFilter::System(_) => Keyword::System,
            KindFilter::Processor => Keyword::Processor,
            KindFilter::Recipient(_) => Keyword::Recipient,
            KindFilter::Flow => Keyword::Flow,
        }
    }

    /// Whether a node of the graph is of this keyword and kind.
    pub fn matches_node(self, model: &Model, node: NodeId) -> bool {
        let kind_ok = |want: Option<&str>, has: Option<&str>| want.is_none_or(|w| has == Some(w));
        match (self, node) {
            (KindFilter::Subject(want), NodeId::Subject(id)) => kind_ok(
                want.map(SubjectKind::id),
                model
                    .subjects
                    .get(id.index())
                    .and_then(|s| s.kind.as_ref())
                    .map(|k| k.node.id()),
            ),
            (KindFilter::System(want), NodeId::System(id)) => kind_ok(
                want.map(SystemKind::id),
                model
                    .systems
                    .get(id.index())
                    .and_then(|s| s.kind.as_ref())
                    .map(|k| k.node.id()),
            ),
            (KindFilter::Processor, NodeId::Processor(_)) => true,
            (KindFilter::Recipient(want), NodeId::Recipient(id)) => kind_ok(
                want.map(RecipientKind::id),
                model
                    .recipients
                    .get(id.index())
                    .and_then(|r| r.kind.as_ref())
                    .map(|k| k.node.id()),
            ),
            _ => false,
        }
    }
}

closed_vocabulary! {
    /// A property `require PROPERTY for KIND` asks of a declaration.
    Property {
        Location = "location",
        Dpo = "dpo",
        Representative = "representative",
        Description = "description",
        Retention = "retention",
        Pseudonymised = "pseudonymised",
        Anonymised = "anonymised",
        Compatible = "compatible",
        Condition = "condition",
        Withdraw = "withdraw",
        Explicit = "explicit",
        Parental = "parental",
        Renew = "renew",
        Proof = "proof",
        Safeguard = "safeguard",
        Dpa = "dpa",
        Contract = "contract",
        Encrypted = "encrypted",
        Dpia = "dpia",
        Scale = "scale",
        NewTechnology = "new_technology",
        HumanReview = "human_review",
        Contest = "contest",
        Needs = "needs",
        Consultation = "consultation",
        AccessControl = "access_control",
        Erasure = "erasure",
    }
}

impl Property {
    /// The properties declarations of each keyword have.
    pub fn of(keyword: Keyword) -> &'static [Property] {
        use Property::*;
        match keyword {
            Keyword::Controller => &[Location, Dpo, Representative, Description],
            Keyword::Subject => &[Location, Description],
            Keyword::Category => &[Retention, Description, Pseudonymised, Anonymised],
            Keyword::Purpose => &[
                Retention,
                Description,
                Compatible,
                Condition,
                Dpia,
                Scale,
                NewTechnology,
                HumanReview,
                Contest,
                Needs,
                Consultation,
            ],
            Keyword::Consent => &[Withdraw, Explicit, Parental, Renew, Proof, Description],
            Keyword::System => &[
                Location,
                Retention,
                Description,
                AccessControl,
                Erasure,
                Encrypted,
            ],
            Keyword::Processor => &[
                Location,
                Safeguard,
                Dpa,
                Retention,
                Description,
                AccessControl,
                Erasure,
                Encrypted,
            ],
            Keyword::Recipient => &[Location, Safeguard, Contract, Erasure, Description],
            Keyword::Flow => &[Encrypted, Pseudonymised],
            Keyword::Rule | Keyword::Test => &[],
        }
    }
}

#[derive(Clone, Debug)]
pub enum NodeFilter {
    Node(NodeId),
    Kind(KindFilter),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Regions {
    Outside(Vec<Place>),
    In(Vec<Place>),
}

#[derive(Clone, Debug, Default)]
pub struct FlowConditions {
    pub purposes: Option<Vec<PurposePattern>>,
    pub to: Option<NodeFilter>,
    pub regions: Option<Regions>,
    /// `about subject [: kinds]`: data collected from subjects of these kinds (empty: any
    /// subject).
    pub about: Option<Vec<SubjectKind>>,
}

#[derive(Clone, Debug)]
pub enum OrgRuleCheck {
    DenyData {
        data: Vec<DataPattern>,
        conditions: FlowConditions,
    },
    DenyFlow {
        conditions: FlowConditions,
    },
    Require {
        property: Property,
        target: KindFilter,
        /// For purposes and categories: only those whose taxonomy id matches.
        taxonomy: Option<TaxonomyPattern>,
    },
}

#[derive(Clone, Debug)]
pub struct OrgRule {
    pub name: Word,
    pub title: Text,
    pub checks: Vec<Spanned<OrgRuleCheck>>,
    pub severity: Option<Spanned<crate::diagnostic::Severity>>,
    /// What the rule rests on (`source "…"`), shown with its findings.
    pub source: Option<Text>,
    pub span: Span,
}

/// A `test` block, kept as written: its model is built when it runs.
#[derive(Clone, Debug)]
pub struct TestCase {
    pub decl: TestDecl,
}

/// The whole project, resolved.
#[derive(Debug, Default)]
pub struct Model {
    pub controller: Option<Controller>,
    pub subjects: Vec<Subject>,
    pub categories: Vec<Category>,
    pub purposes: Vec<Purpose>,
    pub consents: Vec<Consent>,
    pub systems: Vec<System>,
    pub processors: Vec<Processor>,
    pub recipients: Vec<Recipient>,
    pub flows: Vec<Flow>,
    pub rules: Vec<OrgRule>,
    pub tests: Vec<TestCase>,
    pub suppressions: Vec<Suppression>,
    pub names: BTreeMap<String, Declared>,
    /// `controller.location` of the configuration, for projects that declare no controller.
    pub configured_controller_location: Option<Place>,
    /// Spans of the declarations with an input error in them, sorted: the rules report
    /// nothing inside them (the input error is the one diagnostic of its cause).
    pub erroneous: Vec<Span>,
    /// The kinds of declaration some reference named but that did not resolve: a rule
    /// that judges what is missing (an unused category) cannot judge with those unknown.
    pub unresolved: std::collections::BTreeSet<Keyword>,
    /// Nodes a flow that did not parse goes to: what they hold is unknown, so no drift is
    /// judged from them.
    pub unjudged: std::collections::BTreeSet<NodeId>,
}

impl Model {
    pub fn lookup(&self, name: &str) -> Option<Declared> {
        self.names.get(name).copied()
    }

    pub fn node_name(&self, node: NodeId) -> &str {
        let word = match node {
            NodeId::Subject(id) => self.subjects.get(id.index()).map(|s| &s.name),
            NodeId::System(id) => self.systems.get(id.index()).map(|s| &s.name),
            NodeId::Processor(id) => self.processors.get(id.index()).map(|s| &s.name),
            NodeId::Recipient(id) => self.recipients.get(id.index()).map(|s| &s.name),
        };
        word.map_or("?", |w| w.node.as_str())
    }

    /// Where a node is located. A subject without a location is where the controller is.
    pub fn node_location(&self, node: NodeId) -> Option<Place> {
        let own = match node {
            NodeId::Subject(id) => self
                .subjects
                .get(id.index())
                .and_then(|s| s.location.as_ref()),
            NodeId::System(id) => self
                .systems
                .get(id.index())
                .and_then(|s| s.location.as_ref()),
            NodeId::Processor(id) => self
                .processors
                .get(id.index())
                .and_then(|s| s.location.as_ref()),
            NodeId::Recipient(id) => self
                .recipients
                .get(id.index())
                .and_then(|s| s.location.as_ref()),
        };
        match (own, node) {
            (Some(place), _) => Some(place.node),
            (None, NodeId::Subject(_)) => self.controller_location(),
            (None, _) => None,
        }
    }

    /// The declared controller's location, else the configuration's.
    pub fn controller_location(&self) -> Option<Place> {
        self.controller
            .as_ref()
            .and_then(|c| c.location.as_ref())
            .map(|l| l.node)
            .or(self.configured_controller_location)
    }

    /// Whether a span lies inside a declaration with an input error.
    pub fn in_erroneous(&self, span: Span) -> bool {
        let after = self
            .erroneous
            .partition_point(|s| (s.file, s.start) <= (span.file, span.start));
        after
            .checked_sub(1)
            .and_then(|i| self.erroneous.get(i))
            .is_some_and(|d| d.file == span.file && span.end <= d.end)
    }

    /// The span of a named declaration.
    pub fn span_of(&self, declared: Declared) -> Option<Span> {
        match declared {
            Declared::Subject(id) => self.subjects.get(id.index()).map(|d| d.span),
            Declared::Category(id) => self.categories.get(id.index()).map(|d| d.span),
            Declared::Purpose(id) => self.purposes.get(id.index()).map(|d| d.span),
            Declared::Consent(id) => self.consents.get(id.index()).map(|d| d.span),
            Declared::System(id) => self.systems.get(id.index()).map(|d| d.span),
            Declared::Processor(id) => self.processors.get(id.index()).map(|d| d.span),
            Declared::Recipient(id) => self.recipients.get(id.index()).map(|d| d.span),
            Declared::Rule(id) => self.rules.get(id.index()).map(|d| d.span),
        }
    }

    /// Every node of the graph: subjects, systems, processors, recipients, each in
    /// declaration order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + '_ {
        let subjects = (0..self.subjects.len()).map(|i| NodeId::Subject(SubjectId(i as u32)));
        let systems = (0..self.systems.len()).map(|i| NodeId::System(SystemId(i as u32)));
        let processors =
            (0..self.processors.len()).map(|i| NodeId::Processor(ProcessorId(i as u32)));
        let recipients =
            (0..self.recipients.len()).map(|i| NodeId::Recipient(RecipientId(i as u32)));
        subjects.chain(systems).chain(processors).chain(recipients)
    }

    /// The span of a node's declared name: where a finding about the node points.
    pub fn node_name_span(&self, node: NodeId) -> Option<Span> {
        match node {
            NodeId::Subject(id) => self.subjects.get(id.index()).map(|n| n.name.span),
            NodeId::System(id) => self.systems.get(id.index()).map(|n| n.name.span),
            NodeId::Processor(id) => self.processors.get(id.index()).map(|n| n.name.span),
            NodeId::Recipient(id) => self.recipients.get(id.index()).map(|n| n.name.span),
        }
    }

    /// The declared kind of a node (`customer`, `database`, `ad_network`); processors have none.
    pub fn node_kind(&self, node: NodeId) -> Option<&'static str> {
        match node {
            NodeId::Subject(id) => self
                .subjects
                .get(id.index())?
                .kind
                .as_ref()
                .map(|k| k.node.id()),
            NodeId::System(id) => self
                .systems
                .get(id.index())?
                .kind
                .as_ref()
                .map(|k| k.node.id()),
            NodeId::Processor(_) => None,
            NodeId::Recipient(id) => self
                .recipients
                .get(id.index())?
                .kind
                .as_ref()
                .map(|k| k.node.id()),
        }
    }

    /// The transfer safeguard a processor or recipient declares.
    pub fn safeguard_of(&self, node: NodeId) -> Option<&Spanned<Safeguard>> {
        match node {
            NodeId::Processor(id) => self.processors.get(id.index())?.safeguard.as_ref(),
            NodeId::Recipient(id) => self.recipients.get(id.index())?.safeguard.as_ref(),
            NodeId::Subject(_) | NodeId::System(_) => None,
        }
    }

    /// The kind of a recipient node, if it is one of a known kind.
    pub fn recipient_kind(&self, node: NodeId) -> Option<RecipientKind> {
        match node {
            NodeId::Recipient(id) => self
                .recipients
                .get(id.index())?
                .kind
                .as_ref()
                .map(|k| k.node),
            _ => None,
        }
    }

    /// The kind of a subject node, if it is one of a known kind.
    pub fn subject_kind(&self, node: NodeId) -> Option<SubjectKind> {
        match node {
            NodeId::Subject(id) => self.subjects.get(id.index())?.kind.as_ref().map(|k| k.node),
            _ => None,
        }
    }

    /// Every `stores … for …` of the systems and processors, with the node that stores.
    pub fn storages(&self) -> impl Iterator<Item = (NodeId, &Word, &Storage)> {
        let systems = self.systems.iter().enumerate().flat_map(|(i, s)| {
            s.stores
                .iter()
                .map(move |st| (NodeId::System(SystemId(i as u32)), &s.name, st))
        });
        let processors = self.processors.iter().enumerate().flat_map(|(i, p)| {
            p.stores
                .iter()
                .map(move |st| (NodeId::Processor(ProcessorId(i as u32)), &p.name, st))
        });
        systems.chain(processors)
    }

    pub fn category(&self, id: CategoryId) -> Option<&Category> {
        self.categories.get(id.index())
    }

    pub fn purpose(&self, id: PurposeId) -> Option<&Purpose> {
        self.purposes.get(id.index())
    }
}
