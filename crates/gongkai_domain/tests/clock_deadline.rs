//! Deadline clock tests: regimes, channels, corrections, consultations, extension, fees,
//! reasonable delay, bad input, and proptest invariants.
#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use gongkai_domain::calendar::{WorkCalendar, parse_date};
use gongkai_domain::clock::{
    Channel, ClockError, ClockSettings, ClockStatus, Consultation, ConsultationKind, Correction, Extension,
    FeeNotice, ReasonableDelay, RequestTimeline, SubState, compute, compute_quiet, parse_channel,
    parse_consultation, timeline_from_cli,
};
use proptest::prelude::*;
use rstest::rstest;
use std::sync::OnceLock;

fn cal() -> &'static WorkCalendar {
    static CAL: OnceLock<WorkCalendar> = OnceLock::new();
    CAL.get_or_init(WorkCalendar::official)
}

fn d(s: &str) -> NaiveDate {
    parse_date(s).unwrap()
}

fn tl(received: &str) -> RequestTimeline {
    RequestTimeline::new(Channel::InPerson, d(received))
}

fn run(t: &RequestTimeline, as_of: &str) -> gongkai_domain::clock::Clock {
    compute(t, cal(), &ClockSettings::default(), d(as_of)).unwrap()
}

#[rstest]
// the 2019-05-15 switch
#[case("2019-05-14", "2008", "2019-06-04", "2019-06-26")]
#[case("2019-05-15", "2019", "2019-06-13", "2019-07-11")]
// Spring Festival 2024 inside the period: 2024-01-25 + 20 skips 02-10..17, counts 02-04 and 02-18
#[case("2024-01-25", "2019", "2024-02-27", "2024-03-26")]
// National Day 2025 (8 days)
#[case("2025-09-20", "2019", "2025-10-23", "2025-11-20")]
// Spring Festival 2020 with the COVID extension
#[case("2020-01-10", "2019", "2020-02-14", "2020-03-13")]
// National Day 2010 under the 2008 rules
#[case("2010-09-20", "2008", "2010-10-18", "2010-11-08")]
// across the year boundary into an unloaded year
#[case("2026-12-10", "2019", "2027-01-07", "2027-02-04")]
fn base_and_extended_due_dates(
    #[case] received: &str,
    #[case] rules: &str,
    #[case] due: &str,
    #[case] extended: &str,
) {
    let mut t = tl(received);
    let c = run(&t, received);
    assert_eq!(c.rules.as_str(), rules);
    assert_eq!(c.due_on, Some(d(due)));
    assert_eq!(cal().workdays_between(d(received), d(due)), if rules == "2019" { 20 } else { 15 });
    t.extensions.push(Extension::default());
    let c = run(&t, received);
    assert_eq!(c.extended_due_on, Some(d(extended)));
    assert_eq!(cal().workdays_between(d(received), d(extended)), if rules == "2019" { 40 } else { 30 });
}

#[test]
fn explanation_names_rules_holidays_and_makeup_days() {
    let c = run(&tl("2024-01-25"), "2024-02-20");
    let text = c.explanation_text();
    for needle in [
        "条例第三十三条第二款",
        "民法典",
        "春节 2024-02-10 至 2024-02-17",
        "2024-02-04（星期日，春节调休上班）",
        "2024-02-18（星期日，春节调休上班）",
        "还有5个工作日",
    ] {
        assert!(text.contains(needle), "missing {needle}:\n{text}");
    }
    let json = serde_json::to_value(&c).unwrap();
    for key in ["rules", "received_on", "due_on", "extended_due_on", "days_left", "overdue", "steps"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["rules"], "2019");
    assert_eq!(json["due_on"], "2024-02-27");
    assert_eq!(json["days_left"], 5);
    assert_eq!(json["overdue"], 0);
}

#[test]
fn unloaded_year_is_stated() {
    let c = run(&tl("2026-12-10"), "2026-12-10");
    assert!(c.warnings.iter().any(|w| w.contains("2027年")));
    assert!(c.explanation_text().contains("尚未载入"));
}

