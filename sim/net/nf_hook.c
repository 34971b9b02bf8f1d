/* nf_hook.c — packets through the hooks: the tables in priority order,
 * conntrack, NAT, and the targets' actions (net/netfilter/core.c,
 * ip_tables.c ipt_do_table(), nf_conntrack_core.c nf_conntrack_in(),
 * nf_nat_core.c nf_nat_inet_fn(), nf_reject_ipv4.c).
 *
 * Order at each hook (priorities of netfilter_ipv4.h):
 *   PREROUTING   defrag -400, raw -300, conntrack -200, mangle -150, nat(DNAT) -100
 *   INPUT        mangle -150, filter 0, nat(SNAT) 100, conntrack confirm
 *   FORWARD      mangle -150, filter 0
 *   OUTPUT       raw -300, conntrack -200, mangle -150, nat(DNAT) -100, filter 0
 *   POSTROUTING  mangle -150, nat(SNAT) 100, conntrack confirm
 * A table takes part only once it exists (nf.h `present`); conntrack and
 * defragmentation only while some rule needs them (nf.h `ct_users`).
 *
 * Reassembly: while conntrack is on, fragments are reassembled at
 * PREROUTING before anything else looks at them (nf_defrag_ipv4), also
 * when they are to be forwarded; the forwarding path then fragments the
 * whole datagram again for the outgoing MTU (Linux refragments to the
 * largest fragment size it received — here to the MTU).  An incomplete
 * datagram is dropped after 30 s as in frag.c (Linux sends no ICMP for a
 * defrag queue that is not local; frag.c's does when the first fragment
 * came).
 *
 * Per-packet state (skb->mark, the conntrack entry and its state) lives in
 * a 16-slot ring keyed by packet id (nf.h struct nf_pktctx): a packet
 * keeps its mark and connection from PREROUTING/OUTPUT to INPUT/
 * POSTROUTING, and across lo.  An unconfirmed entry belongs to the packet
 * that made it and is freed when that packet dies before confirmation. */
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/frag.h"
#include "net/icmp.h"
#include "net/nf_int.h"
#include "net/route.h"
#include "net/stack.h"
#include "util/units.h"
#include "wire/bytes.h"
#include "wire/eth.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/tcp.h"

#define RING_SLOTS (sizeof ((struct nf_state *)0)->ring / sizeof ((struct nf_state *)0)->ring[0])

/* ---------------------------------------------------------------- context */

static struct nf_pktctx *ctx_find(struct nf_state *s, uint64_t id)
{
	for (unsigned i = 0; i < RING_SLOTS; i++)
		if (s->ring[i].pkt_id == id)
			return &s->ring[i];
	return NULL;
}

static void ctx_drop_ct(struct node *n, struct nf_pktctx *cx)
{
	if (cx->ct && cx->owner && !(cx->ct->status & CT_CONFIRMED))
		ct_discard(n, cx->ct);     /* clears cx->ct through nf_ctx_forget */
	cx->ct = NULL;
	cx->owner = false;
}

/* A packet starts a new journey through this node: a buffer keeps its
 * id when it crosses a cable or is turned round (an echo reply reuses the
 * request), so what an older pass left under the same id is forgotten. */
static struct nf_pktctx *ctx_new(struct node *n, uint64_t id)
{
	struct nf_state *s = n->nf;
	for (unsigned i = 0; i < RING_SLOTS; i++)
		if (s->ring[i].pkt_id == id) {
			ctx_drop_ct(n, &s->ring[i]);
			s->ring[i].pkt_id = 0;
		}
	struct nf_pktctx *cx = &s->ring[s->ring_next++ % RING_SLOTS];
	ctx_drop_ct(n, cx);
	memset(cx, 0, sizeof *cx);
	cx->pkt_id = id;
	return cx;
}

void nf_ctx_forget(struct node *n, const struct ct_entry *e)
{
	struct nf_state *s = n->nf;
	if (!s)
		return;
	for (unsigned i = 0; i < RING_SLOTS; i++)
		if (s->ring[i].ct == e) {
			s->ring[i].ct = NULL;
			s->ring[i].owner = false;
		}
}

static void remember_header(struct nf_pktctx *cx, const struct pkt *p);

/* ---------------------------------------------------------------- helpers */

