//! redline: a privacy policy-as-code linter.
//!
//! The data flows one way: files → syntax → model → (graph → rules) → findings → reports.

pub mod baseline;
pub mod check;
pub mod cli;
pub mod commands;
pub mod config;
pub mod diagnostic;
pub mod diff;
pub mod export;
pub mod files;
pub mod format;
pub mod fuzzing;
pub mod graph;
pub mod harness;
pub mod knowledge;
pub mod law;
pub mod limits;
pub mod model;
pub mod packs;
pub mod report;
pub mod rules;
pub mod server;
pub mod source;
pub mod suggest;
pub mod syntax;
#[cfg(test)]
pub(crate) mod testing;
pub mod values;
pub mod write;
