//! The built-in knowledge: YAML tables embedded in the binary (`knowledge/*.yaml`), each
//! entry with its source and as-of date. Loaded once, checked as it loads; a table that
//! fails its checks is a bug caught by the tests, reported (not panicked) at run time.

mod assessment;
mod kinds;
mod tables;
mod us;

use std::collections::BTreeMap;
use std::sync::OnceLock;

pub use assessment::{Assessment, Dpia, DpiaCondition, DpiaEntry, PatternEntry};
pub use kinds::{BasisKind, Choice, RecipientKind, SubjectKind, SystemKind};
pub use tables::{
    AdequacyDecision, AdequacyScope, BasisEntry, CategoryKind, ConditionCovers, ConditionEntry,
    Confidence, ConsentNeed, Country, EeaMembership, Guidance, KindEntry, Limit, Provenance,
    PurposeKind, SafeguardEntry, SafeguardKind, SafeguardLimit, SubjectEntry,
};
pub use us::{Fact, SensitiveModel, UsLaw, UsLaws};

use crate::values::{CountryCode, Date, Place};

/// The YAML sources, by file name.
pub const FILES: [(&str, &str); 7] = [
    (
        "taxonomy.yaml",
        include_str!("../../knowledge/taxonomy.yaml"),
    ),
    (
        "countries.yaml",
        include_str!("../../knowledge/countries.yaml"),
    ),
    (
        "transfers.yaml",
        include_str!("../../knowledge/transfers.yaml"),
    ),
    (
        "retention.yaml",
        include_str!("../../knowledge/retention.yaml"),
    ),
    ("law.yaml", include_str!("../../knowledge/law.yaml")),
    (
        "assessment.yaml",
        include_str!("../../knowledge/assessment.yaml"),
    ),
    (
        "us_states.yaml",
        include_str!("../../knowledge/us_states.yaml"),
    ),
];

/// The same tables as JSON, converted by build.rs: what a run reads.
pub const COMPILED: [(&str, &str); 7] = [
    (
        "taxonomy.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/taxonomy.json")),
    ),
    (
        "countries.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/countries.json")),
    ),
    (
        "transfers.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/transfers.json")),
    ),
    (
        "retention.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/retention.json")),
    ),
    (
        "law.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/law.json")),
    ),
    (
        "assessment.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/assessment.json")),
    ),
    (
        "us_states.yaml",
        include_str!(concat!(env!("OUT_DIR"), "/knowledge/us_states.json")),
    ),
];

#[derive(Debug)]
pub struct Knowledge {
    pub countries: BTreeMap<CountryCode, Country>,
    pub eea: Vec<EeaMembership>,
    pub adequacy: Vec<AdequacyDecision>,
    pub safeguards: Vec<SafeguardEntry>,
    pub limits: Vec<SafeguardLimit>,
    pub retention: Vec<Guidance>,
    pub categories: BTreeMap<String, CategoryKind>,
    pub subjects: BTreeMap<SubjectKind, SubjectEntry>,
    pub purposes: BTreeMap<String, PurposeKind>,
    pub system_kinds: Vec<KindEntry<SystemKind>>,
    pub recipient_kinds: Vec<KindEntry<RecipientKind>>,
    pub bases: Vec<BasisEntry>,
    pub conditions: Vec<ConditionEntry>,
    pub assessment: Assessment,
    pub us: UsLaws,
}

static BUILTIN: OnceLock<Result<Knowledge, String>> = OnceLock::new();

impl Knowledge {
    /// The tables shipped in the binary.
    pub fn builtin() -> Result<&'static Knowledge, &'static str> {
        BUILTIN
            .get_or_init(tables::load)
            .as_ref()
            .map_err(String::as_str)
    }

