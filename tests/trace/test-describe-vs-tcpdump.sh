#!/bin/bash
# wire_describe() against the real tcpdump.
#
# Builds tests/trace/describe_fixtures_pcap.c with sim/wire/*.c, which
# writes every fixture of tests/unit/wire_fixtures.h into its own pcap
# (EN10MB, or RAW for packets that start at IP) together with
# wire_describe()'s line for it; runs `tcpdump -n -t -r` on each (-t: no
# timestamp, which is what "the line after the timestamp" means) and
# compares line by line.
#
# tcpdump follows some lines with a hex dump of what it did not decode
# (unknown EtherType, unknown ARP opcode): lines that start with a tab.
# wire_describe() leaves those out, so they are ignored; any other extra
# line is a mismatch.  Fixtures with a `tcpdump_differs` note are known,
# documented differences: reported, never failed.
#
# Exit 0 when every other fixture matches; 1 on any mismatch (or if the
# helper cannot be built).  Without tcpdump: a SKIP line and exit 77 (skipped, as tests/run-all.sh counts it).
#
# Environment: TCPDUMP (default tcpdump), CC (default cc), VERBOSE=1 to
# list every fixture, WL_TMP (scratch directory, from tests/run-all.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

TCPDUMP=${TCPDUMP:-tcpdump}
if ! command -v "$TCPDUMP" >/dev/null 2>&1; then
    echo "SKIP: tcpdump not installed, wire_describe() not compared (apt-get install tcpdump)"
    exit 77
fi

if [ -n "${WL_TMP:-}" ]; then
    tmp=$WL_TMP
else
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/wl-describe.XXXXXX")
    trap 'rm -rf "$tmp"' EXIT
fi

CC=${CC:-cc}
pcap_flags=$(pkg-config --cflags --libs libpcap 2>/dev/null || echo -lpcap)
# shellcheck disable=SC2086   # pcap_flags is a list of words
if ! "$CC" -std=c11 -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Werror \
        -Isim -Itests/unit tests/trace/describe_fixtures_pcap.c sim/wire/*.c \
        $pcap_flags -o "$tmp/describe_fixtures_pcap" 2>"$tmp/cc.log"; then
    echo "FAIL: cannot build the fixture helper:"
    cat "$tmp/cc.log"
    exit 1
fi
mkdir -p "$tmp/fx"
"$tmp/describe_fixtures_pcap" "$tmp/fx"

echo "$("$TCPDUMP" --version 2>&1 | head -n 2 | tr '\n' ' ')"

n=0 nok=0 nknown=0 nbad=0
report=""
for pcap in "$tmp"/fx/*.pcap; do
    base=${pcap%.pcap}
    name=$(cat "$base.name")
    ours=$(cat "$base.ours")
    n=$((n + 1))
    # tcpdump exits non-zero on records it refuses (a zero-length one);
    # what it printed is still what it says.
    all=$("$TCPDUMP" -n -t -r "$pcap" 2>/dev/null || true)
    theirs=${all%%$'\n'*}
    extra=$(printf '%s\n' "$all" | tail -n +2 | grep -v $'^\t' || true)
    if [ -f "$base.note" ]; then
        nknown=$((nknown + 1))
        report+="KNOWN $name: $(cat "$base.note")"$'\n'
        report+="      tcpdump: |$theirs|"$'\n'
        report+="      wirelab: |$ours|"$'\n'
        [ "$theirs" != "$ours" ] || report+="      (now the same: drop the note)"$'\n'
    elif [ "$theirs" == "$ours" ] && [ -z "$extra" ]; then
        nok=$((nok + 1))
        [ -z "${VERBOSE:-}" ] || echo "ok    $name: $ours"
    else
        nbad=$((nbad + 1))
        report+="DIFF  $name"$'\n'
        report+="      tcpdump: |$theirs|"$'\n'
        report+="      wirelab: |$ours|"$'\n'
        [ -z "$extra" ] || report+="      tcpdump also printed: $extra"$'\n'
    fi
done

printf '%s' "$report"
echo "$n fixtures: $nok match tcpdump, $nknown known differences, $nbad mismatches"
[ "$n" -gt 0 ] || { echo "FAIL: no fixtures"; exit 1; }
[ "$nbad" -eq 0 ]
