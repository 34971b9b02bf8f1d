# The weak host model: an address belongs to the machine, not to an
# interface.  red sits on the host's bridge v-net-0 (192.168.15.0/24) and
# is told, wrongly, that 192.168.1.0/24 is on its own link.  Its who-has for
# 192.168.1.2 (the host's eth1 address) reaches the host on v-net-0, and the
# host answers with v-net-0's MAC (arp_ignore 0) and replies to the ping.
# 192.168.1.3, behind eth1, is not on red's link: three who-has, no answer.
ip netns add red
ip netns add lan
ip link add v-net-0 type bridge
ip link set dev v-net-0 address 02:00:00:00:00:05
ip link set dev v-net-0 up
ip link add veth-red type veth peer name veth-red-br
ip link set veth-red netns red
ip link set veth-red-br master v-net-0
ip link set dev veth-red-br address 02:00:00:00:01:05
ip -n red link set dev veth-red address 02:00:00:00:00:01
ip -n red addr add 192.168.15.1/24 dev veth-red
ip -n red link set veth-red up
ip -n red link set lo up
ip link set veth-red-br up
ip addr add 192.168.15.5/24 dev v-net-0
ip link add eth1 type veth peer name eth0 netns lan
ip link set dev eth1 address 02:00:00:00:0a:02
ip -n lan link set dev eth0 address 02:00:00:00:0a:03
ip addr add 192.168.1.2/24 dev eth1
ip link set eth1 up
ip -n lan addr add 192.168.1.3/24 dev eth0
ip -n lan link set eth0 up
ip -n red route add 192.168.1.0/24 dev veth-red
# capture

# compare
ip -n red route
ip netns exec red ping -c 1 192.168.1.2
ip -n red neigh
ip netns exec red ping -c 1 192.168.1.3
ip -n red neigh
ip neigh
