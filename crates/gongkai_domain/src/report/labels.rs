//! Row, column and block keys of the statutory tables, with their official Chinese labels.
//!
//! Keys serialise in snake_case exactly as in `report-json.md`; declaration order is the order
//! of the printed form, so `BTreeMap`s keyed by them print in form order.

use serde::{Deserialize, Serialize};

/// Rows of 表三 (`RequestTable`). Group rows (三)…(六) are not stored: they are sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestRow {
    /// 一、本年新收政府信息公开申请数量
    NewReceived,
    /// 二、上年结转政府信息公开申请数量
    CarriedOver,
    /// （一）予以公开
    Granted,
    /// （二）部分公开
    PartlyGranted,
    /// （三）1.属于国家秘密
    WithheldStateSecret,
    /// （三）2.其他法律行政法规禁止公开
    WithheldProhibitedByLaw,
    /// （三）3.危及“三安全一稳定”
    WithheldThreeSecurities,
    /// （三）4.保护第三方合法权益
    WithheldThirdPartyRights,
    /// （三）5.属于三类内部事务信息
    WithheldInternalAffairs,
    /// （三）6.属于四类过程性信息
    WithheldProcessInformation,
    /// （三）7.属于行政执法案卷
    WithheldEnforcementFile,
    /// （三）8.属于行政查询事项
    WithheldAdministrativeQuery,
    /// （四）1.本机关不掌握相关政府信息
    UnavailableNotHeld,
    /// （四）2.没有现成信息需要另行制作
    UnavailableNeedsCreation,
    /// （四）3.补正后申请内容仍不明确
    UnavailableStillUnclear,
    /// （五）1.信访举报投诉类申请
    NotProcessedPetition,
    /// （五）2.重复申请
    NotProcessedDuplicate,
    /// （五）3.要求提供公开出版物
    NotProcessedPublication,
    /// （五）4.无正当理由大量反复申请
    NotProcessedExcessive,
    /// （五）5.要求行政机关确认或重新出具已获取信息
    NotProcessedConfirmation,
    /// （六）1.申请人无正当理由逾期不补正…
    OtherCorrectionLapsed,
    /// （六）2.申请人逾期未按收费通知要求缴纳费用…
    OtherFeeUnpaid,
    /// （六）3.其他
    OtherOther,
    /// （六）其他处理 — single row of the 2019 trial format
    Other,
    /// （七）总计
    ResultsTotal,
    /// 四、结转下年度继续办理
    CarriedForward,
}

