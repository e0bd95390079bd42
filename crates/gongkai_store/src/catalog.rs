//! Storage of the proactive-disclosure catalog (主动公开): publications (facts as JSON plus
//! denormalised columns), their attachments (content stored once per SHA-256), the per-agency
//! 索引号 counters and the agency's catalog settings (公开指南 text, 索引号 template).
//!
//! Every update names the version it was read at; a concurrent change fails with
//! [`crate::StoreError::Conflict`] (`"version"`). The 索引号 is assigned by the store inside the
//! transaction that first publishes an item, from the agency's counter for that year, so
//! concurrent publications get distinct sequential numbers; it never changes afterwards.

use crate::{Actor, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::catalog::{Genre, Publication, PublicationState, Validity};
use serde::Serialize;

/// One stored publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationRecord {
    pub id: i64,
    pub agency_id: i64,
    /// 索引号, once published.
    pub index_number: Option<String>,
    pub version: i64,
    pub facts: Publication,
    /// The 第二十六条 date stored for sorting and counters (pages recompute it).
    pub due_on: NaiveDate,
    /// Whether it went public after `due_on`.
    pub published_late: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A row of a publication list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublicationListItem {
    pub id: i64,
    pub agency_id: i64,
    pub index_number: Option<String>,
    pub title: String,
    pub document_number: String,
    pub topic: String,
    pub genre: Genre,
    pub validity: Validity,
    pub state: PublicationState,
    pub formed_on: NaiveDate,
    pub due_on: NaiveDate,
    pub published_on: Option<NaiveDate>,
    pub scheduled_on: Option<NaiveDate>,
    pub published_late: bool,
    pub interprets_id: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

/// An attachment to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    /// Cleaned display name.
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
    /// Text extracted for search and the scanner (empty for images).
    pub text: String,
}

/// A stored attachment (its bytes live once per SHA-256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attachment {
    pub id: i64,
    pub publication_id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPublication {
    pub agency_id: i64,
    pub facts: Publication,
    pub due_on: NaiveDate,
    pub attachments: Vec<NewAttachment>,
}

/// How to number an item that is published for the first time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexPlan {
    /// The agency's template (`{org_code}/{yyyy}-{seq:05}` by default).
    pub template: String,
    /// The agency's 统一社会信用代码 or 组织机构代码.
    pub code: String,
    /// Year of the 发布日期.
    pub year: i32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicationUpdate {
    pub id: i64,
    /// The version the change was computed from.
    pub expected_version: i64,
    pub facts: Publication,
    pub due_on: NaiveDate,
    pub published_late: bool,
    /// Set when the item goes public for the first time: the store assigns the 索引号.
    pub assign_index: Option<IndexPlan>,
    pub add: Vec<NewAttachment>,
    /// Attachment ids to remove.
    pub remove: Vec<i64>,
    /// Audit action name, e.g. `publication.publish`.
    pub audit_action: String,
}

/// List order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PublicationOrder {
    /// 发布日期 newest first, then id.
    #[default]
    Newest,
    /// Unpublished first by the earliest statutory date.
    Due,
    /// Last changed first.
    Updated,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublicationFilter {
    /// Empty: none.
    pub agency_ids: Vec<i64>,
    /// Empty: any state.
    pub states: Vec<PublicationState>,
    /// 主题分类: the class and its sub-classes.
    pub topic: Option<String>,
    pub genre: Option<Genre>,
    pub validity: Option<Validity>,
    /// Year of 发布日期.
    pub year: Option<i32>,
    pub published_late: Option<bool>,
    /// Unpublished items whose statutory date is on or before this day.
    pub due_by: Option<NaiveDate>,
    /// Scheduled items whose day is on or before this day.
    pub scheduled_by: Option<NaiveDate>,
    /// Part of the title or 文号, or an exact 索引号.
    pub q: Option<String>,
    pub order: PublicationOrder,
    pub limit: i64,
    pub offset: i64,
}

/// An agency's catalog settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogSettings {
    pub agency_id: i64,
    /// The 政府信息公开指南's own text (条例 第十二条: 分类、编排体系、获取方式 …); the office's
    /// contacts come from the agency record.
    pub guide: String,
    /// 索引号 template.
    pub index_template: String,
    /// Extra words the scanner flags for this agency, one per line.
    pub scan_words: String,
    /// 0 when never saved.
    pub version: i64,
    pub updated_at: Option<DateTime<Utc>>,
}

/// Storage of the catalog; part of [`crate::Store`].
#[async_trait]
pub trait CatalogStore: Send + Sync {
    async fn create_publication(&self, actor: &Actor, new: NewPublication) -> StoreResult<PublicationRecord>;
    async fn get_publication(&self, id: i64) -> StoreResult<Option<PublicationRecord>>;
    async fn find_publication_by_index(&self, index_number: &str) -> StoreResult<Option<PublicationRecord>>;
    /// Applies a change computed from `expected_version`; `Conflict("version")` if it changed.
    async fn update_publication(
        &self,
        actor: &Actor,
        update: PublicationUpdate,
    ) -> StoreResult<PublicationRecord>;
    /// The page and the total count.
    async fn list_publications(
        &self,
        filter: &PublicationFilter,
    ) -> StoreResult<(i64, Vec<PublicationListItem>)>;
    /// Published interpretations (政策解读) of a publication.
    async fn interpretations_of(&self, id: i64) -> StoreResult<Vec<PublicationListItem>>;
    async fn attachments(&self, publication_id: i64) -> StoreResult<Vec<Attachment>>;
    async fn get_attachment(&self, id: i64) -> StoreResult<Option<(Attachment, Vec<u8>)>>;
    /// The agency's settings (defaults when never saved).
    async fn catalog_settings(&self, agency_id: i64) -> StoreResult<CatalogSettings>;
    /// Saves the settings if they are still at `expected_version` (0 = never saved).
    async fn put_catalog_settings(
        &self,
        actor: &Actor,
        agency_id: i64,
        expected_version: i64,
        guide: String,
        index_template: String,
        scan_words: String,
    ) -> StoreResult<CatalogSettings>;
    /// An opaque value that changes whenever any publication changes (the search index stores it
    /// to detect that it missed a change).
    async fn catalog_marker(&self) -> StoreResult<String>;
}
