/* cmd_nettools.c — net-tools 2.10's `route` and `arp` (Debian 12) over
 * wirelab's routing table and neighbour cache.
 *
 * Both tools read what the kernel exports in /proc and print it in columns:
 *
 *   route [-nNvee] [-FC] [-A inet|-4]      /proc/net/route (the main table,
 *                                          fib_route_seq_show()), lib/inet_gr.c
 *   route add|del [-net|-host] TARGET[/N] [netmask M] [gw G] [metric N]
 *         [reject] [[dev] IF]              SIOCADDRT/SIOCDELRT, lib/inet_sr.c
 *   arp [-a|-e] [-n] [-v] [-i IF] [-H ether] [HOST]
 *                                          /proc/net/arp (NOARP entries left
 *                                          out), arp.c
 *   arp -s HOST MAC [temp] [dev IF], arp -d HOST [dev IF]
 *                                          SIOCSARP/SIOCDARP
 *
 * Names: without -n, net-tools asks the resolver for each address
 * (gethostbyaddr) and each network (getnetbyaddr).  wirelab answers from
 * the node's /etc/hosts, and from /etc/networks (Debian's own three lines
 * when the node has none); it asks no DNS server.  On a machine whose DNS
 * knows the addresses the names would differ.
 *
 * Exit statuses are net-tools': 3 for a usage error (E_OPTERR), 6 for a
 * name that does not resolve (E_LOOKUP), 7 when the kernel refused
 * (E_SOCK, printed by perror()); arp exits 255 (-1) on any error.
 *
 * Left out, with a message: other address families (IPv6 included), the
 * route metrics mss/window/irtt, arp -f/-D and published (proxy) entries.
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
#include "net/route.h"
#include "util/units.h"

/* ---- the resolver net-tools uses (lib/inet.c) ----------------------------- */

/* inet_aton(): one to four parts in C notation (0x.., 0..); the last part
 * fills the remaining bytes ("10.1" is 10.0.0.1). */
static bool inet_aton4(const char *s, uint32_t *out)
{
	uint32_t parts[4];
	int n = 0;
	for (;;) {
		if (*s < '0' || *s > '9')
			return false;
		char *end;
		errno = 0;
		unsigned long v = strtoul(s, &end, 0);
		if (errno || v > 0xffffffffUL)
			return false;
		parts[n++] = (uint32_t)v;
		if (*end == '\0')
			break;
		if (*end != '.' || n == 4)
			return false;
		s = end + 1;
	}
	static const uint32_t max_last[] = { 0xffffffffu, 0xffffffu, 0xffffu, 0xffu };
	for (int i = 0; i < n - 1; i++)
		if (parts[i] > 255)
			return false;
	if (parts[n - 1] > max_last[n - 1])
		return false;
	uint32_t a = parts[n - 1];
	for (int i = 0; i < n - 1; i++)
		a |= parts[i] << (24 - 8 * i);
	*out = a;
	return true;
}

/* Look ADDR up in a hosts-style file ("ADDR NAME [ALIASES]", '#' starts a
 * comment): by address (want_name) or by name.  Returns true on a match. */
static bool file_lookup(struct node *n, const char *path, const char *fallback, uint32_t *addr,
			const char *name, char *out, size_t outlen, bool networks)
{
	struct strbuf sb = { 0 };
	const char *text = fallback;
	if (cmd_file_read(n, path, &sb) == 0)
		text = sb_str(&sb);
	bool found = false;
	for (const char *p = text; p && *p && !found;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl ? nl + 1 : NULL;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *save = NULL;
		char *first = strtok_r(line, " \t", &save);
		char *second = first ? strtok_r(NULL, " \t", &save) : NULL;
		if (!first || !second)
			continue;
		/* hosts: "ADDR NAME ALIAS..."; networks: "NAME NUMBER ALIAS...". */
		const char *num = networks ? second : first;
		const char *canon = networks ? first : second;
		uint32_t a;
		if (!inet_aton4(num, &a))
			continue;
		if (name) {
			bool match = strcmp(canon, name) == 0;
			for (char *al = strtok_r(NULL, " \t", &save); al && !match;
			     al = strtok_r(NULL, " \t", &save))
				match = strcmp(al, name) == 0;
			if (match) {
				*addr = a;
				found = true;
			}
		} else if (a == *addr) {
			snprintf(out, outlen, "%s", canon);
			found = true;
		}
	}
	sb_free(&sb);
	return found;
}

/* Debian 12's /etc/networks, for a node that has none. */
static const char debian_networks[] = "default\t\t0.0.0.0\nloopback\t127.0.0.0\n"
				      "link-local\t169.254.0.0\n";

static bool host_by_addr(struct node *n, uint32_t a, char *out, size_t len)
{
	return file_lookup(n, "/etc/hosts", "", &a, NULL, out, len, false);
}

static bool net_by_addr(struct node *n, uint32_t a, char *out, size_t len)
{
	return file_lookup(n, "/etc/networks", debian_networks, &a, NULL, out, len, true);
}

/* INET_resolve(): "default" (a network), a dotted address (a host), a
 * host name (first, when hostfirst), a network name, a host name.
 * Returns 1 for a network, 0 for a host, -1 when nothing matched. */
