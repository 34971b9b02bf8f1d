/* route.h — the IPv4 routing table of a node (`ip route`, table main).
 *
 * Lookup is longest-prefix match, ties broken by the lowest metric, then by
 * age (the older route wins), skipping routes whose device is down.  /0
 * (default) and /32 (host routes) are ordinary prefixes.  Local addresses
 * are answered by node_is_local_addr() before the table is consulted, which
 * is what Linux's local table does.
 *
 * Connected routes ("proto kernel scope link src A") are added when an
 * address is added to a device that is up, or when the device comes up;
 * every route through a device goes away when it goes down (IPv4 flushes
 * them, as Linux does).
 */
#ifndef WL_ROUTE_H
#define WL_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct node;
struct netdev;

enum rt_type { RT_UNICAST = 0, RT_BLACKHOLE, RT_UNREACHABLE, RT_PROHIBIT };
/* Values are rtnetlink's, so `proto 4` prints as "static". */
enum rt_proto { RTP_UNSPEC = 0, RTP_REDIRECT = 1, RTP_KERNEL = 2, RTP_BOOT = 3, RTP_STATIC = 4 };
enum rt_scope { RTS_UNIVERSE = 0, RTS_LINK = 253, RTS_HOST = 254 };

struct route {
	uint32_t dst;                   /* network, host order, host bits clear */
	int plen;
	uint32_t gw;                    /* 0: directly connected */
	struct netdev *dev;             /* NULL only for blackhole/unreachable/prohibit */
	uint32_t metric;
	uint32_t prefsrc;               /* 0: none */
	enum rt_type type;
	uint8_t proto;
	uint8_t scope;
	uint64_t seq;                   /* insertion order */
};

struct route_table {
	struct route *v;                /* in `ip route` order: dst, plen desc, metric, age */
	size_t n, cap;
	uint64_t next_seq;
};

#define ROUTE_EXCL    1   /* fail with -EEXIST when the same (dst, metric) exists: `ip route add` */
#define ROUTE_REPLACE 2   /* replace it: `ip route replace` */

void route_table_init(struct route_table *t);
void route_table_free(struct route_table *t);

/* Add a route.  For a gateway route with no device, the device is the one
 * whose connected route holds the gateway; a gateway not on a connected
 * network is refused with -ENETUNREACH and "Error: Nexthop has invalid
 * gateway." (as iproute2 prints the kernel's extack).  Emits a table trace. */
int route_add(struct node *n, const struct route *r, int flags);
/* Delete the first route matching dst/plen and, when given (non-zero/non-NULL),
 * gw, dev and metric.  -ESRCH with "RTNETLINK answers: No such process". */
int route_del(struct node *n, const struct route *match, bool match_gw, bool match_dev,
	      bool match_metric);
/* Remove every route through dev (link down, device deleted). */
void route_flush_dev(struct node *n, const struct netdev *dev);
/* Add the connected routes of dev's addresses (device came up). */
void route_add_connected(struct node *n, struct netdev *dev);

/* Longest-prefix match; NULL when nothing matches. */
const struct route *route_lookup(const struct node *n, uint32_t dst);

/* Words as iproute2 prints them. */
const char *route_proto_name(unsigned proto);
const char *route_scope_name(unsigned scope);
const char *route_type_name(enum rt_type t);

#endif
