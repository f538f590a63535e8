#!/usr/bin/env bash
# scripts/fuzz.sh — run the libFuzzer harnesses of tests/fuzz for a while.
#
# usage: scripts/fuzz.sh [SECONDS] [HARNESS...]
#   SECONDS   how long each harness runs (default 1800); all run at once
#   HARNESS   json_schema, route_query, dimacs, csv (default: all four)
#
# Builds build-fuzz (clang, -Dfuzz=true, ASan+UBSan) when it is missing, then
# runs every harness from its corpus in tests/fuzz/<harness>/ with
# -max_total_time=SECONDS -print_final_stats=1. New inputs, crash artifacts
# and logs go to build-fuzz/fuzz-runs/<time>/<harness>/, never into the
# repository corpus (to keep a finding, minimise it into tests/fuzz/<harness>/
# with -merge=1, see docs/DEVELOPING.md). Prints per harness: crashes, executed
# inputs, exec/s, libFuzzer's coverage (cov: edges, ft: features), corpus size
# and peak memory. Exit status 1 when a harness crashed or failed to run.
set -uo pipefail
cd "$(dirname "$0")/.."

all=(json_schema route_query dimacs csv)
secs=${1:-1800}
[ $# -gt 0 ] && shift
case "$secs" in
  ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS] [HARNESS...]" >&2; exit 2 ;;
esac
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=("${all[@]}")
for h in "${harnesses[@]}"; do
  [ -d "tests/fuzz/$h" ] || { echo "fuzz: unknown harness '$h' (have: ${all[*]})" >&2; exit 2; }
done
command -v clang > /dev/null || { echo "fuzz: needs clang and libclang-rt-14-dev (scripts/setup.sh)" >&2; exit 2; }

if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
    > build-fuzz.setup.log 2>&1 || { cat build-fuzz.setup.log; exit 1; }
fi
targets=()
for h in "${harnesses[@]}"; do targets+=("tests/fuzz/fuzz_$h"); done
ninja -C build-fuzz "${targets[@]}" > build-fuzz.build.log 2>&1 || { tail -50 build-fuzz.build.log; exit 1; }

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
out="build-fuzz/fuzz-runs/$(date +%Y%m%d-%H%M%S)"
echo "fuzz: ${harnesses[*]} for $secs s each, all at once; output in $out"
# -timeout is wall-clock time per input: generous, because runs are meant to
# go at nice 19 on a shared machine, where an input can wait long for a CPU.
pids=()
for h in "${harnesses[@]}"; do
  mkdir -p "$out/$h/corpus"
  build-fuzz/tests/fuzz/fuzz_"$h" -max_total_time="$secs" -print_final_stats=1 -timeout=300 \
    -artifact_prefix="$out/$h/" "$out/$h/corpus" "tests/fuzz/$h" > "$out/$h.log" 2>&1 &
  pids+=($!)
done
status=0 codes=()
for i in "${!pids[@]}"; do
  wait "${pids[$i]}"; codes[$i]=$?
done

printf '\n%-12s %-8s %10s %8s %6s %7s %8s %8s\n' harness result execs exec/s cov ft corpus rss_mb
for i in "${!harnesses[@]}"; do
  h=${harnesses[$i]} log="$out/${harnesses[$i]}.log"
  crashes=$(find "$out/$h" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | wc -l)
  result=ok
  if [ "${codes[$i]}" -ne 0 ] || [ "$crashes" -ne 0 ]; then result="FAIL"; status=1; fi
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
  [ -n "$done_line" ] || done_line=$(grep -E '^#[0-9]+[[:space:]]' "$log" | tail -1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$done_line")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$done_line")
  corp=$(sed -nE 's/.* corp: ([0-9]+\/[0-9]+[a-zA-Z]*).*/\1/p' <<< "$done_line")
  execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log")
  speed=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log")
  rss=$(sed -nE 's/^stat::peak_rss_mb: *([0-9]+).*/\1/p' "$log")
  printf '%-12s %-8s %10s %8s %6s %7s %8s %8s\n' "$h" "$result" "${execs:-?}" "${speed:-?}" \
    "${cov:-?}" "${ft:-?}" "${corp:-?}" "${rss:-?}"
  if [ "$result" != ok ]; then
    echo "  exit ${codes[$i]}, $crashes artifact(s) in $out/$h/; log $log:"
    grep -E 'property failed|ERROR: |SUMMARY: |runtime error' "$log" | head -5 | sed 's/^/    /'
  fi
done
echo "fuzz: logs and new inputs in $out"
exit $status
