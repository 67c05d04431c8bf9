//! `redline knowledge [TABLE]`: the built-in tables with their sources and confidence, for
//! people (`human`), tools (`json`) and the reference page docs/knowledge.md (`markdown`),
//! all from the same rows.

use serde_json::{Map, Value};

use crate::knowledge::{ConditionCovers, ConsentNeed, Knowledge, Limit, Provenance};

pub const TABLES: [(&str, &str); 14] = [
    (
        "categories",
        "data categories of the taxonomy, with flags and retention caps",
    ),
    ("subjects", "kinds of data subject"),
    (
        "purposes",
        "purposes of the taxonomy, with default basis, consent need, caps and legal minimums",
    ),
    ("kinds", "kinds of systems and recipients"),
    ("countries", "ISO 3166-1 alpha-2 country codes"),
    ("eea", "EEA membership, with dates"),
    (
        "adequacy",
        "adequacy decisions (GDPR Art. 45), with scope and dates",
    ),
    ("safeguards", "transfer safeguards (GDPR Art. 45-49)"),
    (
        "safeguard-limits",
        "recipients a transfer safeguard cannot serve",
    ),
    ("retention", "retention guidance: caps and legal minimums"),
    (
        "law",
        "legal bases (Art. 6(1)) and the conditions of Art. 9(2) and Art. 10",
    ),
    (
        "dpia",
        "when an impact assessment is needed: Art. 35(3), the WP248 criteria, national lists",
    ),
    (
        "security-rights",
        "data to encrypt, direct identifiers, the time to answer a request, direct marketing",
    ),
    (
        "us-laws",
        "US state consumer privacy laws: where, from when, opt-outs, sensitive data, minors",
    ),
];

/// A `when` alternative in words: `purposes profiling.*; scale large`.
fn describe_when(c: &crate::knowledge::DpiaCondition) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !c.purposes.is_empty() {
        parts.push(format!("purpose {}", c.purposes.join(" or ")));
    }
    if !c.categories.is_empty() {
        parts.push(format!("carries {}", c.categories.join(" or ")));
    }
    if !c.subjects.is_empty() {
        let kinds: Vec<&str> = c.subjects.iter().map(|k| k.id()).collect();
        parts.push(format!("data of {}", kinds.join(" or ")));
    }
    for (flag, text) in [
        (c.large_scale, "scale large"),
        (c.automated_decisions, "automated_decisions"),
        (c.new_technology, "new_technology"),
        (c.external_source, "data from another controller"),
        (
            c.combined,
            "reuses data held for two or more other purposes",
        ),
    ] {
        if flag {
            parts.push(text.to_owned());
        }
    }
    parts.join(", ")
}

