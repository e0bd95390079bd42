//! Row, input (`New*`) and view types of the [`crate::Store`] trait.

use chrono::{DateTime, Utc};
use gongkai_domain::agency::{AgencyKind, AgencyLevel, OfficeContact};
use gongkai_domain::role::Role;
use serde::Serialize;

/// Who performs a change: a staff member, or the system itself (migrations, demo data, CLI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Login name, or `system` / `cli:<os user>`.
    pub name: String,
    pub user_id: Option<i64>,
    /// The actor's agency; audit entries are filed under it unless the change names another.
    pub agency_id: Option<i64>,
}

/// Between a user's login name and the API token's name in an audit entry's actor.
pub const TOKEN_MARK: &str = "|token:";

impl Actor {
    pub fn system() -> Self {
        Actor { name: "system".into(), user_id: None, agency_id: None }
    }
    pub fn cli() -> Self {
        let who = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
        Actor { name: format!("cli:{who}"), user_id: None, agency_id: None }
    }
    /// The user, and the API token they act through if any: `li|token:OA系统`.
    pub fn user(u: &User) -> Self {
        let name = match &u.via_token {
            Some(t) => format!("{}{TOKEN_MARK}{t}", u.username),
            None => u.username.clone(),
        };
        Actor { name, user_id: Some(u.id), agency_id: Some(u.agency_id) }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agency {
    pub id: i64,
    pub name: String,
    pub level: AgencyLevel,
    pub kind: AgencyKind,
    /// 统一社会信用代码 or 组织机构代码, validated on entry.
    pub code: Option<String>,
    pub parent_id: Option<i64>,
    pub contact: OfficeContact,
    pub created_at: DateTime<Utc>,
    /// Confirm online applications automatically on the next working day after filing
    /// (条例 第三十一条第三项: 双方确认之日); off by default — staff confirm.
    pub auto_confirm_online: bool,
    /// What its letters say that the records cannot tell (复议机关, 缴纳方式).
    pub letters: gongkai_domain::agency::LetterSettings,
    /// 机构信息 for the portal (机构职能, 负责人, 内设机构).
    pub profile: gongkai_domain::agency::AgencyProfile,
    /// The portal's identity (网站标识码, 备案号); used on the top agency.
    pub site: gongkai_domain::agency::SiteIdentity,
    /// False once deactivated (撤销/合并): hidden from the portal's lists and the application
    /// form; its records stay readable and counted.
    pub active: bool,
}

/// A change to an agency's identity and place in the tree (issue 14; audited `agency.update`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyChange {
    pub name: String,
    pub level: AgencyLevel,
    pub kind: AgencyKind,
    pub code: Option<String>,
    /// `None` only for the top agency.
    pub parent_id: Option<i64>,
    pub profile: gongkai_domain::agency::AgencyProfile,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgency {
    pub name: String,
    pub level: AgencyLevel,
    pub kind: AgencyKind,
    pub code: Option<gongkai_domain::agency::AgencyCode>,
    pub parent_id: Option<i64>,
    pub contact: OfficeContact,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: i64,
    pub agency_id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// The password was set by an admin (a reset or an import): the user must choose their
    /// own at the next sign-in before doing anything else (issue 14).
    pub must_change_password: bool,
    /// The API token this user is acting through, by its name (`OA系统`), when the request
    /// carried one; `None` for a browser session. Not stored with the user: audit entries name
    /// it (issue 14).
    #[serde(skip)]
    pub via_token: Option<String>,
}

impl User {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewUser {
    pub agency_id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// An argon2 PHC string; stores never see passwords.
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 of the cookie token; the token itself is never stored.
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// An API token (issue 14): acts as its user; only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    /// What it is for, e.g. `OA系统`.
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// An event to record in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    /// Dotted action name, e.g. `user.create`, `auth.login`.
    pub action: String,
    /// What it concerns, e.g. `user:12`.
    pub subject: String,
    /// Agency the entry is filed under (defaults to the actor's).
    pub agency_id: Option<i64>,
    /// Short summaries (JSON text) of the state before and after.
    pub before: String,
    pub after: String,
}

/// An audit-log entry (the domain type: the hash chain is defined there).
pub use gongkai_domain::audit::AuditEntry;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only entries filed under these agencies (`None`: all).
    pub agency_ids: Option<Vec<i64>>,
    /// Only entries with `seq < before_seq` (paging).
    pub before_seq: Option<i64>,
    pub limit: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CalendarYear {
    pub year: i32,
    pub source: String,
    pub imported_at: DateTime<Utc>,
}

/// Builds the audit `before`/`after` summary of an agency.
pub fn agency_summary(a: &Agency) -> String {
    serde_json::json!({
        "name": a.name, "level": a.level, "kind": a.kind, "code": a.code, "parent_id": a.parent_id,
        "contact": a.contact,
    })
    .to_string()
}

/// Builds the audit summary of a staff account (never the password hash).
pub fn user_summary(u: &User) -> String {
    serde_json::json!({
        "username": u.username, "display_name": u.display_name, "agency_id": u.agency_id,
        "roles": u.roles, "active": u.active,
    })
    .to_string()
}
