/* tui_save.c — a TUI session saved as a scenario that reproduces it.
 *
 * A teacher explores a scenario in the TUI, types a few commands (`ip route
 * del default` on r1 at 1.2 s) and hands the session out: the saved file is
 * the scenario's own text, with one at() per typed command put in front of
 * it, so `wirelab run` and `wirelab tui` replay the session.
 *
 * The at() runs the line at the same simulated time; events at exactly
 * that time that were scheduled before the at() itself fire first, so a
 * line typed between two events of the same nanosecond may land on the
 * other side of one of them.  Shell scenarios are not saved this way (a
 * shell file has no at()): the prompt's lines are listed instead.
 */
#include "tui/tui_session.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A Lua long string that cannot be closed by the line itself. */
static void lua_long_string(FILE *f, const char *s)
{
	int level = 0;
	for (;;) {
		char close[40];
		snprintf(close, sizeof close, "]%.*s]", level, "==============================");
		if (!strstr(s, close))
			break;
		level++;
	}
	fprintf(f, "[%.*s[%s]%.*s]", level, "==============================", s, level,
		"==============================");
}

int tui_session_save(const struct tui_session *s, const char *out_path, char *err,
		     size_t errlen)
{
	const char *path = tui_session_path(s);
	size_t n;
	const struct tui_typed *t = tui_session_typed(s, &n);
	size_t pl = strlen(path);
	if (pl > 3 && strcmp(path + pl - 3, ".sh") == 0) {
		snprintf(err, errlen, "a shell scenario cannot be saved with its typed commands "
			 "(add them to %s by hand)", path);
		return -1;
	}
	if (strcmp(out_path, path) == 0) {
		snprintf(err, errlen, "%s is the scenario itself: choose another name", out_path);
		return -1;
	}
	FILE *in = fopen(path, "r");
	if (!in) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	FILE *f = fopen(out_path, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", out_path, strerror(errno));
		fclose(in);
		return -1;
	}
	/* A first line "#!..." must stay first for Lua to skip it. */
	char first[4096];
	bool have_first = fgets(first, sizeof first, in) != NULL;
	if (have_first && first[0] == '#') {
		fputs(first, f);
		have_first = false;
	}
	fprintf(f, "-- Saved by wirelab tui from %s (seed %" PRIu64 "): the scenario as it\n"
		   "-- was, with the %zu command%s typed in the TUI run again at the times\n"
		   "-- typed.  Run it with: wirelab run <this file> --seed %" PRIu64 "\n",
		path, tui_session_seed(s), n, n == 1 ? "" : "s", tui_session_seed(s));
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "at(\"%" PRId64 "ns\", function() node(\"%s\"):sh(", t[i].t_ns, t[i].node);
		lua_long_string(f, t[i].line);
		fprintf(f, ", { check = false }) end)  -- typed at event %" PRIu64 "\n",
			t[i].at_event);
	}
	fputs("-- The scenario's own text follows.\n", f);
	if (have_first)
		fputs(first, f);
	char buf[8192];
	size_t k;
	while ((k = fread(buf, 1, sizeof buf, in)) > 0)
		fwrite(buf, 1, k, f);
	fclose(in);
	if (fclose(f) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", out_path, strerror(errno));
		return -1;
	}
	return 0;
}
