/* tcp.c — TCP sockets (RFC 9293): the socket table, demultiplexing, the
 * application's calls and the notifications it gets.
 *
 * Which socket a segment is for is tcp_demux.c's business; the protocol
 * itself is in tcp_input.c (segment arrival), tcp_output.c (what we send)
 * and tcp_timer.c (retransmission, delayed ACK, TIME_WAIT).
 * Every notification to the application goes through the socket's notify
 * event at the current time, so no callback is ever made from inside
 * tcp_send/tcp_close/tcp_connect (or from inside the packet input that
 * caused it).
 *
 * What is modelled, as Linux 6.x does it with its default sysctls
 * (checked segment by segment against the kernel by
 * tests/kernel/test-tcp-handshake.sh):
 *   - the SYN's options "mss 1460,sackOK,TS val ... ecr 0,nop,wscale 7",
 *     window 64240 (44 * 1460), the SYN-ACK's 65160 (45 * 1448), the first
 *     ACKs' "win 502" / "win 510" (window scaling rounds up), a SYN-ACK
 *     answering only the options the SYN offered; MSS = egress MTU - 40;
 *   - timestamps on every segment (RFC 7323; ms clock + a random offset
 *     per connection), SACK blocks on ACKs while out-of-order data waits;
 *   - ISNs and ephemeral ports (32768-60999) from the world's generator;
 *   - RTO 1 s initially, srtt + max(4 rttvar, 200 ms), doubling to 120 s;
 *     SYN retries 6 (connect fails after 127 s), SYN-ACK 5, data 15;
 *     fast retransmit on the third duplicate ACK; NewReno with IW10;
 *   - delayed ACK (quick-ack for the first 16 segments, then every
 *     second full segment or 40 ms), Nagle, sender and receiver SWS
 *     avoidance, zero-window probes (persist timer);
 *   - close in every order; TIME_WAIT 60 s; an orphan's FIN_WAIT_2 60 s;
 *     RST for a closed port, on close with unread data, on data after
 *     close; RFC 5961 challenge ACKs; backlog as sk_acceptq_is_full;
 *   - ICMP: unreachable while connecting fails the connect at once
 *     (EHOSTUNREACH, ECONNREFUSED...), as tcp_v4_err does (a soft error on
 *     an established connection); fragmentation needed lowers the MSS.
 *
 * Left out, or simpler than Linux (a trace with loss differs):
 *   - congestion control is NewReno with a simple SACK scoreboard (holes
 *     below the highest SACKed byte resent one per duplicate ACK; SACKed
 *     data skipped after a timeout), not CUBIC with RFC 6675/RACK: no
 *     TLP, no F-RTO, no DSACK, fast retransmit on the third duplicate ACK
 *     only;
 *   - buffer autotuning is approximate: the receive buffer starts at 64 KiB
 *     of data and grows by Linux's DRS rule once per (our smoothed) RTT up
 *     to 3 MiB, the offered window grows two segments per full segment
 *     (tcp_grow_window); the send buffer holds max(64 KiB, 2 * cwnd) up to
 *     2 MiB (Linux counts truesize, not data); PSH only when a write is
 *     drained (Linux also every half window);
 *   - no PAWS (timestamps are echoed, not checked), no keepalive, no
 *     urgent data, no TCP Fast Open, no ECN, no SYN cookies (a SYN past a
 *     full SYN queue is dropped where Linux answers with a cookie), no
 *     SO_REUSEADDR choices;
 *   - the limit of 15 data retransmissions is counted, not timed as Linux's
 *     retransmits_timed_out() does (the same when every RTO is minimal).
 */
#include "net/tcp.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/pkt.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/frag.h"
#include "net/route.h"
#include "net/stack.h"
#include "net/tcp_int.h"
#include "util/die.h"
#include "util/units.h"
#include "wire/ipv4.h"
#include "wire/tcp.h"

#define EPHEMERAL_LO 32768u
#define EPHEMERAL_HI 60999u

