/* cmd_ip_route.c — `ip route`: iproute2 6.1's ip/iproute.c over wirelab's
 * routing table (net/route.h).
 *
 * What it models: the main table (unicast, unreachable, prohibit and
 * blackhole routes) with iproute2's words, abbreviations, defaults and
 * error messages, and the kernel's answers to them (net/ipv4/fib_*.c), as
 * `ip route` prints them on Debian 12:
 *
 *   ip route [show|list] [SELECTOR]     print_route(), filter_nlmsg()
 *   ip route add|del|change|replace|append|prepend|test ROUTE
 *                                       iproute_modify(), fib_table_insert()
 *   ip route get [fibmatch] ADDR [from A] [oif|dev D]
 *   ip route flush SELECTOR
 *
 * The local table is not a table in wirelab (node_is_local_addr() answers
 * for it); `ip route show table local|all` and `get` print what Linux's
 * fib_add_ifaddr() would have put there for the node's addresses.
 *
 * Left out, with a message saying so: other tables, IPv6, multipath
 * (nexthop), route metrics (mtu, window, ...), tos, realms, encap, and the
 * route types local, broadcast, multicast, anycast, throw and nat.
 *
 * Exit statuses follow ip(8): 0; 1 for a bad address or an unknown device
 * (get_prefix() and nodev() exit 1); 2 when the kernel refused (rtnl_talk()
 * failed: "RTNETLINK answers: ..." or an extack "Error: ..."); 255 for a
 * usage error (invarg(), NEXT_ARG(), usage() exit -1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/bridge.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/frag.h"
#include "net/route.h"
#include "net/stack.h"
#include "util/die.h"
#include "util/units.h"

/* ---- iproute2's argument readers (lib/utils.c) -------------------------- */

/* ---- messages as ip(8) prints them -------------------------------------- */

static int bad_prefix(struct cmd_ctx *c, int family, const char *arg)
{
	sb_printf(c->err, "Error: %s prefix is expected rather than \"%s\".\n",
		  ipa_family_verbose(family), arg);
	return 1;
}

static int bad_addr(struct cmd_ctx *c, int family, const char *arg)
{
	sb_printf(c->err, "Error: %s address is expected rather than \"%s\".\n",
		  ipa_family_verbose(family), arg);
	return 1;
}

/* invarg(): msg as iproute2 passes it, often with its own "\n". */
static int invarg(struct cmd_ctx *c, const char *msg, const char *arg)
{
	sb_printf(c->err, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return 255;
}

static int incomplete(struct cmd_ctx *c)
{
	sb_puts(c->err, "Command line is not complete. Try option \"help\"\n");
	return 255;
}

static int nodev(struct cmd_ctx *c, const char *name)
{
	sb_printf(c->err, "Cannot find device \"%s\"\n", name);
	return 1;
}

/* The kernel refused: rtnl_talk() printed its answer, ip exits 2. */
static int rtnl_err(struct cmd_ctx *c, const char *msg)
{
	sb_printf(c->err, "%s\n", msg);
	return 2;
}

static int not_modelled(struct cmd_ctx *c, const char *what)
{
	sb_printf(c->err,
		  "wirelab: ip route: %s is not modelled (wirelab has the main table's unicast, "
		  "unreachable, prohibit and blackhole IPv4 routes)\n", what);
	return 2;
}

static int route_usage(struct cmd_ctx *c)
{
	sb_puts(c->err,
		"Usage: ip route { list | flush } SELECTOR\n"
		"       ip route save SELECTOR\n"
		"       ip route restore\n"
		"       ip route showdump\n"
		"       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n"
		"                            [ from ADDRESS iif STRING ]\n"
		"                            [ oif STRING ] [ tos TOS ]\n"
		"                            [ mark NUMBER ] [ vrf NAME ]\n"
		"                            [ uid NUMBER ] [ ipproto PROTOCOL ]\n"
		"                            [ sport NUMBER ] [ dport NUMBER ]\n"
		"       ip route { add | del | change | append | replace } ROUTE\n"
		"SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]\n"
		"            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]\n"
		"            [ type TYPE ] [ scope SCOPE ]\n"
		"ROUTE := NODE_SPEC [ INFO_SPEC ]\n"
		"NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]\n"
		"             [ table TABLE_ID ] [ proto RTPROTO ]\n"
		"             [ scope SCOPE ] [ metric METRIC ]\n"
		"             [ ttl-propagate { enabled | disabled } ]\n"
		"INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...\n"
		"NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]\n"
		"      [ dev STRING ] [ weight NUMBER ] NHFLAGS\n"
		"FAMILY := [ inet | inet6 | mpls | bridge | link ]\n"
		"OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]\n"
		"           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]\n"
		"           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]\n"
		"           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]\n"
		"           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]\n"
		"           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]\n"
		"           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]\n"
		"TYPE := { unicast | local | broadcast | multicast | throw |\n"
		"          unreachable | prohibit | blackhole | nat }\n"
		"TABLE_ID := [ local | main | default | all | NUMBER ]\n"
		"SCOPE := [ host | link | global | NUMBER ]\n"
		"NHFLAGS := [ onlink | pervasive ]\n"
		"RTPROTO := [ kernel | boot | static | NUMBER ]\n"
		"PREF := [ low | medium | high ]\n"
		"TIME := NUMBER[s|ms]\n"
		"BOOL := [1|0]\n"
		"FEATURES := ecn\n"
		"ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 | xfrm ]\n"
		"ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR | XFRMINFO ]\n"
		"SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]\n"
		"SEGMODE := [ encap | encap.red | inline | l2encap | l2encap.red ]\n"
		"SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]\n"
		"ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |\n"
		"            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |\n"
		"            End.BM | End.S | End.AS | End.AM | End.BPF }\n"
		"OPTIONS := OPTION [ OPTIONS ]\n"
		"OPTION := { flavors FLAVORS | srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |\n"
		"            table TABLEID | vrftable TABLEID | endpoint PROGNAME }\n"
		"FLAVORS := { FLAVOR[,FLAVOR] }\n"
		"FLAVOR := { psp | usp | usd | next-csid }\n"
		"IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE\n"
		"XFRMINFO := if_id IF_ID [ link_dev LINK ]\n"
		"ROUTE_GET_FLAGS := [ fibmatch ]\n");
	return 255;
}

/* ---- names (lib/rt_names.c and Debian's /etc/iproute2) ------------------- */

/* rtnetlink's route types (RTN_*). */
enum rtype {
	RTYPE_UNSPEC, RTYPE_UNICAST, RTYPE_LOCAL, RTYPE_BROADCAST, RTYPE_ANYCAST,
	RTYPE_MULTICAST, RTYPE_BLACKHOLE, RTYPE_UNREACHABLE, RTYPE_PROHIBIT, RTYPE_THROW,
	RTYPE_NAT, RTYPE_XRESOLVE,
};

static const char *const rtype_names[] = {
	"none", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole",
	"unreachable", "prohibit", "throw", "nat", "xresolve",
};

/* rtnl_rtntype_a2n(): note the abbreviations ("u" is unreachable, "b"
 * broadcast, "bl" blackhole, "x" xresolve). */
static bool rtype_a2n(int *type, const char *arg)
{
	if (strcmp(arg, "local") == 0)
		*type = RTYPE_LOCAL;
	else if (strcmp(arg, "nat") == 0)
		*type = RTYPE_NAT;
	else if (cmd_matches(arg, "broadcast") || strcmp(arg, "brd") == 0)
		*type = RTYPE_BROADCAST;
	else if (cmd_matches(arg, "anycast"))
		*type = RTYPE_ANYCAST;
	else if (cmd_matches(arg, "multicast"))
		*type = RTYPE_MULTICAST;
	else if (cmd_matches(arg, "prohibit"))
		*type = RTYPE_PROHIBIT;
	else if (cmd_matches(arg, "unreachable"))
		*type = RTYPE_UNREACHABLE;
	else if (cmd_matches(arg, "blackhole"))
		*type = RTYPE_BLACKHOLE;
	else if (cmd_matches(arg, "xresolve"))
		*type = RTYPE_XRESOLVE;
	else if (cmd_matches(arg, "unicast"))
		*type = RTYPE_UNICAST;
	else if (strcmp(arg, "throw") == 0)
		*type = RTYPE_THROW;
	else {
		char *end;
		unsigned long v = strtoul(arg, &end, 0);
		if (end == arg || *end || v > 255)
			return false;
		*type = (int)v;
	}
	return true;
}

static void rtype_n2a(int type, char buf[16])
{
	if (type >= 0 && type < (int)(sizeof rtype_names / sizeof rtype_names[0]))
		snprintf(buf, 16, "%s", rtype_names[type]);
	else
		snprintf(buf, 16, "%d", type);
}

static int rtype_of(enum rt_type t)
{
	switch (t) {
	case RT_UNICAST: return RTYPE_UNICAST;
	case RT_BLACKHOLE: return RTYPE_BLACKHOLE;
	case RT_UNREACHABLE: return RTYPE_UNREACHABLE;
	case RT_PROHIBIT: return RTYPE_PROHIBIT;
	}
	return RTYPE_UNSPEC;
}

/* Debian 12's /etc/iproute2/rt_protos (the same as iproute2's built-in
 * table). */
static const char *proto_name(unsigned p)
{
	switch (p) {
	case 0: return "unspec";
	case 1: return "redirect";
	case 2: return "kernel";
	case 3: return "boot";
	case 4: return "static";
	case 8: return "gated";
	case 9: return "ra";
	case 10: return "mrt";
	case 11: return "zebra";
	case 12: return "bird";
	case 13: return "dnrouted";
	case 14: return "xorp";
	case 15: return "ntk";
	case 16: return "dhcp";
	case 18: return "keepalived";
	case 42: return "babel";
	case 99: return "openr";
	case 186: return "bgp";
	case 187: return "isis";
	case 188: return "ospf";
	case 189: return "rip";
	case 192: return "eigrp";
	}
	return NULL;
}

/* rtnl_rtprot_a2n(): a name from the table (exactly), else a number 0-255. */
static bool proto_a2n(unsigned *p, const char *arg)
{
	for (unsigned i = 0; i < 256; i++) {
		const char *n = proto_name(i);
		if (n && strcmp(n, arg) == 0) {
			*p = i;
			return true;
		}
	}
	char *end;
	unsigned long v = strtoul(arg, &end, 0);
	if (end == arg || *end || v > 255)
		return false;
	*p = (unsigned)v;
	return true;
}

/* /etc/iproute2/rt_scopes. */
static const char *scope_name(unsigned s)
{
	switch (s) {
	case 0: return "global";
	case 200: return "site";
	case 253: return "link";
	case 254: return "host";
	case 255: return "nowhere";
	}
	return NULL;
}

static bool scope_a2n(unsigned *s, const char *arg)
{
	static const unsigned known[] = { 0, 200, 253, 254, 255 };
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		if (strcmp(scope_name(known[i]), arg) == 0) {
			*s = known[i];
			return true;
		}
	}
	char *end;
	unsigned long v = strtoul(arg, &end, 0);
	if (end == arg || *end || v > 255)
		return false;
	*s = (unsigned)v;
	return true;
}

