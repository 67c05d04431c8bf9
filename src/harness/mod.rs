//! `redline test`: runs the `test` blocks found under the configuration's `tests` globs.
//!
//! A test's model is the project's declarations plus its own (its own alone with
//! `isolated`). Expectations without `at` count the findings that point into the test's
//! own declarations; `at` counts those inside the named declaration, wherever it is;
//! `expect clean` looks at the whole model. A test also fails when a finding of severity
//! error or warning inside its declarations is named by no `expect` (LANGUAGE.md). Tests
//! run in parallel, each on a model of its own.

pub mod report;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::check::{CheckOptions, Project, RunError, check};
use crate::config::discover;
use crate::diagnostic::{Diagnostic, InputError, Location, Severity};
use crate::knowledge::Knowledge;
use crate::model::{Model, ProjectInput, resolve_test};
use crate::rules;
use crate::source::{FileId, SourceKind, Sources, Span};
use crate::suggest;
use crate::syntax::{
    self,
    ast::{DeclRef, Declaration, Expectation, PolicyFile, TestDecl},
};
use crate::values::Date;

#[derive(Debug, Default)]
pub struct TestOptions {
    pub paths: Vec<PathBuf>,
    pub config: Option<PathBuf>,
    pub as_of: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Passed,
    Failed,
}

/// One test's outcome.
#[derive(Debug)]
pub struct TestResult {
    pub name: String,
    /// Where the test is declared.
    pub span: Span,
    pub status: Status,
    /// The expectations, as written, with where they are.
    pub expected: Vec<(String, Span)>,
    /// The findings that point into the test, or into what its expectations name.
    pub found: Vec<Diagnostic>,
    /// Why it failed, one line each.
    pub problems: Vec<String>,
    /// Input errors in the test's own declarations or expectations.
    pub errors: Vec<Diagnostic>,
}

#[derive(Debug, Default)]
pub struct TestRun {
    pub sources: Sources,
    pub results: Vec<TestResult>,
    /// Problems outside any test: input errors in the policies or the test files.
    pub errors: Vec<Diagnostic>,
    /// Test files read.
    pub files: usize,
    /// The configuration was invalid: exit 2.
    pub run_failed: bool,
}

impl TestRun {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.status == Status::Passed)
            .count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }

    /// Whether the run as a whole fails: a failed test, an input error, or no test at all.
    pub fn is_failure(&self) -> bool {
        self.failed() > 0 || !self.errors.is_empty() || self.results.is_empty()
    }
}