static const char *const rfc_names[] = {
	[TCP_CLOSED] = "CLOSED", [TCP_LISTEN] = "LISTEN", [TCP_SYN_SENT] = "SYN_SENT",
	[TCP_SYN_RECEIVED] = "SYN_RECEIVED", [TCP_ESTABLISHED] = "ESTABLISHED",
	[TCP_FIN_WAIT_1] = "FIN_WAIT_1", [TCP_FIN_WAIT_2] = "FIN_WAIT_2",
	[TCP_CLOSE_WAIT] = "CLOSE_WAIT", [TCP_CLOSING] = "CLOSING", [TCP_LAST_ACK] = "LAST_ACK",
	[TCP_TIME_WAIT] = "TIME_WAIT",
};

/* ss(8)'s sstate_name[]. */
static const char *const ss_names[] = {
	[TCP_CLOSED] = "UNCONN", [TCP_LISTEN] = "LISTEN", [TCP_SYN_SENT] = "SYN-SENT",
	[TCP_SYN_RECEIVED] = "SYN-RECV", [TCP_ESTABLISHED] = "ESTAB",
	[TCP_FIN_WAIT_1] = "FIN-WAIT-1", [TCP_FIN_WAIT_2] = "FIN-WAIT-2",
	[TCP_CLOSE_WAIT] = "CLOSE-WAIT", [TCP_CLOSING] = "CLOSING", [TCP_LAST_ACK] = "LAST-ACK",
	[TCP_TIME_WAIT] = "TIME-WAIT",
};

const char *tcp_rfc_state(enum tcp_state st)
{
	return (unsigned)st <= TCP_TIME_WAIT ? rfc_names[st] : "?";
}

const char *tcp_state_name(enum tcp_state st)
{
	return (unsigned)st <= TCP_TIME_WAIT ? ss_names[st] : "UNKNOWN";
}

void tcp_table_init(struct tcp_table *t) { memset(t, 0, sizeof *t); }

void tcp_buf_room(uint8_t **buf, uint32_t *off, uint32_t used, uint32_t *cap, uint32_t len)
{
	if (*off + used + len <= *cap)
		return;
	if (*off >= used && used + len <= *cap) {
		if (used)
			memmove(*buf, *buf + *off, used);
		*off = 0;
		return;
	}
	if (*off) {
		if (used)
			memmove(*buf, *buf + *off, used);
		*off = 0;
	}
	uint32_t c = *cap ? *cap : 4096;
	while (c < used + len)
		c *= 2;
	if (c != *cap) {
		*buf = wl_realloc(*buf, c);
		*cap = c;
	}
}

static void sock_free_mem(struct tcp_sock *s)
{
	while (s->ooo) {
		struct tcp_ooo *o = s->ooo->next;
		free(s->ooo);
		s->ooo = o;
	}
	free(s->sbuf);
	free(s->rbuf);
	free(s);
}

void tcp_table_free(struct node *n)
{
	struct tcp_sock *s = n->tcp.socks;
	while (s) {
		struct tcp_sock *next = s->next;
		tcp_timers_stop(s);
		ev_cancel(n->w, &s->notify_ev);
		sock_free_mem(s);
		s = next;
	}
	n->tcp.socks = NULL;
	n->tcp.listeners = NULL;
	free(n->tcp.ehash);
	n->tcp.ehash = NULL;
}

void tcp_acceptq_push(struct tcp_sock *l, struct tcp_sock *c)
{
	c->in_acceptq = true;
	c->aq_next = NULL;
	if (l->aq_tail)
		l->aq_tail->aq_next = c;
	else
		l->aq_head = c;
	l->aq_tail = c;
	l->acceptq++;
}

static void acceptq_remove(struct tcp_sock *l, struct tcp_sock *c)
{
	struct tcp_sock *prev = NULL;
	for (struct tcp_sock *q = l->aq_head; q; prev = q, q = q->aq_next) {
		if (q != c)
			continue;
		if (prev)
			prev->aq_next = q->aq_next;
		else
			l->aq_head = q->aq_next;
		if (l->aq_tail == q)
			l->aq_tail = prev;
		l->acceptq--;
		break;
	}
	c->in_acceptq = false;
	c->aq_next = NULL;
}

void tcp_conn_str(const struct tcp_sock *s, char out[64])
{
	char a[16], b[16];
	units_format_ipv4(s->laddr, a);
	units_format_ipv4(s->raddr, b);
	snprintf(out, 64, "%s:%u > %s:%u", a, s->lport, b, s->rport);
}

