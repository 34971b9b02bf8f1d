# shellcheck shell=bash
# tests/kernel/lib-kernel.sh — differential tests: wirelab against the real
# Linux kernel.  BASH ONLY.  docs/kernel-tests.md is the manual; in short:
#
# A case is a shell scenario, tests/kernel/cases/NAME.sh, written for BOTH
# a real Debian machine (as root) and `wirelab run`: plain commands, one per
# line, `#` comments, `sleep N`.  Two comment lines mean something here:
#
#   # capture   the topology is built: start tcpdump on every interface of
#               every namespace now (real run; wirelab captures always).
#               Put it before the first packet can be sent.
#   # requires: CMD...  the kernel side needs these tools (else: skip).
#   # compare   every command line after it, up to the next blank line, has
#               its printed output (stdout and stderr merged) and its exit
#               status (zero or not) compared.  One command per line there
#               (no `;`, `&&`, `||`): the harness appends `2>&1 && ...`.
#
# wlk_case NAME does it all:
#   1. transform: each compared line K becomes
#        echo @@wlk-begin-K; LINE 2>&1 && echo @@wlk-end-K-ok || echo @@wlk-end-K-fail
#      (on the same line, so line numbers do not move), the same for both
#      runs; the real run's copy has `# capture` replaced by a hook call.
#   2. real run (wlk_run_real): the file is sourced by bash inside
#        unshare --net --mount --uts --pid --fork --kill-child --mount-proc
#      i.e. in a fresh network namespace that plays wirelab's root node
#      `host`, with a private tmpfs on /run/netns so that the scenario's own
#      `ip netns add red` makes namespaces no one else can see or collide
#      with (no renaming needed), and a private PID namespace so that if the
#      run is killed every process in it (tcpdump included) dies with it and
#      the namespaces go away.  An EXIT trap still stops the captures and
#      deletes every namespace the run made.  The machine's own interfaces,
#      routes and namespaces are never touched or even seen.
#      In that shell, `ip` is a function: after a successful
#      `ip netns add NS` it runs `ip netns exec NS sysctl -w
#      net.ipv6.conf.{all,default,lo}.disable_ipv6=1` so that no IPv6 packet
#      (router solicitation, MLD, DAD) ever reaches a trace; the host
#      namespace gets the same before the scenario starts, and its `lo` is
#      brought up as on any booted machine.  `sudo CMD` runs CMD (so `sudo
#      ip ...` still goes through the function).
#   3. wirelab run (wlk_run_wirelab): $WIRELAB run --out DIR --seed 1 NAME.sh.
#   4. traces: each pcap is normalised by wlk_normalize (one line per
#      packet: MACs, frame length, ARP fields, IP src/dst/ttl/len/DF/TOS,
#      ICMP type/code/seq, UDP ports; ICMP ids and UDP source ports >= 32768
#      renamed in order of appearance (id1, port1); IP ids, checksums,
#      payload bytes and timestamps dropped) and the per-interface
#      sequences compared, interface by interface, for every interface the
#      real run captured.  Then the gaps between successive packets on an
#      interface are compared with a tolerance of WLK_TIME_TOL seconds
#      (default 0.6: kernel timers fire up to ~0.5 s late) — this is what
#      shows "ARP retried every 1 s" or "probe after 5 s".
#   5. outputs: the text of each compared command is masked (wlk_mask_output:
#      ping and traceroute times, rtt line, ifindex numbers; ip neigh / bridge fdb / arp
#      lines sorted since the kernel lists them in hash order) and compared,
#      with its exit status (zero/non-zero).
#
# Environment: WIRELAB, WL_TMP (tests/lib.sh); WLK_TIME_TOL; WLK_REAL_TIMEOUT
# (seconds, default 180); WLK_SEED (default 1); WLK_VERBOSE=1 prints both
# transcripts even on a pass.
#
# Run by hand:  bash tests/kernel/test-lan-ping.sh
#               bash tests/kernel/lib-kernel.sh real tests/kernel/cases/lan-ping.sh /tmp/x
#               bash tests/kernel/lib-kernel.sh norm FILE.pcap

