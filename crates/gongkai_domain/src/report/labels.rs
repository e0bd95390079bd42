//! Row, column and block keys of the statutory tables, with their official Chinese labels.
//!
//! Keys serialise in snake_case exactly as in `report-json.md`; declaration order is the order
//! of the printed form, so `BTreeMap`s keyed by them print in form order.

use serde::{Deserialize, Serialize};
use strum::{EnumMessage, VariantArray};

/// Rows of 表三 (`RequestTable`). Group rows (三)…(六) are not stored: they are sums.
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
pub enum RequestRow {
    /// 一、本年新收政府信息公开申请数量
    #[strum(message = "一、本年新收政府信息公开申请数量")]
    NewReceived,
    /// 二、上年结转政府信息公开申请数量
    #[strum(message = "二、上年结转政府信息公开申请数量")]
    CarriedOver,
    /// （一）予以公开
    #[strum(message = "（一）予以公开")]
    Granted,
    /// （二）部分公开
    #[strum(message = "（二）部分公开")]
    PartlyGranted,
    /// （三）1.属于国家秘密
    #[strum(message = "（三）1.属于国家秘密")]
    WithheldStateSecret,
    /// （三）2.其他法律行政法规禁止公开
    #[strum(message = "（三）2.其他法律行政法规禁止公开")]
    WithheldProhibitedByLaw,
    /// （三）3.危及“三安全一稳定”
    #[strum(message = "（三）3.危及“三安全一稳定”")]
    WithheldThreeSecurities,
    /// （三）4.保护第三方合法权益
    #[strum(message = "（三）4.保护第三方合法权益")]
    WithheldThirdPartyRights,
    /// （三）5.属于三类内部事务信息
    #[strum(message = "（三）5.属于三类内部事务信息")]
    WithheldInternalAffairs,
    /// （三）6.属于四类过程性信息
    #[strum(message = "（三）6.属于四类过程性信息")]
    WithheldProcessInformation,
    /// （三）7.属于行政执法案卷
    #[strum(message = "（三）7.属于行政执法案卷")]
    WithheldEnforcementFile,
    /// （三）8.属于行政查询事项
    #[strum(message = "（三）8.属于行政查询事项")]
    WithheldAdministrativeQuery,
    /// （四）1.本机关不掌握相关政府信息
    #[strum(message = "（四）1.本机关不掌握相关政府信息")]
    UnavailableNotHeld,
    /// （四）2.没有现成信息需要另行制作
    #[strum(message = "（四）2.没有现成信息需要另行制作")]
    UnavailableNeedsCreation,
    /// （四）3.补正后申请内容仍不明确
    #[strum(message = "（四）3.补正后申请内容仍不明确")]
    UnavailableStillUnclear,
    /// （五）1.信访举报投诉类申请
    #[strum(message = "（五）1.信访举报投诉类申请")]
    NotProcessedPetition,
    /// （五）2.重复申请
    #[strum(message = "（五）2.重复申请")]
    NotProcessedDuplicate,
    /// （五）3.要求提供公开出版物
    #[strum(message = "（五）3.要求提供公开出版物")]
    NotProcessedPublication,
    /// （五）4.无正当理由大量反复申请
    #[strum(message = "（五）4.无正当理由大量反复申请")]
    NotProcessedExcessive,
    /// （五）5.要求行政机关确认或重新出具已获取信息
    #[strum(message = "（五）5.要求行政机关确认或重新出具已获取信息")]
    NotProcessedConfirmation,
    /// （六）1.申请人无正当理由逾期不补正…
    #[strum(message = "（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")]
    OtherCorrectionLapsed,
    /// （六）2.申请人逾期未按收费通知要求缴纳费用…
    #[strum(message = "（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")]
    OtherFeeUnpaid,
    /// （六）3.其他
    #[strum(message = "（六）3.其他")]
    OtherOther,
    /// （六）其他处理 — single row of the 2019 trial format
    #[strum(message = "（六）其他处理")]
    Other,
    /// （七）总计
    #[strum(message = "（七）总计")]
    ResultsTotal,
    /// 四、结转下年度继续办理
    #[strum(message = "四、结转下年度继续办理")]
    CarriedForward,
}

impl RequestRow {
    /// All rows in form order (both the 2021 sub-rows of (六) and the 2019 single row).
    pub const ALL: [Self; 26] = crate::keys::all(Self::VARIANTS);

    /// The outcome rows whose sum is （七）总计 (T3-2).
    #[must_use]
    pub fn is_outcome(self) -> bool {
        !matches!(self, Self::NewReceived | Self::CarriedOver | Self::ResultsTotal | Self::CarriedForward)
    }

    /// The rows of the 2021 form (with (六) split in three).
    #[must_use]
    pub fn national2021() -> Vec<Self> {
        Self::ALL.into_iter().filter(|r| *r != Self::Other).collect()
    }

