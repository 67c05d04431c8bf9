//! Typed values of the language: durations, places and dates.

use std::cmp::Ordering;
use std::fmt;

/// A closed set of words of the language, as an enum: `ALL`, `id()` (the word a policy
/// writes), `parse()` and `Display`. Used for every vocabulary whose members are fixed by
/// the language (kinds, bases, properties), so that no code compares strings.
macro_rules! closed_vocabulary {
    ($($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $id:literal),+ $(,)? })+) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The id a policy writes.
            pub fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($id => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// Every id, in declaration order.
            pub fn ids() -> impl Iterator<Item = &'static str> + Clone {
                Self::ALL.iter().map(|k| k.id())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }
    )+};
}

pub(crate) use closed_vocabulary;

/// A calendar date, for as-of dates of the built-in knowledge.
pub type Date = jiff::civil::Date;

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    // jiff accepts more forms than the one we document; insist on ours.
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    text.parse::<Date>().ok()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimeUnit {
    Day,
    Week,
    Month,
    Year,
}

impl TimeUnit {
    pub const WORDS: [&'static str; 8] = [
        "day", "days", "week", "weeks", "month", "months", "year", "years",
    ];

    pub fn parse(word: &str) -> Option<TimeUnit> {
        match word {
            "day" | "days" => Some(TimeUnit::Day),
            "week" | "weeks" => Some(TimeUnit::Week),
            "month" | "months" => Some(TimeUnit::Month),
            "year" | "years" => Some(TimeUnit::Year),
            _ => None,
        }
    }

    fn name(self, plural: bool) -> &'static str {
        match (self, plural) {
            (TimeUnit::Day, false) => "day",
            (TimeUnit::Day, true) => "days",
            (TimeUnit::Week, false) => "week",
            (TimeUnit::Week, true) => "weeks",
            (TimeUnit::Month, false) => "month",
            (TimeUnit::Month, true) => "months",
            (TimeUnit::Year, false) => "year",
            (TimeUnit::Year, true) => "years",
        }
    }
}

/// The longest duration the language accepts: far beyond any retention period, and small
/// enough that conversions between units never overflow.
pub const MAX_DURATION_AMOUNT: u32 = 100_000;

/// `13 months`. Two durations are compared with [`Duration::compare`], not `==`, because
/// `1 year` and `12 months` are the same length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: u32,
    pub unit: TimeUnit,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DurationError {
    NotANumber,
    TooLarge,
    UnknownUnit,
}

/// Days in a month when a comparison mixes months with days or weeks (LANGUAGE.md).
const DAYS_PER_MONTH: f64 = 30.44;

impl Duration {
    pub fn new(amount: u32, unit: TimeUnit) -> Self {
        Duration { amount, unit }
    }

