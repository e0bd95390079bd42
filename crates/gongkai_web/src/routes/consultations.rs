//! 意见征集 (issue 16) on the portal, the staff console and the API. The rules are
//! `gongkai_app::consultations`; these handlers parse, call and render.

use crate::AppState;
use crate::auth::{self, LOGIN_CSRF_COOKIE, Staff, append_set_cookie, set_cookie};
use crate::edge::{ApiPath, ClientAddr};
use crate::error::{ApiError, AppError, PageError};
use crate::view::{console_context, merge, site_context};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use gongkai_app::consultations as svc;
use gongkai_domain::agency::FieldError;
use gongkai_domain::public_consultation::{Adoption, PublicConsultationKind};
use gongkai_store::{Agency, PublicConsultation, PublicConsultationComment, PublicationFilter};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::time::Duration;
use utoipa::ToSchema;

fn agency_name(agencies: &[Agency], id: i64) -> String {
    agencies.iter().find(|a| a.id == id).map(|a| a.name.clone()).unwrap_or_default()
}

fn summary_json(state: &AppState, c: &PublicConsultation, agencies: &[Agency]) -> Value {
    let st = svc::state(state, c);
    json!({
        "id": c.id, "title": c.title, "agency_id": c.agency_id, "agency": agency_name(agencies, c.agency_id),
        "kind": c.kind.key(), "kind_label": c.kind.label(),
        "opens_on": c.opens_on.to_string(), "closes_on": c.closes_on.to_string(),
        "state": st.key(), "state_label": st.label(),
        "feedback_published_on": c.feedback_published_on.map(|d| d.to_string()),
    })
}

fn comment_json(m: &PublicConsultationComment) -> Value {
    json!({
        "id": m.id, "name": m.name, "body": m.body, "created_on": m.created_at.with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("UTC+8")).date_naive().to_string(),
        "decision": m.decision.map(Adoption::key), "decision_label": m.decision.map(Adoption::label),
        "reason": m.reason,
    })
}

fn errors_map(errors: &[FieldError]) -> HashMap<&'static str, String> {
    let mut m = HashMap::new();
    for e in errors {
        m.entry(e.field).or_insert_with(|| e.message.clone());
    }
    m
}

// ---------------------------------------------------------------------------------------------
// Portal

/// `/consultations`: every consultation, open ones first.
pub async fn list(State(state): State<AppState>) -> Result<Html<String>, PageError> {
    let agencies = state.store.list_agencies().await?;
    let mut items: Vec<Value> = state
        .store
        .list_consultations(&[])
        .await?
        .iter()
        .map(|c| summary_json(&state, c, &agencies))
        .collect();
    items.sort_by_key(|v| match v["state"].as_str() {
        Some("open") => 0,
        Some("upcoming") => 1,
        _ => 2,
    });
    let ctx = json!({"site": site_context(&state).await?, "nav": "consultations", "items": items});
    Ok(Html(state.templates.render("portal_consultations.html", ctx)?.0))
}