static int inet_resolve(struct node *n, const char *name, uint32_t *a, bool hostfirst)
{
	if (strcmp(name, "default") == 0) {
		*a = 0;
		return 1;
	}
	if (inet_aton4(name, a))
		return 0;
	if (hostfirst && file_lookup(n, "/etc/hosts", "", a, name, NULL, 0, false))
		return 0;
	if (file_lookup(n, "/etc/networks", debian_networks, a, name, NULL, 0, true))
		return 1;
	if (hostfirst)
		return -1;
	if (file_lookup(n, "/etc/hosts", "", a, name, NULL, 0, false))
		return 0;
	return -1;
}

/* ---- route: the table (lib/inet_gr.c rprint_fib()) ------------------------ */

#define RTF_UP      0x0001
#define RTF_GATEWAY 0x0002
#define RTF_HOST    0x0004
#define RTF_REJECT  0x0200

/* INET_rresolve() for the Destination and Gateway columns. */
static void rresolve(struct node *n, uint32_t a, uint32_t mask, bool numeric, bool dest,
		     bool host_flag, char out[16])
{
	char buf[256];
	if (a == 0) {
		snprintf(out, 16, "%s", !numeric && dest && mask == 0 ? "default" : "0.0.0.0");
		return;
	}
	units_format_ipv4(a, out);
	if (numeric)
		return;
	bool host = !dest || host_flag || (a & ~mask);
	if (host ? host_by_addr(n, a, buf, sizeof buf) : net_by_addr(n, a, buf, sizeof buf)) {
		/* Cut at 15 characters, as net-tools does. */
		size_t len = strlen(buf) > 15 ? 15 : strlen(buf);
		memcpy(out, buf, len);
		out[len] = '\0';
	}
}

static void route_table(struct cmd_ctx *c, struct node *n, int ext, bool numeric)
{
	sb_puts(c->out, "Kernel IP routing table\n");
	if (ext == 0)
		return;
	if (ext == 1)
		sb_puts(c->out, "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n");
	else if (ext == 2)
		sb_puts(c->out, "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n");
	else
		sb_puts(c->out, "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    "
				"MSS   Window irtt\n");
	for (size_t i = 0; i < n->routes.n; i++) {
		const struct route *r = &n->routes.v[i];
		/* fib_flag_trans() */
		unsigned flags = RTF_UP;
		if (r->type == RT_UNREACHABLE || r->type == RT_PROHIBIT)
			flags |= RTF_REJECT;
		if (r->gw)
			flags |= RTF_GATEWAY;
		if (r->plen == 32)
			flags |= RTF_HOST;
		uint32_t mask = units_prefix_mask(r->plen);
		char dst[16], gw[16], msk[16], fl[8] = "";
		rresolve(n, r->dst, mask, numeric, true, flags & RTF_HOST, dst);
		rresolve(n, r->gw, mask, numeric, false, false, gw);
		units_format_ipv4(mask, msk);
		if (flags & RTF_UP)
			strcat(fl, "U");
		if (flags & RTF_GATEWAY)
			strcat(fl, "G");
		if (flags & RTF_REJECT)
			strcpy(fl, "!");
		if (flags & RTF_HOST)
			strcat(fl, "H");
		const char *iface = r->dev ? r->dev->name : "*";
		int metric = (int)r->metric;
		if (ext == 1) {
			if (flags & RTF_REJECT)
				sb_printf(c->out, "%-15s -               %-15s %-5s %-6d -  %7d -\n", dst, msk,
					  fl, metric, 0);
			else
				sb_printf(c->out, "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s\n", dst, gw, msk,
					  fl, metric, 0, 0, iface);
		} else if (ext == 2) {
			if (flags & RTF_REJECT)
				sb_printf(c->out, "%-15s -               %-15s %-5s     - -          - -\n",
					  dst, msk, fl);
			else
				sb_printf(c->out, "%-15s %-15s %-15s %-5s %5d %-5d %6d %s\n", dst, gw, msk, fl,
					  0, 0, 0, iface);
		} else {
			if (flags & RTF_REJECT)
				sb_printf(c->out, "%-15s -               %-15s %-5s %-6d -  %7d -        -     "
					  "-      -\n", dst, msk, fl, metric, 0);
			else
				sb_printf(c->out, "%-15s %-15s %-15s %-5s %-6d %-3d %6d %-6.6s   %-5d %-6d %d\n",
					  dst, gw, msk, fl, metric, 0, 0, iface, 0, 0, 0);
		}
	}
}

/* rprint_cache(): the IPv4 routing cache is gone since Linux 3.6. */
static void route_cache(struct cmd_ctx *c, int ext)
{
	sb_puts(c->out, "Kernel IP routing cache\n");
	if (ext == 0)
		return;
	if (ext == 1)
		sb_puts(c->out, "Source          Destination     Gateway         Flags Metric Ref    Use Iface\n");
	else if (ext == 2)
		sb_puts(c->out, "Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n");
	else
		sb_puts(c->out, "Source          Destination     Gateway         Flags Metric Ref    Use Iface    "
				"MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n");
}

/* ---- route: usage texts ------------------------------------------------------ */

static void route_usage(struct strbuf *b, struct strbuf *err)
{
	sb_puts(b,
		"Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n"
		"       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n"
		"\n"
		"       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n"
		"       route {-V|--version}                  Display version/author and exit.\n"
		"\n"
		"        -v, --verbose            be verbose\n"
		"        -n, --numeric            don't resolve names\n"
		"        -e, --extend             display other/more information\n"
		"        -F, --fib                display Forwarding Information Base (default)\n"
		"        -C, --cache              display routing cache instead of FIB\n"
		"\n"
		"  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n"
		"  List of possible address families (which support routing):\n");
	/* print_aflist() writes to stderr whatever usage() writes to. */
	sb_puts(err,
		"    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n"
		"    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n"
		"    ddp (Appletalk DDP) x25 (CCITT X.25) \n");
}

