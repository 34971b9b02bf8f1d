#!/bin/bash
# Shell scenarios (docs/shell-scenarios.md): every scenarios/*.sh passes
# `check` and `run`, writes clean traces, the same bytes twice, and — as
# root, where real namespaces can be made — runs unchanged under `bash -e`
# on the kernel and prints the same (MACs and times masked); a failing line
# stops the run at file:line with exit 1; the runner's bash -e rules.
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

# The kernel side uses the differential tests' runner (tests/kernel/
# lib-kernel.sh "real": private network, mount and PID namespaces, nothing of
# the machine touched).
kernel=0
if (. tests/kernel/lib-kernel.sh && wlk_need_env) >/dev/null 2>&1; then
    kernel=1
else
    echo "note: not comparing with the kernel (needs root and network namespaces)"
fi
# What a run printed on stdout, comparable across machines: MAC addresses
# and times masked, lines sorted (the kernel lists some tables in hash order).
mask() {
    sed -E 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g; s/time=[0-9.]+ ms/time=T/;
            s/, time [0-9]+ms$/, time T/; s/^rtt .*/rtt/' | LC_ALL=C sort
}
# The stdout lines of a wirelab run, from its event log.
wl_stdout() {
    grep '"kind":"log",.*"what":"stdout"' "$1" |
        sed -E 's/.*"what":"stdout","text":"(.*)"\}$/\1/; s/\\"/"/g; s/\\\\/\\/g'
}

