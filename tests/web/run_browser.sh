#!/usr/bin/env bash
# tests/web/run_browser.sh — the browser tests (meson suite 'browser').
#
# Runs tests/web/*.test.mjs with node's test runner (TAP on stdout, so
# scripts/test.sh counts the cases). They start the real `noaber serve`
# ($NOABER_BIN) on a fresh demo database and drive Debian's chromium through
# playwright-core. scripts/setup.sh installs node, npm, chromium and runs
# npm ci; when any of them is missing this fails and says so: it never skips.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
missing=()
command -v node > /dev/null || missing+=("node (Debian package nodejs)")
[ -x /usr/bin/chromium ] || missing+=("/usr/bin/chromium (Debian package chromium)")
[ -f "$root/node_modules/playwright-core/package.json" ] || missing+=("node_modules/playwright-core")
[ -f "$root/node_modules/axe-core/axe.min.js" ] || missing+=("node_modules/axe-core")
if [ ${#missing[@]} -gt 0 ]; then
  echo "browser tests: missing ${missing[*]}" >&2
  echo "browser tests: run scripts/setup.sh (installs nodejs, npm, chromium; runs npm ci)" >&2
  echo "not ok 1 - browser test prerequisites"
  exit 1
fi
: "${NOABER_BIN:?NOABER_BIN must name the noaber binary}"
cd "$root"
exec node --test --test-reporter=tap "$root"/tests/web/*.test.mjs
