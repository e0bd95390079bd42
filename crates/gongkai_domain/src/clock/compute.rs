//! The computation behind [`super::compute`], one step per article, in the order the law
//! applies them:
//!
//! 1. [`Run::received_on`] — 收到申请之日 (条例第三十一条);
//! 2. [`Run::regime`] — which 条例 applies (第五十六条; 2008 第二十四条);
//! 3. [`Run::correction`] — 补正 (第三十条);
//! 4. [`Run::consultations`] — 征求意见 (第三十二条–第三十四条);
//! 5. [`Run::fee_notice`] — 收费 (国办函〔2020〕109号);
//! 6. [`sorted_pauses`] (overlaps merged) and [`Run::base_due`] — the reply period (第三十三条第一款、第三款);
//! 7. [`Run::extension`] — 延期答复 (第三十三条第二款);
//! 8. [`Run::reasonable_delay`] — 延迟答复的合理期限 (第三十五条);
//! 9. [`Run::status_as_of`] — running, paused or overdue as of the given day.
//!
//! Every step checks its own input first, so the first inconsistent fact names the error.

use super::explain::Explainer;
use super::{
    Channel, Clock, ClockError, ClockSettings, ClockStatus, ConsultationKind, REGIME_2008_FROM,
    REGIME_2019_FROM, ReasonableDelay, RequestTimeline, Rules, SubDeadline, SubState, ymd,
};
use crate::calendar::{UnloadedYears, WorkCalendar};
use chrono::NaiveDate;

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

/// The pauses in date order, overlapping ones merged: consultations may run side by side (a
/// third party and another agency, 第三十二条 and 第三十四条) and a fee notice may go out
/// while one runs; a working day in any of them is not counted, once (第三十三条第三款).
fn sorted_pauses(mut pauses: Vec<Pause>) -> Vec<Pause> {
    pauses.sort_by_key(|p| (p.from, p.to));
    let mut merged: Vec<Pause> = Vec::with_capacity(pauses.len());
    for p in pauses {
        match merged.last_mut() {
            Some(last) if p.from < last.to => {
                last.to = last.to.max(p.to);
                if last.what != p.what {
                    (last.what, last.what_en) = ("征求意见、缴费等中止期间", "the overlapping pauses");
                }
            }
            _ => merged.push(p),
        }
    }
    merged
}

/// What the 补正 step (第三十条) leaves behind.
struct CorrectionResult {
    /// The 补正告知 sub-deadline.
    notice: Option<SubDeadline>,
    /// Day the reply period counts from (`None`: no corrected application yet).
    start: Option<NaiveDate>,
    /// Why no clock runs, when `start` is `None`.
    stopped: Option<ClockStatus>,
}

/// One computation: the facts, the calendar, and what the steps collect on the way.
struct Run<'a> {
    t: &'a RequestTimeline,
    cal: &'a WorkCalendar,
    settings: &'a ClockSettings,
    as_of: NaiveDate,
    ex: Explainer<'a>,
    /// Years without a loaded calendar met on the way (one warning at the end).
    unloaded: Option<UnloadedYears>,
}

