//! The catalog through the real router, in process, on a fresh SQLite database per test (and
//! PostgreSQL when `GONGKAI_TEST_POSTGRES_URL` is set): drafting with attachments, the
//! scanner blocking release until findings are masked or overridden, 审签 with the 索引号,
//! the public page, search, API, feeds and sitemap, withdrawal, validity, permissions,
//! validation and version conflicts.

use super::common::*;

type App = TestApp;

/// 甲县人民政府 (editor, reviewer, approver, super) and 甲县城关镇人民政府 under it (town: all
/// three catalog roles).
fn seeded() -> Builder {
    TestApp::builder()
        .agency(AgencySeed::new("甲县人民政府").code("91350100M000100Y43").phone("0599-1234567"))
        .agency(
            AgencySeed::new("甲县城关镇人民政府").under(0).level(AgencyLevel::Township).phone("0599-1234567"),
        )
        .user(0, "editor", &[Role::Editor])
        .user(0, "reviewer", &[Role::Reviewer])
        .user(0, "approver", &[Role::Approver])
        .user(0, "super", &[Role::Supervisor])
        .user(1, "town", &[Role::Editor, Role::Reviewer, Role::Approver])
}

async fn setup(today: &str) -> App {
    seeded().today(today).build().await
}

async fn setup_postgres(today: &str) -> Option<App> {
    seeded().today(today).build_postgres().await
}

/// This module's own steps on the shared harness.
trait CatalogPages {
    /// Posts a form of the publication page (action or finding) with its CSRF token and version.
    async fn on_page(&mut self, id: i64, path: &str, fields: &[(&str, &str)]) -> Resp;
}

impl CatalogPages for TestApp {
    /// Posts a form of the publication page (action or finding) with its CSRF token and version.
    async fn on_page(&mut self, id: i64, path: &str, fields: &[(&str, &str)]) -> Resp {
        let page = self.get(&format!("/staff/catalog/{id}")).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let csrf = hidden(&page.body, "csrf_token");
        let version = self.store.get_publication(id).await.unwrap().unwrap().version.to_string();
        let mut form = vec![("csrf_token", csrf.as_str()), ("version", version.as_str())];
        form.extend_from_slice(fields);
        self.post(&format!("/staff/catalog/{id}/{path}"), &form).await
    }
}

/// Every hidden `fingerprint` value on the page, in order.
fn fingerprints(html: &str) -> Vec<String> {
    let marker = "name=\"fingerprint\" value=\"";
    let mut v: Vec<String> =
        html.split(marker).skip(1).map(|s| s.split('"').next().unwrap().to_string()).collect();
    v.dedup();
    v
}

const CSV: &str = "序号,姓名,身份证号码\n1,张某某,350102198001011233\n";

fn draft_fields<'a>(csrf: &'a str, title: &'a str, body: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("title", title),
        ("document_number", "甲政发〔2026〕3号"),
        ("formed_on", "2026-03-02"),
        ("topic", "民政、扶贫、救灾\\社会福利"),
        ("genre", "notice"),
        ("summary", "部署低保工作。"),
        ("keywords", "低保 救助"),
        ("statutory", "art20_11"),
        ("statutory", "art21c_social_assistance"),
        ("body_html", body),
    ]
}

