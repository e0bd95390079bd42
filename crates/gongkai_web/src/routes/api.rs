//! The JSON API under `/api/v1`, documented by the OpenAPI document generated from these
//! handlers (`/api/v1/openapi.json`). Errors answer `{"error": {"code", "message"}}`.

use crate::AppState;
use crate::auth::MaybeStaff;
pub use crate::dto::{AgencyDto, ContactDto, UserDto};
use crate::error::{ApiError, AppError};
pub use crate::error::{ErrorBody, ErrorDetail};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
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
        crate::routes::admin_api::registers,
        crate::routes::admin_api::add_register,
        crate::routes::admin_api::delete_register,
        crate::routes::admin_api::report_versions,
        crate::routes::requests_api::update_case,
        crate::routes::requests_api::add_request_file,
        crate::routes::requests_api::add_case_file,
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
        crate::routes::admin_api::RegisterBody,
        crate::routes::requests_api::CaseUpdateBody,
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
