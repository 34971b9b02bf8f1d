#!/bin/bash
# node:sh from Lua (docs/lua-api.md "Shell commands"): output returned,
# errors raised with the command's stderr at the caller's line, check =
# false, waiting for ping and sleep, sh_block, handles to deleted nodes;
# `wirelab run` shows the command lines and their output.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

# Every expectation of the fixture holds.
rc=0
"$WIRELAB" check $F/sh-basics.lua --out "$WL_TMP/o" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "sh-basics: check exited $rc"; }
! grep -q '^FAIL' "$WL_TMP/out" || { cat "$WL_TMP/out" >&2; wl_fail "sh-basics: a check failed"; }
[ "$(grep -c '^PASS' "$WL_TMP/out")" -ge 28 ] || { cat "$WL_TMP/out" >&2; wl_fail "sh-basics: too few checks ran"; }
# Namespaces made by commands have their traces: <namespace>-<dev>.pcap.
[ -f "$WL_TMP/o/sh-basics/ns1-veth1.pcap" ] || { ls "$WL_TMP/o/sh-basics" >&2; wl_fail "no ns1-veth1.pcap"; }
check_pcaps --allow-empty "$WL_TMP/o/sh-basics" >/dev/null || wl_fail "sh-basics: bad traces"
grep -q '"node":"host","what":"cmd","text":"ip netns add ns1"' "$WL_TMP/o/sh-basics/events.jsonl" ||
    wl_fail "sh-basics: no cmd record in events.jsonl"
grep -q '"node":"ns1","what":"stdout","text":"lo ' "$WL_TMP/o/sh-basics/events.jsonl" ||
    wl_fail "sh-basics: a command's output is not in events.jsonl"

# run shows "[node] $ line" and the output, ping's lines once each.
"$WIRELAB" run $F/sh-basics.lua --no-pcap --no-log >"$WL_TMP/out" 2>"$WL_TMP/err" ||
    wl_fail "sh-basics: run failed"
for line in "[host] \$ ip netns add ns1" "[ns1] \$ ip -br link" "[host] \$ ping -c 2 10.0.0.2"; do
    grep -qxF -- "$line" "$WL_TMP/out" || { cat "$WL_TMP/out" >&2; wl_fail "run lacks: $line"; }
done
[ "$(grep -c '^\[host\] 2 packets transmitted, 2 received' "$WL_TMP/out")" -eq 1 ] ||
    wl_fail "ping's statistics not shown exactly once"

# A failing command: exit 2, the caller's line and the command's message.
rc=0
"$WIRELAB" run $F/sh-error.lua --no-pcap --no-log >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 2 ] || wl_fail "sh-error exited $rc, expected 2"
grep -qxF "$F/sh-error.lua:6: ip route add default via 10.9.9.9: Error: Nexthop has invalid gateway." \
    "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "sh-error: the message"; }
! grep -q "not reached" "$WL_TMP/out" || wl_fail "sh-error: went on after the error"
grep -qxF "[host] Error: Nexthop has invalid gateway." "$WL_TMP/out" || wl_fail "sh-error: stderr not shown"

# Waiting where no task can pause is an error, not a hang.
rc=0
"$WIRELAB" run $F/sh-wait-coroutine.lua --no-pcap --no-log >/dev/null 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 2 ] || wl_fail "sh-wait-coroutine exited $rc, expected 2"
grep -q "sh-wait-coroutine.lua:4: sh() can only wait in the scenario's main chunk" "$WL_TMP/err" ||
    { cat "$WL_TMP/err" >&2; wl_fail "sh-wait-coroutine: the message"; }

wl_pass "node:sh from Lua"
