//! Untrusted documents against the real binary (issue 11, class 1): `gongkai check` and the
//! server's `/check` read every file in a sandboxed child (`gongkai sandbox check`), so a
//! hostile file is a “无法读取” result and never a dead process. Before the sandbox and the
//! PDF guard, `gongkai check selfdraw.pdf` died with SIGABRT and the same upload aborted the
//! whole server.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_gongkai"));
    c.env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_DATA_DIR")
        .env_remove("GONGKAI_CONFIG")
        .env_remove("GONGKAI_SANDBOX_TIMEOUT_MS")
        .env_remove("GONGKAI_SANDBOX_MEMORY_MB")
        .env_remove("GONGKAI_SANDBOX_CPU_SECONDS");
    c
}

/// A PDF from its numbered objects (1 is the catalog), with a correct xref table.
fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

/// One page drawing form `/X`, a form that draws itself.
fn selfdraw_pdf() -> Vec<u8> {
    let stream = |dict: &str, content: &str| {
        format!("<< {dict} /Length {} >>\nstream\n{content}\nendstream", content.len())
    };
    pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /X 4 0 R >> >> \
         /Contents 5 0 R >>"
            .to_owned(),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 9 9] /Resources << /XObject << /X 4 0 R >> >>",
            "/X Do",
        ),
        stream("", "/X Do"),
    ])
}

const REPORT: &str = "<html><body><p>某县人民政府办公室2023年政府信息公开工作年度报告</p>\
    <p>本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。</p></body></html>";

fn check_json(
    dir: &std::path::Path,
    files: &[(&str, &[u8])],
    env: &[(&str, &str)],
) -> (Output, serde_json::Value) {
    let mut args = vec!["check".to_owned(), "--json".to_owned()];
    for (name, bytes) in files {
        let p = dir.join(name);
        std::fs::write(&p, bytes).expect("write");
        args.push(p.display().to_string());
    }
    let out = bin().args(&args).envs(env.iter().copied()).output().expect("run");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, json)
}

#[test]
fn check_reports_a_self_drawing_pdf_as_unreadable_and_goes_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let (out, json) =
        check_json(dir.path(), &[("selfdraw.pdf", &selfdraw_pdf()), ("report.html", REPORT.as_bytes())], &[]);
    // Exits by itself (no signal), with the `--json` shape unchanged: one object per file.
    assert!(out.status.code().is_some(), "killed by a signal: {:?}", out.status);
    assert_eq!(out.status.code(), Some(2), "an unreadable file: exit 2 (issue 13)");
    let reports = json.as_array().expect("a JSON array");
    assert_eq!(reports.len(), 2, "{json}");
    let error = reports[0]["error"].as_str().expect("selfdraw.pdf unreadable");
    assert!(error.starts_with("无法读取：") && error.contains("自我引用"), "{error}");
    assert!(reports[0]["file"].as_str().is_some_and(|f| f.ends_with("selfdraw.pdf")));
    assert_eq!(reports[1]["year"], 2023, "the next file is still checked: {json}");
    assert!(reports[1].get("error").is_none(), "{json}");
}

#[test]
fn a_child_over_its_time_or_memory_limit_is_reported_as_such() {
    let dir = tempfile::tempdir().expect("tmp");
    // No child answers within 0 ms: the parent kills it.
    let (out, json) =
        check_json(dir.path(), &[("a.html", REPORT.as_bytes())], &[("GONGKAI_SANDBOX_TIMEOUT_MS", "0")]);
    assert!(out.status.code().is_some(), "{:?}", out.status);
    let error = json[0]["error"].as_str().expect("timed out");
    assert!(error.contains("检查超时"), "{error}");
    // 64 MiB of address space cannot even hold the binary and a 30 MB input: the child's
    // allocation fails, it aborts, and the parent says why.
    let big = format!("<html><body><p>{}</p></body></html>", "政府信息公开".repeat(1_700_000));
    let (out, json) =
        check_json(dir.path(), &[("big.html", big.as_bytes())], &[("GONGKAI_SANDBOX_MEMORY_MB", "64")]);
    assert!(out.status.code().is_some(), "{:?}", out.status);
    let error = json[0]["error"].as_str().expect("out of memory");
    assert!(error.contains("内存超过上限"), "{error}");
}

/// Minimal HTTP/1.1 client over loopback (one request per connection).
fn http(port: u16, head: &str, body: &[u8]) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
    s.write_all(head.as_bytes()).expect("send");
    s.write_all(body).expect("send body");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

fn get(port: u16, path: &str) -> (u16, String, String) {
    http(port, &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"), b"")
}

#[test]
fn the_server_answers_a_hostile_pdf_on_check_and_keeps_serving() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().to_str().expect("utf8").to_owned();
    let migrated = bin().args(["migrate", "--data-dir", &d]).output().expect("migrate");
    assert!(migrated.status.success(), "{migrated:?}");
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
    // The public form's double-submit token: the cookie and the hidden field.
    let (status, head, page) = get(port, "/check");
    assert_eq!(status, 200);
    let cookie = head
        .lines()
        .filter_map(|l| l.split_once(": "))
        .find(|(k, v)| k.eq_ignore_ascii_case("set-cookie") && v.starts_with("gongkai_check_csrf="))
        .and_then(|(_, v)| v.split(';').next())
        .expect("csrf cookie")
        .to_owned();
    let marker = "name=\"csrf_token\" value=\"";
    let token =
        page[page.find(marker).expect("token field") + marker.len()..].split('"').next().expect("value");
    let boundary = "gongkaiSandboxTest";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"selfdraw.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n"
    )
    .into_bytes();
    body.extend(selfdraw_pdf());
    body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
    let head = format!(
        "POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (status, _, page) = http(port, &head, &body);
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("无法读取"), "the finding is on the page");
    assert!(page.contains("自我引用"), "with its reason");
    let (status, _, _) = get(port, "/healthz");
    assert_eq!(status, 200, "still serving");
    assert!(server.try_wait().expect("status").is_none(), "the server is alive");
    // SIGTERM stops it, by itself.
    let term = Command::new("kill").args(["-TERM", &server.id().to_string()]).status().expect("kill");
    assert!(term.success());
    let status = server.wait().expect("wait");
    assert!(status.success(), "{status:?}");
}
