#!/bin/sh
# bench/mcf.sh — min-cost-flow benchmark: noaber's engine (its default choice,
# and its cost scaling forced with bench_mcf --algo cs) against LEMON 1.3
# NetworkSimplex and CostScaling, in one run on the same generated instance.
# Asserts identical optimal cost and prints setup/solve times and the ratios
# noaber/LEMON (solve time, and setup+solve). Times are process CPU time in
# milliseconds (robust against other load). Not a pass/fail test.
#
# usage: bench/mcf.sh BUILD_DIR [INSTANCE...]
#   INSTANCE: regional national netgen assign   (default: all four)
#   env SEED (default 1); REPS (default 3): each solver runs REPS times and
#   the fastest run counts; KEEP=1 keeps the generated files in $TMPDIR.
set -eu
BUILD=${1:?usage: bench/mcf.sh BUILD_DIR [INSTANCE...]}
shift
[ $# -gt 0 ] || set -- regional national netgen assign
SEED=${SEED:-1}
REPS=${REPS:-3}
TMP=${TMPDIR:-/tmp}
GEN=$BUILD/bench/gen_mcf
NB=$BUILD/bench/bench_mcf
LEMON=$BUILD/bench/lemon_mcf
for b in "$GEN" "$NB" "$LEMON"; do
    [ -x "$b" ] || { echo "missing $b; configure with -Dbench=true and build" >&2; exit 2; }
done

field() { # field NAME LINE -> value after NAME
    echo "$2" | awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'
}
best() { # best CMD...: runs CMD REPS times, keeps the output of the fastest solve
    out=""; bestt=""
    i=0
    while [ "$i" -lt "$REPS" ]; do
        o=$("$@")
        t=$(echo "$o" | head -1 | awk '{for (i = 1; i < NF; i++) if ($i == "solve_ms") print $(i + 1)}')
        if [ -z "$bestt" ] || awk -v a="$t" -v b="$bestt" 'BEGIN{exit !(a < b)}'; then
            bestt=$t; out=$o
        fi
        i=$((i + 1))
    done
    echo "$out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

printf '%-9s %9s %9s | %-9s %9s %9s | %s\n' instance nodes arcs solver setup_ms solve_ms cost
status=0
for inst in "$@"; do
    file=$TMP/noaber-mcf-$inst-$SEED.min
    "$GEN" "$inst" "$SEED" >"$file"
    nodes=$(awk '/^p /{print $3; exit}' "$file")
    arcs=$(awk '/^p /{print $4; exit}' "$file")
    nb=$(best "$NB" "$file" --warm)
    nbcs=$(best "$NB" "$file" --algo cs)
    ns=$(best "$LEMON" "$file" ns)
    cs=$(best "$LEMON" "$file" cs)
    nb1=$(echo "$nb" | grep '^noaber ')
    nb_set=$(field setup_ms "$nb1"); nb_sol=$(field solve_ms "$nb1"); nb_cost=$(field cost "$nb1")
    ns_set=$(field setup_ms "$ns"); ns_sol=$(field solve_ms "$ns"); ns_cost=$(field cost "$ns")
    cs_set=$(field setup_ms "$cs"); cs_sol=$(field solve_ms "$cs"); cs_cost=$(field cost "$cs")
    nc_set=$(field setup_ms "$nbcs"); nc_sol=$(field solve_ms "$nbcs"); nc_cost=$(field cost "$nbcs")
    same=yes
    if [ "$nb_cost" != "$ns_cost" ] || [ "$nb_cost" != "$cs_cost" ] || [ "$nb_cost" != "$nc_cost" ]; then
        same="NO: noaber $nb_cost, noaber-CS $nc_cost, NS $ns_cost, CS $cs_cost"
        status=1
    fi
    nb_tot=$(awk -v a="$nb_set" -v b="$nb_sol" 'BEGIN{print a + b}')
    ns_tot=$(awk -v a="$ns_set" -v b="$ns_sol" 'BEGIN{print a + b}')
    cs_tot=$(awk -v a="$cs_set" -v b="$cs_sol" 'BEGIN{print a + b}')
    printf '%-9s %9s %9s | %-9s %9s %9s | %s (%s)\n' "$inst" "$nodes" "$arcs" noaber "$nb_set" "$nb_sol" "$nb_cost" \
        "$(field algo "$nb1")"
    printf '%-9s %9s %9s | %-9s %9s %9s | %s (%s)\n' "" "" "" noaber-CS "$nc_set" "$nc_sol" "$nc_cost" \
        "forced; solve CS/default $(ratio "$nc_sol" "$nb_sol")"
    printf '%-9s %9s %9s | %-9s %9s %9s | %s\n' "" "" "" lemon-NS "$ns_set" "$ns_sol" "$ns_cost"
    printf '%-9s %9s %9s | %-9s %9s %9s | %s\n' "" "" "" lemon-CS "$cs_set" "$cs_sol" "$cs_cost"
    printf '%-9s %9s %9s   ratios noaber/LEMON: solve NS %s CS %s, setup+solve NS %s CS %s\n' "" "" "" \
        "$(ratio "$nb_sol" "$ns_sol")" "$(ratio "$nb_sol" "$cs_sol")" \
        "$(ratio "$nb_tot" "$ns_tot")" "$(ratio "$nb_tot" "$cs_tot")"
    echo "          identical cost: $same"
    for kind in noaber_warm noaber_capdrop; do
        w=$(echo "$nb" | grep "^$kind " || true)
        [ -n "$w" ] || continue
        what="one assignment changes (cost, added arc)"
        [ "$kind" = noaber_warm ] || what="one person changes (capacity below the flow)"
        echo "          re-solve, $what: warm $(field solve_ms "$w") ms / $(field pivots "$w") pivots / $(field priced "$w") priced (reused tree $(field warm "$w"), local $(field local "$w"), repaired $(field repaired "$w")); cold $(field cold_ms "$w") ms; warm/cold $(field ratio_pct "$w") %"
    done
    [ "${KEEP:-0}" = 1 ] || rm -f "$file"
done
exit $status
