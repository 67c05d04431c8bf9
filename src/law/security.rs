//! Security of processing (GDPR Art. 32) and whether data stays identifying (Recital 26):
//! which data calls for encryption, and which ids identify a person on their own.

use super::Judge;
use crate::knowledge::{PatternEntry, Provenance};
use crate::model::{CategoryId, TaxonomyPattern};

impl Judge<'_> {
    /// The entry that asks for this personal category to be encrypted at rest and in
    /// transit, if any (special-category, criminal, credentials, payment data).
    pub fn needs_encryption(&self, id: CategoryId) -> Option<&PatternEntry> {
        if !self.is_personal(id) {
            return None;
        }
        let path = &self.model.category(id)?.path.node;
        self.knowledge()
            .assessment
            .encryption
            .iter()
            .find(|e| TaxonomyPattern::parse(&e.pattern).matches(path))
    }

    /// Whether a category's taxonomy id identifies a person on its own (a name, an
    /// e-mail address): hashing or tokenising it pseudonymises it, it does not
    /// anonymise it. Returns the source that says so.
    pub fn direct_identifier(&self, id: CategoryId) -> Option<&Provenance> {
        let path = &self.model.category(id)?.path.node;
        let a = &self.knowledge().assessment;
        a.direct_identifiers
            .iter()
            .any(|d| d == path)
            .then_some(&a.identifiers_provenance)
    }
}
