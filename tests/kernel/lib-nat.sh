# shellcheck shell=bash
# tests/kernel/lib-nat.sh — what the NAT differential tests add to
# lib-kernel.sh (source that first).  BASH ONLY.
#
#   wlnat_need_tools          exit 77 unless the real iptables 1.8.9
#                             (nf_tables) and conntrack are installed
#   wlnat_mask_conntrack      stdin -> stdout: `conntrack -L` lines with
#                             timeouts masked, ids and ports >= 1024 renamed
#                             per line in order of appearance (P1, P2; I1),
#                             so "the same id/port in both tuples" shows;
#                             the lines sorted (the kernel lists in hash
#                             order), the summary line with them
#   wlnat_view PCAP ADDR FROM_N  one line per IP packet from the FROM_N-th
#                             ICMP echo request on: addresses, ICMP
#                             type/code/id/seq, UDP/TCP ports and TCP flags,
#                             of the packet and of the packet an ICMP error
#                             quotes, ADDR written as X (the translated
#                             address), TTLs and checksums left out (with
#                             a 4th argument 1: packets sent with TTL 1,
#                             which die at the router, left out too)
#   wlnat_check_translation DIR INSIDE OUTSIDE INSIDE_ADDR OUTSIDE_ADDR FROM_N
#                             the packets that crossed the router are the
#                             same on both sides once the NAT address is X
#   wlnat_case NAME INSIDE OUTSIDE   wlk_case NAME (with the masks above),
#                             then the translation check on the real and the
#                             wirelab traces and a tshark checksum check of
#                             wirelab's traces; one PASS or FAIL line
#
# The real side's traces are not checksum-checked: on veth the kernel leaves
# UDP and TCP checksums to "the hardware" (CHECKSUM_PARTIAL), and tcpdump
# captures them before they are filled in.

wlnat_need_tools() {
    local c
    for c in iptables conntrack; do
        command -v "$c" >/dev/null 2>&1 ||
            wl_skip "$c not installed (apt-get install iptables conntrack)"
    done
    case "$(iptables -V 2>&1)" in
        *"v1.8.9 (nf_tables)"*) ;;
        *) wl_skip "the real iptables is not v1.8.9 (nf_tables): $(iptables -V 2>&1)" ;;
    esac
}

wlnat_mask_conntrack() {
    sed -E -e 's/^(icmp|tcp|udp) +([0-9]+) [0-9]+ /\1 \2 T /' \
           -e 's/^(conntrack v[0-9.]+ \(conntrack-tools\): [0-9]+ flow entries have been shown\.)$/~\1/' |
    awk '{
        delete m; np = 0; ni = 0; out = ""
        for (i = 1; i <= NF; i++) {
            w = $i
            if (w ~ /^(sport|dport)=[0-9]+$/) {
                split(w, kv, "=")
                if (kv[2] + 0 >= 1024) {
                    if (!(("p" kv[2]) in m)) m["p" kv[2]] = "P" (++np)
                    w = kv[1] "=" m["p" kv[2]]
                }
            } else if (w ~ /^id=[0-9]+$/) {
                split(w, kv, "=")
                if (!(("i" kv[2]) in m)) m["i" kv[2]] = "I" (++ni)
                w = "id=" m["i" kv[2]]
            }
            out = out (i > 1 ? " " : "") w
        }
        print out
    }' | LC_ALL=C sort
}

# lib-kernel's mask, kept under another name, and ours in front of it.
eval "wlnat__mask_orig() $(declare -f wlk_mask_output | tail -n +2)"
wlk_mask_output() {
    case " $1 " in
        *" conntrack -L"*|*" conntrack -p"*) wlnat__mask_orig "$1" | wlnat_mask_conntrack ;;
        *) wlnat__mask_orig "$1" ;;
    esac
}

