//! The catalog service shared by the staff console, the portal and the API: body sanitising,
//! the sensitive-content scan of the body and every attachment, performing workflow actions
//! (domain `apply` → store → search index, in that order), attachments, and the search index
//! handle.
//!
//! Ordering with the search index: the database transaction commits first, then the index is
//! updated and committed in the same request (`upsert`/`remove` + `commit_with_marker`). A
//! rolled-back change is therefore never searchable; a crash between the two commits leaves the
//! index behind, which the marker (the store's `catalog_marker`) reveals at the next start-up,
//! when the index is rebuilt (`gongkai search reindex` does the same by hand).

use crate::App;
use crate::error::Error;
use crate::error::{Conflict, Rejection};
use crate::requests::{clean_file_name, current_calendar, today};
use chrono::Datelike;
use gongkai_domain::agency::FieldError;
use gongkai_domain::catalog::{
    self as dom, Action, ActionContext, FindingDecision, FindingDecisionKind, Publication, PublicationState,
    finding_fingerprint,
};
use gongkai_domain::pii::{self, FindingKind, ScanSettings};
use gongkai_search::{SearchDoc, SearchIndex};
use gongkai_store::{
    Actor, Agency, Attachment, IndexPlan, NewAttachment, PublicationRecord, PublicationUpdate, User,
};
use serde::Serialize;
use std::sync::{Arc, RwLock};

/// Largest attachment of a publication.
pub const MAX_ATTACHMENT_BYTES: usize = 20 << 20;
/// Most attachments per upload.
pub const MAX_ATTACHMENTS: usize = 10;
/// Body limit of the editor form.
pub const EDITOR_BODY_LIMIT: usize = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + (2 << 20);

/// Sanitises the body: an allow-list of structural tags (ammonia), links get
/// `rel="noopener noreferrer nofollow"`, no images, scripts, styles or event handlers. Text
/// without any tag is taken as plain text: blank-line separated paragraphs.
pub fn sanitize_body(input: &str) -> String {
    let input = input.trim();
    let looks_like_html =
        input.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'));
    if !looks_like_html {
        return input
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
            .collect::<Vec<_>>()
            .join("\n");
    }
    ammonia::Builder::default()
        .rm_tags(&["img"])
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(input)
        .to_string()
}

/// HTML-escapes text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The text of sanitised HTML, one line per block, for the scanner, search and feeds.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '<' {
            let mut tag = String::new();
            for t in chars.by_ref() {
                if t == '>' {
                    break;
                }
                tag.push(t);
            }
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            if matches!(
                name.as_str(),
                "p" | "br" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "div" | "blockquote"
            ) && !out.ends_with('\n')
                && !out.is_empty()
            {
                out.push('\n');
            } else if matches!(name.as_str(), "td" | "th") && tag.starts_with('/') {
                out.push('\t');
            }
        } else if c == '&' {
            let mut ent = String::new();
            while let Some(&n) = chars.peek() {
                if n == ';' || ent.len() > 8 {
                    break;
                }
                ent.push(n);
                chars.next();
            }
            if chars.peek() == Some(&';') {
                chars.next();
            }
            out.push_str(match ent.as_str() {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "#39" | "apos" => "'",
                "nbsp" => " ",
                _ => "",
            });
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

pub use crate::scanner::scan_settings;

/// One scanner finding as the review page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub fingerprint: String,
    /// `正文` or the attachment's name.
    pub source: String,
    /// The attachment id, for attachments.
    pub attachment_id: Option<i64>,
    pub kind: FindingKind,
    pub kind_label: &'static str,
    pub hint: &'static str,
    pub line: usize,
    pub column: usize,
    /// Masked excerpt (safe to show in lists).
    pub excerpt: String,
    /// The raw match, for the reviewer only (never logged).
    pub matched: String,
    pub masked: String,
    /// Whether one click can mask it (body and text attachments; maskable kinds).
    pub can_mask: bool,
    pub low: bool,
    /// The override already recorded, if any.
    pub overridden: Option<String>,
}

/// Label of the body part in findings.
pub const BODY: &str = "正文";

