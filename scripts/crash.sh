#!/usr/bin/env bash
# scripts/crash.sh — the crash loop with many cycles (tests/crash/test_crash_loop.c):
# the server is killed with SIGKILL under acknowledged ledger and hours writes,
# restarted on the same database, and nothing acknowledged may be lost. `make test`
# runs 10 cycles; this runs CYCLES (default 100) in the plain build and prints the
# figures (cycles, acknowledged writes, lost, duration, seed).
#
# With --pg the loop runs on PostgreSQL instead: a throw-away cluster of its own
# (scripts/pg_tmp.sh), two servers on its database with the client threads spread
# over both, one of them killed with SIGKILL in two cycles of three (the other
# must keep serving), PostgreSQL itself stopped with `pg_ctl stop -m immediate`
# and started again every third cycle. The suite 'pg' of `make test` runs 6.
#
# usage: scripts/crash.sh [--pg] [CYCLES]   NB_TEST_SEED=<n> replays a run's choices
set -euo pipefail
cd "$(dirname "$0")/.."
pg=
if [ "${1:-}" = --pg ]; then pg=1; shift; fi
cycles=${1:-100}
case $cycles in '' | *[!0-9]*) echo "usage: scripts/crash.sh [--pg] [CYCLES]" >&2; exit 2 ;; esac
[ -f build/build.ninja ] || meson setup build -Dbuildtype=debugoptimized
ninja -C build noaber tests/test_crash_loop
if [ -n "$pg" ]; then
    export NOABER_TEST_PG="own cluster" NOABER_SRC="$PWD"
fi
NB_CRASH_CYCLES=$cycles NOABER_BIN="$PWD/build/noaber" exec nice build/tests/test_crash_loop
