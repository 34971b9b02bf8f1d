#!/bin/bash
# The sandbox's limits end a run with exit 3 and say which limit.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

rc=0
"$WIRELAB" run $F/endless-loop.lua --max-instructions 2000000 --out "$WL_TMP/o" \
    >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 3 ] || { cat "$WL_TMP/err" >&2; wl_fail "endless loop: exit $rc, expected 3"; }
grep -qE "^$F/endless-loop.lua:[0-9]+: scenario stopped: it ran more than 2000000 Lua instructions" \
    "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "endless loop: message"; }

rc=0
"$WIRELAB" run $F/memory-bomb.lua --max-memory 16 --out "$WL_TMP/o" \
    >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 3 ] || { cat "$WL_TMP/err" >&2; wl_fail "memory bomb: exit $rc, expected 3"; }
grep -qE "^$F/memory-bomb.lua:[0-9]+: scenario stopped: it used more than 16 MiB of memory \(limit --max-memory\)" \
    "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "memory bomb: message"; }

# With the default limits the endless loop stops too (2e9 instructions
# take a few seconds); only run it when asked, it is slow under ASan.
if [ "${WL_SLOW_TESTS:-0}" = 1 ]; then
    rc=0
    "$WIRELAB" run $F/endless-loop.lua --no-pcap --no-log -q 2>"$WL_TMP/err" || rc=$?
    [ "$rc" -eq 3 ] || wl_fail "endless loop with default limits: exit $rc"
fi
wl_pass "instruction and memory limits exit 3 with the sandbox's message"
