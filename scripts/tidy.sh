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
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${1:-build}
jobs=$(nproc 2>/dev/null || echo 2)

command -v clang-tidy > /dev/null || { echo "tidy: clang-tidy not found (apt-get install clang-tidy)"; exit 1; }
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" -Dbuildtype=debugoptimized > "$build.setup.log" 2>&1 || { cat "$build.setup.log"; exit 1; }
fi
# Generated sources (the embedded migrations) must exist before clang-tidy parses.
ninja -C "$build" > "$build.tidy-build.log" 2>&1 || { tail -30 "$build.tidy-build.log"; exit 1; }
db=$build/compile_commands.json

# The files under src/ that the database knows, and any it does not.
mapfile -t files < <(python3 - "$db" "$root" <<'PY'
import json, os, sys
db, root = sys.argv[1], sys.argv[2]
seen = set()
for e in json.load(open(db)):
    f = os.path.normpath(os.path.join(e['directory'], e['file']))
    if f.startswith(os.path.join(root, 'src') + os.sep) and f.endswith('.c'):
        seen.add(f)
print('\n'.join(sorted(seen)))
PY
)
missing=0
while IFS= read -r f; do
  if ! printf '%s\n' "${files[@]}" | grep -qxF "$root/$f"; then
    echo "tidy: $f is not in $db (not listed in a meson.build?)"; missing=$((missing + 1))
  fi
done < <(find src -name '*.c' | sort)

out=$(mktemp); trap 'rm -f "$out"' EXIT
extra=(-extra-arg=-Wno-unknown-warning-option)   # gcc-only flags such as -Wno-format-truncation
if command -v run-clang-tidy > /dev/null; then
  # run-clang-tidy takes regexes; anchor each file name.
  regs=(); for f in "${files[@]}"; do regs+=("^$(printf '%s' "$f" | sed 's/[.[\*^$+?(){}|]/\\&/g')\$"); done
  nice run-clang-tidy -j "$jobs" -quiet -p "$build" "${extra[@]}" "${regs[@]}" > "$out" 2>&1
  rc=$?
else
  printf '%s\0' "${files[@]}" |
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
fi
rm -f "$out.clean"
echo "tidy: $n findings in ${#files[@]} files"
[ "$n" -eq 0 ] && [ "$missing" -eq 0 ] && [ "$rc" -eq 0 ]
