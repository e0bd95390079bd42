//! Attachment text extraction for search and for the sensitive-content scanner.
//!
//! The type comes from the bytes (magic numbers, and the entries of a ZIP container), never from
//! the name alone: a file whose extension names another type is refused
//! ([`ExtractError::TypeMismatch`]), because a mislabelled attachment is either a mistake or an
//! attempt to slip something past review. Image subtypes are not held to their extension (a PNG
//! named `.jpg` is still an image).
//!
//! Everything is bounded by [`Limits`]: input size, the declared *and* the actual inflated size of
//! ZIP entries (zip bombs), the compression ratio, the number of spreadsheet cells and the text
//! length. Over a limit the file is refused with a Chinese message; nothing is truncated silently.
//!
//! PDF and DOCX reading reuse `gongkai_check::read` (pdf-extract under `catch_unwind`; the
//! WordprocessingML parser). XLSX is read cell by cell with calamine's streaming reader, every
//! sheet, one line per row with cells separated by tabs, under a `【工作表：名称】` line. Images
//! yield no text (no OCR), and say so in [`Extracted::notes`].

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};
use gongkai_check::read::{ReadError, docx, html, pdf, text};
use serde::{Deserialize, Serialize};

/// Bounds of one extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Largest attachment accepted, bytes.
    pub max_input_bytes: usize,
    /// Largest total inflated size of the ZIP entries read (DOCX, XLSX), bytes.
    pub max_unzipped_bytes: u64,
    /// Largest inflated/compressed ratio of a ZIP entry bigger than 1 MB.
    pub max_ratio: u64,
    /// Most non-empty spreadsheet cells, over all sheets.
    pub max_cells: usize,
    /// Longest extracted text, bytes.
    pub max_text_bytes: usize,
}

impl Default for Limits {
    /// 50 MB in, 100 MB inflated, ratio 200, 1 000 000 cells, 32 MB of text.
    fn default() -> Self {
        Limits {
            max_input_bytes: 50 * 1024 * 1024,
            max_unzipped_bytes: 100 * 1024 * 1024,
            max_ratio: 200,
            max_cells: 1_000_000,
            max_text_bytes: 32 * 1024 * 1024,
        }
    }
}

/// What the attachment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttachmentKind {
    /// PDF.
    Pdf,
    /// Word 2007+.
    Docx,
    /// Excel 2007+.
    Xlsx,
    /// Plain text, CSV or Markdown (UTF-8, UTF-16 with BOM, GBK).
    Text,
    /// HTML page.
    Html,
    /// PNG, JPEG, GIF, BMP, TIFF or WebP.
    Image,
}

impl AttachmentKind {
    /// Chinese name.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "PDF 文档",
            AttachmentKind::Docx => "Word 文档（DOCX）",
            AttachmentKind::Xlsx => "Excel 表格（XLSX）",
            AttachmentKind::Text => "纯文本",
            AttachmentKind::Html => "网页（HTML）",
            AttachmentKind::Image => "图片",
        }
    }
}

/// The text of an attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extracted {
    /// Detected type.
    pub kind: AttachmentKind,
    /// Extracted text (lines separated by `\n`); empty for images and scanned PDFs.
    pub text: String,
    /// Remarks for the reviewer, in Chinese (e.g. no OCR was done).
    pub notes: Vec<String>,
}

