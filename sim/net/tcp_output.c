/* tcp_output.c — what a connection sends: SYN, data within the windows,
 * FIN, ACKs, RSTs (RFC 9293 3.8, RFC 5681, RFC 896).
 *
 * The send buffer holds the bytes from sbuf_seq (the first unacknowledged
 * data byte) on; snd_nxt is where the next new segment starts and snd_max
 * the highest sequence number ever sent, so that after a timeout snd_nxt
 * can go back to snd_una and resend, skipping what the peer's SACK
 * blocks say it holds (tcp_enter_loss marks only the rest lost).
 *
 * A segment goes out when the peer's window and the congestion window
 * both have room (RFC 5681 2: "min(cwnd, rwnd)"); a small segment waits
 * while earlier data is unacknowledged (Nagle, RFC 896 / RFC 9293
 * 3.7.4, on by default in Linux) unless a FIN follows it; the sender
 * avoids silly windows (RFC 9293 3.8.6.2.1).
 */
#include <errno.h>
#include <string.h>

#include "core/pkt.h"
#include "core/world.h"
#include "dev/node.h"
#include "net/stack.h"
#include "net/tcp_int.h"
#include "wire/ipv4.h"
#include "wire/tcp.h"

uint32_t tcp_rcv_free(const struct tcp_sock *s)
{
	uint32_t used = s->rlen + s->ooo_bytes;
	return used < s->rcv_space ? s->rcv_space - used : 0;
}

uint32_t tcp_sndbuf(const struct tcp_sock *s)
{
	uint32_t b = s->cwnd < TCP_SND_BUF_MAX / 2 ? 2 * s->cwnd : TCP_SND_BUF_MAX;
	return b < TCP_SND_BUF ? TCP_SND_BUF : b;
}

/* What is left of the window we last advertised (tcp_receive_window). */
uint32_t tcp_rcv_window(const struct tcp_sock *s)
{
	int32_t w = (int32_t)(s->rcv_wup + s->rcv_wnd - s->rcv_nxt);
	return w < 0 ? 0 : (uint32_t)w;
}

/* Linux's tcp_select_window(): offer the free receive space (bounded by
 * rcv_ssthresh), zero when less than a segment is free; with window
 * scaling the value is rounded UP to a multiple of the scale (that is why
 * Linux's first ACK says "win 502": 64240 -> 64256 = 502 * 128), and the
 * right edge never moves left (RFC 9293 3.8.6: "the window should not be
 * shrunk"). */
static uint16_t select_window(struct tcp_sock *s)
{
	uint32_t cur = tcp_rcv_window(s);
	uint32_t free_space = tcp_rcv_free(s);
	if (free_space > s->rcv_ssthresh)
		free_space = s->rcv_ssthresh;
	if (free_space < s->rcv_space / 2 && free_space < s->mss)
		free_space = 0;
	uint32_t unit = 1u << s->rcv_wscale;
	uint32_t nw = free_space;
	if (s->rcv_wscale)
		nw = (nw + unit - 1) / unit * unit;
	if (nw < cur)
		nw = (cur + unit - 1) / unit * unit;
	uint32_t max = 65535u << s->rcv_wscale;
	if (nw > max)
		nw = max;
	s->rcv_wnd = nw;
	s->rcv_wup = s->rcv_nxt;
	return (uint16_t)(nw >> s->rcv_wscale);
}

/* RFC 2018 4: the SACK blocks of an ACK: the out-of-order data held,
 * merged into contiguous runs; "the first SACK block ... MUST specify the
 * contiguous block of data containing the segment which triggered this
 * ACK", then the others (highest first; Linux keeps them in order of
 * arrival). */
static uint8_t sack_blocks(const struct tcp_sock *s, uint32_t out[4][2], unsigned max)
{
	uint32_t b[16][2];
	unsigned nb = 0;
	for (const struct tcp_ooo *o = s->ooo; o; o = o->next) {
		if (!o->len)
			continue;
		uint32_t l = o->seq, r = o->seq + o->len;
		if (nb && tcp_seq_le(l, b[nb - 1][1])) {
			if (tcp_seq_gt(r, b[nb - 1][1]))
				b[nb - 1][1] = r;
		} else if (nb < 16) {
			b[nb][0] = l;
			b[nb][1] = r;
			nb++;
		}
	}
	unsigned n = 0;
	int first = -1;
	for (unsigned i = 0; i < nb; i++)
		if (tcp_seq_le(b[i][0], s->ooo_last) && tcp_seq_lt(s->ooo_last, b[i][1]))
			first = (int)i;
	if (first >= 0) {
		out[n][0] = b[first][0];
		out[n][1] = b[first][1];
		n++;
	}
	for (unsigned i = nb; i-- > 0 && n < max;) {
		if ((int)i == first)
			continue;
		out[n][0] = b[i][0];
		out[n][1] = b[i][1];
		n++;
	}
	return (uint8_t)n;
}

