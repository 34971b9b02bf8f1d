#!/bin/bash
# Differential test: UDP datagrams and their replies through MASQUERADE,
# and two LAN hosts using the same source port — real kernel against
# wirelab.
#
#   laptop 192.168.1.10 ── lan0 ┐
#                               home wan0 203.0.113.2 ── server 203.0.113.1
#   phone  192.168.2.11 ── lan1 ┘  (iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE)
#
# The server echoes every datagram on UDP port 7 (RFC 862) and has no route
# to the private networks.  The laptop sends two 64-byte datagrams from port
# 5000, 0.2 s apart; then the phone does the same, from port 5000 too.
# Outside, the laptop's flow keeps port 5000; the phone's would make the same
# tuple (203.0.113.2:5000 -> 203.0.113.1:7), so the router gives it another
# port (nf_nat_l4proto_unique_tuple: a random one from 1024-65535), and
# translates the echoes back to port 5000 on each side.
#
# Real side: python3 sockets (bind to port 5000, sendto, recvfrom) in
# network namespaces inside a private `unshare`, tcpdump on home's three
# interfaces.  wirelab side: n:udp_echo_server(7) and
# n:udp_echo_client(..., { sport = 5000, count = 2, interval = "200ms" }).
# Compared: every IP packet on each of home's interfaces (addresses, ports
# — 5000 and 7 as they are, any other port renamed PORT1, PORT2 in order of
# appearance —, lengths); that the phone's outside port is not 5000 and is
# the same for both of its datagrams and their echoes; `conntrack -L` on home
# (timeouts masked, ports >= 1024 renamed per line: "sport=P1 ... dport=P1"
# is a kept port, "sport=P1 ... dport=P2" a reallocated one); every frame of
# wirelab's traces decodes with good checksums.
#
# Then an SNAT rule with a port range is put first for the phone's network
# (-j SNAT --to-source 203.0.113.2:40000-40009) and the phone sends from port
# 6000: outside, one port of the range (6000 is not in it), the same for
# both datagrams.
#
# Skips (77) without root, namespaces, python3, iptables or conntrack.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
# shellcheck source=tests/kernel/lib-nat.sh
. "$(dirname "$0")/lib-nat.sh"
wlk_need_env
wlnat_need_tools
PY=$(command -v python3) || wl_skip "python3 is not installed"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"

R=$WL_TMP/real
W=$WL_TMP/wl
mkdir -p "$R" "$W"

# ---- the real run, in its own namespaces -------------------------------------
cat >"$R/echo.py" <<'EOF'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 7))
while True:
    d, a = s.recvfrom(65535)
    s.sendto(d, a)
EOF
cat >"$R/client.py" <<'EOF'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", int(sys.argv[2])))
s.settimeout(1.0)
data = bytes(ord("a") + i % 26 for i in range(64))
got = 0
for i in range(2):
    if i:
        time.sleep(0.2)
    s.sendto(data, (sys.argv[1], 7))
    try:
        d, a = s.recvfrom(65535)
        got += d == data
    except socket.timeout:
        pass
print("2 sent, %d received" % got)
EOF
{
    wlk_private_prologue
    cat <<EOF
for n in laptop phone home server; do
    ip netns add \$n
    ip netns exec \$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n \$n link set lo up
done
ip -n laptop link add eth0 type veth peer name lan0 netns home
ip -n phone link add eth0 type veth peer name lan1 netns home
ip -n server link add eth0 type veth peer name wan0 netns home
ip -n laptop link set eth0 address 02:00:00:00:01:10
ip -n home link set lan0 address 02:00:00:00:01:01
ip -n phone link set eth0 address 02:00:00:00:02:11
ip -n home link set lan1 address 02:00:00:00:02:01
ip -n server link set eth0 address 02:00:00:00:03:01
ip -n home link set wan0 address 02:00:00:00:03:02
ip -n laptop addr add 192.168.1.10/24 dev eth0
ip -n home addr add 192.168.1.1/24 dev lan0
ip -n phone addr add 192.168.2.11/24 dev eth0
ip -n home addr add 192.168.2.1/24 dev lan1
ip -n server addr add 203.0.113.1/24 dev eth0
ip -n home addr add 203.0.113.2/24 dev wan0
for l in "laptop eth0" "phone eth0" "server eth0" "home lan0" "home lan1" "home wan0"; do
    set -- \$l; ip -n \$1 link set \$2 up
done
ip -n laptop route add default via 192.168.1.1
ip -n phone route add default via 192.168.2.1
ip netns exec home sysctl -qw net.ipv4.ip_forward=1
ip netns exec home iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
ip netns exec server $PY $R/echo.py &
PE=\$!
P=()
for d in lan0 lan1 wan0; do
    ip netns exec home tcpdump -U --immediate-mode -s 0 -i \$d -w $R/home-\$d.pcap >/dev/null 2>&1 &
    P+=(\$!)
done
sleep 1
ip netns exec laptop $PY $R/client.py 203.0.113.1 5000 >$R/laptop.out 2>&1
sleep 0.5
ip netns exec phone $PY $R/client.py 203.0.113.1 5000 >$R/phone.out 2>&1
sleep 0.5
ip netns exec home iptables -t nat -I POSTROUTING 1 -s 192.168.2.0/24 -o wan0 -p udp -j SNAT --to-source 203.0.113.2:40000-40009
ip netns exec phone $PY $R/client.py 203.0.113.1 6000 >$R/phone2.out 2>&1
sleep 0.5
ip netns exec home conntrack -L >$R/ct.out 2>&1
sleep 0.3
kill -INT "\${P[@]}"
kill \$PE
sleep 0.3
EOF
} >"$R/run.sh"
wlk_run_private "$R/run.sh"
for h in laptop phone phone2; do
    [ "$(cat "$R/$h.out")" = "2 sent, 2 received" ] ||
        wl_fail "the real run: the $h's client printed: $(cat "$R/$h.out")"
