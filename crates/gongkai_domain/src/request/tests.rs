#![allow(clippy::unwrap_used)]

use super::*;
use crate::calendar::WorkCalendar;
use crate::clock::ClockStatus;
use crate::role::Role;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn input() -> ApplicationInput {
    ApplicationInput {
        kind: "natural_person".into(),
        name: "张三".into(),
        id_type: "resident_id".into(),
        id_number: "11010519491231002X".into(),
        phone: "13800138000".into(),
        email: "zhangsan@example.cn".into(),
        address: "示例县城关镇人民路1号".into(),
        description: "请公开2025年城关镇耕地地力保护补贴发放名单".into(),
        form: "electronic".into(),
        delivery: "email".into(),
        ..Default::default()
    }
}

fn online(on: &str) -> DisclosureRequest {
    DisclosureRequest::new(validate(&input()).unwrap(), Channel::Online, d(on), None)
}

struct Env {
    cal: WorkCalendar,
}

impl Env {
    fn new() -> Self {
        Self { cal: WorkCalendar::official() }
    }
    fn act(&self, r: &DisclosureRequest, a: Action, roles: &[Role], today: &str) -> Result<Applied, Refusal> {
        apply(r, &a, &ActionContext { roles, actor_name: "李四", today: d(today), calendar: &self.cal })
    }
    fn ok(&self, r: &DisclosureRequest, a: Action, today: &str) -> DisclosureRequest {
        self.act(r, a, &[Role::Editor, Role::Approver], today).unwrap().request
    }
}

const EDITOR: &[Role] = &[Role::Editor];

#[test]
fn validation_names_every_bad_field() {
    let mut i = input();
    i.kind = "alien".into();
    i.id_number = "110105194912310021".into(); // wrong check digit
    i.email = "not-an-email".into();
    i.phone = "12345".into();
    i.description = String::new();
    i.form = "paper".into();
    i.delivery = "email".into();
    let errs = validate(&i).unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| (e.field, e.code)).collect();
    for f in ["kind", "id_number", "email", "phone", "description", "delivery"] {
        assert!(fields.iter().any(|(x, _)| *x == f), "{f} missing in {fields:?}");
    }
    assert!(errs.iter().all(|e| !e.message.is_empty()));
}

#[test]
fn validation_checks_kind_against_id_type_and_delivery_needs() {
    let mut i = input();
    i.kind = "company".into();
    assert!(validate(&i).unwrap_err().iter().any(|e| e.field == "id_type" && e.code == "mismatch"));
    i.id_type = "credit_code".into();
    i.id_number = "91350100M000100Y43".into();
    assert!(validate(&i).is_ok(), "{:?}", validate(&i));
    let mut i = input();
    i.delivery = "post".into();
    i.address = String::new();
    assert!(validate(&i).unwrap_err().iter().any(|e| e.field == "address"));
    let mut i = input();
    i.form = "inspection".into();
    i.delivery = "pickup".into();
    assert!(validate(&i).is_ok());
    let mut i = input();
    i.phone = String::new();
    i.email = String::new();
    i.address = String::new();
    i.delivery = "pickup".into();
    assert!(validate(&i).unwrap_err().iter().any(|e| e.code == "contact_required"));
}

#[test]
fn html_in_text_fields_is_kept_verbatim_for_escaping_at_output() {
    let mut i = input();
    i.description = "<script>alert(1)</script> 请公开名单".into();
    let a = validate(&i).unwrap();
    assert_eq!(a.description, "<script>alert(1)</script> 请公开名单");
}

#[test]
fn channel_decides_initial_state() {
    let a = validate(&input()).unwrap();
    let r = DisclosureRequest::new(a.clone(), Channel::InPerson, d("2025-03-03"), None);
    assert_eq!((r.state, r.received_on), (RequestState::InProgress, Some(d("2025-03-03"))));
    let r = DisclosureRequest::new(a, Channel::Online, d("2025-03-03"), None);
    assert_eq!((r.state, r.received_on), (RequestState::Submitted, None));
    assert!(r.clock(&WorkCalendar::official(), &ClockSettings::default(), d("2025-03-03"), false).is_none());
}

#[test]
fn supervisors_and_plain_users_cannot_act() {
    let env = Env::new();
    let r = online("2025-03-03");
    let e = env
        .act(&r, Action::ConfirmReceipt { on: d("2025-03-04") }, &[Role::Supervisor], "2025-03-04")
        .unwrap_err();
    assert_eq!(e.code, "forbidden");
    assert!(allowed_actions(&r, &[Role::Supervisor]).is_empty());
}

