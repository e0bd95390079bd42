//! 主动公开: one catalog entry's facts ([`Publication`]), its 索引号, its timeliness
//! (条例 第二十六条) and the release workflow (draft → 保密审查 → 审签 → published or scheduled;
//! reject, withdraw, validity changes). Pages, the API and the CLI only call [`apply`]; none of
//! them changes a publication's state by itself.
//!
//! Like requests, a publication is stored as its facts (JSON) plus denormalised columns.

mod index_number;
mod taxonomy;
#[cfg(test)]
mod tests;

pub use index_number::{
    DEFAULT_INDEX_TEMPLATE, IndexTemplateError, check_index_template, format_index_number,
};
pub use taxonomy::{
    Genre, STATUTORY_ITEMS, StatutoryArticle, StatutoryItem, TOPICS, statutory_item, statutory_items_for,
    topic_by_number, topic_main, topic_number, topic_paths, topic_valid,
};

use crate::agency::FieldError;
use crate::calendar::WorkCalendar;
use crate::role::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use strum::{EnumMessage, VariantArray};

/// The 三同步 reminder (issue 16): a policy document under 条例 第二十条（一） (规章和规范性文件) should
/// be interpreted when it is published — 《〈关于全面推进政务公开工作的意见〉实施细则》(国办发〔2016〕80号):
/// 政策性文件与解读方案、解读材料应同步组织、同步审签、同步部署. A warning for the reviewer and
/// approver, not a block: a document that needs no interpretation says why in the review note.
/// `None` once an interpretation links to it, for an interpretation itself, and after publication.
pub fn interpretation_warning(p: &Publication, interpretations: usize) -> Option<&'static str> {
    (needs_interpretation(p) && interpretations == 0).then_some(
        "本文件属于规章或规范性文件，按照“三同步”要求（国办发〔2016〕80号）应同步组织政策解读：请关联政策解读后再发布；如不需要解读，请在审核意见中说明理由。",
    )
}

/// Whether the 三同步 reminder can apply at all (before counting interpretations): an unpublished
/// document under 第二十条（一） that is not itself an interpretation.
pub fn needs_interpretation(p: &Publication) -> bool {
    p.content.statutory.iter().any(|s| s == "art20_01")
        && !matches!(p.state, PublicationState::Published | PublicationState::Withdrawn)
        && p.content.interprets.is_none()
}

/// 条例 第二十六条：主动公开的政府信息，自形成或者变更之日起 20 个工作日内公开。
pub const PUBLISH_WITHIN_WORKDAYS: i64 = 20;
/// A draft whose statutory date is at most this many working days away counts as "due soon".
pub const DUE_SOON_WORKDAYS: i64 = 5;
/// Longest title (characters).
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest 内容概述 (characters; local rules use 100–500).
pub const MAX_SUMMARY_CHARS: usize = 500;

/// 有效性.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Validity {
    #[default]
    #[strum(message = "有效")]
    InForce,
    #[strum(message = "失效")]
    Expired,
    #[strum(message = "废止")]
    Repealed,
}

impl Validity {
    pub const ALL: [Validity; 3] = crate::keys::all(Self::VARIANTS);
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
    pub fn from_label(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.label_zh() == s.trim())
    }
}

/// 公开方式. The catalog holds proactive publications only; the other modes are named so the
/// field keeps its meaning when exported.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DisclosureMode {
    #[default]
    #[strum(message = "主动公开")]
    Proactive,
    #[strum(message = "依申请公开")]
    OnRequest,
    #[strum(message = "不予公开")]
    Withheld,
}

impl DisclosureMode {
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// Where a publication stands.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PublicationState {
    /// Being written by an editor (also after a rejection).
    #[default]
    #[strum(message = "草稿")]
    Draft,
    /// Submitted for 保密审查 (条例 第十七条).
    #[strum(message = "待保密审查")]
    InReview,
    /// Review passed; waiting for 审签.
    #[strum(message = "待审签")]
    AwaitingApproval,
    /// Signed off with a release date in the future.
    #[strum(message = "定时发布")]
    Scheduled,
    /// Public.
    #[strum(message = "已发布")]
    Published,
    /// Taken down (撤回); a public notice with the reason stays.
    #[strum(message = "已撤回")]
    Withdrawn,
}

