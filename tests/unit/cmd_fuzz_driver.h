/* cmd_fuzz_driver.h — run one fuzz input through the command layer.
 *
 * Shared, header-only, by the libFuzzer target (fuzz/fuzz_cmd.c, built by
 * fuzz/build.sh with clang) and the regression test that replays the
 * crashers it found (tests/unit/test_cmd_fuzz_regress.c, built by `make
 * test` / `make asan` with the project's compiler), so both see exactly the
 * same world and the same bounds.
 *
 * An input is a text of lines.  Each line runs as a command line on the
 * host h1 (cmd_line_new / cmd_line_step), unless it starts with `@NODE `:
 * then it runs on that node (`@sw bridge fdb show`, `@r1 sysctl -a`).
 * That prefix is the driver's, not the shell's.
 *
 * The world, built fresh for every input:
 *
 *     h1 eth0 10.0.0.1/24 ---+                    +--- eth0 r1 eth1 --- eth0 h3
 *     h2 eth0 10.0.0.2/24 ---+-- sw (br0) --------+    .254     10.0.1.254   10.0.1.2/24
 *     h1 veth0 <-> veth1 in namespace ns1 (made by node_netns_add on h1, so
 *     `ip -n ns1` and `ip netns exec ns1` find it), all up, lo up.
 *     h1, h2 default via 10.0.0.254; h3 default via 10.0.1.254; r1 forwards.
 *
 * No input can hang it: a line waiting for a process (ping -c 1000000000,
 * sleep 99999999) gets at most FZ_LINE_EVENTS events and FZ_LINE_NS of
 * simulated time, then the process is killed as a ^C would; after each
 * line the world settles for at most FZ_SETTLE_NS / FZ_SETTLE_EVENTS; the
 * whole input gets at most FZ_INPUT_EVENTS events (past them a waiting
 * process is killed at once), so an input runs in well under a second.
 * Then h1, ns1 and every node the input made run the listing commands
 * (fz_observers: ip link/addr/route/neigh, bridge, route -n, arp -n) so
 * that whatever odd state the input built gets printed, and the world is
 * freed, which asserts that no packet leaked.
 *
 * An exit status outside 0..255 is treated as a crash: no real tool can
 * return one, so it is a bug in the command (abort()).
 */
#ifndef WL_CMD_FUZZ_DRIVER_H
#define WL_CMD_FUZZ_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/world.h"
#include "dev/bridge.h"
#include "dev/link.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/route.h"
#include "net/sysctl.h"
#include "proc/proc.h"
#include "util/units.h"

#define FZ_LINE_EVENTS 20000u           /* events a waiting line may use */
#define FZ_LINE_NS (300LL * NS_PER_S)   /* simulated time a waiting line may use */
#define FZ_SETTLE_EVENTS 2000u
#define FZ_SETTLE_NS (2LL * NS_PER_S)
#define FZ_INPUT_EVENTS 200000u        /* events all lines of an input may use */
#define FZ_MAX_LINES 256

/* Setup failures are the driver's own bugs (or an engine API that changed):
 * say so loudly, they are not findings about the command layer. */
static inline void fz_need(bool ok, struct world *w, const char *what)
{
	if (!ok) {
		fprintf(stderr, "cmd_fuzz_driver: cannot build the world: %s: %s\n", what,
			w ? world_error(w) : "");
		abort();
	}
}

static inline struct node *fz_host(struct world *w, const char *name, enum node_role role)
{
	struct node *n = node_new(w, name, role);
	fz_need(n != NULL, w, name);
	netdev_set_up(n->lo, true);
	return n;
}

static inline struct netdev *fz_eth(struct world *w, struct node *n)
{
	char name[16];
	node_next_dev_name(n, "eth", name);
	struct netdev *d = netdev_new(n, name, ND_ETH);
	fz_need(d != NULL, w, name);
	struct netdev *br = node_dev(n, "br0");
	if (br && n->role == NODE_SWITCH)
		fz_need(bridge_add_port(br, d) == 0, w, "bridge_add_port");
	return d;
}

