/* cli_report.c — every line `wirelab` prints about a run.
 *
 * Formats (docs/lua-api.md, "Running scenarios", shows them all):
 *   print() from the scenario   "[  1.000s] text"                 stdout
 *   a process's output line     "[node] line"                     stdout
 *   a check                     "PASS  file:line  message"        stdout
 *                               "FAIL  file:line  message (got X, expected Y)"
 *   the summary                 a block of "  label  value" lines stderr
 * Times are simulated seconds, read from the integer nanoseconds without
 * floating point, so a line never depends on rounding. */
#include "cli/cli.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "lua/lua_api.h"

void cli_fmt_stamp(int64_t t_ns, char *buf, size_t len)
{
	/* millisecond resolution, truncated: [  1.000s] */
	snprintf(buf, len, "[%3" PRId64 ".%03" PRId64 "s] ", t_ns / 1000000000,
		 (t_ns % 1000000000) / 1000000);
}

void cli_fmt_secs(int64_t ns, char *buf, size_t len)
{
	char frac[16];
	snprintf(frac, sizeof frac, "%09" PRId64, ns % 1000000000);
	size_t n = strlen(frac);
	while (n > 3 && frac[n - 1] == '0')
		n--;
	frac[n] = '\0';
	snprintf(buf, len, "%" PRId64 ".%ss", ns / 1000000000, frac);
}

void cli_print_check(FILE *f, const char *prefix, const struct lua_check *c)
{
	fprintf(f, "%s%s  %s  %s", prefix ? prefix : "", c->passed ? "PASS" : "FAIL", c->where,
		c->message);
	if (!c->passed && c->got)
		fprintf(f, " (got %s, expected %s)", c->got, c->expected);
	fputc('\n', f);
}

void cli_print_summary(FILE *f, const struct cli_summary *s)
{
	char t[32];
	cli_fmt_secs(s->sim_ns, t, sizeof t);
	fprintf(f, "wirelab: %s: %s\n", s->path, s->how);
	fprintf(f, "  simulated time  %s\n", t);
	fprintf(f, "  events          %" PRIu64 "\n", s->events);
	fprintf(f, "  frames          %" PRIu64 "\n", s->frames);
	uint64_t total = 0;
	for (int r = 0; r < DROP__COUNT; r++)
		total += s->drops[r];
	fprintf(f, "  drops           %" PRIu64 "\n", total);
	for (int r = 0; r < DROP__COUNT; r++) {
		if (!s->drops[r])
			continue;
		fprintf(f, "    %8" PRIu64 "  %-18s %s\n", s->drops[r],
			drop_reason_word((enum drop_reason)r), drop_reason_text((enum drop_reason)r));
	}
	if (s->passed || s->failed)
		fprintf(f, "  checks          %zu passed, %zu failed\n", s->passed, s->failed);
	if (s->pcap_files < 0 && !s->jsonl) {
		fprintf(f, "  traces          none (--no-pcap --no-log)\n");
	} else {
		fprintf(f, "  traces          ");
		if (s->pcap_files >= 0)
			fprintf(f, "%d pcap file%s", s->pcap_files, s->pcap_files == 1 ? "" : "s");
		if (s->pcap_files >= 0 && s->jsonl)
			fprintf(f, " and ");
		if (s->jsonl)
			fprintf(f, "events.jsonl (%" PRIu64 " records)", s->jsonl_records);
		fprintf(f, " in %s/\n", s->trace_dir);
	}
	fprintf(f, "  wall time       %.3fs\n", s->wall_s);
}
