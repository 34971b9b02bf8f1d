/* route.c — the main routing table: ordered insert, longest-prefix match. */
#include "net/route.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/die.h"
#include "util/units.h"

void route_table_init(struct route_table *t)
{
	memset(t, 0, sizeof *t);
}

void route_table_free(struct route_table *t)
{
	free(t->v);
	memset(t, 0, sizeof *t);
}

const char *route_proto_name(unsigned proto)
{
	switch (proto) {
	case RTP_UNSPEC: return "unspec";
	case RTP_REDIRECT: return "redirect";
	case RTP_KERNEL: return "kernel";
	case RTP_BOOT: return "boot";
	case RTP_STATIC: return "static";
	}
	return NULL;
}

const char *route_scope_name(unsigned scope)
{
	switch (scope) {
	case RTS_UNIVERSE: return "global";
	case RTS_LINK: return "link";
	case RTS_HOST: return "host";
	}
	return NULL;
}

const char *route_type_name(enum rt_type t)
{
	switch (t) {
	case RT_UNICAST: return "unicast";
	case RT_BLACKHOLE: return "blackhole";
	case RT_UNREACHABLE: return "unreachable";
	case RT_PROHIBIT: return "prohibit";
	}
	return "?";
}

/* The table is kept in the order `ip route` lists it (the kernel's trie
 * walks keys in address order; under one key the longer prefix comes
 * first), then by metric and age.  Lookup does not depend on this order. */
