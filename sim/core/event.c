/* event.c — binary min-heap of events keyed by (time, sequence).
 *
 * Each event remembers its slot (heap_idx) so cancel and reschedule are
 * O(log n) with no search and no allocation. */
#include "core/event.h"

#include <stdlib.h>

#include "core/world.h"
#include "util/die.h"

void ev_init(struct ev *ev, ev_fire_fn *fire)
{
	ev->at_ns = 0;
	ev->seq = 0;
	ev->heap_idx = EV_IDLE;
	ev->fire = fire;
}

static inline bool ev_before(const struct ev *a, const struct ev *b)
{
	return a->at_ns < b->at_ns || (a->at_ns == b->at_ns && a->seq < b->seq);
}

static void heap_set(struct ev_heap *h, uint32_t i, struct ev *ev)
{
	h->items[i] = ev;
	ev->heap_idx = i;
}

static void sift_up(struct ev_heap *h, uint32_t i)
{
	struct ev *ev = h->items[i];
	while (i > 0) {
		uint32_t parent = (i - 1) / 2;
		if (!ev_before(ev, h->items[parent]))
			break;
		heap_set(h, i, h->items[parent]);
		i = parent;
	}
	heap_set(h, i, ev);
}

static void sift_down(struct ev_heap *h, uint32_t i)
{
	struct ev *ev = h->items[i];
	for (;;) {
		uint32_t l = 2 * i + 1, r = l + 1, m = i;
		const struct ev *best = ev;
		if (l < h->len && ev_before(h->items[l], best)) {
			m = l;
			best = h->items[l];
		}
		if (r < h->len && ev_before(h->items[r], best))
			m = r;
		if (m == i)
			break;
		heap_set(h, i, h->items[m]);
		i = m;
	}
	heap_set(h, i, ev);
}

void ev_heap_init(struct ev_heap *h)
{
	h->items = NULL;
	h->len = h->cap = 0;
}

void ev_heap_free(struct ev_heap *h)
{
	for (uint32_t i = 0; i < h->len; i++)
		h->items[i]->heap_idx = EV_IDLE;
	free(h->items);
	ev_heap_init(h);
}

struct ev *ev_heap_top(const struct ev_heap *h)
{
	return h->len ? h->items[0] : NULL;
}

static void heap_remove(struct ev_heap *h, uint32_t i)
{
	struct ev *gone = h->items[i];
	h->len--;
	if (i != h->len) {
		heap_set(h, i, h->items[h->len]);
		/* The moved item may belong above or below its new slot. */
		if (i > 0 && ev_before(h->items[i], h->items[(i - 1) / 2]))
			sift_up(h, i);
		else
			sift_down(h, i);
	}
	gone->heap_idx = EV_IDLE;
}

struct ev *ev_heap_pop(struct ev_heap *h)
{
	if (!h->len)
		return NULL;
	struct ev *top = h->items[0];
	heap_remove(h, 0);
	return top;
}

void ev_schedule(struct world *w, struct ev *ev, int64_t at_ns)
{
	WL_ASSERT(at_ns >= w->now_ns, "event scheduled in the past (%lld < now %lld)",
		  (long long)at_ns, (long long)w->now_ns);
	WL_ASSERT(ev->fire != NULL, "event without a fire function");
	struct ev_heap *h = &w->heap;
	if (ev_pending(ev))
		heap_remove(h, ev->heap_idx);
	ev->at_ns = at_ns;
	ev->seq = w->next_seq++;
	if (h->len == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 256;
		h->items = realloc(h->items, h->cap * sizeof *h->items);
		WL_ASSERT(h->items != NULL, "out of memory growing the event heap");
	}
	h->items[h->len] = ev;
	ev->heap_idx = h->len++;
	sift_up(h, ev->heap_idx);
}

void ev_cancel(struct world *w, struct ev *ev)
{
	if (ev_pending(ev))
		heap_remove(&w->heap, ev->heap_idx);
}

/* ---- one-off closures ---------------------------------------------------- */

struct ev_closure {
	struct ev ev;           /* first: a closure is found from its event */
	ev_call_fn *fn;
	void *a, *b;
	struct ev_closure *next_free;
};

static void closure_fire(struct world *w, struct ev *ev)
{
	struct ev_closure *c = (struct ev_closure *)ev;
	ev_call_fn *fn = c->fn;
	void *a = c->a, *b = c->b;
	/* Return the closure before calling: fn may schedule new calls. */
	c->next_free = (struct ev_closure *)w->call_free;
	w->call_free = &c->ev;
	fn(w, a, b);
}

struct ev *ev_call(struct world *w, int64_t at_ns, ev_call_fn *fn, void *a, void *b)
{
	struct ev_closure *c = (struct ev_closure *)w->call_free;
	if (c) {
		w->call_free = c->next_free ? &c->next_free->ev : NULL;
	} else {
		c = malloc(sizeof *c);
		WL_ASSERT(c != NULL, "out of memory");
	}
	ev_init(&c->ev, closure_fire);
	c->fn = fn;
	c->a = a;
	c->b = b;
	c->next_free = NULL;
	ev_schedule(w, &c->ev, at_ns);
	return &c->ev;
}

void ev_call_cancel(struct world *w, struct ev *handle)
{
	if (!handle || !ev_pending(handle))
		return;
	ev_cancel(w, handle);
	struct ev_closure *c = (struct ev_closure *)handle;
	c->next_free = (struct ev_closure *)w->call_free;
	w->call_free = &c->ev;
}

void ev_calls_free(struct world *w)
{
	/* Pending closures are freed by walking the heap before it is dropped. */
	for (uint32_t i = 0; i < w->heap.len; i++) {
		struct ev *ev = w->heap.items[i];
		if (ev->fire == closure_fire) {
			ev->heap_idx = EV_IDLE;
			free(ev);
			w->heap.items[i] = NULL;
		}
	}
	uint32_t j = 0;
	for (uint32_t i = 0; i < w->heap.len; i++)
		if (w->heap.items[i])
			w->heap.items[j++] = w->heap.items[i];
	w->heap.len = j;
	struct ev_closure *c = (struct ev_closure *)w->call_free;
	while (c) {
		struct ev_closure *next = c->next_free;
		free(c);
		c = next;
	}
	w->call_free = NULL;
}
