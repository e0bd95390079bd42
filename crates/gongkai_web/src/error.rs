//! The one error type of the web layer.
//!
//! Policy: every failure a handler can meet becomes an [`AppError`] with a stable snake_case
//! `code` (for the API and logs) and a Chinese `message` (for people). Internal causes (database
//! errors, I/O) are logged with their detail and shown only as a generic message. The API
//! answers `{"error": {"code", "message"}}` with the matching status; pages render the error
//! template inside the site shell.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongkai_store::StoreError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// For validation errors: the field concerned.
    pub field: Option<&'static str>,
}

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), field: None }
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "您访问的页面或资源不存在。")
    }
    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "请先登录。")
    }
    pub fn forbidden() -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "您没有权限执行此操作。")
    }
    pub fn csrf() -> Self {
        Self::new(StatusCode::FORBIDDEN, "csrf_failed", "表单已失效或来源无法验证，请返回后刷新页面再提交。")
    }
    pub fn rate_limited() -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "尝试次数过多，请 15 分钟后再试。")
    }
    pub fn invalid(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self { status: StatusCode::UNPROCESSABLE_ENTITY, code, message: message.into(), field: Some(field) }
    }
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal_error", "系统内部错误，请稍后再试。")
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match &e {
            StoreError::NotFound(_) => AppError::not_found(),
            StoreError::Conflict(what) => {
                let msg = match *what {
                    "username" => "该登录名已被使用，请换一个。",
                    "agency_name" => "已有同名机关。",
                    _ => "数据已被他人修改或与现有记录冲突，请刷新后重试。",
                };
                AppError::new(StatusCode::CONFLICT, "conflict", msg)
            }
            StoreError::Unavailable(_) => {
                tracing::error!(error = %e, "database unavailable");
                AppError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "数据库暂时不可用，请稍后再试。",
                )
            }
            _ => {
                tracing::error!(error = %e, "store error");
                AppError::internal()
            }
        }
    }
}

/// The one status table of the use cases' errors (pages and API alike).
impl From<gongkai_app::Error> for AppError {
    fn from(e: gongkai_app::Error) -> Self {
        use gongkai_app::{Error as E, RefusalKind, Rejection};
        match e {
            E::NotFound => AppError::not_found(),
            E::Forbidden => AppError::forbidden(),
            E::Conflict(c) => AppError::new(StatusCode::CONFLICT, c.code(), c.message()),
            E::Refused(r) => {
                let status = match r.kind {
                    RefusalKind::State => StatusCode::CONFLICT,
                    RefusalKind::Permission => StatusCode::FORBIDDEN,
                    RefusalKind::Rule => StatusCode::UNPROCESSABLE_ENTITY,
                };
                AppError::new(status, r.code, r.message)
            }
            E::Invalid { field, code, message } => {
                AppError { status: StatusCode::UNPROCESSABLE_ENTITY, code, message, field }
            }
            E::Rejected { kind, code, message } => {
                let status = match kind {
                    Rejection::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                    Rejection::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                };
                AppError::new(status, code, message)
            }
            E::SearchUnavailable => AppError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "search_unavailable",
                "检索服务暂时不可用，请稍后再试。",
            ),
            E::Store(e) => e.into(),
            E::Internal { code, message } => {
                tracing::error!(code, message, "internal error");
                AppError::new(StatusCode::INTERNAL_SERVER_ERROR, code, "系统内部错误，请稍后再试。")
            }
        }
    }
}

/// An error answered as JSON (API routes).
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

/// Answered as the JSON envelope, carrying the error in the response extensions so that the
/// page layer (`router::render_page_errors`) can replace it with the HTML error page on
/// portal and staff routes.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let e = self;
        let mut body = serde_json::json!({"error": {"code": e.code, "message": e.message}});
        if let Some(f) = e.field {
            body["error"]["field"] = serde_json::Value::String(f.to_string());
        }
        let mut resp = (e.status, axum::Json(body)).into_response();
        resp.extensions_mut().insert(e);
        resp
    }
}

/// An error answered as an HTML page (portal and staff routes): rendered by the error layer in
/// `router.rs`, which knows the templates.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError(e.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        self.0.into_response()
    }
}

/// The API's error envelope as documented in the OpenAPI description (`{"error": {…}}`).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `not_found`, `unauthenticated`.
    pub code: String,
    /// Message in Chinese for people.
    pub message: String,
    /// The offending field, for validation errors.
    pub field: Option<String>,
}
