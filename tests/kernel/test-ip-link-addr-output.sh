#!/bin/bash
# Differential test against iproute2 6.1 and the Linux kernel: what `ip link`
# and `ip address` print (plain, -br, -o, -4, show master / type / dev, and
# iproute2's own error messages) for one small topology built the same way in
# real network namespaces and in `wirelab run`:
#
#   host: bridge br0 (MAC set) with ports veth0 and veth2, both up; veth1
#         (veth0's peer) up with two addresses; veth3 (veth2's peer) down, so
#         veth2 is NO-CARRIER/LOWERLAYERDOWN with M-DOWN; br0 with a primary
#         and a secondary address; br1 never brought up (qdisc noop, mtu 1400)
#   part 2: veth3 moves to namespace red, is renamed eth0, gets an address
#         and comes up (veth2@ifN ... link-netns red, eth0@ifN ... link-netns
#         ... from red's side is link-netnsid: masked).
#
# Every MAC is set explicitly; IPv6 is off in every namespace (the harness's
# `ip` wrapper), since wirelab models no IPv6; ifindex numbers are masked
# (wlk_mask_output).  Kernel error words are not compared (this machine's
# kernel may be newer than Debian 12's 6.1: "Error: ipv4: Address already
# assigned." instead of "RTNETLINK answers: File exists"), only iproute2's
# own messages.
#
# Uses tests/kernel/lib-kernel.sh for the real run (unshare: a private
# network namespace as `host`, a private /run/netns, nothing of the machine
# touched) and its output markers, without traces: only outputs compare.
# Skips (77) when not root, when namespaces cannot be made, or while wirelab
# still lacks a command the scenario needs (echo, sleep, ip netns: the part
# that needs it is skipped and said so).
# shellcheck source=tests/lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=tests/kernel/lib-kernel.sh
. "$(dirname "$0")/lib-kernel.sh"

[ "$(id -u)" -eq 0 ] || wl_skip "not root (needs root and ip netns)"
for c in ip unshare timeout mount; do
    command -v "$c" >/dev/null 2>&1 || wl_skip "$c not installed (needs root and ip netns)"
done
if ! unshare --net --mount --uts --pid --fork --kill-child --mount-proc \
        bash -c 'mount --make-rprivate / && mkdir -p /run/netns &&
                 mount -t tmpfs -o mode=0755 wlk-netns /run/netns &&
                 ip netns add wlk-probe && ip link add wlk0 type veth peer name wlk1 &&
                 ip link set wlk1 netns wlk-probe && ip netns del wlk-probe' >/dev/null 2>&1; then
    wl_skip "cannot create network namespaces here (needs root and ip netns; in a container, --privileged)"
fi
[ -x "$WIRELAB" ] || wl_fail "WIRELAB=$WIRELAB is not executable (make first)"

D=$WL_TMP/ip-link-addr
mkdir -p "$D"

# The host part.  `sleep 1`: the kernel's link watcher sets operstates
# asynchronously (up to a second later); wirelab's are set at once.
cat >"$D/part1.sh" <<'EOF'
ip link add br0 type bridge
ip link set dev br0 address 02:00:00:00:0b:00
ip link add veth0 type veth peer name veth1
ip link set dev veth0 address 02:00:00:00:00:10
ip link set dev veth1 address 02:00:00:00:00:11
ip link add veth2 type veth peer name veth3
ip link set dev veth2 address 02:00:00:00:00:12
ip link set dev veth3 address 02:00:00:00:00:13
ip link set veth0 master br0
ip link set veth2 master br0
ip link set br0 up
ip link set dev veth0 up
ip link set veth1 up
ip link set veth2 up
ip addr add 10.0.0.1/24 dev br0
ip addr add 10.0.0.9/24 dev br0
ip address add 10.0.1.1/24 brd 10.0.1.7 dev veth1
ip a add 192.168.7.1/32 dev veth1
ip link add br1 type bridge
ip link set dev br1 address 02:00:00:00:0b:01 mtu 1400
sleep 1
# compare
ip link
ip -br link
ip -o link
ip addr
ip -br addr
ip -o addr
ip -4 addr
ip -br -4 addr
ip -0 addr show dev br1
ip link show master br0
ip link show type bridge
ip -br link show type veth
ip link show dev veth2
ip addr show veth1
ip addr show to 192.168.0.0/16
ip addr show secondary
ip link show veth9
ip addr show dev veth9
ip link set veth9 up
ip addr add 10.0.0.5/24 dev veth9
ip addr add bogus dev br0
ip -4 addr add bogus dev br0
ip addr add 10.0.0.5/33 dev br0
ip addr add 10.0.0.5/24 brd x dev br0
ip addr add 10.0.0.5/24
ip addr add 10.0.0.5/24 dev br0 foo
ip link set br0 up foo
ip link set br0 mtu x
ip link set br0 mtu 1400 mtu 1300
ip link set br0 master nosuch
ip link set br0 address zz
ip link set br0 address aa:bb
ip link set br0 name a/b
ip link set
ip link show br0 br1
ip link foo
ip addr foo
ip link add v1
ip link add v1 type veth foo
ip link add v1 type veth peer name v2 type veth
ip addr flush
EOF

