//! The `gongkai` binary as an operator meets it: faults give one-line errors and write nothing;
//! concurrent processes and `kill -9` lose no acknowledged write; the audit verifier finds edits.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.env_remove("GONGKAI_DATABASE_URL").env_remove("GONGKAI_DATA_DIR").env_remove("GONGKAI_CONFIG");
    c
}

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn text(o: &Output) -> (String, String) {
    (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned())
}

fn one_line_error(o: &Output) -> String {
    assert!(!o.status.success(), "expected failure");
    let (_, err) = text(o);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    assert!(lines[0].starts_with("错误："), "{err}");
    lines[0].to_string()
}

/// A data dir with the demo agencies (created through `migrate` + the demo loader via `serve`
/// is heavier; here the county is added with a user through the CLI against a fresh store).
fn seeded(dir: &Path) -> String {
    let d = dir.to_str().expect("utf8").to_string();
    let o = run(&["migrate", "--data-dir", &d], "");
    assert!(o.status.success(), "{:?}", text(&o));
    // agencies come from the demo loader: start serve --demo briefly on a free port
    let mut child = bin()
        .args(["serve", "--demo", "--data-dir", &d, "--listen", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let mut out = child.stdout.take().expect("stdout");
    let mut buf = String::new();
    let start = Instant::now();
    let mut chunk = [0u8; 4096];
    while !buf.contains("serving") && start.elapsed() < Duration::from_secs(30) {
        let n = out.read(&mut chunk).expect("read");
        if n == 0 {
            break;
        }
        buf.push_str(&String::from_utf8_lossy(&chunk[..n]));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(buf.contains("serving"), "{buf}");
    d
}

#[test]
fn config_example_is_printed() {
    let o = run(&["config", "example"], "");
    assert!(o.status.success());
    assert!(text(&o).0.contains("database_url"));
}

#[test]
fn unknown_scheme_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("data");
    let o = run(
        &[
            "migrate",
            "--data-dir",
            data.to_str().expect("utf8"),
            "--database-url",
            "mysql://root:hunter2@h/db",
        ],
        "",
    );
    let line = one_line_error(&o);
    assert!(line.contains("unknown database URL scheme"), "{line}");
    assert!(!line.contains("hunter2"), "password redacted: {line}");
    assert!(!data.exists(), "nothing written");
}

#[test]
fn unreachable_postgres_names_the_host_and_hides_the_password() {
    let o = run(&["migrate", "--database-url", "postgres://gk:s3cret-pw@127.0.0.1:1/gongkai"], "");
    let line = one_line_error(&o);
    assert!(line.contains("cannot reach PostgreSQL at postgres://gk:***@127.0.0.1:1/gongkai"), "{line}");
    assert!(!line.contains("s3cret-pw"), "{line}");
}

#[test]
fn unwritable_data_dir_is_named() {
    let dir = tempfile::tempdir().expect("tmp");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let bad = file.join("data");
    let o = run(&["migrate", "--data-dir", bad.to_str().expect("utf8")], "");
    let line = one_line_error(&o);
    assert!(line.contains("无法创建数据目录") && line.contains("a-file"), "{line}");
}

#[test]
fn corrupt_sqlite_file_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tmp");
    let db = dir.path().join("gongkai.sqlite3");
    let garbage = b"this is not a database, it is a letter to the county office. ".repeat(100);
    std::fs::write(&db, &garbage).expect("write");
    let o = run(&["migrate", "--data-dir", dir.path().to_str().expect("utf8")], "");
    let line = one_line_error(&o);
    assert!(line.contains("damaged") || line.contains("not a database"), "{line}");
    assert_eq!(std::fs::read(&db).expect("read"), garbage, "file unchanged");
}

#[test]
fn locked_sqlite_file_is_reported() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = seeded(dir.path());
    let url = format!("sqlite://{}", dir.path().join("gongkai.sqlite3").display());
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async {
        use sqlx::Connection;
        let mut holder = sqlx::SqliteConnection::connect(&url).await.expect("connect");
        sqlx::query("BEGIN IMMEDIATE").execute(&mut holder).await.expect("lock");
        let d2 = d.clone();
        let o = tokio::task::spawn_blocking(move || {
            run(
                &[
                    "user",
                    "add",
                    "--data-dir",
                    &d2,
                    "--agency",
                    "示例县人民政府",
                    "--role",
                    "editor",
                    "--name",
                    "locked1",
                ],
                "a-long-password-1\n",
            )
        })
        .await
        .expect("join");
        let line = one_line_error(&o);
        assert!(line.contains("locked"), "{line}");
        sqlx::query("ROLLBACK").execute(&mut holder).await.expect("unlock");
    });
    let o = run(&["user", "list", "--data-dir", &d, "--agency", "示例县人民政府"], "");
    assert!(!text(&o).0.contains("locked1"), "nothing written");
}

