//! Dates as briefings know them: often partial, sometimes approximate, sometimes a range.
//!
//! Writers know that a meeting was on 3 September 2025, that a budget is "as of 2024", that
//! strikes ran "from August on". This module parses the subset of EDTF level 1 that
//! FORMAT.md allows (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`, a trailing `~` approximate, `?`
//! uncertain or `%` both, `START/END`, `../END`, `START/..`), orders dates by their start
//! (an open start by its end), and shows each at its own precision. Calendar validity (no
//! 31 April) is checked with jiff.

use std::cmp::Ordering;
use std::fmt;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    /// Only the year.
    Year,
    /// Year and month.
    Month,
    /// Year, month and day.
    Day,
}

/// One point in time at year, month or day precision, possibly approximate or uncertain.
///
/// Read back from `.gloss-cache/`, a value is checked as [`PartialDate::parse`] checks what
/// a writer wrote (a month of 1 to 12, a day of the calendar), so a damaged or forged entry
/// is refused rather than shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "UncheckedDate")]
pub struct PartialDate {
    /// The year (0–9999).
    pub year: i16,
    /// 1–12 when known.
    pub month: Option<u8>,
    /// 1–31 when known (only with a month).
    pub day: Option<u8>,
    /// Written with `~` (or `%`): "circa".
    pub approximate: bool,
    /// Written with `?` (or `%`): "perhaps".
    pub uncertain: bool,
}

/// A [`PartialDate`] as stored, before it is checked.
#[derive(serde::Deserialize)]
struct UncheckedDate {
    year: i16,
    month: Option<u8>,
    day: Option<u8>,
    approximate: bool,
    uncertain: bool,
}

impl TryFrom<UncheckedDate> for PartialDate {
    type Error = String;

    fn try_from(d: UncheckedDate) -> Result<Self, String> {
        // What `parse` can make: four digits of year, a day only with a month, and a day
        // of the calendar.
        let written = (0..=9999).contains(&d.year)
            && (d.month.is_some() || d.day.is_none())
            && calendar_fault(d.year, d.month, d.day).is_none();
        if !written {
            return Err(format!(
                "no such date: year {}, month {:?}, day {:?}",
                d.year, d.month, d.day
            ));
        }
        Ok(PartialDate {
            year: d.year,
            month: d.month,
            day: d.day,
            approximate: d.approximate,
            uncertain: d.uncertain,
        })
    }
}

/// Why a year, month and day are not a date of the calendar.
enum CalendarFault {
    /// A month outside 1 to 12.
    Month(u8),
    /// A day the month (1 to 12) does not have that year.
    Day(u8, u8),
}

/// What is wrong with `year`, `month` and `day` as a date of the calendar, if anything: the
/// one rule that both [`PartialDate::parse`] and a date read back from `.gloss-cache/` keep.
fn calendar_fault(year: i16, month: Option<u8>, day: Option<u8>) -> Option<CalendarFault> {
    let m = month?;
    if !(1..=12).contains(&m) {
        return Some(CalendarFault::Month(m));
    }
    let d = day?;
    jiff::civil::Date::new(year, m as i8, d as i8)
        .is_err()
        .then_some(CalendarFault::Day(m, d))
}

/// A date as FORMAT.md allows it: one partial date or a range with at most one open end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Date {
    /// A single point.
    Single(PartialDate),
    /// `START/END`, `../END` ("by END") or `START/..` ("since START").
    Range {
        /// `None` for an open start.
        start: Option<PartialDate>,
        /// `None` for an open end.
        end: Option<PartialDate>,
    },
}

