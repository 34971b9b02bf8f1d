/* pkt.c — packet buffers and their free list.  Ownership rule: pkt.h. */
#include "core/pkt.h"

#include <string.h>

#include "core/world.h"
#include "util/die.h"

void pkt_pool_init(struct pkt_pool *pool)
{
	pool->free = NULL;
	pool->live = 0;
	pool->next_id = 1;
}

void pkt_pool_free(struct pkt_pool *pool)
{
	struct pkt *p = pool->free;
	while (p) {
		struct pkt *next = p->next;
		free(p);
		p = next;
	}
	pool->free = NULL;
}

static struct pkt *pkt_get(struct world *w, uint32_t cap)
{
	struct pkt_pool *pool = &w->pool;
	struct pkt *p;
	if (cap <= PKT_POOL_CAP && pool->free) {
		p = pool->free;
		pool->free = p->next;
	} else {
		if (cap < PKT_POOL_CAP)
			cap = PKT_POOL_CAP;
		p = malloc(sizeof *p + cap);
		WL_ASSERT(p != NULL, "out of memory allocating a packet");
		p->cap = cap;
	}
	ev_init(&p->ev, NULL);
	p->next = NULL;
	p->dev = NULL;
	p->id = pool->next_id++;
	p->l3_off = 0;
	p->aux = 0;
	pool->live++;
	return p;
}

struct pkt *pkt_alloc(struct world *w, uint32_t len)
{
	WL_ASSERT(len <= PKT_MAX_LEN, "packet of %u bytes exceeds %u", len, PKT_MAX_LEN);
	struct pkt *p = pkt_get(w, PKT_HEADROOM + len);
	p->data = p->buf + PKT_HEADROOM;
	p->len = len;
	return p;
}

struct pkt *pkt_clone(struct world *w, const struct pkt *src)
{
	uint32_t head = pkt_headroom(src);
	struct pkt *p = pkt_get(w, head + src->len);
	p->data = p->buf + head;
	p->len = src->len;
	memcpy(p->data, src->data, src->len);
	p->l3_off = src->l3_off;
	p->aux = src->aux;
	return p;
}

void pkt_free(struct world *w, struct pkt *p)
{
	WL_ASSERT(!ev_pending(&p->ev), "freeing packet %llu while it is in flight",
		  (unsigned long long)p->id);
	w->pool.live--;
	if (p->cap == PKT_POOL_CAP) {
		p->next = w->pool.free;
		w->pool.free = p;
	} else {
		free(p);
	}
}

uint8_t *pkt_push(struct pkt *p, uint32_t n)
{
	WL_ASSERT(pkt_headroom(p) >= n, "packet headroom exhausted (%u < %u)", pkt_headroom(p), n);
	p->data -= n;
	p->len += n;
	return p->data;
}

uint8_t *pkt_pull(struct pkt *p, uint32_t n)
{
	WL_ASSERT(n <= p->len, "pulling %u bytes from a %u-byte packet", n, p->len);
	p->data += n;
	p->len -= n;
	return p->data;
}

void pkt_trim(struct pkt *p, uint32_t n)
{
	WL_ASSERT(n <= p->len, "trimming a %u-byte packet to %u", p->len, n);
	p->len = n;
}

void pkt_put_zero(struct pkt *p, uint32_t n)
{
	uint32_t used = pkt_headroom(p) + p->len;
	WL_ASSERT(used + n <= p->cap, "no tailroom for %u bytes", n);
	memset(p->data + p->len, 0, n);
	p->len += n;
}
