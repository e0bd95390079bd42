//! The one web test harness (issue 12): a real router in process over a real store (a fresh
//! SQLite file per test, or a fresh PostgreSQL database when `GONGKAI_TEST_POSTGRES_URL` is
//! set), seeded through the store, with a browser that keeps cookies, sends forms, multipart
//! bodies and JSON, and can come from another client address (trusted-proxy tests).
//!
//! ```ignore
//! let mut app = TestApp::builder().today("2026-03-02").county().dept().user(0, "editor", &[Role::Editor]).build().await;
//! app.login("editor").await;
//! let page = app.get("/staff/requests").await;
//! ```

// What every test module uses, re-exported (a prelude).
pub use axum::Router;
pub use axum::body::Body;
pub use axum::extract::ConnectInfo;
pub use axum::http::{HeaderMap, Request, StatusCode, header};
pub use chrono::NaiveDate;
pub use gongkai_domain::agency::{AgencyCode, AgencyKind, AgencyLevel, OfficeContact};
pub use gongkai_domain::role::Role;
pub use gongkai_store::{Actor, AuditEntry, NewAgency, NewUser, Store};
pub use gongkai_web::{AppState, WebConfig};
pub use serde_json::{Value, json};
pub use std::collections::HashMap;
pub use std::net::SocketAddr;
pub use std::sync::Arc;
pub use tower::ServiceExt;

/// Every seeded account's password.
pub const PW: &str = "correct-horse-2026";

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// An answer, read whole.
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
    /// The API error envelope's code.
    pub fn code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
    }
    /// The body with minijinja's `&#x2f;` for `/` undone, so that assertions can name paths.
    pub fn page(&self) -> String {
        self.body.replace("&#x2f;", "/")
    }
    pub fn location(&self) -> Option<String> {
        self.headers.get(header::LOCATION).map(|v| v.to_str().expect("ascii").to_owned())
    }
}

/// One agency to seed; `parent` is the index of an earlier one.
#[derive(Clone)]
pub struct AgencySeed {
    pub name: &'static str,
    pub level: AgencyLevel,
    pub kind: AgencyKind,
    pub code: Option<&'static str>,
    pub parent: Option<usize>,
    pub phone: &'static str,
}

impl AgencySeed {
    pub fn new(name: &'static str) -> Self {
        Self {
            name,
            level: AgencyLevel::County,
            kind: AgencyKind::Government,
            code: None,
            parent: None,
            phone: "",
        }
    }
    pub fn under(mut self, parent: usize) -> Self {
        self.parent = Some(parent);
        self
    }
    pub fn level(mut self, level: AgencyLevel) -> Self {
        self.level = level;
        self
    }
    pub fn kind(mut self, kind: AgencyKind) -> Self {
        self.kind = kind;
        self
    }
    pub fn code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }
    pub fn phone(mut self, phone: &'static str) -> Self {
        self.phone = phone;
        self
    }
}

/// What a test starts from.
pub struct Builder {
    config: WebConfig,
    agencies: Vec<AgencySeed>,
    users: Vec<(usize, &'static str, Vec<Role>)>,
    plain_names: bool,
}

impl Builder {
    pub fn config(mut self, config: WebConfig) -> Self {
        self.config = config;
        self
    }
    /// A fixed "today".
    pub fn today(mut self, day: &str) -> Self {
        self.config.fixed_today = Some(d(day));
        self
    }
    pub fn agency(mut self, a: AgencySeed) -> Self {
        self.agencies.push(a);
        self
    }
    /// 甲县人民政府 (agency 0 when first).
    pub fn county(self) -> Self {
        self.agency(AgencySeed::new("甲县人民政府"))
    }
    /// 甲县教育局, a department under agency 0.
    pub fn dept(self) -> Self {
        self.agency(AgencySeed::new("甲县教育局").under(0).kind(AgencyKind::Department))
    }
    /// An account at agency `agency` (an index), password [`PW`].
    pub fn user(mut self, agency: usize, name: &'static str, roles: &[Role]) -> Self {
        self.users.push((agency, name, roles.to_vec()));
        self
    }
    /// Display names equal to login names (default: login name + "名").
    pub fn plain_display_names(mut self) -> Self {
        self.plain_names = true;
        self
    }

