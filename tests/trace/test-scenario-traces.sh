#!/usr/bin/env bash
# Every pcap the scenarios write decodes in tshark with checksums checked
# and nothing malformed, and the captures show the expected protocol
# sequence on the devices that tell the lesson.
source "$(dirname "$0")/../lib.sh"
wl_need_cmd tshark

for s in "$WL_ROOT"/scenarios/*.lua; do
    "$WIRELAB" run --quiet --out "$WL_TMP" "$s" >/dev/null 2>&1 || wl_fail "$(basename "$s") failed"
done
# Loopback devices that carried nothing are empty captures, as on Linux.
check_pcaps --allow-empty "$WL_TMP" || wl_fail "a trace does not decode cleanly"

seq_of() { pcap_proto_sequence "$1" | tr '\n' ' ' | sed 's/ $//'; }
expect_seq() {
    local file=$1 want=$2 got
    got=$(seq_of "$WL_TMP/$file")
    [ "$got" = "$want" ] || wl_fail "$file: protocol sequence
  got:  $got
  want: $want"
}

# 01: c hears the broadcast ARP; later the flooded unicast ping (step 4);
# then its own ARP exchange and ping with d (step 5).
expect_seq 01-switching/c-eth0.pcap "arp icmp arp arp icmp icmp"
# a: ARP for b, two pings and replies, then b's unicast probe and a's answer.
got=$(seq_of "$WL_TMP/01-switching/a-eth0.pcap")
case "$got" in
    "arp arp icmp icmp icmp icmp"*) ;;
    *) wl_fail "01-switching/a-eth0.pcap starts with: $got" ;;
esac
# 02: r1 sees the silent drops, the forwarded pings, and sends the errors.
info=$(pcap_proto_sequence --info "$WL_TMP/02-routing/a-eth0.pcap")
grep -q $'icmp\tDestination unreachable (Network unreachable)' <<<"$info" \
    || wl_fail "02-routing: no net unreachable reached a"
grep -q $'icmp\tTime-to-live exceeded' <<<"$info" \
    || wl_fail "02-routing: no time exceeded reached a"
# With ip_forward = 0 nothing left r1 on eth1 for those pings: b saw only
# the three forwarded requests (and the one with TTL 1 never got there).
n=$(tshark -r "$WL_TMP/02-routing/b-eth0.pcap" -Y 'icmp.type == 8' 2>/dev/null | wc -l)
[ "$n" -eq 3 ] || wl_fail "02-routing: b received $n echo requests, expected 3"
wl_pass "traces decode and tell the lessons"
