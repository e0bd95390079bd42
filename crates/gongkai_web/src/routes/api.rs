//! The JSON API under `/api/v1`, documented by the OpenAPI document generated from these
//! handlers (`/api/v1/openapi.json`). Errors answer `{"error": {"code", "message"}}`.

use crate::AppState;
use crate::auth::MaybeStaff;
use crate::error::{ApiError, AppError};
pub use crate::error::{ErrorBody, ErrorDetail};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_store::{Agency, User};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gongkai API",
        description = "政府信息公开工作平台 JSON API。错误统一返回 {\"error\": {\"code\", \"message\"}}。",
        version = "1.0.0",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        list_agencies,
        get_agency,
        me,
        healthz,
        crate::routes::requests_api::create_request,
        crate::routes::requests_api::track,
        crate::routes::requests_api::list,
        crate::routes::requests_api::get,
        crate::routes::requests_api::act,
        crate::routes::requests_api::list_cases,
        crate::routes::requests_api::create_case,
        crate::routes::catalog_portal::api_list,
        crate::routes::catalog_api::create,
        crate::routes::catalog_api::get,
        crate::routes::catalog_api::act,
        crate::routes::admin_api::create_agency,
        crate::routes::admin_api::update_agency,
        crate::routes::admin_api::list_users,
        crate::routes::admin_api::create_user,
        crate::routes::admin_api::update_user,
        crate::routes::admin_api::reset_password,
        crate::routes::admin_api::get_report,
        crate::routes::admin_api::save_sections,
        crate::routes::admin_api::publish_report,
        crate::routes::admin_api::new_report_version,
        crate::routes::admin_api::export_report,
        crate::routes::admin_api::calendar_years,
        crate::routes::admin_api::import_calendar,
        crate::routes::catalog_api::publication_findings,
        crate::routes::catalog_api::update,
        crate::routes::catalog_api::decide_findings,
        crate::routes::catalog_api::add_attachment,
        crate::routes::catalog_api::remove_attachment,
        crate::routes::admin_api::request_letter,
        crate::routes::consultations::api_list,
        crate::routes::consultations::api_get,
        crate::routes::consultations::api_comment,
        crate::routes::messages_api::create,
        crate::routes::messages_api::track,
        crate::routes::messages_api::list
    ),
    components(schemas(
        AgencyDto,
        ContactDto,
        UserDto,
        ErrorBody,
        ErrorDetail,
        Health,
        crate::routes::requests_api::NewRequestDto,
        crate::routes::requests_api::ApplicantDto,
        crate::routes::requests_api::CreatedDto,
        crate::routes::requests_api::TrackDto,
        crate::routes::requests_api::TrackEventDto,
        crate::routes::catalog_api::NewPublicationBody,
        crate::routes::catalog_api::PublicationActionBody,
        crate::routes::catalog_api::ActionFields,
        crate::routes::admin_api::NewAgencyBody,
        crate::routes::admin_api::AgencyPatchBody,
        crate::routes::admin_api::AccountDto,
        crate::routes::admin_api::NewUserBody,
        crate::routes::admin_api::UserPatchBody,
        crate::routes::admin_api::SectionsBody,
        crate::routes::admin_api::PublishBody,
        crate::routes::admin_api::CalendarBody,
        crate::routes::catalog_api::EditPublicationBody,
        crate::routes::catalog_api::FindingDecisionBody,
        crate::routes::consultations::CommentBody,
        crate::routes::messages_api::NewMessageDto,
        crate::routes::messages_api::MessageCreatedDto,
        crate::routes::messages_api::MessageTrackDto,
        crate::routes::messages_api::HopDto,
        crate::routes::messages_api::PublishedListDto,
        crate::routes::messages_api::PublishedMessageDto,
        crate::routes::messages_api::MessageStatsDto
    ))
)]
pub struct ApiDoc;

