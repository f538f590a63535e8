#!/bin/sh
# bench/run.sh — runs every benchmark of noaber against a build directory
# configured with -Dbench=true. Prints figures; nothing here passes or fails.
#
# usage: bench/run.sh BUILD_DIR
#   env LEDGER_ARGS: extra arguments for ledger_bench (e.g. "--requests 5000
#   --transfers 200000"); the ledger bench works in a directory under the
#   current one (a real disk, so durable commits cost what they cost).
set -eu
BUILD=${1:?usage: bench/run.sh BUILD_DIR}
HERE=$(dirname "$0")

echo "== min-cost flow (bench/mcf.sh)"
"$HERE/mcf.sh" "$BUILD"

echo
echo "== hours ledger (bench/ledger_bench.c)"
# shellcheck disable=SC2086
"$BUILD/bench/ledger_bench" "$BUILD/noaber" ${LEDGER_ARGS:-}
