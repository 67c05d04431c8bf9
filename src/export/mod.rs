//! Views of a project for people who do not read policy files: the data map
//! (`redline graph`), the record of processing activities (`redline ropa`) and the notice
//! at collection (`redline notice`).

pub mod map;
pub mod notice;
pub mod ropa;

use std::path::{Path, PathBuf};

use crate::check::{CheckOptions, Outcome, Project, RunError, check};
use crate::graph::FlowGraph;
use crate::knowledge::Knowledge;
use crate::law::Judge;

/// Loads one project (the current one, or the directory given) with its findings under
/// the law of `as_of`.
pub fn load(
    cwd: &Path,
    path: Option<PathBuf>,
    config: Option<PathBuf>,
    as_of: Option<crate::values::Date>,
) -> Result<Outcome, RunError> {
    let options = CheckOptions {
        paths: path.into_iter().collect(),
        config,
        as_of,
        keep_analysis: true,
        ..CheckOptions::default()
    };
    let outcome = check(cwd, &options)?;
    let input_errors = outcome.diagnostics.iter().any(|d| d.rule.is_input());
    if (outcome.run_failed && !input_errors) || outcome.projects.is_empty() {
        let reasons: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.rule.is_input())
            .map(|d| d.message.clone())
            .collect();
        return Err(RunError(format!(
            "the project cannot be loaded: {}",
            reasons.join("; ")
        )));
    }
    Ok(outcome)
}

/// The law's judgement of a project on a day, over its flow graph: what the map, the
/// record, the notice and the diff's facts all read. Where the check kept what its rules
/// decided under the same day and knowledge (`CheckOptions::keep_analysis`), the judge
/// reads that; otherwise it decides afresh. Either way the answers are the same: they
/// are functions of the project, the day and the knowledge.
pub fn with_judge<R>(
    project: &Project,
    knowledge: &Knowledge,
    on: crate::values::Date,
    read: impl FnOnce(&Judge<'_>) -> R,
) -> R {
    let vocabulary = project.settings.vocabulary(knowledge);
    let policy = &project.settings.transfers;
    match &project.analysis {
        Some(kept) if kept.as_of == on && std::ptr::eq(kept.knowledge, knowledge) => read(
            &Judge::new(&project.model, &kept.graph, vocabulary, on, policy).reading(&kept.answers),
        ),
        _ => {
            let graph = FlowGraph::build(&project.model);
            read(&Judge::new(&project.model, &graph, vocabulary, on, policy))
        }
    }
}