#define TABLE_DEFAULT 253
#define TABLE_MAIN    254
#define TABLE_LOCAL   255

/* rtnl_rttable_a2n() with /etc/iproute2/rt_tables. */
static bool table_a2n(uint32_t *t, const char *arg)
{
	if (strcmp(arg, "local") == 0)
		*t = TABLE_LOCAL;
	else if (strcmp(arg, "main") == 0)
		*t = TABLE_MAIN;
	else if (strcmp(arg, "default") == 0)
		*t = TABLE_DEFAULT;
	else if (strcmp(arg, "unspec") == 0)
		*t = 0;
	else
		return ipa_get_u32(t, arg);
	return true;
}

static void table_n2a(uint32_t t, char buf[16])
{
	switch (t) {
	case TABLE_LOCAL: snprintf(buf, 16, "local"); return;
	case TABLE_MAIN: snprintf(buf, 16, "main"); return;
	case TABLE_DEFAULT: snprintf(buf, 16, "default"); return;
	case 0: snprintf(buf, 16, "unspec"); return;
	}
	snprintf(buf, 16, "%u", t);
}

/* ---- routes as print_route() sees them ---------------------------------- */

/* One route as the kernel would dump it: a wirelab route from the main
 * table, or an entry Linux keeps in its local table. */
struct rt_view {
	int type;                       /* enum rtype */
	uint32_t table;
	uint32_t dst;
	int plen;
	uint32_t gw;                    /* 0: none (no RTA_GATEWAY) */
	const struct netdev *dev;       /* NULL: no RTA_OIF */
	uint32_t prefsrc;
	uint32_t metric;                /* 0: no RTA_PRIORITY */
	unsigned proto, scope;
	bool linkdown;                  /* RTNH_F_LINKDOWN */
};

/* A bridge has a carrier while some port forwards (up with a carrier),
 * once br_port_state_selection() has run (a port came, or the MAC was set
 * by hand); before that it keeps the carrier it was made with.  The same
 * rule as cmd_ip_addr.c's bridge_carrier().
 * ENGINE: netdev_carrier() says a bridge always has one. */
static bool carrier(const struct netdev *dev)
{
	if (dev->kind == ND_BRIDGE && dev->br && (dev->br->n_ports > 0 || dev->br->mac_set)) {
		for (int i = 0; i < dev->br->n_ports; i++)
			if (netdev_oper_up(dev->br->ports[i]))
				return true;
		return false;
	}
	return netdev_carrier(dev);
}

static struct rt_view view_of(const struct route *r)
{
	struct rt_view v = {
		.type = rtype_of(r->type), .table = TABLE_MAIN, .dst = r->dst, .plen = r->plen,
		.gw = r->gw, .dev = r->dev, .prefsrc = r->prefsrc, .metric = r->metric,
		.proto = r->proto, .scope = r->scope,
	};
	/* fib_check_nh() and fib_sync_down_dev(): a nexthop whose device has
	 * no carrier is marked linkdown (and still used). */
	v.linkdown = r->dev && !carrier(r->dev);
	return v;
}

struct local_list {
	struct rt_view *v;
	size_t n, cap;
};

static void local_push(struct local_list *l, const struct rt_view *v)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 8;
		l->v = wl_realloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = *v;
}

static int local_cmp(const void *a, const void *b)
{
	const struct rt_view *x = a, *y = b;
	if (x->dst != y->dst)
		return x->dst < y->dst ? -1 : 1;
	if (x->plen != y->plen)
		return x->plen > y->plen ? -1 : 1;
	return 0;
}

