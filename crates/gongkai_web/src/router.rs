//! Every route of the application, in one place, and the middleware around them.

use crate::AppState;
use crate::error::AppError;
use crate::routes::{
    accounts, admin_api, agencies, api, calendar, catalog_api, catalog_portal, catalog_staff, consultations,
    dashboard, messages_api, messages_portal, messages_staff, portal, reports, requests_api, requests_portal,
    requests_staff, setup, staff,
};
use crate::view::error_page;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post, put};
use gongkai_app::requests::UPLOAD_BODY_LIMIT;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

pub use crate::edge::BODY_LIMIT;

/// `/api/v1`: JSON only, errors in the envelope (`edge::api_envelope`).
fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(api::openapi_json))
        .route("/agencies", get(api::list_agencies).post(admin_api::create_agency))
        .route("/agencies/{id}", get(api::get_agency).patch(admin_api::update_agency))
        .route("/users", get(admin_api::list_users).post(admin_api::create_user))
        .route("/users/{id}", patch(admin_api::update_user))
        .route("/users/{id}/password-reset", post(admin_api::reset_password))
        .route("/reports/{year}", get(admin_api::get_report))
        .route("/reports/{year}/sections", put(admin_api::save_sections))
        .route("/reports/{year}/publish", post(admin_api::publish_report))
        .route("/reports/{year}/new-version", post(admin_api::new_report_version))
        .route("/reports/{year}/export/{file}", get(admin_api::export_report))
        .route("/reports/{year}/registers", get(admin_api::registers).post(admin_api::add_register))
        .route("/reports/{year}/registers/{id}", delete(admin_api::delete_register))
        .route("/reports/{year}/versions", get(admin_api::report_versions))
        .route("/calendar", get(admin_api::calendar_years).post(admin_api::import_calendar))
        .route(
            "/publications/{id}/findings",
            get(catalog_api::publication_findings).post(catalog_api::decide_findings),
        )
        .route("/requests/{id}/letters/{letter_id}", get(admin_api::request_letter))
        .route("/me", get(api::me))
        .route("/requests", post(requests_api::create_request).get(requests_api::list))
        .route("/requests/track", get(requests_api::track))
        .route("/requests/{id}", get(requests_api::get))
        .route("/requests/{id}/actions", post(requests_api::act))
        .route("/cases", get(requests_api::list_cases).post(requests_api::create_case))
        .route("/cases/{id}", put(requests_api::update_case))
        .route(
            "/cases/{id}/files",
            post(requests_api::add_case_file).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/requests/{id}/files",
            post(requests_api::add_request_file).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/consultations", get(consultations::api_list))
        .route("/consultations/{id}", get(consultations::api_get))
        .route("/consultations/{id}/comments", post(consultations::api_comment))
        .route("/messages", post(messages_api::create).get(messages_api::list))
        .route("/messages/track", get(messages_api::track))
        .route("/publications", get(catalog_portal::api_list).post(catalog_api::create))
        .route("/publications/{id}", get(catalog_api::get).put(catalog_api::update))
        .route(
            "/publications/{id}/attachments",
            post(catalog_api::add_attachment).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/publications/{id}/attachments/{attachment_id}", delete(catalog_api::remove_attachment))
        .route("/publications/{id}/actions", post(catalog_api::act))
        .fallback(api::not_found)
        .layer(middleware::from_fn(crate::edge::api_envelope))
}

pub fn build_router(state: AppState) -> Router {
    let api = api_routes();

    let pages = Router::new()
        .route("/", get(portal::home))
        .route("/check", crate::routes::check::public_routes())
        .route("/staff/check", crate::routes::check::staff_routes())
        .route("/agencies/{id}", get(portal::agency))
        .route("/staff", get(dashboard::show))
        .route("/setup", get(setup::form).post(setup::create))
        .route("/consultations", get(consultations::list))
        .route("/consultations/{id}", get(consultations::page))
        .route("/consultations/{id}/comments", post(consultations::comment))
        .route("/staff/consultations", get(consultations::staff_list).post(consultations::create))
        .route("/staff/consultations/{id}", get(consultations::staff_page))
        .route("/staff/consultations/{id}/comments/{cid}", post(consultations::decide))
        .route("/staff/consultations/{id}/feedback", post(consultations::publish_feedback))
        .route("/staff/login", get(staff::login_form).post(staff::login))
        .route("/staff/logout", post(staff::logout))
        .route("/staff/users", get(staff::users).post(staff::create_user))
        .route("/staff/users/{id}/active", post(staff::set_active))
        .route("/staff/users/{id}/password", post(accounts::reset_password))
        .route("/staff/users/{id}/roles", post(accounts::set_roles))
        .route("/staff/users/{id}/tokens/revoke", post(accounts::revoke_token))
        .route("/staff/password", get(accounts::password_form).post(accounts::change_own_password))
        .route("/staff/audit", get(staff::audit))
        .route("/staff/agency", get(staff::agency_form).post(staff::update_agency))
        .route("/staff/agency/requests", post(staff::update_request_settings))
        .route("/staff/agency/letters", post(staff::update_letter_settings))
        .route("/staff/agencies", get(agencies::list))
        .route("/staff/agencies/new", get(agencies::new_form).post(agencies::create))
        .route("/staff/agencies/site", post(agencies::update_site))
        .route("/staff/agencies/{id}", get(agencies::edit_form).post(agencies::update))
        .route("/staff/calendar", get(calendar::page).post(calendar::import))
        .route(
            "/agencies/{id}/apply",
            get(requests_portal::apply_form)
                .post(requests_portal::apply)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/apply", get(portal::apply_choose))
        .route("/track", get(requests_portal::track_form).post(requests_portal::track))
        .route("/track/letters/{id}", post(requests_portal::track_letter))
        .route("/track/files/{id}", post(requests_portal::track_file))
        .route("/staff/requests", get(requests_staff::dashboard))
        .route(
            "/staff/requests/new",
            get(requests_staff::new_form)
                .post(requests_staff::create)
                .layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/staff/requests/{id}", get(requests_staff::detail))
        .route("/staff/requests/{id}/action", post(requests_staff::act))
        .route("/staff/requests/{id}/files/{file_id}/delete", post(requests_staff::delete_file))
        .route(
            "/staff/requests/{id}/files",
            post(requests_staff::upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/staff/requests/{id}/letters/{lid}", get(requests_staff::letter))
        .route("/staff/files/{id}", get(requests_staff::file))
        .route(
            "/staff/letter-templates",
            get(requests_staff::templates_page).post(requests_staff::save_template),
        )
        .route("/staff/cases", get(requests_staff::cases).post(requests_staff::create_case))
        .route("/staff/cases/{id}", get(requests_staff::edit_case).post(requests_staff::update_case))
        .route(
            "/staff/cases/{id}/files",
            post(requests_staff::upload_case_files).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/staff/reports", get(reports::overview))
        .route("/staff/reports/{year}", get(reports::editor))
        .route("/staff/reports/{year}/save", post(reports::save))
        .route("/staff/reports/{year}/lock", post(reports::lock))
        .route("/staff/reports/{year}/new-version", post(reports::new_version))
        .route("/staff/reports/{year}/cells", get(reports::cell))
        .route("/staff/reports/{year}/versions", get(reports::versions))
        .route("/staff/reports/{year}/registers", get(reports::registers).post(reports::add_register))
        .route("/staff/reports/{year}/registers/{id}/delete", post(reports::delete_register))
        .route("/staff/reports/{year}/breakdown.xlsx", get(reports::breakdown))
        .route("/staff/reports/{year}/ledger.xlsx", get(reports::ledger))
        .route("/staff/reports/{year}/{file}", get(reports::export))
        .route("/agencies/{id}/annual-reports/{year}", get(reports::public_report))
        .route("/agencies/{id}/annual-reports/{year}/{file}", get(reports::public_report_file))
        .merge(catalog_routes())
        .merge(message_routes())
        .fallback(portal::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), render_page_errors));

    Router::new()
        .route("/healthz", get(api::healthz))
        .route("/static/site.css", get(site_css))
        .route("/static/annual.css", get(annual_css))
        .nest("/api/v1", api)
        .merge(pages)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), crate::edge::body_guard))
        .with_state(state)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 form-action 'self'; frame-ancestors 'none'; base-uri 'self'",
            ),
        ))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(TraceLayer::new_for_http())
        .layer(CatchPanicLayer::new())
}

