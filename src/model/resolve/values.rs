//! Values: places, durations, taxonomy ids, kinds, and the checks every attribute shares.

use super::*;

impl Resolver<'_> {
    // -----------------------------------------------------------------------------------
    // Values

    pub(super) fn place(&mut self, word: &ast::Word) -> Option<Spanned<Place>> {
        let text = word.node.as_str();
        let knowledge = self.vocabulary.knowledge;
        if let Some(place) = knowledge.place(text) {
            return Some(Spanned::new(place, word.span));
        }
        if text.contains('-') {
            return self.subdivision(word);
        }
        let help = country_suggestion(knowledge, text, &mut self.suggestion_budget);
        self.invalid(
            word.span,
            format!("`{text}` is not a country code"),
            with_suggestion(
                help,
                "a location is an ISO 3166-1 alpha-2 code in capitals (`FR`, `US`), or `EEA` or `EU`",
            ),
        );
        None
    }

    /// `US-CA`: an ISO 3166-2 subdivision of the table (the United States').
    fn subdivision(&mut self, word: &ast::Word) -> Option<Spanned<Place>> {
        let text = word.node.as_str();
        let known = &self.vocabulary.knowledge.us.subdivisions;
        let upper = text.to_uppercase();
        let codes: Vec<String> = known.keys().map(|s| s.to_string()).collect();
        let help = if upper != text && codes.contains(&upper) {
            Some(format!("did you mean `{upper}`?"))
        } else {
            let by_name = known
                .iter()
                .find(|(_, name)| {
                    name.eq_ignore_ascii_case(text.split_once('-').map_or(text, |(_, n)| n))
                })
                .map(|(s, _)| format!("did you mean `{s}`?"));
            by_name.or_else(|| {
                suggest::did_you_mean_within(
                    text,
                    codes.iter().map(String::as_str),
                    &mut self.suggestion_budget,
                )
            })
        };
        let what = if upper.starts_with("US-") {
            format!("`{text}` is not a subdivision of the United States")
        } else {
            format!("`{text}` is not a subdivision redline knows")
        };
        self.invalid(
            word.span,
            what,
            with_suggestion(
                help,
                "a subdivision is an ISO 3166-2 code of the United States, such as `US-CA` or `US-VA` (redline knows no other country's)",
            ),
        );
        None
    }

    pub(super) fn duration(&mut self, literal: &DurationLit) -> Option<Spanned<Duration>> {
        match Duration::parse(&literal.count.node, &literal.unit.node) {
            Ok(duration) => Some(Spanned::new(duration, literal.span)),
            Err(DurationError::UnknownUnit) => {
                let help = suggest::did_you_mean_within(
                    &literal.unit.node,
                    TimeUnit::WORDS,
                    &mut self.suggestion_budget,
                );
                self.invalid(
                    literal.unit.span,
                    format!("`{}` is not a unit of time", literal.unit.node),
                    with_suggestion(
                        help,
                        "durations are in `days`, `weeks`, `months` or `years`",
                    ),
                );
                None
            }
            Err(DurationError::TooLarge | DurationError::NotANumber) => {
                self.invalid(
                    literal.count.span,
                    format!("`{}` is too large for a duration", literal.count.node),
                    Some(format!(
                        "a duration is at most {} units",
                        crate::values::MAX_DURATION_AMOUNT
                    )),
                );
                None
            }
        }
    }

    /// A data category or purpose id of the taxonomy (not a group).
    pub(super) fn taxonomy_id(&mut self, word: &ast::Word, keyword: Keyword) {
        let (known, what) = match keyword {
            Keyword::Category => (
                self.vocabulary.category(&word.node).is_some(),
                "data category",
            ),
            _ => (self.vocabulary.purpose(&word.node).is_some(), "purpose"),
        };
        if !known {
            let ids = self.vocabulary.ids(keyword);
            self.unknown_path(word, &ids, what);
        }
    }

    pub(super) fn unknown_path(&mut self, word: &ast::Word, ids: &[&str], what: &str) {
        let group = members(ids.iter().copied(), &word.node);
        if !group.is_empty() {
            self.invalid(
                word.span,
                format!("`{}` is a group of {what} ids, not one of them", word.node),
                Some(format!("use one of: {}", group.join(", "))),
            );
            return;
        }
        let help = suggest::did_you_mean_within(
            &word.node,
            ids.iter().copied(),
            &mut self.suggestion_budget,
        );
        self.invalid(
            word.span,
            format!("unknown {what} `{}` in the taxonomy", word.node),
            with_suggestion(
                help,
                format!(
                    "`redline knowledge {}` lists the ids; the configuration's `taxonomy` can add more",
                    if what == "purpose" { "purposes" } else { "categories" }
                ),
            ),
        );
    }

    /// A subject, system or recipient kind: one of the language's, or E004 with a
    /// did-you-mean (and `None`, so no rule reads a kind that is not one).
    pub(super) fn kind<K>(
        &mut self,
        word: &ast::Word,
        parse: fn(&str) -> Option<K>,
        ids: impl Iterator<Item = &'static str> + Clone,
        what: &str,
    ) -> Option<Spanned<K>> {
        if let Some(kind) = parse(&word.node) {
            return Some(Spanned::new(kind, word.span));
        }
        let help =
            suggest::did_you_mean_within(&word.node, ids.clone(), &mut self.suggestion_budget);
        let all: Vec<&str> = ids.collect();
        self.invalid(
            word.span,
            format!("unknown {what} kind `{}`", word.node),
            with_suggestion(help, format!("the {what} kinds are {}", all.join(", "))),
        );
        None
    }

    /// A text the language requires (an assessment reference, a law cited, a
    /// justification): a blank one is reported, since it says nothing a DPO can check.
    pub(super) fn required_text(&mut self, text: &Text, what: &str) {
        if given(text).is_none() {
            self.invalid(
                text.span,
                format!("{what} is empty"),
                Some("write it out: an empty text counts as missing".to_owned()),
            );
        }
    }

    /// Reports a second occurrence of an attribute that may be given once.
    pub(super) fn once(
        &mut self,
        seen: &mut BTreeMap<&'static str, Span>,
        attribute: &Spanned<Attribute>,
    ) -> bool {
        if attribute.node.is_repeatable() {
            return true;
        }
        let keyword = attribute.node.keyword();
        if let Some(first) = seen.get(keyword) {
            self.duplicate_attribute(attribute.span, *first, keyword);
            return false;
        }
        seen.insert(keyword, attribute.span);
        true
    }

    /// `what` given a second time at `again`, first at `first`.
    pub(super) fn duplicate_attribute(&mut self, again: Span, first: Span, what: &str) {
        let d = Diagnostic::input(
            InputError::InvalidValue,
            again,
            format!("`{what}` is given twice"),
        )
        .with_secondary(first, "first given here")
        .with_help("keep one of them");
        self.diagnostics.push(d);
    }

    pub(super) fn require(
        &mut self,
        present: bool,
        decl: &EntityDecl,
        attribute: &str,
        help: &str,
    ) {
        // A declaration cut short by a syntax error lacks what the error is about.
        if !present && !self.truncated.contains(&decl.span) {
            let message = match decl.keyword.node {
                Keyword::Controller => {
                    format!("the controller \"{}\" has no `{attribute}`", decl.name.node)
                }
                keyword => format!(
                    "`{} {}` has no `{attribute}`",
                    keyword.as_str(),
                    decl.name.node
                ),
            };
            self.invalid(decl.name.span, message, Some(help.to_owned()));
        }
    }
}

