/* tcp_timer.c — TCP's timers: retransmission (RFC 6298) with the persist
 * probe, the delayed ACK, TIME_WAIT and the orphan FIN_WAIT_2 timeout.
 *
 * RTO as Linux computes it: 1 s before any measurement; then
 * srtt + max(4 * rttvar, 200 ms) (tcp_set_rto: the variance term never
 * drops below TCP_RTO_MIN, so a LAN connection's RTO is ~200 ms plus the
 * RTT), doubled on each expiry up to 120 s (RFC 6298 5.5).  Samples follow
 * Karn's algorithm: one timed segment at a time, none from a retransmitted
 * one.  Giving up: a SYN after tcp_syn_retries (6) retransmissions, so
 * connect() fails after 1+2+4+8+16+32+64 = 127 s; a SYN-ACK after 5; data
 * after tcp_retries2 (15) retransmissions (Linux measures that limit as
 * time, ~924 s at the minimum RTO; counting them is the same when every
 * RTO is the minimum).
 */
#include <errno.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/node.h"
#include "net/tcp_int.h"
#include "wire/tcp.h"

static void rtx_fire(struct world *w, struct ev *ev);
static void delack_fire(struct world *w, struct ev *ev);
static void wait_fire(struct world *w, struct ev *ev);

void tcp_timers_init(struct tcp_sock *s)
{
	ev_init(&s->rtx_ev, rtx_fire);
	ev_init(&s->delack_ev, delack_fire);
	ev_init(&s->wait_ev, wait_fire);
}

void tcp_timers_stop(struct tcp_sock *s)
{
	struct world *w = s->node->w;
	ev_cancel(w, &s->rtx_ev);
	ev_cancel(w, &s->delack_ev);
	ev_cancel(w, &s->wait_ev);
}

void tcp_arm_rtx(struct tcp_sock *s)
{
	ev_schedule(s->node->w, &s->rtx_ev, s->node->w->now_ns + s->rto_ns);
}

void tcp_rtt_sample(struct tcp_sock *s, int64_t m)
{
	if (m < 0)
		m = 0;
	if (s->srtt_ns == 0 && s->rttvar_ns == 0) {
		/* RFC 6298 2.2: SRTT <- R, RTTVAR <- R/2 */
		s->srtt_ns = m;
		s->rttvar_ns = m / 2;
	} else {
		/* RFC 6298 2.3, alpha 1/8, beta 1/4 */
		int64_t d = s->srtt_ns > m ? s->srtt_ns - m : m - s->srtt_ns;
		s->rttvar_ns = (3 * s->rttvar_ns + d) / 4;
		s->srtt_ns = (7 * s->srtt_ns + m) / 8;
		if (s->srtt_ns == 0 && s->rttvar_ns == 0)
			s->rttvar_ns = 1;
	}
	int64_t var = 4 * s->rttvar_ns;
	if (var < TCP_RTO_MIN_NS)
		var = TCP_RTO_MIN_NS;
	s->rto_ns = s->srtt_ns + var;
	if (s->rto_ns > TCP_RTO_MAX_NS)
		s->rto_ns = TCP_RTO_MAX_NS;
}

static void backoff(struct tcp_sock *s)
{
	s->rto_ns *= 2;
	if (s->rto_ns > TCP_RTO_MAX_NS)
		s->rto_ns = TCP_RTO_MAX_NS;
}

static void give_up(struct tcp_sock *s, const char *what)
{
	struct world *w = s->node->w;
	if (trace_wants(w, TR_DECISION)) {
		char c[64];
		tcp_conn_str(s, c);
		trace_decision(w, s->node, NULL, NULL, TL_NONE, "tcp-timeout",
			       "%s: %s unanswered after %d retransmissions: connection timed out", c,
			       what, s->retries - 1);
	}
	tcp_done(s, s->soft_err ? s->soft_err : -ETIMEDOUT);
	tcp_maybe_free(s);
}

