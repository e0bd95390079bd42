//! Pins the dev set: hand-checked cells, known errors, no error-severity false positives, and
//! the seed's findings.

use gongkai_check::{FileReport, Severity, check_batch, check_bytes};
use gongkai_domain::report::{CaseBlock, CaseColumn, RequestColumn, RequestRow};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn load(name: &str) -> (String, Vec<u8>) {
    let bytes = std::fs::read(format!("{DATA}/{name}")).unwrap_or_default();
    assert!(!bytes.is_empty(), "missing test file {name}");
    (name.to_owned(), bytes)
}

fn check(name: &str) -> FileReport {
    let (n, b) = load(name);
    check_bytes(&n, &b)
}

fn has(r: &FileReport, rule: &str, needle: &str) -> bool {
    r.findings.iter().any(|f| f.rule == rule && (f.evidence.contains(needle) || f.message.contains(needle)))
}

fn errors(r: &FileReport) -> Vec<String> {
    r.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect()
}

#[test]
fn expected_cells_are_extracted_exactly() {
    let text = std::fs::read_to_string(format!("{DATA}/expected.jsonl")).unwrap_or_default();
    let mut checked = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let rec: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let file = rec["file"].as_str().unwrap_or_default();
        let r = check(file);
        assert!(r.error.is_none(), "{file}: {:?}", r.error);
        assert_eq!(r.year, rec["year"].as_i64().and_then(|y| i32::try_from(y).ok()), "{file} year");
        let tables = r.tables.clone().unwrap_or_default();
        if let Some(cells) = rec["cells"].as_object() {
            let t3 = tables.table3.clone().unwrap_or_default();
            let t4 = tables.table4.clone().unwrap_or_default();
            let total = RequestColumn::Total;
            let got = |key: &str| -> Option<i64> {
                match key {
                    "t3_new_received_total" => t3.get(RequestRow::NewReceived, total),
                    "t3_carried_over_total" => t3.get(RequestRow::CarriedOver, total),
                    "t3_results_total" => t3.get(RequestRow::ResultsTotal, total),
                    "t3_carried_forward_total" => t3.get(RequestRow::CarriedForward, total),
                    "t3_granted_total" => t3.get(RequestRow::Granted, total),
                    "t4_review_total" => t4.get(CaseBlock::Reconsideration, CaseColumn::Total),
                    "t4_litigation_direct_total" => t4.get(CaseBlock::LitigationDirect, CaseColumn::Total),
                    "t4_litigation_after_review_total" => {
                        t4.get(CaseBlock::LitigationAfterReconsideration, CaseColumn::Total)
                    }
                    _ => None,
                }
            };
            for (k, v) in cells {
                assert_eq!(got(k), v.as_i64(), "{file}: cell {k}");
                checked += 1;
            }
        }
        if let Some(stats) = rec["legacy_stats"].as_object() {
            let fig = serde_json::to_value(tables.legacy.clone().unwrap_or_default()).unwrap_or_default();
            for (k, v) in stats {
                assert_eq!(&fig[k], v, "{file}: legacy figure {k}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 48, "checked {checked} cells");
}

#[test]
fn no_error_findings_where_identities_hold() {
    for f in [
        "001_huaian-shi_2024.pdf",
        "003_hongze-qu_2024.pdf",
        "005_shuyang-xian-fagaiju_2023.html",
        "015_pingtan-xian-zhengfu_2011.txt",
        "017_pingtan-xian-zhengfu_2012.txt",
        "000_910d79ecf003d37e.txt",
    ] {
        let r = check(f);
        assert!(errors(&r).is_empty(), "{f}: {:?}", errors(&r));
    }
    // 002: the only errors are the two 表四 totals printed as 0.
    let r = check("002_hongze-qu_2023.pdf");
    assert_eq!(errors(&r).len(), 2, "{:?}", errors(&r));
    assert!(r.findings.iter().filter(|f| f.severity == Severity::Error).all(|f| f.rule == "table4.row_sum"));
    // 001 is a clean control: nothing at all worth a warning about its tables.
    let r = check("001_huaian-shi_2024.pdf");
    assert!(
        !r.findings.iter().any(|f| f.rule.starts_with("table") || f.rule.starts_with("narrative")),
        "{:?}",
        r.findings
    );
}

#[test]
fn known_errors_are_found() {
    let r = check("002_hongze-qu_2023.pdf");
    assert!(has(&r, "table4.row_sum", "10+1+0+0=11"));
    assert!(has(&r, "table4.row_sum", "5+0+0+0=5"));
    assert!(has(&r, "table.template_deviation", "其他处理"));
    assert!(has(&r, "table.template_deviation", "行政止公开"));
    assert!(has(&r, "text.typo", "受理渠"));

    let r = check("003_hongze-qu_2024.pdf");
    assert!(has(&r, "table.template_deviation", "其他处理"));
    assert!(has(&r, "table.template_deviation", "行政止公开"));

    let r = check("005_shuyang-xian-fagaiju_2023.html");
    assert!(has(&r, "table.blank_cells", "商业企业"));
    assert!(has(&r, "table.template_deviation", "规范性文件"));
    assert!(has(&r, "section.title", "整改措施"));

    let r = check("015_pingtan-xian-zhengfu_2011.txt");
    assert!(has(&r, "arithmetic.mismatch", "421"));
    assert!(has(&r, "section.missing", "收费"));

    let r = check("017_pingtan-xian-zhengfu_2012.txt");
    assert!(has(&r, "arithmetic.mismatch", "3926"));
    assert!(has(&r, "arithmetic.mismatch", "2475"));
    assert!(has(&r, "arithmetic.mismatch", "1175"));
    assert!(has(&r, "arithmetic.mismatch", "1795"));
    assert!(has(&r, "arithmetic.mismatch", "3311"));
    assert!(has(&r, "section.missing", "收费"));
}

#[test]
fn seed_findings() {
    let r = check("000_910d79ecf003d37e.txt");
    assert_eq!(r.year, Some(2017));
    assert_eq!(r.agency.as_deref(), Some("观水镇人民政府"));
    assert!(has(&r, "section.missing", "主动公开政府信息以及公开平台建设情况"));
    assert!(has(&r, "section.missing", "公开申请的办理情况"));
    assert!(has(&r, "year.wrong", "2017年，我们将继续"));
    for p in ["统计工作新理念", "人力社保工作", "结合民政实际", "经信"] {
        assert!(has(&r, "text.foreign_agency", p), "foreign agency {p}");
    }
    assert!(has(&r, "text.typo", "推进行决策"));
    // Dated 2018-01-09: on time, so no date complaint.
    assert!(!r.findings.iter().any(|f| f.rule == "year.wrong" && f.message.contains("落款")));
}

#[test]
fn cross_year_checks() {
    let reports = check_batch(vec![load("002_hongze-qu_2023.pdf"), load("003_hongze-qu_2024.pdf")]);
    // Carry-over holds (0 = 0) and 现行有效 5 + 3 − 0 = 8 holds.
    for r in &reports {
        assert!(!r.findings.iter().any(|f| f.rule.starts_with("cross_year")), "{:?}", r.findings);
    }
    let reports = check_batch(vec![
        load("015_pingtan-xian-zhengfu_2011.txt"),
        load("017_pingtan-xian-zhengfu_2012.txt"),
    ]);
    assert!(has(&reports[1], "text.copied", "015_pingtan"));
}

#[test]
fn json_shape() {
    let r = check("005_shuyang-xian-fagaiju_2023.html");
    let v = serde_json::to_value(&r).unwrap_or_default();
    for k in ["file", "agency", "year", "format", "tables", "findings"] {
        assert!(v.get(k).is_some(), "missing {k}");
    }
    assert_eq!(v["format"], "national2021");
    assert_eq!(v["tables"]["schema"], "gongkai.annual-report/1");
    assert!(v["tables"]["table3"]["new_received"]["company"].is_null());
    assert_eq!(v["tables"]["table3"]["new_received"]["total"], 26);
    let f = &v["findings"][0];
    for k in ["rule", "severity", "message", "evidence"] {
        assert!(f.get(k).is_some(), "finding missing {k}");
    }
}

#[test]
fn bad_inputs_get_a_message_and_the_batch_continues() {
    let gbk = encoding_rs::GBK.encode("某某镇2019年政府信息公开工作年度报告\n一、总体情况\n").0.into_owned();
    let big = vec![b'a'; gongkai_check::read::MAX_INPUT_BYTES + 1];
    let reports = check_batch(vec![
        ("empty.txt".into(), Vec::new()),
        ("binary.bin".into(), (0u8..=255).cycle().take(4096).collect()),
        ("enc.pdf".into(), b"%PDF-1.7\n1 0 obj<</Filter/Standard>>endobj trailer<</Encrypt 1 0 R>>".to_vec()),
        ("broken.pdf".into(), b"%PDF-1.4\ngarbage".to_vec()),
        ("big.txt".into(), big),
        ("nonreport.txt".into(), "今天天气很好。".as_bytes().to_vec()),
        ("gbk.txt".into(), gbk),
        load("005_shuyang-xian-fagaiju_2023.html"),
    ]);
    assert_eq!(reports.len(), 8);
    for r in &reports[..6] {
        assert!(r.error.is_some(), "{} should fail", r.file);
    }
    assert!(reports[2].error.as_deref().unwrap_or("").contains("加密"));
    assert_eq!(reports[6].year, Some(2019), "GBK decoded");
    assert!(reports[7].error.is_none());
    let text = gongkai_check::render_text(&reports);
    assert!(text.contains("无法检查"));
    let xlsx = gongkai_check::write_summary_xlsx(&reports).unwrap_or_default();
    assert!(xlsx.starts_with(b"PK"));
}
