//! 留言 (public messages) and 找错 (reports of errors on the government website), issue 16.
//!
//! Rules and their sources:
//! - A message is received on the day it is filed online and must be answered within N working
//!   days on the official [`WorkCalendar`] (the filing day not counted, as for every working-day
//!   period: 《民法典》第二百零一条). N is a per-agency setting ([`ReplyDays`]). The national texts
//!   set the frame, not one number:
//!   《政府网站发展指引》(国办发〔2017〕47号) 三（四）“互动交流”: 建立网民留言审看、处理、反馈机制，
//!   及时回应; 网民通过“我为政府网站找错”平台反映的问题要限时办理答复 (the national 找错 platform
//!   asks the site's owner for a reply within 3 working days of the platform's transfer);
//!   《政府网站与政务新媒体检查指标》(国办函〔2019〕65号) 单项否决 “互动回应差”: a 留言 left
//!   unanswered for more than 3 months fails the site. Within that frame Gongkai's documented
//!   defaults are [`DEFAULT_ERROR_REPORT_DAYS`] = 5 working days for 找错 (a site error is fixed
//!   and answered within a working week) and [`DEFAULT_MESSAGE_DAYS`] = 10 working days for 留言
//!   (issue 16's figures, chosen within that frame); an agency that follows the platform's 3 days sets 3.
//! - 转办: a message outside the agency's remit is transferred; the receiving agency gets its own
//!   clock from the day of the transfer, and every hop stays in the trail ([`Hop`]).
//! - Spam is closed without a reply and never published, but stays counted as received.
//! - An exchange is published only when the writer agreed (`public`), with personal data masked
//!   by the sensitive-content scanner (the caller passes the masked texts to [`publish`]).
//! - Text is plain: HTML markup is refused, control and bidirectional characters too
//!   ([`crate::text`]).

use crate::agency::FieldError;
use crate::calendar::WorkCalendar;
use crate::request::Refusal;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use strum::{EnumMessage, VariantArray};

macro_rules! keyed {
    ($name:ident) => {
        impl $name {
            pub const ALL: &'static [$name] = <$name as VariantArray>::VARIANTS;
            /// The stable key used in the API and the database.
            pub fn key(self) -> &'static str {
                self.into()
            }
            pub fn label_zh(self) -> &'static str {
                self.get_message().unwrap_or_default()
            }
            pub fn from_key(s: &str) -> Option<Self> {
                s.trim().parse().ok()
            }
        }
    };
}

/// 留言 or 找错.
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
pub enum MessageKind {
    #[strum(message = "留言")]
    Message,
    #[strum(message = "找错")]
    ErrorReport,
}
keyed!(MessageKind);

impl MessageKind {
    /// The prefix of the 留言编号 (`LY2025-0001-00001`, `ZC2025-0001-00002`).
    pub fn number_prefix(self) -> &'static str {
        match self {
            MessageKind::Message => "LY",
            MessageKind::ErrorReport => "ZC",
        }
    }
}

/// received → (transferred) → replied → published, or spam.
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
pub enum MessageState {
    #[strum(message = "办理中")]
    Received,
    #[strum(message = "已转办")]
    Transferred,
    #[strum(message = "已答复")]
    Replied,
    #[strum(message = "已答复并公开")]
    Published,
    #[strum(message = "无效留言")]
    Spam,
}
keyed!(MessageState);

impl MessageState {
    /// Awaiting a reply (at the current hop's agency).
    pub fn is_open(self) -> bool {
        matches!(self, MessageState::Received | MessageState::Transferred)
    }
}

/// How the writer wants the reply.
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
pub enum ReplyChannel {
    #[strum(message = "凭留言编号和查询码在网上查看")]
    Online,
    #[strum(message = "电话")]
    Phone,
    #[strum(message = "电子邮件")]
    Email,
}
keyed!(ReplyChannel);

/// How a hop ended.
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
pub enum HopEnd {
    #[strum(message = "转办")]
    Transferred,
    #[strum(message = "答复")]
    Replied,
    #[strum(message = "无效留言")]
    Spam,
}
keyed!(HopEnd);

/// Default reply period of a 留言, in working days (see the module docs for the source).
pub const DEFAULT_MESSAGE_DAYS: i64 = 10;
/// Default reply period of a 找错, in working days (see the module docs for the source).
pub const DEFAULT_ERROR_REPORT_DAYS: i64 = 5;
/// Longest period an agency may set: 3 months ≈ 60 working days is the 检查指标's outer bound.
pub const MAX_REPLY_DAYS: i64 = 60;

