//! The annual report's numbers computed from the records (issue 6): 表三 from the requests, 表四
//! from the reconsideration and litigation register, section 六 from the fee notices. Every cell
//! keeps the ids of the records behind it ([`Provenance`]), so a reader can click a number and
//! see the requests it counts.
//!
//! Counting rules (regulation.md §2.4, §2.5, report-json.md):
//! - 一 本年新收: received (收到申请之日) in the year, by applicant column;
//! - 二 上年结转: received before the year and not decided before it;
//! - （一）…（六）: decided in the year, in the row of its outcome (2019 trial format: the three
//!   （六） rows are one);
//! - 四 结转下年度: received by the year's end and not decided by it.
//!
//! Each received request is thus counted once on each side, so T3-1, T3-2 and T3-3 hold by
//! construction; [`build`] still checks them and refuses to return a report that breaks them.

use super::{
    AnnualReport, CaseBlock, CaseColumn, CaseTable, Fees, LegacyFigures, ReportFormat, RequestColumn,
    RequestRow, RequestTable,
};
use crate::request::{ApplicantKind, Outcome};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The first year a report can be generated for: the 2008 条例 took effect on 2008-05-01.
pub const FIRST_YEAR: i32 = 2008;

/// What the report needs of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFact {
    pub id: i64,
    pub applicant: ApplicantKind,
    /// 收到申请之日 (`None`: never received — not counted).
    pub received_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub outcome: Option<Outcome>,
    /// Fee notice: (day received by the applicant, amount notified).
    pub fee_notice: Option<(NaiveDate, u64)>,
    /// Fee payment: (day, amount).
    pub fee_paid: Option<(NaiveDate, u64)>,
}

/// What the report needs of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFact {
    pub id: i64,
    pub block: CaseBlock,
    pub filed_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// `Upheld`, `Corrected`, `Other` or `Pending`.
    pub result: CaseColumn,
}

/// Record ids behind each cell, keyed `table3.<row>.<column>`, `table4.<block>.<column>`,
/// `fees.<field>`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance(pub BTreeMap<String, Vec<i64>>);

impl Provenance {
    fn add(&mut self, key: String, id: i64) {
        self.0.entry(key).or_default().push(id);
    }
    /// The ids behind a cell (empty when none).
    pub fn ids(&self, key: &str) -> &[i64] {
        self.0.get(key).map(Vec::as_slice).unwrap_or(&[])
    }
}

/// Why a report cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("{year}年早于《政府信息公开条例》施行（2008年5月1日），没有政府信息公开工作年度报告")]
    BeforeRegulation { year: i32 },
    #[error("生成的表格不满足勾稽关系：{0}")]
    Inconsistent(String),
}

fn year_bounds(year: i32) -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX),
    )
}

fn zero_request_table(format: ReportFormat) -> RequestTable {
    let rows =
        if format == ReportFormat::Trial2019 { RequestRow::trial2019() } else { RequestRow::national2021() };
    let mut t = RequestTable::default();
    for r in rows {
        for c in RequestColumn::ALL {
            t.set(r, c, Some(0));
        }
    }
    t
}

fn bump(t: &mut RequestTable, p: &mut Provenance, row: RequestRow, col: RequestColumn, id: i64) {
    for c in [col, RequestColumn::Total] {
        let v = t.get(row, c).unwrap_or(0) + 1;
        t.set(row, c, Some(v));
        p.add(format!("table3.{}.{}", row.key(), c.key()), id);
    }
}

/// 表三 and its provenance for `year`.
pub fn request_table(facts: &[RequestFact], year: i32, format: ReportFormat) -> (RequestTable, Provenance) {
    let (start, end) = year_bounds(year);
    let mut t = zero_request_table(format);
    let mut p = Provenance::default();
    for f in facts {
        let Some(received) = f.received_on else { continue };
        if received > end {
            continue;
        }
        let decided = f.decided_on.filter(|_| f.outcome.is_some());
        if decided.is_some_and(|d| d < start) {
            continue;
        }
        let col = f.applicant.column();
        if received >= start {
            bump(&mut t, &mut p, RequestRow::NewReceived, col, f.id);
        } else {
            bump(&mut t, &mut p, RequestRow::CarriedOver, col, f.id);
        }
        match (decided, f.outcome) {
            (Some(d), Some(o)) if d <= end => {
                let row = match (format, o.row()) {
                    (
                        ReportFormat::Trial2019,
                        RequestRow::OtherCorrectionLapsed
                        | RequestRow::OtherFeeUnpaid
                        | RequestRow::OtherOther,
                    ) => RequestRow::Other,
                    (_, r) => r,
                };
                bump(&mut t, &mut p, row, col, f.id);
                bump(&mut t, &mut p, RequestRow::ResultsTotal, col, f.id);
            }
            _ => bump(&mut t, &mut p, RequestRow::CarriedForward, col, f.id),
        }
    }
    (t, p)
}

