/* nf.c — the iptables rule set of a node: tables, chains, rules, and the
 * checks the kernel (nf_tables, through iptables-nft 1.8.9) makes when
 * a rule set changes.  Traversal is in nf_hook.c, matching in nf_match.c.
 *
 * The checks, as nf_tables makes them at commit time:
 *   - a target is refused outside its table and hooks (xt_target .table
 *     and .hooks: DNAT nat PREROUTING/OUTPUT, SNAT nat POSTROUTING/INPUT,
 *     MASQUERADE nat POSTROUTING, REJECT filter INPUT/FORWARD/OUTPUT);
 *     a user chain inherits the hooks of every base chain that reaches it
 *     (nft_chain_validate walks the jumps from each base chain);
 *   - a loop of jumps, or jumps nested deeper than 16 (NFT_JUMP_STACK_SIZE),
 *     reachable from a base chain: EMLINK ("Too many links");
 *   - a jump to a base chain: EOPNOTSUPP;
 *   - a chain with rules, or jumped to, cannot be deleted: EBUSY.
 * Each failure leaves the rule set as it was.
 */
#include "net/nf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "net/conntrack.h"
#include "net/nf_int.h"
#include "util/die.h"

#define NF_JUMP_STACK 16        /* NFT_JUMP_STACK_SIZE */

static const char *const table_names[NF_TABLE__COUNT] = {
	[NF_TABLE_MANGLE] = "mangle", [NF_TABLE_RAW] = "raw",
	[NF_TABLE_FILTER] = "filter", [NF_TABLE_NAT] = "nat",
};
static const char *const hook_names[NF_HOOK__COUNT] = {
	"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING",
};
#define HB(h) (1u << (h))
static const unsigned table_hooks[NF_TABLE__COUNT] = {
	[NF_TABLE_MANGLE] = HB(NF_HOOK_PREROUTING) | HB(NF_HOOK_INPUT) | HB(NF_HOOK_FORWARD) |
			    HB(NF_HOOK_OUTPUT) | HB(NF_HOOK_POSTROUTING),
	[NF_TABLE_RAW] = HB(NF_HOOK_PREROUTING) | HB(NF_HOOK_OUTPUT),
	[NF_TABLE_FILTER] = HB(NF_HOOK_INPUT) | HB(NF_HOOK_FORWARD) | HB(NF_HOOK_OUTPUT),
	[NF_TABLE_NAT] = HB(NF_HOOK_PREROUTING) | HB(NF_HOOK_INPUT) | HB(NF_HOOK_OUTPUT) |
			 HB(NF_HOOK_POSTROUTING),
};

const char *nf_table_name(enum nf_table_id t)
{
	return (unsigned)t < NF_TABLE__COUNT ? table_names[t] : NULL;
}

const char *nf_hook_name(enum nf_hook h)
{
	return (unsigned)h < NF_HOOK__COUNT ? hook_names[h] : NULL;
}

int nf_table_by_name(const char *name)
{
	for (int t = 0; t < NF_TABLE__COUNT; t++)
		if (strcmp(table_names[t], name) == 0)
			return t;
	return -1;
}

bool nf_table_has_hook(enum nf_table_id t, enum nf_hook h)
{
	return (unsigned)t < NF_TABLE__COUNT && (unsigned)h < NF_HOOK__COUNT &&
	       (table_hooks[t] & HB(h));
}

const char *nf_match_name(enum nf_match_kind k)
{
	static const char *const names[NF_M__COUNT] = {
		"tcp", "udp", "icmp", "multiport", "statistic", "mark", "conntrack", "addrtype",
		"comment",
	};
	return (unsigned)k < NF_M__COUNT ? names[k] : NULL;
}

const char *nf_target_name(enum nf_target_kind k)
{
	static const char *const names[NF_T__COUNT] = {
		"", "ACCEPT", "DROP", "RETURN", "", "", "REJECT", "LOG", "MARK", "DNAT", "SNAT",
		"MASQUERADE",
	};
	return (unsigned)k < NF_T__COUNT ? names[k] : NULL;
}

