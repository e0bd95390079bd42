//! Conformance cases for [`crate::PublicConsultationStore`].

use super::make_county;
use crate::*;
use chrono::NaiveDate;
use gongkai_domain::public_consultation::{Adoption, PublicConsultationKind};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Created (audited), listed, commented once per text, decided, feedback published once; after
/// it, decisions are fixed.
pub async fn consultations_collect_decide_and_publish(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let c = store
        .create_consultation(
            &a,
            NewPublicConsultation {
                agency_id: county.id,
                kind: PublicConsultationKind::NormativeDocument,
                title: "示例县城区停车管理办法（征求意见稿）".into(),
                summary: "征求对停车收费标准的意见".into(),
                body: "第一条 为规范城区停车管理……".into(),
                opens_on: d("2026-03-02"),
                closes_on: d("2026-03-31"),
            },
        )
        .await
        .expect("create");
    assert_eq!(store.get_consultation(c.id).await.expect("store").expect("store"), c);
    assert_eq!(store.list_consultations(&[county.id]).await.expect("store").len(), 1);
    assert!(store.list_consultations(&[county.id + 1000]).await.expect("store").is_empty());
    let one = store.add_comment(c.id, "李四", "建议夜间免费。", "建议夜间免费。").await.expect("comment");
    let two = store.add_comment(c.id, "匿名", "收费过高。", "收费过高。").await.expect("comment");
    let dup = store.add_comment(c.id, "王五", "建议 夜间免费。", "建议夜间免费。").await;
    assert!(matches!(dup, Err(StoreError::Conflict("comment_duplicate"))), "{dup:?}");
    assert!(matches!(store.add_comment(c.id + 999, "x", "y", "y").await, Err(StoreError::NotFound(_))));
    let decided = store.decide_comment(&a, one.id, Adoption::Adopted, "").await.expect("decide");
    assert_eq!(decided.decision, Some(Adoption::Adopted));
    store
        .decide_comment(&a, two.id, Adoption::NotAdopted, "收费标准由价格主管部门核定")
        .await
        .expect("decide");
    let comments = store.list_comments(c.id).await.expect("store");
    assert_eq!(comments.len(), 2);
    assert_eq!(comments[1].reason, "收费标准由价格主管部门核定");
    let published = store
        .publish_feedback(&a, c.id, "共收到意见 2 条，采纳 1 条。", None, d("2026-04-10"))
        .await
        .expect("store");
    assert_eq!(published.feedback_published_on, Some(d("2026-04-10")));
    assert!(matches!(
        store.publish_feedback(&a, c.id, "again", None, d("2026-04-11")).await,
        Err(StoreError::Conflict("feedback_published"))
    ));
    assert!(matches!(
        store.decide_comment(&a, two.id, Adoption::Adopted, "").await,
        Err(StoreError::Conflict("feedback_published"))
    ));
    let audit = store.audit_after(0, 1000).await.expect("store");
    for action in ["consultation.create", "consultation.decide_comment", "consultation.publish_feedback"] {
        assert!(audit.iter().any(|e| e.action == action), "{action} audited");
    }
}
