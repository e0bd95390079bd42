//! The official working-day calendar (工作日历) of the People's Republic of China.
//!
//! Every year the General Office of the State Council publishes 《国务院办公厅关于YYYY年部分节假日
//! 安排的通知》, which names the official days off (法定节假日 and the weekend days joined to them)
//! and the weekend days that become working days (调休上班). This module ships every arrangement
//! from 2008 to 2026 (see `data/calendar/official.csv` and `docs/CALENDAR.md` for sources) and
//! answers "is this a working day?" and "which date is the N-th working day after D?" fast enough
//! to compute a million deadlines in well under a second.
//!
//! Counting follows 《民法典》第二百零一条: the start day is not counted, counting begins on the
//! next day. Beyond the loaded years the calendar falls back to "Monday–Friday are working days"
//! and says so in every result that touches such a year.

mod data;
mod error;
mod table;

pub use data::{Arrangement, ArrangementKind, YearArrangement, parse_arrangements};
pub use error::CalendarError;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use table::WorkdayTable;

/// The embedded official data (2008–2026), in the import format.
pub const OFFICIAL_DATA: &str = include_str!("../data/calendar/official.csv");

/// Upper bound for `n` in [`WorkCalendar::add_workdays`]: about 400 years of working days.
pub const MAX_WORKDAYS: i64 = 100_000;

/// What kind of day a date is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayKind {
    /// An ordinary Monday–Friday working day.
    Workday,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// An official day off (法定节假日 or a day joined to it by the notice).
    Holiday { name: String },
    /// A weekend day made a working day by the notice (调休上班).
    MakeupWorkday { name: String },
}

impl DayKind {
    /// Whether this kind of day is a working day.
    pub fn is_workday(&self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday { .. })
    }

    /// The CLI form: `workday`, `weekend`, `holiday <name>`, `makeup-workday <name>`.
    pub fn cli_label(&self) -> String {
        match self {
            DayKind::Workday => "workday".to_owned(),
            DayKind::Weekend => "weekend".to_owned(),
            DayKind::Holiday { name } => format!("holiday {name}"),
            DayKind::MakeupWorkday { name } => format!("makeup-workday {name}"),
        }
    }

    /// A short Chinese label: 工作日 / 周末 / 法定节假日（春节） / 调休上班日（春节）.
    pub fn label_zh(&self) -> String {
        match self {
            DayKind::Workday => "工作日".to_owned(),
            DayKind::Weekend => "周末".to_owned(),
            DayKind::Holiday { name } => format!("放假（{name}）"),
            DayKind::MakeupWorkday { name } => format!("调休上班日（{name}）"),
        }
    }
}

impl fmt::Display for DayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.cli_label())
    }
}

/// Years touched by a computation whose arrangement is not loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnloadedYears {
    pub first: i32,
    pub last: i32,
}

impl UnloadedYears {
    fn add(slot: &mut Option<UnloadedYears>, year: i32) {
        match slot {
            None => *slot = Some(UnloadedYears { first: year, last: year }),
            Some(u) => {
                u.first = u.first.min(year);
                u.last = u.last.max(year);
            }
        }
    }

    /// The plain warning shown to users.
    pub fn warning_zh(&self) -> String {
        let years = if self.first == self.last {
            format!("{}年", self.first)
        } else {
            format!("{}年至{}年", self.first, self.last)
        };
        format!(
            "注意：{years}的节假日安排尚未载入，该期间仅按周六、周日休息计算，结果可能与国务院公布的安排不一致。"
        )
    }

    /// English form of the warning.
    pub fn warning_en(&self) -> String {
        if self.first == self.last {
            format!(
                "warning: the holiday arrangement for {} is not loaded; that year was computed with weekends only",
                self.first
            )
        } else {
            format!(
                "warning: the holiday arrangements for {}–{} are not loaded; those years were computed with weekends only",
                self.first, self.last
            )
        }
    }
}

/// Result of [`WorkCalendar::add_workdays`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct WorkdayResult {
    /// The start date (not counted).
    pub from: NaiveDate,
    /// The number of working days added.
    pub n: i64,
    /// The n-th working day after `from`.
    pub date: NaiveDate,
    /// Set when any year in `(from, date]` has no loaded arrangement.
    pub unloaded: Option<UnloadedYears>,
}

