//! Consent as a basis: when it is explicit consent, and whether a purpose has a ground
//! of GDPR Art. 9(2) for special-category data.

use crate::knowledge::ConditionCovers;
use crate::model::{Basis, ConsentId, Model, Purpose};

/// Whether a purpose rests on explicit consent (GDPR Art. 9(2)(a), 22(2)(c), 49(1)(a)).
/// A consent used as explicit consent must say `explicit`, and one that says so counts,
/// whether the basis is written `consent` or `explicit_consent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExplicitConsent {
    /// The basis names a declared consent marked `explicit`.
    Given(ConsentId),
    /// `basis explicit_consent C`, but `C` does not say `explicit`.
    NotMarked(ConsentId),
    /// Not explicit consent: another basis, a plain consent, or an unknown one.
    No,
}

pub fn explicit_consent(model: &Model, purpose: &Purpose) -> ExplicitConsent {
    let Some(basis) = purpose.basis.as_ref().map(|b| &b.node) else {
        return ExplicitConsent::No;
    };
    let Some(Some(id)) = basis.consent() else {
        return ExplicitConsent::No;
    };
    let marked = model.consents.get(id.index()).is_some_and(|c| c.explicit);
    match (marked, basis) {
        (true, _) => ExplicitConsent::Given(id),
        (false, Basis::ExplicitConsent(_)) => ExplicitConsent::NotMarked(id),
        (false, _) => ExplicitConsent::No,
    }
}

/// Whether a purpose may process special-category data: explicit consent, or a condition
/// of Art. 9(2) of its own.
pub fn has_art9_ground(model: &Model, purpose: &Purpose) -> bool {
    purpose
        .conditions
        .iter()
        .any(|c| c.covers == ConditionCovers::SpecialCategories)
        || matches!(explicit_consent(model, purpose), ExplicitConsent::Given(_))
}

/// Whether a purpose may process criminal-offence data: a condition of Art. 10 (under
/// the control of official authority, or authorised by Union or Member State law).
pub fn has_art10_ground(purpose: &Purpose) -> bool {
    purpose
        .conditions
        .iter()
        .any(|c| c.covers == ConditionCovers::CriminalData)
}

/// The declared consent a purpose rests on, if it rests on one.
pub fn own_consent(purpose: &Purpose) -> Option<ConsentId> {
    purpose.basis.as_ref()?.node.consent().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purpose(text: &str) -> (Model, ExplicitConsent, bool) {
        let model = crate::testing::model(text);
        let p = &model.purposes[0];
        let explicit = explicit_consent(&model, p);
        let ground = has_art9_ground(&model, p);
        (model, explicit, ground)
    }

    #[test]
    fn explicit_consent_is_what_the_consent_says_it_is() {
        let consent = "consent c { default denied withdraw \"link\" explicit }\n";
        let plain = "consent c { default denied withdraw \"link\" }\n";
        let (_, e, g) = purpose(&format!(
            "purpose p : service.account {{ basis consent c retain 1 year }}\n{consent}"
        ));
        assert!(matches!(e, ExplicitConsent::Given(_)) && g);
        let (_, e, g) = purpose(&format!(
            "purpose p : service.account {{ basis explicit_consent c retain 1 year }}\n{plain}"
        ));
        assert!(matches!(e, ExplicitConsent::NotMarked(_)) && !g);
        let (_, e, g) = purpose(&format!(
            "purpose p : service.account {{ basis consent c retain 1 year }}\n{plain}"
        ));
        assert_eq!((e, g), (ExplicitConsent::No, false));
        let (_, e, g) = purpose(
            "purpose p : service.account { basis contract retain 1 year condition health_care \"clinic\" }\n",
        );
        assert_eq!((e, g), (ExplicitConsent::No, true));
    }
}
