#!/bin/bash
# scenarios/04-dns.lua: every check passes, the traces decode cleanly, and
# the client's DNS packets are the ones glibc and the BIND tools send on a
# real machine, command by command.
#
# Each command of the scenario starts on a whole second of simulated time
# (its on(t, ...) helper), and pcap timestamps are simulated time from the
# epoch, so `frame.time_epoch >= 30 && frame.time_epoch < 31` is the packets
# of the command typed at t = 30 s.
#
# The expected sequences were captured on Debian 12 (glibc 2.36, iputils
# 20221126, curl 7.88, BIND 9.18 tools) in network namespaces with IPv6
# disabled, the client's resolv.conf being `nameserver 10.0.0.53` + `search
# corp.example`, and dnsmasq 2.90 as 10.0.0.53 (authoritative for
# corp.example with --local, forwarding the rest) and as 8.8.8.8:
#   ping -c 1 web       A? AAAA? web.corp.example. (one socket), then
#                       PTR? 80.0.0.10.in-addr.arpa. for the reply line
#   curl http://web/    A? AAAA? web.corp.example. (one socket)
#   ping -c 1 intranet  A? AAAA? intranet.corp.example. NXDOMAIN, then
#                       A? AAAA? intranet. NXDOMAIN (a new socket)
#   dig web             A? web. NXDOMAIN (dig ignores the search list)
#   host web            A? AAAA? MX? web.corp.example. (three sockets)
# and with an empty resolv.conf, `ping -c 1 db` asks 127.0.0.1 (on lo,
# refused by ICMP port unreachable) and sends nothing out of eth0.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
wl_need_cmd tshark
cd "$WL_ROOT" || exit 1
S=scenarios/04-dns.lua
O=$WL_TMP/o/04-dns

wl_check_scenario "$S" "$WL_TMP/o"

check_pcaps --allow-empty "$O" >"$WL_TMP/pcaps" || wl_fail "$S: bad traces"

C=$O/client-eth0.pcap
[ -s "$C" ] || wl_fail "no $C"

# dns_in FILE FROM TO [FILTER]: the DNS frames with FROM <= time < TO, one
# line each: "query NAME TYPE PORT" (PORT = the client's source port) or
# "reply NAME TYPE RCODE FLAGS" (FLAGS: aa, ra as set).
dns_in() {
    local f=$1 from=$2 to=$3 extra=${4:+ && ($4)}
    _wl_tshark -r "$f" -n -Y "dns && !icmp && frame.time_epoch >= $from && frame.time_epoch < $to$extra" \
        -T fields -e dns.flags.response -e dns.qry.name -e dns.qry.type -e dns.flags.rcode \
        -e dns.flags.authoritative -e dns.flags.recavail -e udp.srcport |
    awk -F'\t' '
        function tname(t) {
            return t == 1 ? "A" : t == 28 ? "AAAA" : t == 12 ? "PTR" : t == 15 ? "MX" : "TYPE" t
        }
        function rname(r) { return r == 0 ? "NOERROR" : r == 3 ? "NXDOMAIN" : r == 2 ? "SERVFAIL" : "RCODE" r }
        $1 == 0 { print "query", $2, tname($3), $7 }
        $1 == 1 {
            fl = ""
            if ($5 == 1) fl = fl "aa"
            if ($6 == 1) fl = fl (fl == "" ? "" : ",") "ra"
            print "reply", $2, tname($3), rname($4), (fl == "" ? "-" : fl)
        }'
}
# queries FROM TO: the query lines without ports; replies FROM TO: the reply
# lines, sorted (their order is the network's, not the resolver's).
queries() { dns_in "$C" "$1" "$2" | awk '$1 == "query" { print $2, $3 }'; }
replies() { dns_in "$C" "$1" "$2" | awk '$1 == "reply" { print $2, $3, $4 }' | LC_ALL=C sort; }
# ports FROM TO: the distinct source ports of the queries, in order of use.
ports() { dns_in "$C" "$1" "$2" | awk '$1 == "query" && !seen[$4]++ { print $4 }'; }

expect_lines() {   # expect_lines WHAT WANT GOT
    [ "$2" = "$3" ] || { printf 'want:\n%s\ngot:\n%s\n' "$2" "$3" >&2; wl_fail "$1"; }
}

# ---- steps 1 and 2: /etc/hosts, no DNS on the wire --------------------------
[ -z "$(dns_in "$C" 0 10)" ] || { dns_in "$C" 0 10 >&2; wl_fail "DNS on the client's eth0 before step 3"; }
got=$(_wl_tshark -r "$C" -n -Y 'frame.time_epoch >= 1 && frame.time_epoch < 2' -T fields -e frame.number)
[ -z "$got" ] || wl_fail "the failed ping -c 1 db (t=1s) sent something out of eth0"
# No nameserver line: glibc's default server is 127.0.0.1, on the client's lo.
L=$O/client-lo.pcap
[ -s "$L" ] || wl_fail "no $L: glibc asks 127.0.0.1 when resolv.conf names no server"
got=$(_wl_tshark -r "$L" -n -Y 'dns && !icmp && frame.time_epoch >= 1 && frame.time_epoch < 2' \
        -T fields -e ip.dst -e udp.dstport -e dns.qry.name | awk 'NR == 1')
