//! Runs the backend conformance suite against SQLite always and PostgreSQL when
//! `GONGKAI_TEST_POSTGRES_URL` is set (CI sets it). Each case gets a fresh database.

use chrono::NaiveDate;
use gongkai_domain::clock::Channel;
use gongkai_store::conformance::{facts, make_county, new_request};
use gongkai_store::{Actor, RequestRecord, RequestStore, Store};
use std::sync::Arc;

/// The SQL that puts a request back into its pre-0006 form: kebab-case channel in the column
/// and in the facts JSON (`$1` = the request id).
const SPELL_OLD: &str = "UPDATE requests SET channel = 'registered-mail', \
     facts = REPLACE(facts, '\"channel\":\"registered_mail\"', '\"channel\":\"registered-mail\"') WHERE id = $1";

/// A registered-mail request whose applicant typed the old spelling into the description: the
/// migration must leave the applicant's text alone.
async fn registered_mail_request(store: &dyn Store) -> RequestRecord {
    let county = make_county(store).await;
    let submitted = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let mut f = facts("11010519491231002X", r#"请公开"channel":"registered-mail"一事"#, submitted);
    f.channel = Channel::RegisteredMail;
    store.create_request(&Actor::system(), new_request(county.id, f)).await.expect("create")
}

/// The row as stored: (channel column, facts JSON).
fn assert_spelling(row: &(String, String), channel: &str) {
    assert_eq!(row.0, channel, "denormalised column");
    assert!(row.1.contains(&format!(r#""channel":"{channel}""#)), "facts: {}", row.1);
    assert!(
        row.1.contains(r#"\"channel\":\"registered-mail\""#),
        "the applicant's own text is never rewritten: {}",
        row.1
    );
}

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

    /// A row written before migration 0006 (kebab-case channel) still loads, and 0006
    /// rewrites it to snake_case in the column and the facts JSON.
    #[tokio::test]
    async fn migration_0006_rewrites_kebab_case_channels() {
        let dir = tempfile::tempdir().expect("tempdir");
        let url = format!("sqlite://{}", dir.path().join("t.sqlite3").display());
        let store = gongkai_store_sql::sqlite::SqliteStore::open(&url).await.expect("open sqlite");
        let rec = registered_mail_request(&store).await;
        let select = "SELECT channel, facts FROM requests WHERE id = $1";
        let pool = store.pool();
        sqlx::query(SPELL_OLD).bind(rec.id).execute(pool).await.expect("spell old");
        let old: (String, String) = sqlx::query_as(select).bind(rec.id).fetch_one(pool).await.expect("row");
        assert_spelling(&old, "registered-mail");
        let loaded = store.get_request(rec.id).await.expect("get").expect("some");
        assert_eq!(loaded.facts, rec.facts, "the old spelling still loads");

        // Forget that 0006 ran; opening the store applies it again.
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 6").execute(pool).await.expect("forget");
        drop(store);
        let store = gongkai_store_sql::sqlite::SqliteStore::open(&url).await.expect("reopen");
        let new: (String, String) =
            sqlx::query_as(select).bind(rec.id).fetch_one(store.pool()).await.expect("row");
        assert_spelling(&new, "registered_mail");
        let loaded = store.get_request(rec.id).await.expect("get").expect("some");
        assert_eq!(loaded.facts, rec.facts);
    }
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

    /// As for SQLite: a pre-0006 row loads, and 0006 rewrites it.
    #[tokio::test]
    async fn migration_0006_rewrites_kebab_case_channels() {
        let Ok(base) = std::env::var("GONGKAI_TEST_POSTGRES_URL") else { return };
        let url =
            gongkai_store_sql::postgres::fresh_test_database(&base).await.expect("create test database");
        let store = gongkai_store_sql::postgres::PgStore::connect(&url).await.expect("connect");
        let rec = registered_mail_request(&store).await;
        let select = "SELECT channel, facts FROM requests WHERE id = $1";
        let pool = store.pool();
        sqlx::query(SPELL_OLD).bind(rec.id).execute(pool).await.expect("spell old");
        let old: (String, String) = sqlx::query_as(select).bind(rec.id).fetch_one(pool).await.expect("row");
        assert_spelling(&old, "registered-mail");
        let loaded = store.get_request(rec.id).await.expect("get").expect("some");
        assert_eq!(loaded.facts, rec.facts, "the old spelling still loads");

        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 6").execute(pool).await.expect("forget");
        drop(store);
        let store = gongkai_store_sql::postgres::PgStore::connect(&url).await.expect("reconnect");
        let new: (String, String) =
            sqlx::query_as(select).bind(rec.id).fetch_one(store.pool()).await.expect("row");
        assert_spelling(&new, "registered_mail");
        let loaded = store.get_request(rec.id).await.expect("get").expect("some");
        assert_eq!(loaded.facts, rec.facts);
    }
}
