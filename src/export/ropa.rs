//! `redline ropa`: the record of processing activities of GDPR Art. 30(1), one activity
//! per purpose, derived from the policies: controller and DPO, the purpose, the
//! categories of data subjects and of personal data, the recipients, the transfers to
//! third countries with their safeguards, the retention, and the legal basis; then the
//! processors.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::check::Project;
use crate::graph::FlowGraph;
use crate::knowledge::Knowledge;
use crate::law::Judge;
use crate::model::{Basis, Model, NodeId, ProcessorId, PurposeId};
use crate::values::{Date, Place};

#[derive(Debug, Serialize)]
pub struct Record {
    pub version: u32,
    pub controller: ControllerEntry,
    pub activities: Vec<Activity>,
    pub processors: Vec<ProcessorEntry>,
}

#[derive(Debug, Serialize)]
pub struct ControllerEntry {
    pub name: String,
    pub location: String,
    pub dpo: String,
    pub representative: String,
}

#[derive(Debug, Serialize)]
pub struct Activity {
    pub purpose: String,
    /// The purpose's taxonomy id and its description.
    pub kind: String,
    pub description: String,
    pub legal_basis: String,
    pub data_subjects: Vec<String>,
    pub personal_data: Vec<String>,
    pub recipients: Vec<String>,
    pub transfers: Vec<String>,
    pub retention: String,
}

#[derive(Debug, Serialize)]
pub struct ProcessorEntry {
    pub name: String,
    pub location: String,
    pub safeguard: String,
    pub dpa: String,
    pub subprocessors: Vec<String>,
    /// The transfer decision on the processor (in the EEA, adequacy, safeguard…).
    pub transfer: String,
}

fn basis_text(basis: Option<&Basis>, model: &Model) -> String {
    let consent = |c: &Option<crate::model::ConsentId>| {
        c.and_then(|c| model.consents.get(c.index()))
            .map_or("?".to_owned(), |c| c.name.node.clone())
    };
    match basis {
        None => "not stated".to_owned(),
        Some(Basis::Consent(c)) => format!("consent, Art. 6(1)(a) (`{}`)", consent(c)),
        Some(Basis::ExplicitConsent(c)) => format!(
            "explicit consent, Art. 6(1)(a) and 9(2)(a) (`{}`)",
            consent(c)
        ),
        Some(Basis::Contract) => "contract, Art. 6(1)(b)".to_owned(),
        Some(Basis::LegalObligation(t)) => format!("legal obligation, Art. 6(1)(c): {}", t.node),
        Some(Basis::VitalInterests) => "vital interests, Art. 6(1)(d)".to_owned(),
        Some(Basis::PublicTask(t)) => format!("public task, Art. 6(1)(e): {}", t.node),
        Some(Basis::LegitimateInterests(t)) => {
            format!("legitimate interests, Art. 6(1)(f) (assessment {})", t.node)
        }
    }
}

fn place_text(place: Option<Place>) -> String {
    place.map_or_else(|| "not stated".to_owned(), |p| p.to_string())
}

