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

mod error;
mod explain;
mod input;

pub use error::ClockError;
pub use input::{parse_channel, parse_consultation};

use crate::calendar::{WorkCalendar, parse_date};
use chrono::NaiveDate;
use explain::Explainer;
use serde::{Deserialize, Serialize, Serializer};

/// 2019 条例 施行之日: requests received from this day follow the 2019 rules.
pub const REGIME_2019_FROM: (i32, u32, u32) = (2019, 5, 15);
/// 2008 条例 施行之日.
pub const REGIME_2008_FROM: (i32, u32, u32) = (2008, 5, 1);

/// How the application came in (条例第三十一条).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Channel {
    /// 当面提交.
    InPerson,
    /// 邮寄，需签收 (registered mail, EMS …).
    RegisteredMail,
    /// 平常信函等无需签收的邮寄.
    OrdinaryMail,
    /// 互联网渠道.
    Online,
    /// 传真.
    Fax,
}

impl Channel {
    pub const ALL: [Channel; 5] =
        [Channel::InPerson, Channel::RegisteredMail, Channel::OrdinaryMail, Channel::Online, Channel::Fax];

    /// The CLI name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::InPerson => "in-person",
            Channel::RegisteredMail => "registered-mail",
            Channel::OrdinaryMail => "ordinary-mail",
            Channel::Online => "online",
            Channel::Fax => "fax",
        }
    }

    /// The Chinese name.
    pub fn label_zh(self) -> &'static str {
        match self {
            Channel::InPerson => "当面提交",
            Channel::RegisteredMail => "邮寄（需签收）",
            Channel::OrdinaryMail => "平常信函等无需签收的邮寄",
            Channel::Online => "互联网渠道",
            Channel::Fax => "传真",
        }
    }
}

/// The legal regime of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// 2008 条例 (received 2008-05-01 … 2019-05-14).
    R2008,
    /// 2019 条例 (received from 2019-05-15).
    R2019,
}

