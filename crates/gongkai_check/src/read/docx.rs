//! DOCX: `word/document.xml` from the ZIP container, paragraphs (`w:p`) and tables (`w:tbl`)
//! with `w:gridSpan` and `w:vMerge` expanded into grids.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::html::{NESTED, flatten_cells, is_layout};
use super::{Block, CellBudget, Document, GridCell, MAX_SPAN, ReadError, SourceKind};

/// Largest `document.xml` inflated (zip bombs).
const MAX_XML: u64 = 64 * 1024 * 1024;

/// Read a DOCX file.
///
/// # Errors
/// [`ReadError::Broken`] when the ZIP or XML is broken or has no `word/document.xml`.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Broken(format!("ZIP：{e}")))?;
    let entry = zip
        .by_name("word/document.xml")
        .map_err(|_| ReadError::Broken("不是 Word 文档（缺少 word/document.xml）".to_owned()))?;
    let mut xml = String::new();
    entry
        .take(MAX_XML)
        .read_to_string(&mut xml)
        .map_err(|e| ReadError::Broken(format!("document.xml：{e}")))?;
    Ok(parse_document_xml(&xml))
}

struct Cell {
    text: String,
    span: usize,
    vmerge_continue: bool,
}

/// Parse WordprocessingML body XML.
#[must_use]
pub fn parse_document_xml(xml: &str) -> Document {
    let mut reader = Reader::from_str(xml);
    let mut blocks = Vec::new();
    let mut para = String::new();
    let mut in_text = false;
    // Stack of tables: rows of cells.
    let mut tables: Vec<Vec<Vec<Cell>>> = Vec::new();
    // Open cells, innermost last (a table nested in a cell must not lose the outer cell's text).
    let mut cells: Vec<Cell> = Vec::new();
    // Number of open cells when each open table started.
    let mut depths: Vec<usize> = Vec::new();
    // Blocks of the tables nested in each open table's cells.
    let mut nested: Vec<Vec<Vec<Block>>> = Vec::new();
    let mut budget = CellBudget::default();
    while let Ok(ev) = reader.read_event() {
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                match name.as_ref() {
                    "w:t" => in_text = true,
                    "w:tab" => para.push(' '),
                    "w:br" => para.push('\n'),
                    "w:tbl" if !empty => {
                        tables.push(Vec::new());
                        depths.push(cells.len());
                        nested.push(Vec::new());
                    }
                    "w:tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.push(Vec::new());
                        }
                    }
                    "w:tc" if !empty => {
                        cells.push(Cell { text: String::new(), span: 1, vmerge_continue: false });
                    }
                    "w:gridSpan" => {
                        if let (Some(c), Some(v)) = (cells.last_mut(), val(&e)) {
                            c.span = v.parse::<usize>().unwrap_or(1).clamp(1, MAX_SPAN);
                        }
                    }
                    "w:vMerge" => {
                        if let Some(c) = cells.last_mut() {
                            c.vmerge_continue = val(&e).is_none_or(|v| v != "restart");
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if in_text && let Ok(s) = Ok::<_, ()>(t.xml10_content()) {
                    para.push_str(&super::html::decode_entities(&s));
                }
            }
            Event::GeneralRef(r) if in_text => {
                let s = format!("&{};", r.into_inner());
                para.push_str(&super::html::decode_entities(&s));
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                "w:p" => {
                    if let Some(c) = cells.last_mut() {
                        if !c.text.is_empty() {
                            c.text.push('\n');
                        }
                        c.text.push_str(para.trim());
                    } else if !para.trim().is_empty() {
                        blocks.push(Block::Para(para.trim().to_owned()));
                    }
                    para.clear();
                }
                "w:tc" => {
                    if let (Some(c), Some(t)) = (cells.pop(), tables.last_mut())
                        && let Some(r) = t.last_mut()
                    {
                        r.push(c);
                    }
                }
                "w:tbl" => {
                    // Cells left open inside the table (broken markup) end with it.
                    if let Some(d) = depths.pop() {
                        cells.truncate(d);
                    }
                    if let Some(t) = tables.pop() {
                        let made = table_blocks(t, nested.pop().unwrap_or_default(), &mut budget);
                        // A table nested in a cell: its blocks go where it stands in that cell.
                        if let (Some(c), Some(list)) = (cells.last_mut(), nested.last_mut()) {
                            c.text.push(NESTED);
                            c.text.push_str(&list.len().to_string());
                            c.text.push('\n');
                            list.push(made);
                        } else {
                            blocks.extend(made);
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Document { kind: SourceKind::Docx, blocks, title: None, skipped_tables: budget.skipped }
}

fn val(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == "w:val").map(|a| a.value.to_string())
}

/// A table as blocks: a layout table (see [`super::html::is_layout`]) as its content in order,
/// any other as one grid (left out when over the cell budget, counted in `budget.skipped`).
fn table_blocks(rows: Vec<Vec<Cell>>, nested: Vec<Vec<Block>>, budget: &mut CellBudget) -> Vec<Block> {
    let texts: Vec<&str> =
        rows.iter().flatten().filter(|c| !c.vmerge_continue).map(|c| c.text.as_str()).collect();
    if is_layout(&texts, nested.len()) {
        return flatten_cells(texts.into_iter(), nested);
    }
    match to_grid(rows, budget) {
        Some(grid) => vec![Block::Table(grid)],
        None => {
            budget.skipped += 1;
            Vec::new()
        }
    }
}

/// The grid with `gridSpan`s expanded, or `None` once it would pass the cell budget.
fn to_grid(rows: Vec<Vec<Cell>>, budget: &mut CellBudget) -> Option<Vec<Vec<GridCell>>> {
    let mut table = budget.table();
    let mut grid = Vec::with_capacity(rows.len());
    for r in rows {
        let mut out = Vec::new();
        for c in r {
            table.span(c.span)?;
            table.cells(c.span)?;
            out.push(if c.vmerge_continue {
                GridCell::Covered
            } else {
                GridCell::Origin(c.text.replace(['\n', NESTED], " ").trim().to_owned())
            });
            for _ in 1..c.span {
                out.push(GridCell::Covered);
            }
        }
        grid.push(out);
    }
    table.commit(budget);
    Some(grid)
}
