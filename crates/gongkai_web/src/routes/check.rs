//! 年报体检 pages: the public checker (`/check`, one file, anyone) and the staff batch checker
//! (`/staff/check`, several files or ZIP archives of them, with the summary workbook).
//!
//! Nothing is stored: uploads are read into memory, checked by `gongkai_check` in a sandboxed
//! child process (see [`gongkai_app::sandbox`]; at most [`gongkai_app::sandbox::CHECK_SLOTS`] checks at a time across the
//! server) and answered. The staff
//! summary workbook is produced by the same POST (a second submit button), so no result is kept
//! between requests and the page works the same behind several server instances.
//!
//! CSRF: the staff form carries the session's token; the public form, which has no session,
//! uses a double-submit cookie like the login form, so other sites cannot make visitors'
//! browsers submit reports here.

use crate::AppState;
use crate::auth::{self, Staff, append_set_cookie, set_cookie};
use crate::error::{AppError, PageError};
use crate::view::site_context;
use crate::view::{console_context, merge};
use axum::extract::multipart::{Multipart, MultipartError, MultipartRejection};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get};
use gongkai_check::read::SourceKind;
use gongkai_check::{FileReport, Severity, finish_batch, write_summary_xlsx};
use gongkai_domain::report::{
    AnnualReport, CaseBlock, CaseColumn, ProactiveColumn, ProactiveRow, ReportFormat, RequestColumn,
    RequestRow,
};
use serde_json::{Value, json};
use std::io::Read;
use std::time::Duration;

/// Largest upload on the public page (one file).
pub const PUBLIC_MAX_BYTES: usize = 20 << 20;
/// Largest request on the staff page (all files and archives together).
pub const STAFF_MAX_BYTES: usize = 60 << 20;
/// Most reports checked in one staff batch (after expanding archives).
pub const MAX_FILES: usize = 100;
/// Most entries a ZIP archive may list (read from its end record before it is opened).
pub const ZIP_MAX_ENTRIES: usize = 1000;
/// Largest uncompressed size of one archive entry.
pub const ZIP_MAX_ENTRY_BYTES: u64 = 20 << 20;
/// Largest uncompressed size of all archive entries of one request together.
pub const ZIP_MAX_TOTAL_BYTES: u64 = 100 << 20;

/// Multipart framing and the small fields around the files.
pub(crate) const FORM_OVERHEAD: usize = 64 << 10;
const CHECK_CSRF_COOKIE: &str = "gongkai_check_csrf";
const CHECK_CSRF_TTL: Duration = Duration::from_secs(4 * 3600);
const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `GET`/`POST /check`, with its upload limit.
pub fn public_routes() -> MethodRouter<AppState> {
    get(public_page).post(public_check).layer(DefaultBodyLimit::max(PUBLIC_MAX_BYTES + FORM_OVERHEAD))
}

/// `GET`/`POST /staff/check`, with its upload limit.
pub fn staff_routes() -> MethodRouter<AppState> {
    get(staff_page).post(staff_check).layer(DefaultBodyLimit::max(STAFF_MAX_BYTES))
}

// ---------------------------------------------------------------------------------------------
// Uploads

/// The fields of a checker form.
#[derive(Debug, Default)]
struct Upload {
    csrf_token: String,
    action: String,
    files: Vec<(String, Vec<u8>)>,
}

#[derive(Debug, PartialEq, Eq)]
enum UploadError {
    TooLarge,
    TooMany,
    Malformed,
    /// The first field was not a valid CSRF token: nothing else was read (issue 11).
    Forbidden,
}

impl UploadError {
    fn of(e: &MultipartError) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::TooLarge
        } else {
            tracing::warn!(error = %e, "refused a malformed checker upload");
            Self::Malformed
        }
    }
}

