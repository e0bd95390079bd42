//! The 计算说明: collects steps while the clock is computed and renders the plain text.

use super::{Clock, ClockStatus, Step, SubDeadline, SubState};
use crate::calendar::{DayKind, WorkCalendar, weekday_zh};
use chrono::NaiveDate;
use std::fmt::Write as _;

pub(super) struct Explainer<'a> {
    cal: &'a WorkCalendar,
    enabled: bool,
    steps: Vec<Step>,
}

impl<'a> Explainer<'a> {
    /// `enabled = false` skips all text formatting (bulk computation).
    pub(super) fn new(cal: &'a WorkCalendar, enabled: bool) -> Self {
        Self { cal, enabled, steps: Vec::new() }
    }

    /// Add a step; the text is only built when explanations are enabled.
    pub(super) fn step(&mut self, rule: &str, text: impl FnOnce(&Self) -> String) {
        if self.enabled {
            let text = text(self);
            self.steps.push(Step { rule: rule.to_owned(), text });
        }
    }

    pub(super) fn into_steps(self) -> Vec<Step> {
        self.steps
    }

    /// `2024-02-18（星期日，调休上班日（春节））`.
    pub(super) fn day(&self, d: NaiveDate) -> String {
        match self.cal.day_kind(d) {
            DayKind::Workday | DayKind::Weekend => format!("{d}（{}）", weekday_zh(d)),
            k => format!("{d}（{}，{}）", weekday_zh(d), k.label_zh()),
        }
    }

    /// Names every official day off skipped and every 调休 working day counted in `(a, b]`,
    /// grouped into runs of the same festival.
    pub(super) fn specials_note(&self, a: NaiveDate, b: NaiveDate) -> String {
        let Some(from) = a.succ_opt() else {
            return String::new();
        };
        let mut holidays: Vec<(NaiveDate, NaiveDate, String, usize)> = Vec::new();
        let mut makeups: Vec<String> = Vec::new();
        for (d, kind) in self.cal.specials_in(from, b) {
            match kind {
                DayKind::Holiday { name } => {
                    let weekday = !crate::calendar::is_weekend(d);
                    match holidays.last_mut() {
                        Some(last) if last.2 == name && last.1.succ_opt() == Some(d) => {
                            last.1 = d;
                            last.3 += usize::from(weekday);
                        }
                        _ => holidays.push((d, d, name, usize::from(weekday))),
                    }
                }
                DayKind::MakeupWorkday { name } => {
                    makeups.push(format!("{d}（{}，{name}调休上班）", weekday_zh(d)));
                }
                _ => {}
            }
        }
        let mut out = String::new();
        if !holidays.is_empty() {
            let parts: Vec<String> = holidays
                .iter()
                .map(|(s, e, n, wd)| {
                    if s == e {
                        format!("{n} {s}（{}）", weekday_zh(*s))
                    } else {
                        format!("{n} {s} 至 {e}（{}天，其中周一至周五{wd}天）", (*e - *s).num_days() + 1)
                    }
                })
                .collect();
            let _ = write!(out, "跳过放假日：{}。", parts.join("；"));
        }
        if !makeups.is_empty() {
            let _ = write!(out, "计入调休上班日：{}。", makeups.join("、"));
        }
        out
    }
}

fn sub_line(s: &SubDeadline) -> String {
    let state = match s.state {
        SubState::Pending => format!("未完成，还剩{}个工作日", s.days_left.unwrap_or(0)),
        SubState::Met => "已按期完成".to_owned(),
        SubState::Late => format!("已完成，但逾期{}个工作日", s.overdue.unwrap_or(0)),
        SubState::Lapsed => format!("未完成，已逾期{}个工作日", s.overdue.unwrap_or(0)),
        SubState::NotApplicable => "该规则在本适用条例下不适用".to_owned(),
    };
    format!(
        "{}（{}）：期限 {}；{}",
        s.label,
        s.rule,
        s.due_on.map(|d| d.to_string()).unwrap_or_else(|| "无".to_owned()),
        state
    )
}

pub(super) fn render_text(c: &Clock) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "适用条例：{}年《政府信息公开条例》", c.rules.as_str());
    let _ = writeln!(out, "收到申请之日：{}（{}）", c.received_on, c.channel.label_zh());
    let opt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned());
    let _ = writeln!(out, "答复期限：{}", opt(c.due_on));
    if c.extended_due_on.is_some() {
        let _ = writeln!(out, "延长后的答复期限：{}", opt(c.extended_due_on));
    }
    if c.delay_due_on.is_some() {
        let _ = writeln!(out, "合理延迟期限：{}", opt(c.delay_due_on));
    }
    let status = match c.status {
        ClockStatus::Running => format!("计算中，截至 {} 还剩{}个工作日", c.as_of, c.days_left.unwrap_or(0)),
        ClockStatus::Paused => format!("中止中，截至 {} 还剩{}个工作日", c.as_of, c.days_left.unwrap_or(0)),
        ClockStatus::Overdue => format!("已逾期，截至 {} 逾期{}个工作日", c.as_of, c.overdue.unwrap_or(0)),
        ClockStatus::AwaitingCorrection => "等待补正，答复期限暂不起算".to_owned(),
        ClockStatus::DeemedWithdrawn => "逾期未补正，视为放弃申请".to_owned(),
        ClockStatus::DeemedAbandoned => "逾期未缴费，视为放弃申请".to_owned(),
    };
    let _ = writeln!(out, "状态：{status}");
    for s in c.correction_notice.iter().chain(c.consultations.iter()).chain(c.payment.iter()) {
        let _ = writeln!(out, "分项期限：{}", sub_line(s));
    }
    for w in &c.warnings {
        let _ = writeln!(out, "{w}");
    }
    let _ = writeln!(out, "\n计算说明：");
    for (i, s) in c.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. 【{}】{}", i + 1, s.rule, s.text);
    }
    out
}