static uint32_t ip_len(const struct pkt *p)
{
	uint32_t total = p->len >= IPV4_HLEN ? rd_be16(p->data + 2) : p->len;
	return total < p->len ? total : p->len;
}

static void fill_info(struct nf_pktinfo *pi, struct node *n, enum nf_hook hook,
		      const struct netdev *in, const struct netdev *out, const struct pkt *p,
		      struct nf_pktctx *cx)
{
	pi->node = n;
	pi->hook = hook;
	pi->in = in;
	pi->out = out;
	nf_pktinfo_parse(pi, p->data, ip_len(p));
	pi->mark = &cx->mark;
	uint16_t st = cx->ct ? cx->ctinfo : NF_CT_INVALID;
	if (cx->ct && (cx->ct->status & CT_SRC_NAT))
		st |= NF_CT_SNAT;
	if (cx->ct && (cx->ct->status & CT_DST_NAT))
		st |= NF_CT_DNAT;
	pi->ctstate = st;
}

static struct nf_chain *base_chain(struct nf_table *t, enum nf_hook hook)
{
	for (size_t i = 0; i < t->n_chains && t->chains[i]->builtin; i++)
		if (t->chains[i]->hook == hook)
			return t->chains[i];
	return NULL;
}

static void fmt_addr_port(char *buf, size_t len, uint32_t a, uint16_t port, bool with_port)
{
	char s[16];
	units_format_ipv4(a, s);
	if (with_port)
		snprintf(buf, len, "%s:%u", s, port);
	else
		snprintf(buf, len, "%s", s);
}

/* ---------------------------------------------------------------- REJECT */

/* Send a locally built IPv4 packet through OUTPUT and POSTROUTING, as
 * ip_local_out() does for the kernel's own packets (a TCP reset). */
static void local_out(struct node *n, struct pkt *p)
{
	uint32_t dst = rd_be32(p->data + 16);
	struct netdev *dev;
	uint32_t nexthop = dst;
	if (node_is_local_addr(n, dst)) {
		dev = n->lo;
	} else {
		const struct route *r = route_lookup(n, dst);
		if (!r || r->type != RT_UNICAST || !r->dev) {
			pkt_free(n->w, p);
			return;
		}
		dev = r->dev;
		nexthop = r->gw ? r->gw : dst;
	}
	p->l3_off = (uint32_t)(p->data - p->buf);
	if (nf_hook(n, NF_HOOK_OUTPUT, &p, NULL, dev) != NF_ACCEPT)
		return;
	if (nf_hook(n, NF_HOOK_POSTROUTING, &p, NULL, dev) != NF_ACCEPT)
		return;
	ip_output(n, dev, nexthop, p);
}

/* nf_send_reset(): a RST answering the segment, with the original's
 * connection attached (nf_ct_attach) so that NAT turns it round too. */
static void send_reset(struct node *n, const struct pkt *orig, const struct nf_pktinfo *pi,
		       struct nf_pktctx *ocx)
{
	const uint8_t *ip = orig->data;
	const uint8_t *th = ip + pi->hlen;
	if (!pi->l4 || pi->proto != IP_PROTO_TCP || (pi->tcp_flags & TCP_FLAG_RST))
		return;
	if (node_is_broadcast_addr(n, pi->dst) || (pi->dst >> 28) == 0xe)
		return;
	struct pkt *p = pkt_alloc(n->w, IPV4_HLEN + 20);
	struct tcp_repr t;
	memset(&t, 0, sizeof t);
	t.sport = pi->dport;
	t.dport = pi->sport;
	if (pi->tcp_flags & TCP_FLAG_ACK) {
		t.seq = rd_be32(th + 8);
		t.flags = TCP_FLAG_RST;
	} else {
		uint32_t doff = (uint32_t)(th[12] >> 4) * 4u;
		uint32_t data = pi->len > pi->hlen + doff ? pi->len - pi->hlen - doff : 0;
		t.ack = rd_be32(th + 4) + ((pi->tcp_flags & TCP_FLAG_SYN) ? 1 : 0) +
			((pi->tcp_flags & TCP_FLAG_FIN) ? 1 : 0) + data;
		t.flags = TCP_FLAG_RST | TCP_FLAG_ACK;
	}
	tcp_emit(p->data + IPV4_HLEN, 20, pi->dst, pi->src, &t);
	/* nf_reject_iphdr_put(): tos 0, id 0, DF, the route's hop limit. */
	struct ipv4_repr r = { .tos = 0, .total_len = IPV4_HLEN + 20, .id = 0, .frag = IPV4_DF,
			       .ttl = (uint8_t)n->sysctl.ip_default_ttl, .proto = IP_PROTO_TCP,
			       .src = pi->dst, .dst = pi->src };
	ipv4_emit(p->data, &r);
	struct nf_pktctx *cx = ctx_new(n, p->id);
	cx->tracked = true;
	cx->preset = true;
	if (ocx && ocx->ct) {
		cx->ct = ocx->ct;
		cx->reply = !ocx->reply;
		cx->ctinfo = NF_CT_RELATED;
	}
	uint64_t id = p->id;
	local_out(n, p);
	/* The attachment ends here: a later lookup of this packet (over lo)
	 * finds its connection by tuple. */
	struct nf_pktctx *after = ctx_find(n->nf, id);
	if (after) {
		after->ct = NULL;
		after->tracked = false;
	}
}

