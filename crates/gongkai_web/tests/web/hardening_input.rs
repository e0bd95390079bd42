//! Issue 11, what staff and citizens type and upload, through the real router on a fresh SQLite
//! database per test. Every hostile input is built here:
//! - class 5: a letter template with nested `range(100000)` loops is refused when saved, and one
//!   that reached the database anyway neither stalls an action nor the server;
//! - class 6: uploads are typed by content, the extension must agree, names are sanitised,
//!   downloads are attachments with an RFC 5987 name;
//! - class 8: `assign` takes only an active handler of the request's own agency, named from the
//!   user record;
//! - class 9: implausible dates (9999-12-31, −262143-01-01, 1900) are refused everywhere;
//! - class 10: U+FFFE/U+FFFF never reach a letter's DOCX; U+202E in a name is refused.

use super::common::*;

type App = TestApp;

/// 甲县人民政府 (editor, editor2, admin, reviewer) and 乙镇人民政府 under it (town_editor).
async fn setup() -> App {
    TestApp::builder()
        .today(TODAY)
        .agency(AgencySeed::new("甲县人民政府").phone("0599-1234567"))
        .agency(AgencySeed::new("乙镇人民政府").under(0).kind(AgencyKind::Department).phone("0599-1234567"))
        .user(0, "editor", &[Role::Editor])
        .user(0, "editor2", &[Role::Editor])
        .user(0, "admin", &[Role::Admin])
        .user(0, "reviewer", &[Role::Reviewer])
        .user(1, "town_editor", &[Role::Editor])
        .build()
        .await
}

/// This module's own steps on the shared harness.
trait ApiSteps {
    /// Files a request through the public API; returns its id, number and 查询码.
    async fn file_via_api(&mut self, name: &str) -> (i64, String, String);
    /// Performs an action through the staff API at the request's current version.
    async fn api_act(&mut self, id: i64, action: Value) -> Resp;
}

