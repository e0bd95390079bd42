//! DOCX in the look of an official document (GB/T 9704-2012《党政机关公文格式》): A4, margins
//! 37 mm top, 35 mm bottom, 28 mm left, 26 mm right; title 方正小标宋 二号; level-1 headings 黑体
//! 三号, level-2 楷体 三号; body 仿宋_GB2312 三号 at a fixed 28-point line pitch with a two-character
//! first-line indent; page numbers “— 1 —” in 宋体 四号. The named fonts are those offices have
//! installed; Word substitutes when they are missing. Tables use the national form's merged
//! cells (`gridSpan` / `vMerge`) in 宋体 五号.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, Footer, LineSpacing, LineSpacingType, PageMargin, PageNum, Paragraph, Run, RunFonts,
    SpecialIndentType, Table, TableCell, TableCellMargins, TableRow, VAlignType, VMergeType, WidthType,
};

use crate::AnnualError;
use crate::grid::{CellKind, Grid, Slot, tables_of};
use crate::model::{AnnualDocument, Section};

/// Twips per millimetre (1 inch = 1440 twips = 25.4 mm).
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

#[allow(clippy::cast_possible_truncation)]
fn mm(v: f64) -> i32 {
    (v * TWIPS_PER_MM).round() as i32
}

/// Text width: 210 − 28 − 26 = 156 mm.
const TEXT_WIDTH_MM: f64 = 156.0;

const FANGSONG: &str = "仿宋_GB2312";
const HEITI: &str = "黑体";
const KAITI: &str = "楷体_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const SONGTI: &str = "宋体";

/// Sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 五号 10.5 pt, 小五 9 pt.
const ERHAO: usize = 44;
const SANHAO: usize = 32;
const SIHAO: usize = 28;
const WUHAO: usize = 21;
const XIAOWU: usize = 18;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new().east_asia(east_asia).ascii("Times New Roman").hi_ansi("Times New Roman")
}

/// Every text of the document goes through here; characters XML cannot hold (C0 controls,
/// U+FFFE, U+FFFF) are dropped so the document stays readable whatever reached the records.
fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new().add_text(gongkai_domain::text::strip_xml_invalid(text)).fonts(fonts(font)).size(size)
}

fn fixed28() -> LineSpacing {
    LineSpacing::new().line_rule(LineSpacingType::Exact).line(560).before(0).after(0)
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text, FANGSONG, SANHAO))
        .line_spacing(fixed28())
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .align(AlignmentType::Both)
}

fn heading(text: &str, level: usize) -> Paragraph {
    let font = if level == 1 { HEITI } else { KAITI };
    Paragraph::new()
        .add_run(run(text, font, SANHAO))
        .line_spacing(fixed28())
        .indent(None, Some(SpecialIndentType::FirstLine(640)), None, None)
        .outline_lvl(level.saturating_sub(1))
        .keep_next(true)
}

/// Adds a section with its tables; `heads` gets each table's header-row count, in document order.
fn section(
    docx: Docx,
    s: &Section,
    level: usize,
    tables: &[(crate::SectionKey, Grid)],
    heads: &mut Vec<usize>,
) -> Docx {
    let mut docx = docx.add_paragraph(heading(&s.heading_zh, level));
    // The form follows its heading directly, without a caption, as on the national template.
    for (_, g) in tables.iter().filter(|(k, _)| *k == s.key) {
        heads.push(g.head_rows);
        docx = docx.add_table(table(g));
        docx = docx.add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().line(240)));
    }
    for p in s.paragraphs() {
        docx = docx.add_paragraph(body(&p));
    }
    for part in &s.parts {
        docx = section(docx, part, level + 1, tables, heads);
    }
    docx
}