/* What fib_add_ifaddr() puts in Linux's local table for the node's
 * addresses, in dump order (by address, longer prefix first):
 *   local ADDR dev D proto kernel scope host src ADDR
 *   broadcast NET|~MASK dev D proto kernel scope link src PRIMARY  (< /31)
 * and lo's 127.0.0.0/8 is a local route as a whole.  wirelab's
 * node_is_local_addr() is the source of truth for "local": an address
 * counts while its device is up.
 * ENGINE: Linux keeps the local entry of an address on a device that is
 * down (only the broadcast entry goes); node_is_local_addr() does not. */
static void local_table(const struct node *n, struct local_list *l)
{
	for (size_t i = 0; i < n->n_devs; i++) {
		const struct netdev *d = n->devs[i];
		if (!d->up)
			continue;
		for (const struct ifaddr *a = d->addrs; a; a = a->next) {
			uint32_t mask = units_prefix_mask(a->plen);
			uint32_t prim = netdev_pick_src(d, a->addr);
			struct rt_view v = {
				.type = RTYPE_LOCAL, .table = TABLE_LOCAL, .dev = d, .proto = RTP_KERNEL,
				.scope = RTS_HOST, .prefsrc = prim,
			};
			if (d->kind == ND_LOOPBACK && a->plen < 32) {
				v.dst = a->addr & mask;
				v.plen = a->plen;
				local_push(l, &v);
			}
			v.dst = a->addr;
			v.plen = 32;
			local_push(l, &v);
			if (a->plen < 31 && prim == a->addr) {
				struct rt_view b = {
					.type = RTYPE_BROADCAST, .table = TABLE_LOCAL, .dev = d,
					.proto = RTP_KERNEL, .scope = RTS_LINK, .prefsrc = prim,
					.dst = (a->addr & mask) | ~mask, .plen = 32,
					.linkdown = !carrier(d),
				};
				local_push(l, &b);
			}
		}
	}
	if (l->n)
		qsort(l->v, l->n, sizeof *l->v, local_cmp);
}

/* ---- the selector (iproute_list_flush_or_save(), filter_nlmsg()) -------- */

struct rt_filter {
	uint32_t tb;                    /* 0: every table */
	bool cloned;
	bool proto_set, scope_set, oif_set, metric_set;
	unsigned proto, scope;
	uint32_t typemask;
	const struct netdev *oif;
	uint32_t metric;
	struct ipr_prefix rvia, rprefsrc, rdst, mdst;
};

/* inet_addr_match(): the first bits of a and b agree. */
static bool addr_match(uint32_t a, uint32_t b, int bits)
{
	if (bits <= 0)
		return true;
	if (bits > 32)
		bits = 32;
	return ((a ^ b) & units_prefix_mask(bits)) == 0;
}

static bool filter_match(const struct rt_filter *f, const struct rt_view *r)
{
	if (f->cloned)
		return false;   /* there is no route cache to list */
	if (f->tb && f->tb != r->table)
		return false;
	if (f->proto_set && f->proto != r->proto)
		return false;
	if (f->scope_set && f->scope != r->scope)
		return false;
	if (f->typemask && !(f->typemask & (1u << r->type)))
		return false;
	if (f->rdst.family || f->rdst.len_given) {
		if ((f->rdst.family && f->rdst.family != 4) || f->rdst.bitlen > r->plen)
			return false;
		if (!addr_match(r->dst, f->rdst.a, f->rdst.bitlen))
			return false;
	}
	if (f->mdst.family || f->mdst.len_given) {
		if ((f->mdst.family && f->mdst.family != 4) ||
		    (f->mdst.bitlen >= 0 && f->mdst.bitlen < r->plen))
			return false;
		if (!addr_match(r->dst, f->mdst.a, r->plen))
			return false;
	}
	if (f->rvia.family && (f->rvia.family != 4 || !addr_match(r->gw, f->rvia.a, f->rvia.bitlen)))
		return false;
	if (f->rprefsrc.family &&
	    (f->rprefsrc.family != 4 || !addr_match(r->prefsrc, f->rprefsrc.a, f->rprefsrc.bitlen)))
		return false;
	if (f->oif_set && f->oif != r->dev)
		return false;
	if (f->metric_set && f->metric != r->metric)
		return false;
	return true;
}

/* print_route() for a table entry.  Every field ends in a space, which is
 * why `ip route` lines end in one. */
static void print_route(struct strbuf *b, const struct ip_opts *o, const struct rt_filter *f,
			const struct rt_view *r)
{
	char a[16], t[16];
	if ((r->type != RTYPE_UNICAST || o->details) &&
	    (!f->typemask || (f->typemask & (1u << r->type)))) {
		rtype_n2a(r->type, t);
		sb_printf(b, "%s ", t);
	}
	units_format_ipv4(r->dst, a);
	if (r->plen == 0)
		sb_puts(b, "default ");
	else if (r->plen == 32)
		sb_printf(b, "%s ", a);
	else
		sb_printf(b, "%s/%d ", a, r->plen);
	if (r->gw && f->rvia.bitlen != 32) {
		units_format_ipv4(r->gw, a);
		sb_printf(b, "via %s ", a);
	}
	if (r->dev && !f->oif_set)
		sb_printf(b, "dev %s ", r->dev->name);
	if (r->table && (r->table != TABLE_MAIN || o->details) && !f->tb) {
		table_n2a(r->table, t);
		sb_printf(b, "table %s ", t);
	}
	if ((r->proto != RTP_BOOT || o->details) && !f->proto_set) {
		const char *p = proto_name(r->proto);
		if (p)
			sb_printf(b, "proto %s ", p);
		else
			sb_printf(b, "proto %u ", r->proto);
	}
	if ((r->scope != RTS_UNIVERSE || o->details) && !f->scope_set) {
		const char *s = scope_name(r->scope);
		if (s)
			sb_printf(b, "scope %s ", s);
		else
			sb_printf(b, "scope %u ", r->scope);
	}
	if (r->prefsrc && f->rprefsrc.bitlen != 32) {
		units_format_ipv4(r->prefsrc, a);
		sb_printf(b, "src %s ", a);
	}
	if (r->metric && !f->metric_set)
		sb_printf(b, "metric %u ", r->metric);
	if (r->linkdown)
		sb_puts(b, "linkdown ");
	sb_puts(b, "\n");
}

/* Parse a selector.  Returns 0, or an exit status with the message
 * written.  *od is the device named by dev/oif. */