#[rstest]
#[case(Channel::InPerson, None, None, "2024-03-01")]
#[case(Channel::RegisteredMail, Some("2024-03-04"), None, "2024-03-04")]
#[case(Channel::RegisteredMail, None, None, "2024-03-01")]
#[case(Channel::OrdinaryMail, None, Some("2024-03-05"), "2024-03-05")]
#[case(Channel::Online, None, Some("2024-03-04"), "2024-03-04")]
#[case(Channel::Fax, None, None, "2024-03-01")]
fn receipt_date_by_channel(
    #[case] channel: Channel,
    #[case] signed: Option<&str>,
    #[case] confirmed: Option<&str>,
    #[case] expected: &str,
) {
    let mut t = RequestTimeline::new(channel, d("2024-03-01"));
    t.signed_on = signed.map(d);
    t.confirmed_on = confirmed.map(d);
    let c = run(&t, "2024-03-06");
    assert_eq!(c.received_on, d(expected));
    assert!(c.steps[0].rule.starts_with("条例第三十一条"));
}

#[rstest]
// notice in time (7 working days from 2024-09-26: 09-29 makeup Sunday counted, National Day skipped → 2024-10-11);
// restart from the corrected day (10-12 makeup Saturday counted)
#[case("2024-09-26", "2024-10-09", Some("2024-10-10"), SubState::Met, Some("2024-11-06"))]
// late notice is flagged
#[case("2024-09-26", "2024-10-14", Some("2024-10-15"), SubState::Late, Some("2024-11-12"))]
// no correction yet: clock waits
#[case("2024-09-26", "2024-09-27", None, SubState::Met, None)]
fn corrections(
    #[case] received: &str,
    #[case] notice: &str,
    #[case] corrected: Option<&str>,
    #[case] notice_state: SubState,
    #[case] due: Option<&str>,
) {
    let mut t = tl(received);
    t.correction = Some(Correction { notice_on: d(notice), corrected_on: corrected.map(d), deadline: None });
    let c = run(&t, "2024-10-15");
    let n = c.correction_notice.unwrap();
    assert_eq!(n.due_on, Some(d("2024-10-11")));
    assert_eq!(n.state, notice_state);
    assert_eq!(c.due_on, due.map(d));
    if due.is_none() {
        assert_eq!(c.status, ClockStatus::AwaitingCorrection);
        assert_eq!(c.days_left, None);
    }
}

#[test]
fn no_correction_by_the_deadline_is_deemed_withdrawn() {
    let mut t = tl("2024-03-01");
    t.correction =
        Some(Correction { notice_on: d("2024-03-04"), corrected_on: None, deadline: Some(d("2024-03-20")) });
    assert_eq!(run(&t, "2024-03-20").status, ClockStatus::AwaitingCorrection);
    let c = run(&t, "2024-03-21");
    assert_eq!(c.status, ClockStatus::DeemedWithdrawn);
    assert!(c.explanation_text().contains("视为放弃申请"));
}

#[rstest]
// third-party consultation (2024-03-05, 2024-03-12]: 5 working days excluded
#[case(ConsultationKind::ThirdParty, "2024-03-05", Some("2024-03-12"), "2019", 5)]
// an agency consultation also stops the 2019 clock
#[case(ConsultationKind::Agency, "2024-03-05", Some("2024-03-12"), "2019", 5)]
// consultation spanning 清明 2024 (04-04..06 off, 04-07 makeup Sunday counted)
#[case(ConsultationKind::ThirdParty, "2024-04-01", Some("2024-04-09"), "2019", 5)]
fn consultations_pause(
    #[case] kind: ConsultationKind,
    #[case] from: &str,
    #[case] to: Option<&str>,
    #[case] rules: &str,
    #[case] paused: i64,
) {
    let received = if from == "2024-04-01" { "2024-03-25" } else { "2024-03-01" };
    let mut t = tl(received);
    t.consultations.push(Consultation { kind, from: d(from), to: to.map(d) });
    let c = run(&t, received);
    assert_eq!(c.rules.as_str(), rules);
    assert_eq!(c.paused_workdays, paused);
    let start = c.clock_starts_on.unwrap();
    let due = c.due_on.unwrap();
    assert_eq!(cal().workdays_between(start, due), 20 + paused);
    let sub = &c.consultations[0];
    assert_eq!(sub.due_on, Some(cal().add_workdays(d(from), 15).unwrap().date));
    assert_eq!(sub.state, SubState::Met);
}

