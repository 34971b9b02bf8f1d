/* cmd_bridge.c — `bridge` (iproute2 6.1's bridge/bridge.c, fdb.c, link.c)
 * over wirelab's bridges (dev/bridge.h):
 *
 *   bridge [-s] [-d] [-o] [-n NS] fdb [show] [br BR] [brport|dev DEV] [state S] [dynamic]
 *   bridge link [show] [dev DEV]
 *   bridge vlan [show], bridge mdb [show]   (empty: no VLANs, no snooping)
 *
 * `bridge fdb show` is the kernel's rtnl_fdb_dump(): devices in ifindex
 * order; for a bridge port, the bridge's entries on that port
 * ("MAC dev PORT master BR", "permanent" for the port's own address),
 * then the device's own address lists as "self permanent"; for a bridge,
 * its lists, then its entries with no port (its own address).
 *
 * The "self permanent" lines are the multicast addresses each Ethernet
 * device has joined, which wirelab does not model (it has no IGMP or IPv6).
 * They are printed as Linux 6.x prints them with IPv6 disabled
 * (net.ipv6.conf.*.disable_ipv6=1), checked in namespaces:
 *   33:33:00:00:00:01   every device, up or down: IPv6's all-nodes group,
 *                       joined when the device registers, even with IPv6
 *                       disabled (ipv6_add_dev());
 *   01:00:5e:00:00:6a   a bridge that is up: multicast router discovery
 *   33:33:00:00:00:6a   (224.0.0.106, ff02::6a; br_multicast_open() joins
 *                       them while snooping is on, the default);
 *   01:00:5e:00:00:01   every device that is up: IPv4's all-hosts group
 *                       (ip_mc_up()).
 * lo has none (ndo_dflt_fdb_dump() skips non-Ethernet devices).  With IPv6
 * enabled Linux adds solicited-node groups (33:33:ff:..) that this leaves
 * out.
 *
 * Order within a port: Linux lists the bridge's entries newest first.
 * ENGINE: FDB entries keep no creation time, so wirelab lists a port's
 * learned entries (by MAC) before its own address, which is the oldest
 * entry on a port in every topology that does not change MACs later.
 *
 * Left out, with a message: bridge fdb add|append|replace|del|get|flush
 * (static entries), bridge link set, bridge monitor.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/units.h"

struct br_opts {
	int stats;                      /* -s */
	bool details;                   /* -d */
	bool oneline;                   /* -o */
	struct node *ns;                /* -n NS, else the node itself */
};

static void bridge_usage(struct strbuf *err)
{
	sb_puts(err,
		"Usage: bridge [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"       bridge [ -force ] -batch filename\n"
		"where  OBJECT := { link | fdb | mdb | vlan | monitor }\n"
		"       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] |\n"
		"                    -o[neline] | -t[imestamp] | -n[etns] name |\n"
		"                    -c[ompressvlans] -color -p[retty] -j[son] }\n");
}

static int incomplete(struct cmd_ctx *c)
{
	sb_puts(c->err, "Command line is not complete. Try option \"help\"\n");
	return 255;
}

static int not_modelled(struct cmd_ctx *c, const char *what)
{
	sb_printf(c->err, "wirelab: bridge %s is not modelled (wirelab has bridge fdb show, "
		  "bridge link show)\n", what);
	return 255;
}

/* ---- bridge fdb ------------------------------------------------------------ */

/* fdb.c's NUD_* state bits. */
#define K_REACHABLE 0x02
#define K_STALE     0x04
#define K_NOARP     0x40
#define K_PERMANENT 0x80

struct fdb_filter {
	const struct netdev *br;        /* `br BR` (may be a device that is no bridge) */
	const struct netdev *dev;       /* `brport|dev DEV`: also drops "dev X" */
	unsigned state;                 /* 0: any */
	bool dynamic;                   /* permanent entries left out */
};

struct fdb_ctx {
	struct strbuf *b;
	const struct br_opts *o;
	const struct fdb_filter *f;
	const struct bridge *br;
	const struct netdev *port;      /* NULL: the bridge's own entries */
	bool local_pass;                /* a port: false for learned, true for its own */
};

