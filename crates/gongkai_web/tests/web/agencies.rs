//! 机构管理 through the pages (issue 14): a county admin creates a township with its 机构信息,
//! renames and moves agencies (a circle, a taken name and a bad credit code are refused with
//! Chinese messages and the input kept), deactivates one (gone from the portal's lists and
//! application form, refused on the API, its page still readable), and sets the site identity
//! shown in the footer and the page metadata; another agency's admin cannot touch the county.

use super::common::*;

async fn setup() -> TestApp {
    TestApp::builder()
        .today("2026-03-02")
        .county()
        .dept()
        .user(0, "admin", &[Role::Admin])
        .user(0, "editor", &[Role::Editor])
        .user(1, "dept_admin", &[Role::Admin])
        .build()
        .await
}

/// The agency form's fields, with `csrf` first.
fn form(
    csrf: &str,
    name: &str,
    parent: &str,
    level: &str,
    kind: &str,
    active: bool,
) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("csrf_token", csrf.to_owned()),
        ("name", name.to_owned()),
        ("parent_id", parent.to_owned()),
        ("level", level.to_owned()),
        ("kind", kind.to_owned()),
        ("credit_code", String::new()),
        ("functions", String::new()),
        ("head", String::new()),
        ("departments", String::new()),
    ];
    if active {
        f.push(("active", "1".to_owned()));
    }
    f
}

