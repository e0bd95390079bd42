//! Issue 11, the HTTP edge: bounded list parameters (class 2), one body budget with CSRF checked
//! before files are read (class 4), client addresses behind trusted proxies and separate login
//! budgets (class 7), `base_url` for absolute links (class 11) and the API envelope for every
//! error (class 12). Every hostile input is built here.

use super::common::*;

/// 甲县人民政府 with an admin and an editor.
async fn setup(config: WebConfig) -> TestApp {
    TestApp::builder()
        .config(config)
        .county()
        .user(0, "admin_a", &[Role::Admin])
        .user(0, "editor_a", &[Role::Editor])
        .plain_display_names()
        .build()
        .await
}
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{StatusCode, header};
use gongkai_domain::role::Role;
use gongkai_web::WebConfig;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

const BOUNDARY: &str = "----gongkaihardening";

fn part(name: &str, value: &str) -> String {
    format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
}

fn file_part_head(name: &str, file: &str) -> String {
    format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/pdf\r\n\r\n"
    )
}

/// A request body that yields `prefix`, then records that it was read further (and fails),
/// or waits for `release` and then yields `rest`.
struct Tripwire {
    prefix: Option<Bytes>,
    read_past: Arc<AtomicBool>,
    release: Option<tokio::sync::oneshot::Receiver<Bytes>>,
    finished: bool,
}

impl Tripwire {
    fn new(prefix: impl Into<Bytes>) -> (Self, Arc<AtomicBool>) {
        let flag = Arc::new(AtomicBool::new(false));
        (
            Tripwire { prefix: Some(prefix.into()), read_past: flag.clone(), release: None, finished: false },
            flag,
        )
    }
}

impl HttpBody for Tripwire {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        if let Some(p) = self.prefix.take() {
            return Poll::Ready(Some(Ok(http_body::Frame::data(p))));
        }
        if self.finished {
            return Poll::Ready(None);
        }
        match self.release.as_mut() {
            Some(rx) => match Pin::new(rx).poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(rest)) => {
                    self.release = None;
                    self.finished = true;
                    Poll::Ready(Some(Ok(http_body::Frame::data(rest))))
                }
                Poll::Ready(Err(_)) => Poll::Ready(None),
            },
            None => {
                self.read_past.store(true, Ordering::SeqCst);
                Poll::Ready(Some(Err(std::io::Error::other("read past the tripwire"))))
            }
        }
    }
}

use std::future::Future;

// ---------------------------------------------------------------------------------------------
// Class 2: every page parameter is bounded.

fn search_doc(id: i64) -> gongkai_search::SearchDoc {
    gongkai_search::SearchDoc {
        id,
        index_number: format!("000000000000000000/2026-{id:05}"),
        title: format!("关于发放耕地地力保护补贴的通知（{id}）"),
        doc_number: None,
        agency_id: 1,
        agency_name: "甲县人民政府".into(),
        category: "综合政务".into(),
        genre: "通知".into(),
        validity: "有效".into(),
        published_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        body: "补贴资金通过一卡通发放到户。".into(),
        attachments_text: String::new(),
        url: format!("/publications/{id}"),
    }
}

