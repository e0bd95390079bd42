//! The staff API for what an admin, an editor or an approver does on the console pages besides
//! requests and the catalog (issue 14): agencies, staff accounts, annual reports, the calendar,
//! catalog findings and request letters. Each handler parses JSON and calls the same use case as
//! the page (`gongkai_app::{agencies, accounts, annual, calendar, catalog}`); errors come in the
//! envelope with the use case's code.

use crate::AppState;
use crate::auth::Staff;
use crate::dto::{AgencyDto, UserDto};
use crate::edge::ApiPath;
use crate::error::{ApiError, AppError, ErrorBody};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_app::agencies::{self as agencies_svc, AgencyForm};
use gongkai_app::{accounts, annual};
use gongkai_domain::agency::FieldError;
use gongkai_store::{Actor, Agency, User};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use utoipa::ToSchema;

fn field_error(errors: Vec<FieldError>) -> AppError {
    errors.into_iter().next().map_or_else(
        || AppError::from(gongkai_app::Error::unprocessable("invalid_agency", "机关信息不完整")),
        |e| AppError::from(gongkai_app::Error::invalid(e.field, e.code, e.message)),
    )
}

fn json_body<T>(body: Result<Json<T>, JsonRejection>, code: &'static str) -> Result<T, AppError> {
    body.map(|Json(b)| b).map_err(|e| crate::edge::json_error_as(e, code, "请求内容格式不正确"))
}

// ---------------------------------------------------------------------------------------------
// Agencies

/// A new agency below the caller's (admin). `parent_id` defaults to the caller's agency; `level`
/// and `kind` are the stable keys (`county`, `township`, …; `government`, `department`, …).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewAgencyBody {
    pub name: String,
    pub parent_id: Option<i64>,
    pub level: String,
    pub kind: String,
    /// 统一社会信用代码 (checked when given).
    pub credit_code: String,
    /// 机构职能
    pub functions: String,
    /// 负责人
    pub head: String,
    /// 内设机构
    pub departments: String,
}

/// Changes to an agency: only the fields given change. `active: false` deactivates it (its
/// records stay readable and counted).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AgencyPatchBody {
    pub name: Option<String>,
    pub parent_id: Option<i64>,
    pub level: Option<String>,
    pub kind: Option<String>,
    pub credit_code: Option<String>,
    pub functions: Option<String>,
    pub head: Option<String>,
    pub departments: Option<String>,
    pub active: Option<bool>,
}

