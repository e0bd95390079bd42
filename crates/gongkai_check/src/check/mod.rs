//! The checks (`ReportCheck`) and their results (`Finding`s per `FileReport`).
//!
//! Severity policy: `error` only for verified contradictions (a printed total that is not the
//! sum of its printed parts); `warning` for what a reader should look at (text that reads as
//! copied, a plan naming the wrong year, a narrative number that differs from the table);
//! `info` for observations.

mod cross;
mod fees;
mod outline;
mod render;
mod sections;
mod summary;
mod tables;
mod text;

use gongkai_domain::report::{AnnualReport, ReportFormat};
use serde::{Deserialize, Serialize};

pub use render::render_text;
pub use summary::{SummaryError, write_summary_xlsx};

use crate::extract::{self, Extracted};
use crate::read;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// An observation.
    Info,
    /// Worth a reader's look.
    Warning,
    /// A verified contradiction.
    Error,
}

impl Severity {
    /// Chinese name.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Info => "提示",
            Self::Warning => "警告",
            Self::Error => "错误",
        }
    }
}

/// One problem found in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Rule id, e.g. `table3.balance`.
    pub rule: String,
    /// Severity.
    pub severity: Severity,
    /// Message in Chinese.
    pub message: String,
    /// Text quoted from the report (or the figures compared).
    pub evidence: String,
}

impl Finding {
    pub(crate) fn new(
        rule: &str,
        severity: Severity,
        message: impl Into<String>,
        evidence: impl Into<String>,
    ) -> Self {
        let evidence: String = evidence.into();
        Self {
            rule: rule.to_owned(),
            severity,
            message: message.into(),
            evidence: evidence.replace('\n', ""),
        }
    }

    /// The rule family (`table3`, `text`, `cross_year`, …).
    #[must_use]
    pub fn family(&self) -> &str {
        self.rule.split('.').next().unwrap_or(&self.rule)
    }
}

/// The result of checking one file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FileReport {
    /// File name as given.
    pub file: String,
    /// Kind of source read.
    pub kind: Option<read::SourceKind>,
    /// Reporting agency.
    pub agency: Option<String>,
    /// Reported year.
    pub year: Option<i32>,
    /// Format recognised.
    pub format: Option<ReportFormat>,
    /// Publication date `YYYY-MM-DD`, when found.
    pub published: Option<String>,
    /// Tables in the `gongkai.annual-report/1` shape.
    pub tables: Option<AnnualReport>,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// Why the file could not be read, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whitespace-free text kept for batch comparisons (not serialised; see [`check_job`]).
    #[serde(skip)]
    pub(crate) flat: String,
}

impl FileReport {
    /// Count findings of a severity.
    #[must_use]
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// A report for a file that could not be read or checked; `error` says why.
    pub fn failed(name: &str, error: String) -> Self {
        Self {
            file: name.to_owned(),
            kind: None,
            agency: None,
            year: None,
            format: None,
            published: None,
            tables: None,
            findings: Vec::new(),
            error: Some(error),
            flat: String::new(),
        }
    }
}

/// Check one file's bytes (single-report rules only). Never panics: an internal failure on
/// one file becomes that file's `error`, so a batch always continues.
#[must_use]
pub fn check_bytes(name: &str, bytes: &[u8]) -> FileReport {
    std::panic::catch_unwind(|| check_bytes_inner(name, bytes))
        .unwrap_or_else(|_| FileReport::failed(name, "检查时发生内部错误，此文件已跳过".to_owned()))
}

fn check_bytes_inner(name: &str, bytes: &[u8]) -> FileReport {
    let doc = match read::read_document(bytes) {
        Ok(d) => d,
        Err(e) => return FileReport::failed(name, e.to_string()),
    };
    let ex = extract::extract(&doc);
    let mut findings = Vec::new();
    let is_report = ex.meta.year.is_some() || ex.table3.is_some() || ex.flat.contains("政府信息公开");
    let skipped = (doc.skipped_tables > 0).then(|| {
        format!(
            "无法读取：{} 个表格过大（展开合并单元格后超过 {} 个单元格），已跳过",
            doc.skipped_tables,
            read::MAX_TABLE_CELLS
        )
    });
    if let (false, Some(why)) = (is_report, &skipped) {
        let mut r = FileReport::failed(name, why.clone());
        r.kind = Some(doc.kind);
        return r;
    }
    if let Some(why) = skipped {
        let msg = format!("{why}，与这些表格有关的检查未做，请人工核对");
        findings.push(Finding::new("read.table_too_large", Severity::Warning, msg, ""));
    }
    if !is_report {
        let mut r = FileReport::failed(
            name,
            "未识别为政府信息公开工作年度报告（找不到年度、表格或相关用语）".to_owned(),
        );
        r.kind = Some(doc.kind);
        return r;
    }
    tables::check(&ex, &mut findings);
    sections::check(&ex, &mut findings);
    text::check(&ex, &mut findings);
    fees::check(&ex, &mut findings);
    sort(&mut findings);
    FileReport {
        file: name.to_owned(),
        kind: Some(doc.kind),
        agency: ex.meta.agency.clone(),
        year: ex.meta.year,
        format: ex.format,
        published: ex.meta.published.map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        tables: Some(ex.report()),
        findings,
        error: None,
        flat: strip_digits(&ex),
    }
}

fn strip_digits(ex: &Extracted) -> String {
    ex.flat.chars().filter(|c| !c.is_ascii_digit() && *c != '\n').collect()
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.rule.cmp(&b.rule)));
}

/// Check several files together: each alone, then the cross-year rules (X-1, X-2, ≥ 80 %
/// the same as last year) for files of one agency, and copy detection across the batch.
#[must_use]
pub fn check_batch(inputs: Vec<(String, Vec<u8>)>) -> Vec<FileReport> {
    let mut reports: Vec<FileReport> = inputs.iter().map(|(n, b)| check_bytes(n, b)).collect();
    finish_batch(&mut reports);
    reports
}

/// The batch rules of [`check_batch`] over reports checked one by one (e.g. each in its own
/// process by [`check_job`]).
pub fn finish_batch(reports: &mut [FileReport]) {
    cross::check(reports);
    for r in reports {
        sort(&mut r.findings);
    }
}

/// What [`check_job`] writes: the report and the text kept for batch comparisons.
#[derive(Serialize, Deserialize)]
struct JobOutput {
    report: FileReport,
    flat: String,
}

/// [`check_bytes`] as a job for a separate process: bytes in, JSON out (read back with
/// [`check_job_result`]), so the child and an in-process run share the same code.
#[must_use]
pub fn check_job(name: &str, bytes: &[u8]) -> Vec<u8> {
    let report = check_bytes(name, bytes);
    let flat = report.flat.clone();
    serde_json::to_vec(&JobOutput { report, flat }).unwrap_or_else(|_| b"{}".to_vec())
}

/// The report a [`check_job`] wrote.
///
/// # Errors
/// The output is not a job's JSON (a child that died half-way).
pub fn check_job_result(json: &[u8]) -> Result<FileReport, serde_json::Error> {
    let out: JobOutput = serde_json::from_slice(json)?;
    Ok(FileReport { flat: out.flat, ..out.report })
}

/// Whether any report has an error-severity finding (the CLI's exit status 1).
#[must_use]
pub fn has_errors(reports: &[FileReport]) -> bool {
    reports.iter().any(|r| r.count(Severity::Error) > 0)
}