fn is_text_attachment(a: &Attachment) -> bool {
    a.content_type.starts_with("text/")
}

/// Scans the body and every attachment's text.
pub fn scan(p: &Publication, atts: &[Attachment], settings: &ScanSettings) -> Vec<FindingView> {
    let body = html_to_text(&p.content.body_html);
    let mut parts: Vec<(String, Option<&Attachment>, &str)> = vec![(BODY.to_owned(), None, body.as_str())];
    for a in atts {
        parts.push((a.name.clone(), Some(a), a.text.as_str()));
    }
    let mut out = Vec::new();
    for (source, att, text) in parts {
        for f in pii::scan(text, settings) {
            let fingerprint = finding_fingerprint(&source, f.kind, &f.matched);
            let overridden = p.decision(&fingerprint).and_then(|d| match &d.decision {
                FindingDecisionKind::Overridden { reason } => Some(reason.clone()),
                FindingDecisionKind::Masked => None,
            });
            out.push(FindingView {
                fingerprint,
                attachment_id: att.map(|a| a.id),
                can_mask: f.kind.maskable() && att.is_none_or(is_text_attachment),
                kind: f.kind,
                kind_label: f.kind.label_zh(),
                hint: f.kind.hint_zh(),
                line: f.line,
                column: f.column_chars,
                excerpt: f.excerpt,
                matched: f.matched,
                masked: f.masked,
                low: f.kind.severity() == pii::Severity::Low,
                overridden,
                source: source.clone(),
            });
        }
    }
    out
}

/// Findings that are neither masked (a masked finding no longer matches) nor overridden.
pub fn unresolved(findings: &[FindingView]) -> usize {
    findings.iter().filter(|f| f.overridden.is_none()).count()
}

/// A domain refusal as an error (its kind from the one table, [`crate::RefusalKind::of`]).
pub fn refusal_error(r: dom::Refusal) -> Error {
    r.into()
}

/// The version conflict answer.
pub fn conflict() -> Error {
    Error::Conflict(Conflict::PublicationVersion)
}

fn store_conflict(e: gongkai_store::StoreError) -> Error {
    match e {
        gongkai_store::StoreError::Conflict("version") => conflict(),
        other => other.into(),
    }
}

/// Loads a publication `user` may read (own agency; supervisors also subordinates), else 404.
pub async fn readable(app: &App, user: &User, id: i64) -> Result<PublicationRecord, Error> {
    let rec = app.store.get_publication(id).await?.ok_or(Error::NotFound)?;
    let agencies = app.store.list_agencies().await?;
    crate::access::require_read(&agencies, user, rec.agency_id)?;
    Ok(rec)
}

/// Refuses changes by anyone outside the publication's agency (supervisors only read: 403).
pub fn require_own(user: &User, rec: &PublicationRecord) -> Result<(), Error> {
    if user.agency_id == rec.agency_id { Ok(()) } else { Err(Error::Forbidden) }
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339()
}

/// What a change to a publication brings besides its new facts.
#[derive(Debug, Default)]
pub struct Change {
    pub add: Vec<NewAttachment>,
    pub remove: Vec<i64>,
}

/// Stores new facts computed from `rec` (version check, 索引号 on first publication, due date
/// and lateness recomputed), then brings the search index in line.
pub async fn save(
    app: &App,
    actor: &Actor,
    rec: &PublicationRecord,
    facts: Publication,
    change: Change,
    audit_action: &str,
) -> Result<PublicationRecord, Error> {
    let cal = current_calendar(app).await?;
    let due_on = dom::due_on(facts.content.formed_on, &cal);
    let published_late = facts.published_on.is_some_and(|on| on > due_on);
    let assign_index = match (facts.state, &rec.index_number, facts.published_on) {
        (PublicationState::Published, None, Some(on)) => {
            let agency = app.store.get_agency(rec.agency_id).await?.ok_or(Error::NotFound)?;
            let settings = app.store.catalog_settings(rec.agency_id).await?;
            let code = agency.code.clone().unwrap_or_default();
            // Checked here so that the person gets the reason, not a store error.
            dom::format_index_number(&settings.index_template, &code, on.year(), 1)
                .map_err(|e| Error::unprocessable("index_template", e.to_string()))?;
            Some(IndexPlan { template: settings.index_template, code, year: on.year() })
        }
        _ => None,
    };
    let was_public = rec.facts.is_public();
    let saved = app
        .store
        .update_publication(
            actor,
            PublicationUpdate {
                id: rec.id,
                expected_version: rec.version,
                facts,
                due_on,
                published_late,
                assign_index,
                add: change.add,
                remove: change.remove,
                audit_action: audit_action.to_owned(),
            },
        )
        .await
        .map_err(store_conflict)?;
    if saved.facts.is_public() || was_public {
        index_after_commit(app, &saved).await;
    }
    Ok(saved)
}

