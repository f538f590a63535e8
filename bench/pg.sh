#!/bin/sh
# bench/pg.sh — PostgreSQL next to SQLite (issue 12 §7), one run, no pass/fail: durable approvals
# (PUT /api/v1/urenregistraties/{id}/beoordeling, 16 keep-alive clients, bench/ledger_bench.c (a))
# on SQLite with one server, on PostgreSQL with one server, and on PostgreSQL with two servers on
# the same database (the clients spread over both); then the balance read
# (GET /api/v1/organisaties/{id}/saldo) with 10^6 transfers stored, on SQLite and on PostgreSQL
# (ledger_bench (c): bulk-loaded through nb_ledger_store_apply). PostgreSQL is a throw-away cluster
# of scripts/pg_tmp.sh on the same disk, with its defaults: fsync = on, synchronous_commit = on
# (printed). Prints the figures and the ratios against the targets.
#
# usage: nice bench/pg.sh BUILD_DIR [REQUESTS] [TRANSFERS]
#   BUILD_DIR configured with -Dbench=true; REQUESTS approvals per pass (default 4000);
#   TRANSFERS stored for the balance read (default 1000000). Works in a directory under the
#   current one (the SQLite files) and one under /tmp (the cluster); both are removed.
set -eu
BUILD=${1:?usage: bench/pg.sh BUILD_DIR [REQUESTS] [TRANSFERS]}
N=${2:-4000}
T=${3:-1000000}
CLIENTS=16
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGDIR=/tmp/noaber-pgbench-$$
OUT=$(mktemp)
trap '"$ROOT/scripts/pg_tmp.sh" stop "$PGDIR"; rm -f "$OUT"' EXIT
"$ROOT/scripts/pg_tmp.sh" start "$PGDIR" >/dev/null
CLUSTER="host=$PGDIR user=postgres"
show() { psql -X -At "$CLUSTER dbname=postgres" -c "SHOW $1"; }

# bench LABEL ARGS...: one ledger_bench run into $OUT; stops the script when it fails.
bench() {
    label=$1
    shift
    "$BUILD/bench/ledger_bench" "$BUILD/noaber" --requests "$N" --threads "$CLIENTS" \
        --people 160 "$@" >"$OUT" 2>&1 || {
        cat "$OUT" >&2
        echo "bench/pg.sh: ledger_bench failed ($label)" >&2
        exit 1
    }
}
# field PATTERN: the number before the unit in ledger_bench's row that starts with PATTERN.
field() { sed -n "s|^  $1.* \([0-9][0-9.]*\)  .*$|\1|p" "$OUT" | head -n 1; }

# approvals LABEL ARGS...: prints one row of the approvals table; sets $app.
approvals() {
    label=$1
    shift
    bench "$label" --only approvals "$@"
    app=$(field '(a) approvals')
    control=$(sed -n 's/^      check: GET \/grootboek\/controle *\([A-Z a-z]*\)$/\1/p' "$OUT")
    printf '  %-34s %9s %8s %8s %7s %6s %8s %9s %8s\n' "$label" "$app" "$(field '    latency p50')" \
        "$(field '    latency p99')" "$(field '    failed')" "$(field '    machine CPU busy')" \
        "$(field '    idle cores')" "$(field '    noaber server CPU')" "$control"
}

echo "noaber on PostgreSQL next to SQLite — $N durable approvals per row, $CLIENTS clients (keep-alive)"
echo "  PostgreSQL $(show server_version): synchronous_commit = $(show synchronous_commit)," \
    "fsync = $(show fsync), wal_sync_method = $(show wal_sync_method), commit_delay = $(show commit_delay)"
echo "  SQLite: WAL, synchronous = FULL; group commit on (default 64); every server --threads $CLIENTS"
printf '  %-34s %9s %8s %8s %7s %6s %8s %9s %8s\n' "approvals" "entries/s" "p50 ms" "p99 ms" \
    "failed" "CPU %" "idle" "srv ms/e" "controle"
approvals "SQLite, one server"
sqlite=$app
raw=$(field '(b) raw SQLite')
approvals "PostgreSQL, one server" --pg "$CLUSTER"
pg1=$app
approvals "PostgreSQL, two servers" --pg "$CLUSTER" --servers 2
pg2=$app
echo "  (disk reference: raw SQLite single-row inserts, 1 tx each, during the SQLite row: $raw/s)"
echo "  (CPU %: the whole machine busy during the timed approvals, all processes; idle: idle cores;"
echo "   srv ms/e: CPU time of the noaber server process(es) per approval)"
awk -v s="$sqlite" -v a="$pg1" -v b="$pg2" 'BEGIN {
    printf "  ratio PostgreSQL one server / SQLite      %6.2f   (target >= 1.0)\n", a / s
    printf "  ratio PostgreSQL two servers / one server %6.2f   (target >= 1.5)\n", b / a
}'

echo
echo "balance read GET /api/v1/organisaties/{id}/saldo with $T transfers stored (1 client, 2000 reads)"
printf '  %-34s %12s %10s %10s %10s %10s\n' "store" "load tr/s" "store us" "GET mean" "GET p50" \
    "GET p99"
for store in SQLite PostgreSQL; do
    if [ "$store" = SQLite ]; then bench "balance $store" --only balance --transfers "$T"; else
        bench "balance $store" --only balance --transfers "$T" --pg "$CLUSTER"; fi
    printf '  %-34s %12s %10s %10s %10s %10s\n' "$store" "$(field '(c) bulk load')" \
        "$(field '    store read')" "$(field '    GET /organisaties')" "$(field '    GET saldo p50')" \
        "$(field '    GET saldo p99')"
done
echo "  (ms unless marked; store us: the store call behind it, in-process)"
echo "  machine: $(nproc) cores, load$(uptime | sed 's/.*load//'); disk: $(df -PT . | awk 'NR == 2 { print $2 " " $1 }')"
