//! Transfers to third countries (GDPR Chapter V): which nodes receive EEA-origin personal
//! data outside the EEA, and whether each transfer is protected. Decided once here; the
//! rules (T001-T003), the data map's colours and the record of processing show it.
//!
//! RULES.md, "Origin in the EEA" and "Who imports": data is EEA-origin at a node when, at
//! that node or upstream of it, it was held at a location inside the EEA, or collected by
//! a controller established in the EEA. A controller outside the EEA that collects from
//! people in the EEA exports nothing by collecting (EDPB Guidelines 05/2021, example 1).
//! A transfer is a disclosure to a system, processor or recipient outside the EEA; a flow
//! into a data subject is not one.

use std::collections::{BTreeMap, BTreeSet};

use super::Judge;
use crate::knowledge::{
    AdequacyScope, Confidence, RecipientKind, SafeguardKind, SafeguardLimit, in_force,
};
use crate::model::{CategoryId, FlowId, NodeId, ProcessorId};
use crate::values::{CountryCode, Date, Place};

/// How EEA-origin data first arrives at a node outside the EEA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// By a flow, carrying this category.
    Flow { flow: FlowId, category: CategoryId },
    /// As the declared subprocessor of a processor that holds EEA-origin data.
    Subprocessor { of: ProcessorId },
}

/// A transfer: a node outside the EEA that receives EEA-origin personal data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Destination {
    pub node: NodeId,
    pub arrival: Arrival,
}

/// Why a transfer is allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Protection {
    /// The configuration's `transfers.adequate` lists the country.
    ConfiguredAdequate(CountryCode),
    /// An adequacy decision in force covers this recipient (GDPR Art. 45).
    Adequacy { decision: String },
    /// An appropriate safeguard of Art. 46-47 that applies to this recipient.
    Safeguard(SafeguardKind),
    /// A derogation of Art. 49 with its ground (reported by T003: occasional only).
    Derogation { ground: String },
}

/// Why no decision covers a destination.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecisionGap {
    /// The country has never had one, or none on the day.
    None,
    /// The last one ended before the day.
    Ended {
        decision: String,
        ends: Option<Date>,
        note: Option<String>,
    },
    /// A decision is in force, but its scope leaves this recipient out.
    OutOfScope {
        decision: String,
        scope: AdequacyScope,
    },
}

/// Why a transfer is not allowed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unprotected {
    /// The configuration's `transfers.forbidden` lists the country: no safeguard helps.
    Forbidden(CountryCode),
    /// No decision covers it and no valid safeguard protects it.
    NotCovered {
        gap: DecisionGap,
        /// The safeguard declared, which does not protect this transfer.
        safeguard: Option<SafeguardKind>,
    },
}

/// A safeguard declared for a recipient it cannot serve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Misfit {
    pub reason: String,
    pub source: String,
    pub confidence: Confidence,
}

/// What the law says of a node, as every view shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TransferStatus {
    /// No location: nothing can be said.
    UnknownLocation,
    /// Inside the EEA.
    InEea,
    /// Outside the EEA, but no transfer reaches it: a data subject, or a node no
    /// EEA-origin personal data reaches.
    NotATransfer,
    Protected(Protection),
    Unprotected(Unprotected),
}

impl TransferStatus {
    pub fn is_transfer(&self) -> bool {
        matches!(
            self,
            TransferStatus::Protected(_) | TransferStatus::Unprotected(_)
        )
    }
}

/// The destinations of a project, in the order their first arrival is declared.
#[derive(Debug, Default)]
pub(super) struct Transfers {
    destinations: Vec<Destination>,
    by_node: BTreeMap<NodeId, usize>,
}

