#!/bin/bash
# Differential test of the resolver (lib-dns.sh): the first nameserver has
# no server on port 53.  Its ICMP port unreachable reaches glibc's
# connect()ed socket at once (ECONNREFUSED): no timeout, the next
# nameserver answers.  The next candidate starts at the first server
# again, from a fresh socket.  With many queries in a row the server's
# ICMP rate limit (icmp_ratelimit, a burst of 6) starts to show: a query
# that gets no port unreachable waits for its timeout (timeout:1 here).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-dns.sh
. "$(dirname "$0")/lib-dns.sh"
wld_need_env
WLD_CASE=$WL_TMP/dns-refused-case
rm -rf "$WLD_CASE"; mkdir -p "$WLD_CASE"
printf 'nameserver 10.0.0.80\nnameserver 10.0.0.53\nsearch a.example\noptions timeout:1\n' \
    >"$WLD_CASE/resolv.conf"
printf 'hosts: files dns\n' >"$WLD_CASE/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n' >"$WLD_CASE/hosts"
printf '10.0.0.80 www.example.com\n' >"$WLD_CASE/dns-hosts"
printf -- '--local=/#/\n' >"$WLD_CASE/dnsmasq.args"
cat >"$WLD_CASE/server.lua" <<'LUA'
{ zones = { ["."] = { { "ns", "A", "10.0.0.53" } },
            ["example.com"] = { { "www", "A", "10.0.0.80" } } },
  listen = "10.0.0.53" }
LUA
cat >"$WLD_CASE/commands" <<'CMDS'
getent ahosts www.example.com
getent hosts www
CMDS
wld_case dns-refused
