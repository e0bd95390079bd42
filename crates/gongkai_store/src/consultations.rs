//! 意见征集 (issue 16): consultations on drafts, the public's comments, per-comment decisions
//! and the published feedback (采纳情况). Documents are files with owner `consultation:<id>`.

use crate::{Actor, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::public_consultation::{Adoption, PublicConsultationKind};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPublicConsultation {
    pub agency_id: i64,
    pub kind: PublicConsultationKind,
    pub title: String,
    /// 起草说明 / what is asked.
    pub summary: String,
    /// The draft's text.
    pub body: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicConsultation {
    pub id: i64,
    pub agency_id: i64,
    pub kind: PublicConsultationKind,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// The overall feedback (采纳情况说明), once published.
    pub feedback: String,
    pub feedback_published_on: Option<NaiveDate>,
    /// The final document in the catalog (its 政策解读 links to it there).
    pub final_publication_id: Option<i64>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicConsultationComment {
    pub id: i64,
    pub consultation_id: i64,
    pub name: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
    pub decision: Option<Adoption>,
    pub reason: String,
    pub decided_by: String,
}

#[async_trait]
pub trait PublicConsultationStore: Send + Sync {
    /// Creates a consultation (audited).
    async fn create_consultation(
        &self,
        actor: &Actor,
        new: NewPublicConsultation,
    ) -> StoreResult<PublicConsultation>;
    async fn get_consultation(&self, id: i64) -> StoreResult<Option<PublicConsultation>>;
    /// Consultations of these agencies (all when empty), newest opening first.
    async fn list_consultations(&self, agency_ids: &[i64]) -> StoreResult<Vec<PublicConsultation>>;
    /// Adds a public comment. `Conflict("comment_duplicate")` when the same text (by
    /// `duplicate_key`) was already sent to this consultation.
    async fn add_comment(
        &self,
        consultation_id: i64,
        name: &str,
        body: &str,
        duplicate_key: &str,
    ) -> StoreResult<PublicConsultationComment>;
    async fn list_comments(&self, consultation_id: i64) -> StoreResult<Vec<PublicConsultationComment>>;
    /// Records (or changes) the decision on a comment (audited). `Conflict("feedback_published")`
    /// once the feedback is published.
    async fn decide_comment(
        &self,
        actor: &Actor,
        comment_id: i64,
        decision: Adoption,
        reason: &str,
    ) -> StoreResult<PublicConsultationComment>;
    /// Publishes the feedback with the final document (audited); decisions are then fixed.
    async fn publish_feedback(
        &self,
        actor: &Actor,
        consultation_id: i64,
        feedback: &str,
        final_publication_id: Option<i64>,
        on: NaiveDate,
    ) -> StoreResult<PublicConsultation>;
}
