/* stack.h — the IPv4 layer of a node: receive, forward, send.
 *
 * Receive (RFC 1122 3.3, RFC 1812 5.2-5.3, Linux ip_rcv/ip_route_input):
 *   1. check the header and its checksum, drop malformed packets;
 *   2. addressed to one of our addresses (any device) or a broadcast ->
 *      deliver up (ICMP, UDP);
 *   3. otherwise look for a route.  With net.ipv4.ip_forward = 0 the packet
 *      is dropped SILENTLY (Linux's ip_error() counts InAddrErrors and
 *      sends nothing);
 *   4. no route -> ICMP destination unreachable (net);
 *   5. TTL <= 1 -> ICMP time exceeded; else decrement and send on.
 * Send: route lookup (no route = -ENETUNREACH, nothing sent), choose the
 * source address, build the header, resolve the next hop (neigh.h).
 */
#ifndef WL_STACK_H
#define WL_STACK_H

#include <stdint.h>

struct node;
struct netdev;
struct pkt;

/* A frame reached the stack on dev (p->data at the Ethernet header).
 * Consumes p. */
void stack_eth_input(struct node *n, struct netdev *dev, struct pkt *p);

/* Receive an IPv4 packet (p->data at the IP header). Consumes p. */
void ip_input(struct node *n, struct netdev *dev, struct pkt *p);

struct ip_send {
	uint32_t src;           /* 0: chosen from the route */
	uint32_t dst;
	uint8_t proto;
	uint8_t ttl;            /* 0: net.ipv4.ip_default_ttl */
	uint8_t tos;
	uint16_t frag;          /* flags as on the wire, e.g. IPV4_DF */
};

/* Send a locally generated packet whose p->data is the transport header.
 * Consumes p.  Returns 0, or -ENETUNREACH (no route; nothing sent),
 * -EHOSTUNREACH / -EACCES / -EINVAL for unreachable / prohibit / blackhole
 * routes, as connect() would report them. */
int ip_send(struct node *n, struct pkt *p, const struct ip_send *o);

/* Transmit an IPv4 packet (data at the IP header) through dev towards
 * nexthop, resolving it with ARP.  Consumes p.  Used by forwarding too. */
void ip_output(struct node *n, struct netdev *dev, uint32_t nexthop, struct pkt *p);

/* What connect() would say about sending to dst: 0, or -ENETUNREACH,
 * -EHOSTUNREACH, -EACCES, -EINVAL as for ip_send(). */
int ip_route_check(const struct node *n, uint32_t dst);

/* The source address a packet to dst would get (0 if no route). */
uint32_t ip_select_src(const struct node *n, uint32_t dst);

#endif
