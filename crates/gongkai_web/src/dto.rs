//! JSON shapes shared by several API modules (agencies, staff accounts), so that handler
//! modules import them from here and never from each other.

use gongkai_store::{Agency, User};
use serde::Serialize;
use utoipa::ToSchema;

/// An agency (行政机关).
#[derive(Debug, Serialize, ToSchema)]
pub struct AgencyDto {
    pub id: i64,
    /// 机关名称 (标准全称)
    pub name: String,
    /// `province` | `city` | `county` | `township`
    pub level: String,
    /// `government` | `department` | `sub_district` | `other`
    pub kind: String,
    /// 统一社会信用代码 or 组织机构代码
    pub code: Option<String>,
    pub parent_id: Option<i64>,
    /// 政府信息公开工作机构 contact details (条例 第十二条)
    pub contact: ContactDto,
    /// 机构职能 (条例 第二十条（二）)
    pub functions: String,
    /// 负责人
    pub head: String,
    /// 内设机构
    pub departments: String,
    /// False once deactivated (its records stay readable and counted).
    pub active: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactDto {
    pub office_name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
}

impl From<&Agency> for AgencyDto {
    fn from(a: &Agency) -> Self {
        let c = &a.contact;
        AgencyDto {
            id: a.id,
            name: a.name.clone(),
            level: a.level.as_str().into(),
            kind: a.kind.as_str().into(),
            code: a.code.clone(),
            parent_id: a.parent_id,
            contact: ContactDto {
                office_name: c.office_name.clone(),
                address: c.address.clone(),
                hours: c.hours.clone(),
                phone: c.phone.clone(),
                fax: c.fax.clone(),
                email: c.email.clone(),
            },
            functions: a.profile.functions.clone(),
            head: a.profile.head.clone(),
            departments: a.profile.departments.clone(),
            active: a.active,
        }
    }
}

/// The signed-in staff member.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub agency_id: i64,
    /// `admin` | `editor` | `reviewer` | `approver` | `supervisor`
    pub roles: Vec<String>,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        UserDto {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            agency_id: u.agency_id,
            roles: u.roles.iter().map(|r| r.as_str().to_string()).collect(),
        }
    }
}
