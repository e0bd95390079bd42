//! Readers: bytes of any supported kind → a [`Document`] of paragraphs and table grids.
//!
//! The kind is sniffed from the content (PDF and ZIP magic, HTML tags), not from the file name,
//! so a mislabelled upload still reads. Text is decoded from UTF-8, UTF-16 (with BOM) or GBK.

pub mod clean;
pub mod docx;
pub mod html;
pub mod pdf;
pub mod text;

use serde::{Deserialize, Serialize};

/// Largest input read; bigger files get a per-file error.
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// Largest `rowspan`, `colspan` or `gridSpan` honoured (larger values are clamped).
pub const MAX_SPAN: usize = 64;
/// Most cells of one expanded table grid; a bigger table is skipped and reported.
pub const MAX_TABLE_CELLS: usize = 100_000;
/// Most cells of all expanded table grids of one document.
pub const MAX_DOCUMENT_CELLS: usize = 200_000;
/// Most cell positions written while expanding spans (the sum of rowspan × colspan over the
/// cells) in one document.
pub const MAX_SPAN_PRODUCT: usize = 1_000_000;

/// What grid expansion may still allocate in one document; tables over it are skipped.
#[derive(Debug, Default)]
pub(crate) struct CellBudget {
    cells: usize,
    work: usize,
    /// Tables skipped because they were over the budget.
    pub skipped: usize,
}

impl CellBudget {
    /// Start expanding one table.
    pub(crate) fn table(&self) -> TableBudget {
        TableBudget {
            cells_left: MAX_TABLE_CELLS.min(MAX_DOCUMENT_CELLS.saturating_sub(self.cells)),
            work_left: MAX_SPAN_PRODUCT.saturating_sub(self.work),
            cells: 0,
            work: 0,
        }
    }
}

/// The budget of one table being expanded; `None` from its methods means "over, stop".
#[derive(Debug)]
pub(crate) struct TableBudget {
    cells_left: usize,
    work_left: usize,
    cells: usize,
    work: usize,
}

impl TableBudget {
    /// Charge `n` newly allocated cells.
    pub(crate) fn cells(&mut self, n: usize) -> Option<()> {
        self.cells = self.cells.saturating_add(n);
        (self.cells <= self.cells_left).then_some(())
    }

    /// Charge a span of `n` positions.
    pub(crate) fn span(&mut self, n: usize) -> Option<()> {
        self.work = self.work.saturating_add(n);
        (self.work <= self.work_left).then_some(())
    }

    /// The table was expanded: charge it to the document.
    pub(crate) fn commit(self, doc: &mut CellBudget) {
        doc.cells += self.cells;
        doc.work += self.work;
    }
}

/// What kind of file the bytes were.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Plain text or Markdown.
    Text,
    /// HTML page.
    Html,
    /// Word 2007+ document.
    Docx,
    /// PDF with a text layer.
    Pdf,
}

/// One cell of a table grid after expanding row and column spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridCell {
    /// The cell where a (possibly spanning) cell starts, with its text.
    Origin(String),
    /// A position covered by a span whose origin is elsewhere.
    Covered,
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph or line of text.
    Para(String),
    /// A table as a rectangular grid of rows.
    Table(Vec<Vec<GridCell>>),
}

/// A document as read: its kind, its blocks, and metadata found in the markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Kind of source.
    pub kind: SourceKind,
    /// Paragraphs and tables in reading order.
    pub blocks: Vec<Block>,
    /// `<title>` or document title, when the markup carries one.
    pub title: Option<String>,
    /// Tables left out because expanding their spans would pass [`MAX_TABLE_CELLS`],
    /// [`MAX_DOCUMENT_CELLS`] or [`MAX_SPAN_PRODUCT`].
    pub skipped_tables: usize,
}

/// Why a file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReadError {
    /// Empty input.
    #[error("文件为空")]
    Empty,
    /// Over [`MAX_INPUT_BYTES`].
    #[error("文件过大（{0} 字节，上限 50 MB）")]
    TooLarge(usize),
    /// PDF that is encrypted.
    #[error("PDF 已加密，无法读取文字")]
    Encrypted,
    /// PDF without a usable text layer (scanned images).
    #[error("PDF 没有可提取的文字层（可能是扫描件），未做推测")]
    NoTextLayer,
    /// Broken or unsupported file.
    #[error("无法解析文件：{0}")]
    Broken(String),
    /// Readable, but not text at all.
    #[error("不是文本类文件（无法识别的二进制内容）")]
    Binary,
    /// Refused before or while reading: reading it would take unbounded time or memory.
    #[error("无法读取：{0}")]
    Refused(String),
}

/// Sniff the kind of `bytes`.
#[must_use]
pub fn sniff(bytes: &[u8]) -> SourceKind {
    let head = &bytes[..bytes.len().min(1024)];
    if memfind(head, b"%PDF-").is_some() {
        return SourceKind::Pdf;
    }
    if head.starts_with(b"PK\x03\x04") {
        return SourceKind::Docx;
    }
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    if [&b"<!doctype html"[..], b"<html", b"<body", b"<table", b"<p>", b"<div", b"<meta"]
        .iter()
        .any(|t| memfind(&lower, t).is_some())
    {
        return SourceKind::Html;
    }
    SourceKind::Text
}

fn memfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Read any supported input.
///
/// # Errors
/// [`ReadError`] for empty, oversized, encrypted, scanned, broken or binary inputs.
pub fn read_document(bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge(bytes.len()));
    }
    let mut doc = match sniff(bytes) {
        SourceKind::Pdf => pdf::read(bytes)?,
        SourceKind::Docx => docx::read(bytes)?,
        SourceKind::Html => html::read(&text::decode(bytes)?),
        SourceKind::Text => text::read(&text::decode(bytes)?),
    };
    clean::tidy(&mut doc);
    Ok(doc)
}

impl Document {
    /// The document as plain lines: paragraphs as they are, table rows as cells joined by a
    /// space (blank cells as `∅`).
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Para(p) => out.extend(p.lines().map(str::to_owned)),
                Block::Table(rows) => {
                    for r in rows {
                        let cells: Vec<&str> = r
                            .iter()
                            .filter_map(|c| match c {
                                GridCell::Origin(t) => Some(t.as_str()),
                                GridCell::Covered => None,
                            })
                            .collect();
                        out.push(cells.join(" "));
                    }
                }
            }
        }
        out
    }
}
