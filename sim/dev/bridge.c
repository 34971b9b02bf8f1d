/* bridge.c — the Linux bridge's forwarding database and forwarding rules.
 * The rules, in order, are in bridge.h; this file follows
 * net/bridge/br_input.c (br_handle_frame_finish) and br_fdb.c. */
#include "dev/bridge.h"

#include <errno.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/nf.h"
#include "net/stack.h"
#include "util/die.h"
#include "util/units.h"
#include "wire/eth.h"

#define BR_DEFAULT_AGEING_NS (300 * NS_PER_S)

static uint32_t mac_hash(const uint8_t mac[6])
{
	/* The low bytes of a MAC vary most; mix all six anyway. */
	uint32_t h = 2166136261u;
	for (int i = 0; i < 6; i++)
		h = (h ^ mac[i]) * 16777619u;
	return h;
}

static void fdb_gc_fire(struct world *w, struct ev *ev);
static struct fdb_entry *fdb_insert(struct bridge *b, const uint8_t mac[6], struct netdev *port,
				    bool is_local);

void bridge_init(struct netdev *dev)
{
	struct bridge *b = wl_calloc(1, sizeof *b);
	b->dev = dev;
	b->ageing_ns = BR_DEFAULT_AGEING_NS;
	b->next_port_no = 1;
	b->n_buckets = 64;
	b->buckets = wl_calloc(b->n_buckets, sizeof *b->buckets);
	ev_init(&b->gc, fdb_gc_fire);
	dev->br = b;
	/* The bridge's own address is a local entry with no port. */
	fdb_insert(b, dev->mac, NULL, true);
}

static void fdb_free_all(struct bridge *b)
{
	for (uint32_t i = 0; i < b->n_buckets; i++) {
		struct fdb_entry *e = b->buckets[i];
		while (e) {
			struct fdb_entry *next = e->hnext;
			free(e);
			e = next;
		}
		b->buckets[i] = NULL;
	}
	b->count = 0;
}

void bridge_fini(struct netdev *dev)
{
	struct bridge *b = dev->br;
	ev_cancel(dev->node->w, &b->gc);
	fdb_free_all(b);
	free(b->buckets);
	free(b->ports);
	free(b);
	dev->br = NULL;
}

static struct fdb_entry *fdb_get(const struct bridge *b, const uint8_t mac[6])
{
	for (struct fdb_entry *e = b->buckets[mac_hash(mac) & (b->n_buckets - 1)]; e; e = e->hnext)
		if (memcmp(e->mac, mac, 6) == 0)
			return e;
	return NULL;
}

const struct fdb_entry *bridge_fdb_find(const struct bridge *b, const uint8_t mac[6])
{
	return fdb_get(b, mac);
}

static void fdb_grow(struct bridge *b)
{
	uint32_t nb = b->n_buckets * 2;
	struct fdb_entry **nbk = wl_calloc(nb, sizeof *nbk);
	for (uint32_t i = 0; i < b->n_buckets; i++) {
		struct fdb_entry *e = b->buckets[i];
		while (e) {
			struct fdb_entry *next = e->hnext;
			uint32_t h = mac_hash(e->mac) & (nb - 1);
			e->hnext = nbk[h];
			nbk[h] = e;
			e = next;
		}
	}
	free(b->buckets);
	b->buckets = nbk;
	b->n_buckets = nb;
}

static struct fdb_entry *fdb_insert(struct bridge *b, const uint8_t mac[6], struct netdev *port,
				    bool is_local)
{
	if (b->count >= b->n_buckets)
		fdb_grow(b);
	struct fdb_entry *e = wl_calloc(1, sizeof *e);
	memcpy(e->mac, mac, 6);
	e->port = port;
	e->is_local = is_local;
	uint32_t h = mac_hash(mac) & (b->n_buckets - 1);
	e->hnext = b->buckets[h];
	b->buckets[h] = e;
	b->count++;
	return e;
}

