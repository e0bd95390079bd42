//! The public side of 留言 and 找错 (issue 16): the form on each agency's portal page (no
//! account), the receipt with 留言编号 + 查询码, tracking, and the public list of published
//! exchanges with each agency's figures. Forms carry the double-submit CSRF token of the
//! request form; filings are limited per client; pages work without JavaScript.

use crate::AppState;
use crate::auth::{self, LOGIN_CSRF_COOKIE, append_set_cookie, set_cookie};
use crate::edge::ClientAddr;
use crate::error::{AppError, PageError};
use crate::routes::messages_api::lookup;
use crate::view::{agency_json, site_context, site_json};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use chrono::Datelike;
use gongkai_app::messages as svc;
use gongkai_app::requests::current_calendar;
use gongkai_domain::agency::FieldError;
use gongkai_domain::message::{MessageInput, field_label_zh, validate};
use gongkai_store::Actor;
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

fn form_token(headers: &HeaderMap) -> String {
    auth::double_submit_token(headers, LOGIN_CSRF_COOKIE)
}

fn no_store(mut resp: Response) -> Response {
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

fn with_token_cookie(state: &AppState, token: &str, status: StatusCode, html: Html<String>) -> Response {
    let mut resp = (status, html).into_response();
    append_set_cookie(
        resp.headers_mut(),
        set_cookie(LOGIN_CSRF_COOKIE, token, Duration::from_secs(4 * 3600), state.config.cookie_secure),
    );
    no_store(resp)
}

fn check_token(headers: &HeaderMap, submitted: &str) -> Result<(), AppError> {
    if auth::double_submit_ok(headers, LOGIN_CSRF_COOKIE, submitted) { Ok(()) } else { Err(AppError::csrf()) }
}

async fn load_agency(state: &AppState, id: &str) -> Result<(gongkai_store::Agency, Value), AppError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let agencies = state.store.list_agencies().await?;
    let agency = agencies.iter().find(|a| a.id == id).cloned().ok_or_else(AppError::not_found)?;
    if !agency.active {
        return Err(AppError::new(
            StatusCode::GONE,
            "agency_inactive",
            format!("{}已停用，不再受理留言。", agency.name),
        ));
    }
    Ok((agency, site_json(agencies.iter().find(|a| a.parent_id.is_none()))))
}

#[allow(clippy::too_many_arguments)]
fn render_form(
    state: &AppState,
    headers: &HeaderMap,
    site: Value,
    agency: &gongkai_store::Agency,
    values: Value,
    errors: &[FieldError],
    top_error: Option<String>,
    status: StatusCode,
    days: gongkai_domain::message::ReplyDays,
) -> Result<Response, PageError> {
    let token = form_token(headers);
    let mut map = HashMap::new();
    for e in errors {
        map.entry(e.field).or_insert_with(|| e.message.clone());
    }
    let kind = values["kind"].as_str().unwrap_or("message").to_owned();
    let ctx = json!({
        "site": site,
        "agency": agency_json(agency),
        "v": values,
        "is_error_report": kind == "error_report",
        "errors": map,
        "error_list": errors.iter().map(|e| json!({"field": e.field, "label": field_label_zh(e.field), "message": e.message})).collect::<Vec<_>>(),
        "top_error": top_error,
        "choices": svc::form_choices(),
        "csrf_token": token,
        "days": days,
    });
    let html = state.templates.render("portal_message_form.html", ctx)?;
    Ok(with_token_cookie(state, &token, status, html))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct KindQuery {
    kind: Option<String>,
}

/// `GET /agencies/{id}/messages/new[?kind=error_report]`
pub async fn form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<KindQuery>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (agency, site) = load_agency(&state, &id).await?;
    let kind = match q.kind.as_deref() {
        Some("error_report") => "error_report",
        _ => "message",
    };
    let defaults = json!({"kind": kind, "reply_by": "online"});
    let days = svc::reply_days(&state, agency.id).await?;
    render_form(&state, &headers, site, &agency, defaults, &[], None, StatusCode::OK, days)
}