#[test]
fn user_add_validates_and_audit_verify_finds_a_hand_edit() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = seeded(dir.path());
    let bad_role = run(
        &["user", "add", "--data-dir", &d, "--agency", "示例县人民政府", "--role", "king", "--name", "x"],
        "",
    );
    assert!(one_line_error(&bad_role).contains("无法识别的角色"));
    let weak = run(
        &["user", "add", "--data-dir", &d, "--agency", "示例县人民政府", "--role", "editor", "--name", "x"],
        "123\n",
    );
    assert!(one_line_error(&weak).contains("密码不符合要求"));
    let no_agency = run(
        &["user", "add", "--data-dir", &d, "--agency", "不存在县", "--role", "editor", "--name", "x"],
        "",
    );
    assert!(one_line_error(&no_agency).contains("没有编号或完整名称为“不存在县”的机关"));
    let ok = run(
        &[
            "user",
            "add",
            "--data-dir",
            &d,
            "--agency",
            "示例县人民政府",
            "--role",
            "editor,reviewer",
            "--name",
            "zhang3",
            "--display-name",
            "张三",
        ],
        "a-long-password-1\n",
    );
    assert!(ok.status.success(), "{:?}", text(&ok));
    let dup = run(
        &["user", "add", "--data-dir", &d, "--agency", "1", "--role", "editor", "--name", "zhang3"],
        "a-long-password-1\n",
    );
    assert!(one_line_error(&dup).contains("已被使用"));
    let v = run(&["audit", "verify", "--data-dir", &d], "");
    assert!(v.status.success(), "{:?}", text(&v));
    assert!(text(&v).0.contains("audit chain intact"));
    // edit a row by hand (the append-only trigger has to be dropped first, as an attacker would)
    let url = format!("sqlite://{}", dir.path().join("gongkai.sqlite3").display());
    let rt = tokio::runtime::Runtime::new().expect("rt");
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&url).await.expect("connect");
        let refused =
            sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3").execute(&mut c).await;
        assert!(refused.is_err(), "append-only trigger refuses edits");
        sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut c).await.expect("drop");
        sqlx::query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
            .execute(&mut c)
            .await
            .expect("edit");
    });
    let v = run(&["audit", "verify", "--data-dir", &d], "");
    assert!(!v.status.success());
    let out = text(&v).0;
    assert!(out.contains("BROKEN") && out.contains("entry 3"), "{out}");
}

