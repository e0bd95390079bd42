//! `gongkai sandbox check|extract`: the child side of [`gongkai_app::sandbox`]. The server
//! (and `gongkai check`) re-execute this binary for every untrusted document; the child limits
//! itself before it reads anything, reads the bytes from stdin, runs the same job function an
//! in-process check would run, and writes its JSON to stdout. Whatever the document does to
//! the reader, only this process pays: over the address-space limit an allocation fails and
//! the process aborts, over the CPU limit the kernel sends SIGXCPU (then SIGKILL at the hard
//! limit), and the parent kills it at its wall-clock timeout.

use std::io::{Read, Write};
use std::process::ExitCode;

/// The job a child runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Job {
    /// 年报体检 of one file (`gongkai_check::check_job`).
    Check,
    /// Attachment text extraction (`gongkai_search::extract::extract_job`).
    Extract,
}

/// Limit this process, read stdin, run the job, answer on stdout.
pub fn child(job: Job, name: &str, memory_mb: u64, cpu_seconds: u64) -> ExitCode {
    if let Err(e) = limit_self(memory_mb, cpu_seconds) {
        eprintln!("error: cannot set resource limits: {e}");
        return ExitCode::FAILURE;
    }
    let mut bytes = Vec::new();
    // One byte more than any reader accepts, so an oversized input is still reported as such.
    let cap = gongkai_check::read::MAX_INPUT_BYTES as u64 + 1;
    if let Err(e) = std::io::stdin().lock().take(cap).read_to_end(&mut bytes) {
        eprintln!("error: cannot read the input: {e}");
        return ExitCode::FAILURE;
    }
    let out = match job {
        Job::Check => gongkai_check::check_job(name, &bytes),
        Job::Extract => gongkai_search::extract::extract_job(name, &bytes),
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(&out).and_then(|()| stdout.flush()) {
        eprintln!("error: cannot write the answer: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// Address space, CPU seconds (soft: SIGXCPU, hard one second later: SIGKILL), no core dumps,
/// no files written. Set with `setrlimit` on this process itself, so no `unsafe` `pre_exec`.
fn limit_self(memory_mb: u64, cpu_seconds: u64) -> std::io::Result<()> {
    use rlimit::Resource;
    Resource::CORE.set(0, 0)?;
    Resource::FSIZE.set(0, 0)?;
    Resource::CPU.set(cpu_seconds, cpu_seconds + 1)?;
    let bytes = memory_mb.saturating_mul(1 << 20);
    Resource::AS.set(bytes, bytes)?;
    Ok(())
}
