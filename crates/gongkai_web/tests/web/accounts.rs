//! Staff accounts through the real router: portal shells, login and sessions, CSRF, staff
//! management, passwords and roles, office contacts, the calendar import, API tokens.

use super::common::*;
use gongkai_domain::audit::verify_chain;
use gongkai_domain::role::Role;
use gongkai_web::WebConfig;

const NEW_PW: &str = "a-long-password-1";

/// 甲县人民政府 (admin_a, editor_a, super_a) and 甲县教育局 under it (admin_b).
async fn setup(config: WebConfig) -> TestApp {
    TestApp::builder()
        .config(config)
        .county()
        .dept()
        .user(0, "admin_a", &[Role::Admin])
        .user(0, "editor_a", &[Role::Editor])
        .user(0, "super_a", &[Role::Supervisor])
        .user(1, "admin_b", &[Role::Admin])
        .plain_display_names()
        .build()
        .await
}

fn user_form<'a>(
    csrf: &'a str,
    username: &'a str,
    display: &'a str,
    role: &'a str,
    pw: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("csrf_token", csrf),
        ("username", username),
        ("display_name", display),
        (role, "1"),
        ("password", pw),
        ("password_confirm", pw),
    ]
}

#[tokio::test]
async fn portal_pages_are_chinese_and_accessible_shells() {
    let mut app = setup(WebConfig::default()).await;
    let home = app.get("/").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(home.body.contains("lang=\"zh-CN\""));
    assert!(home.body.contains("甲县人民政府"));
    assert!(home.body.contains("跳到主要内容"), "skip link");
    assert!(home.body.contains("甲县人民政府办公室"), "footer shows the office");
    let agency = app.get(&format!("/agencies/{}", app.agencies[1])).await;
    assert_eq!(agency.status, StatusCode::OK);
    assert!(agency.body.contains("甲县教育局"));
    let missing = app.get("/agencies/9999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("页面不存在"));
    assert_eq!(app.get("/agencies/abc").await.status, StatusCode::NOT_FOUND);
    assert!(app.get("/static/site.css").await.body.contains("@media print"));
}

#[tokio::test]
async fn healthz_and_openapi() {
    let mut app = setup(WebConfig::default()).await;
    let h = app.get("/healthz").await;
    assert_eq!(h.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&h.body).expect("json");
    assert_eq!(v["status"], "ok");
    let doc = app.get("/api/v1/openapi.json").await;
    let v: serde_json::Value = serde_json::from_str(&doc.body).expect("json");
    assert!(v["openapi"].as_str().expect("version").starts_with("3."));
    for p in ["/api/v1/agencies", "/api/v1/agencies/{id}", "/api/v1/me", "/healthz"] {
        assert!(v["paths"][p].is_object(), "{p} documented");
    }
    assert!(v["components"]["schemas"]["ErrorBody"].is_object());
}

#[tokio::test]
async fn api_answers_json_and_stable_errors() {
    let mut app = setup(WebConfig::default()).await;
    let list = app.get("/api/v1/agencies").await;
    let v: serde_json::Value = serde_json::from_str(&list.body).expect("json");
    assert_eq!(v.as_array().expect("array").len(), 2);
    let one = app.get(&format!("/api/v1/agencies/{}", app.county)).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&one.body).expect("json")["name"], "甲县人民政府");
    for (path, status, code) in [
        ("/api/v1/agencies/9999", StatusCode::NOT_FOUND, "not_found"),
        ("/api/v1/agencies/x", StatusCode::NOT_FOUND, "not_found"),
        ("/api/v1/me", StatusCode::UNAUTHORIZED, "unauthenticated"),
        ("/api/v1/no/such/route", StatusCode::NOT_FOUND, "not_found"),
    ] {
        let r = app.get(path).await;
        assert_eq!(r.status, status, "{path}");
        let v: serde_json::Value = serde_json::from_str(&r.body).expect("json error");
        assert_eq!(v["error"]["code"], code, "{path}");
        assert!(!v["error"]["message"].as_str().expect("message").is_empty());
    }
    app.login_with("admin_a", PW).await;
    let v: serde_json::Value = serde_json::from_str(&app.get("/api/v1/me").await.body).expect("json");
    assert_eq!(v["username"], "admin_a");
    assert_eq!(v["roles"][0], "admin");
}

