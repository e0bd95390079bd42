//! Storage of annual reports (issue 6): the facts the tables are counted from, report versions
//! (a locked version never changes; a correction is a new version), and the registers the
//! narrative draws on (trainings, security checks, messages, outlets, …).

use crate::{Actor, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::report::records::RequestFact;
use serde::Serialize;

/// One version of an agency's annual report for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDoc {
    pub id: i64,
    pub agency_id: i64,
    pub year: i32,
    pub version: i32,
    pub locked: bool,
    /// JSON object: section key → the text staff wrote.
    pub sections: String,
    /// JSON of the report (tables and text) as locked; `None` while a draft.
    pub snapshot: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub locked_at: Option<DateTime<Utc>>,
}

/// One entry of a narrative register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterEntry {
    pub id: i64,
    pub agency_id: i64,
    /// `training`, `security_check`, `messages`, `outlet`, `leading_group`, `internal_rule`, …
    pub kind: String,
    pub year: i32,
    pub on: Option<NaiveDate>,
    /// JSON object of the kind's fields.
    pub data: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRegisterEntry {
    pub agency_id: i64,
    pub kind: String,
    pub year: i32,
    pub on: Option<NaiveDate>,
    pub data: String,
}

/// Storage of annual reports; part of [`crate::Store`].
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// The requests that matter for `year`'s report of these agencies: received by the year's
    /// end and not decided before it.
    async fn report_request_facts(&self, agency_ids: &[i64], year: i32) -> StoreResult<Vec<RequestFact>>;
    /// The latest version of the agency's report for the year.
    async fn annual_report(&self, agency_id: i64, year: i32) -> StoreResult<Option<ReportDoc>>;
    /// Every version, oldest first.
    async fn annual_report_versions(&self, agency_id: i64, year: i32) -> StoreResult<Vec<ReportDoc>>;
    /// Saves the staff-written sections into the latest version, creating version 1 if none.
    /// `Conflict("locked")` when the latest version is locked.
    async fn save_report_draft(
        &self,
        actor: &Actor,
        agency_id: i64,
        year: i32,
        sections: String,
    ) -> StoreResult<ReportDoc>;
    /// Locks the latest (draft) version with its snapshot and publication date.
    async fn lock_report(
        &self,
        actor: &Actor,
        agency_id: i64,
        year: i32,
        snapshot: String,
        published_on: NaiveDate,
    ) -> StoreResult<ReportDoc>;
    /// Starts a new draft version after a locked one (a correction), copying its sections.
    async fn new_report_version(&self, actor: &Actor, agency_id: i64, year: i32) -> StoreResult<ReportDoc>;
    /// The latest locked version of every (agency, year) of these agencies, newest year first.
    async fn published_reports(&self, agency_ids: &[i64]) -> StoreResult<Vec<ReportDoc>>;

    async fn add_register_entry(&self, actor: &Actor, entry: NewRegisterEntry) -> StoreResult<RegisterEntry>;
    /// The agency's entries for a year, by kind then date.
    async fn register_entries(&self, agency_id: i64, year: i32) -> StoreResult<Vec<RegisterEntry>>;
    async fn delete_register_entry(&self, actor: &Actor, agency_id: i64, id: i64) -> StoreResult<()>;
}
