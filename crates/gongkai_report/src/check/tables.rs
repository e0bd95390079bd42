//! Table rules: the 勾稽关系 (T3-1 … T4-1), blank cells, template deviations, and narrative
//! figures compared with the tables.

use std::sync::LazyLock;

use gongkai_domain::report::{
    CaseBlock, CaseColumn, ReportFormat, RequestColumn, RequestRow, check_case_table, check_request_table,
};
use regex::Regex;

use super::{Finding, Severity};
use crate::extract::{Extracted, Layout};

/// Run the table rules.
pub fn check(ex: &Extracted, out: &mut Vec<Finding>) {
    let year = ex.meta.year;
    if let Some(t3) = &ex.table3 {
        for v in check_request_table(&t3.table) {
            out.push(Finding::new(
                v.invariant.rule(),
                Severity::Error,
                format!("表三不满足勾稽关系 {}：{}", v.invariant.id(), v.detail),
                v.detail.clone(),
            ));
        }
        if !t3.blank_columns.is_empty() {
            let names: Vec<&str> = t3.blank_columns.iter().map(|c| c.label_zh()).collect();
            out.push(Finding::new(
                "table.blank_cells",
                Severity::Warning,
                format!(
                    "表三“{}”列整列留空或以“—”“/”代替（应填 0），共 {} 个空白单元格",
                    names.join("、"),
                    t3.blank_cells
                ),
                format!("空白列：{}", names.join("、")),
            ));
        } else if t3.blank_cells > 0 {
            out.push(Finding::new(
                "table.blank_cells",
                Severity::Warning,
                format!("表三有 {} 个空白单元格或以“—”“/”代替的单元格（应填 0）", t3.blank_cells),
                String::new(),
            ));
        }
        for n in &t3.notes {
            out.push(Finding::new(
                "table.template_deviation",
                Severity::Warning,
                n.message.clone(),
                n.evidence.clone(),
            ));
        }
        if t3.layout == Layout::Trial2019 && year.is_some_and(|y| y >= 2021) {
            out.push(Finding::new(
                "table.template_deviation",
                Severity::Warning,
                "表三“（六）其他处理”为2019年试行格式的单行，2021年格式应分为三个子项",
                "（六）其他处理",
            ));
        }
        let missing: Vec<&str> = RequestRow::national2021()
            .into_iter()
            .filter(|r| {
                !(t3.layout == Layout::Trial2019
                    && matches!(
                        r,
                        RequestRow::OtherCorrectionLapsed
                            | RequestRow::OtherFeeUnpaid
                            | RequestRow::OtherOther
                    ))
            })
            .filter(|r| !t3.table.0.contains_key(r))
            .map(|r| r.label_zh())
            .collect();
        if !missing.is_empty() {
            out.push(Finding::new(
                "table.template_deviation",
                Severity::Warning,
                format!("表三缺少 {} 行（或未能读出）", missing.len()),
                missing.join("；"),
            ));
        }
    }
    if let Some(t2) = &ex.table2 {
        for n in &t2.notes {
            out.push(Finding::new(
                "table.template_deviation",
                Severity::Warning,
                n.message.clone(),
                n.evidence.clone(),
            ));
        }
        if let Some(y) = year {
            let expected = ReportFormat::expected_for_year(y);
            let used = match t2.layout {
                Layout::National2021 => ReportFormat::National2021,
                Layout::Trial2019 => ReportFormat::Trial2019,
            };
            if expected != ReportFormat::Legacy2008 && used != expected {
                out.push(Finding::new(
                    "table.template_deviation",
                    Severity::Warning,
                    format!("{y}年度报告的表二使用了{}，应使用{}", used.label_zh(), expected.label_zh()),
                    "表二表头",
                ));
            }
        }
    }
    if let Some(t4) = &ex.table4 {
        for v in check_case_table(t4) {
            out.push(Finding::new(
                v.invariant.rule(),
                Severity::Error,
                format!("表四不满足勾稽关系 {}：{}", v.invariant.id(), v.detail),
                v.detail.clone(),
            ));
        }
    }
    if matches!(ex.format, Some(ReportFormat::National2021 | ReportFormat::Trial2019)) && ex.table3.is_none()
    {
        out.push(Finding::new(
            "table.template_deviation",
            Severity::Warning,
            "未能读出表三（收到和处理政府信息公开申请情况）",
            String::new(),
        ));
    }
    narrative(ex, out);
}

static RECEIVED: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?:共|全年|累计)?(?:收到|受理|新收|接收)[^。，；：0-9]{0,14}?(?:政府信息公开|依申请公开|信息公开)?申请[^。，；0-9]{0,4}?(\d+)(?:件|个|条|份)").ok()
});
static REVIEW: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"行政复议(?:案件|申请)?(?:共)?(\d+)(?:件|起)").ok());

/// Narrative numbers against the tables (warning: scope can differ).
fn narrative(ex: &Extracted, out: &mut Vec<Finding>) {
    let Some(t3) = &ex.table3 else { return };
    let table_start = ex.flat.find("本年新收").unwrap_or(ex.flat.len());
    let text = &ex.flat[..table_start];
    let total = |r| t3.table.get(r, RequestColumn::Total);
    if let (Some(re), Some(new)) = (RECEIVED.as_ref(), total(RequestRow::NewReceived)) {
        let carried = total(RequestRow::CarriedOver).unwrap_or(0);
        for c in re.captures_iter(text) {
            let (Some(m0), Some(n)) = (c.get(0), c.get(1)) else { continue };
            let Ok(n) = n.as_str().parse::<i64>() else { continue };
            if n != new && n != new + carried {
                out.push(Finding::new(
                    "narrative.table_mismatch",
                    Severity::Warning,
                    format!("正文称收到申请 {n} 件，表三“本年新收”总计为 {new}（加上年结转为 {}）；口径可能不同，请核对", new + carried),
                    m0.as_str().to_owned(),
                ));
            }
        }
    }
    if let (Some(re), Some(t4)) = (REVIEW.as_ref(), &ex.table4) {
        let printed = t4.get(CaseBlock::Reconsideration, CaseColumn::Total);
        let computed: i64 =
            CaseColumn::PARTS.iter().filter_map(|c| t4.get(CaseBlock::Reconsideration, *c)).sum();
        for c in re.captures_iter(text) {
            let (Some(m0), Some(n)) = (c.get(0), c.get(1)) else { continue };
            let Ok(n) = n.as_str().parse::<i64>() else { continue };
            if Some(n) != printed && n != computed {
                out.push(Finding::new(
                    "narrative.table_mismatch",
                    Severity::Warning,
                    format!("正文称行政复议 {n} 件，表四行政复议总计为 {}", printed.unwrap_or(computed)),
                    m0.as_str().to_owned(),
                ));
            }
        }
    }
}
