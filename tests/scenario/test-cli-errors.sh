#!/bin/bash
# Scenario errors: each exits 2 and prints file:line: and a message that
# names the bad value (ISSUE 2, part 14).
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

# expect_error FIXTURE TEXT: exit 2, and stderr has "FIXTURE:LINE: ...TEXT"
expect_error() {
    local fx=$F/$1 rc=0
    "$WIRELAB" run "$fx" --out "$WL_TMP/out-dir" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
    [ "$rc" -eq 2 ] || { cat "$WL_TMP/err" >&2; wl_fail "$1: exit $rc, expected 2"; }
    grep -qE "^$fx:[0-9]+: " "$WL_TMP/err" ||
        { cat "$WL_TMP/err" >&2; wl_fail "$1: no '$fx:LINE: ' message"; }
    grep -qF -- "$2" "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "$1: message lacks: $2"; }
    echo "ok: $1: $(head -n 1 "$WL_TMP/err")"
}

expect_error syntax-error.lua      "syntax-error.lua:3: unexpected symbol near '='"
expect_error runtime-error-at.lua  "runtime-error-at.lua:5: attempt to index a nil value (local 'cfg')"
expect_error sandbox-escape.lua    "sandbox-escape.lua:7: attempt to index a nil value (global 'os')"
expect_error bad-duration.lua      'bad duration "5 ms"'
expect_error bad-rate.lua          'bad rate "100Mbps/s"'
expect_error bad-prefix.lua        'Error: inet prefix is expected rather than "10.0.0.300/24".'
expect_error duplicate-node.lua    'a node named "web" already exists'
expect_error bad-gateway.lua       'Error: Nexthop has invalid gateway.'
expect_error bare-yield.lua        'bare-yield.lua:3: coroutine.yield() in the main chunk'

# A syntax error stops before anything runs: no trace folder.
[ ! -e "$WL_TMP/out-dir/syntax-error" ] || wl_fail "a trace folder was made for a syntax error"
# The runtime error happened at t=1s: the run stopped there, traces closed.
"$WIRELAB" run $F/runtime-error-at.lua --out "$WL_TMP/o2" >/dev/null 2>"$WL_TMP/err" || true
grep -q "stopped by a scenario error" "$WL_TMP/err" || wl_fail "no summary after the error"
grep -q "simulated time  1.000s" "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "not stopped at 1s"; }
[ -s "$WL_TMP/o2/runtime-error-at/events.jsonl" ] || wl_fail "events.jsonl not written"
# The escape attempt did nothing.
[ ! -e /tmp/wirelab-sandbox-escaped ] || wl_fail "os.execute ran"

# check reports the error too, and still counts the checks made before it.
rc=0
"$WIRELAB" check $F/sandbox-escape.lua --no-pcap --no-log >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 2 ] || wl_fail "check of a failing scenario exited $rc"
grep -qF "$F/sandbox-escape.lua: 5 passed, 0 failed (scenario error)" "$WL_TMP/out" ||
    { cat "$WL_TMP/out" >&2; wl_fail "check's count line"; }
wl_pass "scenario errors print file:line: and exit 2"
