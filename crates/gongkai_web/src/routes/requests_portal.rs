//! The public side of 依申请公开: the application form of each agency, the receipt, and the
//! tracking pages (受理编号 + 查询码, no account). Forms carry a double-submit CSRF token (the
//! same cookie as the login form); tracking failures are rate-limited per client and say
//! nothing about whether a number exists.

use crate::AppState;
use crate::auth::{self, LOGIN_CSRF_COOKIE, append_set_cookie, set_cookie};
use crate::edge::ClientAddr;
use crate::error::{AppError, PageError};
use crate::routes::requests_api::lookup;
use crate::view::{agency_json, site_json};
use crate::view::{file_response, letter_response};
use axum::Form;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::letters;
use gongkai_app::requests::{self as svc, Intake};
use gongkai_domain::agency::FieldError;
use gongkai_domain::clock::Channel;
use gongkai_domain::request::validate;
use gongkai_store::{Actor, FileRole};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;

fn form_token(headers: &HeaderMap) -> String {
    auth::double_submit_token(headers, LOGIN_CSRF_COOKIE)
}

fn with_token_cookie(state: &AppState, token: &str, status: StatusCode, html: Html<String>) -> Response {
    let mut resp = (status, html).into_response();
    append_set_cookie(
        resp.headers_mut(),
        set_cookie(LOGIN_CSRF_COOKIE, token, Duration::from_secs(4 * 3600), state.config.cookie_secure),
    );
    resp
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
            format!("{}已停用，不再受理政府信息公开申请，请向承接其职能的机关提出申请。", agency.name),
        ));
    }
    Ok((agency, site_json(agencies.iter().find(|a| a.parent_id.is_none()))))
}

