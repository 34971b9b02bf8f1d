/* cmd_ip_link.c — `ip link add | set | delete | show | help`, as iproute2 6.1
 * (ip/iplink.c iplink_parse() and iplink_modify(), ip/link_veth.c,
 * ip/iplink_bridge.c) sends them and as Linux 6.1 answers them
 * (net/core/rtnetlink.c do_setlink(), drivers/net/veth.c veth_newlink(),
 * net/bridge/br_if.c br_add_if()).  `ip link show` is ip_addr_list() in
 * cmd_ip_addr.c, as it is ipaddress.c's lister in iproute2.
 *
 * Modelled: veth pairs (with `netns` for either end, `address` and `mtu`),
 * bridges (`ageing_time` in centiseconds, as the kernel takes it; `stp_state
 * 0`); setting up/down, netns, master/nomaster, address, mtu, name, several
 * at once; deleting (one veth end takes the other).  Other device types and
 * options are real but not modelled: commands using them say so and change
 * nothing.
 *
 * Exit statuses follow ip(8): 255 for a bad command line (iproute2's
 * exit(-1)), 1 for a device or value it could not resolve, 2 when the
 * kernel refused ("RTNETLINK answers: ..." or "Error: ..." from extack).
 * Kernel words are Linux 6.1's (Debian 12): where later kernels added an
 * extack message the 6.1 errno text is kept, as the engine keeps it.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/event.h"
#include "core/world.h"
#include "dev/bridge.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/units.h"

void ip_link_usage(struct strbuf *err)
{
	sb_puts(err,
	"Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME\n"
	"\t\t    [ txqueuelen PACKETS ]\n"
	"\t\t    [ address LLADDR ]\n"
	"\t\t    [ broadcast LLADDR ]\n"
	"\t\t    [ mtu MTU ] [index IDX ]\n"
	"\t\t    [ numtxqueues QUEUE_COUNT ]\n"
	"\t\t    [ numrxqueues QUEUE_COUNT ]\n"
	"\t\t    [ netns { PID | NAME } ]\n"
	"\t\t    type TYPE [ ARGS ]\n"
	"\n"
	"\tip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]\n"
	"\n"
	"\tip link set { DEVICE | dev DEVICE | group DEVGROUP }\n"
	"\t\t\t[ { up | down } ]\n"
	"\t\t\t[ type TYPE ARGS ]\n"
	"\t\t[ arp { on | off } ]\n"
	"\t\t[ dynamic { on | off } ]\n"
	"\t\t[ multicast { on | off } ]\n"
	"\t\t[ allmulticast { on | off } ]\n"
	"\t\t[ promisc { on | off } ]\n"
	"\t\t[ trailers { on | off } ]\n"
	"\t\t[ carrier { on | off } ]\n"
	"\t\t[ txqueuelen PACKETS ]\n"
	"\t\t[ name NEWNAME ]\n"
	"\t\t[ address LLADDR ]\n"
	"\t\t[ broadcast LLADDR ]\n"
	"\t\t[ mtu MTU ]\n"
	"\t\t[ netns { PID | NAME } ]\n"
	"\t\t[ link-netns NAME | link-netnsid ID ]\n"
	"\t\t[ alias NAME ]\n"
	"\t\t[ vf NUM [ mac LLADDR ]\n"
	"\t\t\t [ vlan VLANID [ qos VLAN-QOS ] [ proto VLAN-PROTO ] ]\n"
	"\t\t\t [ rate TXRATE ]\n"
	"\t\t\t [ max_tx_rate TXRATE ]\n"
	"\t\t\t [ min_tx_rate TXRATE ]\n"
	"\t\t\t [ spoofchk { on | off} ]\n"
	"\t\t\t [ query_rss { on | off} ]\n"
	"\t\t\t [ state { auto | enable | disable} ]\n"
	"\t\t\t [ trust { on | off} ]\n"
	"\t\t\t [ node_guid EUI64 ]\n"
	"\t\t\t [ port_guid EUI64 ] ]\n"
	"\t\t[ { xdp | xdpgeneric | xdpdrv | xdpoffload } { off |\n"
	"\t\t\t  object FILE [ { section | program } NAME ] [ verbose ] |\n"
	"\t\t\t  pinned FILE } ]\n"
	"\t\t[ master DEVICE ][ vrf NAME ]\n"
	"\t\t[ nomaster ]\n"
	"\t\t[ addrgenmode { eui64 | none | stable_secret | random } ]\n"
	"\t\t[ protodown { on | off } ]\n"
	"\t\t[ protodown_reason PREASON { on | off } ]\n"
	"\t\t[ gso_max_size BYTES ] | [ gso_max_segs PACKETS ]\n"
	"\t\t[ gro_max_size BYTES ]\n"
	"\n"
	"\tip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]\n"
	"\t\t[nomaster]\n"
	"\n"
	"\tip link xstats type TYPE [ ARGS ]\n"
	"\n"
	"\tip link afstats [ dev DEVICE ]\n"
	"\tip link property add dev DEVICE [ altname NAME .. ]\n"
	"\tip link property del dev DEVICE [ altname NAME .. ]\n"
	"\n"
	"\tip link help [ TYPE ]\n"
	"\n"
	"TYPE := { amt | bareudp | bond | bond_slave | bridge | bridge_slave |\n"
	"          dsa | dummy | erspan | geneve | gre | gretap | gtp | ifb |\n"
	"          ip6erspan | ip6gre | ip6gretap | ip6tnl |\n"
	"          ipip | ipoib | ipvlan | ipvtap |\n"
	"          macsec | macvlan | macvtap |\n"
	"          netdevsim | nlmon | rmnet | sit | team | team_slave |\n"
	"          vcan | veth | vlan | vrf | vti | vxcan | vxlan | wwan |\n"
	"          xfrm | virt_wifi }\n");
}

/* ip/link_veth.c prints its usage on stdout. */
static void veth_usage(struct strbuf *out)
{
	sb_puts(out, "Usage: ip link <options> type veth [peer <options>]\n"
		     "To get <options> type 'ip link add help'\n");
}

