/* tcp_input.c — a segment arrives (RFC 9293 3.10.7), for a socket that
 * tcp_input() found.
 *
 * The order of the checks is RFC 9293's: LISTEN and SYN-SENT have their
 * own rules; in the synchronized states come the sequence check, RST
 * (RFC 5961 3.2: only an exact match resets, one merely in the window gets
 * a challenge ACK), SYN (RFC 5961 4.2: a challenge ACK), the ACK (window
 * update, congestion control, the FIN being acknowledged), then the data
 * and the FIN.  The sequence check is Linux's tcp_sequence(), a little
 * more lenient than the RFC's four cases: a segment is taken if it ends at
 * or after the left edge of the last advertised window and starts no
 * later than its right edge.
 *
 * Congestion control is NewReno (RFC 5681, RFC 6582): slow start from
 * IW10 (RFC 6928), congestion avoidance, fast retransmit on the third
 * duplicate ACK and fast recovery until everything outstanding then is
 * acknowledged; during recovery the peer's SACK blocks (kept by
 * sack_add) say which holes to resend, one per duplicate ACK (a simple
 * RFC 6675).  Linux uses CUBIC with RACK; the segments a learner sees
 * around a single loss are the same.
 *
 * Delayed ACKs as Linux: the first data of a connection is acknowledged at
 * once for up to 16 segments (quick-ack mode), then every second full
 * segment or after 40 ms; out-of-order data, a duplicate and a FIN in
 * FIN_WAIT are acknowledged at once; a FIN in ESTABLISHED waits for the
 * delayed ACK (Linux enters ping-pong mode), so an application that closes
 * at once sends its FIN with the ACK (the three-segment close).
 */
#include <errno.h>
#include <string.h>

#include "core/pkt.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/node.h"
#include "net/tcp_int.h"
#include "util/die.h"
#include "wire/ipv4.h"
#include "wire/tcp.h"

static void trace_conn(struct tcp_sock *s, const char *what, const char *text)
{
	struct world *w = s->node->w;
	if (!trace_wants(w, TR_DECISION))
		return;
	char c[64];
	tcp_conn_str(s, c);
	trace_decision(w, s->node, NULL, NULL, TL_NONE, what, "%s: %s", c, text);
}

/* __tcp_oow_rate_limited(): an ACK answering an invalid segment (out of
 * the window, a challenge) goes at most once per tcp_invalid_ratelimit
 * (500 ms), so two ends that disagree cannot ACK each other forever. */
static bool oow_ack_allowed(struct tcp_sock *s)
{
	int64_t now = s->node->w->now_ns;
	if (s->last_oow_ack_ns >= 0 && now - s->last_oow_ack_ns < TCP_INVALID_RATELIMIT_NS)
		return false;
	s->last_oow_ack_ns = now;
	return true;
}

static void queue_fin_if_shut(struct tcp_sock *s)
{
	if (!s->shut_wr || s->fin_queued)
		return;
	if (s->state == TCP_ESTABLISHED)
		tcp_set_state(s, TCP_FIN_WAIT_1);
	s->fin_queued = true;
	s->fin_seq = s->sbuf_seq + s->slen;
}

static void rto_after_handshake(struct tcp_sock *s)
{
	if (s->rtt_pending && s->retries == 0)
		tcp_rtt_sample(s, s->node->w->now_ns - s->rtt_start_ns);
	else if (s->srtt_ns == 0)
		/* RFC 6298 5.7: a retransmitted SYN leaves no sample; Linux goes
		 * back to the initial RTO. */
		s->rto_ns = TCP_RTO_INIT_NS;
	s->rtt_pending = false;
	s->retries = 0;
	s->cwnd = TCP_INIT_CWND * (uint32_t)s->mss;
}

/* ---- LISTEN (RFC 9293 3.10.7.2) ---------------------------------------- */

