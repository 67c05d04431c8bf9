//! The one place that knows which YAML crate redline uses, and with what options.

use serde::de::DeserializeOwned;

pub use serde_saphyr::{Error, Location, Spanned};

/// Parses YAML with YAML 1.2 core booleans (so `NO`, Norway, stays a string) under
/// serde-saphyr's default budget, which bounds alias expansion and nesting.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Error> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_str_with_options(text, options)
}