/// 表四 and its provenance: cases decided in the year in their result column; cases filed by the
/// year's end and still open at it under 尚未审结.
pub fn case_table(cases: &[CaseFact], year: i32) -> (CaseTable, Provenance) {
    let (start, end) = year_bounds(year);
    let mut t = CaseTable::default();
    let mut p = Provenance::default();
    for b in
        [CaseBlock::Reconsideration, CaseBlock::LitigationDirect, CaseBlock::LitigationAfterReconsideration]
    {
        for c in [
            CaseColumn::Upheld,
            CaseColumn::Corrected,
            CaseColumn::Other,
            CaseColumn::Pending,
            CaseColumn::Total,
        ] {
            t.set(b, c, Some(0));
        }
    }
    for c in cases {
        if c.filed_on > end {
            continue;
        }
        let column = match c.closed_on {
            Some(d) if d < start => continue,
            Some(d) if d <= end && c.result != CaseColumn::Pending => c.result,
            _ => CaseColumn::Pending,
        };
        for col in [column, CaseColumn::Total] {
            let v = t.get(c.block, col).unwrap_or(0) + 1;
            t.set(c.block, col, Some(v));
            p.add(format!("table4.{}.{}", c.block.key(), col.key()), c.id);
        }
    }
    (t, p)
}

/// Section 六: fee notices received in the year, amounts notified, amounts collected in the year.
pub fn fees(facts: &[RequestFact], year: i32) -> (Fees, Provenance) {
    let (start, end) = year_bounds(year);
    let in_year = |d: NaiveDate| d >= start && d <= end;
    let mut p = Provenance::default();
    let (mut n, mut notified, mut collected) = (0i64, 0u64, 0u64);
    for f in facts {
        if let Some((d, amount)) = f.fee_notice
            && in_year(d)
        {
            n += 1;
            notified += amount;
            p.add("fees.notices".into(), f.id);
        }
        if let Some((d, amount)) = f.fee_paid
            && in_year(d)
        {
            collected += amount;
            p.add("fees.amount_collected_yuan".into(), f.id);
        }
    }
    let fees = Fees {
        notices: Some(n),
        amount_notified_yuan: Some(notified as f64),
        amount_collected_yuan: Some(collected as f64),
    };
    (fees, p)
}

/// One agency's (or a roll-up's) report tables for `year`, with provenance. Years before 2008
/// are refused; a year with no records is a valid report of zeros.
pub fn build(
    agency: &str,
    year: i32,
    requests: &[RequestFact],
    cases: &[CaseFact],
) -> Result<(AnnualReport, Provenance), BuildError> {
    if year < FIRST_YEAR {
        return Err(BuildError::BeforeRegulation { year });
    }
    let format = ReportFormat::expected_for_year(year);
    let (t3, mut prov) = request_table(requests, year, format);
    let (t4, p4) = case_table(cases, year);
    let (fee, pf) = fees(requests, year);
    prov.0.extend(p4.0);
    prov.0.extend(pf.0);
    let mut report = AnnualReport {
        agency: Some(agency.to_owned()),
        year: Some(year),
        format: Some(format),
        fees: Some(fee),
        ..AnnualReport::default()
    };
    if format == ReportFormat::Legacy2008 {
        // 2008-era reports have no fixed tables: the key figures the customary text states.
        let get = |row: RequestRow| t3.get(row, RequestColumn::Total);
        let refused: i64 = RequestRow::ALL
            .iter()
            .filter(|r| r.key().starts_with("withheld"))
            .filter_map(|r| t3.get(*r, RequestColumn::Total))
            .sum();
        let block_total = |b: CaseBlock| t4.get(b, CaseColumn::Total).unwrap_or(0);
        report.legacy = Some(LegacyFigures {
            applications: get(RequestRow::NewReceived),
            answered: get(RequestRow::ResultsTotal),
            granted: get(RequestRow::Granted),
            partially_granted: get(RequestRow::PartlyGranted),
            refused: Some(refused),
            reviews: Some(block_total(CaseBlock::Reconsideration)),
            lawsuits: Some(
                block_total(CaseBlock::LitigationDirect)
                    + block_total(CaseBlock::LitigationAfterReconsideration),
            ),
            fees_yuan: report.fees.as_ref().and_then(|f| f.amount_collected_yuan).map(|v| v as i64),
            ..LegacyFigures::default()
        });
        // The full table is kept for provenance and the checks below.
        let check = AnnualReport { table3: Some(t3), table4: Some(t4), ..AnnualReport::default() };
        ensure_consistent(&check)?;
    } else {
        report.table3 = Some(t3);
        report.table4 = Some(t4);
        ensure_consistent(&report)?;
    }
    Ok((report, prov))
}

