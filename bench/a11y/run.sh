#!/usr/bin/env bash
# Accessibility check of the public portal: serves the demo, runs axe-core in headless Chromium
# over home, catalog, a publication, the guide, search, tracking, the application form and the
# 留言/找错 pages (form, public list, tracking), and
# fails on any serious or critical violation.
# Needs node/npm and Chromium (apt-get install -y chromium nodejs npm). Usage: bench/a11y/run.sh [port]
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${1:-18095}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}"
[ -x /usr/bin/chromium ] || { echo "Chromium is needed: apt-get install -y chromium" >&2; exit 1; }
(cd bench/a11y && { [ -d node_modules ] || npm ci --no-audit --no-fund --silent || npm install --no-audit --no-fund --silent; })
cargo build -j "${JOBS:-1}" -p gongkai --bin gongkai
BIN="$CARGO_TARGET_DIR/debug/gongkai"
WORK="$(mktemp -d)"
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
GONGKAI_LISTEN="127.0.0.1:$PORT" GONGKAI_COOKIE_SECURE=false GONGKAI_LOG=warn "$BIN" serve --demo --data-dir "$WORK/data" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
ID=$(curl -fs "http://127.0.0.1:$PORT/api/v1/publications" | grep -o '"url":"/publications/[0-9]*"' | head -1 | grep -o '[0-9]*')
node bench/a11y/check.js "http://127.0.0.1:$PORT" / /catalog "/catalog?topic=17&year=2025" "/publications/$ID" \
  "/publications/$ID/notice" /agencies/1/guide /agencies/1/annual-reports "/search?q=%E8%A1%A5%E8%B4%B4" /track /agencies/1/apply \
  /agencies/1/messages/new "/agencies/1/messages/new?kind=error_report" "/messages?agency=1" /messages/track /consultations /consultations/1 /consultations/3
