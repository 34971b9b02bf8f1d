# traceroute (2.1.2, UDP probes from port 33434) from a to b through the
# router: probes with TTL 1 expire at the router (ICMP 11/0), TTL 2 reach b,
# whose closed port answers ICMP port unreachable (3/3).
# requires: traceroute
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
ip -n a route add default via 10.0.1.1
ip -n b route add default via 10.0.2.1
ip netns exec router sysctl -w net.ipv4.ip_forward=1
# capture

# compare
ip netns exec a traceroute -n 10.0.2.2
