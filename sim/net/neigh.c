/* neigh.c — the neighbour cache, following net/core/neighbour.c:
 * __neigh_event_send() for sending, neigh_update() for learning and
 * neigh_timer_handler() for the timers.  The state diagram is in neigh.h. */
#include "net/neigh.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/arp.h"
#include "net/icmp.h"
#include "util/die.h"
#include "util/units.h"
#include "wire/eth.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

#define NUD_VALID_MASK ((1u << NUD_REACHABLE) | (1u << NUD_STALE) | (1u << NUD_DELAY) | \
			(1u << NUD_PROBE) | (1u << NUD_PERMANENT) | (1u << NUD_NOARP))
#define REACH_REDRAW_NS (300 * NS_PER_S)

static bool nud_valid(enum nud_state s)
{
	return (NUD_VALID_MASK >> s) & 1u;
}

const char *neigh_state_name(enum nud_state s)
{
	switch (s) {
	case NUD_NONE: return "NONE";
	case NUD_INCOMPLETE: return "INCOMPLETE";
	case NUD_REACHABLE: return "REACHABLE";
	case NUD_STALE: return "STALE";
	case NUD_DELAY: return "DELAY";
	case NUD_PROBE: return "PROBE";
	case NUD_FAILED: return "FAILED";
	case NUD_NOARP: return "NOARP";
	case NUD_PERMANENT: return "PERMANENT";
	}
	return "?";
}

static void neigh_timer_fire(struct world *w, struct ev *ev);

void neigh_table_init(struct neigh_table *t)
{
	t->n_buckets = 16;
	t->buckets = wl_calloc(t->n_buckets, sizeof *t->buckets);
	t->count = 0;
	t->reachable_ns = -1;
	t->reachable_drawn_ns = 0;
}

static uint32_t neigh_hash(const struct netdev *dev, uint32_t ip, uint32_t nb)
{
	uint32_t h = ip * 2654435761u ^ (uint32_t)dev->ifindex * 40503u;
	return (h ^ (h >> 16)) & (nb - 1);
}

static void queue_drop_all(struct node *n, struct neigh *e, bool report)
{
	struct world *w = n->w;
	while (e->q_head) {
		struct pkt *p = e->q_head;
		e->q_head = p->next;
		p->next = NULL;
		/* arp_error_report(): each waiting sender hears "host unreachable". */
		if (report)
			icmp_send_error(n, p, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH);
		char ip[16];
		units_format_ipv4(e->ip, ip);
		pkt_drop(w, p, n, e->dev, TL_IP, report ? DROP_NEIGH_FAILED : DROP_LINK_DOWN,
			 report ? "ARP for %s failed: no reply to %d requests" : "neighbour %s removed",
			 ip, n->sysctl.mcast_solicit);
	}
	e->q_tail = NULL;
	e->q_len = 0;
}

static void neigh_free_entry(struct node *n, struct neigh *e)
{
	ev_cancel(n->w, &e->timer);
	queue_drop_all(n, e, false);
	free(e);
}

void neigh_table_free(struct node *n)
{
	struct neigh_table *t = &n->neigh;
	for (uint32_t i = 0; i < t->n_buckets; i++) {
		struct neigh *e = t->buckets[i];
		while (e) {
			struct neigh *next = e->hnext;
			neigh_free_entry(n, e);
			e = next;
		}
	}
	free(t->buckets);
	t->buckets = NULL;
	t->count = 0;
}

struct neigh *neigh_lookup(const struct node *n, const struct netdev *dev, uint32_t ip)
{
	const struct neigh_table *t = &n->neigh;
	for (struct neigh *e = t->buckets[neigh_hash(dev, ip, t->n_buckets)]; e; e = e->hnext)
		if (e->ip == ip && e->dev == dev)
			return e;
	return NULL;
}

static void table_grow(struct neigh_table *t)
{
	uint32_t nb = t->n_buckets * 2;
	struct neigh **nbk = wl_calloc(nb, sizeof *nbk);
	for (uint32_t i = 0; i < t->n_buckets; i++) {
		struct neigh *e = t->buckets[i];
		while (e) {
			struct neigh *next = e->hnext;
			uint32_t h = neigh_hash(e->dev, e->ip, nb);
			e->hnext = nbk[h];
			nbk[h] = e;
			e = next;
		}
	}
	free(t->buckets);
	t->buckets = nbk;
	t->n_buckets = nb;
}

