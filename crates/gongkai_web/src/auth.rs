//! Staff authentication: argon2 password hashes, session cookies, CSRF tokens and the login
//! rate limiter.
//!
//! - The session cookie holds a random 256-bit token; the database keeps only its SHA-256, so a
//!   stolen database does not yield live sessions. Cookies are `HttpOnly`, `SameSite=Lax`,
//!   `Secure` (configurable for plain-HTTP intranets) and expire with the session.
//! - Every state-changing staff form carries the session's CSRF token (synchroniser pattern);
//!   the login form, which has no session yet, uses a double-submit cookie.
//! - Failed logins are counted per (login name, client address), per client address and per
//!   login name ([`Budgets`]); past a budget, logins are refused with 429 until the window
//!   passes. The client address is `edge::ClientAddr` (trusted proxies only).

use crate::AppState;
use crate::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
pub use gongkai_app::accounts::{
    MIN_PASSWORD_CHARS, check_password_policy, hash_password, is_api_token, new_api_token, random_token,
    token_hash, tokens_equal, verify_password,
};
use gongkai_store::{Session, User};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const SESSION_COOKIE: &str = "gongkai_session";
pub const LOGIN_CSRF_COOKIE: &str = "gongkai_login_csrf";

/// The value of one cookie from the request headers.
/// The double-submit CSRF token of a form without a session (login, public forms): the
/// browser's well-formed token in cookie `name` if it has one, else a new one.
pub fn double_submit_token(headers: &HeaderMap, name: &str) -> String {
    cookie(headers, name)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or_else(random_token)
}

