//! Exports. Every format walks the same sections and the same [`crate::grid::Grid`]s, so they
//! print the same numbers.

mod docx;
mod pdf;
mod xlsx;

use std::fmt::Write as _;

pub use docx::to_docx;
pub use pdf::{LetterPart, letter_to_pdf, to_pdf, to_pdf_with_fonts};
pub use xlsx::to_xlsx;

use crate::AnnualError;
use crate::grid::{CellKind, Grid, Slot, tables_of};
use crate::model::{AnnualDocument, Section};
use crate::spec::SectionKey;

/// Minimal HTML escaping for text and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            _ => o.push(ch),
        }
    }
    o
}

fn key_id(key: SectionKey) -> String {
    let v = serde_json::to_value(key).ok();
    let k = v.as_ref().and_then(|v| v.as_str()).unwrap_or("section");
    format!("gk-{}", k.replace('_', "-"))
}

/// Suggested stylesheet for [`to_html`] (the portal may use its own).
pub const HTML_STYLE: &str = ".gk-annual-report{font-family:\"FangSong\",\"仿宋\",\"Noto Serif CJK SC\",serif;line-height:1.8}\
.gk-annual-report h1{text-align:center;font-family:\"SimHei\",\"黑体\",sans-serif}\
.gk-annual-report p{text-indent:2em;margin:.4em 0}\
.gk-annual-report .gk-signature,.gk-annual-report .gk-date{text-align:right;text-indent:0}\
.gk-table{border-collapse:collapse;margin:.8em 0;width:100%}\
.gk-table th,.gk-table td{border:1px solid #000;padding:.2em .4em;text-align:center;font-weight:normal}\
.gk-table caption{font-weight:bold;padding:.3em}\
.gk-table .gk-band{text-align:left;font-weight:bold}\
.gk-table-wrap{overflow-x:auto}";

