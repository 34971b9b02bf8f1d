#!/bin/bash
# Differential test against the real iptables 1.8.9 (nf_tables) of Debian
# 12: the same iptables command lines run in a fresh network namespace
# (`unshare --net`) and in wirelab (`wirelab run`), and what each prints
# (stdout and stderr merged) and whether it succeeded are compared, line
# by line.  The rule sets are Docker's for `docker run -p 8080:80`
# (docs networking.md §4.1), kube-proxy's iptables mode (§7.2: every
# match and target shape it uses) and one rule per option of every
# modelled extension; the listings are `iptables -L` with and without -n,
# -v, -x, --line-numbers, `iptables -S` (-v), `iptables-save` (-c, -t);
# then mistakes, each with iptables' own message.  iptables-save's
# "# Generated/Completed ... on DATE" lines are compared with the date
# masked (wirelab prints its simulated wall clock); then packets on lo:
# rule counters (-v -x) after a ping, the conntrack entry it made
# (timeout and ICMP id masked), REJECT and DROP counting.  Exact exit statuses
# (1, 2, 3, 4) are checked by tests/unit/test_cmd_iptables*.c, where each
# was captured from the real tool; here zero / non-zero.
#
# Exits 77 with a SKIP line when not root, when `unshare --net` is not
# allowed, or when iptables is not installed (apt-get install iptables).
#
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
[ "$(id -u)" -eq 0 ] || wl_skip "not root (needs unshare --net for the real iptables)"
wl_need_cmd iptables iptables-save unshare conntrack ping
unshare --net true 2>/dev/null || wl_skip "cannot create a network namespace here"
case "$(iptables -V 2>&1)" in
    *"v1.8.9 (nf_tables)"*) ;;
    *) wl_skip "the real iptables is not v1.8.9 (nf_tables): $(iptables -V 2>&1)" ;;
esac

