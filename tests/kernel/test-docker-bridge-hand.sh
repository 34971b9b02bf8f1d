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
wlk_need_env
wlnat_need_tools
command -v nginx >/dev/null || wl_skip "nginx is not installed (apt-get install nginx-light)"
command -v curl >/dev/null || wl_skip "curl is not installed"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
SETUP=$(cd "$(dirname "$0")" && pwd)/cases/docker-bridge-hand.setup
[ -f "$SETUP" ] || wl_fail "no $SETUP"

R=$WL_TMP/real
W=$WL_TMP/wl
mkdir -p "$R/www" "$W"
chmod 755 "$WL_TMP" "$R" "$R/www"
printf 'hello from the container\n' >"$R/www/index.html"
cat >"$R/nginx.conf" <<EOF
user root;
worker_processes 1;
daemon on;
pid $R/nginx.pid;
error_log $R/error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $R/access.log combined;
  client_body_temp_path $R/body;
  proxy_temp_path $R/proxy;
  fastcgi_temp_path $R/fastcgi;
  uwsgi_temp_path $R/uwsgi;
  scgi_temp_path $R/scgi;
  server { listen 80; root $R/www; index index.html; }
}
EOF

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
    cat <<EOF
set -e
mount --make-rprivate /
mkdir -p /run/netns
mount -t tmpfs -o mode=0755 wlk-netns /run/netns
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
    for c in "${CMDS[@]}"; do
        IFS='|' read -r name ns cmd <<<"$c"
        prefix=""
        [ "$ns" = - ] || prefix="ip netns exec $ns "
        printf 'echo @@%s >>%s/out\n' "$name" "$R"
        printf '%s%s >>%s/out 2>&1; echo "@@status $?" >>%s/out\n' "$prefix" "$cmd" "$R" "$R"
        printf 'sleep 0.5\n'
    done
    cat <<EOF
kill -INT "\${P[@]}"
kill \$(cat $R/nginx.pid) || true
sleep 0.3
EOF
} >"$R/run.sh"
: >"$R/out"
timeout -k 5 60 unshare --net --mount --pid --fork --kill-child --mount-proc bash "$R/run.sh" \
    >"$R/log" 2>&1 || { cat "$R/log" >&2; wl_fail "the real run failed"; }

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
    for c in "${CMDS[@]}"; do
        IFS='|' read -r name ns cmd <<<"$c"
        printf 'run("%s", "%s", "%s")\n' "$name" "$ns" "$cmd"
    done
    printf '%s\n' 'print("@@access\n" .. srv.output .. "@@end")'
} >"$W/docker-bridge.lua"
wlrc=0
"$WIRELAB" run "$W/docker-bridge.lua" --seed "$WLK_SEED" --out "$W/o" >"$W/stdout" 2>"$W/stderr" || wlrc=$?
[ "$wlrc" -eq 0 ] || { tail -n 20 "$W/stderr" >&2; wl_fail "wirelab run exited $wlrc"; }
sed -E 's/^\[ *[0-9.]+s\] //' "$W/stdout" | grep -v '^\[[a-z]' >"$W/out"
T=$W/o/docker-bridge

# ---- compare ---------------------------------------------------------------------
fail=0
bad() { printf '%s\n' "$*" >&2; fail=1; }
block() { awk -v n="@@$2" '$0 == n { on = 1; next } /^@@/ { on = 0 } on' "$1"; }
status() { awk -v n="@@$2" '$0 == n { on = 1; next } on && /^@@status / { print $2; exit }' "$1"; }
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
for c in "${CMDS[@]}"; do
    IFS='|' read -r name ns cmd <<<"$c"
    block "$R/out" "$name" | mask "$name" >"$WL_TMP/k.$name"
    block "$W/out" "$name" | mask "$name" >"$WL_TMP/w.$name"
    ks=$(status "$R/out" "$name"); ws=$(status "$W/out" "$name")
    [ "$ks" = "$ws" ] || bad "-- $ns: $cmd: exit status $ks on the kernel, $ws in wirelab"
    if diff -q "$WL_TMP/k.$name" "$WL_TMP/w.$name" >/dev/null; then
        echo "== same output: ${ns/#-/host}\$ $cmd (exit $ks)"
    else
        bad "-- output differs: ${ns/#-/host}\$ $cmd"
        diff -U 2 --label kernel --label wirelab "$WL_TMP/k.$name" "$WL_TMP/w.$name" | head -n 40 | sed 's/^/   /' >&2
    fi
done

masklog() { sed -E 's/\[[0-9]{2}\/[A-Za-z]{3}\/[0-9]{4}:[0-9:]{8} \+0000\]/[DATE]/'; }
masklog <"$R/access.log" >"$WL_TMP/k.access"
block "$W/out" access | masklog >"$WL_TMP/w.access"
if diff -q "$WL_TMP/k.access" "$WL_TMP/w.access" >/dev/null; then
    echo "== same access log:"; sed 's/^/     /' "$WL_TMP/k.access"
else
    bad "-- access logs differ"; diff -U 1 --label nginx --label wirelab "$WL_TMP/k.access" "$WL_TMP/w.access" | sed 's/^/   /' >&2
fi

seqs() {
    _wl_tshark -r "$1" -n -Y 'ip && !igmp' -T fields -E separator='|' -E occurrence=f -e ip.src -e ip.dst \
        -e ip.proto -e tcp.flags.str -e tcp.seq -e tcp.ack -e tcp.len -e icmp.type \
        -e http.request.method -e http.request.uri -e http.response.code |
    awk -F'|' '{ f = $4; gsub(/·/, "", f)
        if ($3 == 6) {
            h = $9 != "" ? " " $9 " " $10 : ($11 != "" ? " status " $11 : "")
            printf "%s > %s tcp %s seq=%s ack=%s len=%s%s\n", $1, $2, f, $5, $6, $7, h
        } else printf "%s > %s proto %s type %s\n", $1, $2, $3, $8 }'
}
for t in host-eth0 host-docker0 c1-eth0; do
    [ -s "$R/$t.pcap" ] || { bad "-- the real run captured nothing on $t"; continue; }
    [ -f "$T/$t.pcap" ] || { bad "-- wirelab wrote no $t.pcap"; continue; }
    seqs "$R/$t.pcap" >"$WL_TMP/k.$t.seq"
    seqs "$T/$t.pcap" >"$WL_TMP/w.$t.seq"
    if diff -q "$WL_TMP/k.$t.seq" "$WL_TMP/w.$t.seq" >/dev/null; then
        echo "== $t: the same $(wc -l <"$WL_TMP/k.$t.seq") IP packets"
    else
        bad "-- $t: the packets differ (--- kernel, +++ wirelab):"
        diff -U 2 --label kernel --label wirelab "$WL_TMP/k.$t.seq" "$WL_TMP/w.$t.seq" | head -n 40 | sed 's/^/   /' >&2
    fi
done
check_pcaps --allow-empty "$T" >"$WL_TMP/pcaps" 2>&1 ||
    { bad "-- wirelab's traces: bad frames:"; head -n 20 "$WL_TMP/pcaps" >&2; }

if [ "$fail" -ne 0 ]; then
    echo "-- kernel outputs:"; sed 's/^/   | /' "$R/out"
    echo "-- wirelab outputs:"; sed 's/^/   | /' "$W/out"
    wl_fail "the hand-built Docker bridge differs from the kernel's (above; WL_KEEP_TMP=1 keeps $WL_TMP)"
fi
wl_pass "hand-built Docker bridge with -p 8080:80: published port from outside and from the host, MASQUERADE out, counters and conntrack as on Linux"