/// A third party and another agency consulted side by side (第三十二条, 第三十四条): the
/// working days in either period are excluded once, the sub-deadlines stay separate.
#[test]
fn overlapping_consultations_pause_the_union_once() {
    let mut t = tl("2024-03-01");
    // (03-04, 03-08] and (03-07, 03-12]: union (03-04, 03-12] = 03-05..03-08, 03-11, 03-12
    t.consultations.push(Consultation {
        kind: ConsultationKind::ThirdParty,
        from: d("2024-03-04"),
        to: Some(d("2024-03-08")),
    });
    t.consultations.push(Consultation {
        kind: ConsultationKind::Agency,
        from: d("2024-03-07"),
        to: Some(d("2024-03-12")),
    });
    let c = run(&t, "2024-03-10");
    assert_eq!(c.paused_workdays, 6);
    assert_eq!(cal().workdays_between(d("2024-03-01"), c.due_on.unwrap()), 26);
    assert_eq!(c.consultations.len(), 2);
    assert!(c.consultations.iter().all(|s| s.state == SubState::Met));
}

#[test]
fn agency_consultation_does_not_pause_under_2008() {
    let mut t = tl("2015-03-02");
    t.consultations.push(Consultation {
        kind: ConsultationKind::Agency,
        from: d("2015-03-03"),
        to: Some(d("2015-03-10")),
    });
    let c = run(&t, "2015-03-02");
    assert_eq!(c.paused_workdays, 0);
    assert_eq!(c.due_on, run(&tl("2015-03-02"), "2015-03-02").due_on);
    t.consultations[0].kind = ConsultationKind::ThirdParty;
    assert_eq!(run(&t, "2015-03-02").paused_workdays, 5);
}

#[test]
fn ongoing_consultation_and_late_third_party() {
    let mut t = tl("2024-03-01");
    t.consultations.push(Consultation {
        kind: ConsultationKind::ThirdParty,
        from: d("2024-03-05"),
        to: None,
    });
    let c = run(&t, "2024-03-12");
    assert_eq!(c.status, ClockStatus::Paused);
    assert_eq!(c.consultations[0].state, SubState::Pending);
    let c = run(&t, "2024-04-01");
    assert_eq!(c.consultations[0].state, SubState::Lapsed);
}

#[rstest]
// paid in time: the payment period (notice, paid] is excluded by default
#[case(true, "2024-03-11", Some("2024-03-15"), SubState::Met, 4, ClockStatus::Running, "2024-04-01")]
// setting off: no pause
#[case(false, "2024-03-11", Some("2024-03-15"), SubState::Met, 0, ClockStatus::Overdue, "2024-04-01")]
// never paid: 20 working days from 2024-03-11 → 2024-04-09 (清明 04-04/05 skipped, 04-07 counted), then abandoned
#[case(true, "2024-03-11", None, SubState::Lapsed, 20, ClockStatus::DeemedAbandoned, "2024-04-15")]
fn fees(
    #[case] pauses: bool,
    #[case] notice: &str,
    #[case] paid: Option<&str>,
    #[case] state: SubState,
    #[case] paused: i64,
    #[case] status: ClockStatus,
    #[case] as_of: &str,
) {
    let mut t = tl("2024-03-01");
    t.fee = Some(FeeNotice { received_on: d(notice), paid_on: paid.map(d) });
    let settings = ClockSettings { fee_period_pauses_clock: pauses };
    let c = compute(&t, cal(), &settings, d(as_of)).unwrap();
    let p = c.payment.clone().unwrap();
    assert_eq!(p.due_on, Some(d("2024-04-09")));
    assert_eq!(p.state, state);
    assert_eq!(c.paused_workdays, paused);
    assert_eq!(c.status, status);
    let text = c.explanation_text();
    assert!(text.contains("fee_period_pauses_clock"), "{text}");
    assert!(text.contains("国办函〔2020〕109号"));
}

