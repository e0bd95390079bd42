//! 依申请公开: one disclosure request's facts and the state machine that decides which action
//! is allowed when (条例 第二十七条–第四十五条). Pages, the API and the CLI only call
//! [`apply`]; none of them changes a request's state by itself.
//!
//! A request is stored as its facts ([`DisclosureRequest`], serialised to JSON) plus a few
//! denormalised columns for lists; every applied action also yields an [`EventRecord`] for the
//! request's history and, where the law requires a letter, the [`LetterKind`] to generate.

mod actions;
mod application;
mod fee;
mod outcome;
mod similar;
#[cfg(test)]
mod tests;

pub use application::{
    Applicant, ApplicantKind, Application, ApplicationInput, Delivery, IdType, InfoForm, field_label_zh,
    mask_middle, validate,
};
pub(crate) use application::{valid_email, valid_phone};
pub use fee::{FeeMethod, FeeQuote, PAYMENT_WORKDAYS, per_page_fee, per_request_fee, quote};
pub use outcome::{NotProcessedReason, OtherReason, Outcome, UnavailableReason, WithheldReason};
pub use similar::{REPEAT_THRESHOLD, looks_repeated, similarity};

use crate::calendar::WorkCalendar;
use crate::clock::{
    self, Channel, Clock, ClockError, ClockSettings, Consultation, ConsultationKind, Correction, Extension,
    FeeNotice, RequestTimeline, Rules,
};
use crate::role::Role;
use actions::Draft;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use strum::{EnumMessage, VariantArray};

/// Working days within which a 补正告知书 must go out (第三十条).
pub const CORRECTION_NOTICE_WORKDAYS: i64 = 7;
/// Working days a consulted third party or agency has to answer (第三十二条, 第三十四条).
pub const CONSULTATION_WORKDAYS: i64 = 15;

/// Where a request stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RequestState {
    /// Filed online (or by fax / ordinary mail) and not yet confirmed: 收到申请之日 not fixed.
    #[strum(message = "已提交，待确认收到")]
    Submitted,
    /// Received; the reply clock runs (or is paused by a consultation).
    #[strum(message = "办理中")]
    InProgress,
    /// 补正告知书 issued; waiting for the corrected application.
    #[strum(message = "待申请人补正")]
    AwaitingCorrection,
    /// 收费通知 issued; waiting for payment.
    #[strum(message = "待缴纳信息处理费")]
    AwaitingPayment,
    /// Decided; the reply letter is ready but not yet delivered.
    #[strum(message = "已作出答复，待送达")]
    Decided,
    /// The reply was delivered to the applicant.
    #[strum(message = "已送达")]
    Delivered,
    /// Archived (办结归档), including requests ended by a lapse.
    #[strum(message = "已办结")]
    Closed,
    /// The applicant withdrew the request.
    #[strum(message = "申请人已撤回")]
    Withdrawn,
}