static void listen_input(struct tcp_sock *l, struct netdev *dev, struct pkt *p,
			 const struct ipv4_repr *ip, const struct tcp_repr *th, uint32_t dlen)
{
	struct node *n = l->node;
	struct world *w = n->w;
	if (th->flags & TCP_FLAG_RST) {
		pkt_free(w, p);   /* "An incoming RST should be ignored." */
		return;
	}
	if (th->flags & TCP_FLAG_ACK) {
		/* "Any acknowledgment is bad if it arrives on a connection still
		 * in the LISTEN state.  An acceptable reset segment should be
		 * formed for any arriving ACK-bearing segment." */
		tcp_reply_rst(n, ip, th, dlen);
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_NO_SOCKET,
			 "ACK to listening port %u matches no connection: answered with RST",
			 th->dport);
		return;
	}
	if (!(th->flags & TCP_FLAG_SYN)) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_MALFORMED,
			 "segment without SYN, ACK or RST to listening port %u: ignored", th->dport);
		return;
	}
	/* tcp_conn_request(): sk_acceptq_is_full() is "more waiting than the
	 * backlog", so listen(fd, N) holds N + 1 connections. */
	if (l->acceptq > l->backlog) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_BACKLOG_FULL,
			 "accept queue of port %u full (%d connections waiting, backlog %d): SYN "
			 "dropped (the client will retransmit it)",
			 th->dport, l->acceptq, l->backlog);
		return;
	}
	/* inet_csk_reqsk_queue_is_full(): as many half-open connections as
	 * the backlog.  Linux (tcp_syncookies 1) then answers with a SYN
	 * cookie and keeps no state; wirelab keeps none either and drops. */
	if (l->synq >= (l->backlog ? l->backlog : 1)) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_BACKLOG_FULL,
			 "SYN queue of port %u full (%d half-open, backlog %d): SYN dropped (Linux "
			 "would answer with a SYN cookie)",
			 th->dport, l->synq, l->backlog);
		return;
	}
	tcp_child_new(l, ip, th);
	pkt_free(w, p);
}

/* ---- SYN-SENT (RFC 9293 3.10.7.3) -------------------------------------- */

static void synsent_input(struct tcp_sock *s, struct netdev *dev, struct pkt *p,
			  const struct ipv4_repr *ip, const struct tcp_repr *th, uint32_t dlen)
{
	struct node *n = s->node;
	struct world *w = n->w;
	bool ack = th->flags & TCP_FLAG_ACK;
	if (ack && (tcp_seq_le(th->ack, s->iss) || tcp_seq_gt(th->ack, s->snd_max))) {
		/* "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset (unless
		 * the RST bit is set, if so drop the segment and return)". */
		if (!(th->flags & TCP_FLAG_RST))
			tcp_reply_rst(n, ip, th, dlen);
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_OUT_OF_WINDOW,
			 "in SYN_SENT, ACK %u does not acknowledge our SYN", th->ack);
		return;
	}
	if (th->flags & TCP_FLAG_RST) {
		if (!ack) {
			pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_OUT_OF_WINDOW,
				 "RST without ACK in SYN_SENT: ignored");
			return;
		}
		trace_conn(s, "tcp-reset", "RST answered our SYN: connection refused");
		pkt_free(w, p);
		tcp_done(s, -ECONNREFUSED);
		tcp_maybe_free(s);
		return;
	}
	if (!(th->flags & TCP_FLAG_SYN)) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_OUT_OF_WINDOW,
			 "segment without SYN in SYN_SENT: ignored");
		return;
	}
	s->irs = th->seq;
	s->rcv_nxt = th->seq + 1;
	s->rcv_wup = s->rcv_nxt;
	s->peer_mss = th->has_mss && th->mss ? th->mss : TCP_DEFAULT_MSS;
	/* RFC 7323 2.2 / 3.2: scaling and timestamps only if both sides
	 * offered them. */
	s->ws_ok = th->has_wscale;
	if (s->ws_ok)
		s->snd_wscale = th->wscale > 14 ? 14 : th->wscale;
	else
		s->rcv_wscale = 0;
	s->ts_ok = th->has_ts;
	s->ts_recent = th->tsval;
	s->sack_ok = th->sack_perm;
	tcp_compute_mss(s);
	s->snd_wnd = th->window;
	s->max_snd_wnd = s->snd_wnd;
	s->snd_wl1 = th->seq;
	s->snd_wl2 = th->ack;
	if (!ack) {
		/* Simultaneous open: SYN_RECEIVED, and a SYN-ACK. */
		tcp_set_state(s, TCP_SYN_RECEIVED);
		tcp_send_from(s, s->iss, 0);
		tcp_arm_rtx(s);
		pkt_free(w, p);
		return;
	}
	s->snd_una = th->ack;
	rto_after_handshake(s);
	ev_cancel(w, &s->rtx_ev);
	tcp_set_state(s, TCP_ESTABLISHED);
	tcp_notify(s, TN_CONNECTED);
	queue_fin_if_shut(s);
	pkt_free(w, p);
	tcp_send_ack(s);
	tcp_output(s);
}

