/* cli_tui.c — `wirelab tui FILE`: the terminal live view (docs/tui.md).
 *
 *   wirelab tui FILE [--seed N] [--out DIR] [--no-pcap] [--no-log] [--ascii]
 *   wirelab tui FILE --keys "s s s b q" --dump-screen OUT [--size 80x24]
 *
 * The second form is the headless mode: no terminal; the keys of the
 * script are pressed in order (`c` runs to the end of the run, as there
 * is no clock to pause it), and the final screen is written to OUT as
 * text.  The tests use it to check what a learner sees after given steps.
 *
 * Traces are written as `wirelab run` writes them (DIR/<name>/ with its pcap files and
 * events.jsonl) as the run goes forward.  Going back re-executes the run
 * without them; at q they are written again up to the step shown, so that
 * the files hold what the screen showed last.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "out/jsonl_out.h"
#include "out/pcap_out.h"
#include "tui/tui_curses.h"
#include "tui/tui_session.h"
#include "tui/tui_view.h"
#include "util/units.h"

#define MAX_KEYS 4096

struct tui_traces {
	char dir[4096];
	bool no_pcap, no_log;
	struct pcap_out *po;
	struct jsonl_out *jo;
	char err[4400];
};

static void traces_open(void *ctx, struct world *w)
{
	struct tui_traces *t = ctx;
	if (t->no_pcap && t->no_log)
		return;
	if (cli_prepare_dir(t->dir, t->err, sizeof t->err) != 0)
		return;
	if (!t->no_pcap)
		t->po = pcap_out_open(w, t->dir, t->err, sizeof t->err);
	if (!t->no_log) {
		char p[4200];
		snprintf(p, sizeof p, "%s/events.jsonl", t->dir);
		t->jo = jsonl_out_open(w, p, 0, t->err, sizeof t->err);
	}
}

static void traces_close(void *ctx, struct world *w)
{
	struct tui_traces *t = ctx;
	char err[600];
	(void)w;
	if (t->po && pcap_out_close(t->po, err, sizeof err) < 0)
		snprintf(t->err, sizeof t->err, "%s", err);
	if (t->jo && jsonl_out_close(t->jo, err, sizeof err) != 0)
		snprintf(t->err, sizeof t->err, "%s", err);
	t->po = NULL;
	t->jo = NULL;
}

static const char tui_usage[] =
	"usage: wirelab tui FILE [--seed N] [--out DIR] [--no-pcap] [--no-log] [--ascii]\n"
	"       wirelab tui FILE --keys SCRIPT --dump-screen OUT [--size COLSxROWS]\n";

static int tui_usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "wirelab tui: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s", tui_usage);
	return EXIT_USAGE;
}

/* Press the keys, then write the screen. */
static int headless(struct tui_session *s, const char *keys, const char *dump, int cols,
		    int rows, bool ascii)
{
	static int k[MAX_KEYS];
	char err[400];
	int n = tui_keys_parse(keys ? keys : "", k, MAX_KEYS, err, sizeof err);
	if (n < 0) {
		fprintf(stderr, "wirelab tui: %s\n", err);
		return EXIT_USAGE;
	}
	struct tui_view *v = tui_view_new(s, cols, rows, !ascii);
	for (int i = 0; i < n && !v->quit; i++) {
		tui_view_key(v, k[i]);
		/* No clock here: `c` runs until the run ends (or for a million
		 * ticks, for a run that never ends). */
		for (long guard = 0; v->running && guard < 1000000; guard++)
			tui_view_tick(v);
	}
	struct tui_grid g = { 0 };
	tui_view_render(v, &g);
	char *text = tui_grid_text_dump(&g);
	int rc = EXIT_OK;
	if (dump) {
		FILE *f = strcmp(dump, "-") == 0 ? stdout : fopen(dump, "w");
		if (!f) {
			fprintf(stderr, "wirelab tui: cannot write %s: %s\n", dump, strerror(errno));
			rc = EXIT_USAGE;
		} else {
			fputs(text, f);
			if (f != stdout && fclose(f) != 0) {
				fprintf(stderr, "wirelab tui: cannot write %s: %s\n", dump,
					strerror(errno));
				rc = EXIT_USAGE;
			}
		}
	}
	free(text);
	tui_grid_free(&g);
	tui_view_free(v);
	return rc;
}

