//! 意见征集 (issue 16) through the pages and the API: staff open a consultation (a period shorter
//! than its kind's minimum is refused with the source), the public comments while it is open
//! (repeats, markup and late comments refused), staff decide each comment (reasons owed unless
//! adopted), the feedback is published once all are decided and shown matched to the comments;
//! then nothing changes any more. Run on SQLite and PostgreSQL.

use super::common::*;

fn seeded() -> Builder {
    TestApp::builder()
        .today("2026-03-02")
        .county()
        .dept()
        .user(0, "editor", &[Role::Editor])
        .user(0, "approver", &[Role::Approver])
        .user(1, "dept_editor", &[Role::Editor])
}

async fn open_consultation(staff: &mut TestApp, closes_on: &str) -> Resp {
    let csrf = staff.csrf().await;
    staff
        .post(
            "/staff/consultations",
            &[
                ("csrf_token", &csrf),
                ("kind", "normative_document"),
                ("title", "甲县城区停车管理办法（征求意见稿）"),
                ("summary", "主要调整夜间停车收费标准。"),
                ("body", "第一条 为规范城区停车秩序，制定本办法。\n第二条 夜间停车按次收费。"),
                ("opens_on", "2026-03-02"),
                ("closes_on", closes_on),
            ],
        )
        .await
}