static uint8_t reject_code(enum nf_reject_with w)
{
	switch (w) {
	case NF_REJ_ICMP_NET_UNREACHABLE: return ICMP_NET_UNREACH;
	case NF_REJ_ICMP_HOST_UNREACHABLE: return ICMP_HOST_UNREACH;
	case NF_REJ_ICMP_PROT_UNREACHABLE: return ICMP_PROT_UNREACH;
	case NF_REJ_ICMP_NET_PROHIBITED: return 9;
	case NF_REJ_ICMP_HOST_PROHIBITED: return 10;
	case NF_REJ_ICMP_ADMIN_PROHIBITED: return ICMP_PKT_FILTERED;
	default: return ICMP_PORT_UNREACH;
	}
}

/* ---------------------------------------------------------------- tables */

enum tverdict { TV_ACCEPT, TV_STOLEN };

struct run {
	struct node *n;
	enum nf_table_id table;
	enum nf_hook hook;
	struct pkt *p;
	struct nf_pktinfo *pi;
	struct nf_pktctx *cx;
};

static void describe_target(const struct run *r, const struct nf_rule *rule, char *buf, size_t len)
{
	const struct nf_target *tg = &rule->target;
	char range[64];
	switch (tg->kind) {
	case NF_T_NONE: snprintf(buf, len, "no target (counted)"); break;
	case NF_T_JUMP: snprintf(buf, len, "jump to %s", tg->chain ? tg->chain->name : "?"); break;
	case NF_T_GOTO: snprintf(buf, len, "goto %s", tg->chain ? tg->chain->name : "?"); break;
	case NF_T_REJECT:
		snprintf(buf, len, "REJECT with %s", nf_reject_name(tg->u.reject));
		break;
	case NF_T_MARK:
		snprintf(buf, len, "MARK set 0x%x", (*r->pi->mark & ~tg->u.mark.mask) ^ tg->u.mark.value);
		break;
	case NF_T_DNAT:
		nf_nat_range_format(&tg->u.nat, range, sizeof range);
		snprintf(buf, len, "DNAT to %s", range);
		break;
	case NF_T_SNAT:
		nf_nat_range_format(&tg->u.nat, range, sizeof range);
		snprintf(buf, len, "SNAT to %s", range);
		break;
	default: snprintf(buf, len, "%s", nf_target_name(tg->kind)); break;
	}
}

static void drop(const struct run *r, enum drop_reason why, const char *fmt, const char *chain,
		 size_t num)
{
	ctx_drop_ct(r->n, r->cx);
	if (num)
		pkt_drop(r->n->w, r->p, r->n, r->pi->in ? r->pi->in : r->pi->out, TL_IP, why, fmt,
			 nf_table_name(r->table), chain, num);
	else
		pkt_drop(r->n->w, r->p, r->n, r->pi->in ? r->pi->in : r->pi->out, TL_IP, why, fmt,
			 nf_table_name(r->table), chain);
}