cmds=$WL_TMP/iptables-cmds
cat >"$cmds" <<'EOF'
iptables -L
iptables -L -n -v
iptables-save
iptables-save -t nat
# Docker (classic, <= 27) for docker run -p 8080:80
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
iptables -L -n -v
iptables -L -v
iptables -L
iptables -L -n --line-numbers
iptables -L -n -v -x
iptables -t nat -L -n -v --line-numbers
iptables -t nat -L
iptables -t nat -L -v
iptables -S
iptables -S -v
iptables -t nat -S
iptables -S DOCKER
iptables -t nat -S DOCKER 2
iptables -t nat -L DOCKER 2 -n
iptables -L FORWARD 3 -n -v --line-numbers
iptables-save
iptables-save -c
iptables-save -t filter
iptables -X DOCKER
iptables -X INPUT
iptables -t nat -D DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
iptables -t nat -D DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
iptables -C FORWARD -o docker0 -j DOCKER
iptables -C FORWARD -o docker1 -j DOCKER
iptables -F -v
iptables -X -v
iptables -t nat -F
iptables -t nat -X
# kube-proxy, iptables mode (its iptables-restore lines as commands)
iptables -N KUBE-FIREWALL
iptables -N KUBE-NODEPORTS
iptables -N KUBE-EXTERNAL-SERVICES
iptables -N KUBE-FORWARD
iptables -N KUBE-SERVICES
iptables -A INPUT -j KUBE-FIREWALL
iptables -A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS
iptables -A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
iptables -A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD
iptables -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES
iptables -A OUTPUT -j KUBE-FIREWALL
iptables -A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -A KUBE-SERVICES -m comment --comment "ns6/svc6:p80 has no endpoints" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT
iptables -A KUBE-EXTERNAL-SERVICES -m comment --comment "ns2/svc2:p80 has no local endpoints" -m addrtype --dst-type LOCAL -m tcp -p tcp --dport 3001 -j DROP
iptables -A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP
iptables -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
iptables -A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT
iptables -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables -t nat -N KUBE-SERVICES
iptables -t nat -N KUBE-POSTROUTING
iptables -t nat -N KUBE-MARK-MASQ
iptables -t nat -N KUBE-NODEPORTS
iptables -t nat -N KUBE-EXT-X27LE4BHSL4DOUIK
iptables -t nat -N KUBE-SVC-X27LE4BHSL4DOUIK
iptables -t nat -N KUBE-SEP-OYPFS5VJICHGATKP
iptables -t nat -N KUBE-SVC-4SW47YFZTEDKD3PK
iptables -t nat -N KUBE-SEP-UKSFD7AGPMPPLUHC
iptables -t nat -N KUBE-SEP-C6EBXVWJJZMIWKLZ
iptables -t nat -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
iptables -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
iptables -t nat -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
iptables -t nat -A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
iptables -t nat -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
iptables -t nat -A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
iptables -t nat -A KUBE-SERVICES -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 -j KUBE-SVC-X27LE4BHSL4DOUIK
iptables -t nat -A KUBE-SERVICES -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK
iptables -t nat -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
iptables -t nat -A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp --dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK
iptables -t nat -A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment "masquerade traffic for ns3/svc3:p80 external destinations" -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK
iptables -t nat -A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 cluster IP" -m tcp -p tcp -d 172.30.0.43 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment "ns3/svc3:p80 -> 10.180.0.3:80" -j KUBE-SEP-OYPFS5VJICHGATKP
iptables -t nat -A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -s 10.180.0.3 -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.3:80
iptables -t nat -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp -p tcp -d 172.30.0.44 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC
iptables -t nat -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.5:80" -j KUBE-SEP-C6EBXVWJJZMIWKLZ
iptables -t nat -A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -s 10.180.0.4 -j KUBE-MARK-MASQ
iptables -t nat -A KUBE-SEP-UKSFD7AGPMPPLUHC -m comment --comment ns4/svc4:p80 -m tcp -p tcp -j DNAT --to-destination 10.180.0.4:80
iptables -t nat -A KUBE-SEP-C6EBXVWJJZMIWKLZ -p tcp -j DNAT --to-destination 10.180.0.5:80-90 --random --persistent
iptables -L -n -v
iptables -L
iptables -t nat -L -n -v --line-numbers
iptables -t nat -L
iptables -S
iptables -t nat -S
iptables-save
iptables -t nat -E KUBE-MARK-MASQ KUBE-MARK-MASQ2
iptables -t nat -S KUBE-SEP-OYPFS5VJICHGATKP
iptables -t nat -E KUBE-MARK-MASQ2 KUBE-SERVICES
iptables -t nat -E NOPE X
iptables -t nat -X KUBE-MARK-MASQ2
# every option of every modelled extension
iptables -N T
iptables -A T -p udp --sport 53 --dport 1000:2000
iptables -A T -p udp ! --dport 53 -j DROP
iptables -A T -p icmp --icmp-type echo-request -j ACCEPT
iptables -A T -p icmp --icmp-type 3/3
iptables -A T -p icmp ! --icmp-type any
iptables -A T -p icmp --icmp-type 11
iptables -A T -p tcp --syn -j LOG --log-prefix "new: "
iptables -A T -p tcp ! --syn -j LOG --log-level 6
iptables -A T -p tcp --tcp-flags SYN,ACK SYN
iptables -A T -p tcp --tcp-flags ALL NONE
iptables -A T -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
iptables -A T -p tcp -m multiport ! --sports 1,2
iptables -A T -p udp -m multiport --ports 53
iptables -A T -m statistic --mode nth --every 3 --packet 1
iptables -A T -m statistic --mode nth --every 2
iptables -A T -m statistic --mode nth --packet 2
iptables -A T -m statistic --mode nth --every 2 --packet 2
iptables -A T -m statistic --mode random --probability 0.5 --every 2 --packet 0
iptables -A T -m statistic --mode random --probability 2
iptables -A T -m statistic --mode nth
iptables -A T -m statistic --mode random --probability x
iptables -A T -m statistic --mode nth --every 2 --packet 0 --probability 0.5
iptables -A T -m statistic --mode random --probability 0.5 --packet 0
iptables -A T -m statistic --mode nth --every 0 --packet 0
iptables -A T -m statistic --mode nth ! --every 4 --packet 0
iptables -A T -m statistic --mode random ! --probability 0.25
iptables -A T -m mark --mark 0x1
iptables -A T -m addrtype --src-type LOCAL,UNICAST ! --dst-type BROADCAST --limit-iface-in
iptables -A T -p tcp -j REJECT --reject-with tcp-reset
iptables -A T -j REJECT --reject-with icmp-host-prohibited
iptables -A T -j MARK --set-mark 5
iptables -A T -j MARK --and-mark 0xff
iptables -A T -j MARK --set-xmark 0x10/0x30
iptables -A T -m conntrack --ctstate INVALID,UNTRACKED,SNAT
iptables -A T -p 47
iptables -A T -p all -s 10.1.2.3/255.255.0.0 -i veth+
iptables -A T -p tcp --sport 0:1023 --dport 8080:
iptables -A T -p tcp --dport :1023
iptables -A T -p udp --dport domain
iptables -A T -j LOG --log-level 3
iptables -A T ! -p tcp ! -s 1.1.1.1 -j ACCEPT
iptables -A T -s 10.1
iptables -A T -p tcp --sport 1 -m tcp --dport 2
iptables -A T -p tcp -m tcp --sport 1 -m comment --comment x -m tcp --dport 2 --sport 3
iptables -A T -p tcp --dport 1 -m tcp --dport 2
iptables -A T -m comment --comment "it's \"quoted\" \\ here"
iptables -A T -m comment --comment A_b-9 -j LOG --log-prefix ab_
iptables -S T
iptables -A T -s localhost -d 10.0.0.1,localhost
iptables -A T -g DOCKERX
iptables -N DOCKERX
iptables -A T -g DOCKERX
iptables -I T 2 -p tcp --dport 22 -j ACCEPT -v
iptables -R T 1 -p udp --dport 67:68 -j ACCEPT
iptables -A T -s 1.1.1.1,2.2.2.2 -d 3.3.3.3 -j DROP -v
iptables -C T -s 1.1.1.1 -d 3.3.3.3 -j DROP -v
iptables -D T -s 2.2.2.2 -d 3.3.3.3 -j DROP -v
iptables -I T 1 -p udp -m multiport --dports 514,513 -j ACCEPT -v
iptables -R T 1 -p udp -m multiport --dports 514,513 -j RETURN -v
iptables -L T 1
iptables -nvL T 1
iptables -vnL T 1 --line-numbers
iptables --list T 1 --numeric
iptables -LT
iptables --line -n -L T 1
iptables -E T T2 -v
iptables -E T2 T -v
iptables -N Z -v
iptables -X Z -v
iptables -P FORWARD DROP -v
iptables -P FORWARD ACCEPT
iptables -D T 3
iptables -L T -n -v
iptables -L T
iptables -L T -v -x --line-numbers
iptables -S T
iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 1.2.3.4
iptables -t nat -A POSTROUTING -p tcp -o eth0 -j SNAT --to-source 1.2.3.4-1.2.3.8:1000-2000
iptables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 1000-2000 --random
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination :8080
iptables -t nat -A PREROUTING -d 1.2.3.4 -j DNAT --to-destination 10.0.0.1
iptables -t nat -S POSTROUTING
iptables -t nat -L PREROUTING -n
iptables -t nat -L POSTROUTING
iptables -t mangle -A PREROUTING -j MARK --set-mark 1
iptables -t raw -A OUTPUT -p udp -j ACCEPT
iptables -P FORWARD DROP
iptables -Z T 2
iptables -Z
iptables -L -n -Z FORWARD
iptables-save
iptables-save -t raw
# mistakes
iptables -A INPUT --foo
iptables -A INPUT x
iptables -A INPUT -s x
iptables -A INPUT -j FOO
iptables -A NOPE -j ACCEPT
iptables -D INPUT -p udp -j ACCEPT
iptables -A
iptables -L NOPE
iptables -S NOPE
iptables -t bogus -L
iptables -P INPUT FOO
iptables -P T DROP
iptables -N T
iptables -X INPUT
iptables -D INPUT 9
iptables -I INPUT 9 -j ACCEPT
iptables -R INPUT 9 -j ACCEPT
iptables -R INPUT
iptables -A INPUT -L
iptables -A INPUT -p foo
iptables -A INPUT --dport 80
iptables -A INPUT -p tcp --dport 99999
iptables -A INPUT -p tcp --dport x
iptables -A INPUT -p tcp --dport 5:3
iptables -t nat -A POSTROUTING -j DROP
iptables -t nat -P INPUT DROP
iptables -A INPUT -j DNAT --to-destination 1.2.3.4
iptables -A INPUT -j MASQUERADE
iptables -t nat -A PREROUTING -j SNAT --to-source 1.2.3.4
iptables -A INPUT -p udp -j REJECT --reject-with tcp-reset
iptables -E NOPE X
iptables -C INPUT -j DROP
iptables -N -x
iptables -N ACCEPT
iptables -N aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
iptables -A INPUT -m nosuch
iptables -A INPUT -s 1.2.3.4/33
iptables -A INPUT -i
iptables -A INPUT -i aaaaaaaaaaaaaaaaaa
iptables -Q
iptables
iptables -A INPUT -p tcp -m tcp --dport 80 --dport 81
iptables -A INPUT ! ! -p tcp
iptables -F NOPE
iptables -Z NOPE
iptables -X NOPE
iptables -L -p tcp
iptables -A INPUT -n
iptables -A INPUT -o eth0
iptables -A OUTPUT -i eth0
iptables -A INPUT !
iptables -L INPUT 0
iptables -D INPUT x
iptables -A INPUT -s 1.2.3.4 -s 1.2.3.5
iptables -A INPUT -p tcp -p udp
iptables -A INPUT ! -A INPUT
iptables -A INPUT -m comment
iptables -A INPUT -m tcp --dport 1
iptables -A INPUT -m conntrack --ctstate FOO
iptables -A INPUT -j ACCEPT -j DROP
iptables -A INPUT -j
iptables -V
iptables -h
conntrack -h
conntrack
iptables -N a b
iptables -L -n INPUT
iptables -A INPUT -s 300.1.1.1
iptables -A INPUT -m mark --mark x
iptables -A INPUT -p icmp --icmp-type foo
iptables -A INPUT -m multiport --dports 1
iptables -E DOCKERX
iptables -P INPUT
iptables -A INPUT -j REJECT --reject-with foo
iptables -A INPUT -j DNAT
iptables -A INPUT -m statistic --mode random
iptables -A INPUT -m statistic ! --mode random --probability 0.5
iptables -A INPUT -m addrtype --dst-type FOO
iptables -A INPUT -m state --state FOO
iptables -A INPUT -m state
iptables -A INPUT -j MARK
iptables -A INPUT -j MARK --set-mark x
iptables -A INPUT -p tcp --tcp-flags SYN
iptables -A INPUT -p tcp --tcp-flags SYN,FOO SYN
iptables -A INPUT -p icmp -j ACCEPT --dport 1
iptables -A INPUT -j DOCKERX -g DOCKERX
iptables -A INPUT -g ACCEPT
iptables -A INPUT -p all ! -p tcp
iptables -A INPUT ! -p all
iptables -A INPUT --source 1.1.1.1 --jump ACCEPT --protocol tcp --destination-port 1
iptables -A INPUT --sou 1.1.1.1 --ju ACCEPT
# mistakes in every extension's options
iptables -A INPUT -p tcp --sport
iptables -A INPUT -p tcp --sport 1 --source-port 2
iptables -A INPUT -p tcp --syn --syn
iptables -A INPUT -p tcp --syn --tcp-flags SYN SYN
iptables -A INPUT -p tcp --tcp-flags FOO SYN
iptables -A INPUT -p udp --syn
iptables -A INPUT -p udp --dport 70000
iptables -A INPUT -p udp --dport x
iptables -A INPUT -p udp --dport 5:3
iptables -A INPUT -p udp --sport 1 --sport 2
iptables -A INPUT -p udp --dport :
iptables -A INPUT -p udp --sport domain:
iptables -A INPUT -p tcp --sport 1 --sport 2
iptables -A INPUT -p udp --dport 1
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:0
iptables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 0
iptables -t nat -S PREROUTING
iptables -t nat -S POSTROUTING
iptables -t nat -F PREROUTING
iptables -t nat -F POSTROUTING
iptables -A INPUT -p udp --dport 1:2:3
iptables -A INPUT -p tcp --dport -1
iptables -A INPUT -p icmp --icmp-type 300
iptables -A INPUT -p icmp --icmp-type 3/300
iptables -A INPUT -p icmp --icmp-type echo --icmp-type any
iptables -A INPUT -p icmp --icmp-type e
iptables -A INPUT -p icmp --icmp-type destination
iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
iptables -A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16
iptables -A INPUT -p tcp -m multiport --dports 2:1
iptables -A INPUT -p tcp -m multiport --dports x
iptables -A INPUT -p tcp -m multiport --dports 1 --sports 2
iptables -A INPUT -p tcp -m multiport
iptables -A INPUT -p tcp -m multiport --dports 1,
iptables -A INPUT -m mark --mark 1 --mark 2
iptables -A INPUT -m mark --mark 1/x
iptables -A INPUT -m mark
iptables -A INPUT -m conntrack --ctstate
iptables -A INPUT -m conntrack
iptables -A INPUT -m conntrack --ctstate NEW --ctstate NEW
iptables -A INPUT -m addrtype
iptables -A INPUT -m addrtype --src-type LOCAL --src-type LOCAL
iptables -A INPUT -m addrtype --dst-type LOCAL --limit-iface-in --limit-iface-out
iptables -A INPUT -m comment --comment a --comment b
iptables -A INPUT -m comment ! --comment a
iptables -A INPUT -j LOG --log-level 9
iptables -A INPUT -j LOG --log-level foo
iptables -A INPUT -j LOG --log-prefix aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
iptables -A INPUT -j LOG --log-prefix a --log-prefix b
iptables -A INPUT -j REJECT --reject-with icmp-foo
iptables -A INPUT -j REJECT --reject-with tcp-reset --reject-with tcp-reset
iptables -A INPUT -j MARK --set-mark 1 --or-mark 2
iptables -A INPUT -j MARK --set-mark 1 --set-mark 2
iptables -A INPUT -j MARK --or-mark 1/2
iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4 --to-destination 1.2.3.5
iptables -t nat -A PREROUTING -j DNAT --to-destination x
iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4:80
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:0
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:90-80
iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:x
iptables -t nat -A POSTROUTING -j SNAT
iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 80
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 0
iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1:2
iptables -A INPUT -j ACCEPT --foo
iptables -A INPUT -j accept
iptables -A INPUT -i eth0 -i eth1
iptables -A INPUT ! -j ACCEPT
iptables -A INPUT ! -m tcp
iptables -A INPUT -m
iptables -A INPUT -p
iptables -A INPUT -p 256
iptables -A INPUT -p -1
iptables -A INPUT -p TCP --dport 1
iptables -A INPUT -p 6 --dport 1
iptables -A INPUT -s 1.2.3.4/255.0.255.0
iptables -A INPUT -d 0/0
iptables -A INPUT -d 1.2.3.4/0
iptables -A INPUT -c 1
iptables -A INPUT -c x y
iptables -I INPUT 1 2
iptables -L INPUT 1 2
iptables -F INPUT x
iptables -N X Y
iptables -X INPUT OUTPUT
iptables -P INPUT ACCEPT x
iptables -L -n -n
iptables -L -x -x
iptables -S -x
iptables -F -n
iptables -A INPUT --line-numbers
iptables -L -4
iptables -L -6
iptables -t nat -t filter -L
iptables -t nat ! -L
iptables -S INPUT
iptables -F INPUT
iptables -N "a b"
iptables -N ""
iptables -A "" -j ACCEPT
iptables -A INPUT -j ""
iptables -t "" -L
iptables -N 1234
iptables -N -
iptables -N !x
iptables -A INPUT -i "eth 0"
iptables -A INPUT -i eth0/1
iptables -A INPUT -i +
iptables -A INPUT -i eth+ -o !x
iptables -A INPUT -s 1.2.3.4/24
iptables -A INPUT -s 10.1.2.3/8,10.2.0.0/16
iptables -A INPUT -d 255.255.255.255
iptables -A INPUT -s 1.2.3
iptables -A INPUT -s 01.02.03.04
iptables -A INPUT -s 1.2.3.4/
iptables -A INPUT -s 1.2.3.4/-1
iptables -A INPUT -p icmp --icmp-type 8/0
iptables -A INPUT -p icmp --icmp-type ECHO-REQUEST
iptables -A INPUT -p tcp --tcp-flags syn,ack syn
iptables -A INPUT -p tcp --dport http
iptables -A INPUT -p tcp --dport HTTP
iptables -A INPUT -p tcp --sport 0x50
iptables -A INPUT -p tcp --sport 080
iptables -A INPUT -m mark --mark 0xffffffff
iptables -A INPUT -m mark --mark 4294967296
iptables -A INPUT -m conntrack --ctstate new,related
iptables -A INPUT -m addrtype --dst-type local
iptables -A INPUT -j LOG --log-level WARNING
iptables -A INPUT -j LOG --log-level warning
iptables -A INPUT -j REJECT --reject-with port-unreach
iptables -A INPUT -j REJECT --reject-with icmp-net
iptables -S INPUT
iptables -L INPUT -n
iptables -F INPUT
iptables-save -t bogus
iptables-save -x
iptables-save
# packets: counters and conntrack on lo.  iptables-nft counts a built-in
# chain's policy only once -P has set it (wirelab always counts: see
# docs/iptables.md), hence the -P lines before any traffic.
iptables -F
iptables -X
iptables -t nat -F
iptables -t mangle -F
iptables -t raw -F
iptables -P FORWARD ACCEPT
iptables -P INPUT ACCEPT
iptables -P OUTPUT ACCEPT
iptables -t nat -P PREROUTING ACCEPT
iptables -t nat -P INPUT ACCEPT
iptables -t nat -P OUTPUT ACCEPT
iptables -t nat -P POSTROUTING ACCEPT
iptables -t mangle -P PREROUTING ACCEPT
iptables -t mangle -P INPUT ACCEPT
iptables -t mangle -P FORWARD ACCEPT
iptables -t mangle -P OUTPUT ACCEPT
iptables -t mangle -P POSTROUTING ACCEPT
iptables -t raw -P PREROUTING ACCEPT
iptables -t raw -P OUTPUT ACCEPT
ip link set lo up
iptables -A OUTPUT -p icmp
iptables -A INPUT -p icmp --icmp-type echo-request
iptables -I INPUT -m conntrack --ctstate NEW,ESTABLISHED
iptables -A INPUT -s 127.0.0.1 -d 10.0.0.0/8
ping -c 2 -i 0.2 127.0.0.1
iptables -L -n -v -x
iptables -L INPUT
conntrack -C
conntrack -L -p icmp
iptables -t nat -A OUTPUT -p icmp -d 127.0.0.1 -j DNAT --to-destination 127.0.0.3
ping -c 1 127.0.0.1
conntrack -L -r 127.0.0.3
conntrack -L -s 127.0.0.1 -d 127.0.0.1
conntrack -L -o extended -p icmp
conntrack -L -g 127.0.0.3
conntrack -L --dst-nat 127.0.0.4
conntrack -L -u SEEN_REPLY -p icmp
conntrack -L -u UNREPLIED
conntrack -L -u FOO
conntrack -L conntrack -p icmp -d 127.0.0.1
conntrack -L -f ipv6
conntrack -L -f ipv4 -p icmp --src 127.0.0.1 --reply-src 127.0.0.3
iptables -t nat -L OUTPUT -n -v
conntrack -D -r 127.0.0.3
conntrack -L -r 127.0.0.3
conntrack -D -r 127.0.0.3
~ iptables -I OUTPUT -p icmp -j DROP
~ ping -c 1 -W 1 127.0.0.1
iptables -L OUTPUT -v -n
~ iptables -R OUTPUT 1 -p icmp -j REJECT
~ ping -c 1 -W 1 127.0.0.1
iptables -L OUTPUT -v -n
iptables-save -c -t filter
# iptables-restore, kube-proxy's way (--noflush, counters), then a whole
# table replaced, then mistakes
iptables -F
= echo '*filter' > @R@
= echo ':KUBE-FIREWALL - [0:0]' >> @R@
= echo '-A INPUT -j KUBE-FIREWALL' >> @R@
= echo '-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP' >> @R@
= echo 'COMMIT' >> @R@
= echo '# a comment' >> @R@
= echo '*nat' >> @R@
= echo ':KUBE-SERVICES - [0:0]' >> @R@
= echo ':KUBE-SVC-X - [0:0]' >> @R@
= echo '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES' >> @R@
= echo '-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-X' >> @R@
= echo '[5:300] -A KUBE-SVC-X -p tcp -j DNAT --to-destination 192.168.0.10:6443' >> @R@
= echo 'COMMIT' >> @R@
iptables-restore --noflush @R@
iptables-save
iptables -t nat -F KUBE-SVC-X
iptables-restore -w 5 -W 100000 --noflush --counters @R@
iptables -w 5 -W 100000 -t nat -S KUBE-SVC-X
iptables -w -t nat -S KUBE-SVC-X
iptables-save -c
iptables -t nat -L -n -v
= echo '*nat' > @R@
= echo ':POSTROUTING DROP [3:4]' >> @R@
= echo ':KUBE-SVC-Y - [0:0]' >> @R@
= echo 'COMMIT' >> @R@
iptables-restore @R@
iptables-restore -c @R@
iptables-save -c
= echo '*nat' > @R@
= echo ':POSTROUTING ACCEPT [3:4]' >> @R@
= echo ':KUBE-SVC-Y - [0:0]' >> @R@
= echo 'COMMIT' >> @R@
iptables-restore -c @R@
iptables-save -c -t nat
= echo '*filter' > @R@
= echo '-A INPUT --foo' >> @R@
= echo 'COMMIT' >> @R@
iptables-restore @R@
= echo '*filter' > @R@
= echo '-A INPUT -j ACCEPT' >> @R@
iptables-restore @R@
= echo '-A INPUT -j ACCEPT' > @R@
iptables-restore @R@
= echo '*bogus' > @R@
iptables-restore @R@
iptables-restore /nonexistent/rules
= echo '*filter' > @R@
= echo ':FOO - [0:0]' >> @R@
= echo '-A FOO -j NOPE' >> @R@
= echo 'COMMIT' >> @R@
iptables-restore @R@
iptables-save -t filter
= echo '*filter' > @R@
= echo '-A NOPE -j ACCEPT' >> @R@
= echo 'COMMIT' >> @R@
iptables-restore @R@
= echo '*filter' > @R@
= echo ':X - [0:0]' >> @R@
= echo '-A X -j ACCEPT' >> @R@
= echo '-A INPUT -j X' >> @R@
= echo '-A INPUT -j DNAT --to-destination 1.1.1.1' >> @R@
= echo 'COMMIT' >> @R@
iptables-restore @R@
iptables-save -c -t filter
= echo '*nat' > @R@
= echo 'COMMIT' >> @R@
iptables-restore --noflush @R@
iptables-save -t nat
iptables-restore @R@
iptables-save
iptables -t nat -L -n
EOF