uint32_t tcp_now_ts(const struct tcp_sock *s)
{
	/* Linux's TCP timestamp clock ticks in milliseconds (tcp_clock_ms),
	 * plus a per-connection random offset (tsoffset, RFC 7323 5.4). */
	return (uint32_t)(s->node->w->now_ns / NS_PER_MS) + s->ts_off;
}

void tcp_set_state(struct tcp_sock *s, enum tcp_state st)
{
	struct world *w = s->node->w;
	enum tcp_state old = s->state;
	if (old == st)
		return;
	s->state = st;
	if (trace_wants(w, TR_DECISION) && old != TCP_CLOSED) {
		char c[64];
		tcp_conn_str(s, c);
		trace_decision(w, s->node, NULL, NULL, TL_NONE, "tcp-state", "%s: %s -> %s", c,
			       tcp_rfc_state(old), tcp_rfc_state(st));
	}
}

static void notify_fire(struct world *w, struct ev *ev);

struct tcp_sock *tcp_sock_new(struct node *n)
{
	struct tcp_sock *s = wl_calloc(1, sizeof *s);
	s->node = n;
	s->state = TCP_CLOSED;
	s->accepting = true;
	s->rto_ns = TCP_RTO_INIT_NS;
	s->ts_off = (uint32_t)rng_u64(&n->w->rng);
	s->peer_mss = TCP_DEFAULT_MSS;
	s->ssthresh = UINT32_MAX;
	s->last_oow_ack_ns = -1;
	ev_init(&s->notify_ev, notify_fire);
	tcp_timers_init(s);
	s->next = n->tcp.socks;
	if (s->next)
		s->next->prev = s;
	n->tcp.socks = s;
	return s;
}

static void unlink_sock(struct tcp_sock *s)
{
	tcp_unhash(s);
	if (s->prev)
		s->prev->next = s->next;
	else
		s->node->tcp.socks = s->next;
	if (s->next)
		s->next->prev = s->prev;
}

void tcp_maybe_free(struct tcp_sock *s)
{
	if (s->state != TCP_CLOSED || s->app_held || s->in_cb)
		return;
	if (s->listener) {
		if (s->in_acceptq)
			acceptq_remove(s->listener, s);
		if (s->in_synq)
			s->listener->synq--;
		s->listener = NULL;
	}
	tcp_timers_stop(s);
	ev_cancel(s->node->w, &s->notify_ev);
	unlink_sock(s);
	sock_free_mem(s);
}

void tcp_notify(struct tcp_sock *s, unsigned what)
{
	if (!s->app_held && what != TN_ACCEPT)
		return;
	s->pend |= what;
	if (!ev_pending(&s->notify_ev))
		ev_schedule(s->node->w, &s->notify_ev, s->node->w->now_ns);
}

static void deliver_accepts(struct tcp_sock *l)
{
	while (l->app_held && l->accepting && l->state == TCP_LISTEN && l->aq_head) {
		/* accept(): the oldest child leaves the queue and belongs to
		 * the application from now on. */
		struct tcp_sock *c = l->aq_head;
		acceptq_remove(l, c);
		c->listener = NULL;
		c->app_held = true;
		c->in_cb = true;        /* it may be closed inside: freed below */
		if (l->cb.on_accept)
			l->cb.on_accept(l->ctx, l, c);
		c->in_cb = false;
		/* What arrived while it waited in the queue is news to the
		 * application now. */
		if (c->app_held && (c->rlen || c->fin_rcvd))
			tcp_notify(c, TN_READABLE | TN_EOF);
		tcp_maybe_free(c);
	}
}

