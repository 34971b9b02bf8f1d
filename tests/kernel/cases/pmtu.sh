# Path MTU discovery: the router's link to b has MTU 1400.  ping sends 1500
# bytes with DF (its socket's default, IP_PMTUDISC_WANT); the router answers
# ICMP fragmentation needed (3/4, next-hop MTU 1400, quoting 548 bytes: 576
# in all); a caches the path MTU (ip route get shows it for 600 s) and
# fragments the next echo itself, and b's reply comes back in fragments.
ip netns add a
ip netns add router
ip netns add b
ip link add veth-a type veth peer name veth-ra
ip link add veth-b type veth peer name veth-rb
ip link set veth-a netns a
ip link set veth-ra netns router
ip link set veth-rb netns router
ip link set veth-b netns b
ip -n a link set dev veth-a address 02:00:00:00:01:02
ip -n router link set dev veth-ra address 02:00:00:00:01:01
ip -n router link set dev veth-rb address 02:00:00:00:02:01
ip -n b link set dev veth-b address 02:00:00:00:02:02
ip -n a addr add 10.0.1.2/24 dev veth-a
ip -n router addr add 10.0.1.1/24 dev veth-ra
ip -n router addr add 10.0.2.1/24 dev veth-rb
ip -n b addr add 10.0.2.2/24 dev veth-b
ip -n a link set veth-a up
ip -n router link set veth-ra up
ip -n router link set veth-rb up
ip -n b link set veth-b up
ip -n router link set dev veth-rb mtu 1400
ip -n b link set dev veth-b mtu 1400
ip -n a route add default via 10.0.1.1
ip -n b route add default via 10.0.2.1
ip netns exec router sysctl -w net.ipv4.ip_forward=1
# capture

# compare
ip netns exec a ping -c 1 -s 1472 10.0.2.2
ip -n a route get 10.0.2.2
ip netns exec a ping -c 1 -s 1472 10.0.2.2
ip netns exec a ping -c 1 -s 1300 10.0.2.2