pub fn run(cwd: &Path, options: &TestOptions) -> Result<TestRun, RunError> {
    let knowledge = Knowledge::builtin().map_err(|e| {
        RunError(format!(
            "internal error: the built-in knowledge is invalid: {e}"
        ))
    })?;
    let check_options = CheckOptions {
        paths: options.paths.clone(),
        config: options.config.clone(),
        as_of: options.as_of,
        keep_syntax_trees: true,
        ..CheckOptions::default()
    };
    let outcome = check(cwd, &check_options)?;
    let mut run = TestRun {
        run_failed: outcome.run_failed,
        ..TestRun::default()
    };
    let mut sources = outcome.sources;
    let as_of = options.as_of.unwrap_or_else(|| knowledge.as_of());
    // Input errors of the configuration and the policies stop nothing but fail the run.
    let mut test_files: Vec<(usize, PolicyFile)> = Vec::new();
    for (index, project) in outcome.projects.iter().enumerate() {
        for (path, display) in test_file_paths(cwd, project) {
            run.files += 1;
            let known = project.files.iter().find(|f| {
                f.file
                    .and_then(|id| sources.get(id))
                    .is_some_and(|s| s.path == path)
            });
            if let Some(file) = known {
                test_files.push((index, file.clone()));
                continue;
            }
            match crate::files::read_policy(&path) {
                Ok(text) => {
                    let text: Arc<str> = Arc::from(text);
                    let id = sources.add(path, display, SourceKind::Policy, Some(text.clone()));
                    let (file, errors) = syntax::parse(id, &text);
                    // A test file with a syntax error is a failed file, not a crash.
                    run.errors.extend(errors);
                    test_files.push((index, file));
                }
                Err(reason) => {
                    let id = sources.add(path, display, SourceKind::Policy, None);
                    run.errors.push(Diagnostic::input_at(
                        InputError::UnreadableFile,
                        Location::File(id),
                        format!("cannot read this test file: {reason}"),
                    ));
                }
            }
        }
    }
    let test_file_ids: Vec<FileId> = test_files.iter().filter_map(|(_, f)| f.file).collect();
    run.errors
        .extend(outcome.diagnostics.into_iter().filter(|d| {
            let in_test_file = d
                .location
                .file()
                .is_some_and(|f| test_file_ids.contains(&f));
            d.rule.is_input() && !in_test_file
        }));
    let packs = pack_projects(&outcome.projects, &mut sources, knowledge, &mut run);
    let cases: Vec<(&Project, &PolicyFile, &TestDecl)> = test_files
        .iter()
        .map(|(index, file)| (&outcome.projects[*index], file))
        .chain(packs.iter().map(|(project, file)| (project, file)))
        .flat_map(|(project, file)| {
            file.declarations.iter().filter_map(move |d| match d {
                Declaration::Test(t) => Some((project, file, t)),
                _ => None,
            })
        })
        .collect();
    let sources_ref = &sources;
    run.results = cases
        .par_iter()
        .map(|(project, file, test)| run_one(project, file, test, sources_ref, knowledge, as_of))
        .collect();
    run.sources = sources;
    Ok(run)
}

/// The enabled packs of every project, once each, as projects of their own: a pack's
/// tests run against its rules alone, with the default settings, whatever the project.
fn pack_projects(
    projects: &[Project],
    sources: &mut Sources,
    knowledge: &Knowledge,
    run: &mut TestRun,
) -> Vec<(Project, PolicyFile)> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for project in projects {
        for pack in &project.settings.packs {
            if seen.contains(&pack.name) {
                continue;
            }
            seen.push(pack.name);
            run.files += 1;
            let text: Arc<str> = Arc::from(pack.text);
            let id = sources.add(
                PathBuf::from(pack.display()),
                pack.display(),
                SourceKind::Policy,
                Some(text.clone()),
            );
            // Its syntax and resolution errors are the check's to report (once); the
            // errors inside its tests are each test's.
            let (file, _) = syntax::parse(id, &text);
            let settings = crate::config::Settings::default();
            let files = vec![file.clone()];
            let (model, _) = crate::model::resolve_project(ProjectInput {
                files: &files,
                vocabulary: settings.vocabulary(knowledge),
                controller_location: None,
            });
            out.push((
                Project {
                    root: project.root.clone(),
                    display_root: project.display_root.clone(),
                    only: None,
                    settings,
                    files,
                    model,
                    analysis: None,
                },
                file,
            ));
        }
    }
    out
}

/// The test files of a project: its `tests` globs; or, when every path named in the
/// project is one of its test files, only those (a hook that changed a test file runs
/// that file; one that changed a policy runs the project's whole suite).
fn test_file_paths(cwd: &Path, project: &Project) -> Vec<(PathBuf, String)> {
    if let Some(only) = &project.only {
        let is_test_file = |path: &Path| {
            discover::is_policy_file(path)
                && path.strip_prefix(&project.root).is_ok_and(|r| {
                    project
                        .settings
                        .tests
                        .is_match(&r.to_string_lossy().replace('\\', "/"))
                })
        };
        if !only.is_empty() && only.iter().all(|p| is_test_file(p)) {
            return only
                .iter()
                .map(|p| (p.clone(), discover::display_of(cwd, p)))
                .collect();
        }
    }
    discover::walk(
        &project.root,
        &project.display_root,
        &project.settings,
        true,
    )
    .into_iter()
    .filter_map(|found| match found {
        discover::Found::File { path, display } => Some((path, display)),
        discover::Found::Problem { .. } => None,
    })
    .collect()
}

