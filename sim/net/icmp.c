/* icmp.c — echo, error delivery to sockets, and icmp_send() as Linux does
 * it (net/ipv4/icmp.c).  What is and is not answered is in icmp.h. */
#include "net/icmp.h"

#include <errno.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/frag.h"
#include "net/stack.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "util/die.h"
#include "util/units.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define ICMP_ERR_MAX 576u       /* RFC 1812 4.3.2.3: at most 576 bytes in all */
#define ICMP_BURST 6            /* XRLIM_BURST_FACTOR */

void icmp_state_init(struct icmp_state *s)
{
	s->socks = NULL;
	s->peers = NULL;
}

void icmp_state_free(struct icmp_state *s)
{
	while (s->socks) {
		struct icmp_sock *next = s->socks->next;
		free(s->socks);
		s->socks = next;
	}
	while (s->peers) {
		struct icmp_peer *next = s->peers->next;
		free(s->peers);
		s->peers = next;
	}
}

static bool is_error_type(uint8_t type)
{
	/* RFC 1122 3.2.2: never send an error about an error. */
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED || type == 4 ||
	       type == 5 || type == 12;
}

/* One bucket per peer, shared by the two limiters that Linux keeps in
 * struct inet_peer (rate_tokens, rate_last): ip_error()'s for route errors
 * and icmpv4_xrlim_allow()'s for every error sent.  A new peer starts as
 * if last seen 60 s ago, so its bucket is full. */
static struct icmp_peer *peer_get(struct node *n, uint32_t addr)
{
	struct icmp_peer *pe;
	for (pe = n->icmp.peers; pe; pe = pe->next)
		if (pe->addr == addr)
			return pe;
	pe = wl_calloc(1, sizeof *pe);
	pe->addr = addr;
	pe->tokens_ns = 0;
	pe->last_ns = n->w->now_ns - 60 * NS_PER_S;
	pe->next = n->icmp.peers;
	n->icmp.peers = pe;
	return pe;
}

static bool peer_take(struct node *n, uint32_t addr, int64_t burst_ns, int64_t cost_ns)
{
	struct icmp_peer *pe = peer_get(n, addr);
	int64_t now = n->w->now_ns;
	pe->tokens_ns += now - pe->last_ns;
	if (pe->tokens_ns > burst_ns)
		pe->tokens_ns = burst_ns;
	pe->last_ns = now;
	if (pe->tokens_ns < cost_ns)
		return false;
	pe->tokens_ns -= cost_ns;
	return true;
}

bool icmp_route_error_allow(struct node *n, uint32_t src)
{
	/* ip_error(): ip_rt_error_cost = 1 s, ip_rt_error_burst = 5 s. */
	return peer_take(n, src, 5 * NS_PER_S, NS_PER_S);
}

/* icmpv4_xrlim_allow(): types in icmp_ratemask cost icmp_ratelimit, with a
 * burst of six (XRLIM_BURST_FACTOR); never limited towards ourselves, and
 * never for "fragmentation needed" (PMTU discovery must not starve). */
static bool ratelimit_allow(struct node *n, uint8_t type, uint8_t code, uint32_t dst)
{
	int mask = n->sysctl.icmp_ratemask;
	int64_t limit = (int64_t)n->sysctl.icmp_ratelimit_ms * NS_PER_MS;
	if (type > 31 || !((mask >> type) & 1) || limit == 0 || node_is_local_addr(n, dst))
		return true;
	if (type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED)
		return true;
	return peer_take(n, dst, ICMP_BURST * limit, limit);
}

