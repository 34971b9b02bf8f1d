#!/bin/bash
# Differential test against the Linux kernel: what `ip route`, `ip neigh`,
# `bridge fdb|link`, `route` and `arp` print, and what they answer to
# mistakes, on a small routed and bridged topology.  The same scenario runs
# in real network namespaces and in wirelab (lib-kernel.sh: traces compared
# per interface, the compared commands' output and exit status compared;
# neighbour, FDB and ARP listings are compared as sorted lines, since the
# kernel lists its hash tables in an order that changes from boot to boot).
#
#   h1 eth0 10.0.0.2 ---- eth0 10.0.0.1  r  eth1 10.0.1.1 ---- eth0 10.0.1.10 h3
#   (02:..:02)            (02:..:01)        (02:..:01:01)       (02:..:01:10)
#
#   p eth0 10.1.0.5 ---- vp \
#                            br0 10.1.0.1 (02:..:0b:00), in the host
#   q eth0 10.1.0.6 ---- vq /
#
# `arp -a` lists one host at a time: lib-kernel.sh sorts arp's lines
# after the first, which is a header only in arp's Linux style.
# `route` and `arp` run with -n only: without it net-tools asks the
# machine's DNS server for every address (the real run would send those
# queries, and wirelab's resolver is not there yet; see cmd_nettools.c).
#
# The scenario is kept here rather than in cases/ so that this file is the
# whole test; it is written to a scratch cases/ directory that lib-kernel.sh
# reads (WLK_DIR).  Exits 77 with a SKIP line when not root or when the
# machine cannot make network namespaces (wlk_need_env).
#
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
WLK_DIR=$WL_TMP/wlk
mkdir -p "$WLK_DIR/cases"
ln -sf "$here/lib-kernel.sh" "$WLK_DIR/lib-kernel.sh"
export WLK_DIR
# shellcheck source=tests/kernel/lib-kernel.sh
. "$here/lib-kernel.sh"
wlk_need_env
wl_need_cmd route arp bridge

cat >"$WLK_DIR/cases/route-neigh-output.sh" <<'EOF'
# Routed part: h1 -- r -- h3.
ip netns add h1
ip netns add r
ip netns add h3
ip -n h1 link add eth0 type veth peer name eth0 netns r
ip -n r link add eth1 type veth peer name eth0 netns h3
ip -n h1 link set eth0 address 02:00:00:00:00:02
ip -n r link set eth0 address 02:00:00:00:00:01
ip -n r link set eth1 address 02:00:00:00:01:01
ip -n h3 link set eth0 address 02:00:00:00:01:10
ip -n h1 addr add 10.0.0.2/24 dev eth0
ip -n r addr add 10.0.0.1/24 dev eth0
ip -n r addr add 10.0.1.1/24 dev eth1
ip -n h3 addr add 10.0.1.10/24 dev eth0
ip -n h1 link set lo up
ip -n r link set lo up
ip -n h3 link set lo up
ip -n h1 link set eth0 up
ip -n r link set eth0 up
ip -n r link set eth1 up
ip -n h3 link set eth0 up
ip netns exec r sysctl -w net.ipv4.ip_forward=1
ip -n h3 route add default via 10.0.1.1
# Bridged part: p and q on br0 in the host.
ip netns add p
ip netns add q
ip link add br0 type bridge
ip link set br0 address 02:00:00:00:0b:00
ip link add vp type veth peer name eth0 netns p
ip link add vq type veth peer name eth0 netns q
ip link set vp address 02:00:00:00:0b:01
ip link set vq address 02:00:00:00:0b:02
ip -n p link set eth0 address 02:00:00:00:00:05
ip -n q link set eth0 address 02:00:00:00:00:06
ip link set vp master br0
ip link set vq master br0
ip addr add 10.1.0.1/24 dev br0
ip -n p addr add 10.1.0.5/24 dev eth0
ip -n q addr add 10.1.0.6/24 dev eth0
ip link set br0 up
ip link set vp up
ip link set vq up
ip -n p link set eth0 up
ip -n q link set eth0 up
# capture

# compare
ip -n h1 route
ip -n h1 route add default via 10.0.0.1
ip -n h1 route add 10.5.0.0/16 via 10.0.0.1 metric 50
ip -n h1 route add unreachable 10.9.0.0/16
ip -n h1 route add blackhole 10.8.0.0/16
ip -n h1 route add prohibit 10.7.0.0/16
ip -n h1 route add 10.6.0.5 via 10.0.0.1
ip -n h1 route add 10.6.0.0/24 dev eth0 proto static scope link src 10.0.0.2
ip -n h1 route
ip -n h1 route show dev eth0
ip -n h1 route show table local
ip -n h1 route get 10.0.1.10
ip -n h1 route get 10.0.0.2
ip -n h1 route get 10.0.0.255
ip -n h1 route get 10.9.1.1
ip -n h1 route get 10.7.1.1
ip -n h1 route get 10.8.1.1
ip -n h1 route get fibmatch 10.6.0.9
ip -n h1 route add 10.5.0.0/16 via 10.0.0.1 metric 50
ip -n h1 route add 10.4.0.0/16 via 10.3.0.1
ip -n h1 route add 10.4.0.1/16 via 10.0.0.1
ip -n h1 route add 10.4.0.0/16 via x
ip -n h1 route add x via 10.0.0.1
ip -n h1 route add 10.4.0.0/16 dev eth9
ip -n h1 route del 10.44.0.0/16
ip -n h1 route replace 10.5.0.0/16 via 10.0.0.1 metric 50 proto static
ip -n h1 route del 10.6.0.5
ip netns exec h1 route -n
ip netns exec h1 route -nee
ip netns exec h1 route add -net 10.20.0.0 netmask 255.255.0.0 gw 10.0.0.1
ip netns exec h1 route add -net 10.21.0.0 netmask 255.255.0.0 gw 10.0.3.1
ip netns exec h1 route del -net 10.20.0.0 netmask 255.255.0.0
ip netns exec h1 route -n
ip -n r route

# compare
ip netns exec h1 ping -c 1 10.0.1.10
ip -n h1 neigh
ip -n r neigh
ip -n h3 neigh
ip netns exec h1 arp -n
ip netns exec r arp -n
ip netns exec r arp -an 10.0.1.10
ip -n h1 neigh show dev eth0
ip -n h1 neigh get 10.0.0.1 dev eth0
ip -n h1 neigh add 10.0.0.50 lladdr 02:00:00:00:00:50 dev eth0
ip -n h1 neigh add 10.0.0.51 lladdr 02:00:00:00:00:51 dev eth0 nud stale
ip -n h1 neigh add 10.0.0.50 lladdr 02:00:00:00:00:50 dev eth0
ip -n h1 neigh add 10.0.0.52 dev eth0
ip -n h1 neigh add 10.0.0.53 lladdr zz dev eth0
ip -n h1 neigh del 10.0.0.59 dev eth0
ip -n h1 neigh
ip netns exec h1 arp -n
ip netns exec h1 ping -c 1 -W 4 10.0.0.9
ip -n h1 neigh
ip -n h1 neigh show nud failed
ip netns exec h1 arp -n
ip netns exec h1 arp -an 10.0.0.9
ip netns exec h1 arp -an 10.0.0.50
ip -n h1 neigh flush dev eth0
ip -n h1 neigh show nud all

# compare
ip netns exec p ping -c 1 10.1.0.6
ping -c 1 10.1.0.5
bridge fdb show
bridge fdb show br br0
bridge fdb show dev vp
bridge fdb show dynamic
bridge link show
bridge link show dev vq
ip neigh
arp -n
EOF
wlk_case route-neigh-output
