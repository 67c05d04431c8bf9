//! The typed tables and their loading from YAML.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use super::kinds::{BasisKind, RecipientKind, SubjectKind, SystemKind};
use super::{FILES, Knowledge};
use crate::values::{CountryCode, Date, Duration, Event, parse_date};

/// Where an entry comes from, the date its facts were checked, and whether a primary
/// source (the law, the decision, the regulator's own guidance) confirms it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    pub source: String,
    pub as_of: Date,
    pub confidence: Confidence,
}

/// Whether a primary source confirms an entry. An unconfirmed cap or default is shown,
/// but can only ever give a warning, and says it is unconfirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    Confirmed,
    Unconfirmed,
}

impl Confidence {
    pub fn id(self) -> &'static str {
        match self {
            Confidence::Confirmed => "confirmed",
            Confidence::Unconfirmed => "unconfirmed",
        }
    }

    fn parse(text: &str) -> Option<Confidence> {
        match text {
            "confirmed" => Some(Confidence::Confirmed),
            "unconfirmed" => Some(Confidence::Unconfirmed),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Country {
    pub code: CountryCode,
    pub name: String,
    pub provenance: Provenance,
}

#[derive(Clone, Debug)]
pub struct EeaMembership {
    pub code: CountryCode,
    pub from: Date,
    /// The first day the country is no longer in the EEA.
    pub ends: Option<Date>,
    pub provenance: Provenance,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdequacyScope {
    Full,
    Commercial,
    PrivateSector,
    Automated,
    Pipa,
    DpfCertified,
    PrivacyShieldCertified,
}

impl AdequacyScope {
    fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "full" => AdequacyScope::Full,
            "commercial" => AdequacyScope::Commercial,
            "private_sector" => AdequacyScope::PrivateSector,
            "automated" => AdequacyScope::Automated,
            "pipa" => AdequacyScope::Pipa,
            "dpf_certified" => AdequacyScope::DpfCertified,
            "privacy_shield_certified" => AdequacyScope::PrivacyShieldCertified,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AdequacyScope::Full => "full",
            AdequacyScope::Commercial => "commercial",
            AdequacyScope::PrivateSector => "private_sector",
            AdequacyScope::Automated => "automated",
            AdequacyScope::Pipa => "pipa",
            AdequacyScope::DpfCertified => "dpf_certified",
            AdequacyScope::PrivacyShieldCertified => "privacy_shield_certified",
        }
    }
}

#[derive(Clone, Debug)]
pub struct AdequacyDecision {
    pub code: CountryCode,
    pub decision: String,
    pub from: Date,
    /// The first day the decision no longer applies.
    pub ends: Option<Date>,
    pub scope: AdequacyScope,
    pub note: Option<String>,
    pub provenance: Provenance,
}

/// The safeguards a policy may name (`safeguard S`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SafeguardKind {
    Adequacy,
    Dpf,
    Scc,
    Bcr,
    CodeOfConduct,
    Certification,
    Derogation,
    PrivacyShield,
}

impl SafeguardKind {
    pub const ALL: [SafeguardKind; 8] = [
        SafeguardKind::Adequacy,
        SafeguardKind::Dpf,
        SafeguardKind::Scc,
        SafeguardKind::Bcr,
        SafeguardKind::CodeOfConduct,
        SafeguardKind::Certification,
        SafeguardKind::Derogation,
        SafeguardKind::PrivacyShield,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SafeguardKind::Adequacy => "adequacy",
            SafeguardKind::Dpf => "dpf",
            SafeguardKind::Scc => "scc",
            SafeguardKind::Bcr => "bcr",
            SafeguardKind::CodeOfConduct => "code_of_conduct",
            SafeguardKind::Certification => "certification",
            SafeguardKind::Derogation => "derogation",
            SafeguardKind::PrivacyShield => "privacy_shield",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == text)
    }
}

#[derive(Clone, Debug)]
pub struct SafeguardEntry {
    pub kind: SafeguardKind,
    pub name: String,
    pub article: String,
    pub from: Option<Date>,
    pub ends: Option<Date>,
    /// Destinations it is limited to; empty means any.
    pub countries: Vec<CountryCode>,
    pub note: Option<String>,
    pub provenance: Provenance,
}