/// An agency's reply periods (working days).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyDays {
    pub message: i64,
    pub error_report: i64,
}

impl Default for ReplyDays {
    fn default() -> Self {
        Self { message: DEFAULT_MESSAGE_DAYS, error_report: DEFAULT_ERROR_REPORT_DAYS }
    }
}

impl ReplyDays {
    pub fn for_kind(self, kind: MessageKind) -> i64 {
        match kind {
            MessageKind::Message => self.message,
            MessageKind::ErrorReport => self.error_report,
        }
    }

    /// Both periods must be 1..=[`MAX_REPLY_DAYS`].
    pub fn validate(self) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        for (field, n) in [("message_days", self.message), ("error_report_days", self.error_report)] {
            if !(1..=MAX_REPLY_DAYS).contains(&n) {
                errors.push(FieldError::new(
                    field,
                    "out_of_range",
                    format!("答复期限应为 1 至 {MAX_REPLY_DAYS} 个工作日"),
                ));
            }
        }
        if errors.is_empty() { Ok(self) } else { Err(errors) }
    }
}

/// The reply due date: the `n`-th working day after `received_on`.
pub fn due_date(cal: &WorkCalendar, received_on: NaiveDate, n: i64) -> NaiveDate {
    cal.add_workdays(received_on, n.clamp(0, MAX_REPLY_DAYS)).map(|r| r.date).unwrap_or(received_on)
}

/// One agency's turn with the message: its own clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub agency_id: i64,
    pub agency_name: String,
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub end: Option<HopEnd>,
    /// Why it was transferred (转办说明), for a transferred hop.
    #[serde(default)]
    pub note: String,
    /// Who closed it.
    #[serde(default)]
    pub by: String,
}

impl Hop {
    /// Answered (replied) on or before the due date.
    pub fn on_time(&self) -> Option<bool> {
        self.closed_on.map(|c| c <= self.due_on)
    }
}

/// The agency's reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub on: NaiveDate,
    pub agency_name: String,
    pub by: String,
}

/// The texts shown publicly, masked when published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub subject: String,
    pub body: String,
    pub reply: String,
    pub on: NaiveDate,
}

/// A validated message as the writer sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submission {
    pub kind: MessageKind,
    pub subject: String,
    pub body: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub reply_by: ReplyChannel,
    /// The writer agrees to the exchange being published.
    pub public: bool,
    /// The page the 找错 concerns (optional).
    #[serde(default)]
    pub page_url: String,
}

/// A message with its trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub submission: Submission,
    pub received_on: NaiveDate,
    pub state: MessageState,
    /// Never empty: the first hop is the agency it was sent to.
    pub hops: Vec<Hop>,
    pub reply: Option<Reply>,
    pub published: Option<Published>,
}

/// A new message at its first agency.
pub fn receive(
    submission: Submission,
    agency_id: i64,
    agency_name: &str,
    received_on: NaiveDate,
    due_on: NaiveDate,
) -> Message {
    Message {
        submission,
        received_on,
        state: MessageState::Received,
        hops: vec![Hop {
            agency_id,
            agency_name: agency_name.to_owned(),
            received_on,
            due_on,
            closed_on: None,
            end: None,
            note: String::new(),
            by: String::new(),
        }],
        reply: None,
        published: None,
    }
}

/// Where an open message stands against its current hop's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DueStatus {
    /// Working days left after today (0 = due today).
    Open {
        remaining: i64,
    },
    Overdue {
        days: i64,
    },
    Closed,
}

impl DueStatus {
    pub fn label_zh(self) -> String {
        match self {
            DueStatus::Open { remaining: 0 } => "今日到期".into(),
            DueStatus::Open { remaining } => format!("剩余 {remaining} 个工作日"),
            DueStatus::Overdue { days } => format!("已逾期 {days} 个工作日"),
            DueStatus::Closed => "已办结".into(),
        }
    }
}

impl Message {
    /// The hop now responsible (the last one).
    pub fn current(&self) -> &Hop {
        // `hops` is never empty (see `receive`).
        &self.hops[self.hops.len() - 1]
    }

    pub fn agency_id(&self) -> i64 {
        self.current().agency_id
    }

    pub fn due_on(&self) -> NaiveDate {
        self.current().due_on
    }

