//! The ids a policy may use: the built-in taxonomy plus the configuration's extensions.

use std::collections::BTreeMap;

use crate::knowledge::{CategoryKind, Knowledge, PurposeKind};
use crate::syntax::ast::Keyword;

#[derive(Clone, Copy)]
pub struct Vocabulary<'a> {
    pub knowledge: &'a Knowledge,
    pub extra_categories: &'a BTreeMap<String, CategoryKind>,
    pub extra_purposes: &'a BTreeMap<String, PurposeKind>,
}

/// No extensions: the vocabulary of a project without a configuration.
static NO_CATEGORIES: BTreeMap<String, CategoryKind> = BTreeMap::new();
static NO_PURPOSES: BTreeMap<String, PurposeKind> = BTreeMap::new();

impl<'a> Vocabulary<'a> {
    /// The built-in taxonomy alone.
    pub fn builtin(knowledge: &'a Knowledge) -> Self {
        Vocabulary {
            knowledge,
            extra_categories: &NO_CATEGORIES,
            extra_purposes: &NO_PURPOSES,
        }
    }

    pub fn category(&self, id: &str) -> Option<&'a CategoryKind> {
        self.knowledge
            .categories
            .get(id)
            .or_else(|| self.extra_categories.get(id))
    }

    pub fn purpose(&self, id: &str) -> Option<&'a PurposeKind> {
        self.knowledge
            .purposes
            .get(id)
            .or_else(|| self.extra_purposes.get(id))
    }

    /// Every data category id (for `Keyword::Category`) or purpose id, extensions included.
    pub fn ids(&self, keyword: Keyword) -> Vec<&'a str> {
        let k = self.knowledge;
        match keyword {
            Keyword::Category => k
                .categories
                .keys()
                .chain(self.extra_categories.keys())
                .map(String::as_str)
                .collect(),
            _ => k
                .purposes
                .keys()
                .chain(self.extra_purposes.keys())
                .map(String::as_str)
                .collect(),
        }
    }
}

/// The ids under a group prefix (`contact` → `contact.email`, …).
pub fn members<'a>(ids: impl Iterator<Item = &'a str>, group: &str) -> Vec<&'a str> {
    ids.filter(|id| {
        id.strip_prefix(group)
            .is_some_and(|rest| rest.starts_with('.'))
    })
    .collect()
}

/// Every id and every group prefix of ids (`contact`, `contact.email`).
pub fn ids_and_groups<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for id in ids {
        out.push(id);
        for (i, c) in id.char_indices() {
            if c == '.' {
                out.push(&id[..i]);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}
