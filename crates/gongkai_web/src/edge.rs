//! The HTTP edge (issue 11): what holds before a handler does any work.
//!
//! - **List bounds.** Every page parameter is bounded by [`MAX_PAGE`] (and page sizes by
//!   [`MAX_PAGE_SIZE`]): the API answers 400 `invalid_page` beyond it, pages show the last
//!   allowed page. Offsets are computed from bounded numbers only, so no request can ask the
//!   search engine or the database for a billion-row window.
//! - **One body budget.** Request bodies held in memory across the whole process are bounded by
//!   one byte budget ([`WebConfig::body_budget_bytes`]). A body is charged by its
//!   `Content-Length` before a byte is read (413 at once when that exceeds the route's limit,
//!   503 when the budget stays exhausted); a chunked body is charged as it streams. The charge
//!   is released when the response is produced.
//! - **Client address.** Rate limits key on [`ClientAddr`]: the socket peer, or, only when the
//!   peer is one of `trusted_proxies`, the rightmost `X-Forwarded-For` entry that is not itself
//!   a trusted proxy.
//! - **API envelope.** Extractor rejections on `/api/v1` (path, query, JSON, body size, method)
//!   answer the `{"error": {"code", "message"}}` envelope like every other API error.

use crate::error::AppError;
use crate::{AppState, WebConfig};
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Maximum request body (forms; uploads get their own limit when they arrive).
pub const BODY_LIMIT: usize = 2 << 20;

/// Highest page number any list or search accepts (portal, staff console, API).
pub const MAX_PAGE: i64 = 1000;
/// Largest page size any list accepts.
pub const MAX_PAGE_SIZE: i64 = 100;
/// Default of [`WebConfig::body_budget_bytes`]: request bodies in memory, whole process.
pub const DEFAULT_BODY_BUDGET: usize = 256 << 20;
/// How long a request waits for room in the body budget before it is answered 503.
pub const BUDGET_WAIT: Duration = Duration::from_secs(5);
/// Longest text field of a multipart form.
pub const MAX_FORM_FIELD: usize = 64 << 10;

// ---------------------------------------------------------------------------------------------
// List bounds

fn parse_page(raw: Option<&str>) -> Option<i64> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Some(1),
        Some(s) => s.parse::<i64>().ok(),
    }
}

/// A page number for a portal or staff page: missing or malformed reads as 1, and it is clamped
/// to `1..=MAX_PAGE` so that the page shown is always a normal one.
pub fn page_clamped(raw: Option<&str>) -> i64 {
    parse_page(raw).unwrap_or(1).clamp(1, MAX_PAGE)
}

/// A page number for the API: `1..=MAX_PAGE`, otherwise 400 `invalid_page`.
pub fn api_page(raw: Option<&str>) -> Result<i64, AppError> {
    match parse_page(raw) {
        Some(p) if (1..=MAX_PAGE).contains(&p) => Ok(p),
        _ => Err(AppError::new(
            StatusCode::BAD_REQUEST,
            "invalid_page",
            format!("页码须为 1 至 {MAX_PAGE} 之间的整数。"),
        )),
    }
}

/// The row offset of a (bounded) page.
pub fn offset(page: i64, per_page: i64) -> i64 {
    (page.clamp(1, MAX_PAGE) - 1) * per_page.clamp(1, MAX_PAGE_SIZE)
}

// ---------------------------------------------------------------------------------------------
// Trusted proxies and the client address

/// One entry of `trusted_proxies`: an address or a CIDR block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    /// Parses `192.0.2.1`, `10.0.0.0/8`, `::1` or `fd00::/8`.
    pub fn parse(s: &str) -> Option<IpNet> {
        let s = s.trim();
        let (a, p) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = a.trim().parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match p {
            Some(p) => p.trim().parse::<u8>().ok().filter(|p| *p <= max)?,
            None => max,
        };
        Some(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (canonical(self.addr), ip) {
            (IpAddr::V4(n), IpAddr::V4(i)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(n) & mask == u32::from(i) & mask
            }
            (IpAddr::V6(n), IpAddr::V6(i)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(n) & mask == u128::from(i) & mask
            }
            _ => false,
        }
    }
}

/// IPv4-mapped IPv6 addresses (`::ffff:192.0.2.1`, dual-stack sockets) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