static void inet_route_usage(struct strbuf *b)
{
	sb_puts(b,
		"Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n"
		"       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n"
		"                              [netmask N] [mss Mss] [window W] [irtt I]\n"
		"                              [mod] [dyn] [reinstate] [[dev] If]\n"
		"       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n"
		"       inet_route [-FC] flush      NOT supported\n");
}

/* usage(E_OPTERR) from lib/inet_sr.c: on stderr, exit 3. */
static int inet_opterr(struct cmd_ctx *c)
{
	inet_route_usage(c->err);
	return 3;
}

/* ---- route add|del (lib/inet_sr.c INET_setroute(), rtentry_to_fib_config()) - */

static const char *errno_text(int e)
{
	switch (e) {
	case ENETUNREACH: return "Network is unreachable";
	case EEXIST: return "File exists";
	case ESRCH: return "No such process";
	case ENODEV: return "No such device";
	case ENETDOWN: return "Network is down";
	case EINVAL: return "Invalid argument";
	case EAFNOSUPPORT: return "Address family not supported by protocol";
	}
	return "Operation not permitted";
}

static int sioc_err(struct cmd_ctx *c, bool del, int e)
{
	sb_printf(c->err, "%s: %s\n", del ? "SIOCDELRT" : "SIOCADDRT", errno_text(e));
	return 7;
}

/* The device a gateway is reached through: a route of scope link or
 * narrower holding it (a connected network), or one of our addresses; on
 * oif when given.  0 and *dev set, or the errno the kernel would give. */
static int gateway_check(const struct node *n, uint32_t gw, const struct netdev *oif,
			 struct netdev **dev)
{
	if (node_is_local_addr(n, gw)) {
		/* ENGINE: Linux takes one of our own addresses as a gateway;
		 * route_add() refuses it (-ENETUNREACH). */
		return ENETUNREACH;
	}
	/* A broadcast or multicast gateway leaves the route at scope link,
	 * and nothing narrower than that holds it. */
	if (node_is_broadcast_addr(n, gw) || gw >> 28 == 0xe)
		return ENETUNREACH;
	const struct route *best = NULL;
	for (size_t i = 0; i < n->routes.n; i++) {
		const struct route *r = &n->routes.v[i];
		if (r->scope < RTS_LINK || (oif && r->dev != oif) || (r->dev && !r->dev->up))
			continue;
		if (((gw ^ r->dst) & units_prefix_mask(r->plen)) != 0)
			continue;
		if (!best || r->plen > best->plen || (r->plen == best->plen && r->metric < best->metric))
			best = r;
	}
	if (!best)
		return ENETUNREACH;
	if (best->type != RT_UNICAST)
		return EINVAL;
	*dev = best->dev;
	return 0;
}

static bool same_route(const struct route *a, const struct route *b)
{
	return a->type == b->type && a->proto == b->proto && a->scope == b->scope &&
	       a->prefsrc == b->prefsrc && a->metric == b->metric && a->gw == b->gw &&
	       a->dev == b->dev;
}

/* SIOCADDRT is NLM_F_CREATE alone: an identical route is refused, any
 * other goes in front of those with the same destination and metric.
 * ENGINE: route_add() appends; the others are taken out and put back
 * behind it (a ROUTE_PREPEND flag would save the churn).  Returns 0 or
 * a negative errno. */
static int add_in_front(struct node *n, const struct route *r)
{
	struct route_table *t = &n->routes;
	size_t k = 0;
	struct route *moved = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct route *o = &t->v[i];
		if (o->dst != r->dst || o->plen != r->plen || o->metric != r->metric)
			continue;
		if (same_route(o, r)) {
			free(moved);
			return -EEXIST;
		}
		moved = realloc(moved, (k + 1) * sizeof *moved);
		if (!moved)
			abort();
		moved[k++] = *o;
	}
	for (size_t i = 0; i < k; i++)
		route_del(n, &moved[i], true, true, true);
	int rc = route_add(n, r, 0);
	for (size_t i = 0; i < k; i++)
		route_add(n, &moved[i], 0);
	free(moved);
	return rc;
}