async fn send(app: &mut TestApp, path: String, f: Vec<(&'static str, String)>) -> Resp {
    let refs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.post(&path, &refs).await
}

async fn agency_id(app: &TestApp, name: &str) -> i64 {
    app.store.find_agency_by_name(name).await.unwrap().unwrap().id
}

#[tokio::test]
async fn a_county_admin_creates_moves_and_deactivates_its_agencies() {
    let mut app = setup().await;
    app.login("admin").await;
    let list = app.get("/staff/agencies").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("甲县教育局") && list.body.contains("新增下级机关"));
    let csrf = app.csrf().await;
    let county = app.county.to_string();
    // Every error at once, the input kept.
    let bad = [
        ("csrf_token", csrf.as_str()),
        ("name", "甲县教育局"),
        ("parent_id", county.as_str()),
        ("level", "township"),
        ("kind", ""),
        ("credit_code", "91350100M000100Y44"),
        ("functions", "负责全镇经济社会发展。"),
    ];
    let r = app.post("/staff/agencies/new", &bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in ["已有同名机关", "请选择类型", "统一社会信用代码不正确"] {
        assert!(r.body.contains(msg), "{msg}");
    }
    assert!(r.body.contains("负责全镇经济社会发展。"), "input kept");
    // A township under the county, with its 机构信息.
    let good = [
        ("csrf_token", csrf.as_str()),
        ("name", "甲县城关镇人民政府"),
        ("parent_id", county.as_str()),
        ("level", "township"),
        ("kind", "government"),
        ("credit_code", ""),
        ("functions", "负责全镇经济社会发展。"),
        ("head", "李四（镇长）"),
        ("departments", "党政办公室\n社会事务办公室"),
    ];
    let r = app.post("/staff/agencies/new", &good).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let town = agency_id(&app, "甲县城关镇人民政府").await;
    let page = app.get(&format!("/agencies/{town}")).await;
    for shown in ["机构职能", "负责全镇经济社会发展。", "李四（镇长）", "社会事务办公室"]
    {
        assert!(page.body.contains(shown), "{shown}");
    }
    // Rename the department; a county bureau cannot sit under a township.
    let dept = app.agencies[1].to_string();
    let r = send(
        &mut app,
        format!("/staff/agencies/{dept}"),
        form(&csrf, "甲县教育体育局", &county, "county", "department", true),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.get("/staff/agencies").await.body.contains("甲县教育体育局"));
    let r = send(
        &mut app,
        format!("/staff/agencies/{dept}"),
        form(&csrf, "甲县教育体育局", &town.to_string(), "county", "department", true),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("上级机关的层级不能低于本机关"), "a county bureau under a township");
    // The department cannot move under itself (it is not offered, and a forged post is refused).
    let r = send(
        &mut app,
        format!("/staff/agencies/{dept}"),
        form(&csrf, "甲县教育体育局", &dept, "county", "department", true),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("上级机关"), "{}", r.body);
    // Deactivate the township: gone from the portal's lists and form, refused on the API.
    let r = send(
        &mut app,
        format!("/staff/agencies/{town}"),
        form(&csrf, "甲县城关镇人民政府", &county, "township", "government", false),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut public = app.other_browser();
    assert!(!public.get("/apply").await.body.contains("甲县城关镇人民政府"));
    assert!(!public.get("/").await.body.contains("甲县城关镇人民政府"));
    assert_eq!(public.get(&format!("/agencies/{town}/apply")).await.status, StatusCode::GONE);
    let page = public.get(&format!("/agencies/{town}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("该机关已停用") && !page.body.contains("在线提交申请"));
    let body = json!({
        "agency": town,
        "applicant": {"kind": "natural_person", "name": "王小明", "id_type": "resident_id", "id_number": "11010519491231002X",
                      "phone": "13800138000", "email": "wxm@example.cn"},
        "description": "请公开2025年城关镇低保名单", "form": "electronic", "delivery": "online"
    });
    let refused = public.json("POST", "/api/v1/requests", &body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert_eq!(refused.code(), "agency_inactive");
    // Every change is in the audit log.
    let audit = app.audit().await;
    assert!(audit.iter().filter(|e| e.action == "agency.update").count() >= 3);
}

#[tokio::test]
async fn the_site_identity_is_set_by_the_top_admin_and_shown_on_every_portal_page() {
    let mut app = setup().await;
    app.login("admin").await;
    let csrf = app.csrf().await;
    let bad = app
        .post(
            "/staff/agencies/site",
            &[("csrf_token", &csrf), ("site_code", "35-01"), ("icp_record", ""), ("police_record", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("网站标识码应为字母和数字"));
    let r = app
        .post(
            "/staff/agencies/site",
            &[
                ("csrf_token", &csrf),
                ("site_code", "3501000001"),
                ("icp_record", "闽ICP备05000001号"),
                ("police_record", "闽公网安备 35010202000001号"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let home = app.other_browser().get("/catalog").await;
    for shown in [
        "网站标识码：3501000001",
        "闽ICP备05000001号",
        "闽公网安备 35010202000001号",
        "<meta name=\"SiteIDCode\" content=\"3501000001\">",
    ] {
        assert!(home.body.contains(shown), "{shown}");
    }
    // The department's admin manages only its own agency: not the county, not the site.
    let mut dept = app.other_browser();
    dept.login("dept_admin").await;
    let csrf = dept.csrf().await;
    assert_eq!(dept.get(&format!("/staff/agencies/{}", app.county)).await.status, StatusCode::NOT_FOUND);
    let r = dept
        .post(
            "/staff/agencies/site",
            &[("csrf_token", &csrf), ("site_code", "1"), ("icp_record", ""), ("police_record", "")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut editor = app.other_browser();
    editor.login("editor").await;
    assert_eq!(editor.get("/staff/agencies").await.status, StatusCode::FORBIDDEN);
}

/// Issue 14: an empty platform is set up on the first-run page behind its one-time link — every
/// error at once with the input kept, then the top agency, its admin (who signs in with the
/// password chosen there) and the site identity; the link is dead afterwards, and without it
/// the page is not found.
#[tokio::test]
async fn an_empty_platform_is_set_up_on_the_first_run_page() {
    let mut app = TestApp::builder().today("2026-03-02").build().await;
    assert!(app.store.list_agencies().await.unwrap().is_empty());
    assert!(app.get("/").await.body.contains("/setup?token="), "the home page says how");
    // Closed until serve opens it; a wrong token is as good as none.
    assert_eq!(app.get("/setup").await.status, StatusCode::NOT_FOUND);
    let token = app.state.open_setup();
    assert_eq!(app.get("/setup?token=nope").await.status, StatusCode::NOT_FOUND);
    let page = app.get(&format!("/setup?token={token}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("首次设置") && page.body.contains("第一位管理员"));
    let mut form = vec![
        ("token", token.as_str()),
        ("name", "甲县人民政府"),
        ("level", "county"),
        ("kind", "government"),
        ("credit_code", "11350100M000100Y44"),
        ("username", "张三"),
        ("display_name", "张三"),
        ("password", "123"),
        ("password_confirm", "123"),
        ("site_code", "3501000001"),
        ("icp_record", "闽ICP备05000001号"),
        ("police_record", ""),
    ];
    let r = app.post_form("/setup", &form).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    for msg in ["统一社会信用代码不正确", "登录名只能使用字母", "密码至少需要 10 个字符"]
    {
        assert!(r.body.contains(msg), "{msg}");
    }
    assert!(r.body.contains("甲县人民政府") && r.body.contains("3501000001"), "input kept");
    assert!(!r.body.contains("value=\"123\""), "passwords are not echoed");
    assert!(app.store.list_agencies().await.unwrap().is_empty(), "nothing written");
    form[4] = ("credit_code", "");
    form[5] = ("username", "zhangsan");
    form[7] = ("password", "县政府公开办2026");
    form[8] = ("password_confirm", "县政府公开办2026");
    let r = app.post_form("/setup", &form).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.location().as_deref(), Some("/staff/login?setup=1"));
    let all = app.store.list_agencies().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!((all[0].name.as_str(), all[0].site.site_code.as_str()), ("甲县人民政府", "3501000001"));
    assert!(app.get("/").await.body.contains("网站标识码：3501000001"));
    // Used once: the link is dead, a replay writes nothing.
    assert_eq!(app.get(&format!("/setup?token={token}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.post_form("/setup", &form).await.status, StatusCode::NOT_FOUND);
    // The admin signs in with the chosen password (not a temporary one) and manages agencies.
    let r = app.login_with("zhangsan", "县政府公开办2026").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(app.get("/staff/agencies").await.status, StatusCode::OK);
    // The use case refuses a second setup even with a fresh token.
    let input =
        gongkai_app::agencies::FirstRun { agency_name: "乙县人民政府".into(), ..Default::default() };
    let e = gongkai_app::agencies::first_run(&app.state, &input).await.unwrap_err();
    assert_eq!(e.code(), "already_set_up");
}