const char *nf_reject_name(enum nf_reject_with r)
{
	switch (r) {
	case NF_REJ_ICMP_NET_UNREACHABLE: return "icmp-net-unreachable";
	case NF_REJ_ICMP_HOST_UNREACHABLE: return "icmp-host-unreachable";
	case NF_REJ_ICMP_PROT_UNREACHABLE: return "icmp-proto-unreachable";
	case NF_REJ_ICMP_PORT_UNREACHABLE: return "icmp-port-unreachable";
	case NF_REJ_ICMP_ECHOREPLY: return "icmp-echo-reply";
	case NF_REJ_ICMP_NET_PROHIBITED: return "icmp-net-prohibited";
	case NF_REJ_ICMP_HOST_PROHIBITED: return "icmp-host-prohibited";
	case NF_REJ_TCP_RESET: return "tcp-reset";
	case NF_REJ_ICMP_ADMIN_PROHIBITED: return "icmp-admin-prohibited";
	}
	return NULL;
}

const char *nf_addrtype_name(uint16_t bit)
{
	static const char *const names[] = {
		"UNSPEC", "UNICAST", "LOCAL", "BROADCAST", "ANYCAST", "MULTICAST",
		"BLACKHOLE", "UNREACHABLE", "PROHIBIT", "THROW", "NAT", "XRESOLVE",
	};
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++)
		if (bit == (1u << i))
			return names[i];
	return NULL;
}

/* ---------------------------------------------------------------- rules */

void nf_rule_init(struct nf_rule *r)
{
	memset(r, 0, sizeof *r);
}

struct nf_match *nf_rule_add_match(struct nf_rule *r, const struct nf_match *m)
{
	r->matches = wl_realloc(r->matches, (r->n_matches + 1) * sizeof *r->matches);
	r->matches[r->n_matches] = *m;
	return &r->matches[r->n_matches++];
}

void nf_rule_clear(struct nf_rule *r)
{
	free(r->matches);
	r->matches = NULL;
	r->n_matches = 0;
}

static void rule_copy(struct nf_rule *dst, const struct nf_rule *src)
{
	*dst = *src;
	dst->matches = NULL;
	if (src->n_matches) {
		dst->matches = wl_calloc(src->n_matches, sizeof *dst->matches);
		memcpy(dst->matches, src->matches, src->n_matches * sizeof *dst->matches);
	}
	for (size_t i = 0; i < dst->n_matches; i++)
		if (dst->matches[i].kind == NF_M_STATISTIC) {
			/* libxt_statistic: count starts at (every - 1) - packet, so
			 * that packet number `packet` (from 0) of each `every`
			 * matches: --every 3 --packet 0 takes the 1st, 4th, ... */
			struct nf_m_statistic *st = &dst->matches[i].u.statistic;
			uint32_t last = st->every ? st->every - 1 : 0;
			st->count = st->packet <= last ? last - st->packet : 0;
		}
	/* The address is stored masked, as the kernel does (iptables -s
	 * 10.1.2.3/8 lists as 10.0.0.0/8). */
	dst->src &= dst->src_mask;
	dst->dst &= dst->dst_mask;
	dst->pkts = dst->bytes = 0;
}

static bool ports_equal(struct nf_port_range a, struct nf_port_range b)
{
	return a.lo == b.lo && a.hi == b.hi;
}

static bool match_equal(const struct nf_match *a, const struct nf_match *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case NF_M_TCP:
	case NF_M_UDP: {
		const struct nf_m_tcp *x = &a->u.tcp, *y = &b->u.tcp;
		return x->has_sport == y->has_sport && x->has_dport == y->has_dport &&
		       x->has_flags == y->has_flags && x->sport_inv == y->sport_inv &&
		       x->dport_inv == y->dport_inv && x->flags_inv == y->flags_inv &&
		       (!x->has_sport || ports_equal(x->sport, y->sport)) &&
		       (!x->has_dport || ports_equal(x->dport, y->dport)) &&
		       (!x->has_flags || (x->flags_mask == y->flags_mask && x->flags_cmp == y->flags_cmp));
	}
	case NF_M_ICMP:
		return a->u.icmp.type == b->u.icmp.type && a->u.icmp.code_lo == b->u.icmp.code_lo &&
		       a->u.icmp.code_hi == b->u.icmp.code_hi && a->u.icmp.inv == b->u.icmp.inv;
	case NF_M_MULTIPORT: {
		const struct nf_m_multiport *x = &a->u.multiport, *y = &b->u.multiport;
		if (x->dir != y->dir || x->count != y->count || x->inv != y->inv)
			return false;
		for (unsigned i = 0; i < x->count && i < NF_MULTIPORT_MAX; i++)
			if (!ports_equal(x->ports[i], y->ports[i]))
				return false;
		return true;
	}
	case NF_M_STATISTIC: {
		const struct nf_m_statistic *x = &a->u.statistic, *y = &b->u.statistic;
		return x->mode == y->mode && x->inv == y->inv &&
		       (x->mode == NF_STAT_RANDOM ? x->probability == y->probability
						  : x->every == y->every && x->packet == y->packet);
	}
	case NF_M_MARK:
		return a->u.mark.mark == b->u.mark.mark && a->u.mark.mask == b->u.mark.mask &&
		       a->u.mark.inv == b->u.mark.inv;
	case NF_M_CONNTRACK:
		return a->u.conntrack.states == b->u.conntrack.states &&
		       a->u.conntrack.inv == b->u.conntrack.inv;
	case NF_M_ADDRTYPE: {
		const struct nf_m_addrtype *x = &a->u.addrtype, *y = &b->u.addrtype;
		return x->src_types == y->src_types && x->dst_types == y->dst_types &&
		       x->src_inv == y->src_inv && x->dst_inv == y->dst_inv &&
		       x->limit_iface_in == y->limit_iface_in && x->limit_iface_out == y->limit_iface_out;
	}
	case NF_M_COMMENT:
		return strncmp(a->u.comment, b->u.comment, NF_COMMENT_MAX) == 0;
	case NF_M__COUNT:
		break;
	}
	return false;
}

