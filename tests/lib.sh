# shellcheck shell=bash
# tests/lib.sh — helpers for wirelab's integration tests.  BASH ONLY:
# test scripts are run with `bash` by tests/run-all.sh and start with
#
#   . "$(dirname "$0")/../lib.sh"
#
# Result convention (automake's): exit 0 = pass, 77 = skipped, else fail.
#
#   wl_pass [MSG]          print "PASS: MSG", exit 0
#   wl_fail MSG            print "FAIL: MSG" (stderr), exit 1
#   wl_skip MSG            print "SKIP: MSG", exit 77 (run-all.sh shows MSG)
#   wl_need_cmd CMD...     skip unless every CMD is on PATH
#   wl_need_root           skip unless running as root
#   check_pcaps [--allow-empty] [--allow-tcp-warnings] DIR|FILE...
#                          tshark-validate every *.pcap/*.pcapng: returns 1
#                          and names file+frame for malformed packets, bad
#                          checksums (IPv4, ICMP, UDP, TCP), expert errors,
#                          TCP sequence-analysis warnings (lost or out-of-order
#                          segments, zero window, window full: allowed with
#                          --allow-tcp-warnings or WL_ALLOW_TCP_WARNINGS=1, for
#                          a trace where loss was configured), unreadable
#                          files and (unless allowed) empty ones
#   pcap_proto_sequence [--info] FILE
#                          one line per frame: its short protocol name
#                          (arp, icmp, udp, dns, tcp, vxlan, ...), with
#                          --info followed by a tab and tshark's Info column
#
# Variables set here (kept if already set): WL_ROOT (repo root), WIRELAB
# (the binary; default $WL_ROOT/build/wirelab), WL_TMP (a scratch dir; the
# runner gives each test a fresh one, otherwise one is made here and removed
# on exit).

WL_ROOT=${WL_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
WIRELAB=${WIRELAB:-$WL_ROOT/build/wirelab}
if [ -z "${WL_TMP:-}" ]; then
    # Run by hand: make a scratch dir, removed on exit unless WL_KEEP_TMP=1
    # (a test that sets its own EXIT trap replaces this one).
    WL_TMP=$(mktemp -d "${TMPDIR:-/tmp}/wl-test.XXXXXX")
    [ "${WL_KEEP_TMP:-0}" = 1 ] || trap 'rm -rf "$WL_TMP"' EXIT
fi
export WL_ROOT WIRELAB WL_TMP

wl_pass() { echo "PASS${1:+: $*}"; exit 0; }
wl_fail() { echo "FAIL: $*" >&2; exit 1; }
wl_skip() { echo "SKIP: $*"; exit 77; }

wl_need_cmd() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || wl_skip "$c not installed (see scripts/install-deps.sh)"
    done
}

wl_need_root() {
    [ "$(id -u)" -eq 0 ] || wl_skip "needs root"
}

# wl_check_scenario SCRIPT OUTDIR: `wirelab check SCRIPT --out OUTDIR`
# exits 0, no check FAILs and the count line is there; fails the test
# otherwise (what it printed on stderr).  Its output in $WL_TMP/out.
wl_check_scenario() {
    local rc=0
    "$WIRELAB" check "$1" --out "$2" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
    [ "$rc" -eq 0 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "$1: check exited $rc"; }
    ! grep -q '^FAIL' "$WL_TMP/out" || { cat "$WL_TMP/out" >&2; wl_fail "$1: a check failed"; }
    grep -qE "^$1: [1-9][0-9]* passed, 0 failed$" "$WL_TMP/out" ||
        { cat "$WL_TMP/out" >&2; wl_fail "$1: no count line"; }
}

# ---- tshark ---------------------------------------------------------------

# Checksum validation is off by default in Wireshark for IPv4, UDP and TCP;
# ICMP checksums are always checked.  -n: no name resolution.
WL_TSHARK_OPTS=(-n -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE
                -o tcp.check_checksum:TRUE)