static void xmit(struct tcp_sock *s, uint32_t seq, uint8_t flags, const uint8_t *data,
		 uint32_t dlen)
{
	struct node *n = s->node;
	struct tcp_repr r;
	memset(&r, 0, sizeof r);
	r.sport = s->lport;
	r.dport = s->rport;
	r.seq = seq;
	r.flags = flags;
	if (flags & TCP_FLAG_ACK)
		r.ack = s->rcv_nxt;
	if (flags & TCP_FLAG_SYN) {
		r.has_mss = true;
		r.mss = s->adv_mss;
		if (s->state == TCP_SYN_SENT) {
			/* Our SYN offers everything Linux offers. */
			r.sack_perm = true;
			r.has_ts = true;
			r.tsval = tcp_now_ts(s);
			r.tsecr = 0;
			r.has_wscale = true;
			r.wscale = TCP_WSCALE;
		} else {
			/* A SYN-ACK answers only what the SYN offered. */
			r.sack_perm = s->sack_ok;
			r.has_ts = s->ts_ok;
			r.tsval = tcp_now_ts(s);
			r.tsecr = s->ts_recent;
			r.has_wscale = s->ws_ok;
			r.wscale = s->rcv_wscale;
		}
		/* RFC 7323 2.2: "The window field in a segment where the SYN bit
		 * is set ... MUST NOT be scaled." */
		r.window = (uint16_t)(s->rcv_wnd > 65535u ? 65535u : s->rcv_wnd);
		s->rcv_wup = s->rcv_nxt;
	} else {
		if (s->ts_ok) {
			r.has_ts = true;
			r.tsval = tcp_now_ts(s);
			r.tsecr = s->ts_recent;
		}
		r.window = select_window(s);
		if (s->sack_ok && s->ooo && (flags & TCP_FLAG_ACK) && !(flags & TCP_FLAG_RST))
			r.n_sack = sack_blocks(s, r.sack, s->ts_ok ? 3 : 4);
	}
	uint32_t hlen = tcp_header_len(&r);
	struct pkt *p = pkt_alloc(n->w, hlen + dlen);
	if (dlen)
		memcpy(p->data + hlen, data, dlen);
	tcp_emit(p->data, hlen + dlen, s->laddr, s->raddr, &r);
	/* Linux's TCP sets DF on everything it sends (path-MTU discovery);
	 * the segments are sized to fit. */
	struct ip_send o = { .src = s->laddr, .dst = s->raddr, .proto = IP_PROTO_TCP,
			     .frag = IPV4_DF };
	n->tcp.out_segs++;
	if (flags & TCP_FLAG_RST)
		n->tcp.out_rsts++;
	if (flags & TCP_FLAG_ACK) {
		ev_cancel(n->w, &s->delack_ev);
		s->rcv_unacked = 0;
	}
	ip_send(n, p, &o);
}

