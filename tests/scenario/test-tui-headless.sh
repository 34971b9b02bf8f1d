#!/bin/bash
# `wirelab tui --keys ... --dump-screen`: the real TUI driven by a key
# script on the routing lesson (scenarios/02-routing.lua), checking what a
# learner sees after given steps: the screen at 80x24, the drop at r1 and
# its reason, r1's sysctl tab, going back, a command typed at the prompt
# (replayed when going back), saving the session as a scenario, the ASCII
# fallback, and the traces left after q.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
S=scenarios/02-routing.lua
T=$WL_TMP

# screen KEYS [options...]: the final screen on stdout.
screen() {
    local keys=$1
    shift
    "$WIRELAB" tui "$S" --no-pcap --no-log --keys "$keys" --dump-screen "$T/screen" "$@" \
        || wl_fail "tui --keys '$keys' exited $?"
    cat "$T/screen"
}

# want SCREEN-FILE TEXT...: each TEXT is on the screen.
want() {
    local f=$1
    shift
    for t in "$@"; do
        grep -qF -- "$t" "$f" || { cat "$f" >&2; wl_fail "not on the screen: '$t'"; }
    done
}

# 1. At the start: paused at t = 0, nothing fired; 24 lines of at most 80 columns.
screen "" >"$T/s0"
want "$T/s0" " 02-routing.lua  t=0.000000s  event 0  step 0  paused" \
    "(paused at t = 0: press s to take a step, ? for help)" \
    "s step  b back  n next pkt  c run  p pause"
[ "$(wc -l <"$T/s0")" -eq 24 ] || wl_fail "the screen is not 24 lines"
python3 -c 'import sys; sys.exit(any(len(l.rstrip("\n")) > 80 for l in open(sys.argv[1], encoding="utf-8")))' "$T/s0" \
    || wl_fail "a line is wider than 80 columns"

# 2. One step: the main chunk ran at t = 0 (the network is built, the first
#    ping failed at once, a default route was added).
screen "s / \"unreachable\" enter" >"$T/s1"
want "$T/s1" "event 1  step 1" "a         log  ping: connect: Network is unreachable"

# 3. Event 8: r1 drops the ping because ip_forward is 0; the packet pane
#    shows why and the packet; the sysctl tab says ip_forward = 0.
screen "g 8 enter j 5" >"$T/s8"
want "$T/s8" "event 8  step 8" \
    "r1   eth0 DROP dropped (ip_forward_off): 10.0.2.10 is not thi" \
    "dropped (ip_forward_off): 10.0.2.10 is not" \
    "  net.ipv4.ip_forward is 0" \
    "Node r1 (router)" "net.ipv4.ip_forward = 0"
# Tab to the packet pane, a page down: the IP header's fields.
screen "g 8 enter j tab pgdn down" >"$T/s8b"
want "$T/s8b" "  ip.ttl = 64" "  ip.proto = 1 (ICMP)" "  ip.dst = 10.0.2.10"

# 4. One step back: event 7, and step 8 is not in the list any more.
screen "g 8 enter b" >"$T/s7"
want "$T/s7" "event 7  step 7"
! grep -qF "DROP" "$T/s7" || wl_fail "the drop of event 8 is still shown after going back"

# 5. The whole run, drops only: the two ip_forward_off drops, the no-route
#    one and the TTL one, with their reasons.
screen "c / \"drops\" enter" >"$T/sd"
want "$T/sd" "  finished" \
    "      8 0.000603 r1   eth0 DROP dropped (ip_forward_off)" \
    "     11 1.000201 r1   eth0 DROP dropped (ip_forward_off)" \
    "r1   eth0 DROP dropped (no_route): no route to 10.0.9.9: sent" \
    "r1   eth0 DROP dropped (ttl_expired): TTL 1 expired in transi"

# 6. A command typed on r1 at the first step turns forwarding on: no
#    ip_forward_off drop, and the scenario's checks about it fail.
K='s > > > > : "sysctl -w net.ipv4.ip_forward=1" enter'
screen "$K" >"$T/sc"
want "$T/sc" "r1        log  \$ sysctl -w net.ipv4.ip_forward=1" \
    "r1        tbl  sysctl set: net.ipv4.ip_forward = 1 (was 0)" \
    "r1        log  net.ipv4.ip_forward = 1"
