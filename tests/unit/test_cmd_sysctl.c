/* test_cmd_sysctl.c — `sysctl` against procps-ng 4.0.2 on Debian 12.
 *
 * Every expected string was printed by the real sysctl in a fresh network
 * namespace (lo up), stdout and stderr apart, with its exit status.  Where
 * wirelab adds something of its own (the notice for a key it does not
 * model) the test says so; where it cannot give the real answer the case
 * is in test_divergences.  The persistence lesson (sysctl -w is lost at
 * reboot, /etc/sysctl.conf is kept) is test_reboot_*. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	char *out, *err;
};

struct step {
	const char *line, *out, *err;
	int rc;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->n->lo, true);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	free(f->out);
	free(f->err);
	world_free(f->w);
	free(f);
	return 0;
}

static int run(struct fx *f, const char *line)
{
	return cmd_fx_run(f->w, f->n, line, &f->out, &f->err);
}

static void steps(struct fx *f, const struct step *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = run(f, s[i].line);
		if (rc != s[i].rc || strcmp(f->out, s[i].out) != 0 || strcmp(f->err, s[i].err) != 0)
			fail_msg("`%s`\n  want %d [%s] [%s]\n  got  %d [%s] [%s]", s[i].line, s[i].rc,
				 s[i].out, s[i].err, rc, f->out, f->err);
	}
}

#define STEPS(f, table) steps(f, table, sizeof table / sizeof table[0])

static void put_file(struct fx *f, const char *path, const char *text)
{
	assert_int_equal(node_file_write(f->n, path, text, strlen(text), false), 0);
}

/* ---- reading and writing --------------------------------------------------- */

static const struct step rw_steps[] = {
	{ "sysctl net.ipv4.ip_forward", "net.ipv4.ip_forward = 0\n", "", 0 },
	{ "sysctl -n net.ipv4.ip_forward", "0\n", "", 0 },
	{ "sysctl -w net.ipv4.ip_forward=1", "net.ipv4.ip_forward = 1\n", "", 0 },
	{ "sysctl net/ipv4/ip_forward", "net.ipv4.ip_forward = 1\n", "", 0 },
	{ "sysctl -w net/ipv4/ip_forward=0", "net.ipv4.ip_forward = 0\n", "", 0 },
	{ "sysctl -q -w net.ipv4.ip_forward=1", "", "", 0 },
	{ "sysctl -w net.ipv4.ip_forward=1 -q", "", "", 0 },
	/* -q only quiets writes */
	{ "sysctl -q net.ipv4.ip_forward", "net.ipv4.ip_forward = 1\n", "", 0 },
	{ "sysctl -nq net.ipv4.ip_forward", "1\n", "", 0 },
	{ "sysctl -wn net.ipv4.ip_forward=0", "0\n", "", 0 },
	/* a name=value operand writes even without -w */
	{ "sysctl net.ipv4.ip_forward=1", "net.ipv4.ip_forward = 1\n", "", 0 },
	{ "sysctl net.ipv4.ip_forward net.ipv4.ip_default_ttl",
	  "net.ipv4.ip_forward = 1\nnet.ipv4.ip_default_ttl = 64\n", "", 0 },
	{ "sysctl -w net.ipv4.ip_forward=1 net.ipv4.ip_default_ttl=63",
	  "net.ipv4.ip_forward = 1\nnet.ipv4.ip_default_ttl = 63\n", "", 0 },
	{ "sysctl -N net.ipv4.ip_forward", "net.ipv4.ip_forward\n", "", 0 },
	/* procps prints the value for -N when writing */
	{ "sysctl -N -w net.ipv4.ip_forward=1", "1\n", "", 0 },
	{ "sysctl -b net.ipv4.ip_forward", "1", "", 0 },
	{ "sysctl -b -w net.ipv4.ip_forward=1", "1", "", 0 },
	{ "sysctl --dry-run -w net.ipv4.ip_default_ttl=5", "net.ipv4.ip_default_ttl = 5\n", "", 0 },
	{ "sysctl -n net.ipv4.ip_default_ttl", "63\n", "", 0 },
	{ "sysctl -w net.ipv4.ip_default_ttl=64", "net.ipv4.ip_default_ttl = 64\n", "", 0 },
};

