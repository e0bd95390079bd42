//! 年度报告生成: build a 政府信息公开工作年度报告 from its statutory tables and the narrative
//! facts of the registers, check it before publication, and export it as HTML, Markdown, JSON,
//! XLSX, DOCX and PDF. Pure rendering: no database, no network, no files read at run time (the
//! PDF fonts are compiled in).
//!
//! Flow: [`generate`] → [`AnnualDocument`] (staff fill [`Section::written`] with
//! [`AnnualDocument::set_written`]) → [`lint`] → `to_html` / `to_markdown` / `to_json` /
//! `to_xlsx` / `to_docx` / `to_pdf`.

mod document;
mod export;
mod grid;
mod lint;
mod model;
pub mod narrative;
mod normalize;
mod seed;
mod spec;

pub use document::{ReportHeader, generate};
pub use export::{
    HTML_STYLE, LetterPart, letter_to_pdf, to_docx, to_html, to_json, to_markdown, to_pdf, to_pdf_with_fonts,
    to_xlsx,
};
pub use gongkai_check::Severity;
pub use lint::{LintFinding, deadline, lint};
pub use model::{
    AnnualDocument, LeadingGroup, Messages, Outlet, PublicConsultations, RecordsSummary, Section, Trainings,
};
pub use normalize::complete_tables;
pub use seed::{demo_township_2017, demo_township_2025};
pub use spec::{
    FIRST_REPORT_YEAR, SectionKey, SectionSpec, TableKind, format_for_year, sections_for, sections_for_year,
};

/// Why a report cannot be generated or exported.
#[derive(Debug, thiserror::Error)]
pub enum AnnualError {
    /// The 2008《政府信息公开条例》 took effect on 2008-05-01: there is no annual report before it.
    #[error(
        "{year}年早于《中华人民共和国政府信息公开条例》施行（2008年5月1日），没有政府信息公开工作年度报告，最早可生成2008年度报告"
    )]
    BeforeRegulation {
        /// The refused year.
        year: i32,
    },
    /// An export failed (a writer library reported an error).
    #[error("导出{format}失败：{reason}")]
    Export {
        /// `docx`, `xlsx`, `pdf`, `json`.
        format: &'static str,
        /// The library's message.
        reason: String,
    },
}
