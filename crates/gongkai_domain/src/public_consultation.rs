//! 意见征集 (public consultation on a draft) and its 采纳反馈 (issue 16).
//!
//! Minimum periods, by kind of draft (each a setting, [`PublicConsultationRules`]):
//! - 规章: 《规章制定程序条例》(国务院令第694号) 第十六条 — the draft is published for comments for
//!   "一般不少于30日";
//! - 重大行政决策: 《重大行政决策程序暂行条例》(国务院令第713号) 第十四条 — "征求意见的期限一般不少于30日";
//! - 行政规范性文件: 《国务院办公厅关于加强行政规范性文件制定和监督管理工作的通知》(国办发〔2018〕37号)
//!   — "征求意见的期限一般不少于7个工作日".
//!
//! Periods count both ends (a consultation open on 1 March and closing on 30 March runs 30
//! days). Every comment gets a decision (采纳/部分采纳/未采纳) and, unless adopted, a reason; the
//! feedback (采纳情况) is published matched to the comments (第十四条: "公众意见及采纳情况应当向社会公布"
//! in the provincial rules that implement it).

use crate::agency::FieldError;
use crate::calendar::WorkCalendar;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the draft is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicConsultationKind {
    /// 行政规范性文件
    NormativeDocument,
    /// 重大行政决策
    MajorDecision,
    /// 规章
    Rule,
}

impl PublicConsultationKind {
    pub const ALL: [PublicConsultationKind; 3] = [
        PublicConsultationKind::NormativeDocument,
        PublicConsultationKind::MajorDecision,
        PublicConsultationKind::Rule,
    ];
    pub fn key(self) -> &'static str {
        match self {
            PublicConsultationKind::NormativeDocument => "normative_document",
            PublicConsultationKind::MajorDecision => "major_decision",
            PublicConsultationKind::Rule => "rule",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            PublicConsultationKind::NormativeDocument => "行政规范性文件",
            PublicConsultationKind::MajorDecision => "重大行政决策",
            PublicConsultationKind::Rule => "规章",
        }
    }
}

/// The minimum consultation periods (module docs for the sources).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicConsultationRules {
    /// 规章: calendar days (default 30).
    pub rule_days: i64,
    /// 重大行政决策: calendar days (default 30).
    pub major_decision_days: i64,
    /// 行政规范性文件: working days on the official calendar (default 7).
    pub normative_workdays: i64,
}

impl Default for PublicConsultationRules {
    fn default() -> Self {
        Self { rule_days: 30, major_decision_days: 30, normative_workdays: 7 }
    }
}

impl PublicConsultationRules {
    /// The rule for `kind`, in words.
    pub fn minimum_zh(&self, kind: PublicConsultationKind) -> String {
        match kind {
            PublicConsultationKind::Rule => {
                format!("规章草案征求意见期限不少于{}日（《规章制定程序条例》第十六条）", self.rule_days)
            }
            PublicConsultationKind::MajorDecision => format!(
                "重大行政决策征求意见期限不少于{}日（《重大行政决策程序暂行条例》第十四条）",
                self.major_decision_days
            ),
            PublicConsultationKind::NormativeDocument => format!(
                "行政规范性文件征求意见期限不少于{}个工作日（国办发〔2018〕37号）",
                self.normative_workdays
            ),
        }
    }

    /// Checks the opening and closing days: closing after opening, and the period at least the
    /// minimum for its kind (both ends counted).
    pub fn check_period(
        &self,
        kind: PublicConsultationKind,
        opens_on: NaiveDate,
        closes_on: NaiveDate,
        cal: &WorkCalendar,
    ) -> Result<(), FieldError> {
        if closes_on < opens_on {
            return Err(FieldError::new("closes_on", "closes_before_opening", "截止日期不能早于开始日期"));
        }
        let long_enough = match kind {
            PublicConsultationKind::Rule | PublicConsultationKind::MajorDecision => {
                let min = if kind == PublicConsultationKind::Rule {
                    self.rule_days
                } else {
                    self.major_decision_days
                };
                (closes_on - opens_on).num_days() + 1 >= min
            }
            PublicConsultationKind::NormativeDocument => {
                let first = i64::from(cal.is_workday(opens_on));
                first + cal.workdays_between(opens_on, closes_on) >= self.normative_workdays
            }
        };
        if long_enough {
            Ok(())
        } else {
            Err(FieldError::new(
                "closes_on",
                "period_too_short",
                format!("征求意见期限不足：{}", self.minimum_zh(kind)),
            ))
        }
    }
}

/// Where a consultation stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicConsultationState {
    Upcoming,
    Open,
    Closed,
}

impl PublicConsultationState {
    pub fn on(opens_on: NaiveDate, closes_on: NaiveDate, today: NaiveDate) -> Self {
        if today < opens_on {
            PublicConsultationState::Upcoming
        } else if today <= closes_on {
            PublicConsultationState::Open
        } else {
            PublicConsultationState::Closed
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            PublicConsultationState::Upcoming => "upcoming",
            PublicConsultationState::Open => "open",
            PublicConsultationState::Closed => "closed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            PublicConsultationState::Upcoming => "未开始",
            PublicConsultationState::Open => "征集中",
            PublicConsultationState::Closed => "已结束",
        }
    }
}

/// The decision on one comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Adoption {
    Adopted,
    PartlyAdopted,
    NotAdopted,
}

