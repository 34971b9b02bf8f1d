/* cli_run.c — one scenario, start to finish.
 *
 * A Lua scenario (FILE.lua) and a shell scenario (FILE.sh) take the same
 * path: the binding runs both (lua_api.h); a shell scenario's lines are its
 * checks, and `run` prints it as a terminal transcript instead of a
 * timeline (docs/shell-scenarios.md).
 *
 *   1. compile the file (a syntax error ends here: exit 2, nothing written);
 *   2. prepare <out>/<name>/ and open the pcap writer and the event log;
 *   3. start the main chunk at t = 0 and run the event loop until the
 *      scenario is done (every task finished, no foreground process left),
 *      the queue is empty, --until, --max-events, an error or a limit;
 *   4. close the traces — on every path, errors included — and report.
 *
 * The loop runs in slices of events so that the wall clock can be looked
 * at for the progress line and Ctrl-C can be honoured between slices;
 * slicing does not change what happens (world_run stops before an event,
 * never inside one). */
#include "cli/cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/world.h"
#include "dev/node.h"
#include "lua/lua_api.h"
#include "out/jsonl_out.h"
#include "out/pcap_out.h"

#define SLICE_EVENTS 65536u
#define PROGRESS_EVERY_S 2.0

struct run {
	const struct cli_opts *o;
	const char *path;
	struct world *w;
	bool shell;             /* a shell scenario */
	bool timeline;          /* print() lines, process output, checks on stdout */
	int log_handle;
	bool progress_shown;
};

/* FILE.sh is a shell scenario; anything else is Lua. */
static bool is_shell_path(const char *path)
{
	size_t n = strlen(path);
	return n > 3 && strcmp(path + n - 3, ".sh") == 0;
}

static double wall_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_print(void *ctx, int64_t t_ns, const char *line)
{
	struct run *r = ctx;
	if (!r->timeline)
		return;
	char st[40];
	cli_fmt_stamp(t_ns, st, sizeof st);
	printf("%s%s\n", st, line);
}

/* A shell line that failed: where, what, why — the run stops there. */
static void print_failed_line(FILE *f, const struct lua_check *c)
{
	fprintf(f, "%s: `%s` failed (%s): the scenario stops here\n", c->where, c->message,
		c->detail ? c->detail : "non-zero status");
}

static void on_check(void *ctx, const struct lua_check *c)
{
	struct run *r = ctx;
	if (r->shell) {
		/* One check per line: PASS/FAIL lines in check mode, only the
		 * failure (which ends the run) otherwise. */
		if (r->o->mode == CLI_CHECK) {
			if (!c->passed || !r->o->quiet) {
				fprintf(stdout, "%s  %s  %s", c->passed ? "PASS" : "FAIL", c->where,
					c->message);
				if (!c->passed && c->detail)
					fprintf(stdout, " (%s)", c->detail);
				fputc('\n', stdout);
			}
		} else if (!c->passed) {
			fflush(stdout);
			print_failed_line(stderr, c);
		}
		return;
	}
	if (r->o->mode == CLI_CHECK) {
		if (!c->passed || !r->o->quiet)
			cli_print_check(stdout, NULL, c);
	} else if (r->timeline) {
		char st[40];
		cli_fmt_stamp(c->t_ns, st, sizeof st);
		cli_print_check(stdout, st, c);
	} else if (!c->passed) {
		cli_print_check(stderr, NULL, c);   /* --quiet still shows failures */
	}
}

/* Process and command output: TR_LOG records with what "stdout" /
 * "stderr"; a command line typed by n:sh() is "cmd", shown as "$ line"
 * ("> " before each continuation line, as bash prompts). */
static void on_log(void *ctx, const struct trace_rec *rec)
{
	(void)ctx;
	if (!rec->node || !rec->what)
		return;
	const char *t = rec->text ? rec->text : "";
	if (strcmp(rec->what, "cmd") == 0) {
		printf("[%s] $ ", rec->node->name);
		for (; *t; t++) {
			if (*t == '\n')
				printf("\n[%s] > ", rec->node->name);
			else
				putchar(*t);
		}
		putchar('\n');
		return;
	}
	if (strcmp(rec->what, "stdout") != 0 && strcmp(rec->what, "stderr") != 0)
		return;
	printf("[%s]%s%s\n", rec->node->name, *t ? " " : "", t);
}

/* A shell scenario's transcript: "$ line", then what it printed, stdout
 * and stderr alike, as a terminal shows a session (a continued line's
 * next lines after bash's "> " prompt). */
static void on_command(void *ctx, int64_t t_ns, const char *node, const char *line)
{
	struct run *r = ctx;
	(void)t_ns;
	(void)node;
	if (!r->shell || !r->timeline)
		return;
	fputs("$ ", stdout);
	for (const char *p = line; *p; p++) {
		putchar(*p);
		if (*p == '\n')
			fputs("> ", stdout);
	}
	putchar('\n');
}