static void fdb_remove(struct bridge *b, struct fdb_entry *gone)
{
	struct fdb_entry **pe = &b->buckets[mac_hash(gone->mac) & (b->n_buckets - 1)];
	while (*pe != gone)
		pe = &(*pe)->hnext;
	*pe = gone->hnext;
	b->count--;
	free(gone);
}

int64_t bridge_fdb_age_ns(const struct bridge *b, const struct fdb_entry *e)
{
	return b->dev->node->w->now_ns - e->updated_ns;
}

/* Ageing: br_fdb_cleanup() wakes at the earliest expiry, removes what has
 * expired, and sleeps until the next one. */
static void fdb_gc_fire(struct world *w, struct ev *ev)
{
	struct bridge *b = (struct bridge *)((char *)ev - offsetof(struct bridge, gc));
	int64_t next = -1;
	for (uint32_t i = 0; i < b->n_buckets; i++) {
		struct fdb_entry *e = b->buckets[i];
		while (e) {
			struct fdb_entry *hn = e->hnext;
			if (!e->is_local) {
				int64_t expiry = e->updated_ns + b->ageing_ns;
				if (expiry <= w->now_ns) {
					char m[18];
					units_format_mac(e->mac, m);
					trace_table(w, b->dev->node, b->dev, "fdb", "expire",
						    "%s on %s aged out after %llds", m, e->port->name,
						    (long long)(b->ageing_ns / NS_PER_S));
					fdb_remove(b, e);
				} else if (next < 0 || expiry < next) {
					next = expiry;
				}
			}
			e = hn;
		}
	}
	if (next >= 0)
		ev_schedule(w, &b->gc, next);
}

static void fdb_learn(struct bridge *b, struct netdev *port, const uint8_t mac[6])
{
	struct world *w = b->dev->node->w;
	struct fdb_entry *e = fdb_get(b, mac);
	if (e) {
		if (e->is_local)
			return;  /* our own address seen from outside: never learnt */
		if (e->port != port) {
			char m[18];
			units_format_mac(mac, m);
			trace_table(w, b->dev->node, port, "fdb", "move", "%s moved from %s to %s", m,
				    e->port->name, port->name);
			e->port = port;
		}
		e->updated_ns = w->now_ns;
		return;
	}
	e = fdb_insert(b, mac, port, false);
	e->updated_ns = w->now_ns;
	if (trace_wants(w, TR_TABLE)) {
		char m[18];
		units_format_mac(mac, m);
		trace_table(w, b->dev->node, port, "fdb", "learn", "learned %s on %s (port %d)", m,
			    port->name, port->port_no);
	}
	if (!ev_pending(&b->gc))
		ev_schedule(w, &b->gc, w->now_ns + b->ageing_ns);
}

/* The bridge's MAC follows its lowest port MAC (br_stp_recalculate_bridge_id). */
static void bridge_recalc_mac(struct bridge *b)
{
	if (b->mac_set || !b->n_ports)
		return;
	const uint8_t *low = b->ports[0]->mac;
	for (int i = 1; i < b->n_ports; i++)
		if (memcmp(b->ports[i]->mac, low, 6) < 0)
			low = b->ports[i]->mac;
	if (memcmp(b->dev->mac, low, 6) == 0)
		return;
	uint8_t old[6];
	memcpy(old, b->dev->mac, 6);
	memcpy(b->dev->mac, low, 6);
	bridge_mac_changed(b->dev, old);
}

void bridge_mac_changed(struct netdev *dev, const uint8_t old[6])
{
	/* br_fdb_change_mac_address() / br_fdb_changeaddr(): the local entry
	 * follows the device's new address. */
	struct netdev *brdev = dev->kind == ND_BRIDGE ? dev : dev->master;
	if (!brdev || !brdev->br)
		return;
	struct bridge *b = brdev->br;
	struct netdev *port = dev->kind == ND_BRIDGE ? NULL : dev;
	struct fdb_entry *e = fdb_get(b, old);
	if (e && e->is_local && e->port == port)
		fdb_remove(b, e);
	e = fdb_get(b, dev->mac);
	if (e && !e->is_local)
		fdb_remove(b, e);
	if (!fdb_get(b, dev->mac)) {
		e = fdb_insert(b, dev->mac, port, true);
		e->updated_ns = dev->node->w->now_ns;
	}
	if (port)
		bridge_recalc_mac(b);
}