/// Recipients a safeguard cannot serve: it applies `only_for` some kinds, or `not_for`
/// others.
#[derive(Clone, Debug)]
pub struct SafeguardLimit {
    pub safeguard: SafeguardKind,
    pub only_for: Vec<RecipientKind>,
    pub not_for: Vec<RecipientKind>,
    pub provenance: Provenance,
}

impl SafeguardLimit {
    /// Whether the limit keeps the safeguard from serving a recipient of `kind`.
    pub fn excludes(&self, kind: RecipientKind) -> bool {
        (!self.only_for.is_empty() && !self.only_for.contains(&kind))
            || self.not_for.contains(&kind)
    }
}

/// A maximum retention (a cap) or a legal minimum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Max(Duration),
    Min(Duration),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Max(d) => write!(f, "at most {d}"),
            Limit::Min(d) => write!(f, "at least {d}"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Guidance {
    pub id: String,
    pub applies_to: String,
    pub limit: Limit,
    /// The event the clock starts at.
    pub after: Event,
    /// The countries whose controllers the entry binds (a national law); empty: all.
    pub applies_in: Vec<CountryCode>,
    pub provenance: Provenance,
}

impl Guidance {
    /// Whether the entry applies to a controller established at `place` (unknown: only
    /// the entries that apply everywhere).
    pub fn applies_to_controller(&self, place: Option<crate::values::Place>) -> bool {
        self.applies_in.is_empty()
            || matches!(place.map(crate::values::Place::national), Some(crate::values::Place::Country(c)) if self.applies_in.contains(&c))
    }
}

#[derive(Clone, Debug)]
pub struct CategoryKind {
    pub id: String,
    pub description: String,
    pub personal: bool,
    pub special: bool,
    pub criminal: bool,
    pub ccpa_sensitive: bool,
    /// A guidance id of the retention table.
    pub cap: Option<String>,
    pub fides: Option<String>,
    pub provenance: Provenance,
}

/// A kind of system or recipient, described.
#[derive(Clone, Debug)]
pub struct KindEntry<K> {
    pub kind: K,
    pub description: String,
    pub provenance: Provenance,
}

#[derive(Clone, Debug)]
pub struct SubjectEntry {
    pub kind: SubjectKind,
    pub description: String,
    pub cap: Option<String>,
    pub provenance: Provenance,
}

/// Whether a purpose kind needs consent by default (TAXONOMY.md's consent column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentNeed {
    No,
    Yes,
    /// Explicit consent unless the basis is a contract or a legal obligation (Art. 22(2)).
    ExplicitUnlessContractOrLaw,
}

#[derive(Clone, Debug)]
pub struct PurposeKind {
    pub id: String,
    pub description: String,
    /// The basis the taxonomy expects; none for an id the configuration adds.
    pub default_basis: Option<BasisKind>,
    pub consent: ConsentNeed,
    pub cap: Option<String>,
    /// Legal minimums (guidance ids) a purpose of this kind must keep its data for.
    pub minimums: Vec<String>,
    pub fides: Option<String>,
    pub provenance: Provenance,
}

#[derive(Clone, Debug)]
pub struct BasisEntry {
    pub id: String,
    pub article: String,
    pub name: String,
}

/// What a condition lifts: the ban on special categories (Art. 9(2)), or the limits on
/// criminal-offence data (Art. 10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionCovers {
    SpecialCategories,
    CriminalData,
}

#[derive(Clone, Debug)]
pub struct ConditionEntry {
    pub id: String,
    pub article: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub covers: ConditionCovers,
}