/// Parses the `trusted_proxies` setting: addresses or CIDR blocks separated by commas or
/// spaces. Errors name the first entry that is neither.
pub fn parse_trusted_proxies(s: &str) -> Result<Vec<IpNet>, String> {
    s.split([',', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(|e| {
            IpNet::parse(e).ok_or_else(|| format!("trusted_proxies: “{e}” is not an IP address or CIDR"))
        })
        .collect()
}

/// One `X-Forwarded-For` entry: an address, optionally with a port (`192.0.2.1:5000`,
/// `[2001:db8::1]:443`).
fn forwarded_ip(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    s.parse::<IpAddr>().ok().or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The client's address: the socket peer, unless the peer is a trusted proxy; then the
/// rightmost `X-Forwarded-For` entry that is not a trusted proxy (entries left of it were
/// written by the client and prove nothing). A malformed entry stops the walk at the last
/// trusted hop, so a client cannot make itself anonymous by sending garbage.
pub fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = canonical(peer?);
    let is_trusted = |ip: IpAddr| trusted.iter().any(|n| n.contains(ip));
    if !is_trusted(peer) {
        return Some(peer);
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut client = peer;
    for e in entries.iter().rev() {
        let Some(ip) = forwarded_ip(e).map(canonical) else { break };
        client = ip;
        if !is_trusted(ip) {
            break;
        }
    }
    Some(client)
}

/// The client's address as rate limits see it, `unknown` when not served over a socket.
pub struct ClientAddr(pub String);

/// Counts one piece of public writing (a 留言, a comment on a consultation) against the client's
/// budget (`AppState::message_limiter`, shared by every kind); 429 when spent. Every attempt
/// counts, accepted or not.
pub fn charge_public_writing(state: &AppState, kind: &str, client: &str) -> Result<(), AppError> {
    if !state.message_limiter.allowed(kind, client) {
        return Err(AppError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            "提交过于频繁，请稍后再试。",
        ));
    }
    state.message_limiter.record_failure(kind, client);
    Ok(())
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(ClientAddr(
            client_ip(peer, &parts.headers, &state.edge.trusted_proxies)
                .map(|ip| ip.to_string())
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}

// ---------------------------------------------------------------------------------------------
// The body budget

/// Process-wide state of the edge: the body budget and the trusted proxies.
#[derive(Debug)]
pub struct Edge {
    /// Permits of [`BUDGET_UNIT`] bytes.
    budget: Arc<Semaphore>,
    budget_units: usize,
    pub trusted_proxies: Vec<IpNet>,
}

/// Bytes per permit of the body budget.
const BUDGET_UNIT: usize = 1024;

impl Edge {
    pub fn new(config: &WebConfig) -> Self {
        let units = (config.body_budget_bytes / BUDGET_UNIT).clamp(1, Semaphore::MAX_PERMITS);
        Edge {
            budget: Arc::new(Semaphore::new(units)),
            budget_units: units,
            trusted_proxies: config.trusted_proxies.clone(),
        }
    }

    /// Bytes of the budget not charged to a request now.
    pub fn budget_available(&self) -> usize {
        self.budget.available_permits() * BUDGET_UNIT
    }

    /// The whole budget, in bytes.
    pub fn budget_total(&self) -> usize {
        self.budget_units * BUDGET_UNIT
    }
}

fn units(bytes: u64) -> u32 {
    u32::try_from(bytes.div_ceil(BUDGET_UNIT as u64)).unwrap_or(u32::MAX)
}

/// The largest body a route accepts (the same limits as the `DefaultBodyLimit` of its route in
/// `router.rs`: keep the two in step).
pub fn route_body_limit(method: &Method, path: &str) -> usize {
    use crate::routes::check::{PUBLIC_MAX_BYTES, STAFF_MAX_BYTES};
    if method != Method::POST && method != Method::PUT && method != Method::PATCH {
        return BODY_LIMIT;
    }
    let seg: Vec<&str> = path.trim_matches('/').split('/').collect();
    match seg.as_slice() {
        ["agencies", _, "apply"]
        | ["staff", "requests", "new"]
        | ["staff", "requests", _, "files"]
        | ["staff", "cases", _, "files"] => gongkai_app::requests::UPLOAD_BODY_LIMIT,
        ["staff", "catalog", "new"] | ["staff", "catalog", _, "edit"] => {
            gongkai_app::catalog::EDITOR_BODY_LIMIT
        }
        ["check"] => PUBLIC_MAX_BYTES + crate::routes::check::FORM_OVERHEAD,
        ["staff", "check"] => STAFF_MAX_BYTES,
        _ => BODY_LIMIT,
    }
}

pub(crate) fn too_large(limit: usize) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("提交的内容过大（上限 {} MB）。", (limit >> 20).max(1)),
    )
}

/// [`too_large`] as people filling in a page's form read it.
fn upload_too_large(limit: usize) -> AppError {
    AppError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        format!("上传的文件过大：每次提交的文件合计不超过 {} MB，请减少或压缩后重试。", (limit >> 20).max(1)),
    )
}

pub(crate) fn busy() -> AppError {
    AppError::new(StatusCode::SERVICE_UNAVAILABLE, "server_busy", "服务器正忙，请稍后再试。")
}

/// Charges each request's body to the process-wide budget (see the module docs). Requests
/// without a body pass untouched.
pub async fn body_guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let limit = route_body_limit(req.method(), req.uri().path());
    // The declared length: the header, or the body's exact size when the server knows it.
    let declared = match req.headers().get(header::CONTENT_LENGTH) {
        None => req.body().size_hint().exact(),
        Some(v) => match v.to_str().ok().and_then(|s| s.trim().parse::<u64>().ok()) {
            Some(n) => Some(n),
            None => {
                return edge_error(
                    &state,
                    req.uri().path(),
                    AppError::new(StatusCode::BAD_REQUEST, "bad_request", "请求格式不正确。"),
                )
                .await;
            }
        },
    };
    if declared.is_some_and(|n| n > limit as u64) {
        tracing::warn!(path = %req.uri().path(), declared, limit, "refused a body over the route's limit");
        let path = req.uri().path();
        let err = if is_api(path) { too_large(limit) } else { upload_too_large(limit) };
        return edge_error(&state, path, err).await;
    }
    if declared == Some(0) || (declared.is_none() && req.body().is_end_stream()) {
        return next.run(req).await;
    }
    let held: Arc<Mutex<Vec<OwnedSemaphorePermit>>> = Arc::default();
    let reserved = declared.unwrap_or(0);
    if reserved > 0 {
        let want = units(reserved);
        let permit = match state.edge.budget.clone().try_acquire_many_owned(want) {
            Ok(p) => Ok(p),
            Err(_) => {
                match tokio::time::timeout(BUDGET_WAIT, state.edge.budget.clone().acquire_many_owned(want))
                    .await
                {
                    Ok(Ok(p)) => Ok(p),
                    _ => Err(()),
                }
            }
        };
        match permit {
            Ok(p) => held.lock().map(|mut h| h.push(p)).unwrap_or_default(),
            Err(()) => {
                tracing::warn!(path = %req.uri().path(), reserved, "body budget exhausted");
                return edge_error(&state, req.uri().path(), busy()).await;
            }
        }
    }
    let (parts, body) = req.into_parts();
    let body = Body::new(Charged {
        inner: body,
        budget: state.edge.budget.clone(),
        held: held.clone(),
        charged: reserved,
        seen: 0,
    });
    let resp = next.run(Request::from_parts(parts, body)).await;
    // The handler has returned: whatever it buffered is gone, and so is the charge.
    drop(held);
    resp
}