/* A NAT target: decide the connection's translation (nf_nat_setup_info). */
static enum tverdict nat_target(const struct run *r, const struct nf_rule *rule,
				const char *chain, size_t num)
{
	struct node *n = r->n;
	struct ct_entry *ct = r->cx->ct;
	const struct nf_target *tg = &rule->target;
	enum nf_manip manip = tg->kind == NF_T_DNAT ? NF_MANIP_DST : NF_MANIP_SRC;
	if (!ct || ct->nat_done[manip])
		return TV_ACCEPT;
	uint32_t masq = 0;
	if (tg->kind == NF_T_MASQUERADE) {
		/* nf_nat_masquerade_ipv4(): the egress device's address
		 * for the next hop (inet_select_addr). */
		const struct route *rt = route_lookup(n, r->pi->dst);
		uint32_t nh = rt && rt->gw ? rt->gw : r->pi->dst;
		masq = r->pi->out ? netdev_pick_src(r->pi->out, nh) : 0;
		if (!masq) {
			ctx_drop_ct(n, r->cx);
			pkt_drop(n->w, r->p, n, r->pi->out, TL_IP, DROP_NF_NAT_FAILED,
				 "nat %s rule %zu: MASQUERADE: %s has no IPv4 address", chain, num,
				 r->pi->out ? r->pi->out->name : "?");
			return TV_STOLEN;
		}
	}
	if (nf_nat_setup(n, ct, &tg->u.nat, manip, masq) != 0) {
		ctx_drop_ct(n, r->cx);
		pkt_drop(n->w, r->p, n, r->pi->in ? r->pi->in : r->pi->out, TL_IP, DROP_NF_NAT_FAILED,
			 "nat %s rule %zu: %s: no free port for a unique connection", chain, num,
			 nf_target_name(tg->kind));
		return TV_STOLEN;
	}
	if (trace_wants(n->w, TR_DECISION)) {
		const struct ct_tuple *o = &ct->tuple[CT_DIR_ORIGINAL];
		struct ct_tuple now;
		ct_tuple_invert(&ct->tuple[CT_DIR_REPLY], &now);
		bool ports = o->proto != IP_PROTO_ICMP;
		char a[32], b[32];
		if (manip == NF_MANIP_DST) {
			fmt_addr_port(a, sizeof a, o->dst, o->dport, ports);
			fmt_addr_port(b, sizeof b, now.dst, now.dport, ports);
		} else {
			fmt_addr_port(a, sizeof a, o->src, ports ? o->sport : o->id, true);
			fmt_addr_port(b, sizeof b, now.src, ports ? now.sport : now.id, true);
		}
		char what[96];
		describe_target(r, rule, what, sizeof what);
		trace_decision(n->w, n, r->pi->in ? r->pi->in : r->pi->out, r->p, TL_IP, "iptables",
			       "nat %s rule %zu: %s: %s %s -> %s%s", chain, num,
			       tg->kind == NF_T_MASQUERADE ? "MASQUERADE" : what,
			       manip == NF_MANIP_DST ? "destination" : "source", a, b,
			       ct_tuple_equal(&now, o) ? " (unchanged)" : "");
	}
	return TV_ACCEPT;
}