    pub async fn build(self) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("t.sqlite3").display());
        let store: Arc<dyn Store> =
            Arc::new(gongkai_store_sql::sqlite::SqliteStore::open(&url).await.expect("open sqlite"));
        self.build_on(store, dir).await
    }

    /// On PostgreSQL when `GONGKAI_TEST_POSTGRES_URL` is set (CI sets it), else `None`.
    pub async fn build_postgres(self) -> Option<TestApp> {
        let base = std::env::var("GONGKAI_TEST_POSTGRES_URL").ok()?;
        let url = gongkai_store_sql::postgres::fresh_test_database(&base).await.expect("database");
        let store: Arc<dyn Store> =
            Arc::new(gongkai_store_sql::postgres::PgStore::connect(&url).await.expect("connect"));
        Some(self.build_on(store, tempfile::tempdir().expect("tempdir")).await)
    }

    async fn build_on(self, store: Arc<dyn Store>, dir: tempfile::TempDir) -> TestApp {
        let mut agencies = Vec::new();
        for a in &self.agencies {
            let contact = OfficeContact {
                office_name: format!("{}办公室", a.name),
                phone: a.phone.into(),
                ..Default::default()
            };
            let new = NewAgency {
                name: a.name.into(),
                level: a.level,
                kind: a.kind,
                code: a.code.map(|c| AgencyCode::parse(c).expect("agency code")),
                parent_id: a.parent.map(|i| agencies[i]),
                contact,
            };
            agencies.push(store.create_agency(&Actor::system(), new).await.expect("agency").id);
        }
        let hash = gongkai_app::accounts::hash_password(PW).expect("hash");
        let mut users = HashMap::new();
        for (agency, name, roles) in self.users {
            let u = NewUser {
                agency_id: agencies[agency],
                username: name.into(),
                display_name: if self.plain_names { name.into() } else { format!("{name}名") },
                roles,
                password_hash: hash.clone(),
            };
            users.insert(name, store.create_user(&Actor::system(), u).await.expect("user").id);
        }
        let state = AppState::new(store.clone(), self.config.clone());
        TestApp {
            router: gongkai_web::build_router(state.clone()),
            state,
            store,
            config: self.config,
            cookies: HashMap::new(),
            county: agencies.first().copied().unwrap_or_default(),
            agencies,
            users,
            peer: "198.51.100.1:40000".parse().expect("addr"),
            forwarded_for: None,
            _dir: Arc::new(dir),
        }
    }
}

/// One browser on an in-process server (a clone is the same browser: same cookies).
#[derive(Clone)]
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub store: Arc<dyn Store>,
    pub config: WebConfig,
    pub cookies: HashMap<String, String>,
    /// The first seeded agency.
    pub county: i64,
    /// Every seeded agency's id, in seeding order.
    pub agencies: Vec<i64>,
    /// Seeded accounts' ids by login name.
    pub users: HashMap<&'static str, i64>,
    /// The socket peer of this browser's requests, and its `X-Forwarded-For`.
    pub peer: SocketAddr,
    pub forwarded_for: Option<String>,
    _dir: Arc<tempfile::TempDir>,
}

impl TestApp {
    pub fn builder() -> Builder {
        Builder { config: WebConfig::default(), agencies: Vec::new(), users: Vec::new(), plain_names: false }
    }

    /// Another browser on the same server (no cookies).
    pub fn other_browser(&self) -> Self {
        TestApp {
            router: self.router.clone(),
            state: self.state.clone(),
            store: self.store.clone(),
            config: self.config.clone(),
            cookies: HashMap::new(),
            county: self.county,
            agencies: self.agencies.clone(),
            users: self.users.clone(),
            peer: self.peer,
            forwarded_for: self.forwarded_for.clone(),
            _dir: self._dir.clone(),
        }
    }

    /// Another browser, connecting from `peer` with `X-Forwarded-For: xff`.
    pub fn browser(&self, peer: &str, xff: Option<&str>) -> Self {
        let mut b = self.other_browser();
        b.peer = format!("{peer}:40000").parse().expect("addr");
        b.forwarded_for = xff.map(str::to_owned);
        b
    }

    /// The same server on another day (the clock moves; sessions stay).
    pub fn on(&mut self, today: &str) {
        self.config.fixed_today = Some(d(today));
        self.state = AppState::new(self.store.clone(), self.config.clone());
        self.router = gongkai_web::build_router(self.state.clone());
    }