WLK_DIR=${WLK_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
WLK_LIB=$WLK_DIR/lib-kernel.sh
WLK_TIME_TOL=${WLK_TIME_TOL:-0.6}
WLK_REAL_TIMEOUT=${WLK_REAL_TIMEOUT:-180}
WLK_SEED=${WLK_SEED:-1}

# ---- environment ----------------------------------------------------------

# wlk_need_env: exit 77 with a SKIP line unless this machine can run the
# real side: root, unshare, ip netns, veth, tcpdump, tshark, ping.
wlk_need_env() {
    local why="needs root and ip netns"
    [ "$(id -u)" -eq 0 ] || wl_skip "not root ($why)"
    local c
    for c in ip unshare tcpdump tshark ping mount timeout; do
        command -v "$c" >/dev/null 2>&1 || wl_skip "$c not installed ($why, tcpdump, tshark)"
    done
    # A throw-away namespace with a veth pair in it, exactly as a run does.
    if ! unshare --net --mount --uts --pid --fork --kill-child --mount-proc \
            bash -c 'mount --make-rprivate / && mkdir -p /run/netns &&
                     mount -t tmpfs -o mode=0755 wlk-netns /run/netns &&
                     ip netns add wlk-probe && ip link add wlk0 type veth peer name wlk1 &&
                     ip link set wlk1 netns wlk-probe && ip netns del wlk-probe' \
            >/dev/null 2>&1; then
        wl_skip "cannot create network namespaces here ($why; in a container, run it with --privileged)"
    fi
}

# ---- a test's own real script ---------------------------------------------
# For tests that write their real side as a script rather than a case.

# wlk_private_prologue: stdout: the first lines of such a script (set -e;
# its own /run/netns in the private mount namespace).
wlk_private_prologue() {
    cat <<'EOF'
set -e
mount --make-rprivate /
mkdir -p /run/netns
mount -t tmpfs -o mode=0755 wlk-netns /run/netns
EOF
}

# wlk_run_private SCRIPT: run SCRIPT in a private unshare (net, mount, pid;
# 60 s at most); its output in $(dirname SCRIPT)/log, shown on failure.
wlk_run_private() {
    local log
    log=$(dirname "$1")/log
    timeout -k 5 60 unshare --net --mount --pid --fork --kill-child --mount-proc bash "$1" \
        >"$log" 2>&1 || { cat "$log" >&2; wl_fail "the real run failed"; }
}

# ---- transform ------------------------------------------------------------

# wlk_transform SCENARIO OUT_WL OUT_REAL INDEX
# Writes the marked copies (see the top of this file) and INDEX, one line
# per compared command: "K<TAB>line number<TAB>command".
wlk_transform() {
    local src=$1 out_wl=$2 out_real=$3 index=$4
    awk -v wl="$out_wl" -v real="$out_real" -v index_f="$index" '
        function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }
        BEGIN { k = 0; incmp = 0 }
        {
            line = $0; t = trim(line)
            if (t == "# capture") {
                print line > wl; print "wlk__capture   # capture" > real; incmp = 0; next
            }
            if (t == "# compare") { print line > wl; print line > real; incmp = 1; next }
            if (t == "") { incmp = 0; print line > wl; print line > real; next }
            if (substr(t, 1, 1) == "#" || !incmp) { print line > wl; print line > real; next }
            if (t ~ /(;|&&|\|\||>|<|\\$)/) {
                printf "%s:%d: a compared line must be one command without ;, &&, ||, redirections or continuation: %s\n", FILENAME, NR, t > "/dev/stderr"
                bad = 1
            }
            k++
            printf "%d\t%d\t%s\n", k, NR, t > index_f
            m = "echo @@wlk-begin-" k "; " t " 2>&1 && echo @@wlk-end-" k "-ok || echo @@wlk-end-" k "-fail"
            print m > wl; print m > real
        }
        END { if (k == 0) printf "" > index_f; exit bad }
    ' "$src"
}

# ---- the real run -----------------------------------------------------------

