/* node.h — a node is a network namespace (DESIGN.md §1).
 *
 * Hosts, routers, switches and (later) containers and pods are all nodes;
 * they differ only in configuration: a router has net.ipv4.ip_forward = 1, a
 * switch holds a bridge.  A node owns its devices, its routing table, its
 * neighbour (ARP) cache, its sysctls, its sockets and its processes.
 */
#ifndef WL_NODE_H
#define WL_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/neigh.h"
#include "net/route.h"
#include "net/sysctl.h"
#include "net/udp.h"
#include "net/tcp.h"
#include "net/icmp.h"
#include "net/frag.h"

struct world;
struct netdev;
struct proc;
struct node_file;
struct nf_state;

#define NODE_NAME_MAX 32

enum node_role { NODE_HOST, NODE_ROUTER, NODE_SWITCH };

struct node {
	char name[NODE_NAME_MAX];
	struct world *w;
	int index;                      /* position in the world, creation order */
	enum node_role role;
	struct netdev **devs;           /* in ifindex order */
	size_t n_devs, cap_devs;
	int next_ifindex;
	struct netdev *lo;
	struct route_table routes;
	struct neigh_table neigh;
	/* Beside the sysctls the forwarding path reads anyway: one cache
	 * line for both (the fast path with no rules tests only this). */
	struct nf_state *nf;            /* iptables and conntrack (net/nf.h); NULL: none yet */
	struct sysctl_net sysctl;
	struct udp_table udp;
	struct tcp_table tcp;
	struct icmp_state icmp;
	struct frag_table frags;        /* reassembly queues and the path-MTU cache */
	struct proc *procs;             /* processes, newest first */
	/* A namespace made with `ip netns add` on another node belongs to that
	 * node's machine: it shares its files and hostname (ip netns creates
	 * no mount or UTS namespace) and is listed by its `ip netns`.  NULL for
	 * a machine of its own (host, router, switch). */
	struct node *machine;
	struct node_file *files;        /* this machine's files (node_files.h) */
	char hostname[65];
	uint16_t ip_id;                 /* next IPv4 identification */
	struct ipstats {
		uint64_t in_receives, in_delivers, forwarded, in_addr_errors, in_no_routes,
			 out_requests, out_no_routes;
	} ipstats;
};

/* A new node holding only `lo` (down, as in a new namespace).  Names are
 * 1..31 bytes of [A-Za-z0-9_.-] and unique in the world.  NULL with
 * world_error() set on failure. */
struct node *node_new(struct world *w, const char *name, enum node_role role);
void node_free(struct node *n);

struct netdev *node_dev(const struct node *n, const char *name);
struct netdev *node_dev_by_index(const struct node *n, int ifindex);
/* A free name "<prefix>N" with the smallest N (eth0, eth1, ...). */
void node_next_dev_name(const struct node *n, const char *prefix, char out[16]);

/* Is addr one of this node's addresses (any device: Linux's weak host model)? */
bool node_is_local_addr(const struct node *n, uint32_t addr);
/* Is addr a broadcast address of one of this node's subnets, or 255.255.255.255? */
bool node_is_broadcast_addr(const struct node *n, uint32_t addr);

/* The machine whose files and hostname n uses: n itself or its owner. */
struct node *node_machine(struct node *n);
/* A namespace made by `ip netns add NAME` on machine m: a new node holding
 * only lo (down).  NULL with world_error() as ip(8) words it. */
struct node *node_netns_add(struct node *m, const char *name);

void node_attach_dev(struct node *n, struct netdev *dev);
void node_detach_dev(struct node *n, struct netdev *dev);

const char *node_role_name(enum node_role r);

#endif
