#!/bin/sh
# Run the fuzzers for a bounded time each: the command layer (fuzz_cmd),
# then DNS messages (fuzz_dns).
#
#   sh fuzz/run.sh [SECONDS]       default 60, for each fuzzer
#
# FUZZ_TARGETS="cmd dns" (the default) chooses which.  Builds them if
# needed (fuzz/build.sh), then runs each with its seeds and crashes kept
# apart:
#   cmd: dictionary fuzz/cmd.dict, inputs of at most 512 bytes, seeds
#        fuzz/corpus/cmd and fuzz/regress; new corpus build-fuzz/corpus,
#        findings build-fuzz/crashes/, log build-fuzz/fuzz.log;
#   dns: dictionary fuzz/dns.dict, inputs of at most 4096 bytes, seeds
#        fuzz/dns-corpus and fuzz/dns-regress; new corpus
#        build-fuzz/dns/corpus, findings build-fuzz/dns/crashes/, log
#        build-fuzz/dns/fuzz.log.
# FUZZ_JOBS=N (N > 1) runs N workers (libFuzzer -fork) that keep going
# after a crash.  FUZZ_ARGS adds libFuzzer options (e.g.
# FUZZ_ARGS=-detect_leaks=0).  Exit status: 0 when nothing was found, 1
# when a crash (or hang, leak, OOM) was, 2 when a fuzzer itself failed.
#
# To reproduce or minimise a crash (likewise fuzz_dns, fuzz/dns-regress):
#   build-fuzz/fuzz_cmd build-fuzz/crashes/crash-XXXX
#   build-fuzz/fuzz_cmd -minimize_crash=1 -max_total_time=60 \
#       -exact_artifact_path=fuzz/regress/NAME build-fuzz/crashes/crash-XXXX
set -u

secs=${1:-60}
case $secs in ''|*[!0-9]*) echo "usage: sh fuzz/run.sh [SECONDS]" >&2; exit 2 ;; esac
targets=${FUZZ_TARGETS:-cmd dns}

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
# shellcheck disable=SC2086
sh fuzz/build.sh $targets || exit 2

jobs=${FUZZ_JOBS:-1}
extra=""
if [ "$jobs" -gt 1 ]; then
    extra="-fork=$jobs -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
fi

# run_one NAME OUTDIR DICT MAXLEN SEEDDIR...
run_one() {
    name=$1 out=$2 dict=$3 maxlen=$4
    shift 4
    seeds=""
    for d in "$@"; do
        [ -n "$(ls "$d" 2>/dev/null)" ] && seeds="$seeds $d"
    done
    mkdir -p "$out/corpus" "$out/crashes"
    before=$(find "$out/crashes/" -type f | wc -l)
    echo "fuzz $name: ${secs}s, $jobs worker(s), log in $out/fuzz.log"
    # shellcheck disable=SC2086
    build-fuzz/fuzz_$name -max_total_time="$secs" -max_len="$maxlen" -timeout=10 \
        -rss_limit_mb=2048 -dict="$dict" -artifact_prefix="$out/crashes/" \
        -print_final_stats=1 $extra ${FUZZ_ARGS:-} "$out/corpus" $seeds >"$out/fuzz.log" 2>&1
    rc=$?
    after=$(find "$out/crashes/" -type f | wc -l)
    # The last status line: "#N DONE cov: C ft: F corp: K/S exec/s: E ..."
    grep -E '^#[0-9]+' "$out/fuzz.log" | tail -n 1
    grep -E '^(stat::|SUMMARY:)' "$out/fuzz.log" | sed 's/^/  /'
    if [ "$after" -gt "$before" ] || { [ $rc -ne 0 ] && grep -qE 'ERROR: (libFuzzer|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer)|runtime error:|internal error' "$out/fuzz.log"; }; then
        echo "fuzz $name: FOUND $((after - before)) new artifact(s) in $out/crashes/:"
        # shellcheck disable=SC2012
        ls -t "$out/crashes" | head -n $((after - before > 0 ? after - before : 5)) | sed 's/^/  /'
        return 1
    fi
    if [ $rc -ne 0 ]; then
        echo "fuzz $name: the fuzzer exited with status $rc (see $out/fuzz.log)"
        return 2
    fi
    echo "fuzz $name: no crash in ${secs}s"
    return 0
}

status=0
for t in $targets; do
    case $t in
    cmd) run_one cmd build-fuzz fuzz/cmd.dict 512 fuzz/corpus/cmd fuzz/regress ;;
    dns) run_one dns build-fuzz/dns fuzz/dns.dict 4096 fuzz/dns-corpus fuzz/dns-regress ;;
    *) echo "fuzz: no fuzzer '$t' (cmd, dns)" >&2; false ;;
    esac
    rc=$?
    # A finding (1) outranks a fuzzer failure (2) in the exit status.
    if [ $rc -eq 1 ] || { [ $rc -eq 2 ] && [ $status -eq 0 ]; }; then
        status=$rc
    fi
done
exit $status