int cli_tui_main(int argc, char **argv)
{
	const char *file = NULL, *keys = NULL, *dump = NULL, *out = "pcap-out";
	uint64_t seed = 1;
	bool ascii = false, headless_mode = false;
	struct tui_traces tr = { 0 };
	int cols = 80, rows = 24;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *val = NULL;
		char name[40];
		if (a[0] != '-' || !a[1]) {
			if (file)
				return tui_usage_error("tui takes one scenario file (\"%s\" is one more)",
						       a);
			file = a;
			continue;
		}
		const char *eq = strchr(a, '=');
		snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - a) : (int)strlen(a), a);
		if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0) {
			fputs(tui_usage, stdout);
			fputs("\nKeys: press ? in the TUI.  docs/tui.md describes every pane.\n",
			      stdout);
			return EXIT_OK;
		}
		if (strcmp(name, "--no-pcap") == 0) {
			tr.no_pcap = true;
			continue;
		}
		if (strcmp(name, "--no-log") == 0) {
			tr.no_log = true;
			continue;
		}
		if (strcmp(name, "--ascii") == 0) {
			ascii = true;
			continue;
		}
		if (strcmp(name, "--seed") && strcmp(name, "--out") && strcmp(name, "--keys") &&
		    strcmp(name, "--dump-screen") && strcmp(name, "--size"))
			return tui_usage_error("unknown option \"%s\"", a);
		if (eq)
			val = eq + 1;
		else if (i + 1 < argc)
			val = argv[++i];
		else
			return tui_usage_error("option %s needs a value", name);
		if (strcmp(name, "--seed") == 0) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(val, &end, 10);
			if (!*val || *end || errno || val[0] == '-')
				return tui_usage_error("bad --seed \"%s\": expected a whole number", val);
			seed = v;
		} else if (strcmp(name, "--out") == 0) {
			out = val;
		} else if (strcmp(name, "--keys") == 0) {
			keys = val;
			headless_mode = true;
		} else if (strcmp(name, "--dump-screen") == 0) {
			dump = val;
			headless_mode = true;
		} else if (strcmp(name, "--size") == 0) {
			if (sscanf(val, "%dx%d", &cols, &rows) != 2 || cols < 20 || rows < 10 ||
			    cols > 1000 || rows > 1000)
				return tui_usage_error("bad --size \"%s\": expected COLSxROWS, at least "
						       "20x10", val);
		}
	}
	if (!file)
		return tui_usage_error("%s", "tui needs a scenario file");
	cli_trace_dir(out, file, tr.dir, sizeof tr.dir);
	struct tui_session_hooks hooks = { traces_open, traces_close, &tr };
	char err[4400];
	struct tui_session *s = tui_session_new(file, seed, tr.no_pcap && tr.no_log ? NULL : &hooks,
						err, sizeof err);
	if (!s) {
		fprintf(stderr, "wirelab: %s\n", err);
		return EXIT_USAGE;
	}
	int rc;
	if (headless_mode) {
		rc = headless(s, keys, dump, cols, rows, ascii);
	} else {
		rc = tui_curses_run(s, ascii, err, sizeof err) == 0 ? EXIT_OK : EXIT_USAGE;
		if (rc != EXIT_OK)
			fprintf(stderr, "wirelab tui: %s\n", err);
	}
	/* The traces hold the run as it stands when q is pressed. */
	tui_session_sync_traces(s);
	tui_session_free(s);
	if (tr.err[0])
		fprintf(stderr, "wirelab: warning: %s\n", tr.err);
	else if (!(tr.no_pcap && tr.no_log) && rc == EXIT_OK && !headless_mode)
		fprintf(stderr, "wirelab: traces in %s/\n", tr.dir);
	return rc;
}