fn cell_paragraph(text: &str, kind: CellKind, grouped: bool, size: usize) -> Paragraph {
    let align = match kind {
        CellKind::Band | CellKind::Corner => AlignmentType::Left,
        CellKind::RowHeader if !grouped => AlignmentType::Left,
        _ => AlignmentType::Center,
    };
    let r = run(text, SONGTI, size);
    let r = if kind == CellKind::Band { r.bold() } else { r };
    Paragraph::new().add_run(r).align(align).line_spacing(LineSpacing::new().line(260).before(0).after(0))
}

fn table(g: &Grid) -> Table {
    let total: u32 = g.widths.iter().sum::<u32>().max(1);
    let text_width = f64::from(mm(TEXT_WIDTH_MM));
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let widths: Vec<usize> =
        g.widths.iter().map(|w| (f64::from(*w) / f64::from(total) * text_width).round() as usize).collect();
    // 表四 has 15 columns: 小五 (9 pt) so that 结果维持 fits on two lines.
    let size = if g.columns() > 10 { XIAOWU } else { WUHAO };
    let expanded = g.expand();
    let mut rows = Vec::new();
    for row in &expanded {
        let mut cells = Vec::new();
        for (c, slot) in row.iter().enumerate() {
            let width_of =
                |cell: &crate::grid::GridCell| widths[c..(c + cell.colspan).min(widths.len())].iter().sum();
            match slot {
                Some(Slot::Origin(cell)) => {
                    let mut tc = TableCell::new()
                        .add_paragraph(cell_paragraph(&cell.text, cell.kind, cell.rowspan > 1, size))
                        .vertical_align(VAlignType::Center)
                        .width(width_of(cell), WidthType::Dxa);
                    if cell.colspan > 1 {
                        tc = tc.grid_span(cell.colspan);
                    }
                    if cell.rowspan > 1 {
                        tc = tc.vertical_merge(VMergeType::Restart);
                    }
                    cells.push(tc);
                }
                Some(Slot::Below(cell)) => {
                    // Emit the continuation once, at the first column the merged cell covers.
                    let starts_here =
                        c == 0 || !matches!(row[c - 1], Some(Slot::Below(prev)) if std::ptr::eq(prev, *cell));
                    if starts_here {
                        let mut tc = TableCell::new()
                            .add_paragraph(Paragraph::new())
                            .vertical_merge(VMergeType::Continue)
                            .width(width_of(cell), WidthType::Dxa);
                        if cell.colspan > 1 {
                            tc = tc.grid_span(cell.colspan);
                        }
                        cells.push(tc);
                    }
                }
                Some(Slot::Right) | None => {}
            }
        }
        rows.push(TableRow::new(cells).cant_split());
    }
    Table::new(rows)
        .set_grid(widths)
        .width(mm(TEXT_WIDTH_MM).unsigned_abs() as usize, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(20, 30, 20, 30))
}

