//! Syntax tree to model. Pass one binds every name (E003 for a second declaration); pass
//! two types every value and resolves every reference (E002 for an unknown name, E004 for
//! the wrong kind of declaration or a bad value). Problems are collected, never fatal:
//! what cannot be resolved is left out of the model and the rest goes on.

use std::collections::{BTreeMap, HashMap};

use super::vocabulary::{ids_and_groups, members};
use super::*;
use crate::diagnostic::{Diagnostic, InputError, Severity};
use crate::knowledge::SafeguardKind;
use crate::source::{Span, Spanned};
use crate::suggest;
use crate::syntax::ast::{
    self, Attribute, BasisLit, DeclRef, Declaration, DurationLit, EntityDecl, Expectation,
    FlowDecl, KindPattern, PolicyFile, RuleCondition, RuleDecl, RuleStatement, TestDecl,
};
use crate::values::{CountryCode, Duration, DurationError, Place, Region, TimeUnit};

/// What resolution needs besides the files.
#[derive(Clone, Copy)]
pub struct ProjectInput<'a> {
    /// The project's parsed files, in the order their paths sort.
    pub files: &'a [PolicyFile],
    pub vocabulary: Vocabulary<'a>,
    /// The configuration's `controller.location`, used when no policy declares one.
    pub controller_location: Option<Place>,
}

/// Resolves the project's declarations; test blocks are kept for `redline test` and their
/// own declarations are checked here too, so that `redline check` reports their errors.
pub fn resolve_project(input: ProjectInput<'_>) -> (Model, Vec<Diagnostic>) {
    let declarations: Vec<&Declaration> = input
        .files
        .iter()
        .flat_map(|f| f.declarations.iter())
        .filter(|d| !matches!(d, Declaration::Test(_)))
        .collect();
    let mut resolver = Resolver::new(input.vocabulary);
    resolver.resolve(&declarations, input.controller_location);
    let mut model = resolver.model;
    let mut diagnostics = resolver.diagnostics;

    let mut test_names: BTreeMap<&str, Span> = BTreeMap::new();
    for file in input.files {
        model.suppressions.extend(file.suppressions.iter().cloned());
        for declaration in &file.declarations {
            let Declaration::Test(test) = declaration else {
                continue;
            };
            if let Some(first) = test_names.get(test.name.node.as_str()) {
                diagnostics.push(duplicate(&test.name.node, test.name.span, *first, "test"));
                continue;
            }
            test_names.insert(&test.name.node, test.name.span);
            let (_, test_diagnostics) = resolve_test(input, test);
            diagnostics.extend(test_diagnostics);
            model.tests.push(TestCase { decl: test.clone() });
        }
    }
    (model, diagnostics)
}

/// The model of one test: the project's declarations and the test's own (only the test's
/// with `isolated`). Diagnostics are those that point into the test.
pub fn resolve_test(input: ProjectInput<'_>, test: &TestDecl) -> (Model, Vec<Diagnostic>) {
    let mut declarations: Vec<&Declaration> = Vec::new();
    if !test.isolated {
        declarations.extend(
            input
                .files
                .iter()
                .flat_map(|f| f.declarations.iter())
                .filter(|d| !matches!(d, Declaration::Test(_))),
        );
    }
    declarations.extend(test.declarations.iter());
    let mut resolver = Resolver::new(input.vocabulary);
    let controller = if test.isolated {
        None
    } else {
        input.controller_location
    };
    resolver.resolve(&declarations, controller);
    for expectation in &test.expectations {
        resolver.expectation(expectation);
    }
    let inside = |d: &Diagnostic| {
        d.span().is_some_and(|s| {
            s.file == test.span.file && s.start >= test.span.start && s.end <= test.span.end
        })
    };
    let diagnostics = resolver.diagnostics.into_iter().filter(inside).collect();
    (resolver.model, diagnostics)
}

fn duplicate(name: &str, span: Span, first: Span, what: &str) -> Diagnostic {
    Diagnostic::input(
        InputError::DuplicateDeclaration,
        span,
        format!("`{name}` is declared twice"),
    )
    .with_label(format!("a second {what} named `{name}`"))
    .with_secondary(first, "first declared here")
    .with_help("names are global across all policy files of a project: rename one of them")
}

struct Resolver<'a> {
    vocabulary: Vocabulary<'a>,
    model: Model,
    diagnostics: Vec<Diagnostic>,
    /// Where each name was declared, for "first declared here".
    declared_at: HashMap<String, Span>,
    /// Did-you-mean answers by (word, kinds): many identical typos cost one search.
    suggestions: HashMap<(String, Vec<Keyword>), Option<String>>,
    /// What is left of the run's did-you-mean work (`limits::SUGGESTION_COMPARISONS`).
    suggestion_budget: usize,
}

impl<'a> Resolver<'a> {
    fn new(vocabulary: Vocabulary<'a>) -> Self {
        Resolver {
            vocabulary,
            model: Model::default(),
            diagnostics: Vec::new(),
            declared_at: HashMap::new(),
            suggestions: HashMap::new(),
            suggestion_budget: crate::limits::SUGGESTION_COMPARISONS,
        }
    }

    fn invalid(&mut self, span: Span, message: String, help: Option<String>) {
        let help = help.filter(|h| !h.is_empty());
        let d = Diagnostic::input(InputError::InvalidValue, span, message).with_help_opt(help);
        self.diagnostics.push(d);
    }

    fn resolve(&mut self, declarations: &[&Declaration], controller_location: Option<Place>) {
        let keep = self.declare(declarations);
        for (declaration, keep) in declarations.iter().zip(keep) {
            if !keep {
                continue;
            }
            match declaration {
                Declaration::Entity(e) => self.entity(e),
                Declaration::Flow(f) => self.flow(f),
                Declaration::Rule(r) => self.rule(r),
                Declaration::Test(_) => {}
            }
        }
        self.model.configured_controller_location = controller_location;
    }

