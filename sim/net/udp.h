/* udp.h — UDP sockets (RFC 768) on a node.
 *
 * Datagrams are demultiplexed by destination port, then address (a socket
 * bound to a specific address wins over one bound to 0.0.0.0).  A datagram
 * for a port nobody holds gets ICMP port unreachable, unless it was sent to
 * a broadcast address.  Ephemeral ports come from 32768-60999
 * (net.ipv4.ip_local_port_range), starting at a random point. */
#ifndef WL_UDP_H
#define WL_UDP_H

#include <stdbool.h>
#include <stdint.h>

struct node;
struct pkt;
struct netdev;

struct udp_sock;

typedef void udp_recv_fn(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
			 const uint8_t *data, uint32_t len);
/* An ICMP error came back about a datagram this socket sent. */
typedef void udp_err_fn(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type,
			uint8_t code);

/* IP_MTU_DISCOVER, with Linux's values: what a socket's datagrams carry in
 * the DF bit.  The default is WANT (net.ipv4.ip_no_pmtu_disc = 0). */
enum udp_pmtudisc {
	UDP_PMTUDISC_DONT = 0,  /* never DF; a large datagram leaves in fragments */
	UDP_PMTUDISC_WANT = 1,  /* DF when the datagram fits the path MTU, else fragments */
	UDP_PMTUDISC_DO = 2,    /* always DF; a datagram over the path MTU fails (EMSGSIZE) */
	UDP_PMTUDISC_OMIT = 5,  /* never DF, and learned path MTUs ignored (BIND's choice
				 * against forged "fragmentation needed"; here fragments
				 * follow the learned path MTU, as with DONT: the stack's
				 * ip_send has no per-socket switch for that) */
};

struct udp_sock {
	struct node *node;
	uint32_t addr;                  /* bound address, 0 = any */
	uint16_t port;
	uint32_t peer;                  /* connect()ed peer, 0 = not connected */
	uint16_t peer_port;
	udp_recv_fn *on_recv;
	udp_err_fn *on_error;
	void *ctx;
	enum udp_pmtudisc pmtudisc;     /* set with udp_set_pmtudisc() */
	struct udp_sock *next;
};

struct udp_table {
	struct udp_sock **buckets;      /* by port */
	uint32_t n_buckets;
	uint64_t in_datagrams, no_ports, in_errors, out_datagrams;
};

void udp_table_init(struct udp_table *t);
void udp_table_free(struct udp_table *t);

/* Bind to addr:port (port 0 = an ephemeral port).  NULL with world_error()
 * "Address already in use" when taken. */
struct udp_sock *udp_bind(struct node *n, uint32_t addr, uint16_t port, udp_recv_fn *on_recv,
			  udp_err_fn *on_error, void *ctx);
void udp_close(struct udp_sock *s);

/* setsockopt(IP_MTU_DISCOVER) for the datagrams sent from now on. */
void udp_set_pmtudisc(struct udp_sock *s, enum udp_pmtudisc mode);

/* connect(2) on a UDP socket: from now on only datagrams from dst:dport
 * reach it (others go to an unconnected socket on the port, or get port
 * unreachable), and udp_send() sends there.  As Linux, the route is
 * checked now: 0, or -ENETUNREACH (the socket stays unconnected).  An
 * unbound address stays as it was (the kernel would fix the source
 * address here; wirelab picks it per datagram, the same one). */
int udp_connect(struct udp_sock *s, uint32_t dst, uint16_t dport);
/* send(2) on a connected socket: udp_sendto(s, peer, peer_port, ...). */
int udp_send(struct udp_sock *s, const void *data, uint32_t len);

/* Send a datagram.  0, or -ENETUNREACH when there is no route, -EMSGSIZE
 * when it cannot fit in one IP packet (or, with UDP_PMTUDISC_DO, in the
 * path MTU), -EPERM when a netfilter rule dropped it. */
int udp_sendto(struct udp_sock *s, uint32_t dst, uint16_t dport, const void *data, uint32_t len);

/* Deliver a received datagram (p->data at the IP header).  Consumes p. */
void udp_input(struct node *n, struct netdev *dev, struct pkt *p);
/* An ICMP error quoting a datagram we sent (q points at the quoted IP header). */
void udp_err_input(struct node *n, uint32_t from, uint8_t type, uint8_t code, const uint8_t *q,
		   uint32_t qlen);

#endif
