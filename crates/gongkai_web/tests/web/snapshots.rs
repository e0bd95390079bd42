//! Snapshots (insta) of what people and other systems receive: the letters, the public API's
//! JSON and the text of the key pages. A change to any of them shows up as a reviewable diff
//! (`cargo insta review`, or compare `tests/web/snapshots/*.snap.new`), instead of slipping past a
//! `contains` check. Everything is deterministic on a fresh database with a fixed today, except
//! the 查询码 (random), which is redacted; hidden form tokens vanish with the tags.

use super::common::*;

/// 甲县人民政府 with an editor; today 2025-04-25 (a Friday).
async fn setup() -> TestApp {
    TestApp::builder()
        .today("2025-04-25")
        .agency(AgencySeed::new("甲县人民政府").phone("0599-1234567"))
        .user(0, "editor", &[Role::Editor])
        .build()
        .await
}

/// The text of a page's `<main>`: tags dropped, one line per block, entities for `<>&"'/`
/// decoded, blank lines removed.
fn main_text(html: &str) -> String {
    let start = html.find("<main").expect("a <main> element");
    let end = html[start..].find("</main>").map_or(html.len(), |e| start + e);
    let mut text = String::new();
    let mut in_tag = false;
    let mut tag = String::new();
    for c in html[start..end].chars() {
        match (in_tag, c) {
            (false, '<') => {
                in_tag = true;
                tag.clear();
            }
            (true, '>') => {
                in_tag = false;
                let name: String =
                    tag.trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
                if matches!(
                    name.as_str(),
                    "p" | "div"
                        | "li"
                        | "tr"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "br"
                        | "section"
                        | "dt"
                        | "dd"
                        | "table"
                        | "form"
                ) {
                    text.push('\n');
                } else if matches!(name.as_str(), "td" | "th") {
                    text.push(' ');
                }
            }
            (true, c) => tag.push(c),
            (false, c) => text.push(c),
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&");
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The 查询码 and wall-clock times (`2026-12-03 22:39`, when a letter or entry was written)
/// replaced by placeholders; calendar dates stay, they follow the fixed today.
fn redact(s: &str, code: &str) -> String {
    let s = s.replace(code, "[查询码]");
    let chars: Vec<char> = s.chars().collect();
    let shape = "0000-00-00 00:00";
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let fits = i + shape.len() <= chars.len()
            && shape
                .chars()
                .zip(&chars[i..])
                .all(|(p, c)| if p == '0' { c.is_ascii_digit() } else { p == *c });
        if fits {
            out.push_str("[时间]");
            i += shape.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

/// Files the portal form; returns (受理编号, 查询码) from the receipt page.
async fn file_on_portal(app: &mut TestApp) -> (String, String) {
    let county = app.county;
    let form = app.get(&format!("/agencies/{county}/apply")).await;
    let csrf = hidden(&form.body, "csrf_token");
    let key = hidden(&form.body, "submission_key");
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("submission_key", key.as_str()),
        ("kind", "natural_person"),
        ("name", "王小明"),
        ("id_type", "resident_id"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800138000"),
        ("email", "wxm@example.cn"),
        ("address", "甲县人民路1号"),
        ("description", "请公开2025年甲县耕地地力保护补贴发放名单"),
        ("form", "electronic"),
        ("delivery", "email"),
    ];
    let r = app
        .multipart(&format!("/agencies/{county}/apply"), &fields, &[("files", "身份证.png", PNG.to_vec())])
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let codes: Vec<String> = r
        .body
        .split("<strong class=\"code\">")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or_default().to_string())
        .collect();
    (codes[0].clone(), codes[1].clone())
}

#[tokio::test]
async fn the_public_api_answers_in_its_documented_shapes() {
    let mut app = setup().await;
    let body = json!({
        "agency": "甲县人民政府",
        "applicant": {"kind": "company", "name": "甲县某公司", "id_type": "credit_code", "id_number": "91350100M000100Y43",
                      "phone": "0599-1234567", "email": "a@example.cn", "address": "甲县"},
        "description": "请公开2024年甲县政府集中采购目录", "form": "electronic", "delivery": "online"
    });
    let created = app.json("POST", "/api/v1/requests", &body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let v = created.json();
    let (number, code) =
        (v["number"].as_str().unwrap().to_owned(), v["tracking_code"].as_str().unwrap().to_owned());
    let pretty = |v: &Value| redact(&serde_json::to_string_pretty(v).unwrap(), &code);
    insta::assert_snapshot!("api_request_created", pretty(&v));
    let tracked = app.get(&format!("/api/v1/requests/track?number={number}&code={code}")).await;
    assert_eq!(tracked.status, StatusCode::OK);
    insta::assert_snapshot!("api_request_tracked", pretty(&tracked.json()));
    let mut bad = body.clone();
    bad["applicant"]["id_number"] = json!("91350100M000100Y44");
    let refused = app.json("POST", "/api/v1/requests", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_snapshot!("api_error_envelope", pretty(&refused.json()));
}

#[tokio::test]
async fn letters_and_the_pages_around_a_request_read_as_before() {
    let mut app = setup().await;
    let apply = app.get(&format!("/agencies/{}/apply", app.county)).await;
    insta::assert_snapshot!("page_apply_form", main_text(&apply.body));
    let (number, code) = file_on_portal(&mut app).await;
    let id = app.store.find_request_by_number(&number).await.unwrap().unwrap().0.id;

    let mut staff = app.other_browser();
    staff.on("2025-04-28");
    staff.login("editor").await;
    let r = staff.act(id, &[("action", "confirm_receipt"), ("on", "2025-04-28")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
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

    for letter in app.store.request_letters(id).await.unwrap() {
        let name = format!("letter_{}", letter.kind.key());
        insta::assert_snapshot!(name, format!("{}\n\n{}", letter.title, letter.body));
    }
    let page = staff.get(&format!("/staff/requests/{id}")).await;
    insta::assert_snapshot!("page_staff_request", redact(&main_text(&page.body), &code));

    let mut citizen = app.other_browser();
    citizen.on("2025-04-30");
    let form = citizen.get("/track").await;
    let csrf = hidden(&form.body, "csrf_token");
    let tracked =
        citizen.post("/track", &[("csrf_token", &csrf), ("number", &number), ("code", &code)]).await;
    assert_eq!(tracked.status, StatusCode::OK);
    insta::assert_snapshot!("page_tracking", redact(&main_text(&tracked.body), &code));
}