static void notify_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct tcp_sock *s = TCP_OF(ev, notify_ev);
	s->in_cb = true;
	while (s->pend && s->app_held) {
		unsigned p = s->pend;
		if (p & TN_ERROR) {
			s->pend = 0;
			int err = s->err;
			if (s->cb.on_error)
				s->cb.on_error(s->ctx, s, err);
			break;
		}
		if (p & TN_ACCEPT) {
			s->pend &= ~TN_ACCEPT;
			deliver_accepts(s);
			continue;
		}
		if (p & TN_CONNECTED) {
			s->pend &= ~TN_CONNECTED;
			if (s->cb.on_connected)
				s->cb.on_connected(s->ctx, s);
			continue;
		}
		if (p & TN_READABLE) {
			s->pend &= ~TN_READABLE;
			if (s->rlen && s->cb.on_readable)
				s->cb.on_readable(s->ctx, s);
			continue;
		}
		if (p & TN_EOF) {
			s->pend &= ~TN_EOF;
			if (s->fin_rcvd && s->rlen == 0 && !s->eof_told) {
				s->eof_told = true;
				if (s->cb.on_eof)
					s->cb.on_eof(s->ctx, s);
			}
			continue;
		}
		if (p & TN_WRITABLE) {
			s->pend &= ~TN_WRITABLE;
			if (s->cb.on_writable)
				s->cb.on_writable(s->ctx, s);
			continue;
		}
		s->pend = 0;
	}
	s->in_cb = false;
	tcp_maybe_free(s);
}

void tcp_done(struct tcp_sock *s, int err)
{
	struct tcp_table *t = &s->node->tcp;
	if (s->state == TCP_SYN_SENT || s->state == TCP_SYN_RECEIVED)
		t->attempt_fails++;
	else if (err && (s->state == TCP_ESTABLISHED || s->state == TCP_CLOSE_WAIT))
		t->estab_resets++;
	tcp_set_state(s, TCP_CLOSED);
	tcp_timers_stop(s);
	if (err && s->app_held) {
		s->err = err;
		s->pend = 0;
		tcp_notify(s, TN_ERROR);
	}
}

/* The MSS we can send: the peer's limit and our path's, less the
 * timestamp option every segment carries when timestamps are on (Linux's
 * tcp_current_mss). */
void tcp_compute_mss(struct tcp_sock *s)
{
	struct node *n = s->node;
	uint32_t mtu;
	if (node_is_local_addr(n, s->raddr)) {
		mtu = n->lo->mtu;
	} else {
		const struct route *r = route_lookup(n, s->raddr);
		mtu = r && r->dev ? r->dev->mtu : 1500;
		uint32_t pm = pmtu_get(n, s->raddr, NULL);
		if (pm && pm < mtu)
			mtu = pm;
	}
	uint32_t m = mtu > 40 + 48 ? mtu - 40 : 48;
	if (m > s->peer_mss)
		m = s->peer_mss;
	if (s->ts_ok)
		m -= 12;
	s->mss = (uint16_t)m;
}

/* The MSS option we announce: the egress device's MTU less 40 (Linux's
 * tcp_advertise_mss uses the route's device MTU, not a learnt path MTU). */
static uint16_t adv_mss_for(struct node *n, uint32_t dst)
{
	uint32_t mtu;
	if (node_is_local_addr(n, dst)) {
		mtu = n->lo->mtu;
	} else {
		const struct route *r = route_lookup(n, dst);
		mtu = r && r->dev ? r->dev->mtu : 1500;
	}
	if (mtu > 65535)
		mtu = 65535;
	return (uint16_t)(mtu > 88 ? mtu - 40 : 48);
}

/* Linux's tcp_select_initial_window: the receive space rounded down to
 * whole segments of the MSS we expect (64240 = 44 * 1460 with MSS 1460). */
static void init_rcv_window(struct tcp_sock *s, uint32_t mss)
{
	uint32_t space = TCP_RCV_SPACE;
	if (space > mss)
		space = space / mss * mss;
	if (space > 65535u)
		space = 65535u;
	s->rcv_wnd = space;
	s->rcv_ssthresh = space;
	s->rcv_space = TCP_RCV_SPACE;
	/* tcp_init_buffer_space(): the first estimate of what the
	 * application reads per round trip is ten segments. */
	s->rcvq_space = TCP_INIT_CWND * mss;
}

/* RFC 9293 3.4.1 asks for an ISN no one can guess (Linux: a keyed hash of
 * the addresses plus a clock); the world's generator stands in for it. */
static uint32_t new_isn(struct node *n)
{
	if (n->tcp.isn_offset_set)
		return n->tcp.isn_offset++;
	return (uint32_t)rng_u64(&n->w->rng);
}

