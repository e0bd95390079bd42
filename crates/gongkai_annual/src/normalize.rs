//! Bring the tables into the exact shape of the format: every cell of the printed form present
//! (0 instead of blank — a blank cell is a defect the checker reports, `table.blank_cells`), rows
//! the format does not have removed, and the derived cells (总计 column, （七）总计, 结转下年度, 表四
//! 总计) computed when the caller left them out. Cells the caller did give are never changed, so
//! an inconsistent input stays visible to [`crate::lint`].

use gongkai_domain::report::{
    AnnualReport, CaseBlock, CaseColumn, CaseTable, Fees, LegacyFigures, ProactiveColumn, ProactiveRow,
    ProactiveTable, ReportFormat, RequestColumn, RequestRow, RequestTable,
};

/// Rows and columns of 表二 in `format` (regulation.md §2.3).
#[must_use]
pub fn table2_layout(format: ReportFormat) -> Vec<(ProactiveRow, Vec<ProactiveColumn>)> {
    use ProactiveColumn as C;
    use ProactiveRow as R;
    match format {
        ReportFormat::National2021 => vec![
            (R::Rules, vec![C::Issued, C::Repealed, C::InForce]),
            (R::NormativeDocuments, vec![C::Issued, C::Repealed, C::InForce]),
            (R::Licensing, vec![C::Decisions]),
            (R::Penalties, vec![C::Decisions]),
            (R::Enforcement, vec![C::Decisions]),
            (R::FeesCollected, vec![C::AmountWanYuan]),
        ],
        ReportFormat::Trial2019 => vec![
            (R::Rules, vec![C::NewMade, C::NewPublished, C::PublishedTotal]),
            (R::NormativeDocuments, vec![C::NewMade, C::NewPublished, C::PublishedTotal]),
            (R::Licensing, vec![C::PreviousItems, C::Change, C::Decisions]),
            (R::OtherServices, vec![C::PreviousItems, C::Change, C::Decisions]),
            (R::Penalties, vec![C::PreviousItems, C::Change, C::Decisions]),
            (R::Enforcement, vec![C::PreviousItems, C::Change, C::Decisions]),
            (R::FeesCollected, vec![C::PreviousItems, C::Change]),
            (R::Procurement, vec![C::Items, C::AmountYuan]),
        ],
        ReportFormat::Legacy2008 => Vec::new(),
    }
}

/// Rows of 表三 in `format` (regulation.md §2.4).
#[must_use]
pub fn table3_rows(format: ReportFormat) -> Vec<RequestRow> {
    match format {
        ReportFormat::National2021 => RequestRow::national2021(),
        ReportFormat::Trial2019 => RequestRow::trial2019(),
        ReportFormat::Legacy2008 => Vec::new(),
    }
}

fn complete_table2(t: Option<ProactiveTable>, format: ReportFormat) -> ProactiveTable {
    let src = t.unwrap_or_default();
    let mut out = ProactiveTable::default();
    for (row, cols) in table2_layout(format) {
        for col in cols {
            out.set(row, col, Some(src.get(row, col).unwrap_or(0.0)));
        }
    }
    out
}

