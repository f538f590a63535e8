#!/bin/sh
# bench/months.sh — the teaming model with month buckets (issue 13, part 2):
# the staffing-shaped case over T months (bench/gen_mcf.c "months": person-
# month and line-month nodes, one match arc per month of a line), solved by
# noaber's engine and by LEMON 1.3's NetworkSimplex (and CostScaling with
# CS=1) on the same DIMACS instance; asserts identical optimal cost and
# prints the growth from 1 month (the one-window model) to T. Times are
# process CPU milliseconds, one run each (these instances are large). Not a
# pass/fail test.
#
# usage: bench/months.sh BUILD_DIR [MONTHS...]   (default: 1 2 6 12 24)
#   env PEOPLE (default 200000) ASSIGNMENTS (default 30000): the national case;
#   SEED (default 1); CS=1 also runs LEMON's CostScaling; NS=0 skips LEMON
#   altogether (noaber's growth alone, for sizes where LEMON takes too long);
#   KEEP=1 keeps files.
set -eu
BUILD=${1:?usage: bench/months.sh BUILD_DIR [MONTHS...]}
shift
[ $# -gt 0 ] || set -- 1 2 6 12 24
P=${PEOPLE:-200000}
A=${ASSIGNMENTS:-30000}
SEED=${SEED:-1}
TMP=${TMPDIR:-/tmp}
GEN=$BUILD/bench/gen_mcf
NB=$BUILD/bench/bench_mcf
LEMON=$BUILD/bench/lemon_mcf
for b in "$GEN" "$NB" "$LEMON"; do
    [ -x "$b" ] || { echo "missing $b; configure with -Dbench=true and build" >&2; exit 2; }
done
field() { echo "$2" | awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "people $P, assignments $A, seed $SEED"
printf '%6s %10s %10s | %10s %10s | %10s %10s | %6s | %s\n' months nodes arcs nb_setup nb_solve \
    ns_setup ns_solve nb/NS cost
status=0
base=""
for T in "$@"; do
    file=$TMP/noaber-months-$P-$A-$T-$SEED.min
    "$GEN" months "$P" "$A" "$T" "$SEED" >"$file"
    nodes=$(awk '/^p /{print $3; exit}' "$file")
    arcs=$(awk '/^p /{print $4; exit}' "$file")
    nb=$("$NB" "$file" | grep '^noaber ')
    if [ "${NS:-1}" = 0 ]; then
        ns="lemon_ns setup_ms - solve_ms - cost $(field cost "$nb")"
    else
        ns=$("$LEMON" "$file" ns)
    fi
    nb_cost=$(field cost "$nb"); ns_cost=$(field cost "$ns")
    nb_sol=$(field solve_ms "$nb")
    [ -n "$base" ] || base=$nb_sol
    same=identical
    [ "${NS:-1}" != 0 ] || same="(LEMON not run)"
    [ "$nb_cost" = "$ns_cost" ] || { same="DIFFERENT: NS $ns_cost"; status=1; }
    printf '%6s %10s %10s | %10s %10s | %10s %10s | %6s | %s %s (solve x%s of 1 month)\n' "$T" "$nodes" \
        "$arcs" "$(field setup_ms "$nb")" "$nb_sol" "$(field setup_ms "$ns")" \
        "$(field solve_ms "$ns")" "$(ratio "$nb_sol" "$(field solve_ms "$ns")")" "$nb_cost" "$same" \
        "$(ratio "$nb_sol" "$base")"
    if [ "${CS:-0}" = 1 ]; then
        cs=$("$LEMON" "$file" cs)
        [ "$(field cost "$cs")" = "$nb_cost" ] || status=1
        printf '%6s %10s %10s | %10s %10s | lemon-CS %s / %s ms (setup / solve), nb/CS %s\n' "" "" "" \
            "" "" "$(field setup_ms "$cs")" "$(field solve_ms "$cs")" \
            "$(ratio "$nb_sol" "$(field solve_ms "$cs")")"
    fi
    [ "${KEEP:-0}" = 1 ] || rm -f "$file"
done
exit $status
