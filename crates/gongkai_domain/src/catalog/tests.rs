use super::*;
use crate::calendar::WorkCalendar;
use crate::role::Role;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn input() -> ContentInput {
    ContentInput {
        title: "示例县关于做好2026年耕地地力保护补贴发放工作的通知".into(),
        document_number: "示政办发〔2026〕3号".into(),
        formed_on: "2026-03-02".into(),
        topic: "农业、林业、水利\\农业、畜牧业、渔业".into(),
        genre: "notice".into(),
        summary: "部署补贴发放。".into(),
        keywords: "补贴，耕地 地力".into(),
        statutory: vec!["art20_11".into(), "art20_11".into()],
        body_html: "<p>各乡镇：</p>".into(),
        ..Default::default()
    }
}

fn published_draft() -> Publication {
    Publication::new(validate_content(&input(), d("2026-03-10")).expect("valid"))
}

fn ctx<'a>(roles: &'a [Role], today: &str, unresolved: usize) -> ActionContext<'a> {
    ActionContext {
        roles,
        actor_name: "张三",
        today: d(today),
        now: "2026-03-10T08:00:00+08:00",
        unresolved_findings: unresolved,
    }
}

#[test]
fn taxonomy_has_22_classes_and_checks_paths() {
    assert_eq!(TOPICS.len(), 22);
    assert!(topic_valid("综合政务\\政务公开"));
    assert!(topic_valid("其他"));
    assert!(!topic_valid("综合政务\\不存在"));
    assert!(!topic_valid(""));
    assert_eq!(topic_main("综合政务\\政务公开"), "综合政务");
    assert_eq!(topic_number("综合政务"), Some(2));
    assert_eq!(topic_by_number(2), Some("综合政务"));
    assert_eq!(topic_by_number(0), None);
    assert!(topic_paths().len() > 100);
}

#[test]
fn statutory_items_have_stable_unique_keys() {
    let mut keys: Vec<&str> = STATUTORY_ITEMS.iter().map(|i| i.key).collect();
    assert_eq!(STATUTORY_ITEMS.iter().filter(|i| i.article == StatutoryArticle::Art20).count(), 15);
    assert_eq!(STATUTORY_ITEMS.iter().filter(|i| i.article == StatutoryArticle::Art21Township).count(), 8);
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), STATUTORY_ITEMS.len());
    assert!(statutory_items_for(true).iter().any(|i| i.key == "art21t_homestead"));
    assert!(!statutory_items_for(false).iter().any(|i| i.key == "art21t_homestead"));
}

#[test]
fn genres_round_trip() {
    for g in Genre::ALL {
        assert_eq!(Genre::from_key(g.key()), Some(g));
        assert_eq!(Genre::from_label(g.label_zh()), Some(g));
    }
}

#[test]
fn validation_reports_every_field() {
    let ok = validate_content(&input(), d("2026-03-10")).expect("valid");
    assert_eq!(ok.keywords, vec!["补贴", "耕地", "地力"]);
    assert_eq!(ok.statutory, vec!["art20_11"]);
    let bad = ContentInput {
        title: String::new(),
        formed_on: "2026-04-01".into(),
        topic: "无此类".into(),
        genre: "poem".into(),
        body_html: " ".into(),
        statutory: vec!["art99".into()],
        ..Default::default()
    };
    let errs = validate_content(&bad, d("2026-03-10")).expect_err("invalid");
    let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
    for f in ["title", "formed_on", "topic", "genre", "body_html", "statutory"] {
        assert!(fields.contains(&f), "{f} missing in {fields:?}");
    }
    let interp = ContentInput { genre: "interpretation".into(), ..input() };
    let errs = validate_content(&interp, d("2026-03-10")).expect_err("needs link");
    assert_eq!(errs[0].field, "interprets");
}

#[test]
fn index_numbers_follow_the_template() {
    assert_eq!(
        format_index_number(DEFAULT_INDEX_TEMPLATE, "11999999MB1000011X", 2026, 7).expect("ok"),
        "MB1000011/2026-00007"
    );
    assert_eq!(
        format_index_number(DEFAULT_INDEX_TEMPLATE, "00001434-9", 2017, 110).expect("ok"),
        "000014349/2017-00110"
    );
    assert_eq!(
        format_index_number("{credit_code}/{yyyy}-{seq:06}", "11999999MB1000011X", 2024, 1005).expect("ok"),
        "11999999MB1000011X/2024-001005"
    );
    assert_eq!(format_index_number("X-{seq}", "", 2024, 3).expect("no code needed"), "X-3");
    assert_eq!(check_index_template("{org_code}/{yyyy}"), Err(IndexTemplateError::NoSerial));
    assert!(matches!(check_index_template("{org}/{seq}"), Err(IndexTemplateError::Unknown(_))));
    assert_eq!(check_index_template("{seq"), Err(IndexTemplateError::Unbalanced));
    assert_eq!(format_index_number(DEFAULT_INDEX_TEMPLATE, "", 2024, 1), Err(IndexTemplateError::NoCode));
}

