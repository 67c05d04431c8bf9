//! The closed vocabularies of the language: kinds of subjects, systems and recipients, and
//! the legal bases of GDPR Art. 6(1). Each is a type, so that a rule asks
//! `RecipientKind::Authority` rather than comparing strings, and an unknown value cannot
//! fall through to a default. The knowledge tables describe each one with its source; the
//! loader checks that the tables and these types agree.

use crate::values::closed_vocabulary;

closed_vocabulary! {
    /// A kind of data subject (`subject id : KIND`).
    SubjectKind {
        Customer = "customer",
        Prospect = "prospect",
        Visitor = "visitor",
        User = "user",
        Member = "member",
        Guest = "guest",
        Employee = "employee",
        Applicant = "applicant",
        Student = "student",
        Patient = "patient",
        Clinician = "clinician",
        /// A child below the age of digital consent where the controller is (GDPR Art. 8).
        Child = "child",
        /// Below the age of digital consent in every Member State (Art. 8(1): not under 13).
        ChildUnder13 = "child_under_13",
        /// Under 18, above the age of digital consent.
        Minor = "minor",
        PartnerContact = "partner_contact",
    }

    /// A kind of the controller's own system (`system id : KIND`).
    SystemKind {
        Application = "application",
        Database = "database",
        Warehouse = "warehouse",
        Backup = "backup",
        LogStore = "log_store",
        Queue = "queue",
        Device = "device",
        Camera = "camera",
    }

    /// A kind of third party that uses the data for its own ends (`recipient id : KIND`).
    RecipientKind {
        AdNetwork = "ad_network",
        DataBroker = "data_broker",
        Partner = "partner",
        /// A public authority: outside the scope of some adequacy decisions.
        Authority = "authority",
        GroupCompany = "group_company",
        Bank = "bank",
        Insurer = "insurer",
        PaymentProvider = "payment_provider",
        IndependentController = "independent_controller",
        JointController = "joint_controller",
    }

    /// A legal basis of GDPR Art. 6(1), as the taxonomy names a purpose's default one.
    BasisKind {
        Consent = "consent",
        ExplicitConsent = "explicit_consent",
        Contract = "contract",
        LegalObligation = "legal_obligation",
        VitalInterests = "vital_interests",
        PublicTask = "public_task",
        LegitimateInterests = "legitimate_interests",
    }
}

closed_vocabulary! {
    /// What an opt-out lets a consumer refuse (Cal. Civ. Code §1798.120, 1798.121;
    /// Va. Code §59.1-577(A)(5)).
    Choice {
        Sale = "sale",
        Sharing = "sharing",
        TargetedAdvertising = "targeted_advertising",
        Profiling = "profiling",
        SensitiveUse = "sensitive_use",
    }
}

impl SubjectKind {
    /// A child whose consent to an information-society service needs a parent's (GDPR
    /// Art. 8(1)).
    pub fn is_child(self) -> bool {
        matches!(self, SubjectKind::Child | SubjectKind::ChildUnder13)
    }
}

impl BasisKind {
    /// Consent of either kind (Art. 6(1)(a), 9(2)(a)).
    pub fn is_consent(self) -> bool {
        matches!(self, BasisKind::Consent | BasisKind::ExplicitConsent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for kind in RecipientKind::ALL {
            assert_eq!(RecipientKind::parse(kind.id()), Some(*kind));
        }
        for kind in BasisKind::ALL {
            assert_eq!(BasisKind::parse(kind.id()), Some(*kind));
        }
        assert_eq!(SubjectKind::parse("child"), Some(SubjectKind::Child));
        assert_eq!(SystemKind::parse("Database"), None);
    }
}