    /// Pass one: binds names to ids in declaration order. Returns which declarations to
    /// resolve (a second declaration of a name is reported and left out).
    fn declare(&mut self, declarations: &[&Declaration]) -> Vec<bool> {
        let mut counts = [0u32; 8];
        let mut controller: Option<Span> = None;
        let mut keep = Vec::with_capacity(declarations.len());
        for declaration in declarations {
            let (name, keyword) = match declaration {
                Declaration::Entity(e) if e.keyword.node == Keyword::Controller => {
                    if let Some(first) = controller {
                        let d = Diagnostic::input(
                            InputError::DuplicateDeclaration,
                            e.keyword.span.to(e.name.span),
                            "a project has one controller, and this is a second",
                        )
                        .with_secondary(first, "the controller is declared here")
                        .with_help("keep one `controller` declaration for the project");
                        self.diagnostics.push(d);
                        keep.push(false);
                    } else {
                        controller = Some(e.keyword.span.to(e.name.span));
                        keep.push(true);
                    }
                    continue;
                }
                Declaration::Entity(e) => (&e.name, e.keyword.node),
                Declaration::Rule(r) => (&r.name, Keyword::Rule),
                Declaration::Flow(_) | Declaration::Test(_) => {
                    keep.push(true);
                    continue;
                }
            };
            if let Some(first) = self.declared_at.get(&name.node) {
                let d = duplicate(&name.node, name.span, *first, keyword.as_str());
                self.diagnostics.push(d);
                keep.push(false);
                continue;
            }
            let slot = match keyword {
                Keyword::Subject => 0,
                Keyword::Category => 1,
                Keyword::Purpose => 2,
                Keyword::Consent => 3,
                Keyword::System => 4,
                Keyword::Processor => 5,
                Keyword::Recipient => 6,
                _ => 7,
            };
            let id = counts[slot];
            counts[slot] += 1;
            let declared = match keyword {
                Keyword::Subject => Declared::Subject(SubjectId(id)),
                Keyword::Category => Declared::Category(CategoryId(id)),
                Keyword::Purpose => Declared::Purpose(PurposeId(id)),
                Keyword::Consent => Declared::Consent(ConsentId(id)),
                Keyword::System => Declared::System(SystemId(id)),
                Keyword::Processor => Declared::Processor(ProcessorId(id)),
                Keyword::Recipient => Declared::Recipient(RecipientId(id)),
                _ => Declared::Rule(OrgRuleId(id)),
            };
            self.model.names.insert(name.node.clone(), declared);
            self.declared_at.insert(name.node.clone(), name.span);
            keep.push(true);
        }
        // Room for every declaration in the model's lists at once: grown by doubling, a
        // list of 100,000 flows would hold its old and new buffers together at the peak.
        let model = &mut self.model;
        let [
            subjects,
            categories,
            purposes,
            consents,
            systems,
            processors,
            recipients,
            rules,
        ] = counts.map(|n| n as usize);
        model.subjects.reserve_exact(subjects);
        model.categories.reserve_exact(categories);
        model.purposes.reserve_exact(purposes);
        model.consents.reserve_exact(consents);
        model.systems.reserve_exact(systems);
        model.processors.reserve_exact(processors);
        model.recipients.reserve_exact(recipients);
        model.rules.reserve_exact(rules);
        let flows = declarations
            .iter()
            .filter(|d| matches!(d, Declaration::Flow(_)))
            .count();
        model.flows.reserve_exact(flows);
        keep
    }

    // -----------------------------------------------------------------------------------
    // References

    /// Resolves a name that must be one of `kinds`; reports E002 or E004 otherwise.
    fn lookup(&mut self, word: &ast::Word, kinds: &[Keyword]) -> Option<Declared> {
        let expected = describe_kinds(kinds);
        match self.model.lookup(&word.node) {
            Some(declared) if kinds.contains(&declared.keyword()) => Some(declared),
            Some(declared) => {
                let span = self.declared_at.get(&word.node).copied();
                let d = Diagnostic::input(
                    InputError::InvalidValue,
                    word.span,
                    format!(
                        "`{}` is {}, but {expected} is expected here",
                        word.node,
                        declared.keyword().with_article()
                    ),
                );
                let d = match span {
                    Some(span) => d.with_secondary(span, "declared here"),
                    None => d,
                };
                self.diagnostics.push(d);
                None
            }
            None => {
                let help = self.suggest_name(&word.node, kinds);
                let d = Diagnostic::input(
                    InputError::UnknownReference,
                    word.span,
                    format!("unknown {}: `{}`", noun_of_kinds(kinds), word.node),
                )
                .with_label(format!("no {} has this name", noun_of_kinds(kinds)))
                .with_help_opt(help);
                self.diagnostics.push(d);
                None
            }
        }
    }

    fn suggest_name(&mut self, word: &str, kinds: &[Keyword]) -> Option<String> {
        let key = (word.to_owned(), kinds.to_vec());
        if let Some(cached) = self.suggestions.get(&key) {
            return cached.clone();
        }
        let candidates = self
            .model
            .names
            .iter()
            .filter(|(_, d)| kinds.contains(&d.keyword()))
            .map(|(n, _)| n.as_str());
        let answer = suggest::did_you_mean_within(word, candidates, &mut self.suggestion_budget);
        self.suggestions.insert(key, answer.clone());
        answer
    }

    fn category_ref(&mut self, word: &ast::Word) -> Option<Spanned<CategoryId>> {
        match self.lookup(word, &[Keyword::Category])? {
            Declared::Category(id) => Some(Spanned::new(id, word.span)),
            _ => None,
        }
    }

    fn purpose_ref(&mut self, word: &ast::Word) -> Option<Spanned<PurposeId>> {
        match self.lookup(word, &[Keyword::Purpose])? {
            Declared::Purpose(id) => Some(Spanned::new(id, word.span)),
            _ => None,
        }
    }

    fn consent_ref(&mut self, word: &ast::Word) -> Option<ConsentId> {
        match self.lookup(word, &[Keyword::Consent])? {
            Declared::Consent(id) => Some(id),
            _ => None,
        }
    }

    fn node_ref(&mut self, word: &ast::Word) -> Option<Spanned<NodeId>> {
        let kinds = [
            Keyword::Subject,
            Keyword::System,
            Keyword::Processor,
            Keyword::Recipient,
        ];
        let node = self.lookup(word, &kinds)?.node()?;
        Some(Spanned::new(node, word.span))
    }

    // -----------------------------------------------------------------------------------
    // Values

