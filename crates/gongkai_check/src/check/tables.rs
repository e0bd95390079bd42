//! Table rules: the 勾稽关系 (T3-1 … T4-1), blank cells, template deviations, and narrative
//! figures compared with the tables.

use std::sync::LazyLock;

use gongkai_domain::report::{
    CaseBlock, CaseColumn, ReportFormat, RequestColumn, RequestRow, check_case_table, check_request_table,
};
use regex::Regex;

use super::{Finding, Severity};
use crate::extract::{Extracted, Layout, Table3};

/// Run the table rules.
pub fn check(ex: &Extracted, out: &mut Vec<Finding>) {
    let year = ex.meta.year;
    if let Some(t3) = &ex.table3 {
        table3_identities(t3, out);
        table3_cells(t3, year, out);
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
    if ex.table4_unreadable {
        out.push(Finding::new(
            "table.unreadable",
            Severity::Warning,
            "表四未能明确读出（表头或数字个数与模板不符），按读出的数字合计不符，可能是读取所致，未作为错误报告，请人工核对",
            "表四",
        ));
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
        out.push(missing_table3(ex));
    }
    narrative(ex, out);
}

/// No 表三 was read: a heading with nothing under it (`table.missing`), a text that stops at the
/// heading (`table.incomplete`), or no trace of it (a template deviation, as before).
fn missing_table3(ex: &Extracted) -> Finding {
    let heading = ["收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请"]
        .iter()
        .filter_map(|h| ex.flat.rfind(h).map(|i| i + h.len()))
        .max();
    let Some(after) = heading else {
        return Finding::new(
            "table.template_deviation",
            Severity::Warning,
            "未能读出表三（收到和处理政府信息公开申请情况）",
            String::new(),
        );
    };
    let rest = &ex.flat[after..];
    let continues = ["行政复议", "存在的主要问题", "其他需要报告"].iter().any(|k| rest.contains(k));
    if continues {
        Finding::new(
            "table.missing",
            Severity::Warning,
            "表三（收到和处理政府信息公开申请情况）只有标题或文字，没有表格数字",
            "表三",
        )
    } else {
        Finding::new(
            "table.incomplete",
            Severity::Warning,
            "文字在表三（收到和处理政府信息公开申请情况）标题处中断，表三未读到（页面可能只保存了一部分）",
            "表三",
        )
    }
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
    // Outcomes stated in the text (“予以公开N件”, “不掌握M件”) against their rows, when the table
    // was read unambiguously (else the row may be misread, not misprinted).
    if t3.reading.unambiguous() || t3.reading.alternative.is_some() {
        for (pat, row, name) in [
            (
                r"(?:予以公开|同意公开|全部公开)(?:的)?(?:申请)?(?:共)?(\d+)(?:件|个|条)",
                RequestRow::Granted,
                "予以公开",
            ),
            (r"部分公开(?:的)?(?:申请)?(?:共)?(\d+)(?:件|个|条)", RequestRow::PartlyGranted, "部分公开"),
            (
                r"不掌握(?:相关)?(?:政府)?(?:信息)?(?:的)?(?:申请)?(?:共)?(\d+)(?:件|个|条)",
                RequestRow::UnavailableNotHeld,
                "本机关不掌握相关政府信息",
            ),
        ] {
            let Some(re) = crate::re::cached(pat) else { continue };
            let Some(printed) = total(row) else { continue };
            for c in re.captures_iter(text).take(2) {
                let (Some(m0), Some(n)) = (c.get(0), c.get(1)) else { continue };
                let Ok(n) = n.as_str().parse::<i64>() else { continue };
                if n != printed {
                    out.push(Finding::new(
                        "narrative.table_mismatch",
                        Severity::Warning,
                        format!("正文称{name} {n} 件，表三“{name}”总计为 {printed}"),
                        m0.as_str().to_owned(),
                    ));
                }
            }
        }
    }
    // A fact stated in the text and contradicted by the table: “未收到…申请” with 本年新收 > 0.
    if t3.reading.unambiguous() || t3.reading.alternative.is_some() {
        let new = total(RequestRow::NewReceived).unwrap_or(0);
        let none = crate::re::cached(
            r"(?:未|没有)(?:收到|受理|接到)(?:任何)?(?:政府信息公开|依申请公开|信息公开)(?:的)?申请|(?:无|没有)依申请公开(?:事项|申请|件)",
        );
        if let Some(m) = none.and_then(|re| re.find(&ex.flat))
            && new > 0
        {
            out.push(Finding::new(
                "narrative.table_mismatch",
                Severity::Warning,
                format!("正文称“{}”，表三“本年新收”总计为 {new}", m.as_str()),
                m.as_str().to_owned(),
            ));
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

/// 表三's 勾稽关系: errors only on a table read unambiguously; otherwise what could not be read.
fn table3_identities(t3: &Table3, out: &mut Vec<Finding>) {
    let reading = &t3.reading;
    let violations = check_request_table(&t3.table);
    // Errors only on a table read unambiguously; else say what could not be read.
    if reading.no_numbers {
        out.push(Finding::new(
            "table.missing",
            Severity::Warning,
            "表三只有行标签、没有数字（表格为空或未填写）",
            "表三",
        ));
    } else if reading.truncated {
        let last = t3.table.0.keys().next_back().map_or("", |r| r.label_zh());
        out.push(Finding::new(
            "table.incomplete",
            Severity::Warning,
            format!(
                "表三不完整：文字在“{last}”之后中断，{} 行未读到（页面可能只保存了一部分）；未做勾稽关系检查",
                reading.missing_rows.len()
            ),
            format!("表三止于“{last}”"),
        ));
    } else if reading.unambiguous() {
        for v in &violations {
            out.push(Finding::new(
                v.invariant.rule(),
                Severity::Error,
                format!("表三不满足勾稽关系 {}：{}", v.invariant.id(), v.detail),
                v.detail.clone(),
            ));
        }
    } else if !violations.is_empty() {
        out.push(Finding::new(
            "table.unreadable",
            Severity::Warning,
            format!(
                "表三未能明确读出：{}；按读出的数字有 {} 处不满足勾稽关系，可能是读取所致，未作为错误报告，请人工核对",
                reading.describe(),
                violations.len()
            ),
            violations.first().map(|v| v.detail.clone()).unwrap_or_default(),
        ));
    }
}

/// 表三's cells and rows against the template: blanks, notes, the 2019 layout, missing rows.
fn table3_cells(t3: &Table3, year: Option<i32>, out: &mut Vec<Finding>) {
    let reading = &t3.reading;
    // Blank cells only where the cells were placed, not guessed (a short row's gaps are not
    // the report's blanks).
    let placed = !reading.no_numbers && !reading.truncated && reading.odd_rows.is_empty();
    if placed && !t3.blank_columns.is_empty() {
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
    } else if placed && t3.blank_cells > 0 {
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
                    RequestRow::OtherCorrectionLapsed | RequestRow::OtherFeeUnpaid | RequestRow::OtherOther
                ))
        })
        .filter(|r| !t3.table.0.contains_key(r))
        .map(|r| r.label_zh())
        .collect();
    if !missing.is_empty() && !reading.truncated && !reading.no_numbers {
        out.push(Finding::new(
            "table.template_deviation",
            Severity::Warning,
            format!("表三缺少 {} 行（或未能读出）", missing.len()),
            missing.join("；"),
        ));
    }
}
