//! The search index of published catalog items: schema, opening with recovery, writing, and
//! queries.
//!
//! Durability contract: [`SearchIndex::upsert`] and [`SearchIndex::remove`] are buffered;
//! [`SearchIndex::commit`] makes them durable *and* visible to the next [`SearchIndex::search`].
//! The caller commits right after its database transaction commits (publish, change, withdraw),
//! passing a marker of that transaction to [`SearchIndex::commit_with_marker`] when it wants to
//! detect at start-up that the index fell behind (compare [`SearchIndex::committed_marker`] with
//! the database, and [`SearchIndex::rebuild`] when they differ).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query as TQuery,
    TermQuery, TermSetQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use crate::highlight;
use crate::tokenizer::{self, BIGRAM, BigramTokenizer, JIEBA, JiebaTokenizer};

/// Version of the schema below. Bump it when the schema or the tokenizers change: an index with
/// another version is recreated by [`SearchIndex::open`] and must be rebuilt.
pub const SCHEMA_VERSION: u32 = 1;
const VERSION_FILE: &str = "gongkai-search.version";

/// Boost of the title (and 文号) fields over the body.
pub const TITLE_BOOST: f32 = 4.0;
/// Boost of attachment text relative to the body.
pub const ATTACHMENT_BOOST: f32 = 0.5;
/// Boost of an exact 索引号 or 文号 match: far above any text score, so that item comes first.
pub const EXACT_BOOST: f32 = 1000.0;
/// Largest page size.
pub const MAX_PER_PAGE: usize = 100;
/// Highest page served: the collector keeps `offset + per_page` hits in memory, so the window
/// is bounded (at most `MAX_PAGE * MAX_PER_PAGE` = 100,000 hits). Beyond it a query returns
/// the total and no items.
pub const MAX_PAGE: usize = 1000;
/// Characters in a snippet.
pub const SNIPPET_CHARS: usize = 120;

/// One published catalog item as the index sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Publication id (primary key in the store).
    pub id: i64,
    /// 索引号.
    pub index_number: String,
    /// 标题.
    pub title: String,
    /// 文号, if the document has one.
    pub doc_number: Option<String>,
    /// Publishing agency.
    pub agency_id: i64,
    /// Its name (stored for display, also searchable).
    pub agency_name: String,
    /// 主题分类 code or path (`综合政务\政务公开`); a filter on a parent matches its children.
    pub category: String,
    /// 体裁分类.
    pub genre: String,
    /// 有效性: 有效 / 失效 / 废止.
    pub validity: String,
    /// 发布日期.
    pub published_on: NaiveDate,
    /// Body text.
    pub body: String,
    /// Extracted text of all attachments.
    pub attachments_text: String,
    /// Public URL of the item.
    pub url: String,
}

/// A search request. `page` is 1-based (0 is read as 1; beyond [`MAX_PAGE`] the page is empty);
/// `per_page` is clamped to 1..=100.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// Words, a 索引号 or a 文号. Blank or `None`: everything, newest first.
    pub q: Option<String>,
    /// Only these agencies (a county portal passes itself and its subordinates). `Some(vec![])`
    /// matches nothing.
    pub agencies: Option<Vec<i64>>,
    /// 主题分类; matches the category and its subcategories.
    pub category: Option<String>,
    /// Year of 发布日期.
    pub year: Option<i32>,
    /// 有效 / 失效 / 废止.
    pub validity: Option<String>,
    /// 1-based page.
    pub page: usize,
    /// Items per page.
    pub per_page: usize,
}

/// One page of results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hits {
    /// All matching items.
    pub total: usize,
    /// This page.
    pub items: Vec<Hit>,
}

/// One result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    /// Publication id.
    pub id: i64,
    /// 索引号.
    pub index_number: String,
    /// 标题, plain.
    pub title: String,
    /// 标题, HTML-escaped with `<mark>` around query words.
    pub title_html: String,
    /// 文号.
    pub doc_number: Option<String>,
    /// Body (or attachment) excerpt, HTML-escaped with `<mark>`.
    pub snippet_html: String,
    /// Publishing agency's name.
    pub agency_name: String,
    /// 主题分类.
    pub category: String,
    /// 有效性.
    pub validity: String,
    /// 发布日期.
    pub published_on: NaiveDate,
    /// Public URL.
    pub url: String,
    /// Relevance (0 when ordered by date).
    pub score: f32,
}

