/* cmd_ping.c — `ping` (iputils 20221126) and `traceroute` (traceroute
 * 2.1.2), as Debian 12 has them.
 *
 * Both parse their command line exactly as the real programs do — ping
 * with getopt(3) ("-c3", "-c 3", options after the host), traceroute with
 * its CLIF library ("-m5", "--max-hops=5", errors naming the argument's
 * position) — and word their errors the same way, with the same exit
 * status.  Then they start a foreground process (proc/ping.h,
 * proc/traceroute.h) and the line waits for it.
 *
 * A host is an address in any form inet_aton() reads ("10.0.2.10", and
 * also "10.0.2", "0x0a00020a"), taken at once; or a name, which the
 * process resolves with getaddrinfo() as the real tools do
 * (proc/resolver.h: nsswitch, /etc/hosts, DNS with resolv.conf), taking
 * the simulated time the queries take.  ping then shows the canonical
 * name; a failure is "ping: NAME: Name or service not known" (or
 * "Temporary failure in name resolution"), exit 2.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/route.h"
#include "net/stack.h"
#include "proc/ping.h"
#include "proc/proc.h"
#include "proc/traceroute.h"
#include "util/units.h"

/* ---- shared ---------------------------------------------------------------- */

/* strtod()'s reading of a decimal number at the start of s, scaled by
 * `scale` and truncated toward zero, as (int)(strtod(s) * scale) would be:
 * optional blanks and sign, digits, a fraction.  *end is where it stopped
 * (s when there was no number).  The value saturates far beyond any limit
 * the callers check. */
static int64_t decimal_prefix(const char *s, int64_t scale, const char **end)
{
	const char *p = s;
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	bool neg = false;
	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	int64_t whole = 0, frac = 0, frac_scale = 1;
	bool any = false;
	while (*p >= '0' && *p <= '9') {
		if (whole < INT64_MAX / 100)
			whole = whole * 10 + (*p - '0');
		p++;
		any = true;
	}
	if (*p == '.') {
		const char *q = p + 1;
		while (*q >= '0' && *q <= '9') {
			if (frac_scale < scale) {
				frac = frac * 10 + (*q - '0');
				frac_scale *= 10;
			}
			q++;
			any = true;
		}
		if (any)
			p = q;
	}
	if (!any) {
		*end = s;
		return 0;
	}
	*end = p;
	int64_t v = whole < INT64_MAX / scale ? whole * scale + frac * (scale / frac_scale) : INT64_MAX;
	return neg ? -v : v;
}

/* ---- ping ------------------------------------------------------------------ */

static const char ping_usage_text[] =
	"\n"
	"Usage\n"
	"  ping [options] <destination>\n"
	"\n"
	"Options:\n"
	"  <destination>      dns name or ip address\n"
	"  -a                 use audible ping\n"
	"  -A                 use adaptive ping\n"
	"  -B                 sticky source address\n"
	"  -c <count>         stop after <count> replies\n"
	"  -C                 call connect() syscall on socket creation\n"
	"  -D                 print timestamps\n"
	"  -d                 use SO_DEBUG socket option\n"
	"  -e <identifier>    define identifier for ping session, default is random for\n"
	"                     SOCK_RAW and kernel defined for SOCK_DGRAM\n"
	"                     Imply using SOCK_RAW (for IPv4 only for identifier 0)\n"
	"  -f                 flood ping\n"
	"  -h                 print help and exit\n"
	"  -I <interface>     either interface name or address\n"
	"  -i <interval>      seconds between sending each packet\n"
	"  -L                 suppress loopback of multicast packets\n"
	"  -l <preload>       send <preload> number of packages while waiting replies\n"
	"  -m <mark>          tag the packets going out\n"
	"  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>\n"
	"  -n                 no dns name resolution\n"
	"  -O                 report outstanding replies\n"
	"  -p <pattern>       contents of padding byte\n"
	"  -q                 quiet output\n"
	"  -Q <tclass>        use quality of service <tclass> bits\n"
	"  -s <size>          use <size> as number of data bytes to be sent\n"
	"  -S <size>          use <size> as SO_SNDBUF socket option value\n"
	"  -t <ttl>           define time to live\n"
	"  -U                 print user-to-user latency\n"
	"  -v                 verbose output\n"
	"  -V                 print version and exit\n"
	"  -w <deadline>      reply wait <deadline> in seconds\n"
	"  -W <timeout>       time to wait for response\n"
	"\n"
	"IPv4 options:\n"
	"  -4                 use IPv4\n"
	"  -b                 allow pinging broadcast\n"
	"  -R                 record route\n"
	"  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>\n"
	"\n"
	"IPv6 options:\n"
	"  -6                 use IPv6\n"
	"  -F <flowlabel>     define flow label, default is random\n"
	"  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument\n"
	"\n"
	"For more details see ping(8).\n";

