#!/bin/bash
# 03-namespaces.sh — network namespaces: a veth pair between two of them, a
# bridge joining several, the host on that bridge, and a namespace reaching
# another network through the host (ip_forward and a route each way).
#
# It follows the "Network Namespaces" section of the curriculum step by step;
# docs/lesson-03-namespaces.md explains what happens and what to look at in
# Wireshark.
#
#   wirelab run scenarios/03-namespaces.sh      the session, as a terminal shows it
#   wirelab check scenarios/03-namespaces.sh    each line, PASS or FAIL
#
# Every line is a check: the scenario stops at the first command that fails.
# A line starting with `!` must fail (ping that must get no answer).  The file
# is plain bash: on a Debian machine, as root, `bash -e 03-namespaces.sh` runs
# the same commands in real namespaces.  It changes the machine it runs on
# (a bridge, a veth pair, ip_forward) and puts everything back at the end;
# run it in a throwaway VM or container.

# ---- 1. A namespace is a network stack of its own ---------------------------
# Two namespaces.  Each starts with nothing but its own loopback, down: its
# own devices, addresses, routes and ARP cache, apart from the host's.
ip netns add red
ip netns add blue
ip netns list
ip -n red link

# ---- 2. Two namespaces joined by a veth pair --------------------------------
# A veth pair is a virtual cable: what goes in one end comes out of the other.
# Make it on the host, then put one end into each namespace.
ip link add veth-red type veth peer name veth-blue
ip link set veth-red netns red
ip link set veth-blue netns blue
# Addresses in one subnet, and both ends up.
ip -n red addr add 192.168.15.1/24 dev veth-red
ip -n blue addr add 192.168.15.2/24 dev veth-blue
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip -n red addr
# red reaches blue: ARP for 192.168.15.2, then the echo request and reply.
ip netns exec red ping -c 1 192.168.15.2
# Each learned the other's MAC address (its ARP cache), and only its own.
ip -n red neigh
ip -n blue neigh

# ---- 3. Tear the cable down -------------------------------------------------
# Deleting one end of a veth pair deletes the other; the route to
# 192.168.15.0/24 goes with the address, so red has no way there any more.
ip -n red link del veth-red
! ip netns exec red ping -c 1 -W 1 192.168.15.2

# ---- 4. A virtual switch: the bridge v-net-0 --------------------------------
# With more than two namespaces, cables are not enough: make a switch on the
# host (a Linux bridge) and plug one veth pair per namespace into it.
ip netns add orange
ip link add v-net-0 type bridge
ip link set dev v-net-0 up
# One pair per namespace: the namespace end is veth-NAME, the bridge end
# veth-NAME-br, a port of v-net-0 ("master v-net-0").
ip link add veth-red type veth peer name veth-red-br
ip link add veth-blue type veth peer name veth-blue-br
ip link add veth-orange type veth peer name veth-orange-br
ip link set veth-red netns red
ip link set veth-blue netns blue
ip link set veth-orange netns orange
ip link set veth-red-br master v-net-0
ip link set veth-blue-br master v-net-0
ip link set veth-orange-br master v-net-0
ip -n red addr add 192.168.15.1/24 dev veth-red
ip -n blue addr add 192.168.15.2/24 dev veth-blue
ip -n orange addr add 192.168.15.3/24 dev veth-orange
ip -n red link set veth-red up
ip -n blue link set veth-blue up
ip -n orange link set veth-orange up
ip link set veth-red-br up
ip link set veth-blue-br up
ip link set veth-orange-br up
# The three reach each other through the bridge.
ip netns exec red ping -c 1 192.168.15.2
ip netns exec red ping -c 1 192.168.15.3
ip netns exec blue ping -c 1 192.168.15.3
# The bridge learned which port leads to which MAC address.
bridge fdb show br v-net-0

# ---- 5. The host joins the network: an address on the bridge ----------------
# The bridge is a switch; the host itself is not on 192.168.15.0/24 yet and
# has no route there.
! ping -c 1 -W 1 192.168.15.1
# The bridge is also the host's interface to that switch: give it an address
# (this adds the connected route 192.168.15.0/24 dev v-net-0).
ip addr add 192.168.15.5/24 dev v-net-0
ip route
ping -c 1 192.168.15.1

# ---- 6. Reaching another network through the host ---------------------------
# The "outside" LAN: a namespace lan (192.168.1.10) joined to the host by a
# veth pair whose host end eth-lan has 192.168.1.1/24 — the host's own NIC
# on that LAN.
ip netns add lan
ip link add eth-lan type veth peer name veth-lan
ip link set veth-lan netns lan
ip addr add 192.168.1.1/24 dev eth-lan
ip link set eth-lan up
ip -n lan addr add 192.168.1.10/24 dev veth-lan
ip -n lan link set veth-lan up
ping -c 1 192.168.1.10
# blue knows no way to 192.168.1.0/24: "Network is unreachable".
! ip netns exec blue ping -c 1 -W 1 192.168.1.10
# Tell blue the host (192.168.15.5) is the gateway to that network.
ip netns exec blue ip route add 192.168.1.0/24 via 192.168.15.5
ip netns exec blue ip route
# Still no answer: the host is not a router.  net.ipv4.ip_forward is 0, so it
# drops a packet that is not addressed to itself (silently: no ICMP back).
sysctl net.ipv4.ip_forward
! ip netns exec blue ping -c 1 -W 1 192.168.1.10
# Make the host a router.
sysctl -w net.ipv4.ip_forward=1
# Still no answer: the request now reaches lan, but lan has no route back to
# 192.168.15.0/24 (its reply goes nowhere).
! ip netns exec blue ping -c 1 -W 1 192.168.1.10
# The route back, through the host's address on the LAN.
ip -n lan route add 192.168.15.0/24 via 192.168.1.1
ip netns exec blue ping -c 1 192.168.1.10

# ---- 7. Clean up ----------------------------------------------------------
# Deleting a namespace deletes the devices in it; a veth end inside takes its
# peer on the host (and so the bridge's port) with it.
ip netns del red
ip netns del blue
ip netns del orange
ip netns del lan
ip link del v-net-0
sysctl -w net.ipv4.ip_forward=0
ip netns list
