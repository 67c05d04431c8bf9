//! Commands beside the pipeline: `redline rule` and `redline knowledge` print reference
//! material, `redline init` writes a starter project.

pub mod diff;
pub mod fmt;
pub mod init;
pub mod knowledge;
pub mod rule;