    fn place(&mut self, word: &ast::Word) -> Option<Spanned<Place>> {
        let text = word.node.as_str();
        if let Some(region) = Region::parse(text) {
            return Some(Spanned::new(Place::Region(region), word.span));
        }
        let knowledge = self.vocabulary.knowledge;
        if let Some(code) = CountryCode::from_letters(text)
            && knowledge.country(code).is_some()
        {
            return Some(Spanned::new(Place::Country(code), word.span));
        }
        let help = country_suggestion(knowledge, text, &mut self.suggestion_budget);
        self.invalid(
            word.span,
            format!("`{text}` is not a country code"),
            with_suggestion(
                help,
                "a location is an ISO 3166-1 alpha-2 code in capitals (`FR`, `US`), or `EEA` or `EU`",
            ),
        );
        None
    }

    fn duration(&mut self, literal: &DurationLit) -> Option<Spanned<Duration>> {
        match Duration::parse(&literal.count.node, &literal.unit.node) {
            Ok(duration) => Some(Spanned::new(duration, literal.span)),
            Err(DurationError::UnknownUnit) => {
                let help = suggest::did_you_mean_within(
                    &literal.unit.node,
                    TimeUnit::WORDS,
                    &mut self.suggestion_budget,
                );
                self.invalid(
                    literal.unit.span,
                    format!("`{}` is not a unit of time", literal.unit.node),
                    with_suggestion(
                        help,
                        "durations are in `days`, `weeks`, `months` or `years`",
                    ),
                );
                None
            }
            Err(DurationError::TooLarge | DurationError::NotANumber) => {
                self.invalid(
                    literal.count.span,
                    format!("`{}` is too large for a duration", literal.count.node),
                    Some(format!(
                        "a duration is at most {} units",
                        crate::values::MAX_DURATION_AMOUNT
                    )),
                );
                None
            }
        }
    }

    /// A data category or purpose id of the taxonomy (not a group).
    fn taxonomy_id(&mut self, word: &ast::Word, keyword: Keyword) {
        let (known, what) = match keyword {
            Keyword::Category => (
                self.vocabulary.category(&word.node).is_some(),
                "data category",
            ),
            _ => (self.vocabulary.purpose(&word.node).is_some(), "purpose"),
        };
        if !known {
            let ids = self.vocabulary.ids(keyword);
            self.unknown_path(word, &ids, what);
        }
    }

    fn unknown_path(&mut self, word: &ast::Word, ids: &[&str], what: &str) {
        let group = members(ids.iter().copied(), &word.node);
        if !group.is_empty() {
            self.invalid(
                word.span,
                format!("`{}` is a group of {what} ids, not one of them", word.node),
                Some(format!("use one of: {}", group.join(", "))),
            );
            return;
        }
        let help = suggest::did_you_mean_within(
            &word.node,
            ids.iter().copied(),
            &mut self.suggestion_budget,
        );
        self.invalid(
            word.span,
            format!("unknown {what} `{}` in the taxonomy", word.node),
            with_suggestion(
                help,
                "knowledge/taxonomy.yaml lists the ids; the configuration's `taxonomy` can add more",
            ),
        );
    }

    fn kind(&mut self, word: &ast::Word, kinds: &[&str], what: &str) {
        if kinds.contains(&word.node.as_str()) {
            return;
        }
        let help = suggest::did_you_mean_within(
            &word.node,
            kinds.iter().copied(),
            &mut self.suggestion_budget,
        );
        self.invalid(
            word.span,
            format!("unknown {what} kind `{}`", word.node),
            with_suggestion(help, format!("the {what} kinds are {}", kinds.join(", "))),
        );
    }

    /// Reports a second occurrence of an attribute that may be given once.
    fn once(
        &mut self,
        seen: &mut BTreeMap<&'static str, Span>,
        attribute: &Spanned<Attribute>,
    ) -> bool {
        if attribute.node.is_repeatable() {
            return true;
        }
        let keyword = attribute.node.keyword();
        if let Some(first) = seen.get(keyword) {
            let d = Diagnostic::input(
                InputError::InvalidValue,
                attribute.span,
                format!("`{keyword}` is given twice"),
            )
            .with_secondary(*first, "first given here")
            .with_help("keep one of them");
            self.diagnostics.push(d);
            return false;
        }
        seen.insert(keyword, attribute.span);
        true
    }

    fn require(&mut self, present: bool, decl: &EntityDecl, attribute: &str, help: &str) {
        if !present {
            let message = match decl.keyword.node {
                Keyword::Controller => {
                    format!("the controller \"{}\" has no `{attribute}`", decl.name.node)
                }
                keyword => format!(
                    "`{} {}` has no `{attribute}`",
                    keyword.as_str(),
                    decl.name.node
                ),
            };
            self.invalid(decl.name.span, message, Some(help.to_owned()));
        }
    }

    // -----------------------------------------------------------------------------------
    // Declarations

