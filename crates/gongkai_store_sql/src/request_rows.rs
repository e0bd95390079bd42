//! Rows of the request tables and their conversion into store types.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::clock::Channel;
use gongkai_domain::request::{ApplicantKind, LetterKind, Outcome, RequestState, WaitingOn};
use gongkai_store::{
    Case, CaseKind, CaseResult, FileRole, Letter, RequestEvent, RequestListItem, RequestRecord, StoreError,
    StoredFile,
};

pub(crate) const REQUEST_COLS: &str =
    "id, agency_id, number, version, facts, handler_id, due_on, created_at, updated_at";
pub(crate) const LIST_COLS: &str = "id, agency_id, number, state, waiting_on, applicant_kind, applicant_name, \
     channel, handler_id, submitted_on, received_on, due_on, decided_on, outcome";
pub(crate) const FILE_COLS: &str = "id, owner, role, name, content_type, size, sha256, created_at";
pub(crate) const CASE_COLS: &str = "id, agency_id, request_id, kind, body, case_number, applicant, filed_on, \
     closed_on, result, summary, version, created_at";

fn corrupt(what: &str, id: i64, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}: {v:?}"))
}

#[derive(sqlx::FromRow)]
pub(crate) struct RequestRow {
    pub id: i64,
    pub agency_id: i64,
    pub number: String,
    pub version: i64,
    pub facts: String,
    pub handler_id: Option<i64>,
    pub due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<RequestRow> for RequestRecord {
    type Error = StoreError;
    fn try_from(r: RequestRow) -> Result<Self, StoreError> {
        let facts = serde_json::from_str(&r.facts)
            .map_err(|e| StoreError::Corrupt(format!("request {}: facts: {e}", r.id)))?;
        Ok(RequestRecord {
            id: r.id,
            agency_id: r.agency_id,
            number: r.number,
            version: r.version,
            facts,
            handler_id: r.handler_id,
            due_on: r.due_on,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ListRow {
    pub id: i64,
    pub agency_id: i64,
    pub number: String,
    pub state: String,
    pub waiting_on: String,
    pub applicant_kind: String,
    pub applicant_name: String,
    pub channel: String,
    pub handler_id: Option<i64>,
    pub submitted_on: NaiveDate,
    pub received_on: Option<NaiveDate>,
    pub due_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub outcome: Option<String>,
}

impl TryFrom<ListRow> for RequestListItem {
    type Error = StoreError;
    fn try_from(r: ListRow) -> Result<Self, StoreError> {
        let id = r.id;
        Ok(RequestListItem {
            id,
            agency_id: r.agency_id,
            state: RequestState::from_key(&r.state).ok_or_else(|| corrupt("request state", id, &r.state))?,
            waiting_on: WaitingOn::from_key(&r.waiting_on)
                .ok_or_else(|| corrupt("request waiting_on", id, &r.waiting_on))?,
            applicant_kind: ApplicantKind::from_key(&r.applicant_kind)
                .ok_or_else(|| corrupt("request applicant_kind", id, &r.applicant_kind))?,
            channel: r.channel.parse::<Channel>().map_err(|_| corrupt("request channel", id, &r.channel))?,
            outcome: match r.outcome {
                Some(o) => Some(Outcome::from_key(&o).ok_or_else(|| corrupt("request outcome", id, &o))?),
                None => None,
            },
            number: r.number,
            applicant_name: r.applicant_name,
            handler_id: r.handler_id,
            submitted_on: r.submitted_on,
            received_on: r.received_on,
            due_on: r.due_on,
            decided_on: r.decided_on,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EventRow {
    pub id: i64,
    pub request_id: i64,
    pub kind: String,
    pub on_date: Option<NaiveDate>,
    pub actor: String,
    pub summary: String,
    pub public_summary: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<EventRow> for RequestEvent {
    fn from(r: EventRow) -> Self {
        RequestEvent {
            id: r.id,
            request_id: r.request_id,
            kind: r.kind,
            on: r.on_date,
            actor: r.actor,
            summary: r.summary,
            public_summary: r.public_summary,
            at: r.at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct LetterRow {
    pub id: i64,
    pub request_id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<LetterRow> for Letter {
    type Error = StoreError;
    fn try_from(r: LetterRow) -> Result<Self, StoreError> {
        Ok(Letter {
            id: r.id,
            request_id: r.request_id,
            kind: LetterKind::from_key(&r.kind).ok_or_else(|| corrupt("letter kind", r.id, &r.kind))?,
            title: r.title,
            body: r.body,
            created_by: r.created_by,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct FileRow {
    pub id: i64,
    pub owner: String,
    pub role: String,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<FileRow> for StoredFile {
    type Error = StoreError;
    fn try_from(r: FileRow) -> Result<Self, StoreError> {
        Ok(StoredFile {
            id: r.id,
            role: FileRole::from_key(&r.role).ok_or_else(|| corrupt("file role", r.id, &r.role))?,
            owner: r.owner,
            name: r.name,
            content_type: r.content_type,
            size: r.size,
            sha256: r.sha256,
            created_at: r.created_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CaseRow {
    pub id: i64,
    pub agency_id: i64,
    pub request_id: Option<i64>,
    pub kind: String,
    pub body: String,
    pub case_number: String,
    pub applicant: String,
    pub filed_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub result: String,
    pub summary: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<CaseRow> for Case {
    type Error = StoreError;
    fn try_from(r: CaseRow) -> Result<Self, StoreError> {
        Ok(Case {
            id: r.id,
            agency_id: r.agency_id,
            request_id: r.request_id,
            kind: CaseKind::from_key(&r.kind).ok_or_else(|| corrupt("case kind", r.id, &r.kind))?,
            result: CaseResult::from_key(&r.result).ok_or_else(|| corrupt("case result", r.id, &r.result))?,
            body: r.body,
            case_number: r.case_number,
            applicant: r.applicant,
            filed_on: r.filed_on,
            closed_on: r.closed_on,
            summary: r.summary,
            version: r.version,
            created_at: r.created_at,
        })
    }
}
