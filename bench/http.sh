#!/bin/sh
# bench/http.sh — the server's read path against nginx serving the same bytes
# (issue 14 §4). Prints figures and ratios; nothing here passes or fails.
#
# usage: bench/http.sh BUILD_DIR     (or NOABER=path/to/noaber bench/http.sh)
#   env HTTP_SCALES   demo sizes to time the lists at (default "1 10": the demo
#                     network and ten times it; the 10x network takes ~1 min to make)
#   env HTTP_SECONDS  seconds per wrk run (default 5)
#   env HTTP_DIR      where the work directory goes (default: the current one)
#
# In one run, on loopback: `noaber init` + `noaber demo` (optionally scaled),
# `noaber serve --threads 2`, and nginx (2 workers, `daemon off`, its own
# config and temp dirs in the work directory) serving static copies of the
# exact bytes noaber answered. Throughput is `wrk -t2 -c16` (the issue's
# table); the time of one request is the p50 of `wrk -t1 -c1 --latency`
# (one kept-alive client: server time plus a few tens of microseconds of
# loopback). Then the busiest web pages as a coordinator, and finally
# bench/commit.sh (durable approvals vs raw inserts) when it exists.
# Needs wrk, nginx and curl (scripts/setup.sh bench).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -n "${NOABER:-}" ]; then
    BIN=$NOABER
else
    BUILD=${1:?usage: bench/http.sh BUILD_DIR (or NOABER=bin bench/http.sh)}
    BIN=$(cd "$BUILD" && pwd)/noaber
fi
[ -x "$BIN" ] || { echo "http.sh: no noaber binary at $BIN" >&2; exit 2; }
for tool in wrk nginx curl; do
    command -v "$tool" > /dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] ||
        { echo "http.sh: $tool is missing (scripts/setup.sh bench)" >&2; exit 2; }
done
NGINX=$(command -v nginx 2> /dev/null || echo /usr/sbin/nginx)
SCALES=${HTTP_SCALES:-"1 10"}
SECS=${HTTP_SECONDS:-5}
WORK=$(mktemp -d "${HTTP_DIR:-.}/http-bench-XXXXXX")
WORK=$(cd "$WORK" && pwd)
# nginx's workers drop to an unprivileged user when the script runs as root:
# they must be able to read the static copies (mktemp -d makes the directory
# 0700, and nginx then answered every request with 403 — fast, and wrong).
chmod 755 "$WORK"
SRV_PID=""
NGX_PID=""
cleanup() {
    [ -n "$SRV_PID" ] && kill "$SRV_PID" 2> /dev/null && wait "$SRV_PID" 2> /dev/null
    [ -n "$NGX_PID" ] && kill "$NGX_PID" 2> /dev/null && wait "$NGX_PID" 2> /dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT HUP INT PIPE TERM

# wrk's Requests/sec of a run: wrk_rps URL [header]
wrk_rps() {
    if [ -n "${2:-}" ]; then
        wrk -t2 -c16 -d"${SECS}s" -H "$2" "$1" | awk '/^Requests\/sec/ {print $2}'
    else
        wrk -t2 -c16 -d"${SECS}s" "$1" | awk '/^Requests\/sec/ {print $2}'
    fi
}

# p50 in ms of one kept-alive client: wrk_p50 URL [header]
wrk_p50() {
    d=$(( SECS < 3 ? SECS : 3 ))
    if [ -n "${2:-}" ]; then
        out=$(wrk -t1 -c1 -d"${d}s" --latency -H "$2" "$1")
    else
        out=$(wrk -t1 -c1 -d"${d}s" --latency "$1")
    fi
    echo "$out" | awk '/^ +50%/ {v=$2; u=v; sub(/[a-z]+$/, "", v); sub(/^[0-9.]+/, "", u);
                                 if (u == "us") v /= 1000; else if (u == "s") v *= 1000;
                                 printf "%.2f\n", v}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

. "$HERE/lib_serve.sh" # serve_wait

# start_server DB: noaber serve on a free port, URL in $BASE
start_server() {
    : > "$WORK/serve.out" # emptied before the start: serve_wait must not read the last server's line
    "$BIN" serve --db "$1" --listen 127.0.0.1:0 --threads 2 --log-level warn > "$WORK/serve.out" 2>&1 &
    SRV_PID=$!
    BASE=$(serve_wait "$WORK/serve.out") || exit 1
}

stop_server() {
    kill "$SRV_PID" 2> /dev/null || true
    wait "$SRV_PID" 2> /dev/null || true
    SRV_PID=""
}

# make_db SCALE: a demo network of SCALE times the demo size in $WORK/demoSCALE.db
make_db() {
    db="$WORK/demo$1.db"
    t0=$(date +%s)
    "$BIN" init --db "$db" > /dev/null
    "$BIN" demo --db "$db" --people $((1500 * $1)) --assignments $((150 * $1)) > /dev/null
    echo "demo network x$1 ($((1500 * $1)) people, $((150 * $1)) assignments) made in $(( $(date +%s) - t0 )) s"
}

token() { "$BIN" token create --role beheer --label bench --db "$1" | awk 'NF {l=$0} END {print l}'; }

echo "noaber: $BIN ($("$BIN" version 2> /dev/null | head -n1)); nginx: $("$NGINX" -v 2>&1 | sed 's/.*\///')"
echo "wrk -t2 -c16 -d${SECS}s for throughput; one request = p50 of wrk -t1 -c1 --latency"
echo

# ---- nginx with static copies -------------------------------------------------
mkdir -p "$WORK/www" "$WORK/nginx"
NGX_PORT=$(( 20000 + $$ % 20000 ))
cat > "$WORK/nginx/nginx.conf" << EOF
worker_processes 2;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types { application/json json; }
    server {
        listen 127.0.0.1:$NGX_PORT;
        root $WORK/www;
    }
}
EOF