# The namespace part.
cat >"$D/part2.sh" <<'EOF'
ip link add br0 type bridge
ip link set dev br0 address 02:00:00:00:0b:00
ip link add veth2 type veth peer name veth3
ip link set dev veth2 address 02:00:00:00:00:12
ip link set dev veth3 address 02:00:00:00:00:13
ip link set veth2 master br0
ip link set br0 up
ip link set veth2 up
ip addr add 10.0.0.1/24 dev br0
ip netns add red
ip link set veth3 netns red
ip -n red link set dev veth3 name eth0
ip -n red addr add 10.0.0.2/24 dev eth0
ip -n red link set eth0 up
ip -n red link set lo up
sleep 1
# compare
ip link
ip -br link
ip addr
ip -n red link
ip -n red -br link
ip -n red -o link
ip -n red addr
ip -n red -br addr
ip -n red -4 addr
ip link set veth2 netns nosuch
EOF

# Counters after traffic (a ping over a veth pair between the host and
# red: one ARP exchange and three echoes each way), and a device taken down
# after it carried traffic (its qdisc stays noqueue).  Its peer is not shown
# after that: Linux 6.1 says LOWERLAYERDOWN there, kernels from 6.11 on say
# DOWN when the peer is in another namespace.
cat >"$D/part3.sh" <<'EOF'
ip netns add red
ip link add veth0 type veth peer name veth1
ip link set dev veth0 address 02:00:00:00:00:10
ip link set dev veth1 address 02:00:00:00:00:11
ip link set veth1 netns red
ip addr add 10.0.0.1/24 dev veth0
ip -n red addr add 10.0.0.2/24 dev veth1
ip link set veth0 up
ip -n red link set veth1 up
sleep 1
ping -c 3 -i 0.2 -q 10.0.0.2
sleep 1
# compare
ip -s link show veth0
ip -n red -s link show veth1
ip -s addr show veth0
ip -o -s link show veth0
ip -n red -s -br link
ip link set veth0 down
ip -s link show veth0
ip -br link show veth0
EOF

# run_part NAME: the real run and the wirelab run of $D/NAME.sh, outputs
# compared.  Returns 0 (same), 1 (differs) or 77 (wirelab lacks a command).
run_part() {
    local name=$1 d=$D/$1 k lno cmd n=0 bad=0 missing
    mkdir -p "$d/real" "$d/wl" "$d/out"
    wlk_transform "$D/$name.sh" "$d/$name.sh" "$d/$name.real.sh" "$d/compare.idx"
    wlk_run_real "$d/$name.real.sh" "$d/real" || true
    if [ -s "$d/real/errors" ]; then
        echo "-- $name: setup commands that failed on the real kernel (a bug in this test):"
        sed 's/^/   /' "$d/real/errors"
        return 1
    fi
    wlk_run_wirelab "$d/$name.sh" "$d/wl" || true
    missing=$(grep -ho 'wirelab: [a-z ]* is not implemented yet' "$d/wl/stdout" "$d/wl/stderr" |
              sed -e 's/^wirelab: //' -e 's/ is not implemented yet//' | sort -u | paste -sd, -)
    if [ -n "$missing" ]; then
        echo "-- $name: skipped, wirelab does not have these yet: $missing"
        return 77
    fi
    if [ "$(cat "$d/wl/status")" -ne 0 ]; then
        echo "-- $name: wirelab run exited $(cat "$d/wl/status"):"
        tail -n 15 "$d/wl/stderr" | sed 's/^/   /'
        return 1
    fi
    while IFS=$'\t' read -r k lno cmd; do
        [ -n "$k" ] || continue
        n=$((n + 1))
        wlk__extract "$d/real/stdout" "$k" | wlk_mask_output "$cmd" >"$d/out/$k.kernel"
        wlk__extract "$d/wl/stdout" "$k" | wlk_mask_output "$cmd" >"$d/out/$k.wirelab"
        if ! diff -q "$d/out/$k.kernel" "$d/out/$k.wirelab" >/dev/null; then
            echo "-- $name line $lno differs: $cmd"
            diff -U 3 --label kernel --label wirelab "$d/out/$k.kernel" "$d/out/$k.wirelab" |
                head -n 40 | sed -e 's/^/   /' -e 's/ $/ <-- trailing space/'
            bad=$((bad + 1))
        fi
    done <"$d/compare.idx"
    echo "== $name: $((n - bad))/$n outputs match"
    [ "$bad" -eq 0 ]
}

fails=0 skipped=()
for part in part1 part2 part3; do
    rc=0
    run_part "$part" || rc=$?
    case $rc in
        0) ;;
        77) skipped+=("$part") ;;
        *) fails=$((fails + 1)) ;;
    esac
done
[ "$fails" -eq 0 ] || wl_fail "ip link / ip addr output differs from iproute2 6.1 (files in $D)"
# Every command these parts use is implemented: a part that met "not
# implemented yet" is a regression, not a reason to pass.
[ "${#skipped[@]}" -eq 0 ] || wl_fail "wirelab lacks commands these parts need: ${skipped[*]} (see above)"
wl_pass "ip link / ip addr output match iproute2 6.1 on the kernel"