/// The annual report's own styles (tables with the national form's borders), for previews.
async fn annual_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        gongkai_annual::HTML_STYLE,
    )
        .into_response()
}

/// The catalog's pages (issue 5): public portal, feeds, staff console.
fn catalog_routes() -> Router<AppState> {
    use gongkai_app::catalog::EDITOR_BODY_LIMIT;
    Router::new()
        .route("/catalog", get(catalog_portal::browse))
        .route("/search", get(catalog_portal::search))
        .route("/publications/{id}", get(catalog_portal::publication))
        .route("/publications/{id}/notice", get(catalog_portal::notice))
        .route("/publications/files/{id}", get(catalog_portal::file))
        .route("/agencies/{id}/guide", get(catalog_portal::guide))
        .route("/agencies/{id}/annual-reports", get(catalog_portal::annual_reports))
        .route("/agencies/{id}/feed.atom", get(catalog_portal::agency_feed))
        .route("/topics/{n}/feed.atom", get(catalog_portal::topic_feed))
        .route("/feed.atom", get(catalog_portal::site_feed))
        .route("/sitemap.xml", get(catalog_portal::sitemap))
        .route("/staff/catalog", get(catalog_staff::list))
        .route(
            "/staff/catalog/new",
            get(catalog_staff::new_form)
                .post(catalog_staff::create)
                .layer(DefaultBodyLimit::max(EDITOR_BODY_LIMIT)),
        )
        .route("/staff/catalog/guide", get(catalog_staff::guide_form).post(catalog_staff::save_guide))
        .route("/staff/catalog/files/{id}", get(catalog_staff::file))
        .route("/staff/catalog/{id}", get(catalog_staff::detail))
        .route(
            "/staff/catalog/{id}/edit",
            get(catalog_staff::edit_form)
                .post(catalog_staff::update)
                .layer(DefaultBodyLimit::max(EDITOR_BODY_LIMIT)),
        )
        .route("/staff/catalog/{id}/action", post(catalog_staff::act))
        .route("/staff/catalog/{id}/finding", post(catalog_staff::finding))
}

/// 留言 and 找错 (issue 16): portal form, receipt, tracking and public list; staff console.
fn message_routes() -> Router<AppState> {
    Router::new()
        .route("/agencies/{id}/messages/new", get(messages_portal::form).post(messages_portal::submit))
        .route("/messages", get(messages_portal::list))
        .route("/messages/track", get(messages_portal::track_form).post(messages_portal::track))
        .route("/staff/messages", get(messages_staff::list))
        .route("/staff/messages/settings", post(messages_staff::save_settings))
        .route("/staff/messages/{id}", get(messages_staff::detail))
        .route("/staff/messages/{id}/action", post(messages_staff::act))
}

async fn site_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600")),
        ],
        crate::templates::SITE_CSS,
    )
        .into_response()
}

/// Turns a [`crate::error::PageError`] (an empty response carrying an [`AppError`]) into the
/// error page; an unauthenticated visitor to a staff page is sent to the login page instead.
async fn render_page_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let resp = next.run(req).await;
    let Some(err) = resp.extensions().get::<AppError>().cloned() else { return resp };
    error_page(&state, &path, err).await
}
