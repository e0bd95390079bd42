//! Storage of disclosure requests (依申请公开), their history, letters and files, letter
//! templates, and the reconsideration and litigation register (表四's source).
//!
//! A request is stored as its domain facts ([`DisclosureRequest`], JSON) plus denormalised
//! columns for lists. Every update names the version it was read at; a concurrent change makes
//! it fail with [`crate::StoreError::Conflict`] (`"version"`) instead of overwriting.

use crate::{Actor, StoreResult};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::clock::Channel;
use gongkai_domain::request::{
    ApplicantKind, DisclosureRequest, EventRecord, LetterKind, Outcome, RequestState, WaitingOn,
};
use serde::{Deserialize, Serialize};

/// One stored request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestRecord {
    pub id: i64,
    pub agency_id: i64,
    /// 受理编号.
    pub number: String,
    pub version: i64,
    pub facts: DisclosureRequest,
    pub handler_id: Option<i64>,
    /// The due date that applied at the last change (for sorting; pages recompute it).
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A row of a request list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestListItem {
    pub id: i64,
    pub agency_id: i64,
    pub number: String,
    pub state: RequestState,
    pub waiting_on: WaitingOn,
    pub applicant_kind: ApplicantKind,
    pub applicant_name: String,
    pub channel: Channel,
    pub handler_id: Option<i64>,
    pub submitted_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
}

/// What a file attached to a request is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileRole {
    /// Uploaded by the applicant with the application (ID copy, letter).
    Application,
    /// Scan of a paper application, by staff.
    Scan,
    /// Information released to the applicant.
    Released,
    /// A document of a reconsideration or litigation case.
    CaseDocument,
}

impl FileRole {
    pub fn key(self) -> &'static str {
        match self {
            FileRole::Application => "application",
            FileRole::Scan => "scan",
            FileRole::Released => "released",
            FileRole::CaseDocument => "case_document",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        [Self::Application, Self::Scan, Self::Released, Self::CaseDocument].into_iter().find(|v| v.key() == s)
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            FileRole::Application => "申请材料",
            FileRole::Scan => "申请书扫描件",
            FileRole::Released => "公开的信息",
            FileRole::CaseDocument => "案件材料",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub role: FileRole,
    /// A cleaned display name (no directories).
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredFile {
    pub id: i64,
    /// `request:<id>` or `case:<id>`.
    pub owner: String,
    pub role: FileRole,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLetter {
    pub kind: LetterKind,
    pub title: String,
    /// Plain text; paragraphs separated by blank lines. Escaped by every renderer.
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Letter {
    pub id: i64,
    pub request_id: i64,
    pub kind: LetterKind,
    pub title: String,
    pub body: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

/// One entry of a request's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestEvent {
    pub id: i64,
    pub request_id: i64,
    pub kind: String,
    pub on: Option<NaiveDate>,
    pub actor: String,
    pub summary: String,
    pub public_summary: Option<String>,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub agency_id: i64,
    pub facts: DisclosureRequest,
    /// SHA-256 of the 查询码.
    pub tracking_hash: String,
    pub due_on: Option<NaiveDate>,
    pub event: EventRecord,
    /// A letter issued at filing (the receipt of an in-person request). Its body may contain
    /// [`NUMBER_PLACEHOLDER`], replaced by the 受理编号 the store assigns.
    pub letter: Option<NewLetter>,
    pub files: Vec<NewFile>,
    /// The hash of the portal form's one-time key (issue 13): at most one request per key and
    /// agency; a second create with the same key is `Conflict("submission_key")`.
    pub submission_key: Option<String>,
}

/// Stands for the not yet assigned 受理编号 in a letter created with the request.
pub const NUMBER_PLACEHOLDER: &str = "〔受理编号〕";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestUpdate {
    pub id: i64,
    /// The version the change was computed from.
    pub expected_version: i64,
    pub facts: DisclosureRequest,
    pub due_on: Option<NaiveDate>,
    pub event: EventRecord,
    pub letter: Option<NewLetter>,
    pub files: Vec<NewFile>,
}

/// List order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RequestOrder {
    /// Open requests first, earliest due date first.
    #[default]
    Urgency,
    Newest,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestFilter {
    /// Empty: none (an empty list shows nothing).
    pub agency_ids: Vec<i64>,
    /// Empty: any state.
    pub states: Vec<RequestState>,
    pub handler_id: Option<i64>,
    pub applicant_kind: Option<ApplicantKind>,
    pub channel: Option<Channel>,
    pub waiting_on: Option<WaitingOn>,
    /// Year of submission.
    pub year: Option<i32>,
    /// Exact 受理编号 or part of the applicant's name.
    pub q: Option<String>,
    pub order: RequestOrder,
    pub limit: i64,
    pub offset: i64,
}

/// The register's case types (表四 blocks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    /// 行政复议.
    Reconsideration,
    /// 未经复议直接起诉.
    LitigationDirect,
    /// 复议后起诉.
    LitigationAfterReconsideration,
}

impl CaseKind {
    pub const ALL: [CaseKind; 3] =
        [CaseKind::Reconsideration, CaseKind::LitigationDirect, CaseKind::LitigationAfterReconsideration];
    pub fn key(self) -> &'static str {
        match self {
            CaseKind::Reconsideration => "reconsideration",
            CaseKind::LitigationDirect => "litigation_direct",
            CaseKind::LitigationAfterReconsideration => "litigation_after_reconsideration",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.key() == s.trim())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            CaseKind::Reconsideration => "行政复议",
            CaseKind::LitigationDirect => "行政诉讼（未经复议直接起诉）",
            CaseKind::LitigationAfterReconsideration => "行政诉讼（复议后起诉）",
        }
    }
}

/// 表四 results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseResult {
    Upheld,
    Corrected,
    Other,
    Pending,
}

