//! Errors of the calendar: every message is given in Chinese and in English, and names the
//! input or the line that is wrong.

use chrono::NaiveDate;
use thiserror::Error;

/// Something wrong with a date, a count or an arrangement file.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CalendarError {
    #[error(
        "日期格式错误：“{input}”，应为 YYYY-MM-DD 的有效日期 / malformed date '{input}' (expected a valid YYYY-MM-DD)"
    )]
    BadDate { input: String },
    #[error("工作日数不是整数：“{input}” / the number of working days '{input}' is not an integer")]
    BadCount { input: String },
    #[error("工作日数不能为负数：{n} / the number of working days must not be negative: {n}")]
    NegativeCount { n: i64 },
    #[error("工作日数过大：{n}（上限 100000） / the number of working days is too large: {n} (limit 100000)")]
    CountTooLarge { n: i64 },
    #[error("计算结果超出可表示的日期范围 / the result is outside the representable date range")]
    DateOutOfRange,
    #[error("第{line}行：{message_zh} / line {line}: {message_en}")]
    Line { line: usize, message_zh: String, message_en: String },
    #[error("{year}年的安排出现了两次 / the arrangement for {year} is given twice")]
    DuplicateYear { year: i32 },
    #[error(
        "{date} 同时出现在{first}年和{second}年的安排中 / {date} appears in the arrangements of both {first} and {second}"
    )]
    DateInTwoYears { date: NaiveDate, first: i32, second: i32 },
    #[error("文件中没有任何安排 / the file contains no arrangement")]
    Empty,
}

impl CalendarError {
    pub(super) fn line(line: usize, zh: impl Into<String>, en: impl Into<String>) -> Self {
        CalendarError::Line { line, message_zh: zh.into(), message_en: en.into() }
    }
}