static enum tverdict run_table(struct run *r)
{
	struct node *n = r->n;
	struct world *w = n->w;
	struct nf_table *t = &n->nf->tables[r->table];
	if (!t->present)
		return TV_ACCEPT;
	struct nf_chain *base = base_chain(t, r->hook);
	if (!base)
		return TV_ACCEPT;
	struct frame { struct nf_chain *c; size_t i; } stack[20];
	int depth = 0;
	struct nf_chain *c = base;
	size_t i = 0;
	uint32_t bytes = r->pi->len;
	for (;;) {
		if (i >= c->n_rules) {
			if (depth == 0 || c == base)
				break;  /* fell off a base chain: its policy */
			depth--;
			c = stack[depth].c;
			i = stack[depth].i + 1;
			continue;
		}
		struct nf_rule *rule = &c->rules[i];
		if (!nf_rule_matches(rule, r->pi)) {
			i++;
			continue;
		}
		rule->pkts++;
		rule->bytes += bytes;
		size_t num = i + 1;
		const struct nf_target *tg = &rule->target;
		if (trace_wants(w, TR_DECISION) && tg->kind != NF_T_DNAT && tg->kind != NF_T_SNAT &&
		    tg->kind != NF_T_MASQUERADE) {
			char what[96];
			describe_target(r, rule, what, sizeof what);
			trace_decision(w, n, r->pi->in ? r->pi->in : r->pi->out, r->p, TL_IP, "iptables",
				       "%s %s rule %zu: %s", nf_table_name(r->table), c->name, num, what);
		}
		switch (tg->kind) {
		case NF_T_NONE:
			i++;
			continue;
		case NF_T_ACCEPT:
			return TV_ACCEPT;
		case NF_T_DROP:
			drop(r, DROP_NF_DROP, "dropped by iptables rule (table %s, chain %s, rule %zu)",
			     c->name, num);
			return TV_STOLEN;
		case NF_T_RETURN:
			if (depth == 0)
				goto policy;
			depth--;
			c = stack[depth].c;
			i = stack[depth].i + 1;
			continue;
		case NF_T_JUMP:
			if (!tg->chain || depth >= (int)(sizeof stack / sizeof stack[0])) {
				i++;
				continue;
			}
			stack[depth].c = c;
			stack[depth].i = i;
			depth++;
			c = tg->chain;
			i = 0;
			continue;
		case NF_T_GOTO:
			/* -g: no return here; RETURN goes back to the last -j. */
			if (!tg->chain) {
				i++;
				continue;
			}
			if (depth == 0) {
				/* From a base chain: the chain's end is the policy. */
				stack[depth].c = c;
				stack[depth].i = c->n_rules;
				depth++;
			}
			c = tg->chain;
			i = 0;
			continue;
		case NF_T_REJECT:
			remember_header(r->cx, r->p);
			if (tg->u.reject == NF_REJ_TCP_RESET)
				send_reset(n, r->p, r->pi, r->cx);
			else
				icmp_send_error(n, r->p, ICMP_DEST_UNREACH, reject_code(tg->u.reject));
			drop(r, DROP_NF_REJECT,
			     "rejected by iptables rule (table %s, chain %s, rule %zu)", c->name, num);
			return TV_STOLEN;
		case NF_T_LOG: {
			char line[600];
			const uint8_t *mac = r->pi->in && !r->cx->reassembled &&
						     pkt_headroom(r->p) >= ETH_HLEN
						     ? r->p->data - ETH_HLEN : NULL;
			nf_log_format(line, sizeof line, tg->u.log.prefix, r->pi->in, r->pi->out, mac,
				      r->p->data, r->pi->len, *r->pi->mark);
			trace_log(w, n, "LOG", "%s", line);
			i++;
			continue;
		}
		case NF_T_MARK:
			*r->pi->mark = (*r->pi->mark & ~tg->u.mark.mask) ^ tg->u.mark.value;
			i++;
			continue;
		case NF_T_DNAT:
		case NF_T_SNAT:
		case NF_T_MASQUERADE:
			return nat_target(r, rule, c->name, num);
		case NF_T__COUNT:
			break;
		}
		i++;
	}
policy:
	if (base->policy_set) {
		base->policy_pkts++;
		base->policy_bytes += bytes;
	}
	if (trace_wants(w, TR_DECISION) && (base->n_rules || base->policy == NF_POLICY_DROP))
		trace_decision(w, n, r->pi->in ? r->pi->in : r->pi->out, r->p, TL_IP, "iptables",
			       "%s %s policy %s", nf_table_name(r->table), base->name,
			       base->policy == NF_POLICY_DROP ? "DROP" : "ACCEPT");
	if (base->policy == NF_POLICY_DROP) {
		ctx_drop_ct(n, r->cx);
		pkt_drop(w, r->p, n, r->pi->in ? r->pi->in : r->pi->out, TL_IP, DROP_NF_DROP,
			 "dropped by iptables policy (table %s, chain %s, policy DROP)",
			 nf_table_name(r->table), base->name);
		return TV_STOLEN;
	}
	return TV_ACCEPT;
}

/* ---------------------------------------------------------------- conntrack */

static bool icmp_is_error(uint8_t type)
{
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED || type == 4 ||
	       type == 5 || type == 12;
}

/* The slot of the packet an ICMP error at ip quotes: same addresses,
 * identification and protocol as it last left a hook, with a connection. */
