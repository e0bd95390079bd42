//! Conformance cases for [`crate::RequestStore`].

use super::{make_county, make_user, verify};
use crate::*;
use chrono::NaiveDate;
use gongkai_domain::clock::Channel;
use gongkai_domain::request::{
    ActionKind, ApplicationInput, DisclosureRequest, EventRecord, LetterKind, Outcome, RequestState, validate,
};
use gongkai_domain::role::Role;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

/// A valid application of a natural person with this ID number and description.
pub fn facts(id_number: &str, description: &str, submitted: NaiveDate) -> DisclosureRequest {
    let app = validate(&ApplicationInput {
        kind: "natural_person".into(),
        name: "张三".into(),
        id_type: "resident_id".into(),
        id_number: id_number.into(),
        phone: "13800138000".into(),
        description: description.into(),
        form: "electronic".into(),
        delivery: "online".into(),
        ..Default::default()
    })
    .expect("valid application");
    DisclosureRequest::new(app, Channel::Online, submitted, None)
}

fn event(kind: ActionKind, text: &str) -> EventRecord {
    EventRecord { kind, on: None, summary_zh: text.into(), public_zh: Some(text.into()) }
}

/// A new request with one application file.
pub fn new_request(agency_id: i64, f: DisclosureRequest) -> NewRequest {
    NewRequest {
        agency_id,
        facts: f,
        tracking_hash: "h".repeat(64),
        due_on: None,
        event: event(ActionKind::ConfirmReceipt, "提交申请"),
        letter: None,
        files: vec![NewFile {
            role: FileRole::Application,
            name: "身份证.png".into(),
            content_type: "image/png".into(),
            data: vec![0x89, b'P', b'N', b'G', 0, 1, 2],
        }],
        submission_key: None,
    }
}

const ID: &str = "11010519491231002X";

/// Issue 13: a released file can be removed before delivery; the audit keeps its name and digest.
pub async fn files_are_deleted_with_an_audit_entry(store: &dyn Store) {
    let county = make_county(store).await.id;
    let a = Actor::system();
    let rec = store
        .create_request(&a, new_request(county, facts(ID, "请公开甲项", d(2025, 3, 3))))
        .await
        .expect("r");
    let owner = format!("request:{}", rec.id);
    let files = store.list_files(&owner).await.expect("files");
    assert_eq!(files.len(), 1);
    assert!(matches!(
        store.delete_file(&a, "request:999", county, files[0].id).await,
        Err(StoreError::NotFound(_))
    ));
    let gone = store.delete_file(&a, &owner, county, files[0].id).await.expect("delete");
    assert_eq!(gone.name, "身份证.png");
    assert!(store.list_files(&owner).await.expect("files").is_empty());
    assert!(store.get_file(gone.id).await.expect("get").is_none());
    let audit = store.list_audit(AuditFilter { limit: 1, ..Default::default() }).await.expect("audit");
    assert_eq!(audit[0].action, "file.delete");
    assert!(audit[0].before.contains("身份证.png") && audit[0].before.contains(&gone.sha256));
}

/// Issue 13: one apply form files at most one request. The same one-time key at the same agency
/// is a conflict and finds the first request; another agency or no key is independent.
pub async fn one_request_per_submission_key(store: &dyn Store) {
    let county = make_county(store).await.id;
    let other = store
        .create_agency(
            &Actor::system(),
            super::new_agency(
                "测试县另一局",
                gongkai_domain::agency::AgencyLevel::County,
                gongkai_domain::agency::AgencyKind::Department,
                Some(county),
            ),
        )
        .await
        .expect("other agency")
        .id;
    let a = Actor::system();
    let f = || facts(ID, "请公开甲项", d(2025, 3, 3));
    let key = "k".repeat(64);
    let keyed = |agency_id| NewRequest { submission_key: Some(key.clone()), ..new_request(agency_id, f()) };
    let first = store.create_request(&a, keyed(county)).await.expect("first");
    let again = store.create_request(&a, keyed(county)).await;
    assert!(matches!(again, Err(StoreError::Conflict("submission_key"))), "{again:?}");
    let found = store.find_request_by_submission(county, &key).await.expect("find").expect("found");
    assert_eq!(found.number, first.number);
    assert!(store.find_request_by_submission(county, "other").await.expect("find").is_none());
    store.create_request(&a, keyed(other)).await.expect("another agency: its own request");
    store.create_request(&a, new_request(county, f())).await.expect("no key");
    store.create_request(&a, new_request(county, f())).await.expect("no key, again");
    let (n, _) = store
        .list_requests(&RequestFilter { agency_ids: vec![county], limit: 0, ..Default::default() })
        .await
        .expect("count");
    assert_eq!(n, 3, "one keyed request and two without a key");
}