static int parse_selector(struct cmd_ctx *c, const struct ip_opts *o, struct rt_filter *f,
			  int argc, char **argv)
{
	int fam = o->family == 1 ? 1 : o->family;
	const char *od = NULL;
	memset(f, 0, sizeof *f);
	f->tb = TABLE_MAIN;
	f->mdst.bitlen = -1;
	for (; argc > 0; argc--, argv++) {
		const char *w = argv[0];
#define NEXT() do { if (argc < 2) return incomplete(c); argc--, argv++; } while (0)
		if (cmd_matches(w, "table")) {
			NEXT();
			uint32_t tid;
			if (!table_a2n(&tid, argv[0])) {
				if (strcmp(argv[0], "all") == 0)
					f->tb = 0;
				else if (strcmp(argv[0], "cache") == 0)
					f->cloned = true;
				else if (strcmp(argv[0], "help") == 0)
					return route_usage(c);
				else
					return invarg(c, "table id value is invalid\n", argv[0]);
			} else {
				f->tb = tid;
			}
		} else if (cmd_matches(w, "vrf")) {
			return not_modelled(c, "vrf");
		} else if (cmd_matches(w, "cached") || cmd_matches(w, "cloned")) {
			f->cloned = true;
		} else if (strcmp(w, "tos") == 0 || cmd_matches(w, "dsfield")) {
			return not_modelled(c, "tos");
		} else if (cmd_matches(w, "protocol")) {
			NEXT();
			f->proto_set = true;
			if (!proto_a2n(&f->proto, argv[0])) {
				if (strcmp(argv[0], "all") != 0)
					return invarg(c, "invalid \"protocol\"\n", argv[0]);
				f->proto_set = false;
			}
		} else if (cmd_matches(w, "scope")) {
			NEXT();
			f->scope_set = true;
			if (!scope_a2n(&f->scope, argv[0])) {
				if (strcmp(argv[0], "all") != 0)
					return invarg(c, "invalid \"scope\"\n", argv[0]);
				f->scope_set = false;
			}
		} else if (cmd_matches(w, "type")) {
			NEXT();
			int type;
			if (!rtype_a2n(&type, argv[0]) || type > 31)
				return invarg(c, "node type value is invalid\n", argv[0]);
			f->typemask = 1u << type;
		} else if (strcmp(w, "dev") == 0 || strcmp(w, "oif") == 0) {
			NEXT();
			od = argv[0];
		} else if (strcmp(w, "iif") == 0 || strcmp(w, "mark") == 0) {
			return not_modelled(c, w);
		} else if (cmd_matches(w, "metric") || cmd_matches(w, "priority") ||
			   strcmp(w, "preference") == 0) {
			NEXT();
			if (!ipa_get_u32(&f->metric, argv[0]))
				return invarg(c, "\"metric\" value is invalid\n", argv[0]);
			f->metric_set = true;
		} else if (strcmp(w, "via") == 0) {
			NEXT();
			int vf = fam;
			if (strcmp(argv[0], "inet") == 0 || strcmp(argv[0], "inet6") == 0) {
				vf = argv[0][4] ? 6 : 4;
				NEXT();
			}
			if (!ipa_get_prefix_1(&f->rvia, argv[0], vf))
				return bad_prefix(c, vf, argv[0]);
		} else if (strcmp(w, "src") == 0) {
			NEXT();
			if (!ipa_get_prefix_1(&f->rprefsrc, argv[0], fam))
				return bad_prefix(c, fam, argv[0]);
		} else if (cmd_matches(w, "realms") || cmd_matches(w, "from")) {
			return not_modelled(c, w);
		} else {
			if (cmd_matches(argv[0], "to"))
				NEXT();
			if (cmd_matches(argv[0], "root")) {
				NEXT();
				if (!ipa_get_prefix_1(&f->rdst, argv[0], fam))
					return bad_prefix(c, fam, argv[0]);
			} else if (cmd_matches(argv[0], "match")) {
				NEXT();
				if (!ipa_get_prefix_1(&f->mdst, argv[0], fam))
					return bad_prefix(c, fam, argv[0]);
			} else {
				if (cmd_matches(argv[0], "exact"))
					NEXT();
				if (!ipa_get_prefix_1(&f->mdst, argv[0], fam))
					return bad_prefix(c, fam, argv[0]);
				f->rdst = f->mdst;
			}
		}
#undef NEXT
	}
	if (od) {
		f->oif = node_dev(o->ns, od);
		if (!f->oif)
			return nodev(c, od);
		f->oif_set = true;
	}
	return 0;
}

/* The routes a selector picks, main table first (in `ip route` order),
 * then the local table. */
struct rt_list {
	struct rt_view *v;
	size_t n;
};

static struct rt_list collect(const struct node *n, const struct rt_filter *f)
{
	struct local_list l = { 0 };
	for (size_t i = 0; i < n->routes.n; i++) {
		struct rt_view v = view_of(&n->routes.v[i]);
		if (filter_match(f, &v))
			local_push(&l, &v);
	}
	if (f->tb == 0 || f->tb == TABLE_LOCAL) {
		struct local_list loc = { 0 };
		local_table(n, &loc);
		for (size_t i = 0; i < loc.n; i++)
			if (filter_match(f, &loc.v[i]))
				local_push(&l, &loc.v[i]);
		free(loc.v);
	}
	return (struct rt_list){ l.v, l.n };
}

/* Tables wirelab has: main, and the local table it shows. */
static bool table_known(uint32_t tb)
{
	return tb == 0 || tb == TABLE_MAIN || tb == TABLE_LOCAL;
}

static int route_show(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	struct rt_filter f;
	int rc = parse_selector(c, o, &f, argc, argv);
	if (rc)
		return rc;
	/* IPv6 and link-layer listings are empty: wirelab has no such routes. */
	if (o->family == 6 || o->family == 1)
		return 0;
	if (!table_known(f.tb)) {
		/* The kernel has no other table until a route is put in one. */
		sb_puts(c->err, "Error: ipv4: FIB table does not exist.\nDump terminated\n");
		return 2;
	}
	struct rt_list l = collect(o->ns, &f);
	for (size_t i = 0; i < l.n; i++)
		print_route(c->out, o, &f, &l.v[i]);
	free(l.v);
	return 0;
}

/* Delete one route exactly as listed.
 * ENGINE: route_del() removes the first route matching (dst, plen, gw,
 * dev, metric, type); two routes equal in all those but proto, scope or
 * src cannot be told apart.  A route_remove(n, const struct route *)
 * would. */
static int delete_view(struct node *n, const struct rt_view *v)
{
	struct route m = {
		.dst = v->dst, .plen = v->plen, .gw = v->gw, .dev = (struct netdev *)v->dev,
		.metric = v->metric,
	};
	switch (v->type) {
	case RTYPE_BLACKHOLE: m.type = RT_BLACKHOLE; break;
	case RTYPE_UNREACHABLE: m.type = RT_UNREACHABLE; break;
	case RTYPE_PROHIBIT: m.type = RT_PROHIBIT; break;
	default: m.type = RT_UNICAST; break;
	}
	return route_del(n, &m, true, true, true);
}

static int route_flush(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	if (argc == 0) {
		sb_puts(c->err, "\"ip route flush\" requires arguments.\n");
		return 1;
	}
	struct rt_filter f;
	int rc = parse_selector(c, o, &f, argc, argv);
	if (rc)
		return rc;
	if (f.cloned) {
		/* iproute_flush_cache(): writes /proc/sys/net/ipv4/route/flush. */
		if (o->stats)
			sb_puts(c->out, "*** IPv4 routing cache is flushed.\n");
		if (o->family == 4 || o->family == 0)
			return 0;
	}
	if (o->family == 6 || o->family == 1 || !table_known(f.tb)) {
		if (o->stats)
			sb_puts(c->out, "Nothing to flush.\n");
		return 0;
	}
	/* Local-table entries follow the addresses in wirelab; flushing them
	 * is not modelled, so a flush touches the main table only. */
	if (f.tb == 0 || f.tb == TABLE_LOCAL) {
		if (f.tb == TABLE_LOCAL)
			return not_modelled(c, "flushing the local table");
		f.tb = TABLE_MAIN;
	}
	struct rt_list l = collect(o->ns, &f);
	if (l.n == 0) {
		if (o->stats)
			sb_puts(c->out, "Nothing to flush.\n");
		free(l.v);
		return 0;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (o->stats >= 2)
			print_route(c->out, o, &f, &l.v[i]);
		delete_view(o->ns, &l.v[i]);
	}
	if (o->stats)
		sb_printf(c->out, "\n*** Round 1, deleting %zu entries ***\n"
			  "*** Flush is complete after 1 round ***\n", l.n);
	free(l.v);
	return 0;
}