    /// The rows of the 2019 trial form ((六) a single row).
    #[must_use]
    pub fn trial2019() -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|r| !matches!(r, Self::OtherCorrectionLapsed | Self::OtherFeeUnpaid | Self::OtherOther))
            .collect()
    }

    /// The snake_case key used in JSON.
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The official Chinese label (with its group prefix for sub-rows).
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Applicant columns of 表三.
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
pub enum RequestColumn {
    /// 自然人
    #[strum(message = "自然人")]
    NaturalPerson,
    /// 商业企业
    #[strum(message = "商业企业")]
    Company,
    /// 科研机构
    #[strum(message = "科研机构")]
    Research,
    /// 社会公益组织
    #[serde(rename = "nonprofit")]
    #[strum(serialize = "nonprofit", message = "社会公益组织")]
    NonProfit,
    /// 法律服务机构
    #[strum(message = "法律服务机构")]
    LegalService,
    /// 其他 (法人或其他组织)
    #[strum(message = "其他")]
    OtherOrg,
    /// 总计
    #[strum(message = "总计")]
    Total,
}

impl RequestColumn {
    /// All seven columns in form order.
    pub const ALL: [Self; 7] = crate::keys::all(Self::VARIANTS);
    /// The six applicant columns whose sum is 总计 (T3-3).
    pub const APPLICANTS: [Self; 6] = [
        Self::NaturalPerson,
        Self::Company,
        Self::Research,
        Self::NonProfit,
        Self::LegalService,
        Self::OtherOrg,
    ];

    /// The snake_case key.
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The official Chinese label.
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Blocks of 表四 (`CaseTable`).
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
pub enum CaseBlock {
    /// 行政复议
    #[strum(message = "行政复议")]
    Reconsideration,
    /// 行政诉讼 · 未经复议直接起诉
    #[strum(message = "未经复议直接起诉")]
    LitigationDirect,
    /// 行政诉讼 · 复议后起诉
    #[strum(message = "复议后起诉")]
    LitigationAfterReconsideration,
}

impl CaseBlock {
    /// The three blocks in form order.
    pub const ALL: [Self; 3] = crate::keys::all(Self::VARIANTS);

    /// The snake_case key.
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Result columns of each 表四 block.
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
pub enum CaseColumn {
    /// 结果维持
    #[strum(message = "结果维持")]
    Upheld,
    /// 结果纠正
    #[strum(message = "结果纠正")]
    Corrected,
    /// 其他结果
    #[strum(message = "其他结果")]
    Other,
    /// 尚未审结
    #[strum(message = "尚未审结")]
    Pending,
    /// 总计
    #[strum(message = "总计")]
    Total,
}

impl CaseColumn {
    /// The five columns in form order.
    pub const ALL: [Self; 5] = crate::keys::all(Self::VARIANTS);
    /// The four parts whose sum is 总计 (T4-1).
    pub const PARTS: [Self; 4] = [Self::Upheld, Self::Corrected, Self::Other, Self::Pending];

    /// The snake_case key.
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Rows of 表二 (`ProactiveTable`), both formats.
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
pub enum ProactiveRow {
    /// 规章
    #[strum(message = "规章")]
    Rules,
    /// 行政规范性文件 (2019: 规范性文件)
    #[strum(message = "行政规范性文件")]
    NormativeDocuments,
    /// 行政许可
    #[strum(message = "行政许可")]
    Licensing,
    /// 其他对外管理服务事项 (2019 only)
    #[strum(message = "其他对外管理服务事项")]
    OtherServices,
    /// 行政处罚
    #[strum(message = "行政处罚")]
    Penalties,
    /// 行政强制
    #[strum(message = "行政强制")]
    Enforcement,
    /// 行政事业性收费
    #[strum(message = "行政事业性收费")]
    FeesCollected,
    /// 政府集中采购 (2019 only)
    #[strum(message = "政府集中采购")]
    Procurement,
}

impl ProactiveRow {
    /// The Chinese label in the 2021 form.
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Columns of 表二, both formats.
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
pub enum ProactiveColumn {
    /// 本年制发件数
    #[strum(message = "本年制发件数")]
    Issued,
    /// 本年废止件数
    #[strum(message = "本年废止件数")]
    Repealed,
    /// 现行有效件数
    #[strum(message = "现行有效件数")]
    InForce,
    /// 本年处理决定数量
    #[strum(message = "本年处理决定数量")]
    Decisions,
    /// 本年收费金额（单位：万元）
    #[strum(message = "本年收费金额（单位：万元）")]
    AmountWanYuan,
    /// 本年新制作数量 (2019)
    #[strum(message = "本年新制作数量")]
    NewMade,
    /// 本年新公开数量 (2019)
    #[strum(message = "本年新公开数量")]
    NewPublished,
    /// 对外公开总数量 (2019)
    #[strum(message = "对外公开总数量")]
    PublishedTotal,
    /// 上一年项目数量 (2019)
    #[strum(message = "上一年项目数量")]
    PreviousItems,
    /// 本年增/减 (2019)
    #[strum(message = "本年增/减")]
    Change,
    /// 采购项目数量 (2019)
    #[strum(message = "采购项目数量")]
    Items,
    /// 采购总金额 (2019)
    #[strum(message = "采购总金额")]
    AmountYuan,
}

impl ProactiveColumn {
    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}
