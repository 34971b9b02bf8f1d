# shellcheck shell=bash
# tests/kernel/lib-http.sh — what the differential tests with curl and
# nginx share (test-http-get, test-nat-dnat-http, test-docker-bridge-hand).
# Source lib.sh and lib-kernel.sh first (the real script: its
# wlk_private_prologue and wlk_run_private).  BASH ONLY.
#
#   wlhttp_need_tools         exit 77 unless nginx and curl are installed;
#                             fail unless $WIRELAB is there
#   wlhttp_nginx DIR TEXT LISTEN
#                             DIR/www/index.html holding TEXT and
#                             DIR/nginx.conf: one worker, daemon, pid, logs
#                             and temp files in DIR, access log `combined`
#                             in DIR/access.log, `listen LISTEN`
#
# Tests that run a list of commands on both sides define CMDS, an array of
# "name|namespace|command line" ("-" as the namespace: the host itself),
# and a function `mask NAME` (stdin -> stdout) for each command's output:
#   wlhttp_real_cmds OUT      stdout: the real script's lines running CMDS
#                             into OUT, each as @@name, its output, @@status N
#   wlhttp_lua_cmds           stdout: the Lua lines run("name", "ns", "cmd")
#                             for CMDS (the Lua defines run to print the same)
#   wlhttp_block FILE NAME, wlhttp_status FILE NAME
#                             a command's output and exit status in such a file
#   wlhttp_compare_cmds KOUT WOUT
#                             every command: same status, same masked output
#   wlhttp_access KLOG WOUT   $WL_TMP/k.access and w.access: nginx's access
#                             log and wirelab's (WOUT's @@access block), the
#                             time masked
#   wlhttp_seqs PCAP [FILTER] one line per IP packet (FILTER, default ip):
#                             addresses, TCP flags, relative seq/ack,
#                             length, HTTP request or status, ICMP type
#   wlhttp_compare_packets KPCAP WPCAP LABEL [list] [FILTER]
#                             the same wlhttp_seqs lines; with list, shown
#   wlhttp_run_wirelab LUA DIR  `wirelab run LUA` (seed $WLK_SEED, traces in
#                             DIR/o); what it printed in DIR/out, times and
#                             wirelab's own lines taken out
#   wlhttp_bad MESSAGE        stderr, and WLHTTP_FAIL=1
#   wlhttp_show_outputs KOUT WOUT  both sides' outputs, for a failure

WLHTTP_FAIL=0

wlhttp_need_tools() {
    command -v nginx >/dev/null || wl_skip "nginx is not installed (apt-get install nginx-light)"
    command -v curl >/dev/null || wl_skip "curl is not installed"
    [ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
}

wlhttp_nginx() {
    local d=$1 text=$2 listen=$3
    mkdir -p "$d/www"
    chmod 755 "$WL_TMP" "$d" "$d/www"
    printf '%s\n' "$text" >"$d/www/index.html"
    cat >"$d/nginx.conf" <<EOF
user root;
worker_processes 1;
daemon on;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log $d/access.log combined;
  client_body_temp_path $d/body;
  proxy_temp_path $d/proxy;
  fastcgi_temp_path $d/fastcgi;
  uwsgi_temp_path $d/uwsgi;
  scgi_temp_path $d/scgi;
  server { listen $listen; root $d/www; index index.html; }
}
EOF
}

wlhttp_real_cmds() {
    local c name ns cmd prefix
    for c in "${CMDS[@]}"; do
        IFS='|' read -r name ns cmd <<<"$c"
        prefix=""
        [ "$ns" = - ] || prefix="ip netns exec $ns "
        printf 'echo @@%s >>%s\n' "$name" "$1"
        printf '%s%s >>%s 2>&1; echo "@@status $?" >>%s\n' "$prefix" "$cmd" "$1" "$1"
        printf 'sleep 0.5\n'
    done
}

wlhttp_lua_cmds() {
    local c name ns cmd
    for c in "${CMDS[@]}"; do
        IFS='|' read -r name ns cmd <<<"$c"
        printf 'run("%s", "%s", "%s")\n' "$name" "$ns" "$cmd"
    done
}