/// The error a streamed body yields when the budget has no room for its next bytes.
#[derive(Debug)]
struct OverBudget;

impl std::fmt::Display for OverBudget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("request body budget exhausted")
    }
}

impl std::error::Error for OverBudget {}

/// A request body that charges the bytes it yields beyond its reservation to the budget.
struct Charged {
    inner: Body,
    budget: Arc<Semaphore>,
    held: Arc<Mutex<Vec<OwnedSemaphorePermit>>>,
    /// Bytes charged so far.
    charged: u64,
    /// Bytes yielded so far.
    seen: u64,
}

impl HttpBody for Charged {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        let frame = match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(f))) => f,
            other => return other,
        };
        if let Some(data) = frame.data_ref() {
            this.seen += data.len() as u64;
            if this.seen > this.charged {
                // Charge in steps of 64 KiB so that small chunks do not each take the lock.
                let need = (this.seen - this.charged).max(64 << 10);
                match this.budget.clone().try_acquire_many_owned(units(need)) {
                    Ok(p) => {
                        this.charged += u64::from(units(need)) * BUDGET_UNIT as u64;
                        if let Ok(mut h) = this.held.lock() {
                            h.push(p);
                        }
                    }
                    Err(_) => return Poll::Ready(Some(Err(axum::Error::new(OverBudget)))),
                }
            }
        }
        Poll::Ready(Some(Ok(frame)))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api"
}

/// An error answered by the edge itself: the envelope on the API, the error page elsewhere.
async fn edge_error(state: &AppState, path: &str, err: AppError) -> Response {
    if is_api(path) { err.into_response() } else { crate::view::error_page(state, path, err).await }
}

// ---------------------------------------------------------------------------------------------
// The API envelope for extractor rejections

/// `Path` for the API: a malformed path parameter is 400 `invalid_path` in the envelope.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(ApiPath(v)),
            Err(e) => Err(path_error(&e)),
        }
    }
}

fn path_error(e: &PathRejection) -> AppError {
    tracing::debug!(error = %e.body_text(), "path rejected");
    AppError::new(StatusCode::BAD_REQUEST, "invalid_path", "路径中的参数格式不正确。")
}

/// `Query` for the API: a malformed query string is 400 `invalid_query` in the envelope.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(ApiQuery(v)),
            Err(e) => Err(query_error(&e)),
        }
    }
}