static struct neigh *neigh_create(struct node *n, struct netdev *dev, uint32_t ip)
{
	struct neigh_table *t = &n->neigh;
	if (t->count >= t->n_buckets)
		table_grow(t);
	struct neigh *e = wl_calloc(1, sizeof *e);
	e->node = n;
	e->dev = dev;
	e->ip = ip;
	e->state = NUD_NONE;
	e->updated_ns = n->w->now_ns;
	ev_init(&e->timer, neigh_timer_fire);
	uint32_t h = neigh_hash(dev, ip, t->n_buckets);
	e->hnext = t->buckets[h];
	t->buckets[h] = e;
	t->count++;
	return e;
}

static void neigh_unlink(struct node *n, struct neigh *gone)
{
	struct neigh_table *t = &n->neigh;
	struct neigh **pe = &t->buckets[neigh_hash(gone->dev, gone->ip, t->n_buckets)];
	while (*pe != gone)
		pe = &(*pe)->hnext;
	*pe = gone->hnext;
	t->count--;
}

/* reachable_time: uniform in [base/2, 3*base/2], redrawn every 300 s. */
static int64_t reachable_ns(struct node *n)
{
	struct neigh_table *t = &n->neigh;
	struct world *w = n->w;
	if (t->reachable_ns < 0 || w->now_ns - t->reachable_drawn_ns >= REACH_REDRAW_NS) {
		int64_t base = (int64_t)n->sysctl.base_reachable_time_ms * NS_PER_MS;
		t->reachable_ns = base / 2 + (int64_t)rng_below(&w->rng, (uint64_t)base);
		t->reachable_drawn_ns = w->now_ns;
	}
	return t->reachable_ns;
}

static void set_state(struct node *n, struct neigh *e, enum nud_state s, const char *why)
{
	if (e->state == s)
		return;
	enum nud_state old = e->state;
	e->state = s;
	e->updated_ns = n->w->now_ns;
	if (trace_wants(n->w, TR_TABLE)) {
		char ip[16];
		units_format_ipv4(e->ip, ip);
		trace_table(n->w, n, e->dev, "neigh", neigh_state_name(s), "%s dev %s: %s -> %s%s%s",
			    ip, e->dev->name, neigh_state_name(old), neigh_state_name(s),
			    why ? ": " : "", why ? why : "");
	}
}

static void eth_send(struct node *n, struct netdev *dev, const uint8_t *dst, struct pkt *p)
{
	struct eth_repr h;
	memcpy(h.dst, dst, 6);
	memcpy(h.src, dev->mac, 6);
	h.type = ETH_P_IP;
	eth_emit(pkt_push(p, ETH_HLEN), &h);
	netdev_xmit(dev, p);
}

/* arp_solicit(): the source address is the waiting packet's own when it is
 * ours (arp_announce 0), else the device's address nearest the target. */
static void neigh_probe(struct node *n, struct neigh *e)
{
	uint32_t src = 0;
	if (e->q_tail) {
		struct ipv4_repr ip;
		if (ipv4_parse(e->q_tail->data, e->q_tail->len, &ip) != -1 &&
		    node_is_local_addr(n, ip.src))
			src = ip.src;
	}
	if (!src)
		src = netdev_pick_src(e->dev, e->ip);
	int probes = e->probes - n->sysctl.ucast_solicit;
	const uint8_t *ucast = probes < 0 ? e->mac : NULL;
	arp_send_request(n, e->dev, src, e->ip, ucast);
	e->probes++;
}

static int max_probes(const struct node *n, const struct neigh *e)
{
	const struct sysctl_net *s = &n->sysctl;
	/* neigh_max_probes(): PROBE re-probes with mcast_reprobes (0). */
	return s->ucast_solicit + s->app_solicit + (e->state == NUD_PROBE ? 0 : s->mcast_solicit);
}

static void neigh_fail(struct node *n, struct neigh *e)
{
	set_state(n, e, NUD_FAILED, "no reply");
	queue_drop_all(n, e, true);
}

