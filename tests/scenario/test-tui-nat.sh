#!/bin/bash
# `wirelab tui --keys ... --dump-screen` on the NAT lesson
# (scenarios/05-nat.lua): stepping to the point where the home router has
# its MASQUERADE rule and two pings went through it, its iptables tab
# shows the rule with its counters and its conntrack tab the two
# connections and conntrack's summary line, at 80x24 (scrolled) and on a
# larger screen; a NAT rule typed at the prompt is replayed after going
# back and forward.  (That drawing the tabs changes nothing in the run is
# checked by test_tui_view, which draws at every step: the headless mode
# draws once, at the end.)
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
S=scenarios/05-nat.lua
T=$WL_TMP

# screen KEYS OUT [options...]: the final screen into OUT.
screen() {
    local keys=$1 out=$2
    shift 2
    "$WIRELAB" tui "$S" --no-pcap --no-log --keys "$keys" --dump-screen "$out" "$@" \
        || wl_fail "tui --keys '$keys' exited $?"
}

# want FILE TEXT...: each TEXT is on the screen; want_re FILE ERE...: each matches a line.
want() {
    local f=$1
    shift
    for t in "$@"; do
        grep -qF -- "$t" "$f" || { cat "$f" >&2; wl_fail "not on the screen: '$t'"; }
    done
}
want_re() {
    local f=$1
    shift
    for t in "$@"; do
        grep -qE -- "$t" "$f" || { cat "$f" >&2; wl_fail "no line of the screen matches: '$t'"; }
    done
}

# 48 steps, one key each: event 48 at t = 12 s, the router's `conntrack -L`
# of step 2 of the lesson, after the MASQUERADE rule and the two pings.
STEPS=$(printf 's %.0s' $(seq 48))
screen "$STEPS" "$T/s48"
want "$T/s48" "event 48  step 48" "Node home (router)" "addr route neigh fdb sys ipt ct topo"
# ... the same place as going to event 48.
screen 'g "48" enter' "$T/g48"
cmp -s "$T/s48" "$T/g48" || { diff "$T/s48" "$T/g48" >&2; wl_fail "48 steps and 'go to 48' differ"; }

# The conntrack tab (7) at 80x24: the laptop's ping, its line wrapped in the pane.
screen "$STEPS 7" "$T/ct"
want "$T/ct" "│# conntrack -L" "│icmp     1 28 src=192.168.1.10" "│  dst=198.51.100.10 type=8 code=0"
python3 -c 'import sys; sys.exit(any(len(l.rstrip("\n")) > 80 for l in open(sys.argv[1], encoding="utf-8")))' "$T/ct" \
    || wl_fail "a line is wider than 80 columns"
# Scrolled to the end (Tab Tab: the node pane): conntrack's summary, from its stderr.
screen "$STEPS 7 tab tab end" "$T/ct_end"
want "$T/ct_end" "│conntrack v1.4.7 (conntrack-tools): 2 " "│  flow entries have been shown."
# The iptables tab (6), scrolled to the end: only the nat table (the
# filter table was never used), POSTROUTING's MASQUERADE rule counted the
# first packet of each ping: 2 packets, 168 bytes.
screen "$STEPS 6" "$T/ipt"
want "$T/ipt" "│# iptables -t nat -L -n -v" "│Chain PREROUTING (policy ACCEPT 0"
! grep -qF "# iptables -L -n -v" "$T/ipt" || wl_fail "a filter table is listed"
screen "$STEPS 6 tab tab end" "$T/ipt_end"
want_re "$T/ipt_end" "│ +2 +168 MASQUERADE +0 +-- +\* +wan0│"

# On a larger screen, both tabs whole.
screen 'g "48" enter 7' "$T/ct_big" --size 100x50
want_re "$T/ct_big" "│icmp     1 [0-9]+ src=192\.168\.1\.10 dst=198\.51\.100\.10"
want_re "$T/ct_big" "│icmp     1 [0-9]+ src=192\.168\.1\.11 dst=198\.51\.100\.10"
want "$T/ct_big" "│conntrack v1.4.7 (conntrack-tools): 2 flow" "│  dst=203.0.113.2 type=0 code=0"
screen 'g "48" enter 6' "$T/ipt_big" --size 100x50
want "$T/ipt_big" "│Chain POSTROUTING (policy ACCEPT 0 packets, 0" "│pkts bytes target     prot opt in out  source"
want_re "$T/ipt_big" "│   2   168 MASQUERADE 0    --  \*  wan0 0\.0\.0\.0/0"
# Before the MASQUERADE step: no netfilter on the router at all.
screen 'g "5" enter > 6' "$T/ipt_before"
want "$T/ipt_before" "Node home (router)" "│no rules (netfilter not in use)"

# A NAT rule typed at the prompt on the home router at the first step (it
# names eth0, which the router renamed: it never matches), then one step
# back to t = 0 and forward again: the rule is made again where it was
# typed, and at event 48 both rules are listed, the typed one first, with
# the same screen as without going back.
K='s > > > : "iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE" enter'
screen "$K 6" "$T/typed" --size 100x50
want "$T/typed" "log  \$ iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE" \
    "│   0     0 MASQUERADE 0    --  *  eth0 0.0.0.0/0"
screen "$K b" "$T/typed_back" --size 100x50
want "$T/typed_back" "event 0  step 0"
screen "$K b s g \"48\" enter 6" "$T/typed_replay" --size 100x50
screen "$K g \"48\" enter 6" "$T/typed_direct" --size 100x50
want "$T/typed_replay" "│   0     0 MASQUERADE 0    --  *  eth0 0.0.0.0/0" \
    "│   2   168 MASQUERADE 0    --  *  wan0 0.0.0.0/0"
[ "$(grep -n "eth0 0.0.0.0/0" "$T/typed_replay" | cut -d: -f1)" -lt \
  "$(grep -n "wan0 0.0.0.0/0" "$T/typed_replay" | cut -d: -f1)" ] || wl_fail "the typed rule is not first"
cmp -s "$T/typed_replay" "$T/typed_direct" \
    || { diff "$T/typed_replay" "$T/typed_direct" >&2; wl_fail "the replayed run differs"; }

# The whole run: the router's conntrack tab at the end (the laptop's curl
# connection in TIME_WAIT), both tables listed, the firewall's DROP counted.
screen 'c 7' "$T/end" --size 100x50
want "$T/end" "  finished" "│# conntrack -L"
want_re "$T/end" "│tcp      6 [0-9]+ TIME_WAIT src=192\.168\.1\.10"
screen 'c 6' "$T/end_ipt" --size 100x50
want "$T/end_ipt" "│# iptables -L -n -v" "│# iptables -t nat -L -n -v"
want_re "$T/end_ipt" "│ +1 +84 DROP +0 +-- +wan0 +\* +0\.0\.0\.0/0"
wl_pass "tui on the NAT lesson: iptables and conntrack tabs, counters, entries, a typed NAT rule replayed"
