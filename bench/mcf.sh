#!/bin/sh
# bench/mcf.sh — min-cost-flow benchmark: noaber's engine (its default choice,
# and its cost scaling forced with bench_mcf --algo cs) against LEMON 1.3
# NetworkSimplex and CostScaling, in one run on the same generated instance.
# Asserts identical optimal cost and prints setup/solve times and the ratios
# noaber/LEMON (solve time, and setup+solve). Times are process CPU time in
# milliseconds (robust against other load). Not a pass/fail test.
#
# usage: bench/mcf.sh BUILD_DIR [INSTANCE...]
#   INSTANCE: regional national netgen assign   (default: all four), or a
#   gen_mcf mode with its arguments joined by ':' (staffing:20000:2000,
#   months:20000:2000:12); the seed is appended.
#   env SEED (default 1); REPS (default 3): each solver runs REPS times and
#   the fastest run counts; KEEP=1 keeps the generated files in $TMPDIR;
#   SOLVERS (default "nb nbcs ns cs"): which of noaber (with its re-solves),
#   noaber's cost scaling, LEMON NetworkSimplex and CostScaling run ("nb"
#   alone for the re-solve figures of national). "whole" is the process's CPU
#   time at the end of the solve (reading the file, setup, solve).
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

SOLVERS=${SOLVERS:-nb nbcs ns cs}
has() { case " $SOLVERS " in *" $1 "*) return 0 ;; esac; return 1; }

printf '%-9s %9s %9s | %-9s %9s %9s %9s | %s\n' instance nodes arcs solver setup_ms solve_ms whole_ms cost
status=0
for inst in "$@"; do
    file=$TMP/noaber-mcf-$(echo "$inst" | tr ':' '-')-$SEED.min
    # shellcheck disable=SC2046 # the instance's arguments split on ':'
    "$GEN" $(echo "$inst" | tr ':' ' ') "$SEED" >"$file"
    nodes=$(awk '/^p /{print $3; exit}' "$file")
    arcs=$(awk '/^p /{print $4; exit}' "$file")
    nb=""; nbcs=""; ns=""; cs=""
    if has nb; then nb=$(best "$NB" "$file" --warm); fi
    if has nbcs; then nbcs=$(best "$NB" "$file" --algo cs); fi
    if has ns; then ns=$(best "$LEMON" "$file" ns); fi
    if has cs; then cs=$(best "$LEMON" "$file" cs); fi
    nb1=$(echo "$nb" | grep '^noaber ' || true)
    nbcs1=$(echo "$nbcs" | grep '^noaber ' || true)
    nbcs2=$(echo "$nbcs" | grep '^noaber_cs ' || true)
    costs=""
    row() { # row LABEL OUTPUT NOTE
        [ -n "$2" ] || return 0
        printf '%-9s %9s %9s | %-9s %9s %9s %9s | %s%s\n' "$shown" "$shown_n" "$shown_m" "$1" \
            "$(field setup_ms "$2")" "$(field solve_ms "$2")" "$(field process_ms "$2")" \
            "$(field cost "$2")" "$3"
        costs="$costs $(field cost "$2")"
        shown=""; shown_n=""; shown_m=""
    }
    shown=$inst; shown_n=$nodes; shown_m=$arcs
    row noaber "$nb1" " ($(field algo "$nb1"), $(field pivots "$nb1") pivots)"
    row noaber-CS "$nbcs1" " (forced; $(field relabels "$nbcs1") relabels, $(field phases "$nbcs2") phases, $(field refined "$nbcs2") by price refinement)"
    row lemon-NS "$ns" ""
    row lemon-CS "$cs" ""
    if [ -n "$nb1" ] && [ -n "$ns" ] && [ -n "$cs" ]; then
        nb_tot=$(awk -v a="$(field setup_ms "$nb1")" -v b="$(field solve_ms "$nb1")" 'BEGIN{print a + b}')
        ns_tot=$(awk -v a="$(field setup_ms "$ns")" -v b="$(field solve_ms "$ns")" 'BEGIN{print a + b}')
        cs_tot=$(awk -v a="$(field setup_ms "$cs")" -v b="$(field solve_ms "$cs")" 'BEGIN{print a + b}')
        printf '%-9s %9s %9s   ratios noaber/LEMON: solve NS %s CS %s, setup+solve NS %s CS %s, whole NS %s CS %s\n' \
            "" "" "" "$(ratio "$(field solve_ms "$nb1")" "$(field solve_ms "$ns")")" \
            "$(ratio "$(field solve_ms "$nb1")" "$(field solve_ms "$cs")")" \
            "$(ratio "$nb_tot" "$ns_tot")" "$(ratio "$nb_tot" "$cs_tot")" \
            "$(ratio "$(field process_ms "$nb1")" "$(field process_ms "$ns")")" \
            "$(ratio "$(field process_ms "$nb1")" "$(field process_ms "$cs")")"
    fi
    if [ -n "$nbcs1" ] && [ -n "$nb1" ]; then
        echo "          noaber cost scaling / default: solve $(ratio "$(field solve_ms "$nbcs1")" "$(field solve_ms "$nb1")")"
    fi
    same=yes
    first=$(echo "$costs" | awk '{print $1}')
    for c in $costs; do
        if [ "$c" != "$first" ]; then same="NO:$costs"; status=1; fi
    done
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