    pub fn is_open(&self) -> bool {
        self.state.is_open()
    }

    pub fn replied_on(&self) -> Option<NaiveDate> {
        self.reply.as_ref().map(|r| r.on)
    }

    pub fn status(&self, cal: &WorkCalendar, today: NaiveDate) -> DueStatus {
        if !self.is_open() {
            return DueStatus::Closed;
        }
        let due = self.due_on();
        if today <= due {
            DueStatus::Open { remaining: cal.workdays_between(today, due) }
        } else {
            DueStatus::Overdue { days: cal.workdays_between(due, today).max(1) }
        }
    }
}

fn refuse(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal { code, message: message.into() }
}

fn must_be_open(m: &Message) -> Result<(), Refusal> {
    if m.is_open() {
        Ok(())
    } else {
        Err(refuse("invalid_state", format!("该留言{}，不能再办理", m.state.label_zh())))
    }
}

fn close_hop(m: &mut Message, on: NaiveDate, end: HopEnd, by: &str, note: &str) -> Result<(), Refusal> {
    let last = m.hops.len() - 1;
    let hop = &mut m.hops[last];
    if on < hop.received_on {
        return Err(refuse("invalid_date", "办理日期不能早于收到留言的日期"));
    }
    hop.closed_on = Some(on);
    hop.end = Some(end);
    hop.by = by.to_owned();
    hop.note = note.to_owned();
    Ok(())
}

/// The agency answers (plain text, checked by [`check_reply`]).
pub fn reply(m: &mut Message, text: &str, on: NaiveDate, by: &str) -> Result<(), Refusal> {
    must_be_open(m)?;
    let text = check_reply(text)?;
    let agency_name = m.current().agency_name.clone();
    close_hop(m, on, HopEnd::Replied, by, "")?;
    m.reply = Some(Reply { text, on, agency_name, by: by.to_owned() });
    m.state = MessageState::Replied;
    Ok(())
}

/// 转办 to another agency, whose own clock starts on `on` and ends on `due_on`.
pub fn transfer(
    m: &mut Message,
    to_id: i64,
    to_name: &str,
    note: &str,
    on: NaiveDate,
    due_on: NaiveDate,
    by: &str,
) -> Result<(), Refusal> {
    must_be_open(m)?;
    if to_id == m.agency_id() {
        return Err(refuse("same_agency", "不能转办给本机关"));
    }
    let note = plain(note);
    if note.trim().is_empty() {
        return Err(refuse("note_required", "请填写转办说明（为何由该机关办理）"));
    }
    if note.chars().count() > 500 {
        return Err(refuse("too_long", "转办说明不能超过 500 个字"));
    }
    if let Err(e) = check_plain("转办说明", &note) {
        return Err(refuse(e.0, e.1));
    }
    close_hop(m, on, HopEnd::Transferred, by, note.trim())?;
    m.hops.push(Hop {
        agency_id: to_id,
        agency_name: to_name.to_owned(),
        received_on: on,
        due_on,
        closed_on: None,
        end: None,
        note: String::new(),
        by: String::new(),
    });
    m.state = MessageState::Transferred;
    Ok(())
}

/// Marks an open message as spam: closed, never published, still counted as received.
pub fn mark_spam(m: &mut Message, on: NaiveDate, by: &str) -> Result<(), Refusal> {
    must_be_open(m)?;
    close_hop(m, on, HopEnd::Spam, by, "")?;
    m.state = MessageState::Spam;
    Ok(())
}

/// Publishes the exchange with the texts already masked by the scanner. Only a replied message
/// whose writer agreed.
pub fn publish(m: &mut Message, masked: Published) -> Result<(), Refusal> {
    if m.state != MessageState::Replied {
        return Err(refuse("invalid_state", "只能公开已答复的留言"));
    }
    if !m.submission.public {
        return Err(refuse("not_public", "留言人未同意公开，不能公开该留言"));
    }
    m.published = Some(masked);
    m.state = MessageState::Published;
    Ok(())
}

/// Takes a published exchange off the public list again.
pub fn unpublish(m: &mut Message) -> Result<(), Refusal> {
    if m.state != MessageState::Published {
        return Err(refuse("invalid_state", "该留言未公开"));
    }
    m.published = None;
    m.state = MessageState::Replied;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Validation

pub const MAX_SUBJECT: usize = 100;
pub const MIN_BODY: usize = 5;
pub const MAX_BODY: usize = 2000;
pub const MAX_REPLY: usize = 5000;
pub const MAX_NAME: usize = 50;
pub const MAX_URL: usize = 500;

/// The raw fields of the form or the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MessageInput {
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub reply_by: String,
    pub public: bool,
    pub page_url: String,
}

