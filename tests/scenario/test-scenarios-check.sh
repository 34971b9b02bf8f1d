#!/usr/bin/env bash
# Every shipped scenario is an exercise whose checks all pass: `wirelab
# check` exits 0 and prints a PASS line for each expectation, no FAIL.
source "$(dirname "$0")/../lib.sh"

out="$WL_TMP/check.txt"
if ! "$WIRELAB" check --out "$WL_TMP/traces" "$WL_ROOT"/scenarios/*.lua >"$out" 2>&1; then
    cat "$out"
    wl_fail "wirelab check scenarios/*.lua exited non-zero"
fi
grep -q '^FAIL' "$out" && { cat "$out"; wl_fail "a FAIL line in the output"; }
for s in "$WL_ROOT"/scenarios/*.lua; do
    name=$(basename "$s")
    # Each scenario states expectations, and each was checked.
    n=$(grep -cE '^\s*(expect|expect_eq)\(' "$s")
    got=$(grep -cE "^PASS +scenarios/$name:|^PASS +.*/$name:" "$out")
    [ "$n" -gt 0 ] || wl_fail "$name states no expectation"
    [ "$got" -ge "$n" ] || { cat "$out"; wl_fail "$name: $got PASS lines for $n expectations"; }
done
wl_pass "every scenario passes its checks"
