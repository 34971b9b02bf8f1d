# The namespace lesson of the curriculum: namespaces red and blue on a
# bridge v-net-0 in the host; the host reaches them through the bridge's
# address 192.168.15.5; blue reaches "the host's LAN" 192.168.1.0/24 (here
# a namespace lan behind the host's eth1) once it has a route, the host
# forwards (ip_forward 1) and lan has a route back (the curriculum uses
# iptables MASQUERADE for that last step; a route does the same job here).
ip netns add red
ip netns add blue
ip link add v-net-0 type bridge
ip link set dev v-net-0 address 02:00:00:00:00:05
ip link set dev v-net-0 up
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link set veth-red netns red
ip link set veth-red-br master v-net-0
ip link set veth-blue netns blue
ip link set veth-blue-br master v-net-0
ip link set dev veth-red-br address 02:00:00:00:01:05
ip link set dev veth-blue-br address 02:00:00:00:02:05
ip -n red link set dev veth-red address 02:00:00:00:00:01
ip -n blue link set dev veth-blue address 02:00:00:00:00:02
ip -n red addr add 192.168.15.1/24 dev veth-red
ip -n blue addr add 192.168.15.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip link set veth-red-br up
ip link set veth-blue-br up
ip addr add 192.168.15.5/24 dev v-net-0
ip netns add lan
ip link add eth1 type veth peer name eth0 netns lan
ip link set dev eth1 address 02:00:00:00:0a:02
ip -n lan link set dev eth0 address 02:00:00:00:0a:03
ip addr add 192.168.1.2/24 dev eth1
ip link set eth1 up
ip -n lan addr add 192.168.1.3/24 dev eth0
ip -n lan link set eth0 up
# capture

# compare
ip netns exec red ping -c 1 192.168.15.2
ping -c 1 192.168.15.1
ip netns exec blue ping -c 1 192.168.1.3
ip -n blue route add 192.168.1.0/24 via 192.168.15.5
ip netns exec blue ping -c 1 -W 1 192.168.1.3
sysctl -w net.ipv4.ip_forward=1
ip netns exec blue ping -c 1 -W 1 192.168.1.3
ip -n lan route add 192.168.15.0/24 via 192.168.1.2
ip netns exec blue ping -c 1 192.168.1.3
ip route
ip neigh
bridge fdb show br v-net-0
ip -n blue route
ip -n lan neigh
