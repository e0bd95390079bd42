//! The outbox (issue 16): notifications written as rows, sent by a worker with retries. A send
//! that fails never undoes the business action that queued it; a row is claimed with a lease so
//! two workers (two nodes) never send it at the same time.

use crate::StoreResult;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A notification to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOutboxMessage {
    /// `email` (SMS and webhooks later).
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    /// What it is about, e.g. `request:12` — for the staff page's delivery status.
    pub reference: String,
}

/// A queued notification and its delivery state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub channel: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub reference: String,
    pub created_at: DateTime<Utc>,
    pub attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// Set when the worker gave up (too many attempts).
    pub failed_at: Option<DateTime<Utc>>,
    pub last_error: String,
}

#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Queues a notification, due now. Answers its id.
    async fn enqueue(&self, new: NewOutboxMessage) -> StoreResult<i64>;
    /// Claims up to `limit` notifications due at `now` (neither sent nor given up), moving their
    /// next attempt to `lease_until` and counting the attempt, in one statement: a second
    /// worker does not get them until the lease runs out.
    async fn claim_due(
        &self,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: i64,
    ) -> StoreResult<Vec<OutboxMessage>>;
    /// Records a successful send.
    async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
    /// Records a failed attempt: retried at `retry_at`, or given up when `None`.
    async fn mark_failed(&self, id: i64, error: &str, retry_at: Option<DateTime<Utc>>) -> StoreResult<()>;
    /// The notifications about `reference`, oldest first.
    async fn outbox_for(&self, reference: &str) -> StoreResult<Vec<OutboxMessage>>;
}
