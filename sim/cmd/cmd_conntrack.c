/* cmd_conntrack.c — `conntrack` (conntrack-tools 1.4.7, Debian 12) over
 * the node's connection table (net/conntrack.h):
 *
 *   conntrack -L [FILTER]     the entries, then "conntrack v1.4.7
 *                             (conntrack-tools): N flow entries have been
 *                             shown." on stderr
 *   conntrack -D [FILTER]     delete the matching entries, printing each;
 *                             "... N flow entries have been deleted.",
 *                             exit 1 when none
 *   conntrack -F              "connection tracking table has been emptied."
 *   conntrack -C              the count
 * FILTER: -s/--src/--orig-src, -d/--dst/--orig-dst, -r/--reply-src,
 * -q/--reply-dst, -p/--protonum tcp|udp|icmp|N, then (after -p tcp/udp)
 * --sport/--orig-port-src, --dport/--orig-port-dst, --reply-port-src,
 * --reply-port-dst, and (after -p tcp) --state; -m/--mark, -u/--status
 * (ASSURED, SEEN_REPLY, UNREPLIED, ...), -n/--src-nat [IP],
 * -g/--dst-nat [IP], -j/--any-nat [IP], -f ipv4|ipv6, -o extended|id.
 * Entries come in creation order (Linux: hash order).
 * Not modelled, refused with a message: -E (events), -G, -I, -U,
 * expectation tables, -o xml, -z, zones, labels.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "cmd/cmd_nf_int.h"
#include "core/world.h"
#include "dev/node.h"
#include "net/conntrack.h"

#define CT_PREFIX "conntrack v1.4.7 (conntrack-tools): "
#define CT_TRY "Try `conntrack -h' or 'conntrack --help' for more information.\n"

static const char ct_help[] =
	"Command line interface for the connection tracking system. Version 1.4.7\n"
	"Usage: conntrack [commands] [options]\n"
	"\n"
	"Commands:\n"
	"  -L [table] [options]\t\tList conntrack or expectation table\n"
	"  -G [table] parameters\t\tGet conntrack or expectation\n"
	"  -D [table] parameters\t\tDelete conntrack or expectation\n"
	"  -I [table] parameters\t\tCreate a conntrack or expectation\n"
	"  -U [table] parameters\t\tUpdate a conntrack\n"
	"  -E [table] [options]\t\tShow events\n"
	"  -F [table]\t\t\tFlush table\n"
	"  -C [table]\t\t\tShow counter\n"
	"  -S\t\t\t\tShow statistics\n"
	"\n"
	"Tables: conntrack, expect, dying, unconfirmed\n"
	"\n"
	"Conntrack parameters and options:\n"
	"  -n, --src-nat ip\t\t\tsource NAT ip\n"
	"  -g, --dst-nat ip\t\t\tdestination NAT ip\n"
	"  -j, --any-nat ip\t\t\tsource or destination NAT ip\n"
	"  -m, --mark mark\t\t\tSet mark\n"
	"  -c, --secmark secmark\t\t\tSet selinux secmark\n"
	"  -e, --event-mask eventmask\t\tEvent mask, eg. NEW,DESTROY\n"
	"  -z, --zero \t\t\t\tZero counters while listing\n"
	"  -o, --output type[,...]\t\tOutput format, eg. xml\n"
	"  -l, --label label[,...]\t\tconntrack labels\n"
	"\n"
	"Expectation parameters and options:\n"
	"  --tuple-src ip\tSource address in expect tuple\n"
	"  --tuple-dst ip\tDestination address in expect tuple\n"
	"\n"
	"Updating parameters and options:\n"
	"  --label-add label\tAdd label\n"
	"  --label-del label\tDelete label\n"
	"\n"
	"Common parameters and options:\n"
	"  -s, --src, --orig-src ip\t\tSource address from original direction\n"
	"  -d, --dst, --orig-dst ip\t\tDestination address from original direction\n"
	"  -r, --reply-src ip\t\tSource addres from reply direction\n"
	"  -q, --reply-dst ip\t\tDestination address from reply direction\n"
	"  -p, --protonum proto\t\tLayer 4 Protocol, eg. 'tcp'\n"
	"  -f, --family proto\t\tLayer 3 Protocol, eg. 'ipv6'\n"
	"  -t, --timeout timeout\t\tSet timeout\n"
	"  -u, --status status\t\tSet status, eg. ASSURED\n"
	"  -w, --zone value\t\tSet conntrack zone\n"
	"  --orig-zone value\t\tSet zone for original direction\n"
	"  --reply-zone value\t\tSet zone for reply direction\n"
	"  -b, --buffer-size\t\tNetlink socket buffer size\n"
	"  --mask-src ip\t\t\tSource mask address\n"
	"  --mask-dst ip\t\t\tDestination mask address\n"
	"\n"
	;

struct ct_filter {
	bool has[12];
	uint32_t osrc, odst, rsrc, rdst;
	uint8_t proto;
	uint16_t osport, odport, rsport, rdport;
	enum ct_tcp_state state;
	uint32_t mark;
	uint32_t status;                /* -u: CT_* bits that must be set */
	bool unreplied;                 /* -u UNREPLIED: CT_SEEN_REPLY must not be */
	uint32_t snat_ip, dnat_ip;      /* -n IP, -g IP (0: any) */
	bool none;                      /* -f ipv6: nothing here is IPv6 */
};
enum { F_OSRC, F_ODST, F_RSRC, F_RDST, F_PROTO, F_STATE, F_MARK, F_STATUS, F_SNAT, F_DNAT,
       F_ANYNAT, F__N };
