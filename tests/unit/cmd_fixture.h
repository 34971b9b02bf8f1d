/* cmd_fixture.h — what every command-layer test does to run a line: drop
 * the previous output and run the new line to its end on node n, so the
 * test reads *out and *err (always strings) and the returned status. */
#ifndef WL_CMD_FIXTURE_H
#define WL_CMD_FIXTURE_H

#include <stdlib.h>

#include "cmd/cmd.h"

static inline int cmd_fx_run(struct world *w, struct node *n, const char *line, char **out,
			     char **err)
{
	free(*out);
	free(*err);
	*out = *err = NULL;
	return cmd_run_blocking(w, n, line, out, err);
}

#endif
