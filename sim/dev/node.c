/* node.c — nodes (namespaces): creation, devices, local addresses. */
#include "dev/node.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node_files.h"
#include "net/nf.h"
#include "proc/proc.h"
#include "util/die.h"
#include "util/units.h"

const char *node_role_name(enum node_role r)
{
	switch (r) {
	case NODE_HOST: return "host";
	case NODE_ROUTER: return "router";
	case NODE_SWITCH: return "switch";
	}
	return "?";
}

static bool valid_node_name(const char *name)
{
	size_t len = strlen(name);
	if (len == 0 || len >= NODE_NAME_MAX)
		return false;
	for (const char *c = name; *c; c++) {
		bool ok = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
			  (*c >= '0' && *c <= '9') || *c == '_' || *c == '-' || *c == '.';
		if (!ok)
			return false;
	}
	return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

struct node *node_new(struct world *w, const char *name, enum node_role role)
{
	if (!valid_node_name(name)) {
		world_errf(w, -EINVAL,
			   "bad node name \"%s\": expected 1 to %d letters, digits, '_', '-' or '.'",
			   name, NODE_NAME_MAX - 1);
		return NULL;
	}
	if (world_node(w, name)) {
		world_errf(w, -EEXIST, "a node named \"%s\" already exists", name);
		return NULL;
	}
	struct node *n = wl_calloc(1, sizeof *n);
	snprintf(n->name, sizeof n->name, "%s", name);
	n->w = w;
	n->role = role;
	n->next_ifindex = 1;
	route_table_init(&n->routes);
	neigh_table_init(&n->neigh);
	sysctl_defaults(&n->sysctl);
	if (role == NODE_ROUTER)
		n->sysctl.ip_forward = 1;
	udp_table_init(&n->udp);
	tcp_table_init(&n->tcp);
	icmp_state_init(&n->icmp);
	frag_table_init(&n->frags);
	n->ip_id = (uint16_t)rng_u64(&w->rng);
	snprintf(n->hostname, sizeof n->hostname, "%s", name);
	if (w->n_nodes == w->cap_nodes) {
		w->cap_nodes = w->cap_nodes ? 2 * w->cap_nodes : 16;
		w->nodes = wl_realloc(w->nodes, w->cap_nodes * sizeof *w->nodes);
	}
	n->index = (int)w->n_nodes;
	w->nodes[w->n_nodes++] = n;
	/* lo gets 127.0.0.1/8 when it comes up, as in a new namespace. */
	n->lo = netdev_new(n, "lo", ND_LOOPBACK);
	node_files_defaults(n);
	trace_table(w, n, NULL, "node", "add", "new %s %s", node_role_name(role), name);
	return n;
}

void node_free(struct node *n)
{
	struct world *w = n->w;
	proc_kill_all(n);
	tcp_table_free(n);
	frag_table_free(n);
	nf_state_free(n);
	/* Devices in reverse order: bridges release their ports first. */
	while (n->n_devs)
		netdev_del(n->devs[n->n_devs - 1]);
	neigh_table_free(n);
	route_table_free(&n->routes);
	udp_table_free(&n->udp);
	icmp_state_free(&n->icmp);
	free(n->devs);
	node_files_free(n);
	for (size_t i = 0; i < w->n_nodes; i++) {
		if (w->nodes[i]->machine == n)
			w->nodes[i]->machine = NULL;
	}
	for (size_t i = 0; i < w->n_nodes; i++) {
		if (w->nodes[i] == n) {
			memmove(&w->nodes[i], &w->nodes[i + 1], (w->n_nodes - i - 1) * sizeof *w->nodes);
			w->n_nodes--;
			break;
		}
	}
	for (size_t i = 0; i < w->n_nodes; i++)
		w->nodes[i]->index = (int)i;
	free(n);
}

void node_attach_dev(struct node *n, struct netdev *dev)
{
	if (n->n_devs == n->cap_devs) {
		n->cap_devs = n->cap_devs ? 2 * n->cap_devs : 4;
		n->devs = wl_realloc(n->devs, n->cap_devs * sizeof *n->devs);
	}
	/* Keep ifindex order so listings match `ip link`. */
	size_t i = n->n_devs;
	while (i > 0 && n->devs[i - 1]->ifindex > dev->ifindex) {
		n->devs[i] = n->devs[i - 1];
		i--;
	}
	n->devs[i] = dev;
	n->n_devs++;
	dev->node = n;
}

void node_detach_dev(struct node *n, struct netdev *dev)
{
	for (size_t i = 0; i < n->n_devs; i++) {
		if (n->devs[i] == dev) {
			memmove(&n->devs[i], &n->devs[i + 1], (n->n_devs - i - 1) * sizeof *n->devs);
			n->n_devs--;
			break;
		}
	}
	if (n->lo == dev)
		n->lo = NULL;
}

struct netdev *node_dev(const struct node *n, const char *name)
{
	for (size_t i = 0; i < n->n_devs; i++)
		if (strcmp(n->devs[i]->name, name) == 0)
			return n->devs[i];
	return NULL;
}

struct netdev *node_dev_by_index(const struct node *n, int ifindex)
{
	for (size_t i = 0; i < n->n_devs; i++)
		if (n->devs[i]->ifindex == ifindex)
			return n->devs[i];
	return NULL;
}

void node_next_dev_name(const struct node *n, const char *prefix, char out[16])
{
	for (int i = 0;; i++) {
		snprintf(out, 16, "%s%d", prefix, i);
		if (!node_dev(n, out))
			return;
	}
}

bool node_is_local_addr(const struct node *n, uint32_t addr)
{
	/* 127.0.0.0/8 belongs to lo as a whole (its "local" route covers it). */
	if ((addr >> 24) == 127)
		return n->lo && n->lo->up;
	/* An address on a device that is down has lost its local route. */
	for (size_t i = 0; i < n->n_devs; i++) {
		if (!n->devs[i]->up)
			continue;
		for (const struct ifaddr *a = n->devs[i]->addrs; a; a = a->next)
			if (a->addr == addr)
				return true;
	}
	return false;
}

bool node_is_broadcast_addr(const struct node *n, uint32_t addr)
{
	if (addr == 0xffffffffu)
		return true;
	for (size_t i = 0; i < n->n_devs; i++)
		for (const struct ifaddr *a = n->devs[i]->addrs; a; a = a->next)
			if (a->brd && a->brd == addr)
				return true;
	return false;
}

struct node *node_machine(struct node *n)
{
	return n->machine ? n->machine : n;
}

struct node *node_netns_add(struct node *m, const char *name)
{
	struct world *w = m->w;
	if (world_node(w, name)) {
		world_errf(w, -EEXIST, "Cannot create namespace file \"/run/netns/%s\": File exists",
			   name);
		return NULL;
	}
	struct node *ns = node_new(w, name, NODE_HOST);
	if (!ns)
		return NULL;
	ns->machine = node_machine(m);
	node_files_free(ns);    /* it reads its machine's */
	return ns;
}
