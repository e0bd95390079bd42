//! HTML: a small tolerant tokenizer (no DOM) that yields paragraphs and tables, expanding
//! `rowspan`/`colspan` into a rectangular grid. Scripts, styles and comments are skipped.

use super::{Block, CellBudget, Document, GridCell, MAX_SPAN, SourceKind};

/// Marks where a nested table's blocks go in a cell's text (followed by its index).
pub(super) const NESTED: char = '\u{E001}';

/// Whether a table is a layout table: it holds nested tables, or it has at most six cells and
/// one of them holds paragraphs (line breaks) of at least 200 characters.
pub(super) fn is_layout(cell_texts: &[&str], nested: usize) -> bool {
    nested > 0
        || (cell_texts.len() <= 6
            && cell_texts
                .iter()
                .any(|t| t.contains('\n') && t.chars().filter(|c| !c.is_whitespace()).count() >= 200))
}

/// A layout table's content in order: each cell's lines as paragraphs, and the blocks of the
/// nested tables where their [`NESTED`] markers stand.
pub(super) fn flatten_cells<'a>(
    cell_texts: impl Iterator<Item = &'a str>,
    nested: Vec<Vec<Block>>,
) -> Vec<Block> {
    let mut nested: Vec<Option<Vec<Block>>> = nested.into_iter().map(Some).collect();
    let mut out = Vec::new();
    for text in cell_texts {
        let mut rest = text;
        loop {
            let (seg, after) = match rest.find(NESTED) {
                Some(i) => (&rest[..i], Some(&rest[i + NESTED.len_utf8()..])),
                None => (rest, None),
            };
            for line in seg.split('\n') {
                let t = line.split_whitespace().collect::<Vec<_>>().join(" ");
                if !t.is_empty() {
                    out.push(Block::Para(t));
                }
            }
            let Some(after) = after else { break };
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if let Some(blocks) =
                digits.parse::<usize>().ok().and_then(|k| nested.get_mut(k)).and_then(Option::take)
            {
                out.extend(blocks);
            }
            rest = &after[digits.len()..];
        }
    }
    out
}

#[derive(Default)]
struct TableBuild {
    rows: Vec<Vec<(String, usize, usize)>>,
    cell: Option<(String, usize, usize)>,
    /// Blocks of tables nested in this one's cells, referenced by [`NESTED`] markers.
    nested: Vec<Vec<Block>>,
}

impl TableBuild {
    fn close_cell(&mut self) {
        if let Some(c) = self.cell.take() {
            if self.rows.is_empty() {
                self.rows.push(Vec::new());
            }
            if let Some(r) = self.rows.last_mut() {
                r.push(c);
            }
        }
    }

    /// Put a nested table's blocks at the current position of the open cell (opening one if the
    /// markup has none).
    fn nest(&mut self, made: Vec<Block>) {
        let k = self.nested.len();
        let cell = self.cell.get_or_insert_with(|| (String::new(), 1, 1));
        cell.0.push(NESTED);
        cell.0.push_str(&k.to_string());
        cell.0.push('\n');
        self.nested.push(made);
    }

    /// A layout table (a page laid out in table cells: nested tables, or a few cells holding
    /// paragraphs of text) becomes its content's paragraphs and tables, in order; any other table
    /// becomes one grid.
    /// A grid over the cell budget is dropped (counted in `budget.skipped`).
    fn into_blocks(mut self, budget: &mut CellBudget) -> Vec<Block> {
        self.close_cell();
        let texts: Vec<&str> = self.rows.iter().flatten().map(|c| c.0.as_str()).collect();
        if !is_layout(&texts, self.nested.len()) {
            return match self.into_grid(budget) {
                Some(grid) => vec![Block::Table(grid)],
                None => {
                    budget.skipped += 1;
                    Vec::new()
                }
            };
        }
        let nested = std::mem::take(&mut self.nested);
        flatten_cells(self.rows.iter().flatten().map(|c| c.0.as_str()), nested)
    }

    /// The rectangular grid, or `None` once it would pass the table's or the document's cell
    /// budget: rows widen past the positions other rows' spans cover, so a few hundred
    /// kilobytes of spans can ask for billions of cells.
    fn into_grid(mut self, budget: &mut CellBudget) -> Option<Vec<Vec<GridCell>>> {
        self.close_cell();
        let mut table = budget.table();
        let mut grid: Vec<Vec<Option<GridCell>>> = Vec::new();
        for (ri, row) in self.rows.iter().enumerate() {
            while grid.len() <= ri {
                grid.push(Vec::new());
            }
            let mut col = 0;
            for (text, rs, cs) in row {
                while grid[ri].get(col).is_some_and(Option::is_some) {
                    col += 1;
                }
                table.span(rs * cs)?;
                for dr in 0..*rs {
                    let r = ri + dr;
                    if r >= self.rows.len() {
                        break;
                    }
                    while grid.len() <= r {
                        grid.push(Vec::new());
                    }
                    for dc in 0..*cs {
                        let c = col + dc;
                        if grid[r].len() <= c {
                            table.cells(c + 1 - grid[r].len())?;
                            grid[r].resize(c + 1, None);
                        }
                        grid[r][c] = Some(if dr == 0 && dc == 0 {
                            GridCell::Origin(text.replace('\n', " ").trim().to_owned())
                        } else {
                            GridCell::Covered
                        });
                    }
                }
                col += cs;
            }
        }
        table.commit(budget);
        Some(
            grid.into_iter()
                .map(|r| r.into_iter().map(|c| c.unwrap_or(GridCell::Origin(String::new()))).collect())
                .collect(),
        )
    }
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(name) {
        let start = from + pos;
        from = start + name.len();
        let before_ok = start == 0 || lower.as_bytes()[start - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let val: String = rest
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| !matches!(c, '"' | '\'' | ' ' | '>' | '/'))
            .collect();
        return Some(val);
    }
    None
}

