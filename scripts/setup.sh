#!/usr/bin/env bash
# scripts/setup.sh — install what noaber needs from Debian, only what is missing.
#
# Build: meson, ninja, pkg-config, a C compiler, python3 (meson runs on it).
# Libraries: libmicrohttpd (HTTP server), jansson (JSON), sqlite3 (store), zlib
# (gzip of large API answers),
# libsodium (tokens, hashing, randomness, Argon2id passwords), nettle (HMAC-SHA-1
# for TOTP second factors; libsodium has no SHA-1), libqrencode (the QR code of
# the TOTP enrolment page, drawn as SVG), libxlsxwriter (the hours budget and the
# reports as Excel workbooks), cairo + pango (reports as PDF, made in-process with
# vector charts; fonts-dejavu-core: the font pango finds). Tests: cmocka (unit tests), libcurl (real HTTP client for API
# tests), valgrind (leak check), poppler-utils (pdftoppm/pdftotext: the report
# tests render and read the PDF).
# Benchmarks: liblemon-dev and g++ (reference min-cost-flow solvers; make test
# compiles the benchmarks);
# `scripts/setup.sh bench` also wrk and nginx (bench/http.sh: the server
# against nginx serving the same bytes).
# Static analysis (make test): clang-tidy (scripts/tidy.sh).
# Fuzzing (scripts/fuzz.sh only, not make test): clang and libclang-rt-14-dev
# (libFuzzer and the sanitizer runtimes for clang).
# Format: clang-format (make format; make test checks the format).
# Deployment check: systemd (systemd-analyze verifies deploy/noaber.service and
# scores its hardening; tests/ops/test_deploy.sh).
# Coverage (`scripts/setup.sh coverage`, as make coverage runs it): also
# gcovr (line and branch report, HTML); make test does not need it.
# Screenshots of the user guide (`scripts/setup.sh screenshots`, as make
# screenshots runs it): also pngquant (makes the PNGs small); make test does
# not need it.
# Web pages: nodejs and npm fetch the pinned NL Design System CSS that the build
# embeds (package.json, package-lock.json: `npm ci`); chromium runs the browser
# tests (playwright-core drives it, axe-core checks WCAG 2.1 AA).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential g++ meson ninja-build pkg-config python3
          libmicrohttpd-dev libjansson-dev libsqlite3-dev libpq-dev postgresql postgresql-client libsodium-dev nettle-dev
          libqrencode-dev zlib1g-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev
          poppler-utils unzip fonts-dejavu-core
          libcmocka-dev libcurl4-openssl-dev valgrind sqlite3 curl liblemon-dev
          clang libclang-rt-14-dev clang-format clang-tidy chromium systemd)
if [ "${1:-}" = coverage ]; then packages+=(gcovr); fi
if [ "${1:-}" = screenshots ]; then packages+=(pngquant); fi
if [ "${1:-}" = bench ]; then packages+=(wrk nginx); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm by command: a node from elsewhere (with its own npm) is fine, and
# Debian's npm package would conflict with it.
command -v node > /dev/null || missing+=(nodejs)
command -v npm > /dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The npm packages, exactly as package-lock.json pins them; again only when
# node_modules is missing or older than the lock file. No install scripts run.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci (NL Design System CSS, playwright-core, axe-core, spectral-cli, ajv)"
  npm ci --ignore-scripts --no-audit --no-fund
fi
