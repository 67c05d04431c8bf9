//! `us_states.yaml`: the US state consumer privacy laws of the opt-out model, and the
//! ISO 3166-2 subdivisions of the United States.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Choice;
use super::tables::{Provenance, Table, read};
use crate::values::{Date, Subdivision};

#[derive(Clone, Debug)]
pub struct UsLaws {
    pub subdivisions: BTreeMap<Subdivision, String>,
    pub laws: Vec<UsLaw>,
    /// Purposes for which sensitive personal information may be used without offering a
    /// right to limit (11 CCR §7027(m)), as taxonomy patterns.
    pub sensitive_permitted: Vec<String>,
    pub sensitive_permitted_provenance: Provenance,
    /// Categories of personal information of the notice at collection, by pattern.
    pub notice_categories: Vec<(String, String)>,
    pub notice_provenance: Provenance,
}

/// How a law treats processing of sensitive data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SensitiveModel {
    /// A right to limit its use (California).
    Limit,
    /// Consent before processing.
    OptIn,
    /// Notice and a right to opt out.
    OptOut,
    /// Only where strictly necessary, and never sold (Maryland).
    Strict,
}

/// A dated, sourced fact of one law.
#[derive(Clone, Debug)]
pub struct Fact<T> {
    pub value: T,
    pub provenance: Provenance,
}

#[derive(Clone, Debug)]
pub struct UsLaw {
    pub id: String,
    pub name: String,
    pub state: Subdivision,
    pub statute: String,
    pub from: Date,
    pub provenance: Provenance,
    pub sensitive: Fact<SensitiveModel>,
    /// From when an opt-out preference signal must be honoured.
    pub signals_from: Option<Fact<Date>>,
    pub response_days: Fact<u32>,
    /// Below this age, sale, sharing and targeted advertising need opt-in consent; with
    /// the first day that applies.
    pub teen_opt_in_under: Option<Fact<(u8, Option<Date>)>>,
    /// The notice states a retention period, or its criteria, per category.
    pub retention_per_category: Option<Provenance>,
    /// What a consumer may opt out of under it (California: sale and sharing; the
    /// Virginia model: sale, targeted advertising and profiling).
    pub opt_outs: Fact<Vec<Choice>>,
}

impl UsLaw {
    pub fn in_force(&self, on: Date) -> bool {
        self.from <= on
    }

    pub fn signals_required(&self, on: Date) -> Option<&Fact<Date>> {
        self.signals_from.as_ref().filter(|f| f.value <= on)
    }