static void bridge_explain(struct strbuf *err)
{
	sb_puts(err,
	"Usage: ... bridge [ fdb_flush ]\n"
	"\t\t  [ forward_delay FORWARD_DELAY ]\n"
	"\t\t  [ hello_time HELLO_TIME ]\n"
	"\t\t  [ max_age MAX_AGE ]\n"
	"\t\t  [ ageing_time AGEING_TIME ]\n"
	"\t\t  [ stp_state STP_STATE ]\n"
	"\t\t  [ priority PRIORITY ]\n"
	"\t\t  [ group_fwd_mask MASK ]\n"
	"\t\t  [ group_address ADDRESS ]\n"
	"\t\t  [ no_linklocal_learn NO_LINKLOCAL_LEARN ]\n"
	"\t\t  [ vlan_filtering VLAN_FILTERING ]\n"
	"\t\t  [ vlan_protocol VLAN_PROTOCOL ]\n"
	"\t\t  [ vlan_default_pvid VLAN_DEFAULT_PVID ]\n"
	"\t\t  [ vlan_stats_enabled VLAN_STATS_ENABLED ]\n"
	"\t\t  [ vlan_stats_per_port VLAN_STATS_PER_PORT ]\n"
	"\t\t  [ mcast_snooping MULTICAST_SNOOPING ]\n"
	"\t\t  [ mcast_vlan_snooping MULTICAST_VLAN_SNOOPING ]\n"
	"\t\t  [ mcast_router MULTICAST_ROUTER ]\n"
	"\t\t  [ mcast_query_use_ifaddr MCAST_QUERY_USE_IFADDR ]\n"
	"\t\t  [ mcast_querier MULTICAST_QUERIER ]\n"
	"\t\t  [ mcast_hash_elasticity HASH_ELASTICITY ]\n"
	"\t\t  [ mcast_hash_max HASH_MAX ]\n"
	"\t\t  [ mcast_last_member_count LAST_MEMBER_COUNT ]\n"
	"\t\t  [ mcast_startup_query_count STARTUP_QUERY_COUNT ]\n"
	"\t\t  [ mcast_last_member_interval LAST_MEMBER_INTERVAL ]\n"
	"\t\t  [ mcast_membership_interval MEMBERSHIP_INTERVAL ]\n"
	"\t\t  [ mcast_querier_interval QUERIER_INTERVAL ]\n"
	"\t\t  [ mcast_query_interval QUERY_INTERVAL ]\n"
	"\t\t  [ mcast_query_response_interval QUERY_RESPONSE_INTERVAL ]\n"
	"\t\t  [ mcast_startup_query_interval STARTUP_QUERY_INTERVAL ]\n"
	"\t\t  [ mcast_stats_enabled MCAST_STATS_ENABLED ]\n"
	"\t\t  [ mcast_igmp_version IGMP_VERSION ]\n"
	"\t\t  [ mcast_mld_version MLD_VERSION ]\n"
	"\t\t  [ nf_call_iptables NF_CALL_IPTABLES ]\n"
	"\t\t  [ nf_call_ip6tables NF_CALL_IP6TABLES ]\n"
	"\t\t  [ nf_call_arptables NF_CALL_ARPTABLES ]\n"
	"\n"
	"Where: VLAN_PROTOCOL := { 802.1Q | 802.1ad }\n");
}

/* The device types iproute2 6.1 knows (its usage's TYPE list): a real type
 * wirelab does not model is told apart from a word Linux does not know. */
static const char *const real_types[] = {
	"amt", "bareudp", "bond", "bond_slave", "bridge", "bridge_slave", "dsa", "dummy",
	"erspan", "geneve", "gre", "gretap", "gtp", "ifb", "ip6erspan", "ip6gre", "ip6gretap",
	"ip6tnl", "ipip", "ipoib", "ipvlan", "ipvtap", "macsec", "macvlan", "macvtap",
	"netdevsim", "nlmon", "rmnet", "sit", "team", "team_slave", "vcan", "veth", "vlan",
	"vrf", "vti", "vxcan", "vxlan", "wwan", "xfrm", "virt_wifi", "can", "hsr", "lowpan",
	NULL,
};

