# The neighbour entry after more than 30 s, and the unicast probe.
# red pings blue: red's entry is REACHABLE.  reachable_time is random in
# [15 s, 45 s] (base_reachable_time 30 s) and the kernel's timer may fire up
# to ~4 s late, so after 50 s it is STALE on every kernel.  The next ping
# moves it to DELAY; 5 s later, unconfirmed, to PROBE: a UNICAST who-has to
# the cached MAC; the reply makes it REACHABLE.  blue holds a permanent
# entry for red, so that only red probes (otherwise both ends probe at the
# same moment and the kernel's order between them is not fixed).
ip netns add red
ip netns add blue
ip link add veth-red type veth peer name veth-blue
ip link set veth-red netns red
ip link set veth-blue netns blue
ip -n red link set dev veth-red address 02:00:00:00:00:01
ip -n blue link set dev veth-blue address 02:00:00:00:00:02
ip -n red addr add 10.0.0.1/24 dev veth-red
ip -n blue addr add 10.0.0.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip -n blue neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev veth-blue nud permanent
# capture

# compare
ip netns exec red ping -c 1 10.0.0.2
ip -n red neigh
ip -n blue neigh

sleep 50
# compare
ip -n red neigh
ip netns exec red ping -c 1 10.0.0.2
ip -n red neigh

sleep 6
# compare
ip -n red neigh
ip -n blue neigh