    pub fn teen_rule(&self, on: Date) -> Option<(u8, &Provenance)> {
        let fact = self.teen_opt_in_under.as_ref()?;
        let (age, from) = fact.value;
        from.is_none_or(|f| f <= on)
            .then_some((age, &fact.provenance))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct UsYaml {
    subdivisions: Vec<SubdivisionYaml>,
    laws: Vec<LawYaml>,
    sensitive_permitted_purposes: Vec<String>,
    sensitive_permitted_source: String,
    sensitive_permitted_confidence: Option<String>,
    notice_categories: Vec<NoticeYaml>,
    notice_source: String,
    notice_confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubdivisionYaml {
    code: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoticeYaml {
    pattern: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LawYaml {
    id: String,
    name: String,
    state: String,
    statute: String,
    from: String,
    source: String,
    confidence: Option<String>,
    sensitive: String,
    sensitive_source: Option<String>,
    sensitive_confidence: Option<String>,
    signals_from: Option<String>,
    signals_source: Option<String>,
    signals_confidence: Option<String>,
    response_days: u32,
    response_source: Option<String>,
    response_confidence: Option<String>,
    teen_opt_in_under: Option<u8>,
    teen_source: Option<String>,
    teen_confidence: Option<String>,
    teen_from: Option<String>,
    opt_outs: Option<Vec<String>>,
    opt_outs_source: Option<String>,
    opt_outs_confidence: Option<String>,
    #[serde(default)]
    retention_per_category: bool,
    retention_source: Option<String>,
    retention_confidence: Option<String>,
}

pub(super) fn load(
    files: super::tables::Files<'_>,
    categories: &BTreeMap<String, super::CategoryKind>,
    purposes: &BTreeMap<String, super::PurposeKind>,
) -> Result<UsLaws, String> {
    let yaml = read::<UsYaml>(files, "us_states.yaml")?;
    let t = Table::new("us_states.yaml", &yaml)?;
    let body = yaml.body;
    let fail = |what: String| format!("us_states.yaml: {what}");
    let mut subdivisions = BTreeMap::new();
    for s in body.subdivisions {
        let code = Subdivision::from_text(&s.code)
            .ok_or_else(|| fail(format!("`{}` is not a subdivision code", s.code)))?;
        if subdivisions.insert(code, s.name).is_some() {
            return Err(fail(format!("`{}` twice", s.code)));
        }
    }
    let mut laws = Vec::new();
    for l in body.laws {
        let state = Subdivision::from_text(&l.state)
            .filter(|s| subdivisions.contains_key(s))
            .ok_or_else(|| fail(format!("`{}`: unknown state `{}`", l.id, l.state)))?;
        let provenance = t.provenance(Some(&l.source), l.confidence.as_ref())?;
        // A field's own source, else the row's; its own confidence, else the row's.
        let field = |source: &Option<String>, confidence: &Option<String>| {
            let confidence = confidence.as_ref().or(l.confidence.as_ref());
            t.provenance(Some(source.as_ref().unwrap_or(&l.source)), confidence)
        };
        let sensitive = match l.sensitive.as_str() {
            "limit" => SensitiveModel::Limit,
            "opt_in" => SensitiveModel::OptIn,
            "opt_out" => SensitiveModel::OptOut,
            "strict" => SensitiveModel::Strict,
            other => {
                return Err(fail(format!(
                    "`{}`: unknown sensitive model `{other}`",
                    l.id
                )));
            }
        };
        let signals_from = match &l.signals_from {
            Some(d) => Some(Fact {
                value: t.date(d)?,
                provenance: field(&l.signals_source, &l.signals_confidence)?,
            }),
            None => None,
        };
        let teen_opt_in_under = match l.teen_opt_in_under {
            Some(age) => Some(Fact {
                value: (age, l.teen_from.as_deref().map(|d| t.date(d)).transpose()?),
                provenance: field(&l.teen_source, &l.teen_confidence)?,
            }),
            None => None,
        };
        let retention_per_category = if l.retention_per_category {
            Some(field(&l.retention_source, &l.retention_confidence)?)
        } else {
            None
        };
        // The Virginia model unless the row says otherwise.
        let listed = l.opt_outs.clone().unwrap_or_else(|| {
            ["sale", "targeted_advertising", "profiling"]
                .map(str::to_owned)
                .to_vec()
        });
        let mut choices = Vec::new();
        for c in &listed {
            choices.push(
                Choice::parse(c)
                    .ok_or_else(|| fail(format!("`{}`: unknown opt-out `{c}`", l.id)))?,
            );
        }
        let opt_outs = Fact {
            value: choices,
            provenance: field(&l.opt_outs_source, &l.opt_outs_confidence)?,
        };
        laws.push(UsLaw {
            opt_outs,
            retention_per_category,
            from: t.date(&l.from)?,
            sensitive: Fact {
                value: sensitive,
                provenance: field(&l.sensitive_source, &l.sensitive_confidence)?,
            },
            signals_from,
            response_days: Fact {
                value: l.response_days,
                provenance: field(&l.response_source, &l.response_confidence)?,
            },
            teen_opt_in_under,
            provenance,
            id: l.id,
            name: l.name,
            state,
            statute: l.statute,
        });
    }
    let matches_some = |pattern: &str, ids: &mut dyn Iterator<Item = &String>| {
        let p = crate::model::TaxonomyPattern::parse(pattern);
        let mut ids = ids;
        Iterator::any(&mut ids, |id| p.matches(id))
    };
    for p in &body.sensitive_permitted_purposes {
        if !matches_some(p, &mut purposes.keys()) {
            return Err(fail(format!("`{p}` matches no purpose id")));
        }
    }
    let mut notice_categories = Vec::new();
    for n in body.notice_categories {
        if !matches_some(&n.pattern, &mut categories.keys()) {
            return Err(fail(format!("`{}` matches no category id", n.pattern)));
        }
        notice_categories.push((n.pattern, n.name));
    }
    Ok(UsLaws {
        subdivisions,
        laws,
        sensitive_permitted: body.sensitive_permitted_purposes,
        sensitive_permitted_provenance: t.provenance(
            Some(&body.sensitive_permitted_source),
            body.sensitive_permitted_confidence.as_ref(),
        )?,
        notice_categories,
        notice_provenance: t
            .provenance(Some(&body.notice_source), body.notice_confidence.as_ref())?,
    })
}