enum { F_OSPORT = 0, F_ODPORT, F_RSPORT, F_RDPORT };

static int ct_perr(struct cmd_ctx *c, const char *fmt, const char *arg)
{
	sb_puts(c->err, CT_PREFIX);
	sb_printf(c->err, fmt, arg);
	sb_printf(c->err, "\n%s", CT_TRY);
	return 2;
}

static bool ct_addr(const char *s, uint32_t *out)
{
	unsigned b[4];
	char tail;
	if (sscanf(s, "%u.%u.%u.%u%c", &b[0], &b[1], &b[2], &b[3], &tail) != 4 || b[0] > 255 ||
	    b[1] > 255 || b[2] > 255 || b[3] > 255)
		return false;
	*out = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	return true;
}

static bool filter_match(const struct ct_filter *f, bool *has_port, const uint16_t *ports,
			 const struct ct_entry *e)
{
	const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL], *r = &e->tuple[CT_DIR_REPLY];
	if ((f->has[F_OSRC] && o->src != f->osrc) || (f->has[F_ODST] && o->dst != f->odst) ||
	    (f->has[F_RSRC] && r->src != f->rsrc) || (f->has[F_RDST] && r->dst != f->rdst) ||
	    (f->has[F_PROTO] && o->proto != f->proto) ||
	    (f->has[F_STATE] && (o->proto != 6 || e->tcp_state != f->state)) ||
	    (f->has[F_MARK] && e->mark != f->mark) || f->none)
		return false;
	if (f->has[F_STATUS] && ((e->status & f->status) != f->status ||
				 (f->unreplied && (e->status & CT_SEEN_REPLY))))
		return false;
	/* -n: source NAT (to the reply's destination IP if given); -g:
	 * destination NAT (to the reply's source IP); -j: either */
	bool snat = (e->status & CT_SRC_NAT) && (!f->snat_ip || r->dst == f->snat_ip);
	bool dnat = (e->status & CT_DST_NAT) && (!f->dnat_ip || r->src == f->dnat_ip);
	if ((f->has[F_SNAT] && !snat) || (f->has[F_DNAT] && !dnat) ||
	    (f->has[F_ANYNAT] && !snat && !dnat))
		return false;
	if ((has_port[F_OSPORT] && o->sport != ports[F_OSPORT]) ||
	    (has_port[F_ODPORT] && o->dport != ports[F_ODPORT]) ||
	    (has_port[F_RSPORT] && r->sport != ports[F_RSPORT]) ||
	    (has_port[F_RDPORT] && r->dport != ports[F_RDPORT]))
		return false;
	return true;
}

static void print_entry(struct cmd_ctx *c, const struct ct_entry *e, bool extended, bool with_id)
{
	int need = ct_format(c->node, e, NULL, 0);
	if (need < 0)
		return;
	char *buf = malloc((size_t)need + 1);
	if (!buf)
		return;
	ct_format(c->node, e, buf, (size_t)need + 1);
	if (extended)
		sb_puts(c->out, "ipv4     2 ");
	sb_puts(c->out, buf);
	if (with_id)
		sb_printf(c->out, " id=%llu", (unsigned long long)e->id);
	sb_puts(c->out, "\n");
	free(buf);
}

