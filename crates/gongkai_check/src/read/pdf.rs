//! PDF: the text layer via `pdf-extract` (fonts' ToUnicode CMaps), lines kept as lines.
//!
//! Encrypted files and files without text (scans) are reported as such, never guessed. The
//! extractor is third-party code that may panic on malformed input, so it runs under
//! `catch_unwind` and a panic becomes [`ReadError::Broken`].
//!
//! Before the extractor runs, the document is walked with `lopdf` (the parser `pdf-extract` uses
//! itself) and refused when it could not be read in bounded time and memory: `pdf-extract` draws
//! form XObjects by recursion, so a form that draws itself overflows the stack and aborts the
//! process, and forms that each draw the next several times multiply the work beyond any limit.
//! The guard refuses cycles in the form graph, counts every form invocation the extractor would
//! make (walking the page → form → form tree without recursion, stopping at
//! [`MAX_FORM_INVOCATIONS`]), and bounds the page count, the decoded size of content streams and
//! the extracted text.

use std::collections::HashMap;
use std::io::Read;

use lopdf::{Dictionary, Document as Pdf, Object, ObjectId, Stream};

use super::{Block, Document, ReadError, SourceKind};

/// Most pages read.
pub const MAX_PAGES: usize = 3_000;
/// Most form XObject invocations over the whole document (a form drawn by a form drawn twice
/// counts twice).
pub const MAX_FORM_INVOCATIONS: usize = 10_000;
/// Deepest nesting of forms drawing forms.
pub const MAX_FORM_DEPTH: usize = 32;
/// Most decoded bytes of all content streams (pages and forms) together.
pub const MAX_CONTENT_BYTES: usize = 64 << 20;
/// Most bytes of extracted text.
pub const MAX_TEXT_BYTES: usize = 16 << 20;

const REFUSED_FORMS: &str = "PDF 含有自我引用或过度嵌套的图形对象，无法安全读取";

/// Read a PDF's text layer.
///
/// # Errors
/// [`ReadError::Encrypted`], [`ReadError::NoTextLayer`], [`ReadError::Broken`] or
/// [`ReadError::Refused`] (over one of the bounds above).
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    if looks_encrypted(bytes) {
        return Err(ReadError::Encrypted);
    }
    let result = std::panic::catch_unwind(|| extract(bytes));
    let text = match result {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err(ReadError::Broken("PDF 结构损坏，文字层无法解析".to_owned())),
    };
    let meaningful = text.chars().filter(|c| !c.is_whitespace() && !c.is_ascii_punctuation()).count();
    if meaningful < 20 {
        return Err(ReadError::NoTextLayer);
    }
    Ok(from_text(&text))
}

/// Load, guard, then extract with a bounded output.
fn extract(bytes: &[u8]) -> Result<String, ReadError> {
    let doc = Pdf::load_mem(bytes).map_err(|e| {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("encrypt") {
            ReadError::Encrypted
        } else {
            ReadError::Broken(format!("PDF：{msg}"))
        }
    })?;
    if doc.is_encrypted() {
        return Err(ReadError::Encrypted);
    }
    guard(&doc)?;
    let mut out = Capped { buf: Vec::new(), limit: MAX_TEXT_BYTES };
    let res = {
        let mut plain = pdf_extract::PlainTextOutput::new(&mut out as &mut dyn std::io::Write);
        pdf_extract::output_doc(&doc, &mut plain)
    };
    if out.buf.len() >= MAX_TEXT_BYTES {
        return Err(ReadError::Refused(format!("PDF 文字超过 {} MB", MAX_TEXT_BYTES >> 20)));
    }
    if let Err(e) = res {
        let msg = e.to_string();
        if msg.to_ascii_lowercase().contains("encrypt") {
            return Err(ReadError::Encrypted);
        }
        return Err(ReadError::Broken(format!("PDF：{msg}")));
    }
    Ok(String::from_utf8_lossy(&out.buf).into_owned())
}

/// A writer that fails once `limit` bytes were written (the extractor then stops).
struct Capped {
    buf: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.limit {
            self.buf.resize(self.limit, b' ');
            return Err(std::io::Error::other("text limit"));
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One form (or page) being walked: where its `Do` names are looked up, its names, the next one.
struct Frame<'a> {
    form: Option<ObjectId>,
    resources: Vec<&'a Dictionary>,
    names: std::rc::Rc<Vec<Vec<u8>>>,
    next: usize,
}

struct Guard<'a> {
    doc: &'a Pdf,
    content_budget: usize,
    invocations: usize,
    /// `Do` operands of each form's content, parsed once.
    forms: HashMap<ObjectId, std::rc::Rc<Vec<Vec<u8>>>>,
}