fn span(tag: &str, name: &str) -> usize {
    attr(tag, name).and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).clamp(1, MAX_SPAN)
}

/// Decode the common named and numeric character references.
#[must_use]
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // A reference is short; look for its `;` in the next 12 bytes (at a char boundary).
        let end = rest[..rest.floor_char_boundary(12)].find(';');
        let Some(end) = end else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let rep = match ent {
            "nbsp" | "ensp" | "emsp" | "thinsp" => Some(' '),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "ldquo" => Some('“'),
            "rdquo" => Some('”'),
            "mdash" => Some('—'),
            "middot" => Some('·'),
            _ => ent
                .strip_prefix("#x")
                .or_else(|| ent.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse::<u32>().ok()))
                .and_then(char::from_u32),
        };
        if let Some(c) = rep {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// Parse an HTML string into blocks.
#[must_use]
pub fn read(html: &str) -> Document {
    let mut blocks: Vec<Block> = Vec::new();
    let mut para = String::new();
    let mut tables: Vec<TableBuild> = Vec::new();
    let mut title: Option<String> = None;
    let mut in_title = false;
    let mut rest = html;
    let mut budget = CellBudget::default();

    let flush_para = |para: &mut String, blocks: &mut Vec<Block>| {
        let t = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if !t.is_empty() {
            blocks.push(Block::Para(t));
        }
        para.clear();
    };

    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(rest, &mut para, &mut tables, in_title, &mut title);
            break;
        };
        push_text(&rest[..lt], &mut para, &mut tables, in_title, &mut title);
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            rest = rest.find("-->").map_or("", |e| &rest[e + 3..]);
            continue;
        }
        let Some(gt) = rest.find('>') else {
            break;
        };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "script" | "style" if !closing => {
                let close = format!("</{name}");
                let lower = rest.to_ascii_lowercase();
                rest = lower.find(&close).map_or("", |e| &rest[e..]);
            }
            "title" => in_title = !closing,
            "table" => {
                if closing {
                    if let Some(t) = tables.pop() {
                        let made = t.into_blocks(&mut budget);
                        if let Some(parent) = tables.last_mut() {
                            // A nested table: its blocks go where it stood in the parent cell.
                            parent.nest(made);
                        } else {
                            blocks.extend(made);
                        }
                    }
                } else {
                    flush_para(&mut para, &mut blocks);
                    tables.push(TableBuild::default());
                }
            }
            "tr" => {
                if let Some(t) = tables.last_mut() {
                    t.close_cell();
                    if !closing {
                        t.rows.push(Vec::new());
                    }
                }
            }
            "td" | "th" => {
                if let Some(t) = tables.last_mut() {
                    t.close_cell();
                    if !closing {
                        t.cell = Some((String::new(), span(tag, "rowspan"), span(tag, "colspan")));
                    }
                }
            }
            "p" | "div" | "br" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "li" | "section" | "article"
            | "ul" | "ol" | "blockquote" | "pre" => {
                if let Some(t) = tables.last_mut() {
                    if let Some(c) = t.cell.as_mut() {
                        c.0.push('\n');
                    }
                } else {
                    flush_para(&mut para, &mut blocks);
                }
            }
            _ => {}
        }
    }
    flush_para(&mut para, &mut blocks);
    while let Some(t) = tables.pop() {
        let made = t.into_blocks(&mut budget);
        if let Some(parent) = tables.last_mut() {
            parent.nest(made);
        } else {
            blocks.extend(made);
        }
    }
    Document {
        kind: SourceKind::Html,
        blocks,
        title: title.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()),
        skipped_tables: budget.skipped,
    }
}

fn push_text(
    raw: &str,
    para: &mut String,
    tables: &mut [TableBuild],
    in_title: bool,
    title: &mut Option<String>,
) {
    if raw.is_empty() {
        return;
    }
    let text = decode_entities(raw);
    if in_title {
        title.get_or_insert_with(String::new).push_str(&text);
        return;
    }
    if let Some(t) = tables.last_mut() {
        if let Some(c) = t.cell.as_mut() {
            // Source line breaks are spaces; only tags break paragraphs inside a cell.
            c.0.push_str(&text.replace(['\n', '\r', NESTED], " "));
        }
        return;
    }
    para.push_str(&text);
}