    /// Every entry with a provenance, named for messages: `category contact.email`.
    pub fn provenances(&self) -> Vec<(String, &Provenance)> {
        let mut all: Vec<(String, &Provenance)> = Vec::new();
        all.extend(
            self.countries
                .values()
                .map(|c| (format!("country {}", c.code), &c.provenance)),
        );
        all.extend(
            self.eea
                .iter()
                .map(|e| (format!("EEA membership of {}", e.code), &e.provenance)),
        );
        all.extend(
            self.adequacy
                .iter()
                .map(|a| (format!("adequacy {} {}", a.code, a.decision), &a.provenance)),
        );
        all.extend(
            self.safeguards
                .iter()
                .map(|s| (format!("safeguard {}", s.kind.id()), &s.provenance)),
        );
        all.extend(
            self.retention
                .iter()
                .map(|g| (format!("retention {}", g.id), &g.provenance)),
        );
        all.extend(self.limits.iter().map(|l| {
            (
                format!("limit of safeguard {}", l.safeguard.id()),
                &l.provenance,
            )
        }));
        all.extend(
            self.categories
                .values()
                .map(|c| (format!("category {}", c.id), &c.provenance)),
        );
        all.extend(
            self.subjects
                .values()
                .map(|s| (format!("subject kind {}", s.kind), &s.provenance)),
        );
        all.extend(
            self.purposes
                .values()
                .map(|p| (format!("purpose {}", p.id), &p.provenance)),
        );
        all.extend(
            self.system_kinds
                .iter()
                .map(|k| (format!("system kind {}", k.kind), &k.provenance)),
        );
        all.extend(
            self.recipient_kinds
                .iter()
                .map(|k| (format!("recipient kind {}", k.kind), &k.provenance)),
        );
        let a = &self.assessment;
        all.push(("rights response time".to_owned(), &a.response_provenance));
        all.push((
            "direct marketing".to_owned(),
            &a.direct_marketing_provenance,
        ));
        all.extend(
            a.encryption
                .iter()
                .map(|e| (format!("encryption {}", e.pattern), &e.provenance)),
        );
        all.push(("direct identifiers".to_owned(), &a.identifiers_provenance));
        all.push(("DPIA threshold".to_owned(), &a.dpia.threshold_provenance));
        for law in &self.us.laws {
            all.push((format!("US law {}", law.id), &law.provenance));
            all.push((
                format!("US law {} sensitive data", law.id),
                &law.sensitive.provenance,
            ));
            all.push((
                format!("US law {} response time", law.id),
                &law.response_days.provenance,
            ));
            if let Some(s) = &law.signals_from {
                all.push((format!("US law {} opt-out signals", law.id), &s.provenance));
            }
            if let Some(t) = &law.teen_opt_in_under {
                all.push((format!("US law {} minors", law.id), &t.provenance));
            }
        }
        all.push((
            "US sensitive permitted purposes".to_owned(),
            &self.us.sensitive_permitted_provenance,
        ));
        all.push((
            "US notice categories".to_owned(),
            &self.us.notice_provenance,
        ));
        all.extend(
            a.dpia
                .cases
                .iter()
                .chain(&a.dpia.criteria)
                .chain(&a.dpia.lists)
                .map(|e| (format!("DPIA {}", e.id), &e.provenance)),
        );
        all
    }

    /// The date the tables were last checked: the default day whose law is applied, so
    /// that a report does not change with the clock.
    pub fn as_of(&self) -> Date {
        let dates = self.eea.iter().map(|e| e.provenance.as_of);
        let dates = dates.chain(self.adequacy.iter().map(|a| a.provenance.as_of));
        dates.max().unwrap_or(Date::constant(2026, 11, 22))
    }

    pub fn country(&self, code: CountryCode) -> Option<&Country> {
        self.countries.get(&code)
    }

    pub fn guidance(&self, id: &str) -> Option<&Guidance> {
        self.retention.iter().find(|g| g.id == id)
    }

    /// The Art. 9(2) condition with this id or alias.
    pub fn condition(&self, id: &str) -> Option<&ConditionEntry> {
        self.conditions
            .iter()
            .find(|c| c.id == id || c.aliases.iter().any(|a| a == id))
    }

    pub fn safeguard(&self, id: &str) -> Option<&SafeguardEntry> {
        self.safeguards.iter().find(|s| s.kind.id() == id)
    }

    /// The safeguard entry of a kind (every kind has one: the loader checks it).
    pub fn safeguard_entry(&self, kind: SafeguardKind) -> Option<&SafeguardEntry> {
        self.safeguards.iter().find(|s| s.kind == kind)
    }

    /// Whether a place is inside the EEA on a date.
    /// The place a location names: `EEA` or `EU`, a country of the table, or a US state
    /// of the table (`US-CA`).
    pub fn place(&self, text: &str) -> Option<Place> {
        if let Some(region) = crate::values::Region::parse(text) {
            return Some(Place::Region(region));
        }
        if let Some(code) = CountryCode::from_letters(text)
            && self.country(code).is_some()
        {
            return Some(Place::Country(code));
        }
        crate::values::Subdivision::from_text(text)
            .filter(|s| self.us.subdivisions.contains_key(s))
            .map(Place::Subdivision)
    }

