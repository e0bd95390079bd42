//! The 年报体检 pages through the real router, in process, on a fresh SQLite database per test.

use super::common::*;

/// 甲县人民政府 with a supervisor and an editor.
async fn setup() -> TestApp {
    TestApp::builder()
        .county()
        .user(0, "super_a", &[Role::Supervisor])
        .user(0, "editor_a", &[Role::Editor])
        .plain_display_names()
        .build()
        .await
}

/// This module's own steps on the shared harness.
trait CheckPages {
    /// Loads `page` and submits its form with `files` (field name `field`) and extra fields.
    async fn submit(
        &mut self,
        page: &str,
        field: &str,
        files: &[(&str, &[u8])],
        extra: &[(&str, &str)],
    ) -> Resp;
}

impl CheckPages for TestApp {
    /// Loads `page` and submits its form with `files` (field name `field`) and extra fields.
    async fn submit(
        &mut self,
        page: &str,
        field: &str,
        files: &[(&str, &[u8])],
        extra: &[(&str, &str)],
    ) -> Resp {
        let form = self.get(page).await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        let token = hidden(&form.body, "csrf_token");
        let mut fields = vec![("csrf_token", token.as_str())];
        fields.extend_from_slice(extra);
        let files: Vec<(&str, &str, &[u8])> = files.iter().map(|(n, b)| (field, *n, *b)).collect();
        self.post_multipart(page, &fields, &files).await
    }
}
use axum::http::{StatusCode, header};
use gongkai_domain::role::Role;
use std::io::{Read, Write};

const SEED: &[u8] = include_bytes!("../../../gongkai_check/tests/data/000_910d79ecf003d37e.txt");
const PINGTAN_2011: &[u8] =
    include_bytes!("../../../gongkai_check/tests/data/015_pingtan-xian-zhengfu_2011.txt");
const PINGTAN_2012: &[u8] =
    include_bytes!("../../../gongkai_check/tests/data/017_pingtan-xian-zhengfu_2012.txt");

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[tokio::test]
async fn public_page_explains_the_checks_and_is_linked_from_the_portal() {
    let mut app = setup().await;
    let home = app.get("/").await;
    assert!(home.page().contains("href=\"/check\""), "portal nav links the checker");
    let page = app.get("/check").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.page().contains("跳到主要内容") && page.page().contains("<main id=\"main\""));
    assert!(page.page().contains("enctype=\"multipart/form-data\""));
    assert!(page.page().contains("<label for=\"report\">"), "labelled file field");
    assert!(page.page().contains("表格数字是否自洽") && page.page().contains("照抄痕迹"));
    assert!(page.page().contains("aria-current=\"page\">年报体检"));
    assert!(app.cookies.contains_key("gongkai_check_csrf"), "double-submit cookie set");
    assert_eq!(hidden(&page.body, "csrf_token"), app.cookies["gongkai_check_csrf"]);
}

#[tokio::test]
async fn public_check_of_the_seed_shows_its_findings_and_tables() {
    let mut app = setup().await;
    let r = app.submit("/check", "report", &[("观水镇2017年报.txt", SEED)], &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("体检结果"));
    assert!(r.page().contains("观水镇2017年报.txt"), "UTF-8 file name kept");
    assert!(r.page().contains("观水镇"), "agency recognised");
    assert!(r.page().contains("2017 年"));
    assert!(r.page().contains("2008年条例时期格式"));
    assert!(r.page().contains("推进行决策"), "typo quoted");
    assert!(r.page().contains("text.typo"));
    assert!(r.page().contains("section.missing"));
    assert!(r.page().contains("警告（"), "findings grouped by severity");
    assert!(r.page().contains("提示（"));
}

#[tokio::test]
async fn public_check_shows_tables_with_blank_cells_as_dashes() {
    let html = include_bytes!("../../../gongkai_check/tests/data/005_shuyang-xian-fagaiju_2023.html");
    let mut app = setup().await;
    let r = app.submit("/check", "report", &[("005.html", html)], &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("表三　收到和处理政府信息公开申请情况"));
    assert!(r.page().contains("表四　政府信息公开行政复议、行政诉讼情况"));
    assert!(r.page().contains("一、本年新收政府信息公开申请数量"));
    assert!(r.page().contains("class=\"num blank\">—</td>"), "blank cells shown as a dash");
    assert!(r.page().contains("table.blank_cells"));
}

