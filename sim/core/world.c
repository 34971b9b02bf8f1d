/* world.c — the world object and the event loop. */
#include "core/world.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dev/link.h"
#include "dev/node.h"
#include "util/die.h"

struct world *world_new(uint64_t seed)
{
	struct world *w = wl_calloc(1, sizeof *w);
	ev_heap_init(&w->heap);
	rng_seed(&w->rng, seed);
	w->seed = seed;
	pkt_pool_init(&w->pool);
	return w;
}

void world_free(struct world *w)
{
	if (!w)
		return;
	/* Nodes first: they cancel their timers and free queued packets. */
	for (size_t i = w->n_nodes; i-- > 0;)
		node_free(w->nodes[i]);
	free(w->nodes);
	for (size_t i = 0; i < w->n_links; i++)
		link_free(w, w->links[i]);
	free(w->links);
	/* What is left in the heap: packets in flight and one-off calls. */
	ev_calls_free(w);
	for (uint32_t i = 0; i < w->heap.len; i++) {
		struct ev *ev = w->heap.items[i];
		ev->heap_idx = EV_IDLE;
		if (ev->fire == link_deliver_fire || ev->fire == netdev_local_deliver_fire) {
			struct pkt *p = (struct pkt *)ev;
			pkt_free(w, p);
		}
	}
	w->heap.len = 0;
	ev_heap_free(&w->heap);
	WL_ASSERT(w->pool.live == 0, "%llu packets leaked at world_free",
		  (unsigned long long)w->pool.live);
	pkt_pool_free(&w->pool);
	free(w);
}

bool world_step(struct world *w)
{
	struct ev *ev = ev_heap_pop(&w->heap);
	if (!ev)
		return false;
	/* Time never runs backwards (ns-3's simulator asserts the same). */
	WL_ASSERT(ev->at_ns >= w->now_ns, "time ran backwards");
	w->now_ns = ev->at_ns;
	w->stats.events++;
	ev->fire(w, ev);
	return true;
}

enum world_stop world_run(struct world *w, int64_t until_ns, uint64_t max_events)
{
	uint64_t fired = 0;
	w->stop = false;
	for (;;) {
		if (w->stop)
			return WS_STOPPED;
		struct ev *top = ev_heap_top(&w->heap);
		if (!top)
			return WS_IDLE;
		if (until_ns >= 0 && top->at_ns > until_ns) {
			w->now_ns = until_ns;
			return WS_UNTIL;
		}
		if (max_events && fired >= max_events)
			return WS_MAX_EVENTS;
		world_step(w);
		fired++;
	}
}

void world_drop_inflight(struct world *w, const struct netdev *dev)
{
	for (;;) {
		struct pkt *victim = NULL;
		for (uint32_t i = 0; i < w->heap.len && !victim; i++) {
			struct ev *ev = w->heap.items[i];
			if (ev->fire != link_deliver_fire && ev->fire != netdev_local_deliver_fire)
				continue;
			struct pkt *p = (struct pkt *)ev;
			if (p->dev == dev)
				victim = p;
		}
		if (!victim)
			return;
		ev_cancel(w, &victim->ev);
		w->stats.drops[DROP_LINK_DOWN]++;
		pkt_free(w, victim);
	}
}

int64_t world_next_time(const struct world *w)
{
	const struct ev *top = ev_heap_top(&w->heap);
	return top ? top->at_ns : -1;
}

int world_errf(struct world *w, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->err, sizeof w->err, fmt, ap);
	va_end(ap);
	return code;
}

const char *world_error(const struct world *w)
{
	return w->err;
}

struct node *world_node(const struct world *w, const char *name)
{
	for (size_t i = 0; i < w->n_nodes; i++)
		if (strcmp(w->nodes[i]->name, name) == 0)
			return w->nodes[i];
	return NULL;
}
