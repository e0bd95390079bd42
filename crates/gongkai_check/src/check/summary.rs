//! The batch summary workbook: one row per report, one column per rule family.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{FileReport, Severity};

/// Rule families, in column order.
pub const FAMILIES: [&str; 11] = [
    "table3",
    "table4",
    "table",
    "narrative",
    "arithmetic",
    "cross_year",
    "section",
    "period",
    "year",
    "text",
    "structure",
];

/// Failure to build the workbook.
#[derive(Debug, thiserror::Error)]
pub enum SummaryError {
    /// The XLSX writer failed.
    #[error("无法生成汇总表：{0}")]
    Xlsx(#[from] XlsxError),
}

/// Build the summary workbook as bytes.
///
/// # Errors
/// [`SummaryError`] when the writer fails.
pub fn write_summary_xlsx(reports: &[FileReport]) -> Result<Vec<u8>, SummaryError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("年报体检汇总")?;
    let bold = Format::new().set_bold();
    let mut headers: Vec<String> = ["文件", "机关", "年度", "格式", "落款日期", "错误", "警告", "提示"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    headers.extend(FAMILIES.iter().map(|f| (*f).to_owned()));
    headers.push("无法读取的原因".to_owned());
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, u16::try_from(c).unwrap_or(0), h, &bold)?;
    }
    for (i, r) in reports.iter().enumerate() {
        let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
        ws.write_string(row, 0, &r.file)?;
        ws.write_string(row, 1, r.agency.as_deref().unwrap_or(""))?;
        if let Some(y) = r.year {
            ws.write_number(row, 2, f64::from(y))?;
        }
        ws.write_string(row, 3, r.format.map_or("", |f| f.label_zh()))?;
        ws.write_string(row, 4, r.published.as_deref().unwrap_or(""))?;
        for (k, sev) in [Severity::Error, Severity::Warning, Severity::Info].iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            ws.write_number(row, 5 + u16::try_from(k).unwrap_or(0), r.count(*sev) as f64)?;
        }
        for (k, fam) in FAMILIES.iter().enumerate() {
            let n = r.findings.iter().filter(|f| f.family() == *fam).count();
            if n > 0 {
                #[allow(clippy::cast_precision_loss)]
                ws.write_number(row, 8 + u16::try_from(k).unwrap_or(0), n as f64)?;
            }
        }
        if let Some(e) = &r.error {
            ws.write_string(row, 8 + u16::try_from(FAMILIES.len()).unwrap_or(0), e)?;
        }
    }
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 24)?;
    Ok(wb.save_to_buffer()?)
}