impl WorkdayResult {
    /// The warning, if any, in Chinese.
    pub fn warning(&self) -> Option<String> {
        self.unloaded.map(|u| u.warning_zh())
    }
}

/// One special day (holiday or make-up working day) as stored in the calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Special {
    kind: ArrangementKind,
    name: String,
    year: i32,
}

/// The working-day calendar: weekends plus the loaded official arrangements.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    years: BTreeMap<i32, YearArrangement>,
    specials: BTreeMap<NaiveDate, Special>,
    table: WorkdayTable,
}

impl WorkCalendar {
    /// The calendar with the embedded official arrangements 2008–2026.
    ///
    /// The embedded file is checked by the test-suite, so parsing it cannot fail in a released
    /// build; should it ever fail, the calendar degrades to weekends only (every result then
    /// carries the "not loaded" warning) instead of panicking.
    pub fn official() -> Self {
        match parse_arrangements(OFFICIAL_DATA) {
            Ok(years) => Self::from_years(years).unwrap_or_else(|_| Self::weekends_only()),
            Err(_) => Self::weekends_only(),
        }
    }

    /// A calendar with no arrangement at all (weekends only).
    pub fn weekends_only() -> Self {
        Self { years: BTreeMap::new(), specials: BTreeMap::new(), table: WorkdayTable::empty() }
    }

    /// Build a calendar from year arrangements. A year given twice is an error.
    pub fn from_years(years: Vec<YearArrangement>) -> Result<Self, CalendarError> {
        let mut map = BTreeMap::new();
        for y in years {
            let year = y.year;
            if map.insert(year, y).is_some() {
                return Err(CalendarError::DuplicateYear { year });
            }
        }
        Self::build(map)
    }

    /// The official calendar plus imported years (`gongkai calendar import FILE`). An imported
    /// year replaces the embedded arrangement of the same year (a corrected or newly announced
    /// notice wins over the shipped copy).
    pub fn with_years(extra: Vec<YearArrangement>) -> Result<Self, CalendarError> {
        Self::official().merged(extra)
    }

    /// This calendar with `extra` years added (replacing years with the same number).
    pub fn merged(&self, extra: Vec<YearArrangement>) -> Result<Self, CalendarError> {
        let mut map = self.years.clone();
        let mut seen = std::collections::BTreeSet::new();
        for y in extra {
            if !seen.insert(y.year) {
                return Err(CalendarError::DuplicateYear { year: y.year });
            }
            map.insert(y.year, y);
        }
        Self::build(map)
    }

    fn build(years: BTreeMap<i32, YearArrangement>) -> Result<Self, CalendarError> {
        let mut specials: BTreeMap<NaiveDate, Special> = BTreeMap::new();
        for (year, arr) in &years {
            for a in &arr.days {
                let s = Special { kind: a.kind, name: a.name.clone(), year: *year };
                if let Some(prev) = specials.insert(a.date, s) {
                    return Err(CalendarError::DateInTwoYears {
                        date: a.date,
                        first: prev.year,
                        second: *year,
                    });
                }
            }
        }
        let table = WorkdayTable::build(&specials_for_table(&specials));
        Ok(Self { years, specials, table })
    }

    /// The years whose arrangement is loaded, ascending.
    pub fn loaded_years(&self) -> Vec<i32> {
        self.years.keys().copied().collect()
    }

    /// Whether the arrangement of `year` is loaded.
    pub fn is_year_loaded(&self, year: i32) -> bool {
        self.years.contains_key(&year)
    }

    /// The loaded arrangement of one year, with its citations.
    pub fn year(&self, year: i32) -> Option<&YearArrangement> {
        self.years.get(&year)
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        match self.specials.get(&date) {
            Some(s) => match s.kind {
                ArrangementKind::Holiday => DayKind::Holiday { name: s.name.clone() },
                ArrangementKind::Workday => DayKind::MakeupWorkday { name: s.name.clone() },
            },
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Workday,
        }
    }

    /// Whether `date` is a working day. O(1), no allocation.
    pub fn is_workday(&self, date: NaiveDate) -> bool {
        self.table.is_workday(date)
    }

