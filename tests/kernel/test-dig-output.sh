#!/bin/bash
# Differential test: what dig, nslookup and host print in wirelab against
# the real BIND 9.18 tools, asking the same questions of the same zone.
#
#   c 10.0.0.2 -- s 10.0.0.53, authoritative for example.com
#   c: search example.com; route 10.9.9.0/24 via 10.0.0.53, which does
#      not forward (a server there never answers)
#
# Real side: dnsmasq 2.90 in auth mode on s (the set-up of
# test-dns-server-answers.sh, whose answers wirelab's server matches), the
# real tools on c, in namespaces of a private `unshare` with its own
# /etc/resolv.conf bind-mounted (nothing outside sees any of it).  wirelab
# side: the same zone given to n:dns_server{...} and the same command
# lines through c:sh().  Each command's stdout, stderr and exit status are
# compared after masking what differs by nature: message ids, the WHEN
# line, query times, and the answer's size (MSG SIZE), which is the
# server's compression: dnsmasq writes the names in an SOA's data
# uncompressed, wirelab's server compresses them (33 bytes less; the
# unit tests check MSG SIZE exactly, on dnsmasq's own bytes).  Other
# known server differences (docs/dns-server.md): dnsmasq's auth mode adds
# the zone's NS record to the authority section of positive answers, so
# those dig queries show only the answer (+noall +answer, +short) —
# nslookup and host never show that section; and its REFUSED carries no
# OPT record, so no REFUSED answer is shown in full here.
#
# Then the queries themselves: every DNS query the client sent, as tshark
# decodes it from a capture on c's eth0 (transport, IP DF bit, header flags, the
# question, the EDNS payload size, the client cookie's length), in order,
# must be the same list on both sides.
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
wl_need_root
wl_need_cmd dnsmasq dig nslookup host python3 unshare tcpdump tshark
cd "$WL_ROOT" || exit 1
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"

CMDS=(
    "dig www.example.com +noall +answer"
    "dig +short web.example.com"
    "dig +noall +answer web.example.com"
    "dig nope.example.com"
    "dig www.example.com AAAA"
    "dig -x 10.0.0.80 +short"
    "dig +short example.com MX"
    "dig +search www +noall +answer"
    "dig @10.9.9.9 +tries=2 +timeout=1 www.example.com"
    "dig @10.9.9.9 +short +tries=1 +timeout=1 www.example.com"
    "dig @10.0.0.53 -p 5353 www.example.com"
    "dig +bogus www.example.com"
    "dig +tcp www.example.com +noall +answer +stats"
    "dig +tcp -p 5353 www.example.com"
    "dig +tcp @10.9.9.9 +tries=1 +timeout=1 www.example.com"
    "dig -x ::1 +noall +question"
    "nslookup www.example.com"
    "nslookup web.example.com"
    "nslookup www"
    "nslookup nope.example.com"
    "nslookup nope"
    "nslookup 10.0.0.80"
    "nslookup -type=MX example.com"
    "nslookup -type=AAAA www.example.com"
    "nslookup www.example.com 10.0.0.53"
    "nslookup -timeout=1 www.example.com 10.9.9.9"
    "host www.example.com"
    "host web.example.com"
    "host www"
    "host nope.example.com"
    "host example.com"
    "host -t MX example.com"
    "host -t AAAA www.example.com"
    "host 10.0.0.80"
    "host www.example.com 10.0.0.53"
    "host -W 1 www.example.com 10.9.9.9"
    "host -t BOGUS www.example.com"
    "host -T www.example.com"
    "host -T -W 1 www.example.com 10.9.9.9"
    "nslookup -vc www.example.com"
    "dig a..b"
)

# ---- the queries on the wire: one line per DNS query the client sent ----------
# (transport, the IP header's DF bit, flags, question, EDNS payload size and
# client-cookie length; not ids, ports or cookie values), in the order they
# went out.  DF: BIND sets IP_PMTUDISC_OMIT on its UDP sockets, so its
# queries carry none; over TCP they do.
queries() {
    _wl_tshark -r "$1" -n -Y 'dns.flags.response == 0 && !icmp' -T fields -E separator=' ' \
        -e _ws.col.Protocol -e ip.proto -e ip.flags.df -e dns.flags -e dns.qry.name -e dns.qry.type \
        -e dns.rr.udp_payload_size -e dns.opt.cookie.client 2>/dev/null |
        awk '{ c = $8 != "" ? "cookie" length($8) / 2 : "-"; print ($2 == 6 ? "tcp" : "udp"), ($3 ~ /^(1|True)$/ ? "DF" : "noDF"), $4, $5, $6, ($7 == "" ? "-" : "edns" $7), c }'
}

# ---- the masker ------------------------------------------------------------
mask() {
    sed -E -e 's/id: [0-9]+/id: ID/' -e 's/^;; WHEN: .*/;; WHEN: -/' \
        -e 's/^;; Query time: [0-9]+ msec/;; Query time: - msec/' \
        -e 's/^;; MSG SIZE  rcvd: [0-9]+/;; MSG SIZE  rcvd: -/'
}

