# ARP failure: red pings an address nobody has.  Three broadcast who-has,
# 1 s apart (mcast_solicit 3, retrans_time 1 s), then the entry is FAILED
# and the kernel sends the waiting packet's sender ICMP host unreachable
# (arp_error_report).  That ICMP message reaches ping through the loopback
# device: with red's lo down (a new namespace's) ping prints nothing and
# gives up after -W; with lo up it prints "Destination Host Unreachable"
# from red's own address.
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
# capture

# compare
ip netns exec red ping -c 1 -W 4 10.0.0.9
ip -n red neigh
ip -n red link set lo up
ip netns exec red ping -c 1 10.0.0.8
ip -n red neigh
ip -n blue neigh
