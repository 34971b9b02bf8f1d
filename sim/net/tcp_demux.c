/* tcp_demux.c — which socket a segment is for: connections by their
 * 4-tuple in a hash (Linux's established hash: TIME_WAIT included), then
 * the listeners, an exact address before 0.0.0.0 (__inet_lookup); a
 * segment no socket takes gets a RST.  And the ICMP errors quoting our
 * segments (tcp_v4_err). */
#include "net/tcp.h"

#include <errno.h>
#include <stdlib.h>

#include "core/pkt.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/node.h"
#include "net/tcp_int.h"
#include "util/die.h"
#include "wire/ipv4.h"
#include "wire/tcp.h"

/* ---- the connection hash and the listeners ---------------------------- */

static uint32_t ehash_of(uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport)
{
	uint32_t h = laddr * 2654435761u ^ raddr * 2246822519u ^
		     ((uint32_t)lport << 16 | rport) * 3266489917u;
	return (h ^ h >> 15) & (TCP_EHASH_SIZE - 1);
}

void tcp_hash(struct tcp_sock *s)
{
	struct tcp_table *t = &s->node->tcp;
	if (!t->ehash)
		t->ehash = wl_calloc(TCP_EHASH_SIZE, sizeof *t->ehash);
	uint32_t h = ehash_of(s->laddr, s->lport, s->raddr, s->rport);
	s->hnext = t->ehash[h];
	t->ehash[h] = s;
	s->hashed = true;
}

void tcp_unhash(struct tcp_sock *s)
{
	struct tcp_table *t = &s->node->tcp;
	struct tcp_sock **pp;
	if (s->hashed)
		pp = &t->ehash[ehash_of(s->laddr, s->lport, s->raddr, s->rport)];
	else if (s->listed)
		pp = &t->listeners;
	else
		return;
	while (*pp && *pp != s)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = s->hnext;
	s->hashed = s->listed = false;
}

struct tcp_sock *tcp_find_listener(struct node *n, uint32_t dst, uint16_t dport)
{
	struct tcp_sock *any = NULL;
	for (struct tcp_sock *l = n->tcp.listeners; l; l = l->hnext) {
		if (l->state != TCP_LISTEN || l->lport != dport)
			continue;
		if (l->laddr == dst)
			return l;
		if (l->laddr == 0 && !any)
			any = l;
	}
	return any;
}

/* ---- demultiplexing ---------------------------------------------------- */

static struct tcp_sock *lookup(struct node *n, uint32_t src, uint16_t sport, uint32_t dst,
			       uint16_t dport)
{
	if (n->tcp.ehash)
		for (struct tcp_sock *s = n->tcp.ehash[ehash_of(dst, dport, src, sport)]; s;
		     s = s->hnext)
			if (s->state != TCP_CLOSED && s->lport == dport && s->laddr == dst &&
			    s->raddr == src && s->rport == sport)
				return s;
	return tcp_find_listener(n, dst, dport);
}

void tcp_input(struct node *n, struct netdev *dev, struct pkt *p)
{
	struct world *w = n->w;
	struct ipv4_repr ip;
	ipv4_parse(p->data, p->len, &ip);
	uint32_t tlen = p->len - ip.hlen;
	struct tcp_repr th;
	const char *why = NULL;
	int rc = tcp_parse(p->data + ip.hlen, tlen, ip.src, ip.dst, &th, &why);
	if (rc == -1) {
		n->tcp.in_errs++;
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_MALFORMED, "malformed TCP segment: %s", why);
		return;
	}
	if (rc == -2) {
		n->tcp.in_errs++;
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_CSUM,
			 "bad TCP checksum: segment dropped (the sender retransmits)");
		return;
	}
	n->tcp.in_segs++;
	/* tcp_v4_rcv(): only unicast is TCP's business. */
	if (node_is_broadcast_addr(n, ip.dst) || (ip.dst >> 28) == 0xe) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_MALFORMED,
			 "TCP segment to a broadcast or multicast address");
		return;
	}
	struct tcp_sock *s = lookup(n, ip.src, th.sport, ip.dst, th.dport);
	if (!s) {
		uint32_t seglen = tlen - th.hlen;
		if (th.flags & TCP_FLAG_RST) {
			pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_NO_SOCKET,
				 "RST for port %u where no connection exists: ignored", th.dport);
			return;
		}
		tcp_reply_rst(n, &ip, &th, seglen);
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_NO_SOCKET,
			 "nothing listens on TCP port %u and no connection matches: answered with RST",
			 th.dport);
		return;
	}
	tcp_input_sock(s, dev, p, &ip, &th);
}