/// Why an attachment was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    /// Empty file.
    #[error("附件为空")]
    Empty,
    /// Over [`Limits::max_input_bytes`].
    #[error("附件过大（{size_mb} MB，上限 {limit_mb} MB）")]
    TooLarge {
        /// Size, MB (rounded up).
        size_mb: usize,
        /// Limit, MB.
        limit_mb: usize,
    },
    /// The extension names one type, the bytes are another.
    #[error(
        "文件扩展名为 .{extension}，但实际内容是{actual}，扩展名与文件类型不符，已拒绝。请核对后重新上传"
    )]
    TypeMismatch {
        /// Declared extension, lower case.
        extension: String,
        /// What the bytes are, in Chinese.
        actual: String,
    },
    /// A type the platform does not read.
    #[error("不支持的附件类型：{what}。请转换为 PDF、DOCX、XLSX 或 TXT 后上传")]
    Unsupported {
        /// What it is, in Chinese.
        what: String,
    },
    /// Inflated size or ratio over the limits.
    #[error("压缩内容解压后超过 {limit_mb} MB 或压缩比异常，疑似压缩炸弹，已拒绝")]
    ZipBomb {
        /// Limit, MB.
        limit_mb: u64,
    },
    /// Spreadsheet over [`Limits::max_cells`].
    #[error("表格非空单元格超过 {limit} 个，请拆分后上传")]
    TooManyCells {
        /// Limit.
        limit: usize,
    },
    /// Text over [`Limits::max_text_bytes`].
    #[error("附件文字超过 {limit_mb} MB，请拆分后上传")]
    TooMuchText {
        /// Limit, MB.
        limit_mb: usize,
    },
    /// Password-protected.
    #[error("附件已加密或设有打开密码，无法读取文字，请上传未加密的文件")]
    Encrypted,
    /// Broken file.
    #[error("附件无法读取：{0}")]
    Unreadable(String),
}

impl ExtractError {
    /// Message for people (the same as `Display`).
    #[must_use]
    pub fn message_zh(&self) -> String {
        self.to_string()
    }

    /// Stable code for the API.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            ExtractError::Empty => "attachment_empty",
            ExtractError::TooLarge { .. } => "attachment_too_large",
            ExtractError::TypeMismatch { .. } => "attachment_type_mismatch",
            ExtractError::Unsupported { .. } => "attachment_unsupported",
            ExtractError::ZipBomb { .. } => "attachment_zip_bomb",
            ExtractError::TooManyCells { .. } => "attachment_too_many_cells",
            ExtractError::TooMuchText { .. } => "attachment_too_much_text",
            ExtractError::Encrypted => "attachment_encrypted",
            ExtractError::Unreadable(_) => "attachment_unreadable",
        }
    }
}

