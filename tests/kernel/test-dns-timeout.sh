#!/bin/bash
# Differential test of the resolver (lib-dns.sh): two nameservers that
# never answer (a black hole), `options timeout:1 attempts:2`.  glibc
# 2.36: each candidate goes to the first server, 1 s later to the second,
# then both again (same socket per server, same query id), then the next
# candidate; after the last, "Temporary failure in name resolution"
# (EAI_AGAIN).  The times between the queries are compared too.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-dns.sh
. "$(dirname "$0")/lib-dns.sh"
wld_need_env
WLD_CASE=$WL_TMP/dns-timeout-case
rm -rf "$WLD_CASE"; mkdir -p "$WLD_CASE"
printf 'nameserver 10.0.1.53\nnameserver 10.0.1.54\nsearch a.example\noptions timeout:1 attempts:2\n' \
    >"$WLD_CASE/resolv.conf"
printf 'hosts: files dns\n' >"$WLD_CASE/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n' >"$WLD_CASE/hosts"
printf '10.0.0.80 www.example.com\n' >"$WLD_CASE/dns-hosts"
: >"$WLD_CASE/dnsmasq.args"
cat >"$WLD_CASE/server.lua" <<'LUA'
{ zones = { ["example.com"] = { { "www", "A", "10.0.0.80" } } } }
LUA
cat >"$WLD_CASE/commands" <<'CMDS'
ping -c1 www
CMDS
wld_case dns-timeout