wlhttp_run_wirelab() {
    local rc=0
    "$WIRELAB" run "$1" --seed "$WLK_SEED" --out "$2/o" >"$2/stdout" 2>"$2/stderr" || rc=$?
    [ "$rc" -eq 0 ] || { tail -n 20 "$2/stderr" >&2; wl_fail "wirelab run exited $rc"; }
    grep -v '^\[[a-z]' "$2/stdout" | sed -E 's/^\[ *[0-9.]+s\] //' >"$2/out"
}

wlhttp_bad() { printf '%s\n' "$*" >&2; WLHTTP_FAIL=1; }

wlhttp_block() { awk -v n="@@$2" '$0 == n { on = 1; next } /^@@/ { on = 0 } on' "$1"; }
wlhttp_status() { awk -v n="@@$2" '$0 == n { on = 1; next } on && /^@@status / { print $2; exit }' "$1"; }

wlhttp_compare_cmds() {
    local c name ns cmd ks ws
    for c in "${CMDS[@]}"; do
        IFS='|' read -r name ns cmd <<<"$c"
        wlhttp_block "$1" "$name" | mask "$name" >"$WL_TMP/k.$name"
        wlhttp_block "$2" "$name" | mask "$name" >"$WL_TMP/w.$name"
        ks=$(wlhttp_status "$1" "$name"); ws=$(wlhttp_status "$2" "$name")
        [ "$ks" = "$ws" ] || wlhttp_bad "-- $ns: $cmd: exit status $ks on the kernel, $ws in wirelab"
        if diff -q "$WL_TMP/k.$name" "$WL_TMP/w.$name" >/dev/null; then
            echo "== same output: ${ns/#-/host}\$ $cmd (exit $ks)"
        else
            wlhttp_bad "-- output differs: ${ns/#-/host}\$ $cmd"
            diff -U 2 --label kernel --label wirelab "$WL_TMP/k.$name" "$WL_TMP/w.$name" |
                head -n 40 | sed 's/^/   /' >&2
        fi
    done
}

wlhttp_access() {
    local m='s/\[[0-9]{2}\/[A-Za-z]{3}\/[0-9]{4}:[0-9:]{8} \+0000\]/[DATE]/'
    sed -E "$m" <"$1" >"$WL_TMP/k.access"
    wlhttp_block "$2" access | sed -E "$m" >"$WL_TMP/w.access"
}

wlhttp_seqs() {
    _wl_tshark -r "$1" -n -Y "${2:-ip}" -T fields -E separator='|' -E occurrence=f -e ip.src -e ip.dst \
        -e ip.proto -e tcp.flags.str -e tcp.seq -e tcp.ack -e tcp.len -e icmp.type \
        -e http.request.method -e http.request.uri -e http.response.code |
    awk -F'|' '{ f = $4; gsub(/·/, "", f)
        if ($3 == 6) {
            h = $9 != "" ? " " $9 " " $10 : ($11 != "" ? " status " $11 : "")
            printf "%s > %s tcp %s seq=%s ack=%s len=%s%s\n", $1, $2, f, $5, $6, $7, h
        } else printf "%s > %s proto %s type %s\n", $1, $2, $3, $8 }'
}

wlhttp_compare_packets() {
    local k=$1 w=$2 label=$3 list=$4 filter=${5:-ip} t
    t=$WL_TMP/$(basename "$k" .pcap)
    [ -s "$k" ] || { wlhttp_bad "-- the real run captured nothing on $label"; return; }
    [ -f "$w" ] || { wlhttp_bad "-- wirelab wrote no $(basename "$w")"; return; }
    wlhttp_seqs "$k" "$filter" >"$t.k.seq"
    wlhttp_seqs "$w" "$filter" >"$t.w.seq"
    if diff -q "$t.k.seq" "$t.w.seq" >/dev/null; then
        if [ "$list" = list ]; then
            echo "== $label: the same $(wc -l <"$t.k.seq") IP packets:"
            sed 's/^/     /' "$t.k.seq"
        else
            echo "== $label: the same $(wc -l <"$t.k.seq") IP packets"
        fi
    else
        wlhttp_bad "-- $label: the packets differ (--- kernel, +++ wirelab):"
        diff -U 2 --label kernel --label wirelab "$t.k.seq" "$t.w.seq" | head -n 40 | sed 's/^/   /' >&2
    fi
}

wlhttp_show_outputs() {
    echo "-- kernel outputs:"; sed 's/^/   | /' "$1"
    echo "-- wirelab outputs:"; sed 's/^/   | /' "$2"
}
