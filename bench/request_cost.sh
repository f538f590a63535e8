#!/bin/sh
# bench/request_cost.sh — what one GET costs the server: instructions per
# request (callgrind) and CPU time per request (the server's utime + stime),
# the two figures docs/performance.md gives for the reads. Prints; nothing
# here passes or fails.
#
# usage: bench/request_cost.sh NOABER DB PATH...
#   NOABER  the binary to measure; DB a database made by `noaber demo` (a beheer
#           token is added to it); PATH a request path such as
#           /api/v1/opdrachten?paginaGrootte=100
#   env COST_SECONDS  seconds of wrk per path for the CPU figure (default 3)
#   env COST_REPEAT   requests per path under callgrind (default 10)
#   env COST_AFTER_WRITE=1  another process commits (`noaber token create`)
#                     before each measured request, so that nothing the server
#                     memoised (list totals, the token) is still valid: the
#                     cost of the first request after a write. Instructions
#                     only (the CPU column is then left out).
#
# Instructions: `noaber serve --threads 1` under callgrind, one warm-up request,
# counters zeroed (callgrind_control -z), COST_REPEAT requests, dumped: the
# total over COST_REPEAT. The same count on a loaded and an idle machine.
# CPU: the same server without valgrind, one warm-up request, then
# /proc/PID/stat's utime + stime around `wrk -t1 -c1` (one kept-alive client):
# the difference over the requests wrk made. Moves with cache and frequency
# contention, not with the run queue. Needs valgrind, wrk and curl.
set -eu
BIN=${1:?usage: bench/request_cost.sh NOABER DB PATH...}
DB=${2:?usage: bench/request_cost.sh NOABER DB PATH...}
shift 2
SECS=${COST_SECONDS:-3}
REPEAT=${COST_REPEAT:-10}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/request-cost-XXXXXX")
SRV_PID=""
cleanup() {
    [ -n "$SRV_PID" ] && kill "$SRV_PID" 2> /dev/null && wait "$SRV_PID" 2> /dev/null
    rm -rf "$WORK"
}
trap cleanup EXIT HUP INT PIPE TERM

. "$(dirname "$0")/lib_serve.sh" # serve_wait
TOK=$("$BIN" token create --role beheer --label request-cost --db "$DB" | awk 'NF {l=$0} END {print l}')
AUTH="Authorization: Bearer $TOK"

# start [WRAPPER...]: noaber serve (behind the wrapper) on a free port, URL in $BASE
start() {
    : > "$WORK/serve.out" # emptied before the start: serve_wait must not read the last server's line
    "$@" "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --threads 1 --log-level warn \
        > "$WORK/serve.out" 2>&1 &
    SRV_PID=$!
    BASE=$(serve_wait "$WORK/serve.out") || exit 1
}

stop() {
    kill "$SRV_PID" 2> /dev/null || true
    wait "$SRV_PID" 2> /dev/null || true
    SRV_PID=""
}

get() { curl -sf -o /dev/null -H "$AUTH" "$BASE$1"; }

printf '%-64s %9s %14s %12s\n' "request" "bytes" "instructions" "CPU ms"
for path in "$@"; do
    # instructions (the pid under valgrind is the server's own: valgrind execs it)
    start valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.%p"
    get "$path"
    callgrind_control -z "$SRV_PID" > /dev/null
    n=0
    while [ $n -lt "$REPEAT" ]; do
        [ "${COST_AFTER_WRITE:-0}" = 1 ] &&
            "$BIN" token create --role lezer --organisation 1 --label write --db "$DB" > /dev/null
        get "$path"
        n=$((n + 1))
    done
    callgrind_control -d "$SRV_PID" > /dev/null
    ir=$(ls -t "$WORK"/cg."$SRV_PID".* 2> /dev/null | head -n1 | xargs -r sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' | head -n1)
    stop
    if [ "${COST_AFTER_WRITE:-0}" = 1 ]; then
        awk -v p="$path" -v ir="${ir:-0}" -v r="$REPEAT" \
            'BEGIN { printf "%-64s %9s %13.2fM %12s\n", p, "-", ir / r / 1e6, "-" }'
        continue
    fi
    # CPU per request
    start
    bytes=$(curl -s -H "$AUTH" "$BASE$path" | wc -c)
    t0=$(awk '{print $14 + $15}' "/proc/$SRV_PID/stat")
    reqs=$(wrk -t1 -c1 -d"${SECS}s" -H "$AUTH" "$BASE$path" | awk '/requests in/ {print $1}')
    t1=$(awk '{print $14 + $15}' "/proc/$SRV_PID/stat")
    stop
    awk -v p="$path" -v b="$bytes" -v ir="${ir:-0}" -v r="$REPEAT" -v t0="$t0" -v t1="$t1" \
        -v n="$reqs" -v hz="$(getconf CLK_TCK)" 'BEGIN {
            printf "%-64s %9d %13.2fM %12.3f\n", p, b, ir / r / 1e6, (n > 0 ? (t1 - t0) * 1000 / hz / n : 0) }'
done