async fn render_page(
    state: &AppState,
    headers: &HeaderMap,
    id: i64,
    form: (&str, &str),
    errors: &[FieldError],
    notice: Option<&str>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let c = svc::public(state, id).await?;
    let agencies = state.store.list_agencies().await?;
    let comments = state.store.list_comments(c.id).await?;
    let published = c.feedback_published_on.is_some();
    let final_doc = match c.final_publication_id {
        Some(p) => {
            state.store.get_publication(p).await?.map(|r| json!({"id": r.id, "title": r.facts.content.title}))
        }
        None => None,
    };
    let counts = |a: Adoption| comments.iter().filter(|m| m.decision == Some(a)).count();
    let token = auth::double_submit_token(headers, LOGIN_CSRF_COOKIE);
    let ctx = json!({
        "site": site_context(state).await?,
        "nav": "consultations",
        "c": summary_json(state, &c, &agencies),
        "summary": c.summary, "body": c.body,
        "minimum": svc::rules(state).minimum_zh(c.kind),
        "received": comments.len(),
        "feedback": published.then_some(&c.feedback),
        "comments": if published { comments.iter().map(comment_json).collect::<Vec<_>>() } else { vec![] },
        "adopted": counts(Adoption::Adopted), "partly": counts(Adoption::PartlyAdopted), "not_adopted": counts(Adoption::NotAdopted),
        "final_doc": final_doc,
        "form": {"name": form.0, "body": form.1},
        "errors": errors_map(errors),
        "error_list": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
        "notice": notice,
        "csrf_token": token,
    });
    let html = state.templates.render("portal_consultation.html", ctx)?;
    let mut resp = (status, html).into_response();
    append_set_cookie(
        resp.headers_mut(),
        set_cookie(LOGIN_CSRF_COOKIE, &token, Duration::from_secs(4 * 3600), state.config.cookie_secure),
    );
    Ok(resp)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SentQuery {
    sent: Option<String>,
}

/// `/consultations/{id}`: the draft, the comment form while open, the 采纳情况 once published.
pub async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<SentQuery>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let notice =
        q.sent.is_some().then_some("您的意见已提交，感谢参与。意见征集结束后，本机关将公布意见采纳情况。");
    render_page(&state, &headers, id, ("", ""), &[], notice, StatusCode::OK).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CommentForm {
    csrf_token: String,
    name: String,
    body: String,
}

/// A comment from the form; errors re-render the page with the text kept.
pub async fn comment(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<CommentForm>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    if !auth::double_submit_ok(&headers, LOGIN_CSRF_COOKIE, &f.csrf_token) {
        return Err(AppError::csrf().into());
    }
    crate::edge::charge_public_writing(&state, "comment", &client)?;
    match svc::comment(&state, id, &f.name, &f.body).await {
        Ok(_) => Ok(Redirect::to(&format!("/consultations/{id}?sent=1#comment-form")).into_response()),
        Err(gongkai_app::Error::NotFound) => Err(AppError::not_found().into()),
        Err(e) => {
            let field = match &e {
                gongkai_app::Error::Invalid { field: Some(f), .. } => f,
                _ => "body",
            };
            let err = FieldError::new(field, e.code(), e.message());
            let status = AppError::from(e).status;
            render_page(&state, &headers, id, (&f.name, &f.body), &[err], None, status).await
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Staff

/// `/staff/consultations`: the agency's consultations and a new one.
pub async fn staff_list(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    render_new(&state, &staff, &svc::PublicConsultationForm::default(), &[], StatusCode::OK).await
}

async fn render_new(
    state: &AppState,
    staff: &Staff,
    form: &svc::PublicConsultationForm,
    errors: &[FieldError],
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = staff.user();
    let agencies = state.store.list_agencies().await?;
    let items: Vec<Value> = state
        .store
        .list_consultations(&[user.agency_id])
        .await?
        .iter()
        .map(|c| summary_json(state, c, &agencies))
        .collect();
    let rules = svc::rules(state);
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "consultations",
            "items": items,
            "may_manage": svc::may_manage(user),
            "kinds": PublicConsultationKind::ALL.iter().map(|k| json!({"key": k.key(), "label": k.label(), "minimum": rules.minimum_zh(*k)})).collect::<Vec<_>>(),
            "form": {"kind": form.kind, "title": form.title, "summary": form.summary, "body": form.body, "opens_on": form.opens_on, "closes_on": form.closes_on},
            "errors": errors_map(errors),
            "error_list": errors.iter().map(|e| json!({"field": e.field, "message": e.message})).collect::<Vec<_>>(),
        }),
    );
    Ok((status, state.templates.render("staff_consultations.html", ctx)?).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NewForm {
    csrf_token: String,
    kind: String,
    title: String,
    summary: String,
    body: String,
    opens_on: String,
    closes_on: String,
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    Form(f): Form<NewForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let form = svc::PublicConsultationForm {
        kind: f.kind,
        title: f.title,
        summary: f.summary,
        body: f.body,
        opens_on: f.opens_on,
        closes_on: f.closes_on,
    };
    match svc::create(&state, staff.user(), &form).await? {
        Ok(c) => Ok(Redirect::to(&format!("/staff/consultations/{}", c.id)).into_response()),
        Err(errors) => render_new(&state, &staff, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY).await,
    }
}

async fn render_detail(
    state: &AppState,
    staff: &Staff,
    id: i64,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let user = staff.user();
    let c = svc::readable(state, user, id).await?;
    let agencies = state.store.list_agencies().await?;
    let comments = state.store.list_comments(c.id).await?;
    let own = c.agency_id == user.agency_id;
    let (_, published) = state
        .store
        .list_publications(&PublicationFilter {
            agency_ids: vec![c.agency_id],
            states: vec![gongkai_domain::catalog::PublicationState::Published],
            limit: 50,
            ..Default::default()
        })
        .await?;
    let ctx = merge(
        console_context(state, staff).await?,
        json!({
            "nav": "consultations",
            "c": summary_json(state, &c, &agencies),
            "summary": c.summary, "body": c.body, "feedback": c.feedback,
            "comments": comments.iter().map(comment_json).collect::<Vec<_>>(),
            "undecided": comments.iter().filter(|m| m.decision.is_none()).count(),
            "decisions": Adoption::ALL.iter().map(|a| json!({"key": a.key(), "label": a.label()})).collect::<Vec<_>>(),
            "may_decide": own && svc::may_manage(user) && c.feedback_published_on.is_none(),
            "may_publish": own && svc::may_publish(user) && c.feedback_published_on.is_none(),
            "publications": published.iter().map(|p| json!({"id": p.id, "title": p.title})).collect::<Vec<_>>(),
            "error": error,
        }),
    );
    Ok((status, state.templates.render("staff_consultation.html", ctx)?).into_response())
}

pub async fn staff_page(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    render_detail(&state, &staff, id, None, StatusCode::OK).await
}

/// A refusal of a staff action: the page again with the message; other errors as pages.
async fn staff_refusal(
    state: &AppState,
    staff: &Staff,
    id: i64,
    e: gongkai_app::Error,
) -> Result<Response, PageError> {
    match e {
        gongkai_app::Error::Invalid { .. } | gongkai_app::Error::Refused(_) => {
            let err = AppError::from(e);
            render_detail(state, staff, id, Some(err.message), err.status).await
        }
        other => Err(AppError::from(other).into()),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecideForm {
    csrf_token: String,
    decision: String,
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    Path((id, cid)): Path<(i64, i64)>,
    Form(f): Form<DecideForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    match svc::decide(&state, staff.user(), id, cid, &f.decision, &f.reason).await {
        Ok(_) => Ok(Redirect::to(&format!("/staff/consultations/{id}#comment-{cid}")).into_response()),
        Err(e) => staff_refusal(&state, &staff, id, e).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedbackForm {
    csrf_token: String,
    feedback: String,
    final_publication_id: String,
}

pub async fn publish_feedback(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<i64>,
    Form(f): Form<FeedbackForm>,
) -> Result<Response, PageError> {
    staff.verify_csrf(&f.csrf_token)?;
    let final_id = f.final_publication_id.trim().parse::<i64>().ok();
    match svc::publish_feedback(&state, staff.user(), id, &f.feedback, final_id).await {
        Ok(_) => Ok(Redirect::to(&format!("/consultations/{id}#feedback")).into_response()),
        Err(e) => staff_refusal(&state, &staff, id, e).await,
    }
}

// ---------------------------------------------------------------------------------------------
// API

/// Consultations: `[{id, title, agency_id, agency, kind, opens_on, closes_on, state: "upcoming" | "open" | "closed", …}]`.
#[utoipa::path(get, path = "/api/v1/consultations", tag = "engagement",
    responses((status = 200, description = "every consultation")))]
pub async fn api_list(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let agencies = state.store.list_agencies().await?;
    let items = state.store.list_consultations(&[]).await?;
    Ok(Json(Value::Array(items.iter().map(|c| summary_json(&state, c, &agencies)).collect())))
}

/// One consultation with its draft; once closed, the comments with each one's decision (null
/// until decided); once published, the feedback and the final document.
#[utoipa::path(get, path = "/api/v1/consultations/{id}", tag = "engagement",
    params(("id" = i64, Path)),
    responses((status = 200, description = "the consultation"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn api_get(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let c = svc::public(&state, id).await?;
    let agencies = state.store.list_agencies().await?;
    let mut v = summary_json(&state, &c, &agencies);
    v["summary"] = json!(c.summary);
    v["body"] = json!(c.body);
    let comments = state.store.list_comments(c.id).await?;
    v["received"] = json!(comments.len());
    if svc::state(&state, &c) == gongkai_domain::public_consultation::PublicConsultationState::Closed {
        v["comments"] = json!(comments.iter().map(comment_json).collect::<Vec<_>>());
    }
    if c.feedback_published_on.is_some() {
        v["feedback"] = json!(c.feedback);
        v["final_publication_id"] = json!(c.final_publication_id);
    }
    Ok(Json(v))
}

/// A comment: `{name, body}` (name optional: 匿名).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CommentBody {
    pub name: String,
    pub body: String,
}

/// Comment on an open consultation. `201 {id}`; `409 consultation_closed` / `consultation_not_open`;
/// `422` for an empty, long, marked-up or repeated comment (`comment_duplicate`).
#[utoipa::path(post, path = "/api/v1/consultations/{id}/comments", tag = "engagement", request_body = CommentBody,
    params(("id" = i64, Path)),
    responses((status = 201, description = "{id}"), (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn api_comment(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiPath(id): ApiPath<i64>,
    body: Result<Json<CommentBody>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Json(b) = body.map_err(|e| crate::edge::json_error_as(e, "invalid_comment", "意见格式不正确"))?;
    crate::edge::charge_public_writing(&state, "comment", &client)?;
    let m = svc::comment(&state, id, &b.name, &b.body).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": m.id}))))
}