/// What the bytes are. [`sniff`] is the one place uploads are typed: catalog attachments here,
/// and the request files of `gongkai_web` (which accept a narrower set).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// A type attachments may have. A ZIP is DOCX only with `word/document.xml`, XLSX only with
    /// `xl/workbook.xml`; a PDF has its `%PDF-` header and an end (`%%EOF` or `startxref`).
    Known(AttachmentKind),
    /// `%PDF-` without any trailer: a truncated file or something else behind a PDF header.
    BrokenPdf,
    Zip,
    OfficeZip(&'static str),
    Ofd,
    Ole {
        encrypted: bool,
    },
    Archive(&'static str),
    Executable,
    Unknown,
}

impl Sniffed {
    /// What the bytes are, for messages (“ZIP 压缩包”, “可执行程序” …).
    #[must_use]
    pub fn label_zh(self) -> String {
        match self {
            Sniffed::Known(k) => k.label_zh().to_owned(),
            Sniffed::BrokenPdf => "不完整的 PDF 文件（缺少文件尾）".to_owned(),
            Sniffed::Zip => "ZIP 压缩包".to_owned(),
            Sniffed::OfficeZip(w) => w.to_owned(),
            Sniffed::Ofd => "OFD 版式文件".to_owned(),
            Sniffed::Ole { .. } => "旧版 Office 文档（DOC/XLS/PPT）".to_owned(),
            Sniffed::Archive(w) => w.to_owned(),
            Sniffed::Executable => "可执行程序".to_owned(),
            Sniffed::Unknown => "无法识别的二进制文件".to_owned(),
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// The type of `bytes` by their content: magic numbers, a PDF's trailer, a ZIP's main part.
#[must_use]
pub fn sniff(bytes: &[u8]) -> Sniffed {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"%PDF-") || find(head, b"%PDF-") {
        // A PDF ends with `startxref … %%EOF`; writers may append a little after it.
        let tail = &bytes[bytes.len().saturating_sub(4096)..];
        return if find(tail, b"%%EOF") || find(tail, b"startxref") {
            Sniffed::Known(AttachmentKind::Pdf)
        } else {
            Sniffed::BrokenPdf
        };
    }
    if head.starts_with(b"PK\x03\x04") {
        return match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(z) => {
                let has = |n: &str| z.index_for_name(n).is_some();
                let any_prefix = |p: &[u8]| z.file_names_raw().any(|n| n.starts_with(p));
                if has("word/document.xml") {
                    Sniffed::Known(AttachmentKind::Docx)
                } else if has("xl/workbook.xml") {
                    Sniffed::Known(AttachmentKind::Xlsx)
                } else if any_prefix(b"ppt/") {
                    Sniffed::OfficeZip("PowerPoint 演示文稿（PPTX）")
                } else if has("OFD.xml") {
                    Sniffed::Ofd
                } else {
                    Sniffed::Zip
                }
            }
            Err(_) => Sniffed::Zip,
        };
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        let marker: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
        return Sniffed::Ole { encrypted: find(bytes, &marker) };
    }
    let image = head.starts_with(b"\x89PNG\r\n\x1a\n")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF87a")
        || head.starts_with(b"GIF89a")
        || head.starts_with(b"BM")
        || head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
        || (head.starts_with(b"RIFF") && head.get(8..12) == Some(b"WEBP"));
    if image {
        return Sniffed::Known(AttachmentKind::Image);
    }
    if head.starts_with(b"Rar!") {
        return Sniffed::Archive("RAR 压缩包");
    }
    if head.starts_with(&[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) {
        return Sniffed::Archive("7z 压缩包");
    }
    if head.starts_with(&[0x1F, 0x8B]) {
        return Sniffed::Archive("gzip 压缩包");
    }
    if head.starts_with(b"MZ") || head.starts_with(b"\x7fELF") {
        return Sniffed::Executable;
    }
    if text::decode(&bytes[..bytes.len().min(4096)]).is_ok() {
        let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
        if [&b"<!doctype html"[..], b"<html"].iter().any(|t| find(&lower, t)) {
            return Sniffed::Known(AttachmentKind::Html);
        }
        return Sniffed::Known(AttachmentKind::Text);
    }
    Sniffed::Unknown
}

/// The type an extension promises, or the refusal it earns.
fn declared(ext: &str) -> Result<Option<AttachmentKind>, ExtractError> {
    Ok(Some(match ext {
        "pdf" => AttachmentKind::Pdf,
        "docx" => AttachmentKind::Docx,
        "xlsx" => AttachmentKind::Xlsx,
        "txt" | "csv" | "md" | "text" => AttachmentKind::Text,
        "html" | "htm" => AttachmentKind::Html,
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "tif" | "tiff" | "webp" => AttachmentKind::Image,
        "" => return Ok(None),
        "doc" | "xls" | "ppt" | "wps" | "et" | "dps" => {
            return Err(ExtractError::Unsupported { what: format!("旧版 Office/WPS 文档（.{ext}）") });
        }
        "pptx" => {
            return Err(ExtractError::Unsupported { what: "PowerPoint 演示文稿（.pptx）".to_owned() });
        }
        "ofd" => return Err(ExtractError::Unsupported { what: "OFD 版式文件（.ofd）".to_owned() }),
        "zip" | "rar" | "7z" | "gz" | "tar" => {
            return Err(ExtractError::Unsupported {
                what: format!("压缩包（.{ext}），请解压后分别上传")
            });
        }
        other => return Err(ExtractError::Unsupported { what: format!(".{other} 文件") }),
    }))
}

fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.trim().to_lowercase(),
        _ => String::new(),
    }
}

/// Extract the text of an attachment named `declared_name`.
///
/// # Errors
/// [`ExtractError`] for empty, oversized, mislabelled, unsupported, encrypted, broken files,
/// zip bombs and oversized spreadsheets.
pub fn extract_text(bytes: &[u8], declared_name: &str, limits: &Limits) -> Result<Extracted, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    if bytes.len() > limits.max_input_bytes {
        return Err(ExtractError::TooLarge {
            size_mb: bytes.len().div_ceil(1024 * 1024),
            limit_mb: limits.max_input_bytes / (1024 * 1024),
        });
    }
    let ext = extension(declared_name);
    let promised = declared(&ext)?;
    let sniffed = sniff(bytes);
    let kind = match (promised, sniffed) {
        (_, Sniffed::Ole { encrypted: true })
            if matches!(promised, Some(AttachmentKind::Docx | AttachmentKind::Xlsx)) =>
        {
            return Err(ExtractError::Encrypted);
        }
        (Some(p), Sniffed::Known(k)) if p == k => k,
        // Text-like files: an HTML page saved as .txt, or text named .html, are both text.
        (
            Some(AttachmentKind::Text | AttachmentKind::Html),
            Sniffed::Known(k @ (AttachmentKind::Text | AttachmentKind::Html)),
        ) => k,
        (None, Sniffed::Known(k)) => k,
        (None, other) => return Err(ExtractError::Unsupported { what: other.label_zh() }),
        (Some(_), other) => {
            return Err(ExtractError::TypeMismatch { extension: ext, actual: other.label_zh() });
        }
    };
    let mut notes = Vec::new();
    let text = match kind {
        AttachmentKind::Pdf => {
            match pdf::read(bytes) {
                Ok(doc) => doc.lines().join("\n"),
                Err(ReadError::NoTextLayer) => {
                    notes.push("PDF 没有可提取的文字层（可能是扫描件），其内容未被检索，也未做敏感信息检查，请人工核对".to_owned());
                    String::new()
                }
                Err(ReadError::Encrypted) => return Err(ExtractError::Encrypted),
                Err(e) => return Err(ExtractError::Unreadable(e.to_string())),
            }
        }
        AttachmentKind::Docx => read_docx(bytes, limits)?,
        AttachmentKind::Xlsx => read_xlsx(bytes, limits)?,
        AttachmentKind::Text => text::decode(bytes).map_err(|e| ExtractError::Unreadable(e.to_string()))?,
        AttachmentKind::Html => {
            let s = text::decode(bytes).map_err(|e| ExtractError::Unreadable(e.to_string()))?;
            let doc = html::read(&s);
            if doc.skipped_tables > 0 {
                return Err(too_large_table());
            }
            doc.lines().join("\n")
        }
        AttachmentKind::Image => {
            notes.push(
                "图片未做文字识别（OCR），其中的文字不会被检索，也未做敏感信息检查，请人工核对".to_owned(),
            );
            String::new()
        }
    };
    if text.len() > limits.max_text_bytes {
        return Err(ExtractError::TooMuchText { limit_mb: limits.max_text_bytes / (1024 * 1024) });
    }
    Ok(Extracted { kind, text, notes })
}