static bool is_real_type(const char *t)
{
	for (int i = 0; real_types[i]; i++)
		if (strcmp(real_types[i], t) == 0)
			return true;
	return false;
}

/* ---- iproute2's helpers ---------------------------------------------------- */

/* A failed NEXT_ARG(). */
static int incomplete(struct cmd_ctx *c)
{
	sb_puts(c->err, "Command line is not complete. Try option \"help\"\n");
	return 255;
}

/* invarg(msg, arg): msg carries its own "\n" where iproute2's does, which
 * leaves an empty line after some of these messages, as the real tool. */
static int invarg(struct cmd_ctx *c, const char *msg, const char *arg)
{
	sb_printf(c->err, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return 255;
}

static int duparg(struct cmd_ctx *c, const char *key, const char *arg)
{
	sb_printf(c->err, "Error: duplicate \"%s\": \"%s\" is the second value.\n", key, arg);
	return 255;
}

static int duparg2(struct cmd_ctx *c, const char *key, const char *arg)
{
	sb_printf(c->err, "Error: either \"%s\" is duplicate, or \"%s\" is a garbage.\n", key, arg);
	return 255;
}

/* check_ifname() and check_altifname() (lib/utils.c). */
static bool name_chars_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s == '/' || isspace((unsigned char)*s))
			return false;
	return true;
}

static bool check_ifname(const char *s)
{
	return strlen(s) < IFNAMSIZ && name_chars_ok(s);
}

/* get_integer(): strtol in base 0, the whole word, within int. */
static bool get_integer(const char *s, long *v)
{
	char *end;
	if (!*s)
		return false;
	errno = 0;
	long x = strtol(s, &end, 0);
	if (*end || errno || x < INT_MIN || x > INT_MAX)
		return false;
	*v = x;
	return true;
}

/* get_u32(): strtoul in base 0, the whole word, no sign. */
static bool get_u32(const char *s, unsigned long *v)
{
	char *end;
	if (!*s || *s == '-')
		return false;
	errno = 0;
	unsigned long x = strtoul(s, &end, 0);
	if (*end || errno || x > 0xffffffffUL)
		return false;
	*v = x;
	return true;
}

/* ll_addr_a2n() (lib/ll_addr.c): colon-separated hex bytes read with
 * sscanf("%x") (so "0x12" and "1fg" read as 0x12 and 0x1f), or a dotted
 * quad as 4 bytes.  The message names the byte that failed.  Returns the
 * length, or -1 after printing. */
static int ll_addr_a2n(struct cmd_ctx *c, uint8_t *out, int len, const char *arg)
{
	if (strchr(arg, '.')) {
		uint32_t a;
		if (units_parse_ipv4(arg, &a, NULL, 0) != 0) {
			sb_printf(c->err, "\"%s\" is invalid lladdr.\n", arg);
			return -1;
		}
		for (int i = 0; i < 4 && i < len; i++)
			out[i] = (uint8_t)(a >> (24 - 8 * i));
		return 4;
	}
	char buf[256];
	snprintf(buf, sizeof buf, "%s", arg);
	char *p = buf;
	int i;
	for (i = 0; i < len; i++) {
		char *cp = strchr(p, ':');
		if (cp)
			*cp++ = '\0';
		unsigned int v;
		if (sscanf(p, "%x", &v) != 1 || v > 255) {
			sb_printf(c->err, "\"%s\" is invalid lladdr.\n", p);
			return -1;
		}
		out[i] = (uint8_t)v;
		if (!cp)
			break;
		p = cp;
	}
	return i + 1;
}

/* is_valid_ether_addr(): not multicast, not all zeros. */
static bool valid_ether(const uint8_t m[6])
{
	return !(m[0] & 1) && (m[0] | m[1] | m[2] | m[3] | m[4] | m[5]);
}

/* ll_name_to_index(): a name, or "ifN". */
static struct netdev *dev_lookup(struct node *n, const char *name)
{
	struct netdev *d = node_dev(n, name);
	if (d || strncmp(name, "if", 2) != 0 || !name[2])
		return d;
	long idx = 0;
	for (const char *p = name + 2; *p; p++) {
		if (*p < '0' || *p > '9' || idx > 100000000)
			return NULL;
		idx = idx * 10 + (*p - '0');
	}
	return node_dev_by_index(n, (int)idx);
}

/* ---- iplink_parse() ---------------------------------------------------------- */

struct link_req {
	const char *dev, *name;
	int up;                         /* -1 unchanged, 0 down, 1 up */
	bool have_mac;
	int mac_len;
	uint8_t mac[32];
	bool have_mtu;
	long mtu;
	struct node *netns;
	bool set_master;
	struct netdev *master;          /* NULL with set_master: nomaster */
	const char *type;
	int type_argc;                  /* what follows "type TYPE" */
	char **type_argv;
	int consumed;                   /* words read, "type TYPE" included */
};