static void test_read_write(void **state)
{
	STEPS(*state, rw_steps);
}

/* proc_dointvec() reads the value; sysctl prints it as typed (trimmed). */
static const struct step value_steps[] = {
	{ "sysctl -w net.ipv4.ip_default_ttl=0x1", "net.ipv4.ip_default_ttl = 0x1\n", "", 0 },
	{ "sysctl -n net.ipv4.ip_default_ttl", "1\n", "", 0 },
	{ "sysctl -w 'net.ipv4.ip_default_ttl= 2'", "net.ipv4.ip_default_ttl = 2\n", "", 0 },
	{ "sysctl -w 'net.ipv4.ip_default_ttl=3 '", "net.ipv4.ip_default_ttl = 3\n", "", 0 },
	{ "sysctl -w 'net.ipv4.ip_default_ttl = 4'", "net.ipv4.ip_default_ttl = 4\n", "", 0 },
	{ "sysctl -w 'net.ipv4.ip_default_ttl=1 2'", "net.ipv4.ip_default_ttl = 1 2\n", "", 0 },
	{ "sysctl -n net.ipv4.ip_default_ttl", "1\n", "", 0 },
	{ "sysctl -w net.ipv4.ip_default_ttl=010", "net.ipv4.ip_default_ttl = 010\n", "", 0 },
	{ "sysctl -n net.ipv4.ip_default_ttl", "8\n", "", 0 },
	{ "sysctl -w net.ipv4.ip_default_ttl=08", "",
	  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_default_ttl=-1", "",
	  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_default_ttl=0", "",
	  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_default_ttl=300", "",
	  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_default_ttl=2147483648", "",
	  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_default_ttl=1.5", "",
	  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_forward=abc", "",
	  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_forward=1a", "",
	  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_forward=+1", "",
	  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_forward=99999999999", "",
	  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument\n", 1 },
	{ "sysctl -w net.ipv4.ip_forward=", "",
	  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument\n", 1 },
	{ "sysctl -w 'net.ipv4.ip_default_ttl=  '", "",
	  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n", 1 },
	{ "sysctl -n net.ipv4.ip_default_ttl", "8\n", "", 0 },
};

static void test_values(void **state)
{
	STEPS(*state, value_steps);
}

/* ---- errors ---------------------------------------------------------------- */

static const struct step error_steps[] = {
	{ "sysctl net.ipv4.ip_fowrard", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/ip_fowrard: No such file or directory\n", 1 },
	{ "sysctl -n net.ipv4.ip_fowrard", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/ip_fowrard: No such file or directory\n", 1 },
	{ "sysctl -q net.ipv4.ip_fowrard", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/ip_fowrard: No such file or directory\n", 1 },
	{ "sysctl -w net.ipv4.ip_fowrard=1", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/ip_fowrard: No such file or directory\n", 1 },
	{ "sysctl -q -w net.ipv4.ip_fowrard=1", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/ip_fowrard: No such file or directory\n", 1 },
	{ "sysctl -e net.ipv4.ip_fowrard", "", "", 0 },
	{ "sysctl -w net.ipv4.ip_forward=1 -e net.x.y=1", "net.ipv4.ip_forward = 1\n", "", 0 },
	{ "sysctl net.ipv4.ip_fowrard net.ipv4.ip_forward", "net.ipv4.ip_forward = 1\n",
	  "sysctl: cannot stat /proc/sys/net/ipv4/ip_fowrard: No such file or directory\n", 1 },
	{ "sysctl -w net.ipv4.ip_forward=1 net.ipv4.ip_fowrard=1 net.ipv4.ip_default_ttl=64",
	  "net.ipv4.ip_forward = 1\nnet.ipv4.ip_default_ttl = 64\n",
	  "sysctl: cannot stat /proc/sys/net/ipv4/ip_fowrard: No such file or directory\n", 1 },
	/* a directory is not a key */
	{ "sysctl net.ipv4.neigh.default", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/neigh/default: No such file or directory\n", 1 },
	{ "sysctl -w net.ipv4.neigh.default=1", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/neigh/default: No such file or directory\n", 1 },
	{ "sysctl -w net.ipv4.ip_forward", "",
	  "sysctl: command line(0): invalid syntax, continuing...\n", 1 },
	{ "sysctl -w net.ipv4.ip_forward=1 net.ipv4.ip_forward", "net.ipv4.ip_forward = 1\n",
	  "sysctl: command line(0): invalid syntax, continuing...\n", 1 },
	{ "sysctl -w =1", "", "sysctl: Path is not under /proc/sys/: /proc/sys/\n", 1 },
	{ "sysctl ''", "", "sysctl: \"\" is an unknown key\n", 255 },
	{ "sysctl -e ''", "", "sysctl: \"\" is an unknown key\n", 255 },
	{ "sysctl -w", "",
	  "sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1 },
	{ "sysctl -n", "",
	  "sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1 },
	{ "sysctl -x", "",
	  "sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1 },
	{ "sysctl -r x", "",
	  "sysctl: no variables specified\nTry `sysctl --help' for more information.\n", 1 },
	{ "sysctl -V", "sysctl from procps-ng 4.0.2\n", "", 0 },
};

static void test_errors(void **state)
{
	STEPS(*state, error_steps);
}

#define USAGE \
	"\n" \
	"Usage:\n" \
	" sysctl [options] [variable[=value] ...]\n" \
	"\n" \
	"Options:\n" \
	"  -a, --all            display all variables\n" \
	"  -A                   alias of -a\n" \
	"  -X                   alias of -a\n" \
	"      --deprecated     include deprecated parameters to listing\n" \
	"      --dry-run        Print the key and values but do not write\n" \
	"  -b, --binary         print value without new line\n" \
	"  -e, --ignore         ignore unknown variables errors\n" \
	"  -N, --names          print variable names without values\n" \
	"  -n, --values         print only values of the given variable(s)\n" \
	"  -p, --load[=<file>]  read values from file\n" \
	"  -f                   alias of -p\n" \
	"      --system         read values from all system directories\n" \
	"  -r, --pattern <expression>\n" \
	"                       select setting that match expression\n" \
	"  -q, --quiet          do not echo variable set\n" \
	"  -w, --write          enable writing a value to variable\n" \
	"  -o                   does nothing\n" \
	"  -x                   does nothing\n" \
	"  -d                   alias of -h\n" \
	"\n" \
	" -h, --help     display this help and exit\n" \
	" -V, --version  output version information and exit\n" \
	"\n" \
	"For more details see sysctl(8).\n"

static const struct step usage_steps[] = {
	/* no arguments at all: the help, on stderr, status 1 */
	{ "sysctl", "", USAGE, 1 },
	{ "sysctl -h", USAGE, "", 0 },
	{ "sysctl --help", USAGE, "", 0 },
	/* procps 4.0.2 prints the help on stdout and exits 0 for a bad option */
	{ "sysctl -Z", USAGE, "sysctl: invalid option -- 'Z'\n", 0 },
	{ "sysctl --bogus", USAGE, "sysctl: unrecognized option '--bogus'\n", 0 },
	{ "sysctl -r", USAGE, "sysctl: option requires an argument -- 'r'\n", 0 },
};

static void test_usage(void **state)
{
	STEPS(*state, usage_steps);
}

/* ---- keys Linux has and wirelab does not model ------------------------------- */

static const struct step linux_steps[] = {
	/* stdout as on Linux; the notice on stderr is wirelab's */
	{ "sysctl -w net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.all.disable_ipv6 = 1\n",
	  "wirelab: net.ipv6.conf.all.disable_ipv6: not modelled, ignored\n", 0 },
	{ "sysctl -q -w net.ipv6.conf.all.disable_ipv6=1", "",
	  "wirelab: net.ipv6.conf.all.disable_ipv6: not modelled, ignored\n", 0 },
	{ "sysctl net.ipv6.conf.all.disable_ipv6", "net.ipv6.conf.all.disable_ipv6 = 0\n",
	  "wirelab: net.ipv6.conf.all.disable_ipv6: not modelled, showing Linux's default\n", 0 },
	{ "sysctl -w net.ipv4.tcp_syncookies=1", "net.ipv4.tcp_syncookies = 1\n",
	  "wirelab: net.ipv4.tcp_syncookies: not modelled, ignored\n", 0 },
	{ "sysctl net.ipv4.tcp_sycookies", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/tcp_sycookies: No such file or directory\n", 1 },
	/* modelled since netfilter (br_netfilter; 0 until set, see net/sysctl.h) */
	{ "sysctl -w net.bridge.bridge-nf-call-iptables=1", "net.bridge.bridge-nf-call-iptables = 1\n",
	  "", 0 },
	{ "sysctl -w net.core.somaxconn=1024", "net.core.somaxconn = 1024\n",
	  "wirelab: net.core.somaxconn: not modelled, ignored\n", 0 },
	{ "sysctl -w vm.swappiness=10", "vm.swappiness = 10\n",
	  "wirelab: vm.swappiness: not modelled, ignored\n", 0 },
	{ "sysctl kernel.pid_max", "", "wirelab: kernel.pid_max: not modelled\n", 0 },
	/* per device: a device the node has, all, default */
	{ "sysctl net.ipv4.conf.lo.rp_filter", "net.ipv4.conf.lo.rp_filter = 0\n",
	  "wirelab: net.ipv4.conf.lo.rp_filter: not modelled, showing Linux's default\n", 0 },
	{ "sysctl net.ipv4.conf.eth9.rp_filter", "",
	  "sysctl: cannot stat /proc/sys/net/ipv4/conf/eth9/rp_filter: No such file or directory\n", 1 },
	{ "sysctl net.ipv4.neigh.lo.retrans_time_ms net.ipv4.neigh.eth9.retrans_time_ms",
	  "net.ipv4.neigh.lo.retrans_time_ms = 1000\n",
	  "sysctl: cannot stat /proc/sys/net/ipv4/neigh/eth9/retrans_time_ms: No such file or "
	  "directory\n", 1 },
	/* conf.all.forwarding is ip_forward, and every device follows it */
	{ "sysctl net.ipv4.conf.lo.forwarding net.ipv4.conf.all.forwarding",
	  "net.ipv4.conf.lo.forwarding = 0\nnet.ipv4.conf.all.forwarding = 0\n", "", 0 },
	{ "sysctl -w net.ipv4.conf.all.forwarding=1", "net.ipv4.conf.all.forwarding = 1\n", "", 0 },
	{ "sysctl net.ipv4.ip_forward net.ipv4.conf.lo.forwarding net.ipv4.conf.default.forwarding",
	  "net.ipv4.ip_forward = 1\nnet.ipv4.conf.lo.forwarding = 1\n"
	  "net.ipv4.conf.default.forwarding = 1\n", "", 0 },
	{ "sysctl -w net.ipv4.conf.lo.forwarding=0", "net.ipv4.conf.lo.forwarding = 0\n",
	  "wirelab: net.ipv4.conf.lo.forwarding: not modelled per device (net.ipv4.ip_forward is), "
	  "ignored\n", 0 },
	{ "sysctl kernel.hostname", "kernel.hostname = h\n", "", 0 },
	{ "sysctl -w kernel.hostname=box", "kernel.hostname = box\n", "", 0 },
	{ "hostname", "box\n", "", 0 },
};

static void test_linux_keys(void **state)
{
	STEPS(*state, linux_steps);
}

/* ---- -a ------------------------------------------------------------------ */

static const struct step all_steps[] = {
	{ "sysctl -a",
	  "kernel.hostname = h\n"
	  "net.bridge.bridge-nf-call-iptables = 0\n"
	  "net.ipv4.conf.all.forwarding = 0\n"
	  "net.ipv4.icmp_echo_ignore_all = 0\n"
	  "net.ipv4.icmp_echo_ignore_broadcasts = 1\n"
	  "net.ipv4.icmp_ratelimit = 1000\n"
	  "net.ipv4.icmp_ratemask = 6168\n"
	  "net.ipv4.ip_default_ttl = 64\n"
	  "net.ipv4.ip_forward = 0\n"
	  "net.ipv4.neigh.default.app_solicit = 0\n"
	  "net.ipv4.neigh.default.base_reachable_time_ms = 30000\n"
	  "net.ipv4.neigh.default.delay_first_probe_time = 5\n"
	  "net.ipv4.neigh.default.gc_stale_time = 60\n"
	  "net.ipv4.neigh.default.mcast_solicit = 3\n"
	  "net.ipv4.neigh.default.retrans_time_ms = 1000\n"
	  "net.ipv4.neigh.default.ucast_solicit = 3\n"
	  "net.ipv4.neigh.default.unres_qlen = 101\n"
	  "net.netfilter.nf_conntrack_icmp_timeout = 30\n"
	  "net.netfilter.nf_conntrack_tcp_timeout_close = 10\n"
	  "net.netfilter.nf_conntrack_tcp_timeout_close_wait = 60\n"
	  "net.netfilter.nf_conntrack_tcp_timeout_established = 432000\n"
	  "net.netfilter.nf_conntrack_tcp_timeout_fin_wait = 120\n"
	  "net.netfilter.nf_conntrack_tcp_timeout_last_ack = 30\n"
	  "net.netfilter.nf_conntrack_tcp_timeout_syn_recv = 60\n"
	  "net.netfilter.nf_conntrack_tcp_timeout_syn_sent = 120\n"
	  "net.netfilter.nf_conntrack_tcp_timeout_time_wait = 120\n"
	  "net.netfilter.nf_conntrack_udp_timeout = 30\n"
	  "net.netfilter.nf_conntrack_udp_timeout_stream = 120\n", "", 0 },
	/* these two lines are what the real `sysctl -a -r` prints among its keys */
	{ "sysctl -a -N -r '^net.ipv4.ip_f'", "net.ipv4.ip_forward\n", "", 0 },
	{ "sysctl -n -a -r '^net.ipv4.ip_forward$'", "0\n", "", 0 },
	{ "sysctl -A -r ttl", "net.ipv4.ip_default_ttl = 64\n", "", 0 },
};

static void test_all(void **state)
{
	STEPS(*state, all_steps);
}

/* ---- -p and --system ----------------------------------------------------------- */

static void test_load_file(void **state)
{
	struct fx *f = *state;
	put_file(f, "/tmp/wlc.conf",
		 "net.ipv4.ip_forward=1\n"
		 "# c\n"
		 "; c2\n"
		 "\n"
		 "net.ipv4.ip_default_ttl = 63\n"
		 "  net.ipv4.icmp_echo_ignore_all=0  \n"
		 "net.ipv4.ip_fowrard=1\n"
		 "-net.ipv4.nosuch=1\n"
		 "badline\n"
		 "net.ipv4.ip_default_ttl=abc\n"
		 "net.ipv6.conf.all.disable_ipv6=1\n");
	static const char out[] = "net.ipv4.ip_forward = 1\n"
				  "net.ipv4.ip_default_ttl = 63\n"
				  "net.ipv4.icmp_echo_ignore_all = 0\n"
				  "net.ipv6.conf.all.disable_ipv6 = 1\n";
	/* The real stderr, and wirelab's notice for the IPv6 key last. */
	static const char err[] =
		"sysctl: /tmp/wlc.conf(9): invalid syntax, continuing...\n"
		"sysctl: cannot stat /proc/sys/net/ipv4/ip_fowrard: No such file or directory\n"
		"sysctl: cannot stat /proc/sys/net/ipv4/nosuch: No such file or directory\n"
		"sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n"
		"wirelab: net.ipv6.conf.all.disable_ipv6: not modelled, ignored\n";
	const struct step s[] = {
		{ "sysctl -p /tmp/wlc.conf", out, err, 1 },
		{ "sysctl -p/tmp/wlc.conf", out, err, 1 },
		{ "sysctl --load=/tmp/wlc.conf", out, err, 1 },
		{ "sysctl -q -p /tmp/wlc.conf", "", err, 1 },
		{ "sysctl -e -p /tmp/wlc.conf", out,
		  "sysctl: /tmp/wlc.conf(9): invalid syntax, continuing...\n"
		  "sysctl: setting key \"net.ipv4.ip_default_ttl\": Invalid argument\n"
		  "wirelab: net.ipv6.conf.all.disable_ipv6: not modelled, ignored\n", 1 },
		{ "sysctl -p /tmp/nonexist.conf", "",
		  "sysctl: cannot open \"/tmp/nonexist.conf\": No such file or directory\n", 1 },
		/* files are every operand once -p is given, -w or not */
		{ "sysctl -p /tmp/wlc6.conf -w net.ipv4.ip_forward=0", "net.ipv4.ip_forward = 1\n",
		  "sysctl: /tmp/wlc6.conf(1): invalid syntax, continuing...\n"
		  "sysctl: cannot open \"net.ipv4.ip_forward=0\": No such file or directory\n", 1 },
		/* a syntax warning alone does not fail */
		{ "sysctl -p /tmp/wlc6.conf", "net.ipv4.ip_forward = 1\n",
		  "sysctl: /tmp/wlc6.conf(1): invalid syntax, continuing...\n", 0 },
		{ "sysctl -p /tmp/wlc3.conf", "net.ipv4.ip_forward = 1 # comment\nnet.ipv4.ip_forward = 0\n",
		  "sysctl: cannot stat /proc/sys/net/ipv4 / ip_forward: No such file or directory\n"
		  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument\n"
		  "sysctl: Path is not under /proc/sys/: /proc/sys/\n"
		  "sysctl: setting key \"net.ipv4.ip_forward\": Invalid argument\n", 1 },
		{ "sysctl -p /tmp/wlc4.conf", "net.ipv4.ip_forward = 1\n", "", 0 },
		{ "sysctl -p /tmp/wlc5.conf", "", "", 0 },
		/* the default file is /etc/sysctl.conf: comments only on a host */
		{ "sysctl -p", "", "", 0 },
		{ "sysctl --load", "", "", 0 },
	};
	put_file(f, "/tmp/wlc6.conf", "badline\nnet.ipv4.ip_forward=1\n");
	put_file(f, "/tmp/wlc3.conf", "net.ipv4.ip_forward = 1 # comment\nnet.ipv4.ip_forward\t=\t0\n"
				      " net.ipv4 . ip_forward=1\nnet.ipv4.ip_forward==1\n=1\n"
				      "net.ipv4.ip_forward=\n");
	put_file(f, "/tmp/wlc4.conf", "net.ipv4.ip_forward=1");
	put_file(f, "/tmp/wlc5.conf", "");
	STEPS(f, s);
}

static void test_system(void **state)
{
	struct fx *f = *state;
	put_file(f, "/etc/sysctl.d/99-forward.conf", "net.ipv4.ip_forward = 1\n");
	put_file(f, "/etc/sysctl.d/10-ttl.conf", "net.ipv4.ip_default_ttl = 65\n");
	const struct step s[] = {
		{ "sysctl --system",
		  "* Applying /etc/sysctl.d/10-ttl.conf ...\n"
		  "net.ipv4.ip_default_ttl = 65\n"
		  "* Applying /etc/sysctl.d/99-forward.conf ...\n"
		  "net.ipv4.ip_forward = 1\n"
		  "* Applying /etc/sysctl.conf ...\n", "", 0 },
	};
	STEPS(f, s);
}

/* ---- persistence: the curriculum's lesson ------------------------------------ */

static void test_reboot_loses_sysctl_w(void **state)
{
	struct fx *f = *state;
	const struct step s[] = {
		{ "sysctl -w net.ipv4.ip_forward=1", "net.ipv4.ip_forward = 1\n", "", 0 },
		{ "cat /proc/sys/net/ipv4/ip_forward", "1\n", "", 0 },
		{ "reboot", "", "", 0 },
		{ "sysctl net.ipv4.ip_forward", "net.ipv4.ip_forward = 0\n", "", 0 },
		{ "echo 1 > /proc/sys/net/ipv4/ip_forward", "", "", 0 },
		{ "sysctl net.ipv4.ip_forward", "net.ipv4.ip_forward = 1\n", "", 0 },
		{ "reboot", "", "", 0 },
		{ "cat /proc/sys/net/ipv4/ip_forward", "0\n", "", 0 },
	};
	STEPS(f, s);
}

static void test_reboot_keeps_sysctl_conf(void **state)
{
	struct fx *f = *state;
	const struct step s[] = {
		{ "echo net.ipv4.ip_forward=1 >> /etc/sysctl.conf", "", "", 0 },
		/* the file alone changes nothing until it is applied */
		{ "sysctl net.ipv4.ip_forward", "net.ipv4.ip_forward = 0\n", "", 0 },
		{ "sysctl -p", "net.ipv4.ip_forward = 1\n", "", 0 },
		{ "sysctl -w net.ipv4.ip_default_ttl=32", "net.ipv4.ip_default_ttl = 32\n", "", 0 },
		{ "reboot", "", "", 0 },
		{ "sysctl net.ipv4.ip_forward net.ipv4.ip_default_ttl",
		  "net.ipv4.ip_forward = 1\nnet.ipv4.ip_default_ttl = 64\n", "", 0 },
		{ "cat /etc/sysctl.conf",
		  "# /etc/sysctl.conf - read at boot (and by `sysctl -p`)\n"
		  "#net.ipv4.ip_forward=1\n"
		  "net.ipv4.ip_forward=1\n", "", 0 },
	};
	STEPS(f, s);
}

/* ---- namespaces ---------------------------------------------------------------- */

static void test_namespace_has_its_own(void **state)
{
	struct fx *f = *state;
	const struct step s[] = {
		{ "ip netns add ns1", "", "", 0 },
		{ "ip netns exec ns1 sysctl -w net.ipv4.ip_forward=1", "net.ipv4.ip_forward = 1\n", "", 0 },
		{ "ip netns exec ns1 sysctl -n net.ipv4.ip_forward", "1\n", "", 0 },
		{ "sysctl -n net.ipv4.ip_forward", "0\n", "", 0 },
		/* a namespace has no devices but lo: eth0's keys are not there */
		{ "ip netns exec ns1 sysctl net.ipv4.conf.eth0.rp_filter", "",
		  "sysctl: cannot stat /proc/sys/net/ipv4/conf/eth0/rp_filter: No such file or "
		  "directory\n", 1 },
		/* /etc/netns/ns1/sysctl.conf stands in for /etc/sysctl.conf there */
		{ "echo net.ipv4.ip_default_ttl=99 > /etc/netns/ns1/sysctl.conf", "", "", 0 },
		{ "ip netns exec ns1 sysctl -p", "net.ipv4.ip_default_ttl = 99\n", "", 0 },
		{ "sysctl -n net.ipv4.ip_default_ttl", "64\n", "", 0 },
	};
	STEPS(f, s);
}

/* ---- what wirelab cannot do as Linux does ------------------------------------- */

static void test_divergences(void **state)
{
	struct fx *f = *state;
	/* As on Linux, ip_forward is a plain int: any value, non-zero forwards. */
	assert_int_equal(run(f, "sysctl -w net.ipv4.ip_forward=5"), 0);
	assert_string_equal(f->out, "net.ipv4.ip_forward = 5\n");
	assert_int_equal(run(f, "sysctl -w net.ipv4.ip_forward=0"), 0);
	/* Linux: glob patterns in sysctl.conf (net.ipv4.conf.*.rp_filter)
	 * set every matching key; wirelab reads the line as one name. */
	put_file(f, "/tmp/glob.conf", "net.ipv4.conf.*.rp_filter = 1\n");
	assert_int_equal(run(f, "sysctl -p /tmp/glob.conf"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_read_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_linux_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_loses_sysctl_w, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reboot_keeps_sysctl_conf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_namespace_has_its_own, setup, teardown),
		cmocka_unit_test_setup_teardown(test_divergences, setup, teardown),
	};
	return cmocka_run_group_tests_name("cmd_sysctl", tests, NULL, NULL);
}
