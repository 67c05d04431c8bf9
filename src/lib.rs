//! redline: a privacy policy-as-code linter.
//!
//! The data flows one way: files → syntax → model → (graph → rules) → findings → reports.

pub mod config;
pub mod diagnostic;
pub mod knowledge;
pub mod source;
pub mod suggest;
pub mod syntax;
pub mod values;