/* Options Linux has and wirelab does not model, in iplink_parse()'s order.
 * Each takes a value; prefix: matched as iproute2's matches(), so that an
 * abbreviation means what it means there. */
static const struct {
	const char *word;
	bool prefix;
} unmodelled[] = {
	{ "index", false }, { "txqueuelen", true }, { "qlen", false }, { "txqlen", true },
	{ "xdp", false }, { "xdpgeneric", false }, { "xdpdrv", false }, { "xdpoffload", false },
	{ "multicast", false }, { "allmulticast", false }, { "promisc", false },
	{ "trailers", false }, { "arp", false }, { "carrier", false }, { "vf", false },
	{ "dynamic", true }, { "alias", true }, { "group", false }, { "mode", false },
	{ "state", false }, { "numtxqueues", true }, { "numrxqueues", true },
	{ "addrgenmode", true }, { "link-netns", false }, { "link-netnsid", true },
	{ "protodown", false }, { "protodown_reason", false }, { "gso_max_size", false },
	{ "gso_max_segs", false }, { "gro_max_size", false }, { "parentdev", false },
};

static int not_modelled_opt(struct cmd_ctx *c, const char *word)
{
	sb_printf(c->err, "wirelab: ip link ... %s is not modelled (wirelab has: up, down, "
			  "name, address, mtu, netns, master, nomaster, type veth|bridge)\n", word);
	return 2;
}

/* iplink_parse(): the words of `ip link add|set|delete` (or of a veth's
 * "peer"), up to and including "type TYPE"; what follows is the type's.
 * Returns 0, or an exit status after printing the error.  At the end, as
 * there, r->name == r->dev when only one of "name NAME" and a bare device
 * word was given (or both the same). */
static int link_parse(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv,
		      struct link_req *r)
{
	int start = argc;
	r->up = -1;
	while (argc > 0) {
		const char *a = argv[0];
		bool have_next = argc > 1;
		if (strcmp(a, "up") == 0) {
			r->up = 1;
		} else if (strcmp(a, "down") == 0) {
			r->up = 0;
		} else if (strcmp(a, "name") == 0) {
			if (!have_next)
				return incomplete(c);
			argc--, argv++;
			if (r->name)
				return duparg(c, "name", argv[0]);
			if (!check_ifname(argv[0]))
				return invarg(c, "\"name\" not a valid ifname", argv[0]);
			r->name = argv[0];
			if (!r->dev)
				r->dev = r->name;
		} else if (cmd_matches(a, "link")) {
			if (!have_next)
				return incomplete(c);
			sb_puts(c->err, "wirelab: ip link add link DEV (stacked devices: vlan, macvlan, "
					"...) is not modelled (wirelab has: type veth, type bridge)\n");
			return 2;
		} else if (cmd_matches(a, "address")) {
			if (!have_next)
				return incomplete(c);
			argc--, argv++;
			int len = ll_addr_a2n(c, r->mac, (int)sizeof r->mac, argv[0]);
			if (len < 0)
				return 1;
			r->have_mac = true;
			r->mac_len = len;
		} else if (cmd_matches(a, "broadcast") || strcmp(a, "brd") == 0) {
			if (!have_next)
				return incomplete(c);
			argc--, argv++;
			uint8_t tmp[32];
			if (ll_addr_a2n(c, tmp, (int)sizeof tmp, argv[0]) < 0)
				return 1;
			return not_modelled_opt(c, a);
		} else if (strcmp(a, "mtu") == 0) {
			if (!have_next)
				return incomplete(c);
			argc--, argv++;
			if (r->have_mtu)
				return duparg(c, "mtu", argv[0]);
			if (!get_integer(argv[0], &r->mtu))
				return invarg(c, "Invalid \"mtu\" value\n", argv[0]);
			r->have_mtu = true;
		} else if (strcmp(a, "netns") == 0) {
			if (!have_next)
				return incomplete(c);
			argc--, argv++;
			if (r->netns)
				return duparg(c, "netns", argv[0]);
			r->netns = cmd_find_netns(c, argv[0]);
			if (!r->netns) {
				long pid;
				if (get_integer(argv[0], &pid)) {
					sb_printf(c->err, "wirelab: netns %s: a namespace by process id is "
							  "not modelled; name it (ip netns list)\n", argv[0]);
					return 2;
				}
				return invarg(c, "Invalid \"netns\" value\n", argv[0]);
			}
		} else if (cmd_matches(a, "master")) {
			if (!have_next)
				return incomplete(c);
			argc--, argv++;
			struct netdev *m = dev_lookup(o->ns, argv[0]);
			if (!m)
				return invarg(c, "Device does not exist\n", argv[0]);
			r->set_master = true;
			r->master = m;
		} else if (strcmp(a, "vrf") == 0) {
			if (!have_next)
				return incomplete(c);
			return not_modelled_opt(c, a);
		} else if (cmd_matches(a, "nomaster")) {
			r->set_master = true;
			r->master = NULL;
		} else if (cmd_matches(a, "type")) {
			if (!have_next)
				return incomplete(c);
			argc--, argv++;
			r->type = argv[0];
			argc--, argv++;
			break;
		} else {
			for (size_t i = 0; i < sizeof unmodelled / sizeof unmodelled[0]; i++) {
				if (unmodelled[i].prefix ? cmd_matches(a, unmodelled[i].word)
							 : strcmp(a, unmodelled[i].word) == 0) {
					if (!have_next)
						return incomplete(c);
					return not_modelled_opt(c, a);
				}
			}
			if (cmd_matches(a, "help")) {
				ip_link_usage(c->err);
				return 255;
			}
			if (strcmp(a, "dev") == 0) {
				if (!have_next)
					return incomplete(c);
				argc--, argv++;
				a = argv[0];
			}
			if (r->dev != r->name)
				return duparg2(c, "dev", a);
			if (!name_chars_ok(a) || strlen(a) >= 128)
				return invarg(c, "\"dev\" not a valid ifname", a);
			r->dev = a;
		}
		argc--, argv++;
	}
	r->type_argc = argc;
	r->type_argv = argv;
	r->consumed = start - argc;
	/* "ip link add dev NAME" and "ip link add name NAME" are one thing. */
	if (!r->name)
		r->name = r->dev;
	else if (!r->dev)
		r->dev = r->name;
	else if (strcmp(r->name, r->dev) == 0)
		r->name = r->dev;
	return 0;
}

