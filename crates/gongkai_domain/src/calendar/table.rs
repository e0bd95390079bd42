//! Precomputed prefix counts of working days, so that `add_workdays` and `workdays_between`
//! are a few arithmetic operations plus one binary search, with no allocation per call.
//!
//! `cum(d)` is "the number of working days before `d`" up to a constant: inside the table it
//! reads the prefix array, outside it continues with the Monday–Friday formula, so the value is
//! consistent (non-decreasing, +1 per working day) over the whole date range.

use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone)]
pub(super) struct WorkdayTable {
    /// Ordinal (`num_days_from_ce`) of the first day in the table.
    base_ord: i64,
    /// `prefix[i]` = working days in `[base, base + i)`; `len = days + 1`.
    prefix: Vec<u32>,
}

/// Monday–Friday days among ordinals `[1, x)` (ordinal 1 = 0001-01-01, a Monday).
fn weekdays_before(x: i64) -> i64 {
    let k = x - 1;
    let q = k.div_euclid(7);
    let r = k.rem_euclid(7);
    q * 5 + r.min(5)
}

/// Smallest ordinal `x` with `weekdays_before(x) >= t`.
fn first_ord_reaching(t: i64) -> i64 {
    let q = t.div_euclid(5);
    let r = t.rem_euclid(5);
    let k = if r == 0 { 7 * (q - 1) + 5 } else { 7 * q + r };
    k + 1
}

fn ord(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn from_ord(x: i64) -> Option<NaiveDate> {
    i32::try_from(x).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

impl WorkdayTable {
    pub(super) fn empty() -> Self {
        Self { base_ord: 1, prefix: vec![0] }
    }

    /// `specials`: sorted `(date, is_workday)` overrides of the weekday rule.
    pub(super) fn build(specials: &[(NaiveDate, bool)]) -> Self {
        let (Some(first), Some(last)) = (specials.first(), specials.last()) else {
            return Self::empty();
        };
        let start = NaiveDate::from_ymd_opt(first.0.year(), 1, 1).unwrap_or(first.0);
        let end = NaiveDate::from_ymd_opt(last.0.year() + 1, 1, 1).unwrap_or(last.0);
        let base_ord = ord(start);
        let days = usize::try_from(ord(end) - base_ord).unwrap_or(0);
        let mut prefix = Vec::with_capacity(days + 1);
        prefix.push(0u32);
        let mut it = specials.iter().peekable();
        let mut acc = 0u32;
        for i in 0..days {
            let o = base_ord + i as i64;
            let mut working = (o - 1).rem_euclid(7) < 5;
            while let Some((d, w)) = it.peek() {
                let od = ord(*d);
                if od < o {
                    it.next();
                } else {
                    if od == o {
                        working = *w;
                    }
                    break;
                }
            }
            if working {
                acc += 1;
            }
            prefix.push(acc);
        }
        Self { base_ord, prefix }
    }

    fn days(&self) -> i64 {
        self.prefix.len() as i64 - 1
    }

    fn cum_ord(&self, x: i64) -> i64 {
        let c0 = weekdays_before(self.base_ord);
        let end = self.base_ord + self.days();
        if x <= self.base_ord {
            weekdays_before(x)
        } else if x <= end {
            let i = (x - self.base_ord) as usize;
            c0 + i64::from(self.prefix[i])
        } else {
            let c1 = c0 + i64::from(self.prefix[self.prefix.len() - 1]);
            c1 + weekdays_before(x) - weekdays_before(end)
        }
    }

    /// Working days before `d` (up to a constant).
    pub(super) fn cum(&self, d: NaiveDate) -> i64 {
        self.cum_ord(ord(d))
    }

    pub(super) fn is_workday(&self, d: NaiveDate) -> bool {
        let o = ord(d);
        self.cum_ord(o + 1) - self.cum_ord(o) == 1
    }

    /// The `n`-th working day after `date` (`n >= 1`).
    pub(super) fn nth_workday_after(&self, date: NaiveDate, n: i64) -> Option<NaiveDate> {
        let start = ord(date) + 1;
        let target = self.cum_ord(start) + n;
        let c0 = weekdays_before(self.base_ord);
        let end = self.base_ord + self.days();
        let c1 = self.cum_ord(end);
        // Smallest ordinal x with cum(x) >= target; the answer is x - 1.
        let x = if target <= c0 {
            first_ord_reaching(target)
        } else if target <= c1 {
            let want = u32::try_from(target - c0).ok()?;
            let i = self.prefix.partition_point(|&p| p < want);
            self.base_ord + i as i64
        } else {
            first_ord_reaching(target - c1 + weekdays_before(end))
        };
        from_ord(x - 1)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn naive_weekdays_before(x: i64) -> i64 {
        (1..x).filter(|o| (o - 1).rem_euclid(7) < 5).count() as i64
    }

    #[test]
    fn formula_matches_naive_count() {
        for x in 1..200 {
            assert_eq!(weekdays_before(x), naive_weekdays_before(x), "x={x}");
        }
        for t in 1..120 {
            let x = first_ord_reaching(t);
            assert!(weekdays_before(x) >= t);
            assert!(weekdays_before(x - 1) < t, "t={t}");
        }
    }

    #[test]
    fn ordinal_one_is_monday() {
        let d = NaiveDate::from_num_days_from_ce_opt(1).unwrap();
        assert_eq!(d.weekday(), chrono::Weekday::Mon);
    }
}