# ---- the wirelab side --------------------------------------------------------
{
    cat <<'LUA'
local c, s = host("c"), host("s")
link(c, s)
c:ip("eth0", "10.0.0.2/24")
s:ip("eth0", "10.0.0.53/24")
c:route("10.9.9.0/24", "10.0.0.53")
c:sh("echo 'nameserver 10.0.0.53' > /etc/resolv.conf")
c:sh("echo 'search example.com' >> /etc/resolv.conf")
s:dns_server{
  zones = { ["example.com"] = {
    { "www", "A", "10.0.0.80" }, { "@", "A", "10.0.0.1" }, { "mail", "A", "10.0.0.25" },
    { "web", "CNAME", "www" }, { "@", "MX", "10 mail" },
  } },
  ptr = true,
}
-- One print per line, each marked, so the run's own log lines (the
-- commands, the server's query log) are told apart.
local function emit(text)
  for l in text:gmatch("([^\n]*)\n") do print("@@|" .. l) end
  local rest = text:match("[^\n]+$")
  if rest then print("@@|" .. rest .. " (no newline at end)") end
end
local function run(line)
  local out, status, err = c:sh(line, { check = false })
  emit("@@cmd " .. line .. "\n" .. out .. "@@err\n" .. err .. "@@status " ..
       (status == 0 and 0 or 1) .. "\n")
  sleep(1)
end
LUA
    for c in "${CMDS[@]}"; do printf 'run([[%s]])\n' "$c"; done
} >"$WL_TMP/dig-output.lua"
rc=0
"$WIRELAB" run "$WL_TMP/dig-output.lua" --out "$WL_TMP/o" >"$WL_TMP/wl.raw" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$WL_TMP/wl.raw" >&2; wl_fail "the wirelab scenario failed ($rc)"; }
sed -E -n 's/^(\[ *[0-9.]+s\] )?@@\|//p' "$WL_TMP/wl.raw" | mask >"$WL_TMP/wl.txt"
queries "$WL_TMP/o/dig-output/c-eth0.pcap" >"$WL_TMP/wl.q" || wl_fail "cannot decode wirelab's trace"

# ---- the real side -----------------------------------------------------------
cat >"$WL_TMP/real.sh" <<'REAL'
set -e
cd "$1"
shift
mount --make-rprivate /
mkdir -p /run/netns
mount -t tmpfs -o mode=0755 wl-dig /run/netns
printf 'nameserver 10.0.0.53\nsearch example.com\n' >resolv.conf
mount --bind resolv.conf /etc/resolv.conf
for n in c s; do ip netns add $n; ip -n $n link set lo up; done
ip link add eth0 netns c type veth peer name eth0 netns s
ip -n c addr add 10.0.0.2/24 dev eth0; ip -n c link set eth0 up
ip -n s addr add 10.0.0.53/24 dev eth0; ip -n s link set eth0 up
ip -n c route add 10.9.9.0/24 via 10.0.0.53
for n in c s; do ip netns exec $n sysctl -qw net.ipv6.conf.all.disable_ipv6=1; done
ip netns exec s dnsmasq --no-resolv --no-hosts --bind-interfaces --keep-in-foreground \
    --user=root --pid-file= --log-queries --log-facility=- --listen-address=10.0.0.53 \
    --auth-server=ns.example.com,10.0.0.53 --auth-zone=example.com,10.0.0.0/24 --auth-ttl=300 \
    --auth-soa=1,hostmaster.example.com,3600,600,86400 \
    --host-record=www.example.com,10.0.0.80 --host-record=example.com,10.0.0.1 \
    --host-record=mail.example.com,10.0.0.25 --cname=web.example.com,www.example.com,300 \
    --mx-host=example.com,mail.example.com,10 >dnsmasq.log 2>&1 &
ip netns exec c tcpdump --immediate-mode -U -ni eth0 -w real.pcap 'port 53 or port 5353' 2>td.err &
for _ in $(seq 100); do grep -q listening td.err 2>/dev/null && break; sleep 0.1; done
sleep 1
for line in "$@"; do
    echo "@@cmd $line"
    st=0
    # shellcheck disable=SC2086
    ip netns exec c $line 2>err.txt || st=1
    echo "@@err"
    cat err.txt
    echo "@@status $st"
done
kill $(jobs -p) 2>/dev/null || true
wait 2>/dev/null || true
REAL
mkdir -p "$WL_TMP/real"
timeout 300 unshare --net --mount --pid --fork --kill-child --mount-proc \
    bash "$WL_TMP/real.sh" "$WL_TMP/real" "${CMDS[@]}" >"$WL_TMP/real.raw" 2>&1 ||
    { cat "$WL_TMP/real.raw" >&2; wl_fail "the real run failed"; }
mask <"$WL_TMP/real.raw" >"$WL_TMP/real.txt"
queries "$WL_TMP/real/real.pcap" >"$WL_TMP/real.q" || wl_fail "cannot decode the real trace"

if ! diff -u "$WL_TMP/real.txt" "$WL_TMP/wl.txt" >"$WL_TMP/diff"; then
    cat "$WL_TMP/diff" >&2
    wl_fail "wirelab's dig/nslookup/host print otherwise than BIND 9.18's (- real, + wirelab)"
fi
if ! diff -u "$WL_TMP/real.q" "$WL_TMP/wl.q" >"$WL_TMP/qdiff"; then
    cat "$WL_TMP/qdiff" >&2
    wl_fail "wirelab's tools send other queries than BIND 9.18's (- real, + wirelab)"
fi
[ "${WLK_VERBOSE:-0}" = 1 ] && cat "$WL_TMP/wl.txt" "$WL_TMP/wl.q"
wl_pass "dig, nslookup and host print as BIND 9.18's do and send the same queries (${#CMDS[@]} commands, $(wc -l <"$WL_TMP/wl.q") queries)"