#[tokio::test]
async fn page_numbers_are_bounded_on_the_portal_the_console_and_the_api() {
    let mut app = setup(WebConfig::default()).await;
    let index = Arc::new(gongkai_search::SearchIndex::in_memory().expect("index"));
    index.rebuild((1..=30).map(search_doc).collect::<Vec<_>>()).expect("rebuild");
    app.state.search.install(index.clone());
    // The search engine itself: a page far beyond the bound keeps the total and allocates nothing.
    let far = gongkai_search::Query {
        q: Some("补贴".into()),
        page: usize::MAX,
        per_page: 20,
        agencies: None,
        ..Default::default()
    };
    let hits = index.search(&far).expect("search");
    assert_eq!((hits.total, hits.items.len()), (30, 0));
    let hits = index.search(&gongkai_search::Query { page: 1_000_000_000, q: None, ..far }).expect("search");
    assert!(hits.items.is_empty());

    // Portal: a normal page, never a 500 or an abort.
    for path in [
        format!("/search?q={}&page=1000000000", enc("补贴")),
        "/search?page=99999999999999999999999".into(),
        "/catalog?page=9223372036854775807".into(),
        "/catalog?page=-3".into(),
    ] {
        let r = app.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", &r.body[..r.body.len().min(300)]);
    }
    // API: 400 with a stable code beyond the bound.
    for path in [
        format!("/api/v1/publications?q={}&page=1000000000", enc("补贴")),
        "/api/v1/publications?page=1001".into(),
        "/api/v1/publications?page=0".into(),
        "/api/v1/publications?page=abc".into(),
    ] {
        let r = app.get(&path).await;
        assert_eq!((r.status, r.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_page"), "{path}");
    }
    let r = app.get(&format!("/api/v1/publications?q={}&page=2", enc("补贴"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["total"], 30);
    assert_eq!(r.json()["items"].as_array().map(Vec::len), Some(10));

    // Staff lists and the staff API.
    app.login("editor_a").await;
    let r = app.get("/api/v1/requests?page=1000000000").await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_page"));
    for path in ["/staff/requests?page=9223372036854775807", "/staff/catalog?page=9223372036854775807"] {
        let r = app.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// Class 4: one body budget; 413 by Content-Length; CSRF before files.

#[tokio::test]
async fn oversized_bodies_are_refused_by_their_declared_length_without_reading() {
    let mut app = setup(WebConfig::default()).await;
    let apply = format!("/agencies/{}/apply", app.county);
    for (path, len, json) in [
        (apply.as_str(), 60u64 << 20, false),
        ("/api/v1/requests", 3 << 20, true),
        ("/staff/login", 3 << 20, false),
    ] {
        let (body, read_past) = Tripwire::new(Bytes::new());
        let req = app
            .request("POST", path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .header(header::CONTENT_LENGTH, len.to_string())
            .body(Body::new(body))
            .expect("req");
        let r = app.send(req).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert!(!read_past.load(Ordering::SeqCst), "{path}: the body was read");
        if json {
            assert_eq!(r.code(), "payload_too_large");
        } else {
            assert!(r.body.contains("上传的文件过大"), "{path}: {}", r.body);
        }
    }
    assert_eq!(app.state.edge.budget_available(), app.state.edge.budget_total());
}

#[tokio::test]
async fn a_forged_csrf_token_is_refused_before_any_file_is_read() {
    let mut app = setup(WebConfig::default()).await;
    let apply = format!("/agencies/{}/apply", app.county);
    // Public form (double-submit cookie): the browser has a cookie, the form carries another token.
    app.get(&apply).await;
    assert!(app.cookies.contains_key(gongkai_web::auth::LOGIN_CSRF_COOKIE));
    let mut staff = app.browser("198.51.100.2", None);
    staff.login("editor_a").await;
    for (who, path) in [(&mut app, apply.clone()), (&mut staff, "/staff/requests/new".to_string())] {
        for first in [part("csrf_token", &"0".repeat(64)), part("name", "x")] {
            // The client sends the token (forged, or none at all: another field comes first) and
            // the start of a 40 MB file, then nothing more: the answer must come without waiting
            // for (or buffering) the file.
            let prefix = format!("{first}{}%PDF-1.7\n", file_part_head("files", "a.pdf"));
            let (mut body, _) = Tripwire::new(prefix);
            let (_never, rx) = tokio::sync::oneshot::channel::<Bytes>();
            body.release = Some(rx);
            let req = who
                .request("POST", &path)
                .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
                .header(header::CONTENT_LENGTH, (40u64 << 20).to_string())
                .body(Body::new(body))
                .expect("req");
            let r =
                tokio::time::timeout(std::time::Duration::from_secs(20), who.send(req)).await.unwrap_or_else(
                    |_| panic!("{path}: the server waited for the file before checking the token"),
                );
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
            assert!(r.body.contains("表单已失效"), "{path}");
        }
    }
}

#[tokio::test]
async fn request_bodies_share_one_budget_across_the_process() {
    let config = WebConfig { body_budget_bytes: 1 << 20, ..WebConfig::default() };
    let app = setup(config).await;
    let total = app.state.edge.budget_total();
    assert_eq!(total, 1 << 20);
    // A slow client holds 900 KB of the budget with a body it has not finished sending.
    let (tx, rx) = tokio::sync::oneshot::channel();
    let (mut slow, _) = Tripwire::new(Bytes::from_static(b"{\"agency\":"));
    slow.release = Some(rx);
    let mut a = app.browser("198.51.100.10", None);
    let req = a
        .request("POST", "/api/v1/requests")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, (900u64 << 10).to_string())
        .body(Body::new(slow))
        .expect("req");
    let first = tokio::spawn(async move { a.send(req).await });
    while app.state.edge.budget_available() == total {
        tokio::task::yield_now().await;
    }
    assert!(app.state.edge.budget_available() < 200 << 10);
    // Another declared body that does not fit waits, then is turned away without being read.
    let mut b = app.browser("198.51.100.11", None);
    let (body, read_past) = Tripwire::new(Bytes::new());
    let req = b
        .request("POST", "/api/v1/requests")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, (500u64 << 10).to_string())
        .body(Body::new(body))
        .expect("req");
    let r = b.send(req).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::SERVICE_UNAVAILABLE, "server_busy"));
    assert!(!read_past.load(Ordering::SeqCst));
    // A chunked body (no declared length) is charged as it streams: 300 KB do not fit either.
    let chunked = Body::new(http_body_util_stream(vec![Bytes::from(vec![b' '; 300 << 10])]));
    let req = b
        .request("POST", "/api/v1/requests")
        .header(header::CONTENT_TYPE, "application/json")
        .body(chunked)
        .expect("req");
    let r = b.send(req).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::SERVICE_UNAVAILABLE, "server_busy"), "{}", r.body);
    // The slow client finishes; its charge is released and the server takes bodies again.
    tx.send(Bytes::from_static(b"1}")).expect("send");
    let r = first.await.expect("join");
    assert!(r.status.is_client_error(), "{}", r.body);
    assert_eq!(app.state.edge.budget_available(), total);
    let r = b.get("/healthz").await;
    assert_eq!(r.status, StatusCode::OK);
}

/// A body of the given chunks whose length is not known in advance (like `Transfer-Encoding:
/// chunked`).
fn http_body_util_stream(chunks: Vec<Bytes>) -> impl HttpBody<Data = Bytes, Error = std::io::Error> {
    struct Chunks(std::collections::VecDeque<Bytes>);
    impl HttpBody for Chunks {
        type Data = Bytes;
        type Error = std::io::Error;
        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
            Poll::Ready(self.0.pop_front().map(|c| Ok(http_body::Frame::data(c))))
        }
    }
    Chunks(chunks.into())
}