static int ping_usage(struct cmd_ctx *c)
{
	sb_puts(c->err, ping_usage_text);
	return 2;
}

/* iputils' strtol_or_err(): a decimal long within [min, max], else exit 1
 * with "invalid argument: 'x'" and why. */
static bool ping_long(struct cmd_ctx *c, const char *s, long min, long max, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno == ERANGE) {
		sb_printf(c->err, "ping: invalid argument: '%s': Numerical result out of range\n", s);
		return false;
	}
	if (end == s || *end) {
		sb_printf(c->err, "ping: invalid argument: '%s'\n", s);
		return false;
	}
	if (v < min || v > max) {
		sb_printf(c->err, "ping: invalid argument: '%s': out of range: %ld <= value <= %ld\n", s,
			  min, max);
		return false;
	}
	*out = v;
	return true;
}

/* iputils 20221126's ping_strtod() for -i and -W: a number in seconds,
 * returned in milliseconds; trailing garbage is only warned about. */
static int64_t ping_seconds_ms(struct cmd_ctx *c, const char *s)
{
	const char *end;
	int64_t ms = decimal_prefix(s, 1000, &end);
	if (*end) {
		sb_printf(c->err, "ping: option argument contains garbage: %s\n", end);
		sb_puts(c->err, "ping: this will become fatal error in the future\n");
	}
	return ms;
}

