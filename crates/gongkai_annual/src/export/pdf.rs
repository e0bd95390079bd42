//! PDF through typst (stack.md §3.5): the template `templates/report.typ` receives the document
//! as one JSON string; the CJK fonts are compiled into the binary (gzip-compressed subsets of
//! FandolFang (仿宋), FandolSong Bold (小标宋) and Noto Sans CJK SC Bold (黑体), `fonts/README.md`) and embedded, subset again,
//! into every PDF. Nothing is fetched or looked up at run time.

use std::io::Read as _;
use std::sync::OnceLock;

use serde_json::{Value, json};
use typst::foundations::{Dict, IntoValue};
use typst_as_lib::{TypstEngine, TypstTemplateMainFile};

use crate::AnnualError;
use crate::grid::{Grid, tables_of};
use crate::model::{AnnualDocument, Section};

const TEMPLATE: &str = include_str!("../../templates/report.typ");
/// 仿宋 for the body and tables (GB/T 9704 7.3.3): FandolFang, all of GB 2312.
static FANG_GZ: &[u8] = include_bytes!("../../fonts/FandolFang-Regular-GB2312.otf.gz");
/// 小标宋 for titles (GB/T 9704 7.3.1): FandolSong Bold, level-1 hanzi.
static SONG_BOLD_GZ: &[u8] = include_bytes!("../../fonts/FandolSong-Bold-GB2312L1.otf.gz");
/// 黑体 for level-1 headings (GB/T 9704 7.3.3): Noto Sans CJK SC Bold, level-1 hanzi.
static SANS_BOLD_GZ: &[u8] = include_bytes!("../../fonts/NotoSansCJKsc-Bold-GB2312L1.otf.gz");

fn err(reason: impl Into<String>) -> AnnualError {
    AnnualError::Export { format: "pdf", reason: reason.into() }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    // The fonts are compiled in and tested; a corrupt archive leaves the font out.
    if flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).is_err() {
        out.clear();
    }
    out
}

/// The embedded fonts, decompressed once.
fn fonts() -> &'static [Vec<u8>] {
    static FONTS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    FONTS.get_or_init(|| vec![gunzip(FANG_GZ), gunzip(SONG_BOLD_GZ), gunzip(SANS_BOLD_GZ)])
}

fn engine_with(extra: &[Vec<u8>]) -> TypstEngine<TypstTemplateMainFile> {
    let mut all: Vec<Vec<u8>> = extra.to_vec();
    all.extend(fonts().iter().cloned());
    TypstEngine::builder().main_file(TEMPLATE).fonts(all).build()
}

fn engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| engine_with(&[]))
}

const LETTER_TEMPLATE: &str = include_str!("../../templates/letter.typ");

fn letter_engine() -> &'static TypstEngine<TypstTemplateMainFile> {
    static ENGINE: OnceLock<TypstEngine<TypstTemplateMainFile>> = OnceLock::new();
    ENGINE.get_or_init(|| TypstEngine::builder().main_file(LETTER_TEMPLATE).fonts(fonts().to_vec()).build())
}

/// A paragraph of a letter: how it is set and its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterPart {
    /// The addressee line (no indent).
    Salutation,
    /// Body text (first line indented two characters).
    Body,
    /// The agency and date, on the right.
    Signature,
}

/// A letter (告知书, 答复书) as a PDF in the official-document layout, with the embedded fonts
/// (issue 13: applicants on a phone download PDF as well as Word).
///
/// # Errors
/// [`AnnualError::Export`] when typst fails to compile or write the document.
pub fn letter_to_pdf(
    title: &str,
    subtitle: &str,
    agency: &str,
    paragraphs: &[(LetterPart, Vec<String>)],
) -> Result<Vec<u8>, AnnualError> {
    let data = json!({
        "title": title, "subtitle": subtitle, "agency": agency,
        "paragraphs": paragraphs.iter().map(|(k, lines)| json!({
            "kind": match k { LetterPart::Salutation => "salutation", LetterPart::Body => "body", LetterPart::Signature => "signature" },
            "lines": lines,
        })).collect::<Vec<_>>(),
    });
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data.to_string().into_value());
    let paged: typst_layout::PagedDocument =
        letter_engine().compile_with_input(inputs).output.map_err(|e| err(format!("{e:?}")))?;
    typst_pdf::pdf(&paged, &typst_pdf::PdfOptions::default()).map_err(|e| err(format!("{e:?}")))
}

fn grid_json(g: &Grid) -> Value {
    serde_json::to_value(g).unwrap_or(Value::Null)
}

fn section_json(s: &Section, tables: &[(crate::SectionKey, Grid)]) -> Value {
    json!({
        "heading": s.heading_zh,
        "paragraphs": s.paragraphs(),
        "parts": s.parts.iter().map(|p| section_json(p, tables)).collect::<Vec<_>>(),
        "tables": tables.iter().filter(|(k, _)| *k == s.key).map(|(_, g)| grid_json(g)).collect::<Vec<_>>(),
    })
}

/// Title lines: the agency on the first line and the rest on the second when the whole title
/// would not fit one line of 二号 characters (20 per 156 mm line).
fn title_lines(doc: &AnnualDocument) -> Vec<String> {
    let title = doc.title();
    if title.chars().count() <= 20 {
        vec![title]
    } else {
        vec![doc.agency_name.clone(), format!("{}年政府信息公开工作年度报告", doc.year)]
    }
}

fn data(doc: &AnnualDocument) -> Value {
    let tables = tables_of(doc);
    json!({
        "title": doc.title(),
        "title_lines": title_lines(doc),
        "agency": doc.agency_name,
        "date": doc.date_zh(),
        "preface": doc.preface(),
        "sections": doc.sections.iter().map(|s| section_json(s, &tables)).collect::<Vec<_>>(),
    })
}

fn render(engine: &TypstEngine<TypstTemplateMainFile>, doc: &AnnualDocument) -> Result<Vec<u8>, AnnualError> {
    let mut inputs = Dict::new();
    inputs.insert("data".into(), data(doc).to_string().into_value());
    let paged: typst_layout::PagedDocument =
        engine.compile_with_input(inputs).output.map_err(|e| err(format!("{e:?}")))?;
    typst_pdf::pdf(&paged, &typst_pdf::PdfOptions::default()).map_err(|e| err(format!("{e:?}")))
}

/// The report as a PDF with the embedded CJK fonts (tagged, text selectable).
///
/// The bundled fonts cover GB 2312 (body) and its 3,755 level-1 characters (bold headings, with the
/// body font as fallback). For names with rarer characters pass a fuller font to
/// [`to_pdf_with_fonts`].
///
/// # Errors
/// [`AnnualError::Export`] when typst fails to compile or write the document.
pub fn to_pdf(doc: &AnnualDocument) -> Result<Vec<u8>, AnnualError> {
    render(engine(), doc)
}

/// Like [`to_pdf`], with additional font files (OTF/TTF/TTC bytes): a licensed `FangSong_GB2312`
/// or `SimHei` is used in place of the bundled faces, and any other font serves typst's glyph
/// fallback for characters the bundled subsets lack (rare characters in names). Builds a fresh
/// engine on every call.
///
/// # Errors
/// [`AnnualError::Export`] when typst fails to compile or write the document.
pub fn to_pdf_with_fonts(doc: &AnnualDocument, extra_fonts: &[Vec<u8>]) -> Result<Vec<u8>, AnnualError> {
    render(&engine_with(extra_fonts), doc)
}
