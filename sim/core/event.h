/* event.h — the discrete-event queue.
 *
 * Simulated time is an int64_t count of nanoseconds since the start of the
 * run.  Events are ordered by (time, sequence): two events at the same time
 * fire in the order they were scheduled, so a run never depends on how the
 * heap happens to break ties (ns-3's EventKey does the same).
 *
 * An event is a `struct ev` embedded in whatever owns it (a neighbour entry's
 * retransmit timer, a packet on a wire).  The heap stores pointers and keeps
 * each event's heap index, so cancelling or rescheduling is O(log n) and never
 * allocates (libevent's minheap keeps the same trick).  The owner must cancel
 * an event before freeing the memory it lives in.
 *
 * For one-off callbacks that have no natural owner (a scenario's `at()`, a
 * process waking up) ev_call() allocates a small closure from a free list.
 */
#ifndef WL_EVENT_H
#define WL_EVENT_H

#include <stdbool.h>
#include <stdint.h>

struct world;
struct ev;

typedef void ev_fire_fn(struct world *w, struct ev *ev);

#define EV_IDLE UINT32_MAX

struct ev {
	int64_t at_ns;       /* when it fires; valid while pending */
	uint64_t seq;        /* tie-break: order of scheduling */
	uint32_t heap_idx;   /* position in the heap, EV_IDLE when not pending */
	ev_fire_fn *fire;    /* called once when the event comes due */
};

struct ev_heap {
	struct ev **items;
	uint32_t len, cap;
};

/* Prepare an event embedded in its owner; it starts idle. */
void ev_init(struct ev *ev, ev_fire_fn *fire);

static inline bool ev_pending(const struct ev *ev) { return ev->heap_idx != EV_IDLE; }

/* Schedule ev at absolute time at_ns (>= now; earlier times abort).  An event
 * already pending is moved, and gets a fresh sequence number. */
void ev_schedule(struct world *w, struct ev *ev, int64_t at_ns);

/* Remove a pending event; a no-op for an idle one. */
void ev_cancel(struct world *w, struct ev *ev);

/* Run fn(w, a, b) at absolute time at_ns.  Returns a handle that stays valid
 * until the call fires or is cancelled with ev_call_cancel(). */
typedef void ev_call_fn(struct world *w, void *a, void *b);
struct ev *ev_call(struct world *w, int64_t at_ns, ev_call_fn *fn, void *a, void *b);
void ev_call_cancel(struct world *w, struct ev *handle);

/* Heap internals, used by world.c only. */
void ev_heap_init(struct ev_heap *h);
void ev_heap_free(struct ev_heap *h);
struct ev *ev_heap_top(const struct ev_heap *h);
struct ev *ev_heap_pop(struct ev_heap *h);
void ev_calls_free(struct world *w);

#endif
