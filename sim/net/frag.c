/* frag.c — fragmentation, reassembly and the path-MTU cache (frag.h). */
#include "net/frag.h"

#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/icmp.h"
#include "net/neigh.h"
#include "util/die.h"
#include "util/units.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define IPFRAG_TIME_NS (30 * NS_PER_S)          /* net.ipv4.ipfrag_time */
#define MIN_PMTU 552u                           /* net.ipv4.route.min_pmtu */
#define MTU_EXPIRES_NS (600 * NS_PER_S)         /* net.ipv4.route.mtu_expires */

struct frag_q {
	struct node *node;
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
	uint32_t total;                 /* payload bytes, known once the last fragment came */
	struct pkt *frags;              /* sorted by offset, linked by pkt->next */
	struct ev timer;
	struct frag_q *next;
};

void frag_table_init(struct frag_table *t)
{
	t->queues = NULL;
	t->pmtu = NULL;
}

static void q_free(struct node *n, struct frag_q *q, enum drop_reason why, bool report)
{
	struct world *w = n->w;
	ev_cancel(w, &q->timer);
	struct frag_q **pq = &n->frags.queues;
	while (*pq && *pq != q)
		pq = &(*pq)->next;
	if (*pq)
		*pq = q->next;
	/* RFC 792: time exceeded (reassembly) goes out only if the first
	 * fragment, which holds the transport header, has come. */
	if (report && q->frags) {
		struct ipv4_repr ip;
		ipv4_parse(q->frags->data, q->frags->len, &ip);
		if ((ip.frag & IPV4_OFFMASK) == 0)
			icmp_send_error(n, q->frags, ICMP_TIME_EXCEEDED, ICMP_EXC_FRAGTIME);
	}
	while (q->frags) {
		struct pkt *p = q->frags;
		q->frags = p->next;
		p->next = NULL;
		pkt_drop(w, p, n, NULL, TL_IP, why, NULL);
	}
	free(q);
}

void frag_table_free(struct node *n)
{
	while (n->frags.queues)
		q_free(n, n->frags.queues, DROP_NODE_STOPPED, false);
	while (n->frags.pmtu) {
		struct pmtu_entry *e = n->frags.pmtu->next;
		free(n->frags.pmtu);
		n->frags.pmtu = e;
	}
}

static void q_timeout(struct world *w, struct ev *ev)
{
	(void)w;
	struct frag_q *q = (struct frag_q *)((char *)ev - offsetof(struct frag_q, timer));
	q_free(q->node, q, DROP_FRAG_TIMEOUT, true);
}

static uint32_t frag_off(const struct pkt *p)
{
	return (uint32_t)(((p->data[6] << 8) | p->data[7]) & IPV4_OFFMASK) * 8u;
}

static uint32_t frag_len(const struct pkt *p)
{
	return p->len - (uint32_t)(p->data[0] & 0x0f) * 4u;
}

struct pkt *ip_reassemble(struct node *n, struct netdev *dev, struct pkt *p)
{
	struct world *w = n->w;
	struct ipv4_repr ip;
	ipv4_parse(p->data, p->len, &ip);
	struct frag_q *q;
	for (q = n->frags.queues; q; q = q->next)
		if (q->src == ip.src && q->dst == ip.dst && q->id == ip.id && q->proto == ip.proto)
			break;
	if (!q) {
		q = wl_calloc(1, sizeof *q);
		q->node = n;
		q->src = ip.src;
		q->dst = ip.dst;
		q->id = ip.id;
		q->proto = ip.proto;
		ev_init(&q->timer, q_timeout);
		ev_schedule(w, &q->timer, w->now_ns + IPFRAG_TIME_NS);
		q->next = n->frags.queues;
		n->frags.queues = q;
	}
	uint32_t off = frag_off(p), len = frag_len(p);
	if (!(ip.frag & IPV4_MF)) {
		if (q->total && q->total != off + len) {
			q_free(n, q, DROP_IP_MALFORMED, false);
			pkt_drop(w, p, n, dev, TL_IP, DROP_IP_MALFORMED, "fragments disagree on the length");
			return NULL;
		}
		q->total = off + len;
	}
	/* Keep the list sorted; a fragment overlapping one we hold is dropped
	 * (a duplicate, or an attack: RFC 5722 says the same for IPv6). */
	struct pkt **pp = &q->frags;
	while (*pp && frag_off(*pp) < off)
		pp = &(*pp)->next;
	bool overlap = (*pp && frag_off(*pp) < off + len);
	if (pp != &q->frags) {
		struct pkt *prev = q->frags;
		while (prev->next != *pp)
			prev = prev->next;
		if (frag_off(prev) + frag_len(prev) > off)
			overlap = true;
	}
	if (overlap) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_FRAG_OVERLAP, NULL);
		return NULL;
	}
	p->next = *pp;
	*pp = p;
	trace_decision(w, n, dev, p, TL_IP, "frag-queued", "fragment at offset %u (%u bytes) held for "
		       "reassembly", off, len);
	if (!q->total)
		return NULL;
	uint32_t have = 0;
	for (struct pkt *f = q->frags; f; f = f->next) {
		if (frag_off(f) != have)
			return NULL;
		have += frag_len(f);
	}
	if (have != q->total)
		return NULL;
	if (q->total + IPV4_HLEN > PKT_MAX_LEN) {
		q_free(n, q, DROP_IP_MALFORMED, false);
		return NULL;
	}
	/* Whole: one datagram with the first fragment's header. */
	struct pkt *whole = pkt_alloc(w, IPV4_HLEN + q->total);
	struct ipv4_repr hdr;
	ipv4_parse(q->frags->data, q->frags->len, &hdr);
	hdr.frag = 0;
	hdr.total_len = (uint16_t)(IPV4_HLEN + q->total);
	ipv4_emit(whole->data, &hdr);
	for (struct pkt *f = q->frags; f; f = f->next)
		memcpy(whole->data + IPV4_HLEN + frag_off(f), f->data + (f->len - frag_len(f)),
		       frag_len(f));
	whole->dev = dev;
	ev_cancel(w, &q->timer);
	struct frag_q **pq = &n->frags.queues;
	while (*pq != q)
		pq = &(*pq)->next;
	*pq = q->next;
	while (q->frags) {
		struct pkt *f = q->frags;
		q->frags = f->next;
		f->next = NULL;
		pkt_free(w, f);
	}
	free(q);
	trace_decision(w, n, dev, whole, TL_IP, "reassembled", "datagram reassembled (%u bytes)",
		       whole->len);
	return whole;
}

