//! Every export opens and carries the same numbers: HTML (read back by the report checker),
//! Markdown, JSON (round trip, `violations()` empty), XLSX (calamine), DOCX (document.xml and the
//! checker), PDF (text layer; page 1 rendered with pdftoppm when installed).
#![allow(clippy::unwrap_used)]

use std::io::{Cursor, Read as _};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use gongkai_annual::{
    demo_township_2017, demo_township_2025, to_docx, to_html, to_json, to_markdown, to_pdf, to_xlsx,
};
use gongkai_domain::report::{AnnualReport, ReportFormat, RequestColumn, RequestRow};

#[test]
fn html_has_title_sections_and_accessible_merged_tables() {
    let doc = demo_township_2025().unwrap();
    let html = to_html(&doc);
    assert!(html.starts_with("<div class=\"gk-annual-report\" lang=\"zh-CN\">"));
    assert!(html.contains("<h1 class=\"gk-title\">示例县城关镇人民政府2025年政府信息公开工作年度报告</h1>"));
    for h in ["一、总体情况", "（五）监督保障", "六、其他需要报告的事项"] {
        assert!(html.contains(h), "{h}");
    }
    assert!(html.contains("<caption>收到和处理政府信息公开申请情况</caption>"));
    assert!(html.contains("<th scope=\"colgroup\" colspan=\"7\">申请人情况</th>"));
    assert!(html.contains("<th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th>"));
    assert!(html.contains("<th scope=\"col\" rowspan=\"2\">自然人</th>"));
    assert!(html.contains("<th scope=\"rowgroup\" rowspan=\"22\">三、本年度办理结果</th>"));
    assert!(html.contains("<th scope=\"colgroup\" colspan=\"10\">行政诉讼</th>"));
    assert!(html.contains("<p class=\"gk-date\">2026年1月20日</p>"));
    // The published-report checker reads our tables back exactly.
    let back = gongkai_check::check_bytes("a.html", html.as_bytes());
    let tables = back.tables.unwrap();
    assert_eq!(tables.table3, doc.tables.table3);
    assert_eq!(tables.table4, doc.tables.table4);
    assert_eq!(back.year, Some(2025));
    assert_eq!(back.format, Some(ReportFormat::National2021));
}

#[test]
fn markdown_has_headings_and_tables() {
    let md = to_markdown(&demo_township_2025().unwrap());
    assert!(md.starts_with("# 示例县城关镇人民政府2025年政府信息公开工作年度报告\n"));
    assert!(md.contains("\n## 三、收到和处理政府信息公开申请情况\n"));
    assert!(md.contains("\n### （一）主动公开\n"));
    assert!(md.contains("申请人情况·法人或其他组织·商业企业"));
    assert!(md.contains("| 一、本年新收政府信息公开申请数量 |  |  | 6 | 2 | 0 | 0 | 0 | 0 | 8 |"), "{md}");
}

#[test]
fn json_is_the_exchange_shape_and_round_trips() {
    let doc = demo_township_2025().unwrap();
    let json = to_json(&doc).unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["schema"], "gongkai.annual-report/1");
    assert_eq!(v["agency"], "示例县城关镇人民政府");
    assert_eq!(v["year"], 2025);
    assert_eq!(v["format"], "national2021");
    assert_eq!(v["table3"]["new_received"]["natural_person"], 6);
    assert_eq!(v["table3"]["carried_forward"]["total"], 1);
    assert_eq!(v["table2"]["normative_documents"]["in_force"], 9.0);
    assert_eq!(v["table4"]["reconsideration"]["upheld"], 1);
    assert_eq!(v["fees"]["notices"], 0);
    assert!(v["table3"].get("other").is_none(), "2021 format has no single （六） row");
    let back: AnnualReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc.report_json_value());
    assert!(back.violations().is_empty());

    let legacy: serde_json::Value =
        serde_json::from_str(&to_json(&demo_township_2017().unwrap()).unwrap()).unwrap();
    assert_eq!(legacy["format"], "legacy2008");
    assert_eq!(legacy["legacy"]["active_disclosed"], 86);
    assert!(legacy.get("table3").is_none());
}

