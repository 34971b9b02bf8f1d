/* netdev.h — network devices, modelled on Linux's struct net_device.
 *
 * Kinds: loopback, eth (a NIC with a cable, see link.h), veth (one end of
 * a pair), bridge (see bridge.h).  Each kind supplies one hook, `xmit`,
 * that takes a complete Ethernet frame; everything above (the IP stack,
 * ARP) is the same for every kind.
 *
 * Receive path:  link/veth/loopback delivery -> netdev_receive()
 *   -> a bridge port?  bridge_port_input()   (bridge.h)
 *   -> otherwise       stack_eth_input()     (net/stack.h: ARP or IPv4)
 * Transmit path: the stack -> netdev_xmit() -> ops->xmit().
 *
 * A device that is down neither sends nor receives: frames meet a drop
 * with reason link_down.  "Operationally up" (LOWER_UP) also needs a
 * carrier: a cable whose far end is up, a veth whose peer is up.
 */
#ifndef WL_NETDEV_H
#define WL_NETDEV_H

#include <stdbool.h>
#include <stdint.h>

struct world;
struct node;
struct pkt;
struct link;
struct bridge;

#define IFNAMSIZ 16

enum netdev_kind { ND_LOOPBACK, ND_ETH, ND_VETH, ND_BRIDGE };

struct netdev_stats {
	uint64_t rx_packets, rx_bytes, rx_dropped;
	uint64_t tx_packets, tx_bytes, tx_dropped;
};

/* An IPv4 address on a device (`ip addr`). */
struct ifaddr {
	uint32_t addr;          /* host byte order */
	int plen;
	uint32_t brd;           /* broadcast address */
	struct ifaddr *next;    /* in the order added: the first of a subnet is primary */
};

struct netdev;

struct netdev_ops {
	/* Send one complete Ethernet frame.  Called by netdev_xmit() only, with
	 * the device up.  Consumes p; counts the frame and emits TR_TX when it
	 * is accepted (a full queue drops before the capture point, as on Linux). */
	void (*xmit)(struct netdev *dev, struct pkt *p);
};

struct netdev {
	char name[IFNAMSIZ];
	int ifindex;
	enum netdev_kind kind;
	const struct netdev_ops *ops;
	struct node *node;
	uint8_t mac[6];
	uint32_t mtu;
	uint32_t txqueuelen;
	bool up;                        /* administratively up (IFF_UP) */
	struct netdev *master;          /* the bridge device this is a port of */
	struct bridge *br;              /* ND_BRIDGE: the bridge itself */
	struct netdev *peer;            /* ND_VETH: the other end */
	struct link *link;              /* ND_ETH: the cable, NULL when unplugged */
	int link_end;                   /* ND_ETH: 0 or 1 */
	int port_no;                    /* as a bridge port: 1, 2, ... */
	struct ifaddr *addrs;
	struct netdev_stats stats;
	/* Owned by whichever trace consumer captures this device (the pcap
	 * writer); the engine never reads or frees it. */
	void *tap;
};

/* Create a device of a kind on node n.  Names follow IFNAMSIZ (at most 15
 * bytes, no '/' or whitespace) and must be unique on the node.  Returns NULL
 * with world_error() set on failure.  Devices start down, except loopback
 * which also starts down (as in a new namespace). */
struct netdev *netdev_new(struct node *n, const char *name, enum netdev_kind kind);
/* Delete a device: unplug it, release it from its bridge, flush its
 * addresses, routes and neighbours.  Deleting one veth end deletes both. */
void netdev_del(struct netdev *dev);

/* A veth pair: `name_a` on a and `name_b` on b (a == b is the usual
 * case), peers of each other, both down.  On a name clash nothing is made
 * and world_error() says "RTNETLINK answers: File exists".  Returns the
 * first end. */
struct netdev *netdev_veth_pair(struct node *a, const char *name_a, struct node *b,
				const char *name_b);
/* Move dev to another node (`ip link set DEV netns NS`): it arrives down,
 * without addresses, released from its bridge; it keeps its ifindex when
 * that is free there.  -EEXIST when the name is taken over there,
 * -EINVAL for loopback ("Invalid argument"), as the kernel says. */
int netdev_move(struct netdev *dev, struct node *to);
/* Rename (`ip link set DEV name NEW`): only while down (-EBUSY "Device or
 * resource busy"), to a valid free name. */
int netdev_rename(struct netdev *dev, const char *name);
/* MTU within the kind's bounds (68..65535; lo up to 2^31-1). */
int netdev_set_mtu(struct netdev *dev, uint32_t mtu);

/* Bring a device up or down.  Down flushes its neighbours and routes (the
 * connected routes come back on up), as Linux does for IPv4. */
void netdev_set_up(struct netdev *dev, bool up);
/* Up and with a carrier (Linux's LOWER_UP). */
bool netdev_oper_up(const struct netdev *dev);
bool netdev_carrier(const struct netdev *dev);

void netdev_set_mac(struct netdev *dev, const uint8_t mac[6]);

/* The stack hands a complete Ethernet frame to a device.  Consumes p. */
void netdev_xmit(struct netdev *dev, struct pkt *p);
/* A frame arrives at a device.  Consumes p. */
void netdev_receive(struct netdev *dev, struct pkt *p);

/* For kinds' xmit hooks: count the frame and emit TR_TX. */
void netdev_tap_tx(struct netdev *dev, const struct pkt *p);

/* Addresses.  Adding an existing address fails with -EEXIST and the message
 * "RTNETLINK answers: File exists". */
int netdev_addr_add(struct netdev *dev, uint32_t addr, int plen);
int netdev_addr_del(struct netdev *dev, uint32_t addr, int plen);
/* The primary address of dev, preferring one whose subnet holds `near`
 * (0 = any).  0 when the device has no address. */
uint32_t netdev_pick_src(const struct netdev *dev, uint32_t near);

const char *netdev_kind_name(enum netdev_kind k);

#endif