/// Create an agency below the caller's own (admin). `201` with the agency; `422` with the field
/// (`name` taken, `parent_id` not the caller's or below, a bad 统一社会信用代码, …).
#[utoipa::path(post, path = "/api/v1/agencies", tag = "agencies", request_body = NewAgencyBody,
    responses((status = 201, body = AgencyDto), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_agency(
    State(state): State<AppState>,
    staff: Staff,
    body: Result<Json<NewAgencyBody>, JsonRejection>,
) -> Result<(StatusCode, Json<AgencyDto>), ApiError> {
    let b = json_body(body, "invalid_agency")?;
    let form = AgencyForm {
        name: b.name,
        parent_id: b.parent_id.unwrap_or(staff.user().agency_id).to_string(),
        level: b.level,
        kind: b.kind,
        credit_code: b.credit_code,
        functions: b.functions,
        head: b.head,
        departments: b.departments,
        active: true,
    };
    match agencies_svc::create(&state, staff.user(), &form).await? {
        Ok(a) => Ok((StatusCode::CREATED, Json(AgencyDto::from(&a)))),
        Err(errors) => Err(field_error(errors).into()),
    }
}

/// Change an agency the caller manages: rename, re-parent, re-classify, 机构信息, deactivate.
/// A move under itself or below answers `422 agency_cycle`.
#[utoipa::path(patch, path = "/api/v1/agencies/{id}", tag = "agencies", request_body = AgencyPatchBody,
    params(("id" = i64, Path, description = "Agency id")),
    responses((status = 200, body = AgencyDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_agency(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    body: Result<Json<AgencyPatchBody>, JsonRejection>,
) -> Result<Json<AgencyDto>, ApiError> {
    let b = json_body(body, "invalid_agency")?;
    let all = state.store.list_agencies().await?;
    let current = agencies_svc::editable(&all, staff.user(), id).map_err(AppError::from)?;
    let mut form = AgencyForm::of(current);
    let set = |slot: &mut String, v: Option<String>| {
        if let Some(v) = v {
            *slot = v;
        }
    };
    set(&mut form.name, b.name);
    set(&mut form.parent_id, b.parent_id.map(|p| p.to_string()));
    set(&mut form.level, b.level);
    set(&mut form.kind, b.kind);
    set(&mut form.credit_code, b.credit_code);
    set(&mut form.functions, b.functions);
    set(&mut form.head, b.head);
    set(&mut form.departments, b.departments);
    if let Some(active) = b.active {
        form.active = active;
    }
    match agencies_svc::update(&state, staff.user(), id, &form).await? {
        Ok(a) => Ok(Json(AgencyDto::from(&a))),
        Err(errors) => Err(field_error(errors).into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Staff accounts

/// A staff account as its admin sees it.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct AccountDto {
    #[serde(flatten)]
    pub user: UserDto,
    pub active: bool,
    /// The password was set by an admin and must be replaced at the next sign-in.
    pub must_change_password: bool,
}

impl From<&User> for AccountDto {
    fn from(u: &User) -> Self {
        AccountDto { user: UserDto::from(u), active: u.active, must_change_password: u.must_change_password }
    }
}

/// The staff accounts of the caller's agency (admin).
#[utoipa::path(get, path = "/api/v1/users", tag = "staff accounts",
    responses((status = 200, body = [AccountDto]), (status = 403, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    staff: Staff,
) -> Result<Json<Vec<AccountDto>>, ApiError> {
    let me = staff.user();
    gongkai_app::access::require_admin_of(me, me.agency_id).map_err(AppError::from)?;
    Ok(Json(state.store.list_users(me.agency_id).await?.iter().map(AccountDto::from).collect()))
}

/// A new account: `roles` are stable keys (`editor`, `reviewer`, `approver`, `admin`,
/// `supervisor`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewUserBody {
    pub username: String,
    pub display_name: String,
    pub roles: Vec<String>,
}

/// Create an account in the caller's agency (admin). The answer carries a temporary password,
/// shown this once; the colleague must replace it at the first sign-in.
#[utoipa::path(post, path = "/api/v1/users", tag = "staff accounts", request_body = NewUserBody,
    responses((status = 201, description = "{user, temporary_password}"), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    staff: Staff,
    body: Result<Json<NewUserBody>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let b = json_body(body, "invalid_user")?;
    let roles = accounts::roles_from_keys(&b.roles).map_err(AppError::from)?;
    let (user, password) =
        accounts::create_colleague(&state, staff.user(), &b.username, &b.display_name, roles).await?;
    Ok((StatusCode::CREATED, Json(json!({"user": AccountDto::from(&user), "temporary_password": password}))))
}

/// Changes to an account: new `roles` (replacing the old; not one's own admin role), `active`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct UserPatchBody {
    pub roles: Option<Vec<String>>,
    pub active: Option<bool>,
}

/// Change a colleague's roles or status (admin of the same agency).
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "staff accounts", request_body = UserPatchBody,
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = AccountDto), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_user(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
    body: Result<Json<UserPatchBody>, JsonRejection>,
) -> Result<Json<AccountDto>, ApiError> {
    let b = json_body(body, "invalid_user")?;
    let me = staff.user();
    let mut user = accounts::colleague(&state, me, id).await?;
    if let Some(keys) = b.roles {
        let roles = accounts::roles_from_keys(&keys).map_err(AppError::from)?;
        user = accounts::set_roles(&state, me, id, roles).await?;
    }
    if let Some(active) = b.active {
        user = accounts::set_active(&state, me, id, active).await?;
    }
    Ok(Json(AccountDto::from(&user)))
}

/// Reset a colleague's password to a temporary one (admin), answered once.
#[utoipa::path(post, path = "/api/v1/users/{id}/password-reset", tag = "staff accounts",
    params(("id" = i64, Path, description = "User id")),
    responses((status = 200, description = "{temporary_password}"), (status = 404, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Value>, ApiError> {
    let password = accounts::reset_password(&state, staff.user(), id).await?;
    Ok(Json(json!({"temporary_password": password})))
}

// ---------------------------------------------------------------------------------------------
// Annual reports

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReportParams {
    /// Another agency the caller may read (a supervisor's subordinate).
    pub agency: Option<i64>,
    /// `1`: the roll-up over the agency and those below.
    pub rollup: Option<String>,
}

async fn report_target(state: &AppState, user: &User, agency: Option<i64>) -> Result<Agency, AppError> {
    let all = state.store.list_agencies().await?;
    let id = agency.unwrap_or(user.agency_id);
    gongkai_app::access::require_read(&all, user, id)?;
    all.into_iter().find(|a| a.id == id).ok_or_else(AppError::not_found)
}

fn api_year(y: &str) -> Result<i32, AppError> {
    let year: i32 = y.parse().map_err(|_| AppError::not_found())?;
    annual::check_year(year)?;
    Ok(year)
}

async fn report_json(state: &AppState, agency: &Agency, year: i32, rollup: bool) -> Result<Value, AppError> {
    let c = annual::compute(state, agency, year, rollup).await?;
    let stored = c.stored.as_ref();
    Ok(json!({
        "agency_id": agency.id,
        "year": year,
        "status": match stored { None => "none", Some(d) if d.locked => "published", Some(_) => "draft" },
        "version": stored.map(|d| d.version),
        "published_on": stored.and_then(|d| d.published_on).map(|d| d.to_string()),
        "deadline": annual::deadline(agency, year).map(|d| d.to_string()),
        "sections": stored.map(annual::written_sections).unwrap_or_default(),
        "lint": c.lint,
        "document": c.doc,
    }))
}

/// A year's report of the caller's agency (or `agency=` one they may read): status, version,
/// the written parts, the pre-publication check and the whole document (tables from the
/// records, sections as they would be published).
#[utoipa::path(get, path = "/api/v1/reports/{year}", tag = "annual reports",
    params(("year" = i32, Path), ("agency" = Option<i64>, Query), ("rollup" = Option<String>, Query)),
    responses((status = 200, description = "{status, version, sections, lint, document, …}"), (status = 404, body = ErrorBody)))]
pub async fn get_report(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(year): ApiPath<String>,
    Query(q): Query<ReportParams>,
) -> Result<Json<Value>, ApiError> {
    let year = api_year(&year)?;
    let agency = report_target(&state, staff.user(), q.agency).await?;
    Ok(Json(report_json(&state, &agency, year, q.rollup.is_some()).await?))
}

/// The written parts of the draft, by section key (as `GET` lists them).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SectionsBody {
    pub sections: BTreeMap<String, String>,
}

/// Save the written parts of the caller's agency's draft (editor, approver or admin). `409
/// report_locked` once published: start a new version first.
#[utoipa::path(put, path = "/api/v1/reports/{year}/sections", tag = "annual reports", request_body = SectionsBody,
    params(("year" = i32, Path)),
    responses((status = 200, description = "the report as GET answers it"), (status = 409, body = ErrorBody)))]
