//! `assessment.yaml`: what the security, impact-assessment, rights and anonymisation rules
//! rest on (GDPR Art. 12(3), 32, 35; Recital 26; WP248; the CNIL's Art. 35(4) list).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::tables::{Provenance, Table, read};
use super::{CategoryKind, PurposeKind, SubjectKind};
use crate::values::{CountryCode, Date, Duration};

#[derive(Clone, Debug)]
pub struct Assessment {
    /// The time limit of Art. 12(3) for answering a request.
    pub response_within: Duration,
    pub response_provenance: Provenance,
    /// Purposes that are direct marketing (Art. 21(2)).
    pub direct_marketing: Vec<String>,
    pub direct_marketing_provenance: Provenance,
    /// Data whose storage and disclosure call for encryption.
    pub encryption: Vec<PatternEntry>,
    /// Ids that identify a person on their own.
    pub direct_identifiers: Vec<String>,
    pub identifiers_provenance: Provenance,
    pub dpia: Dpia,
}

#[derive(Clone, Debug)]
pub struct PatternEntry {
    pub pattern: String,
    pub provenance: Provenance,
}

#[derive(Clone, Debug)]
pub struct Dpia {
    /// WP248: this many criteria make a DPIA required in most cases.
    pub threshold: usize,
    pub threshold_provenance: Provenance,
    /// GDPR Art. 35(3).
    pub cases: Vec<DpiaEntry>,
    /// WP248's nine criteria.
    pub criteria: Vec<DpiaEntry>,
    /// Supervisory authorities' Art. 35(4) lists.
    pub lists: Vec<DpiaEntry>,
}

/// A case, criterion or list item, and when a purpose meets it.
#[derive(Clone, Debug)]
pub struct DpiaEntry {
    pub id: String,
    pub name: String,
    /// Alternatives: the entry holds when one of them does.
    pub when: Vec<DpiaCondition>,
    /// For a national list: the country whose authority adopted it.
    pub country: Option<CountryCode>,
    /// The first day it applies.
    pub from: Option<Date>,
    /// `false` for an item a policy cannot show (listed, never matched).
    pub decidable: bool,
    pub provenance: Provenance,
}