/// Why a date did not parse, in words for the writer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The English name of a month, 1–12 (out-of-range numbers are clamped).
pub fn month_name(month: u8) -> &'static str {
    MONTHS[usize::from(month.clamp(1, 12) - 1)]
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with an optional `~`, `?` or `%`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let (body, approximate, uncertain) = match text.as_bytes().last() {
            Some(b'~') => (&text[..text.len() - 1], true, false),
            Some(b'?') => (&text[..text.len() - 1], false, true),
            Some(b'%') => (&text[..text.len() - 1], true, true),
            _ => (text, false, false),
        };
        let bad = || {
            DateError(format!(
                "`{text}` is not a date: write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, optionally followed by `~` (approximate) or `?` (uncertain)"
            ))
        };
        let parts: Vec<&str> = body.split('-').collect();
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if parts.is_empty() || parts.len() > 3 || !digits(parts[0], 4) {
            return Err(bad());
        }
        if parts[1..].iter().any(|p| !digits(p, 2)) {
            return Err(bad());
        }
        // Each part was just checked to be 2 or 4 ASCII digits, so these parses cannot fail.
        let year: i16 = parts[0].parse().map_err(|_| bad())?;
        let month: Option<u8> = parts
            .get(1)
            .map(|m| m.parse())
            .transpose()
            .map_err(|_| bad())?;
        let day: Option<u8> = parts
            .get(2)
            .map(|d| d.parse())
            .transpose()
            .map_err(|_| bad())?;
        match calendar_fault(year, month, day) {
            Some(CalendarFault::Month(m)) => {
                return Err(DateError(format!(
                    "`{text}` has no month {m}: months run from 01 to 12"
                )));
            }
            Some(CalendarFault::Day(m, d)) => {
                return Err(DateError(format!(
                    "`{text}` is not a day of the calendar: {} {year} has no day {d}",
                    MONTHS[usize::from(m - 1)]
                )));
            }
            None => {}
        }
        Ok(PartialDate {
            year,
            month,
            day,
            approximate,
            uncertain,
        })
    }

    /// How much of this date is known.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The first day this date may mean, as (year, month, day).
    pub fn first_day(&self) -> (i16, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day this date may mean, as (year, month, day).
    pub fn last_day(&self) -> (i16, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// The date as EDTF without qualifiers, for `<time datetime>`: `2025`, `2025-09`, `2025-09-03`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    fn month_name(&self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[usize::from(m - 1)])
    }

    /// Shown at its own precision, without qualifiers: "3 September 2025".
    fn plain(&self) -> String {
        match (self.month_name(), self.day) {
            (Some(m), Some(d)) => format!("{d} {m} {}", self.year),
            (Some(m), None) => format!("{m} {}", self.year),
            _ => self.year.to_string(),
        }
    }

    fn qualify(&self, shown: String) -> String {
        let shown = if self.approximate {
            format!("c. {shown}")
        } else {
            shown
        };
        if self.uncertain {
            format!("{shown}?")
        } else {
            shown
        }
    }

    fn qualified(&self) -> bool {
        self.approximate || self.uncertain
    }
}

fn days_in_month(year: i16, month: u8) -> u8 {
    jiff::civil::Date::new(year, month as i8, 1)
        .map(|d| d.days_in_month() as u8)
        .unwrap_or(31)
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.qualify(self.plain()))
    }
}

