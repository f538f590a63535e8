#!/bin/sh
# bench/team_national.sh — the team proposal for the whole work stock and its acceptance, through
# the API, on a kept national network (issue 12 §6). Not a test: one run, prints figures.
#
# It copies SRC_DB (a database made by `noaber demo --network nationaal`, e.g. the one
# bench/national.sh keeps in bench/out/national-N.db) to bench/out/team-national.db or COPY (the source
# is never written), starts `noaber serve --threads 4` on the copy, raises every credit line to
# the maximum (PUT /organisaties/{id}, not timed: the acceptance then measures the work, not the
# first municipality without room), and measures one request each, as bench/national.sh does:
#   - POST /api/v1/teamvoorstellen {"alleGeaccepteerde":true} (load, build, solve,
#     post-process, reasons, save, answer);
#   - POST /api/v1/teamvoorstellen/{id}/acceptatie {"alles":true} (an allocation per line,
#     confirmed: its reservations in the ledger).
# For each: wall time on loopback, the server's CPU time for it (/proc/PID/stat) and its peak RSS
# during it (VmHWM, reset before through /proc/PID/clear_refs), RSS before.
# The proposal's answer is kept in OUT_DIR/proposal.json with the fields that differ between
# runs (ids, times, links) removed, so that two builds can be compared byte for byte
# (cmp OUT_A/proposal.json OUT_B/proposal.json); the acceptance's answer likewise in
# OUT_DIR/accepted.json.
#
# usage: nice bench/team_national.sh BUILD_DIR SRC_DB [OUT_DIR]
#   env PERF=FILE: also record the server with `perf record -g` during the proposal into FILE
#   (PERF_ACCEPT=FILE: during the acceptance). COPY=FILE: where the copy goes (default
#   bench/out/team-national.db; a national database is GBs, keep it out of the worktree).
set -eu
BUILD=${1:?usage: bench/team_national.sh BUILD_DIR SRC_DB [OUT_DIR]}
SRC=${2:?usage: bench/team_national.sh BUILD_DIR SRC_DB [OUT_DIR]}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=$(cd "$BUILD" && pwd)/noaber
OUT=${3:-$ROOT/bench/out/team-national}
mkdir -p "$ROOT/bench/out" "$OUT"
DB=${COPY:-$ROOT/bench/out/team-national.db}
TMP=$(mktemp -d)
SRV=
PERFPID=
trap 'if [ -n "$PERFPID" ]; then kill -INT "$PERFPID" 2>/dev/null || true; fi
      if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null || true; wait "$SRV" 2>/dev/null || true; fi
      rm -rf "$TMP"' EXIT

rm -f "$DB" "$DB-wal" "$DB-shm"
cp "$SRC" "$DB"

. "$ROOT/bench/lib_serve.sh" # cpu, kb, serve_start, req, raise_credit_lines

# perf_start FILE / perf_stop: perf record -g on the server while one request runs.
perf_start() {
    [ -n "$1" ] || return 0
    perf record ${PERF_OPTS:--g} -o "$1" -p "$SRV" >"$TMP/perf.log" 2>&1 &
    PERFPID=$!
    sleep 1
}
perf_stop() {
    [ -n "$PERFPID" ] || return 0
    kill -INT "$PERFPID"
    wait "$PERFPID" 2>/dev/null || true
    PERFPID=
}

q() { sqlite3 "$DB" "$1"; }
people=$(q 'SELECT count(*) FROM people WHERE active = 1')
stock=$(q "SELECT count(*) FROM assignments WHERE status = 'geaccepteerd'")
lines=$(q "SELECT count(*) FROM assignment_lines l JOIN assignments a ON a.id = l.assignment_id WHERE a.status = 'geaccepteerd'")
transfers=$(q 'SELECT count(*) FROM ledger_transfers')
TOKEN=$("$BIN" token create --role beheer --label bench-team --db "$DB" | tail -n 1)
serve_start "$DB"
raise_credit_lines $(q 'SELECT id FROM organisations')

perf_start "${PERF:-}"
req propose POST /api/v1/teamvoorstellen '{"alleGeaccepteerde":true}'
perf_stop
[ "$propose_code" = 201 ] || { echo "proposal: $propose_code $(head -c 400 "$TMP/propose.json")" >&2; exit 1; }
pid=$(jq -r .id "$TMP/propose.json")
# what does not depend on the run: no ids of the proposal or its lines, no times, no links
strip='del(.id, .aangemaakt, .gewijzigd, ._links) | .inzet |= map(del(.id, .inzetId))'
jq -S "$strip" "$TMP/propose.json" >"$OUT/proposal.json"
allocs=$(jq '.inzet | length' "$TMP/propose.json")
perf_start "${PERF_ACCEPT:-}"
req accept POST "/api/v1/teamvoorstellen/$pid/acceptatie" '{"alles":true}'
perf_stop
[ "$accept_code" = 200 ] || { echo "acceptance: $accept_code $(head -c 400 "$TMP/accept.json")" >&2; exit 1; }
jq -S "$strip" "$TMP/accept.json" >"$OUT/accepted.json"
reservations=$(q "SELECT count(*) FROM allocation_reservations r JOIN team_proposal_lines l ON l.allocation_id = r.allocation_id WHERE l.proposal_id = $pid")

echo "noaber team proposal at national size, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  $people people, $stock assignments geaccepteerd ($lines lines), $transfers transfers"
for v in propose:"proposal, whole work stock" accept:"accepting it whole"; do
    k=${v%%:*} label=${v#*:}
    eval "printf '  %-28s %7d ms wall, CPU %6d ms, peak RSS %7d KiB (before %d KiB), %d bytes\n' \
        \"\$label\" \"\$${k}_ms\" \"\$${k}_cpu\" \"\$${k}_peak\" \"\$${k}_rss0\" \"\$${k}_bytes\""
done
echo "  allocations proposed: $allocs; reservations made by the acceptance: $reservations"