/// Why an attachment was refused, as carried out of a separate process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// Stable code ([`ExtractError::code`]).
    pub code: String,
    /// Chinese message ([`ExtractError::message_zh`]).
    pub message: String,
}

/// Every [`ExtractError::code`].
const CODES: [&str; 9] = [
    "attachment_empty",
    "attachment_too_large",
    "attachment_type_mismatch",
    "attachment_unsupported",
    "attachment_zip_bomb",
    "attachment_too_many_cells",
    "attachment_too_much_text",
    "attachment_encrypted",
    "attachment_unreadable",
];

impl Refusal {
    /// The code as the static string of [`ExtractError::code`] (`attachment_unreadable` for a
    /// code no extraction gives).
    #[must_use]
    pub fn code_static(&self) -> &'static str {
        CODES.iter().find(|c| **c == self.code).copied().unwrap_or("attachment_unreadable")
    }
}

impl From<&ExtractError> for Refusal {
    fn from(e: &ExtractError) -> Self {
        Refusal { code: e.code().to_owned(), message: e.message_zh() }
    }
}

/// [`extract_text`] with the default [`Limits`] as a job for a separate process: bytes in, JSON
/// of `Result<Extracted, Refusal>` out (read back with [`extract_job_result`]).
#[must_use]
pub fn extract_job(declared_name: &str, bytes: &[u8]) -> Vec<u8> {
    let res: Result<Extracted, Refusal> =
        extract_text(bytes, declared_name, &Limits::default()).map_err(|e| Refusal::from(&e));
    serde_json::to_vec(&res).unwrap_or_else(|_| b"{}".to_vec())
}

