#!/usr/bin/env bash
# scripts/coverage.sh — line and branch coverage of the whole suite (make coverage).
#
# Builds build-coverage (-Db_coverage=true, -Dbuildtype=debug so branches are
# not folded away by the optimiser), runs every suite there (unit, api, crash),
# then prints line and branch coverage per source directory with gcovr and
# writes an HTML report to build-coverage/coverage/index.html.
# Extra arguments go to `meson test` (e.g. `--suite unit`).
# gcovr comes from Debian (scripts/setup.sh installs it).
set -uo pipefail
cd "$(dirname "$0")/.."

dir=build-coverage
jobs=$(nproc 2>/dev/null || echo 2)
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" -Dbuildtype=debug -Db_coverage=true > "$dir.setup.log" 2>&1 \
    || { cat "$dir.setup.log"; exit 1; }
fi
ninja -C "$dir" > "$dir.build.log" 2>&1 || { tail -50 "$dir.build.log"; exit 1; }
# Counters of an earlier run would add up with this one.
find "$dir" -name '*.gcda' -delete
rc=0
meson test -C "$dir" --num-processes "$jobs" --print-errorlogs "$@" > "$dir.test.log" 2>&1 || rc=$?
tail -5 "$dir.test.log"
[ "$rc" -eq 0 ] || echo "coverage: some tests failed (see $dir.test.log); figures below are of this run"

mkdir -p "$dir/coverage"
# Only src/ counts: tests, benches and the embedded migrations are not measured.
common=(--root . --object-directory "$dir" --filter 'src/' --exclude-unreachable-branches
        --exclude-throw-branches --gcov-ignore-parse-errors)
gcovr "${common[@]}" --json "$dir/coverage/coverage.json" --html-details "$dir/coverage/index.html" \
  --print-summary > /dev/null || exit 1
python3 scripts/coverage_dirs.py "$dir/coverage/coverage.json"
echo "coverage: HTML report in $dir/coverage/index.html"
exit "$rc"
