/* udp.c — UDP sockets: bind, send, demultiplex, port unreachable. */
#include "net/udp.h"

#include <errno.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/frag.h"
#include "net/icmp.h"
#include "net/route.h"
#include "net/stack.h"
#include "util/die.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/udp.h"

#define EPHEMERAL_LO 32768u
#define EPHEMERAL_HI 60999u

void udp_table_init(struct udp_table *t)
{
	memset(t, 0, sizeof *t);
	t->n_buckets = 64;
	t->buckets = wl_calloc(t->n_buckets, sizeof *t->buckets);
}

void udp_table_free(struct udp_table *t)
{
	for (uint32_t i = 0; i < t->n_buckets; i++) {
		struct udp_sock *s = t->buckets[i];
		while (s) {
			struct udp_sock *next = s->next;
			free(s);
			s = next;
		}
	}
	free(t->buckets);
	t->buckets = NULL;
}

/* The socket for a datagram to addr:port from src:sport, scored as
 * udp4_lib_lookup's compute_score(): a connected socket must match its
 * peer and beats an unconnected one; a bound address beats the wildcard.
 * src == 0 matches any peer (ICMP errors quote our own datagram, whose
 * destination the caller passes as src). */
static struct udp_sock *find_from(const struct udp_table *t, uint32_t addr, uint16_t port,
				  uint32_t src, uint16_t sport)
{
	struct udp_sock *best = NULL;
	int best_score = -1;
	for (struct udp_sock *s = t->buckets[port & (t->n_buckets - 1)]; s; s = s->next) {
		if (s->port != port)
			continue;
		int score = 0;
		if (s->addr == addr)
			score += 2;
		else if (s->addr != 0)
			continue;
		if (s->peer) {
			if (src && (s->peer != src || s->peer_port != sport))
				continue;
			score += 4;
		}
		if (score > best_score) {
			best = s;
			best_score = score;
		}
	}
	return best;
}



static bool port_taken(const struct udp_table *t, uint32_t addr, uint16_t port)
{
	for (struct udp_sock *s = t->buckets[port & (t->n_buckets - 1)]; s; s = s->next)
		if (s->port == port && (s->addr == 0 || addr == 0 || s->addr == addr))
			return true;
	return false;
}

struct udp_sock *udp_bind(struct node *n, uint32_t addr, uint16_t port, udp_recv_fn *on_recv,
			  udp_err_fn *on_error, void *ctx)
{
	struct udp_table *t = &n->udp;
	if (port == 0) {
		/* inet_csk_find_open_port() style: start at a random offset in
		 * the range and take the first free port. */
		uint32_t span = EPHEMERAL_HI - EPHEMERAL_LO + 1;
		uint32_t off = (uint32_t)rng_below(&n->w->rng, span);
		for (uint32_t i = 0; i < span; i++) {
			uint16_t cand = (uint16_t)(EPHEMERAL_LO + (off + i) % span);
			if (!port_taken(t, addr, cand)) {
				port = cand;
				break;
			}
		}
		if (port == 0) {
			world_errf(n->w, -EADDRINUSE, "bind: Address already in use");
			return NULL;
		}
	} else if (port_taken(t, addr, port)) {
		world_errf(n->w, -EADDRINUSE, "bind: Address already in use");
		return NULL;
	}
	struct udp_sock *s = wl_calloc(1, sizeof *s);
	s->node = n;
	s->addr = addr;
	s->port = port;
	s->on_recv = on_recv;
	s->on_error = on_error;
	s->ctx = ctx;
	s->pmtudisc = UDP_PMTUDISC_WANT;
	uint32_t h = port & (t->n_buckets - 1);
	s->next = t->buckets[h];
	t->buckets[h] = s;
	return s;
}

void udp_close(struct udp_sock *s)
{
	struct udp_table *t = &s->node->udp;
	struct udp_sock **ps = &t->buckets[s->port & (t->n_buckets - 1)];
	while (*ps && *ps != s)
		ps = &(*ps)->next;
	if (*ps)
		*ps = s->next;
	free(s);
}

void udp_set_pmtudisc(struct udp_sock *s, enum udp_pmtudisc mode)
{
	s->pmtudisc = mode;
}

/* The MTU a datagram to dst must fit (ip_send's choice): the route's
 * device, lowered by a learned path MTU; 0 when there is no route. */
static uint32_t path_mtu(struct node *n, uint32_t dst)
{
	if (node_is_local_addr(n, dst))
		return n->lo->mtu;
	const struct route *r = route_lookup(n, dst);
	if (!r || !r->dev)
		return 0;
	uint32_t mtu = r->dev->mtu;
	uint32_t pmtu = pmtu_get(n, dst, NULL);
	return pmtu && pmtu < mtu ? pmtu : mtu;
}