screen "$K c / \"chk\" enter" >"$T/scc"
want "$T/scc" "chk  FAIL with ip_forward = 0 nothing comes back"
screen "$K c / \"ip_forward_off\" enter" >"$T/scd"
want "$T/scd" "(no event matches the filter)"
# ... and going back to the start and forward again replays it where it was typed.
screen "$K c g 0 enter c / \"ip_forward_off\" enter" >"$T/scr"
want "$T/scr" "(no event matches the filter)"
screen "$K c g 0 enter c / \"chk\" enter" >"$T/scr2"
cmp -s "$T/scc" "$T/scr2" || { diff "$T/scc" "$T/scr2" >&2; wl_fail "the replayed run differs"; }

# 7. Saved as a scenario, the session replays with `wirelab run`: the typed
#    line runs at t = 0 and the same checks fail.
screen "$K w \"$T/saved.lua\" enter" >"$T/sw"
want "$T/sw" "saved as $T/saved.lua"
rc=0
"$WIRELAB" check "$T/saved.lua" --no-pcap --no-log >"$T/check" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || { cat "$T/check" >&2; wl_fail "the saved session's check exited $rc, not 1"; }
grep -qF "FAIL  $T/saved.lua:" "$T/check" && grep -qF "with ip_forward = 0 nothing comes back" "$T/check" \
    || { cat "$T/check" >&2; wl_fail "the saved session does not reproduce the run"; }

# 8. ASCII lines on request; Unicode otherwise.
screen "s" --ascii >"$T/sa"
want "$T/sa" "+ Events (" "+ Packet ---"
! grep -q "[┌─│]" "$T/sa" || wl_fail "--ascii drew Unicode lines"
want "$T/s1" "┌ Events ("

# 9. Larger screens: the topology pane, with the link carrying the frame.
screen "g 8 enter" --size 132x40 >"$T/big"
want "$T/big" "┌ Topology " "▶ r1:eth0 ──── sw1:eth1"

# 10. The help screen.
screen "?" >"$T/help"
want "$T/help" "wirelab tui - keys" "one step back (the run is re-executed from t = 0)"

# 11. q leaves the traces of the run as it stands.
"$WIRELAB" tui "$S" --out "$T/o" --keys "c q" --dump-screen "$T/sq" || wl_fail "tui with traces exited $?"
[ -s "$T/o/02-routing/a-eth0.pcap" ] && [ -s "$T/o/02-routing/events.jsonl" ] \
    || wl_fail "no traces after q"
"$WIRELAB" run "$S" --out "$T/r" >/dev/null 2>&1
cmp -s "$T/o/02-routing/a-eth0.pcap" "$T/r/02-routing/a-eth0.pcap" \
    || wl_fail "the TUI's pcap differs from wirelab run's"

# ... and after going back, the traces hold the run up to the step shown:
# the same files as `wirelab run --max-events` stopping at that event.
"$WIRELAB" tui "$S" --out "$T/ob" --keys 'g "12" enter b b q' --dump-screen "$T/sb" \
    || wl_fail "tui going back with traces exited $?"
want "$T/sb" "event 10  step 10"
"$WIRELAB" run "$S" --out "$T/rb" --max-events 10 >/dev/null 2>&1
for f in "$T"/rb/02-routing/*.pcap "$T/rb/02-routing/events.jsonl"; do
    cmp -s "$f" "$T/ob/02-routing/${f##*/}" || wl_fail "after going back, ${f##*/} differs from run --max-events 10"
done

# 12. Errors: a key script that does not parse, a missing file.
rc=0
"$WIRELAB" tui "$S" --keys "nosuchkey" --dump-screen "$T/x" 2>"$T/err" || rc=$?
[ "$rc" -eq 2 ] && grep -qF 'unknown key "nosuchkey"' "$T/err" || wl_fail "bad key script: exit $rc"
rc=0
"$WIRELAB" tui /nonexistent.lua --keys q 2>"$T/err" || rc=$?
[ "$rc" -eq 2 ] && grep -qF "cannot open /nonexistent.lua: No such file or directory" "$T/err" \
    || wl_fail "missing file: exit $rc"
wl_pass "tui headless: steps, drops, back, typed commands, save, ASCII, topology, traces"