int bridge_add_port(struct netdev *brdev, struct netdev *port)
{
	struct world *w = brdev->node->w;
	struct bridge *b = brdev->br;
	if (!b)
		return world_errf(w, -EOPNOTSUPP, "Error: Device does not allow enslaving to a master.");
	if (port == brdev)
		return world_errf(w, -ELOOP, "Error: Can not enslave a bridge to itself.");
	if (port->master == brdev)
		return 0;
	if (port->master)
		return world_errf(w, -EBUSY, "Error: Device is already in use by another master.");
	if (port->kind != ND_ETH && port->kind != ND_VETH)
		return world_errf(w, -EOPNOTSUPP, "Error: Device does not allow enslaving to a master.");
	if (port->node != brdev->node)
		return world_errf(w, -ENODEV, "Cannot find device \"%s\"", port->name);
	if (b->n_ports == b->cap_ports) {
		b->cap_ports = b->cap_ports ? 2 * b->cap_ports : 8;
		b->ports = wl_realloc(b->ports, (size_t)b->cap_ports * sizeof *b->ports);
	}
	b->ports[b->n_ports++] = port;
	port->master = brdev;
	port->port_no = b->next_port_no++;
	/* A port's own address is a local entry: frames to it go up to the bridge. */
	if (!fdb_get(b, port->mac)) {
		struct fdb_entry *e = fdb_insert(b, port->mac, port, true);
		e->updated_ns = w->now_ns;
	}
	bridge_recalc_mac(b);
	/* An enslaved device's IPv4 routes no longer apply. */
	route_flush_dev(port->node, port);
	trace_table(w, brdev->node, port, "link", "master", "%s enslaved to %s as port %d",
		    port->name, brdev->name, port->port_no);
	return 0;
}

int bridge_del_port(struct netdev *brdev, struct netdev *port)
{
	struct bridge *b = brdev->br;
	int i;
	for (i = 0; i < b->n_ports; i++)
		if (b->ports[i] == port)
			break;
	if (i == b->n_ports)
		return world_errf(brdev->node->w, -ENOENT, "%s is not a port of %s", port->name,
				  brdev->name);
	memmove(&b->ports[i], &b->ports[i + 1], (size_t)(b->n_ports - i - 1) * sizeof *b->ports);
	b->n_ports--;
	/* Every entry on this port goes, local ones included. */
	for (uint32_t k = 0; k < b->n_buckets; k++) {
		struct fdb_entry *e = b->buckets[k];
		while (e) {
			struct fdb_entry *next = e->hnext;
			if (e->port == port)
				fdb_remove(b, e);
			e = next;
		}
	}
	port->master = NULL;
	port->port_no = 0;
	bridge_recalc_mac(b);
	trace_table(brdev->node->w, brdev->node, port, "link", "nomaster", "%s released from %s",
		    port->name, brdev->name);
	return 0;
}

void bridge_fdb_flush_port(struct netdev *brdev, const struct netdev *port)
{
	struct bridge *b = brdev->br;
	for (uint32_t k = 0; k < b->n_buckets; k++) {
		struct fdb_entry *e = b->buckets[k];
		while (e) {
			struct fdb_entry *next = e->hnext;
			if (e->port == port && !e->is_local)
				fdb_remove(b, e);
			e = next;
		}
	}
}

/* Send a frame out of one port (consumes p). */
static void port_out(struct netdev *port, struct pkt *p)
{
	netdev_xmit(port, p);
}