pub fn build(project: &Project, knowledge: &Knowledge, on: Date) -> Record {
    let model = &project.model;
    let graph = FlowGraph::build(model);
    let law = Judge::new(
        model,
        &graph,
        project.settings.vocabulary(knowledge),
        on,
        &project.settings.transfers,
    );
    let controller = match &model.controller {
        Some(c) => ControllerEntry {
            name: c.name.node.clone(),
            location: place_text(c.location.as_ref().map(|l| l.node)),
            dpo: c
                .dpo
                .as_ref()
                .map_or_else(|| "none named".to_owned(), |d| d.node.clone()),
            representative: c
                .representative
                .as_ref()
                .map_or_else(|| "none named".to_owned(), |r| r.node.clone()),
        },
        None => ControllerEntry {
            name: "not declared".to_owned(),
            location: place_text(model.configured_controller_location),
            dpo: "none named".to_owned(),
            representative: "none named".to_owned(),
        },
    };
    let activities = model
        .purposes
        .iter()
        .enumerate()
        .map(|(i, purpose)| activity(&law, PurposeId(i as u32), purpose))
        .collect();
    let processors = model
        .processors
        .iter()
        .enumerate()
        .map(|(i, p)| ProcessorEntry {
            name: p.name.node.clone(),
            location: place_text(p.location.as_ref().map(|l| l.node)),
            safeguard: p
                .safeguard
                .as_ref()
                .map_or_else(|| "none".to_owned(), |s| s.node.kind.id().to_owned()),
            dpa: p
                .dpa
                .as_ref()
                .map_or_else(|| "none".to_owned(), |d| d.node.clone()),
            subprocessors: p
                .subprocessors
                .iter()
                .map(|s| model.node_name(NodeId::Processor(s.node)).to_owned())
                .collect(),
            transfer: law.describe_status(NodeId::Processor(ProcessorId(i as u32))),
        })
        .collect();
    Record {
        version: 1,
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
            let kind = subject.kind.as_ref().map_or("?", |k| k.node.id());
            subjects.insert(format!("{} ({kind})", subject.name.node));
        }
        for c in &flow.categories {
            if let Some(category) = model.category(c.node) {
                let mark = if law.is_special(c.node) {
                    ", special category (Art. 9)"
                } else if !law.is_personal(c.node) {
                    ", not personal data"
                } else {
                    ""
                };
                data.insert(format!(
                    "{} ({}{mark})",
                    category.name.node, category.path.node
                ));
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
            recipients.insert(format!(
                "{} ({kind}, {})",
                model.node_name(to),
                place_text(place)
            ));
        }
        if law.transfer_status(to).is_transfer() {
            transfers.insert(format!(
                "{} in {}: {}",
                model.node_name(to),
                place_text(place),
                law.describe_status(to)
            ));
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
    let mut legal_basis = basis_text(purpose.basis.as_ref().map(|b| &b.node), model);
    for condition in &purpose.conditions {
        let article = law
            .knowledge()
            .condition(&condition.id)
            .map_or(String::new(), |c| format!(" ({})", c.article));
        legal_basis.push_str(&format!(
            "; Art. 9(2) condition {}{article}: {}",
            condition.id, condition.justification.node
        ));
    }
    let retention = purpose.retain.as_ref().map_or_else(
        || "not stated".to_owned(),
        |r| {
            let after = match &r.node.after {
                crate::model::Event::Collection => "collection".to_owned(),
                crate::model::Event::LastContact => "the last contact".to_owned(),
                crate::model::Event::ContractEnd => "the end of the contract".to_owned(),
                crate::model::Event::AccountClosure => "the closure of the account".to_owned(),
                crate::model::Event::Withdrawal => "the withdrawal of consent".to_owned(),
                crate::model::Event::CalendarYearEnd => "the end of the calendar year".to_owned(),
                crate::model::Event::FinancialYearEnd => {
                    "the close of the financial year".to_owned()
                }
                crate::model::Event::Custom(e) => e.clone(),
            };
            format!("{} after {after}", r.node.duration.node)
        },
    );
    Activity {
        purpose: purpose.name.node.clone(),
        kind: format!("{kind} ({kind_description})"),
        description: purpose
            .description
            .as_ref()
            .map_or(String::new(), |d| d.node.clone()),
        legal_basis,
        data_subjects: subjects.into_iter().collect(),
        personal_data: data.into_iter().collect(),
        recipients: recipients.into_iter().collect(),
        transfers: transfers.into_iter().collect(),
        retention,
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join("; ")
    }
}

/// Markdown that reads on its own: the controller, a table per activity, the processors.
pub fn markdown(record: &Record) -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let c = &record.controller;
    let mut out = format!(
        "# Record of processing activities\n\nGDPR Art. 30(1), derived from the policies by redline.\n\n## Controller\n\n| | |\n| --- | --- |\n| Name | {} |\n| Location | {} |\n| Data protection officer | {} |\n| Representative | {} |\n",
        cell(&c.name),
        cell(&c.location),
        cell(&c.dpo),
        cell(&c.representative)
    );
    for a in &record.activities {
        out.push_str(&format!("\n## {}\n\n", cell(&a.purpose)));
        if !a.description.is_empty() {
            out.push_str(&format!("{}\n\n", a.description));
        }
        out.push_str("| Art. 30(1) | |\n| --- | --- |\n");
        let rows = [
            ("Purpose (b)", a.kind.clone()),
            ("Legal basis", a.legal_basis.clone()),
            ("Categories of data subjects (c)", list(&a.data_subjects)),
            ("Categories of personal data (c)", list(&a.personal_data)),
            ("Categories of recipients (d)", list(&a.recipients)),
            ("Transfers to third countries (e)", list(&a.transfers)),
            ("Time limits for erasure (f)", a.retention.clone()),
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
                cell(&p.location),
                cell(&p.safeguard),
                cell(&p.dpa),
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
    ];
    let _ = writer.write_record(header);
    for a in &record.activities {
        let _ = writer.write_record([
            record.controller.name.as_str(),
            record.controller.dpo.as_str(),
            a.purpose.as_str(),
            a.kind.as_str(),
            a.legal_basis.as_str(),
            &list(&a.data_subjects),
            &list(&a.personal_data),
            &list(&a.recipients),
            &list(&a.transfers),
            a.retention.as_str(),
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
