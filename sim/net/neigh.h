/* neigh.h — the neighbour (ARP) cache, with Linux's NUD state machine.
 *
 *   (none) --packet to send--> INCOMPLETE: broadcast who-has now and every
 *            retrans_time (1 s); packets wait in a queue (unres_qlen);
 *            after mcast_solicit (3) requests with no reply -> FAILED, the
 *            queue is dropped and each sender gets ICMP host unreachable.
 *   INCOMPLETE --reply--> REACHABLE (queue flushed)
 *   REACHABLE --reachable_time passes--> STALE (still used as is)
 *   STALE --a packet is sent--> DELAY --delay_first_probe_time (5 s)
 *            without confirmation--> PROBE: unicast who-has every 1 s,
 *            ucast_solicit (3) times -> REACHABLE on a reply, else FAILED.
 *   A who-has for one of our addresses creates or refreshes the asker's
 *   entry as STALE (neigh_event_ns() in the kernel).
 *
 * reachable_time is drawn uniformly from [base/2, 3*base/2] (15-45 s),
 * one value per node redrawn every 300 s, as neigh_rand_reach_time() does.
 * Unused STALE entries stay: Linux's garbage collector leaves tables under
 * gc_thresh1 (128 entries) alone, and wirelab's tables are that small.
 */
#ifndef WL_NEIGH_H
#define WL_NEIGH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/event.h"

struct node;
struct netdev;
struct pkt;

enum nud_state {
	NUD_NONE = 0, NUD_INCOMPLETE, NUD_REACHABLE, NUD_STALE, NUD_DELAY, NUD_PROBE,
	NUD_FAILED, NUD_NOARP, NUD_PERMANENT,
};

struct neigh {
	struct node *node;
	struct netdev *dev;
	uint32_t ip;
	uint8_t mac[6];
	enum nud_state state;
	int probes;                     /* requests sent in this round, as the kernel counts */
	int64_t confirmed_ns;           /* last reply or confirmation */
	int64_t used_ns;                /* last time a packet was sent through it */
	int64_t updated_ns;             /* last state change */
	struct ev timer;
	struct pkt *q_head, *q_tail;    /* packets waiting for resolution (IP, no L2 header) */
	uint32_t q_len;
	struct neigh *hnext;
};

struct neigh_table {
	struct neigh **buckets;
	uint32_t n_buckets, count;
	int64_t reachable_ns;           /* current random reachable_time */
	int64_t reachable_drawn_ns;     /* when it was drawn */
};

void neigh_table_init(struct neigh_table *t);
/* Frees every entry, cancelling timers and freeing queued packets. */
void neigh_table_free(struct node *n);

/* Send an IPv4 packet (p->data at the IP header) to nexthop on dev:
 * resolve, queue or transmit with an Ethernet header.  Consumes p. */
void neigh_output(struct node *n, struct netdev *dev, uint32_t nexthop, struct pkt *p);

/* ARP input told us sender ip is at mac on dev.  `solicited` is true for a
 * reply addressed to us (confirms reachability), false for what we only
 * overheard or were asked by (STALE).  `create` allows a new entry. */
void neigh_learn(struct node *n, struct netdev *dev, uint32_t ip, const uint8_t mac[6],
		 bool solicited, bool create);

struct neigh *neigh_lookup(const struct node *n, const struct netdev *dev, uint32_t ip);
/* Remove every entry on dev (device down or deleted). */
void neigh_flush_dev(struct node *n, const struct netdev *dev);
/* Remove one entry; false if absent. */
bool neigh_delete(struct node *n, const struct netdev *dev, uint32_t ip);
/* Add or replace an entry by hand (`ip neigh add|replace`). */
int neigh_set(struct node *n, struct netdev *dev, uint32_t ip, const uint8_t mac[6],
	      enum nud_state state);

/* Call fn for each entry in a stable order (device ifindex, then address). */
void neigh_foreach(const struct node *n, void (*fn)(void *ctx, const struct neigh *e), void *ctx);

/* iproute2's words: "REACHABLE", "STALE", ... */
const char *neigh_state_name(enum nud_state s);

#endif
