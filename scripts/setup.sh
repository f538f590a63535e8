#!/usr/bin/env bash
# scripts/setup.sh — install what noaber needs from Debian, only what is missing.
#
# Build: meson, ninja, pkg-config, a C compiler, python3 (meson runs on it).
# Libraries: libmicrohttpd (HTTP server), jansson (JSON), sqlite3 (store),
# libsodium (tokens, hashing, randomness). Tests: cmocka (unit tests),
# libcurl (real HTTP client for API tests), valgrind (leak check).
# Benchmarks: liblemon-dev and g++ (reference min-cost-flow solvers).
# Static analysis (make test): clang-tidy (scripts/tidy.sh).
# Fuzzing (scripts/fuzz.sh only, not make test): clang and libclang-rt-14-dev
# (libFuzzer and the sanitizer runtimes for clang).
set -euo pipefail

packages=(build-essential g++ meson ninja-build pkg-config python3
          libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
          libcmocka-dev libcurl4-openssl-dev valgrind sqlite3 curl liblemon-dev
          clang libclang-rt-14-dev clang-tidy)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
