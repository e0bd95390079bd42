//! 依申请公开: one disclosure request's facts and the state machine that decides which action
//! is allowed when (条例 第二十七条–第四十五条). Pages, the API and the CLI only call
//! [`apply`]; none of them changes a request's state by itself.
//!
//! A request is stored as its facts ([`DisclosureRequest`], serialised to JSON) plus a few
//! denormalised columns for lists; every applied action also yields an [`EventRecord`] for the
//! request's history and, where the law requires a letter, the [`LetterKind`] to generate.

mod application;
mod fee;
mod outcome;
mod similar;
#[cfg(test)]
mod tests;

pub use application::{
    Applicant, ApplicantKind, Application, ApplicationInput, Delivery, IdType, InfoForm, mask_middle,
    validate,
};
pub use fee::{FeeMethod, FeeQuote, PAYMENT_WORKDAYS, per_page_fee, per_request_fee, quote};
pub use outcome::{NotProcessedReason, OtherReason, Outcome, UnavailableReason, WithheldReason};
pub use similar::{REPEAT_THRESHOLD, looks_repeated, similarity};

use crate::calendar::WorkCalendar;
use crate::clock::{
    self, Channel, Clock, ClockError, ClockSettings, Consultation, ConsultationKind, Correction, Extension,
    FeeNotice, RequestTimeline, Rules,
};
use crate::role::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Working days within which a 补正告知书 must go out (第三十条).
pub const CORRECTION_NOTICE_WORKDAYS: i64 = 7;
/// Working days a consulted third party or agency has to answer (第三十二条, 第三十四条).
pub const CONSULTATION_WORKDAYS: i64 = 15;

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestState {
    /// Filed online (or by fax / ordinary mail) and not yet confirmed: 收到申请之日 not fixed.
    Submitted,
    /// Received; the reply clock runs (or is paused by a consultation).
    InProgress,
    /// 补正告知书 issued; waiting for the corrected application.
    AwaitingCorrection,
    /// 收费通知 issued; waiting for payment.
    AwaitingPayment,
    /// Decided; the reply letter is ready but not yet delivered.
    Decided,
    /// The reply was delivered to the applicant.
    Delivered,
    /// Archived (办结归档), including requests ended by a lapse.
    Closed,
    /// The applicant withdrew the request.
    Withdrawn,
}

impl RequestState {
    pub const ALL: [RequestState; 8] = [
        RequestState::Submitted,
        RequestState::InProgress,
        RequestState::AwaitingCorrection,
        RequestState::AwaitingPayment,
        RequestState::Decided,
        RequestState::Delivered,
        RequestState::Closed,
        RequestState::Withdrawn,
    ];
    pub fn key(self) -> &'static str {
        match self {
            RequestState::Submitted => "submitted",
            RequestState::InProgress => "in_progress",
            RequestState::AwaitingCorrection => "awaiting_correction",
            RequestState::AwaitingPayment => "awaiting_payment",
            RequestState::Decided => "decided",
            RequestState::Delivered => "delivered",
            RequestState::Closed => "closed",
            RequestState::Withdrawn => "withdrawn",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.key() == s.trim())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            RequestState::Submitted => "已提交，待确认收到",
            RequestState::InProgress => "办理中",
            RequestState::AwaitingCorrection => "待申请人补正",
            RequestState::AwaitingPayment => "待缴纳信息处理费",
            RequestState::Decided => "已作出答复，待送达",
            RequestState::Delivered => "已送达",
            RequestState::Closed => "已办结",
            RequestState::Withdrawn => "申请人已撤回",
        }
    }
    /// Still needs the agency's reply (the reply clock matters).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestState::Submitted
                | RequestState::InProgress
                | RequestState::AwaitingCorrection
                | RequestState::AwaitingPayment
        )
    }
    /// The open states, for queries.
    pub const OPEN: [RequestState; 4] = [
        RequestState::Submitted,
        RequestState::InProgress,
        RequestState::AwaitingCorrection,
        RequestState::AwaitingPayment,
    ];
}

/// Who or what the request is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WaitingOn {
    /// The agency must act.
    Agency,
    /// The applicant must correct or pay.
    Applicant,
    ThirdParty,
    OtherAgency,
    /// Nothing: the request is finished.
    Nobody,
}