static bool nat_range_equal(const struct nf_nat_range *a, const struct nf_nat_range *b)
{
	return a->has_addr == b->has_addr && a->has_ports == b->has_ports &&
	       (!a->has_addr || (a->min_addr == b->min_addr && a->max_addr == b->max_addr)) &&
	       (!a->has_ports || (a->min_port == b->min_port && a->max_port == b->max_port)) &&
	       a->random == b->random && a->random_fully == b->random_fully &&
	       a->persistent == b->persistent;
}

static bool target_equal(const struct nf_target *a, const struct nf_target *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case NF_T_JUMP:
	case NF_T_GOTO:
		if (a->chain && b->chain)
			return a->chain == b->chain;
		return strcmp(a->chain && !b->chain ? a->chain->name : a->chain_name,
			      b->chain && !a->chain ? b->chain->name : b->chain_name) == 0;
	case NF_T_REJECT:
		return a->u.reject == b->u.reject;
	case NF_T_LOG:
		return a->u.log.level == b->u.log.level &&
		       strncmp(a->u.log.prefix, b->u.log.prefix, NF_LOG_PREFIX_MAX) == 0;
	case NF_T_MARK:
		return a->u.mark.value == b->u.mark.value && a->u.mark.mask == b->u.mark.mask;
	case NF_T_DNAT:
	case NF_T_SNAT:
	case NF_T_MASQUERADE:
		return nat_range_equal(&a->u.nat, &b->u.nat);
	default:
		return true;
	}
}

bool nf_rule_equal(const struct nf_rule *a, const struct nf_rule *b)
{
	if ((a->src & a->src_mask) != (b->src & b->src_mask) || a->src_mask != b->src_mask ||
	    (a->dst & a->dst_mask) != (b->dst & b->dst_mask) || a->dst_mask != b->dst_mask ||
	    a->src_inv != b->src_inv || a->dst_inv != b->dst_inv ||
	    strcmp(a->in_if, b->in_if) != 0 || strcmp(a->out_if, b->out_if) != 0 ||
	    a->in_inv != b->in_inv || a->out_inv != b->out_inv || a->proto != b->proto ||
	    a->proto_inv != b->proto_inv || a->n_matches != b->n_matches)
		return false;
	for (size_t i = 0; i < a->n_matches; i++)
		if (!match_equal(&a->matches[i], &b->matches[i]))
			return false;
	return target_equal(&a->target, &b->target);
}

/* ---------------------------------------------------------------- state */

static struct nf_chain *chain_new(const char *name, bool builtin, enum nf_hook hook)
{
	struct nf_chain *c = wl_calloc(1, sizeof *c);
	snprintf(c->name, sizeof c->name, "%s", name);
	c->builtin = builtin;
	c->hook = hook;
	c->policy = NF_POLICY_ACCEPT;
	return c;
}

static void table_add_chain(struct nf_table *t, struct nf_chain *c)
{
	if (t->n_chains == t->cap_chains) {
		t->cap_chains = t->cap_chains ? 2 * t->cap_chains : 8;
		t->chains = wl_realloc(t->chains, t->cap_chains * sizeof *t->chains);
	}
	/* Built-in chains first (in hook order, as created), then user chains
	 * sorted by name. */
	size_t at = t->n_chains;
	if (!c->builtin) {
		at = 0;
		while (at < t->n_chains && (t->chains[at]->builtin ||
					    strcmp(t->chains[at]->name, c->name) < 0))
			at++;
	}
	memmove(&t->chains[at + 1], &t->chains[at], (t->n_chains - at) * sizeof *t->chains);
	t->chains[at] = c;
	t->n_chains++;
}

