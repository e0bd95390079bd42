//! Recognition: format, agency, year, publication date, headings and the tables.

pub mod fees;
pub mod legacy;
pub mod meta;
pub mod page;
pub mod stream;
pub mod tables;

use gongkai_domain::report::{AnnualReport, LegacyFigures, ReportFormat};

use crate::read::Document;
pub use meta::{Heading, Meta};
use stream::Stream;
pub use tables::{Layout, Reading, Table2, Table3, TableNote};

/// Everything recognised in one document.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// Lines of the document (tables as space-joined rows).
    pub lines: Vec<String>,
    /// Whitespace-free text of the whole document, for phrase rules.
    pub flat: String,
    /// Agency, year, dates and headings.
    pub meta: Meta,
    /// 表二.
    pub table2: Option<Table2>,
    /// 表三.
    pub table3: Option<Table3>,
    /// 表四.
    pub table4: Option<gongkai_domain::report::CaseTable>,
    /// A 表四 was found but not read unambiguously and its figures do not add up as read, so it
    /// is left out (`table.unreadable` says so).
    pub table4_unreadable: bool,
    /// Legacy key figures and statistics-annex sums.
    pub legacy: Option<legacy::Legacy>,
    /// The format recognised from the content.
    pub format: Option<ReportFormat>,
    /// Fee statements in the text.
    pub fees: fees::FeeText,
}

impl Extracted {
    /// The tables in the exchange shape.
    #[must_use]
    pub fn report(&self) -> AnnualReport {
        AnnualReport {
            agency: self.meta.agency.clone(),
            year: self.meta.year,
            format: self.format,
            table2: self.table2.as_ref().map(|t| t.table.clone()),
            table3: self.table3.as_ref().map(|t| t.table.clone()),
            table4: self.table4.clone(),
            fees: Some(self.fees.fees.clone()).filter(|f| *f != gongkai_domain::report::Fees::default()),
            legacy: self
                .legacy
                .as_ref()
                .map(|l| l.figures.clone())
                .filter(|f| *f != LegacyFigures::default()),
            ..AnnualReport::default()
        }
    }
}

/// Recognise a read document.
#[must_use]
pub fn extract(doc: &Document) -> Extracted {
    // Page metadata (索引号/发布机构/名称… blocks) is metadata, not report text.
    let (page, body) = page::split_page_meta(doc);
    let doc = &body;
    let lines = doc.lines();
    let flat: String = lines
        .iter()
        .flat_map(|l| l.chars().chain(std::iter::once('\n')))
        .filter(|c| *c != ' ' && *c != '\t' && *c != '\u{3000}' && *c != '\u{a0}')
        .collect();
    let meta = meta::recognise(doc, &page, &lines, &flat);
    let stream = Stream::build(doc);
    let table3 = tables::table3(&stream);
    let table2 = tables::table2(&stream);
    let t4_from = table3.as_ref().map_or(0, |t| t.end);
    // 表四 after 表三; else anywhere, if it reads unambiguously (a page with the parts reordered).
    let t4 = tables::table4_read(&stream, t4_from)
        .or_else(|| tables::table4_read(&stream, 0).filter(|t| t.unambiguous && t4_from > 0));
    let (table4, table4_unreadable) = match t4 {
        Some(t) if !t.unambiguous && !gongkai_domain::report::check_case_table(&t.table).is_empty() => {
            (None, true)
        }
        Some(t) => (Some(t.table), false),
        None => (None, false),
    };
    let format = if table3.is_some() || table2.is_some() {
        let t2 = table2.as_ref().map(|t| t.layout);
        let t3 = table3.as_ref().map(|t| t.layout);
        Some(match (t2, t3, meta.year) {
            (Some(Layout::Trial2019), _, _) => ReportFormat::Trial2019,
            (Some(Layout::National2021), _, _) => ReportFormat::National2021,
            (None, Some(Layout::Trial2019), _) => ReportFormat::Trial2019,
            (None, _, Some(y)) if y < 2021 => ReportFormat::Trial2019,
            _ => ReportFormat::National2021,
        })
    } else if meta.year.is_some_and(|y| y <= 2018) || (meta.year.is_none() && flat.contains("政府信息公开"))
    {
        Some(ReportFormat::Legacy2008)
    } else {
        meta.year.map(ReportFormat::expected_for_year)
    };
    let fees = fees::extract(&flat);
    let legacy = (format == Some(ReportFormat::Legacy2008)).then(|| {
        let mut l = legacy::extract(&flat);
        // Whole yuan; a fractional amount stays in `fees`.
        #[allow(clippy::cast_possible_truncation)]
        let whole =
            fees.fees.amount_collected_yuan.filter(|v| v.fract() == 0.0 && *v < 1e12).map(|v| v as i64);
        l.figures.fees_yuan = whole;
        l
    });
    Extracted { lines, flat, meta, table2, table3, table4, table4_unreadable, legacy, format, fees }
}
