#!/bin/bash
# Differential test against the Linux kernel: a TCP connection.
#
# Real side: two network namespaces (client a 10.0.0.1, server b 10.0.0.2)
# joined by a veth pair, made inside a private namespace (unshare, as
# lib-kernel.sh does: nothing of the machine is touched).  Python clients
# and servers, three cases:
#   1. b:80 accepts, reads "hello\n", answers "world\n" and closes when the
#      client has closed; the client connects, sends, reads the answer and
#      closes (active close by the client); then a connect to port 81,
#      where nothing listens (RST, "Connection refused");
#   2. b:82 reads "hello\n", answers "bye\n" and closes at once (active
#      close by the server); the client reads to EOF and closes;
#   3. b:83 accepts and closes 0.3 s later without reading what the client
#      sent: RST, and the client's recv() fails "Connection reset by peer".
# tcpdump captures on a's veth.  Both namespaces get Linux's stock
# net.ipv4.tcp_rmem (4096 131072 6291456): a machine may raise the maximum
# (this changes the window scale it offers, 7 by default), wirelab models
# the default.
#
# Wirelab side: the same exchange, written with the callback API, is
# test_kernel_exchange in build/tests/test_tcp (WL_TCP_PCAP_DIR makes it
# write its traces).
#
# Compared, segment by segment: direction, flags, relative seq and ack,
# payload length (a difference fails the test); then the window field and
# the options (kinds, MSS value, window scale) — reported, and failing too
# unless WLK_TCP_LOOSE=1.  Timestamps' values, ports, ISNs, IP ids and
# checksums are not compared (random on both sides).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"
wlk_need_env
wl_need_cmd python3
# The test binary of the build being tested (build/ or build-asan/).
bin=$(dirname "$WIRELAB")/tests/test_tcp
[ -x "$bin" ] || wl_skip "$bin not built (make build*/tests/test_tcp)"

out=$WL_TMP/tcp-kernel
mkdir -p "$out/real" "$out/wl"

# ---- the real kernel --------------------------------------------------------
cat >"$out/real.sh" <<'REAL'
set -eu
out=$1
mount --make-rprivate /
mkdir -p /run/netns
mount -t tmpfs -o mode=0755 wlk-netns /run/netns
ip netns add a
ip netns add b
ip link add veth-a type veth peer name veth-b
ip link set veth-a netns a
ip link set veth-b netns b
for ns in a b; do
    ip netns exec "$ns" sh -c 'echo 1 >/proc/sys/net/ipv6/conf/all/disable_ipv6
        echo 1 >/proc/sys/net/ipv6/conf/default/disable_ipv6
        echo "4096 131072 6291456" >/proc/sys/net/ipv4/tcp_rmem'
    ip -n "$ns" link set lo up
done
ip -n a addr add 10.0.0.1/24 dev veth-a
ip -n b addr add 10.0.0.2/24 dev veth-b
ip -n a link set veth-a up
ip -n b link set veth-b up
sleep 1
ip netns exec a tcpdump -i veth-a -U -w "$out/a-eth0.pcap" 2>"$out/tcpdump.log" &
cap=$!
sleep 1
ip netns exec b python3 -c '
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 80))
s.listen(5)
c, _ = s.accept()
c.recv(100)
c.sendall(b"world\n")
while c.recv(100):
    pass
c.close()
' &
srv=$!
sleep 0.5
ip netns exec a python3 -c '
import socket
s = socket.create_connection(("10.0.0.2", 80))
s.sendall(b"hello\n")
s.recv(100)
s.close()
'
wait "$srv"
sleep 0.5
ip netns exec a python3 -c '
import socket
try:
    socket.create_connection(("10.0.0.2", 81))
except ConnectionRefusedError as e:
    print(e)
' >"$out/refused.txt"
sleep 0.5
# case 2: the server answers and closes first
ip netns exec b python3 -c '
import socket
s = socket.socket()
s.bind(("0.0.0.0", 82))
s.listen(5)
c, _ = s.accept()
c.recv(100)
c.sendall(b"bye\n")
c.close()
' &
srv=$!
sleep 0.5
ip netns exec a python3 -c '
import socket
s = socket.create_connection(("10.0.0.2", 82))
s.sendall(b"hello\n")
while s.recv(100):
    pass