// ---------------------------------------------------------------------------------------
// The YAML shapes. Every table has a `source` and an `as_of` that its entries inherit
// unless they give their own.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Header<T> {
    #[allow(dead_code)]
    table: String,
    source: String,
    as_of: String,
    /// The table's default; an entry may say otherwise.
    confidence: String,
    #[serde(flatten)]
    pub(super) body: T,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountriesYaml {
    countries: Vec<CountryYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CountryYaml {
    code: String,
    name: String,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransfersYaml {
    eea: Vec<EeaYaml>,
    adequacy: Vec<AdequacyYaml>,
    safeguards: Vec<SafeguardYaml>,
    limits: Vec<LimitYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LimitYaml {
    safeguard: String,
    #[serde(default)]
    only_for: Vec<String>,
    #[serde(default)]
    not_for: Vec<String>,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EeaYaml {
    code: String,
    from: String,
    ends: Option<String>,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdequacyYaml {
    code: String,
    decision: String,
    from: String,
    ends: Option<String>,
    scope: String,
    note: Option<String>,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SafeguardYaml {
    id: String,
    name: String,
    article: String,
    from: Option<String>,
    ends: Option<String>,
    #[serde(default)]
    countries: Vec<String>,
    note: Option<String>,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RetentionYaml {
    guidance: Vec<GuidanceYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuidanceYaml {
    id: String,
    applies_to: String,
    max: Option<String>,
    min: Option<String>,
    after: String,
    #[serde(default)]
    applies_in: Vec<String>,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaxonomyYaml {
    categories: Vec<CategoryYaml>,
    subjects: Vec<SubjectYaml>,
    purposes: Vec<PurposeYaml>,
    systems: Vec<KindYaml>,
    recipients: Vec<KindYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KindYaml {
    id: String,
    description: String,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CategoryYaml {
    id: String,
    description: String,
    flags: Vec<String>,
    cap: Option<String>,
    fides: Option<String>,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SubjectYaml {
    id: String,
    description: String,
    cap: Option<String>,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PurposeYaml {
    id: String,
    description: String,
    default_basis: String,
    consent: String,
    cap: Option<String>,
    #[serde(default)]
    minimums: Vec<String>,
    fides: Option<String>,
    source: Option<String>,
    confidence: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LawYaml {
    bases: Vec<BasisYaml>,
    conditions: Vec<ConditionYaml>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BasisYaml {
    id: String,
    article: String,
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConditionYaml {
    id: String,
    article: String,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    covers: String,
}

/// A table from its JSON form (converted from the YAML by build.rs).
/// The tables a knowledge is loaded from, by file name: the built-in ones
/// (`super::COMPILED`), or in tests, changed copies of them.
pub(super) type Files<'a> = &'a [(&'a str, &'a str)];

pub(super) fn read<T: for<'de> Deserialize<'de>>(
    files: Files<'_>,
    name: &str,
) -> Result<Header<T>, String> {
    let json = files
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .ok_or_else(|| format!("{name} is not embedded"))?;
    serde_json::from_str(json).map_err(|e| format!("{name}: {e}"))
}

/// Checks one table's entries as they are converted; the first problem is the error.
pub(super) struct Table<'a> {
    name: &'a str,
    source: String,
    as_of: Date,
    confidence: Confidence,
}

impl Table<'_> {
    pub(super) fn new<T>(name: &str, header: &Header<T>) -> Result<Table<'static>, String> {
        let as_of = parse_date(&header.as_of)
            .ok_or_else(|| format!("{name}: as_of `{}` is not a date", header.as_of))?;
        let name: &'static str = FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, _)| *n)
            .unwrap_or("knowledge");
        let confidence = Confidence::parse(&header.confidence).ok_or_else(|| {
            format!(
                "{name}: confidence `{}` is not confirmed or unconfirmed",
                header.confidence
            )
        })?;
        Ok(Table {
            name,
            source: header.source.clone(),
            as_of,
            confidence,
        })
    }

    /// An entry's provenance: its own source and confidence, else the table's.
    pub(super) fn provenance(
        &self,
        own: Option<&String>,
        confidence: Option<&String>,
    ) -> Result<Provenance, String> {
        let confidence = match confidence {
            None => self.confidence,
            Some(text) => Confidence::parse(text).ok_or_else(|| {
                format!(
                    "{}: confidence `{text}` is not confirmed or unconfirmed",
                    self.name
                )
            })?,
        };
        Ok(Provenance {
            source: own.unwrap_or(&self.source).clone(),
            as_of: self.as_of,
            confidence,
        })
    }

    pub(super) fn date(&self, text: &str) -> Result<Date, String> {
        parse_date(text).ok_or_else(|| format!("{}: `{text}` is not a date", self.name))
    }

    fn opt_date(&self, text: Option<&String>) -> Result<Option<Date>, String> {
        text.map(|t| self.date(t)).transpose()
    }

    pub(super) fn code(
        &self,
        text: &str,
        countries: &BTreeMap<CountryCode, Country>,
    ) -> Result<CountryCode, String> {
        CountryCode::from_letters(text)
            .filter(|c| countries.is_empty() || countries.contains_key(c))
            .ok_or_else(|| format!("{}: `{text}` is not a country code", self.name))
    }

    pub(super) fn duration(&self, text: &str) -> Result<Duration, String> {
        Duration::parse_text(text).map_err(|_| format!("{}: `{text}` is not a duration", self.name))
    }
}

/// The kinds a table lists, each one of the language's.
fn kinds_of<K>(
    t: &Table<'_>,
    entries: &[KindYaml],
    parse: fn(&str) -> Option<K>,
    what: &str,
) -> Result<Vec<KindEntry<K>>, String> {
    entries
        .iter()
        .map(|e| {
            Ok(KindEntry {
                kind: parse(&e.id).ok_or_else(|| {
                    format!(
                        "taxonomy.yaml: {what} kind `{}` is not in the language",
                        e.id
                    )
                })?,
                description: e.description.clone(),
                provenance: t.provenance(e.source.as_ref(), e.confidence.as_ref())?,
            })
        })
        .collect()
}

/// Every kind of the language has its entry in the table.
fn every_kind_listed<K: std::fmt::Display>(
    all: &[K],
    listed: impl Fn(&K) -> bool,
    what: &str,
) -> Result<(), String> {
    match all.iter().find(|k| !listed(k)) {
        Some(missing) => Err(format!(
            "taxonomy.yaml: {what} kind `{missing}` has no entry"
        )),
        None => Ok(()),
    }
}

pub(super) fn load() -> Result<Knowledge, String> {
    load_from(&super::COMPILED)
}

/// A knowledge from these tables, or the first problem with them.
pub(super) fn load_from(files: Files<'_>) -> Result<Knowledge, String> {
    let countries_yaml = read::<CountriesYaml>(files, "countries.yaml")?;
    let t = Table::new("countries.yaml", &countries_yaml)?;
    let mut countries = BTreeMap::new();
    for c in countries_yaml.body.countries {
        let code = t.code(&c.code, &BTreeMap::new())?;
        countries.insert(
            code,
            Country {
                code,
                name: c.name,
                provenance: t.provenance(c.source.as_ref(), c.confidence.as_ref())?,
            },
        );
    }

    let transfers = read::<TransfersYaml>(files, "transfers.yaml")?;
    let t = Table::new("transfers.yaml", &transfers)?;
    let mut eea = Vec::new();
    for e in &transfers.body.eea {
        eea.push(EeaMembership {
            code: t.code(&e.code, &countries)?,
            from: t.date(&e.from)?,
            ends: t.opt_date(e.ends.as_ref())?,
            provenance: t.provenance(e.source.as_ref(), e.confidence.as_ref())?,
        });
    }
    let mut adequacy = Vec::new();
    for a in &transfers.body.adequacy {
        adequacy.push(AdequacyDecision {
            code: t.code(&a.code, &countries)?,
            decision: a.decision.clone(),
            from: t.date(&a.from)?,
            ends: t.opt_date(a.ends.as_ref())?,
            scope: AdequacyScope::parse(&a.scope)
                .ok_or_else(|| format!("transfers.yaml: unknown scope `{}`", a.scope))?,
            note: a.note.clone(),
            provenance: t.provenance(
                a.source.as_ref().or(Some(&a.decision)),
                a.confidence.as_ref(),
            )?,
        });
    }
    let mut safeguards = Vec::new();
    for s in &transfers.body.safeguards {
        let mut codes = Vec::new();
        for c in &s.countries {
            codes.push(t.code(c, &countries)?);
        }
        safeguards.push(SafeguardEntry {
            kind: SafeguardKind::parse(&s.id)
                .ok_or_else(|| format!("transfers.yaml: unknown safeguard `{}`", s.id))?,
            name: s.name.clone(),
            article: s.article.clone(),
            from: t.opt_date(s.from.as_ref())?,
            ends: t.opt_date(s.ends.as_ref())?,
            countries: codes,
            note: s.note.clone(),
            provenance: t.provenance(
                s.source.as_ref().or(Some(&s.article)),
                s.confidence.as_ref(),
            )?,
        });
    }
    let mut limits = Vec::new();
    for l in &transfers.body.limits {
        let kinds = |ids: &[String]| -> Result<Vec<RecipientKind>, String> {
            ids.iter()
                .map(|id| {
                    RecipientKind::parse(id)
                        .ok_or_else(|| format!("transfers.yaml: unknown recipient kind `{id}`"))
                })
                .collect()
        };
        limits.push(SafeguardLimit {
            safeguard: SafeguardKind::parse(&l.safeguard)
                .ok_or_else(|| format!("transfers.yaml: unknown safeguard `{}`", l.safeguard))?,
            only_for: kinds(&l.only_for)?,
            not_for: kinds(&l.not_for)?,
            provenance: t.provenance(l.source.as_ref(), l.confidence.as_ref())?,
        });
    }
    for kind in SafeguardKind::ALL {
        if !safeguards.iter().any(|s| s.kind == kind) {
            return Err(format!(
                "transfers.yaml: safeguard `{}` is missing",
                kind.id()
            ));
        }
    }

    let retention_yaml = read::<RetentionYaml>(files, "retention.yaml")?;
    let t = Table::new("retention.yaml", &retention_yaml)?;
    let mut retention = Vec::new();
    for g in &retention_yaml.body.guidance {
        let limit = match (&g.max, &g.min) {
            (Some(max), None) => Limit::Max(t.duration(max)?),
            (None, Some(min)) => Limit::Min(t.duration(min)?),
            _ => {
                return Err(format!(
                    "retention.yaml: `{}` needs exactly one of max, min",
                    g.id
                ));
            }
        };
        let mut applies_in = Vec::new();
        for c in &g.applies_in {
            applies_in.push(t.code(c, &countries)?);
        }
        retention.push(Guidance {
            id: g.id.clone(),
            applies_to: g.applies_to.clone(),
            limit,
            after: Event::parse(&g.after),
            applies_in,
            provenance: t.provenance(g.source.as_ref(), g.confidence.as_ref())?,
        });
    }
    let cap_exists = |cap: &Option<String>, what: &str| -> Result<(), String> {
        match cap {
            Some(id)
                if !retention
                    .iter()
                    .any(|g| &g.id == id && matches!(g.limit, Limit::Max(_))) =>
            {
                Err(format!(
                    "taxonomy.yaml: cap `{id}` of `{what}` is not a maximum in retention.yaml"
                ))
            }
            _ => Ok(()),
        }
    };

    let taxonomy = read::<TaxonomyYaml>(files, "taxonomy.yaml")?;
    let t = Table::new("taxonomy.yaml", &taxonomy)?;
    let mut categories = BTreeMap::new();
    for c in taxonomy.body.categories {
        cap_exists(&c.cap, &c.id)?;
        let flag = |f: &str| c.flags.iter().any(|x| x == f);
        if let Some(bad) = c.flags.iter().find(|f| {
            !matches!(
                f.as_str(),
                "personal" | "special" | "criminal" | "ccpa_sensitive"
            )
        }) {
            return Err(format!("taxonomy.yaml: unknown flag `{bad}`"));
        }
        let kind = CategoryKind {
            personal: flag("personal"),
            special: flag("special"),
            criminal: flag("criminal"),
            ccpa_sensitive: flag("ccpa_sensitive"),
            provenance: t.provenance(c.source.as_ref(), c.confidence.as_ref())?,
            id: c.id.clone(),
            description: c.description,
            cap: c.cap,
            fides: c.fides,
        };
        if categories.insert(c.id.clone(), kind).is_some() {
            return Err(format!("taxonomy.yaml: category `{}` twice", c.id));
        }
    }
    let mut subjects = BTreeMap::new();
    for s in taxonomy.body.subjects {
        cap_exists(&s.cap, &s.id)?;
        let kind = SubjectKind::parse(&s.id).ok_or_else(|| {
            format!(
                "taxonomy.yaml: subject kind `{}` is not in the language",
                s.id
            )
        })?;
        subjects.insert(
            kind,
            SubjectEntry {
                provenance: t.provenance(s.source.as_ref(), s.confidence.as_ref())?,
                kind,
                description: s.description,
                cap: s.cap,
            },
        );
    }
    every_kind_listed(SubjectKind::ALL, |k| subjects.contains_key(k), "subject")?;
    let system_kinds = kinds_of(&t, &taxonomy.body.systems, SystemKind::parse, "system")?;
    every_kind_listed(
        SystemKind::ALL,
        |k| system_kinds.iter().any(|e| e.kind == *k),
        "system",
    )?;
    let recipient_kinds = kinds_of(
        &t,
        &taxonomy.body.recipients,
        RecipientKind::parse,
        "recipient",
    )?;
    every_kind_listed(
        RecipientKind::ALL,
        |k| recipient_kinds.iter().any(|e| e.kind == *k),
        "recipient",
    )?;
    let mut purposes = BTreeMap::new();
    for p in taxonomy.body.purposes {
        cap_exists(&p.cap, &p.id)?;
        for id in &p.minimums {
            if !retention
                .iter()
                .any(|g| &g.id == id && matches!(g.limit, Limit::Min(_)))
            {
                return Err(format!(
                    "taxonomy.yaml: minimum `{id}` of `{}` is not a minimum in retention.yaml",
                    p.id
                ));
            }
        }
        let consent = match p.consent.as_str() {
            "no" => ConsentNeed::No,
            "yes" => ConsentNeed::Yes,
            "explicit" => ConsentNeed::ExplicitUnlessContractOrLaw,
            other => return Err(format!("taxonomy.yaml: unknown consent value `{other}`")),
        };
        purposes.insert(
            p.id.clone(),
            PurposeKind {
                provenance: t.provenance(p.source.as_ref(), p.confidence.as_ref())?,
                id: p.id,
                description: p.description,
                default_basis: Some(BasisKind::parse(&p.default_basis).ok_or_else(|| {
                    format!("taxonomy.yaml: unknown default basis `{}`", p.default_basis)
                })?),
                consent,
                cap: p.cap,
                minimums: p.minimums,
                fides: p.fides,
            },
        );
    }

    let law = read::<LawYaml>(files, "law.yaml")?;
    let bases = law
        .body
        .bases
        .into_iter()
        .map(|b| BasisEntry {
            id: b.id,
            article: b.article,
            name: b.name,
        })
        .collect();
    let mut conditions = Vec::new();
    for c in law.body.conditions {
        let covers = match c.covers.as_str() {
            "special" => ConditionCovers::SpecialCategories,
            "criminal" => ConditionCovers::CriminalData,
            other => return Err(format!("law.yaml: `{}` covers `{other}`", c.id)),
        };
        conditions.push(ConditionEntry {
            id: c.id,
            article: c.article,
            name: c.name,
            aliases: c.aliases,
            covers,
        });
    }

    let assessment = super::assessment::load(files, &countries, &categories, &purposes)?;
    let us = super::us::load(files, &categories, &purposes)?;

    Ok(Knowledge {
        assessment,
        us,
        countries,
        eea,
        adequacy,
        safeguards,
        limits,
        retention,
        categories,
        subjects,
        purposes,
        system_kinds,
        recipient_kinds,
        bases,
        conditions,
    })
}
