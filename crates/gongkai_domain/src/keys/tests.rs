//! Pins every key and label of every keyed enum, so the strum derives cannot silently change
//! one: keys are stored in the database and used in the API and URLs. The rows were printed
//! from the hand-written `key`/`label_zh` match arms the derives replaced (only `Channel`
//! changed: snake_case since migration 0006).

use crate::agency::{AgencyKind, AgencyLevel};
use crate::calendar::ArrangementKind;
use crate::catalog::{self, DisclosureMode, Genre, PublicationState, Validity};
use crate::clock::{Channel, Rules};
use crate::message::{HopEnd, MessageKind, MessageState, ReplyChannel};
use crate::pii::FindingKind;
use crate::report::{
    CaseBlock, CaseColumn, ProactiveColumn, ProactiveRow, ReportFormat, RequestColumn, RequestRow,
};
use crate::request::{
    self, ApplicantKind, ConsultationResult, Delivery, FeeMethod, IdType, InfoForm, LetterKind, RequestState,
    WaitingOn,
};
use crate::role::Role;
use serde::Serialize;
use std::fmt::Debug;
use strum::VariantArray;

/// Every variant appears once, in declaration order; its key, the serde spelling, the parse
/// of the key (where the enum parses) and the label are as pinned. An empty pinned label
/// means the enum has none.
fn check<T: Copy + Debug + PartialEq + Serialize>(
    name: &str,
    rows: &[(T, &str, &str)],
    variants: &[T],
    key: impl Fn(T) -> &'static str,
    from_key: impl Fn(&str) -> Option<T>,
    label: impl Fn(T) -> &'static str,
) {
    let pinned: Vec<T> = rows.iter().map(|r| r.0).collect();
    assert_eq!(variants, pinned.as_slice(), "{name}: the table must pin every variant, in order");
    for &(v, k, l) in rows {
        assert_eq!(key(v), k, "{name}::{v:?}: key");
        let serde = serde_json::to_value(v).expect("serialise");
        assert_eq!(serde.as_str(), Some(k), "{name}::{v:?}: serde spelling = key");
        if let Some(parsed) = from_key(k) {
            assert_eq!(parsed, v, "{name}::{v:?}: key parses back");
        }
        assert_eq!(label(v), l, "{name}::{v:?}: label");
    }
}