expect_lines "ping -c 1 db: the first query goes to 127.0.0.1:53" "$(printf '127.0.0.1\t53\tdb')" "$got"
n=$(_wl_tshark -r "$L" -n -Y 'icmp.type == 3 && icmp.code == 3 && frame.time_epoch >= 1 && frame.time_epoch < 2' \
        -T fields -e frame.number | wc -l)
[ "$n" -ge 1 ] || wl_fail "ping -c 1 db: no ICMP port unreachable on lo (nobody listens on 127.0.0.1:53)"
_wl_tshark -r "$C" -Y 'frame.time_epoch >= 2 && frame.time_epoch < 3' -w "$WL_TMP/t2.pcap" ||
    wl_fail "tshark could not cut $C"
got=$(pcap_proto_sequence "$WL_TMP/t2.pcap" | tr '\n' ' ')
expect_lines "ping -c 1 db with db in /etc/hosts: ARP and ICMP only" "arp arp icmp icmp " "$got"
[ -z "$(dns_in "$C" 14 15)" ] || wl_fail "ping -c 1 db (t=14s) asked DNS although db is in /etc/hosts"

# ---- step 3: the company's server answers authoritatively -------------------
expect_lines "dig web.corp.example (t=11s)" \
    "$(printf 'query web.corp.example A\nreply web.corp.example A NOERROR aa,ra')" \
    "$(dns_in "$C" 11 12 | awk '{ NF = ($1 == "query" ? 3 : 5); print }')"

# ---- step 4: 8.8.8.8 directly, then through the forwarder -------------------
expect_lines "dig @8.8.8.8 example.org (t=20s)" \
    "$(printf 'query example.org A\nreply example.org A NOERROR ra')" \
    "$(dns_in "$C" 20 21 'ip.addr == 8.8.8.8' | awk '{ NF = ($1 == "query" ? 3 : 5); print }')"
D=$O/dns-eth0.pcap
got=$(dns_in "$D" 21 22 'ip.src == 10.0.0.53 && ip.dst == 8.8.8.8' | awk '{ print $1, $2, $3 }' | awk 'NR == 1')
expect_lines "nslookup example.org (t=21s): dns forwards to 8.8.8.8" "query example.org A" "$got"
got=$(dns_in "$C" 21 22 | awk '$1 == "reply" && $2 == "example.org" && $3 == "A" && !done { print $5; done = 1 }')
expect_lines "the forwarded answer is not authoritative" "ra" "$got"

# ---- step 5: search domains, exactly as glibc walks them --------------------
expect_lines "ping -c 1 web (t=30s): queries" \
    "$(printf 'web.corp.example A\nweb.corp.example AAAA\n80.0.0.10.in-addr.arpa PTR')" "$(queries 30 31)"
expect_lines "ping -c 1 web: replies" \
    "$(printf '80.0.0.10.in-addr.arpa PTR NOERROR\nweb.corp.example A NOERROR\nweb.corp.example AAAA NOERROR')" \
    "$(replies 30 31)"
[ "$(dns_in "$C" 30 31 | awk '$1 == "query" && $3 != "PTR" { print $4 }' | sort -u | wc -l)" -eq 1 ] ||
    wl_fail "ping -c 1 web: A and AAAA not sent from one socket"

expect_lines "curl http://web/ (t=31s): queries" \
    "$(printf 'web.corp.example A\nweb.corp.example AAAA')" "$(queries 31 32)"
expect_lines "curl http://web/: replies" \
    "$(printf 'web.corp.example A NOERROR\nweb.corp.example AAAA NOERROR')" "$(replies 31 32)"
[ "$(ports 31 32 | wc -l)" -eq 1 ] || wl_fail "curl: A and AAAA not sent from one socket"

expect_lines "ping -c 1 intranet (t=32s): the NXDOMAIN walk" \
    "$(printf 'intranet.corp.example A\nintranet.corp.example AAAA\nintranet A\nintranet AAAA')" \
    "$(queries 32 33)"
expect_lines "ping -c 1 intranet: replies" \
    "$(printf 'intranet A NXDOMAIN\nintranet AAAA NXDOMAIN\nintranet.corp.example A NXDOMAIN\nintranet.corp.example AAAA NXDOMAIN')" \
    "$(replies 32 33)"
got=$(dns_in "$C" 32 33 | awk '$1 == "query" { print $2, $4 }' | awk '
    { port[$1] = (port[$1] == "" || port[$1] == $2) ? $2 : "mixed" }
    END { print (port["intranet.corp.example"] != "mixed" && port["intranet"] != "mixed" &&
                 port["intranet.corp.example"] != port["intranet"]) ? "ok" : "bad" }')
expect_lines "one socket per candidate name, a new one for the next" "ok" "$got"

expect_lines "dig web (t=33s): web. only, NXDOMAIN" \
    "$(printf 'query web A\nreply web A NXDOMAIN')" \
    "$(dns_in "$C" 33 34 | awk '{ NF = ($1 == "query" ? 3 : 4); print }')"

expect_lines "host web (t=34s): the search list, A, AAAA and MX" \
    "$(printf 'web.corp.example A\nweb.corp.example AAAA\nweb.corp.example MX')" "$(queries 34 35)"

wl_pass "04-dns: checks pass, traces clean, the resolver's queries as on Linux"
