/* netdev.c — devices: creation, up/down, addresses, and the two paths every
 * frame takes (netdev_xmit down, netdev_receive up). */
#include "dev/netdev.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/node.h"
#include "net/stack.h"
#include "util/die.h"
#include "util/units.h"

static void veth_xmit(struct netdev *dev, struct pkt *p);
static void loopback_xmit(struct netdev *dev, struct pkt *p);

static const struct netdev_ops eth_ops = { .xmit = link_xmit };
static const struct netdev_ops veth_ops = { .xmit = veth_xmit };
static const struct netdev_ops bridge_ops = { .xmit = bridge_dev_xmit };
static const struct netdev_ops loopback_ops = { .xmit = loopback_xmit };

const char *netdev_kind_name(enum netdev_kind k)
{
	switch (k) {
	case ND_LOOPBACK: return "loopback";
	case ND_ETH: return "eth";
	case ND_VETH: return "veth";
	case ND_BRIDGE: return "bridge";
	}
	return "?";
}

static bool valid_ifname(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len >= IFNAMSIZ || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return false;
	for (const char *c = name; *c; c++)
		if (*c == '/' || *c == ':' || *c <= ' ' || *c == 0x7f)
			return false;
	return true;
}

struct netdev *netdev_new(struct node *n, const char *name, enum netdev_kind kind)
{
	struct world *w = n->w;
	if (!valid_ifname(name)) {
		world_errf(w, -EINVAL, "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
			   name);
		return NULL;
	}
	if (node_dev(n, name)) {
		world_errf(w, -EEXIST, "RTNETLINK answers: File exists");
		return NULL;
	}
	struct netdev *dev = wl_calloc(1, sizeof *dev);
	snprintf(dev->name, sizeof dev->name, "%s", name);
	dev->kind = kind;
	dev->node = n;
	dev->ifindex = n->next_ifindex++;
	dev->mtu = kind == ND_LOOPBACK ? 65536 : 1500;
	dev->txqueuelen = kind == ND_ETH ? 1000 : (kind == ND_LOOPBACK ? 1000 : 0);
	switch (kind) {
	case ND_LOOPBACK: dev->ops = &loopback_ops; break;
	case ND_ETH: dev->ops = &eth_ops; break;
	case ND_VETH: dev->ops = &veth_ops; break;
	case ND_BRIDGE: dev->ops = &bridge_ops; break;
	}
	if (kind != ND_LOOPBACK) {
		/* Locally administered, unicast, and counted per world so that
		 * traces are readable and identical run to run. */
		uint32_t k = ++w->next_ifindex_seed;
		uint8_t mac[6] = { 0x02, 0x00, 0x00, (uint8_t)(k >> 16), (uint8_t)(k >> 8), (uint8_t)k };
		memcpy(dev->mac, mac, 6);
	}
	node_attach_dev(n, dev);
	if (kind == ND_BRIDGE)
		bridge_init(dev);
	trace_table(w, n, dev, "link", "add", "%s: new %s device", dev->name, netdev_kind_name(kind));
	return dev;
}

static void addrs_free(struct netdev *dev)
{
	struct ifaddr *a = dev->addrs;
	while (a) {
		struct ifaddr *next = a->next;
		free(a);
		a = next;
	}
	dev->addrs = NULL;
}

static void netdev_destroy(struct netdev *dev)
{
	struct node *n = dev->node;
	struct world *w = n->w;
	if (dev->up)
		netdev_set_up(dev, false);
	if (dev->master)
		bridge_del_port(dev->master, dev);
	if (dev->kind == ND_BRIDGE) {
		while (dev->br->n_ports)
			bridge_del_port(dev, dev->br->ports[0]);
		bridge_fini(dev);
	}
	if (dev->link)
		link_unplug(w, dev->link);
	neigh_flush_dev(n, dev);
	route_flush_dev(n, dev);
	world_drop_inflight(w, dev);
	addrs_free(dev);
	trace_table(w, n, dev, "link", "del", "%s: deleted", dev->name);
	node_detach_dev(n, dev);
	free(dev);
}

void netdev_del(struct netdev *dev)
{
	struct netdev *peer = dev->peer;
	if (peer) {
		peer->peer = NULL;
		dev->peer = NULL;
		netdev_destroy(peer);
	}
	netdev_destroy(dev);
}