impl WaitingOn {
    pub fn key(self) -> &'static str {
        match self {
            WaitingOn::Agency => "agency",
            WaitingOn::Applicant => "applicant",
            WaitingOn::ThirdParty => "third_party",
            WaitingOn::OtherAgency => "other_agency",
            WaitingOn::Nobody => "nobody",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        [Self::Agency, Self::Applicant, Self::ThirdParty, Self::OtherAgency, Self::Nobody]
            .into_iter()
            .find(|v| v.key() == s.trim())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            WaitingOn::Agency => "待本机关办理",
            WaitingOn::Applicant => "待申请人",
            WaitingOn::ThirdParty => "待第三方意见",
            WaitingOn::OtherAgency => "待其他机关意见",
            WaitingOn::Nobody => "—",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorrectionRecord {
    /// Day the 补正告知书 was issued.
    pub notice_on: NaiveDate,
    /// 合理的补正期限 (last day).
    pub deadline: NaiveDate,
    /// What must be corrected (一次性告知).
    pub items: String,
    pub corrected_on: Option<NaiveDate>,
    #[serde(default)]
    pub corrected_note: String,
    pub lapsed_on: Option<NaiveDate>,
}

/// How a consultation ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationResult {
    /// 同意公开.
    Agreed,
    /// 不同意公开.
    Objected,
    /// 逾期未提出意见 (第三十二条: the agency decides; 第三十四条: deemed agreed).
    NoAnswer,
}

impl ConsultationResult {
    pub fn from_key(s: &str) -> Option<Self> {
        match s.trim() {
            "agreed" => Some(Self::Agreed),
            "objected" => Some(Self::Objected),
            "no_answer" => Some(Self::NoAnswer),
            _ => None,
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Agreed => "同意公开",
            Self::Objected => "不同意公开",
            Self::NoAnswer => "逾期未提出意见",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationRecord {
    pub kind: ConsultationKind,
    /// The third party or agency consulted.
    pub party: String,
    /// What was asked.
    pub matter: String,
    /// Day the consulted party received the letter.
    pub sent_on: NaiveDate,
    pub answered_on: Option<NaiveDate>,
    pub result: Option<ConsultationResult>,
    #[serde(default)]
    pub opinion: String,
}

impl ConsultationRecord {
    pub fn is_open(&self) -> bool {
        self.answered_on.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtensionRecord {
    pub decided_on: NaiveDate,
    pub workdays: u32,
    pub reason: String,
    pub approved_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeRecord {
    pub quote: FeeQuote,
    /// Day the applicant received the 收费通知.
    pub notice_on: NaiveDate,
    /// Last day to pay (20 working days after `notice_on`).
    pub pay_by: NaiveDate,
    pub paid_on: Option<NaiveDate>,
    pub paid_yuan: Option<u64>,
    pub lapsed_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub on: NaiveDate,
    pub outcome: Outcome,
    /// 法律依据 stated in the letter.
    pub basis: String,
    /// 理由 / what is provided and how.
    pub reasoning: String,
    #[serde(default)]
    pub decided_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryRecord {
    pub on: NaiveDate,
    pub method: String,
}

/// Everything recorded about one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisclosureRequest {
    pub application: Application,
    pub channel: Channel,
    /// The day it was handed in / arrived / filed online.
    pub submitted_on: NaiveDate,
    /// 收到申请之日 (第三十一条): fixed when staff confirm receipt.
    pub received_on: Option<NaiveDate>,
    pub state: RequestState,
    pub handler: Option<Handler>,
    pub correction: Option<CorrectionRecord>,
    #[serde(default)]
    pub consultations: Vec<ConsultationRecord>,
    pub extension: Option<ExtensionRecord>,
    pub fee: Option<FeeRecord>,
    pub decision: Option<Decision>,
    pub delivery: Option<DeliveryRecord>,
    pub closed_on: Option<NaiveDate>,
    pub withdrawn_on: Option<NaiveDate>,
}

impl DisclosureRequest {
    /// A new request as filed. In person and by registered mail the receipt date is the
    /// filing (signing) date itself (第三十一条第一项、第二项); online, fax and ordinary mail
    /// need a confirmation (第三十一条第二项后段、第三项) unless `received_on` is given.
    pub fn new(
        application: Application,
        channel: Channel,
        submitted_on: NaiveDate,
        received_on: Option<NaiveDate>,
    ) -> Self {
        let received_on = match channel {
            Channel::InPerson => Some(received_on.unwrap_or(submitted_on)),
            _ => received_on,
        };
        Self {
            application,
            channel,
            submitted_on,
            received_on,
            state: if received_on.is_some() { RequestState::InProgress } else { RequestState::Submitted },
            handler: None,
            correction: None,
            consultations: Vec::new(),
            extension: None,
            fee: None,
            decision: None,
            delivery: None,
            closed_on: None,
            withdrawn_on: None,
        }
    }

    /// The outcome counted in 表三, once decided (lapses and withdrawals included).
    pub fn outcome(&self) -> Option<Outcome> {
        self.decision.as_ref().map(|d| d.outcome)
    }

    pub fn decided_on(&self) -> Option<NaiveDate> {
        self.decision.as_ref().map(|d| d.on)
    }

    pub fn waiting_on(&self) -> WaitingOn {
        match self.state {
            RequestState::AwaitingCorrection | RequestState::AwaitingPayment => WaitingOn::Applicant,
            RequestState::Submitted => WaitingOn::Agency,
            RequestState::InProgress => {
                let open: Vec<_> = self.consultations.iter().filter(|c| c.is_open()).collect();
                if open.iter().any(|c| c.kind == ConsultationKind::ThirdParty) {
                    WaitingOn::ThirdParty
                } else if !open.is_empty() {
                    WaitingOn::OtherAgency
                } else {
                    WaitingOn::Agency
                }
            }
            RequestState::Decided => WaitingOn::Agency,
            RequestState::Delivered | RequestState::Closed | RequestState::Withdrawn => WaitingOn::Nobody,
        }
    }

    /// The clock's input (`None` until 收到申请之日 is fixed).
    pub fn timeline(&self) -> Option<RequestTimeline> {
        let received = self.received_on?;
        let mut t = RequestTimeline::new(self.channel, self.submitted_on);
        match self.channel {
            Channel::InPerson => t.submitted_on = received,
            Channel::RegisteredMail => t.signed_on = Some(received),
            Channel::OrdinaryMail | Channel::Online | Channel::Fax => t.confirmed_on = Some(received),
        }
        t.correction = self.correction.as_ref().map(|c| Correction {
            notice_on: c.notice_on,
            corrected_on: c.corrected_on,
            deadline: Some(c.deadline),
        });
        t.consultations = self
            .consultations
            .iter()
            .map(|c| Consultation { kind: c.kind, from: c.sent_on, to: c.answered_on })
            .collect();
        t.extensions = self
            .extension
            .iter()
            .map(|e| Extension { decided_on: Some(e.decided_on), workdays: Some(e.workdays) })
            .collect();
        t.fee = self.fee.as_ref().map(|f| FeeNotice { received_on: f.notice_on, paid_on: f.paid_on });
        Some(t)
    }

    /// The statutory clock as of `as_of` (`None` until receipt is confirmed).
    pub fn clock(
        &self,
        cal: &WorkCalendar,
        settings: &ClockSettings,
        as_of: NaiveDate,
        explain: bool,
    ) -> Option<Result<Clock, ClockError>> {
        let t = self.timeline()?;
        Some(if explain {
            clock::compute(&t, cal, settings, as_of)
        } else {
            clock::compute_quiet(&t, cal, settings, as_of)
        })
    }

    /// The due date that applies now, for sorting lists (`None`: no clock running).
    pub fn current_due_on(
        &self,
        cal: &WorkCalendar,
        settings: &ClockSettings,
        as_of: NaiveDate,
    ) -> Option<NaiveDate> {
        if !self.state.is_open() {
            return None;
        }
        self.clock(cal, settings, as_of, false)?.ok()?.final_due_on
    }

    /// The legal regime (2019 or 2008) by the receipt (or filing) date.
    pub fn rules(&self) -> Rules {
        Rules::for_date(self.received_on.unwrap_or(self.submitted_on))
    }
}

/// The letters the law requires (glossary 告知书).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterKind {
    /// 受理回执.
    Receipt,
    /// 补正告知书 (第三十条).
    CorrectionNotice,
    /// 延期答复告知书 (第三十三条第二款).
    ExtensionNotice,
    /// 第三方意见征询书 (第三十二条) / 征求意见函 (第三十四条).
    ConsultationLetter,
    /// 收费通知 (国办函〔2020〕109号).
    FeeNotice,
    /// 政府信息公开申请答复书 (第三十六条–第三十九条).
    Reply,
}

impl LetterKind {
    pub const ALL: [LetterKind; 6] = [
        LetterKind::Receipt,
        LetterKind::CorrectionNotice,
        LetterKind::ExtensionNotice,
        LetterKind::ConsultationLetter,
        LetterKind::FeeNotice,
        LetterKind::Reply,
    ];
    pub fn key(self) -> &'static str {
        match self {
            LetterKind::Receipt => "receipt",
            LetterKind::CorrectionNotice => "correction_notice",
            LetterKind::ExtensionNotice => "extension_notice",
            LetterKind::ConsultationLetter => "consultation_letter",
            LetterKind::FeeNotice => "fee_notice",
            LetterKind::Reply => "reply",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.key() == s.trim())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            LetterKind::Receipt => "政府信息公开申请受理回执",
            LetterKind::CorrectionNotice => "补正申请告知书",
            LetterKind::ExtensionNotice => "延期答复告知书",
            LetterKind::ConsultationLetter => "征求意见书",
            LetterKind::FeeNotice => "信息处理费收费通知",
            LetterKind::Reply => "政府信息公开申请答复书",
        }
    }
    /// Whether the applicant receives (and can download) this letter.
    pub fn to_applicant(self) -> bool {
        self != LetterKind::ConsultationLetter
    }
}

/// An action on a request. Dates are the days things happened (staff may record yesterday's
/// mail today); none may lie in the future.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// Assign the handler (承办人).
    Assign {
        handler_id: i64,
        handler_name: String,
    },
    /// Confirm receipt: fixes 收到申请之日 (第三十一条).
    ConfirmReceipt {
        on: NaiveDate,
    },
    /// Issue the 补正告知书 (第三十条): once, listing everything, with a reasonable deadline.
    RequestCorrection {
        on: NaiveDate,
        deadline: NaiveDate,
        items: String,
    },
    /// The corrected application arrived: the reply period restarts from this day.
    RecordCorrection {
        on: NaiveDate,
        note: String,
    },
    /// No correction by the deadline: 视为放弃申请 → 表三 （六）1.
    CorrectionLapsed {
        on: NaiveDate,
    },
    /// Send a 征求意见书 to a third party (第三十二条) or another agency (第三十四条).
    StartConsultation {
        kind: ConsultationKind,
        party: String,
        matter: String,
        on: NaiveDate,
    },
    /// Record the answer (or its absence after 15 working days) of consultation `index`.
    EndConsultation {
        index: usize,
        on: NaiveDate,
        result: ConsultationResult,
        opinion: String,
    },
    /// 延期答复 (第三十三条第二款): approver only, once, with a reason.
    Extend {
        on: NaiveDate,
        workdays: u32,
        reason: String,
    },
    /// 收费通知: `on` = day the applicant receives it.
    IssueFeeNotice {
        on: NaiveDate,
        method: FeeMethod,
        quantity: u32,
    },
    RecordPayment {
        on: NaiveDate,
        amount_yuan: u64,
    },
    /// Unpaid 20 working days after the notice: 视为放弃申请 → 表三 （六）2.
    FeeLapsed {
        on: NaiveDate,
    },
    /// The decision: exactly one outcome.
    Decide {
        on: NaiveDate,
        outcome: Outcome,
        basis: String,
        reasoning: String,
    },
    Deliver {
        on: NaiveDate,
        method: String,
    },
    Close {
        on: NaiveDate,
    },
    /// The applicant withdraws the request.
    Withdraw {
        on: NaiveDate,
        reason: String,
    },
}

/// The kind of an action, for permission checks and menus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// The filing itself (a history entry, never an action: not in [`ActionKind::ALL`]).
    Submit,
    Assign,
    ConfirmReceipt,
    RequestCorrection,
    RecordCorrection,
    CorrectionLapsed,
    StartConsultation,
    EndConsultation,
    Extend,
    IssueFeeNotice,
    RecordPayment,
    FeeLapsed,
    Decide,
    Deliver,
    Close,
    Withdraw,
}

impl ActionKind {
    pub const ALL: [ActionKind; 15] = [
        ActionKind::Assign,
        ActionKind::ConfirmReceipt,
        ActionKind::RequestCorrection,
        ActionKind::RecordCorrection,
        ActionKind::CorrectionLapsed,
        ActionKind::StartConsultation,
        ActionKind::EndConsultation,
        ActionKind::Extend,
        ActionKind::IssueFeeNotice,
        ActionKind::RecordPayment,
        ActionKind::FeeLapsed,
        ActionKind::Decide,
        ActionKind::Deliver,
        ActionKind::Close,
        ActionKind::Withdraw,
    ];
    pub fn key(self) -> &'static str {
        match self {
            ActionKind::Submit => "submit",
            ActionKind::Assign => "assign",
            ActionKind::ConfirmReceipt => "confirm_receipt",
            ActionKind::RequestCorrection => "request_correction",
            ActionKind::RecordCorrection => "record_correction",
            ActionKind::CorrectionLapsed => "correction_lapsed",
            ActionKind::StartConsultation => "start_consultation",
            ActionKind::EndConsultation => "end_consultation",
            ActionKind::Extend => "extend",
            ActionKind::IssueFeeNotice => "issue_fee_notice",
            ActionKind::RecordPayment => "record_payment",
            ActionKind::FeeLapsed => "fee_lapsed",
            ActionKind::Decide => "decide",
            ActionKind::Deliver => "deliver",
            ActionKind::Close => "close",
            ActionKind::Withdraw => "withdraw",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        std::iter::once(ActionKind::Submit).chain(Self::ALL).find(|v| v.key() == s.trim())
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            ActionKind::Submit => "提交申请",
            ActionKind::Assign => "指定承办人",
            ActionKind::ConfirmReceipt => "确认收到申请",
            ActionKind::RequestCorrection => "出具补正告知书",
            ActionKind::RecordCorrection => "登记补正材料",
            ActionKind::CorrectionLapsed => "逾期未补正，视为放弃",
            ActionKind::StartConsultation => "征求意见",
            ActionKind::EndConsultation => "登记征求意见结果",
            ActionKind::Extend => "延期答复",
            ActionKind::IssueFeeNotice => "出具收费通知",
            ActionKind::RecordPayment => "登记缴费",
            ActionKind::FeeLapsed => "逾期未缴费，视为放弃",
            ActionKind::Decide => "作出答复决定",
            ActionKind::Deliver => "登记送达",
            ActionKind::Close => "办结归档",
            ActionKind::Withdraw => "申请人撤回",
        }
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Assign { .. } => ActionKind::Assign,
            Action::ConfirmReceipt { .. } => ActionKind::ConfirmReceipt,
            Action::RequestCorrection { .. } => ActionKind::RequestCorrection,
            Action::RecordCorrection { .. } => ActionKind::RecordCorrection,
            Action::CorrectionLapsed { .. } => ActionKind::CorrectionLapsed,
            Action::StartConsultation { .. } => ActionKind::StartConsultation,
            Action::EndConsultation { .. } => ActionKind::EndConsultation,
            Action::Extend { .. } => ActionKind::Extend,
            Action::IssueFeeNotice { .. } => ActionKind::IssueFeeNotice,
            Action::RecordPayment { .. } => ActionKind::RecordPayment,
            Action::FeeLapsed { .. } => ActionKind::FeeLapsed,
            Action::Decide { .. } => ActionKind::Decide,
            Action::Deliver { .. } => ActionKind::Deliver,
            Action::Close { .. } => ActionKind::Close,
            Action::Withdraw { .. } => ActionKind::Withdraw,
        }
    }
    fn date(&self) -> Option<NaiveDate> {
        match self {
            Action::Assign { .. } => None,
            Action::ConfirmReceipt { on }
            | Action::RequestCorrection { on, .. }
            | Action::RecordCorrection { on, .. }
            | Action::CorrectionLapsed { on }
            | Action::StartConsultation { on, .. }
            | Action::EndConsultation { on, .. }
            | Action::Extend { on, .. }
            | Action::IssueFeeNotice { on, .. }
            | Action::RecordPayment { on, .. }
            | Action::FeeLapsed { on }
            | Action::Decide { on, .. }
            | Action::Deliver { on, .. }
            | Action::Close { on }
            | Action::Withdraw { on, .. } => Some(*on),
        }
    }
}