/* ---- receiving data ---------------------------------------------------- */

static void rbuf_append(struct tcp_sock *s, const uint8_t *d, uint32_t len)
{
	if (!len)
		return;
	tcp_buf_room(&s->rbuf, &s->roff, s->rlen, &s->rcap, len);
	memcpy(s->rbuf + s->roff + s->rlen, d, len);
	s->rlen += len;
}

static void ooo_insert(struct tcp_sock *s, uint32_t seq, const uint8_t *d, uint32_t len, bool fin)
{
	/* Already held in full (a retransmission, or overlapping junk)? */
	uint32_t covered = seq;
	for (struct tcp_ooo *o = s->ooo; o; o = o->next)
		if (tcp_seq_le(o->seq, covered) && tcp_seq_gt(o->seq + o->len, covered))
			covered = o->seq + o->len;
	if (tcp_seq_ge(covered, seq + len) && !fin)
		return;
	/* tcp_prune_ofo_queue(): never hold more out of order than the
	 * receive buffer, whatever a peer sends. */
	if (s->ooo_bytes + len > s->rcv_space)
		return;
	struct tcp_ooo **pp = &s->ooo;
	while (*pp && tcp_seq_lt((*pp)->seq, seq))
		pp = &(*pp)->next;
	if (*pp && (*pp)->seq == seq && (*pp)->len >= len && ((*pp)->fin || !fin))
		return;   /* already have it */
	struct tcp_ooo *o = wl_calloc(1, sizeof *o + len);
	o->seq = seq;
	o->len = len;
	o->fin = fin;
	if (len)
		memcpy(o->data, d, len);
	o->next = *pp;
	*pp = o;
	s->ooo_bytes += len;
	s->ooo_last = seq;
}

