#!/usr/bin/env bash
# scripts/test.sh — the whole test suite, as `make test` and .ci/run run it.
#
# 1. build (warnings are errors) and run every test; the plain build is
#    configured with -Dbench=true, so every benchmark (bench/meson.build) is
#    compiled here too, never run: a change to an interface a benchmark uses
#    fails make test instead of the next person's measurement. A build
#    directory made earlier without it (make demo) is switched over once;
#    The browser suite (tests/web/*.test.mjs: chromium against the real
#    server) runs in this pass only: it checks what a person sees (axe,
#    keyboard, 320 px, escaping), which does not change with the sanitizers,
#    and chromium takes most of the two cores for a minute; the page code's
#    memory is checked under ASan and valgrind by the api suite (api-web) and
#    the unit suite (web-html, web-pages).
# 2. the same under AddressSanitizer + UndefinedBehaviorSanitizer (not 'browser');
# 3. the API tests again with the server under valgrind --leak-check=full
#    (suite 'api' only: the crash loop kills its server with SIGKILL, so
#    valgrind could never report on it; see tests/crash/test_crash_loop.c).
# 4. the store-dialect test and every API test program, cli included (suite
#    'pg': a test that looks into the database does so through the store's
#    driver, tests/api/web_session.h) again, against a throw-away PostgreSQL
#    cluster (scripts/pg_tmp.sh; each test server gets a fresh database, migrated
#    by the cluster's owner and served as the application role noaber_app of
#    deploy/postgresql-roles.sql, NOABER_TEST_PG_ROLE; pg-role checks its
#    privileges), and the
#    crash loop on PostgreSQL (crash-loop is in suite 'pg' too; with
#    NOABER_TEST_PG set it starts a cluster of its own, since it stops it with
#    pg_ctl stop -m immediate: two servers, kill -9 of one, 6 cycles), with
#    the tests that need that cluster (suite 'pg-only': store-pg-cli; left out
#    of passes 1 and 2, which have no cluster);
# 5. static analysis: clang-tidy over src/ with .clang-tidy (scripts/tidy.sh, on
#    build/compile_commands.json) and GCC -fanalyzer in build-analyzer
#    (scripts/analyze.sh); any finding fails the run. Before them, the format
#    check (scripts/format.sh --check): an unformatted C file fails the run.
# Ends with one summary line "tests: N passed, N failed" counting test cases
# (cmocka cases and script cases) over all three runs.
set -uo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc 2>/dev/null || echo 2)
fail=0
logs=()

# Whether the build directory $1 is configured with -Dbench=true.
bench_on() {
  python3 -c 'import json, sys
sys.exit(0 if any(o["name"] == "bench" and o["value"] is True
                  for o in json.load(open(sys.argv[1]))) else 1)' "$1/meson-info/intro-buildoptions.json"
}

run() { # name builddir logname meson-setup-args... -- meson-test-args...
  local name=$1 dir=$2 log=$3; shift 3
  local setup=() testargs=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do setup+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  testargs=("$@")
  echo "== $name"
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "${setup[@]}" > "$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; fail=1; return; }
  elif [[ " ${setup[*]} " == *" -Dbench=true "* ]] && ! bench_on "$dir"; then
    meson configure "$dir" -Dbench=true > "$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; fail=1; return; }
  fi
  ninja -C "$dir" > "$dir.build.log" 2>&1 || { tail -50 "$dir.build.log"; fail=1; return; }
  meson test -C "$dir" --num-processes "$jobs" --print-errorlogs "${testargs[@]}" || fail=1
  logs+=("$dir/meson-logs/$log")
}

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
run "build (benchmarks compiled too) and test" build testlog.txt -Dbuildtype=debugoptimized \
    -Dbench=true -- --no-suite pg-only
run "AddressSanitizer + UndefinedBehaviorSanitizer" build-asan testlog.txt \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug -- --no-suite browser \
    --no-suite pg-only
run "valgrind --leak-check=full on the server during the API tests" build testlog-valgrind.txt \
    -- --suite api --setup valgrind

echo "== the API tests against PostgreSQL (suite pg, a throw-away cluster)"
pgdir=$(mktemp -d /tmp/noaber-pg-XXXXXX)
if conn=$(scripts/pg_tmp.sh start "$pgdir"); then
  NOABER_TEST_PG="${conn% dbname=noaber}" NOABER_TEST_PG_ROLE=noaber_app \
    meson test -C build --num-processes "$jobs" \
    --print-errorlogs --suite pg --logbase testlog-pg || fail=1
  logs+=("build/meson-logs/testlog-pg.txt")
else
  echo "could not start a PostgreSQL cluster"; fail=1
fi
scripts/pg_tmp.sh stop "$pgdir"

echo "== format (scripts/format.sh --check)"
scripts/format.sh --check || fail=1
echo "== clang-tidy (scripts/tidy.sh)"
scripts/tidy.sh build || fail=1
echo "== gcc -fanalyzer (scripts/analyze.sh)"
scripts/analyze.sh build-analyzer || fail=1

passed=0 failed=0
for l in "${logs[@]}"; do
  [ -f "$l" ] || continue
  p=$(grep -cE '^\[       OK \]|^ok ' "$l" || true)
  f=$(grep -cE '^\[  FAILED  \] [a-z_]|^not ok ' "$l" || true)
  passed=$((passed + p)); failed=$((failed + f))
done
if [ "$fail" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed"
[ "$fail" -eq 0 ] && [ "$failed" -eq 0 ]
