#!/bin/bash
# A run that would never end (a switching loop) stops at --max-events with
# exit 3, names what was happening most, and keeps valid traces.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

rc=0
"$WIRELAB" run $F/switch-loop.lua --max-events 20000 --out "$WL_TMP/o" \
    >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 3 ] || { cat "$WL_TMP/err" >&2; wl_fail "exit $rc, expected 3"; }
grep -qE "^wirelab: stopped after 20000 events \(--max-events\): most frames were sent by sw1 \([0-9]+%\): broadcast flooding \(ARP request\) — a switching loop\?$" \
    "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "no message naming the flooding"; }
grep -q "^\[a\] PING 10.0.0.99" "$WL_TMP/out" || wl_fail "ping's output missing"

dir=$WL_TMP/o/switch-loop
for f in a-eth0 sw1-eth0 sw1-eth1 sw1-eth2 sw2-eth0 sw2-eth1; do
    [ -s "$dir/$f.pcap" ] || wl_fail "$f.pcap missing or empty"
done
[ -s "$dir/events.jsonl" ] || wl_fail "events.jsonl missing"
# The log ends with a complete line (closed properly).
[ "$(tail -c 1 "$dir/events.jsonl" | od -An -c | tr -d ' ')" = '\n' ] ||
    wl_fail "events.jsonl does not end with a newline"
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys
for n, line in enumerate(open(sys.argv[1]), 1):
    json.loads(line)' "$dir/events.jsonl" || wl_fail "events.jsonl has a line that is not JSON"
fi
check_pcaps --allow-empty "$dir" || wl_fail "traces of the stopped run do not decode"

# --until stops the same loop as a normal end: exit 0, with a note.
rc=0
"$WIRELAB" run $F/switch-loop.lua --until 1ms --no-pcap --no-log \
    >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$WL_TMP/err" >&2; wl_fail "--until: exit $rc, expected 0"; }
grep -q "^wirelab: stopped at --until 0.001s with work left (1 task waiting): most frames were sent by sw1" \
    "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "--until: no note"; }
grep -q "simulated time  0.001s" "$WL_TMP/err" || wl_fail "--until: time in the summary"
wl_pass "--max-events stops a switching loop with exit 3; traces decode"