    /// Alias of [`WorkCalendar::is_workday`] (the glossary's name).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.is_workday(date)
    }

    /// The date of the `n`-th working day after `date`; `date` itself is not counted
    /// (《民法典》第二百零一条). `n = 0` gives `date`. O(log days), no allocation.
    pub fn add_workdays(&self, date: NaiveDate, n: i64) -> Result<WorkdayResult, CalendarError> {
        if n < 0 {
            return Err(CalendarError::NegativeCount { n });
        }
        if n > MAX_WORKDAYS {
            return Err(CalendarError::CountTooLarge { n });
        }
        let target = if n == 0 {
            date
        } else {
            self.table.nth_workday_after(date, n).ok_or(CalendarError::DateOutOfRange)?
        };
        Ok(WorkdayResult { from: date, n, date: target, unloaded: self.unloaded_between(date, target) })
    }

    /// Number of working days in `(a, b]` (start not counted); negative when `b < a`.
    pub fn workdays_between(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        self.table.cum(b.succ_opt().unwrap_or(b)) - self.table.cum(a.succ_opt().unwrap_or(a))
    }

    /// Years in `(a, b]` (or `(b, a]`) that have no loaded arrangement.
    pub fn unloaded_between(&self, a: NaiveDate, b: NaiveDate) -> Option<UnloadedYears> {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        if lo == hi {
            return None;
        }
        let first = lo.succ_opt().unwrap_or(lo).year();
        let mut out = None;
        for y in first..=hi.year() {
            if !self.years.contains_key(&y) {
                UnloadedYears::add(&mut out, y);
            }
        }
        out
    }

    /// Holidays and make-up working days in the closed range `[from, to]`, by date.
    pub fn specials_in(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> impl Iterator<Item = (NaiveDate, DayKind)> + '_ {
        let range = if from <= to { Some(self.specials.range(from..=to)) } else { None };
        range.into_iter().flatten().map(|(d, s)| {
            let kind = match s.kind {
                ArrangementKind::Holiday => DayKind::Holiday { name: s.name.clone() },
                ArrangementKind::Workday => DayKind::MakeupWorkday { name: s.name.clone() },
            };
            (*d, kind)
        })
    }

    /// CSV of the arrangements of years `from_year..=to_year`: header `date,kind,name`, one row
    /// per official day off (`holiday`) and per weekend working day (`workday`), by date. Rows
    /// belong to the notice's year (the 2008 notice's 2007-12-29…31 rows are 2008 rows).
    pub fn export_csv(&self, from_year: i32, to_year: i32) -> String {
        let mut out = String::from("date,kind,name\n");
        for arr in self.years.range(from_year..=to_year).map(|(_, a)| a) {
            for a in &arr.days {
                out.push_str(&format!("{},{},{}\n", a.date, a.kind.as_str(), a.name));
            }
        }
        out
    }

    /// Same rows as [`WorkCalendar::export_csv`] with the `# @year` / `# @source` lines of the
    /// import format, so the output can be re-imported and keeps its citations.
    pub fn export_arrangements(&self, from_year: i32, to_year: i32) -> String {
        let mut out = String::from("date,kind,name\n");
        for arr in self.years.range(from_year..=to_year).map(|(_, a)| a) {
            out.push_str(&arr.to_text_block());
        }
        out
    }
}

impl Default for WorkCalendar {
    fn default() -> Self {
        Self::official()
    }
}

/// Saturday or Sunday.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Parse a `YYYY-MM-DD` date (the only format accepted anywhere in the clock).
pub fn parse_date(s: &str) -> Result<NaiveDate, CalendarError> {
    let t = s.trim();
    let ok_shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !ok_shape {
        return Err(CalendarError::BadDate { input: s.to_owned() });
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| CalendarError::BadDate { input: s.to_owned() })
}

/// Parse the `N` of `add-workdays DATE N` (a non-negative integer).
pub fn parse_count(s: &str) -> Result<i64, CalendarError> {
    let n: i64 = s.trim().parse().map_err(|_| CalendarError::BadCount { input: s.to_owned() })?;
    if n < 0 {
        return Err(CalendarError::NegativeCount { n });
    }
    Ok(n)
}

/// Chinese weekday name (星期一 … 星期日).
pub fn weekday_zh(date: NaiveDate) -> &'static str {
    match date.weekday() {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

fn specials_for_table(specials: &BTreeMap<NaiveDate, Special>) -> Vec<(NaiveDate, bool)> {
    specials.iter().map(|(d, s)| (*d, s.kind == ArrangementKind::Workday)).collect()
}

#[cfg(test)]
mod tests;