impl Rules {
    /// The regime in force on `received_on` (2019 条例 from 2019-05-15).
    pub fn for_date(received_on: NaiveDate) -> Self {
        if received_on >= ymd(REGIME_2019_FROM) { Rules::R2019 } else { Rules::R2008 }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Rules::R2008 => "2008",
            Rules::R2019 => "2019",
        }
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

/// A half-open pause `(from, to]` with its description.
#[derive(Debug, Clone, Copy)]
struct Pause {
    from: NaiveDate,
    to: NaiveDate,
    what: &'static str,
    what_en: &'static str,
    rule: &'static str,
}

/// Working days of `pauses` inside `(start, due]`.
fn paused_within(cal: &WorkCalendar, start: NaiveDate, due: NaiveDate, pauses: &[Pause]) -> i64 {
    pauses
        .iter()
        .map(|p| {
            let a = p.from.max(start);
            let b = p.to.min(due);
            if b > a { cal.workdays_between(a, b) } else { 0 }
        })
        .sum()
}

/// The day on which `n` working days outside `pauses` have elapsed after `start`.
fn due_with_pauses(
    cal: &WorkCalendar,
    start: NaiveDate,
    n: i64,
    pauses: &[Pause],
) -> Result<(NaiveDate, i64), ClockError> {
    let mut due = cal.add_workdays(start, n)?.date;
    // Monotone iteration from below reaches the least fixed point; bounded for safety.
    for _ in 0..256 {
        let p = paused_within(cal, start, due, pauses);
        let next = cal.add_workdays(start, n + p)?.date;
        if next == due {
            return Ok((due, p));
        }
        due = next;
    }
    let p = paused_within(cal, start, due, pauses);
    Ok((due, p))
}

fn sub_state(
    cal: &WorkCalendar,
    due: NaiveDate,
    done: Option<NaiveDate>,
    as_of: NaiveDate,
) -> (SubState, Option<i64>, Option<i64>) {
    match done {
        Some(d) if d <= due => (SubState::Met, None, None),
        Some(d) => (SubState::Late, None, Some(cal.workdays_between(due, d))),
        None if as_of <= due => (SubState::Pending, Some(cal.workdays_between(as_of, due)), None),
        None => (SubState::Lapsed, None, Some(cal.workdays_between(due, as_of))),
    }
}

/// Compute the clock of a request as of `as_of`, with the step-by-step explanation.
pub fn compute(
    timeline: &RequestTimeline,
    cal: &WorkCalendar,
    settings: &ClockSettings,
    as_of: NaiveDate,
) -> Result<Clock, ClockError> {
    compute_impl(timeline, cal, settings, as_of, true)
}

/// Same dates, states and errors as [`compute`], but `steps` is left empty: for bulk work
/// (dashboards, the nightly sweep over all open requests).
pub fn compute_quiet(
    timeline: &RequestTimeline,
    cal: &WorkCalendar,
    settings: &ClockSettings,
    as_of: NaiveDate,
) -> Result<Clock, ClockError> {
    compute_impl(timeline, cal, settings, as_of, false)
}

fn compute_impl(
    timeline: &RequestTimeline,
    cal: &WorkCalendar,
    settings: &ClockSettings,
    as_of: NaiveDate,
    explain: bool,
) -> Result<Clock, ClockError> {
    let mut ex = Explainer::new(cal, explain);
    let mut warnings_years = None;

    // --- 收到申请之日 (第三十一条) ---
    let t = timeline;
    let received_on = match t.channel {
        Channel::InPerson => {
            ex.step("条例第三十一条第（一）项", |ex| {
                format!("当面提交的申请，以提交之日 {} 为收到申请之日。", ex.day(t.submitted_on))
            });
            t.submitted_on
        }
        Channel::RegisteredMail => {
            let d = t.signed_on.unwrap_or(t.submitted_on);
            if let Some(s) = t.signed_on
                && s < t.submitted_on
            {
                return Err(ClockError::ConfirmedBeforeArrival { submitted: t.submitted_on, confirmed: s });
            }
            ex.step("条例第三十一条第（二）项", |ex| {
                format!(
                    "以需签收方式邮寄的申请，以行政机关签收之日 {} 为收到申请之日{}。",
                    ex.day(d),
                    if t.signed_on.is_none() {
                        "（未另填签收日，按所填收到日计）"
                    } else {
                        ""
                    }
                )
            });
            d
        }
        Channel::OrdinaryMail | Channel::Online | Channel::Fax => {
            let d = t.confirmed_on.unwrap_or(t.submitted_on);
            if d < t.submitted_on {
                return Err(ClockError::ConfirmedBeforeArrival { submitted: t.submitted_on, confirmed: d });
            }
            let (rule, how) = if t.channel == Channel::OrdinaryMail {
                (
                    "条例第三十一条第（二）项",
                    "以平常信函等无需签收方式邮寄的申请，工作机构应于收到当日与申请人确认，以确认之日",
                )
            } else {
                ("条例第三十一条第（三）项", "通过互联网渠道或者传真提交的申请，以双方确认之日")
            };
            ex.step(rule, |ex| {
                format!(
                    "{how} {} 为收到申请之日（渠道：{}）{}。",
                    ex.day(d),
                    t.channel.label_zh(),
                    if t.confirmed_on.is_none() {
                        "；未另填确认日，按所填收到日视为当日确认"
                    } else {
                        ""
                    }
                )
            });
            if t.channel == Channel::OrdinaryMail && d > t.submitted_on {
                ex.step("条例第三十一条第（二）项", |_| {
                    format!(
                        "提示：信函 {} 已到达，确认却在 {}，晚于条例要求的“收到申请的当日”。",
                        t.submitted_on, d
                    )
                });
            }
            d
        }
    };
    if received_on < ymd(REGIME_2008_FROM) {
        return Err(ClockError::BeforeRegulation { date: received_on });
    }
    if as_of < received_on {
        return Err(ClockError::AsOfBeforeReceipt { as_of, received: received_on });
    }

    // --- Regime ---
    let rules = if received_on < ymd(REGIME_2019_FROM) { Rules::R2008 } else { Rules::R2019 };
    ex.step(
        if rules == Rules::R2019 {
            "条例第三十三条第二款；第五十六条"
        } else {
            "2008年条例第二十四条第二款"
        }, |_| format!(
            "收到申请之日{}2019年5月15日，适用{}：答复期限为自收到申请之日起{}个工作日，经批准可延长，延长最长不超过{}个工作日。",
            if rules == Rules::R2019 { "不早于" } else { "早于" },
            rules.name_zh(),
            rules.base_workdays(),
            rules.max_extension()
        ));
    ex.step(
        "《民法典》第二百零一条", |_| "期间按工作日计算，开始的当日不计入，自下一日开始计算；周六、周日和国务院公布的放假日不计入，国务院公布的调休上班日（周末）计入。".to_owned());

    // --- 补正 (第三十条) ---
    let mut correction_notice = None;
    let mut start = Some(received_on);
    let mut stopped: Option<ClockStatus> = None;
    if let Some(c) = &t.correction {
        if c.notice_on < received_on {
            return Err(ClockError::CorrectionNoticeBeforeReceipt {
                received: received_on,
                notice: c.notice_on,
            });
        }
        if let Some(cd) = c.corrected_on
            && cd < c.notice_on
        {
            return Err(ClockError::CorrectedBeforeNotice { notice: c.notice_on, corrected: cd });
        }
        if rules == Rules::R2019 {
            let r = cal.add_workdays(received_on, 7)?;
            let (state, left, over) = sub_state(cal, r.date, Some(c.notice_on), as_of);
            ex.step("条例第三十条", |ex| {
                format!(
                    "补正告知应自收到申请之日起7个工作日内一次性作出，即不晚于 {}；实际告知日 {}，{}。{}",
                    ex.day(r.date),
                    ex.day(c.notice_on),
                    if state == SubState::Met {
                        "在期限内".to_owned()
                    } else {
                        format!("逾期{}个工作日", over.unwrap_or(0))
                    },
                    ex.specials_note(received_on, r.date)
                )
            });
            correction_notice = Some(SubDeadline {
                label: "补正告知".to_owned(),
                rule: "条例第三十条".to_owned(),
                due_on: Some(r.date),
                done_on: Some(c.notice_on),
                state,
                days_left: left,
                overdue: over,
            });
        } else {
            ex.step("2008年条例第二十一条第（四）项", |_| {
                "2008年条例只要求告知申请人更改、补充，没有7个工作日的告知时限。".to_owned()
            });
            correction_notice = Some(SubDeadline {
                label: "补正告知".to_owned(),
                rule: "2008年条例第二十一条第（四）项".to_owned(),
                due_on: None,
                done_on: Some(c.notice_on),
                state: SubState::NotApplicable,
                days_left: None,
                overdue: None,
            });
        }
        match c.corrected_on {
            Some(cd) => {
                ex.step(
                    if rules == Rules::R2019 {
                        "条例第三十条"
                    } else {
                        "2008年条例第二十一条第（四）项（推定）"
                    },
                    |ex| {
                        format!(
                            "答复期限自收到补正的申请之日 {} 起重新计算{}。",
                            ex.day(cd),
                            if rules == Rules::R2008 {
                                "（2008年条例无明文，按2019年条例第三十条的做法推定）"
                            } else {
                                ""
                            }
                        )
                    },
                );
                if let Some(dl) = c.deadline
                    && cd > dl
                {
                    ex.step(
                        "条例第三十条", |_| format!(
                            "提示：补正在机关确定的补正期限 {dl} 之后才到达；无正当理由逾期补正的，可视为放弃申请。本计算仍按收到补正之日起算。"
                        ));
                }
                start = Some(cd);
            }
            None => {
                start = None;
                match c.deadline {
                    Some(dl) if as_of > dl => {
                        ex.step(
                            "条例第三十条", |ex| format!(
                                "申请人未在机关确定的补正期限 {} 内补正，视为放弃申请，行政机关不再处理（如有正当理由除外）。",
                                ex.day(dl)
                            ));
                        stopped = Some(ClockStatus::DeemedWithdrawn);
                    }
                    _ => {
                        ex.step("条例第三十条", |_| {
                            format!(
                                "尚未收到补正的申请{}，答复期限暂不起算。",
                                c.deadline.map(|d| format!("（补正期限至 {d}）")).unwrap_or_default()
                            )
                        });
                        stopped = Some(ClockStatus::AwaitingCorrection);
                    }
                }
            }
        }
    }

    // Without a running clock we stop here.
    let Some(start) = start else {
        return Ok(finish_stopped(
            rules,
            t,
            received_on,
            as_of,
            stopped.unwrap_or(ClockStatus::AwaitingCorrection),
            correction_notice,
            settings,
            ex,
        ));
    };

    // --- Pauses: consultations ---
    let base = i64::from(rules.base_workdays());
    let mut pauses: Vec<Pause> = Vec::new();
    let mut consultations = Vec::new();
    for c in &t.consultations {
        let (what, what_en) = match c.kind {
            ConsultationKind::ThirdParty => ("征求第三方意见", "third-party consultation"),
            ConsultationKind::Agency => ("征求其他机关意见", "agency consultation"),
        };
        if c.from < start {
            return Err(ClockError::PauseBeforeStart { what, what_en, from: c.from, start });
        }
        if let Some(to) = c.to
            && to < c.from
        {
            return Err(ClockError::ReversedRange { from: c.from, to });
        }
        let end = c.to.unwrap_or(as_of.max(c.from));
        let pauses_clock = !(rules == Rules::R2008 && c.kind == ConsultationKind::Agency);
        // Answer periods: 第三十二条 / 第三十四条 (15 working days); 2008 had none.
        let (rule, sub) = match (rules, c.kind) {
            (Rules::R2019, ConsultationKind::ThirdParty) => ("条例第三十二条", true),
            (Rules::R2019, ConsultationKind::Agency) => ("条例第三十四条", true),
            (Rules::R2008, ConsultationKind::ThirdParty) => ("2008年条例第二十三条", false),
            (Rules::R2008, ConsultationKind::Agency) => ("2008年条例", false),
        };
        let sd = if sub {
            let due = cal.add_workdays(c.from, 15)?.date;
            let (state, left, over) = sub_state(cal, due, c.to, as_of);
            SubDeadline {
                label: format!("{what}（{}起）", c.from),
                rule: rule.to_owned(),
                due_on: Some(due),
                done_on: c.to,
                state,
                days_left: left,
                overdue: over,
            }
        } else {
            SubDeadline {
                label: format!("{what}（{}起）", c.from),
                rule: rule.to_owned(),
                due_on: None,
                done_on: c.to,
                state: SubState::NotApplicable,
                days_left: None,
                overdue: None,
            }
        };
        consultations.push(sd);
        if pauses_clock {
            pauses.push(Pause {
                from: c.from,
                to: end,
                what,
                what_en,
                rule: if rules == Rules::R2019 {
                    "条例第三十三条第三款"
                } else {
                    "2008年条例第二十四条第三款"
                },
            });
        } else {
            ex.step("2008年条例第二十四条第三款", |_| {
                format!(
                    "2008年条例只规定征求第三方意见所需时间不计入期限；{} 起征求其他机关意见的时间照常计入。",
                    c.from
                )
            });
        }
    }

    // --- Fee notice (国办函〔2020〕109号) ---
    let mut payment = None;
    if let Some(f) = &t.fee {
        if rules == Rules::R2008 {
            return Err(ClockError::FeeUnder2008);
        }
        if f.received_on < start {
            return Err(ClockError::PauseBeforeStart {
                what: "收费通知",
                what_en: "the fee notice",
                from: f.received_on,
                start,
            });
        }
        if let Some(p) = f.paid_on
            && p < f.received_on
        {
            return Err(ClockError::PaidBeforeNotice { notice: f.received_on, paid: p });
        }
        let pay_due = cal.add_workdays(f.received_on, 20)?.date;
        let (state, left, over) = sub_state(cal, pay_due, f.paid_on, as_of);
        ex.step("国办函〔2020〕109号", |ex| {
            format!(
                "申请人 {} 收到收费通知，应自次日起20个工作日内缴费，即不晚于 {}；{}。{}",
                ex.day(f.received_on),
                ex.day(pay_due),
                match state {
                    SubState::Met => format!("已于 {} 缴费", f.paid_on.unwrap_or(pay_due)),
                    SubState::Late =>
                        format!("{} 才缴费，已逾期，视为放弃申请", f.paid_on.unwrap_or(pay_due)),
                    SubState::Lapsed => "逾期未缴费，视为放弃申请，行政机关不再处理".to_owned(),
                    _ => format!("尚未缴费，还剩{}个工作日", left.unwrap_or(0)),
                },
                ex.specials_note(f.received_on, pay_due)
            )
        });
        if matches!(state, SubState::Late | SubState::Lapsed) {
            stopped = Some(ClockStatus::DeemedAbandoned);
        }
        payment = Some(SubDeadline {
            label: "缴纳信息处理费".to_owned(),
            rule: "国办函〔2020〕109号".to_owned(),
            due_on: Some(pay_due),
            done_on: f.paid_on,
            state,
            days_left: left,
            overdue: over,
        });
        if settings.fee_period_pauses_clock {
            let end = f.paid_on.unwrap_or(as_of.min(pay_due)).max(f.received_on);
            ex.step(
                "设置 fee_period_pauses_clock = true（默认）", |_| "收费通知至缴费期间是否中止答复期限，现有依据未明确；本系统默认中止，即收到收费通知次日至缴费之日的工作日不计入答复期限。".to_owned());
            pauses.push(Pause {
                from: f.received_on,
                to: end,
                what: "缴费期间",
                what_en: "the fee payment period",
                rule: "国办函〔2020〕109号；设置 fee_period_pauses_clock",
            });
        } else {
            ex.step("设置 fee_period_pauses_clock = false", |_| {
                "收费通知至缴费期间是否中止答复期限，现有依据未明确；按本机关设置，缴费期间照常计入答复期限。"
                    .to_owned()
            });
        }
    }

    // Overlapping pauses are an input error.
    let mut sorted = pauses.clone();
    sorted.sort_by_key(|p| (p.from, p.to));
    for w in sorted.windows(2) {
        if w[1].from < w[0].to {
            return Err(ClockError::OverlappingPauses {
                a_from: w[0].from,
                a_to: w[0].to,
                b_from: w[1].from,
                b_to: w[1].to,
            });
        }
    }

    // --- Base due date ---
    let (due_on, paused) = due_with_pauses(cal, start, base, &sorted)?;
    for p in &sorted {
        // A pause must begin no later than the due date it would stop.
        let (due_before, _) = due_with_pauses(
            cal,
            start,
            base,
            &sorted.iter().copied().filter(|q| q.from < p.from).collect::<Vec<_>>(),
        )?;
        if p.from > due_before {
            return Err(ClockError::PauseAfterDue {
                what: p.what,
                what_en: p.what_en,
                from: p.from,
                due: due_before,
            });
        }
        let n = paused_within(cal, start, due_on, std::slice::from_ref(p));
        ex.step(p.rule, |ex| {
            format!(
                "{}：{} 至 {}，其间{}个工作日不计入答复期限。{}",
                p.what,
                p.from,
                p.to,
                n,
                ex.specials_note(p.from, p.to)
            )
        });
    }
    ex.step(
        if rules == Rules::R2019 {
            "条例第三十三条第二款"
        } else {
            "2008年条例第二十四条第二款"
        },
        |ex| {
            format!(
                "自 {} 的次日起数{}个工作日{}，答复期限为 {}。{}",
                ex.day(start),
                base,
                if paused > 0 {
                    format!("（另加中止的{paused}个工作日，共数{}个工作日）", base + paused)
                } else {
                    String::new()
                },
                ex.day(due_on),
                ex.specials_note(start, due_on)
            )
        },
    );
    UnloadedYearsAcc::add(&mut warnings_years, cal, start, due_on);

    // --- Extension (第三十三条第二款) ---
    if t.extensions.len() > 1 {
        return Err(ClockError::ExtensionTwice);
    }
    let mut extended_due_on = None;
    let mut final_due = due_on;
    let mut total_paused = paused;
    if let Some(e) = t.extensions.first() {
        let max = rules.max_extension();
        let days = e.workdays.unwrap_or(max);
        if days > max {
            return Err(ClockError::ExtensionTooLong { days, max });
        }
        if let Some(dec) = e.decided_on
            && dec > due_on
        {
            return Err(ClockError::ExtensionAfterDue { decided: dec, due: due_on });
        }
        let (ext_due, p2) = due_with_pauses(cal, start, base + i64::from(days), &sorted)?;
        ex.step(
            if rules == Rules::R2019 {
                "条例第三十三条第二款"
            } else {
                "2008年条例第二十四条第二款"
            }, |ex| format!(
                "经政府信息公开工作机构负责人同意并告知申请人，延长答复期限{}个工作日（最长{}个工作日，只能延长一次，须在原期限 {} 届满前决定{}），延长后的答复期限为 {}。{}",
                days,
                max,
                due_on,
                e.decided_on
                    .map(|d| format!("；决定日 {d}"))
                    .unwrap_or_else(|| "；未填决定日，视为按时决定".to_owned()),
                ex.day(ext_due),
                ex.specials_note(due_on, ext_due)
            ));
        UnloadedYearsAcc::add(&mut warnings_years, cal, due_on, ext_due);
        extended_due_on = Some(ext_due);
        final_due = ext_due;
        total_paused = p2;
    }

    // --- Reasonable delay (第三十五条) ---
    let mut delay_due_on = None;
    if let Some(d) = &t.delay {
        if rules == Rules::R2008 {
            return Err(ClockError::DelayUnder2008);
        }
        let date = match d {
            ReasonableDelay::ExtraWorkdays { workdays } => {
                cal.add_workdays(final_due, i64::from(*workdays))?.date
            }
            ReasonableDelay::Until { date } => {
                if *date < final_due {
                    return Err(ClockError::DelayBeforeDue { date: *date, due: final_due });
                }
                *date
            }
        };
        ex.step(
            "条例第三十五条", |ex| format!(
                "申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关说明理由后确定延迟答复的合理期限至 {}{}。",
                ex.day(date),
                match d {
                    ReasonableDelay::ExtraWorkdays { workdays } =>
                        format!("（在 {final_due} 之后再加{workdays}个工作日）"),
                    ReasonableDelay::Until { .. } => String::new(),
                }
            ));
        UnloadedYearsAcc::add(&mut warnings_years, cal, final_due, date);
        delay_due_on = Some(date);
        final_due = date;
    }

    // --- As of ---
    let ongoing_pause = sorted.iter().any(|p| p.from <= as_of && p.to >= as_of)
        && (t.consultations.iter().any(|c| c.to.is_none())
            || (settings.fee_period_pauses_clock && t.fee.is_some_and(|f| f.paid_on.is_none())));
    let (status, days_left, overdue) = match stopped {
        Some(s) => (s, None, None),
        None if as_of <= final_due => (
            if ongoing_pause { ClockStatus::Paused } else { ClockStatus::Running },
            Some(cal.workdays_between(as_of, final_due)),
            Some(0),
        ),
        None => (ClockStatus::Overdue, Some(0), Some(cal.workdays_between(final_due, as_of))),
    };
    ex.step(
        "计算基准日", |ex| match status {
            ClockStatus::Running => format!(
                "截至 {}，距答复期限 {} 还有{}个工作日。",
                ex.day(as_of),
                final_due,
                days_left.unwrap_or(0)
            ),
            ClockStatus::Paused => format!(
                "截至 {}，期限正在中止中；若今日恢复计算，距答复期限 {} 还有{}个工作日，中止每多一个工作日，期限顺延一个工作日。",
                ex.day(as_of),
                final_due,
                days_left.unwrap_or(0)
            ),
            ClockStatus::Overdue => format!(
                "截至 {}，已超过答复期限 {}，逾期{}个工作日。",
                ex.day(as_of),
                final_due,
                overdue.unwrap_or(0)
            ),
            ClockStatus::DeemedAbandoned => {
                format!("截至 {}，申请视为放弃，答复期限不再计算。", ex.day(as_of))
            }
            _ => format!("截至 {}，答复期限不在计算中。", ex.day(as_of)),
        });
    if ongoing_pause {
        UnloadedYearsAcc::add(&mut warnings_years, cal, start, as_of);
    }

    let mut warnings = Vec::new();
    if let Some(u) = warnings_years {
        let w = u.warning_zh();
        ex.step("工作日历", |_| w.clone());
        warnings.push(w);
    }

    Ok(Clock {
        rules,
        channel: t.channel,
        received_on,
        clock_starts_on: Some(start),
        base_workdays: rules.base_workdays(),
        paused_workdays: total_paused,
        due_on: Some(due_on),
        extended_due_on,
        delay_due_on,
        final_due_on: Some(final_due),
        as_of,
        days_left,
        overdue,
        status,
        correction_notice,
        consultations,
        payment,
        settings: *settings,
        warnings,
        steps: ex.into_steps(),
    })
}

/// Accumulates unloaded years over several intervals.
struct UnloadedYearsAcc;

impl UnloadedYearsAcc {
    fn add(
        slot: &mut Option<crate::calendar::UnloadedYears>,
        cal: &WorkCalendar,
        a: NaiveDate,
        b: NaiveDate,
    ) {
        if let Some(u) = cal.unloaded_between(a, b) {
            *slot = Some(match *slot {
                None => u,
                Some(s) => {
                    crate::calendar::UnloadedYears { first: s.first.min(u.first), last: s.last.max(u.last) }
                }
            });
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn finish_stopped(
    rules: Rules,
    t: &RequestTimeline,
    received_on: NaiveDate,
    as_of: NaiveDate,
    status: ClockStatus,
    correction_notice: Option<SubDeadline>,
    settings: &ClockSettings,
    ex: Explainer<'_>,
) -> Clock {
    Clock {
        rules,
        channel: t.channel,
        received_on,
        clock_starts_on: None,
        base_workdays: rules.base_workdays(),
        paused_workdays: 0,
        due_on: None,
        extended_due_on: None,
        delay_due_on: None,
        final_due_on: None,
        as_of,
        days_left: None,
        overdue: None,
        status,
        correction_notice,
        consultations: Vec::new(),
        payment: None,
        settings: *settings,
        warnings: Vec::new(),
        steps: ex.into_steps(),
    }
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
