#!/usr/bin/env bash
# scripts/format.sh — the one format of the C sources (.clang-format, Debian's clang-format 14).
#
# usage: scripts/format.sh          format every .c/.h/.cc file git tracks or would add (untracked,
#                                   not ignored) in place (`make format`)
#        scripts/format.sh --check  change nothing; list each unformatted file and exit 1 (`make test`)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format > /dev/null || { echo "format: needs clang-format (scripts/setup.sh)" >&2; exit 2; }
mapfile -t files < <(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' '*.cc' 2> /dev/null || find src tests bench -name '*.[ch]' -o -name '*.cc')
if [ "${1:-}" = "--check" ]; then
  mapfile -t bad < <(clang-format --dry-run -Werror "${files[@]}" 2>&1 |
                     sed -nE 's/^([^:]+):[0-9]+:[0-9]+: error: .*/\1/p' | sort -u)
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format: ${#bad[@]} file(s) not formatted (run 'make format'):"
    printf '  %s\n' "${bad[@]}"
    exit 1
  fi
  echo "format: ${#files[@]} files formatted"
  exit 0
fi
clang-format -i "${files[@]}"
