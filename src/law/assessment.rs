//! Whether a purpose needs a data protection impact assessment (GDPR Art. 35): the cases
//! of Art. 35(3), the supervisory authority's Art. 35(4) list where the controller is, and
//! the criteria of the WP29/EDPB guidelines (WP248 rev.01), each met with the declarations
//! that show it, so that a finding explains itself.

use std::collections::{BTreeSet, HashMap};

use super::purposes::compatible;
use super::{Held, Judge};
use crate::knowledge::{DpiaCondition, DpiaEntry, SubjectKind};
use crate::model::{NodeId, PurposeId, Scale, TaxonomyPattern};
use crate::values::Place;

/// An entry a purpose meets, with what shows it.
#[derive(Clone, Debug)]
pub struct Met<'k> {
    pub entry: &'k DpiaEntry,
    /// "`mood_analysis` is profiling.emotion; it carries `footage` (media.cctv)".
    pub evidence: String,
}

/// What Art. 35 asks of one purpose.
#[derive(Clone, Debug, Default)]
pub struct DpiaNeed<'k> {
    /// GDPR Art. 35(3).
    pub cases: Vec<Met<'k>>,
    /// The Art. 35(4) list of the controller's country.
    pub listed: Vec<Met<'k>>,
    /// WP248's criteria.
    pub criteria: Vec<Met<'k>>,
}

impl DpiaNeed<'_> {
    /// A case of Art. 35(3) or an item of the national list: the law requires a DPIA.
    pub fn required(&self) -> bool {
        !self.cases.is_empty() || !self.listed.is_empty()
    }
}

/// What the policy says of a purpose, as the entries' conditions ask it.
struct Facts {
    path: String,
    /// Personal categories carried for it: (name, taxonomy id).
    categories: Vec<(String, String)>,
    subjects: BTreeSet<SubjectKind>,
    large_scale: bool,
    automated_decisions: bool,
    new_technology: Option<String>,
    /// Another controller that sends data in for it.
    external_source: Option<String>,
    /// The other purposes for which the data it reuses was held (not for it).
    combined: BTreeSet<String>,
}

/// The entries' taxonomy patterns, parsed once for every purpose of a run.
type Patterns<'k> = HashMap<&'k str, TaxonomyPattern>;

