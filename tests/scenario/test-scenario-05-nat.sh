#!/bin/bash
# scenarios/05-nat.lua: every check passes, every trace decodes in tshark
# with good IP, ICMP, UDP and TCP checksums after the router rewrote the
# packets, and the two sides of the home router show the translations the
# lesson describes:
#   t=0   the request leaves untranslated (192.168.1.10 on the internet);
#         the server receives it and sends no reply
#   t=10  ping: 192.168.1.10 inside, 203.0.113.2 outside, the same echo id,
#         the reply translated back
#   t=14  dig: UDP, the same source port on both sides
#   t=16  laptop and phone both from UDP port 5000 to the echo port: the
#         laptop keeps 5000 outside, the phone gets another port, and its
#         echo is translated back to 5000
#   t=21  the port forward: 203.0.113.2:8080 outside, 192.168.1.10:80
#         inside, the client's address 198.51.100.10 unchanged
#   t=31  the firewall: the ISP's echo request arrives on wan0 and never
#         leaves by lan0
# Each command of the scenario starts on a whole second of simulated time,
# so `frame.time_epoch >= 10 && frame.time_epoch < 11` is one command's.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
wl_need_cmd tshark
cd "$WL_ROOT" || exit 1
S=scenarios/05-nat.lua
O=$WL_TMP/o/05-nat

wl_check_scenario "$S" "$WL_TMP/o"

check_pcaps --allow-empty "$O" >"$WL_TMP/pcaps" || wl_fail "$S: bad traces (checksums after NAT?)"

LAN=$O/home-lan0.pcap
WAN=$O/home-wan0.pcap
SRV=$O/server-eth0.pcap
for f in "$LAN" "$WAN" "$SRV"; do [ -s "$f" ] || wl_fail "no $f"; done

# pkts FILE FROM TO FILTER: one line per IP packet in [FROM, TO):
# "src > dst proto sport dport id" (ports for UDP/TCP, the echo id for
# ICMP echo), with the checksum statuses tshark found (2 = good).
pkts() {
    _wl_tshark -r "$1" -n -o tcp.check_checksum:TRUE -o udp.check_checksum:TRUE \
        -o ip.check_checksum:TRUE \
        -Y "ip && frame.time_epoch >= $2 && frame.time_epoch < $3${4:+ && ($4)}" \
        -T fields -e ip.src -e ip.dst -e ip.proto -e udp.srcport -e udp.dstport \
        -e tcp.srcport -e tcp.dstport -e icmp.ident -e tcp.flags.str |
    awk -F'\t' '{
        p = $3 == 1 ? "icmp" : $3 == 17 ? "udp" : $3 == 6 ? "tcp" : "proto" $3
        ports = $3 == 17 ? $4 " " $5 : $3 == 6 ? $6 " " $7 : "id=" $8
        fl = $9; gsub(/·/, "", fl)
        print $1 " > " $2 " " p " " ports ($3 == 6 ? " " fl : "")
    }'
}
fail=0
expect_lines() {   # expect_lines WHAT EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        printf '%s:\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$3" >&2
        fail=1
    fi
}

# Step 1: no NAT.  Outside, the private address; the server receives the
# request and sends no echo reply.
expect_lines "t=0: the request leaves wan0 untranslated" \
    "192.168.1.10 > 198.51.100.10 icmp id=$(pkts "$LAN" 0 1 icmp | awk '{print substr($5, 4)}')" \
    "$(pkts "$WAN" 0 1 icmp)"
expect_lines "t=0: the server sees the request and answers nothing" \
    "192.168.1.10 > 198.51.100.10 icmp id=$(pkts "$LAN" 0 1 icmp | awk '{print substr($5, 4)}')" \
    "$(pkts "$SRV" 0 1 icmp)"

# Step 2: the laptop's ping, both ways, both sides.
id=$(pkts "$LAN" 10 11 'icmp.type == 8' | awk '{print $5}')
[ -n "$id" ] || { echo "t=10: no echo request on lan0" >&2; fail=1; }
expect_lines "t=10: ping inside (lan0)" \
    "192.168.1.10 > 198.51.100.10 icmp $id
198.51.100.10 > 192.168.1.10 icmp $id" "$(pkts "$LAN" 10 11 icmp)"
expect_lines "t=10: ping outside (wan0): the router's address, the same echo id" \
    "203.0.113.2 > 198.51.100.10 icmp $id