pub(super) const CONTROLLER_LOCATION: &str =
    "say where the controller is established: `location FR`";
pub(super) const NODE_LOCATION: &str =
    "say which country the data is in, for transfer checks: `location IE`";

/// "did you mean `FR` (France)?" for a wrong code, a lowercase code, a country's name or a
/// common non-ISO code (`UK`, `EL`).
fn country_suggestion(
    knowledge: &crate::knowledge::Knowledge,
    text: &str,
    budget: &mut usize,
) -> Option<String> {
    let name_of = |code: CountryCode| {
        knowledge
            .country(code)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let upper = text.to_uppercase();
    let alias = match upper.as_str() {
        "UK" => Some("GB"),
        "EL" => Some("GR"),
        _ => None,
    };
    if let Some(code) = alias.and_then(CountryCode::from_letters) {
        return Some(format!("did you mean `{code}` ({})?", name_of(code)));
    }
    if let Some(code) =
        CountryCode::from_letters(&upper).filter(|c| knowledge.country(*c).is_some())
    {
        return Some(format!("did you mean `{code}` ({})?", name_of(code)));
    }
    if upper == "EEA" || upper == "EU" {
        return Some(format!("did you mean `{upper}`?"));
    }
    let by_name = knowledge
        .countries
        .values()
        .find(|c| c.name.eq_ignore_ascii_case(text))
        .map(|c| c.code)
        .or_else(|| {
            let names = knowledge.countries.values().map(|c| c.name.as_str());
            let name = suggest::closest_within(text, names, budget)?;
            knowledge
                .countries
                .values()
                .find(|c| c.name == name)
                .map(|c| c.code)
        });
    by_name.map(|code| format!("did you mean `{code}` ({})?", name_of(code)))
}

/// An optional text attribute as the model keeps it: blank text counts as absent
/// (RULES.md, "Empty is absent"), so `withdraw ""` is no way to withdraw.
pub(super) fn given(text: &Text) -> Option<Text> {
    (!text.node.trim().is_empty()).then(|| text.clone())
}