    fn entity(&mut self, decl: &EntityDecl) {
        let mut seen = BTreeMap::new();
        let attributes: Vec<&Spanned<Attribute>> = decl
            .attributes
            .iter()
            .filter(|a| self.once(&mut seen, a))
            .collect();
        let mut location = None;
        let mut description = None;
        for a in &attributes {
            match &a.node {
                Attribute::Location(word) => location = self.place(word),
                Attribute::Description(text) => description = Some(text.clone()),
                _ => {}
            }
        }
        let kind = decl.kind.clone().unwrap_or_else(|| decl.name.clone());
        match decl.keyword.node {
            Keyword::Controller => {
                self.require(
                    seen.contains_key("location"),
                    decl,
                    "location",
                    CONTROLLER_LOCATION,
                );
                let text = |k: &str| {
                    attributes.iter().find_map(|a| match (&a.node, k) {
                        (Attribute::Dpo(t), "dpo") | (Attribute::Representative(t), "rep") => {
                            Some(t.clone())
                        }
                        _ => None,
                    })
                };
                self.model.controller = Some(Controller {
                    name: decl.name.clone(),
                    location,
                    dpo: text("dpo"),
                    representative: text("rep"),
                    description,
                    span: decl.span,
                });
            }
            Keyword::Subject => {
                let kinds = self.vocabulary.kinds(Keyword::Subject);
                self.kind(&kind, &kinds, "subject");
                self.model.subjects.push(Subject {
                    name: decl.name.clone(),
                    kind,
                    location,
                    description,
                    span: decl.span,
                });
            }
            Keyword::Category => self.category(decl, &attributes, kind, description),
            Keyword::Purpose => self.purpose(decl, &attributes, kind, description),
            Keyword::Consent => self.consent(decl, &attributes, &seen, description),
            Keyword::System => {
                let kinds = self.vocabulary.kinds(Keyword::System);
                self.kind(&kind, &kinds, "system");
                self.require(
                    seen.contains_key("location"),
                    decl,
                    "location",
                    NODE_LOCATION,
                );
                let stores = self.storages(&attributes);
                self.model.systems.push(System {
                    name: decl.name.clone(),
                    kind,
                    location,
                    stores,
                    description,
                    span: decl.span,
                });
            }
            Keyword::Processor => {
                self.require(
                    seen.contains_key("location"),
                    decl,
                    "location",
                    NODE_LOCATION,
                );
                let stores = self.storages(&attributes);
                let safeguard = self.safeguard(&attributes);
                let mut dpa = None;
                let mut subprocessors = Vec::new();
                for a in &attributes {
                    match &a.node {
                        Attribute::Dpa(text) => dpa = Some(text.clone()),
                        Attribute::Subprocessor(word) => {
                            if let Some(Declared::Processor(id)) =
                                self.lookup(word, &[Keyword::Processor])
                            {
                                subprocessors.push(Spanned::new(id, word.span));
                            }
                        }
                        _ => {}
                    }
                }
                self.model.processors.push(Processor {
                    name: decl.name.clone(),
                    location,
                    safeguard,
                    dpa,
                    subprocessors,
                    stores,
                    description,
                    span: decl.span,
                });
            }
            Keyword::Recipient => {
                let kinds = self.vocabulary.kinds(Keyword::Recipient);
                self.kind(&kind, &kinds, "recipient");
                self.require(
                    seen.contains_key("location"),
                    decl,
                    "location",
                    NODE_LOCATION,
                );
                let safeguard = self.safeguard(&attributes);
                let contract = attributes.iter().find_map(|a| match &a.node {
                    Attribute::Contract(t) => Some(t.clone()),
                    _ => None,
                });
                self.model.recipients.push(Recipient {
                    name: decl.name.clone(),
                    kind,
                    location,
                    safeguard,
                    contract,
                    description,
                    span: decl.span,
                });
            }
            Keyword::Flow | Keyword::Rule | Keyword::Test => {}
        }
    }

    fn category(
        &mut self,
        decl: &EntityDecl,
        attributes: &[&Spanned<Attribute>],
        path: ast::Word,
        description: Option<ast::Text>,
    ) {
        self.taxonomy_id(&path, Keyword::Category);
        let mut category = Category {
            name: decl.name.clone(),
            path,
            retention_max: None,
            pseudonymised: false,
            anonymised: false,
            description,
            span: decl.span,
        };
        for a in attributes {
            match &a.node {
                Attribute::RetentionMax(d) => category.retention_max = self.duration(d),
                Attribute::Pseudonymised => category.pseudonymised = true,
                Attribute::Anonymised => category.anonymised = true,
                _ => {}
            }
        }
        self.model.categories.push(category);
    }

    fn purpose(
        &mut self,
        decl: &EntityDecl,
        attributes: &[&Spanned<Attribute>],
        path: ast::Word,
        description: Option<ast::Text>,
    ) {
        self.taxonomy_id(&path, Keyword::Purpose);
        let mut purpose = Purpose {
            name: decl.name.clone(),
            path,
            basis: None,
            compatible: Vec::new(),
            retain: None,
            automated_decisions: None,
            conditions: Vec::new(),
            description,
            span: decl.span,
        };
        for a in attributes {
            match &a.node {
                Attribute::Basis(basis) => {
                    let resolved = match &basis.node {
                        BasisLit::Consent(w) => Basis::Consent(self.consent_ref(w)),
                        BasisLit::ExplicitConsent(w) => Basis::ExplicitConsent(self.consent_ref(w)),
                        BasisLit::Contract => Basis::Contract,
                        BasisLit::LegalObligation(t) => Basis::LegalObligation(t.clone()),
                        BasisLit::VitalInterests => Basis::VitalInterests,
                        BasisLit::PublicTask(t) => Basis::PublicTask(t.clone()),
                        BasisLit::LegitimateInterests(t) => Basis::LegitimateInterests(t.clone()),
                    };
                    purpose.basis = Some(Spanned::new(resolved, basis.span));
                }
                Attribute::Compatible(words) => {
                    for w in words {
                        if w.node == decl.name.node {
                            self.invalid(
                                w.span,
                                format!("`{}` is declared compatible with itself", w.node),
                                Some("a purpose is always compatible with itself".to_owned()),
                            );
                        } else if let Some(id) = self.purpose_ref(w) {
                            purpose.compatible.push(id);
                        }
                    }
                }
                Attribute::Retain { duration, after } => {
                    if let Some(d) = self.duration(duration) {
                        let event = after
                            .as_ref()
                            .map_or(Event::Collection, |w| Event::parse(&w.node));
                        purpose.retain = Some(Spanned::new(
                            Retention {
                                duration: d,
                                after: event,
                            },
                            a.span,
                        ));
                    }
                }
                Attribute::AutomatedDecisions => purpose.automated_decisions = Some(a.span),
                Attribute::Condition {
                    condition,
                    justification,
                } => {
                    if let Some(c) = self.condition(condition) {
                        purpose.conditions.push(Art9Condition {
                            id: c,
                            justification: justification.clone(),
                            span: a.span,
                        });
                    }
                }
                _ => {}
            }
        }
        self.require(
            purpose.basis.is_some(),
            decl,
            "basis",
            "every purpose needs a legal basis (GDPR Art. 6(1)): add `basis contract`, \
             `basis consent CONSENT`, `basis legitimate_interests \"LIA-…\"`, …",
        );
        self.model.purposes.push(purpose);
    }

    fn condition(&mut self, word: &ast::Word) -> Option<String> {
        let knowledge = self.vocabulary.knowledge;
        if let Some(c) = knowledge.condition(&word.node) {
            return Some(c.id.clone());
        }
        if word.node == "explicit_consent" {
            self.invalid(
                word.span,
                "explicit consent is a basis, not a `condition`".to_owned(),
                Some("write `basis explicit_consent CONSENT` instead".to_owned()),
            );
            return None;
        }
        let ids: Vec<&str> = knowledge.conditions.iter().map(|c| c.id.as_str()).collect();
        let help = suggest::did_you_mean_within(
            &word.node,
            ids.iter().copied(),
            &mut self.suggestion_budget,
        );
        self.invalid(
            word.span,
            format!("unknown Art. 9(2) condition `{}`", word.node),
            with_suggestion(help, format!("the conditions are {}", ids.join(", "))),
        );
        None
    }