int udp_connect(struct udp_sock *s, uint32_t dst, uint16_t dport)
{
	int rc = ip_route_check(s->node, dst);
	if (rc != 0)
		return rc;
	s->peer = dst;
	s->peer_port = dport;
	return 0;
}

int udp_send(struct udp_sock *s, const void *data, uint32_t len)
{
	return udp_sendto(s, s->peer, s->peer_port, data, len);
}

int udp_sendto(struct udp_sock *s, uint32_t dst, uint16_t dport, const void *data, uint32_t len)
{
	struct node *n = s->node;
	if (len > 65507u)
		return -EMSGSIZE;
	if (s->pmtudisc == UDP_PMTUDISC_DO) {
		uint32_t mtu = path_mtu(n, dst);
		if (mtu && IPV4_HLEN + UDP_HLEN + len > mtu)
			return -EMSGSIZE;
	}
	uint32_t src = s->addr ? s->addr : ip_select_src(n, dst);
	struct pkt *p = pkt_alloc(n->w, UDP_HLEN + len);
	if (len)
		memcpy(p->data + UDP_HLEN, data, len);
	struct udp_repr u = { .sport = s->port, .dport = dport };
	udp_emit(p->data, p->len, src, dst, &u);
	/* ip_send() clears DF on a datagram larger than the path MTU (WANT);
	 * DO was refused above, so only DONT and OMIT send without it. */
	bool df = s->pmtudisc == UDP_PMTUDISC_WANT || s->pmtudisc == UDP_PMTUDISC_DO;
	struct ip_send o = { .src = src, .dst = dst, .proto = IP_PROTO_UDP,
			     .frag = df ? IPV4_DF : 0 };
	int rc = ip_send(n, p, &o);
	if (rc == 0)
		n->udp.out_datagrams++;
	return rc;
}

void udp_input(struct node *n, struct netdev *dev, struct pkt *p)
{
	struct world *w = n->w;
	struct ipv4_repr ip;
	ipv4_parse(p->data, p->len, &ip);
	struct udp_repr u;
	int rc = udp_parse(p->data + ip.hlen, p->len - ip.hlen, ip.src, ip.dst, &u);
	if (rc == -1) {
		n->udp.in_errors++;
		pkt_drop(w, p, n, dev, TL_IP, DROP_UDP_MALFORMED, NULL);
		return;
	}
	if (rc == -2) {
		n->udp.in_errors++;
		pkt_drop(w, p, n, dev, TL_IP, DROP_UDP_CSUM, NULL);
		return;
	}
	struct udp_sock *s = find_from(&n->udp, ip.dst, u.dport, ip.src, u.sport);
	if (!s) {
		n->udp.no_ports++;
		if (!node_is_broadcast_addr(n, ip.dst) && (ip.dst >> 28) != 0xe)
			icmp_send_error(n, p, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH);
		pkt_drop(w, p, n, dev, TL_IP, DROP_PORT_UNREACH, "nothing listens on UDP port %u%s",
			 u.dport, node_is_broadcast_addr(n, ip.dst) ? "" : ": sent ICMP port unreachable");
		return;
	}
	n->udp.in_datagrams++;
	if (s->on_recv)
		s->on_recv(s->ctx, s, ip.src, u.sport, p->data + ip.hlen + UDP_HLEN, u.len - UDP_HLEN);
	pkt_free(w, p);
}

void udp_err_input(struct node *n, uint32_t from, uint8_t type, uint8_t code, const uint8_t *q,
		   uint32_t qlen)
{
	uint32_t qh = (uint32_t)(q[0] & 0x0f) * 4u;
	if (qh < 20u || qlen < qh + 4u)
		return;
	uint32_t qsrc = ((uint32_t)q[12] << 24) | ((uint32_t)q[13] << 16) | ((uint32_t)q[14] << 8) |
			q[15];
	uint16_t sport = (uint16_t)(q[qh] << 8 | q[qh + 1]);
	uint16_t dport = (uint16_t)(q[qh + 2] << 8 | q[qh + 3]);
	uint32_t qdst = ((uint32_t)q[16] << 24) | ((uint32_t)q[17] << 16) | ((uint32_t)q[18] << 8) |
			q[19];
	struct udp_sock *s = find_from(&n->udp, qsrc, sport, qdst, dport);
	if (s && s->on_error)
		s->on_error(s->ctx, s, from, type, code);
}
