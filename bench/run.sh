#!/bin/sh
# bench/run.sh BENCHBIN — run the reference workloads of WORKLOADS.md (W1
# lan-echo, W2 router-chain) with pcap off and on, and compare with the ns-3
# figures measured on the project's usual machine.  `make bench` runs
#   sh bench/run.sh build/wl-bench
#
# Environment:
#   BENCH_QUICK=1     only the small sizes (W1 N=10,100; W2 R=2,16)
#   BENCH_REPEAT=n    runs per case, the median (by loop wall time) is kept;
#                     default 5 with pcap off (they are quick), 3 with pcap on
#   BENCH_OUT=dir     where pcap-on runs write (deleted after each run); bench-out
#   BENCH_MIN_FREE_KIB=n  free space needed for W1 N=1000 with pcap on; 2 GiB
#
# Each run is its own process, so its peak RSS is its own.  The exit status is
# non-zero when any run got the wrong counts (wl-bench says why on stderr).
set -u

BIN=${1:-}
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
	echo "usage: sh bench/run.sh BENCHBIN   (BENCHBIN: the wl-bench program, e.g. build/wl-bench)" >&2
	exit 2
fi
case $BIN in */*) ;; *) BIN=./$BIN ;; esac

OUT=${BENCH_OUT:-bench-out}
REPEAT_OFF=${BENCH_REPEAT:-5}
REPEAT_ON=${BENCH_REPEAT:-3}
QUICK=${BENCH_QUICK:-0}
MIN_FREE_KIB=${BENCH_MIN_FREE_KIB:-2097152}    # 2 GiB: W1 N=1000 with pcap writes about 250 MiB, ns-3 about 400

if [ "$QUICK" = 1 ]; then
	W1_SIZES="10 100"
	W2_SIZES="2 16"
else
	W1_SIZES="10 100 1000"
	W2_SIZES="2 16 64 250"
fi

RESULTS=$(mktemp "${TMPDIR:-/tmp}/wl-bench.XXXXXX") || exit 2
RUNS=$(mktemp "${TMPDIR:-/tmp}/wl-bench.XXXXXX") || exit 2
trap 'rm -f "$RESULTS" "$RUNS"; rm -rf "$OUT"' EXIT
trap 'exit 130' INT TERM
FAILED=0

# ns-3.37 (WORKLOADS.md): workload size frames events loop_off_s loop_on_s frames_per_s_off rss_mib_off
NS3='w1 10 4240 19093 0.041 0.047 103000 19
w1 100 60400 264741 0.36 0.46 167000 24
w1 1000 2404000 10031071 13.2 17.0 183000 71
w1 2000 8808000 36264343 55.7 79.3 158000 123
w2 16 34000 69075 0.20 0.23 168000 19
w2 64 130000 261267 0.73 0.84 178000 20
w2 250 502000 1006011 3.04 3.82 165000 25'

free_kib() {
	df -Pk "$(dirname "$OUT")" 2>/dev/null | awk 'NR == 2 { print $4 }'
}

# run_case WORKLOAD SIZE PCAP(off|on): several runs, keeps the median line.
run_case() {
	wl=$1 size=$2 pcap=$3
	if [ "$pcap" = on ]; then REPEAT=$REPEAT_ON; else REPEAT=$REPEAT_OFF; fi
	: > "$RUNS"
	i=0
	while [ "$i" -lt "$REPEAT" ]; do
		i=$((i + 1))
		if [ "$pcap" = on ]; then
			rm -rf "$OUT"
			mkdir -p "$OUT" || { echo "bench: cannot create $OUT" >&2; FAILED=1; return; }
			line=$("$BIN" "$wl" "$size" --pcap "$OUT")
			rc=$?
			rm -rf "$OUT"
		else
			line=$("$BIN" "$wl" "$size")
			rc=$?
		fi
		if [ "$rc" -ne 0 ]; then
			echo "FAIL (exit $rc): $wl $size pcap=$pcap: $line" >&2
			FAILED=1
			return
		fi
		echo "$line" >> "$RUNS"
	done
	# The run with the median loop wall time.
	mid=$(( (REPEAT + 1) / 2 ))
	line=$(awk '{ for (i = 1; i <= NF; i++) if (index($i, "loop_s=") == 1) { print substr($i, 8) "\t" $0; break } }' "$RUNS" \
		| sort -g | sed -n "${mid}p" | cut -f2-)
	echo "$line"
	echo "$line" >> "$RESULTS"
}

echo "wirelab benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sm), $(nproc 2>/dev/null || echo '?') CPUs," \
     "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)"
echo "median of $REPEAT_OFF runs per case with pcap off, $REPEAT_ON with pcap on (by loop wall time);"
echo "pcap-on runs write to $OUT/ and delete it after each run"
echo

for n in $W1_SIZES; do
	run_case w1 "$n" off
	if [ "$n" -ge 1000 ]; then
		kib=$(free_kib)
		if [ -n "$kib" ] && [ "$kib" -lt "$MIN_FREE_KIB" ]; then
			echo "SKIPPED: W1 N=$n pcap=on: only $((kib / 1024)) MiB free here, need 2048 MiB"
			continue
		fi
	fi
	run_case w1 "$n" on
done
for r in $W2_SIZES; do
	run_case w2 "$r" off
	run_case w2 "$r" on
done

echo
printf '%s\n' "$NS3" | awk -v results="$RESULTS" '
function kv(line, key,    n, a, i) {
	n = split(line, a, " ")
	for (i = 1; i <= n; i++)
		if (index(a[i], key "=") == 1)
			return substr(a[i], length(key) + 2)
	return ""
}
function num(line, key) {
	return kv(line, key) + 0
}
function commas(x,    s, r) {
	s = sprintf("%d", x + 0)
	r = ""
	while (length(s) > 3) {
		r = "," substr(s, length(s) - 2) r
		s = substr(s, 1, length(s) - 3)
	}
	return s r
}
function human(x) {
	if (x == "") return "-"
	x += 0
	if (x >= 1e6) return sprintf("%.2f M", x / 1e6)
	if (x >= 1e3) return sprintf("%.0f k", x / 1e3)
	return sprintf("%.0f", x)
}
{ key = $1 " " $2; nf[key] = $3 + 0; nev[key] = $4 + 0; noff[key] = $5 + 0; non[key] = $6 + 0
  nfps[key] = $7 + 0; nrss[key] = $8 + 0 }
END {
	while ((getline line < results) > 0) {
		split(line, w, " ")
		wl = (w[1] == "W1") ? "w1" : "w2"
		size = w[2]; sub(/^[NR]=/, "", size)
		key = wl " " size
		pc = kv(line, "pcap")
		frames[key, pc] = num(line, "frames"); events[key, pc] = num(line, "events")
		loop[key, pc] = num(line, "loop_s"); fps[key, pc] = num(line, "frames_per_s")
		cpu[key, pc] = num(line, "loop_cpu_s")
		eps[key, pc] = num(line, "events_per_s"); rss[key, pc] = num(line, "peak_rss_mib")
		label[key] = w[1] " " w[2]
		if (!(key in seen)) { seen[key] = 1; order[++n] = key }
	}
	print "pcap off — wirelab against ns-3.37 (ns-3 figures from WORKLOADS.md, its machine: 2 cores)"
	printf "%-10s %23s %23s %17s %19s %9s %7s %15s\n", "workload", "frames ours/ns-3", "events ours/ns-3",
		"loop s ours/ns-3", "frames/s ours/ns-3", "fps ratio", "wall x", "RSS MiB ours/ns-3"
	for (i = 1; i <= n; i++) {
		k = order[i]
		if (!((k, "off") in loop)) continue
		have = (k in nf)
		ratio = have ? sprintf("%.1fx", fps[k, "off"] / nfps[k]) : "-"
		wallx = (have && loop[k, "off"] > 0) ? sprintf("%.0fx", noff[k] / loop[k, "off"]) : "-"
		printf "%-10s %23s %23s %17s %19s %9s %7s %15s\n", label[k],
			commas(frames[k, "off"]) " / " (have ? commas(nf[k]) : "-"),
			commas(events[k, "off"]) " / " (have ? commas(nev[k]) : "-"),
			sprintf("%.4f", loop[k, "off"]) " / " (have ? noff[k] : "-"),
			human(fps[k, "off"]) " / " (have ? human(nfps[k]) : "-"),
			ratio, wallx,
			sprintf("%.1f", rss[k, "off"]) " / " (have ? nrss[k] : "-")
	}
	print ""
	print "pcap on (every device of every node captured)"
	printf "%-10s %17s %11s %19s %7s %12s\n", "workload", "loop s ours/ns-3", "ours cpu s", "frames/s ours/ns-3", "wall x", "RSS MiB ours"
	for (i = 1; i <= n; i++) {
		k = order[i]
		if (!((k, "on") in loop)) { if ((k, "off") in loop) printf "%-10s %17s\n", label[k], "skipped"; continue }
		have = (k in nf)
		wallx = (have && loop[k, "on"] > 0) ? sprintf("%.0fx", non[k] / loop[k, "on"]) : "-"
		printf "%-10s %17s %11s %19s %7s %12s\n", label[k],
			sprintf("%.4f", loop[k, "on"]) " / " (have ? non[k] : "-"), sprintf("%.4f", cpu[k, "on"]),
			human(fps[k, "on"]) " / " (have ? human(nf[k] / non[k]) : "-"),
			wallx, sprintf("%.1f", rss[k, "on"])
	}
	print ""
	print "fps ratio = our frames/s over ns-3 frames/s; wall x = ns-3 loop wall time over ours (same workload)."
	print "With pcap on, a device'"'"'s file is created on its first frame, inside the loop: on ext4 just after"
	print "the previous run'"'"'s files were deleted, creating thousands of files can cost seconds of kernel"
	print "time (cpu s shows it).  BENCH_OUT=/dev/shm/wl-bench-out measures the writer without the disk."
	print "W1 frame counts differ: ns-3 ARP does not learn the requester, so every echo server ARPs back"
	print "(about 2 broadcasts flooded per host in ns-3, 1 in wirelab as in Linux).  events are each"
	print "simulator'"'"'s own count and are not comparable one to one."
	print ""
	for (t = 1; t <= 2; t++) {
		k = (t == 1) ? "w1 1000" : "w2 250"
		if (!((k, "off") in loop)) continue
		r = fps[k, "off"] / nfps[k]
		printf "target %s: frames/s %.1fx ns-3 (need >= 10x): %s; peak RSS %.1f MiB vs %s MiB: %s\n",
			label[k], r, (r >= 10 ? "met" : "NOT MET"), rss[k, "off"], nrss[k],
			(rss[k, "off"] < nrss[k] ? "lower, met" : "NOT lower")
	}
}'

if [ "$FAILED" -ne 0 ]; then
	echo "bench: some runs FAILED (see above)" >&2
	exit 1
fi
exit 0
