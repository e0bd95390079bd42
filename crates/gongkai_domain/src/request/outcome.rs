//! 办理结果: exactly the outcome rows of 年报 表三 (glossary `Outcome`), with the legal basis
//! that usually goes with each (regulation.md §1.6).

use crate::report::RequestRow;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// （三）不予公开 reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WithheldReason {
    StateSecret,
    ProhibitedByLaw,
    ThreeSecurities,
    ThirdPartyRights,
    InternalAffairs,
    ProcessInformation,
    EnforcementFile,
    AdministrativeQuery,
}

/// （四）无法提供 reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnavailableReason {
    NotHeld,
    NeedsCreation,
    StillUnclear,
}

/// （五）不予处理 reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotProcessedReason {
    Petition,
    Duplicate,
    Publication,
    Excessive,
    Confirmation,
}

/// （六）其他处理 reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OtherReason {
    CorrectionLapsed,
    FeeUnpaid,
    Other,
}

/// One request's outcome: one row of 表三, never two (部分公开 excludes the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    Granted,
    PartlyGranted,
    Withheld(WithheldReason),
    Unavailable(UnavailableReason),
    NotProcessed(NotProcessedReason),
    Other(OtherReason),
}

impl Outcome {
    /// Every outcome, in the order of the form.
    pub const ALL: [Outcome; 21] = [
        Outcome::Granted,
        Outcome::PartlyGranted,
        Outcome::Withheld(WithheldReason::StateSecret),
        Outcome::Withheld(WithheldReason::ProhibitedByLaw),
        Outcome::Withheld(WithheldReason::ThreeSecurities),
        Outcome::Withheld(WithheldReason::ThirdPartyRights),
        Outcome::Withheld(WithheldReason::InternalAffairs),
        Outcome::Withheld(WithheldReason::ProcessInformation),
        Outcome::Withheld(WithheldReason::EnforcementFile),
        Outcome::Withheld(WithheldReason::AdministrativeQuery),
        Outcome::Unavailable(UnavailableReason::NotHeld),
        Outcome::Unavailable(UnavailableReason::NeedsCreation),
        Outcome::Unavailable(UnavailableReason::StillUnclear),
        Outcome::NotProcessed(NotProcessedReason::Petition),
        Outcome::NotProcessed(NotProcessedReason::Duplicate),
        Outcome::NotProcessed(NotProcessedReason::Publication),
        Outcome::NotProcessed(NotProcessedReason::Excessive),
        Outcome::NotProcessed(NotProcessedReason::Confirmation),
        Outcome::Other(OtherReason::CorrectionLapsed),
        Outcome::Other(OtherReason::FeeUnpaid),
        Outcome::Other(OtherReason::Other),
    ];

    /// The 表三 row (2021 form) this outcome is counted in.
    pub fn row(self) -> RequestRow {
        use NotProcessedReason as N;
        use OtherReason as O;
        use UnavailableReason as U;
        use WithheldReason as W;
        match self {
            Outcome::Granted => RequestRow::Granted,
            Outcome::PartlyGranted => RequestRow::PartlyGranted,
            Outcome::Withheld(W::StateSecret) => RequestRow::WithheldStateSecret,
            Outcome::Withheld(W::ProhibitedByLaw) => RequestRow::WithheldProhibitedByLaw,
            Outcome::Withheld(W::ThreeSecurities) => RequestRow::WithheldThreeSecurities,
            Outcome::Withheld(W::ThirdPartyRights) => RequestRow::WithheldThirdPartyRights,
            Outcome::Withheld(W::InternalAffairs) => RequestRow::WithheldInternalAffairs,
            Outcome::Withheld(W::ProcessInformation) => RequestRow::WithheldProcessInformation,
            Outcome::Withheld(W::EnforcementFile) => RequestRow::WithheldEnforcementFile,
            Outcome::Withheld(W::AdministrativeQuery) => RequestRow::WithheldAdministrativeQuery,
            Outcome::Unavailable(U::NotHeld) => RequestRow::UnavailableNotHeld,
            Outcome::Unavailable(U::NeedsCreation) => RequestRow::UnavailableNeedsCreation,
            Outcome::Unavailable(U::StillUnclear) => RequestRow::UnavailableStillUnclear,
            Outcome::NotProcessed(N::Petition) => RequestRow::NotProcessedPetition,
            Outcome::NotProcessed(N::Duplicate) => RequestRow::NotProcessedDuplicate,
            Outcome::NotProcessed(N::Publication) => RequestRow::NotProcessedPublication,
            Outcome::NotProcessed(N::Excessive) => RequestRow::NotProcessedExcessive,
            Outcome::NotProcessed(N::Confirmation) => RequestRow::NotProcessedConfirmation,
            Outcome::Other(O::CorrectionLapsed) => RequestRow::OtherCorrectionLapsed,
            Outcome::Other(O::FeeUnpaid) => RequestRow::OtherFeeUnpaid,
            Outcome::Other(O::Other) => RequestRow::OtherOther,
        }
    }