int cmd_ping(struct cmd_ctx *c)
{
	/* getopt(3) with iputils' option string; the letters wirelab models
	 * are handled, the others are real options it says it lacks. */
	static const char optstring[] = "h?4bRT:6F:N:aABc:CdDe:fi:I:l:Lm:M:nOp:qQ:rs:S:t:UvVw:W:";
	struct ping_opts o;
	ping_opts_default(&o);
	long ttl = -1;
	bool broadcast = false, ipv4_only = false;
	char *hosts[16];
	int n_hosts = 0;
	struct cmd_getopt g = { .optstring = optstring };
	int ch;
	while ((ch = cmd_getopt_next(c, &g)) != CMD_GETOPT_END) {
		if (ch == CMD_GETOPT_OPERAND) {
			if (n_hosts < 16)
				hosts[n_hosts++] = g.arg;
			continue;
		}
		if (ch == CMD_GETOPT_UNKNOWN) {
			sb_printf(c->err, "ping: invalid option -- '%c'\n", g.opt);
			return ping_usage(c);
		}
		if (ch == CMD_GETOPT_MISSING) {
			sb_printf(c->err, "ping: option requires an argument -- '%c'\n", g.opt);
			return ping_usage(c);
		}
		const char *arg = g.arg;
		long v;
		int64_t ms;
		switch (ch) {
		case 'c':
			if (!ping_long(c, arg, 1, LONG_MAX, &v))
				return 1;
			o.count = v;
			break;
		case 'i':
			ms = ping_seconds_ms(c, arg);
			if (ms > (int64_t)(INT_MAX / 1000) * 1000 + 999) {
				sb_printf(c->err, "ping: bad timing interval: %s\n", arg);
				return 2;
			}
			/* Root may ping as fast as it likes; 0 means "at once"
			 * (the engine takes the smallest interval it can). */
			o.interval_ns = ms > 0 ? ms * NS_PER_MS : 1;
			break;
		case 'W':
			ms = ping_seconds_ms(c, arg);
			if (ms < 0 || ms > (int64_t)(INT_MAX / 1000) * 1000 + 999) {
				sb_printf(c->err, "ping: bad linger time: %s\n", arg);
				return 2;
			}
			o.timeout_ns = ms * NS_PER_MS;
			break;
		case 'w':
			if (!ping_long(c, arg, 0, INT_MAX, &v))
				return 1;
			o.deadline_ns = (int64_t)v * NS_PER_S;
			break;
		case 't':
			if (!ping_long(c, arg, 0, 255, &v))
				return 1;
			ttl = v;
			break;
		case 's':
			if (!ping_long(c, arg, 0, INT_MAX, &v))
				return 1;
			o.size = (int)v;
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'b':
			broadcast = true;
			break;
		case 'n':
			o.numeric = 1;
			break;
		case '4':
			ipv4_only = true;
			break;
		case 'V':
			sb_puts(c->out, "ping from iputils 20221126\n"
					"libcap: yes, IDN: yes, NLS: no, error.h: yes, getrandom(): yes, "
					"__fpending(): yes\n");
			return 0;
		case 'h':
		case '?':
			return ping_usage(c);
		case '6':
			sb_puts(c->err, "wirelab: ping -6: IPv6 is not modelled\n");
			return 2;
		default:
			sb_printf(c->err, "wirelab: ping -%c is not supported (wirelab's ping has "
					  "-c -i -W -w -t -s -q -n)\n", ch);
			return 2;
		}
	}
	if (n_hosts == 0) {
		sb_puts(c->err, "ping: usage error: Destination address required\n");
		return 1;
	}
	if (n_hosts > 1) {
		/* Several hosts make a source route (IP options). */
		sb_puts(c->err, "wirelab: ping: source routes (several hosts) are not modelled\n");
		return 2;
	}
	if (!inet_aton_host(hosts[0], &o.dst)) {
		/* A name: the process resolves it first (simulated time). */
		c->proc = ping_start_name(c->node, &o, hosts[0], ipv4_only, broadcast, ttl);
		return 0;
	}
	o.dst_text = hosts[0];
	char msg[160];
	int rc = ping_precheck(c->node, o.dst, broadcast, ttl, msg, sizeof msg);
	if (rc) {
		sb_puts(c->err, msg);
		return rc;
	}
	if (ttl > 0)
		o.ttl = (int)ttl;
	c->proc = ping_start(c->node, &o);
	return 0;
}

/* ---- traceroute ------------------------------------------------------------ */

