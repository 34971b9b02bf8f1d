#!/bin/bash
# Differential test of the resolver (lib-dns.sh): a name only in
# /etc/hosts, with `hosts: files dns`.  getaddrinfo (getent ahosts, ping)
# finds it in the file and sends no query at all; ping's getnameinfo() of
# each reply finds the address there too (no PTR query).  But getent
# hosts asks for AF_INET6 first: the file has no IPv6 line for the name,
# so DNS is asked for AAAA through the whole search list before AF_INET
# finds the line (captured on Debian 12).  An address as the key is
# gethostbyaddr(): found in the file without a query, or a PTR query.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-dns.sh
. "$(dirname "$0")/lib-dns.sh"
wld_need_env
WLD_CASE=$WL_TMP/dns-hosts-only-case
rm -rf "$WLD_CASE"; mkdir -p "$WLD_CASE"
printf 'nameserver 10.0.0.53\nsearch example.com\n' >"$WLD_CASE/resolv.conf"
printf 'hosts: files dns\n' >"$WLD_CASE/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n10.0.0.80\tdb.internal db\n' >"$WLD_CASE/hosts"
printf '10.0.0.81 www.example.com\n' >"$WLD_CASE/dns-hosts"
# Names under example.com are answered (NXDOMAIN when missing), others
# REFUSED; reverse names from the records (dnsmasq: its hosts file).
printf -- '--local=/example.com/\n' >"$WLD_CASE/dnsmasq.args"
cat >"$WLD_CASE/server.lua" <<'LUA'
{ zones = { ["example.com"] = { { "www", "A", "10.0.0.81" } } }, ptr = true }
LUA
cat >"$WLD_CASE/commands" <<'CMDS'
getent ahosts db
ping -c1 db
getent hosts db
getent hosts 10.0.0.80
getent hosts 10.0.0.81
CMDS
wld_case dns-hosts-only
