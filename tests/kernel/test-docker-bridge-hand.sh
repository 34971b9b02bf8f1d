#!/bin/bash
# Differential test: Docker's bridge network built by hand — a docker0
# bridge, a "container" namespace c1 (172.17.0.2) on it, and the iptables
# rule set Docker (<= 27) writes for `docker run -p 8080:80`
# (/work/shared/reference/networking.md §4.1, docs of moby ac4a95d, with
# docker0 and 172.17.0.0/16) — real kernel + curl + nginx against wirelab.
#
#   ext 10.0.0.2 ── eth0 host 10.0.0.1 ── docker0 172.17.0.1/16 ── veth ── c1 172.17.0.2
#
# The same setup lines (ip, sysctl, iptables: tests/kernel/cases/docker-bridge-hand.setup,
# read by both sides) build it.  Then:
#   ext$  curl http://10.0.0.1:8080/    PREROUTING -> DOCKER: DNAT to 172.17.0.2:80;
#                                       FORWARD -> DOCKER: ACCEPT (dport 80)
#   host$ curl http://10.0.0.1:8080/    the host itself: nat OUTPUT -> DOCKER: DNAT,
#                                       the packet routed again, out of docker0
#   c1$   ping -c 1 10.0.0.2            POSTROUTING: MASQUERADE (-s 172.17.0.0/16 ! -o docker0)
#   host$ conntrack -L, iptables -L -n -v -x, iptables -t nat -L -n -v -x
# nginx (real) and n:http_server (wirelab) serve "hello from the container"
# in c1.  Compared: each command's output and exit status (conntrack -L
# masked as in lib-nat.sh); nginx's access log (the clients 10.0.0.2 and
# 10.0.0.1, not translated); every IP packet on the host's eth0 and docker0
# and on c1's eth0 (direction, TCP flags, relative seq/ack, length, ICMP
# type); every frame of wirelab's traces decodes with good checksums.
#
# Skips (77) without root, namespaces, nginx, curl, iptables or conntrack.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
# shellcheck source=tests/kernel/lib-nat.sh
. "$(dirname "$0")/lib-nat.sh"
# shellcheck source=tests/kernel/lib-http.sh
. "$(dirname "$0")/lib-http.sh"
wlk_need_env
wlnat_need_tools
wlhttp_need_tools
SETUP=$(cd "$(dirname "$0")" && pwd)/cases/docker-bridge-hand.setup
[ -f "$SETUP" ] || wl_fail "no $SETUP"

R=$WL_TMP/real
W=$WL_TMP/wl
mkdir -p "$W"
wlhttp_nginx "$R" "hello from the container" 80

# name|namespace ("-": the host)|command line
CMDS=(
    "curl-ext|ext|curl -sS http://10.0.0.1:8080/"
    "curl-host|-|curl -sS http://10.0.0.1:8080/"
    "ping|c1|ping -c 1 10.0.0.2"
    "ct|-|conntrack -L"
    "filter|-|iptables -L -n -v -x"
    "nat|-|iptables -t nat -L -n -v -x"
)

# ---- the real run, in its own namespaces -------------------------------------
{
    wlk_private_prologue
    cat <<EOF
for k in all default lo; do echo 1 >/proc/sys/net/ipv6/conf/\$k/disable_ipv6; done
ip link set lo up
ip() {
    command ip "\$@" || return
    if [ "\$1" = netns ] && [ "\$2" = add ]; then
        command ip netns exec "\$3" sh -c 'for k in all default lo; do echo 1 >/proc/sys/net/ipv6/conf/\$k/disable_ipv6; done'
    fi
}
. $SETUP >/dev/null
ip netns exec c1 nginx -c $R/nginx.conf
P=()
for c in "-i eth0 -w $R/host-eth0.pcap" "-i docker0 -w $R/host-docker0.pcap"; do
    tcpdump -U --immediate-mode -s 0 \$c >/dev/null 2>&1 &
    P+=(\$!)
done
ip netns exec c1 tcpdump -U --immediate-mode -s 0 -i eth0 -w $R/c1-eth0.pcap >/dev/null 2>&1 &
P+=(\$!)
sleep 1
set +e
EOF
    wlhttp_real_cmds "$R/out"
    cat <<EOF
kill -INT "\${P[@]}"
kill \$(cat $R/nginx.pid) || true
sleep 0.3
EOF
} >"$R/run.sh"
: >"$R/out"
wlk_run_private "$R/run.sh"

# ---- the wirelab run -----------------------------------------------------------
{
    echo 'local h = host("host")'
    echo 'h:sh_block([['
    cat "$SETUP"
    echo ']])'
    cat <<'EOF'
local srv = node("c1"):http_server{ routes = { ["/"] = "hello from the container\n" } }
sleep("1s")
local function on(ns) if ns == "-" then return h end return node(ns) end
local function run(name, ns, cmd)
  local out, st, err = on(ns):sh(cmd, { check = false })
  print("@@" .. name .. "\n" .. out .. err .. "@@status " .. st)
  sleep("0.5s")
end
EOF
    wlhttp_lua_cmds
    printf '%s\n' 'print("@@access\n" .. srv.output .. "@@end")'
} >"$W/docker-bridge.lua"
wlhttp_run_wirelab "$W/docker-bridge.lua" "$W"
T=$W/o/docker-bridge

# ---- compare ---------------------------------------------------------------------
# IGMP is left out, as lib-kernel.sh does: the kernel's bridge docker0 sends
# an IGMPv3 report when it comes up (wirelab has no multicast), and
# conntrack's generic tracker lists it ("unknown 2"); the summary's count is
# lowered to match.
no_igmp_entry() {
    awk '/^unknown 2 / { n++; next }
         /^~conntrack v.*flow entries have been shown\.$/ { sub(/: [0-9]+ flow/, ": " ($(NF - 5) - n) " flow") }
         { print }'
}
mask() {
    case $1 in
        ct) wlnat_mask_conntrack | no_igmp_entry ;;
        curl*) sed -E 's/after [0-9]+ ms/after N ms/' ;;
        ping) sed -E -e 's/time=[0-9.]+ ms/time=X ms/' -e 's/^rtt .*/rtt X/' -e 's/, time [0-9]+ms/, time Nms/' ;;
        *) cat ;;
    esac
}
wlhttp_compare_cmds "$R/out" "$W/out"

wlhttp_access "$R/access.log" "$W/out"
if diff -q "$WL_TMP/k.access" "$WL_TMP/w.access" >/dev/null; then
    echo "== same access log:"; sed 's/^/     /' "$WL_TMP/k.access"
else
    wlhttp_bad "-- access logs differ"
    diff -U 1 --label nginx --label wirelab "$WL_TMP/k.access" "$WL_TMP/w.access" | sed 's/^/   /' >&2
fi

for t in host-eth0 host-docker0 c1-eth0; do
    wlhttp_compare_packets "$R/$t.pcap" "$T/$t.pcap" "$t" "" 'ip && !igmp'
done
check_pcaps --allow-empty "$T" >"$WL_TMP/pcaps" 2>&1 ||
    { wlhttp_bad "-- wirelab's traces: bad frames:"; head -n 20 "$WL_TMP/pcaps" >&2; }

if [ "$WLHTTP_FAIL" -ne 0 ]; then
    wlhttp_show_outputs "$R/out" "$W/out"
    wl_fail "the hand-built Docker bridge differs from the kernel's (above; WL_KEEP_TMP=1 keeps $WL_TMP)"
fi
wl_pass "hand-built Docker bridge with -p 8080:80: published port from outside and from the host, MASQUERADE out, counters and conntrack as on Linux"