/// Performs a workflow action as `user`.
pub async fn perform(
    app: &App,
    user: &User,
    rec: &PublicationRecord,
    action: &Action,
) -> Result<PublicationRecord, Error> {
    require_own(user, rec)?;
    let atts = app.store.attachments(rec.id).await?;
    let settings = app.store.catalog_settings(rec.agency_id).await?;
    let findings = scan(&rec.facts, &atts, &scan_settings(&settings));
    let now = now_rfc3339();
    let ctx = ActionContext {
        roles: &user.roles,
        actor_name: &user.display_name,
        today: today(app),
        now: &now,
        unresolved_findings: unresolved(&findings),
    };
    let next = dom::apply(&rec.facts, action, &ctx).map_err(refusal_error)?;
    let audit = format!("publication.{}", action.kind().key());
    save(app, &Actor::user(user), rec, next, Change::default(), &audit).await
}

/// Masks one finding (the body text, or a text attachment rewritten), or records an override.
pub async fn decide_finding(
    app: &App,
    user: &User,
    rec: &PublicationRecord,
    fingerprint: &str,
    override_reason: Option<&str>,
) -> Result<PublicationRecord, Error> {
    decide_findings(app, user, rec, Which::One(fingerprint), override_reason).await
}

/// Which findings a decision covers.
pub enum Which<'a> {
    One(&'a str),
    /// Every unresolved finding of this kind (issue 13: a 低保名单 of 300 rows is one action,
    /// not 600 clicks).
    AllOfKind(FindingKind),
}

/// Masks the chosen findings — body text and text attachments rewritten once each — or records
/// one override reason for all of them; one save, one history step.
pub async fn decide_findings(
    app: &App,
    user: &User,
    rec: &PublicationRecord,
    which: Which<'_>,
    override_reason: Option<&str>,
) -> Result<PublicationRecord, Error> {
    require_own(user, rec)?;
    dom::check_kind(
        &rec.facts,
        if override_reason.is_some() { dom::ActionKind::Override } else { dom::ActionKind::Mask },
        &user.roles,
    )
    .map_err(refusal_error)?;
    let atts = app.store.attachments(rec.id).await?;
    let settings = app.store.catalog_settings(rec.agency_id).await?;
    let findings = scan(&rec.facts, &atts, &scan_settings(&settings));
    let chosen: Vec<&FindingView> = match which {
        Which::One(fp) => findings.iter().filter(|f| f.fingerprint == fp).collect(),
        Which::AllOfKind(k) => findings.iter().filter(|f| f.kind == k && f.overridden.is_none()).collect(),
    };
    if chosen.is_empty() {
        return Err(Error::Conflict(Conflict::FindingGone));
    }
    let mut facts = rec.facts.clone();
    let mut change = Change::default();
    let now = now_rfc3339();
    let decision = match override_reason.map(str::trim) {
        Some("") => {
            return Err(Error::invalid(
                "reason",
                "reason_required",
                "保留敏感信息须写明理由（例如法律法规要求公示）",
            ));
        }
        Some(reason) => FindingDecisionKind::Overridden { reason: reason.to_owned() },
        None => {
            if chosen.iter().any(|f| !f.can_mask) {
                return Err(Error::unprocessable(
                    "not_maskable",
                    "该处内容不能自动去标识化：请修改正文或替换附件，或说明保留理由。",
                ));
            }
            mask_all(app, &chosen, &mut facts, &mut change).await?;
            FindingDecisionKind::Masked
        }
    };
    for f in &chosen {
        facts.decisions.retain(|d| d.fingerprint != f.fingerprint);
        facts.decisions.push(FindingDecision {
            fingerprint: f.fingerprint.clone(),
            source: f.source.clone(),
            kind_label: f.kind_label.to_owned(),
            excerpt: f.excerpt.clone(),
            decision: decision.clone(),
            by: user.display_name.clone(),
            at: now.clone(),
        });
    }
    let kind = if matches!(decision, FindingDecisionKind::Masked) {
        dom::ActionKind::Mask
    } else {
        dom::ActionKind::Override
    };
    let note = match chosen.as_slice() {
        [f] => format!("{}：{}（{}）", f.source, f.kind_label, f.excerpt),
        many => format!("{}共 {} 处，一并处理", many[0].kind_label, many.len()),
    };
    facts.history.push(dom::StepRecord { kind, by: user.display_name.clone(), at: now, note });
    save(app, &Actor::user(user), rec, facts, change, &format!("publication.{}", kind.key())).await
}

