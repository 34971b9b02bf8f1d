#!/bin/bash
# n:dns_server{...} (docs/dns-server.md): the Lua API's errors name the zone,
# the record and what was expected; a server answers real queries (dig from
# a client), its query log reads as dnsmasq's, and tshark decodes every
# answer on the wire with the flags and sections the real servers send.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

# check FIXTURE: every expectation passes.
check() {
    local rc=0
    "$WIRELAB" check "$F/$1" --out "$WL_TMP/o" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
    [ "$rc" -eq 0 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "$1: check exited $rc"; }
    ! grep -q '^FAIL' "$WL_TMP/out" || { grep '^FAIL' "$WL_TMP/out" >&2; wl_fail "$1: a check failed"; }
    grep -qE "^$F/$1: [1-9][0-9]* passed, 0 failed$" "$WL_TMP/out" ||
        { cat "$WL_TMP/out" >&2; wl_fail "$1: no count line"; }
}

check dns-server-errors.lua

# The answers need a client: dig on the client node (implemented: no skip).
wl_need_cmd tshark
check dns-server.lua
O=$WL_TMP/o/dns-server
check_pcaps --allow-empty "$O" >/dev/null || wl_fail "dns-server: bad traces"

# Every answer the forwarder sent, as tshark decodes it:
#   qname type rcode aa ra ancount nscount
got=$(_wl_tshark -r "$O/dns-eth0.pcap" -n -Y "dns.flags.response == 1 && ip.src == 10.0.0.53" \
    -T fields -e dns.qry.name -e dns.qry.type -e dns.flags.rcode -e dns.flags.authoritative \
    -e dns.flags.recavail -e dns.count.answers -e dns.count.auth_rr)
want=$(printf '%s\n' \
    "www.example.com	1	0	1	1	2	0" \
    "web.example.com	1	0	1	1	3	0" \
    "nope.example.com	1	3	1	1	0	1" \
    "www.example.com	15	0	1	1	0	1" \
    "80.0.0.10.in-addr.arpa	12	0	1	1	1	0" \
    "example.org	1	0	0	1	1	0" \
    "example.org	1	0	0	1	1	0")
[ "$got" = "$want" ] || { printf 'want:\n%s\ngot:\n%s\n' "$want" "$got" >&2; wl_fail "the forwarder's answers"; }

# The cached answer's TTL counted down on the wire too.
ttls=$(_wl_tshark -r "$O/dns-eth0.pcap" -n -Y "dns.flags.response == 1 && dns.qry.name == example.org && ip.dst == 10.0.0.10" \
    -T fields -e dns.resp.ttl)
[ "$ttls" = "$(printf '294\n282')" ] || wl_fail "example.org's TTLs: $ttls"

# The forwarder's question to 8.8.8.8 came from a random port with RD set.
q=$(_wl_tshark -r "$O/public-eth0.pcap" -n -Y "dns.flags.response == 0 && ip.src == 10.0.0.53" \
    -T fields -e dns.flags.recdesired -e udp.dstport -e udp.srcport)
case $q in 1$'\t'53$'\t'[0-9]*) ;; *) wl_fail "the forwarded query: $q" ;; esac
[ "$(printf '%s' "$q" | cut -f3)" != 53 ] || wl_fail "forwarded from port 53"

wl_pass "n:dns_server"
