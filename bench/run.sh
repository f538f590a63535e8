#!/bin/sh
# bench/run.sh — runs every benchmark of noaber against a build directory
# configured with -Dbench=true. Prints figures; nothing here passes or fails.
#
# usage: bench/run.sh BUILD_DIR
#   env NB_BENCH_ONLY: run only one benchmark, "ledger" or "mcf" (default:
#   both; e.g. NB_BENCH_ONLY=ledger skips the slower min-cost-flow part).
#   env LEDGER_ARGS: extra arguments for ledger_bench (e.g. "--requests 5000
#   --threads 8 --people 100 --transfers 200000"); the ledger bench works in
#   a directory under the current one (a real disk, so durable commits cost
#   what they cost). Its figure (a) is approved time entries per second
#   (PUT /urenregistraties/{id}/beoordeling), see bench/ledger_bench.c.
set -eu
BUILD=${1:?usage: bench/run.sh BUILD_DIR}
HERE=$(dirname "$0")
ONLY=${NB_BENCH_ONLY:-}
case "$ONLY" in
    ""|ledger|mcf) ;;
    *) echo "bench/run.sh: NB_BENCH_ONLY must be ledger or mcf, not '$ONLY'" >&2; exit 2 ;;
esac

if [ "$ONLY" != ledger ]; then
    echo "== min-cost flow (bench/mcf.sh)"
    "$HERE/mcf.sh" "$BUILD"
    echo
fi

if [ "$ONLY" != mcf ]; then
    echo "== hours ledger (bench/ledger_bench.c)"
    # shellcheck disable=SC2086
    "$BUILD/bench/ledger_bench" "$BUILD/noaber" ${LEDGER_ARGS:-}
fi
