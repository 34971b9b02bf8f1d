/* nf_nat.c — network address translation on top of conntrack, as Linux's
 * nf_nat_core.c does it.
 *
 * A connection's NAT is decided once, by the first packet (nf_nat.h's
 * "binding"), and stored as the connection's REPLY tuple: the answer will
 * come back to the translated address.  Every packet then gets
 * "invert(the other direction's tuple)" written over its addresses and
 * ports: original-direction packets are translated, replies translated
 * back.  Destination translation happens in PREROUTING/OUTPUT, source
 * translation in POSTROUTING/INPUT.
 *
 * Choosing the new tuple (get_unique_tuple()):
 *   1. source NAT keeps the original source port when the resulting
 *      connection is still unique (and an existing mapping of the same
 *      source is reused: find_appropriate_src());
 *   2. the address is the range's (one address: that one; several: a
 *      hash of the addresses — Linux's jhash differs, see below);
 *   3. if the tuple clashes with an existing connection, the port (ICMP:
 *      the echo identifier) is searched from a random offset in its
 *      range — 1-511, 600-1023 or 1024-65535 after the original port's
 *      class, or --to-ports — 128 tries, then halves, as
 *      nf_nat_l4proto_unique_tuple() does.
 * Checksums are updated incrementally (RFC 1624): the IP header for the
 * address, TCP/UDP for the pseudo-header address and the port (a UDP
 * checksum of 0 stays 0), ICMP for the identifier.
 *
 * Left out: a range of several addresses picks by a simple hash of the
 * source (and destination) rather than the kernel's jhash2, so which
 * address a flow gets differs from Linux (always within the range);
 * --persistent only drops the destination from that hash. */
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "net/nf_int.h"
#include "util/units.h"
#include "wire/bytes.h"
#include "wire/csum.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

/* ICMP messages that carry an identifier (queries and their replies). */
static bool icmp_has_id(uint8_t type)
{
	return type == ICMP_ECHO || type == ICMP_ECHOREPLY || (type >= 13 && type <= 18);
}

/* nf_nat_used_tuple(): would the connection with this original tuple
 * have a reply tuple someone already uses? */
static bool used_tuple(struct node *n, const struct ct_tuple *t, const struct ct_entry *ct)
{
	struct ct_tuple reply;
	ct_tuple_invert(t, &reply);
	return ct_tuple_taken(n, &reply, ct);
}

static uint16_t *key_of(struct ct_tuple *t, enum nf_manip manip)
{
	if (t->proto == IP_PROTO_ICMP)
		return &t->id;
	return manip == NF_MANIP_SRC ? &t->sport : &t->dport;
}

static bool l4_in_range(struct ct_tuple *t, enum nf_manip manip, const struct nf_nat_range *r)
{
	uint16_t k = *key_of(t, manip);
	return k >= r->min_port && k <= r->max_port;
}

/* nf_in_range(): for source NAT, is the tuple's source already in range? */
static bool in_range(struct ct_tuple *t, const struct nf_nat_range *r)
{
	if (r->has_addr && (t->src < r->min_addr || t->src > r->max_addr))
		return false;
	if (!r->has_ports)
		return true;
	return l4_in_range(t, NF_MANIP_SRC, r);
}

/* find_appropriate_src(): a connection from the same source already
 * mapped: reuse its mapping. */
static bool find_appropriate_src(struct node *n, const struct ct_tuple *t,
				 struct ct_tuple *result, const struct nf_nat_range *r)
{
	for (const struct ct_entry *e = ct_first(n); e; e = ct_next(e)) {
		const struct ct_tuple *o = &e->tuple[CT_DIR_ORIGINAL];
		if (!(e->status & CT_SRC_NAT) || o->proto != t->proto || o->src != t->src ||
		    (t->proto == IP_PROTO_ICMP ? o->id != t->id : o->sport != t->sport))
			continue;
		ct_tuple_invert(&e->tuple[CT_DIR_REPLY], result);
		result->dst = t->dst;
		result->dport = t->dport;
		result->type = t->type;
		result->code = t->code;
		if (in_range(result, r))
			return true;
	}
	return false;
}