first=1
for scale in $SCALES; do
    make_db "$scale"
    DB="$WORK/demo$scale.db"
    TOK=$(token "$DB")
    AUTH="Authorization: Bearer $TOK"
    start_server "$DB"
    if [ $first = 1 ]; then
        curl -sf -H "$AUTH" "$BASE/api/v1/organisaties/2" > "$WORK/www/org.json"
        curl -sf "$BASE/api/v1/openapi.json" > "$WORK/www/openapi.json"
        "$NGINX" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
        NGX_PID=$!
        i=0
        until curl -sf -o /dev/null "http://127.0.0.1:$NGX_PORT/org.json" || [ $i -ge 50 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        NGX="http://127.0.0.1:$NGX_PORT"
        chmod 644 "$WORK/www/org.json" "$WORK/www/openapi.json"
        for f in org.json openapi.json; do # the same bytes, or the ratios mean nothing
            curl -sf "$NGX/$f" | cmp -s - "$WORK/www/$f" ||
                { echo "http.sh: nginx does not serve $f (see $WORK/nginx/error.log)" >&2; exit 1; }
        done
        echo
        printf '%-44s %8s %12s %12s %8s\n' "request (demo x1)" "bytes" "noaber/s" "nginx/s" "ratio"
        n=$(wrk_rps "$BASE/api/v1/organisaties/2" "$AUTH")
        g=$(wrk_rps "$NGX/org.json")
        printf '%-44s %8s %12s %12s %8s   (target >= 0.5x)\n' "GET /api/v1/organisaties/2 (token)" \
            "$(wc -c < "$WORK/www/org.json")" "$n" "$g" "$(ratio "$n" "$g")"
        n=$(wrk_rps "$BASE/api/v1/openapi.json")
        g=$(wrk_rps "$NGX/openapi.json")
        printf '%-44s %8s %12s %12s %8s   (target >= 0.5x)\n' "GET /api/v1/openapi.json" \
            "$(wc -c < "$WORK/www/openapi.json")" "$n" "$g" "$(ratio "$n" "$g")"
        n=$(wrk_rps "$BASE/api/v1/openapi.json" "Accept-Encoding: gzip")
        printf '%-44s %8s %12s %12s %8s\n' "GET /api/v1/openapi.json, gzip" \
            "$(curl -s -H 'Accept-Encoding: gzip' "$BASE/api/v1/openapi.json" | wc -c)" "$n" "-" \
            "$(ratio "$n" "$g")"
        n=$(wrk_rps "$BASE/api/v1/medewerkers?paginaGrootte=100" "$AUTH")
        printf '%-44s %8s %12s %12s %8s\n' "GET /api/v1/medewerkers?paginaGrootte=100" \
            "$(curl -s -H "$AUTH" "$BASE/api/v1/medewerkers?paginaGrootte=100" | wc -c)" "$n" "-" "-"
        first=0
    fi
    echo
    printf '%-52s %8s %10s  %s\n' "one request, demo x$scale" "bytes" "p50 ms" "target"
    # inzetten: a row's reservations only with expand (the deprecated /inzet always has them);
    # medewerkers?na=: a keyset page (nothing counted) from the middle of the table
    for path in "/api/v1/medewerkers?paginaGrootte=100" \
        "/api/v1/medewerkers?paginaGrootte=100&na=$((750 * scale))" \
        "/api/v1/inzetten?paginaGrootte=100" "/api/v1/inzetten?paginaGrootte=100&expand=reserveringen" \
        "/api/v1/inzet?paginaGrootte=100" \
        "/api/v1/opdrachten?paginaGrootte=100" "/api/v1/urenregistraties?paginaGrootte=100" \
        "/api/v1/boekingen?paginaGrootte=100" "/api/v1/organisaties/2/afschrift" \
        "/api/v1/organisaties/2/afschrift.csv"; do
        case "$path" in
            *afschrift*) target="<= 5 ms" ;;
            *expand=*|*/inzet\?*) target="(with reservations)" ;;
            *) if [ "$scale" = 1 ]; then target="<= 1 ms"; else target="<= 3 ms"; fi ;;
        esac
        bytes=$(curl -s -H "$AUTH" "$BASE$path" | wc -c)
        printf '%-52s %8s %10s  %s\n' "GET $path" "$bytes" "$(wrk_p50 "$BASE$path" "$AUTH")" "$target"
    done
    # the busiest web pages, as a coordinator of the first organisation
    ORG=$(curl -s -H "$AUTH" "$BASE/api/v1/organisaties?paginaGrootte=1" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n1)
    printf 'bench-password-correct-9\n' |
        "$BIN" user create bench-coord --role coordinator --organisation "${ORG:-1}" --db "$DB" > /dev/null 2>&1 || true
    COOKIE=$(curl -s -D - -o /dev/null -H "Origin: $BASE" \
        --data 'gebruikersnaam=bench-coord&wachtwoord=bench-password-correct-9' "$BASE/inloggen" |
        sed -n 's/^[Ss]et-[Cc]ookie: \(__Host-noaber-sessie=[^;]*\).*/\1/p' | head -n1)
    if [ -n "$COOKIE" ]; then
        for page in / /overzicht /medewerkers /opdrachten /uren /goedkeuren /organisatie \
            "/organisaties/${ORG:-1}/afschrift"; do
            st=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$BASE$page")
            bytes=$(curl -s -H "Cookie: $COOKIE" "$BASE$page" | wc -c)
            printf '%-52s %8s %10s  %s\n' "page $page ($st)" "$bytes" \
                "$(wrk_p50 "$BASE$page" "Cookie: $COOKIE")" "coordinator"
        done
    else
        echo "(web pages: the coordinator login failed; left out)"
    fi
    stop_server
    echo
done

if [ -x "$HERE/commit.sh" ]; then
    echo "== durable approvals vs raw inserts (bench/commit.sh)"
    NOABER="$BIN" "$HERE/commit.sh" ${BUILD:+"$BUILD"}
fi
