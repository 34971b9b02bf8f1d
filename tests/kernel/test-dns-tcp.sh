#!/bin/bash
# Differential test of the resolver (lib-dns.sh): an answer too big for
# 512 bytes of UDP.  The server sends what fits with TC set; glibc 2.36
# (send_vc) asks the same questions again over TCP to the same server,
# both in one write, each after its 2-byte length, and prints all 40
# addresses.  (dnsmasq rotates the order of its records: the lines are
# compared sorted.)
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-dns.sh
. "$(dirname "$0")/lib-dns.sh"
wld_need_env
WLD_CASE=$WL_TMP/dns-tcp-case
rm -rf "$WLD_CASE"; mkdir -p "$WLD_CASE"
printf 'nameserver 10.0.0.53\n' >"$WLD_CASE/resolv.conf"
printf 'hosts: files dns\n' >"$WLD_CASE/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n' >"$WLD_CASE/hosts"
: >"$WLD_CASE/dns-hosts"
recs=""
for i in $(seq 1 40); do
    echo "10.0.1.$i big.example.com" >>"$WLD_CASE/dns-hosts"
    recs="$recs { \"big\", \"A\", \"10.0.1.$i\" },"
done
printf -- '--local=/example.com/\n' >"$WLD_CASE/dnsmasq.args"
echo "{ zones = { [\"example.com\"] = { $recs } } }" >"$WLD_CASE/server.lua"
cat >"$WLD_CASE/commands" <<'CMDS'
getent ahosts big.example.com
CMDS
WLD_SORT_OUTPUT=1 wld_case dns-tcp
