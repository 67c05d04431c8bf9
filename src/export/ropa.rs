//! `redline ropa`: the record of processing activities of GDPR Art. 30(1), one activity
//! per purpose, derived from the policies: controller and DPO, the purpose, the
//! categories of data subjects and of personal data, the recipients, the transfers to
//! third countries with their safeguards, the retention, and the legal basis; then the
//! processors.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::check::Project;
use crate::knowledge::Knowledge;
use crate::law::{Judge, Protection, TransferStatus, Unprotected};
use crate::model::{Basis, NodeId, ProcessorId, PurposeId};
use crate::values::{Date, Place};

/// The record. Its JSON (version 2) holds fields a tool can use (ids, codes, flags), each
/// composite entry with the `text` the Markdown and CSV records print, so that the
/// three formats say the same thing.
#[derive(Debug, Serialize)]
pub struct Record {
    pub version: u32,
    pub controller: ControllerEntry,
    pub activities: Vec<Activity>,
    pub processors: Vec<ProcessorEntry>,
}

/// `None` where the policies do not say.
#[derive(Debug, Serialize)]
pub struct ControllerEntry {
    pub name: Option<String>,
    /// A country code, `EEA` or `EU`.
    pub location: Option<String>,
    pub dpo: Option<String>,
    pub representative: Option<String>,
    /// How each right is exercised (Art. 12-21).
    pub rights: Vec<RightEntry>,
}