/* ---- add, del, change, replace, append, prepend, test ------------------- */

enum modify_cmd { M_ADD, M_CHANGE, M_REPLACE, M_PREPEND, M_APPEND, M_TEST, M_DEL };

/* The same route in every field fib_table_insert() compares (type and the
 * fib_info: proto, scope, prefsrc, metric, nexthop). */
static bool same_route(const struct route *a, const struct route *b)
{
	return a->type == b->type && a->proto == b->proto && a->scope == b->scope &&
	       a->prefsrc == b->prefsrc && a->metric == b->metric && a->gw == b->gw &&
	       a->dev == b->dev;
}

/* ip route prepend and the kernel's plain NLM_F_CREATE put the new route
 * before the others of its (dst, metric); route_add() puts it after them.
 * The others are taken out and put back behind it.
 * ENGINE: a ROUTE_PREPEND flag for route_add() would save the churn (and
 * its table trace records). */
static int add_in_front(struct node *n, const struct route *r)
{
	struct route_table *t = &n->routes;
	size_t k = 0;
	struct route *moved = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct route *o = &t->v[i];
		if (o->dst == r->dst && o->plen == r->plen && o->metric == r->metric) {
			moved = wl_realloc(moved, (k + 1) * sizeof *moved);
			moved[k++] = *o;
		}
	}
	for (size_t i = 0; i < k; i++) {
		struct rt_view v = view_of(&moved[i]);
		delete_view(n, &v);
	}
	int rc = route_add(n, r, 0);
	for (size_t i = 0; i < k; i++)
		route_add(n, &moved[i], 0);
	free(moved);
	return rc;
}

struct modify_req {
	int family;                     /* req.r.rtm_family */
	int type;                       /* enum rtype; RTYPE_UNSPEC for del */
	bool type_given, dst_ok, gw_ok, scope_ok, onlink;
	struct ipr_prefix dst;
	uint32_t gw, prefsrc;
	const char *dev;
	uint32_t metric;
	unsigned proto, scope;
	uint32_t table;
};

/* Options of `ip route add` wirelab does not model: named so the refusal
 * can say which. */
static const char *const unmodelled_opts[] = {
	"as", "from", "expires", "mtu", "hoplimit", "advmss", "rto_min", "nhid", "encap",
	"ttl-propagate",
};
static const char *const unmodelled_prefix_opts[] = {
	"reordering", "window", "cwnd", "initcwnd", "initrwnd", "features", "quickack",
	"congctl", "rttvar", "ssthresh", "realms", "vrf", "pref", "fastopen_no_cookie",
};

static int parse_modify(struct cmd_ctx *c, const struct ip_opts *o, enum modify_cmd cmd,
			struct modify_req *q, int argc, char **argv)
{
	memset(q, 0, sizeof *q);
	q->family = o->family;
	q->table = TABLE_MAIN;
	q->scope = RTS_UNIVERSE;
	if (cmd != M_DEL) {
		q->proto = RTP_BOOT;
		q->type = RTYPE_UNICAST;
	} else {
		q->scope = 255;         /* RT_SCOPE_NOWHERE: any */
	}
	for (; argc > 0; argc--, argv++) {
		const char *w = argv[0];
#define NEXT() do { if (argc < 2) return incomplete(c); argc--, argv++; } while (0)
		if (strcmp(w, "src") == 0) {
			NEXT();
			struct ipr_prefix p;
			if (!ipa_get_addr_1(&p, argv[0], q->family) || p.bitlen == -2)
				return bad_addr(c, q->family, argv[0]);
			if (p.family == 6)
				return not_modelled(c, "IPv6");
			if (q->family == 0)
				q->family = p.family;
			q->prefsrc = p.a;
		} else if (strcmp(w, "via") == 0) {
			if (q->gw_ok)
				return invarg(c, "use nexthop syntax to specify multiple via\n", w);
			q->gw_ok = true;
			NEXT();
			int vf = q->family;
			if (strcmp(argv[0], "inet") == 0 || strcmp(argv[0], "inet6") == 0 ||
			    strcmp(argv[0], "link") == 0 || strcmp(argv[0], "mpls") == 0 ||
			    strcmp(argv[0], "bridge") == 0) {
				if (strcmp(argv[0], "inet") != 0)
					return not_modelled(c, "a non-IPv4 gateway");
				vf = 4;
				NEXT();
			}
			struct ipr_prefix p;
			if (!ipa_get_addr_1(&p, argv[0], vf) || p.bitlen == -2)
				return bad_addr(c, vf, argv[0]);
			if (p.family == 6)
				return not_modelled(c, "IPv6");
			if (q->family == 0)
				q->family = p.family;
			q->gw = p.a;
		} else if (strcmp(w, "tos") == 0 || cmd_matches(w, "dsfield")) {
			return not_modelled(c, "tos");
		} else if (cmd_matches(w, "metric") || cmd_matches(w, "priority") ||
			   strcmp(w, "preference") == 0) {
			NEXT();
			if (!ipa_get_u32(&q->metric, argv[0]))
				return invarg(c, "\"metric\" value is invalid\n", argv[0]);
		} else if (strcmp(w, "scope") == 0) {
			NEXT();
			if (!scope_a2n(&q->scope, argv[0]))
				return invarg(c, "invalid \"scope\" value\n", argv[0]);
			q->scope_ok = true;
		} else if (strcmp(w, "onlink") == 0) {
			q->onlink = true;
		} else if (strcmp(w, "nexthop") == 0) {
			return not_modelled(c, "multipath (nexthop)");
		} else if (cmd_matches(w, "protocol")) {
			NEXT();
			if (!proto_a2n(&q->proto, argv[0]))
				return invarg(c, "\"protocol\" value is invalid\n", argv[0]);
		} else if (cmd_matches(w, "table")) {
			NEXT();
			if (!table_a2n(&q->table, argv[0]))
				return invarg(c, "\"table\" value is invalid\n", argv[0]);
		} else if (strcmp(w, "dev") == 0 || strcmp(w, "oif") == 0) {
			NEXT();
			q->dev = argv[0];
		} else {
			for (size_t i = 0; i < sizeof unmodelled_opts / sizeof unmodelled_opts[0]; i++)
				if (strcmp(w, unmodelled_opts[i]) == 0)
					return not_modelled(c, w);
			for (size_t i = 0; i < sizeof unmodelled_prefix_opts / sizeof unmodelled_prefix_opts[0];
			     i++)
				if (cmd_matches(w, unmodelled_prefix_opts[i]))
					return not_modelled(c, unmodelled_prefix_opts[i]);
			if (strcmp(argv[0], "to") == 0)
				NEXT();
			int type;
			if ((argv[0][0] < '0' || argv[0][0] > '9') && rtype_a2n(&type, argv[0])) {
				NEXT();
				q->type = type;
				q->type_given = true;
			}
			if (cmd_matches(argv[0], "help"))
				return route_usage(c);
			if (q->dst_ok) {
				sb_printf(c->err, "Error: either \"to\" is duplicate, or \"%s\" is a garbage.\n",
					  argv[0]);
				return 255;
			}
			if (!ipa_get_prefix_1(&q->dst, argv[0], q->family))
				return bad_prefix(c, q->family, argv[0]);
			if (q->family == 0)
				q->family = q->dst.family;
			q->dst_ok = true;
		}
#undef NEXT
	}
	if (!q->dst_ok)
		return route_usage(c);
	return 0;
}