/* Pass a frame up to the bridge device's own stack, as received on it. */
static void deliver_local(struct bridge *b, struct pkt *p)
{
	struct netdev *brdev = b->dev;
	struct world *w = brdev->node->w;
	if (trace_wants(w, TR_RX)) {
		struct trace_rec r = { .kind = TR_RX, .t_ns = w->now_ns, .node = brdev->node,
				       .dev = brdev, .layer = TL_ETH, .bytes = p->data, .len = p->len,
				       .pkt_id = p->id };
		trace_emit(w, &r);
	}
	brdev->stats.rx_packets++;
	brdev->stats.rx_bytes += p->len;
	p->dev = brdev;
	stack_eth_input(brdev->node, brdev, p);
}

/* Flood to every forwarding port but `except`; the last copy is p itself.
 * Returns how many ports got a copy. */
static int flood(struct bridge *b, struct netdev *except, struct pkt *p, bool also_local)
{
	struct world *w = b->dev->node->w;
	int targets = 0;
	for (int i = 0; i < b->n_ports; i++)
		if (b->ports[i] != except && netdev_oper_up(b->ports[i]))
			targets++;
	if (also_local)
		deliver_local(b, pkt_clone(w, p));
	if (!targets) {
		pkt_drop(w, p, b->dev->node, except ? except : b->dev, TL_ETH, DROP_BRIDGE_NO_PORTS,
			 NULL);
		return 0;
	}
	int left = targets;
	for (int i = 0; i < b->n_ports && left; i++) {
		struct netdev *port = b->ports[i];
		if (port == except || !netdev_oper_up(port))
			continue;
		left--;
		port_out(port, left ? pkt_clone(w, p) : p);
	}
	return targets;
}

/* tcpdump opens br0 in promiscuous mode, and a promiscuous bridge passes
 * every frame it forwards up to itself (br_handle_frame_finish), where the
 * capture sees it before the stack discards it.  So the capture record of
 * br0 shows every frame crossing the bridge, as `tcpdump -i br0` does,
 * without touching the bridge's own stack. */
static void capture_on_bridge(struct bridge *b, const struct pkt *p)
{
	struct world *w = b->dev->node->w;
	if (!trace_wants(w, TR_RX) || !b->dev->up)
		return;
	struct trace_rec r = { .kind = TR_RX, .t_ns = w->now_ns, .node = b->dev->node,
			       .dev = b->dev, .layer = TL_ETH, .bytes = p->data, .len = p->len,
			       .pkt_id = p->id };
	trace_emit(w, &r);
}

/* br_netfilter: with net.bridge.bridge-nf-call-iptables = 1, a bridged
 * unicast IPv4 frame crosses the iptables hooks (nf.h
 * nf_bridge_forward).  The sysctl is 0 by default here, as in a namespace
 * where the br_netfilter module is not loaded; Docker and kube-proxy
 * hosts set it to 1.  False when the rules consumed the frame. */
static bool br_nf_forward(struct bridge *b, struct pkt **pp)
{
	struct node *n = b->dev->node;
	if (!nf_active(n) || !n->sysctl.bridge_nf_call_iptables)
		return true;
	return nf_bridge_forward(n, b->dev, pp) == NF_ACCEPT;
}