static void fin_arrived(struct tcp_sock *s)
{
	s->rcv_nxt++;
	s->fin_rcvd = true;
	tcp_notify(s, TN_EOF);
	bool fin_acked = s->fin_queued && tcp_seq_gt(s->snd_una, s->fin_seq);
	switch (s->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		tcp_set_state(s, TCP_CLOSE_WAIT);
		tcp_schedule_delack(s);
		break;
	case TCP_FIN_WAIT_1:
		tcp_send_ack(s);
		if (fin_acked)
			tcp_enter_time_wait(s);
		else
			tcp_set_state(s, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT_2:
		tcp_send_ack(s);
		tcp_enter_time_wait(s);
		break;
	default:
		break;
	}
}

/* Move what the out-of-order queue now continues into the stream. */
static bool ooo_drain(struct tcp_sock *s)
{
	bool moved = false;
	while (s->ooo && tcp_seq_le(s->ooo->seq, s->rcv_nxt) && !s->fin_rcvd) {
		struct tcp_ooo *o = s->ooo;
		uint32_t end = o->seq + o->len;
		if (tcp_seq_gt(end, s->rcv_nxt)) {
			uint32_t skip = s->rcv_nxt - o->seq;
			rbuf_append(s, o->data + skip, o->len - skip);
			s->rcv_nxt = end;
			moved = true;
		}
		bool fin = o->fin && end == s->rcv_nxt;
		s->ooo = o->next;
		s->ooo_bytes -= o->len;
		free(o);
		if (fin)
			fin_arrived(s);
	}
	if (s->fin_rcvd) {
		while (s->ooo) {
			struct tcp_ooo *o = s->ooo->next;
			s->ooo_bytes -= s->ooo->len;
			free(s->ooo);
			s->ooo = o;
		}
	}
	return moved;
}

/* Data (and FIN) in sequence space [seq, seq+dlen(+fin)), already known
 * to overlap the window. */
static void data_input(struct tcp_sock *s, uint32_t seq, const uint8_t *d, uint32_t dlen, bool fin)
{
	/* Trim what we already have. */
	if (tcp_seq_lt(seq, s->rcv_nxt)) {
		uint32_t skip = s->rcv_nxt - seq;
		if (skip >= dlen) {
			if (!(fin && skip == dlen)) {
				/* A retransmission of data we have: acknowledge again
				 * at once (Linux: a DSACK, "dup ack"). */
				tcp_send_ack(s);
				if (s->state == TCP_TIME_WAIT)
					ev_schedule(s->node->w, &s->wait_ev,
						    s->node->w->now_ns + TCP_TIMEWAIT_NS);
				return;
			}
			skip = dlen;
		}
		d += skip;
		dlen -= skip;
		seq = s->rcv_nxt;
	}
	if (s->state != TCP_ESTABLISHED && s->state != TCP_FIN_WAIT_1 &&
	    s->state != TCP_FIN_WAIT_2 && s->state != TCP_SYN_RECEIVED)
		return;   /* the peer's FIN came already: nothing more is data */
	/* Trim what falls beyond the window. */
	uint32_t wnd = tcp_rcv_window(s);
	uint32_t room = (uint32_t)(s->rcv_nxt + wnd - seq);
	if (tcp_seq_gt(seq, s->rcv_nxt + wnd))
		room = 0;
	if (dlen > room) {
		dlen = room;
		fin = false;
	}
	if (!dlen && !fin) {
		tcp_send_ack(s);   /* a zero window: say so again */
		return;
	}
	if (seq != s->rcv_nxt) {
		/* RFC 9293 3.10.7.4: segments beyond RCV.NXT are held; an
		 * immediate ACK tells the sender what is missing (the
		 * duplicate ACK that drives fast retransmit, RFC 5681 4.2). */
		ooo_insert(s, seq, d, dlen, fin);
		tcp_send_ack(s);
		return;
	}
	bool had_ooo = s->ooo != NULL;
	rbuf_append(s, d, dlen);
	s->rcv_nxt += dlen;
	if (fin)
		fin_arrived(s);
	ooo_drain(s);
	if (s->rlen)
		tcp_notify(s, TN_READABLE);
	if (!dlen)
		return;
	/* tcp_grow_window(): each full-sized segment lets the offered window
	 * (rcv_ssthresh) grow by two segments towards the buffer's size. */
	if (dlen >= 128 && 2 * dlen >= s->mss && s->rcv_ssthresh < s->rcv_space &&
	    s->rcv_ssthresh < tcp_rcv_free(s)) {
		s->rcv_ssthresh += 2u * s->mss;
		if (s->rcv_ssthresh > s->rcv_space)
			s->rcv_ssthresh = s->rcv_space;
	}
	/* __tcp_ack_snd_check() */
	s->rcv_unacked += dlen;
	if (!s->ack_started) {
		s->ack_started = true;
		uint32_t q = s->rcv_wnd / (2u * s->mss);
		s->quickack = (int)(q > TCP_MAX_QUICKACKS ? TCP_MAX_QUICKACKS : q);
	}
	if (s->fin_rcvd && s->state != TCP_CLOSE_WAIT)
		return;   /* fin_arrived acknowledged already */
	if (had_ooo || s->rcv_unacked > s->mss) {
		tcp_send_ack(s);
	} else if (s->quickack > 0 && s->state != TCP_CLOSE_WAIT) {
		s->quickack--;
		tcp_send_ack(s);
	} else {
		tcp_schedule_delack(s);
	}
}

/* ---- the ACK field (RFC 9293 3.10.7.4, fifth check) --------------------- */

/* Keep the peer's SACK blocks that lie in (snd_una, snd_max], merged and
 * sorted; forget what snd_una has passed. */
static void sack_prune(struct tcp_sock *s)
{
	unsigned k = 0;
	for (unsigned i = 0; i < s->n_sacked; i++) {
		if (tcp_seq_le(s->sacked[i][1], s->snd_una))
			continue;
		if (tcp_seq_lt(s->sacked[i][0], s->snd_una))
			s->sacked[i][0] = s->snd_una;
		s->sacked[k][0] = s->sacked[i][0];
		s->sacked[k][1] = s->sacked[i][1];
		k++;
	}
	s->n_sacked = k;
}

static void sack_add(struct tcp_sock *s, uint32_t l, uint32_t r)
{
	if (!tcp_seq_lt(l, r) || tcp_seq_le(r, s->snd_una) || tcp_seq_gt(r, s->snd_max))
		return;   /* empty, old, or beyond what we sent: ignored */
	if (tcp_seq_lt(l, s->snd_una))
		l = s->snd_una;
	/* Insert in order of left edge, then merge overlapping neighbours. */
	uint32_t v[TCP_SACKED_MAX + 1][2];
	unsigned n = 0, i = 0;
	while (i < s->n_sacked && tcp_seq_le(s->sacked[i][0], l)) {
		v[n][0] = s->sacked[i][0];
		v[n][1] = s->sacked[i][1];
		n++;
		i++;
	}
	v[n][0] = l;
	v[n][1] = r;
	n++;
	for (; i < s->n_sacked; i++) {
		v[n][0] = s->sacked[i][0];
		v[n][1] = s->sacked[i][1];
		n++;
	}
	unsigned k = 0;
	for (i = 0; i < n; i++) {
		if (k && tcp_seq_le(v[i][0], s->sacked[k - 1][1])) {
			if (tcp_seq_gt(v[i][1], s->sacked[k - 1][1]))
				s->sacked[k - 1][1] = v[i][1];
		} else if (k < TCP_SACKED_MAX) {
			s->sacked[k][0] = v[i][0];
			s->sacked[k][1] = v[i][1];
			k++;
		}
	}
	s->n_sacked = k;
}

static void ack_input(struct tcp_sock *s, const struct tcp_repr *th, uint32_t dlen)
{
	struct world *w = s->node->w;
	uint32_t ack = th->ack;
	uint32_t win = (uint32_t)th->window << (s->ws_ok ? s->snd_wscale : 0);
	bool win_changed = false;
	if (tcp_seq_lt(ack, s->snd_una))
		return;   /* "If the ACK is a duplicate ... it can be ignored." */
	if (s->sack_ok)
		for (unsigned i = 0; i < th->n_sack; i++)
			sack_add(s, th->sack[i][0], th->sack[i][1]);
	if (s->snd_una == s->snd_max)
		s->retries = 0;   /* a zero-window probe was answered (icsk_probes_out = 0) */
	/* "If SND.WL1 < SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK),
	 * set SND.WND <- SEG.WND, set SND.WL1 <- SEG.SEQ, and set SND.WL2 <-
	 * SEG.ACK." */
	if (tcp_seq_lt(s->snd_wl1, th->seq) || (s->snd_wl1 == th->seq && tcp_seq_le(s->snd_wl2, ack))) {
		win_changed = s->snd_wnd != win;
		s->snd_wnd = win;
		s->snd_wl1 = th->seq;
		s->snd_wl2 = ack;
		if (win > s->max_snd_wnd)
			s->max_snd_wnd = win;
	}
	if (tcp_seq_gt(ack, s->snd_una)) {
		uint32_t acked = ack - s->snd_una;
		/* tcp_is_cwnd_limited() (RFC 7661): cwnd grows only while the
		 * sender is using it, not when the application or the peer's
		 * window holds it back. */
		bool cwnd_limited = 2ull * (s->snd_max - s->snd_una) >= s->cwnd;
		if (s->rtt_pending && tcp_seq_gt(ack, s->rtt_seq)) {
			tcp_rtt_sample(s, w->now_ns - s->rtt_start_ns);
			s->rtt_pending = false;
		} else {
			tcp_rto_reset(s);
		}
		if (tcp_seq_gt(ack, s->sbuf_seq)) {
			uint32_t drop = ack - s->sbuf_seq;
			if (drop > s->slen)
				drop = s->slen;
			s->soff += drop;
			s->slen -= drop;
			if (!s->slen)
				s->soff = 0;
			s->sbuf_seq += drop;
		}
		s->snd_una = ack;
		if (tcp_seq_lt(s->snd_nxt, s->snd_una))
			s->snd_nxt = s->snd_una;
		sack_prune(s);
		s->retries = 0;
		if (s->in_recovery) {
			if (tcp_seq_ge(ack, s->recover)) {
				/* RFC 6582 3.2 step 3: full acknowledgment, deflate. */
				s->cwnd = s->ssthresh;
				s->in_recovery = false;
				s->dupacks = 0;
			} else {
				/* Partial acknowledgment: the next hole is lost too
				 * (RFC 6582 3.2 step 4), unless it was resent already. */
				if (!tcp_retransmit_hole(s) && tcp_seq_ge(s->snd_una, s->rexmit_nxt)) {
					uint32_t used = tcp_send_from(s, s->snd_una, s->mss);
					s->node->tcp.retrans_segs++;
					s->rexmit_nxt = s->snd_una + used;
					if (tcp_seq_gt(s->rexmit_nxt, s->snd_nxt))
						s->snd_nxt = s->rexmit_nxt;
				}
				s->cwnd = s->cwnd > acked ? s->cwnd - acked + s->mss : s->mss;
			}
		} else {
			s->dupacks = 0;
			if (!cwnd_limited)
				;
			else if (s->cwnd < s->ssthresh)
				s->cwnd += acked < s->mss ? acked : s->mss;   /* slow start */
			else {
				uint32_t inc = (uint32_t)s->mss * s->mss / s->cwnd;
				s->cwnd += inc ? inc : 1;                      /* avoidance */
			}
		}
		if (s->snd_una == s->snd_max)
			ev_cancel(w, &s->rtx_ev);
		else
			tcp_arm_rtx(s);
		if (s->want_writable && s->slen < tcp_sndbuf(s)) {
			s->want_writable = false;
			tcp_notify(s, TN_WRITABLE);
		}
		return;
	}
	if (win_changed) {
		if (s->snd_una == s->snd_max && s->snd_wnd > 0) {
			ev_cancel(w, &s->rtx_ev);   /* the window opened: stop probing */
			s->retries = 0;
			tcp_rto_reset(s);
		}
		return;
	}
	/* RFC 5681 2: a duplicate ACK carries no data, no SYN/FIN, the same
	 * window, while data is outstanding. */
	if (dlen || (th->flags & (TCP_FLAG_SYN | TCP_FLAG_FIN)) || s->snd_una == s->snd_max)
		return;
	s->dupacks++;
	if (s->dupacks == 3 && !s->in_recovery) {
		uint32_t flight = s->snd_max - s->snd_una;
		s->ssthresh = flight / 2 > 2u * s->mss ? flight / 2 : 2u * s->mss;
		s->recover = s->snd_max;
		s->in_recovery = true;
		s->rtt_pending = false;
		if (trace_wants(w, TR_DECISION)) {
			char c[64];
			tcp_conn_str(s, c);
			trace_decision(w, s->node, NULL, NULL, TL_NONE, "tcp-fast-retransmit",
				       "%s: 3 duplicate ACKs for seq %u (relative %u): fast retransmit, "
				       "ssthresh %u, cwnd %u",
				       c, s->snd_una, s->snd_una - s->iss, s->ssthresh,
				       s->ssthresh + 3u * s->mss);
		}
		uint32_t used = tcp_send_from(s, s->snd_una, s->mss);
		s->node->tcp.retrans_segs++;
		s->rexmit_nxt = s->snd_una + used;
		if (tcp_seq_gt(s->rexmit_nxt, s->snd_nxt))
			s->snd_nxt = s->rexmit_nxt;
		s->cwnd = s->ssthresh + 3u * s->mss;
		tcp_arm_rtx(s);
	} else if (s->in_recovery) {
		s->cwnd += s->mss;   /* each duplicate: one more segment left the network */
		/* RFC 6675 5 (C): a duplicate ACK lets the next SACK hole go. */
		tcp_retransmit_hole(s);
	}
}

/* ---- the synchronized states ------------------------------------------ */

static void reset_by_peer(struct tcp_sock *s)
{
	int err;
	switch (s->state) {
	case TCP_SYN_RECEIVED:
		err = s->listener ? 0 : -ECONNREFUSED;
		break;
	case TCP_CLOSE_WAIT:
		err = -EPIPE;
		break;
	case TCP_CLOSING:
	case TCP_LAST_ACK:
	case TCP_TIME_WAIT:
		err = 0;
		break;
	default:
		err = -ECONNRESET;
	}
	trace_conn(s, "tcp-reset", "RST from the peer: connection reset");
	/* Queued data is gone with the connection (RFC 9293 3.10.7.4: "all
	 * segment queues should be flushed"). */
	s->slen = 0;
	s->soff = 0;
	tcp_done(s, err);
}


void tcp_input_sock(struct tcp_sock *s, struct netdev *dev, struct pkt *p,
		    const struct ipv4_repr *ip, const struct tcp_repr *th)
{
	struct node *n = s->node;
	struct world *w = n->w;
	uint32_t dlen = p->len - ip->hlen - th->hlen;
	const uint8_t *data = p->data + ip->hlen + th->hlen;
	uint8_t fl = th->flags;
	if (s->state == TCP_LISTEN) {
		listen_input(s, dev, p, ip, th, dlen);
		return;
	}
	if (s->state == TCP_SYN_SENT) {
		synsent_input(s, dev, p, ip, th, dlen);
		return;
	}
	/* tcp_timewait_state_process(): a new SYN with a higher sequence
	 * number may reuse a connection in TIME_WAIT. */
	if (s->state == TCP_TIME_WAIT && (fl & TCP_FLAG_SYN) &&
	    !(fl & (TCP_FLAG_ACK | TCP_FLAG_RST)) && tcp_seq_gt(th->seq, s->rcv_nxt)) {
		struct tcp_sock *l = tcp_find_listener(n, ip->dst, th->dport);
		if (l) {
			tcp_done(s, 0);
			tcp_maybe_free(s);
			listen_input(l, dev, p, ip, th, dlen);
			return;
		}
	}
	uint32_t seglen = dlen + ((fl & TCP_FLAG_SYN) ? 1u : 0u) + ((fl & TCP_FLAG_FIN) ? 1u : 0u);
	uint32_t wnd = tcp_rcv_window(s);
	/* First: the sequence number (Linux's tcp_sequence). */
	if (tcp_seq_lt(th->seq + seglen, s->rcv_wup) || tcp_seq_gt(th->seq, s->rcv_nxt + wnd)) {
		bool answered = !(fl & TCP_FLAG_RST) && oow_ack_allowed(s);
		if (answered)
			tcp_send_ack(s);
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_OUT_OF_WINDOW,
			 "seq %u outside the receive window [%u, %u): %s", th->seq, s->rcv_nxt,
			 s->rcv_nxt + wnd,
			 answered ? "answered with an ACK"
			 : (fl & TCP_FLAG_RST) ? "a RST is never answered"
			 : "not answered (one ACK per 500 ms at most, tcp_invalid_ratelimit)");
		return;
	}
	/* Second: RST. */
	if (fl & TCP_FLAG_RST) {
		if (th->seq != s->rcv_nxt) {
			/* RFC 5961 3.2: in the window but not exact: challenge. */
			if (oow_ack_allowed(s))
				tcp_send_ack(s);
			pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_OUT_OF_WINDOW,
				 "RST with seq %u, expected %u: challenge ACK sent (RFC 5961)", th->seq,
				 s->rcv_nxt);
			return;
		}
		pkt_free(w, p);
		reset_by_peer(s);
		tcp_maybe_free(s);
		return;
	}
	/* Fourth: SYN. */
	if (fl & TCP_FLAG_SYN) {
		if (s->state == TCP_SYN_RECEIVED && th->seq == s->irs) {
			/* The SYN again: our SYN-ACK was lost; send it again. */
			tcp_send_from(s, s->iss, 0);
			pkt_free(w, p);
			return;
		}
		if (oow_ack_allowed(s))
			tcp_send_ack(s);
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_OUT_OF_WINDOW,
			 "SYN on a synchronized connection: challenge ACK sent (RFC 5961 4.2)");
		return;
	}
	/* Fifth: ACK. */
	if (!(fl & TCP_FLAG_ACK)) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_MALFORMED,
			 "segment without ACK on a synchronized connection: dropped");
		return;
	}
	/* RFC 7323 4.3: remember the timestamp of a segment that starts at or
	 * before what we acknowledge. */
	if (s->ts_ok && th->has_ts && tcp_seq_le(th->seq, s->rcv_wup))
		s->ts_recent = th->tsval;
	if (s->state == TCP_SYN_RECEIVED) {
		if (tcp_seq_le(th->ack, s->snd_una) || tcp_seq_gt(th->ack, s->snd_max)) {
			tcp_reply_rst(n, ip, th, dlen);
			pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_OUT_OF_WINDOW,
				 "ACK %u does not acknowledge our SYN-ACK: answered with RST", th->ack);
			return;
		}
		struct tcp_sock *l = s->listener;
		if (l && l->acceptq > l->backlog) {
			/* tcp_check_req() with tcp_abort_on_overflow 0: the ACK is
			 * dropped, the SYN-ACK timer will send it again. */
			pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_BACKLOG_FULL,
				 "accept queue of port %u full: handshake ACK dropped, connection "
				 "stays in SYN_RECEIVED",
				 s->lport);
			return;
		}
		rto_after_handshake(s);
		ev_cancel(w, &s->rtx_ev);
		tcp_set_state(s, TCP_ESTABLISHED);
		if (l && s->in_synq) {
			s->in_synq = false;
			l->synq--;
		}
		s->snd_wnd = (uint32_t)th->window << (s->ws_ok ? s->snd_wscale : 0);
		s->max_snd_wnd = s->snd_wnd;
		s->snd_wl1 = th->seq;
		s->snd_wl2 = th->ack;
		if (l) {
			n->tcp.passive_opens++;
			tcp_acceptq_push(l, s);
			tcp_notify(l, TN_ACCEPT);
		} else {
			tcp_notify(s, TN_CONNECTED);
		}
		queue_fin_if_shut(s);
	}
	if (tcp_seq_gt(th->ack, s->snd_max)) {
		/* RFC 9293 says "send an ACK, drop the segment"; Linux's tcp_ack()
		 * only discards it (TCP_ACK_UNSENT_DATA), which also keeps two
		 * confused ends from trading ACKs. */
		pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_OUT_OF_WINDOW,
			 "ACK %u for data never sent (SND.NXT %u): discarded", th->ack, s->snd_max);
		return;
	}
	ack_input(s, th, dlen);
	bool fin_acked = s->fin_queued && tcp_seq_gt(s->snd_una, s->fin_seq);
	switch (s->state) {
	case TCP_FIN_WAIT_1:
		if (fin_acked) {
			tcp_set_state(s, TCP_FIN_WAIT_2);
			if (!s->app_held)
				ev_schedule(w, &s->wait_ev, w->now_ns + TCP_FIN_TIMEOUT_NS);
		}
		break;
	case TCP_CLOSING:
		if (fin_acked)
			tcp_enter_time_wait(s);
		break;
	case TCP_LAST_ACK:
		if (fin_acked) {
			pkt_free(w, p);
			tcp_done(s, 0);
			tcp_maybe_free(s);
			return;
		}
		break;
	default:
		break;
	}
	/* Seventh: the data; eighth: FIN. */
	bool fin = fl & TCP_FLAG_FIN;
	if (dlen || fin) {
		if (!s->app_held && !s->listener && dlen &&
		    tcp_seq_gt(th->seq + dlen, s->rcv_nxt) &&
		    (s->state == TCP_FIN_WAIT_1 || s->state == TCP_FIN_WAIT_2)) {
			/* Linux (LINUX_MIB_TCPABORTONDATA): the application has
			 * closed; nobody will read new data, so the peer is told. */
			tcp_send_rst(s);
			pkt_drop(w, p, n, dev, TL_IP, DROP_TCP_RESET,
				 "data for a socket its application closed: answered with RST");
			tcp_done(s, 0);
			tcp_maybe_free(s);
			return;
		}
		data_input(s, th->seq, data, dlen, fin);
	}
	pkt_free(w, p);
	tcp_output(s);
	tcp_maybe_free(s);
}
