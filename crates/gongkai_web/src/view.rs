//! Helpers shared by the page and API handlers (issue 12: no handler module imports another):
//! the console and site shells, JSON views of agencies, users and publications, downloads with
//! a safe `Content-Disposition`, letters as pages or DOCX, the HTML error page.

use crate::AppState;
use crate::auth::Staff;
use crate::error::{AppError, PageError};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use gongkai_app::letters::{self, zh_date};
use gongkai_domain::catalog::{statutory_item, topic_main, topic_number};
use gongkai_domain::role::Role;
use gongkai_store::{Agency, Attachment, PublicationRecord, User};
use serde_json::{Value, json};
use std::collections::HashMap;

pub fn user_json(u: &User) -> Value {
    json!({
        "id": u.id,
        "username": u.username,
        "display_name": u.display_name,
        "agency_id": u.agency_id,
        "roles": u.roles.iter().map(|r| json!({"key": r.as_str(), "label": r.label()})).collect::<Vec<_>>(),
        "active": u.active,
        "must_change_password": u.must_change_password,
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
        Some(a) => json!({"name": a.name, "contact": a.contact, "configured": true, "identity": a.site}),
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
        "profile": a.profile,
        "departments": a.profile.departments.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>(),
        "active": a.active,
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

/// How a letter is delivered to the browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterFormat {
    /// A page to read and print (A4 when printed; a screen page on a phone).
    Page,
    Docx,
    /// Typeset like a 公文 (issue 13: applicants on a phone download PDF as well as Word).
    Pdf,
}

impl LetterFormat {
    /// `format=docx|pdf` from a form or query; anything else is the page.
    pub fn from_param(p: &str) -> Self {
        match p {
            "docx" => LetterFormat::Docx,
            "pdf" => LetterFormat::Pdf,
            _ => LetterFormat::Page,
        }
    }
}

pub fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_DISPOSITION, content_disposition(file_name));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    resp
}

/// A letter as a printable page, a DOCX or a PDF download.
pub async fn letter_response(
    state: &AppState,
    agency_name: &str,
    number: &str,
    letter: &gongkai_store::Letter,
    format: LetterFormat,
    back: Option<String>,
) -> Result<Response, PageError> {
    let paras = letters::paragraphs(&letter.body);
    let n = paras.len();
    match format {
        LetterFormat::Docx => {
            let bytes = letters::docx(&letter.title, &format!("（受理编号：{number}）"), &letter.body);
            let ct = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            Ok(download(bytes, ct, &format!("{}-{number}.docx", letter.title)))
        }
        LetterFormat::Pdf => {
            use gongkai_annual::LetterPart;
            let parts: Vec<(LetterPart, Vec<String>)> = paras
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let kind = if i + 1 == n && n > 1 {
                        LetterPart::Signature
                    } else if i == 0 {
                        LetterPart::Salutation
                    } else {
                        LetterPart::Body
                    };
                    (kind, p.clone())
                })
                .collect();
            let (title, subtitle, agency) =
                (letter.title.clone(), format!("（受理编号：{number}）"), agency_name.to_owned());
            // Typesetting is CPU work: off the async runtime.
            let bytes = tokio::task::spawn_blocking(move || {
                gongkai_annual::letter_to_pdf(&title, &subtitle, &agency, &parts)
            })
            .await
            .map_err(|_| AppError::internal())?
            .map_err(|e| {
                tracing::error!(error = %e, "letter PDF failed");
                AppError::internal()
            })?;
            Ok(download(bytes, "application/pdf", &format!("{}-{number}.pdf", letter.title)))
        }
        LetterFormat::Page => {
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
    }
}

