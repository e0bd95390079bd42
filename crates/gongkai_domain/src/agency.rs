//! Agencies (行政机关) and their hierarchy: province → city → county → township, plus
//! departments (工作部门) under a government.

use crate::ids::{CreditCode, IdError, OrgCode};
use serde::{Deserialize, Serialize};
use strum::{EnumMessage, VariantArray};

/// 机关层级.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
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
pub enum AgencyLevel {
    #[strum(message = "省级")]
    Province,
    #[strum(message = "市级")]
    City,
    #[strum(message = "县级")]
    County,
    #[strum(message = "乡镇级")]
    Township,
}

impl AgencyLevel {
    pub const ALL: [AgencyLevel; 4] = crate::keys::all(Self::VARIANTS);
    /// The stable key (API, database), derived by strum.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
    /// Chinese label for pages.
    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
    /// Rank used to check that a child is not above its parent (province = 0).
    fn rank(self) -> u8 {
        self as u8
    }
}

/// 机关类型.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AgencyKind {
    /// 人民政府
    #[strum(message = "人民政府")]
    Government,
    /// 政府工作部门
    #[strum(message = "政府工作部门")]
    Department,
    /// 街道办事处
    #[strum(message = "街道办事处")]
    SubDistrict,
    /// 其他 (派出机构、法律法规授权组织 …)
    #[strum(message = "其他机关")]
    Other,
}

impl AgencyKind {
    pub const ALL: [AgencyKind; 4] = crate::keys::all(Self::VARIANTS);
    /// The stable key (API, database), derived by strum.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
    pub fn parse(s: &str) -> Option<Self> {
        s.parse().ok()
    }
    /// Chinese label for pages.
    pub fn label(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Contact details of the 政府信息公开工作机构, required in the 公开指南 (条例 第十二条).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeContact {
    pub office_name: String,
    pub address: String,
    pub hours: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
}

/// What an agency's letters say that the records cannot tell (issue 13). Empty: the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LetterSettings {
    /// 行政复议机关 named in the 答复书's remedies. Default: the agency above it, which is right
    /// for a county department (本级人民政府) and a township (县级人民政府) under 行政复议法
    /// (2023) 第二十四条; a county government (上一级地方人民政府) or a vertically managed
    /// office (上一级主管部门) sets its own.
    pub reconsideration_body: String,
    /// 缴纳方式 stated in the 收费通知 (国办函〔2020〕109号: the notice states 依据、标准、数额和
    /// 缴纳方式), e.g. the 非税收入 payment channel.
    pub fee_payment: String,
}

/// 机构信息 the portal shows for an agency (条例 第二十条（二）: 机构职能、机构设置、办公地址、
/// 办公时间、联系方式、负责人姓名; issue 14). Empty fields are not shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyProfile {
    /// 机构职能: what the agency does, as its 三定 provisions say.
    pub functions: String,
    /// 负责人 (name and post).
    pub head: String,
    /// 内设机构, one per line.
    pub departments: String,
}

/// The longest 机构职能 text; 负责人 and 内设机构 are shorter.
pub const MAX_PROFILE_CHARS: usize = 5_000;

impl AgencyProfile {
    /// Trimmed, control characters other than newlines removed; an error names the field.
    pub fn cleaned(self) -> Result<Self, FieldError> {
        let clean = |s: String, field: &'static str, what: &str, max: usize| {
            let t: String =
                s.replace("\r\n", "\n").trim().chars().filter(|c| *c == '\n' || !c.is_control()).collect();
            if t.chars().count() > max {
                Err(FieldError::new(field, "too_long", format!("{what}不能超过 {max} 个字")))
            } else {
                Ok(t)
            }
        };
        Ok(Self {
            functions: clean(self.functions, "functions", "机构职能", MAX_PROFILE_CHARS)?,
            head: clean(self.head, "head", "负责人", 100)?,
            departments: clean(self.departments, "departments", "内设机构", 2_000)?,
        })
    }
}

/// The portal's site identity, kept on the top agency (issue 14): the 网站标识码 every
/// government website carries (《政府网站发展指引》, 国办发〔2017〕47号), the ICP and 公安机关
/// 备案号 printed in the footer. Empty: not shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteIdentity {
    /// 网站标识码, e.g. `3501000001` (10 characters, letters and digits).
    pub site_code: String,
    /// ICP备案号, e.g. `闽ICP备05000001号`.
    pub icp_record: String,
    /// 公安机关备案号, e.g. `闽公网安备 35010202000001号`.
    pub police_record: String,
}

