//! The 勾稽关系 (`Invariant`s) of the statutory tables as pure functions.
//!
//! Blank cells count as 0 in a sum, but an identity whose cells are all blank is skipped: a
//! report that leaves a whole column empty says nothing about it.

use serde::{Deserialize, Serialize};

use super::{
    CaseBlock, CaseColumn, CaseTable, ProactiveColumn, ProactiveRow, ProactiveTable, RequestColumn,
    RequestRow, RequestTable,
};

/// One arithmetic rule a table (or a pair of yearly tables) must satisfy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Invariant {
    /// T3-1: 一 + 二 = 三（七）总计 + 四, for every column.
    #[serde(rename = "T3-1")]
    T3Balance,
    /// T3-2: 三（七）总计 = sum of all outcome rows, for every column.
    #[serde(rename = "T3-2")]
    T3ResultsSum,
    /// T3-3: 总计 = sum of the six applicant columns, for every row.
    #[serde(rename = "T3-3")]
    T3RowSum,
    /// T4-1: 总计 = 维持 + 纠正 + 其他 + 尚未审结, for every block.
    #[serde(rename = "T4-1")]
    T4RowSum,
    /// this year's 上年结转 = last year's 结转下年度.
    #[serde(rename = "X-1")]
    CarryOver,
    /// 现行有效(t) = 现行有效(t−1) + 制发(t) − 废止(t).
    #[serde(rename = "X-2")]
    InForce,
}

impl Invariant {
    /// Short id as in `report-json.md`.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            Self::T3Balance => "T3-1",
            Self::T3ResultsSum => "T3-2",
            Self::T3RowSum => "T3-3",
            Self::T4RowSum => "T4-1",
            Self::CarryOver => "X-1",
            Self::InForce => "X-2",
        }
    }

    /// The checker's rule id for a violation of this invariant.
    #[must_use]
    pub fn rule(self) -> &'static str {
        match self {
            Self::T3Balance => "table3.balance",
            Self::T3ResultsSum => "table3.results_sum",
            Self::T3RowSum => "table3.row_sum",
            Self::T4RowSum => "table4.row_sum",
            Self::CarryOver => "cross_year.carry_over",
            Self::InForce => "cross_year.in_force",
        }
    }
}

/// One violated identity: where, what the form says, what the parts add up to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    /// Which rule.
    pub invariant: Invariant,
    /// Row or block key (`new_received`, `reconsideration`, …) the identity is about; for
    /// per-column identities, the row holding the printed total.
    pub row: String,
    /// Column key the identity is about.
    pub column: String,
    /// The side of the identity as printed (the total cell, or 一+二 for T3-1).
    pub printed: i64,
    /// The other side computed from the parts.
    pub computed: i64,
    /// Human-readable formula in Chinese, e.g. `一+二=26+0=26，三（七）+四=25+0=25`.
    pub detail: String,
}

fn sum_cells<I: IntoIterator<Item = Option<i64>>>(cells: I) -> (i64, bool) {
    let mut any = false;
    let mut sum = 0i64;
    for v in cells.into_iter().flatten() {
        any = true;
        sum = sum.saturating_add(v);
    }
    (sum, any)
}

/// T3-1, T3-2 and T3-3 on one 表三.
#[must_use]
pub fn check_request_table(t: &RequestTable) -> Vec<Violation> {
    let mut out = Vec::new();
    for col in RequestColumn::ALL {
        // T3-1
        let cells = [
            t.get(RequestRow::NewReceived, col),
            t.get(RequestRow::CarriedOver, col),
            t.get(RequestRow::ResultsTotal, col),
            t.get(RequestRow::CarriedForward, col),
        ];
        let (_, any) = sum_cells(cells);
        if any {
            let [a, b, c, d] = cells.map(|x| x.unwrap_or(0));
            if a.saturating_add(b) != c.saturating_add(d) {
                out.push(Violation {
                    invariant: Invariant::T3Balance,
                    row: RequestRow::ResultsTotal.key().to_owned(),
                    column: col.key().to_owned(),
                    printed: a.saturating_add(b),
                    computed: c.saturating_add(d),
                    detail: format!(
                        "{}列：一+二={a}+{b}={}，三（七）+四={c}+{d}={}",
                        col.label_zh(),
                        a.saturating_add(b),
                        c.saturating_add(d)
                    ),
                });
            }
        }
        // T3-2
        let parts: Vec<(RequestRow, Option<i64>)> =
            t.0.keys().filter(|r| r.is_outcome()).map(|r| (*r, t.get(*r, col))).collect();
        let (sum, any_part) = sum_cells(parts.iter().map(|(_, v)| *v));
        let total = t.get(RequestRow::ResultsTotal, col);
        if (any_part || total.is_some()) && total.unwrap_or(0) != sum {
            let nonzero: Vec<String> =
                parts.iter().filter_map(|(_, v)| v.filter(|x| *x != 0).map(|x| x.to_string())).collect();
            let formula = if nonzero.is_empty() { "0".to_owned() } else { nonzero.join("+") };
            out.push(Violation {
                invariant: Invariant::T3ResultsSum,
                row: RequestRow::ResultsTotal.key().to_owned(),
                column: col.key().to_owned(),
                printed: total.unwrap_or(0),
                computed: sum,
                detail: format!(
                    "{}列：各办理结果之和 {formula}={sum}，（七）总计印为{}",
                    col.label_zh(),
                    total.unwrap_or(0)
                ),
            });
        }
    }
    // T3-3
    for (row, cols) in &t.0 {
        let parts = RequestColumn::APPLICANTS.map(|c| cols.get(&c).copied().flatten());
        let (sum, any_part) = sum_cells(parts);
        let total = cols.get(&RequestColumn::Total).copied().flatten();
        if (any_part || total.is_some()) && total.unwrap_or(0) != sum {
            out.push(Violation {
                invariant: Invariant::T3RowSum,
                row: row.key().to_owned(),
                column: RequestColumn::Total.key().to_owned(),
                printed: total.unwrap_or(0),
                computed: sum,
                detail: format!(
                    "{}：六类申请人之和 {}={sum}，总计印为{}",
                    row.label_zh(),
                    parts.map(|v| v.unwrap_or(0).to_string()).join("+"),
                    total.unwrap_or(0)
                ),
            });
        }
    }
    out
}