# wlk_run_real SCENARIO_REAL OUTDIR
# Runs the (transformed) scenario in fresh namespaces; OUTDIR gets
# NS-DEV.pcap per captured interface, stdout, stderr, errors (lines that
# failed, outside compare blocks), captures.log.  Returns the driver's status.
wlk_run_real() {
    local scen=$1 out=$2 rc=0
    mkdir -p "$out"
    out=$(cd "$out" && pwd)
    scen=$(cd "$(dirname "$scen")" && pwd)/$(basename "$scen")
    timeout -k 5 "$WLK_REAL_TIMEOUT" \
        unshare --net --mount --uts --pid --fork --kill-child --mount-proc \
        bash "$WLK_LIB" __real_main "$scen" "$out" || rc=$?
    [ "$rc" -ne 124 ] || echo "wlk: the real run timed out after ${WLK_REAL_TIMEOUT}s" >>"$out/errors"
    return "$rc"
}

# Inside the unshared namespaces (PID 1 of its own PID namespace).
wlk__real_main() {
    local scen=$1
    WLK_OUT=$2
    WLK_CAP_PIDS=()
    WLK_CAP_NAMES=()
    : >"$WLK_OUT/errors"
    : >"$WLK_OUT/captures.log"
    set -u
    mount --make-rprivate / || { echo "wlk: mount --make-rprivate / failed" >>"$WLK_OUT/errors"; return 1; }
    mkdir -p /run/netns
    mount -t tmpfs -o mode=0755 wlk-netns /run/netns || return 1
    mount -t sysfs sysfs /sys 2>/dev/null || true   # /sys/class/net of this namespace
    hostname host
    local k
    for k in all default lo; do echo 1 >"/proc/sys/net/ipv6/conf/$k/disable_ipv6"; done
    command ip link set lo up
    # shellcheck disable=SC2317  # called by the scenario
    ip() { wlk__ip "$@"; }
    # shellcheck disable=SC2317
    sudo() { "$@"; }
    # Never the machine's: refused (and a reboot(2) from inside a PID
    # namespace only kills that namespace's init anyway).
    # shellcheck disable=SC2317
    reboot() { echo "wlk: reboot is not run on the real machine; do not use it in a kernel case" >&2; return 1; }
    # No procps (a minimal Debian image)?  A sysctl of our own, on PATH so
    # that `ip netns exec NS sysctl ...` finds it too.
    if ! command -v sysctl >/dev/null 2>&1; then
        mkdir -p "$WLK_OUT/bin"
        wlk__sysctl_shim >"$WLK_OUT/bin/sysctl"
        chmod +x "$WLK_OUT/bin/sysctl"
        PATH=$WLK_OUT/bin:$PATH
    fi
    trap wlk__real_cleanup EXIT
    trap 'exit 130' INT TERM
    cd "$WLK_OUT" || return 1
    # Each failing command outside the compare blocks is noted (a setup
    # step that fails on the real kernel is a bug in the case).
    trap 'echo "line $LINENO: exit $?: $BASH_COMMAND" >>"$WLK_OUT/errors"' ERR
    # shellcheck disable=SC1090
    . "$scen" >"$WLK_OUT/stdout" 2>"$WLK_OUT/stderr" </dev/null
    trap - ERR
    return 0
}

# `ip` in the real run (wlk__real_main makes `ip` call this): IPv6 off in
# every namespace right after it is made.
wlk__ip() {
    command ip "$@"
    local rc=$? i=1 n=$#
    local -a a=("$@")
    # skip global options (-n NS, -4, -br, ...)
    while [ "$i" -le "$n" ]; do
        case ${a[i-1]} in
            -n|-netns|-b|-batch|-rc|-rcvbuf|-l|-loops|-f|-family) i=$((i + 2)) ;;
            -*) i=$((i + 1)) ;;
            *) break ;;
        esac
    done
    if [ "$rc" -eq 0 ] && [ $((i + 2)) -le "$n" ]; then
        case ${a[i-1]} in
            netns|netn|net|ne)
                case ${a[i]} in
                    add|a)
                        # shellcheck disable=SC2016  # expanded by that sh
                        command ip netns exec "${a[i+1]}" sh -c 'for k in all default lo; do
                            echo 1 >/proc/sys/net/ipv6/conf/$k/disable_ipv6; done'
                        ;;
                esac
                ;;
        esac
    fi
    return "$rc"
}

