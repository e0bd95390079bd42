//! The statutory clock (答复期限) of a disclosure request, for both legal regimes, with a
//! step-by-step explanation in Chinese (计算说明).
//!
//! * Requests received before 2019-05-15 follow the 2008 条例 (国务院令第492号): 15 working days,
//!   extension up to 15 more, only third-party consultation stops the clock (2008 第二十四条).
//! * Requests received from 2019-05-15 follow the 2019 条例 (国务院令第711号): 20 + 20 working days
//!   (第三十三条), 补正 (第三十条), third-party and other-agency consultations (第三十二条–第三十四条),
//!   reasonable delay (第三十五条) and the processing-fee notice (国办函〔2020〕109号).
//!
//! Working days are counted with [`crate::calendar::WorkCalendar`], start day not counted
//! (《民法典》第二百零一条). [`compute`] is pure: same input, same output; no clock is read.

mod compute;
mod error;
mod explain;
mod input;

pub use error::ClockError;
pub use input::{parse_channel, parse_consultation};

use crate::calendar::{WorkCalendar, parse_date};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize, Serializer};
use strum::{EnumMessage, VariantArray};

/// 2019 条例 施行之日: requests received from this day follow the 2019 rules.
pub const REGIME_2019_FROM: (i32, u32, u32) = (2019, 5, 15);
/// 2008 条例 施行之日.
pub const REGIME_2008_FROM: (i32, u32, u32) = (2008, 5, 1);

/// How the application came in (条例第三十一条). Keys are snake_case like every other key;
/// the kebab-case spelling used until migration 0006 (`in-person`, `registered-mail`,
/// `ordinary-mail`) is still accepted on input (serde alias, [`Channel::from_key`]).
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
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Channel {
    /// 当面提交.
    #[serde(alias = "in-person")]
    #[strum(message = "当面提交")]
    InPerson,
    /// 邮寄，需签收 (registered mail, EMS …).
    #[serde(alias = "registered-mail")]
    #[strum(message = "邮寄（需签收）")]
    RegisteredMail,
    /// 平常信函等无需签收的邮寄.
    #[serde(alias = "ordinary-mail")]
    #[strum(message = "平常信函等无需签收的邮寄")]
    OrdinaryMail,
    /// 互联网渠道.
    #[strum(message = "互联网渠道")]
    Online,
    /// 传真.
    #[strum(message = "传真")]
    Fax,
}

impl Channel {
    pub const ALL: [Channel; 5] = crate::keys::all(Self::VARIANTS);

    /// The key (CLI, forms, API, database), derived by strum.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The channel with this key, also in the old kebab-case spelling (`in-person`).
    pub fn from_key(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|c| c.as_str() == s || c.as_str().replace('_', "-") == s)
    }

    /// The Chinese name.
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// The legal regime of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Rules {
    /// 2008 条例 (received 2008-05-01 … 2019-05-14).
    #[strum(serialize = "2008")]
    R2008,
    /// 2019 条例 (received from 2019-05-15).
    #[strum(serialize = "2019")]
    R2019,
}

impl Rules {
    /// The regime in force on `received_on` (2019 条例 from 2019-05-15).
    pub fn for_date(received_on: NaiveDate) -> Self {
        if received_on >= ymd(REGIME_2019_FROM) { Rules::R2019 } else { Rules::R2008 }
    }

    pub fn as_str(self) -> &'static str {
        self.into()
    }
    /// Base reply period in working days.
    pub fn base_workdays(self) -> u32 {
        match self {
            Rules::R2008 => 15,
            Rules::R2019 => 20,
        }
    }
    /// Longest extension in working days.
    pub fn max_extension(self) -> u32 {
        match self {
            Rules::R2008 => 15,
            Rules::R2019 => 20,
        }
    }
    fn name_zh(self) -> &'static str {
        match self {
            Rules::R2008 => "2008年《政府信息公开条例》（国务院令第492号）",
            Rules::R2019 => "2019年修订的《政府信息公开条例》（国务院令第711号）",
        }
    }
}

