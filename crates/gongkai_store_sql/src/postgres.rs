//! The PostgreSQL backend, for large multi-agency deployments.

use gongkai_store::StoreError;
use sqlx::postgres::{PgPool, PgPoolOptions};
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// The advisory-lock key every writer takes: one writer at a time keeps the audit chain linear.
const WRITE_LOCK_KEY: i64 = 0x676f_6e67_6b61; // "gongka"

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        let shown = crate::redact_url(url);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|e| {
                StoreError::Unavailable(format!("cannot reach PostgreSQL at {shown}: {}", clean(&e, url)))
            })?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Unavailable(format!("{shown}: migrations failed: {e}")))?;
        Ok(PgStore { pool })
    }

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        let mut tx = self.pool.begin().await.map_err(crate::db_err)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(WRITE_LOCK_KEY)
            .execute(&mut *tx)
            .await
            .map_err(crate::db_err)?;
        Ok(tx)
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// An error's text with any copy of the URL's password removed.
fn clean(e: &sqlx::Error, url: &str) -> String {
    let text = e.to_string();
    match url.split_once("://").and_then(|(_, r)| r.split_once('@')).and_then(|(ui, _)| ui.split_once(':')) {
        Some((_, pw)) if !pw.is_empty() => text.replace(pw, "***"),
        _ => text,
    }
}

impl_request_store!(PgStore, sqlx::Postgres);
impl_report_store!(PgStore, sqlx::Postgres);
impl_catalog_store!(PgStore, sqlx::Postgres);
impl_outbox_store!(PgStore, sqlx::Postgres);
impl_consultation_store!(PgStore, sqlx::Postgres);
impl_message_store!(PgStore, sqlx::Postgres);
impl_store!(PgStore, sqlx::Postgres, "postgres");

/// Creates a new, uniquely named database on the server `base_url` points at and returns its
/// URL. For tests: each test gets an empty database.
pub async fn fresh_test_database(base_url: &str) -> Result<String, StoreError> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(base_url).await.map_err(|e| {
        StoreError::Unavailable(format!("cannot reach PostgreSQL at {}: {e}", crate::redact_url(base_url)))
    })?;
    let nanos =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = format!("gongkai_test_{}_{}_{}", std::process::id(), nanos % 1_000_000_000, n);
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.map_err(crate::db_err)?;
    // replace the database path of the URL
    let (prefix, query) = match base_url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (base_url, None),
    };
    let (scheme, rest) = prefix.split_once("://").unwrap_or(("postgres", prefix));
    let host_part = rest.split('/').next().unwrap_or(rest);
    let mut url = format!("{scheme}://{host_part}/{name}");
    if let Some(q) = query {
        url.push('?');
        url.push_str(q);
    }
    Ok(url)
}