static void neigh_timer_fire(struct world *w, struct ev *ev)
{
	struct neigh *e = (struct neigh *)((char *)ev - offsetof(struct neigh, timer));
	struct node *n = e->node;
	int64_t now = w->now_ns;
	int64_t next = -1;
	int64_t delay_probe = (int64_t)n->sysctl.delay_first_probe_time_s * NS_PER_S;
	int64_t retrans = (int64_t)n->sysctl.retrans_time_ms * NS_PER_MS;

	if (e->state == NUD_REACHABLE) {
		int64_t reach = reachable_ns(n);
		if (now < e->confirmed_ns + reach) {
			next = e->confirmed_ns + reach;
		} else if (now <= e->used_ns + delay_probe) {
			set_state(n, e, NUD_DELAY, "reachable_time passed while in use");
			next = now + delay_probe;
		} else {
			set_state(n, e, NUD_STALE, "reachable_time passed");
		}
	} else if (e->state == NUD_DELAY) {
		if (now < e->confirmed_ns + delay_probe) {
			set_state(n, e, NUD_REACHABLE, "confirmed");
			next = e->confirmed_ns + reachable_ns(n);
		} else {
			set_state(n, e, NUD_PROBE, "not confirmed within delay_first_probe_time");
			e->probes = 0;
			next = now + retrans;
		}
	} else {
		next = now + retrans;   /* INCOMPLETE, PROBE */
	}
	if ((e->state == NUD_INCOMPLETE || e->state == NUD_PROBE) && e->probes >= max_probes(n, e)) {
		neigh_fail(n, e);
		return;
	}
	if (next >= 0)
		ev_schedule(w, &e->timer, next);
	if (e->state == NUD_INCOMPLETE || e->state == NUD_PROBE)
		neigh_probe(n, e);
}

static void queue_packet(struct node *n, struct neigh *e, struct pkt *p)
{
	if (e->q_len >= (uint32_t)n->sysctl.unres_qlen) {
		/* The oldest waiting packet makes room (neigh_queue_full). */
		struct pkt *old = e->q_head;
		e->q_head = old->next;
		if (!e->q_head)
			e->q_tail = NULL;
		e->q_len--;
		old->next = NULL;
		pkt_drop(n->w, old, n, e->dev, TL_IP, DROP_NEIGH_QUEUE_FULL, NULL);
		if (!e->q_len && !n->sysctl.unres_qlen) {
			pkt_drop(n->w, p, n, e->dev, TL_IP, DROP_NEIGH_QUEUE_FULL, NULL);
			return;
		}
	}
	p->next = NULL;
	if (e->q_tail)
		e->q_tail->next = p;
	else
		e->q_head = p;
	e->q_tail = p;
	e->q_len++;
}

void neigh_output(struct node *n, struct netdev *dev, uint32_t nexthop, struct pkt *p)
{
	struct world *w = n->w;
	if (dev->kind == ND_LOOPBACK) {
		static const uint8_t zero[6];
		eth_send(n, dev, zero, p);
		return;
	}
	if (node_is_broadcast_addr(n, nexthop)) {
		uint8_t b[6];
		eth_broadcast(b);
		eth_send(n, dev, b, p);
		return;
	}
	struct neigh *e = neigh_lookup(n, dev, nexthop);
	if (!e)
		e = neigh_create(n, dev, nexthop);
	switch (e->state) {
	case NUD_REACHABLE:
	case NUD_PERMANENT:
	case NUD_NOARP:
		/* The cached-header fast path: `used` is not refreshed here. */
		eth_send(n, dev, e->mac, p);
		return;
	case NUD_DELAY:
	case NUD_PROBE:
		e->used_ns = w->now_ns;
		eth_send(n, dev, e->mac, p);
		return;
	case NUD_STALE:
		e->used_ns = w->now_ns;
		set_state(n, e, NUD_DELAY, "used while STALE");
		ev_schedule(w, &e->timer,
			    w->now_ns + (int64_t)n->sysctl.delay_first_probe_time_s * NS_PER_S);
		eth_send(n, dev, e->mac, p);
		return;
	case NUD_INCOMPLETE:
		e->used_ns = w->now_ns;
		queue_packet(n, e, p);
		return;
	case NUD_NONE:
	case NUD_FAILED:
		e->used_ns = w->now_ns;
		if (n->sysctl.mcast_solicit + n->sysctl.app_solicit == 0) {
			/* __neigh_event_send() frees the packet with no report. */
			set_state(n, e, NUD_FAILED, "mcast_solicit is 0");
			pkt_drop(w, p, n, dev, TL_IP, DROP_NEIGH_FAILED, NULL);
			return;
		}
		e->probes = n->sysctl.ucast_solicit;
		set_state(n, e, NUD_INCOMPLETE, "resolving");
		if (trace_wants(w, TR_DECISION)) {
			char ip[16];
			units_format_ipv4(nexthop, ip);
			trace_decision(w, n, dev, p, TL_IP, "arp-queue",
				       "no MAC for %s on %s yet: packet queued, asking who-has", ip,
				       dev->name);
		}
		queue_packet(n, e, p);
		ev_schedule(w, &e->timer, w->now_ns + (int64_t)n->sysctl.retrans_time_ms * NS_PER_MS);
		neigh_probe(n, e);
		return;
	}
	pkt_drop(w, p, n, dev, TL_IP, DROP_NEIGH_FAILED, "neighbour in an impossible state");
}