/// Rewrites the body and each text attachment once with every chosen finding masked.
async fn mask_all(
    app: &App,
    chosen: &[&FindingView],
    facts: &mut Publication,
    change: &mut Change,
) -> Result<(), Error> {
    for f in chosen.iter().filter(|f| f.attachment_id.is_none()) {
        facts.content.body_html = facts.content.body_html.replace(&f.matched, &f.masked);
    }
    let mut ids: Vec<i64> = chosen.iter().filter_map(|f| f.attachment_id).collect();
    ids.sort_unstable();
    ids.dedup();
    for aid in ids {
        let (meta, data) = app.store.get_attachment(aid).await?.ok_or(Error::NotFound)?;
        let mut text = String::from_utf8(data)
            .map_err(|_| Error::unprocessable("not_maskable", "该附件不是 UTF-8 文本，请替换附件。"))?;
        let mut index_text = meta.text.clone();
        for f in chosen.iter().filter(|f| f.attachment_id == Some(aid)) {
            text = text.replace(&f.matched, &f.masked);
            index_text = index_text.replace(&f.matched, &f.masked);
        }
        change.remove.push(aid);
        change.add.push(NewAttachment {
            name: meta.name.clone(),
            content_type: meta.content_type.clone(),
            text: index_text,
            data: text.into_bytes(),
        });
    }
    Ok(())
}

/// A 政策解读 must point at a publication of the same agency.
pub async fn check_interprets(app: &App, agency_id: i64, id: Option<i64>) -> Result<(), FieldError> {
    let Some(id) = id else { return Ok(()) };
    match app.store.get_publication(id).await {
        Ok(Some(p)) if p.agency_id == agency_id => Ok(()),
        _ => Err(FieldError::new("interprets", "bad_link", "所解读的文件不存在或不属于本机关")),
    }
}

/// Files a new draft — the editor's form and `POST /api/v1/publications` alike: the content
/// checked as the editor does (`Err` lists the fields), a 政策解读 only of this agency's items, the
/// 第二十六条 date from the calendar.
pub async fn create_draft(
    app: &App,
    user: &User,
    input: &dom::ContentInput,
    attachments: Vec<NewAttachment>,
) -> Result<Result<PublicationRecord, Vec<gongkai_domain::agency::FieldError>>, Error> {
    let content = match dom::validate_content(input, today(app)) {
        Ok(c) => c,
        Err(errors) => return Ok(Err(errors)),
    };
    if let Err(e) = check_interprets(app, user.agency_id, content.interprets).await {
        return Ok(Err(vec![e]));
    }
    let cal = current_calendar(app).await?;
    let mut facts = Publication::new(content);
    facts.history.push(dom::StepRecord {
        kind: dom::ActionKind::Create,
        by: user.display_name.clone(),
        at: chrono::Utc::now().to_rfc3339(),
        note: String::new(),
    });
    let due_on = dom::due_on(facts.content.formed_on, &cal);
    let rec = app
        .store
        .create_publication(
            &Actor::user(user),
            gongkai_store::NewPublication { agency_id: user.agency_id, facts, due_on, attachments },
        )
        .await?;
    Ok(Ok(rec))
}

