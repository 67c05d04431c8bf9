//! Helpers for unit tests: a model from policy text.

use crate::knowledge::Knowledge;
use crate::model::{Model, ProjectInput, Vocabulary, resolve_project};
use crate::source::FileId;
use crate::syntax;

/// The model of one policy text, which must be free of input errors.
pub fn model(text: &str) -> Model {
    let (file, errors) = syntax::parse(FileId(0), text);
    assert!(errors.is_empty(), "{errors:?}");
    let knowledge = Knowledge::builtin().expect("knowledge");
    let vocabulary = Vocabulary::builtin(knowledge);
    let files = [file];
    let (model, errors) = resolve_project(ProjectInput {
        files: &files,
        vocabulary,
        controller_location: None,
    });
    assert!(errors.is_empty(), "{errors:?}");
    model
}