impl RequestState {
    pub const ALL: [RequestState; 8] = crate::keys::all(Self::VARIANTS);
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }
    pub fn from_key(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum WaitingOn {
    /// The agency must act.
    #[strum(message = "待本机关办理")]
    Agency,
    /// The applicant must correct or pay.
    #[strum(message = "待申请人")]
    Applicant,
    #[strum(message = "待第三方意见")]
    ThirdParty,
    #[strum(message = "待其他机关意见")]
    OtherAgency,
    /// Nothing: the request is finished.
    #[strum(message = "—")]
    Nobody,
}

impl WaitingOn {
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }
    pub fn from_key(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
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
pub enum ConsultationResult {
    /// 同意公开.
    #[strum(message = "同意公开")]
    Agreed,
    /// 不同意公开.
    #[strum(message = "不同意公开")]
    Objected,
    /// 逾期未提出意见 (第三十二条: the agency decides; 第三十四条: deemed agreed).
    #[strum(message = "逾期未提出意见")]
    NoAnswer,
}

impl ConsultationResult {
    /// The stable key (API, database), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }
    pub fn from_key(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
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
        let mut t = self.timeline()?;
        let compute = |t: &RequestTimeline| {
            if explain {
                clock::compute(t, cal, settings, as_of)
            } else {
                clock::compute_quiet(t, cal, settings, as_of)
            }
        };
        // Facts recorded after the term had run out (an extension or a consultation stored before
        // such actions were refused) cannot move the due date (第三十三条第二款、第三款): the
        // clock runs without them and says so, so that the request stays overdue instead of
        // losing its clock.
        let mut ignored = Vec::new();
        for _ in 0..=t.consultations.len() + 2 {
            match compute(&t) {
                Err(ClockError::ExtensionAfterDue { decided, due }) if !t.extensions.is_empty() => {
                    t.extensions.clear();
                    ignored.push(format!(
                        "延期决定（{}）晚于答复期限（{}），不产生延期效果（条例第三十三条第二款）",
                        fmt_date(decided),
                        fmt_date(due)
                    ));
                }
                Err(ClockError::PauseAfterDue { what, from, due, .. }) => {
                    if let Some(i) = t.consultations.iter().position(|c| c.from == from) {
                        t.consultations.remove(i);
                    } else if t.fee.is_some_and(|f| f.received_on == from) {
                        t.fee = None;
                    } else {
                        return Some(compute(&t));
                    }
                    ignored.push(format!(
                        "{what}开始于{}，答复期限已于{}届满，不再中止计算（条例第三十三条第三款）",
                        fmt_date(from),
                        fmt_date(due)
                    ));
                }
                result => {
                    return Some(result.map(|mut c| {
                        c.warnings.extend(ignored);
                        c
                    }));
                }
            }
        }
        Some(compute(&t))
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum LetterKind {
    /// 受理回执.
    #[strum(message = "政府信息公开申请受理回执")]
    Receipt,
    /// 补正告知书 (第三十条).
    #[strum(message = "补正申请告知书")]
    CorrectionNotice,
    /// 延期答复告知书 (第三十三条第二款).
    #[strum(message = "延期答复告知书")]
    ExtensionNotice,
    /// 第三方意见征询书 (第三十二条) / 征求意见函 (第三十四条).
    #[strum(message = "征求意见书")]
    ConsultationLetter,
    /// 收费通知 (国办函〔2020〕109号).
    #[strum(message = "信息处理费收费通知")]
    FeeNotice,
    /// 政府信息公开申请答复书 (第三十六条–第三十九条).
    #[strum(message = "政府信息公开申请答复书")]
    Reply,
}

impl LetterKind {
    pub const ALL: [LetterKind; 6] = crate::keys::all(Self::VARIANTS);
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }
    pub fn from_key(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
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
        /// Why files flagged by the sensitive-content scan are released as they are (e.g. the
        /// applicant's own information); required when the scan finds something (issue 13).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sensitive_override: Option<String>,
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
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ActionKind {
    /// The filing itself (a history entry, never an action: not in [`ActionKind::ALL`]).
    #[strum(message = "提交申请")]
    Submit,
    #[strum(message = "指定承办人")]
    Assign,
    #[strum(message = "确认收到申请")]
    ConfirmReceipt,
    #[strum(message = "出具补正告知书")]
    RequestCorrection,
    #[strum(message = "登记补正材料")]
    RecordCorrection,
    #[strum(message = "逾期未补正，视为放弃")]
    CorrectionLapsed,
    #[strum(message = "征求意见")]
    StartConsultation,
    #[strum(message = "登记征求意见结果")]
    EndConsultation,
    #[strum(message = "延期答复")]
    Extend,
    #[strum(message = "出具收费通知")]
    IssueFeeNotice,
    #[strum(message = "登记缴费")]
    RecordPayment,
    #[strum(message = "逾期未缴费，视为放弃")]
    FeeLapsed,
    #[strum(message = "作出答复决定")]
    Decide,
    #[strum(message = "登记送达")]
    Deliver,
    #[strum(message = "办结归档")]
    Close,
    #[strum(message = "申请人撤回")]
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
    /// The stable key (API, database, URLs), derived by strum.
    pub fn key(self) -> &'static str {
        self.into()
    }
    pub fn from_key(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
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
/// refusal that names the rule. The kind, the state and the date are checked here; each
/// action's particulars in its own function ([`actions`]).
pub fn apply(req: &DisclosureRequest, action: &Action, ctx: &ActionContext<'_>) -> Result<Applied, Refusal> {
    check_kind(req, action.kind(), ctx.roles)?;
    check_date(req, action, ctx.today)?;
    let mut d = Draft::new(req, ctx);
    let (summary, public) = match action {
        Action::Assign { handler_id, handler_name } => d.assign(*handler_id, handler_name),
        Action::ConfirmReceipt { on } => d.confirm_receipt(*on),
        Action::RequestCorrection { on, deadline, items } => d.request_correction(*on, *deadline, items),
        Action::RecordCorrection { on, note } => d.record_correction(*on, note),
        Action::CorrectionLapsed { on } => d.correction_lapsed(*on),
        Action::StartConsultation { kind, party, matter, on } => {
            d.start_consultation(*kind, party, matter, *on)
        }
        Action::EndConsultation { index, on, result, opinion } => {
            d.end_consultation(*index, *on, *result, opinion)
        }
        Action::Extend { on, workdays, reason } => d.extend(*on, *workdays, reason),
        Action::IssueFeeNotice { on, method, quantity } => d.issue_fee_notice(*on, *method, *quantity),
        Action::RecordPayment { on, amount_yuan } => d.record_payment(*on, *amount_yuan),
        Action::FeeLapsed { on } => d.fee_lapsed(*on),
        Action::Decide { on, outcome, basis, reasoning } => d.decide(*on, *outcome, basis, reasoning),
        Action::Deliver { on, method, sensitive_override } => {
            d.deliver(*on, method, sensitive_override.as_deref())
        }
        Action::Close { on } => d.close(*on),
        Action::Withdraw { on, reason } => d.withdraw(*on, reason),
    }?;
    // No action may leave a received request without a computable clock: it would look
    // unconfirmed and drop out of every overdue count (issue 13).
    let settings = ClockSettings::default();
    if let Some(Err(e)) = d.after.clock(ctx.calendar, &settings, ctx.today, false)
        && !matches!(req.clock(ctx.calendar, &settings, ctx.today, false), Some(Err(_)))
    {
        let msg = e.to_string();
        let zh = msg.split(" / ").next().unwrap_or(&msg);
        return Err(Refusal::new("clock_invalid", format!("该操作会使答复期限无法计算：{zh}")));
    }
    Ok(Applied {
        request: d.after,
        event: EventRecord { kind: action.kind(), on: action.date(), summary_zh: summary, public_zh: public },
        letter: d.letter,
        warnings: d.warnings,
    })
}

/// The day an action records may not lie in the future, nor before the request was received
/// (or, before receipt is confirmed, filed).
fn check_date(req: &DisclosureRequest, action: &Action, today: NaiveDate) -> Result<(), Refusal> {
    let Some(on) = action.date() else {
        return Ok(());
    };
    if on > today {
        return Err(Refusal::new("future_date", "日期不能晚于今天"));
    }
    let floor = req.received_on.unwrap_or(req.submitted_on);
    if on < floor {
        return Err(Refusal::new(
            "date_before_receipt",
            format!("日期不能早于收到（提交）申请之日 {}", fmt_date(floor)),
        ));
    }
    Ok(())
}