impl PublicationState {
    pub const ALL: [PublicationState; 6] = crate::keys::all(Self::VARIANTS);
    /// Not yet public (the 第二十六条 clock matters).
    pub const UNPUBLISHED: [PublicationState; 4] = [
        PublicationState::Draft,
        PublicationState::InReview,
        PublicationState::AwaitingApproval,
        PublicationState::Scheduled,
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

/// The 有效性 with its dates and the publication that replaced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ValidityRecord {
    pub status: Validity,
    /// 生效日期 (optional).
    pub effective_on: Option<NaiveDate>,
    /// 失效/废止日期.
    pub ended_on: Option<NaiveDate>,
    /// The publication that replaced this one.
    pub replaced_by: Option<i64>,
    #[serde(default)]
    pub note: String,
}

/// The editable metadata and content, as validated from a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PublicationContent {
    /// 标题.
    pub title: String,
    /// 文号 / 发文字号 (empty when the document has none).
    pub document_number: String,
    /// 成文日期 / 生成日期: the day the information was formed or changed (第二十六条 clock).
    pub formed_on: NaiveDate,
    /// 主题分类 path (`主类` or `主类\子类`).
    pub topic: String,
    pub genre: Genre,
    /// 内容概述.
    pub summary: String,
    /// 关键词.
    pub keywords: Vec<String>,
    /// Keys of [`STATUTORY_ITEMS`].
    pub statutory: Vec<String>,
    /// The body as sanitised HTML (the web layer sanitises before it gets here).
    pub body_html: String,
    /// For a 政策解读: the policy document it interprets.
    pub interprets: Option<i64>,
    /// 生效日期.
    pub effective_on: Option<NaiveDate>,
}

/// What a person typed into the editor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentInput {
    pub title: String,
    pub document_number: String,
    pub formed_on: String,
    pub topic: String,
    pub genre: String,
    pub summary: String,
    pub keywords: String,
    pub statutory: Vec<String>,
    pub body_html: String,
    pub interprets: String,
    pub effective_on: String,
}

