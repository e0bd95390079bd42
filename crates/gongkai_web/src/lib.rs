//! Gongkai's web layer (axum): the public portal, the staff console and the JSON API — routing,
//! extractors, handlers and page templates only. The use cases live in `gongkai_app`; a handler
//! parses input, calls one use case with `&state` (which derefs to the [`gongkai_app::App`]) and
//! renders the answer; `error` maps `gongkai_app::Error` to a status in one table.
//!
//! Invariants:
//! - this crate never names a database backend: it holds an `Arc<dyn Store>`;
//! - templates and static assets are compiled into the binary (`include_str!`);
//! - every state-changing form is CSRF-protected (`auth::verify_csrf`), every staff page checks
//!   the user's agency before reading or changing anything of another agency (`access`).
//!
//! To add a feature: a handler module under `routes/`, its routes in `router.rs`, its
//! templates under `templates/` (registered in `templates.rs`).

pub mod auth;
pub mod dto;
pub mod edge;
pub mod error;
pub mod multipart;
pub mod router;
mod routes;
pub mod templates;
pub mod view;

use gongkai_app::{App, AppSettings};
use gongkai_store::Store;
use std::sync::Arc;
use std::time::Duration;

pub use router::build_router;

/// Settings of the web layer (a slice of the binary's configuration).
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// How long a staff session lives after login.
    pub session_ttl: Duration,
    /// Whether cookies carry the `Secure` attribute (HTTPS deployments; browsers also accept
    /// secure cookies from http://localhost).
    pub cookie_secure: bool,
    /// Failed logins allowed per login name and client within [`WebConfig::login_window`].
    pub login_max_failures: usize,
    /// Failed logins allowed per client, whatever the login names, within the window.
    pub login_client_max_failures: usize,
    /// Failed logins allowed per login name, whatever the clients, within the window: high, so
    /// that guessing from many addresses is stopped without one client locking an account.
    pub login_account_max_failures: usize,
    pub login_window: Duration,
    /// Whether the fee payment period stops the reply clock (`ClockSettings`; default true).
    pub fee_period_pauses_clock: bool,
    /// Wrong 查询码 attempts allowed per client within [`WebConfig::login_window`].
    pub tracking_max_failures: usize,
    /// A fixed "today" (tests and reproducible demos); `None` = Beijing time now.
    pub fixed_today: Option<chrono::NaiveDate>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`edge::client_ip`); empty = none,
    /// the socket peer is the client.
    pub trusted_proxies: Vec<edge::IpNet>,
    /// The site's public address (`https://gk.example.gov.cn`) for absolute links (feeds,
    /// sitemap); `None` = derived from the request's `Host`, and such answers are not cached
    /// publicly.
    pub base_url: Option<String>,
    /// Request bodies held in memory at once, whole process (`edge::body_guard`).
    pub body_budget_bytes: usize,
    /// Outgoing e-mail (issue 16); `None`: none queued or sent.
    pub mail: Option<gongkai_app::mail::MailSettings>,
    /// Minimum consultation periods by kind of draft (意见征集).
    pub consultation_rules: gongkai_domain::public_consultation::PublicConsultationRules,
    /// 留言/找错 a client may file within [`WebConfig::message_window`] (issue 16), form and API
    /// together.
    pub message_max_per_client: usize,
    pub message_window: Duration,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(8 * 3600),
            cookie_secure: true,
            login_max_failures: 5,
            login_client_max_failures: 20,
            login_account_max_failures: 100,
            login_window: Duration::from_secs(15 * 60),
            fee_period_pauses_clock: true,
            tracking_max_failures: 10,
            fixed_today: None,
            trusted_proxies: Vec::new(),
            base_url: None,
            body_budget_bytes: edge::DEFAULT_BODY_BUDGET,
            mail: None,
            consultation_rules: Default::default(),
            message_max_per_client: 10,
            message_window: Duration::from_secs(3600),
        }
    }
}

