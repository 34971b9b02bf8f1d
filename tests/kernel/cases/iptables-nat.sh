# Docker's NAT, packet by packet: a "container" c1 (172.17.0.2) on the
# bridge docker0 of the host, a client on the host's eth0 (10.0.0.0/24),
# the rule set `dockerd` writes for `docker run -p 8080:80` (networking.md
# §4.1, Docker <= 27) plus an ICMP port map of the same shape, so that
# ping shows both directions: the container's pings leave MASQUERADEd as
# the host (10.0.0.1), the client's pings to the host are DNATed to the
# container and the replies come back un-NATed by conntrack; the client
# reaching the container directly is routed without NAT (the replies are
# not MASQUERADEd: NAT is decided on a connection's first packet), and
# REJECT answers for two other addresses (admin-prohibited and
# port-unreachable).  The -P lines come first because iptables-nft counts
# a chain's policy only from its -P on (docs/iptables.md).  Not compared: the policy counters
# of OUTPUT and nat OUTPUT/POSTROUTING, and conntrack's count, which on
# Linux include the IGMP report the host sends for docker0 (wirelab sends
# none; the harness leaves IGMP out of the traces), and conntrack's
# entries (ping's ICMP ids are random on Linux).
ip netns add c1
ip netns add client
ip link add docker0 type bridge
ip link set dev docker0 address 02:42:00:00:00:01
ip addr add 172.17.0.1/16 dev docker0
ip link set docker0 up
ip link add vethc1 type veth peer name eth0 netns c1
ip link set dev vethc1 address 02:00:00:00:c1:01
ip link set vethc1 master docker0
ip link set vethc1 up
ip -n c1 link set dev eth0 address 02:42:ac:11:00:02
ip -n c1 addr add 172.17.0.2/16 dev eth0
ip -n c1 link set eth0 up
ip -n c1 link set lo up
ip -n c1 route add default via 172.17.0.1
ip link add eth0 type veth peer name eth0 netns client
ip link set dev eth0 address 02:00:00:00:0a:01
ip -n client link set dev eth0 address 02:00:00:00:0a:02
ip addr add 10.0.0.1/24 dev eth0
ip link set eth0 up
ip -n client addr add 10.0.0.2/24 dev eth0
ip -n client link set eth0 up
sysctl -w net.ipv4.ip_forward=1
iptables -P INPUT ACCEPT
iptables -P FORWARD ACCEPT
iptables -P OUTPUT ACCEPT
iptables -t nat -P PREROUTING ACCEPT
iptables -t nat -P INPUT ACCEPT
iptables -t nat -P OUTPUT ACCEPT
iptables -t nat -P POSTROUTING ACCEPT
iptables -N DOCKER
iptables -N DOCKER-ISOLATION-STAGE-1
iptables -N DOCKER-ISOLATION-STAGE-2
iptables -N DOCKER-USER
iptables -A FORWARD -j DOCKER-USER
iptables -A FORWARD -j DOCKER-ISOLATION-STAGE-1
iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -A FORWARD -o docker0 -j DOCKER
iptables -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
iptables -A FORWARD -i docker0 -o docker0 -j ACCEPT
iptables -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
iptables -A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p icmp -j ACCEPT
iptables -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
iptables -A DOCKER-ISOLATION-STAGE-1 -j RETURN
iptables -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
iptables -A DOCKER-ISOLATION-STAGE-2 -j RETURN
iptables -A DOCKER-USER -j RETURN
iptables -t nat -N DOCKER
iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
iptables -t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
iptables -t nat -A DOCKER -i docker0 -j RETURN
iptables -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
iptables -t nat -A DOCKER ! -i docker0 -p icmp -j DNAT --to-destination 172.17.0.2
ip -n client route add 172.17.0.0/16 via 10.0.0.1
iptables -I FORWARD -d 172.17.0.3 -p icmp -j REJECT --reject-with icmp-admin-prohibited
iptables -I FORWARD -d 172.17.0.4 -p icmp -j REJECT
# capture

# compare
ip netns exec c1 ping -c 2 10.0.0.2
ip netns exec client ping -c 2 10.0.0.1
ip netns exec client ping -c 1 172.17.0.2
ip netns exec client ping -c 1 -W 1 172.17.0.3
ip netns exec client ping -c 1 -W 1 172.17.0.4
iptables -L FORWARD -n -v -x
iptables -L DOCKER -n -v -x
iptables -L DOCKER-ISOLATION-STAGE-1 -n -v -x
iptables -L DOCKER-USER -n -v -x
iptables -t nat -L PREROUTING -n -v -x
iptables -t nat -L DOCKER -n -v -x --line-numbers
iptables -t nat -L POSTROUTING 1 -n -v -x
iptables -t nat -L POSTROUTING 2 -n -v -x
iptables -t nat -S