impl ContentInput {
    /// The input that validates to `c` again (an edit that keeps the content, e.g. attachments).
    pub fn of(c: &PublicationContent) -> Self {
        Self {
            title: c.title.clone(),
            document_number: c.document_number.clone(),
            formed_on: c.formed_on.to_string(),
            topic: c.topic.clone(),
            genre: c.genre.key().into(),
            summary: c.summary.clone(),
            keywords: c.keywords.join(" "),
            statutory: c.statutory.clone(),
            body_html: c.body_html.clone(),
            interprets: c.interprets.map(|i| i.to_string()).unwrap_or_default(),
            effective_on: c.effective_on.map(|d| d.to_string()).unwrap_or_default(),
        }
    }
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// Checks every field and returns all errors at once (Chinese messages, stable codes).
pub fn validate_content(
    input: &ContentInput,
    today: NaiveDate,
) -> Result<PublicationContent, Vec<FieldError>> {
    let mut errors = Vec::new();
    let title = input.title.trim().to_owned();
    if title.is_empty() {
        errors.push(FieldError::new("title", "required", "请填写标题"));
    } else if title.chars().count() > MAX_TITLE_CHARS {
        errors.push(FieldError::new("title", "too_long", format!("标题不能超过 {MAX_TITLE_CHARS} 个字")));
    }
    let document_number = input.document_number.trim().to_owned();
    if document_number.chars().count() > 100 {
        errors.push(FieldError::new("document_number", "too_long", "文号不能超过 100 个字"));
    }
    let formed_on = match parse_day(&input.formed_on) {
        None => {
            errors.push(FieldError::new(
                "formed_on",
                "bad_date",
                "请填写成文日期（信息形成或者变更之日，格式 2026-01-31）",
            ));
            today
        }
        Some(d) if d > today => {
            errors.push(FieldError::new("formed_on", "future_date", "成文日期不能晚于今天"));
            d
        }
        Some(d) => match crate::dates::check("成文日期", d, today) {
            Ok(d) => d,
            Err(e) => {
                errors.push(FieldError::new("formed_on", crate::dates::ImplausibleDate::CODE, e.message));
                d
            }
        },
    };
    let topic = input.topic.trim().to_owned();
    if !topic_valid(&topic) {
        errors.push(FieldError::new("topic", "bad_topic", "请选择主题分类"));
    }
    let genre = Genre::from_key(&input.genre).unwrap_or(Genre::Other);
    if Genre::from_key(&input.genre).is_none() {
        errors.push(FieldError::new("genre", "bad_genre", "请选择体裁分类"));
    }
    let summary = input.summary.trim().to_owned();
    if summary.chars().count() > MAX_SUMMARY_CHARS {
        errors.push(FieldError::new(
            "summary",
            "too_long",
            format!("内容概述不能超过 {MAX_SUMMARY_CHARS} 个字"),
        ));
    }
    let keywords: Vec<String> = input
        .keywords
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_owned)
        .collect();
    if keywords.len() > 10 {
        errors.push(FieldError::new("keywords", "too_many", "关键词最多 10 个"));
    }
    let mut statutory = Vec::new();
    for k in &input.statutory {
        let k = k.trim();
        if k.is_empty() {
            continue;
        }
        if statutory_item(k).is_none() {
            errors.push(FieldError::new("statutory", "bad_item", "法定公开类别无效，请重新选择"));
        } else if !statutory.iter().any(|s: &String| s == k) {
            statutory.push(k.to_owned());
        }
    }
    let body_html = input.body_html.trim().to_owned();
    if body_html.is_empty() {
        errors.push(FieldError::new("body_html", "required", "请填写正文"));
    }
    let interprets = match input.interprets.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                errors.push(FieldError::new("interprets", "bad_link", "所解读的文件编号无效"));
                None
            }
        },
    };
    if genre == Genre::Interpretation
        && interprets.is_none()
        && errors.iter().all(|e| e.field != "interprets")
    {
        errors.push(FieldError::new("interprets", "required", "政策解读须关联所解读的政策文件"));
    }
    let effective_on = match input.effective_on.trim() {
        "" => None,
        s => match parse_day(s) {
            Some(d) => match crate::dates::check("生效日期", d, today) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(FieldError::new(
                        "effective_on",
                        crate::dates::ImplausibleDate::CODE,
                        e.message,
                    ));
                    None
                }
            },
            None => {
                errors.push(FieldError::new("effective_on", "bad_date", "生效日期格式应为 2026-01-31"));
                None
            }
        },
    };
    if errors.is_empty() {
        Ok(PublicationContent {
            title,
            document_number,
            formed_on,
            topic,
            genre,
            summary,
            keywords,
            statutory,
            body_html,
            interprets,
            effective_on,
        })
    } else {
        Err(errors)
    }
}

/// How the reviewer dealt with one scanner finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "decision")]
pub enum FindingDecisionKind {
    /// Replaced by its masked form.
    Masked,
    /// Kept deliberately, with the reason (e.g. 惩戒公示, a law requires it).
    Overridden { reason: String },
}

/// A decision on one finding, remembered by its fingerprint (part, kind, hash of the match),
/// so that it survives re-scans of unchanged content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingDecision {
    pub fingerprint: String,
    /// `正文` or the attachment's name.
    pub source: String,
    /// [`crate::pii::FindingKind`] label.
    pub kind_label: String,
    /// The masked excerpt (never the raw match).
    pub excerpt: String,
    #[serde(flatten)]
    pub decision: FindingDecisionKind,
    pub by: String,
    pub at: String,
}

/// The withdrawal notice that stays public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WithdrawalRecord {
    pub on: NaiveDate,
    pub reason: String,
    pub by: String,
}

/// One step of a publication's history: who did what when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRecord {
    pub kind: ActionKind,
    pub by: String,
    /// RFC 3339 time of the step.
    pub at: String,
    /// Reason, note or date, in Chinese.
    pub note: String,
}

/// One catalog entry's facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Publication {
    pub content: PublicationContent,
    pub state: PublicationState,
    pub mode: DisclosureMode,
    pub validity: ValidityRecord,
    /// 发布日期 (set when it goes public; kept after a withdrawal).
    pub published_on: Option<NaiveDate>,
    /// The day a scheduled publication goes public.
    pub scheduled_on: Option<NaiveDate>,
    pub withdrawal: Option<WithdrawalRecord>,
    /// Reasons given by the last rejection (shown to the editor).
    pub rejection: Option<String>,
    pub decisions: Vec<FindingDecision>,
    pub history: Vec<StepRecord>,
}

