#!/bin/bash
# HTTP over TCP (docs/http.md): a Lua scenario with a client, a web server
# (n:http_server, nginx's answers) and a switch; curl through node:sh.
# Every expectation of the fixture holds; Wireshark reads the traces as
# HTTP with nothing malformed and every checksum good, and its `http`
# filter finds each request with its answer.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
command -v tshark >/dev/null || { echo "SKIP: tshark is not installed"; exit 77; }
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

rc=0
"$WIRELAB" check $F/http-basics.lua --out "$WL_TMP/o" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "http-basics: check exited $rc"; }
! grep -q '^FAIL' "$WL_TMP/out" || { cat "$WL_TMP/out" >&2; wl_fail "http-basics: a check failed"; }
[ "$(grep -c '^PASS' "$WL_TMP/out")" -ge 20 ] || { cat "$WL_TMP/out" >&2; wl_fail "http-basics: too few checks ran"; }

D=$WL_TMP/o/http-basics
check_pcaps --allow-empty "$D" >/dev/null || wl_fail "http-basics: bad traces"

# Wireshark's http filter: five requests and their five answers, seen on
# the client's NIC, with the request lines curl sent.
_wl_tshark -r "$D/client-eth0.pcap" -Y http -T fields -e http.request.line -e http.request.method \
    -e http.request.uri -e http.response.code >"$WL_TMP/http" || wl_fail "tshark failed"
[ "$(awk -F'\t' '$2 != ""' "$WL_TMP/http" | wc -l)" -eq 5 ] ||
    { cat "$WL_TMP/http" >&2; wl_fail "not 5 HTTP requests"; }
[ "$(awk -F'\t' '$4 != ""' "$WL_TMP/http" | wc -l)" -eq 5 ] ||
    { cat "$WL_TMP/http" >&2; wl_fail "not 5 HTTP responses"; }
awk -F'\t' '$2 != "" {print $2, $3}' "$WL_TMP/http" >"$WL_TMP/reqs"
printf '%s\n' "GET /" "GET /api" "HEAD /api" "GET /nope" "GET /nope" | diff - "$WL_TMP/reqs" >&2 ||
    wl_fail "the requests Wireshark saw"
awk -F'\t' '$4 != "" {print $4}' "$WL_TMP/http" | tr '\n' ' ' >"$WL_TMP/codes"
[ "$(cat "$WL_TMP/codes")" = "200 200 200 404 404 " ] || wl_fail "response codes: $(cat "$WL_TMP/codes")"
grep -q 'User-Agent: curl/7.88.1\\r\\n' "$WL_TMP/http" ||
    { cat "$WL_TMP/http" >&2; wl_fail "curl's User-Agent header not decoded"; }

# n:http_server's argument errors, each at the caller's line.
rc=0
"$WIRELAB" check $F/http-errors.lua --no-pcap --no-log >"$WL_TMP/out" 2>&1 || rc=$?
[ "$rc" -eq 0 ] || { cat "$WL_TMP/out" >&2; wl_fail "http-errors: check exited $rc"; }
[ "$(grep -c '^PASS' "$WL_TMP/out")" -ge 26 ] || { cat "$WL_TMP/out" >&2; wl_fail "http-errors: too few checks ran"; }

# The same run twice gives the same bytes.
"$WIRELAB" run $F/http-basics.lua --out "$WL_TMP/o2" >/dev/null 2>&1 || wl_fail "second run failed"
cmp -s "$D/client-eth0.pcap" "$WL_TMP/o2/http-basics/client-eth0.pcap" || wl_fail "not deterministic"

wl_pass "HTTP over TCP: curl and the web server, decoded by Wireshark"