/// Edits a draft (or a returned item): the workflow allows it, the content validates as on
/// creation, attachments are added and removed, one history step. Shared by the editor page and
/// `PUT /api/v1/publications/{id}`. The caller checked `rec.version`.
pub async fn edit_draft(
    app: &App,
    user: &User,
    rec: &PublicationRecord,
    input: &dom::ContentInput,
    change: Change,
) -> Result<Result<PublicationRecord, Vec<gongkai_domain::agency::FieldError>>, Error> {
    dom::check_kind(&rec.facts, dom::ActionKind::Edit, &user.roles)?;
    let content = match dom::validate_content(input, today(app)) {
        Ok(c) => c,
        Err(errors) => return Ok(Err(errors)),
    };
    if let Err(e) = check_interprets(app, rec.agency_id, content.interprets).await {
        return Ok(Err(vec![e]));
    }
    let mut facts = rec.facts.clone();
    facts.content = content;
    facts.history.push(dom::StepRecord {
        kind: dom::ActionKind::Edit,
        by: user.display_name.clone(),
        at: chrono::Utc::now().to_rfc3339(),
        note: String::new(),
    });
    Ok(Ok(save(app, &Actor::user(user), rec, facts, change, "publication.edit").await?))
}

/// An action with its particulars checked as the workflow needs them — the scheduled day and the
/// validity day within the plausible range, a replacing document of the same agency — then
/// performed. Shared by the publication page and `POST /api/v1/publications/{id}/actions`.
pub async fn perform_checked(
    app: &App,
    user: &User,
    rec: &PublicationRecord,
    action: &Action,
) -> Result<PublicationRecord, Error> {
    let on = match action {
        Action::Schedule { on } | Action::SetValidity { on: Some(on), .. } => Some(*on),
        _ => None,
    };
    if let Some(on) = on {
        gongkai_domain::dates::check("日期", on, today(app))
            .map_err(|e| Error::invalid("on", gongkai_domain::dates::ImplausibleDate::CODE, e.message))?;
    }
    if let Action::SetValidity { replaced_by: Some(r), .. } = action {
        match app.store.get_publication(*r).await? {
            Some(p) if p.agency_id == rec.agency_id && p.id != rec.id => {}
            _ => return Err(Error::invalid("replaced_by", "bad_link", "替代文件不存在或不属于本机关")),
        }
    }
    perform(app, user, rec, action).await
}

/// Checks and reads attachment uploads: size, type by content (PDF, DOCX, XLSX, text/CSV,
/// images; the extension must match), text extracted for search and the scanner (in a
/// sandboxed child process, see [`crate::sandbox`]).
pub async fn check_attachments(files: Vec<(String, String, Vec<u8>)>) -> Result<Vec<NewAttachment>, Error> {
    let mut out = Vec::new();
    for (_, name, data) in files {
        let name = clean_file_name(&name);
        if data.len() > MAX_ATTACHMENT_BYTES {
            return Err(Error::Rejected {
                kind: Rejection::TooLarge,
                code: "file_too_large",
                message: format!("附件“{name}”超过 {} MB 的大小限制。", MAX_ATTACHMENT_BYTES >> 20),
            });
        }
        let extracted =
            crate::sandbox::extract(name.clone(), data.clone()).await.map_err(|e| Error::Rejected {
                kind: Rejection::UnsupportedType,
                code: e.code_static(),
                message: format!("附件“{name}”：{}", e.message),
            })?;
        use gongkai_search::extract::AttachmentKind as K;
        let content_type = match extracted.kind {
            K::Pdf => "application/pdf",
            K::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            K::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            K::Text if name.to_lowercase().ends_with(".csv") => "text/csv; charset=utf-8",
            K::Text => "text/plain; charset=utf-8",
            K::Html => "text/html; charset=utf-8",
            K::Image => "application/octet-stream",
        };
        out.push(NewAttachment { name, content_type: content_type.into(), data, text: extracted.text });
    }
    Ok(out)
}

