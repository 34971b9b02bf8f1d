/* cmd_ip_neigh.c — `ip neighbour`: iproute2 6.1's ip/ipneigh.c over
 * wirelab's neighbour cache (net/neigh.h), and the kernel's answers
 * (net/core/neighbour.c neigh_add(), neigh_delete(), __neigh_update()).
 *
 *   ip neigh [show|list] [to PREFIX] [dev DEV] [nud STATE|all] [[no]master BR]
 *   ip neigh add|replace|change ADDR [lladdr MAC] dev DEV [nud STATE]
 *   ip neigh del ADDR dev DEV
 *   ip neigh get ADDR dev DEV
 *   ip neigh flush [to PREFIX] [dev DEV] [nud STATE|all]
 *
 * What the kernel does and this keeps: a listing hides NOARP entries and
 * entries in no state (NONE) unless `nud` asks for them; an entry in a
 * state without an address (NONE, INCOMPLETE, FAILED) prints no lladdr;
 * `add` defaults to nud permanent; an entry set to an invalid state keeps
 * no address; a valid state with no lladdr needs an address already known
 * ("No link layer address given", and the entry is left behind in NONE,
 * as Linux leaves it); flush spares PERMANENT and NOARP entries unless
 * `nud` names them.
 *
 * Order: the kernel lists its hash table, in an order that changes from
 * boot to boot; wirelab lists by device, then address.
 *
 * Left out, with a message: IPv6, proxy entries, the router, use, managed
 * and extern_learn flags, protocols, vrf.  nud delay and nud probe are
 * refused: the kernel starts their timers at once and the engine's
 * neigh_set() does not (ENGINE).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/neigh.h"
#include "util/units.h"


/* ll_addr_a2n(): colon-separated groups, each read by sscanf("%x") (so
 * "0x12" and "12zz" both read as 0x12), at most 20; a dotted value is an
 * IPv4-style 4-byte address.  Returns the byte count, or -1 with the
 * message printed. */
static int ll_addr_a2n(struct cmd_ctx *c, uint8_t *ll, int len, const char *arg)
{
	if (strchr(arg, '.')) {
		struct ipr_prefix p;
		if (!ipa_get_addr_1(&p, arg, 4) || p.bitlen == -2) {
			sb_printf(c->err, "\"%s\" is invalid lladdr.\n", arg);
			return -1;
		}
		for (int i = 0; i < 4; i++)
			ll[i] = (uint8_t)(p.a >> (24 - 8 * i));
		return 4;
	}
	char buf[256];
	snprintf(buf, sizeof buf, "%s", arg);
	char *g = buf;
	int i;
	for (i = 0; i < len; i++) {
		char *cp = strchr(g, ':');
		if (cp)
			*cp++ = '\0';
		const char *s = g;
		while (*s == ' ' || (*s >= '\t' && *s <= '\r'))
			s++;
		bool neg = false;
		if (*s == '+' || *s == '-')
			neg = *s++ == '-';
		if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		    ((s[2] >= '0' && s[2] <= '9') || (s[2] >= 'a' && s[2] <= 'f') ||
		     (s[2] >= 'A' && s[2] <= 'F')))
			s += 2;
		long v = 0;
		int digits = 0;
		for (;; s++, digits++) {
			int d = *s >= '0' && *s <= '9' ? *s - '0' : *s >= 'a' && *s <= 'f' ? *s - 'a' + 10
				: *s >= 'A' && *s <= 'F' ? *s - 'A' + 10 : -1;
			if (d < 0)
				break;
			if (v <= 0xffff)
				v = v * 16 + d;
		}
		if (neg)
			v = -v;
		if (digits == 0 || v < 0 || v > 255) {
			sb_printf(c->err, "\"%s\" is invalid lladdr.\n", g);
			return -1;
		}
		ll[i] = (uint8_t)v;
		if (!cp)
			break;
		g = cp;
	}
	return i + 1;
}

/* ---- messages ------------------------------------------------------------ */

static int incomplete(struct cmd_ctx *c)
{
	sb_puts(c->err, "Command line is not complete. Try option \"help\"\n");
	return 255;
}

