//! US state privacy laws (CCPA/CPRA and the states of the opt-out model): which laws
//! apply to which data, whether a disclosure is a sale or sharing, whether a processor is
//! a service provider, and whether the GDPR applies at all.
//!
//! A law applies to a personal category at a node when the data was collected from a
//! subject located in its state (a subject is where the controller is unless it says
//! otherwise), the law is in force on the as-of date, and the controller, if it lists the
//! laws it `follows`, lists it: applicability thresholds (revenue, number of consumers)
//! cannot be read from a policy.

use super::Judge;
use crate::knowledge::{RecipientKind, UsLaw};
use crate::model::{Basis, CategoryId, Choice, Flow, NodeId, ProcessorId, TaxonomyPattern};

/// What a flow is under the US laws that apply to what it carries.
#[derive(Clone, Debug, Default)]
pub struct UsFlow<'k> {
    /// The laws that apply to some category it carries.
    pub laws: Vec<&'k UsLaw>,
    /// The choices a consumer must be able to refuse for it, each with why.
    pub choices: Vec<(Choice, String)>,
}

/// Purposes that are cross-context behavioural advertising (Cal. Civ. Code §1798.140(k))
/// or targeted advertising (Va. Code §59.1-575).
const TARGETED_ADVERTISING: [&str; 2] = ["advertising.targeted", "advertising.retargeting"];

