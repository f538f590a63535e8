#!/usr/bin/env bash
# scripts/tidy.sh — clang-tidy over every C file under src/, with the checks of
# .clang-tidy, driven by the compile_commands.json of a meson build dir.
#
#   scripts/tidy.sh [BUILDDIR]     (default: build; set up and built if needed)
#
# Every .c file under src/ must be in the compilation database (that is, in a
# meson.build), so new files are checked as soon as they are built. Runs in
# parallel (run-clang-tidy from Debian's clang-tidy package, else xargs -P).
# Prints each finding once and ends with "tidy: N findings in M files"; exits
# non-zero when N > 0 or clang-tidy could not parse a file.
#
# A clean run remembers, per file, a hash of the clang-tidy version,
# .clang-tidy, the compile command, the file and every header it includes
# (scripts/tidy_keys.py, in BUILDDIR/tidy-cache); the next run checks only the
# files whose hash changed. NB_TIDY_ALL=1 checks every file.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build}
jobs=$(nproc 2>/dev/null || echo 2)

command -v clang-tidy > /dev/null || { echo "tidy: clang-tidy not found (apt-get install clang-tidy)"; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dbuildtype=debugoptimized > "$build.setup.log" 2>&1 || { cat "$build.setup.log"; exit 1; }
fi
# Generated sources (the embedded migrations) must exist before clang-tidy
# parses, and ninja -t deps needs the headers of every object.
ninja -C "$build" > "$build.tidy-build.log" 2>&1 || { tail -30 "$build.tidy-build.log"; exit 1; }
db=$build/compile_commands.json

keys=$(ninja -C "$build" -t deps | python3 scripts/tidy_keys.py "$db" "$root") || exit 1
mapfile -t files < <(printf '%s\n' "$keys" | cut -d' ' -f1)
cache=$build/tidy-cache
mkdir -p "$cache"
stamp() { printf '%s/%s' "$cache" "$(printf '%s' "$1" | sha256sum | cut -c1-16)"; }
todo=()
while read -r f k; do
  if [ "${NB_TIDY_ALL:-0}" = 1 ] || [ "$(cat "$(stamp "$f")" 2>/dev/null)" != "$k" ]; then
    todo+=("$f")
  fi
done <<< "$keys"

# Any .c under src/ that the database does not know is an error. (A lookup in
# an array, not `printf | grep -q`: with pipefail, grep leaving early made
# printf die of SIGPIPE now and then, and a known file was reported missing.)
declare -A known=()
for f in "${files[@]}"; do known[$f]=1; done
missing=0
while IFS= read -r f; do
  if [ -z "${known[$root/$f]:-}" ]; then
    echo "tidy: $f is not in $db (not listed in a meson.build?)"; missing=$((missing + 1))
  fi
done < <(find src -name '*.c' | sort)

out=$(mktemp); trap 'rm -f "$out" "$out.clean"' EXIT
extra=(-extra-arg=-Wno-unknown-warning-option)   # gcc-only flags such as -Wno-format-truncation
rc=0
if [ ${#todo[@]} -eq 0 ]; then
  :
elif command -v run-clang-tidy > /dev/null; then
  # run-clang-tidy takes regexes; anchor each file name.
  regs=(); for f in "${todo[@]}"; do regs+=("^$(printf '%s' "$f" | sed 's/[.[\*^$+?(){}|]/\\&/g')\$"); done
  nice run-clang-tidy -j "$jobs" -quiet -p "$build" "${extra[@]}" "${regs[@]}" > "$out" 2>&1
  rc=$?
else
  printf '%s\0' "${todo[@]}" |
    nice xargs -0 -n 4 -P "$jobs" clang-tidy -quiet -p "$build" "${extra[@]}" > "$out" 2>&1
  rc=$?
fi
# Keep the diagnostics with their notes and code; drop the progress lines.
sed 's/\x1b\[[0-9;]*m//g; s#[^ ]*/build/\.\./src/#src/#; s#^\.\./src/#src/#; s#^'"$root"'/src/#src/#' "$out" |
  grep -vE '^(clang-tidy(-[0-9]+)? |[0-9]+ warnings? (and [0-9]+ errors? )?generated|Suppressed [0-9]+ warnings|Use -header-filter|Error while processing|Running clang-tidy|Enabled checks)' \
  > "$out.clean"
findings=$(grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error): ' "$out.clean" | sort -u)
n=0; [ -n "$findings" ] && n=$(printf '%s\n' "$findings" | wc -l)
if [ "$n" -gt 0 ]; then
  cat "$out.clean"
  echo "-- the findings, once each:"
  printf '%s\n' "$findings"
elif [ "$rc" -ne 0 ]; then
  cat "$out.clean"
fi
echo "tidy: $n findings in ${#files[@]} files (${#todo[@]} checked; the rest unchanged since a clean run)"
if [ "$n" -eq 0 ] && [ "$rc" -eq 0 ]; then   # remember what is clean
  while read -r f k; do printf '%s\n' "$k" > "$(stamp "$f")"; done <<< "$keys"
fi
[ "$n" -eq 0 ] && [ "$missing" -eq 0 ] && [ "$rc" -eq 0 ]