/// An agency (行政机关).
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyDto {
    pub id: i64,
    /// 机关名称 (标准全称)
    pub name: String,
    /// `province` | `city` | `county` | `township`
    pub level: String,
    /// `government` | `department` | `sub_district` | `other`
    pub kind: String,
    /// 统一社会信用代码 or 组织机构代码
    pub code: Option<String>,
    pub parent_id: Option<i64>,
    /// 政府信息公开工作机构 contact details (条例 第十二条)
    pub contact: ContactDto,
    /// 机构职能 (条例 第二十条（二）)
    pub functions: String,
    /// 负责人
    pub head: String,
    /// 内设机构
    pub departments: String,
    /// False once deactivated (its records stay readable and counted).
    pub active: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactDto {
    pub office_name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
}

impl From<&Agency> for AgencyDto {
    fn from(a: &Agency) -> Self {
        let c = &a.contact;
        AgencyDto {
            id: a.id,
            name: a.name.clone(),
            level: a.level.as_str().into(),
            kind: a.kind.as_str().into(),
            code: a.code.clone(),
            parent_id: a.parent_id,
            contact: ContactDto {
                office_name: c.office_name.clone(),
                address: c.address.clone(),
                hours: c.hours.clone(),
                phone: c.phone.clone(),
                fax: c.fax.clone(),
                email: c.email.clone(),
            },
            functions: a.profile.functions.clone(),
            head: a.profile.head.clone(),
            departments: a.profile.departments.clone(),
            active: a.active,
        }
    }
}

/// The signed-in staff member.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub agency_id: i64,
    /// `admin` | `editor` | `reviewer` | `approver` | `supervisor`
    pub roles: Vec<String>,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        UserDto {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            agency_id: u.agency_id,
            roles: u.roles.iter().map(|r| r.as_str().to_string()).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    pub database: String,
    pub version: String,
}

/// List all agencies on this platform (public).
#[utoipa::path(get, path = "/api/v1/agencies", tag = "agencies",
    responses((status = 200, description = "All agencies, by id", body = [AgencyDto])))]
pub async fn list_agencies(State(state): State<AppState>) -> Result<Json<Vec<AgencyDto>>, ApiError> {
    Ok(Json(state.store.list_agencies().await?.iter().map(AgencyDto::from).collect()))
}

/// One agency (public).
#[utoipa::path(get, path = "/api/v1/agencies/{id}", tag = "agencies",
    params(("id" = i64, Path, description = "Agency id")),
    responses((status = 200, body = AgencyDto), (status = 404, body = ErrorBody)))]
pub async fn get_agency(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<AgencyDto>, ApiError> {
    let id: i64 = id.parse().map_err(|_| AppError::not_found())?;
    let a = state.store.get_agency(id).await?.ok_or_else(AppError::not_found)?;
    Ok(Json(AgencyDto::from(&a)))
}

/// The signed-in staff member (session cookie).
#[utoipa::path(get, path = "/api/v1/me", tag = "staff",
    responses((status = 200, body = UserDto), (status = 401, body = ErrorBody)))]
pub async fn me(MaybeStaff(session): MaybeStaff) -> Result<Json<UserDto>, ApiError> {
    let s = session.ok_or_else(AppError::unauthenticated)?;
    Ok(Json(UserDto::from(&s.user)))
}

/// Liveness and database reachability, for probes.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> Response {
    let db = state.store.ping().await;
    let body = Health {
        status: if db.is_ok() { "ok" } else { "unavailable" }.into(),
        database: state.store.backend().into(),
        version: env!("CARGO_PKG_VERSION").into(),
    };
    let status = if db.is_ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, Json(body)).into_response()
}

pub async fn openapi_json() -> Response {
    match ApiDoc::openapi().to_pretty_json() {
        Ok(s) => ([(axum::http::header::CONTENT_TYPE, "application/json")], s).into_response(),
        Err(_) => ApiError(AppError::internal()).into_response(),
    }
}

pub async fn not_found() -> ApiError {
    ApiError(AppError::not_found())
}