static int route_edit(struct cmd_ctx *c, struct node *n, bool del, char **args)
{
	if (!args[0]) {
		/* usage(E_USAGE): on stdout, exit 0. */
		inet_route_usage(c->out);
		return 0;
	}
	int xflag = 0;
	if (strcmp(args[0], "-net") == 0) {
		xflag = 1;
		args++;
	} else if (strcmp(args[0], "-host") == 0) {
		xflag = 2;
		args++;
	}
	if (!args[0])
		return inet_opterr(c);
	char target[128];
	snprintf(target, sizeof target, "%s", *args++);
	char netmask_text[128] = "default";
	/* INET_getnetmask(): "TARGET/N". */
	uint32_t mask = 0;
	char *slash = strchr(target, '/');
	if (slash) {
		*slash = '\0';
		char *end;
		unsigned long p = strtoul(slash + 1, &end, 0);
		if (*end)
			return inet_opterr(c);
		/* htonl(~(0xffffffffU >> prefix)) on x86, where a shift counts
		 * modulo 32: /32 is mask 0 (so 0.0.0.0/32 is the default route)
		 * and /33 is /1, as route(8) really behaves. */
		mask = ~(0xffffffffu >> ((unsigned)p & 31));
		snprintf(netmask_text, sizeof netmask_text, "/%lu", p);
	}
	uint32_t dst;
	int isnet = inet_resolve(n, target, &dst, xflag == 2);
	if (isnet < 0) {
		sb_printf(c->err, "%s: %s\n", target, xflag == 2 ? "Unknown host" : "Host name lookup failure");
		return 6;
	}
	if (xflag == 1)
		isnet = 1;
	else if (xflag == 2)
		isnet = 0;
	bool host = !isnet;
	bool gateway = false, reject = false;
	uint32_t gw = 0, metric = 0;
	bool metric_set = false;
	const char *devname = NULL;
	while (*args) {
		const char *w = *args;
		if (strcmp(w, "metric") == 0) {
			args++;
			if (!*args || (**args < '0' || **args > '9'))
				return inet_opterr(c);
			metric = (uint32_t)atoi(*args);
			metric_set = true;
			args++;
		} else if (strcmp(w, "netmask") == 0) {
			args++;
			if (!*args || mask)
				return inet_opterr(c);
			snprintf(netmask_text, sizeof netmask_text, "%s", *args);
			uint32_t m;
			if (inet_resolve(n, *args, &m, false) < 0) {
				sb_printf(c->err, "%s: Host name lookup failure\n", *args);
				return 6;
			}
			mask = m;
			args++;
		} else if (strcmp(w, "gw") == 0 || strcmp(w, "gateway") == 0) {
			args++;
			if (!*args || gateway)
				return inet_opterr(c);
			int r = inet_resolve(n, *args, &gw, true);
			if (r < 0) {
				sb_printf(c->err, "%s: Unknown host\n", *args);
				return 6;
			}
			if (r == 1) {
				sb_printf(c->err, "route: %s: cannot use a NETWORK as gateway!\n", *args);
				return inet_opterr(c);
			}
			gateway = true;
			args++;
		} else if (strcmp(w, "mss") == 0 || strcmp(w, "mtu") == 0 || strcmp(w, "window") == 0 ||
			   strcmp(w, "irtt") == 0) {
			sb_printf(c->err, "wirelab: route: %s is not modelled\n", w);
			return 7;
		} else if (strcmp(w, "reject") == 0) {
			reject = true;
			args++;
		} else if (strcmp(w, "mod") == 0 || strcmp(w, "dyn") == 0 || strcmp(w, "reinstate") == 0) {
			args++;     /* RTF_MODIFIED, RTF_DYNAMIC, RTF_REINSTATE: the kernel ignores them */
		} else if (strcmp(w, "device") == 0 || strcmp(w, "dev") == 0) {
			args++;
			if (devname || !*args)
				return inet_opterr(c);
			devname = *args++;
		} else {
			/* A bare word is the device, and must be the last one. */
			if (devname)
				return inet_opterr(c);
			devname = *args++;
			if (*args)
				return inet_opterr(c);
		}
	}
	if (reject && !devname)
		devname = "lo";
	/* The checks look at the mask only when it is not zero
	 * (mask_in_addr()). */
	if (mask) {
		uint32_t hm = ~mask;
		if (host && hm != 0) {
			sb_printf(c->err, "route: netmask %.8x doesn't make sense with host route\n", hm);
			return inet_opterr(c);
		}
		if (hm & (hm + 1)) {
			sb_printf(c->err, "route: bogus netmask %s\n", netmask_text);
			return inet_opterr(c);
		}
		if (dst & hm) {
			sb_puts(c->err, "route: netmask doesn't match route address\n");
			return inet_opterr(c);
		}
	}

	/* rtentry_to_fib_config() */
	int plen = 32;
	if (!host) {
		uint32_t m = mask;
		uint32_t hm = ~m;
		if ((hm & (hm + 1)) || (dst & hm))
			return sioc_err(c, del, EINVAL);
		plen = 0;
		for (uint32_t x = m; x; x <<= 1)
			plen++;
	}
	struct route r = {
		.dst = dst, .plen = plen, .metric = metric_set ? metric : 0, .proto = RTP_BOOT,
		.type = RT_UNICAST, .scope = 255,
	};
	struct netdev *dev = NULL;
	if (reject) {
		r.type = RT_UNREACHABLE;
		r.scope = RTS_HOST;
	} else {
		if (devname) {
			char name[IFNAMSIZ];
			snprintf(name, sizeof name, "%s", devname);
			/* "eth0:1" names an address by its label; wirelab's
			 * addresses have none, so no alias is ever found. */
			char *colon = strchr(name, ':');
			if (colon)
				*colon = '\0';
			dev = node_dev(n, name);
			if (!dev || colon)
				return sioc_err(c, del, ENODEV);
		}
		if (gw) {
			r.gw = gw;
			if (gateway && !node_is_local_addr(n, gw) && !node_is_broadcast_addr(n, gw))
				r.scope = RTS_UNIVERSE;
		}
	}

	if (del) {
		/* fib_table_delete(): type unicast (or unreachable for reject),
		 * scope as above (255: any), and gateway, device, metric when
		 * given. */
		for (size_t i = 0; i < n->routes.n; i++) {
			const struct route *e = &n->routes.v[i];
			if (e->dst != r.dst || e->plen != r.plen || e->type != r.type)
				continue;
			if (r.scope != 255 && e->scope != r.scope)
				continue;
			if (r.metric && e->metric != r.metric)
				continue;
			if (dev && e->dev != dev)
				continue;
			if (gw && e->gw != gw)
				continue;
			struct route m = *e;
			route_del(n, &m, true, true, true);
			return 0;
		}
		return sioc_err(c, true, ESRCH);
	}

	if (!reject) {
		if (gateway && !gw)
			return sioc_err(c, false, EINVAL);
		if (r.scope == 255)
			r.scope = RTS_LINK;
		if (gw) {
			struct netdev *gd = NULL;
			int e = gateway_check(n, gw, dev, &gd);
			if (e)
				return sioc_err(c, false, e);
			if (!gd->up)
				return sioc_err(c, false, ENETDOWN);
			r.dev = gd;
		} else {
			if (!dev)
				return sioc_err(c, false, ENODEV);
			if (!dev->up)
				return sioc_err(c, false, ENETDOWN);
			r.dev = dev;
		}
	}
	int rc = add_in_front(n, &r);
	if (rc < 0)
		return sioc_err(c, false, -rc);
	return 0;
}

