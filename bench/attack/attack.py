#!/usr/bin/env python3
"""Replays every class of issue 11 against a running `gongkai serve --demo` on loopback.

Started by bench/attack/run.sh (which finds the binary); python3 standard library only.
For each class: the attack, bounded in count and time, while /healthz is polled every 100 ms
and the server's RSS (and, separately, the largest child process's RSS) is sampled every
100 ms. One table row per class; at the end the server must still serve `/`, stop on SIGTERM,
and `gongkai audit verify` must find the audit chain intact. Exit status 1 if anything failed.

A server that dies (or stops answering /healthz) during a class is reported, killed if needed,
and started again on the same data directory before the next class; a server that failed a
class is restarted too, so that each class starts from a clean process.
"""

import argparse
import datetime as dt
import http.client as hc
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import xml.etree.ElementTree as ET
import zipfile
import io

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile  # noqa: E402

HEALTH_LIMIT_MS = 1000
RSS_LIMIT_MB = 600
# Addresses used inside X-Forwarded-For (documentation ranges, RFC 5737); every connection
# still goes to 127.0.0.1.
ATTACKER = "203.0.113.66"
OTHERS = ["198.51.100.7", "198.51.100.8", "198.51.100.9"]
COUNTY = "示例县人民政府"
TOWNSHIP = ("chengguan", "demo-chengguan-2026", "城关镇人民政府")
OTHER_TOWNSHIP = ("hexi", "demo-hexi-2026")
ADMIN = ("admin", "demo-admin-2026")
APPROVER = ("approver", "demo-approver-2026")
EDITOR = ("editor", "demo-editor-2026")
BIDI_NAME = "王\ufffe小\uffff明\u202e"
FAKE_HANDLER = "县长（伪造）"


# ---------------------------------------------------------------------------------------------
# HTTP


class Resp:
    def __init__(self, status=None, headers=None, body=b"", error=None, ms=0.0):
        self.status = status
        self.headers = headers or []
        self.body = body
        self.error = error
        self.ms = ms

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def envelope_code(self):
        """The `error.code` of a JSON error envelope, or None."""
        v = self.json()
        if isinstance(v, dict) and isinstance(v.get("error"), dict):
            return v["error"].get("code")
        return None

    def short(self):
        return str(self.status) if self.status is not None else (self.error or "no answer")


def http(port, method, path, headers=(), body=None, timeout=30.0, host=None):
    """One request on a new connection to 127.0.0.1:port; never raises."""
    t0 = time.monotonic()
    conn = hc.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host or f"127.0.0.1:{port}")
        for k, v in headers:
            conn.putheader(k, v)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        if body:
            try:
                conn.send(body)
            except OSError:
                pass  # the server may answer (413/403) and close before reading everything
        r = conn.getresponse()
        data = r.read()
        return Resp(r.status, r.getheaders(), data, ms=(time.monotonic() - t0) * 1000)
    except (socket.timeout, TimeoutError):
        return Resp(error="timeout", ms=(time.monotonic() - t0) * 1000)
    except OSError as e:
        return Resp(error=type(e).__name__, ms=(time.monotonic() - t0) * 1000)
    except hc.HTTPException as e:
        return Resp(error=type(e).__name__, ms=(time.monotonic() - t0) * 1000)
    finally:
        conn.close()


def multipart(fields, files):
    """A multipart/form-data body; fields first (the CSRF token leads), then files."""
    boundary = "----gongkai-attack-" + uuid.uuid4().hex
    out = bytearray()
    for k, v in fields:
        out += f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'.encode()
        out += v.encode() + b"\r\n"
    for k, name, data, ctype in files:
        out += (f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                f"Content-Type: {ctype}\r\n\r\n").encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def hidden(html, name):
    m = re.search(r'name="%s"\s+value="([^"]*)"' % re.escape(name), html)
    return m.group(1) if m else ""