# A stand-in for procps' sysctl: NAME..., -w NAME=V..., -q, -n; the same
# output ("net.ipv4.ip_forward = 1") and errors.
wlk__sysctl_shim() {
    cat <<'EOS'
#!/bin/bash
q=0 n=0 rc=0
while [ $# -gt 0 ]; do
    case $1 in
        -q) q=1 ;; -n) n=1 ;; -w) ;; -qw|-wq) q=1 ;;
        -*) echo "sysctl: unsupported option $1 (wirelab test shim)" >&2; exit 2 ;;
        *=*) k=${1%%=*}; v=${1#*=}; f=/proc/sys/${k//.//}
             if [ ! -e "$f" ]; then echo "sysctl: cannot stat $f: No such file or directory" >&2; rc=255
             elif echo "$v" >"$f"; then [ "$q" = 1 ] || echo "$k = $v"; else rc=255; fi ;;
        *) k=$1; f=/proc/sys/${k//.//}
           if [ ! -e "$f" ]; then echo "sysctl: cannot stat $f: No such file or directory" >&2; rc=255
           elif [ "$n" = 1 ]; then cat "$f"; else echo "$k = $(cat "$f")"; fi ;;
    esac
    shift
done
exit $rc
EOS
}

# The `# capture` hook: tcpdump on every interface but lo of the host and
# of every namespace, each writing NS-DEV.pcap; returns once all listen.
wlk__capture() {
    local ns dev f i
    local -a nss=(host)
    mapfile -t -O 1 nss < <(command ip netns list | awk '{print $1}')
    for ns in "${nss[@]}"; do
        local -a pre=()
        [ "$ns" = host ] || pre=(command ip netns exec "$ns")
        while read -r dev; do
            if [ -z "$dev" ] || [ "$dev" = lo ]; then continue; fi
            f=$ns-$dev
            "${pre[@]}" tcpdump -i "$dev" -n -s 0 -U --immediate-mode -w "$WLK_OUT/$f.pcap" \
                >"$WLK_OUT/$f.tcpdump.log" 2>&1 </dev/null &
            WLK_CAP_PIDS+=("$!")
            WLK_CAP_NAMES+=("$f")
        done < <("${pre[@]}" ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }')
    done
    for ((i = 0; i < ${#WLK_CAP_PIDS[@]}; i++)); do
        local tries=0
        f=${WLK_CAP_NAMES[i]}
        until grep -q 'listening on' "$WLK_OUT/$f.tcpdump.log" 2>/dev/null; do
            tries=$((tries + 1))
            if [ "$tries" -gt 60 ] || ! kill -0 "${WLK_CAP_PIDS[i]}" 2>/dev/null; then
                echo "capture $f did not start: $(tr '\n' ' ' <"$WLK_OUT/$f.tcpdump.log")" >>"$WLK_OUT/errors"
                break
            fi
            sleep 0.05
        done
        echo "capturing $f" >>"$WLK_OUT/captures.log"
    done
    sleep 0.2   # AF_PACKET sockets are bound; a margin for the first frame
}

wlk__real_cleanup() {
    local rc=$? i ns
    trap - ERR EXIT
    sleep 0.3   # let the last frames reach the captures
    for ((i = 0; i < ${#WLK_CAP_PIDS[@]}; i++)); do
        kill -INT "${WLK_CAP_PIDS[i]}" 2>/dev/null
    done
    for ((i = 0; i < ${#WLK_CAP_PIDS[@]}; i++)); do
        wait "${WLK_CAP_PIDS[i]}" 2>/dev/null
        grep -h 'dropped by kernel' "$WLK_OUT/${WLK_CAP_NAMES[i]}.tcpdump.log" 2>/dev/null |
            grep -v '^0 packets dropped' | sed "s/^/capture ${WLK_CAP_NAMES[i]}: /" >>"$WLK_OUT/errors"
    done
    # Every namespace this run made (only this run's are visible here).
    while read -r ns; do
        [ -n "$ns" ] && command ip netns del "$ns" 2>>"$WLK_OUT/errors"
    done < <(command ip netns list 2>/dev/null | awk '{print $1}')
    exit "$rc"
}

# ---- the wirelab run --------------------------------------------------------

# wlk_run_wirelab SCENARIO_WL OUTDIR: OUTDIR/stdout, stderr, status and the
# traces in OUTDIR/<name>/.
wlk_run_wirelab() {
    local scen=$1 out=$2 rc=0
    mkdir -p "$out"
    timeout -k 5 "${WLK_WL_TIMEOUT:-120}" "$WIRELAB" run --out "$out" --seed "$WLK_SEED" "$scen" \
        >"$out/stdout" 2>"$out/stderr" </dev/null || rc=$?
    echo "$rc" >"$out/status"
    return "$rc"
}

# ---- normalising traces -----------------------------------------------------

WLK_TSHARK_FIELDS=(frame.len eth.src eth.dst eth.type
    arp.opcode arp.src.hw_mac arp.src.proto_ipv4 arp.dst.hw_mac arp.dst.proto_ipv4
    ip.src ip.dst ip.ttl ip.len ip.flags.df ip.dsfield ip.proto
    icmp.type icmp.code icmp.ident icmp.seq
    udp.srcport udp.dstport udp.length frame.time_relative ip.flags.mf ip.frag_offset)

# wlk_normalize [--times] PCAP: one line per frame (see the top of this
# file).  With --times, each line starts with the frame's time in seconds
# and a tab.  IGMP is left out (masked: see docs/kernel-tests.md).
wlk_normalize() {
    local times=0
    if [ "${1:-}" = --times ]; then times=1; shift; fi
    local f=$1 args=() x
    for x in "${WLK_TSHARK_FIELDS[@]}"; do args+=(-e "$x"); done
    _wl_tshark -r "$f" -n -o ip.defragment:FALSE -T fields -E occurrence=a -E aggregator=, \
        "${args[@]}" |
    awk -F'\t' -v times="$times" '
        # mawk 1.3.4 (Debian 12) may crash when an array filled by split()
        # is written to: the split arrays here are only ever read.
        function mapid(v) { if (!(v in ids)) ids[v] = "id" (++nid); return ids[v] }
        function mapport(v) {       # a UDP source port: ephemeral from 32768
            if (v + 0 < 32768) return v
            if (!(v in ports)) ports[v] = "port" (++nport); return ports[v]
        }
        # The transport part.  proto, t(ype) and c(ode) of the IP header in
        # question; ICMP ids/seqs and UDP ports are taken in order of
        # appearance (tshark lists the outer header first).
        function l4(proto, t, c,    s) {
            if (proto == 1) {
                if (t == 8 || t == 0) {
                    s = (t == 8 ? "icmp echo-request" : "icmp echo-reply")
                    if (iid_i <= iid_n) { s = s " " mapid(iid[iid_i]); iid_i++ }
                    if (iseq_i <= iseq_n) { s = s " seq=" iseq[iseq_i]; iseq_i++ }
                    return s
                }
                return "icmp " t "/" c
            }
            if (proto == 17) {
                s = "udp " mapport(usp[usp_i]) " > " udp_[usp_i] " len " ulen[usp_i]
                usp_i++
                return s
            }
            return "proto " proto
        }
        {
            n_ip = split($10, isrc, ","); split($11, idst, ","); split($12, ittl, ",")
            split($13, ilen, ","); split($14, idf, ","); split($15, ids_, ","); split($16, ipro, ",")
            split($17, ityp, ","); split($18, icod, ",")
            iid_n = split($19, iid, ","); iseq_n = split($20, iseq, ",")
            split($21, usp, ","); split($22, udp_, ","); split($23, ulen, ",")
            split($25, imf, ","); split($26, ifo, ",")
            iid_i = 1; iseq_i = 1; usp_i = 1
            if ($4 == "0x0800" && ipro[1] == 2) next      # IGMP: masked
            out = (times ? $24 "\t" : "") $2 " > " $3 " len " $1 " "
            if ($4 == "0x0806") {
                if ($5 == 1) out = out "arp who-has " $9 " tell " $7 " sha " $6 " tha " $8
                else if ($5 == 2) out = out "arp reply " $7 " is-at " $6 " to " $9 " " $8
                else out = out "arp op " $5
            } else if ($4 == "0x0800" && n_ip > 0) {
                df = (idf[1] == "1" || idf[1] == "True") ? " DF" : ""
                tos = (ids_[1] != "" && ids_[1] != "0x00") ? " tos " ids_[1] : ""
                frag = ""
                if (imf[1] == "1" || imf[1] == "True" || (ifo[1] != "" && ifo[1] != "0"))
                    frag = " frag " ifo[1] ((imf[1] == "1" || imf[1] == "True") ? "+" : "")
                out = out "ip " isrc[1] " > " idst[1] " ttl " ittl[1] " len " ilen[1] df tos frag ": "
                if (ifo[1] != "" && ifo[1] != "0") { print out "(fragment)"; next }
                # An ICMP error: its own type/code, then the quoted packet.
                if (ipro[1] == 1 && ityp[1] != 0 && ityp[1] != 8 && n_ip > 1) {
                    df = (idf[2] == "1" || idf[2] == "True") ? " DF" : ""
                    out = out "icmp " ityp[1] "/" icod[1] " [ip " isrc[2] " > " idst[2] \
                        " ttl " ittl[2] " len " ilen[2] df ": " l4(ipro[2], ityp[2], icod[2]) "]"
                } else {
                    out = out l4(ipro[1], ityp[1], icod[1])
                }
            } else {
                out = out "ethertype " $4
            }
            print out
        }'
}

# ---- comparing ----------------------------------------------------------------

# wlk_mask_output COMMAND < text: what may legitimately differ, masked.
wlk_mask_output() {
    local cmd=$1 sort=0
    case " $cmd " in
        *" neigh"*|*" n "*|*"bridge fdb"*|*"bridge f "*) sort=1 ;;
        *" arp "*) sort=2 ;;
    esac
    sed -E -e 's/^\[ *[0-9]+\.[0-9]+s\] //' \
           -e 's/time=[0-9.]+ ms/time=X ms/' \
           -e 's/^rtt min\/avg\/max\/mdev = .*/rtt X/' \
           -e 's/ [0-9]+\.[0-9]+ ms/ X ms/g' \
           -e 's/, time [0-9]+ms/, time Nms/' \
           -e 's/^[0-9]+: /N: /' \
           -e 's/@if[0-9]+/@ifN/g' \
           -e 's/link-netnsid [0-9]+/link-netnsid N/' \
           -e 's/ expires [0-9]+sec/ expires Nsec/' |
    if [ "$sort" = 1 ]; then LC_ALL=C sort
    elif [ "$sort" = 2 ]; then awk 'NR == 1 { print; next } { print | "LC_ALL=C sort" }'
    else cat
    fi
}

# wlk__extract STDOUT K: the lines between the markers of compared command
# K, then "[exit status: zero|non-zero|missing]".  A timestamp prefix
# ("[  1.000s] ") that wirelab may print is stripped first.
wlk__extract() {
    sed -E 's/^\[ *[0-9]+\.[0-9]+s\] //' "$1" | awk -v k="$2" '
        $0 == "@@wlk-begin-" k { on = 1; next }
        on && $0 == "@@wlk-end-" k "-ok" { st = "zero"; exit }
        on && $0 == "@@wlk-end-" k "-fail" { st = "non-zero"; exit }
        on && /@@wlk-(begin|end)-/ { exit }
        on { print }
        END { print "[exit status: " (st == "" ? "missing" : st) "]" }'
}

# wlk_case NAME: the whole test for tests/kernel/cases/NAME.sh.  Prints
# what differs and exits through wl_pass / wl_fail.
wlk_case() {
    local name=$1
    local scen=$WLK_DIR/cases/$name.sh
    [ -f "$scen" ] || wl_fail "no scenario $scen"
    [ -x "$WIRELAB" ] || wl_fail "WIRELAB=$WIRELAB is not executable (make first)"
    # "# requires: CMD..." in the scenario: tools the kernel side needs
    # beyond the usual ones.
    local req
    # shellcheck disable=SC2013  # words: one tool each
    for req in $(sed -n 's/^# requires: *//p' "$scen"); do
        command -v "$req" >/dev/null 2>&1 ||
            wl_skip "$req not installed (needed by the kernel side of $name)"
    done
    local d=$WL_TMP/kernel/$name
    rm -rf "$d"; mkdir -p "$d/wl" "$d/real" "$d/norm/real" "$d/norm/wl" "$d/out"
    wlk_transform "$scen" "$d/$name.sh" "$d/$name.real.sh" "$d/compare.idx" ||
        wl_fail "$scen: fix the compare blocks"

    local t0=$SECONDS
    wlk_run_real "$d/$name.real.sh" "$d/real" || true
    local treal=$((SECONDS - t0))
    wlk_run_wirelab "$d/$name.sh" "$d/wl" || true
    local wlrc tr
    wlrc=$(cat "$d/wl/status")
    tr=$(find "$d/wl" -mindepth 1 -maxdepth 1 -type d | head -n 1)

    local fails=0 notes=() line
    echo "== case $name: real run ${treal}s; wirelab exit $wlrc; traces in $d"
    if [ -s "$d/real/errors" ]; then
        echo "-- real run: commands that failed (a bug in the case, or the machine):"
        sed 's/^/   /' "$d/real/errors"
        fails=$((fails + 1))
    fi
    if grep -q 'not implemented yet' "$d/wl/stdout" "$d/wl/stderr" 2>/dev/null; then
        echo "-- wirelab: not implemented yet:"
        grep -ho 'wirelab: .* is not implemented yet' "$d/wl/stdout" "$d/wl/stderr" | sort -u | sed "s/^/   /"
    fi
    if [ "$wlrc" -ne 0 ]; then
        echo "-- wirelab run exited $wlrc; its stderr:"
        tail -n 15 "$d/wl/stderr" | sed 's/^/   /'
        fails=$((fails + 1))
    fi

    # Traces, interface by interface.  tshark takes ~0.4 s to start: the
    # normalisations run four at a time first.
    local f base ntr=0 nbad=0 njobs=0
    for f in "$d"/real/*.pcap; do
        [ -f "$f" ] || continue
        base=$(basename "$f" .pcap)
        wlk_normalize --times "$f" >"$d/norm/real/$base.tt" &
        if [ -n "$tr" ] && [ -f "$tr/$base.pcap" ]; then
            wlk_normalize --times "$tr/$base.pcap" >"$d/norm/wl/$base.tt" &
            njobs=$((njobs + 1))
        fi
        njobs=$((njobs + 1))
        if [ "$njobs" -ge 4 ]; then wait -n; njobs=$((njobs - 1)); fi
    done
    wait
    for f in "$d"/real/*.pcap; do
        [ -f "$f" ] || continue
        base=$(basename "$f" .pcap)
        ntr=$((ntr + 1))
        cut -f 2- "$d/norm/real/$base.tt" >"$d/norm/real/$base.txt"
        if [ -z "$tr" ] || [ ! -f "$tr/$base.pcap" ]; then
            echo "-- trace $base: wirelab wrote no $base.pcap ($(wc -l <"$d/norm/real/$base.txt") packets on the kernel)"
            nbad=$((nbad + 1))
            continue
        fi
        cut -f 2- "$d/norm/wl/$base.tt" >"$d/norm/wl/$base.txt"
        if ! diff -q "$d/norm/real/$base.txt" "$d/norm/wl/$base.txt" >/dev/null; then
            echo "-- trace $base differs (--- kernel, +++ wirelab; packet numbers from 1):"
            diff -U 2 --label kernel --label wirelab "$d/norm/real/$base.txt" "$d/norm/wl/$base.txt" |
                head -n 40 | sed 's/^/   /'
            nbad=$((nbad + 1))
            continue
        fi
        # Same packets: now the gaps between them.
        paste <(cut -f 1 "$d/norm/real/$base.tt") <(cut -f 1 "$d/norm/wl/$base.tt") |
        awk -v tol="$WLK_TIME_TOL" -v b="$base" '
            NR > 1 { dk = $1 - pk; dw = $2 - pw; d = dk - dw; if (d < 0) d = -d
                     if (d > tol) { printf "-- trace %s: gap before packet %d is %.3fs on the kernel, %.3fs in wirelab\n", b, NR, dk, dw; bad = 1 } }
            { pk = $1; pw = $2 }
            END { exit bad }' || nbad=$((nbad + 1))
    done
    if [ -n "$tr" ]; then
        for f in "$tr"/*.pcap; do
            [ -f "$f" ] || continue
            base=$(basename "$f" .pcap)
            [ -f "$d/real/$base.pcap" ] && continue
            case $base in *-lo) continue ;; esac
            notes+=("wirelab trace $base has no kernel counterpart (not compared)")
        done
    fi
    [ "$ntr" -gt 0 ] || { echo "-- the real run captured nothing (no '# capture' line?)"; nbad=$((nbad + 1)); }
    fails=$((fails + nbad))

    # Printed outputs.
    local k lno cmd nout=0 nobad=0
    while IFS=$'\t' read -r k lno cmd; do
        [ -n "$k" ] || continue
        nout=$((nout + 1))
        wlk__extract "$d/real/stdout" "$k" | wlk_mask_output "$cmd" >"$d/out/$k.kernel"
        wlk__extract "$d/wl/stdout" "$k" | wlk_mask_output "$cmd" >"$d/out/$k.wirelab"
        if ! diff -q "$d/out/$k.kernel" "$d/out/$k.wirelab" >/dev/null; then
            echo "-- output of line $lno differs: $cmd"
            diff -U 3 --label kernel --label wirelab "$d/out/$k.kernel" "$d/out/$k.wirelab" |
                head -n 40 | sed -E -e 's/^/   /' -e 's/([^ ]) $/\1 <-- trailing space/'
            diff -q -b "$d/out/$k.kernel" "$d/out/$k.wirelab" >/dev/null &&
                echo "   (only white space differs)"
            nobad=$((nobad + 1))
        fi
    done <"$d/compare.idx"
    fails=$((fails + nobad))

    for line in "${notes[@]}"; do echo "   note: $line"; done
    echo "== $name: $((ntr - nbad))/$ntr traces and $((nout - nobad))/$nout outputs match"
    if [ "$fails" -ne 0 ] || [ "${WLK_VERBOSE:-0}" = 1 ]; then
        echo "-- kernel transcript (stdout; stderr):"
        sed 's/^/   | /' "$d/real/stdout"; sed 's/^/   ! /' "$d/real/stderr"
        echo "-- wirelab transcript (stdout; stderr):"
        sed 's/^/   | /' "$d/wl/stdout" | head -n 150; sed 's/^/   ! /' "$d/wl/stderr" | head -n 50
    fi
    [ "$fails" -eq 0 ] || wl_fail "$name: wirelab differs from the kernel (details above; files in $d)"
    wl_pass "$name: wirelab matches the kernel ($ntr traces, $nout outputs)"
}

# ---- command line -------------------------------------------------------------

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    case ${1:-} in
        __real_main) shift; wlk__real_main "$@"; exit $? ;;
        real)        # real SCENARIO OUTDIR: the real side alone, for writing a case
            shift; d=$2; mkdir -p "$d"
            wlk_transform "$1" "$d/scenario.wl.sh" "$d/scenario.real.sh" "$d/compare.idx"
            wlk_run_real "$d/scenario.real.sh" "$d"; rc=$?
            cat "$d/stdout"; cat "$d/stderr" >&2; cat "$d/errors" >&2; exit $rc ;;
        norm)
            shift
            WL_ROOT=${WL_ROOT:-$(cd "$WLK_DIR/../.." && pwd)}
            # shellcheck source=tests/lib.sh
            . "$WLK_DIR/../lib.sh"
            wlk_normalize "$@" ;;
        *) echo "usage: lib-kernel.sh real SCENARIO OUTDIR | norm [--times] PCAP" >&2; exit 2 ;;
    esac
fi