static void table_remove_chain(struct nf_table *t, struct nf_chain *c)
{
	for (size_t i = 0; i < t->n_chains; i++)
		if (t->chains[i] == c) {
			memmove(&t->chains[i], &t->chains[i + 1],
				(t->n_chains - i - 1) * sizeof *t->chains);
			t->n_chains--;
			return;
		}
}

struct nf_state *nf_state_get(struct node *n)
{
	if (n->nf)
		return n->nf;
	struct nf_state *s = wl_calloc(1, sizeof *s);
	for (int t = 0; t < NF_TABLE__COUNT; t++) {
		s->tables[t].id = (enum nf_table_id)t;
		for (int h = 0; h < NF_HOOK__COUNT; h++)
			if (table_hooks[t] & HB(h))
				table_add_chain(&s->tables[t], chain_new(hook_names[h], true,
									 (enum nf_hook)h));
	}
	n->nf = s;
	return s;
}

struct nf_table *nf_table(struct node *n, enum nf_table_id table)
{
	WL_ASSERT((unsigned)table < NF_TABLE__COUNT, "bad table %d", (int)table);
	return &nf_state_get(n)->tables[table];
}

const struct nf_table *nf_table_peek(const struct node *n, enum nf_table_id table)
{
	if (!n->nf || (unsigned)table >= NF_TABLE__COUNT)
		return NULL;
	return &n->nf->tables[table];
}

static struct nf_chain *find_in(const struct nf_table *t, const char *name)
{
	for (size_t i = 0; i < t->n_chains; i++)
		if (strcmp(t->chains[i]->name, name) == 0)
			return t->chains[i];
	return NULL;
}

struct nf_chain *nf_chain_find(struct node *n, enum nf_table_id table, const char *name)
{
	if ((unsigned)table >= NF_TABLE__COUNT || !name)
		return NULL;
	return find_in(nf_table(n, table), name);
}

static void rule_release(struct nf_rule *r)
{
	if ((r->target.kind == NF_T_JUMP || r->target.kind == NF_T_GOTO) && r->target.chain)
		r->target.chain->refs--;
	nf_rule_clear(r);
}

static void chain_free(struct nf_chain *c)
{
	for (size_t i = 0; i < c->n_rules; i++)
		nf_rule_clear(&c->rules[i]);
	free(c->rules);
	free(c);
}

void nf_state_free(struct node *n)
{
	struct nf_state *s = n->nf;
	if (!s)
		return;
	for (unsigned i = 0; i < sizeof s->ring / sizeof s->ring[0]; i++)
		if (s->ring[i].ct && s->ring[i].owner && !(s->ring[i].ct->status & CT_CONFIRMED)) {
			struct ct_entry *e = s->ring[i].ct;
			e->pkts[0] = e->pkts[1] = 0;    /* no trace record at teardown */
			ct_discard(n, e);
		}
	ct_table_free(n);
	for (int t = 0; t < NF_TABLE__COUNT; t++) {
		for (size_t i = 0; i < s->tables[t].n_chains; i++)
			chain_free(s->tables[t].chains[i]);
		free(s->tables[t].chains);
	}
	free(s);
	n->nf = NULL;
}

/* What asks for conntrack in a namespace (nf_ct_netns_get() in the
 * kernel): the conntrack match and the NAT targets.  An empty nat table
 * does not (checked: with only the nat chains, conntrack -L stays empty). */
static bool rule_needs_ct(const struct nf_rule *r)
{
	enum nf_target_kind k = r->target.kind;
	if (k == NF_T_DNAT || k == NF_T_SNAT || k == NF_T_MASQUERADE)
		return true;
	for (size_t i = 0; i < r->n_matches; i++)
		if (r->matches[i].kind == NF_M_CONNTRACK)
			return true;
	return false;
}

void nf_recount_ct_users(struct node *n)
{
	struct nf_state *s = n->nf;
	unsigned users = 0;
	for (int t = 0; t < NF_TABLE__COUNT; t++)
		for (size_t i = 0; i < s->tables[t].n_chains; i++) {
			const struct nf_chain *c = s->tables[t].chains[i];
			for (size_t k = 0; k < c->n_rules; k++)
				users += rule_needs_ct(&c->rules[k]);
		}
	s->ct_users = users;
}

