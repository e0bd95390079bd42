//! Issue 14: every staff action has an API. Agencies (create, rename, move, deactivate), staff
//! accounts (create with a temporary password, roles, deactivate, reset), annual reports (draft,
//! check, publish, correct, export), the calendar import, catalog findings and request letters —
//! through tokens alone, with the pages' rules and the envelope's stable codes.

use super::common::*;

async fn setup() -> TestApp {
    TestApp::builder()
        .today("2026-01-20")
        .county()
        .dept()
        .user(0, "admin", &[Role::Admin])
        .user(0, "editor", &[Role::Editor])
        .user(0, "reviewer", &[Role::Reviewer])
        .user(0, "approver", &[Role::Approver])
        .user(1, "dept_admin", &[Role::Admin])
        .build()
        .await
}

#[tokio::test]
async fn agencies_are_created_moved_and_deactivated_through_the_api() {
    let mut app = setup().await;
    let admin = app.token_for("admin").await;
    let town = json!({"name": "甲县乙镇人民政府", "level": "township", "kind": "government",
                      "functions": "负责全镇经济社会发展。", "head": "王五"});
    let r = app.api("POST", "/api/v1/agencies", &admin, Some(town.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let town_id = v["id"].as_i64().unwrap();
    assert_eq!(v["parent_id"], json!(app.county));
    assert_eq!(
        (v["level"].as_str(), v["functions"].as_str()),
        (Some("township"), Some("负责全镇经济社会发展。"))
    );
    // The same name again, a bad credit code, an unknown level: 422 with the field's code.
    let r = app.api("POST", "/api/v1/agencies", &admin, Some(town.clone())).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "taken".into()), "{}", r.body);
    let mut bad = town.clone();
    bad["name"] = "甲县丙镇人民政府".into();
    bad["credit_code"] = "91350100M000100Y44".into();
    let r = app.api("POST", "/api/v1/agencies", &admin, Some(bad.clone())).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_code".into()), "{}", r.body);
    bad["credit_code"] = "".into();
    bad["level"] = "galaxy".into();
    let r = app.api("POST", "/api/v1/agencies", &admin, Some(bad)).await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "required".into()), "{}", r.body);
    // Not JSON: the envelope.
    let req = app
        .request("POST", "/api/v1/agencies")
        .header(header::AUTHORIZATION, format!("Bearer {admin}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"name\": "))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_agency".into()),
        "{}",
        r.body
    );
    // Rename and re-parent under the department (only the fields given change).
    let path = format!("/api/v1/agencies/{town_id}");
    let r = app.api("PATCH", &path, &admin, Some(json!({"name": "甲县乙镇"}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!((r.json()["name"].as_str(), r.json()["head"].as_str()), (Some("甲县乙镇"), Some("王五")));
    // Under itself: a circle, refused; the parent must be the caller's agency or below.
    let r = app.api("PATCH", &path, &admin, Some(json!({"parent_id": town_id}))).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_parent".into()),
        "{}",
        r.body
    );
    let dept_path = format!("/api/v1/agencies/{}", app.agencies[1]);
    // Deactivate: still readable, flagged.
    let r = app.api("PATCH", &dept_path, &admin, Some(json!({"active": false}))).await;
    assert_eq!((r.status, r.json()["active"].as_bool()), (StatusCode::OK, Some(false)), "{}", r.body);
    assert_eq!(app.get(&dept_path).await.json()["active"], json!(false));
    // Another agency's admin and a non-admin are refused; the audit names the token.
    let dept_admin = app.token_for("dept_admin").await;
    let r = app.api("PATCH", &path, &dept_admin, Some(json!({"name": "改名"}))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let editor = app.token_for("editor").await;
    let r = app
        .api(
            "POST",
            "/api/v1/agencies",
            &editor,
            Some(json!({"name": "甲县丁镇人民政府", "level": "township", "kind": "government"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    assert!(
        app.audit().await.iter().any(|e| e.action.starts_with("agency.") && e.actor.contains("token:测试"))
    );
}

#[tokio::test]
async fn staff_accounts_are_managed_through_the_api() {
    let mut app = setup().await;
    let admin = app.token_for("admin").await;
    let r = app
        .api(
            "POST",
            "/api/v1/users",
            &admin,
            Some(json!({"username": "li.si", "display_name": "李四", "roles": ["editor"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let v = r.json();
    let id = v["user"]["id"].as_i64().unwrap();
    let temporary = v["temporary_password"].as_str().unwrap().to_owned();
    assert_eq!(v["user"]["must_change_password"], json!(true));
    // The temporary password signs in and must be replaced first.
    let mut colleague = app.other_browser();
    let r = colleague.login_with("li.si", &temporary).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = colleague.get("/staff").await;
    assert_eq!(r.location().as_deref(), Some("/staff/password?required=1"));
    // Refusals with codes: a taken login, an unknown role, no role, one's own admin role, oneself.
    for (body, code) in [
        (json!({"username": "li.si", "display_name": "李四", "roles": ["editor"]}), "username_taken"),
        (json!({"username": "wang", "display_name": "王", "roles": ["boss"]}), "unknown_role"),
        (json!({"username": "wang", "display_name": "王", "roles": []}), "roles_required"),
        (json!({"username": "王", "display_name": "王", "roles": ["editor"]}), "invalid_username"),
    ] {
        let r = app.api("POST", "/api/v1/users", &admin, Some(body)).await;
        assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, code.into()), "{}", r.body);
    }
    let (me, _) = app.store.find_login("admin").await.unwrap().unwrap();
    let own = format!("/api/v1/users/{}", me.id);
    let r = app.api("PATCH", &own, &admin, Some(json!({"roles": ["editor"]}))).await;
    assert_eq!(r.code(), "own_admin", "{}", r.body);
    let r = app.api("PATCH", &own, &admin, Some(json!({"active": false}))).await;
    assert_eq!(r.code(), "cannot_deactivate_self", "{}", r.body);
    // Roles and status of the colleague.
    let path = format!("/api/v1/users/{id}");
    let r = app
        .api("PATCH", &path, &admin, Some(json!({"roles": ["reviewer", "approver"], "active": false})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["roles"].clone(), r.json()["active"].clone()),
        (json!(["reviewer", "approver"]), json!(false))
    );
    let list = app.api("GET", "/api/v1/users", &admin, None).await;
    assert!(
        list.json()
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["username"] == "li.si" && u["active"] == json!(false))
    );
    // A reset answers a new temporary password.
    let r = app.api("POST", &format!("{path}/password-reset"), &admin, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_ne!(r.json()["temporary_password"].as_str().unwrap(), temporary);
    // Not an admin; another agency's admin does not see the account.
    let editor = app.token_for("editor").await;
    assert_eq!(app.api("GET", "/api/v1/users", &editor, None).await.status, StatusCode::FORBIDDEN);
    let dept_admin = app.token_for("dept_admin").await;
    let r = app.api("PATCH", &path, &dept_admin, Some(json!({"active": true}))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_annual_report_is_written_published_corrected_and_exported_through_the_api() {
    let mut app = setup().await;
    let (editor, approver, reviewer) =
        (app.token_for("editor").await, app.token_for("approver").await, app.token_for("reviewer").await);
    let r = app.api("GET", "/api/v1/reports/2025", &editor, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["status"], "none");
    assert_eq!(r.json()["document"]["year"], 2025);
    // Publishing with empty sections is refused, with the reasons.
    let r = app
        .api("POST", "/api/v1/reports/2025/publish", &approver, Some(json!({"published_on": "2026-01-20"})))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "report_not_ready".into()),
        "{}",
        r.body
    );
    let sections = json!({"sections": {
        "overview": "本机关认真贯彻落实条例。", "overview_management": "严格执行保密审查制度。",
        "overview_platforms": "政府网站专栏运行正常。", "overview_supervision": "组织培训两次。",
        "problems": "公开栏更新不够及时。"}});
    assert_eq!(
        app.api("PUT", "/api/v1/reports/2025/sections", &reviewer, Some(sections.clone())).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.api("PUT", "/api/v1/reports/2025/sections", &editor, Some(sections.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["status"].as_str(), r.json()["sections"]["problems"].as_str()),
        (Some("draft"), Some("公开栏更新不够及时。"))
    );
    // The editor may not publish; a date inside the year is refused; then it publishes.
    let r = app.api("POST", "/api/v1/reports/2025/publish", &editor, Some(json!({}))).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .api("POST", "/api/v1/reports/2025/publish", &approver, Some(json!({"published_on": "2025-12-31"})))
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::UNPROCESSABLE_ENTITY, "publish_date".into()), "{}", r.body);
    let r = app
        .api("POST", "/api/v1/reports/2025/publish", &approver, Some(json!({"published_on": "2026-01-20"})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["status"].as_str(), r.json()["published_on"].as_str()),
        (Some("published"), Some("2026-01-20"))
    );
    assert_eq!(
        app.get(&format!("/agencies/{}/annual-reports/2025", app.county)).await.status,
        StatusCode::OK
    );
    // Locked: writing is a conflict until a new version starts.
    let r = app.api("PUT", "/api/v1/reports/2025/sections", &editor, Some(sections.clone())).await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "report_locked".into()), "{}", r.body);
    let r = app.api("POST", "/api/v1/reports/2025/new-version", &approver, None).await;
    assert_eq!(
        (r.json()["status"].as_str(), r.json()["version"].as_i64()),
        (Some("draft"), Some(2)),
        "{}",
        r.body
    );
    // Exports.
    let r = app.api("GET", "/api/v1/reports/2025/export/report.json", &editor, None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("application/json"));
    let r = app.api("GET", "/api/v1/reports/2025/export/report.docx", &editor, None).await;
    assert!(r.bytes.starts_with(b"PK"), "a DOCX");
    assert_eq!(
        app.api("GET", "/api/v1/reports/2025/export/report.exe", &editor, None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // Another tree's agency is not found; a year out of range neither.
    let dept = app.token_for("dept_admin").await;
    let r = app.api("GET", &format!("/api/v1/reports/2025?agency={}", app.county), &dept, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.api("GET", "/api/v1/reports/99999", &editor, None).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn the_calendar_findings_and_letters_have_an_api() {
    let mut app = setup().await;
    let (admin, editor) = (app.token_for("admin").await, app.token_for("editor").await);
    // Calendar: listed; a bad line refused with nothing stored; a good year imported; others 403.
    let r = app.api("GET", "/api/v1/calendar", &editor, None).await;
    assert!(r.json().as_array().unwrap().iter().any(|y| y["year"] == 2026), "{}", r.body);
    let r = app
        .api("POST", "/api/v1/calendar", &admin, Some(json!({"source": "2027-13-01,holiday,国庆节"})))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "calendar_invalid".into()),
        "{}",
        r.body
    );
    assert!(app.store.list_calendar_years().await.unwrap().is_empty());
    let src = "2027-10-01,holiday,国庆节\n2027-10-09,workday,国庆节\n";
    assert_eq!(
        app.api("POST", "/api/v1/calendar", &editor, Some(json!({"source": src}))).await.status,
        StatusCode::FORBIDDEN
    );
    let r = app.api("POST", "/api/v1/calendar", &admin, Some(json!({"source": src}))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["imported"][0].as_str().unwrap().starts_with("2027 年"));
    // Findings: an ID number in a draft is found, masked, never answered raw.
    let draft = json!({"title": "关于张三低保资格的公示", "body": "<p>张三，身份证号 110101199003074477，家住甲村。</p>",
                       "formed_on": "2026-01-10", "topic": "民政、扶贫、救灾", "genre": "notice"});
    let r = app.api("POST", "/api/v1/publications", &editor, Some(draft)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let r = app.api("GET", &format!("/api/v1/publications/{id}/findings"), &editor, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.json().as_array().unwrap().is_empty(), "{}", r.body);
    assert!(!r.body.contains("110101199003074477"), "raw number never answered");
    let dept = app.token_for("dept_admin").await;
    assert_eq!(
        app.api("GET", &format!("/api/v1/publications/{id}/findings"), &dept, None).await.status,
        StatusCode::NOT_FOUND
    );
    // Letters: a request filed by staff has its receipt; JSON, DOCX and PDF, 404 elsewhere.
    let new = json!({"agency": app.county,
        "applicant": {"kind": "company", "name": "甲县某公司", "id_type": "credit_code", "id_number": "91350100M000100Y43",
                      "phone": "0599-1234567", "email": "a@example.cn", "address": "甲县"},
        "description": "请公开2025年本县春耕补助发放名单及标准。", "form": "electronic", "delivery": "online"});
    let r = app.api("POST", "/api/v1/requests", &editor, Some(new)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let list = app.api("GET", "/api/v1/requests", &editor, None).await;
    let rid = list.json()["items"][0]["id"].as_i64().expect("listed");
    let act = json!({"version": 1, "action": {"action": "confirm_receipt", "on": "2026-01-20"}});
    let r = app.api("POST", &format!("/api/v1/requests/{rid}/actions"), &editor, Some(act)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app.api("GET", &format!("/api/v1/requests/{rid}"), &editor, None).await;
    let letters = r.json()["letters"].clone();
    let lid = letters[0]["id"].as_i64().unwrap_or_else(|| panic!("a letter: {}", r.body));
    let base = format!("/api/v1/requests/{rid}/letters/{lid}");
    let r = app.api("GET", &base, &editor, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json()["body"].as_str().unwrap().contains("甲县某公司"), "{}", r.body);
    let r = app.api("GET", &format!("{base}?format=docx"), &editor, None).await;
    assert!(r.bytes.starts_with(b"PK"));
    let r = app.api("GET", &format!("{base}?format=exe"), &editor, None).await;
    assert_eq!(r.code(), "invalid_format");
    assert_eq!(app.api("GET", &base, &dept, None).await.status, StatusCode::NOT_FOUND);
    // The OpenAPI document lists the new paths.
    let doc = app.get("/api/v1/openapi.json").await.json();
    for p in [
        "/api/v1/users",
        "/api/v1/reports/{year}/publish",
        "/api/v1/calendar",
        "/api/v1/publications/{id}/findings",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
}

/// The catalog's editor through the API: edit a draft (stale version 409), add and remove an
/// attachment (checked and scanned like the editor's), mask findings by kind.
#[tokio::test]
async fn drafts_are_edited_with_attachments_and_findings_through_the_api() {
    let mut app = setup().await;
    let (editor, reviewer) = (app.token_for("editor").await, app.token_for("reviewer").await);
    let draft = json!({"title": "关于低保资格的公示", "body": "<p>张三，身份证号 110101199003074477。</p>",
                       "formed_on": "2026-01-10", "topic": "民政、扶贫、救灾", "genre": "notice"});
    let r = app.api("POST", "/api/v1/publications", &editor, Some(draft.clone())).await;
    let id = r.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/publications/{id}");
    // Edit: validated, versioned.
    let mut edit = draft.clone();
    edit["version"] = 1.into();
    edit["title"] = "关于2026年低保资格的公示".into();
    let r = app.api("PUT", &path, &editor, Some(edit.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        (r.json()["version"].as_i64(), r.json()["title"].as_str()),
        (Some(2), Some("关于2026年低保资格的公示"))
    );
    let r = app.api("PUT", &path, &editor, Some(edit.clone())).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "stale: {}", r.body);
    edit["version"] = 2.into();
    edit["formed_on"] = "2026-02-30".into();
    let r = app.api("PUT", &path, &editor, Some(edit.clone())).await;
    assert_eq!(
        (r.status, r.json()["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("formed_on"))
    );
    edit["formed_on"] = "2026-01-10".into();
    assert_eq!(app.api("PUT", &path, &reviewer, Some(edit)).await.status, StatusCode::FORBIDDEN);
    // Attachments: added (scanned: the phone number is a finding), removed; an empty body refused.
    let req = app
        .request("POST", &format!("{path}/attachments?version=2&name=%E5%90%8D%E5%8D%95.txt"))
        .header(header::AUTHORIZATION, format!("Bearer {editor}"))
        .body(Body::from("联系人：李四，电话 13812345678\n".as_bytes().to_vec()))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let att = r.json()["attachments"][0]["id"].as_i64().unwrap();
    assert_eq!(r.json()["attachments"][0]["name"], "名单.txt");
    let findings = app.api("GET", &format!("{path}/findings"), &editor, None).await.json();
    assert!(findings.as_array().unwrap().iter().any(|f| f["source"] == "名单.txt"), "{findings}");
    let r = app.api("POST", &format!("{path}/attachments?version=3&name=x.txt"), &editor, None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = app.api("DELETE", &format!("{path}/attachments/{att}?version=3"), &editor, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["attachments"], json!([]));
    // Findings: an unknown op refused; masking every ID number leaves none in the body.
    let kind = findings.as_array().unwrap().iter().find(|f| f["source"] == "正文").unwrap()["kind"].clone();
    let r = app
        .api(
            "POST",
            &format!("{path}/findings"),
            &editor,
            Some(json!({"version": 4, "op": "erase", "kind": kind})),
        )
        .await;
    assert_eq!(r.code(), "invalid_op");
    // Masking is the reviewer's (保密审查), once the draft is submitted.
    let mask = json!({"version": 4, "op": "mask", "kind": kind});
    let r = app.api("POST", &format!("{path}/findings"), &editor, Some(mask)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.body);
    let submit = json!({"version": 4, "action": {"action": "submit"}});
    let r = app.api("POST", &format!("{path}/actions"), &editor, Some(submit)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let mask = json!({"version": 5, "op": "mask", "kind": kind});
    let r = app.api("POST", &format!("{path}/findings"), &reviewer, Some(mask)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.json().as_array().unwrap().iter().all(|f| f["source"] != "正文"), "{}", r.body);
    let rec = app.store.get_publication(id).await.unwrap().unwrap();
    assert!(!rec.facts.content.body_html.contains("110101199003074477"));
}

/// Issue 16, 三同步: a 规范性文件 (第二十条（一）) awaiting review shows the reviewer a reminder to
/// interpret it; once a 政策解读 links to it, the reminder goes.
#[tokio::test]
async fn a_policy_document_without_an_interpretation_is_flagged_in_review() {
    let mut app = setup().await;
    let editor = app.token_for("editor").await;
    let policy = json!({"title": "甲县城区停车管理办法", "body": "<p>第一条 为规范停车秩序，制定本办法。</p>",
                        "formed_on": "2026-01-10", "topic": "工业、交通", "genre": "notice", "statutory": ["art20_01"],
                        "document_number": "甲政规〔2026〕1号"});
    let r = app.api("POST", "/api/v1/publications", &editor, Some(policy)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.json()["id"].as_i64().unwrap();
    let mut reviewer = app.other_browser();
    reviewer.login("reviewer").await;
    let page = reviewer.get(&format!("/staff/catalog/{id}")).await;
    assert!(page.body.contains("三同步") && page.body.contains("国办发〔2016〕80号"), "{}", page.body);
    let reading = json!({"title": "《甲县城区停车管理办法》政策解读", "body": "<p>一、制定背景……</p>",
                         "formed_on": "2026-01-10", "topic": "工业、交通", "genre": "interpretation", "interprets": id});
    let r = app.api("POST", "/api/v1/publications", &editor, Some(reading)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let page = reviewer.get(&format!("/staff/catalog/{id}")).await;
    assert!(!page.body.contains("三同步"), "linked now");
}

/// Issue 14, the rest of the API: report registers and versions, case updates and files, request
/// files (a released file with an ID number comes back with a warning before delivery).
#[tokio::test]
async fn registers_versions_cases_and_files_have_an_api() {
    let mut app = setup().await;
    let (editor, approver) = (app.token_for("editor").await, app.token_for("approver").await);
    // Registers: added (checked by the kind's fields), listed, deleted; a bad one names the field.
    let r = app
        .api("POST", "/api/v1/reports/2025/registers", &editor,
             Some(json!({"kind": "training", "fields": {"on": "2025-06-01", "title": "政务公开业务培训", "attendees": 35}})))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rid = r.json()["id"].as_i64().unwrap();
    let r = app
        .api("POST", "/api/v1/reports/2025/registers", &editor,
             Some(json!({"kind": "training", "fields": {"on": "2025-06-01", "title": "培训", "attendees": "很多"}})))
        .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_register".into()),
        "{}",
        r.body
    );
    assert!(r.json()["error"]["message"].as_str().unwrap().contains("参加人数"));
    let r =
        app.api("POST", "/api/v1/reports/2025/registers", &editor, Some(json!({"kind": "nonsense"}))).await;
    assert_eq!(r.code(), "unknown_register");
    let list = app.api("GET", "/api/v1/reports/2025/registers", &editor, None).await.json();
    assert_eq!(list[0]["kind_label"], "会议和培训");
    assert_eq!(list[0]["data"]["attendees"], 35.0);
    let r = app.api("GET", "/api/v1/reports/2025", &editor, None).await;
    assert!(r.body.contains("35"), "the narrative counts the training");
    assert_eq!(
        app.api("DELETE", &format!("/api/v1/reports/2025/registers/{rid}"), &editor, None).await.status,
        StatusCode::OK
    );
    assert!(
        app.api("GET", "/api/v1/reports/2025/registers", &editor, None)
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Versions.
    app.api(
        "PUT",
        "/api/v1/reports/2025/sections",
        &editor,
        Some(json!({"sections": {"overview": "概述。"}})),
    )
    .await;
    let v = app.api("GET", "/api/v1/reports/2025/versions", &approver, None).await.json();
    assert_eq!((v[0]["version"].as_i64(), v[0]["locked"].as_bool()), (Some(1), Some(false)), "{v}");
    // Cases: created, updated with its result (stale version 409), a document added.
    let case = json!({"kind": "reconsideration", "body": "甲市人民政府", "case_number": "甲复〔2025〕1号",
                      "applicant": "李四", "filed_on": "2025-05-06", "result": "pending", "summary": "不服答复"});
    let r = app.api("POST", "/api/v1/cases", &editor, Some(case.clone())).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let cid = r.json()["id"].as_i64().unwrap();
    let mut closed = case.clone();
    closed["version"] = 1.into();
    closed["closed_on"] = "2025-07-01".into();
    closed["result"] = "upheld".into();
    let r = app.api("PUT", &format!("/api/v1/cases/{cid}"), &editor, Some(closed.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.json()["result"], "upheld");
    let r = app.api("PUT", &format!("/api/v1/cases/{cid}"), &editor, Some(closed)).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "stale: {}", r.body);
    let req = app
        .request("POST", &format!("/api/v1/cases/{cid}/files?name=%E5%A4%8D%E8%AE%AE%E5%86%B3%E5%AE%9A.docx"))
        .header(header::AUTHORIZATION, format!("Bearer {editor}"))
        .body(Body::from(gongkai_app::letters::docx("复议决定书", "", "维持原答复。")))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.json()["files"][0]["name"], "复议决定.docx");
    // Request files: a released file with an ID number is flagged before delivery; a bad role refused.
    let new = json!({"agency": app.county,
        "applicant": {"kind": "company", "name": "甲县某公司", "id_type": "credit_code", "id_number": "91350100M000100Y43",
                      "phone": "0599-1234567", "email": "a@example.cn", "address": "甲县"},
        "description": "请公开2025年本县春耕补助发放名单。", "form": "electronic", "delivery": "online"});
    assert_eq!(app.json("POST", "/api/v1/requests", &new).await.status, StatusCode::CREATED);
    let rid =
        app.api("GET", "/api/v1/requests", &editor, None).await.json()["items"][0]["id"].as_i64().unwrap();
    let upload =
        |role: &str| format!("/api/v1/requests/{rid}/files?name=%E5%90%8D%E5%8D%95.docx&role={role}");
    let req = app
        .request("POST", &upload("released"))
        .header(header::AUTHORIZATION, format!("Bearer {editor}"))
        .body(Body::from(gongkai_app::letters::docx(
            "补助名单",
            "",
            "张三，身份证号 11010519491231002X，补助1000元。",
        )))
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(r.json()["warnings"][0].as_str().unwrap().contains("名单.docx"), "{}", r.body);
    let req = app
        .request("POST", &upload("secret"))
        .header(header::AUTHORIZATION, format!("Bearer {editor}"))
        .body(Body::from("x"))
        .unwrap();
    assert_eq!(app.send(req).await.code(), "invalid_role");
    let dept = app.token_for("dept_admin").await;
    let req = app
        .request("POST", &upload("released"))
        .header(header::AUTHORIZATION, format!("Bearer {dept}"))
        .body(Body::from("x"))
        .unwrap();
    assert_eq!(app.send(req).await.status, StatusCode::NOT_FOUND);
}

/// Issue 17 (条例 第四十四条第二款): an applicant may suggest the information be published
/// proactively — on the form and through the API; staff see it on the request.
#[tokio::test]
async fn an_applicant_suggests_proactive_publication() {
    let mut app = setup().await;
    let form = app.get(&format!("/agencies/{}/apply", app.county)).await;
    assert!(form.body.contains("name=\"suggest_publication\"") && form.body.contains("第四十四条第二款"));
    let new = json!({"agency": app.county, "suggest_publication": true,
        "applicant": {"kind": "company", "name": "甲县某公司", "id_type": "credit_code", "id_number": "91350100M000100Y43",
                      "phone": "0599-1234567", "email": "a@example.cn", "address": "甲县"},
        "description": "请公开2025年本县春耕补助发放标准。", "form": "electronic", "delivery": "online"});
    let r = app.json("POST", "/api/v1/requests", &new).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let number = r.json()["number"].as_str().unwrap().to_owned();
    let (rec, _) = app.store.find_request_by_number(&number).await.unwrap().unwrap();
    assert!(rec.facts.application.suggest_publication);
    let mut staff = app.other_browser();
    staff.login("editor").await;
    let page = staff.get(&format!("/staff/requests/{}", rec.id)).await;
    assert!(page.body.contains("申请人建议将该信息纳入主动公开"), "{}", page.body);
}