/// One table as rows of named cells.
#[derive(Debug)]
pub struct KnowledgeTable {
    pub name: &'static str,
    pub title: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// The columns every sourced row ends with.
const CITED: [&str; 3] = ["source", "as_of", "confidence"];

fn cited(p: &Provenance) -> [String; 3] {
    [
        p.source.clone(),
        p.as_of.to_string(),
        p.confidence.id().to_owned(),
    ]
}

fn opt(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn row(cells: impl IntoIterator<Item = String>, p: &Provenance) -> Vec<String> {
    cells.into_iter().chain(cited(p)).collect()
}

fn columns(own: &[&'static str]) -> Vec<&'static str> {
    own.iter().copied().chain(CITED).collect()
}

/// The rows of a table, or why there is no such table.
pub fn table(k: &Knowledge, name: &str) -> Result<KnowledgeTable, String> {
    let Some(&(name, title)) = TABLES.iter().find(|(n, _)| *n == name) else {
        let names = TABLES.iter().map(|(n, _)| *n);
        let help = crate::suggest::did_you_mean(name, names)
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        return Err(format!("unknown table `{name}`{help}"));
    };
    let (columns, rows) = match name {
        "categories" => (
            columns(&["id", "description", "flags", "cap", "fides"]),
            k.categories
                .values()
                .map(|c| {
                    let flags: Vec<&str> = [
                        (c.personal, "personal"),
                        (c.special, "special"),
                        (c.criminal, "criminal"),
                        (c.ccpa_sensitive, "ccpa_sensitive"),
                    ]
                    .iter()
                    .filter(|(on, _)| *on)
                    .map(|(_, f)| *f)
                    .collect();
                    row(
                        [
                            c.id.clone(),
                            c.description.clone(),
                            flags.join(", "),
                            opt(c.cap.as_deref()),
                            opt(c.fides.as_deref()),
                        ],
                        &c.provenance,
                    )
                })
                .collect(),
        ),
        "subjects" => (
            columns(&["id", "description", "cap"]),
            k.subjects
                .values()
                .map(|s| {
                    row(
                        [
                            s.kind.to_string(),
                            s.description.clone(),
                            opt(s.cap.as_deref()),
                        ],
                        &s.provenance,
                    )
                })
                .collect(),
        ),
        "purposes" => (
            columns(&[
                "id",
                "description",
                "default_basis",
                "consent",
                "cap",
                "minimums",
                "fides",
            ]),
            k.purposes
                .values()
                .map(|p| {
                    let consent = match p.consent {
                        ConsentNeed::No => "no",
                        ConsentNeed::Yes => "yes",
                        ConsentNeed::ExplicitUnlessContractOrLaw => {
                            "explicit unless contract or law"
                        }
                    };
                    row(
                        [
                            p.id.clone(),
                            p.description.clone(),
                            opt(p.default_basis),
                            consent.to_owned(),
                            opt(p.cap.as_deref()),
                            p.minimums.join(", "),
                            opt(p.fides.as_deref()),
                        ],
                        &p.provenance,
                    )
                })
                .collect(),
        ),
        "kinds" => {
            let systems = k.system_kinds.iter().map(|e| {
                row(
                    [
                        "system".to_owned(),
                        e.kind.to_string(),
                        e.description.clone(),
                    ],
                    &e.provenance,
                )
            });
            let recipients = k.recipient_kinds.iter().map(|e| {
                row(
                    [
                        "recipient".to_owned(),
                        e.kind.to_string(),
                        e.description.clone(),
                    ],
                    &e.provenance,
                )
            });
            let subjects = k.subjects.values().map(|s| {
                row(
                    [
                        "subject".to_owned(),
                        s.kind.to_string(),
                        s.description.clone(),
                    ],
                    &s.provenance,
                )
            });
            (
                columns(&["keyword", "id", "description"]),
                systems.chain(recipients).chain(subjects).collect(),
            )
        }
        "countries" => (
            columns(&["code", "name"]),
            k.countries
                .values()
                .map(|c| row([c.code.to_string(), c.name.clone()], &c.provenance))
                .collect(),
        ),
        "eea" => (
            columns(&["code", "from", "ends"]),
            k.eea
                .iter()
                .map(|m| {
                    row(
                        [m.code.to_string(), m.from.to_string(), opt(m.ends)],
                        &m.provenance,
                    )
                })
                .collect(),
        ),
        "adequacy" => (
            columns(&["code", "decision", "scope", "from", "ends", "note"]),
            k.adequacy
                .iter()
                .map(|a| {
                    row(
                        [
                            a.code.to_string(),
                            a.decision.clone(),
                            a.scope.as_str().to_owned(),
                            a.from.to_string(),
                            opt(a.ends),
                            opt(a.note.as_deref()),
                        ],
                        &a.provenance,
                    )
                })
                .collect(),
        ),
        "safeguards" => (
            columns(&["id", "name", "article", "from", "ends", "countries", "note"]),
            k.safeguards
                .iter()
                .map(|s| {
                    let countries: Vec<String> =
                        s.countries.iter().map(|c| c.to_string()).collect();
                    row(
                        [
                            s.kind.id().to_owned(),
                            s.name.clone(),
                            s.article.clone(),
                            opt(s.from),
                            opt(s.ends),
                            countries.join(", "),
                            opt(s.note.as_deref()),
                        ],
                        &s.provenance,
                    )
                })
                .collect(),
        ),
        "safeguard-limits" => (
            columns(&["safeguard", "only_for", "not_for"]),
            k.limits
                .iter()
                .map(|l| {
                    let ids = |kinds: &[crate::knowledge::RecipientKind]| {
                        kinds.iter().map(|k| k.id()).collect::<Vec<_>>().join(", ")
                    };
                    row(
                        [
                            l.safeguard.id().to_owned(),
                            ids(&l.only_for),
                            ids(&l.not_for),
                        ],
                        &l.provenance,
                    )
                })
                .collect(),
        ),
        "retention" => (
            columns(&["id", "limit", "after", "applies_to", "applies_in"]),
            k.retention
                .iter()
                .map(|g| {
                    let limit = match g.limit {
                        Limit::Max(d) => format!("at most {d}"),
                        Limit::Min(d) => format!("at least {d}"),
                    };
                    let places: Vec<String> = g.applies_in.iter().map(|c| c.to_string()).collect();
                    row(
                        [
                            g.id.clone(),
                            limit,
                            g.after.to_string(),
                            g.applies_to.clone(),
                            places.join(", "),
                        ],
                        &g.provenance,
                    )
                })
                .collect(),
        ),
        "dpia" => {
            let d = &k.assessment.dpia;
            let entries = d
                .cases
                .iter()
                .map(|e| ("Art. 35(3)", e))
                .chain(d.criteria.iter().map(|e| ("WP248 criterion", e)))
                .chain(d.lists.iter().map(|e| ("national list", e)));
            let mut rows: Vec<Vec<String>> = entries
                .map(|(kind, e)| {
                    let when = if e.decidable {
                        e.when
                            .iter()
                            .map(describe_when)
                            .collect::<Vec<_>>()
                            .join(" | ")
                    } else {
                        "not decidable from a policy".to_owned()
                    };
                    row(
                        [
                            kind.to_owned(),
                            e.id.clone(),
                            e.name.clone(),
                            when,
                            opt(e.country),
                            opt(e.from),
                        ],
                        &e.provenance,
                    )
                })
                .collect();
            rows.push(row(
                [
                    "threshold".to_owned(),
                    d.threshold.to_string(),
                    "WP248 criteria that make a DPIA required in most cases".to_owned(),
                    String::new(),
                    String::new(),
                    String::new(),
                ],
                &d.threshold_provenance,
            ));
            (
                columns(&["kind", "id", "name", "when", "country", "from"]),
                rows,
            )
        }
        "us-laws" => {
            let rows =
                k.us.laws
                    .iter()
                    .map(|l| {
                        let opt_outs: Vec<&str> = l.opt_outs.value.iter().map(|c| c.id()).collect();
                        let sensitive = match l.sensitive.value {
                            crate::knowledge::SensitiveModel::Limit => "right to limit",
                            crate::knowledge::SensitiveModel::OptIn => "opt-in consent",
                            crate::knowledge::SensitiveModel::OptOut => "notice and opt-out",
                            crate::knowledge::SensitiveModel::Strict => {
                                "strictly necessary, never sold"
                            }
                        };
                        row(
                            [
                                l.id.clone(),
                                l.state.to_string(),
                                l.name.clone(),
                                l.statute.clone(),
                                l.from.to_string(),
                                opt_outs.join(", "),
                                sensitive.to_owned(),
                                opt(l.signals_from.as_ref().map(|f| f.value)),
                                l.response_days.value.to_string(),
                                opt(l.teen_opt_in_under.as_ref().map(|t| t.value.0)),
                            ],
                            &l.provenance,
                        )
                    })
                    .collect();
            (
                columns(&[
                    "id",
                    "state",
                    "name",
                    "statute",
                    "from",
                    "opt_outs",
                    "sensitive",
                    "signals_from",
                    "response_days",
                    "opt_in_under",
                ]),
                rows,
            )
        }
        "security-rights" => {
            let a = &k.assessment;
            let mut rows: Vec<Vec<String>> = a
                .encryption
                .iter()
                .map(|e| row(["encrypt".to_owned(), e.pattern.clone()], &e.provenance))
                .collect();
            rows.push(row(
                [
                    "direct identifiers".to_owned(),
                    a.direct_identifiers.join(", "),
                ],
                &a.identifiers_provenance,
            ));
            rows.push(row(
                [
                    "answer requests within".to_owned(),
                    a.response_within.to_string(),
                ],
                &a.response_provenance,
            ));
            rows.push(row(
                ["direct marketing".to_owned(), a.direct_marketing.join(", ")],
                &a.direct_marketing_provenance,
            ));
            (columns(&["what", "value"]), rows)
        }
        _ => {
            // "law": the GDPR's own articles are the source of each row.
            let bases = k.bases.iter().map(|b| {
                vec![
                    "basis".to_owned(),
                    b.id.clone(),
                    b.name.clone(),
                    b.article.clone(),
                    String::new(),
                ]
            });
            let conditions = k.conditions.iter().map(|c| {
                let covers = match c.covers {
                    ConditionCovers::SpecialCategories => "special categories",
                    ConditionCovers::CriminalData => "criminal-offence data",
                };
                let mut name = c.name.clone();
                if !c.aliases.is_empty() {
                    name.push_str(&format!(" (also: {})", c.aliases.join(", ")));
                }
                vec![
                    "condition".to_owned(),
                    c.id.clone(),
                    name,
                    format!("GDPR {}", c.article),
                    covers.to_owned(),
                ]
            });
            (
                vec!["kind", "id", "name", "source", "covers"],
                bases.chain(conditions).collect(),
            )
        }
    };
    Ok(KnowledgeTable {
        name,
        title,
        columns,
        rows,
    })
}

/// The list of tables.
pub fn index() -> String {
    let mut out = String::from("Built-in tables (redline knowledge TABLE prints one):\n");
    for (name, what) in TABLES {
        out.push_str(&format!("  {name:<17} {what}\n"));
    }
    out
}

/// For a terminal: one row a line, the first cell padded, the source in brackets.
pub fn human(t: &KnowledgeTable) -> String {
    let width = t
        .rows
        .iter()
        .map(|r| r[0].chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let source = t.columns.iter().position(|c| *c == "source");
    for r in &t.rows {
        let mut line = format!("{:<width$}", r[0]);
        for (i, cell) in r.iter().enumerate().skip(1) {
            if cell.is_empty() || Some(i) == source || i > source.unwrap_or(usize::MAX) {
                continue;
            }
            line.push_str(&format!("  {}: {cell}", t.columns[i]));
        }
        if let Some(s) = source {
            let tail: Vec<&str> = r[s..].iter().map(String::as_str).collect();
            line.push_str(&format!("  [{}]", tail.join("; ")));
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// For tools: `{"table": …, "rows": [{column: value}]}`.
pub fn json(t: &KnowledgeTable) -> String {
    let rows: Vec<Value> = t
        .rows
        .iter()
        .map(|r| {
            let object: Map<String, Value> = t
                .columns
                .iter()
                .zip(r)
                .map(|(c, v)| ((*c).to_owned(), Value::String(v.clone())))
                .collect();
            Value::Object(object)
        })
        .collect();
    let mut document = Map::new();
    document.insert("table".to_owned(), Value::String(t.name.to_owned()));
    document.insert("rows".to_owned(), Value::Array(rows));
    let mut text = serde_json::to_string_pretty(&Value::Object(document))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// A Markdown table.
pub fn markdown(t: &KnowledgeTable) -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut out = format!("| {} |\n", t.columns.join(" | "));
    out.push_str(&format!("|{}\n", " --- |".repeat(t.columns.len())));
    for r in &t.rows {
        let cells: Vec<String> = r.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

/// docs/knowledge.md: every table, generated from the data (a test keeps it current).
pub fn reference(k: &Knowledge) -> String {
    let mut out = String::from(
        "# Built-in knowledge\n\n\
         Generated from `knowledge/*.yaml` by `redline knowledge TABLE --format markdown`; a\n\
         test fails when this page is stale. Every entry cites the law, the decision or the\n\
         guidance it rests on, with the date it was checked. `confidence: unconfirmed` marks a\n\
         figure whose primary text could not be read when it was checked: a cap, minimum or\n\
         default that is unconfirmed only ever gives a warning, and its message says so. An\n\
         entry with `applies_in` binds only controllers established in those countries.\n",
    );
    for (name, _) in TABLES {
        if let Ok(t) = table(k, name) {
            out.push_str(&format!(
                "\n## {}\n\n`redline knowledge {}`\n\n",
                capitalise(t.title),
                t.name
            ));
            out.push_str(&markdown(&t));
        }
    }
    out
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
