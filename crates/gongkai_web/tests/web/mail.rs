//! E-mail through a real SMTP server (issue 16): the test starts `aiosmtpd` (Python, installed by
//! `.ci/run`) and files a request with an e-mail address; the receipt is queued in the outbox in
//! the same call, sent by the worker and arrives with the 受理编号 in its subject. With the server
//! down the request still stands, the message is retried, then sent when the server is back.

use super::common::*;
use std::io::Write as _;
use std::process::{Child, Command, Stdio};

/// The Python that has aiosmtpd (pyenv's or the system's).
fn python() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

struct Sink {
    child: Child,
    out: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

impl Sink {
    fn start(port: u16) -> Sink {
        let py = python().expect("Python with aiosmtpd (pip install aiosmtpd; .ci/run installs it)");
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("mail.jsonl");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/smtp_sink.py");
        let mut child = Command::new(py)
            .args([script, &port.to_string(), out.to_str().unwrap()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut line)
            .unwrap();
        assert_eq!(line.trim(), "ready");
        Sink { child, out, _dir: dir }
    }
    fn messages(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        if let Some(mut i) = self.child.stdin.take() {
            let _ = i.write_all(b"");
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn request_with_email(agency: i64) -> Value {
    json!({"agency": agency,
        "applicant": {"kind": "company", "name": "甲县某公司", "id_type": "credit_code", "id_number": "91350100M000100Y43",
                      "phone": "0599-1234567", "email": "applicant@example.cn", "address": "甲县"},
        "description": "请公开2025年本县春耕补助发放名单及标准。", "form": "electronic", "delivery": "online"})
}

async fn app_mailing_to(port: u16) -> TestApp {
    let mail = gongkai_app::mail::MailSettings {
        smtp_url: format!("smtp://127.0.0.1:{port}"),
        from: "甲县人民政府办公室 <gongkai@example.gov.cn>".into(),
        base_url: Some("https://gk.example.gov.cn".into()),
    };
    TestApp::builder()
        .config(WebConfig { mail: Some(mail), ..WebConfig::default() })
        .today("2026-03-02")
        .county()
        .user(0, "clerk", &[Role::Editor])
        .build()
        .await
}

#[tokio::test]
async fn a_request_receipt_is_mailed_through_a_real_smtp_server() {
    let port = free_port();
    let sink = Sink::start(port);
    let mut app = app_mailing_to(port).await;
    let r = app.json("POST", "/api/v1/requests", &request_with_email(app.county)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let number = r.json()["number"].as_str().unwrap().to_owned();
    let code = r.json()["tracking_code"].as_str().unwrap().to_owned();
    let sent = gongkai_app::mail::deliver_due(&app.state, chrono::Utc::now()).await.unwrap();
    assert_eq!(sent, 1);
    let got = sink.messages();
    assert_eq!(got.len(), 1, "{got:?}");
    let m = &got[0];
    assert_eq!(m["to"], json!(["applicant@example.cn"]));
    assert_eq!(m["from"], "gongkai@example.gov.cn");
    assert!(m["subject"].as_str().unwrap().contains(&number), "{m}");
    let body = m["body"].as_str().unwrap();
    assert!(body.contains(&number) && body.contains("https://gk.example.gov.cn/track"), "{body}");
    assert!(!body.contains(&code), "the 查询码 is never mailed");
    // The staff page shows it went.
    let (rec, _) = app.store.find_request_by_number(&number).await.unwrap().unwrap();
    let mut staff = app.other_browser();
    staff.login("clerk").await;
    let page = staff.get(&format!("/staff/requests/{}", rec.id)).await;
    assert!(page.body.contains("邮件通知") && page.body.contains("已发送"), "{}", page.body);
    // Sent once: nothing more is due.
    assert_eq!(gongkai_app::mail::deliver_due(&app.state, chrono::Utc::now()).await.unwrap(), 0);
}

#[tokio::test]
async fn a_mail_server_that_is_down_loses_nothing() {
    let port = free_port();
    let mut app = app_mailing_to(port).await;
    let r = app.json("POST", "/api/v1/requests", &request_with_email(app.county)).await;
    assert_eq!(r.status, StatusCode::CREATED, "the request stands without a mail server: {}", r.body);
    let number = r.json()["number"].as_str().unwrap().to_owned();
    let now = chrono::Utc::now();
    assert_eq!(gongkai_app::mail::deliver_due(&app.state, now).await.unwrap(), 0);
    let (rec, _) = app.store.find_request_by_number(&number).await.unwrap().unwrap();
    let queued = app.store.outbox_for(&format!("request:{}", rec.id)).await.unwrap();
    assert_eq!((queued.len(), queued[0].attempts), (1, 1));
    assert!(queued[0].sent_at.is_none() && queued[0].failed_at.is_none() && !queued[0].last_error.is_empty());
    // Not retried before its time; sent once the server is up and the time has come.
    let sink = Sink::start(port);
    assert_eq!(gongkai_app::mail::deliver_due(&app.state, now).await.unwrap(), 0);
    let later = chrono::Utc::now() + chrono::Duration::minutes(2);
    assert_eq!(gongkai_app::mail::deliver_due(&app.state, later).await.unwrap(), 1);
    assert_eq!(sink.messages().len(), 1);
    let done = app.store.outbox_for(&format!("request:{}", rec.id)).await.unwrap();
    assert!(done[0].sent_at.is_some() && done[0].attempts == 2);
}

#[tokio::test]
async fn without_an_address_or_a_server_nothing_is_queued() {
    // No SMTP configured: nothing queued even with an address.
    let mut app = TestApp::builder().today("2026-03-02").county().build().await;
    let r = app.json("POST", "/api/v1/requests", &request_with_email(app.county)).await;
    let number = r.json()["number"].as_str().unwrap().to_owned();
    let (rec, _) = app.store.find_request_by_number(&number).await.unwrap().unwrap();
    assert!(app.store.outbox_for(&format!("request:{}", rec.id)).await.unwrap().is_empty());
    // Configured, but the applicant gave no address.
    let mut app = app_mailing_to(free_port()).await;
    let mut body = request_with_email(app.county);
    body["applicant"]["email"] = "".into();
    let r = app.json("POST", "/api/v1/requests", &body).await;
    let number = r.json()["number"].as_str().unwrap().to_owned();
    let (rec, _) = app.store.find_request_by_number(&number).await.unwrap().unwrap();
    assert!(app.store.outbox_for(&format!("request:{}", rec.id)).await.unwrap().is_empty());
}

/// A 留言 with an e-mail address gets its receipt (留言编号 in the subject, the due date in the
/// body, never the 查询码) and, when the writer chose a reply by e-mail, the reply itself.
#[tokio::test]
async fn a_message_receipt_and_its_reply_are_mailed() {
    let port = free_port();
    let sink = Sink::start(port);
    let mut app = app_mailing_to(port).await;
    let body = json!({"agency": app.county, "subject": "河西路路灯不亮", "body": "河西路中段三盏路灯已坏一周，夜间行走不便。",
                      "name": "陈先生", "email": "chen@example.cn", "reply_by": "email", "public": false});
    let r = app.json("POST", "/api/v1/messages", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let (number, code) = (
        r.json()["number"].as_str().unwrap().to_owned(),
        r.json()["tracking_code"].as_str().unwrap().to_owned(),
    );
    gongkai_app::mail::deliver_due(&app.state, chrono::Utc::now()).await.unwrap();
    let (rec, _) = app.store.find_message_by_number(&number).await.unwrap().unwrap();
    let (clerk, _) = app.store.find_login("clerk").await.unwrap().unwrap();
    let reply =
        gongkai_app::messages::StaffAction::Reply { text: "已联系供电所，三日内修复。".into() };
    gongkai_app::messages::perform(&app.state, &clerk, rec.id, rec.version, reply).await.unwrap();
    gongkai_app::mail::deliver_due(&app.state, chrono::Utc::now()).await.unwrap();
    let got = sink.messages();
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0]["subject"].as_str().unwrap().contains(&number));
    assert!(
        got[0]["body"].as_str().unwrap().contains("前答复")
            && !got[0]["body"].as_str().unwrap().contains(&code)
    );
    assert!(
        got[1]["subject"].as_str().unwrap().contains("答复")
            && got[1]["body"].as_str().unwrap().contains("已联系供电所")
    );
    assert_eq!(got[1]["to"], json!(["chen@example.cn"]));
    // The annual report's narrative counts the system's 留言 (issue 16).
    let token = app.token_for("clerk").await;
    let r = app.api("GET", "/api/v1/reports/2026", &token, None).await;
    assert!(r.body.contains("本年度收到群众网上留言1件，答复1件"), "{}", r.body);
}

/// A letter for an applicant who chose e-mail is mailed too (its text, the 受理编号 in the
/// subject); one who chose online delivery gets only the filing receipt.
#[tokio::test]
async fn letters_are_mailed_to_applicants_who_chose_email() {
    let port = free_port();
    let sink = Sink::start(port);
    let mut app = app_mailing_to(port).await;
    let token = app.token_for("clerk").await;
    let mut by_email = request_with_email(app.county);
    by_email["delivery"] = "email".into();
    let a =
        app.json("POST", "/api/v1/requests", &by_email).await.json()["number"].as_str().unwrap().to_owned();
    let mut online = request_with_email(app.county);
    online["description"] = "请公开2025年本县农机购置补贴发放情况。".into();
    let b = app.json("POST", "/api/v1/requests", &online).await.json()["number"].as_str().unwrap().to_owned();
    for number in [&a, &b] {
        let (rec, _) = app.store.find_request_by_number(number).await.unwrap().unwrap();
        let act =
            json!({"version": rec.version, "action": {"action": "confirm_receipt", "on": "2026-03-02"}});
        let r = app.api("POST", &format!("/api/v1/requests/{}/actions", rec.id), &token, Some(act)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    gongkai_app::mail::deliver_due(&app.state, chrono::Utc::now()).await.unwrap();
    let got = sink.messages();
    let about = |n: &str| got.iter().filter(|m| m["subject"].as_str().unwrap().contains(n)).count();
    assert_eq!((about(&a), about(&b)), (2, 1), "{got:?}");
    let letter = got
        .iter()
        .find(|m| {
            m["subject"].as_str().unwrap().contains(&a) && !m["subject"].as_str().unwrap().contains("已收到")
        })
        .unwrap();
    assert!(letter["body"].as_str().unwrap().contains("甲县某公司"), "{letter}");
}