static int route_cmp(const struct route *a, const struct route *b)
{
	if (a->dst != b->dst)
		return a->dst < b->dst ? -1 : 1;
	if (a->plen != b->plen)
		return a->plen > b->plen ? -1 : 1;
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

static void describe(const struct route *r, char *buf, size_t len)
{
	char dst[16], gw[16];
	units_format_ipv4(r->dst, dst);
	units_format_ipv4(r->gw, gw);
	int k;
	if (r->plen == 0)
		k = snprintf(buf, len, "default");
	else
		k = snprintf(buf, len, "%s/%d", dst, r->plen);
	if (k < 0 || (size_t)k >= len)
		return;
	if (r->type != RT_UNICAST)
		k += snprintf(buf + k, len - (size_t)k, " %s", route_type_name(r->type));
	if (r->gw && (size_t)k < len)
		k += snprintf(buf + k, len - (size_t)k, " via %s", gw);
	if (r->dev && (size_t)k < len)
		snprintf(buf + k, len - (size_t)k, " dev %s", r->dev->name);
}

/* The connected route of dev that holds addr, if any. */
static const struct route *connected_for(const struct node *n, uint32_t addr,
					 const struct netdev *dev)
{
	for (size_t i = 0; i < n->routes.n; i++) {
		const struct route *r = &n->routes.v[i];
		if (r->gw || r->type != RT_UNICAST || !r->dev || r->scope != RTS_LINK)
			continue;
		if (dev && r->dev != dev)
			continue;
		if (((addr ^ r->dst) & units_prefix_mask(r->plen)) == 0)
			return r;
	}
	return NULL;
}

int route_add(struct node *n, const struct route *in, int flags)
{
	struct world *w = n->w;
	struct route_table *t = &n->routes;
	struct route r = *in;
	if (r.plen < 0 || r.plen > 32)
		return world_errf(w, -EINVAL, "Error: Invalid prefix for given prefix length.");
	if (r.dst & ~units_prefix_mask(r.plen))
		return world_errf(w, -EINVAL, "Error: Invalid prefix for given prefix length.");
	if (r.type == RT_UNICAST && r.gw) {
		/* fib_check_nh(): the gateway must be reachable through a
		 * connected (link-scope) route, on the given device if any. */
		const struct route *c = connected_for(n, r.gw, r.dev);
		if (!c || node_is_local_addr(n, r.gw))
			return world_errf(w, -ENETUNREACH, "Error: Nexthop has invalid gateway.");
		r.dev = c->dev;
	}
	if (r.type == RT_UNICAST && !r.dev)
		return world_errf(w, -ENODEV, "Error: Device for nexthop is not up.");
	if (r.dev && !r.dev->up)
		return world_errf(w, -ENETDOWN, "Error: Device for nexthop is not up.");
	/* The same destination, metric (and, as the kernel's fib keys it, TOS)
	 * is one route: add refuses, replace overwrites. */
	for (size_t i = 0; i < t->n; i++) {
		struct route *o = &t->v[i];
		if (o->dst != r.dst || o->plen != r.plen || o->metric != r.metric)
			continue;
		if (flags & ROUTE_REPLACE) {
			r.seq = o->seq;
			*o = r;
			char d[96];
			describe(&r, d, sizeof d);
			trace_table(w, n, r.dev, "route", "replace", "%s", d);
			return 0;
		}
		if (flags & ROUTE_EXCL)
			return world_errf(w, -EEXIST, "RTNETLINK answers: File exists");
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->v = wl_realloc(t->v, t->cap * sizeof *t->v);
	}
	r.seq = t->next_seq++;
	size_t i = t->n;
	while (i > 0 && route_cmp(&r, &t->v[i - 1]) < 0) {
		t->v[i] = t->v[i - 1];
		i--;
	}
	t->v[i] = r;
	t->n++;
	if (trace_wants(w, TR_TABLE)) {
		char d[96];
		describe(&r, d, sizeof d);
		trace_table(w, n, r.dev, "route", "add", "%s", d);
	}
	return 0;
}

static void remove_at(struct node *n, size_t i, const char *why)
{
	struct route_table *t = &n->routes;
	if (trace_wants(n->w, TR_TABLE)) {
		char d[96];
		describe(&t->v[i], d, sizeof d);
		trace_table(n->w, n, t->v[i].dev, "route", "del", "%s%s", d, why);
	}
	memmove(&t->v[i], &t->v[i + 1], (t->n - i - 1) * sizeof *t->v);
	t->n--;
}

int route_del(struct node *n, const struct route *m, bool match_gw, bool match_dev,
	      bool match_metric)
{
	struct route_table *t = &n->routes;
	uint32_t dst = m->dst & units_prefix_mask(m->plen);
	for (size_t i = 0; i < t->n; i++) {
		const struct route *r = &t->v[i];
		if (r->dst != dst || r->plen != m->plen)
			continue;
		if (match_gw && r->gw != m->gw)
			continue;
		if (match_dev && r->dev != m->dev)
			continue;
		if (match_metric && r->metric != m->metric)
			continue;
		if (m->type != RT_UNICAST && r->type != m->type)
			continue;
		remove_at(n, i, "");
		return 0;
	}
	return world_errf(n->w, -ESRCH, "RTNETLINK answers: No such process");
}

void route_flush_dev(struct node *n, const struct netdev *dev)
{
	struct route_table *t = &n->routes;
	for (size_t i = t->n; i-- > 0;)
		if (t->v[i].dev == dev)
			remove_at(n, i, " (device down or gone)");
}

void route_add_connected(struct node *n, struct netdev *dev)
{
	/* lo's 127.0.0.0/8 lives in the local table, not in `ip route`;
	 * a bridge port's addresses do not route while it is enslaved. */
	if (dev->kind == ND_LOOPBACK || dev->master || !dev->up)
		return;
	for (const struct ifaddr *a = dev->addrs; a; a = a->next) {
		if (a->plen == 32)
			continue;
		struct route r = {
			.dst = a->addr & units_prefix_mask(a->plen), .plen = a->plen, .dev = dev,
			.prefsrc = a->addr, .type = RT_UNICAST, .proto = RTP_KERNEL, .scope = RTS_LINK,
		};
		bool exists = false;
		for (size_t i = 0; i < n->routes.n; i++) {
			const struct route *o = &n->routes.v[i];
			if (o->dst == r.dst && o->plen == r.plen && o->dev == dev && !o->gw)
				exists = true;
		}
		if (!exists)
			route_add(n, &r, 0);
	}
}

const struct route *route_lookup(const struct node *n, uint32_t dst)
{
	/* Longest prefix wins, then the lowest metric, then the oldest route. */
	const struct route_table *t = &n->routes;
	const struct route *best = NULL;
	for (size_t i = 0; i < t->n; i++) {
		const struct route *r = &t->v[i];
		/* The mask inline: this loop runs for every packet routed. */
		uint32_t mask = r->plen ? ~0u << (32 - r->plen) : 0u;
		if (((dst ^ r->dst) & mask) != 0)
			continue;
		if (r->dev && !r->dev->up)
			continue;
		if (!best || r->plen > best->plen ||
		    (r->plen == best->plen && (r->metric < best->metric ||
					       (r->metric == best->metric && r->seq < best->seq))))
			best = r;
	}
	return best;
}
