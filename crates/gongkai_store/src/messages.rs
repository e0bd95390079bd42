//! Storage of 留言 and 找错 (issue 16): messages (the domain's facts as JSON plus denormalised
//! columns), one row per hop for the statistics, the per-agency 留言编号 counters and reply
//! periods.
//!
//! The 留言编号 is assigned by the store inside the transaction that writes the message, from
//! the first agency's counter for the year: `LY2025-0001-00001` (留言) or `ZC…` (找错), like the
//! request's 受理编号 (`{year}-{agency:04}-{seq:05}`). Every update names the version it was read
//! at; a concurrent change fails with [`crate::StoreError::Conflict`] (`"version"`).

use crate::{Actor, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::message::{HopFact, Message, ReplyDays};
use serde::Serialize;

/// One stored message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MessageRecord {
    pub id: i64,
    /// The agency now responsible (the last hop's).
    pub agency_id: i64,
    /// 留言编号
    pub number: String,
    pub version: i64,
    pub facts: Message,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub facts: Message,
    /// SHA-256 of the 查询码 (the code itself is never stored).
    pub tracking_hash: String,
    /// Hash of the normalised text, for duplicate detection.
    pub text_key: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageUpdate {
    pub id: i64,
    pub expected_version: i64,
    pub facts: Message,
    /// `message.reply`, `message.transfer`, `message.spam`, `message.publish`, …
    pub audit_action: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MessageFilter {
    /// The current agency is one of these; empty: any.
    pub agency_ids: Vec<i64>,
    /// Open only (awaiting a reply).
    pub open_only: bool,
    /// Published exchanges only (the public list), newest reply first.
    pub published_only: bool,
    /// Open ones due on or before this day.
    pub due_by: Option<NaiveDate>,
    /// `message` | `error_report`
    pub kind: Option<String>,
    /// Passed through one of these agencies (any hop) and is now held by another: 已转出.
    pub transferred_from: Vec<i64>,
    pub limit: i64,
    pub offset: i64,
}

/// A hop of a message as the statistics count it, with its message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HopRow {
    pub message_id: i64,
    pub agency_id: i64,
    pub fact: HopFact,
}

/// Storage of messages; part of [`crate::Store`].
#[async_trait]
pub trait MessageStore: Send + Sync {
    /// Numbers and writes a new message, its hops and its audit entry (`message.create`).
    async fn create_message(&self, actor: &Actor, new: NewMessage) -> StoreResult<MessageRecord>;
    async fn get_message(&self, id: i64) -> StoreResult<Option<MessageRecord>>;
    /// The message and its tracking hash.
    async fn find_message_by_number(&self, number: &str) -> StoreResult<Option<(MessageRecord, String)>>;
    /// The newest message to the agency with this text key created at or after `since`.
    async fn find_duplicate_message(
        &self,
        agency_id: i64,
        text_key: &str,
        since: DateTime<Utc>,
    ) -> StoreResult<Option<MessageRecord>>;
    /// Applies a change computed from `expected_version`; `Conflict("version")` if it changed.
    async fn update_message(&self, actor: &Actor, update: MessageUpdate) -> StoreResult<MessageRecord>;
    /// The page (open ones by due date, else newest first) and the total count.
    async fn list_messages(&self, filter: &MessageFilter) -> StoreResult<(i64, Vec<MessageRecord>)>;
    /// The hops received by these agencies in `[from, to]`.
    async fn message_hops(
        &self,
        agency_ids: &[i64],
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<HopRow>>;
    /// The agency's reply periods (defaults when never saved).
    async fn message_settings(&self, agency_id: i64) -> StoreResult<ReplyDays>;
    async fn put_message_settings(
        &self,
        actor: &Actor,
        agency_id: i64,
        days: ReplyDays,
    ) -> StoreResult<ReplyDays>;
}
