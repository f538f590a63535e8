#!/bin/sh
# tests/cli/test_user_cli.sh — `noaber user` and the demo logins end to end:
# the password only from stdin (never argv), exit codes, case-insensitive
# names, role rules, disable and reset-password, nothing secret in `list`,
# the audit log or the database file; `noaber demo` prints one login per role.
# usage: test_user_cli.sh PATH/TO/noaber
set -u
NB=$1
fails=0
DIR=$(mktemp -d)
DB=$DIR/t.db
OUT=$DIR/out
ERR=$DIR/err
trap 'rm -rf "$DIR"' EXIT
PW='correct paard batterij'

fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$OUT"
    echo "--- stderr"; cat "$ERR"
    fails=$((fails + 1))
}

# expect EXIT STDIN ARGS... : runs noaber user ARGS with STDIN as its input
expect() {
    want=$1
    input=$2
    shift 2
    printf '%s\n' "$input" | "$NB" user "$@" --db "$DB" >"$OUT" 2>"$ERR"
    got=$?
    [ "$got" -eq "$want" ] || fail "user $*: exit $got, want $want"
}

has() { grep -q -- "$2" "$1" || fail "no '$2' in $1"; }
hasnt() { if grep -q -- "$2" "$1"; then fail "'$2' in $1"; fi; }

"$NB" init --db "$DB" >/dev/null || { echo "FAIL: init"; exit 1; }
sqlite3 "$DB" "INSERT INTO organisations (id, code, kind, name, created_at, updated_at)
  VALUES (1, 'GM0505', 'gemeente', 'Dordrecht', 'x', 'x');
  INSERT INTO people (id, organisation_id, name, email, scale, contract_minutes_week,
  network_minutes_week, created_at, updated_at) VALUES (7, 1, 'F. Bakker', 'f@x.nl', 10, 2160, 0, 'x', 'x');"

# create: password from stdin; usage errors 2; refused input 3
expect 0 "$PW" create Piet.Jansen --role beheer --name 'Piet Jansen'
has "$OUT" "user 1 'Piet.Jansen' created"
expect 2 "$PW" create anna --role beheer --password "$PW"      # no password flag exists
expect 2 "$PW" create anna                                     # --role missing
expect 2 "$PW" create anna --role coordinator                  # needs --organisation
expect 2 "$PW" create anna --role medewerker --organisation 1  # needs --person
expect 2 "$PW" create anna --role koning
expect 2 "$PW" create --role beheer                            # no LOGIN
expect 2 "$PW" frobnicate anna
expect 3 "$PW" create anna --role lezer --organisation 9       # no such organisation
expect 3 "$PW" create anna --role medewerker --person 9        # no such person
expect 3 "kort" create anna --role beheer                      # policy: 12 characters
has "$ERR" "12 tekens"
expect 3 "anna.de.boer" create anna.de.boer --role beheer      # policy: not the login name
expect 3 "$PW" create PIET.JANSEN --role lezer --organisation 1 # taken, whatever the case
has "$ERR" "taken"
expect 3 "$PW" create 'an na' --role beheer                    # not a login name
printf '' | "$NB" user create anna --role beheer --db "$DB" >"$OUT" 2>"$ERR"
[ $? -eq 2 ] || fail "create without any password: want 2"
expect 0 "$PW" create fatima --role medewerker --person 7
expect 0 "$PW" create raad --role lezer --organisation 1
expect 0 "$PW" create coord --role coordinator --organisation 1

# list: every user, no hash, no password
expect 0 "" list
has "$OUT" "Piet.Jansen"
has "$OUT" "fatima  *medewerker *1 *7"
hasnt "$OUT" "argon2"
hasnt "$OUT" "paard"
[ "$(grep -c '^[0-9]' "$OUT")" -eq 4 ] || fail "list: want 4 users"
expect 2 "" list extra

# reset-password and disable by name (any case) or id; unknown is 3
expect 0 "een heel ander wachtwoord" reset-password PIET.jansen
has "$OUT" "sessions have ended"
expect 3 "kort" reset-password 1
expect 0 "" disable 2
has "$OUT" "'fatima' disabled"
expect 3 "" disable nobody
expect 3 "" disable 99
expect 2 "" disable fatima --role beheer
expect 0 "" list
has "$OUT" "fatima  *medewerker *1 *7 *nee *20[0-9-]*T"

# nothing secret in the audit log or the database file
sqlite3 "$DB" "SELECT action || ' ' || entity || ' ' || detail FROM audit_log" >"$OUT"
has "$OUT" "create user"
has "$OUT" "password user"
has "$OUT" "disable user"
hasnt "$OUT" "paard"
hasnt "$OUT" "wachtwoord\""
sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
if grep -a -q -e "$PW" -e "een heel ander" "$DB"; then fail "a password is in the database file"; fi
[ "$(sqlite3 "$DB" "SELECT count(*) FROM users WHERE password_hash LIKE '\$argon2id\$v=19\$m=65536,t=2,p=1\$%'")" -eq 4 ] ||
    fail "want 4 Argon2id hashes with the interactive limits"

# demo: one login per role, printed once, with a password made for this database
D2=$DIR/demo.db
"$NB" demo --db "$D2" --people 40 --assignments 8 >"$OUT" 2>"$ERR" || fail "demo"
for r in beheer coordinator medewerker lezer opdrachtgever; do
    grep -q "^  $r  *demo-$r  *[A-Za-z0-9_-]\{16\}\$" "$OUT" || fail "demo: no login line for $r"
done
p1=$(sed -n 's/^  beheer  *demo-beheer  *//p' "$OUT")
"$NB" demo --db "$D2" --if-empty >"$OUT" 2>"$ERR" || fail "demo --if-empty"
has "$OUT" "reset-password demo-beheer"
hasnt "$OUT" "$p1"
"$NB" user list --db "$D2" >"$OUT" 2>"$ERR"
[ "$(grep -c ' demo-' "$OUT")" -eq 5 ] || fail "demo: want 5 demo users"
D3=$DIR/demo3.db
"$NB" demo --db "$D3" --people 40 --assignments 8 >"$OUT" 2>"$ERR" || fail "demo 3"
p2=$(sed -n 's/^  beheer  *demo-beheer  *//p' "$OUT")
[ -n "$p1" ] && [ "$p1" != "$p2" ] || fail "demo passwords must differ per database ('$p1' '$p2')"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "ok: noaber user"
