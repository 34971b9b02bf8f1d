#!/bin/bash
# tcpdump's DNS printer against wirelab's (sim/wire/describe_dns.c), on
# thousands of random and mangled DNS messages.
#
# tests/trace/dns_fuzz_pcap.py writes a pcap of DNS messages over UDP 53,
# mDNS 5353 and TCP 53 (seeded from fuzz/dns-corpus, the messages dig and
# dnsmasq exchanged, mangled; or built from parts: bad pointers, odd
# labels, every record type tcpdump decodes, lying counts and lengths);
# tests/trace/describe_pcap.c prints wire_describe()'s line for each; the
# real `tcpdump -n -t -r` prints its own; every line must be the same.
# The seeds are fixed (DNS_DIFF_SEEDS, default "1 2 3"; DNS_DIFF_COUNT
# messages each, default 2000), so a failure replays.
#
# Exit 0 when all match, 1 on the first file with a difference (the
# differing lines are shown), 77 without tcpdump, python3 or libpcap.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

TCPDUMP=${TCPDUMP:-tcpdump}
for c in "$TCPDUMP" python3; do
    if ! command -v "$c" >/dev/null 2>&1; then
        echo "SKIP: $c not installed, the DNS printer not compared"
        exit 77
    fi
done

if [ -n "${WL_TMP:-}" ]; then
    tmp=$WL_TMP
else
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/wl-dnsdiff.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
fi

CC=${CC:-cc}
pcap_flags=$(pkg-config --cflags --libs libpcap 2>/dev/null || echo -lpcap)
# Only the wire layer's own sources (sim/wire/*.c may hold a file another
# engineer is still writing): what wire_describe() needs.
srcs="sim/wire/describe.c sim/wire/describe_dns.c sim/wire/arp.c sim/wire/csum.c \
 sim/wire/eth.c sim/wire/icmp.c sim/wire/ipv4.c sim/wire/udp.c sim/wire/dns.c"
# shellcheck disable=SC2086   # lists of words
if ! "$CC" -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
        -Isim tests/trace/describe_pcap.c $srcs $pcap_flags -o "$tmp/describe_pcap" \
        2>"$tmp/cc.log"; then
    if grep -q 'pcap/pcap.h' "$tmp/cc.log"; then
        echo "SKIP: libpcap headers not installed (apt-get install libpcap-dev)"
        exit 77
    fi
    echo "FAIL: cannot build the helper:"
    cat "$tmp/cc.log"
    exit 1
fi

count=${DNS_DIFF_COUNT:-2000}
total=0
for seed in ${DNS_DIFF_SEEDS:-1 2 3}; do
    pcap=$tmp/dns-$seed.pcap
    python3 tests/trace/dns_fuzz_pcap.py "$seed" "$count" "$pcap" fuzz/dns-corpus
    "$TCPDUMP" -n -t -r "$pcap" 2>/dev/null >"$tmp/theirs" || true
    "$tmp/describe_pcap" "$pcap" >"$tmp/ours"
    if ! diff "$tmp/theirs" "$tmp/ours" >"$tmp/diff"; then
        echo "FAIL: seed $seed: wirelab's lines differ from tcpdump's (< tcpdump, > wirelab):"
        head -n 20 "$tmp/diff"
        echo "(replay: python3 tests/trace/dns_fuzz_pcap.py $seed $count x.pcap fuzz/dns-corpus)"
        exit 1
    fi
    total=$((total + $(wc -l <"$tmp/ours")))
done
echo "PASS: $total DNS packets, every line as tcpdump's ($("$TCPDUMP" --version 2>&1 | sed -n 1p))"
