//! `redline knowledge [TABLE]`: the built-in tables with their sources.

use crate::knowledge::{ConsentNeed, Knowledge, Limit, Provenance};

pub const TABLES: [(&str, &str); 9] = [
    (
        "categories",
        "data categories of the taxonomy, with flags and retention caps",
    ),
    ("subjects", "kinds of data subject"),
    (
        "purposes",
        "purposes of the taxonomy, with default basis, consent need and caps",
    ),
    ("countries", "ISO 3166-1 alpha-2 country codes"),
    ("eea", "EEA membership, with dates"),
    (
        "adequacy",
        "adequacy decisions (GDPR Art. 45), with scope and dates",
    ),
    ("safeguards", "transfer safeguards (GDPR Art. 45-49)"),
    ("retention", "retention guidance: caps and legal minima"),
    ("law", "legal bases (Art. 6(1)) and Art. 9(2) conditions"),
];

fn source(p: &Provenance) -> String {
    format!("[{}; as of {}]", p.source, p.as_of)
}

fn dates(from: Option<impl std::fmt::Display>, ends: Option<impl std::fmt::Display>) -> String {
    match (from, ends) {
        (Some(f), Some(e)) => format!("{f} to {e}"),
        (Some(f), None) => format!("since {f}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => String::new(),
    }
}

pub fn render(k: &Knowledge, table: Option<&str>) -> Result<String, String> {
    let Some(table) = table else {
        let mut out = String::from("Built-in tables (redline knowledge TABLE prints one):\n");
        for (name, what) in TABLES {
            out.push_str(&format!("  {name:<12} {what}\n"));
        }
        return Ok(out);
    };
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    match table {
        "categories" => {
            for c in k.categories.values() {
                let flags: Vec<&str> = [
                    (c.personal, "personal"),
                    (c.special, "special"),
                    (c.criminal, "criminal"),
                    (c.ccpa_sensitive, "ccpa-sensitive"),
                ]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, f)| *f)
                .collect();
                let cap = c
                    .cap
                    .as_deref()
                    .map(|id| format!(" cap: {id}"))
                    .unwrap_or_default();
                line(format!(
                    "{:<32} {:<40} {}{cap} {}",
                    c.id,
                    flags.join(","),
                    c.description,
                    source(&c.provenance)
                ));
            }
        }
        "subjects" => {
            for s in k.subjects.values() {
                let cap = s
                    .cap
                    .as_deref()
                    .map(|id| format!(" cap: {id}"))
                    .unwrap_or_default();
                line(format!(
                    "{:<16} {}{cap} {}",
                    s.kind,
                    s.description,
                    source(&s.provenance)
                ));
            }
        }
        "purposes" => {
            for p in k.purposes.values() {
                let consent = match p.consent {
                    ConsentNeed::No => "no consent needed",
                    ConsentNeed::Yes => "needs consent",
                    ConsentNeed::ExplicitUnlessContractOrLaw => {
                        "explicit consent unless contract or law"
                    }
                };
                let cap = p
                    .cap
                    .as_deref()
                    .map(|id| format!(", cap: {id}"))
                    .unwrap_or_default();
                line(format!(
                    "{:<32} default {}, {consent}{cap} {}",
                    p.id,
                    p.default_basis.map_or("none", |b| b.id()),
                    source(&p.provenance)
                ));
            }
        }
        "countries" => {
            for c in k.countries.values() {
                line(format!("{} {} {}", c.code, c.name, source(&c.provenance)));
            }
        }
        "eea" => {
            for m in &k.eea {
                line(format!(
                    "{} {} {}",
                    m.code,
                    dates(Some(m.from), m.ends),
                    source(&m.provenance)
                ));
            }
        }
        "adequacy" => {
            for a in &k.adequacy {
                let note = a
                    .note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                line(format!(
                    "{} {}, scope {}, {}{note} {}",
                    a.code,
                    a.decision,
                    a.scope.as_str(),
                    dates(Some(a.from), a.ends),
                    source(&a.provenance)
                ));
            }
        }
        "safeguards" => {
            for s in &k.safeguards {
                let note = s
                    .note
                    .as_deref()
                    .map(|n| format!(" ({n})"))
                    .unwrap_or_default();
                let when = dates(s.from, s.ends);
                line(format!(
                    "{:<16} {}: {}{} {note} {}",
                    s.kind.id(),
                    s.name,
                    s.article,
                    if when.is_empty() {
                        String::new()
                    } else {
                        format!(", {when}")
                    },
                    source(&s.provenance)
                ));
            }
        }
        "retention" => {
            for g in &k.retention {
                let limit = match g.limit {
                    Limit::Max(d) => format!("at most {d}"),
                    Limit::Min(d) => format!("at least {d}"),
                };
                line(format!(
                    "{:<32} {limit} after {}: {} {}",
                    g.id,
                    g.after,
                    g.applies_to,
                    source(&g.provenance)
                ));
            }
        }
        "law" => {
            for b in &k.bases {
                line(format!("basis {:<22} {} ({})", b.id, b.name, b.article));
            }
            for c in &k.conditions {
                let aliases = if c.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" [also: {}]", c.aliases.join(", "))
                };
                line(format!(
                    "condition {:<18} {} ({}){aliases}",
                    c.id, c.name, c.article
                ));
            }
        }
        other => {
            let names = TABLES.iter().map(|(n, _)| *n);
            let help = crate::suggest::did_you_mean(other, names)
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
            return Err(format!("unknown table `{other}`{help}"));
        }
    }
    Ok(out)
}