#[test]
fn allowed_actions_per_state() {
    let env = Env::new();
    let r = online("2025-03-03");
    assert_eq!(
        allowed_actions(&r, EDITOR),
        vec![ActionKind::Assign, ActionKind::ConfirmReceipt, ActionKind::Withdraw]
    );
    let r = env.ok(&r, Action::ConfirmReceipt { on: d("2025-03-04") }, "2025-03-04");
    let allowed = allowed_actions(&r, EDITOR);
    for k in [
        ActionKind::Assign,
        ActionKind::RequestCorrection,
        ActionKind::StartConsultation,
        ActionKind::IssueFeeNotice,
        ActionKind::Decide,
        ActionKind::Withdraw,
    ] {
        assert!(allowed.contains(&k), "{k:?}");
    }
    assert!(!allowed.contains(&ActionKind::Extend), "editors cannot extend");
    assert!(allowed_actions(&r, &[Role::Approver]).contains(&ActionKind::Extend));
    for k in [ActionKind::ConfirmReceipt, ActionKind::Deliver, ActionKind::Close, ActionKind::RecordPayment] {
        assert!(!allowed.contains(&k), "{k:?}");
    }
}

#[test]
fn every_refused_transition_names_the_state() {
    let env = Env::new();
    let r = online("2025-03-03");
    for a in [
        Action::Decide {
            on: d("2025-03-04"),
            outcome: Outcome::Granted,
            basis: String::new(),
            reasoning: String::new(),
        },
        Action::Deliver { on: d("2025-03-04"), method: String::new(), sensitive_override: None },
        Action::Close { on: d("2025-03-04") },
        Action::RecordPayment { on: d("2025-03-04"), amount_yuan: 1 },
        Action::RecordCorrection { on: d("2025-03-04"), note: String::new() },
        Action::RequestCorrection { on: d("2025-03-04"), deadline: d("2025-03-20"), items: "x".into() },
    ] {
        let e = env.act(&r, a.clone(), EDITOR, "2025-03-10").unwrap_err();
        assert_eq!(e.code, "invalid_state", "{a:?}");
        assert!(e.message.contains("已提交，待确认收到"));
    }
}

#[test]
fn dates_in_future_or_before_receipt_are_refused() {
    let env = Env::new();
    let r = online("2025-03-03");
    assert_eq!(
        env.act(&r, Action::ConfirmReceipt { on: d("2025-03-09") }, EDITOR, "2025-03-05").unwrap_err().code,
        "future_date"
    );
    assert_eq!(
        env.act(&r, Action::ConfirmReceipt { on: d("2025-03-01") }, EDITOR, "2025-03-05").unwrap_err().code,
        "date_before_receipt"
    );
}

#[test]
fn correction_is_once_and_late_notice_warns_and_lapse_needs_deadline() {
    let env = Env::new();
    let r = env.ok(&online("2025-03-03"), Action::ConfirmReceipt { on: d("2025-03-03") }, "2025-03-03");
    // 2025-03-03 + 8 working days = 03-13: late by the 7-day rule.
    let a = env
        .act(
            &r,
            Action::RequestCorrection {
                on: d("2025-03-13"),
                deadline: d("2025-03-28"),
                items: "请写明年份".into(),
            },
            EDITOR,
            "2025-03-13",
        )
        .unwrap();
    assert_eq!(a.letter, Some(LetterKind::CorrectionNotice));
    assert!(a.warnings.iter().any(|w| w.contains("7个工作日")), "{:?}", a.warnings);
    let r = a.request;
    assert_eq!(r.state, RequestState::AwaitingCorrection);
    assert_eq!(r.waiting_on(), WaitingOn::Applicant);
    let e = env.act(&r, Action::CorrectionLapsed { on: d("2025-03-28") }, EDITOR, "2025-03-28").unwrap_err();
    assert_eq!(e.code, "not_lapsed");
    let closed = env.ok(&r, Action::CorrectionLapsed { on: d("2025-03-31") }, "2025-03-31");
    assert_eq!(closed.state, RequestState::Closed);
    assert_eq!(closed.outcome(), Some(Outcome::Other(OtherReason::CorrectionLapsed)));
    // Once corrected, no second notice.
    let r2 =
        env.ok(&r, Action::RecordCorrection { on: d("2025-03-20"), note: "已补正".into() }, "2025-03-20");
    let e = env
        .act(
            &r2,
            Action::RequestCorrection { on: d("2025-03-21"), deadline: d("2025-03-28"), items: "x".into() },
            EDITOR,
            "2025-03-21",
        )
        .unwrap_err();
    assert_eq!(e.code, "correction_once");
}

