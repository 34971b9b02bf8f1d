# shellcheck shell=bash
# tests/kernel/lib-dns.sh — differential tests of the host resolver:
# glibc 2.36's getent/ping against dnsmasq in real namespaces, and the
# same client files against wirelab's resolver and n:dns_server.  BASH ONLY.
#
# A case is a folder ($WLD_CASE) of plain files:
#   resolv.conf nsswitch.conf hosts   the client's /etc files (both runs)
#   dns-hosts                         dnsmasq's --addn-hosts (real run)
#   dnsmasq.args                      more dnsmasq arguments, one per line
#   server.lua                        the argument of s:dns_server (wirelab)
#   commands                          commands run on the client, one a line
# Topology (both runs): client c 10.0.0.1/24 -- server s 10.0.0.53/24 and
# 10.0.0.80/24 (so `ping www` gets its replies), no IPv6 anywhere.  s is
# also 10.0.0.254, c's gateway to 10.0.1.0/24, but s does not forward: a
# nameserver in 10.0.1.0/24 is a black hole (no answer, no ICMP), for
# timeouts.
#
# What is compared:
#   - every DNS packet on the client's interface, one line each, the
#     queries in order, then the answers in order:
#     direction, the client port (renamed port1, port2... in order of
#     appearance: "a fresh port per candidate" and "A and AAAA from one
#     socket" show), the query id (renamed id1, id2...: "the same id on a
#     retry"), QR, RD, the rcode, the question's type and name, the
#     answer count and whether an OPT record is there (EDNS);
#   - each command's output (stdout and stderr) and exit status (as is:
#     getent prints no times; ping's time= fields are masked).
#   - the time of each query after the first, within WLD_TIME_TOL seconds
#     (default 0.2): timeout:N, the next nameserver, attempts.
# Not compared: the port numbers and ids themselves (random).
#
# Environment: WIRELAB, WL_TMP (tests/lib.sh); WLD_VERBOSE=1 prints both
# sides on a pass too; WLD_SORT_OUTPUT=1 compares the outputs' lines in
# sorted order (for answers whose record order the server chooses).

WLD_LIB=${WLD_LIB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib-dns.sh}

wld_need_env() {
    [ "$(id -u)" -eq 0 ] || wl_skip "not root (the real side needs ip netns)"
    local c
    for c in ip unshare tcpdump tshark dnsmasq getent ping timeout; do
        command -v "$c" >/dev/null 2>&1 || wl_skip "$c not installed (the real side of the resolver tests)"
    done
    if ! unshare --net --mount --pid --fork --kill-child --mount-proc \
            bash -c 'mount --make-rprivate / && mkdir -p /run/netns &&
                     mount -t tmpfs -o mode=0755 wld-netns /run/netns &&
                     ip netns add wld-probe && ip netns del wld-probe' >/dev/null 2>&1; then
        wl_skip "cannot create network namespaces here (in a container, run it with --privileged)"
    fi
}

# wld_fields PCAP: the normalised DNS lines of a capture.
wld_fields() {
    tshark -r "$1" -Y 'dns && !icmp' -T fields -E separator='|' \
        -e ip.src -e udp.srcport -e udp.dstport -e dns.id -e dns.flags.response \
        -e dns.flags.recdesired -e dns.flags.rcode -e dns.qry.type -e dns.qry.name \
        -e dns.count.answers -e dns.count.add_rr 2>/dev/null |
    awk -F'|' '
        function port(p) { if (!(p in P)) P[p] = "port" (++np); return P[p] }
        function id(i) { if (!(i in I)) I[i] = "id" (++ni); return I[i] }
        {
            out = ($1 == "10.0.0.1")
            cp = out ? $2 : $3
            t = $8; if (t == 1) t = "A"; else if (t == 28) t = "AAAA"
            printf "%s %s %s %s rd=%s rcode=%s %s? %s an=%s ar=%s\n",
                out ? "c>s" : "s>c", port(cp), id($4), $5 == 1 ? "response" : "query",
                $6, $5 == 1 ? $7 : "-", t, $9, $5 == 1 ? $10 : "-", $11
        }'
}

# ---- the real run -------------------------------------------------------------