/// Reads the form as it streams in. The first field must be `csrf_token` and pass `verify`
/// before anything else is read, so a forged post never gets a file buffered (issue 11). Files
/// with neither a name nor content (an empty file input) are dropped.
async fn read_upload(
    mut mp: Multipart,
    max_files: usize,
    verify: impl FnOnce(&str) -> bool,
) -> Result<Upload, UploadError> {
    let mut up = Upload::default();
    let first = mp.next_field().await.map_err(|e| UploadError::of(&e))?.ok_or(UploadError::Forbidden)?;
    if first.name() != Some("csrf_token") || first.file_name().is_some() {
        return Err(UploadError::Forbidden);
    }
    let mut token = String::new();
    let mut first = first;
    while let Some(chunk) = first.chunk().await.map_err(|e| UploadError::of(&e))? {
        if token.len() + chunk.len() > 256 {
            return Err(UploadError::Forbidden);
        }
        token.push_str(std::str::from_utf8(&chunk).map_err(|_| UploadError::Forbidden)?);
    }
    // The field must be released before the next one is asked for.
    drop(first);
    if !verify(&token) {
        return Err(UploadError::Forbidden);
    }
    up.csrf_token = token;
    while let Some(field) = mp.next_field().await.map_err(|e| UploadError::of(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(clean_name);
        match (name.as_str(), file_name) {
            ("csrf_token", None) => {
                field.bytes().await.map_err(|e| UploadError::of(&e))?;
            }
            ("action", None) => up.action = field.text().await.map_err(|e| UploadError::of(&e))?,
            (_, Some(file_name)) => {
                let bytes = field.bytes().await.map_err(|e| UploadError::of(&e))?;
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                if up.files.len() >= max_files {
                    return Err(UploadError::TooMany);
                }
                let file_name = if file_name.is_empty() { "未命名文件".to_owned() } else { file_name };
                up.files.push((file_name, bytes.to_vec()));
            }
            _ => {
                field.bytes().await.map_err(|e| UploadError::of(&e))?;
            }
        }
    }
    Ok(up)
}

/// The last path component of a submitted file name, without control characters, at most 120
/// characters (old browsers send whole paths).
fn clean_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    last.chars().filter(|c| !c.is_control()).take(120).collect::<String>().trim().to_owned()
}

/// Runs CPU-bound work on trusted data (archive expansion, the summary workbook) on the blocking
/// pool, at most [`gongkai_app::sandbox::CHECK_SLOTS`] at a time. The slot is held by the work itself, so it is
/// released only when the work ends, even if the request has timed out meanwhile.
async fn run_blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let permit = gongkai_app::sandbox::SLOTS.acquire().await.map_err(|_| AppError::internal())?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "report check task failed");
        AppError::internal()
    })
}

fn too_large_message(limit: usize) -> String {
    format!(
        "上传的文件过大：本页每次最多接收 {} MB。PDF 可先压缩或改传网页（HTML）、Word（DOCX）版本后再试。",
        limit >> 20
    )
}

const MALFORMED: &str = "没有收到完整的表单，请通过本页的表单重新选择文件后提交。";

// ---------------------------------------------------------------------------------------------
// Public page

pub async fn public_page(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    render_public(&state, &headers, None, None, StatusCode::OK).await
}

