//! Data subjects' rights (GDPR Art. 12-22): which purposes open the right to data
//! portability and the right to object, and whether a controller answers in time.

use super::Judge;
use crate::knowledge::Provenance;
use crate::model::{Basis, PurposeId, Right, TaxonomyPattern};
use crate::values::{Duration, TimeUnit};

/// Why a data subject may object to a purpose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectionGround {
    /// Direct marketing: at any time, and the processing must stop (Art. 21(2)-(3)).
    DirectMarketing,
    /// Processing on a public task or legitimate interests (Art. 21(1)).
    TaskOrInterests,
}

impl ObjectionGround {
    pub fn article(self) -> &'static str {
        match self {
            ObjectionGround::DirectMarketing => "Art. 21(2)-(3)",
            ObjectionGround::TaskOrInterests => "Art. 21(1)",
        }
    }
}

impl Judge<'_> {
    /// Whether a purpose processes personal data collected from data subjects: the data a
    /// person provided, which the rights of access, portability and objection are about.
    pub fn collects_personal_data(&self, id: PurposeId) -> bool {
        self.graph.flows_for(id).iter().any(|f| {
            self.model.flows.get(f.index()).is_some_and(|flow| {
                flow.categories.iter().any(|c| {
                    self.is_personal(c.node)
                        && !self.subject_kinds(c.node, flow.from.node).is_empty()
                })
            })
        })
    }

    /// Art. 20(1): the data subject may take the data away where the processing rests on
    /// consent or on a contract (and is automated, as everything a policy describes is).
    pub fn portability_applies(&self, id: PurposeId) -> bool {
        let basis = self
            .model
            .purpose(id)
            .and_then(|p| p.basis.as_ref())
            .map(|b| &b.node);
        matches!(
            basis,
            Some(Basis::Consent(_) | Basis::ExplicitConsent(_) | Basis::Contract)
        ) && self.collects_personal_data(id)
    }

    /// Art. 21: whether, and why, a data subject may object to a purpose.
    pub fn objection_ground(&self, id: PurposeId) -> Option<ObjectionGround> {
        let purpose = self.model.purpose(id)?;
        if !self.collects_personal_data(id) {
            return None;
        }
        let a = &self.knowledge().assessment;
        if a.direct_marketing
            .iter()
            .any(|p| TaxonomyPattern::parse(p).matches(&purpose.path.node))
        {
            return Some(ObjectionGround::DirectMarketing);
        }
        match purpose.basis.as_ref().map(|b| &b.node) {
            Some(Basis::PublicTask(_) | Basis::LegitimateInterests(_)) => {
                Some(ObjectionGround::TaskOrInterests)
            }
            _ => None,
        }
    }

    /// Whether the controller says how people have their data erased: the promise every
    /// store and every recipient must then keep (Art. 17, 19).
    pub fn erasure_promised(&self) -> bool {
        self.model
            .controller
            .as_ref()
            .is_some_and(|c| c.right(Right::Erasure).is_some())
    }

    /// Art. 12(3): the longest a controller may take to answer a request, and its source.
    pub fn response_limit(&self) -> (Duration, &Provenance) {
        let a = &self.knowledge().assessment;
        (a.response_within, &a.response_provenance)
    }

    /// Whether a stated response time can exceed the limit of Art. 12(3). A month can
    /// have 31 days: a time in days or weeks exceeds a limit in months only when it is
    /// longer than that many 31-day months, so that "31 days" is not a false alarm.
    pub fn too_slow(&self, within: Duration) -> bool {
        let (limit, _) = self.response_limit();
        let longest_month = Duration::new(31, TimeUnit::Day);
        match (limit.unit, within.unit) {
            (TimeUnit::Month | TimeUnit::Year, TimeUnit::Day | TimeUnit::Week) => {
                let months = match limit.unit {
                    TimeUnit::Year => limit.amount.saturating_mul(12),
                    _ => limit.amount,
                };
                let days =
                    Duration::new(longest_month.amount.saturating_mul(months), TimeUnit::Day);
                within.compare(days) == std::cmp::Ordering::Greater
            }
            _ => within.compare(limit) == std::cmp::Ordering::Greater,
        }
    }
}