fn errors_map(errors: &[FieldError]) -> HashMap<&'static str, String> {
    let mut m = HashMap::new();
    for e in errors {
        m.entry(e.field).or_insert_with(|| e.message.clone());
    }
    m
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
) -> Result<Response, PageError> {
    let token = form_token(headers);
    // The form's one-time key is kept across re-renders (issue 13: one form, one request).
    let key = values
        .get("submission_key")
        .and_then(Value::as_str)
        .and_then(svc::SubmissionKey::parse)
        .unwrap_or_else(svc::SubmissionKey::generate);
    let ctx = json!({
        "site": site,
        "agency": agency_json(agency),
        "submission_key": key.as_str(),
        "v": values,
        "errors": errors_map(errors),
        "error_list": errors.iter().map(|e| json!({"field": e.field, "label": gongkai_domain::request::field_label_zh(e.field), "message": e.message})).collect::<Vec<_>>(),
        "top_error": top_error,
        "choices": svc::form_choices(),
        "csrf_token": token,
        "max_mb": svc::MAX_FILE_BYTES >> 20,
        "max_files": svc::MAX_FILES,
    });
    let html = state.templates.render("portal_apply.html", ctx)?;
    let mut resp = with_token_cookie(state, &token, status, html);
    // The page holds the form's one-time key: never cache it.
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// The receipt page after filing (`repeat`: the same form was posted again and nothing new was
/// filed; the first receipt is shown).
fn receipt(
    state: &AppState,
    site: Value,
    agency: &gongkai_store::Agency,
    rec: &gongkai_store::RequestRecord,
    code: &str,
    repeat: bool,
) -> Result<Response, PageError> {
    let ctx = json!({
        "site": site,
        "agency": agency_json(agency),
        "number": rec.number,
        "code": code,
        "repeat": repeat,
        "submitted_on": letters::zh_date(rec.facts.submitted_on),
        "applicant_name": rec.facts.application.applicant.name,
        "description": rec.facts.application.description,
        "form_label": rec.facts.application.form.label_zh(),
        "delivery_label": rec.facts.application.delivery.label_zh(),
    });
    let mut resp = state.templates.render("portal_receipt.html", ctx)?.into_response();
    // The page shows the secret 查询码: never cache it.
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

pub async fn apply_form(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let (agency, site) = load_agency(&state, &id).await?;
    // 在线获取 (download with the 受理编号 and 查询码) needs nothing more than the form asks: no
    // e-mail address is required of someone who gives none (issue 13).
    let defaults = json!({"kind": "natural_person", "id_type": "resident_id", "form": "electronic", "delivery": "online"});
    render_form(&state, &headers, site, &agency, defaults, &[], None, StatusCode::OK)
}

pub async fn apply(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Response, PageError> {
    let (agency, site) = load_agency(&state, &id).await?;
    let mp = multipart
        .map_err(|_| AppError::new(StatusCode::BAD_REQUEST, "bad_form", "表单数据不完整，请重新提交。"))?;
    let form = crate::multipart::read_multipart(mp, |t| check_token(&headers, t)).await?;
    let key = svc::SubmissionKey::parse(&form.get("submission_key"));
    // The same form posted again: show the first receipt, file nothing (issue 13).
    if let Some(k) = &key
        && let Some(rec) = state.store.find_request_by_submission(agency.id, &k.hash()).await?
    {
        return receipt(&state, site, &agency, &rec, &k.tracking_code(), true);
    }
    let values = json!(form.fields);
    let input = crate::multipart::application_input(&form);
    let application = match validate(&input) {
        Ok(a) => a,
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
            );
        }
    };
    let mut files = Vec::new();
    for (_, name, data) in form.files {
        match svc::check_upload(FileRole::Application, &name, data) {
            Ok(f) => files.push(f),
            Err(e) => {
                // Keep everything typed; only the file must be chosen again.
                let e = AppError::from(e);
                return render_form(&state, &headers, site, &agency, values, &[], Some(e.message), e.status);
            }
        }
    }
    let intake = Intake {
        agency: agency.clone(),
        application,
        channel: Channel::Online,
        submitted_on: svc::today(&state),
        received_on: None,
        files,
    };
    let actor = Actor { name: "public:portal".into(), user_id: None, agency_id: Some(agency.id) };
    let (rec, code, repeat) = match &key {
        Some(k) => svc::submit_once(&state, &actor, intake, k).await?,
        None => {
            let (rec, code) = svc::submit(&state, &actor, intake).await?;
            (rec, code, false)
        }
    };
    receipt(&state, site, &agency, &rec, &code, repeat)
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
    code: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let token = form_token(headers);
    let ctx = json!({
        "site": crate::view::site_context(state).await?,
        "number": number,
        "code": code,
        "r": view,
        "error": error,
        "csrf_token": token,
    });
    let html = state.templates.render("portal_track.html", ctx)?;
    let mut resp = with_token_cookie(state, &token, status, html);
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

pub async fn track_form(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, PageError> {
    render_track(&state, &headers, "", None, "", None, StatusCode::OK).await
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
            let view = svc::tracking_view(&state, &rec).await?;
            render_track(&state, &headers, &rec.number, Some(view), f.code.trim(), None, StatusCode::OK).await
        }
        Err(e) if e.status == StatusCode::NOT_FOUND => {
            render_track(&state, &headers, f.number.trim(), None, "", Some(e.message), StatusCode::NOT_FOUND)
                .await
        }
        Err(e) => Err(e.into()),
    }
}

/// A letter of the applicant's own request (POST with number and code, so the code never
/// appears in a URL). `format=docx` downloads the Word file.
pub async fn track_letter(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    check_token(&headers, &get("csrf_token"))?;
    let rec = lookup(&state, &client, &get("number"), &get("code")).await?;
    let letter =
        state.store.get_letter(id).await?.filter(|l| l.request_id == rec.id && l.kind.to_applicant());
    let letter = letter.ok_or_else(AppError::not_found)?;
    let agency = state.store.get_agency(rec.agency_id).await?.ok_or_else(AppError::not_found)?;
    let format = crate::view::LetterFormat::from_param(&get("format"));
    letter_response(&state, &agency.name, &rec.number, &letter, format, None).await
}

/// A released file of the applicant's own request.
pub async fn track_file(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Result<Response, PageError> {
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    check_token(&headers, &get("csrf_token"))?;
    let rec = lookup(&state, &client, &get("number"), &get("code")).await?;
    let (meta, data) = state.store.get_file(id).await?.ok_or_else(AppError::not_found)?;
    if meta.owner != format!("request:{}", rec.id) || meta.role != FileRole::Released {
        return Err(AppError::not_found().into());
    }
    Ok(file_response(&meta, data))
}
