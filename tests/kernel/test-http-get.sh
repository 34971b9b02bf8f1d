#!/bin/bash
# Differential test: one HTTP GET over TCP, real against wirelab.
#
#   cli 10.0.0.1/24 ──veth── 10.0.0.80/24 srv
#
# Three transfers, half a second apart: GET / (200), GET /nope (nginx's
# 404 page), and a port nothing listens on (SYN, RST: curl's exit 7).
#
# Real side: Debian 12's curl 7.88.1 against nginx 1.22.1 serving
# index.html ("hello from web\n"), in network namespaces made inside a
# private `unshare` (nothing of the machine is touched), captured with
# tcpdump on cli's veth.  wirelab side: the same topology in Lua, n:http_server
# with the same file, `curl -s http://10.0.0.80/` through node:sh.
#
# Compared, packet by packet on cli's interface: direction, TCP flags,
# relative sequence and acknowledgement numbers, payload length, and the
# HTTP request and status lines; then the request's header lines and the
# response's header names in order.  Reported but not failed on (they
# differ for reasons that are not bugs): TCP timestamps and ports (random
# on both sides), the Date/Last-Modified/ETag values (clocks), windows
# (printed for the reader; wirelab models Linux's 64240/65160 and wscale 7).
#
# Skips (77) when nginx is not installed (apt-get install nginx-light) or
# namespaces cannot be made here.
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
# shellcheck source=tests/kernel/lib-http.sh
. "$(dirname "$0")/lib-http.sh"
wlk_need_env
wlhttp_need_tools

R=$WL_TMP/real
W=$WL_TMP/wl
mkdir -p "$W"
wlhttp_nginx "$R" "hello from web" 10.0.0.80:80

# ---- the real run, in its own namespaces -------------------------------------
{
    wlk_private_prologue
    cat <<EOF
ip netns add cli
ip netns add srv
for n in cli srv; do
    ip netns exec \$n sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n \$n link set lo up
done
ip -n cli link add eth0 type veth peer name eth0 netns srv
ip -n cli addr add 10.0.0.1/24 dev eth0
ip -n srv addr add 10.0.0.80/24 dev eth0
ip -n cli link set eth0 up
ip -n srv link set eth0 up
ip netns exec srv nginx -c $R/nginx.conf
ip netns exec cli tcpdump -U -s 0 -i eth0 -w $R/cli-eth0.pcap >/dev/null 2>&1 &
sleep 1
ip netns exec cli curl -s http://10.0.0.80/ >$R/out
sleep 0.5
ip netns exec cli curl -sS http://10.0.0.80/nope >$R/out2 2>&1 && echo "rc=0" >>$R/out2 || echo "rc=\$?" >>$R/out2
sleep 0.5
ip netns exec cli curl -sS http://10.0.0.80:81/ >$R/out3 2>&1 && echo "rc=0" >>$R/out3 || echo "rc=\$?" >>$R/out3
sleep 1
kill \$! || true
kill \$(cat $R/nginx.pid) || true
sleep 0.3
EOF
} >"$R/run.sh"
wlk_run_private "$R/run.sh"
[ "$(cat "$R/out")" = "hello from web" ] || wl_fail "real curl printed: $(cat "$R/out")"

# ---- the wirelab run -----------------------------------------------------------
cat >"$W/http-get.lua" <<'EOF'
local cli, srv = host("cli"), host("srv")
link(cli, srv)
cli:ip("eth0", "10.0.0.1/24")
srv:ip("eth0", "10.0.0.80/24")
srv:http_server{ routes = { ["/"] = "hello from web\n" } }
expect_eq(cli:sh("curl -s http://10.0.0.80/"), "hello from web\n", "curl's output")
sleep("0.5s")
local function run(cmd)
    local out, st, err = cli:sh(cmd, { check = false })
    return out .. err .. "rc=" .. st .. "\n"
end
local o2 = run("curl -sS http://10.0.0.80/nope")
sleep("0.5s")
local o3 = run("curl -sS http://10.0.0.80:81/")
sleep("1s")
print("@@out2\n" .. o2 .. "@@out3\n" .. o3 .. "@@end")
EOF
"$WIRELAB" check "$W/http-get.lua" --out "$W/o" >"$W/log" 2>&1 || { cat "$W/log" >&2; wl_fail "wirelab run failed"; }
"$WIRELAB" run "$W/http-get.lua" --no-pcap --no-log 2>/dev/null | grep -v '^\[[a-z]' |
    sed 's/^\[ *[0-9.]*s\] //' >"$W/printed"
awk '/^@@out2$/{f=1;next} /^@@out3$/{f=0} f' "$W/printed" >"$W/out2"
awk '/^@@out3$/{f=1;next} /^@@end$/{f=0} f' "$W/printed" >"$W/out3"