/* ---- route: options (route.c main(), GNU getopt_long) ---------------------- */

int cmd_route(struct cmd_ctx *c)
{
	int ext = 1;
	bool numeric = false, help = false, fib = false, cache = false;
	const char *af = NULL;
	char *pos[64];
	int npos = 0;
	bool only_pos = false;
	for (int i = 1; i < c->argc; i++) {
		char *a = c->argv[i];
		/* route.c turns -net and -host into #net and #host before
		 * getopt sees them. */
		if (only_pos || a[0] != '-' || !a[1] || strcmp(a, "-net") == 0 || strcmp(a, "-host") == 0) {
			if (npos < 63)
				pos[npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		if (a[1] == '-') {
			const char *l = a + 2;
			static const char *const afs[] = { "inet", "inet6", "ax25", "netrom", "rose",
							   "ipx", "ddp", "x25", "econet", "ash" };
			bool known = false;
			for (size_t k = 0; k < sizeof afs / sizeof afs[0]; k++)
				if (strcmp(l, afs[k]) == 0) {
					af = afs[k];
					known = true;
				}
			if (known)
				continue;
			if (cmd_matches(l, "numeric") || cmd_matches(l, "symbolic"))
				numeric = true;
			else if (cmd_matches(l, "extend"))
				ext++;
			else if (cmd_matches(l, "verbose"))
				;
			else if (cmd_matches(l, "cache"))
				cache = true;
			else if (cmd_matches(l, "fib"))
				fib = true;
			else if (cmd_matches(l, "help"))
				help = true;
			else if (cmd_matches(l, "version"))
				goto version;
			else if (strncmp(l, "protocol", 8) == 0 && (l[8] == '=' || l[8] == '\0')) {
				if (l[8] == '=')
					af = l + 9;
				else if (i + 1 < c->argc)
					af = c->argv[++i];
				else {
					sb_puts(c->err, "route: option '--protocol' requires an argument\n");
					help = true;
				}
			} else {
				sb_printf(c->err, "route: unrecognized option '%s'\n", a);
				help = true;
			}
			continue;
		}
		for (const char *o = a + 1; *o; o++) {
			if (*o == 'A') {
				/* -A takes the rest of the word, or the next one. */
				if (o[1])
					af = o + 1;
				else if (i + 1 < c->argc)
					af = c->argv[++i];
				else {
					sb_puts(c->err, "route: option requires an argument -- 'A'\n");
					help = true;
				}
				break;
			}
			switch (*o) {
			case 'n': case 'N': numeric = true; break;
			case 'v': break;
			case 'e': ext++; break;
			case 'C': cache = true; break;
			case 'F': fib = true; break;
			case '4': af = "inet"; break;
			case '6': af = "inet6"; break;
			case 'V': goto version;
			case 'h': help = true; break;
			default:
				sb_printf(c->err, "route: invalid option -- '%c'\n", *o);
				help = true;
				break;
			}
		}
	}
	if (af && strcmp(af, "inet") != 0) {
		static const char *const known[] = { "inet6", "ax25", "netrom", "rose", "ipx", "ddp",
						     "x25", "econet", "ash", "unix" };
		for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
			if (strcmp(af, known[k]) == 0) {
				sb_printf(c->err, "wirelab: route: the %s address family is not modelled "
					  "(wirelab has inet)\n", af);
				return 1;
			}
		}
		sb_printf(c->err, "Unknown address family `%s'.\n", af);
		return 1;
	}
	if (help) {
		if (!af) {
			route_usage(c->out, c->err);
			return 0;
		}
		inet_route_usage(c->out);
		return 0;
	}
	struct node *n = c->node;
	if (npos == 0) {
		/* options = opt_e & FLAG_EXT (3): a fourth -e prints no table. */
		ext &= 3;
		if (cache)
			route_cache(c, ext);
		if (fib || !cache)
			route_table(c, n, ext, numeric);
		return 0;
	}
	pos[npos] = NULL;
	if (strcmp(pos[0], "add") == 0)
		return route_edit(c, n, false, pos + 1);
	if (strcmp(pos[0], "del") == 0 || strcmp(pos[0], "delete") == 0)
		return route_edit(c, n, true, pos + 1);
	if (strcmp(pos[0], "flush") == 0) {
		sb_puts(c->err, "Flushing `inet' routing table not supported\n");
		return inet_opterr(c);
	}
	route_usage(c->err, c->err);
	return 3;
version:
	sb_puts(c->out, "net-tools 2.10\n"
			"+NEW_ADDRT +RTF_IRTT +RTF_REJECT +I18N +SELINUX\n"
			"AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE "
			"-BLUETOOTH\n"
			"HW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT "
			"+FDDI +HIPPI +HDLC/LAPB +EUI64 \n");
	return 0;
}

/* ---- arp ------------------------------------------------------------------ */

/* arp_state_to_flags() */
#define ATF_COM  0x02
#define ATF_PERM 0x04

static void arp_usage(struct strbuf *b, struct strbuf *err)
{
	sb_puts(b,
		"Usage:\n"
		"  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n"
		"  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n"
		"  arp [-vnD] [<HW>] [-i <if>] -f  [<filename>]            <-Add entry from file\n"
		"  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n"
		"  arp [-v]   [<HW>] [-i <if>] -Ds <host> <if> [netmask <nm>] pub          <-''-\n"
		"\n"
		"        -a                       display (all) hosts in alternative (BSD) style\n"
		"        -e                       display (all) hosts in default (Linux) style\n"
		"        -s, --set                set a new ARP entry\n"
		"        -d, --delete             delete a specified entry\n"
		"        -v, --verbose            be verbose\n"
		"        -n, --numeric            don't resolve names\n"
		"        -i, --device             specify network interface (e.g. eth0)\n"
		"        -D, --use-device         read <hwaddr> from given device\n"
		"        -A, -p, --protocol       specify protocol family\n"
		"        -f, --file               read new entries from file or from /etc/ethers\n"
		"\n"
		"  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n"
		"  List of possible hardware types (which support ARP):\n");
	sb_puts(err,
		"    ash (Ash) ether (Ethernet) ax25 (AMPR AX.25) \n"
		"    netrom (AMPR NET/ROM) rose (AMPR ROSE) arcnet (ARCnet) \n"
		"    dlci (Frame Relay DLCI) fddi (Fiber Distributed Data Interface) hippi (HIPPI) \n"
		"    irda (IrLAP) x25 (generic X.25) eui64 (Generic EUI-64) \n");
}

struct arp_list {
	const struct neigh **v;
	size_t n, cap;
};

static void arp_collect(void *ctx, const struct neigh *e)
{
	struct arp_list *l = ctx;
	/* /proc/net/arp leaves out NOARP entries and entries in no state
	 * (NEIGH_SEQ_SKIP_NOARP: only states other than NOARP are listed). */
	if (e->state == NUD_NOARP || e->state == NUD_NONE)
		return;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = realloc(l->v, l->cap * sizeof *l->v);
		if (!l->v)
			abort();
	}
	l->v[l->n++] = e;
}