impl Judge<'_> {
    fn transfer_table(&self) -> &Transfers {
        self.answers.transfers.get_or_init(|| self.find_transfers())
    }

    /// Every node outside the EEA that receives EEA-origin personal data, with its first
    /// arrival. Onward transfers count: the sender may itself be abroad.
    pub fn destinations(&self) -> &[Destination] {
        &self.transfer_table().destinations
    }

    fn find_transfers(&self) -> Transfers {
        let model = self.model;
        let collected_in_eea = self.controller_in_eea();
        let is_subject = |n: NodeId| matches!(n, NodeId::Subject(_));
        let mut first: BTreeMap<NodeId, (FlowId, CategoryId)> = BTreeMap::new();
        let mut holders: BTreeSet<NodeId> = BTreeSet::new();
        for (&category, held) in self.held_purposes() {
            let view = held.view();
            // Where the category is of EEA origin: held inside the EEA, or collected by a
            // controller established there; then everything downstream. Subjects hold
            // nothing: a flow out of one is a collection, judged by the controller.
            let mut seeds = Vec::new();
            for (local, node) in view.nodes() {
                let held_in_eea = !is_subject(node) && self.in_eea(node) == Some(true);
                let collected = collected_in_eea
                    && !is_subject(node)
                    && view
                        .flows_in(local)
                        .any(|(_, from)| is_subject(view.node(from)));
                if held_in_eea || collected {
                    seeds.push(local);
                }
            }
            let origin = view.reachable(seeds, |n| !is_subject(n));
            for (local, node) in view.nodes() {
                if !origin[local.index()] {
                    continue;
                }
                holders.insert(node);
                if self.in_eea(node) != Some(false) {
                    continue;
                }
                // The first flow, in declaration order, by which EEA-origin data arrives.
                let arrival = view
                    .flows_in(local)
                    .filter(|&(_, from)| {
                        let sender = view.node(from);
                        if is_subject(sender) {
                            collected_in_eea
                        } else {
                            origin[from.index()]
                        }
                    })
                    .map(|(flow, _)| flow)
                    .min();
                if let Some(flow) = arrival {
                    let entry = first.entry(node).or_insert((flow, category));
                    if (flow, category) < *entry {
                        *entry = (flow, category);
                    }
                }
            }
        }
        let mut arrivals: BTreeMap<NodeId, Arrival> = first
            .into_iter()
            .map(|(node, (flow, category))| (node, Arrival::Flow { flow, category }))
            .collect();
        // A subprocessor receives what its processor holds, declared flow or not.
        let mut queue: Vec<ProcessorId> = holders
            .iter()
            .filter_map(|n| match n {
                NodeId::Processor(p) => Some(*p),
                _ => None,
            })
            .collect();
        let mut seen: BTreeSet<ProcessorId> = queue.iter().copied().collect();
        while let Some(p) = queue.pop() {
            let Some(processor) = model.processors.get(p.index()) else {
                continue;
            };
            for sub in &processor.subprocessors {
                let node = NodeId::Processor(sub.node);
                if self.in_eea(node) == Some(false) {
                    arrivals
                        .entry(node)
                        .or_insert(Arrival::Subprocessor { of: p });
                }
                if seen.insert(sub.node) {
                    queue.push(sub.node);
                }
            }
        }
        let mut destinations: Vec<Destination> = arrivals
            .into_iter()
            .map(|(node, arrival)| Destination { node, arrival })
            .collect();
        destinations.sort_by_key(|d| match d.arrival {
            Arrival::Flow { flow, .. } => (0, flow.0, d.node),
            Arrival::Subprocessor { .. } => (1, 0, d.node),
        });
        let by_node = destinations
            .iter()
            .enumerate()
            .map(|(i, d)| (d.node, i))
            .collect();
        Transfers {
            destinations,
            by_node,
        }
    }

    /// The destination a node is, if it is one.
    pub fn destination(&self, node: NodeId) -> Option<&Destination> {
        let table = self.transfer_table();
        table
            .by_node
            .get(&node)
            .and_then(|&i| table.destinations.get(i))
    }

    /// What the law says of a node: the one decision the rules, the map and the record
    /// show.
    pub fn transfer_status(&self, node: NodeId) -> TransferStatus {
        match self.in_eea(node) {
            None => TransferStatus::UnknownLocation,
            Some(true) => TransferStatus::InEea,
            Some(false) if self.destination(node).is_none() => TransferStatus::NotATransfer,
            Some(false) => match self.protection(node) {
                Ok(p) => TransferStatus::Protected(p),
                Err(u) => TransferStatus::Unprotected(u),
            },
        }
    }

    /// Whether a transfer to `node` (outside the EEA) is protected, and how or why not.
    fn protection(&self, node: NodeId) -> Result<Protection, Unprotected> {
        let knowledge = self.knowledge();
        let country = match self.model.node_location(node).map(Place::national) {
            Some(Place::Country(c)) => c,
            // A region is the EEA or the EU: never a transfer.
            Some(Place::Region(_) | Place::Subdivision(_)) | None => {
                return Err(Unprotected::NotCovered {
                    gap: DecisionGap::None,
                    safeguard: None,
                });
            }
        };
        if self.policy.forbidden.contains(&country) {
            return Err(Unprotected::Forbidden(country));
        }
        if self.policy.adequate.contains(&country) {
            return Ok(Protection::ConfiguredAdequate(country));
        }
        // A safeguard that cannot serve this recipient (confirmed) protects nothing.
        let safeguard = self.model.safeguard_of(node).map(|s| &s.node).filter(|_| {
            self.safeguard_misfit(node)
                .is_none_or(|m| m.confidence != Confidence::Confirmed)
        });
        let kind = safeguard.map(|s| s.kind);
        let is_authority = self.model.recipient_kind(node) == Some(RecipientKind::Authority);
        let decisions = knowledge.adequacy_on(country, self.as_of);
        if let Some(decision) = decisions
            .iter()
            .find(|d| scope_covers(d.scope, kind, is_authority))
        {
            return Ok(Protection::Adequacy {
                decision: decision.decision.clone(),
            });
        }
        if let Some(s) = safeguard
            && self.safeguard_problem(node).is_none()
        {
            match s.kind {
                SafeguardKind::Scc
                | SafeguardKind::Bcr
                | SafeguardKind::CodeOfConduct
                | SafeguardKind::Certification => return Ok(Protection::Safeguard(s.kind)),
                SafeguardKind::Derogation => {
                    if let Some(ground) = &s.ground {
                        return Ok(Protection::Derogation {
                            ground: ground.node.clone(),
                        });
                    }
                }
                // These work only through a decision, looked at above.
                SafeguardKind::Adequacy | SafeguardKind::Dpf | SafeguardKind::PrivacyShield => {}
            }
        }
        let gap = match decisions.first() {
            Some(d) => DecisionGap::OutOfScope {
                decision: d.decision.clone(),
                scope: d.scope,
            },
            None => match knowledge.ended_adequacy(country, self.as_of) {
                Some(ended) => DecisionGap::Ended {
                    decision: ended.decision.clone(),
                    ends: ended.ends,
                    note: ended.note.clone(),
                },
                None => DecisionGap::None,
            },
        };
        Err(Unprotected::NotCovered {
            gap,
            // The safeguard as declared, also one that cannot serve this recipient: the
            // note then says it does not protect, not that none is declared.
            safeguard: self.model.safeguard_of(node).map(|s| s.node.kind),
        })
    }

    /// Why the safeguard a node declares cannot apply to it, whether or not data reaches
    /// it: a safeguard that is not in force on the day, limited to other countries, an
    /// adequacy claimed where there is no decision, a derogation without its ground.
    pub fn safeguard_problem(&self, node: NodeId) -> Option<String> {
        let safeguard = &self.model.safeguard_of(node)?.node;
        let knowledge = self.knowledge();
        let name = self.model.node_name(node);
        let place = self.model.node_location(node);
        let country = match place.map(Place::national) {
            Some(Place::Country(c)) => Some(c),
            _ => None,
        };
        let kind = safeguard.kind;
        let entry = knowledge.safeguard_entry(kind);
        match kind {
            SafeguardKind::PrivacyShield => entry.and_then(|e| {
                let valid = e
                    .from
                    .is_some_and(|from| in_force(from, e.ends, self.as_of));
                (!valid).then(|| {
                    format!(
                        "the EU-US Privacy Shield is not valid on {}: {}",
                        self.as_of,
                        e.note.clone().unwrap_or_default()
                    )
                })
            }),
            SafeguardKind::Derogation if safeguard.ground.is_none() => {
                Some("a derogation must name its Art. 49(1) ground".to_owned())
            }
            SafeguardKind::Adequacy => match country {
                Some(c) if knowledge.adequacy_on(c, self.as_of).is_empty() => Some(format!(
                    "{c} has no adequacy decision in force on {}",
                    self.as_of
                )),
                _ => None,
            },
            _ => entry.and_then(|e| {
                if !e.countries.is_empty() && country.is_some_and(|c| !e.countries.contains(&c)) {
                    let places: Vec<String> = e.countries.iter().map(|c| c.to_string()).collect();
                    return Some(format!(
                        "`{}` ({}) applies only to {}, and `{name}` is in {}",
                        kind.id(),
                        e.name,
                        places.join(", "),
                        place.map(|p| p.to_string()).unwrap_or_default()
                    ));
                }
                let dated = e.from.is_none_or(|from| in_force(from, e.ends, self.as_of));
                (!dated).then(|| {
                    format!(
                        "`{}` ({}) is not in force on {}",
                        kind.id(),
                        e.name,
                        self.as_of
                    )
                })
            }),
        }
    }

    /// Why the safeguard a node declares cannot serve that kind of recipient: binding
    /// corporate rules for a recipient outside the group they bind (Art. 47), the Data
    /// Privacy Framework for an organisation it cannot certify. With the confidence of the
    /// fact it rests on: an unconfirmed one is reported, but changes no protection.
    pub fn safeguard_misfit(&self, node: NodeId) -> Option<Misfit> {
        let safeguard = self.model.safeguard_of(node)?.node.kind;
        let kind = self.model.recipient_kind(node)?;
        let mut limits: Vec<&SafeguardLimit> = self
            .knowledge()
            .limits
            .iter()
            .filter(|l| l.safeguard == safeguard && l.excludes(kind))
            .collect();
        // A confirmed limit decides before an unconfirmed one.
        limits.sort_by_key(|l| l.provenance.confidence);
        let limit = limits.first()?;
        Some(Misfit {
            reason: format!(
                "`{}` cannot serve a recipient of kind `{kind}`",
                safeguard.id()
            ),
            source: limit.provenance.source.clone(),
            confidence: limit.provenance.confidence,
        })
    }

    /// The flows the data took to a destination (to the processor, for a subprocessor),
    /// as labels.
    pub fn arrival_labels(&self, destination: &Destination) -> Vec<crate::diagnostic::Label> {
        match destination.arrival {
            Arrival::Flow { flow, category } => {
                let (Some(held), Some(from)) = (
                    self.held(category),
                    self.model.flows.get(flow.index()).map(|f| f.from.node),
                ) else {
                    return Vec::new();
                };
                held.path_labels(self, from, flow)
            }
            Arrival::Subprocessor { of } => self
                .destination(NodeId::Processor(of))
                .map(|d| self.arrival_labels(d))
                .unwrap_or_default(),
        }
    }

    /// How the data got to a destination, for a note.
    pub fn arrival_path(&self, destination: &Destination) -> String {
        match destination.arrival {
            Arrival::Flow { flow, category } => {
                let Some(held) = self.held(category) else {
                    return String::new();
                };
                let Some(from) = self.model.flows.get(flow.index()).map(|f| f.from.node) else {
                    return String::new();
                };
                held.describe_path(self, from, flow)
            }
            Arrival::Subprocessor { of } => {
                let processor = NodeId::Processor(of);
                let how = self
                    .destination(processor)
                    .map(|d| self.arrival_path(d))
                    .filter(|p| !p.is_empty())
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default();
                format!(
                    "`{}` is a subprocessor of `{}`, which holds EEA-origin personal data{how}",
                    self.model.node_name(destination.node),
                    self.model.node_name(processor)
                )
            }
        }
    }

    /// The decision on a node in words, as the record of processing writes it and T001's
    /// note explains it.
    pub fn describe_status(&self, node: NodeId) -> String {
        match self.transfer_status(node) {
            TransferStatus::UnknownLocation => "location not stated".to_owned(),
            TransferStatus::InEea => "in the EEA".to_owned(),
            TransferStatus::NotATransfer => {
                "not a transfer: no EEA-origin personal data reaches it".to_owned()
            }
            TransferStatus::Protected(p) => match p {
                Protection::ConfiguredAdequate(_) => {
                    "treated as adequate by the configuration (`transfers.adequate`)".to_owned()
                }
                Protection::Adequacy { decision } => format!("adequacy decision ({decision})"),
                Protection::Safeguard(kind) => format!(
                    "safeguard: {}",
                    self.knowledge().safeguard_entry(kind).map_or(
                        kind.id().to_owned(),
                        |e| format!("{} ({})", e.name, e.article)
                    )
                ),
                Protection::Derogation { ground } => format!("derogation: {ground}"),
            },
            TransferStatus::Unprotected(u) => {
                format!("unprotected: {}", self.why_unprotected(node, &u))
            }
        }
    }

    /// Why a transfer is unprotected, in words.
    pub fn why_unprotected(&self, node: NodeId, why: &Unprotected) -> String {
        let country_name = |code: CountryCode| {
            self.knowledge()
                .country(code)
                .map_or(code.as_str().to_owned(), |c| c.name.clone())
        };
        match why {
            Unprotected::Forbidden(country) => format!(
                "{country} ({}) is forbidden by the configuration's `transfers.forbidden`",
                country_name(*country)
            ),
            Unprotected::NotCovered { gap, safeguard } => {
                let name = match self.model.node_location(node).map(Place::national) {
                    Some(Place::Country(c)) => country_name(c),
                    Some(p) => p.to_string(),
                    None => "?".to_owned(),
                };
                let gap = match gap {
                    DecisionGap::None => {
                        format!("{name} has no adequacy decision in force on {}", self.as_of)
                    }
                    DecisionGap::Ended {
                        decision,
                        ends,
                        note,
                    } => format!(
                        "{name} has no adequacy decision in force on {} ({decision} ended on {}{})",
                        self.as_of,
                        ends.map(|d| d.to_string()).unwrap_or_default(),
                        note.as_ref().map(|n| format!(": {n}")).unwrap_or_default()
                    ),
                    DecisionGap::OutOfScope { decision, scope } => format!(
                        "the adequacy decision for {name} ({decision}) covers only {}",
                        match scope {
                            AdequacyScope::DpfCertified => {
                                "organisations certified under the Data Privacy Framework (`safeguard dpf`)"
                            }
                            AdequacyScope::PrivacyShieldCertified => {
                                "organisations certified under the Privacy Shield"
                            }
                            _ =>
                                "commercial and private-sector organisations, not public authorities",
                        }
                    ),
                };
                match safeguard {
                    Some(kind) => format!(
                        "{gap}, and `safeguard {}` does not protect this transfer",
                        kind.id()
                    ),
                    None => format!(
                        "{gap}, and `{}` declares no safeguard",
                        self.model.node_name(node)
                    ),
                }
            }
        }
    }
}

/// Whether a decision's scope covers a recipient, given its safeguard and whether it is
/// a public authority (DPF certification for the USA, commercial organisations for
/// Canada…).
fn scope_covers(
    scope: AdequacyScope,
    safeguard: Option<SafeguardKind>,
    is_authority: bool,
) -> bool {
    match scope {
        AdequacyScope::Full | AdequacyScope::Pipa | AdequacyScope::Automated => true,
        AdequacyScope::Commercial | AdequacyScope::PrivateSector => !is_authority,
        AdequacyScope::DpfCertified => safeguard == Some(SafeguardKind::Dpf),
        AdequacyScope::PrivacyShieldCertified => safeguard == Some(SafeguardKind::PrivacyShield),
    }
}