pub async fn public_check(
    State(state): State<AppState>,
    headers: HeaderMap,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let refuse = |msg: String, status| render_public(&state, &headers, None, Some(msg), status);
    let Ok(mp) = mp else { return refuse(MALFORMED.to_owned(), StatusCode::BAD_REQUEST).await };
    let up = match read_upload(mp, 1, |t| auth::double_submit_ok(&headers, CHECK_CSRF_COOKIE, t)).await {
        Ok(up) => up,
        Err(UploadError::Forbidden) => {
            tracing::warn!("refused a public check form without a valid CSRF token");
            let msg = "表单已失效或来源无法验证，请重新选择文件后提交。".to_owned();
            return refuse(msg, StatusCode::FORBIDDEN).await;
        }
        Err(UploadError::TooLarge) => {
            return refuse(too_large_message(PUBLIC_MAX_BYTES), StatusCode::PAYLOAD_TOO_LARGE).await;
        }
        Err(UploadError::TooMany) => {
            return refuse("本页每次检查一个文件。".to_owned(), StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(UploadError::Malformed) => return refuse(MALFORMED.to_owned(), StatusCode::BAD_REQUEST).await,
    };
    let Some((name, bytes)) = up.files.into_iter().next() else {
        return refuse("请选择要检查的年报文件。".to_owned(), StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    let size = bytes.len();
    let report = match too_many_entries(&bytes) {
        Some(why) if bytes.starts_with(b"PK") => FileReport::failed(&name, why),
        _ => gongkai_app::sandbox::check(name, bytes).await,
    };
    tracing::info!(bytes = size, readable = report.error.is_none(), "public report check");
    let view = report_view(&report, 1);
    render_public(&state, &headers, Some(view), None, StatusCode::OK).await
}

async fn render_public(
    state: &AppState,
    headers: &HeaderMap,
    result: Option<Value>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    // Double-submit token: reuse the browser's if it has a well-formed one.
    let token = auth::double_submit_token(headers, CHECK_CSRF_COOKIE);
    let ctx = json!({
        "site": site_context(state).await?,
        "nav": "check",
        "csrf_token": token,
        "max_mb": PUBLIC_MAX_BYTES >> 20,
        "result": result,
        "error": error,
    });
    let html = state.templates.render("portal_check.html", ctx)?;
    let mut resp = (status, html).into_response();
    append_set_cookie(
        resp.headers_mut(),
        set_cookie(CHECK_CSRF_COOKIE, &token, CHECK_CSRF_TTL, state.config.cookie_secure),
    );
    Ok(resp)
}

// ---------------------------------------------------------------------------------------------
// Staff page

pub async fn staff_page(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    render_staff(&state, &staff, None, StatusCode::OK).await
}

pub async fn staff_check(
    State(state): State<AppState>,
    staff: Staff,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<Response, PageError> {
    let refuse = |msg: String, status| render_staff(&state, &staff, Some(json!({"error": msg})), status);
    let Ok(mp) = mp else { return refuse(MALFORMED.to_owned(), StatusCode::BAD_REQUEST).await };
    let up = match read_upload(mp, MAX_FILES, |t| staff.verify_csrf(t).is_ok()).await {
        Ok(up) => up,
        Err(UploadError::Forbidden) => return Err(AppError::csrf().into()),
        Err(UploadError::TooLarge) => {
            return refuse(too_large_message(STAFF_MAX_BYTES), StatusCode::PAYLOAD_TOO_LARGE).await;
        }
        Err(UploadError::TooMany) => {
            let msg = format!("一次最多检查 {MAX_FILES} 个文件，请分批上传。");
            return refuse(msg, StatusCode::UNPROCESSABLE_ENTITY).await;
        }
        Err(UploadError::Malformed) => return refuse(MALFORMED.to_owned(), StatusCode::BAD_REQUEST).await,
    };
    if up.files.is_empty() {
        let msg = "请选择要检查的年报文件或 ZIP 压缩包。".to_owned();
        return refuse(msg, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let want_xlsx = up.action == "xlsx";
    let uploaded = up.files.len();
    let expanded = run_blocking(move || expand_archives(up.files)).await?;
    let notes = expanded.notes;
    // Each file in its own sandboxed child, one after the other; then the batch rules.
    let mut reports = Vec::with_capacity(expanded.inputs.len());
    for (name, bytes) in expanded.inputs {
        reports.push(gongkai_app::sandbox::check(name, bytes).await);
    }
    let (reports, xlsx) = run_blocking(move || {
        finish_batch(&mut reports);
        let xlsx = if want_xlsx { Some(write_summary_xlsx(&reports)) } else { None };
        (reports, xlsx)
    })
    .await?;
    tracing::info!(user = %staff.user().username, uploaded, checked = reports.len(), "staff report check");
    match xlsx {
        Some(Ok(bytes)) => return Ok(xlsx_response(bytes)),
        Some(Err(e)) => {
            tracing::error!(error = %e, "summary workbook failed");
            return Err(AppError::internal().into());
        }
        None => {}
    }
    if reports.is_empty() {
        let msg = "压缩包中没有可检查的文件。".to_owned();
        return render_staff(
            &state,
            &staff,
            Some(json!({"error": msg, "notes": notes})),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let views: Vec<Value> = reports.iter().enumerate().map(|(i, r)| report_view(r, i + 1)).collect();
    let totals = json!({
        "files": reports.len(),
        "error": reports.iter().map(|r| r.count(Severity::Error)).sum::<usize>(),
        "warning": reports.iter().map(|r| r.count(Severity::Warning)).sum::<usize>(),
        "info": reports.iter().map(|r| r.count(Severity::Info)).sum::<usize>(),
        "unreadable": reports.iter().filter(|r| r.error.is_some()).count(),
    });
    render_staff(
        &state,
        &staff,
        Some(json!({"reports": views, "notes": notes, "totals": totals})),
        StatusCode::OK,
    )
    .await
}

async fn render_staff(
    state: &AppState,
    staff: &Staff,
    extra: Option<Value>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let mut ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "check",
            "max_mb": STAFF_MAX_BYTES >> 20,
            "max_files": MAX_FILES,
            "zip_max_mb": ZIP_MAX_TOTAL_BYTES >> 20,
        }),
    );
    if let Some(extra) = extra {
        ctx = merge(ctx, extra);
    }
    Ok((status, state.templates.render("staff_check.html", ctx)?).into_response())
}

/// The summary workbook as a download (never cached: it describes the uploaded files).
fn xlsx_response(bytes: Vec<u8>) -> Response {
    let day = (chrono::Utc::now() + chrono::Duration::hours(8)).format("%Y%m%d");
    let zh = crate::view::urlencode(&format!("年报体检汇总-{day}.xlsx"));
    let disposition = format!("attachment; filename=\"nianbao-tijian-{day}.xlsx\"; filename*=UTF-8''{zh}");
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(XLSX_TYPE));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

// ---------------------------------------------------------------------------------------------
// ZIP archives

/// Uploaded files with their ZIP archives replaced by the reports inside.
#[derive(Debug, Default)]
struct Expanded {
    inputs: Vec<(String, Vec<u8>)>,
    /// What was skipped, and why, for the page.
    notes: Vec<String>,
}

/// Replaces every ZIP archive (a ZIP that is not a Word document) by its files. Bounded: at
/// most [`ZIP_MAX_ENTRIES`] entries per archive (checked before the archive is opened), each
/// entry at most [`ZIP_MAX_ENTRY_BYTES`] and all together at most [`ZIP_MAX_TOTAL_BYTES`]
/// uncompressed (counted while inflating, not trusted from the headers), at most [`MAX_FILES`]
/// reports in all. Nothing is written to disk; entry paths only name the reports, so `..` and
/// absolute paths are harmless, and are dropped from the names anyway.
fn expand_archives(files: Vec<(String, Vec<u8>)>) -> Expanded {
    let mut out = Expanded::default();
    let mut budget = ZIP_MAX_TOTAL_BYTES;
    let mut dropped = 0usize;
    for (name, bytes) in files {
        if !bytes.starts_with(b"PK\x03\x04") && !bytes.starts_with(b"PK\x05\x06") {
            push_input(&mut out, &mut dropped, name, bytes);
            continue;
        }
        if let Some(why) = too_many_entries(&bytes) {
            out.notes.push(format!("{name}：{why}，未检查。"));
            continue;
        }
        let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes.as_slice())) else {
            // Not a readable archive: the checker says what is wrong with it.
            push_input(&mut out, &mut dropped, name, bytes);
            continue;
        };
        if zip.index_for_name_raw(b"word/document.xml").is_some() {
            drop(zip);
            push_input(&mut out, &mut dropped, name, bytes);
            continue;
        }
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        let mut skipped: Vec<String> = Vec::new();
        let mut over_budget = 0usize;
        for i in 0..zip.len().min(ZIP_MAX_ENTRIES) {
            let Ok(mut entry) = zip.by_index(i) else {
                skipped.push(format!("第 {} 个条目无法解压（加密或不支持的压缩方式）", i + 1));
                continue;
            };
            if entry.is_dir() || entry.is_symlink() {
                continue;
            }
            let Some(inner) = entry_name(entry.name_raw()) else { continue };
            if entry.size() > ZIP_MAX_ENTRY_BYTES {
                skipped.push(format!("{inner}（超过 {} MB）", ZIP_MAX_ENTRY_BYTES >> 20));
                continue;
            }
            if budget == 0 && entry.size() > 0 {
                over_budget += 1;
                continue;
            }
            let cap = ZIP_MAX_ENTRY_BYTES.min(budget);
            let mut data = Vec::new();
            let read = (&mut entry).take(cap + 1).read_to_end(&mut data);
            if read.is_err() {
                skipped.push(format!("{inner}（无法解压）"));
                continue;
            }
            if data.len() as u64 > cap {
                if cap == budget {
                    over_budget += 1;
                } else {
                    skipped.push(format!("{inner}（解压后超过 {} MB）", ZIP_MAX_ENTRY_BYTES >> 20));
                }
                budget = 0;
                continue;
            }
            budget -= data.len() as u64;
            if data.starts_with(b"PK\x03\x04") && !looks_like_docx(&data) {
                skipped.push(format!("{inner}（压缩包中的压缩包不展开）"));
                continue;
            }
            entries.push((format!("{name}/{inner}"), data));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        if over_budget > 0 {
            skipped.push(format!(
                "另有 {over_budget} 个条目（解压后合计超过 {} MB）",
                ZIP_MAX_TOTAL_BYTES >> 20
            ));
        }
        if entries.is_empty() && skipped.is_empty() {
            out.notes.push(format!("{name}：压缩包是空的。"));
        }
        for (n, b) in entries {
            push_input(&mut out, &mut dropped, n, b);
        }
        if !skipped.is_empty() {
            out.notes.push(format!("{name}：以下条目未检查：{}。", skipped.join("；")));
        }
    }
    if dropped > 0 {
        out.notes.push(format!("一次最多检查 {MAX_FILES} 个文件，另有 {dropped} 个文件未检查，请分批上传。"));
    }
    out
}

fn push_input(out: &mut Expanded, dropped: &mut usize, name: String, bytes: Vec<u8>) {
    if out.inputs.len() < MAX_FILES {
        out.inputs.push((name, bytes));
    } else {
        *dropped += 1;
    }
}

fn looks_like_docx(bytes: &[u8]) -> bool {
    too_many_entries(bytes).is_none()
        && zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .is_ok_and(|z| z.index_for_name_raw(b"word/document.xml").is_some())
}

/// Why a ZIP (an archive or a DOCX) is refused before it is opened: opening reads its whole
/// directory into memory, so the entry count its end record gives is checked first.
fn too_many_entries(bytes: &[u8]) -> Option<String> {
    match eocd_entries(bytes)? {
        0xFFFF => Some("压缩包为 ZIP64 格式或条目过多".to_owned()),
        n if usize::from(n) > ZIP_MAX_ENTRIES => {
            Some(format!("压缩包条目过多（{n} 个，上限 {ZIP_MAX_ENTRIES} 个）"))
        }
        _ => None,
    }
}

/// An entry's display name: its path without empty, `.` and `..` components, decoded as UTF-8
/// or else GBK (archives made on Chinese Windows); `None` for hidden and system files.
fn entry_name(raw: &[u8]) -> Option<String> {
    let decoded = match std::str::from_utf8(raw) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode(raw).0.into_owned(),
    };
    let parts: Vec<&str> =
        decoded.split(['/', '\\']).filter(|p| !p.is_empty() && *p != "." && *p != "..").collect();
    let file = parts.last()?;
    if file.starts_with('.') || parts.first() == Some(&"__MACOSX") || file.eq_ignore_ascii_case("Thumbs.db") {
        return None;
    }
    Some(parts.join("/").chars().filter(|c| !c.is_control()).take(160).collect())
}

/// The entry count in a ZIP's end-of-central-directory record (`0xFFFF` in ZIP64 archives);
/// `None` when there is no such record.
fn eocd_entries(bytes: &[u8]) -> Option<u16> {
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[tail_start..];
    let pos = tail.windows(4).rposition(|w| w == b"PK\x05\x06")?;
    let count = tail.get(pos + 10..pos + 12)?;
    Some(u16::from_le_bytes([count[0], count[1]]))
}

// ---------------------------------------------------------------------------------------------
// What the templates see

/// One file's result as the templates show it.
fn report_view(r: &FileReport, index: usize) -> Value {
    let groups: Vec<Value> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .map(|sev| {
            let items: Vec<Value> = r
                .findings
                .iter()
                .filter(|f| f.severity == sev)
                .map(|f| json!({"rule": f.rule, "message": f.message, "evidence": f.evidence}))
                .collect();
            json!({"key": severity_key(sev), "label": sev.label_zh(), "items": items})
        })
        .collect();
    let tables = r.tables.as_ref();
    json!({
        "anchor": format!("file-{index}"),
        "file": r.file,
        "kind": r.kind.map(kind_label),
        "agency": r.agency,
        "year": r.year,
        "format": r.format.map(ReportFormat::label_zh),
        "published": r.published,
        "error": r.error,
        "counts": {
            "error": r.count(Severity::Error),
            "warning": r.count(Severity::Warning),
            "info": r.count(Severity::Info),
        },
        "groups": groups,
        "table2": tables.and_then(table2_view),
        "table3": tables.and_then(table3_view),
        "table4": tables.and_then(table4_view),
        "legacy": tables.map(legacy_view).unwrap_or_default(),
    })
}

fn severity_key(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "info",
    }
}

fn kind_label(k: SourceKind) -> &'static str {
    match k {
        SourceKind::Text => "文本",
        SourceKind::Html => "网页（HTML）",
        SourceKind::Docx => "Word 文档（DOCX）",
        SourceKind::Pdf => "PDF",
    }
}

const BLANK: &str = "—";

fn cell(v: Option<i64>) -> String {
    v.map_or_else(|| BLANK.to_owned(), |v| v.to_string())
}

/// 表三: the rows of the report's template plus any other row it printed, in form order; a
/// group heading before the outcome rows.
fn table3_view(t: &AnnualReport) -> Option<Value> {
    let t3 = t.table3.as_ref()?;
    let template = if t.format == Some(ReportFormat::Trial2019) {
        RequestRow::trial2019()
    } else {
        RequestRow::national2021()
    };
    let mut rows = Vec::new();
    for row in RequestRow::ALL {
        if !template.contains(&row) && !t3.0.contains_key(&row) {
            continue;
        }
        if row == RequestRow::Granted {
            rows.push(json!({"group": "三、本年度办理结果"}));
        }
        let cells: Vec<String> = RequestColumn::ALL.iter().map(|c| cell(t3.get(row, *c))).collect();
        rows.push(json!({"label": row.label_zh(), "cells": cells}));
    }
    Some(json!({"rows": rows}))
}

/// 表四, one row per block (the printed form lays the blocks side by side).
fn table4_view(t: &AnnualReport) -> Option<Value> {
    let t4 = t.table4.as_ref()?;
    let rows: Vec<Value> = CaseBlock::ALL
        .iter()
        .map(|b| {
            let label = match b {
                CaseBlock::Reconsideration => "行政复议".to_owned(),
                other => format!("行政诉讼：{}", other.label_zh()),
            };
            let cells: Vec<String> = CaseColumn::ALL.iter().map(|c| cell(t4.get(*b, *c))).collect();
            json!({"label": label, "cells": cells})
        })
        .collect();
    let columns: Vec<&str> = CaseColumn::ALL.iter().map(|c| c.label_zh()).collect();
    Some(json!({"columns": columns, "rows": rows}))
}

/// 表二 in parts: consecutive rows with the same columns share a header row; `width` is the
/// most columns of any part (the others are padded).
fn table2_view(t: &AnnualReport) -> Option<Value> {
    let t2 = t.table2.as_ref().filter(|t2| !t2.0.is_empty())?;
    let mut parts: Vec<(Vec<ProactiveColumn>, Vec<Value>)> = Vec::new();
    for (row, cols) in &t2.0 {
        let keys: Vec<ProactiveColumn> = cols.keys().copied().collect();
        let cells: Vec<String> = keys.iter().map(|c| amount(t2.get(*row, *c))).collect();
        let line = json!({"label": row_label(*row, t.format), "cells": cells});
        match parts.last_mut() {
            Some((k, rows)) if *k == keys => rows.push(line),
            _ => parts.push((keys, vec![line])),
        }
    }
    let width = parts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    let parts: Vec<Value> = parts
        .into_iter()
        .map(|(keys, rows)| {
            let columns: Vec<&str> = keys.iter().map(|c| c.label_zh()).collect();
            json!({"columns": columns, "rows": rows})
        })
        .collect();
    Some(json!({"width": width, "parts": parts}))
}

fn row_label(row: ProactiveRow, format: Option<ReportFormat>) -> &'static str {
    if row == ProactiveRow::NormativeDocuments && format == Some(ReportFormat::Trial2019) {
        "规范性文件"
    } else {
        row.label_zh()
    }
}

/// A 表二 figure: whole numbers without decimals, amounts with up to four.
fn amount(v: Option<f64>) -> String {
    match v {
        None => BLANK.to_owned(),
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
        Some(x) => {
            let s = format!("{x:.4}");
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
    }
}

/// Key figures of a legacy (2008-era) report.
fn legacy_view(t: &AnnualReport) -> Vec<Value> {
    let Some(l) = t.legacy.as_ref() else { return Vec::new() };
    [
        ("主动公开政府信息（条）", l.active_disclosed),
        ("主动公开信息历年累计（条）", l.table_active_cumulative),
        ("制作、获取政府信息总数（条）", l.produced_total),
        ("收到公开申请（件）", l.applications),
        ("已答复（件）", l.answered),
        ("同意公开（件）", l.granted),
        ("同意部分公开（件）", l.partially_granted),
        ("不予公开（件）", l.refused),
        ("行政复议（件）", l.reviews),
        ("行政诉讼（件）", l.lawsuits),
        ("收取费用（元）", l.fees_yuan),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.map(|v| json!({"label": label, "value": v})))
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("C:\\Users\\王\\年报.pdf"), "年报.pdf");
        assert_eq!(clean_name("a/b/\u{7}c.txt "), "c.txt");
        let gbk = encoding_rs::GBK.encode("平潭/2011年报.txt").0;
        assert_eq!(entry_name(&gbk).as_deref(), Some("平潭/2011年报.txt"));
        assert_eq!(entry_name(b"../../etc/passwd").as_deref(), Some("etc/passwd"));
        assert_eq!(entry_name(b"/abs/./x.txt").as_deref(), Some("abs/x.txt"));
        assert_eq!(entry_name(b"__MACOSX/x/._a.txt"), None);
        assert_eq!(entry_name(b"dir/.DS_Store"), None);
        assert_eq!(entry_name(b"dir/"), Some("dir".to_owned()));
    }

    #[test]
    fn entry_count_is_read_from_the_end_record() {
        let mut eocd = b"PK\x05\x06\0\0\0\0".to_vec();
        eocd.extend(1001u16.to_le_bytes());
        eocd.extend(1001u16.to_le_bytes());
        eocd.extend([0; 10]);
        assert_eq!(eocd_entries(&eocd), Some(1001));
        assert!(too_many_entries(&eocd).is_some_and(|m| m.contains("1001")));
        eocd[10..12].copy_from_slice(&0xFFFFu16.to_le_bytes());
        assert!(too_many_entries(&eocd).is_some_and(|m| m.contains("ZIP64")));
        eocd[10..12].copy_from_slice(&3u16.to_le_bytes());
        assert_eq!(too_many_entries(&eocd), None);
        assert_eq!(eocd_entries(b"PK\x03\x04 no end record"), None);
    }

    #[test]
    fn figures_are_formatted() {
        assert_eq!(cell(None), "—");
        assert_eq!(amount(Some(7730.28)), "7730.28");
        assert_eq!(amount(Some(5.0)), "5");
        assert_eq!(amount(Some(0.123_456)), "0.1235");
        assert_eq!(amount(None), "—");
    }
}
