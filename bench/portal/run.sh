#!/usr/bin/env bash
# The portal's publication page and catalog list page under wrk on loopback (release build,
# SQLite, the demo catalog of ~300 published items), next to nginx serving the same pages saved
# as static files — the ceiling for "just send these bytes" on this machine.
# Needs wrk and nginx (apt-get install -y wrk nginx). Usage: bench/portal/run.sh [port] [nginx-port]
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT="${1:-18093}"
NPORT="${2:-18094}"
DUR="${DUR:-15s}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/gongkai-target}"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is needed: apt-get install -y nginx" >&2; exit 1; }
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
cargo build --release -j "${JOBS:-1}" -p gongkai --bin gongkai
BIN="$CARGO_TARGET_DIR/release/gongkai"
WORK="$(mktemp -d)"
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
GONGKAI_LISTEN="127.0.0.1:$PORT" GONGKAI_COOKIE_SECURE=false GONGKAI_LOG=warn "$BIN" serve --demo --data-dir "$WORK/data" >"$WORK/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 300); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
ID=$(curl -fs "http://127.0.0.1:$PORT/api/v1/publications" | grep -o '"url":"/publications/[0-9]*"' | head -1 | grep -o '[0-9]*')
PUB="/publications/$ID"
LIST="/catalog?topic=17"
mkdir -p "$WORK/www/publications" "$WORK/www/static"
curl -fs "http://127.0.0.1:$PORT$PUB" >"$WORK/www/publications/$ID.html"
curl -fs "http://127.0.0.1:$PORT$LIST" >"$WORK/www/catalog.html"
echo "publication page: $(wc -c <"$WORK/www/publications/$ID.html") bytes; list page: $(wc -c <"$WORK/www/catalog.html") bytes"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp; fastcgi_temp_path $WORK/tmp;
  uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  server {
    listen 127.0.0.1:$NPORT;
    root $WORK/www;
    location = $PUB { try_files /publications/$ID.html =404; }
    location = /catalog { try_files /catalog.html =404; }
  }
}
CONF
mkdir -p "$WORK/tmp"
# nginx's workers run as an unprivileged user: let them read the copies (mktemp makes 0700).
chmod 755 "$WORK" && chmod -R a+rX "$WORK/www"
"$NGINX" -c "$WORK/nginx.conf"
run() { echo "== $1"; wrk -t2 -c16 -d"$DUR" --latency "$2" | grep -E 'Requests/sec|Latency|50%|99%|Non-2xx'; }
curl -fs -o /dev/null "http://127.0.0.1:$NPORT$PUB" || { echo "nginx does not serve the copy" >&2; cat "$WORK/nginx-error.log" >&2; exit 1; }
run "gongkai $PUB" "http://127.0.0.1:$PORT$PUB"
run "nginx   $PUB (static copy)" "http://127.0.0.1:$NPORT$PUB"
run "gongkai $LIST" "http://127.0.0.1:$PORT$LIST"
run "nginx   /catalog (static copy)" "http://127.0.0.1:$NPORT/catalog"
run "gongkai /search?q=补贴" "http://127.0.0.1:$PORT/search?q=%E8%A1%A5%E8%B4%B4"
