//! `redline diff`: what a change does to the data map, for a reviewer who does not read
//! policy files. Each project is loaded at both revisions by the loading code of
//! `redline check` (`revision` writes a git revision out for it), its facts are drawn
//! from the places that decide them (`facts`), and the two sets of facts are compared
//! here: new reach, transfers, sensitive data, bases and consents, retention, parties,
//! findings and the record, ranked by risk. A declaration renamed and otherwise equal
//! is a rename, and the base is read with the new name everywhere else.

pub mod facts;
pub mod render;
pub mod revision;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::law::retention::{Bound, compare};
use crate::syntax::ast::Keyword;
use facts::{Facts, FindingFact, Findings};

/// What a change is about, in the order a reviewer weighs them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    Reach,
    Transfer,
    SpecialData,
    Basis,
    Consent,
    Retention,
    Party,
    Finding,
    Record,
    Rename,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 10] = [
        ChangeKind::Reach,
        ChangeKind::Transfer,
        ChangeKind::SpecialData,
        ChangeKind::Basis,
        ChangeKind::Consent,
        ChangeKind::Retention,
        ChangeKind::Party,
        ChangeKind::Finding,
        ChangeKind::Record,
        ChangeKind::Rename,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Reach => "reach",
            ChangeKind::Transfer => "transfer",
            ChangeKind::SpecialData => "special-data",
            ChangeKind::Basis => "basis",
            ChangeKind::Consent => "consent",
            ChangeKind::Retention => "retention",
            ChangeKind::Party => "party",
            ChangeKind::Finding => "finding",
            ChangeKind::Record => "record",
            ChangeKind::Rename => "rename",
        }
    }

    /// The pull-request label of this kind of change.
    pub fn label(self) -> String {
        format!("privacy:{}", self.as_str())
    }
}

/// How much a change adds to the risk to the people whose data it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Risk {
    /// Lowers the risk or changes nothing for it (reach removed, retention shortened).
    None,
    Low,
    Medium,
    High,
}

impl Risk {
    pub fn as_str(self) -> &'static str {
        match self {
            Risk::None => "none",
            Risk::Low => "low",
            Risk::Medium => "medium",
            Risk::High => "high",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    Added,
    Removed,
    Changed,
    Renamed,
}

impl Effect {
    /// The effect of the same change read from head to base.
    pub fn reversed(self) -> Effect {
        match self {
            Effect::Added => Effect::Removed,
            Effect::Removed => Effect::Added,
            other => other,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub risk: Risk,
    pub effect: Effect,
    /// The project, as `redline check` shows its root.
    pub project: String,
    /// What changed, named: `orders -> recipient:adnet for ads`.
    pub subject: String,
    /// One sentence for a reviewer.
    pub summary: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// A finding one side has and the other has not.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FindingChange {
    pub fingerprint: String,
    pub code: String,
    pub name: String,
    pub severity: &'static str,
    pub message: String,
    pub file: String,
    pub line: usize,
}

/// The comparison of two revisions.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Diff {
    pub changes: Vec<Change>,
    pub introduced: Vec<FindingChange>,
    pub fixed: Vec<FindingChange>,
    /// What a reader must know about the comparison (input errors on a side, a project
    /// that exists on one side only).
    pub notes: Vec<String>,
    /// The changed part of each project's data map, as Mermaid.
    pub maps: BTreeMap<String, String>,
}

impl Diff {
    /// The labels of the kinds of change that add risk.
    pub fn labels(&self) -> Vec<String> {
        let kinds: BTreeSet<ChangeKind> = self
            .changes
            .iter()
            .filter(|c| c.risk > Risk::None)
            .map(|c| c.kind)
            .chain((!self.introduced.is_empty()).then_some(ChangeKind::Finding))
            .collect();
        kinds.into_iter().map(ChangeKind::label).collect()
    }

