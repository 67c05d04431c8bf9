//! Every limit redline puts on its input, in one place (documented in docs/limits.md).
//! Past a limit the input gets a diagnostic that names the limit, and the run goes on
//! with the rest: no limit panics, aborts or silently drops anything.

/// A policy file larger than this is refused (E005): a policy this size is generated or
/// not a policy, and every later stage's memory is proportional to it.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// A configuration file larger than this is refused (E006).
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The policy text one run reads, over all its projects: the bound on the run's memory
/// (about 25 bytes of memory per byte of policy, docs/PERFORMANCE.md, so some 3 GiB at
/// most). Files past it, in the order they are reported, are refused (E005).
pub const MAX_RUN_BYTES: u64 = 128 * 1024 * 1024;

/// Top-level declarations in one file; the rest of the file is not checked (E005).
pub const MAX_DECLARATIONS_PER_FILE: usize = 100_000;

/// Characters in a name, keyword, taxonomy path or any other word (E004). Did-you-mean
/// compares words pairwise, which is quadratic in their length.
pub const MAX_WORD_CHARS: usize = 256;

/// Characters in a string literal (E004).
pub const MAX_STRING_CHARS: usize = 4096;

/// Syntax errors reported in one file before the rest of it is skipped (E001): past
/// that point the file is probably not a policy at all.
pub const MAX_SYNTAX_ERRORS_PER_FILE: usize = 25;

/// How many candidates one run may compare names against, over all its did-you-means.
/// 10,000 declared names and 100,000 distinct misspellings would otherwise make a
/// billion comparisons (minutes); past the budget, an unknown name is still reported,
/// without a suggestion. Ordinary projects use a few thousand.
pub const SUGGESTION_COMPARISONS: usize = 1_000_000;
