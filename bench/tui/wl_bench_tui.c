/* wl_bench_tui.c — how long going back one step takes in the TUI.
 *
 *   wl-bench-tui SCENARIO [EVENTS]     (make bench runs it on bench/tui/back.lua)
 *
 * Steps the scenario forward, as a learner pressing s would, until EVENTS
 * (default 100,000) events have fired, then goes back one step, which
 * re-executes the run from t = 0 to the step before (tui_session.h).
 * Prints the median of 5 goings back and whether it is under the 100 ms the
 * TUI promises ("must feel instant"); exits 1 when the record after going
 * back differs from the one before (it must not).  The traces are off, as
 * the bench's other runs measure them apart. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/world.h"
#include "tui/tui_session.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: wl-bench-tui SCENARIO [EVENTS]\n");
		return 2;
	}
	uint64_t events = argc > 2 ? strtoull(argv[2], NULL, 10) : 100000;
	char err[600];
	struct tui_session *s = tui_session_new(argv[1], 1, NULL, err, sizeof err);
	if (!s) {
		fprintf(stderr, "wl-bench-tui: %s\n", err);
		return 2;
	}
	double t0 = now_s();
	while (tui_session_world(s)->stats.events < events)
		if (!tui_session_step(s)) {
			fprintf(stderr, "wl-bench-tui: %s ended after %" PRIu64 " events\n", argv[1],
				tui_session_world(s)->stats.events);
			return 1;
		}
	double fwd = now_s() - t0;
	size_t pos = tui_session_pos(s), n_at;
	tui_session_entries(s, &n_at);
	uint64_t ev_at = tui_session_world(s)->stats.events;
	double back[5];
	for (int i = 0; i < 5; i++) {
		double b0 = now_s();
		tui_session_goto(s, pos - 1);
		back[i] = now_s() - b0;
		if (tui_session_world(s)->stats.events >= ev_at) {
			fprintf(stderr, "wl-bench-tui: going back did not go back\n");
			return 1;
		}
		tui_session_step(s);    /* forward again: the same step */
		size_t n;
		tui_session_entries(s, &n);
		if (tui_session_pos(s) != pos || n != n_at ||
		    tui_session_world(s)->stats.events != ev_at) {
			fprintf(stderr, "wl-bench-tui: stepping forward again gave another record\n");
			return 1;
		}
	}
	qsort(back, 5, sizeof *back, cmp_d);
	printf("\nTUI: going back one step at event %" PRIu64 " (step %zu, %zu entries) of %s:\n"
	       "  re-executed from t = 0 in %.1f ms (median of 5; stepping there took %.2f s)\n"
	       "  target < 100 ms: %s\n",
	       ev_at, pos, n_at, argv[1], back[2] * 1e3, fwd, back[2] < 0.1 ? "met" : "NOT MET");
	tui_session_free(s);
	return 0;
}