impl Date {
    /// Parses a date in any form FORMAT.md allows.
    ///
    /// ```
    /// use gloss::model::Date;
    /// assert_eq!(Date::parse("2025-02").unwrap().to_string(), "February 2025");
    /// assert_eq!(Date::parse("2024~").unwrap().to_string(), "c. 2024");
    /// assert_eq!(Date::parse("2025-09-03/2025-09-09").unwrap().to_string(), "3–9 September 2025");
    /// assert_eq!(Date::parse("../2025-03").unwrap().to_string(), "by March 2025");
    /// assert!(Date::parse("2025-02-30").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let Some((a, b)) = text.split_once('/') else {
            return PartialDate::parse(text).map(Date::Single);
        };
        let side = |s: &str| -> Result<Option<PartialDate>, DateError> {
            match s {
                ".." | "" => Ok(None),
                s => PartialDate::parse(s).map(Some),
            }
        };
        let (start, end) = (side(a)?, side(b)?);
        match (start, end) {
            (None, None) => Err(DateError(format!(
                "`{text}` is open at both ends: give a start, an end, or both"
            ))),
            (Some(s), Some(e)) if s.first_day() > e.last_day() => {
                Err(DateError(format!("`{text}` ends before it starts")))
            }
            _ => Ok(Date::Range { start, end }),
        }
    }

    /// A full calendar day `YYYY-MM-DD` and nothing else: what a publication date must be.
    pub fn parse_day(text: &str) -> Result<Self, DateError> {
        let date = Date::parse(text)?;
        match date {
            Date::Single(d) if d.precision() == Precision::Day && !d.qualified() => Ok(date),
            _ => Err(DateError(format!(
                "`{}` must be a full date, `YYYY-MM-DD`, without `~`, `?` or a range",
                text.trim()
            ))),
        }
    }

    /// The point the timeline orders by: the start, or the end of an open start.
    pub fn anchor(&self) -> PartialDate {
        match *self {
            Date::Single(d) => d,
            Date::Range { start: Some(s), .. } => s,
            Date::Range {
                start: None,
                end: Some(e),
            } => e,
            // `parse` never makes a range open at both ends; fall back to year 0 if built by hand.
            Date::Range {
                start: None,
                end: None,
            } => PartialDate {
                year: 0,
                month: None,
                day: None,
                approximate: false,
                uncertain: false,
            },
        }
    }

    /// The sort key: first day of the anchor, then the last day the date may mean.
    pub fn sort_key(&self) -> ((i16, u8, u8), (i16, u8, u8)) {
        let end = match *self {
            Date::Single(d) => d.last_day(),
            Date::Range { end: Some(e), .. } => e.last_day(),
            Date::Range { end: None, .. } => (i16::MAX, 12, 31),
        };
        (self.anchor().first_day(), end)
    }

    /// Whether a single date or either end is approximate.
    pub fn is_approximate(&self) -> bool {
        self.parts().any(|d| d.approximate)
    }

    /// Whether a single date or either end is uncertain.
    pub fn is_uncertain(&self) -> bool {
        self.parts().any(|d| d.uncertain)
    }

    /// Whether this is a range (open or closed).
    pub fn is_range(&self) -> bool {
        matches!(self, Date::Range { .. })
    }

    /// The coarsest precision of the date's known ends.
    pub fn precision(&self) -> Precision {
        self.parts()
            .map(|d| d.precision())
            .min()
            .unwrap_or(Precision::Year)
    }

    fn parts(&self) -> impl Iterator<Item = PartialDate> {
        let (a, b) = match *self {
            Date::Single(d) => (Some(d), None),
            Date::Range { start, end } => (start, end),
        };
        a.into_iter().chain(b)
    }

    /// The year the timeline files it under.
    pub fn year(&self) -> i16 {
        self.anchor().year
    }

    /// The month the timeline files it under, when known.
    pub fn month(&self) -> Option<u8> {
        self.anchor().month
    }

    /// A machine-readable form for `<time datetime>`: the anchor at its precision.
    pub fn iso(&self) -> String {
        self.anchor().iso()
    }

    /// The date as EDTF, as it would be written in a sidecar.
    pub fn edtf(&self) -> String {
        let one = |d: &PartialDate| {
            let q = match (d.approximate, d.uncertain) {
                (true, true) => "%",
                (true, false) => "~",
                (false, true) => "?",
                _ => "",
            };
            format!("{}{q}", d.iso())
        };
        match self {
            Date::Single(d) => one(d),
            Date::Range { start, end } => format!(
                "{}/{}",
                start.as_ref().map_or("..".to_string(), one),
                end.as_ref().map_or("..".to_string(), one)
            ),
        }
    }

    /// RFC 3339 timestamp of the first day at midnight UTC, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        let (y, m, d) = self.anchor().first_day();
        format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
    }
}