    /// A request builder with this browser's cookies and forwarding header.
    pub fn request(&self, method: &str, path: &str) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path).header(header::COOKIE, self.cookie_header());
        if let Some(x) = &self.forwarded_for {
            b = b.header("x-forwarded-for", x);
        }
        b
    }

    pub async fn send(&mut self, mut req: Request<Body>) -> Resp {
        req.extensions_mut().insert(ConnectInfo(self.peer));
        let resp = self.router.clone().oneshot(req).await.expect("response");
        for v in resp.headers().get_all(header::SET_COOKIE) {
            let s = v.to_str().expect("ascii cookie");
            let (kv, _) = s.split_once(';').unwrap_or((s, ""));
            if let Some((k, v)) = kv.split_once('=') {
                if v.is_empty() {
                    self.cookies.remove(k);
                } else {
                    self.cookies.insert(k.to_string(), v.to_string());
                }
            }
        }
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), 64 << 20).await.expect("body").to_vec();
        Resp { status, headers, body: String::from_utf8_lossy(&bytes).into_owned(), bytes }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        let req = self.request("GET", path).body(Body::empty()).expect("req");
        self.send(req).await
    }

    /// Posts an urlencoded form.
    pub async fn post(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        let body = form.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&");
        let req = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .expect("req");
        self.send(req).await
    }

    pub async fn post_form(&mut self, path: &str, form: &[(&str, &str)]) -> Resp {
        self.post(path, form).await
    }

    /// Posts a multipart form: fields, then files as (field, file name, bytes).
    pub async fn multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Resp {
        let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(f, n, b)| (*f, *n, b.as_slice())).collect();
        self.post_multipart(path, fields, &files).await
    }

    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, &[u8])],
    ) -> Resp {
        let req = self
            .request("POST", path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={BOUNDARY}"))
            .body(Body::from(multipart_body(fields, files)))
            .expect("req");
        self.send(req).await
    }

    /// Sends JSON.
    pub async fn json(&mut self, method: &str, path: &str, v: &Value) -> Resp {
        let req = self
            .request(method, path)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(v.to_string()))
            .expect("req");
        self.send(req).await
    }

    /// A call with an API token (no cookie).
    pub async fn api(&mut self, method: &str, path: &str, token: &str, body: Option<Value>) -> Resp {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        let body = match body {
            Some(v) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(v.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).expect("req")).await
    }

    /// A fresh API token acting as `login`.
    pub async fn token_for(&self, login: &str) -> String {
        let (u, _) = self.store.find_login(login).await.unwrap().unwrap();
        let token = gongkai_web::auth::new_api_token();
        self.store
            .create_api_token(&Actor::system(), u.id, "测试", &gongkai_web::auth::token_hash(&token), None)
            .await
            .unwrap();
        token
    }

    /// One login attempt with the form's double-submit token.
    pub async fn login_with(&mut self, user: &str, password: &str) -> Resp {
        let page = self.get("/staff/login").await;
        let token = hidden(&page.body, "csrf_token");
        let form = [("username", user), ("password", password), ("csrf_token", &token), ("next", "/staff")];
        self.post("/staff/login", &form).await
    }

    /// Signs in with [`PW`]; the test fails unless it succeeds.
    pub async fn login(&mut self, user: &str) {
        let r = self.login_with(user, PW).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "login {user}: {}", r.body);
    }

    /// The signed-in user's CSRF token.
    pub async fn csrf(&mut self) -> String {
        let page = self.get("/staff").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        hidden(&page.body, "csrf_token")
    }

    pub async fn audit(&self) -> Vec<AuditEntry> {
        self.store.audit_after(0, 10_000).await.expect("audit")
    }

    /// Performs an action on the request page as the signed-in user.
    pub async fn act(&mut self, id: i64, fields: &[(&str, &str)]) -> Resp {
        let page = self.get(&format!("/staff/requests/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let csrf = hidden(&page.body, "csrf_token");
        let version = hidden(&page.body, "version");
        let mut form = vec![("csrf_token", csrf.as_str()), ("version", version.as_str())];
        form.extend_from_slice(fields);
        self.post(&format!("/staff/requests/{id}/action"), &form).await
    }
}

pub const BOUNDARY: &str = "----gongkai-test-boundary-7MA4YWxkTrZu0gW";

pub fn multipart_body(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend(
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    for (field, name, data) in files {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(*data);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Percent-encoding for form bodies.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The value of the hidden input `name` in a page.
pub fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden {name} in page")) + marker.len();
    html[start..].split('"').next().expect("value").to_string()
}