198.51.100.10 > 203.0.113.2 icmp $id" "$(pkts "$WAN" 10 11 icmp)"

expect_lines "t=10: the server's capture shows the router's public address" \
    "203.0.113.2 > 198.51.100.10 icmp $id
198.51.100.10 > 203.0.113.2 icmp $id" "$(pkts "$SRV" 10 11 icmp)"

# The phone's DNS question: the UDP source port is kept.
sp=$(pkts "$LAN" 14 15 'udp.dstport == 53' | awk '{print $5}')
[ -n "$sp" ] || { echo "t=14: no DNS query on lan0" >&2; fail=1; }
expect_lines "t=14: dig inside" \
    "192.168.1.11 > 198.51.100.10 udp $sp 53
198.51.100.10 > 192.168.1.11 udp 53 $sp" "$(pkts "$LAN" 14 15 udp)"
expect_lines "t=14: dig outside: the same source port" \
    "203.0.113.2 > 198.51.100.10 udp $sp 53
198.51.100.10 > 203.0.113.2 udp 53 $sp" "$(pkts "$WAN" 14 15 udp)"

# Two hosts, one source port.
pp=$(pkts "$WAN" 16.4 17 'udp.dstport == 7' | awk '{print $5}')
expect_lines "t=16: the laptop's datagram and echo outside: port 5000 kept" \
    "203.0.113.2 > 198.51.100.10 udp 5000 7
198.51.100.10 > 203.0.113.2 udp 7 5000" "$(pkts "$WAN" 16 16.4 udp)"
if [ -z "$pp" ] || [ "$pp" = 5000 ]; then
    echo "t=16.5: the phone's datagram left wan0 from port '$pp', not another port than 5000" >&2; fail=1
fi
expect_lines "t=16.5: the phone's datagram and echo outside: another port" \
    "203.0.113.2 > 198.51.100.10 udp $pp 7
198.51.100.10 > 203.0.113.2 udp 7 $pp" "$(pkts "$WAN" 16.4 17 udp)"
expect_lines "t=16.5: inside, the phone sends from 5000 and gets its echo on 5000" \
    "192.168.1.11 > 198.51.100.10 udp 5000 7
198.51.100.10 > 192.168.1.11 udp 7 5000" "$(pkts "$LAN" 16.4 17 udp)"

# Step 3: the port forward.  Every segment of the connection, on both
# sides: only the router's side of the address and port changes.
cp=$(pkts "$WAN" 21 22 'tcp.flags.syn == 1 && tcp.flags.ack == 0' | awk '{print $5}')
[ -n "$cp" ] || { echo "t=21: no SYN on wan0" >&2; fail=1; }
pkts "$WAN" 21 22 tcp >"$WL_TMP/wan.tcp"
pkts "$LAN" 21 22 tcp >"$WL_TMP/lan.tcp"
[ "$(wc -l <"$WL_TMP/wan.tcp")" -ge 9 ] || { echo "t=21: fewer than 9 segments on wan0" >&2; fail=1; }
expect_lines "t=21: outside, every segment is between 198.51.100.10:$cp and 203.0.113.2:8080" "" \
    "$(grep -v -e "^198.51.100.10 > 203.0.113.2 tcp $cp 8080 " -e "^203.0.113.2 > 198.51.100.10 tcp 8080 $cp " "$WL_TMP/wan.tcp")"
expect_lines "t=21: inside, the same segments, to and from 192.168.1.10:80" \
    "$(sed -e "s/^198.51.100.10 > 203.0.113.2 tcp $cp 8080 /198.51.100.10 > 192.168.1.10 tcp $cp 80 /" \
           -e "s/^203.0.113.2 > 198.51.100.10 tcp 8080 $cp /192.168.1.10 > 198.51.100.10 tcp 80 $cp /" "$WL_TMP/wan.tcp")" \
    "$(cat "$WL_TMP/lan.tcp")"

# Step 4: the dropped echo request is on wan0 and not on lan0.
expect_lines "t=31: the ISP's ping arrives on wan0" \
    "203.0.113.1 > 192.168.1.10 icmp" "$(pkts "$WAN" 31 32 icmp | awk '{print $1, $2, $3, $4}')"
expect_lines "t=31: and is not forwarded to lan0" "" "$(pkts "$LAN" 31 32 icmp)"

[ "$fail" -eq 0 ] || wl_fail "$S: the traces differ from the lesson (above)"
wl_pass "$S: checks pass, traces decode with good checksums, translations as the lesson shows"
