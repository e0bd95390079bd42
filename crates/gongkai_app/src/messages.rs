//! 留言 and 找错 (issue 16): filing (with duplicate detection), tracking, the staff actions
//! (reply, 转办, spam, publish), the public list and the per-agency statistics. Rules live in
//! `gongkai_domain::message`; handlers only parse input and render output.

use crate::App;
use crate::access;
use crate::error::Error;
use crate::requests::{current_calendar, hash_code, new_tracking_code, refusal_error};
use chrono::{Duration, NaiveDate};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::message::{
    self as dom, DueStatus, HopFact, MessageKind, MessageState, MessageStats, Published, ReplyDays,
    Submission,
};
use gongkai_domain::pii;
use gongkai_store::{Actor, Agency, MessageFilter, MessageRecord, MessageUpdate, NewMessage, User};
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// How long the same text to the same agency counts as a duplicate.
pub const DUPLICATE_WINDOW_HOURS: i64 = 24;
/// A message due within this many working days is "due soon" on the 工作台.
pub const DUE_SOON_WORKDAYS: i64 = 2;
/// Rows per page of the staff and public lists.
pub const PAGE_SIZE: i64 = 20;

/// The agency's reply periods (defaults when never set).
pub async fn reply_days(app: &App, agency_id: i64) -> Result<ReplyDays, Error> {
    Ok(app.store.message_settings(agency_id).await?)
}

/// Sets the agency's reply periods: an admin of that agency only.
pub async fn save_reply_days(app: &App, user: &User, days: ReplyDays) -> Result<ReplyDays, Error> {
    access::require_admin_of(user, user.agency_id)?;
    let days = days.validate().map_err(|errors| {
        let e = &errors[0];
        Error::invalid(e.field, e.code, e.message.clone())
    })?;
    Ok(app.store.put_message_settings(&Actor::user(user), user.agency_id, days).await?)
}

/// The duplicate key of a text to an agency.
pub fn text_key(agency_id: i64, subject: &str, body: &str) -> String {
    let n = dom::normalized_text(subject, body);
    hex::encode(Sha256::digest(format!("{agency_id}\n{n}").as_bytes()))
}

/// Files a message to `agency`: refuses the same text sent to the same agency within
/// [`DUPLICATE_WINDOW_HOURS`] (naming the first one's 留言编号), computes the reply due date on
/// the working-day calendar, stores it and returns it with its 查询码 (shown once).
pub async fn submit(
    app: &App,
    actor: &Actor,
    agency: &Agency,
    submission: Submission,
) -> Result<(MessageRecord, String), Error> {
    if !agency.active {
        return Err(Error::Refused(crate::Refusal {
            kind: crate::RefusalKind::Rule,
            code: "agency_inactive",
            message: format!("{}已停用，不再受理留言。", agency.name),
        }));
    }
    let key = text_key(agency.id, &submission.subject, &submission.body);
    let since = chrono::Utc::now() - Duration::hours(DUPLICATE_WINDOW_HOURS);
    if let Some(first) = app.store.find_duplicate_message(agency.id, &key, since).await? {
        return Err(Error::Refused(crate::Refusal {
            kind: crate::RefusalKind::Rule,
            code: "duplicate_message",
            message: format!(
                "您在 24 小时内已向{}提交过内容相同的{}（留言编号 {}），请勿重复提交。请凭该留言编号和查询码查询办理情况。",
                agency.name,
                first.facts.submission.kind.label_zh(),
                first.number
            ),
        }));
    }
    let cal = current_calendar(app).await?;
    let today = app.today();
    let days = reply_days(app, agency.id).await?;
    let due = dom::due_date(&cal, today, days.for_kind(submission.kind));
    let facts = dom::receive(submission, agency.id, &agency.name, today, due);
    let code = new_tracking_code();
    let rec = app
        .store
        .create_message(actor, NewMessage { facts, tracking_hash: hash_code(&code), text_key: key })
        .await?;
    // Written after the message: it stands whatever happens to the e-mail (issue 16).
    crate::mail::queue_message_receipt(app, &agency.name, &rec).await;
    Ok((rec, code))
}

/// The message with this number if the code is right; `None` otherwise (the caller counts the
/// failure and answers the same for an unknown number and a wrong code).
pub async fn find_by_code(app: &App, number: &str, code: &str) -> Result<Option<MessageRecord>, Error> {
    let number = number.trim();
    if number.is_empty() || number.len() > 40 {
        return Ok(None);
    }
    match app.store.find_message_by_number(number).await? {
        Some((rec, hash)) if constant_eq(&hash, &hash_code(code)) => Ok(Some(rec)),
        _ => Ok(None),
    }
}

fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn zh(d: NaiveDate) -> String {
    crate::letters::zh_date(d)
}

fn status_class(s: DueStatus) -> &'static str {
    match s {
        DueStatus::Overdue { .. } => "overdue",
        DueStatus::Open { remaining } if remaining <= DUE_SOON_WORKDAYS => "soon",
        DueStatus::Open { .. } => "ok",
        DueStatus::Closed => "closed",
    }
}

/// The trail of hops as people read it.
fn hops_json(rec: &MessageRecord) -> Vec<Value> {
    rec.facts
        .hops
        .iter()
        .map(|h| {
            json!({
                "agency_id": h.agency_id,
                "agency_name": h.agency_name,
                "received_on": h.received_on.to_string(),
                "received_zh": zh(h.received_on),
                "due_on": h.due_on.to_string(),
                "due_zh": zh(h.due_on),
                "closed_on": h.closed_on.map(|d| d.to_string()),
                "closed_zh": h.closed_on.map(zh),
                "end": h.end.map(|e| e.key()),
                "end_label": h.end.map(|e| e.label_zh()),
                "on_time": h.end.filter(|e| *e == dom::HopEnd::Replied).and(h.on_time()),
                "note": h.note,
            })
        })
        .collect()
}

/// What the writer sees with number and code (and the API's track answer).
pub fn tracking_view(rec: &MessageRecord, cal: &WorkCalendar, today: NaiveDate) -> Value {
    let f = &rec.facts;
    let status = f.status(cal, today);
    json!({
        "number": rec.number,
        "kind": f.submission.kind.key(),
        "kind_label": f.submission.kind.label_zh(),
        "subject": f.submission.subject,
        "body": f.submission.body,
        "state": f.state.key(),
        "state_label": f.state.label_zh(),
        "received_on": f.received_on.to_string(),
        "received_zh": zh(f.received_on),
        "due_on": f.due_on().to_string(),
        "due_zh": zh(f.due_on()),
        "agency_name": f.current().agency_name,
        "status_label": status.label_zh(),
        "status_class": status_class(status),
        "hops": hops_json(rec),
        "transferred": f.hops.len() > 1,
        "reply": f.reply.as_ref().map(|r| json!({"text": r.text, "on": r.on.to_string(), "on_zh": zh(r.on), "agency_name": r.agency_name})),
        "public": f.submission.public,
        "published": f.published.is_some(),
    })
}

/// A row of the staff list or the staff detail's facts.
pub fn staff_json(rec: &MessageRecord, cal: &WorkCalendar, today: NaiveDate) -> Value {
    let mut v = tracking_view(rec, cal, today);
    let s = &rec.facts.submission;
    let extra = json!({
        "id": rec.id,
        "version": rec.version,
        "agency_id": rec.agency_id,
        "name": s.name,
        "phone": s.phone,
        "email": s.email,
        "reply_by": s.reply_by.key(),
        "reply_by_label": s.reply_by.label_zh(),
        "page_url": s.page_url,
        "open": rec.facts.is_open(),
        "can_publish": rec.facts.state == MessageState::Replied && s.public,
        "can_unpublish": rec.facts.state == MessageState::Published,
    });
    if let (Value::Object(a), Value::Object(b)) = (&mut v, extra) {
        a.extend(b);
    }
    v
}

/// The message if `user` may read it: the current agency or one of the trail is readable.
pub async fn readable(app: &App, user: &User, id: i64) -> Result<MessageRecord, Error> {
    let rec = app.store.get_message(id).await?.ok_or(Error::NotFound)?;
    let agencies = app.store.list_agencies().await?;
    let mine = access::readable_agencies(&agencies, user);
    if rec.facts.hops.iter().any(|h| mine.contains(&h.agency_id)) { Ok(rec) } else { Err(Error::NotFound) }
}

/// Which staff list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffView {
    /// Open messages now at the user's readable agencies, by due date.
    Open,
    /// Every message now at those agencies.
    All,
    /// Messages the user's agency transferred on (已转出), wherever they are now.
    TransferredOut,
}

/// The staff list (see [`StaffView`]).
pub async fn staff_list(
    app: &App,
    user: &User,
    view: StaffView,
    page: i64,
) -> Result<(i64, Vec<Value>), Error> {
    let agencies = app.store.list_agencies().await?;
    let readable = access::readable_agencies(&agencies, user);
    let mut filter =
        MessageFilter { limit: PAGE_SIZE, offset: (page.max(1) - 1) * PAGE_SIZE, ..MessageFilter::default() };
    match view {
        StaffView::Open => {
            filter.agency_ids = readable;
            filter.open_only = true;
        }
        StaffView::All => filter.agency_ids = readable,
        StaffView::TransferredOut => filter.transferred_from = vec![user.agency_id],
    }
    let (total, items) = app.store.list_messages(&filter).await?;
    let cal = current_calendar(app).await?;
    let today = app.today();
    Ok((total, items.iter().map(|r| staff_json(r, &cal, today)).collect()))
}

