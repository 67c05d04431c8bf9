//! The syntax tree of one policy file: what was written, with spans, before any name is
//! resolved or any value is checked.

use crate::source::{FileId, Span, Spanned};

/// A word as written (a name, a country, a unit, a taxonomy path…).
pub type Word = Spanned<String>;

/// A string literal with its escapes resolved.
pub type Text = Spanned<String>;

#[derive(Clone, Debug, Default)]
pub struct PolicyFile {
    pub file: Option<FileId>,
    pub declarations: Vec<Declaration>,
    pub suppressions: Vec<Suppression>,
    /// Declarations the parser could not read, by keyword and name where it could still
    /// tell them: references to them are not reported a second time as unknown names.
    pub broken: Vec<(Keyword, Word)>,
    /// The target nodes of flows the parser could not read: what reaches them is not
    /// known, so nothing is judged from there on.
    pub broken_flows: Vec<Word>,
    /// Declarations cut short by a syntax error on their own line: what they seem to lack
    /// is the syntax error's to say.
    pub truncated: Vec<Span>,
}

#[derive(Clone, Debug)]
pub enum Declaration {
    Entity(EntityDecl),
    Flow(FlowDecl),
    Rule(RuleDecl),
    Test(TestDecl),
}

impl Declaration {
    pub fn span(&self) -> Span {
        match self {
            Declaration::Entity(d) => d.span,
            Declaration::Flow(d) => d.span,
            Declaration::Rule(d) => d.span,
            Declaration::Test(d) => d.span,
        }
    }
}

/// The keyword that introduces a declaration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Keyword {
    Controller,
    Subject,
    Category,
    Purpose,
    Consent,
    System,
    Processor,
    Recipient,
    Flow,
    Rule,
    Test,
}

impl Keyword {
    pub const ALL: [Keyword; 11] = [
        Keyword::Controller,
        Keyword::Subject,
        Keyword::Category,
        Keyword::Purpose,
        Keyword::Consent,
        Keyword::System,
        Keyword::Processor,
        Keyword::Recipient,
        Keyword::Flow,
        Keyword::Rule,
        Keyword::Test,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Controller => "controller",
            Keyword::Subject => "subject",
            Keyword::Category => "category",
            Keyword::Purpose => "purpose",
            Keyword::Consent => "consent",
            Keyword::System => "system",
            Keyword::Processor => "processor",
            Keyword::Recipient => "recipient",
            Keyword::Flow => "flow",
            Keyword::Rule => "rule",
            Keyword::Test => "test",
        }
    }

    /// "a purpose", "an organisation rule": for messages.
    pub fn with_article(self) -> &'static str {
        match self {
            Keyword::Controller => "the controller",
            Keyword::Subject => "a subject",
            Keyword::Category => "a category",
            Keyword::Purpose => "a purpose",
            Keyword::Consent => "a consent",
            Keyword::System => "a system",
            Keyword::Processor => "a processor",
            Keyword::Recipient => "a recipient",
            Keyword::Flow => "a flow",
            Keyword::Rule => "an organisation rule",
            Keyword::Test => "a test",
        }
    }

    /// Nodes of the data-flow graph.
    pub fn is_node(self) -> bool {
        matches!(
            self,
            Keyword::Subject | Keyword::System | Keyword::Processor | Keyword::Recipient
        )
    }
}

/// `KEYWORD name [: kind-or-path] [{ attributes }]` for every declaration but flows, rules
/// and tests. For the controller, `name` is its quoted name.
#[derive(Clone, Debug)]
pub struct EntityDecl {
    pub keyword: Spanned<Keyword>,
    pub name: Word,
    /// The subject, system or recipient kind, or the category or purpose taxonomy path.
    pub kind: Option<Word>,
    pub attributes: Vec<Spanned<Attribute>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Attribute {
    Location(Word),
    Description(Text),
    Dpo(Text),
    Representative(Text),
    RetentionMax(DurationLit),
    Pseudonymised,
    Anonymised,
    Basis(Spanned<BasisLit>),
    Compatible(Vec<Word>),
    Retain {
        duration: DurationLit,
        after: Option<Word>,
    },
    AutomatedDecisions,
    Condition {
        condition: Word,
        justification: Text,
    },
    Default(Word),
    Withdraw(Text),
    Explicit,
    Parental(Text),
    Renew(DurationLit),
    Proof(Text),
    Stores {
        categories: Vec<Word>,
        duration: DurationLit,
        /// `encrypted` after the duration: encrypted at rest.
        encrypted: bool,
        /// `pseudonymised` after the duration: kept pseudonymised.
        pseudonymised: bool,
    },
    Safeguard {
        name: Word,
        ground: Option<Text>,
    },
    Dpa(Text),
    Subprocessor(Word),
    Contract(Text),
    Encrypted,
    Dpia(Text),
    Scale(Word),
    NewTechnology(Text),
    HumanReview(Text),
    Contest(Text),
    Needs(Vec<Word>),
    Consultation(Text),
    AccessControl(Text),
    Erasure(Text),
    Right {
        right: Word,
        how: Text,
        within: Option<DurationLit>,
    },
    Follows(Vec<Word>),
    Notice(Text),
    OptOut {
        link: Text,
        covers: Vec<Word>,
        honours: Option<Word>,
    },
    RetentionCriteria(Text),
    ServiceContract {
        reference: Text,
        purposes: Vec<Word>,
    },
    Consideration(Text),
}

impl Attribute {
    /// The attribute's keyword, for messages.
    pub fn keyword(&self) -> &'static str {
        match self {
            Attribute::Location(_) => "location",
            Attribute::Description(_) => "description",
            Attribute::Dpo(_) => "dpo",
            Attribute::Representative(_) => "representative",
            Attribute::RetentionMax(_) => "retention max",
            Attribute::Pseudonymised => "pseudonymised",
            Attribute::Anonymised => "anonymised",
            Attribute::Basis(_) => "basis",
            Attribute::Compatible(_) => "compatible",
            Attribute::Retain { .. } => "retain",
            Attribute::AutomatedDecisions => "automated_decisions",
            Attribute::Condition { .. } => "condition",
            Attribute::Default(_) => "default",
            Attribute::Withdraw(_) => "withdraw",
            Attribute::Explicit => "explicit",
            Attribute::Parental(_) => "parental",
            Attribute::Renew(_) => "renew",
            Attribute::Proof(_) => "proof",
            Attribute::Stores { .. } => "stores",
            Attribute::Safeguard { .. } => "safeguard",
            Attribute::Dpa(_) => "dpa",
            Attribute::Subprocessor(_) => "subprocessor",
            Attribute::Contract(_) => "contract",
            Attribute::Encrypted => "encrypted",
            Attribute::Dpia(_) => "dpia",
            Attribute::Scale(_) => "scale",
            Attribute::NewTechnology(_) => "new_technology",
            Attribute::HumanReview(_) => "human_review",
            Attribute::Contest(_) => "contest",
            Attribute::Needs(_) => "needs",
            Attribute::Consultation(_) => "consultation",
            Attribute::AccessControl(_) => "access_control",
            Attribute::Erasure(_) => "erasure",
            Attribute::Right { .. } => "right",
            Attribute::Follows(_) => "follows",
            Attribute::Notice(_) => "notice",
            Attribute::OptOut { .. } => "optout",
            Attribute::RetentionCriteria(_) => "retention criteria",
            Attribute::ServiceContract { .. } => "contract",
            Attribute::Consideration(_) => "consideration",
        }
    }