static uint32_t mix(uint32_t a, uint32_t b)
{
	uint64_t h = ((uint64_t)a << 32 | b) * 0x9e3779b97f4a7c15ull;
	return (uint32_t)(h >> 32);
}

/* find_best_ips_proto(): the address from the range. */
static void best_ip(struct ct_tuple *t, const struct nf_nat_range *r, enum nf_manip manip)
{
	if (!r->has_addr)
		return;
	uint32_t *addr = manip == NF_MANIP_SRC ? &t->src : &t->dst;
	if (r->min_addr == r->max_addr) {
		*addr = r->min_addr;
		return;
	}
	uint32_t dist = r->max_addr - r->min_addr + 1;
	uint32_t h = mix(t->src, r->persistent ? 0 : t->dst);
	*addr = r->min_addr + (uint32_t)(((uint64_t)h * dist) >> 32);
}

/* nf_nat_l4proto_unique_tuple().  Returns false when nothing free was found. */
static bool unique_l4(struct node *n, struct ct_tuple *t, const struct nf_nat_range *r,
		      enum nf_manip manip, const struct ct_entry *ct)
{
	uint16_t *key = key_of(t, manip);
	uint32_t min, range_size;
	if (t->proto == IP_PROTO_ICMP) {
		if (!r->has_ports) {
			min = 0;
			range_size = 65536;
		} else {
			min = r->min_port;
			range_size = (uint32_t)r->max_port - r->min_port + 1;
		}
	} else if (!r->has_ports) {
		if (manip == NF_MANIP_DST)
			return !used_tuple(n, t, ct);      /* can't change a destination port */
		if (*key < 1024) {
			/* "Loose convention: >> 512 is credential passing" */
			if (*key < 512) {
				min = 1;
				range_size = 511;
			} else {
				min = 600;
				range_size = 1023 - 600 + 1;
			}
		} else {
			min = 1024;
			range_size = 65535 - 1024 + 1;
		}
	} else {
		uint32_t lo = r->min_port, hi = r->max_port;
		if (hi < lo) {
			uint32_t x = lo;
			lo = hi;
			hi = x;
		}
		min = lo;
		range_size = hi - lo + 1;
	}
	struct rng *rng = &n->w->rng;
	uint32_t off = (uint32_t)rng_u64(rng);
	uint32_t attempts = range_size < 128 ? range_size : 128;
	for (;;) {
		for (uint32_t i = 0; i < attempts; i++, off++) {
			*key = (uint16_t)(min + off % range_size);
			if (!used_tuple(n, t, ct))
				return true;
		}
		if (attempts >= range_size || attempts < 16)
			return false;
		attempts /= 2;
		off = (uint32_t)rng_u64(rng);
	}
}

static int unique_tuple(struct node *n, struct ct_tuple *out, const struct ct_tuple *orig,
			const struct nf_nat_range *r, const struct ct_entry *ct, enum nf_manip manip)
{
	bool random = r->random || r->random_fully;
	if (manip == NF_MANIP_SRC && !random) {
		struct ct_tuple t = *orig;
		if (in_range(&t, r)) {
			if (!used_tuple(n, orig, ct)) {
				*out = *orig;
				return 0;
			}
		} else if (find_appropriate_src(n, orig, out, r)) {
			if (!used_tuple(n, out, ct))
				return 0;
		}
	}
	*out = *orig;
	best_ip(out, r, manip);
	if (!random) {
		if (r->has_ports) {
			if (l4_in_range(out, manip, r) &&
			    (r->min_port == r->max_port || !used_tuple(n, out, ct)))
				return 0;
		} else if (!used_tuple(n, out, ct)) {
			return 0;
		}
	}
	return unique_l4(n, out, r, manip, ct) ? 0 : -1;
}

