//! Rows of the catalog tables and their conversion into store types.

use chrono::{DateTime, NaiveDate, Utc};
use gongkai_domain::catalog::{Genre, PublicationState, Validity};
use gongkai_store::{Attachment, CatalogSettings, PublicationListItem, PublicationRecord, StoreError};

pub(crate) const PUB_COLS: &str =
    "id, agency_id, index_number, version, facts, due_on, published_late, created_by, created_at, updated_at";
pub(crate) const PUB_LIST_COLS: &str = "id, agency_id, index_number, title, document_number, topic, genre, \
     validity, state, formed_on, due_on, published_on, scheduled_on, published_late, interprets_id, updated_at";
pub(crate) const FILE_COLS: &str = "id, publication_id, name, content_type, size, sha256, text, created_at";
pub(crate) const SETTINGS_COLS: &str = "agency_id, guide, index_template, scan_words, version, updated_at";

fn corrupt(what: &str, id: i64, v: &str) -> StoreError {
    StoreError::Corrupt(format!("{what} {id}: {v:?}"))
}

#[derive(sqlx::FromRow)]
pub(crate) struct PubRow {
    pub id: i64,
    pub agency_id: i64,
    pub index_number: Option<String>,
    pub version: i64,
    pub facts: String,
    pub due_on: NaiveDate,
    pub published_late: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<PubRow> for PublicationRecord {
    type Error = StoreError;
    fn try_from(r: PubRow) -> Result<Self, StoreError> {
        let facts = serde_json::from_str(&r.facts)
            .map_err(|e| StoreError::Corrupt(format!("publication {}: facts: {e}", r.id)))?;
        Ok(PublicationRecord {
            id: r.id,
            agency_id: r.agency_id,
            index_number: r.index_number,
            version: r.version,
            facts,
            due_on: r.due_on,
            published_late: r.published_late,
            created_by: r.created_by,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct PubListRow {
    pub id: i64,
    pub agency_id: i64,
    pub index_number: Option<String>,
    pub title: String,
    pub document_number: String,
    pub topic: String,
    pub genre: String,
    pub validity: String,
    pub state: String,
    pub formed_on: NaiveDate,
    pub due_on: NaiveDate,
    pub published_on: Option<NaiveDate>,
    pub scheduled_on: Option<NaiveDate>,
    pub published_late: bool,
    pub interprets_id: Option<i64>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<PubListRow> for PublicationListItem {
    type Error = StoreError;
    fn try_from(r: PubListRow) -> Result<Self, StoreError> {
        let id = r.id;
        Ok(PublicationListItem {
            id,
            agency_id: r.agency_id,
            index_number: r.index_number,
            title: r.title,
            document_number: r.document_number,
            topic: r.topic,
            genre: Genre::from_key(&r.genre).ok_or_else(|| corrupt("publication genre", id, &r.genre))?,
            validity: Validity::from_key(&r.validity)
                .ok_or_else(|| corrupt("publication validity", id, &r.validity))?,
            state: PublicationState::from_key(&r.state)
                .ok_or_else(|| corrupt("publication state", id, &r.state))?,
            formed_on: r.formed_on,
            due_on: r.due_on,
            published_on: r.published_on,
            scheduled_on: r.scheduled_on,
            published_late: r.published_late,
            interprets_id: r.interprets_id,
            updated_at: r.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct FileRow {
    pub id: i64,
    pub publication_id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

impl From<FileRow> for Attachment {
    fn from(r: FileRow) -> Self {
        Attachment {
            id: r.id,
            publication_id: r.publication_id,
            name: r.name,
            content_type: r.content_type,
            size: r.size,
            sha256: r.sha256,
            text: r.text,
            created_at: r.created_at,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct SettingsRow {
    pub agency_id: i64,
    pub guide: String,
    pub index_template: String,
    pub scan_words: String,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl From<SettingsRow> for CatalogSettings {
    fn from(r: SettingsRow) -> Self {
        CatalogSettings {
            agency_id: r.agency_id,
            guide: r.guide,
            index_template: r.index_template,
            scan_words: r.scan_words,
            version: r.version,
            updated_at: Some(r.updated_at),
        }
    }
}

/// Settings of an agency that never saved any.
pub(crate) fn default_settings(agency_id: i64) -> CatalogSettings {
    CatalogSettings {
        agency_id,
        guide: String::new(),
        index_template: gongkai_domain::catalog::DEFAULT_INDEX_TEMPLATE.into(),
        scan_words: String::new(),
        version: 0,
        updated_at: None,
    }
}
