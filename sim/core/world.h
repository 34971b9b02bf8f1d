/* world.h — the one object that holds a simulation.
 *
 * There are no globals in the engine: every node, link, packet, timer and
 * random draw belongs to a world, so tests can make and destroy as many
 * worlds as they like in one process.
 *
 * Configuration calls elsewhere return 0 or a negative errno-style code and
 * leave a readable message in the world (world_error()).  The data plane
 * never returns errors: it drops with a reason (trace.h).
 */
#ifndef WL_WORLD_H
#define WL_WORLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/pkt.h"
#include "core/rng.h"
#include "core/trace.h"

struct node;
struct link;
struct netdev;
struct cmd_ext;

#define NS_PER_US 1000LL
#define NS_PER_MS 1000000LL
#define NS_PER_S 1000000000LL

struct world_stats {
	uint64_t events;                /* events fired */
	uint64_t frames;                /* completed transmissions, one per device (WORKLOADS.md) */
	uint64_t drops[DROP__COUNT];
};

struct world {
	int64_t now_ns;
	uint64_t next_seq;
	struct ev_heap heap;
	struct ev *call_free;           /* free list of ev_call closures */
	struct rng rng;
	uint64_t seed;
	struct trace trace;
	struct pkt_pool pool;
	struct world_stats stats;

	struct node **nodes;            /* in creation order: that order is part of determinism */
	size_t n_nodes, cap_nodes;
	struct link **links;
	size_t n_links, cap_links;
	uint32_t next_ifindex_seed;

	/* Foreground activity the run waits for: running foreground
	 * processes, a scenario's unfinished script.  Timers of the stack
	 * (ARP, bridge ageing) do not keep a run alive. */
	int busy;
	int next_pid;
	/* Something outside the engine (a scenario) asked the loop to stop. */
	bool stop;
	/* Commands registered by a client of the command layer (the Lua
	 * binding's `docker`): sim/cmd/cmd_ext.c.  Whoever registers them
	 * frees them with cmd_ext_clear() before world_free(). */
	struct cmd_ext *cmd_ext;
	char err[512];
};

struct world *world_new(uint64_t seed);
/* Frees every node, link, pending event and packet. */
void world_free(struct world *w);

enum world_stop {
	WS_IDLE = 0,         /* no event left */
	WS_UNTIL,            /* reached until_ns */
	WS_MAX_EVENTS,       /* fired max_events events */
	WS_STOPPED,          /* world->stop was set */
};

/* Fire events in (time, seq) order until one of the stop conditions.
 * until_ns < 0 means no time limit, max_events 0 means no event limit.
 * Events at exactly until_ns still fire; now_ns ends at until_ns when
 * stopping for WS_UNTIL. */
enum world_stop world_run(struct world *w, int64_t until_ns, uint64_t max_events);

/* Fire the next event only.  Returns false when the queue is empty. */
bool world_step(struct world *w);

/* Time of the next pending event, or -1. */
int64_t world_next_time(const struct world *w);

/* The wall clock a run shows (dig's WHEN, an HTTP Date header, an access
 * log): simulated time 0 is this instant, 2025-01-01 00:00:00 UTC, so the
 * same run prints the same dates. */
#define WL_WALL_EPOCH_S 1735689600LL
static inline int64_t world_wall_s(const struct world *w) { return WL_WALL_EPOCH_S + w->now_ns / 1000000000; }

/* Record a configuration error: stores the message and returns code (< 0). */
int world_errf(struct world *w, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *world_error(const struct world *w);

/* Drop every packet in flight to dev (it is being deleted).  O(pending
 * events): deletion is rare, delivery is not. */
void world_drop_inflight(struct world *w, const struct netdev *dev);

/* Look up a node by name; NULL when absent. */
struct node *world_node(const struct world *w, const char *name);

#endif