impl<'a> Judge<'a> {
    /// The US laws that apply to a personal category held at a node.
    pub fn us_laws_at(&self, category: CategoryId, node: NodeId) -> Vec<&'a UsLaw> {
        let mut out: Vec<&'a UsLaw> = Vec::new();
        for place in self.subject_places(category, node) {
            let Some(state) = place.subdivision() else {
                continue;
            };
            for &law in self.us_laws_in_force() {
                if law.state == state && !out.iter().any(|l| std::ptr::eq(*l, law)) {
                    out.push(law);
                }
            }
        }
        out
    }

    /// The laws of the table in force on the as-of date that the controller follows (all
    /// of them when it does not say).
    fn us_laws_in_force(&self) -> &[&'a UsLaw] {
        self.us_in_force.get_or_init(|| {
            let follows = self
                .model
                .controller
                .as_ref()
                .and_then(|c| c.follows.as_ref());
            self.knowledge()
                .us
                .laws
                .iter()
                .enumerate()
                .filter(|(i, law)| {
                    law.in_force(self.as_of) && follows.is_none_or(|f| f.contains(i))
                })
                .map(|(_, law)| law)
                .collect()
        })
    }

    /// The US laws that apply to anything a flow carries.
    pub fn us_laws_on(&self, flow: &Flow) -> Vec<&'a UsLaw> {
        let mut out: Vec<&'a UsLaw> = Vec::new();
        for c in &flow.categories {
            if !self.is_personal(c.node) {
                continue;
            }
            for law in self.us_laws_at(c.node, flow.from.node) {
                if !out.iter().any(|l| std::ptr::eq(*l, law)) {
                    out.push(law);
                }
            }
        }
        out
    }

    /// Whether any US law applies anywhere in the project.
    pub fn any_us_law(&self) -> bool {
        self.model
            .flows
            .iter()
            .any(|f| !self.us_laws_on(f).is_empty())
    }

    /// Whether the GDPR applies to the project: the controller is established in the EEA
    /// (Art. 3(1)), it collects from subjects located there (Art. 3(2)), or its data is
    /// held there, by its own systems (what RULES.md calls EEA origin) or by a processor
    /// established there, whose return of the data is a transfer (Art. 3(1); EDPB
    /// Guidelines 05/2021, v2.0 of 14 February 2023, example 3). A recipient in the EEA
    /// brings no processing of the controller's under the GDPR: it answers for its own.
    /// A controller whose location is unknown is taken to be in scope, as before
    /// redline knew US law.
    pub fn gdpr_applies(&self) -> bool {
        let model = self.model;
        let Some(controller) = model.controller_location() else {
            return true;
        };
        if self.place_in_eea(controller) {
            return true;
        }
        let in_eea = |l: &Option<crate::source::Spanned<crate::values::Place>>| {
            l.as_ref().is_some_and(|l| self.place_in_eea(l.node))
        };
        model.subjects.iter().any(|s| in_eea(&s.location))
            || model.systems.iter().any(|s| in_eea(&s.location))
            || model.processors.iter().any(|p| in_eea(&p.location))
    }

    /// A processor is a service provider when a contract limits it to business purposes
    /// that cover every purpose it receives data for (Cal. Civ. Code §1798.140(ag)).
    pub fn service_provider(&self, id: ProcessorId) -> Result<(), String> {
        let model = self.model;
        let Some(processor) = model.processors.get(id.index()) else {
            return Ok(());
        };
        let Some(contract) = &processor.service_contract else {
            return Err("no contract limits it to specified business purposes".to_owned());
        };
        let node = NodeId::Processor(id);
        let mut uncovered: Vec<&str> = Vec::new();
        for flow in model.flows.iter().filter(|f| f.to.node == node) {
            for p in &flow.purposes {
                let covered = contract.purposes.iter().any(|c| c.node == p.node);
                let name = model.purpose(p.node).map_or("?", |p| p.name.node.as_str());
                if !covered && !uncovered.contains(&name) {
                    uncovered.push(name);
                }
            }
        }
        if uncovered.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "its contract {} does not name {} among its business purposes",
                contract.reference.node,
                uncovered
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }

    /// Why a flow's destination is a third party (neither the business's own system nor
    /// a service provider), if it is. A disclosure the law requires is no sale and no
    /// sharing whoever receives it: the title "shall not restrict a business's ability to
    /// comply with federal, state, or local laws" (Cal. Civ. Code §1798.145(a)(1)).
    fn third_party(&self, flow: &Flow) -> Option<String> {
        let model = self.model;
        // A flow with a purpose that did not resolve is not known to be required.
        let required = !flow.incomplete
            && flow.purposes.iter().all(|p| {
                matches!(
                    model
                        .purpose(p.node)
                        .and_then(|p| p.basis.as_ref())
                        .map(|b| &b.node),
                    Some(Basis::LegalObligation(_))
                )
            });
        if required {
            return None;
        }
        let name = model.node_name(flow.to.node);
        match flow.to.node {
            NodeId::Subject(_) | NodeId::System(_) => None,
            NodeId::Processor(id) => self
                .service_provider(id)
                .err()
                .map(|why| format!("`{name}` is a third party, not a service provider: {why}")),
            NodeId::Recipient(id) => {
                let recipient = model.recipients.get(id.index())?;
                let kind = recipient.kind.as_ref().map(|k| k.node);
                let what = kind.map_or("a recipient".to_owned(), |k| format!("a recipient ({k})"));
                Some(format!("`{name}` is a third party, {what}"))
            }
        }
    }

    /// What a flow is under the US laws that apply to it: the choices a consumer must be
    /// able to refuse (sale, sharing, targeted advertising, profiling), with the derivation.
    pub fn us_flow(&self, flow: &Flow) -> UsFlow<'a> {
        let laws = self.us_laws_on(flow);
        if laws.is_empty() {
            return UsFlow::default();
        }
        let model = self.model;
        let purposes: Vec<&crate::model::Purpose> = flow
            .purposes
            .iter()
            .filter_map(|p| model.purpose(p.node))
            .collect();
        let matches = |patterns: &[&str]| {
            purposes.iter().find(|p| {
                patterns
                    .iter()
                    .any(|pat| TaxonomyPattern::parse(pat).matches(&p.path.node))
            })
        };
        // Each law's row says what its consumers may refuse.
        let grants = |choice: Choice| laws.iter().any(|l| l.opt_outs.value.contains(&choice));
        let mut choices = Vec::new();
        if let Some(third) = self.third_party(flow) {
            let consideration = match flow.to.node {
                NodeId::Recipient(id) => model.recipients.get(id.index()).and_then(|r| {
                    r.consideration
                        .as_ref()
                        .map(|c| format!("it gives {}", c.node))
                        .or_else(|| {
                            (r.kind.as_ref().map(|k| k.node) == Some(RecipientKind::DataBroker))
                                .then(|| "data brokers buy data".to_owned())
                        })
                }),
                _ => None,
            }
            .or_else(|| {
                matches(&["sharing.data_sale"])
                    .map(|p| format!("`{}` is a sale of data ({})", p.name.node, p.path.node))
            });
            if let Some(consideration) = consideration.filter(|_| grants(Choice::Sale)) {
                choices.push((
                    Choice::Sale,
                    format!("{third}, and {consideration}: a sale (Cal. Civ. Code §1798.140(ad))"),
                ));
            }
            if grants(Choice::Sharing)
                && let Some(p) = matches(&TARGETED_ADVERTISING)
            {
                choices.push((
                    Choice::Sharing,
                    format!(
                        "{third}, and receives it for `{}` ({}): sharing for cross-context behavioral advertising (Cal. Civ. Code §1798.140(ah), (k))",
                        p.name.node, p.path.node
                    ),
                ));
            }
        }
        if grants(Choice::TargetedAdvertising)
            && let Some(p) = matches(&TARGETED_ADVERTISING)
        {
            choices.push((
                Choice::TargetedAdvertising,
                format!(
                    "it serves `{}` ({}): targeted advertising (Va. Code §59.1-577(A)(5)(i) and the laws like it)",
                    p.name.node, p.path.node
                ),
            ));
        }
        if grants(Choice::Profiling)
            && let Some(p) = purposes.iter().find(|p| p.automated_decisions.is_some())
        {
            choices.push((
                Choice::Profiling,
                format!(
                    "`{}` takes automated decisions: profiling with legal or similarly significant effects (Va. Code §59.1-577(A)(5)(iii))",
                    p.name.node
                ),
            ));
        }
        UsFlow { laws, choices }
    }

    /// Whether a personal category is sensitive under the US laws: the taxonomy's
    /// `ccpa_sensitive` flag, and nothing else. Cal. Civ. Code §1798.140(ae) and the
    /// states' definitions of sensitive data (Va. Code §59.1-575) list most of the GDPR's
    /// special categories but neither political opinions nor criminal records, so the
    /// GDPR's flags do not decide it.
    pub fn us_sensitive(&self, id: CategoryId) -> bool {
        self.is_personal(id) && self.category_kind(id).is_some_and(|k| k.ccpa_sensitive)
    }

    /// Whether a purpose is one for which sensitive data may be used without offering a
    /// right to limit (11 CCR §7027(m)).
    pub fn us_sensitive_permitted(&self, path: &str) -> bool {
        self.knowledge()
            .us
            .sensitive_permitted
            .iter()
            .any(|p| TaxonomyPattern::parse(p).matches(path))
    }
}

/// Adds `law` to a finding's laws unless it is there already: each law is named once,
/// in the order the flows first bring it in.
pub fn add_law<'k>(laws: &mut Vec<&'k UsLaw>, law: &'k UsLaw) {
    if !laws.iter().any(|l| l.id == law.id) {
        laws.push(law);
    }
}

/// The laws' names for a message: `CCPA (California), VCDPA (Virginia)`.
pub fn law_names(laws: &[&UsLaw]) -> String {
    laws.iter()
        .map(|l| format!("{} ({})", l.id.to_uppercase(), l.state))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_law_is_added_once_and_in_the_order_it_is_met() {
        let knowledge = crate::knowledge::Knowledge::builtin().expect("the built-in knowledge");
        let [first, second, ..] = knowledge.us.laws.as_slice() else {
            panic!("fewer than two US state laws in the knowledge");
        };
        let mut laws = Vec::new();
        for law in [first, second, first, second] {
            add_law(&mut laws, law);
        }
        let ids: Vec<&str> = laws.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(ids, [first.id.as_str(), second.id.as_str()]);
    }
}
