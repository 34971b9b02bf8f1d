/* link.c — cables: serialisation, propagation, a bounded queue, loss. */
#include "dev/link.h"

#include <errno.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "util/die.h"
#include "wire/eth.h"

void link_params_default(struct link_params *p)
{
	p->rate_bps = 1000000000ULL;
	p->delay_ns = 0;
	p->loss = 0.0;
	p->queue_len = 1000;
}

struct link *link_connect(struct world *w, struct netdev *a, struct netdev *b,
			  const struct link_params *p)
{
	const struct netdev *ends[2] = { a, b };
	for (int i = 0; i < 2; i++) {
		if (ends[i]->kind != ND_ETH) {
			world_errf(w, -EINVAL, "%s:%s is a %s device: only eth devices take a cable",
				   ends[i]->node->name, ends[i]->name, netdev_kind_name(ends[i]->kind));
			return NULL;
		}
		if (ends[i]->link) {
			world_errf(w, -EBUSY, "%s:%s is already linked", ends[i]->node->name,
				   ends[i]->name);
			return NULL;
		}
	}
	if (a == b) {
		world_errf(w, -EINVAL, "cannot link %s:%s to itself", a->node->name, a->name);
		return NULL;
	}
	struct link *l = wl_calloc(1, sizeof *l);
	l->end[0] = a;
	l->end[1] = b;
	l->p = *p;
	a->link = l;
	a->link_end = 0;
	b->link = l;
	b->link_end = 1;
	if (w->n_links == w->cap_links) {
		w->cap_links = w->cap_links ? 2 * w->cap_links : 16;
		w->links = wl_realloc(w->links, w->cap_links * sizeof *w->links);
	}
	l->index = (int)w->n_links;
	w->links[w->n_links++] = l;
	trace_table(w, a->node, a, "link", "cable", "%s:%s <-> %s:%s", a->node->name, a->name,
		    b->node->name, b->name);
	return l;
}

void link_set_params(struct link *l, const struct link_params *p)
{
	l->p = *p;
}

void link_unplug(struct world *w, struct link *l)
{
	for (int i = 0; i < 2; i++) {
		if (l->end[i]) {
			l->end[i]->link = NULL;
			l->end[i] = NULL;
		}
	}
	(void)w;
}

void link_free(struct world *w, struct link *l)
{
	(void)w;
	for (int i = 0; i < 2; i++)
		free(l->dir[i].finish);
	free(l);
}

/* Forget frames whose transmission has finished by now. */
static void dir_retire(struct link_dir *d, int64_t now)
{
	while (d->count && d->finish[d->head] <= now) {
		d->head = (d->head + 1) % d->cap;
		d->count--;
	}
}

static void dir_push(struct link_dir *d, int64_t finish)
{
	if (d->count == d->cap) {
		uint32_t ncap = d->cap ? d->cap * 2 : 16;
		int64_t *nf = wl_calloc(ncap, sizeof *nf);
		for (uint32_t i = 0; i < d->count; i++)
			nf[i] = d->finish[(d->head + i) % d->cap];
		free(d->finish);
		d->finish = nf;
		d->cap = ncap;
		d->head = 0;
	}
	d->finish[(d->head + d->count) % d->cap] = finish;
	d->count++;
}

void link_xmit(struct netdev *dev, struct pkt *p)
{
	struct node *n = dev->node;
	struct world *w = n->w;
	struct link *l = dev->link;
	if (!l || !l->end[1 - dev->link_end]) {
		dev->stats.tx_dropped++;
		pkt_drop(w, p, n, dev, TL_ETH, DROP_NO_CARRIER, "%s has no cable", dev->name);
		return;
	}
	/* No carrier (the far end is down): the kernel parks the device on
	 * the noop qdisc, which drops before any capture sees the frame. */
	if (!l->end[1 - dev->link_end]->up) {
		dev->stats.tx_dropped++;
		pkt_drop(w, p, n, dev, TL_ETH, DROP_NO_CARRIER, "%s: no carrier (the other end is down)",
			 dev->name);
		return;
	}
	struct link_dir *d = &l->dir[dev->link_end];
	int64_t now = w->now_ns;
	dir_retire(d, now);
	/* One frame is on the line; the rest wait in the queue. */
	if (d->count > l->p.queue_len) {
		dev->stats.tx_dropped++;
		pkt_drop(w, p, n, dev, TL_ETH, DROP_TXQUEUE_FULL,
			 "%s: transmit queue full (%u frames waiting)", dev->name, l->p.queue_len);
		return;
	}
	netdev_tap_tx(dev, p);
	/* Short frames are padded on the wire (IEEE 802.3 minimum, FCS aside). */
	if (p->len < ETH_ZLEN)
		pkt_put_zero(p, ETH_ZLEN - p->len);
	int64_t start = d->busy_until_ns > now ? d->busy_until_ns : now;
	int64_t tx_ns = 0;
	if (l->p.rate_bps)
		tx_ns = (int64_t)(((uint64_t)p->len * 8u * 1000000000ULL + l->p.rate_bps - 1) /
				  l->p.rate_bps);
	int64_t finish = start + tx_ns;
	d->busy_until_ns = finish;
	dir_push(d, finish);
	p->dev = l->end[1 - dev->link_end];
	/* Loss is drawn now so the draw order follows transmission order. */
	p->aux = (l->p.loss > 0.0 && rng_unit(&w->rng) < l->p.loss) ? 1 : 0;
	ev_init(&p->ev, link_deliver_fire);
	ev_schedule(w, &p->ev, finish + l->p.delay_ns);
}

void link_deliver_fire(struct world *w, struct ev *ev)
{
	struct pkt *p = (struct pkt *)ev;
	struct netdev *to = p->dev;
	/* The frame has left the line: that is a completed transmission. */
	w->stats.frames++;
	if (!to->link) {
		pkt_drop(w, p, to->node, to, TL_ETH, DROP_NO_CARRIER,
			 "%s: the cable was unplugged while the frame was on it", to->name);
		return;
	}
	if (p->aux) {
		pkt_drop(w, p, to->node, to, TL_ETH, DROP_LINK_LOSS, NULL);
		return;
	}
	netdev_receive(to, p);
}
