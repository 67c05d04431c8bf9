//! `redline notice --law ccpa`: the notice at collection a business publishes, derived from
//! the policies (Cal. Civ. Code §1798.100(a)(1)-(3); Cal. Code Regs. tit. 11 §7012): each
//! category of personal information collected from the law's consumers, what the business
//! collects under it, the purposes, whether it is sold or shared (and to whom), and how
//! long it is kept; then the consumers' choices and how to make requests.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::check::Project;
use crate::knowledge::{Choice, Knowledge};
use crate::law::Judge;
use crate::model::{CategoryId, Right, TaxonomyPattern};
use crate::values::Date;

#[derive(Debug, Serialize)]
pub struct Notice {
    pub version: u32,
    /// The law's id (`ccpa`) and name.
    pub law: String,
    pub law_name: String,
    pub business: Option<String>,
    /// Where the notice is published (`notice "…"`).
    pub published_at: Option<String>,
    pub categories: Vec<NoticeCategory>,
    pub choices: Vec<String>,
    pub requests: Vec<String>,
    /// What the notice rests on.
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct NoticeCategory {
    /// The statute's category (`Identifiers (§1798.140(v)(1)(A))`).
    pub category: String,
    /// What the business collects under it: the policy's categories.
    pub collected: Vec<String>,
    pub purposes: Vec<String>,
    pub sold_to: Vec<String>,
    pub shared_with: Vec<String>,
    pub retention: Vec<String>,
}

/// The notice, or why it cannot be written.
pub fn build(
    project: &Project,
    knowledge: &Knowledge,
    on: Date,
    law: &str,
) -> Result<Notice, String> {
    let Some(entry) = knowledge.us.laws.iter().find(|l| l.id == law) else {
        let ids: Vec<&str> = knowledge.us.laws.iter().map(|l| l.id.as_str()).collect();
        return Err(format!(
            "redline knows no law `{law}` (the laws are {})",
            ids.join(", ")
        ));
    };
    if entry.retention_per_category.is_none() {
        return Err(format!(
            "redline writes the notice at collection of the CCPA only; `{law}` asks for none of its own shape"
        ));
    }
    Ok(super::with_judge(project, knowledge, on, |judge| {
        written(project, knowledge, entry, judge)
    }))
}

/// The notice of `entry`'s law, as `judge` (over the project's model) judges it.
fn written(
    project: &Project,
    knowledge: &Knowledge,
    entry: &crate::knowledge::UsLaw,
    judge: &Judge<'_>,
) -> Notice {
    let law = entry.id.as_str();
    let model = &project.model;
    let graph = judge.graph;
    // statute category -> rows of what falls under it
    let mut groups: BTreeMap<String, NoticeCategory> = BTreeMap::new();
    for (i, category) in model.categories.iter().enumerate() {
        let id = CategoryId(i as u32);
        let flows: Vec<&crate::model::Flow> = graph
            .flows_of(id)
            .iter()
            .filter_map(|f| model.flows.get(f.index()))
            .collect();
        let covered = flows.iter().any(|f| {
            judge
                .us_laws_at(id, f.from.node)
                .iter()
                .any(|l| l.id == law)
        });
        if !covered {
            continue;
        }
        let statute = knowledge
            .us
            .notice_categories
            .iter()
            .find(|(p, _)| TaxonomyPattern::parse(p).matches(&category.path.node))
            .map_or_else(
                || "Other personal information".to_owned(),
                |(_, n)| n.clone(),
            );
        let group = groups
            .entry(statute.clone())
            .or_insert_with(|| NoticeCategory {
                category: statute,
                collected: Vec::new(),
                purposes: Vec::new(),
                sold_to: Vec::new(),
                shared_with: Vec::new(),
                retention: Vec::new(),
            });
        let description = project
            .settings
            .vocabulary(knowledge)
            .category(&category.path.node)
            .map(|k| k.description.clone())
            .unwrap_or_default();
        push(
            &mut group.collected,
            format!("{} ({description})", category.name.node),
        );
        for flow in &flows {
            for p in flow.purposes.iter().filter_map(|p| model.purpose(p.node)) {
                let what = judge
                    .vocabulary
                    .purpose(&p.path.node)
                    .map_or(p.path.node.clone(), |k| k.description.clone());
                push(&mut group.purposes, what);
            }
            let us = judge.us_flow(flow);
            let to = model.node_name(flow.to.node).to_owned();
            for (choice, _) in &us.choices {
                match choice {
                    Choice::Sale => push(&mut group.sold_to, to.clone()),
                    Choice::Sharing => push(&mut group.shared_with, to.clone()),
                    _ => {}
                }
            }
        }
        let retention = if let Some(max) = &category.retention_max {
            format!("{}: at most {}", category.name.node, max.node)
        } else if let Some(criteria) = &category.retention_criteria {
            format!("{}: {}", category.name.node, criteria.node)
        } else {
            let mut periods: Vec<String> = Vec::new();
            for p in flows
                .iter()
                .flat_map(|f| &f.purposes)
                .filter_map(|p| model.purpose(p.node))
            {
                let text = p.retain.as_ref().map_or_else(
                    || "not stated".to_owned(),
                    |r| {
                        format!(
                            "{} after {}",
                            r.node.duration.node,
                            r.node.after.id().replace('_', " ")
                        )
                    },
                );
                push(&mut periods, format!("{} for {}", text, p.name.node));
            }
            format!("{}: {}", category.name.node, periods.join("; "))
        };
        push(&mut group.retention, retention);
    }
    let controller = model.controller.as_ref();
    let mut choices: Vec<String> = Vec::new();
    if let Some(c) = controller {
        for o in &c.optouts {
            let covers: Vec<&str> = o.covers.iter().map(|c| c.id()).collect();
            choices.push(format!(
                "\"{}\" ({}){}",
                o.link.node,
                covers.join(", "),
                if o.honours_gpc {
                    "; Global Privacy Control is honoured as an opt-out"
                } else {
                    ""
                }
            ));
        }
    }
    let mut requests: Vec<String> = Vec::new();
    if let Some(c) = controller {
        for (right, what) in [
            (Right::Access, "To know"),
            (Right::Erasure, "To delete"),
            (Right::Rectification, "To correct"),
        ] {
            if let Some(channel) = c.right(right) {
                let how = channel.how.as_ref().map_or("", |h| h.node.as_str());
                let within = channel
                    .within
                    .as_ref()
                    .map_or(String::new(), |w| format!(", answered within {}", w.node));
                requests.push(format!("{what}: {how}{within}"));
            }
        }
    }
    Notice {
        version: 1,
        law: entry.id.clone(),
        law_name: entry.name.clone(),
        business: controller.map(|c| c.name.node.clone()),
        published_at: controller
            .and_then(|c| c.notice.as_ref())
            .map(|n| n.node.clone()),
        categories: groups.into_values().collect(),
        choices,
        requests,
        source:
            "Cal. Civ. Code §1798.100(a)(1)-(3), §1798.140(v), (ae); Cal. Code Regs. tit. 11 §7012"
                .to_owned(),
    }
}

fn push(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_owned()
    } else {
        items.join("; ")
    }
}