/// The search document of a public publication.
pub fn search_doc(
    rec: &PublicationRecord,
    agency: Option<&Agency>,
    atts: &[Attachment],
) -> Option<SearchDoc> {
    let c = &rec.facts.content;
    Some(SearchDoc {
        id: rec.id,
        index_number: rec.index_number.clone().unwrap_or_default(),
        title: c.title.clone(),
        doc_number: (!c.document_number.is_empty()).then(|| c.document_number.clone()),
        agency_id: rec.agency_id,
        agency_name: agency.map(|a| a.name.clone()).unwrap_or_default(),
        category: c.topic.clone(),
        genre: c.genre.label_zh().to_owned(),
        validity: rec.facts.validity.status.label_zh().to_owned(),
        published_on: rec.facts.published_on?,
        body: html_to_text(&c.body_html),
        attachments_text: atts.iter().map(|a| a.text.as_str()).collect::<Vec<_>>().join("\n"),
        url: format!("/publications/{}", rec.id),
    })
}

/// The search index of the process. Set at start-up by the binary (on disk); when nothing was
/// set (tests, tools), the first use builds an in-memory index from the database.
#[derive(Default)]
pub struct SearchHandle {
    inner: RwLock<Option<Arc<SearchIndex>>>,
    build: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for SearchHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SearchHandle")
    }
}

impl SearchHandle {
    /// Installs an index (the binary does this with the on-disk index).
    pub fn install(&self, index: Arc<SearchIndex>) {
        if let Ok(mut g) = self.inner.write() {
            *g = Some(index);
        }
    }
    fn current(&self) -> Option<Arc<SearchIndex>> {
        self.inner.read().ok().and_then(|g| g.clone())
    }
}

/// The index, built in memory from the database on first use when none was installed.
pub async fn search_index(app: &App) -> Result<Arc<SearchIndex>, Error> {
    if let Some(i) = app.search.current() {
        return Ok(i);
    }
    let _guard = app.search.build.lock().await;
    if let Some(i) = app.search.current() {
        return Ok(i);
    }
    let index = Arc::new(SearchIndex::in_memory().map_err(search_err)?);
    rebuild(app, &index).await?;
    app.search.install(index.clone());
    Ok(index)
}

fn search_err(e: gongkai_search::SearchError) -> Error {
    tracing::error!(error = %e, "search index error");
    Error::SearchUnavailable
}

/// Rebuilds `index` from every public publication; returns the number indexed.
pub async fn rebuild(app: &App, index: &SearchIndex) -> Result<usize, Error> {
    let marker = app.store.catalog_marker().await?;
    let agencies = app.store.list_agencies().await?;
    let ids: Vec<i64> = agencies.iter().map(|a| a.id).collect();
    let mut docs = Vec::new();
    let mut offset = 0;
    loop {
        let filter = gongkai_store::PublicationFilter {
            agency_ids: ids.clone(),
            states: vec![PublicationState::Published],
            limit: 500,
            offset,
            ..Default::default()
        };
        let (_, items) = app.store.list_publications(&filter).await?;
        if items.is_empty() {
            break;
        }
        offset += items.len() as i64;
        for it in items {
            let Some(rec) = app.store.get_publication(it.id).await? else { continue };
            let atts = app.store.attachments(rec.id).await?;
            let agency = agencies.iter().find(|a| a.id == rec.agency_id);
            docs.extend(search_doc(&rec, agency, &atts));
        }
    }
    // Published annual reports are found by search too (issue 13).
    for d in app.store.published_reports(&ids).await? {
        let agency = agencies.iter().find(|a| a.id == d.agency_id);
        docs.extend(report_search_doc(&d, agency));
    }
    let n = index.rebuild(docs).map_err(search_err)?;
    index.commit_with_marker(&marker).map_err(search_err)?;
    Ok(n)
}

/// Search documents of annual reports use ids above this, one per agency and year, so that a
/// corrected version replaces the one before it and no publication id is ever hit.
const REPORT_SEARCH_ID_BASE: i64 = 1_000_000_000_000;