    fn consent(
        &mut self,
        decl: &EntityDecl,
        attributes: &[&Spanned<Attribute>],
        seen: &BTreeMap<&'static str, Span>,
        description: Option<ast::Text>,
    ) {
        self.require(
            seen.contains_key("default"),
            decl,
            "default",
            "say what the choice is before the person acts: `default denied`",
        );
        let mut consent = Consent {
            name: decl.name.clone(),
            default: None,
            withdraw: None,
            explicit: false,
            parental: None,
            renew: None,
            proof: None,
            description,
            span: decl.span,
        };
        for a in attributes {
            match &a.node {
                Attribute::Default(word) => {
                    let value = if word.node == "granted" {
                        ConsentDefault::Granted
                    } else {
                        ConsentDefault::Denied
                    };
                    consent.default = Some(Spanned::new(value, a.span));
                }
                Attribute::Withdraw(t) => consent.withdraw = Some(t.clone()),
                Attribute::Explicit => consent.explicit = true,
                Attribute::Parental(t) => consent.parental = Some(t.clone()),
                Attribute::Renew(d) => consent.renew = self.duration(d),
                Attribute::Proof(t) => consent.proof = Some(t.clone()),
                _ => {}
            }
        }
        self.model.consents.push(consent);
    }

    fn storages(&mut self, attributes: &[&Spanned<Attribute>]) -> Vec<Storage> {
        let mut stores = Vec::new();
        for a in attributes {
            if let Attribute::Stores {
                categories,
                duration,
            } = &a.node
            {
                let categories = categories
                    .iter()
                    .filter_map(|c| self.category_ref(c))
                    .collect();
                if let Some(duration) = self.duration(duration) {
                    stores.push(Storage {
                        categories,
                        duration,
                        span: a.span,
                    });
                }
            }
        }
        stores
    }

    fn safeguard(&mut self, attributes: &[&Spanned<Attribute>]) -> Option<Spanned<Safeguard>> {
        let (name, ground, span) = attributes.iter().find_map(|a| match &a.node {
            Attribute::Safeguard { name, ground } => Some((name, ground, a.span)),
            _ => None,
        })?;
        let Some(kind) = SafeguardKind::parse(&name.node) else {
            let ids = SafeguardKind::ALL.map(SafeguardKind::id);
            let help = suggest::did_you_mean_within(&name.node, ids, &mut self.suggestion_budget);
            self.invalid(
                name.span,
                format!("unknown transfer safeguard `{}`", name.node),
                with_suggestion(help, format!("the safeguards are {}", ids[..7].join(", "))),
            );
            return None;
        };
        if let (Some(ground), false) = (ground, kind == SafeguardKind::Derogation) {
            self.invalid(
                ground.span,
                format!("only a `derogation` takes a ground, not `{}`", name.node),
                Some(
                    "remove the string, or write `safeguard derogation \"Art. 49(1)(b) …\"`"
                        .to_owned(),
                ),
            );
        }
        Some(Spanned::new(
            Safeguard {
                kind,
                ground: ground.clone(),
            },
            span,
        ))
    }

    fn flow(&mut self, decl: &FlowDecl) {
        let from = self.node_ref(&decl.from);
        let to = self.node_ref(&decl.to);
        let categories = decl
            .categories
            .iter()
            .filter_map(|c| self.category_ref(c))
            .collect();
        let purposes = decl
            .purposes
            .iter()
            .filter_map(|p| self.purpose_ref(p))
            .collect();
        let has = |needle: fn(&Attribute) -> bool| decl.attributes.iter().any(|a| needle(&a.node));
        let (Some(from), Some(to)) = (from, to) else {
            return;
        };
        self.model.flows.push(Flow {
            from,
            to,
            categories,
            purposes,
            encrypted: has(|a| matches!(a, Attribute::Encrypted)),
            pseudonymised: has(|a| matches!(a, Attribute::Pseudonymised)),
            span: decl.span,
        });
    }

    // -----------------------------------------------------------------------------------
    // Organisation rules

    fn rule(&mut self, decl: &RuleDecl) {
        let mut checks = Vec::new();
        let mut severity: Option<Spanned<Severity>> = None;
        for statement in &decl.statements {
            let check = match &statement.node {
                RuleStatement::Severity(word) => {
                    if let Some(first) = &severity {
                        let d = Diagnostic::input(
                            InputError::InvalidValue,
                            statement.span,
                            "`severity` is given twice".to_owned(),
                        )
                        .with_secondary(first.span, "first given here");
                        self.diagnostics.push(d);
                    } else if let Some(level) = Severity::parse(&word.node) {
                        severity = Some(Spanned::new(level, statement.span));
                    }
                    continue;
                }
                RuleStatement::DenyData {
                    patterns,
                    conditions,
                } => {
                    let data = patterns
                        .iter()
                        .filter_map(|p| self.data_pattern(p))
                        .collect();
                    let conditions = self.conditions(conditions);
                    OrgRuleCheck::DenyData { data, conditions }
                }
                RuleStatement::DenyFlow { conditions } => OrgRuleCheck::DenyFlow {
                    conditions: self.conditions(conditions),
                },
                RuleStatement::Require { property, target } => {
                    let Some(target) = self.kind_filter(target) else {
                        continue;
                    };
                    if !self.property(property, target.keyword) {
                        continue;
                    }
                    OrgRuleCheck::Require {
                        property: property.node.clone(),
                        target,
                    }
                }
            };
            checks.push(Spanned::new(check, statement.span));
        }
        if !decl
            .statements
            .iter()
            .any(|s| !matches!(s.node, RuleStatement::Severity(_)))
        {
            self.invalid(
                decl.name.span,
                format!("rule `{}` checks nothing", decl.name.node),
                Some("add `deny data …`, `deny flow …` or `require PROPERTY for KIND`".to_owned()),
            );
        }
        self.model.rules.push(OrgRule {
            name: decl.name.clone(),
            title: decl.title.clone(),
            checks,
            severity,
            span: decl.span,
        });
    }