/// Why an action was refused: a stable code and a Chinese message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The history entry an applied action produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRecord {
    pub kind: ActionKind,
    /// The day it happened.
    pub on: Option<NaiveDate>,
    /// For staff, complete.
    pub summary_zh: String,
    /// For the applicant's tracking page (`None`: internal only).
    pub public_zh: Option<String>,
}

/// The result of an allowed action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    pub request: DisclosureRequest,
    pub event: EventRecord,
    pub letter: Option<LetterKind>,
    /// Things the handler should know (e.g. a late 补正告知书); the action still happened.
    pub warnings: Vec<String>,
}

/// What [`apply`] needs besides the request and the action.
#[derive(Debug, Clone, Copy)]
pub struct ActionContext<'a> {
    pub roles: &'a [Role],
    /// The acting person's name (for records such as the extension's approver).
    pub actor_name: &'a str,
    pub today: NaiveDate,
    pub calendar: &'a WorkCalendar,
}

fn may_handle(roles: &[Role]) -> bool {
    roles.iter().any(|r| matches!(r, Role::Editor | Role::Approver | Role::Admin))
}

/// Whether `kind` is allowed now for someone with `roles`, without its particulars.
pub fn check_kind(req: &DisclosureRequest, kind: ActionKind, roles: &[Role]) -> Result<(), Refusal> {
    use RequestState as S;
    if !may_handle(roles) {
        return Err(Refusal::new("forbidden", "您的角色不能办理依申请公开事项"));
    }
    if kind == ActionKind::Extend && !roles.contains(&Role::Approver) {
        return Err(Refusal::new(
            "approver_required",
            "延期答复须经政府信息公开工作机构负责人同意（条例第三十三条第二款），请由审签领导操作",
        ));
    }
    let st = req.state;
    let state_err =
        || Refusal::new("invalid_state", format!("当前状态为“{}”，不能{}", st.label_zh(), kind.label_zh()));
    let open_consultation = req.consultations.iter().any(ConsultationRecord::is_open);
    match kind {
        ActionKind::Submit => return Err(state_err()),
        ActionKind::Assign => {
            if !st.is_open() && st != S::Decided {
                return Err(state_err());
            }
        }
        ActionKind::ConfirmReceipt => {
            if st != S::Submitted {
                return Err(state_err());
            }
        }
        ActionKind::RequestCorrection => {
            if st != S::InProgress {
                return Err(state_err());
            }
            if req.correction.is_some() {
                return Err(Refusal::new(
                    "correction_once",
                    "补正告知应当一次性作出（条例第三十条），本申请已出具过补正告知书",
                ));
            }
            if req.fee.is_some() || !req.consultations.is_empty() || req.extension.is_some() {
                return Err(Refusal::new(
                    "correction_too_late",
                    "已开始征求意见、延期或收费的申请不能再要求补正",
                ));
            }
        }
        ActionKind::RecordCorrection | ActionKind::CorrectionLapsed => {
            if st != S::AwaitingCorrection {
                return Err(state_err());
            }
        }
        ActionKind::StartConsultation => {
            if st != S::InProgress {
                return Err(state_err());
            }
        }
        ActionKind::EndConsultation => {
            if st != S::InProgress || !open_consultation {
                return Err(Refusal::new("no_open_consultation", "没有尚未结束的征求意见"));
            }
        }
        ActionKind::Extend => {
            if !matches!(st, S::InProgress | S::AwaitingPayment) {
                return Err(state_err());
            }
            if req.extension.is_some() {
                return Err(Refusal::new("extension_once", "延长答复期限只能一次（条例第三十三条第二款）"));
            }
        }
        ActionKind::IssueFeeNotice => {
            if st != S::InProgress {
                return Err(state_err());
            }
            if req.fee.is_some() {
                return Err(Refusal::new("fee_once", "本申请已出具过收费通知"));
            }
            if req.rules() == Rules::R2008 {
                return Err(Refusal::new(
                    "fee_not_applicable",
                    "信息处理费仅适用于2019年条例施行后的申请（条例第四十二条）",
                ));
            }
        }
        ActionKind::RecordPayment | ActionKind::FeeLapsed => {
            if st != S::AwaitingPayment {
                return Err(state_err());
            }
        }
        ActionKind::Decide => {
            if st != S::InProgress {
                return Err(state_err());
            }
            if open_consultation {
                return Err(Refusal::new(
                    "consultation_open",
                    "尚有征求意见未结束，请先登记意见或逾期未答复的情况",
                ));
            }
        }
        ActionKind::Deliver => {
            if st != S::Decided {
                return Err(state_err());
            }
        }
        ActionKind::Close => {
            if st != S::Delivered {
                return Err(state_err());
            }
        }
        ActionKind::Withdraw => {
            if !st.is_open() {
                return Err(state_err());
            }
        }
    }
    Ok(())
}