fn ensure_consistent(r: &AnnualReport) -> Result<(), BuildError> {
    let v = r.violations();
    if v.is_empty() {
        Ok(())
    } else {
        Err(BuildError::Inconsistent(
            v.iter()
                .map(|v| format!("{:?} {}.{}", v.invariant, v.row, v.column))
                .collect::<Vec<_>>()
                .join("; "),
        ))
    }
}

/// Sums several agencies' reports of one year (a supervisor's roll-up): every cell added.
pub fn roll_up(name: &str, year: i32, parts: &[AnnualReport]) -> AnnualReport {
    let format = ReportFormat::expected_for_year(year);
    let mut t3 = zero_request_table(format);
    let mut t4 = CaseTable::default();
    let mut fees =
        Fees { notices: Some(0), amount_notified_yuan: Some(0.0), amount_collected_yuan: Some(0.0) };
    for part in parts {
        if let Some(t) = &part.table3 {
            for (row, cols) in &t.0 {
                for (col, v) in cols {
                    let cur = t3.get(*row, *col).unwrap_or(0);
                    t3.set(*row, *col, Some(cur + v.unwrap_or(0)));
                }
            }
        }
        if let Some(t) = &part.table4 {
            for (block, cols) in &t.0 {
                for (col, v) in cols {
                    let cur = t4.get(*block, *col).unwrap_or(0);
                    t4.set(*block, *col, Some(cur + v.unwrap_or(0)));
                }
            }
        }
        if let Some(f) = &part.fees {
            fees.notices = Some(fees.notices.unwrap_or(0) + f.notices.unwrap_or(0));
            fees.amount_notified_yuan =
                Some(fees.amount_notified_yuan.unwrap_or(0.0) + f.amount_notified_yuan.unwrap_or(0.0));
            fees.amount_collected_yuan =
                Some(fees.amount_collected_yuan.unwrap_or(0.0) + f.amount_collected_yuan.unwrap_or(0.0));
        }
    }
    AnnualReport {
        agency: Some(name.to_owned()),
        year: Some(year),
        format: Some(format),
        table3: Some(t3),
        table4: Some(t4),
        fees: Some(fees),
        ..AnnualReport::default()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::request::{NotProcessedReason, OtherReason, WithheldReason};

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn req(id: i64, kind: ApplicantKind, received: &str, decided: Option<(&str, Outcome)>) -> RequestFact {
        RequestFact {
            id,
            applicant: kind,
            received_on: Some(d(received)),
            decided_on: decided.map(|(x, _)| d(x)),
            outcome: decided.map(|(_, o)| o),
            fee_notice: None,
            fee_paid: None,
        }
    }

    /// A constructed history over two years: every cell, and 上年结转 = last year's 结转下年度.
    #[test]
    fn each_cell_for_a_constructed_pair_of_years() {
        use ApplicantKind::*;
        let facts = vec![
            req(1, NaturalPerson, "2024-03-01", Some(("2024-03-20", Outcome::Granted))),
            req(2, NaturalPerson, "2024-12-20", Some(("2025-01-10", Outcome::PartlyGranted))),
            req(3, Company, "2024-12-30", None),
            req(
                4,
                Company,
                "2025-02-01",
                Some(("2025-02-20", Outcome::Withheld(WithheldReason::StateSecret))),
            ),
            req(
                5,
                LegalService,
                "2025-05-01",
                Some(("2025-05-10", Outcome::NotProcessed(NotProcessedReason::Duplicate))),
            ),
            req(6, NaturalPerson, "2025-12-25", None),
            req(7, Research, "2025-06-01", Some(("2025-07-01", Outcome::Other(OtherReason::FeeUnpaid)))),
            req(8, NaturalPerson, "2026-01-05", None),
            RequestFact { received_on: None, ..req(9, NaturalPerson, "2025-01-01", None) },
        ];
        let (t24, _) = request_table(&facts, 2024, ReportFormat::National2021);
        let (t25, p25) = request_table(&facts, 2025, ReportFormat::National2021);
        let g = |t: &RequestTable, r, c| t.get(r, c).unwrap();
        use RequestColumn as C;
        use RequestRow as R;
        assert_eq!(g(&t24, R::NewReceived, C::Total), 3);
        assert_eq!(g(&t24, R::Granted, C::NaturalPerson), 1);
        assert_eq!(g(&t24, R::CarriedForward, C::Total), 2);
        assert_eq!(g(&t25, R::CarriedOver, C::Total), g(&t24, R::CarriedForward, C::Total), "X-1");
        assert_eq!(g(&t25, R::CarriedOver, C::NaturalPerson), 1);
        assert_eq!(g(&t25, R::CarriedOver, C::Company), 1);
        assert_eq!(g(&t25, R::NewReceived, C::Total), 4);
        assert_eq!(g(&t25, R::NewReceived, C::Company), 1);
        assert_eq!(g(&t25, R::NewReceived, C::LegalService), 1);
        assert_eq!(g(&t25, R::NewReceived, C::Research), 1);
        assert_eq!(g(&t25, R::PartlyGranted, C::NaturalPerson), 1);
        assert_eq!(g(&t25, R::WithheldStateSecret, C::Company), 1);
        assert_eq!(g(&t25, R::NotProcessedDuplicate, C::LegalService), 1);
        assert_eq!(g(&t25, R::OtherFeeUnpaid, C::Research), 1);
        assert_eq!(g(&t25, R::ResultsTotal, C::Total), 4);
        assert_eq!(g(&t25, R::CarriedForward, C::Total), 2, "3 (still open) and 6");
        assert_eq!(p25.ids("table3.carried_forward.total"), &[3, 6]);
        assert_eq!(p25.ids("table3.withheld_state_secret.company"), &[4]);
        let report = AnnualReport { table3: Some(t25), ..AnnualReport::default() };
        assert!(report.violations().is_empty());
        // Trial format: the three （六） rows are one.
        let (t, _) = request_table(&facts, 2020, ReportFormat::Trial2019);
        assert_eq!(t.get(R::OtherFeeUnpaid, C::Total), None);
        let (t25t, _) = request_table(&facts, 2025, ReportFormat::Trial2019);
        assert_eq!(t25t.get(R::Other, C::Total), Some(1));
        assert!(t.get(R::NewReceived, C::Total).is_some());
    }

    #[test]
    fn cases_count_decided_in_year_and_pending_at_its_end() {
        let c = |id, filed: &str, closed: Option<&str>, result| CaseFact {
            id,
            block: CaseBlock::Reconsideration,
            filed_on: d(filed),
            closed_on: closed.map(d),
            result,
        };
        let cases = vec![
            c(1, "2025-02-01", Some("2025-04-01"), CaseColumn::Upheld),
            c(2, "2025-11-01", Some("2026-01-15"), CaseColumn::Corrected),
            c(3, "2024-11-01", None, CaseColumn::Pending),
            c(4, "2023-01-01", Some("2024-01-01"), CaseColumn::Upheld),
        ];
        let (t, p) = case_table(&cases, 2025);
        let g = |col| t.get(CaseBlock::Reconsideration, col).unwrap();
        assert_eq!(
            (g(CaseColumn::Upheld), g(CaseColumn::Corrected), g(CaseColumn::Pending), g(CaseColumn::Total)),
            (1, 0, 2, 3)
        );
        assert_eq!(p.ids("table4.reconsideration.pending"), &[2, 3]);
        assert!(AnnualReport { table4: Some(t), ..AnnualReport::default() }.violations().is_empty());
    }

    #[test]
    fn empty_year_is_a_report_of_zeros_and_before_2008_is_refused() {
        let (r, _) = build("城关镇人民政府", 2025, &[], &[]).unwrap();
        assert_eq!(r.table3.as_ref().unwrap().get(RequestRow::NewReceived, RequestColumn::Total), Some(0));
        assert!(r.violations().is_empty());
        let (legacy, _) = build("城关镇人民政府", 2017, &[], &[]).unwrap();
        assert!(legacy.table3.is_none());
        assert_eq!(legacy.legacy.as_ref().unwrap().applications, Some(0));
        assert!(matches!(build("x", 2007, &[], &[]), Err(BuildError::BeforeRegulation { year: 2007 })));
    }

    #[test]
    fn fees_and_roll_up_add_up() {
        let mut f =
            req(1, ApplicantKind::NaturalPerson, "2025-03-01", Some(("2025-04-01", Outcome::Granted)));
        f.fee_notice = Some((d("2025-03-10"), 150));
        f.fee_paid = Some((d("2025-03-12"), 150));
        let (a, _) = build("甲", 2025, &[f.clone()], &[]).unwrap();
        assert_eq!(a.fees.as_ref().unwrap().amount_collected_yuan, Some(150.0));
        let (b, _) = build("乙", 2025, &[req(2, ApplicantKind::Company, "2025-05-01", None)], &[]).unwrap();
        let sum = roll_up("县", 2025, &[a, b]);
        let t = sum.table3.as_ref().unwrap();
        assert_eq!(t.get(RequestRow::NewReceived, RequestColumn::Total), Some(2));
        assert_eq!(t.get(RequestRow::CarriedForward, RequestColumn::Company), Some(1));
        assert!(sum.violations().is_empty());
        assert_eq!(sum.fees.unwrap().notices, Some(1));
    }
}