static void send_error(struct node *n, const struct pkt *orig, uint8_t type, uint8_t code,
		       uint16_t mtu)
{
	struct world *w = n->w;
	struct ipv4_repr ip;
	if (ipv4_parse(orig->data, orig->len, &ip) == -1)
		return;
	/* icmp_send()'s refusals. */
	if (node_is_broadcast_addr(n, ip.dst) || (ip.dst >> 28) == 0xe)
		return;
	if (ip.src == 0 || node_is_broadcast_addr(n, ip.src) || (ip.src >> 28) == 0xe)
		return;
	if (ip.frag & IPV4_OFFMASK)
		return;
	if (ip.proto == IP_PROTO_ICMP) {
		if (orig->len < ip.hlen + 1u || is_error_type(orig->data[ip.hlen]))
			return;
	}
	if (!ratelimit_allow(n, type, code, ip.src)) {
		w->stats.drops[DROP_ICMP_RATELIMIT]++;
		trace_decision(w, n, NULL, orig, TL_IP, "icmp-ratelimit",
			       "ICMP type %u code %u not sent: icmp_ratelimit", type, code);
		return;
	}
	/* The source: the address the packet was sent to when that is ours
	 * (port unreachable), else what we would use to reach the sender. */
	uint32_t src = node_is_local_addr(n, ip.dst) ? ip.dst : ip_select_src(n, ip.src);
	uint32_t quote = orig->len;
	if (quote > ICMP_ERR_MAX - IPV4_HLEN - ICMP_HLEN)
		quote = ICMP_ERR_MAX - IPV4_HLEN - ICMP_HLEN;
	struct pkt *p = pkt_alloc(w, ICMP_HLEN + quote);
	memcpy(p->data + ICMP_HLEN, orig->data, quote);
	struct icmp_repr ic = { .type = type, .code = code, .mtu = mtu };
	icmp_emit(p->data, p->len, &ic);
	if (trace_wants(w, TR_DECISION)) {
		char s[16];
		units_format_ipv4(ip.src, s);
		trace_decision(w, n, NULL, orig, TL_IP, "icmp-error",
			       "sending ICMP type %u code %u to %s", type, code, s);
	}
	/* Linux marks errors as internetwork control (tos 0xc0). */
	struct ip_send o = { .src = src, .dst = ip.src, .proto = IP_PROTO_ICMP,
			     .tos = (uint8_t)((ip.tos & 0x1e) | 0xc0) };
	ip_send(n, p, &o);
}

void icmp_send_error(struct node *n, const struct pkt *orig, uint8_t type, uint8_t code)
{
	send_error(n, orig, type, code, 0);
}

void icmp_send_frag_needed(struct node *n, const struct pkt *orig, uint32_t mtu)
{
	send_error(n, orig, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, (uint16_t)(mtu > 0xffff ? 0xffff : mtu));
}

static struct icmp_sock *sock_by_id(const struct node *n, uint16_t id)
{
	for (struct icmp_sock *s = n->icmp.socks; s; s = s->next)
		if (s->id == id)
			return s;
	return NULL;
}

static void echo_reply(struct node *n, struct netdev *dev, struct pkt *p,
		       const struct ipv4_repr *ip)
{
	struct world *w = n->w;
	if (n->sysctl.icmp_echo_ignore_all ||
	    (n->sysctl.icmp_echo_ignore_broadcasts &&
	     (node_is_broadcast_addr(n, ip->dst) || (ip->dst >> 28) == 0xe))) {
		trace_decision(w, n, dev, p, TL_IP, "echo-ignored",
			       "echo request ignored (icmp_echo_ignore_*)");
		pkt_free(w, p);
		return;
	}
	/* Reuse the buffer: strip the IP header, turn the request around. */
	pkt_pull(p, ip->hlen);
	p->data[0] = ICMP_ECHOREPLY;
	struct icmp_repr r;
	icmp_parse(p->data, p->len, &r);
	r.type = ICMP_ECHOREPLY;
	icmp_emit(p->data, p->len, &r);
	uint32_t src = node_is_local_addr(n, ip->dst) ? ip->dst : 0;
	struct ip_send o = { .src = src, .dst = ip->src, .proto = IP_PROTO_ICMP, .tos = ip->tos };
	ip_send(n, p, &o);
}

