//! What a diff compares: the facts of one project at one revision, each drawn from the
//! place that decides it. Reach comes from the model's flows, transfer decisions and the
//! record from `export::ropa` (which asks `law::transfers`), what is special or criminal
//! from `law`, retention periods as `law::retention` compares them, findings with their
//! baseline fingerprints. Every fact is keyed by names, so two revisions compare by
//! meaning: moving a flow to another file, or splitting one flow line into two, changes
//! nothing here.

use std::collections::{BTreeMap, BTreeSet};

use crate::check::{Outcome, Project};
use crate::diagnostic::{Diagnostic, Severity};
use crate::export::map::{self, node_id};
use crate::export::ropa;
use crate::knowledge::Knowledge;
use crate::law::retention::Period;
use crate::model::{Basis, ConsentDefault, NodeId};
use crate::source::Sources;
use crate::syntax::ast::Keyword;
use crate::values::Date;

/// A category reaching a node for a purpose.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reach {
    pub category: String,
    /// `system:crm`, as the data map names nodes.
    pub node: String,
    pub purpose: String,
}

/// Where a node is and what the law says of data reaching it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub location: Option<String>,
    /// A third party: a recipient (not a processor acting for the controller).
    pub third_party: bool,
    /// `in_eea`, `adequacy_decision`, `safeguard`, `not_covered`… (ropa's `Decision`).
    pub status: &'static str,
    pub protected: bool,
    pub transfer: bool,
    /// The adequacy decision, safeguard or derogation relied on.
    pub ground: Option<String>,
    pub text: String,
}

/// Why a category needs care.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sensitivity {
    pub special: bool,
    pub criminal: bool,
    /// The children it is collected from.
    pub children: Vec<String>,
}

impl Sensitivity {
    pub fn any(&self) -> bool {
        self.special || self.criminal || !self.children.is_empty()
    }