# One script for both runs: each command between markers, its status after.
script=$WL_TMP/iptables-case.sh
k=0
while IFS= read -r line; do
    case "$line" in
        ''|'#'*) continue ;;
        # run, not compared: what another part prints differently
        # (ping's report of a locally dropped packet)
        '~ '*) printf '%s >/dev/null 2>&1 || true\n' "${line#'~ '}"; continue ;;
        # set-up, run as it is (writing a rules file)
        '= '*) printf '%s\n' "${line#'= '}"; continue ;;
    esac
    k=$((k + 1))
    printf 'echo @@begin-%d\n%s 2>&1 && echo @@ok-%d || echo @@fail-%d\n' "$k" "$line" "$k" "$k"
done <"$cmds" | sed "s|@R@|$WL_TMP/restore.rules|g" >"$script"

unshare --net bash "$script" >"$WL_TMP/real.out" 2>&1 || true
"$WIRELAB" run "$script" >"$WL_TMP/wl.out" 2>&1 || wl_fail "wirelab run failed: $(tail -5 "$WL_TMP/wl.out")"

# The text of case K: its lines (wirelab's "$ command" echo lines left
# out), then its status; the iptables-save date masked.
extract() {
    grep -v '^\$ ' "$1" | awk -v k="$2" '
        $0 == "@@begin-" k { on = 1; next }
        on && $0 == "@@ok-" k { print "[ok]"; exit }
        on && $0 == "@@fail-" k { print "[fail]"; exit }
        on { print }' |
    sed -E -e 's/^# (Generated by iptables-save v1\.8\.9 \(nf_tables\)|Completed) on .*/# \1 on DATE/' \
           -e 's/time=[0-9.]+ ms/time=X ms/' -e 's/, time [0-9]+ms/, time Nms/' \
           -e 's/^rtt min\/avg\/max\/mdev = .*/rtt X/' \
           -e 's/^(ipv4 +2 )?(icmp +1) [0-9]+ /\1\2 T /' -e 's/ id=[0-9]+/ id=N/g' |
    # conntrack's closing line is on stderr, its entries on (buffered)
    # stdout: merged, the real run has the closing line first; put it last
    awk '/^conntrack v1\.4\.7 \(conntrack-tools\): [0-9]+ flow entries/ { held = $0; next }
         /^\[(ok|fail)\]$/ && held != "" { print held; held = "" }
         { print }'
}

