#!/usr/bin/env bash
# scripts/analyze.sh — GCC's static analyser (-fanalyzer) over src/: a separate
# build dir (default build-analyzer) that only compiles the program (no tests),
# warnings are errors, so any analyser finding fails the build. Prints
# "analyzer: N findings" and exits non-zero when N > 0.
#
#   scripts/analyze.sh [BUILDDIR]
#
# A false positive is silenced at its spot with
#   #pragma GCC diagnostic ignored "-Wanalyzer-<kind>"  (inside push/pop, with the reason)
set -uo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build-analyzer}
if [ ! -f "$dir/build.ninja" ]; then
  CC=gcc meson setup "$dir" -Dbuildtype=debugoptimized -Dtests=false -Dc_args=-fanalyzer \
    > "$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
fi
nice ninja -C "$dir" -k 0 > "$dir.build.log" 2>&1
rc=$?
n=$(grep -cE '^[^ ]+:[0-9]+:[0-9]+: (warning|error): ' "$dir.build.log" || true)
if [ "$rc" -ne 0 ]; then
  grep -vE '^\[[0-9]+/[0-9]+\] ' "$dir.build.log" | head -400
fi
echo "analyzer: $n findings"
[ "$rc" -eq 0 ] && [ "$n" -eq 0 ]