/// The actions allowed now, for menus.
pub fn allowed_actions(req: &DisclosureRequest, roles: &[Role]) -> Vec<ActionKind> {
    ActionKind::ALL.into_iter().filter(|k| check_kind(req, *k, roles).is_ok()).collect()
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// Applies `action` to `req`: the new facts, the history entry, the letter to generate, or a
/// refusal that names the rule.
pub fn apply(req: &DisclosureRequest, action: &Action, ctx: &ActionContext<'_>) -> Result<Applied, Refusal> {
    check_kind(req, action.kind(), ctx.roles)?;
    if let Some(on) = action.date() {
        if on > ctx.today {
            return Err(Refusal::new("future_date", "日期不能晚于今天"));
        }
        let floor = req.received_on.unwrap_or(req.submitted_on);
        if on < floor {
            return Err(Refusal::new(
                "date_before_receipt",
                format!("日期不能早于收到（提交）申请之日 {}", fmt_date(floor)),
            ));
        }
    }
    let cal = ctx.calendar;
    let mut r = req.clone();
    let mut warnings = Vec::new();
    let mut letter = None;
    let text = |s: &str| s.trim().to_owned();
    let (summary, public): (String, Option<String>) = match action {
        Action::Assign { handler_id, handler_name } => {
            let name = text(handler_name);
            if name.is_empty() {
                return Err(Refusal::new("handler_required", "请选择承办人"));
            }
            r.handler = Some(Handler { id: *handler_id, name: name.clone() });
            (format!("指定承办人：{name}"), None)
        }
        Action::ConfirmReceipt { on } => {
            r.received_on = Some(*on);
            r.state = RequestState::InProgress;
            letter = Some(LetterKind::Receipt);
            let s = format!("确认收到申请，收到申请之日为{}（条例第三十一条）", fmt_date(*on));
            (s.clone(), Some(s))
        }
        Action::RequestCorrection { on, deadline, items } => {
            let items = text(items);
            if items.is_empty() {
                return Err(Refusal::new("items_required", "请写明需要补正的事项（一次性告知）"));
            }
            if deadline <= on {
                return Err(Refusal::new("deadline_invalid", "补正期限应晚于告知之日"));
            }
            if let Some(received) = req.received_on {
                let used = cal.workdays_between(received, *on);
                if used > CORRECTION_NOTICE_WORKDAYS {
                    warnings.push(format!(
                        "补正告知书应自收到申请之日起7个工作日内作出（条例第三十条），本次已是第{used}个工作日"
                    ));
                }
            }
            r.correction = Some(CorrectionRecord {
                notice_on: *on,
                deadline: *deadline,
                items: items.clone(),
                corrected_on: None,
                corrected_note: String::new(),
                lapsed_on: None,
            });
            r.state = RequestState::AwaitingCorrection;
            letter = Some(LetterKind::CorrectionNotice);
            (
                format!("出具补正告知书，补正期限至{}；补正事项：{items}", fmt_date(*deadline)),
                Some(format!("本机关告知申请人补正申请，补正期限至{}", fmt_date(*deadline))),
            )
        }
        Action::RecordCorrection { on, note } => {
            let c = r.correction.as_mut().ok_or_else(|| Refusal::new("invalid_state", "没有补正告知"))?;
            if *on < c.notice_on {
                return Err(Refusal::new("date_invalid", "补正日期不能早于补正告知之日"));
            }
            if *on > c.deadline {
                warnings.push("补正材料在补正期限之后收到；如申请人有正当理由，可继续办理".to_owned());
            }
            c.corrected_on = Some(*on);
            c.corrected_note = text(note);
            r.state = RequestState::InProgress;
            let s =
                format!("收到补正后的申请（{}），答复期限自该日起重新计算（条例第三十条）", fmt_date(*on));
            (s.clone(), Some(s))
        }
        Action::CorrectionLapsed { on } => {
            let c = r.correction.as_mut().ok_or_else(|| Refusal::new("invalid_state", "没有补正告知"))?;
            if *on <= c.deadline {
                return Err(Refusal::new(
                    "not_lapsed",
                    format!("补正期限至{}，期限届满后才能视为放弃申请", fmt_date(c.deadline)),
                ));
            }
            c.lapsed_on = Some(*on);
            r.decision = Some(Decision {
                on: *on,
                outcome: Outcome::Other(OtherReason::CorrectionLapsed),
                basis: Outcome::Other(OtherReason::CorrectionLapsed).default_basis().to_owned(),
                reasoning: "申请人无正当理由逾期不补正，视为放弃申请，本机关不再处理该申请。".to_owned(),
                decided_by: ctx.actor_name.to_owned(),
            });
            r.state = RequestState::Closed;
            r.closed_on = Some(*on);
            let s = "申请人逾期未补正，视为放弃申请（条例第三十条）".to_owned();
            (s.clone(), Some(s))
        }
        Action::StartConsultation { kind, party, matter, on } => {
            let party = text(party);
            if party.is_empty() {
                return Err(Refusal::new("party_required", "请填写被征求意见的第三方或机关"));
            }
            r.consultations.push(ConsultationRecord {
                kind: *kind,
                party: party.clone(),
                matter: text(matter),
                sent_on: *on,
                answered_on: None,
                result: None,
                opinion: String::new(),
            });
            letter = Some(LetterKind::ConsultationLetter);
            let (who, rule) = match kind {
                ConsultationKind::ThirdParty => ("第三方", "条例第三十二条"),
                ConsultationKind::Agency => ("其他机关", "条例第三十四条"),
            };
            (
                format!("向{party}征求意见（{rule}），对方收到之日{}", fmt_date(*on)),
                Some(format!("本机关征求{who}意见，所需时间不计算在答复期限内（条例第三十三条第三款）")),
            )
        }
        Action::EndConsultation { index, on, result, opinion } => {
            let c = r
                .consultations
                .get_mut(*index)
                .filter(|c| c.is_open())
                .ok_or_else(|| Refusal::new("no_open_consultation", "该征求意见不存在或已结束"))?;
            if *on < c.sent_on {
                return Err(Refusal::new("date_invalid", "答复日期不能早于征求意见之日"));
            }
            if *result == ConsultationResult::NoAnswer {
                let limit =
                    cal.add_workdays(c.sent_on, CONSULTATION_WORKDAYS).map(|w| w.date).unwrap_or(c.sent_on);
                if *on <= limit {
                    return Err(Refusal::new(
                        "not_lapsed",
                        format!("被征求方有15个工作日提出意见，至{}届满", fmt_date(limit)),
                    ));
                }
            }
            c.answered_on = Some(*on);
            c.result = Some(*result);
            c.opinion = text(opinion);
            let party = c.party.clone();
            (
                format!("{party}：{}（{}）", result.label_zh(), fmt_date(*on)),
                Some(format!("征求意见结束（{}），答复期限恢复计算", fmt_date(*on))),
            )
        }
        Action::Extend { on, workdays, reason } => {
            let reason = text(reason);
            if reason.is_empty() {
                return Err(Refusal::new("reason_required", "延期答复须写明理由"));
            }
            let max = req.rules().max_extension();
            if *workdays == 0 || *workdays > max {
                return Err(Refusal::new(
                    "extension_too_long",
                    format!("延长的期限应为1至{max}个工作日（条例第三十三条第二款）"),
                ));
            }
            if let Some(Ok(clock)) = req.clock(cal, &ClockSettings::default(), *on, false)
                && let Some(due) = clock.due_on
                && *on > due
            {
                warnings.push(format!("延期决定应在答复期限（{}）届满前作出并告知申请人", fmt_date(due)));
            }
            r.extension = Some(ExtensionRecord {
                decided_on: *on,
                workdays: *workdays,
                reason: reason.clone(),
                approved_by: ctx.actor_name.to_owned(),
            });
            letter = Some(LetterKind::ExtensionNotice);
            (
                format!("经负责人{}同意延期答复{workdays}个工作日；理由：{reason}", ctx.actor_name),
                Some(format!("本机关决定延期答复，延长{workdays}个工作日（条例第三十三条第二款）")),
            )
        }
        Action::IssueFeeNotice { on, method, quantity } => {
            if *quantity == 0 {
                return Err(Refusal::new("quantity_required", "请填写计费数量（件数或页数）"));
            }
            let q = quote(*method, *quantity);
            if q.amount_yuan == 0 {
                return Err(Refusal::new(
                    "fee_zero",
                    "按所选标准本申请不应收费（未超出免费范围），无需出具收费通知",
                ));
            }
            let pay_by = cal
                .add_workdays(*on, i64::from(PAYMENT_WORKDAYS))
                .map(|w| w.date)
                .map_err(|_| Refusal::new("calendar_missing", "工作日历缺少所需年份，无法计算缴费期限"))?;
            let amount = q.amount_yuan;
            r.fee = Some(FeeRecord {
                quote: q,
                notice_on: *on,
                pay_by,
                paid_on: None,
                paid_yuan: None,
                lapsed_on: None,
            });
            r.state = RequestState::AwaitingPayment;
            letter = Some(LetterKind::FeeNotice);
            (
                format!(
                    "出具收费通知（{}），金额{amount}元，缴费期限至{}",
                    method.label_zh(),
                    fmt_date(pay_by)
                ),
                Some(format!("本机关发出信息处理费收费通知，金额{amount}元，请于{}前缴纳", fmt_date(pay_by))),
            )
        }
        Action::RecordPayment { on, amount_yuan } => {
            let f = r.fee.as_mut().ok_or_else(|| Refusal::new("invalid_state", "没有收费通知"))?;
            if *amount_yuan != f.quote.amount_yuan {
                return Err(Refusal::new(
                    "amount_mismatch",
                    format!("缴费金额应为收费通知所列的{}元", f.quote.amount_yuan),
                ));
            }
            if *on < f.notice_on {
                return Err(Refusal::new("date_invalid", "缴费日期不能早于收费通知送达之日"));
            }
            if *on > f.pay_by {
                warnings.push("缴费晚于缴费期限；逾期未缴纳的本应视为放弃申请".to_owned());
            }
            f.paid_on = Some(*on);
            f.paid_yuan = Some(*amount_yuan);
            r.state = RequestState::InProgress;
            let s = format!("申请人已缴纳信息处理费{amount_yuan}元（{}）", fmt_date(*on));
            (s.clone(), Some(s))
        }
        Action::FeeLapsed { on } => {
            let f = r.fee.as_mut().ok_or_else(|| Refusal::new("invalid_state", "没有收费通知"))?;
            if *on <= f.pay_by {
                return Err(Refusal::new(
                    "not_lapsed",
                    format!("缴费期限至{}，届满后才能视为放弃申请", fmt_date(f.pay_by)),
                ));
            }
            f.lapsed_on = Some(*on);
            let outcome = Outcome::Other(OtherReason::FeeUnpaid);
            r.decision = Some(Decision {
                on: *on,
                outcome,
                basis: outcome.default_basis().to_owned(),
                reasoning: "申请人逾期未按收费通知要求缴纳费用，视为放弃申请，本机关不再处理该申请。"
                    .to_owned(),
                decided_by: ctx.actor_name.to_owned(),
            });
            r.state = RequestState::Closed;
            r.closed_on = Some(*on);
            let s = "申请人逾期未缴纳信息处理费，视为放弃申请".to_owned();
            (s.clone(), Some(s))
        }
        Action::Decide { on, outcome, basis, reasoning } => {
            if matches!(outcome, Outcome::Other(OtherReason::CorrectionLapsed | OtherReason::FeeUnpaid)) {
                return Err(Refusal::new(
                    "use_lapse_action",
                    "逾期不补正或逾期未缴费请使用相应的“视为放弃”操作",
                ));
            }
            if *outcome == Outcome::Unavailable(UnavailableReason::StillUnclear)
                && req.correction.as_ref().and_then(|c| c.corrected_on).is_none()
            {
                return Err(Refusal::new(
                    "needs_correction",
                    "“补正后申请内容仍不明确”只适用于已经补正的申请（条例第三十条）",
                ));
            }
            if let Some(f) = &req.fee
                && f.paid_on.is_none()
            {
                return Err(Refusal::new("fee_unpaid", "信息处理费尚未缴纳"));
            }
            let reasoning = text(reasoning);
            if reasoning.is_empty() && *outcome != Outcome::Granted {
                return Err(Refusal::new("reasoning_required", "请写明答复理由（不予公开等须说明理由）"));
            }
            let basis = match text(basis) {
                b if b.is_empty() => outcome.default_basis().to_owned(),
                b => b,
            };
            r.decision = Some(Decision {
                on: *on,
                outcome: *outcome,
                basis,
                reasoning,
                decided_by: ctx.actor_name.to_owned(),
            });
            r.state = RequestState::Decided;
            letter = Some(LetterKind::Reply);
            if let Some(Ok(clock)) = req.clock(cal, &ClockSettings::default(), *on, false)
                && let Some(overdue) = clock.overdue
                && overdue > 0
            {
                warnings.push(format!("答复已超过法定期限{overdue}个工作日"));
            }
            (
                format!("作出答复决定：{}", outcome.short_zh()),
                Some(format!("本机关已作出答复：{}。答复书待送达", outcome.short_zh())),
            )
        }
        Action::Deliver { on, method } => {
            let method = text(method);
            let decided = req.decided_on().unwrap_or(*on);
            if *on < decided {
                return Err(Refusal::new("date_invalid", "送达日期不能早于答复日期"));
            }
            r.delivery = Some(DeliveryRecord { on: *on, method: method.clone() });
            r.state = RequestState::Delivered;
            let s = format!(
                "答复书已送达（{}{}）",
                fmt_date(*on),
                if method.is_empty() { String::new() } else { format!("，{method}") }
            );
            (s.clone(), Some(s))
        }
        Action::Close { on } => {
            r.state = RequestState::Closed;
            r.closed_on = Some(*on);
            ("办结归档".to_owned(), Some("办结".to_owned()))
        }
        Action::Withdraw { on, reason } => {
            r.withdrawn_on = Some(*on);
            r.state = RequestState::Withdrawn;
            // A received request still ends in exactly one row of 表三: （六）3 其他.
            if req.received_on.is_some() {
                r.decision = Some(Decision {
                    on: *on,
                    outcome: Outcome::Other(OtherReason::Other),
                    basis: String::new(),
                    reasoning: format!("申请人撤回申请。{}", text(reason)),
                    decided_by: ctx.actor_name.to_owned(),
                });
            }
            let s = format!("申请人撤回申请（{}）", fmt_date(*on));
            (format!("{s}；{}", text(reason)), Some(s))
        }
    };
    Ok(Applied {
        request: r,
        event: EventRecord { kind: action.kind(), on: action.date(), summary_zh: summary, public_zh: public },
        letter,
        warnings,
    })
}