static const struct nf_pktctx *quoted_ctx(const struct nf_state *s, const uint8_t *ip,
					   uint32_t len, const struct nf_pktctx *self)
{
	uint32_t hl = (uint32_t)(ip[0] & 0x0f) * 4u;
	if (len < hl + ICMP_HLEN + IPV4_HLEN)
		return NULL;
	const uint8_t *q = ip + hl + ICMP_HLEN;
	uint32_t qs = rd_be32(q + 12), qd = rd_be32(q + 16);
	uint16_t qid = rd_be16(q + 4);
	for (unsigned i = 0; i < RING_SLOTS; i++) {
		const struct nf_pktctx *o = &s->ring[i];
		if (o != self && o->ct && o->q_src == qs && o->q_dst == qd && o->q_id == qid &&
		    o->q_proto == q[9])
			return o;
	}
	return NULL;
}

static void remember_header(struct nf_pktctx *cx, const struct pkt *p)
{
	if (p->len < IPV4_HLEN)
		return;
	cx->q_src = rd_be32(p->data + 12);
	cx->q_dst = rd_be32(p->data + 16);
	cx->q_id = rd_be16(p->data + 4);
	cx->q_proto = p->data[9];
}

/* nf_conntrack_in(): find or make the packet's connection. */
static void ct_in(struct node *n, struct nf_pktctx *cx, struct pkt *p,
		  const struct nf_pktinfo *pi, bool may_create)
{
	if (cx->tracked)
		return;
	cx->tracked = true;
	cx->ct = NULL;
	cx->owner = false;
	cx->ctinfo = NF_CT_INVALID;
	if (pi->proto == IP_PROTO_ICMP && pi->l4 && icmp_is_error(pi->icmp_type)) {
		enum ct_dir dir;
		struct ct_entry *ct = ct_lookup_related(n, p->data, pi->len, &dir);
		if (ct) {
			cx->ct = ct;
			cx->reply = dir == CT_DIR_REPLY;
			cx->ctinfo = NF_CT_RELATED;
			return;
		}
		/* An error this node makes about a packet it is handling (a
		 * REJECT, TTL exceeded, ...) carries that packet's connection,
		 * confirmed or not yet, as icmp_send() attaches it in Linux. */
		const struct nf_pktctx *o = quoted_ctx(n->nf, p->data, pi->len, cx);
		if (o) {
			cx->ct = o->ct;
			cx->reply = !o->reply;
			cx->ctinfo = NF_CT_RELATED;
		}
		return;
	}
	struct ct_tuple t;
	if (ct_tuple_of(p->data, pi->len, &t) != 0)
		return;
	for (int tries = 0; tries < 2; tries++) {
		enum ct_dir dir = CT_DIR_ORIGINAL;
		struct ct_entry *ct = ct_lookup(n, &t, &dir);
		bool fresh = false;
		if (!ct) {
			if (!may_create || (t.proto == IP_PROTO_ICMP && !ct_icmp_can_open(t.type)))
				return;
			ct = ct_new(n, &t);
			fresh = true;
		}
		int rc = ct_update(n, ct, dir, pi->tcp_flags, pi->len);
		if (rc == CT_UPD_REOPEN)
			continue;
		bool killed = rc == CT_UPD_KILL;
		if (killed) {
			/* Out of the table now; this packet still gets its NAT,
			 * and frees the entry when it is done. */
			ct_kill(n, ct, "the only answer was a RST: deleted at once");
		}
		if (rc == CT_UPD_INVALID) {
			if (fresh)
				ct_discard(n, ct);
			return;
		}
		if (fresh)
			ct_trace_new(n, ct);
		cx->ct = ct;
		cx->owner = fresh || killed;
		cx->reply = dir == CT_DIR_REPLY;
		cx->ctinfo = (dir == CT_DIR_REPLY || (ct->status & CT_SEEN_REPLY)) ? NF_CT_ESTABLISHED
										  : NF_CT_NEW;
		return;
	}
}

static void ct_confirm_pkt(struct node *n, struct nf_pktctx *cx)
{
	/* __nf_conntrack_confirm(): only the packet that made the entry,
	 * travelling in the original direction. */
	if (cx->ct && cx->owner && !cx->reply &&
	    !(cx->ct->status & (CT_CONFIRMED | CT_DYING))) {
		ct_confirm(n, cx->ct);
		cx->owner = false;
	}
}

/* nf_nat_inet_fn(): the nat table for a new connection, then the
 * connection's translation for every packet. */
