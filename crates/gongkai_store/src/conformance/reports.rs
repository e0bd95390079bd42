//! Conformance cases for [`crate::ReportStore`].

use super::make_county;
use super::requests::{facts, new_request};
use crate::*;
use chrono::NaiveDate;
use gongkai_domain::request::{ActionKind, EventRecord, FeeMethod, FeeRecord, Outcome, RequestState, quote};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

pub async fn report_facts_cover_the_year(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let mut ids = Vec::new();
    // (received, decided, fee) — the third is decided before 2025, the fourth received after it.
    for (rec, dec, fee) in [
        (d(2024, 12, 20), Some(d(2025, 1, 10)), false),
        (d(2025, 3, 1), None, true),
        (d(2024, 2, 1), Some(d(2024, 3, 1)), false),
        (d(2026, 1, 5), None, false),
    ] {
        let r = store
            .create_request(&a, new_request(county.id, facts("11010519491231002X", "请公开某项信息", rec)))
            .await
            .expect("create");
        let mut f = r.facts.clone();
        f.received_on = Some(rec);
        f.state = RequestState::InProgress;
        if let Some(on) = dec {
            f.decision = Some(gongkai_domain::request::Decision {
                on,
                outcome: Outcome::Granted,
                basis: String::new(),
                reasoning: String::new(),
                decided_by: String::new(),
            });
            f.state = RequestState::Closed;
        }
        if fee {
            f.fee = Some(FeeRecord {
                quote: quote(FeeMethod::PerPage, 45),
                notice_on: d(2025, 3, 5),
                pay_by: d(2025, 4, 2),
                paid_on: Some(d(2025, 3, 6)),
                paid_yuan: Some(150),
                lapsed_on: None,
            });
        }
        let u = RequestUpdate {
            id: r.id,
            expected_version: 1,
            facts: f,
            due_on: None,
            event: EventRecord {
                kind: ActionKind::Decide,
                on: None,
                summary_zh: "x".into(),
                public_zh: None,
            },
            letter: None,
            files: vec![],
        };
        ids.push(store.update_request(&a, u).await.expect("update").id);
    }
    let got = store.report_request_facts(&[county.id], 2025).await.expect("facts");
    assert_eq!(got.iter().map(|f| f.id).collect::<Vec<_>>(), vec![ids[0], ids[1]]);
    assert_eq!(got[0].outcome, Some(Outcome::Granted));
    assert_eq!(got[1].fee_notice, Some((d(2025, 3, 5), 150)));
    assert_eq!(got[1].fee_paid, Some((d(2025, 3, 6), 150)));
    assert!(store.report_request_facts(&[], 2025).await.expect("none").is_empty());
}

pub async fn report_versions_lock_and_correct(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    assert!(store.annual_report(county.id, 2025).await.expect("none").is_none());
    let v1 =
        store.save_report_draft(&a, county.id, 2025, "{\"overview\":\"一稿\"}".into()).await.expect("draft");
    assert_eq!((v1.version, v1.locked), (1, false));
    let v1 =
        store.save_report_draft(&a, county.id, 2025, "{\"overview\":\"二稿\"}".into()).await.expect("save");
    assert_eq!(v1.version, 1);
    let locked =
        store.lock_report(&a, county.id, 2025, "{\"tables\":1}".into(), d(2026, 1, 20)).await.expect("lock");
    assert!(locked.locked && locked.snapshot.is_some());
    // A locked version is never edited; a correction is a new version.
    let err = store.save_report_draft(&a, county.id, 2025, "{}".into()).await.expect_err("locked");
    assert!(matches!(err, StoreError::Conflict("locked")));
    assert!(matches!(
        store.lock_report(&a, county.id, 2025, "{}".into(), d(2026, 1, 21)).await,
        Err(StoreError::Conflict("locked"))
    ));
    let v2 = store.new_report_version(&a, county.id, 2025).await.expect("v2");
    assert_eq!((v2.version, v2.locked, v2.sections.as_str()), (2, false, "{\"overview\":\"二稿\"}"));
    assert!(matches!(
        store.new_report_version(&a, county.id, 2025).await,
        Err(StoreError::Conflict("draft_exists"))
    ));
    let versions = store.annual_report_versions(county.id, 2025).await.expect("versions");
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0].snapshot.as_deref(), Some("{\"tables\":1}"), "v1 kept as locked");
    let published = store.published_reports(&[county.id]).await.expect("published");
    assert_eq!((published.len(), published[0].version), (1, 1));
    store.lock_report(&a, county.id, 2025, "{\"tables\":2}".into(), d(2026, 2, 1)).await.expect("lock v2");
    let published = store.published_reports(&[county.id]).await.expect("published");
    assert_eq!((published.len(), published[0].version), (1, 2), "the latest locked version");
}

pub async fn register_entries_roundtrip(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let e = store
        .add_register_entry(
            &a,
            NewRegisterEntry {
                agency_id: county.id,
                kind: "training".into(),
                year: 2025,
                on: Some(d(2025, 4, 1)),
                data: "{\"title\":\"政务公开培训\",\"attendees\":19}".into(),
            },
        )
        .await
        .expect("add");
    let list = store.register_entries(county.id, 2025).await.expect("list");
    assert_eq!(list, vec![e.clone()]);
    assert!(store.register_entries(county.id, 2024).await.expect("other year").is_empty());
    assert!(matches!(
        store.delete_register_entry(&a, county.id + 1, e.id).await,
        Err(StoreError::NotFound(_))
    ));
    store.delete_register_entry(&a, county.id, e.id).await.expect("delete");
    assert!(store.register_entries(county.id, 2025).await.expect("list").is_empty());
}
