//! The 留言/找错 API (issue 16). Public, fixed shapes — extend, never rename:
//! `POST /api/v1/messages`, `GET /api/v1/messages/track`, `GET /api/v1/messages` (published
//! exchanges only). Filing is limited per client (`AppState::message_limiter`) like the form;
//! tracking failures share the requests' per-client budget.

use crate::AppState;
use crate::edge::{ApiQuery, ClientAddr};
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_app::messages as svc;
use gongkai_domain::agency::FieldError;
use gongkai_domain::message::{MessageInput, validate};
use gongkai_store::{Actor, Agency, MessageRecord};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

/// A 留言 or 找错 filed online.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewMessageDto {
    /// The agency's id, or its exact name.
    #[schema(value_type = String)]
    pub agency: Value,
    /// `message` (留言, default) | `error_report` (找错)
    pub kind: Option<String>,
    pub subject: String,
    /// Plain text, at most 2000 characters; HTML is refused.
    pub body: String,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// `online` (default) | `phone` | `email`: the contact of that channel is then required.
    pub reply_by: Option<String>,
    /// The writer agrees that the exchange is published (personal data masked).
    pub public: bool,
    /// 找错: the page concerned.
    pub page_url: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageCreatedDto {
    /// 留言编号
    pub number: String,
    /// 查询码: shown once; keep it to follow the message.
    pub tracking_code: String,
    /// 答复期限 (YYYY-MM-DD)
    pub due_on: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HopDto {
    pub agency: String,
    pub received_on: String,
    pub due_on: String,
    pub closed_on: Option<String>,
    /// `transferred` | `replied` | `spam`; absent while open
    pub end: Option<String>,
    /// 转办说明
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageTrackDto {
    pub number: String,
    /// `message` | `error_report`
    pub kind: String,
    pub subject: String,
    /// `received` | `transferred` | `replied` | `published` | `spam`
    pub status: String,
    pub status_label: String,
    pub received_on: String,
    /// The current agency's reply due date
    pub due_on: String,
    pub agency: String,
    pub reply: Option<String>,
    pub replied_on: Option<String>,
    /// Every agency that held it, in order (转办 trail)
    pub hops: Vec<HopDto>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MessageTrackQuery {
    /// 留言编号
    pub number: Option<String>,
    /// 查询码
    pub code: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedMessageDto {
    pub number: String,
    pub kind: String,
    pub agency_id: i64,
    pub agency: String,
    /// Masked texts as published
    pub subject: String,
    pub body: String,
    pub reply: String,
    pub received_on: String,
    pub replied_on: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageStatsDto {
    pub received: i64,
    pub answered: i64,
    pub answered_on_time: i64,
    pub transferred: i64,
    pub spam: i64,
    pub open: i64,
    pub overdue: i64,
    /// Mean working days from receipt to reply
    pub average_days: Option<f64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedListDto {
    pub total: i64,
    pub page: i64,
    pub items: Vec<PublishedMessageDto>,
    /// The agency's figures for the year (with `agency` only)
    pub stats: Option<MessageStatsDto>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PublishedQuery {
    /// The agency's id
    pub agency: Option<i64>,
    /// The year of the figures (default: this year)
    pub year: Option<i32>,
    /// 1-based page of 20
    pub page: Option<String>,
}

/// The JSON path of a validated field.
fn validation_error(errors: &[FieldError]) -> Response {
    let list: Vec<Value> =
        errors.iter().map(|e| json!({"field": e.field, "code": e.code, "message": e.message})).collect();
    let body = json!({
        "error": {"code": errors[0].code, "message": errors[0].message, "field": errors[0].field},
        "errors": list,
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// Finds a message by number and code, counting failures per client (the requests' tracking
/// budget); the same 404 for an unknown number and a wrong code.
pub async fn lookup(
    state: &AppState,
    client: &str,
    number: &str,
    code: &str,
) -> Result<MessageRecord, AppError> {
    if !state.track_limiter.allowed("track", client) {
        return Err(AppError::rate_limited());
    }
    match svc::find_by_code(state, number, code).await? {
        Some(rec) => {
            state.track_limiter.record_success("track", client);
            Ok(rec)
        }
        None => {
            state.track_limiter.record_failure("track", client);
            Err(AppError::new(StatusCode::NOT_FOUND, "not_found", "留言编号或查询码不正确。"))
        }
    }
}

fn find_agency(agencies: &[Agency], v: &Value) -> Option<Agency> {
    match v {
        Value::Number(n) => n.as_i64().and_then(|id| agencies.iter().find(|a| a.id == id)),
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(id) => agencies.iter().find(|a| a.id == id),
            Err(_) => agencies.iter().find(|a| a.name == s.trim()),
        },
        _ => None,
    }
    .cloned()
}

/// File a 留言 or 找错 online.
#[utoipa::path(post, path = "/api/v1/messages", tag = "messages", request_body = NewMessageDto,
    responses((status = 201, body = MessageCreatedDto),
              (status = 422, description = "invalid field, or the same text within 24 hours (`duplicate_message`)", body = crate::error::ErrorBody),
              (status = 429, description = "too many filings from this client", body = crate::error::ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    body: Result<Json<NewMessageDto>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(dto) = body.map_err(crate::edge::json_error)?;
    let agencies = state.store.list_agencies().await?;
    let agency = find_agency(&agencies, &dto.agency).filter(|a| a.active).ok_or_else(|| {
        AppError::invalid("agency", "unknown_agency", "找不到该机关：请填写机关编号或准确的机关全称")
    })?;
    let input = MessageInput {
        kind: dto.kind.unwrap_or_else(|| "message".into()),
        subject: dto.subject,
        body: dto.body,
        name: dto.name.unwrap_or_default(),
        phone: dto.phone.unwrap_or_default(),
        email: dto.email.unwrap_or_default(),
        reply_by: dto.reply_by.unwrap_or_default(),
        public: dto.public,
        page_url: dto.page_url.unwrap_or_default(),
    };
    let submission = match validate(&input) {
        Ok(s) => s,
        Err(errors) => return Ok(validation_error(&errors)),
    };
    crate::edge::charge_public_writing(&state, "message", &client)?;
    let actor = Actor { name: "public:api".into(), user_id: None, agency_id: Some(agency.id) };
    let (rec, code) = svc::submit(&state, &actor, &agency, submission).await?;
    let dto =
        MessageCreatedDto { number: rec.number, tracking_code: code, due_on: rec.facts.due_on().to_string() };
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

/// Follow a 留言 with its 留言编号 and 查询码. A wrong code answers 404 like an unknown number;
/// repeated failures are rate-limited (429).
#[utoipa::path(get, path = "/api/v1/messages/track", tag = "messages", params(MessageTrackQuery),
    responses((status = 200, body = MessageTrackDto), (status = 404, body = crate::error::ErrorBody),
              (status = 429, body = crate::error::ErrorBody)))]
pub async fn track(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiQuery(q): ApiQuery<MessageTrackQuery>,
) -> Result<Json<MessageTrackDto>, ApiError> {
    let rec =
        lookup(&state, &client, q.number.as_deref().unwrap_or(""), q.code.as_deref().unwrap_or("")).await?;
    let f = &rec.facts;
    Ok(Json(MessageTrackDto {
        number: rec.number.clone(),
        kind: f.submission.kind.key().into(),
        subject: f.submission.subject.clone(),
        status: f.state.key().into(),
        status_label: f.state.label_zh().into(),
        received_on: f.received_on.to_string(),
        due_on: f.due_on().to_string(),
        agency: f.current().agency_name.clone(),
        reply: f.reply.as_ref().map(|r| r.text.clone()),
        replied_on: f.replied_on().map(|d| d.to_string()),
        hops: f
            .hops
            .iter()
            .map(|h| HopDto {
                agency: h.agency_name.clone(),
                received_on: h.received_on.to_string(),
                due_on: h.due_on.to_string(),
                closed_on: h.closed_on.map(|d| d.to_string()),
                end: h.end.map(|e| e.key().to_owned()),
                note: h.note.clone(),
            })
            .collect(),
    }))
}

/// Published exchanges (masked), newest reply first; with `agency`, that agency's and its
/// figures for the current year.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", params(PublishedQuery),
    responses((status = 200, body = PublishedListDto), (status = 400, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<PublishedQuery>,
) -> Result<Json<PublishedListDto>, ApiError> {
    let page = crate::edge::api_page(q.page.as_deref())?;
    let (total, items) = svc::public_list(&state, q.agency, page).await?;
    let stats = match q.agency {
        Some(id) => {
            state.store.get_agency(id).await?.ok_or_else(AppError::not_found)?;
            let year = q.year.unwrap_or_else(|| chrono::Datelike::year(&state.today()));
            let s = svc::year_stats(&state, id, year).await?;
            Some(MessageStatsDto {
                received: s.received,
                answered: s.answered,
                answered_on_time: s.answered_on_time,
                transferred: s.transferred,
                spam: s.spam,
                open: s.open,
                overdue: s.overdue,
                average_days: s.average_days.map(|d| (d * 10.0).round() / 10.0),
            })
        }
        None => None,
    };
    let s = |v: &Value, k: &str| v[k].as_str().unwrap_or_default().to_owned();
    Ok(Json(PublishedListDto {
        total,
        page,
        items: items
            .iter()
            .map(|v| PublishedMessageDto {
                number: s(v, "number"),
                kind: s(v, "kind"),
                agency_id: v["agency_id"].as_i64().unwrap_or_default(),
                agency: s(v, "agency_name"),
                subject: s(v, "subject"),
                body: s(v, "body"),
                reply: s(v, "reply"),
                received_on: s(v, "received_on"),
                replied_on: v["replied_on"].as_str().map(str::to_owned),
            })
            .collect(),
        stats,
    }))
}