static int invarg(struct cmd_ctx *c, const char *msg, const char *arg)
{
	sb_printf(c->err, "Error: argument \"%s\" is wrong: %s\n", arg, msg);
	return 255;
}

static int nodev(struct cmd_ctx *c, const char *name)
{
	sb_printf(c->err, "Cannot find device \"%s\"\n", name);
	return 1;
}

static int rtnl_err(struct cmd_ctx *c, const char *msg)
{
	sb_printf(c->err, "%s\n", msg);
	return 2;
}

static int not_modelled(struct cmd_ctx *c, const char *what)
{
	sb_printf(c->err, "wirelab: ip neigh: %s is not modelled (wirelab has IPv4 ARP entries)\n",
		  what);
	return 2;
}

static int neigh_usage(struct cmd_ctx *c)
{
	sb_puts(c->err,
		"Usage: ip neigh { add | del | change | replace }\n"
		"                { ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }\n"
		"                [ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]\n"
		"                [ protocol PROTO ]\n"
		"\n"
		"\tip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]\n"
		"\t\t\t\t  [ vrf NAME ] [ nomaster ]\n"
		"\tip neigh get { ADDR | proxy ADDR } dev DEV\n"
		"\n"
		"STATE := { delay | failed | incomplete | noarp | none |\n"
		"           permanent | probe | reachable | stale }\n");
	return 255;
}

/* ---- states as the kernel numbers them (NUD_* bits) ---------------------- */

#define K_INCOMPLETE 0x01
#define K_REACHABLE  0x02
#define K_STALE      0x04
#define K_DELAY      0x08
#define K_PROBE      0x10
#define K_FAILED     0x20
#define K_NOARP      0x40
#define K_PERMANENT  0x80
#define K_VALID      (K_PERMANENT | K_NOARP | K_REACHABLE | K_PROBE | K_STALE | K_DELAY)
#define K_NONE_BIT   0x100      /* iproute2's filter bit for "nud none" */

static unsigned kstate(enum nud_state s)
{
	switch (s) {
	case NUD_NONE: return 0;
	case NUD_INCOMPLETE: return K_INCOMPLETE;
	case NUD_REACHABLE: return K_REACHABLE;
	case NUD_STALE: return K_STALE;
	case NUD_DELAY: return K_DELAY;
	case NUD_PROBE: return K_PROBE;
	case NUD_FAILED: return K_FAILED;
	case NUD_NOARP: return K_NOARP;
	case NUD_PERMANENT: return K_PERMANENT;
	}
	return 0;
}

static enum nud_state engine_state(unsigned k)
{
	switch (k) {
	case K_INCOMPLETE: return NUD_INCOMPLETE;
	case K_REACHABLE: return NUD_REACHABLE;
	case K_STALE: return NUD_STALE;
	case K_DELAY: return NUD_DELAY;
	case K_PROBE: return NUD_PROBE;
	case K_FAILED: return NUD_FAILED;
	case K_NOARP: return NUD_NOARP;
	case K_PERMANENT: return NUD_PERMANENT;
	}
	return NUD_NONE;
}

/* nud_state_a2n(): "perm", "reach", "fail" abbreviate; a number must be a
 * single bit below 0x100 (or 0). */
static bool nud_state_a2n(unsigned *state, const char *arg)
{
	if (cmd_matches(arg, "permanent"))
		*state = K_PERMANENT;
	else if (cmd_matches(arg, "reachable"))
		*state = K_REACHABLE;
	else if (strcmp(arg, "noarp") == 0)
		*state = K_NOARP;
	else if (strcmp(arg, "none") == 0)
		*state = 0;
	else if (strcmp(arg, "stale") == 0)
		*state = K_STALE;
	else if (strcmp(arg, "incomplete") == 0)
		*state = K_INCOMPLETE;
	else if (strcmp(arg, "delay") == 0)
		*state = K_DELAY;
	else if (strcmp(arg, "probe") == 0)
		*state = K_PROBE;
	else if (cmd_matches(arg, "failed"))
		*state = K_FAILED;
	else {
		uint32_t v;
		if (!ipa_get_u32(&v, arg) || v >= 0x100 || (v & (v - 1)))
			return false;
		*state = v;
	}
	return true;
}

/* ---- printing (print_neigh()) -------------------------------------------- */

