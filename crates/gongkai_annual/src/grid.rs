//! One layout model for the statutory tables, drawn once and rendered by every exporter (HTML
//! rowspan/colspan, DOCX gridSpan/vMerge, XLSX merged ranges, typst table cells, flattened
//! Markdown). The layouts follow the national forms in regulation.md §2.3–2.5.

use gongkai_domain::report::{
    AnnualReport, CaseBlock, CaseColumn, ProactiveColumn, ProactiveRow, ReportFormat, RequestColumn,
    RequestRow,
};
use serde::Serialize;

use crate::narrative::amount;
use crate::normalize::{table2_layout, table3_rows};
use crate::spec::TableKind;

/// Role of a cell, for `<th scope>` and styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// Column header (`scope="col"`, or `colgroup` when it spans columns).
    ColHeader,
    /// Row header (`scope="row"`, or `rowgroup` when it spans rows).
    RowHeader,
    /// A block title row spanning the table (表二 第二十条第（X）项).
    Band,
    /// The top-left note/corner of 表三.
    Corner,
    /// A number.
    Data,
}

/// One cell where it starts (HTML model: covered positions are not listed).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridCell {
    pub text: String,
    pub rowspan: usize,
    pub colspan: usize,
    pub kind: CellKind,
    /// The numeric value of a data cell.
    pub value: Option<f64>,
}

impl GridCell {
    fn new(text: impl Into<String>, kind: CellKind) -> Self {
        Self { text: text.into(), rowspan: 1, colspan: 1, kind, value: None }
    }
    fn col(text: impl Into<String>) -> Self {
        Self::new(text, CellKind::ColHeader)
    }
    fn row(text: impl Into<String>) -> Self {
        Self::new(text, CellKind::RowHeader)
    }
    fn num(v: f64) -> Self {
        Self { value: Some(v), ..Self::new(amount(v), CellKind::Data) }
    }
    fn int(v: Option<i64>) -> Self {
        #[allow(clippy::cast_precision_loss)]
        let f = v.unwrap_or(0) as f64;
        Self::num(f)
    }
    fn span(mut self, rows: usize, cols: usize) -> Self {
        self.rowspan = rows;
        self.colspan = cols;
        self
    }
}

/// A drawn table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grid {
    pub kind: TableKind,
    /// Short sheet name (XLSX).
    pub sheet: &'static str,
    pub caption: String,
    /// Relative column widths.
    pub widths: Vec<u32>,
    /// Rows that form the header (`<thead>`, repeated on page breaks).
    pub head_rows: usize,
    pub rows: Vec<Vec<GridCell>>,
}

/// A cell position in the expanded grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot<'a> {
    /// Where a cell starts.
    Origin(&'a GridCell),
    /// Covered by a cell starting above (rowspan), in the same columns.
    Below(&'a GridCell),
    /// Covered by a cell starting to the left (colspan) in this row.
    Right,
}

impl Grid {
    /// Number of columns.
    #[must_use]
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// The expanded grid: every (row, column) position resolved.
    #[must_use]
    pub fn expand(&self) -> Vec<Vec<Option<Slot<'_>>>> {
        let n = self.columns();
        let mut out: Vec<Vec<Option<Slot<'_>>>> = vec![vec![None; n]; self.rows.len()];
        for (r, row) in self.rows.iter().enumerate() {
            let mut c = 0;
            for cell in row {
                while c < n && out[r][c].is_some() {
                    c += 1;
                }
                if c >= n {
                    break;
                }
                for dr in 0..cell.rowspan {
                    for dc in 0..cell.colspan {
                        let (rr, cc) = (r + dr, c + dc);
                        if rr < out.len() && cc < n {
                            out[rr][cc] = Some(match (dr, dc) {
                                (0, 0) => Slot::Origin(cell),
                                (_, 0) => Slot::Below(cell),
                                _ => Slot::Right,
                            });
                        }
                    }
                }
                c += cell.colspan;
            }
        }
        out
    }
}

/// The note printed in the corner of 表三 (verbatim, regulation.md §2.4).
pub const T3_NOTE: &str = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

