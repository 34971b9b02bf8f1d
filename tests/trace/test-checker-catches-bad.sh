#!/bin/bash
# Self-test of check_pcaps (tests/lib.sh): the trace checker must really
# catch what it claims to catch with the installed tshark, and must not
# flag good packets.  Builds pcaps byte by byte (bash printf only) with:
#   good ARP, ICMP echo and UDP frames           -> not reported
#   IPv4 header checksum wrong                   -> reported
#   packet truncated inside the UDP header        -> reported (malformed)
#   ICMP / UDP / TCP checksum wrong               -> reported
# and files that are empty (0 frames), cut short mid-record, or not a pcap.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
wl_need_cmd tshark

# ---- a tiny packet builder: everything is a hex string ---------------------

# csum HEX: the Internet checksum of HEX, as 4 hex digits.
csum() {
    local h=$1 s=0 i
    (( ${#h} % 4 )) && h+=00
    for (( i = 0; i < ${#h}; i += 4 )); do s=$(( s + 16#${h:i:4} )); done
    while (( s >> 16 )); do s=$(( (s & 0xffff) + (s >> 16) )); done
    printf '%04x' $(( ~s & 0xffff ))
}
u16() { printf '%04x' "$1"; }
le32() { printf '%02x%02x%02x%02x' $(( $1 & 255 )) $(( $1 >> 8 & 255 )) \
                                   $(( $1 >> 16 & 255 )) $(( $1 >> 24 & 255 )); }
# flip HEX4: a checksum made wrong
flip() { printf '%04x' $(( 16#$1 ^ 0x5a5a )); }

MAC_A=020000000001 MAC_B=020000000002
IP_A=0a000001 IP_B=0a000002             # 10.0.0.1, 10.0.0.2

eth() { echo "${2:-$MAC_B}${3:-$MAC_A}$1"; }       # eth ETHERTYPE+PAYLOAD [dst] [src]

# ipv4 PROTO PAYLOAD [bad] [total_length]
ipv4() {
    local proto=$1 pl=$2 bad=${3:-} tl=${4:-$(( 20 + ${#2} / 2 ))} h c
    h="4500$(u16 "$tl")00014000 40${proto}0000${IP_A}${IP_B}"
    h=${h// /}
    c=$(csum "$h")
    [ -n "$bad" ] && c=$(flip "$c")
    echo "0800${h:0:20}${c}${h:24}$pl"
}

icmp_echo() {                                  # icmp_echo [bad]
    local m="08000000123400016162636465666768" c
    c=$(csum "$m"); [ -n "${1:-}" ] && c=$(flip "$c")
    echo "${m:0:4}${c}${m:8}"
}

# l4 PROTO(hex) HEADER-with-zero-checksum CSUM-OFFSET(hex digits) [bad]
l4() {
    local proto=$1 seg=$2 off=$3 c
    c=$(csum "${IP_A}${IP_B}00${proto}$(u16 $(( ${#seg} / 2 )))${seg}")
    [ -n "${4:-}" ] && c=$(flip "$c")
    echo "${seg:0:off}${c}${seg:off+4}"
}
udp() { l4 11 "9c40270f000d0000$(printf hello | od -An -tx1 | tr -d ' \n')" 12 "${1:-}"; }
# TCP SYN 40000 -> 80, seq 1, window 8192, no options
tcp() { l4 06 "9c40""0050""00000001""00000000""5002""2000""0000""0000" 32 "${1:-}"; }

# ARP request "who has 10.0.0.2? tell 10.0.0.1"
arp_req() { echo "0806""0001""0800""06""04""0001${MAC_A}${IP_A}000000000000${IP_B}"; }

# pcap FILE HEXFRAME...: classic pcap, microseconds, LINKTYPE_ETHERNET.
pcap() {
    local file=$1 hex i=0 f
    shift
    hex="d4c3b2a1020004000000000000000000ffff000001000000"
    for f in "$@"; do
        hex+="$(le32 $i)$(le32 0)$(le32 $(( ${#f} / 2 )))$(le32 $(( ${#f} / 2 )))$f"
        i=$((i + 1))
    done
    # shellcheck disable=SC2059,SC2001  # the format is nothing but \xHH escapes
    printf "$(sed 's/../\\x&/g' <<<"$hex")" >"$file"
}

# ---- the pcaps ---------------------------------------------------------------

good=$WL_TMP/good bad=$WL_TMP/bad empty=$WL_TMP/empty broken=$WL_TMP/broken
mkdir -p "$good" "$bad" "$empty" "$broken"

pcap "$good/ok.pcap" \
    "$(eth "$(arp_req)" ffffffffffff)" \
    "$(eth "$(ipv4 01 "$(icmp_echo)")")" \
    "$(eth "$(ipv4 11 "$(udp)")")" \
    "$(eth "$(ipv4 06 "$(tcp)")")"

trunc_udp=$(udp); trunc_udp=${trunc_udp:0:8}    # 4 of the 8 UDP header bytes
pcap "$bad/bad.pcap" \
    "$(eth "$(ipv4 01 "$(icmp_echo)")")" \
    "$(eth "$(ipv4 01 "$(icmp_echo)" bad)")" \
    "$(eth "$(ipv4 11 "$trunc_udp")")" \
    "$(eth "$(ipv4 01 "$(icmp_echo bad)")")" \
    "$(eth "$(ipv4 11 "$(udp bad)")")" \
    "$(eth "$(ipv4 06 "$(tcp bad)")")" \
    "$(eth "$(arp_req)" ffffffffffff)"

pcap "$empty/none.pcap"
head -c 60 "$good/ok.pcap" >"$broken/cut-short.pcap"
echo "this is not a capture" >"$broken/junk.pcap"

# ---- the assertions ----------------------------------------------------------

out=$WL_TMP/out.txt
expect() {      # expect PATTERN WHY: the last checker output must match
    grep -Eq -- "$1" "$out" || { cat "$out" >&2; wl_fail "checker output lacks /$1/ ($2)"; }
}

# A clean file passes, and the builder really builds what we think.
check_pcaps "$good" >"$out" 2>&1 || { cat "$out" >&2; wl_fail "good packets were flagged"; }
seq=$(pcap_proto_sequence "$good/ok.pcap" | tr '\n' ' ')
[ "$seq" = "arp icmp udp tcp " ] || wl_fail "pcap_proto_sequence gave '$seq', want 'arp icmp udp tcp '"
pcap_proto_sequence --info "$good/ok.pcap" | grep >/dev/null $'^icmp\tEcho (ping) request' \
    || wl_fail "pcap_proto_sequence --info lacks the ICMP Info column"

# Every bad frame is named; the good frames 1 and 7 are not.
if check_pcaps "$bad" >"$out" 2>&1; then cat "$out" >&2; wl_fail "bad.pcap passed the checker"; fi
cat "$out"
expect 'bad\.pcap: frame 2 .*bad IPv4 header checksum'       "bad IPv4 checksum"
expect 'bad\.pcap: frame 3 .*Malformed Packet'               "truncated packet"
expect 'bad\.pcap: frame 4 .*bad ICMP checksum'              "bad ICMP checksum"
expect 'bad\.pcap: frame 5 .*bad UDP checksum'               "bad UDP checksum"
expect 'bad\.pcap: frame 6 .*bad TCP checksum'               "bad TCP checksum"
if grep -Eq 'frame (1|7) ' "$out"; then wl_fail "good frames in bad.pcap were flagged"; fi

# Empty files fail unless allowed.
if check_pcaps "$empty" >"$out" 2>&1; then wl_fail "an empty pcap passed"; fi
expect 'none\.pcap: 0 frames' "empty file"
check_pcaps --allow-empty "$empty" >"$out" 2>&1 || { cat "$out" >&2; wl_fail "--allow-empty did not allow"; }

# Unreadable files fail, each named.
if check_pcaps "$broken" >"$out" 2>&1; then wl_fail "broken pcaps passed"; fi
expect 'cut-short\.pcap: tshark cannot read' "file cut short"
expect 'junk\.pcap: tshark cannot read'      "not a pcap"

# No pcap at all is an error too; the root warning never shows.
if check_pcaps "$WL_TMP/nothing-here" >"$out" 2>&1; then wl_fail "a missing dir passed"; fi
if grep -q 'This could be dangerous' "$out"; then wl_fail "tshark's root warning leaked"; fi

wl_pass "check_pcaps catches bad checksums (IPv4, ICMP, UDP, TCP), malformed, empty and unreadable pcaps"
