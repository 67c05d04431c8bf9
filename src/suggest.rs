//! "Did you mean …?" for names, keywords, countries and taxonomy paths.

/// The candidate closest to `found`, if it is close enough to be a likely typo.
pub fn closest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found_lower = found.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for candidate in candidates {
        if candidate == found {
            continue;
        }
        let score = strsim::jaro_winkler(&found_lower, &candidate.to_lowercase());
        let distance = strsim::damerau_levenshtein(&found_lower, &candidate.to_lowercase());
        // Short words: a single edit; longer ones: a high Jaro-Winkler score.
        let close = distance <= 1 || (distance <= 3 && score >= 0.88) || score >= 0.93;
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
}