/// What an [`extract_job`] wrote.
///
/// # Errors
/// The output is not a job's JSON (a child that died half-way).
pub fn extract_job_result(json: &[u8]) -> Result<Result<Extracted, Refusal>, serde_json::Error> {
    serde_json::from_slice(json)
}

/// A table whose merged cells would expand past the readers' cell budget: refused, not truncated.
fn too_large_table() -> ExtractError {
    ExtractError::Unreadable(format!(
        "表格过大（展开合并单元格后超过 {} 个单元格）",
        gongkai_check::read::MAX_TABLE_CELLS
    ))
}

fn bomb(limits: &Limits) -> ExtractError {
    ExtractError::ZipBomb { limit_mb: limits.max_unzipped_bytes / (1024 * 1024) }
}

/// Check every entry's declared size and ratio before anything is inflated.
fn check_zip<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<zip::ZipArchive<Cursor<&'a [u8]>>, ExtractError> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ExtractError::Unreadable(format!("ZIP：{e}")))?;
    if z.len() > 10_000 {
        return Err(bomb(limits));
    }
    let mut total: u64 = 0;
    for i in 0..z.len() {
        let e = z.by_index_raw(i).map_err(|e| ExtractError::Unreadable(format!("ZIP：{e}")))?;
        if e.encrypted() {
            return Err(ExtractError::Encrypted);
        }
        let size = e.size();
        total = total.saturating_add(size);
        if total > limits.max_unzipped_bytes
            || (size > 1024 * 1024 && size / e.compressed_size().max(1) > limits.max_ratio)
        {
            return Err(bomb(limits));
        }
    }
    Ok(z)
}

/// Inflate one entry, never more than `budget` bytes whatever its header says.
fn read_entry(
    z: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
    limits: &Limits,
) -> Result<Option<String>, ExtractError> {
    let Ok(entry) = z.by_name(name) else { return Ok(None) };
    let mut buf = Vec::new();
    entry
        .take(*budget + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ExtractError::Unreadable(format!("{name}：{e}")))?;
    if buf.len() as u64 > *budget {
        return Err(bomb(limits));
    }
    *budget -= buf.len() as u64;
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// Body, headers, footers, footnotes and endnotes (a secrecy marking often sits in a header).
fn read_docx(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut z = check_zip(bytes, limits)?;
    let mut parts: Vec<String> = z
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| {
            n.starts_with("word/")
                && n.ends_with(".xml")
                && ["word/header", "word/footer", "word/footnotes", "word/endnotes"]
                    .iter()
                    .any(|p| n.starts_with(p))
        })
        .map(std::borrow::Cow::into_owned)
        .collect();
    parts.sort();
    parts.insert(0, "word/document.xml".to_owned());
    let mut budget = limits.max_unzipped_bytes;
    let mut out = String::new();
    for p in parts {
        if let Some(xml) = read_entry(&mut z, &p, &mut budget, limits)? {
            let doc = docx::parse_document_xml(&xml);
            if doc.skipped_tables > 0 {
                return Err(too_large_table());
            }
            let lines = doc.lines();
            if !lines.is_empty() {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(&lines.join("\n"));
            }
        }
    }
    Ok(out)
}

fn cell_text(v: &DataRef<'_>) -> String {
    match v {
        DataRef::Empty => String::new(),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_owned(),
        DataRef::Int(i) => i.to_string(),
        // Whole numbers (phone numbers, amounts) without a trailing ".0" or exponent.
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        DataRef::Float(f) => f.to_string(),
        DataRef::Bool(b) => if *b { "是" } else { "否" }.to_owned(),
        DataRef::DateTime(d) => d.to_string(),
        DataRef::Error(e) => format!("#{e:?}"),
    }
}

