//! Gongkai's web layer (axum): the public portal, the staff console and the JSON API.
//!
//! Invariants:
//! - this crate never names a database backend: it holds an `Arc<dyn Store>`;
//! - templates and static assets are compiled into the binary (`include_str!`);
//! - every state-changing form is CSRF-protected (`auth::verify_csrf`), every staff page checks
//!   the user's agency before reading or changing anything of another agency (`access`).
//!
//! To add a feature: a handler module under `routes/`, its routes in `router.rs`, its
//! templates under `templates/` (registered in `templates.rs`).

pub mod access;
pub mod annual;
pub mod auth;
pub mod catalog;
pub mod error;
pub mod letters;
pub mod requests;
pub mod router;
mod routes;
pub mod sandbox;
pub mod templates;

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
    pub login_window: Duration,
    /// Whether the fee payment period stops the reply clock (`ClockSettings`; default true).
    pub fee_period_pauses_clock: bool,
    /// Wrong 查询码 attempts allowed per client within [`WebConfig::login_window`].
    pub tracking_max_failures: usize,
    /// A fixed "today" (tests and reproducible demos); `None` = Beijing time now.
    pub fixed_today: Option<chrono::NaiveDate>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            session_ttl: Duration::from_secs(8 * 3600),
            cookie_secure: true,
            login_max_failures: 5,
            login_window: Duration::from_secs(15 * 60),
            fee_period_pauses_clock: true,
            tracking_max_failures: 10,
            fixed_today: None,
        }
    }
}

/// Shared state of every handler.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub templates: Arc<templates::Templates>,
    pub config: Arc<WebConfig>,
    pub limiter: Arc<auth::LoginLimiter>,
    /// Wrong tracking codes, per client.
    pub track_limiter: Arc<auth::LoginLimiter>,
    /// The catalog's search index (`catalog::search_index`).
    pub search: Arc<catalog::SearchHandle>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        let limiter = auth::LoginLimiter::new(config.login_max_failures, config.login_window);
        let track_limiter = auth::LoginLimiter::new(config.tracking_max_failures, config.login_window);
        Self {
            track_limiter: Arc::new(track_limiter),
            store,
            templates: Arc::new(templates::Templates::new()),
            config: Arc::new(config),
            limiter: Arc::new(limiter),
            search: Arc::default(),
        }
    }
}
