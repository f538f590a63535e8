#!/bin/sh
# bench/pg_statements.sh — what one durable approval costs on PostgreSQL, counted rather than timed
# (issue 12 §7): statements and round trips per approval, which do not depend on the machine's load.
#
# usage: nice bench/pg_statements.sh BUILD_DIR [REQUESTS]
#   BUILD_DIR configured with -Dbench=true; REQUESTS approvals (default 320), 16 clients, one server.
#
# Starts a throw-away cluster (scripts/pg_tmp.sh) with log_statement = all, runs ledger_bench's
# approvals (a) on it, and reads the statement log of the bench's database between the first and
# the last approval (the setup before it is left out). Statements: every statement the server
# executed. Round trips: statements less the ones the driver sends along with another in one round
# trip (store/db_pg.c, "Round trips": BEGIN, the write lock, SAVEPOINT/RELEASE/ROLLBACK TO, and the
# writes sent through nb_store_exec_later and nb_store_exec_later_one), counted by their text
# (before pg29 the month totals' upserts, deferred already, were counted as round trips: 2 too
# many an approval). Also prints the drivers' own totals (logged when each connection closes),
# which include the setup.
set -eu
BUILD=${1:?usage: bench/pg_statements.sh BUILD_DIR [REQUESTS]}
N=${2:-320}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGDIR=/tmp/noaber-pgcount-$$
OUT=$(mktemp)
LIST=$(mktemp)
trap '"$ROOT/scripts/pg_tmp.sh" stop "$PGDIR"; rm -f "$OUT" "$LIST"' EXIT
"$ROOT/scripts/pg_tmp.sh" start "$PGDIR" >/dev/null
CLUSTER="host=$PGDIR user=postgres"
psql -X -q "$CLUSTER dbname=postgres" -c "ALTER SYSTEM SET log_statement = 'all'" \
    -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] db=%d '" -c "SELECT pg_reload_conf()" >/dev/null
NOABER_BENCH_LOG_LEVEL=info "$BUILD/bench/ledger_bench" "$BUILD/noaber" --requests "$N" \
    --threads 16 --people 160 --only approvals --pg "$CLUSTER" >"$OUT" 2>&1 || {
    cat "$OUT" >&2
    exit 1
}
# The bench's own database is http_<pid>; a statement's text follows "statement: " or "execute X: ".
grep ' db=http_' "$PGDIR/server.log" | grep -E 'LOG:  (statement|execute)' |
    sed -E 's/.*LOG:  (statement|execute [^:]*): //' >"$LIST"
# A binary with nb_store_exec_later_one (store.h; its driver's message is in the binary) sends the
# writes that must change one row and the reservation's insert along with the next statement too;
# older ones wait for them.
LATER_ONE=0
if grep -q 'where it must change one' "$BUILD/noaber"; then LATER_ONE=1; fi
awk -v later_one="$LATER_ONE" '
    /^UPDATE time_entries SET status/ { if (!first) first = NR; last = NR }
    { line[NR] = $0 }
    END {
        for (i = first; i <= last; i++) {
            s = line[i]
            total++
            if (s ~ /^UPDATE time_entries SET status/) n++
            if (s ~ /^(BEGIN ISOLATION|SELECT pg_advisory_xact_lock|SAVEPOINT nb_work|RELEASE nb_work|ROLLBACK TO nb_work)/) along++
            else if (s ~ /^(INSERT INTO ledger_transfers|UPDATE ledger_accounts|UPDATE ledger_transfers|UPDATE organisations SET credit_line|INSERT INTO time_entry_transfers|INSERT INTO audit_log|INSERT INTO ledger_account_months)/) later++
            else if (later_one && s ~ /^(INSERT INTO allocation_reservations|UPDATE allocation_reservations SET state|UPDATE allocations SET minutes_posted|UPDATE time_entries SET status)/) later++
            if (s ~ /COMMIT$/) commits++
        }
        n--  # the window ends at the last approval: its statements after it are not in it
        printf "  approvals counted: %d (%d commits)\n", n, commits
        printf "  statements per approval: %.1f\n", total / n
        printf "  of which BEGIN, lock, savepoints: %.1f; deferrable writes: %.1f\n", along / n, later / n
        printf "  round trips per approval: %.1f\n", (total - along - later) / n
    }' "$LIST"
echo "  (round trips per approval on a driver that defers both: statements less those two)"
grep -E 'approved entries|check: GET /grootboek/controle' "$OUT"
grep 'round trips on this connection' "$OUT" | awk '
    { for (i = 1; i <= NF; i++) { if ($i == "statements") s += $(i - 1); if ($i == "round") r += $(i - 1) } }
    END { printf "  drivers, whole run with setup: %d statements in %d round trips\n", s, r }'