static enum tverdict nat_hook(struct run *r)
{
	struct node *n = r->n;
	struct nf_pktctx *cx = r->cx;
	if (!n->nf->tables[NF_TABLE_NAT].present || !cx->ct)
		return TV_ACCEPT;
	enum nf_manip manip = (r->hook == NF_HOOK_PREROUTING || r->hook == NF_HOOK_OUTPUT)
				      ? NF_MANIP_DST : NF_MANIP_SRC;
	struct ct_entry *ct = cx->ct;
	enum ct_dir dir = cx->reply ? CT_DIR_REPLY : CT_DIR_ORIGINAL;
	if (cx->ctinfo == NF_CT_RELATED) {
		nf_nat_packet(n, ct, dir, r->pi->proto == IP_PROTO_ICMP, manip, r->p->data, r->pi->len);
		return TV_ACCEPT;
	}
	if (cx->ctinfo == NF_CT_NEW && !cx->reply && !ct->nat_done[manip]) {
		r->table = NF_TABLE_NAT;
		if (run_table(r) == TV_STOLEN)
			return TV_STOLEN;
		if (!ct->nat_done[manip] && nf_nat_setup(n, ct, NULL, manip, 0) != 0) {
			ctx_drop_ct(n, cx);
			pkt_drop(n->w, r->p, n, r->pi->in ? r->pi->in : r->pi->out, TL_IP,
				 DROP_NF_NAT_FAILED, "no free port to keep the connection unique");
			return TV_STOLEN;
		}
	}
	uint32_t s0 = r->pi->src, d0 = r->pi->dst;
	uint16_t sp0 = r->pi->sport, dp0 = r->pi->dport;
	nf_nat_packet(n, ct, dir, false, manip, r->p->data, r->pi->len);
	if (trace_wants(n->w, TR_DECISION)) {
		uint32_t s1 = rd_be32(r->p->data + 12), d1 = rd_be32(r->p->data + 16);
		struct nf_pktinfo after;
		nf_pktinfo_parse(&after, r->p->data, r->pi->len);
		if (s1 != s0 || d1 != d0 || after.sport != sp0 || after.dport != dp0) {
			bool ports = r->pi->proto != IP_PROTO_ICMP;
			char a[32], b[32];
			if (manip == NF_MANIP_DST) {
				fmt_addr_port(a, sizeof a, d0, dp0, ports);
				fmt_addr_port(b, sizeof b, d1, after.dport, ports);
			} else {
				fmt_addr_port(a, sizeof a, s0, sp0, ports);
				fmt_addr_port(b, sizeof b, s1, after.sport, ports);
			}
			trace_decision(n->w, n, r->pi->in ? r->pi->in : r->pi->out, r->p, TL_IP, "nat",
				       "conntrack: %s %s -> %s (%s)",
				       manip == NF_MANIP_DST ? "destination" : "source", a, b,
				       dir == CT_DIR_REPLY ? "reply: translated back" : "original direction");
		}
	}
	return TV_ACCEPT;
}

/* ---------------------------------------------------------------- the hook */

static bool is_fragment(const struct pkt *p)
{
	return p->len >= IPV4_HLEN && (rd_be16(p->data + 6) & (IPV4_MF | IPV4_OFFMASK));
}

