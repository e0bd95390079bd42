//! E-mail (issue 16): notifications are queued in the database outbox by the use case that
//! causes them and sent by a worker over SMTP (`smtp_url`, env `GONGKAI_SMTP_URL`). A send that
//! fails is retried with back-off and never undoes the business action; a permanent refusal
//! (SMTP 5xx) or the last retry gives up and is visible on the record. Nothing is queued while
//! no SMTP server is configured, so a later configuration does not send stale receipts.

use crate::App;
use crate::error::Error;
use chrono::{DateTime, Duration, Utc};
use gongkai_store::{NewOutboxMessage, OutboxMessage, RequestRecord};
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// Where mail goes out.
#[derive(Clone)]
pub struct MailSettings {
    /// `smtp://host:25`, `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://host:465`.
    pub smtp_url: String,
    /// The sender, e.g. `某县人民政府办公室 <gongkai@example.gov.cn>`.
    pub from: String,
    /// The portal's address, for links in messages (`https://gongkai.example.gov.cn`).
    pub base_url: Option<String>,
}

impl std::fmt::Debug for MailSettings {
    // The URL may carry a password: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings").field("from", &self.from).finish_non_exhaustive()
    }
}

/// Waits before the next attempt after `attempts` failures; `None`: give up.
pub fn retry_after(attempts: i64) -> Option<Duration> {
    match attempts {
        1 => Some(Duration::minutes(1)),
        2 => Some(Duration::minutes(5)),
        3 => Some(Duration::minutes(30)),
        4 => Some(Duration::hours(2)),
        5 => Some(Duration::hours(6)),
        _ => None,
    }
}

/// Checks the settings at start: the URL parses and the sender is an address.
pub fn check(settings: &MailSettings) -> Result<(), String> {
    AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url)
        .map_err(|e| format!("smtp_url 无法使用：{e}"))?;
    settings.from.parse::<Mailbox>().map_err(|e| format!("mail_from 不是有效的发件地址：{e}"))?;
    Ok(())
}

/// Queues an e-mail when mail is configured and the address looks deliverable. Answers whether
/// it was queued. A queueing failure is logged, never raised: the business action stands.
pub async fn queue(app: &App, to: &str, subject: String, body: String, reference: String) -> bool {
    let Some(_) = app.settings.mail.as_ref() else { return false };
    let to = to.trim();
    if to.is_empty() || to.parse::<Mailbox>().is_err() {
        return false;
    }
    let new =
        NewOutboxMessage { channel: "email".into(), recipient: to.to_owned(), subject, body, reference };
    match app.store.enqueue(new).await {
        Ok(_) => true,
        Err(e) => {
            tracing::error!(error = %e, "queueing an e-mail failed");
            false
        }
    }
}

/// The receipt of a request filed with an e-mail address: its subject names the 受理编号. The
/// 查询码 is not sent (a mistyped address would hand it to a stranger).
pub async fn queue_request_receipt(app: &App, agency_name: &str, rec: &RequestRecord) -> bool {
    let a = &rec.facts.application.applicant;
    let track = track_link(app, "/track");
    let received = match rec.facts.received_on {
        Some(d) => format!("收到申请之日为{}。", crate::letters::zh_date(d)),
        None => "本机关确认收到后开始计算答复期限。".into(),
    };
    let subject = format!("【受理编号 {}】{}已收到您的政府信息公开申请", rec.number, agency_name);
    let body = format!(
        "{name}：\n\n{agency}已收到您提交的政府信息公开申请，受理编号为 {number}。{received}\n\n\
         请凭受理编号和提交时页面显示的查询码查询办理进度：{track}\n\n\
         本邮件由系统自动发送，请勿直接回复。\n{agency}\n",
        name = a.name,
        agency = agency_name,
        number = rec.number,
    );
    queue(app, &a.email, subject, body, format!("request:{}", rec.id)).await
}

/// A letter (告知书) of a request whose applicant chose to receive information by e-mail: its text
/// in the mail, the 受理编号 in the subject. The letter stays on the record and on `/track`.
pub async fn queue_request_letter(
    app: &App,
    agency_name: &str,
    rec: &RequestRecord,
    title: &str,
    body: &str,
) -> bool {
    let application = &rec.facts.application;
    if application.delivery != gongkai_domain::request::Delivery::Email {
        return false;
    }
    let subject = format!("【受理编号 {}】{}", rec.number, title);
    let text = format!(
        "{title}\n（受理编号：{number}）\n\n{body}\n\n——\n本邮件由{agency_name}通过政府信息公开平台发送，文书同时可在“申请查询”页面查看和下载：{track}\n",
        number = rec.number,
        track = track_link(app, "/track"),
    );
    queue(app, &application.applicant.email, subject, text, format!("request:{}", rec.id)).await
}