/* print_fdb(): "MAC [dev DEV] [used U/UPD] self|master BR STATE". */
static void print_fdb(struct strbuf *b, const struct br_opts *o, const struct fdb_filter *f,
		      const uint8_t mac[6], const struct netdev *dev, const struct netdev *master,
		      unsigned state, int64_t age_ns, bool stats)
{
	char m[18];
	if (f->state && !(state & f->state))
		return;
	if (f->dynamic && (state & K_PERMANENT))
		return;
	units_format_mac(mac, m);
	sb_printf(b, "%s ", m);
	if (!f->dev)
		sb_printf(b, "dev %s ", dev->name);
	if (stats && o->stats) {
		/* ENGINE: an entry keeps only when it was last refreshed, so
		 * "used" (last forwarded to) shows the same age. */
		long long s = (long long)(age_ns / NS_PER_S);
		sb_printf(b, "used %lld/%lld ", s, s);
	}
	if (master)
		sb_printf(b, "master %s ", master->name);
	else
		sb_puts(b, "self ");
	sb_printf(b, "%s\n", state & K_PERMANENT ? "permanent" : state & K_NOARP ? "static"
			      : state & K_STALE ? "stale" : "");
}

static void fdb_entry(void *ctx, const struct fdb_entry *e)
{
	struct fdb_ctx *x = ctx;
	if (e->port != x->port || (x->port && e->is_local != x->local_pass))
		return;
	print_fdb(x->b, x->o, x->f, e->mac, x->port ? x->port : x->br->dev, x->br->dev,
		  e->is_local ? K_PERMANENT : K_REACHABLE, bridge_fdb_age_ns(x->br, e), true);
}

/* ndo_dflt_fdb_dump(): the multicast groups a device has joined (see the
 * comment at the top). */
static void fdb_self(struct strbuf *b, const struct br_opts *o, const struct fdb_filter *f,
		     const struct netdev *d)
{
	static const uint8_t all_nodes6[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const uint8_t mrd4[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x6a };
	static const uint8_t mrd6[6] = { 0x33, 0x33, 0, 0, 0, 0x6a };
	static const uint8_t all_hosts4[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	print_fdb(b, o, f, all_nodes6, d, NULL, K_PERMANENT, 0, false);
	if (d->up && d->kind == ND_BRIDGE) {
		print_fdb(b, o, f, mrd4, d, NULL, K_PERMANENT, 0, false);
		print_fdb(b, o, f, mrd6, d, NULL, K_PERMANENT, 0, false);
	}
	if (d->up)
		print_fdb(b, o, f, all_hosts4, d, NULL, K_PERMANENT, 0, false);
}

static void fdb_usage(struct strbuf *err)
{
	sb_puts(err,
		"Usage: bridge fdb { add | append | del | replace } ADDR dev DEV\n"
		"              [ self ] [ master ] [ use ] [ router ] [ extern_learn ]\n"
		"              [ sticky ] [ local | static | dynamic ] [ vlan VID ]\n"
		"              { [ dst IPADDR ] [ port PORT] [ vni VNI ] | [ nhid NHID ] }\n"
		"\t       [ via DEV ] [ src_vni VNI ]\n"
		"       bridge fdb [ show [ br BRDEV ] [ brport DEV ] [ vlan VID ]\n"
		"              [ state STATE ] [ dynamic ] ]\n"
		"       bridge fdb get [ to ] LLADDR [ br BRDEV ] { brport | dev } DEV\n"
		"              [ vlan VID ] [ vni VNI ] [ self ] [ master ] [ dynamic ]\n"
		"       bridge fdb flush dev DEV [ brport DEV ] [ vlan VID ]\n"
		"              [ self ] [ master ] [ [no]permanent | [no]static | [no]dynamic ]\n"
		"              [ [no]added_by_user ] [ [no]extern_learn ] [ [no]sticky ]\n"
		"              [ [no]offloaded ]\n");
}

/* state_a2n(): "permanent", "static"/"temp", "stale", "reachable"/"dynamic",
 * "all", or a number. */
static bool fdb_state_a2n(unsigned *s, const char *arg)
{
	if (cmd_matches(arg, "permanent"))
		*s = K_PERMANENT;
	else if (cmd_matches(arg, "static") || cmd_matches(arg, "temp"))
		*s = K_NOARP;
	else if (cmd_matches(arg, "stale"))
		*s = K_STALE;
	else if (cmd_matches(arg, "reachable") || cmd_matches(arg, "dynamic"))
		*s = K_REACHABLE;
	else if (strcmp(arg, "all") == 0)
		*s = ~0u;
	else {
		char *end;
		unsigned long v = strtoul(arg, &end, 0);
		if (!*arg || *end || v > 0xffffffffUL)
			return false;
		*s = (unsigned)v;
	}
	return true;
}

static int fdb_show(struct cmd_ctx *c, const struct br_opts *o, int argc, char **argv)
{
	struct fdb_filter f = { 0 };
	const char *dev = NULL, *br = NULL;
	bool vlan = false;
	for (; argc > 0; argc--, argv++) {
		const char *w = argv[0];
		if (strcmp(w, "brport") == 0 || strcmp(w, "dev") == 0) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			dev = argv[0];
		} else if (strcmp(w, "br") == 0) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			br = argv[0];
		} else if (strcmp(w, "vlan") == 0) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			if (vlan) {
				sb_printf(c->err, "Error: duplicate \"vlan\": \"%s\" is the second value.\n",
					  argv[0]);
				return 255;
			}
			/* wirelab's bridges have no VLANs: no entry carries one. */
			vlan = atoi(argv[0]) != 0;
		} else if (strcmp(w, "state") == 0) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			unsigned s;
			if (!fdb_state_a2n(&s, argv[0])) {
				sb_printf(c->err, "Error: argument \"%s\" is wrong: invalid state\n", argv[0]);
				return 255;
			}
			f.state |= s;
		} else if (strcmp(w, "dynamic") == 0) {
			f.dynamic = true;
		} else if (cmd_matches(w, "help")) {
			fdb_usage(c->err);
			return 255;
		}
		/* Anything else is ignored, as fdb_show() ignores it. */
	}
	struct node *n = o->ns;
	if (br) {
		f.br = node_dev(n, br);
		if (!f.br) {
			sb_printf(c->err, "Cannot find bridge device \"%s\"\n", br);
			return 255;
		}
	}
	if (dev) {
		f.dev = node_dev(n, dev);
		if (!f.dev) {
			sb_printf(c->err, "Cannot find device \"%s\"\n", dev);
			return 255;
		}
	}
	if (vlan)
		return 0;
	for (size_t i = 0; i < n->n_devs; i++) {
		const struct netdev *d = n->devs[i];
		if (d->kind == ND_LOOPBACK || (f.dev && d != f.dev))
			continue;
		/* rtnl_fdb_dump() with a bridge named: that bridge and its
		 * ports only. */
		if (f.br && d != f.br && d->master != f.br)
			continue;
		if (f.br && d == f.br && d->kind != ND_BRIDGE)
			continue;
		if (d->kind == ND_BRIDGE && d->br) {
			fdb_self(c->out, o, &f, d);
			struct fdb_ctx x = { c->out, o, &f, d->br, NULL, true };
			bridge_fdb_foreach(d->br, fdb_entry, &x);
			continue;
		}
		if (d->master && d->master->br) {
			struct fdb_ctx x = { c->out, o, &f, d->master->br, d, false };
			bridge_fdb_foreach(d->master->br, fdb_entry, &x);
			x.local_pass = true;
			bridge_fdb_foreach(d->master->br, fdb_entry, &x);
		}
		fdb_self(c->out, o, &f, d);
	}
	return 0;
}