impl RequestRow {
    /// All rows in form order (both the 2021 sub-rows of (六) and the 2019 single row).
    pub const ALL: [Self; 26] = [
        Self::NewReceived,
        Self::CarriedOver,
        Self::Granted,
        Self::PartlyGranted,
        Self::WithheldStateSecret,
        Self::WithheldProhibitedByLaw,
        Self::WithheldThreeSecurities,
        Self::WithheldThirdPartyRights,
        Self::WithheldInternalAffairs,
        Self::WithheldProcessInformation,
        Self::WithheldEnforcementFile,
        Self::WithheldAdministrativeQuery,
        Self::UnavailableNotHeld,
        Self::UnavailableNeedsCreation,
        Self::UnavailableStillUnclear,
        Self::NotProcessedPetition,
        Self::NotProcessedDuplicate,
        Self::NotProcessedPublication,
        Self::NotProcessedExcessive,
        Self::NotProcessedConfirmation,
        Self::OtherCorrectionLapsed,
        Self::OtherFeeUnpaid,
        Self::OtherOther,
        Self::Other,
        Self::ResultsTotal,
        Self::CarriedForward,
    ];

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
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::NewReceived => "new_received",
            Self::CarriedOver => "carried_over",
            Self::Granted => "granted",
            Self::PartlyGranted => "partly_granted",
            Self::WithheldStateSecret => "withheld_state_secret",
            Self::WithheldProhibitedByLaw => "withheld_prohibited_by_law",
            Self::WithheldThreeSecurities => "withheld_three_securities",
            Self::WithheldThirdPartyRights => "withheld_third_party_rights",
            Self::WithheldInternalAffairs => "withheld_internal_affairs",
            Self::WithheldProcessInformation => "withheld_process_information",
            Self::WithheldEnforcementFile => "withheld_enforcement_file",
            Self::WithheldAdministrativeQuery => "withheld_administrative_query",
            Self::UnavailableNotHeld => "unavailable_not_held",
            Self::UnavailableNeedsCreation => "unavailable_needs_creation",
            Self::UnavailableStillUnclear => "unavailable_still_unclear",
            Self::NotProcessedPetition => "not_processed_petition",
            Self::NotProcessedDuplicate => "not_processed_duplicate",
            Self::NotProcessedPublication => "not_processed_publication",
            Self::NotProcessedExcessive => "not_processed_excessive",
            Self::NotProcessedConfirmation => "not_processed_confirmation",
            Self::OtherCorrectionLapsed => "other_correction_lapsed",
            Self::OtherFeeUnpaid => "other_fee_unpaid",
            Self::OtherOther => "other_other",
            Self::Other => "other",
            Self::ResultsTotal => "results_total",
            Self::CarriedForward => "carried_forward",
        }
    }

    /// The official Chinese label (with its group prefix for sub-rows).
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::NewReceived => "一、本年新收政府信息公开申请数量",
            Self::CarriedOver => "二、上年结转政府信息公开申请数量",
            Self::Granted => "（一）予以公开",
            Self::PartlyGranted => "（二）部分公开",
            Self::WithheldStateSecret => "（三）1.属于国家秘密",
            Self::WithheldProhibitedByLaw => "（三）2.其他法律行政法规禁止公开",
            Self::WithheldThreeSecurities => "（三）3.危及“三安全一稳定”",
            Self::WithheldThirdPartyRights => "（三）4.保护第三方合法权益",
            Self::WithheldInternalAffairs => "（三）5.属于三类内部事务信息",
            Self::WithheldProcessInformation => "（三）6.属于四类过程性信息",
            Self::WithheldEnforcementFile => "（三）7.属于行政执法案卷",
            Self::WithheldAdministrativeQuery => "（三）8.属于行政查询事项",
            Self::UnavailableNotHeld => "（四）1.本机关不掌握相关政府信息",
            Self::UnavailableNeedsCreation => "（四）2.没有现成信息需要另行制作",
            Self::UnavailableStillUnclear => "（四）3.补正后申请内容仍不明确",
            Self::NotProcessedPetition => "（五）1.信访举报投诉类申请",
            Self::NotProcessedDuplicate => "（五）2.重复申请",
            Self::NotProcessedPublication => "（五）3.要求提供公开出版物",
            Self::NotProcessedExcessive => "（五）4.无正当理由大量反复申请",
            Self::NotProcessedConfirmation => "（五）5.要求行政机关确认或重新出具已获取信息",
            Self::OtherCorrectionLapsed => {
                "（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
            }
            Self::OtherFeeUnpaid => {
                "（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
            }
            Self::OtherOther => "（六）3.其他",
            Self::Other => "（六）其他处理",
            Self::ResultsTotal => "（七）总计",
            Self::CarriedForward => "四、结转下年度继续办理",
        }
    }
}

/// Applicant columns of 表三.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestColumn {
    /// 自然人
    NaturalPerson,
    /// 商业企业
    Company,
    /// 科研机构
    Research,
    /// 社会公益组织
    #[serde(rename = "nonprofit")]
    NonProfit,
    /// 法律服务机构
    LegalService,
    /// 其他 (法人或其他组织)
    OtherOrg,
    /// 总计
    Total,
}

impl RequestColumn {
    /// All seven columns in form order.
    pub const ALL: [Self; 7] = [
        Self::NaturalPerson,
        Self::Company,
        Self::Research,
        Self::NonProfit,
        Self::LegalService,
        Self::OtherOrg,
        Self::Total,
    ];
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
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::NaturalPerson => "natural_person",
            Self::Company => "company",
            Self::Research => "research",
            Self::NonProfit => "nonprofit",
            Self::LegalService => "legal_service",
            Self::OtherOrg => "other_org",
            Self::Total => "total",
        }
    }

    /// The official Chinese label.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::NaturalPerson => "自然人",
            Self::Company => "商业企业",
            Self::Research => "科研机构",
            Self::NonProfit => "社会公益组织",
            Self::LegalService => "法律服务机构",
            Self::OtherOrg => "其他",
            Self::Total => "总计",
        }
    }
}