/// What [`SearchIndex::open`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenOutcome {
    /// An existing, healthy index.
    Opened,
    /// There was no index: an empty one was created. Call [`SearchIndex::rebuild`].
    Created,
    /// The index was unreadable (missing or damaged files, unparsable `meta.json`) or had another
    /// schema version; it was wiped and recreated empty. Call [`SearchIndex::rebuild`].
    Recreated {
        /// Why, for the log.
        reason: String,
    },
}

impl OpenOutcome {
    /// Whether the caller must rebuild from its documents.
    #[must_use]
    pub fn needs_rebuild(&self) -> bool {
        !matches!(self, OpenOutcome::Opened)
    }
}

/// Errors of the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// tantivy failed.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// File system.
    #[error("search index directory: {0}")]
    Io(#[from] std::io::Error),
    /// The directory holds files that are not the index's; it is never wiped.
    #[error("refusing to wipe {0}: it contains files that are not part of a search index")]
    ForeignFiles(PathBuf),
    /// A writer panicked while holding the lock.
    #[error("search index writer lock poisoned")]
    Poisoned,
}

impl SearchError {
    /// Message for people.
    #[must_use]
    pub fn message_zh(&self) -> &'static str {
        match self {
            SearchError::ForeignFiles(_) => "检索索引目录中有其他文件，未自动清理，请检查配置的索引目录",
            _ => "检索服务暂时不可用，请稍后再试",
        }
    }
}

/// Sizing of the index writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriterSettings {
    /// Indexing threads (each has its own segment in progress).
    pub threads: usize,
    /// Memory budget shared by the threads, bytes (tantivy needs ≥ 15 MB per thread).
    pub heap_bytes: usize,
}

impl Default for WriterSettings {
    /// One thread, 64 MB: a bounded resident cost for a web process on a small server.
    fn default() -> Self {
        WriterSettings { threads: 1, heap_bytes: 64 * 1024 * 1024 }
    }
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    index_key: Field,
    doc_key: Field,
    title_j: Field,
    title_b: Field,
    body_j: Field,
    body_b: Field,
    att_j: Field,
    att_b: Field,
    agency_j: Field,
    agency: Field,
    category: Field,
    validity: Field,
    year: Field,
    recency: Field,
    s_index_number: Field,
    s_title: Field,
    s_doc_number: Field,
    s_agency_name: Field,
    s_category: Field,
    s_genre: Field,
    s_validity: Field,
    s_published_on: Field,
    s_body: Field,
    s_att: Field,
    s_url: Field,
}

fn text(tokenizer: &str, positions: bool) -> TextOptions {
    let rec = if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
    TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_tokenizer(tokenizer).set_index_option(rec))
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let f = Fields {
        id: b.add_i64_field("id", INDEXED | STORED | FAST),
        index_key: b.add_text_field("index_key", STRING),
        doc_key: b.add_text_field("doc_key", STRING),
        title_j: b.add_text_field("title_j", text(JIEBA, false)),
        title_b: b.add_text_field("title_b", text(BIGRAM, true)),
        body_j: b.add_text_field("body_j", text(JIEBA, false)),
        body_b: b.add_text_field("body_b", text(BIGRAM, true)),
        att_j: b.add_text_field("att_j", text(JIEBA, false)),
        att_b: b.add_text_field("att_b", text(BIGRAM, true)),
        agency_j: b.add_text_field("agency_j", text(JIEBA, false)),
        agency: b.add_i64_field("agency", INDEXED | FAST),
        category: b.add_text_field("category", STRING),
        validity: b.add_text_field("validity", STRING),
        year: b.add_i64_field("year", INDEXED),
        recency: b.add_i64_field("recency", FAST),
        s_index_number: b.add_text_field("index_number", STORED),
        s_title: b.add_text_field("title", STORED),
        s_doc_number: b.add_text_field("doc_number", STORED),
        s_agency_name: b.add_text_field("agency_name", STORED),
        s_category: b.add_text_field("category_s", STORED),
        s_genre: b.add_text_field("genre", STORED),
        s_validity: b.add_text_field("validity_s", STORED),
        s_published_on: b.add_text_field("published_on", STORED),
        s_body: b.add_text_field("body", STORED),
        s_att: b.add_text_field("attachments", STORED),
        s_url: b.add_text_field("url", STORED),
    };
    (b.build(), f)
}