async fn story(mut app: TestApp) {
    let mut staff = app.other_browser();
    staff.login("editor").await;
    // 规范性文件: at least 7 working days (2 to 9 March is 6).
    let r = open_consultation(&mut staff, "2026-03-09").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.page().contains("不少于7个工作日") && r.page().contains("国办发〔2018〕37号"), "{}", r.body);
    assert!(r.page().contains("甲县城区停车管理办法（征求意见稿）"), "input kept");
    let r = open_consultation(&mut staff, "2026-03-10").await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let staff_url = r.location().unwrap();
    let id: i64 = staff_url.rsplit('/').next().unwrap().parse().unwrap();
    // The public sees it open with a form.
    let list = app.get("/consultations").await;
    assert!(list.page().contains("甲县城区停车管理办法") && list.page().contains("征集中"));
    let page = app.get(&format!("/consultations/{id}")).await;
    assert!(page.page().contains("提交意见") && page.page().contains("第二条 夜间停车按次收费"));
    let csrf = hidden(&page.body, "csrf_token");
    let path = format!("/consultations/{id}/comments");
    let r =
        app.post(&path, &[("csrf_token", &csrf), ("name", "李四"), ("body", "建议夜间前两小时免费。")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(app.get(&r.location().unwrap()).await.page().contains("您的意见已提交"));
    // The same text again, markup, an empty comment: refused, the text kept.
    let r = app
        .post(&path, &[("csrf_token", &csrf), ("name", "王五"), ("body", "建议夜间前两小时 免费。")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.page().contains("相同内容的意见已经提交过"));
    let r = app.post(&path, &[("csrf_token", &csrf), ("body", "<script>alert(1)</script>收费太高")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.page().contains("纯文本") && !r.body.contains("<script>alert"), "escaped and refused");
    let r = app.post(&path, &[("body", "没有令牌的意见")]).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "CSRF");
    // The API: listed open, a comment filed.
    let v = app.get("/api/v1/consultations").await.json();
    assert_eq!(v[0]["state"], "open");
    let r = app
        .json(
            "POST",
            &format!("/api/v1/consultations/{id}/comments"),
            &json!({"body": "收费标准应与邻县一致。"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(
        app.get(&format!("/api/v1/consultations/{id}")).await.json().get("comments").is_none(),
        "not while open"
    );
    // Feedback cannot be published while open.
    let mut approver = app.other_browser();
    approver.login("approver").await;
    let csrf_a = approver.csrf().await;
    let r = approver
        .post(
            &format!("/staff/consultations/{id}/feedback"),
            &[("csrf_token", &csrf_a), ("feedback", "采纳一条。")],
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    // Closed: no more comments; the API lists comments with undecided decisions.
    app.on("2026-03-11");
    staff.on("2026-03-11");
    approver.on("2026-03-11");
    let r = app
        .json("POST", &format!("/api/v1/consultations/{id}/comments"), &json!({"body": "迟到的意见。"}))
        .await;
    assert_eq!((r.status, r.code()), (StatusCode::CONFLICT, "consultation_closed".into()), "{}", r.body);
    let v = app.get(&format!("/api/v1/consultations/{id}")).await.json();
    assert_eq!(v["state"], "closed");
    let comments = v["comments"].as_array().unwrap().clone();
    assert_eq!(comments.len(), 2);
    assert!(comments.iter().all(|c| c["decision"].is_null()));
    // Decisions: a reason is owed unless adopted; all must be decided before publishing.
    let (c1, c2) = (comments[0]["id"].as_i64().unwrap(), comments[1]["id"].as_i64().unwrap());
    let csrf_s = staff.csrf().await;
    let decide = |cid: i64| format!("/staff/consultations/{id}/comments/{cid}");
    let r = staff
        .post(&decide(c2), &[("csrf_token", &csrf_s), ("decision", "not_adopted"), ("reason", "")])
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.page().contains("“未采纳”须说明理由"));
    let r =
        staff.post(&decide(c1), &[("csrf_token", &csrf_s), ("decision", "adopted"), ("reason", "")]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = approver
        .post(
            &format!("/staff/consultations/{id}/feedback"),
            &[("csrf_token", &csrf_a), ("feedback", "共收到意见 2 条。")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.page().contains("还有 1 条意见没有作出采纳决定"));
    let r = staff
        .post(
            &decide(c2),
            &[
                ("csrf_token", &csrf_s),
                ("decision", "not_adopted"),
                ("reason", "收费标准由县发展改革局核定，另行听证。"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Another agency's editor cannot see or decide.
    let mut other = app.other_browser();
    other.login("dept_editor").await;
    assert_eq!(other.get(&staff_url).await.status, StatusCode::NOT_FOUND);
    // The editor may not publish; the approver does, with a bad final document refused first.
    let r = staff
        .post(
            &format!("/staff/consultations/{id}/feedback"),
            &[("csrf_token", &csrf_s), ("feedback", "共收到意见 2 条，采纳 1 条。")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let fb = [
        ("csrf_token", csrf_a.as_str()),
        ("feedback", "共收到意见 2 条，采纳 1 条，未采纳 1 条。"),
        ("final_publication_id", "999"),
    ];
    let r = approver.post(&format!("/staff/consultations/{id}/feedback"), &fb).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    let r = approver.post(&format!("/staff/consultations/{id}/feedback"), &fb[..2]).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Published: matched to each comment, on the page and the API; decisions fixed.
    let page = app.get(&format!("/consultations/{id}")).await.page();
    for text in [
        "意见采纳情况",
        "采纳 1 条，部分采纳 0 条，未采纳 1 条",
        "建议夜间前两小时免费。",
        "收费标准由县发展改革局核定",
    ] {
        assert!(page.contains(text), "{text}");
    }
    let v = app.get(&format!("/api/v1/consultations/{id}")).await.json();
    assert_eq!(v["comments"][0]["decision"], "adopted");
    assert!(v["feedback"].as_str().unwrap().contains("未采纳 1 条"));
    let r = staff
        .post(&decide(c1), &[("csrf_token", &csrf_s), ("decision", "not_adopted"), ("reason", "改主意")])
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(app.audit().await.iter().any(|e| e.action == "consultation.publish_feedback"));
    // The year's annual report counts it from the records.
    let token = app.token_for("editor").await;
    let r = app.api("GET", "/api/v1/reports/2026", &token, None).await;
    assert!(
        r.body.contains("本年度公开征求意见1次，收到意见2条，1次征求意见已公布意见采纳情况"),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn a_consultation_collects_decides_and_publishes_its_feedback() {
    story(seeded().build().await).await;
}

#[tokio::test]
async fn postgres_consultation_story() {
    if let Some(app) = seeded().build_postgres().await {
        story(app).await;
    }
}

#[tokio::test]
async fn consultation_pages_refuse_bad_input() {
    let mut app = seeded().build().await;
    assert_eq!(app.get("/consultations/abc").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/consultations/99999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.json("POST", "/api/v1/consultations/99999/comments", &json!({"body": "有意见。"})).await.status,
        StatusCode::NOT_FOUND
    );
    let mut staff = app.other_browser();
    staff.login("editor").await;
    let csrf = staff.csrf().await;
    let r = staff
        .post(
            "/staff/consultations",
            &[
                ("csrf_token", &csrf),
                ("kind", "rule"),
                ("title", ""),
                ("body", "短"),
                ("opens_on", "2026-03-01"),
                ("closes_on", "2026-13-01"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for msg in ["请填写标题", "征求意见稿全文", "不能早于今天", "请按 YYYY-MM-DD 填写日期"]
    {
        assert!(r.page().contains(msg), "{msg}");
    }
    // Rules: 30 days; 2 to 31 March is 30 days.
    let ok = [
        ("csrf_token", csrf.as_str()),
        ("kind", "rule"),
        ("title", "甲县规章草案"),
        ("body", "第一条 为了……制定本规定。"),
        ("opens_on", "2026-03-02"),
        ("closes_on", "2026-03-31"),
    ];
    assert_eq!(staff.post("/staff/consultations", &ok).await.status, StatusCode::SEE_OTHER);
    let mut short = ok;
    short[5] = ("closes_on", "2026-03-30");
    let r = staff.post("/staff/consultations", &short).await;
    assert!(r.page().contains("规章草案征求意见期限不少于30日"), "{}", r.body);
    // Public writing is budgeted per client (shared with 留言): ten an hour, every attempt counts
    // (the one to a consultation that does not exist above too), the eleventh is 429.
    let v = app.get("/api/v1/consultations").await.json();
    let id = v[0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/consultations/{id}/comments");
    for i in 0..9 {
        let r = app.json("POST", &path, &json!({"body": format!("第{i}条不同的意见内容。")})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{i}: {}", r.body);
    }
    let r = app.json("POST", &path, &json!({"body": "第十一条意见内容。"})).await;
    assert_eq!((r.status, r.code()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited".into()), "{}", r.body);
    let mut elsewhere = app.browser("192.0.2.77", None);
    let r = elsewhere.json("POST", &path, &json!({"body": "另一位市民的意见。"})).await;
    assert_eq!(r.status, StatusCode::CREATED, "another client has its own budget: {}", r.body);
}