/// Open messages of these agencies: (due within [`DUE_SOON_WORKDAYS`] incl. today, overdue).
pub async fn due_counts(app: &App, agency_ids: &[i64]) -> Result<(i64, i64), Error> {
    if agency_ids.is_empty() {
        return Ok((0, 0));
    }
    let cal = current_calendar(app).await?;
    let today = app.today();
    let horizon = dom::due_date(&cal, today, DUE_SOON_WORKDAYS);
    let filter = MessageFilter {
        agency_ids: agency_ids.to_vec(),
        due_by: Some(horizon),
        limit: 1000,
        ..MessageFilter::default()
    };
    let (_, items) = app.store.list_messages(&filter).await?;
    let overdue = items.iter().filter(|r| r.facts.due_on() < today).count() as i64;
    Ok((items.len() as i64 - overdue, overdue))
}

/// What staff do to a message.
#[derive(Debug, Clone)]
pub enum StaffAction {
    Reply { text: String },
    Transfer { to: i64, note: String },
    Spam,
    Publish,
    Unpublish,
}

impl StaffAction {
    pub fn audit_action(&self) -> &'static str {
        match self {
            StaffAction::Reply { .. } => "message.reply",
            StaffAction::Transfer { .. } => "message.transfer",
            StaffAction::Spam => "message.spam",
            StaffAction::Publish => "message.publish",
            StaffAction::Unpublish => "message.unpublish",
        }
    }
}

/// The texts as published: the scanner masks personal data (手机号、身份证号、住址、邮箱 …), and the
/// writer's own name, phone and e-mail are starred wherever they appear.
pub async fn masked_texts(app: &App, rec: &MessageRecord, on: NaiveDate) -> Result<Published, Error> {
    let settings = app.store.catalog_settings(rec.agency_id).await?;
    let scan = crate::scanner::scan_settings(&settings);
    let s = &rec.facts.submission;
    let own: Vec<&str> = [s.name.as_str(), s.phone.as_str(), s.email.as_str()]
        .into_iter()
        .filter(|w| w.chars().count() >= 2)
        .collect();
    let mask = |text: &str| {
        let mut out = pii::mask(text, &pii::scan(text, &scan));
        for w in &own {
            out = out.replace(w, &"*".repeat(w.chars().count()));
        }
        out
    };
    Ok(Published {
        subject: mask(&s.subject),
        body: mask(&s.body),
        reply: rec.facts.reply.as_ref().map(|r| mask(&r.text)).unwrap_or_default(),
        on,
    })
}

/// Performs a staff action on the message as it stood at `version`. Only staff of the agency
/// now responsible act; a stale version is a conflict (nothing lost).
pub async fn perform(
    app: &App,
    user: &User,
    id: i64,
    version: i64,
    action: StaffAction,
) -> Result<MessageRecord, Error> {
    let rec = readable(app, user, id).await?;
    if rec.agency_id != user.agency_id {
        return Err(Error::Forbidden);
    }
    if rec.version != version {
        return Err(conflict());
    }
    let today = app.today();
    let by = user.display_name.clone();
    let mut m = rec.facts.clone();
    match &action {
        StaffAction::Reply { text } => dom::reply(&mut m, text, today, &by).map_err(refusal_error)?,
        StaffAction::Transfer { to, note } => {
            let agencies = app.store.list_agencies().await?;
            let target = agencies
                .iter()
                .find(|a| a.id == *to && a.active)
                .ok_or_else(|| Error::invalid("to", "unknown_agency", "请选择接收转办的机关"))?;
            let cal = current_calendar(app).await?;
            let days = reply_days(app, target.id).await?;
            let due = dom::due_date(&cal, today, days.for_kind(m.submission.kind));
            dom::transfer(&mut m, target.id, &target.name, note, today, due, &by).map_err(refusal_error)?;
        }
        StaffAction::Spam => dom::mark_spam(&mut m, today, &by).map_err(refusal_error)?,
        StaffAction::Publish => {
            let mut replied = rec.clone();
            replied.facts = m.clone();
            let masked = masked_texts(app, &replied, today).await?;
            dom::publish(&mut m, masked).map_err(refusal_error)?;
        }
        StaffAction::Unpublish => dom::unpublish(&mut m).map_err(refusal_error)?,
    }
    let update =
        MessageUpdate { id, expected_version: version, facts: m, audit_action: action.audit_action().into() };
    let saved = app.store.update_message(&Actor::user(user), update).await.map_err(|e| match e {
        gongkai_store::StoreError::Conflict("version") => conflict(),
        other => other.into(),
    })?;
    if let StaffAction::Reply { text } = &action {
        crate::mail::queue_message_reply(app, &saved, text).await;
    }
    Ok(saved)
}