# The frames check_pcaps rejects.  Verified against tshark 4.0 by
# tests/trace/test-checker-catches-bad.sh.  Note that a bad ICMP checksum is
# only a *warning* in 4.0, hence the checksum group; an exception while
# dissecting (truncated packet) sets _ws.malformed with an error item.
WL_PCAP_BAD_FILTER='_ws.malformed || _ws.expert.severity >= error || _ws.expert.group == checksum || _ws.expert.group == malformed'
# TCP's expert warnings (tshark 4.0's packet-tcp.c, severity Warning, group
# Sequence): what a trace of a healthy connection never shows.  A RST
# ("Connection reset", also a Warning) is a normal answer and not listed.
# Filtering by these fields rather than by `_ws.expert.severity >= warning`
# keeps other protocols' warnings (HTTP's on non-HTTP bytes to port 80) out.
WL_PCAP_TCP_WARN_FILTER='tcp.analysis.lost_segment || tcp.analysis.ack_lost_segment || tcp.analysis.out_of_order || tcp.analysis.zero_window || tcp.analysis.window_full'

# _wl_tshark ARGS...: tshark with its "running as root" warning dropped from
# stderr; everything else on stderr is kept.  Returns tshark's status.
_wl_tshark() {
    local errf rc=0
    errf=$(mktemp "${TMPDIR:-/tmp}/wl-tshark.XXXXXX")
    tshark "$@" 2>"$errf" || rc=$?
    grep -v -e '^Running as user "root" and group "root"\. This could be dangerous\.$' \
        "$errf" >&2 || true
    rm -f "$errf"
    return "$rc"
}

check_pcaps() {
    local allow_empty=${WL_ALLOW_EMPTY_PCAP:-0} allow_tcpw=${WL_ALLOW_TCP_WARNINGS:-0}
    local arg f n out bad=0 nfiles=0 filter
    local -a paths=() files=()
    for arg in "$@"; do
        case $arg in
            --allow-empty) allow_empty=1 ;;
            --allow-tcp-warnings) allow_tcpw=1 ;;
            -*) echo "check_pcaps: unknown option $arg" >&2; return 2 ;;
            *) paths+=("$arg") ;;
        esac
    done
    [ "${#paths[@]}" -gt 0 ] || { echo "usage: check_pcaps [--allow-empty] [--allow-tcp-warnings] DIR|FILE..." >&2; return 2; }
    filter=$WL_PCAP_BAD_FILTER
    [ "$allow_tcpw" = 1 ] || filter="$filter || $WL_PCAP_TCP_WARN_FILTER"
    command -v tshark >/dev/null 2>&1 || wl_skip "tshark not installed (see scripts/install-deps.sh)"

    for arg in "${paths[@]}"; do
        if [ -f "$arg" ]; then
            files+=("$arg")
        elif [ -d "$arg" ]; then
            mapfile -t -O "${#files[@]}" files < <(find "$arg" -type f \
                \( -name '*.pcap' -o -name '*.pcapng' \) | LC_ALL=C sort)
        else
            echo "check_pcaps: $arg: no such file or directory" >&2
            bad=1
        fi
    done
    if [ "${#files[@]}" -eq 0 ]; then
        echo "check_pcaps: no *.pcap files under ${paths[*]}" >&2
        return 1
    fi

    for f in "${files[@]}"; do
        nfiles=$((nfiles + 1))
        # Pass 1: can tshark read it all, and how many frames?
        if ! out=$(_wl_tshark -r "$f" -n -T fields -e frame.number); then
            echo "check_pcaps: $f: tshark cannot read the file (see message above)" >&2
            bad=1
            continue
        fi
        n=$(printf '%s' "$out" | grep -c . || true)
        if [ "$n" -eq 0 ]; then
            if [ "$allow_empty" = 1 ]; then
                echo "check_pcaps: $f: 0 frames (allowed)"
            else
                echo "check_pcaps: $f: 0 frames" >&2
                bad=1
            fi
            continue
        fi
        # Pass 2: frames that are malformed, carry a bad checksum or an
        # expert error.  One line per bad frame, naming what is wrong.
        if ! out=$(_wl_tshark -r "$f" "${WL_TSHARK_OPTS[@]}" -Y "$filter" \
                -T fields -E occurrence=a -E aggregator=$'\x1f' \
                -e frame.number -e _ws.col.Protocol \
                -e ip.checksum.status -e icmp.checksum.status \
                -e udp.checksum.status -e tcp.checksum.status \
                -e _ws.expert.severity -e _ws.expert.group -e _ws.expert.message \
                -e _ws.col.Info); then
            echo "check_pcaps: $f: tshark failed while checking" >&2
            bad=1
            continue
        fi
        [ -n "$out" ] || continue
        bad=1
        printf '%s\n' "$out" | awk -F'\t' -v file="$f" -v tcpw="$allow_tcpw" '
            function any_bad(s,   a, i, k) {      # a checksum status of 0 = Bad
                k = split(s, a, "\037")
                for (i = 1; i <= k; i++) if (a[i] == "0") return 1
                return 0
            }
            {
                what = ""
                if (any_bad($3)) what = what "bad IPv4 header checksum; "
                if (any_bad($4)) what = what "bad ICMP checksum; "
                if (any_bad($5)) what = what "bad UDP checksum; "
                if (any_bad($6)) what = what "bad TCP checksum; "
                ns = split($7, sev, "\037"); split($8, grp, "\037"); split($9, msg, "\037")
                for (i = 1; i <= ns; i++)
                    # error severity, or group checksum / malformed
                    if (sev[i] + 0 >= 8388608 || grp[i] == "16777216" || grp[i] == "117440512")
                        what = what msg[i] "; "
                    # a TCP sequence warning (Warning, group Sequence), not a RST
                    else if (tcpw != 1 && sev[i] + 0 == 6291456 && grp[i] == "33554432" &&
                             msg[i] != "Connection reset (RST)")
                        what = what "TCP expert warning: " msg[i] "; "
                if (what == "") what = "malformed; "
                sub(/; $/, "", what)
                printf "check_pcaps: %s: frame %s (%s): %s  [%s]\n", file, $1, $2, what, $10
            }' >&2
    done
    if [ "$bad" -ne 0 ]; then
        echo "check_pcaps: FAILED ($nfiles file(s) checked)" >&2
        return 1
    fi
    echo "check_pcaps: $nfiles file(s) clean"
}