/// The receipt of a 留言/找错 filed with an e-mail address: the 留言编号 in the subject, the
/// reply due date in the body, never the 查询码.
pub async fn queue_message_receipt(app: &App, agency_name: &str, rec: &gongkai_store::MessageRecord) -> bool {
    let s = &rec.facts.submission;
    let kind = s.kind.label_zh();
    let due = rec.facts.hops.last().map(|h| crate::letters::zh_date(h.due_on)).unwrap_or_default();
    let subject = format!("【留言编号 {}】{}已收到您的{kind}", rec.number, agency_name);
    let body = format!(
        "{name}：\n\n{agency_name}已收到您的{kind}“{title}”，留言编号为 {number}，将于{due}前答复。\n\n\
         请凭留言编号和提交时页面显示的查询码查询办理情况：{track}\n\n本邮件由系统自动发送，请勿直接回复。\n{agency_name}\n",
        name = if s.name.trim().is_empty() { "您好" } else { s.name.trim() },
        title = s.subject,
        number = rec.number,
        track = track_link(app, "/messages/track"),
    );
    queue(app, &s.email, subject, body, format!("message:{}", rec.id)).await
}

/// The reply to a 留言 whose writer asked for one by e-mail.
pub async fn queue_message_reply(app: &App, rec: &gongkai_store::MessageRecord, reply: &str) -> bool {
    let s = &rec.facts.submission;
    if s.reply_by != gongkai_domain::message::ReplyChannel::Email {
        return false;
    }
    let agency = rec.facts.hops.last().map(|h| h.agency_name.clone()).unwrap_or_default();
    let subject = format!("【留言编号 {}】{}对您{}的答复", rec.number, agency, s.kind.label_zh());
    let body = format!(
        "{name}：\n\n您的{kind}“{title}”（留言编号 {number}）答复如下：\n\n{reply}\n\n{agency}\n",
        name = if s.name.trim().is_empty() { "您好" } else { s.name.trim() },
        kind = s.kind.label_zh(),
        title = s.subject,
        number = rec.number,
    );
    queue(app, &s.email, subject, body, format!("message:{}", rec.id)).await
}

fn track_link(app: &App, path: &str) -> String {
    app.settings
        .mail
        .as_ref()
        .and_then(|m| m.base_url.clone())
        .map(|b| format!("{}{path}", b.trim_end_matches('/')))
        .unwrap_or_else(|| "本平台的查询页面".into())
}

/// Sends what is due: claims a batch under a lease, sends each, records the outcome. Answers
/// how many were sent.
pub async fn deliver_due(app: &App, now: DateTime<Utc>) -> Result<usize, Error> {
    let Some(settings) = app.settings.mail.as_ref() else { return Ok(0) };
    let batch = app.store.claim_due(now, now + Duration::minutes(2), 20).await?;
    if batch.is_empty() {
        return Ok(0);
    }
    let transport = match AsyncSmtpTransport::<Tokio1Executor>::from_url(&settings.smtp_url) {
        Ok(t) => t.timeout(Some(std::time::Duration::from_secs(30))).build(),
        Err(e) => {
            tracing::error!(error = %e, "smtp_url cannot be used");
            return Ok(0);
        }
    };
    let mut sent = 0;
    for m in batch {
        match send_one(&transport, &settings.from, &m).await {
            Ok(()) => {
                app.store.mark_sent(m.id, Utc::now()).await?;
                sent += 1;
            }
            Err((error, permanent)) => {
                let retry = if permanent { None } else { retry_after(m.attempts).map(|d| Utc::now() + d) };
                tracing::warn!(id = m.id, attempts = m.attempts, error = %error, gave_up = retry.is_none(), "e-mail not sent");
                app.store.mark_failed(m.id, &error, retry).await?;
            }
        }
    }
    Ok(sent)
}

/// One message; the error says whether it is permanent (a 5xx answer or a bad address).
async fn send_one(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    m: &OutboxMessage,
) -> Result<(), (String, bool)> {
    let from: Mailbox = from.parse().map_err(|e| (format!("发件地址无效：{e}"), true))?;
    let to: Mailbox = m.recipient.parse().map_err(|e| (format!("收件地址无效：{e}"), true))?;
    let message = Message::builder()
        .from(from)
        .to(to)
        .subject(m.subject.clone())
        .header(ContentType::TEXT_PLAIN)
        .body(m.body.clone())
        .map_err(|e| (e.to_string(), true))?;
    transport.send(message).await.map(|_| ()).map_err(|e| (e.to_string(), e.is_permanent()))
}

/// The worker: every few seconds, sends what is due. Several nodes may run it: the lease in
/// `claim_due` keeps one message to one sender at a time.
pub fn spawn_worker(app: App) {
    if app.settings.mail.is_none() {
        return;
    }
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(5));
        loop {
            tick.tick().await;
            if let Err(e) = deliver_due(&app, Utc::now()).await {
                tracing::warn!(error = %e, "the e-mail worker could not read the outbox");
            }
        }
    });
}
