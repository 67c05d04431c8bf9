//! How two retention periods compare (RULES.md, "Retention counts from an event").
//!
//! `retain D after E` and a bound `C after F` compare only when counted from comparable
//! events. From the same event, D must not exceed C. Collection comes before every other
//! event, so a period counted from collection satisfies a bound counted from a later event
//! when D does not exceed C; a period counted from a later event than its bound's (a
//! tracker cap from placement, a retention after `last_contact`) is not bounded by it,
//! since the later event can be renewed (the CNIL's 13-month tracker lifetime is not
//! renewed at each visit), unless that event comes at a known latest time after collection
//! (the end of the calendar year). Two other events have no order the policy states
//! (`contract_end` and `last_contact`): such periods are not compared, rather than
//! guessed at.

use std::cmp::Ordering;
use std::fmt;

use crate::model::Event;
use crate::source::Span;
use crate::values::Duration;

/// A retention cap the configuration sets (`retention.caps`) on a category id or group:
/// `5 years`, counted from collection, or `5 years after contract_end`.
#[derive(Clone, Debug)]
pub struct ConfiguredCap {
    pub taxonomy: String,
    pub max: Period,
    pub span: Span,
}

/// A duration counted from an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub duration: Duration,
    pub after: Event,
}

impl Period {
    pub fn new(duration: Duration, after: Event) -> Period {
        Period { duration, after }
    }

    /// A period counted from collection, as `stores … for D` is.
    pub fn from_collection(duration: Duration) -> Period {
        Period::new(duration, Event::Collection)
    }

    /// `2 years`, or `13 months after last_contact`: as a message shows it.
    pub fn short(&self) -> String {
        match self.after {
            Event::Collection => self.duration.to_string(),
            _ => self.to_string(),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} after {}", self.duration, self.after)
    }
}

/// How a period stands against a bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// It ends no later than the bound.
    Within,
    /// Counted from a comparable event, it is longer.
    Exceeds,
    /// Counted from a later event than the bound's: the bound cannot hold it.
    Unbounded,
    /// Counted from events whose order is not known: not compared.
    Unordered,
}

impl Bound {
    /// Whether the period is shown to break the bound.
    pub fn breaks(self) -> bool {
        matches!(self, Bound::Exceeds | Bound::Unbounded)
    }
}

/// Compares a kept period with a bound (a cap, the retention of a purpose, or a legal
/// minimum that must fit within a retention).
pub fn compare(kept: &Period, bound: &Period) -> Bound {
    let within = |longest: Duration| match longest.compare(bound.duration) {
        Ordering::Greater => Bound::Exceeds,
        Ordering::Less | Ordering::Equal => Bound::Within,
    };
    if kept.after == bound.after || kept.after == Event::Collection {
        return within(kept.duration);
    }
    if bound.after != Event::Collection {
        return Bound::Unordered;
    }
    // Counted from a later event: bounded only if that event comes at a known latest
    // time after collection (the end of the calendar year), never if it can recur.
    match kept.after.latest_after_collection() {
        Some(lag) => within(kept.duration.plus(lag)),
        None => Bound::Unbounded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(text: &str, after: &str) -> Period {
        let duration = Duration::parse_text(text).expect("a duration");
        Period::new(duration, Event::parse(after))
    }

    #[test]
    fn periods_compare_only_from_comparable_events() {
        let cap = period("13 months", "collection");
        assert_eq!(
            compare(&period("13 months", "collection"), &cap),
            Bound::Within
        );
        assert_eq!(
            compare(&period("1 year", "collection"), &cap),
            Bound::Within
        );
        assert_eq!(
            compare(&period("14 months", "collection"), &cap),
            Bound::Exceeds
        );
        // Renewed at each contact: never bounded by a cap from collection.
        assert_eq!(
            compare(&period("13 months", "last_contact"), &cap),
            Bound::Unbounded
        );
        // From collection, a cap counted from a later event holds when D <= C.
        let later = period("3 years", "last_contact");
        assert_eq!(
            compare(&period("3 years", "collection"), &later),
            Bound::Within
        );
        assert_eq!(
            compare(&period("4 years", "collection"), &later),
            Bound::Exceeds
        );
        assert_eq!(
            compare(&period("3 years", "last_contact"), &later),
            Bound::Within
        );
        assert_eq!(
            compare(&period("1 year", "contract_end"), &later),
            Bound::Unordered
        );
        // The end of the calendar year is at most twelve months after collection.
        let ten_years = period("10 years", "collection");
        assert_eq!(
            compare(&period("8 years", "calendar_year_end"), &ten_years),
            Bound::Within
        );
        assert_eq!(
            compare(&period("10 years", "calendar_year_end"), &ten_years),
            Bound::Exceeds
        );
        assert_eq!(
            compare(&period("10 years", "financial_year_end"), &ten_years),
            Bound::Unbounded
        );
    }
}
