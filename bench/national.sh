#!/bin/sh
# bench/national.sh — the national network measured end to end through the API (issue 12 §6). Not a
# test: one run, prints figures, passes or fails nothing (a control check that is not ok stops it).
#
# For two sizes of `noaber demo --network nationaal` (342 municipalities, 25 pools; assignments =
# people / 20): a small one (BASE people, default 2000) and SIZE (default 200000, the full size),
# it builds the database or reuses a kept one (bench/out/national-N.db; the build is timed), starts
# `noaber serve` on it and measures through the API, one request each (no warm-up, no repeats):
#   - the control check GET /api/v1/grootboek/controle, with the server's peak RSS before and after
#     (the peak is reset before the request: /proc/PID/clear_refs);
#   - a team proposal for the whole work stock (POST /api/v1/teamvoorstellen {"alleGeaccepteerde":
#     true}: load, build, solve, post-process, save) and accepting it whole
#     (POST /api/v1/teamvoorstellen/{id}/acceptatie {"alles":true}: an allocation per line,
#     confirmed in the ledger), after every credit line was raised to the maximum
#     (PUT /api/v1/organisaties/{id}, not timed); then the control check again;
#   - the statement of the organisation with the most transfers over the last year
#     (GET /api/v1/organisaties/{id}/afschrift?vanaf=&tot=);
#   - the busiest web page, the MT start page /mt (bench/pages_bench --reuse --only /mt);
#   - the export (`noaber export`), time and peak RSS.
# Every row prints both sizes and the ratio. Time is wall time of the request on loopback; the
# server's CPU time for it is printed next to it (the machine is shared: wall time includes the
# wait for a core).
#
# usage: nice bench/national.sh BUILD_DIR [SIZE] [BASE]
#   BUILD_DIR configured with -Dbench=true (for pages_bench). A kept database is reused as it is:
#   after a run its proposal is accepted, so the next run proposes for what is left (delete
#   bench/out/national-N.db* to start again).
set -eu
BUILD=${1:?usage: bench/national.sh BUILD_DIR [SIZE] [BASE]}
SIZE=${2:-200000}
BASE=${3:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$BUILD" && pwd)/noaber
OUTDIR=$ROOT/bench/out
mkdir -p "$OUTDIR"
TMP=$(mktemp -d)
SRV=
trap 'if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null || true; wait "$SRV" 2>/dev/null || true; fi; rm -rf "$TMP"' EXIT

. "$ROOT/bench/lib_serve.sh" # cpu, kb, serve_start/serve_stop, req, raise_credit_lines

# measure TAG PEOPLE: builds or reuses the database and measures it; variables get the suffix TAG.
measure() {
    tag=$1 people=$2
    asg=$((people / 20))
    db=$OUTDIR/national-$people.db
    if [ ! -f "$db" ]; then
        echo "building $db ($people people, $asg assignments) ..."
        /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$BIN" demo --network nationaal \
            --people "$people" --assignments "$asg" --db "$db" >"$TMP/demo.out" 2>&1 ||
            { cat "$TMP/demo.out" >&2; exit 1; }
        head -n 1 "$TMP/demo.out"
        read -r wall user sys maxkb <"$TMP/time"
        eval "demo_$tag='$wall s wall, $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') s CPU, $((maxkb / 1024)) MB peak'"
    else
        eval "demo_$tag='kept database'"
    fi
    q() { sqlite3 "$db" "$1"; }
    eval "transfers_$tag=$(q 'SELECT count(*) FROM ledger_transfers')"
    eval "entries_$tag=$(q 'SELECT count(*) FROM time_entries')"
    eval "people_$tag=$(q 'SELECT count(*) FROM people')"
    eval "stock_$tag=$(q "SELECT count(*) FROM assignments WHERE status = 'geaccepteerd'")"
    eval "stocklines_$tag=$(q "SELECT count(*) FROM assignment_lines l JOIN assignments a ON a.id = l.assignment_id WHERE a.status = 'geaccepteerd'")"
    eval "dbmb_$tag=$(($(stat -c %s "$db") / 1048576))"
    # the organisation with the most transfers: Amsterdam or Rotterdam
    org=$(q "SELECT o.id FROM organisations o JOIN ledger_accounts a ON a.organisation_id = o.id JOIN ledger_transfers t ON t.debit_account_id = a.id OR t.credit_account_id = a.id GROUP BY o.id ORDER BY count(*) DESC LIMIT 1")
    TOKEN=$("$BIN" token create --role beheer --label bench-national --db "$db" | tail -n 1)
    serve_start "$db"
    eval "idle_$tag=$(kb "$SRV" VmRSS)"
    # Room for the acceptance (not timed).
    raise_credit_lines $(q 'SELECT id FROM organisations')

    req control1 GET /api/v1/grootboek/controle
    jq -e '.ok == true' "$TMP/control1.json" >/dev/null ||
        { echo "control check not ok: $(head -c 400 "$TMP/control1.json")" >&2; exit 1; }
    req propose POST /api/v1/teamvoorstellen '{"alleGeaccepteerde":true}'
    [ "$propose_code" = 201 ] || { echo "proposal: $propose_code $(head -c 400 "$TMP/propose.json")" >&2; exit 1; }
    pid=$(jq -r .id "$TMP/propose.json")
    eval "allocs_$tag=$(jq '.inzet | length' "$TMP/propose.json")"
    eval "short_$tag=$(jq '.samenvatting.tekortMinuten / 60 | floor' "$TMP/propose.json")"
    eval "allocs=\$allocs_$tag"
    if [ "$allocs" -gt 0 ]; then
        req accept POST "/api/v1/teamvoorstellen/$pid/acceptatie" '{"alles":true}'
    else # nothing to accept (a network too small to staff anything)
        accept_code=200 accept_ms=0 accept_cpu=0 accept_bytes=0 accept_peak=0 accept_rss0=0
    fi
    [ "$accept_code" = 200 ] || { echo "acceptance: $accept_code"; cat "$TMP/accept.json" >&2; exit 1; }
    req control2 GET /api/v1/grootboek/controle
    jq -e '.ok == true' "$TMP/control2.json" >/dev/null ||
        { echo "control check not ok after the acceptance" >&2; exit 1; }
    today=$(TZ=Europe/Amsterdam date +%F)
    from=$(TZ=Europe/Amsterdam date -d '1 year ago' +%F)
    req statement GET "/api/v1/organisaties/$org/afschrift?vanaf=$from&tot=$today"
    [ "$statement_code" = 200 ] || { echo "statement: $statement_code" >&2; exit 1; }
    eval "stlines_$tag=$(jq '.regels | length' "$TMP/statement.json")"
    for v in control1 propose accept control2 statement; do
        for f in ms cpu code bytes peak rss0; do eval "${v}_${f}_$tag=\${${v}_${f}}"; done
    done
    serve_stop

    "$BUILD/bench/pages_bench" "$BIN" --reuse "$db" --only /mt --requests 10 --dir "$TMP" \
        >"$TMP/pages.out" 2>&1 || { cat "$TMP/pages.out" >&2; exit 1; }
    eval "mt_$tag='$(awk '$1 == "/mt" { print $5 " / " $6 " ms (" $4 " bytes)" }' "$TMP/pages.out")'"

    /usr/bin/time -f '%e %U %S %M' -o "$TMP/time" "$BIN" export --db "$db" "$TMP/export.json" >/dev/null
    read -r wall user sys maxkb <"$TMP/time"
    eval "export_$tag='$(awk -v w="$wall" -v u="$user" -v s="$sys" 'BEGIN { printf "%d ms (CPU %d ms)", w * 1000, (u + s) * 1000 }')'"
    eval "exportkb_$tag=$maxkb exportmb_$tag=$(($(stat -c %s "$TMP/export.json") / 1048576))"
}

measure base "$BASE"
measure full "$SIZE"

row() { # LABEL BASE FULL: a row with the ratio when both are numbers
    awk -v l="$1" -v a="$2" -v b="$3" 'BEGIN {
        r = (a + 0 > 0 && b ~ /^[0-9.]+$/) ? sprintf("x%.1f", b / a) : ""
        printf "  %-44s %16s %16s %8s\n", l, a, b, r }'
}
echo
echo "noaber national network, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '  %-44s %16s %16s %8s\n' "" "base ($BASE)" "size ($SIZE)" "growth"
row "people" "$people_base" "$people_full"
row "ledger transfers" "$transfers_base" "$transfers_full"
row "time entries" "$entries_base" "$entries_full"
row "database MB" "$dbmb_base" "$dbmb_full"
echo "  demo build: base $demo_base; size $demo_full"
row "work stock: geaccepteerd assignments" "$stock_base" "$stock_full"
row "work stock: their lines" "$stocklines_base" "$stocklines_full"
row "server RSS idle, KiB" "$idle_base" "$idle_full"
for v in control1:"control check" propose:"team proposal, whole work stock" \
    accept:"accepting it (allocations confirmed)" control2:"control check after" \
    statement:"statement, a year, busiest organisation"; do
    k=${v%%:*} label=${v#*:}
    eval "row \"$label: ms\" \"\$${k}_ms_base\" \"\$${k}_ms_full\""
    eval "row \"  server CPU ms\" \"\$${k}_cpu_base\" \"\$${k}_cpu_full\""
    eval "row \"  server peak RSS KiB (before: RSS)\" \"\$${k}_peak_base (\$${k}_rss0_base)\" \"\$${k}_peak_full (\$${k}_rss0_full)\""
    eval "row \"  bytes\" \"\$${k}_bytes_base\" \"\$${k}_bytes_full\""
done
row "proposal: allocations" "$allocs_base" "$allocs_full"
row "statement: lines" "$stlines_base" "$stlines_full"
row "proposal: hours short" "$short_base" "$short_full"
echo "  busiest page /mt, p50 / p99 of 10: base $mt_base; size $mt_full"
echo "  export: base $export_base, $((exportkb_base / 1024)) MB peak, $exportmb_base MB;" \
    "size $export_full, $((exportkb_full / 1024)) MB peak, $exportmb_full MB"