done

# ---- the wirelab run -----------------------------------------------------------
cat >"$W/nat-udp.lua" <<'EOF'
local laptop, phone, home, server = host("laptop"), host("phone"), router("home"), host("server")
link(laptop, home)          -- home:eth0
link(phone, home)           -- home:eth1
link(server, home)          -- home:eth2
laptop:dev("eth0"):set_mac("02:00:00:00:01:10")
home:dev("eth0"):set_mac("02:00:00:00:01:01")
phone:dev("eth0"):set_mac("02:00:00:00:02:11")
home:dev("eth1"):set_mac("02:00:00:00:02:01")
server:dev("eth0"):set_mac("02:00:00:00:03:01")
home:dev("eth2"):set_mac("02:00:00:00:03:02")
home:sh_block([[
  ip link set eth0 down
  ip link set eth1 down
  ip link set eth2 down
  ip link set eth0 name lan0
  ip link set eth1 name lan1
  ip link set eth2 name wan0
  ip link set lan0 up
  ip link set lan1 up
  ip link set wan0 up
  ip addr add 192.168.1.1/24 dev lan0
  ip addr add 192.168.2.1/24 dev lan1
  ip addr add 203.0.113.2/24 dev wan0
  iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
]])
laptop:ip("eth0", "192.168.1.10/24")
phone:ip("eth0", "192.168.2.11/24")
server:ip("eth0", "203.0.113.1/24")
laptop:route("default", "192.168.1.1")
phone:route("default", "192.168.2.1")
server:udp_echo_server(7)
sleep("1s")
local c = laptop:udp_echo_client("203.0.113.1", 7, { sport = 5000, count = 2, interval = "200ms" })
expect_eq(c:wait(), 0, "the laptop's datagrams are echoed")
sleep("0.5s")
c = phone:udp_echo_client("203.0.113.1", 7, { sport = 5000, count = 2, interval = "200ms" })
expect_eq(c:wait(), 0, "the phone's datagrams are echoed")
sleep("0.5s")
home:sh("iptables -t nat -I POSTROUTING 1 -s 192.168.2.0/24 -o wan0 -p udp -j SNAT --to-source 203.0.113.2:40000-40009")
c = phone:udp_echo_client("203.0.113.1", 7, { sport = 6000, count = 2, interval = "200ms" })
expect_eq(c:wait(), 0, "the phone's datagrams from port 6000 are echoed")
sleep("0.5s")
local out, _, err = home:sh("conntrack -L")
print("@@ct\n" .. out .. err .. "@@end")
EOF
wlrc=0
"$WIRELAB" run "$W/nat-udp.lua" --seed "$WLK_SEED" --out "$W/o" >"$W/stdout" 2>"$W/stderr" || wlrc=$?
[ "$wlrc" -eq 0 ] || { cat "$W/stdout"; tail -n 20 "$W/stderr" >&2; wl_fail "wirelab run exited $wlrc"; }
T=$W/o/nat-udp

# ---- compare ---------------------------------------------------------------------
fail=0
bad() { printf '%s\n' "$*" >&2; fail=1; }