fn cell_f64(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        #[allow(clippy::cast_precision_loss)]
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

#[test]
fn xlsx_reads_back_the_same_numbers_with_merged_headers() {
    let doc = demo_township_2025().unwrap();
    let bytes = to_xlsx(&doc).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]);
    let range = wb.worksheet_range("表三 依申请公开").unwrap();
    let row_of = |label: &str| {
        (0..range.height())
            .find(|r| range.get((*r, 0)).is_some_and(|d| matches!(d, Data::String(s) if s == label)))
            .unwrap()
    };
    let r = row_of(RequestRow::NewReceived.label_zh());
    let values: Vec<f64> = (3..10).map(|c| cell_f64(range.get((r, c)).unwrap()).unwrap()).collect();
    assert_eq!(values, [6.0, 2.0, 0.0, 0.0, 0.0, 0.0, 8.0]);
    let t3 = doc.tables.table3.as_ref().unwrap();
    let r = row_of(RequestRow::CarriedForward.label_zh());
    assert_eq!(
        cell_f64(range.get((r, 9)).unwrap()),
        t3.get(RequestRow::CarriedForward, RequestColumn::Total).map(|v| v as f64)
    );
    let merged = wb.merge_cells_by_sheet_name("表三 依申请公开").unwrap();
    assert!(merged.len() >= 8, "{merged:?}");
    let range4 = wb.worksheet_range("表四 复议诉讼").unwrap();
    let last = range4.height() - 1;
    let row4: Vec<f64> = (0..15).map(|c| cell_f64(range4.get((last, c)).unwrap()).unwrap()).collect();
    assert_eq!(row4[0], 1.0);
    assert_eq!(row4[4], 1.0);
    assert_eq!(row4.iter().sum::<f64>(), 2.0);
}

fn document_xml(docx: &[u8]) -> String {
    part(docx, "word/document.xml")
}

/// One part of a ZIP package (DOCX, XLSX) as text.
fn part(package: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    let mut xml = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut xml).unwrap();
    xml
}

/// Issue 13: the title split as the national sample does, page numbers outside (odd right, even
/// left); the workbook prints one page wide with its header rows repeated.
#[test]
fn docx_and_xlsx_print_like_official_documents() {
    let doc = demo_township_2025().unwrap();
    let bytes = to_docx(&doc).unwrap();
    let xml = document_xml(&bytes);
    let agency_at = xml.find("示例县城关镇人民政府").unwrap();
    let rest_at = xml.find("2025年政府信息公开工作年度报告").unwrap();
    assert!(xml[agency_at..rest_at].contains("<w:br"), "the title breaks after the agency");
    assert!(part(&bytes, "word/settings.xml").contains("evenAndOddHeaders"));
    let footers: String = (1..=3)
        .filter_map(|i| {
            zip::ZipArchive::new(Cursor::new(&bytes[..]))
                .unwrap()
                .by_name(&format!("word/footer{i}.xml"))
                .ok()
                .map(|_| part(&bytes, &format!("word/footer{i}.xml")))
        })
        .collect();
    assert!(footers.contains("w:val=\"right\"") && footers.contains("w:val=\"left\""), "{footers}");
    // 表三's header rows repeat on the next page: the first rows of every table with a header are
    // marked, and no body row is.
    let tables: Vec<&str> = xml.split("<w:tbl>").skip(1).collect();
    assert!(tables.len() >= 3, "{}", tables.len());
    let table3 = tables.iter().find(|t| t.contains("申请人情况")).expect("表三");
    let rows: Vec<&str> = table3.split("<w:tr>").skip(1).collect();
    let marked = rows.iter().take_while(|r| r.contains("<w:tblHeader")).count();
    assert!(marked >= 2, "表三's header rows are marked: {marked}");
    assert!(rows[marked..].iter().all(|r| !r.contains("<w:tblHeader")), "only the header rows");
    let wb = to_xlsx(&doc).unwrap();
    let sheets: Vec<String> = (1..=3).map(|i| part(&wb, &format!("xl/worksheets/sheet{i}.xml"))).collect();
    assert!(sheets.iter().all(|x| x.contains("fitToPage")), "every sheet fits the page width");
    assert!(sheets.iter().any(|x| x.contains("orientation=\"landscape\"")), "the wide 表四 prints landscape");
    assert!(part(&wb, "xl/workbook.xml").contains("_xlnm.Print_Titles"), "header rows repeat");
}

