//! Row structs as the database returns them, and their conversion into store types.

use chrono::{DateTime, Utc};
use gongkai_domain::agency::{AgencyKind, AgencyLevel, OfficeContact};
use gongkai_domain::role::roles_from_text;
use gongkai_store::{Agency, AuditEntry, StoreError, User};

#[derive(sqlx::FromRow)]
pub(crate) struct AgencyRow {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub kind: String,
    pub code: Option<String>,
    pub parent_id: Option<i64>,
    pub office_name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
    pub created_at: DateTime<Utc>,
    pub auto_confirm_online: bool,
    pub reconsideration_body: String,
    pub fee_payment: String,
    pub functions: String,
    pub head: String,
    pub departments: String,
    pub site_code: String,
    pub icp_record: String,
    pub police_record: String,
    pub active: bool,
}

impl TryFrom<AgencyRow> for Agency {
    type Error = StoreError;
    fn try_from(r: AgencyRow) -> Result<Agency, StoreError> {
        Ok(Agency {
            id: r.id,
            level: AgencyLevel::parse(&r.level)
                .ok_or_else(|| StoreError::Corrupt(format!("agency {}: level {:?}", r.id, r.level)))?,
            kind: AgencyKind::parse(&r.kind)
                .ok_or_else(|| StoreError::Corrupt(format!("agency {}: kind {:?}", r.id, r.kind)))?,
            name: r.name,
            code: r.code,
            parent_id: r.parent_id,
            contact: OfficeContact {
                office_name: r.office_name,
                address: r.address,
                hours: r.hours,
                phone: r.phone,
                fax: r.fax,
                email: r.email,
            },
            created_at: r.created_at,
            auto_confirm_online: r.auto_confirm_online,
            letters: gongkai_domain::agency::LetterSettings {
                reconsideration_body: r.reconsideration_body,
                fee_payment: r.fee_payment,
            },
            profile: gongkai_domain::agency::AgencyProfile {
                functions: r.functions,
                head: r.head,
                departments: r.departments,
            },
            site: gongkai_domain::agency::SiteIdentity {
                site_code: r.site_code,
                icp_record: r.icp_record,
                police_record: r.police_record,
            },
            active: r.active,
        })
    }
}

pub(crate) const AGENCY_COLS: &str = "id, name, level, kind, code, parent_id, office_name, address, hours, phone, fax, email, created_at, \
     auto_confirm_online, reconsideration_body, fee_payment, functions, head, departments, site_code, icp_record, \
     police_record, active";

#[derive(sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: i64,
    pub agency_id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub must_change_password: bool,
}

impl TryFrom<UserRow> for User {
    type Error = StoreError;
    fn try_from(r: UserRow) -> Result<User, StoreError> {
        Ok(User {
            roles: roles_from_text(&r.roles)
                .map_err(|e| StoreError::Corrupt(format!("user {}: {e}", r.id)))?,
            id: r.id,
            agency_id: r.agency_id,
            username: r.username,
            display_name: r.display_name,
            active: r.active,
            created_at: r.created_at,
            must_change_password: r.must_change_password,
            via_token: None,
        })
    }
}

/// A user row with its password hash, for login only.
#[derive(sqlx::FromRow)]
pub(crate) struct LoginRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub password_hash: String,
}

pub(crate) const USER_COLS: &str =
    "id, agency_id, username, display_name, roles, active, created_at, must_change_password";

#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub agency_id: Option<i64>,
    pub action: String,
    pub subject: String,
    pub before_summary: String,
    pub after_summary: String,
    pub prev_hash: String,
    pub hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> AuditEntry {
        AuditEntry {
            seq: r.seq,
            at: r.at,
            actor: r.actor,
            agency_id: r.agency_id,
            action: r.action,
            subject: r.subject,
            before: r.before_summary,
            after: r.after_summary,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

pub(crate) const AUDIT_COLS: &str =
    "seq, at, actor, agency_id, action, subject, before_summary, after_summary, prev_hash, hash";

/// The canonical audit timestamp: RFC 3339, UTC, microseconds (what the hash covers).
pub(crate) fn audit_now() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}
