#!/bin/bash
# Docker's three network modes (lib/docker.lua, docs/docker.md):
#   1. docker-modes.lua: bridge, none, host and a user network on a Docker
#      host with a client on its LAN: addresses, MACs, routes, `ip addr` in
#      a container, pings container<->container and container->host, NAT
#      out (MASQUERADE), `-p 8080:80` reached from the client with curl,
#      isolation between networks, docker rm -f cleaning up; Wireshark
#      reads every trace.
#   2. The iptables-save of a Docker host after `docker run -d -p 8080:80
#      nginx` holds exactly the rules of the reference's §4.1 (Docker <= 27,
#      "classic"; moby's generated iptables doc), docker0 and 172.17.0.2
#      substituted.
#   3. docker-cli.sh, a shell scenario typed as on a Docker host, mistakes
#      included: its transcript is docker-cli.expected, byte for byte.
#   4. Determinism: the same seed gives the same container ids, veth names
#      and MACs; another seed other names.
# Everything needs the iptables command (the netfilter engine); without it
# the test fails.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

# 0. The netfilter engine's command is there?
printf 'iptables -S\n' >"$WL_TMP/ipt.sh"
"$WIRELAB" run "$WL_TMP/ipt.sh" --no-pcap --no-log >"$WL_TMP/ipt.out" 2>&1 || {
    cat "$WL_TMP/ipt.out" >&2
    wl_fail "iptables -S failed in a shell scenario"
}

# 1. The three modes, with a client on the LAN.
rc=0
"$WIRELAB" check $F/docker-modes.lua --out "$WL_TMP/o" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "docker-modes: check exited $rc"; }
! grep -q '^FAIL' "$WL_TMP/out" || { grep '^FAIL' "$WL_TMP/out" >&2; wl_fail "docker-modes: a check failed"; }
[ "$(grep -c '^PASS' "$WL_TMP/out")" -ge 53 ] || { cat "$WL_TMP/out" >&2; wl_fail "docker-modes: too few checks ran"; }
if command -v tshark >/dev/null; then
    check_pcaps --allow-empty "$WL_TMP/o/docker-modes" >/dev/null || wl_fail "docker-modes: bad traces"
    # The client's capture: the HTTP answer comes from the host's address,
    # port 8080 (the DNAT undone by conntrack), never from 172.17.0.2.
    _wl_tshark -r "$WL_TMP/o/docker-modes/client-eth0.pcap" -Y 'http.response' -T fields \
        -e ip.src -e tcp.srcport >"$WL_TMP/http" || wl_fail "tshark failed"
    [ -s "$WL_TMP/http" ] || wl_fail "no HTTP answer in the client's trace"
    ! grep -v -P '^10\.0\.0\.1\t8080$' "$WL_TMP/http" >&2 || wl_fail "an answer not from 10.0.0.1:8080"
else
    echo "note: tshark not installed: the traces were not decoded"
fi

# 2. iptables-save against the reference's §4.1.
cat >"$WL_TMP/one.sh" <<'SH'
docker run -d --name web -p 8080:80 nginx
iptables-save
SH
"$WIRELAB" run "$WL_TMP/one.sh" --no-pcap --no-log >"$WL_TMP/one.out" 2>&1 ||
    { cat "$WL_TMP/one.out" >&2; wl_fail "docker run -p 8080:80 nginx, iptables-save"; }
cat >"$WL_TMP/ref41" <<'REF'
*filter
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
-A DOCKER-USER -j RETURN
*nat
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
-A DOCKER -i docker0 -j RETURN
-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
REF
grep -E '^(\*|-A )' "$WL_TMP/one.out" | diff -u "$WL_TMP/ref41" - >&2 ||
    wl_fail "iptables-save differs from the reference's §4.1 rule set"
# The chains and policies: Docker's four filter chains, its nat chain, and
# FORWARD's policy DROP (dockerd sets it when it turns on ip_forward).
grep -E '^:' "$WL_TMP/one.out" | sed 's/ \[.*//' >"$WL_TMP/chains"
printf '%s\n' ':INPUT ACCEPT' ':FORWARD DROP' ':OUTPUT ACCEPT' ':DOCKER -' \
    ':DOCKER-ISOLATION-STAGE-1 -' ':DOCKER-ISOLATION-STAGE-2 -' ':DOCKER-USER -' \
    ':PREROUTING ACCEPT' ':INPUT ACCEPT' ':OUTPUT ACCEPT' ':POSTROUTING ACCEPT' ':DOCKER -' |
    diff -u - "$WL_TMP/chains" >&2 || wl_fail "iptables-save: chains and policies"

