//! Search over the disclosure catalog (政府信息公开目录, 条例 第二十四条: the platform must offer
//! 检索、查阅、下载) and attachment text extraction.
//!
//! - [`SearchIndex`]: tantivy with a jieba tokenizer plus a CJK-bigram field; title and 文号
//!   boosted; exact 索引号/文号 first; filters by agency set, 主题分类, year, 有效性; highlighted
//!   snippets; newest first without words; recovery by rebuilding. See `docs/SEARCH.md`.
//! - [`extract`]: bytes of a PDF, DOCX, XLSX, text, HTML or image → text, with type checks by magic
//!   bytes and bounds against zip bombs and huge spreadsheets.
//! - [`corpus`]: a deterministic generator of realistic catalog items (benchmark, demo data).
//!
//! The sensitive-content scanner lives in `gongkai_domain::pii` (pure rules); run it on the body and
//! on each [`extract::Extracted::text`].

pub mod corpus;
pub mod extract;
mod highlight;
mod index;
mod tokenizer;

pub use index::{
    ATTACHMENT_BOOST, EXACT_BOOST, Hit, Hits, MAX_PER_PAGE, OpenOutcome, Query, SCHEMA_VERSION, SearchDoc,
    SearchError, SearchIndex, TITLE_BOOST, WriterSettings, doc_key, index_key,
};
pub use tokenizer::{jieba, query_words};
