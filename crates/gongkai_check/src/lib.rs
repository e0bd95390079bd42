//! 年报体检 (`ReportCheck`): read published 政府信息公开工作年度报告 in HTML, text/Markdown,
//! DOCX or PDF, recognise their format, agency, year and sections, extract their statutory tables
//! into the `gongkai.annual-report/1` shape and report what is wrong with them as `Finding`s.
//!
//! Layers: [`read`] turns bytes into a [`read::Document`] of paragraphs and table grids;
//! [`extract`] recognises metadata and tables; [`check`] runs the rules and builds
//! [`check::FileReport`]s, renders them as text, JSON or an XLSX summary.

pub mod check;
pub mod extract;
mod re;
pub mod read;

pub use check::{
    FileReport, Finding, Severity, SummaryError, check_batch, check_bytes, check_job, check_job_result,
    finish_batch, has_errors, render_text, write_summary_xlsx,
};
