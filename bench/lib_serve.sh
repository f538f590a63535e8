# bench/lib_serve.sh — sourced (`. "$ROOT/bench/lib_serve.sh"`) by bench/national.sh,
# bench/national_reads.sh and bench/team_national.sh (bench/http.sh, request_cost.sh and
# approval_cost.sh use serve_wait only): `noaber serve` started and stopped on a
# database, one request measured with the server's CPU time and peak RSS, and every credit line
# raised to the maximum. Not run on its own. The caller sets BIN (the noaber binary), TMP (its
# scratch directory), TOKEN (a beheer token) before a request, and SRV= with an EXIT trap that
# kills "$SRV" when it is set. POSIX sh; the functions exit the script on a failure they cannot
# measure past (the server does not start, the credit lines cannot be raised).

# cpu PID: the process's user + system CPU time in ms (/proc/PID/stat, clock ticks).
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
# kb PID FIELD: VmHWM (peak) or VmRSS of the process in KiB.
kb() { awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"; }

# serve_wait LOG: waits (up to 60 s) until the server that writes LOG says it listens and prints
# its URL; otherwise prints the log to stderr and fails (call as `URL=$(serve_wait LOG) || exit 1`).
serve_wait() {
    i=0
    while [ $i -lt 600 ]; do
        u=$(sed -n 's|.*listening on \(http://[^ ]*\).*|\1|p' "$1" | head -n 1)
        [ -n "$u" ] && { echo "$u"; return 0; }
        sleep 0.1
        i=$((i + 1))
    done
    echo "the server did not start:" >&2
    cat "$1" >&2
    return 1
}

# serve_start DB: `noaber serve --threads 4` on DB in the background (log in $TMP/serve.log); sets
# SRV (its pid) and URL once it listens; gives up after 60 s, printing the log.
serve_start() {
    : >"$TMP/serve.log" # emptied before the start: serve_wait must not read the last server's line
    "$BIN" serve --db "$1" --listen 127.0.0.1:0 --threads 4 >"$TMP/serve.log" 2>&1 &
    SRV=$!
    URL=$(serve_wait "$TMP/serve.log") || exit 1
}

# serve_stop: stops the server serve_start started.
serve_stop() {
    kill "$SRV"
    wait "$SRV" 2>/dev/null || true
    SRV=
}

# measure_req FILE METHOD PATH [BODY]: one request with $TOKEN (BODY as JSON when given), its
# answer into FILE; sets m_code, m_bytes, m_ms (wall), m_cpu (the server's CPU ms), m_peak (the
# server's peak RSS in KiB during it; reset before through /proc/PID/clear_refs) and m_rss0 (its
# RSS before).
measure_req() {
    out=$1 method=$2 path=$3 body=${4:-}
    echo 5 >"/proc/$SRV/clear_refs"
    m_rss0=$(kb "$SRV" VmRSS)
    c0=$(cpu "$SRV")
    if [ -n "$body" ]; then
        w=$(curl -s -o "$out" -w '%{http_code} %{size_download} %{time_total}' \
            -X "$method" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
            -d "$body" "$URL$path")
    else
        w=$(curl -s -o "$out" -w '%{http_code} %{size_download} %{time_total}' \
            -X "$method" -H "Authorization: Bearer $TOKEN" "$URL$path")
    fi
    c1=$(cpu "$SRV")
    m_peak=$(kb "$SRV" VmHWM)
    set -- $w
    m_code=$1 m_bytes=$2 m_ms=$(awk -v t="$3" 'BEGIN { printf "%d", t * 1000 }')
    m_cpu=$((c1 - c0))
}

# req NAME METHOD PATH [BODY]: measure_req into $TMP/NAME.json, the figures kept as NAME_code,
# NAME_bytes, NAME_ms, NAME_cpu, NAME_peak and NAME_rss0.
req() {
    measure_req "$TMP/$1.json" "$2" "$3" "${4:-}"
    eval "$1_code=$m_code $1_bytes=$m_bytes $1_ms=$m_ms $1_cpu=$m_cpu $1_peak=$m_peak $1_rss0=$m_rss0"
}

# raise_credit_lines ORG_ID...: every organisation's credit line at the schema's maximum
# (GET then PUT /api/v1/organisaties/{id}, a credit line transfer each; not timed), so that
# accepting a whole proposal measures the work rather than stopping at the first municipality
# without room (the limit is still checked for every reservation).
raise_credit_lines() {
    : >"$TMP/get.cfg"
    : >"$TMP/put.cfg"
    for o in "$@"; do
        printf 'url = "%s/api/v1/organisaties/%s"\noutput = "%s/org-%s.json"\n' \
            "$URL" "$o" "$TMP" "$o" >>"$TMP/get.cfg"
        printf 'url = "%s/api/v1/organisaties/%s"\nrequest = PUT\nsilent\nfail\n' "$URL" "$o" \
            >>"$TMP/put.cfg"
        printf 'header = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\n' \
            "$TOKEN" >>"$TMP/put.cfg"
        printf 'data = "@%s/put-%s.json"\noutput = "/dev/null"\nnext\n' "$TMP" "$o" >>"$TMP/put.cfg"
    done
    curl -sf -H "Authorization: Bearer $TOKEN" -K "$TMP/get.cfg"
    for f in "$TMP"/org-*.json; do
        jq -c '{code, soort, naam, inwoners, oppervlakteKm2, formatieFte, caseload, gemeentefonds,
                vastAandeel, kredietlijnMinuten: 100000000}' "$f" >"$TMP/put-${f##*/org-}"
    done
    sed -i '$d' "$TMP/put.cfg" # no "next" after the last request
    curl -K "$TMP/put.cfg" || { echo "raising the credit lines failed" >&2; exit 1; }
}