/// 表二 in the 2021 or 2019 form.
#[must_use]
pub fn table2(format: ReportFormat, report: &AnnualReport) -> Grid {
    use ProactiveColumn as C;
    use ProactiveRow as R;
    let t = report.table2.clone().unwrap_or_default();
    let layout = table2_layout(format);
    let cols_of = |row: R| layout.iter().find(|(r, _)| *r == row).map(|(_, c)| c.clone()).unwrap_or_default();
    let blocks: Vec<(&str, Vec<R>)> = match format {
        ReportFormat::National2021 => vec![
            ("第二十条第（一）项", vec![R::Rules, R::NormativeDocuments]),
            ("第二十条第（五）项", vec![R::Licensing]),
            ("第二十条第（六）项", vec![R::Penalties, R::Enforcement]),
            ("第二十条第（八）项", vec![R::FeesCollected]),
        ],
        _ => vec![
            ("第二十条第（一）项", vec![R::Rules, R::NormativeDocuments]),
            ("第二十条第（五）项", vec![R::Licensing, R::OtherServices]),
            ("第二十条第（六）项", vec![R::Penalties, R::Enforcement]),
            ("第二十条第（八）项", vec![R::FeesCollected]),
            ("第二十条第（九）项", vec![R::Procurement]),
        ],
    };
    let mut rows = Vec::new();
    for (band, block_rows) in blocks {
        rows.push(vec![GridCell::new(band, CellKind::Band).span(1, 4)]);
        let cols = cols_of(block_rows[0]);
        // Header: 信息内容 + column labels; the last label stretches over the remaining columns.
        let mut head = vec![GridCell::col("信息内容")];
        for (i, c) in cols.iter().enumerate() {
            let label = if format == ReportFormat::Trial2019 && *c == C::Decisions {
                "处理决定数量"
            } else {
                c.label_zh()
            };
            let span = if i + 1 == cols.len() { 4 - cols.len() } else { 1 };
            head.push(GridCell::col(label).span(1, span));
        }
        rows.push(head);
        for r in block_rows {
            let label = if format == ReportFormat::Trial2019 && r == R::NormativeDocuments {
                "规范性文件"
            } else {
                r.label_zh()
            };
            let mut line = vec![GridCell::row(label)];
            for (i, c) in cols.iter().enumerate() {
                let span = if i + 1 == cols.len() { 4 - cols.len() } else { 1 };
                line.push(GridCell::num(t.get(r, *c).unwrap_or(0.0)).span(1, span));
            }
            rows.push(line);
        }
    }
    Grid {
        kind: TableKind::Proactive,
        sheet: "表二 主动公开",
        caption: "主动公开政府信息情况".to_owned(),
        widths: vec![34, 22, 22, 22],
        head_rows: 0,
        rows,
    }
}

/// 表三 in the 2021 or 2019 form: three label columns (一…四 / （一）…（七） / 1.…) and seven
/// applicant columns under the merged 申请人情况 and 法人或其他组织 headers.
#[must_use]
pub fn table3(format: ReportFormat, report: &AnnualReport) -> Grid {
    use RequestRow as R;
    let t = report.table3.clone().unwrap_or_default();
    let data = |row: R| RequestColumn::ALL.iter().map(|c| GridCell::int(t.get(row, *c))).collect::<Vec<_>>();
    let mut rows: Vec<Vec<GridCell>> = vec![
        vec![GridCell::new(T3_NOTE, CellKind::Corner).span(3, 3), GridCell::col("申请人情况").span(1, 7)],
        vec![
            GridCell::col("自然人").span(2, 1),
            GridCell::col("法人或其他组织").span(1, 5),
            GridCell::col("总计").span(2, 1),
        ],
        [
            RequestColumn::Company,
            RequestColumn::Research,
            RequestColumn::NonProfit,
            RequestColumn::LegalService,
            RequestColumn::OtherOrg,
        ]
        .iter()
        .map(|c| GridCell::col(c.label_zh()))
        .collect(),
    ];
    let full = |label: &str, row: R, rows: &mut Vec<Vec<GridCell>>| {
        let mut line = vec![GridCell::row(label).span(1, 3)];
        line.extend(data(row));
        rows.push(line);
    };
    full(R::NewReceived.label_zh(), R::NewReceived, &mut rows);
    full(R::CarriedOver.label_zh(), R::CarriedOver, &mut rows);
    let present = table3_rows(format);
    let results: Vec<R> =
        present.iter().copied().filter(|r| r.is_outcome() || *r == R::ResultsTotal).collect();
    let groups: [(&str, &[R]); 4] = [
        (
            "（三）不予公开",
            &[
                R::WithheldStateSecret,
                R::WithheldProhibitedByLaw,
                R::WithheldThreeSecurities,
                R::WithheldThirdPartyRights,
                R::WithheldInternalAffairs,
                R::WithheldProcessInformation,
                R::WithheldEnforcementFile,
                R::WithheldAdministrativeQuery,
            ],
        ),
        ("（四）无法提供", &[R::UnavailableNotHeld, R::UnavailableNeedsCreation, R::UnavailableStillUnclear]),
        (
            "（五）不予处理",
            &[
                R::NotProcessedPetition,
                R::NotProcessedDuplicate,
                R::NotProcessedPublication,
                R::NotProcessedExcessive,
                R::NotProcessedConfirmation,
            ],
        ),
        ("（六）其他处理", &[R::OtherCorrectionLapsed, R::OtherFeeUnpaid, R::OtherOther]),
    ];
    let mut first = true;
    let mut i = 0;
    while i < results.len() {
        let row = results[i];
        let mut line = Vec::new();
        if first {
            line.push(GridCell::row("三、本年度办理结果").span(results.len(), 1));
            first = false;
        }
        if let Some((glabel, members)) = groups.iter().find(|(_, m)| m.contains(&row)) {
            let members: Vec<R> = members.iter().copied().filter(|m| present.contains(m)).collect();
            for (j, m) in members.iter().enumerate() {
                if j > 0 {
                    line = Vec::new();
                }
                if j == 0 {
                    line.push(GridCell::row(*glabel).span(members.len(), 1));
                }
                let sub = m.label_zh().split_once('）').map_or(m.label_zh(), |(_, s)| s);
                line.push(GridCell::row(sub));
                line.extend(data(*m));
                rows.push(std::mem::take(&mut line));
            }
            i += members.len();
            continue;
        }
        let label = match row {
            R::PartlyGranted => "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            R::Other => "（六）其他处理",
            r => r.label_zh(),
        };
        line.push(GridCell::row(label).span(1, 2));
        line.extend(data(row));
        rows.push(line);
        i += 1;
    }
    full(R::CarriedForward.label_zh(), R::CarriedForward, &mut rows);
    Grid {
        kind: TableKind::Requests,
        sheet: "表三 依申请公开",
        caption: "收到和处理政府信息公开申请情况".to_owned(),
        widths: vec![5, 10, 29, 7, 7, 7, 7, 8, 6, 7],
        head_rows: 3,
        rows,
    }
}