static const struct { const char *name; const char *alias; int code; } ct_opts[] = {
	{ "-L", "--dump", 'L' }, { "-D", "--delete", 'D' }, { "-F", "--flush", 'F' },
	{ "-C", "--count", 'C' }, { "-E", "--event", 'E' }, { "-G", "--get", 'G' },
	{ "-I", "--create", 'I' }, { "-U", "--update", 'U' }, { "-S", "--stats", 'S' },
	{ "-h", "--help", 'h' }, { "-V", "--version", 'V' },
	{ "-s", "--src", 's' }, { "--orig-src", NULL, 's' }, { "-d", "--dst", 'd' },
	{ "--orig-dst", NULL, 'd' }, { "-r", "--reply-src", 'r' }, { "-q", "--reply-dst", 'q' },
	{ "-p", "--protonum", 'p' }, { "-m", "--mark", 'm' }, { "-f", "--family", 'f' },
	{ "-o", "--output", 'o' }, { "-u", "--status", 'u' }, { "-n", "--src-nat", 'n' },
	{ "-g", "--dst-nat", 'g' }, { "-j", "--any-nat", 'j' },
	{ "--sport", "--orig-port-src", 1 }, { "--dport", "--orig-port-dst", 2 },
	{ "--reply-port-src", NULL, 3 }, { "--reply-port-dst", NULL, 4 }, { "--state", NULL, 5 },
};

static int opt_code(const char *a)
{
	for (size_t i = 0; i < sizeof ct_opts / sizeof ct_opts[0]; i++)
		if (strcmp(a, ct_opts[i].name) == 0 || (ct_opts[i].alias && strcmp(a, ct_opts[i].alias) == 0))
			return ct_opts[i].code;
	return 0;
}