static unsigned arp_flags(enum nud_state s)
{
	switch (s) {
	case NUD_PERMANENT:
		return ATF_PERM | ATF_COM;
	case NUD_REACHABLE: case NUD_STALE: case NUD_DELAY: case NUD_PROBE: case NUD_NOARP:
		return ATF_COM;
	default:
		return 0;
	}
}

/* arp_show(): host (when given) is already resolved; bsd for -a. */
static int arp_show(struct cmd_ctx *c, struct node *n, const char *name, bool bsd, bool numeric,
		    bool verbose, const char *device, bool hw_set)
{
	uint32_t host = 0;
	char host_text[16] = "";
	if (name) {
		if (inet_resolve(n, name, &host, false) < 0) {
			sb_printf(c->err, "%s: Host name lookup failure\n", name);
			return 255;
		}
		units_format_ipv4(host, host_text);
	}
	struct arp_list l = { 0 };
	neigh_foreach(n, arp_collect, &l);
	int entries = 0, showed = 0;
	bool title = false;
	for (size_t i = 0; i < l.n; i++) {
		const struct neigh *e = l.v[i];
		entries++;
		if (name && e->ip != host)
			continue;
		if (device[0] && strcmp(e->dev->name, device) != 0)
			continue;
		showed++;
		char ip[16], mac[18], resolved[256];
		units_format_ipv4(e->ip, ip);
		units_format_mac(e->mac, mac);
		const char *hostname = "?";
		if (!numeric && host_by_addr(n, e->ip, resolved, sizeof resolved))
			hostname = resolved;
		unsigned fl = arp_flags(e->state);
		if (bsd) {
			sb_printf(c->out, "%s (%s) at ", hostname, ip);
			if (fl & ATF_COM)
				sb_printf(c->out, "%s [ether] ", mac);
			else
				sb_puts(c->out, "<incomplete> ");
			if (fl & ATF_PERM)
				sb_puts(c->out, "PERM ");
			sb_printf(c->out, "on %s\n", e->dev->name);
			continue;
		}
		if (!title) {
			sb_puts(c->out, "Address                  HWtype  HWaddress           Flags Mask"
					"            Iface\n");
			title = true;
		}
		char flags[8] = "";
		if (fl & ATF_COM)
			strcat(flags, "C");
		if (fl & ATF_PERM)
			strcat(flags, "M");
		sb_printf(c->out, "%-23.23s  ", hostname[0] == '?' ? ip : hostname);
		if (fl & ATF_COM)
			sb_printf(c->out, "%-8.8s%-20.20s", "ether", mac);
		else
			sb_printf(c->out, "%-8.8s%-20.20s", "", "(incomplete)");
		sb_printf(c->out, "%-6.6s%-15.15s %s\n", flags, "", e->dev->name);
	}
	free(l.v);
	if (verbose)
		sb_printf(c->out, "Entries: %d\tSkipped: %d\tFound: %d\n", entries, entries - showed,
			  showed);
	if (!showed) {
		if (name && !bsd)
			sb_printf(c->out, "%s (%s) -- no entry\n", name, host_text);
		else if (hw_set || name || device[0])
			sb_printf(c->out, "arp: in %d entries no match found.\n", entries);
	}
	return 0;
}