    /// The stable key (same as the 表三 row key in `report-json.md`).
    pub fn key(self) -> &'static str {
        self.row().key()
    }

    pub fn from_key(key: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.key() == key.trim())
    }

    /// The 表三 label, e.g. "（三）1.属于国家秘密".
    pub fn label_zh(self) -> &'static str {
        self.row().label_zh()
    }

    /// A short label for lists, e.g. "不予公开：属于国家秘密".
    pub fn short_zh(self) -> &'static str {
        use NotProcessedReason as N;
        use OtherReason as O;
        use UnavailableReason as U;
        use WithheldReason as W;
        match self {
            Outcome::Granted => "予以公开",
            Outcome::PartlyGranted => "部分公开",
            Outcome::Withheld(W::StateSecret) => "不予公开：属于国家秘密",
            Outcome::Withheld(W::ProhibitedByLaw) => "不予公开：其他法律行政法规禁止公开",
            Outcome::Withheld(W::ThreeSecurities) => "不予公开：危及“三安全一稳定”",
            Outcome::Withheld(W::ThirdPartyRights) => "不予公开：保护第三方合法权益",
            Outcome::Withheld(W::InternalAffairs) => "不予公开：属于三类内部事务信息",
            Outcome::Withheld(W::ProcessInformation) => "不予公开：属于四类过程性信息",
            Outcome::Withheld(W::EnforcementFile) => "不予公开：属于行政执法案卷",
            Outcome::Withheld(W::AdministrativeQuery) => "不予公开：属于行政查询事项",
            Outcome::Unavailable(U::NotHeld) => "无法提供：本机关不掌握相关政府信息",
            Outcome::Unavailable(U::NeedsCreation) => "无法提供：没有现成信息需要另行制作",
            Outcome::Unavailable(U::StillUnclear) => "无法提供：补正后申请内容仍不明确",
            Outcome::NotProcessed(N::Petition) => "不予处理：信访举报投诉类申请",
            Outcome::NotProcessed(N::Duplicate) => "不予处理：重复申请",
            Outcome::NotProcessed(N::Publication) => "不予处理：要求提供公开出版物",
            Outcome::NotProcessed(N::Excessive) => "不予处理：无正当理由大量反复申请",
            Outcome::NotProcessed(N::Confirmation) => "不予处理：要求行政机关确认或重新出具已获取信息",
            Outcome::Other(O::CorrectionLapsed) => "其他处理：申请人逾期不补正",
            Outcome::Other(O::FeeUnpaid) => "其他处理：申请人逾期未缴纳信息处理费",
            Outcome::Other(O::Other) => "其他处理：其他",
        }
    }

    /// The article(s) of the 2019 条例 the decision normally rests on (regulation.md §1.6;
    /// the mapping is derived from the labels — the handler states the actual basis).
    pub fn default_basis(self) -> &'static str {
        use NotProcessedReason as N;
        use OtherReason as O;
        use UnavailableReason as U;
        use WithheldReason as W;
        match self {
            Outcome::Granted => "《中华人民共和国政府信息公开条例》第三十六条第一项、第二项",
            Outcome::PartlyGranted => "《中华人民共和国政府信息公开条例》第三十七条",
            Outcome::Withheld(W::StateSecret | W::ProhibitedByLaw | W::ThreeSecurities) => {
                "《中华人民共和国政府信息公开条例》第十四条、第三十六条第三项"
            }
            Outcome::Withheld(W::ThirdPartyRights) => {
                "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第三项"
            }
            Outcome::Withheld(W::InternalAffairs) => {
                "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第三项"
            }
            Outcome::Withheld(W::ProcessInformation | W::EnforcementFile) => {
                "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第三项"
            }
            Outcome::Withheld(W::AdministrativeQuery) => "《中华人民共和国政府信息公开条例》第三十六条第七项",
            Outcome::Unavailable(U::NotHeld) => "《中华人民共和国政府信息公开条例》第三十六条第四项、第五项",
            Outcome::Unavailable(U::NeedsCreation) => "《中华人民共和国政府信息公开条例》第三十八条",
            Outcome::Unavailable(U::StillUnclear) => "《中华人民共和国政府信息公开条例》第三十条",
            Outcome::NotProcessed(N::Petition) => "《中华人民共和国政府信息公开条例》第三十九条第一款",
            Outcome::NotProcessed(N::Duplicate) => "《中华人民共和国政府信息公开条例》第三十六条第六项",
            Outcome::NotProcessed(N::Publication) => "《中华人民共和国政府信息公开条例》第三十九条第二款",
            Outcome::NotProcessed(N::Excessive) => "《中华人民共和国政府信息公开条例》第三十五条",
            Outcome::NotProcessed(N::Confirmation) => "《中华人民共和国政府信息公开条例》第三十六条",
            Outcome::Other(O::CorrectionLapsed) => "《中华人民共和国政府信息公开条例》第三十条",
            Outcome::Other(O::FeeUnpaid) => "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
            Outcome::Other(O::Other) => "",
        }
    }

    /// The default basis under the regime of the request: the 2019 articles ([`Self::default_basis`])
    /// or, for a request received before 2019-05-15, the 2008 条例 (国务院令第492号): 第二十一条's
    /// four answers, 第二十二条 (区分处理), 第十四条 and 第八条 (secrets, 三安全一稳定), 第二十三条 (third
    /// parties; regulation.md §1.2, §1.5). Outcomes the 2008 text has no article for cite 第二十一条.
    pub fn default_basis_for(self, rules: crate::clock::Rules) -> &'static str {
        use UnavailableReason as U;
        use WithheldReason as W;
        if rules == crate::clock::Rules::R2019 {
            return self.default_basis();
        }
        match self {
            Outcome::Granted => "《中华人民共和国政府信息公开条例》（国务院令第492号）第二十一条第（一）项",
            Outcome::PartlyGranted => "《中华人民共和国政府信息公开条例》（国务院令第492号）第二十二条",
            Outcome::Withheld(W::StateSecret | W::ProhibitedByLaw | W::ThreeSecurities) => {
                "《中华人民共和国政府信息公开条例》（国务院令第492号）第八条、第十四条、第二十一条第（二）项"
            }
            Outcome::Withheld(W::ThirdPartyRights) => {
                "《中华人民共和国政府信息公开条例》（国务院令第492号）第十四条、第二十三条、第二十一条第（二）项"
            }
            Outcome::Withheld(_) => {
                "《中华人民共和国政府信息公开条例》（国务院令第492号）第二十一条第（二）项"
            }
            Outcome::Unavailable(U::NotHeld) => {
                "《中华人民共和国政府信息公开条例》（国务院令第492号）第二十一条第（三）项"
            }
            Outcome::Unavailable(U::StillUnclear) | Outcome::Other(OtherReason::CorrectionLapsed) => {
                "《中华人民共和国政府信息公开条例》（国务院令第492号）第二十一条第（四）项"
            }
            Outcome::Other(OtherReason::FeeUnpaid) | Outcome::Other(OtherReason::Other) => "",
            _ => "《中华人民共和国政府信息公开条例》（国务院令第492号）第二十一条",
        }
    }

    /// The group heading of the form, for grouped select lists.
    pub fn group_zh(self) -> &'static str {
        match self {
            Outcome::Granted => "（一）予以公开",
            Outcome::PartlyGranted => "（二）部分公开",
            Outcome::Withheld(_) => "（三）不予公开",
            Outcome::Unavailable(_) => "（四）无法提供",
            Outcome::NotProcessed(_) => "（五）不予处理",
            Outcome::Other(_) => "（六）其他处理",
        }
    }

    /// Whether the reply withholds information, so that the letter must state that the
    /// applicant has to apply for 行政复议 before suing (行政复议法 2023 第二十三条第一款第四项).
    pub fn is_refusal(self) -> bool {
        matches!(self, Outcome::Withheld(_) | Outcome::PartlyGranted)
    }

    /// Whether the applicant receives information.
    pub fn releases_information(self) -> bool {
        matches!(self, Outcome::Granted | Outcome::PartlyGranted)
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Outcome::from_key(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown outcome `{s}`")))
    }
}
