/* tcp_int.h — TCP internals shared by tcp.c (sockets, the application's
 * calls, notifications), tcp_demux.c (which socket a segment is for, ICMP
 * errors), tcp_input.c (RFC 9293 3.10.7 segment arrival), tcp_output.c
 * (building and sending segments) and tcp_timer.c (retransmission,
 * delayed ACK, TIME_WAIT).  Not for processes: they use net/tcp.h. */
#ifndef WL_TCP_INT_H
#define WL_TCP_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "net/tcp.h"

struct ipv4_repr;
struct tcp_repr;

/* Linux's defaults (include/net/tcp.h and the tcp sysctls). */
#define TCP_RTO_INIT_NS (1000 * 1000000LL)      /* TCP_TIMEOUT_INIT, RFC 6298 2.1 */
#define TCP_RTO_MIN_NS (200 * 1000000LL)        /* TCP_RTO_MIN */
#define TCP_RTO_MAX_NS (120 * 1000000000LL)     /* TCP_RTO_MAX */
#define TCP_DELACK_NS (40 * 1000000LL)          /* TCP_DELACK_MIN (TCP_ATO_MIN) */
#define TCP_TIMEWAIT_NS (60 * 1000000000LL)     /* TCP_TIMEWAIT_LEN */
#define TCP_FIN_TIMEOUT_NS (60 * 1000000000LL)  /* net.ipv4.tcp_fin_timeout */
#define TCP_SYN_RETRIES 6                       /* net.ipv4.tcp_syn_retries */
#define TCP_SYNACK_RETRIES 5                    /* net.ipv4.tcp_synack_retries */
#define TCP_RETRIES2 15                         /* net.ipv4.tcp_retries2 */
#define TCP_INIT_CWND 10                        /* RFC 6928, TCP_INIT_CWND */
#define TCP_MAX_QUICKACKS 16
#define TCP_DEFAULT_MSS 536                     /* RFC 9293 3.7.1, no MSS option */
#define TCP_RCV_SPACE 65536u                    /* tcp_rmem[1] 131072, half for data */
#define TCP_RCV_SPACE_MAX 3145728u              /* tcp_rmem[2] 6 MB, half for data */
#define TCP_SND_BUF 65536u                      /* bytes tcp_send() queues at first */
#define TCP_SND_BUF_MAX 2097152u                /* tcp_wmem[2] 4 MB, half for data */
#define TCP_INVALID_RATELIMIT_NS (500 * 1000000LL)  /* net.ipv4.tcp_invalid_ratelimit */
#define TCP_SACKED_MAX 8                        /* SACKed ranges the sender keeps */
#define TCP_WSCALE 7                            /* what Linux offers with tcp_rmem[2] 6 MB */

/* Notifications waiting for the event loop (never made inside the call
 * that caused them). */
enum {
	TN_CONNECTED = 1u << 0, TN_ACCEPT = 1u << 1, TN_READABLE = 1u << 2,
	TN_WRITABLE = 1u << 3, TN_EOF = 1u << 4, TN_ERROR = 1u << 5,
};

/* A segment that arrived ahead of rcv_nxt, kept in sequence order. */
struct tcp_ooo {
	struct tcp_ooo *next;
	uint32_t seq, len;
	bool fin;
	uint8_t data[];
};

struct tcp_sock {
	struct node *node;
	struct tcp_sock *next, *prev;   /* n->tcp.socks */
	struct tcp_sock *hnext;         /* n->tcp.ehash chain (hashed) or n->tcp.listeners */
	bool hashed, listed;
	enum tcp_state state;
	uint32_t laddr, raddr;
	uint16_t lport, rport;
	struct tcp_cb cb;
	void *ctx;
	bool app_held;                  /* the application has it and has not called tcp_close */
	bool in_cb;                     /* inside a callback to the application */
	int err;                        /* error for on_error (negative errno) */
	int soft_err;                   /* last ICMP error (Linux sk_err_soft) */