/// Shared state of every handler: the use cases' [`App`] (store, settings, search index) plus
/// what only the web layer needs. It derefs to the `App`, so a handler passes `&state` to a use
/// case and reads `state.store`.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub templates: Arc<templates::Templates>,
    pub config: Arc<WebConfig>,
    pub limiter: Arc<auth::LoginLimiter>,
    /// Wrong tracking codes, per client.
    pub track_limiter: Arc<auth::LoginLimiter>,
    /// The body budget and trusted proxies (`edge`).
    pub edge: Arc<edge::Edge>,
    /// The first-run page's one-time token while the platform has no agency (issue 14);
    /// `serve` prints the link, the page refuses without it.
    pub setup_token: Arc<std::sync::Mutex<Option<String>>>,
    /// 留言/找错 filed, per client (every valid filing counts, a refused duplicate too).
    pub message_limiter: Arc<auth::LoginLimiter>,
}

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        let limiter = auth::LoginLimiter::new(
            auth::Budgets {
                per_account_and_client: config.login_max_failures,
                per_client: config.login_client_max_failures,
                per_account: config.login_account_max_failures,
            },
            config.login_window,
        );
        // Tracking: the "account" is the same for everyone, so only the client budgets count.
        let track_limiter = auth::LoginLimiter::new(
            auth::Budgets {
                per_account_and_client: config.tracking_max_failures,
                per_client: config.tracking_max_failures,
                per_account: usize::MAX,
            },
            config.login_window,
        );
        let message_limiter = auth::LoginLimiter::new(
            auth::Budgets {
                per_account_and_client: config.message_max_per_client,
                per_client: config.message_max_per_client,
                per_account: usize::MAX,
            },
            config.message_window,
        );
        let edge = Arc::new(edge::Edge::new(&config));
        let app = App::new(
            store,
            AppSettings {
                fixed_today: config.fixed_today,
                fee_period_pauses_clock: config.fee_period_pauses_clock,
                mail: config.mail.clone(),
                consultation_rules: config.consultation_rules,
            },
        );
        Self {
            app,
            track_limiter: Arc::new(track_limiter),
            templates: Arc::new(templates::Templates::new()),
            config: Arc::new(config),
            limiter: Arc::new(limiter),
            edge,
            message_limiter: Arc::new(message_limiter),
            setup_token: Arc::default(),
        }
    }

    /// Opens the first-run page: a fresh one-time token for its link (`/setup?token=…`).
    pub fn open_setup(&self) -> String {
        let token = gongkai_app::accounts::random_token();
        if let Ok(mut slot) = self.setup_token.lock() {
            *slot = Some(token.clone());
        }
        token
    }

    /// Whether `token` is the first-run page's token (constant-time).
    pub fn setup_token_is(&self, token: &str) -> bool {
        self.setup_token
            .lock()
            .ok()
            .and_then(|t| t.clone())
            .is_some_and(|t| gongkai_app::accounts::tokens_equal(&t, token))
    }

    /// Closes the first-run page (set up).
    pub fn close_setup(&self) {
        if let Ok(mut slot) = self.setup_token.lock() {
            *slot = None;
        }
    }
}

#[cfg(test)]
mod module_graph {
    //! Issue 12: no import circle among the crate's modules (handlers import shared helpers from
    //! `view`, `edge` and `multipart`, never each other in a ring).
    use std::collections::{BTreeMap, BTreeSet};

    /// `crate::a::b` paths used by each module, as module names (`routes::x` or `x`).
    fn graph() -> BTreeMap<String, BTreeSet<String>> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        for dir in [src.clone(), src.join("routes")] {
            for e in std::fs::read_dir(&dir).expect("src") {
                let p = e.expect("entry").path();
                if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        let name_of = |p: &std::path::Path| {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            if p.parent().is_some_and(|d| d.ends_with("routes")) { format!("routes::{stem}") } else { stem }
        };
        let modules: BTreeSet<String> = files.iter().map(|p| name_of(p)).collect();
        let mut g = BTreeMap::new();
        for p in &files {
            let me = name_of(p);
            if me == "lib" || me == "routes::mod" {
                continue;
            }
            let text = std::fs::read_to_string(p).expect("read");
            let mut deps = BTreeSet::new();
            for (i, _) in text.match_indices("crate::") {
                let rest: String = text[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                let mut parts = rest.split("::");
                let first = parts.next().unwrap_or_default();
                let dep = if first == "routes" {
                    format!("routes::{}", parts.next().unwrap_or_default())
                } else {
                    first.to_owned()
                };
                if dep != me && modules.contains(&dep) && dep != "lib" {
                    deps.insert(dep);
                }
            }
            g.insert(me, deps);
        }
        g
    }

    /// Issue 12: no function over 150 lines in any crate's `src` (rules read as their articles;
    /// a long function is split into named steps). A function runs from its `fn` line to the
    /// closing brace at the same indentation.
    #[test]
    fn no_function_is_longer_than_150_lines() {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(&crates)
            .expect("crates")
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("src"))
            .collect();
        while let Some(d) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&d) else { continue };
            for e in entries.filter_map(|e| e.ok()) {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        assert!(files.len() > 50, "{}", files.len());
        let mut long = Vec::new();
        for f in files {
            let text = std::fs::read_to_string(&f).expect("read");
            let lines: Vec<&str> = text.lines().collect();
            for (i, l) in lines.iter().enumerate() {
                let t = l.trim_start();
                let indent = l.len() - t.len();
                let is_fn = [
                    "fn ",
                    "pub fn ",
                    "async fn ",
                    "pub async fn ",
                    "pub(crate) fn ",
                    "pub(crate) async fn ",
                    "pub(super) fn ",
                ]
                .iter()
                .any(|p| t.starts_with(p));
                if !is_fn || t.ends_with(';') {
                    continue;
                }
                let close = " ".repeat(indent) + "}";
                let end = lines[i + 1..].iter().position(|x| x.trim_end() == close).map_or(0, |k| k + 2);
                if end > 150 {
                    long.push(format!("{}:{} {} lines", f.display(), i + 1, end));
                }
            }
        }
        assert!(long.is_empty(), "{long:#?}");
    }

    #[test]
    fn modules_import_each_other_without_a_circle() {
        let g = graph();
        assert!(g.len() > 20, "{g:?}");
        // Depth-first search for a back edge.
        fn visit<'a>(
            n: &'a str,
            g: &'a BTreeMap<String, BTreeSet<String>>,
            path: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) {
            if done.contains(n) {
                return;
            }
            if let Some(i) = path.iter().position(|p| *p == n) {
                panic!("import circle: {} → {n}", path[i..].join(" → "));
            }
            path.push(n);
            for d in g.get(n).into_iter().flatten() {
                visit(d, g, path, done);
            }
            path.pop();
            done.insert(n);
        }
        let mut done = BTreeSet::new();
        for n in g.keys() {
            visit(n, &g, &mut Vec::new(), &mut done);
        }
    }
}