fn complete_table3(t: Option<RequestTable>, format: ReportFormat) -> RequestTable {
    let mut src = t.unwrap_or_default();
    // 2019 trial form: （六）其他处理 is one row; fold sub-rows given by a 2021-shaped source.
    if format == ReportFormat::Trial2019 {
        for col in RequestColumn::ALL {
            if src.get(RequestRow::Other, col).is_none() {
                let parts =
                    [RequestRow::OtherCorrectionLapsed, RequestRow::OtherFeeUnpaid, RequestRow::OtherOther]
                        .map(|r| src.get(r, col));
                if parts.iter().any(Option::is_some) {
                    src.set(RequestRow::Other, col, Some(parts.iter().map(|v| v.unwrap_or(0)).sum()));
                }
            }
        }
    }
    let rows = table3_rows(format);
    let mut out = RequestTable::default();
    // Plain cells: the given value or 0; derived cells wait.
    for &row in &rows {
        if matches!(row, RequestRow::ResultsTotal | RequestRow::CarriedForward) {
            continue;
        }
        for col in RequestColumn::APPLICANTS {
            out.set(row, col, Some(src.get(row, col).unwrap_or(0)));
        }
    }
    // （七）总计 per applicant column: given, else the sum of the outcome rows (T3-2).
    for col in RequestColumn::APPLICANTS {
        let sum: i64 = rows.iter().filter(|r| r.is_outcome()).map(|r| out.get(*r, col).unwrap_or(0)).sum();
        out.set(RequestRow::ResultsTotal, col, Some(src.get(RequestRow::ResultsTotal, col).unwrap_or(sum)));
    }
    // 四、结转下年度 per applicant column: given, else 一 + 二 − 三（七）(T3-1), never negative.
    for col in RequestColumn::APPLICANTS {
        let v = src.get(RequestRow::CarriedForward, col).unwrap_or_else(|| {
            let open = out.get(RequestRow::NewReceived, col).unwrap_or(0)
                + out.get(RequestRow::CarriedOver, col).unwrap_or(0)
                - out.get(RequestRow::ResultsTotal, col).unwrap_or(0);
            open.max(0)
        });
        out.set(RequestRow::CarriedForward, col, Some(v));
    }
    // 总计 column of every row: given, else the sum of the six applicant columns (T3-3).
    for &row in &rows {
        let sum: i64 = RequestColumn::APPLICANTS.iter().map(|c| out.get(row, *c).unwrap_or(0)).sum();
        out.set(row, RequestColumn::Total, Some(src.get(row, RequestColumn::Total).unwrap_or(sum)));
    }
    out
}

fn complete_table4(t: Option<CaseTable>) -> CaseTable {
    let src = t.unwrap_or_default();
    let mut out = CaseTable::default();
    for block in CaseBlock::ALL {
        for col in CaseColumn::PARTS {
            out.set(block, col, Some(src.get(block, col).unwrap_or(0)));
        }
        let sum: i64 = CaseColumn::PARTS.iter().map(|c| out.get(block, *c).unwrap_or(0)).sum();
        out.set(block, CaseColumn::Total, Some(src.get(block, CaseColumn::Total).unwrap_or(sum)));
    }
    out
}

fn complete_legacy(l: Option<LegacyFigures>) -> LegacyFigures {
    let mut l = l.unwrap_or_default();
    for f in [
        &mut l.active_disclosed,
        &mut l.applications,
        &mut l.answered,
        &mut l.granted,
        &mut l.partially_granted,
        &mut l.refused,
        &mut l.reviews,
        &mut l.lawsuits,
        &mut l.fees_yuan,
    ] {
        f.get_or_insert(0);
    }
    l
}

fn complete_fees(f: Option<Fees>) -> Fees {
    let f = f.unwrap_or_default();
    Fees {
        notices: Some(f.notices.unwrap_or(0)),
        amount_notified_yuan: Some(f.amount_notified_yuan.unwrap_or(0.0)),
        amount_collected_yuan: Some(f.amount_collected_yuan.unwrap_or(0.0)),
    }
}

/// The tables of `report` completed for `format` (see the module docs).
#[must_use]
pub fn complete_tables(report: AnnualReport, format: ReportFormat) -> AnnualReport {
    let AnnualReport { schema, agency, year, table2, table3, table4, fees, legacy, .. } = report;
    match format {
        ReportFormat::Legacy2008 => AnnualReport {
            schema,
            agency,
            year,
            format: Some(format),
            table2: None,
            table3: None,
            table4: None,
            fees: None,
            legacy: Some(complete_legacy(legacy)),
        },
        ReportFormat::Trial2019 | ReportFormat::National2021 => AnnualReport {
            schema,
            agency,
            year,
            format: Some(format),
            table2: Some(complete_table2(table2, format)),
            table3: Some(complete_table3(table3, format)),
            table4: Some(complete_table4(table4)),
            fees: Some(complete_fees(fees)),
            legacy: None,
        },
    }
}