bool netdev_carrier(const struct netdev *dev)
{
	switch (dev->kind) {
	case ND_LOOPBACK:
	case ND_BRIDGE:
		/* A bridge with no port up has no carrier on Linux; wirelab keeps
		 * it simple and says the bridge has carrier while it is up. */
		return true;
	case ND_ETH:
		if (!dev->link)
			return false;
		return dev->link->end[1 - dev->link_end]->up;
	case ND_VETH:
		return dev->peer && dev->peer->up;
	}
	return false;
}

bool netdev_oper_up(const struct netdev *dev)
{
	return dev->up && netdev_carrier(dev);
}

void netdev_set_up(struct netdev *dev, bool up)
{
	if (dev->up == up)
		return;
	struct node *n = dev->node;
	dev->up = up;
	trace_table(n->w, n, dev, "link", up ? "up" : "down", "%s: %s", dev->name,
		    up ? "set up" : "set down");
	if (up) {
		/* The kernel gives lo its address when it first comes up. */
		if (dev->kind == ND_LOOPBACK && !dev->addrs)
			netdev_addr_add(dev, 0x7f000001u, 8);
		route_add_connected(n, dev);
	} else {
		/* Linux flushes IPv4 routes and neighbours of a device going down. */
		neigh_flush_dev(n, dev);
		route_flush_dev(n, dev);
		if (dev->master)
			bridge_fdb_flush_port(dev->master, dev);
		/* br_stp_disable_bridge(): a bridge going down forgets what its
		 * ports learnt (br_fdb_delete_by_port for each). */
		if (dev->kind == ND_BRIDGE)
			for (int i = 0; i < dev->br->n_ports; i++)
				bridge_fdb_flush_port(dev, dev->br->ports[i]);
	}
}

void netdev_set_mac(struct netdev *dev, const uint8_t mac[6])
{
	uint8_t old[6];
	memcpy(old, dev->mac, 6);
	memcpy(dev->mac, mac, 6);
	if (dev->kind == ND_BRIDGE)
		dev->br->mac_set = true;
	if (dev->kind == ND_BRIDGE || dev->master)
		bridge_mac_changed(dev, old);
	char buf[18];
	units_format_mac(mac, buf);
	trace_table(dev->node->w, dev->node, dev, "link", "address", "%s: address %s", dev->name, buf);
}

void netdev_tap_tx(struct netdev *dev, const struct pkt *p)
{
	struct world *w = dev->node->w;
	dev->stats.tx_packets++;
	dev->stats.tx_bytes += p->len;
	/* Cables count their frames when the last bit leaves (link.c); every
	 * other kind hands the frame over at once. */
	if (dev->kind != ND_ETH)
		w->stats.frames++;
	if (trace_wants(w, TR_TX)) {
		struct trace_rec r = { .kind = TR_TX, .t_ns = w->now_ns, .node = dev->node,
				       .dev = dev, .layer = TL_ETH, .bytes = p->data, .len = p->len,
				       .pkt_id = p->id };
		trace_emit(w, &r);
	}
}

void netdev_xmit(struct netdev *dev, struct pkt *p)
{
	if (!dev->up) {
		dev->stats.tx_dropped++;
		pkt_drop(dev->node->w, p, dev->node, dev, TL_ETH, DROP_LINK_DOWN,
			 "%s is down", dev->name);
		return;
	}
	p->dev = dev;
	dev->ops->xmit(dev, p);
}

void netdev_receive(struct netdev *dev, struct pkt *p)
{
	struct node *n = dev->node;
	struct world *w = n->w;
	/* A capture sees every frame that reaches the device; what the stack
	 * then does with it is a decision of its own.  Loopback frames were
	 * already captured on the way out: Linux's packet sockets skip the
	 * second copy (PACKET_LOOPBACK), so each shows once.  Nothing can be
	 * captured on a device that is down. */
	if (dev->up && dev->kind != ND_LOOPBACK && trace_wants(w, TR_RX)) {
		struct trace_rec r = { .kind = TR_RX, .t_ns = w->now_ns, .node = n, .dev = dev,
				       .layer = TL_ETH, .bytes = p->data, .len = p->len,
				       .pkt_id = p->id };
		trace_emit(w, &r);
	}
	if (!dev->up) {
		dev->stats.rx_dropped++;
		pkt_drop(w, p, n, dev, TL_ETH, DROP_LINK_DOWN, "%s is down", dev->name);
		return;
	}
	dev->stats.rx_packets++;
	dev->stats.rx_bytes += p->len;
	p->dev = dev;
	if (dev->master) {
		bridge_port_input(dev, p);
		return;
	}
	stack_eth_input(n, dev, p);
}

