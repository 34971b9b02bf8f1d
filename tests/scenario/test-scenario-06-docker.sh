#!/bin/bash
# scenarios/06-docker.lua: every check passes, every trace decodes in
# tshark with good IP, ICMP and TCP checksums after host1 rewrote the
# packets, and the captures show what the lesson describes:
#   t=1   --network none: c1 has no device to send on; nothing anywhere
#   t=11  --network host: the laptop talks to 192.168.1.10:80 itself, and
#         no container device sees it
#   t=21  app pings web over docker0: 172.17.0.3 <-> 172.17.0.2 on web's
#         eth0, on both veths, on docker0; never on host1's eth0
#   t=24  app pings the laptop: 172.17.0.3 inside, 192.168.1.10 on the
#         laptop's side (MASQUERADE), the same echo id
#   t=30  -p 8080:80: the laptop sees 192.168.1.20 <-> 192.168.1.10:8080,
#         web's eth0 and its veth see 192.168.1.20 <-> 172.17.0.2:80, the
#         same segments (DNAT on the way in, undone on the way out)
# Each command of the scenario starts on a whole second of simulated time,
# so `frame.time_epoch >= 30 && frame.time_epoch < 31` is one command's.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
wl_need_cmd tshark
cd "$WL_ROOT" || exit 1
S=scenarios/06-docker.lua
O=$WL_TMP/o/06-docker

wl_check_scenario "$S" "$WL_TMP/o"

check_pcaps --allow-empty "$O" >"$WL_TMP/pcaps" || wl_fail "$S: bad traces (checksums after NAT?)"

LAPTOP=$O/laptop-eth0.pcap
ETH0=$O/host1-eth0.pcap
DOCKER0=$O/host1-docker0.pcap
WEB=$O/web-eth0.pcap
APP=$O/app-eth0.pcap
for f in "$LAPTOP" "$ETH0" "$DOCKER0" "$WEB" "$APP"; do [ -s "$f" ] || wl_fail "no $f"; done
# The host ends of the veth pairs are named by Docker at random
# (veth + 7 hex digits): web's is the one that carried port 80.
VETH_WEB=
for f in "$O"/host1-veth*.pcap; do
    [ -s "$f" ] || continue
    if [ -n "$(_wl_tshark -r "$f" -n -Y 'tcp.port == 80' -T fields -e frame.number)" ]; then
        [ -z "$VETH_WEB" ] || wl_fail "two veths carried port 80: $VETH_WEB and $f"
        VETH_WEB=$f
    fi
done
[ -n "$VETH_WEB" ] || wl_fail "no host1-veth*.pcap with web's traffic"
[ "$(find "$O" -name 'host1-veth*.pcap' | wc -l)" -eq 2 ] || wl_fail "not two veths on host1"

# pkts FILE FROM TO FILTER: one line per IP packet in [FROM, TO):
# "src > dst proto sport dport flags" for TCP, "src > dst icmp id=ID" for
# ICMP echo.
pkts() {
    _wl_tshark -r "$1" -n \
        -Y "ip && frame.time_epoch >= $2 && frame.time_epoch < $3${4:+ && ($4)}" \
        -T fields -e ip.src -e ip.dst -e ip.proto -e tcp.srcport -e tcp.dstport \
        -e icmp.ident -e tcp.flags.str |
    awk -F'\t' '{
        p = $3 == 1 ? "icmp" : $3 == 6 ? "tcp" : "proto" $3
        fl = $7; gsub(/·/, "", fl)
        print $1 " > " $2 " " p " " ($3 == 6 ? $4 " " $5 " " fl : "id=" $6)
    }'
}
fail=0
expect_lines() {   # expect_lines WHAT EXPECTED ACTUAL
    if [ "$2" != "$3" ]; then
        printf '%s:\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$3" >&2
        fail=1
    fi
}

# Step 1: a container with lo only sends nothing anywhere.
for f in "$O"/*.pcap; do
    case $f in */c1-lo.pcap) continue ;; esac
    expect_lines "t=0..10: nothing from --network none on $(basename "$f")" "" "$(pkts "$f" 0 10)"
done

# Step 2: the host network: the laptop and host1's own address, port 80;
# no container device sees it.
expect_lines "t=11: the laptop's curl goes to 192.168.1.10:80 itself" "192.168.1.20 > 192.168.1.10" \
    "$(pkts "$LAPTOP" 11 12 tcp | awk '{print $1, $2, $3}' | sort -u | grep -v '^192.168.1.10 ')"
expect_lines "t=11: docker0 sees none of it" "" "$(pkts "$DOCKER0" 11 12)"