uint32_t tcp_send_from(struct tcp_sock *s, uint32_t seq, uint32_t max)
{
	if ((s->state == TCP_SYN_SENT || s->state == TCP_SYN_RECEIVED) && seq == s->iss) {
		xmit(s, seq,
		     (uint8_t)(TCP_FLAG_SYN | (s->state == TCP_SYN_RECEIVED ? TCP_FLAG_ACK : 0)),
		     NULL, 0);
		return 1;
	}
	if (tcp_seq_lt(seq, s->sbuf_seq))
		return 0;
	/* tcp_bound_to_half_wnd(): no segment larger than half the largest
	 * window the peer offered (it shows on loopback: 65483 / 2 = 32741). */
	if (s->max_snd_wnd > TCP_DEFAULT_MSS) {
		uint32_t cut = s->max_snd_wnd / 2;
		if (cut < 68u - 32u)
			cut = 68u - 32u;
		if (max > cut)
			max = cut;
	}
	/* tcp_current_mss(): SACK blocks riding on a data segment take room
	 * from its data, so that the segment still fits the path. */
	if (s->sack_ok && s->ooo) {
		uint32_t blocks[4][2];
		uint8_t nb = sack_blocks(s, blocks, s->ts_ok ? 3 : 4);
		uint32_t room = s->mss > 4u + 8u * nb ? s->mss - 4u - 8u * nb : 1u;
		if (nb && max > room)
			max = room;
	}
	uint32_t off = seq - s->sbuf_seq;
	uint32_t avail = off < s->slen ? s->slen - off : 0;
	uint32_t dlen = avail < max ? avail : max;
	uint8_t flags = TCP_FLAG_ACK;
	uint32_t used = dlen;
	/* tcp_push(): PSH on the segment that empties what the application
	 * wrote. */
	if (dlen && off + dlen == s->slen)
		flags |= TCP_FLAG_PSH;
	if (s->fin_queued && seq + dlen == s->fin_seq) {
		flags |= TCP_FLAG_FIN;
		used++;
	}
	if (!used)
		return 0;
	xmit(s, seq, flags, dlen ? s->sbuf + s->soff + off : NULL, dlen);
	/* A resend may carry bytes never sent before (a timeout when less
	 * than a segment was in flight): SND.NXT (snd_max) covers them, or
	 * the peer's ACK for them would look like one for unsent data. */
	if (tcp_seq_gt(seq + used, s->snd_max))
		s->snd_max = seq + used;
	return used;
}

uint32_t tcp_sacked_end(const struct tcp_sock *s, uint32_t seq)
{
	for (unsigned i = 0; i < s->n_sacked; i++)
		if (tcp_seq_le(s->sacked[i][0], seq) && tcp_seq_lt(seq, s->sacked[i][1]))
			return s->sacked[i][1];
	return seq;
}

uint32_t tcp_unsacked_run(const struct tcp_sock *s, uint32_t seq)
{
	for (unsigned i = 0; i < s->n_sacked; i++)
		if (tcp_seq_gt(s->sacked[i][0], seq))
			return s->sacked[i][0] - seq;
	return UINT32_MAX;
}

/* RFC 6675 NextSeg(), simplified: the first byte at or after rexmit_nxt
 * that is neither acknowledged nor SACKed and lies below the highest
 * SACKed byte (so that the peer has seen later data: it is lost). */
bool tcp_retransmit_hole(struct tcp_sock *s)
{
	if (!s->n_sacked)
		return false;
	uint32_t high = s->sacked[s->n_sacked - 1][1];
	uint32_t seq = tcp_seq_lt(s->rexmit_nxt, s->snd_una) ? s->snd_una : s->rexmit_nxt;
	seq = tcp_sacked_end(s, seq);
	if (!tcp_seq_lt(seq, high))
		return false;
	uint32_t run = tcp_unsacked_run(s, seq);
	uint32_t len = run < s->mss ? run : s->mss;
	uint32_t used = tcp_send_from(s, seq, len);
	if (!used)
		return false;
	s->node->tcp.retrans_segs++;
	s->rexmit_nxt = seq + used;
	if (tcp_seq_gt(s->rexmit_nxt, s->snd_nxt))
		s->snd_nxt = s->rexmit_nxt;
	return true;
}

void tcp_output(struct tcp_sock *s)
{
	switch (s->state) {
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
	case TCP_FIN_WAIT_1:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		break;
	default:
		return;
	}
	for (;;) {
		uint32_t data_end = s->sbuf_seq + s->slen;
		/* Going back after a timeout: what the peer SACKed is not sent
		 * again (tcp_enter_loss marks only the rest lost). */
		if (tcp_seq_lt(s->snd_nxt, s->snd_max)) {
			uint32_t e = tcp_sacked_end(s, s->snd_nxt);
			s->snd_nxt = tcp_seq_gt(e, s->snd_max) ? s->snd_max : e;
		}
		bool fin_unsent = s->fin_queued && tcp_seq_le(s->snd_nxt, s->fin_seq);
		uint32_t avail = tcp_seq_lt(s->snd_nxt, data_end) ? data_end - s->snd_nxt : 0;
		if (!avail && !fin_unsent)
			break;
		uint32_t inflight = s->snd_nxt - s->snd_una;
		uint32_t wnd = s->snd_wnd < s->cwnd ? s->snd_wnd : s->cwnd;
		uint32_t usable = wnd > inflight ? wnd - inflight : 0;
		uint32_t len = avail < s->mss ? avail : s->mss;
		if (tcp_seq_lt(s->snd_nxt, s->snd_max)) {
			uint32_t run = tcp_unsacked_run(s, s->snd_nxt);
			if (len > run)
				len = run;
		}
		if (len > usable) {
			/* RFC 9293 3.8.6.2.1: send a partial segment only when it is
			 * at least half the largest window the peer offered. */
			if (usable > 0 && usable >= s->max_snd_wnd / 2) {
				len = usable;
			} else {
				/* Nothing in flight and a closed window: the persist
				 * timer probes it (RFC 9293 3.8.6.1). */
				if (inflight == 0 && !ev_pending(&s->rtx_ev))
					tcp_arm_rtx(s);
				break;
			}
		}
		if (len && len < s->mss && len == avail && inflight && !s->nodelay && !s->fin_queued)
			break;  /* Nagle: wait for the ACK of what is in flight */
		bool new_data = s->snd_nxt == s->snd_max;
		uint32_t used = tcp_send_from(s, s->snd_nxt, len);
		if (!used)
			break;
		if (!new_data)
			s->node->tcp.retrans_segs++;
		else if (!s->rtt_pending) {
			s->rtt_pending = true;
			s->rtt_seq = s->snd_nxt;
			s->rtt_start_ns = s->node->w->now_ns;
		}
		s->snd_nxt += used;
		if (tcp_seq_gt(s->snd_nxt, s->snd_max))
			s->snd_max = s->snd_nxt;
		if (!ev_pending(&s->rtx_ev))
			tcp_arm_rtx(s);
	}
}

