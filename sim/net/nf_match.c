/* nf_match.c — does a rule match a packet?  The IP part of a rule
 * (ip_packet_match() in net/ipv4/netfilter/ip_tables.c) and the matches
 * xt_tcpudp, xt_multiport, xt_statistic, xt_mark, xt_conntrack,
 * xt_addrtype and xt_comment, each with its `!`. */
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/nf_int.h"
#include "wire/bytes.h"
#include "wire/ipv4.h"

void nf_pktinfo_parse(struct nf_pktinfo *pi, const uint8_t *ip, uint32_t len)
{
	pi->ip = ip;
	pi->len = len;
	pi->hlen = (uint8_t)((ip[0] & 0x0f) * 4);
	pi->tos = ip[1];
	pi->frag = rd_be16(ip + 6);
	pi->ttl = ip[8];
	pi->proto = ip[9];
	pi->src = rd_be32(ip + 12);
	pi->dst = rd_be32(ip + 16);
	pi->l4 = false;
	pi->sport = pi->dport = 0;
	pi->tcp_flags = 0;
	pi->icmp_type = pi->icmp_code = 0;
	if (pi->frag & IPV4_OFFMASK)
		return;                 /* no transport header in this fragment */
	const uint8_t *l4 = ip + pi->hlen;
	uint32_t l4len = len > pi->hlen ? len - pi->hlen : 0;
	switch (pi->proto) {
	case IP_PROTO_TCP:
		if (l4len >= 20) {
			pi->sport = rd_be16(l4);
			pi->dport = rd_be16(l4 + 2);
			pi->tcp_flags = l4[13];
			pi->l4 = true;
		}
		break;
	case IP_PROTO_UDP:
		if (l4len >= 8) {
			pi->sport = rd_be16(l4);
			pi->dport = rd_be16(l4 + 2);
			pi->l4 = true;
		}
		break;
	case IP_PROTO_ICMP:
		if (l4len >= 4) {
			pi->icmp_type = l4[0];
			pi->icmp_code = l4[1];
			pi->l4 = true;
		}
		break;
	}
}

bool nf_ifname_match(const char *pat, const char *name)
{
	if (!pat[0])
		return true;
	size_t len = strlen(pat);
	if (pat[len - 1] == '+')
		return strncmp(pat, name, len - 1) == 0;
	return strcmp(pat, name) == 0;
}

static bool port_in(struct nf_port_range r, uint16_t port)
{
	return port >= r.lo && port <= r.hi;
}

/* xt_tcpudp: "port_match(min, max, port, invert)". */
static bool match_tcpudp(const struct nf_m_tcp *m, const struct nf_pktinfo *pi, uint8_t proto)
{
	if (pi->proto != proto || !pi->l4)
		return false;
	if (m->has_sport && port_in(m->sport, pi->sport) == m->sport_inv)
		return false;
	if (m->has_dport && port_in(m->dport, pi->dport) == m->dport_inv)
		return false;
	if (m->has_flags && ((pi->tcp_flags & m->flags_mask) == m->flags_cmp) == m->flags_inv)
		return false;
	return true;
}

static bool match_icmp(const struct nf_m_icmp *m, const struct nf_pktinfo *pi)
{
	if (pi->proto != IP_PROTO_ICMP || !pi->l4)
		return false;
	bool hit = m->type == 0xff || (pi->icmp_type == m->type && pi->icmp_code >= m->code_lo &&
				       pi->icmp_code <= m->code_hi);
	return hit != m->inv;
}

static bool match_multiport(const struct nf_m_multiport *m, const struct nf_pktinfo *pi)
{
	if ((pi->proto != IP_PROTO_TCP && pi->proto != IP_PROTO_UDP) || !pi->l4)
		return false;
	for (unsigned i = 0; i < m->count && i < NF_MULTIPORT_MAX; i++) {
		bool s = port_in(m->ports[i], pi->sport), d = port_in(m->ports[i], pi->dport);
		if ((m->dir == NF_MP_SRC && s) || (m->dir == NF_MP_DST && d) ||
		    (m->dir == NF_MP_ANY && (s || d)))
			return !m->inv;
	}
	return m->inv;
}

