/* engine_fixture.h — small helpers to build topologies in unit tests. */
#ifndef WL_ENGINE_FIXTURE_H
#define WL_ENGINE_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/route.h"
#include "util/units.h"

static inline uint32_t fx_ip(const char *s)
{
	uint32_t a = 0;
	char err[128];
	if (units_parse_ipv4(s, &a, err, sizeof err) != 0)
		abort();
	return a;
}

/* A host with lo up. */
static inline struct node *fx_host(struct world *w, const char *name, enum node_role role)
{
	struct node *n = node_new(w, name, role);
	netdev_set_up(n->lo, true);
	return n;
}

/* A switch: a node with br0 up. */
static inline struct node *fx_switch(struct world *w, const char *name)
{
	struct node *n = fx_host(w, name, NODE_SWITCH);
	struct netdev *br = netdev_new(n, "br0", ND_BRIDGE);
	netdev_set_up(br, true);
	return n;
}

/* Cable a (new ethN on) node a to node b; a switch enslaves its end. */
static inline struct link *fx_link(struct world *w, struct node *a, struct node *b,
				   const struct link_params *lp)
{
	struct node *ends[2] = { a, b };
	struct netdev *devs[2];
	for (int i = 0; i < 2; i++) {
		char name[16];
		node_next_dev_name(ends[i], "eth", name);
		devs[i] = netdev_new(ends[i], name, ND_ETH);
		struct netdev *br = node_dev(ends[i], "br0");
		if (br && ends[i]->role == NODE_SWITCH)
			bridge_add_port(br, devs[i]);
	}
	struct link_params def;
	link_params_default(&def);
	struct link *l = link_connect(w, devs[0], devs[1], lp ? lp : &def);
	netdev_set_up(devs[0], true);
	netdev_set_up(devs[1], true);
	return l;
}

static inline void fx_addr(struct node *n, const char *dev, const char *prefix)
{
	uint32_t a;
	int plen;
	char err[128];
	if (units_parse_prefix(prefix, &a, &plen, err, sizeof err) != 0)
		abort();
	netdev_addr_add(node_dev(n, dev), a, plen);
}

static inline int fx_route(struct node *n, const char *dst, const char *via)
{
	struct route r = { 0 };
	char err[128];
	if (units_parse_route_dst(dst, &r.dst, &r.plen, err, sizeof err) != 0)
		abort();
	r.gw = via ? fx_ip(via) : 0;
	r.proto = RTP_BOOT;
	return route_add(n, &r, ROUTE_EXCL);
}

#endif
