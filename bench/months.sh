#!/bin/sh
# bench/months.sh — the teaming model with month buckets (issue 13, part 2):
# the staffing-shaped case over T months (bench/gen_mcf.c "months": person-
# month and line-month nodes, one match arc per month of a line), solved by
# noaber's engine and by LEMON 1.3's NetworkSimplex (and CostScaling with
# CS=1) on the same DIMACS instance; asserts identical optimal cost and
# prints the growth from 1 month (the one-window model) to T. NBCS=1 also
# runs noaber's cost scaling (bench_mcf --algo cs), NBNS=0 skips noaber's
# simplex. Times are process CPU milliseconds, one run each (these instances
# are large); "proc" is the whole process's CPU (user + sys, reading the
# file included) and its peak RSS, from /usr/bin/time. Not a pass/fail test;
# a solver run that fails is reported (stderr, and its row) and the run goes
# on with the next solver or size; the exit status is then 1.
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
# whole LABEL CMD...: runs CMD, prints its output plus "LABEL proc_ms X rss_mb Y"; when CMD
# fails, says so on stderr with the end of its error output (the caller's lines for it come out
# empty and are reported as failed; the run goes on).
whole() {
    label=$1; shift
    rc=0
    out=$(/usr/bin/time -f "TIME %U %S %M" "$@" 2>"$TMP/noaber-months-time.$$") || rc=$?
    echo "$out"
    if [ "$rc" != 0 ]; then
        echo "months.sh: $label failed (exit $rc): $*" >&2
        grep -v '^TIME \|^Command exited' "$TMP/noaber-months-time.$$" | tail -n 5 >&2
    fi
    awk -v l="$label" '/^TIME /{printf "%s proc_ms %.0f rss_mb %.0f\n", l, ($2 + $3) * 1000, $4 / 1024}' \
        "$TMP/noaber-months-time.$$"
    rm -f "$TMP/noaber-months-time.$$"
}
# pick PREFIX TEXT: TEXT's line that starts with PREFIX and a space (empty when there is none: a
# failed run).
pick() { echo "$2" | grep "^$1 " || true; }
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
    if [ "${NBNS:-1}" = 0 ]; then
        nb=$(whole nbcs "$NB" "$file" --algo cs)
        nb=$(pick noaber "$nb")
    else
        nbw=$(whole nbns "$NB" "$file" --algo simplex)
        nb=$(pick noaber "$nbw")
        pick nbns "$nbw" | sed 's/^/        noaber-simplex whole process: /'
    fi
    if [ -z "$nb" ]; then
        printf '%6s %10s %10s | noaber failed (above); the next size\n' "$T" "$nodes" "$arcs"
        status=1
        [ "${KEEP:-0}" = 1 ] || rm -f "$file"
        continue
    fi
    if [ "${NS:-1}" = 0 ]; then
        ns="lemon_ns setup_ms - solve_ms - cost $(field cost "$nb")"
    else
        nsw=$(whole lemonns "$LEMON" "$file" ns)
        ns=$(pick lemon_ns "$nsw")
        pick lemonns "$nsw" | sed 's/^/        LEMON-NS whole process: /'
    fi
    nb_cost=$(field cost "$nb"); ns_cost=$(field cost "$ns")
    nb_sol=$(field solve_ms "$nb")
    [ -n "$base" ] || base=$nb_sol
    same=identical
    [ "${NS:-1}" != 0 ] || same="(LEMON not run)"
    [ -n "$ns" ] || ns_cost="(LEMON failed)"
    [ "$nb_cost" = "$ns_cost" ] || { same="DIFFERENT: NS $ns_cost"; status=1; }
    printf '%6s %10s %10s | %10s %10s | %10s %10s | %6s | %s %s (solve x%s of 1 month)\n' "$T" "$nodes" \
        "$arcs" "$(field setup_ms "$nb")" "$nb_sol" "$(field setup_ms "$ns")" \
        "$(field solve_ms "$ns")" "$(ratio "$nb_sol" "$(field solve_ms "$ns")")" "$nb_cost" "$same" \
        "$(ratio "$nb_sol" "$base")"
    if [ "${NBCS:-0}" = 1 ] && [ "${NBNS:-1}" != 0 ]; then
        nbc=$(whole nbcs "$NB" "$file" --algo cs)
        c1=$(pick noaber "$nbc")
        [ "$(field cost "$c1")" = "$nb_cost" ] || status=1
        [ -n "$c1" ] || printf '%6s %10s %10s | noaber-CS failed (above)\n' "" "" ""
        [ -z "$c1" ] || printf '%6s %10s %10s | noaber-CS %s / %s ms (setup / solve), cost %s, relabels %s, CS/simplex %s; whole process: %s\n' \
            "" "" "" "$(field setup_ms "$c1")" "$(field solve_ms "$c1")" "$(field cost "$c1")" \
            "$(field relabels "$c1")" "$(ratio "$(field solve_ms "$c1")" "$nb_sol")" \
            "$(pick nbcs "$nbc")"
    fi
    if [ "${CS:-0}" = 1 ]; then
        csw=$(whole lemoncs "$LEMON" "$file" cs)
        cs=$(pick lemon_cs "$csw")
        pick lemoncs "$csw" | sed 's/^/        LEMON-CS whole process: /'
        [ "$(field cost "$cs")" = "$nb_cost" ] || status=1
        printf '%6s %10s %10s | %10s %10s | lemon-CS %s / %s ms (setup / solve), nb/CS %s\n' "" "" "" \
            "" "" "$(field setup_ms "$cs")" "$(field solve_ms "$cs")" \
            "$(ratio "$nb_sol" "$(field solve_ms "$cs")")"
    fi
    [ "${KEEP:-0}" = 1 ] || rm -f "$file"
done
exit $status
