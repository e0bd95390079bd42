//! The requests API. Two public endpoints keep a fixed shape because other systems (a county
//! portal, a WeChat mini program) call them — extend, never rename:
//! `POST /api/v1/requests` and `GET /api/v1/requests/track`. The staff endpoints use the
//! session cookie; a JSON body (`Content-Type: application/json`, which a cross-site form
//! cannot send without a CORS preflight) stands in for the CSRF token.

use crate::AppState;
use crate::auth::Staff;
use crate::edge::ClientAddr;
use crate::edge::{ApiPath, ApiQuery};
use crate::error::{ApiError, AppError};
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_app::requests::current_calendar;
use gongkai_app::requests::{self as svc, Intake};
use gongkai_domain::clock::Channel;
use gongkai_domain::request::{Action, ApplicantKind, ApplicationInput, RequestState, WaitingOn, validate};
use gongkai_store::{Actor, CaseInput, CaseKind, CaseResult, RequestFilter, RequestOrder};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

/// The applicant of `POST /api/v1/requests`.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ApplicantDto {
    /// `natural_person` | `company` | `research` | `nonprofit` | `legal_service` | `other_org`
    pub kind: String,
    pub name: String,
    /// `resident_id` | `credit_code` | `passport` | `other`
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

/// A disclosure request filed online.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewRequestDto {
    /// The agency's id, or its exact name.
    #[schema(value_type = String)]
    pub agency: Value,
    pub applicant: ApplicantDto,
    /// 所需信息的内容描述
    pub description: String,
    /// 所需信息的名称 (optional)
    pub info_title: String,
    /// 文号 (optional)
    pub doc_number: String,
    /// `paper` | `electronic` | `inspection`
    pub form: String,
    /// `pickup` | `post` | `email` | `online`
    pub delivery: String,
    /// 建议纳入主动公开 (条例 第四十四条第二款).
    #[serde(default)]
    pub suggest_publication: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedDto {
    /// 受理编号
    pub number: String,
    /// 查询码: shown once; keep it to follow the request.
    pub tracking_code: String,
    /// `submitted` (awaiting the agency's confirmation of receipt)
    pub status: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackEventDto {
    pub on: Option<String>,
    pub text: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrackDto {
    pub number: String,
    pub status: String,
    pub status_label: String,
    /// 收到申请之日
    pub received_on: Option<String>,
    /// 当前答复期限
    pub due_on: Option<String>,
    pub outcome: Option<String>,
    pub events: Vec<TrackEventDto>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TrackQuery {
    /// 受理编号
    pub number: Option<String>,
    /// 查询码
    pub code: Option<String>,
}

/// The JSON path of a validated field (`applicant.name`, `description` …).
fn api_field(field: &str) -> String {
    match field {
        "kind" | "name" | "id_type" | "id_number" | "phone" | "email" | "address" => {
            format!("applicant.{field}")
        }
        f => f.to_owned(),
    }
}

fn validation_error(errors: &[gongkai_domain::agency::FieldError]) -> Response {
    let list: Vec<Value> = errors
        .iter()
        .map(|e| json!({"field": api_field(e.field), "code": e.code, "message": e.message}))
        .collect();
    let body = json!({
        "error": {"code": errors[0].code, "message": errors[0].message, "field": api_field(errors[0].field)},
        "errors": list,
    });
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// File a disclosure request (依申请公开) online.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = NewRequestDto,
    responses((status = 201, body = CreatedDto), (status = 422, description = "invalid field", body = crate::error::ErrorBody),
              (status = 404, description = "unknown agency", body = crate::error::ErrorBody)))]
pub async fn create_request(
    State(state): State<AppState>,
    body: Result<Json<NewRequestDto>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(dto) = body.map_err(crate::edge::json_error)?;
    let agencies = state.store.list_agencies().await?;
    let agency = match &dto.agency {
        Value::Number(n) => n.as_i64().and_then(|id| agencies.iter().find(|a| a.id == id)),
        Value::String(s) => match s.trim().parse::<i64>() {
            Ok(id) => agencies.iter().find(|a| a.id == id),
            Err(_) => agencies.iter().find(|a| a.name == s.trim()),
        },
        _ => None,
    }
    .cloned()
    .ok_or_else(|| {
        AppError::invalid("agency", "unknown_agency", "找不到该机关：请填写机关编号或准确的机关全称")
    })?;
    let a = dto.applicant;
    let input = ApplicationInput {
        kind: a.kind,
        name: a.name,
        id_type: a.id_type,
        id_number: a.id_number,
        phone: a.phone,
        email: a.email,
        address: a.address,
        contact_person: String::new(),
        info_title: dto.info_title,
        doc_number: dto.doc_number,
        description: dto.description,
        purpose: String::new(),
        form: dto.form,
        delivery: dto.delivery,
        suggest_publication: dto.suggest_publication,
    };
    let application = match validate(&input) {
        Ok(a) => a,
        Err(errors) => return Ok(validation_error(&errors)),
    };
    let today = svc::today(&state);
    let intake = Intake {
        agency,
        application,
        channel: Channel::Online,
        submitted_on: today,
        received_on: None,
        files: vec![],
    };
    let (rec, code) =
        svc::submit(&state, &Actor { name: "public:api".into(), user_id: None, agency_id: None }, intake)
            .await?;
    let dto = CreatedDto { number: rec.number, tracking_code: code, status: rec.facts.state.key().into() };
    Ok((StatusCode::CREATED, Json(dto)).into_response())
}

/// Follow a request with its 受理编号 and 查询码. A wrong code answers 404, exactly like an
/// unknown number; repeated failures are rate-limited (429).
#[utoipa::path(get, path = "/api/v1/requests/track", tag = "requests", params(TrackQuery),
    responses((status = 200, body = TrackDto), (status = 404, body = crate::error::ErrorBody),
              (status = 429, body = crate::error::ErrorBody)))]