static const char tr_usage_text[] =
	"Usage:\n"
	"  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]\n"
	"Options:\n"
	"  -4                          Use IPv4\n"
	"  -6                          Use IPv6\n"
	"  -d  --debug                 Enable socket level debugging\n"
	"  -F  --dont-fragment         Do not fragment packets\n"
	"  -f first_ttl  --first=first_ttl\n"
	"                              Start from the first_ttl hop (instead from 1)\n"
	"  -g gate,...  --gateway=gate,...\n"
	"                              Route packets through the specified gateway\n"
	"                              (maximum 8 for IPv4 and 127 for IPv6)\n"
	"  -I  --icmp                  Use ICMP ECHO for tracerouting\n"
	"  -T  --tcp                   Use TCP SYN for tracerouting (default port is 80)\n"
	"  -i device  --interface=device\n"
	"                              Specify a network interface to operate with\n"
	"  -m max_ttl  --max-hops=max_ttl\n"
	"                              Set the max number of hops (max TTL to be\n"
	"                              reached). Default is 30\n"
	"  -N squeries  --sim-queries=squeries\n"
	"                              Set the number of probes to be tried\n"
	"                              simultaneously (default is 16)\n"
	"  -n                          Do not resolve IP addresses to their domain names\n"
	"  -p port  --port=port        Set the destination port to use. It is either\n"
	"                              initial udp port value for \"default\" method\n"
	"                              (incremented by each probe, default is 33434), or\n"
	"                              initial seq for \"icmp\" (incremented as well,\n"
	"                              default from 1), or some constant destination\n"
	"                              port for other methods (with default of 80 for\n"
	"                              \"tcp\", 53 for \"udp\", etc.)\n"
	"  -t tos  --tos=tos           Set the TOS (IPv4 type of service) or TC (IPv6\n"
	"                              traffic class) value for outgoing packets\n"
	"  -l flow_label  --flowlabel=flow_label\n"
	"                              Use specified flow_label for IPv6 packets\n"
	"  -w MAX,HERE,NEAR  --wait=MAX,HERE,NEAR\n"
	"                              Wait for a probe no more than HERE (default 3)\n"
	"                              times longer than a response from the same hop,\n"
	"                              or no more than NEAR (default 10) times than some\n"
	"                              next hop, or MAX (default 5.0) seconds (float\n"
	"                              point values allowed too)\n"
	"  -q nqueries  --queries=nqueries\n"
	"                              Set the number of probes per each hop. Default is\n"
	"                              3\n"
	"  -r                          Bypass the normal routing and send directly to a\n"
	"                              host on an attached network\n"
	"  -s src_addr  --source=src_addr\n"
	"                              Use source src_addr for outgoing packets\n"
	"  -z sendwait  --sendwait=sendwait\n"
	"                              Minimal time interval between probes (default 0).\n"
	"                              If the value is more than 10, then it specifies a\n"
	"                              number in milliseconds, else it is a number of\n"
	"                              seconds (float point values allowed too)\n"
	"  -e  --extensions            Show ICMP extensions (if present), including MPLS\n"
	"  -A  --as-path-lookups       Perform AS path lookups in routing registries and\n"
	"                              print results directly after the corresponding\n"
	"                              addresses\n"
	"  -M name  --module=name      Use specified module (either builtin or external)\n"
	"                              for traceroute operations. Most methods have\n"
	"                              their shortcuts (`-I' means `-M icmp' etc.)\n"
	"  -O OPTS,...  --options=OPTS,...\n"
	"                              Use module-specific option OPTS for the\n"
	"                              traceroute module. Several OPTS allowed,\n"
	"                              separated by comma. If OPTS is \"help\", print info\n"
	"                              about available options\n"
	"  --sport=num                 Use source port num for outgoing packets. Implies\n"
	"                              `-N 1'\n"
	"  --fwmark=num                Set firewall mark for outgoing packets\n"
	"  -U  --udp                   Use UDP to particular port for tracerouting\n"
	"                              (instead of increasing the port per each probe),\n"
	"                              default port is 53\n"
	"  -UL                         Use UDPLITE for tracerouting (default dest port\n"
	"                              is 53)\n"
	"  -D  --dccp                  Use DCCP Request for tracerouting (default port\n"
	"                              is 33434)\n"
	"  -P prot  --protocol=prot    Use raw packet of protocol prot for tracerouting\n"
	"  --mtu                       Discover MTU along the path being traced. Implies\n"
	"                              `-F -N 1'\n"
	"  --back                      Guess the number of hops in the backward path and\n"
	"                              print if it differs\n"
	"  -V  --version               Print version info and exit\n"
	"  --help                      Read this help and exit\n"
	"\n"
	"Arguments:\n"
	"+     host          The host to traceroute to\n"
	"      packetlen     The full packet length (default is the length of an IP\n"
	"                    header plus 40). Can be ignored or increased to a minimal\n"
	"                    allowed value\n";

struct tr_parse {
	struct cmd_ctx *c;
	struct traceroute_opts o;
	int n_operands;
	const char *host;
	int host_argc;
	bool host_is_name;
	long packet_len;
};

/* CLIF_set_uint(): strtoul(arg, 0) with nothing after it. */
static bool clif_uint(const char *arg, unsigned *out)
{
	char *q;
	unsigned long v = strtoul(arg, &q, 0);
	if (q == arg || *q)
		return false;
	*out = (unsigned)v;
	return true;
}

