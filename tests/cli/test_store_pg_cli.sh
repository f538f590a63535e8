#!/bin/sh
# tests/cli/test_store_pg_cli.sh — the PostgreSQL operations of issue 12,
# part 5, end to end against the throw-away cluster of suite 'pg'
# (NOABER_TEST_PG="host=DIR user=postgres", see scripts/test.sh):
#   - `noaber migrate-store`: the demo network built on SQLite is moved to a
#     fresh PostgreSQL database; a server on PostgreSQL answers the same
#     balance and control check as one on the SQLite file; a second migration
#     into the now full database is refused; the way back (PostgreSQL to a new
#     SQLite file) gives every row of the original, value for value; the
#     identity sequences are past the copied ids (a new audited write works);
#     a source that fails the control check is copied, compared and rolled
#     back (the target stays empty); a row the target refuses (the last of
#     ledger_transfers: rows go several per round trip) is reported for that
#     table and nothing is kept.
#   - `noaber backup` / `noaber restore` on PostgreSQL: write, backup, write
#     more, restore — the later write is gone, the earlier data is there, the
#     control check is ok and the restore is audited; a restore that fails
#     half-way (a GRANT to a role that no longer exists, after all data) is
#     rolled back whole; a file that is not an archive is refused; a missing
#     pg_dump is a clear error; a database that fails the control check gets
#     no backup, and a hand-made archive of one is restored but reported.
# usage: test_store_pg_cli.sh PATH/TO/noaber
set -u
NB=$1
if [ -z "${NOABER_TEST_PG:-}" ]; then
    echo "FAIL: NOABER_TEST_PG is not set; suite pg needs a cluster (scripts/test.sh, scripts/pg_tmp.sh)"
    exit 1
fi
PG=$NOABER_TEST_PG
fails=0
DIR=$(mktemp -d)
OUT=$DIR/out
ERR=$DIR/err
SERVER=
DBM=nb_ops_m_$$
ROLE=nb_ops_gone_$$
CONN="$PG dbname=$DBM"
admin() { psql -X -q -v ON_ERROR_STOP=1 "$PG dbname=postgres" -c "$1" >/dev/null; }
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    admin "DROP DATABASE IF EXISTS $DBM" 2>/dev/null
    admin "DROP ROLE IF EXISTS $ROLE" 2>/dev/null
    rm -rf "$DIR"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$OUT"
    echo "--- stderr"; cat "$ERR"
    fails=$((fails + 1))
}
run() {
    want=$1
    shift
    "$NB" "$@" >"$OUT" 2>"$ERR"
    got=$?
    [ "$got" -eq "$want" ] || fail "noaber $*: exit $got, want $want"
}
has() { grep -q -- "$2" "$1" || fail "no '$2' in $1"; }
q() { psql -X -tA -v ON_ERROR_STOP=1 "$CONN" -c "$1"; }