#[derive(Debug, Serialize)]
pub struct RightEntry {
    /// `access`, `erasure`, …
    pub right: &'static str,
    pub article: &'static str,
    pub how: String,
    pub within: Option<String>,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Activity {
    /// The purpose's declared name.
    pub purpose: String,
    /// Its taxonomy id, and the taxonomy's description of it.
    pub kind: String,
    pub kind_description: String,
    pub description: Option<String>,
    pub legal_basis: LegalBasis,
    pub data_subjects: Vec<SubjectEntry>,
    pub personal_data: Vec<DataEntry>,
    pub recipients: Vec<RecipientEntry>,
    pub transfers: Vec<TransferEntry>,
    pub retention: Option<RetentionEntry>,
    /// The laws its processing falls under: the GDPR, and the US state laws of the
    /// consumers whose data it uses.
    pub laws: Vec<String>,
    /// The impact assessment that covers it (Art. 35).
    pub dpia: Option<String>,
    /// Art. 30(1)(g): the security measures the policies state for its data.
    pub security: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LegalBasis {
    /// `consent`, `contract`, … (`None`: not stated).
    pub basis: Option<&'static str>,
    pub article: Option<&'static str>,
    /// The consent a consent basis names.
    pub consent: Option<String>,
    /// The reference a basis gives: the law, the task, the balancing assessment.
    pub reference: Option<String>,
    pub conditions: Vec<ConditionEntry>,
    pub text: String,
}

/// An Art. 9(2) or Art. 10 condition.
#[derive(Debug, Serialize)]
pub struct ConditionEntry {
    pub id: String,
    pub article: Option<String>,
    pub justification: String,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct SubjectEntry {
    pub name: String,
    pub kind: Option<&'static str>,
    pub text: String,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DataEntry {
    pub name: String,
    /// The taxonomy id.
    pub category: String,
    pub personal: bool,
    /// A special category (GDPR Art. 9).
    pub special: bool,
    pub text: String,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RecipientEntry {
    pub name: String,
    /// `processor`, or the recipient's kind (`ad_network`, `authority`, …).
    pub kind: String,
    pub location: Option<String>,
    pub text: String,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct TransferEntry {
    pub to: String,
    pub location: Option<String>,
    pub decision: Decision,
    pub text: String,
}

/// The transfer decision on a node, as the rules make it (`law::transfers`).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Decision {
    /// `in_eea`, `not_a_transfer`, `unknown_location`, `adequacy_decision`,
    /// `configured_adequate`, `safeguard`, `derogation`, `forbidden` or `not_covered`.
    pub status: &'static str,
    pub protected: bool,
    /// The adequacy decision, the safeguard's id or the derogation's ground.
    pub ground: Option<String>,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct RetentionEntry {
    /// As written: `13 months`.
    pub duration: String,
    /// The event the period runs from (`collection`, `contract_end`, …).
    pub after: String,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ProcessorEntry {
    pub name: String,
    pub location: Option<String>,
    /// The safeguard's id.
    pub safeguard: Option<String>,
    pub dpa: Option<String>,
    pub subprocessors: Vec<String>,
    pub transfer: Decision,
}

fn legal_basis(law: &Judge<'_>, purpose: &crate::model::Purpose) -> LegalBasis {
    let model = law.model;
    let basis = purpose.basis.as_ref().map(|b| &b.node);
    let consent = basis.and_then(Basis::consent).map(|c| {
        c.and_then(|c| model.consents.get(c.index()))
            .map_or("?".to_owned(), |c| c.name.node.clone())
    });
    let reference = match basis {
        Some(Basis::LegalObligation(t) | Basis::PublicTask(t) | Basis::LegitimateInterests(t)) => {
            Some(t.node.clone())
        }
        _ => None,
    };
    let article = basis.map(|b| match b {
        Basis::Consent(_) => "Art. 6(1)(a)",
        Basis::ExplicitConsent(_) => "Art. 6(1)(a) and 9(2)(a)",
        Basis::Contract => "Art. 6(1)(b)",
        Basis::LegalObligation(_) => "Art. 6(1)(c)",
        Basis::VitalInterests => "Art. 6(1)(d)",
        Basis::PublicTask(_) => "Art. 6(1)(e)",
        Basis::LegitimateInterests(_) => "Art. 6(1)(f)",
    });
    let mut text = match (basis, article) {
        (Some(b), Some(article)) => {
            let name = b.kind().id().replace('_', " ");
            match (&consent, &reference, b) {
                (Some(c), _, _) => format!("{name}, {article} (`{c}`)"),
                (None, Some(r), Basis::LegitimateInterests(_)) => {
                    format!("{name}, {article} (assessment {r})")
                }
                (None, Some(r), _) => format!("{name}, {article}: {r}"),
                _ => format!("{name}, {article}"),
            }
        }
        _ => "not stated".to_owned(),
    };
    let conditions: Vec<ConditionEntry> = purpose
        .conditions
        .iter()
        .map(|c| ConditionEntry {
            id: c.id.clone(),
            article: law.knowledge().condition(&c.id).map(|k| k.article.clone()),
            justification: c.justification.node.clone(),
        })
        .collect();
    for c in &conditions {
        let article = c
            .article
            .as_ref()
            .map_or(String::new(), |a| format!(" ({a})"));
        text.push_str(&format!(
            "; Art. 9(2) condition {}{article}: {}",
            c.id, c.justification
        ));
    }
    LegalBasis {
        basis: basis.map(|b| b.kind().id()),
        article,
        consent,
        reference,
        conditions,
        text,
    }
}

fn place_text(place: Option<Place>) -> String {
    place.map_or_else(|| "not stated".to_owned(), |p| p.to_string())
}

fn decision(law: &Judge<'_>, node: NodeId) -> Decision {
    let status = law.transfer_status(node);
    let (key, ground) = match &status {
        TransferStatus::UnknownLocation => ("unknown_location", None),
        TransferStatus::InEea => ("in_eea", None),
        TransferStatus::NotATransfer => ("not_a_transfer", None),
        TransferStatus::Protected(p) => match p {
            Protection::ConfiguredAdequate(c) => {
                ("configured_adequate", Some(c.as_str().to_owned()))
            }
            Protection::Adequacy { decision } => ("adequacy_decision", Some(decision.clone())),
            Protection::Safeguard(kind) => ("safeguard", Some(kind.id().to_owned())),
            Protection::Derogation { ground } => ("derogation", Some(ground.clone())),
        },
        TransferStatus::Unprotected(Unprotected::Forbidden(c)) => {
            ("forbidden", Some(c.as_str().to_owned()))
        }
        TransferStatus::Unprotected(Unprotected::NotCovered { .. }) => ("not_covered", None),
    };
    Decision {
        status: key,
        protected: !matches!(status, TransferStatus::Unprotected(_)),
        ground,
        text: law.describe_status(node),
    }
}

pub fn build(project: &Project, knowledge: &Knowledge, on: Date) -> Record {
    super::with_judge(project, knowledge, on, of)
}

/// The record as `law` (over the project's model) judges it.
pub fn of(law: &Judge<'_>) -> Record {
    let model = law.model;
    let text = |t: &Option<crate::syntax::ast::Text>| t.as_ref().map(|t| t.node.clone());
    let controller = match &model.controller {
        Some(c) => ControllerEntry {
            name: Some(c.name.node.clone()),
            location: c.location.as_ref().map(|l| l.node.to_string()),
            dpo: text(&c.dpo),
            representative: text(&c.representative),
            rights: c
                .rights
                .iter()
                .filter_map(|r| {
                    let how = r.how.as_ref()?.node.clone();
                    let within = r.within.as_ref().map(|w| w.node.to_string());
                    let text = match &within {
                        Some(w) => {
                            format!("{} ({}): {how}, within {w}", r.right, r.right.article())
                        }
                        None => format!("{} ({}): {how}", r.right, r.right.article()),
                    };
                    Some(RightEntry {
                        right: r.right.id(),
                        article: r.right.article(),
                        how,
                        within,
                        text,
                    })
                })
                .collect(),
        },
        None => ControllerEntry {
            name: None,
            location: model.configured_controller_location.map(|p| p.to_string()),
            dpo: None,
            representative: None,
            rights: Vec::new(),
        },
    };
    // Each activity reads the model and the judge's answers alone: they are drawn on
    // every core, in the model's order.
    use rayon::prelude::*;
    let activities = model
        .purposes
        .par_iter()
        .enumerate()
        .map(|(i, purpose)| activity(law, PurposeId(i as u32), purpose))
        .collect();
    let processors = model
        .processors
        .iter()
        .enumerate()
        .map(|(i, p)| ProcessorEntry {
            name: p.name.node.clone(),
            location: p.location.as_ref().map(|l| l.node.to_string()),
            safeguard: p.safeguard.as_ref().map(|s| s.node.kind.id().to_owned()),
            dpa: text(&p.dpa),
            subprocessors: p
                .subprocessors
                .iter()
                .map(|s| model.node_name(NodeId::Processor(s.node)).to_owned())
                .collect(),
            transfer: decision(law, NodeId::Processor(ProcessorId(i as u32))),
        })
        .collect();
    Record {
        version: 2,
        controller,
        activities,
        processors,
    }
}

fn activity(law: &Judge<'_>, id: PurposeId, purpose: &crate::model::Purpose) -> Activity {
    let model = law.model;
    let flows: Vec<&crate::model::Flow> = law
        .graph
        .flows_for(id)
        .iter()
        .filter_map(|f| model.flows.get(f.index()))
        .collect();
    let mut subjects = BTreeSet::new();
    let mut data = BTreeSet::new();
    let mut recipients = BTreeSet::new();
    let mut transfers = BTreeSet::new();
    for flow in &flows {
        if let NodeId::Subject(s) = flow.from.node
            && let Some(subject) = model.subjects.get(s.index())
        {
            let kind = subject.kind.as_ref().map(|k| k.node.id());
            subjects.insert(SubjectEntry {
                name: subject.name.node.clone(),
                kind,
                text: format!("{} ({})", subject.name.node, kind.unwrap_or("?")),
            });
        }
        for c in &flow.categories {
            if let Some(category) = model.category(c.node) {
                let special = law.is_special(c.node);
                let personal = law.is_personal(c.node);
                let mark = if special {
                    ", special category (Art. 9)"
                } else if !personal {
                    ", not personal data"
                } else {
                    ""
                };
                data.insert(DataEntry {
                    name: category.name.node.clone(),
                    category: category.path.node.clone(),
                    personal,
                    special,
                    text: format!("{} ({}{mark})", category.name.node, category.path.node),
                });
            }
        }
        let to = flow.to.node;
        let place = model.node_location(to);
        let kind = match to {
            NodeId::Processor(_) => Some("processor"),
            NodeId::Recipient(_) => Some(model.node_kind(to).unwrap_or("recipient")),
            NodeId::Subject(_) | NodeId::System(_) => None,
        };
        if let Some(kind) = kind {
            recipients.insert(RecipientEntry {
                name: model.node_name(to).to_owned(),
                kind: kind.to_owned(),
                location: place.map(|p| p.to_string()),
                text: format!("{} ({kind}, {})", model.node_name(to), place_text(place)),
            });
        }
        if law.transfer_status(to).is_transfer() {
            let decision = decision(law, to);
            transfers.insert(TransferEntry {
                to: model.node_name(to).to_owned(),
                location: place.map(|p| p.to_string()),
                text: format!(
                    "{} in {}: {}",
                    model.node_name(to),
                    place_text(place),
                    decision.text
                ),
                decision,
            });
        }
    }
    let kind = model
        .purpose(id)
        .map(|p| p.path.node.clone())
        .unwrap_or_default();
    let kind_description = law
        .vocabulary
        .purpose(&kind)
        .map(|k| k.description.clone())
        .unwrap_or_default();
    let retention = purpose.retain.as_ref().map(|r| {
        let after = match &r.node.after {
            crate::model::Event::Collection => "collection".to_owned(),
            crate::model::Event::LastContact => "the last contact".to_owned(),
            crate::model::Event::ContractEnd => "the end of the contract".to_owned(),
            crate::model::Event::AccountClosure => "the closure of the account".to_owned(),
            crate::model::Event::Withdrawal => "the withdrawal of consent".to_owned(),
            crate::model::Event::CalendarYearEnd => "the end of the calendar year".to_owned(),
            crate::model::Event::FinancialYearEnd => "the close of the financial year".to_owned(),
            crate::model::Event::Custom(e) => e.clone(),
        };
        RetentionEntry {
            duration: r.node.duration.node.to_string(),
            after: r.node.after.id().to_owned(),
            text: format!("{} after {after}", r.node.duration.node),
        }
    });
    let mut laws: Vec<String> = Vec::new();
    if law.gdpr_applies() {
        laws.push("GDPR (Regulation (EU) 2016/679)".to_owned());
    }
    for flow in &flows {
        for us in law.us_laws_on(flow) {
            let name = format!("{} ({}, {})", us.name, us.state, us.statute);
            if !laws.contains(&name) {
                laws.push(name);
            }
        }
    }
    Activity {
        laws,
        dpia: purpose.dpia.as_ref().map(|d| d.node.clone()),
        security: security_measures(law, &flows),
        purpose: purpose.name.node.clone(),
        kind,
        kind_description,
        description: purpose.description.as_ref().map(|d| d.node.clone()),
        legal_basis: legal_basis(law, purpose),
        data_subjects: subjects.into_iter().collect(),
        personal_data: data.into_iter().collect(),
        recipients: recipients.into_iter().collect(),
        transfers: transfers.into_iter().collect(),
        retention,
    }
}

/// Art. 30(1)(g): what the policies say of the security of a purpose's data: encryption
/// in transit on its flows, encryption and pseudonymisation at rest where it is stored,
/// and the access control of the systems and processors that hold it.
fn security_measures(law: &Judge<'_>, flows: &[&crate::model::Flow]) -> Vec<String> {
    let model = law.model;
    let mut measures = BTreeSet::new();
    for flow in flows {
        let (from, to) = (
            model.node_name(flow.from.node),
            model.node_name(flow.to.node),
        );
        if flow.encrypted {
            measures.insert(format!("encrypted in transit from `{from}` to `{to}`"));
        }
        if flow.pseudonymised {
            measures.insert(format!("pseudonymised from `{from}` to `{to}`"));
        }
        let carried: Vec<crate::model::CategoryId> =
            flow.categories.iter().map(|c| c.node).collect();
        let (stores, access) = match flow.to.node {
            NodeId::System(id) => match model.systems.get(id.index()) {
                Some(s) => (&s.stores, &s.access_control),
                None => continue,
            },
            NodeId::Processor(id) => match model.processors.get(id.index()) {
                Some(p) => (&p.stores, &p.access_control),
                None => continue,
            },
            NodeId::Subject(_) | NodeId::Recipient(_) => continue,
        };
        if let Some(access) = access {
            measures.insert(format!("access control at `{to}`: {}", access.node));
        }
        for storage in stores {
            let kept: Vec<String> = storage
                .categories
                .iter()
                .filter(|c| carried.contains(&c.node))
                .filter_map(|c| model.category(c.node))
                .map(|c| format!("`{}`", c.name.node))
                .collect();
            if kept.is_empty() {
                continue;
            }
            let how: Vec<&str> = [
                (storage.encrypted, "encrypted"),
                (storage.pseudonymised, "pseudonymised"),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, w)| *w)
            .collect();
            if !how.is_empty() {
                measures.insert(format!(
                    "{} stored {} at `{to}`",
                    kept.join(", "),
                    how.join(" and ")
                ));
            }
        }
    }
    measures.into_iter().collect()
}

/// The `text` of each entry, as the Markdown and CSV records list them.
fn texts<T>(items: &[T], text: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|i| text(i).to_owned()).collect()
}

/// The purpose as Art. 30(1)(b) names it: its kind and what that kind means.
fn purpose_text(a: &Activity) -> String {
    format!("{} ({})", a.kind, a.kind_description)
}

fn retention_text(a: &Activity) -> String {
    a.retention
        .as_ref()
        .map_or_else(|| "not stated".to_owned(), |r| r.text.clone())
}

fn list(items: &[String]) -> String {
    list_or(items, "none")
}

/// The items, or what to say when there are none.
fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_owned()
    } else {
        items.join("; ")
    }
}

/// Markdown that reads on its own: the controller, a table per activity, the processors.
pub fn markdown(record: &Record) -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let c = &record.controller;
    let or = |v: &Option<String>, none: &str| v.clone().unwrap_or_else(|| none.to_owned());
    let mut out = format!(
        "# Record of processing activities\n\nGDPR Art. 30(1), derived from the policies by redline.\n\n## Controller\n\n| | |\n| --- | --- |\n| Name | {} |\n| Location | {} |\n| Data protection officer | {} |\n| Representative | {} |\n",
        cell(&or(&c.name, "not declared")),
        cell(&or(&c.location, "not stated")),
        cell(&or(&c.dpo, "none named")),
        cell(&or(&c.representative, "none named"))
    );
    out.push_str(&format!(
        "| Rights of data subjects (Art. 12-21) | {} |\n",
        cell(&list_or(&texts(&c.rights, |r| &r.text), "none stated"))
    ));
    for a in &record.activities {
        out.push_str(&format!("\n## {}\n\n", cell(&a.purpose)));
        if let Some(description) = a.description.as_ref().filter(|d| !d.is_empty()) {
            out.push_str(&format!("{description}\n\n"));
        }
        out.push_str("| Art. 30(1) | |\n| --- | --- |\n");
        let rows = [
            ("Purpose (b)", purpose_text(a)),
            ("Legal basis", a.legal_basis.text.clone()),
            (
                "Categories of data subjects (c)",
                list(&texts(&a.data_subjects, |e| &e.text)),
            ),
            (
                "Categories of personal data (c)",
                list(&texts(&a.personal_data, |e| &e.text)),
            ),
            (
                "Categories of recipients (d)",
                list(&texts(&a.recipients, |e| &e.text)),
            ),
            (
                "Transfers to third countries (e)",
                list(&texts(&a.transfers, |e| &e.text)),
            ),
            ("Time limits for erasure (f)", retention_text(a)),
            ("Security measures (g)", list_or(&a.security, "none stated")),
            ("Laws it falls under", list(&a.laws)),
            (
                "Impact assessment (Art. 35)",
                a.dpia.clone().unwrap_or_else(|| "none named".to_owned()),
            ),
        ];
        for (field, value) in rows {
            out.push_str(&format!("| {field} | {} |\n", cell(&value)));
        }
    }
    out.push_str("\n## Processors\n\n");
    if record.processors.is_empty() {
        out.push_str("None.\n");
    } else {
        out.push_str("| Processor | Location | Safeguard | Data processing agreement | Subprocessors |\n| --- | --- | --- | --- | --- |\n");
        for p in &record.processors {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                cell(&p.name),
                cell(&or(&p.location, "not stated")),
                cell(&or(&p.safeguard, "none")),
                cell(&or(&p.dpa, "none")),
                cell(&list(&p.subprocessors))
            ));
        }
    }
    out
}

