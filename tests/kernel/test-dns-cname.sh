#!/bin/bash
# Differential test of the resolver (lib-dns.sh): a name that is an alias
# (CNAME) of another.  glibc 2.36 follows the chain inside the answer: the
# canonical name is the target (ping's PING line, getent ahosts' first
# line), the name asked for becomes an alias (getent hosts' third column).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-dns.sh
. "$(dirname "$0")/lib-dns.sh"
wld_need_env
WLD_CASE=$WL_TMP/dns-cname-case
rm -rf "$WLD_CASE"; mkdir -p "$WLD_CASE"
printf 'nameserver 10.0.0.53\nsearch example.com\n' >"$WLD_CASE/resolv.conf"
printf 'hosts: files dns\n' >"$WLD_CASE/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n' >"$WLD_CASE/hosts"
printf '10.0.0.80 www.example.com\n' >"$WLD_CASE/dns-hosts"
printf -- '--local=/example.com/\n--cname=alias.example.com,www.example.com\n' >"$WLD_CASE/dnsmasq.args"
cat >"$WLD_CASE/server.lua" <<'LUA'
{ zones = { ["example.com"] = { { "www", "A", "10.0.0.80" }, { "alias", "CNAME", "www" } } },
  ptr = true }
LUA
cat >"$WLD_CASE/commands" <<'CMDS'
getent hosts alias
getent ahosts alias.example.com
ping -c1 alias
CMDS
wld_case dns-cname