static inline void fz_cable(struct world *w, struct node *a, struct node *b)
{
	struct netdev *da = fz_eth(w, a), *db = fz_eth(w, b);
	struct link_params lp;
	link_params_default(&lp);
	fz_need(link_connect(w, da, db, &lp) != NULL, w, "link_connect");
	netdev_set_up(da, true);
	netdev_set_up(db, true);
}

static inline void fz_addr(struct world *w, struct node *n, const char *dev, const char *prefix)
{
	uint32_t a;
	int plen;
	char err[128];
	fz_need(units_parse_prefix(prefix, &a, &plen, err, sizeof err) == 0, w, prefix);
	struct netdev *d = node_dev(n, dev);
	fz_need(d != NULL, w, dev);
	fz_need(netdev_addr_add(d, a, plen) == 0, w, prefix);
}

static inline void fz_default(struct world *w, struct node *n, const char *via)
{
	struct route r = { 0 };
	char err[128];
	fz_need(units_parse_ipv4(via, &r.gw, err, sizeof err) == 0, w, via);
	r.proto = RTP_BOOT;
	fz_need(route_add(n, &r, ROUTE_EXCL) == 0, w, "default route");
}

static inline struct world *fz_world(void)
{
	struct world *w = world_new(1);
	struct node *h1 = fz_host(w, "h1", NODE_HOST);
	struct node *h2 = fz_host(w, "h2", NODE_HOST);
	struct node *sw = fz_host(w, "sw", NODE_SWITCH);
	struct netdev *br = netdev_new(sw, "br0", ND_BRIDGE);
	fz_need(br != NULL, w, "br0");
	netdev_set_up(br, true);
	struct node *r1 = fz_host(w, "r1", NODE_ROUTER);
	struct node *h3 = fz_host(w, "h3", NODE_HOST);

	fz_cable(w, h1, sw);    /* h1 eth0 - sw eth0 */
	fz_cable(w, h2, sw);    /* h2 eth0 - sw eth1 */
	fz_cable(w, r1, sw);    /* r1 eth0 - sw eth2 */
	fz_cable(w, r1, h3);    /* r1 eth1 - h3 eth0 */
	fz_addr(w, h1, "eth0", "10.0.0.1/24");
	fz_addr(w, h2, "eth0", "10.0.0.2/24");
	fz_addr(w, r1, "eth0", "10.0.0.254/24");
	fz_addr(w, r1, "eth1", "10.0.1.254/24");
	fz_addr(w, h3, "eth0", "10.0.1.2/24");
	fz_need(sysctl_set(r1, "net.ipv4.ip_forward", 1) == 0, w, "ip_forward");
	fz_default(w, h1, "10.0.0.254");
	fz_default(w, h2, "10.0.0.254");
	fz_default(w, h3, "10.0.1.254");

	/* A namespace of h1's, as `ip netns add ns1` makes it, joined by a veth. */
	struct node *ns1 = node_netns_add(h1, "ns1");
	fz_need(ns1 != NULL, w, "node_netns_add ns1");
	netdev_set_up(ns1->lo, true);
	struct netdev *v0 = netdev_veth_pair(h1, "veth0", ns1, "veth1");
	fz_need(v0 != NULL, w, "netdev_veth_pair");
	netdev_set_up(v0, true);
	netdev_set_up(node_dev(ns1, "veth1"), true);
	fz_addr(w, h1, "veth0", "192.168.15.1/24");
	fz_addr(w, ns1, "veth1", "192.168.15.2/24");
	return w;
}

/* Let a waiting line's process run, within the bounds; kill it past them. */
static inline void fz_wait(struct world *w, struct proc *p, uint64_t *budget)
{
	int64_t deadline = w->now_ns + FZ_LINE_NS;
	uint32_t events = 0;
	while (p->running && events < FZ_LINE_EVENTS && *budget > 0) {
		int64_t t = world_next_time(w);
		if (t < 0 || t > deadline)
			break;
		world_step(w);
		events++;
		--*budget;
	}
	if (p->running)
		proc_kill(p);
}