static enum rt_type engine_type(int type)
{
	switch (type) {
	case RTYPE_BLACKHOLE: return RT_BLACKHOLE;
	case RTYPE_UNREACHABLE: return RT_UNREACHABLE;
	case RTYPE_PROHIBIT: return RT_PROHIBIT;
	}
	return RT_UNICAST;
}

/* fib_check_nh_v4_gw(): the gateway must be reached through a route of
 * scope link or narrower (a connected network, or one of the node's own
 * addresses), on dev when one was named, and must be a unicast or local
 * address there.  Returns the device it is reached through, or NULL. */
static struct netdev *gateway_dev(const struct node *n, uint32_t gw, unsigned scope,
				  const struct netdev *oif)
{
	unsigned need = scope + 1 < RTS_LINK ? RTS_LINK : scope + 1;
	/* The local table first, as fib_lookup() does. */
	if (node_is_local_addr(n, gw)) {
		for (size_t i = 0; i < n->n_devs; i++) {
			struct netdev *d = n->devs[i];
			for (const struct ifaddr *a = d->addrs; a; a = a->next)
				if ((a->addr == gw || (d->kind == ND_LOOPBACK && gw >> 24 == 127)) &&
				    (!oif || oif == d))
					return d;
		}
	}
	if (node_is_broadcast_addr(n, gw) || gw >> 28 == 0xe)
		return NULL;
	const struct route *best = NULL;
	for (size_t i = 0; i < n->routes.n; i++) {
		const struct route *r = &n->routes.v[i];
		if (r->scope < need || !addr_match(gw, r->dst, r->plen) || (oif && r->dev != oif))
			continue;
		if (r->dev && !r->dev->up)
			continue;
		if (!best || r->plen > best->plen || (r->plen == best->plen && r->metric < best->metric))
			best = r;
	}
	if (!best || best->type != RT_UNICAST)
		return NULL;
	return best->dev;
}

static int route_modify(struct cmd_ctx *c, const struct ip_opts *o, enum modify_cmd cmd,
			int argc, char **argv)
{
	struct modify_req q;
	int rc = parse_modify(c, o, cmd, &q, argc, argv);
	if (rc)
		return rc;
	struct node *n = o->ns;
	struct netdev *dev = NULL;
	if (q.dev) {
		dev = node_dev(n, q.dev);
		if (!dev)
			return nodev(c, q.dev);
	}
	if (q.family == 6 || q.dst.family == 6)
		return not_modelled(c, "IPv6");
	if (q.table != TABLE_MAIN)
		return not_modelled(c, "a table other than main");
	if (cmd != M_DEL && !q.scope_ok && (q.type == RTYPE_UNICAST || q.type == RTYPE_UNSPEC) &&
	    !q.gw_ok)
		q.scope = RTS_LINK;

	/* From here on, the kernel's answers, in the order it checks
	 * (rtm_to_fib_config(), fib_create_info(), fib_check_nh(),
	 * fib_table_insert() / fib_table_delete()). */
	int plen = q.dst.bitlen;
	if (q.dst.a & ~units_prefix_mask(plen))
		return rtnl_err(c, "Error: Invalid prefix for given prefix length.");
	struct route r = {
		.dst = q.dst.a, .plen = plen, .gw = q.gw, .dev = dev, .metric = q.metric,
		.prefsrc = q.prefsrc, .type = engine_type(q.type), .proto = (uint8_t)q.proto,
		.scope = (uint8_t)q.scope,
	};

	if (cmd == M_DEL) {
		const struct route_table *t = &n->routes;
		for (size_t i = 0; i < t->n; i++) {
			const struct route *e = &t->v[i];
			if (e->dst != r.dst || e->plen != r.plen)
				continue;
			if (q.type_given && rtype_of(e->type) != q.type)
				continue;
			if (q.scope != 255 && e->scope != q.scope)
				continue;
			if (q.prefsrc && e->prefsrc != q.prefsrc)
				continue;
			if (q.proto && e->proto != q.proto)
				continue;
			if (q.metric && e->metric != q.metric)
				continue;
			if (dev && e->dev != dev)
				continue;
			if (q.gw_ok && e->gw != q.gw)
				continue;
			struct rt_view v = view_of(e);
			delete_view(n, &v);
			return 0;
		}
		return rtnl_err(c, "RTNETLINK answers: No such process");
	}

	switch (q.type) {
	case RTYPE_UNICAST:
	case RTYPE_BLACKHOLE:
	case RTYPE_UNREACHABLE:
	case RTYPE_PROHIBIT:
		break;
	default: {
		char t[16];
		rtype_n2a(q.type, t);
		char what[40];
		snprintf(what, sizeof what, "the route type %s", t);
		return not_modelled(c, what);
	}
	}
	if (r.type != RT_UNICAST) {
		/* fib_props[type].error: no nexthop at all. */
		if (q.gw_ok || dev)
			return rtnl_err(c, "Error: Gateway, device and multipath can not be specified "
					   "for this route type.");
	} else {
		if (q.scope > RTS_HOST)
			return rtnl_err(c, "Error: Invalid scope.");
		if (q.scope == RTS_HOST) {
			if (q.gw)
				return rtnl_err(c, "Error: Route with host scope can not have a gateway.");
			if (!dev)
				return rtnl_err(c, "RTNETLINK answers: No such device");
		} else if (q.gw) {
			if (q.onlink) {
				if (q.scope >= RTS_LINK)
					return rtnl_err(c, "Error: Nexthop has invalid scope.");
				if (!dev)
					return rtnl_err(c, "Error: Nexthop device required for onlink.");
				if (!dev->up)
					return rtnl_err(c, "Error: Nexthop device is not up.");
				if (node_is_broadcast_addr(n, q.gw) || q.gw >> 28 == 0xe ||
				    node_is_local_addr(n, q.gw))
					return rtnl_err(c, "Error: Nexthop has invalid gateway.");
				/* ENGINE: struct route has no onlink flag, so a gateway
				 * outside dev's subnets cannot be stored; one inside them
				 * is an ordinary route (printed without "onlink"). */
				if (gateway_dev(n, q.gw, q.scope, dev) != dev)
					return not_modelled(c, "onlink to a gateway outside the device's "
							       "networks");
			} else {
				struct netdev *gd = gateway_dev(n, q.gw, q.scope, dev);
				if (!gd)
					return rtnl_err(c, "Error: Nexthop has invalid gateway.");
				if (!gd->up)
					return rtnl_err(c, "RTNETLINK answers: Network is down");
				r.dev = gd;
			}
		} else {
			if (q.onlink)
				return rtnl_err(c, "Error: Invalid flags for nexthop - PERVASIVE and "
						   "ONLINK can not be set.");
			if (!dev)
				return rtnl_err(c, "RTNETLINK answers: No such device");
			if (!dev->up)
				return rtnl_err(c, "Error: Device for nexthop is not up.");
		}
		/* fib_valid_prefsrc(): the source must be one of our addresses. */
		if (q.prefsrc && !node_is_local_addr(n, q.prefsrc))
			return rtnl_err(c, "Error: Invalid prefsrc address.");
	}

	/* fib_table_insert(): routes of the same (dst, metric) form a group;
	 * "first" is the one a replace overwrites, "match" an identical one. */
	const struct route *first = NULL, *match = NULL;
	for (size_t i = 0; i < n->routes.n; i++) {
		const struct route *e = &n->routes.v[i];
		if (e->dst != r.dst || e->plen != r.plen || e->metric != r.metric)
			continue;
		if (!first)
			first = e;
		if (!match && same_route(e, &r))
			match = e;
	}
	int flags = 0;
	switch (cmd) {
	case M_ADD:
		if (first)
			return rtnl_err(c, "RTNETLINK answers: File exists");
		break;
	case M_TEST:
		return rtnl_err(c, first ? "RTNETLINK answers: File exists"
				     : "RTNETLINK answers: No such file or directory");
	case M_CHANGE:
	case M_REPLACE:
		if (!first) {
			if (cmd == M_CHANGE)
				return rtnl_err(c, "RTNETLINK answers: No such file or directory");
			break;
		}
		if (match)
			return match == first ? 0 : rtnl_err(c, "RTNETLINK answers: File exists");
		flags = ROUTE_REPLACE;
		break;
	case M_PREPEND:
	case M_APPEND:
		if (match)
			return rtnl_err(c, "RTNETLINK answers: File exists");
		if (cmd == M_PREPEND && first) {
			if (add_in_front(n, &r) < 0)
				return rtnl_err(c, world_error(n->w));
			return 0;
		}
		break;
	case M_DEL:
		break;
	}
	if (route_add(n, &r, flags) < 0)
		return rtnl_err(c, world_error(n->w));
	return 0;
}

