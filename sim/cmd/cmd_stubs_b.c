/* cmd_stubs_b.c — commands not written yet.  Each moves to its own file
 * (cmd_int.h lists them) as it is implemented; until then it says so. */
#include "cmd/cmd_int.h"

static int not_yet(struct cmd_ctx *c, const char *what)
{
	sb_printf(c->err, "wirelab: %s is not implemented yet\n", what);
	return 1;
}

#define STUB_IP(fn, what) \
	int fn(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv) \
	{ (void)o, (void)argc, (void)argv; return not_yet(c, what); }
#define STUB(fn, what) \
	int fn(struct cmd_ctx *c) { return not_yet(c, what); }

STUB(cmd_route, "route")
STUB(cmd_arp, "arp")