impl CaseResult {
    pub const ALL: [CaseResult; 4] =
        [CaseResult::Upheld, CaseResult::Corrected, CaseResult::Other, CaseResult::Pending];
    pub fn key(self) -> &'static str {
        match self {
            CaseResult::Upheld => "upheld",
            CaseResult::Corrected => "corrected",
            CaseResult::Other => "other",
            CaseResult::Pending => "pending",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.key() == s.trim())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            CaseResult::Upheld => "结果维持",
            CaseResult::Corrected => "结果纠正",
            CaseResult::Other => "其他结果",
            CaseResult::Pending => "尚未审结",
        }
    }
}

/// A reconsideration or litigation case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Case {
    pub id: i64,
    pub agency_id: i64,
    pub request_id: Option<i64>,
    pub kind: CaseKind,
    /// 复议机关 or 法院.
    pub body: String,
    /// 案号.
    pub case_number: String,
    pub applicant: String,
    pub filed_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub result: CaseResult,
    pub summary: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseInput {
    pub agency_id: i64,
    pub request_id: Option<i64>,
    pub kind: CaseKind,
    pub body: String,
    pub case_number: String,
    pub applicant: String,
    pub filed_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub result: CaseResult,
    pub summary: String,
}

/// Storage of requests and cases; part of [`crate::Store`].
#[async_trait]
pub trait RequestStore: Send + Sync {
    /// Creates the request with the next 受理编号 of its agency and year (`YYYY-AAAA-NNNNN`).
    async fn create_request(&self, actor: &Actor, new: NewRequest) -> StoreResult<RequestRecord>;
    async fn get_request(&self, id: i64) -> StoreResult<Option<RequestRecord>>;
    /// The request and its tracking-code hash.
    async fn find_request_by_number(&self, number: &str) -> StoreResult<Option<(RequestRecord, String)>>;
    /// The request an apply form with this one-time key hash filed at the agency, if any.
    async fn find_request_by_submission(
        &self,
        agency_id: i64,
        key_hash: &str,
    ) -> StoreResult<Option<RequestRecord>>;
    /// Applies a change computed from version `expected_version`; `Conflict("version")` if the
    /// request changed meanwhile.
    async fn update_request(&self, actor: &Actor, update: RequestUpdate) -> StoreResult<RequestRecord>;
    /// The page and the total count matching the filter (`limit <= 0`: the count only).
    async fn list_requests(&self, filter: &RequestFilter) -> StoreResult<(i64, Vec<RequestListItem>)>;
    /// Oldest first.
    async fn request_events(&self, request_id: i64) -> StoreResult<Vec<RequestEvent>>;
    async fn request_letters(&self, request_id: i64) -> StoreResult<Vec<Letter>>;
    async fn get_letter(&self, id: i64) -> StoreResult<Option<Letter>>;
    /// Files of `owner` (`request:<id>` or `case:<id>`).
    async fn list_files(&self, owner: &str) -> StoreResult<Vec<StoredFile>>;
    async fn get_file(&self, id: i64) -> StoreResult<Option<(StoredFile, Vec<u8>)>>;
    /// Adds files to a request or case (audited).
    async fn add_files(
        &self,
        actor: &Actor,
        owner: &str,
        agency_id: i64,
        files: Vec<NewFile>,
    ) -> StoreResult<()>;
    /// Removes a file of `owner` (audited `file.delete`, its name and digest kept in the audit
    /// entry); `NotFound` if the file is not `owner`'s. The caller decides when removal is
    /// allowed (a released file before delivery: issue 13).
    async fn delete_file(
        &self,
        actor: &Actor,
        owner: &str,
        agency_id: i64,
        file_id: i64,
    ) -> StoreResult<StoredFile>;
    /// The applicant's earlier requests at this agency (by ID number), newest first, with their
    /// descriptions — for 重复申请 suggestions and the 按件 fee count.
    async fn applicant_history(
        &self,
        agency_id: i64,
        id_number: &str,
        limit: i64,
    ) -> StoreResult<Vec<(RequestListItem, String)>>;
    /// Requests of this applicant at this agency submitted in `[from, to]`.
    async fn count_applicant_requests(
        &self,
        agency_id: i64,
        id_number: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<i64>;
    /// (agency id, stored due date) of every open request of these agencies.
    async fn open_due_dates(&self, agency_ids: &[i64]) -> StoreResult<Vec<(i64, Option<NaiveDate>)>>;

    /// The agency's own template of a letter kind (`None`: the built-in default applies).
    async fn letter_template(&self, agency_id: i64, kind: LetterKind) -> StoreResult<Option<String>>;
    /// Sets (`Some`) or resets (`None`) the agency's template.
    async fn put_letter_template(
        &self,
        actor: &Actor,
        agency_id: i64,
        kind: LetterKind,
        body: Option<String>,
    ) -> StoreResult<()>;

    async fn create_case(&self, actor: &Actor, input: CaseInput) -> StoreResult<Case>;
    async fn update_case(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        input: CaseInput,
    ) -> StoreResult<Case>;
    async fn get_case(&self, id: i64) -> StoreResult<Option<Case>>;
    /// Cases of these agencies, newest filing first.
    async fn list_cases(&self, agency_ids: &[i64]) -> StoreResult<Vec<Case>>;
}