/* ---- the calls ------------------------------------------------------- */

static bool listener_conflict(const struct node *n, uint32_t addr, uint16_t port)
{
	for (const struct tcp_sock *s = n->tcp.socks; s; s = s->next)
		if (s->state == TCP_LISTEN && s->lport == port &&
		    (s->laddr == 0 || addr == 0 || s->laddr == addr))
			return true;
	return false;
}

struct tcp_sock *tcp_listen(struct node *n, uint32_t addr, uint16_t port, int backlog,
			    const struct tcp_cb *cb, void *ctx)
{
	if (port == 0) {
		/* listen() on an unbound socket: inet_autobind() picks a free
		 * ephemeral port. */
		uint32_t span = EPHEMERAL_HI - EPHEMERAL_LO + 1;
		uint32_t off = (uint32_t)rng_below(&n->w->rng, span);
		for (uint32_t i = 0; i < span && !port; i++) {
			uint16_t cand = (uint16_t)(EPHEMERAL_LO + (off + i) % span);
			bool used = false;
			for (const struct tcp_sock *o = n->tcp.socks; o && !used; o = o->next)
				used = o->lport == cand;
			if (!used)
				port = cand;
		}
		if (!port) {
			world_errf(n->w, -EADDRINUSE, "bind: Address already in use");
			return NULL;
		}
	}
	if (listener_conflict(n, addr, port)) {
		world_errf(n->w, -EADDRINUSE, "bind: Address already in use");
		return NULL;
	}
	if (addr && !node_is_local_addr(n, addr)) {
		world_errf(n->w, -EADDRNOTAVAIL, "bind: Cannot assign requested address");
		return NULL;
	}
	struct tcp_sock *s = tcp_sock_new(n);
	s->laddr = addr;
	s->lport = port;
	/* listen(2): the backlog is capped at net.core.somaxconn (4096). */
	s->backlog = backlog < 0 ? 0 : backlog > 4096 ? 4096 : backlog;
	if (cb)
		s->cb = *cb;
	s->ctx = ctx;
	s->app_held = true;
	s->state = TCP_LISTEN;
	s->hnext = n->tcp.listeners;
	n->tcp.listeners = s;
	s->listed = true;
	return s;
}

static bool tuple_taken(const struct node *n, uint32_t laddr, uint16_t lport, uint32_t raddr,
			uint16_t rport)
{
	for (const struct tcp_sock *s = n->tcp.socks; s; s = s->next) {
		if (s->lport != lport)
			continue;
		if (s->state == TCP_LISTEN)
			return true;    /* no SO_REUSEADDR games: skip ports servers hold */
		if (s->laddr == laddr && s->raddr == raddr && s->rport == rport)
			return true;
	}
	return false;
}

static const char *errno_words(int err)
{
	switch (err) {
	case -ENETUNREACH: return "Network is unreachable";
	case -EHOSTUNREACH: return "No route to host";
	case -EACCES: return "Permission denied";
	case -EADDRNOTAVAIL: return "Cannot assign requested address";
	default: return "Invalid argument";
	}
}