    /// Attributes that may be given more than once.
    pub fn is_repeatable(&self) -> bool {
        matches!(
            self,
            Attribute::Stores { .. }
                | Attribute::Subprocessor(_)
                | Attribute::Compatible(_)
                | Attribute::Needs(_)
                | Attribute::Right { .. }
                | Attribute::OptOut { .. }
        )
    }
}

/// `13 months` as written.
#[derive(Clone, Debug)]
pub struct DurationLit {
    pub count: Word,
    pub unit: Word,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum BasisLit {
    Consent(Word),
    ExplicitConsent(Word),
    Contract,
    LegalObligation(Text),
    VitalInterests,
    PublicTask(Text),
    LegitimateInterests(Text),
}

/// `flow a -> b : c1, c2 for p1, p2 { … }`
#[derive(Clone, Debug)]
pub struct FlowDecl {
    pub from: Word,
    pub to: Word,
    pub categories: Vec<Word>,
    pub purposes: Vec<Word>,
    pub attributes: Vec<Spanned<Attribute>>,
    pub span: Span,
}

/// `rule id "title" { … }`
#[derive(Clone, Debug)]
pub struct RuleDecl {
    pub name: Word,
    pub title: Text,
    pub statements: Vec<Spanned<RuleStatement>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum RuleStatement {
    DenyData {
        patterns: Vec<Word>,
        conditions: Vec<Spanned<RuleCondition>>,
    },
    DenyFlow {
        conditions: Vec<Spanned<RuleCondition>>,
    },
    Require {
        property: Word,
        target: KindPattern,
    },
    Severity(Word),
    Source(Text),
}

#[derive(Clone, Debug)]
pub enum RuleCondition {
    For(Vec<Word>),
    To(NodePattern),
    Outside(Vec<Word>),
    In(Vec<Word>),
    /// `about subject [: kind, kind…]`: data collected from such subjects.
    About(Vec<Word>),
}

impl RuleCondition {
    pub fn keyword(&self) -> &'static str {
        match self {
            RuleCondition::For(_) => "for",
            RuleCondition::To(_) => "to",
            RuleCondition::Outside(_) => "outside",
            RuleCondition::In(_) => "in",
            RuleCondition::About(_) => "about",
        }
    }
}

/// What `to` names: a declared node, or every node of a keyword (and kind).
#[derive(Clone, Debug)]
pub enum NodePattern {
    Kind(KindPattern),
    Name(Word),
}

/// `recipient : data_broker`, `processor`, `purpose : hr.monitoring`.
#[derive(Clone, Debug)]
pub struct KindPattern {
    pub keyword: Spanned<Keyword>,
    pub kind: Option<Word>,
}

/// `test "name" [isolated] { … }`
#[derive(Clone, Debug)]
pub struct TestDecl {
    pub name: Text,
    pub isolated: bool,
    pub declarations: Vec<Declaration>,
    pub expectations: Vec<Spanned<Expectation>>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum Expectation {
    Clean,
    /// `expect no RULE [at DECL]`
    Absent {
        rule: Word,
        at: Option<Spanned<DeclRef>>,
    },
    Present {
        rule: Word,
        at: Option<Spanned<DeclRef>>,
        times: Option<Spanned<u32>>,
    },
}

/// `flow a -> b` or `KEYWORD name`, in `expect … at`.
#[derive(Clone, Debug)]
pub enum DeclRef {
    Flow {
        from: Word,
        to: Word,
    },
    Named {
        keyword: Spanned<Keyword>,
        name: Word,
    },
}

/// `# redline: allow RULE[, RULE…] -- reason`
#[derive(Clone, Debug)]
pub struct Suppression {
    pub rules: Vec<Word>,
    pub reason: Text,
    /// 1-based line of the comment.
    pub line: usize,
    pub span: Span,
}