/// Blocks of 表四 (`CaseTable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseBlock {
    /// 行政复议
    Reconsideration,
    /// 行政诉讼 · 未经复议直接起诉
    LitigationDirect,
    /// 行政诉讼 · 复议后起诉
    LitigationAfterReconsideration,
}

impl CaseBlock {
    /// The three blocks in form order.
    pub const ALL: [Self; 3] =
        [Self::Reconsideration, Self::LitigationDirect, Self::LitigationAfterReconsideration];

    /// The snake_case key.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Reconsideration => "reconsideration",
            Self::LitigationDirect => "litigation_direct",
            Self::LitigationAfterReconsideration => "litigation_after_reconsideration",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Reconsideration => "行政复议",
            Self::LitigationDirect => "未经复议直接起诉",
            Self::LitigationAfterReconsideration => "复议后起诉",
        }
    }
}

/// Result columns of each 表四 block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseColumn {
    /// 结果维持
    Upheld,
    /// 结果纠正
    Corrected,
    /// 其他结果
    Other,
    /// 尚未审结
    Pending,
    /// 总计
    Total,
}

impl CaseColumn {
    /// The five columns in form order.
    pub const ALL: [Self; 5] = [Self::Upheld, Self::Corrected, Self::Other, Self::Pending, Self::Total];
    /// The four parts whose sum is 总计 (T4-1).
    pub const PARTS: [Self; 4] = [Self::Upheld, Self::Corrected, Self::Other, Self::Pending];

    /// The snake_case key.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Upheld => "upheld",
            Self::Corrected => "corrected",
            Self::Other => "other",
            Self::Pending => "pending",
            Self::Total => "total",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Upheld => "结果维持",
            Self::Corrected => "结果纠正",
            Self::Other => "其他结果",
            Self::Pending => "尚未审结",
            Self::Total => "总计",
        }
    }
}

/// Rows of 表二 (`ProactiveTable`), both formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProactiveRow {
    /// 规章
    Rules,
    /// 行政规范性文件 (2019: 规范性文件)
    NormativeDocuments,
    /// 行政许可
    Licensing,
    /// 其他对外管理服务事项 (2019 only)
    OtherServices,
    /// 行政处罚
    Penalties,
    /// 行政强制
    Enforcement,
    /// 行政事业性收费
    FeesCollected,
    /// 政府集中采购 (2019 only)
    Procurement,
}

impl ProactiveRow {
    /// The Chinese label in the 2021 form.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Rules => "规章",
            Self::NormativeDocuments => "行政规范性文件",
            Self::Licensing => "行政许可",
            Self::OtherServices => "其他对外管理服务事项",
            Self::Penalties => "行政处罚",
            Self::Enforcement => "行政强制",
            Self::FeesCollected => "行政事业性收费",
            Self::Procurement => "政府集中采购",
        }
    }
}

/// Columns of 表二, both formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProactiveColumn {
    /// 本年制发件数
    Issued,
    /// 本年废止件数
    Repealed,
    /// 现行有效件数
    InForce,
    /// 本年处理决定数量
    Decisions,
    /// 本年收费金额（单位：万元）
    AmountWanYuan,
    /// 本年新制作数量 (2019)
    NewMade,
    /// 本年新公开数量 (2019)
    NewPublished,
    /// 对外公开总数量 (2019)
    PublishedTotal,
    /// 上一年项目数量 (2019)
    PreviousItems,
    /// 本年增/减 (2019)
    Change,
    /// 采购项目数量 (2019)
    Items,
    /// 采购总金额 (2019)
    AmountYuan,
}

impl ProactiveColumn {
    /// The Chinese label.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Issued => "本年制发件数",
            Self::Repealed => "本年废止件数",
            Self::InForce => "现行有效件数",
            Self::Decisions => "本年处理决定数量",
            Self::AmountWanYuan => "本年收费金额（单位：万元）",
            Self::NewMade => "本年新制作数量",
            Self::NewPublished => "本年新公开数量",
            Self::PublishedTotal => "对外公开总数量",
            Self::PreviousItems => "上一年项目数量",
            Self::Change => "本年增/减",
            Self::Items => "采购项目数量",
            Self::AmountYuan => "采购总金额",
        }
    }
}