#[test]
fn two_processes_on_one_sqlite_file_lose_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = seeded(dir.path());
    let children: Vec<_> = (0..8)
        .map(|i| {
            let mut c = bin()
                .args([
                    "user",
                    "add",
                    "--data-dir",
                    &d,
                    "--agency",
                    "示例县人民政府",
                    "--role",
                    "editor",
                    "--name",
                    &format!("p{i}"),
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            c.stdin.take().expect("stdin").write_all(b"a-long-password-1\n").expect("write");
            c
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().expect("wait");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let list = text(&run(&["user", "list", "--data-dir", &d, "--agency", "示例县人民政府"], "")).0;
    for i in 0..8 {
        assert!(list.contains(&format!("\tp{i}\t")), "p{i} missing: {list}");
    }
    let v = run(&["audit", "verify", "--data-dir", &d], "");
    assert!(v.status.success(), "{:?}", text(&v));
}

/// Minimal HTTP/1.1 client over loopback (one request per connection).
fn http(
    port: u16,
    method: &str,
    path: &str,
    cookie: &str,
    body: &str,
) -> (u16, Vec<(String, String)>, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let mut lines = head.lines();
    let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers =
        lines.filter_map(|l| l.split_once(": ")).map(|(k, v)| (k.to_lowercase(), v.to_string())).collect();
    (status, headers, body.to_string())
}

fn cookies_from(headers: &[(String, String)], jar: &mut Vec<(String, String)>) {
    for (k, v) in headers {
        if k == "set-cookie" {
            let kv = v.split(';').next().unwrap_or("");
            if let Some((name, value)) = kv.split_once('=') {
                jar.retain(|(n, _)| n != name);
                if !value.is_empty() {
                    jar.push((name.to_string(), value.to_string()));
                }
            }
        }
    }
}

fn jar_header(jar: &[(String, String)]) -> String {
    jar.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).expect("hidden field") + marker.len();
    html[start..].split('"').next().expect("value").to_string()
}

#[test]
fn kill_9_right_after_an_acknowledged_write_loses_nothing() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = seeded(dir.path());
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let mut server = bin()
        .args(["serve", "--data-dir", &d, "--listen", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve");
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(30), "server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut jar = Vec::new();
    let (_, h, page) = http(port, "GET", "/staff/login", "", "");
    cookies_from(&h, &mut jar);
    let token = hidden(&page, "csrf_token");
    let body = format!("username=admin&password=demo-admin-2026&csrf_token={token}&next=%2Fstaff");
    let (status, h, _) = http(port, "POST", "/staff/login", &jar_header(&jar), &body);
    assert_eq!(status, 303);
    cookies_from(&h, &mut jar);
    let (_, _, dash) = http(port, "GET", "/staff", &jar_header(&jar), "");
    let csrf = hidden(&dash, "csrf_token");
    let body = format!(
        "csrf_token={csrf}&username=durable1&display_name=d&role_editor=1&password=a-long-password-1&password_confirm=a-long-password-1"
    );
    let (status, _, _) = http(port, "POST", "/staff/users", &jar_header(&jar), &body);
    assert_eq!(status, 303, "acknowledged");
    server.kill().expect("kill -9"); // SIGKILL on Unix
    let _ = server.wait();
    let list = text(&run(&["user", "list", "--data-dir", &d, "--agency", "示例县人民政府"], "")).0;
    assert!(list.contains("\tdurable1\t"), "{list}");
    let v = run(&["audit", "verify", "--data-dir", &d], "");
    assert!(v.status.success(), "{:?}", text(&v));
}

/// Issue 16: a 留言 received just before 国庆 is due on the day `gongkai calendar add-workdays`
/// prints for the reply period (10 working days; 5 for 找错), the same as the domain computes.
#[test]
fn message_due_dates_agree_with_the_calendar_command() {
    use gongkai_domain::calendar::WorkCalendar;
    use gongkai_domain::message::{DEFAULT_ERROR_REPORT_DAYS, DEFAULT_MESSAGE_DAYS, due_date};
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let received = chrono::NaiveDate::from_ymd_opt(2025, 9, 30).expect("date");
    for (n, expected) in [(DEFAULT_MESSAGE_DAYS, "2025-10-21"), (DEFAULT_ERROR_REPORT_DAYS, "2025-10-14")] {
        let o = run(
            &[
                "calendar",
                "add-workdays",
                "2025-09-30",
                &n.to_string(),
                "--data-dir",
                d.to_str().expect("utf8"),
            ],
            "",
        );
        assert!(o.status.success(), "{:?}", text(&o));
        let printed = text(&o).0.trim().to_owned();
        assert_eq!(printed, expected);
        assert_eq!(due_date(&WorkCalendar::official(), received, n).to_string(), printed);
    }
}

#[test]
fn calendar_and_deadline_commands() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let d = d.to_str().expect("utf8");
    let out = |args: &[&str]| {
        let mut a = args.to_vec();
        a.extend(["--data-dir", d]);
        let o = run(&a, "");
        assert!(o.status.success(), "{args:?}: {:?}", text(&o));
        text(&o).0
    };
    assert_eq!(out(&["calendar", "is-workday", "2026-02-14"]).trim(), "makeup-workday 春节");
    assert_eq!(out(&["calendar", "is-workday", "2026-10-01"]).trim(), "holiday 国庆节");
    assert_eq!(out(&["calendar", "is-workday", "2026-11-27"]).trim(), "workday");
    assert_eq!(out(&["calendar", "add-workdays", "2026-09-21", "20"]).trim(), "2026-10-26");
    assert!(!Path::new(d).exists(), "read-only commands create no database");
    let csv = out(&["calendar", "export", "--from", "2008", "--to", "2026"]);
    assert!(csv.starts_with("date,kind,name\n"));
    assert!(csv.contains("2020-01-24,holiday,春节"));
    let neg = run(&["calendar", "add-workdays", "2026-01-01", "-1"], "");
    assert!(one_line_error(&neg).contains("negative"));
    // 2027 is not built in: weekends only, said plainly; importing it changes the answer
    let o = run(&["calendar", "add-workdays", "2027-09-30", "1", "--data-dir", d], "");
    assert!(text(&o).1.contains("2027年的节假日安排尚未载入"));
    let file = dir.path().join("2027.csv");
    std::fs::write(&file, "# test notice\ndate,kind,name\n2027-10-01,holiday,国庆节\n2027-10-02,holiday,国庆节\n2027-10-03,holiday,国庆节\n2027-10-04,holiday,国庆节\n2027-10-05,holiday,国庆节\n2027-10-06,holiday,国庆节\n2027-10-07,holiday,国庆节\n2027-10-09,workday,国庆节\n")
        .expect("write");
    let imported = out(&["calendar", "import", file.to_str().expect("utf8")]);
    assert!(imported.contains("imported 2027"), "{imported}");
    assert_eq!(out(&["calendar", "add-workdays", "2027-09-30", "1"]).trim(), "2027-10-08");
    let j = out(&[
        "deadline",
        "--received",
        "2026-09-21",
        "--channel",
        "online",
        "--as-of",
        "2026-10-20",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&j).expect("json");
    assert_eq!(
        (v["rules"].as_str(), v["due_on"].as_str(), v["days_left"].as_i64()),
        (Some("2019"), Some("2026-10-26"), Some(4))
    );
    let plain = out(&["deadline", "--received", "2026-09-21", "--as-of", "2026-10-20"]);
    assert!(plain.contains("计算说明") && plain.contains("国庆节"));
    let bad = run(&["deadline", "--received", "2026-02-30"], "");
    assert!(one_line_error(&bad).contains("2026-02-30"));
}

#[test]
fn check_reports_findings_json_summary_and_exit_status() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../gongkai_check/tests/data");
    let seed = data.join("000_910d79ecf003d37e.txt");
    let hongze = data.join("002_hongze-qu_2023.pdf");
    let s = |p: &Path| p.to_str().expect("utf8").to_string();
    // the seed has warnings only: exit 0
    let o = run(&["check", &s(&seed)], "");
    assert!(o.status.success(), "{:?}", text(&o));
    let out = text(&o).0;
    assert!(
        out.contains("section.missing") && out.contains("year.wrong") && out.contains("text.typo"),
        "{out}"
    );
    // 表四 totals printed as 0: an error, exit 1
    let o = run(&["check", &s(&hongze)], "");
    assert_eq!(o.status.code(), Some(1), "{:?}", text(&o));
    // An unreadable input: exit 2 (issue 13), the others still checked; JSON has the documented shape
    let o = run(&["check", "/nonexistent/report.pdf"], "");
    assert_eq!(o.status.code(), Some(2), "{:?}", text(&o));
    let o = run(&["check", "--json", &s(&hongze), "/nonexistent/report.pdf"], "");
    assert_eq!(o.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(&text(&o).0).expect("json");
    let first = &v[0];
    assert_eq!(first["year"], 2023);
    assert!(first["findings"].as_array().expect("findings").iter().any(|f| f["rule"] == "table4.row_sum"));
    assert!(v[1]["error"].as_str().expect("unreadable file reported").contains("无法读取文件"));
    // a folder with a summary workbook
    let dir = tempfile::tempdir().expect("tmp");
    let xlsx = dir.path().join("summary.xlsx");
    let o = run(&["check", &s(&data), "--summary", &s(&xlsx)], "");
    assert_eq!(o.status.code(), Some(1), "the folder holds reports with errors");
    let bytes = std::fs::read(&xlsx).expect("summary written");
    assert!(bytes.starts_with(b"PK"), "an XLSX (zip) file");
}

#[test]
fn report_annual_writes_every_export_and_refuses_bad_years() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = seeded(dir.path());
    let out = dir.path().join("2025.json");
    let o = run(
        &[
            "report",
            "annual",
            "--data-dir",
            &d,
            "--agency",
            "示例县人民政府",
            "--year",
            "2025",
            "--out",
            out.to_str().expect("utf8"),
        ],
        "",
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let report: gongkai_domain::report::AnnualReport =
        serde_json::from_str(&std::fs::read_to_string(&out).expect("json")).expect("report-json shape");
    assert!(report.violations().is_empty(), "every 勾稽关系 holds");
    // The demo publishes the county's 2025 report (through the editor's use case): the CLI
    // writes the locked version, which names its 发布日期.
    let md = dir.path().join("published.md");
    let o = run(
        &[
            "report",
            "annual",
            "--data-dir",
            &d,
            "--agency",
            "示例县人民政府",
            "--year",
            "2025",
            "--out",
            md.to_str().expect("utf8"),
        ],
        "",
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let md = std::fs::read_to_string(&md).expect("md");
    assert!(md.contains("2026年1月20日"), "the published version's date: {md}");
    let t3 = report.table3.expect("表三");
    use gongkai_domain::report::{RequestColumn as C, RequestRow as R};
    assert!(t3.get(R::NewReceived, C::Total).unwrap_or(0) >= 26, "the demo's 2025 requests are counted");
    assert!(t3.get(R::CarriedForward, C::Total).unwrap_or(0) >= 2);
    for ext in ["docx", "pdf", "xlsx", "html", "md"] {
        let f = dir.path().join(format!("r.{ext}"));
        let o = run(
            &[
                "report",
                "annual",
                "--data-dir",
                &d,
                "--agency",
                "1",
                "--year",
                "2025",
                "--rollup",
                "--out",
                f.to_str().expect("utf8"),
            ],
            "",
        );
        assert!(o.status.success(), "{ext}: {:?}", text(&o));
        assert!(std::fs::metadata(&f).expect("written").len() > 1000, "{ext}");
    }
    // The seed township's 2017 legacy report, from its registers (one training, 19 attendees).
    let md = dir.path().join("2017.md");
    let o = run(
        &[
            "report",
            "annual",
            "--data-dir",
            &d,
            "--agency",
            "城关镇人民政府",
            "--year",
            "2017",
            "--out",
            md.to_str().expect("utf8"),
        ],
        "",
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let text2017 = std::fs::read_to_string(&md).expect("md");
    assert!(text2017.contains("参加19人次") && text2017.contains("## 一、概述"), "{text2017}");
    for heading in ["主动公开", "依申请公开", "收费", "复议", "问题"] {
        assert!(text2017.contains(heading), "legacy section {heading} present");
    }
    assert!(!text2017.contains("2017年，我们将"), "no plan naming the report year");
    let o = run(
        &[
            "report",
            "annual",
            "--data-dir",
            &d,
            "--agency",
            "1",
            "--year",
            "2007",
            "--out",
            md.to_str().expect("utf8"),
        ],
        "",
    );
    assert!(!o.status.success());
    assert!(one_line_error(&o).contains("2007年早于"), "{}", one_line_error(&o));
    // A name that is not exact: the agencies that hold it are suggested (issue 13).
    let o = run(
        &["report", "annual", "--data-dir", &d, "--agency", "城关镇", "--year", "2025", "--out", "x.json"],
        "",
    );
    assert!(!o.status.success());
    assert!(one_line_error(&o).contains("是否指：城关镇人民政府"), "{}", one_line_error(&o));
    // A data directory without a database is refused for reading, and none is created.
    let empty = tempfile::tempdir().expect("tempdir");
    let e = empty.path().to_str().expect("utf8");
    let o =
        run(&["report", "annual", "--data-dir", e, "--agency", "1", "--year", "2025", "--out", "x.json"], "");
    assert!(!o.status.success());
    assert!(one_line_error(&o).contains("没有 Gongkai 数据库"), "{}", one_line_error(&o));
    let o = run(&["audit", "verify", "--data-dir", e], "");
    assert!(one_line_error(&o).contains("gongkai serve"), "{}", one_line_error(&o));
    assert_eq!(std::fs::read_dir(empty.path()).expect("dir").count(), 0, "nothing created");
    // A year not yet begun (issue 13).
    let o = run(
        &["report", "annual", "--data-dir", &d, "--agency", "1", "--year", "2030", "--out", "x.json"],
        "",
    );
    assert!(!o.status.success());
    assert!(one_line_error(&o).contains("2030年尚未开始"), "{}", one_line_error(&o));
    let o =
        run(&["report", "annual", "--data-dir", &d, "--agency", "1", "--year", "2025", "--out", "x.exe"], "");
    assert!(one_line_error(&o).contains("无法识别的输出格式"));
}

/// `serve --demo` loads the demo catalog and opens its search index under the data directory;
/// `search reindex` rebuilds it from the database (the server must be stopped: it holds it open).
#[test]
fn search_reindex_rebuilds_the_demo_catalog_index() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = seeded(dir.path());
    assert!(dir.path().join("search").join("meta.json").exists(), "serve created the index");
    let o = run(&["search", "reindex", "--data-dir", &d], "");
    let (out, err) = text(&o);
    assert!(o.status.success(), "{out} {err}");
    let n: usize = out
        .split("search index rebuilt: ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!(n > 200, "{out}");
}

/// Issue 13: help in Chinese (flag names stay English), every argument described, no environment
/// variable named twice.
#[test]
fn help_is_chinese_and_describes_every_argument() {
    let out = |args: &[&str]| {
        let o = run(args, "");
        assert!(o.status.success(), "{args:?}: {:?}", text(&o));
        text(&o).0
    };
    let top = out(&["--help"]);
    assert!(top.contains("命令") && top.contains("年报体检") && top.contains("运行网站服务"), "{top}");
    let check = out(&["check", "--help"]);
    assert!(check.contains("年报文件或包含年报的文件夹") && check.contains("退出码"), "{check}");
    let report = out(&["report", "annual", "--help"]);
    for arg in ["机关编号或完整名称", "报告年度", "输出文件"] {
        assert!(report.contains(arg), "{arg}: {report}");
    }
    assert_eq!(report.matches("GONGKAI_CONFIG").count(), 1, "{report}");
    let cal = out(&["calendar", "export", "--help"]);
    assert!(cal.contains("起始年度") && cal.contains("截止年度"), "{cal}");
}

/// Issue 14: a county sets itself up from an empty data directory — agencies from a spreadsheet
/// (all or nothing, bad rows named as a spreadsheet numbers them), then its first staff account.
#[test]
fn a_county_imports_its_agencies_into_an_empty_data_dir() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let d = d.to_str().expect("utf8");
    let good = dir.path().join("agencies.csv");
    std::fs::write(
        &good,
        "名称,上级机关,层级,类型,统一社会信用代码,联系电话\n\
         某某县人民政府,,县级,人民政府,,0599-7000000\n\
         甲镇人民政府,某某县人民政府,乡镇级,人民政府,,\n\
         乙乡人民政府,某某县人民政府,乡镇级,人民政府,,\n",
    )
    .expect("write");
    let o = run(&["agency", "import", good.to_str().expect("utf8"), "--data-dir", d], "");
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).0.contains("新建 3 个机关"), "{:?}", text(&o));
    let o = run(&["agency", "list", "--json", "--data-dir", d], "");
    let v: serde_json::Value = serde_json::from_str(&text(&o).0).expect("json");
    let names: Vec<&str> =
        v.as_array().expect("array").iter().map(|a| a["name"].as_str().expect("name")).collect();
    assert_eq!(names.len(), 3, "{v}");
    let town = v.as_array().expect("array").iter().find(|a| a["name"] == "甲镇人民政府").expect("town");
    assert_eq!(
        (town["parent"].as_str(), town["level"].as_str(), town["kind"].as_str()),
        (Some("某某县人民政府"), Some("township"), Some("government"))
    );
    // One bad row: nothing written, the row named, exit 1.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "名称,上级机关,层级,类型\n丙镇人民政府,某某县人民政府,乡镇级,人民政府\n丁镇人民政府,不存在县,乡镇级,人民政府\n").expect("write");
    let o = run(&["agency", "import", bad.to_str().expect("utf8"), "--data-dir", d], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("第3行") && text(&o).1.contains("不存在县"), "{:?}", text(&o));
    let o = run(&["agency", "list", "--json", "--data-dir", d], "");
    let v: serde_json::Value = serde_json::from_str(&text(&o).0).expect("json");
    assert_eq!(v.as_array().expect("array").len(), 3, "nothing written");
    // The first staff account of the county.
    let o = run(
        &[
            "user",
            "add",
            "--data-dir",
            d,
            "--agency",
            "某某县人民政府",
            "--role",
            "editor,reviewer,approver",
            "--name",
            "zhangsan",
        ],
        "a-long-password-1\n",
    );
    assert!(o.status.success(), "{:?}", text(&o));
    // The rest of the staff from a sheet: one bad row writes nothing; then all at once, each
    // with a temporary password printed once.
    let users = dir.path().join("users.csv");
    std::fs::write(
        &users,
        "登录名,姓名,所属机关,角色\nli,李信息,甲镇人民政府,信息员、保密审查、审签领导\nzhangsan,张三,乙乡人民政府,信息员\n",
    )
    .expect("write");
    let o = run(&["user", "import", users.to_str().expect("utf8"), "--data-dir", d], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).1.contains("第3行：登录名“zhangsan”已被使用"), "{:?}", text(&o));
    let o = run(&["user", "list", "--agency", "甲镇人民政府", "--data-dir", d], "");
    assert!(!text(&o).0.contains("li"), "nothing written: {:?}", text(&o));
    std::fs::write(
        &users,
        "登录名,姓名,所属机关,角色\nli,李信息,甲镇人民政府,信息员、保密审查、审签领导\nwang,王五,乙乡人民政府,信息员\n",
    )
    .expect("write");
    let o = run(&["user", "import", users.to_str().expect("utf8"), "--data-dir", d], "");
    assert!(o.status.success(), "{:?}", text(&o));
    let out = text(&o).0;
    assert!(out.contains("已导入 2 个账号") && out.contains("第2行\tli\t李信息\t甲镇人民政府\t"), "{out}");
    let o = run(&["user", "list", "--agency", "甲镇人民政府", "--data-dir", d], "");
    assert!(text(&o).0.contains("editor,reviewer,approver"), "{:?}", text(&o));
}

/// Issue 14: `gongkai init` creates the top agency and its first admin on an empty database, and
/// only there.
#[test]
fn init_creates_the_top_agency_and_its_admin_once() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().join("data");
    let d = d.to_str().expect("utf8");
    let args = [
        "init",
        "--agency",
        "某某县人民政府",
        "--admin",
        "admin",
        "--display-name",
        "王管理",
        "--data-dir",
        d,
    ];
    let o = run(&args, "a-long-password-1\n");
    assert!(o.status.success(), "{:?}", text(&o));
    assert!(text(&o).0.contains("已创建最高层级机关“某某县人民政府”"), "{:?}", text(&o));
    let o = run(&["user", "list", "--agency", "某某县人民政府", "--data-dir", d], "");
    assert!(text(&o).0.contains("王管理") && text(&o).0.contains("admin"), "{:?}", text(&o));
    let o = run(&args, "a-long-password-1\n");
    assert!(one_line_error(&o).contains("无需初始化"), "{}", one_line_error(&o));
    // An API token for the admin (issue 14): printed once, alone on the last line.
    let o = run(
        &[
            "token",
            "create",
            "--agency",
            "某某县人民政府",
            "--user",
            "admin",
            "--name",
            "OA系统",
            "--data-dir",
            d,
        ],
        "",
    );
    assert!(o.status.success(), "{:?}", text(&o));
    let out = text(&o).0;
    let last = out.lines().last().unwrap_or_default();
    assert!(last.starts_with("gk_") && last.len() == 67, "{out}");
    let o = run(&["token", "list", "--agency", "某某县人民政府", "--user", "admin", "--data-dir", d], "");
    assert!(text(&o).0.contains("OA系统") && text(&o).0.contains("有效") && !text(&o).0.contains(last));
    let o = run(&["token", "revoke", "--id", "1", "--data-dir", d], "");
    assert!(o.status.success(), "{:?}", text(&o));
    let o = run(&["token", "list", "--agency", "某某县人民政府", "--user", "admin", "--data-dir", d], "");
    assert!(text(&o).0.contains("已吊销"), "{:?}", text(&o));
    let bad = run(
        &[
            "init",
            "--agency",
            "某某县人民政府",
            "--level",
            "部级",
            "--admin",
            "x",
            "--data-dir",
            dir.path().join("other").to_str().expect("utf8"),
        ],
        "",
    );
    assert!(one_line_error(&bad).contains("层级“部级”"), "{}", one_line_error(&bad));
}