struct neigh_filter {
	unsigned state;                 /* K_* bits, K_NONE_BIT for NONE */
	const struct netdev *dev;       /* filter.index: also drops "dev X" */
	const struct netdev *master;
	struct ipr_prefix pfx;          /* family 0: no prefix */
	bool nomaster;                  /* only devices that are no bridge's port */
	bool proxy;                     /* `proxy`: wirelab has no proxy entries */
	unsigned protocol;              /* wirelab's entries have none (0) */
};

static bool neigh_match(const struct neigh_filter *f, const struct neigh *e)
{
	unsigned k = kstate(e->state);
	if (f->proxy || f->protocol)
		return false;
	if (f->dev && e->dev != f->dev)
		return false;
	if (f->master && e->dev->master != f->master)
		return false;
	if (f->nomaster && e->dev->master)
		return false;
	if (!(f->state & k) && (k || !(f->state & K_NONE_BIT)))
		return false;
	if (f->pfx.family && f->pfx.bitlen > 0 &&
	    ((e->ip ^ f->pfx.a) & units_prefix_mask(f->pfx.bitlen > 32 ? 32 : f->pfx.bitlen)))
		return false;
	if (f->pfx.family == 6)
		return false;
	return true;
}

/* One entry, as print_neigh() prints it: "ADDR dev DEV lladdr MAC STATE "
 * (every field followed by a space), or in -br form "%-39s %-16s MAC". */
static void print_neigh(struct strbuf *b, const struct ip_opts *o, const struct neigh_filter *f,
			const struct neigh *e, int64_t now_ns)
{
	char a[16], mac[18];
	unsigned k = kstate(e->state);
	units_format_ipv4(e->ip, a);
	units_format_mac(e->mac, mac);
	if (o->brief) {
		sb_printf(b, "%-39s ", a);
		if (!f->dev)
			sb_printf(b, "%-16s ", e->dev->name);
		if (k & K_VALID)
			sb_puts(b, mac);
		sb_puts(b, "\n");
		return;
	}
	sb_printf(b, "%s ", a);
	if (!f->dev)
		sb_printf(b, "dev %s ", e->dev->name);
	if (k & K_VALID)
		sb_printf(b, "lladdr %s ", mac);
	if (o->stats) {
		/* nda_cacheinfo in seconds: since last use, last confirmation,
		 * last update.
		 * ENGINE: entries keep no reference count (Linux prints "ref N"
		 * for entries a route holds), and a new entry's confirmed time is
		 * 0 where Linux backdates it by two base_reachable_times. */
		sb_printf(b, " used %lld/%lld/%lld", (long long)((now_ns - e->used_ns) / NS_PER_S),
			  (long long)((now_ns - e->confirmed_ns) / NS_PER_S),
			  (long long)((now_ns - e->updated_ns) / NS_PER_S));
		sb_printf(b, "probes %d ", e->probes);
	}
	if (k)
		sb_printf(b, "%s ", neigh_state_name(e->state));
	sb_puts(b, "\n");
}

/* ---- show and flush (do_show_or_flush()) ---------------------------------- */

struct neigh_list {
	const struct neigh **v;
	size_t n, cap;
};

static void collect_one(void *ctx, const struct neigh *e)
{
	struct neigh_list *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	l->v[l->n++] = e;
}