static void on_output(void *ctx, int64_t t_ns, const char *node, bool is_stderr,
		      const char *text, size_t len)
{
	struct run *r = ctx;
	(void)t_ns;
	(void)node;
	(void)is_stderr;
	if (!r->shell || !r->timeline)
		return;
	fwrite(text, 1, len, stdout);
	if (len && text[len - 1] != '\n')
		fputc('\n', stdout);
}

static void progress(struct run *r, double elapsed, bool tty)
{
	char t[32];
	cli_fmt_secs(r->w->now_ns, t, sizeof t);
	fprintf(stderr, "%swirelab: t=%s  %llu events  %llu frames  (%.0fs)%s", tty ? "\r" : "", t,
		(unsigned long long)r->w->stats.events, (unsigned long long)r->w->stats.frames,
		elapsed, tty ? "\033[K" : "\n");
	fflush(stderr);
	r->progress_shown = true;
}

/* Open the traces; -1 with a message when the folder or a file fails. */
static int open_traces(const struct cli_opts *o, struct world *w, const char *dir,
		       struct pcap_out **po, struct jsonl_out **jo, char *err, size_t errlen)
{
	if (cli_prepare_dir(dir, err, errlen) != 0)
		return -1;
	if (!o->no_pcap) {
		*po = pcap_out_open(w, dir, err, errlen);
		if (!*po)
			return -1;
	}
	if (!o->no_log) {
		char p[4200];
		snprintf(p, sizeof p, "%s/events.jsonl", dir);
		*jo = jsonl_out_open(w, p, 0, err, errlen);
		if (!*jo)
			return -1;
	}
	return 0;
}

static int path_readable(const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "cannot open %s: not a regular file", path);
		return -1;
	}
	return 0;
}

/* The pcap files in dir (what a learner will find there). */
static int count_pcaps(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (!d)
		return 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		size_t l = strlen(e->d_name);
		n += l > 5 && strcmp(e->d_name + l - 5, ".pcap") == 0;
	}
	closedir(d);
	return n;
}

