//! Hostile documents (issue 11, classes 1 and 3), each built here as bytes: the readers refuse
//! them or skip what cannot be expanded, and the checker reports that as a finding or an
//! unreadable file, instead of overflowing the stack, spinning or allocating gigabytes.
//!
//! On the code before the guards: the self-drawing PDF aborted the test process (stack
//! overflow in pdf-extract's recursive `Do`), the fan-out PDF ran for hours (4^12 form
//! invocations), the span-heavy HTML asked for billions of grid cells and the DOCX for
//! hundreds of megabytes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gongkai_check::read::{self, ReadError};
use gongkai_check::{Severity, check_bytes};

/// A PDF from its numbered objects (1 is the catalog), with a correct xref table.
pub fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

fn stream(dict: &str, content: &str) -> String {
    format!("<< {dict} /Length {} >>\nstream\n{content}\nendstream", content.len())
}

/// One page whose content draws form `/F1` (object 4); `forms` are objects 5…, their content
/// given; every form's resources name `/F1` … `/Fn` for objects 4…
fn pdf_with_forms(forms: &[String]) -> Vec<u8> {
    let names: String = (0..forms.len()).map(|i| format!("/F{} {} 0 R ", i + 1, i + 4)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << {names}>> >> \
             /Contents {} 0 R >>",
            forms.len() + 4
        ),
    ];
    for content in forms {
        let dict =
            format!("/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << {names}>> >>");
        objects.push(stream(&dict, content));
    }
    objects.push(stream("", "q /F1 Do Q"));
    pdf(&objects)
}

#[test]
fn a_form_that_draws_itself_is_refused_not_a_stack_overflow() {
    let bytes = pdf_with_forms(&["q /F1 Do Q".to_owned()]);
    assert!(bytes.len() < 1024, "a small file: {} bytes", bytes.len());
    let err = read::read_document(&bytes).expect_err("refused");
    assert!(matches!(err, ReadError::Refused(_)), "{err:?}");
    assert!(err.to_string().starts_with("无法读取："), "{err}");
    let report = check_bytes("selfdraw.pdf", &bytes);
    assert!(report.error.as_deref().is_some_and(|e| e.contains("自我引用")), "{:?}", report.error);
}

#[test]
fn forms_drawing_each_other_in_a_ring_are_refused() {
    let bytes = pdf_with_forms(&["/F2 Do".to_owned(), "/F3 Do".to_owned(), "/F1 Do".to_owned()]);
    let err = read::read_document(&bytes).expect_err("refused");
    assert!(matches!(err, ReadError::Refused(_)), "{err:?}");
}

#[test]
fn forms_fanning_out_four_times_twelve_deep_are_refused() {
    // F1 draws F2 four times, …, F12 draws some text: 4^11 invocations of F12.
    let mut forms: Vec<String> = (2..=12).map(|n| format!("/F{n} Do /F{n} Do /F{n} Do /F{n} Do")).collect();
    forms.push("BT /F0 12 Tf (x) Tj ET".to_owned());
    let bytes = pdf_with_forms(&forms);
    assert!(bytes.len() < 5 << 10, "a few kilobytes: {}", bytes.len());
    let err = read::read_document(&bytes).expect_err("refused");
    assert!(matches!(err, ReadError::Refused(_)), "{err:?}");
    let report = check_bytes("fanout.pdf", &bytes);
    assert!(report.error.as_deref().is_some_and(|e| e.starts_with("无法读取：")), "{:?}", report.error);
}

#[test]
fn a_form_drawn_a_few_times_is_still_walked() {
    // A DAG well under the bound: the guard lets it through (the PDF has no text layer, which
    // is the reader's ordinary answer for it, not a refusal).
    let forms = vec!["/F2 Do /F2 Do".to_owned(), "/F3 Do /F3 Do".to_owned(), "0 0 m 1 1 l S".to_owned()];
    let err = read::read_document(&pdf_with_forms(&forms)).expect_err("no text");
    assert_eq!(err, ReadError::NoTextLayer);
}

const REPORT_HEAD: &str = "<html><body><p>某县人民政府办公室2023年政府信息公开工作年度报告</p>";

#[test]
fn html_spans_of_64_on_20000_rows_skip_the_table_and_say_so() {
    let mut html = String::from(REPORT_HEAD);
    html.push_str("<table>");
    for i in 0..20_000 {
        html.push_str(&format!("<tr><td rowspan=\"64\" colspan=\"64\">{i}</td></tr>"));
    }
    html.push_str(
        "</table><p>本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p></body></html>",
    );
    let doc = read::read_document(html.as_bytes()).expect("read");
    assert_eq!(doc.skipped_tables, 1);
    assert!(doc.blocks.iter().all(|b| !matches!(b, read::Block::Table(_))), "no grid kept");
    let report = check_bytes("spans.html", html.as_bytes());
    assert_eq!(report.error, None);
    let f = report.findings.iter().find(|f| f.rule == "read.table_too_large").expect("finding");
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.starts_with("无法读取：1 个表格过大"), "{}", f.message);
}

#[test]
fn html_tables_within_the_budget_are_expanded_as_before() {
    let html = format!(
        "{REPORT_HEAD}<table><tr><td rowspan=\"2\">项目</td><td colspan=\"2\">数量</td></tr>\
         <tr><td>1</td><td>2</td></tr></table></body></html>"
    );
    let doc = read::read_document(html.as_bytes()).expect("read");
    assert_eq!(doc.skipped_tables, 0);
    let grid = doc.blocks.iter().find_map(|b| match b {
        read::Block::Table(g) => Some(g.clone()),
        read::Block::Para(_) => None,
    });
    let grid = grid.expect("a grid");
    assert_eq!(grid.len(), 2);
    assert_eq!(grid[1].len(), 3);
    assert_eq!(grid[1][0], read::GridCell::Covered);
}

fn docx_with(document_xml: &str) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(document_xml.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn docx_with_huge_grid_spans_skips_the_table_and_says_so() {
    let para = |t: &str| format!("<w:p><w:r><w:t>{t}</w:t></w:r></w:p>");
    let cell = "<w:tc><w:tcPr><w:gridSpan w:val=\"100000\"/></w:tcPr><w:p/></w:tc>";
    let row = format!("<w:tr>{}</w:tr>", cell.repeat(40));
    let mut xml = String::from("<w:document><w:body>");
    xml.push_str(&para("某县人民政府办公室2023年政府信息公开工作年度报告"));
    xml.push_str(&format!("<w:tbl>{}</w:tbl>", row.repeat(200)));
    xml.push_str(&para("本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"));
    xml.push_str("</w:body></w:document>");
    let bytes = docx_with(&xml);
    assert!(bytes.len() < 200 << 10, "{} bytes", bytes.len());
    let doc = read::read_document(&bytes).expect("read");
    assert_eq!(doc.skipped_tables, 1);
    let report = check_bytes("spans.docx", &bytes);
    assert_eq!(report.error, None);
    assert!(report.findings.iter().any(|f| f.rule == "read.table_too_large"), "{:?}", report.findings);
}

#[test]
fn a_job_answer_round_trips_through_json() {
    let html = format!("{REPORT_HEAD}<table><tr><td>1</td></tr></table></body></html>");
    let direct = check_bytes("a.html", html.as_bytes());
    let back =
        gongkai_check::check_job_result(&gongkai_check::check_job("a.html", html.as_bytes())).expect("json");
    assert_eq!(back.file, direct.file);
    assert_eq!(back.year, direct.year);
    assert_eq!(back.findings, direct.findings);
    assert!(gongkai_check::check_job_result(b"{\"report\":").is_err());
}
