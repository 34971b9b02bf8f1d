/* main.c — the `wirelab` command: arguments and commands.
 *
 *   wirelab run FILE [options]       run a scenario, print its timeline and a summary
 *   wirelab check FILE... [options]  run scenarios headless, print each check
 *   wirelab tui FILE [options]       the terminal live view (cli_tui.c)
 *
 * FILE is a Lua scenario, or a shell scenario when its name ends in .sh.
 *   wirelab --help | --version
 *
 * Options may come before or after the files, as `--opt VALUE` or
 * `--opt=VALUE`; `--` ends them. */
#include "cli/cli.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/units.h"

#ifndef WL_VERSION
#define WL_VERSION "0.0.0"
#endif

volatile int cli_interrupted;

static const char usage_text[] =
	"usage: wirelab run FILE [options]\n"
	"       wirelab check FILE... [options]\n"
	"       wirelab tui FILE [options]\n"
	"       wirelab --help | --version\n";

static const char help_text[] =
	"wirelab — a packet-level network simulator for learning how networks work.\n"
	"\n"
	"Commands:\n"
	"  run FILE         run a Lua scenario; print() lines and process output go to\n"
	"                   stdout as they happen, a summary to stderr at the end\n"
	"  check FILE...    run each scenario without its timeline; print every\n"
	"                   expectation as PASS or FAIL and a count per file\n"
	"  tui FILE         step through a scenario in the terminal, event by event,\n"
	"                   with packets, tables and topology (wirelab tui --help)\n"
	"\n"
	"A FILE ending in .sh is a shell scenario: its lines are Linux commands run\n"
	"on a machine named host, as `bash -e FILE.sh` would run them as root (see\n"
	"docs/shell-scenarios.md).  run prints it as a terminal session (\"$ line\",\n"
	"then what the command printed) and stops at the first failing command\n"
	"(exit 1); check prints each line as PASS or FAIL.\n"
	"\n"
	"Options:\n"
	"  --seed N             seed of every random choice (default 1); the same\n"
	"                       scenario and seed give byte-identical traces\n"
	"  --until T            stop at simulated time T (\"10s\", \"500ms\"); a normal end\n"
	"  --max-events N       stop after N events (exit 3): a guard for runs that\n"
	"                       never end, like a switching loop\n"
	"  --out DIR            traces go to DIR/<scenario name>/ (default pcap-out)\n"
	"  --no-pcap            write no pcap files\n"
	"  --no-log             write no events.jsonl\n"
	"  -q, --quiet          run: print nothing but errors and failed checks;\n"
	"                       check: only the FAIL lines and the counts\n"
	"  --progress           show progress on stderr even when it is not a terminal\n"
	"  --max-memory MiB     memory the scenario's Lua may use (default 256)\n"
	"  --max-instructions N Lua instructions the scenario may run (default 2000000000)\n"
	"  -h, --help           this text\n"
	"  -V, --version        the version\n"
	"\n"
	"Traces: DIR/<scenario>/<node>-<device>.pcap for each device (open them in\n"
	"Wireshark) and DIR/<scenario>/events.jsonl, one JSON object per event.\n"
	"Old *.pcap files and events.jsonl in that folder are removed first.\n"
	"\n"
	"Exit status:\n"
	"  0  ok\n"
	"  1  a check (expect, expect_eq) failed, or a command of a shell scenario\n"
	"     failed (the run stops there)\n"
	"  2  usage error, or a scenario error (printed as file:line: message)\n"
	"  3  a limit stopped the run: --max-events, --max-memory, --max-instructions\n"
	"  (--until is a normal end: 0, or 1 when a check failed)\n"
	"  With several files, check exits with the highest status of any file.\n"
	"\n"
	"The Lua API is described in docs/lua-api.md.\n";

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "wirelab: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n%s(wirelab --help explains every option)\n", usage_text);
	return EXIT_USAGE;
}

