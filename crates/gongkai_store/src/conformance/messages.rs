//! Conformance cases of [`crate::MessageStore`] (issue 16).

use super::{make_county, new_agency, verify};
use crate::*;
use chrono::NaiveDate;
use gongkai_domain::agency::{AgencyKind, AgencyLevel};
use gongkai_domain::message::{self, MessageKind, MessageState, ReplyDays, Submission};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// A new message to `agency_id`, received on `on`.
pub fn new_message(agency_id: i64, kind: MessageKind, subject: &str, on: NaiveDate) -> NewMessage {
    let s = Submission {
        kind,
        subject: subject.into(),
        body: "解放路北段路灯损坏，请尽快维修。".into(),
        name: "张三".into(),
        phone: "13800138000".into(),
        email: String::new(),
        reply_by: message::ReplyChannel::Online,
        public: true,
        page_url: String::new(),
    };
    let due = on + chrono::Duration::days(14);
    NewMessage {
        facts: message::receive(s, agency_id, "测试县人民政府", on, due),
        tracking_hash: "hash-of-code".into(),
        text_key: format!("key:{subject}"),
    }
}

/// Numbers per agency and year with the kind's prefix; tracking hash, duplicates and settings.
pub async fn messages_numbered_found_and_deduplicated(store: &dyn Store) {
    let a = Actor::system();
    let county = make_county(store).await;
    let first = store
        .create_message(&a, new_message(county.id, MessageKind::Message, "路灯", d(2025, 9, 30)))
        .await
        .expect("create");
    let second = store
        .create_message(&a, new_message(county.id, MessageKind::ErrorReport, "错字", d(2025, 10, 9)))
        .await
        .expect("create");
    let next_year = store
        .create_message(&a, new_message(county.id, MessageKind::Message, "新年", d(2026, 1, 5)))
        .await
        .expect("create");
    assert_eq!(first.number, format!("LY2025-{:04}-00001", county.id));
    assert_eq!(second.number, format!("ZC2025-{:04}-00002", county.id));
    assert_eq!(next_year.number, format!("LY2026-{:04}-00001", county.id));
    assert_eq!(first.version, 1);
    let (found, hash) = store.find_message_by_number(&first.number).await.expect("find").expect("some");
    assert_eq!(found, first);
    assert_eq!(hash, "hash-of-code");
    assert!(store.find_message_by_number("LY2025-9999-00001").await.expect("find").is_none());
    assert_eq!(store.get_message(second.id).await.expect("get"), Some(second.clone()));

    let since = first.created_at - chrono::Duration::hours(24);
    let dup = store.find_duplicate_message(county.id, "key:路灯", since).await.expect("dup");
    assert_eq!(dup.map(|m| m.id), Some(first.id));
    let later = first.created_at + chrono::Duration::hours(1);
    assert!(store.find_duplicate_message(county.id, "key:路灯", later).await.expect("dup").is_none());
    assert!(store.find_duplicate_message(county.id + 1, "key:路灯", since).await.expect("dup").is_none());

    assert_eq!(store.message_settings(county.id).await.expect("settings"), ReplyDays::default());
    let days = ReplyDays { message: 15, error_report: 3 };
    store.put_message_settings(&a, county.id, days).await.expect("put");
    store.put_message_settings(&a, county.id, days).await.expect("put again");
    assert_eq!(store.message_settings(county.id).await.expect("settings"), days);
    assert!(verify(store).await >= 6);
}

