#!/usr/bin/env bash
# Benchmarks of the annual report (issue 6), release build, SQLite:
#   1. one agency's report computed from 100,000 requests (JSON and PDF exports);
#   2. a county roll-up over 500 agencies and 1,000,000 requests.
# Usage: bench/annual/run.sh   (PER_AGENCY=2000 AGENCIES=500 by default)
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}"
cargo build --release -p gongkai --bin gongkai --example seed_requests
BIN="$CARGO_TARGET_DIR/release/gongkai"
SEED="$CARGO_TARGET_DIR/release/examples/seed_requests"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
D="$WORK/data"
"$BIN" migrate --data-dir "$D" >/dev/null
# demo agencies and accounts: start the server once
GONGKAI_LISTEN=127.0.0.1:0 GONGKAI_LOG=warn "$BIN" serve --demo --data-dir "$D" >"$WORK/serve.log" 2>&1 &
for _ in $(seq 100); do grep -q serving "$WORK/serve.log" && break; sleep 0.2; done
kill %1; wait %1 2>/dev/null || true
URL="sqlite://$D/gongkai.sqlite3"
YEAR=$(date +%Y)
echo "== 1. one agency, 100,000 requests"
"$SEED" "$URL" 1 100000
for ext in json pdf; do
  /usr/bin/time -f "report annual .$ext: %e s, max RSS %M KB" "$BIN" report annual --data-dir "$D" --agency 1 --year "$YEAR" --out "$WORK/r.$ext"
done
echo "== 2. county roll-up, ${AGENCIES:-500} agencies x ${PER_AGENCY:-2000} requests"
"$SEED" "$URL" rollup "${AGENCIES:-500}"
/usr/bin/time -f "report annual --rollup .json: %e s, max RSS %M KB" "$BIN" report annual --data-dir "$D" --agency 1 --year "$YEAR" --rollup --out "$WORK/roll.json"
