#!/usr/bin/env bash
# Same scenario + same seed = byte-identical traces and event log
# (DESIGN.md §2); a different seed must still give a correct run.
source "$(dirname "$0")/../lib.sh"

for s in "$WL_ROOT"/scenarios/*.lua; do
    name=$(basename "$s" .lua)
    for run in one two; do
        "$WIRELAB" run --quiet --seed 42 --out "$WL_TMP/$run" "$s" >/dev/null 2>&1 \
            || wl_fail "$name: run $run failed"
    done
    n=0
    for f in "$WL_TMP/one/$name"/*; do
        g="$WL_TMP/two/$name/$(basename "$f")"
        [ -f "$g" ] || wl_fail "$name: $(basename "$f") missing from the second run"
        cmp -s "$f" "$g" || wl_fail "$name: $(basename "$f") differs between two runs with seed 42"
        n=$((n + 1))
    done
    [ "$n" -gt 2 ] || wl_fail "$name: only $n files written"
    [ -s "$WL_TMP/one/$name/events.jsonl" ] || wl_fail "$name: empty events.jsonl"
    "$WIRELAB" run --quiet --seed 7 --out "$WL_TMP/seven" "$s" >/dev/null 2>&1 \
        || wl_fail "$name: a run with seed 7 failed its checks"
done
wl_pass "identical bytes for identical seeds"