impl fmt::Display for Date {
    /// Shows the date at its own precision: "February 2025", "c. 2024",
    /// "3–9 September 2025", "by March 2025", "since August 2025".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in self.pieces() {
            f.write_str(&piece.text)?;
        }
        Ok(())
    }
}

/// A piece of a date as shown: words, and the point in time they stand for, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatePiece {
    /// The words shown: "3", "–", "9 September 2025", "by ".
    pub text: String,
    /// For `<time datetime>`, when the words name one end of the date: `2025-09-03`.
    pub datetime: Option<String>,
}

impl DatePiece {
    fn words(text: &str) -> Self {
        DatePiece {
            text: text.to_string(),
            datetime: None,
        }
    }

    fn at(text: String, d: &PartialDate) -> Self {
        DatePiece {
            text,
            datetime: Some(d.iso()),
        }
    }
}

impl Date {
    /// The date as shown, cut into its ends and the words between them, so that a page can
    /// give each end its own `<time>` element (an ISO 8601 interval is not a valid
    /// `datetime` for dates): `3` `–` `9 September 2025`; `by ` `March 2025`.
    pub fn pieces(&self) -> Vec<DatePiece> {
        match *self {
            Date::Single(d) => vec![DatePiece::at(d.to_string(), &d)],
            Date::Range {
                start: None,
                end: Some(e),
            } => vec![DatePiece::words("by "), DatePiece::at(e.to_string(), &e)],
            Date::Range {
                start: Some(s),
                end: None,
            } => vec![DatePiece::words("since "), DatePiece::at(s.to_string(), &s)],
            Date::Range {
                start: Some(s),
                end: Some(e),
            } => range_pieces(&s, &e),
            Date::Range {
                start: None,
                end: None,
            } => vec![DatePiece::words("undated")],
        }
    }
}

/// "3–9 September 2025", "August–September 2025", "2022–2024",
/// "30 August – 9 September 2025", "December 2024 – March 2025", as pieces: the start as
/// far as it differs from the end, the dash, the end.
fn range_pieces(s: &PartialDate, e: &PartialDate) -> Vec<DatePiece> {
    if s == e {
        return vec![DatePiece::at(s.to_string(), s)];
    }
    let plain_ends = !s.qualified() && !e.qualified();
    let same_precision = s.precision() == e.precision();
    let short = |start: String, dash: &str| {
        vec![
            DatePiece::at(start, s),
            DatePiece::words(dash),
            DatePiece::at(e.to_string(), e),
        ]
    };
    if plain_ends && same_precision && s.year == e.year {
        match s.precision() {
            Precision::Year => {}
            Precision::Month => return short(month(s).to_string(), "–"),
            Precision::Day if s.month == e.month => {
                return short(s.day.unwrap_or(1).to_string(), "–");
            }
            Precision::Day => {
                return short(format!("{} {}", s.day.unwrap_or(1), month(s)), " – ");
            }
        }
    }
    if plain_ends && same_precision && s.precision() == Precision::Year {
        return short(s.year.to_string(), "–");
    }
    short(s.to_string(), " – ")
}