/// Inflate every entry into nothing, never past the budget: declared sizes can lie, and calamine
/// loads `sharedStrings.xml` whole.
fn check_actual_sizes(z: &mut zip::ZipArchive<Cursor<&[u8]>>, limits: &Limits) -> Result<(), ExtractError> {
    let mut budget = limits.max_unzipped_bytes;
    for i in 0..z.len() {
        let entry = z.by_index(i).map_err(|e| ExtractError::Unreadable(format!("ZIP：{e}")))?;
        let n = std::io::copy(&mut entry.take(budget + 1), &mut std::io::sink())
            .map_err(|e| ExtractError::Unreadable(format!("ZIP：{e}")))?;
        if n > budget {
            return Err(bomb(limits));
        }
        budget -= n;
    }
    Ok(())
}

/// Every sheet, streamed cell by cell; refused past the cell or text limit.
fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut z = check_zip(bytes, limits)?;
    check_actual_sizes(&mut z, limits)?;
    drop(z);
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        calamine::XlsxError::Password => ExtractError::Encrypted,
        e => ExtractError::Unreadable(format!("XLSX：{e}")),
    })?;
    let mut out = String::new();
    let mut cells = 0usize;
    for name in wb.sheet_names() {
        let mut reader = match wb.worksheet_cells_reader(&name) {
            Ok(r) => r,
            // Chart sheets and dialog sheets have no cells.
            Err(calamine::XlsxError::WorksheetNotFound(_)) => continue,
            Err(e) => return Err(ExtractError::Unreadable(format!("XLSX 工作表“{name}”：{e}"))),
        };
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("【工作表：{name}】"));
        let mut row: Option<u32> = None;
        let mut col_in_row = 0usize;
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(c)) => c,
                Ok(None) => break,
                Err(e) => return Err(ExtractError::Unreadable(format!("XLSX 工作表“{name}”：{e}"))),
            };
            let t = cell_text(cell.get_value());
            if t.is_empty() {
                continue;
            }
            cells += 1;
            if cells > limits.max_cells {
                return Err(ExtractError::TooManyCells { limit: limits.max_cells });
            }
            let (r, _) = cell.get_position();
            if row != Some(r) {
                out.push('\n');
                row = Some(r);
                col_in_row = 0;
            }
            if col_in_row > 0 {
                out.push('\t');
            }
            out.push_str(&t.trim().replace(['\n', '\r', '\t'], " "));
            col_in_row += 1;
            if out.len() > limits.max_text_bytes {
                return Err(ExtractError::TooMuchText { limit_mb: limits.max_text_bytes / (1024 * 1024) });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 11, class 3: an attachment whose spans would expand to billions of cells is refused
    /// with the reason (before the cap the reader allocated gigabytes), and its text is not
    /// silently cut.
    #[test]
    fn span_bombs_are_refused_not_expanded() {
        let mut html = String::from("<html><body><table>");
        for i in 0..20_000 {
            html.push_str(&format!("<tr><td rowspan=\"64\" colspan=\"64\">{i}</td></tr>"));
        }
        html.push_str("</table></body></html>");
        let err = extract_text(html.as_bytes(), "a.html", &Limits::default()).expect_err("refused");
        assert_eq!(err.code(), "attachment_unreadable");
        assert!(err.message_zh().contains("表格过大"), "{err}");
        let job = extract_job_result(&extract_job("a.html", html.as_bytes())).expect("json");
        assert_eq!(job.expect_err("refused").code_static(), "attachment_unreadable");
    }

    #[test]
    fn extensions() {
        assert_eq!(extension("a/b/名单.XLSX"), "xlsx");
        assert_eq!(extension(".bashrc"), "");
        assert_eq!(extension("说明"), "");
    }
}