static int show_or_flush(struct cmd_ctx *c, const struct ip_opts *o, bool flush, int argc,
			 char **argv)
{
	struct neigh_filter f = { 0 };
	int fam = o->family;
	const char *dev = NULL;
	bool state_given = false;
	if (flush) {
		if (argc == 0) {
			sb_puts(c->err, "Flush requires arguments.\n");
			return 1;
		}
		f.state = ~(unsigned)(K_PERMANENT | K_NOARP);
	} else {
		f.state = 0xff & ~(unsigned)K_NOARP;
	}
	for (; argc > 0; argc--, argv++) {
		const char *w = argv[0];
#define NEXT() do { if (argc < 2) return incomplete(c); argc--, argv++; } while (0)
		if (strcmp(w, "dev") == 0) {
			NEXT();
			if (dev) {
				sb_printf(c->err, "Error: duplicate \"dev\": \"%s\" is the second value.\n",
					  argv[0]);
				return 255;
			}
			dev = argv[0];
		} else if (strcmp(w, "master") == 0) {
			NEXT();
			f.master = node_dev(o->ns, argv[0]);
			if (!f.master)
				return invarg(c, "Device does not exist\n", argv[0]);
		} else if (strcmp(w, "nomaster") == 0) {
			f.nomaster = true;
		} else if (strcmp(w, "vrf") == 0) {
			return not_modelled(c, "vrf");
		} else if (strcmp(w, "unused") == 0) {
			/* Entries no route holds.  ENGINE: there are no reference
			 * counts, so every entry counts as unused. */
		} else if (strcmp(w, "nud") == 0) {
			NEXT();
			unsigned st;
			if (!state_given) {
				state_given = true;
				f.state = 0;
			}
			if (!nud_state_a2n(&st, argv[0])) {
				if (strcmp(argv[0], "all") != 0)
					return invarg(c, "nud state is bad", argv[0]);
				st = ~0u;
				if (flush)
					st &= ~(unsigned)K_NOARP;
			}
			if (st == 0)
				st = K_NONE_BIT;
			f.state |= st;
		} else if (strcmp(w, "proxy") == 0) {
			f.proxy = true;
		} else if (cmd_matches(w, "protocol")) {
			NEXT();
			/* rtnl_rtprot_a2n(): the names of cmd_ip_route.c's table. */
			static const char *const names[] = { "unspec", "redirect", "kernel", "boot",
							     "static" };
			uint32_t p = 256;
			for (unsigned i = 0; i < 5; i++)
				if (strcmp(argv[0], names[i]) == 0)
					p = i;
			if (p == 256 && !(ipa_get_u32(&p, argv[0]) && p <= 255)) {
				if (strcmp(argv[0], "all") != 0)
					return invarg(c, "invalid \"protocol\"\n", argv[0]);
				p = 0;
			}
			f.protocol = p;
		} else {
			if (strcmp(w, "to") == 0)
				NEXT();
			if (cmd_matches(argv[0], "help"))
				return neigh_usage(c);
			if (!ipa_get_prefix_1(&f.pfx, argv[0], fam)) {
				sb_printf(c->err, "Error: %s prefix is expected rather than \"%s\".\n",
					  ipa_family_verbose(fam), argv[0]);
				return 1;
			}
			if (fam == 0)
				fam = f.pfx.family;
		}
#undef NEXT
	}
	if (dev) {
		f.dev = node_dev(o->ns, dev);
		if (!f.dev)
			return nodev(c, dev);
	}
	/* No IPv6 or link-layer neighbours in wirelab. */
	bool none = o->family == 6 || o->family == 1;
	struct neigh_list l = { 0 };
	/* Linux's loopback has one neighbour, "0.0.0.0 dev lo lladdr
	 * 00:00:00:00:00:00 NOARP", made by the first packet sent through lo
	 * (ip_neigh_gw4() keys every lo neighbour 0.0.0.0) and kept while lo
	 * is up; only `nud noarp|all` shows it, and flush spares it.
	 * ENGINE: neigh_output() sends on lo without a neighbour, so it is
	 * shown here for an up lo that has sent a packet. */
	struct neigh lo_entry = { .node = o->ns, .dev = o->ns->lo, .state = NUD_NOARP };
	const struct netdev *lo = o->ns->lo;
	if (!none && lo && lo->up && lo->stats.tx_packets > 0 && !flush)
		collect_one(&l, &lo_entry);
	if (!none)
		neigh_foreach(o->ns, collect_one, &l);
	int64_t now = o->ns->w->now_ns;
	size_t k = 0;
	for (size_t i = 0; i < l.n; i++)
		if (neigh_match(&f, l.v[i]))
			l.v[k++] = l.v[i];
	if (!flush) {
		for (size_t i = 0; i < k; i++)
			print_neigh(c->out, o, &f, l.v[i], now);
		free(l.v);
		return 0;
	}
	if (k == 0) {
		if (o->stats)
			sb_puts(c->out, "Nothing to flush.\n");
		free(l.v);
		return 0;
	}
	/* Print first (-s -s), then delete: an entry freed by a deletion must
	 * not be looked at again. */
	struct { struct netdev *dev; uint32_t ip; } *gone = calloc(k, sizeof *gone);
	if (!gone)
		abort();
	for (size_t i = 0; i < k; i++) {
		if (o->stats >= 2)
			print_neigh(c->out, o, &f, l.v[i], now);
		gone[i].dev = l.v[i]->dev;
		gone[i].ip = l.v[i]->ip;
	}
	for (size_t i = 0; i < k; i++)
		neigh_delete(o->ns, gone[i].dev, gone[i].ip);
	if (o->stats)
		sb_printf(c->out, "\n*** Round 1, deleting %zu entries ***\n"
			  "*** Flush is complete after 1 round ***\n", k);
	free(gone);
	free(l.v);
	return 0;
}