/* The device the kernel picks for an ARP ioctl with no device named: the
 * one a link-scope route to ip goes out of (ip_route_output(RTO_ONLINK)). */
static struct netdev *arp_dev_for(struct node *n, uint32_t ip)
{
	const struct route *best = NULL;
	for (size_t i = 0; i < n->routes.n; i++) {
		const struct route *r = &n->routes.v[i];
		if (r->scope < RTS_LINK || !r->dev || !r->dev->up || r->type != RT_UNICAST)
			continue;
		if (((ip ^ r->dst) & units_prefix_mask(r->plen)) != 0)
			continue;
		if (!best || r->plen > best->plen || (r->plen == best->plen && r->metric < best->metric))
			best = r;
	}
	return best ? best->dev : NULL;
}

/* in_ether(): pairs of hex digits, ':' optional between them; fewer than
 * six bytes leave the rest zero, and what follows the sixth is ignored. */
static bool in_ether(const char *s, uint8_t mac[6])
{
	memset(mac, 0, 6);
	int i = 0;
	while (*s && i < 6) {
		int hi, lo;
		char ch = *s++;
		hi = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (hi < 0)
			return false;
		unsigned v = (unsigned)hi << 4;
		ch = *s;
		lo = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
			: ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (lo >= 0)
			v |= (unsigned)lo;
		else if (ch == ':' || ch == '\0')
			v >>= 4;
		else
			return false;
		if (ch)
			s++;
		mac[i++] = (uint8_t)v;
		if (*s == ':')
			s++;
	}
	return true;
}

static int arp_set(struct cmd_ctx *c, struct node *n, char **args, const char *device)
{
	if (!args[0]) {
		sb_puts(c->err, "arp: need host name\n");
		return 255;
	}
	uint32_t ip;
	if (inet_resolve(n, args[0], &ip, false) < 0) {
		sb_printf(c->err, "%s: Host name lookup failure\n", args[0]);
		return 255;
	}
	args++;
	if (!args[0]) {
		sb_puts(c->err, "arp: need hardware address\n");
		return 255;
	}
	uint8_t mac[6];
	if (!in_ether(args[0], mac)) {
		sb_puts(c->err, "arp: invalid hardware address\n");
		return 255;
	}
	args++;
	bool perm = true;
	char dev_name[IFNAMSIZ + 1];
	snprintf(dev_name, sizeof dev_name, "%s", device);
	for (; *args; args++) {
		if (strcmp(*args, "temp") == 0) {
			perm = false;
		} else if (strcmp(*args, "pub") == 0) {
			sb_puts(c->err, "wirelab: arp: published (proxy) entries are not modelled\n");
			return 255;
		} else if (strcmp(*args, "priv") == 0 || strcmp(*args, "trail") == 0) {
		} else if (strcmp(*args, "dev") == 0) {
			if (!args[1]) {
				arp_usage(c->err, c->err);
				return 3;
			}
			snprintf(dev_name, sizeof dev_name, "%s", *++args);
		} else {
			arp_usage(c->err, c->err);
			return 3;
		}
	}
	/* arp_req_set(): the device named, else the one the route goes out
	 * of; PERM makes it PERMANENT, temp STALE. */
	struct netdev *dev = NULL;
	if (dev_name[0]) {
		dev = node_dev(n, dev_name);
		if (!dev) {
			sb_puts(c->err, "SIOCSARP: No such device\n");
			return 255;
		}
	} else {
		dev = arp_dev_for(n, ip);
		if (!dev) {
			sb_puts(c->err, "SIOCSARP: Network is unreachable\n");
			return 255;
		}
	}
	neigh_set(n, dev, ip, mac, perm ? NUD_PERMANENT : NUD_STALE);
	return 0;
}

static int arp_del(struct cmd_ctx *c, struct node *n, char **args, const char *device)
{
	if (!args[0]) {
		sb_puts(c->err, "arp: need host name\n");
		return 255;
	}
	const char *host = args[0];
	uint32_t ip;
	if (inet_resolve(n, host, &ip, false) < 0) {
		sb_printf(c->err, "%s: Host name lookup failure\n", host);
		return 255;
	}
	char dev_name[IFNAMSIZ + 1];
	snprintf(dev_name, sizeof dev_name, "%s", device);
	for (args++; *args; args++) {
		if (strcmp(*args, "pub") == 0 || strcmp(*args, "priv") == 0 ||
		    strcmp(*args, "temp") == 0 || strcmp(*args, "trail") == 0) {
		} else if (strcmp(*args, "dev") == 0) {
			if (!args[1]) {
				arp_usage(c->err, c->err);
				return 3;
			}
			snprintf(dev_name, sizeof dev_name, "%s", *++args);
		} else {
			arp_usage(c->err, c->err);
			return 3;
		}
	}
	struct netdev *dev;
	if (dev_name[0]) {
		dev = node_dev(n, dev_name);
		if (!dev) {
			sb_puts(c->err, "SIOCDARP(dontpub): No such device\n");
			return 255;
		}
	} else {
		dev = arp_dev_for(n, ip);
		if (!dev) {
			sb_puts(c->err, "SIOCDARP(dontpub): Network is unreachable\n");
			return 255;
		}
	}
	/* arp_invalidate(): a NOARP entry stays (and is "not found"). */
	const struct neigh *e = neigh_lookup(n, dev, ip);
	if (!e || e->state == NUD_NOARP) {
		char text[16];
		units_format_ipv4(ip, text);
		sb_printf(c->out, "No ARP entry for %s\n", host);
		return 255;
	}
	neigh_delete(n, dev, ip);
	return 0;
}