#[tokio::test]
async fn html_in_a_file_and_its_name_is_shown_escaped() {
    let mut text = String::from_utf8(SEED.to_vec()).unwrap();
    // The typo finding quotes ten characters either side of 推进行决策.
    text = text.replacen("推进行决策公开", "推进行决策<i>x</i>公开", 1);
    let mut app = setup().await;
    let r =
        app.submit("/check", "report", &[("<img src=x onerror=alert(2)>.txt", text.as_bytes())], &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("推进行决策&lt;i&gt;x&lt;/i&gt;公开"), "evidence quoted, escaped");
    assert!(!r.page().contains("<i>x</i>"), "never raw");
    assert!(r.page().contains("&lt;img src=x onerror=alert(2)&gt;.txt"));
    assert!(!r.page().contains("<img src=x"));
}

#[tokio::test]
async fn empty_or_missing_file_gets_a_clear_message() {
    let mut app = setup().await;
    let r = app.submit("/check", "report", &[("empty.txt", b"")], &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.page().contains("无法检查此文件：文件为空"), "{}", r.body);
    let r = app.submit("/check", "report", &[("", b"")], &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.page().contains("请选择要检查的年报文件"));
    let r = app.submit("/check", "report", &[("photo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0")], &[]).await;
    assert!(r.page().contains("无法检查此文件："), "unreadable files are reported, not refused");
}