/* ---- ip route get ------------------------------------------------------- */

/* The best route to d through dev only (fib_lookup() with an oif), as a
 * view; false when there is none. */
static bool lookup_via(const struct node *n, uint32_t d, const struct netdev *dev,
		       struct rt_view *out)
{
	const struct route *best = NULL;
	for (size_t i = 0; i < n->routes.n; i++) {
		const struct route *r = &n->routes.v[i];
		if (r->dev != dev || !addr_match(d, r->dst, r->plen))
			continue;
		if (!best || r->plen > best->plen || (r->plen == best->plen && r->metric < best->metric))
			best = r;
	}
	if (!best)
		return false;
	*out = view_of(best);
	return true;
}

/* The local-table entry for d (a local or broadcast address). */
static bool local_entry(const struct node *n, uint32_t d, struct rt_view *out)
{
	struct local_list l = { 0 };
	local_table(n, &l);
	bool found = false;
	for (size_t i = 0; i < l.n; i++) {
		if (!addr_match(d, l.v[i].dst, l.v[i].plen))
			continue;
		if (!found || l.v[i].plen > out->plen)
			*out = l.v[i];
		found = true;
	}
	free(l.v);
	return found;
}

/* The device whose subnet broadcast address d is, or NULL. */
static const struct netdev *broadcast_dev(const struct node *n, uint32_t d)
{
	for (size_t i = 0; i < n->n_devs; i++) {
		const struct netdev *dev = n->devs[i];
		if (!dev->up || dev->kind == ND_LOOPBACK)
			continue;
		for (const struct ifaddr *a = dev->addrs; a; a = a->next) {
			uint32_t mask = units_prefix_mask(a->plen);
			if ((a->brd && a->brd == d) || (a->plen < 31 && d == ((a->addr & mask) | ~mask)))
				return dev;
		}
	}
	return NULL;
}

/* `ip route get`: what the kernel's ip_route_output_key() decides for a
 * packet to ADDR, printed as a cached route ("cache" line). */
