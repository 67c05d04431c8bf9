//! Commands that print reference material: `redline rule` and `redline knowledge`.

pub mod knowledge;
pub mod rule;