#[tokio::test]
async fn public_check_without_the_csrf_pair_is_refused() {
    let mut app = setup().await;
    // no cookie, no token
    let r = app.post_multipart("/check", &[], &[("report", "a.txt", SEED)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.page().contains("表单已失效"));
    assert!(!r.page().contains("体检结果"));
    // cookie from the page, wrong token
    app.get("/check").await;
    let r =
        app.post_multipart("/check", &[("csrf_token", &"0".repeat(64))], &[("report", "a.txt", SEED)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!r.page().contains("text.typo"));
    // The token is checked before any file is read (issue 11): a forged post with two files
    // (one too many for this page) is refused for its token, not for its files.
    let r = app
        .post_multipart(
            "/check",
            &[("csrf_token", &"0".repeat(64))],
            &[("report", "a.txt", SEED), ("report", "b.txt", SEED)],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // not multipart at all
    let r = app.post_form("/check", &[("csrf_token", "x")]).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.page().contains("没有收到完整的表单"));
}

#[tokio::test]
async fn oversized_upload_gets_a_chinese_413_page() {
    let mut app = setup().await;
    let big = vec![b'a'; 21 << 20];
    let r = app.submit("/check", "report", &[("big.txt", &big)], &[]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.page().contains("上传的文件过大"), "{}", r.body);
    assert!(r.page().contains("20 MB"));
}

#[tokio::test]
async fn anonymous_visitors_are_sent_to_login() {
    let mut app = setup().await;
    let r = app.get("/staff/check").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert_eq!(r.headers[header::LOCATION], "/staff/login?next=/staff/check");
    let r = app.post_multipart("/staff/check", &[], &[("files", "a.txt", SEED)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn staff_check_without_csrf_is_refused() {
    let mut app = setup().await;
    app.login("editor_a").await;
    let r = app.post_multipart("/staff/check", &[], &[("files", "a.txt", SEED)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.page().contains("表单已失效"));
    let r = app.post_multipart("/staff/check", &[("csrf_token", "wrong")], &[("files", "a.txt", SEED)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn staff_batch_checks_years_together_and_downloads_the_summary() {
    let mut app = setup().await;
    app.login("super_a").await;
    let page = app.get("/staff/check").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.page().contains("multiple"));
    assert!(page.page().contains("下载汇总表 (XLSX)"));
    assert!(app.get("/staff").await.page().contains("href=\"/staff/check\""), "console nav links it");

    let files: &[(&str, &[u8])] = &[("平潭2011.txt", PINGTAN_2011), ("平潭2012.txt", PINGTAN_2012)];
    let r = app.submit("/staff/check", "files", files, &[("action", "check")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("体检汇总"));
    assert!(
        r.page().contains("href=\"#file-1\">平潭2011.txt")
            && r.page().contains("href=\"#file-2\">平潭2012.txt")
    );
    assert!(r.page().contains("id=\"file-2\""), "details per file");
    assert!(r.page().contains("平潭县人民政府"));
    assert!(r.page().contains("text.copied"), "cross-file checks ran");

    let r = app.submit("/staff/check", "files", files, &[("action", "xlsx")]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.headers[header::CONTENT_TYPE],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(r.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment;"));
    assert!(r.bytes.starts_with(b"PK\x03\x04"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.bytes)).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/sharedStrings.xml").unwrap().read_to_string(&mut sheet).unwrap();
    assert!(sheet.contains("平潭2012.txt") && sheet.contains("平潭县人民政府"));
}

#[tokio::test]
async fn staff_zip_is_expanded_within_bounds() {
    let nested = zip_of(&[("x.txt", b"x")]);
    let archive = zip_of(&[
        ("平潭/2011.txt", PINGTAN_2011),
        ("平潭/2012.txt", PINGTAN_2012),
        ("../../etc/evil.txt", SEED),
        ("__MACOSX/平潭/._2011.txt", b"junk"),
        ("平潭/.DS_Store", b"junk"),
        ("inner.zip", &nested),
        ("empty-dir/", b""),
    ]);
    let mut app = setup().await;
    app.login("editor_a").await;
    let docx = include_bytes!("../../../gongkai_check/tests/data/005_shuyang-xian-fagaiju_2023.docx");
    let r = app.submit("/staff/check", "files", &[("reports.zip", &archive), ("沭阳.docx", docx)], &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("reports.zip/平潭/2011.txt") && r.page().contains("reports.zip/平潭/2012.txt"));
    assert!(r.page().contains("reports.zip/etc/evil.txt"), "parent components dropped from the name");
    assert!(!r.page().contains("._2011") && !r.page().contains("DS_Store"));
    assert!(r.page().contains("inner.zip（压缩包中的压缩包不展开）"));
    assert!(r.page().contains("共检查 4 个文件"));
    assert!(
        r.page().contains("Word 文档（DOCX）") && r.page().contains("沭阳县发展和改革局"),
        "a DOCX is a report"
    );
    assert!(r.page().contains("text.copied"), "cross-file checks inside an archive");

    // An archive listing more entries than allowed is refused before it is opened.
    let many: Vec<(String, Vec<u8>)> = (0..1001).map(|i| (format!("{i}.txt"), Vec::new())).collect();
    let refs: Vec<(&str, &[u8])> = many.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let r =
        app.submit("/staff/check", "files", &[("many.zip", &zip_of(&refs)), ("seed.txt", SEED)], &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("many.zip：压缩包条目过多（1001 个"));
    assert!(r.page().contains("共检查 1 个文件"));
}

/// A PDF whose form XObject draws itself (issue 11, class 1), built here: one page drawing
/// `/X`, and `/X` drawing `/X`.
fn selfdraw_pdf() -> Vec<u8> {
    let stream = |dict: &str, content: &str| {
        format!("<< {dict} /Length {} >>\nstream\n{content}\nendstream", content.len())
    };
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X 4 0 R >> >> \
         /Contents 5 0 R >>"
            .to_owned(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /X 4 0 R >> >>",
            "/X Do",
        ),
        stream("", "/X Do"),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());
    out
}

/// Hostile documents (issue 11, classes 1 and 3) through the in-process fallback (this crate's
/// tests have no `gongkai` binary to sandbox them in): each is a normal result page saying the
/// file could not be read, where before the PDF aborted the process and the HTML asked for
/// billions of grid cells.
#[tokio::test]
async fn hostile_documents_get_a_result_page_not_a_crash() {
    let mut app = setup().await;
    let pdf = selfdraw_pdf();
    let r = app.submit("/check", "report", &[("selfdraw.pdf", &pdf)], &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("无法读取") && r.page().contains("自我引用"), "{}", r.body);

    let mut html = String::from("<html><body><p>某县人民政府办公室2023年政府信息公开工作年度报告</p><table>");
    for i in 0..20_000 {
        html.push_str(&format!("<tr><td rowspan=\"64\" colspan=\"64\">{i}</td></tr>"));
    }
    html.push_str("</table></body></html>");
    let r = app.submit("/check", "report", &[("spans.html", html.as_bytes())], &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("表格过大"), "{}", r.body);

    // In a staff batch the hostile file is one unreadable report; the others are checked.
    app.login("super_a").await;
    let files: &[(&str, &[u8])] = &[("selfdraw.pdf", &pdf), ("平潭2011.txt", PINGTAN_2011)];
    let r = app.submit("/staff/check", "files", files, &[("action", "check")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.page().contains("自我引用") && r.page().contains("平潭县人民政府"), "{}", r.body);
}