	/* A listener and its children. */
	struct tcp_sock *listener;      /* child not yet handed to the application */
	int backlog;
	int acceptq;                    /* established children not yet handed over */
	struct tcp_sock *aq_head, *aq_tail;   /* them, oldest first (accept() order) */
	struct tcp_sock *aq_next;       /* child: next in its listener's queue */
	int synq;                       /* children still in SYN_RECEIVED */
	bool in_synq;
	bool accepting;                 /* the application "calls accept()" */
	bool in_acceptq;

	/* Send side (RFC 9293 3.3.1). */
	uint32_t iss, snd_una, snd_nxt, snd_max, snd_wnd, snd_wl1, snd_wl2, max_snd_wnd;
	uint8_t *sbuf;                  /* sbuf[soff..]: bytes from sbuf_seq on, unacknowledged then unsent */
	uint32_t soff, slen, scap, sbuf_seq;
	bool shut_wr;                   /* the application asked for FIN */
	bool fin_queued;                /* FIN is in the sequence space at fin_seq */
	uint32_t fin_seq;
	bool want_writable;             /* tcp_send() took less than offered */
	bool nodelay;
	uint16_t adv_mss;               /* the MSS we announce: egress MTU - 40 */
	uint16_t peer_mss;              /* the peer's MSS option (536 without one) */
	uint16_t mss;                   /* data bytes per segment now */
	uint8_t snd_wscale, rcv_wscale;
	bool ws_ok, ts_ok, sack_ok;
	uint32_t ts_off, ts_recent;
	uint32_t cwnd, ssthresh, recover;
	int dupacks;
	bool in_recovery;
	/* The peer's SACK blocks above snd_una (RFC 6675's scoreboard),
	 * sorted, merged; and the next sequence number loss recovery may
	 * resend (nothing below it is resent again in this episode). */
	uint32_t sacked[TCP_SACKED_MAX][2];
	unsigned n_sacked;
	uint32_t rexmit_nxt;
	int64_t srtt_ns, rttvar_ns, rto_ns;
	bool rtt_pending;
	uint32_t rtt_seq;
	int64_t rtt_start_ns;
	int retries;                    /* consecutive timeouts */
	int64_t last_oow_ack_ns;        /* last ACK sent for an invalid segment (-1: none) */
	struct ev rtx_ev;               /* retransmission and persist timer */

	/* Receive side. */
	uint32_t irs, rcv_nxt, rcv_wup, rcv_wnd, rcv_ssthresh;
	/* Receive buffer autotuning (Linux's DRS, tcp_rcv_space_adjust):
	 * rcv_space is the data the buffer holds (the window's ceiling); it
	 * grows when the application reads more per round trip than before. */
	uint32_t rcv_space, rcvq_space, rcvq_copied;
	int64_t rcvq_time_ns;
	uint8_t *rbuf;                  /* rbuf[roff..]: in-order bytes the application has not read */
	uint32_t roff, rlen, rcap;
	struct tcp_ooo *ooo;
	uint32_t ooo_bytes;
	uint32_t ooo_last;              /* seq of the latest out-of-order arrival (SACK order) */
	bool fin_rcvd;
	bool eof_told;
	int quickack;
	uint32_t rcv_unacked;           /* bytes received since our last ACK */
	bool ack_started;               /* first data seen: delayed-ACK engine on */
	struct ev delack_ev;
	struct ev wait_ev;              /* TIME_WAIT, FIN_WAIT_2 timeout */

	unsigned pend;                  /* TN_* */
	struct ev notify_ev;
};

#define TCP_OF(ptr, field) ((struct tcp_sock *)(void *)((char *)(ptr) - offsetof(struct tcp_sock, field)))

/* tcp.c */
void tcp_set_state(struct tcp_sock *s, enum tcp_state st);
void tcp_notify(struct tcp_sock *s, unsigned what);
/* The connection is over: CLOSED, timers stopped; err (if nonzero) goes to
 * the application. */