/// T4-1 on one 表四.
#[must_use]
pub fn check_case_table(t: &CaseTable) -> Vec<Violation> {
    let mut out = Vec::new();
    for block in CaseBlock::ALL {
        let parts = CaseColumn::PARTS.map(|c| t.get(block, c));
        let (sum, any_part) = sum_cells(parts);
        let total = t.get(block, CaseColumn::Total);
        if (any_part || total.is_some()) && total.unwrap_or(0) != sum {
            out.push(Violation {
                invariant: Invariant::T4RowSum,
                row: block.key().to_owned(),
                column: CaseColumn::Total.key().to_owned(),
                printed: total.unwrap_or(0),
                computed: sum,
                detail: format!(
                    "{}：结果维持+结果纠正+其他结果+尚未审结={}={sum}，总计印为{}",
                    block.label_zh(),
                    parts.map(|v| v.unwrap_or(0).to_string()).join("+"),
                    total.unwrap_or(0)
                ),
            });
        }
    }
    out
}

/// `current.carried_over` must equal `previous.carried_forward`, column by column.
#[must_use]
pub fn check_carry_over(previous: &RequestTable, current: &RequestTable) -> Vec<Violation> {
    let mut out = Vec::new();
    for col in RequestColumn::ALL {
        let prev = previous.get(RequestRow::CarriedForward, col);
        let cur = current.get(RequestRow::CarriedOver, col);
        if prev.is_none() && cur.is_none() {
            continue;
        }
        let (p, c) = (prev.unwrap_or(0), cur.unwrap_or(0));
        if p != c {
            out.push(Violation {
                invariant: Invariant::CarryOver,
                row: RequestRow::CarriedOver.key().to_owned(),
                column: col.key().to_owned(),
                printed: c,
                computed: p,
                detail: format!(
                    "{}列：本年“上年结转”为{c}，上一年度“结转下年度继续办理”为{p}",
                    col.label_zh()
                ),
            });
        }
    }
    out
}

/// 现行有效件数 continuity for 规章 and 行政规范性文件 (2021 format columns).
#[must_use]
pub fn check_in_force(previous: &ProactiveTable, current: &ProactiveTable) -> Vec<Violation> {
    let mut out = Vec::new();
    for row in [ProactiveRow::Rules, ProactiveRow::NormativeDocuments] {
        let (Some(prev), Some(cur)) =
            (previous.get(row, ProactiveColumn::InForce), current.get(row, ProactiveColumn::InForce))
        else {
            continue;
        };
        let issued = current.get(row, ProactiveColumn::Issued).unwrap_or(0.0);
        let repealed = current.get(row, ProactiveColumn::Repealed).unwrap_or(0.0);
        let expected = prev + issued - repealed;
        if (expected - cur).abs() > 1e-9 {
            // Counts are whole numbers; truncation is exact for them.
            #[allow(clippy::cast_possible_truncation)]
            let (printed, computed) = (cur.round() as i64, expected.round() as i64);
            out.push(Violation {
                invariant: Invariant::InForce,
                row: match row {
                    ProactiveRow::Rules => "rules",
                    _ => "normative_documents",
                }
                .to_owned(),
                column: "in_force".to_owned(),
                printed,
                computed,
                detail: format!(
                    "{}：上年现行有效{prev}+本年制发{issued}−本年废止{repealed}={expected}，本年现行有效印为{cur}",
                    row.label_zh()
                ),
            });
        }
    }
    out
}