wld__real_main() {
    local case=$1 out=$2
    set -u
    mount --make-rprivate /
    mkdir -p /run/netns
    mount -t tmpfs -o mode=0755 wld-netns /run/netns
    ip link set lo up
    ip netns add c
    ip netns add s
    local n
    for n in c s; do
        ip netns exec "$n" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
            net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1
        ip -n "$n" link set lo up
    done
    ip link add veth-c type veth peer name veth-s
    ip link set veth-c netns c
    ip link set veth-s netns s
    ip -n c addr add 10.0.0.1/24 dev veth-c
    ip -n s addr add 10.0.0.53/24 dev veth-s
    ip -n s addr add 10.0.0.80/24 dev veth-s
    ip -n s addr add 10.0.0.254/24 dev veth-s
    ip -n c link set veth-c up
    ip -n s link set veth-s up
    ip -n c route add 10.0.1.0/24 via 10.0.0.254
    # The client's files: this mount namespace is ours alone.
    mount --bind "$case/resolv.conf" /etc/resolv.conf
    mount --bind "$case/nsswitch.conf" /etc/nsswitch.conf
    mount --bind "$case/hosts" /etc/hosts
    local args=()
    if [ -s "$case/dnsmasq.args" ]; then
        mapfile -t args <"$case/dnsmasq.args"
    fi
    ip netns exec s dnsmasq --no-daemon --no-resolv --no-hosts --bind-interfaces \
        --listen-address=10.0.0.53 --addn-hosts="$case/dns-hosts" --log-queries \
        "${args[@]}" >"$out/dnsmasq.log" 2>&1 &
    local dpid=$!
    ip netns exec c tcpdump -i veth-c -U -n -w "$out/real.pcap" port 53 2>"$out/tcpdump.err" &
    local tpid=$!
    # tcpdump captures once it says so (on a busy machine that can take
    # seconds); dnsmasq is up by then too.
    local _
    for _ in $(seq 100); do
        grep -q "listening on" "$out/tcpdump.err" 2>/dev/null && break
        sleep 0.1
    done
    sleep 0.5
    local k=0 line
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        k=$((k + 1))
        local rc=0
        ip netns exec c bash -c "$line" >"$out/real.out.$k" 2>&1 || rc=$?
        echo "$rc" >"$out/real.rc.$k"
    done <"$case/commands"
    sleep 0.5
    kill "$tpid" "$dpid" 2>/dev/null
    wait "$tpid" "$dpid" 2>/dev/null
    return 0
}

wld_run_real() {
    local case=$1 out=$2
    timeout -k 5 120 unshare --net --mount --pid --fork --kill-child --mount-proc \
        bash "$WLD_LIB" __real_main "$case" "$out"
}

# ---- the wirelab run ------------------------------------------------------------

wld_run_wirelab() {
    local case=$1 out=$2 lua=$2/dns-case.lua
    {
        echo 'local c, s = host("c"), host("s")'
        echo 'link(c, s)'
        echo 'c:ip("eth0", "10.0.0.1/24")'
        echo 's:ip("eth0", "10.0.0.53/24")'
        echo 's:ip("eth0", "10.0.0.80/24")'
        echo 's:ip("eth0", "10.0.0.254/24")'
        echo 'c:route("10.0.1.0/24", "10.0.0.254")'
        echo "s:dns_server($(cat "$case/server.lua"))"
        local f first line
        for f in resolv.conf nsswitch.conf hosts; do
            first=1
            while IFS= read -r line; do
                if [ $first = 1 ]; then
                    printf 'c:sh([[echo %s > /etc/%s]])\n' "'$line'" "$f"
                    first=0
                else
                    printf 'c:sh([[echo %s >> /etc/%s]])\n' "'$line'" "$f"
                fi
            done <"$case/$f"
            [ $first = 0 ] || printf 'c:sh([[echo -n > /etc/%s]])\n' "$f"
        done
        echo 'sleep(1.5)'
        local k=0
        while IFS= read -r line; do
            [ -n "$line" ] || continue
            k=$((k + 1))
            printf 'do local out, st, err = c:sh([[%s]], { check = false })\n' "$line"
            printf '  print("@@wld-begin %d " .. st)\n' "$k"
            printf '  for l in ((out or "") .. (err or "")):gmatch("([^\\n]*)\\n") do print("@@wld-line " .. l) end\n'
            printf '  print("@@wld-end") end\n'
        done <"$case/commands"
    } >"$lua"
    "$WIRELAB" run --seed 1 --out "$out/wl" "$lua" >"$out/wl.stdout" 2>"$out/wl.stderr" || return 1
    # Split the marked output into wl.out.K / wl.rc.K.
    sed -e 's/^\[ *[0-9.]*s\] //' "$out/wl.stdout" | awk -v dir="$out" '
        /^@@wld-begin / { k = $2; print $3 > (dir "/wl.rc." k); f = dir "/wl.out." k; printf "" > f; next }
        /^@@wld-line / { sub(/^@@wld-line /, ""); print >> f; next }
        /^@@wld-end/ { f = "" }'
}

# ---- compare -----------------------------------------------------------------------

