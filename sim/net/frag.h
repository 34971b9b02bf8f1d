/* frag.h — IPv4 fragmentation and reassembly (RFC 791 §3.2, RFC 815),
 * and the path-MTU cache (RFC 1191) that decides when to fragment.
 *
 * Sending: a packet larger than the path MTU (the device's MTU, or less
 * when an ICMP "fragmentation needed" taught us so) leaves in fragments
 * when DF is clear.  Sockets ask for path-MTU discovery the way Linux's
 * default IP_PMTUDISC_WANT does: DF is set only on a packet that fits the
 * path MTU as known, so a larger one is fragmented locally (the second
 * `ping -s 1472` over a 1400-byte path goes out as 1396 + 124 bytes).
 * A router fragments what it forwards unless DF is set, in which case it
 * answers "fragmentation needed" with the next-hop MTU.
 *
 * Receiving: fragments addressed to us wait in a queue keyed by (source,
 * destination, identification, protocol) until the datagram is whole; a
 * queue not completed within ipfrag_time (30 s) is dropped, and if its
 * first fragment had come, the sender gets ICMP time exceeded (code 1).
 *
 * The cache: one entry per destination, learned from a valid "fragmentation
 * needed" quoting our own packet, never below min_pmtu (552), forgotten
 * after mtu_expires (600 s).
 */
#ifndef WL_FRAG_H
#define WL_FRAG_H

#include <stdint.h>

#include "core/event.h"

struct node;
struct netdev;
struct pkt;

struct frag_q;

struct pmtu_entry {
	uint32_t dst;
	uint32_t mtu;
	int64_t expires_ns;
	struct pmtu_entry *next;
};

struct frag_table {
	struct frag_q *queues;
	struct pmtu_entry *pmtu;
};

void frag_table_init(struct frag_table *t);
void frag_table_free(struct node *n);

/* Send p (data at a complete IP header, DF clear) through dev towards
 * nexthop in fragments of at most mtu bytes.  Consumes p. */
void ip_fragment(struct node *n, struct netdev *dev, uint32_t nexthop, struct pkt *p, uint32_t mtu);

/* A fragment addressed to us (data at the IP header).  Consumes p; returns
 * the reassembled datagram when p completed one, else NULL. */
struct pkt *ip_reassemble(struct node *n, struct netdev *dev, struct pkt *p);

/* Path MTU towards dst as far as we know: 0 when nothing is cached (the
 * route's device MTU applies); *expires_ns gets the expiry when known. */
uint32_t pmtu_get(struct node *n, uint32_t dst, int64_t *expires_ns);
/* A "fragmentation needed" said the path to dst takes only mtu bytes. */
void pmtu_learn(struct node *n, uint32_t dst, uint32_t mtu);

#endif
