/* cli.h — the `wirelab` command: what its files share.
 *
 *   main.c        arguments, commands, --help, --version
 *   cli_run.c     one scenario: world, traces, Lua, the event loop, exit code
 *   cli_report.c  what is printed: timeline lines, checks, the summary
 *   cli_hot.c     which node sent most frames, and what (for --max-events)
 *   cli_outdir.c  the trace folder: created, stale traces removed
 *   cli_tui.c     `wirelab tui`: the terminal live view (sim/tui/)
 *
 * Exit codes (the same in --help and docs/lua-api.md):
 *   0  ok
 *   1  a check failed
 *   2  usage error, or a scenario error (Lua syntax or runtime error)
 *   3  a limit stopped the run: --max-events, --max-memory, --max-instructions
 */
#ifndef WL_CLI_H
#define WL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/trace.h"

struct world;

enum {
	EXIT_OK = 0,
	EXIT_CHECKS = 1,
	EXIT_USAGE = 2,
	EXIT_LIMIT = 3,
	EXIT_INTERRUPTED = 130,
};

enum cli_mode { CLI_RUN, CLI_CHECK };

struct cli_opts {
	enum cli_mode mode;
	uint64_t seed;                  /* --seed, default 1 */
	int64_t until_ns;               /* --until, -1 = none */
	uint64_t max_events;            /* --max-events, 0 = none */
	const char *out_dir;            /* --out, default "pcap-out" */
	bool quiet, no_pcap, no_log, progress;
	size_t max_memory_bytes;        /* --max-memory (MiB on the command line), 0 = default */
	uint64_t max_instructions;      /* --max-instructions, 0 = default */
};

/* Run one scenario file as opts say; prints as the mode wants and returns
 * the exit code for this file. */
int cli_run_file(const struct cli_opts *o, const char *path);

/* Set by SIGINT/SIGTERM; the run stops at the next slice of events. */
extern volatile int cli_interrupted;

/* ---- cli_tui.c ---- */

/* `wirelab tui ...`: argv[0] is "tui". Returns the exit code. */
int cli_tui_main(int argc, char **argv);

/* ---- cli_outdir.c ---- */

/* "<out>/<basename of path without its extension>" into buf. */
void cli_trace_dir(const char *out, const char *path, char *buf, size_t len);
/* mkdir -p dir, then remove *.pcap and events.jsonl in it (only those).
 * 0, or -1 with a message in err. */
int cli_prepare_dir(const char *dir, char *err, size_t errlen);

/* ---- cli_hot.c ---- */

struct cli_hot;
struct cli_hot *cli_hot_new(struct world *w);
/* One sentence: "most frames were sent by sw1 (83%): broadcast flooding
 * (ARP request) — a switching loop?", or "no frames were sent". */
void cli_hot_describe(const struct cli_hot *h, char *buf, size_t len);
void cli_hot_free(struct cli_hot *h);

/* ---- cli_report.c ---- */

/* "[  1.000s] " */
void cli_fmt_stamp(int64_t t_ns, char *buf, size_t len);
/* Seconds with at least 3 decimals and no trailing zeros beyond: "4.003s",
 * "0.000001s". */
void cli_fmt_secs(int64_t ns, char *buf, size_t len);

struct lua_check;
/* "PASS  file:line  message" or "FAIL  file:line  message (got X, expected Y)" */
void cli_print_check(FILE *f, const char *prefix, const struct lua_check *c);

struct cli_summary {
	const char *path;
	const char *how;                /* "finished", "stopped at --until 10s", ... */
	int64_t sim_ns;
	uint64_t events, frames;
	const uint64_t *drops;          /* [DROP__COUNT] */
	size_t passed, failed;
	int pcap_files;                 /* -1: pcap off */
	bool jsonl;
	uint64_t jsonl_records;
	const char *trace_dir;
	double wall_s;
};
void cli_print_summary(FILE *f, const struct cli_summary *s);

#endif