impl Serialize for Rules {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Who is consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsultationKind {
    /// 征求第三方意见 (第三十二条; 2008 第二十三条).
    ThirdParty,
    /// 征求其他机关意见 (第三十三条第三款、第三十四条).
    Agency,
}

/// One consultation: `from` = the day the consulted party received the letter, `to` = the day
/// its answer reached the agency (`None`: still waiting). The working days in `(from, to]` are
/// excluded from the reply period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Consultation {
    pub kind: ConsultationKind,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

/// 补正: the agency asked the applicant to correct the application (第三十条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// Day the 补正告知书 was issued.
    pub notice_on: NaiveDate,
    /// Day the corrected application reached the agency (`None`: not yet).
    pub corrected_on: Option<NaiveDate>,
    /// Last day of the "合理的补正期限" the agency set, if known.
    pub deadline: Option<NaiveDate>,
}

/// 延期答复 (第三十三条第二款).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Extension {
    /// Day the office head approved it and the applicant was told (`None`: assumed in time).
    pub decided_on: Option<NaiveDate>,
    /// Extra working days (`None`: the maximum, 20 / 2008: 15).
    pub workdays: Option<u32>,
}

/// 收费通知 (国办函〔2020〕109号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FeeNotice {
    /// Day the applicant received the fee notice.
    pub received_on: NaiveDate,
    /// Day the fee was paid (`None`: not yet).
    pub paid_on: Option<NaiveDate>,
}

/// 延迟答复的合理期限 set by the agency (第三十五条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ReasonableDelay {
    /// So many working days after the otherwise applicable due date.
    ExtraWorkdays { workdays: u32 },
    /// Reply by this date.
    Until { date: NaiveDate },
}

/// Everything known about a request's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestTimeline {
    pub channel: Channel,
    /// The date given by the user (`--received`): the submission day (in person), the day the
    /// mail arrived, or the day the online/fax application came in.
    pub submitted_on: NaiveDate,
    /// Registered mail: the day the agency signed for it.
    pub signed_on: Option<NaiveDate>,
    /// Ordinary mail, online, fax: the day receipt was confirmed (双方确认之日).
    pub confirmed_on: Option<NaiveDate>,
    pub correction: Option<Correction>,
    pub consultations: Vec<Consultation>,
    /// At most one is allowed (第三十三条); more is an error.
    pub extensions: Vec<Extension>,
    pub fee: Option<FeeNotice>,
    pub delay: Option<ReasonableDelay>,
}

impl RequestTimeline {
    /// A timeline with only the receipt.
    pub fn new(channel: Channel, submitted_on: NaiveDate) -> Self {
        Self {
            channel,
            submitted_on,
            signed_on: None,
            confirmed_on: None,
            correction: None,
            consultations: Vec::new(),
            extensions: Vec::new(),
            fee: None,
            delay: None,
        }
    }
}

/// Named settings of the clock, stated in every explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClockSettings {
    /// Whether the period between receipt of the fee notice and payment stops the reply clock.
    /// The sources do not settle it; default `true` (it stops).
    pub fee_period_pauses_clock: bool,
}

impl Default for ClockSettings {
    fn default() -> Self {
        Self { fee_period_pauses_clock: true }
    }
}

/// State of the request clock as of the given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStatus {
    /// Running, due date not passed.
    Running,
    /// Stopped by an ongoing consultation or unpaid fee (days left assume it ends today).
    Paused,
    /// Due date passed.
    Overdue,
    /// Waiting for the corrected application; no reply period runs.
    AwaitingCorrection,
    /// No correction within the set period: 视为放弃申请 (第三十条).
    DeemedWithdrawn,
    /// Fee not paid within 20 working days: 视为放弃申请 (国办函〔2020〕109号).
    DeemedAbandoned,
}

/// State of a sub-deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubState {
    /// Not yet done, still in time.
    Pending,
    /// Done in time.
    Met,
    /// Done, but late.
    Late,
    /// Not done and the period has run out.
    Lapsed,
    /// The rule does not exist under this regime.
    NotApplicable,
}

/// A sub-deadline: correction notice, a consultation answer, the fee payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubDeadline {
    /// What it is, in Chinese.
    pub label: String,
    /// The rule, e.g. `条例第三十条`.
    pub rule: String,
    pub due_on: Option<NaiveDate>,
    pub done_on: Option<NaiveDate>,
    pub state: SubState,
    /// Working days left as of the given day (pending only).
    pub days_left: Option<i64>,
    /// Working days overdue (late or lapsed).
    pub overdue: Option<i64>,
}

/// One step of the explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The rule applied, e.g. `条例第三十三条第二款`.
    pub rule: String,
    /// What was done, in Chinese.
    pub text: String,
}

