/* tcp.h — TCP sockets (RFC 9293) on a node: the API processes use.
 *
 * Callback-driven, like udp.h: a process never blocks, it is told.
 *
 *   listener = tcp_listen(n, 0, 80, backlog, &cb, ctx)
 *       cb.on_accept(ctx, listener, child) for each connection that
 *       completed the handshake (the child starts with the listener's
 *       callbacks and context; tcp_set_cb() gives it its own).
 *   s = tcp_connect(n, dst, 80, &cb, ctx)
 *       cb.on_connected(ctx, s) when the handshake completes, or
 *       cb.on_error(ctx, s, -ECONNREFUSED | -ETIMEDOUT | -EHOSTUNREACH ...).
 *   tcp_send(s, data, len)     queues bytes (returns how many fit in the
 *                              send buffer; cb.on_writable says when more fit)
 *   cb.on_readable(ctx, s)     data arrived: tcp_recv(s, buf, cap) takes it
 *                              (read until it returns 0: the next call
 *                              comes only when more data arrives; what is
 *                              left unread keeps the window closed, and
 *                              tcp_close() with unread data sends RST)
 *   cb.on_eof(ctx, s)          the peer sent FIN and everything before it
 *                              has been read
 *   cb.on_error(ctx, s, err)   reset (-ECONNRESET), timeout (-ETIMEDOUT),
 *                              refused; no more callbacks but tcp_close()
 *   tcp_shutdown(s)            SHUT_WR: FIN after the queued data
 *   tcp_close(s)               the process lets go of s (always call it
 *                              exactly once, for every socket it was
 *                              given); the connection finishes on its own
 *                              (FIN, TIME_WAIT), or is reset when unread
 *                              data remains, as Linux does.
 *
 * No callback is made from inside the call that caused it (tcp_send,
 * tcp_connect, tcp_close): callbacks come from the event loop, so a
 * process never re-enters itself.
 *
 * Sequence numbers (ISN) and ephemeral ports come from the world's seeded
 * generator: same seed, same bytes.
 *
 * Buffers: tcp_send() queues at least 64 KiB not yet acknowledged (more
 * as the congestion window grows, up to 2 MiB); the receive side holds 64
 * KiB the application has not read at first, more once the application
 * reads fast (autotuning, up to 3 MiB).  What the implementation models
 * and leaves out is listed in tcp.c.
 */
#ifndef WL_TCP_H
#define WL_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct node;
struct pkt;
struct netdev;
struct tcp_sock;

enum tcp_state {
	TCP_CLOSED, TCP_LISTEN, TCP_SYN_SENT, TCP_SYN_RECEIVED, TCP_ESTABLISHED,
	TCP_FIN_WAIT_1, TCP_FIN_WAIT_2, TCP_CLOSE_WAIT, TCP_CLOSING, TCP_LAST_ACK,
	TCP_TIME_WAIT,
};

struct tcp_cb {
	void (*on_accept)(void *ctx, struct tcp_sock *listener, struct tcp_sock *child);
	void (*on_connected)(void *ctx, struct tcp_sock *s);
	void (*on_readable)(void *ctx, struct tcp_sock *s);
	void (*on_writable)(void *ctx, struct tcp_sock *s);
	void (*on_eof)(void *ctx, struct tcp_sock *s);
	void (*on_error)(void *ctx, struct tcp_sock *s, int err);
};

/* The node's sockets (implementation's own; processes use the functions). */
struct tcp_table {
	struct tcp_sock *socks;         /* every socket, listeners included, newest first */
	struct tcp_sock *listeners;     /* the listening ones */
	struct tcp_sock **ehash;        /* connections by 4-tuple (allocated on first use) */
	uint64_t active_opens, passive_opens, attempt_fails, estab_resets,
		 in_segs, out_segs, retrans_segs, in_errs, out_rsts;
	/* Tests only: when isn_offset_set, ISNs are isn_offset + a counter
	 * instead of drawn (to put a connection across the 2^32 wrap). */
	bool isn_offset_set;
	uint32_t isn_offset;
};

void tcp_table_init(struct tcp_table *t);
/* Free every socket without sending anything (node teardown, reboot). */
void tcp_table_free(struct node *n);

/* Listen on addr:port (addr 0 = any; port 0 = a free ephemeral port, as
 * listen() on an unbound socket picks; tcp_addrs() tells which).  NULL with
 * world_error() set ("Address already in use") when taken. */
struct tcp_sock *tcp_listen(struct node *n, uint32_t addr, uint16_t port, int backlog,
			    const struct tcp_cb *cb, void *ctx);
/* Start an active open to dst:dport from an ephemeral port (src chosen by
 * the route, as Linux does).  NULL with world_error() when it fails at
 * once: -ENETUNREACH (no route). */
struct tcp_sock *tcp_connect(struct node *n, uint32_t dst, uint16_t dport,
			     const struct tcp_cb *cb, void *ctx);
void tcp_set_cb(struct tcp_sock *s, const struct tcp_cb *cb, void *ctx);

size_t tcp_send(struct tcp_sock *s, const void *data, size_t len);
size_t tcp_recv(struct tcp_sock *s, void *buf, size_t cap);
size_t tcp_readable(const struct tcp_sock *s);
void tcp_shutdown(struct tcp_sock *s);
void tcp_close(struct tcp_sock *s);
/* Send RST now and let go (SO_LINGER 0). */
void tcp_abort(struct tcp_sock *s);
/* A listener whose application does not call accept() (on = false) lets
 * completed connections wait in its accept queue; past the backlog, new
 * SYNs are dropped (DROP_TCP_BACKLOG_FULL), as on Linux.  On by default. */
void tcp_set_accepting(struct tcp_sock *listener, bool on);
/* TCP_NODELAY: no Nagle algorithm (off by default, as on Linux). */
void tcp_set_nodelay(struct tcp_sock *s, bool on);

enum tcp_state tcp_state(const struct tcp_sock *s);
/* "ESTAB", "SYN-SENT", ... as ss(8) prints them. */
const char *tcp_state_name(enum tcp_state st);
void tcp_addrs(const struct tcp_sock *s, uint32_t *laddr, uint16_t *lport, uint32_t *raddr,
	       uint16_t *rport);

/* Every socket of the node, oldest first (what ss -ta lists), listeners
 * included; fn must not open or close sockets. */
void tcp_foreach(const struct node *n, void (*fn)(void *ctx, const struct tcp_sock *s),
		 void *ctx);
/* ss's Recv-Q and Send-Q: for a listener, the connections waiting in its
 * accept queue and its backlog; otherwise bytes received and not read, and
 * bytes sent or queued and not yet acknowledged. */
void tcp_queues(const struct tcp_sock *s, uint32_t *recv_q, uint32_t *send_q);

/* A segment for this node (p->data at the IP header).  Consumes p. */
void tcp_input(struct node *n, struct netdev *dev, struct pkt *p);
/* An ICMP error quoting a segment we sent (q at the quoted IP header). */
void tcp_err_input(struct node *n, uint32_t from, uint8_t type, uint8_t code, const uint8_t *q,
		   uint32_t qlen);

#endif