int nf_nat_setup(struct node *n, struct ct_entry *ct, const struct nf_nat_range *range,
		 enum nf_manip manip, uint32_t masq_src)
{
	struct ct_tuple curr, nt;
	ct_tuple_invert(&ct->tuple[CT_DIR_REPLY], &curr);
	struct nf_nat_range r;
	if (range) {
		r = *range;
		if (masq_src) {
			r.has_addr = true;
			r.min_addr = r.max_addr = masq_src;
		}
	} else {
		/* nf_nat_alloc_null_binding(): the same address, made unique. */
		memset(&r, 0, sizeof r);
		r.has_addr = true;
		r.min_addr = r.max_addr = manip == NF_MANIP_SRC ? curr.src : curr.dst;
	}
	ct->nat_done[manip] = true;
	if (unique_tuple(n, &nt, &curr, &r, ct, manip) != 0)
		return -1;
	if (!ct_tuple_equal(&nt, &curr)) {
		ct_tuple_invert(&nt, &ct->tuple[CT_DIR_REPLY]);
		ct->status |= manip == NF_MANIP_SRC ? CT_SRC_NAT : CT_DST_NAT;
	}
	return 0;
}

/* ---------------------------------------------------------------- rewriting */

static void set_addr(uint8_t *ip, unsigned off, uint32_t addr, uint8_t *l4csum, bool pseudo)
{
	uint32_t old = rd_be32(ip + off);
	if (old == addr)
		return;
	uint16_t c = rd_be16(ip + 10);
	c = csum_update16(c, (uint16_t)(old >> 16), (uint16_t)(addr >> 16));
	c = csum_update16(c, (uint16_t)old, (uint16_t)addr);
	wr_be16(ip + 10, c);
	if (l4csum && pseudo) {
		uint16_t l = rd_be16(l4csum);
		l = csum_update16(l, (uint16_t)(old >> 16), (uint16_t)(addr >> 16));
		l = csum_update16(l, (uint16_t)old, (uint16_t)addr);
		wr_be16(l4csum, l);
	}
	wr_be32(ip + off, addr);
}

static void set_port(uint8_t *field, uint16_t v, uint8_t *l4csum)
{
	uint16_t old = rd_be16(field);
	if (old == v)
		return;
	if (l4csum)
		wr_be16(l4csum, csum_update16(rd_be16(l4csum), old, v));
	wr_be16(field, v);
}

/* nf_nat_ipv4_manip_pkt() for the packet at ip, of which `avail` bytes
 * are present (a quote in an ICMP error may be cut short: then the
 * transport checksum is left alone, as the kernel does without the whole
 * header).  target: the tuple to write; manip: which side. */
static void manip_pkt(uint8_t *ip, uint32_t avail, const struct ct_tuple *target,
		      enum nf_manip manip)
{
	uint32_t hl = (uint32_t)(ip[0] & 0x0f) * 4u;
	bool first = (rd_be16(ip + 6) & IPV4_OFFMASK) == 0;
	uint8_t *l4 = ip + hl;
	uint32_t l4len = avail > hl ? avail - hl : 0;
	uint8_t *csum = NULL;
	bool pseudo = false;
	if (first) {
		switch (ip[9]) {
		case IP_PROTO_TCP:
			if (l4len >= 20) {
				csum = l4 + 16;
				pseudo = true;
			}
			break;
		case IP_PROTO_UDP:
			/* A zero UDP checksum means "none" and stays so. */
			if (l4len >= 8 && rd_be16(l4 + 6) != 0) {
				csum = l4 + 6;
				pseudo = true;
			}
			break;
		case IP_PROTO_ICMP:
			if (l4len >= 8)
				csum = l4 + 2;
			break;
		}
	}
	if (first && l4len >= 8) {
		if (ip[9] == IP_PROTO_TCP || ip[9] == IP_PROTO_UDP) {
			if (manip == NF_MANIP_SRC)
				set_port(l4, target->sport, csum);
			else
				set_port(l4 + 2, target->dport, csum);
		} else if (ip[9] == IP_PROTO_ICMP && icmp_has_id(l4[0])) {
			set_port(l4 + 4, target->id, csum);
		}
	}
	if (manip == NF_MANIP_SRC)
		set_addr(ip, 12, target->src, csum, pseudo);
	else
		set_addr(ip, 16, target->dst, csum, pseudo);
	/* RFC 768: a computed UDP checksum of 0 is sent as all ones. */
	if (csum && ip[9] == IP_PROTO_UDP && rd_be16(csum) == 0)
		wr_be16(csum, 0xffff);
}