static bool match_statistic(struct nf_m_statistic *m, const struct nf_pktinfo *pi)
{
	bool hit;
	if (m->mode == NF_STAT_RANDOM) {
		/* xt_statistic: (get_random_u32() & 0x7FFFFFFF) < probability */
		hit = (rng_u64(&pi->node->w->rng) & 0x7fffffffu) < m->probability;
	} else {
		uint32_t every = m->every ? m->every : 1;
		m->count = m->count + 1 >= every ? 0 : m->count + 1;
		hit = m->count == 0;
	}
	return hit != m->inv;
}

/* inet_addr_type(): broadcast for 0.0.0.0/8 and 255.255.255.255,
 * multicast for 224/4, local and subnet broadcasts from the local table,
 * unicast otherwise. */
static uint16_t addr_type(const struct node *n, uint32_t a)
{
	if ((a >> 24) == 0 || a == 0xffffffffu)
		return NF_ADDR_BROADCAST;
	if ((a >> 28) == 0xe)
		return NF_ADDR_MULTICAST;
	if (node_is_local_addr(n, a))
		return NF_ADDR_LOCAL;
	if (node_is_broadcast_addr(n, a))
		return NF_ADDR_BROADCAST;
	return NF_ADDR_UNICAST;
}

static bool match_addrtype(const struct nf_m_addrtype *m, const struct nf_pktinfo *pi)
{
	if (m->src_types && ((addr_type(pi->node, pi->src) & m->src_types) != 0) == m->src_inv)
		return false;
	if (m->dst_types && ((addr_type(pi->node, pi->dst) & m->dst_types) != 0) == m->dst_inv)
		return false;
	return true;
}

static bool match_one(struct nf_match *m, const struct nf_pktinfo *pi)
{
	switch (m->kind) {
	case NF_M_TCP: return match_tcpudp(&m->u.tcp, pi, IP_PROTO_TCP);
	case NF_M_UDP: return match_tcpudp(&m->u.tcp, pi, IP_PROTO_UDP);
	case NF_M_ICMP: return match_icmp(&m->u.icmp, pi);
	case NF_M_MULTIPORT: return match_multiport(&m->u.multiport, pi);
	case NF_M_STATISTIC: return match_statistic(&m->u.statistic, pi);
	case NF_M_MARK:
		return ((*pi->mark & m->u.mark.mask) == m->u.mark.mark) != m->u.mark.inv;
	case NF_M_CONNTRACK:
		return ((pi->ctstate & m->u.conntrack.states) != 0) != m->u.conntrack.inv;
	case NF_M_ADDRTYPE: return match_addrtype(&m->u.addrtype, pi);
	case NF_M_COMMENT: return true;
	case NF_M__COUNT: break;
	}
	return false;
}

bool nf_rule_matches(struct nf_rule *r, const struct nf_pktinfo *pi)
{
	if (((pi->src & r->src_mask) == r->src) == r->src_inv)
		return false;
	if (((pi->dst & r->dst_mask) == r->dst) == r->dst_inv)
		return false;
	if (r->in_if[0] && nf_ifname_match(r->in_if, pi->in ? pi->in->name : "") == r->in_inv)
		return false;
	if (r->out_if[0] && nf_ifname_match(r->out_if, pi->out ? pi->out->name : "") == r->out_inv)
		return false;
	if (r->proto && (pi->proto == r->proto) == r->proto_inv)
		return false;
	/* Matches in order; statistic draws only when reached, as the
	 * kernel evaluates them left to right and stops at the first miss. */
	for (size_t i = 0; i < r->n_matches; i++)
		if (!match_one(&r->matches[i], pi))
			return false;
	return true;
}