# pcap_proto_sequence [--info] FILE
# Short name per frame from frame.protocols: the outer packet's top protocol,
# ignoring "ethertype", "data" and tshark's pseudo-protocols (_ws.*), and
# stopping where a second eth or IP header starts (the quoted packet inside
# an ICMP error, or the inner frame of a VXLAN tunnel):
#   eth:ethertype:arp -> arp          eth:ethertype:ip:icmp:data -> icmp
#   eth:ethertype:ip:udp:data -> udp  eth:ethertype:ip:udp:dns -> dns
#   eth:ethertype:ip:icmp:ip:udp -> icmp
#   eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data -> vxlan
pcap_proto_sequence() {
    local info=0
    if [ "${1:-}" = --info ]; then info=1; shift; fi
    [ $# -eq 1 ] || { echo "usage: pcap_proto_sequence [--info] FILE" >&2; return 2; }
    command -v tshark >/dev/null 2>&1 || wl_skip "tshark not installed (see scripts/install-deps.sh)"
    local out
    out=$(_wl_tshark -r "$1" -n -T fields -e frame.protocols -e _ws.col.Info) || {
        echo "pcap_proto_sequence: tshark cannot read $1" >&2
        return 1
    }
    [ -n "$out" ] || return 0
    printf '%s\n' "$out" | awk -F'\t' -v info="$info" '{
        n = split($1, p, ":"); top = ""; eth = 0; l3 = 0
        for (i = 1; i <= n; i++) {
            x = p[i]
            if (x == "eth") { if (eth++) break; continue }
            if (x == "ip" || x == "ipv6") { if (l3++) break }
            if (x == "ethertype" || x == "data" || x == "frame" || x ~ /^_ws\./) continue
            top = x
        }
        if (top == "") top = "unknown"
        if (info) print top "\t" $2; else print top
    }'
}
