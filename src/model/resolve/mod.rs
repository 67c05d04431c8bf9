//! Syntax tree to model. Pass one binds every name (E003 for a second declaration); pass
//! two types every value and resolves every reference (E002 for an unknown name, E004 for
//! the wrong kind of declaration or a bad value). Problems are collected, never fatal:
//! what cannot be resolved is left out of the model and the rest goes on.
//!
//! One file per kind of declaration: `nodes` (controller, subjects, systems, processors,
//! recipients), `data` (categories, purposes, consents), `flows`, `organisation` (rules),
//! `expectations` (tests); `values` holds the checks they share.

mod data;
mod expectations;
mod flows;
mod nodes;
mod organisation;
mod values;

use std::collections::BTreeMap;

// foldhash's seeded hasher: a fifth of resolution went to SipHash on every reference.
use foldhash::{HashMap, HashMapExt};

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
use crate::values::{CountryCode, Duration, DurationError, Place, TimeUnit};

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
/// How many other uses of one unknown name its diagnostic points at.
const MAX_REPEATED_USES: usize = 8;

pub fn resolve_project(input: ProjectInput<'_>) -> (Model, Vec<Diagnostic>) {
    let declarations: Vec<&Declaration> = input
        .files
        .iter()
        .flat_map(|f| f.declarations.iter())
        .filter(|d| !matches!(d, Declaration::Test(_)))
        .collect();
    let mut resolver = Resolver::new(input.vocabulary);
    resolver.learn_broken(input.files);
    resolver.resolve(&declarations, input.controller_location);
    for (&index, &more) in &resolver.more_uses {
        if let Some(d) = resolver.diagnostics.get_mut(index) {
            d.notes.push(format!(
                "and {more} more use{} of the same name",
                if more == 1 { "" } else { "s" }
            ));
        }
    }
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
    if !test.isolated {
        resolver.learn_broken(input.files);
    }
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
    /// And what it declares: the resolver's own index of `model.names`, hashed rather
    /// than ordered, for the lookups of every reference.
    declared_at: HashMap<String, (Span, Declared)>,
    /// Did-you-mean answers by (word, kinds): many identical typos cost one search.
    suggestions: HashMap<(String, Vec<Keyword>), Option<String>>,
    /// What is left of the run's did-you-mean work (`limits::SUGGESTION_COMPARISONS`).
    suggestion_budget: usize,
    /// Names of declarations the parser could not read: references to them are not
    /// reported again.
    broken: HashMap<String, Keyword>,
    /// Declarations cut short by a syntax error: their missing parts are not reported.
    truncated: Vec<Span>,
    /// Targets of flows that did not parse.
    broken_flows: Vec<String>,
    /// The E002 already reported for each unknown name (by kinds), so that a name
    /// misspelt once is one diagnostic, with its other uses as labels.
    unknown: HashMap<(String, Vec<Keyword>), usize>,
    /// Uses of an unknown name past the labels its diagnostic shows, by diagnostic.
    more_uses: HashMap<usize, usize>,
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
            broken: HashMap::new(),
            truncated: Vec::new(),
            broken_flows: Vec::new(),
            unknown: HashMap::new(),
            more_uses: HashMap::new(),
        }
    }

    /// What the parser could not read in these files (one cause, one diagnostic).
    fn learn_broken(&mut self, files: &[PolicyFile]) {
        for file in files {
            for (keyword, name) in &file.broken {
                self.broken.entry(name.node.clone()).or_insert(*keyword);
            }
            self.truncated.extend(file.truncated.iter().copied());
            self.broken_flows
                .extend(file.broken_flows.iter().map(|w| w.node.clone()));
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
        self.mark_erroneous(declarations);
        for name in &self.broken_flows {
            if let Some(node) = self.model.lookup(name).and_then(Declared::node) {
                self.model.unjudged.insert(node);
            }
        }
    }

    /// The declarations with an input error inside them, or cut short by one: the rules
    /// say nothing about them, since the error says what to fix (one cause, one
    /// diagnostic).
    fn mark_erroneous(&mut self, declarations: &[&Declaration]) {
        let mut starts: Vec<(crate::source::FileId, u32)> = self
            .diagnostics
            .iter()
            .filter_map(|d| d.span())
            .map(|s| (s.file, s.start))
            .collect();
        starts.sort_unstable();
        let mut erroneous: Vec<Span> = declarations
            .iter()
            .map(|d| d.span())
            .filter(|span| {
                let first =
                    starts.partition_point(|&(f, start)| (f, start) < (span.file, span.start));
                starts
                    .get(first)
                    .is_some_and(|&(f, start)| f == span.file && start < span.end)
            })
            .collect();
        erroneous.extend(self.truncated.iter().copied());
        erroneous.sort();
        erroneous.dedup();
        self.model.erroneous = erroneous;
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
            if let Some((first, _)) = self.declared_at.get(&name.node) {
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
            self.declared_at
                .insert(name.node.clone(), (name.span, declared));
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
        match self.declared_at.get(&word.node).map(|(_, d)| *d) {
            Some(declared) if kinds.contains(&declared.keyword()) => Some(declared),
            Some(declared) => {
                let expected = describe_kinds(kinds);
                let span = self.declared_at.get(&word.node).map(|(s, _)| *s);
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
            None if self.broken.contains_key(&word.node) => {
                // Its declaration did not parse: the syntax error is the diagnostic.
                self.model.unresolved.extend(kinds.iter().copied());
                None
            }
            None => {
                self.model.unresolved.extend(kinds.iter().copied());
                let key = (word.node.clone(), kinds.to_vec());
                if let Some(&index) = self.unknown.get(&key)
                    && let Some(first) = self.diagnostics.get_mut(index)
                {
                    // A few places are enough to find them all; a hundred thousand labels
                    // would make one unreadable (and slow) report.
                    if first.labels.len() < MAX_REPEATED_USES {
                        first.labels.push(crate::diagnostic::Label {
                            span: word.span,
                            message: "used here too".to_owned(),
                        });
                    } else {
                        *self.more_uses.entry(index).or_default() += 1;
                    }
                    return None;
                }
                let help = self.suggest_name(&word.node, kinds);
                let d = Diagnostic::input(
                    InputError::UnknownReference,
                    word.span,
                    format!("unknown {}: `{}`", noun_of_kinds(kinds), word.node),
                )
                .with_label(format!("no {} has this name", noun_of_kinds(kinds)))
                .with_help_opt(help);
                self.unknown.insert(key, self.diagnostics.len());
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
    fn explicit_consent_named_as_a_condition_is_said_to_be_a_basis() {
        let r = resolve(&[&format!(
            "{BASE}purpose h : service.account {{ basis contract retain 1 year \
             condition explicit_consent \"asked at sign-up\" }}\n"
        )]);
        let d: Vec<(&str, Option<&str>)> = r
            .diagnostics
            .iter()
            .map(|d| (d.message.as_str(), d.help.as_deref()))
            .collect();
        assert_eq!(
            d,
            [(
                "explicit consent is a basis, not a `condition`",
                Some("write `basis explicit_consent CONSENT` instead")
            )]
        );
    }

    /// What an input error says: the kind of name expected, and the fix it suggests.
    #[test]
    fn input_errors_name_what_was_expected_and_suggest_the_fix() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "purpose q : service.account { basis consent nosuch retain 1 year }",
                "unknown consent: `nosuch`",
                "",
            ),
            (
                "processor pr { location FR subprocessor nosuch dpa \"x\" }",
                "unknown processor: `nosuch`",
                "",
            ),
            ("flow s -> nosuch : e for p", "unknown node: `nosuch`", ""),
            (
                "flow e -> app : e for p",
                "`e` is a category, but a subject, system, processor or recipient is expected here",
                "",
            ),
            (
                "flow s -> app : p for p",
                "`p` is a purpose, but a category is expected here",
                "",
            ),
            (
                "system x : database { location UK }",
                "`UK` is not a country code",
                "did you mean `GB` (United Kingdom)?",
            ),
            (
                "system x : database { location EL }",
                "`EL` is not a country code",
                "did you mean `GR` (Greece)?",
            ),
            (
                "system x : database { location fr }",
                "`fr` is not a country code",
                "did you mean `FR` (France)?",
            ),
            (
                "system x : database { location eea }",
                "`eea` is not a country code",
                "did you mean `EEA`?",
            ),
            (
                "system x : database { location eu }",
                "`eu` is not a country code",
                "did you mean `EU`?",
            ),
            (
                "system x : database { location Germny }",
                "`Germny` is not a country code",
                "did you mean `DE` (Germany)?",
            ),
            (
                "system x : database { location us-ca }",
                "`us-ca` is not a subdivision of the United States",
                "did you mean `US-CA`?",
            ),
            (
                "controller \"Acme\" { location US-CA optout \"Do Not Sell\" covers sale honours gpx }",
                "unknown opt-out preference signal `gpx`",
                "the signal redline knows is `gpc`",
            ),
            (
                "category x : contact.emial",
                "unknown data category `contact.emial` in the taxonomy",
                "did you mean `contact.email`?",
            ),
            (
                "category x : contact",
                "`contact` is a group of data category ids, not one of them",
                "use one of: contact.email, contact.phone, ",
            ),
            (
                "purpose x : servce.account { basis contract retain 1 year }",
                "unknown purpose `servce.account` in the taxonomy",
                "did you mean `service.account`?",
            ),
            (
                "purpose x : service.account { basis legitimate_interests \"\" retain 1 year }",
                "the reference of the legitimate interests assessment is empty",
                "write it out",
            ),
            (
                "test \"t\" {\n  expect R002 at subject nosuch\n}",
                "unknown subject: `nosuch`",
                "",
            ),
            (
                "test \"t\" {\n  expect R002 at system nosuch\n}",
                "unknown system: `nosuch`",
                "",
            ),
            (
                "test \"t\" {\n  expect R002 at recipient nosuch\n}",
                "unknown recipient: `nosuch`",
                "",
            ),
            (
                "test \"t\" {\n  expect R002 at subject e\n}",
                "`e` is a category, but a subject is expected here",
                "",
            ),
            (
                "controller \"A\" { location FR }\ncontroller \"B\" { location DE }",
                "a project has one controller, and this is a second",
                "keep one `controller` declaration",
            ),
            (
                "rule r \"x\" {\n  deny data specal.* for p\n}",
                "`specal.*` matches no data category of the taxonomy",
                "did you mean `special.*`?",
            ),
            (
                "category emails : contact.email\nrule r \"x\" {\n  deny data emials for p\n}",
                "`emials` is neither a declared data category nor a taxonomy id",
                "did you mean `emails`?",
            ),
            (
                "rule r \"x\" {\n  deny data contact.* for servce\n}",
                "`servce` is neither a declared purpose nor a taxonomy id",
                "did you mean `service`?",
            ),
            (
                "rule r \"x\" {\n  deny data e outside EU in FR\n}",
                "`in` conflicts with an earlier condition",
                "give each of `for`, `to`, `about` and one of `outside`/`in` at most once",
            ),
        ];
        for (line, message, help) in cases {
            let r = resolve(&[&format!("{BASE}{line}\n")]);
            let found: Vec<(&str, &str)> = r
                .diagnostics
                .iter()
                .map(|d| (d.message.as_str(), d.help.as_deref().unwrap_or("")))
                .collect();
            assert_eq!(found.len(), 1, "{line}: {found:?}");
            assert_eq!(found[0].0, *message, "{line}");
            assert!(found[0].1.starts_with(help), "{line}: {found:?}");
        }
    }

    /// An unknown name used many times is one diagnostic: its first uses as labels, and
    /// a count of the rest.
    #[test]
    fn an_unknown_name_used_many_times_is_reported_once() {
        let flows = "flow s -> nowhere : e for p\n".repeat(12);
        let r = resolve(&[&format!("{BASE}{flows}")]);
        assert_eq!(codes(&r), ["E002"]);
        let d = &r.diagnostics[0];
        let too = d
            .labels
            .iter()
            .filter(|l| l.message == "used here too")
            .count();
        assert_eq!(too, MAX_REPEATED_USES);
        assert_eq!(
            d.notes,
            [format!(
                "and {} more uses of the same name",
                11 - MAX_REPEATED_USES
            )]
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