pub async fn requests_numbered_per_agency_and_year(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let r1 = store
        .create_request(&a, new_request(county.id, facts(ID, "请公开甲项", d(2025, 3, 3))))
        .await
        .expect("r1");
    let r2 = store
        .create_request(&a, new_request(county.id, facts(ID, "请公开乙项", d(2025, 3, 4))))
        .await
        .expect("r2");
    let r3 = store
        .create_request(&a, new_request(county.id, facts(ID, "请公开丙项", d(2026, 1, 5))))
        .await
        .expect("r3");
    assert_eq!(r1.number, format!("2025-{:04}-00001", county.id));
    assert_eq!(r2.number, format!("2025-{:04}-00002", county.id));
    assert_eq!(r3.number, format!("2026-{:04}-00001", county.id));
    assert_eq!(r1.version, 1);
    let (found, hash) = store.find_request_by_number(&r2.number).await.expect("find").expect("some");
    assert_eq!((found.id, hash.len()), (r2.id, 64));
    assert_eq!(found.facts, r2.facts);
    assert!(store.find_request_by_number("2025-9999-00001").await.expect("find").is_none());
    let files = store.list_files(&format!("request:{}", r1.id)).await.expect("files");
    assert_eq!(files.len(), 1);
    let (meta, data) = store.get_file(files[0].id).await.expect("get").expect("some");
    assert_eq!((meta.size, data.len(), meta.sha256.len()), (7, 7, 64));
    let events = store.request_events(r1.id).await.expect("events");
    assert_eq!(events.len(), 1);
    assert!(verify(store).await >= 4);
}

pub async fn request_update_detects_conflicts(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    let r = store
        .create_request(&a, new_request(county.id, facts(ID, "请公开甲项", d(2025, 3, 3))))
        .await
        .expect("r");
    let mut f = r.facts.clone();
    f.received_on = Some(d(2025, 3, 4));
    f.state = RequestState::InProgress;
    let upd = |v: i64, f: DisclosureRequest| RequestUpdate {
        id: r.id,
        expected_version: v,
        facts: f,
        due_on: Some(d(2025, 4, 1)),
        event: event(ActionKind::ConfirmReceipt, "确认收到"),
        letter: Some(NewLetter {
            kind: LetterKind::Receipt,
            title: "回执".into(),
            body: "<b>正文</b>".into(),
        }),
        files: vec![],
    };
    let r2 = store.update_request(&a, upd(1, f.clone())).await.expect("first update");
    assert_eq!((r2.version, r2.due_on, r2.facts.state), (2, Some(d(2025, 4, 1)), RequestState::InProgress));
    // A second writer that read version 1 loses, and nothing of its change is kept.
    let mut stale = f.clone();
    stale.state = RequestState::Withdrawn;
    let err = store.update_request(&a, upd(1, stale)).await.expect_err("stale");
    assert!(matches!(err, StoreError::Conflict("version")), "{err:?}");
    let now = store.get_request(r.id).await.expect("get").expect("some");
    assert_eq!((now.version, now.facts.state), (2, RequestState::InProgress));
    let letters = store.request_letters(r.id).await.expect("letters");
    assert_eq!(letters.len(), 1);
    assert_eq!(letters[0].body, "<b>正文</b>");
    assert_eq!(store.get_letter(letters[0].id).await.expect("l").expect("some").kind, LetterKind::Receipt);
    assert_eq!(store.request_events(r.id).await.expect("events").len(), 2);
    assert!(matches!(
        store.update_request(&a, RequestUpdate { id: 999_999, ..upd(1, f) }).await,
        Err(StoreError::NotFound("request"))
    ));
}

