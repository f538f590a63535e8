#!/bin/sh
# bench/run.sh — runs every benchmark of noaber against a build directory
# configured with -Dbench=true. Prints figures; nothing here passes or fails.
#
# usage: bench/run.sh BUILD_DIR
#   env NB_BENCH_ONLY: run only one benchmark, "ledger", "mcf", "pages", "http", "vuln", "bundle" or "report"
#   (default: all; e.g. NB_BENCH_ONLY=ledger skips the slower min-cost-flow part).
#   env PAGES_ARGS: extra arguments for pages_bench (e.g. "--scale 10").
#   env VULN_ARGS: extra arguments for vuln_bench (e.g. "--people 20000").
#   http (bench/http.sh): the server against nginx serving the same bytes, wrk
#   on loopback; needs wrk and nginx (scripts/setup.sh bench); env HTTP_SCALES,
#   HTTP_SECONDS (see there).
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
    ""|ledger|mcf|pages|http|vuln|bundle|report) ;;
    *) echo "bench/run.sh: NB_BENCH_ONLY must be ledger, mcf, pages, http, vuln, bundle or report, not '$ONLY'" >&2; exit 2 ;;
esac

if [ -z "$ONLY" ] || [ "$ONLY" = mcf ]; then
    echo "== min-cost flow (bench/mcf.sh)"
    "$HERE/mcf.sh" "$BUILD"
    echo
fi

if [ -z "$ONLY" ] || [ "$ONLY" = ledger ]; then
    echo "== hours ledger (bench/ledger_bench.c)"
    # shellcheck disable=SC2086
    "$BUILD/bench/ledger_bench" "$BUILD/noaber" ${LEDGER_ARGS:-}
fi

if [ -z "$ONLY" ] || [ "$ONLY" = pages ]; then
    echo
    echo "== web pages (bench/pages_bench.c)"
    # shellcheck disable=SC2086
    "$BUILD/bench/pages_bench" "$BUILD/noaber" ${PAGES_ARGS:-}
fi

if [ -z "$ONLY" ] || [ "$ONLY" = http ]; then
    echo
    echo "== HTTP against nginx (bench/http.sh)"
    "$HERE/http.sh" "$BUILD"
fi

if [ -z "$ONLY" ] || [ "$ONLY" = vuln ]; then
    echo
    echo "== kwetsbaarheid at national scale (bench/vuln_bench.c)"
    # shellcheck disable=SC2086
    "$BUILD/bench/vuln_bench" ${VULN_ARGS:-}
fi

if [ -z "$ONLY" ] || [ "$ONLY" = bundle ]; then
    echo
    echo "== bundling detection (bench/bundle_bench.c)"
    "$BUILD/bench/bundle_bench"
fi

if [ -z "$ONLY" ] || [ "$ONLY" = report ]; then
    echo
    echo "== the college report to PDF at demo size (bench/report_bench.c)"
    "$BUILD/bench/report_bench" "$BUILD/noaber"
fi