/// The report as a Word document in the official-document layout.
///
/// # Errors
/// [`AnnualError::Export`] when packing the archive fails.
pub fn to_docx(doc: &AnnualDocument) -> Result<Vec<u8>, AnnualError> {
    let tables = tables_of(doc);
    // Page numbers outside (GB/T 9704 7.5): 4号 with a dash either side, odd pages on the right and
    // even pages on the left, one character in from the edge of the type area.
    let page_number = |align: AlignmentType, left: i32, right: i32| {
        Paragraph::new()
            .align(align)
            .indent(Some(left), None, Some(right), None)
            .add_run(run("— ", SONGTI, SIHAO))
            .add_page_num(PageNum::new())
            .add_run(run(" —", SONGTI, SIHAO))
    };
    let footer = Footer::new().add_paragraph(page_number(AlignmentType::Right, 0, 280));
    let even_footer = Footer::new().add_paragraph(page_number(AlignmentType::Left, 280, 0));
    let mut docx = Docx::new()
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                .footer(mm(20.0)),
        )
        .default_fonts(fonts(FANGSONG))
        .default_size(SANHAO)
        .footer(footer)
        .even_footer(even_footer);
    // Title: 二号 方正小标宋, centred, with a blank line after it.
    // A title longer than a line of 二号 characters is split as the national sample does: the
    // agency on the first line, the rest on the second (issue 13).
    let title = doc.title();
    let mut title_para = Paragraph::new();
    if title.chars().count() > 20 {
        title_para = title_para
            .add_run(run(&doc.agency_name, XIAOBIAOSONG, ERHAO).add_break(docx_rs::BreakType::TextWrapping))
            .add_run(run(&format!("{}年政府信息公开工作年度报告", doc.year), XIAOBIAOSONG, ERHAO));
    } else {
        title_para = title_para.add_run(run(&title, XIAOBIAOSONG, ERHAO));
    }
    docx = docx.add_paragraph(
        title_para
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().line_rule(LineSpacingType::Exact).line(700).after(560)),
    );
    for p in doc.preface() {
        docx = docx.add_paragraph(body(&p));
    }
    let mut heads = Vec::new();
    for s in &doc.sections {
        docx = section(docx, s, 1, &tables, &mut heads);
    }
    // Signature and date, right-aligned with four characters of right indent (GB/T 9704 7.3.5).
    let sign = |text: &str| {
        Paragraph::new()
            .add_run(run(text, FANGSONG, SANHAO))
            .align(AlignmentType::Right)
            .line_spacing(fixed28())
            .indent(None, None, Some(1280), None)
    };
    docx = docx.add_paragraph(Paragraph::new().line_spacing(fixed28()));
    docx = docx.add_paragraph(sign(&doc.agency_name));
    if let Some(d) = doc.date_zh() {
        docx = docx.add_paragraph(sign(&d));
    }
    let mut buf = Cursor::new(Vec::new());
    docx.build().pack(&mut buf).map_err(|e| AnnualError::Export { format: "docx", reason: e.to_string() })?;
    deflate(buf.into_inner(), &heads)
        .map_err(|e| AnnualError::Export { format: "docx", reason: e.to_string() })
}

/// Marks the first `heads[k]` rows of the k-th table as header rows (`<w:tblHeader/>`), which
/// Word repeats at the top of every page the table runs onto (issue 13: 表三 spans two pages).
/// docx-rs 0.4 has no setter for it; every row it writes has a `<w:trPr>` (rows are
/// `cant_split`), so the mark goes first inside that element.
fn repeat_header_rows(xml: &str, heads: &[usize]) -> String {
    const TABLE: &str = "<w:tbl>";
    const ROW_PROPS: &str = "<w:trPr>";
    let mut out = String::with_capacity(xml.len() + 32 * heads.iter().sum::<usize>());
    let mut rest = xml;
    for &h in heads {
        let Some(t) = rest.find(TABLE) else { break };
        let (before, after) = rest.split_at(t + TABLE.len());
        out.push_str(before);
        rest = after;
        for _ in 0..h {
            let Some(p) = rest.find(ROW_PROPS) else { break };
            let (before, after) = rest.split_at(p + ROW_PROPS.len());
            out.push_str(before);
            out.push_str("<w:tblHeader />");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// docx-rs stores every part uncompressed (`CompressionMethod::Stored`); rewrite the package with
/// deflate, in the same part order, with a fixed timestamp so the output is reproducible. The
/// document part shrinks about tenfold.
/// The document part also gets its header rows marked ([`repeat_header_rows`]).
fn deflate(stored: Vec<u8>, heads: &[usize]) -> Result<Vec<u8>, zip::result::ZipError> {
    use std::io::{Read as _, Write as _};
    let mut archive = zip::ZipArchive::new(Cursor::new(stored))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i)?;
        let name = file.name()?.into_owned();
        if file.is_dir() {
            out.add_directory(name, options)?;
            continue;
        }
        let mut part = Vec::new();
        file.read_to_end(&mut part)?;
        if name == "word/document.xml"
            && let Ok(xml) = String::from_utf8(part.clone())
        {
            part = repeat_header_rows(&xml, heads).into_bytes();
        }
        out.start_file(name, options)?;
        out.write_all(&part)?;
    }
    Ok(out.finish()?.into_inner())
}
