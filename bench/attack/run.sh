#!/usr/bin/env bash
# Replays every attack class of issue 11 against `gongkai serve --demo` on a free loopback port
# with a fresh temporary data directory, and prints one row per class: the outcome, the slowest
# /healthz answer (polled every 100 ms) and the server's peak RSS (sampled every 100 ms; child
# processes separately). Afterwards the server must still serve `/`, stop on SIGTERM, and
# `gongkai audit verify` must find the audit log intact. Exit status 1 if any expectation fails:
# a wrong answer, a crash or freeze, /healthz slower than 1 s, or RSS of 600 MB or more.
#
# Builds nothing. Build first:   cargo build --release        (then run bench/attack/run.sh)
# The binary is $GONGKAI_BIN, else ${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}/release/gongkai.
# Needs python3 (standard library only). Everything goes to 127.0.0.1; counts and times are
# bounded (a full run takes a few minutes). The trusted-proxy class runs with
# GONGKAI_TRUSTED_PROXIES=127.0.0.1 for the whole run when the binary has that setting.
#
# Usage: bench/attack/run.sh [--only 1,5,7] [--json results.json] [--keep] [--kill-rss-mb 4096]
# The server is killed past --kill-rss-mb (to protect the machine); that counts as a failure.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
BIN="${GONGKAI_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}/release/gongkai}"
if [ ! -x "$BIN" ]; then
  echo "no gongkai binary at $BIN: run \`cargo build --release\` first, or set GONGKAI_BIN" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "python3 is needed (apt-get install -y python3)" >&2; exit 2; }
exec python3 "$HERE/attack.py" --bin "$BIN" "$@"
