#!/bin/bash
# The traces of NATed flows, read by tshark: a ping and UDP datagrams
# through MASQUERADE, a TCP connection through a DNAT port forward and an
# ICMP error about a NATed datagram (rewritten in the quote too) must show
# no malformed packet and no bad checksum (IP, ICMP, UDP, TCP) on any
# device, before and after the router.  And tshark must see the
# translation: b's capture has the router's address as source, a's the
# address a called.
# The traces come from build/tests/test_conntrack with WL_NF_PCAP_DIR set.
set -euo pipefail
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
wl_need_cmd tshark
# The test binary of the build being tested (build/ or build-asan/).
bin=$(dirname "$WIRELAB")/tests/test_conntrack
[ -x "$bin" ] || wl_skip "$bin not built (make build*/tests/test_conntrack)"
out=$WL_TMP/nf-pcap
mkdir -p "$out"
WL_NF_PCAP_DIR=$out "$bin" >"$WL_TMP/unit.log" 2>&1 || { cat "$WL_TMP/unit.log"; wl_fail "test_conntrack failed"; }
for d in masq-ping masq-udp dnat-tcp icmp-error masq-frag; do
    [ -s "$out/$d/r-eth1.pcap" ] || wl_fail "no trace written to $out/$d"
    check_pcaps --allow-empty "$out/$d" || wl_fail "the $d traces have bad packets"
done
src=$(_wl_tshark -r "$out/masq-ping/b-eth0.pcap" -n -Y 'icmp.type == 8' -T fields -e ip.src | sort -u)
[ "$src" = 10.0.2.1 ] || wl_fail "b saw echo requests from '$src', not the router's 10.0.2.1"
idin=$(_wl_tshark -r "$out/masq-ping/a-eth0.pcap" -n -Y 'icmp.type == 8' -T fields -e icmp.ident | sort -u)
idout=$(_wl_tshark -r "$out/masq-ping/b-eth0.pcap" -n -Y 'icmp.type == 8' -T fields -e icmp.ident | sort -u)
[ -n "$idin" ] && [ "$idin" = "$idout" ] || wl_fail "the echo identifier changed: $idin -> $idout"
dst=$(_wl_tshark -r "$out/dnat-tcp/b-eth0.pcap" -n -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 0' -T fields -e ip.dst -e tcp.dstport)
[ "$dst" = "10.0.2.2	80" ] || wl_fail "the SYN reached b as '$dst', not 10.0.2.2:80"
back=$(_wl_tshark -r "$out/dnat-tcp/a-eth0.pcap" -n -Y 'tcp.flags.syn == 1 && tcp.flags.ack == 1' -T fields -e ip.src -e tcp.srcport)
[ "$back" = "10.0.1.1	8080" ] || wl_fail "a got the SYN-ACK from '$back', not 10.0.1.1:8080"
q=$(_wl_tshark -r "$out/icmp-error/a-eth0.pcap" -n -Y 'icmp.type == 3' -T fields -e ip.src -e ip.dst -e udp.dstport)
[ "$q" = "10.0.1.1,10.0.1.2	10.0.1.2,10.0.1.1	40001" ] ||
    wl_fail "the port unreachable reached a as '$q' (outer and quoted src, dst, quoted port)"
wl_pass "NATed traces decode with good checksums; translations seen by tshark"