pub async fn save_sections(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(year): ApiPath<String>,
    body: Result<Json<SectionsBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let year = api_year(&year)?;
    let b = json_body(body, "invalid_sections")?;
    let sections = annual::clean_sections(b.sections.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .map_err(AppError::from)?;
    annual::save_sections(&state, staff.user(), year, &sections).await?;
    let agency = report_target(&state, staff.user(), None).await?;
    Ok(Json(report_json(&state, &agency, year, false).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PublishBody {
    /// 发布日期 (`YYYY-MM-DD`); today when absent.
    pub published_on: Option<String>,
}

/// Lock and publish (approver or admin): the same checks as the page — no error in the
/// pre-publication check and no empty section (`422 report_not_ready`), a date after the year.
#[utoipa::path(post, path = "/api/v1/reports/{year}/publish", tag = "annual reports", request_body = PublishBody,
    params(("year" = i32, Path)),
    responses((status = 200, description = "the published report"), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish_report(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(year): ApiPath<String>,
    body: Result<Json<PublishBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let year = api_year(&year)?;
    let b = json_body(body, "invalid_publish")?;
    let user = staff.user();
    if !annual::may_publish(user) {
        return Err(AppError::forbidden().into());
    }
    let published_on = match b.published_on.as_deref().map(str::trim) {
        None | Some("") => state.today(),
        Some(d) => chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
            AppError::from(gongkai_app::Error::invalid(
                "published_on",
                "invalid_date",
                "发布日期格式应为 YYYY-MM-DD",
            ))
        })?,
    };
    let agency = report_target(&state, user, None).await?;
    annual::publish(&state, &Actor::user(user), &agency, year, published_on).await?;
    Ok(Json(report_json(&state, &agency, year, false).await?))
}

/// Start a corrected version after the published one (approver or admin).
#[utoipa::path(post, path = "/api/v1/reports/{year}/new-version", tag = "annual reports",
    params(("year" = i32, Path)),
    responses((status = 200, description = "the report, now a draft of the next version")))]
pub async fn new_report_version(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(year): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let year = api_year(&year)?;
    let user = staff.user();
    if !annual::may_publish(user) {
        return Err(AppError::forbidden().into());
    }
    state.store.new_report_version(&Actor::user(user), user.agency_id, year).await?;
    let agency = report_target(&state, user, None).await?;
    Ok(Json(report_json(&state, &agency, year, false).await?))
}

/// An export of the report as it stands: `report.docx`, `.pdf`, `.xlsx`, `.html`, `.md`, `.json`.
#[utoipa::path(get, path = "/api/v1/reports/{year}/export/{file}", tag = "annual reports",
    params(("year" = i32, Path), ("file" = String, Path), ("agency" = Option<i64>, Query), ("rollup" = Option<String>, Query)),
    responses((status = 200, description = "the file"), (status = 404, body = ErrorBody)))]
