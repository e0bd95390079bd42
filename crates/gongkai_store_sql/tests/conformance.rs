//! Runs the backend conformance suite against SQLite always and PostgreSQL when
//! `GONGKAI_TEST_POSTGRES_URL` is set (CI sets it). Each case gets a fresh database.

use gongkai_store::Store;
use std::sync::Arc;

mod sqlite {
    use super::*;

    async fn fresh() -> Option<Arc<dyn Store>> {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("t.sqlite3").display());
        let store = gongkai_store_sql::sqlite::SqliteStore::open(&url).await.expect("open sqlite");
        // keep the directory for the test's lifetime
        std::mem::forget(dir);
        Some(Arc::new(store))
    }

    gongkai_store::conformance_tests!(fresh);
}

mod postgres {
    use super::*;

    async fn fresh() -> Option<Arc<dyn Store>> {
        let base = std::env::var("GONGKAI_TEST_POSTGRES_URL").ok()?;
        let url =
            gongkai_store_sql::postgres::fresh_test_database(&base).await.expect("create test database");
        Some(Arc::new(gongkai_store_sql::postgres::PgStore::connect(&url).await.expect("connect")))
    }

    gongkai_store::conformance_tests!(fresh);
}