void ip_fragment(struct node *n, struct netdev *dev, uint32_t nexthop, struct pkt *p, uint32_t mtu)
{
	struct world *w = n->w;
	struct ipv4_repr ip;
	ipv4_parse(p->data, p->len, &ip);
	uint32_t hlen = ip.hlen, data_len = p->len - hlen;
	uint32_t max = (mtu - IPV4_HLEN) & ~7u;
	uint32_t base = (uint32_t)(ip.frag & IPV4_OFFMASK) * 8u;
	bool more = ip.frag & IPV4_MF;
	if (max < 8) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_FRAG_NEEDED, "MTU %u too small to fragment", mtu);
		return;
	}
	trace_decision(w, n, dev, p, TL_IP, "fragment", "%u bytes > MTU %u of %s: sending fragments",
		       p->len, mtu, dev->name);
	for (uint32_t off = 0; off < data_len; off += max) {
		uint32_t chunk = data_len - off < max ? data_len - off : max;
		struct pkt *f = pkt_alloc(w, IPV4_HLEN + chunk);
		memcpy(f->data + IPV4_HLEN, p->data + hlen + off, chunk);
		struct ipv4_repr h = ip;
		h.total_len = (uint16_t)(IPV4_HLEN + chunk);
		h.frag = (uint16_t)(((base + off) / 8u) | ((off + chunk < data_len || more) ? IPV4_MF : 0));
		ipv4_emit(f->data, &h);
		f->l3_off = (uint32_t)(f->data - f->buf);
		neigh_output(n, dev, nexthop, f);
	}
	pkt_free(w, p);
}

static struct pmtu_entry *pmtu_find(struct node *n, uint32_t dst)
{
	for (struct pmtu_entry *e = n->frags.pmtu; e; e = e->next)
		if (e->dst == dst)
			return e;
	return NULL;
}

uint32_t pmtu_get(struct node *n, uint32_t dst, int64_t *expires_ns)
{
	struct pmtu_entry *e = pmtu_find(n, dst);
	if (!e || e->expires_ns <= n->w->now_ns)
		return 0;
	if (expires_ns)
		*expires_ns = e->expires_ns;
	return e->mtu;
}

void pmtu_learn(struct node *n, uint32_t dst, uint32_t mtu)
{
	/* __ip_rt_update_pmtu(): never below min_pmtu, never raised. */
	if (mtu == 0)
		return;
	if (mtu < MIN_PMTU)
		mtu = MIN_PMTU;
	struct pmtu_entry *e = pmtu_find(n, dst);
	if (e && e->expires_ns > n->w->now_ns && e->mtu <= mtu)
		return;
	if (!e) {
		e = wl_calloc(1, sizeof *e);
		e->dst = dst;
		e->next = n->frags.pmtu;
		n->frags.pmtu = e;
	}
	e->mtu = mtu;
	e->expires_ns = n->w->now_ns + MTU_EXPIRES_NS;
	char d[16];
	units_format_ipv4(dst, d);
	trace_table(n->w, n, NULL, "route", "pmtu", "path MTU to %s is %u (for 600 s)", d, mtu);
}