#[tokio::test]
async fn login_then_create_staff_account_shows_in_audit_log() {
    let mut app = setup(WebConfig::default()).await;
    let r = app.login_with("admin_a", PW).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location().as_deref(), Some("/staff"));
    assert!(app.cookies.contains_key("gongkai_session"));
    let csrf = app.csrf().await;
    let created =
        app.post("/staff/users", &user_form(&csrf, "xiaoming", "李小明", "role_editor", NEW_PW)).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    assert!(app.get("/staff/users").await.body.contains("李小明"));
    let audit_page = app.get("/staff/audit").await;
    assert!(audit_page.body.contains("user.create") && audit_page.body.contains("xiaoming"));
    // Issue 13: Chinese action names and people's names first; codes only as secondary text.
    assert!(audit_page.body.contains("新建工作人员账号"), "{}", audit_page.body);
    assert!(audit_page.body.contains("登录") && !audit_page.body.contains("{&quot;client&quot;"));
    let audit = app.audit().await;
    let n = audit.len();
    let (create, temporary) = (&audit[n - 2], &audit[n - 1]);
    assert_eq!((create.action.as_str(), create.actor.as_str()), ("user.create", "admin_a"));
    assert!(!create.after.contains("argon2"));
    assert_eq!(temporary.action, "user.reset_password", "the first password is temporary");
    verify_chain(&audit).expect("intact");
    // Issue 14: the new colleague signs in with it and must set their own before anything else.
    let mut browser = app.other_browser();
    assert_eq!(browser.login_with("xiaoming", NEW_PW).await.status, StatusCode::SEE_OTHER);
    let r = browser.get("/staff/requests").await;
    assert_eq!(r.location().as_deref(), Some("/staff/password?required=1"));
    let page = browser.get("/staff/password?required=1").await;
    assert!(page.body.contains("临时密码"), "{}", page.body);
    let csrf = hidden(&page.body, "csrf_token");
    let own = "my-own-password-2026";
    let r = browser
        .post(
            "/staff/password",
            &[("csrf_token", &csrf), ("current", NEW_PW), ("password", own), ("password_confirm", own)],
        )
        .await;
    assert!(r.status.is_success() || r.status.is_redirection(), "{}", r.body);
    assert_eq!(browser.login_with("xiaoming", own).await.status, StatusCode::SEE_OTHER);
    assert_eq!(browser.get("/staff/requests").await.status, StatusCode::OK, "free to work");
}

#[tokio::test]
async fn invalid_user_form_rerenders_with_input_kept() {
    let mut app = setup(WebConfig::default()).await;
    app.login_with("admin_a", PW).await;
    let csrf = app.csrf().await;
    let before = app.audit().await.len();
    let form = [
        ("csrf_token", csrf.as_str()),
        ("username", "bad name!"),
        ("display_name", "<script>alert(1)</script>"),
        ("password", "123"),
        ("password_confirm", "123"),
    ];
    let r = app.post("/staff/users", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("登录名只能使用字母"));
    assert!(r.body.contains("密码至少需要 10 个字符"));
    assert!(r.body.contains("请至少选择一个角色"));
    assert!(r.body.contains("value=\"bad name!\""), "input kept");
    assert!(r.body.contains("&lt;script&gt;"), "escaped");
    assert!(!r.body.contains("<script>alert"), "never raw");
    assert!(!r.body.contains("value=\"123\""), "passwords never echoed");
    assert_eq!(app.audit().await.len(), before, "nothing changed");
    let dup = app.post("/staff/users", &user_form(&csrf, "editor_a", "重名", "role_editor", NEW_PW)).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert!(dup.body.contains("该登录名已被使用"));
}