    /// A data pattern: a declared category, or a taxonomy pattern matching some id.
    fn data_pattern(&mut self, word: &ast::Word) -> Option<DataPattern> {
        let ids = self.vocabulary.ids(Keyword::Category);
        match self.pattern(word, Keyword::Category, &ids, "data category")? {
            PatternTarget::Declared(Declared::Category(id)) => Some(DataPattern::Category(id)),
            PatternTarget::Taxonomy(p) => Some(DataPattern::Taxonomy(p)),
            PatternTarget::Declared(_) => None,
        }
    }

    fn purpose_pattern(&mut self, word: &ast::Word) -> Option<PurposePattern> {
        let ids = self.vocabulary.ids(Keyword::Purpose);
        match self.pattern(word, Keyword::Purpose, &ids, "purpose")? {
            PatternTarget::Declared(Declared::Purpose(id)) => Some(PurposePattern::Purpose(id)),
            PatternTarget::Taxonomy(p) => Some(PurposePattern::Taxonomy(p)),
            PatternTarget::Declared(_) => None,
        }
    }

    fn pattern(
        &mut self,
        word: &ast::Word,
        keyword: Keyword,
        ids: &[&str],
        what: &str,
    ) -> Option<PatternTarget> {
        let text = word.node.as_str();
        let is_taxonomy = text.contains(['.', '*']);
        if !is_taxonomy && self.model.lookup(text).is_some() {
            return self.lookup(word, &[keyword]).map(PatternTarget::Declared);
        }
        let pattern = TaxonomyPattern::parse(text);
        if ids.iter().any(|id| pattern.matches(id)) {
            return Some(PatternTarget::Taxonomy(pattern));
        }
        let groups = ids_and_groups(ids.iter().copied());
        if is_taxonomy {
            // Suggest patterns as well as ids: `specal.*` should become `special.*`.
            let wildcards: Vec<String> = groups.iter().map(|g| format!("{g}.*")).collect();
            let candidates = groups
                .iter()
                .copied()
                .chain(wildcards.iter().map(String::as_str));
            let help = suggest::did_you_mean_within(text, candidates, &mut self.suggestion_budget);
            self.invalid(
                word.span,
                format!("`{text}` matches no {what} of the taxonomy"),
                help.or_else(|| Some("knowledge/taxonomy.yaml lists the ids".to_owned())),
            );
        } else {
            let declared = self
                .model
                .names
                .iter()
                .filter(|(_, d)| d.keyword() == keyword)
                .map(|(n, _)| n.as_str());
            let help = suggest::did_you_mean_within(
                text,
                declared.chain(groups.iter().copied()),
                &mut self.suggestion_budget,
            );
            let d = Diagnostic::input(
                InputError::UnknownReference,
                word.span,
                format!("`{text}` is neither a declared {what} nor a taxonomy id"),
            )
            .with_help_opt(help);
            self.diagnostics.push(d);
        }
        None
    }

    fn conditions(&mut self, conditions: &[Spanned<RuleCondition>]) -> FlowConditions {
        let mut out = FlowConditions::default();
        let mut seen: BTreeMap<&'static str, Span> = BTreeMap::new();
        for condition in conditions {
            let key = match condition.node {
                RuleCondition::Outside(_) | RuleCondition::In(_) => "outside/in",
                _ => condition.node.keyword(),
            };
            if let Some(first) = seen.get(key) {
                let d = Diagnostic::input(
                    InputError::InvalidValue,
                    condition.span,
                    format!(
                        "`{}` conflicts with an earlier condition",
                        condition.node.keyword()
                    ),
                )
                .with_secondary(*first, "the earlier condition")
                .with_help("give each of `for`, `to` and one of `outside`/`in` at most once");
                self.diagnostics.push(d);
                continue;
            }
            seen.insert(key, condition.span);
            match &condition.node {
                RuleCondition::For(patterns) => {
                    out.purposes = Some(
                        patterns
                            .iter()
                            .filter_map(|p| self.purpose_pattern(p))
                            .collect(),
                    );
                }
                RuleCondition::To(ast::NodePattern::Name(word)) => {
                    out.to = self.node_ref(word).map(|n| NodeFilter::Node(n.node));
                }
                RuleCondition::To(ast::NodePattern::Kind(kind)) => {
                    out.to = self.kind_filter(kind).map(NodeFilter::Kind);
                }
                RuleCondition::Outside(words) => {
                    out.regions = Some(Regions::Outside(
                        words
                            .iter()
                            .filter_map(|w| self.place(w))
                            .map(|p| p.node)
                            .collect(),
                    ));
                }
                RuleCondition::In(words) => {
                    out.regions = Some(Regions::In(
                        words
                            .iter()
                            .filter_map(|w| self.place(w))
                            .map(|p| p.node)
                            .collect(),
                    ));
                }
            }
        }
        out
    }

    fn kind_filter(&mut self, pattern: &KindPattern) -> Option<KindFilter> {
        let keyword = pattern.keyword.node;
        if let Some(kind) = &pattern.kind {
            let kinds = match keyword {
                Keyword::Subject | Keyword::System | Keyword::Recipient => {
                    self.vocabulary.kinds(keyword)
                }
                _ => {
                    self.invalid(
                        kind.span,
                        format!("{} has no kind", keyword.with_article()),
                        Some(format!("write `{}` alone", keyword.as_str())),
                    );
                    return None;
                }
            };
            self.kind(kind, &kinds, keyword.as_str());
        }
        Some(KindFilter {
            keyword,
            kind: pattern.kind.as_ref().map(|k| k.node.clone()),
        })
    }

    /// Whether `require PROPERTY for KIND` names a property that declarations of that kind have.
    fn property(&mut self, property: &ast::Word, keyword: Keyword) -> bool {
        let properties = properties_of(keyword);
        if properties.contains(&property.node.as_str()) {
            return true;
        }
        let help = suggest::did_you_mean_within(
            &property.node,
            properties.iter().copied(),
            &mut self.suggestion_budget,
        );
        self.invalid(
            property.span,
            format!(
                "{} has no property `{}`",
                keyword.with_article(),
                property.node
            ),
            with_suggestion(
                help,
                format!("its properties are {}", properties.join(", ")),
            ),
        );
        false
    }

    // -----------------------------------------------------------------------------------
    // Test expectations