/* ---- add, change, replace, del (ipneigh_modify(), neigh_add()) ------------ */

enum neigh_cmd { N_ADD, N_CHANGE, N_REPLACE, N_DEL };

static int neigh_modify(struct cmd_ctx *c, const struct ip_opts *o, enum neigh_cmd cmd, int argc,
			char **argv)
{
	unsigned state = K_PERMANENT;
	const char *dev_name = NULL, *lla = NULL;
	bool dst_ok = false, dev_ok = false;
	struct ipr_prefix dst = { 0 };
	for (; argc > 0; argc--, argv++) {
		const char *w = argv[0];
#define NEXT() do { if (argc < 2) return incomplete(c); argc--, argv++; } while (0)
		if (cmd_matches(w, "lladdr")) {
			NEXT();
			if (lla) {
				sb_printf(c->err, "Error: duplicate \"lladdr\": \"%s\" is the second value.\n",
					  argv[0]);
				return 255;
			}
			lla = argv[0];
		} else if (strcmp(w, "nud") == 0) {
			NEXT();
			if (!nud_state_a2n(&state, argv[0]))
				return invarg(c, "nud state is bad", argv[0]);
		} else if (cmd_matches(w, "proxy")) {
			return not_modelled(c, "proxy");
		} else if (strcmp(w, "router") == 0 || strcmp(w, "use") == 0 ||
			   strcmp(w, "managed") == 0 || cmd_matches(w, "extern_learn") ||
			   cmd_matches(w, "protocol")) {
			return not_modelled(c, w);
		} else if (strcmp(w, "dev") == 0) {
			NEXT();
			dev_name = argv[0];
			dev_ok = true;
		} else {
			if (strcmp(w, "to") == 0)
				NEXT();
			if (cmd_matches(argv[0], "help"))
				NEXT();
			if (dst_ok) {
				sb_printf(c->err, "Error: either \"to\" is duplicate, or \"%s\" is a garbage.\n",
					  argv[0]);
				return 255;
			}
			if (!ipa_get_addr_1(&dst, argv[0], o->family)) {
				sb_printf(c->err, "Error: %s address is expected rather than \"%s\".\n",
					  ipa_family_verbose(o->family), argv[0]);
				return 1;
			}
			dst_ok = true;
		}
#undef NEXT
	}
	if (!dev_ok || !dst_ok || dst.family == 0) {
		sb_puts(c->err, "Device and destination are required arguments.\n");
		return 255;
	}
	uint8_t ll[21];
	int ll_len = 0;
	if (lla && strcmp(lla, "null") != 0) {
		ll_len = ll_addr_a2n(c, ll, 20, lla);
		if (ll_len < 0)
			return 1;
	}
	struct node *n = o->ns;
	struct netdev *dev = node_dev(n, dev_name);
	if (!dev)
		return nodev(c, dev_name);
	if (dst.family == 6)
		return not_modelled(c, "IPv6");

	/* The kernel's side. */
	struct neigh *e = neigh_lookup(n, dev, dst.a);
	if (cmd == N_DEL) {
		if (!e)
			return rtnl_err(c, "RTNETLINK answers: No such file or directory");
		neigh_delete(n, dev, dst.a);
		return 0;
	}
	if (lla && strcmp(lla, "null") != 0 && ll_len < 6)
		return rtnl_err(c, "Error: Invalid link address.");
	if (!e && cmd == N_CHANGE)
		return rtnl_err(c, "RTNETLINK answers: No such file or directory");
	if (e && cmd == N_ADD)
		return rtnl_err(c, "RTNETLINK answers: File exists");
	if (state == K_DELAY || state == K_PROBE)
		return not_modelled(c, state == K_DELAY ? "nud delay" : "nud probe");
	static const uint8_t zero[6];
	if (!(state & K_VALID)) {
		/* __neigh_update() to an invalid state: no address is kept. */
		neigh_set(n, dev, dst.a, zero, engine_state(state));
		return 0;
	}
	if (ll_len == 0) {
		/* No address given: keep the one known, if any. */
		if (!e || !(kstate(e->state) & K_VALID)) {
			if (!e)
				neigh_set(n, dev, dst.a, zero, NUD_NONE);
			return rtnl_err(c, "Error: No link layer address given.");
		}
		uint8_t mac[6];
		memcpy(mac, e->mac, 6);
		neigh_set(n, dev, dst.a, mac, engine_state(state));
		return 0;
	}
	neigh_set(n, dev, dst.a, ll, engine_state(state));
	return 0;
}

