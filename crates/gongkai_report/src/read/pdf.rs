//! PDF: the text layer via `pdf-extract` (fonts' ToUnicode CMaps), lines kept as lines.
//!
//! Encrypted files and files without text (scans) are reported as such, never guessed. The
//! extractor is third-party code that may panic on malformed input, so it runs under
//! `catch_unwind` and a panic becomes [`ReadError::Broken`].

use super::{Block, Document, ReadError, SourceKind};

/// Read a PDF's text layer.
///
/// # Errors
/// [`ReadError::Encrypted`], [`ReadError::NoTextLayer`] or [`ReadError::Broken`].
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    if looks_encrypted(bytes) {
        return Err(ReadError::Encrypted);
    }
    let owned = bytes.to_vec();
    let result = std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&owned));
    let text = match result {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => {
            let msg = e.to_string();
            if msg.to_ascii_lowercase().contains("encrypt") {
                return Err(ReadError::Encrypted);
            }
            return Err(ReadError::Broken(format!("PDF：{msg}")));
        }
        Err(_) => return Err(ReadError::Broken("PDF 结构损坏，文字层无法解析".to_owned())),
    };
    let meaningful = text.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation()).count();
    if meaningful < 20 {
        return Err(ReadError::NoTextLayer);
    }
    Ok(from_text(&text))
}

/// Lines of extracted text → blocks (page numbers such as `- 3-` dropped).
#[must_use]
pub fn from_text(text: &str) -> Document {
    let blocks = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !is_page_number(l))
        .map(|l| Block::Para(l.to_owned()))
        .collect();
    Document { kind: SourceKind::Pdf, blocks, title: None }
}

/// `- 3-`, `— 3 —`, `第 3 页 共 5 页`, `3 / 5` (see [`super::clean::is_page_number`]).
#[must_use]
pub fn is_page_number(line: &str) -> bool {
    super::clean::is_page_number(line)
}

fn looks_encrypted(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}