/// The form's labels, for an error summary naming each field.
pub fn field_label_zh(field: &str) -> &'static str {
    match field {
        "kind" => "类型",
        "subject" => "标题",
        "body" => "内容",
        "name" => "姓名",
        "phone" => "联系电话",
        "email" => "电子邮箱",
        "reply_by" => "答复方式",
        "page_url" => "出错页面地址",
        _ => "",
    }
}

/// Text without `\r` and without characters XML cannot hold; newlines kept.
fn plain(s: &str) -> String {
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Whether the text carries HTML markup: a tag (`<b>`, `</p>`, `<img …`), a comment or a
/// declaration. A lone `<` (“<5人”) is fine.
pub fn looks_like_html(s: &str) -> bool {
    let b: Vec<char> = s.chars().collect();
    b.windows(2).any(|w| w[0] == '<' && (w[1].is_ascii_alphabetic() || matches!(w[1], '/' | '!' | '?')))
        || s.contains("&lt;")
        || s.contains("&#")
}

/// Refuses bidirectional controls, control characters other than newline and tab, and HTML.
fn check_plain(what: &str, s: &str) -> Result<(), (&'static str, String)> {
    if s.chars().any(crate::text::is_bidi_control) {
        return Err((
            "invalid_characters",
            format!("{what}中含有改变文字显示方向的控制字符（如 U+202E），请删除后重新填写"),
        ));
    }
    if s.chars().any(|c| (c.is_control() && c != '\n' && c != '\t') || !crate::text::xml_char(c)) {
        return Err(("invalid_characters", format!("{what}中含有不可见的控制字符，请删除后重新填写")));
    }
    if looks_like_html(s) {
        return Err((
            "html_not_allowed",
            format!("{what}只接受纯文字，请删除其中的 HTML 标记（如 <a>、<img>）"),
        ));
    }
    Ok(())
}

/// A staff reply: plain text, 1..=[`MAX_REPLY`] characters.
pub fn check_reply(text: &str) -> Result<String, Refusal> {
    let text = plain(text).trim().to_owned();
    if text.is_empty() {
        return Err(refuse("reply_required", "请填写答复内容"));
    }
    if text.chars().count() > MAX_REPLY {
        return Err(refuse("too_long", format!("答复内容不能超过 {MAX_REPLY} 个字")));
    }
    check_plain("答复内容", &text).map_err(|(c, m)| refuse(c, m))?;
    Ok(text)
}

/// Validates a message; every field error at once.
pub fn validate(input: &MessageInput) -> Result<Submission, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = MessageKind::from_key(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", "required", "请选择留言或找错"));
    }
    let subject = plain(&input.subject).trim().to_owned();
    if subject.is_empty() {
        errors.push(FieldError::new("subject", "required", "请填写标题"));
    } else if subject.chars().count() > MAX_SUBJECT {
        errors.push(FieldError::new("subject", "too_long", format!("标题不能超过 {MAX_SUBJECT} 个字")));
    } else if subject.contains('\n') {
        errors.push(FieldError::new("subject", "invalid_characters", "标题只能有一行"));
    } else if let Err((c, m)) = check_plain("标题", &subject) {
        errors.push(FieldError::new("subject", c, m));
    }
    let body = plain(&input.body).trim().to_owned();
    let n = body.chars().count();
    if body.is_empty() {
        errors.push(FieldError::new("body", "required", "请填写留言内容"));
    } else if n < MIN_BODY {
        errors.push(FieldError::new("body", "too_short", format!("内容至少 {MIN_BODY} 个字")));
    } else if n > MAX_BODY {
        errors.push(FieldError::new(
            "body",
            "too_long",
            format!("内容不能超过 {MAX_BODY} 个字（现有 {n} 个字）"),
        ));
    } else if let Err((c, m)) = check_plain("内容", &body) {
        errors.push(FieldError::new("body", c, m));
    }
    let name = input.name.trim().to_owned();
    if name.chars().count() > MAX_NAME {
        errors.push(FieldError::new("name", "too_long", format!("姓名不能超过 {MAX_NAME} 个字")));
    } else if let Err(m) = crate::text::check_name(&name) {
        errors.push(FieldError::new("name", "invalid_characters", m));
    } else if looks_like_html(&name) {
        errors.push(FieldError::new("name", "html_not_allowed", "姓名只接受纯文字"));
    }
    let phone = input.phone.trim().to_owned();
    if !phone.is_empty() && !crate::request::valid_phone(&phone) {
        errors.push(FieldError::new("phone", "invalid_phone", "请填写正确的手机号码或带区号的固定电话"));
    }
    let email = input.email.trim().to_owned();
    if !email.is_empty() && !crate::request::valid_email(&email) {
        errors.push(FieldError::new("email", "invalid_email", "请填写正确的电子邮箱地址"));
    }
    let reply_by = if input.reply_by.trim().is_empty() {
        Some(ReplyChannel::Online)
    } else {
        ReplyChannel::from_key(&input.reply_by)
    };
    match reply_by {
        None => errors.push(FieldError::new("reply_by", "invalid", "请选择答复方式")),
        // A reply by phone or e-mail needs that contact (issue 16).
        Some(ReplyChannel::Phone) if phone.is_empty() => {
            errors.push(FieldError::new("phone", "required", "选择电话答复时，请填写联系电话"));
        }
        Some(ReplyChannel::Email) if email.is_empty() => {
            errors.push(FieldError::new("email", "required", "选择电子邮件答复时，请填写电子邮箱"));
        }
        _ => {}
    }
    let page_url = input.page_url.trim().to_owned();
    if page_url.chars().count() > MAX_URL {
        errors.push(FieldError::new("page_url", "too_long", format!("页面地址不能超过 {MAX_URL} 个字符")));
    } else if !page_url.is_empty()
        && (!(page_url.starts_with("http://") || page_url.starts_with("https://"))
            || page_url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"')))
    {
        errors.push(FieldError::new(
            "page_url",
            "invalid_url",
            "请填写以 http:// 或 https:// 开头的页面地址",
        ));
    }
    let (Some(kind), Some(reply_by)) = (kind, reply_by) else { return Err(errors) };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Submission { kind, subject, body, name, phone, email, reply_by, public: input.public, page_url })
}

