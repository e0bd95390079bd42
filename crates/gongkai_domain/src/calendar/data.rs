//! The arrangement text format (embedded data and `gongkai calendar import FILE`).
//!
//! ```text
//! # comment lines start with '#'
//! # @year 2026
//! # @source 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025-11-04）
//! date,kind,name
//! 2026-01-01,holiday,元旦
//! 2026-01-04,workday,元旦
//! ```
//!
//! * `# @year YYYY` opens the block of that year's notice; `# @source TEXT` (repeatable) cites it.
//! * `date,kind,name` header lines are allowed anywhere and ignored.
//! * `kind` is `holiday` (an official day off) or `workday` (a Saturday/Sunday made a working
//!   day, 调休上班). A `workday` row on Monday–Friday is rejected.
//! * Rows before any `# @year` line belong to the year of their date, except `元旦` rows dated in
//!   December, which belong to the next year's notice (e.g. 2007-12-29 in the 2008 notice) — so a
//!   plain `export` file re-imports into the same years.
//! * Every error names its line.

use super::error::CalendarError;
use super::parse_date;
use chrono::{Datelike, NaiveDate};

use serde::Serialize;
use std::collections::BTreeMap;

/// `holiday` or `workday`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr, strum::VariantArray)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ArrangementKind {
    /// Official day off.
    Holiday,
    /// Weekend day made a working day (调休上班).
    Workday,
}

impl ArrangementKind {
    /// The stable key (API, database), derived by strum.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One row: a date the notice names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Arrangement {
    pub date: NaiveDate,
    pub kind: ArrangementKind,
    /// The festival the notice files it under, e.g. `春节`, `国庆节、中秋节`.
    pub name: String,
}

/// All rows of one year's notice (and later notices amending it), with citations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct YearArrangement {
    pub year: i32,
    /// Citations of the notice(s), free text.
    pub sources: Vec<String>,
    /// Rows sorted by date.
    pub days: Vec<Arrangement>,
}

impl YearArrangement {
    /// Number of official days off.
    pub fn holiday_count(&self) -> usize {
        self.days.iter().filter(|a| a.kind == ArrangementKind::Holiday).count()
    }

    /// Number of weekend working days.
    pub fn workday_count(&self) -> usize {
        self.days.iter().filter(|a| a.kind == ArrangementKind::Workday).count()
    }

    /// This block in the import format (without the `date,kind,name` header).
    pub fn to_text_block(&self) -> String {
        let mut out = format!("\n# @year {}\n", self.year);
        for s in &self.sources {
            out.push_str(&format!("# @source {s}\n"));
        }
        for a in &self.days {
            out.push_str(&format!("{},{},{}\n", a.date, a.kind.as_str(), a.name));
        }
        out
    }
}

/// Parse arrangement text (see the module docs). Years come back sorted.
pub fn parse_arrangements(text: &str) -> Result<Vec<YearArrangement>, CalendarError> {
    let mut years: BTreeMap<i32, YearArrangement> = BTreeMap::new();
    let mut current: Option<i32> = None;
    let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for (idx, raw) in text.lines().enumerate() {
        let line_no = idx + 1;
        let line = raw.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let c = comment.trim();
            if let Some(y) = c.strip_prefix("@year") {
                let y = y.trim();
                let year: i32 = y.parse().ok().filter(|v| (1900..=9999).contains(v)).ok_or_else(|| {
                    CalendarError::line(line_no, format!("年份“{y}”无效"), format!("invalid year '{y}'"))
                })?;
                if years.get(&year).is_some_and(|b| !b.days.is_empty()) && current != Some(year) {
                    return Err(CalendarError::line(
                        line_no,
                        format!("{year}年的安排重复出现"),
                        format!("the block for {year} appears twice"),
                    ));
                }
                current = Some(year);
                years.entry(year).or_insert_with(|| YearArrangement {
                    year,
                    sources: Vec::new(),
                    days: Vec::new(),
                });
            } else if let Some(s) = c.strip_prefix("@source") {
                let Some(year) = current else {
                    return Err(CalendarError::line(
                        line_no,
                        "@source 必须写在 @year 之后",
                        "@source must follow an @year line",
                    ));
                };
                if let Some(b) = years.get_mut(&year) {
                    b.sources.push(s.trim().to_owned());
                }
            }
            continue;
        }
        if line.eq_ignore_ascii_case("date,kind,name") {
            continue;
        }
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        if cols.len() != 3 {
            return Err(CalendarError::line(
                line_no,
                format!("应有3列（date,kind,name），实有{}列", cols.len()),
                format!("expected 3 columns (date,kind,name), found {}", cols.len()),
            ));
        }
        let date = parse_date(cols[0]).map_err(|_| {
            CalendarError::line(
                line_no,
                format!("日期“{}”无效，应为 YYYY-MM-DD", cols[0]),
                format!("invalid date '{}', expected YYYY-MM-DD", cols[0]),
            )
        })?;
        let kind = match cols[1] {
            "holiday" => ArrangementKind::Holiday,
            "workday" => ArrangementKind::Workday,
            other => {
                return Err(CalendarError::line(
                    line_no,
                    format!("类型“{other}”无效，应为 holiday 或 workday"),
                    format!("invalid kind '{other}', expected holiday or workday"),
                ));
            }
        };
        let name = cols[2];
        if name.is_empty() {
            return Err(CalendarError::line(line_no, "缺少节日名称", "missing holiday name"));
        }
        if kind == ArrangementKind::Workday && !super::is_weekend(date) {
            return Err(CalendarError::line(
                line_no,
                format!("{date} 不是周六或周日，不能标为调休上班日（workday）"),
                format!("{date} is not a Saturday or Sunday, so it cannot be a make-up working day"),
            ));
        }
        if let Some(prev) = seen.insert(date, line_no) {
            return Err(CalendarError::line(
                line_no,
                format!("{date} 已在第{prev}行出现"),
                format!("{date} already appears on line {prev}"),
            ));
        }
        let year = match current {
            Some(y) => {
                if (date.year() - y).abs() > 1 {
                    return Err(CalendarError::line(
                        line_no,
                        format!("{date} 不属于{y}年的安排"),
                        format!("{date} does not belong to the {y} arrangement"),
                    ));
                }
                y
            }
            None if name == "元旦" && date.month() == 12 => date.year() + 1,
            None => date.year(),
        };
        let block = years.entry(year).or_insert_with(|| YearArrangement {
            year,
            sources: Vec::new(),
            days: Vec::new(),
        });
        block.days.push(Arrangement { date, kind, name: name.to_owned() });
    }
    let mut out: Vec<YearArrangement> = years.into_values().filter(|y| !y.days.is_empty()).collect();
    if out.is_empty() {
        return Err(CalendarError::Empty);
    }
    for y in &mut out {
        y.days.sort_by_key(|a| a.date);
    }
    Ok(out)
}