    pub fn in_eea(&self, place: Place, on: Date) -> bool {
        match place.national() {
            Place::Region(_) => true,
            Place::Country(code)
            | Place::Subdivision(crate::values::Subdivision { country: code, .. }) => self
                .eea
                .iter()
                .any(|m| m.code == code && in_force(m.from, m.ends, on)),
        }
    }

    /// The adequacy decisions in force for a country on a date.
    pub fn adequacy_on(&self, code: CountryCode, on: Date) -> Vec<&AdequacyDecision> {
        self.adequacy
            .iter()
            .filter(|a| a.code == code && in_force(a.from, a.ends, on))
            .collect()
    }

    /// The most recent decision for a country that was no longer in force on a date.
    pub fn ended_adequacy(&self, code: CountryCode, on: Date) -> Option<&AdequacyDecision> {
        self.adequacy
            .iter()
            .filter(|a| a.code == code && a.ends.is_some_and(|e| e <= on))
            .max_by_key(|a| a.ends)
    }
}

/// `from` inclusive, `ends` the first day no longer in force.
pub fn in_force(from: Date, ends: Option<Date>, on: Date) -> bool {
    from <= on && ends.is_none_or(|e| on < e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn knowledge() -> &'static Knowledge {
        match Knowledge::builtin() {
            Ok(k) => k,
            Err(e) => panic!("built-in knowledge does not load: {e}"),
        }
    }

    #[test]
    fn every_table_loads_and_every_entry_has_a_source() {
        let k = knowledge();
        assert_eq!(k.countries.len(), 249 + 1, "ISO 3166-1 and XK");
        assert_eq!(k.eea.iter().filter(|m| m.ends.is_none()).count(), 30 + 7);
        assert_eq!(k.categories.len(), 59);
        assert_eq!(k.purposes.len(), 47);
        assert_eq!(k.subjects.len(), 15);
        let all = k.provenances();
        for (what, p) in &all {
            assert!(!p.source.trim().is_empty(), "{what} has no source");
        }
        // Every table's entries are among them (the loops above and below would pass on
        // none).
        for kind in [
            "country ",
            "EEA membership of ",
            "adequacy ",
            "safeguard ",
            "retention ",
            "limit of safeguard ",
            "category ",
            "subject kind ",
            "purpose ",
            "system kind ",
            "recipient kind ",
            "encryption ",
            "US law ",
        ] {
            assert!(
                all.iter().any(|(what, _)| what.starts_with(kind)),
                "no provenance of a {kind}entry"
            );
        }
        assert!(all.len() > k.countries.len() + k.categories.len());
    }

    /// The built-in tables, with one of them changed.
    fn loaded_with(
        name: &str,
        change: impl Fn(&mut serde_json::Value),
    ) -> Result<Knowledge, String> {
        let files: Vec<(&str, String)> = COMPILED
            .iter()
            .map(|(file, json)| {
                let mut value: serde_json::Value = serde_json::from_str(json).unwrap();
                if *file == name {
                    change(&mut value);
                }
                (*file, value.to_string())
            })
            .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(f, t)| (*f, t.as_str())).collect();
        tables::load_from(&files)
    }

    fn entries<'a>(value: &'a mut serde_json::Value, list: &str) -> &'a mut Vec<serde_json::Value> {
        value[list].as_array_mut().unwrap()
    }

    /// A maintainer's mistake in a table is an error when the knowledge loads, never a
    /// knowledge that silently lacks the entry.
    #[test]
    fn the_tables_are_checked_as_they_load() {
        assert!(loaded_with("transfers.yaml", |_| {}).is_ok());
        let error = |name, change: &dyn Fn(&mut serde_json::Value)| match loaded_with(name, change)
        {
            Ok(_) => panic!("{name} loaded with a mistake"),
            Err(e) => e,
        };
        assert_eq!(
            error("transfers.yaml", &|v| entries(v, "safeguards")
                .retain(|s| s["id"] != "scc")),
            "transfers.yaml: safeguard `scc` is missing"
        );
        assert_eq!(
            error("taxonomy.yaml", &|v| entries(v, "systems")
                .retain(|s| s["id"] != "database")),
            "taxonomy.yaml: system kind `database` has no entry"
        );
        assert_eq!(
            error("taxonomy.yaml", &|v| entries(v, "recipients")
                .retain(|s| s["id"] != "authority")),
            "taxonomy.yaml: recipient kind `authority` has no entry"
        );
        // A cap is a maximum of the retention table: a minimum (what the law obliges to
        // keep) or a name the table lacks is not one.
        for cap in ["ret.accounting.fr", "ret.nowhere"] {
            assert_eq!(
                error("taxonomy.yaml", &|v| entries(v, "categories")[0]["cap"] =
                    cap.into()),
                format!(
                    "taxonomy.yaml: cap `{cap}` of `identity.name` is not a maximum in retention.yaml"
                )
            );
        }
        // A purpose's legal minimum is a minimum of the retention table, not a maximum.
        for minimum in ["ret.customer.account_inactive", "ret.nowhere"] {
            assert_eq!(
                error(
                    "taxonomy.yaml",
                    &|v| entries(v, "purposes")[0]["minimums"] = serde_json::json!([minimum])
                ),
                format!(
                    "taxonomy.yaml: minimum `{minimum}` of `service.order_fulfilment` is not a minimum in retention.yaml"
                )
            );
        }
    }

    /// A source is the law, the decision or the guidance itself, never a file of this
    /// repository or of the project's notes.
    #[test]
    fn every_source_is_the_law_itself_never_a_file_of_ours() {
        let internal = [
            "shared/",
            ".md",
            "GDPR-REFERENCE",
            "TAXONOMY",
            "LANGUAGE",
            "knowledge/",
            "src/",
            "seed guidance",
            "not in shared",
            "redline",
        ];
        let k = knowledge();
        for (what, p) in k.provenances() {
            for word in internal {
                assert!(
                    !p.source.contains(word),
                    "{what} cites `{word}`: {}",
                    p.source
                );
            }
        }
        // The same holds for the YAML text, comments included.
        for (file, text) in FILES {
            for word in [
                "shared/",
                "GDPR-REFERENCE",
                "TAXONOMY.md",
                "LANGUAGE.md",
                "seed guidance",
            ] {
                assert!(!text.contains(word), "{file} mentions `{word}`");
            }
        }
    }

    #[test]
    fn every_cap_and_minimum_is_applied_by_some_mapping() {
        let k = knowledge();
        let used: Vec<&str> = k
            .categories
            .values()
            .filter_map(|c| c.cap.as_deref())
            .chain(k.purposes.values().filter_map(|p| p.cap.as_deref()))
            .chain(k.subjects.values().filter_map(|s| s.cap.as_deref()))
            .chain(
                k.purposes
                    .values()
                    .flat_map(|p| p.minimums.iter().map(String::as_str)),
            )
            .collect();
        for g in &k.retention {
            assert!(used.contains(&g.id.as_str()), "{} applies nowhere", g.id);
        }
    }

    #[test]
    fn caps_follow_taxonomy_md() {
        let k = knowledge();
        let cap = |category: &str| {
            let id = k
                .categories
                .get(category)
                .and_then(|c| c.cap.clone())
                .unwrap_or_default();
            k.guidance(&id)
                .map(|g| (g.limit.to_string(), g.after.to_string()))
        };
        let at_most = |d: &str| Some((format!("at most {d}"), "collection".to_owned()));
        // A tracker's lifetime is on the identifier; what it collects has its own.
        assert_eq!(cap("device.cookie_id"), at_most("13 months"));
        assert_eq!(cap("device.device_id"), at_most("13 months"));
        assert_eq!(cap("behavior.browsing_history"), None);
        assert_eq!(cap("behavior.telemetry"), at_most("25 months"));
        assert_eq!(cap("media.cctv"), at_most("1 month"));
        assert_eq!(cap("contact.email"), None);
        let purpose_cap = |purpose: &str| {
            k.purposes
                .get(purpose)
                .and_then(|p| p.cap.as_deref())
                .and_then(|id| k.guidance(id))
                .map(|g| g.limit.to_string())
        };
        assert_eq!(
            purpose_cap("analytics.audience").as_deref(),
            Some("at most 25 months")
        );
        assert_eq!(purpose_cap("advertising.targeted"), None);
    }

    #[test]
    fn adequacy_has_dates_and_scopes() {
        let k = knowledge();
        let us: Vec<_> = k
            .adequacy
            .iter()
            .filter(|a| a.code.as_str() == "US")
            .collect();
        assert_eq!(us.len(), 2);
        assert!(
            us.iter()
                .any(|a| a.scope == AdequacyScope::DpfCertified && a.ends.is_none())
        );
        let brazil = k.adequacy.iter().find(|a| a.code.as_str() == "BR");
        assert_eq!(
            brazil.map(|b| b.from.to_string()).as_deref(),
            Some("2026-01-26")
        );
        assert!(
            k.condition("health_social_care")
                .is_some_and(|c| c.id == "health_care")
        );
    }
}