/// The search document of a published annual report (its locked snapshot).
pub fn report_search_doc(d: &gongkai_store::ReportDoc, agency: Option<&Agency>) -> Option<SearchDoc> {
    let snap = d.snapshot.as_deref()?;
    let doc: gongkai_annual::AnnualDocument = serde_json::from_str(snap).ok()?;
    let body = doc
        .sections
        .iter()
        .flat_map(|s| std::iter::once(s).chain(s.parts.iter()))
        .flat_map(|s| s.paragraphs())
        .collect::<Vec<_>>()
        .join("\n");
    Some(SearchDoc {
        id: REPORT_SEARCH_ID_BASE + d.agency_id * 10_000 + i64::from(d.year),
        index_number: String::new(),
        title: doc.title(),
        doc_number: None,
        agency_id: d.agency_id,
        agency_name: agency.map(|a| a.name.clone()).unwrap_or_default(),
        category: "综合政务\\政务公开".to_owned(),
        genre: "年度报告".to_owned(),
        validity: "有效".to_owned(),
        published_on: d.published_on.unwrap_or_default(),
        body,
        attachments_text: String::new(),
        url: format!("/agencies/{}/annual-reports/{}", d.agency_id, d.year),
    })
}

/// After a report is locked and published: index it (a failure is logged; the next start-up
/// rebuilds the index).
pub async fn index_report_after_lock(app: &App, agency_id: i64, year: i32) {
    let result = async {
        let index = search_index(app).await?;
        let Some(d) = app.store.annual_report(agency_id, year).await?.filter(|d| d.locked) else {
            return Ok(());
        };
        let agency = app.store.get_agency(agency_id).await?;
        if let Some(doc) = report_search_doc(&d, agency.as_ref()) {
            index.upsert(&doc).map_err(search_err)?;
        }
        let marker = app.store.catalog_marker().await?;
        index.commit_with_marker(&marker).map_err(search_err)?;
        Ok::<(), Error>(())
    }
    .await;
    if let Err(e) = result {
        tracing::error!(agency = agency_id, year, error = %e, "report not indexed; the index is rebuilt at the next start");
    }
}

/// After the database commit: upsert (public) or remove (not public) the item and commit the
/// index with the store's marker. A failure is logged; the next start-up rebuilds.
pub async fn index_after_commit(app: &App, rec: &PublicationRecord) {
    let result = async {
        let index = search_index(app).await?;
        if rec.facts.is_public() {
            let atts = app.store.attachments(rec.id).await?;
            let agency = app.store.get_agency(rec.agency_id).await?;
            if let Some(doc) = search_doc(rec, agency.as_ref(), &atts) {
                index.upsert(&doc).map_err(search_err)?;
            }
        } else {
            index.remove(rec.id).map_err(search_err)?;
        }
        let marker = app.store.catalog_marker().await?;
        index.commit_with_marker(&marker).map_err(search_err)?;
        Ok::<(), Error>(())
    }
    .await;
    if let Err(e) = result {
        tracing::error!(publication = rec.id, error = %e, "search index not updated; it is rebuilt at the next start");
    }
}

/// Opens the on-disk index in `dir` (creating it, or recreating a damaged one), rebuilds it
/// when it is new, was recreated, or its marker differs from the database's (a change committed
/// to the database but not to the index), and installs it. Returns the number of items indexed
/// by a rebuild, `None` when the index was current.
pub async fn open_search(app: &App, dir: &std::path::Path, force: bool) -> Result<Option<usize>, Error> {
    let (index, outcome) = SearchIndex::open(dir).map_err(search_err)?;
    let index = Arc::new(index);
    let marker = app.store.catalog_marker().await?;
    let current = index.committed_marker().map_err(search_err)?;
    let rebuilt = if force || outcome.needs_rebuild() || current.as_deref() != Some(marker.as_str()) {
        tracing::info!(outcome = ?outcome, "rebuilding the search index from the database");
        Some(rebuild(app, &index).await?)
    } else {
        None
    };
    app.search.install(index);
    Ok(rebuilt)
}

