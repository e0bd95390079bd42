//! Property: whatever sequence of allowed actions staff apply, the clock view of a request
//! stays truthful. Once receipt is confirmed the request never looks unconfirmed again (its
//! clock computes, its state is not `submitted`), and while it is open with a running reply
//! period it always has a due date (issue 13, defect 1: a late extension made a confirmed,
//! overdue request show "待确认收到" with due date "—").
#![allow(clippy::unwrap_used)]

use chrono::{Days, NaiveDate};
use gongkai_domain::calendar::WorkCalendar;
use gongkai_domain::clock::{ClockSettings, ClockStatus, ConsultationKind};
use gongkai_domain::request::{
    Action, ActionContext, ActionKind, ApplicationInput, ConsultationResult, DisclosureRequest, FeeMethod,
    Outcome, RequestState, allowed_actions, apply, validate,
};
use gongkai_domain::role::Role;
use proptest::prelude::*;
use std::sync::OnceLock;

fn cal() -> &'static WorkCalendar {
    static CAL: OnceLock<WorkCalendar> = OnceLock::new();
    CAL.get_or_init(WorkCalendar::official)
}

const ROLES: &[Role] = &[Role::Editor, Role::Approver];

fn request(channel: gongkai_domain::clock::Channel, filed: NaiveDate) -> DisclosureRequest {
    let input = ApplicationInput {
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
    };
    DisclosureRequest::new(validate(&input).unwrap(), channel, filed, None)
}

/// One step: which allowed action (index into the menu), how many calendar days pass first,
/// and two free parameters for the action's particulars.
type Step = (usize, u64, u32, u32);

/// The action of kind `k` built from the step's free parameters.
fn action(req: &DisclosureRequest, k: ActionKind, on: NaiveDate, a: u32, b: u32) -> Action {
    match k {
        ActionKind::Assign => Action::Assign { handler_id: 7, handler_name: "王五".into() },
        ActionKind::ConfirmReceipt => Action::ConfirmReceipt { on },
        ActionKind::RequestCorrection => Action::RequestCorrection {
            on,
            deadline: on + Days::new(u64::from(a % 20) + 1),
            items: "请写明所需信息的年份".into(),
        },
        ActionKind::RecordCorrection => Action::RecordCorrection { on, note: "已补正".into() },
        ActionKind::CorrectionLapsed => Action::CorrectionLapsed { on },
        ActionKind::StartConsultation => Action::StartConsultation {
            kind: if a.is_multiple_of(2) { ConsultationKind::ThirdParty } else { ConsultationKind::Agency },
            party: "某公司".into(),
            matter: "是否同意公开".into(),
            on,
        },
        ActionKind::EndConsultation => Action::EndConsultation {
            index: req.consultations.iter().position(|c| c.is_open()).unwrap_or(0),
            on,
            result: [ConsultationResult::Agreed, ConsultationResult::Objected, ConsultationResult::NoAnswer]
                [(a % 3) as usize],
            opinion: "意见".into(),
        },
        ActionKind::Extend => Action::Extend { on, workdays: a % 22, reason: "需调取多年档案".into() },
        ActionKind::IssueFeeNotice => Action::IssueFeeNotice {
            on,
            method: if a.is_multiple_of(2) { FeeMethod::PerPage } else { FeeMethod::PerRequest },
            quantity: 100 + b % 400,
        },
        ActionKind::RecordPayment => Action::RecordPayment {
            on,
            amount_yuan: req.fee.as_ref().map(|f| f.quote.amount_yuan).unwrap_or(0),
        },
        ActionKind::FeeLapsed => Action::FeeLapsed { on },
        ActionKind::Decide => Action::Decide {
            on,
            outcome: Outcome::ALL[(a as usize) % Outcome::ALL.len()],
            basis: String::new(),
            reasoning: "理由".into(),
        },
        ActionKind::Deliver => {
            Action::Deliver { on, method: "电子邮件".into(), sensitive_override: None }
        }
        ActionKind::Close => Action::Close { on },
        ActionKind::Withdraw | ActionKind::Submit => Action::Withdraw { on, reason: "不再需要".into() },
    }
}

