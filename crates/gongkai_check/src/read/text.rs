//! Plain text and Markdown: encoding detection (UTF-8, UTF-16 BOM, GBK/GB18030) and lines.

use super::{Block, Document, ReadError, SourceKind};

/// Decode bytes to a string: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK).
///
/// # Errors
/// [`ReadError::Binary`] when the bytes look like binary data rather than text.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    let (text, _) = if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (t, _, _) = enc.decode(bytes);
        (t.into_owned(), enc)
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        (s.to_owned(), encoding_rs::UTF_8)
    } else {
        let (t, _, _) = encoding_rs::GB18030.decode(bytes);
        (t.into_owned(), encoding_rs::GB18030)
    };
    let total = text.chars().count().max(1);
    let bad = text
        .chars()
        .filter(|c| *c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')))
        .count();
    if bad * 10 > total {
        return Err(ReadError::Binary);
    }
    Ok(text)
}

/// Text → one paragraph block per non-empty line; Markdown table rows (`| a | b |`) become
/// table grids. A row whose cell holds a line break (the row starts with `|` but the line does
/// not end with one) is joined with the following lines up to its closing `|`; `<br>` inside a
/// cell is dropped.
#[must_use]
pub fn read(text: &str) -> Document {
    let mut blocks = Vec::new();
    let mut table: Vec<Vec<super::GridCell>> = Vec::new();
    let raw_lines: Vec<&str> = text.lines().collect();
    let mut k = 0;
    while k < raw_lines.len() {
        let mut line = raw_lines[k].trim().to_owned();
        k += 1;
        if line.starts_with('|') && !line.ends_with('|') {
            // A cell broken over lines: up to 4 more lines until one closes the row.
            let close = (k..raw_lines.len().min(k + 4)).find(|j| {
                let t = raw_lines[*j].trim();
                t.ends_with('|') && !t.starts_with('|')
            });
            if let Some(j) = close {
                for l in &raw_lines[k..=j] {
                    line.push_str(l.trim());
                }
                k = j + 1;
            }
        }
        if line.starts_with('|') && line.ends_with('|') && line.len() > 1 {
            let inner = &line[1..line.len() - 1];
            if inner.chars().all(|c| matches!(c, '-' | ':' | '|' | ' ')) {
                continue;
            }
            table.push(
                inner
                    .split('|')
                    .map(|c| {
                        let c = c.replace("<br>", "").replace("<br/>", "").replace("<br />", "");
                        super::GridCell::Origin(c.trim().to_owned())
                    })
                    .collect(),
            );
            continue;
        }
        if !table.is_empty() {
            blocks.push(Block::Table(std::mem::take(&mut table)));
        }
        if !line.is_empty() {
            blocks.push(Block::Para(line.trim_start_matches('#').trim().to_owned()));
        }
    }
    if !table.is_empty() {
        blocks.push(Block::Table(table));
    }
    Document { kind: SourceKind::Text, blocks, title: None, skipped_tables: 0 }
}
