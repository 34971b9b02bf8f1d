#!/bin/sh
# Run cmocka unit-test binaries and total their results.
#
#   sh tests/run-unit.sh build/tests/test_foo build/tests/test_bar ...
#
# POSIX sh (the Makefile runs it with `sh`).  Each binary runs with
# CMOCKA_MESSAGE_OUTPUT=stdout and a timeout (WL_UNIT_TIMEOUT, default
# 300 s); stdout and stderr go to one log (cmocka 1.1.5 prints its summary
# on stderr whatever the variable says).  Counts come from cmocka's
# "[  PASSED  ] N test(s)." / "[  FAILED  ] N test(s)" / "[  SKIPPED ] N
# test(s)" lines, summed over all groups in a binary.  A binary that exits
# non-zero without reporting a failed test (a crash, a sanitizer abort, a
# timeout), is killed by a signal, is missing, or prints no cmocka summary
# counts as one failure, named.  Last line: "unit: N passed, N failed"
# (", N skipped" added when some were).  Exit 1 if anything failed.
set -u

CMOCKA_MESSAGE_OUTPUT=stdout
export CMOCKA_MESSAGE_OUTPUT
timeout_s=${WL_UNIT_TIMEOUT:-300}

total_pass=0 total_fail=0 total_skip=0 broken=""

logdir=$(mktemp -d "${TMPDIR:-/tmp}/wl-unit.XXXXXX") || exit 1
trap 'rm -rf "$logdir"' EXIT
trap 'exit 130' INT TERM

# sum REGEX-PREFIX LOG: add up the N in "<prefix> N test(s)" lines.
sum() {
    sed -n "s/.*\\[  $1 *\\] \\([0-9][0-9]*\\) test(s).*/\\1/p" "$2" \
        | awk '{ s += $1 } END { print s + 0 }'
}

# show LOG: the interesting part of a failed binary's output.
show() {
    if [ "$(wc -l <"$1")" -le 150 ]; then
        sed 's/^/    | /' "$1"
    else
        echo "    | (failure lines, then the last 60 of $(wc -l <"$1") lines)"
        grep -E '\[  (ERROR|FAILED) *\]|\[   LINE   \]' "$1" | head -n 60 | sed 's/^/    | /'
        echo "    | ..."
        tail -n 60 "$1" | sed 's/^/    | /'
    fi
}

if [ $# -eq 0 ]; then
    echo "unit: no unit-test binaries given"
fi

if command -v timeout >/dev/null 2>&1; then
    run_timed() { timeout -k 10 "$timeout_s" "$@"; }
else
    run_timed() { "$@"; }
fi

for bin in "$@"; do
    name=$(basename "$bin")
    log=$logdir/$name.log
    case $bin in */*) path=$bin ;; *) path=./$bin ;; esac
    if [ ! -x "$path" ] || [ -d "$path" ]; then
        echo "CRASH $name: $bin is missing or not executable"
        total_fail=$((total_fail + 1)); broken="$broken $name"
        continue
    fi

    rc=0
    run_timed "$path" </dev/null >"$log" 2>&1 || rc=$?

    p=$(sum PASSED "$log"); f=$(sum FAILED "$log"); s=$(sum SKIPPED "$log")
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f)); total_skip=$((total_skip + s))
    counts="$p passed, $f failed"
    [ "$s" -eq 0 ] || counts="$counts, $s skipped"

    why=""
    if [ "$rc" -eq 124 ]; then
        why="timed out after ${timeout_s}s"
    elif [ "$rc" -gt 128 ]; then
        why="killed by signal $((rc - 128))"
    elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        why="exit status $rc without a failed test (crash or sanitizer error?)"
    elif ! grep -q '\[  PASSED  \] [0-9]' "$log" && [ "$f" -eq 0 ]; then
        why="no cmocka summary in its output"
    fi

    if [ -n "$why" ]; then
        echo "CRASH $name: $why ($counts before that)"
        total_fail=$((total_fail + 1)); broken="$broken $name"
        show "$log"
    elif [ "$f" -ne 0 ]; then
        echo "FAIL  $name: $counts"
        broken="$broken $name"
        show "$log"
    else
        echo "ok    $name: $counts"
    fi
done

[ -z "$broken" ] || echo "unit: failing binaries:$broken"
line="unit: $total_pass passed, $total_fail failed"
[ "$total_skip" -eq 0 ] || line="$line, $total_skip skipped"
echo "$line"
if [ "$total_fail" -eq 0 ] && [ -z "$broken" ]; then exit 0; else exit 1; fi
