//! Layered configuration: defaults in code → optional TOML file → `GONGKAI_*` environment →
//! command-line flags. Secrets (the database password) are redacted in `Debug` and logs.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the HTTP server listens on.
    pub listen: String,
    /// Where Gongkai keeps its files (the SQLite database, later uploads and the search index).
    pub data_dir: PathBuf,
    /// `sqlite://…` or `postgres://…`; empty means the SQLite file inside `data_dir`.
    pub database_url: String,
    /// Staff sessions expire this many minutes after login.
    pub session_ttl_minutes: u64,
    /// Mark cookies `Secure` (keep true behind HTTPS; browsers accept it on http://localhost).
    pub cookie_secure: bool,
    /// Failed logins allowed per login name and client within 15 minutes.
    pub login_max_failures: usize,
    /// Failed logins allowed per client over all login names within 15 minutes.
    pub login_client_max_failures: usize,
    /// Failed logins allowed per login name over all clients within 15 minutes.
    pub login_account_max_failures: usize,
    /// Reverse proxies (IP addresses or CIDR blocks, comma-separated) whose `X-Forwarded-For`
    /// names the client; empty = trust none, the socket peer is the client.
    pub trusted_proxies: String,
    /// The site's public address for absolute links (feeds, sitemap), e.g.
    /// `https://gk.example.gov.cn`; empty = from the request's Host (answers then not cached
    /// publicly).
    pub base_url: String,
    /// Request bodies held in memory at once, whole server, in MiB.
    pub body_budget_mb: usize,
    /// Log filter (tracing `EnvFilter` syntax), e.g. `info` or `gongkai=debug,info`.
    pub log: String,
    /// Whether the period from a fee notice to payment stops the reply clock. The sources do
    /// not settle it (regulation.md §1.12); default true. See docs/CALENDAR.md.
    pub fee_period_pauses_clock: bool,
    /// Outgoing mail server (issue 16): `smtp://host:25`, `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS) or `smtps://host:465`; empty = no e-mail is sent.
    pub smtp_url: String,
    /// The sender of e-mail, e.g. `某县人民政府办公室 <gongkai@example.gov.cn>`.
    pub mail_from: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("gongkai-data"),
            database_url: String::new(),
            session_ttl_minutes: 8 * 60,
            cookie_secure: true,
            login_max_failures: 5,
            login_client_max_failures: 20,
            login_account_max_failures: 100,
            trusted_proxies: String::new(),
            base_url: String::new(),
            body_budget_mb: 256,
            log: "info".into(),
            fee_period_pauses_clock: true,
            smtp_url: String::new(),
            mail_from: String::new(),
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("database_url", &gongkai_store_sql::redact_url(&self.database_url))
            .field("smtp_url", &gongkai_store_sql::redact_url(&self.smtp_url))
            .field("mail_from", &self.mail_from)
            .field("session_ttl_minutes", &self.session_ttl_minutes)
            .field("cookie_secure", &self.cookie_secure)
            .field("login_max_failures", &self.login_max_failures)
            .field("login_client_max_failures", &self.login_client_max_failures)
            .field("login_account_max_failures", &self.login_account_max_failures)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("base_url", &self.base_url)
            .field("body_budget_mb", &self.body_budget_mb)
            .field("log", &self.log)
            .field("fee_period_pauses_clock", &self.fee_period_pauses_clock)
            .finish()
    }
}

impl Config {
    /// Loads defaults, then the TOML file if given, then `GONGKAI_*` variables.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Config> {
        let mut fig = Figment::from(Serialized::defaults(Config::default()));
        if let Some(f) = file {
            if !f.exists() {
                anyhow::bail!("config file {} does not exist", f.display());
            }
            fig = fig.merge(Toml::file(f));
        }
        // GONGKAI_CONFIG names the file itself and GONGKAI_LOG is read here too; other
        // GONGKAI_* names map to the fields above.
        fig = fig.merge(Env::prefixed("GONGKAI_").ignore(&["config", "test_postgres_url"]));
        fig.extract().map_err(|e| anyhow::anyhow!("invalid configuration: {e}"))
    }

    /// The parsed `trusted_proxies`.
    pub fn trusted_proxies(&self) -> anyhow::Result<Vec<gongkai_web::edge::IpNet>> {
        gongkai_web::edge::parse_trusted_proxies(&self.trusted_proxies).map_err(|e| anyhow::anyhow!(e))
    }

    /// The checked `base_url` (`http(s)://host[:port][/path]`, no trailing slash), if set.
    /// The outgoing mail settings, checked; `None` when `smtp_url` is empty.
    pub fn mail(&self) -> anyhow::Result<Option<gongkai_app::mail::MailSettings>> {
        if self.smtp_url.trim().is_empty() {
            return Ok(None);
        }
        let m = gongkai_app::mail::MailSettings {
            smtp_url: self.smtp_url.trim().to_owned(),
            from: self.mail_from.trim().to_owned(),
            base_url: self.base_url()?,
        };
        gongkai_app::mail::check(&m).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(Some(m))
    }

    pub fn base_url(&self) -> anyhow::Result<Option<String>> {
        let b = self.base_url.trim().trim_end_matches('/');
        if b.is_empty() {
            return Ok(None);
        }
        let rest = b.strip_prefix("https://").or_else(|| b.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| {
            !r.is_empty()
                && !r.starts_with('/')
                && r.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '?' | '#'))
        });
        if !ok {
            anyhow::bail!("base_url must look like https://gk.example.gov.cn (got “{b}”)");
        }
        Ok(Some(b.to_string()))
    }

    /// The effective database URL.
    pub fn database_url(&self) -> String {
        if self.database_url.trim().is_empty() {
            gongkai_store_sql::sqlite_url_for_dir(&self.data_dir)
        } else {
            self.database_url.trim().to_string()
        }
    }
}