void icmp_input(struct node *n, struct netdev *dev, struct pkt *p)
{
	struct world *w = n->w;
	struct ipv4_repr ip;
	ipv4_parse(p->data, p->len, &ip);
	const uint8_t *b = p->data + ip.hlen;
	uint32_t len = p->len - ip.hlen;
	struct icmp_repr ic;
	int rc = icmp_parse(b, len, &ic);
	if (rc == -1) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_ICMP_MALFORMED, NULL);
		return;
	}
	if (rc == -2) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_ICMP_CSUM, NULL);
		return;
	}
	switch (ic.type) {
	case ICMP_ECHO:
		echo_reply(n, dev, p, &ip);
		return;
	case ICMP_ECHOREPLY: {
		struct icmp_sock *s = sock_by_id(n, ic.id);
		if (s && s->on_reply)
			s->on_reply(s->ctx, ip.src, ic.seq, ip.ttl, b + ICMP_HLEN, len - ICMP_HLEN);
		pkt_free(w, p);
		return;
	}
	case ICMP_DEST_UNREACH:
	case ICMP_TIME_EXCEEDED: {
		/* Hand the error to whoever sent the quoted packet. */
		const uint8_t *q = b + ICMP_HLEN;
		uint32_t qlen = len - ICMP_HLEN;
		struct ipv4_repr qip;
		if (ipv4_parse(q, qlen, &qip) == -1 && (qlen < IPV4_HLEN || (q[0] >> 4) != 4)) {
			pkt_drop(w, p, n, dev, TL_IP, DROP_ICMP_MALFORMED, "ICMP error quotes no IPv4 header");
			return;
		}
		uint32_t qh = (uint32_t)(q[0] & 0x0f) * 4u;
		if (qh < IPV4_HLEN || qlen < qh + 8u) {
			pkt_free(w, p);
			return;
		}
		uint32_t qsrc = ((uint32_t)q[12] << 24) | ((uint32_t)q[13] << 16) |
				((uint32_t)q[14] << 8) | q[15];
		if (!node_is_local_addr(n, qsrc)) {
			pkt_free(w, p);
			return;
		}
		if (ic.type == ICMP_DEST_UNREACH && ic.code == ICMP_FRAG_NEEDED) {
			uint32_t qdst = ((uint32_t)q[16] << 24) | ((uint32_t)q[17] << 16) |
					((uint32_t)q[18] << 8) | q[19];
			pmtu_learn(n, qdst, ic.mtu);
		}
		if (q[9] == IP_PROTO_ICMP && q[qh] == ICMP_ECHO) {
			uint16_t id = (uint16_t)(q[qh + 4] << 8 | q[qh + 5]);
			uint16_t seq = (uint16_t)(q[qh + 6] << 8 | q[qh + 7]);
			struct icmp_sock *s = sock_by_id(n, id);
			if (s && s->on_error)
				s->on_error(s->ctx, ip.src, ic.type, ic.code, seq, ic.mtu);
		} else if (q[9] == IP_PROTO_UDP) {
			udp_err_input(n, ip.src, ic.type, ic.code, q, qlen);
		} else if (q[9] == IP_PROTO_TCP) {
			tcp_err_input(n, ip.src, ic.type, ic.code, q, qlen);
		}
		pkt_free(w, p);
		return;
	}
	}
	pkt_free(w, p);
}

struct icmp_sock *icmp_open(struct node *n)
{
	struct icmp_sock *s = wl_calloc(1, sizeof *s);
	s->node = n;
	do
		s->id = (uint16_t)(1 + rng_below(&n->w->rng, 65535));
	while (sock_by_id(n, s->id));
	s->next = n->icmp.socks;
	n->icmp.socks = s;
	return s;
}

void icmp_close(struct icmp_sock *s)
{
	struct icmp_sock **ps = &s->node->icmp.socks;
	while (*ps && *ps != s)
		ps = &(*ps)->next;
	if (*ps)
		*ps = s->next;
	free(s);
}

int icmp_send_echo(struct icmp_sock *s, uint32_t dst, uint16_t seq, uint8_t ttl,
		   const uint8_t *payload, uint32_t len)
{
	struct node *n = s->node;
	if (len > 65507u)
		return -EMSGSIZE;
	struct pkt *p = pkt_alloc(n->w, ICMP_HLEN + len);
	if (len)
		memcpy(p->data + ICMP_HLEN, payload, len);
	struct icmp_repr r = { .type = ICMP_ECHO, .id = s->id, .seq = seq };
	icmp_emit(p->data, p->len, &r);
	/* iputils ping asks for path-MTU discovery, so its packets carry DF. */
	struct ip_send o = { .dst = dst, .proto = IP_PROTO_ICMP, .ttl = ttl, .frag = IPV4_DF };
	return ip_send(n, p, &o);
}
