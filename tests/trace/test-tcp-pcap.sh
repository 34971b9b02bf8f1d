#!/bin/bash
# The traces of wirelab's TCP, read by tshark: a clean transfer (data both
# ways, FIN close) must show no malformed segment, no bad checksum and no
# TCP expert warning; a transfer over a link losing 20% of frames shows
# retransmissions, lost and out-of-order segments (TCP warnings, allowed
# there) but nothing malformed and no bad checksum.  And the checker must
# really reject the lossy trace when TCP warnings are not allowed.
# The traces come from build/tests/test_tcp (test_data_both_ways_and_close,
# test_lossy_transfer) with WL_TCP_PCAP_DIR set.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
wl_need_cmd tshark
# The test binary of the build being tested (build/ or build-asan/).
bin=$(dirname "$WIRELAB")/tests/test_tcp
[ -x "$bin" ] || wl_skip "$bin not built (make build*/tests/test_tcp)"
out=$WL_TMP/tcp-pcap
mkdir -p "$out"
WL_TCP_PCAP_DIR=$out "$bin" >"$WL_TMP/unit.log" 2>&1 || { cat "$WL_TMP/unit.log"; wl_fail "test_tcp failed"; }
[ -s "$out/clean/a-eth0.pcap" ] || wl_fail "no trace written to $out/clean"
[ -s "$out/loss/b-eth0.pcap" ] || wl_fail "no trace written to $out/loss"
check_pcaps --allow-empty "$out/clean" || wl_fail "the clean TCP transfer's traces are not clean"
check_pcaps --allow-empty --allow-tcp-warnings "$out/loss" ||
    wl_fail "the lossy TCP transfer's traces have malformed segments or bad checksums"
if check_pcaps --allow-empty "$out/loss" >/dev/null 2>&1; then
    wl_fail "check_pcaps did not flag the TCP warnings of a lossy transfer"
fi
n=$(_wl_tshark -r "$out/loss/a-eth0.pcap" -n -Y 'tcp.analysis.retransmission || tcp.analysis.fast_retransmission' \
    -T fields -e frame.number | grep -c . || true)
[ "$n" -gt 0 ] || wl_fail "tshark sees no retransmission in the lossy trace"
# Segments are sized to the path even with SACK blocks on them (Linux's
# tcp_current_mss): TCP never needs IP fragmentation.
f=$(_wl_tshark -r "$out/loss/a-eth0.pcap" -n -Y 'ip.flags.mf == 1 || ip.frag_offset > 0 || frame.len > 1514' \
    -T fields -e frame.number | grep -c . || true)
[ "$f" -eq 0 ] || wl_fail "$f frames of the lossy transfer are IP fragments or over the MTU"
s=$(_wl_tshark -r "$out/loss/a-eth0.pcap" -n -Y 'tcp.options.sack_le' -T fields -e frame.number | grep -c . || true)
[ "$s" -gt 0 ] || wl_fail "no SACK blocks in the lossy transfer's duplicate ACKs"
wl_pass "TCP traces: clean transfer clean; lossy transfer well formed ($n retransmissions seen by tshark)"