/* Send what was waiting, in order, once the address is known; each packet
 * goes through the state machine again (a STALE entry moves to DELAY). */
static void flush_queue(struct node *n, struct neigh *e)
{
	struct pkt *q = e->q_head;
	e->q_head = e->q_tail = NULL;
	e->q_len = 0;
	while (q) {
		struct pkt *next = q->next;
		q->next = NULL;
		neigh_output(n, e->dev, e->ip, q);
		q = next;
	}
}

void neigh_learn(struct node *n, struct netdev *dev, uint32_t ip, const uint8_t mac[6],
		 bool solicited, bool create)
{
	struct world *w = n->w;
	struct neigh *e = neigh_lookup(n, dev, ip);
	if (!e) {
		if (!create)
			return;
		e = neigh_create(n, dev, ip);
	}
	enum nud_state old = e->state;
	if (old == NUD_PERMANENT || old == NUD_NOARP)
		return;
	enum nud_state new = solicited ? NUD_REACHABLE : NUD_STALE;
	bool same = memcmp(e->mac, mac, 6) == 0;
	if (nud_valid(old)) {
		/* arp_process(): a changed address overrides only after locktime
		 * (1 s), or when the request was for us (neigh_event_ns). */
		bool override = create || w->now_ns > e->updated_ns + NS_PER_S;
		if (!same && !override)
			return;
		if (same && new == NUD_STALE)
			new = old;
	}
	if (new == NUD_REACHABLE)
		e->confirmed_ns = w->now_ns;
	memcpy(e->mac, mac, 6);
	if (new != old) {
		set_state(n, e, new, solicited ? "ARP reply" : "ARP heard");
		if (new == NUD_REACHABLE)
			ev_schedule(w, &e->timer, w->now_ns + reachable_ns(n));
		else
			ev_cancel(w, &e->timer);
	}
	if (!nud_valid(old) && nud_valid(e->state))
		flush_queue(n, e);
}

void neigh_flush_dev(struct node *n, const struct netdev *dev)
{
	struct neigh_table *t = &n->neigh;
	for (uint32_t i = 0; i < t->n_buckets; i++) {
		struct neigh *e = t->buckets[i];
		while (e) {
			struct neigh *next = e->hnext;
			if (e->dev == dev) {
				neigh_unlink(n, e);
				neigh_free_entry(n, e);
			}
			e = next;
		}
	}
}

bool neigh_delete(struct node *n, const struct netdev *dev, uint32_t ip)
{
	struct neigh *e = neigh_lookup(n, dev, ip);
	if (!e)
		return false;
	neigh_unlink(n, e);
	neigh_free_entry(n, e);
	return true;
}

int neigh_set(struct node *n, struct netdev *dev, uint32_t ip, const uint8_t mac[6],
	      enum nud_state state)
{
	struct neigh *e = neigh_lookup(n, dev, ip);
	if (!e)
		e = neigh_create(n, dev, ip);
	enum nud_state old = e->state;
	memcpy(e->mac, mac, 6);
	ev_cancel(n->w, &e->timer);
	set_state(n, e, state, "set by hand");
	if (state == NUD_REACHABLE) {
		e->confirmed_ns = n->w->now_ns;
		ev_schedule(n->w, &e->timer, n->w->now_ns + reachable_ns(n));
	}
	if (!nud_valid(old) && nud_valid(state))
		flush_queue(n, e);
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct neigh *x = *(const struct neigh *const *)a;
	const struct neigh *y = *(const struct neigh *const *)b;
	if (x->dev->ifindex != y->dev->ifindex)
		return x->dev->ifindex < y->dev->ifindex ? -1 : 1;
	return x->ip < y->ip ? -1 : (x->ip > y->ip);
}

void neigh_foreach(const struct node *n, void (*fn)(void *ctx, const struct neigh *e), void *ctx)
{
	const struct neigh_table *t = &n->neigh;
	if (!t->count)
		return;
	const struct neigh **v = wl_calloc(t->count, sizeof *v);
	uint32_t k = 0;
	for (uint32_t i = 0; i < t->n_buckets; i++)
		for (const struct neigh *e = t->buckets[i]; e; e = e->hnext)
			v[k++] = e;
	qsort(v, k, sizeof *v, entry_cmp);
	for (uint32_t i = 0; i < k; i++)
		fn(ctx, v[i]);
	free(v);
}