bad=0
k=0
while IFS= read -r line; do
    case "$line" in ''|'#'*|'~ '*|'= '*) continue ;; esac
    line=${line//@R@/$WL_TMP/restore.rules}
    k=$((k + 1))
    extract "$WL_TMP/real.out" "$k" >"$WL_TMP/r.$k"
    extract "$WL_TMP/wl.out" "$k" >"$WL_TMP/w.$k"
    # a case neither run reached would compare equal (both empty)
    grep -qx '\[ok\]\|\[fail\]' "$WL_TMP/r.$k" || wl_fail "the real run did not run: $line"
    grep -qx '\[ok\]\|\[fail\]' "$WL_TMP/w.$k" || wl_fail "wirelab did not run: $line"
    case "$line" in
        # the kernel lists connections in hash order (wirelab: creation order)
        'conntrack -L'*|'conntrack -D'*)
            LC_ALL=C sort -o "$WL_TMP/r.$k" "$WL_TMP/r.$k"
            LC_ALL=C sort -o "$WL_TMP/w.$k" "$WL_TMP/w.$k" ;;
    esac
    if ! cmp -s "$WL_TMP/r.$k" "$WL_TMP/w.$k"; then
        bad=$((bad + 1))
        echo "--- differs: $line"
        diff -u "$WL_TMP/r.$k" "$WL_TMP/w.$k" | sed -n '3,40p'
    fi
done <"$cmds"

[ "$bad" -eq 0 ] || wl_fail "$bad of $k iptables commands print differently from iptables 1.8.9"
wl_pass "$k iptables command lines print what iptables 1.8.9 (nf_tables) prints"