fn html_table(g: &Grid, out: &mut String) {
    let cls = match g.kind {
        crate::TableKind::Proactive => "gk-table2",
        crate::TableKind::Requests => "gk-table3",
        crate::TableKind::Cases => "gk-table4",
        crate::TableKind::LegacyFigures => "gk-legacy",
    };
    let _ = writeln!(out, "<div class=\"gk-table-wrap\">\n<table class=\"gk-table {cls}\">");
    let _ = writeln!(out, "<caption>{}</caption>", esc(&g.caption));
    for (i, row) in g.rows.iter().enumerate() {
        if i == 0 && g.head_rows > 0 {
            out.push_str("<thead>\n");
        }
        if i == g.head_rows {
            out.push_str("<tbody>\n");
        }
        out.push_str("<tr>");
        for c in row {
            let mut attrs = String::new();
            if c.rowspan > 1 {
                let _ = write!(attrs, " rowspan=\"{}\"", c.rowspan);
            }
            if c.colspan > 1 {
                let _ = write!(attrs, " colspan=\"{}\"", c.colspan);
            }
            let text = esc(&c.text);
            match c.kind {
                CellKind::ColHeader => {
                    let scope = if c.colspan > 1 { "colgroup" } else { "col" };
                    let _ = write!(out, "<th scope=\"{scope}\"{attrs}>{text}</th>");
                }
                CellKind::RowHeader => {
                    let scope = if c.rowspan > 1 { "rowgroup" } else { "row" };
                    let _ = write!(out, "<th scope=\"{scope}\"{attrs}>{text}</th>");
                }
                CellKind::Band => {
                    let _ = write!(out, "<th scope=\"colgroup\" class=\"gk-band\"{attrs}>{text}</th>");
                }
                CellKind::Corner => {
                    let _ = write!(out, "<td class=\"gk-note\"{attrs}>{text}</td>");
                }
                CellKind::Data => {
                    let _ = write!(out, "<td{attrs}>{text}</td>");
                }
            }
        }
        out.push_str("</tr>\n");
        if g.head_rows > 0 && i + 1 == g.head_rows {
            out.push_str("</thead>\n");
        }
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
}

fn html_section(doc_tables: &[(SectionKey, Grid)], s: &Section, level: u8, out: &mut String) {
    let id = key_id(s.key);
    let cls = if level == 2 { "gk-section" } else { "gk-part" };
    let _ = writeln!(out, "<section class=\"{cls}\" id=\"{id}\" aria-labelledby=\"{id}-h\">");
    let _ = writeln!(out, "<h{level} id=\"{id}-h\">{}</h{level}>", esc(&s.heading_zh));
    // The form comes right under its heading, as on the national template; the sentences
    // explaining it follow (the checker reads a table as the numbers after the heading).
    for (_, g) in doc_tables.iter().filter(|(k, _)| *k == s.key) {
        html_table(g, out);
    }
    for p in s.paragraphs() {
        let _ = writeln!(out, "<p>{}</p>", esc(&p));
    }
    for part in &s.parts {
        html_section(doc_tables, part, level + 1, out);
    }
    out.push_str("</section>\n");
}

/// A complete HTML fragment for the portal page: `<h1>` title, preface, numbered sections with
/// `<h2>`/`<h3>`, the statutory tables with the national form's merged header cells
/// (`rowspan`/`colspan`), `<caption>` and `<th scope>`, and the signature. Style it with
/// [`HTML_STYLE`] or the portal's own CSS.
#[must_use]
pub fn to_html(doc: &AnnualDocument) -> String {
    let tables = tables_of(doc);
    let mut out = String::new();
    let _ = writeln!(out, "<div class=\"gk-annual-report\" lang=\"zh-CN\">");
    let _ = writeln!(out, "<h1 class=\"gk-title\">{}</h1>", esc(&doc.title()));
    for p in doc.preface() {
        let _ = writeln!(out, "<p class=\"gk-preface\">{}</p>", esc(&p));
    }
    for s in &doc.sections {
        html_section(&tables, s, 2, &mut out);
    }
    let _ = writeln!(out, "<p class=\"gk-signature\">{}</p>", esc(&doc.agency_name));
    if let Some(d) = doc.date_zh() {
        let _ = writeln!(out, "<p class=\"gk-date\">{d}</p>");
    }
    out.push_str("</div>\n");
    out
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn md_table(g: &Grid, out: &mut String) {
    let _ = writeln!(out, "**{}**\n", g.caption);
    let grid = g.expand();
    if g.head_rows == 0 {
        // Blocks (表二): a band line, then a table whose header is the block's first row.
        let mut i = 0;
        while i < g.rows.len() {
            let row = &g.rows[i];
            if row.first().is_some_and(|c| c.kind == CellKind::Band) {
                let _ = writeln!(out, "{}\n", row.iter().map(|c| c.text.as_str()).collect::<String>());
                i += 1;
                continue;
            }
            let line = |r: &Vec<crate::grid::GridCell>| {
                format!("| {} |", r.iter().map(|c| md_cell(&c.text)).collect::<Vec<_>>().join(" | "))
            };
            let _ = writeln!(out, "{}", line(row));
            let _ = writeln!(out, "|{}", " --- |".repeat(row.len()));
            i += 1;
            while i < g.rows.len() && g.rows[i].first().is_some_and(|c| c.kind != CellKind::Band) {
                let _ = writeln!(out, "{}", line(&g.rows[i]));
                i += 1;
            }
            out.push('\n');
        }
        return;
    }
    let n = g.columns();
    let mut heads = Vec::with_capacity(n);
    let mut corner = None;
    for c in 0..n {
        let mut parts: Vec<&str> = Vec::new();
        for r in grid.iter().take(g.head_rows) {
            if let Some(Slot::Origin(cell) | Slot::Below(cell)) = r[c] {
                if cell.kind == CellKind::Corner {
                    corner = Some(cell.text.clone());
                    continue;
                }
                if parts.last() != Some(&cell.text.as_str()) {
                    parts.push(&cell.text);
                }
            } else if let Some(Slot::Right) = r[c] {
                // Find the origin to the left in this row.
                if let Some(Slot::Origin(cell) | Slot::Below(cell)) =
                    (0..c).rev().find_map(|cc| r[cc].filter(|s| !matches!(s, Slot::Right)))
                    && cell.kind != CellKind::Corner
                    && parts.last() != Some(&cell.text.as_str())
                {
                    parts.push(&cell.text);
                }
            }
        }
        heads.push(parts.join("·"));
    }
    if let Some(note) = corner {
        let _ = writeln!(out, "{note}\n");
    }
    let _ = writeln!(out, "| {} |", heads.iter().map(|h| md_cell(h)).collect::<Vec<_>>().join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(n));
    for r in grid.iter().skip(g.head_rows) {
        let cells: Vec<String> = r
            .iter()
            .map(|s| match s {
                Some(Slot::Origin(c)) => md_cell(&c.text),
                _ => String::new(),
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn md_section(tables: &[(SectionKey, Grid)], s: &Section, level: usize, out: &mut String) {
    let _ = writeln!(out, "{} {}\n", "#".repeat(level), s.heading_zh);
    for (_, g) in tables.iter().filter(|(k, _)| *k == s.key) {
        md_table(g, out);
    }
    for p in s.paragraphs() {
        let _ = writeln!(out, "{p}\n");
    }
    for part in &s.parts {
        md_section(tables, part, level + 1, out);
    }
}

/// The report as Markdown (GitHub pipe tables; merged header cells flattened to `A·B·C`).
#[must_use]
pub fn to_markdown(doc: &AnnualDocument) -> String {
    let tables = tables_of(doc);
    let mut out = format!("# {}\n\n", doc.title());
    for p in doc.preface() {
        let _ = writeln!(out, "{p}\n");
    }
    for s in &doc.sections {
        md_section(&tables, s, 2, &mut out);
    }
    let _ = writeln!(out, "<p align=\"right\">{}</p>\n", doc.agency_name);
    if let Some(d) = doc.date_zh() {
        let _ = writeln!(out, "<p align=\"right\">{d}</p>");
    }
    out
}

/// The tables in the exchange shape `gongkai.annual-report/1` (`shared/domain/report-json.md`).
///
/// # Errors
/// [`AnnualError::Export`] if serialisation fails (it does not for finite numbers).
pub fn to_json(doc: &AnnualDocument) -> Result<String, AnnualError> {
    serde_json::to_string_pretty(&doc.report_json_value())
        .map_err(|e| AnnualError::Export { format: "json", reason: e.to_string() })
}
