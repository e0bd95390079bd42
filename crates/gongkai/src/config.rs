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
    /// Log filter (tracing `EnvFilter` syntax), e.g. `info` or `gongkai=debug,info`.
    pub log: String,
    /// Whether the period from a fee notice to payment stops the reply clock. The sources do
    /// not settle it (regulation.md §1.12); default true. See docs/CALENDAR.md.
    pub fee_period_pauses_clock: bool,
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
            log: "info".into(),
            fee_period_pauses_clock: true,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("database_url", &gongkai_store_sql::redact_url(&self.database_url))
            .field("session_ttl_minutes", &self.session_ttl_minutes)
            .field("cookie_secure", &self.cookie_secure)
            .field("login_max_failures", &self.login_max_failures)
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

# Failed logins allowed per login name and client address within 15 minutes.
login_max_failures = 5

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