n=0
for s in scenarios/*.sh; do
    [ -f "$s" ] || continue
    n=$((n + 1))
    name=$(basename "$s" .sh)
    # check: PASS for every line, exit 0
    rc=0
    "$WIRELAB" check "$s" --out "$WL_TMP/c" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
    [ "$rc" -eq 0 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "$s: check exited $rc"; }
    ! grep -q '^FAIL' "$WL_TMP/out" || wl_fail "$s: a FAIL line"
    grep -qE "^$s: [1-9][0-9]* passed, 0 failed$" "$WL_TMP/out" || wl_fail "$s: no count line"
    # run: the transcript, exit 0
    rc=0
    "$WIRELAB" run "$s" --seed 42 --out "$WL_TMP/one" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
    [ "$rc" -eq 0 ] || { tail -n 20 "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "$s: run exited $rc"; }
    grep -q '^\$ ip netns add' "$WL_TMP/out" || wl_fail "$s: no \"\$ line\" in the transcript"
    grep -qx "wirelab: $s: finished" "$WL_TMP/err" || { cat "$WL_TMP/err" >&2; wl_fail "$s: summary"; }
    # traces: <namespace>-<dev>.pcap, all decodable
    [ -s "$WL_TMP/one/$name/events.jsonl" ] || wl_fail "$s: no events.jsonl"
    ls "$WL_TMP/one/$name"/host-*.pcap >/dev/null 2>&1 || wl_fail "$s: no host-*.pcap"
    check_pcaps --allow-empty "$WL_TMP/one/$name" >/dev/null || wl_fail "$s: bad traces"
    grep -q '"what":"cmd","text":"ip netns add' "$WL_TMP/one/$name/events.jsonl" ||
        wl_fail "$s: the command lines are not in events.jsonl"
    # determinism: a second run gives the same bytes
    "$WIRELAB" run "$s" --quiet --seed 42 --out "$WL_TMP/two" >/dev/null 2>&1 ||
        wl_fail "$s: second run failed"
    for f in "$WL_TMP/one/$name"/*; do
        g="$WL_TMP/two/$name/$(basename "$f")"
        cmp -s "$f" "$g" || wl_fail "$s: $(basename "$f") differs between two runs"
    done
    [ "$(ls "$WL_TMP/one/$name" | wc -l)" -eq "$(ls "$WL_TMP/two/$name" | wc -l)" ] ||
        wl_fail "$s: not the same files twice"
    # the real thing: bash -e on the kernel, the same output
    if [ "$kernel" = 1 ]; then
        bash tests/kernel/lib-kernel.sh real "$s" "$WL_TMP/real-$name" >/dev/null 2>&1 ||
            { cat "$WL_TMP/real-$name/stderr" "$WL_TMP/real-$name/errors" >&2;
              wl_fail "$s: does not run under bash -e on the kernel"; }
        mask <"$WL_TMP/real-$name/stdout" >"$WL_TMP/real.txt"
        wl_stdout "$WL_TMP/one/$name/events.jsonl" | mask >"$WL_TMP/wl.txt"
        diff -u "$WL_TMP/real.txt" "$WL_TMP/wl.txt" ||
            wl_fail "$s: prints something else than on the kernel (sorted, masked; - kernel, + wirelab)"
        echo "$s: runs on the kernel and prints the same"
    fi
done
[ "$n" -gt 0 ] || wl_fail "no scenarios/*.sh"

# A failing line: exit 1, file:line on stderr, nothing after it runs.
rc=0
"$WIRELAB" run $F/sh-fail.sh --no-pcap --no-log >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 1 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "sh-fail: run exited $rc, expected 1"; }
grep -qxF "$F/sh-fail.sh:8: \`ip route add default via 10.9.9.9\` failed (exit status 2: Error: Nexthop has invalid gateway.): the scenario stops here" "$WL_TMP/err" ||
    { cat "$WL_TMP/err" >&2; wl_fail "sh-fail: the message naming file:line"; }
grep -qxF "wirelab: $F/sh-fail.sh: stopped at $F/sh-fail.sh:8: a command failed" "$WL_TMP/err" ||
    { cat "$WL_TMP/err" >&2; wl_fail "sh-fail: summary"; }
cat >"$WL_TMP/want" <<EOT
\$ ip netns add a
\$ ip -n a link set lo up
\$ ip link set eth9 up || true
Cannot find device "eth9"
\$ ip route add default via 10.9.9.9
Error: Nexthop has invalid gateway.
EOT
diff -u "$WL_TMP/want" "$WL_TMP/out" || wl_fail "sh-fail: the transcript"

rc=0
"$WIRELAB" check $F/sh-fail.sh --no-pcap --no-log >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 1 ] || wl_fail "sh-fail: check exited $rc, expected 1"
cat >"$WL_TMP/want" <<EOT
PASS  $F/sh-fail.sh:4  ip netns add a
PASS  $F/sh-fail.sh:5  ip -n a link set lo up
PASS  $F/sh-fail.sh:7  ip link set eth9 up || true
FAIL  $F/sh-fail.sh:8  ip route add default via 10.9.9.9 (exit status 2: Error: Nexthop has invalid gateway.)
$F/sh-fail.sh: 3 passed, 1 failed
EOT
diff -u "$WL_TMP/want" "$WL_TMP/out" || wl_fail "sh-fail: check's output"
[ ! -s "$WL_TMP/err" ] || { cat "$WL_TMP/err" >&2; wl_fail "sh-fail: check wrote on stderr"; }
rc=0
"$WIRELAB" check --quiet $F/sh-fail.sh --no-pcap --no-log >"$WL_TMP/out" 2>&1 || rc=$?
[ "$(wc -l <"$WL_TMP/out")" -eq 2 ] && grep -q '^FAIL' "$WL_TMP/out" || wl_fail "check --quiet"

# The runner's bash -e rules: lists, !, comments, continuations, set -e.
rc=0
"$WIRELAB" run $F/sh-shell.sh --no-pcap --no-log >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 0 ] || { cat "$WL_TMP/out" "$WL_TMP/err" >&2; wl_fail "sh-shell exited $rc"; }
for line in 'a;b c#d' rescued one two 'continued line' list 'continued list'; do
    grep -qxF -- "$line" "$WL_TMP/out" || { cat "$WL_TMP/out" >&2; wl_fail "sh-shell: no line '$line'"; }
done
! grep -qx never "$WL_TMP/out" || wl_fail "sh-shell: && ran after a failure"
grep -q "simulated time  1.000s" "$WL_TMP/err" || wl_fail "sh-shell: sleep 1 took no time"
# The same file means the same under bash -e (echo, true, false are bash's
# own there; `ip`, `sleep` are stubbed so that nothing is touched).
if command -v bash >/dev/null; then
    out=$(cd "$WL_TMP" && ip() { [ "$*" != "link set eth9 up" ] || { echo 'Cannot find device "eth9"' >&2; return 1; }; } &&
          sleep() { :; } && . "$WL_ROOT/$F/sh-shell.sh" 2>&1) ||
        wl_fail "sh-shell.sh does not run under bash -e"
    want=$(grep -v -e '^\$ ' -e '^> ' "$WL_TMP/out" || true)
    [ "$out" = "$want" ] || { printf 'bash:\n%s\nwirelab:\n%s\n' "$out" "$want" >&2; wl_fail "sh-shell: bash prints something else"; }
fi

# `! CMD` that succeeds stops the scenario.
rc=0
"$WIRELAB" check $F/sh-neg.sh --no-pcap --no-log >"$WL_TMP/out" 2>&1 || rc=$?
[ "$rc" -eq 1 ] || wl_fail "sh-neg: exited $rc"
grep -qxF "FAIL  $F/sh-neg.sh:4  ! ip link set lo up (it succeeded, and \`!\` says it must fail)" "$WL_TMP/out" ||
    { cat "$WL_TMP/out" >&2; wl_fail "sh-neg: the FAIL line"; }

# Files that cannot be run.
rc=0
"$WIRELAB" run "$WL_TMP/nope.sh" >/dev/null 2>"$WL_TMP/err" || rc=$?
[ "$rc" -eq 2 ] || wl_fail "a missing .sh exited $rc, expected 2"
grep -q "nope.sh" "$WL_TMP/err" || wl_fail "a missing file is not named"

wl_pass "shell scenarios: $n in scenarios/, failing line, bash -e rules"