/// The text a duplicate is recognised by: subject and body without whitespace and punctuation,
/// lower case (the same words sent again, differently spaced, are the same message).
pub fn normalized_text(subject: &str, body: &str) -> String {
    format!("{subject}\n{body}")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Statistics

/// One hop as the statistics count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HopFact {
    pub received_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub end: Option<HopEnd>,
}

impl From<&Hop> for HopFact {
    fn from(h: &Hop) -> Self {
        Self { received_on: h.received_on, due_on: h.due_on, closed_on: h.closed_on, end: h.end }
    }
}

/// An agency's figures over the hops it received.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct MessageStats {
    /// Every hop received, spam included.
    pub received: i64,
    pub answered: i64,
    pub answered_on_time: i64,
    pub transferred: i64,
    pub spam: i64,
    /// Open now.
    pub open: i64,
    /// Open and past the due date now.
    pub overdue: i64,
    /// Mean working days from receipt to reply, over the answered hops.
    pub average_days: Option<f64>,
}

impl MessageStats {
    /// Answered on time as a share of answered, in percent.
    pub fn on_time_percent(&self) -> Option<f64> {
        (self.answered > 0).then(|| self.answered_on_time as f64 * 100.0 / self.answered as f64)
    }
}

/// Counts the hops.
pub fn stats(hops: &[HopFact], cal: &WorkCalendar, today: NaiveDate) -> MessageStats {
    let mut s = MessageStats::default();
    let mut days = 0i64;
    for h in hops {
        s.received += 1;
        match (h.end, h.closed_on) {
            (Some(HopEnd::Replied), Some(on)) => {
                s.answered += 1;
                if on <= h.due_on {
                    s.answered_on_time += 1;
                }
                days += cal.workdays_between(h.received_on, on).max(0);
            }
            (Some(HopEnd::Transferred), _) => s.transferred += 1,
            (Some(HopEnd::Spam), _) => s.spam += 1,
            _ => {
                s.open += 1;
                if today > h.due_on {
                    s.overdue += 1;
                }
            }
        }
    }
    if s.answered > 0 {
        s.average_days = Some(days as f64 / s.answered as f64);
    }
    s
}

#[cfg(test)]
mod tests;