struct tcp_sock *tcp_connect(struct node *n, uint32_t dst, uint16_t dport,
			     const struct tcp_cb *cb, void *ctx)
{
	int err = ip_route_check(n, dst);
	/* tcp_v4_connect(): a broadcast or multicast route is refused. */
	if (!err && (node_is_broadcast_addr(n, dst) || (dst >> 28) == 0xe))
		err = -ENETUNREACH;
	if (err) {
		world_errf(n->w, err, "connect: %s", errno_words(err));
		return NULL;
	}
	uint32_t src = ip_select_src(n, dst);
	if (!src) {
		world_errf(n->w, -EADDRNOTAVAIL, "connect: %s", errno_words(-EADDRNOTAVAIL));
		return NULL;
	}
	/* __inet_hash_connect(): a random starting point in
	 * ip_local_port_range, then the first port whose 4-tuple is free. */
	uint32_t span = EPHEMERAL_HI - EPHEMERAL_LO + 1;
	uint32_t off = (uint32_t)rng_below(&n->w->rng, span);
	uint16_t port = 0;
	for (uint32_t i = 0; i < span; i++) {
		uint16_t cand = (uint16_t)(EPHEMERAL_LO + (off + i) % span);
		if (!tuple_taken(n, src, cand, dst, dport)) {
			port = cand;
			break;
		}
	}
	if (!port) {
		world_errf(n->w, -EADDRNOTAVAIL, "connect: %s", errno_words(-EADDRNOTAVAIL));
		return NULL;
	}
	struct tcp_sock *s = tcp_sock_new(n);
	s->laddr = src;
	s->lport = port;
	s->raddr = dst;
	s->rport = dport;
	if (cb)
		s->cb = *cb;
	s->ctx = ctx;
	s->app_held = true;
	tcp_hash(s);
	s->iss = new_isn(n);
	s->snd_una = s->iss;
	s->snd_nxt = s->iss;
	s->snd_max = s->iss;
	s->sbuf_seq = s->iss + 1;
	s->adv_mss = adv_mss_for(n, dst);
	init_rcv_window(s, s->adv_mss);
	s->rcv_wscale = TCP_WSCALE;
	tcp_compute_mss(s);
	n->tcp.active_opens++;
	s->state = TCP_SYN_SENT;
	if (trace_wants(n->w, TR_DECISION)) {
		char c[64];
		tcp_conn_str(s, c);
		trace_decision(n->w, n, NULL, NULL, TL_NONE, "tcp-state", "%s: CLOSED -> SYN_SENT",
			       c);
	}
	tcp_send_syn(s);
	return s;
}

/* A SYN reached listener l: a new connection in SYN_RECEIVED (Linux keeps a
 * request sock; the difference does not show on the wire). */
struct tcp_sock *tcp_child_new(struct tcp_sock *l, const struct ipv4_repr *ip,
			       const struct tcp_repr *th)
{
	struct node *n = l->node;
	struct tcp_sock *s = tcp_sock_new(n);
	s->laddr = ip->dst;
	s->lport = th->dport;
	s->raddr = ip->src;
	s->rport = th->sport;
	s->cb = l->cb;
	s->ctx = l->ctx;
	s->listener = l;
	tcp_hash(s);
	s->iss = new_isn(n);
	s->snd_una = s->iss;
	s->snd_nxt = s->iss;
	s->snd_max = s->iss;
	s->sbuf_seq = s->iss + 1;
	s->irs = th->seq;
	s->rcv_nxt = th->seq + 1;
	s->rcv_wup = s->rcv_nxt;
	s->snd_wnd = th->window;        /* never scaled in a SYN (RFC 7323 2.2) */
	s->max_snd_wnd = s->snd_wnd;
	s->snd_wl1 = th->seq;
	s->snd_wl2 = s->iss;
	s->peer_mss = th->has_mss && th->mss ? th->mss : TCP_DEFAULT_MSS;
	s->ws_ok = th->has_wscale;
	if (s->ws_ok) {
		s->snd_wscale = th->wscale > 14 ? 14 : th->wscale;
		s->rcv_wscale = TCP_WSCALE;
	}
	s->ts_ok = th->has_ts;
	s->ts_recent = th->tsval;
	s->sack_ok = th->sack_perm;
	s->adv_mss = adv_mss_for(n, s->raddr);
	tcp_compute_mss(s);
	/* The SYN-ACK's window counts segments of the MSS less the
	 * timestamps (65160 = 45 * 1448), as tcp_openreq_init_rwin does. */
	init_rcv_window(s, s->ts_ok ? s->adv_mss - 12u : s->adv_mss);
	s->state = TCP_SYN_RECEIVED;
	s->in_synq = true;
	l->synq++;
	if (trace_wants(n->w, TR_DECISION)) {
		char c[64];
		tcp_conn_str(s, c);
		trace_decision(n->w, n, NULL, NULL, TL_NONE, "tcp-state",
			       "%s: LISTEN -> SYN_RECEIVED", c);
	}
	tcp_send_syn(s);
	return s;
}

void tcp_set_cb(struct tcp_sock *s, const struct tcp_cb *cb, void *ctx)
{
	if (cb)
		s->cb = *cb;
	else
		memset(&s->cb, 0, sizeof s->cb);
	s->ctx = ctx;
}