    pub fn words(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.special {
            out.push("special-category data (GDPR Art. 9)".to_owned());
        }
        if self.criminal {
            out.push("criminal-offence data (GDPR Art. 10)".to_owned());
        }
        if !self.children.is_empty() {
            out.push(format!(
                "children's data (from {})",
                self.children.join(", ")
            ));
        }
        out
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BasisFact {
    /// `consent`, `legitimate_interests`… or `None` when not stated.
    pub basis: Option<&'static str>,
    /// The consent a consent basis names: the one name in `text` a rename changes.
    pub consent: Option<String>,
    pub text: String,
}

impl BasisFact {
    pub fn is_consent(&self) -> bool {
        matches!(self.basis, Some("consent" | "explicit_consent"))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentFact {
    pub default: Option<&'static str>,
    pub withdraw: Option<String>,
    pub explicit: bool,
    pub parental: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartyFact {
    /// `processor`, or the recipient's kind.
    pub kind: String,
    pub location: Option<String>,
    /// The DPA (processors) or contract (recipients).
    pub agreement: Option<String>,
    pub subprocessors: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingFact {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub file: String,
    pub line: usize,
}

/// One project's facts.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    pub reach: BTreeSet<Reach>,
    /// Every node with a location, by data-map id.
    pub places: BTreeMap<String, Place>,
    /// Categories some flow carries and that need care, by name.
    pub sensitive: BTreeMap<String, Sensitivity>,
    pub bases: BTreeMap<String, BasisFact>,
    pub consents: BTreeMap<String, ConsentFact>,
    pub retention: BTreeMap<String, Period>,
    /// Processors and recipients, by data-map id.
    pub parties: BTreeMap<String, PartyFact>,
    /// The record's activity of each purpose, as its JSON text (compared whole; read
    /// field by field only where it differs).
    pub record: BTreeMap<String, String>,
    /// Each declaration's text without its name and layout, by keyword and name: what
    /// tells a rename from a removal and an addition.
    pub declarations: BTreeMap<(Keyword, String), String>,
    /// The edges of the data map: (from, to) → (categories, purposes).
    pub edges: BTreeMap<(String, String), BTreeSet<(String, String)>>,
    pub input_errors: usize,
}

/// A project's findings, by fingerprint.
pub type Findings = BTreeMap<String, FindingFact>;

pub fn findings(outcome: &Outcome) -> Findings {
    let rules: Vec<&Diagnostic> = outcome
        .diagnostics
        .iter()
        .filter(|d| !d.rule.is_input())
        .collect();
    let prints = crate::report::fingerprint::fingerprints(&outcome.sources, rules.iter().copied());
    rules
        .into_iter()
        .zip(prints)
        .map(|(d, print)| {
            let (file, line) = match (d.location.file(), d.span()) {
                (Some(f), Some(span)) => (
                    outcome.sources.display(f).to_owned(),
                    outcome
                        .sources
                        .get(f)
                        .map_or(0, |s| s.line_col(span.start).0),
                ),
                (Some(f), None) => (outcome.sources.display(f).to_owned(), 0),
                _ => (String::new(), 0),
            };
            (
                print,
                FindingFact {
                    code: d.rule.code.to_string(),
                    name: d.rule.name.to_string(),
                    severity: d.severity,
                    message: d.message.clone(),
                    file,
                    line,
                },
            )
        })
        .collect()
}

/// The facts of a project resolved from `sources`, under the law of `on`.
pub fn of(
    project: &Project,
    outcome: &Outcome,
    knowledge: &Knowledge,
    on: Date,
    sources: &Sources,
) -> Facts {
    let model = &project.model;
    // Three parts that read the model alone, drawn on every core: what the flows carry,
    // what the law judges (the record and the map), and what the declarations state.
    let ((mut facts, judged), declared) =
        crate::export::with_judge(project, knowledge, on, |law| {
            rayon::join(
                || rayon::join(|| carried(law), || judged(law)),
                || declared(project, sources),
            )
        });
    let (bases, record, places) = judged;
    facts.bases = bases;
    facts.record = record;
    facts.places = places;
    facts.consents = declared.consents;
    facts.parties = declared.parties;
    facts.declarations = declared.declarations;
    facts.input_errors = outcome
        .diagnostics
        .iter()
        .filter(|d| d.rule.is_input())
        .filter(|d| {
            d.location
                .file()
                .is_some_and(|f| project_owns(project, sources.display(f)))
        })
        .count();
    for purpose in &model.purposes {
        if let Some(retain) = &purpose.retain {
            facts.retention.insert(
                purpose.name.node.clone(),
                Period::new(retain.node.duration.node, retain.node.after.clone()),
            );
        }
        // A purpose without a stated basis still has a fact: `None`.
        facts
            .bases
            .entry(purpose.name.node.clone())
            .or_insert_with(|| BasisFact {
                basis: purpose.basis.as_ref().map(|b| basis_word(&b.node)),
                consent: None,
                text: "not stated".to_owned(),
            });
    }
    facts
}

/// What the flows carry: reach, the map's edges, and the categories that need care.
fn carried(law: &crate::law::Judge<'_>) -> Facts {
    let model = law.model;
    let mut facts = Facts::default();
    for flow in &model.flows {
        let from = node_id(model, flow.from.node);
        let to = node_id(model, flow.to.node);
        for category in &flow.categories {
            let c = &model.categories[category.node.index()].name.node;
            for purpose in &flow.purposes {
                let p = &model.purposes[purpose.node.index()].name.node;
                facts.reach.insert(Reach {
                    category: c.clone(),
                    node: to.clone(),
                    purpose: p.clone(),
                });
                facts
                    .edges
                    .entry((from.clone(), to.clone()))
                    .or_default()
                    .insert((c.clone(), p.clone()));
            }
        }
    }

    // What needs care: the categories some flow carries, with the children each is
    // collected from (one pass over the flows).
    let mut carried: BTreeMap<crate::model::CategoryId, BTreeSet<&str>> = BTreeMap::new();
    for flow in &model.flows {
        let child = match flow.from.node {
            NodeId::Subject(s) => model
                .subjects
                .get(s.index())
                .filter(|s| s.kind.as_ref().is_some_and(|k| k.node.is_child()))
                .map(|s| s.name.node.as_str()),
            _ => None,
        };
        for category in &flow.categories {
            let entry = carried.entry(category.node).or_default();
            entry.extend(child);
        }
    }
    for (category, children) in carried {
        let sensitivity = Sensitivity {
            special: law.is_special(category),
            criminal: law.is_criminal(category),
            children: children.into_iter().map(str::to_owned).collect(),
        };
        if sensitivity.any() {
            facts.sensitive.insert(
                model.categories[category.index()].name.node.clone(),
                sensitivity,
            );
        }
    }

    facts
}

/// What the law judges: each purpose's basis and record activity (as JSON text), and
/// where each node is with the transfer decision the record states for it.
fn judged(
    law: &crate::law::Judge<'_>,
) -> (
    BTreeMap<String, BasisFact>,
    BTreeMap<String, String>,
    BTreeMap<String, Place>,
) {
    // One judgement of the project serves the record and the map.
    law.prepare(false);
    // The map's nodes only: its edges are what `carried` draws from the flows.
    let (record, nodes) = rayon::join(
        || ropa::of(law),
        || {
            law.model
                .nodes()
                .map(|node| map::map_node(law, node, &[]))
                .collect::<Vec<_>>()
        },
    );
    let mut facts = Facts::default();
    // Each activity's JSON text, on every core: most of the facts' time.
    use rayon::prelude::*;
    facts.record = record
        .activities
        .par_iter()
        .filter_map(|activity| {
            let mut value = serde_json::to_value(activity).ok()?;
            drop_derived_texts(&mut value, None);
            sort_sets(&mut value, None);
            Some((activity.purpose.clone(), value.to_string()))
        })
        .collect();
    for activity in &record.activities {
        facts.bases.insert(
            activity.purpose.clone(),
            BasisFact {
                basis: activity.legal_basis.basis,
                consent: activity.legal_basis.consent.clone(),
                text: activity.legal_basis.text.clone(),
            },
        );
    }
    // The decisions the record states for each node, by name.
    let mut decisions: BTreeMap<String, &ropa::Decision> = BTreeMap::new();
    for activity in &record.activities {
        for t in &activity.transfers {
            decisions.insert(t.to.clone(), &t.decision);
        }
    }
    for p in &record.processors {
        decisions.insert(p.name.clone(), &p.transfer);
    }
    for node in &nodes {
        let decision = decisions.get(&node.name);
        facts.places.insert(
            node.id.clone(),
            Place {
                location: node.location.clone(),
                third_party: node.kind == "recipient",
                status: decision.map_or(zone_status(node.zone), |d| d.status),
                protected: decision.is_some_and(|d| d.protected),
                transfer: matches!(
                    node.zone,
                    map::Zone::Adequate | map::Zone::Safeguarded | map::Zone::NonAdequate
                ),
                ground: decision.and_then(|d| d.ground.clone()),
                text: node.transfer.clone(),
            },
        );
    }
    (facts.bases, facts.record, facts.places)
}

/// What the declarations state: consents, parties, and each declaration's text without
/// its name (as the model keeps it: a name declared twice is compared once).
fn declared(project: &Project, sources: &Sources) -> Facts {
    let model = &project.model;
    let mut facts = Facts::default();
    for consent in &model.consents {
        facts.consents.insert(
            consent.name.node.clone(),
            ConsentFact {
                default: consent.default.as_ref().map(|d| match d.node {
                    ConsentDefault::Denied => "denied",
                    ConsentDefault::Granted => "granted",
                }),
                withdraw: consent.withdraw.as_ref().map(|t| t.node.clone()),
                explicit: consent.explicit,
                parental: consent.parental.as_ref().map(|t| t.node.clone()),
            },
        );
    }

    for p in &model.processors {
        facts.parties.insert(
            format!("processor:{}", p.name.node),
            PartyFact {
                kind: "processor".to_owned(),
                location: p.location.as_ref().map(|l| l.node.to_string()),
                agreement: p.dpa.as_ref().map(|t| t.node.clone()),
                subprocessors: p
                    .subprocessors
                    .iter()
                    .filter_map(|s| model.processors.get(s.node.index()))
                    .map(|s| s.name.node.clone())
                    .collect(),
            },
        );
    }
    for r in &model.recipients {
        facts.parties.insert(
            format!("recipient:{}", r.name.node),
            PartyFact {
                kind: r
                    .kind
                    .as_ref()
                    .map_or_else(|| "recipient".to_owned(), |k| k.node.id().to_owned()),
                location: r.location.as_ref().map(|l| l.node.to_string()),
                agreement: r.contract.as_ref().map(|t| t.node.clone()),
                subprocessors: Vec::new(),
            },
        );
    }

    let entities = model
        .subjects
        .iter()
        .map(|d| (Keyword::Subject, &d.name, d.span))
        .chain(
            model
                .categories
                .iter()
                .map(|d| (Keyword::Category, &d.name, d.span)),
        )
        .chain(
            model
                .purposes
                .iter()
                .map(|d| (Keyword::Purpose, &d.name, d.span)),
        )
        .chain(
            model
                .consents
                .iter()
                .map(|d| (Keyword::Consent, &d.name, d.span)),
        )
        .chain(
            model
                .systems
                .iter()
                .map(|d| (Keyword::System, &d.name, d.span)),
        )
        .chain(
            model
                .processors
                .iter()
                .map(|d| (Keyword::Processor, &d.name, d.span)),
        )
        .chain(
            model
                .recipients
                .iter()
                .map(|d| (Keyword::Recipient, &d.name, d.span)),
        );
    for (keyword, name, span) in entities {
        let text = sources.snippet(span);
        let name_start = (name.span.start.saturating_sub(span.start)) as usize;
        let name_end = (name.span.end.saturating_sub(span.start)) as usize;
        let without_name = format!(
            "{} {}",
            text.get(..name_start).unwrap_or(""),
            text.get(name_end..).unwrap_or("")
        );
        facts
            .declarations
            .insert((keyword, name.node.clone()), layout_free(&without_name));
    }
    facts
}

/// `text` with each whole word that `renamed` maps replaced. Words are names as the
/// grammar writes them (letters, digits, `_`, `-`) and taxonomy ids (with `.`), so that
/// `system:crm` or `` `crm` `` change and `crm.export` does not.
pub fn rename_words(text: &str, renamed: &BTreeMap<String, String>) -> String {
    if renamed.is_empty() {
        return text.to_owned();
    }
    let is_word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.');
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        out.push_str(renamed.get(word.as_str()).unwrap_or(word));
        word.clear();
    };
    for c in text.chars() {
        if is_word(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

impl Facts {
    /// These facts with the renamed names read as their old ones.
    pub fn renamed(&self, renamed: &BTreeMap<String, String>) -> Facts {
        // Names are renamed; free text is not, even where it holds a renamed name as a
        // word ("Product insights") or quotes one. Texts derived from the model are
        // either not compared (a place's text, shown only) or renamed where they quote
        // a name (the consent of a basis, the record's security measures).
        let w = |s: &String| rename_words(s, renamed);
        Facts {
            reach: self
                .reach
                .iter()
                .map(|r| Reach {
                    category: w(&r.category),
                    node: w(&r.node),
                    purpose: w(&r.purpose),
                })
                .collect(),
            places: self.places.iter().map(|(k, p)| (w(k), p.clone())).collect(),
            sensitive: self
                .sensitive
                .iter()
                .map(|(k, s)| {
                    let mut s = s.clone();
                    s.children = s.children.iter().map(w).collect();
                    // In the head's order (sorted), so that a rename alone changes nothing.
                    s.children.sort();
                    s.children.dedup();
                    (w(k), s)
                })
                .collect(),
            bases: self
                .bases
                .iter()
                .map(|(k, b)| {
                    // The consent is quoted right after the article, before any text of
                    // the user's (a reference, a justification): only that quotation.
                    let consent = b.consent.as_ref().map(|c| renamed.get(c).unwrap_or(c));
                    let text = match (&b.consent, consent) {
                        (Some(old), Some(new)) if old != new => {
                            b.text
                                .replacen(&format!("(`{old}`)"), &format!("(`{new}`)"), 1)
                        }
                        _ => b.text.clone(),
                    };
                    (
                        w(k),
                        BasisFact {
                            basis: b.basis,
                            consent: consent.cloned(),
                            text,
                        },
                    )
                })
                .collect(),
            consents: self
                .consents
                .iter()
                .map(|(k, c)| (w(k), c.clone()))
                .collect(),
            retention: self
                .retention
                .iter()
                .map(|(k, r)| (w(k), r.clone()))
                .collect(),
            parties: self
                .parties
                .iter()
                .map(|(k, p)| {
                    let mut p = p.clone();
                    p.subprocessors = p.subprocessors.iter().map(w).collect();
                    (w(k), p)
                })
                .collect(),
            record: self
                .record
                .iter()
                .map(|(k, v)| (w(k), rename_record(v, renamed)))
                .collect(),
            declarations: self.declarations.clone(),
            edges: self
                .edges
                .iter()
                .map(|((from, to), carried)| {
                    (
                        (w(from), w(to)),
                        carried.iter().map(|(c, p)| (w(c), w(p))).collect(),
                    )
                })
                .collect(),
            input_errors: self.input_errors,
        }
    }
}

/// The record's texts that restate the fields beside them (`text`: "email
/// (contact.email)") are not facts of their own: without them, a rename or a new wording
/// of a derived sentence is not a change of the record. A transfer decision's text is
/// kept: for an unprotected transfer it is the one place that says why (a safeguard that
/// does not cover the recipient, or none).
fn drop_derived_texts(value: &mut serde_json::Value, key: Option<&str>) {
    match value {
        serde_json::Value::Object(fields) => {
            if key != Some("decision") {
                fields.remove("text");
            }
            for (k, v) in fields.iter_mut() {
                drop_derived_texts(v, Some(k));
            }
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| drop_derived_texts(v, key))
        }
        _ => {}
    }
}

/// Lists of the record that are sets (the record writes them sorted): kept in one order
/// on both sides, also after a rename changes the names they are sorted by.
const RECORD_SET_FIELDS: [&str; 5] = [
    "data_subjects",
    "personal_data",
    "recipients",
    "transfers",
    "security",
];

fn sort_sets(value: &mut serde_json::Value, key: Option<&str>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (k, v) in fields.iter_mut() {
                sort_sets(v, Some(k));
            }
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().for_each(|v| sort_sets(v, None));
            if key.is_some_and(|k| RECORD_SET_FIELDS.contains(&k)) {
                items.sort_by_cached_key(serde_json::Value::to_string);
            }
        }
        _ => {}
    }
}

/// Fields of the record whose whole value is a declared name.
const RECORD_NAME_FIELDS: [&str; 4] = ["purpose", "name", "to", "consent"];

/// The record's security measures: sentences derived from the model that quote names
/// (`crm`), followed for access control by the user's words after `: `.
const RECORD_SECURITY: &str = "security";

/// A record activity (JSON text) with the renamed names read as their new ones: name
/// fields whole, derived sentences where they quote a name, the user's own text never.
fn rename_record(text: &str, renamed: &BTreeMap<String, String>) -> String {
    fn walk(value: &mut serde_json::Value, key: Option<&str>, renamed: &BTreeMap<String, String>) {
        match value {
            serde_json::Value::String(s) => match key {
                Some(k) if RECORD_NAME_FIELDS.contains(&k) => {
                    if let Some(new) = renamed.get(s.as_str()) {
                        *s = new.clone();
                    }
                }
                Some(RECORD_SECURITY) => {
                    *s = match s.split_once(": ") {
                        Some((derived, own)) => {
                            format!("{}: {own}", rename_quoted(derived, renamed))
                        }
                        None => rename_quoted(s, renamed),
                    }
                }
                _ => {}
            },
            serde_json::Value::Object(fields) => {
                for (k, v) in fields.iter_mut() {
                    walk(v, Some(k), renamed);
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| walk(v, key, renamed)),
            _ => {}
        }
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(mut value) => {
            walk(&mut value, None, renamed);
            sort_sets(&mut value, None);
            value.to_string()
        }
        Err(_) => text.to_owned(),
    }
}

/// `text` with each renamed name quoted as `name` replaced: the only way derived text
/// names a declaration.
pub fn rename_quoted(text: &str, renamed: &BTreeMap<String, String>) -> String {
    // Between the first and second backtick is a quotation, between the second and
    // third is not, and so on; one pass, so that swapped names do not chain.
    text.split('`')
        .enumerate()
        .map(|(i, part)| match renamed.get(part) {
            Some(new) if i % 2 == 1 => new.as_str(),
            _ => part,
        })
        .collect::<Vec<_>>()
        .join("`")
}

fn project_owns(project: &Project, display: &str) -> bool {
    let root = project.display_root.trim_end_matches('/');
    root.is_empty() || root == "." || display.starts_with(&format!("{root}/"))
}

fn zone_status(zone: map::Zone) -> &'static str {
    match zone {
        map::Zone::Eea => "in_eea",
        map::Zone::ThirdCountry => "not_a_transfer",
        map::Zone::Unknown => "unknown_location",
        map::Zone::Adequate => "adequacy_decision",
        map::Zone::Safeguarded => "safeguard",
        map::Zone::NonAdequate => "not_covered",
    }
}

fn basis_word(basis: &Basis) -> &'static str {
    basis.kind().id()
}

/// A declaration's text with comments dropped and whitespace folded: two declarations
/// written differently but saying the same compare equal.
fn layout_free(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut in_string = false;
        let mut kept = String::new();
        for c in line.chars() {
            match c {
                '"' => in_string = !in_string,
                '#' if !in_string => break,
                _ => {}
            }
            kept.push(c);
        }
        for word in kept.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{BTreeMap, layout_free, rename_quoted, rename_record};

    #[test]
    fn layout_and_comments_do_not_count_but_strings_do() {
        assert_eq!(
            layout_free("system  {\n  location FR # here\n}"),
            layout_free("system { location FR }")
        );
        assert_ne!(
            layout_free("system { dpa \"A # 1\" }"),
            layout_free("system { dpa \"A\" }")
        );
        // What follows a `#` inside a string is text, not a comment.
        assert_ne!(
            layout_free("system { dpa \"A # 1\" }"),
            layout_free("system { dpa \"A # 2\" }")
        );
        // Words stay apart: whitespace folds, it does not vanish.
        assert_ne!(layout_free("purpose a bc"), layout_free("purpose ab c"));
        assert_eq!(layout_free("  purpose\ta  bc "), "purpose a bc");
    }

    /// A rename changes names, never free text: found by the diff fuzzer, where a purpose
    /// renamed `insights` had the balancing reference "Product insights".
    #[test]
    fn a_rename_reads_names_and_leaves_free_text() {
        let renamed: BTreeMap<String, String> = [
            ("insights".to_owned(), "su".to_owned()),
            ("a".to_owned(), "b".to_owned()),
            ("b".to_owned(), "a".to_owned()),
        ]
        .into();
        assert_eq!(
            rename_quoted("consent (`insights`), Product insights", &renamed),
            "consent (`su`), Product insights"
        );
        assert_eq!(
            rename_quoted("from `a` to `b`", &renamed),
            "from `b` to `a`"
        );
        // A text that is only a word is the user's (a reference written `"insights"`),
        // not a quotation.
        assert_eq!(rename_quoted("insights", &renamed), "insights");
        let record = r#"{"purpose":"insights","description":"uses `insights`","legal_basis":{"reference":"Product insights","consent":"a"},"personal_data":[{"name":"a"},{"name":"b"},{"name":"c"}],"security":["access control at `a`: only `a` staff","encrypted in transit from `a` to `insights`"]}"#;
        let read: serde_json::Value =
            serde_json::from_str(&rename_record(record, &renamed)).unwrap_or_default();
        assert_eq!(read["purpose"], "su");
        assert_eq!(read["description"], "uses `insights`", "the user's text");
        assert_eq!(read["legal_basis"]["reference"], "Product insights");
        assert_eq!(read["legal_basis"]["consent"], "b");
        assert_eq!(
            read["security"],
            serde_json::json!([
                "access control at `b`: only `a` staff",
                "encrypted in transit from `b` to `su`"
            ])
        );
        // Sets stay sorted after a rename, as the head writes them.
        assert_eq!(
            read["personal_data"],
            serde_json::json!([{"name":"a"},{"name":"b"},{"name":"c"}])
        );
    }
}