/// Transfer moves the message to the other agency with a second hop; stale versions conflict;
/// lists filter by agency, open, due and published; hops feed the statistics.
pub async fn messages_transfer_reply_publish_and_list(store: &dyn Store) {
    let a = Actor::system();
    let county = make_county(store).await;
    let bureau = store
        .create_agency(
            &a,
            new_agency(
                "测试县住房和城乡建设局",
                AgencyLevel::County,
                AgencyKind::Department,
                Some(county.id),
            ),
        )
        .await
        .expect("bureau");
    let rec = store
        .create_message(&a, new_message(county.id, MessageKind::Message, "路灯", d(2025, 6, 2)))
        .await
        .expect("create");
    let other = store
        .create_message(&a, new_message(county.id, MessageKind::ErrorReport, "错字", d(2025, 6, 3)))
        .await
        .expect("create");
    let mut m = rec.facts.clone();
    message::transfer(
        &mut m,
        bureau.id,
        &bureau.name,
        "路灯由住建局管理",
        d(2025, 6, 4),
        d(2025, 6, 18),
        "li",
    )
    .expect("transfer");
    let moved = store
        .update_message(
            &a,
            MessageUpdate {
                id: rec.id,
                expected_version: 1,
                facts: m.clone(),
                audit_action: "message.transfer".into(),
            },
        )
        .await
        .expect("update");
    assert_eq!(
        (moved.agency_id, moved.version, moved.facts.state),
        (bureau.id, 2, MessageState::Transferred)
    );
    let stale = store
        .update_message(
            &a,
            MessageUpdate {
                id: rec.id,
                expected_version: 1,
                facts: m.clone(),
                audit_action: "message.transfer".into(),
            },
        )
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict("version"))), "{stale:?}");

    let at_bureau = MessageFilter { agency_ids: vec![bureau.id], limit: 50, ..MessageFilter::default() };
    let (n, items) = store.list_messages(&at_bureau).await.expect("list");
    assert_eq!((n, items[0].id), (1, rec.id));
    let due = MessageFilter {
        agency_ids: vec![county.id],
        due_by: Some(d(2025, 6, 20)),
        limit: 50,
        ..MessageFilter::default()
    };
    assert_eq!(store.list_messages(&due).await.expect("list").0, 1, "the county keeps the 找错 only");

    let out = MessageFilter { transferred_from: vec![county.id], limit: 50, ..MessageFilter::default() };
    let (n, items) = store.list_messages(&out).await.expect("list");
    assert_eq!((n, items[0].id), (1, rec.id), "已转出: passed through the county, now elsewhere");
    let none = MessageFilter { transferred_from: vec![bureau.id], limit: 50, ..MessageFilter::default() };
    assert_eq!(store.list_messages(&none).await.expect("list").0, 0);
    message::reply(&mut m, "已安排维修。", d(2025, 6, 10), "wang").expect("reply");
    let replied = store
        .update_message(
            &a,
            MessageUpdate {
                id: rec.id,
                expected_version: 2,
                facts: m.clone(),
                audit_action: "message.reply".into(),
            },
        )
        .await
        .expect("reply");
    let published = MessageFilter { published_only: true, limit: 50, ..MessageFilter::default() };
    assert_eq!(store.list_messages(&published).await.expect("list").0, 0);
    let masked = message::Published {
        subject: "路灯".into(),
        body: "b".into(),
        reply: "r".into(),
        on: d(2025, 6, 11),
    };
    message::publish(&mut m, masked).expect("publish");
    store
        .update_message(
            &a,
            MessageUpdate {
                id: rec.id,
                expected_version: replied.version,
                facts: m,
                audit_action: "message.publish".into(),
            },
        )
        .await
        .expect("publish");
    let (n, items) = store.list_messages(&published).await.expect("list");
    assert_eq!((n, items[0].facts.state), (1, MessageState::Published));
    let open = MessageFilter { open_only: true, limit: 50, ..MessageFilter::default() };
    let (n, items) = store.list_messages(&open).await.expect("list");
    assert_eq!((n, items[0].id), (1, other.id));

    let hops = store.message_hops(&[county.id], d(2025, 1, 1), d(2025, 12, 31)).await.expect("hops");
    assert_eq!(hops.len(), 2, "the county received both");
    let bureau_hops = store.message_hops(&[bureau.id], d(2025, 1, 1), d(2025, 12, 31)).await.expect("hops");
    assert_eq!(bureau_hops.len(), 1);
    assert_eq!(bureau_hops[0].fact.received_on, d(2025, 6, 4));
    assert_eq!(bureau_hops[0].fact.end, Some(message::HopEnd::Replied));
    assert!(store.message_hops(&[bureau.id], d(2024, 1, 1), d(2024, 12, 31)).await.expect("hops").is_empty());
    let entries = store.audit_after(0, 1000).await.expect("audit");
    assert!(
        entries.iter().any(|e| e.action == "message.transfer" && e.subject == format!("message:{}", rec.id))
    );
    verify(store).await;
}