#[test]
fn timeliness_counts_20_working_days_from_formation() {
    let cal = WorkCalendar::official();
    let mut p = published_draft();
    // 2026-03-02 (Monday) + 20 working days = 2026-03-30.
    let due = due_on(p.content.formed_on, &cal);
    assert_eq!(due, d("2026-03-30"));
    assert_eq!(timeliness(&p, &cal, d("2026-03-10")), Timeliness::Pending { due_on: due, left: 14 });
    assert!(timeliness(&p, &cal, d("2026-03-25")).is_due_soon());
    assert_eq!(timeliness(&p, &cal, d("2026-03-31")), Timeliness::Overdue { due_on: due, late: 1 });
    p.published_on = Some(d("2026-03-30"));
    assert_eq!(timeliness(&p, &cal, d("2026-05-01")), Timeliness::OnTime { due_on: due });
    p.published_on = Some(d("2026-04-01"));
    let t = timeliness(&p, &cal, d("2026-05-01"));
    assert_eq!(t, Timeliness::PublishedLate { due_on: due, late: 2 });
    assert!(t.is_late());
    assert_eq!(t.label_zh(), "逾期 2 个工作日公开");
}

#[test]
fn the_workflow_runs_draft_review_approval_publish() {
    let editor = [Role::Editor];
    let reviewer = [Role::Reviewer];
    let approver = [Role::Approver];
    let p = published_draft();
    assert_eq!(allowed_actions(&p, &editor), vec![ActionKind::Submit, ActionKind::Edit]);
    assert!(allowed_actions(&p, &reviewer).is_empty());
    assert_eq!(
        apply(&p, &Action::Submit, &ctx(&reviewer, "2026-03-10", 0)).expect_err("role").code,
        "forbidden"
    );
    let p = apply(&p, &Action::Submit, &ctx(&editor, "2026-03-10", 0)).expect("submit");
    assert_eq!(p.state, PublicationState::InReview);
    // Findings block the review.
    let e = apply(&p, &Action::PassReview { note: String::new() }, &ctx(&reviewer, "2026-03-10", 2))
        .expect_err("blocked");
    assert_eq!(e.code, "unresolved_findings");
    assert!(e.message.contains("2 处"));
    let rejected = apply(&p, &Action::Reject { reason: " ".into() }, &ctx(&reviewer, "2026-03-10", 0));
    assert_eq!(rejected.expect_err("reason").code, "reason_required");
    let back =
        apply(&p, &Action::Reject { reason: "附件含身份证号".into() }, &ctx(&reviewer, "2026-03-10", 0))
            .expect("reject");
    assert_eq!((back.state, back.rejection.as_deref()), (PublicationState::Draft, Some("附件含身份证号")));
    let p = apply(&p, &Action::PassReview { note: "未发现涉密".into() }, &ctx(&reviewer, "2026-03-10", 0))
        .expect("pass");
    assert_eq!(p.state, PublicationState::AwaitingApproval);
    assert_eq!(
        allowed_actions(&p, &approver),
        vec![ActionKind::Reject, ActionKind::Publish, ActionKind::Schedule]
    );
    let s = apply(&p, &Action::Schedule { on: d("2026-03-10") }, &ctx(&approver, "2026-03-10", 0));
    assert_eq!(s.expect_err("not future").code, "schedule_not_future");
    let s =
        apply(&p, &Action::Schedule { on: d("2026-03-12") }, &ctx(&approver, "2026-03-10", 0)).expect("s");
    assert_eq!((s.state, s.scheduled_on), (PublicationState::Scheduled, Some(d("2026-03-12"))));
    let released = apply(&s, &Action::Release, &ctx(&[], "2026-03-12", 0)).expect("release");
    assert_eq!(released.published_on, Some(d("2026-03-12")));
    let p = apply(&p, &Action::Publish, &ctx(&approver, "2026-03-10", 0)).expect("publish");
    assert!(p.is_public());
    assert_eq!(p.history.len(), 3);
    assert_eq!(p.history[2].by, "张三");
    assert_eq!(allowed_actions(&p, &approver), vec![ActionKind::Withdraw, ActionKind::SetValidity]);
    let w = apply(
        &p,
        &Action::Withdraw { reason: "内容有误，更正后重新发布".into() },
        &ctx(&approver, "2026-03-11", 0),
    )
    .expect("withdraw");
    assert_eq!(w.state, PublicationState::Withdrawn);
    assert_eq!(w.withdrawal.as_ref().map(|x| x.on), Some(d("2026-03-11")));
    assert!(allowed_actions(&w, &[Role::Editor, Role::Reviewer, Role::Approver]).is_empty());
}

#[test]
fn validity_changes_need_a_date_and_record_the_replacement() {
    let mut p = published_draft();
    p.state = PublicationState::Published;
    let editor = [Role::Editor];
    let a = Action::SetValidity {
        status: Validity::Expired,
        on: None,
        replaced_by: Some(9),
        note: String::new(),
    };
    assert_eq!(apply(&p, &a, &ctx(&editor, "2026-03-10", 0)).expect_err("date").code, "date_required");
    let a = Action::SetValidity {
        status: Validity::Expired,
        on: Some(d("2026-03-09")),
        replaced_by: Some(9),
        note: "被新文件替代".into(),
    };
    let n = apply(&p, &a, &ctx(&editor, "2026-03-10", 0)).expect("ok");
    assert_eq!(n.validity.status, Validity::Expired);
    assert_eq!(n.validity.replaced_by, Some(9));
    assert_eq!(n.history[0].note, "自 2026年3月9日 起失效");
}

#[test]
fn fingerprints_are_stable_and_distinct() {
    use crate::pii::FindingKind;
    let a = finding_fingerprint("正文", FindingKind::Mobile, "13812345678");
    assert_eq!(a, finding_fingerprint("正文", FindingKind::Mobile, "13812345678"));
    assert_ne!(a, finding_fingerprint("名单.csv", FindingKind::Mobile, "13812345678"));
    assert_ne!(a, finding_fingerprint("正文", FindingKind::Mobile, "13812345679"));
    assert_eq!(a.len(), 16);
}