    pub fn count(&self, risk: Risk) -> usize {
        self.changes.iter().filter(|c| c.risk == risk).count()
    }
}

/// The facts of each project at one revision, by the project's root as shown.
pub type Side = BTreeMap<String, Facts>;

/// Every project of a loaded run, and its findings, under the law of `on`.
pub fn side_of(
    outcome: &crate::check::Outcome,
    knowledge: &crate::knowledge::Knowledge,
    on: crate::values::Date,
) -> (Side, Findings) {
    let projects = outcome
        .projects
        .iter()
        .map(|project| {
            // The project of the current directory shows as `.`.
            let root = match project.display_root.as_str() {
                "" => ".".to_owned(),
                root => root.trim_end_matches('/').to_owned(),
            };
            (
                root,
                facts::of(project, outcome, knowledge, on, &outcome.sources),
            )
        })
        .collect();
    (projects, facts::findings(outcome))
}

/// Compares every project of `base` and `head`, and the findings of both.
pub fn compare_sides(
    base: &Side,
    head: &Side,
    base_findings: &Findings,
    head_findings: &Findings,
) -> Diff {
    let mut diff = Diff::default();
    let mut renamed_words: BTreeMap<String, String> = BTreeMap::new();
    let projects: BTreeSet<&String> = base.keys().chain(head.keys()).collect();
    let empty = Facts::default();
    // Each project's sides: the base (and the base with the head's names, where some
    // declaration is renamed) and the head.
    let mut sides: Vec<(&String, &Facts, Option<Facts>, &Facts)> = Vec::new();
    for project in projects {
        let (b, h) = (base.get(project), head.get(project));
        match (b, h) {
            (None, Some(_)) => diff.notes.push(format!(
                "`{project}` is a new project: everything in it is new"
            )),
            (Some(_), None) => diff.notes.push(format!(
                "`{project}` is no longer a project at the head: everything in it is removed"
            )),
            _ => {}
        }
        for (side, facts) in [("base", b), ("head", h)] {
            if let Some(f) = facts
                && f.input_errors > 0
            {
                diff.notes.push(format!(
                    "`{project}` has {} input error{} at the {side}: what did not resolve is \
                     not compared",
                    f.input_errors,
                    if f.input_errors == 1 { "" } else { "s" }
                ));
            }
        }
        let b = b.unwrap_or(&empty);
        let h = h.unwrap_or(&empty);
        let renames = renames(b, h);
        for (keyword, new, old) in &renames {
            diff.changes.push(Change {
                kind: ChangeKind::Rename,
                risk: Risk::None,
                effect: Effect::Renamed,
                project: project.clone(),
                subject: format!("{} {old} -> {new}", keyword.as_str()),
                summary: format!(
                    "{} `{old}` is renamed `{new}`, and is otherwise unchanged",
                    keyword.as_str()
                ),
                before: Some(old.clone()),
                after: Some(new.clone()),
            });
        }
        // The base is read with the new names, which the reader sees in the head.
        let words: BTreeMap<String, String> = renames
            .iter()
            .map(|(_, new, old)| (old.clone(), new.clone()))
            .collect();
        let renamed = (!words.is_empty()).then(|| b.renamed(&words));
        renamed_words.extend(words);
        sides.push((project, b, renamed, h));
    }
    // The findings are compared with every project's renames known; the projects' facts,
    // their maps and the findings are compared on every core, and joined in order.
    let (compared, findings) = rayon::join(
        || {
            use rayon::prelude::*;
            sides
                .par_iter()
                .map(|(project, b, renamed, h)| {
                    let b = renamed.as_ref().unwrap_or(b);
                    let mut changes = Diff::default();
                    let ((), map) = rayon::join(
                        || compare_project(project, b, h, &mut changes),
                        || render::mermaid_delta(b, h),
                    );
                    (changes.changes, map)
                })
                .collect::<Vec<_>>()
        },
        || {
            let mut findings = Diff::default();
            compare_findings(base_findings, head_findings, &renamed_words, &mut findings);
            findings
        },
    );
    for ((project, ..), (changes, map)) in sides.iter().zip(compared) {
        diff.changes.extend(changes);
        if let Some(map) = map {
            diff.maps.insert((*project).clone(), map);
        }
    }
    diff.introduced = findings.introduced;
    diff.fixed = findings.fixed;
    diff.changes.sort_by(|a, b| {
        (b.risk, a.kind, &a.project, &a.subject, a.effect)
            .cmp(&(a.risk, b.kind, &b.project, &b.subject, b.effect))
    });
    diff
}

/// Declarations of one kind that one side has and the other has not, with the same
/// text once their names are taken out: (keyword, new name, old name). A text shared by
/// several candidates is ambiguous and not a rename.
fn renames(base: &Facts, head: &Facts) -> Vec<(Keyword, String, String)> {
    let only = |a: &Facts, b: &Facts| -> BTreeMap<(Keyword, String), Vec<String>> {
        let mut out: BTreeMap<(Keyword, String), Vec<String>> = BTreeMap::new();
        for ((keyword, name), text) in &a.declarations {
            if !b.declarations.contains_key(&(*keyword, name.clone())) {
                out.entry((*keyword, text.clone()))
                    .or_default()
                    .push(name.clone());
            }
        }
        out
    };
    let gone = only(base, head);
    let new = only(head, base);
    let mut out = Vec::new();
    for (key, new_names) in &new {
        if let (Some(old_names), [new_name]) = (gone.get(key), new_names.as_slice())
            && let [old_name] = old_names.as_slice()
        {
            out.push((key.0, new_name.clone(), old_name.clone()));
        }
    }
    out
}

fn compare_project(project: &str, b: &Facts, h: &Facts, diff: &mut Diff) {
    let mut push = |kind, risk, effect, subject: String, summary: String, before, after| {
        diff.changes.push(Change {
            kind,
            risk,
            effect,
            project: project.to_owned(),
            subject,
            summary,
            before,
            after,
        });
    };
    let place_words = |facts: &Facts, node: &str| -> String {
        let name = node.split_once(':').map_or(node, |(_, n)| n);
        let kind = node.split_once(':').map_or("", |(k, _)| k);
        match facts.places.get(node).and_then(|p| p.location.clone()) {
            Some(location) => format!("`{name}` ({kind}, {location})"),
            None => format!("`{name}` ({kind})"),
        }
    };

    // 1. Reach.
    for r in h.reach.difference(&b.reach) {
        let place = h.places.get(&r.node);
        let sensitive = h.sensitive.contains_key(&r.category);
        let unprotected = place.is_some_and(|p| p.transfer && !p.protected);
        let third = place.is_some_and(|p| p.third_party || p.transfer);
        let risk = if unprotected || (sensitive && third) {
            Risk::High
        } else if third || sensitive {
            Risk::Medium
        } else {
            Risk::Low
        };
        push(
            ChangeKind::Reach,
            risk,
            Effect::Added,
            format!("{} -> {} for {}", r.category, r.node, r.purpose),
            format!(
                "`{}` now reaches {} for `{}`",
                r.category,
                place_words(h, &r.node),
                r.purpose
            ),
            None,
            None,
        );
    }
    for r in b.reach.difference(&h.reach) {
        push(
            ChangeKind::Reach,
            Risk::None,
            Effect::Removed,
            format!("{} -> {} for {}", r.category, r.node, r.purpose),
            format!(
                "`{}` no longer reaches {} for `{}`",
                r.category,
                place_words(b, &r.node),
                r.purpose
            ),
            None,
            None,
        );
    }

    // 2. Transfers, and nodes that move.
    let nodes: BTreeSet<&String> = b.places.keys().chain(h.places.keys()).collect();
    for node in nodes {
        let (before, after) = (b.places.get(node), h.places.get(node));
        let was = before.is_some_and(|p| p.transfer);
        let is = after.is_some_and(|p| p.transfer);
        match (before, after) {
            (_, Some(a)) if is && !was => push(
                ChangeKind::Transfer,
                if a.protected {
                    Risk::Medium
                } else {
                    Risk::High
                },
                Effect::Added,
                node.clone(),
                format!("new transfer to {}: {}", place_words(h, node), a.text),
                None,
                Some(a.text.clone()),
            ),
            (Some(p), _) if was && !is => push(
                ChangeKind::Transfer,
                Risk::None,
                Effect::Removed,
                node.clone(),
                format!("no transfer to {} any more", place_words(b, node)),
                Some(p.text.clone()),
                after.map(|a| a.text.clone()),
            ),
            (Some(p), Some(a)) if was && is && (p.status, &p.ground) != (a.status, &a.ground) => {
                let risk = match (p.protected, a.protected) {
                    (true, false) => Risk::High,
                    (false, true) => Risk::None,
                    _ => Risk::Medium,
                };
                push(
                    ChangeKind::Transfer,
                    risk,
                    Effect::Changed,
                    node.clone(),
                    format!(
                        "the transfer to {} changes: {} (was: {})",
                        place_words(h, node),
                        a.text,
                        p.text
                    ),
                    Some(p.text.clone()),
                    Some(a.text.clone()),
                )
            }
            (Some(p), Some(a)) if p.location != a.location && !(was || is) => push(
                ChangeKind::Transfer,
                Risk::Low,
                Effect::Changed,
                node.clone(),
                format!(
                    "{} moves from {} to {}",
                    place_words(h, node),
                    p.location.as_deref().unwrap_or("an unstated place"),
                    a.location.as_deref().unwrap_or("an unstated place")
                ),
                p.location.clone(),
                a.location.clone(),
            ),
            _ => {}
        }
    }

    // 3. Data that needs care.
    let categories: BTreeSet<&String> = b.sensitive.keys().chain(h.sensitive.keys()).collect();
    for category in categories {
        let before = b
            .sensitive
            .get(category)
            .map(|s| s.words())
            .unwrap_or_default();
        let after = h
            .sensitive
            .get(category)
            .map(|s| s.words())
            .unwrap_or_default();
        let new: Vec<&String> = after.iter().filter(|w| !before.contains(w)).collect();
        let gone: Vec<&String> = before.iter().filter(|w| !after.contains(w)).collect();
        if !new.is_empty() {
            push(
                ChangeKind::SpecialData,
                Risk::High,
                Effect::Added,
                category.clone(),
                format!(
                    "`{category}` is newly processed as {}",
                    join(new.iter().map(|s| s.as_str()))
                ),
                None,
                Some(join(after.iter().map(String::as_str))),
            );
        }
        if !gone.is_empty() {
            push(
                ChangeKind::SpecialData,
                Risk::None,
                Effect::Removed,
                category.clone(),
                format!(
                    "`{category}` is no longer processed as {}",
                    join(gone.iter().map(|s| s.as_str()))
                ),
                Some(join(before.iter().map(String::as_str))),
                None,
            );
        }
    }

    // 4. Bases and consents.
    let purposes: BTreeSet<&String> = b.bases.keys().chain(h.bases.keys()).collect();
    for purpose in purposes {
        match (b.bases.get(purpose), h.bases.get(purpose)) {
            (None, Some(a)) => push(
                ChangeKind::Basis,
                Risk::Low,
                Effect::Added,
                purpose.clone(),
                format!("new purpose `{purpose}`, on {}", a.text),
                None,
                Some(a.text.clone()),
            ),
            (Some(p), None) => push(
                ChangeKind::Basis,
                Risk::None,
                Effect::Removed,
                purpose.clone(),
                format!("purpose `{purpose}` is removed"),
                Some(p.text.clone()),
                None,
            ),
            (Some(p), Some(a)) if p.text != a.text => push(
                ChangeKind::Basis,
                if p.is_consent() && !a.is_consent() {
                    Risk::High
                } else {
                    Risk::Medium
                },
                Effect::Changed,
                purpose.clone(),
                format!("`{purpose}` moves from {} to {}", p.text, a.text),
                Some(p.text.clone()),
                Some(a.text.clone()),
            ),
            _ => {}
        }
    }
    let consents: BTreeSet<&String> = b.consents.keys().chain(h.consents.keys()).collect();
    for consent in consents {
        let describe = |c: &facts::ConsentFact| {
            let mut parts = vec![format!("default {}", c.default.unwrap_or("not stated"))];
            parts.push(match &c.withdraw {
                Some(w) => format!("withdrawn by \"{w}\""),
                None => "no way to withdraw stated".to_owned(),
            });
            if c.explicit {
                parts.push("explicit".to_owned());
            }
            if let Some(p) = &c.parental {
                parts.push(format!("parental: \"{p}\""));
            }
            parts.join(", ")
        };
        match (b.consents.get(consent), h.consents.get(consent)) {
            (None, Some(a)) => push(
                ChangeKind::Consent,
                Risk::Low,
                Effect::Added,
                consent.clone(),
                format!("new consent `{consent}` ({})", describe(a)),
                None,
                Some(describe(a)),
            ),
            (Some(p), None) => push(
                ChangeKind::Consent,
                Risk::None,
                Effect::Removed,
                consent.clone(),
                format!("consent `{consent}` is removed"),
                Some(describe(p)),
                None,
            ),
            (Some(p), Some(a)) if p != a => {
                let risk = if (p.default != Some("granted") && a.default == Some("granted"))
                    || (p.withdraw.is_some() && a.withdraw.is_none())
                {
                    Risk::High
                } else if (p.explicit && !a.explicit)
                    || (p.parental.is_some() && a.parental.is_none())
                {
                    Risk::Medium
                } else {
                    Risk::Low
                };
                push(
                    ChangeKind::Consent,
                    risk,
                    Effect::Changed,
                    consent.clone(),
                    format!(
                        "consent `{consent}` changes: {} (was: {})",
                        describe(a),
                        describe(p)
                    ),
                    Some(describe(p)),
                    Some(describe(a)),
                )
            }
            _ => {}
        }
    }

    // 5. Retention, compared as the retention rules compare it.
    let kept: BTreeSet<&String> = b.retention.keys().chain(h.retention.keys()).collect();
    for purpose in kept {
        match (b.retention.get(purpose), h.retention.get(purpose)) {
            (Some(p), Some(a)) if p != a => {
                let (risk, verb) = match compare(a, p) {
                    Bound::Exceeds | Bound::Unbounded => (Risk::Medium, "raises"),
                    Bound::Within => (Risk::None, "lowers"),
                    Bound::Unordered => (Risk::Low, "changes"),
                };
                push(
                    ChangeKind::Retention,
                    risk,
                    Effect::Changed,
                    purpose.clone(),
                    format!(
                        "{verb} the retention for `{purpose}` from {} to {}",
                        p.short(),
                        a.short()
                    ),
                    Some(p.short()),
                    Some(a.short()),
                );
            }
            (None, Some(a)) if b.bases.contains_key(purpose) => push(
                ChangeKind::Retention,
                Risk::None,
                Effect::Added,
                purpose.clone(),
                format!("`{purpose}` now states its retention: {}", a.short()),
                None,
                Some(a.short()),
            ),
            (Some(p), None) if h.bases.contains_key(purpose) => push(
                ChangeKind::Retention,
                Risk::Medium,
                Effect::Removed,
                purpose.clone(),
                format!(
                    "`{purpose}` no longer states a retention (was {})",
                    p.short()
                ),
                Some(p.short()),
                None,
            ),
            _ => {}
        }
    }

    // 6. Processors and recipients.
    let parties: BTreeSet<&String> = b.parties.keys().chain(h.parties.keys()).collect();
    for party in parties {
        let agreement = if party.starts_with("processor:") {
            "DPA"
        } else {
            "contract"
        };
        match (b.parties.get(party), h.parties.get(party)) {
            (None, Some(a)) => push(
                ChangeKind::Party,
                if a.kind == "processor" {
                    Risk::Low
                } else {
                    Risk::Medium
                },
                Effect::Added,
                party.clone(),
                format!(
                    "new {} {}{}",
                    a.kind,
                    place_words(h, party),
                    if a.agreement.is_none() {
                        format!(", with no {agreement} stated")
                    } else {
                        String::new()
                    }
                ),
                None,
                a.agreement.clone(),
            ),
            (Some(p), None) => push(
                ChangeKind::Party,
                Risk::None,
                Effect::Removed,
                party.clone(),
                format!("{} {} is removed", p.kind, place_words(b, party)),
                p.agreement.clone(),
                None,
            ),
            (Some(p), Some(a)) => {
                if p.agreement.is_some() && a.agreement.is_none() {
                    push(
                        ChangeKind::Party,
                        Risk::High,
                        Effect::Removed,
                        format!("{party} {agreement}"),
                        format!("{} loses its {agreement}", place_words(h, party)),
                        p.agreement.clone(),
                        None,
                    );
                } else if p.agreement.is_none() && a.agreement.is_some() {
                    push(
                        ChangeKind::Party,
                        Risk::None,
                        Effect::Added,
                        format!("{party} {agreement}"),
                        format!("{} now has a {agreement}", place_words(h, party)),
                        None,
                        a.agreement.clone(),
                    );
                }
                for s in a
                    .subprocessors
                    .iter()
                    .filter(|s| !p.subprocessors.contains(s))
                {
                    push(
                        ChangeKind::Party,
                        Risk::Medium,
                        Effect::Added,
                        format!("{party} subprocessor {s}"),
                        format!(
                            "{} engages a new subprocessor, `{s}`",
                            place_words(h, party)
                        ),
                        None,
                        Some(s.clone()),
                    );
                }
                for s in p
                    .subprocessors
                    .iter()
                    .filter(|s| !a.subprocessors.contains(s))
                {
                    push(
                        ChangeKind::Party,
                        Risk::None,
                        Effect::Removed,
                        format!("{party} subprocessor {s}"),
                        format!("{} no longer engages `{s}`", place_words(h, party)),
                        Some(s.clone()),
                        None,
                    );
                }
            }
            (None, None) => {}
        }
    }

    // 8. The record of processing: the fields of each activity that change.
    let activities: BTreeSet<&String> = b.record.keys().chain(h.record.keys()).collect();
    for purpose in activities {
        match (b.record.get(purpose), h.record.get(purpose)) {
            (Some(p), Some(a)) if p != a => {
                let read = |text: &str| {
                    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
                        .unwrap_or_default()
                };
                let (po, ao) = (read(p), read(a));
                let fields: Vec<&str> = ao
                    .iter()
                    .filter(|(k, v)| po.get(*k) != Some(v))
                    .map(|(k, _)| k.as_str())
                    .collect();
                push(
                    ChangeKind::Record,
                    Risk::None,
                    Effect::Changed,
                    purpose.clone(),
                    format!(
                        "the record's activity `{purpose}` changes: {}",
                        fields.join(", ").replace('_', " ")
                    ),
                    None,
                    None,
                );
            }
            (None, Some(_)) => push(
                ChangeKind::Record,
                Risk::None,
                Effect::Added,
                purpose.clone(),
                format!("the record gains the activity `{purpose}`"),
                None,
                None,
            ),
            (Some(_), None) => push(
                ChangeKind::Record,
                Risk::None,
                Effect::Removed,
                purpose.clone(),
                format!("the record loses the activity `{purpose}`"),
                None,
                None,
            ),
            _ => {}
        }
    }
}

/// Findings by fingerprint; a finding whose fingerprint changed only because a name in
/// its message was renamed (`renamed`: old name to new) is the same finding.
fn compare_findings(
    base: &Findings,
    head: &Findings,
    renamed: &BTreeMap<String, String>,
    diff: &mut Diff,
) {
    let entry = |print: &String, f: &FindingFact| FindingChange {
        fingerprint: print.clone(),
        code: f.code.clone(),
        name: f.name.clone(),
        severity: f.severity.as_str(),
        message: f.message.clone(),
        file: f.file.clone(),
        line: f.line,
    };
    // The base's messages with the new names.
    let mut gone: Vec<(&String, &FindingFact, String)> = base
        .iter()
        .filter(|(k, _)| !head.contains_key(*k))
        .map(|(k, f)| (k, f, facts::rename_words(&f.message, renamed)))
        .collect();
    for (print, f) in head.iter().filter(|(k, _)| !base.contains_key(*k)) {
        if let Some(i) = gone
            .iter()
            .position(|(_, g, message)| g.code == f.code && *message == f.message)
        {
            gone.remove(i);
            continue;
        }
        diff.introduced.push(entry(print, f));
    }
    diff.fixed = gone.into_iter().map(|(p, f, _)| entry(p, f)).collect();
    let order = |a: &FindingChange| (a.file.clone(), a.line, a.code.clone(), a.message.clone());
    diff.introduced.sort_by_key(order);
    diff.fixed.sort_by_key(order);
}

fn join<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let words: Vec<&str> = words.collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