int cli_run_file(const struct cli_opts *o, const char *path)
{
	double t0 = wall_now();
	struct world *w = world_new(o->seed);
	struct run r = { .o = o, .path = path, .w = w, .log_handle = -1 };
	r.shell = is_shell_path(path);
	r.timeline = o->mode == CLI_RUN && !o->quiet;
	struct lua_scenario_opts lo = {
		.seed = o->seed, .max_memory_bytes = o->max_memory_bytes,
		.max_instructions = o->max_instructions, .on_print = on_print,
		.on_check = on_check, .on_command = on_command, .on_output = on_output,
		.ctx = &r,
	};
	struct lua_scenario *s = lua_scenario_new(w, &lo);
	struct pcap_out *po = NULL;
	struct jsonl_out *jo = NULL;
	struct cli_hot *hot = NULL;
	char dir[4096], err[4400], how[600];
	int code = EXIT_OK;
	bool ran = false;
	cli_trace_dir(o->out_dir, path, dir, sizeof dir);
	snprintf(how, sizeof how, "finished");

	if (path_readable(path, err, sizeof err) != 0) {
		fprintf(stderr, "wirelab: %s\n", err);
		code = EXIT_USAGE;
		goto out;
	}
	if ((r.shell ? lua_scenario_load_shell(s, path) : lua_scenario_load(s, path)) != 0) {
		fprintf(stderr, "%s\n", lua_scenario_error(s));
		code = lua_scenario_status(s) == LSS_LIMIT ? EXIT_LIMIT : EXIT_USAGE;
		goto out;
	}
	if ((!o->no_pcap || !o->no_log) &&
	    open_traces(o, w, dir, &po, &jo, err, sizeof err) != 0) {
		fprintf(stderr, "wirelab: %s\n", err);
		code = EXIT_USAGE;
		goto out;
	}
	hot = cli_hot_new(w);
	if (r.timeline && !r.shell)
		r.log_handle = trace_subscribe(w, TR_MASK(TR_LOG), on_log, &r);

	lua_scenario_start(s);
	ran = true;
	bool tty = isatty(STDERR_FILENO);
	bool show_progress = !o->quiet && (o->progress || tty);
	double next_progress = PROGRESS_EVERY_S;
	enum world_stop ws = WS_IDLE;
	bool interrupted = false;
	for (;;) {
		uint64_t slice = SLICE_EVENTS;
		if (o->max_events) {
			uint64_t done = w->stats.events;
			if (done >= o->max_events) {
				ws = WS_MAX_EVENTS;
				break;
			}
			if (o->max_events - done < slice)
				slice = o->max_events - done;
		}
		ws = world_run(w, o->until_ns, slice);
		if (ws != WS_MAX_EVENTS)
			break;
		if (cli_interrupted) {
			interrupted = true;
			break;
		}
		double el = wall_now() - t0;
		if (show_progress && el >= next_progress) {
			progress(&r, el, tty);
			next_progress = el + PROGRESS_EVERY_S;
		}
	}
	if (r.progress_shown && tty)
		fprintf(stderr, "\r\033[K");

	enum lua_scenario_status st = lua_scenario_status(s);
	char hotmsg[400];
	cli_hot_describe(hot, hotmsg, sizeof hotmsg);
	if (interrupted) {
		char t[32];
		cli_fmt_secs(w->now_ns, t, sizeof t);
		snprintf(how, sizeof how, "interrupted");
		fprintf(stderr, "wirelab: interrupted at t=%s; the traces written so far are kept\n",
			t);
		code = EXIT_INTERRUPTED;
	} else if (st == LSS_ERROR || st == LSS_LIMIT) {
		const char *e = lua_scenario_error(s);
		if (strncmp(e, path, strlen(path)) == 0)
			fprintf(stderr, "%s\n", e);
		else
			fprintf(stderr, "%s: %s\n", path, e);
		snprintf(how, sizeof how, st == LSS_ERROR ? "stopped by a scenario error"
							  : "stopped by a limit");
		code = st == LSS_ERROR ? EXIT_USAGE : EXIT_LIMIT;
	} else if (ws == WS_MAX_EVENTS) {
		snprintf(how, sizeof how, "stopped after %llu events (--max-events)",
			 (unsigned long long)w->stats.events);
		fprintf(stderr, "wirelab: stopped after %llu events (--max-events): %s\n",
			(unsigned long long)w->stats.events, hotmsg);
		code = EXIT_LIMIT;
	} else if (ws == WS_UNTIL) {
		char t[32];
		cli_fmt_secs(o->until_ns, t, sizeof t);
		snprintf(how, sizeof how, "stopped at --until %s", t);
		if (st == LSS_RUNNING && !o->quiet && r.shell)
			fprintf(stderr, "wirelab: stopped at --until %s in the middle of the script "
				"(a command was still running): %s\n", t, hotmsg);
		else if (st == LSS_RUNNING && !o->quiet)
			fprintf(stderr, "wirelab: stopped at --until %s with work left (%d task%s "
				"waiting): %s\n", t, lua_scenario_tasks(s),
				lua_scenario_tasks(s) == 1 ? "" : "s", hotmsg);
	} else if (ws == WS_IDLE && st == LSS_RUNNING) {
		snprintf(how, sizeof how, "finished: no event left");
		if (!o->quiet)
			fprintf(stderr, "wirelab: nothing left to happen, but %d scenario task%s still "
				"waiting (for a process that cannot exit?)\n", lua_scenario_tasks(s),
				lua_scenario_tasks(s) == 1 ? " is" : "s are");
	}

out:;
	size_t passed = 0, failed = 0, n_checks = 0;
	const struct lua_check *checks = lua_scenario_checks(s, &n_checks, &passed, &failed);
	if (r.shell && failed && code == EXIT_OK) {
		for (size_t i = 0; i < n_checks; i++)
			if (!checks[i].passed)
				snprintf(how, sizeof how, "stopped at %s: a command failed",
					 checks[i].where);
	}
	if (code == EXIT_OK && failed)
		code = EXIT_CHECKS;
	int pcap_files = -1;
	uint64_t records = 0;
	if (r.log_handle >= 0)
		trace_unsubscribe(w, r.log_handle);
	if (po) {
		if (pcap_out_close(po, err, sizeof err) < 0)
			fprintf(stderr, "wirelab: warning: %s\n", err);
		pcap_files = count_pcaps(dir);
	}
	if (jo) {
		records = jsonl_out_records(jo);
		if (jsonl_out_close(jo, err, sizeof err) != 0)
			fprintf(stderr, "wirelab: warning: %s\n", err);
	}
	fflush(stdout);
	if (o->mode == CLI_CHECK) {
		const char *why = "";
		if (code == EXIT_USAGE)
			why = " (scenario error)";
		else if (code == EXIT_LIMIT)
			why = " (stopped by a limit)";
		else if (code == EXIT_INTERRUPTED)
			why = " (interrupted)";
		printf("%s: %zu passed, %zu failed%s\n", path, passed, failed, why);
	} else if (ran && !o->quiet) {
		struct cli_summary sum = {
			.path = path, .how = how, .sim_ns = w->now_ns, .events = w->stats.events,
			.frames = w->stats.frames, .drops = w->stats.drops, .passed = passed,
			.failed = failed, .pcap_files = po ? (pcap_files < 0 ? 0 : pcap_files) : -1,
			.jsonl = jo != NULL, .jsonl_records = records, .trace_dir = dir,
			.wall_s = wall_now() - t0,
		};
		cli_print_summary(stderr, &sum);
	}
	fflush(stdout);
	lua_scenario_free(s);
	cli_hot_free(hot);
	world_free(w);
	return code;
}