/// 索引号 as a key: trimmed, spaces removed, Latin letters upper-cased.
#[must_use]
pub fn index_key(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

/// 文号 as a key: spaces removed, the year's brackets (`[2024]`, `（2024）`, `【2024】`, `〔2024〕`)
/// unified to 〔〕, and 第…号 kept as written. `X政办发[2024]12号` and `X政办发〔2024〕12号` are the
/// same document number.
#[must_use]
pub fn doc_key(s: &str) -> String {
    let t: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < t.len() {
        let c = t[i];
        let open = matches!(c, '[' | '［' | '(' | '（' | '【' | '〔' | '﹝' | '〖');
        if open && i + 5 < t.len() && t[i + 1..i + 5].iter().all(char::is_ascii_digit) {
            let close = t[i + 5];
            if matches!(close, ']' | '］' | ')' | '）' | '】' | '〕' | '﹞' | '〗') {
                out.push('〔');
                out.extend(&t[i + 1..i + 5]);
                out.push('〕');
                i += 6;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// The category and each of its ancestors (`a\b\c` → `a`, `a\b`, `a\b\c`), so a filter on a parent
/// matches its children.
fn category_terms(c: &str) -> Vec<String> {
    let c = c.trim().replace('/', "\\");
    let mut out = Vec::new();
    let mut acc = String::new();
    for part in c.split('\\').map(str::trim).filter(|p| !p.is_empty()) {
        if !acc.is_empty() {
            acc.push('\\');
        }
        acc.push_str(part);
        out.push(acc.clone());
    }
    out
}

fn days(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// The full-text index: one writer behind a mutex, readers shared. `Send + Sync`.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    f: Fields,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("docs", &self.doc_count()).finish()
    }
}

fn register(index: &Index) {
    index.tokenizers().register(JIEBA, TextAnalyzer::from(JiebaTokenizer));
    index.tokenizers().register(BIGRAM, TextAnalyzer::from(BigramTokenizer));
}

/// Whether a file name in the index directory is one tantivy or this crate writes.
fn is_index_file(name: &str) -> bool {
    if name == "meta.json" || name == ".managed.json" || name == VERSION_FILE || name.starts_with(".tantivy-")
    {
        return true;
    }
    let stem = name.split('.').next().unwrap_or("");
    stem.len() == 32 && stem.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Remove the index files in `dir`, refusing if anything else is there.
fn wipe(dir: &Path) -> Result<(), SearchError> {
    let mut victims = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() || !is_index_file(&name) {
            return Err(SearchError::ForeignFiles(dir.to_path_buf()));
        }
        victims.push(entry.path());
    }
    for v in victims {
        std::fs::remove_file(v)?;
    }
    Ok(())
}

/// Open an existing index and prove it readable: version file, `meta.json`, every segment
/// opened, checksums of the segment files.
fn try_open(dir: &Path) -> Result<Index, String> {
    let version =
        std::fs::read_to_string(dir.join(VERSION_FILE)).map_err(|e| format!("版本文件缺失：{e}"))?;
    if version.trim() != SCHEMA_VERSION.to_string() {
        return Err(format!("索引结构版本 {} 与程序 {SCHEMA_VERSION} 不符", version.trim()));
    }
    let opened = std::panic::catch_unwind(|| -> Result<Index, String> {
        let index = Index::open_in_dir(dir).map_err(|e| e.to_string())?;
        if index.schema() != schema().0 {
            return Err("索引结构与程序不符".to_owned());
        }
        register(&index);
        let damaged = index.validate_checksum().map_err(|e| e.to_string())?;
        if !damaged.is_empty() {
            return Err(format!("{} 个索引文件校验失败", damaged.len()));
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| e.to_string())?;
        // Touch every segment's store so a truncated file shows now, not at query time.
        let searcher = reader.searcher();
        for seg in searcher.segment_readers() {
            if seg.max_doc() > 0 {
                seg.get_store_reader(1).map_err(|e| e.to_string())?;
            }
        }
        Ok(index)
    });
    match opened {
        Ok(r) => r,
        Err(_) => Err("打开索引时内部错误（文件损坏）".to_owned()),
    }
}

impl SearchIndex {
    /// Open the index in `dir` (created if missing), recovering from damage by wiping and
    /// recreating it: see [`OpenOutcome`]. Uses [`WriterSettings::default`].
    ///
    /// # Errors
    /// I/O errors, tantivy errors on a fresh index, or [`SearchError::ForeignFiles`] when a
    /// damaged directory also holds other files (it is then left alone).
    pub fn open(dir: &Path) -> Result<(SearchIndex, OpenOutcome), SearchError> {
        Self::open_with(dir, WriterSettings::default())
    }

    /// [`SearchIndex::open`] with explicit writer sizing.
    ///
    /// # Errors
    /// As [`SearchIndex::open`].
    pub fn open_with(dir: &Path, ws: WriterSettings) -> Result<(SearchIndex, OpenOutcome), SearchError> {
        std::fs::create_dir_all(dir)?;
        let empty = std::fs::read_dir(dir)?.next().is_none();
        let (index, outcome) = if empty {
            (Self::create(dir)?, OpenOutcome::Created)
        } else {
            match try_open(dir) {
                Ok(index) => (index, OpenOutcome::Opened),
                Err(reason) => {
                    tracing::warn!(dir = %dir.display(), %reason, "search index unreadable; recreating it empty");
                    wipe(dir)?;
                    (Self::create(dir)?, OpenOutcome::Recreated { reason })
                }
            }
        };
        Ok((Self::from_index(index, ws)?, outcome))
    }

    fn create(dir: &Path) -> Result<Index, SearchError> {
        let index = Index::create_in_dir(dir, schema().0)?;
        std::fs::write(dir.join(VERSION_FILE), SCHEMA_VERSION.to_string())?;
        Ok(index)
    }

    /// An index in memory (tests, demo).
    ///
    /// # Errors
    /// tantivy errors creating the writer.
    pub fn in_memory() -> Result<SearchIndex, SearchError> {
        Self::from_index(
            Index::create_in_ram(schema().0),
            WriterSettings { threads: 1, heap_bytes: 20_000_000 },
        )
    }

    fn from_index(index: Index, ws: WriterSettings) -> Result<SearchIndex, SearchError> {
        register(&index);
        let writer = index.writer_with_num_threads(ws.threads.max(1), ws.heap_bytes)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { index, reader, writer: Mutex::new(writer), f: schema().1 })
    }

    fn writer(&self) -> Result<MutexGuard<'_, IndexWriter>, SearchError> {
        self.writer.lock().map_err(|_| SearchError::Poisoned)
    }

    fn document(&self, d: &SearchDoc) -> TantivyDocument {
        let f = &self.f;
        let mut doc = TantivyDocument::default();
        doc.add_i64(f.id, d.id);
        doc.add_text(f.index_key, index_key(&d.index_number));
        doc.add_text(f.title_j, &d.title);
        doc.add_text(f.title_b, &d.title);
        if let Some(n) = d.doc_number.as_deref().filter(|n| !n.trim().is_empty()) {
            doc.add_text(f.doc_key, doc_key(n));
            doc.add_text(f.title_j, n);
            doc.add_text(f.title_b, n);
            doc.add_text(f.s_doc_number, n);
        }
        doc.add_text(f.body_j, &d.body);
        doc.add_text(f.body_b, &d.body);
        if !d.attachments_text.is_empty() {
            doc.add_text(f.att_j, &d.attachments_text);
            doc.add_text(f.att_b, &d.attachments_text);
            doc.add_text(f.s_att, &d.attachments_text);
        }
        doc.add_text(f.agency_j, &d.agency_name);
        doc.add_i64(f.agency, d.agency_id);
        for c in category_terms(&d.category) {
            doc.add_text(f.category, c);
        }
        doc.add_text(f.validity, d.validity.trim());
        doc.add_i64(f.year, i64::from(d.published_on.year()));
        doc.add_i64(f.recency, days(d.published_on) * 1_000_000_000 + d.id.rem_euclid(1_000_000_000));
        doc.add_text(f.s_index_number, &d.index_number);
        doc.add_text(f.s_title, &d.title);
        doc.add_text(f.s_agency_name, &d.agency_name);
        doc.add_text(f.s_category, &d.category);
        doc.add_text(f.s_genre, &d.genre);
        doc.add_text(f.s_validity, &d.validity);
        doc.add_text(f.s_published_on, d.published_on.format("%Y-%m-%d").to_string());
        doc.add_text(f.s_body, &d.body);
        doc.add_text(f.s_url, &d.url);
        doc
    }

    /// Add or replace the item with `doc.id` (on publish and on every change). Buffered until
    /// [`SearchIndex::commit`].
    ///
    /// # Errors
    /// tantivy errors (writer gone after a panic).
    pub fn upsert(&self, doc: &SearchDoc) -> Result<(), SearchError> {
        let d = self.document(doc);
        let w = self.writer()?;
        w.delete_term(Term::from_field_i64(self.f.id, doc.id));
        w.add_document(d)?;
        Ok(())
    }

    /// Remove the item (withdrawal, unpublishing, deletion). Buffered until
    /// [`SearchIndex::commit`].
    ///
    /// # Errors
    /// [`SearchError::Poisoned`].
    pub fn remove(&self, id: i64) -> Result<(), SearchError> {
        self.writer()?.delete_term(Term::from_field_i64(self.f.id, id));
        Ok(())
    }

    /// Make buffered changes durable and visible to the next search.
    ///
    /// # Errors
    /// tantivy or I/O errors; the buffered changes are then lost and the index is behind the
    /// database — rebuild it.
    pub fn commit(&self) -> Result<(), SearchError> {
        self.commit_inner(None)
    }

    /// [`SearchIndex::commit`], recording `marker` (e.g. the id of the last audit entry or a change
    /// counter of the database) in the index's `meta.json`.
    ///
    /// # Errors
    /// As [`SearchIndex::commit`].
    pub fn commit_with_marker(&self, marker: &str) -> Result<(), SearchError> {
        self.commit_inner(Some(marker))
    }

    fn commit_inner(&self, marker: Option<&str>) -> Result<(), SearchError> {
        {
            let mut w = self.writer()?;
            let mut prepared = w.prepare_commit()?;
            if let Some(m) = marker {
                prepared.set_payload(m);
            }
            prepared.commit()?;
        }
        self.reader.reload()?;
        Ok(())
    }

    /// The marker of the last [`SearchIndex::commit_with_marker`], if any.
    ///
    /// # Errors
    /// tantivy errors reading `meta.json`.
    pub fn committed_marker(&self) -> Result<Option<String>, SearchError> {
        Ok(self.index.load_metas()?.payload)
    }

    /// Replace the whole content with `docs` and commit. Returns the number indexed.
    ///
    /// # Errors
    /// tantivy errors; the index then keeps its previous committed content.
    pub fn rebuild(&self, docs: impl IntoIterator<Item = SearchDoc>) -> Result<usize, SearchError> {
        let mut n = 0;
        {
            let mut w = self.writer()?;
            w.delete_all_documents()?;
            for d in docs {
                w.add_document(self.document(&d))?;
                n += 1;
            }
            w.commit()?;
        }
        self.reader.reload()?;
        Ok(n)
    }

    /// Number of items visible to searches.
    #[must_use]
    pub fn doc_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn word_clause(&self, w: &str) -> Box<dyn TQuery> {
        let f = &self.f;
        let mut alts: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        let term = |field: Field, boost: f32| -> (Occur, Box<dyn TQuery>) {
            let q: Box<dyn TQuery> =
                Box::new(TermQuery::new(Term::from_field_text(field, w), IndexRecordOption::WithFreqs));
            (
                Occur::Should,
                if (boost - 1.0).abs() > f32::EPSILON { Box::new(BoostQuery::new(q, boost)) } else { q },
            )
        };
        alts.push(term(f.title_j, TITLE_BOOST));
        alts.push(term(f.body_j, 1.0));
        alts.push(term(f.att_j, ATTACHMENT_BOOST));
        alts.push(term(f.agency_j, 1.0));
        if w.chars().count() >= 2 {
            let grams = tokenizer::bigrams(w);
            for (field, boost) in [(f.title_b, TITLE_BOOST), (f.body_b, 1.0), (f.att_b, ATTACHMENT_BOOST)] {
                let q: Box<dyn TQuery> = match grams.as_slice() {
                    [] => continue,
                    [one] => Box::new(TermQuery::new(
                        Term::from_field_text(field, &one.text),
                        IndexRecordOption::WithFreqs,
                    )),
                    many => Box::new(PhraseQuery::new_with_offset(
                        many.iter().map(|t| (t.position, Term::from_field_text(field, &t.text))).collect(),
                    )),
                };
                // Bigram matches count less than whole words, so word matches rank first.
                alts.push((Occur::Should, Box::new(BoostQuery::new(q, boost * 0.5))));
            }
        }
        Box::new(BooleanQuery::new(alts))
    }

    fn filters(&self, q: &Query) -> Vec<Box<dyn TQuery>> {
        let f = &self.f;
        let mut out: Vec<Box<dyn TQuery>> = Vec::new();
        if let Some(a) = &q.agencies {
            if a.is_empty() {
                out.push(Box::new(EmptyQuery));
            } else {
                out.push(Box::new(TermSetQuery::new(a.iter().map(|id| Term::from_field_i64(f.agency, *id)))));
            }
        }
        if let Some(c) = q.category.as_deref().and_then(|c| category_terms(c).pop()) {
            out.push(Box::new(TermQuery::new(
                Term::from_field_text(f.category, &c),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(y) = q.year {
            out.push(Box::new(TermQuery::new(
                Term::from_field_i64(f.year, i64::from(y)),
                IndexRecordOption::Basic,
            )));
        }
        if let Some(v) = q.validity.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            out.push(Box::new(TermQuery::new(
                Term::from_field_text(f.validity, v),
                IndexRecordOption::Basic,
            )));
        }
        out
    }

    /// Run a query: words are ANDed (each may match title, 文号, body, attachments or agency name;
    /// title and 文号 boosted); an exact 索引号 or 文号 ranks its item first; without words,
    /// newest first.
    ///
    /// # Errors
    /// tantivy errors.
    pub fn search(&self, q: &Query) -> Result<Hits, SearchError> {
        let per_page = q.per_page.clamp(1, MAX_PER_PAGE);
        let beyond = q.page > MAX_PAGE;
        let offset = q.page.clamp(1, MAX_PAGE).saturating_sub(1).saturating_mul(per_page);
        let text = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let words = text.map(tokenizer::query_words).unwrap_or_default();
        let mut clauses: Vec<(Occur, Box<dyn TQuery>)> = Vec::new();
        if let Some(t) = text {
            let mut main: Vec<(Occur, Box<dyn TQuery>)> = vec![
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.f.index_key, &index_key(t)),
                            IndexRecordOption::Basic,
                        )),
                        EXACT_BOOST,
                    )),
                ),
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_text(self.f.doc_key, &doc_key(t)),
                            IndexRecordOption::Basic,
                        )),
                        EXACT_BOOST,
                    )),
                ),
            ];
            if !words.is_empty() {
                let all: Vec<(Occur, Box<dyn TQuery>)> =
                    words.iter().map(|w| (Occur::Must, self.word_clause(w))).collect();
                main.push((Occur::Should, Box::new(BooleanQuery::new(all))));
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(main))));
        } else {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        for filter in self.filters(q) {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let page: Vec<(f32, DocAddress)>;
        let total;
        if beyond {
            page = Vec::new();
            total = searcher.search(&query, &Count)?;
        } else if text.is_some() {
            let (top, count) = searcher.search(
                &query,
                &(TopDocs::with_limit(per_page).and_offset(offset).order_by_score(), Count),
            )?;
            page = top;
            total = count;
        } else {
            let (top, count) = searcher.search(
                &query,
                &(
                    TopDocs::with_limit(per_page)
                        .and_offset(offset)
                        .order_by_fast_field::<i64>("recency", Order::Desc),
                    Count,
                ),
            )?;
            page = top.into_iter().map(|(_, a)| (0.0, a)).collect();
            total = count;
        }
        let mut items = Vec::with_capacity(page.len());
        for (score, addr) in page {
            let doc: TantivyDocument = searcher.doc(addr)?;
            items.push(self.hit(&doc, score, &words));
        }
        Ok(Hits { total, items })
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, words: &[String]) -> Hit {
        let f = &self.f;
        let s = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_owned();
        let title = s(f.s_title);
        let body = s(f.s_body);
        let snippet_html = highlight::snippet(&body, words, SNIPPET_CHARS)
            .or_else(|| highlight::snippet(&s(f.s_att), words, SNIPPET_CHARS).map(|x| format!("附件：{x}")))
            .unwrap_or_else(|| highlight::lead(&body, SNIPPET_CHARS));
        let doc_number = Some(s(f.s_doc_number)).filter(|n| !n.is_empty());
        Hit {
            id: doc.get_first(f.id).and_then(|v| v.as_i64()).unwrap_or_default(),
            index_number: s(f.s_index_number),
            title_html: highlight::full(&title, words),
            title,
            doc_number,
            snippet_html,
            agency_name: s(f.s_agency_name),
            category: s(f.s_category),
            validity: s(f.s_validity),
            published_on: NaiveDate::parse_from_str(&s(f.s_published_on), "%Y-%m-%d").unwrap_or_default(),
            url: s(f.s_url),
            score,
        }
    }
}