/* set_port(): a number (base 0, trailing text ignored) or a service name. */
static bool clif_port(const char *arg, unsigned *out)
{
	static const struct { const char *name; unsigned port; } services[] = {
		{ "echo", 7 }, { "discard", 9 }, { "daytime", 13 }, { "ftp", 21 }, { "ssh", 22 },
		{ "telnet", 23 }, { "smtp", 25 }, { "domain", 53 }, { "bootps", 67 },
		{ "bootpc", 68 }, { "tftp", 69 }, { "http", 80 }, { "ntp", 123 }, { "snmp", 161 },
		{ "https", 443 }, { "syslog", 514 }, { "traceroute", 33434 },
	};
	char *q;
	unsigned long v = strtoul(arg, &q, 0);
	if (q != arg) {
		*out = (unsigned)v;
		return true;
	}
	for (size_t i = 0; i < sizeof services / sizeof services[0]; i++)
		if (strcmp(services[i].name, arg) == 0) {
			*out = services[i].port;
			return true;
		}
	return false;
}

/* set_wait_specs(): MAX[,HERE[,NEAR]], each a number. */
static bool clif_wait(const char *arg, struct traceroute_opts *o)
{
	const char *p = arg, *q;
	o->here_milli = o->near_milli = 0;
	o->wait_ns = decimal_prefix(p, NS_PER_S, &q);
	if (q == p)
		return false;
	if (!*q++)
		return true;
	o->here_milli = decimal_prefix(p = q, 1000, &q);
	if (q == p)
		return false;
	if (!*q++)
		return true;
	o->near_milli = decimal_prefix(p = q, 1000, &q);
	if (q == p || *q)
		return false;
	return true;
}

enum tr_opt_kind { TR_FLAG, TR_ARG };

struct tr_opt {
	char short_name;        /* 0: long only */
	const char *long_name;  /* NULL: short only */
	const char *arg_name;   /* NULL: a flag */
	bool modelled;
};

static const struct tr_opt tr_opts[] = {
	{ '4', NULL, NULL, true }, { '6', NULL, NULL, false }, { 'd', "debug", NULL, true },
	{ 'F', "dont-fragment", NULL, false }, { 'f', "first", "first_ttl", true },
	{ 'g', "gateway", "gate", false }, { 'I', "icmp", NULL, false }, { 'T', "tcp", NULL, false },
	{ 'i', "interface", "device", false }, { 'm', "max-hops", "max_ttl", true },
	{ 'N', "sim-queries", "squeries", true }, { 'n', NULL, NULL, true },
	{ 'p', "port", "port", true }, { 't', "tos", "tos", true },
	{ 'l', "flowlabel", "flow_label", false }, { 'w', "wait", "MAX,HERE,NEAR", true },
	{ 'q', "queries", "nqueries", true }, { 'r', NULL, NULL, false },
	{ 's', "source", "src_addr", false }, { 'z', "sendwait", "sendwait", true },
	{ 'e', "extensions", NULL, false }, { 'A', "as-path-lookups", NULL, false },
	{ 'M', "module", "name", false }, { 'O', "options", "OPTS", false },
	{ 0, "sport", "num", false }, { 0, "fwmark", "num", false }, { 'U', "udp", NULL, false },
	{ 'D', "dccp", NULL, false }, { 'P', "protocol", "prot", false },
	{ 0, "mtu", NULL, false }, { 0, "back", NULL, false }, { 'V', "version", NULL, true },
	{ 0, "help", NULL, true },
};

