#!/bin/bash
# The same scenario and seed give byte-identical pcaps and event logs; a
# different seed still runs (and, with a lossy link, differs).
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

for run in one two; do
    "$WIRELAB" run $F/routed-lossy.lua --seed 42 --out "$WL_TMP/$run" \
        >"$WL_TMP/$run.out" 2>"$WL_TMP/$run.err" || { cat "$WL_TMP/$run.err" >&2; wl_fail "run $run failed"; }
done
n=0
for f in "$WL_TMP/one/routed-lossy"/*; do
    b=$(basename "$f")
    cmp "$f" "$WL_TMP/two/routed-lossy/$b" || wl_fail "$b differs between two runs with seed 42"
    n=$((n + 1))
done
[ "$n" -ge 10 ] || wl_fail "only $n files written"
[ -f "$WL_TMP/one/routed-lossy/events.jsonl" ] || wl_fail "no events.jsonl"
cmp "$WL_TMP/one.out" "$WL_TMP/two.out" || wl_fail "stdout differs between two runs with seed 42"
check_pcaps --allow-empty "$WL_TMP/one/routed-lossy" || wl_fail "traces do not decode"

# Other seeds: the run still succeeds; the lossy link makes the logs differ.
differ=0
for seed in 1 2 3; do
    "$WIRELAB" run $F/routed-lossy.lua --seed $seed --out "$WL_TMP/s$seed" -q ||
        wl_fail "seed $seed: exit $?"
    cmp -s "$WL_TMP/s$seed/routed-lossy/events.jsonl" "$WL_TMP/one/routed-lossy/events.jsonl" ||
        differ=1
done
[ "$differ" = 1 ] || wl_fail "seeds 1, 2, 3 and 42 all gave the same event log"

# A second run into the same folder replaces the traces: stale *.pcap and
# events.jsonl go, other files stay.
d=$WL_TMP/one/routed-lossy
: >"$d/stale-eth9.pcap"; echo keep >"$d/notes.txt"
"$WIRELAB" run $F/routed-lossy.lua --seed 42 --out "$WL_TMP/one" --no-log -q || wl_fail "rerun failed"
[ ! -e "$d/stale-eth9.pcap" ] || wl_fail "a stale pcap was left"
[ ! -e "$d/events.jsonl" ] || wl_fail "a stale events.jsonl was left (--no-log)"
[ "$(cat "$d/notes.txt")" = keep ] || wl_fail "a file that is no trace was touched"
cmp "$d/a-eth0.pcap" "$WL_TMP/two/routed-lossy/a-eth0.pcap" || wl_fail "rerun differs"
wl_pass "same seed, same bytes ($n files)"
