//! The DOCX reader on a real report: `tests/data/005_shuyang-xian-fagaiju_2023.docx` was made from
//! the published HTML by `tests/data/make_docx.py` (colspan → `w:gridSpan`, rowspan → `w:vMerge`),
//! so both files must give the same tables and the same table findings.
#![allow(clippy::unwrap_used)]

use gongkai_check::read::SourceKind;
use gongkai_check::{FileReport, check_bytes};
use gongkai_domain::report::{RequestColumn, RequestRow};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn check(name: &str) -> FileReport {
    let bytes = std::fs::read(format!("{DATA}/{name}")).unwrap();
    check_bytes(name, &bytes)
}

fn table_findings(r: &FileReport) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = r
        .findings
        .iter()
        .filter(|f| ["table", "table3", "table4", "narrative"].contains(&f.family()))
        .map(|f| (f.rule.clone(), f.message.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn docx_tables_match_the_html_they_were_made_from() {
    let html = check("005_shuyang-xian-fagaiju_2023.html");
    let docx = check("005_shuyang-xian-fagaiju_2023.docx");
    assert_eq!(docx.error, None);
    assert_eq!(docx.kind, Some(SourceKind::Docx));
    assert_eq!(docx.year, Some(2023));
    assert_eq!(docx.format, html.format);
    assert_eq!(docx.agency.as_deref(), Some("沭阳县发展和改革局"));
    let (h, d) = (html.tables.clone().unwrap(), docx.tables.clone().unwrap());
    assert!(h.table2.is_some() && h.table3.is_some() && h.table4.is_some());
    assert_eq!(d.table2, h.table2, "表二");
    assert_eq!(d.table3, h.table3, "表三");
    assert_eq!(d.table4, h.table4, "表四");
    let t3 = d.table3.unwrap();
    assert_eq!(t3.get(RequestRow::NewReceived, RequestColumn::Total), Some(26));
    assert_eq!(table_findings(&docx), table_findings(&html));
    assert!(docx.findings.iter().any(|f| f.rule == "table.blank_cells"));
}
