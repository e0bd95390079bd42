//! Unit and property tests of the table model and its invariants.

use proptest::prelude::*;

use super::*;

fn balanced_table() -> RequestTable {
    let mut t = RequestTable::default();
    for col in RequestColumn::APPLICANTS {
        t.set(RequestRow::NewReceived, col, Some(5));
        t.set(RequestRow::CarriedOver, col, Some(1));
        t.set(RequestRow::Granted, col, Some(3));
        t.set(RequestRow::PartlyGranted, col, Some(2));
        t.set(RequestRow::ResultsTotal, col, Some(5));
        t.set(RequestRow::CarriedForward, col, Some(1));
    }
    for row in [
        RequestRow::NewReceived,
        RequestRow::CarriedOver,
        RequestRow::Granted,
        RequestRow::PartlyGranted,
        RequestRow::ResultsTotal,
        RequestRow::CarriedForward,
    ] {
        let sum: i64 = RequestColumn::APPLICANTS.iter().map(|c| t.get(row, *c).unwrap_or(0)).sum();
        t.set(row, RequestColumn::Total, Some(sum));
    }
    t
}

#[test]
fn balanced_table_has_no_violation() {
    assert!(check_request_table(&balanced_table()).is_empty());
}

#[test]
fn json_shape_uses_report_json_keys() {
    let mut r = AnnualReport {
        year: Some(2023),
        format: Some(ReportFormat::National2021),
        ..AnnualReport::default()
    };
    let mut t = RequestTable::default();
    t.set(RequestRow::NewReceived, RequestColumn::NonProfit, None);
    t.set(RequestRow::NewReceived, RequestColumn::Total, Some(26));
    r.table3 = Some(t);
    let v = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(v["schema"], "gongkai.annual-report/1");
    assert_eq!(v["format"], "national2021");
    assert_eq!(v["table3"]["new_received"]["total"], 26);
    assert!(v["table3"]["new_received"]["nonprofit"].is_null());
    let back: AnnualReport = serde_json::from_value(v).unwrap_or_default();
    assert_eq!(back, r);
}

#[test]
fn case_table_total_printed_zero_is_flagged() {
    let mut t = CaseTable::default();
    t.set(CaseBlock::Reconsideration, CaseColumn::Upheld, Some(10));
    t.set(CaseBlock::Reconsideration, CaseColumn::Corrected, Some(1));
    t.set(CaseBlock::Reconsideration, CaseColumn::Total, Some(0));
    let v = check_case_table(&t);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].computed, 11);
    assert_eq!(v[0].printed, 0);
}

#[test]
fn carry_over_and_in_force() {
    let prev = balanced_table();
    let mut cur = balanced_table();
    assert!(check_carry_over(&prev, &cur).is_empty());
    cur.set(RequestRow::CarriedOver, RequestColumn::Total, Some(9));
    assert_eq!(check_carry_over(&prev, &cur).len(), 1);
    let mut p2 = ProactiveTable::default();
    p2.set(ProactiveRow::NormativeDocuments, ProactiveColumn::InForce, Some(5.0));
    let mut c2 = ProactiveTable::default();
    c2.set(ProactiveRow::NormativeDocuments, ProactiveColumn::Issued, Some(3.0));
    c2.set(ProactiveRow::NormativeDocuments, ProactiveColumn::InForce, Some(8.0));
    assert!(check_in_force(&p2, &c2).is_empty());
    c2.set(ProactiveRow::NormativeDocuments, ProactiveColumn::InForce, Some(7.0));
    assert_eq!(check_in_force(&p2, &c2).len(), 1);
}

proptest! {
    /// Perturbing one applicant cell of a detail row breaks exactly T3-2 (its column) and T3-3
    /// (its row) — and nothing else.
    #[test]
    fn one_cell_perturbation_breaks_its_identities(col in 0usize..6, delta in 1i64..50) {
        let mut t = balanced_table();
        let c = RequestColumn::APPLICANTS[col];
        let v = t.get(RequestRow::Granted, c).unwrap_or(0);
        t.set(RequestRow::Granted, c, Some(v + delta));
        let found = check_request_table(&t);
        let kinds: Vec<Invariant> = found.iter().map(|v| v.invariant).collect();
        prop_assert_eq!(kinds, vec![Invariant::T3ResultsSum, Invariant::T3RowSum]);
    }
}