void tcp_set_accepting(struct tcp_sock *l, bool on)
{
	l->accepting = on;
	if (on && l->acceptq)
		tcp_notify(l, TN_ACCEPT);
}

void tcp_set_nodelay(struct tcp_sock *s, bool on)
{
	s->nodelay = on;
	if (on)
		tcp_output(s);
}

size_t tcp_send(struct tcp_sock *s, const void *data, size_t len)
{
	switch (s->state) {
	case TCP_SYN_SENT:
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		break;
	default:
		return 0;
	}
	if (s->shut_wr)
		return 0;
	uint32_t limit = tcp_sndbuf(s);
	uint32_t room = s->slen < limit ? limit - s->slen : 0;
	size_t n = len < room ? len : room;
	if (n < len)
		s->want_writable = true;
	if (!n)
		return 0;
	tcp_buf_room(&s->sbuf, &s->soff, s->slen, &s->scap, (uint32_t)n);
	memcpy(s->sbuf + s->soff + s->slen, data, n);
	s->slen += (uint32_t)n;
	tcp_output(s);
	return n;
}

size_t tcp_readable(const struct tcp_sock *s) { return s->rlen; }

/* tcp_rcv_space_adjust() (dynamic right-sizing): once per round trip,
 * when the application read more than in the last one, the receive
 * buffer grows to about twice that plus sixteen segments, and a further
 * share of the growth, up to tcp_rmem[2]; the window can then open past
 * 64 KiB on a long fat path.  The round trip is our smoothed RTT (Linux
 * measures the receiver's own from timestamps). */
static void rcv_space_adjust(struct tcp_sock *s, uint32_t copied)
{
	int64_t now = s->node->w->now_ns;
	int64_t rtt = s->srtt_ns > NS_PER_MS ? s->srtt_ns : NS_PER_MS;
	s->rcvq_copied += copied;
	if (s->rcvq_time_ns == 0)
		s->rcvq_time_ns = now;
	if (now - s->rcvq_time_ns < rtt)
		return;
	uint32_t got = s->rcvq_copied;
	s->rcvq_copied = 0;
	s->rcvq_time_ns = now;
	if (got <= s->rcvq_space || !s->rcvq_space)
		return;
	uint64_t win = 2ull * got + 16ull * s->mss;
	win += 2ull * (win * (got - s->rcvq_space) / s->rcvq_space);
	if (win > TCP_RCV_SPACE_MAX)
		win = TCP_RCV_SPACE_MAX;
	if (win > s->rcv_space)
		s->rcv_space = (uint32_t)win;
	s->rcvq_space = got;
}

size_t tcp_recv(struct tcp_sock *s, void *buf, size_t cap)
{
	size_t n = s->rlen < cap ? s->rlen : cap;
	if (!n)
		return 0;
	uint32_t before = tcp_rcv_window(s);
	memcpy(buf, s->rbuf + s->roff, n);
	s->roff += (uint32_t)n;
	s->rlen -= (uint32_t)n;
	if (!s->rlen)
		s->roff = 0;
	if (s->fin_rcvd && s->rlen == 0)
		tcp_notify(s, TN_EOF);
	rcv_space_adjust(s, (uint32_t)n);
	/* tcp_cleanup_rbuf(): tell the peer when reading opened the window
	 * by at least a segment (RFC 9293 3.8.6.2.2, receiver SWS avoidance). */
	if (s->state == TCP_ESTABLISHED || s->state == TCP_FIN_WAIT_1 ||
	    s->state == TCP_FIN_WAIT_2) {
		uint32_t now_free = tcp_rcv_free(s);
		if (now_free > s->rcv_ssthresh)
			now_free = s->rcv_ssthresh;
		if (now_free >= before + s->mss && now_free >= 2 * before)
			tcp_send_ack(s);
		else if (before == 0 && now_free >= s->mss)
			tcp_send_ack(s);
	}
	return n;
}

void tcp_shutdown(struct tcp_sock *s)
{
	if (s->shut_wr)
		return;
	s->shut_wr = true;
	switch (s->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
		tcp_set_state(s, TCP_FIN_WAIT_1);
		break;
	case TCP_CLOSE_WAIT:
		tcp_set_state(s, TCP_LAST_ACK);
		break;
	default:
		return;   /* SYN_SENT: the FIN follows the handshake */
	}
	s->fin_queued = true;
	s->fin_seq = s->sbuf_seq + s->slen;
	tcp_output(s);
}