/* ---- veth and loopback: hand-over inside one machine -------------------- */

void netdev_local_deliver_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct pkt *p = (struct pkt *)ev;
	netdev_receive(p->dev, p);
}

/* Deliver on the next turn of the loop rather than by recursion, as Linux
 * hands veth and loopback frames to the backlog (netif_rx) for a later
 * softirq: a flood through many veths then costs events, not C stack. */
static void deliver_soon(struct world *w, struct netdev *to, struct pkt *p)
{
	p->dev = to;
	ev_init(&p->ev, netdev_local_deliver_fire);
	ev_schedule(w, &p->ev, w->now_ns);
}

static void veth_xmit(struct netdev *dev, struct pkt *p)
{
	struct world *w = dev->node->w;
	struct netdev *peer = dev->peer;
	if (!peer || !peer->up) {
		/* veth_xmit() drops when the peer is down; no capture sees it. */
		dev->stats.tx_dropped++;
		pkt_drop(w, p, dev->node, dev, TL_ETH, DROP_NO_CARRIER,
			 "%s: peer is down", dev->name);
		return;
	}
	netdev_tap_tx(dev, p);
	deliver_soon(w, peer, p);
}

static void loopback_xmit(struct netdev *dev, struct pkt *p)
{
	netdev_tap_tx(dev, p);
	deliver_soon(dev->node->w, dev, p);
}

/* ---- addresses ----------------------------------------------------------- */

int netdev_addr_add(struct netdev *dev, uint32_t addr, int plen)
{
	struct node *n = dev->node;
	struct world *w = n->w;
	for (struct ifaddr *a = dev->addrs; a; a = a->next)
		if (a->addr == addr && a->plen == plen)
			return world_errf(w, -EEXIST, "RTNETLINK answers: File exists");
	struct ifaddr *na = wl_calloc(1, sizeof *na);
	na->addr = addr;
	na->plen = plen;
	uint32_t mask = units_prefix_mask(plen);
	na->brd = plen >= 31 ? 0 : (addr & mask) | ~mask;
	struct ifaddr **tail = &dev->addrs;
	while (*tail)
		tail = &(*tail)->next;
	*tail = na;
	char ip[16];
	units_format_ipv4(addr, ip);
	trace_table(w, n, dev, "addr", "add", "%s/%d added to %s", ip, plen, dev->name);
	if (dev->up)
		route_add_connected(n, dev);
	return 0;
}

int netdev_addr_del(struct netdev *dev, uint32_t addr, int plen)
{
	struct node *n = dev->node;
	for (struct ifaddr **pa = &dev->addrs; *pa; pa = &(*pa)->next) {
		struct ifaddr *a = *pa;
		if (a->addr != addr || (plen >= 0 && a->plen != plen))
			continue;
		*pa = a->next;
		uint32_t mask = units_prefix_mask(a->plen);
		/* The connected route of this subnet goes with its last address. */
		bool subnet_left = false;
		for (struct ifaddr *b = dev->addrs; b; b = b->next)
			if (b->plen == a->plen && ((b->addr ^ a->addr) & mask) == 0)
				subnet_left = true;
		if (!subnet_left) {
			struct route m = { .dst = a->addr & mask, .plen = a->plen, .dev = dev };
			route_del(n, &m, false, true, false);
		}
		char ip[16];
		units_format_ipv4(addr, ip);
		trace_table(n->w, n, dev, "addr", "del", "%s/%d removed from %s", ip, a->plen, dev->name);
		free(a);
		return 0;
	}
	return world_errf(n->w, -EADDRNOTAVAIL, "RTNETLINK answers: Cannot assign requested address");
}