wlnat_view() {
    local f=$1 addr=$2 from=${3:-1} no_ttl1=${4:-0}
    _wl_tshark -r "$f" -n -o ip.defragment:FALSE -Y ip -T fields -E occurrence=a -E aggregator=, \
        -e ip.ttl -e ip.src -e ip.dst -e ip.proto -e icmp.type -e icmp.code -e icmp.ident -e icmp.seq \
        -e udp.srcport -e udp.dstport -e tcp.srcport -e tcp.dstport -e tcp.flags.str -e ip.len |
    awk -F'\t' -v a="$addr" -v from="$from" -v no_ttl1="$no_ttl1" '
        { split($5, ty, ","); split($1, ttl, ",") }
        ty[1] == 8 { nreq++ }
        nreq < from { next }
        no_ttl1 && ttl[1] == 1 { next }
        {
            line = ""
            for (i = 2; i <= NF; i++) {
                v = $i
                gsub(/·/, "", v)
                n = split(v, p, ",")
                v = ""
                for (k = 1; k <= n; k++) v = v (k > 1 ? "," : "") (p[k] == a ? "X" : p[k])
                line = line (i > 2 ? " " : "") v
            }
            print line
        }'
}

wlnat_check_translation() {
    local d=$1 in=$2 out=$3 in_addr=$4 out_addr=$5 from=$6 side f bad=0
    for side in real wl; do
        if [ "$side" = real ]; then f=$d/real; else f=$(find "$d/wl" -mindepth 1 -maxdepth 1 -type d | head -n 1); fi
        if [ ! -f "$f/$in.pcap" ] || [ ! -f "$f/$out.pcap" ]; then
            echo "-- translation ($side): no $in.pcap or $out.pcap"
            bad=1
            continue
        fi
        # Inside, the packets that never cross: to and from the router's
        # own LAN address (its time exceeded for TTL 1) and TTL-1 probes.
        wlnat_view "$f/$in.pcap" "$in_addr" "$from" 1 |
            awk -v r="${WLNAT_ROUTER_LAN:-192.168.1.1}" '{ split($1, s, ","); split($2, t, ",") } s[1] != r && t[1] != r' >"$d/xlate-$side-inside.txt"
        wlnat_view "$f/$out.pcap" "$out_addr" "$from" >"$d/xlate-$side-outside.txt"
        if ! diff -q "$d/xlate-$side-inside.txt" "$d/xlate-$side-outside.txt" >/dev/null; then
            echo "-- translation ($side): the packets crossing the router differ once $in_addr (inside) and $out_addr (outside) are X:"
            diff -U 1 --label "$in" --label "$out" "$d/xlate-$side-inside.txt" "$d/xlate-$side-outside.txt" |
                head -n 30 | sed 's/^/   /'
            bad=1
        elif [ ! -s "$d/xlate-$side-inside.txt" ]; then
            echo "-- translation ($side): no packet crossed the router"
            bad=1
        fi
    done
    return "$bad"
}

# wlnat_case NAME INSIDE OUTSIDE: see the top.  WLNAT_IN_ADDR,
# WLNAT_OUT_ADDR, WLNAT_ROUTER_LAN, WLNAT_FROM (the echo request from which
# the translation is checked) may be set by the caller.
wlnat_case() {
    local name=$1 in=$2 out=$3 rc=0 log
    log=$WL_TMP/$name.case.log
    ( wlk_case "$name" ) >"$log" 2>&1 || rc=$?
    grep -v '^PASS' "$log"
    [ "$rc" -ne 77 ] || exit 77
    local d=$WL_TMP/kernel/$name fails=0
    [ "$rc" -eq 0 ] || fails=1
    if ! wlnat_check_translation "$d" "$in" "$out" "${WLNAT_IN_ADDR:-192.168.1.10}" \
            "${WLNAT_OUT_ADDR:-203.0.113.2}" "${WLNAT_FROM:-2}"; then
        fails=1
    else
        echo "== translation: the same packets on $in and $out (ids, ports, quoted packets) on the kernel and in wirelab"
    fi
    local tr
    tr=$(find "$d/wl" -mindepth 1 -maxdepth 1 -type d | head -n 1)
    if [ -n "$tr" ]; then
        if ! check_pcaps --allow-empty "$tr" >"$d/check_pcaps.log" 2>&1; then
            echo "-- wirelab's traces: bad frames (checksums after NAT?):"
            grep -v '0 frames (allowed)' "$d/check_pcaps.log" | head -n 20 | sed 's/^/   /'
            fails=1
        else
            echo "== wirelab's traces decode with good checksums ($(tail -n 1 "$d/check_pcaps.log"))"
        fi
    fi
    [ "$fails" -eq 0 ] || wl_fail "$name: wirelab differs from the kernel (details above; files in $d)"
    wl_pass "$name: wirelab matches the kernel (traces, outputs, translations, checksums)"
}