pub fn markdown(n: &Notice) -> String {
    let mut out = format!(
        "# Notice at collection\n\n{} — {}.\n\n",
        n.business.as_deref().unwrap_or("The business"),
        n.law_name
    );
    if let Some(url) = &n.published_at {
        out.push_str(&format!("Published at {url}.\n\n"));
    }
    out.push_str("| Category of personal information | What we collect | Purposes | Sold to | Shared with (cross-context behavioral advertising) | How long we keep it |\n| --- | --- | --- | --- | --- | --- |\n");
    for c in &n.categories {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            cell(&c.category),
            cell(&c.collected.join("; ")),
            cell(&c.purposes.join("; ")),
            cell(&list_or(&c.sold_to, "not sold")),
            cell(&list_or(&c.shared_with, "not shared")),
            cell(&c.retention.join("; ")),
        ));
    }
    out.push_str("\n## Your choices\n\n");
    if n.choices.is_empty() {
        out.push_str("None stated.\n");
    } else {
        for c in &n.choices {
            out.push_str(&format!("- {c}\n"));
        }
    }
    out.push_str("\n## Your requests\n\n");
    if n.requests.is_empty() {
        out.push_str("None stated.\n");
    } else {
        for r in &n.requests {
            out.push_str(&format!("- {r}\n"));
        }
    }
    out.push_str(&format!(
        "\nDerived from the policies by redline ({}).\n",
        n.source
    ));
    out
}

pub fn json(n: &Notice) -> String {
    let mut text =
        serde_json::to_string_pretty(n).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
