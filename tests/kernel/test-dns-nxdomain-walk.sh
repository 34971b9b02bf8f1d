#!/bin/bash
# Differential test of the resolver (lib-dns.sh): a name nobody has.  With
# a search list of two domains and ndots at its default, glibc 2.36 tries
# NAME.a.example, NAME.example.com, then NAME as it is; every answer is
# NXDOMAIN, so getent exits 2 without a word, ping says "Name or service
# not known" (EAI_NONAME) and traceroute its two lines.  getent hosts
# walks the list twice (AAAA, then A); ping and traceroute ask A and AAAA
# together from one socket per candidate.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-dns.sh
. "$(dirname "$0")/lib-dns.sh"
wld_need_env
command -v traceroute >/dev/null 2>&1 || wl_skip "traceroute not installed"
WLD_CASE=$WL_TMP/dns-nxdomain-case
rm -rf "$WLD_CASE"; mkdir -p "$WLD_CASE"
printf 'nameserver 10.0.0.53\nsearch a.example example.com\n' >"$WLD_CASE/resolv.conf"
printf 'hosts: files dns\n' >"$WLD_CASE/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n' >"$WLD_CASE/hosts"
printf '10.0.0.80 www.example.com\n' >"$WLD_CASE/dns-hosts"
# dnsmasq: NXDOMAIN for every name it does not have; wirelab: a server
# authoritative for the root (and so for every name).
printf -- '--local=/#/\n' >"$WLD_CASE/dnsmasq.args"
cat >"$WLD_CASE/server.lua" <<'LUA'
{ zones = { ["."] = { { "ns", "A", "10.0.0.53" } },
            ["example.com"] = { { "www", "A", "10.0.0.80" } } } }
LUA
cat >"$WLD_CASE/commands" <<'CMDS'
getent hosts nope
getent ahosts nope
ping -c1 nope
traceroute nope
CMDS
wld_case dns-nxdomain-walk