/// Whether a submitted double-submit token matches the one in cookie `name`.
pub fn double_submit_ok(headers: &HeaderMap, name: &str, submitted: &str) -> bool {
    let expected = cookie(headers, name).unwrap_or_default();
    !expected.is_empty() && tokens_equal(&expected, submitted)
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` header value.
pub fn set_cookie(name: &str, value: &str, max_age: Duration, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let v = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}", max_age.as_secs());
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A `Set-Cookie` header value that deletes the cookie.
pub fn clear_cookie(name: &str, secure: bool) -> HeaderValue {
    set_cookie(name, "", Duration::ZERO, secure)
}

pub fn append_set_cookie(headers: &mut HeaderMap, v: HeaderValue) {
    headers.append(SET_COOKIE, v);
}

/// The signed-in staff member, if any. Extracting it never fails: a missing, expired or forged
/// cookie simply yields `None` (and is logged).
#[derive(Debug, Clone)]
pub struct MaybeStaff(pub Option<Session>);

impl FromRequestParts<AppState> for MaybeStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        // An API token (issue 14): `Authorization: Bearer gk_…` acts as the token's user.
        if let Some(bearer) = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        {
            let bearer = bearer.trim();
            if !is_api_token(bearer) {
                tracing::warn!("refused a malformed API token");
                return Ok(MaybeStaff(None));
            }
            let session = state.store.api_token_session(&token_hash(bearer), chrono::Utc::now()).await?;
            if session.is_none() {
                tracing::warn!("refused an unknown, revoked or expired API token");
            }
            return Ok(MaybeStaff(session));
        }
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else { return Ok(MaybeStaff(None)) };
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            tracing::warn!("refused a malformed session cookie");
            return Ok(MaybeStaff(None));
        }
        let session = state.store.get_session(&token_hash(&token), chrono::Utc::now()).await?;
        if session.is_none() {
            tracing::warn!("refused an unknown or expired session cookie");
        }
        Ok(MaybeStaff(session))
    }
}

/// The signed-in staff member; pages that need one reject anonymous visitors (the page layer
/// turns that into a redirect to the login page).
#[derive(Debug, Clone)]
pub struct Staff(pub Session);

impl Staff {
    pub fn user(&self) -> &User {
        &self.0.user
    }
    /// Checks a submitted CSRF token against the session's.
    pub fn verify_csrf(&self, submitted: &str) -> Result<(), AppError> {
        if tokens_equal(submitted, &self.0.csrf_token) {
            Ok(())
        } else {
            tracing::warn!(user = %self.0.user.username, "refused a form with a missing or wrong CSRF token");
            Err(AppError::csrf())
        }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match MaybeStaff::from_request_parts(parts, state).await?.0 {
            // A temporary password (an admin's reset or an import) is changed before anything
            // else is done in the browser (issue 14); an API token is not a password.
            Some(s)
                if s.user.must_change_password
                    && s.user.via_token.is_none()
                    && !matches!(parts.uri.path(), "/staff/password" | "/staff/logout") =>
            {
                Err(AppError::new(
                    axum::http::StatusCode::FORBIDDEN,
                    "password_change_required",
                    "您的密码是管理员设置的临时密码，请先修改密码。",
                ))
            }
            Some(s) => Ok(Staff(s)),
            None => Err(AppError::unauthenticated()),
        }
    }
}

/// The failure budgets of a [`LoginLimiter`], within its window.
#[derive(Debug, Clone, Copy)]
pub struct Budgets {
    /// Failures of one client on one account: the usual lock-out.
    pub per_account_and_client: usize,
    /// Failures of one client over all accounts: one client cannot try many accounts.
    pub per_client: usize,
    /// Failures on one account over all clients: stops distributed guessing; much higher than
    /// the per-client budgets so that one client cannot lock an account for everyone else.
    pub per_account: usize,
}

/// Counts failed logins in a sliding window, with separate budgets per (account, client), per
/// client and per account (issue 11: behind a proxy the client is `edge::client_ip`).
#[derive(Debug)]
pub struct LoginLimiter {
    budgets: Budgets,
    window: Duration,
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl LoginLimiter {
    pub fn new(budgets: Budgets, window: Duration) -> Self {
        Self { budgets, window, failures: Mutex::new(HashMap::new()) }
    }

    fn keys(username: &str, client: &str) -> [String; 3] {
        let account = username.trim().to_lowercase();
        [format!("u:{account}|{client}"), format!("c:{client}"), format!("a:{account}")]
    }

    /// Whether another attempt is allowed now.
    pub fn allowed(&self, username: &str, client: &str) -> bool {
        let now = Instant::now();
        let Ok(mut map) = self.failures.lock() else { return false };
        let [pair, per_client, per_account] = Self::keys(username, client);
        let mut count = |k: &str| {
            map.get_mut(k).map_or(0, |v| {
                v.retain(|t| now.duration_since(*t) < self.window);
                v.len()
            })
        };
        let b = self.budgets;
        count(&pair) < b.per_account_and_client
            && count(&per_client) < b.per_client
            && count(&per_account) < b.per_account
    }

    pub fn record_failure(&self, username: &str, client: &str) {
        let now = Instant::now();
        if let Ok(mut map) = self.failures.lock() {
            if map.len() > 100_000 {
                map.clear(); // bounded memory under a flood
            }
            for k in Self::keys(username, client) {
                let v = map.entry(k).or_default();
                // A key never needs more entries than the largest budget it is compared with.
                if v.len() >= 10_000 {
                    v.remove(0);
                }
                v.push(now);
            }
        }
    }

    pub fn record_success(&self, username: &str, client: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&Self::keys(username, client)[0]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_roundtrip() {
        let h = hash_password("correct horse battery").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn policy() {
        assert!(check_password_policy("short").is_err());
        assert!(check_password_policy("1234567890").is_err());
        assert!(check_password_policy("示例县信息公开2026").is_ok());
    }

    #[test]
    fn cookies_parse() {
        let mut h = HeaderMap::new();
        h.insert(COOKIE, HeaderValue::from_static("a=1; gongkai_session=abc; b=2"));
        assert_eq!(cookie(&h, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "zzz"), None);
        let v = set_cookie("x", "y", Duration::from_secs(60), true);
        let s = v.to_str().expect("ascii");
        assert!(
            s.contains("HttpOnly")
                && s.contains("SameSite=Lax")
                && s.contains("Secure")
                && s.contains("Max-Age=60")
        );
    }

    #[test]
    fn limiter_blocks_after_max_failures() {
        let l = LoginLimiter::new(
            Budgets { per_account_and_client: 3, per_client: 12, per_account: 100 },
            Duration::from_secs(60),
        );
        for _ in 0..3 {
            assert!(l.allowed("Admin", "1.2.3.4"));
            l.record_failure("admin", "1.2.3.4");
        }
        assert!(!l.allowed("admin", "1.2.3.4"));
        assert!(l.allowed("admin", "5.6.7.8"), "another client is not blocked");
    }

    #[test]
    fn tokens_compare() {
        assert!(tokens_equal("abc", "abc"));
        assert!(!tokens_equal("abc", "abd"));
        assert!(!tokens_equal("abc", "ab"));
    }
}
