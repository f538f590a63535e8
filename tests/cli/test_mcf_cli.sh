#!/bin/sh
# tests/cli/test_mcf_cli.sh — runs `noaber mcf` on the files in tests/data/mcf
# and checks answers, exit codes and the line numbers of parse errors.
# usage: test_mcf_cli.sh PATH/TO/noaber PATH/TO/tests/data/mcf
set -u
NB=$1
DATA=$2
fails=0
OUT=$(mktemp)
ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"' EXIT

fail() {
    echo "FAIL: $*"
    echo "--- stdout"; cat "$OUT"
    echo "--- stderr"; cat "$ERR"
    fails=$((fails + 1))
}

# expect_run EXIT ARGS... : runs noaber mcf ARGS, checks the exit status
expect_run() {
    want=$1
    shift
    "$NB" mcf "$@" >"$OUT" 2>"$ERR"
    got=$?
    [ "$got" -eq "$want" ] || fail "mcf $*: exit $got, want $want"
}

# expect_line FILE LINE : the stdout/stderr capture FILE holds exactly LINE
expect_line() {
    grep -qxF -- "$2" "$1" || fail "missing line '$2'"
}

expect_run 0 "$DATA/small.min"
expect_line "$OUT" "s 14"
grep -q '^c nodes 4 arcs 5$' "$OUT" || fail "small.min: no size comment"
# a small network: AUTO_ONCE keeps the simplex (cost scaling from ~500,000 nodes)
expect_line "$OUT" "c algorithm simplex"
[ "$(grep -c '^f ' "$OUT")" -eq 0 ] || fail "flows printed without --flows"

expect_run 0 --flows "$DATA/small.min"
expect_line "$OUT" "s 14"
grep '^f ' "$OUT" >"$ERR.f"
printf 'f 1 2 2\nf 1 3 2\nf 2 3 2\nf 2 4 0\nf 3 4 4\n' | cmp -s - "$ERR.f" \
    || fail "small.min flows differ: $(cat "$ERR.f")"
rm -f "$ERR.f"

"$NB" mcf - <"$DATA/small.min" >"$OUT" 2>"$ERR" || fail "stdin: exit $?"
expect_line "$OUT" "s 14"

expect_run 0 "$DATA/lower.min"
expect_line "$OUT" "s 18"
expect_run 0 "$DATA/bigcost.min"
expect_line "$OUT" "s 295147905179352825856"

expect_run 4 "$DATA/infeasible.min"
expect_line "$OUT" "s INFEASIBLE"
expect_run 4 "$DATA/unbounded.min"
expect_line "$OUT" "s UNBOUNDED"

# Malformed files: exit 3 and 'noaber mcf: FILE:LINE: reason'.
expect_run 3 "$DATA/bad_no_p.min"
grep -q "^noaber mcf: .*bad_no_p.min:2: no 'p min" "$ERR" || fail "bad_no_p line"
expect_run 3 "$DATA/bad_dup_p.min"
grep -q "^noaber mcf: .*bad_dup_p.min:3: second p line" "$ERR" || fail "bad_dup_p line"
expect_run 3 "$DATA/bad_count.min"
grep -q "^noaber mcf: .*bad_count.min:3: p line declares 3 arcs but the file has 2" "$ERR" \
    || fail "bad_count line"
expect_run 3 "$DATA/bad_node.min"
grep -q "^noaber mcf: .*bad_node.min:4: arc 2 -> 4: node id outside 1..3" "$ERR" \
    || fail "bad_node line"
expect_run 3 "$DATA/bad_number.min"
grep -q "^noaber mcf: .*bad_number.min:5: capacity 'x' is not an integer" "$ERR" \
    || fail "bad_number line"
expect_run 3 "$DATA/bad_overflow.min"
grep -q "^noaber mcf: .*bad_overflow.min:2: cost .* does not fit in 64 bits" "$ERR" \
    || fail "bad_overflow line"

# Beyond the solver's limits (issue 7 C.1): ten sources of 2^60 would need
# flows beyond 64 bits. It used to print a wrong 's' line and exit 0; now a
# readable error on stderr, no 's' line, exit 3 (bad input data).
expect_run 3 "$DATA/overflow.min"
grep -q "^noaber mcf: .*overflow.min: flows too large: .* more than 2^62$" "$ERR" \
    || fail "overflow: no limit message"
grep -q '^s ' "$OUT" && fail "overflow: an answer was printed"
# At the limit (4 * 2^60 = 2^62) the answer is exact.
expect_run 0 "$DATA/at_limit.min"
expect_line "$OUT" "s 18446744073709551616"

# Usage.
expect_run 0 --help
grep -q '^usage: noaber mcf' "$OUT" || fail "--help text"
grep -q 'beyond the limits' "$OUT" || fail "--help: exit 3 for limits"
expect_run 2
expect_run 2 --bogus "$DATA/small.min"
expect_run 2 "$DATA/small.min" "$DATA/lower.min"
expect_run 1 "$DATA/does-not-exist.min"

if [ "$fails" -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "all mcf CLI checks passed"
