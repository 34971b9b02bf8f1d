#!/bin/sh
# wirelab's integration-test runner (`make test` runs it after the units).
#
#   WIRELAB=/abs/path/build/wirelab sh tests/run-all.sh [PATTERN...]
#
# POSIX sh (the Makefile runs it with `sh`).  Runs every
# tests/{scenario,trace,kernel}/test-*.sh (in that folder order, sorted
# within a folder; the executable bit does not matter) with `bash`, from
# the repository root, each with:
#   WIRELAB   the binary under test (default: build/wirelab of this repo)
#   WL_ROOT   the repository root
#   WL_TMP    a fresh, empty scratch directory (removed after a pass/skip,
#             kept after a failure; WL_KEEP_TMP=1 keeps all)
# and a timeout of WL_TEST_TIMEOUT seconds (default 600).  With PATTERNs,
# only tests whose path contains one of them run.
# Exit 0 = pass, 77 = skip (its SKIP line is shown), anything else = fail
# (the last 30 lines of its output are shown).  The last line is
# "N passed, N failed, N skipped"; exit 1 if any test failed.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$ROOT" || exit 1

WIRELAB=${WIRELAB:-$ROOT/build/wirelab}
case $WIRELAB in /*) ;; *) WIRELAB=$ROOT/$WIRELAB ;; esac
WL_ROOT=$ROOT
export WIRELAB WL_ROOT
timeout_s=${WL_TEST_TIMEOUT:-600}

[ -x "$WIRELAB" ] || echo "warning: WIRELAB=$WIRELAB is not an executable; tests that need it will fail"
command -v bash >/dev/null 2>&1 || { echo "error: bash not found"; exit 1; }
if command -v timeout >/dev/null 2>&1; then
    run_timed() { timeout -k 10 "$timeout_s" "$@"; }
else
    echo "warning: no timeout(1); tests run without a time limit"
    run_timed() { "$@"; }
fi

logdir=$(mktemp -d "${TMPDIR:-/tmp}/wl-run-all.XXXXXX") || exit 1
cur_tmp=""
trap 'rm -rf "$logdir"' EXIT
trap 'echo "interrupted"; [ -z "$cur_tmp" ] || rm -rf "$cur_tmp"; exit 130' INT TERM

# wanted PATH: true when no PATTERN was given or PATH contains one of them.
wanted() {
    [ $# -gt 1 ] || return 0
    w_path=$1; shift
    for w_pat in "$@"; do
        case $w_path in *"$w_pat"*) return 0 ;; esac
    done
    return 1
}

npass=0 nfail=0 nskip=0 failed="" n=0
echo "integration tests (WIRELAB=$WIRELAB)"
for dir in scenario trace kernel; do
    for t in "tests/$dir"/test-*.sh; do
        [ -f "$t" ] || continue             # the glob matched nothing
        wanted "$t" "$@" || continue
        n=$((n + 1))
        log=$logdir/$n.log
        cur_tmp=$(mktemp -d "${TMPDIR:-/tmp}/wl-test.XXXXXX") || exit 1
        start=$(date +%s)
        rc=0
        WL_TMP=$cur_tmp; export WL_TMP
        run_timed bash "$t" </dev/null >"$log" 2>&1 || rc=$?
        secs=$(( $(date +%s) - start ))
        case $rc in
            0)
                npass=$((npass + 1))
                echo "PASS  $t (${secs}s)"
                ;;
            77)
                nskip=$((nskip + 1))
                why=$(grep -m 1 '^SKIP' "$log" | sed 's/^SKIP:* *//' || true)
                [ -n "$why" ] || why=$(grep -v '^[[:space:]]*$' "$log" | tail -n 1)
                echo "SKIP  $t: ${why:-no reason given}"
                ;;
            *)
                nfail=$((nfail + 1)); failed="$failed $t"
                if [ "$rc" -eq 124 ]; then
                    echo "FAIL  $t (timed out after ${timeout_s}s)"
                else
                    echo "FAIL  $t (exit $rc, ${secs}s)"
                fi
                echo "    ---- last 30 lines of output ----"
                tail -n 30 "$log" | sed 's/^/    | /'
                echo "    ---- scratch dir kept: $cur_tmp"
                ;;
        esac
        if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
            [ "${WL_KEEP_TMP:-0}" = 1 ] || rm -rf "$cur_tmp"
        fi
        cur_tmp=""
    done
done

[ "$n" -gt 0 ] || echo "no integration tests found under tests/{scenario,trace,kernel}/"
[ -z "$failed" ] || echo "failed:$failed"
echo "$npass passed, $nfail failed, $nskip skipped"
if [ "$nfail" -eq 0 ]; then exit 0; else exit 1; fi
