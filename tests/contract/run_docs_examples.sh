#!/usr/bin/env bash
# tests/contract/run_docs_examples.sh — meson test 'docs-examples' (suite 'contract'):
# every curl example in docs/api.md and the README against a fresh demo server
# (tests/contract/docs_examples.mjs). TAP on stdout. Missing node, curl or
# node_modules fails and says so: it never skips.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
missing=()
command -v node > /dev/null || missing+=("node (Debian package nodejs)")
command -v curl > /dev/null || missing+=("curl (Debian package curl)")
[ -f "$root/node_modules/playwright-core/package.json" ] || missing+=("node_modules (npm ci)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "docs examples: missing ${missing[*]}; run scripts/setup.sh" >&2
  echo "not ok 1 - docs examples prerequisites"
  exit 1
fi
: "${NOABER_BIN:?NOABER_BIN must name the noaber binary}"
cd "$root"
exec node --test --test-reporter=tap "$root/tests/contract/docs_examples.mjs"