/// One row per activity, for a spreadsheet.
pub fn csv(record: &Record) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "controller",
        "dpo",
        "purpose",
        "purpose kind",
        "legal basis",
        "data subjects",
        "personal data",
        "recipients",
        "transfers to third countries",
        "retention",
        "security measures",
        "impact assessment",
        "laws",
    ];
    let _ = writer.write_record(header);
    let c = &record.controller;
    let name = c.name.clone().unwrap_or_else(|| "not declared".to_owned());
    let dpo = c.dpo.clone().unwrap_or_else(|| "none named".to_owned());
    for a in &record.activities {
        let _ = writer.write_record([
            name.as_str(),
            dpo.as_str(),
            a.purpose.as_str(),
            &purpose_text(a),
            a.legal_basis.text.as_str(),
            &list(&texts(&a.data_subjects, |e| &e.text)),
            &list(&texts(&a.personal_data, |e| &e.text)),
            &list(&texts(&a.recipients, |e| &e.text)),
            &list(&texts(&a.transfers, |e| &e.text)),
            &retention_text(a),
            &list_or(&a.security, "none stated"),
            a.dpia.as_deref().unwrap_or("none named"),
            &list(&a.laws),
        ]);
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn json(record: &Record) -> String {
    let mut text =
        serde_json::to_string_pretty(record).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
