//! 留言 and 找错 (issue 16) through the real router: the portal form and receipt, tracking, the
//! staff list and actions (reply, 转办 with a second clock, spam, publish with masking), the
//! public list with statistics, the API's fixed shapes, duplicates, size and HTML refusals,
//! per-client limits, settings and the 工作台.

use super::common::*;

type App = TestApp;

/// 甲县人民政府 (editor, admin) and 甲县教育局 under it (dept_editor).
fn seeded() -> Builder {
    TestApp::builder()
        .agency(AgencySeed::new("甲县人民政府").phone("0599-1234567"))
        .agency(AgencySeed::new("甲县教育局").under(0).kind(AgencyKind::Department))
        .user(0, "editor", &[Role::Editor])
        .user(0, "admin", &[Role::Admin])
        .user(1, "dept_editor", &[Role::Editor])
}

/// The text between `<strong class="code">` tags, in order.
fn codes(html: &str) -> Vec<String> {
    html.split("<strong class=\"code\">").skip(1).map(|s| s.split('<').next().unwrap().to_string()).collect()
}

const BODY: &str = "我叫李四，手机13912345678。解放路北段路灯损坏两周，夜间出行不便，请尽快维修。";

/// Posts the portal form with `edit` applied to the default fields.
async fn post_message(app: &mut App, agency: i64, edit: &[(&str, &str)]) -> Resp {
    let form = app.get(&format!("/agencies/{agency}/messages/new")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert_eq!(form.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let csrf = hidden(&form.body, "csrf_token");
    let mut fields: Vec<(&str, String)> = vec![
        ("csrf_token", csrf),
        ("kind", "message".into()),
        ("subject", "关于解放路路灯维修".into()),
        ("body", BODY.into()),
        ("name", "李四".into()),
        ("phone", "13912345678".into()),
        ("email", String::new()),
        ("reply_by", "online".into()),
        ("public", "yes".into()),
    ];
    for (k, v) in edit {
        match fields.iter_mut().find(|(n, _)| n == k) {
            Some(f) => f.1 = v.to_string(),
            None => fields.push((k, v.to_string())),
        }
    }
    let refs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post(&format!("/agencies/{agency}/messages/new"), &refs).await
}

async fn track(app: &mut App, number: &str, code: &str) -> Resp {
    let page = app.get("/messages/track").await;
    let csrf = hidden(&page.body, "csrf_token");
    app.post("/messages/track", &[("csrf_token", &csrf), ("number", number), ("code", code)]).await
}

/// The message's id from the staff list.
async fn staff_id(app: &mut App, number: &str) -> i64 {
    let list = app.get("/staff/messages?view=all").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let page = list.page();
    let at = page.find(number).unwrap_or_else(|| panic!("{number} not listed: {page}"));
    let before = &page[..at];
    let href = before.rfind("/staff/messages/").expect("link");
    before[href + "/staff/messages/".len()..].split('"').next().unwrap().parse().expect("id")
}

async fn act(app: &mut App, id: i64, fields: &[(&str, &str)]) -> Resp {
    let page = app.get(&format!("/staff/messages/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let csrf = hidden(&page.body, "csrf_token");
    let version = hidden(&page.body, "version");
    let mut form = vec![("csrf_token", csrf.as_str()), ("version", version.as_str())];
    form.extend_from_slice(fields);
    app.post(&format!("/staff/messages/{id}/action"), &form).await
}

#[tokio::test]
async fn full_story_submit_track_transfer_reply_publish_and_stats() {
    story(seeded().today("2025-09-30").build().await).await;
}

/// The same story on PostgreSQL (CI: `-- postgres`).
#[tokio::test]
async fn postgres_full_story_submit_track_transfer_reply_publish_and_stats() {
    if let Some(app) = seeded().today("2025-09-30").build_postgres().await {
        story(app).await;
    }
}

async fn story(mut app: App) {
    let (county, dept) = (app.agencies[0], app.agencies[1]);
    // The agency's portal page offers both forms.
    let page = app.get(&format!("/agencies/{county}")).await.page();
    assert!(page.contains(&format!("/agencies/{county}/messages/new")), "{page}");
    assert!(page.contains("我要找错"));

    // Filed on 2025-09-30, just before 国庆: 10 working days end on 2025-10-21 (the domain test
    // checks the same date against `gongkai calendar add-workdays`).
    let mut citizen = app.other_browser();
    let receipt = post_message(&mut citizen, county, &[]).await;
    assert_eq!(receipt.status, StatusCode::OK, "{}", receipt.body);
    assert_eq!(receipt.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
    let c = codes(&receipt.body);
    let (number, code) = (c[0].clone(), c[1].clone());
    assert_eq!(number, format!("LY2025-{county:04}-00001"));
    assert_eq!(code.len(), 10);
    assert!(receipt.body.contains("2025年10月21日"), "{}", receipt.body);

    // Tracking: the right code shows it, a wrong one says nothing.
    let t = track(&mut citizen, &number, &code).await;
    assert_eq!(t.status, StatusCode::OK);
    assert!(t.body.contains("关于解放路路灯维修") && t.body.contains("2025年10月21日"), "{}", t.body);
    let wrong = track(&mut citizen, &number, "WRONGCODE2").await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert!(!wrong.body.contains("路灯"));
    let api = citizen.get(&format!("/api/v1/messages/track?number={number}&code={code}")).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let j = api.json();
    assert_eq!((j["status"].as_str(), j["due_on"].as_str()), (Some("received"), Some("2025-10-21")));

    // The county's editor sees it with its due date and transfers it on 2025-10-09.
    app.login("editor").await;
    let list = app.get("/staff/messages").await;
    assert!(list.body.contains(&number) && list.body.contains("2025-10-21"), "{}", list.body);
    let id = staff_id(&mut app, &number).await;
    app.on("2025-10-09");
    let r = act(&mut app, id, &[("action", "transfer"), ("to", &dept.to_string()), ("note", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "a transfer names its reason");
    assert!(r.body.contains("转办说明"));
    let r = act(
        &mut app,
        id,
        &[("action", "transfer"), ("to", &dept.to_string()), ("note", "校园周边路灯由教育局协调")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // The bureau's own clock: 10 working days from 2025-10-09 (10月11日 is a 调休 Saturday).
    let detail = app.get(&format!("/staff/messages/{id}")).await;
    assert!(detail.body.contains("您只能查看"), "the county now only reads");
    assert!(
        detail.body.contains("2025-10-22") && detail.body.contains("2025-10-21"),
        "both clocks: {}",
        detail.body
    );
    let r = app
        .post(
            &format!("/staff/messages/{id}/action"),
            &[
                ("csrf_token", &hidden(&detail.body, "csrf_token")),
                ("version", "2"),
                ("action", "reply"),
                ("text", "x"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "only the current agency acts");

    let out = app.get("/staff/messages?view=out").await;
    assert!(out.body.contains(&number) && out.body.contains("甲县教育局"), "已转出: {}", out.body);
    assert!(!app.get("/staff/messages").await.body.contains(&number), "no longer the county's to answer");
    let mut dept_staff = app.other_browser();
    dept_staff.login("dept_editor").await;
    assert!(!dept_staff.get("/staff/messages?view=out").await.body.contains(&number));
    let list = dept_staff.get("/staff/messages").await;
    assert!(list.body.contains(&number), "{}", list.body);
    let t = track(&mut citizen, &number, &code).await;
    assert!(t.body.contains("甲县教育局") && t.body.contains("校园周边路灯由教育局协调"), "{}", t.body);

    // Reply, then publish: the writer agreed; the phone number and name are masked.
    dept_staff.on("2025-10-14");
    let r = act(
        &mut dept_staff,
        id,
        &[("action", "reply"), ("text", "已联系供电所，10月16日前修复。如有问题请拨打13912345678。")],
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let page = dept_staff.get(&format!("/staff/messages/{id}")).await;
    assert!(page.body.contains("139****5678"), "masked preview: {}", page.body);
    let r = act(&mut dept_staff, id, &[("action", "publish")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let t = track(&mut citizen, &number, &code).await;
    assert!(t.body.contains("已联系供电所"), "{}", t.body);

    let public = citizen.get(&format!("/messages?agency={dept}&year=2025")).await;
    assert_eq!(public.status, StatusCode::OK, "{}", public.body);
    assert!(public.body.contains("已联系供电所") && public.body.contains("139****5678"), "{}", public.body);
    assert!(!public.body.contains("13912345678") && !public.body.contains("李四"), "{}", public.body);
    // Statistics: the bureau received 1, answered 1 on time after 3 working days.
    let main = public.body.split("<main").nth(1).unwrap();
    assert!(main.contains("<span class=\"n\">1</span> 件按期答复（100.0%）"), "{main}");
    assert!(main.contains("<span class=\"n\">4.0</span> 个工作日平均答复用时"), "{main}");
    let county_stats = citizen.get(&format!("/messages?agency={county}&year=2025")).await;
    assert!(county_stats.body.contains("<span class=\"n\">1</span> 件转交其他机关"), "{}", county_stats.body);

    let api = citizen.get(&format!("/api/v1/messages?agency={dept}&year=2025")).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let j = api.json();
    assert_eq!(j["total"], 1);
    assert!(j["items"][0]["body"].as_str().unwrap().contains("139****5678"));
    assert_eq!(j["stats"]["answered_on_time"], 1);
    assert!(!api.body.contains("13912345678"));

    // The annual report's counts (wired into its narrative later).
    let counts = gongkai_app::messages::year_counts(&app.state, dept, 2025).await.unwrap();
    assert_eq!((counts.received, counts.answered, counts.answered_on_time), (1, 1, 1));
    let counts = gongkai_app::messages::year_counts(&app.state, county, 2025).await.unwrap();
    assert_eq!((counts.received, counts.answered), (1, 0));
    let actions: Vec<String> = app.audit().await.into_iter().map(|e| e.action).collect();
    for a in ["message.create", "message.transfer", "message.reply", "message.publish"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn spam_is_never_published_but_counted_and_private_messages_stay_private() {
    let mut app = seeded().today("2025-06-02").build().await;
    let county = app.county;
    let mut citizen = app.other_browser();
    let spam = codes(
        &post_message(&mut citizen, county, &[("subject", "推广"), ("body", "优惠促销，点击领取大奖！！")])
            .await
            .body,
    );
    let private = codes(&post_message(&mut citizen, county, &[("public", "")]).await.body);
    app.login("editor").await;
    let spam_id = staff_id(&mut app, &spam[0]).await;
    let r = act(&mut app, spam_id, &[("action", "spam")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let page = app.get(&format!("/staff/messages/{spam_id}")).await;
    assert!(!page.body.contains("name=\"action\""), "a closed message offers no action");
    // A page read before the change: the stale version is a conflict, nothing is lost.
    let csrf = hidden(&page.body, "csrf_token");
    let form = [("csrf_token", csrf.as_str()), ("version", "1"), ("action", "spam")];
    let r = app.post(&format!("/staff/messages/{spam_id}/action"), &form).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert!(r.body.contains("已被其他工作人员办理"), "{}", r.body);
    // Another agency that never held it does not see it.
    let mut dept_staff = app.other_browser();
    dept_staff.login("dept_editor").await;
    assert_eq!(dept_staff.get(&format!("/staff/messages/{spam_id}")).await.status, StatusCode::NOT_FOUND);
    let csrf = hidden(&page.body, "csrf_token");
    let form = [("csrf_token", csrf.as_str()), ("version", "2"), ("action", "reply"), ("text", "答复")];
    let r = app.post(&format!("/staff/messages/{spam_id}/action"), &form).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "spam is closed: {}", r.body);
    let id = staff_id(&mut app, &private[0]).await;
    assert_eq!(
        act(&mut app, id, &[("action", "reply"), ("text", "已处理。")]).await.status,
        StatusCode::SEE_OTHER
    );
    let page = app.get(&format!("/staff/messages/{id}")).await;
    assert!(page.body.contains("留言人未同意公开"), "{}", page.body);
    assert!(!page.body.contains("value=\"publish\""), "no publish form");
    let csrf = hidden(&page.body, "csrf_token");
    let form = [("csrf_token", csrf.as_str()), ("version", "2"), ("action", "publish")];
    let r = app.post(&format!("/staff/messages/{id}/action"), &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("留言人未同意公开"));
    let public = citizen.get(&format!("/messages?agency={county}&year=2025")).await;
    assert!(public.body.contains("暂无公开的留言"));
    let main = public.body.split("<main").nth(1).unwrap();
    assert!(main.contains("<span class=\"n\">2</span> 件收到"), "spam counts as received: {main}");
    assert!(main.contains("<span class=\"n\">1</span> 件已答复"), "{main}");
    let t = track(&mut citizen, &spam[0], &spam[1]).await;
    assert!(t.body.contains("无效留言"));
}

#[tokio::test]
async fn duplicates_html_oversize_and_missing_contacts_are_refused() {
    let mut app = seeded().today("2025-06-02").build().await;
    let county = app.county;
    let first = post_message(&mut app, county, &[]).await;
    let number = codes(&first.body)[0].clone();
    // The same text, spaced differently, within 24 hours.
    let again =
        post_message(&mut app, county, &[("body", &format!("  {}  ", BODY.replace('，', " ")))]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", again.body);
    assert!(again.body.contains(&number) && again.body.contains("请勿重复提交"), "{}", again.body);
    assert!(again.body.contains("关于解放路路灯维修"), "input kept");

    let html =
        post_message(&mut app, county, &[("body", "请看<img src=x onerror=alert(1)>这里的错误")]).await;
    assert_eq!(html.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.body.contains("只接受纯文字"), "{}", html.body);
    assert!(!html.body.contains("<img src=x"), "escaped when shown again");
    let long = post_message(&mut app, county, &[("body", &"长".repeat(2001))]).await;
    assert_eq!(long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(long.body.contains("不能超过 2000 个字"));
    let bidi = post_message(&mut app, county, &[("subject", "标题\u{202E}txt")]).await;
    assert_eq!(bidi.status, StatusCode::UNPROCESSABLE_ENTITY);
    let no_email = post_message(&mut app, county, &[("reply_by", "email"), ("subject", "另一件事")]).await;
    assert_eq!(no_email.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_email.body.contains("选择电子邮件答复时，请填写电子邮箱"));
    // A body far beyond the form limit is cut off at the edge.
    let huge = "x".repeat(3 << 20);
    let big = app.post(&format!("/agencies/{county}/messages/new"), &[("body", &huge)]).await;
    assert_eq!(big.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Without the form's token nothing is filed.
    let mut stranger = app.other_browser();
    let r = stranger
        .post(&format!("/agencies/{county}/messages/new"), &[("subject", "x"), ("body", "一二三四五六")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let (n, _) = app
        .store
        .list_messages(&gongkai_store::MessageFilter { limit: 0, ..Default::default() })
        .await
        .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn api_files_tracks_and_refuses_with_the_envelope() {
    let mut app = seeded().today("2025-09-30").build().await;
    let county = app.county;
    let body = json!({"agency": county, "kind": "error_report", "subject": "首页链接失效", "body": "首页“政策文件”栏目链接打不开。", "public": false});
    let r = app.json("POST", "/api/v1/messages", &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let j = r.json();
    assert!(j["number"].as_str().unwrap().starts_with("ZC2025-"));
    // 找错: 5 working days across 国庆 (10月9日, 10日, 11日 调休, 13日, 14日).
    assert_eq!(j["due_on"], "2025-10-14");
    let t = app
        .get(&format!(
            "/api/v1/messages/track?number={}&code={}",
            j["number"].as_str().unwrap(),
            j["tracking_code"].as_str().unwrap()
        ))
        .await;
    assert_eq!(t.status, StatusCode::OK);
    assert_eq!(t.json()["kind"], "error_report");
    assert_eq!(t.json()["hops"].as_array().unwrap().len(), 1);
    let r = app.json("POST", "/api/v1/messages", &body).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "duplicate_message".to_string()));
    let bad = json!({"agency": county, "subject": "x", "body": "一二三四五六", "reply_by": "email"});
    let r = app.json("POST", "/api/v1/messages", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["error"]["field"], "email");
    let r = app
        .json("POST", "/api/v1/messages", &json!({"agency": 999, "subject": "x", "body": "一二三四五六"}))
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "unknown_agency".to_string()));
    let r = app
        .json(
            "POST",
            "/api/v1/messages",
            &json!({"agency": county, "subject": "<b>x</b>", "body": "一二三四五六"}),
        )
        .await;
    assert_eq!(r.code(), "html_not_allowed");
    let r = app.get("/api/v1/messages/track?number=ZC2025-0001-00001&code=NOPE").await;
    assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "not_found".to_string()));
    let r = app.get("/api/v1/messages").await;
    assert_eq!(r.json()["total"], 0, "nothing published");
    let doc = app.get("/api/v1/openapi.json").await.json();
    for p in ["/api/v1/messages", "/api/v1/messages/track"] {
        assert!(doc["paths"][p].is_object(), "{p} documented");
    }
}

#[tokio::test]
async fn postgres_api_files_and_tracks() {
    let Some(mut app) = seeded().today("2025-09-30").build_postgres().await else { return };
    let r = app
        .json(
            "POST",
            "/api/v1/messages",
            &json!({"agency": app.county, "subject": "路灯", "body": "解放路路灯坏了。", "public": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["due_on"], "2025-10-21");
    let r = app
        .json(
            "POST",
            "/api/v1/messages",
            &json!({"agency": app.county, "subject": "路灯", "body": "解放路 路灯坏了！", "public": true}),
        )
        .await;
    assert_eq!(r.code(), "duplicate_message");
}

#[tokio::test]
async fn filings_are_limited_per_client() {
    let config =
        WebConfig { message_max_per_client: 2, fixed_today: Some(d("2025-06-02")), ..WebConfig::default() };
    let mut app = seeded().config(config).build().await;
    let county = app.county;
    for i in 0..2 {
        let r = app
            .json(
                "POST",
                "/api/v1/messages",
                &json!({"agency": county, "subject": format!("第{i}件"), "body": "内容内容内容"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let r = post_message(&mut app, county, &[("subject", "第三件")]).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    let mut other = app.browser("203.0.113.9", None);
    let r = post_message(&mut other, county, &[("subject", "第三件")]).await;
    assert_eq!(r.status, StatusCode::OK, "another client is not limited");
}

#[tokio::test]
async fn reply_periods_are_an_agency_setting_and_the_dashboard_lists_overdue_messages() {
    let mut app = seeded().today("2025-06-02").build().await;
    let county = app.county;
    app.login("admin").await;
    let csrf = app.csrf().await;
    let r = app
        .post(
            "/staff/messages/settings",
            &[("csrf_token", &csrf), ("message_days", "3"), ("error_report_days", "2")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let bad = app
        .post(
            "/staff/messages/settings",
            &[("csrf_token", &csrf), ("message_days", "0"), ("error_report_days", "2")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut citizen = app.other_browser();
    let receipt = post_message(&mut citizen, county, &[]).await;
    assert!(receipt.body.contains("2025年6月5日") && receipt.body.contains("3 个工作日"), "{}", receipt.body);
    let mut editor = app.other_browser();
    editor.login("editor").await;
    editor.on("2025-06-09");
    let dash = editor.get("/staff").await;
    assert!(dash.body.contains("留言办理") && dash.body.contains("已逾期 2 个工作日"), "{}", dash.body);
    let list = editor.get("/staff/messages").await;
    assert!(list.body.contains("u-overdue"), "{}", list.body);
    let entries = app.audit().await;
    assert!(entries.iter().any(|e| e.action == "agency.message_settings"));
    let log = app.get("/staff/audit").await;
    assert!(log.body.contains("修改留言答复期限") && log.body.contains("收到留言"), "{}", log.body);
}