#[tokio::test]
async fn wrong_password_is_refused_logged_and_rate_limited() {
    let mut app = setup(WebConfig { login_max_failures: 3, ..WebConfig::default() }).await;
    for _ in 0..3 {
        let r = app.login_with("admin_a", "wrong-password").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert!(r.body.contains("登录名或密码不正确"));
        assert!(!app.cookies.contains_key("gongkai_session"));
    }
    let r = app.login_with("admin_a", PW).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "limited even with the right password");
    assert!(r.body.contains("尝试次数过多"));
    let failures = app.audit().await.iter().filter(|e| e.action == "auth.login_failed").count();
    assert_eq!(failures, 3);
    assert_ne!(app.login_with("nobody", PW).await.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn missing_or_wrong_csrf_changes_nothing() {
    let mut app = setup(WebConfig::default()).await;
    let r = app.post("/staff/login", &[("username", "admin_a"), ("password", PW), ("csrf_token", "x")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(!app.cookies.contains_key("gongkai_session"));
    app.login_with("admin_a", PW).await;
    let before = app.audit().await.len();
    for token in ["", "0000"] {
        let r = app.post("/staff/users", &user_form(token, "sneaky", "x", "role_admin", NEW_PW)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(r.body.contains("表单已失效"));
    }
    let r = app.post("/staff/agency", &[("office_name", "改"), ("address", "改"), ("phone", "1")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.audit().await.len(), before);
    assert!(app.store.find_login("sneaky").await.expect("lookup").is_none());
}

#[tokio::test]
async fn forged_or_expired_sessions_are_refused() {
    let mut app = setup(WebConfig::default()).await;
    app.cookies.insert("gongkai_session".into(), "f".repeat(64));
    let r = app.get("/staff").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(r.location().expect("redirect").starts_with("/staff/login"));
    app.cookies.insert("gongkai_session".into(), "not-hex-and-the-wrong-length".into());
    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let ttl = WebConfig { session_ttl: std::time::Duration::from_secs(1), ..WebConfig::default() };
    let mut short = setup(ttl).await;
    short.login_with("admin_a", PW).await;
    assert_eq!(short.get("/api/v1/me").await.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(short.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let mut app = setup(WebConfig::default()).await;
    app.login_with("admin_a", PW).await;
    let token = app.cookies["gongkai_session"].clone();
    let csrf = app.csrf().await;
    assert_eq!(app.post("/staff/logout", &[("csrf_token", &csrf)]).await.status, StatusCode::SEE_OTHER);
    app.cookies.insert("gongkai_session".into(), token);
    assert_eq!(app.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED, "old cookie is dead");
}

#[tokio::test]
async fn agency_a_never_reads_or_changes_agency_b_staff() {
    let mut app = setup(WebConfig::default()).await;
    app.login_with("admin_a", PW).await;
    let csrf = app.csrf().await;
    let b_users = app.get(&format!("/staff/users?agency={}", app.agencies[1])).await;
    assert_eq!(b_users.status, StatusCode::NOT_FOUND);
    assert!(!b_users.body.contains("admin_b"));
    assert_eq!(
        app.get(&format!("/staff/audit?agency={}", app.agencies[1])).await.status,
        StatusCode::NOT_FOUND
    );
    let (admin_b, _) = app.store.find_login("admin_b").await.expect("q").expect("exists");
    let path = format!("/staff/users/{}/active", admin_b.id);
    assert_eq!(
        app.post(&path, &[("csrf_token", &csrf), ("active", "0")]).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(app.store.get_user(admin_b.id).await.expect("q").expect("exists").active);
    let mut b = app.other_browser();
    b.login_with("admin_b", PW).await;
    assert_eq!(b.get(&format!("/staff/users?agency={}", b.county)).await.status, StatusCode::NOT_FOUND);
    // a supervisor of A reads B (below it) but cannot change it
    let mut s = app.other_browser();
    s.login_with("super_a", PW).await;
    let r = s.get(&format!("/staff/users?agency={}", s.agencies[1])).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("admin_b") && r.body.contains("只有本机关的管理员可以修改"));
    let csrf = s.csrf().await;
    assert_eq!(s.post(&path, &[("csrf_token", &csrf), ("active", "0")]).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn non_admins_cannot_manage_staff() {
    let mut app = setup(WebConfig::default()).await;
    app.login_with("editor_a", PW).await;
    let csrf = app.csrf().await;
    let r = app.post("/staff/users", &user_form(&csrf, "x1", "x", "role_admin", NEW_PW)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/staff/audit").await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn admin_edits_office_contacts_shown_on_the_portal() {
    let mut app = setup(WebConfig::default()).await;
    app.login_with("admin_a", PW).await;
    let csrf = app.csrf().await;
    let bad =
        app.post("/staff/agency", &[("csrf_token", &csrf), ("office_name", ""), ("email", "not-mail")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("请填写办公地址") && bad.body.contains("电子邮箱格式不正确"));
    let form = [
        ("csrf_token", csrf.as_str()),
        ("office_name", "甲县政务公开办"),
        ("address", "甲县人民路1号"),
        ("hours", "工作日"),
        ("phone", "0000-1111111"),
        ("fax", ""),
        ("email", "gk@example.gov.cn"),
    ];
    let ok = app.post("/staff/agency", &form).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(ok.body.contains("已保存"));
    let home = app.get("/").await;
    assert!(home.body.contains("甲县政务公开办") && home.body.contains("0000-1111111"));
    // Letter settings (issue 13): the default is named; too long is refused with the input kept.
    let page = app.get("/staff/agency").await;
    assert!(
        page.body.contains("文书设置") && page.body.contains("不填写时为“上一级行政机关”"),
        "{}",
        page.body
    );
    let long = "长".repeat(301);
    let r = app
        .post(
            "/staff/agency/letters",
            &[("csrf_token", &csrf), ("reconsideration_body", &long), ("fee_payment", "现场缴纳")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("不能超过 300 个字") && r.body.contains("现场缴纳"));
    let r = app
        .post(
            "/staff/agency/letters",
            &[("csrf_token", &csrf), ("reconsideration_body", " 乙市人民政府 "), ("fee_payment", "现场缴纳")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let a = app.store.get_agency(app.county).await.expect("q").expect("agency");
    assert_eq!(a.letters.reconsideration_body, "乙市人民政府");
    // A department's default is the government above it.
    let mut b = app.other_browser();
    b.login_with("admin_b", PW).await;
    assert!(b.get("/staff/agency").await.body.contains("不填写时为“甲县人民政府”"));
}

#[tokio::test]
async fn open_redirects_are_refused() {
    let mut app = setup(WebConfig::default()).await;
    let page = app.get("/staff/login?next=//evil.example/").await;
    let token = hidden(&page.body, "csrf_token");
    let form = [
        ("username", "admin_a"),
        ("password", PW),
        ("csrf_token", &token),
        ("next", "https://evil.example/"),
    ];
    assert_eq!(app.post("/staff/login", &form).await.location().as_deref(), Some("/staff"));
}

#[tokio::test]
async fn calendar_page_imports_a_new_year_for_top_level_admins_only() {
    let mut app = setup(WebConfig::default()).await;
    app.login_with("admin_a", PW).await;
    let page = app.get("/staff/calendar").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("2026") && page.body.contains("程序内置"));
    let csrf = hidden(&page.body, "csrf_token");
    let bad =
        app.post("/staff/calendar", &[("csrf_token", &csrf), ("source", "2027-13-01,holiday,国庆节")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("导入失败") && bad.body.contains("2027-13-01"), "input kept, error shown");
    let src = "# test\n2027-10-01,holiday,国庆节\n2027-10-09,workday,国庆节\n";
    let ok = app.post("/staff/calendar", &[("csrf_token", &csrf), ("source", src)]).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert!(ok.body.contains("已导入：2027"));
    assert!(app.store.list_calendar_years().await.expect("years").iter().any(|y| y.year == 2027));
    assert!(app.audit().await.iter().any(|e| e.action == "calendar.import_year"));
    // a department admin sees the page but may not import
    let mut b = app.other_browser();
    b.login_with("admin_b", PW).await;
    let csrf = hidden(&b.get("/staff/calendar").await.body, "csrf_token");
    let r = b.post("/staff/calendar", &[("csrf_token", &csrf), ("source", src)]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

/// Issue 13: a staff member changes their own password (the current one is asked for, every
/// session ends); an admin resets a colleague's password and edits roles, never their own admin
/// role, and only in their own agency.
#[tokio::test]
async fn passwords_and_roles_are_managed_through_the_pages() {
    let mut app = setup(WebConfig::default()).await;
    app.login_with("editor_a", PW).await;
    let page = app.get("/staff/password").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(app.get("/staff").await.body.contains("href=\"/staff/password\""), "linked from every page");
    let csrf = app.csrf().await;
    let change = |current: &'static str, new: &'static str, again: &'static str| {
        vec![
            ("csrf_token", csrf.clone()),
            ("current", current.into()),
            ("password", new.into()),
            ("password_confirm", again.into()),
        ]
    };
    let post = |f: &Vec<(&'static str, String)>| f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>();
    let form = post(&change("wrong-password-0", NEW_PW, NEW_PW));
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post("/staff/password", &refs).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("当前密码不正确"));
    let form = post(&change(PW, NEW_PW, "something-else-1"));
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post("/staff/password", &refs).await;
    assert!(r.body.contains("两次输入的密码不一致"));
    let form = post(&change(PW, NEW_PW, NEW_PW));
    let refs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = app.post("/staff/password", &refs).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location().as_deref(), Some("/staff/login?changed=1"));
    assert!(app.get("/staff/login?changed=1").await.body.contains("密码已修改，请用新密码登录"));
    assert_eq!(app.get("/staff").await.status, StatusCode::SEE_OTHER, "signed out");
    assert_eq!(app.other_browser().login_with("editor_a", PW).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(app.login_with("editor_a", NEW_PW).await.status, StatusCode::SEE_OTHER);
    // An editor cannot reset anyone's password or roles.
    let csrf = app.csrf().await;
    let (admin_a, _) = app.store.find_login("admin_a").await.expect("q").expect("exists");
    let r = app
        .post(&format!("/staff/users/{}/roles", admin_a.id), &[("csrf_token", &csrf), ("role_editor", "1")])
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The admin resets the editor's password and gives them the approver role too.
    let mut admin = app.other_browser();
    admin.login_with("admin_a", PW).await;
    let csrf = admin.csrf().await;
    let (editor, _) = admin.store.find_login("editor_a").await.expect("q").expect("exists");
    let r = admin
        .post(
            &format!("/staff/users/{}/password", editor.id),
            &[("csrf_token", &csrf), ("password", "123"), ("password_confirm", "123")],
        )
        .await;
    assert_eq!(
        r.location().as_deref(),
        Some(format!("/staff/users?error=pw_short&user={}", editor.id).as_str())
    );
    assert!(
        admin.get(r.location().as_deref().expect("redirect")).await.body.contains("密码至少需要 10 个字符")
    );
    let reset = "reset-by-admin-2026";
    let r = admin
        .post(
            &format!("/staff/users/{}/password", editor.id),
            &[("csrf_token", &csrf), ("password", reset), ("password_confirm", reset)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    assert!(admin.get(r.location().as_deref().expect("redirect")).await.body.contains("临时密码已保存"));
    assert_eq!(app.get("/staff").await.status, StatusCode::SEE_OTHER, "the editor was signed out");
    assert_eq!(app.login_with("editor_a", reset).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get("/staff").await.location().as_deref(),
        Some("/staff/password?required=1"),
        "a reset is temporary"
    );
    assert!(admin.get("/staff/users").await.body.contains("待设置自己的密码"));
    let r = admin
        .post(
            &format!("/staff/users/{}/roles", editor.id),
            &[("csrf_token", &csrf), ("role_editor", "1"), ("role_approver", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let roles = admin.store.get_user(editor.id).await.expect("q").expect("user").roles;
    assert_eq!(roles, vec![Role::Editor, Role::Approver]);
    // No roles at all, or the admin's own admin role: refused, nothing changed.
    let r = admin.post(&format!("/staff/users/{}/roles", editor.id), &[("csrf_token", &csrf)]).await;
    assert!(r.location().as_deref().unwrap_or_default().contains("error=roles_required"));
    let r = admin
        .post(&format!("/staff/users/{}/roles", admin_a.id), &[("csrf_token", &csrf), ("role_editor", "1")])
        .await;
    assert!(
        admin.get(r.location().as_deref().expect("redirect")).await.body.contains("不能取消自己的管理员角色")
    );
    assert_eq!(admin.store.get_user(admin_a.id).await.expect("q").expect("user").roles, vec![Role::Admin]);
    // Another agency's admin cannot touch agency A's staff.
    let mut b = admin.other_browser();
    b.login_with("admin_b", PW).await;
    let csrf = b.csrf().await;
    let r = b
        .post(
            &format!("/staff/users/{}/password", editor.id),
            &[("csrf_token", &csrf), ("password", reset), ("password_confirm", reset)],
        )
        .await;
    assert!(matches!(r.status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND), "{}", r.status);
    // The audit log says what happened, in Chinese.
    let audit = admin.get("/staff/audit").await;
    assert!(audit.body.contains("设置密码") && audit.body.contains("修改工作人员角色"), "{}", audit.body);
}

async fn me_with_bearer(app: &mut TestApp, bearer: &str) -> Resp {
    let req = Request::get("/api/v1/me")
        .header(header::AUTHORIZATION, format!("Bearer {bearer}"))
        .body(Body::empty())
        .expect("req");
    app.send(req).await
}

/// Issue 14: an API token acts as its user on the API; a revoked one gets 401.
#[tokio::test]
async fn api_tokens_act_as_their_user_until_revoked() {
    let mut app = setup(WebConfig::default()).await;
    let (editor, _) = app.store.find_login("editor_a").await.expect("q").expect("user");
    let token = gongkai_web::auth::new_api_token();
    let t = app
        .store
        .create_api_token(&Actor::system(), editor.id, "OA系统", &gongkai_web::auth::token_hash(&token), None)
        .await
        .expect("token");
    let r = me_with_bearer(&mut app, &token).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("editor_a"), "{}", r.body);
    assert_eq!(me_with_bearer(&mut app, "gk_not-a-token").await.status, StatusCode::UNAUTHORIZED);
    // The admin sees the token and its last use on the users page, and revokes it there.
    let mut admin = app.other_browser();
    admin.login_with("admin_a", PW).await;
    let page = admin.get("/staff/users").await;
    assert!(
        page.body.contains("接口令牌（1）") && page.body.contains("OA系统") && page.body.contains("最近使用"),
        "{}",
        page.body
    );
    let csrf = admin.csrf().await;
    let tid = t.id.to_string();
    let r = admin
        .post(
            &format!("/staff/users/{}/tokens/revoke", editor.id),
            &[("csrf_token", &csrf), ("token_id", &tid)],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(admin.get(r.location().as_deref().expect("redirect")).await.body.contains("接口令牌已吊销"));
    let r = me_with_bearer(&mut app, &token).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.body.contains("\"error\""), "the JSON envelope: {}", r.body);
}
