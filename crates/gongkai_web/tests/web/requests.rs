//! Disclosure requests through the real router, in process, on a fresh SQLite database per
//! test: the public form and receipt, tracking and its privacy, the API's fixed shapes, the
//! staff pages through a full story checked against the clock, letters, uploads, conflicts,
//! templates and the reconsideration register.

use super::common::*;
use gongkai_domain::agency::{AgencyKind, AgencyLevel};
use gongkai_domain::role::Role;
use gongkai_web::{AppState, WebConfig};
use serde_json::{Value, json};

type App = TestApp;

/// 甲县人民政府 (editor, editor2, approver, admin, super) and 甲县教育局 under it (dept_editor).
fn seeded() -> Builder {
    TestApp::builder()
        .agency(AgencySeed::new("甲县人民政府").phone("0599-1234567"))
        .agency(
            AgencySeed::new("甲县教育局")
                .under(0)
                .kind(AgencyKind::Department)
                .level(AgencyLevel::County)
                .phone("0599-1234567"),
        )
        .user(0, "editor", &[Role::Editor])
        .user(0, "editor2", &[Role::Editor])
        .user(0, "approver", &[Role::Approver])
        .user(0, "admin", &[Role::Admin])
        .user(0, "super", &[Role::Supervisor])
        .user(1, "dept_editor", &[Role::Editor])
}

async fn setup(today: &str) -> App {
    seeded().today(today).build().await
}

async fn setup_with(config: WebConfig) -> App {
    seeded().config(config).build().await
}

async fn setup_postgres(today: &str) -> Option<App> {
    seeded().today(today).build_postgres().await
}

