/* engine_fixture.h — small helpers to build topologies in unit tests. */
#ifndef WL_ENGINE_FIXTURE_H
#define WL_ENGINE_FIXTURE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/route.h"
#include "util/units.h"
#include "wire/arp.h"
#include "wire/eth.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/udp.h"

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

/* ---- addresses ----------------------------------------------------------- */

static inline void fx_mac(const char *s, uint8_t mac[6])
{
	char err[128];
	if (units_parse_mac(s, mac, err, sizeof err) != 0)
		abort();
}

static inline struct netdev *fx_dev(struct node *n, const char *name)
{
	struct netdev *d = node_dev(n, name);
	if (!d)
		abort();
	return d;
}

/* ---- building frames by hand ------------------------------------------- */

/* An Ethernet frame with `payload_len` bytes after the header, filled with
 * 0x00, 0x01, 0x02, ... so that corruption shows. */
static inline struct pkt *fx_frame(struct world *w, const uint8_t dst[6], const uint8_t src[6],
				   uint16_t type, uint32_t payload_len)
{
	struct pkt *p = pkt_alloc(w, ETH_HLEN + payload_len);
	struct eth_repr e;
	memcpy(e.dst, dst, 6);
	memcpy(e.src, src, 6);
	e.type = type;
	eth_emit(p->data, &e);
	for (uint32_t i = 0; i < payload_len; i++)
		p->data[ETH_HLEN + i] = (uint8_t)i;
	return p;
}

/* An Ethernet + IPv4 frame carrying `l4` (l4_len bytes, already built with
 * its own checksum) with the header fields in *ip (total_len is filled in). */
static inline struct pkt *fx_ip_frame(struct world *w, const uint8_t dst[6], const uint8_t src[6],
				      struct ipv4_repr *ip, const uint8_t *l4, uint32_t l4_len)
{
	struct pkt *p = pkt_alloc(w, ETH_HLEN + IPV4_HLEN + l4_len);
	struct eth_repr e;
	memcpy(e.dst, dst, 6);
	memcpy(e.src, src, 6);
	e.type = ETH_P_IP;
	eth_emit(p->data, &e);
	ip->total_len = (uint16_t)(IPV4_HLEN + l4_len);
	ipv4_emit(p->data + ETH_HLEN, ip);
	memcpy(p->data + ETH_HLEN + IPV4_HLEN, l4, l4_len);
	return p;
}

/* An ICMP echo request (8 + len bytes, payload 0, 1, 2, ...) into out. */
static inline uint32_t fx_icmp_echo(uint8_t *out, uint16_t id, uint16_t seq, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++)
		out[ICMP_HLEN + i] = (uint8_t)i;
	struct icmp_repr r = { .type = ICMP_ECHO, .id = id, .seq = seq };
	icmp_emit(out, ICMP_HLEN + len, &r);
	return ICMP_HLEN + len;
}

/* ---- recording the trace stream --------------------------------------- */

/* One trace record, copied (records live only during the callback). */
struct fx_rec {
	enum trace_kind kind;
	int64_t t_ns;
	char node[NODE_NAME_MAX];
	char dev[IFNAMSIZ];
	enum trace_layer layer;
	uint8_t *bytes;
	uint32_t len;
	uint64_t pkt_id;
	enum drop_reason reason;
	char table[16];
	char what[32];
	char text[160];
};

struct fx_trace {
	struct world *w;
	struct fx_rec *v;
	size_t n, cap;
	int handle;
};

static inline void fx_trace_cb(void *ctx, const struct trace_rec *r)
{
	struct fx_trace *t = ctx;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->v = realloc(t->v, t->cap * sizeof *t->v);
		if (!t->v)
			abort();
	}
	struct fx_rec *c = &t->v[t->n++];
	memset(c, 0, sizeof *c);
	c->kind = r->kind;
	c->t_ns = r->t_ns;
	snprintf(c->node, sizeof c->node, "%s", r->node ? r->node->name : "");
	snprintf(c->dev, sizeof c->dev, "%s", r->dev ? r->dev->name : "");
	c->layer = r->layer;
	c->len = r->bytes ? r->len : 0;
	if (c->len) {
		c->bytes = malloc(c->len);
		if (!c->bytes)
			abort();
		memcpy(c->bytes, r->bytes, c->len);
	}
	c->pkt_id = r->pkt_id;
	c->reason = r->reason;
	snprintf(c->table, sizeof c->table, "%s", r->table ? r->table : "");
	snprintf(c->what, sizeof c->what, "%s", r->what ? r->what : "");
	snprintf(c->text, sizeof c->text, "%s", r->text ? r->text : "");
}

static inline void fx_trace_start(struct fx_trace *t, struct world *w, uint32_t mask)
{
	memset(t, 0, sizeof *t);
	t->w = w;
	t->handle = trace_subscribe(w, mask, fx_trace_cb, t);
	if (t->handle < 0)
		abort();
}

/* Forget what was recorded so far; keep recording. */
static inline void fx_trace_clear(struct fx_trace *t)
{
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].bytes);
	t->n = 0;
}

static inline void fx_trace_stop(struct fx_trace *t)
{
	fx_trace_clear(t);
	free(t->v);
	t->v = NULL;
	t->cap = 0;
	if (t->w && t->handle >= 0)
		trace_unsubscribe(t->w, t->handle);
	t->handle = -1;
}

static inline bool fx_rec_match(const struct fx_rec *r, enum trace_kind k, const char *node,
				const char *dev)
{
	return r->kind == k && (!node || strcmp(r->node, node) == 0) &&
	       (!dev || strcmp(r->dev, dev) == 0);
}

/* How many records of kind k on node/dev (NULL: any). */
static inline size_t fx_count(const struct fx_trace *t, enum trace_kind k, const char *node,
			      const char *dev)
{
	size_t c = 0;
	for (size_t i = 0; i < t->n; i++)
		if (fx_rec_match(&t->v[i], k, node, dev))
			c++;
	return c;
}

/* The i-th (from 0) record of kind k on node/dev, or NULL. */
static inline const struct fx_rec *fx_nth(const struct fx_trace *t, enum trace_kind k,
					  const char *node, const char *dev, size_t i)
{
	for (size_t j = 0; j < t->n; j++)
		if (fx_rec_match(&t->v[j], k, node, dev) && i-- == 0)
			return &t->v[j];
	return NULL;
}

/* Drops with reason r on node (NULL: any). */
static inline size_t fx_count_drops(const struct fx_trace *t, enum drop_reason r, const char *node)
{
	size_t c = 0;
	for (size_t i = 0; i < t->n; i++)
		if (fx_rec_match(&t->v[i], TR_DROP, node, NULL) && t->v[i].reason == r)
			c++;
	return c;
}

/* The EtherType of a recorded frame (TL_ETH), or 0. */
static inline uint16_t fx_ethertype(const struct fx_rec *r)
{
	if (r->layer != TL_ETH || r->len < ETH_HLEN)
		return 0;
	return (uint16_t)(r->bytes[12] << 8 | r->bytes[13]);
}

/* Frames of one EtherType among records of kind k on node/dev. */
static inline size_t fx_count_type(const struct fx_trace *t, enum trace_kind k, const char *node,
				   const char *dev, uint16_t type)
{
	size_t c = 0;
	for (size_t i = 0; i < t->n; i++)
		if (fx_rec_match(&t->v[i], k, node, dev) && fx_ethertype(&t->v[i]) == type)
			c++;
	return c;
}

#endif