pub(super) fn compute_impl(
    timeline: &RequestTimeline,
    cal: &WorkCalendar,
    settings: &ClockSettings,
    as_of: NaiveDate,
    explain: bool,
) -> Result<Clock, ClockError> {
    let mut run = Run { t: timeline, cal, settings, as_of, ex: Explainer::new(cal, explain), unloaded: None };
    let received_on = run.received_on()?;
    if received_on < ymd(REGIME_2008_FROM) {
        return Err(ClockError::BeforeRegulation { date: received_on });
    }
    if as_of < received_on {
        return Err(ClockError::AsOfBeforeReceipt { as_of, received: received_on });
    }
    let rules = run.regime(received_on);
    let correction = run.correction(rules, received_on)?;
    // Without a running clock we stop here.
    let Some(start) = correction.start else {
        let status = correction.stopped.unwrap_or(ClockStatus::AwaitingCorrection);
        return Ok(run.finish_stopped(rules, received_on, status, correction.notice));
    };

    let mut pauses = Vec::new();
    let consultations = run.consultations(rules, start, &mut pauses)?;
    let payment = run.fee_notice(rules, start, &mut pauses)?;
    let pauses = sorted_pauses(pauses);
    let (due_on, paused) = run.base_due(rules, start, &pauses)?;
    let extended = run.extension(rules, start, due_on, &pauses)?;
    let (mut final_due, total_paused) = extended.unwrap_or((due_on, paused));
    let delay_due_on = run.reasonable_delay(rules, final_due)?;
    final_due = delay_due_on.unwrap_or(final_due);

    // An unpaid fee past its period ends the request (视为放弃申请); nothing else stops a
    // running clock.
    let abandoned = payment.as_ref().is_some_and(|p| matches!(p.state, SubState::Late | SubState::Lapsed));
    let stopped = abandoned.then_some(ClockStatus::DeemedAbandoned);
    let (status, days_left, overdue) = run.status_as_of(start, final_due, &pauses, stopped);
    let warnings = run.calendar_warnings();

    Ok(Clock {
        rules,
        channel: timeline.channel,
        received_on,
        clock_starts_on: Some(start),
        base_workdays: rules.base_workdays(),
        paused_workdays: total_paused,
        due_on: Some(due_on),
        extended_due_on: extended.map(|(d, _)| d),
        delay_due_on,
        final_due_on: Some(final_due),
        as_of,
        days_left,
        overdue,
        status,
        correction_notice: correction.notice,
        consultations,
        payment,
        settings: *settings,
        warnings,
        steps: run.ex.into_steps(),
    })
}

