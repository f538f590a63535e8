#!/bin/sh
# tests/ops/test_deploy.sh — the deployment files of deploy/ (issue 12, part 5;
# docs/operations.md) stay true to the binary:
#  - deploy/noaber.service passes `systemd-analyze verify` (with ExecStart
#    pointed at the binary under test) and its hardening keeps systemd's
#    exposure score at most 2.0 ("OK"; `systemd-analyze security`);
#  - deploy/Dockerfile's runtime stage installs the Debian package of every
#    shared library the binary needs directly (readelf NEEDED; libc and the
#    sanitizer runtimes of a sanitizer build excepted), so a new dependency
#    cannot be forgotten in the image.
# usage: test_deploy.sh PATH/TO/noaber SOURCE_ROOT
set -u
NB=$1
SRC=$2
fails=0
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

UNIT=$SRC/deploy/noaber.service
sed "s|/usr/local/bin/noaber|$(readlink -f "$NB")|g" "$UNIT" >"$DIR/noaber.service"
systemd-analyze verify "$DIR/noaber.service" >"$DIR/verify" 2>&1 ||
    { cat "$DIR/verify"; fail "systemd-analyze verify"; }
systemd-analyze security --offline=true --threshold=20 "$UNIT" >"$DIR/security" 2>&1 ||
    { tail -3 "$DIR/security"; fail "the unit's exposure is above 2.0"; }
grep -q "Overall exposure level" "$DIR/security" || fail "no exposure score"

# The runtime stage: everything after the last FROM.
awk '/^FROM /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' "$SRC/deploy/Dockerfile" \
    >"$DIR/runtime"
[ -s "$DIR/runtime" ] || fail "no runtime stage in the Dockerfile"
readelf -d "$NB" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$DIR/needed"
[ -s "$DIR/needed" ] || fail "readelf found no NEEDED libraries"
while read -r lib; do
    case $lib in
    libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | ld-linux*) continue ;;
    libasan.so.* | libubsan.so.* | liblsan.so.* | libtsan.so.*) continue ;;
    esac
    path=$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')
    [ -n "$path" ] || { fail "$lib: not found by ldconfig"; continue; }
    pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$pkg" ] || { fail "$lib: no Debian package owns $path"; continue; }
    grep -qw -- "$pkg" "$DIR/runtime" ||
        fail "$lib comes from $pkg, which deploy/Dockerfile's runtime stage does not install"
done <"$DIR/needed"

if [ "$fails" -gt 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "deploy: unit and image recipe agree with the binary ($(wc -l <"$DIR/needed") libraries)"