    fn expectation(&mut self, expectation: &Spanned<Expectation>) {
        let Expectation::Present { at, times, .. } = &expectation.node else {
            return;
        };
        if let Some(times) = times
            && times.node == 0
        {
            self.invalid(
                times.span,
                "`times 0` can never be met by a finding".to_owned(),
                Some("write `expect no RULE` instead".to_owned()),
            );
        }
        let Some(at) = at else { return };
        match &at.node {
            DeclRef::Named { keyword, name } => {
                self.lookup(name, &[keyword.node]);
            }
            DeclRef::Flow { from, to } => {
                let (Some(a), Some(b)) = (self.node_ref(from), self.node_ref(to)) else {
                    return;
                };
                if !self
                    .model
                    .flows
                    .iter()
                    .any(|f| f.from.node == a.node && f.to.node == b.node)
                {
                    let d = Diagnostic::input(
                        InputError::UnknownReference,
                        at.span,
                        format!("there is no flow from `{}` to `{}`", from.node, to.node),
                    )
                    .with_help("an expectation `at` a flow needs that flow in the test's model");
                    self.diagnostics.push(d);
                }
            }
        }
    }
}

/// "did you mean `x`? " before an explanation, when there is a suggestion.
fn with_suggestion(
    suggestion: Option<String>,
    explanation: impl std::fmt::Display,
) -> Option<String> {
    Some(match suggestion {
        Some(s) => format!("{s} {explanation}"),
        None => explanation.to_string(),
    })
}

enum PatternTarget {
    Declared(Declared),
    Taxonomy(TaxonomyPattern),
}

const CONTROLLER_LOCATION: &str = "say where the controller is established: `location FR`";
const NODE_LOCATION: &str = "say which country the data is in, for transfer checks: `location IE`";

/// The properties `require PROPERTY for KIND` may ask of each kind of declaration.
pub fn properties_of(keyword: Keyword) -> &'static [&'static str] {
    match keyword {
        Keyword::Controller => &["location", "dpo", "representative", "description"],
        Keyword::Subject => &["location", "description"],
        Keyword::Category => &["retention", "description", "pseudonymised", "anonymised"],
        Keyword::Purpose => &["retention", "description", "compatible", "condition"],
        Keyword::Consent => &[
            "withdraw",
            "explicit",
            "parental",
            "renew",
            "proof",
            "description",
        ],
        Keyword::System => &["location", "retention", "description"],
        Keyword::Processor => &["location", "safeguard", "dpa", "retention", "description"],
        Keyword::Recipient => &["location", "safeguard", "contract", "description"],
        Keyword::Flow => &["encrypted", "pseudonymised"],
        Keyword::Rule | Keyword::Test => &[],
    }
}

fn noun_of_kinds(kinds: &[Keyword]) -> &'static str {
    match kinds {
        [Keyword::Category] => "category",
        [Keyword::Purpose] => "purpose",
        [Keyword::Consent] => "consent",
        [Keyword::Processor] => "processor",
        [Keyword::Subject] => "subject",
        [Keyword::System] => "system",
        [Keyword::Recipient] => "recipient",
        [Keyword::Rule] => "rule",
        _ if kinds.iter().all(|k| k.is_node()) => "node",
        _ => "name",
    }
}

