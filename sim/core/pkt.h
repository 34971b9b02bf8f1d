/* pkt.h — packet buffers.
 *
 * A packet is one contiguous buffer of real bytes in network byte order,
 * with headroom in front so that each layer can push its header without
 * copying (IP pushes 20 bytes, Ethernet 14).  `data` points at the first
 * byte of the outermost header present; `len` counts from there.
 *
 * OWNERSHIP — the one rule, on every path, errors included:
 *   a function that takes a non-const `struct pkt *` consumes it: it sends
 *   it on, queues it, or frees or drops it.  The caller never touches it
 *   again.  A function that only looks takes `const struct pkt *`.
 * The world owns a free list; pkt_free() returns a buffer to it and
 * world_free() releases every packet still queued anywhere.
 */
#ifndef WL_PKT_H
#define WL_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct world;
struct netdev;

#define PKT_HEADROOM 128u
/* Buffers of this capacity (headroom included) come from the free list;
 * larger ones are allocated to size and freed to the allocator. */
#define PKT_POOL_CAP 2048u
#define PKT_MAX_LEN 65535u

struct pkt {
	struct ev ev;           /* delivery event while the packet is in flight */
	struct pkt *next;       /* free list, or any FIFO the current owner keeps */
	struct netdev *dev;     /* device it is travelling to or arrived on */
	uint8_t *data;          /* first byte of the outermost header */
	uint32_t len;           /* bytes from data to the end */
	uint32_t cap;           /* bytes in buf[] */
	uint64_t id;            /* unique per world, for tracing a packet's journey */
	uint32_t l3_off;        /* offset of the IPv4 header from buf (0 = unset) */
	int32_t aux;            /* scratch for the current owner (e.g. a port index) */
	uint8_t buf[];
};

struct pkt_pool {
	struct pkt *free;
	uint64_t live;          /* packets allocated and not yet freed */
	uint64_t next_id;
};

/* A packet with `len` bytes of room at data (contents undefined), with
 * PKT_HEADROOM bytes free in front.  len > PKT_MAX_LEN aborts. */
struct pkt *pkt_alloc(struct world *w, uint32_t len);
/* A deep copy, same headroom, new id. */
struct pkt *pkt_clone(struct world *w, const struct pkt *p);
void pkt_free(struct world *w, struct pkt *p);

/* Prepend n bytes; returns the new data pointer.  Aborts if headroom is
 * exhausted (a programming error: headers are bounded). */
uint8_t *pkt_push(struct pkt *p, uint32_t n);
/* Strip n bytes from the front (n <= len, checked by the caller). */
uint8_t *pkt_pull(struct pkt *p, uint32_t n);
/* Shrink to n bytes (n <= len). */
void pkt_trim(struct pkt *p, uint32_t n);
/* Grow at the tail by n bytes, zero-filled (for Ethernet padding). */
void pkt_put_zero(struct pkt *p, uint32_t n);
static inline uint32_t pkt_headroom(const struct pkt *p) { return (uint32_t)(p->data - p->buf); }

void pkt_pool_init(struct pkt_pool *pool);
void pkt_pool_free(struct pkt_pool *pool);

#endif