fn run_one(
    project: &Project,
    file: &PolicyFile,
    test: &TestDecl,
    sources: &Sources,
    knowledge: &'static Knowledge,
    as_of: Date,
) -> TestResult {
    let settings = &project.settings;
    let vocabulary = settings.vocabulary(knowledge);
    let input = ProjectInput {
        files: &project.files,
        vocabulary,
        controller_location: settings.controller_location,
    };
    let (mut model, mut errors) = resolve_test(input, test);
    // Suppressions of the project's files, and those inside the test.
    if !test.isolated {
        model.suppressions = project
            .files
            .iter()
            .flat_map(|f| f.suppressions.iter().cloned())
            .collect();
    }
    model.suppressions.extend(
        file.suppressions
            .iter()
            .filter(|s| inside(s.span, test.span))
            .cloned(),
    );
    errors.extend(unknown_rules(&model, test));
    let expected: Vec<(String, Span)> = test
        .expectations
        .iter()
        .map(|e| (describe(&e.node), e.span))
        .collect();
    let mut result = TestResult {
        name: test.name.node.clone(),
        span: test.span,
        status: Status::Failed,
        expected,
        found: Vec::new(),
        problems: Vec::new(),
        errors: Vec::new(),
    };
    if !errors.is_empty() {
        result.problems.push("the test has input errors".to_owned());
        result.errors = errors;
        return result;
    }
    let findings = crate::check::run_rules(&model, settings, knowledge, as_of, sources).findings;
    judge(&model, test, &findings, &mut result);
    result.status = if result.problems.is_empty() {
        Status::Passed
    } else {
        Status::Failed
    };
    result
}

fn inside(span: Span, outer: Span) -> bool {
    span.file == outer.file && outer.start <= span.start && span.end <= outer.end
}

fn matches_rule(d: &Diagnostic, rule: &str) -> bool {
    d.rule.code == rule || d.rule.name == rule
}

/// The spans of the declarations an `at` names.
fn declarations_named(model: &Model, at: &DeclRef) -> Vec<Span> {
    match at {
        DeclRef::Flow { from, to } => model
            .flows
            .iter()
            .filter(|f| {
                model.node_name(f.from.node) == from.node && model.node_name(f.to.node) == to.node
            })
            .map(|f| f.span)
            .collect(),
        DeclRef::Named { keyword, name } => model
            .lookup(&name.node)
            .filter(|d| d.keyword() == keyword.node)
            .and_then(|d| model.span_of(d))
            .into_iter()
            .collect(),
    }
}