/* ---- get (ipneigh_get()) -------------------------------------------------- */

static int neigh_get(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	const char *d = NULL;
	bool dst_ok = false;
	struct ipr_prefix dst = { 0 };
	for (; argc > 0; argc--, argv++) {
		const char *w = argv[0];
		if (strcmp(w, "dev") == 0) {
			if (argc < 2)
				return incomplete(c);
			argc--, argv++;
			d = argv[0];
		} else if (cmd_matches(w, "proxy")) {
			return not_modelled(c, "proxy");
		} else {
			if (strcmp(w, "to") == 0) {
				if (argc < 2)
					return incomplete(c);
				argc--, argv++;
			}
			if (cmd_matches(argv[0], "help"))
				return neigh_usage(c);
			if (dst_ok) {
				sb_printf(c->err, "Error: either \"to\" is duplicate, or \"%s\" is a garbage.\n",
					  argv[0]);
				return 255;
			}
			if (!ipa_get_addr_1(&dst, argv[0], o->family)) {
				sb_printf(c->err, "Error: %s address is expected rather than \"%s\".\n",
					  ipa_family_verbose(o->family), argv[0]);
				return 1;
			}
			dst_ok = true;
		}
	}
	if (!d || !dst_ok || dst.family == 0) {
		sb_puts(c->err, "Device and address are required arguments.\n");
		return 1;
	}
	struct netdev *dev = node_dev(o->ns, d);
	if (!dev)
		return nodev(c, d);
	if (dst.family == 6)
		return not_modelled(c, "IPv6");
	const struct neigh *e = neigh_lookup(o->ns, dev, dst.a);
	if (!e)
		return rtnl_err(c, "Error: Neighbour entry not found.");
	struct neigh_filter f = { .state = ~0u };
	print_neigh(c->out, o, &f, e, o->ns->w->now_ns);
	return 0;
}

/* do_ipneigh(): the command words and their abbreviations. */
int ip_neigh(struct cmd_ctx *c, const struct ip_opts *o, int argc, char **argv)
{
	argc--, argv++;
	if (argc == 0)
		return show_or_flush(c, o, false, 0, NULL);
	const char *w = argv[0];
	argc--, argv++;
	if (cmd_matches(w, "add"))
		return neigh_modify(c, o, N_ADD, argc, argv);
	if (cmd_matches(w, "change") || strcmp(w, "chg") == 0)
		return neigh_modify(c, o, N_CHANGE, argc, argv);
	if (cmd_matches(w, "replace"))
		return neigh_modify(c, o, N_REPLACE, argc, argv);
	if (cmd_matches(w, "delete"))
		return neigh_modify(c, o, N_DEL, argc, argv);
	if (cmd_matches(w, "get"))
		return neigh_get(c, o, argc, argv);
	if (cmd_matches(w, "show") || cmd_matches(w, "lst") || cmd_matches(w, "list"))
		return show_or_flush(c, o, false, argc, argv);
	if (cmd_matches(w, "flush"))
		return show_or_flush(c, o, true, argc, argv);
	if (cmd_matches(w, "help"))
		return neigh_usage(c);
	sb_printf(c->err, "Command \"%s\" is unknown, try \"ip neigh help\".\n", w);
	return 255;
}