/* Apply one option; returns 0 to go on, or an exit status + 1. */
static int tr_apply(struct tr_parse *tp, const struct tr_opt *op, const char *shown, const char *arg,
		    int argc_idx)
{
	struct cmd_ctx *c = tp->c;
	struct traceroute_opts *o = &tp->o;
	unsigned u = 0;
	if (!op->modelled) {
		sb_printf(c->err, "wirelab: traceroute %s is not supported (wirelab traces with UDP "
				  "probes: -n -m -q -w -p -f -N -t -z work)\n", shown);
		return 2 + 1;
	}
	bool ok = true;
	switch (op->short_name) {
	case '4':
	case 'd':
		break;
	case 'n':
		o->numeric = true;
		break;
	case 'f':
		ok = clif_uint(arg, &o->first_ttl);
		break;
	case 'm':
		ok = clif_uint(arg, &o->max_ttl);
		break;
	case 'N':
		ok = clif_uint(arg, &o->sim_queries);
		break;
	case 'q':
		ok = clif_uint(arg, &o->nqueries);
		break;
	case 't':
		ok = clif_uint(arg, &u);
		o->tos = (uint8_t)u;
		break;
	case 'p':
		ok = clif_port(arg, &u);
		o->port = (uint16_t)u;
		break;
	case 'w':
		ok = clif_wait(arg, o);
		break;
	case 'z': {
		/* CLIF_set_double; above 10 it means milliseconds. */
		const char *end;
		int64_t ns = decimal_prefix(arg, NS_PER_S, &end);
		ok = end != arg && !*end;
		o->sendwait_ns = ns;    /* checked, and scaled, after parsing */
		break;
	}
	case 'V':
		/* CLIF prints the version on stderr. */
		sb_puts(c->err, "Modern traceroute for Linux, version 2.1.2\n"
				"Copyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n");
		return 0 + 1;
	default:        /* --help */
		sb_puts(c->err, tr_usage_text);
		return 0 + 1;
	}
	if (!ok) {
		sb_printf(c->err, "Cannot handle `%s' option with arg `%s' (argc %d)\n", shown, arg, argc_idx);
		return 2 + 1;
	}
	return 0;
}

/* An operand: the host, then the packet length. */
static int tr_operand(struct tr_parse *tp, const char *arg, int argc_idx)
{
	struct cmd_ctx *c = tp->c;
	tp->n_operands++;
	if (tp->n_operands == 1) {
		/* A name is resolved by the process (traceroute_start_name). */
		tp->host_is_name = !inet_aton_host(arg, &tp->o.dst);
		tp->host = arg;
		tp->host_argc = argc_idx;
		return 0;
	}
	if (tp->n_operands == 2) {
		char *end;
		long v = strtol(arg, &end, 0);
		if (end == arg || *end) {
			sb_printf(c->err, "Cannot handle \"packetlen\" cmdline arg `%s' on position 2 "
					  "(argc %d)\n", arg, argc_idx);
			return 2 + 1;
		}
		tp->packet_len = v;
		return 0;
	}
	sb_printf(c->err, "Extra arg `%s' (position %d, argc %d)\n", arg, tp->n_operands, argc_idx);
	return 2 + 1;
}