# serve DB: starts a server on DB, sets PORT. The log is emptied here, not by
# the background job's redirection: that runs in the child, later, and the
# first grep could still read the previous server's "listening" line.
serve() {
    : >"$DIR/serve.out"
    "$NB" serve --db "$1" --listen 127.0.0.1:0 >"$DIR/serve.out" 2>&1 &
    SERVER=$!
    i=0
    while [ $i -lt 300 ] && ! grep -q listening "$DIR/serve.out"; do sleep 0.1; i=$((i + 1)); done
    PORT=$(sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$DIR/serve.out")
    [ -n "$PORT" ] || fail "server on $1 did not start: $(cat "$DIR/serve.out")"
}
stop() { kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=; }
get() { curl -s -f -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/$1"; }

# ---- migrate-store: SQLite -> PostgreSQL -----------------------------------
DEMO=$DIR/demo.db
"$NB" demo --db "$DEMO" >/dev/null 2>&1 || { echo "FAIL: demo"; exit 1; }
TOKEN=$("$NB" token create --db "$DEMO" --role beheer --label migrate) || fail "token"

serve "$DEMO"
lite_saldo=$(get organisaties/2/saldo)
lite_check=$(get grootboek/controle)
stop
echo "$lite_check" | grep -q '"ok":true' || fail "the SQLite demo's control check: $lite_check"
echo "$lite_saldo" | grep -q '"saldoMinuten"' || fail "no balance from SQLite: $lite_saldo"

admin "CREATE DATABASE $DBM" || fail "create database"
# A source that fails the control check: the whole copy is made, the proof
# fails, the target's transaction is rolled back — the target stays empty.
cp "$DEMO" "$DIR/tampered.db"
sqlite3 "$DIR/tampered.db" "UPDATE ledger_accounts SET credits_posted = credits_posted + 60
    WHERE id = (SELECT min(id) FROM ledger_accounts)" || fail "could not tamper"
run 1 migrate-store --from "$DIR/tampered.db" --to "$CONN"
has "$ERR" "control check"
has "$ERR" "the target is unchanged"
has "$OUT" "control check source: FAILS"
[ "$(q 'SELECT count(*) FROM ledger_transfers') $(q 'SELECT count(*) FROM people')" = "0 0" ] ||
    fail "a refused migration left rows in the target"
# A row the target refuses (the rows go to PostgreSQL several per round trip):
# the table's last row, sent with its final batch, must still be reported for
# its own table, with nothing kept.
last=$(sqlite3 "$DEMO" 'SELECT max(id) FROM ledger_transfers')
psql -X -q -v ON_ERROR_STOP=1 "$CONN" -c "ALTER TABLE ledger_transfers ADD CONSTRAINT nb_test_refuse CHECK (id <> $last)" ||
    fail "could not add the refusing constraint"
run 1 migrate-store --from "$DEMO" --to "$CONN"
has "$ERR" "copying ledger_transfers"
has "$ERR" "nb_test_refuse"
[ "$(q 'SELECT count(*) FROM ledger_transfers') $(q 'SELECT count(*) FROM people')" = "0 0" ] ||
    fail "a migration refused half-way left rows in the target"
psql -X -q -v ON_ERROR_STOP=1 "$CONN" -c "ALTER TABLE ledger_transfers DROP CONSTRAINT nb_test_refuse" ||
    fail "could not drop the refusing constraint"
run 0 migrate-store --from "$DEMO" --to "$CONN"
has "$OUT" "counts, balances and the control check agree"
has "$OUT" "control check target: ok"
grep -q "DIFFERENT" "$OUT" && fail "a table differs"
[ "$(q 'SELECT count(*) FROM ledger_transfers')" = "$(sqlite3 "$DEMO" 'SELECT count(*) FROM ledger_transfers')" ] ||
    fail "transfer counts differ"

# The same token (tokens were copied) against a server on PostgreSQL.
serve "$CONN"
pg_saldo=$(get organisaties/2/saldo)
pg_check=$(get grootboek/controle)
stop
[ "$pg_saldo" = "$lite_saldo" ] || fail "balance differs: PostgreSQL $pg_saldo, SQLite $lite_saldo"
[ "$pg_check" = "$lite_check" ] || fail "control check differs: PostgreSQL $pg_check, SQLite $lite_check"

# Never into a database that holds data; the target unchanged by the refusal.
before=$(q 'SELECT count(*) FROM people')
run 1 migrate-store --from "$DEMO" --to "$CONN"
has "$ERR" "already holds data"
[ "$(q 'SELECT count(*) FROM people')" = "$before" ] || fail "a refused migration changed the target"
run 2 migrate-store --from "$DEMO"
run 2 migrate-store --from "$DEMO" --to "$DEMO"

# The identity sequences are past the copied ids: a new audited write works.
maxaudit=$(q 'SELECT max(id) FROM audit_log')
run 0 token create --db "$CONN" --role beheer --label na-migratie
[ "$(q 'SELECT max(id) FROM audit_log')" -gt "$maxaudit" ] || fail "no audit line after the migration"

# And back: PostgreSQL -> a new SQLite file holds every row of the original
# (the write above added one token and its audit line; leave those out).
run 0 migrate-store --from "$CONN" --to "$DIR/back.db"
has "$OUT" "agree"
rows() {
    sqlite3 "$1" .dump | grep '^INSERT INTO' |
        grep -v "na-migratie" | grep -v "^INSERT INTO audit_log VALUES($((maxaudit + 1))," | sort
}
rows "$DEMO" >"$DIR/a.rows"
rows "$DIR/back.db" >"$DIR/b.rows"
[ -s "$DIR/a.rows" ] || fail "no rows dumped"
cmp -s "$DIR/a.rows" "$DIR/b.rows" || fail "the round trip changed rows: $(diff "$DIR/a.rows" "$DIR/b.rows" | head -5)"

# ---- backup and restore on PostgreSQL ---------------------------------------
run 0 backup --db "$CONN" "$DIR/b1.dump"
has "$OUT" "backup written to"
has "$OUT" "pg_restore --list"
has "$OUT" "ledger control check ok"
[ -s "$DIR/b1.dump" ] || fail "no archive"
sum=$(cksum <"$DIR/b1.dump")
run 1 backup --db "$CONN" "$DIR/b1.dump"
has "$ERR" "never overwrites"
[ "$(cksum <"$DIR/b1.dump")" = "$sum" ] || fail "an existing backup was changed"
PATH=/nonexistent "$NB" backup --db "$CONN" "$DIR/nopath.dump" >"$OUT" 2>"$ERR" &&
    fail "backup without pg_dump succeeded"
has "$ERR" "pg_dump is not on PATH"
has "$ERR" "niet gevonden"
[ -e "$DIR/nopath.dump" ] && fail "a failed backup left its file"

# Write more, then restore: the later write is gone, the earlier data stays.
tokens=$(q 'SELECT count(*) FROM tokens')
transfers=$(q 'SELECT count(*) FROM ledger_transfers')
run 0 token create --db "$CONN" --role beheer --label later
[ "$(q 'SELECT count(*) FROM tokens')" -eq $((tokens + 1)) ] || fail "the later write is not there"
run 2 restore --db "$CONN" "$DIR/b1.dump"
has "$ERR" "--force"
run 0 restore --db "$CONN" --force "$DIR/b1.dump"
has "$OUT" "restored from"
has "$OUT" "ledger control check ok"
[ "$(q 'SELECT count(*) FROM tokens')" = "$tokens" ] || fail "the later token survived the restore"
[ "$(q "SELECT count(*) FROM tokens WHERE label = 'later'")" = 0 ] || fail "token 'later' still there"
[ "$(q "SELECT count(*) FROM tokens WHERE label = 'na-migratie'")" = 1 ] || fail "earlier token lost"
[ "$(q 'SELECT count(*) FROM ledger_transfers')" = "$transfers" ] || fail "transfers differ"
[ "$(q 'SELECT action FROM audit_log ORDER BY id DESC LIMIT 1')" = restore ] ||
    fail "the restore is not audited"
serve "$CONN"
after_check=$(get grootboek/controle)
stop
[ "$after_check" = "$lite_check" ] || fail "control check after the restore: $after_check"

# A restore that fails after all data is loaded (a GRANT to a role that is
# gone) is rolled back whole: the database stays as it was.
admin "CREATE ROLE $ROLE" || fail "create role"
q "GRANT SELECT ON people TO $ROLE" >/dev/null || fail "grant"
run 0 backup --db "$CONN" "$DIR/b2.dump"
q "REVOKE SELECT ON people FROM $ROLE" >/dev/null
admin "DROP ROLE $ROLE" || fail "drop role"
run 0 token create --db "$CONN" --role beheer --label na-backup
tokens=$(q 'SELECT count(*) FROM tokens')
run 1 restore --db "$CONN" --force "$DIR/b2.dump"
has "$ERR" "rolled back"
has "$ERR" "unchanged"
[ "$(q 'SELECT count(*) FROM tokens')" = "$tokens" ] || fail "a failed restore changed the tokens"
[ "$(q "SELECT count(*) FROM tokens WHERE label = 'na-backup'")" = 1 ] || fail "a failed restore lost data"
[ "$(q 'SELECT count(*) FROM ledger_transfers')" = "$transfers" ] || fail "a failed restore changed transfers"

# A database that fails the control check gets no backup; an archive of one
# (written by pg_dump by hand) is restored — one transaction — but the
# restore says it fails the check and exits 1.
acct=$(q 'SELECT min(id) FROM ledger_accounts')
q "UPDATE ledger_accounts SET credits_posted = credits_posted + 60 WHERE id = $acct" >/dev/null ||
    fail "could not tamper"
run 1 backup --db "$CONN" "$DIR/tampered.dump"
has "$ERR" "control check"
[ -e "$DIR/tampered.dump" ] && fail "a backup that fails its check was left"
pg_dump --format=custom --file "$DIR/tampered.dump" --dbname "$CONN" || fail "pg_dump by hand"
q "UPDATE ledger_accounts SET credits_posted = credits_posted - 60 WHERE id = $acct" >/dev/null
run 1 restore --db "$CONN" --force "$DIR/tampered.dump"
has "$ERR" "fails the ledger control check"
has "$ERR" "IS restored"
run 0 restore --db "$CONN" --force "$DIR/b1.dump"
has "$OUT" "ledger control check ok"

# Not an archive: refused before anything happens.
echo "geen archief" >"$DIR/garbage.dump"
before=$(q 'SELECT count(*) FROM audit_log')
run 1 restore --db "$CONN" --force "$DIR/garbage.dump"
has "$ERR" "not a readable pg_dump archive"
run 1 restore --db "$CONN" --force "$DIR/missing.dump"
has "$ERR" "cannot read the backup"
[ "$(q 'SELECT count(*) FROM audit_log')" = "$before" ] || fail "a refused restore changed the database"

if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "store-pg-cli: all checks passed"