#[test]
fn docx_has_official_layout_merged_cells_and_the_numbers() {
    let doc = demo_township_2025().unwrap();
    let bytes = to_docx(&doc).unwrap();
    let xml = document_xml(&bytes);
    assert!(xml.contains("示例县城关镇人民政府") && xml.contains("2025年政府信息公开工作年度报告"));
    assert!(xml.contains("三、收到和处理政府信息公开申请情况"));
    assert!(xml.contains("<w:gridSpan w:val=\"7\""), "colspan of 申请人情况");
    assert!(xml.contains("<w:vMerge w:val=\"restart\""));
    assert!(xml.contains("<w:vMerge w:val=\"continue\""));
    assert!(xml.contains("仿宋_GB2312") && xml.contains("黑体") && xml.contains("方正小标宋简体"));
    // A4 and the official margins 37/35/28/26 mm in twips.
    assert!(xml.contains("w:w=\"11906\"") && xml.contains("w:h=\"16838\""), "A4");
    for m in ["w:top=\"2098\"", "w:bottom=\"1984\"", "w:left=\"1587\"", "w:right=\"1474\""] {
        assert!(xml.contains(m), "{m}");
    }
    assert!(xml.contains("w:lineRule=\"exact\"") && xml.contains("w:line=\"560\""), "28-pt fixed line pitch");
    // The checker reads the DOCX tables back to the same numbers.
    let back = gongkai_check::check_bytes("a.docx", &bytes);
    assert_eq!(back.tables.unwrap().table3, doc.tables.table3);
}

#[test]
fn pdf_embeds_fonts_and_has_a_text_layer() {
    let doc = demo_township_2025().unwrap();
    let pdf = to_pdf(&doc).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text: String =
        pdf_extract::extract_text_from_mem(&pdf).unwrap().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("示例县城关镇人民政府"), "{text}");
    assert!(text.contains("2025年政府信息公开工作年度报告"), "{text}");
    assert!(text.contains("三、收到和处理政府信息公开申请情况"));
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("FontFile3"), "embedded CFF fonts");
    // GB/T 9704 faces (issue 13): 仿宋 body, 小标宋 title, 黑体 headings.
    for face in ["FandolFang", "FandolSong", "NotoSansCJKsc-Bold"] {
        assert!(raw.contains(face), "{face} embedded");
    }
    // Look at page 1 when poppler is installed (apt-get install poppler-utils).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &pdf).unwrap();
    match std::process::Command::new("pdftoppm")
        .args(["-r", "40", "-f", "1", "-l", "1", "-png"])
        .arg(&path)
        .arg(dir.path().join("p"))
        .status()
    {
        Ok(s) if s.success() => {
            let png = std::fs::read_dir(dir.path())
                .unwrap()
                .filter_map(Result::ok)
                .find(|e| e.path().extension().is_some_and(|x| x == "png"))
                .unwrap();
            let bytes = std::fs::read(png.path()).unwrap();
            assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 2000);
        }
        _ => eprintln!("pdftoppm not installed: page 1 not rendered (the text layer was checked)"),
    }
}

#[test]
fn legacy_report_exports_open() {
    let doc = demo_township_2017().unwrap();
    let html = to_html(&doc);
    assert!(html.contains("<caption>政府信息公开情况统计表</caption>"));
    assert!(html.contains("四、政府信息公开的收费及减免情况"));
    let xml = document_xml(&to_docx(&doc).unwrap());
    assert!(xml.contains("2018年1月9日"));
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(to_xlsx(&doc).unwrap())).unwrap();
    let range = wb.worksheet_range("统计表").unwrap();
    assert_eq!(cell_f64(range.get((2, 2)).unwrap()), Some(86.0));
    let text: String = pdf_extract::extract_text_from_mem(&to_pdf(&doc).unwrap())
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    assert!(text.contains("2017年政府信息公开工作年度报告"), "{text}");
}