impl Publication {
    /// A new draft.
    pub fn new(content: PublicationContent) -> Self {
        Publication { content, ..Default::default() }
    }
    /// Whether the public may see it.
    pub fn is_public(&self) -> bool {
        self.state == PublicationState::Published
    }
    /// The decision recorded for a finding, if any.
    pub fn decision(&self, fingerprint: &str) -> Option<&FindingDecision> {
        self.decisions.iter().find(|d| d.fingerprint == fingerprint)
    }
}

/// The 第二十六条 timeliness of a publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum Timeliness {
    /// Published within 20 working days.
    OnTime { due_on: NaiveDate },
    /// Published after the statutory date: `late` working days after it.
    PublishedLate { due_on: NaiveDate, late: i64 },
    /// Not public yet; `left` working days remain (0 = due today).
    Pending { due_on: NaiveDate, left: i64 },
    /// Not public yet and past the date by `late` working days.
    Overdue { due_on: NaiveDate, late: i64 },
}

impl Timeliness {
    pub fn due_on(&self) -> NaiveDate {
        match *self {
            Timeliness::OnTime { due_on }
            | Timeliness::PublishedLate { due_on, .. }
            | Timeliness::Pending { due_on, .. }
            | Timeliness::Overdue { due_on, .. } => due_on,
        }
    }
    pub fn is_late(&self) -> bool {
        matches!(self, Timeliness::PublishedLate { .. } | Timeliness::Overdue { .. })
    }
    pub fn is_due_soon(&self) -> bool {
        matches!(self, Timeliness::Pending { left, .. } if *left <= DUE_SOON_WORKDAYS)
    }
    pub fn label_zh(&self) -> String {
        match *self {
            Timeliness::OnTime { .. } => "按时公开".into(),
            Timeliness::PublishedLate { late, .. } => format!("逾期 {late} 个工作日公开"),
            Timeliness::Pending { left: 0, .. } => "今日为法定公开期限".into(),
            Timeliness::Pending { left, .. } => format!("距法定公开期限 {left} 个工作日"),
            Timeliness::Overdue { late, .. } => format!("已超过法定公开期限 {late} 个工作日"),
        }
    }
}

/// The last day to publish: 20 working days after `formed_on` (条例 第二十六条).
pub fn due_on(formed_on: NaiveDate, cal: &WorkCalendar) -> NaiveDate {
    cal.add_workdays(formed_on, PUBLISH_WITHIN_WORKDAYS).map(|r| r.date).unwrap_or(formed_on)
}

/// Timeliness as of `today` (for published items, as of their 发布日期).
pub fn timeliness(p: &Publication, cal: &WorkCalendar, today: NaiveDate) -> Timeliness {
    let due = due_on(p.content.formed_on, cal);
    match p.published_on {
        Some(on) if on > due => {
            Timeliness::PublishedLate { due_on: due, late: cal.workdays_between(due, on) }
        }
        Some(_) => Timeliness::OnTime { due_on: due },
        None if today > due => Timeliness::Overdue { due_on: due, late: cal.workdays_between(due, today) },
        None => Timeliness::Pending { due_on: due, left: cal.workdays_between(today, due) },
    }
}

/// Workflow actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum Action {
    /// Editor: send the draft to 保密审查.
    Submit,
    /// Reviewer: the 保密审查 found nothing that prevents release.
    PassReview { note: String },
    /// Reviewer or approver: back to draft, with reasons.
    Reject { reason: String },
    /// Approver: 审签 and publish today.
    Publish,
    /// Approver: 审签 and publish on a later day.
    Schedule { on: NaiveDate },
    /// System: a scheduled publication's day has come.
    Release,
    /// Approver: take a published item down; the reason stays public.
    Withdraw { reason: String },
    /// Editor or approver: mark a published item 失效 or 废止 (or back to 有效).
    SetValidity { status: Validity, on: Option<NaiveDate>, replaced_by: Option<i64>, note: String },
}

/// Action kinds, for menus and history.
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
    #[strum(message = "起草")]
    Create,
    #[strum(message = "修改")]
    Edit,
    #[strum(message = "提交保密审查")]
    Submit,
    #[strum(message = "保密审查通过")]
    PassReview,
    #[strum(message = "退回修改")]
    Reject,
    #[strum(message = "审签并立即发布")]
    Publish,
    #[strum(message = "审签并定时发布")]
    Schedule,
    #[strum(message = "定时发布")]
    Release,
    #[strum(message = "撤回")]
    Withdraw,
    #[strum(message = "变更有效性")]
    SetValidity,
    #[strum(message = "去标识化处理")]
    Mask,
    #[strum(message = "保留并说明理由")]
    Override,
}