/// `POST /agencies/{id}/messages/new`: the receipt, or the form again with every error.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let (agency, site) = load_agency(&state, &id).await?;
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    check_token(&headers, &get("csrf_token"))?;
    let days = svc::reply_days(&state, agency.id).await?;
    let mut values = json!({
        "kind": get("kind"), "subject": get("subject"), "body": get("body"), "name": get("name"),
        "phone": get("phone"), "email": get("email"), "reply_by": get("reply_by"), "page_url": get("page_url"),
        "public": get("public") == "yes",
    });
    let input = MessageInput {
        kind: get("kind"),
        subject: get("subject"),
        body: get("body"),
        name: get("name"),
        phone: get("phone"),
        email: get("email"),
        reply_by: get("reply_by"),
        public: get("public") == "yes",
        page_url: get("page_url"),
    };
    let submission = match validate(&input) {
        Ok(s) => s,
        Err(errors) => {
            return render_form(
                &state,
                &headers,
                site,
                &agency,
                values,
                &errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
                days,
            );
        }
    };
    crate::edge::charge_public_writing(&state, "message", &client)?;
    let actor = Actor { name: "public:portal".into(), user_id: None, agency_id: Some(agency.id) };
    let (rec, code) = match svc::submit(&state, &actor, &agency, submission).await {
        Ok(v) => v,
        Err(e @ gongkai_app::Error::Refused(_)) => {
            let e = AppError::from(e);
            values["public"] = json!(input.public);
            return render_form(
                &state,
                &headers,
                site,
                &agency,
                values,
                &[],
                Some(e.message),
                e.status,
                days,
            );
        }
        Err(e) => return Err(e.into()),
    };
    let f = &rec.facts;
    let ctx = json!({
        "site": site,
        "agency": agency_json(&agency),
        "number": rec.number,
        "code": code,
        "kind_label": f.submission.kind.label_zh(),
        "subject": f.submission.subject,
        "received_on": gongkai_app::letters::zh_date(f.received_on),
        "due_on": gongkai_app::letters::zh_date(f.due_on()),
        "days": days.for_kind(f.submission.kind),
        "reply_by_label": f.submission.reply_by.label_zh(),
        "public": f.submission.public,
    });
    let html = state.templates.render("portal_message_receipt.html", ctx)?;
    Ok(no_store(html.into_response()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrackForm {
    number: String,
    code: String,
    csrf_token: String,
}

async fn render_track(
    state: &AppState,
    headers: &HeaderMap,
    number: &str,
    view: Option<Value>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let token = form_token(headers);
    let ctx = json!({
        "site": site_context(state).await?,
        "nav": "messages",
        "number": number,
        "m": view,
        "error": error,
        "csrf_token": token,
    });
    let html = state.templates.render("portal_message_track.html", ctx)?;
    Ok(with_token_cookie(state, &token, status, html))
}

pub async fn track_form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    render_track(&state, &headers, "", None, None, StatusCode::OK).await
}

pub async fn track(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Form(f): Form<TrackForm>,
) -> Result<Response, PageError> {
    check_token(&headers, &f.csrf_token)?;
    match lookup(&state, &client, &f.number, &f.code).await {
        Ok(rec) => {
            let cal = current_calendar(&state).await?;
            let view = svc::tracking_view(&rec, &cal, state.today());
            render_track(&state, &headers, &rec.number, Some(view), None, StatusCode::OK).await
        }
        Err(e) if e.status == StatusCode::NOT_FOUND => {
            render_track(&state, &headers, f.number.trim(), None, Some(e.message), StatusCode::NOT_FOUND)
                .await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    agency: Option<String>,
    year: Option<String>,
    page: Option<String>,
}

/// `GET /messages[?agency=ID&year=YYYY&page=N]`: published exchanges and, for an agency, its
/// figures for the year.
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let agency = match q.agency.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => {
            let id: i64 = s.parse().map_err(|_| AppError::not_found())?;
            Some(agencies.iter().find(|a| a.id == id).cloned().ok_or_else(AppError::not_found)?)
        }
        None => None,
    };
    let page = crate::edge::page_clamped(q.page.as_deref());
    let this_year = state.today().year();
    let year = q
        .year
        .as_deref()
        .and_then(|y| y.trim().parse::<i32>().ok())
        .filter(|y| (2000..=this_year).contains(y));
    let year = year.unwrap_or(this_year);
    let (total, items) = svc::public_list(&state, agency.as_ref().map(|a| a.id), page).await?;
    let stats = match &agency {
        Some(a) => Some(svc::stats_json(&svc::year_stats(&state, a.id, year).await?)),
        None => None,
    };
    let pages = (total + svc::PAGE_SIZE - 1) / svc::PAGE_SIZE;
    let ctx = json!({
        "site": site_json(agencies.iter().find(|a| a.parent_id.is_none())),
        "nav": "messages",
        "agency": agency.as_ref().map(agency_json),
        "agencies": agencies.iter().filter(|a| a.active).map(|a| json!({"id": a.id, "name": a.name})).collect::<Vec<_>>(),
        "items": items,
        "total": total,
        "page": page,
        "pages": pages,
        "prev": (page > 1).then_some(page - 1),
        "next": (page < pages).then_some(page + 1),
        "stats": stats,
        "year": year,
        "years": (this_year - 4..=this_year).rev().collect::<Vec<_>>(),
    });
    Ok(Html(state.templates.render("portal_messages.html", ctx)?.0))
}
