//! Untrusted documents are read in a child process with a wall-clock limit that really stops
//! the work.
//!
//! The readers carry their own guards (`gongkai_check::read`: form XObject cycles and fan-out,
//! grid expansion, decoded and extracted sizes), but they are third-party code on
//! attacker-chosen input: a guard that misses a case would abort the whole server (stack
//! overflow) or keep a blocking thread busy forever, which no `tokio` timeout can stop. So when
//! a sandbox program is configured ([`configure`]; `gongkai serve` and `gongkai check` set it
//! to their own executable), every report check and attachment extraction runs as
//! `gongkai sandbox check|extract --name FILE` with the bytes on stdin and JSON on stdout. The
//! child sets its own resource limits first (address space, CPU seconds, no core files, no
//! files written); the parent here kills it at the wall-clock timeout (and whenever the
//! request that waits for it goes away: `kill_on_drop`), reads at most [`MAX_OUTPUT`] bytes
//! of its answer, and runs at most [`SLOTS`] children at once. A child that is killed, crashes
//! or runs out of memory gives the file a “无法读取” result; the server goes on.
//!
//! Without a configured program (the web crate's tests, which have no `gongkai` binary, or an
//! embedder) the same job functions run in process on the blocking pool, under the readers'
//! guards only.

use std::path::PathBuf;
use std::process::Stdio;
use std::sync::OnceLock;
use std::time::Duration;

use gongkai_check::FileReport;
use gongkai_search::extract::{Extracted, Refusal};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;

/// Checks and extractions running at the same time, server-wide; further ones wait their turn.
pub const CHECK_SLOTS: usize = 2;
/// Largest answer read from a child.
pub const MAX_OUTPUT: u64 = 32 << 20;
/// Largest error output kept from a child (to tell an out-of-memory abort from a crash).
const MAX_STDERR: u64 = 4 << 10;

/// Slots for the work on untrusted documents (children, or blocking tasks in process).
pub static SLOTS: Semaphore = Semaphore::const_new(CHECK_SLOTS);

static CONFIG: OnceLock<SandboxConfig> = OnceLock::new();

/// How children are run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SandboxConfig {
    /// The program re-executed as `PROGRAM sandbox JOB --name NAME` (the `gongkai` binary).
    pub program: PathBuf,
    /// Wall-clock limit of one child (`GONGKAI_SANDBOX_TIMEOUT_MS`, default 20 s).
    pub timeout: Duration,
    /// Address-space limit of one child, MiB (`GONGKAI_SANDBOX_MEMORY_MB`, default 1024).
    pub memory_mb: u64,
    /// CPU-time limit of one child, seconds (`GONGKAI_SANDBOX_CPU_SECONDS`, default 30).
    pub cpu_seconds: u64,
}

impl SandboxConfig {
    /// Defaults for `program`, overridden by the `GONGKAI_SANDBOX_*` environment variables.
    #[must_use]
    pub fn from_env(program: PathBuf) -> Self {
        let num = |key: &str, default: u64| {
            std::env::var(key).ok().and_then(|v| v.trim().parse::<u64>().ok()).unwrap_or(default)
        };
        SandboxConfig {
            program,
            timeout: Duration::from_millis(num("GONGKAI_SANDBOX_TIMEOUT_MS", 20_000)),
            memory_mb: num("GONGKAI_SANDBOX_MEMORY_MB", 1024).max(64),
            cpu_seconds: num("GONGKAI_SANDBOX_CPU_SECONDS", 30).max(1),
        }
    }
}

/// Run documents in children from now on (once per process; later calls are ignored and say so).
pub fn configure(cfg: SandboxConfig) -> bool {
    CONFIG.set(cfg).is_ok()
}

/// The configured sandbox, if any.
#[must_use]
pub fn configured() -> Option<&'static SandboxConfig> {
    CONFIG.get()
}

/// Why a child gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Over the wall-clock or the CPU-time limit.
    Timeout,
    /// Over the memory limit.
    Memory,
    /// Killed by a signal, a non-zero exit, an answer too long or not a job's JSON.
    Crashed(String),
    /// The child could not be started.
    Spawn(String),
}

impl Failure {
    /// Chinese explanation for the person who uploaded the file.
    #[must_use]
    pub fn message_zh(&self) -> String {
        match self {
            Failure::Timeout => {
                "无法读取：检查超时，文件可能含有过度复杂或恶意构造的内容，已停止处理".to_owned()
            }
            Failure::Memory => {
                "无法读取：读取此文件所需内存超过上限，文件可能含有恶意构造的内容，已停止处理".to_owned()
            }
            Failure::Crashed(_) => "无法读取：文件结构异常，读取过程意外中止，已停止处理".to_owned(),
            Failure::Spawn(_) => "无法读取：暂时无法启动检查进程，请稍后再试".to_owned(),
        }
    }
}

