#!/bin/sh
# bench/national_months.sh — the teaming model with month buckets on a real national network
# (issue 13 §2): the pure flow network that `noaber team` solves, exported with `--dimacs`, solved
# by noaber's simplex and cost scaling (bench/bench_mcf) and by LEMON 1.3's NetworkSimplex and
# CostScaling (bench/lemon_mcf) on the same file. Not a test: one run each, prints figures; a cost
# that differs between the solvers (or from the proposal's pure optimum) makes the exit status 1.
#
# The number of month buckets is not a switch: with `--per-maand` the loader makes a bucket of
# every calendar month that the chosen assignments' periods touch (docs/teaming.md, "Capacity per
# month"). So a row T takes the work stock (status geaccepteerd) whose periods lie within the
# first T calendar months of the stock (from the month of its earliest start) and plans it per
# month; the row prints the buckets that gives. A row "all" takes the whole stock. A row with a
# "w" (Tw, allw) takes the same assignments as one window (no --per-maand: the one-bucket model),
# so "24w" against "24" is the growth from 1 to 24 months on the same work.
#
# Per row: the assignments, lines, buckets, nodes and arcs; `noaber team` (load, build, solve,
# post-process; its CPU and peak RSS); then each solver's setup and solve time (its own CPU
# clock), the whole process's CPU (user + sys, reading the file included) and peak RSS from
# /usr/bin/time, and the optimal cost. A solver that runs longer than LIMIT seconds of wall time
# is stopped and shown as "> LIMIT s".
#
# usage: nice bench/national_months.sh BUILD_DIR DB [ROW...]   (default rows: 24w 6 12 24)
#   BUILD_DIR configured with -Dbench=true (bench_mcf, lemon_mcf: liblemon-dev);
#   DB a database made by `noaber demo --network nationaal` (only read);
#   env SOLVERS (default "nbns nbcs ns cs": noaber simplex, noaber cost scaling, LEMON
#   NetworkSimplex, LEMON CostScaling); LIMIT (default 1200); DIR (default a temporary
#   directory) for the DIMACS files; KEEP=1 keeps them; EXPORT_ONLY=1 stops `noaber team` as soon
#   as the file is written (its first solve and post-processing rounds outlast any box on the
#   84,000-person network per month): its CPU and peak RSS are then those of load, build and
#   export, there is no pure optimum, and the solvers' costs are compared with the first one's.
set -eu
BUILD=${1:?usage: bench/national_months.sh BUILD_DIR DB [ROW...]}
DB=${2:?usage: bench/national_months.sh BUILD_DIR DB [ROW...]}
shift 2
[ $# -gt 0 ] || set -- 24w 6 12 24
SOLVERS=${SOLVERS:-nbns nbcs ns cs}
LIMIT=${LIMIT:-1200}
BIN=$BUILD/noaber
NB=$BUILD/bench/bench_mcf
LEMON=$BUILD/bench/lemon_mcf
for b in "$BIN" "$NB" "$LEMON"; do
    [ -x "$b" ] || { echo "missing $b; configure with -Dbench=true and build" >&2; exit 2; }
done
[ -f "$DB" ] || { echo "no database $DB" >&2; exit 2; }
if [ -n "${DIR:-}" ]; then
    mkdir -p "$DIR"
    TMP=$DIR
else
    TMP=$(mktemp -d)
    trap 'rm -rf "$TMP"' EXIT
fi

q() { sqlite3 -readonly "$DB" "$1"; }
field() { echo "$2" | awk -v k="$1" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.1f", a / b; else print "-" }'; }
# figures: t_cpu (user + sys ms) and t_mb (peak RSS MB) of the last process /usr/bin/time measured
figures() {
    t_cpu=$(awk '/^TIME /{ printf "%.0f", ($2 + $3) * 1000 }' "$TMP/time")
    t_mb=$(awk '/^TIME /{ printf "%.0f", $4 / 1024 }' "$TMP/time")
}
# timed OUT CMD...: runs CMD (at most LIMIT s of wall time) with its output in OUT; sets
# t_cpu (user + sys ms of the process) and t_mb (peak RSS MB), t_rc (124: stopped at LIMIT)
timed() {
    out=$1
    shift
    t_rc=0
    /usr/bin/time -f 'TIME %U %S %M' -o "$TMP/time" timeout "$LIMIT" "$@" >"$out" 2>"$TMP/err" || t_rc=$?
    figures
}

# exported OUT CMD...: as timed, for `noaber team --dimacs`: stops the process once its progress
# (stderr, shown at more than 200 people or lines) says the solve began, i.e. the file is complete;
# a team that ends before that (small, or an error) ends as under timed. OUT stays empty when stopped.
exported() {
    out=$1
    shift
    /usr/bin/time -f 'TIME %U %S %M' -o "$TMP/time" timeout "$LIMIT" "$@" >"$out" 2>"$TMP/err" &
    t_pid=$!
    while kill -0 "$t_pid" 2>/dev/null && ! grep -qs '^oplossen' "$TMP/err"; do sleep 1; done
    t_stop=0
    if grep -qs '^oplossen' "$TMP/err" && pkill -TERM -P "$(pgrep -P "$t_pid" timeout)" 2>/dev/null; then
        t_stop=1
    fi
    t_rc=0
    wait "$t_pid" || t_rc=$?
    [ "$t_stop" = 0 ] || { t_rc=0; : >"$out"; }
    figures
}

stock=$(q "SELECT count(*) FROM assignments WHERE status = 'geaccepteerd'")
first=$(q "SELECT date(min(start_date), 'start of month') FROM assignments WHERE status = 'geaccepteerd'")
last=$(q "SELECT max(end_date) FROM assignments WHERE status = 'geaccepteerd'")
echo "noaber national network in month buckets, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  $(q 'SELECT count(*) FROM people WHERE active = 1') people; work stock $stock assignments" \
    "geaccepteerd, $first .. $last; solvers: $SOLVERS; limit ${LIMIT} s"
status=0
rows=""
for row in "$@"; do
    case $row in
    *w) per='' span=${row%w} ;;
    *) per=--per-maand span=$row ;;
    esac
    case $span in
    all) where="status = 'geaccepteerd'" ;;
    *[!0-9]* | '') echo "row $row: not T, Tw, all or allw" >&2; exit 2 ;;
    *) where="status = 'geaccepteerd' AND end_date < date('$first', '+$span months')" ;;
    esac
    n=$(q "SELECT count(*) FROM assignments WHERE $where")
    [ "$n" -gt 0 ] || { echo "row $row: no assignments in the window" >&2; continue; }
    nlines=$(q "SELECT count(*) FROM assignment_lines l JOIN assignments a ON a.id = l.assignment_id WHERE a.$where")
    months=1
    [ -z "$per" ] || months=$(q "SELECT (CAST(strftime('%Y', max(end_date)) AS INT) * 12 + CAST(strftime('%m', max(end_date)) AS INT)) - (CAST(strftime('%Y', min(start_date)) AS INT) * 12 + CAST(strftime('%m', min(start_date)) AS INT)) + 1 FROM assignments WHERE $where")
    if [ "$n" = "$stock" ]; then
        set -- --all
    else
        [ "$n" -le 1000 ] || { echo "row $row: $n assignments, more than noaber team takes by id" >&2; exit 2; }
        set --
        for id in $(q "SELECT id FROM assignments WHERE $where ORDER BY id"); do set -- "$@" --assignment "$id"; done
    fi
    file=$TMP/national-$row.min
    if [ "${EXPORT_ONLY:-0}" = 1 ]; then
        exported "$TMP/team.json" "$BIN" team --db "$DB" "$@" $per --dimacs "$file" --json
    else
        timed "$TMP/team.json" "$BIN" team --db "$DB" "$@" $per --dimacs "$file" --json
    fi
    [ "$t_rc" = 0 ] || { echo "row $row: noaber team failed ($t_rc): $(tail -n 3 "$TMP/err")" >&2; exit 1; }
    if [ -s "$TMP/team.json" ]; then
        team="$t_cpu ms CPU, $t_mb MB"
        optimum=$(jq '.samenvatting.optimum' "$TMP/team.json")
    else
        team="stopped after the export: $t_cpu ms CPU, $t_mb MB"
        optimum="not known (the first solver's cost is the reference)"
    fi
    nodes=$(awk '/^p /{ print $3; exit }' "$file")
    arcs=$(awk '/^p /{ print $4; exit }' "$file")
    echo
    echo "row $row: $n assignments, $nlines lines, $months month buckets; $nodes nodes, $arcs arcs;" \
        "noaber team $team; pure optimum $optimum"
    for s in $SOLVERS; do
        case $s in
        nbns) name="noaber simplex"; set -- "$NB" "$file" --algo simplex ;;
        nbcs) name="noaber cost scaling"; set -- "$NB" "$file" --algo cs ;;
        ns) name="LEMON NetworkSimplex"; set -- "$LEMON" "$file" ns ;;
        cs) name="LEMON CostScaling"; set -- "$LEMON" "$file" cs ;;
        *) echo "unknown solver $s" >&2; exit 2 ;;
        esac
        timed "$TMP/solve.out" "$@"
        line=$(grep -E '^(noaber|lemon_ns|lemon_cs) ' "$TMP/solve.out" | head -n 1 || true)
        if [ "$t_rc" = 124 ]; then
            solve="> ${LIMIT}000" cost="stopped"
        elif [ "$t_rc" != 0 ] || [ -z "$line" ]; then
            solve="failed" cost="rc $t_rc: $(tail -n 1 "$TMP/err")"
            status=1
        else
            solve=$(field solve_ms "$line") cost=$(field cost "$line")
            case $optimum in not*) optimum=$cost ;; esac
            [ "$cost" = "$optimum" ] || { cost="$cost DIFFERS"; status=1; }
        fi
        eval "solve_${s}_$(echo "$row" | tr -c 'a-z0-9\n' _)=\"\$solve\""
        printf '  %-22s setup %9s ms, solve %10s ms, process CPU %9s ms, peak %6s MB, cost %s\n' \
            "$name" "$(field setup_ms "$line")" "$solve" "$t_cpu" "$t_mb" "$cost"
    done
    rows="$rows $row"
    [ "${KEEP:-0}" = 1 ] || rm -f "$file"
done

echo
echo "solve time against the first row ($(echo "$rows" | awk '{ print $1 }')):"
base=$(echo "$rows" | awk '{ print $1 }' | tr -c 'a-z0-9\n' _)
for row in $rows; do
    r=$(echo "$row" | tr -c 'a-z0-9\n' _)
    printf '  %-4s' "$row"
    for s in $SOLVERS; do
        a='' b=''
        eval "a=\$solve_${s}_$r b=\$solve_${s}_$base"
        printf '  %s x%s' "$s" "$(ratio "$a" "$b")"
    done
    echo
done
exit $status