impl ActionKind {
    pub const MENU: [ActionKind; 8] = [
        ActionKind::Submit,
        ActionKind::PassReview,
        ActionKind::Reject,
        ActionKind::Publish,
        ActionKind::Schedule,
        ActionKind::Withdraw,
        ActionKind::SetValidity,
        ActionKind::Edit,
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
            Action::Submit => ActionKind::Submit,
            Action::PassReview { .. } => ActionKind::PassReview,
            Action::Reject { .. } => ActionKind::Reject,
            Action::Publish => ActionKind::Publish,
            Action::Schedule { .. } => ActionKind::Schedule,
            Action::Release => ActionKind::Release,
            Action::Withdraw { .. } => ActionKind::Withdraw,
            Action::SetValidity { .. } => ActionKind::SetValidity,
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
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What [`apply`] needs besides the publication and the action.
#[derive(Debug, Clone, Copy)]
pub struct ActionContext<'a> {
    pub roles: &'a [Role],
    pub actor_name: &'a str,
    pub today: NaiveDate,
    /// RFC 3339 time of the step.
    pub now: &'a str,
    /// Scanner findings of the current content that are neither masked nor overridden.
    pub unresolved_findings: usize,
}

fn has(roles: &[Role], r: Role) -> bool {
    roles.contains(&r)
}

/// Whether someone with `roles` may write drafts.
pub fn may_edit(roles: &[Role]) -> bool {
    has(roles, Role::Editor)
}
/// Whether someone with `roles` may do the 保密审查 (and mask or override findings).
pub fn may_review(roles: &[Role]) -> bool {
    has(roles, Role::Reviewer)
}
/// Whether someone with `roles` may sign off (审签), schedule and withdraw.
pub fn may_approve(roles: &[Role]) -> bool {
    has(roles, Role::Approver)
}

/// Whether `kind` is allowed now for someone with `roles`, without its particulars.
pub fn check_kind(p: &Publication, kind: ActionKind, roles: &[Role]) -> Result<(), Refusal> {
    use PublicationState as S;
    let st = p.state;
    let state_err =
        || Refusal::new("invalid_state", format!("当前状态为“{}”，不能{}", st.label_zh(), kind.label_zh()));
    let role_err = |who: &str| Refusal::new("forbidden", format!("{}须由{who}操作", kind.label_zh()));
    match kind {
        ActionKind::Create | ActionKind::Edit => {
            if !may_edit(roles) {
                return Err(role_err("信息员"));
            }
            if st != S::Draft {
                return Err(state_err());
            }
        }
        ActionKind::Submit => {
            if !may_edit(roles) {
                return Err(role_err("信息员"));
            }
            if st != S::Draft {
                return Err(state_err());
            }
        }
        ActionKind::PassReview | ActionKind::Mask | ActionKind::Override => {
            if !may_review(roles) {
                return Err(role_err("保密审查员"));
            }
            if st != S::InReview {
                return Err(state_err());
            }
        }
        ActionKind::Reject => match st {
            S::InReview if may_review(roles) => {}
            S::AwaitingApproval | S::Scheduled if may_approve(roles) => {}
            S::InReview => return Err(role_err("保密审查员")),
            S::AwaitingApproval | S::Scheduled => return Err(role_err("审签领导")),
            _ => return Err(state_err()),
        },
        ActionKind::Publish | ActionKind::Schedule => {
            if !may_approve(roles) {
                return Err(role_err("审签领导"));
            }
            if st != S::AwaitingApproval {
                return Err(state_err());
            }
        }
        ActionKind::Release => {
            if st != S::Scheduled {
                return Err(state_err());
            }
        }
        ActionKind::Withdraw => {
            if !may_approve(roles) {
                return Err(role_err("审签领导"));
            }
            if st != S::Published {
                return Err(state_err());
            }
        }
        ActionKind::SetValidity => {
            if !may_edit(roles) && !may_approve(roles) {
                return Err(role_err("信息员或审签领导"));
            }
            if st != S::Published {
                return Err(state_err());
            }
        }
    }
    Ok(())
}

/// The menu actions allowed now.
pub fn allowed_actions(p: &Publication, roles: &[Role]) -> Vec<ActionKind> {
    ActionKind::MENU.into_iter().filter(|k| check_kind(p, *k, roles).is_ok()).collect()
}

fn zh_date(d: NaiveDate) -> String {
    d.format("%Y年%-m月%-d日").to_string()
}

/// Applies `action`: the new facts (with a history step), or a refusal naming the rule.
pub fn apply(p: &Publication, action: &Action, ctx: &ActionContext<'_>) -> Result<Publication, Refusal> {
    check_kind(p, action.kind(), ctx.roles)?;
    let blocked = || {
        Refusal::new(
            "unresolved_findings",
            format!(
                "还有 {} 处敏感信息既未去标识化也未说明保留理由，不能放行（《个人信息保护法》第二十五条、条例第十五条、第十七条）",
                ctx.unresolved_findings
            ),
        )
    };
    let mut n = p.clone();
    let note: String;
    match action {
        Action::Submit => {
            n.state = PublicationState::InReview;
            n.rejection = None;
            note = String::new();
        }
        Action::PassReview { note: text } => {
            // 条例 第十七条：公开前依法进行保密审查; PIPL 第二十五条: no personal data unmasked.
            if ctx.unresolved_findings > 0 {
                return Err(blocked());
            }
            n.state = PublicationState::AwaitingApproval;
            note = text.trim().to_owned();
        }
        Action::Reject { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(Refusal::new("reason_required", "请写明退回的理由和需要修改的内容"));
            }
            n.state = PublicationState::Draft;
            n.scheduled_on = None;
            n.rejection = Some(reason.to_owned());
            note = reason.to_owned();
        }
        Action::Publish | Action::Release => {
            if ctx.unresolved_findings > 0 {
                return Err(blocked());
            }
            n.state = PublicationState::Published;
            n.published_on = Some(ctx.today);
            n.scheduled_on = None;
            note = format!("发布日期 {}", zh_date(ctx.today));
        }
        Action::Schedule { on } => {
            if ctx.unresolved_findings > 0 {
                return Err(blocked());
            }
            if *on <= ctx.today {
                return Err(Refusal::new(
                    "schedule_not_future",
                    "定时发布的日期须晚于今天；今天发布请选择“立即发布”",
                ));
            }
            n.state = PublicationState::Scheduled;
            n.scheduled_on = Some(*on);
            note = format!("定于 {} 发布", zh_date(*on));
        }
        Action::Withdraw { reason } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(Refusal::new("reason_required", "撤回须说明理由，理由将向社会公示"));
            }
            n.state = PublicationState::Withdrawn;
            n.withdrawal = Some(WithdrawalRecord {
                on: ctx.today,
                reason: reason.to_owned(),
                by: ctx.actor_name.to_owned(),
            });
            note = reason.to_owned();
        }
        Action::SetValidity { status, on, replaced_by, note: text } => {
            if *status != Validity::InForce && on.is_none() {
                return Err(Refusal::new("date_required", "请填写失效或废止的日期"));
            }
            if let Some(d) = on
                && *d > ctx.today
            {
                return Err(Refusal::new("future_date", "失效或废止日期不能晚于今天"));
            }
            n.validity = ValidityRecord {
                status: *status,
                effective_on: p.content.effective_on,
                ended_on: if *status == Validity::InForce { None } else { *on },
                replaced_by: if *status == Validity::InForce { None } else { *replaced_by },
                note: text.trim().to_owned(),
            };
            note = match (status, on) {
                (Validity::InForce, _) => "恢复为有效".to_owned(),
                (s, Some(d)) => format!("自 {} 起{}", zh_date(*d), s.label_zh()),
                (s, None) => s.label_zh().to_owned(),
            };
        }
    }
    n.history.push(StepRecord {
        kind: action.kind(),
        by: ctx.actor_name.to_owned(),
        at: ctx.now.to_owned(),
        note,
    });
    Ok(n)
}

/// A stable fingerprint of a finding: its part, kind and a hash of the matched text (the raw
/// text itself is never stored in a decision).
pub fn finding_fingerprint(source: &str, kind: crate::pii::FindingKind, matched: &str) -> String {
    // FNV-1a over the three parts; collisions only merge two decisions of one publication.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in [source, &format!("{kind:?}"), matched] {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}
