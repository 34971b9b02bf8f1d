/* dns_cache.c — the forwarder's cache.
 *
 * RFC 1035 7.4: an answer may be kept for its TTL, and a later answer from
 * the cache carries the TTL less the time held (dnsmasq's second answer
 * shows 298 where the first showed 300, two seconds later).  RFC 2308 §5:
 * NXDOMAIN and NODATA are kept for min(SOA TTL, SOA MINIMUM) when the
 * answer carries the zone's SOA, and not at all without one.  As dnsmasq
 * does, a positive answer is kept without its authority section, and
 * answers from the cache are not authoritative.
 *
 * At most `max` entries (dnsmasq's cache-size, 150); when full, the entry
 * closest to expiry makes room.  Lookups are linear: 150 is small.
 */
#include "proc/dns_server_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "util/die.h"

void dns_cache_init(struct dns_cache *c, size_t max)
{
	memset(c, 0, sizeof *c);
	c->max = max;
}

static void entry_free(struct dns_cache_entry *e)
{
	for (size_t i = 0; i < e->n; i++)
		if (e->rr[i].type == DNS_T_SOA)
			free(e->rr[i].d.soa);
	free(e->rr);
	e->rr = NULL;
	e->n = 0;
}

static void remove_at(struct dns_cache *c, size_t i)
{
	entry_free(&c->v[i]);
	c->v[i] = c->v[--c->n];
}

void dns_cache_free(struct dns_cache *c)
{
	while (c->n)
		remove_at(c, c->n - 1);
	free(c->v);
	memset(c, 0, sizeof *c);
}

static struct dns_cache_entry *find(struct dns_cache *c, const char *name, uint16_t type)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].type == type && strcmp(c->v[i].name, name) == 0)
			return &c->v[i];
	return NULL;
}

/* A copy of rr that owns its SOA data. */
static void keep_rr(struct dns_rr *dst, const struct dns_rr *src, uint32_t ttl)
{
	*dst = *src;
	dst->ttl = ttl;
	if (src->type == DNS_T_SOA) {
		dst->d.soa = wl_calloc(1, sizeof *dst->d.soa);
		if (src->d.soa)
			*dst->d.soa = *src->d.soa;
	}
}

uint32_t dns_cache_put(struct dns_cache *c, const struct dns_msg *m, int64_t now_ns)
{
	if (m->qdcount != 1 || (m->flags & DNS_F_TC))
		return 0;
	unsigned rcode = dns_rcode(m);
	if (rcode != DNS_R_NOERROR && rcode != DNS_R_NXDOMAIN)
		return 0;
	const struct dns_question *q = &m->qd[0];
	uint16_t qtype = q->type;
	/* Does the answer section answer the question (a record of qtype at the
	 * end of any CNAME chain)?  Otherwise it is negative. */
	bool positive = false;
	uint32_t life = UINT32_MAX;
	for (unsigned i = 0; i < m->ancount; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->type == qtype || qtype == DNS_T_ANY)
			positive = true;
		if (rr->ttl < life)
			life = rr->ttl;
	}
	const struct dns_rr *soa = NULL;
	if (!positive || rcode == DNS_R_NXDOMAIN) {
		positive = false;
		for (unsigned i = m->ancount; i < m->ancount + m->nscount; i++)
			if (m->rr[i].type == DNS_T_SOA && m->rr[i].d.soa) {
				soa = &m->rr[i];
				break;
			}
		if (!soa)
			return 0;      /* RFC 2308 5: no SOA, no negative caching */
		uint32_t neg = soa->ttl < soa->d.soa->minimum ? soa->ttl : soa->d.soa->minimum;
		if (neg < life)
			life = neg;
	}
	if (life == 0 || life == UINT32_MAX)
		return 0;
	char name[DNS_NAME_TEXT];
	if (!dns_name_norm(q->name, name))
		return 0;

	/* Room: forget the expired, then the entry closest to expiry. */
	for (size_t i = 0; i < c->n;)
		if (c->v[i].expires_ns <= now_ns)
			remove_at(c, i);
		else
			i++;
	struct dns_cache_entry *e = find(c, name, qtype);
	if (e) {
		entry_free(e);
	} else {
		if (c->n >= c->max && c->n) {
			size_t worst = 0;
			for (size_t i = 1; i < c->n; i++)
				if (c->v[i].expires_ns < c->v[worst].expires_ns)
					worst = i;
			remove_at(c, worst);
		}
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->v = wl_realloc(c->v, c->cap * sizeof *c->v);
		}
		e = &c->v[c->n++];
	}
	memset(e, 0, sizeof *e);
	snprintf(e->name, sizeof e->name, "%s", name);
	e->type = qtype;
	e->rcode = rcode;
	e->negative = !positive;
	e->stored_ns = now_ns;
	e->expires_ns = now_ns + (int64_t)life * NS_PER_S;
	e->rr = wl_calloc((size_t)m->ancount + 1, sizeof *e->rr);
	for (unsigned i = 0; i < m->ancount; i++)
		keep_rr(&e->rr[e->n++], &m->rr[i], m->rr[i].ttl);
	e->n_an = e->n;
	if (soa)
		keep_rr(&e->rr[e->n++], soa, life);
	return life;
}

const struct dns_cache_entry *dns_cache_get(struct dns_cache *c, const char *name, uint16_t type,
					    int64_t now_ns, struct dns_msg *r, uint32_t *left)
{
	char n[DNS_NAME_TEXT];
	if (!dns_name_norm(name, n))
		return NULL;
	struct dns_cache_entry *e = find(c, n, type);
	if (!e)
		return NULL;
	if (e->expires_ns <= now_ns) {
		remove_at(c, (size_t)(e - c->v));
		return NULL;
	}
	uint32_t held = (uint32_t)((now_ns - e->stored_ns) / NS_PER_S);
	*left = (uint32_t)((e->expires_ns - now_ns + NS_PER_S - 1) / NS_PER_S);
	for (size_t i = 0; i < e->n; i++) {
		const struct dns_rr *rr = &e->rr[i];
		uint32_t ttl = rr->ttl > held ? rr->ttl - held : 0;
		dnsz_copy_rr(r, i < e->n_an ? DNS_SEC_AN : DNS_SEC_NS, rr, rr->name, ttl);
	}
	r->flags = (uint16_t)((r->flags & ~DNS_F_RCODE_MASK) | e->rcode);
	return e;
}
