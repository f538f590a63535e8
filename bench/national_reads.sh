#!/bin/sh
# bench/national_reads.sh — the reads of a kept national network measured through the API, each
# with the server's CPU time and peak RSS (issue 12 §6: "no request needs memory or time that
# grows with the ledger's history"). Not a test: one run, prints figures, passes or fails nothing.
# It writes nothing but a token and the pages_bench sessions, so before/after runs on copies of the
# same database compare like with like (bench/national.sh builds the network and also proposes and
# accepts, which changes it).
#
# Measured, one request each, in this order on one `noaber serve --threads 4`:
#   - the control check GET /api/v1/grootboek/controle;
#   - the statement of the organisation with the most transfers over the last year
#     (GET /api/v1/organisaties/{id}/afschrift?vanaf=&tot=), its bytes kept in OUT/statement.json;
#   - the same as CSV (…/afschrift.csv), kept in OUT/statement.csv;
#   - the hours budget of this year (GET /api/v1/urenbegroting), kept in OUT/budget.json;
# then the busiest web page /mt with bench/pages_bench --reuse (10 requests, p50 / p99).
# Time is wall time on loopback; "cpu" the server's CPU time for the request (/proc/PID/stat);
# "peak" the server's peak RSS during it (VmHWM, reset before the request through
# /proc/PID/clear_refs), "rss0" its RSS before.
#
# usage: [READS="afschrift csv"] nice bench/national_reads.sh BUILD_DIR DB OUT
#   BUILD_DIR configured with -Dbench=true (pages_bench; without it /mt is skipped); DB a SQLite
#   file of `noaber demo --network nationaal` (opened by this build: it is migrated to the
#   build's schema), or a PostgreSQL connection string of such a network (`noaber migrate-store`;
#   psql must reach it); OUT a directory for the answers (compare two runs' answers with cmp).
set -eu
BUILD=${1:?usage: bench/national_reads.sh BUILD_DIR DB OUT}
DB=${2:?usage: bench/national_reads.sh BUILD_DIR DB OUT}
OUT=${3:?usage: bench/national_reads.sh BUILD_DIR DB OUT}
BIN=$(cd "$BUILD" && pwd)/noaber
mkdir -p "$OUT"
TMP=$(mktemp -d)
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null || true; wait "$SRV" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT

. "$(dirname "$0")/lib_serve.sh" # cpu, kb, serve_start/serve_stop, measure_req

# get NAME PATH FILE: one GET (measure_req); prints NAME, status, bytes, wall ms, server CPU ms,
# peak and RSS before.
get() {
    measure_req "$3" GET "$2"
    printf '  %-12s %s %10s bytes %7d ms wall %7d ms cpu   peak %6d KiB (before %6d KiB)\n' \
        "$1" "$m_code" "$m_bytes" "$m_ms" "$m_cpu" "$m_peak" "$m_rss0"
}

# DB a libpq connection string or URI (PostgreSQL, e.g. after `noaber migrate-store`), else a SQLite file.
case "$DB" in
postgres://* | postgresql://* | *=*) q() { psql -X -q -A -t "$DB" -c "$1"; } ;;
*) q() { sqlite3 "$DB" "$1"; } ;;
esac
TOKEN=$("$BIN" token create --role beheer --label bench-reads --db "$DB" | tail -n 1)
org=$(q "SELECT o.id FROM organisations o JOIN ledger_accounts a ON a.organisation_id = o.id JOIN ledger_transfers t ON t.debit_account_id = a.id OR t.credit_account_id = a.id GROUP BY o.id ORDER BY count(*) DESC, o.id LIMIT 1")
echo "noaber reads on $DB ($(q 'SELECT count(*) FROM ledger_transfers') transfers), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
serve_start "$DB"
echo "  server idle RSS $(kb "$SRV" VmRSS) KiB"
today=$(TZ=Europe/Amsterdam date +%F)
from=$(TZ=Europe/Amsterdam date -d '1 year ago' +%F)
year=$(TZ=Europe/Amsterdam date +%Y)
# READS="afschrift csv" runs only those requests (in the order above): the server keeps freed
# memory, so a request's peak above the RSS before it is its own only on a server nothing grew.
want() { case " ${READS:-controle afschrift csv begroting} " in *" $1 "*) return 0 ;; esac; return 1; }
if want controle; then get controle /api/v1/grootboek/controle "$OUT/controle.json"; fi
if want afschrift; then get afschrift "/api/v1/organisaties/$org/afschrift?vanaf=$from&tot=$today" "$OUT/statement.json"; fi
if want csv; then get csv "/api/v1/organisaties/$org/afschrift.csv?vanaf=$from&tot=$today" "$OUT/statement.csv"; fi
if want begroting; then get begroting "/api/v1/urenbegroting?jaar=$year" "$OUT/budget.json"; fi
serve_stop
if [ ! -x "$BUILD/bench/pages_bench" ]; then
    echo "  /mt         skipped: $BUILD has no bench/pages_bench (-Dbench=true)"
    exit 0
fi
"$BUILD/bench/pages_bench" "$BIN" --reuse "$DB" --only /mt --requests 10 --dir "$TMP" \
    >"$TMP/pages.out" 2>&1 || { cat "$TMP/pages.out" >&2; exit 1; }
awk '$1 == "/mt" { print "  /mt         p50 / p99 of 10: " $5 " / " $6 " ms (" $4 " bytes)" }' "$TMP/pages.out"