enum nf_verdict nf_hook(struct node *n, enum nf_hook hook, struct pkt **pp,
			const struct netdev *in, const struct netdev *out)
{
	struct nf_state *s = n->nf;
	if (!s)
		return NF_ACCEPT;
	/* State made by a listing only (no table exists): nothing to do. */
	if (!s->tables[NF_TABLE_FILTER].present && !s->tables[NF_TABLE_NAT].present &&
	    !s->tables[NF_TABLE_MANGLE].present && !s->tables[NF_TABLE_RAW].present)
		return NF_ACCEPT;
	struct pkt *p = *pp, *p_in = *pp;
	bool ct_on = s->ct_users > 0;
	if (hook == NF_HOOK_PREROUTING && ct_on && is_fragment(p)) {
		/* nf_defrag_ipv4: conntrack needs whole datagrams. */
		p = ip_reassemble(n, (struct netdev *)in, p);
		*pp = p;
		if (!p)
			return NF_STOLEN;
		p->l3_off = (uint32_t)(p->data - p->buf);
	}
	bool reassembled = *pp != p_in;
	/* PREROUTING (from a device) and OUTPUT begin a pass; over lo a
	 * packet keeps what OUTPUT gave it, as the skb does. */
	struct nf_pktctx *cx = NULL;
	bool begins = hook == NF_HOOK_OUTPUT || (hook == NF_HOOK_PREROUTING && in != n->lo);
	cx = ctx_find(s, p->id);
	if (cx && begins && !cx->preset)
		cx = NULL;
	if (!cx)
		cx = ctx_new(n, p->id);
	cx->preset = false;
	if (reassembled)
		cx->reassembled = true;
	struct nf_pktinfo pi;
	struct run r = { .n = n, .hook = hook, .p = p, .pi = &pi, .cx = cx };
#define RUN(tbl)                                                        \
	do {                                                            \
		fill_info(&pi, n, hook, in, out, p, cx);                \
		r.table = (tbl);                                        \
		if (run_table(&r) == TV_STOLEN)                         \
			return NF_STOLEN;                               \
	} while (0)
#define NAT()                                                           \
	do {                                                            \
		if (ct_on) {                                            \
			fill_info(&pi, n, hook, in, out, p, cx);        \
			if (nat_hook(&r) == TV_STOLEN)                  \
				return NF_STOLEN;                       \
		}                                                       \
	} while (0)
#define CT_IN(create)                                                   \
	do {                                                            \
		if (ct_on) {                                            \
			fill_info(&pi, n, hook, in, out, p, cx);        \
			ct_in(n, cx, p, &pi, (create));                 \
		}                                                       \
	} while (0)
	switch (hook) {
	case NF_HOOK_PREROUTING:
		RUN(NF_TABLE_RAW);
		CT_IN(true);
		RUN(NF_TABLE_MANGLE);
		NAT();
		break;
	case NF_HOOK_OUTPUT:
		RUN(NF_TABLE_RAW);
		CT_IN(true);
		RUN(NF_TABLE_MANGLE);
		NAT();
		RUN(NF_TABLE_FILTER);
		break;
	case NF_HOOK_INPUT:
		CT_IN(false);
		RUN(NF_TABLE_MANGLE);
		RUN(NF_TABLE_FILTER);
		NAT();
		if (ct_on)
			ct_confirm_pkt(n, cx);
		break;
	case NF_HOOK_FORWARD:
		CT_IN(false);
		RUN(NF_TABLE_MANGLE);
		RUN(NF_TABLE_FILTER);
		break;
	case NF_HOOK_POSTROUTING:
		CT_IN(false);
		RUN(NF_TABLE_MANGLE);
		NAT();
		if (ct_on)
			ct_confirm_pkt(n, cx);
		break;
	case NF_HOOK__COUNT:
		break;
	}
#undef RUN
#undef NAT
#undef CT_IN
	remember_header(cx, p);
	return NF_ACCEPT;
}

/* ---------------------------------------------------------------- br_netfilter */

enum nf_verdict nf_bridge_forward(struct node *n, struct netdev *br, struct pkt **pp)
{
	struct pkt *p = *pp;
	if (!n->nf || !n->sysctl.bridge_nf_call_iptables || p->len < ETH_HLEN + IPV4_HLEN ||
	    rd_be16(p->data + 12) != ETH_P_IP)
		return NF_ACCEPT;
	struct ipv4_repr ip;
	if (ipv4_parse(p->data + ETH_HLEN, p->len - ETH_HLEN, &ip) != 0 ||
	    (ip.frag & (IPV4_MF | IPV4_OFFMASK)))
		return NF_ACCEPT;
	pkt_pull(p, ETH_HLEN);
	/* br_nf_pre_routing / br_nf_forward_ip / br_nf_post_routing: the
	 * IPv4 hooks with the bridge as both devices. */
	if (nf_hook(n, NF_HOOK_PREROUTING, pp, br, NULL) != NF_ACCEPT)
		return NF_STOLEN;
	p = *pp;
	if (nf_hook(n, NF_HOOK_FORWARD, pp, br, br) != NF_ACCEPT)
		return NF_STOLEN;
	p = *pp;
	if (nf_hook(n, NF_HOOK_POSTROUTING, pp, br, br) != NF_ACCEPT)
		return NF_STOLEN;
	p = *pp;
	pkt_push(p, ETH_HLEN);
	return NF_ACCEPT;
}
