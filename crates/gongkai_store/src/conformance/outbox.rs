//! Conformance cases for [`crate::OutboxStore`].

use crate::*;
use chrono::{Duration, Utc};

fn mail(to: &str, reference: &str) -> NewOutboxMessage {
    NewOutboxMessage {
        channel: "email".into(),
        recipient: to.into(),
        subject: "【受理编号 甲-2026-0001】申请已收到".into(),
        body: "您好：\n您的申请已收到。".into(),
        reference: reference.into(),
    }
}

/// Queued, claimed once under a lease (a second worker gets nothing), retried after a failure,
/// given up, sent; listed by reference.
pub async fn outbox_claims_retries_and_sends(store: &dyn Store) {
    let a = store.enqueue(mail("a@example.cn", "request:1")).await.expect("enqueue");
    let b = store.enqueue(mail("b@example.cn", "request:2")).await.expect("enqueue");
    let now = Utc::now() + Duration::seconds(1);
    let lease = now + Duration::minutes(5);
    let first = store.claim_due(now, lease, 10).await.expect("claim");
    assert_eq!(first.iter().map(|m| m.id).collect::<Vec<_>>(), vec![a, b]);
    assert!(first.iter().all(|m| m.attempts == 1));
    assert_eq!(first[0].subject, "【受理编号 甲-2026-0001】申请已收到");
    // Leased: another worker finds nothing until the lease runs out.
    assert!(store.claim_due(now, lease, 10).await.expect("claim").is_empty());
    store.mark_sent(a, now).await.expect("sent");
    store.mark_failed(b, "connection refused", Some(now + Duration::minutes(1))).await.expect("failed");
    let later = now + Duration::minutes(2);
    let again = store.claim_due(later, later + Duration::minutes(5), 10).await.expect("claim");
    assert_eq!(again.len(), 1);
    assert_eq!((again[0].id, again[0].attempts, again[0].last_error.as_str()), (b, 2, "connection refused"));
    store.mark_failed(b, "550 mailbox unavailable", None).await.expect("give up");
    let much_later = later + Duration::days(1);
    assert!(store.claim_due(much_later, much_later, 10).await.expect("claim").is_empty(), "sent or given up");
    let sent = store.outbox_for("request:1").await.expect("list");
    assert_eq!(sent.len(), 1);
    assert!(sent[0].sent_at.is_some() && sent[0].failed_at.is_none());
    let gave_up = store.outbox_for("request:2").await.expect("list");
    assert!(gave_up[0].failed_at.is_some() && gave_up[0].sent_at.is_none());
    assert_eq!(gave_up[0].last_error, "550 mailbox unavailable");
    // The limit is kept.
    for i in 0..5 {
        store.enqueue(mail("c@example.cn", &format!("message:{i}"))).await.expect("enqueue");
    }
    let t = Utc::now() + Duration::seconds(1);
    assert_eq!(store.claim_due(t, t + Duration::minutes(1), 3).await.expect("claim").len(), 3);
    assert_eq!(store.claim_due(t, t + Duration::minutes(1), 3).await.expect("claim").len(), 2);
}