pub async fn export_report(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((year, file)): ApiPath<(String, String)>,
    Query(q): Query<ReportParams>,
) -> Result<Response, ApiError> {
    let year = api_year(&year)?;
    let ext = file.rsplit_once('.').map(|(_, e)| e.to_owned()).unwrap_or_default();
    let agency = report_target(&state, staff.user(), q.agency).await?;
    let c = annual::compute(&state, &agency, year, q.rollup.is_some()).await?;
    let doc = c.doc;
    let title = doc.title();
    let ext2 = ext.clone();
    let (bytes, ct) = tokio::task::spawn_blocking(move || annual::export(&doc, &ext2))
        .await
        .map_err(|_| AppError::internal())?
        .map_err(AppError::from)?;
    Ok(crate::view::download(bytes, ct, &format!("{title}.{ext}")))
}

/// The agency's register entries for the year (trainings, checks, 留言 by hand, …).
#[utoipa::path(get, path = "/api/v1/reports/{year}/registers", tag = "annual reports",
    params(("year" = i32, Path)), responses((status = 200, description = "[{id, kind, kind_label, on, data}]")))]
pub async fn registers(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(year): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let year = api_year(&year)?;
    let entries = state.store.register_entries(staff.user().agency_id, year).await?;
    Ok(Json(Value::Array(
        entries
            .iter()
            .map(|e| {
                json!({
                    "id": e.id, "kind": e.kind,
                    "kind_label": annual::register_kind(&e.kind).map(|k| k.label),
                    "on": e.on.map(|d| d.to_string()),
                    "data": serde_json::from_str::<Value>(&e.data).unwrap_or(Value::Null),
                })
            })
            .collect(),
    )))
}

/// A register entry: `kind` (`training`, `security_check`, `messages`, `outlet`, …) and its fields
/// by name, as the registers page lists them.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RegisterBody {
    pub kind: String,
    pub fields: BTreeMap<String, Value>,
}

/// Add a register entry (editor, approver or admin); `422 invalid_register` names the field.
#[utoipa::path(post, path = "/api/v1/reports/{year}/registers", tag = "annual reports", request_body = RegisterBody,
    params(("year" = i32, Path)),
    responses((status = 201, description = "{id}"), (status = 422, body = ErrorBody)))]
pub async fn add_register(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(year): ApiPath<String>,
    body: Result<Json<RegisterBody>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let year = api_year(&year)?;
    let b = json_body(body, "invalid_register")?;
    let fields: std::collections::HashMap<String, String> = b
        .fields
        .into_iter()
        .map(|(k, v)| {
            (
                k,
                match v {
                    Value::String(s) => s,
                    Value::Null => String::new(),
                    other => other.to_string(),
                },
            )
        })
        .collect();
    let e = annual::add_register(&state, staff.user(), year, &b.kind, &fields).await?;
    Ok((StatusCode::CREATED, Json(json!({"id": e.id}))))
}

/// Remove a register entry of the caller's agency.
#[utoipa::path(delete, path = "/api/v1/reports/{year}/registers/{id}", tag = "annual reports",
    params(("year" = i32, Path), ("id" = i64, Path)),
    responses((status = 200, description = "{deleted: id}"), (status = 404, body = ErrorBody)))]
pub async fn delete_register(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((year, id)): ApiPath<(String, i64)>,
) -> Result<Json<Value>, ApiError> {
    api_year(&year)?;
    let user = staff.user();
    if !annual::may_write(user) {
        return Err(AppError::forbidden().into());
    }
    state.store.delete_register_entry(&Actor::user(user), user.agency_id, id).await?;
    Ok(Json(json!({"deleted": id})))
}

