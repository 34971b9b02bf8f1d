# MASQUERADE on a home router (scenarios/05-nat.lua in miniature):
#   laptop 192.168.1.10 -- lan0 home wan0 -- eth0 isp eth1 -- server
#          192.168.1.1 | 203.0.113.2   203.0.113.1 | 198.51.100.1   198.51.100.10
# The server has a route to 203.0.113.0/24 only: without NAT its replies
# to 192.168.1.10 have no way back.  With `-o wan0 -j MASQUERADE` on home:
# ping (the echo id kept on both sides), traceroute (UDP probes, each
# source port kept; the ISP's time exceeded and the server's port
# unreachable translated back, quoted packet included; home's own time
# exceeded untranslated), and the connections conntrack -L lists.
# The nat table's listing shows PREROUTING's policy counting nothing:
# iptables-nft 1.8.9 makes only the base chains a rule needs (this test
# found wirelab counting there; fixed).
# requires: iptables conntrack traceroute
ip netns add laptop
ip netns add home
ip netns add isp
ip netns add server
ip link add veth-l type veth peer name veth-hl
ip link add veth-hw type veth peer name veth-iw
ip link add veth-is type veth peer name veth-s
ip link set veth-l netns laptop
ip link set veth-hl netns home
ip link set veth-hw netns home
ip link set veth-iw netns isp
ip link set veth-is netns isp
ip link set veth-s netns server
ip -n laptop link set veth-l name eth0
ip -n home link set veth-hl name lan0
ip -n home link set veth-hw name wan0
ip -n isp link set veth-iw name eth0
ip -n isp link set veth-is name eth1
ip -n server link set veth-s name eth0
ip -n laptop link set dev eth0 address 02:00:00:00:01:10
ip -n home link set dev lan0 address 02:00:00:00:01:01
ip -n home link set dev wan0 address 02:00:00:00:02:02
ip -n isp link set dev eth0 address 02:00:00:00:02:01
ip -n isp link set dev eth1 address 02:00:00:00:03:01
ip -n server link set dev eth0 address 02:00:00:00:03:10
ip -n laptop addr add 192.168.1.10/24 dev eth0
ip -n home addr add 192.168.1.1/24 dev lan0
ip -n home addr add 203.0.113.2/24 dev wan0
ip -n isp addr add 203.0.113.1/24 dev eth0
ip -n isp addr add 198.51.100.1/24 dev eth1
ip -n server addr add 198.51.100.10/24 dev eth0
ip -n laptop link set eth0 up
ip -n home link set lan0 up
ip -n home link set wan0 up
ip -n isp link set eth0 up
ip -n isp link set eth1 up
ip -n server link set eth0 up
ip -n laptop route add default via 192.168.1.1
ip -n home route add default via 203.0.113.1
ip -n server route add 203.0.113.0/24 via 198.51.100.1
ip netns exec home sysctl -w net.ipv4.ip_forward=1
ip netns exec isp sysctl -w net.ipv4.ip_forward=1
# capture

# compare
ip netns exec laptop ping -c 1 -W 1 198.51.100.10

# compare
ip netns exec home iptables -t nat -A POSTROUTING -o wan0 -j MASQUERADE
ip netns exec laptop ping -c 2 198.51.100.10
ip netns exec laptop traceroute -n -q 1 -N 1 198.51.100.10
ip netns exec home conntrack -L
ip netns exec home iptables -t nat -L -n -v
ip netns exec home iptables -L -n -v