s.close()
'
wait "$srv"
sleep 0.5
# case 3: the server closes without reading: RST
ip netns exec b python3 -c '
import socket, time
s = socket.socket()
s.bind(("0.0.0.0", 83))
s.listen(5)
c, _ = s.accept()
time.sleep(0.3)
c.close()
' &
srv=$!
sleep 0.5
ip netns exec a python3 -c '
import socket
s = socket.create_connection(("10.0.0.2", 83))
s.sendall(b"hello\n")
try:
    s.recv(100)
except ConnectionResetError as e:
    print(e)
' >"$out/reset.txt"
wait "$srv"
sleep 1
kill -INT "$cap"
wait "$cap" || true
REAL
timeout -k 5 60 unshare --net --mount --pid --fork --kill-child --mount-proc \
    bash "$out/real.sh" "$out/real" >"$out/real.log" 2>&1 ||
    { cat "$out/real.log"; wl_fail "the real run failed"; }
grep -q 'Connection refused' "$out/real/refused.txt" ||
    wl_fail "the real connect to port 81 was not refused: $(cat "$out/real/refused.txt")"
grep -q 'Connection reset by peer' "$out/real/reset.txt" ||
    wl_fail "the real client on port 83 was not reset: $(cat "$out/real/reset.txt")"

# ---- wirelab --------------------------------------------------------------
WL_TCP_PCAP_DIR=$out/wl "$bin" >"$out/wl.log" 2>&1 || { cat "$out/wl.log"; wl_fail "test_tcp failed"; }

# ---- normalise: one line per TCP segment ------------------------------------
# main: dir flags seq ack len          extra: window options
norm() {
    _wl_tshark -r "$1" -n -Y tcp -T fields -E occurrence=a -E aggregator=, \
        -e tcp.srcport -e tcp.flags.str -e tcp.seq -e tcp.ack -e tcp.len \
        -e tcp.window_size_value -e tcp.option_kind -e tcp.options.mss_val \
        -e tcp.options.wscale.shift |
    awk -F'\t' -v part="$2" '{
        dir = ($1 + 0 < 1024) ? "S>C" : "C>S"
        gsub(/[^A-Z]/, "", $2)          # "·······A··S·" -> "AS"
        if (part == "main") printf "%s %s seq=%s ack=%s len=%s\n", dir, $2, $3, $4, $5
        else printf "%s %s win=%s opts=%s mss=%s ws=%s\n", dir, $2, $6, $7, $8, $9
    }'
}
norm "$out/real/a-eth0.pcap" main >"$out/real.main"
norm "$out/wl/kernel/a-eth0.pcap" main >"$out/wl.main"
norm "$out/real/a-eth0.pcap" extra >"$out/real.extra"
norm "$out/wl/kernel/a-eth0.pcap" extra >"$out/wl.extra"
# Two empty lists compare equal: a capture that decoded to nothing proves nothing.
[ -s "$out/real.main" ] || wl_fail "no TCP segment decoded from the real capture"
[ -s "$out/wl.main" ] || wl_fail "no TCP segment decoded from wirelab's capture"

if [ "${WLK_VERBOSE:-0}" = 1 ]; then
    echo "== real kernel"; paste -d' ' "$out/real.main" "$out/real.extra"
    echo "== wirelab"; paste -d' ' "$out/wl.main" "$out/wl.extra"
fi
if ! diff -u "$out/real.main" "$out/wl.main" >"$out/main.diff"; then
    cat "$out/main.diff" >&2
    wl_fail "the TCP segments differ from the kernel's (flags, relative seq/ack, lengths): see the diff above"
fi
if ! diff -u "$out/real.extra" "$out/wl.extra" >"$out/extra.diff"; then
    echo "windows / options that differ from the kernel's:"
    cat "$out/extra.diff"
    [ "${WLK_TCP_LOOSE:-0}" = 1 ] || wl_fail "TCP windows or options differ from the kernel's (WLK_TCP_LOOSE=1 to only report)"
fi
wl_pass "TCP handshake, data, both close orders, reset on unread close, refused connect: $(wc -l <"$out/real.main") segments as the kernel sends them, windows and options included"
