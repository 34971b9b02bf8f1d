# LAN ping: two namespaces, red and blue, on a bridge br0 in the host.
# Every MAC is set by hand so that the traces compare.
ip netns add red
ip netns add blue
ip link add br0 type bridge
ip link set dev br0 address 02:00:00:00:00:fe
ip link set br0 up
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link set veth-red netns red
ip link set veth-blue netns blue
ip link set dev veth-red-br address 02:00:00:00:01:fe
ip link set dev veth-blue-br address 02:00:00:00:02:fe
ip link set veth-red-br master br0
ip link set veth-blue-br master br0
ip link set veth-red-br up
ip link set veth-blue-br up
ip -n red link set dev veth-red address 02:00:00:00:01:01
ip -n blue link set dev veth-blue address 02:00:00:00:02:01
ip -n red addr add 10.0.0.1/24 dev veth-red
ip -n blue addr add 10.0.0.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
# capture

# compare
ip netns exec red ping -c 2 10.0.0.2
ip -n red neigh
ip -n blue neigh
bridge fdb show br br0
ip -n red route
ip -n blue route