impl ApiSteps for TestApp {
    /// Files a request through the public API; returns its id, number and 查询码.
    async fn file_via_api(&mut self, name: &str) -> (i64, String, String) {
        let r = self
            .json(
                "POST",
                "/api/v1/requests",
                &json!({"agency": self.county,
                        "applicant": {"kind": "natural_person", "name": name, "id_type": "resident_id",
                                      "id_number": "11010519491231002X", "phone": "13800138000", "email": "wxm@example.cn"},
                        "description": "请公开2025年耕地地力保护补贴发放名单", "form": "electronic", "delivery": "email"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let v = r.json();
        let number = v["number"].as_str().unwrap().to_owned();
        let code = v["tracking_code"].as_str().unwrap().to_owned();
        let id = self.store.find_request_by_number(&number).await.unwrap().unwrap().0.id;
        (id, number, code)
    }
    /// Performs an action through the staff API at the request's current version.
    async fn api_act(&mut self, id: i64, action: Value) -> Resp {
        let version = self.store.get_request(id).await.unwrap().unwrap().version;
        self.json(
            "POST",
            &format!("/api/v1/requests/{id}/actions"),
            &json!({"version": version, "action": action}),
        )
        .await
    }
}
use axum::http::{StatusCode, header};
use gongkai_domain::agency::AgencyKind;
use gongkai_domain::request::LetterKind;
use gongkai_domain::role::Role;
use gongkai_store::Actor;
use serde_json::{Value, json};
use std::io::Write;
use std::time::Duration;

const TODAY: &str = "2025-04-25";

/// A liveness bound, not a measurement: on the old code these requests never finished.
const HANG: Duration = Duration::from_secs(120);

/// Two nested loops of 10^10 iterations that write nothing (CPU only, so the old code burned a
/// core instead of memory).
const LOOPS: &str = "{{ applicant_name }}：\n\n{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n\n{{ agency_name }}\n{{ letter_date }}";

/// A ZIP built here with the given entries.
fn zip_of(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, text) in entries {
        z.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(text.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

fn minimal_docx() -> Vec<u8> {
    zip_of(&[
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        ),
        (
            "word/document.xml",
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>申请</w:t></w:r></w:p></w:body></w:document>",
        ),
    ])
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\nstartxref\n0\n%%EOF\n";

/// Every XML part of a DOCX parses (quick-xml reads it to the end without an error).
fn docx_parses(bytes: &[u8]) -> Result<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut z.by_name("word/document.xml").map_err(|e| e.to_string())?, &mut xml)
        .map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => return Ok(text),
            Ok(quick_xml::events::Event::Text(t)) => {
                let raw = t.into_inner().into_owned();
                // quick-xml does not check characters; XML 1.0 forbids these outright.
                if raw.chars().any(|c| matches!(c, '\u{FFFE}' | '\u{FFFF}') || (c < ' ' && c != '\t')) {
                    return Err(format!("character not allowed in XML in {raw:?}"));
                }
                text.push_str(&raw);
            }
            Ok(_) => {}
            Err(e) => return Err(e.to_string()),
        }
    }
}

// ---------------------------------------------------------------- class 5: letter templates

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_with_nested_range_loops_is_refused_when_saved() {
    let mut app = setup().await;
    app.login("admin").await;
    let page = app.get("/staff/letter-templates?kind=receipt").await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = hidden(&page.body, "csrf_token");
    let mut saver = app.clone();
    let save = tokio::spawn(async move {
        saver
            .post("/staff/letter-templates", &[("csrf_token", &csrf), ("kind", "receipt"), ("body", LOOPS)])
            .await
    });
    // Meanwhile the server answers.
    let mut probe = app.other_browser();
    let health = tokio::time::timeout(HANG, probe.get("/healthz")).await.expect("/healthz answers");
    assert_eq!(health.status, StatusCode::OK);
    let r = tokio::time::timeout(HANG, save).await.expect("the save finishes").unwrap();
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("模板运算量超出限制"), "the reason is given in Chinese");
    assert_eq!(
        app.store.letter_template(app.county, LetterKind::Receipt).await.unwrap(),
        None,
        "nothing saved"
    );
    // An ordinary edit still saves.
    let ok = "{{ applicant_name }}：\n\n本机关已收到您的申请（{{ number }}）。\n\n{{ agency_name }}\n{{ letter_date }}";
    let page = app.get("/staff/letter-templates?kind=receipt").await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = app
        .post("/staff/letter-templates", &[("csrf_token", &csrf), ("kind", "receipt"), ("body", ok)])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(app.store.letter_template(app.county, LetterKind::Receipt).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runaway_template_in_the_database_neither_stalls_an_action_nor_the_server() {
    let mut app = setup().await;
    // As if saved before the check existed (or written around it): straight into the store.
    app.store
        .put_letter_template(&Actor::system(), app.county, LetterKind::Receipt, Some(LOOPS.to_owned()))
        .await
        .unwrap();
    let (id, _, _) = app.file_via_api("王小明").await;
    app.login("editor").await;
    let mut actor = app.clone();
    let action =
        tokio::spawn(
            async move { actor.api_act(id, json!({"action": "confirm_receipt", "on": TODAY})).await },
        );
    let mut probe = app.other_browser();
    let health = tokio::time::timeout(HANG, probe.get("/healthz")).await.expect("/healthz answers");
    assert_eq!(health.status, StatusCode::OK);
    let r = tokio::time::timeout(HANG, action).await.expect("the action finishes").unwrap();
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The receipt was written from the built-in template instead.
    let letters = app.store.request_letters(id).await.unwrap();
    assert_eq!(letters.len(), 1);
    assert!(
        letters[0].body.contains("第三十一条") && letters[0].body.contains("王小明"),
        "{}",
        letters[0].body
    );
}

// ---------------------------------------------------------------- class 6: upload types

/// Files the portal form with one attachment; returns the response.
async fn apply_with(app: &mut App, file_name: &str, data: Vec<u8>) -> Resp {
    let county = app.county;
    let form = app.get(&format!("/agencies/{county}/apply")).await;
    let csrf = hidden(&form.body, "csrf_token");
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("kind", "natural_person"),
        ("name", "王小明"),
        ("id_type", "resident_id"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800138000"),
        ("email", "wxm@example.cn"),
        ("description", "请公开2025年耕地地力保护补贴发放名单"),
        ("form", "electronic"),
        ("delivery", "email"),
    ];
    app.multipart(&format!("/agencies/{county}/apply"), &fields, &[("files", file_name, data)]).await
}

#[tokio::test]
async fn uploads_are_typed_by_content_and_the_extension_must_agree() {
    let mut app = setup().await;
    let refused: Vec<(&str, Vec<u8>)> = vec![
        ("setup.exe", b"MZ\x90\0\x03\0\0\0 This program cannot be run in DOS mode.".to_vec()),
        ("page.html", b"<!doctype html><html><script>alert(1)</script></html>".to_vec()),
        // Any ZIP used to pass as DOCX.
        ("申请材料.docx", zip_of(&[("readme.txt", "not a document")])),
        // Any `%PDF-` prefix used to pass as PDF.
        ("scan.pdf", b"%PDF-1.4 <script>alert(1)</script>".to_vec()),
        // Real content, lying extension.
        ("photo.pdf", PNG.to_vec()),
        ("report.docx", PDF.to_vec()),
        ("invoice.pdf.exe", PDF.to_vec()),
    ];
    for (name, data) in refused {
        let r = apply_with(&mut app, name, data).await;
        assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{name}: {}", r.body);
        assert!(r.body.contains("只接受 PDF、JPG、PNG 或 DOCX 文件"), "{name}: the allowed types are named");
        assert!(r.body.contains("王小明"), "{name}: the input is kept");
    }
    let first = format!("2025-{:04}-00001", app.county);
    assert!(app.store.find_request_by_number(&first).await.unwrap().is_none(), "nothing was filed");

    // Accepted, with a clean stored name whose extension is the content's.
    for (name, data, stored, ct) in [
        ("../../a\u{202E}xcod.docx", minimal_docx(), "axcod.docx", "wordprocessingml"),
        ("身份证", PNG.to_vec(), "身份证.png", "image/png"),
        ("扫描件.JPEG", b"\xFF\xD8\xFF\xE0\0\x10JFIF".to_vec(), "扫描件.jpg", "image/jpeg"),
        ("申请书.pdf", PDF.to_vec(), "申请书.pdf", "application/pdf"),
    ] {
        let r = apply_with(&mut app, name, data).await;
        assert_eq!(r.status, StatusCode::OK, "{name}: {}", r.body);
        let number = r.body.split("<strong class=\"code\">").nth(1).unwrap().split('<').next().unwrap();
        let rec = app.store.find_request_by_number(number).await.unwrap().unwrap().0;
        let files = app.store.list_files(&format!("request:{}", rec.id)).await.unwrap();
        assert_eq!(files[0].name, stored, "{name}");
        assert!(files[0].content_type.contains(ct), "{name}: {}", files[0].content_type);
    }
}

#[tokio::test]
async fn applicant_files_download_as_attachments_with_a_safe_name() {
    let mut app = setup().await;
    let r = apply_with(&mut app, "../身份证 正面.png", PNG.to_vec()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let number =
        r.body.split("<strong class=\"code\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    let code = r.body.split("<strong class=\"code\">").nth(2).unwrap().split('<').next().unwrap().to_owned();
    let rec = app.store.find_request_by_number(&number).await.unwrap().unwrap().0;
    let file = app.store.list_files(&format!("request:{}", rec.id)).await.unwrap().remove(0);
    assert_eq!(file.name, "身份证 正面.png");

    let mut staff = app.other_browser();
    staff.login("editor").await;
    let check = |r: &Resp| {
        let cd = r.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().to_owned();
        assert!(cd.starts_with("attachment; "), "{cd}");
        assert!(cd.contains("filename*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%20%E6%AD%A3%E9%9D%A2.png"), "{cd}");
        let fallback = cd.split("filename=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(fallback.is_ascii() && fallback.ends_with(".png"), "{cd}");
        assert_eq!(r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
    };
    let r = staff.get(&format!("/staff/files/{}", file.id)).await;
    assert_eq!(r.status, StatusCode::OK);
    check(&r);
    assert_eq!(r.bytes, PNG);

    // A released file, downloaded by the applicant through /track.
    let page = staff.get(&format!("/staff/requests/{}", rec.id)).await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = staff
        .multipart(
            &format!("/staff/requests/{}/files", rec.id),
            &[("csrf_token", &csrf), ("role", "released")],
            &[("files", "身份证 正面.png", PNG.to_vec())],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let released = app.store.list_files(&format!("request:{}", rec.id)).await.unwrap();
    let released = released.iter().find(|f| f.id != file.id).unwrap();
    let mut applicant = app.other_browser();
    let page = applicant.get("/track").await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = applicant
        .post(
            &format!("/track/files/{}", released.id),
            &[("csrf_token", &csrf), ("number", &number), ("code", &code)],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    check(&r);
}

// ---------------------------------------------------------------- class 8: assign

#[tokio::test]
async fn assign_takes_only_a_handler_of_the_requests_own_agency() {
    let mut app = setup().await;
    let (id, _, _) = app.file_via_api("王小明").await;
    app.login("editor").await;
    let town_editor = app.users["town_editor"];
    let r = app
        .api_act(id, json!({"action": "assign", "handler_id": town_editor, "handler_name": "县长（伪造）"}))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_handler".to_owned()),
        "{}",
        r.body
    );
    // A reviewer does not handle requests; an unknown id is no one.
    for bad in [app.users["reviewer"], 999_999] {
        let r = app.api_act(id, json!({"action": "assign", "handler_id": bad, "handler_name": "x"})).await;
        assert_eq!(r.code(), "invalid_handler", "{bad}: {}", r.body);
    }
    assert!(app.store.get_request(id).await.unwrap().unwrap().facts.handler.is_none());

    // Someone of the agency: the name comes from the user record, not from the client.
    let editor2 = app.users["editor2"];
    let r = app
        .api_act(id, json!({"action": "assign", "handler_id": editor2, "handler_name": "县长（伪造）"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let handler = app.store.get_request(id).await.unwrap().unwrap().facts.handler.unwrap();
    assert_eq!((handler.id, handler.name.as_str()), (editor2, "editor2名"));

    // The page form follows the same rule.
    let page = app.get(&format!("/staff/requests/{id}")).await;
    let csrf = hidden(&page.body, "csrf_token");
    let version = hidden(&page.body, "version");
    let r = app
        .post(
            &format!("/staff/requests/{id}/action"),
            &[
                ("csrf_token", &csrf),
                ("version", &version),
                ("action", "assign"),
                ("handler_id", &town_editor.to_string()),
                ("handler_name", "县长（伪造）"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请选择本机关负责办理申请的工作人员"));
    assert_eq!(app.store.get_request(id).await.unwrap().unwrap().facts.handler.unwrap().id, editor2);
}

// ---------------------------------------------------------------- class 9: dates

#[tokio::test]
async fn implausible_dates_are_refused_on_the_api_and_the_forms() {
    let mut app = setup().await;
    app.login("editor").await;
    let case = |filed: &str, closed: Option<&str>| {
        json!({"kind": "reconsideration", "body": "甲市人民政府", "filed_on": filed, "closed_on": closed,
               "result": if closed.is_some() { "upheld" } else { "pending" }})
    };
    for (filed, closed, field) in [
        ("2025-01-02", Some("9999-12-31"), "closed_on"),
        ("-262143-01-01", Some("2025-03-01"), "filed_on"),
        ("1900-01-01", None, "filed_on"),
    ] {
        let r = app.json("POST", "/api/v1/cases", &case(filed, closed)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{filed} {closed:?}: {}", r.body);
        assert_eq!(r.code(), "date_out_of_range", "{filed} {closed:?}: {}", r.body);
        assert_eq!(r.json()["error"]["field"], field);
        assert!(r.json()["error"]["message"].as_str().unwrap().contains("1990年1月1日"));
    }
    assert!(app.store.list_cases(&[app.county]).await.unwrap().is_empty(), "nothing recorded");
    let r = app.json("POST", "/api/v1/cases", &case("2025-01-02", Some("2025-03-01"))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);

    // Request actions: the day and the correction deadline.
    let (id, _, _) = app.file_via_api("王小明").await;
    let r = app.api_act(id, json!({"action": "confirm_receipt", "on": "1900-01-01"})).await;
    assert_eq!(r.code(), "date_out_of_range", "{}", r.body);
    let r = app.api_act(id, json!({"action": "confirm_receipt", "on": TODAY})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .api_act(id, json!({"action": "request_correction", "on": TODAY, "deadline": "9999-12-31", "items": "请写明文号"}))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "date_out_of_range".to_owned()),
        "{}",
        r.body
    );

    // Staff intake form.
    let page = app.get("/staff/requests/new").await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = app
        .multipart(
            "/staff/requests/new",
            &[
                ("csrf_token", &csrf),
                ("kind", "natural_person"),
                ("name", "李四"),
                ("id_type", "resident_id"),
                ("id_number", "11010519491231002X"),
                ("phone", "13800138000"),
                ("description", "请公开2024年农村危房改造补助名单"),
                ("form", "paper"),
                ("delivery", "post"),
                ("channel", "in-person"),
                ("submitted_on", "1066-10-14"),
            ],
            &[],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("不在合理范围内"), "{}", r.body);
}

// ---------------------------------------------------------------- class 10: characters

#[tokio::test]
async fn xml_invalid_characters_never_reach_a_letter_and_bidi_controls_are_refused() {
    let mut app = setup().await;
    let (id, number, code) = app.file_via_api("王\u{FFFE}小\u{FFFF}明\u{1}").await;
    let stored = app.store.get_request(id).await.unwrap().unwrap();
    assert_eq!(stored.facts.application.applicant.name, "王小明", "stripped at the edge");
    app.login("editor").await;
    let r = app.api_act(id, json!({"action": "confirm_receipt", "on": TODAY})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The handler's own text is stripped too (an API client may send anything): the 补正告知书
    // quotes it.
    let r = app
        .api_act(
            id,
            json!({"action": "request_correction", "on": TODAY, "deadline": "2025-05-20",
                   "items": "请写明\u{FFFF}文件名称\u{0B}或文号"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let letters = app.store.request_letters(id).await.unwrap();
    assert_eq!(letters.len(), 2);
    for l in &letters {
        let docx = app.get(&format!("/staff/requests/{id}/letters/{}?format=docx", l.id)).await;
        assert_eq!(docx.status, StatusCode::OK);
        let text = docx_parses(&docx.bytes).expect("the letter's DOCX is well-formed XML");
        assert!(text.contains("王小明"), "{text}");
    }
    assert!(letters.iter().any(|l| l.body.contains("请写明文件名称或文号")));
    let letter = letters[0].clone();
    // The applicant's download of the same letter.
    let mut applicant = app.other_browser();
    let page = applicant.get("/track").await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = applicant
        .post(
            &format!("/track/letters/{}", letter.id),
            &[("csrf_token", &csrf), ("number", &number), ("code", &code), ("format", "docx")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    docx_parses(&r.bytes).expect("the applicant's DOCX is well-formed XML");

    // U+202E reverses what follows it on screen: refused in names, with a message.
    let r = app
        .json(
            "POST",
            "/api/v1/requests",
            &json!({"agency": app.county,
                    "applicant": {"kind": "natural_person", "name": "张三\u{202E}exe.txt", "id_type": "resident_id",
                                  "id_number": "11010519491231002X", "phone": "13800138000", "email": "wxm@example.cn"},
                    "description": "请公开补贴名单", "form": "electronic", "delivery": "email"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert_eq!(
        (r.code(), r.json()["error"]["field"].as_str()),
        ("invalid_characters".to_owned(), Some("applicant.name"))
    );
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("U+202E"));
    let r = app
        .json(
            "POST",
            "/api/v1/cases",
            &json!({"kind": "litigation_direct", "body": "甲县人民法院", "applicant": "李\u{2067}四", "filed_on": "2025-01-02", "result": "pending"}),
        )
        .await;
    assert_eq!(r.code(), "invalid_characters", "{}", r.body);
}