impl<'a> Judge<'a> {
    /// What Art. 35 asks of a purpose; computed once for all purposes (A001, A002 and
    /// the record all ask).
    pub fn dpia_need(&self, id: PurposeId) -> &DpiaNeed<'a> {
        static NONE: DpiaNeed<'static> = DpiaNeed {
            cases: Vec::new(),
            listed: Vec::new(),
            criteria: Vec::new(),
        };
        let all = self.dpia.get_or_init(|| {
            let patterns = self.dpia_patterns();
            (0..self.model.purposes.len())
                .map(|i| self.compute_dpia_need(PurposeId(i as u32), &patterns))
                .collect()
        });
        all.get(id.index()).unwrap_or(&NONE)
    }

    /// [`Judge::dpia_need`] for every purpose, on every core (see [`Judge::prepare`]).
    pub(super) fn prepare_dpia(&self) {
        use rayon::prelude::*;
        if self.dpia.get().is_some() {
            return;
        }
        let patterns = self.dpia_patterns();
        let all: Vec<DpiaNeed<'a>> = (0..self.model.purposes.len())
            .into_par_iter()
            .map(|i| self.compute_dpia_need(PurposeId(i as u32), &patterns))
            .collect();
        let _ = self.dpia.set(all);
    }

    fn dpia_patterns(&self) -> Patterns<'a> {
        let dpia = &self.knowledge().assessment.dpia;
        let mut patterns: Patterns<'a> = HashMap::new();
        for entry in dpia.cases.iter().chain(&dpia.lists).chain(&dpia.criteria) {
            for c in &entry.when {
                for p in c.purposes.iter().chain(&c.categories) {
                    patterns
                        .entry(p.as_str())
                        .or_insert_with(|| TaxonomyPattern::parse(p));
                }
            }
        }
        patterns
    }

    fn compute_dpia_need(&self, id: PurposeId, patterns: &Patterns<'a>) -> DpiaNeed<'a> {
        let Some(facts) = self.dpia_facts(id) else {
            return DpiaNeed::default();
        };
        let dpia = &self.knowledge().assessment.dpia;
        let country = match self.model.controller_location().map(Place::national) {
            Some(Place::Country(code)) => Some(code),
            _ => None,
        };
        let met = |entry: &'a DpiaEntry| -> Option<Met<'a>> {
            if !entry.decidable || entry.from.is_some_and(|from| from > self.as_of) {
                return None;
            }
            let evidence = entry
                .when
                .iter()
                .find_map(|c| evidence(&facts, c, patterns))?;
            Some(Met { entry, evidence })
        };
        let listed = dpia
            .lists
            .iter()
            .filter(|e| e.country.is_some() && e.country == country)
            .filter_map(met)
            .collect();
        DpiaNeed {
            cases: dpia.cases.iter().filter_map(met).collect(),
            listed,
            criteria: dpia.criteria.iter().filter_map(met).collect(),
        }
    }

    fn dpia_facts(&self, id: PurposeId) -> Option<Facts> {
        let model = self.model;
        let purpose = model.purpose(id)?;
        let mut categories = Vec::new();
        let mut subjects = BTreeSet::new();
        let mut external_source = None;
        let mut combined = BTreeSet::new();
        for flow_id in self.graph.flows_for(id) {
            let Some(flow) = model.flows.get(flow_id.index()) else {
                continue;
            };
            if let NodeId::Recipient(_) = flow.from.node {
                external_source.get_or_insert_with(|| model.node_name(flow.from.node).to_owned());
            }
            for c in &flow.categories {
                if !self.is_personal(c.node) {
                    continue;
                }
                if let Some(category) = model.category(c.node) {
                    let entry = (category.name.node.clone(), category.path.node.clone());
                    if !categories.contains(&entry) {
                        categories.push(entry);
                    }
                }
                subjects.extend(self.subject_kinds(c.node, flow.from.node).iter());
                // Data held at the source for other purposes, and not for this one, is a
                // dataset reused from another processing operation (WP248 criterion 6);
                // data collected for this purpose among others, or held for a purpose
                // compatible with it (the same context), is not.
                if let Some(held) = self.held(c.node)
                    && let Held::Purposes(purposes) = held.held_at(flow.from.node)
                    && !purposes.contains(&id)
                {
                    combined.extend(
                        purposes
                            .iter()
                            .filter(|p| !compatible(self, c.node, **p, id))
                            .filter_map(|p| model.purpose(*p))
                            .map(|p| p.name.node.clone()),
                    );
                }
            }
        }
        Some(Facts {
            path: purpose.path.node.clone(),
            categories,
            subjects,
            large_scale: purpose
                .scale
                .as_ref()
                .is_some_and(|s| s.node == Scale::Large),
            automated_decisions: purpose.automated_decisions.is_some(),
            new_technology: purpose.new_technology.as_ref().map(|t| t.node.clone()),
            external_source,
            combined,
        })
    }
}

/// What shows that an alternative holds, or `None` when it does not.
fn evidence(facts: &Facts, c: &DpiaCondition, patterns: &Patterns<'_>) -> Option<String> {
    let matches = |pattern: &str, id: &str| patterns.get(pattern).is_some_and(|p| p.matches(id));
    let mut shown: Vec<String> = Vec::new();
    if !c.purposes.is_empty() {
        c.purposes
            .iter()
            .any(|p| matches(p, &facts.path))
            .then(|| shown.push(format!("it is {}", facts.path)))?;
    }
    if !c.categories.is_empty() {
        let hits: Vec<String> = facts
            .categories
            .iter()
            .filter(|(_, path)| c.categories.iter().any(|p| matches(p, path)))
            .map(|(name, path)| format!("`{name}` ({path})"))
            .collect();
        if hits.is_empty() {
            return None;
        }
        shown.push(format!("it carries {}", hits.join(", ")));
    }
    if !c.subjects.is_empty() {
        let hits: Vec<&str> = c
            .subjects
            .iter()
            .filter(|k| facts.subjects.contains(k))
            .map(|k| k.id())
            .collect();
        if hits.is_empty() {
            return None;
        }
        shown.push(format!(
            "its data comes from subjects of kind {}",
            hits.join(", ")
        ));
    }
    if c.large_scale {
        facts
            .large_scale
            .then(|| shown.push("it says `scale large`".to_owned()))?;
    }
    if c.automated_decisions {
        facts
            .automated_decisions
            .then(|| shown.push("it makes `automated_decisions`".to_owned()))?;
    }
    if c.new_technology {
        let what = facts.new_technology.as_ref()?;
        shown.push(format!("it uses a new technology ({what})"));
    }
    if c.external_source {
        let from = facts.external_source.as_ref()?;
        shown.push(format!("data comes in from `{from}`, another controller"));
    }
    if c.combined {
        if facts.combined.len() < 2 {
            return None;
        }
        let names: Vec<String> = facts.combined.iter().map(|p| format!("`{p}`")).collect();
        shown.push(format!(
            "it combines data collected for {}",
            names.join(" and ")
        ));
    }
    Some(shown.join("; "))
}