/* A kernel refusal in the engine's words. */
static int engine_error(struct cmd_ctx *c, struct world *w)
{
	sb_printf(c->err, "%s\n", world_error(w));
	return 2;
}

/* ---- bridge options (ip/iplink_bridge.c) ------------------------------------ */

static const char *const bridge_opts[] = {
	"fdb_flush", "forward_delay", "hello_time", "max_age", "ageing_time", "stp_state",
	"priority", "group_fwd_mask", "group_address", "no_linklocal_learn", "vlan_filtering",
	"vlan_protocol", "vlan_default_pvid", "vlan_stats_enabled", "vlan_stats_per_port",
	"mcast_snooping", "mcast_vlan_snooping", "mcast_router", "mcast_query_use_ifaddr",
	"mcast_querier", "mcast_hash_elasticity", "mcast_hash_max", "mcast_last_member_count",
	"mcast_startup_query_count", "mcast_last_member_interval", "mcast_membership_interval",
	"mcast_querier_interval", "mcast_query_interval", "mcast_query_response_interval",
	"mcast_startup_query_interval", "mcast_stats_enabled", "mcast_igmp_version",
	"mcast_mld_version", "nf_call_iptables", "nf_call_ip6tables", "nf_call_arptables", NULL,
};

struct bridge_req {
	bool have_ageing;
	unsigned long ageing_cs;
};

static int bridge_parse(struct cmd_ctx *c, int argc, char **argv, struct bridge_req *br)
{
	for (; argc > 0; argc--, argv++) {
		const char *a = argv[0];
		if (strcmp(a, "ageing_time") == 0) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			if (!get_u32(argv[0], &br->ageing_cs))
				return invarg(c, "invalid ageing_time", argv[0]);
			br->have_ageing = true;
		} else if (strcmp(a, "stp_state") == 0) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			unsigned long v;
			if (!get_u32(argv[0], &v))
				return invarg(c, "invalid stp_state", argv[0]);
			if (v != 0) {
				sb_puts(c->err, "wirelab: STP is not modelled: a bridge here runs with "
						"stp_state 0, as Linux does by default\n");
				return 2;
			}
		} else if (strcmp(a, "help") == 0) {
			bridge_explain(c->err);
			return 255;
		} else {
			int i;
			for (i = 0; bridge_opts[i]; i++)
				if (strcmp(a, bridge_opts[i]) == 0)
					break;
			if (!bridge_opts[i]) {
				sb_printf(c->err, "bridge: unknown command \"%s\"?\n", a);
				bridge_explain(c->err);
				return 1;
			}
			if (strcmp(a, "fdb_flush") != 0 && argc < 2)
				return incomplete(c);
			sb_printf(c->err, "wirelab: bridge option %s is not modelled (wirelab has: "
					  "ageing_time CENTISECONDS, stp_state 0)\n", a);
			return 2;
		}
	}
	return 0;
}

/* Apply ageing_time (centiseconds: 30000 is the default 300 s; ip-link(8)
 * says seconds, the kernel takes clock_t).  A pending ageing pass runs now
 * to pick up the new time. */
static void bridge_apply(struct netdev *dev, const struct bridge_req *br)
{
	if (!br->have_ageing || !dev->br)
		return;
	struct world *w = dev->node->w;
	dev->br->ageing_ns = (int64_t)br->ageing_cs * 10000000;
	if (ev_pending(&dev->br->gc))
		ev_schedule(w, &dev->br->gc, w->now_ns);
}