/// The commented example printed by `gongkai config example`.
pub const EXAMPLE: &str = r#"# Gongkai configuration (TOML). Every key is optional; shown are the defaults.
# Precedence: these defaults < this file (--config FILE or GONGKAI_CONFIG) < GONGKAI_* environment
# variables (GONGKAI_LISTEN, GONGKAI_DATA_DIR, GONGKAI_DATABASE_URL, …) < command-line flags.

# Address the web server listens on. Use 0.0.0.0:8080 to serve other machines (behind HTTPS).
listen = "127.0.0.1:8080"

# Directory for Gongkai's files: the SQLite database (gongkai.sqlite3) and, later, uploads and
# the search index. Created if missing; must be writable.
data_dir = "gongkai-data"

# Database. Empty: the embedded SQLite file in data_dir (nothing else to install).
# For large multi-agency deployments use PostgreSQL:
#   database_url = "postgres://gongkai:PASSWORD@127.0.0.1:5432/gongkai"
# The password is never printed in logs or errors.
database_url = ""

# Staff sessions end this many minutes after login.
session_ttl_minutes = 480

# Send cookies only over HTTPS. Keep true in production; browsers also accept such cookies on
# http://localhost. Set false only on a plain-HTTP intranet.
cookie_secure = true

# Failed logins allowed per login name and client address within 15 minutes; per client over
# all login names; and per login name over all clients (high, so that one client cannot lock an
# account for everyone, while guessing from many addresses is still stopped).
login_max_failures = 5
login_client_max_failures = 20
login_account_max_failures = 100

# Reverse proxies whose X-Forwarded-For header is believed, as IP addresses or CIDR blocks,
# comma-separated (e.g. "127.0.0.1, 10.0.0.0/8"). The client address used by rate limits is
# then the rightmost X-Forwarded-For entry that is not one of these. Empty: trust no header,
# the connecting address is the client. Set it when serving behind nginx or a load balancer,
# otherwise every client shares the proxy's address and its rate limits.
trusted_proxies = ""

# The site's public address, used for absolute links in feeds and the sitemap, e.g.
# "https://gk.example.gov.cn". Empty: links are derived from the request's Host header and
# those answers are marked private (not stored by shared caches).
base_url = ""

# Request bodies (forms, uploads) held in memory at once by the whole server, in MiB. A request
# that does not fit waits up to 5 seconds, then gets 503.
body_budget_mb = 256

# Log filter: error, warn, info, debug, or per module, e.g. "gongkai=debug,info".
log = "info"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_parses_to_defaults() {
        let parsed: Config = toml_like(EXAMPLE);
        assert_eq!(parsed.listen, Config::default().listen);
        assert_eq!(parsed.session_ttl_minutes, 480);
        assert_eq!(parsed.body_budget_mb, 256);
        assert_eq!(parsed.login_account_max_failures, 100);
        assert!(parsed.trusted_proxies.is_empty() && parsed.base_url.is_empty());
    }

    #[test]
    fn edge_settings_are_checked() {
        let c = Config { trusted_proxies: "127.0.0.1, 10.0.0.0/8".into(), ..Config::default() };
        assert_eq!(c.trusted_proxies().expect("parses").len(), 2);
        let c = Config { trusted_proxies: "nginx".into(), ..Config::default() };
        assert!(c.trusted_proxies().is_err());
        let c = Config { base_url: "https://gk.example.gov.cn/".into(), ..Config::default() };
        assert_eq!(c.base_url().expect("ok").as_deref(), Some("https://gk.example.gov.cn"));
        let c = Config { base_url: "gk.example.gov.cn".into(), ..Config::default() };
        assert!(c.base_url().is_err());
    }

    fn toml_like(s: &str) -> Config {
        Figment::from(Toml::string(s)).extract().expect("example parses")
    }

    #[test]
    fn debug_redacts_password() {
        let c = Config { database_url: "postgres://u:hunter2@h/db".into(), ..Config::default() };
        let d = format!("{c:?}");
        assert!(!d.contains("hunter2"), "{d}");
        assert!(d.contains("***"));
    }

    #[test]
    fn default_url_is_sqlite_in_data_dir() {
        let c = Config { data_dir: PathBuf::from("/tmp/x"), ..Config::default() };
        assert_eq!(c.database_url(), "sqlite:///tmp/x/gongkai.sqlite3");
    }
}
