use super::*;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn input() -> MessageInput {
    MessageInput {
        kind: "message".into(),
        subject: "关于城关镇路灯维修的建议".into(),
        body: "解放路北段路灯已经损坏两周，夜间出行不便，请尽快维修。".into(),
        public: true,
        ..MessageInput::default()
    }
}

fn received(kind: MessageKind, on: NaiveDate) -> Message {
    let cal = WorkCalendar::official();
    let mut i = input();
    i.kind = kind.key().into();
    let s = validate(&i).expect("valid");
    let due = due_date(&cal, on, ReplyDays::default().for_kind(kind));
    receive(s, 1, "示例县人民政府办公室", on, due)
}

/// A 留言 received on 2025-09-30, just before 国庆: the 10 working days skip 10月1日–8日 and
/// count the 调休 Saturday 10月11日. The expected value is what `gongkai calendar add-workdays
/// 2025-09-30 10` prints (checked against the binary in crates/gongkai/tests/cli.rs).
#[test]
fn due_date_across_national_day() {
    let m = received(MessageKind::Message, d("2025-09-30"));
    assert_eq!(m.due_on(), d("2025-10-21"));
    let z = received(MessageKind::ErrorReport, d("2025-09-30"));
    assert_eq!(z.due_on(), d("2025-10-14"));
}

#[test]
fn validation_refuses_html_controls_and_missing_contact() {
    assert!(validate(&input()).is_ok());
    let mut i = input();
    i.body = "请看<script>alert(1)</script>这里".into();
    let e = validate(&i).expect_err("html");
    assert_eq!(e[0].code, "html_not_allowed");
    let mut i = input();
    i.body = "人数<5人的情况怎么办理？".into();
    assert!(validate(&i).is_ok(), "a lone < is text");
    let mut i = input();
    i.subject = "标题\u{202E}txt".into();
    assert_eq!(validate(&i).expect_err("bidi")[0].code, "invalid_characters");
    let mut i = input();
    i.reply_by = "email".into();
    let e = validate(&i).expect_err("email needed");
    assert_eq!((e[0].field, e[0].code), ("email", "required"));
    i.email = "zhang@example.com".into();
    assert!(validate(&i).is_ok());
    let mut i = input();
    i.reply_by = "phone".into();
    i.phone = "12".into();
    assert_eq!(validate(&i).expect_err("phone")[0].code, "invalid_phone");
    let mut i = input();
    i.body = "长".repeat(MAX_BODY + 1);
    assert_eq!(validate(&i).expect_err("long")[0].code, "too_long");
    let mut i = input();
    i.kind = "x".into();
    i.subject = String::new();
    assert_eq!(validate(&i).expect_err("two").len(), 2);
}

#[test]
fn transfer_gives_each_hop_its_own_clock() {
    let cal = WorkCalendar::official();
    let mut m = received(MessageKind::Message, d("2025-06-02"));
    assert_eq!(m.due_on(), d("2025-06-16"));
    assert_eq!(
        transfer(&mut m, 1, "同一机关", "x", d("2025-06-03"), d("2025-06-17"), "li")
            .expect_err("refused")
            .code,
        "same_agency"
    );
    let due2 = due_date(&cal, d("2025-06-05"), 10);
    transfer(&mut m, 2, "县住房和城乡建设局", "路灯由住建局管理", d("2025-06-05"), due2, "li")
        .expect("transfer");
    assert_eq!(m.state, MessageState::Transferred);
    assert_eq!(m.hops.len(), 2);
    assert_eq!(m.hops[0].end, Some(HopEnd::Transferred));
    assert_eq!(m.agency_id(), 2);
    assert_eq!(m.due_on(), d("2025-06-19"));
    assert_eq!(m.status(&cal, d("2025-06-19")), DueStatus::Open { remaining: 0 });
    assert_eq!(m.status(&cal, d("2025-06-23")), DueStatus::Overdue { days: 2 });
    reply(&mut m, "已安排维修。", d("2025-06-10"), "wang").expect("reply");
    assert_eq!(m.state, MessageState::Replied);
    assert_eq!(m.status(&cal, d("2025-06-23")), DueStatus::Closed);
    let facts: Vec<HopFact> = m.hops.iter().map(HopFact::from).collect();
    let s = stats(&facts[1..], &cal, d("2025-07-01"));
    assert_eq!((s.received, s.answered, s.answered_on_time), (1, 1, 1));
    assert_eq!(s.average_days, Some(3.0));
    let s0 = stats(&facts[..1], &cal, d("2025-07-01"));
    assert_eq!((s0.received, s0.answered, s0.transferred), (1, 0, 1));
}

#[test]
fn spam_and_publication() {
    let mut m = received(MessageKind::Message, d("2025-06-02"));
    let p = Published { subject: "s".into(), body: "b".into(), reply: "r".into(), on: d("2025-06-04") };
    assert_eq!(publish(&mut m, p.clone()).expect_err("refused").code, "invalid_state");
    reply(&mut m, "答复", d("2025-06-03"), "li").expect("reply");
    assert_eq!(reply(&mut m, "again", d("2025-06-03"), "li").expect_err("refused").code, "invalid_state");
    publish(&mut m, p.clone()).expect("publish");
    assert_eq!(m.state, MessageState::Published);
    let mut private = received(MessageKind::Message, d("2025-06-02"));
    private.submission.public = false;
    reply(&mut private, "答复", d("2025-06-03"), "li").expect("reply");
    assert_eq!(publish(&mut private, p).expect_err("refused").code, "not_public");
    let mut spam = received(MessageKind::ErrorReport, d("2025-06-02"));
    mark_spam(&mut spam, d("2025-06-02"), "li").expect("spam");
    assert_eq!(spam.state, MessageState::Spam);
    let cal = WorkCalendar::official();
    let s = stats(&[HopFact::from(&spam.hops[0])], &cal, d("2025-07-01"));
    assert_eq!((s.received, s.spam, s.answered), (1, 1, 0));
    assert!(check_reply("<b>x</b>").is_err());
}

#[test]
fn duplicates_are_recognised_despite_spacing() {
    assert_eq!(normalized_text("路灯 坏了", "请修，谢谢！"), normalized_text("路灯坏了", "请修 谢谢"));
    assert_ne!(normalized_text("路灯坏了", "请修"), normalized_text("路灯坏了", "请修理"));
}

#[test]
fn reply_days_are_bounded() {
    assert!(ReplyDays { message: 10, error_report: 5 }.validate().is_ok());
    assert_eq!(ReplyDays { message: 0, error_report: 61 }.validate().expect_err("refused").len(), 2);
}
