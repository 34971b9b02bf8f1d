#!/bin/bash
# Differential test of the resolver (lib-dns.sh): a short name with a
# search list of two domains, ndots at its default (1), found under the
# second domain.  glibc 2.36 (captured): getent hosts walks the whole list
# with AAAA (NXDOMAIN, NODATA, then the name as it is), then with A;
# getent ahosts asks A only (AI_ADDRCONFIG, no IPv6 address); ping asks A
# and AAAA together from one socket per candidate, then a PTR query for
# the source of every reply it prints (getnameinfo); traceroute does the
# same for every hop address it prints.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-dns.sh
. "$(dirname "$0")/lib-dns.sh"
wld_need_env
command -v traceroute >/dev/null 2>&1 || wl_skip "traceroute not installed"
WLD_CASE=$WL_TMP/dns-search-case
rm -rf "$WLD_CASE"; mkdir -p "$WLD_CASE"
printf 'nameserver 10.0.0.53\nsearch a.example example.com\n' >"$WLD_CASE/resolv.conf"
printf 'hosts: files dns\n' >"$WLD_CASE/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n' >"$WLD_CASE/hosts"
printf '10.0.0.80 www.example.com\n10.0.0.53 ns.a.example\n' >"$WLD_CASE/dns-hosts"
# dnsmasq answers for both zones (NXDOMAIN for names it lacks, NODATA for
# AAAA of a name it has) and refuses the rest, as wirelab's server does
# outside its zones.
printf -- '--local=/a.example/\n--local=/example.com/\n' >"$WLD_CASE/dnsmasq.args"
cat >"$WLD_CASE/server.lua" <<'LUA'
{ zones = { ["example.com"] = { { "www", "A", "10.0.0.80" } },
            ["a.example"] = { { "ns", "A", "10.0.0.53" } } },
  ptr = true }
LUA
cat >"$WLD_CASE/commands" <<'CMDS'
getent hosts www
getent ahosts www
ping -c1 www
traceroute -q1 www
CMDS
wld_case dns-search