#[test]
fn consultation_pauses_and_no_answer_needs_fifteen_days() {
    let env = Env::new();
    let r = env.ok(&online("2025-03-03"), Action::ConfirmReceipt { on: d("2025-03-03") }, "2025-03-03");
    let r = env.ok(
        &r,
        Action::StartConsultation {
            kind: ConsultationKind::ThirdParty,
            party: "某某有限公司".into(),
            matter: "合同价格".into(),
            on: d("2025-03-05"),
        },
        "2025-03-05",
    );
    assert_eq!(r.waiting_on(), WaitingOn::ThirdParty);
    let e = env
        .act(
            &r,
            Action::Decide {
                on: d("2025-03-06"),
                outcome: Outcome::Granted,
                basis: String::new(),
                reasoning: String::new(),
            },
            EDITOR,
            "2025-03-06",
        )
        .unwrap_err();
    assert_eq!(e.code, "consultation_open");
    let e = env
        .act(
            &r,
            Action::EndConsultation {
                index: 0,
                on: d("2025-03-20"),
                result: ConsultationResult::NoAnswer,
                opinion: String::new(),
            },
            EDITOR,
            "2025-03-20",
        )
        .unwrap_err();
    assert_eq!(e.code, "not_lapsed");
    let r = env.ok(
        &r,
        Action::EndConsultation {
            index: 0,
            on: d("2025-03-27"),
            result: ConsultationResult::NoAnswer,
            opinion: String::new(),
        },
        "2025-03-27",
    );
    assert_eq!(r.waiting_on(), WaitingOn::Agency);
    let clock = r.clock(&env.cal, &ClockSettings::default(), d("2025-03-27"), false).unwrap().unwrap();
    assert_eq!(clock.paused_workdays, 16, "{clock:?}");
}

#[test]
fn extension_is_for_approvers_once_within_limit() {
    let env = Env::new();
    let r = env.ok(&online("2025-03-03"), Action::ConfirmReceipt { on: d("2025-03-03") }, "2025-03-03");
    let ext = |w| Action::Extend { on: d("2025-03-20"), workdays: w, reason: "涉及档案检索".into() };
    assert_eq!(env.act(&r, ext(20), EDITOR, "2025-03-20").unwrap_err().code, "approver_required");
    assert_eq!(env.act(&r, ext(21), &[Role::Approver], "2025-03-20").unwrap_err().code, "extension_too_long");
    let a = env.act(&r, ext(20), &[Role::Approver], "2025-03-20").unwrap();
    assert_eq!(a.letter, Some(LetterKind::ExtensionNotice));
    assert_eq!(a.request.extension.as_ref().unwrap().approved_by, "李四");
    assert_eq!(
        env.act(&a.request, ext(5), &[Role::Approver], "2025-03-20").unwrap_err().code,
        "extension_once"
    );
    let e = env
        .act(
            &r,
            Action::Extend { on: d("2025-03-20"), workdays: 10, reason: " ".into() },
            &[Role::Approver],
            "2025-03-20",
        )
        .unwrap_err();
    assert_eq!(e.code, "reason_required");
}

#[test]
fn fee_notice_payment_and_lapse() {
    let env = Env::new();
    let r = env.ok(&online("2025-03-03"), Action::ConfirmReceipt { on: d("2025-03-03") }, "2025-03-03");
    let e = env
        .act(
            &r,
            Action::IssueFeeNotice { on: d("2025-03-05"), method: FeeMethod::PerPage, quantity: 30 },
            EDITOR,
            "2025-03-05",
        )
        .unwrap_err();
    assert_eq!(e.code, "fee_zero");
    let a = env
        .act(
            &r,
            Action::IssueFeeNotice { on: d("2025-03-05"), method: FeeMethod::PerPage, quantity: 120 },
            EDITOR,
            "2025-03-05",
        )
        .unwrap();
    assert_eq!(a.letter, Some(LetterKind::FeeNotice));
    let r = a.request;
    let fee = r.fee.clone().unwrap();
    assert_eq!(fee.quote.amount_yuan, 700 + 400);
    // 20 working days after 2025-03-05 → 2025-04-02.
    assert_eq!(fee.pay_by, d("2025-04-02"));
    assert_eq!(r.state, RequestState::AwaitingPayment);
    let e = env
        .act(&r, Action::RecordPayment { on: d("2025-03-10"), amount_yuan: 1 }, EDITOR, "2025-03-10")
        .unwrap_err();
    assert_eq!(e.code, "amount_mismatch");
    let paid = env.ok(&r, Action::RecordPayment { on: d("2025-03-10"), amount_yuan: 1100 }, "2025-03-10");
    assert_eq!(paid.state, RequestState::InProgress);
    assert_eq!(
        env.act(&r, Action::FeeLapsed { on: d("2025-04-02") }, EDITOR, "2025-04-02").unwrap_err().code,
        "not_lapsed"
    );
    let lapsed = env.ok(&r, Action::FeeLapsed { on: d("2025-04-03") }, "2025-04-03");
    assert_eq!(lapsed.outcome(), Some(Outcome::Other(OtherReason::FeeUnpaid)));
    assert_eq!(lapsed.state, RequestState::Closed);
}

