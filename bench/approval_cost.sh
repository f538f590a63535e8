#!/bin/sh
# bench/approval_cost.sh — what one durable approval costs the server, counted
# rather than timed (issue 14 §3/§4): instructions per approval under callgrind,
# the store statements one approval runs, and the functions that take the
# instructions (inclusive). Prints; nothing here passes or fails.
#
# usage: bench/approval_cost.sh BUILD_DIR [N]
#   BUILD_DIR a build with BUILD_DIR/noaber (a release build for figures that
#   mean something); N approvals measured (default 20, at most the entries the
#   demo leaves waiting, 40 or so).
#   env COST_DB      a database made by `noaber demo` to copy instead of making
#                    one (the same file for a before/after pair; the copy is
#                    migrated to the binary's schema with `noaber init`)
#   env COST_TOP     functions listed (default 30)
#   env COST_KEEP=1  keep the work directory (the callgrind file) and print it
#
# What runs: a fresh copy of a `noaber demo` database (default network, seed 1);
# `noaber serve --threads 1` under valgrind --tool=callgrind with its defaults
# (WAL, synchronous = FULL, group commit: every answer after its fsync); one
# beheer token; the waiting entries (status ingediend, lowest ids first) are
# approved one after another with PUT /api/v1/urenregistraties/{id}/beoordeling
# {"besluit":"goedgekeurd"} by one curl client: the first as warm-up, then the
# counters are zeroed (callgrind_control -z), N approvals, dumped. Every figure
# is the total over the N approvals divided by N. The same entries in the same
# order each run, so two binaries on copies of one database count the same work;
# the count does not move with the machine's load. An approval the ledger
# refuses (409/422) is counted as what it is and reported separately.
# The instructions are also given per thread (callgrind --separate-threads):
# the writer — the group's committer, which runs every write's handler, its
# statements and the commit, one approval after another — against the rest
# (libmicrohttpd's worker: HTTP, the token, the body, the answer sent; the
# WAL's checkpoint thread). The writer's figure bounds the approvals a second.
# "statements" are the calls of nb_store_stmt and nb_store_stmt_text (every
# statement the store runs goes through one of them), listed by calling
# function. Needs valgrind, callgrind_annotate, curl and jq.
set -eu
BUILD=${1:?usage: bench/approval_cost.sh BUILD_DIR [N]}
N=${2:-20}
TOP=${COST_TOP:-30}
BIN=$BUILD/noaber
[ -x "$BIN" ] || { echo "approval_cost.sh: no $BIN" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/approval-cost-XXXXXX")
SRV_PID=""
cleanup() {
    if [ -n "$SRV_PID" ]; then
        kill "$SRV_PID" 2> /dev/null || true
        wait "$SRV_PID" 2> /dev/null || true
    fi
    if [ "${COST_KEEP:-0}" = 1 ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT HUP INT PIPE TERM

DB=$WORK/demo.db
if [ -n "${COST_DB:-}" ]; then
    sqlite3 "$COST_DB" ".backup '$DB'"
    "$BIN" init --db "$DB" > /dev/null # to this binary's schema version
else
    "$BIN" demo --db "$DB" --seed 1 > "$WORK/demo.out" 2>&1 ||
        { cat "$WORK/demo.out" >&2; exit 1; }
fi
TOK=$("$BIN" token create --role beheer --label approval-cost --db "$DB" | awk 'NF {l=$0} END {print l}')
AUTH="Authorization: Bearer $TOK"

valgrind --tool=callgrind --compress-strings=no --compress-pos=no --separate-threads=yes \
    --callgrind-out-file="$WORK/cg.%p" \
    "$BIN" serve --db "$DB" --listen 127.0.0.1:0 --threads 1 --log-level warn \
    > "$WORK/serve.out" 2>&1 &
SRV_PID=$!
. "$(dirname "$0")/lib_serve.sh" # serve_wait
BASE=$(serve_wait "$WORK/serve.out") || exit 1

curl -sf -H "$AUTH" "$BASE/api/v1/urenregistraties?status=ingediend&paginaGrootte=100" |
    jq -r '._embedded[][].id' | sort -n > "$WORK/ids"
have=$(wc -l < "$WORK/ids")
[ "$have" -gt "$N" ] || { echo "approval_cost.sh: $have waiting entries, need N + 1 = $((N + 1))" >&2; exit 1; }

# approve ID: prints the HTTP status
approve() {
    curl -s -o /dev/null -w '%{http_code}\n' -X PUT -H "$AUTH" -H 'Content-Type: application/json' \
        -d '{"besluit":"goedgekeurd"}' "$BASE/api/v1/urenregistraties/$1/beoordeling"
}

approve "$(head -n1 "$WORK/ids")" > /dev/null
callgrind_control -z "$SRV_PID" > /dev/null
sed -n "2,$((N + 1))p" "$WORK/ids" | while read -r id; do approve "$id"; done > "$WORK/codes"
callgrind_control -d "$SRV_PID" > /dev/null
# One file per thread (--separate-threads): cg.PID.1-NN for the dump's thread NN.
ls "$WORK"/cg."$SRV_PID".1-* > "$WORK/threads"
CG=$WORK/cg.all
# The threads' files, one after another, read as one (callgrind_annotate and the
# awk below add the costs of a function wherever it occurs).
cat $(cat "$WORK/threads") > "$CG"
kill "$SRV_PID" 2> /dev/null || true
wait "$SRV_PID" 2> /dev/null || true
SRV_PID=""

ok=$(grep -c '^200$' "$WORK/codes" || true)
ir=0
for f in $(cat "$WORK/threads"); do
    t=$(sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$f" | head -n1)
    ir=$((ir + t))
done
echo "approval cost — $N durable approvals ($ok answered 200; other codes: $(grep -v '^200$' "$WORK/codes" | sort | uniq -c | tr -s ' ' | tr '\n' ';'))"
echo "  binary: $BIN"
awk -v ir="$ir" -v n="$N" 'BEGIN { printf "  instructions per approval   %10.3f M\n", ir / n / 1e6 }'
# Per thread: the writer is the thread that led the batches (nb_group_lead).
for f in $(cat "$WORK/threads"); do
    t=$(sed -n 's/^\(summary\|totals\): *\([0-9]*\).*/\2/p' "$f" | head -n1)
    role=other
    grep -q 'nb_group_lead' "$f" && role="writer (the group's committer: the handlers, SQLite, the commit)"
    awk -v t="$t" -v n="$N" -v f="${f##*.}" -v r="$role" \
        'BEGIN { if (t > 0) printf "    thread %-5s %10.3f M  %s\n", f, t / n / 1e6, r }'
done

# Calls per approval of the statement entry points (and sqlite3_step), by caller.
awk -v n="$N" '
    /^fn=/ { caller = substr($0, 4); sub(/^\([0-9]+\) /, "", caller) }
    /^cfn=/ { callee = substr($0, 5); sub(/^\([0-9]+\) /, "", callee) }
    /^calls=/ {
        split(substr($0, 7), c, " ")
        if (callee == "nb_store_stmt" || callee == "nb_store_stmt_text") { by[caller] += c[1]; total += c[1] }
        if (callee == "sqlite3_step") steps += c[1]
    }
    END {
        printf "  statements per approval     %10.2f   (sqlite3_step calls %.2f)\n", total / n, steps / n
        for (f in by) printf "    %8.2f  %s\n", by[f] / n, f | "sort -rn"
    }' "$CG"
echo "  top functions, inclusive instructions per approval:"
callgrind_annotate --inclusive=yes "$CG" 2> /dev/null |
    awk -v n="$N" -v top="$TOP" '
        /^ *[0-9,]+ .*[:]/ && shown < top {
            x = $1; gsub(",", "", x)
            $1 = ""; $2 = ""; sub(/^ +/, "")
            sub(/ \[.*$/, "")
            printf "    %9.3f M  %s\n", x / n / 1e6, $0
            shown++
        }'
