/* cmd_fixture.h — what every command-layer test does to run a line: drop
 * the previous output and run the new line to its end on node n, so the
 * test reads *out and *err (always strings) and the returned status. */
#ifndef WL_CMD_FIXTURE_H
#define WL_CMD_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

static inline int cmd_fx_run(struct world *w, struct node *n, const char *line, char **out,
			     char **err)
{
	free(*out);
	free(*err);
	*out = *err = NULL;
	return cmd_run_blocking(w, n, line, out, err);
}

/* A line and what it must print (stdout, stderr: exactly) and return. */
struct cmd_fx_step {
	const char *line, *out, *err;
	int rc;
};

/* Run the steps in order; the first that differs fails the test, showing
 * what was wanted and what came. */
static inline void cmd_fx_steps(struct world *w, struct node *n, char **out, char **err,
				const struct cmd_fx_step *s, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		int rc = cmd_fx_run(w, n, s[i].line, out, err);
		if (rc != s[i].rc || strcmp(*out, s[i].out) != 0 || strcmp(*err, s[i].err) != 0)
			fail_msg("`%s`\n  want %d [%s] [%s]\n  got  %d [%s] [%s]", s[i].line, s[i].rc,
				 s[i].out, s[i].err, rc, *out, *err);
	}
}

#endif