void tcp_done(struct tcp_sock *s, int err);
/* Free s if nobody needs it any more (CLOSED and let go). */
void tcp_maybe_free(struct tcp_sock *s);
struct tcp_sock *tcp_sock_new(struct node *n);
const char *tcp_rfc_state(enum tcp_state st);
/* "10.0.0.1:40000 > 10.0.0.2:80" for trace texts. */
void tcp_conn_str(const struct tcp_sock *s, char out[64]);
void tcp_compute_mss(struct tcp_sock *s);
uint32_t tcp_now_ts(const struct tcp_sock *s);
#define TCP_EHASH_SIZE 1024u
/* Make room for len more bytes after off+used in *buf (capacity *cap):
 * slide the live bytes to the front when the dead space before them is at
 * least as large as they are, else double the capacity; so each byte is
 * moved a bounded number of times. */
void tcp_buf_room(uint8_t **buf, uint32_t *off, uint32_t used, uint32_t *cap, uint32_t len);

/* tcp_demux.c.  Enter s, whose 4-tuple is set, in the connection hash;
 * take it (or a listener) out of the hash or the listener list. */
void tcp_hash(struct tcp_sock *s);
void tcp_unhash(struct tcp_sock *s);
/* The listener for dst:dport (an exact address before 0.0.0.0), or NULL. */
struct tcp_sock *tcp_find_listener(struct node *n, uint32_t dst, uint16_t dport);
/* A child completed the handshake: it joins l's accept queue. */
void tcp_acceptq_push(struct tcp_sock *l, struct tcp_sock *c);
/* A SYN reached listener l: a new connection in SYN_RECEIVED, SYN-ACK sent. */
struct tcp_sock *tcp_child_new(struct tcp_sock *l, const struct ipv4_repr *ip,
			       const struct tcp_repr *th);

/* tcp_output.c */
void tcp_output(struct tcp_sock *s);
/* Bytes tcp_send() may hold: 64 KiB, or twice the congestion window as
 * Linux's tcp_sndbuf_expand() lets it grow, up to 2 MiB. */
uint32_t tcp_sndbuf(const struct tcp_sock *s);
void tcp_send_syn(struct tcp_sock *s);
void tcp_send_ack(struct tcp_sock *s);
void tcp_send_rst(struct tcp_sock *s);
/* Send one segment starting at seq with at most max data bytes (SYN, data,
 * FIN as the sequence space says).  Returns the sequence space used. */
uint32_t tcp_send_from(struct tcp_sock *s, uint32_t seq, uint32_t max);
void tcp_send_probe(struct tcp_sock *s);
/* A RST answering a segment no socket takes (RFC 9293 3.10.7.1). */
void tcp_reply_rst(struct node *n, const struct ipv4_repr *ip, const struct tcp_repr *th,
		   uint32_t seglen);
uint32_t tcp_rcv_window(const struct tcp_sock *s);
uint32_t tcp_rcv_free(const struct tcp_sock *s);

/* tcp_output.c: loss recovery with the peer's SACK blocks. */
/* If seq is in a SACKed range, its end; else seq. */
uint32_t tcp_sacked_end(const struct tcp_sock *s, uint32_t seq);
/* Bytes from seq up to the next SACKed range (UINT32_MAX: none). */
uint32_t tcp_unsacked_run(const struct tcp_sock *s, uint32_t seq);
/* Resend the next hole below the highest SACKed byte, from rexmit_nxt on.
 * True if a segment went out. */
bool tcp_retransmit_hole(struct tcp_sock *s);

/* tcp_timer.c */
void tcp_timers_init(struct tcp_sock *s);
void tcp_timers_stop(struct tcp_sock *s);
void tcp_arm_rtx(struct tcp_sock *s);
void tcp_rtt_sample(struct tcp_sock *s, int64_t m_ns);
/* Back to the RTO of the measurements, without the backoff. */
void tcp_rto_reset(struct tcp_sock *s);
void tcp_schedule_delack(struct tcp_sock *s);
void tcp_enter_time_wait(struct tcp_sock *s);

/* tcp_input.c */
void tcp_input_sock(struct tcp_sock *s, struct netdev *dev, struct pkt *p,
		    const struct ipv4_repr *ip, const struct tcp_repr *th);

#endif
