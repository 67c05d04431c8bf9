//! `redline.yaml`: the raw shape read with serde (every key known, every value spanned),
//! then checked into [`Settings`]. Every problem is an E006 diagnostic at its YAML line.

pub mod discover;
pub mod yaml;

use std::collections::BTreeMap;

use globset::{GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, InputError, Severity};
use crate::knowledge::{CategoryKind, Confidence, ConsentNeed, Knowledge, Provenance, PurposeKind};
use crate::law::TransferPolicy;
use crate::law::retention::{ConfiguredCap, Period};
use crate::model::Event;
use crate::rules::{self, RuleSelection, Selector};
use crate::source::{FileId, Span};
use crate::suggest;
use crate::values::{CountryCode, Duration, Place, Region};
use yaml::Spanned;

pub const FILE_NAME: &str = "redline.yaml";
pub const DEFAULT_INCLUDE: &str = "**/*.redline";
pub const DEFAULT_TESTS: &str = "tests/**/*.redline";
/// The as-of date shown for taxonomy entries a configuration adds: the date of the
/// built-in tables they extend.
const CONFIG_AS_OF: crate::values::Date = crate::values::Date::constant(2026, 11, 22);

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    include: Option<Vec<Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
    tests: Option<Vec<Spanned<String>>>,
    controller: Option<RawController>,
    rules: Option<RawRules>,
    retention: Option<RawRetention>,
    transfers: Option<RawTransfers>,
    taxonomy: Option<RawTaxonomy>,
    packs: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawController {
    location: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    select: Option<Vec<Spanned<String>>>,
    ignore: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<String, Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRetention {
    caps: Option<BTreeMap<String, Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransfers {
    adequate: Option<Vec<Spanned<String>>>,
    forbidden: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    categories: Option<BTreeMap<String, Spanned<RawCategory>>>,
    purposes: Option<BTreeMap<String, Spanned<RawPurpose>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    description: String,
    personal: Option<bool>,
    special: Option<bool>,
    criminal: Option<bool>,
    ccpa_sensitive: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPurpose {
    description: String,
    consent: Option<bool>,
}

/// The configuration, checked. Built from defaults when there is no file.
#[derive(Debug)]
pub struct Settings {
    pub file: Option<FileId>,
    pub include: Globs,
    pub exclude: Globs,
    pub tests: Globs,
    pub controller_location: Option<Place>,
    /// `rules`: which rules run, at what severity.
    pub rules: RuleSelection,
    /// `retention.caps`.
    pub caps: Vec<ConfiguredCap>,
    /// `transfers.adequate` and `transfers.forbidden`.
    pub transfers: TransferPolicy,
    pub extra_categories: BTreeMap<String, CategoryKind>,
    pub extra_purposes: BTreeMap<String, PurposeKind>,
    /// `packs`: the rule packs enabled (`crate::packs`).
    pub packs: Vec<&'static crate::packs::Pack>,
}

/// A set of globs matched against `/`-separated paths relative to the project root.
#[derive(Clone, Debug)]
pub struct Globs {
    pub patterns: Vec<String>,
    set: GlobSet,
}

impl Globs {
    fn new(patterns: Vec<String>) -> Result<Globs, (usize, String)> {
        let mut builder = GlobSetBuilder::new();
        for (i, p) in patterns.iter().enumerate() {
            let glob = globset::GlobBuilder::new(p)
                .literal_separator(true)
                .build()
                .map_err(|e| (i, e.kind().to_string()))?;
            builder.add(glob);
        }
        let set = builder.build().map_err(|e| (0, e.to_string()))?;
        Ok(Globs { patterns, set })
    }

    fn of(patterns: &[&str]) -> Globs {
        let patterns: Vec<String> = patterns.iter().map(|p| (*p).to_owned()).collect();
        Globs::new(patterns).unwrap_or_else(|_| Globs {
            patterns: Vec::new(),
            set: GlobSet::empty(),
        })
    }

    pub fn is_match(&self, relative: &str) -> bool {
        self.set.is_match(relative)
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            file: None,
            include: Globs::of(&[DEFAULT_INCLUDE]),
            exclude: Globs::of(&[]),
            tests: Globs::of(&[DEFAULT_TESTS]),
            controller_location: None,
            rules: RuleSelection::default(),
            caps: Vec::new(),
            transfers: TransferPolicy::default(),
            extra_categories: BTreeMap::new(),
            extra_purposes: BTreeMap::new(),
            packs: Vec::new(),
        }
    }
}

impl Settings {
    /// The built-in taxonomy plus this configuration's extensions.
    pub fn vocabulary<'a>(&'a self, knowledge: &'a Knowledge) -> crate::model::Vocabulary<'a> {
        crate::model::Vocabulary {
            knowledge,
            extra_categories: &self.extra_categories,
            extra_purposes: &self.extra_purposes,
        }
    }
}

/// Reads the text of `redline.yaml` (file `file`). Returns the settings, falling back to
/// defaults for any part that is wrong, and the E006 diagnostics.
pub fn read(file: FileId, text: &str, knowledge: &Knowledge) -> (Settings, Vec<Diagnostic>) {
    let mut checker = Checker {
        file,
        text,
        knowledge,
        diagnostics: Vec::new(),
    };
    let raw = match yaml::from_str::<Option<RawConfig>>(text) {
        Ok(raw) => raw.unwrap_or_default(),
        Err(error) => {
            checker.yaml_error(&error);
            return (
                Settings {
                    file: Some(file),
                    ..Settings::default()
                },
                checker.diagnostics,
            );
        }
    };
    let settings = checker.settings(raw);
    (settings, checker.diagnostics)
}

struct Checker<'a> {
    file: FileId,
    text: &'a str,
    knowledge: &'a Knowledge,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn span_of(&self, location: &yaml::Location) -> Span {
        let span = location.span();
        let start = match span.byte_offset() {
            Some(offset) => usize::try_from(offset).unwrap_or(0),
            None => self.offset_of(location.line(), location.column()),
        }
        .min(self.text.len());
        let len = span
            .byte_len()
            .map_or(1, |l| usize::try_from(l).unwrap_or(1))
            .max(1);
        Span::new(self.file, start, (start + len).min(self.text.len()))
    }

    /// Byte offset of a 1-based line and character column.
    fn offset_of(&self, line: u64, column: u64) -> usize {
        let mut offset = 0;
        for (i, l) in self.text.split_inclusive('\n').enumerate() {
            if i as u64 + 1 == line {
                let chars = usize::try_from(column.saturating_sub(1)).unwrap_or(0);
                return offset + l.char_indices().nth(chars).map_or(l.len(), |(b, _)| b);
            }
            offset += l.len();
        }
        offset
    }

    fn error(&mut self, span: Span, message: String, help: Option<String>) {
        let d = Diagnostic::input(InputError::InvalidConfig, span, message).with_help_opt(help);
        self.diagnostics.push(d);
    }

    fn yaml_error(&mut self, error: &yaml::Error) {
        let full = error.to_string();
        let span = match error.location() {
            Some(location) => self.span_of(&location),
            None => Span::new(self.file, 0, 0),
        };
        if full.contains("budget breached") {
            // serde-saphyr's budget bounds alias expansion (billion laughs) and size.
            self.error(
                span,
                "the configuration expands beyond redline's limits".to_owned(),
                Some(
                    "YAML aliases here expand to more data than a configuration can need; \
                     write the values out instead of repeating aliases"
                        .to_owned(),
                ),
            );
            return;
        }
        if full.contains("recursion limit exceeded") {
            self.error(
                span,
                "the configuration is nested too deeply".to_owned(),
                None,
            );
            return;
        }
        // The position is shown by the report; drop the one serde-saphyr appends.
        let message = match full.find(" at line ") {
            Some(i) => full[..i].to_owned(),
            None => full.clone(),
        };
        let message = message
            .lines()
            .next()
            .unwrap_or("invalid configuration")
            .to_owned();
        let help = unknown_field_help(&message);
        self.error(span, format!("invalid configuration: {message}"), help);
    }

    fn globs(&mut self, raw: Option<Vec<Spanned<String>>>, default: &[&str]) -> Globs {
        let Some(raw) = raw else {
            return Globs::of(default);
        };
        let patterns: Vec<String> = raw.iter().map(|s| s.value.clone()).collect();
        match Globs::new(patterns) {
            Ok(globs) => globs,
            Err((i, reason)) => {
                let at = raw
                    .get(i)
                    .map_or(Span::new(self.file, 0, 0), |s| self.span_of(&s.referenced));
                self.error(at, format!("invalid glob: {reason}"), None);
                Globs::of(default)
            }
        }
    }

    fn place(&mut self, value: &Spanned<String>) -> Option<Place> {
        if let Some(region) = Region::parse(&value.value) {
            return Some(Place::Region(region));
        }
        self.country(value).map(Place::Country)
    }

    fn country(&mut self, value: &Spanned<String>) -> Option<CountryCode> {
        if let Some(code) = CountryCode::from_letters(&value.value)
            && self.knowledge.country(code).is_some()
        {
            return Some(code);
        }
        let span = self.span_of(&value.referenced);
        self.error(
            span,
            format!(
                "`{}` is not an ISO 3166-1 alpha-2 country code",
                value.value
            ),
            Some("write a code in capitals, like `FR` or `US`".to_owned()),
        );
        None
    }

    fn selectors(&mut self, raw: Option<Vec<Spanned<String>>>) -> Option<Vec<Selector>> {
        let raw = raw?;
        let mut out = Vec::new();
        for value in raw {
            match rules::parse_selector(&value.value) {
                Ok(selector) => out.push(selector),
                Err(message) => {
                    let span = self.span_of(&value.referenced);
                    self.error(span, message, None);
                }
            }
        }
        Some(out)
    }

    fn settings(&mut self, raw: RawConfig) -> Settings {
        let mut settings = Settings {
            file: Some(self.file),
            include: self.globs(raw.include, &[DEFAULT_INCLUDE]),
            exclude: self.globs(raw.exclude, &[]),
            tests: self.globs(raw.tests, &[DEFAULT_TESTS]),
            ..Settings::default()
        };
        if let Some(controller) = raw.controller {
            settings.controller_location = self.place(&controller.location);
        }
        if let Some(r) = raw.rules {
            if let Some(select) = self.selectors(r.select) {
                settings.rules.select = select;
            }
            settings.rules.ignore = self.selectors(r.ignore).unwrap_or_default();
            for (rule, level) in r.severity.unwrap_or_default() {
                let span = self.span_of(&level.referenced);
                let Some(meta) = rules::find(&rule) else {
                    let message = rules::parse_selector(&rule)
                        .err()
                        .unwrap_or_else(|| format!("`{rule}` is not a single rule"));
                    self.error(span, message, None);
                    continue;
                };
                match Severity::parse(&level.value) {
                    Some(severity) => {
                        settings.rules.severity.insert(meta.code, severity);
                    }
                    None => self.error(
                        span,
                        format!("`{}` is not a severity", level.value),
                        Some("a severity is `error`, `warning` or `info`".to_owned()),
                    ),
                }
            }
        }
        if let Some(taxonomy) = raw.taxonomy {
            self.taxonomy(taxonomy, &mut settings);
        }
        for name in raw.packs.unwrap_or_default() {
            let span = self.span_of(&name.referenced);
            match crate::packs::find(&name.value) {
                Some(pack) if settings.packs.iter().any(|p| p.name == pack.name) => self.error(
                    span,
                    format!("pack `{}` is enabled twice", pack.name),
                    Some("keep one of them".to_owned()),
                ),
                Some(pack) => settings.packs.push(pack),
                None => {
                    let help = suggest::did_you_mean(&name.value, crate::packs::names())
                        .unwrap_or_else(|| {
                            format!(
                                "the packs are {}",
                                crate::packs::names().collect::<Vec<_>>().join(", ")
                            )
                        });
                    self.error(span, format!("unknown pack `{}`", name.value), Some(help));
                }
            }
        }
        if let Some(retention) = raw.retention {
            for (taxonomy, value) in retention.caps.unwrap_or_default() {
                let span = self.span_of(&value.referenced);
                let known = self
                    .knowledge
                    .categories
                    .keys()
                    .chain(settings.extra_categories.keys())
                    .any(|id| id == &taxonomy || id.starts_with(&format!("{taxonomy}.")));
                if !known {
                    let ids = self
                        .knowledge
                        .categories
                        .keys()
                        .chain(settings.extra_categories.keys())
                        .map(String::as_str);
                    let candidates = crate::model::ids_and_groups(ids);
                    let help = suggest::did_you_mean(&taxonomy, candidates.iter().copied());
                    self.error(
                        span,
                        format!("`{taxonomy}` is no data category id or group"),
                        help,
                    );
                    continue;
                }
                match cap_period(&value.value) {
                    Some(max) => settings.caps.push(ConfiguredCap {
                        taxonomy,
                        max,
                        span,
                    }),
                    None => self.error(
                        span,
                        format!("`{}` is not a duration", value.value),
                        Some(
                            "write a duration like `13 months`, or one counted from an event: `5 years after contract_end`"
                                .to_owned(),
                        ),
                    ),
                }
            }
        }
        if let Some(transfers) = raw.transfers {
            for value in transfers.adequate.unwrap_or_default() {
                settings.transfers.adequate.extend(self.country(&value));
            }
            for value in transfers.forbidden.unwrap_or_default() {
                settings.transfers.forbidden.extend(self.country(&value));
            }
        }
        settings
    }

    /// Extensions add ids; they never replace or remove a built-in one.
    fn taxonomy(&mut self, raw: RawTaxonomy, settings: &mut Settings) {
        // The organisation's own declaration: it stands as its own source.
        let provenance = |what: &str| Provenance {
            source: format!("{FILE_NAME} ({what})"),
            as_of: CONFIG_AS_OF,
            confidence: Confidence::Confirmed,
        };
        for (id, value) in raw.categories.unwrap_or_default() {
            let span = self.span_of(&value.referenced);
            if !self.new_taxonomy_id(&id, span, self.knowledge.categories.contains_key(&id)) {
                continue;
            }
            let c = value.value;
            let kind = CategoryKind {
                id: id.clone(),
                description: c.description,
                personal: c.personal.unwrap_or(true),
                special: c.special.unwrap_or(false),
                criminal: c.criminal.unwrap_or(false),
                // An organisation's own special category is most likely sensitive under
                // the US laws too (health, beliefs…); it says `ccpa_sensitive: false`
                // where it is not, as a political opinion is not.
                ccpa_sensitive: c.ccpa_sensitive.unwrap_or(c.special.unwrap_or(false)),
                cap: None,
                fides: None,
                provenance: provenance("taxonomy.categories"),
            };
            settings.extra_categories.insert(id, kind);
        }
        for (id, value) in raw.purposes.unwrap_or_default() {
            let span = self.span_of(&value.referenced);
            if !self.new_taxonomy_id(&id, span, self.knowledge.purposes.contains_key(&id)) {
                continue;
            }
            let p = value.value;
            let consent = if p.consent.unwrap_or(false) {
                ConsentNeed::Yes
            } else {
                ConsentNeed::No
            };
            let kind = PurposeKind {
                id: id.clone(),
                description: p.description,
                default_basis: None,
                consent,
                cap: None,
                minimums: Vec::new(),
                fides: None,
                provenance: provenance("taxonomy.purposes"),
            };
            settings.extra_purposes.insert(id, kind);
        }
    }

    fn new_taxonomy_id(&mut self, id: &str, span: Span, builtin: bool) -> bool {
        if builtin {
            self.error(
                span,
                format!(
                    "`{id}` is a built-in id: the configuration may add ids, not redefine them"
                ),
                None,
            );
            return false;
        }
        let well_formed = !id.is_empty()
            && id.split('.').all(|s| {
                s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        if !well_formed {
            self.error(
                span,
                format!("`{id}` is not a taxonomy id"),
                Some("an id is words of letters, digits and `_` joined by `.`".to_owned()),
            );
        }
        well_formed
    }
}

/// `13 months` (from collection) or `5 years after contract_end`.
fn cap_period(text: &str) -> Option<Period> {
    let (duration, event) = match text.split_once(" after ") {
        Some((duration, event)) => (duration, event.trim()),
        None => (text, "collection"),
    };
    let well_formed = event
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && event
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !well_formed {
        return None;
    }
    let duration = Duration::parse_text(duration).ok()?;
    Some(Period::new(duration, Event::parse(event)))
}

/// For serde's "unknown field `transfer`, expected one of `include`, …": the key it was
/// most likely meant to be, or the keys allowed at that level (docs/configuration.md).
fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.split_once("unknown field `")?.1;
    let (found, rest) = rest.split_once('`')?;
    let expected: Vec<&str> = rest
        .split_once("expected ")
        .map_or("", |(_, list)| list)
        .trim_start_matches("one of ")
        .split([',', ' '])
        .map(|key| key.trim().trim_matches('`'))
        .filter(|key| !key.is_empty() && *key != "or")
        .collect();
    Some(
        match crate::suggest::closest(found, expected.iter().copied()) {
            Some(key) => format!("did you mean `{key}`?"),
            None if expected.is_empty() => "this key takes no fields".to_owned(),
            None => format!(
                "the keys here are {}; docs/configuration.md describes each",
                expected.join(", ")
            ),
        },
    )
}