/// 表四: 行政复议 (5 columns) and 行政诉讼 (未经复议直接起诉, 复议后起诉: 5 each), one data row.
#[must_use]
pub fn table4(report: &AnnualReport) -> Grid {
    let t = report.table4.clone().unwrap_or_default();
    let r1 = vec![GridCell::col("行政复议").span(1, 5), GridCell::col("行政诉讼").span(1, 10)];
    let mut r2: Vec<GridCell> =
        CaseColumn::ALL.iter().map(|c| GridCell::col(c.label_zh()).span(2, 1)).collect();
    r2.push(GridCell::col(CaseBlock::LitigationDirect.label_zh()).span(1, 5));
    r2.push(GridCell::col(CaseBlock::LitigationAfterReconsideration.label_zh()).span(1, 5));
    let r3: Vec<GridCell> =
        (0..2).flat_map(|_| CaseColumn::ALL.iter().map(|c| GridCell::col(c.label_zh()))).collect();
    let data: Vec<GridCell> = CaseBlock::ALL
        .iter()
        .flat_map(|b| CaseColumn::ALL.iter().map(|c| GridCell::int(t.get(*b, *c))).collect::<Vec<_>>())
        .collect();
    Grid {
        kind: TableKind::Cases,
        sheet: "表四 复议诉讼",
        caption: "政府信息公开行政复议、行政诉讼情况".to_owned(),
        widths: vec![1; 15],
        head_rows: 3,
        rows: vec![r1, r2, r3, data],
    }
}

/// Legacy (2008–2018) key figures as a two-column statistics table.
#[must_use]
pub fn legacy(report: &AnnualReport) -> Grid {
    let l = report.legacy.clone().unwrap_or_default();
    let items: [(&str, &str, Option<i64>); 9] = [
        ("主动公开政府信息数", "条", l.active_disclosed),
        ("收到政府信息公开申请数", "件", l.applications),
        ("已答复申请数", "件", l.answered),
        ("其中：同意公开", "件", l.granted),
        ("同意部分公开", "件", l.partially_granted),
        ("不予公开", "件", l.refused),
        ("收取政府信息公开费用", "元", l.fees_yuan),
        ("因政府信息公开申请提起行政复议数", "件", l.reviews),
        ("因政府信息公开申请提起行政诉讼数", "件", l.lawsuits),
    ];
    let mut rows = vec![vec![GridCell::col("统计指标"), GridCell::col("单位"), GridCell::col("统计数")]];
    for (label, unit, v) in items {
        rows.push(vec![GridCell::row(label), GridCell::new(unit, CellKind::Data), GridCell::int(v)]);
    }
    Grid {
        kind: TableKind::LegacyFigures,
        sheet: "统计表",
        caption: "政府信息公开情况统计表".to_owned(),
        widths: vec![60, 15, 25],
        head_rows: 1,
        rows,
    }
}

/// The grid for a table kind.
#[must_use]
pub fn grid_for(kind: TableKind, format: ReportFormat, report: &AnnualReport) -> Grid {
    match kind {
        TableKind::Proactive => table2(format, report),
        TableKind::Requests => table3(format, report),
        TableKind::Cases => table4(report),
        TableKind::LegacyFigures => legacy(report),
    }
}

/// Every table of a document, in section order, with the key of the section carrying it.
#[must_use]
pub fn tables_of(doc: &crate::AnnualDocument) -> Vec<(crate::SectionKey, Grid)> {
    crate::sections_for(doc.format)
        .iter()
        .filter_map(|s| s.table.map(|k| (s.key, grid_for(k, doc.format, &doc.tables))))
        .collect()
}