static int do_fdb(struct cmd_ctx *c, const struct br_opts *o, int argc, char **argv)
{
	if (argc == 0)
		return fdb_show(c, o, 0, NULL);
	const char *w = argv[0];
	if (cmd_matches(w, "add") || cmd_matches(w, "append") || cmd_matches(w, "replace") ||
	    cmd_matches(w, "delete") || cmd_matches(w, "get") || cmd_matches(w, "flush")) {
		char what[48];
		snprintf(what, sizeof what, "fdb %s (static entries)", w);
		return not_modelled(c, what);
	}
	if (cmd_matches(w, "show") || cmd_matches(w, "lst") || cmd_matches(w, "list"))
		return fdb_show(c, o, argc - 1, argv + 1);
	if (cmd_matches(w, "help")) {
		fdb_usage(c->err);
		return 255;
	}
	sb_printf(c->err, "Command \"%s\" is unknown, try \"bridge fdb help\".\n", w);
	return 255;
}

/* ---- bridge link ----------------------------------------------------------- */

/* port_cost() in net/bridge/br_if.c: from the port's speed in Mbit/s.
 * A veth says 10000; a wirelab cable's rate is its speed; an unplugged
 * NIC, or a cable with no rate (infinitely fast), says unknown. */
static unsigned port_cost(const struct netdev *d)
{
	uint64_t mbit = 10000;
	if (d->kind == ND_ETH)
		mbit = d->link && d->link->p.rate_bps ? d->link->p.rate_bps / 1000000 : 0;
	switch (mbit) {
	case 10000: return 2;
	case 5000: return 3;
	case 2500: return 4;
	case 1000: return 4;
	case 100: return 19;
	case 10: return 100;
	case 0: return 100;
	}
	return mbit > 10000 ? 1 : 100;
}

