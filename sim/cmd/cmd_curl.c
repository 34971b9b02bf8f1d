#include "cmd/cmd_int.h"

static int not_yet(struct cmd_ctx *c)
{
	sb_printf(c->err, "%s: not implemented yet\n", c->argv[0]);
	return 1;
}
int cmd_curl(struct cmd_ctx *c) { return not_yet(c); }
