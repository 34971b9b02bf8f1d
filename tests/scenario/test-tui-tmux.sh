#!/bin/bash
# `wirelab tui` in a real terminal (tmux): it draws at 80x24, steps, goes
# back, shows help, follows a resize (the topology pane appears at 132
# columns), uses colour unless NO_COLOR is set, and q quits leaving the
# traces.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
wl_need_cmd tmux python3
cd "$WL_ROOT" || exit 1
S=scenarios/02-routing.lua
N=0
T="tmux -S $WL_TMP/tmux0.sock"
# Each start gets a server of its own (a killed server's socket lingers).
trap 'for s in "$WL_TMP"/tmux*.sock; do tmux -S "$s" kill-server 2>/dev/null; done; rm -rf "$WL_TMP"' EXIT

# wait_for TEXT: poll the pane until TEXT shows (5 s at most).
wait_for() {
    for _ in $(seq 50); do
        $T capture-pane -p -t tui >"$WL_TMP/pane" 2>/dev/null
        grep -qF -- "$1" "$WL_TMP/pane" && return 0
        sleep 0.1
    done
    cat "$WL_TMP/pane" >&2
    wl_fail "not in the terminal after 5 s: '$1'"
}

start() {   # start ENV...: the TUI in a new 80x24 tmux session
    $T kill-server 2>/dev/null
    N=$((N + 1))
    T="tmux -S $WL_TMP/tmux$N.sock"
    $T -f /dev/null new-session -d -s tui -x 80 -y 24 \
        "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $* $WIRELAB tui $S --out $WL_TMP/o; sleep 30" \
        || wl_fail "tmux did not start"
    wait_for "(paused at t = 0: press s to take a step, ? for help)"
}

start
wait_for "┌ Events (0) "
$T send-keys -t tui s s
wait_for "event 2  step 2"
wait_for "a    eth0 Tx   ARP, Request who-has 10.0.1.1 tell 10.0.1.10"
wait_for "│Address Resolution Protocol (request)"
$T send-keys -t tui b
wait_for "event 1  step 1"
$T send-keys -t tui '?'
wait_for "wirelab tui - keys"
$T send-keys -t tui x
$T send-keys -t tui g 8 Enter
wait_for "event 8  step 8"
# Colour: the escape sequences of the drawn pane carry colours.
$T capture-pane -e -p -t tui >"$WL_TMP/esc"
grep -q '\[3[0-7]m\|;3[0-7]m\|38;5;' "$WL_TMP/esc" || wl_fail "no colour drawn"
# A resize: the topology pane appears.
$T resize-window -t tui -x 132 -y 40
wait_for "┌ Topology "
wait_for "r1:eth0 ──── sw1:eth1"
# A command at the prompt.
$T send-keys -t tui : 'ip route' Enter
wait_for "r1        log  \$ ip route"
$T send-keys -t tui q
wait_for "wirelab: traces in"
[ -s "$WL_TMP/o/02-routing/events.jsonl" ] || wl_fail "no traces after q"

# NO_COLOR: attributes only (reverse, bold), no colour.
start NO_COLOR=1
$T send-keys -t tui s
wait_for "event 1  step 1"
$T capture-pane -e -p -t tui >"$WL_TMP/esc"
! grep -q '\[3[0-7]m\|;3[0-7]m\|38;5;' "$WL_TMP/esc" || wl_fail "NO_COLOR drew colours"
grep -q '\[7m\|;7m' "$WL_TMP/esc" || wl_fail "no reverse video under NO_COLOR"
$T send-keys -t tui q
wait_for "wirelab: traces in"
# An ASCII terminal (no UTF-8 locale): ASCII lines.
$T kill-server 2>/dev/null
T="tmux -S $WL_TMP/tmux-ascii.sock"
$T -f /dev/null new-session -d -s tui -x 80 -y 24 \
    "env TERM=xterm LANG=C LC_ALL=C $WIRELAB tui $S --no-pcap --no-log; sleep 30"
wait_for "+ Events (0) ---"
$T send-keys -t tui q
wl_pass "tui in tmux: draws, steps, back, help, colour, NO_COLOR, resize, prompt, ASCII, q"