/// One alternative: every key given must hold.
#[derive(Clone, Debug, Default)]
pub struct DpiaCondition {
    pub purposes: Vec<String>,
    pub categories: Vec<String>,
    pub subjects: Vec<SubjectKind>,
    pub large_scale: bool,
    pub automated_decisions: bool,
    pub new_technology: bool,
    pub external_source: bool,
    pub combined: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssessmentYaml {
    rights: RightsYaml,
    encryption: Vec<PatternYaml>,
    direct_identifiers: IdentifiersYaml,
    dpia: DpiaYaml,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RightsYaml {
    response_within: String,
    source: String,
    direct_marketing: Vec<String>,
    direct_marketing_source: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternYaml {
    pattern: String,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdentifiersYaml {
    ids: Vec<String>,
    source: String,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DpiaYaml {
    threshold: usize,
    threshold_source: String,
    threshold_confidence: Option<String>,
    cases: Vec<EntryYaml>,
    criteria: Vec<EntryYaml>,
    lists: Vec<EntryYaml>,
    lists_source: String,
    lists_confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryYaml {
    id: String,
    name: String,
    #[serde(default)]
    when: Vec<ConditionYaml>,
    country: Option<String>,
    from: Option<String>,
    #[serde(default = "yes")]
    decidable: bool,
    source: Option<String>,
    confidence: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionYaml {
    #[serde(default)]
    purposes: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
    #[serde(default)]
    subjects: Vec<String>,
    scale: Option<String>,
    #[serde(default)]
    automated_decisions: bool,
    #[serde(default)]
    new_technology: bool,
    #[serde(default)]
    external_source: bool,
    #[serde(default)]
    combined: bool,
}

pub(super) fn load(
    files: super::tables::Files<'_>,
    countries: &BTreeMap<CountryCode, super::Country>,
    categories: &BTreeMap<String, CategoryKind>,
    purposes: &BTreeMap<String, PurposeKind>,
) -> Result<Assessment, String> {
    let yaml = read::<AssessmentYaml>(files, "assessment.yaml")?;
    let t = Table::new("assessment.yaml", &yaml)?;
    let body = yaml.body;
    let fail = |what: String| format!("assessment.yaml: {what}");
    // A pattern that matches no id of the taxonomy is a typo that would silently never fire.
    let check = |pattern: &str, ids: &mut dyn Iterator<Item = &String>| -> Result<(), String> {
        let p = crate::model::TaxonomyPattern::parse(pattern);
        let mut ids = ids;
        if Iterator::any(&mut ids, |id| p.matches(id)) {
            Ok(())
        } else {
            Err(fail(format!("`{pattern}` matches no taxonomy id")))
        }
    };
    let mut encryption = Vec::new();
    for e in body.encryption {
        check(&e.pattern, &mut categories.keys())?;
        encryption.push(PatternEntry {
            provenance: t.provenance(e.source.as_ref(), e.confidence.as_ref())?,
            pattern: e.pattern,
        });
    }
    for id in &body.direct_identifiers.ids {
        if !categories.contains_key(id) {
            return Err(fail(format!("direct identifier `{id}` is no category id")));
        }
    }
    let entries = |list: Vec<EntryYaml>,
                   source: Option<&String>,
                   confidence: Option<&String>|
     -> Result<Vec<DpiaEntry>, String> {
        let mut out = Vec::new();
        for e in list {
            let mut when = Vec::new();
            for c in e.when {
                for p in &c.purposes {
                    check(p, &mut purposes.keys())?;
                }
                for p in &c.categories {
                    check(p, &mut categories.keys())?;
                }
                let mut subjects = Vec::new();
                for s in &c.subjects {
                    subjects.push(
                        SubjectKind::parse(s)
                            .ok_or_else(|| fail(format!("unknown subject kind `{s}`")))?,
                    );
                }
                let large_scale = match c.scale.as_deref() {
                    None => false,
                    Some("large") => true,
                    Some(other) => return Err(fail(format!("unknown scale `{other}`"))),
                };
                when.push(DpiaCondition {
                    purposes: c.purposes,
                    categories: c.categories,
                    subjects,
                    large_scale,
                    automated_decisions: c.automated_decisions,
                    new_technology: c.new_technology,
                    external_source: c.external_source,
                    combined: c.combined,
                });
            }
            if e.decidable == when.is_empty() {
                return Err(fail(format!(
                    "`{}` needs `when` alternatives, or `decidable: false` and none",
                    e.id
                )));
            }
            out.push(DpiaEntry {
                country: e
                    .country
                    .as_deref()
                    .map(|c| t.code(c, countries))
                    .transpose()?,
                from: e.from.as_deref().map(|d| t.date(d)).transpose()?,
                provenance: t.provenance(
                    e.source.as_ref().or(source),
                    e.confidence.as_ref().or(confidence),
                )?,
                id: e.id,
                name: e.name,
                when,
                decidable: e.decidable,
            });
        }
        Ok(out)
    };
    let dpia = Dpia {
        threshold: body.dpia.threshold,
        threshold_provenance: t.provenance(
            Some(&body.dpia.threshold_source),
            body.dpia.threshold_confidence.as_ref(),
        )?,
        cases: entries(body.dpia.cases, None, None)?,
        criteria: entries(body.dpia.criteria, None, None)?,
        lists: entries(
            body.dpia.lists,
            Some(&body.dpia.lists_source),
            body.dpia.lists_confidence.as_ref(),
        )?,
    };
    for p in &body.rights.direct_marketing {
        check(p, &mut purposes.keys())?;
    }
    Ok(Assessment {
        response_within: t.duration(&body.rights.response_within)?,
        response_provenance: t.provenance(Some(&body.rights.source), None)?,
        direct_marketing_provenance: t
            .provenance(Some(&body.rights.direct_marketing_source), None)?,
        direct_marketing: body.rights.direct_marketing,
        encryption,
        identifiers_provenance: t.provenance(
            Some(&body.direct_identifiers.source),
            body.direct_identifiers.confidence.as_ref(),
        )?,
        direct_identifiers: body.direct_identifiers.ids,
        dpia,
    })
}