static void link_usage(struct strbuf *err)
{
	sb_puts(err,
		"Usage: bridge link set dev DEV [ cost COST ] [ priority PRIO ] [ state STATE ]\n"
		"                               [ guard {on | off} ]\n"
		"                               [ hairpin {on | off} ]\n"
		"                               [ fastleave {on | off} ]\n"
		"                               [ root_block {on | off} ]\n"
		"                               [ learning {on | off} ]\n"
		"                               [ learning_sync {on | off} ]\n"
		"                               [ flood {on | off} ]\n"
		"                               [ mcast_router MULTICAST_ROUTER ]\n"
		"                               [ mcast_flood {on | off} ]\n"
		"                               [ bcast_flood {on | off} ]\n"
		"                               [ mcast_to_unicast {on | off} ]\n"
		"                               [ neigh_suppress {on | off} ]\n"
		"                               [ vlan_tunnel {on | off} ]\n"
		"                               [ isolated {on | off} ]\n"
		"                               [ locked {on | off} ]\n"
		"                               [ hwmode {vepa | veb} ]\n"
		"                               [ backup_port DEVICE ] [ nobackup_port ]\n"
		"                               [ self ] [ master ]\n"
		"       bridge link show [dev DEV]\n");
}

/* print_linkinfo() for a bridge port:
 *   "IDX: NAME[@LINK]: <FLAGS> mtu N master BR state S priority 32 cost C "
 * The kernel's PF_BRIDGE dump gives a veth's peer index without its
 * namespace, so bridge(8) names whatever device has that index in this
 * namespace ("veth1@br0" when the peer is eth0 ifindex 2 elsewhere), or
 * "ifN"; and says M-DOWN when that device is not up (or does not exist). */
static void print_port(struct strbuf *b, const struct br_opts *o, const struct netdev *d)
{
	sb_printf(b, "%d: %s", d->ifindex, d->name);
	bool m_down = false;
	if (d->kind == ND_VETH && d->peer) {
		const struct netdev *l = node_dev_by_index(d->node, d->peer->ifindex);
		if (l)
			sb_printf(b, "@%s", l->name);
		else
			sb_printf(b, "@if%d", d->peer->ifindex);
		m_down = !l || !l->up;
	}
	bool lower_up = d->up && netdev_carrier(d);
	bool running = d->up && lower_up;
	sb_puts(b, ": <");
	if (d->up && !running)
		sb_puts(b, "NO-CARRIER,");
	sb_puts(b, "BROADCAST,MULTICAST");
	if (d->up)
		sb_puts(b, ",UP");
	if (lower_up)
		sb_puts(b, ",LOWER_UP");
	if (m_down)
		sb_puts(b, ",M-DOWN");
	/* With STP off a port forwards as soon as it and its bridge are up
	 * with a carrier, and is disabled otherwise. */
	bool forwarding = d->master->up && running;
	sb_printf(b, "> mtu %u master %s state %s priority 32 cost %u ", d->mtu, d->master->name,
		  forwarding ? "forwarding" : "disabled", port_cost(d));
	if (o->details)
		sb_printf(b, "%s    hairpin off guard off root_block off fastleave off learning on "
			  "flood on mcast_flood on bcast_flood on mcast_router 1 mcast_to_unicast off "
			  "neigh_suppress off vlan_tunnel off isolated off locked off ",
			  o->oneline ? "\\" : "\n");
	sb_puts(b, "\n");
}

static int link_show(struct cmd_ctx *c, const struct br_opts *o, int argc, char **argv)
{
	const char *dev = NULL;
	for (; argc > 0; argc--, argv++) {
		if (strcmp(argv[0], "dev") == 0) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			if (dev) {
				sb_printf(c->err, "Error: duplicate \"dev\": \"%s\" is the second value.\n",
					  argv[0]);
				return 255;
			}
			dev = argv[0];
		}
		/* brlink_show() ignores every other word. */
	}
	const struct netdev *only = NULL;
	if (dev) {
		only = node_dev(o->ns, dev);
		if (!only) {
			sb_printf(c->err, "Cannot find device \"%s\"\n", dev);
			return 255;
		}
	}
	struct node *n = o->ns;
	for (size_t i = 0; i < n->n_devs; i++) {
		const struct netdev *d = n->devs[i];
		if (!d->master || (only && d != only))
			continue;
		print_port(c->out, o, d);
	}
	return 0;
}

static int do_link(struct cmd_ctx *c, const struct br_opts *o, int argc, char **argv)
{
	if (argc == 0)
		return link_show(c, o, 0, NULL);
	const char *w = argv[0];
	if (cmd_matches(w, "set") || cmd_matches(w, "change"))
		return not_modelled(c, "link set (port flags, cost, priority)");
	if (cmd_matches(w, "show") || cmd_matches(w, "lst") || cmd_matches(w, "list"))
		return link_show(c, o, argc - 1, argv + 1);
	if (cmd_matches(w, "help")) {
		link_usage(c->err);
		return 255;
	}
	sb_printf(c->err, "Command \"%s\" is unknown, try \"bridge link help\".\n", w);
	return 255;
}

