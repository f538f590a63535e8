#!/bin/sh
# tests/cli/test_backup_cli.sh — `noaber backup` and `noaber restore` end to
# end (issue 12, part 5): a backup taken while a server writes is a complete,
# checked copy; a backup never overwrites; a restore round trip gives back
# the same network (counts, balances, control check); a restore over a
# network needs --force; a broken or tampered backup is refused and leaves
# the database byte for byte unchanged; the restore is audited.
# usage: test_backup_cli.sh PATH/TO/noaber
set -u
NB=$1
fails=0
DIR=$(mktemp -d)
OUT=$DIR/out
ERR=$DIR/err
SERVER=
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$DIR"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$OUT"
    echo "--- stderr"; cat "$ERR"
    fails=$((fails + 1))
}

# run WANT ARGS... : runs noaber ARGS, expects exit code WANT
run() {
    want=$1
    shift
    "$NB" "$@" >"$OUT" 2>"$ERR"
    got=$?
    [ "$got" -eq "$want" ] || fail "noaber $*: exit $got, want $want"
}
has() { grep -q -- "$2" "$1" || fail "no '$2' in $1"; }

# What a network holds, as one line: counts and every account's balances.
state() {
    sqlite3 "$1" "SELECT (SELECT count(*) FROM organisations) || ' ' ||
        (SELECT count(*) FROM people) || ' ' || (SELECT count(*) FROM assignments) || ' ' ||
        (SELECT count(*) FROM ledger_transfers) || ' ' ||
        (SELECT group_concat(id || ':' || debits_posted || ':' || credits_posted || ':' ||
                             debits_pending || ':' || credits_pending, ',')
           FROM (SELECT * FROM ledger_accounts ORDER BY id))"
}

DB=$DIR/live.db
"$NB" demo --db "$DB" >/dev/null 2>&1 || { echo "FAIL: demo"; exit 1; }

# 1. Online: a server writes (tokens) while the backup is taken.
"$NB" serve --db "$DB" --listen 127.0.0.1:0 >"$DIR/serve.out" 2>&1 &
SERVER=$!
i=0
while [ $i -lt 50 ] && ! grep -q listening "$DIR/serve.out"; do sleep 0.1; i=$((i + 1)); done
grep -q listening "$DIR/serve.out" || fail "server did not start"
(for k in 1 2 3 4 5 6 7 8 9 10; do
    "$NB" token create --role lezer --label "w$k" --db "$DB" >/dev/null 2>&1
done) &
WRITER=$!
run 0 backup --db "$DB" "$DIR/b1.db"
has "$OUT" "backup written to"
has "$OUT" "ledger control check ok"
wait "$WRITER"
kill "$SERVER"; wait "$SERVER" 2>/dev/null; SERVER=
[ -f "$DIR/b1.db-wal" ] && fail "the backup left a -wal file next to it"
[ "$(sqlite3 "$DIR/b1.db" 'PRAGMA integrity_check')" = ok ] || fail "backup integrity"

# 2. Never overwrite.
sum=$(cksum <"$DIR/b1.db")
run 1 backup --db "$DB" "$DIR/b1.db"
has "$ERR" "never overwrites"
[ "$(cksum <"$DIR/b1.db")" = "$sum" ] || fail "an existing backup was changed"
run 1 backup --db "$DB" "$DIR/no/such/dir/b.db"
has "$ERR" "cannot create"
run 2 backup --db "$DB"
run 2 backup --db "$DB" a b

# 3. Round trip into a new database: the same network.
run 0 backup --db "$DB" "$DIR/b2.db"
net=$(state "$DB")
run 0 restore --db "$DIR/new.db" "$DIR/b2.db"
has "$OUT" "restored from"
[ "$(state "$DIR/new.db")" = "$net" ] || fail "restored state differs: $(state "$DIR/new.db") vs $net"
[ "$(sqlite3 "$DIR/new.db" "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1")" = restore ] ||
    fail "the restore is not audited"
ls "$DIR"/new.db.restore-* >/dev/null 2>&1 && fail "a temporary file was left"

# 4. Over a network only with --force; the database unchanged without it.
sqlite3 "$DB" "UPDATE organisations SET name = 'Gewijzigd' WHERE id = 1" ||
    fail "could not change the live database"
before=$(cksum <"$DB")
run 2 restore --db "$DB" "$DIR/b2.db"
has "$ERR" "--force"
[ "$(cksum <"$DB")" = "$before" ] || fail "a refused restore changed the database"
run 0 restore --db "$DB" --force "$DIR/b2.db"
[ "$(sqlite3 "$DB" "SELECT name FROM organisations WHERE id = 1")" != Gewijzigd ] ||
    fail "--force did not restore"

# 5. Broken and tampered backups are refused; nothing changes.
before=$(cksum <"$DB")
echo "geen database" >"$DIR/garbage.db"
run 1 restore --db "$DB" --force "$DIR/garbage.db"
has "$ERR" "unchanged"
run 1 restore --db "$DB" --force "$DIR/missing.db"
has "$ERR" "cannot read the backup"
cp "$DIR/b2.db" "$DIR/tampered.db"
sqlite3 "$DIR/tampered.db" "UPDATE ledger_accounts SET credits_posted = credits_posted + 60
    WHERE id = (SELECT min(id) FROM ledger_accounts)" 2>"$ERR" || fail "could not tamper"
tsum=$(cksum <"$DIR/tampered.db")
run 1 restore --db "$DB" --force "$DIR/tampered.db"
has "$ERR" "control check"
[ "$(cksum <"$DB")" = "$before" ] || fail "a refused restore changed the database"
[ "$(cksum <"$DIR/tampered.db")" = "$tsum" ] || fail "restore wrote to the backup file"
ls "$DIR"/live.db.restore-* >/dev/null 2>&1 && fail "a temporary file was left"

if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "backup-cli: all checks passed"
