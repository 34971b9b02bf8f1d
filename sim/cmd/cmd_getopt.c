/* cmd_getopt.c — getopt(3)'s walk over short options, for the commands
 * whose real tools read theirs with it (ping: glibc getopt; host: BIND's
 * isc_commandline_parse, which reads them the same way).  Each command
 * keeps its own words for the errors, which differ between the two. */
#include <string.h>

#include "cmd/cmd_int.h"

int cmd_getopt_next(const struct cmd_ctx *c, struct cmd_getopt *g)
{
	g->arg = NULL;
	if (g->k == 0 || c->argv[g->i][g->k] == '\0') {
		/* The next word: an operand (anywhere, as glibc permutes),
		 * "--" (everything after it is an operand), or options. */
		g->k = 0;
		while (g->k == 0) {
			if (++g->i >= c->argc) {
				g->i = c->argc;
				return CMD_GETOPT_END;
			}
			char *a = c->argv[g->i];
			if (g->only_operands || a[0] != '-' || a[1] == '\0') {
				g->arg = a;
				return CMD_GETOPT_OPERAND;
			}
			if (strcmp(a, "--") == 0)
				g->only_operands = true;
			else
				g->k = 1;
		}
	}
	char *a = c->argv[g->i];
	char ch = a[g->k++];
	g->opt = ch;
	const char *spec = ch != ':' ? strchr(g->optstring, ch) : NULL;
	if (!spec)
		return CMD_GETOPT_UNKNOWN;
	if (spec[1] == ':') {
		/* -c3 or -c 3: the argument takes the rest of the word, or
		 * the next one. */
		if (a[g->k])
			g->arg = a + g->k;
		else if (g->i + 1 < c->argc)
			g->arg = c->argv[++g->i];
		else
			return CMD_GETOPT_MISSING;
		g->k = 0;
	}
	return (unsigned char)ch;
}