pub fn conflict() -> Error {
    Error::Conflict(crate::Conflict::MessageVersion)
}

/// A published exchange as the public list shows it (masked texts only).
pub fn public_json(rec: &MessageRecord) -> Value {
    let f = &rec.facts;
    let p = f.published.as_ref();
    json!({
        "number": rec.number,
        "kind": f.submission.kind.key(),
        "kind_label": f.submission.kind.label_zh(),
        "agency_id": rec.agency_id,
        "agency_name": f.current().agency_name,
        "subject": p.map(|p| p.subject.clone()),
        "body": p.map(|p| p.body.clone()),
        "reply": p.map(|p| p.reply.clone()),
        "received_on": f.received_on.to_string(),
        "received_zh": zh(f.received_on),
        "replied_on": f.replied_on().map(|d| d.to_string()),
        "replied_zh": f.replied_on().map(zh),
        "transferred": f.hops.len() > 1,
        "published_on": p.map(|p| p.on.to_string()),
    })
}

/// Published exchanges, newest reply first; `agency_id` = answered by that agency.
pub async fn public_list(app: &App, agency_id: Option<i64>, page: i64) -> Result<(i64, Vec<Value>), Error> {
    let filter = MessageFilter {
        agency_ids: agency_id.into_iter().collect(),
        published_only: true,
        limit: PAGE_SIZE,
        offset: (page.max(1) - 1) * PAGE_SIZE,
        ..MessageFilter::default()
    };
    let (total, items) = app.store.list_messages(&filter).await?;
    Ok((total, items.iter().map(public_json).collect()))
}

/// The statistics of one agency over the hops it received in `[from, to]`.
pub async fn agency_stats(
    app: &App,
    agency_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<MessageStats, Error> {
    let hops = app.store.message_hops(&[agency_id], from, to).await?;
    let facts: Vec<HopFact> = hops.iter().map(|h| h.fact).collect();
    let cal = current_calendar(app).await?;
    Ok(dom::stats(&facts, &cal, app.today()))
}

/// The statistics of one agency for a calendar year (hops received in it).
pub async fn year_stats(app: &App, agency_id: i64, year: i32) -> Result<MessageStats, Error> {
    let (Some(from), Some(to)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31))
    else {
        return Err(Error::invalid("year", "invalid_year", "年度无效"));
    };
    agency_stats(app, agency_id, from, to).await
}

/// The statistics as JSON (pages and API).
pub fn stats_json(s: &MessageStats) -> Value {
    json!({
        "received": s.received,
        "answered": s.answered,
        "answered_on_time": s.answered_on_time,
        "transferred": s.transferred,
        "spam": s.spam,
        "open": s.open,
        "overdue": s.overdue,
        "average_days": s.average_days.map(|d| (d * 10.0).round() / 10.0),
        "on_time_percent": s.on_time_percent().map(|p| (p * 10.0).round() / 10.0),
    })
}

/// A year's counts for the annual report (wired into its narrative later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct YearCounts {
    /// Messages received by the agency in the year (spam and transferred-in included).
    pub received: i64,
    pub answered: i64,
    pub answered_on_time: i64,
}

/// The agency's 留言/找错 counts for `year` (hops received in the year).
pub async fn year_counts(app: &App, agency_id: i64, year: i32) -> Result<YearCounts, Error> {
    let s = year_stats(app, agency_id, year).await?;
    Ok(YearCounts { received: s.received, answered: s.answered, answered_on_time: s.answered_on_time })
}

/// The kinds and reply channels for forms.
pub fn form_choices() -> Value {
    json!({
        "kinds": MessageKind::ALL.iter().map(|k| json!({"key": k.key(), "label": k.label_zh()})).collect::<Vec<_>>(),
        "reply_by": dom::ReplyChannel::ALL.iter().map(|k| json!({"key": k.key(), "label": k.label_zh()})).collect::<Vec<_>>(),
        "max_subject": dom::MAX_SUBJECT,
        "max_body": dom::MAX_BODY,
    })
}
