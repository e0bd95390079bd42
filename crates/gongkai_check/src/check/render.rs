//! Readable text rendering of file reports (Chinese messages, English-neutral layout).

use std::fmt::Write as _;

use gongkai_domain::report::{CaseBlock, CaseColumn, RequestColumn, RequestRow};

use super::{FileReport, Severity};

/// Render reports as readable text, one block per file.
#[must_use]
pub fn render_text(reports: &[FileReport]) -> String {
    let mut s = String::new();
    for r in reports {
        let _ = writeln!(s, "══ {} ══", r.file);
        if let Some(e) = &r.error {
            let _ = writeln!(s, "  无法检查：{e}\n");
            continue;
        }
        let _ = writeln!(
            s,
            "  机关：{}　年度：{}　格式：{}　落款日期：{}",
            r.agency.as_deref().unwrap_or("（未识别）"),
            r.year.map_or("（未识别）".to_owned(), |y| y.to_string()),
            r.format.map_or("（未识别）", |f| f.label_zh()),
            r.published.as_deref().unwrap_or("（未识别）"),
        );
        if let Some(t) = &r.tables {
            if let Some(t3) = &t.table3 {
                let g = |row| t3.get(row, RequestColumn::Total).map_or("空".to_owned(), |v| v.to_string());
                let _ = writeln!(
                    s,
                    "  表三（总计列）：本年新收 {}，上年结转 {}，办理结果总计 {}，结转下年度 {}",
                    g(RequestRow::NewReceived),
                    g(RequestRow::CarriedOver),
                    g(RequestRow::ResultsTotal),
                    g(RequestRow::CarriedForward)
                );
            }
            if let Some(t4) = &t.table4 {
                let parts: Vec<String> = CaseBlock::ALL
                    .iter()
                    .map(|b| {
                        format!(
                            "{} {}",
                            b.label_zh(),
                            t4.get(*b, CaseColumn::Total).map_or("空".to_owned(), |v| v.to_string())
                        )
                    })
                    .collect();
                let _ = writeln!(s, "  表四（总计）：{}", parts.join("，"));
            }
            if let Some(l) = &t.legacy
                && let Ok(j) = serde_json::to_string(l)
            {
                let _ = writeln!(s, "  主要数据：{j}");
            }
        }
        let _ = writeln!(
            s,
            "  结果：{} 个错误，{} 个警告，{} 个提示",
            r.count(Severity::Error),
            r.count(Severity::Warning),
            r.count(Severity::Info)
        );
        for f in &r.findings {
            let _ = writeln!(s, "  [{}] {}  {}", f.severity.label_zh(), f.rule, f.message);
            if !f.evidence.is_empty() {
                let _ = writeln!(s, "        原文/依据：{}", f.evidence);
            }
        }
        s.push('\n');
    }
    s
}
