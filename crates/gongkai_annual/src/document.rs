//! Building an [`AnnualDocument`]: sections from the format's spec, tables completed, sentences
//! generated from the numbers.

use chrono::NaiveDate;
use gongkai_domain::agency::{AgencyKind, AgencyLevel};
use gongkai_domain::report::{AnnualReport, ReportFormat};

use crate::model::{AnnualDocument, RecordsSummary, Section};
use crate::spec::{SectionKey, SectionSpec, format_for_year, sections_for};
use crate::{AnnualError, narrative, normalize};

/// Who reports, for which year, in which format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportHeader {
    /// Full agency name.
    pub agency_name: String,
    /// 机关层级.
    pub agency_level: AgencyLevel,
    /// 机关类型.
    pub agency_kind: AgencyKind,
    /// Reported year.
    pub year: i32,
    /// Format; `None` means the one prescribed for the year (2008–2018 legacy, 2019–2020 trial,
    /// 2021+ national).
    pub format: Option<ReportFormat>,
    /// Publication date, when fixed.
    pub published_on: Option<NaiveDate>,
}

fn build_section(
    spec: &SectionSpec,
    year: i32,
    format: ReportFormat,
    t: &AnnualReport,
    r: &RecordsSummary,
) -> Section {
    Section {
        key: spec.key,
        heading_zh: spec.heading_zh.to_owned(),
        generated: narrative::for_section(spec.key, year, format, t, r),
        written: String::new(),
        parts: spec.parts.iter().map(|p| build_section(p, year, format, t, r)).collect(),
    }
}

/// Generate a report: tables completed for the format (blank cells → 0, totals derived when
/// absent), every section of the format present with its generated sentences and empty staff text.
///
/// # Errors
/// [`AnnualError::BeforeRegulation`] for years before 2008.
pub fn generate(
    header: ReportHeader,
    tables: AnnualReport,
    records: RecordsSummary,
) -> Result<AnnualDocument, AnnualError> {
    let expected = format_for_year(header.year)?;
    let format = header.format.unwrap_or(expected);
    let mut tables = normalize::complete_tables(tables, format);
    tables.agency = Some(header.agency_name.clone());
    tables.year = Some(header.year);
    let sections = sections_for(format)
        .iter()
        .map(|s| build_section(s, header.year, format, &tables, &records))
        .collect();
    Ok(AnnualDocument {
        agency_name: header.agency_name,
        agency_level: header.agency_level,
        agency_kind: header.agency_kind,
        year: header.year,
        format,
        published_on: header.published_on,
        tables,
        records,
        sections,
    })
}

impl AnnualDocument {
    /// The title: `示例县城关镇人民政府2025年政府信息公开工作年度报告`.
    #[must_use]
    pub fn title(&self) -> String {
        format!("{}{}年政府信息公开工作年度报告", self.agency_name, self.year)
    }

    /// The paragraphs printed between the title and section 一 (basis and statistics period).
    #[must_use]
    pub fn preface(&self) -> Vec<String> {
        narrative::preface(&self.agency_name, self.year, self.format)
    }

    /// The section or sub-part with `key`.
    #[must_use]
    pub fn section(&self, key: SectionKey) -> Option<&Section> {
        self.sections
            .iter()
            .find_map(|s| if s.key == key { Some(s) } else { s.parts.iter().find(|p| p.key == key) })
    }

    fn section_mut(&mut self, key: SectionKey) -> Option<&mut Section> {
        for s in &mut self.sections {
            if s.key == key {
                return Some(s);
            }
            if let Some(p) = s.parts.iter_mut().find(|p| p.key == key) {
                return Some(p);
            }
        }
        None
    }

    /// Set the staff text of a section or sub-part; `false` when the format has no such section.
    pub fn set_written(&mut self, key: SectionKey, text: impl Into<String>) -> bool {
        match self.section_mut(key) {
            Some(s) => {
                s.written = text.into();
                true
            }
            None => false,
        }
    }

    /// Recompute every generated sentence from the current tables and records (staff text kept).
    pub fn regenerate(&mut self) {
        let (year, format) = (self.year, self.format);
        let (tables, records) = (self.tables.clone(), self.records.clone());
        fn walk(s: &mut Section, year: i32, format: ReportFormat, t: &AnnualReport, r: &RecordsSummary) {
            s.generated = narrative::for_section(s.key, year, format, t, r);
            for p in &mut s.parts {
                walk(p, year, format, t, r);
            }
        }
        for s in &mut self.sections {
            walk(s, year, format, &tables, &records);
        }
    }

    /// The tables in the exchange shape `gongkai.annual-report/1` (agency, year and format set).
    #[must_use]
    pub fn report_json_value(&self) -> AnnualReport {
        let mut r = self.tables.clone();
        r.agency = Some(self.agency_name.clone());
        r.year = Some(self.year);
        r.format = Some(self.format);
        r
    }

    /// The date line under the signature: `2026年1月20日`.
    #[must_use]
    pub fn date_zh(&self) -> Option<String> {
        use chrono::Datelike;
        self.published_on.map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day()))
    }
}