impl Run<'_> {
    /// 收到申请之日 (条例第三十一条): in person, the day of submission (第（一）项); by
    /// registered mail, the day the agency signs for it (第（二）项); by ordinary mail, the day
    /// receipt is confirmed with the applicant, which should be the day it arrives (第（二）项);
    /// online or by fax, the day both sides confirm receipt (第（三）项).
    fn received_on(&mut self) -> Result<NaiveDate, ClockError> {
        let t = self.t;
        match t.channel {
            Channel::InPerson => {
                self.ex.step("条例第三十一条第（一）项", |ex| {
                    format!("当面提交的申请，以提交之日 {} 为收到申请之日。", ex.day(t.submitted_on))
                });
                Ok(t.submitted_on)
            }
            Channel::RegisteredMail => {
                let d = t.signed_on.unwrap_or(t.submitted_on);
                if let Some(s) = t.signed_on
                    && s < t.submitted_on
                {
                    return Err(ClockError::ConfirmedBeforeArrival {
                        submitted: t.submitted_on,
                        confirmed: s,
                    });
                }
                self.ex.step("条例第三十一条第（二）项", |ex| {
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
                Ok(d)
            }
            Channel::OrdinaryMail | Channel::Online | Channel::Fax => self.confirmed_receipt(),
        }
    }

    /// 收到申请之日 of ordinary mail (第三十一条第（二）项后段), online and fax (第（三）项):
    /// the day receipt is confirmed.
    fn confirmed_receipt(&mut self) -> Result<NaiveDate, ClockError> {
        let t = self.t;
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
        self.ex.step(rule, |ex| {
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
            self.ex.step("条例第三十一条第（二）项", |_| {
                format!(
                    "提示：信函 {} 已到达，确认却在 {}，晚于条例要求的“收到申请的当日”。",
                    t.submitted_on, d
                )
            });
        }
        Ok(d)
    }

    /// The regime (2019 条例第五十六条: in force from 2019-05-15; before, the 2008 条例) and
    /// the counting rule of working days (《民法典》第二百零一条).
    fn regime(&mut self, received_on: NaiveDate) -> Rules {
        let rules = if received_on < ymd(REGIME_2019_FROM) { Rules::R2008 } else { Rules::R2019 };
        self.ex.step(
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
        self.ex.step(
            "《民法典》第二百零一条", |_| "期间按工作日计算，开始的当日不计入，自下一日开始计算；周六、周日和国务院公布的放假日不计入，国务院公布的调休上班日（周末）计入。".to_owned());
        rules
    }

    /// 补正 (条例第三十条): the notice is due within 7 working days of receipt, once; the reply
    /// period restarts on the day the corrected application arrives; without it by the set
    /// deadline the application is deemed withdrawn. The 2008 条例 (第二十一条第（四）项) set
    /// no notice period.
    fn correction(&mut self, rules: Rules, received_on: NaiveDate) -> Result<CorrectionResult, ClockError> {
        let Some(c) = &self.t.correction else {
            return Ok(CorrectionResult { notice: None, start: Some(received_on), stopped: None });
        };
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
        let notice = Some(self.correction_notice(rules, received_on, c.notice_on)?);
        let Some(cd) = c.corrected_on else {
            let stopped = self.awaiting_correction(c.deadline);
            return Ok(CorrectionResult { notice, start: None, stopped: Some(stopped) });
        };
        self.ex.step(
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
            self.ex.step(
                "条例第三十条", |_| format!(
                    "提示：补正在机关确定的补正期限 {dl} 之后才到达；无正当理由逾期补正的，可视为放弃申请。本计算仍按收到补正之日起算。"
                ));
        }
        Ok(CorrectionResult { notice, start: Some(cd), stopped: None })
    }

    /// The 补正告知 sub-deadline: 7 working days from receipt (条例第三十条); none under the
    /// 2008 条例 (第二十一条第（四）项).
    fn correction_notice(
        &mut self,
        rules: Rules,
        received_on: NaiveDate,
        notice_on: NaiveDate,
    ) -> Result<SubDeadline, ClockError> {
        if rules == Rules::R2008 {
            self.ex.step("2008年条例第二十一条第（四）项", |_| {
                "2008年条例只要求告知申请人更改、补充，没有7个工作日的告知时限。".to_owned()
            });
            return Ok(SubDeadline {
                label: "补正告知".to_owned(),
                rule: "2008年条例第二十一条第（四）项".to_owned(),
                due_on: None,
                done_on: Some(notice_on),
                state: SubState::NotApplicable,
                days_left: None,
                overdue: None,
            });
        }
        let r = self.cal.add_workdays(received_on, 7)?;
        let (state, left, over) = sub_state(self.cal, r.date, Some(notice_on), self.as_of);
        self.ex.step("条例第三十条", |ex| {
            format!(
                "补正告知应自收到申请之日起7个工作日内一次性作出，即不晚于 {}；实际告知日 {}，{}。{}",
                ex.day(r.date),
                ex.day(notice_on),
                if state == SubState::Met {
                    "在期限内".to_owned()
                } else {
                    format!("逾期{}个工作日", over.unwrap_or(0))
                },
                ex.specials_note(received_on, r.date)
            )
        });
        Ok(SubDeadline {
            label: "补正告知".to_owned(),
            rule: "条例第三十条".to_owned(),
            due_on: Some(r.date),
            done_on: Some(notice_on),
            state,
            days_left: left,
            overdue: over,
        })
    }

    /// No corrected application yet (条例第三十条): no reply period runs; once the set
    /// deadline has passed the application is deemed withdrawn (视为放弃申请).
    fn awaiting_correction(&mut self, deadline: Option<NaiveDate>) -> ClockStatus {
        match deadline {
            Some(dl) if self.as_of > dl => {
                self.ex.step(
                    "条例第三十条", |ex| format!(
                        "申请人未在机关确定的补正期限 {} 内补正，视为放弃申请，行政机关不再处理（如有正当理由除外）。",
                        ex.day(dl)
                    ));
                ClockStatus::DeemedWithdrawn
            }
            _ => {
                self.ex.step("条例第三十条", |_| {
                    format!(
                        "尚未收到补正的申请{}，答复期限暂不起算。",
                        deadline.map(|d| format!("（补正期限至 {d}）")).unwrap_or_default()
                    )
                });
                ClockStatus::AwaitingCorrection
            }
        }
    }

    /// 征求意见 (条例第三十二条 third parties, 第三十四条 other agencies): each consulted party
    /// has 15 working days to answer, and the time it takes is not counted in the reply period
    /// (第三十三条第三款). Under the 2008 条例 only third-party consultation stopped the clock
    /// (第二十四条第三款) and no answer period existed.
    fn consultations(
        &mut self,
        rules: Rules,
        start: NaiveDate,
        pauses: &mut Vec<Pause>,
    ) -> Result<Vec<SubDeadline>, ClockError> {
        let (t, cal, as_of) = (self.t, self.cal, self.as_of);
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
            let (due_on, (state, days_left, overdue)) = if sub {
                let due = cal.add_workdays(c.from, 15)?.date;
                (Some(due), sub_state(cal, due, c.to, as_of))
            } else {
                (None, (SubState::NotApplicable, None, None))
            };
            consultations.push(SubDeadline {
                label: format!("{what}（{}起）", c.from),
                rule: rule.to_owned(),
                due_on,
                done_on: c.to,
                state,
                days_left,
                overdue,
            });
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
                self.ex.step("2008年条例第二十四条第三款", |_| {
                    format!(
                        "2008年条例只规定征求第三方意见所需时间不计入期限；{} 起征求其他机关意见的时间照常计入。",
                        c.from
                    )
                });
            }
        }
        Ok(consultations)
    }

    /// 收费 (条例第四十二条; 国办函〔2020〕109号): the applicant has 20 working days from
    /// receipt of the fee notice to pay, else the application is deemed abandoned. Whether the
    /// payment period stops the reply clock is the setting `fee_period_pauses_clock`.
    fn fee_notice(
        &mut self,
        rules: Rules,
        start: NaiveDate,
        pauses: &mut Vec<Pause>,
    ) -> Result<Option<SubDeadline>, ClockError> {
        let (cal, as_of) = (self.cal, self.as_of);
        let Some(f) = &self.t.fee else {
            return Ok(None);
        };
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
        self.ex.step("国办函〔2020〕109号", |ex| {
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
        if self.settings.fee_period_pauses_clock {
            let end = f.paid_on.unwrap_or(as_of.min(pay_due)).max(f.received_on);
            self.ex.step(
                "设置 fee_period_pauses_clock = true（默认）", |_| "收费通知至缴费期间是否中止答复期限，现有依据未明确；本系统默认中止，即收到收费通知次日至缴费之日的工作日不计入答复期限。".to_owned());
            pauses.push(Pause {
                from: f.received_on,
                to: end,
                what: "缴费期间",
                what_en: "the fee payment period",
                rule: "国办函〔2020〕109号；设置 fee_period_pauses_clock",
            });
        } else {
            self.ex.step("设置 fee_period_pauses_clock = false", |_| {
                "收费通知至缴费期间是否中止答复期限，现有依据未明确；按本机关设置，缴费期间照常计入答复期限。"
                    .to_owned()
            });
        }
        Ok(Some(SubDeadline {
            label: "缴纳信息处理费".to_owned(),
            rule: "国办函〔2020〕109号".to_owned(),
            due_on: Some(pay_due),
            done_on: f.paid_on,
            state,
            days_left: left,
            overdue: over,
        }))
    }

    /// The reply period (条例第三十三条第一款: 20 working days; 2008 第二十四条第二款: 15),
    /// counted from the day after `start`, the paused working days not counted
    /// (第三十三条第三款). A pause must begin no later than the due date it would stop.
    /// Returns the due date and the paused working days.
    fn base_due(
        &mut self,
        rules: Rules,
        start: NaiveDate,
        pauses: &[Pause],
    ) -> Result<(NaiveDate, i64), ClockError> {
        let cal = self.cal;
        let base = i64::from(rules.base_workdays());
        let (due_on, paused) = due_with_pauses(cal, start, base, pauses)?;
        for p in pauses {
            let earlier: Vec<Pause> = pauses.iter().copied().filter(|q| q.from < p.from).collect();
            let (due_before, _) = due_with_pauses(cal, start, base, &earlier)?;
            if p.from > due_before {
                return Err(ClockError::PauseAfterDue {
                    what: p.what,
                    what_en: p.what_en,
                    from: p.from,
                    due: due_before,
                });
            }
            let n = paused_within(cal, start, due_on, std::slice::from_ref(p));
            self.ex.step(p.rule, |ex| {
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
        self.ex.step(
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
        self.note_unloaded(start, due_on);
        Ok((due_on, paused))
    }

    /// 延期答复 (条例第三十三条第二款; 2008 第二十四条第二款): once, at most 20 (2008: 15)
    /// working days, decided before the original due date. Returns the extended due date and
    /// the paused working days up to it.
    fn extension(
        &mut self,
        rules: Rules,
        start: NaiveDate,
        due_on: NaiveDate,
        pauses: &[Pause],
    ) -> Result<Option<(NaiveDate, i64)>, ClockError> {
        let t = self.t;
        if t.extensions.len() > 1 {
            return Err(ClockError::ExtensionTwice);
        }
        let Some(e) = t.extensions.first() else {
            return Ok(None);
        };
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
        let base = i64::from(rules.base_workdays());
        let (ext_due, paused) = due_with_pauses(self.cal, start, base + i64::from(days), pauses)?;
        self.ex.step(
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
        self.note_unloaded(due_on, ext_due);
        Ok(Some((ext_due, paused)))
    }

    /// 延迟答复的合理期限 (条例第三十五条): for requests clearly beyond a reasonable number or
    /// frequency, the agency sets a reasonable later date (none under the 2008 条例).
    fn reasonable_delay(&mut self, rules: Rules, due: NaiveDate) -> Result<Option<NaiveDate>, ClockError> {
        let Some(d) = &self.t.delay else {
            return Ok(None);
        };
        if rules == Rules::R2008 {
            return Err(ClockError::DelayUnder2008);
        }
        let date = match d {
            ReasonableDelay::ExtraWorkdays { workdays } => {
                self.cal.add_workdays(due, i64::from(*workdays))?.date
            }
            ReasonableDelay::Until { date } => {
                if *date < due {
                    return Err(ClockError::DelayBeforeDue { date: *date, due });
                }
                *date
            }
        };
        self.ex.step(
            "条例第三十五条", |ex| format!(
                "申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关说明理由后确定延迟答复的合理期限至 {}{}。",
                ex.day(date),
                match d {
                    ReasonableDelay::ExtraWorkdays { workdays } =>
                        format!("（在 {due} 之后再加{workdays}个工作日）"),
                    ReasonableDelay::Until { .. } => String::new(),
                }
            ));
        self.note_unloaded(due, date);
        Ok(Some(date))
    }

    /// The state as of the given day: running, paused (an open consultation or an unpaid fee
    /// that stops the clock), overdue, or `stopped`; with working days left or overdue.
    fn status_as_of(
        &mut self,
        start: NaiveDate,
        final_due: NaiveDate,
        pauses: &[Pause],
        stopped: Option<ClockStatus>,
    ) -> (ClockStatus, Option<i64>, Option<i64>) {
        let (t, cal, as_of) = (self.t, self.cal, self.as_of);
        let ongoing_pause = pauses.iter().any(|p| p.from <= as_of && p.to >= as_of)
            && (t.consultations.iter().any(|c| c.to.is_none())
                || (self.settings.fee_period_pauses_clock && t.fee.is_some_and(|f| f.paid_on.is_none())));
        let (status, days_left, overdue) = match stopped {
            Some(s) => (s, None, None),
            None if as_of <= final_due => (
                if ongoing_pause { ClockStatus::Paused } else { ClockStatus::Running },
                Some(cal.workdays_between(as_of, final_due)),
                Some(0),
            ),
            None => (ClockStatus::Overdue, Some(0), Some(cal.workdays_between(final_due, as_of))),
        };
        self.ex.step(
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
            self.note_unloaded(start, as_of);
        }
        (status, days_left, overdue)
    }

    /// Remembers the years in `(a, b]` whose calendar is not loaded.
    fn note_unloaded(&mut self, a: NaiveDate, b: NaiveDate) {
        if let Some(u) = self.cal.unloaded_between(a, b) {
            self.unloaded = Some(match self.unloaded {
                None => u,
                Some(s) => UnloadedYears { first: s.first.min(u.first), last: s.last.max(u.last) },
            });
        }
    }

    /// The one warning about unloaded calendar years, also as the last step.
    fn calendar_warnings(&mut self) -> Vec<String> {
        let Some(u) = self.unloaded else {
            return Vec::new();
        };
        let w = u.warning_zh();
        self.ex.step("工作日历", |_| w.clone());
        vec![w]
    }

    /// The clock of a request whose reply period does not run (补正 outstanding or lapsed).
    fn finish_stopped(
        self,
        rules: Rules,
        received_on: NaiveDate,
        status: ClockStatus,
        correction_notice: Option<SubDeadline>,
    ) -> Clock {
        Clock {
            rules,
            channel: self.t.channel,
            received_on,
            clock_starts_on: None,
            base_workdays: rules.base_workdays(),
            paused_workdays: 0,
            due_on: None,
            extended_due_on: None,
            delay_due_on: None,
            final_due_on: None,
            as_of: self.as_of,
            days_left: None,
            overdue: None,
            status,
            correction_notice,
            consultations: Vec::new(),
            payment: None,
            settings: *self.settings,
            warnings: Vec::new(),
            steps: self.ex.into_steps(),
        }
    }
}