/// Run `job` (`check` or `extract`) on `bytes` in a child; its stdout on success.
///
/// # Errors
/// [`Failure`] when the child does not answer normally.
pub async fn run_child(cfg: &SandboxConfig, job: &str, name: &str, bytes: &[u8]) -> Result<Vec<u8>, Failure> {
    let mut child = tokio::process::Command::new(&cfg.program)
        .arg("sandbox")
        .arg(job)
        // One argument, so a name that starts with `-` stays a value.
        .arg(format!("--name={name}"))
        .arg("--memory-mb")
        .arg(cfg.memory_mb.to_string())
        .arg("--cpu-seconds")
        .arg(cfg.cpu_seconds.to_string())
        // Nothing of the server's environment (database URLs, secrets) reaches the child.
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| Failure::Spawn(e.to_string()))?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        return Err(Failure::Spawn("pipes".to_owned()));
    };
    let talk = async {
        let feed = async {
            // A child that dies early closes its stdin: that shows in its status, not here.
            let _ = stdin.write_all(bytes).await;
            drop(stdin);
        };
        let (_, out, err) =
            tokio::join!(feed, read_bounded(stdout, MAX_OUTPUT), read_bounded(stderr, MAX_STDERR));
        let status = child.wait().await;
        (out, err, status)
    };
    let Ok((out, err, status)) = tokio::time::timeout(cfg.timeout, talk).await else {
        // `talk` (and with it the borrow of `child`) is gone: kill and reap.
        let _ = child.start_kill();
        let _ = child.wait().await;
        tracing::warn!(job, timeout_ms = cfg.timeout.as_millis() as u64, "sandboxed job timed out");
        return Err(Failure::Timeout);
    };
    let status = status.map_err(|e| Failure::Crashed(e.to_string()))?;
    let err = String::from_utf8_lossy(&err);
    if !status.success() {
        let failure = classify(status, &err);
        tracing::warn!(job, %status, stderr = %err.trim(), "sandboxed job failed");
        return Err(failure);
    }
    if out.len() as u64 > MAX_OUTPUT {
        return Err(Failure::Crashed("answer too long".to_owned()));
    }
    Ok(out)
}

fn classify(status: std::process::ExitStatus, stderr: &str) -> Failure {
    use std::os::unix::process::ExitStatusExt;
    if stderr.contains("memory allocation") || stderr.contains("out of memory") {
        return Failure::Memory;
    }
    // SIGXCPU (24) at the soft CPU limit, SIGKILL (9) at the hard one.
    match status.signal() {
        Some(24 | 9) => Failure::Timeout,
        _ => Failure::Crashed(status.to_string()),
    }
}

/// Everything up to `limit + 1` bytes (one more than allowed shows the answer was too long).
async fn read_bounded(r: impl AsyncRead + Unpin, limit: u64) -> Vec<u8> {
    let mut buf = Vec::new();
    let _ = r.take(limit + 1).read_to_end(&mut buf).await;
    buf
}

/// Check one report file: in a child when configured, else in process on the blocking pool.
/// Holds a [`SLOTS`] permit while it runs. Never fails: a failure is the file's `error`.
pub async fn check(name: String, bytes: Vec<u8>) -> FileReport {
    let Ok(_permit) = SLOTS.acquire().await else {
        return FileReport::failed(&name, Failure::Spawn("closed".to_owned()).message_zh());
    };
    match configured() {
        Some(cfg) => match run_child(cfg, "check", &name, &bytes).await {
            Ok(out) => gongkai_check::check_job_result(&out).unwrap_or_else(|e| {
                tracing::warn!(error = %e, "sandboxed check answered no report");
                FileReport::failed(&name, Failure::Crashed(e.to_string()).message_zh())
            }),
            Err(f) => FileReport::failed(&name, f.message_zh()),
        },
        None => {
            let n = name.clone();
            let job = tokio::task::spawn_blocking(move || gongkai_check::check_bytes(&n, &bytes));
            job.await
                .unwrap_or_else(|e| FileReport::failed(&name, Failure::Crashed(e.to_string()).message_zh()))
        }
    }
}

/// Extract an attachment's text (`gongkai_search::extract` with its default limits): in a child
/// when configured, else in process on the blocking pool. Holds a [`SLOTS`] permit while it runs.
///
/// # Errors
/// [`Refusal`] with a stable code and a Chinese message, including for a child that failed
/// (`attachment_unreadable`).
pub async fn extract(name: String, bytes: Vec<u8>) -> Result<Extracted, Refusal> {
    let unreadable =
        |f: Failure| Refusal { code: "attachment_unreadable".to_owned(), message: f.message_zh() };
    let Ok(_permit) = SLOTS.acquire().await else {
        return Err(unreadable(Failure::Spawn("closed".to_owned())));
    };
    match configured() {
        Some(cfg) => {
            let out = run_child(cfg, "extract", &name, &bytes).await.map_err(unreadable)?;
            gongkai_search::extract::extract_job_result(&out)
                .unwrap_or_else(|e| Err(unreadable(Failure::Crashed(e.to_string()))))
        }
        None => {
            let job = tokio::task::spawn_blocking(move || {
                let limits = gongkai_search::extract::Limits::default();
                gongkai_search::extract::extract_text(&bytes, &name, &limits).map_err(|e| Refusal::from(&e))
            });
            job.await.unwrap_or_else(|e| Err(unreadable(Failure::Crashed(e.to_string()))))
        }
    }
}