# ---- compare -------------------------------------------------------------------
# One line per TCP segment: direction, flags, relative seq/ack, length, and
# the HTTP request or status line when there is one.
norm() {
    _wl_tshark -r "$1" -Y tcp -T fields -E separator='|' -e ip.src -e tcp.flags.str \
        -e tcp.seq -e tcp.ack -e tcp.len -e http.request.line -e http.response.line \
        -e http.request.method -e http.request.uri -e http.response.code |
        awk -F'|' '{ dir = ($1 == "10.0.0.80") ? "S>C" : "C>S"; gsub(/·/, "", $2);
                     line = $8 != "" ? $8 " " $9 : ($10 != "" ? "status " $10 : "");
                     printf "%s %s seq=%s ack=%s len=%s %s\n", dir, $2, $3, $4, $5, line }'
}
norm "$R/cli-eth0.pcap" >"$WL_TMP/real.seq"
norm "$W/o/http-get/cli-eth0.pcap" >"$WL_TMP/wl.seq"
# Header lines: the request's whole (curl sends the same bytes), the
# response's names only (values hold clocks).
hdrs() {
    _wl_tshark -r "$1" -Y http -T fields -E aggregator='~' -e http.request.line \
        -e http.response.line | tr '\t~' '\n\n' | sed 's/\\r\\n$//' | awk 'NF' |
        sed -E 's/^(Date|Last-Modified|ETag): .*/\1: …/'
}
hdrs "$R/cli-eth0.pcap" >"$WL_TMP/real.hdr"
hdrs "$W/o/http-get/cli-eth0.pcap" >"$WL_TMP/wl.hdr"
opts() {
    _wl_tshark -r "$1" -Y 'tcp.flags.syn == 1 && !(tcp.flags.reset == 1)' -T fields -e ip.src -e tcp.window_size_value \
        -e tcp.options.mss_val -e tcp.options.wscale.shift -e tcp.options.sack_perm |
        awk '{ printf "%s win=%s mss=%s wscale=%s sack=%s\n", ($1 == "10.0.0.80" ? "S>C" : "C>S"), $2, $3, $4, ($5 != "" ? "yes" : "no") }'
}

echo "real (curl 7.88.1 -> nginx 1.22.1)           | wirelab"
paste -d'#' "$WL_TMP/real.seq" "$WL_TMP/wl.seq" | awk -F'#' '{ printf "%-44s | %s%s\n", $1, $2, ($1 == $2 ? "" : "   <-- differs") }'
echo "SYN options:"
opts "$R/cli-eth0.pcap" | sed 's/^/  real    /'
opts "$W/o/http-get/cli-eth0.pcap" | sed 's/^/  wirelab /'
echo "HTTP header lines (Date, Last-Modified, ETag values masked):"
diff "$WL_TMP/real.hdr" "$WL_TMP/wl.hdr" >"$WL_TMP/hdr.diff" && sed 's/^/  same: /' "$WL_TMP/real.hdr"

echo "curl's output and status, real then wirelab (times masked):"
mask_ms() { sed -E 's/after [0-9]+ ms/after N ms/'; }
for k in 2 3; do
    mask_ms <"$R/out$k" >"$WL_TMP/real.out$k"
    mask_ms <"$W/out$k" >"$WL_TMP/wl.out$k"
    sed 's/^/  real    /' "$WL_TMP/real.out$k"
    sed 's/^/  wirelab /' "$WL_TMP/wl.out$k"
done

fail=0
for k in 2 3; do
    diff "$WL_TMP/real.out$k" "$WL_TMP/wl.out$k" >&2 || { echo "curl's output $k differs" >&2; fail=1; }
done
diff "$WL_TMP/real.seq" "$WL_TMP/wl.seq" >"$WL_TMP/seq.diff" ||
    { echo "segment sequences differ:" >&2; cat "$WL_TMP/seq.diff" >&2; fail=1; }
[ -s "$WL_TMP/hdr.diff" ] && { echo "header lines differ:" >&2; cat "$WL_TMP/hdr.diff" >&2; fail=1; }
# The window scale follows the machine's buffer sizes (tcp_select_initial_window:
# max(tcp_rmem[2], rmem_max) halved until it fits 16 bits).  wirelab models
# Debian's defaults (tcp_rmem 4096 131072 6291456: wscale 7); a machine tuned
# otherwise advertises another shift, which is reported, not failed on.
space=$(awk '{print $3}' /proc/sys/net/ipv4/tcp_rmem)
rmax=$(cat /proc/sys/net/core/rmem_max)
[ "$rmax" -gt "$space" ] && space=$rmax
ws=0
while [ "$space" -gt 65535 ] && [ "$ws" -lt 14 ]; do space=$((space / 2)); ws=$((ws + 1)); done
mask_ws() { if [ "$ws" -ne 7 ]; then sed 's/wscale=[0-9]*/wscale=?/'; else cat; fi; }
[ "$ws" -eq 7 ] || echo "note: this machine's tcp_rmem/rmem_max give wscale $ws (Debian's defaults give 7): not compared"
opts "$R/cli-eth0.pcap" | mask_ws >"$WL_TMP/real.opt"
opts "$W/o/http-get/cli-eth0.pcap" | mask_ws >"$WL_TMP/wl.opt"
diff "$WL_TMP/real.opt" "$WL_TMP/wl.opt" >/dev/null ||
    { echo "SYN options differ:" >&2; diff "$WL_TMP/real.opt" "$WL_TMP/wl.opt" >&2; fail=1; }
[ "$fail" -eq 0 ] || wl_fail "wirelab's HTTP GET differs from the kernel's (see above)"
wl_pass "HTTP GET, 404, refused port: the same segments, flags, seq/ack, lengths, header lines and curl output as curl -> nginx on Linux"
