/* cmd_stubs_c.c — commands not written yet.  Each moves to its own file
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

STUB_IP(ip_netns, "ip netns")
STUB(cmd_sysctl, "sysctl")
STUB(cmd_cat, "cat")
STUB(cmd_echo, "echo")
STUB(cmd_hostname, "hostname")
STUB(cmd_reboot, "reboot")
STUB(cmd_sleep, "sleep")
STUB(cmd_true, "true")
STUB(cmd_false, "false")
STUB(cmd_ping, "ping")
STUB(cmd_traceroute, "traceroute")
