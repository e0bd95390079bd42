//! Conformance cases for [`crate::CatalogStore`].

use super::{futures_join_all, make_county, verify};
use crate::*;
use chrono::NaiveDate;
use gongkai_domain::catalog::{
    DEFAULT_INDEX_TEMPLATE, Genre, Publication, PublicationContent, PublicationState, Validity,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// A draft publication with this title and topic.
pub fn draft(title: &str, topic: &str) -> Publication {
    Publication::new(PublicationContent {
        title: title.into(),
        document_number: "测政发〔2026〕1号".into(),
        formed_on: d(2026, 3, 2),
        topic: topic.into(),
        genre: Genre::Notice,
        summary: "概述".into(),
        keywords: vec!["补贴".into()],
        statutory: vec!["art20_11".into()],
        body_html: "<p>正文</p>".into(),
        interprets: None,
        effective_on: None,
    })
}

fn attachment(name: &str, data: &[u8]) -> NewAttachment {
    NewAttachment {
        name: name.into(),
        content_type: "text/csv".into(),
        data: data.to_vec(),
        text: "序号,姓名".into(),
    }
}

fn published(mut p: Publication, on: NaiveDate) -> Publication {
    p.state = PublicationState::Published;
    p.published_on = Some(on);
    p
}

async fn publish(store: &dyn Store, rec: &PublicationRecord, on: NaiveDate, code: &str) -> PublicationRecord {
    store
        .update_publication(
            &Actor::system(),
            PublicationUpdate {
                id: rec.id,
                expected_version: rec.version,
                facts: published(rec.facts.clone(), on),
                due_on: rec.due_on,
                published_late: false,
                assign_index: Some(IndexPlan {
                    template: DEFAULT_INDEX_TEMPLATE.into(),
                    code: code.into(),
                    year: 2026,
                }),
                add: vec![],
                remove: vec![],
                audit_action: "publication.publish".into(),
            },
        )
        .await
        .expect("publish")
}

const CODE: &str = "91350100M000100Y43";

pub async fn publications_roundtrip_lists_and_links(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let marker0 = store.catalog_marker().await.expect("marker");
    let rec = store
        .create_publication(
            &a,
            NewPublication {
                agency_id: county.id,
                facts: draft("关于耕地地力保护补贴的通知", "农业、林业、水利\\农业、畜牧业、渔业"),
                due_on: d(2026, 3, 30),
                attachments: vec![attachment("名单.csv", b"1,a")],
            },
        )
        .await
        .expect("create");
    assert_eq!((rec.version, rec.index_number.as_deref()), (1, None));
    assert_ne!(store.catalog_marker().await.expect("marker"), marker0);
    let got = store.get_publication(rec.id).await.expect("get").expect("some");
    assert_eq!(got.facts, rec.facts);
    let files = store.attachments(rec.id).await.expect("files");
    assert_eq!((files.len(), files[0].name.as_str(), files[0].size), (1, "名单.csv", 3));
    let (meta, data) = store.get_attachment(files[0].id).await.expect("get").expect("some");
    assert_eq!((meta.text.as_str(), data.as_slice()), ("序号,姓名", b"1,a".as_slice()));

    let p = publish(store, &rec, d(2026, 3, 10), CODE).await;
    assert_eq!(p.index_number.as_deref(), Some("M000100Y4/2026-00001"));
    assert_eq!(p.version, 2);
    let by_index = store.find_publication_by_index("M000100Y4/2026-00001").await.expect("f").expect("s");
    assert_eq!(by_index.id, rec.id);

    // An interpretation linked to it, published too.
    let mut interp = draft("《关于耕地地力保护补贴的通知》政策解读", "农业、林业、水利");
    interp.content.genre = Genre::Interpretation;
    interp.content.interprets = Some(rec.id);
    let i = store
        .create_publication(
            &a,
            NewPublication {
                agency_id: county.id,
                facts: interp,
                due_on: d(2026, 3, 30),
                attachments: vec![],
            },
        )
        .await
        .expect("interp");
    assert!(
        store.interpretations_of(rec.id).await.expect("links").is_empty(),
        "drafts are not linked publicly"
    );
    let i = publish(store, &i, d(2026, 3, 11), CODE).await;
    assert_eq!(i.index_number.as_deref(), Some("M000100Y4/2026-00002"));
    assert_eq!(store.interpretations_of(rec.id).await.expect("links")[0].id, i.id);

    // Lists: filters by topic class, genre, year, state, text; newest first.
    let base = PublicationFilter {
        agency_ids: vec![county.id],
        states: vec![PublicationState::Published],
        limit: 10,
        ..Default::default()
    };
    let (n, items) = store.list_publications(&base).await.expect("list");
    assert_eq!((n, items[0].id, items[1].id), (2, i.id, rec.id));
    let by_topic = PublicationFilter { topic: Some("农业、林业、水利".into()), ..base.clone() };
    assert_eq!(store.list_publications(&by_topic).await.expect("l").0, 2);
    let by_sub = PublicationFilter {
        topic: Some("农业、林业、水利\\农业、畜牧业、渔业".into()),
        ..base.clone()
    };
    assert_eq!(store.list_publications(&by_sub).await.expect("l").0, 1);
    let by_genre = PublicationFilter { genre: Some(Genre::Interpretation), ..base.clone() };
    assert_eq!(store.list_publications(&by_genre).await.expect("l").1[0].id, i.id);
    let by_year = PublicationFilter { year: Some(2025), ..base.clone() };
    assert_eq!(store.list_publications(&by_year).await.expect("l").0, 0);
    let by_q = PublicationFilter { q: Some("政策解读".into()), ..base.clone() };
    assert_eq!(store.list_publications(&by_q).await.expect("l").0, 1);
    let by_index = PublicationFilter { q: Some("M000100Y4/2026-00001".into()), ..base.clone() };
    assert_eq!(store.list_publications(&by_index).await.expect("l").1[0].id, rec.id);
    let none = PublicationFilter { agency_ids: vec![], ..base.clone() };
    assert_eq!(store.list_publications(&none).await.expect("l").0, 0);
    let drafts = PublicationFilter { states: vec![PublicationState::Draft], ..base.clone() };
    assert_eq!(store.list_publications(&drafts).await.expect("l").0, 0);
    let paged = PublicationFilter { limit: 1, offset: 1, ..base.clone() };
    let (n, items) = store.list_publications(&paged).await.expect("l");
    assert_eq!((n, items.len(), items[0].id), (2, 1, rec.id));
    assert_eq!(verify(store).await, 5);
}

/// Several publications at once get distinct, gapless numbers; a number never changes.
pub async fn index_numbers_unique_under_concurrent_publication(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let mut recs = Vec::new();
    for i in 0..12 {
        let new = NewPublication {
            agency_id: county.id,
            facts: draft(&format!("第{i}号通知"), "综合政务\\政务公开"),
            due_on: d(2026, 3, 30),
            attachments: vec![],
        };
        recs.push(store.create_publication(&a, new).await.expect("create"));
    }
    let futs: Vec<_> = recs.iter().map(|r| publish(store, r, d(2026, 3, 10), CODE)).collect();
    let done = futures_join_all(futs).await;
    let mut numbers: Vec<String> = done.iter().filter_map(|r| r.index_number.clone()).collect();
    numbers.sort();
    let expected: Vec<String> = (1..=12).map(|n| format!("M000100Y4/2026-{n:05}")).collect();
    assert_eq!(numbers, expected);
    // Withdrawing keeps the number; a later change never renumbers.
    let first = &done[0];
    let mut f = first.facts.clone();
    f.state = PublicationState::Withdrawn;
    let w = store
        .update_publication(
            &a,
            PublicationUpdate {
                id: first.id,
                expected_version: first.version,
                facts: f,
                due_on: first.due_on,
                published_late: false,
                assign_index: Some(IndexPlan { template: "X-{seq}".into(), code: CODE.into(), year: 2026 }),
                add: vec![],
                remove: vec![],
                audit_action: "publication.withdraw".into(),
            },
        )
        .await
        .expect("withdraw");
    assert_eq!(w.index_number, first.index_number);
    assert_eq!(verify(store).await, 1 + 12 + 12 + 1);
}

pub async fn publication_update_detects_conflicts_and_attachments_share_content(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let same = b"%PDF-1.4 same bytes".to_vec();
    let r1 = store
        .create_publication(
            &a,
            NewPublication {
                agency_id: county.id,
                facts: draft("甲", "其他"),
                due_on: d(2026, 3, 30),
                attachments: vec![attachment("a.pdf", &same)],
            },
        )
        .await
        .expect("r1");
    let r2 = store
        .create_publication(
            &a,
            NewPublication {
                agency_id: county.id,
                facts: draft("乙", "其他"),
                due_on: d(2026, 3, 30),
                attachments: vec![attachment("b.pdf", &same)],
            },
        )
        .await
        .expect("r2 with the same content");
    let f1 = store.attachments(r1.id).await.expect("f")[0].clone();
    let f2 = store.attachments(r2.id).await.expect("f")[0].clone();
    assert_eq!(f1.sha256, f2.sha256);
    assert_ne!(f1.id, f2.id);
    let mut changed = r1.facts.clone();
    changed.content.title = "甲（修改）".into();
    changed.validity.status = Validity::InForce;
    let upd = |facts: Publication, v: i64, remove: Vec<i64>| PublicationUpdate {
        id: r1.id,
        expected_version: v,
        facts,
        due_on: d(2026, 3, 31),
        published_late: false,
        assign_index: None,
        add: vec![attachment("c.csv", b"x,y")],
        remove,
        audit_action: "publication.edit".into(),
    };
    let ok = store.update_publication(&a, upd(changed.clone(), 1, vec![f1.id])).await.expect("edit");
    assert_eq!((ok.version, ok.due_on, ok.facts.content.title.as_str()), (2, d(2026, 3, 31), "甲（修改）"));
    let names: Vec<String> = store.attachments(r1.id).await.expect("f").into_iter().map(|f| f.name).collect();
    assert_eq!(names, vec!["c.csv"]);
    // The other publication's file with the same content is still there.
    assert!(store.get_attachment(f2.id).await.expect("g").is_some());
    let stale = store.update_publication(&a, upd(changed, 1, vec![])).await;
    assert!(matches!(stale, Err(StoreError::Conflict("version"))), "{stale:?}");
    assert_eq!(store.get_publication(r1.id).await.expect("g").expect("s").version, 2);
    assert!(store.get_publication(99_999).await.expect("g").is_none());
}

pub async fn catalog_settings_guide_and_conflicts(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let s = store.catalog_settings(county.id).await.expect("defaults");
    assert_eq!((s.version, s.index_template.as_str(), s.guide.as_str()), (0, DEFAULT_INDEX_TEMPLATE, ""));
    let s = store
        .put_catalog_settings(
            &a,
            county.id,
            0,
            "一、信息分类".into(),
            "{credit_code}-{yyyy}-{seq:06}".into(),
            "内部".into(),
        )
        .await
        .expect("save");
    assert_eq!((s.version, s.guide.as_str()), (1, "一、信息分类"));
    let again = store
        .put_catalog_settings(&a, county.id, 0, "旧".into(), DEFAULT_INDEX_TEMPLATE.into(), String::new())
        .await;
    assert!(matches!(again, Err(StoreError::Conflict("version"))));
    let s2 = store
        .put_catalog_settings(&a, county.id, 1, "二".into(), DEFAULT_INDEX_TEMPLATE.into(), String::new())
        .await
        .expect("save 2");
    assert_eq!(s2.version, 2);
    assert_eq!(store.catalog_settings(county.id).await.expect("get").guide, "二");
    assert_eq!(verify(store).await, 3);
}