static void bridge_forward(struct bridge *b, struct netdev *in, struct pkt *p)
{
	struct world *w = b->dev->node->w;
	const struct node *n = b->dev->node;
	const uint8_t *dst = p->data;
	/* No locks and no VLANs: one table, one decision per frame. */
	if (eth_is_multicast(dst)) {
		bool bcast = eth_is_broadcast(dst);
		if (trace_wants(w, TR_DECISION)) {
			int k = 0;
			for (int i = 0; i < b->n_ports; i++)
				if (b->ports[i] != in && netdev_oper_up(b->ports[i]))
					k++;
			trace_decision(w, n, in, p, TL_ETH, "flood", "%s: flooding on %d port%s",
				       bcast ? "broadcast" : "multicast", k, k == 1 ? "" : "s");
		}
		flood(b, in, p, b->dev->up);
		return;
	}
	struct fdb_entry *e = fdb_get(b, dst);
	if (e && e->is_local) {
		trace_decision(w, n, in, p, TL_ETH, "local", "to the bridge's own address: up to %s",
			       b->dev->name);
		deliver_local(b, p);
		return;
	}
	if (e) {
		if (e->port == in) {
			pkt_drop(w, p, n, in, TL_ETH, DROP_BRIDGE_SAME_PORT,
				 "FDB says the destination is on %s, where the frame came from: filtered",
				 in->name);
			return;
		}
		trace_decision(w, n, in, p, TL_ETH, "forward", "FDB hit: out of %s (port %d)",
			       e->port->name, e->port->port_no);
		if (!br_nf_forward(b, &p))
			return;
		capture_on_bridge(b, p);
		port_out(e->port, p);
		return;
	}
	if (trace_wants(w, TR_DECISION)) {
		int k = 0;
		for (int i = 0; i < b->n_ports; i++)
			if (b->ports[i] != in && netdev_oper_up(b->ports[i]))
				k++;
		char m[18];
		units_format_mac(dst, m);
		trace_decision(w, n, in, p, TL_ETH, "flood", "FDB miss for %s: flooding on %d port%s", m,
			       k, k == 1 ? "" : "s");
	}
	if (!br_nf_forward(b, &p))
		return;
	capture_on_bridge(b, p);
	flood(b, in, p, false);
}

void bridge_port_input(struct netdev *port, struct pkt *p)
{
	struct netdev *brdev = port->master;
	struct bridge *b = brdev->br;
	struct world *w = port->node->w;
	if (p->len < ETH_HLEN) {
		pkt_drop(w, p, port->node, port, TL_ETH, DROP_UNKNOWN_ETHERTYPE, "runt frame");
		return;
	}
	if (!brdev->up) {
		pkt_drop(w, p, port->node, port, TL_ETH, DROP_LINK_DOWN,
			 "%s is a port of %s, which is down", port->name, brdev->name);
		return;
	}
	const uint8_t *src = p->data + ETH_ALEN;
	if (!eth_is_multicast(src) && !eth_is_zero(src))
		fdb_learn(b, port, src);
	bridge_forward(b, port, p);
}

void bridge_dev_xmit(struct netdev *brdev, struct pkt *p)
{
	struct bridge *b = brdev->br;
	struct world *w = brdev->node->w;
	netdev_tap_tx(brdev, p);
	const uint8_t *dst = p->data;
	if (!eth_is_multicast(dst)) {
		struct fdb_entry *e = fdb_get(b, dst);
		if (e && !e->is_local) {
			port_out(e->port, p);
			return;
		}
	}
	/* br_dev_xmit floods broadcasts and unknown unicast to every port. */
	int k = 0;
	for (int i = 0; i < b->n_ports; i++)
		if (netdev_oper_up(b->ports[i]))
			k++;
	if (k == 0) {
		pkt_drop(w, p, brdev->node, brdev, TL_ETH, DROP_BRIDGE_NO_PORTS, NULL);
		return;
	}
	flood(b, NULL, p, false);
}

static int fdb_cmp(const void *a, const void *b)
{
	const struct fdb_entry *x = *(const struct fdb_entry *const *)a;
	const struct fdb_entry *y = *(const struct fdb_entry *const *)b;
	int px = x->port ? x->port->port_no : 0, py = y->port ? y->port->port_no : 0;
	if (px != py)
		return px < py ? -1 : 1;
	return memcmp(x->mac, y->mac, 6);
}

void bridge_fdb_foreach(const struct bridge *b, void (*fn)(void *ctx, const struct fdb_entry *e),
			void *ctx)
{
	if (!b->count)
		return;
	const struct fdb_entry **v = wl_calloc(b->count, sizeof *v);
	uint32_t k = 0;
	for (uint32_t i = 0; i < b->n_buckets; i++)
		for (const struct fdb_entry *e = b->buckets[i]; e; e = e->hnext)
			v[k++] = e;
	qsort(v, k, sizeof *v, fdb_cmp);
	for (uint32_t i = 0; i < k; i++)
		fn(ctx, v[i]);
	free(v);
}