/// Refuse documents the extractor could not read in bounded time and memory (module docs).
///
/// # Errors
/// [`ReadError::Refused`] with the reason.
pub fn guard(doc: &Pdf) -> Result<(), ReadError> {
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(ReadError::Refused(format!("PDF 超过 {MAX_PAGES} 页")));
    }
    let mut g = Guard { doc, content_budget: MAX_CONTENT_BYTES, invocations: 0, forms: HashMap::new() };
    for page_id in pages.values() {
        let mut data = Vec::new();
        for id in doc.get_page_contents(*page_id) {
            if let Ok(Object::Stream(s)) = doc.get_object(id) {
                data.extend(g.decode(s)?);
            }
        }
        let names = do_names(&data);
        if names.is_empty() {
            continue;
        }
        let mut resources = Vec::new();
        if let Ok((own, inherited)) = doc.get_page_resources(*page_id) {
            resources.extend(own);
            resources.extend(inherited.into_iter().filter_map(|id| doc.get_dictionary(id).ok()));
        }
        g.walk(Frame { form: None, resources, names: std::rc::Rc::new(names), next: 0 })?;
    }
    Ok(())
}

impl<'a> Guard<'a> {
    /// Depth-first over the forms drawn from one page, with an explicit stack.
    fn walk(&mut self, page: Frame<'a>) -> Result<(), ReadError> {
        let mut stack = vec![page];
        while let Some(top) = stack.last_mut() {
            let Some(name) = top.names.get(top.next).cloned() else {
                stack.pop();
                continue;
            };
            top.next += 1;
            let Some((id, form)) = self.form(&top.resources, &name) else { continue };
            let inherited = top.resources.clone();
            if stack.iter().any(|f| f.form == Some(id)) {
                return Err(ReadError::Refused(REFUSED_FORMS.to_owned()));
            }
            self.invocations += 1;
            if self.invocations > MAX_FORM_INVOCATIONS || stack.len() > MAX_FORM_DEPTH {
                return Err(ReadError::Refused(REFUSED_FORMS.to_owned()));
            }
            let resources = match form.dict.get(b"Resources").and_then(|o| self.doc.dereference(o)) {
                Ok((_, Object::Dictionary(d))) => vec![d],
                _ => inherited,
            };
            let names = match self.forms.get(&id) {
                Some(n) => n.clone(),
                None => {
                    let n = std::rc::Rc::new(do_names(&self.decode(form)?));
                    self.forms.insert(id, n.clone());
                    n
                }
            };
            stack.push(Frame { form: Some(id), resources, names, next: 0 });
        }
        Ok(())
    }

    /// The form XObject `name` resolves to (images and unknown names are not walked).
    fn form(&self, resources: &[&'a Dictionary], name: &[u8]) -> Option<(ObjectId, &'a Stream)> {
        let doc = self.doc;
        for r in resources {
            let Ok((_, Object::Dictionary(xobjects))) = r.get(b"XObject").and_then(|o| doc.dereference(o))
            else {
                continue;
            };
            let Ok(entry) = xobjects.get(name) else { continue };
            let Ok((Some(id), Object::Stream(s))) = doc.dereference(entry) else { return None };
            let is_form = s.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Form");
            return is_form.then_some((id, s));
        }
        None
    }

    /// A stream's decoded bytes, charged to the document's budget (Flate is inflated here with
    /// the bound; other filters by lopdf and then counted).
    fn decode(&mut self, s: &Stream) -> Result<Vec<u8>, ReadError> {
        let over = || ReadError::Refused(format!("PDF 内容流解压后超过 {} MB", MAX_CONTENT_BYTES >> 20));
        let filters = s.filters().unwrap_or_default();
        let plain_flate = filters.len() == 1 && filters[0] == b"FlateDecode" && !s.dict.has(b"DecodeParms");
        let data = if filters.is_empty() {
            s.content.clone()
        } else if plain_flate {
            let mut buf = Vec::new();
            let limit = self.content_budget as u64 + 1;
            match flate2::read::ZlibDecoder::new(s.content.as_slice()).take(limit).read_to_end(&mut buf) {
                Ok(_) => buf,
                // Damaged streams: lopdf's own decoder is more tolerant.
                Err(_) if buf.len() < self.content_budget => s.decompressed_content().unwrap_or(buf),
                Err(_) => return Err(over()),
            }
        } else {
            s.decompressed_content().unwrap_or_default()
        };
        self.content_budget = self.content_budget.checked_sub(data.len()).ok_or_else(over)?;
        Ok(data)
    }
}

/// The operands of the `Do` operators of a content stream.
fn do_names(data: &[u8]) -> Vec<Vec<u8>> {
    // Cheap pre-check: most pages draw no XObject at all.
    if !data.windows(2).any(|w| w == b"Do") {
        return Vec::new();
    }
    let Ok(content) = lopdf::content::Content::decode(data) else { return Vec::new() };
    content
        .operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec))
        .collect()
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
    Document { kind: SourceKind::Pdf, blocks, title: None, skipped_tables: 0 }
}

/// `- 3-`, `— 3 —`, `第 3 页 共 5 页`, `3 / 5` (see [`super::clean::is_page_number`]).
#[must_use]
pub fn is_page_number(line: &str) -> bool {
    super::clean::is_page_number(line)
}

fn looks_encrypted(bytes: &[u8]) -> bool {
    bytes.windows(8).any(|w| w == b"/Encrypt")
}
