#!/bin/sh
# bench/commit.sh — group commit (issue 14 §3), one run, no pass/fail: durable approvals
# (PUT /api/v1/urenregistraties/{id}/beoordeling, 16 keep-alive clients) against raw
# single-row SQLite inserts (WAL, synchronous=FULL, one transaction each), both on the same
# disk in the same run (bench/ledger_bench.c (a) and (b); the inserts run in two halves, right
# before and right after the approvals). Three passes: group_commit = 1 (one commit per
# request, what the server did before group commit) with --threads 16, and the default with
# --threads 16 and with --threads 2 (a commit takes the writes of every connection, not one
# per worker thread: the two should be close); each printed as the ratio approvals/inserts.
# bench/http.sh calls this when present.
#
# usage: bench/commit.sh BUILD_DIR [REQUESTS]
#   BUILD_DIR configured with -Dbench=true (release build for figures that mean something);
#   REQUESTS approvals per pass (default 4000). Works in a directory under the current one.
#   env NB_BEFORE_BIN: also the two default passes with that noaber binary (e.g. a build of
#   an earlier commit), as the first rows.
set -eu
BUILD=${1:?usage: bench/commit.sh BUILD_DIR [REQUESTS]}
N=${2:-4000}
CLIENTS=16
OUT=$(mktemp)
trap 'rm -f "$OUT"' EXIT

# pass LABEL GROUP_COMMIT SERVER_THREADS [BIN]: runs ledger_bench and prints
# "LABEL approvals/s inserts/s ratio failed".
pass() {
    NOABER_GROUP_COMMIT=$2 "$BUILD/bench/ledger_bench" "${4:-$BUILD/noaber}" --requests "$N" \
        --threads "$CLIENTS" --server-threads "$3" --people 160 --only approvals >"$OUT" 2>&1 || {
        cat "$OUT" >&2
        echo "bench/commit.sh: ledger_bench failed ($1)" >&2
        exit 1
    }
    app=$(sed -n 's/^  (a) approvals.* \([0-9][0-9]*\)  approved entries\/s$/\1/p' "$OUT")
    raw=$(sed -n 's/^  (b) raw SQLite.* \([0-9][0-9]*\)  inserts\/s$/\1/p' "$OUT")
    ratio=$(sed -n 's/^  ratio (a)\/(b) *\([0-9.]*\)$/\1/p' "$OUT")
    failed=$(sed -n 's/^ *failed *\([0-9]*\)  requests$/\1/p' "$OUT" | head -n 1)
    printf '  %-42s %12s %12s %8s %7s\n' "$1" "$app" "$raw" "$ratio" "$failed"
}

echo "group commit — $N durable approvals, $CLIENTS clients, vs raw single-row inserts (same run, same disk)"
printf '  %-42s %12s %12s %8s %7s\n' "server" "approvals/s" "inserts/s" "ratio" "failed"
if [ -n "${NB_BEFORE_BIN:-}" ]; then
    pass "NB_BEFORE_BIN, default, --threads 16" 64 16 "$NB_BEFORE_BIN"
    pass "NB_BEFORE_BIN, default, --threads 2" 64 2 "$NB_BEFORE_BIN"
fi
pass "group_commit = 1, --threads 16" 1 16
pass "group_commit = 64 (default), --threads 16" 64 16
pass "group_commit = 64 (default), --threads 2" 64 2
echo "  target: ratio >= 1.0 (moonshot 2.0)"
echo "  disk: $(df -PT . | awk 'NR == 2 { print $2 " " $1 }'); machine: $(nproc) cores, load$(uptime | sed 's/.*load//')"