# One line per IP packet; ports other than 5000 and 7 renamed in order of
# appearance over the three interfaces (read in one awk), so that "the same
# port on wan0 for both datagrams" shows as the same name.
view() {   # DIR
    local f
    for f in lan0 lan1 wan0; do
        _wl_tshark -r "$1/home-$f.pcap" -n -Y ip -T fields -E occurrence=f \
            -e ip.src -e ip.dst -e ip.proto -e udp.srcport -e udp.dstport -e udp.length -e icmp.type |
            sed "s/^/$f\t/"
    done | awk -F'\t' '
        function p(v) { if (v == 5000 || v == 6000 || v == 7 || v == "") return v
                        if (!(v in m)) m[v] = "PORT" (++n); return m[v] }
        { if ($4 == 17) printf "%s %s > %s udp %s > %s len %s\n", $1, $2, $3, p($5), p($6), $7
          else printf "%s %s > %s proto %s type %s\n", $1, $2, $3, $4, $8 }'
}
view "$R" >"$WL_TMP/k.view"
view "$T" >"$WL_TMP/w.view"
if diff -q "$WL_TMP/k.view" "$WL_TMP/w.view" >/dev/null; then
    echo "== the same $(wc -l <"$WL_TMP/k.view") IP packets on home's lan0, lan1 and wan0:"
    sed 's/^/     /' "$WL_TMP/k.view"
else
    bad "-- the packets differ (--- kernel, +++ wirelab):"
    diff -U 3 --label kernel --label wirelab "$WL_TMP/k.view" "$WL_TMP/w.view" | sed 's/^/   /' >&2
fi
# What the test is about, stated on its own (on both runs): the laptop's
# port kept, the phone's changed, consistently.
for side in k w; do
    v=$WL_TMP/$side.view
    [ "$(grep -c '^wan0 203.0.113.2 > 203.0.113.1 udp 5000 > 7 len 72$' "$v")" -eq 2 ] ||
        bad "-- $side: the laptop's two datagrams did not leave wan0 from port 5000"
    [ "$(grep -c '^wan0 203.0.113.2 > 203.0.113.1 udp PORT1 > 7 len 72$' "$v")" -eq 2 ] ||
        bad "-- $side: the phone's two datagrams did not leave wan0 from one other port"
    [ "$(grep -c '^lan1 203.0.113.1 > 192.168.2.11 udp 7 > 5000 len 72$' "$v")" -eq 2 ] ||
        bad "-- $side: the phone did not get its two echoes on port 5000"
    [ "$(grep -c '^wan0 203.0.113.2 > 203.0.113.1 udp PORT2 > 7 len 72$' "$v")" -eq 2 ] ||
        bad "-- $side: the phone's datagrams from port 6000 did not leave wan0 from one port"
done
# SNAT with a port range: the port is taken from 40000-40009 (6000 is not
# in it), on both sides.
for d in "$R" "$T"; do
    n=$(_wl_tshark -r "$d/home-wan0.pcap" -n -Y 'ip.src == 203.0.113.2 && udp.srcport >= 40000 && udp.srcport <= 40009' \
        -T fields -e udp.srcport | sort -u | wc -l)
    [ "$n" -eq 1 ] || bad "-- $d: the SNAT --to-source 203.0.113.2:40000-40009 flow did not use one port of the range"
done

sed -E 's/^\[ *[0-9.]+s\] //' "$W/stdout" | awk '/^@@ct$/ { on = 1; next } /^@@end$/ { on = 0 } on' |
    grep -v '^$' | wlnat_mask_conntrack >"$WL_TMP/w.ct"
wlnat_mask_conntrack <"$R/ct.out" >"$WL_TMP/k.ct"
if diff -q "$WL_TMP/k.ct" "$WL_TMP/w.ct" >/dev/null; then
    echo "== the same conntrack -L (masked):"
    sed 's/^/     /' "$WL_TMP/k.ct"
else
    bad "-- conntrack -L differs (masked; --- kernel, +++ wirelab):"
    diff -U 3 --label kernel --label wirelab "$WL_TMP/k.ct" "$WL_TMP/w.ct" | sed 's/^/   /' >&2
fi
check_pcaps --allow-empty "$T" >"$WL_TMP/pcaps" 2>&1 ||
    { bad "-- wirelab's traces: bad frames:"; head -n 20 "$WL_TMP/pcaps" >&2; }

[ "$fail" -eq 0 ] || wl_fail "UDP through MASQUERADE differs from the kernel (above)"
wl_pass "UDP through MASQUERADE: ports kept, a clash reallocated, SNAT into a port range, echoes translated back, conntrack -L, as on Linux"