/// The text between `<strong class="code">` tags, in order.
fn codes(html: &str) -> Vec<String> {
    html.split("<strong class=\"code\">").skip(1).map(|s| s.split('<').next().unwrap().to_string()).collect()
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn apply_fields(csrf: &str) -> Vec<(&'static str, String)> {
    vec![
        ("csrf_token", csrf.to_string()),
        ("kind", "natural_person".into()),
        ("name", "王小明".into()),
        ("id_type", "resident_id".into()),
        ("id_number", "11010519491231002X".into()),
        ("phone", "13800138000".into()),
        ("email", "wxm@example.cn".into()),
        ("address", "甲县人民路1号".into()),
        ("description", "请公开2025年甲县耕地地力保护补贴发放名单".into()),
        ("form", "electronic".into()),
        ("delivery", "email".into()),
    ]
}

async fn file_on_portal(app: &mut App, county: i64, edit: &[(&str, &str)]) -> Resp {
    let form = app.get(&format!("/agencies/{county}/apply")).await;
    assert_eq!(form.status, StatusCode::OK);
    let csrf = hidden(&form.body, "csrf_token");
    let mut fields = apply_fields(&csrf);
    for (k, v) in edit {
        if let Some(f) = fields.iter_mut().find(|(n, _)| n == k) {
            f.1 = v.to_string();
        }
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.multipart(&format!("/agencies/{county}/apply"), &refs, &[("files", "身份证.png", PNG.to_vec())]).await
}

async fn track(app: &mut App, number: &str, code: &str) -> Resp {
    let page = app.get("/track").await;
    let csrf = hidden(&page.body, "csrf_token");
    app.post("/track", &[("csrf_token", &csrf), ("number", number), ("code", code)]).await
}

/// Issue 13, defect 3: the same apply form posted twice (a double click, a browser retry) files
/// one request; the repeat shows the first receipt with the same 受理编号 and 查询码, and a
/// re-rendered form (a field to fix) keeps its one-time key.
#[tokio::test]
async fn one_apply_form_files_at_most_one_request() {
    let mut app = setup("2025-04-25").await;
    let county = app.county;
    let form = app.get(&format!("/agencies/{county}/apply")).await;
    assert_eq!(form.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let csrf = hidden(&form.body, "csrf_token");
    let key = hidden(&form.body, "submission_key");
    assert_eq!(key.len(), 32);
    let path = format!("/agencies/{county}/apply");
    // A field to fix first: the form comes back with the same key.
    let mut fields = apply_fields(&csrf);
    fields.push(("submission_key", key.clone()));
    let mut bad = fields.clone();
    bad.retain(|(k, _)| *k != "name");
    let refs: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.multipart(&path, &refs, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(hidden(&r.body, "submission_key"), key, "the key survives a re-render");
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let first = app.multipart(&path, &refs, &[("files", "身份证.png", PNG.to_vec())]).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert!(!first.body.contains("已经提交过"));
    let again = app.multipart(&path, &refs, &[("files", "身份证.png", PNG.to_vec())]).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert!(again.body.contains("这份申请表已经提交过，没有重复登记"), "{}", again.body);
    assert_eq!(codes(&first.body), codes(&again.body), "same 受理编号 and 查询码");
    let (n, _) = app
        .store
        .list_requests(&gongkai_store::RequestFilter {
            agency_ids: vec![county],
            limit: 0,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(n, 1, "one request filed");
    // The 查询码 shown the second time works.
    let c = codes(&again.body);
    let mut applicant = app.other_browser();
    let t = track(&mut applicant, &c[0], &c[1]).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    // A fresh form is a new request.
    let r = file_on_portal(&mut app, county, &[]).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_ne!(codes(&r.body)[0], c[0]);
}

/// Issue 13: 依申请公开 is in the main menu and leads to each agency's form.
#[tokio::test]
async fn apply_is_in_the_main_menu_and_lists_the_agencies() {
    let mut app = setup("2025-04-25").await;
    let home = app.get("/").await;
    assert!(home.body.contains("<a href=\"/apply\">依申请公开</a>"), "{}", home.body);
    let page = app.get("/apply").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("选择受理机关") && page.body.contains("aria-current=\"page\">依申请公开"));
    assert!(page.body.contains(&format!("/agencies/{}/apply", app.county)));
    // The form's default way to get the information needs no e-mail address (在线获取).
    let form = app.get(&format!("/agencies/{}/apply", app.county)).await;
    assert!(form.body.contains("value=\"online\" id=\"f-delivery-online\" checked"), "{}", form.body);
    let csrf = hidden(&form.body, "csrf_token");
    let mut fields = apply_fields(&csrf);
    fields.retain(|(k, _)| *k != "email" && *k != "delivery");
    fields.push(("delivery", "online".into()));
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.multipart(&format!("/agencies/{}/apply", app.county), &refs, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
}

#[tokio::test]
async fn portal_form_files_a_request_and_the_applicant_tracks_it() {
    let mut app = setup("2025-04-25").await;
    let county = app.county;
    let agency_page = app.get(&format!("/agencies/{county}")).await;
    assert!(
        agency_page.body.contains(&format!("/agencies/{county}/apply")),
        "the agency page links the form"
    );
    let r = file_on_portal(&mut app, county, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("申请已提交"));
    assert_eq!(r.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let c = codes(&r.body);
    let (number, code) = (c[0].clone(), c[1].clone());
    assert_eq!(number, format!("2025-{county:04}-00001"));
    assert_eq!(code.len(), 10);
    // The attachment was kept, by content.
    let rec = app.store.find_request_by_number(&number).await.unwrap().unwrap().0;
    let files = app.store.list_files(&format!("request:{}", rec.id)).await.unwrap();
    assert_eq!(
        (files.len(), files[0].content_type.as_str(), files[0].name.as_str()),
        (1, "image/png", "身份证.png")
    );

    let mut applicant = app.other_browser();
    let t = track(&mut applicant, &number, &code).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    assert!(t.body.contains("已提交，待确认收到") && t.body.contains("待本机关确认"));
    // Lower case and spaces in the code are forgiven.
    let t = track(&mut applicant, &number, &format!(" {} ", code.to_lowercase())).await;
    assert_eq!(t.status, StatusCode::OK);
}

#[tokio::test]
async fn tracking_reveals_nothing_and_is_rate_limited() {
    let mut app = setup_with(WebConfig {
        tracking_max_failures: 3,
        fixed_today: Some(d("2025-04-25")),
        ..WebConfig::default()
    })
    .await;
    let county = app.county;
    let r = file_on_portal(&mut app, county, &[]).await;
    let number = codes(&r.body)[0].clone();
    let mut stranger = app.other_browser();
    let wrong_code = track(&mut stranger, &number, "AAAAAAAAAA").await;
    let unknown = track(&mut stranger, "2025-9999-00001", "AAAAAAAAAA").await;
    assert_eq!((wrong_code.status, unknown.status), (StatusCode::NOT_FOUND, StatusCode::NOT_FOUND));
    let msg = |b: &str| b.split("role=\"alert\">").nth(1).unwrap().split('<').next().unwrap().to_string();
    assert_eq!(msg(&wrong_code.body), msg(&unknown.body), "the same answer for both");
    assert!(!wrong_code.body.contains("王小明"));
    // API: the same 404.
    let api = stranger.get(&format!("/api/v1/requests/track?number={number}&code=BBBBBBBBBB")).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND, "{}", api.body);
    assert_eq!(serde_json::from_str::<Value>(&api.body).unwrap()["error"]["code"], "not_found");
    // After three failures this client is held off, even with the right code.
    let api = stranger.get(&format!("/api/v1/requests/track?number={number}&code=CCCCCCCCCC")).await;
    assert_eq!(api.status, StatusCode::TOO_MANY_REQUESTS);
    let page = track(&mut stranger, &number, "DDDDDDDDDD").await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn invalid_form_rerenders_with_input_kept_and_text_escaped() {
    let mut app = setup("2025-04-25").await;
    let county = app.county;
    let r = file_on_portal(
        &mut app,
        county,
        &[
            ("id_number", "110105194912310021"),
            ("description", "<script>alert('x')</script>名单"),
            ("email", "bad"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("提交的内容需要修改"));
    assert!(r.body.contains("王小明"), "typed input kept");
    assert!(r.body.contains("&lt;script&gt;") && !r.body.contains("<script>alert"), "escaped");
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert!(r.body.contains("电子邮箱格式不正确"));
    assert!(r.body.contains("href=\"#f-id_number\""), "error summary links to the field");
    assert!(r.body.contains("证件号码："), "and names it (issue 13)");
    let (n, _) = app
        .store
        .list_requests(&gongkai_store::RequestFilter {
            agency_ids: vec![county],
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing stored");
    // Missing CSRF is refused.
    let r = app.multipart(&format!("/agencies/{county}/apply"), &[("name", "x")], &[]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn oversized_and_wrong_type_uploads_are_refused_with_a_message() {
    let mut app = setup("2025-04-25").await;
    let county = app.county;
    let form = app.get(&format!("/agencies/{county}/apply")).await;
    let csrf = hidden(&form.body, "csrf_token");
    let fields = apply_fields(&csrf);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let big = vec![b'%'; 11 << 20];
    let r = app.multipart(&format!("/agencies/{county}/apply"), &refs, &[("files", "big.pdf", big)]).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", &r.body[..200.min(r.body.len())]);
    assert!(r.body.contains("10 MB"));
    let r = app
        .multipart(
            &format!("/agencies/{county}/apply"),
            &refs,
            &[("files", "virus.pdf", b"MZ\x90\0 not a pdf".to_vec())],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.body.contains("类型不受支持") && r.body.contains("王小明"), "message and input kept");
    // Path tricks in names are cut to the base name.
    let r = app
        .multipart(
            &format!("/agencies/{county}/apply"),
            &refs,
            &[("files", "../../etc/..passwd.png", PNG.to_vec())],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let number = codes(&r.body)[0].clone();
    let rec = app.store.find_request_by_number(&number).await.unwrap().unwrap().0;
    let files = app.store.list_files(&format!("request:{}", rec.id)).await.unwrap();
    assert_eq!(files[0].name, "passwd.png");
}

#[tokio::test]
async fn api_has_the_fixed_public_shapes() {
    let mut app = setup("2025-04-25").await;
    let body = json!({
        "agency": "甲县人民政府",
        "applicant": {"kind": "company", "name": "甲县某公司", "id_type": "credit_code", "id_number": "91350100M000100Y43",
                      "phone": "0599-1234567", "email": "a@example.cn", "address": "甲县"},
        "description": "请公开2024年甲县政府集中采购目录", "form": "electronic", "delivery": "online"
    });
    let r = app.json("POST", "/api/v1/requests", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["status"], "submitted");
    let (number, code) =
        (v["number"].as_str().unwrap().to_string(), v["tracking_code"].as_str().unwrap().to_string());
    let t = app.get(&format!("/api/v1/requests/track?number={number}&code={code}")).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    let t: Value = serde_json::from_str(&t.body).unwrap();
    assert_eq!(t["number"], number.as_str());
    assert_eq!(t["status"], "submitted");
    assert!(t["received_on"].is_null() && t["due_on"].is_null());
    assert!(t["events"].as_array().unwrap().len() == 1);
    let wrong = app.get(&format!("/api/v1/requests/track?number={number}&code=XXXXXXXXXX")).await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(serde_json::from_str::<Value>(&wrong.body).unwrap()["error"]["code"], "not_found");
    // Agency by id works; a bad credit code answers 422 naming the field.
    let mut bad = body.clone();
    bad["agency"] = json!(app.county);
    bad["applicant"]["id_number"] = json!("91350100M000100Y44");
    let r = app.json("POST", "/api/v1/requests", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let e: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(e["error"]["field"], "applicant.id_number");
    assert!(e["error"]["code"].as_str().unwrap().len() > 3);
    let mut unknown = body.clone();
    unknown["agency"] = json!("不存在的机关");
    assert_eq!(app.json("POST", "/api/v1/requests", &unknown).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.json("POST", "/api/v1/requests", &json!("not an object")).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let doc = app.get("/api/v1/openapi.json").await;
    for p in ["/api/v1/requests", "/api/v1/requests/track", "/api/v1/requests/{id}/actions", "/api/v1/cases"]
    {
        assert!(doc.body.contains(p), "{p} documented");
    }
}

/// The story through the staff pages: submit → correct → consult → extend → fee →
/// decide (partly) → deliver, with the dashboard's days left at every step checked against the
/// statutory clock (the same dates as the domain test, from `gongkai calendar add-workdays`).
#[tokio::test]
async fn full_story_through_the_pages_with_the_clock() {
    full_story(setup("2025-04-25").await).await;
}

/// The same story against PostgreSQL (runs in CI's PostgreSQL suite: `-- postgres`).
#[tokio::test]
async fn postgres_full_story_through_the_pages() {
    if let Some(app) = setup_postgres("2025-04-25").await {
        full_story(app).await;
    }
}

async fn full_story(mut app: App) {
    let county = app.county;
    let r = file_on_portal(&mut app, county, &[]).await;
    let c = codes(&r.body);
    let (number, code) = (c[0].clone(), c[1].clone());
    let id = app.store.find_request_by_number(&number).await.unwrap().unwrap().0.id;

    let mut staff = app.other_browser();
    staff.on("2025-04-28");
    staff.login("editor").await;
    let dash = staff.get("/staff/requests").await;
    assert!(dash.body.contains(&number) && dash.body.contains("待确认收到"));
    let r = staff.act(id, &[("action", "confirm_receipt"), ("on", "2025-04-28")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("已完成：确认收到申请"));
    assert!(r.body.contains("2025-05-29"), "due 20 working days after 04-28");
    // 经办 names the person, and the portal filing the applicant (issue 13).
    assert!(r.body.contains("<td>editor名</td>") && r.body.contains("申请人（门户网站）"), "{}", r.body);
    assert!(staff.get("/staff/requests").await.body.contains("剩余 20 个工作日"));

    staff.on("2025-04-30");
    let r = staff
        .act(
            id,
            &[
                ("action", "request_correction"),
                ("on", "2025-04-30"),
                ("deadline", "2025-05-16"),
                ("items", "请写明补贴年度"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(staff.get("/staff/requests").await.body.contains("待补正（不计时）"));
    staff.on("2025-05-08");
    staff.act(id, &[("action", "record_correction"), ("on", "2025-05-08"), ("note", "补充了年度")]).await;
    assert!(
        staff.get(&format!("/staff/requests/{id}")).await.body.contains("2025-06-06"),
        "restarted from 05-08"
    );
    staff.on("2025-05-12");
    staff
        .act(
            id,
            &[
                ("action", "start_consultation"),
                ("consultation_kind", "third_party"),
                ("party", "示例农业合作社"),
                ("matter", "经营信息"),
                ("on", "2025-05-12"),
            ],
        )
        .await;
    assert!(staff.get("/staff/requests").await.body.contains("暂停计时"));
    staff.on("2025-05-19");
    staff
        .act(
            id,
            &[
                ("action", "end_consultation"),
                ("index", "0"),
                ("result", "objected"),
                ("opinion", "涉及商业秘密"),
                ("on", "2025-05-19"),
            ],
        )
        .await;
    assert!(staff.get(&format!("/staff/requests/{id}")).await.body.contains("2025-06-13"));

    // The editor may not extend; the approver may.
    staff.on("2025-06-10");
    let refused = staff
        .act(
            id,
            &[("action", "extend"), ("on", "2025-06-10"), ("workdays", "20"), ("reason", "需调取多年档案")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let mut approver = app.other_browser();
    approver.on("2025-06-10");
    approver.login("approver").await;
    let r = approver
        .act(
            id,
            &[("action", "extend"), ("on", "2025-06-10"), ("workdays", "20"), ("reason", "需调取多年档案")],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("2025-07-11"));

    staff.on("2025-06-12");
    // The county's letter settings (issue 13): its 复议机关 and the 缴纳方式 of fee notices.
    let settings = gongkai_domain::agency::LetterSettings {
        reconsideration_body: "乙市人民政府".into(),
        fee_payment: "通过本省非税收入缴款平台缴纳，缴款码随本通知送达".into(),
    };
    app.store.set_agency_letter_settings(&Actor::system(), app.county, settings).await.unwrap();
    let r = staff
        .act(
            id,
            &[
                ("action", "issue_fee_notice"),
                ("method", "per_page"),
                ("quantity", "45"),
                ("on", "2025-06-12"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    staff.on("2025-06-16");
    let bad = staff.act(id, &[("action", "record_payment"), ("amount", "100"), ("on", "2025-06-16")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("150元"));
    staff.act(id, &[("action", "record_payment"), ("amount", "150"), ("on", "2025-06-16")]).await;
    let dash = staff.get("/staff/requests").await;
    assert!(dash.body.contains("剩余 21 个工作日"), "07-15 after the fee pause");

    staff.on("2025-06-20");
    let r = staff
        .act(
            id,
            &[
                ("action", "decide"),
                ("outcome", "partly_granted"),
                ("reasoning", "第三方经营信息不予公开，<b>其余</b>予以公开"),
                ("on", "2025-06-20"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = staff.act(id, &[("action", "deliver"), ("method", "电子邮件"), ("on", "2025-06-20")]).await;
    assert!(r.body.contains("已送达"));

    // Letters: receipt, correction, consultation, extension, fee, reply — with their facts.
    let letters = app.store.request_letters(id).await.unwrap();
    let kinds: Vec<&str> = letters.iter().map(|l| l.kind.key()).collect();
    assert_eq!(
        kinds,
        ["receipt", "correction_notice", "consultation_letter", "extension_notice", "fee_notice", "reply"]
    );
    let body = |k: &str| letters.iter().find(|l| l.kind.key() == k).unwrap().body.clone();
    assert!(body("receipt").contains(&number) && body("receipt").contains("2025年5月29日"));
    assert!(
        body("correction_notice").contains("请写明补贴年度")
            && body("correction_notice").contains("2025年5月16日")
    );
    assert!(
        body("consultation_letter").contains("示例农业合作社")
            && body("consultation_letter").contains("15个工作日")
    );
    assert!(
        body("extension_notice").contains("20个工作日") && body("extension_notice").contains("2025年7月11日")
    );
    assert!(body("fee_notice").contains("150") && body("fee_notice").contains("第五条"));
    assert!(body("fee_notice").contains("缴纳方式：通过本省非税收入缴款平台缴纳，缴款码随本通知送达。"));
    let reply = body("reply");
    assert!(reply.contains("第三十七条") && reply.contains("应当先向行政复议机关申请行政复议"), "{reply}");
    assert!(reply.contains("向乙市人民政府申请行政复议") && !reply.contains("上一级行政机关"), "{reply}");
    assert!(reply.contains("甲县人民政府\n2025年6月20日"), "signature block");
    // The printable letter escapes the handler's text.
    let reply_id = letters.last().unwrap().id;
    let page = staff.get(&format!("/staff/requests/{id}/letters/{reply_id}")).await;
    assert!(page.body.contains("&lt;b&gt;其余") && !page.body.contains("<b>其余"));
    let docx = staff.get(&format!("/staff/requests/{id}/letters/{reply_id}?format=docx")).await;
    assert_eq!(&docx.bytes[..2], b"PK");
    assert!(docx.headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap().contains("wordprocessingml"));

    // The applicant sees the timeline and their letters, not the letter to the third party
    // nor the staff's names.
    let mut applicant = app.other_browser();
    applicant.on("2025-06-20");
    let t = track(&mut applicant, &number, &code).await;
    assert!(t.body.contains("已送达") && t.body.contains("部分公开"));
    assert!(t.body.contains("政府信息公开申请答复书") && !t.body.contains("征求意见书"));
    assert!(!t.body.contains("示例农业合作社") && !t.body.contains("approver名"), "no third party, no staff");
    let csrf = hidden(&t.body, "csrf_token");
    let l = applicant
        .post(
            &format!("/track/letters/{reply_id}"),
            &[("csrf_token", &csrf), ("number", &number), ("code", &code)],
        )
        .await;
    assert_eq!(l.status, StatusCode::OK);
    assert!(l.body.contains("政府信息公开申请答复书"));
    assert!(t.body.contains("下载 PDF"), "PDF as well as Word (issue 13)");
    let pdf = applicant
        .post(
            &format!("/track/letters/{reply_id}"),
            &[("csrf_token", &csrf), ("number", &number), ("code", &code), ("format", "pdf")],
        )
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers.get(header::CONTENT_TYPE).unwrap(), "application/pdf");
    assert!(pdf.bytes.starts_with(b"%PDF"), "a PDF");
    assert!(pdf.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().contains(".pdf"));
    let consult_id = letters[2].id;
    let l = applicant
        .post(
            &format!("/track/letters/{consult_id}"),
            &[("csrf_token", &csrf), ("number", &number), ("code", &code)],
        )
        .await;
    assert_eq!(l.status, StatusCode::NOT_FOUND);
    // Every change is in the audit log, and the chain holds.
    let audit = app.store.audit_after(0, 10_000).await.unwrap();
    assert!(audit.iter().filter(|e| e.action.starts_with("request.")).count() >= 11);
    assert!(gongkai_domain::audit::verify_chain(&audit).is_ok());
}

/// Issue 13, defect 1: an extension after the due date is refused (条例第三十三条第二款) on the
/// page and through the API, and the request stays 已逾期 with its due date on the request
/// page, the dashboard and the supervisor's table, also after a later action.
#[tokio::test]
async fn late_extension_is_refused_and_the_request_stays_overdue() {
    late_extension_story(setup("2025-04-28").await).await;
}

#[tokio::test]
async fn postgres_late_extension_is_refused_and_the_request_stays_overdue() {
    if let Some(app) = setup_postgres("2025-04-28").await {
        late_extension_story(app).await;
    }
}

async fn late_extension_story(mut app: App) {
    let dept = app.agencies[1];
    let u = NewUser {
        agency_id: dept,
        username: "dept_approver".into(),
        display_name: "dept_approver名".into(),
        roles: vec![Role::Approver],
        password_hash: gongkai_web::auth::hash_password(PW).unwrap(),
    };
    app.store.create_user(&Actor::system(), u).await.unwrap();
    let r = file_on_portal(&mut app, dept, &[]).await;
    let number = codes(&r.body)[0].clone();
    let id = app.store.find_request_by_number(&number).await.unwrap().unwrap().0.id;
    let mut editor = app.other_browser();
    editor.login("dept_editor").await;
    let r = editor.act(id, &[("action", "confirm_receipt"), ("on", "2025-04-28")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("2025-05-29"), "due 20 working days after 04-28");

    // 05-30 and 06-03 (after 端午) are the two working days past the due date.
    let mut approver = app.other_browser();
    approver.on("2025-06-03");
    approver.login("dept_approver").await;
    let fields =
        [("action", "extend"), ("on", "2025-06-03"), ("workdays", "20"), ("reason", "需调取多年档案")];
    let r = approver.act(id, &fields).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("答复期限已于2025年5月29日届满") && r.body.contains("条例第三十三条第二款"));
    let version = app.store.get_request(id).await.unwrap().unwrap().version;
    let body = json!({"version": version, "action": {"action": "extend", "on": "2025-06-03", "workdays": 20, "reason": "需调取多年档案"}});
    let r = approver.json("POST", &format!("/api/v1/requests/{id}/actions"), &body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let err: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(err["error"]["code"], "extension_after_due");
    assert!(err["error"]["message"].as_str().unwrap().contains("条例第三十三条第二款"));
    let rec = app.store.get_request(id).await.unwrap().unwrap();
    assert!(rec.facts.extension.is_none() && rec.version == version, "nothing recorded");

    // A consultation started after the due date is recorded but cannot stop a clock that has
    // run out: the request stays overdue, with its due date.
    editor.on("2025-06-03");
    let r = editor
        .act(
            id,
            &[
                ("action", "start_consultation"),
                ("consultation_kind", "third_party"),
                ("party", "示例农业合作社"),
                ("matter", "经营信息"),
                ("on", "2025-06-03"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    for who in [&mut editor, &mut approver] {
        let page = who.get(&format!("/staff/requests/{id}")).await;
        assert!(page.body.contains("已逾期 2 个工作日"), "{}", page.body);
        assert!(page.body.contains("<strong>2025-05-29</strong>"), "current due date shown");
        assert!(page.body.contains("不再中止计算"), "the late consultation is named");
        assert!(!page.body.contains("待确认收到") && !page.body.contains("尚未确认收到申请"));
        let dash = who.get("/staff/requests").await;
        assert!(dash.body.contains("已逾期 2 个工作日"), "{}", dash.body);
        assert!(dash.body.contains("<span class=\"n\">1</span> 件已逾期"), "the counter counts it");
    }
    let api: Value = serde_json::from_str(&editor.get("/api/v1/requests").await.body).unwrap();
    let item = &api["items"][0];
    assert_eq!((item["overdue"].as_i64(), item["due_on"].as_str()), (Some(2), Some("2025-05-29")), "{api}");
    let api: Value = serde_json::from_str(&editor.get(&format!("/api/v1/requests/{id}")).await.body).unwrap();
    assert_eq!(api["clock"]["status"], "overdue", "{api}");
    // The county's supervisor sees the department's overdue request in the subordinate table.
    let mut sup = app.other_browser();
    sup.on("2025-06-03");
    sup.login("super").await;
    let dash = sup.get("/staff/requests").await;
    assert!(
        dash.body.contains(&format!(
            "<a href=\"/staff/requests?agency={dept}\">甲县教育局</a></td><td>1</td><td>1</td>"
        )),
        "{}",
        dash.body
    );
}

#[tokio::test]
async fn two_staff_acting_at_once_get_a_conflict_not_a_lost_update() {
    let mut app = setup("2025-04-28").await;
    let county = app.county;
    let r = file_on_portal(&mut app, county, &[]).await;
    let id = app.store.find_request_by_number(&codes(&r.body)[0]).await.unwrap().unwrap().0.id;
    let mut a = app.other_browser();
    a.login("editor").await;
    let mut b = app.other_browser();
    b.login("editor2").await;
    // Both open the page at version 1.
    let page_a = a.get(&format!("/staff/requests/{id}")).await;
    let page_b = b.get(&format!("/staff/requests/{id}")).await;
    let (ca, va) = (hidden(&page_a.body, "csrf_token"), hidden(&page_a.body, "version"));
    let (cb, vb) = (hidden(&page_b.body, "csrf_token"), hidden(&page_b.body, "version"));
    let ra = a
        .post(
            &format!("/staff/requests/{id}/action"),
            &[("csrf_token", &ca), ("version", &va), ("action", "confirm_receipt"), ("on", "2025-04-28")],
        )
        .await;
    assert_eq!(ra.status, StatusCode::OK);
    let rb = b
        .post(
            &format!("/staff/requests/{id}/action"),
            &[
                ("csrf_token", &cb),
                ("version", &vb),
                ("action", "withdraw"),
                ("on", "2025-04-28"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(rb.status, StatusCode::CONFLICT);
    assert!(rb.body.contains("已被其他工作人员更新"));
    let rec = app.store.get_request(id).await.unwrap().unwrap();
    assert_eq!(rec.facts.state.key(), "in_progress", "the first action stands, the second changed nothing");
    // The same through the API.
    let r = a
        .json(
            "POST",
            &format!("/api/v1/requests/{id}/actions"),
            &json!({"version": 1, "action": {"action": "close", "on": "2025-04-28"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    let r = a
        .json(
            "POST",
            &format!("/api/v1/requests/{id}/actions"),
            &json!({"version": 2, "action": {"action": "close", "on": "2025-04-28"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "not allowed in this state");
    assert_eq!(serde_json::from_str::<Value>(&r.body).unwrap()["error"]["code"], "invalid_state");
    let r = a.json("POST", &format!("/api/v1/requests/{id}/actions"), &json!({"version": 2, "action": {"action": "assign", "handler_id": 2, "handler_name": "editor2名"}})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["version"], 3);
    assert!(v["allowed_actions"].as_array().unwrap().iter().any(|a| a == "decide"));
}

#[tokio::test]
async fn other_agencies_see_nothing_and_supervisors_only_read() {
    let mut app = setup("2025-04-28").await;
    let county = app.county;
    let r = file_on_portal(&mut app, county, &[]).await;
    let id = app.store.find_request_by_number(&codes(&r.body)[0]).await.unwrap().unwrap().0.id;
    let mut dept = app.other_browser();
    dept.login("dept_editor").await;
    assert_eq!(dept.get(&format!("/staff/requests/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(dept.get(&format!("/api/v1/requests/{id}")).await.status, StatusCode::NOT_FOUND);
    assert!(!dept.get("/staff/requests").await.body.contains("王小明"));
    // A department request, read by the county's supervisor, who may not act on it.
    let dept_id = app.agencies[1];
    let r = file_on_portal(&mut app, dept_id, &[]).await;
    let did = app.store.find_request_by_number(&codes(&r.body)[0]).await.unwrap().unwrap().0.id;
    let mut sup = app.other_browser();
    sup.login("super").await;
    let page = sup.get(&format!("/staff/requests/{did}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("只能查看") && !page.body.contains("name=\"action\""));
    let dash = sup.get("/staff/requests").await;
    assert!(dash.body.contains("下级机关办理情况") && dash.body.contains("甲县教育局"));
    let r = sup
        .json(
            "POST",
            &format!("/api/v1/requests/{did}/actions"),
            &json!({"version": 1, "action": {"action": "confirm_receipt", "on": "2025-04-28"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Anonymous staff pages redirect to the login.
    let mut anon = app.other_browser();
    let r = anon.get(&format!("/staff/requests/{id}")).await;
    assert!(r.status == StatusCode::SEE_OTHER || r.status == StatusCode::UNAUTHORIZED, "{}", r.status);
}

#[tokio::test]
async fn staff_intake_by_registered_mail_sets_the_receipt_date_and_letter() {
    let mut app = setup("2025-03-10").await;
    let mut staff = app.other_browser();
    staff.login("editor").await;
    let page = staff.get("/staff/requests/new").await;
    let csrf = hidden(&page.body, "csrf_token");
    let mut fields = apply_fields(&csrf);
    fields.retain(|(k, _)| *k != "delivery" && *k != "form");
    fields.extend([
        ("form", "paper".into()),
        ("delivery", "post".into()),
        ("channel", "registered-mail".into()),
        ("submitted_on", "2025-03-05".into()),
        ("received_on", "".into()),
    ]);
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = staff.multipart("/staff/requests/new", &refs, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "registered mail needs the signing date");
    assert!(r.body.contains("签收日期"));
    let mut fields = fields.clone();
    fields.iter_mut().find(|(k, _)| *k == "received_on").unwrap().1 = "2025-03-06".into();
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = staff
        .multipart("/staff/requests/new", &refs, &[("files", "scan.pdf", b"%PDF-1.4 scan\n%%EOF\n".to_vec())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let number = codes(&r.body)[0].clone();
    let rec = app.store.find_request_by_number(&number).await.unwrap().unwrap().0;
    assert_eq!(rec.facts.received_on, Some(d("2025-03-06")));
    let letters = app.store.request_letters(rec.id).await.unwrap();
    assert_eq!(letters.len(), 1);
    assert!(letters[0].body.contains(&number), "the receipt names the assigned number");
    assert!(letters[0].body.contains("第三十一条") && letters[0].body.contains("20个工作日"));
    // The printable receipt on the page carries the 查询码; the stored letter never does.
    let code = codes(&r.body)[1].clone();
    assert!(
        r.body.contains(&format!("查询码：{code}")) && r.body.contains("printable-receipt"),
        "{}",
        r.body
    );
    assert!(!letters[0].body.contains(&code));
    // A request received in 2018 is under the 2008 条例 (issue 13): its receipt cites that
    // regulation's 第二十四条 and 15 working days, never 2019's 第三十一条.
    let mut fields = fields.clone();
    for (k, v) in fields.iter_mut() {
        match *k {
            "submitted_on" => *v = "2018-06-04".into(),
            "received_on" => *v = "2018-06-05".into(),
            _ => {}
        }
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = staff.multipart("/staff/requests/new", &refs, &[]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let number = codes(&r.body)[0].clone();
    let rec = app.store.find_request_by_number(&number).await.unwrap().unwrap().0;
    let receipt = &app.store.request_letters(rec.id).await.unwrap()[0].body;
    assert!(receipt.contains("国务院令第492号") && receipt.contains("第二十四条"), "{receipt}");
    assert!(receipt.contains("15个工作日") && !receipt.contains("第三十一条"), "{receipt}");
    let _ = &mut app;
}

#[tokio::test]
async fn letter_templates_are_checked_and_used() {
    let mut app = setup("2025-04-28").await;
    let mut admin = app.other_browser();
    admin.login("admin").await;
    let page = admin.get("/staff/letter-templates?kind=receipt").await;
    assert!(page.body.contains("系统默认模板"));
    let csrf = hidden(&page.body, "csrf_token");
    let r = admin
        .post(
            "/staff/letter-templates",
            &[("csrf_token", &csrf), ("kind", "receipt"), ("body", "{{ applicant_name ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("模板语法错误"));
    let r = admin
        .post(
            "/staff/letter-templates",
            &[("csrf_token", &csrf), ("kind", "receipt"), ("body", "{{ unknown_name }}")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "unknown placeholders are refused");
    // Placeholders by their Chinese names (issue 13): shown that way, typed that way, with a legend.
    assert!(page.body.contains("{{申请人}}") && page.body.contains("{{受理编号}}"), "{}", page.body);
    assert!(!page.body.contains("{{ applicant_name }}"), "no English names on the page");
    let r = admin
        .post(
            "/staff/letter-templates",
            &[("csrf_token", &csrf), ("kind", "receipt"), ("body", "{{某某人}}：")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("不是可用的占位符") && r.body.contains("{{某某人}}"), "{}", r.body);
    let r = admin
        .post(
            "/staff/letter-templates",
            &[
                ("csrf_token", &csrf),
                ("kind", "receipt"),
                ("body", "{{申请人}}：\n\n已收到您的申请 {{ 受理编号 }}。\n\n{{本机关}}\n{{落款日期}}"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("{{申请人}}：") && r.body.contains("{{受理编号}}"), "shown back in Chinese");
    let county = app.county;
    let r = file_on_portal(&mut app, county, &[]).await;
    let id = app.store.find_request_by_number(&codes(&r.body)[0]).await.unwrap().unwrap().0.id;
    let mut staff = app.other_browser();
    staff.login("editor").await;
    staff.act(id, &[("action", "confirm_receipt"), ("on", "2025-04-28")]).await;
    let letters = app.store.request_letters(id).await.unwrap();
    assert!(letters[0].body.starts_with("王小明：\n\n已收到您的申请 2025-"), "{}", letters[0].body);
    // Editors may read but not change templates.
    let page = staff.get("/staff/letter-templates").await;
    assert!(page.body.contains("只有管理员或审签领导可以修改模板"));
}

#[tokio::test]
async fn reconsideration_register_records_cases() {
    let mut app = setup("2025-06-30").await;
    let mut staff = app.other_browser();
    staff.login("editor").await;
    let page = staff.get("/staff/cases").await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = staff
        .post(
            "/staff/cases",
            &[
                ("csrf_token", &csrf),
                ("kind", "reconsideration"),
                ("body", "甲市人民政府"),
                ("filed_on", "2025-05-01"),
                ("result", "upheld"),
                ("closed_on", ""),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请填写审结日期") && r.body.contains("甲市人民政府"));
    let r = staff
        .post(
            "/staff/cases",
            &[
                ("csrf_token", &csrf),
                ("kind", "reconsideration"),
                ("body", "甲市人民政府"),
                ("case_number", "甲复〔2025〕3号"),
                ("filed_on", "2025-05-01"),
                ("result", "upheld"),
                ("closed_on", "2025-06-20"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let list = staff.get("/staff/cases?saved=1").await;
    assert!(
        list.body.contains("甲复〔2025〕3号")
            && list.body.contains("结果维持")
            && list.body.contains("已保存")
    );
    let api = staff.get("/api/v1/cases").await;
    assert!(api.body.contains("甲复〔2025〕3号"));
    // Documents of the case.
    let case_id = app.store.list_cases(&[app.county]).await.unwrap()[0].id;
    let page = staff.get(&format!("/staff/cases/{case_id}")).await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = staff
        .multipart(
            &format!("/staff/cases/{case_id}/files"),
            &[("csrf_token", &csrf)],
            &[("files", "复议决定书.pdf", b"%PDF-1.4 x\n%%EOF\n".to_vec())],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(staff.get(&format!("/staff/cases/{case_id}")).await.body.contains("复议决定书.pdf"));
    let _ = &mut app;
}

#[tokio::test]
async fn agencies_may_confirm_online_applications_on_the_next_working_day() {
    // Filed on Friday 2025-04-25; 04-27 (Sunday) is a make-up working day in 2025.
    let mut app = setup("2025-04-25").await;
    let county = app.county;
    let r = file_on_portal(&mut app, county, &[]).await;
    let number = codes(&r.body)[0].clone();
    let mut admin = app.other_browser();
    admin.login("admin").await;
    let page = admin.get("/staff/agency").await;
    let csrf = hidden(&page.body, "csrf_token");
    let r =
        admin.post("/staff/agency/requests", &[("csrf_token", &csrf), ("auto_confirm_online", "1")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(admin.get("/staff/agency?saved=1").await.body.contains("checked"));
    // Nothing yet on the filing day.
    let state = AppState::new(app.store.clone(), app.config.clone());
    assert_eq!(gongkai_app::requests::auto_confirm_sweep(&state).await.unwrap(), 0);
    app.on("2025-04-28");
    let state = AppState::new(app.store.clone(), app.config.clone());
    assert_eq!(gongkai_app::requests::auto_confirm_sweep(&state).await.unwrap(), 1);
    let rec = app.store.find_request_by_number(&number).await.unwrap().unwrap().0;
    assert_eq!(rec.facts.received_on, Some(d("2025-04-27")), "the make-up Sunday is a working day");
    assert_eq!(app.store.request_letters(rec.id).await.unwrap()[0].kind.key(), "receipt");
    assert_eq!(gongkai_app::requests::auto_confirm_sweep(&state).await.unwrap(), 0, "idempotent");
}

/// Files `n` requests at the county through the service, received on `received`, and decides
/// them `decided` (or leaves them open), as the editor.
async fn decided_requests(app: &App, n: usize, received: &str, decided: Option<(&str, &str)>) -> Vec<String> {
    let state = AppState::new(app.store.clone(), app.config.clone());
    let county = app.store.get_agency(app.county).await.unwrap().unwrap();
    let editor = app.store.find_login("editor").await.unwrap().unwrap().0;
    let mut numbers = Vec::new();
    for i in 0..n {
        let input = gongkai_domain::request::ApplicationInput {
            kind: if i % 2 == 0 { "natural_person".into() } else { "nonprofit".into() },
            name: "申请人".into(),
            id_type: if i % 2 == 0 { "resident_id".into() } else { "other".into() },
            id_number: if i % 2 == 0 { "11010519491231002X".into() } else { "登记证 123".into() },
            phone: "13800138000".into(),
            description: format!("请公开第{i}项信息"),
            form: "paper".into(),
            delivery: "pickup".into(),
            ..Default::default()
        };
        let intake = gongkai_app::requests::Intake {
            agency: county.clone(),
            application: gongkai_domain::request::validate(&input).unwrap(),
            channel: gongkai_domain::clock::Channel::InPerson,
            submitted_on: d(received),
            received_on: Some(d(received)),
            files: vec![],
        };
        let (rec, _) = gongkai_app::requests::submit(&state, &Actor::user(&editor), intake).await.unwrap();
        if let Some((on, outcome)) = decided {
            let action = gongkai_domain::request::Action::Decide {
                on: d(on),
                outcome: gongkai_domain::request::Outcome::from_key(outcome).unwrap(),
                basis: String::new(),
                reasoning: "答复内容".into(),
            };
            gongkai_app::requests::perform(&state, &editor, rec.id, rec.version, action).await.unwrap();
        }
        numbers.push(rec.number);
    }
    numbers
}

/// The editor's form with every part a person must write filled in.
fn written(csrf: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("csrf_token", csrf),
        ("section_overview", "本机关认真贯彻落实条例。"),
        ("section_overview_management", "严格执行保密审查制度。"),
        ("section_overview_platforms", "政府网站专栏运行正常。"),
        ("section_overview_supervision", "组织培训两次。"),
        ("section_problems", "公开栏更新不够及时。"),
        ("published_on", "2026-01-20"),
    ]
}

/// 锁定并发布 in two steps: the first post shows what becomes public, the confirmed one locks.
async fn publish(staff: &mut App, csrf: &str) {
    let r = staff.post("/staff/reports/2025/lock", &written(csrf)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("确认发布") && r.body.contains("发布后公开的内容"), "{}", r.body);
    let r = staff
        .post(
            "/staff/reports/2025/lock",
            &[("csrf_token", csrf), ("published_on", "2026-01-20"), ("confirm", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers.get(header::LOCATION).unwrap(), "/staff/reports/2025?published=1");
}

/// Issue 13, defect 2: the publish button posts the editor's text, which is saved before
/// anything else; an empty section of the format (or an error) refuses publishing and says so,
/// and nothing becomes public without the confirmation step.
#[tokio::test]
async fn publishing_keeps_typed_text_and_refuses_an_empty_section() {
    let app = setup("2026-01-20").await;
    let mut staff = app.other_browser();
    staff.login("approver").await;
    let page = staff.get("/staff/reports/2025").await;
    assert!(
        page.body.contains("formaction=\"/staff/reports/2025/lock\""),
        "publish is part of the editor's form"
    );
    let csrf = hidden(&page.body, "csrf_token");
    let r = staff
        .post(
            "/staff/reports/2025/lock",
            &[
                ("csrf_token", &csrf),
                ("section_overview", "本机关认真贯彻落实条例。"),
                ("section_problems", ""),
                ("published_on", "2026-01-20"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("已保存草稿，但不能发布"), "{}", r.body);
    let alert = r.body.split("role=\"alert\">").nth(1).and_then(|t| t.split('<').next()).unwrap_or_default();
    assert!(alert.contains("（三）政府信息管理”部分没有内容"), "the empty part is named: {alert}");
    let editor = staff.get("/staff/reports/2025").await;
    assert!(editor.body.contains("本机关认真贯彻落实条例。"), "typed text kept");
    assert!(!editor.body.contains("已锁定"), "not published");
    let mut public = app.other_browser();
    let r = public.get(&format!("/agencies/{}/annual-reports/2025", app.county)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "nothing public");
    // With every section written: the confirmation page, nothing public yet, then published.
    let r = staff.post("/staff/reports/2025/lock", &written(&csrf)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("确认发布"), "{}", r.body);
    assert_eq!(
        public.get(&format!("/agencies/{}/annual-reports/2025", app.county)).await.status,
        StatusCode::NOT_FOUND
    );
    publish(&mut staff, &csrf).await;
    // Listed in the catalog as its own kind, with its downloads (issue 13).
    let listed = public.get("/catalog?genre=annual_report").await;
    assert_eq!(listed.status, StatusCode::OK);
    let listed = listed.page();
    assert!(listed.contains("甲县人民政府2025年政府信息公开工作年度报告"), "{listed}");
    assert!(listed.contains(&format!("/agencies/{}/annual-reports/2025/report.pdf", app.county)));
    assert!(listed.contains("共 1 条"));
    assert!(public.get("/catalog?genre=annual_report&year=2024").await.body.contains("共 0 条"));
    let published = public.get(&format!("/agencies/{}/annual-reports/2025", app.county)).await;
    assert_eq!(published.status, StatusCode::OK);
    assert!(published.body.contains("公开栏更新不够及时"));
    // Published reports are found by search (issue 13).
    let found = public.get(&format!("/search?q={}", enc("政府信息公开工作年度报告"))).await;
    assert!(found.body.contains("甲县人民政府2025年"), "{}", found.body);
    assert!(found.body.contains(&format!("/agencies/{}/annual-reports/2025", app.county)), "{}", found.body);
}

#[tokio::test]
async fn annual_report_is_counted_from_records_locked_published_and_corrected() {
    let mut app = setup("2026-01-20").await;
    let granted = decided_requests(&app, 3, "2025-03-03", Some(("2025-03-20", "granted"))).await;
    decided_requests(&app, 1, "2025-12-29", None).await;
    decided_requests(&app, 2, "2024-12-30", Some(("2025-01-15", "unavailable_not_held"))).await;
    let mut staff = app.other_browser();
    staff.login("approver").await;
    let page = staff.get("/staff/reports/2025").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("甲县人民政府2025年政府信息公开工作年度报告"));
    // The 表三 cell of 予以公开/总计 links to the three requests behind it.
    let link = "/staff/reports/2025/cells?key=table3.granted.total";
    assert!(page.body.contains("cells?key=table3.granted.total"), "clickable cell");
    let cell = staff.get(link).await;
    for n in &granted {
        assert!(cell.body.contains(n.as_str()), "{n} listed");
    }
    // JSON export: report-json shape, identities hold, numbers from the records.
    let json = staff.get("/staff/reports/2025/report.json").await;
    assert_eq!(json.status, StatusCode::OK);
    let doc: gongkai_domain::report::AnnualReport = serde_json::from_str(&json.body).unwrap();
    let t3 = doc.table3.as_ref().unwrap();
    use gongkai_domain::report::{RequestColumn as C, RequestRow as R};
    assert_eq!(t3.get(R::NewReceived, C::Total), Some(4));
    assert_eq!(t3.get(R::CarriedOver, C::Total), Some(2));
    assert_eq!(t3.get(R::Granted, C::NaturalPerson), Some(2));
    assert_eq!(t3.get(R::Granted, C::NonProfit), Some(1));
    assert_eq!(t3.get(R::UnavailableNotHeld, C::Total), Some(2));
    assert_eq!(t3.get(R::CarriedForward, C::Total), Some(1));
    assert!(doc.violations().is_empty());
    for (ext, magic) in [("docx", &b"PK"[..]), ("xlsx", b"PK"), ("pdf", b"%PDF")] {
        let r = staff.get(&format!("/staff/reports/2025/report.{ext}")).await;
        assert_eq!(r.status, StatusCode::OK, "{ext}");
        assert!(r.bytes.starts_with(magic), "{ext}");
    }
    assert_eq!(staff.get("/staff/reports/2025/report.exe").await.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Written text, then lock and publish.
    let csrf = hidden(&page.body, "csrf_token");
    let r = staff
        .post(
            "/staff/reports/2025/save",
            &[("csrf_token", &csrf), ("section_problems", "公开栏更新不够及时。")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(staff.get("/staff/reports/2025").await.body.contains("公开栏更新不够及时"));
    let r = staff
        .post("/staff/reports/2025/lock", &[("csrf_token", &csrf), ("published_on", "2025-12-01")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a date before the year ends is refused");
    publish(&mut staff, &csrf).await;
    assert!(staff.get("/staff/reports/2025?published=1").await.body.contains("已发布"));
    let mut public = app.other_browser();
    let agency_page = public.get(&format!("/agencies/{}", app.county)).await;
    assert!(
        agency_page.body.contains("annual-reports&#x2f;2025")
            || agency_page.body.contains("annual-reports/2025")
    );
    let published = public.get(&format!("/agencies/{}/annual-reports/2025", app.county)).await;
    assert_eq!(published.status, StatusCode::OK);
    assert!(published.body.contains("公开栏更新不够及时"));
    // The public downloads what was published (issue 13).
    for (file, magic) in [("report.pdf", &b"%PDF"[..]), ("report.docx", b"PK"), ("report.xlsx", b"PK")] {
        let r = public.get(&format!("/agencies/{}/annual-reports/2025/{file}", app.county)).await;
        assert_eq!(r.status, StatusCode::OK, "{file}");
        assert!(r.bytes.starts_with(magic), "{file}");
        assert!(published.body.contains(&format!("/annual-reports/2025/{file}")), "linked: {file}");
    }
    assert_eq!(
        public.get(&format!("/agencies/{}/annual-reports/2025/report.exe", app.county)).await.status,
        StatusCode::NOT_FOUND
    );
    // Locked: editing is refused; new records do not change the published numbers.
    let r =
        staff.post("/staff/reports/2025/save", &[("csrf_token", &csrf), ("section_problems", "改")]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    decided_requests(&app, 1, "2025-06-02", Some(("2025-06-20", "granted"))).await;
    let json = staff.get("/staff/reports/2025/report.json").await;
    let locked: gongkai_domain::report::AnnualReport = serde_json::from_str(&json.body).unwrap();
    assert_eq!(locked.table3.unwrap().get(R::NewReceived, C::Total), Some(4), "the published version stands");
    // A correction is a new version, with a visible diff once published.
    let r = staff.post("/staff/reports/2025/new-version", &[("csrf_token", &csrf)]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let json = staff.get("/staff/reports/2025/report.json").await;
    let v2: gongkai_domain::report::AnnualReport = serde_json::from_str(&json.body).unwrap();
    assert_eq!(
        v2.table3.unwrap().get(R::NewReceived, C::Total),
        Some(5),
        "the draft counts the records again"
    );
    publish(&mut staff, &csrf).await;
    let versions = staff.get("/staff/reports/2025/versions").await;
    assert!(versions.body.contains("第2版") && versions.body.contains("class=\"add\""), "{}", versions.body);
    let _ = &mut app;
}

#[tokio::test]
async fn report_years_registers_and_rollups() {
    let app = setup("2026-01-20").await;
    let mut staff = app.other_browser();
    staff.login("editor").await;
    assert_eq!(staff.get("/staff/reports/2007").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let legacy = staff.get("/staff/reports/2012").await;
    assert_eq!(legacy.status, StatusCode::OK, "a year with no data is a valid report of zeros");
    assert!(legacy.body.contains("2008年条例时期格式"));
    let page = staff.get("/staff/reports/2025/registers").await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = staff
        .post(
            "/staff/reports/2025/registers",
            &[
                ("csrf_token", &csrf),
                ("kind", "training"),
                ("on", "2025-04-01"),
                ("title", "培训"),
                ("attendees", "many"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = staff
        .post(
            "/staff/reports/2025/registers",
            &[
                ("csrf_token", &csrf),
                ("kind", "training"),
                ("on", "2025-04-01"),
                ("title", "全县政务公开培训"),
                ("attendees", "19"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let report = staff.get("/staff/reports/2025").await;
    assert!(report.body.contains("参加19人次"), "the register feeds the narrative");
    // The supervisor's overview, roll-up and breakdown.
    decided_requests(&app, 2, "2025-03-03", Some(("2025-03-20", "granted"))).await;
    let mut sup = app.other_browser();
    sup.login("super").await;
    let overview = sup.get("/staff/reports?year=2025").await;
    assert!(overview.body.contains("甲县教育局") && overview.body.contains("尚未发布"));
    let rollup = sup.get("/staff/reports/2025?rollup=1").await;
    assert!(rollup.body.contains("含所属机关汇总") && rollup.body.contains("甲县教育局"));
    let xlsx = sup.get("/staff/reports/2025/breakdown.xlsx").await;
    assert!(xlsx.bytes.starts_with(b"PK"));
    // Other agencies' reports are not readable across the tree.
    let mut dept = app.other_browser();
    dept.login("dept_editor").await;
    assert_eq!(
        dept.get(&format!("/staff/reports/2025?agency={}", app.county)).await.status,
        StatusCode::NOT_FOUND
    );
}

/// Issue 13: /staff is a to-do list — my requests by urgency with what they ask for, the agency's
/// most urgent when I handle none, the annual report's deadline, and supervisors' agencies.
#[tokio::test]
async fn the_dashboard_is_a_to_do_list() {
    let mut app = setup("2025-04-25").await;
    let county = app.county;
    let r = file_on_portal(&mut app, county, &[]).await;
    let number = codes(&r.body)[0].clone();
    let id = app.store.find_request_by_number(&number).await.unwrap().unwrap().0.id;
    let mut editor = app.other_browser();
    editor.login("editor").await;
    let page = editor.get("/staff").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("本机关最紧迫的申请") && page.body.contains(&number), "{}", page.body);
    assert!(page.body.contains("耕地地力保护补贴"), "what the request asks for");
    assert!(editor.get("/staff/requests").await.body.contains("耕地地力保护补贴"), "the list shows it too");
    assert!(page.body.contains("待确认收到"));
    assert!(page.body.contains("2024年政府信息公开工作年度报告") && page.body.contains("未开始"));
    assert!(!page.body.contains("本机关工作人员（"), "no staff list");
    // Assigned to me: it is listed as mine.
    let (me, _) = app.store.find_login("editor").await.unwrap().unwrap();
    let r = editor.act(id, &[("action", "assign"), ("handler_id", &me.id.to_string())]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let page = editor.get("/staff").await;
    assert!(page.body.contains("我承办的申请（1 件") && page.body.contains(&number), "{}", page.body);
    // A supervisor sees the agencies below with their counts, linked to their requests.
    let mut sup = app.other_browser();
    sup.login("super").await;
    let page = sup.get("/staff").await;
    assert!(page.body.contains("下级机关") && page.body.contains("甲县教育局"), "{}", page.body);
    assert!(page.body.contains("/staff/requests?agency="));
    // An admin sees the latest changes in words.
    let mut admin = app.other_browser();
    admin.login("admin").await;
    let page = admin.get("/staff").await;
    assert!(page.body.contains("最近操作") && page.body.contains("申请办理：指定承办人"), "{}", page.body);
}

async fn upload_released(staff: &mut App, id: i64, name: &str, data: Vec<u8>) -> Resp {
    let page = staff.get(&format!("/staff/requests/{id}")).await;
    let csrf = hidden(&page.body, "csrf_token");
    staff
        .multipart(
            &format!("/staff/requests/{id}/files"),
            &[("csrf_token", &csrf), ("role", "released")],
            &[("files", name, data)],
        )
        .await
}

/// Issue 13, defect 6: files released to the applicant go through the sensitive-content scanner;
/// delivery is refused while one is flagged, until the file is replaced by a masked copy or a
/// reason to release it as it is is given (recorded in the internal history only).
#[tokio::test]
async fn released_files_are_scanned_before_delivery() {
    let app = setup("2025-04-25").await;
    let numbers = decided_requests(&app, 2, "2025-04-01", Some(("2025-04-20", "granted"))).await;
    let id_of = |n: &str| {
        let store = app.store.clone();
        let n = n.to_owned();
        async move { store.find_request_by_number(&n).await.unwrap().unwrap().0.id }
    };
    let (a, b) = (id_of(&numbers[0]).await, id_of(&numbers[1]).await);
    let mut staff = app.other_browser();
    staff.login("editor").await;
    let flagged =
        gongkai_app::letters::docx("低保名单", "", "张三，身份证号 11010519491231002X，电话 13800138000。");
    let clean = gongkai_app::letters::docx("低保名单", "", "张三，城关镇，2025年4月起享受低保。");
    let r = upload_released(&mut staff, a, "名单.docx", flagged.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains("可能含有个人信息") && r.body.contains("《名单.docx》"),
        "flagged at upload: {}",
        r.body
    );
    assert!(!r.body.contains("11010519491231002X"), "the finding is shown masked");
    let r = staff.act(a, &[("action", "deliver"), ("method", "电子邮件"), ("on", "2025-04-21")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("暂不能送达"), "{}", r.body);
    let rec = app.store.get_request(a).await.unwrap().unwrap();
    assert!(rec.facts.delivery.is_none(), "not delivered");
    // Replace the file by a masked copy: delivery goes through.
    let file_id = app.store.list_files(&format!("request:{a}")).await.unwrap()[0].id;
    let page = staff.get(&format!("/staff/requests/{a}")).await;
    let csrf = hidden(&page.body, "csrf_token");
    let r =
        staff.post(&format!("/staff/requests/{a}/files/{file_id}/delete"), &[("csrf_token", &csrf)]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("已删除文件《名单.docx》"));
    let r = upload_released(&mut staff, a, "名单（去标识）.docx", clean).await;
    assert!(!r.body.contains("可能含有个人信息"), "{}", r.body);
    let r = staff.act(a, &[("action", "deliver"), ("method", "电子邮件"), ("on", "2025-04-21")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Delivered files stay.
    let file_id = app.store.list_files(&format!("request:{a}")).await.unwrap()[0].id;
    let page = staff.get(&format!("/staff/requests/{a}")).await;
    let csrf = hidden(&page.body, "csrf_token");
    let r =
        staff.post(&format!("/staff/requests/{a}/files/{file_id}/delete"), &[("csrf_token", &csrf)]).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    // Or a reason to release as it is (the applicant's own information), in the history.
    upload_released(&mut staff, b, "本人信息.docx", flagged).await;
    let r = staff
        .act(
            b,
            &[
                ("action", "deliver"),
                ("method", "当面领取"),
                ("on", "2025-04-21"),
                ("sensitive_override", "申请人本人的信息"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("保留理由：申请人本人的信息"), "{}", r.body);
    let events = app.store.request_events(b).await.unwrap();
    let last = events.last().unwrap();
    assert!(
        last.summary.contains("保留理由")
            && !last.public_summary.as_deref().unwrap_or("").contains("保留理由")
    );
}

/// Issue 13, defect 5: 表二 is shown in the report editor with where each figure comes from, and
/// its figures from outside the catalog are edited there (saved with the text, as a register
/// entry; a bad figure is refused without losing the text).
#[tokio::test]
async fn table2_is_shown_and_edited_in_the_report_editor() {
    let app = setup("2026-01-20").await;
    let mut staff = app.other_browser();
    staff.login("approver").await;
    let page = staff.get("/staff/reports/2025").await;
    assert!(
        page.body.contains("表二 主动公开政府信息情况") && page.body.contains("工作台账"),
        "{}",
        page.body
    );
    let csrf = hidden(&page.body, "csrf_token");
    let save = |fields: Vec<(&'static str, &'static str)>| {
        let mut v = vec![("csrf_token", csrf.clone())];
        v.extend(fields.into_iter().map(|(k, x)| (k, x.to_owned())));
        v
    };
    let form = save(vec![
        ("section_problems", "公开栏更新不够及时。"),
        ("t2_licensing", "abc"),
        ("t2_source", "审批系统"),
    ]);
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = staff.post("/staff/reports/2025/save", &refs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("表二未保存") && r.body.contains("应为非负数字"), "{}", r.body);
    assert!(r.body.contains("公开栏更新不够及时"), "the text was saved");
    let form = save(vec![
        ("section_problems", "公开栏更新不够及时。"),
        ("t2_licensing", "12"),
        ("t2_fees_wan", "3.5"),
        ("t2_source", "审批系统"),
    ]);
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(staff.post("/staff/reports/2025/save", &refs).await.status, StatusCode::SEE_OTHER);
    let json = staff.get("/staff/reports/2025/report.json").await;
    let doc: gongkai_domain::report::AnnualReport = serde_json::from_str(&json.body).unwrap();
    use gongkai_domain::report::{ProactiveColumn as C, ProactiveRow as R};
    let t2 = doc.table2.unwrap();
    assert_eq!(t2.get(R::Licensing, C::Decisions), Some(12.0));
    assert_eq!(t2.get(R::FeesCollected, C::AmountWanYuan), Some(3.5));
    // The form shows the figures; saving them unchanged adds no register entry.
    let page = staff.get("/staff/reports/2025").await;
    assert!(
        page.body.contains("name=\"t2_licensing\" type=\"text\" inputmode=\"decimal\" value=\"12\""),
        "{}",
        page.body
    );
    assert_eq!(staff.post("/staff/reports/2025/save", &refs).await.status, StatusCode::SEE_OTHER);
    let entries = app.store.register_entries(app.county, 2025).await.unwrap();
    assert_eq!(entries.iter().filter(|e| e.kind == "table2").count(), 1);
}

/// Issue 19: the year's Excel 台账 — one workbook with every record behind the report: each request
/// with the 表三 rows it counts in, cases, publications, 留言, consultations and the registers;
/// Chinese headers; another agency's ledger is not found.
#[tokio::test]
async fn the_ledger_workbook_holds_every_record_of_the_year() {
    let app = setup("2026-01-20").await;
    let granted = decided_requests(&app, 2, "2025-03-03", Some(("2025-03-20", "granted"))).await;
    let open = decided_requests(&app, 1, "2025-12-29", None).await;
    let mut staff = app.other_browser();
    staff.login("approver").await;
    assert!(staff.get("/staff/reports/2025").await.body.contains("ledger.xlsx"), "linked from the report");
    let r = staff.get("/staff/reports/2025/ledger.xlsx").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.bytes.starts_with(b"PK"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.bytes.clone())).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/sharedStrings.xml").unwrap(), &mut strings).unwrap();
    let mut book = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book).unwrap();
    for sheet in ["依申请公开", "复议诉讼", "主动公开", "留言找错", "意见征集", "登记簿"]
    {
        assert!(book.contains(sheet), "sheet {sheet}");
    }
    for text in ["受理编号", "计入表三", "予以公开", "四、结转下年度继续办理"] {
        assert!(strings.contains(text), "{text}");
    }
    for n in granted.iter().chain(&open) {
        assert!(strings.contains(n.as_str()), "{n} listed");
    }
    let mut other = app.other_browser();
    other.login("dept_editor").await;
    let r = other.get(&format!("/staff/reports/2025/ledger.xlsx?agency={}", app.county)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