/* ---- bridge vlan, bridge mdb ------------------------------------------------ */

/* wirelab's bridges filter no VLANs and snoop no multicast: `bridge vlan`
 * prints its header and nothing else, `bridge mdb` nothing, as Linux does
 * for a bridge with vlan_filtering 0 and no groups. */
static int do_vlan(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc == 0 || cmd_matches(argv[0], "show") || cmd_matches(argv[0], "list")) {
		sb_puts(c->out, "port              vlan-id  \n");
		return 0;
	}
	return not_modelled(c, "vlan (VLAN filtering)");
}

static int do_mdb(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc == 0 || cmd_matches(argv[0], "show") || cmd_matches(argv[0], "list"))
		return 0;
	return not_modelled(c, "mdb (multicast snooping)");
}

/* ---- bridge [OPTIONS] OBJECT (bridge/bridge.c main()) ----------------------- */

int cmd_bridge(struct cmd_ctx *c)
{
	struct br_opts o = { .ns = c->node };
	int argc = c->argc - 1;
	char **argv = c->argv + 1;
	while (argc > 0) {
		const char *opt = argv[0];
		if (strcmp(opt, "--") == 0) {
			argc--, argv++;
			break;
		}
		if (opt[0] != '-')
			break;
		if (opt[1] == '-')
			opt++;
		if (cmd_matches(opt, "-help")) {
			bridge_usage(c->err);
			return 255;
		} else if (cmd_matches(opt, "-Version")) {
			sb_puts(c->out, "bridge utility, 6.1.0\n");
			return 0;
		} else if (cmd_matches(opt, "-stats") || cmd_matches(opt, "-statistics")) {
			o.stats++;
		} else if (cmd_matches(opt, "-details")) {
			o.details = true;
		} else if (cmd_matches(opt, "-oneline")) {
			o.oneline = true;
		} else if (cmd_matches(opt, "-timestamp") || cmd_matches(opt, "-compressvlans") ||
			   cmd_matches(opt, "-force") || cmd_matches(opt, "-pretty") ||
			   cmd_matches(opt, "-color") || strcmp(opt, "-4") == 0 ||
			   strcmp(opt, "-6") == 0) {
			/* Accepted; they change nothing wirelab prints. */
		} else if (cmd_matches(opt, "-family")) {
			if (argc < 2) {
				bridge_usage(c->err);
				return 255;
			}
			argc--, argv++;
			if (strcmp(argv[0], "help") == 0) {
				bridge_usage(c->err);
				return 255;
			}
			if (strcmp(argv[0], "inet") != 0 && strcmp(argv[0], "inet6") != 0) {
				sb_printf(c->err, "Error: argument \"%s\" is wrong: invalid protocol family\n",
					  argv[0]);
				return 255;
			}
		} else if (cmd_matches(opt, "-netns")) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			o.ns = cmd_find_netns(c, argv[0]);
			if (!o.ns) {
				sb_printf(c->err,
					  "Cannot open network namespace \"%s\": No such file or directory\n",
					  argv[0]);
				return 255;
			}
		} else if (cmd_matches(opt, "-json") || cmd_matches(opt, "-batch")) {
			sb_printf(c->err, "wirelab: bridge %s is not supported here\n", argv[0]);
			return 255;
		} else {
			sb_printf(c->err, "Option \"%s\" is unknown, try \"bridge help\".\n", opt);
			return 255;
		}
		argc--, argv++;
	}
	if (argc == 0) {
		bridge_usage(c->err);
		return 255;
	}
	const char *obj = argv[0];
	argc--, argv++;
	if (cmd_matches(obj, "link"))
		return do_link(c, &o, argc, argv);
	if (cmd_matches(obj, "fdb"))
		return do_fdb(c, &o, argc, argv);
	if (cmd_matches(obj, "mdb"))
		return do_mdb(c, argc, argv);
	if (cmd_matches(obj, "vlan"))
		return do_vlan(c, argc, argv);
	if (cmd_matches(obj, "monitor"))
		return not_modelled(c, "monitor");
	if (cmd_matches(obj, "help")) {
		bridge_usage(c->err);
		return 255;
	}
	sb_printf(c->err, "Object \"%s\" is unknown, try \"bridge help\".\n", obj);
	return 255;
}