uint32_t netdev_pick_src(const struct netdev *dev, uint32_t near)
{
	if (near) {
		for (const struct ifaddr *a = dev->addrs; a; a = a->next) {
			uint32_t mask = units_prefix_mask(a->plen);
			if (((a->addr ^ near) & mask) == 0)
				return a->addr;
		}
	}
	return dev->addrs ? dev->addrs->addr : 0;
}

/* ---- veth pairs, moving, renaming, MTU ----------------------------------- */

struct netdev *netdev_veth_pair(struct node *a, const char *name_a, struct node *b,
				const char *name_b)
{
	struct world *w = a->w;
	if (!valid_ifname(name_a) || !valid_ifname(name_b)) {
		const char *bad = valid_ifname(name_a) ? name_b : name_a;
		world_errf(w, -EINVAL, "Error: argument \"%s\" is wrong: \"name\" not a valid ifname",
			   bad);
		return NULL;
	}
	if (node_dev(a, name_a) || node_dev(b, name_b) || (a == b && strcmp(name_a, name_b) == 0)) {
		world_errf(w, -EEXIST, "RTNETLINK answers: File exists");
		return NULL;
	}
	struct netdev *x = netdev_new(a, name_a, ND_VETH);
	struct netdev *y = netdev_new(b, name_b, ND_VETH);
	x->peer = y;
	y->peer = x;
	return x;
}

int netdev_move(struct netdev *dev, struct node *to)
{
	struct node *from = dev->node;
	struct world *w = from->w;
	if (dev->kind == ND_LOOPBACK)
		return world_errf(w, -EINVAL, "RTNETLINK answers: Invalid argument");
	if (to == from)
		return 0;
	if (node_dev(to, dev->name))
		return world_errf(w, -EEXIST, "RTNETLINK answers: File exists");
	/* dev_change_net_namespace(): down, unlinked from its master, its
	 * addresses and neighbours gone; what was in flight is lost. */
	netdev_set_up(dev, false);
	if (dev->master)
		bridge_del_port(dev->master, dev);
	if (dev->kind == ND_BRIDGE)
		while (dev->br->n_ports)
			bridge_del_port(dev, dev->br->ports[0]);
	neigh_flush_dev(from, dev);
	route_flush_dev(from, dev);
	world_drop_inflight(w, dev);
	addrs_free(dev);
	trace_table(w, from, dev, "link", "move", "%s: moved to namespace %s", dev->name, to->name);
	node_detach_dev(from, dev);
	if (node_dev_by_index(to, dev->ifindex))
		dev->ifindex = to->next_ifindex++;
	else if (dev->ifindex >= to->next_ifindex)
		to->next_ifindex = dev->ifindex + 1;
	node_attach_dev(to, dev);
	trace_table(w, to, dev, "link", "add", "%s: arrived from namespace %s", dev->name, from->name);
	return 0;
}

int netdev_rename(struct netdev *dev, const char *name)
{
	struct world *w = dev->node->w;
	if (!valid_ifname(name))
		return world_errf(w, -EINVAL,
				  "Error: argument \"%s\" is wrong: \"name\" not a valid ifname", name);
	if (strcmp(dev->name, name) == 0)
		return 0;
	if (dev->up)
		return world_errf(w, -EBUSY, "RTNETLINK answers: Device or resource busy");
	if (node_dev(dev->node, name))
		return world_errf(w, -EEXIST, "RTNETLINK answers: File exists");
	char old[IFNAMSIZ];
	snprintf(old, sizeof old, "%s", dev->name);
	snprintf(dev->name, sizeof dev->name, "%s", name);
	trace_table(w, dev->node, dev, "link", "name", "%s renamed to %s", old, name);
	return 0;
}

int netdev_set_mtu(struct netdev *dev, uint32_t mtu)
{
	struct world *w = dev->node->w;
	uint32_t max = dev->kind == ND_LOOPBACK ? 0x7fffffffu : 65535u;
	if (mtu < 68)
		return world_errf(w, -EINVAL, "Error: mtu less than device minimum.");
	if (mtu > max)
		return world_errf(w, -EINVAL, "Error: mtu greater than device maximum.");
	dev->mtu = mtu;
	trace_table(w, dev->node, dev, "link", "mtu", "%s: mtu %u", dev->name, mtu);
	return 0;
}