    pub fn parse(count: &str, unit: &str) -> Result<Duration, DurationError> {
        let unit = TimeUnit::parse(unit).ok_or(DurationError::UnknownUnit)?;
        if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DurationError::NotANumber);
        }
        let amount = count.parse::<u32>().map_err(|_| DurationError::TooLarge)?;
        if amount > MAX_DURATION_AMOUNT {
            return Err(DurationError::TooLarge);
        }
        Ok(Duration { amount, unit })
    }

    /// Parses `13 months` (one space or more between number and unit).
    pub fn parse_text(text: &str) -> Result<Duration, DurationError> {
        let mut words = text.split_whitespace();
        let (Some(count), Some(unit), None) = (words.next(), words.next(), words.next()) else {
            return Err(DurationError::NotANumber);
        };
        Duration::parse(count, unit)
    }

    /// Whole months for month and year units.
    fn months(self) -> Option<u64> {
        match self.unit {
            TimeUnit::Month => Some(u64::from(self.amount)),
            TimeUnit::Year => Some(u64::from(self.amount) * 12),
            TimeUnit::Day | TimeUnit::Week => None,
        }
    }

    /// Whole days for day and week units.
    fn days(self) -> Option<u64> {
        match self.unit {
            TimeUnit::Day => Some(u64::from(self.amount)),
            TimeUnit::Week => Some(u64::from(self.amount) * 7),
            TimeUnit::Month | TimeUnit::Year => None,
        }
    }

    fn approximate_days(self) -> f64 {
        match (self.days(), self.months()) {
            (Some(days), _) => days as f64,
            (None, Some(months)) => months as f64 * DAYS_PER_MONTH,
            (None, None) => 0.0,
        }
    }

    /// The two durations one after the other (months with years exactly, days with weeks
    /// exactly, a mix in days at 30.44 a month, rounded up).
    pub fn plus(self, other: Duration) -> Duration {
        let sum = |a: u64, b: u64| u32::try_from(a + b).unwrap_or(u32::MAX);
        if let (Some(a), Some(b)) = (self.months(), other.months()) {
            return Duration::new(sum(a, b), TimeUnit::Month);
        }
        if let (Some(a), Some(b)) = (self.days(), other.days()) {
            return Duration::new(sum(a, b), TimeUnit::Day);
        }
        let days = (self.approximate_days() + other.approximate_days()).ceil();
        Duration::new(days.min(f64::from(u32::MAX)) as u32, TimeUnit::Day)
    }

    /// Months and years compare exactly, days and weeks compare exactly, and a mix uses
    /// 1 month = 30.44 days.
    pub fn compare(self, other: Duration) -> Ordering {
        if let (Some(a), Some(b)) = (self.months(), other.months()) {
            return a.cmp(&b);
        }
        if let (Some(a), Some(b)) = (self.days(), other.days()) {
            return a.cmp(&b);
        }
        self.approximate_days().total_cmp(&other.approximate_days())
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.name(self.amount != 1))
    }
}

/// An ISO 3166-1 alpha-2 code, known to be in the country table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// A code of two ASCII capitals; whether it is assigned is the country table's business.
    pub fn from_letters(text: &str) -> Option<CountryCode> {
        match text.as_bytes() {
            [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => {
                Some(CountryCode([*a, *b]))
            }
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    Eea,
    Eu,
}

impl Region {
    pub fn parse(text: &str) -> Option<Region> {
        match text {
            "EEA" => Some(Region::Eea),
            "EU" => Some(Region::Eu),
            _ => None,
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Region::Eea => "EEA",
            Region::Eu => "EU",
        })
    }
}

/// An ISO 3166-2 subdivision such as `US-CA`: a country and a code of one to three
/// capitals or digits, known to be in the subdivision table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subdivision {
    pub country: CountryCode,
    code: [u8; 3],
}

impl Subdivision {
    /// `US-CA` as written; whether it exists is the subdivision table's business.
    pub fn from_text(text: &str) -> Option<Subdivision> {
        let (country, code) = text.split_once('-')?;
        let country = CountryCode::from_letters(country)?;
        let bytes = code.as_bytes();
        if bytes.is_empty()
            || bytes.len() > 3
            || !bytes
                .iter()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        {
            return None;
        }
        let mut padded = [b' '; 3];
        padded[..bytes.len()].copy_from_slice(bytes);
        Some(Subdivision {
            country,
            code: padded,
        })
    }

    /// The part after the country: `CA`.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.code).unwrap_or("???").trim_end()
    }
}

impl fmt::Display for Subdivision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.country, self.code())
    }
}

/// Where a node is: a country, a subdivision of one (`US-CA`), or somewhere in a region.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    Country(CountryCode),
    Subdivision(Subdivision),
    Region(Region),
}

impl Place {
    /// The place as far as borders between countries go: a subdivision is its country
    /// (transfers, EEA membership and adequacy are questions about countries).
    pub fn national(self) -> Place {
        match self {
            Place::Subdivision(s) => Place::Country(s.country),
            other => other,
        }
    }

