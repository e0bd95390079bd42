//! The two real [`Store`] backends, chosen once from the database URL.
//!
//! - [`sqlite::SqliteStore`] (default): one embedded file, WAL, foreign keys on, busy timeout,
//!   `synchronous=FULL` so an acknowledged commit survives a crash; writers take the write lock up
//!   front (`BEGIN IMMEDIATE`) so two processes on one file never deadlock or lose a write.
//! - [`postgres::PgStore`]: for large multi-agency deployments. Writers serialise on one
//!   transaction-scoped advisory lock, which keeps the audit chain a single line.
//!
//! Both share one implementation of the trait ([`impl_store!`]): the SQL is identical (`$1`
//! placeholders work in both), only connection set-up, migrations and the write-lock statement
//! differ. This is a deliberate change from the architecture note's two crates: one crate keeps
//! the shared query code in one place instead of copying it per backend (see
//! docs/ARCHITECTURE.md).

mod catalog_rows;
mod request_rows;
mod rows;
#[macro_use]
mod reports;
#[macro_use]
mod requests;
#[macro_use]
mod catalog;
#[macro_use]
mod outbox;
#[macro_use]
mod consultations;
#[macro_use]
mod messages;
#[macro_use]
mod shared;
pub mod postgres;
pub mod sqlite;

use gongkai_store::{Store, StoreError};
use std::path::Path;
use std::sync::Arc;

/// Which backend a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(String),
    Postgres(String),
}

/// A database URL that cannot be used, reported before anything is touched.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error(
        "unknown database URL scheme {scheme:?} in {url}: use sqlite:///path/to/file.sqlite3 or postgres://user@host/db"
    )]
    UnknownScheme { scheme: String, url: String },
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, UrlError> {
        let scheme = url.split_once(':').map(|(s, _)| s).unwrap_or("");
        match scheme {
            "sqlite" => Ok(DatabaseUrl::Sqlite(url.to_string())),
            "postgres" | "postgresql" => Ok(DatabaseUrl::Postgres(url.to_string())),
            _ => Err(UrlError::UnknownScheme { scheme: scheme.to_string(), url: redact_url(url) }),
        }
    }
}

/// Replaces the password in a URL with `***` (for errors and logs).
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// The SQLite URL of the default database file inside a data directory.
pub fn sqlite_url_for_dir(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("gongkai.sqlite3").display())
}

/// Connects to the backend the URL names and applies its migrations (idempotently).
pub async fn connect(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    match DatabaseUrl::parse(url).map_err(|e| StoreError::Unavailable(e.to_string()))? {
        DatabaseUrl::Sqlite(u) => Ok(Arc::new(sqlite::SqliteStore::open(&u).await?)),
        DatabaseUrl::Postgres(u) => Ok(Arc::new(postgres::PgStore::connect(&u).await?)),
    }
}

/// Maps a sqlx error to a [`StoreError`]; `on_unique` / `on_fk` name what clashed or is missing.
pub(crate) fn map_err(e: sqlx::Error, on_unique: &'static str, on_fk: &'static str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(on_unique),
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound(on_fk),
        sqlx::Error::Database(db) => {
            let msg = db.message();
            if msg.contains("database is locked") || msg.contains("database is busy") {
                StoreError::Unavailable(
                    "the database is locked by another program (database is locked)".into(),
                )
            } else if msg.contains("file is not a database") || msg.contains("malformed") {
                StoreError::Corrupt(format!("the database file is damaged: {msg}"))
            } else {
                StoreError::Backend(msg.to_string())
            }
        }
        sqlx::Error::PoolTimedOut | sqlx::Error::Io(_) | sqlx::Error::PoolClosed => {
            StoreError::Unavailable(e.to_string())
        }
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => StoreError::Corrupt(e.to_string()),
        _ => StoreError::Backend(e.to_string()),
    }
}

pub(crate) fn db_err(e: sqlx::Error) -> StoreError {
    map_err(e, "row", "row")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(matches!(DatabaseUrl::parse("sqlite:///tmp/x.sqlite3"), Ok(DatabaseUrl::Sqlite(_))));
        assert!(matches!(DatabaseUrl::parse("postgres://u@h/db"), Ok(DatabaseUrl::Postgres(_))));
        assert!(matches!(DatabaseUrl::parse("postgresql://u@h/db"), Ok(DatabaseUrl::Postgres(_))));
        let e = DatabaseUrl::parse("mysql://root:hunter2@h/db").expect_err("refused");
        assert!(e.to_string().contains("mysql"));
        assert!(!e.to_string().contains("hunter2"), "{e}");
    }

    #[test]
    fn redaction() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_url("sqlite:///x"), "sqlite:///x");
    }
}