# dockerd sets FORWARD's policy to DROP only when it turns ip_forward on
# itself: a host that routed already keeps ACCEPT.
printf 'sysctl -w net.ipv4.ip_forward=1\ndocker run -d --name c1 busybox sleep 9\niptables -S FORWARD\n' \
    >"$WL_TMP/fw.sh"
"$WIRELAB" run "$WL_TMP/fw.sh" --no-pcap --no-log >"$WL_TMP/fw.out" 2>&1 || wl_fail "fw.sh failed"
grep -qx -- '-P FORWARD ACCEPT' "$WL_TMP/fw.out" || { cat "$WL_TMP/fw.out" >&2; wl_fail "FORWARD policy of a router"; }

# A reboot of the Docker host loses docker0, the veths, the namespaces and
# the rules: dockerd builds its networks again, its containers are stopped.
cat >"$WL_TMP/reboot.sh" <<'SH'
docker run -d --name web -p 8080:80 nginx
docker network create backend
reboot
docker ps -a
ip -br link
docker run -d --name web2 -p 8080:80 nginx
docker exec web2 ping -c 1 172.17.0.1
iptables -t nat -S DOCKER
SH
"$WIRELAB" run "$WL_TMP/reboot.sh" --no-pcap --no-log >"$WL_TMP/reboot.out" 2>&1 ||
    { cat "$WL_TMP/reboot.out" >&2; wl_fail "docker after a reboot"; }
grep -q 'Exited (255) Less than a second ago *web$' "$WL_TMP/reboot.out" ||
    { cat "$WL_TMP/reboot.out" >&2; wl_fail "after a reboot, web is not shown stopped"; }
grep -q '^docker0 .*DOWN' "$WL_TMP/reboot.out" && grep -q '^br-[0-9a-f]\{12\} .*DOWN' "$WL_TMP/reboot.out" ||
    { cat "$WL_TMP/reboot.out" >&2; wl_fail "after a reboot, the bridges are not there again"; }
grep -qx -- '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80' \
    "$WL_TMP/reboot.out" || { cat "$WL_TMP/reboot.out" >&2; wl_fail "after a reboot, port 8080 again"; }

# 3. The transcript of a shell scenario with docker lines.
rc=0
"$WIRELAB" run $F/docker-cli.sh --no-pcap --no-log >"$WL_TMP/cli.out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$WL_TMP/cli.out" >&2; wl_fail "docker-cli.sh exited $rc"; }
sed '/^wirelab: tests\/scenario\/fixtures\/docker-cli.sh: finished$/,$d' "$WL_TMP/cli.out" |
    diff -u $F/docker-cli.expected - >&2 || wl_fail "docker-cli.sh: the transcript differs"
grep -q '^  checks          40 passed, 0 failed$' "$WL_TMP/cli.out" ||
    { tail -8 "$WL_TMP/cli.out" >&2; wl_fail "docker-cli.sh: not every line passed"; }

# 4. Determinism.
names() {
    printf 'docker run -d --name c1 busybox sleep 9\ndocker run -d --name c2 busybox sleep 9\n' \
        >"$WL_TMP/two.sh"
    printf 'ip -br link show master docker0\nip link show docker0\ndocker ps -q\n' >>"$WL_TMP/two.sh"
    "$WIRELAB" run "$WL_TMP/two.sh" --no-pcap --no-log --seed "$1" 2>&1 | grep -E 'veth|ether|^[0-9a-f]{12}$'
}
names 5 >"$WL_TMP/s5a"
names 5 >"$WL_TMP/s5b"
names 6 >"$WL_TMP/s6"
[ "$(grep -c veth "$WL_TMP/s5a")" -eq 2 ] || { cat "$WL_TMP/s5a" >&2; wl_fail "two veths expected"; }
cmp -s "$WL_TMP/s5a" "$WL_TMP/s5b" || wl_fail "same seed, different names"
! cmp -s "$WL_TMP/s5a" "$WL_TMP/s6" || wl_fail "another seed gave the same names"
"$WIRELAB" run $F/docker-modes.lua --out "$WL_TMP/o2" >/dev/null 2>&1 || wl_fail "second run failed"
cmp -s "$WL_TMP/o/docker-modes/events.jsonl" "$WL_TMP/o2/docker-modes/events.jsonl" ||
    wl_fail "docker-modes: two runs, different event logs"

wl_pass "Docker: none, host, bridge and user networks, -p through DNAT, §4.1's rules, the CLI's words"