/// The clock view after an applied action, as pages and lists show it.
fn check_view(req: &DisclosureRequest, today: NaiveDate, was_confirmed: bool, history: &[String]) {
    let settings = ClockSettings::default();
    if was_confirmed {
        assert!(req.received_on.is_some(), "receipt date lost after {history:?}");
        assert_ne!(req.state, RequestState::Submitted, "confirmed request unconfirmed after {history:?}");
    }
    if req.received_on.is_none() {
        return;
    }
    let clock = req
        .clock(cal(), &settings, today, true)
        .expect("a confirmed request has a clock")
        .unwrap_or_else(|e| panic!("clock fails after {history:?}: {e}"));
    let stopped = matches!(clock.status, ClockStatus::AwaitingCorrection | ClockStatus::DeemedWithdrawn);
    if req.state.is_open() && !stopped {
        assert!(clock.final_due_on.is_some(), "open request without due date after {history:?}");
        assert!(
            req.current_due_on(cal(), &settings, today).is_some(),
            "open request lists no due date after {history:?}"
        );
        if clock.final_due_on.is_some_and(|d| d < today) && clock.status != ClockStatus::DeemedAbandoned {
            assert_eq!(clock.status, ClockStatus::Overdue, "past due but not overdue after {history:?}");
        }
    }
}

fn run(channel: gongkai_domain::clock::Channel, filed: NaiveDate, steps: &[Step]) {
    let mut req = request(channel, filed);
    let mut today = filed;
    let mut history = Vec::new();
    for &(pick, pass, a, b) in steps {
        today = today + Days::new(pass);
        let menu = allowed_actions(&req, ROLES);
        if menu.is_empty() {
            break;
        }
        let kind = menu[pick % menu.len()];
        let act = action(&req, kind, today, a, b);
        let ctx = ActionContext { roles: ROLES, actor_name: "李四", today, calendar: cal() };
        let was_confirmed = req.received_on.is_some();
        history.push(format!("{today} {}", kind.key()));
        if let Ok(applied) = apply(&req, &act, &ctx) {
            req = applied.request;
            check_view(&req, today, was_confirmed, &history);
        } else {
            history.push("(refused)".into());
        }
    }
}

fn channel() -> impl Strategy<Value = gongkai_domain::clock::Channel> {
    use gongkai_domain::clock::Channel;
    prop_oneof![Just(Channel::InPerson), Just(Channel::Online), Just(Channel::RegisteredMail)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn every_action_keeps_the_clock_view_truthful(
        channel in channel(),
        filed_offset in 0u64..600,
        steps in proptest::collection::vec((0usize..16, 0u64..25, 0u32..1000, 0u32..1000), 1..14),
    ) {
        let filed = NaiveDate::from_ymd_opt(2024, 1, 2).unwrap() + Days::new(filed_offset);
        run(channel, filed, &steps);
    }
}

/// The reported case: an overdue request cannot be extended, and stays overdue.
#[test]
fn late_extension_is_refused_and_the_request_stays_overdue() {
    let filed = NaiveDate::from_ymd_opt(2025, 11, 3).unwrap();
    let req = request(gongkai_domain::clock::Channel::InPerson, filed);
    let today = NaiveDate::from_ymd_opt(2025, 12, 3).unwrap();
    let ctx = ActionContext { roles: ROLES, actor_name: "李四", today, calendar: cal() };
    let before = req.clock(cal(), &ClockSettings::default(), today, false).unwrap().unwrap();
    assert_eq!(before.status, ClockStatus::Overdue);
    let due = before.due_on.unwrap();
    let refused = apply(&req, &Action::Extend { on: today, workdays: 20, reason: "材料多".into() }, &ctx)
        .expect_err("an extension after the due date is refused");
    assert_eq!(refused.code, "extension_after_due");
    assert!(refused.message.contains("条例第三十三条第二款"), "{}", refused.message);
    assert!(refused.message.contains(&format!("{}年{}月", due.format("%Y"), due.format("%-m"))));
    // On the due date itself it is still in time.
    let ctx = ActionContext { today: due, ..ctx };
    let ok = apply(&req, &Action::Extend { on: due, workdays: 20, reason: "材料多".into() }, &ctx).unwrap();
    let after = ok.request.clock(cal(), &ClockSettings::default(), today, false).unwrap().unwrap();
    assert!(after.extended_due_on.is_some_and(|d| d > due));
}
