# kube-proxy's iptables mode, packet by packet (networking.md §7.2 and
# §7.4's NodePort walk, with ICMP in place of TCP so that ping shows it):
# a client outside the cluster (192.168.1.50) sends to the Service address
# 10.96.0.10 through the node; KUBE-SERVICES sends it to KUBE-SVC-A, which
# marks it for masquerading (the source is outside the cluster CIDR) and
# picks an endpoint (statistic nth, so that the choice is the same on
# Linux and in wirelab: every 2nd new connection to the first), KUBE-SEP-*
# DNATs it to a pod (10.244.2.5 or 10.244.3.6, each on its own veth),
# FORWARD lets it through by its mark, KUBE-POSTROUTING clears the mark
# and MASQUERADEs it: the pods see the node's address on their link, the
# client sees replies from 10.96.0.10; a direct ping to a pod has no mark
# and meets FORWARD's DROP policy.  No bridge here: with br_netfilter
# loaded, Linux runs PREROUTING (un-MASQUERADE) on frames a bridge passes
# up before a capture on the bridge device sees them, which wirelab's
# bridge does not do (docs/iptables.md).
ip netns add client
ip netns add ep1
ip netns add ep2
ip link add eth0 type veth peer name eth0 netns client
ip link set dev eth0 address 02:00:00:00:0b:01
ip -n client link set dev eth0 address 02:00:00:00:0b:50
ip addr add 192.168.1.10/24 dev eth0
ip link set eth0 up
ip -n client addr add 192.168.1.50/24 dev eth0
ip -n client link set eth0 up
ip -n client route add default via 192.168.1.10
ip link add veth1 type veth peer name eth0 netns ep1
ip link add veth2 type veth peer name eth0 netns ep2
ip link set dev veth1 address 02:00:00:00:0c:11
ip link set dev veth2 address 02:00:00:00:0c:12
ip addr add 10.244.2.1/24 dev veth1
ip addr add 10.244.3.1/24 dev veth2
ip link set veth1 up
ip link set veth2 up
ip -n ep1 link set dev eth0 address 02:00:00:00:0c:05
ip -n ep2 link set dev eth0 address 02:00:00:00:0c:06
ip -n ep1 addr add 10.244.2.5/24 dev eth0
ip -n ep2 addr add 10.244.3.6/24 dev eth0
ip -n ep1 link set eth0 up
ip -n ep2 link set eth0 up
ip -n ep1 route add default via 10.244.2.1
ip -n ep2 route add default via 10.244.3.1
sysctl -w net.ipv4.ip_forward=1
iptables -P INPUT ACCEPT
iptables -P FORWARD DROP
iptables -P OUTPUT ACCEPT
iptables -t nat -P PREROUTING ACCEPT
iptables -t nat -P INPUT ACCEPT
iptables -N KUBE-FORWARD
iptables -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
iptables -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
iptables -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
iptables -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -t nat -N KUBE-SERVICES
iptables -t nat -N KUBE-POSTROUTING
iptables -t nat -N KUBE-MARK-MASQ
iptables -t nat -N KUBE-SVC-A
iptables -t nat -N KUBE-SEP-1
iptables -t nat -N KUBE-SEP-2
iptables -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
iptables -t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
iptables -t nat -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
iptables -t nat -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
iptables -t nat -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
iptables -t nat -A KUBE-SERVICES -d 10.96.0.10/32 -p icmp -m comment --comment "ns1/svc1 cluster IP" -j KUBE-SVC-A
iptables -t nat -A KUBE-SVC-A ! -s 10.244.0.0/16 -d 10.96.0.10/32 -p icmp -m comment --comment "ns1/svc1 cluster IP" -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-SVC-A -m comment --comment "ns1/svc1 -> 10.244.2.5" -m statistic --mode nth --every 2 --packet 0 -j KUBE-SEP-1
iptables -t nat -A KUBE-SVC-A -m comment --comment "ns1/svc1 -> 10.244.3.6" -j KUBE-SEP-2
iptables -t nat -A KUBE-SEP-1 -p icmp -m comment --comment ns1/svc1 -j DNAT --to-destination 10.244.2.5
iptables -t nat -A KUBE-SEP-2 -p icmp -m comment --comment ns1/svc1 -j DNAT --to-destination 10.244.3.6
# capture

# compare
ip netns exec client ping -c 1 10.96.0.10
ip netns exec client ping -c 1 10.96.0.10
ip netns exec client ping -c 1 10.96.0.10
ip netns exec client ping -c 1 -W 1 10.244.2.5
iptables -L -n -v -x
iptables -t nat -L PREROUTING -n -v -x
iptables -t nat -L KUBE-SERVICES -n -v -x
iptables -t nat -L KUBE-SVC-A -n -v -x
iptables -t nat -L KUBE-SEP-1 -n -v -x
iptables -t nat -L KUBE-SEP-2 -n -v -x
iptables -t nat -L KUBE-MARK-MASQ -n -v -x
iptables -t nat -L KUBE-POSTROUTING 2 -n -v -x
iptables -t nat -L KUBE-POSTROUTING 3 -n -v -x
iptables -t nat -S
