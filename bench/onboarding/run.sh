#!/usr/bin/env bash
# Issue 14's walk from an empty data directory, against a real server on loopback:
#   agency import (a county with two townships) → user add (editor,reviewer,approver; password on
#   stdin) → token create → serve → through the API alone: create a draft, submit, pass review,
#   publish → listed by GET /api/v1/publications and found by /search → a township's token gets 404
#   on the county's item → a revoked token gets 401. Also: an import file with one bad row writes
#   nothing, exits 1 and names the row.
# Builds nothing: `cargo build -p gongkai` (or --release) first. The binary is $GONGKAI_BIN, else
# ${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}/debug/gongkai. Needs curl and python3.
set -euo pipefail
BIN="${GONGKAI_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}/debug/gongkai}"
[ -x "$BIN" ] || { echo "no gongkai binary at $BIN: cargo build -p gongkai first" >&2; exit 2; }
WORK="$(mktemp -d)"
PORT="${PORT:-18123}"
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
D="$WORK/data"
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; exit 1; }

cat >"$WORK/agencies.csv" <<'CSV'
名称,上级机关,层级,类型,统一社会信用代码,联系电话
某某县人民政府,,县级,人民政府,91350100M000100Y43,0599-7000000
甲镇人民政府,某某县人民政府,乡镇级,人民政府,,
乙乡人民政府,某某县人民政府,乡镇级,人民政府,,
CSV
"$BIN" agency import "$WORK/agencies.csv" --data-dir "$D" >/dev/null && ok "agency import: a county and two townships"
printf '名称,上级机关,层级,类型\n丙镇人民政府,某某县人民政府,乡镇级,人民政府\n丁镇人民政府,不存在县,乡镇级,人民政府\n' >"$WORK/bad.csv"
if "$BIN" agency import "$WORK/bad.csv" --data-dir "$D" 2>"$WORK/bad.err"; then fail "a bad file was imported"; fi
grep -q '第3行' "$WORK/bad.err" && ok "a bad row is named (第3行), exit 1"
[ "$("$BIN" agency list --json --data-dir "$D" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')" = 3 ] \
  && ok "nothing written by the bad file"
echo 'a-long-password-1' | "$BIN" user add --agency 某某县人民政府 --role editor,reviewer,approver --name zhang --data-dir "$D" >/dev/null
echo 'a-long-password-1' | "$BIN" user add --agency 甲镇人民政府 --role editor --name town --data-dir "$D" >/dev/null
ok "user add (password on stdin)"
TOKEN=$("$BIN" token create --agency 某某县人民政府 --user zhang --name 演练 --data-dir "$D" | tail -n1)
TOWN=$("$BIN" token create --agency 甲镇人民政府 --user town --name 演练 --data-dir "$D" | tail -n1)
ok "token create (last line)"

GONGKAI_COOKIE_SECURE=false GONGKAI_LOG=warn "$BIN" serve --data-dir "$D" --listen "127.0.0.1:$PORT" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
B="http://127.0.0.1:$PORT/api/v1"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
call() { curl -s -H "Authorization: Bearer $1" -H 'Content-Type: application/json' "${@:2}"; }
ID=$(call "$TOKEN" -d '{"title":"某某县2026年春耕备耕补助发放办法","body":"<p>补助标准为每亩十元。</p>","formed_on":"2026-03-02","topic":"农业、林业、水利","genre":"notice"}' "$B/publications" | json '["id"]')
ok "draft $ID created through the API"
V=1
for a in '{"action":"submit"}' '{"action":"pass_review","note":"无涉密"}' '{"action":"publish"}'; do
  V=$(call "$TOKEN" -d "{\"version\": $V, \"action\": $a}" "$B/publications/$ID/actions" | json '["version"]')
done
ok "submitted, reviewed, published"
curl -s "$B/publications" | grep -q '春耕备耕补助' && ok "listed by GET /api/v1/publications"
curl -s "http://127.0.0.1:$PORT/search?q=%E6%98%A5%E8%80%95%E5%A4%87%E8%80%95" | grep -q '春耕备耕' && ok "found by /search"
[ "$(call "$TOWN" -o /dev/null -w '%{http_code}' "$B/publications/$ID")" = 404 ] && ok "a township's token: 404"
TID=$("$BIN" token list --agency 某某县人民政府 --user zhang --data-dir "$D" | head -n1 | cut -f1)
"$BIN" token revoke --id "$TID" --data-dir "$D" >/dev/null
[ "$(call "$TOKEN" -o /dev/null -w '%{http_code}' "$B/publications/$ID")" = 401 ] && ok "a revoked token: 401"
echo "ALL STEPS HELD"
