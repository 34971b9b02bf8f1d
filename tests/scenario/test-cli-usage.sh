#!/bin/bash
# wirelab's command line: --help, --version, usage errors and their exit code (2).
. "$(dirname "$0")/../lib.sh"
[ -x "$WIRELAB" ] || wl_fail "no binary at $WIRELAB"
cd "$WL_ROOT" || exit 1
F=tests/scenario/fixtures

# expect_run CODE ARGS...: run wirelab, keep stdout/stderr, check the exit code
expect_run() {
    local want=$1 rc=0; shift
    "$WIRELAB" "$@" >"$WL_TMP/out" 2>"$WL_TMP/err" || rc=$?
    [ "$rc" -eq "$want" ] || {
        cat "$WL_TMP/out" "$WL_TMP/err" >&2
        wl_fail "wirelab $* exited $rc, expected $want"
    }
}
# expect_in FILE TEXT: FILE (out or err) contains TEXT literally
expect_in() {
    grep -qF -- "$2" "$WL_TMP/$1" || { cat "$WL_TMP/$1" >&2; wl_fail "$1 lacks: $2"; }
}

expect_run 0 --version
[ "$(cat "$WL_TMP/out")" = "wirelab 0.1.0" ] || wl_fail "--version printed: $(cat "$WL_TMP/out")"
expect_run 0 --help
expect_in out "wirelab run FILE"
expect_in out "wirelab check FILE"
expect_in out "Exit status"
expect_in out "3  a limit stopped the run"
expect_run 0 run --help            # --help wins wherever it is

expect_run 2                       # no command
expect_in err "usage: wirelab run FILE"
expect_run 2 frobnicate x.lua
expect_in err 'unknown command "frobnicate"'
expect_run 2 run
expect_in err "run needs a scenario file"
expect_run 2 run a.lua b.lua
expect_run 2 check
expect_run 2 run $F/all-pass.lua --bogus
expect_in err 'unknown option "--bogus"'
expect_run 2 run $F/all-pass.lua --seed
expect_in err "option --seed needs a value"
expect_run 2 run $F/all-pass.lua --seed -3
expect_in err 'bad --seed "-3"'
expect_run 2 run $F/all-pass.lua --seed=12x
expect_in err 'bad --seed "12x"'
expect_run 2 run $F/all-pass.lua --until 10
expect_in err 'bad duration "10"'
expect_run 2 run $F/all-pass.lua --max-events 0
expect_in err 'bad --max-events "0"'
expect_run 2 run $F/all-pass.lua --max-memory lots
expect_in err 'bad --max-memory "lots"'
expect_run 2 run "$WL_TMP/no-such-file.lua"
expect_in err "cannot open $WL_TMP/no-such-file.lua: No such file or directory"

# Options before or after the file, with = or a separate value.
expect_run 0 run --seed=7 --out "$WL_TMP/o" $F/all-pass.lua --quiet --until 5s
[ ! -s "$WL_TMP/out" ] || wl_fail "--quiet printed on stdout: $(cat "$WL_TMP/out")"
[ ! -s "$WL_TMP/err" ] || wl_fail "--quiet printed on stderr: $(cat "$WL_TMP/err")"
[ -d "$WL_TMP/o/all-pass" ] || wl_fail "no trace folder $WL_TMP/o/all-pass"
wl_pass "usage, --help, --version and option errors"