fn judge(model: &Model, test: &TestDecl, findings: &[Diagnostic], result: &mut TestResult) {
    let in_test = |d: &Diagnostic| d.span().is_some_and(|s| inside(s, test.span));
    let within = |d: &Diagnostic, spans: &[Span]| {
        d.span()
            .is_some_and(|s| spans.iter().any(|o| inside(s, *o)))
    };
    let serious = |d: &Diagnostic| d.severity >= Severity::Warning;
    let mut shown: Vec<&Diagnostic> = findings.iter().filter(|d| in_test(d)).collect();
    // Scopes of the present expectations, to decide which findings they name.
    let mut named: Vec<(&str, Option<Vec<Span>>)> = Vec::new();
    for expectation in &test.expectations {
        match &expectation.node {
            Expectation::Clean => {
                let dirty: Vec<&Diagnostic> = findings.iter().filter(|d| serious(d)).collect();
                for d in &dirty {
                    result
                        .problems
                        .push(format!("expected a clean model, found {}", one_line(d)));
                }
                shown.extend(dirty.into_iter().filter(|d| !in_test(d)));
            }
            Expectation::Absent { rule, at } => {
                let scope = at.as_ref().map(|at| declarations_named(model, &at.node));
                let count = findings
                    .iter()
                    .filter(|d| matches_rule(d, &rule.node))
                    .filter(|d| match &scope {
                        Some(spans) => within(d, spans),
                        None => in_test(d),
                    })
                    .count();
                if count > 0 {
                    result.problems.push(format!(
                        "expected {}, found {count}",
                        describe(&expectation.node)
                    ));
                }
            }
            Expectation::Present { rule, at, times } => {
                let scope = at.as_ref().map(|at| declarations_named(model, &at.node));
                let hits: Vec<&Diagnostic> = findings
                    .iter()
                    .filter(|d| matches_rule(d, &rule.node))
                    .filter(|d| match &scope {
                        Some(spans) => within(d, spans),
                        None => in_test(d),
                    })
                    .collect();
                let wanted = describe(&expectation.node);
                match times {
                    Some(n) if hits.len() != n.node as usize => result
                        .problems
                        .push(format!("expected {wanted}, found {}", hits.len())),
                    None if hits.is_empty() => result
                        .problems
                        .push(format!("expected {wanted}, found none")),
                    _ => {}
                }
                shown.extend(hits.into_iter().filter(|d| !in_test(d)));
                named.push((&rule.node, scope));
            }
        }
    }
    // Strictness: every error or warning inside the test is named by an expectation.
    for d in findings.iter().filter(|d| in_test(d) && serious(d)) {
        let is_named = named.iter().any(|(rule, scope)| {
            matches_rule(d, rule) && scope.as_ref().is_none_or(|spans| within(d, spans))
        });
        if !is_named {
            result.problems.push(format!("unexpected {}", one_line(d)));
        }
    }
    shown.sort_by_key(|d| d.span());
    shown.dedup_by_key(|d| (d.span(), d.rule.clone(), d.message.clone()));
    result.found = shown.into_iter().cloned().collect();
}

fn one_line(d: &Diagnostic) -> String {
    format!("{}: {}", d.rule, d.message)
}

/// An expectation as written.
pub fn describe(e: &Expectation) -> String {
    match e {
        Expectation::Clean => "clean".to_owned(),
        Expectation::Absent { rule, at } => {
            let mut text = format!("no {}", rule.node);
            if let Some(at) = at {
                text.push_str(&describe_at(&at.node));
            }
            text
        }
        Expectation::Present { rule, at, times } => {
            let mut text = rule.node.clone();
            if let Some(at) = at {
                text.push_str(&describe_at(&at.node));
            }
            if let Some(n) = times {
                text.push_str(&format!(" times {}", n.node));
            }
            text
        }
    }
}

/// ` at flow a -> b`, ` at purpose p`.
fn describe_at(at: &DeclRef) -> String {
    match at {
        DeclRef::Flow { from, to } => format!(" at flow {} -> {}", from.node, to.node),
        DeclRef::Named { keyword, name } => format!(" at {} {}", keyword.node.as_str(), name.node),
    }
}

/// Expectations that name no rule: E002 with the closest rule name.
fn unknown_rules(model: &Model, test: &TestDecl) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for expectation in &test.expectations {
        let rule = match &expectation.node {
            Expectation::Absent { rule, .. } | Expectation::Present { rule, .. } => rule,
            Expectation::Clean => continue,
        };
        let known = rules::find(&rule.node).is_some()
            || model.rules.iter().any(|r| r.name.node == rule.node)
            || InputError::ALL
                .iter()
                .any(|e| e.code() == rule.node || e.name() == rule.node);
        if known {
            continue;
        }
        let builtin = rules::ALL
            .iter()
            .flat_map(|r| [r.meta().code, r.meta().name]);
        let organisation = model.rules.iter().map(|r| r.name.node.as_str());
        let help = suggest::did_you_mean(&rule.node, builtin.chain(organisation));
        errors.push(
            Diagnostic::input(
                InputError::UnknownReference,
                rule.span,
                format!("unknown rule: `{}`", rule.node),
            )
            .with_label("no built-in or organisation rule has this name")
            .with_help_opt(help),
        );
    }
    errors
}