static void close_listener(struct tcp_sock *l)
{
	/* inet_csk_listen_stop(): connections nobody accepted are reset;
	 * half-open ones vanish. */
	struct tcp_sock *next;
	for (struct tcp_sock *c = l->node->tcp.socks; c; c = next) {
		next = c->next;
		if (c->listener != l)
			continue;
		if (c->state != TCP_SYN_RECEIVED)
			tcp_send_rst(c);
		c->listener = NULL;
		c->in_acceptq = false;
		c->aq_next = NULL;
		c->in_synq = false;
		tcp_done(c, 0);
	}
	l->acceptq = 0;
	l->aq_head = l->aq_tail = NULL;
	l->synq = 0;
	l->state = TCP_CLOSED;
	/* Freeing children may have been deferred: free them now. */
	for (struct tcp_sock *c = l->node->tcp.socks; c; c = next) {
		next = c->next;
		if (c->state == TCP_CLOSED && !c->app_held && !c->in_cb && c != l)
			tcp_maybe_free(c);
	}
}

void tcp_close(struct tcp_sock *s)
{
	s->app_held = false;
	s->pend = 0;
	switch (s->state) {
	case TCP_LISTEN:
		close_listener(s);
		break;
	case TCP_SYN_SENT:
		tcp_done(s, 0);
		break;
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
	case TCP_CLOSE_WAIT:
		if (s->rlen) {
			/* tcp_close(): "if data was unread, send RST" (RFC 2525
			 * 2.17), LINUX_MIB_TCPABORTONCLOSE. */
			tcp_send_rst(s);
			tcp_done(s, 0);
			break;
		}
		tcp_shutdown(s);
		break;
	case TCP_FIN_WAIT_2:
		/* An orphan in FIN_WAIT_2 waits tcp_fin_timeout, not forever. */
		if (!ev_pending(&s->wait_ev))
			ev_schedule(s->node->w, &s->wait_ev, s->node->w->now_ns + TCP_FIN_TIMEOUT_NS);
		break;
	default:
		break;
	}
	tcp_maybe_free(s);
}

void tcp_abort(struct tcp_sock *s)
{
	switch (s->state) {
	case TCP_SYN_RECEIVED:
	case TCP_ESTABLISHED:
	case TCP_FIN_WAIT_1:
	case TCP_FIN_WAIT_2:
	case TCP_CLOSE_WAIT:
	case TCP_CLOSING:
	case TCP_LAST_ACK:
		tcp_send_rst(s);
		tcp_done(s, 0);
		break;
	default:
		break;
	}
	tcp_close(s);
}

enum tcp_state tcp_state(const struct tcp_sock *s) { return s->state; }

void tcp_addrs(const struct tcp_sock *s, uint32_t *laddr, uint16_t *lport, uint32_t *raddr,
	       uint16_t *rport)
{
	*laddr = s->laddr;
	*lport = s->lport;
	*raddr = s->raddr;
	*rport = s->rport;
}

void tcp_foreach(const struct node *n, void (*fn)(void *ctx, const struct tcp_sock *s),
		 void *ctx)
{
	size_t count = 0;
	for (const struct tcp_sock *s = n->tcp.socks; s; s = s->next)
		count++;
	if (!count)
		return;
	/* The list is newest first: walk it backwards. */
	const struct tcp_sock **v = wl_calloc(count, sizeof *v);
	size_t i = count;
	for (const struct tcp_sock *s = n->tcp.socks; s; s = s->next)
		v[--i] = s;
	for (i = 0; i < count; i++)
		fn(ctx, v[i]);
	free(v);
}

void tcp_queues(const struct tcp_sock *s, uint32_t *recv_q, uint32_t *send_q)
{
	if (s->state == TCP_LISTEN) {
		*recv_q = (uint32_t)s->acceptq;
		*send_q = (uint32_t)s->backlog;
		return;
	}
	*recv_q = s->rlen;
	*send_q = s->slen;
}