#[test]
fn extension_never_before_due_and_reasonable_delay() {
    let mut t = tl("2024-03-01");
    let due = run(&t, "2024-03-01").due_on.unwrap();
    t.extensions.push(Extension { decided_on: Some(due), workdays: Some(10) });
    let c = run(&t, "2024-03-01");
    assert_eq!(cal().workdays_between(due, c.extended_due_on.unwrap()), 10);
    t.delay = Some(ReasonableDelay::ExtraWorkdays { workdays: 30 });
    let c = run(&t, "2024-03-01");
    assert_eq!(cal().workdays_between(c.extended_due_on.unwrap(), c.delay_due_on.unwrap()), 30);
    assert_eq!(c.final_due_on, c.delay_due_on);
    assert!(c.explanation_text().contains("条例第三十五条"));
}

#[test]
fn overdue_is_counted_in_working_days() {
    let c = run(&tl("2024-01-25"), "2024-03-01");
    assert_eq!(c.status, ClockStatus::Overdue);
    assert_eq!(c.overdue, Some(3));
    assert_eq!(c.days_left, Some(0));
}

#[test]
fn bad_input_gives_typed_errors() {
    let s = ClockSettings::default();
    let go = |t: &RequestTimeline, as_of: &str| compute(t, cal(), &s, d(as_of)).unwrap_err();
    // corrected before the notice
    let mut t = tl("2024-03-01");
    t.correction =
        Some(Correction { notice_on: d("2024-03-05"), corrected_on: Some(d("2024-03-04")), deadline: None });
    assert!(matches!(go(&t, "2024-03-10"), ClockError::CorrectedBeforeNotice { .. }));
    // notice before receipt
    t.correction = Some(Correction { notice_on: d("2024-02-28"), corrected_on: None, deadline: None });
    assert!(matches!(go(&t, "2024-03-10"), ClockError::CorrectionNoticeBeforeReceipt { .. }));
    // extension after the due date
    let mut t = tl("2024-03-01");
    t.extensions.push(Extension { decided_on: Some(d("2024-04-15")), workdays: None });
    assert!(matches!(go(&t, "2024-03-10"), ClockError::ExtensionAfterDue { .. }));
    // too long, twice
    let mut t = tl("2024-03-01");
    t.extensions.push(Extension { decided_on: None, workdays: Some(21) });
    assert!(matches!(go(&t, "2024-03-10"), ClockError::ExtensionTooLong { days: 21, max: 20 }));
    let mut t = tl("2014-03-03");
    t.extensions.push(Extension { decided_on: None, workdays: Some(16) });
    assert!(matches!(go(&t, "2014-03-10"), ClockError::ExtensionTooLong { days: 16, max: 15 }));
    t.extensions = vec![Extension::default(), Extension::default()];
    assert!(matches!(go(&t, "2014-03-10"), ClockError::ExtensionTwice));
    // consultation started after the due date
    let mut t = tl("2024-03-01");
    t.consultations.push(Consultation {
        kind: ConsultationKind::ThirdParty,
        from: d("2024-05-01"),
        to: Some(d("2024-05-10")),
    });
    assert!(matches!(go(&t, "2024-05-20"), ClockError::PauseAfterDue { .. }));
    // fee under 2008, before the Regulation, as-of before receipt
    let mut t = tl("2015-03-02");
    t.fee = Some(FeeNotice { received_on: d("2015-03-03"), paid_on: None });
    assert_eq!(go(&t, "2015-03-10"), ClockError::FeeUnder2008);
    assert!(matches!(go(&tl("2008-04-30"), "2008-05-10"), ClockError::BeforeRegulation { .. }));
    assert!(matches!(go(&tl("2024-03-01"), "2024-02-01"), ClockError::AsOfBeforeReceipt { .. }));
    // CLI helpers
    assert!(parse_channel("pigeon").unwrap_err().to_string().contains("in_person"));
    assert_eq!(parse_channel("registered-mail"), Ok(Channel::RegisteredMail));
    assert!(matches!(parse_consultation("2024-03-05"), Err(ClockError::BadRange { .. })));
    assert!(matches!(parse_consultation("2024-03-05:2024-03-01"), Err(ClockError::ReversedRange { .. })));
    assert!(matches!(parse_consultation("2024-03-05:2024-13-01"), Err(ClockError::BadRange { .. })));
    let c = parse_consultation("agency:2024-03-05:").unwrap();
    assert_eq!((c.kind, c.to), (ConsultationKind::Agency, None));
    assert!(timeline_from_cli("2024-02-30", None, None, None, &[], false, None, None).is_err());
}