fn describe_kinds(kinds: &[Keyword]) -> String {
    if kinds.len() > 1 && kinds.iter().all(|k| k.is_node()) {
        return "a subject, system, processor or recipient".to_owned();
    }
    kinds
        .iter()
        .map(|k| k.with_article())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// "did you mean `FR` (France)?" for a wrong code, a lowercase code, a country's name or a
/// common non-ISO code (`UK`, `EL`).
fn country_suggestion(
    knowledge: &crate::knowledge::Knowledge,
    text: &str,
    budget: &mut usize,
) -> Option<String> {
    let name_of = |code: CountryCode| {
        knowledge
            .country(code)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let upper = text.to_uppercase();
    let alias = match upper.as_str() {
        "UK" => Some("GB"),
        "EL" => Some("GR"),
        _ => None,
    };
    if let Some(code) = alias.and_then(CountryCode::from_letters) {
        return Some(format!("did you mean `{code}` ({})?", name_of(code)));
    }
    if let Some(code) =
        CountryCode::from_letters(&upper).filter(|c| knowledge.country(*c).is_some())
    {
        return Some(format!("did you mean `{code}` ({})?", name_of(code)));
    }
    if upper == "EEA" || upper == "EU" {
        return Some(format!("did you mean `{upper}`?"));
    }
    let by_name = knowledge
        .countries
        .values()
        .find(|c| c.name.eq_ignore_ascii_case(text))
        .map(|c| c.code)
        .or_else(|| {
            let names = knowledge.countries.values().map(|c| c.name.as_str());
            let name = suggest::closest_within(text, names, budget)?;
            knowledge
                .countries
                .values()
                .find(|c| c.name == name)
                .map(|c| c.code)
        });
    by_name.map(|code| format!("did you mean `{code}` ({})?", name_of(code)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::syntax;

    struct Resolved {
        model: Model,
        diagnostics: Vec<Diagnostic>,
    }

    fn resolve(files: &[&str]) -> Resolved {
        resolve_with(files, None)
    }

    fn resolve_with(files: &[&str], controller: Option<Place>) -> Resolved {
        let parsed: Vec<PolicyFile> = files
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let (file, errors) = syntax::parse(FileId(i as u32), text);
                assert!(errors.is_empty(), "{errors:?}");
                file
            })
            .collect();
        let knowledge = crate::knowledge::Knowledge::builtin().expect("knowledge");
        let vocabulary = Vocabulary::builtin(knowledge);
        let input = ProjectInput {
            files: &parsed,
            vocabulary,
            controller_location: controller,
        };
        let (model, diagnostics) = resolve_project(input);
        Resolved { model, diagnostics }
    }

    fn codes(r: &Resolved) -> Vec<&str> {
        r.diagnostics.iter().map(|d| d.rule.code.as_ref()).collect()
    }

    const BASE: &str = "subject s : customer\ncategory e : contact.email\n\
                        system app : application { location FR }\n\
                        purpose p : service.account { basis contract retain 1 year }\n";

    #[test]
    fn a_second_declaration_points_at_the_first_in_another_file() {
        let r = resolve(&[
            "system crm : database { location IE }\n",
            "category crm : contact.email\n",
        ]);
        assert_eq!(codes(&r), ["E003"]);
        let d = &r.diagnostics[0];
        assert_eq!(d.span().map(|s| s.file), Some(FileId(1)));
        assert_eq!(d.labels[0].span.file, FileId(0));
        assert_eq!(d.labels[0].message, "first declared here");
        // The first declaration wins: `crm` is still the system.
        assert_eq!(
            r.model.lookup("crm").map(Declared::keyword),
            Some(Keyword::System)
        );
    }

    #[test]
    fn references_resolve_across_files_and_by_kind() {
        let r = resolve(&[BASE, "flow s -> app : e for p\nflow s -> app : p for e\n"]);
        assert_eq!(codes(&r), ["E004", "E004"]);
        assert!(
            r.diagnostics[0]
                .message
                .contains("`p` is a purpose, but a category is expected")
        );
        // The first flow resolved completely; the second lost its wrong names.
        assert_eq!(r.model.flows.len(), 2);
        assert_eq!(r.model.flows[0].categories.len(), 1);
        assert!(r.model.flows[1].categories.is_empty() && r.model.flows[1].purposes.is_empty());
    }

    #[test]
    fn unknown_names_suggest_the_closest_of_the_right_kind() {
        let r = resolve(&[BASE, "flow s -> ap : e for pp\n"]);
        let helps: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| d.help.clone().unwrap_or_default())
            .collect();
        assert_eq!(codes(&r), ["E002", "E002"]);
        assert_eq!(helps, ["did you mean `app`?", "did you mean `p`?"]);
    }

    #[test]
    fn required_attributes_and_repeated_ones_are_reported() {
        let r = resolve(&[
            "purpose p : service.account { retain 1 year retain 2 years }\n\
                           system x : database {}\nconsent c { withdraw \"link\" }\n",
        ]);
        let messages: Vec<_> = r.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`retain` is given twice",
                "`purpose p` has no `basis`",
                "`system x` has no `location`",
                "`consent c` has no `default`",
            ]
        );
    }

    #[test]
    fn values_are_typed() {
        let r = resolve(&[&format!(
            "{BASE}purpose q : marketing.direct_email {{ basis consent c retain 3 years after last_contact }}\n\
             consent c {{ default denied }}\nprocessor m {{ location US safeguard derogation \"Art. 49(1)(b)\" }}\n"
        )]);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let q = &r.model.purposes[1];
        let retain = q.retain.as_ref().expect("retain");
        assert_eq!(retain.node.duration.node.to_string(), "3 years");
        assert_eq!(retain.node.after, Event::LastContact);
        assert!(matches!(
            q.basis.as_ref().map(|b| &b.node),
            Some(Basis::Consent(Some(ConsentId(0))))
        ));
        let safeguard = r.model.processors[0].safeguard.as_ref().expect("safeguard");
        assert_eq!(safeguard.node.kind, SafeguardKind::Derogation);
        assert_eq!(
            r.model
                .node_location(NodeId::Processor(ProcessorId(0)))
                .map(|p| p.to_string())
                .as_deref(),
            Some("US")
        );
    }

    #[test]
    fn a_subject_without_location_is_where_the_controller_is() {
        let r = resolve_with(&[BASE], CountryCode::from_letters("DE").map(Place::Country));
        let at = r.model.node_location(NodeId::Subject(SubjectId(0)));
        assert_eq!(at.map(|p| p.to_string()).as_deref(), Some("DE"));
        let r = resolve(&[&format!("controller \"C\" {{ location FR }}\n{BASE}")]);
        let at = r.model.node_location(NodeId::Subject(SubjectId(0)));
        assert_eq!(at.map(|p| p.to_string()).as_deref(), Some("FR"));
    }

    #[test]
    fn tests_see_the_project_but_not_each_other() {
        let tests = "test \"one\" {\n  category h : special.health\n  flow s -> app : h for p\n  expect clean\n}\n\
                     test \"two\" {\n  category h : special.genetic\n  flow s -> app : h for p\n}\n\
                     test \"three\" isolated {\n  flow s -> app : e for p\n}\n";
        let r = resolve(&[BASE, tests]);
        // `h` twice is fine (two tests); the isolated test cannot see the project's names.
        let unknown: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| (d.rule.code.as_ref(), d.message.as_str()))
            .collect();
        assert_eq!(
            unknown,
            [
                ("E002", "unknown node: `s`"),
                ("E002", "unknown node: `app`"),
                ("E002", "unknown category: `e`"),
                ("E002", "unknown purpose: `p`"),
            ]
        );
        // The project's model holds none of the tests' declarations.
        assert!(r.model.lookup("h").is_none());
        assert_eq!(r.model.flows.len(), 0);
        assert_eq!(r.model.tests.len(), 3);
    }

    #[test]
    fn a_test_may_not_redeclare_a_project_name_and_test_names_are_unique() {
        let r = resolve(&[
            BASE,
            "test \"t\" { category e : contact.phone }\ntest \"t\" { expect clean }\n",
        ]);
        assert_eq!(codes(&r), ["E003", "E003"]);
        assert_eq!(r.diagnostics[0].message, "`e` is declared twice");
        assert_eq!(r.diagnostics[1].message, "`t` is declared twice");
    }

    #[test]
    fn organisation_rules_resolve_patterns_names_and_regions() {
        let rules = "rule r1 \"t\" { deny data special.*, e for advertising.* to recipient : data_broker outside EEA, CH }\n\
                     rule r2 \"t\" { require dpa for processor severity warning }\n\
                     rule r3 \"t\" { deny flow to app in EU }\n";
        let r = resolve(&[BASE, rules]);
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let OrgRuleCheck::DenyData { data, conditions } = &r.model.rules[0].checks[0].node else {
            panic!("a deny data check");
        };
        assert!(
            matches!(&data[0], DataPattern::Taxonomy(p) if p.matches("special.health") && !p.matches("contact.email"))
        );
        assert!(matches!(data[1], DataPattern::Category(CategoryId(0))));
        let regions = conditions.regions.as_ref().map(|r| match r {
            Regions::Outside(places) => places.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            Regions::In(_) => Vec::new(),
        });
        assert_eq!(regions, Some(vec!["EEA".to_owned(), "CH".to_owned()]));
        assert_eq!(
            r.model.rules[1].severity.as_ref().map(|s| s.node),
            Some(Severity::Warning)
        );
    }
}
