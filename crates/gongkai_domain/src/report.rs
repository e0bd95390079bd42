//! The statutory tables of a 政府信息公开工作年度报告 (`AnnualReport`) and their 勾稽关系.
//!
//! The types serialise to the exchange shape `gongkai.annual-report/1` described in
//! `shared/domain/report-json.md`: `table2`/`table3`/`table4` maps from row (or block) keys to
//! column keys to cells, where a blank cell is `null`. The invariants T3-1 … T4-1, X-1 and X-2 are
//! plain functions returning the cells that violate them; they do no I/O and know nothing about
//! how a table was read, so the checker and the future generator share them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use strum::EnumMessage;

mod labels;
pub mod records;
mod rules;

pub use labels::{CaseBlock, CaseColumn, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow};
pub use rules::{
    Invariant, Violation, check_carry_over, check_case_table, check_in_force, check_request_table,
};

/// Schema identifier written into every exported report.
pub const SCHEMA: &str = "gongkai.annual-report/1";

/// The generation of the national report template a report follows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum ReportFormat {
    /// 2008 条例 era (reports up to 2018): no fixed tables.
    #[strum(message = "2008年条例时期格式")]
    Legacy2008,
    /// 国办公开办函〔2019〕60号 格式（试行）: reports for 2019 and 2020.
    #[strum(message = "2019年试行格式")]
    Trial2019,
    /// 国办公开办函〔2021〕30号: reports for 2021 onwards.
    #[strum(message = "2021年全国统一格式")]
    National2021,
}

impl ReportFormat {
    /// The template a report for `year` is expected to use.
    #[must_use]
    pub fn expected_for_year(year: i32) -> Self {
        match year {
            ..=2018 => Self::Legacy2008,
            2019 | 2020 => Self::Trial2019,
            _ => Self::National2021,
        }
    }

    /// Chinese name of the format, for messages.
    /// Chinese name of the format, for messages.
    #[must_use]
    pub fn label_zh(self) -> &'static str {
        self.get_message().unwrap_or_default()
    }
}

/// One cell: `None` when the published report leaves it blank.
pub type Cell = Option<i64>;

/// 表三 (`RequestTable`): rows → applicant columns → cells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RequestTable(pub BTreeMap<RequestRow, BTreeMap<RequestColumn, Cell>>);

impl RequestTable {
    /// The cell at `row`/`column`, flattening "absent" and "blank" to `None`.
    #[must_use]
    pub fn get(&self, row: RequestRow, column: RequestColumn) -> Cell {
        self.0.get(&row).and_then(|r| r.get(&column).copied().flatten())
    }

    /// Set one cell (creating the row when needed).
    pub fn set(&mut self, row: RequestRow, column: RequestColumn, value: Cell) {
        self.0.entry(row).or_default().insert(column, value);
    }

    /// Whether the table carries any row at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// 表四 (`CaseTable`): blocks → result columns → cells.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CaseTable(pub BTreeMap<CaseBlock, BTreeMap<CaseColumn, Cell>>);

impl CaseTable {
    /// The cell at `block`/`column`.
    #[must_use]
    pub fn get(&self, block: CaseBlock, column: CaseColumn) -> Cell {
        self.0.get(&block).and_then(|r| r.get(&column).copied().flatten())
    }

    /// Set one cell.
    pub fn set(&mut self, block: CaseBlock, column: CaseColumn, value: Cell) {
        self.0.entry(block).or_default().insert(column, value);
    }
}

/// A 表二 cell: a count, or an amount in 万元 which may be a decimal.
pub type ProactiveCell = Option<f64>;

/// 表二 (`ProactiveTable`): rows → columns → cells. Counts are whole numbers; the fee amount
/// (`fees_collected.amount_wan_yuan`) may be a decimal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProactiveTable(pub BTreeMap<ProactiveRow, BTreeMap<ProactiveColumn, ProactiveCell>>);

impl ProactiveTable {
    /// The cell at `row`/`column`.
    #[must_use]
    pub fn get(&self, row: ProactiveRow, column: ProactiveColumn) -> ProactiveCell {
        self.0.get(&row).and_then(|r| r.get(&column).copied().flatten())
    }

    /// Set one cell.
    pub fn set(&mut self, row: ProactiveRow, column: ProactiveColumn, value: ProactiveCell) {
        self.0.entry(row).or_default().insert(column, value);
    }
}

/// 信息处理费 figures stated in section 六 (or the legacy fee section).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Fees {
    /// Number of fee notices sent.
    pub notices: Option<i64>,
    /// Amount notified, in 元.
    pub amount_notified_yuan: Option<f64>,
    /// Amount actually collected, in 元.
    pub amount_collected_yuan: Option<f64>,
}

/// Key figures a legacy (2008-era) report states in its text or statistics annex.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegacyFigures {
    /// 主动公开政府信息 (items published proactively this year).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_disclosed: Option<i64>,
    /// 制作、获取政府信息总数.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub produced_total: Option<i64>,
    /// Applications received (依申请公开 申请数).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applications: Option<i64>,
    /// Applications answered (答复数).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answered: Option<i64>,
    /// 同意公开.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granted: Option<i64>,
    /// 同意部分公开.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partially_granted: Option<i64>,
    /// 不予公开 / 否决公开.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<i64>,
    /// 行政复议 cases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews: Option<i64>,
    /// 行政诉讼 cases.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lawsuits: Option<i64>,
    /// Fees collected (元), when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fees_yuan: Option<i64>,
    /// Cumulative 主动公开 (历年累计) from a statistics annex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table_active_cumulative: Option<i64>,
}

/// One agency's annual report, in the exchange shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualReport {
    /// Always [`SCHEMA`].
    pub schema: String,
    /// The reporting agency, as named by the report.
    pub agency: Option<String>,
    /// The reported year.
    pub year: Option<i32>,
    /// The template generation.
    pub format: Option<ReportFormat>,
    /// 表二, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table2: Option<ProactiveTable>,
    /// 表三, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table3: Option<RequestTable>,
    /// 表四, when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table4: Option<CaseTable>,
    /// Fee figures, when stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<Fees>,
    /// Legacy key figures, for 2008-era reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy: Option<LegacyFigures>,
}

impl Default for AnnualReport {
    fn default() -> Self {
        Self {
            schema: SCHEMA.to_owned(),
            agency: None,
            year: None,
            format: None,
            table2: None,
            table3: None,
            table4: None,
            fees: None,
            legacy: None,
        }
    }
}

impl AnnualReport {
    /// All single-report invariant violations (T3-1, T3-2, T3-3, T4-1).
    #[must_use]
    pub fn violations(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        if let Some(t3) = &self.table3 {
            out.extend(check_request_table(t3));
        }
        if let Some(t4) = &self.table4 {
            out.extend(check_case_table(t4));
        }
        out
    }
}

#[cfg(test)]
mod tests;