#[test]
fn decide_deliver_close_and_withdraw() {
    let env = Env::new();
    let r = env.ok(&online("2025-03-03"), Action::ConfirmReceipt { on: d("2025-03-03") }, "2025-03-03");
    let e = env
        .act(
            &r,
            Action::Decide {
                on: d("2025-03-10"),
                outcome: Outcome::PartlyGranted,
                basis: String::new(),
                reasoning: " ".into(),
            },
            EDITOR,
            "2025-03-10",
        )
        .unwrap_err();
    assert_eq!(e.code, "reasoning_required");
    let e = env
        .act(
            &r,
            Action::Decide {
                on: d("2025-03-10"),
                outcome: Outcome::Unavailable(UnavailableReason::StillUnclear),
                basis: String::new(),
                reasoning: "x".into(),
            },
            EDITOR,
            "2025-03-10",
        )
        .unwrap_err();
    assert_eq!(e.code, "needs_correction");
    let a = env
        .act(
            &r,
            Action::Decide {
                on: d("2025-03-10"),
                outcome: Outcome::PartlyGranted,
                basis: String::new(),
                reasoning: "名单中的身份证号码已作遮盖处理".into(),
            },
            EDITOR,
            "2025-03-10",
        )
        .unwrap();
    assert_eq!(a.letter, Some(LetterKind::Reply));
    assert_eq!(a.request.decision.as_ref().unwrap().basis, Outcome::PartlyGranted.default_basis());
    let r2 = env.ok(
        &a.request,
        Action::Deliver { on: d("2025-03-11"), method: "电子邮件".into(), sensitive_override: None },
        "2025-03-11",
    );
    assert_eq!(r2.state, RequestState::Delivered);
    let r3 = env.ok(&r2, Action::Close { on: d("2025-03-12") }, "2025-03-12");
    assert_eq!((r3.state, r3.outcome()), (RequestState::Closed, Some(Outcome::PartlyGranted)));
    assert_eq!(
        env.act(&r3, Action::Withdraw { on: d("2025-03-12"), reason: String::new() }, EDITOR, "2025-03-12")
            .unwrap_err()
            .code,
        "invalid_state"
    );
    let w = env.ok(&r, Action::Withdraw { on: d("2025-03-05"), reason: "已自行获取".into() }, "2025-03-05");
    assert_eq!((w.state, w.outcome()), (RequestState::Withdrawn, Some(Outcome::Other(OtherReason::Other))));
    // Withdrawn before receipt: never received, so never counted.
    let w = env.ok(
        &online("2025-03-03"),
        Action::Withdraw { on: d("2025-03-03"), reason: String::new() },
        "2025-03-03",
    );
    assert_eq!(w.outcome(), None);
}