// ---------------------------------------------------------------------------------------------
// Class 7: client addresses behind trusted proxies; separate login budgets.

#[tokio::test]
async fn forged_forwarded_for_from_an_untrusted_peer_is_ignored() {
    let app = setup(WebConfig::default()).await;
    for i in 0..5 {
        let mut b = app.browser("198.51.100.7", Some(&format!("203.0.113.{i}")));
        assert_eq!(b.login_with("admin_a", "wrong-password-1").await.status, StatusCode::UNAUTHORIZED);
    }
    // Still the same client, whatever it claims.
    let mut b = app.browser("198.51.100.7", Some("203.0.113.99"));
    assert_eq!(b.login_with("admin_a", PW).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Another client logs in to the same account.
    let mut other = app.browser("198.51.100.8", None);
    assert_eq!(other.login_with("admin_a", PW).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_budgets() {
    let trusted = gongkai_web::edge::parse_trusted_proxies("127.0.0.1, 10.0.0.0/8").expect("parse");
    let app = setup(WebConfig { trusted_proxies: trusted, ..WebConfig::default() }).await;
    // Client X (through two proxies; its own forged entry on the left is ignored) fails 5 times.
    let x = |app: &TestApp| app.browser("127.0.0.1", Some("192.0.2.50, 203.0.113.5, 10.1.1.1"));
    for _ in 0..5 {
        assert_eq!(x(&app).login_with("admin_a", "wrong-password-1").await.status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(x(&app).login_with("admin_a", PW).await.status, StatusCode::TOO_MANY_REQUESTS);
    // Client Y behind the same proxy is not locked out of the same account.
    let mut y = app.browser("127.0.0.1", Some("203.0.113.6"));
    assert_eq!(y.login_with("admin_a", PW).await.status, StatusCode::SEE_OTHER);

    // One client failing on many accounts is stopped (20 per client) — without locking others.
    let z = |app: &TestApp| app.browser("127.0.0.1", Some("203.0.113.7"));
    for i in 0..20 {
        assert_eq!(
            z(&app).login_with(&format!("nobody{i}"), "wrong-password-1").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(z(&app).login_with("editor_a", PW).await.status, StatusCode::TOO_MANY_REQUESTS);
    let mut w = app.browser("127.0.0.1", Some("203.0.113.8"));
    assert_eq!(w.login_with("editor_a", PW).await.status, StatusCode::SEE_OTHER);

    // Wrong 查询码: counted per client, so one client cannot block tracking for everyone.
    let track = "/api/v1/requests/track?number=20260001&code=WRONGCODE";
    for _ in 0..10 {
        assert_eq!(x(&app).get(track).await.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(x(&app).get(track).await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(y.get(track).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_account_wide_budget_stops_guessing_from_many_clients() {
    let app = setup(WebConfig { login_account_max_failures: 6, ..WebConfig::default() }).await;
    for i in 0..6 {
        let mut b = app.browser(&format!("198.51.100.{}", 20 + i), None);
        assert_eq!(b.login_with("admin_a", "wrong-password-1").await.status, StatusCode::UNAUTHORIZED);
    }
    let mut fresh = app.browser("198.51.100.99", None);
    assert_eq!(fresh.login_with("admin_a", PW).await.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        fresh.login_with("editor_a", PW).await.status,
        StatusCode::SEE_OTHER,
        "other accounts unaffected"
    );
}

// ---------------------------------------------------------------------------------------------
// Class 11: absolute links from base_url, never a Host-derived body cached publicly.

#[tokio::test]
async fn feeds_and_sitemap_use_base_url_and_never_cache_a_host_derived_body_publicly() {
    let mut app = setup(WebConfig::default()).await;
    for path in ["/feed.atom", "/sitemap.xml"] {
        let req =
            app.request("GET", path).header(header::HOST, "evil.example").body(Body::empty()).expect("req");
        let r = app.send(req).await;
        assert_eq!(r.status, StatusCode::OK);
        let cc = r.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().expect("ascii")).unwrap_or("");
        assert!(cc.contains("private") && !cc.contains("public"), "{path}: {cc}");
        assert!(r.headers.get(header::VARY).is_some_and(|v| v.to_str().expect("ascii").contains("Host")));
    }
    let config = WebConfig { base_url: Some("https://gk.example.gov.cn".into()), ..WebConfig::default() };
    let mut app = setup(config).await;
    for path in ["/feed.atom", "/sitemap.xml"] {
        let req =
            app.request("GET", path).header(header::HOST, "evil.example").body(Body::empty()).expect("req");
        let r = app.send(req).await;
        assert!(r.body.contains("https://gk.example.gov.cn/"), "{path}: {}", r.body);
        assert!(!r.body.contains("evil.example"), "{path}");
        let cc = r.headers.get(header::CACHE_CONTROL).map(|v| v.to_str().expect("ascii")).unwrap_or("");
        assert!(cc.contains("public"), "{path}: {cc}");
    }
}

// ---------------------------------------------------------------------------------------------
// Class 12: the envelope for every API error; a long form field says so.

#[tokio::test]
async fn api_rejections_use_the_envelope() {
    let mut app = setup(WebConfig::default()).await;
    app.login("editor_a").await;
    let r = app.get("/api/v1/requests/not-a-number").await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_path"));
    let r = app.get("/api/v1/requests?year=abc").await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::BAD_REQUEST, "invalid_query"));
    // 3 MB of JSON: 413, declared or streamed.
    let big = format!("{{\"description\":\"{}\"}}", "x".repeat(3 << 20));
    let req = app
        .request("POST", "/api/v1/requests")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(big.clone()))
        .expect("req");
    let r = app.send(req).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    let req = app
        .request("POST", "/api/v1/requests")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(http_body_util_stream(vec![Bytes::from(big)])))
        .expect("req");
    let r = app.send(req).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    let req = app.request("POST", "/api/v1/requests").body(Body::from("{}")).expect("req");
    let r = app.send(req).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"));
    let req = app.request("DELETE", "/api/v1/agencies").body(Body::empty()).expect("req");
    let r = app.send(req).await;
    assert_eq!((r.status, r.code().as_str()), (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
    let r = app.get("/api/v1/requests/track?number=1&code=x&number=2").await;
    assert!(r.status.is_client_error());
    assert!(!r.code().is_empty(), "{}", r.body);
}

#[tokio::test]
async fn a_form_field_over_64_kb_gets_its_own_message() {
    let mut app = setup(WebConfig::default()).await;
    let apply = format!("/agencies/{}/apply", app.county);
    let page = app.get(&apply).await;
    let csrf = hidden(&page.body, "csrf_token");
    let body = format!(
        "{}{}--{BOUNDARY}--\r\n",
        part("csrf_token", &csrf),
        part("description", &"长".repeat(30_000))
    );
    let req = app
        .request("POST", &apply)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
        .body(Body::from(body))
        .expect("req");
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", &r.body[..r.body.len().min(500)]);
    assert!(r.body.contains("填写的内容过长") && r.body.contains("description"), "{}", r.body);
    assert!(!r.body.contains("上传的内容过大"), "not a message about files");
}