/* Run one line on the node it names (or h1). */
static inline void fz_line(struct world *w, const char *line, uint64_t *budget)
{
	struct node *n = world_node(w, "h1");
	if (line[0] == '@') {
		size_t k = strcspn(line + 1, " \t");
		char name[NODE_NAME_MAX];
		if (k == 0 || k >= sizeof name)
			return;
		memcpy(name, line + 1, k);
		name[k] = '\0';
		n = world_node(w, name);
		if (!n)
			return;
		line += 1 + k;
	}
	struct cmd_line *cl = cmd_line_new(w, n, line);
	int guard = 0;
	while (!cmd_line_step(cl)) {
		struct proc *p = cmd_line_waiting(cl);
		if (!p) {
			fprintf(stderr, "cmd_fuzz_driver: cmd_line_step returned false with no "
					"process to wait for\n");
			abort();
		}
		fz_wait(w, p, budget);
		/* A line holds at most a few hundred commands (max_len 512). */
		if (++guard > 100000) {
			fprintf(stderr, "cmd_fuzz_driver: a line never finishes\n");
			abort();
		}
	}
	/* What a caller does with the output: read it whole. */
	volatile size_t sink = strlen(cmd_line_stdout(cl)) + strlen(cmd_line_stderr(cl));
	(void)sink;
	int st = cmd_line_status(cl);
	if (st < 0 || st > 255) {
		fprintf(stderr, "cmd_fuzz_driver: exit status %d out of 0..255 for line: %s\n", st,
			line);
		abort();
	}
	cmd_line_free(cl);
	uint64_t before = w->stats.events;
	uint64_t settle = *budget < FZ_SETTLE_EVENTS ? *budget : FZ_SETTLE_EVENTS;
	if (settle)
		world_run(w, w->now_ns + FZ_SETTLE_NS, settle);
	uint64_t used = w->stats.events - before;
	*budget -= used < *budget ? used : *budget;
}

/* What the input left behind, printed by every listing command on every
 * node (namespaces the input made too): the fuzzer finds odd states, the
 * listings must print them without crashing. */
static const char *const fz_observers[] = {
	"ip -s -s -d link show", "ip -br link", "ip addr show", "ip -br -4 addr",
	"ip route show table all", "ip neigh show", "ip netns list", "bridge fdb show",
	"bridge link show", "route -n", "arp -n", "cat /etc/hosts /proc/sys/net/ipv4/ip_forward",
	NULL,
};

static inline void fz_observe(struct world *w, size_t n_initial, uint64_t *budget)
{
	/* h1 and ns1, where lines run, and every node the input made: the
	 * others change only through `@NODE` lines, and listing all of them
	 * every time costs the fuzzer most of its speed. */
	for (size_t i = 0; i < w->n_nodes; i++) {
		struct node *n = w->nodes[i];
		if (i < n_initial && strcmp(n->name, "h1") != 0 && strcmp(n->name, "ns1") != 0)
			continue;
		char name[NODE_NAME_MAX];
		snprintf(name, sizeof name, "%s", n->name);
		for (int k = 0; fz_observers[k]; k++) {
			/* A listing deletes nothing, but look the node up by name anyway. */
			if (!world_node(w, name))
				break;
			char line[160];
			snprintf(line, sizeof line, "@%s %s", name, fz_observers[k]);
			fz_line(w, line, budget);
		}
	}
}

/* The whole input: a fresh world, every line, then world_free(). */
static inline void cmd_fuzz_run(const uint8_t *data, size_t size)
{
	struct world *w = fz_world();
	size_t n_initial = w->n_nodes;
	uint64_t budget = FZ_INPUT_EVENTS;
	char *buf = malloc(size + 1);
	fz_need(buf != NULL, NULL, "out of memory");
	memcpy(buf, data, size);
	buf[size] = '\0';
	int lines = 0;
	char *p = buf, *end = buf + size;
	while (p <= end && lines < FZ_MAX_LINES) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		if (nl)
			*nl = '\0';
		/* A NUL inside a line ends it, as it would for a C string. */
		fz_line(w, p, &budget);
		lines++;
		if (!nl)
			break;
		p = nl + 1;
	}
	free(buf);
	fz_observe(w, n_initial, &budget);
	world_free(w);
}

#endif