int cmd_conntrack(struct cmd_ctx *c)
{
	struct ct_filter f;
	memset(&f, 0, sizeof f);
	bool has_port[4] = { false, false, false, false };
	uint16_t ports[4] = { 0, 0, 0, 0 };
	int cmd = 0;
	bool extended = false, with_id = false;
	if (c->argc == 1) {
		sb_puts(c->out, ct_help);
		return 0;
	}
	for (int i = 1; i < c->argc; i++) {
		const char *a = c->argv[i];
		int code = opt_code(a);
		const char *arg = NULL;
		if (code == 0)
			return ct_perr(c, "unknown option `%s'", a);
		/* the protocol's own options exist only after -p */
		if (code >= 1 && code <= 5 && (!f.has[F_PROTO] || (f.proto != 6 && f.proto != 17) ||
					       (code == 5 && f.proto != 6)))
			return ct_perr(c, "unknown option `%s'", a);
		bool takes_arg = strchr("sdrqpmfou", code) != NULL || (code >= 1 && code <= 5);
		if (code == 'n' || code == 'g' || code == 'j') {
			/* an optional IP after them */
			uint32_t v = 0;
			if (i + 1 < c->argc && c->argv[i + 1][0] != '-') {
				if (!ct_addr(c->argv[i + 1], &v))
					return ct_perr(c, "Invalid IP address `%s'", c->argv[i + 1]);
				i++;
			}
			if (code == 'n') {
				f.has[F_SNAT] = true;
				f.snat_ip = v;
			} else if (code == 'g') {
				f.has[F_DNAT] = true;
				f.dnat_ip = v;
			} else {
				f.has[F_ANYNAT] = true;
				f.snat_ip = f.dnat_ip = v;
			}
			continue;
		}
		if (code == 'L' || code == 'D' || code == 'F' || code == 'C' || code == 'E' ||
		    code == 'G' || code == 'I' || code == 'U' || code == 'S') {
			if (cmd)
				return ct_perr(c, "Invalid commands combination%s", "");
			cmd = code;
			if (i + 1 < c->argc && strcmp(c->argv[i + 1], "conntrack") == 0)
				i++;
			else if (i + 1 < c->argc && c->argv[i + 1][0] != '-') {
				sb_printf(c->err, CT_PREFIX "wirelab models the conntrack table only, not `%s'\n",
					  c->argv[i + 1]);
				return 1;
			}
			continue;
		}
		if (code == 'h') {
			sb_puts(c->out, ct_help);
			return 0;
		}
		if (code == 'V') {
			sb_puts(c->out, "conntrack v1.4.7 (conntrack-tools)\n");
			return 0;
		}
		if (takes_arg) {
			if (i + 1 >= c->argc)
				return ct_perr(c, "option `%s' requires an argument", a);
			arg = c->argv[++i];
		}
		switch (code) {
		case 's': case 'd': case 'r': case 'q': {
			uint32_t v;
			if (!ct_addr(arg, &v))
				return ct_perr(c, "Invalid IP address `%s'", arg);
			int k = code == 's' ? F_OSRC : code == 'd' ? F_ODST : code == 'r' ? F_RSRC : F_RDST;
			f.has[k] = true;
			if (k == F_OSRC) f.osrc = v;
			else if (k == F_ODST) f.odst = v;
			else if (k == F_RSRC) f.rsrc = v;
			else f.rdst = v;
			break;
		}
		case 'p': {
			char *end;
			long v = strtol(arg, &end, 10);
			if (strcmp(arg, "tcp") == 0)
				f.proto = 6;
			else if (strcmp(arg, "udp") == 0)
				f.proto = 17;
			else if (strcmp(arg, "icmp") == 0)
				f.proto = 1;
			else if (*arg && !*end && v >= 0 && v <= 255)
				f.proto = (uint8_t)v;
			else
				return ct_perr(c, "`%s' unsupported protocol", arg);
			f.has[F_PROTO] = true;
			break;
		}
		case 1: case 2: case 3: case 4:
			has_port[code - 1] = true;
			ports[code - 1] = (uint16_t)atoi(arg);
			break;
		case 5: {
			int s;
			for (s = 1; s < CT_TCP__COUNT; s++)
				if (strcmp(arg, ct_tcp_state_name((enum ct_tcp_state)s)) == 0)
					break;
			if (s == CT_TCP__COUNT)
				return ct_perr(c, "unknown TCP state `%s'", arg);
			f.has[F_STATE] = true;
			f.state = (enum ct_tcp_state)s;
			break;
		}
		case 'm':
			f.has[F_MARK] = true;
			f.mark = (uint32_t)strtoul(arg, NULL, 0);
			break;
		case 'f':
			if (strcmp(arg, "ipv6") == 0)
				f.none = true;         /* wirelab's connections are IPv4 */
			else if (strcmp(arg, "ipv4") != 0)
				return ct_perr(c, "`%s' unsupported protocol", arg);
			break;
		case 'u': {
			char buf[128];
			snprintf(buf, sizeof buf, "%s", arg);
			f.has[F_STATUS] = true;
			for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				if (strcmp(t, "ASSURED") == 0)
					f.status |= CT_ASSURED;
				else if (strcmp(t, "SEEN_REPLY") == 0)
					f.status |= CT_SEEN_REPLY;
				else if (strcmp(t, "UNREPLIED") == 0)
					f.unreplied = true;
				else if (strcmp(t, "CONFIRMED") == 0)
					f.status |= CT_CONFIRMED;
				else if (strcmp(t, "SRC_NAT") == 0)
					f.status |= CT_SRC_NAT;
				else if (strcmp(t, "DST_NAT") == 0)
					f.status |= CT_DST_NAT;
				else if (strcmp(t, "EXPECTED") == 0 || strcmp(t, "FIXED_TIMEOUT") == 0 ||
					 strcmp(t, "DYING") == 0 || strcmp(t, "TEMPLATE") == 0 ||
					 strcmp(t, "OFFLOAD") == 0)
					f.status |= 1u << 31;   /* never set here: matches nothing */
				else
					return ct_perr(c, "Bad parameter `%s'", t);
			}
			break;
		}
		case 'o': {
			char buf[128];
			snprintf(buf, sizeof buf, "%s", arg);
			for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
				if (strcmp(t, "extended") == 0)
					extended = true;
				else if (strcmp(t, "id") == 0)
					with_id = true;
				else if (strcmp(t, "xml") == 0 || strcmp(t, "timestamp") == 0 ||
					 strcmp(t, "ktimestamp") == 0 || strcmp(t, "labels") == 0 ||
					 strcmp(t, "userspace") == 0) {
					sb_printf(c->err, CT_PREFIX "-o %s is not modelled by wirelab\n", t);
					return 1;
				} else
					return ct_perr(c, "Bad parameter `%s'", t);
			}
			break;
		}
		}
	}
	if (!cmd) {
		sb_printf(c->err, CT_PREFIX "no command specified\n%s", CT_TRY);
		return 2;
	}
	if (cmd == 'C') {
		sb_printf(c->out, "%zu\n", ct_count(c->node));
		return 0;
	}
	if (cmd == 'F') {
		ct_flush(c->node);
		sb_puts(c->err, CT_PREFIX "connection tracking table has been emptied.\n");
		return 0;
	}
	if (cmd != 'L' && cmd != 'D') {
		sb_printf(c->err, CT_PREFIX "-%c is not modelled by wirelab (only -L, -D, -F, -C)\n", cmd);
		return 1;
	}
	unsigned n = 0;
	const struct ct_entry *e = ct_first(c->node);
	while (e) {
		const struct ct_entry *next = ct_next(e);
		if (filter_match(&f, has_port, ports, e)) {
			print_entry(c, e, extended, with_id);
			if (cmd == 'D')
				ct_delete(c->node, e);
			n++;
		}
		e = next;
	}
	sb_printf(c->err, CT_PREFIX "%u flow entries have been %s.\n", n, cmd == 'L' ? "shown" : "deleted");
	return cmd == 'D' && n == 0 ? 1 : 0;
}
