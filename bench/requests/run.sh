#!/usr/bin/env bash
# Benchmarks of disclosure requests (issue 4), on loopback, release build, SQLite with durable
# commits (WAL, synchronous=FULL — the defaults of `gongkai serve`):
#   1. sustained online submissions per second through POST /api/v1/requests (wrk, 16
#      connections, 20 s; every answer must be 201);
#   2. the staff dashboard (/staff/requests, the most urgent 50 of the agency's open requests
#      with live clocks and counters) with 100,000 requests of that agency in the database
#      (wrk, 4 connections, 15 s, latency percentiles).
# Needs wrk (apt-get install wrk). Usage: bench/requests/run.sh [port]
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${1:-18090}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release -p gongkai --bin gongkai --example seed_requests
BIN="$CARGO_TARGET_DIR/release/gongkai"
SEED="$CARGO_TARGET_DIR/release/examples/seed_requests"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
start() { GONGKAI_LISTEN="127.0.0.1:$PORT" GONGKAI_COOKIE_SECURE=false GONGKAI_LOG=warn "$BIN" serve "$@" --data-dir "$WORK/data" >"$WORK/serve.log" 2>&1 &
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && return; sleep 0.2; done; cat "$WORK/serve.log"; exit 1; }

echo "== 1. online submissions (POST /api/v1/requests), 20 s, 16 connections"
start --demo
wrk -t2 -c16 -d20s -s bench/requests/post.lua "http://127.0.0.1:$PORT/api/v1/requests"
kill %1; wait %1 2>/dev/null || true

echo "== 2. dashboard with 100,000 requests of one agency"
"$SEED" "sqlite://$WORK/data/gongkai.sqlite3" 1 100000
start
J="$WORK/jar"
TOKEN=$(curl -s -c "$J" -b "$J" "http://127.0.0.1:$PORT/staff/login" | grep -o 'name="csrf_token" value="[^"]*"' | head -1 | sed 's/.*value="//;s/"//')
curl -s -c "$J" -b "$J" -o /dev/null -d "username=editor&password=demo-editor-2026&csrf_token=$TOKEN" "http://127.0.0.1:$PORT/staff/login"
COOKIE=$(awk '$6=="gongkai_session"{print "gongkai_session="$7}' "$J")
curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/staff/requests" | grep -o '<caption>共 [0-9]* 件' | head -1
wrk -t2 -c4 -d15s --latency -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/staff/requests"