/* ---------------------------------------------------------------- errors */

static int nf_err(struct node *n, int exit_status, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int nf_err(struct node *n, int exit_status, int code, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	nf_state_get(n)->last_exit = exit_status;
	return world_errf(n->w, code, "%s", msg);
}

int nf_exit_status(const struct node *n, int rc)
{
	if (rc == 0)
		return 0;
	return n->nf && n->nf->last_exit ? n->nf->last_exit : 1;
}

static const char *errno_text(int code)
{
	switch (code) {
	case -EINVAL: return "Invalid argument";
	case -EMLINK: return "Too many links";
	case -EOPNOTSUPP: return "Operation not supported";
	case -EBUSY: return "Device or resource busy";
	case -ENOENT: return "No such file or directory";
	}
	return "Unknown error";
}

#define PREFIX "iptables v1.8.9 (nf_tables): "
#define NO_CHAIN "iptables: No chain/target/match by that name."

static int kernel_refused(struct node *n, const char *op, int code, const char *chain)
{
	return nf_err(n, 4, code, PREFIX " %s failed (%s): rule in chain %s", op, errno_text(code),
		      chain);
}

static struct nf_chain *touch_chain(struct node *n, enum nf_table_id table, const char *name)
{
	struct nf_table *t = nf_table(n, table);
	return name ? find_in(t, name) : NULL;
}

/* iptables-nft creates the table (with all its built-in chains) when a
 * rule is added, a chain made or a policy set — and only if that
 * succeeds; -F, -Z, -D, -X, -E never create it (checked: after a failed
 * -A, a refused DNAT, a -D or a -F on a fresh namespace, iptables-save
 * prints nothing). */
static void table_created(struct node *n, enum nf_table_id table)
{
	nf_table(n, table)->present = true;
}

/* ---------------------------------------------------------------- validation */

static bool target_allowed(enum nf_table_id table, enum nf_target_kind k, enum nf_hook hook)
{
	switch (k) {
	case NF_T_DNAT:
		return table == NF_TABLE_NAT && (hook == NF_HOOK_PREROUTING || hook == NF_HOOK_OUTPUT);
	case NF_T_SNAT:
		return table == NF_TABLE_NAT && (hook == NF_HOOK_POSTROUTING || hook == NF_HOOK_INPUT);
	case NF_T_MASQUERADE:
		return table == NF_TABLE_NAT && hook == NF_HOOK_POSTROUTING;
	case NF_T_REJECT:
		return table == NF_TABLE_FILTER &&
		       (hook == NF_HOOK_INPUT || hook == NF_HOOK_FORWARD || hook == NF_HOOK_OUTPUT);
	default:
		return true;
	}
}

/* Walk the jumps from chain c as reached from a base chain at hook, at
 * jump depth `depth`; path[] holds the chains on the way (loop check).
 * Memo: a chain already walked for this hook from a depth no greater
 * than this one needs no second walk. */
struct walk {
	enum nf_table_id table;
	enum nf_hook hook;
	const struct nf_chain *path[NF_JUMP_STACK + 2];
	const struct nf_chain **seen;
	int *seen_depth;
	size_t n_seen, cap_seen;
};

static int walk_chain(struct walk *wk, const struct nf_chain *c, int depth)
{
	for (int i = 0; i < depth; i++)
		if (wk->path[i] == c)
			return -EMLINK;
	if (depth > NF_JUMP_STACK)
		return -EMLINK;
	for (size_t i = 0; i < wk->n_seen; i++)
		if (wk->seen[i] == c) {
			if (wk->seen_depth[i] <= depth)
				return 0;
			wk->seen_depth[i] = depth;
			goto walk;
		}
	if (wk->n_seen == wk->cap_seen) {
		wk->cap_seen = wk->cap_seen ? 2 * wk->cap_seen : 16;
		wk->seen = wl_realloc(wk->seen, wk->cap_seen * sizeof *wk->seen);
		wk->seen_depth = wl_realloc(wk->seen_depth, wk->cap_seen * sizeof *wk->seen_depth);
	}
	wk->seen[wk->n_seen] = c;
	wk->seen_depth[wk->n_seen++] = depth;
walk:
	wk->path[depth] = c;
	for (size_t k = 0; k < c->n_rules; k++) {
		const struct nf_target *tg = &c->rules[k].target;
		if (!target_allowed(wk->table, tg->kind, wk->hook))
			return -EINVAL;
		if ((tg->kind == NF_T_JUMP || tg->kind == NF_T_GOTO) && tg->chain) {
			int rc = walk_chain(wk, tg->chain, depth + 1);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int validate_table(struct nf_table *t)
{
	for (size_t i = 0; i < t->n_chains; i++) {
		const struct nf_chain *c = t->chains[i];
		if (!c->builtin)
			continue;
		struct walk wk = { .table = t->id, .hook = c->hook };
		int rc = walk_chain(&wk, c, 0);
		free(wk.seen);
		free(wk.seen_depth);
		if (rc)
			return rc;
	}
	return 0;
}

/* The checks on one rule on its own (before it is placed). */
static int check_rule(struct node *n, struct nf_table *t, const char *op, const char *chain,
		      struct nf_rule *r)
{
	struct nf_target *tg = &r->target;
	if (tg->kind == NF_T_DROP && t->id == NF_TABLE_NAT)
		return nf_err(n, 2, -EINVAL,
			      PREFIX "\nThe \"nat\" table is not intended for filtering, the use of "
			      "DROP is therefore inhibited.\n\n");
	if (tg->kind == NF_T_JUMP || tg->kind == NF_T_GOTO) {
		struct nf_chain *to = find_in(t, tg->chain_name);
		if (!to)
			return nf_err(n, 2, -ENOENT, PREFIX "Chain '%s' does not exist", tg->chain_name);
		if (to->builtin)
			return kernel_refused(n, op, -EOPNOTSUPP, chain);
		tg->chain = to;
	}
	/* xt_target's .table: refused whether or not a hook reaches the chain. */
	if ((tg->kind == NF_T_DNAT || tg->kind == NF_T_SNAT || tg->kind == NF_T_MASQUERADE) &&
	    t->id != NF_TABLE_NAT)
		return kernel_refused(n, op, -EINVAL, chain);
	if (tg->kind == NF_T_REJECT && t->id != NF_TABLE_FILTER)
		return kernel_refused(n, op, -EINVAL, chain);
	if (tg->kind == NF_T_REJECT && tg->u.reject == NF_REJ_TCP_RESET &&
	    (r->proto != 6 || r->proto_inv))
		return kernel_refused(n, op, -EINVAL, chain);
	if (tg->kind == NF_T_REJECT && tg->u.reject == NF_REJ_ICMP_ECHOREPLY)
		return kernel_refused(n, op, -EINVAL, chain);
	return 0;
}

enum rule_op { OP_APPEND, OP_INSERT, OP_REPLACE };
static const char *const op_names[] = { "RULE_APPEND", "RULE_INSERT", "RULE_REPLACE" };

static int place_rule(struct node *n, enum nf_table_id table, const char *chain_name,
		      size_t num, const struct nf_rule *rule, enum rule_op op)
{
	if ((unsigned)table >= NF_TABLE__COUNT)
		return nf_err(n, 1, -EINVAL, NO_CHAIN);
	struct nf_chain *c = touch_chain(n, table, chain_name);
	struct nf_table *t = nf_table(n, table);
	if (!c)
		return nf_err(n, 1, -ENOENT, NO_CHAIN);
	if (op == OP_INSERT && (num < 1 || num > c->n_rules + 1))
		return nf_err(n, 1, -E2BIG, "iptables: Index of insertion too big.");
	if (op == OP_REPLACE && (num < 1 || num > c->n_rules))
		return nf_err(n, 1, -E2BIG, "iptables: Index of replacement too big.");
	struct nf_rule r;
	rule_copy(&r, rule);
	r.target.chain = NULL;
	int rc = check_rule(n, t, op_names[op], c->name, &r);
	if (rc) {
		nf_rule_clear(&r);
		return rc;
	}
	if (c->n_rules == c->cap_rules) {
		c->cap_rules = c->cap_rules ? 2 * c->cap_rules : 8;
		c->rules = wl_realloc(c->rules, c->cap_rules * sizeof *c->rules);
	}
	size_t at = op == OP_APPEND ? c->n_rules : num - 1;
	struct nf_rule old;
	if (op == OP_REPLACE) {
		old = c->rules[at];
		c->rules[at] = r;
	} else {
		memmove(&c->rules[at + 1], &c->rules[at], (c->n_rules - at) * sizeof *c->rules);
		c->rules[at] = r;
		c->n_rules++;
	}
	if (r.target.chain)
		r.target.chain->refs++;
	if (op == OP_REPLACE && (old.target.kind == NF_T_JUMP || old.target.kind == NF_T_GOTO) &&
	    old.target.chain)
		old.target.chain->refs--;
	rc = validate_table(t);
	if (rc) {
		/* Undo: the kernel's transaction is aborted as a whole. */
		if (r.target.chain)
			r.target.chain->refs--;
		if (op == OP_REPLACE) {
			if ((old.target.kind == NF_T_JUMP || old.target.kind == NF_T_GOTO) &&
			    old.target.chain)
				old.target.chain->refs++;
			c->rules[at] = old;
		} else {
			memmove(&c->rules[at], &c->rules[at + 1],
				(c->n_rules - at - 1) * sizeof *c->rules);
			c->n_rules--;
		}
		nf_rule_clear(&r);
		return kernel_refused(n, op_names[op], rc, c->name);
	}
	if (op == OP_REPLACE)
		nf_rule_clear(&old);
	table_created(n, table);
	nf_recount_ct_users(n);
	return 0;
}

int nf_rule_append(struct node *n, enum nf_table_id table, const char *chain,
		   const struct nf_rule *r)
{
	return place_rule(n, table, chain, 0, r, OP_APPEND);
}

int nf_rule_insert(struct node *n, enum nf_table_id table, const char *chain, size_t num,
		   const struct nf_rule *r)
{
	return place_rule(n, table, chain, num, r, OP_INSERT);
}

int nf_rule_replace(struct node *n, enum nf_table_id table, const char *chain, size_t num,
		    const struct nf_rule *r)
{
	return place_rule(n, table, chain, num, r, OP_REPLACE);
}

static void remove_rule_at(struct nf_chain *c, size_t i)
{
	rule_release(&c->rules[i]);
	memmove(&c->rules[i], &c->rules[i + 1], (c->n_rules - i - 1) * sizeof *c->rules);
	c->n_rules--;
}

int nf_rule_delete_num(struct node *n, enum nf_table_id table, const char *chain, size_t num)
{
	if ((unsigned)table >= NF_TABLE__COUNT)
		return nf_err(n, 1, -EINVAL, NO_CHAIN);
	struct nf_chain *c = touch_chain(n, table, chain);
	if (!c)
		return nf_err(n, 1, -ENOENT, NO_CHAIN);
	if (num < 1 || num > c->n_rules)
		return nf_err(n, 1, -E2BIG, "iptables: Index of deletion too big.");
	remove_rule_at(c, num - 1);
	nf_recount_ct_users(n);
	return 0;
}

static int find_rule(struct node *n, enum nf_table_id table, const char *chain,
		     const struct nf_rule *r, struct nf_chain **cp, size_t *at)
{
	if ((unsigned)table >= NF_TABLE__COUNT)
		return nf_err(n, 1, -EINVAL, NO_CHAIN);
	struct nf_chain *c = touch_chain(n, table, chain);
	if (!c)
		return nf_err(n, 1, -ENOENT, NO_CHAIN);
	if ((r->target.kind == NF_T_JUMP || r->target.kind == NF_T_GOTO) &&
	    !find_in(nf_table(n, table), r->target.chain_name))
		return nf_err(n, 2, -ENOENT, PREFIX "Chain '%s' does not exist",
			      r->target.chain_name);
	for (size_t i = 0; i < c->n_rules; i++)
		if (nf_rule_equal(&c->rules[i], r)) {
			*cp = c;
			*at = i;
			return 0;
		}
	return nf_err(n, 1, -ENOENT, "iptables: Bad rule (does a matching rule exist in that chain?).");
}

int nf_rule_delete(struct node *n, enum nf_table_id table, const char *chain,
		   const struct nf_rule *r)
{
	struct nf_chain *c;
	size_t at;
	int rc = find_rule(n, table, chain, r, &c, &at);
	if (rc)
		return rc;
	remove_rule_at(c, at);
	nf_recount_ct_users(n);
	return 0;
}

int nf_rule_check(struct node *n, enum nf_table_id table, const char *chain,
		  const struct nf_rule *r)
{
	struct nf_chain *c;
	size_t at;
	return find_rule(n, table, chain, r, &c, &at);
}

/* ---------------------------------------------------------------- chains */

static void chain_flush(struct nf_chain *c)
{
	while (c->n_rules)
		remove_rule_at(c, c->n_rules - 1);
}

/* -F and -Z: fn on the chain named, or on every chain of the table when
 * chain is NULL. */
static int each_chain(struct node *n, enum nf_table_id table, const char *chain,
		      void (*fn)(struct nf_chain *c))
{
	if ((unsigned)table >= NF_TABLE__COUNT)
		return nf_err(n, 1, -EINVAL, NO_CHAIN);
	struct nf_chain *c = touch_chain(n, table, chain);
	struct nf_table *t = nf_table(n, table);
	if (chain && !c)
		return nf_err(n, 1, -ENOENT, NO_CHAIN);
	if (c)
		fn(c);
	else
		for (size_t i = 0; i < t->n_chains; i++)
			fn(t->chains[i]);
	return 0;
}

int nf_chain_flush(struct node *n, enum nf_table_id table, const char *chain)
{
	int rc = each_chain(n, table, chain, chain_flush);
	if (rc == 0)
		nf_recount_ct_users(n);
	return rc;
}

static void chain_zero(struct nf_chain *c)
{
	c->policy_pkts = c->policy_bytes = 0;
	for (size_t i = 0; i < c->n_rules; i++)
		c->rules[i].pkts = c->rules[i].bytes = 0;
}

int nf_chain_zero(struct node *n, enum nf_table_id table, const char *chain)
{
	return each_chain(n, table, chain, chain_zero);
}

int nf_chain_new(struct node *n, enum nf_table_id table, const char *name)
{
	if ((unsigned)table >= NF_TABLE__COUNT)
		return nf_err(n, 1, -EINVAL, NO_CHAIN);
	if (touch_chain(n, table, name))
		return nf_err(n, 1, -EEXIST, "iptables: Chain already exists.");
	table_add_chain(nf_table(n, table), chain_new(name, false, NF_HOOK_PREROUTING));
	table_created(n, table);
	return 0;
}

static int chain_del_busy(struct node *n, const char *name)
{
	return nf_err(n, 4, -EBUSY, PREFIX " CHAIN_DEL failed (Device or resource busy): chain %s",
		      name);
}

int nf_chain_delete(struct node *n, enum nf_table_id table, const char *name)
{
	if ((unsigned)table >= NF_TABLE__COUNT)
		return nf_err(n, 1, -EINVAL, NO_CHAIN);
	struct nf_chain *c = touch_chain(n, table, name);
	struct nf_table *t = nf_table(n, table);
	if (name) {
		if (!c || c->builtin)
			return nf_err(n, 1, -ENOENT, NO_CHAIN);
		if (c->n_rules || c->refs)
			return chain_del_busy(n, c->name);
		table_remove_chain(t, c);
		chain_free(c);
		return 0;
	}
	for (size_t i = 0; i < t->n_chains; i++)
		if (!t->chains[i]->builtin && (t->chains[i]->n_rules || t->chains[i]->refs))
			return chain_del_busy(n, t->chains[i]->name);
	for (size_t i = t->n_chains; i-- > 0;)
		if (!t->chains[i]->builtin) {
			struct nf_chain *gone = t->chains[i];
			table_remove_chain(t, gone);
			chain_free(gone);
		}
	return 0;
}

int nf_chain_rename(struct node *n, enum nf_table_id table, const char *old_name,
		    const char *new_name)
{
	if ((unsigned)table >= NF_TABLE__COUNT)
		return nf_err(n, 1, -EINVAL, NO_CHAIN);
	struct nf_chain *c = touch_chain(n, table, old_name);
	struct nf_table *t = nf_table(n, table);
	if (!c || c->builtin)
		return nf_err(n, 1, -ENOENT, NO_CHAIN);
	if (find_in(t, new_name))
		return nf_err(n, 1, -EEXIST, "iptables: File exists.");
	table_remove_chain(t, c);
	snprintf(c->name, sizeof c->name, "%s", new_name);
	table_add_chain(t, c);
	return 0;
}

int nf_chain_policy(struct node *n, enum nf_table_id table, const char *chain,
		    enum nf_policy policy)
{
	if ((unsigned)table >= NF_TABLE__COUNT)
		return nf_err(n, 1, -EINVAL, NO_CHAIN);
	struct nf_chain *c = touch_chain(n, table, chain);
	if (!c || !c->builtin)
		return nf_err(n, 1, -ENOENT, "iptables: Bad built-in chain name.");
	if (policy != NF_POLICY_ACCEPT && policy != NF_POLICY_DROP)
		return nf_err(n, 1, -EINVAL, "iptables: Bad policy name. Run `dmesg' for more information.");
	c->policy = policy;
	c->policy_set = true;
	table_created(n, table);
	return 0;
}