fn month(d: &PartialDate) -> &'static str {
    d.month_name().unwrap_or("")
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Date {
    /// Timeline order: by start (an open start by its end), then by end, then as written.
    fn cmp(&self, other: &Self) -> Ordering {
        if self == other {
            // Equal dates are written alike: no need to write them out (sorting ten
            // thousand briefings meets many ties).
            return Ordering::Equal;
        }
        self.sort_key()
            .cmp(&other.sort_key())
            .then_with(|| self.edtf().cmp(&other.edtf()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_are_checked_as_written_ones_are() {
        let read = |d: &PartialDate| {
            let bytes = postcard::to_stdvec(d).unwrap();
            postcard::from_bytes::<PartialDate>(&bytes).ok()
        };
        let good = PartialDate::parse("2024-02-29").unwrap();
        assert_eq!(read(&good), Some(good));
        let forged = [
            PartialDate {
                month: Some(13),
                day: None,
                ..good
            },
            PartialDate {
                month: Some(0),
                day: None,
                ..good
            },
            PartialDate {
                day: Some(30),
                ..good
            },
            PartialDate {
                month: None,
                ..good
            },
            PartialDate { year: -1, ..good },
        ];
        for d in forged {
            assert_eq!(read(&d), None, "{d:?}");
        }
    }

    fn show(s: &str) -> String {
        Date::parse(s).unwrap().to_string()
    }

    fn pieces(s: &str) -> Vec<(String, Option<String>)> {
        Date::parse(s)
            .unwrap()
            .pieces()
            .into_iter()
            .map(|p| (p.text, p.datetime))
            .collect()
    }

    #[test]
    fn a_range_is_cut_into_its_two_ends() {
        let at = |t: &str, d: &str| (t.to_string(), Some(d.to_string()));
        let words = |t: &str| (t.to_string(), None);
        assert_eq!(
            pieces("2025-09-03/2025-09-09"),
            [
                at("3", "2025-09-03"),
                words("–"),
                at("9 September 2025", "2025-09-09")
            ]
        );
        assert_eq!(
            pieces("2024-12/2025-03"),
            [
                at("December 2024", "2024-12"),
                words(" – "),
                at("March 2025", "2025-03")
            ]
        );
        assert_eq!(
            pieces("../2025-03"),
            [words("by "), at("March 2025", "2025-03")]
        );
        assert_eq!(
            pieces("2025-08/.."),
            [words("since "), at("August 2025", "2025-08")]
        );
        assert_eq!(pieces("2024~"), [at("c. 2024", "2024")]);
    }

    #[test]
    fn shows_each_precision() {
        assert_eq!(show("2022"), "2022");
        assert_eq!(show("2025-02"), "February 2025");
        assert_eq!(show("2025-09-03"), "3 September 2025");
        assert_eq!(show("2024~"), "c. 2024");
        assert_eq!(show("2025-08~"), "c. August 2025");
        assert_eq!(show("2025-09?"), "September 2025?");
        assert_eq!(show("2024%"), "c. 2024?");
    }

    #[test]
    fn shows_ranges() {
        assert_eq!(show("2025-09-03/2025-09-09"), "3–9 September 2025");
        assert_eq!(show("2025-08/2025-09"), "August–September 2025");
        assert_eq!(show("2022/2024"), "2022–2024");
        assert_eq!(
            show("2025-08-30/2025-09-09"),
            "30 August – 9 September 2025"
        );
        assert_eq!(show("2024-12/2025-03"), "December 2024 – March 2025");
        assert_eq!(show("../2025-03"), "by March 2025");
        assert_eq!(show("2025-08/.."), "since August 2025");
        assert_eq!(show("2024~/2025"), "c. 2024 – 2025");
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "25",
            "2025-9",
            "2025-13",
            "2025-02-30",
            "2025-09-03x",
            "../..",
            "2025/2024",
            "2025-1-01",
            "twenty",
        ] {
            assert!(Date::parse(bad).is_err(), "{bad} should not parse");
        }
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2023-02-29").is_err());
    }

    #[test]
    fn orders_by_start_and_open_start_by_end() {
        let mut dates: Vec<Date> = ["2025-09-03", "2025", "../2025-03", "2025-02", "2024~"]
            .iter()
            .map(|s| Date::parse(s).unwrap())
            .collect();
        dates.sort();
        let shown: Vec<String> = dates.iter().map(|d| d.edtf()).collect();
        assert_eq!(
            shown,
            ["2024~", "2025", "2025-02", "../2025-03", "2025-09-03"]
        );
    }

    #[test]
    fn publication_date_must_be_a_day() {
        assert!(Date::parse_day("2025-09-03").is_ok());
        assert!(Date::parse_day("2025-09").is_err());
        assert!(Date::parse_day("2025-09-03~").is_err());
    }
}