int cmd_traceroute(struct cmd_ctx *c)
{
	struct tr_parse tp = { .c = c, .packet_len = -1 };
	traceroute_opts_default(&tp.o);
	if (c->argc == 1) {
		/* CLIF_HELP_EMPTY: no arguments at all prints the help. */
		sb_puts(c->err, tr_usage_text);
		return 0;
	}
	bool only_operands = false;
	for (int i = 1; i < c->argc; i++) {
		char *a = c->argv[i];
		int rc = 0;
		if (only_operands || a[0] != '-' || a[1] == '\0') {
			rc = tr_operand(&tp, a, i);
		} else if (strcmp(a, "--") == 0) {
			only_operands = true;
			continue;
		} else if (a[1] == '-') {
			/* --name or --name=value */
			const char *eq = strchr(a, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			const struct tr_opt *op = NULL;
			for (size_t k = 0; k < sizeof tr_opts / sizeof tr_opts[0]; k++)
				if (tr_opts[k].long_name && strlen(tr_opts[k].long_name) == len &&
				    strncmp(tr_opts[k].long_name, a + 2, len) == 0)
					op = &tr_opts[k];
			char shown[64];
			snprintf(shown, sizeof shown, "--%.*s", (int)len, a + 2);
			if (!op) {
				sb_printf(c->err, "Bad option `%s' (argc %d)\n", a, i);
				return 2;
			}
			if (op->arg_name && !eq) {
				sb_printf(c->err, "Option `%s' (argc %d) requires an argument: `%s=%s'\n",
					  shown, i, shown, op->arg_name);
				return 2;
			}
			rc = tr_apply(&tp, op, shown, eq ? eq + 1 : NULL, i);
		} else {
			/* -x, -xARG, -x ARG; flags may not be followed by an
			 * option that wants an argument in the same word. */
			for (int k = 1; a[k]; k++) {
				const struct tr_opt *op = NULL;
				for (size_t j = 0; j < sizeof tr_opts / sizeof tr_opts[0]; j++)
					if (tr_opts[j].short_name == a[k])
						op = &tr_opts[j];
				if (!op) {
					sb_printf(c->err, "Bad option `-%c' (argc %d)\n", a[k], i);
					return 2;
				}
				char shown[4] = { '-', a[k], 0, 0 };
				const char *arg = NULL;
				int arg_idx = i;
				if (op->arg_name) {
					if (a[k + 1] && k == 1) {
						arg = a + k + 1;
					} else if (!a[k + 1] && k == 1 && i + 1 < c->argc) {
						arg = c->argv[++i];
						arg_idx = i;
					} else {
						sb_printf(c->err, "Option `%s' (argc %d) requires an argument: "
								  "`%s %s'\n", shown, i, shown, op->arg_name);
						return 2;
					}
				}
				rc = tr_apply(&tp, op, shown, arg, arg_idx);
				if (rc || arg)
					break;
			}
		}
		if (rc)
			return rc - 1;
	}
	if (!tp.host) {
		sb_puts(c->err, "Specify \"host\" missing argument.\n");
		return 2;
	}
	struct traceroute_opts *o = &tp.o;
	/* main()'s checks, in its order. */
	if (!o->first_ttl || o->first_ttl > o->max_ttl) {
		sb_puts(c->err, "first hop out of range\n");
		return 2;
	}
	if (o->max_ttl > 255) {
		sb_puts(c->err, "max hops cannot be more than 255\n");
		return 2;
	}
	if (!o->nqueries || o->nqueries > 10) {
		sb_puts(c->err, "no more than 10 probes per hop\n");
		return 2;
	}
	if (o->wait_ns < 0 || o->here_milli < 0 || o->near_milli < 0) {
		sb_printf(c->err, "bad wait specifications `%g,%g,%g' used\n", (double)o->wait_ns / 1e9,
			  (double)o->here_milli / 1e3, (double)o->near_milli / 1e3);
		return 2;
	}
	if (tp.packet_len > 65000) {
		sb_printf(c->err, "too big packetlen %ld specified\n", tp.packet_len);
		return 2;
	}
	/* Beyond a century nothing changes but the arithmetic: keep the sums
	 * of times and factors well inside 64 bits. */
	const int64_t century_ns = 100LL * 365 * 86400 * NS_PER_S;
	if (o->wait_ns > century_ns)
		o->wait_ns = century_ns;
	if (o->here_milli > 1000000000LL)
		o->here_milli = 1000000000LL;
	if (o->near_milli > 1000000000LL)
		o->near_milli = 1000000000LL;
	if (o->sendwait_ns > century_ns)
		o->sendwait_ns = century_ns;
	if (o->sendwait_ns < 0) {
		sb_printf(c->err, "bad sendtime `%g' specified\n", (double)o->sendwait_ns / 1e9);
		return 2;
	}
	if (o->sendwait_ns >= 10 * NS_PER_S)    /* "it is milliseconds" */
		o->sendwait_ns /= 1000;
	if (tp.packet_len >= 0)
		o->data_len = tp.packet_len >= 28 ? (unsigned)(tp.packet_len - 28) : 0;
	if (tp.host_is_name) {
		c->proc = traceroute_start_name(c->node, o, tp.host, tp.host_argc);
		return 0;
	}
	const struct route *r = route_lookup(c->node, o->dst);
	if (r && r->dev && 28 + o->data_len > r->dev->mtu) {
		sb_printf(c->err, "wirelab: traceroute: %u byte packets would be fragmented (mtu %u); "
				  "wirelab does not fragment\n", 28 + o->data_len, r->dev->mtu);
		return 2;
	}
	/* The header shows the host as typed. */
	o->dst_text = tp.host;
	c->proc = traceroute_start(c->node, o);
	return 0;
}