/* ---- ip link add -------------------------------------------------------------- */

static int check_mac_and_mtu(struct cmd_ctx *c, const struct link_req *r)
{
	if (r->have_mac && (r->mac_len != 6 || !valid_ether(r->mac))) {
		sb_puts(c->err, r->mac_len != 6 ? "RTNETLINK answers: Invalid argument\n"
						 : "RTNETLINK answers: Cannot assign requested address\n");
		return 2;
	}
	if (r->have_mtu && r->mtu < 68) {
		/* veth_newlink() / br_dev_newlink(): dev_validate_mtu() */
		sb_puts(c->err, "Error: mtu less than device minimum.\n");
		return 2;
	}
	if (r->have_mtu && r->mtu > 65535) {
		sb_puts(c->err, "Error: mtu greater than device maximum.\n");
		return 2;
	}
	return 0;
}

/* The kernel's own name check (dev_valid_name()); iproute2 lets ':' and
 * long bare names through. */
static int kernel_name_check(struct cmd_ctx *c, const char *name)
{
	if (strlen(name) >= IFNAMSIZ) {
		sb_puts(c->err, "Error: Attribute failed policy validation.\n");
		return 2;
	}
	if (strchr(name, ':') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		sb_puts(c->err, "RTNETLINK answers: Invalid argument\n");
		return 2;
	}
	return 0;
}

static void apply_created(struct netdev *dev, const struct link_req *r)
{
	if (r->have_mac)
		netdev_set_mac(dev, r->mac);
	if (r->have_mtu)
		netdev_set_mtu(dev, (uint32_t)r->mtu);
}

static int link_add(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	struct link_req r = { 0 };
	int rc = link_parse(c, o, argc, argv, &r);
	if (rc)
		return rc;
	if (r.name != r.dev) {
		sb_puts(c->err, "both \"name\" and \"dev\" cannot be used when creating devices.\n");
		return 255;
	}
	if (!r.type) {
		sb_puts(c->err, "Not enough information: \"type\" argument is required\n");
		return 1;
	}
	struct node *home = o->ns;
	struct node *where = r.netns ? r.netns : home;
	struct world *w = home->w;

	if (strcmp(r.type, "veth") == 0) {
		struct link_req p = { 0 };
		if (r.type_argc > 0) {
			if (strcmp(r.type_argv[0], "peer") != 0) {
				veth_usage(c->out);
				return 1;
			}
			rc = link_parse(c, o, r.type_argc - 1, r.type_argv + 1, &p);
			if (rc)
				return rc;
			if (p.type)
				return duparg(c, "type", r.type_argv[p.consumed]);
			if (p.name != p.dev) {
				sb_puts(c->err, "both \"name\" and \"dev\" cannot be used when creating "
						"devices.\n");
				return 255;
			}
		}
		if ((rc = check_mac_and_mtu(c, &r)) || (rc = check_mac_and_mtu(c, &p)))
			return rc;
		if (p.set_master || r.set_master) {
			sb_puts(c->err, "wirelab: master at creation is not modelled: add the pair, "
					"then `ip link set DEV master BR`\n");
			return 2;
		}
		struct node *peer_where = p.netns ? p.netns : home;
		char name[IFNAMSIZ], peer_name[IFNAMSIZ];
		if (p.name) {
			if ((rc = kernel_name_check(c, p.name)))
				return rc;
			snprintf(peer_name, sizeof peer_name, "%s", p.name);
		} else {
			node_next_dev_name(peer_where, "veth", peer_name);
		}
		if (r.name) {
			if ((rc = kernel_name_check(c, r.name)))
				return rc;
			snprintf(name, sizeof name, "%s", r.name);
		} else {
			/* both unnamed in one namespace: the peer takes vethN
			 * first, this end the next free one */
			int k = 0;
			do
				snprintf(name, sizeof name, "veth%d", k++);
			while (node_dev(where, name) || (where == peer_where && strcmp(name, peer_name) == 0));
		}
		/* rtnl_newlink() refuses a name already there; veth_newlink()
		 * then registers the peer first (it gets the lower ifindex and
		 * the first MAC), brings it up if asked, then registers this
		 * end.  A failure after the peer's registration has used up
		 * the peer's ifindex, as in the kernel. */
		if (node_dev(where, name) || node_dev(peer_where, peer_name)) {
			sb_puts(c->err, "RTNETLINK answers: File exists\n");
			return 2;
		}
		if (p.up == 1) {
			/* dev_open() of a veth whose peer is not registered yet */
			peer_where->next_ifindex++;
			sb_puts(c->err, "RTNETLINK answers: Transport endpoint is not connected\n");
			return 2;
		}
		if (where == peer_where && strcmp(name, peer_name) == 0) {
			peer_where->next_ifindex++;
			sb_puts(c->err, "RTNETLINK answers: File exists\n");
			return 2;
		}
		struct netdev *peer = netdev_veth_pair(peer_where, peer_name, where, name);
		if (!peer)
			return engine_error(c, w);
		struct netdev *dev = peer->peer;
		apply_created(peer, &p);
		apply_created(dev, &r);
		if (r.up == 1)
			netdev_set_up(dev, true);
		return 0;
	}
	if (strcmp(r.type, "bridge") == 0) {
		struct bridge_req br = { 0 };
		if ((rc = bridge_parse(c, r.type_argc, r.type_argv, &br)))
			return rc;
		if ((rc = check_mac_and_mtu(c, &r)))
			return rc;
		if (r.set_master) {
			sb_puts(c->err, "Error: Can not enslave a bridge to a bridge.\n");
			return 2;
		}
		char name[IFNAMSIZ];
		if (r.name) {
			if ((rc = kernel_name_check(c, r.name)))
				return rc;
			snprintf(name, sizeof name, "%s", r.name);
		} else {
			node_next_dev_name(where, "bridge", name);
		}
		struct netdev *dev = netdev_new(where, name, ND_BRIDGE);
		if (!dev)
			return engine_error(c, w);
		apply_created(dev, &r);
		bridge_apply(dev, &br);
		if (r.up == 1)
			netdev_set_up(dev, true);
		return 0;
	}
	if (is_real_type(r.type)) {
		sb_printf(c->err, "wirelab: ip link add type %s is not modelled (wirelab has: type "
				  "veth, type bridge; a cabled NIC comes from the scenario's links)\n",
			  r.type);
		return 2;
	}
	sb_puts(c->err, "Error: Unknown device type.\n");
	return 2;
}