/// The computed clock of one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clock {
    /// `"2008"` or `"2019"`.
    pub rules: Rules,
    pub channel: Channel,
    /// 收到申请之日 (第三十一条).
    pub received_on: NaiveDate,
    /// Day the reply period counts from (receipt, or the corrected application).
    pub clock_starts_on: Option<NaiveDate>,
    /// Base period in working days (20 / 15).
    pub base_workdays: u32,
    /// Working days excluded by consultations and (per setting) the fee period.
    pub paused_workdays: i64,
    /// 答复期限 without extension.
    pub due_on: Option<NaiveDate>,
    /// 答复期限 with the extension, if granted.
    pub extended_due_on: Option<NaiveDate>,
    /// 第三十五条 合理期限, if set.
    pub delay_due_on: Option<NaiveDate>,
    /// The deadline that applies now (delay, else extension, else base).
    pub final_due_on: Option<NaiveDate>,
    pub as_of: NaiveDate,
    /// Working days left after `as_of` up to and including the final due date.
    pub days_left: Option<i64>,
    /// Working days after the final due date up to and including `as_of`.
    pub overdue: Option<i64>,
    pub status: ClockStatus,
    pub correction_notice: Option<SubDeadline>,
    pub consultations: Vec<SubDeadline>,
    pub payment: Option<SubDeadline>,
    pub settings: ClockSettings,
    /// Plain warnings (e.g. a year whose calendar is not loaded).
    pub warnings: Vec<String>,
    /// 计算说明.
    pub steps: Vec<Step>,
}

impl Clock {
    /// The plain-text explanation printed by `gongkai deadline`.
    pub fn explanation_text(&self) -> String {
        explain::render_text(self)
    }
}

fn ymd(t: (i32, u32, u32)) -> NaiveDate {
    NaiveDate::from_ymd_opt(t.0, t.1, t.2).unwrap_or(NaiveDate::MIN)
}

/// Compute the clock of a request as of `as_of`, with the step-by-step explanation.
pub fn compute(
    timeline: &RequestTimeline,
    cal: &WorkCalendar,
    settings: &ClockSettings,
    as_of: NaiveDate,
) -> Result<Clock, ClockError> {
    compute::compute_impl(timeline, cal, settings, as_of, true)
}

/// Same dates, states and errors as [`compute`], but `steps` is left empty: for bulk work
/// (dashboards, the nightly sweep over all open requests).
pub fn compute_quiet(
    timeline: &RequestTimeline,
    cal: &WorkCalendar,
    settings: &ClockSettings,
    as_of: NaiveDate,
) -> Result<Clock, ClockError> {
    compute::compute_impl(timeline, cal, settings, as_of, false)
}

/// Build a timeline from the CLI's string arguments (all optional except `received`).
///
/// Fits `gongkai deadline --received DATE [--channel …] [--correction-notice DATE --corrected DATE]
/// [--consultation FROM:TO]… [--extended] [--fee-notice DATE --paid DATE]`. A `--corrected` date
/// without `--correction-notice` takes the notice as issued on the day of receipt; `--paid`
/// without `--fee-notice` is ignored.
#[allow(clippy::too_many_arguments)]
pub fn timeline_from_cli(
    received: &str,
    channel: Option<&str>,
    correction_notice: Option<&str>,
    corrected: Option<&str>,
    consultations: &[String],
    extended: bool,
    fee_notice: Option<&str>,
    paid: Option<&str>,
) -> Result<RequestTimeline, ClockError> {
    let submitted_on = parse_date(received)?;
    let channel = match channel {
        Some(c) => parse_channel(c)?,
        None => Channel::InPerson,
    };
    let mut t = RequestTimeline::new(channel, submitted_on);
    let notice = correction_notice.map(parse_date).transpose()?;
    let corrected = corrected.map(parse_date).transpose()?;
    if notice.is_some() || corrected.is_some() {
        t.correction = Some(Correction {
            notice_on: notice.unwrap_or(submitted_on),
            corrected_on: corrected,
            deadline: None,
        });
    }
    for c in consultations {
        t.consultations.push(parse_consultation(c)?);
    }
    if extended {
        t.extensions.push(Extension::default());
    }
    let fee = fee_notice.map(parse_date).transpose()?;
    let paid = paid.map(parse_date).transpose()?;
    if let Some(f) = fee {
        t.fee = Some(FeeNotice { received_on: f, paid_on: paid });
    }
    Ok(t)
}
