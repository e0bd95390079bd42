//! XLSX: one sheet per statutory table, merged header cells as on the national form, numbers as
//! numbers (no formulas: rust_xlsxwriter saves formulas without a cached value, stack.md §3.5).

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, XlsxError};

use crate::AnnualError;
use crate::grid::{CellKind, Grid, tables_of};
use crate::model::AnnualDocument;

fn err(e: XlsxError) -> AnnualError {
    AnnualError::Export { format: "xlsx", reason: e.to_string() }
}

/// Text as the workbook may hold it: the writer escapes C0 controls but not U+FFFE/U+FFFF, which
/// would leave the sheet unreadable; they are dropped (gongkai_domain::text).
fn xml_text(s: &str) -> String {
    gongkai_domain::text::strip_xml_invalid(s)
}

fn sheet(wb: &mut Workbook, doc: &AnnualDocument, g: &Grid) -> Result<(), XlsxError> {
    let base = Format::new()
        .set_font_name("宋体")
        .set_font_size(10.5)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let left = base.clone().set_align(FormatAlign::Left);
    let band = left.clone().set_bold();
    let title = Format::new()
        .set_font_name("黑体")
        .set_font_size(14)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let ws = wb.add_worksheet();
    ws.set_name(g.sheet)?;
    let cols = u16::try_from(g.columns()).unwrap_or(u16::MAX);
    ws.merge_range(
        0,
        0,
        0,
        cols.saturating_sub(1),
        &xml_text(&format!("{}{}年{}", doc.agency_name, doc.year, g.caption)),
        &title,
    )?;
    ws.set_row_height(0, 28)?;
    let total: u32 = g.widths.iter().sum::<u32>().max(1);
    let sheet_width = if g.columns() > 10 { 150.0 } else { 110.0 };
    for (i, w) in g.widths.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        ws.set_column_width(col, (f64::from(*w) / f64::from(total) * sheet_width).max(6.0))?;
    }
    // Print setup (issue 13): A4, landscape for the wide 表三, fit to one page wide, the title and
    // header rows repeated on every printed page, centred.
    ws.set_paper_size(9);
    if g.columns() > 10 {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_repeat_rows(0, u32::try_from(g.head_rows).unwrap_or(0))?;
    let expanded = g.expand();
    for (r, row) in expanded.iter().enumerate() {
        let rr = u32::try_from(r + 1).unwrap_or(u32::MAX);
        // Long labels (表三's row headers run to 30 characters) get a taller row.
        let longest = row
            .iter()
            .filter_map(|slot| match slot {
                Some(crate::grid::Slot::Origin(cell)) if cell.colspan <= 1 => Some(cell.text.chars().count()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        if longest > 14 {
            ws.set_row_height(rr, 15.0 * ((longest as f64 / 14.0).ceil()).min(4.0))?;
        }
        for (c, slot) in row.iter().enumerate() {
            let Some(crate::grid::Slot::Origin(cell)) = slot else { continue };
            let cc = u16::try_from(c).unwrap_or(u16::MAX);
            let fmt = match cell.kind {
                CellKind::Band => &band,
                CellKind::RowHeader | CellKind::Corner => &left,
                _ => &base,
            };
            let last_r = rr + u32::try_from(cell.rowspan.max(1) - 1).unwrap_or(0);
            let last_c = cc + u16::try_from(cell.colspan.max(1) - 1).unwrap_or(0);
            if last_r > rr || last_c > cc {
                ws.merge_range(rr, cc, last_r, last_c, &xml_text(&cell.text), fmt)?;
            }
            match cell.value {
                Some(v) => ws.write_number_with_format(rr, cc, v, fmt)?,
                None => ws.write_string_with_format(rr, cc, xml_text(&cell.text), fmt)?,
            };
        }
    }
    Ok(())
}

/// The statutory tables as an XLSX workbook (表二, 表三, 表四 on their own sheets; the statistics
/// table for legacy reports).
///
/// # Errors
/// [`AnnualError::Export`] when the writer fails.
pub fn to_xlsx(doc: &AnnualDocument) -> Result<Vec<u8>, AnnualError> {
    let mut wb = Workbook::new();
    for (_, g) in tables_of(doc) {
        sheet(&mut wb, doc, &g).map_err(err)?;
    }
    wb.save_to_buffer().map_err(err)
}
