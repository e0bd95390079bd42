//! Helpers shared by the page and API handlers (issue 12: no handler module imports another):
//! the console and site shells, JSON views of agencies, users and publications, downloads with
//! a safe `Content-Disposition`, letters as pages or DOCX, the HTML error page.

use crate::AppState;
use crate::auth::Staff;
use crate::error::{AppError, PageError};
use crate::letters::{self, zh_date};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_domain::catalog::{statutory_item, topic_main, topic_number};
use gongkai_domain::role::Role;
use gongkai_store::{Agency, Attachment, PublicationRecord, User};
use serde_json::{Value, json};

pub fn user_json(u: &User) -> Value {
    json!({
        "id": u.id,
        "username": u.username,
        "display_name": u.display_name,
        "agency_id": u.agency_id,
        "roles": u.roles.iter().map(|r| json!({"key": r.as_str(), "label": r.label()})).collect::<Vec<_>>(),
        "active": u.active,
        "created_at": u.created_at.to_rfc3339(),
    })
}

/// The console shell's data: the user, their agency, and the CSRF token forms must carry.
pub async fn console_context(state: &AppState, staff: &Staff) -> Result<Value, AppError> {
    let agency = state.store.get_agency(staff.user().agency_id).await?.ok_or_else(AppError::not_found)?;
    Ok(json!({
        "me": user_json(staff.user()),
        "is_admin": staff.user().has(Role::Admin),
        "is_supervisor": staff.user().has(Role::Supervisor),
        "agency": agency_json(&agency),
        "csrf_token": staff.0.csrf_token,
    }))
}

pub fn merge(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

/// The agency whose portal this is: the first agency without a parent.
pub async fn portal_agency(state: &AppState) -> Result<Option<Agency>, AppError> {
    Ok(state.store.list_agencies().await?.into_iter().find(|a| a.parent_id.is_none()))
}

/// The site shell's data: the portal agency's name and its disclosure office's contacts.
pub async fn site_context(state: &AppState) -> Result<Value, AppError> {
    Ok(site_json(portal_agency(state).await?.as_ref()))
}

/// The site shell's data from an already loaded portal agency.
pub fn site_json(portal: Option<&Agency>) -> Value {
    match portal {
        Some(a) => json!({"name": a.name, "contact": a.contact, "configured": true}),
        None => json!({"name": "政府信息公开平台", "contact": Value::Null, "configured": false}),
    }
}

pub fn agency_json(a: &Agency) -> Value {
    json!({
        "id": a.id,
        "name": a.name,
        "level": a.level.as_str(),
        "level_label": a.level.label(),
        "kind": a.kind.as_str(),
        "kind_label": a.kind.label(),
        "code": a.code,
        "parent_id": a.parent_id,
        "contact": a.contact,
        "auto_confirm_online": a.auto_confirm_online,
        "letters": a.letters,
    })
}

/// A stored file as a download (never rendered inline: the type is only what was sniffed).
pub fn file_response(meta: &gongkai_store::StoredFile, data: Vec<u8>) -> Response {
    let ct = HeaderValue::from_str(&meta.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let disposition = content_disposition(&meta.name);
    let mut resp = data.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, ct);
    h.insert(header::CONTENT_DISPOSITION, disposition);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    resp
}

/// `attachment; filename="…"; filename*=UTF-8''…` with the name percent-encoded.
pub fn content_disposition(name: &str) -> HeaderValue {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    HeaderValue::from_str(&format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or(HeaderValue::from_static("attachment"))
}

/// A letter as a printable page or a DOCX download.
pub fn letter_response(
    state: &AppState,
    agency_name: &str,
    number: &str,
    letter: &gongkai_store::Letter,
    docx: bool,
    back: Option<String>,
) -> Result<Response, PageError> {
    if docx {
        let bytes = letters::docx(&letter.title, &format!("（受理编号：{number}）"), &letter.body);
        let mut resp = bytes.into_response();
        let h = resp.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        );
        h.insert(
            header::CONTENT_DISPOSITION,
            content_disposition(&format!("{}-{number}.docx", letter.title)),
        );
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
        return Ok(resp);
    }
    let paras = letters::paragraphs(&letter.body);
    let n = paras.len();
    let ctx = json!({
        "agency_name": agency_name,
        "title": letter.title,
        "number": number,
        "paragraphs": paras.iter().enumerate().map(|(i, p)| json!({"lines": p, "signature": i + 1 == n && n > 1, "salutation": i == 0})).collect::<Vec<_>>(),
        "back": back,
    });
    let mut resp = state.templates.render("letter.html", ctx)?.into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(resp)
}

/// The HTML error page of `err` on a page at `path` (a login redirect for `unauthenticated`).
pub async fn error_page(state: &AppState, path: &str, err: AppError) -> Response {
    let path = path.to_string();
    if err.code == "unauthenticated" {
        let next = if path.starts_with("/staff") { path } else { "/staff".into() };
        return Redirect::to(&format!("/staff/login?next={}", urlencode(&next))).into_response();
    }
    let ctx = serde_json::json!({
        "site": site_context(state).await.unwrap_or_default(),
        "status": err.status.as_u16(),
        "code": err.code,
        "message": err.message,
    });
    match state.templates.render("error.html", ctx) {
        Ok(html) => (err.status, html).into_response(),
        Err(_) => (err.status, err.message).into_response(),
    }
}

pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The JSON a page needs about one publication (metadata block, body, attachments).
pub fn publication_json(rec: &PublicationRecord, agency: Option<&Agency>, atts: &[Attachment]) -> Value {
    let f = &rec.facts;
    let c = &f.content;
    json!({
        "id": rec.id,
        "index_number": rec.index_number,
        "title": c.title,
        "document_number": c.document_number,
        "formed_on": zh_date(c.formed_on),
        "formed_on_iso": c.formed_on.to_string(),
        "published_on": f.published_on.map(zh_date),
        "published_on_iso": f.published_on.map(|d| d.to_string()),
        "scheduled_on": f.scheduled_on.map(zh_date),
        "topic": c.topic,
        "topic_main": topic_main(&c.topic),
        "topic_number": topic_number(topic_main(&c.topic)),
        "genre": c.genre.label_zh(),
        "genre_key": c.genre.key(),
        "mode": f.mode.label_zh(),
        "summary": c.summary,
        "keywords": c.keywords,
        "statutory": c.statutory.iter().filter_map(|k| statutory_item(k)).map(|i| i.label).collect::<Vec<_>>(),
        "body_html": c.body_html,
        "validity": f.validity.status.label_zh(),
        "validity_key": f.validity.status.key(),
        "validity_ended_on": f.validity.ended_on.map(zh_date),
        "validity_note": f.validity.note,
        "effective_on": c.effective_on.map(zh_date),
        "replaced_by": f.validity.replaced_by,
        "interprets": c.interprets,
        "withdrawal": f.withdrawal.as_ref().map(|w| json!({"on": zh_date(w.on), "reason": w.reason})),
        "agency": agency.map(agency_json),
        "attachments": atts.iter().map(|a| json!({"id": a.id, "name": a.name, "size": crate::requests::size_label(a.size)})).collect::<Vec<_>>(),
    })
}

/// A download of a public attachment (always `attachment`, `nosniff` from the router).
pub fn attachment_response(meta: &Attachment, data: Vec<u8>) -> Response {
    let ct = HeaderValue::from_str(&meta.content_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut resp = data.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, ct);
    h.insert(header::CONTENT_DISPOSITION, content_disposition(&meta.name));
    resp
}
