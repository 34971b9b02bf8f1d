/* bridge.h — the Linux bridge: a learning switch (IEEE 802.1D without STP).
 *
 * For a frame arriving on port P (net/bridge/br_input.c):
 *   1. learn: a unicast source MAC is recorded against P (moved if it was
 *      elsewhere) and its age reset;
 *   2. broadcast or multicast: flood to every other port, and pass a copy
 *      up to the bridge's own stack;
 *   3. unicast to a local address (the bridge's or a port's own MAC):
 *      pass up to the bridge's own stack;
 *   4. unicast found in the FDB: send on that port, or drop if that port is
 *      P (filtered: never back out of the ingress port);
 *   5. unicast unknown: flood to every other port.
 * Entries age out after ageing_time (300 s) without traffic from that MAC.
 * STP is off, as it is by default, so ports forward at once.
 * The bridge device's MAC follows the lowest port MAC unless set by hand.
 */
#ifndef WL_BRIDGE_H
#define WL_BRIDGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/event.h"

struct node;
struct netdev;
struct pkt;

struct fdb_entry {
	uint8_t mac[6];
	struct netdev *port;
	bool is_local;                  /* the bridge's or a port's own address */
	int64_t updated_ns;
	struct fdb_entry *hnext;
};

struct bridge {
	struct netdev *dev;
	struct netdev **ports;
	int n_ports, cap_ports;
	int next_port_no;
	int64_t ageing_ns;              /* 300 s */
	bool mac_set;                   /* MAC set by hand: do not follow the ports */
	struct fdb_entry **buckets;
	uint32_t n_buckets, count;
	struct ev gc;                   /* ageing: fires at the next expiry */
};

/* Make dev (kind ND_BRIDGE) a bridge. */
void bridge_init(struct netdev *dev);
void bridge_fini(struct netdev *dev);

/* Enslave port to the bridge (`ip link set PORT master BR`).  The port must
 * be an eth or veth device on the same node and not already enslaved. */
int bridge_add_port(struct netdev *br, struct netdev *port);
int bridge_del_port(struct netdev *br, struct netdev *port);

/* A frame arrived on a port.  Consumes p. */
void bridge_port_input(struct netdev *port, struct pkt *p);
/* The bridge device's xmit hook (frames from its own stack). */
void bridge_dev_xmit(struct netdev *br, struct pkt *p);

/* dev (a bridge or one of its ports) changed its MAC from old: move its
 * local FDB entry (and let the bridge follow its lowest port). */
void bridge_mac_changed(struct netdev *dev, const uint8_t old[6]);

/* Forget every dynamic entry on port (port down or removed). */
void bridge_fdb_flush_port(struct netdev *br, const struct netdev *port);
const struct fdb_entry *bridge_fdb_find(const struct bridge *b, const uint8_t mac[6]);
/* Visit entries in a stable order (port number, then MAC). */
void bridge_fdb_foreach(const struct bridge *b, void (*fn)(void *ctx, const struct fdb_entry *e),
			void *ctx);
/* Age of an entry in ns. */
int64_t bridge_fdb_age_ns(const struct bridge *b, const struct fdb_entry *e);

#endif