static void rtx_fire(struct world *w, struct ev *ev)
{
	struct tcp_sock *s = TCP_OF(ev, rtx_ev);
	char c[64] = "";
	if (trace_wants(w, TR_DECISION))
		tcp_conn_str(s, c);
	int64_t expired_ms = s->rto_ns / NS_PER_MS;
	switch (s->state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECEIVED: {
		int limit = s->state == TCP_SYN_SENT ? TCP_SYN_RETRIES : TCP_SYNACK_RETRIES;
		const char *what = s->state == TCP_SYN_SENT ? "SYN" : "SYN-ACK";
		if (++s->retries > limit) {
			if (s->state == TCP_SYN_RECEIVED) {
				/* The request is forgotten without a word. */
				tcp_done(s, 0);
				tcp_maybe_free(s);
				return;
			}
			give_up(s, what);
			return;
		}
		backoff(s);
		s->rtt_pending = false;
		s->node->tcp.retrans_segs++;
		if (c[0])
			trace_decision(w, s->node, NULL, NULL, TL_NONE, "tcp-retransmit",
				       "%s: retransmit %s after RTO %lldms (retry %d, next RTO %lldms)",
				       c, what, (long long)expired_ms, s->retries,
				       (long long)(s->rto_ns / NS_PER_MS));
		tcp_send_from(s, s->iss, 0);
		tcp_arm_rtx(s);
		return;
	}
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
	case TCP_FIN_WAIT_1:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		break;
	default:
		return;
	}
	if (s->snd_una == s->snd_max) {
		/* Nothing in flight: the persist timer.  Probe a closed window
		 * while there is something to send. */
		uint32_t unsent = s->sbuf_seq + s->slen - s->snd_nxt;
		bool pending = unsent > 0 || (s->fin_queued && tcp_seq_le(s->snd_nxt, s->fin_seq));
		if (!pending)
			return;
		if (s->snd_wnd > 0) {
			/* tcp_write_wakeup(): a window too small for the sender's
			 * silly-window rule still gets what fits, so a receiver's
			 * promise is never left waiting. */
			uint32_t len = s->snd_wnd < s->mss ? s->snd_wnd : s->mss;
			uint32_t used = tcp_send_from(s, s->snd_nxt, len);
			s->snd_nxt += used;
			if (tcp_seq_gt(s->snd_nxt, s->snd_max))
				s->snd_max = s->snd_nxt;
			tcp_arm_rtx(s);
			return;
		}
		if (++s->retries > TCP_RETRIES2) {
			give_up(s, "zero window probe");
			return;
		}
		if (c[0])
			trace_decision(w, s->node, NULL, NULL, TL_NONE, "tcp-probe",
				       "%s: peer's window is 0: zero window probe (next in %lldms)", c,
				       (long long)(2 * s->rto_ns / NS_PER_MS));
		tcp_send_probe(s);
		backoff(s);
		tcp_arm_rtx(s);
		return;
	}
	if (++s->retries > TCP_RETRIES2) {
		give_up(s, "data");
		return;
	}
	/* RFC 5681 3.1, equation 4, and "cwnd to no more than the loss
	 * window, LW, which equals 1 full-sized segment". */
	uint32_t flight = s->snd_max - s->snd_una;
	s->ssthresh = flight / 2 > 2u * s->mss ? flight / 2 : 2u * s->mss;
	s->cwnd = s->mss;
	s->in_recovery = false;
	s->dupacks = 0;
	s->rexmit_nxt = s->snd_una;
	backoff(s);
	s->rtt_pending = false;
	if (c[0])
		trace_decision(w, s->node, NULL, NULL, TL_NONE, "tcp-retransmit",
			       "%s: retransmit seq %u (relative %u) after RTO %lldms (retry %d, next RTO "
			       "%lldms, cwnd %u, ssthresh %u)",
			       c, s->snd_una, s->snd_una - s->iss, (long long)expired_ms, s->retries,
			       (long long)(s->rto_ns / NS_PER_MS), s->cwnd, s->ssthresh);
	s->snd_nxt = s->snd_una;
	uint32_t used = tcp_send_from(s, s->snd_una, s->mss);
	s->node->tcp.retrans_segs++;
	s->snd_nxt = s->snd_una + used;
	tcp_arm_rtx(s);
}

static void delack_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct tcp_sock *s = TCP_OF(ev, delack_ev);
	tcp_send_ack(s);
}

void tcp_schedule_delack(struct tcp_sock *s)
{
	if (!ev_pending(&s->delack_ev))
		ev_schedule(s->node->w, &s->delack_ev, s->node->w->now_ns + TCP_DELACK_NS);
}

/* RFC 9293 3.10.7.4: "Start the time-wait timer, turn off the other
 * timers."  2*MSL is 60 s in Linux (TCP_TIMEWAIT_LEN). */
void tcp_enter_time_wait(struct tcp_sock *s)
{
	tcp_set_state(s, TCP_TIME_WAIT);
	ev_cancel(s->node->w, &s->rtx_ev);
	ev_cancel(s->node->w, &s->delack_ev);
	ev_schedule(s->node->w, &s->wait_ev, s->node->w->now_ns + TCP_TIMEWAIT_NS);
}

static void wait_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct tcp_sock *s = TCP_OF(ev, wait_ev);
	if (s->state != TCP_TIME_WAIT && s->state != TCP_FIN_WAIT_2)
		return;
	tcp_done(s, 0);
	tcp_maybe_free(s);
}

void tcp_rto_reset(struct tcp_sock *s)
{
	if (s->srtt_ns == 0 && s->rttvar_ns == 0) {
		s->rto_ns = TCP_RTO_INIT_NS;
		return;
	}
	int64_t var = 4 * s->rttvar_ns;
	if (var < TCP_RTO_MIN_NS)
		var = TCP_RTO_MIN_NS;
	s->rto_ns = s->srtt_ns + var;
	if (s->rto_ns > TCP_RTO_MAX_NS)
		s->rto_ns = TCP_RTO_MAX_NS;
}