    /// The subdivision, when the place names one.
    pub fn subdivision(self) -> Option<Subdivision> {
        match self {
            Place::Subdivision(s) => Some(s),
            _ => None,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Country(c) => c.fmt(f),
            Place::Subdivision(s) => s.fmt(f),
            Place::Region(r) => r.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Duration {
        Duration::parse_text(text).unwrap_or(Duration::new(0, TimeUnit::Day))
    }

    #[test]
    fn months_and_years_compare_exactly() {
        assert_eq!(d("1 year").compare(d("12 months")), Ordering::Equal);
        assert_eq!(d("13 months").compare(d("1 year")), Ordering::Greater);
        assert_eq!(d("2 weeks").compare(d("14 days")), Ordering::Equal);
    }

    #[test]
    fn a_mix_uses_30_44_days_a_month() {
        // 1 month = 30.44 days: 30 days is shorter, 31 days longer.
        assert_eq!(d("30 days").compare(d("1 month")), Ordering::Less);
        assert_eq!(d("31 days").compare(d("1 month")), Ordering::Greater);
        assert_eq!(d("52 weeks").compare(d("1 year")), Ordering::Less);
    }

    #[test]
    fn rejects_bad_durations() {
        assert_eq!(
            Duration::parse("13", "monts"),
            Err(DurationError::UnknownUnit)
        );
        assert_eq!(
            Duration::parse("99999999999", "days"),
            Err(DurationError::TooLarge)
        );
        assert_eq!(
            Duration::parse("100001", "days"),
            Err(DurationError::TooLarge)
        );
        assert_eq!(d("1 year").to_string(), "1 year");
        assert_eq!(d("3 years").to_string(), "3 years");
    }

    #[test]
    fn dates_have_one_form() {
        assert!(parse_date("2020-07-16").is_some());
        assert!(parse_date("2020-02-30").is_none());
        assert!(parse_date("2020-7-16").is_none());
    }
}

/// The event a retention period runs from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    Collection,
    LastContact,
    ContractEnd,
    AccountClosure,
    Withdrawal,
    /// The end of the calendar year the data belongs to (German retention periods).
    CalendarYearEnd,
    /// The close of the financial year (French accounting records).
    FinancialYearEnd,
    /// An event of the organisation's own, named in the policy.
    Custom(String),
}

impl Event {
    /// The events redline knows (any other word is an event of the organisation's own).
    pub const KNOWN: [&'static str; 7] = [
        "collection",
        "last_contact",
        "contract_end",
        "account_closure",
        "withdrawal",
        "calendar_year_end",
        "financial_year_end",
    ];

    pub fn parse(word: &str) -> Event {
        match word {
            "collection" => Event::Collection,
            "last_contact" => Event::LastContact,
            "contract_end" => Event::ContractEnd,
            "account_closure" => Event::AccountClosure,
            "withdrawal" => Event::Withdrawal,
            "calendar_year_end" => Event::CalendarYearEnd,
            "financial_year_end" => Event::FinancialYearEnd,
            other => Event::Custom(other.to_owned()),
        }
    }
}

impl Event {
    pub fn id(&self) -> &str {
        match self {
            Event::Collection => "collection",
            Event::LastContact => "last_contact",
            Event::ContractEnd => "contract_end",
            Event::AccountClosure => "account_closure",
            Event::Withdrawal => "withdrawal",
            Event::CalendarYearEnd => "calendar_year_end",
            Event::FinancialYearEnd => "financial_year_end",
            Event::Custom(name) => name,
        }
    }

    /// How long after collection the event comes at the latest, when that is known: the
    /// end of the calendar year is at most twelve months away. Other events (a last
    /// contact, the end of a contract, a financial year's close) have no such bound.
    pub fn latest_after_collection(&self) -> Option<Duration> {
        match self {
            Event::Collection => Some(Duration::new(0, TimeUnit::Month)),
            Event::CalendarYearEnd => Some(Duration::new(12, TimeUnit::Month)),
            _ => None,
        }
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}