# Step 3: app -> web over docker0.
id=$(pkts "$APP" 21 22 'icmp.type == 8' | awk '{print $5}')
[ -n "$id" ] || { echo "t=21: no echo request on app's eth0" >&2; fail=1; }
for f in "$APP" "$WEB" "$VETH_WEB" "$DOCKER0"; do
    expect_lines "t=21: app's ping to web on $(basename "$f")" \
        "172.17.0.3 > 172.17.0.2 icmp $id
172.17.0.2 > 172.17.0.3 icmp $id" "$(pkts "$f" 21 22 icmp)"
done
expect_lines "t=21: nothing of it on host1's eth0" "" "$(pkts "$ETH0" 21 23)"
# Both MACs were learned by docker0 from these frames: they are on web's eth0.
expect_lines "t=21: the frames carry Docker's MACs (02:42 + the address)" \
    "02:42:ac:11:00:03 02:42:ac:11:00:02
02:42:ac:11:00:02 02:42:ac:11:00:03" \
    "$(_wl_tshark -r "$WEB" -n -Y 'icmp && frame.time_epoch >= 21 && frame.time_epoch < 22' \
        -T fields -e eth.src -e eth.dst | tr '\t' ' ')"

# app -> laptop: MASQUERADE.
id=$(pkts "$APP" 24 25 'icmp.type == 8' | awk '{print $5}')
[ -n "$id" ] || { echo "t=24: no echo request on app's eth0" >&2; fail=1; }
expect_lines "t=24: inside, app's own address" \
    "172.17.0.3 > 192.168.1.20 icmp $id
192.168.1.20 > 172.17.0.3 icmp $id" "$(pkts "$APP" 24 25 icmp)"
expect_lines "t=24: the laptop sees host1's address, the same echo id" \
    "192.168.1.10 > 192.168.1.20 icmp $id
192.168.1.20 > 192.168.1.10 icmp $id" "$(pkts "$LAPTOP" 24 25 icmp)"
expect_lines "t=26: the laptop's curl to 172.17.0.2 never leaves it" "" "$(pkts "$LAPTOP" 26 27)"

# Step 4: the published port, every segment on both sides.
cp=$(pkts "$LAPTOP" 30 31 'tcp.flags.syn == 1 && tcp.flags.ack == 0' | awk '{print $5}')
[ -n "$cp" ] || { echo "t=30: no SYN from the laptop" >&2; fail=1; }
pkts "$LAPTOP" 30 31 tcp >"$WL_TMP/laptop.tcp"
[ "$(wc -l <"$WL_TMP/laptop.tcp")" -ge 9 ] || { echo "t=30: fewer than 9 segments at the laptop" >&2; fail=1; }
expect_lines "t=30: at the laptop, every segment is between 192.168.1.20:$cp and 192.168.1.10:8080" "" \
    "$(grep -v -e "^192.168.1.20 > 192.168.1.10 tcp $cp 8080 " -e "^192.168.1.10 > 192.168.1.20 tcp 8080 $cp " \
        "$WL_TMP/laptop.tcp")"
want=$(sed -e "s/^192.168.1.20 > 192.168.1.10 tcp $cp 8080 /192.168.1.20 > 172.17.0.2 tcp $cp 80 /" \
           -e "s/^192.168.1.10 > 192.168.1.20 tcp 8080 $cp /172.17.0.2 > 192.168.1.20 tcp 80 $cp /" \
           "$WL_TMP/laptop.tcp")
expect_lines "t=30: on web's eth0, the same segments, 192.168.1.20 to 172.17.0.2:80" "$want" \
    "$(pkts "$WEB" 30 31 tcp)"
expect_lines "t=30: on web's veth in docker0, the same" "$want" "$(pkts "$VETH_WEB" 30 31 tcp)"
# The HTTP exchange itself, decoded: the request for / and nginx's 200.
expect_lines "t=30: the laptop's HTTP exchange" \
    "192.168.1.20 192.168.1.10 GET /
192.168.1.10 192.168.1.20 200" \
    "$(_wl_tshark -r "$LAPTOP" -n -Y 'http && frame.time_epoch >= 30' -T fields -e ip.src -e ip.dst \
        -e http.request.method -e http.request.uri -e http.response.code | tr -s '\t' ' ' | sed 's/ $//')"
expect_lines "t=30: the container's HTTP exchange" \
    "192.168.1.20 172.17.0.2 GET /
172.17.0.2 192.168.1.20 200" \
    "$(_wl_tshark -r "$WEB" -n -Y 'http && frame.time_epoch >= 30' -T fields -e ip.src -e ip.dst \
        -e http.request.method -e http.request.uri -e http.response.code | tr -s '\t' ' ' | sed 's/ $//')"

[ "$fail" -eq 0 ] || wl_fail "$S: the traces differ from the lesson (above)"
wl_pass "$S: checks pass, traces decode with good checksums, DNAT and MASQUERADE as the lesson shows"