/* ---- ip link set -------------------------------------------------------------- */

static int set_master(struct cmd_ctx *c, struct netdev *dev, struct netdev *br)
{
	struct world *w = dev->node->w;
	if (br && br->node != dev->node) {
		sb_puts(c->err, "RTNETLINK answers: No such device\n");
		return 2;
	}
	if (br && dev->master == br)
		return 0;
	if (br) {
		/* do_set_master(): a master that cannot take ports refuses;
		 * br_add_if() refuses bridges and non-Ethernet devices. */
		if (br->kind != ND_BRIDGE) {
			sb_puts(c->err, "RTNETLINK answers: Operation not supported\n");
			return 2;
		}
		if (dev->kind == ND_BRIDGE) {
			sb_puts(c->err, "Error: Can not enslave a bridge to a bridge.\n");
			return 2;
		}
		if (dev->kind == ND_LOOPBACK) {
			sb_puts(c->err, "RTNETLINK answers: Invalid argument\n");
			return 2;
		}
	}
	/* A new master replaces the old one: released first, then enslaved. */
	if (dev->master)
		bridge_del_port(dev->master, dev);
	if (br && bridge_add_port(br, dev) < 0)
		return engine_error(c, w);
	return 0;
}

static int link_set(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	struct link_req r = { 0 };
	int rc = link_parse(c, o, argc, argv, &r);
	if (rc)
		return rc;
	if (!r.dev) {
		sb_puts(c->err, "Not enough information: \"dev\" argument is required.\n");
		return 255;
	}
	struct netdev *dev = dev_lookup(o->ns, r.dev);
	if (!dev) {
		sb_printf(c->err, "Cannot find device \"%s\"\n", r.dev);
		return 1;
	}
	if (r.name == r.dev)
		r.name = NULL;
	if (r.have_mac && r.mac_len != 6) {
		sb_printf(c->err, "Invalid address length %d - must be 6 bytes\n", r.mac_len);
		return 1;
	}
	struct bridge_req br = { 0 };
	if (r.type) {
		const char *kind = dev->kind == ND_VETH ? "veth" : dev->kind == ND_BRIDGE ? "bridge"
											 : NULL;
		if (strcmp(r.type, "bridge") == 0) {
			if ((rc = bridge_parse(c, r.type_argc, r.type_argv, &br)))
				return rc;
		} else if (strcmp(r.type, "veth") == 0) {
			if (r.type_argc > 0 && strcmp(r.type_argv[0], "peer") != 0) {
				veth_usage(c->out);
				return 1;
			}
		} else if (r.type_argc > 0 && !is_real_type(r.type)) {
			sb_printf(c->err, "Garbage instead of arguments \"%s ...\". Try \"ip link "
					  "help\".\n", r.type_argv[0]);
			return 1;
		}
		/* rtnl_newlink(): type options (IFLA_INFO_DATA) must be for the
		 * device's own kind, and the kind must take changes (a veth
		 * does not); a bare "type X" is not looked at. */
		if (r.type_argc > 0 &&
		    (!kind || strcmp(kind, r.type) != 0 || strcmp(r.type, "veth") == 0)) {
			sb_puts(c->err, "RTNETLINK answers: Operation not supported\n");
			return 2;
		}
		if (!kind || strcmp(kind, r.type) != 0)
			br.have_ageing = false;
	}
	struct world *w = o->ns->w;
	if (r.name && (rc = kernel_name_check(c, r.name)))
		return rc;

	/* do_setlink()'s order: namespace, address, MTU, name, flags, master. */
	if (r.netns && r.netns != dev->node && dev->kind == ND_BRIDGE) {
		/* A bridge is NETIF_F_NETNS_LOCAL, as lo is: it stays where it
		 * was made (6.1 has no extack; later kernels say "Error: The
		 * interface netns is immutable.").
		 * ENGINE: netdev_move() would move it. */
		sb_puts(c->err, "RTNETLINK answers: Invalid argument\n");
		return 2;
	}
	if (r.netns && r.netns != dev->node) {
		/* __dev_change_net_namespace(dev, net, pat): when the name is
		 * taken over there, the requested new name is used instead. */
		if (r.name && node_dev(r.netns, dev->name) && !node_dev(r.netns, r.name) &&
		    dev->kind != ND_LOOPBACK) {
			netdev_set_up(dev, false);
			if (netdev_rename(dev, r.name) < 0)
				return engine_error(c, w);
		}
		if (netdev_move(dev, r.netns) < 0)
			return engine_error(c, w);
	}
	if (r.have_mac) {
		if (!valid_ether(r.mac)) {
			sb_puts(c->err, "RTNETLINK answers: Cannot assign requested address\n");
			return 2;
		}
		if (memcmp(r.mac, dev->mac, 6) != 0)
			netdev_set_mac(dev, r.mac);
	}
	if (r.have_mtu) {
		if (r.mtu < 0) {
			/* the kernel compares as int: below any minimum */
			sb_puts(c->err, "Error: mtu less than device minimum.\n");
			return 2;
		}
		if (netdev_set_mtu(dev, (uint32_t)r.mtu) < 0)
			return engine_error(c, w);
	}
	if (r.name && strcmp(r.name, dev->name) != 0) {
		if (netdev_rename(dev, r.name) < 0)
			return engine_error(c, w);
	}
	if (r.up == 1 && !dev->up)
		netdev_set_up(dev, true);
	else if (r.up == 0 && dev->up)
		netdev_set_up(dev, false);
	if (r.set_master && (rc = set_master(c, dev, r.master)))
		return rc;
	if (r.type && strcmp(r.type, "bridge") == 0)
		bridge_apply(dev, &br);
	return 0;
}