pub async fn track(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiQuery(q): ApiQuery<TrackQuery>,
) -> Result<Json<TrackDto>, ApiError> {
    let rec =
        lookup(&state, &client, q.number.as_deref().unwrap_or(""), q.code.as_deref().unwrap_or("")).await?;
    let v = svc::tracking_view(&state, &rec).await?;
    let s = |k: &str| v[k].as_str().map(str::to_owned);
    Ok(Json(TrackDto {
        number: rec.number.clone(),
        status: rec.facts.state.key().into(),
        status_label: rec.facts.state.label_zh().into(),
        received_on: s("received_on"),
        due_on: s("due_on"),
        outcome: s("outcome"),
        events: v["events"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|e| TrackEventDto {
                        on: e["on"].as_str().map(str::to_owned),
                        text: e["text"].as_str().unwrap_or_default().to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    }))
}

/// Finds a request by number and code, counting failures per client; the same 404 for an
/// unknown number and a wrong code.
pub async fn lookup(
    state: &AppState,
    client: &str,
    number: &str,
    code: &str,
) -> Result<gongkai_store::RequestRecord, AppError> {
    if !state.track_limiter.allowed("track", client) {
        return Err(AppError::rate_limited());
    }
    let number = number.trim();
    let found = if number.is_empty() || number.len() > 40 {
        None
    } else {
        state.store.find_request_by_number(number).await?
    };
    match found {
        Some((rec, hash)) if crate::auth::tokens_equal(&hash, &svc::hash_code(code)) => {
            state.track_limiter.record_success("track", client);
            Ok(rec)
        }
        _ => {
            state.track_limiter.record_failure("track", client);
            Err(AppError::new(StatusCode::NOT_FOUND, "not_found", "受理编号或查询码不正确。"))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    pub state: Option<String>,
    pub waiting: Option<String>,
    pub kind: Option<String>,
    pub channel: Option<String>,
    pub handler: Option<i64>,
    pub year: Option<i32>,
    pub q: Option<String>,
    pub agency: Option<i64>,
    /// 1-based page of 50, at most `edge::MAX_PAGE`.
    pub page: Option<String>,
}

/// Builds a store filter from list parameters, within what `user` may read.
pub fn filter_from(q: &ListQuery, readable: &[i64], own: i64) -> RequestFilter {
    let agency_ids = match q.agency {
        Some(a) if readable.contains(&a) => vec![a],
        Some(_) => vec![],
        None => vec![own],
    };
    let states = match q.state.as_deref() {
        Some("open") | None => RequestState::OPEN.to_vec(),
        Some("all") | Some("") => vec![],
        Some(s) => RequestState::from_key(s).map(|s| vec![s]).unwrap_or_default(),
    };
    RequestFilter {
        agency_ids,
        states,
        handler_id: q.handler,
        applicant_kind: q.kind.as_deref().and_then(ApplicantKind::from_key),
        channel: q.channel.as_deref().and_then(|c| c.parse::<Channel>().ok()),
        waiting_on: q.waiting.as_deref().and_then(WaitingOn::from_key),
        year: q.year,
        q: q.q.clone(),
        order: RequestOrder::Urgency,
        limit: 50,
        offset: crate::edge::offset(crate::edge::page_clamped(q.page.as_deref()), 50),
    }
}

/// Requests of the signed-in staff member's agency (supervisors: `agency=` a subordinate),
/// open ones by default, most urgent first, 50 a page.
#[utoipa::path(get, path = "/api/v1/requests", tag = "requests (staff)",
    responses((status = 200, description = "{total, page, items}"), (status = 401, body = crate::error::ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    ApiQuery(q): ApiQuery<ListQuery>,
) -> Result<Json<Value>, ApiError> {
    let page = crate::edge::api_page(q.page.as_deref())?;
    let agencies = state.store.list_agencies().await?;
    let readable = gongkai_app::access::readable_agencies(&agencies, staff.user());
    let filter = filter_from(&q, &readable, staff.user().agency_id);
    let (total, items) = state.store.list_requests(&filter).await?;
    let cal = current_calendar(&state).await?;
    let settings = svc::clock_settings(&state);
    let today = svc::today(&state);
    let mut out = Vec::with_capacity(items.len());
    for item in &items {
        let facts = state.store.get_request(item.id).await?.map(|r| r.facts);
        out.push(svc::list_item_json(item, facts.as_ref(), &cal, &settings, today, None, None));
    }
    Ok(Json(json!({"total": total, "page": page, "items": out})))
}

/// One request with its clock (计算说明), history, letters, files and the actions allowed now.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "requests (staff)",
    responses((status = 200, description = "the request"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let rec = svc::readable_request(&state, staff.user(), id).await?;
    Ok(Json(detail_json(&state, &rec, staff.user()).await?))
}

pub async fn detail_json(
    state: &AppState,
    rec: &gongkai_store::RequestRecord,
    user: &gongkai_store::User,
) -> Result<Value, AppError> {
    let cal = current_calendar(state).await?;
    let today = svc::today(state);
    let clock = rec.facts.clock(&cal, &svc::clock_settings(state), today, true).and_then(Result::ok);
    let events = state.store.request_events(rec.id).await?;
    let letters = state.store.request_letters(rec.id).await?;
    let files = state.store.list_files(&format!("request:{}", rec.id)).await?;
    let allowed = if rec.agency_id == user.agency_id {
        gongkai_domain::request::allowed_actions(&rec.facts, &user.roles)
    } else {
        vec![]
    };
    Ok(json!({
        "id": rec.id,
        "number": rec.number,
        "agency_id": rec.agency_id,
        "version": rec.version,
        "facts": rec.facts,
        "clock": clock,
        "explanation": clock.as_ref().map(|c| c.explanation_text()),
        "events": events.iter().map(svc::event_json).collect::<Vec<_>>(),
        "letters": letters.iter().map(|l| json!({"id": l.id, "kind": l.kind.key(), "title": l.title, "created_by": l.created_by, "created_at": l.created_at.to_rfc3339()})).collect::<Vec<_>>(),
        "files": files.iter().map(svc::file_json).collect::<Vec<_>>(),
        "allowed_actions": allowed.iter().map(|k| k.key()).collect::<Vec<_>>(),
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ActionBody {
    /// The version the client last read (conflict detection).
    pub version: i64,
    /// The action, e.g. `{"action": "confirm_receipt", "on": "2025-03-04"}`; see the domain's
    /// `Action` for every kind and its fields.
    #[schema(value_type = Object)]
    pub action: Action,
}

/// Perform an action. `409 conflict` if the request changed since `version` or the action is
/// not allowed in its state; `422` with a code when its particulars are wrong; `403` when the
/// role may not (extension needs the approver).
#[utoipa::path(post, path = "/api/v1/requests/{id}/actions", tag = "requests (staff)",
    responses((status = 200, description = "the request after the action, and warnings"),
              (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn act(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    body: Result<Json<ActionBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body.map_err(|e| crate::edge::json_error_as(e, "invalid_action", "操作格式不正确"))?;
    let (rec, warnings) = svc::perform(&state, staff.user(), id, b.version, b.action).await?;
    let mut v = detail_json(&state, &rec, staff.user()).await?;
    v["warnings"] = json!(warnings);
    Ok(Json(v))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CaseBody {
    pub request_id: Option<i64>,
    pub kind: String,
    pub body: String,
    #[serde(default)]
    pub case_number: String,
    #[serde(default)]
    pub applicant: String,
    #[schema(value_type = String, format = Date)]
    pub filed_on: chrono::NaiveDate,
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<chrono::NaiveDate>,
    pub result: String,
    #[serde(default)]
    pub summary: String,
}

/// Checks a case's fields; shared with the register page.
pub fn case_input(agency_id: i64, b: CaseBody, today: chrono::NaiveDate) -> Result<CaseInput, AppError> {
    let kind = CaseKind::from_key(&b.kind)
        .ok_or_else(|| AppError::invalid("kind", "invalid_kind", "请选择案件类型"))?;
    let result = CaseResult::from_key(&b.result)
        .ok_or_else(|| AppError::invalid("result", "invalid_result", "请选择审理结果"))?;
    if b.body.trim().is_empty() {
        return Err(AppError::invalid("body", "required", "请填写复议机关或审理法院"));
    }
    let bounded = |field: &'static str, what: &str, d: chrono::NaiveDate| {
        gongkai_domain::dates::check(what, d, today)
            .map_err(|e| AppError::invalid(field, gongkai_domain::dates::ImplausibleDate::CODE, e.message))
    };
    bounded("filed_on", "立案日期", b.filed_on)?;
    if let Some(c) = b.closed_on {
        bounded("closed_on", "审结日期", c)?;
    }
    if b.filed_on > today {
        return Err(AppError::invalid("filed_on", "future_date", "立案日期不能晚于今天"));
    }
    if b.closed_on.is_some_and(|c| c > today) {
        return Err(AppError::invalid("closed_on", "future_date", "审结日期不能晚于今天"));
    }
    // Text without characters XML cannot hold (the register reaches the annual report's exports).
    let clean = |s: &str| gongkai_domain::text::strip_xml_invalid(s.trim());
    let applicant = clean(&b.applicant);
    if let Err(m) = gongkai_domain::text::check_name(&applicant) {
        return Err(AppError::invalid("applicant", "invalid_characters", m));
    }
    match (result, b.closed_on) {
        (CaseResult::Pending, Some(_)) => {
            return Err(AppError::invalid("closed_on", "pending_closed", "尚未审结的案件不能填写审结日期"));
        }
        (CaseResult::Pending, None) => {}
        (_, None) => return Err(AppError::invalid("closed_on", "required", "已审结的案件请填写审结日期")),
        (_, Some(c)) if c < b.filed_on => {
            return Err(AppError::invalid("closed_on", "before_filed", "审结日期不能早于立案日期"));
        }
        _ => {}
    }
    Ok(CaseInput {
        agency_id,
        request_id: b.request_id,
        kind,
        body: clean(&b.body),
        case_number: clean(&b.case_number),
        applicant,
        filed_on: b.filed_on,
        closed_on: b.closed_on,
        result,
        summary: clean(&b.summary),
    })
}

/// The reconsideration and litigation register (表四's source).
#[utoipa::path(get, path = "/api/v1/cases", tag = "requests (staff)", responses((status = 200, description = "cases")))]
pub async fn list_cases(State(state): State<AppState>, staff: Staff) -> Result<Json<Value>, ApiError> {
    let agencies = state.store.list_agencies().await?;
    let readable = gongkai_app::access::readable_agencies(&agencies, staff.user());
    Ok(Json(json!({"items": state.store.list_cases(&readable).await?})))
}

/// Record a reconsideration or litigation case.
#[utoipa::path(post, path = "/api/v1/cases", tag = "requests (staff)",
    responses((status = 201, description = "the case"), (status = 422, body = crate::error::ErrorBody)))]
pub async fn create_case(
    State(state): State<AppState>,
    staff: Staff,
    body: Result<Json<CaseBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(b) = body.map_err(|e| crate::edge::json_error_as(e, "invalid_case", "格式不正确"))?;
    let user = staff.user();
    if !user.roles.iter().any(|r| {
        matches!(
            r,
            gongkai_domain::role::Role::Editor
                | gongkai_domain::role::Role::Approver
                | gongkai_domain::role::Role::Admin
        )
    }) {
        return Err(AppError::forbidden().into());
    }
    if let Some(rid) = b.request_id {
        let r = svc::readable_request(&state, user, rid).await?;
        if r.agency_id != user.agency_id {
            return Err(AppError::not_found().into());
        }
    }
    let input = case_input(user.agency_id, b, svc::today(&state))?;
    let case = state.store.create_case(&Actor::user(user), input).await?;
    Ok((StatusCode::CREATED, Json(json!(case))).into_response())
}

fn may_handle_cases(user: &gongkai_store::User) -> bool {
    use gongkai_domain::role::Role;
    user.roles.iter().any(|r| matches!(r, Role::Editor | Role::Approver | Role::Admin))
}

/// A case's new record with the version it was read at (the fields of `POST /cases`).
#[derive(Debug, Deserialize, ToSchema)]
pub struct CaseUpdateBody {
    pub version: i64,
    #[serde(flatten)]
    pub case: CaseBody,
}

/// Update a case of the caller's agency (e.g. record its result when it closes). `409` when it
/// changed since `version`.
#[utoipa::path(put, path = "/api/v1/cases/{id}", tag = "requests (staff)", request_body = CaseUpdateBody,
    params(("id" = i64, Path)),
    responses((status = 200, description = "the case"), (status = 404, body = crate::error::ErrorBody),
              (status = 409, body = crate::error::ErrorBody), (status = 422, body = crate::error::ErrorBody)))]
pub async fn update_case(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    body: Result<Json<CaseUpdateBody>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let Json(b) = body.map_err(|e| crate::edge::json_error_as(e, "invalid_case", "格式不正确"))?;
    let user = staff.user();
    let existing = state
        .store
        .get_case(id)
        .await?
        .filter(|c| c.agency_id == user.agency_id)
        .ok_or_else(AppError::not_found)?;
    if !may_handle_cases(user) {
        return Err(AppError::forbidden().into());
    }
    if let Some(rid) = b.case.request_id {
        let r = svc::readable_request(&state, user, rid).await?;
        if r.agency_id != user.agency_id {
            return Err(AppError::not_found().into());
        }
    }
    let input = case_input(user.agency_id, b.case, svc::today(&state))?;
    let case = state.store.update_case(&Actor::user(user), existing.id, b.version, input).await?;
    Ok(Json(json!(case)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FileParams {
    /// The file's name, e.g. `答复材料.pdf`.
    pub name: String,
    /// For requests: `released` (信息提供给申请人), `application` or `scan`.
    pub role: String,
}

/// Add a file to a request (the body is the file): checked as on the page (type, size); a file
/// for the applicant is scanned at once and the answer lists what to fix before delivery.
#[utoipa::path(post, path = "/api/v1/requests/{id}/files", tag = "requests (staff)",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the file"),
    params(("id" = i64, Path), ("name" = String, Query), ("role" = String, Query)),
    responses((status = 201, description = "{files, warnings}"), (status = 413, body = crate::error::ErrorBody),
              (status = 415, body = crate::error::ErrorBody)))]
pub async fn add_request_file(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<FileParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let user = staff.user();
    let rec = svc::readable_request(&state, user, id).await?;
    if rec.agency_id != user.agency_id || !may_handle_cases(user) {
        return Err(AppError::forbidden().into());
    }
    let role = match q.role.as_str() {
        "released" => gongkai_store::FileRole::Released,
        "application" => gongkai_store::FileRole::Application,
        "scan" => gongkai_store::FileRole::Scan,
        _ => {
            return Err(
                AppError::invalid("role", "invalid_role", "role 应为 released、application 或 scan").into()
            );
        }
    };
    if q.name.trim().is_empty() || body.is_empty() {
        return Err(AppError::invalid("name", "required", "请提供文件名和文件内容").into());
    }
    let file = svc::check_upload(role, &q.name, body.to_vec())?;
    state.store.add_files(&Actor::user(user), &format!("request:{id}"), rec.agency_id, vec![file]).await?;
    let warnings = if role == gongkai_store::FileRole::Released {
        svc::released_file_findings(&state, &rec).await?
    } else {
        vec![]
    };
    let files = state.store.list_files(&format!("request:{id}")).await?;
    Ok((StatusCode::CREATED, Json(json!({"files": files, "warnings": warnings}))))
}

/// Add a document to a case (the body is the file).
#[utoipa::path(post, path = "/api/v1/cases/{id}/files", tag = "requests (staff)",
    request_body(content = Vec<u8>, content_type = "application/octet-stream", description = "the file"),
    params(("id" = i64, Path), ("name" = String, Query)),
    responses((status = 201, description = "{files}"), (status = 404, body = crate::error::ErrorBody)))]
pub async fn add_case_file(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    Query(q): Query<FileParams>,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let user = staff.user();
    let case = state
        .store
        .get_case(id)
        .await?
        .filter(|c| c.agency_id == user.agency_id)
        .ok_or_else(AppError::not_found)?;
    if !may_handle_cases(user) {
        return Err(AppError::forbidden().into());
    }
    if q.name.trim().is_empty() || body.is_empty() {
        return Err(AppError::invalid("name", "required", "请提供文件名和文件内容").into());
    }
    let file = svc::check_upload(gongkai_store::FileRole::CaseDocument, &q.name, body.to_vec())?;
    state
        .store
        .add_files(&Actor::user(user), &format!("case:{}", case.id), case.agency_id, vec![file])
        .await?;
    let files = state.store.list_files(&format!("case:{}", case.id)).await?;
    Ok((StatusCode::CREATED, Json(json!({"files": files}))))
}