#[test]
fn cli_timeline_example() {
    let t = timeline_from_cli(
        "2024-03-01",
        Some("online"),
        Some("2024-03-05"),
        Some("2024-03-08"),
        &["2024-03-12:2024-03-19".to_string()],
        true,
        Some("2024-03-20"),
        Some("2024-03-22"),
    )
    .unwrap();
    let c = compute(&t, cal(), &ClockSettings::default(), d("2024-04-01")).unwrap();
    assert_eq!(c.clock_starts_on, Some(d("2024-03-08")));
    assert_eq!(c.paused_workdays, 5 + 2);
    assert_eq!(cal().workdays_between(d("2024-03-08"), c.due_on.unwrap()), 27);
    assert!(c.extended_due_on.unwrap() > c.due_on.unwrap());
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0i64..(19 * 365 + 300)).prop_map(|o| d("2008-05-01") + chrono::Duration::days(o))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn add_then_count_back(date in any_date(), n in 0i64..400) {
        let r = cal().add_workdays(date, n).unwrap();
        prop_assert!(r.date >= date);
        prop_assert_eq!(cal().workdays_between(date, r.date), n);
        if n > 0 { prop_assert!(cal().is_workday(r.date)); }
    }

    #[test]
    fn due_never_before_receipt_and_extension_never_shortens(date in any_date()) {
        let mut t = RequestTimeline::new(Channel::InPerson, date);
        let c = compute(&t, cal(), &ClockSettings::default(), date).unwrap();
        prop_assert!(c.due_on.unwrap() > c.received_on);
        t.extensions.push(Extension::default());
        let e = compute(&t, cal(), &ClockSettings::default(), date).unwrap();
        prop_assert!(e.extended_due_on.unwrap() >= c.due_on.unwrap());
        prop_assert_eq!(e.due_on, c.due_on);
    }

    #[test]
    fn a_pause_never_shortens(date in any_date(), off in 0i64..15, len in 0i64..30) {
        let mut t = RequestTimeline::new(Channel::InPerson, date);
        let base = compute(&t, cal(), &ClockSettings::default(), date).unwrap().due_on.unwrap();
        let from = cal().add_workdays(date, off).unwrap().date;
        t.consultations.push(Consultation {
            kind: ConsultationKind::ThirdParty,
            from,
            to: Some(from + chrono::Duration::days(len)),
        });
        let c = compute(&t, cal(), &ClockSettings::default(), date).unwrap();
        prop_assert!(c.due_on.unwrap() >= base);
        prop_assert_eq!(
            cal().workdays_between(date, c.due_on.unwrap()),
            i64::from(c.base_workdays) + c.paused_workdays
        );
    }
}

#[test]
fn print_example_explanation() {
    let t = timeline_from_cli(
        "2025-09-20",
        Some("online"),
        None,
        None,
        &["2025-09-24:2025-09-30".to_string()],
        true,
        None,
        None,
    )
    .unwrap();
    let c = compute(&t, cal(), &ClockSettings::default(), d("2025-10-20")).unwrap();
    println!("{}", c.explanation_text());
    println!("{}", serde_json::to_string_pretty(&c).unwrap());
}

#[test]
fn quiet_compute_matches_full_compute_without_steps() {
    let t = timeline_from_cli(
        "2024-01-25",
        Some("fax"),
        Some("2024-01-29"),
        Some("2024-01-31"),
        &["agency:2024-02-01:2024-02-20".to_string()],
        true,
        Some("2024-02-22"),
        Some("2024-02-27"),
    )
    .unwrap();
    let full = compute(&t, cal(), &ClockSettings::default(), d("2024-03-20")).unwrap();
    let mut quiet = compute_quiet(&t, cal(), &ClockSettings::default(), d("2024-03-20")).unwrap();
    assert!(quiet.steps.is_empty());
    quiet.steps = full.steps.clone();
    assert_eq!(quiet, full);
}
