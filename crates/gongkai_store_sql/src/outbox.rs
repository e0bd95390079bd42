//! [`gongkai_store::OutboxStore`] for both backends (`impl_outbox_store!`): plain statements
//! whose `$n` placeholders and `RETURNING` both backends accept.

pub(crate) const COLS: &str = "id, channel, recipient, subject, body, reference, created_at, attempts, \
     next_attempt_at, sent_at, failed_at, last_error";

#[derive(sqlx::FromRow)]
pub(crate) struct Row {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub reference: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub attempts: i64,
    pub next_attempt_at: chrono::DateTime<chrono::Utc>,
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    pub failed_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_error: String,
}

impl From<Row> for gongkai_store::OutboxMessage {
    fn from(r: Row) -> Self {
        Self {
            id: r.id,
            channel: r.channel,
            recipient: r.recipient,
            subject: r.subject,
            body: r.body,
            reference: r.reference,
            created_at: r.created_at,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            sent_at: r.sent_at,
            failed_at: r.failed_at,
            last_error: r.last_error,
        }
    }
}

macro_rules! impl_outbox_store {
    ($ty:ty, $db:ty) => {
        #[async_trait::async_trait]
        impl gongkai_store::OutboxStore for $ty {
            async fn enqueue(&self, new: gongkai_store::NewOutboxMessage) -> gongkai_store::StoreResult<i64> {
                let now = chrono::Utc::now();
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO outbox (channel, recipient, subject, body, reference, created_at, next_attempt_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(&new.channel)
                .bind(&new.recipient)
                .bind(&new.subject)
                .bind(&new.body)
                .bind(&new.reference)
                .bind(now)
                .bind(now)
                .fetch_one(&self.pool)
                .await
                .map_err($crate::db_err)?;
                Ok(id)
            }

            async fn claim_due(
                &self,
                now: chrono::DateTime<chrono::Utc>,
                lease_until: chrono::DateTime<chrono::Utc>,
                limit: i64,
            ) -> gongkai_store::StoreResult<Vec<gongkai_store::OutboxMessage>> {
                // One statement: the rows chosen are leased before any other worker can choose them.
                let sql = format!(
                    "UPDATE outbox SET next_attempt_at = $1, attempts = attempts + 1 \
                     WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL \
                                  AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3) \
                       AND sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
                     RETURNING {}",
                    $crate::outbox::COLS
                );
                let mut rows: Vec<$crate::outbox::Row> = sqlx::query_as(&sql)
                    .bind(lease_until)
                    .bind(now)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                rows.sort_by_key(|r| r.id);
                Ok(rows.into_iter().map(Into::into).collect())
            }

            async fn mark_sent(&self, id: i64, at: chrono::DateTime<chrono::Utc>) -> gongkai_store::StoreResult<()> {
                sqlx::query("UPDATE outbox SET sent_at = $1, last_error = '' WHERE id = $2")
                    .bind(at)
                    .bind(id)
                    .execute(&self.pool)
                    .await
                    .map_err($crate::db_err)?;
                Ok(())
            }

            async fn mark_failed(
                &self,
                id: i64,
                error: &str,
                retry_at: Option<chrono::DateTime<chrono::Utc>>,
            ) -> gongkai_store::StoreResult<()> {
                let error: String = error.chars().take(500).collect();
                let q = match retry_at {
                    Some(at) => sqlx::query("UPDATE outbox SET next_attempt_at = $1, last_error = $2 WHERE id = $3")
                        .bind(at)
                        .bind(error)
                        .bind(id),
                    None => sqlx::query("UPDATE outbox SET failed_at = $1, last_error = $2 WHERE id = $3")
                        .bind(chrono::Utc::now())
                        .bind(error)
                        .bind(id),
                };
                q.execute(&self.pool).await.map_err($crate::db_err)?;
                Ok(())
            }

            async fn outbox_for(&self, reference: &str) -> gongkai_store::StoreResult<Vec<gongkai_store::OutboxMessage>> {
                let sql = format!("SELECT {} FROM outbox WHERE reference = $1 ORDER BY id", $crate::outbox::COLS);
                let rows: Vec<$crate::outbox::Row> =
                    sqlx::query_as(&sql).bind(reference).fetch_all(&self.pool).await.map_err($crate::db_err)?;
                Ok(rows.into_iter().map(Into::into).collect())
            }
        }
    };
}