class Client:
    """A browser: a cookie jar (Secure cookies are sent over loopback HTTP as a browser does on
    127.0.0.1) and, behind the simulated proxy, the X-Forwarded-For the proxy would send."""

    def __init__(self, ctx, xff=None):
        self.ctx = ctx
        self.cookies = {}
        self.xff = xff

    def req(self, method, path, body=None, ctype=None, headers=(), timeout=30.0, host=None):
        h = list(headers)
        if self.cookies:
            h.append(("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items())))
        if ctype:
            h.append(("Content-Type", ctype))
        if self.xff:
            h.append(("X-Forwarded-For", self.xff))
        r = http(self.ctx.server.port, method, path, h, body, timeout, host)
        for k, v in r.headers:
            if k.lower() == "set-cookie":
                pair = v.split(";", 1)[0]
                if "=" in pair:
                    name, val = pair.split("=", 1)
                    if "max-age=0" in v.lower() or val == "":
                        self.cookies.pop(name.strip(), None)
                    else:
                        self.cookies[name.strip()] = val.strip()
        return r

    def get(self, path, **kw):
        return self.req("GET", path, **kw)

    def form(self, path, fields, **kw):
        body = urllib.parse.urlencode(fields).encode()
        return self.req("POST", path, body, "application/x-www-form-urlencoded", **kw)

    def upload(self, path, fields, files, **kw):
        body, ctype = multipart(fields, files)
        return self.req("POST", path, body, ctype, **kw)

    def post_json(self, path, value, **kw):
        return self.req("POST", path, json.dumps(value, ensure_ascii=False).encode(), "application/json", **kw)

    def login(self, user, password):
        page = self.get("/staff/login")
        token = hidden(page.text, "csrf_token")
        r = self.form("/staff/login",
                      [("csrf_token", token), ("next", "/staff"), ("username", user), ("password", password)])
        return r


# ---------------------------------------------------------------------------------------------
# The server and what is measured while it runs


def clean_env(extra=None):
    """The environment without any GONGKAI_* variable of the caller's (a GONGKAI_DATABASE_URL
    must not point the run at a real database), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(extra or {})
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def describe_exit(rc):
    if rc is None:
        return "running"
    if rc < 0:
        try:
            return f"killed by {signal.Signals(-rc).name}"
        except ValueError:
            return f"killed by signal {-rc}"
    return f"exit {rc}"


class Server:
    def __init__(self, binary, work, env):
        self.binary = binary
        self.data = os.path.join(work, "data")
        self.logpath = os.path.join(work, "serve.log")
        self.env = env
        self.proc = None
        self.port = None
        self.starts = 0
        self.deaths = []

    def start(self, timeout=300):
        env = clean_env(self.env)
        if self.port is None:
            self.port = free_port()
        for attempt in range(3):
            env["GONGKAI_LISTEN"] = f"127.0.0.1:{self.port}"
            if "GONGKAI_BASE_URL" in self.env:
                env["GONGKAI_BASE_URL"] = f"http://127.0.0.1:{self.port}"
            log = open(self.logpath, "ab")
            log.write(f"\n==== start {self.starts + 1} on port {self.port}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(
                [self.binary, "serve", "--demo", "--data-dir", self.data],
                stdout=log, stderr=log, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
            log.close()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                if http(self.port, "GET", "/healthz", timeout=2).status == 200:
                    self.starts += 1
                    return
                time.sleep(0.2)
            if self.proc.poll() is None:
                self.kill()
                raise RuntimeError(f"the server did not answer /healthz within {timeout} s (see {self.logpath})")
            # Exited at start: perhaps the port was taken meanwhile; try another.
            self.port = free_port()
        raise RuntimeError(f"the server does not start ({describe_exit(self.proc.returncode)}; see {self.logpath})")

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def healthy(self, timeout=5.0):
        return self.alive() and http(self.port, "GET", "/healthz", timeout=timeout).status == 200

    def kill(self):
        """SIGKILL to the server's process group (the server and any child it started)."""
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait()

    def stop(self, grace=20):
        """SIGTERM; returns (stopped_cleanly, description)."""
        if not self.alive():
            return False, describe_exit(self.proc.returncode if self.proc else None)
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(grace)
            return rc == 0, describe_exit(rc)
        except subprocess.TimeoutExpired:
            self.kill()
            return False, f"still running {grace} s after SIGTERM (killed)"

    def pids(self):
        """The server's descendants (children, grandchildren…)."""
        out, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            try:
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children") as f:
                        kids = [int(x) for x in f.read().split()]
                    out += kids
                    todo += kids
            except OSError:
                pass
        return out


def rss_mb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Monitor:
    """Polls /healthz and samples RSS every 100 ms until stopped."""

    def __init__(self, server, kill_mb):
        self.server = server
        self.kill_mb = kill_mb
        self.stop_ev = threading.Event()
        self.health_max_ms = 0.0
        self.health_fail = 0
        self.health_n = 0
        self.rss_peak = 0.0
        self.child_peak = 0.0
        self.children_seen = 0
        self.killed_at = None
        self.threads = [threading.Thread(target=self._health, daemon=True),
                        threading.Thread(target=self._rss, daemon=True)]

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def stop(self):
        self.stop_ev.set()
        for t in self.threads:
            t.join()

    def _health(self):
        while not self.stop_ev.is_set():
            if not self.server.alive():
                self.stop_ev.wait(0.1)
                continue
            t0 = time.monotonic()
            r = http(self.server.port, "GET", "/healthz", timeout=3.0)
            ms = (time.monotonic() - t0) * 1000
            self.health_n += 1
            if r.status != 200:
                self.health_fail += 1
                if not self.server.alive():
                    continue  # a dead server is reported as such, not as slow
            self.health_max_ms = max(self.health_max_ms, ms)
            self.stop_ev.wait(max(0.0, 0.1 - (time.monotonic() - t0)))

    def _rss(self):
        seen = set()
        while not self.stop_ev.is_set():
            if self.server.alive():
                pid = self.server.proc.pid
                mb = rss_mb(pid)
                self.rss_peak = max(self.rss_peak, mb)
                for child in self.server.pids():
                    seen.add(child)
                    self.child_peak = max(self.child_peak, rss_mb(child))
                self.children_seen = len(seen)
                if mb > self.kill_mb and self.killed_at is None:
                    # Protect the machine: past this the figure is a failure anyway.
                    self.killed_at = mb
                    self.server.kill()
            self.stop_ev.wait(0.1)


# ---------------------------------------------------------------------------------------------
# The run


class Ctx:
    def __init__(self, args, server, work, features):
        self.args = args
        self.server = server
        self.work = work
        self.features = features
        self.crashes = []

    def checkpoint(self, label):
        """After one step of an attack: a dead or silent server is recorded and started again."""
        if self.server.alive() and self.server.healthy(5.0):
            return True
        if self.server.alive():
            self.crashes.append(f"{label}: /healthz silent, killed")
            self.server.kill()
        else:
            self.crashes.append(f"{label}: server {describe_exit(self.server.proc.returncode)}")
        self.server.start()
        return False

    def client(self, xff=None):
        return Client(self, xff)

    def agency_id(self, name=COUNTY):
        """The id of the demo agency called `name` (public agency list)."""
        agencies = http(self.server.port, "GET", "/api/v1/agencies").json() or []
        for a in agencies:
            if a.get("name") == name:
                return a["id"]
        raise RuntimeError(f"no agency {name} in /api/v1/agencies")

    def new_request(self, agency, name="王小明"):
        """Files a request through the public API; returns (response, number, tracking_code)."""
        body = {
            "agency": agency,
            "applicant": {"kind": "natural_person", "name": name, "id_type": "resident_id",
                          "id_number": "11010519491231002X", "phone": "13800138000",
                          "email": "wxm@example.cn", "address": "示例县人民路1号"},
            "description": "请公开2025年耕地地力保护补贴发放名单", "form": "electronic", "delivery": "online",
        }
        r = self.client().post_json("/api/v1/requests", body)
        v = r.json() or {}
        return r, v.get("number"), v.get("tracking_code")


def apply_fields(token, **edit):
    fields = [
        ("csrf_token", token), ("kind", "natural_person"), ("name", "王小明"), ("id_type", "resident_id"),
        ("id_number", "11010519491231002X"), ("phone", "13800138000"), ("email", "wxm@example.cn"),
        ("address", "示例县人民路1号"), ("description", "请公开2025年耕地地力保护补贴发放名单"),
        ("form", "electronic"), ("delivery", "email"),
    ]
    return [(k, edit.get(k, v)) for k, v in fields]


def cli_check(ctx, name, data, timeout):
    """`gongkai check FILE` in its own process group, killed after `timeout` s; reports its exit
    and peak RSS (wait4: the process and the children it waited for)."""
    path = os.path.join(ctx.work, name)
    with open(path, "wb") as f:
        f.write(data)
    t0 = time.monotonic()
    p = subprocess.Popen([ctx.args.bin, "check", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         stdin=subprocess.DEVNULL, start_new_session=True, env=clean_env())
    while True:
        pid, status, usage = os.wait4(p.pid, os.WNOHANG)
        if pid:
            p.returncode = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() - t0 > timeout:
            os.killpg(p.pid, signal.SIGKILL)
            _, _, usage = os.wait4(p.pid, 0)
            p.returncode = -signal.SIGKILL
            return False, f"CLI {name}: still running after {timeout:.0f} s (killed; {usage.ru_maxrss >> 10} MB)"
        time.sleep(0.05)
    secs = time.monotonic() - t0
    rc = p.returncode
    # 0: no errors, 1: errors found, 2: the file could not be read (无法读取) — all orderly ends.
    return rc in (0, 1, 2), f"CLI {name}: {describe_exit(rc)} in {secs:.1f} s, peak RSS {usage.ru_maxrss >> 10} MB"


def check_upload(ctx, client, name, data, timeout):
    page = client.get("/check")
    token = hidden(page.text, "csrf_token")
    return client.upload("/check", [("csrf_token", token)],
                         [("report", name, data, "application/octet-stream")], timeout=timeout)


def parallel(fns):
    out = [None] * len(fns)

    def run(i, f):
        out[i] = f()

    ts = [threading.Thread(target=run, args=(i, f), daemon=True) for i, f in enumerate(fns)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out


# Each class returns (ok, detail). Requests carry their own timeouts, so every class ends.


def class1(ctx):
    ok, parts = True, []
    r = check_upload(ctx, ctx.client(), "self.pdf", hostile.self_drawing_pdf(), 60)
    good = r.status is not None and r.status < 500
    ok &= good
    parts.append(f"self-drawing {len(hostile.self_drawing_pdf())} B → {r.short()}"
                 + (" 无法读取" if "无法读取" in r.text else ""))
    ctx.checkpoint("self-drawing PDF")
    fan = hostile.fanout_pdf()
    rs = parallel([lambda: check_upload(ctx, ctx.client(), "fanout.pdf", fan, 45) for _ in range(2)])
    ok &= all(x.status is not None and x.status < 500 for x in rs)
    parts.append(f"2× fan-out {len(fan)} B → {'/'.join(x.short() for x in rs)}")
    ctx.checkpoint("fan-out PDF")
    t0 = time.monotonic()
    r = check_upload(ctx, ctx.client(), "report.html", hostile.tiny_report_html(), 40)
    ok &= r.status == 200
    parts.append(f"then a small report → {r.short()} in {time.monotonic() - t0:.1f} s")
    ctx.checkpoint("small report after fan-out")
    for name, data in (("self.pdf", hostile.self_drawing_pdf()), ("fanout.pdf", fan)):
        good, what = cli_check(ctx, name, data, ctx.args.cli_timeout)
        ok &= good
        parts.append(what)
    return ok, "; ".join(parts)


def class2(ctx):
    ok, parts = True, []
    r = ctx.client().get("/search?q=" + urllib.parse.quote("补贴") + "&page=1000000000")
    good = r.status is not None and r.status < 500
    ok &= good
    parts.append(f"/search page=1e9 → {r.short()} (want a normal page)")
    ctx.checkpoint("/search")
    for query in ("page=1000000000", "q=" + urllib.parse.quote("补贴") + "&page=1000000000"):
        r = ctx.client().get("/api/v1/publications?" + query)
        code = r.envelope_code()
        ok &= r.status in (400, 422) and code is not None
        parts.append(f"/api/v1/publications?{urllib.parse.unquote(query)} → {r.short()} {code or 'no envelope'}")
        ctx.checkpoint("/api/v1/publications")
    parts[-1] += " (want 400/422 envelope)"
    return ok, "; ".join(parts)


def class3(ctx):
    ok, parts = True, []
    html = hostile.span_html()
    rs = parallel([lambda: check_upload(ctx, ctx.client(), "spans.html", html, 60) for _ in range(2)])
    ok &= all(x.status is not None and x.status < 500 for x in rs)
    parts.append(f"2× HTML {len(html) // 1000} KB spans 64 → {'/'.join(x.short() for x in rs)}")
    ctx.checkpoint("span HTML")
    docx = hostile.gridspan_docx()
    r = check_upload(ctx, ctx.client(), "grid.docx", docx, 60)
    ok &= r.status is not None and r.status < 500
    parts.append(f"DOCX {len(docx) // 1000} KB gridSpan 64 → {r.short()}")
    ctx.checkpoint("gridSpan DOCX")
    return ok, "; ".join(parts)


def big_apply(port, path, size, files, timeout):
    """One multipart POST of `size` bytes, streamed: first a wrong CSRF token, then `files` file
    parts of equal size (each under the per-file limit, so only the token can refuse it)."""
    boundary = "----gongkai-attack-" + uuid.uuid4().hex
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\nwrong-token\r\n'.encode()
    part_head = [(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="scan{i}.pdf"\r\n'
                  f"Content-Type: application/pdf\r\n\r\n%PDF-1.4\n").encode() for i in range(files)]
    tail = f"--{boundary}--\r\n".encode()
    overhead = len(head) + sum(len(p) + 2 for p in part_head) + len(tail)
    per_file = (size - overhead) // files
    total = overhead + per_file * files
    chunk = b"0" * (1 << 20)
    s = None
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        s.sendall((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
                   f"Content-Length: {total}\r\nConnection: close\r\n\r\n").encode() + head)
        sent_all = True
        try:
            for ph in part_head:
                s.sendall(ph)
                left = per_file
                while left > 0:
                    n = min(left, len(chunk))
                    s.sendall(chunk[:n])
                    left -= n
                s.sendall(b"\r\n")
            s.sendall(tail)
        except OSError:
            sent_all = False  # refused early: fine, read the answer if one came
        data = b""
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                data += b
        except OSError:
            pass
        m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
        status = int(m.group(1)) if m else None
        return status, sent_all
    except OSError as e:
        return type(e).__name__, False
    finally:
        if s is not None:
            s.close()


def class4(ctx):
    county = ctx.agency_id()
    size = 50 << 20
    n = 40
    t0 = time.monotonic()
    rs = parallel([lambda: big_apply(ctx.server.port, f"/agencies/{county}/apply", size, 5, 90)
                   for _ in range(n)])
    secs = time.monotonic() - t0
    statuses = {}
    for status, sent_all in rs:
        key = f"{status}{'' if sent_all else ' (early)'}"
        statuses[key] = statuses.get(key, 0) + 1
    # A refusal: 403 (the token), 413 (too large), 429/503 (the body budget is spent), or the
    # connection closed early after an answer we could not read. 408 means the server was
    # still reading when its timeout fired: not a refusal.
    refusals = (400, 403, 413, 429, 503)
    ok = all(status in refusals or (status is None and not sent_all) for status, sent_all in rs)
    after = rss_mb(ctx.server.proc.pid) if ctx.server.alive() else 0
    detail = (f"{n}× 50 MB (5 files of 10 MB), wrong token → " + ", ".join(f"{k}×{v}" for k, v in sorted(statuses.items()))
              + f" in {secs:.1f} s; RSS after {after:.0f} MB")
    ctx.checkpoint("40 big bodies")
    return ok, detail


NESTED_LOOPS = ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
                "{{ applicant_name }}：已收到您的申请 {{ number }}。")


def class5(ctx):
    c = ctx.client()
    r = c.login(*TOWNSHIP[:2])
    if r.status != 303:
        return False, f"township login → {r.short()}"
    page = c.get("/staff/letter-templates?kind=receipt")
    token = hidden(page.text, "csrf_token")
    # As many saves at once as a small server has runtime workers (two cores here, more is no
    # harder): each must be refused, and the server must keep answering meanwhile.
    t0 = time.monotonic()
    rs = parallel([lambda: c.form("/staff/letter-templates",
                                  [("csrf_token", token), ("kind", "receipt"), ("body", NESTED_LOOPS)],
                                  timeout=45) for _ in range(4)])
    secs = time.monotonic() - t0
    ok = all(r.status is not None and 400 <= r.status < 500 for r in rs)
    detail = (f"township admin saves 2 nested range(100000), 4× at once → {'/'.join(r.short() for r in rs)} "
              f"in {secs:.1f} s (want refused 4xx)")
    ctx.checkpoint("template")
    return ok, detail


def class6(ctx):
    county = ctx.agency_id()
    cases = [
        ("申请书.docx", hostile.zip_named_docx(),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("scan.pdf", hostile.pdf_prefix_junk(), "application/pdf"),
        ("setup.exe", hostile.windows_exe(), "application/octet-stream"),
        ("page.html", hostile.html_page(), "text/html"),
    ]
    ok, parts = True, []
    for name, data, ctype in cases:
        c = ctx.client()
        page = c.get(f"/agencies/{county}/apply")
        token = hidden(page.text, "csrf_token")
        r = c.upload(f"/agencies/{county}/apply", apply_fields(token), [("files", name, data, ctype)])
        refused = r.status is not None and 400 <= r.status < 500
        ok &= refused
        parts.append(f"{name} → {r.short()}{'' if refused else ' ACCEPTED'}")
        ctx.checkpoint(name)
    return ok, "; ".join(parts) + " (want each refused)"


def class7(ctx):
    ok, parts = True, []
    proxied = ctx.features["trusted_proxies"]
    # 20 failed logins from one client that forges the left part of X-Forwarded-For; the trusted
    # proxy (127.0.0.1) appends the address it saw.
    attacker = ctx.client()
    page = attacker.get("/staff/login")
    token = hidden(page.text, "csrf_token")
    statuses = []
    for i in range(20):
        attacker.xff = f"10.{i}.0.1, {ATTACKER}"
        r = attacker.form("/staff/login", [("csrf_token", token), ("next", "/staff"),
                                          ("username", f"nobody{i}"), ("password", "wrong-password-1")])
        statuses.append(r.short())
    attacker.xff = f"10.99.0.1, {ATTACKER}"
    r = attacker.form("/staff/login", [("csrf_token", token), ("next", "/staff"),
                                      ("username", "nobody99"), ("password", "wrong-password-1")])
    limited = r.status == 429
    ok &= limited
    parts.append(f"20 bad logins ({','.join(sorted(set(statuses)))}), 21st with a new forged XFF → {r.short()}"
                 + ("" if limited else " (want 429)"))
    other = ctx.client(OTHERS[0])
    r = other.login(*APPROVER)
    ok &= r.status == 303
    parts.append(f"approver from another client → {r.short()} (want 303)")
    # Five wrong passwords for a named account from the attacker; its owner elsewhere still logs in.
    for i in range(5):
        attacker.xff = f"10.{i}.1.1, {ATTACKER}"
        attacker.form("/staff/login", [("csrf_token", token), ("next", "/staff"),
                                      ("username", EDITOR[0]), ("password", "wrong-password-1")])
    owner = ctx.client(OTHERS[1])
    r = owner.login(*EDITOR)
    ok &= r.status == 303
    parts.append(f"5 bad for editor, then editor from another client → {r.short()} (want 303)")
    ctx.checkpoint("logins")
    # Ten wrong 查询码 from the attacker; another citizen then tracks a real request.
    res, number, code = ctx.new_request(TOWNSHIP[2])
    if not number:
        return False, "; ".join(parts + [f"could not file a request to track: {res.short()} {res.text[:200]}"])
    attacker.xff = ATTACKER
    page = attacker.get("/track")
    token = hidden(page.text, "csrf_token")
    wrong = []
    for i in range(10):
        attacker.xff = f"10.{i}.2.1, {ATTACKER}"
        r = attacker.form("/track", [("csrf_token", token), ("number", number), ("code", f"WRONG{i:05d}")])
        wrong.append(r.short())
    citizen = ctx.client(OTHERS[2])
    page = citizen.get("/track")
    r = citizen.form("/track", [("csrf_token", hidden(page.text, "csrf_token")), ("number", number), ("code", code)])
    tracked = r.status == 200 and number in r.text
    ok &= tracked
    parts.append(f"10 wrong 查询码 ({','.join(sorted(set(wrong)))}), then another citizen tracks → {r.short()}"
                 + ("" if tracked else " (want 200 with the request)"))
    if not proxied:
        parts.append("binary has no trusted_proxies setting: X-Forwarded-For ignored, all from 127.0.0.1")
    return ok, "; ".join(parts)


def staff_request_id(client, number):
    r = client.get("/api/v1/requests?q=" + urllib.parse.quote(number))
    for item in (r.json() or {}).get("items", []):
        if item.get("number") == number:
            return item.get("id")
    return None


def class8(ctx):
    c = ctx.client()
    if c.login(*TOWNSHIP[:2]).status != 303:
        return False, "township login failed"
    me = (c.get("/api/v1/me").json() or {}).get("id")
    o = ctx.client()
    if o.login(*OTHER_TOWNSHIP).status != 303:
        return False, "other township login failed"
    foreign = (o.get("/api/v1/me").json() or {}).get("id")
    ok, parts = True, []
    for label, hid in (("another township's user", foreign), ("own id with a free name", me)):
        res, number, _ = ctx.new_request(TOWNSHIP[2])
        rid = staff_request_id(c, number) if number else None
        if rid is None:
            return False, f"could not file a request: {res.short()} {res.text[:200]}"
        d = c.get(f"/api/v1/requests/{rid}").json() or {}
        r = c.post_json(f"/api/v1/requests/{rid}/actions",
                        {"version": d.get("version", 1),
                         "action": {"action": "assign", "handler_id": hid, "handler_name": FAKE_HANDLER}})
        after = c.get(f"/api/v1/requests/{rid}").text
        kept_fake = FAKE_HANDLER in after
        good = (r.status is not None and 400 <= r.status < 500) or (r.status == 200 and not kept_fake
                                                                    and hid == me)
        ok &= good
        parts.append(f"assign {label} (id {hid}) “{FAKE_HANDLER}” → {r.short()}"
                     + (f" {r.envelope_code()}" if r.envelope_code() else "") + (", name stored" if kept_fake else ""))
    ctx.checkpoint("assign")
    return ok, "; ".join(parts) + " (want refused, or the real name kept)"


def class9(ctx):
    c = ctx.client()
    if c.login(*TOWNSHIP[:2]).status != 303:
        return False, "township login failed"
    ok, parts = True, []
    bodies = [
        ("closed_on 9999-12-31", {"kind": "reconsideration", "body": "示例县人民政府", "filed_on": "2025-03-03",
                                  "closed_on": "9999-12-31", "result": "upheld"}),
        ("filed_on -262143-01-01", {"kind": "reconsideration", "body": "示例县人民政府",
                                    "filed_on": "-262143-01-01", "result": "pending"}),
    ]
    for label, body in bodies:
        r = c.post_json("/api/v1/cases", body)
        good = r.status == 422 or (r.status == 400 and r.envelope_code() is not None)
        ok &= good
        parts.append(f"{label} → {r.short()} {r.envelope_code() or ''}".strip())
    ctx.checkpoint("cases")
    return ok, "; ".join(parts) + " (want 422)"


def beijing_today():
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=8)).date().isoformat()


def class10(ctx):
    res, number, _ = ctx.new_request(TOWNSHIP[2], name=BIDI_NAME)
    if number is None:
        refused = res.status in (400, 422)
        return refused, f"name with U+FFFE/U+FFFF/U+202E → {res.short()} {res.envelope_code() or ''} (refused)"
    c = ctx.client()
    if c.login(*TOWNSHIP[:2]).status != 303:
        return False, "township login failed"
    rid = staff_request_id(c, number)
    d = c.get(f"/api/v1/requests/{rid}").json() or {}
    r = c.post_json(f"/api/v1/requests/{rid}/actions",
                    {"version": d.get("version", 1), "action": {"action": "confirm_receipt", "on": beijing_today()}})
    if r.status != 200:
        return False, f"name accepted ({res.short()}); confirm_receipt → {r.short()} {r.text[:200]}"
    letters = (c.get(f"/api/v1/requests/{rid}").json() or {}).get("letters", [])
    if not letters:
        return False, "name accepted; no letter after confirm_receipt"
    lid = letters[0]["id"]
    r = c.get(f"/staff/requests/{rid}/letters/{lid}?format=docx")
    try:
        z = zipfile.ZipFile(io.BytesIO(r.body))
        xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as e:
        return False, f"name accepted; letter DOCX → {r.short()} not a DOCX ({e})"
    try:
        ET.fromstring(xml)
        valid = True
        why = "valid XML"
    except ET.ParseError as e:
        valid = False
        why = f"invalid XML ({e})"
    bad = [n for n, b in (("U+FFFE", b"\xef\xbf\xbe"), ("U+FFFF", b"\xef\xbf\xbf"), ("U+202E", b"\xe2\x80\xae"))
           if b in xml]
    ok = valid and not bad
    return ok, (f"name accepted ({res.short()}); letter DOCX {why}"
                + (f", still contains {'/'.join(bad)}" if bad else ", no bidi/non-characters"))


def class11(ctx):
    ok, parts = True, []
    for path in ("/feed.atom", "/sitemap.xml"):
        r = ctx.client().get(path, host="evil.example")
        reflected = "evil.example" in r.text
        good = r.status == 200 and not reflected
        ok &= good
        parts.append(f"{path} Host: evil.example → {r.short()}, "
                     + ("Host reflected" if reflected else "not reflected")
                     + f", Cache-Control {r.header('Cache-Control') or '-'}")
    ctx.checkpoint("Host")
    base = "base_url set" if ctx.features["base_url"] else "binary has no base_url setting"
    return ok, "; ".join(parts) + f" ({base})"


def class12(ctx):
    ok, parts = True, []
    admin = ctx.client()
    if admin.login(*ADMIN).status != 303:
        return False, "admin login failed"
    r = admin.get("/api/v1/requests/not-a-number")
    good = r.status in (400, 404, 422) and r.envelope_code() is not None
    ok &= good
    parts.append(f"bad path → {r.short()} {r.envelope_code() or 'no envelope'}")
    r = admin.get("/api/v1/requests?page=abc")
    good = r.status in (400, 422) and r.envelope_code() is not None
    ok &= good
    parts.append(f"bad query → {r.short()} {r.envelope_code() or 'no envelope'}")
    big = {"agency": TOWNSHIP[2], "description": "补" * (1 << 20)}
    r = ctx.client().post_json("/api/v1/requests", big, timeout=60)
    good = r.status == 413 and r.envelope_code() is not None
    ok &= good
    parts.append(f"{len(json.dumps(big, ensure_ascii=False).encode()) >> 20} MB JSON → {r.short()} "
                 f"{r.envelope_code() or 'no envelope'} (want 413)")
    county = ctx.agency_id()
    c = ctx.client()
    page = c.get(f"/agencies/{county}/apply")
    token = hidden(page.text, "csrf_token")
    r = c.upload(f"/agencies/{county}/apply", apply_fields(token, description="补" * 22200), [])
    says_files = "上传的内容过大" in r.text or "文件过大" in r.text
    # Refused with a message about the field (or accepted, if the field's limit is higher now),
    # never "the files are too large".
    good = r.status is not None and r.status < 500 and not says_files
    ok &= good
    parts.append(f"65 KB form field (over 64 KiB) → {r.short()}" + (" “上传的内容过大”" if says_files else ""))
    ctx.checkpoint("edge")
    return ok, "; ".join(parts)


CLASSES = [
    (1, "self-drawing PDF + 4× fan-out PDF: /check and `gongkai check`", class1),
    (2, "page=1000000000 on /search and /api/v1/publications", class2),
    (3, "rowspan/colspan 64 × 20,000 rows HTML (2 at once), gridSpan DOCX", class3),
    (4, "40 concurrent 50 MB bodies to /agencies/{id}/apply, bad CSRF", class4),
    (5, "township admin saves nested range(100000) letter template", class5),
    (6, "ZIP as .docx, %PDF-+junk, setup.exe, page.html on the apply form", class6),
    (7, "20 bad logins + 10 wrong 查询码 with forged X-Forwarded-For", class7),
    (8, "API assign: foreign handler_id, free handler_name", class8),
    (9, "POST /api/v1/cases closed_on 9999-12-31, filed_on -262143-01-01", class9),
    (10, "U+FFFE/U+FFFF/U+202E in applicant name → letter DOCX", class10),
    (11, "forged Host on /feed.atom and /sitemap.xml", class11),
    (12, "bad path/query on /api/v1, 3 MB JSON, 64 KB form field", class12),
]


def features(binary):
    try:
        ex = subprocess.run([binary, "config", "example"], capture_output=True, text=True, timeout=60,
                            env=clean_env()).stdout
    except (OSError, subprocess.TimeoutExpired):
        ex = ""
    def has(key):
        return re.search(r"^[#\s]*%s\s*=" % key, ex, re.M) is not None

    return {"trusted_proxies": has("trusted_proxies"), "base_url": has("base_url")}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", required=True, help="the gongkai binary")
    ap.add_argument("--only", default="", help="comma-separated class numbers (default: all)")
    ap.add_argument("--kill-rss-mb", type=float, default=float(os.environ.get("ATTACK_KILL_RSS_MB", 4096)),
                    help="kill the server past this RSS, to protect the machine (default 4096)")
    ap.add_argument("--cli-timeout", type=float, default=45.0, help="seconds for each `gongkai check` run")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--json", help="also write the results as JSON to this file")
    args = ap.parse_args()
    only = {int(x) for x in args.only.split(",") if x.strip()}

    work = tempfile.mkdtemp(prefix="gongkai-attack-")
    feats = features(args.bin)
    env = {"GONGKAI_COOKIE_SECURE": "false", "GONGKAI_LOG": "warn"}
    if feats["trusted_proxies"]:
        env["GONGKAI_TRUSTED_PROXIES"] = "127.0.0.1"
    if feats["base_url"]:
        env["GONGKAI_BASE_URL"] = "set per start"
    server = Server(args.bin, work, env)
    ctx = Ctx(args, server, work, feats)
    print(f"binary: {args.bin}")
    print(f"work dir: {work} (server log: {server.logpath})")
    print("trusted proxy: " + ("GONGKAI_TRUSTED_PROXIES=127.0.0.1 for the whole run" if feats["trusted_proxies"]
                               else "not supported by this binary (X-Forwarded-For is ignored)"))
    print("base_url: " + ("GONGKAI_BASE_URL=http://127.0.0.1:PORT" if feats["base_url"] else "not supported"))
    t_start = time.monotonic()
    server.start()
    print(f"serving on 127.0.0.1:{server.port} (started in {time.monotonic() - t_start:.1f} s)\n")
    header = "| class | what | result | healthz max ms | server peak RSS MB | child peak RSS MB |"
    print(header)
    print("|---|---|---|---:|---:|---:|")
    sys.stdout.flush()
    results = []
    all_ok = True
    for num, what, fn in CLASSES:
        if only and num not in only:
            continue
        if not server.healthy(5.0):
            server.kill()
            server.start()
        ctx.crashes = []
        mon = Monitor(server, args.kill_rss_mb).start()
        t0 = time.monotonic()
        try:
            ok, detail = fn(ctx)
        except Exception as e:  # a harness bug must not hide the other classes
            ok, detail = False, f"harness error: {e!r}"
        time.sleep(0.3)
        mon.stop()
        secs = time.monotonic() - t0
        problems = []
        if mon.killed_at is not None:
            problems.append(f"killed by the harness at RSS {mon.killed_at:.0f} MB")
        problems += ctx.crashes
        if server.alive() and not server.healthy(5.0):
            problems.append("/healthz silent after the class (killed)")
            server.kill()
        elif not server.alive():
            problems.append(f"server {describe_exit(server.proc.returncode)}")
        if mon.health_max_ms > HEALTH_LIMIT_MS:
            problems.append(f"/healthz slower than {HEALTH_LIMIT_MS} ms")
        if mon.health_fail:
            problems.append(f"{mon.health_fail}/{mon.health_n} /healthz polls failed")
        if mon.rss_peak >= RSS_LIMIT_MB:
            problems.append(f"RSS ≥ {RSS_LIMIT_MB} MB")
        passed = ok and not problems
        all_ok &= passed
        verdict = "PASS" if passed else "FAIL"
        text = f"{verdict}: {detail}" + (f" — {'; '.join(problems)}" if problems else "") + f" [{secs:.0f} s]"
        child = f"{mon.child_peak:.0f}" if mon.children_seen else "-"
        print(f"| {num} | {what} | {text} | {mon.health_max_ms:.0f} | {mon.rss_peak:.0f} | {child} |")
        sys.stdout.flush()
        results.append({"class": num, "what": what, "pass": passed, "detail": detail, "problems": problems,
                        "healthz_max_ms": round(mon.health_max_ms), "rss_peak_mb": round(mon.rss_peak),
                        "child_rss_peak_mb": round(mon.child_peak), "seconds": round(secs, 1)})
        # Each class starts from a clean process: restart after a failure (leftover work, memory,
        # locked-out accounts).
        if not passed or (server.alive() and rss_mb(server.proc.pid) >= RSS_LIMIT_MB):
            server.kill()
            server.start()

    print()
    if not server.healthy(5.0):
        server.kill()
        server.start()
    r = http(server.port, "GET", "/")
    home_ok = r.status == 200
    print(f"after the attacks: GET / → {r.short()}")
    clean, how = server.stop()
    print(f"SIGTERM: {how}")
    av = subprocess.run([args.bin, "audit", "verify", "--data-dir", server.data], capture_output=True, text=True,
                        timeout=300, env=clean_env())
    audit_ok = av.returncode == 0
    print(f"gongkai audit verify: exit {av.returncode}: {(av.stdout + av.stderr).strip().splitlines()[-1:]}")
    print(f"server starts: {server.starts}; total {time.monotonic() - t_start:.0f} s")
    all_ok &= home_ok and clean and audit_ok
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"binary": args.bin, "features": feats, "classes": results, "home_ok": home_ok,
                       "stopped_cleanly": clean, "audit_ok": audit_ok, "pass": all_ok}, f, ensure_ascii=False,
                      indent=1)
    if not args.keep:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {work}")
    print("ALL EXPECTATIONS HELD" if all_ok else "SOME EXPECTATIONS FAILED")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