/* A decimal integer, no sign, no spaces, at most max. */
static int parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	if (!*s)
		return -1;
	uint64_t v = 0;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		unsigned d = (unsigned)(*c - '0');
		if (v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

static void on_signal(int sig)
{
	cli_interrupted = 1;
	signal(sig, SIG_DFL);   /* a second Ctrl-C ends at once */
}

/* Options taking a value. */
static const char *const valued[] = { "--seed", "--until", "--max-events", "--out",
				      "--max-memory", "--max-instructions", NULL };

static int set_option(struct cli_opts *o, const char *name, const char *val)
{
	char err[200];
	uint64_t v;
	if (strcmp(name, "--seed") == 0) {
		if (parse_u64(val, UINT64_MAX, &v) != 0)
			return usage_error("bad --seed \"%s\": expected a whole number from 0 to "
					   "18446744073709551615", val);
		o->seed = v;
	} else if (strcmp(name, "--until") == 0) {
		if (units_parse_duration(val, &o->until_ns, err, sizeof err) != 0) {
			fprintf(stderr, "wirelab: --until: %s\n", err);
			return EXIT_USAGE;
		}
	} else if (strcmp(name, "--max-events") == 0) {
		if (parse_u64(val, UINT64_MAX, &v) != 0 || v == 0)
			return usage_error("bad --max-events \"%s\": expected a whole number above 0",
					   val);
		o->max_events = v;
	} else if (strcmp(name, "--out") == 0) {
		if (!*val)
			return usage_error("bad --out \"%s\": expected a directory", val);
		o->out_dir = val;
	} else if (strcmp(name, "--max-memory") == 0) {
		if (parse_u64(val, (uint64_t)1 << 20, &v) != 0 || v == 0)
			return usage_error("bad --max-memory \"%s\": expected MiB, a whole number from "
					   "1 to 1048576", val);
		o->max_memory_bytes = (size_t)v << 20;
	} else if (strcmp(name, "--max-instructions") == 0) {
		if (parse_u64(val, UINT64_MAX, &v) != 0 || v == 0)
			return usage_error("bad --max-instructions \"%s\": expected a whole number "
					   "above 0", val);
		o->max_instructions = v;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cli_opts o = {
		.seed = 1, .until_ns = -1, .out_dir = "pcap-out",
	};
	const char **files = calloc((size_t)argc + 1, sizeof *files);
	int nfiles = 0, rc = EXIT_OK;
	const char *cmd = NULL;
	bool opts_done = false;
	if (!files)
		return EXIT_USAGE;
	/* tui has options of its own (cli_tui.c). */
	if (argc > 1 && strcmp(argv[1], "tui") == 0) {
		free(files);
		return cli_tui_main(argc - 1, argv + 1);
	}

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (opts_done || a[0] != '-' || a[1] == '\0') {
			if (!cmd)
				cmd = a;
			else
				files[nfiles++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			opts_done = true;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			fputs(help_text, stdout);
			fputs("\n", stdout);
			fputs(usage_text, stdout);
			goto done;
		} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("wirelab %s\n", WL_VERSION);
			goto done;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			o.quiet = true;
		} else if (strcmp(a, "--no-pcap") == 0) {
			o.no_pcap = true;
		} else if (strcmp(a, "--no-log") == 0) {
			o.no_log = true;
		} else if (strcmp(a, "--progress") == 0) {
			o.progress = true;
		} else {
			/* --opt=value or --opt value */
			char name[40];
			const char *eq = strchr(a, '=');
			size_t nl = eq ? (size_t)(eq - a) : strlen(a);
			snprintf(name, sizeof name, "%.*s", (int)nl, a);
			bool known = false;
			for (const char *const *v = valued; *v; v++)
				known |= strcmp(*v, name) == 0;
			if (!known || nl >= sizeof name) {
				rc = usage_error("unknown option \"%s\"", a);
				goto done;
			}
			const char *val = eq ? eq + 1 : NULL;
			if (!val) {
				if (i + 1 >= argc) {
					rc = usage_error("option %s needs a value", name);
					goto done;
				}
				val = argv[++i];
			}
			if ((rc = set_option(&o, name, val)) != 0)
				goto done;
		}
	}

	if (!cmd) {
		fputs(usage_text, stderr);
		rc = EXIT_USAGE;
		goto done;
	}
	if (strcmp(cmd, "help") == 0) {
		fputs(help_text, stdout);
		goto done;
	}
	if (strcmp(cmd, "version") == 0) {
		printf("wirelab %s\n", WL_VERSION);
		goto done;
	}
	if (strcmp(cmd, "run") == 0) {
		o.mode = CLI_RUN;
		if (nfiles != 1) {
			rc = usage_error("%s", nfiles ? "run takes one scenario file (use check for "
						       "several)" : "run needs a scenario file");
			goto done;
		}
	} else if (strcmp(cmd, "check") == 0) {
		o.mode = CLI_CHECK;
		if (nfiles == 0) {
			rc = usage_error("%s", "check needs at least one scenario file");
			goto done;
		}
	} else {
		rc = usage_error("unknown command \"%s\" (expected run, check or tui)", cmd);
		goto done;
	}

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	for (int i = 0; i < nfiles && !cli_interrupted; i++) {
		int r = cli_run_file(&o, files[i]);
		if (r > rc)
			rc = r;
	}
done:
	free(files);
	return rc;
}
