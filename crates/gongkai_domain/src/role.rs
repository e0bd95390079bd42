//! Staff roles (glossary: 信息员, 保密审查员, 审签人, supervisor, admin).

use serde::{Deserialize, Serialize};
use std::fmt;
use strum::{EnumMessage, VariantArray};

/// A staff member's role inside their agency. A person may hold several.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Role {
    /// 管理员: manages the agency's staff accounts and settings, reads the audit log.
    #[strum(message = "管理员")]
    Admin,
    /// 信息员: writes catalog entries and records requests.
    #[strum(message = "信息员")]
    Editor,
    /// 保密审查员: confidentiality review before release (条例 第十七条).
    #[strum(message = "保密审查员")]
    Reviewer,
    /// 审签人 / 分管领导: signs off publication, extensions, replies.
    #[strum(message = "审签领导")]
    Approver,
    /// 主管部门: sees subordinate agencies read-only.
    #[strum(message = "主管部门监督员")]
    Supervisor,
}

impl Role {
    pub const ALL: [Role; 5] = crate::keys::all(Self::VARIANTS);

    /// The stable key (API, database), derived by strum.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
    pub fn parse(s: &str) -> Option<Role> {
        s.trim().parse().ok()
    }
    /// Chinese label for pages.
    /// Chinese label for pages.
    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Serialises a role set as the comma-separated text stored in the database.
pub fn roles_to_text(roles: &[Role]) -> String {
    let mut r = roles.to_vec();
    r.sort();
    r.dedup();
    r.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(",")
}

/// Parses the stored text form; unknown names are an error so corrupt rows are noticed.
pub fn roles_from_text(s: &str) -> Result<Vec<Role>, String> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| Role::parse(p).ok_or_else(|| format!("unknown role {p:?}")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_roundtrip_sorts_and_dedups() {
        let t = roles_to_text(&[Role::Reviewer, Role::Admin, Role::Reviewer]);
        assert_eq!(t, "admin,reviewer");
        assert_eq!(roles_from_text(&t), Ok(vec![Role::Admin, Role::Reviewer]));
        assert!(roles_from_text("admin,king").is_err());
        assert_eq!(roles_from_text(""), Ok(vec![]));
    }
}