fn query_error(e: &QueryRejection) -> AppError {
    AppError::new(StatusCode::BAD_REQUEST, "invalid_query", format!("查询参数格式不正确：{}", e.body_text()))
}

/// A JSON body that could not be read: 413 `payload_too_large` when over the limit, 415
/// without a JSON content type, otherwise 422 `invalid_json`.
pub fn json_error(e: JsonRejection) -> AppError {
    json_error_as(e, "invalid_json", "请求体不是有效的 JSON")
}

/// [`json_error`] with the route's own code and message for a body that is JSON but not the
/// expected shape (or not JSON at all).
pub fn json_error_as(e: JsonRejection, code: &'static str, what: &str) -> AppError {
    match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => too_large(BODY_LIMIT),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "请求体须为 JSON（Content-Type: application/json）。",
        ),
        _ if is_over_budget(&e) => busy(),
        _ => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, code, format!("{what}：{}", e.body_text())),
    }
}

/// Whether a body error (or one of its causes) is a streamed body over the budget.
pub(crate) fn is_over_budget(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err.is::<OverBudget>() {
            return true;
        }
        cur = err.source();
    }
    false
}

/// `Json` for the API, with [`json_error`] for its rejections.
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;
    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(e) => Err(json_error(e)),
        }
    }
}

/// The safety net under `/api/v1`: an error response that is not JSON (a rejection of an
/// extractor used directly, 405 from the router) is replaced by the envelope.
pub async fn api_envelope(req: Request, next: Next) -> Response {
    let resp = next.run(req).await;
    let status = resp.status();
    let is_json = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error())
        || is_json
        || resp.extensions().get::<AppError>().is_some()
    {
        return resp;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "提交的内容过大。"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "请求体的类型不受支持。"),
        StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "该地址不支持此请求方法。"),
        StatusCode::REQUEST_TIMEOUT => ("timeout", "处理超时，请稍后再试。"),
        StatusCode::UNPROCESSABLE_ENTITY => ("invalid_input", "请求内容无法处理。"),
        s if s.is_server_error() => ("internal_error", "系统内部错误，请稍后再试。"),
        _ => ("bad_request", "请求格式不正确。"),
    };
    let mut out = AppError::new(status, code, message).into_response();
    if let Some(allow) = resp.headers().get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn cidr_matching() {
        let n = IpNet::parse("10.0.0.0/8").expect("net");
        assert!(n.contains(ip("10.1.2.3")));
        assert!(!n.contains(ip("11.0.0.1")));
        assert!(n.contains(ip("::ffff:10.0.0.9")), "IPv4-mapped addresses match IPv4 blocks");
        let v6 = IpNet::parse("fd00::/8").expect("net");
        assert!(v6.contains(ip("fd12::1")) && !v6.contains(ip("fe80::1")));
        assert!(IpNet::parse("0.0.0.0/0").expect("all").contains(ip("8.8.8.8")));
        assert!(IpNet::parse("10.0.0.0/33").is_none());
        assert!(parse_trusted_proxies("127.0.0.1, 10.0.0.0/8").is_ok());
        assert!(parse_trusted_proxies("proxy.local").is_err());
    }

    #[test]
    fn forwarded_for_only_through_trusted_peers() {
        let trusted = parse_trusted_proxies("127.0.0.1,10.0.0.0/8").expect("parse");
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("1.1.1.1, 203.0.113.7, 10.0.0.5"));
        // Untrusted peer: the header is ignored.
        assert_eq!(client_ip(Some(ip("198.51.100.1")), &h, &trusted), Some(ip("198.51.100.1")));
        // Trusted peer: the rightmost untrusted entry (the forged 1.1.1.1 is ignored).
        assert_eq!(client_ip(Some(ip("127.0.0.1")), &h, &trusted), Some(ip("203.0.113.7")));
        // Garbage stops the walk at the last trusted hop.
        h.insert("x-forwarded-for", HeaderValue::from_static("nonsense, 10.0.0.5"));
        assert_eq!(client_ip(Some(ip("127.0.0.1")), &h, &trusted), Some(ip("10.0.0.5")));
        assert_eq!(client_ip(None, &h, &trusted), None);
    }

    #[test]
    fn pages_are_bounded() {
        assert_eq!(page_clamped(Some("1000000000")), MAX_PAGE);
        assert_eq!(page_clamped(Some("-5")), 1);
        assert_eq!(page_clamped(Some("abc")), 1);
        assert_eq!(page_clamped(Some("99999999999999999999999")), 1);
        assert!(api_page(Some("1001")).is_err() && api_page(Some("0")).is_err());
        assert_eq!(api_page(None).ok(), Some(1));
        assert_eq!(offset(i64::MAX, i64::MAX), (MAX_PAGE - 1) * MAX_PAGE_SIZE);
    }
}