wld_mask() {
    sed -E 's/time=[0-9.]+ ms/time=X ms/; s/time [0-9]+ms/time Xms/; s/^rtt .*/rtt X/; s/  [0-9]+\.[0-9]+ ms/  X ms/g'
}

# wld_case NAME: $WLD_CASE holds the case files; run both, compare.
wld_case() {
    local name=$1 case=$WLD_CASE
    local out=$WL_TMP/dns-$name
    rm -rf "$out"
    mkdir -p "$out"
    wld_run_real "$case" "$out" || wl_fail "$name: the real run failed (see $out)"
    [ -s "$out/real.pcap" ] || wl_fail "$name: no real capture (see $out)"
    wld_run_wirelab "$case" "$out" || wl_fail "$name: wirelab run failed: $(cat "$out/wl.stderr")"
    # Queries in order, then answers in order: whether an answer overtakes
    # the second query of a pair is a race on Linux (send_dg's sendmmsg).
    local f side
    for side in real wl; do
        f=$out/real.pcap
        [ "$side" = wl ] && f=$out/wl/dns-case/c-eth0.pcap
        wld_fields "$f" >"$out/$side.all"
        { grep '^c>s' "$out/$side.all"; grep '^s>c' "$out/$side.all"; } >"$out/$side.dns"
    done
    local bad=0
    # When each query left, after the first one.
    for side in real wl; do
        f=$out/real.pcap
        [ "$side" = wl ] && f=$out/wl/dns-case/c-eth0.pcap
        tshark -r "$f" -Y 'dns && !icmp && dns.flags.response == 0' -T fields -e frame.time_epoch 2>/dev/null |
            awk 'NR == 1 { t0 = $1 } { printf "%.3f\n", $1 - t0 }' >"$out/$side.times"
    done
    if ! awk -v tol="${WLD_TIME_TOL:-0.2}" '
            NR == FNR { r[FNR] = $1; nr = FNR; next }
            { w[FNR] = $1; nw = FNR }
            END {
                if (nr != nw) exit 0        # the packet diff says it
                for (i = 1; i <= nr; i++) {
                    d = r[i] - w[i]; if (d < 0) d = -d
                    if (d > tol) { printf "query %d: %.3f s after the first on Linux, %.3f s in wirelab\n", i, r[i], w[i]; bad = 1 }
                }
                exit bad
            }' "$out/real.times" "$out/wl.times" >"$out/times.diff"; then
        echo "FAIL: $name: the queries leave at other times:" >&2
        cat "$out/times.diff" >&2
        bad=1
    fi
    if ! diff -u --label "real (glibc 2.36 + dnsmasq)" --label wirelab "$out/real.dns" "$out/wl.dns" >"$out/dns.diff"; then
        echo "FAIL: $name: the DNS packets on the client's interface differ:" >&2
        cat "$out/dns.diff" >&2
        bad=1
    fi
    local k=0 line
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        k=$((k + 1))
        local r w
        r=$(wld_mask <"$out/real.out.$k")
        w=$(wld_mask <"$out/wl.out.$k" 2>/dev/null)
        if [ "${WLD_SORT_OUTPUT:-0}" = 1 ]; then
            # The server's order is its own (dnsmasq rotates its records);
            # so is which address carries the canonical name.
            r=$(echo "$r" | sed -E 's/ STREAM .*$/ STREAM/' | sort)
            w=$(echo "$w" | sed -E 's/ STREAM .*$/ STREAM/' | sort)
        fi
        if [ "$r" != "$w" ]; then
            echo "FAIL: $name: \`$line\` prints differently:" >&2
            diff -u --label real --label wirelab <(echo "$r") <(echo "$w") >&2
            bad=1
        fi
        if [ "$(cat "$out/real.rc.$k")" != "$(cat "$out/wl.rc.$k" 2>/dev/null)" ]; then
            echo "FAIL: $name: \`$line\` exits $(cat "$out/real.rc.$k") on Linux, $(cat "$out/wl.rc.$k" 2>/dev/null) in wirelab" >&2
            bad=1
        fi
    done <"$case/commands"
    if [ "$bad" = 1 ] || [ "${WLD_VERBOSE:-0}" = 1 ]; then
        echo "--- real DNS packets ---"; cat "$out/real.dns"
        echo "--- wirelab DNS packets ---"; cat "$out/wl.dns"
    fi
    [ "$bad" = 0 ] || exit 1
    echo "PASS: $name ($(wc -l <"$out/real.dns") DNS packets and $k commands as on Linux)"
}

if [ "${1:-}" = __real_main ]; then
    shift
    wld__real_main "$@"
    exit $?
fi
