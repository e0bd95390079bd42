//! The storage boundary: one narrow async [`Store`] trait that every backend implements
//! (SQLite by default, PostgreSQL for large deployments), the row and view types it speaks,
//! and [`conformance`], the suite each backend must pass.
//!
//! Invariants every backend keeps:
//! - every state-changing method appends its audit entry in the **same transaction** as the
//!   change, so an acknowledged write and its audit entry are both durable or both absent;
//! - audit entries are appended in one total order (`seq` 1, 2, 3, …) hash-chained with
//!   [`gongkai_domain::audit::entry_hash`];
//! - a conflicting write is reported as [`StoreError::Conflict`], never silently merged.

mod catalog;
pub mod conformance;
mod consultations;
mod messages;
mod outbox;
mod reports;
mod requests;
mod types;

pub use catalog::*;
pub use consultations::*;
pub use messages::*;
pub use outbox::*;
pub use reports::*;
pub use requests::*;
pub use types::*;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use gongkai_domain::agency::OfficeContact;

/// Errors a store reports. `code()` is the stable snake_case code the API shows.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// A uniqueness or version conflict; the string names what clashed (e.g. `username`).
    #[error("conflict on {0}")]
    Conflict(&'static str),
    /// The database cannot be reached or is busy beyond the timeout.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// Stored data that does not parse (a corrupt or hand-edited row).
    #[error("corrupt data: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Backend(String),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound(_) => "not_found",
            StoreError::Conflict(_) => "conflict",
            StoreError::Unavailable(_) => "database_unavailable",
            StoreError::Corrupt(_) => "corrupt_data",
            StoreError::Backend(_) => "database_error",
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// The persistence boundary. Object-safe so the web layer holds an `Arc<dyn Store>` and never
/// names a backend.
#[async_trait]
pub trait Store:
    RequestStore
    + ReportStore
    + CatalogStore
    + OutboxStore
    + PublicConsultationStore
    + MessageStore
    + Send
    + Sync
    + 'static
{
    /// Short backend name for logs and `/healthz` (`sqlite`, `postgres`).
    fn backend(&self) -> &'static str;

    /// Cheap liveness probe.
    async fn ping(&self) -> StoreResult<()>;

    // --- agencies ---
    async fn create_agency(&self, actor: &Actor, new: NewAgency) -> StoreResult<Agency>;
    /// Creates agencies in order in one transaction — all or none (issue 14). A parent given by
    /// name (created earlier in the list or already stored) replaces `parent_id`.
    async fn create_agencies(
        &self,
        actor: &Actor,
        new: Vec<(NewAgency, Option<String>)>,
    ) -> StoreResult<Vec<Agency>>;
    async fn get_agency(&self, id: i64) -> StoreResult<Option<Agency>>;
    async fn find_agency_by_name(&self, name: &str) -> StoreResult<Option<Agency>>;
    /// All agencies ordered by id.
    async fn list_agencies(&self) -> StoreResult<Vec<Agency>>;
    async fn update_agency_contact(
        &self,
        actor: &Actor,
        id: i64,
        contact: OfficeContact,
    ) -> StoreResult<Agency>;
    /// Renames, re-parents, re-classifies or (de)activates an agency and sets its 机构信息, in one
    /// transaction with its audit entry (`agency.update`). Refuses a parent that does not exist
    /// (`NotFound("agency")`), a parent inside the agency's own subtree (`Conflict("agency_cycle")`),
    /// giving the top agency a parent or another agency none (`Conflict("agency_root")`), and a
    /// name another agency has (`Conflict("agency_name")`).
    async fn update_agency(&self, actor: &Actor, id: i64, change: AgencyChange) -> StoreResult<Agency>;
    /// Sets the portal's site identity on the agency (audited `agency.site_identity`).
    async fn set_site_identity(
        &self,
        actor: &Actor,
        id: i64,
        site: gongkai_domain::agency::SiteIdentity,
    ) -> StoreResult<Agency>;
    /// Turns the automatic confirmation of online applications on or off.
    async fn set_agency_auto_confirm(&self, actor: &Actor, id: i64, on: bool) -> StoreResult<Agency>;
    /// Replaces the agency's letter settings (audited `agency.letter_settings`).
    async fn set_agency_letter_settings(
        &self,
        actor: &Actor,
        id: i64,
        settings: gongkai_domain::agency::LetterSettings,
    ) -> StoreResult<Agency>;

    // --- staff ---
    async fn create_user(&self, actor: &Actor, new: NewUser) -> StoreResult<User>;
    async fn get_user(&self, id: i64) -> StoreResult<Option<User>>;
    /// The user and their password hash, for login.
    async fn find_login(&self, username: &str) -> StoreResult<Option<(User, String)>>;
    async fn list_users(&self, agency_id: i64) -> StoreResult<Vec<User>>;
    async fn set_user_active(&self, actor: &Actor, id: i64, active: bool) -> StoreResult<User>;
    /// The user's own new password: clears `must_change_password`; ends their sessions.
    async fn set_user_password(&self, actor: &Actor, id: i64, password_hash: String) -> StoreResult<()>;
    /// A temporary password set by an admin (audited `user.reset_password`): the user must change
    /// it at the next sign-in; their sessions end.
    async fn set_temporary_password(&self, actor: &Actor, id: i64, password_hash: String) -> StoreResult<()>;
    /// Creates users in one transaction — all or none (issue 14: `gongkai user import`), each with
    /// a temporary password to change at the first sign-in. A taken login name is
    /// `Conflict("username")` and nothing is written.
    async fn create_users(&self, actor: &Actor, new: Vec<NewUser>) -> StoreResult<Vec<User>>;
    /// Replaces the user's roles (audited `user.set_roles`); signs the user out everywhere so
    /// that no session keeps a role it no longer has.
    async fn set_user_roles(
        &self,
        actor: &Actor,
        id: i64,
        roles: Vec<gongkai_domain::role::Role>,
    ) -> StoreResult<User>;

    // --- sessions (not audited individually: login and logout are) ---
    async fn create_session(&self, new: NewSession) -> StoreResult<()>;
    /// The live session with this token hash, if it has not expired at `now`.
    async fn get_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>>;
    async fn delete_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Stores a new API token of `user_id` (audited `token.create`).
    async fn create_api_token(
        &self,
        actor: &Actor,
        user_id: i64,
        name: &str,
        token_hash: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> StoreResult<ApiToken>;
    /// The session an API token stands for (its user, active, the token neither revoked nor
    /// expired); records the use. The session's CSRF token is random: forms cannot be driven with it.
    async fn api_token_session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<Session>>;
    async fn list_api_tokens(&self, user_id: i64) -> StoreResult<Vec<ApiToken>>;
    /// Revokes a token (audited `token.revoke`); `NotFound` if there is none with that id.
    async fn revoke_api_token(&self, actor: &Actor, id: i64) -> StoreResult<ApiToken>;
    async fn purge_expired_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;

    // --- audit log ---
    /// Appends an entry that records an event with no other state change (a login, a refused
    /// action).
    async fn record_event(&self, actor: &Actor, event: AuditEvent) -> StoreResult<AuditEntry>;
    /// Newest first.
    async fn list_audit(&self, filter: AuditFilter) -> StoreResult<Vec<AuditEntry>>;
    /// Entries with `seq > after_seq` in ascending order, at most `limit` (for verification).
    async fn audit_after(&self, after_seq: i64, limit: i64) -> StoreResult<Vec<AuditEntry>>;

    // --- working-day calendar years imported at run time (issue 3) ---
    async fn put_calendar_year(&self, actor: &Actor, year: i32, source: String) -> StoreResult<()>;
    async fn list_calendar_years(&self) -> StoreResult<Vec<CalendarYear>>;
}