void tcp_send_syn(struct tcp_sock *s)
{
	tcp_send_from(s, s->iss, 0);
	s->snd_nxt = s->iss + 1;
	s->snd_max = s->iss + 1;
	s->rtt_pending = true;
	s->rtt_seq = s->iss;
	s->rtt_start_ns = s->node->w->now_ns;
	tcp_arm_rtx(s);
}

void tcp_send_ack(struct tcp_sock *s)
{
	if (s->state == TCP_CLOSED || s->state == TCP_LISTEN || s->state == TCP_SYN_SENT)
		return;
	/* RFC 9293's SND.NXT is the highest sequence number sent: after a
	 * timeout our snd_nxt goes back to resend, but an ACK still carries
	 * snd_max, as Linux's keeps snd_nxt (tcp_acceptable_seq).  An ACK
	 * with the older number would fall left of the peer's window and be
	 * refused, and two ends both resending would never hear each other. */
	xmit(s, s->snd_max, TCP_FLAG_ACK, NULL, 0);
}

/* tcp_send_active_reset(): RST|ACK at SND.NXT (our snd_max). */
void tcp_send_rst(struct tcp_sock *s)
{
	xmit(s, s->snd_max, TCP_FLAG_RST | TCP_FLAG_ACK, NULL, 0);
}

/* tcp_xmit_probe_skb(): a zero-window probe is an ACK one byte behind
 * snd_una, which the peer must answer with its window. */
void tcp_send_probe(struct tcp_sock *s)
{
	xmit(s, s->snd_una - 1, TCP_FLAG_ACK, NULL, 0);
}

/* RFC 9293 3.10.7.1: "If the incoming segment has the ACK bit set, the
 * reset takes its sequence number from the ACK field of the segment;
 * otherwise, the reset has sequence number zero and the ACK field is set
 * to the sum of the sequence number and segment length of the incoming
 * segment."  Linux's tcp_v4_send_reset: window 0, no options. */
void tcp_reply_rst(struct node *n, const struct ipv4_repr *ip, const struct tcp_repr *th,
		   uint32_t seglen)
{
	struct tcp_repr r;
	memset(&r, 0, sizeof r);
	r.sport = th->dport;
	r.dport = th->sport;
	if (th->flags & TCP_FLAG_ACK) {
		r.seq = th->ack;
		r.flags = TCP_FLAG_RST;
	} else {
		r.seq = 0;
		r.ack = th->seq + seglen + ((th->flags & TCP_FLAG_SYN) ? 1u : 0u) +
			((th->flags & TCP_FLAG_FIN) ? 1u : 0u);
		r.flags = TCP_FLAG_RST | TCP_FLAG_ACK;
	}
	struct pkt *p = pkt_alloc(n->w, TCP_HLEN);
	tcp_emit(p->data, TCP_HLEN, ip->dst, ip->src, &r);
	struct ip_send o = { .src = ip->dst, .dst = ip->src, .proto = IP_PROTO_TCP,
			     .frag = IPV4_DF };
	n->tcp.out_segs++;
	n->tcp.out_rsts++;
	ip_send(n, p, &o);
}