static int route_get(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	int fam = o->family;
	bool fibmatch = false, from_ok = false, found = false;
	struct ipr_prefix dst = { 0 }, from = { 0 };
	const char *odev = NULL;
	uint32_t uid = 0;
	for (; argc > 0; argc--, argv++) {
		const char *w = argv[0];
#define NEXT() do { if (argc < 2) return incomplete(c); argc--, argv++; } while (0)
		if (strcmp(w, "tos") == 0 || cmd_matches(w, "dsfield")) {
			return not_modelled(c, "tos");
		} else if (cmd_matches(w, "from")) {
			NEXT();
			if (cmd_matches(argv[0], "help"))
				return route_usage(c);
			if (!ipa_get_prefix_1(&from, argv[0], fam))
				return bad_prefix(c, fam, argv[0]);
			if (fam == 0)
				fam = from.family;
			from_ok = true;
		} else if (cmd_matches(w, "iif")) {
			return not_modelled(c, "iif (the route of a packet being forwarded)");
		} else if (cmd_matches(w, "mark")) {
			return not_modelled(c, "mark");
		} else if (cmd_matches(w, "oif") || strcmp(w, "dev") == 0) {
			NEXT();
			odev = argv[0];
		} else if (cmd_matches(w, "notify") || cmd_matches(w, "connected") ||
			   cmd_matches(w, "vrf") || strcmp(w, "as") == 0 ||
			   cmd_matches(w, "ipproto") || cmd_matches(w, "flowlabel")) {
			return not_modelled(c, w);
		} else if (cmd_matches(w, "uid")) {
			NEXT();
			if (!ipa_get_u32(&uid, argv[0]))
				return invarg(c, "invalid UID\n", argv[0]);
		} else if (cmd_matches(w, "fibmatch")) {
			fibmatch = true;
		} else if (cmd_matches(w, "sport") || cmd_matches(w, "dport")) {
			/* Only multipath hashing looks at ports. */
			NEXT();
			uint32_t port;
			if (!ipa_get_u32(&port, argv[0]) || port > 65535)
				return invarg(c, w[0] == 's' ? "invalid sport\n" : "invalid dport\n",
					      argv[0]);
		} else {
			if (strcmp(w, "to") == 0)
				NEXT();
			if (cmd_matches(argv[0], "help"))
				return route_usage(c);
			if (!ipa_get_prefix_1(&dst, argv[0], fam))
				return bad_prefix(c, fam, argv[0]);
			if (fam == 0)
				fam = dst.family;
			if (dst.family == 4 && dst.bitlen != 32)
				sb_printf(c->err, "Warning: /%u as prefix is invalid, only /32 (or none) "
					  "is supported.\n", (unsigned)dst.bitlen);
			found = true;
		}
#undef NEXT
	}
	if (!found) {
		sb_puts(c->err, "need at least a destination address\n");
		return 1;
	}
	struct node *n = o->ns;
	const struct netdev *oif = NULL;
	if (odev) {
		oif = node_dev(n, odev);
		if (!oif)
			return nodev(c, odev);
	}
	if (fam == 6 || dst.family == 6 || from.family == 6)
		return not_modelled(c, "IPv6");

	uint32_t d = dst.a;
	const char *sl = o->oneline ? "\\" : "\n";
	char a[16];
	/* ip_route_output_key_hash_rcu(): a source must be one of ours; an
	 * all-zero one means "choose one", as if none was given. */
	if (from_ok && from.a == 0)
		from_ok = false;
	if (from_ok) {
		if (from.a == 0xffffffffu || from.a >> 28 == 0xe)
			return rtnl_err(c, "RTNETLINK answers: Invalid argument");
		if (!node_is_local_addr(n, from.a))
			return rtnl_err(c, "RTNETLINK answers: Network is unreachable");
	}
	/* Local: to ourselves, through lo. */
	bool lo_up = n->lo && n->lo->up;
	if (node_is_local_addr(n, d) || (d == 0 && lo_up)) {
		if (fibmatch) {
			struct rt_view v;
			struct rt_filter f = { .tb = TABLE_MAIN };
			if (local_entry(n, d, &v))
				print_route(c->out, o, &f, &v);
			return 0;
		}
		/* The local route's source: the primary address of the subnet
		 * (so a secondary address answers with the primary). */
		uint32_t src = (d == 0 || d >> 24 == 127) ? 0x7f000001u : d;
		struct rt_view lv;
		if (src == d && local_entry(n, d, &lv))
			src = lv.prefsrc;
		sb_puts(c->out, "local ");
		units_format_ipv4(d, a);
		sb_puts(c->out, a);
		if (from_ok) {
			units_format_ipv4(from.a, a);
			sb_printf(c->out, " from %s", a);
		}
		sb_puts(c->out, " dev lo ");
		if (o->details)
			sb_puts(c->out, "table main ");
		if (!from_ok) {
			units_format_ipv4(src, a);
			sb_printf(c->out, "src %s ", a);
		}
		sb_printf(c->out, "uid %u %s    cache <local> \n", uid, sl);
		return 0;
	}
	const struct netdev *bdev = broadcast_dev(n, d);
	struct rt_view v = { 0 };
	int type = RTYPE_UNICAST;
	const char *flags = "";
	if (bdev && (!oif || oif == bdev)) {
		if (fibmatch) {
			struct rt_filter f = { .tb = TABLE_MAIN };
			if (local_entry(n, d, &v))
				print_route(c->out, o, &f, &v);
			return 0;
		}
		v.dev = bdev;
		v.prefsrc = netdev_pick_src(bdev, d);
		type = RTYPE_BROADCAST;
		flags = "<local,brd> ";
	} else {
		if (oif) {
			/* With an output device the lookup keeps to it, and with no
			 * route there the destination is taken to be on its link. */
			if (!lookup_via(n, d, oif, &v)) {
				memset(&v, 0, sizeof v);
				v.type = RTYPE_UNICAST;
				v.dev = oif;
			}
		} else {
			const struct route *r = route_lookup(n, d);
			if (!r)
				return rtnl_err(c, "RTNETLINK answers: Network is unreachable");
			v = view_of(r);
		}
		switch (v.type) {
		case RTYPE_UNREACHABLE:
			return rtnl_err(c, "RTNETLINK answers: No route to host");
		case RTYPE_PROHIBIT:
			return rtnl_err(c, "RTNETLINK answers: Permission denied");
		case RTYPE_BLACKHOLE:
			return rtnl_err(c, "RTNETLINK answers: Invalid argument");
		}
		if (fibmatch) {
			struct rt_filter f = { .tb = TABLE_MAIN };
			print_route(c->out, o, &f, &v);
			return 0;
		}
		if (!v.prefsrc)
			v.prefsrc = netdev_pick_src(v.dev, v.gw ? v.gw : d);
		if (d == 0xffffffffu) {
			/* The limited broadcast leaves by the route's device, never
			 * through a gateway. */
			type = RTYPE_BROADCAST;
			flags = "<local,brd> ";
			v.gw = 0;
		} else if (d >> 28 == 0xe) {
			/* ip_check_mc_rcu(): every device is in 224.0.0.1. */
			type = RTYPE_MULTICAST;
			flags = d == 0xe0000001u ? "<local,mc> " : "<mc> ";
			if (v.plen < 4)
				v.gw = 0;
		}
	}
	char t[16];
	if (type != RTYPE_UNICAST || o->details) {
		rtype_n2a(type, t);
		sb_printf(c->out, "%s ", t);
	}
	units_format_ipv4(d, a);
	sb_printf(c->out, "%s ", a);
	if (from_ok) {
		units_format_ipv4(from.a, a);
		sb_printf(c->out, "from %s ", a);
	}
	if (v.gw) {
		units_format_ipv4(v.gw, a);
		sb_printf(c->out, "via %s ", a);
	}
	sb_printf(c->out, "dev %s ", v.dev->name);
	if (o->details)
		sb_puts(c->out, "table main ");
	if (!from_ok && v.prefsrc) {
		units_format_ipv4(v.prefsrc, a);
		sb_printf(c->out, "src %s ", a);
	}
	/* The kernel's RTCF_MULTICAST shares its bit with
	 * RTM_F_OFFLOAD_FAILED, which ip prints as a route flag. */
	if (type == RTYPE_MULTICAST)
		sb_puts(c->out, "rt_offload_failed ");
	/* A learnt path MTU is what the kernel's route cache shows. */
	int64_t expires = 0;
	uint32_t pmtu = type == RTYPE_UNICAST ? pmtu_get(o->ns, d, &expires) : 0;
	if (pmtu) {
		int64_t left = (expires - c->w->now_ns + NS_PER_S - 1) / NS_PER_S;
		sb_printf(c->out, "uid %u %s    cache %sexpires %lldsec mtu %u \n", uid, sl, flags,
			  (long long)left, pmtu);
		return 0;
	}
	sb_printf(c->out, "uid %u %s    cache %s\n", uid, sl, flags);
	return 0;
}

/* do_iproute(): the command words, with their abbreviations. */
int ip_route(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	argc--, argv++;
	if (argc == 0)
		return route_show(c, o, 0, NULL);
	const char *w = argv[0];
	argc--, argv++;
	if (cmd_matches(w, "add"))
		return route_modify(c, o, M_ADD, argc, argv);
	if (cmd_matches(w, "change") || strcmp(w, "chg") == 0)
		return route_modify(c, o, M_CHANGE, argc, argv);
	if (cmd_matches(w, "replace"))
		return route_modify(c, o, M_REPLACE, argc, argv);
	if (cmd_matches(w, "prepend"))
		return route_modify(c, o, M_PREPEND, argc, argv);
	if (cmd_matches(w, "append"))
		return route_modify(c, o, M_APPEND, argc, argv);
	if (cmd_matches(w, "test"))
		return route_modify(c, o, M_TEST, argc, argv);
	if (cmd_matches(w, "delete"))
		return route_modify(c, o, M_DEL, argc, argv);
	if (cmd_matches(w, "list") || cmd_matches(w, "show") || cmd_matches(w, "lst"))
		return route_show(c, o, argc, argv);
	if (cmd_matches(w, "get"))
		return route_get(c, o, argc, argv);
	if (cmd_matches(w, "flush"))
		return route_flush(c, o, argc, argv);
	if (cmd_matches(w, "save") || cmd_matches(w, "restore") || cmd_matches(w, "showdump")) {
		sb_printf(c->err, "wirelab: ip route %s is not modelled (it reads and writes "
			  "binary netlink dumps)\n", w);
		return 255;
	}
	if (cmd_matches(w, "help"))
		return route_usage(c);
	sb_printf(c->err, "Command \"%s\" is unknown, try \"ip route help\".\n", w);
	return 255;
}