/* arp.c main(): -a BSD style, -e (or nothing) Linux style, -n, -v,
 * -i IF, -H|-t ether, -A|-p inet, -s, -d; -f and -D are not modelled. */
int cmd_arp(struct cmd_ctx *c)
{
	int what = 0;
	bool opt_e = false, numeric = false, verbose = false, hw_set = false;
	char device[IFNAMSIZ + 1] = "";
	char *pos[64];
	int npos = 0;
	bool only_pos = false;
	for (int i = 1; i < c->argc; i++) {
		char *a = c->argv[i];
		if (only_pos || a[0] != '-' || !a[1]) {
			if (npos < 63)
				pos[npos++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_pos = true;
			continue;
		}
		const char *arg_opts = "AHpti";
		char word[3] = { '-', 0, 0 };
		if (a[1] == '-') {
			const char *l = a + 2;
			static const struct { const char *name; char opt; bool arg; } longs[] = {
				{ "verbose", 'v', false }, { "version", 'V', false }, { "all", 'a', false },
				{ "delete", 'd', false }, { "file", 'f', false }, { "numeric", 'n', false },
				{ "set", 's', false }, { "protocol", 'A', true }, { "hw-type", 'H', true },
				{ "device", 'i', true }, { "help", 'h', false }, { "use-device", 'D', false },
				{ "symbolic", 'N', false },
			};
			char opt = 0;
			const char *val = NULL;
			for (size_t k = 0; k < sizeof longs / sizeof longs[0] && !opt; k++) {
				size_t len = strcspn(l, "=");
				if (len && strncmp(l, longs[k].name, len) == 0) {
					opt = longs[k].opt;
					if (longs[k].arg)
						val = l[len] == '=' ? l + len + 1 : (i + 1 < c->argc ? c->argv[++i] : NULL);
				}
			}
			if (!opt) {
				sb_printf(c->err, "arp: unrecognized option '%s'\n", a);
				arp_usage(c->err, c->err);
				return 3;
			}
			if (strchr(arg_opts, opt)) {
				if (!val) {
					sb_printf(c->err, "arp: option '%s' requires an argument\n", c->argv[i]);
					arp_usage(c->err, c->err);
					return 3;
				}
				if (opt == 'i') {
					snprintf(device, sizeof device, "%s", val);
				} else if (opt == 'H' || opt == 't') {
					if (strcmp(val, "ether") != 0) {
						sb_printf(c->err, "arp: %s: unknown hardware type.\n", val);
						return 255;
					}
					hw_set = true;
				} else if (strcmp(val, "inet") != 0) {
					sb_printf(c->err, "arp: %s: unknown address family.\n", val);
					return 255;
				}
				continue;
			}
			/* A long option without an argument acts as its letter. */
			word[1] = opt;
			a = word;
		}
		for (const char *o = a + 1; *o; o++) {
			if (strchr(arg_opts, *o)) {
				const char *val = o[1] ? o + 1 : (i + 1 < c->argc ? c->argv[++i] : NULL);
				if (!val) {
					sb_printf(c->err, "arp: option requires an argument -- '%c'\n", *o);
					arp_usage(c->err, c->err);
					return 3;
				}
				if (*o == 'i') {
					snprintf(device, sizeof device, "%s", val);
				} else if (*o == 'H' || *o == 't') {
					/* get_hwtype(): wirelab's devices are all Ethernet. */
					if (strcmp(val, "ether") != 0) {
						sb_printf(c->err, "arp: %s: unknown hardware type.\n", val);
						return 255;
					}
					hw_set = true;
				} else if (strcmp(val, "inet") != 0) {
					sb_printf(c->err, "arp: %s: unknown address family.\n", val);
					return 255;
				}
				break;
			}
			switch (*o) {
			case 'a': what = 1; break;
			case 'e': opt_e = true; break;
			case 'd': what = 3; break;
			case 's': what = 4; break;
			case 'n': numeric = true; break;
			case 'v': verbose = true; break;
			case 'N': sb_puts(c->err, "arp: -N not yet supported.\n"); break;
			case 'f': case 'D':
				sb_printf(c->err, "wirelab: arp -%c is not modelled\n", *o);
				return 255;
			case 'V':
				sb_puts(c->out, "net-tools 2.10\n+I18N +SELINUX\n"
						"AF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK "
						"+ECONET +ROSE -BLUETOOTH\n"
						"HW: (ether) +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM "
						"+X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n");
				return 0;
			case 'h':
				arp_usage(c->out, c->err);
				return 0;
			default:
				sb_printf(c->err, "arp: invalid option -- '%c'\n", *o);
				arp_usage(c->err, c->err);
				return 3;
			}
		}
	}
	pos[npos] = NULL;
	struct node *n = c->node;
	switch (what) {
	case 0:
		return arp_show(c, n, pos[0], false, numeric, verbose, device, hw_set);
	case 1:
		return arp_show(c, n, pos[0], !opt_e, numeric, verbose, device, hw_set);
	case 3:
		return arp_del(c, n, pos, device);
	default:
		return arp_set(c, n, pos, device);
	}
}
