#!/bin/sh
# Fuzz the command layer for a bounded time.
#
#   sh fuzz/run.sh [SECONDS]       default 60
#
# Builds build-fuzz/fuzz_cmd if needed (fuzz/build.sh), then runs it with
# the dictionary fuzz/cmd.dict, inputs of at most 512 bytes, seeds from
# fuzz/corpus/cmd and fuzz/regress, new corpus into build-fuzz/corpus and
# crashes, leaks, timeouts and OOMs into build-fuzz/crashes/.  FUZZ_JOBS=N
# (N > 1) runs N workers (libFuzzer -fork) that keep going after a crash.
# FUZZ_ARGS adds libFuzzer options (e.g. FUZZ_ARGS=-detect_leaks=0).
# The log is build-fuzz/fuzz.log.  Exit status: 0 when nothing was found,
# 1 when a crash (or hang, leak, OOM) was, 2 when the fuzzer itself failed.
#
# To reproduce or minimise a crash:
#   build-fuzz/fuzz_cmd build-fuzz/crashes/crash-XXXX
#   build-fuzz/fuzz_cmd -minimize_crash=1 -max_total_time=60 \
#       -exact_artifact_path=fuzz/regress/NAME build-fuzz/crashes/crash-XXXX
set -u

secs=${1:-60}
case $secs in ''|*[!0-9]*) echo "usage: sh fuzz/run.sh [SECONDS]" >&2; exit 2 ;; esac

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
sh fuzz/build.sh || exit 2

out=build-fuzz
mkdir -p $out/corpus $out/crashes
before=$(find $out/crashes/ -type f | wc -l)

jobs=${FUZZ_JOBS:-1}
extra=""
if [ "$jobs" -gt 1 ]; then
    extra="-fork=$jobs -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
fi

seeds="fuzz/corpus/cmd"
[ -n "$(ls fuzz/regress 2>/dev/null)" ] && seeds="$seeds fuzz/regress"

echo "fuzz: ${secs}s, $jobs worker(s), log in $out/fuzz.log"
# shellcheck disable=SC2086
$out/fuzz_cmd -max_total_time="$secs" -max_len=512 -timeout=10 -rss_limit_mb=2048 \
    -dict=fuzz/cmd.dict -artifact_prefix=$out/crashes/ -print_final_stats=1 \
    $extra ${FUZZ_ARGS:-} $out/corpus $seeds >$out/fuzz.log 2>&1
rc=$?

after=$(find $out/crashes/ -type f | wc -l)
# The last status line: "#N DONE cov: C ft: F corp: K/S exec/s: E ..."
grep -E '^#[0-9]+' $out/fuzz.log | tail -n 1
grep -E '^(stat::|SUMMARY:)' $out/fuzz.log | sed 's/^/  /'
if [ "$after" -gt "$before" ] || { [ $rc -ne 0 ] && grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:|internal error' $out/fuzz.log; }; then
    echo "fuzz: FOUND $((after - before)) new artifact(s) in $out/crashes/:"
    # shellcheck disable=SC2012
    ls -t $out/crashes | head -n $((after - before > 0 ? after - before : 5)) | sed 's/^/  /'
    exit 1
fi
if [ $rc -ne 0 ]; then
    echo "fuzz: the fuzzer exited with status $rc (see $out/fuzz.log)"
    exit 2
fi
echo "fuzz: no crash in ${secs}s"
exit 0
