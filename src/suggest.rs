//! "Did you mean …?" for names, keywords, countries and taxonomy paths.

/// The candidate closest to `found`, if it is close enough to be a likely typo.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut unlimited = usize::MAX;
    closest_within(found, candidates, &mut unlimited)
}

/// [`closest`], spending one unit of `budget` per candidate; none once it is spent, so
/// that a partial search never offers a worse match than a whole one would.
pub fn closest_within<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut usize,
) -> Option<&'a str> {
    let found_lower = found.to_lowercase();
    let found_chars = found_lower.chars().count();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        if candidate == found {
            continue;
        }
        let lower = candidate.to_lowercase();
        let score = strsim::jaro_winkler(&found_lower, &lower);
        // Short words: a single edit; longer ones: a high Jaro-Winkler score. The edit
        // distance is only worth computing when it can decide.
        let close = score >= 0.93
            || (score >= 0.88 && strsim::damerau_levenshtein(&found_lower, &lower) <= 3)
            || (found_chars.abs_diff(lower.chars().count()) <= 1
                && strsim::damerau_levenshtein(&found_lower, &lower) <= 1);
        if close && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" or nothing.
pub fn did_you_mean<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(found, candidates).map(|c| format!("did you mean `{c}`?"))
}

/// The suggestion a [`did_you_mean`] help holds (for an editor's quick fix).
pub fn suggestion_in(help: &str) -> Option<&str> {
    let start = help.find("did you mean `")? + "did you mean `".len();
    let rest = help.get(start..)?;
    rest.get(..rest.find("`?")?)
}

/// [`did_you_mean`] within a budget (see [`closest_within`]).
pub fn did_you_mean_within<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut usize,
) -> Option<String> {
    closest_within(found, candidates, budget).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let names = ["newsletter", "checkout", "payment"];
        assert_eq!(closest("newsleter", names), Some("newsletter"));
        assert_eq!(closest("chekout", names), Some("checkout"));
        assert_eq!(closest("xyz", names), None);
        assert_eq!(closest("checkout", names), None);
    }

    #[test]
    fn a_spent_budget_gives_no_suggestion_rather_than_a_worse_one() {
        let names = ["payment", "checkout", "newsletter"];
        let mut budget = 2;
        assert_eq!(closest_within("newsleter", names, &mut budget), None);
        assert_eq!(budget, 0);
        let mut budget = 3;
        assert_eq!(
            closest_within("newsleter", names, &mut budget),
            Some("newsletter")
        );
        assert_eq!(closest_within("chekout", names, &mut budget), None);
    }
}