/// The versions of the year's report (a correction is a new version after the published one).
#[utoipa::path(get, path = "/api/v1/reports/{year}/versions", tag = "annual reports",
    params(("year" = i32, Path)), responses((status = 200, description = "[{version, locked, published_on, created_by, created_at}]")))]
pub async fn report_versions(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath(year): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let year = api_year(&year)?;
    let versions = state.store.annual_report_versions(staff.user().agency_id, year).await?;
    Ok(Json(Value::Array(
        versions
            .iter()
            .map(|d| {
                json!({"version": d.version, "locked": d.locked, "published_on": d.published_on.map(|p| p.to_string()),
                       "created_by": d.created_by, "created_at": d.created_at.to_rfc3339()})
            })
            .collect(),
    )))
}

// ---------------------------------------------------------------------------------------------
// Calendar

/// The years of the working-day calendar in force.
#[utoipa::path(get, path = "/api/v1/calendar", tag = "calendar",
    responses((status = 200, description = "[{year, holidays, workdays, imported}]")))]
pub async fn calendar_years(State(state): State<AppState>, _staff: Staff) -> Result<Json<Value>, ApiError> {
    let years = gongkai_app::calendar::years(&state).await?;
    Ok(Json(json!(years)))
}

/// A year's 节假日安排 in the calendar page's text format (docs/CALENDAR.md).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CalendarBody {
    pub source: String,
}

/// Import announced years (admin of the top agency). Nothing is stored when any line is wrong
/// or clashes with the calendar in force (`422 calendar_invalid` / `calendar_conflict`).
#[utoipa::path(post, path = "/api/v1/calendar", tag = "calendar", request_body = CalendarBody,
    responses((status = 200, description = "{imported: [\"2027 年（放假 …）\"]}"), (status = 422, body = ErrorBody)))]
pub async fn import_calendar(
    State(state): State<AppState>,
    staff: Staff,
    body: Result<Json<CalendarBody>, JsonRejection>,
) -> Result<Json<Value>, ApiError> {
    let b = json_body(body, "invalid_calendar")?;
    let years = gongkai_app::calendar::import(&state, staff.user(), &b.source).await?;
    Ok(Json(json!({"imported": years.iter().map(gongkai_app::calendar::summary).collect::<Vec<_>>()})))
}

// ---------------------------------------------------------------------------------------------
// Request letters

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LetterParams {
    /// `json` (default), `html`, `docx` or `pdf`.
    pub format: Option<String>,
}

/// One letter (告知书) of a request: JSON with its text, or the page, Word or PDF document.
#[utoipa::path(get, path = "/api/v1/requests/{id}/letters/{letter_id}", tag = "requests (staff)",
    params(("id" = i64, Path), ("letter_id" = i64, Path), ("format" = Option<String>, Query)),
    responses((status = 200, description = "{id, kind, title, body, created_by, created_at} or the document"), (status = 404, body = ErrorBody)))]
pub async fn request_letter(
    State(state): State<AppState>,
    staff: Staff,
    ApiPath((id, lid)): ApiPath<(i64, i64)>,
    Query(q): Query<LetterParams>,
) -> Result<Response, ApiError> {
    let (rec, letter) = gongkai_app::requests::readable_letter(&state, staff.user(), id, lid).await?;
    let format = q.format.as_deref().unwrap_or("json");
    if format == "json" {
        return Ok(Json(json!({
            "id": letter.id, "request_id": rec.id, "number": rec.number, "kind": letter.kind.key(),
            "title": letter.title, "body": letter.body, "created_by": letter.created_by,
            "created_at": letter.created_at.to_rfc3339(),
        }))
        .into_response());
    }
    let agency = state.store.get_agency(rec.agency_id).await?.ok_or_else(AppError::not_found)?;
    let format = match format {
        "html" => crate::view::LetterFormat::Page,
        "docx" | "pdf" => crate::view::LetterFormat::from_param(format),
        _ => {
            return Err(AppError::from(gongkai_app::Error::invalid(
                "format",
                "invalid_format",
                "format 应为 json、html、docx 或 pdf",
            ))
            .into());
        }
    };
    crate::view::letter_response(&state, &agency.name, &rec.number, &letter, format, None)
        .await
        .map_err(|crate::error::PageError(e)| ApiError(e))
}