impl Adoption {
    pub const ALL: [Adoption; 3] = [Adoption::Adopted, Adoption::PartlyAdopted, Adoption::NotAdopted];
    pub fn key(self) -> &'static str {
        match self {
            Adoption::Adopted => "adopted",
            Adoption::PartlyAdopted => "partly_adopted",
            Adoption::NotAdopted => "not_adopted",
        }
    }
    pub fn from_key(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            Adoption::Adopted => "采纳",
            Adoption::PartlyAdopted => "部分采纳",
            Adoption::NotAdopted => "未采纳",
        }
    }
    /// A reason is owed unless the comment was adopted in full.
    pub fn needs_reason(self) -> bool {
        self != Adoption::Adopted
    }
}

/// Longest comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 5_000;

/// Checks a public comment: a name (may be "匿名" but not empty), plain text within the limit,
/// no markup, no control or direction characters. Answers the cleaned (name, body).
pub fn check_comment(name: &str, body: &str) -> Result<(String, String), FieldError> {
    let name = name.trim();
    let name = if name.is_empty() { "匿名" } else { name };
    if name.chars().count() > 40 {
        return Err(FieldError::new("name", "too_long", "姓名或称呼不超过 40 个字"));
    }
    crate::text::check_name(name).map_err(|m| FieldError::new("name", "invalid_name", m))?;
    let body = body.replace("\r\n", "\n").trim().to_owned();
    if body.chars().count() < 5 {
        return Err(FieldError::new("body", "too_short", "请填写意见内容（至少 5 个字）"));
    }
    if body.chars().count() > MAX_COMMENT_CHARS {
        return Err(FieldError::new("body", "too_long", format!("意见内容不超过 {MAX_COMMENT_CHARS} 字")));
    }
    if body.chars().any(|c| crate::text::is_bidi_control(c) || (c.is_control() && c != '\n' && c != '\t')) {
        return Err(FieldError::new(
            "body",
            "control_chars",
            "意见内容中含有不可见的控制字符，请删除后重新提交",
        ));
    }
    if looks_like_markup(&body) {
        return Err(FieldError::new(
            "body",
            "markup",
            "意见内容请使用纯文本，不要包含网页代码（如 <script>、<a href>）",
        ));
    }
    Ok((name.to_owned(), body))
}

fn looks_like_markup(s: &str) -> bool {
    let lower = s.to_lowercase();
    ["<script", "<a ", "<img", "<iframe", "</", "<div", "<p>", "javascript:", "<style", "onerror="]
        .iter()
        .any(|t| lower.contains(t))
}

/// The key under which two comments count as the same (whitespace and case ignored).
pub fn duplicate_key(body: &str) -> String {
    body.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods_follow_the_kind_of_draft() {
        let cal = WorkCalendar::official();
        let r = PublicConsultationRules::default();
        // 30 days counting both ends.
        assert!(
            r.check_period(PublicConsultationKind::MajorDecision, d("2026-03-01"), d("2026-03-30"), &cal)
                .is_ok()
        );
        let e =
            r.check_period(PublicConsultationKind::Rule, d("2026-03-01"), d("2026-03-29"), &cal).unwrap_err();
        assert_eq!(e.code, "period_too_short");
        assert!(e.message.contains("第十六条"));
        // 7 working days: Mon 2026-03-02 .. Tue 2026-03-10 is 7 working days.
        assert!(
            r.check_period(PublicConsultationKind::NormativeDocument, d("2026-03-02"), d("2026-03-10"), &cal)
                .is_ok()
        );
        assert!(
            r.check_period(PublicConsultationKind::NormativeDocument, d("2026-03-02"), d("2026-03-09"), &cal)
                .is_err()
        );
        // Across 国庆 2026 (1–7 October off; Saturday 10 October worked): opening Tuesday
        // 2026-09-29, the working days are 9-29, 9-30, 10-8, 10-9, 10-10 (调休), 10-12, 10-13.
        let ok =
            r.check_period(PublicConsultationKind::NormativeDocument, d("2026-09-29"), d("2026-10-13"), &cal);
        let short =
            r.check_period(PublicConsultationKind::NormativeDocument, d("2026-09-29"), d("2026-10-12"), &cal);
        assert_eq!((ok.is_ok(), short.is_ok()), (true, false), "{ok:?} {short:?}");
        assert_eq!(
            r.check_period(PublicConsultationKind::Rule, d("2026-03-02"), d("2026-03-01"), &cal)
                .unwrap_err()
                .code,
            "closes_before_opening"
        );
    }

    #[test]
    fn states_and_comments() {
        let (o, c) = (d("2026-03-01"), d("2026-03-30"));
        assert_eq!(PublicConsultationState::on(o, c, d("2026-02-28")), PublicConsultationState::Upcoming);
        assert_eq!(PublicConsultationState::on(o, c, d("2026-03-30")), PublicConsultationState::Open);
        assert_eq!(PublicConsultationState::on(o, c, d("2026-03-31")), PublicConsultationState::Closed);
        assert_eq!(check_comment("", "建议增加公交线路。").unwrap().0, "匿名");
        assert_eq!(check_comment("李四", "<script>alert(1)</script>好的").unwrap_err().code, "markup");
        assert_eq!(check_comment("李\u{202e}四", "建议增加公交线路。").unwrap_err().code, "invalid_name");
        assert_eq!(check_comment("李四", "好").unwrap_err().code, "too_short");
        assert_eq!(check_comment("李四", &"长".repeat(5001)).unwrap_err().code, "too_long");
        assert_eq!(duplicate_key("建议 增加\n公交"), duplicate_key("建议增加公交"));
        assert!(Adoption::NotAdopted.needs_reason() && !Adoption::Adopted.needs_reason());
    }
}