pub async fn request_lists_filter_and_sort(store: &dyn Store) {
    let county = make_county(store).await;
    let handler = make_user(store, county.id, "handler", &[Role::Editor]).await;
    let a = Actor::system();
    let mut ids = Vec::new();
    for (i, due) in [(0u32, Some(d(2025, 5, 1))), (1, Some(d(2025, 4, 1))), (2, None)] {
        let r = store
            .create_request(
                &a,
                new_request(county.id, facts(ID, &format!("请公开第{i}项信息"), d(2025, 3, 3 + i))),
            )
            .await
            .expect("create");
        let mut f = r.facts.clone();
        f.received_on = Some(f.submitted_on);
        f.state = if due.is_some() { RequestState::InProgress } else { RequestState::Closed };
        if i == 1 {
            f.handler = Some(gongkai_domain::request::Handler { id: handler.id, name: "handler".into() });
        }
        if due.is_none() {
            f.decision = Some(gongkai_domain::request::Decision {
                on: d(2025, 3, 20),
                outcome: Outcome::Granted,
                basis: String::new(),
                reasoning: String::new(),
                decided_by: String::new(),
            });
        }
        let u = RequestUpdate {
            id: r.id,
            expected_version: 1,
            facts: f,
            due_on: due,
            event: event(ActionKind::Decide, "x"),
            letter: None,
            files: vec![],
        };
        ids.push(store.update_request(&a, u).await.expect("update").id);
    }
    let base = RequestFilter { agency_ids: vec![county.id], limit: 50, ..Default::default() };
    let (total, items) = store.list_requests(&base).await.expect("list");
    assert_eq!(total, 3);
    assert_eq!(items.iter().map(|i| i.id).collect::<Vec<_>>(), vec![ids[1], ids[0], ids[2]], "urgency order");
    assert_eq!(items[2].outcome, Some(Outcome::Granted));
    let open = RequestFilter { states: RequestState::OPEN.to_vec(), ..base.clone() };
    assert_eq!(store.list_requests(&open).await.expect("open").0, 2);
    let mine = RequestFilter { handler_id: Some(handler.id), ..base.clone() };
    assert_eq!(store.list_requests(&mine).await.expect("mine").1[0].id, ids[1]);
    let by_number = RequestFilter { q: Some(items[0].number.clone()), ..base.clone() };
    assert_eq!(store.list_requests(&by_number).await.expect("q").0, 1);
    let by_name = RequestFilter { q: Some("张".into()), ..base.clone() };
    assert_eq!(store.list_requests(&by_name).await.expect("q").0, 3);
    let y2024 = RequestFilter { year: Some(2024), ..base.clone() };
    assert_eq!(store.list_requests(&y2024).await.expect("year").0, 0);
    let paged = RequestFilter { limit: 1, offset: 1, order: RequestOrder::Newest, ..base.clone() };
    let (t, p) = store.list_requests(&paged).await.expect("page");
    assert_eq!((t, p.len(), p[0].id), (3, 1, ids[1]));
    let nobody = RequestFilter { agency_ids: vec![], ..base };
    assert_eq!(store.list_requests(&nobody).await.expect("none").0, 0);
    let dues = store.open_due_dates(&[county.id]).await.expect("dues");
    assert_eq!(dues.len(), 2);
    let hist = store.applicant_history(county.id, ID, 10).await.expect("history");
    assert_eq!(hist.len(), 3);
    assert!(hist[0].1.starts_with("请公开第"));
    let n =
        store.count_applicant_requests(county.id, ID, d(2025, 3, 1), d(2025, 3, 31)).await.expect("count");
    assert_eq!(n, 3);
    let n = store.count_applicant_requests(county.id, ID, d(2025, 3, 4), d(2025, 3, 4)).await.expect("count");
    assert_eq!(n, 1);
}

pub async fn letter_templates_and_cases(store: &dyn Store) {
    let county = make_county(store).await;
    let a = Actor::system();
    assert_eq!(store.letter_template(county.id, LetterKind::Reply).await.expect("get"), None);
    store.put_letter_template(&a, county.id, LetterKind::Reply, Some("模板一".into())).await.expect("put");
    store.put_letter_template(&a, county.id, LetterKind::Reply, Some("模板二".into())).await.expect("put");
    assert_eq!(
        store.letter_template(county.id, LetterKind::Reply).await.expect("get").as_deref(),
        Some("模板二")
    );
    store.put_letter_template(&a, county.id, LetterKind::Reply, None).await.expect("reset");
    assert_eq!(store.letter_template(county.id, LetterKind::Reply).await.expect("get"), None);

    let input = CaseInput {
        agency_id: county.id,
        request_id: None,
        kind: CaseKind::Reconsideration,
        body: "示例市人民政府".into(),
        case_number: "示复〔2025〕1号".into(),
        applicant: "张三".into(),
        filed_on: d(2025, 6, 1),
        closed_on: None,
        result: CaseResult::Pending,
        summary: String::new(),
    };
    let c = store.create_case(&a, input.clone()).await.expect("case");
    assert_eq!((c.version, c.result), (1, CaseResult::Pending));
    let closed = CaseInput { closed_on: Some(d(2025, 7, 1)), result: CaseResult::Upheld, ..input.clone() };
    let c2 = store.update_case(&a, c.id, 1, closed.clone()).await.expect("update");
    assert_eq!((c2.version, c2.result, c2.closed_on), (2, CaseResult::Upheld, Some(d(2025, 7, 1))));
    assert!(matches!(store.update_case(&a, c.id, 1, closed).await, Err(StoreError::Conflict("version"))));
    assert_eq!(store.list_cases(&[county.id]).await.expect("list").len(), 1);
    assert_eq!(store.get_case(c.id).await.expect("get").expect("some").result, CaseResult::Upheld);
    let bad = CaseInput { request_id: Some(424_242), ..input };
    assert!(store.create_case(&a, bad).await.is_err(), "unknown request refused");
}
