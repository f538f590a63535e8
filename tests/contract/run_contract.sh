#!/usr/bin/env bash
# tests/contract/run_contract.sh — the contract tests (meson suite 'contract').
#
# 1. `noaber openapi` ($NOABER_BIN) linted by Spectral (node_modules, pinned in
#    package.json) with (a) the Logius ADR ruleset, tests/contract/adr/linter.yaml,
#    and (b) Spectral's own OpenAPI ruleset with every rule on,
#    tests/contract/oas.yaml. Any error, warning, info or hint fails.
# 2. tests/contract/*.test.mjs with node's test runner: every operation of the
#    served document against a real demo server, bodies validated with ajv.
# TAP on stdout, so scripts/test.sh counts the cases. Missing node or
# node_modules fails and says so: it never skips.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
missing=()
command -v node > /dev/null || missing+=("node (Debian package nodejs)")
[ -x "$root/node_modules/.bin/spectral" ] || missing+=("node_modules/@stoplight/spectral-cli")
[ -f "$root/node_modules/ajv/package.json" ] || missing+=("node_modules/ajv")
if [ ${#missing[@]} -gt 0 ]; then
  echo "contract tests: missing ${missing[*]}" >&2
  echo "contract tests: run scripts/setup.sh (installs nodejs, npm; runs npm ci)" >&2
  echo "not ok 1 - contract test prerequisites"
  exit 1
fi
: "${NOABER_BIN:?NOABER_BIN must name the noaber binary}"
cd "$root"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
if "$NOABER_BIN" openapi > "$tmp/openapi.json"; then
  echo "ok 1 - noaber openapi prints the document"
else
  echo "not ok 1 - noaber openapi prints the document"
  exit 1
fi
n=1
for ruleset in tests/contract/adr/linter.yaml tests/contract/oas.yaml; do
  n=$((n + 1))
  if "$root/node_modules/.bin/spectral" lint --quiet --fail-severity=hint -f text \
      -r "$ruleset" "$tmp/openapi.json" > "$tmp/spectral.txt" 2>&1; then
    echo "ok $n - spectral $ruleset: 0 errors, 0 warnings"
  else
    sed 's/^/# /' "$tmp/spectral.txt"
    echo "not ok $n - spectral $ruleset"
    fail=1
  fi
done
node --test --test-reporter=tap "$root"/tests/contract/*.test.mjs || fail=1
exit $fail