/* ---- ip link delete ----------------------------------------------------------- */

static int link_del(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	struct link_req r = { 0 };
	int rc = link_parse(c, o, argc, argv, &r);
	if (rc)
		return rc;
	if (!r.dev) {
		sb_puts(c->err, "Not enough information: \"dev\" argument is required.\n");
		return 255;
	}
	struct netdev *dev = dev_lookup(o->ns, r.dev);
	if (!dev) {
		sb_printf(c->err, "Cannot find device \"%s\"\n", r.dev);
		return 1;
	}
	if (dev->kind == ND_LOOPBACK || dev->kind == ND_ETH) {
		/* rtnl_dellink(): no rtnl_link_ops->dellink for lo or a NIC. */
		sb_puts(c->err, "RTNETLINK answers: Operation not supported\n");
		return 2;
	}
	/* rtnl_dellink() does not look at a "type" given. */
	netdev_del(dev);
	return 0;
}

/* do_iplink(): subcommands matched in iproute2's order, so `ip link s` is
 * set and `ip link sh` show. */
int ip_link(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	argc--, argv++;
	if (argc < 1)
		return ip_addr_list(c, o, 0, NULL, true, false);
	const char *s = argv[0];
	argc--, argv++;
	if (cmd_matches(s, "add"))
		return link_add(c, o, argc, argv);
	if (cmd_matches(s, "set") || cmd_matches(s, "change"))
		return link_set(c, o, argc, argv);
	if (cmd_matches(s, "replace")) {
		sb_puts(c->err, "wirelab: ip link replace is not modelled (wirelab has: add, set, "
				"delete, show)\n");
		return 255;
	}
	if (cmd_matches(s, "delete"))
		return link_del(c, o, argc, argv);
	if (cmd_matches(s, "show") || cmd_matches(s, "lst") || cmd_matches(s, "list"))
		return ip_addr_list(c, o, argc, argv, true, false);
	if (cmd_matches(s, "xstats") || cmd_matches(s, "afstats") || cmd_matches(s, "property")) {
		sb_printf(c->err, "wirelab: ip link %s is not modelled (wirelab has: add, set, "
				  "delete, show)\n", s);
		return 255;
	}
	if (cmd_matches(s, "help")) {
		if (argc > 0 && strcmp(argv[0], "veth") == 0) {
			veth_usage(c->out);
			return 0;
		}
		if (argc > 0 && strcmp(argv[0], "bridge") == 0) {
			bridge_explain(c->err);
			return 0;
		}
		ip_link_usage(c->err);
		return 255;
	}
	sb_printf(c->err, "Command \"%s\" is unknown, try \"ip link help\".\n", s);
	return 255;
}
