# ICMP rate limiting on a router: a pings a network the router has no
# route to, 12 echoes 0.2 s apart.  ip_error() lets an error through only
# while the source's token bucket (struct inet_peer, 1 token a second, a
# burst of 5) holds a token, and icmp_send() then draws on the same bucket
# (icmp_ratelimit 1 s): not every echo gets its Destination Net Unreachable.
# Then the same with TTL expiry (only icmp_send()'s limiter: a burst of 6).
# The whole case stays under 15 s so that a's entry for the router cannot
# leave REACHABLE (reachable_time is random, at least 15 s).
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
ip netns exec a ping -c 12 -i 0.2 -W 1 10.0.9.9

sleep 7
# compare
ip netns exec a ping -c 12 -i 0.2 -W 1 -t 1 10.0.2.2