impl SiteIdentity {
    /// Trimmed; the 网站标识码 is letters and digits (at most 20), the 备案号 at most 50 characters.
    pub fn cleaned(self) -> Result<Self, FieldError> {
        let site_code = self.site_code.trim().to_owned();
        if site_code.chars().count() > 20 || !site_code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(FieldError::new(
                "site_code",
                "invalid_site_code",
                "网站标识码应为字母和数字，不超过 20 位",
            ));
        }
        let short = |s: String, field: &'static str, what: &str| {
            let t: String = s.trim().chars().filter(|c| !c.is_control()).collect();
            if t.chars().count() > 50 {
                Err(FieldError::new(field, "too_long", format!("{what}不能超过 50 个字")))
            } else {
                Ok(t)
            }
        };
        Ok(Self {
            site_code,
            icp_record: short(self.icp_record, "icp_record", "ICP备案号")?,
            police_record: short(self.police_record, "police_record", "公安机关备案号")?,
        })
    }
}

/// The longest text a letter setting may hold.
pub const MAX_LETTER_SETTING_CHARS: usize = 300;

impl LetterSettings {
    /// Trimmed, control characters removed; an error names the field that is too long.
    pub fn cleaned(self) -> Result<Self, (&'static str, String)> {
        let clean = |s: String| s.chars().filter(|c| !c.is_control()).collect::<String>().trim().to_owned();
        let out = LetterSettings {
            reconsideration_body: clean(self.reconsideration_body),
            fee_payment: clean(self.fee_payment),
        };
        for (field, v) in
            [("reconsideration_body", &out.reconsideration_body), ("fee_payment", &out.fee_payment)]
        {
            if v.chars().count() > MAX_LETTER_SETTING_CHARS {
                return Err((field, format!("不能超过 {MAX_LETTER_SETTING_CHARS} 个字")));
            }
        }
        Ok(out)
    }
}

/// The code an agency is identified by: a 统一社会信用代码 or, for bodies without one, a
/// 组织机构代码. Both are checksum-validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum AgencyCode {
    Credit(CreditCode),
    Org(OrgCode),
}

impl AgencyCode {
    /// Parses an 18-character code as a credit code and a 9/10-character one as an org code.
    pub fn parse(input: &str) -> Result<Self, IdError> {
        let t = input.trim();
        if t.chars().count() == 18 {
            CreditCode::parse(t).map(Self::Credit)
        } else {
            OrgCode::parse(t).map(Self::Org)
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::Credit(c) => c.as_str(),
            Self::Org(c) => c.as_str(),
        }
    }
    /// The 组织机构代码 used in 索引号 templates.
    pub fn org_code(&self) -> String {
        match self {
            Self::Credit(c) => c.org_code().to_string(),
            Self::Org(c) => c.to_string(),
        }
    }
}

/// A validation failure on agency input, tied to the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self { field, code, message: message.into() }
    }
}

/// Checks that `child_level` may sit under a parent of `parent_level`: a government sits
/// strictly below its parent government's level; a department sits at its government's level.
pub fn check_parent_level(
    child_level: AgencyLevel,
    child_kind: AgencyKind,
    parent_level: AgencyLevel,
) -> Result<(), FieldError> {
    let ok = match child_kind {
        AgencyKind::Department | AgencyKind::Other => child_level.rank() >= parent_level.rank(),
        AgencyKind::Government | AgencyKind::SubDistrict => child_level.rank() > parent_level.rank(),
    };
    if ok {
        Ok(())
    } else {
        Err(FieldError::new("parent_id", "invalid_parent", "上级机关的层级不能低于本机关"))
    }
}

/// Validates an agency name: non-empty, at most 100 characters, the standard full name.
pub fn check_agency_name(name: &str) -> Result<String, FieldError> {
    let n = name.trim();
    if n.is_empty() {
        return Err(FieldError::new("name", "required", "请填写机关名称"));
    }
    if n.chars().count() > 100 {
        return Err(FieldError::new("name", "too_long", "机关名称不能超过 100 个字"));
    }
    Ok(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_levels() {
        use AgencyKind::*;
        use AgencyLevel::*;
        assert!(check_parent_level(Township, Government, County).is_ok());
        assert!(check_parent_level(County, Department, County).is_ok());
        assert!(check_parent_level(County, Government, County).is_err());
        assert!(check_parent_level(City, Government, County).is_err());
    }

    #[test]
    fn agency_code_picks_kind_by_length() {
        assert!(matches!(AgencyCode::parse("91350100M000100Y43"), Ok(AgencyCode::Credit(_))));
        assert!(matches!(AgencyCode::parse("D2143569-X"), Ok(AgencyCode::Org(_))));
        assert_eq!(AgencyCode::parse("91350100M000100Y43").map(|c| c.org_code()), Ok("M000100Y4".into()));
        assert!(AgencyCode::parse("123").is_err());
    }
}