/// The HTML error page of `err` on a page at `path` (a login redirect for `unauthenticated`).
pub async fn error_page(state: &AppState, path: &str, err: AppError) -> Response {
    let path = path.to_string();
    if err.code == "unauthenticated" {
        let next = if path.starts_with("/staff") { path } else { "/staff".into() };
        return Redirect::to(&format!("/staff/login?next={}", urlencode(&next))).into_response();
    }
    if err.code == "password_change_required" {
        return Redirect::to("/staff/password?required=1").into_response();
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
        "attachments": atts.iter().map(|a| json!({"id": a.id, "name": a.name, "size": gongkai_app::requests::size_label(a.size)})).collect::<Vec<_>>(),
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

/// The 操作 column in Chinese; the stable code stays as secondary text on the page.
pub fn audit_action_zh(action: &str) -> String {
    if let Some(kind) = action.strip_prefix("request.")
        && let Some(k) = gongkai_domain::request::ActionKind::from_key(kind)
    {
        return format!("申请办理：{}", k.label_zh());
    }
    if let Some(kind) = action.strip_prefix("publication.")
        && let Some(k) = gongkai_domain::catalog::ActionKind::from_key(kind)
    {
        return format!("主动公开：{}", k.label_zh());
    }
    let zh = match action {
        "auth.login" => "登录",
        "auth.login_failed" => "登录失败",
        "auth.logout" => "退出登录",
        "agency.create" => "新建机关",
        "agency.update_contact" => "修改机关联系信息",
        "agency.auto_confirm_online" => "设置网上申请自动确认",
        "agency.letter_settings" => "修改文书设置（复议机关、缴纳方式）",
        "user.create" => "新建工作人员账号",
        "user.set_password" => "设置密码",
        "user.set_roles" => "修改工作人员角色",
        "user.activate" => "启用工作人员账号",
        "user.deactivate" => "停用工作人员账号",
        "user.update" => "修改工作人员账号",
        "calendar.import_year" => "导入工作日历",
        "request.create" => "登记政府信息公开申请",
        "file.add" => "上传附件",
        "letter_template.put" => "修改文书模板",
        "case.create" => "登记复议诉讼案件",
        "case.update" => "更新复议诉讼案件",
        "annual_report.save" => "保存年度报告草稿",
        "annual_report.lock" => "锁定并发布年度报告",
        "annual_report.new_version" => "生成年度报告更正版本",
        "register.add" => "登记工作台账",
        "register.delete" => "删除工作台账条目",
        "publication.create" => "新建主动公开信息",
        "publication.edit" => "修改主动公开信息",
        "publication.release" => "定时发布主动公开信息",
        "catalog.settings" => "修改公开目录设置",
        "message.create" => "收到留言",
        "message.reply" => "答复留言",
        "message.transfer" => "转办留言",
        "message.spam" => "标记无效留言",
        "message.publish" => "公开留言",
        "message.unpublish" => "撤销公开留言",
        "agency.message_settings" => "修改留言答复期限",
        other => other,
    };
    zh.to_owned()
}

/// The 操作人 column: a staff member's name, or who else acted.
pub fn audit_actor_zh(actor: &str, people: &HashMap<String, String>) -> String {
    if let Some(name) = people.get(actor) {
        return name.clone();
    }
    // Through an API token (issue 14): the person and the token.
    if let Some((user, token)) = actor.split_once(gongkai_store::TOKEN_MARK) {
        let who = people.get(user).cloned().unwrap_or_else(|| user.to_owned());
        return format!("{who}（接口令牌“{token}”）");
    }
    match actor {
        "system" => "系统".into(),
        "public:portal" => "公众（门户网站）".into(),
        "public:api" => "公众（接口）".into(),
        a if a.starts_with("cli:") => format!("命令行（{}）", &a[4..]),
        a => a.to_owned(),
    }
}

/// The 对象 column: `request:12` → 申请 12.
pub fn audit_subject_zh(subject: &str) -> String {
    let Some((kind, id)) = subject.split_once(':') else { return subject.to_owned() };
    let zh = match kind {
        "request" => "申请",
        "user" => "工作人员",
        "agency" => "机关",
        "publication" => "公开信息",
        "case" => "复议诉讼案件",
        "annual_report" => "年度报告",
        "register" => "台账条目",
        "letter_template" => "文书模板",
        "calendar" => "工作日历",
        "session" => "会话",
        "message" => "留言",
        _ => return subject.to_owned(),
    };
    format!("{zh} {id}")
}

/// Before/after summaries: a JSON object is shown as `键：值` pairs with Chinese keys where known.
pub fn audit_summary_zh(text: &str) -> String {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else { return text.to_owned() };
    map.iter()
        .map(|(k, v)| {
            let key = match k.as_str() {
                "client" => "客户端地址",
                "username" => "登录名",
                "reason" => "原因",
                "number" => "受理编号",
                "state" => "状态",
                "title" => "标题",
                "name" => "名称",
                "roles" => "角色",
                "active" => "启用",
                "year" => "年度",
                "version" => "版本",
                other => other,
            };
            let value = match v {
                Value::String(s) => s.clone(),
                Value::Bool(true) => "是".into(),
                Value::Bool(false) => "否".into(),
                other => other.to_string(),
            };
            format!("{key}：{value}")
        })
        .collect::<Vec<_>>()
        .join("；")
}