/// Publishes every scheduled item whose day has come (system actor). Returns how many.
pub async fn release_due(app: &App) -> Result<usize, Error> {
    let agencies = app.store.list_agencies().await?;
    let day = today(app);
    let filter = gongkai_store::PublicationFilter {
        agency_ids: agencies.iter().map(|a| a.id).collect(),
        states: vec![PublicationState::Scheduled],
        scheduled_by: Some(day),
        limit: 1000,
        ..Default::default()
    };
    let (_, items) = app.store.list_publications(&filter).await?;
    let mut n = 0;
    for it in items {
        let Some(rec) = app.store.get_publication(it.id).await? else { continue };
        let atts = app.store.attachments(rec.id).await?;
        let settings = app.store.catalog_settings(rec.agency_id).await?;
        let now = now_rfc3339();
        let ctx = ActionContext {
            roles: &[],
            actor_name: "系统（定时发布）",
            today: day,
            now: &now,
            unresolved_findings: unresolved(&scan(&rec.facts, &atts, &scan_settings(&settings))),
        };
        match dom::apply(&rec.facts, &Action::Release, &ctx) {
            Ok(next) => {
                save(app, &Actor::system(), &rec, next, Change::default(), "publication.release").await?;
                n += 1;
            }
            Err(r) => {
                tracing::warn!(publication = rec.id, reason = %r.message, "scheduled publication held back")
            }
        }
    }
    Ok(n)
}

/// Starts the background task that releases scheduled publications (every five minutes).
pub fn spawn_sweeps(app: App) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            match release_due(&app).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(released = n, "scheduled publications released"),
                Err(e) => tracing::warn!(error = %e, "scheduled release failed"),
            }
        }
    });
}

/// The built-in 公开指南 text used until an agency writes its own (条例 第十二条 contents).
pub fn default_guide_text() -> &'static str {
    "一、信息分类与编排体系\n本机关主动公开的政府信息按主题分类、体裁分类和发布机构编排，每条信息标注索引号、标题、发布机构、文号、成文日期、发布日期和有效性。\n\n二、主动公开\n属于主动公开范围的政府信息，自该信息形成或者变更之日起20个工作日内，通过本平台“政府信息公开目录”及时公开（《中华人民共和国政府信息公开条例》第二十六条）。\n\n三、依申请公开\n公民、法人或者其他组织可以通过本平台在线提交政府信息公开申请，也可以当面、邮寄或传真提交。本机关自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日（条例第三十三条）。\n\n四、监督和救济\n公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼（条例第五十一条）。"
}

/// Interpretations (政策解读) of `rec` in any state but withdrawn — drafted alongside the policy
/// (三同步) counts, not only published ones. For the review reminder.
pub async fn interpretations_in_progress(app: &App, rec: &PublicationRecord) -> Result<usize, Error> {
    let filter = gongkai_store::PublicationFilter {
        agency_ids: vec![rec.agency_id],
        limit: 5_000,
        ..Default::default()
    };
    let (_, items) = app.store.list_publications(&filter).await?;
    Ok(items
        .iter()
        .filter(|p| p.interprets_id == Some(rec.id) && p.state != dom::PublicationState::Withdrawn)
        .count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitising_keeps_structure_and_drops_scripts() {
        let out = sanitize_body(
            "<p onclick=\"x()\">一</p><script>alert(1)</script><a href=\"javascript:x\">链</a><img src=x>",
        );
        assert_eq!(out, "<p>一</p><a rel=\"noopener noreferrer nofollow\">链</a>");
        assert_eq!(
            sanitize_body("第一段\n第二行\n\n第二段 <"),
            "<p>第一段<br>第二行</p>\n<p>第二段 &lt;</p>"
        );
    }

    #[test]
    fn html_becomes_lines_of_text() {
        assert_eq!(
            html_to_text("<p>甲&amp;乙</p><p>丙<br>丁</p><table><tr><td>1</td><td>2</td></tr></table>"),
            "甲&乙\n丙\n丁\n1\t2"
        );
    }
}
