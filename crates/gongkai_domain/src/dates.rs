//! The plausible range of a date someone enters (a filing, a decision, a case, a register entry).
//!
//! The statutory rules count working days between such dates and the annual report (表三, 表四)
//! counts them by year, so an absurd date (year 9999, year −262143) would skew every figure it
//! reaches. Every date accepted from a form or the API is checked with [`check`]; a rule with a
//! narrower bound of its own (e.g. “not after today”) applies it in addition.

use chrono::{Days, NaiveDate};

/// The earliest date accepted: 1990-01-01, well before the 条例 (2008) and any record an agency
/// could still be entering.
pub const EARLIEST: (i32, u32, u32) = (1990, 1, 1);

/// How far ahead of today a date may lie (deadlines, scheduled releases): one year.
pub const MAX_DAYS_AHEAD: u64 = 366;

/// The earliest accepted date as a date.
pub fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(EARLIEST.0, EARLIEST.1, EARLIEST.2).unwrap_or(NaiveDate::MIN)
}

/// The latest accepted date, seen from `today`.
pub fn latest(today: NaiveDate) -> NaiveDate {
    today.checked_add_days(Days::new(MAX_DAYS_AHEAD)).unwrap_or(today)
}

/// Whether `d` lies in [`earliest`] ..= [`latest`]`(today)`.
pub fn plausible(d: NaiveDate, today: NaiveDate) -> bool {
    (earliest()..=latest(today)).contains(&d)
}

/// A date outside the plausible range, with the message for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ImplausibleDate {
    pub date: NaiveDate,
    pub message: String,
}

impl ImplausibleDate {
    /// The stable error code for the API.
    pub const CODE: &'static str = "date_out_of_range";
}

/// Checks `d` (named `what` in the message, e.g. “立案日期”) against the plausible range.
pub fn check(what: &str, d: NaiveDate, today: NaiveDate) -> Result<NaiveDate, ImplausibleDate> {
    if plausible(d, today) {
        return Ok(d);
    }
    let (lo, hi) = (earliest(), latest(today));
    Err(ImplausibleDate {
        date: d,
        message: format!(
            "{what}不在合理范围内：应在{}年{}月{}日至{}年{}月{}日之间",
            lo.format("%Y"),
            lo.format("%-m"),
            lo.format("%-d"),
            hi.format("%Y"),
            hi.format("%-m"),
            hi.format("%-d"),
        ),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_range_is_1990_to_a_year_after_today() {
        let today = d(2026, 12, 3);
        assert!(plausible(d(1990, 1, 1), today));
        assert!(plausible(today, today));
        assert!(plausible(d(2027, 12, 4), today));
        assert!(!plausible(d(2027, 12, 5), today));
        assert!(!plausible(d(1989, 12, 31), today));
        assert!(!plausible(d(9999, 12, 31), today));
        assert!(!plausible(NaiveDate::MIN, today));
        assert!(!plausible(NaiveDate::MAX, today));
    }

    #[test]
    fn the_message_names_the_field_and_the_bounds() {
        let e = check("审结日期", d(9999, 12, 31), d(2026, 12, 3)).unwrap_err();
        assert_eq!(e.message, "审结日期不在合理范围内：应在1990年1月1日至2027年12月4日之间");
        assert_eq!(check("立案日期", d(2025, 1, 2), d(2026, 12, 3)), Ok(d(2025, 1, 2)));
    }

    #[test]
    fn today_at_the_end_of_time_does_not_panic() {
        assert_eq!(latest(NaiveDate::MAX), NaiveDate::MAX);
        assert!(plausible(NaiveDate::MAX, NaiveDate::MAX));
    }
}
