//! The embedded SQLite backend (the default: `gongkai serve` needs nothing else).

use gongkai_store::StoreError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// How long a writer waits for another process's write lock before reporting the file locked.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    /// Opens (creating if missing) the database file the `sqlite://` URL names, checks it is a
    /// healthy SQLite file, and applies migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let opts = SqliteConnectOptions::from_str(url)
            .map_err(|e| StoreError::Unavailable(format!("bad SQLite URL {url}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // Durable commits: an acknowledged write survives a crash or power loss.
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT);
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .acquire_timeout(BUSY_TIMEOUT + Duration::from_secs(5))
            .connect_with(opts)
            .await
            .map_err(|e| describe(url, e))?;
        let check: String =
            sqlx::query_scalar("PRAGMA quick_check").fetch_one(&pool).await.map_err(|e| describe(url, e))?;
        if check != "ok" {
            return Err(StoreError::Corrupt(format!(
                "{url}: the SQLite file fails its integrity check: {check}"
            )));
        }
        // Two processes may start on a fresh file at once: the loser of the race retries and
        // then finds the migrations applied.
        let mut attempt = 0;
        loop {
            match MIGRATOR.run(&pool).await {
                Ok(()) => break,
                Err(e) if attempt < 3 => {
                    attempt += 1;
                    tracing::debug!(error = %e, attempt, "migration attempt failed; retrying");
                    tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                }
                Err(e) => return Err(StoreError::Unavailable(format!("{url}: migrations failed: {e}"))),
            }
        }
        Ok(SqliteStore { pool })
    }

    /// Starts a write transaction holding the database write lock from its first statement
    /// (`BEGIN IMMEDIATE`), so concurrent writers queue on the busy timeout instead of failing
    /// when they upgrade a read lock.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(crate::db_err)
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

fn describe(url: &str, e: sqlx::Error) -> StoreError {
    match crate::db_err(e) {
        StoreError::Corrupt(m) => StoreError::Corrupt(format!("{url}: {m}")),
        StoreError::Unavailable(m) => StoreError::Unavailable(format!("{url}: {m}")),
        other => StoreError::Unavailable(format!("{url}: cannot open the SQLite database: {other}")),
    }
}

impl_request_store!(SqliteStore, sqlx::Sqlite);
impl_report_store!(SqliteStore, sqlx::Sqlite);
impl_catalog_store!(SqliteStore, sqlx::Sqlite);
impl_outbox_store!(SqliteStore, sqlx::Sqlite);
impl_consultation_store!(SqliteStore, sqlx::Sqlite);
impl_message_store!(SqliteStore, sqlx::Sqlite);
impl_store!(SqliteStore, sqlx::Sqlite, "sqlite");