/* nf_nat_icmp_reply_translation(): the quoted packet travelled the other
 * way, so it gets the opposite manip; the ICMP checksum is recomputed
 * over the whole message; then the outer header gets the normal one. */
static void icmp_reply_translation(struct ct_entry *ct, enum ct_dir dir, enum nf_manip manip,
				   uint8_t *ip, uint32_t len)
{
	uint32_t hl = (uint32_t)(ip[0] & 0x0f) * 4u;
	uint32_t total = rd_be16(ip + 2);
	if (total > len)
		total = len;
	if (total < hl + ICMP_HLEN + IPV4_HLEN)
		return;
	uint8_t *inner = ip + hl + ICMP_HLEN;
	manip_pkt(inner, total - hl - ICMP_HLEN, &ct->tuple[!dir],
		  manip == NF_MANIP_SRC ? NF_MANIP_DST : NF_MANIP_SRC);
	uint8_t *icmp = ip + hl;
	wr_be16(icmp + 2, 0);
	wr_be16(icmp + 2, csum_inet(icmp, total - hl));
	struct ct_tuple target;
	ct_tuple_invert(&ct->tuple[!dir], &target);
	/* "proto 0 means don't invert per-proto part": addresses only. */
	if (manip == NF_MANIP_SRC)
		set_addr(ip, 12, target.src, NULL, false);
	else
		set_addr(ip, 16, target.dst, NULL, false);
}

void nf_nat_packet(struct node *n, struct ct_entry *ct, enum ct_dir dir, bool related,
		   enum nf_manip manip, uint8_t *ip, uint32_t len)
{
	(void)n;
	uint32_t bit = manip == NF_MANIP_SRC ? CT_SRC_NAT : CT_DST_NAT;
	/* "Invert if this is reply direction" */
	if (dir == CT_DIR_REPLY)
		bit = bit == CT_SRC_NAT ? CT_DST_NAT : CT_SRC_NAT;
	if (!(ct->status & bit))
		return;
	if (related && ip[9] == IP_PROTO_ICMP) {
		icmp_reply_translation(ct, dir, manip, ip, len);
		return;
	}
	struct ct_tuple target;
	ct_tuple_invert(&ct->tuple[!dir], &target);
	manip_pkt(ip, len, &target, manip);
}

void nf_nat_range_format(const struct nf_nat_range *r, char *buf, size_t len)
{
	char a[16], b[16];
	size_t k = 0;
	buf[0] = '\0';
	if (r->has_addr) {
		units_format_ipv4(r->min_addr, a);
		units_format_ipv4(r->max_addr, b);
		k += (size_t)snprintf(buf + k, len - k, "%s", a);
		if (r->max_addr != r->min_addr && k < len)
			k += (size_t)snprintf(buf + k, len - k, "-%s", b);
	}
	if (r->has_ports && k < len) {
		k += (size_t)snprintf(buf + k, len - k, ":%u", r->min_port);
		if (r->max_port != r->min_port && k < len)
			snprintf(buf + k, len - k, "-%u", r->max_port);
	}
}
