#!/bin/sh
# Build the fuzzers (libFuzzer + ASan + UBSan):
#   build-fuzz/fuzz_cmd   the command layer (fuzz/fuzz_cmd.c)
#   build-fuzz/fuzz_dns   DNS messages and tcpdump's DNS printer (fuzz/fuzz_dns.c)
#
#   sh fuzz/build.sh [cmd] [dns]     from the top of the tree (any cwd works);
#                                    no argument: both
#
# Needs clang with libFuzzer: on Debian 12, `apt-get install -y clang
# libclang-rt-14-dev`.  CC overrides the compiler (default: clang, else
# clang-14).  The engine sources are compiled directly with the fuzzer's
# instrumentation (not build/libwlsim.a, which is not instrumented); only
# what changed is recompiled (objects in build-fuzz/obj, keyed by source).
# fuzz_dns needs only the wire layer (sim/wire), which is compiled first,
# so it builds even while another layer does not.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=build-fuzz
obj=$out/obj

targets=${*:-cmd dns}
for t in $targets; do
    case $t in cmd|dns) ;; *) echo "fuzz/build.sh: no fuzzer '$t' (cmd, dns)" >&2; exit 2 ;; esac
done

if [ -z "${CC:-}" ] || [ "${CC:-}" = cc ]; then
    if command -v clang >/dev/null 2>&1; then CC=clang
    elif command -v clang-14 >/dev/null 2>&1; then CC=clang-14
    else
        echo "fuzz/build.sh: clang not found: apt-get install -y clang libclang-rt-14-dev" >&2
        exit 1
    fi
fi

SAN="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
CFLAGS="-std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -O1 -g -fno-omit-frame-pointer \
 -Wall -Wextra -Wno-unused-parameter -Isim -Itests/unit $SAN"

mkdir -p "$obj"
jobs=$(nproc 2>/dev/null || echo 4)

# Compile the sources given (if stale); the objects' names in $objs.
# Returns non-zero when one does not compile.
compile() {
    objs=""
    pids=""
    fail=0
    n=0
    for s in "$@"; do
        o=$obj/$(echo "$s" | tr '/' '_' | sed 's/\.c$/.o/')
        objs="$objs $o"
        # Rebuild when the source or any header it includes is newer (or gone).
        if [ -f "$o" ] && [ -f "$o.d" ]; then
            deps=$(sed -e 's/^[^:]*://' -e 's/\\$//' "$o.d")
            # shellcheck disable=SC2086
            if newer=$(find $deps -newer "$o" 2>/dev/null) && [ -z "$newer" ]; then
                continue
            fi
        fi
        rm -f "$o"
        # shellcheck disable=SC2086
        $CC $CFLAGS -MMD -MF "$o.d" -c "$s" -o "$o" &
        pids="$pids $!"
        n=$((n + 1))
        if [ $n -ge "$jobs" ]; then
            for p in $pids; do wait "$p" || fail=1; done
            pids="" n=0
        fi
    done
    for p in $pids; do wait "$p" || fail=1; done
    # wait on a finished pid may lose its status in some shells: check the objects.
    for o in $objs; do [ -f "$o" ] || fail=1; done
    return $fail
}

# shellcheck disable=SC2046
compile $(ls sim/wire/*.c) || { echo "fuzz/build.sh: compiling sim/wire failed" >&2; exit 1; }
wire_objs=$objs

case " $targets " in *" dns "*)
    # shellcheck disable=SC2086
    $CC $CFLAGS -fsanitize=fuzzer -o $out/fuzz_dns fuzz/fuzz_dns.c $wire_objs -lm
    echo "fuzz/build.sh: built $out/fuzz_dns"
esac

case " $targets " in *" cmd "*)
    # shellcheck disable=SC2046
    compile $(ls sim/core/*.c sim/util/*.c sim/dev/*.c sim/net/*.c sim/proc/*.c sim/cmd/*.c) ||
        { echo "fuzz/build.sh: compiling the engine failed" >&2; exit 1; }
    # shellcheck disable=SC2086
    $CC $CFLAGS -fsanitize=fuzzer -o $out/fuzz_cmd fuzz/fuzz_cmd.c $wire_objs $objs -lm
    echo "fuzz/build.sh: built $out/fuzz_cmd"
esac