/* RFC 9293 3.10.7 / Linux tcp_v4_err: an ICMP error about a segment we
 * sent.  While connecting, an unreachable aborts the attempt at once
 * (Linux: "connect: No route to host" after ARP fails); on an established
 * connection it is remembered (sk_err_soft) and reported only if the
 * connection then times out.  "Fragmentation needed" lowers the MSS and
 * resends what was lost. */
void tcp_err_input(struct node *n, uint32_t from, uint8_t type, uint8_t code, const uint8_t *q,
		   uint32_t qlen)
{
	(void)from;
	uint32_t qh = (uint32_t)(q[0] & 0x0f) * 4u;
	if (qlen < qh + 8u)
		return;
	uint32_t qsrc = ((uint32_t)q[12] << 24) | ((uint32_t)q[13] << 16) | ((uint32_t)q[14] << 8) |
			q[15];
	uint32_t qdst = ((uint32_t)q[16] << 24) | ((uint32_t)q[17] << 16) | ((uint32_t)q[18] << 8) |
			q[19];
	uint16_t sport = (uint16_t)(q[qh] << 8 | q[qh + 1]);
	uint16_t dport = (uint16_t)(q[qh + 2] << 8 | q[qh + 3]);
	uint32_t seq = ((uint32_t)q[qh + 4] << 24) | ((uint32_t)q[qh + 5] << 16) |
		       ((uint32_t)q[qh + 6] << 8) | q[qh + 7];
	struct tcp_sock *s = lookup(n, qdst, dport, qsrc, sport);
	if (!s || s->state == TCP_LISTEN || s->state == TCP_CLOSED)
		return;
	/* tcp_v4_err: the quoted sequence number must be one in flight. */
	if (tcp_seq_lt(seq, s->snd_una) || tcp_seq_gt(seq, s->snd_max))
		return;
	if (type == 3 && code == 4) {           /* fragmentation needed */
		uint16_t old = s->mss;
		tcp_compute_mss(s);
		if (s->mss < old && s->snd_nxt != s->snd_una) {
			/* tcp_simple_retransmit(): resend at the new size. */
			s->snd_nxt = s->snd_una;
			s->rtt_pending = false;
			tcp_output(s);
		}
		return;
	}
	int err;
	if (type == 3) {
		/* icmp_err_convert[]: net/host unreachable, port unreachable... */
		switch (code) {
		case 0: case 6: case 9: err = -ENETUNREACH; break;
		case 2: err = -ENOPROTOOPT; break;
		case 3: err = -ECONNREFUSED; break;
		case 5: err = -EOPNOTSUPP; break;
		case 13: err = -EHOSTUNREACH; break;
		default: err = -EHOSTUNREACH; break;
		}
	} else if (type == 11) {
		err = -EHOSTUNREACH;
	} else {
		return;
	}
	if (s->state == TCP_SYN_SENT || s->state == TCP_SYN_RECEIVED) {
		if (trace_wants(n->w, TR_DECISION)) {
			char c[64];
			tcp_conn_str(s, c);
			trace_decision(n->w, n, NULL, NULL, TL_NONE, "tcp-icmp-error",
				       "%s: ICMP type %u code %u while connecting: connection attempt fails",
				       c, type, code);
		}
		tcp_done(s, err);
		tcp_maybe_free(s);
		return;
	}
	s->soft_err = err;
}