/// The full story of the issue: submit → correct → consult → extend → fee → decide → deliver,
/// with the clock checked at every step against the official 2025 calendar.
#[test]
fn full_story_with_the_clock() {
    let env = Env::new();
    let settings = ClockSettings::default();
    let due =
        |r: &DisclosureRequest, as_of: &str| r.clock(&env.cal, &settings, d(as_of), false).unwrap().unwrap();
    // Filed online on Friday 2025-04-25; confirmed Monday 04-28.
    let r = online("2025-04-25");
    let r = env.ok(&r, Action::ConfirmReceipt { on: d("2025-04-28") }, "2025-04-28");
    // 20 working days after 04-28 (May 1–5 off): 04-29, 04-30, 05-06 … → 2025-05-29
    // (`gongkai calendar add-workdays 2025-04-28 20`).
    assert_eq!(due(&r, "2025-04-28").final_due_on, Some(d("2025-05-29")));
    let r = env.ok(
        &r,
        Action::RequestCorrection {
            on: d("2025-04-30"),
            deadline: d("2025-05-16"),
            items: "请写明补贴年度".into(),
        },
        "2025-04-30",
    );
    assert_eq!(due(&r, "2025-05-06").status, ClockStatus::AwaitingCorrection);
    let r =
        env.ok(&r, Action::RecordCorrection { on: d("2025-05-08"), note: "补充了年度".into() }, "2025-05-08");
    // Restart from 05-08: 20 working days → 2025-06-06 (05-31 … 06-02 端午 holiday).
    assert_eq!(due(&r, "2025-05-08").final_due_on, Some(d("2025-06-06")));
    let r = env.ok(
        &r,
        Action::StartConsultation {
            kind: ConsultationKind::ThirdParty,
            party: "示例农业合作社".into(),
            matter: "名单中涉及的经营信息".into(),
            on: d("2025-05-12"),
        },
        "2025-05-12",
    );
    let r = env.ok(
        &r,
        Action::EndConsultation {
            index: 0,
            on: d("2025-05-19"),
            result: ConsultationResult::Objected,
            opinion: "涉及商业秘密".into(),
        },
        "2025-05-19",
    );
    // 5 working days (05-13 … 05-19) excluded → 2025-06-13.
    let c = due(&r, "2025-05-19");
    assert_eq!((c.paused_workdays, c.final_due_on), (5, Some(d("2025-06-13"))));
    let a = env
        .act(
            &r,
            Action::Extend { on: d("2025-06-10"), workdays: 20, reason: "需调取多年档案".into() },
            &[Role::Approver],
            "2025-06-10",
        )
        .unwrap();
    let r = a.request;
    assert_eq!(due(&r, "2025-06-10").final_due_on, Some(d("2025-07-11")));
    let r = env.ok(
        &r,
        Action::IssueFeeNotice { on: d("2025-06-12"), method: FeeMethod::PerPage, quantity: 45 },
        "2025-06-12",
    );
    assert_eq!(r.fee.as_ref().unwrap().quote.amount_yuan, 150);
    let r = env.ok(&r, Action::RecordPayment { on: d("2025-06-16"), amount_yuan: 150 }, "2025-06-16");
    // Fee period (06-13 … 06-16: 2 working days) pauses the clock by default → 07-15.
    let c = due(&r, "2025-06-16");
    assert_eq!(c.final_due_on, Some(d("2025-07-15")), "{c:?}");
    assert_eq!(c.days_left, Some(21));
    let r = env.ok(
        &r,
        Action::Decide {
            on: d("2025-06-20"),
            outcome: Outcome::PartlyGranted,
            basis: String::new(),
            reasoning: "第三方经营信息不予公开，其余部分予以公开".into(),
        },
        "2025-06-20",
    );
    let r = env.ok(
        &r,
        Action::Deliver { on: d("2025-06-20"), method: "电子邮件".into(), sensitive_override: None },
        "2025-06-20",
    );
    assert_eq!(r.state, RequestState::Delivered);
    assert_eq!(r.outcome().map(|o| o.row()), Some(crate::report::RequestRow::PartlyGranted));
    let json = serde_json::to_string(&r).unwrap();
    let back: DisclosureRequest = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn outcomes_map_one_to_one_onto_table_three_rows() {
    let rows: std::collections::HashSet<_> = Outcome::ALL.iter().map(|o| o.row()).collect();
    assert_eq!(rows.len(), Outcome::ALL.len());
    for o in Outcome::ALL {
        assert!(o.row().is_outcome());
        assert_eq!(Outcome::from_key(o.key()), Some(o));
        let j = serde_json::to_string(&o).unwrap();
        assert_eq!(serde_json::from_str::<Outcome>(&j).unwrap(), o);
    }
}

/// Issue 13: a request received under the 2008 条例 is answered citing that regulation's
/// articles, not the 2019 ones.
#[test]
fn a_2018_request_is_answered_under_the_2008_regulation() {
    let env = Env::new();
    let r = DisclosureRequest::new(
        validate(&input()).unwrap(),
        Channel::InPerson,
        d("2018-06-04"),
        Some(d("2018-06-04")),
    );
    let decided = env.ok(
        &r,
        Action::Decide {
            on: d("2018-06-20"),
            outcome: Outcome::Unavailable(UnavailableReason::NotHeld),
            basis: String::new(),
            reasoning: "经检索，本机关不掌握该信息。".into(),
        },
        "2018-06-20",
    );
    let basis = &decided.decision.as_ref().unwrap().basis;
    assert!(basis.contains("国务院令第492号") && basis.contains("第二十一条第（三）项"), "{basis}");
    assert!(!basis.contains("第三十六条"), "{basis}");
    for o in Outcome::ALL {
        let b = o.default_basis_for(crate::clock::Rules::R2008);
        assert!(!b.contains("第三十") && !b.contains("第三十六"), "{o:?}: {b}");
    }
    assert_eq!(
        Outcome::Granted.default_basis_for(crate::clock::Rules::R2019),
        Outcome::Granted.default_basis()
    );
}
