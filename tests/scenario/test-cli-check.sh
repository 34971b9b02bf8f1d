#!/bin/bash
# `wirelab check`: a PASS/FAIL line per expectation, a count per file, exit 1
# when one fails; `wirelab run`: the timeline formats.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

rc=0
"$WIRELAB" check $F/all-pass.lua $F/checks.lua --out "$WL_TMP/o" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "check exited $rc, expected 1"; }
cat >"$WL_TMP/want" <<EOT
PASS  $F/all-pass.lua:3  name
PASS  $F/all-pass.lua:4  role
PASS  $F/all-pass.lua:5  a host does not forward
PASS  $F/all-pass.lua:7  slept one second
$F/all-pass.lua: 4 passed, 0 failed
PASS  $F/checks.lua:8  ping exits 0
PASS  $F/checks.lua:9  two replies
PASS  $F/checks.lua:10  a knows one neighbour
FAIL  $F/checks.lua:11  deliberately wrong state (got "REACHABLE", expected "STALE")
FAIL  $F/checks.lua:12  deliberately failing
$F/checks.lua: 3 passed, 2 failed
EOT
diff -u "$WL_TMP/want" "$WL_TMP/out" || wl_fail "check's output"
[ ! -s "$WL_TMP/err" ] || { cat "$WL_TMP/err" >&2; wl_fail "check wrote on stderr"; }
# check writes traces where run would.
[ -s "$WL_TMP/o/checks/a-eth0.pcap" ] || wl_fail "check wrote no traces"

"$WIRELAB" check $F/all-pass.lua --no-pcap --no-log >/dev/null || wl_fail "all-pass: exit $?"

# run: the timeline on stdout, the summary on stderr.
rc=0
"$WIRELAB" run $F/checks.lua --no-pcap --no-log >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 1 ] || wl_fail "run with a failed check exited $rc"
for line in \
    "[  0.000s] hello from the scenario" \
    "[a] PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data." \
    "[  1.002s] PASS  $F/checks.lua:8  ping exits 0" \
    "[  1.002s] FAIL  $F/checks.lua:12  deliberately failing"; do
    grep -qxF -- "$line" "$WL_TMP/out" || { cat "$WL_TMP/out" >&2; wl_fail "stdout lacks: $line"; }
done
for line in "wirelab: $F/checks.lua: finished" "  checks          3 passed, 2 failed" \
    "  traces          none (--no-pcap --no-log)"; do
    grep -qxF -- "$line" "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "stderr lacks: $line"; }
done
grep -q "^\[a\] 2 packets transmitted, 2 received, 0% packet loss" "$WL_TMP/out" ||
    wl_fail "no ping statistics line"
grep -qE "^  events          [0-9]+$" "$WL_TMP/err" || wl_fail "no event count"
grep -qE "^  wall time       [0-9.]+s$" "$WL_TMP/err" || wl_fail "no wall time"
# --quiet: only the failures, on stderr.
rc=0
"$WIRELAB" run $F/checks.lua --no-pcap --no-log --quiet >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 1 ] || wl_fail "--quiet run exited $rc"
[ ! -s "$WL_TMP/out" ] || wl_fail "--quiet printed on stdout"
[ "$(grep -c '^FAIL' "$WL_TMP/err")" -eq 2 ] || { cat "$WL_TMP/err" >&2; wl_fail "--quiet: failures"; }
wl_pass "check and run output formats"
