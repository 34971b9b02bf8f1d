/* icmp.h — ICMP (RFC 792) on a node: echo, and the errors the stack sends.
 *
 * Errors follow Linux's icmp_send(): never about an ICMP error, a
 * broadcast or multicast, a fragment other than the first, or a packet from
 * 0.0.0.0; they quote the offending IP header and as much of the packet as
 * fits in a 576-byte datagram (RFC 1812 4.3.2.3; RFC 792 asks for at least
 * the header and 8 bytes); their source is the address the node would use
 * to reach the original sender; and they are rate limited per destination
 * by a token bucket (icmp_ratelimit, 1 s, burst 6), except when sent to the
 * node itself.  Route errors pass ip_error()'s limiter first, which shares
 * the bucket: at one packet a second only the first four get an answer,
 * as on Linux. */
#ifndef WL_ICMP_NET_H
#define WL_ICMP_NET_H

#include <stdbool.h>
#include <stdint.h>

struct node;
struct netdev;
struct pkt;

/* An ICMP "socket" for ping: echo replies and errors quoting our echo
 * requests come back to it, matched by identifier. */
struct icmp_sock {
	struct node *node;
	uint16_t id;
	void (*on_reply)(void *ctx, uint32_t from, uint16_t seq, uint8_t ttl,
			 const uint8_t *data, uint32_t len);
	/* mtu: the next-hop MTU of a "fragmentation needed" (RFC 1191), else 0. */
	void (*on_error)(void *ctx, uint32_t from, uint8_t type, uint8_t code, uint16_t seq,
			 uint16_t mtu);
	void *ctx;
	struct icmp_sock *next;
};

struct icmp_peer {                      /* rate-limit bucket for one destination */
	uint32_t addr;
	int64_t tokens_ns;
	int64_t last_ns;
	struct icmp_peer *next;
};

struct icmp_state {
	struct icmp_sock *socks;
	struct icmp_peer *peers;
};

void icmp_state_init(struct icmp_state *s);
void icmp_state_free(struct icmp_state *s);

/* Deliver a received ICMP message (p->data at the IP header).  Consumes p. */
void icmp_input(struct node *n, struct netdev *dev, struct pkt *p);

/* Send an ICMP error about `orig` (data at its IP header; not consumed). */
void icmp_send_error(struct node *n, const struct pkt *orig, uint8_t type, uint8_t code);

/* Destination unreachable, fragmentation needed, with the next-hop MTU
 * (RFC 1191): the MTU of the device the packet could not leave by. */
void icmp_send_frag_needed(struct node *n, const struct pkt *orig, uint32_t mtu);

/* ip_error()'s own limiter for errors a route lookup produces (no route,
 * unreachable, prohibit): one per second per source, burst five, drawn
 * from the same bucket icmp_send uses.  True when one may be sent. */
bool icmp_route_error_allow(struct node *n, uint32_t src);

/* Ping sockets.  icmp_open picks a free identifier from the world's
 * generator (like a process id). */
struct icmp_sock *icmp_open(struct node *n);
void icmp_close(struct icmp_sock *s);
/* Send an echo request.  Returns 0, or -ENETUNREACH when there is no route
 * (nothing is sent, as a host with no route sends nothing). */
int icmp_send_echo(struct icmp_sock *s, uint32_t dst, uint16_t seq, uint8_t ttl,
		   const uint8_t *payload, uint32_t len);

#endif