/// Drafts an item as `editor`; returns its id.
async fn draft(app: &mut App, title: &str, body: &str, files: &[(&str, &str, Vec<u8>)]) -> i64 {
    let page = app.get("/staff/catalog/new").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = hidden(&page.body, "csrf_token");
    let r = app.multipart("/staff/catalog/new", &draft_fields(&csrf, title, body), files).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = r.headers[header::LOCATION].to_str().unwrap();
    loc.rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn story_draft_review_masking_signoff_search_feeds_withdrawal() {
    story(setup("2026-03-10").await).await;
}

/// The same story against PostgreSQL (CI's PostgreSQL suite: `-- postgres`).
#[tokio::test]
async fn postgres_catalog_story() {
    if let Some(app) = setup_postgres("2026-03-10").await {
        story(app).await;
    }
}

async fn story(app: App) {
    let mut editor = app.other_browser();
    editor.login("editor").await;
    let body = "<p>低保咨询电话 13905981234。</p><script>alert(1)</script>";
    let id = draft(
        &mut editor,
        "关于做好2026年城乡低保工作的通知",
        body,
        &[("files", "名单.csv", CSV.as_bytes().to_vec())],
    )
    .await;
    let page = editor.get(&format!("/staff/catalog/{id}")).await;
    assert!(page.body.contains("草稿"), "{}", page.body);
    assert!(!page.body.contains("<script>alert"), "the body is sanitised");
    assert!(page.body.contains("手机号码") && page.body.contains("身份证号码"), "both findings listed");
    assert!(
        page.body.contains("名单.csv") && page.body.contains("第 2 行"),
        "the attachment finding has its place"
    );
    assert!(page.body.contains("2026年3月30日"), "the 第二十六条 date is shown");
    // The editor submits; the editor cannot review.
    assert_eq!(editor.on_page(id, "action", &[("action", "submit")]).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        editor.on_page(id, "action", &[("action", "pass_review")]).await.status,
        StatusCode::FORBIDDEN
    );

    let mut reviewer = app.other_browser();
    reviewer.login("reviewer").await;
    let blocked = reviewer.on_page(id, "action", &[("action", "pass_review")]).await;
    assert_eq!(blocked.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", blocked.body);
    assert!(blocked.body.contains("还有 2 处敏感信息"), "{}", blocked.body);
    let page = reviewer.get(&format!("/staff/catalog/{id}")).await;
    let fps = fingerprints(&page.body);
    assert_eq!(fps.len(), 2, "{fps:?}");
    // Mask the mobile number in the body, and the ID number in the CSV attachment.
    for fp in &fps {
        let r = reviewer.on_page(id, "finding", &[("fingerprint", fp), ("op", "mask")]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let page = reviewer.get(&format!("/staff/catalog/{id}")).await;
    assert!(
        page.body.contains("所有检查结果均已处理") || page.body.contains("未发现敏感信息"),
        "{}",
        page.body
    );
    assert!(page.body.contains("139****1234"), "masked in the body");
    assert!(page.body.contains("已去标识化"));
    let rec = app.store.get_publication(id).await.unwrap().unwrap();
    let att = &app.store.attachments(id).await.unwrap()[0];
    let (_, data) = app.store.get_attachment(att.id).await.unwrap().unwrap();
    assert!(String::from_utf8(data).unwrap().contains("35*************233"), "the CSV is rewritten masked");
    assert!(!rec.facts.content.body_html.contains("13905981234"));
    assert_eq!(
        reviewer.on_page(id, "action", &[("action", "pass_review"), ("note", "无涉密")]).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(reviewer.on_page(id, "action", &[("action", "publish")]).await.status, StatusCode::FORBIDDEN);

    let mut approver = app.other_browser();
    approver.login("approver").await;
    let r = approver.on_page(id, "action", &[("action", "publish")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let rec = app.store.get_publication(id).await.unwrap().unwrap();
    assert_eq!(rec.index_number.as_deref(), Some("M000100Y4/2026-00001"));
    assert_eq!(rec.facts.published_on, Some(d("2026-03-10")));
    assert!(!rec.published_late);
    let steps: Vec<&str> = rec.facts.history.iter().map(|h| h.kind.key()).collect();
    assert_eq!(steps, ["create", "submit", "mask", "mask", "pass_review", "publish"]);

    // The public sees it everywhere.
    let mut public = app.other_browser();
    let p = public.get(&format!("/publications/{id}")).await;
    assert_eq!(p.status, StatusCode::OK);
    for s in [
        "M000100Y4&#x2f;2026-00001",
        "民政、扶贫、救灾",
        "甲县人民政府",
        "2026年3月2日",
        "甲政发〔2026〕3号",
        "有效",
        "名单.csv",
    ] {
        assert!(p.body.contains(s), "{s} missing");
    }
    let list = public.get("/catalog").await;
    assert!(list.body.contains("关于做好2026年城乡低保工作的通知"));
    let s = public.get(&format!("/search?q={}", enc("低保"))).await;
    assert!(s.body.contains("<mark>低保</mark>"), "{}", s.body);
    let api: Value =
        serde_json::from_str(&public.get(&format!("/api/v1/publications?q={}", enc("低保"))).await.body)
            .unwrap();
    assert_eq!(api["total"], 1);
    assert_eq!(api["items"][0]["index_number"], "M000100Y4/2026-00001");
    assert_eq!(api["items"][0]["url"], format!("/publications/{id}"));
    let feed = public.get("/feed.atom").await;
    assert_eq!(feed.headers[header::CONTENT_TYPE], "application/atom+xml; charset=utf-8");
    assert!(feed.body.contains("关于做好2026年城乡低保工作的通知"));
    assert!(public.get("/topics/17/feed.atom").await.body.contains("<entry>"));
    assert!(!public.get("/topics/2/feed.atom").await.body.contains("<entry>"));
    assert!(public.get(&format!("/agencies/{}/feed.atom", app.county)).await.body.contains("<entry>"));
    assert!(public.get("/sitemap.xml").await.body.contains(&format!("/publications/{id}</loc>")));
    let notice = public.get(&format!("/publications/{id}/notice")).await;
    assert!(notice.body.contains("政务公开") && notice.body.contains("M000100Y4&#x2f;2026-00001"));
    let att_id = att.id; // the masked copy that replaced the original
    let dl = public.get(&format!("/publications/files/{att_id}")).await;
    assert_eq!(dl.status, StatusCode::OK);
    assert!(dl.headers[header::CONTENT_DISPOSITION].to_str().unwrap().starts_with("attachment"));

    // Withdrawal: a public notice with the reason; gone from lists, search and feeds.
    let r = approver
        .on_page(id, "action", &[("action", "withdraw"), ("reason", "名单有误，核实后重新发布")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let p = public.get(&format!("/publications/{id}")).await;
    assert_eq!(p.status, StatusCode::GONE);
    assert!(p.body.contains("名单有误，核实后重新发布"));
    assert!(!p.body.contains("139****1234"), "the body is not shown");
    assert!(!public.get("/catalog").await.body.contains("城乡低保工作的通知"));
    assert!(!public.get(&format!("/search?q={}", enc("低保"))).await.body.contains("城乡低保工作的通知"));
    assert!(!public.get("/feed.atom").await.body.contains("<entry>"));
    assert_eq!(public.get(&format!("/publications/files/{att_id}")).await.status, StatusCode::NOT_FOUND);
    let api: Value = serde_json::from_str(&public.get("/api/v1/publications").await.body).unwrap();
    assert_eq!(api["total"], 0);
}

#[tokio::test]
async fn overrides_need_a_reason_and_drafts_stay_private() {
    let app = setup("2026-03-10").await;
    let mut editor = app.other_browser();
    editor.login("editor").await;
    let id = draft(&mut editor, "低保名单", "<p>正文</p>", &[("files", "名单.csv", CSV.as_bytes().to_vec())])
        .await;
    let mut public = app.other_browser();
    assert_eq!(public.get(&format!("/publications/{id}")).await.status, StatusCode::NOT_FOUND);
    let att = app.store.attachments(id).await.unwrap()[0].id;
    assert_eq!(public.get(&format!("/publications/files/{att}")).await.status, StatusCode::NOT_FOUND);
    editor.on_page(id, "action", &[("action", "submit")]).await;
    let mut reviewer = app.other_browser();
    reviewer.login("reviewer").await;
    let fp = fingerprints(&reviewer.get(&format!("/staff/catalog/{id}")).await.body)[0].clone();
    let r =
        reviewer.on_page(id, "finding", &[("fingerprint", &fp), ("op", "override"), ("reason", " ")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = reviewer
        .on_page(
            id,
            "finding",
            &[("fingerprint", &fp), ("op", "override"), ("reason", "依据《社会救助暂行办法》须公示")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = reviewer.get(&format!("/staff/catalog/{id}")).await;
    assert!(page.body.contains("已保留：依据《社会救助暂行办法》须公示"));
    assert_eq!(
        reviewer.on_page(id, "action", &[("action", "pass_review")]).await.status,
        StatusCode::SEE_OTHER
    );
    // Rejection by the approver returns it to the editor with the reason.
    let mut approver = app.other_browser();
    approver.login("approver").await;
    let r = approver.on_page(id, "action", &[("action", "reject"), ("reason", "请补充公示期")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(
        editor.get(&format!("/staff/catalog/{id}")).await.body.contains("已退回修改：</strong>请补充公示期")
    );
    // A stale version is refused without change.
    let page = editor.get(&format!("/staff/catalog/{id}")).await;
    let csrf = hidden(&page.body, "csrf_token");
    let r = editor
        .post(
            &format!("/staff/catalog/{id}/action"),
            &[("csrf_token", &csrf), ("version", "1"), ("action", "submit")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn validation_rerenders_with_chinese_messages_and_keeps_input() {
    let app = setup("2026-03-10").await;
    let mut editor = app.other_browser();
    editor.login("editor").await;
    let page = editor.get("/staff/catalog/new").await;
    let csrf = hidden(&page.body, "csrf_token");
    let mut fields = draft_fields(&csrf, "", "<p>保留的正文</p>");
    fields.retain(|(k, _)| *k != "topic");
    fields.push(("formed_on", "2026-04-01"));
    let r = editor.multipart("/staff/catalog/new", &fields, &[]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("请填写标题") && r.body.contains("请选择主题分类"), "{}", r.body);
    assert!(r.body.contains("保留的正文"));
    // A file whose name lies about its content is refused with the reason.
    let fields = draft_fields(&csrf, "标题", "<p>正文</p>");
    let r = editor
        .multipart("/staff/catalog/new", &fields, &[("files", "a.pdf", b"PK\x03\x04not really".to_vec())])
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
}

#[tokio::test]
async fn agencies_see_only_their_own_and_supervisors_only_read() {
    let app = setup("2026-03-10").await;
    let mut editor = app.other_browser();
    editor.login("editor").await;
    let county_item = draft(&mut editor, "县级草稿", "<p>正文</p>", &[]).await;
    let mut town = app.other_browser();
    town.login("town").await;
    assert_eq!(town.get(&format!("/staff/catalog/{county_item}")).await.status, StatusCode::NOT_FOUND);
    let town_item = draft(&mut town, "城关镇宅基地审核结果公示", "<p>正文</p>", &[]).await;
    // The township has no code: publishing explains why the 索引号 cannot be made.
    town.on_page(town_item, "action", &[("action", "submit")]).await;
    town.on_page(town_item, "action", &[("action", "pass_review")]).await;
    let r = town.on_page(town_item, "action", &[("action", "publish")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("统一社会信用代码"), "{}", r.body);
    let mut sup = app.other_browser();
    sup.login("super").await;
    let page = sup.get(&format!("/staff/catalog/{town_item}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("只能查看"));
    let csrf = hidden(&page.body, "csrf_token");
    let r = sup
        .post(
            &format!("/staff/catalog/{town_item}/action"),
            &[("csrf_token", &csrf), ("version", "3"), ("action", "reject"), ("reason", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(editor.get("/staff/catalog").await.status, StatusCode::OK);
    let mut anon = app.other_browser();
    assert_eq!(anon.get("/staff/catalog").await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn validity_links_the_replacement_and_interpretations_link_both_ways() {
    let app = setup("2026-03-10").await;
    let (mut editor, mut reviewer, mut approver) =
        (app.other_browser(), app.other_browser(), app.other_browser());
    editor.login("editor").await;
    reviewer.login("reviewer").await;
    approver.login("approver").await;
    let mut ids = Vec::new();
    for title in ["旧办法", "新办法"] {
        let id = draft(&mut editor, title, "<p>正文</p>", &[]).await;
        editor.on_page(id, "action", &[("action", "submit")]).await;
        reviewer.on_page(id, "action", &[("action", "pass_review")]).await;
        approver.on_page(id, "action", &[("action", "publish")]).await;
        ids.push(id);
    }
    let (old, new) = (ids[0], ids[1]);
    let new_s = new.to_string();
    let r = editor
        .on_page(
            old,
            "action",
            &[
                ("action", "set_validity"),
                ("status", "expired"),
                ("on", "2026-03-09"),
                ("replaced_by", &new_s),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut public = app.other_browser();
    let p = public.get(&format!("/publications/{old}")).await;
    assert!(
        p.body.contains("本文件已失效") && p.body.contains(&format!("/publications/{new}")),
        "{}",
        p.body
    );
    let s = public.get(&format!("/search?q={}&validity={}", enc("办法"), enc("失效"))).await;
    let hits = s.body.split("<ol class=\"hits\">").nth(1).unwrap_or("").split("</ol>").next().unwrap_or("");
    assert!(s.body.contains(&format!("/publications/{old}\"")), "{hits}");
    assert!(!s.body.contains(&format!("/publications/{new}\"")), "{}", s.body);
    // An interpretation of the new measure.
    let page = editor.get("/staff/catalog/new").await;
    let csrf = hidden(&page.body, "csrf_token");
    let mut fields = draft_fields(&csrf, "《新办法》政策解读", "<p>解读</p>");
    fields.retain(|(k, _)| *k != "genre");
    fields.push(("genre", "interpretation"));
    fields.push(("interprets", &new_s));
    let r = editor.multipart("/staff/catalog/new", &fields, &[]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let iid: i64 = r.headers[header::LOCATION].to_str().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    editor.on_page(iid, "action", &[("action", "submit")]).await;
    reviewer.on_page(iid, "action", &[("action", "pass_review")]).await;
    approver.on_page(iid, "action", &[("action", "publish")]).await;
    assert!(public.get(&format!("/publications/{new}")).await.body.contains(&format!("/publications/{iid}")));
    assert!(public.get(&format!("/publications/{iid}")).await.body.contains(&format!("/publications/{new}")));
    let rec = app.store.get_publication(iid).await.unwrap().unwrap();
    assert_eq!(rec.index_number.as_deref(), Some("M000100Y4/2026-00003"));
}

#[tokio::test]
async fn portal_pages_render() {
    let app = setup("2026-03-10").await;
    let mut public = app.other_browser();
    let county = app.county;
    for path in [
        "/".to_string(),
        "/catalog".into(),
        "/catalog?topic=2&genre=notice&year=2026&page=2".into(),
        "/search".into(),
        format!("/agencies/{county}/guide"),
        format!("/agencies/{county}/annual-reports"),
    ] {
        let r = public.get(&path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    }
    let g = public.get(&format!("/agencies/{county}/guide")).await;
    assert!(g.body.contains(&format!("/agencies/{county}/apply")) && g.body.contains("甲县人民政府办公室"));
    assert!(public.get(&format!("/agencies/{county}/annual-reports")).await.body.contains("尚未发布"));
    assert_eq!(public.get("/publications/99999").await.status, StatusCode::NOT_FOUND);
    // Feeds and the sitemap carry absolute links built from the Host header.
    let req =
        Request::get("/sitemap.xml").header(header::HOST, "gk.example.gov.cn").body(Body::empty()).unwrap();
    let sm = public.send(req).await;
    assert!(sm.body.contains("<loc>https://gk.example.gov.cn/catalog</loc>"), "{}", sm.body);
    let req = Request::get("/feed.atom").header(header::HOST, "bad host<").body(Body::empty()).unwrap();
    assert!(
        public.send(req).await.body.contains("href=\"/catalog\""),
        "a malformed host gives relative links"
    );
    assert_eq!(public.get("/topics/99/feed.atom").await.status, StatusCode::NOT_FOUND);
    let mut admin = app.other_browser();
    admin.login("approver").await;
    let page = admin.get("/staff/catalog/guide").await;
    let csrf = hidden(&page.body, "csrf_token");
    let bad = admin
        .post(
            "/staff/catalog/guide",
            &[
                ("csrf_token", &csrf),
                ("version", "0"),
                ("guide", "一、分类"),
                ("index_template", "{org_code}/{yyyy}"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = admin
        .post(
            "/staff/catalog/guide",
            &[
                ("csrf_token", &csrf),
                ("version", "0"),
                ("guide", "一、分类\n本机关信息按主题分类。"),
                ("index_template", "{credit_code}-{yyyy}-{seq:06}"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(public.get(&format!("/agencies/{county}/guide")).await.body.contains("本机关信息按主题分类。"));
}

#[tokio::test]
async fn scheduled_items_go_public_on_their_day_and_the_api_lists_newest_first() {
    let app = setup("2026-03-10").await;
    let (mut editor, mut reviewer, mut approver) =
        (app.other_browser(), app.other_browser(), app.other_browser());
    editor.login("editor").await;
    reviewer.login("reviewer").await;
    approver.login("approver").await;
    let mut ids = Vec::new();
    for title in ["先发布的通知", "定时发布的公告"] {
        let id = draft(&mut editor, title, "<p>正文</p>", &[]).await;
        editor.on_page(id, "action", &[("action", "submit")]).await;
        reviewer.on_page(id, "action", &[("action", "pass_review")]).await;
        ids.push(id);
    }
    approver.on_page(ids[0], "action", &[("action", "publish")]).await;
    let past = approver.on_page(ids[1], "action", &[("action", "schedule"), ("on", "2026-03-10")]).await;
    assert_eq!(past.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = approver.on_page(ids[1], "action", &[("action", "schedule"), ("on", "2026-03-12")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut public = app.other_browser();
    assert_eq!(public.get(&format!("/publications/{}", ids[1])).await.status, StatusCode::NOT_FOUND);
    // Not yet on the 11th; released on the 12th, with the next 索引号.
    let day = |s: &str| {
        AppState::new(app.store.clone(), WebConfig { fixed_today: Some(d(s)), ..WebConfig::default() })
    };
    assert_eq!(gongkai_app::catalog::release_due(&day("2026-03-11")).await.unwrap(), 0);
    assert_eq!(gongkai_app::catalog::release_due(&day("2026-03-12")).await.unwrap(), 1);
    let rec = app.store.get_publication(ids[1]).await.unwrap().unwrap();
    assert_eq!(rec.facts.published_on, Some(d("2026-03-12")));
    assert_eq!(rec.index_number.as_deref(), Some("M000100Y4/2026-00002"));
    let api: Value = serde_json::from_str(&public.get("/api/v1/publications").await.body).unwrap();
    assert_eq!(api["total"], 2);
    assert_eq!(api["items"][0]["title"], "定时发布的公告");
    assert_eq!(api["items"][1]["title"], "先发布的通知");
    assert_eq!(api["items"][0]["agency"], "甲县人民政府");
    let none: Value =
        serde_json::from_str(&public.get("/api/v1/publications?agency=999").await.body).unwrap();
    assert_eq!(none["total"], 0);
}

/// A catalog attachment that would have aborted the server (issue 11, class 1: a PDF whose
/// form XObject draws itself, built here) is refused with the reason; the draft is not saved.
#[tokio::test]
async fn a_self_drawing_pdf_attachment_is_refused_not_a_crash() {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X 4 0 R >> >> \
         /Contents 5 0 R >>"
            .to_owned(),
        "<< /Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /X 4 0 R >> >> /Length 5 >>\
         \nstream\n/X Do\nendstream"
            .to_owned(),
        "<< /Length 5 >>\nstream\n/X Do\nendstream".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend(b"xref\n0 6\n0000000000 65535 f \n");
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend(format!("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes());

    let app = setup("2026-03-10").await;
    let mut editor = app.other_browser();
    editor.login("editor").await;
    let page = editor.get("/staff/catalog/new").await;
    let csrf = hidden(&page.body, "csrf_token");
    let fields = draft_fields(&csrf, "标题", "<p>正文</p>");
    let r = editor.multipart("/staff/catalog/new", &fields, &[("files", "selfdraw.pdf", pdf)]).await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", r.body);
    assert!(r.body.contains("selfdraw.pdf") && r.body.contains("自我引用"), "{}", r.body);
    assert!(editor.get("/healthz").await.status == StatusCode::OK);
}

/// Issue 13: a 低保名单 of many rows is masked in one action per kind, not one click per finding;
/// the history records one step for all of them.
#[tokio::test]
async fn all_findings_of_a_kind_are_masked_in_one_action() {
    let app = setup("2026-03-10").await;
    let mut editor = app.other_browser();
    editor.login("editor").await;
    let mut csv = String::from("序号,姓名,联系电话\n");
    for i in 0..300 {
        csv.push_str(&format!("{},某某{i},139{:08}\n", i + 1, 10_000_000 + i));
    }
    let id = draft(
        &mut editor,
        "2026年城关镇低保对象名单",
        "<p>名单见附件。</p>",
        &[("files", "名单.csv", csv.into_bytes())],
    )
    .await;
    editor.on_page(id, "action", &[("action", "submit")]).await;
    let mut reviewer = app.other_browser();
    reviewer.login("reviewer").await;
    let page = reviewer.get(&format!("/staff/catalog/{id}")).await;
    assert_eq!(fingerprints(&page.body).len(), 300);
    assert!(page.body.contains("将全部 300 处手机号码去标识化"), "one action offered");
    let r = reviewer.on_page(id, "finding", &[("kind", "mobile"), ("op", "mask")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = reviewer.get(&format!("/staff/catalog/{id}")).await;
    assert!(
        page.body.contains("所有检查结果均已处理") || page.body.contains("未发现敏感信息"),
        "{}",
        page.body
    );
    let att = &app.store.attachments(id).await.unwrap()[0];
    let (_, data) = app.store.get_attachment(att.id).await.unwrap().unwrap();
    let text = String::from_utf8(data).unwrap();
    assert!(!text.contains("13910000000") && text.contains("139****0000"), "every row masked");
    let rec = app.store.get_publication(id).await.unwrap().unwrap();
    assert_eq!(rec.facts.decisions.len(), 300, "each finding has its decision");
    let steps = rec.facts.history.iter().filter(|h| h.note.contains("共 300 处")).count();
    assert_eq!(steps, 1, "one history step");
    // An unknown kind is not found.
    let r = reviewer.on_page(id, "finding", &[("kind", "nonsense"), ("op", "mask")]).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

/// Issue 14: through the API alone, with tokens: create a draft, submit, pass review, publish →
/// listed and found by search; another agency's token gets 404; a revoked token 401.
#[tokio::test]
async fn an_agency_publishes_through_the_api_with_tokens() {
    let mut app = setup("2026-03-10").await;
    let (editor, reviewer, approver) =
        (app.token_for("editor").await, app.token_for("reviewer").await, app.token_for("approver").await);
    let draft = serde_json::json!({
        "title": "甲县2026年春耕备耕补助发放办法", "body": "<p>补助标准为每亩十元。</p>",
        "formed_on": "2026-03-02", "topic": "农业、林业、水利", "genre": "notice",
    });
    let r = app.api("POST", "/api/v1/publications", &editor, Some(draft.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let (id, mut version) = (v["id"].as_i64().unwrap(), v["version"].as_i64().unwrap());
    // Validated as the editor does.
    let mut bad = draft.clone();
    bad["formed_on"] = "not a date".into();
    let r = app.api("POST", "/api/v1/publications", &editor, Some(bad)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // The reviewer may not create.
    assert_eq!(
        app.api("POST", "/api/v1/publications", &reviewer, Some(draft.clone())).await.status,
        StatusCode::FORBIDDEN
    );
    for (who, action) in [
        (&editor, serde_json::json!({"action": "submit"})),
        (&reviewer, serde_json::json!({"action": "pass_review", "note": "无涉密"})),
        (&approver, serde_json::json!({"action": "publish"})),
    ] {
        let body = serde_json::json!({"version": version, "action": action});
        let r = app.api("POST", &format!("/api/v1/publications/{id}/actions"), who, Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{action}: {}", r.body);
        version = serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["version"].as_i64().unwrap();
    }
    let staff_view = app.api("GET", &format!("/api/v1/publications/{id}"), &editor, None).await;
    assert!(staff_view.body.contains("\"state\":\"published\""), "{}", staff_view.body);
    // Audit entries name the token each person acted through (issue 14), in the log and on its page.
    let audit = app.audit().await;
    assert!(
        audit.iter().any(|e| e.actor == "approver|token:测试"),
        "{:?}",
        audit.iter().map(|e| &e.actor).collect::<Vec<_>>()
    );
    let mut admin = app.other_browser();
    admin.login("super").await;
    let log = admin.get("/staff/audit").await;
    assert!(log.body.contains("approver名（接口令牌“测试”）"), "{}", log.body);
    // Listed and searchable on the portal.
    let list = app.get("/api/v1/publications").await;
    assert!(list.body.contains("甲县2026年春耕备耕补助发放办法"), "{}", list.body);
    let found = app.get("/search?q=%E6%98%A5%E8%80%95%E5%A4%87%E8%80%95").await;
    assert!(found.body.contains("春耕备耕"), "{}", found.body);
    // The township's token (another agency) gets 404 on the county's item; a stale version 409.
    let town = app.token_for("town").await;
    assert_eq!(
        app.api("GET", &format!("/api/v1/publications/{id}"), &town, None).await.status,
        StatusCode::NOT_FOUND
    );
    let stale = serde_json::json!({"version": 1, "action": {"action": "withdraw", "reason": "测试"}});
    assert_eq!(
        app.api("POST", &format!("/api/v1/publications/{id}/actions"), &approver, Some(stale)).await.status,
        StatusCode::CONFLICT
    );
    // A revoked token: 401.
    let (u, _) = app.store.find_login("editor").await.unwrap().unwrap();
    let t = app.store.list_api_tokens(u.id).await.unwrap()[0].id;
    app.store.revoke_api_token(&Actor::system(), t).await.unwrap();
    assert_eq!(
        app.api("GET", &format!("/api/v1/publications/{id}"), &editor, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}