#[rustfmt::skip]
    const REQUEST_STATE: &[(RequestState, &str, &str)] = &[
    (RequestState::Submitted, "submitted", "已提交，待确认收到"),
    (RequestState::InProgress, "in_progress", "办理中"),
    (RequestState::AwaitingCorrection, "awaiting_correction", "待申请人补正"),
    (RequestState::AwaitingPayment, "awaiting_payment", "待缴纳信息处理费"),
    (RequestState::Decided, "decided", "已作出答复，待送达"),
    (RequestState::Delivered, "delivered", "已送达"),
    (RequestState::Closed, "closed", "已办结"),
    (RequestState::Withdrawn, "withdrawn", "申请人已撤回"),
];
#[rustfmt::skip]
    const WAITING_ON: &[(WaitingOn, &str, &str)] = &[
    (WaitingOn::Agency, "agency", "待本机关办理"),
    (WaitingOn::Applicant, "applicant", "待申请人"),
    (WaitingOn::ThirdParty, "third_party", "待第三方意见"),
    (WaitingOn::OtherAgency, "other_agency", "待其他机关意见"),
    (WaitingOn::Nobody, "nobody", "—"),
];
#[rustfmt::skip]
    const CONSULTATION_RESULT: &[(ConsultationResult, &str, &str)] = &[
    (ConsultationResult::Agreed, "agreed", "同意公开"),
    (ConsultationResult::Objected, "objected", "不同意公开"),
    (ConsultationResult::NoAnswer, "no_answer", "逾期未提出意见"),
];
#[rustfmt::skip]
    const LETTER_KIND: &[(LetterKind, &str, &str)] = &[
    (LetterKind::Receipt, "receipt", "政府信息公开申请受理回执"),
    (LetterKind::CorrectionNotice, "correction_notice", "补正申请告知书"),
    (LetterKind::ExtensionNotice, "extension_notice", "延期答复告知书"),
    (LetterKind::ConsultationLetter, "consultation_letter", "征求意见书"),
    (LetterKind::FeeNotice, "fee_notice", "信息处理费收费通知"),
    (LetterKind::Reply, "reply", "政府信息公开申请答复书"),
];
#[rustfmt::skip]
    const REQUEST_ACTION_KIND: &[(request::ActionKind, &str, &str)] = &[
    (request::ActionKind::Submit, "submit", "提交申请"),
    (request::ActionKind::Assign, "assign", "指定承办人"),
    (request::ActionKind::ConfirmReceipt, "confirm_receipt", "确认收到申请"),
    (request::ActionKind::RequestCorrection, "request_correction", "出具补正告知书"),
    (request::ActionKind::RecordCorrection, "record_correction", "登记补正材料"),
    (request::ActionKind::CorrectionLapsed, "correction_lapsed", "逾期未补正，视为放弃"),
    (request::ActionKind::StartConsultation, "start_consultation", "征求意见"),
    (request::ActionKind::EndConsultation, "end_consultation", "登记征求意见结果"),
    (request::ActionKind::Extend, "extend", "延期答复"),
    (request::ActionKind::IssueFeeNotice, "issue_fee_notice", "出具收费通知"),
    (request::ActionKind::RecordPayment, "record_payment", "登记缴费"),
    (request::ActionKind::FeeLapsed, "fee_lapsed", "逾期未缴费，视为放弃"),
    (request::ActionKind::Decide, "decide", "作出答复决定"),
    (request::ActionKind::Deliver, "deliver", "登记送达"),
    (request::ActionKind::Close, "close", "办结归档"),
    (request::ActionKind::Withdraw, "withdraw", "申请人撤回"),
];
#[rustfmt::skip]
    const APPLICANT_KIND: &[(ApplicantKind, &str, &str)] = &[
    (ApplicantKind::NaturalPerson, "natural_person", "自然人"),
    (ApplicantKind::Company, "company", "商业企业"),
    (ApplicantKind::Research, "research", "科研机构"),
    (ApplicantKind::NonProfit, "nonprofit", "社会公益组织"),
    (ApplicantKind::LegalService, "legal_service", "法律服务机构"),
    (ApplicantKind::OtherOrg, "other_org", "其他组织"),
];
#[rustfmt::skip]
    const ID_TYPE: &[(IdType, &str, &str)] = &[
    (IdType::ResidentId, "resident_id", "居民身份证"),
    (IdType::CreditCode, "credit_code", "统一社会信用代码"),
    (IdType::Passport, "passport", "护照"),
    (IdType::Other, "other", "其他证件"),
];
#[rustfmt::skip]
    const INFO_FORM: &[(InfoForm, &str, &str)] = &[
    (InfoForm::Paper, "paper", "纸质"),
    (InfoForm::Electronic, "electronic", "电子"),
    (InfoForm::Inspection, "inspection", "查阅"),
];
#[rustfmt::skip]
    const DELIVERY: &[(Delivery, &str, &str)] = &[
    (Delivery::Pickup, "pickup", "自行领取"),
    (Delivery::Post, "post", "邮寄"),
    (Delivery::Email, "email", "电子邮件"),
    (Delivery::Online, "online", "在线获取"),
];
#[rustfmt::skip]
    const FEE_METHOD: &[(FeeMethod, &str, &str)] = &[
    (FeeMethod::PerRequest, "per_request", "按件计收"),
    (FeeMethod::PerPage, "per_page", "按量计收"),
];
#[rustfmt::skip]
    const VALIDITY: &[(Validity, &str, &str)] = &[
    (Validity::InForce, "in_force", "有效"),
    (Validity::Expired, "expired", "失效"),
    (Validity::Repealed, "repealed", "废止"),
];
#[rustfmt::skip]
    const DISCLOSURE_MODE: &[(DisclosureMode, &str, &str)] = &[
    (DisclosureMode::Proactive, "proactive", "主动公开"),
    (DisclosureMode::OnRequest, "on_request", "依申请公开"),
    (DisclosureMode::Withheld, "withheld", "不予公开"),
];
#[rustfmt::skip]
    const PUBLICATION_STATE: &[(PublicationState, &str, &str)] = &[
    (PublicationState::Draft, "draft", "草稿"),
    (PublicationState::InReview, "in_review", "待保密审查"),
    (PublicationState::AwaitingApproval, "awaiting_approval", "待审签"),
    (PublicationState::Scheduled, "scheduled", "定时发布"),
    (PublicationState::Published, "published", "已发布"),
    (PublicationState::Withdrawn, "withdrawn", "已撤回"),
];
#[rustfmt::skip]
    const CATALOG_ACTION_KIND: &[(catalog::ActionKind, &str, &str)] = &[
    (catalog::ActionKind::Create, "create", "起草"),
    (catalog::ActionKind::Edit, "edit", "修改"),
    (catalog::ActionKind::Submit, "submit", "提交保密审查"),
    (catalog::ActionKind::PassReview, "pass_review", "保密审查通过"),
    (catalog::ActionKind::Reject, "reject", "退回修改"),
    (catalog::ActionKind::Publish, "publish", "审签并立即发布"),
    (catalog::ActionKind::Schedule, "schedule", "审签并定时发布"),
    (catalog::ActionKind::Release, "release", "定时发布"),
    (catalog::ActionKind::Withdraw, "withdraw", "撤回"),
    (catalog::ActionKind::SetValidity, "set_validity", "变更有效性"),
    (catalog::ActionKind::Mask, "mask", "去标识化处理"),
    (catalog::ActionKind::Override, "override", "保留并说明理由"),
];
#[rustfmt::skip]
    const GENRE: &[(Genre, &str, &str)] = &[
    (Genre::Notice, "notice", "通知"),
    (Genre::Decision, "decision", "决定"),
    (Genre::Opinion, "opinion", "意见"),
    (Genre::Measures, "measures", "办法"),
    (Genre::Provisions, "provisions", "规定"),
    (Genre::Announcement, "announcement", "公告"),
    (Genre::Circular, "circular", "通告"),
    (Genre::Report, "report", "报告"),
    (Genre::Reply, "reply", "批复"),
    (Genre::Letter, "letter", "函"),
    (Genre::Minutes, "minutes", "纪要"),
    (Genre::Programme, "programme", "方案"),
    (Genre::Planning, "planning", "规划"),
    (Genre::WorkPlan, "work_plan", "计划"),
    (Genre::Summary, "summary", "总结"),
    (Genre::Interpretation, "interpretation", "政策解读"),
    (Genre::Other, "other", "其他"),
];
#[rustfmt::skip]
    const REQUEST_ROW: &[(RequestRow, &str, &str)] = &[
    (RequestRow::NewReceived, "new_received", "一、本年新收政府信息公开申请数量"),
    (RequestRow::CarriedOver, "carried_over", "二、上年结转政府信息公开申请数量"),
    (RequestRow::Granted, "granted", "（一）予以公开"),
    (RequestRow::PartlyGranted, "partly_granted", "（二）部分公开"),
    (RequestRow::WithheldStateSecret, "withheld_state_secret", "（三）1.属于国家秘密"),
    (RequestRow::WithheldProhibitedByLaw, "withheld_prohibited_by_law", "（三）2.其他法律行政法规禁止公开"),
    (RequestRow::WithheldThreeSecurities, "withheld_three_securities", "（三）3.危及“三安全一稳定”"),
    (RequestRow::WithheldThirdPartyRights, "withheld_third_party_rights", "（三）4.保护第三方合法权益"),
    (RequestRow::WithheldInternalAffairs, "withheld_internal_affairs", "（三）5.属于三类内部事务信息"),
    (RequestRow::WithheldProcessInformation, "withheld_process_information", "（三）6.属于四类过程性信息"),
    (RequestRow::WithheldEnforcementFile, "withheld_enforcement_file", "（三）7.属于行政执法案卷"),
    (RequestRow::WithheldAdministrativeQuery, "withheld_administrative_query", "（三）8.属于行政查询事项"),
    (RequestRow::UnavailableNotHeld, "unavailable_not_held", "（四）1.本机关不掌握相关政府信息"),
    (RequestRow::UnavailableNeedsCreation, "unavailable_needs_creation", "（四）2.没有现成信息需要另行制作"),
    (RequestRow::UnavailableStillUnclear, "unavailable_still_unclear", "（四）3.补正后申请内容仍不明确"),
    (RequestRow::NotProcessedPetition, "not_processed_petition", "（五）1.信访举报投诉类申请"),
    (RequestRow::NotProcessedDuplicate, "not_processed_duplicate", "（五）2.重复申请"),
    (RequestRow::NotProcessedPublication, "not_processed_publication", "（五）3.要求提供公开出版物"),
    (RequestRow::NotProcessedExcessive, "not_processed_excessive", "（五）4.无正当理由大量反复申请"),
    (RequestRow::NotProcessedConfirmation, "not_processed_confirmation", "（五）5.要求行政机关确认或重新出具已获取信息"),
    (RequestRow::OtherCorrectionLapsed, "other_correction_lapsed", "（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (RequestRow::OtherFeeUnpaid, "other_fee_unpaid", "（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (RequestRow::OtherOther, "other_other", "（六）3.其他"),
    (RequestRow::Other, "other", "（六）其他处理"),
    (RequestRow::ResultsTotal, "results_total", "（七）总计"),
    (RequestRow::CarriedForward, "carried_forward", "四、结转下年度继续办理"),
];
#[rustfmt::skip]
    const REQUEST_COLUMN: &[(RequestColumn, &str, &str)] = &[
    (RequestColumn::NaturalPerson, "natural_person", "自然人"),
    (RequestColumn::Company, "company", "商业企业"),
    (RequestColumn::Research, "research", "科研机构"),
    (RequestColumn::NonProfit, "nonprofit", "社会公益组织"),
    (RequestColumn::LegalService, "legal_service", "法律服务机构"),
    (RequestColumn::OtherOrg, "other_org", "其他"),
    (RequestColumn::Total, "total", "总计"),
];
#[rustfmt::skip]
    const CASE_BLOCK: &[(CaseBlock, &str, &str)] = &[
    (CaseBlock::Reconsideration, "reconsideration", "行政复议"),
    (CaseBlock::LitigationDirect, "litigation_direct", "未经复议直接起诉"),
    (CaseBlock::LitigationAfterReconsideration, "litigation_after_reconsideration", "复议后起诉"),
];
#[rustfmt::skip]
    const CASE_COLUMN: &[(CaseColumn, &str, &str)] = &[
    (CaseColumn::Upheld, "upheld", "结果维持"),
    (CaseColumn::Corrected, "corrected", "结果纠正"),
    (CaseColumn::Other, "other", "其他结果"),
    (CaseColumn::Pending, "pending", "尚未审结"),
    (CaseColumn::Total, "total", "总计"),
];
#[rustfmt::skip]
    const PROACTIVE_ROW: &[(ProactiveRow, &str, &str)] = &[
    (ProactiveRow::Rules, "rules", "规章"),
    (ProactiveRow::NormativeDocuments, "normative_documents", "行政规范性文件"),
    (ProactiveRow::Licensing, "licensing", "行政许可"),
    (ProactiveRow::OtherServices, "other_services", "其他对外管理服务事项"),
    (ProactiveRow::Penalties, "penalties", "行政处罚"),
    (ProactiveRow::Enforcement, "enforcement", "行政强制"),
    (ProactiveRow::FeesCollected, "fees_collected", "行政事业性收费"),
    (ProactiveRow::Procurement, "procurement", "政府集中采购"),
];
#[rustfmt::skip]
    const PROACTIVE_COLUMN: &[(ProactiveColumn, &str, &str)] = &[
    (ProactiveColumn::Issued, "issued", "本年制发件数"),
    (ProactiveColumn::Repealed, "repealed", "本年废止件数"),
    (ProactiveColumn::InForce, "in_force", "现行有效件数"),
    (ProactiveColumn::Decisions, "decisions", "本年处理决定数量"),
    (ProactiveColumn::AmountWanYuan, "amount_wan_yuan", "本年收费金额（单位：万元）"),
    (ProactiveColumn::NewMade, "new_made", "本年新制作数量"),
    (ProactiveColumn::NewPublished, "new_published", "本年新公开数量"),
    (ProactiveColumn::PublishedTotal, "published_total", "对外公开总数量"),
    (ProactiveColumn::PreviousItems, "previous_items", "上一年项目数量"),
    (ProactiveColumn::Change, "change", "本年增/减"),
    (ProactiveColumn::Items, "items", "采购项目数量"),
    (ProactiveColumn::AmountYuan, "amount_yuan", "采购总金额"),
];
#[rustfmt::skip]
    const CHANNEL: &[(Channel, &str, &str)] = &[
    (Channel::InPerson, "in_person", "当面提交"),
    (Channel::RegisteredMail, "registered_mail", "邮寄（需签收）"),
    (Channel::OrdinaryMail, "ordinary_mail", "平常信函等无需签收的邮寄"),
    (Channel::Online, "online", "互联网渠道"),
    (Channel::Fax, "fax", "传真"),
];
#[rustfmt::skip]
    const RULES: &[(Rules, &str, &str)] = &[
    (Rules::R2008, "2008", ""),
    (Rules::R2019, "2019", ""),
];
#[rustfmt::skip]
    const ROLE: &[(Role, &str, &str)] = &[
    (Role::Admin, "admin", "管理员"),
    (Role::Editor, "editor", "信息员"),
    (Role::Reviewer, "reviewer", "保密审查员"),
    (Role::Approver, "approver", "审签领导"),
    (Role::Supervisor, "supervisor", "主管部门监督员"),
];
#[rustfmt::skip]
    const AGENCY_LEVEL: &[(AgencyLevel, &str, &str)] = &[
    (AgencyLevel::Province, "province", "省级"),
    (AgencyLevel::City, "city", "市级"),
    (AgencyLevel::County, "county", "县级"),
    (AgencyLevel::Township, "township", "乡镇级"),
];
#[rustfmt::skip]
    const AGENCY_KIND: &[(AgencyKind, &str, &str)] = &[
    (AgencyKind::Government, "government", "人民政府"),
    (AgencyKind::Department, "department", "政府工作部门"),
    (AgencyKind::SubDistrict, "sub_district", "街道办事处"),
    (AgencyKind::Other, "other", "其他机关"),
];
#[rustfmt::skip]
    const ARRANGEMENT_KIND: &[(ArrangementKind, &str, &str)] = &[
    (ArrangementKind::Holiday, "holiday", ""),
    (ArrangementKind::Workday, "workday", ""),
];
#[rustfmt::skip]
    const FINDING_KIND: &[(FindingKind, &str, &str)] = &[
    (FindingKind::ResidentId, "resident_id", "身份证号码"),
    (FindingKind::PossibleResidentId, "possible_resident_id", "疑似身份证号码（校验位不符）"),
    (FindingKind::Mobile, "mobile", "手机号码"),
    (FindingKind::BankCard, "bank_card", "银行卡号"),
    (FindingKind::IndividualBusinessCode, "individual_business_code", "个体工商户统一社会信用代码"),
    (FindingKind::Email, "email", "电子邮箱"),
    (FindingKind::HomeAddress, "home_address", "详细住址"),
    (FindingKind::SecrecyMarking, "secrecy_marking", "密级或内部资料标识"),
    (FindingKind::AgencyWord, "agency_word", "本机关设定的敏感词"),
];
#[rustfmt::skip]
    const REPORT_FORMAT: &[(ReportFormat, &str, &str)] = &[
    (ReportFormat::Legacy2008, "legacy2008", "2008年条例时期格式"),
    (ReportFormat::Trial2019, "trial2019", "2019年试行格式"),
    (ReportFormat::National2021, "national2021", "2021年全国统一格式"),
];

// 留言 and 找错 (issue 16): stored in messages.kind/state, message_hops.end_kind and the facts.
#[rustfmt::skip]
const MESSAGE_KIND: &[(MessageKind, &str, &str)] = &[
    (MessageKind::Message, "message", "留言"),
    (MessageKind::ErrorReport, "error_report", "找错"),
];
#[rustfmt::skip]
const MESSAGE_STATE: &[(MessageState, &str, &str)] = &[
    (MessageState::Received, "received", "办理中"),
    (MessageState::Transferred, "transferred", "已转办"),
    (MessageState::Replied, "replied", "已答复"),
    (MessageState::Published, "published", "已答复并公开"),
    (MessageState::Spam, "spam", "无效留言"),
];
#[rustfmt::skip]
const REPLY_CHANNEL: &[(ReplyChannel, &str, &str)] = &[
    (ReplyChannel::Online, "online", "凭留言编号和查询码在网上查看"),
    (ReplyChannel::Phone, "phone", "电话"),
    (ReplyChannel::Email, "email", "电子邮件"),
];
#[rustfmt::skip]
const HOP_END: &[(HopEnd, &str, &str)] = &[
    (HopEnd::Transferred, "transferred", "转办"),
    (HopEnd::Replied, "replied", "答复"),
    (HopEnd::Spam, "spam", "无效留言"),
];

#[test]
fn message_keys_and_labels_are_pinned() {
    check(
        "MessageKind",
        MESSAGE_KIND,
        MessageKind::VARIANTS,
        |v| v.key(),
        MessageKind::from_key,
        |v| v.label_zh(),
    );
    check(
        "MessageState",
        MESSAGE_STATE,
        MessageState::VARIANTS,
        |v| v.key(),
        MessageState::from_key,
        |v| v.label_zh(),
    );
    check(
        "ReplyChannel",
        REPLY_CHANNEL,
        ReplyChannel::VARIANTS,
        |v| v.key(),
        ReplyChannel::from_key,
        |v| v.label_zh(),
    );
    check("HopEnd", HOP_END, HopEnd::VARIANTS, |v| v.key(), HopEnd::from_key, |v| v.label_zh());
}

#[test]
fn every_key_and_label_is_pinned() {
    check(
        "RequestState",
        REQUEST_STATE,
        RequestState::VARIANTS,
        |v| v.key(),
        RequestState::from_key,
        |v| v.label_zh(),
    );
    check("WaitingOn", WAITING_ON, WaitingOn::VARIANTS, |v| v.key(), WaitingOn::from_key, |v| v.label_zh());
    check(
        "ConsultationResult",
        CONSULTATION_RESULT,
        ConsultationResult::VARIANTS,
        |v| v.key(),
        ConsultationResult::from_key,
        |v| v.label_zh(),
    );
    check(
        "LetterKind",
        LETTER_KIND,
        LetterKind::VARIANTS,
        |v| v.key(),
        LetterKind::from_key,
        |v| v.label_zh(),
    );
    check(
        "request::ActionKind",
        REQUEST_ACTION_KIND,
        request::ActionKind::VARIANTS,
        |v| v.key(),
        request::ActionKind::from_key,
        |v| v.label_zh(),
    );
    check(
        "ApplicantKind",
        APPLICANT_KIND,
        ApplicantKind::VARIANTS,
        |v| v.key(),
        ApplicantKind::from_key,
        |v| v.label_zh(),
    );
    check("IdType", ID_TYPE, IdType::VARIANTS, |v| v.key(), IdType::from_key, |v| v.label_zh());
    check("InfoForm", INFO_FORM, InfoForm::VARIANTS, |v| v.key(), InfoForm::from_key, |v| v.label_zh());
    check("Delivery", DELIVERY, Delivery::VARIANTS, |v| v.key(), Delivery::from_key, |v| v.label_zh());
    check("FeeMethod", FEE_METHOD, FeeMethod::VARIANTS, |v| v.key(), FeeMethod::from_key, |v| v.label_zh());
    check("Validity", VALIDITY, Validity::VARIANTS, |v| v.key(), Validity::from_key, |v| v.label_zh());
    check(
        "DisclosureMode",
        DISCLOSURE_MODE,
        DisclosureMode::VARIANTS,
        <&'static str>::from,
        |s| s.parse().ok(),
        |v| v.label_zh(),
    );
    check(
        "PublicationState",
        PUBLICATION_STATE,
        PublicationState::VARIANTS,
        |v| v.key(),
        PublicationState::from_key,
        |v| v.label_zh(),
    );
    check(
        "catalog::ActionKind",
        CATALOG_ACTION_KIND,
        catalog::ActionKind::VARIANTS,
        |v| v.key(),
        |s| s.parse().ok(),
        |v| v.label_zh(),
    );
    check("Genre", GENRE, Genre::VARIANTS, |v| v.key(), Genre::from_key, |v| v.label_zh());
    check("RequestRow", REQUEST_ROW, RequestRow::VARIANTS, |v| v.key(), |s| s.parse().ok(), |v| v.label_zh());
    check(
        "RequestColumn",
        REQUEST_COLUMN,
        RequestColumn::VARIANTS,
        |v| v.key(),
        |s| s.parse().ok(),
        |v| v.label_zh(),
    );
    check("CaseBlock", CASE_BLOCK, CaseBlock::VARIANTS, |v| v.key(), |s| s.parse().ok(), |v| v.label_zh());
    check("CaseColumn", CASE_COLUMN, CaseColumn::VARIANTS, |v| v.key(), |s| s.parse().ok(), |v| v.label_zh());
    check(
        "ProactiveRow",
        PROACTIVE_ROW,
        ProactiveRow::VARIANTS,
        <&'static str>::from,
        |s| s.parse().ok(),
        |v| v.label_zh(),
    );
    check(
        "ProactiveColumn",
        PROACTIVE_COLUMN,
        ProactiveColumn::VARIANTS,
        <&'static str>::from,
        |s| s.parse().ok(),
        |v| v.label_zh(),
    );
    check("Channel", CHANNEL, Channel::VARIANTS, |v| v.as_str(), Channel::from_key, |v| v.label_zh());
    check("Rules", RULES, Rules::VARIANTS, |v| v.as_str(), |_| None, |_| "");
    check("Role", ROLE, Role::VARIANTS, |v| v.as_str(), Role::parse, |v| v.label());
    check(
        "AgencyLevel",
        AGENCY_LEVEL,
        AgencyLevel::VARIANTS,
        |v| v.as_str(),
        AgencyLevel::parse,
        |v| v.label(),
    );
    check("AgencyKind", AGENCY_KIND, AgencyKind::VARIANTS, |v| v.as_str(), AgencyKind::parse, |v| v.label());
    check("ArrangementKind", ARRANGEMENT_KIND, ArrangementKind::VARIANTS, |v| v.as_str(), |_| None, |_| "");
    check(
        "FindingKind",
        FINDING_KIND,
        FindingKind::VARIANTS,
        <&'static str>::from,
        |_| None,
        |v| v.label_zh(),
    );
    check(
        "ReportFormat",
        REPORT_FORMAT,
        ReportFormat::VARIANTS,
        <&'static str>::from,
        |_| None,
        |v| v.label_zh(),
    );
}

#[test]
fn all_lists_every_variant_in_declaration_order() {
    assert_eq!(RequestState::ALL.as_slice(), RequestState::VARIANTS);
    assert_eq!(LetterKind::ALL.as_slice(), LetterKind::VARIANTS);
    assert_eq!(request::ActionKind::ALL.as_slice(), &request::ActionKind::VARIANTS[1..], "all but Submit");
    assert_eq!(ApplicantKind::ALL, ApplicantKind::VARIANTS);
    assert_eq!(Validity::ALL.as_slice(), Validity::VARIANTS);
    assert_eq!(PublicationState::ALL.as_slice(), PublicationState::VARIANTS);
    assert_eq!(Genre::ALL.as_slice(), Genre::VARIANTS);
    assert_eq!(RequestRow::ALL.as_slice(), RequestRow::VARIANTS);
    assert_eq!(RequestColumn::ALL.as_slice(), RequestColumn::VARIANTS);
    assert_eq!(Channel::ALL.as_slice(), Channel::VARIANTS);
    assert_eq!(Role::ALL.as_slice(), Role::VARIANTS);
    assert_eq!(AgencyLevel::ALL.as_slice(), AgencyLevel::VARIANTS);
}

#[test]
fn keys_parse_only_exactly_apart_from_white_space() {
    assert_eq!(RequestState::from_key(" in_progress\n"), Some(RequestState::InProgress));
    assert_eq!(RequestState::from_key("InProgress"), None);
    assert_eq!(RequestState::from_key("in-progress"), None);
    assert_eq!(ApplicantKind::from_key("non_profit"), None, "the stored key is `nonprofit`");
    assert_eq!(AgencyLevel::parse(" city"), None, "AgencyLevel::parse never trimmed");
    assert_eq!(Role::parse(" admin "), Some(Role::Admin));
}

#[test]
fn channel_accepts_the_old_kebab_case_spelling() {
    for (old, c) in [
        ("in-person", Channel::InPerson),
        ("registered-mail", Channel::RegisteredMail),
        ("ordinary-mail", Channel::OrdinaryMail),
    ] {
        assert_eq!(Channel::from_key(old), Some(c));
        assert_eq!(old.parse::<Channel>(), Ok(c));
        let json = format!("\"{old}\"");
        assert_eq!(serde_json::from_str::<Channel>(&json).expect("old spelling"), c);
        assert_eq!(serde_json::to_string(&c).expect("json"), format!("\"{}\"", old.replace('-', "_")));
    }
    assert_eq!(Channel::from_key("in person"), None);
    assert_eq!(Channel::from_key("online-"), None);
}
