#!/usr/bin/env bash
# scripts/crash.sh — the crash loop with many cycles (tests/crash/test_crash_loop.c):
# the server is killed with SIGKILL under acknowledged ledger and hours writes,
# restarted on the same database, and nothing acknowledged may be lost. `make test`
# runs 10 cycles; this runs CYCLES (default 100) in the plain build and prints the
# figures (cycles, acknowledged writes, lost, duration, seed).
#
# usage: scripts/crash.sh [CYCLES]        NB_TEST_SEED=<n> replays a run's choices
set -euo pipefail
cd "$(dirname "$0")/.."
cycles=${1:-100}
case $cycles in '' | *[!0-9]*) echo "usage: scripts/crash.sh [CYCLES]" >&2; exit 2 ;; esac
[ -f build/build.ninja ] || meson setup build -Dbuildtype=debugoptimized
ninja -C build noaber tests/test_crash_loop
NB_CRASH_CYCLES=$cycles NOABER_BIN="$PWD/build/noaber" exec nice build/tests/test_crash_loop
