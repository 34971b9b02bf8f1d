/* test_nf.c — iptables rule sets and traversal (net/nf.h): the errors
 * iptables-nft 1.8.9 prints (captured on Debian 12, kernel 6.x: a jump to
 * a missing chain, a loop of jumps, DNAT outside nat, ...), chain
 * operations, every match with and without `!`, the targets (ACCEPT,
 * DROP, REJECT with ICMP or a TCP reset, RETURN, -j and -g, LOG in the
 * kernel's line format, MARK), policies and counters, and the fast path:
 * no rules, no netfilter state; no rule needing it, no conntrack. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "nf_fixture.h"
#include "net/nf_int.h"
#include "tcp_fixture.h"

#define E_PREFIX "iptables v1.8.9 (nf_tables): "

static struct nf_rule jump_to(const char *chain)
{
	struct nf_rule r = nf_r();
	r.target.kind = NF_T_JUMP;
	snprintf(r.target.chain_name, sizeof r.target.chain_name, "%s", chain);
	return r;
}

static struct nf_rule verdict(enum nf_target_kind k)
{
	struct nf_rule r = nf_r();
	r.target.kind = k;
	return r;
}

/* ---- configuration and its errors --------------------------------------- */

static void test_jump_to_missing_chain(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = fx_host(w, "n", NODE_HOST);
	struct nf_rule r = jump_to("NOPE");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &r), -ENOENT);
	assert_string_equal(world_error(w), E_PREFIX "Chain 'NOPE' does not exist");
	assert_int_equal(nf_exit_status(n, -ENOENT), 2);
	/* A missing chain to append to. */
	r = verdict(NF_T_ACCEPT);
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "NOPE", &r), -ENOENT);
	assert_string_equal(world_error(w), "iptables: No chain/target/match by that name.");
	assert_int_equal(nf_exit_status(n, -ENOENT), 1);
	world_free(w);
}

static void test_loop_refused_when_reachable(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = fx_host(w, "n", NODE_HOST);
	assert_int_equal(nf_chain_new(n, NF_TABLE_FILTER, "A"), 0);
	assert_int_equal(nf_chain_new(n, NF_TABLE_FILTER, "B"), 0);
	struct nf_rule r = jump_to("B");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "A", &r), 0);
	/* nf_tables checks only what a base chain reaches: accepted. */
	r = jump_to("A");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "B", &r), 0);
	r = jump_to("A");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &r), -EMLINK);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_APPEND failed (Too many links): rule in chain INPUT");
	assert_int_equal(nf_exit_status(n, -EMLINK), 4);
	assert_int_equal(nf_chain_find(n, NF_TABLE_FILTER, "INPUT")->n_rules, 0);
	assert_int_equal(nf_chain_find(n, NF_TABLE_FILTER, "A")->refs, 1);
	/* Break the loop: now INPUT may jump to A. */
	assert_int_equal(nf_chain_flush(n, NF_TABLE_FILTER, "B"), 0);
	r = jump_to("A");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &r), 0);
	/* Closing the loop again from inside is refused too, naming B. */
	r = jump_to("A");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "B", &r), -EMLINK);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_APPEND failed (Too many links): rule in chain B");
	/* A chain jumping to itself, inserted. */
	r = jump_to("A");
	assert_int_equal(nf_rule_insert(n, NF_TABLE_FILTER, "A", 1, &r), -EMLINK);
	nf_rule_clear(&r);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_INSERT failed (Too many links): rule in chain A");
	/* A jump to a built-in chain. */
	r = jump_to("OUTPUT");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "B", &r), -EOPNOTSUPP);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_APPEND failed (Operation not supported): rule in chain B");
	world_free(w);
}

static void test_jump_depth_limit(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = fx_host(w, "n", NODE_HOST);
	char name[16], next[16];
	for (int i = 0; i < 17; i++) {
		snprintf(name, sizeof name, "C%02d", i);
		assert_int_equal(nf_chain_new(n, NF_TABLE_FILTER, name), 0);
	}
	for (int i = 0; i < 16; i++) {
		snprintf(name, sizeof name, "C%02d", i);
		snprintf(next, sizeof next, "C%02d", i + 1);
		struct nf_rule r = jump_to(next);
		assert_int_equal(nf_add(n, NF_TABLE_FILTER, name, &r), 0);
	}
	/* INPUT -> C00 -> ... -> C16 is 17 jumps deep: more than nf_tables' 16. */
	struct nf_rule r = jump_to("C00");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &r), -EMLINK);
	r = jump_to("C01");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &r), 0);
	world_free(w);
}

static void test_targets_outside_their_table_or_hook(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = fx_host(w, "n", NODE_HOST);
	struct nf_rule r = nf_r();
	nf_target_dnat(&r, "1.2.3.4", 0);
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &r), -EINVAL);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_APPEND failed (Invalid argument): rule in chain INPUT");
	assert_int_equal(nf_exit_status(n, -EINVAL), 4);
	r = nf_r();
	nf_target_dnat(&r, "1.2.3.4", 0);
	assert_int_equal(nf_add(n, NF_TABLE_NAT, "POSTROUTING", &r), -EINVAL);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING");
	r = nf_r();
	nf_target_dnat(&r, "1.2.3.4", 0);
	assert_int_equal(nf_add(n, NF_TABLE_MANGLE, "PREROUTING", &r), -EINVAL);
	/* In a user chain: accepted until a hook where it may not run
	 * reaches it; the error names the chain being changed. */
	assert_int_equal(nf_chain_new(n, NF_TABLE_NAT, "N1"), 0);
	r = nf_r();
	nf_target_dnat(&r, "1.2.3.4", 0);
	assert_int_equal(nf_add(n, NF_TABLE_NAT, "N1", &r), 0);
	r = jump_to("N1");
	assert_int_equal(nf_add(n, NF_TABLE_NAT, "POSTROUTING", &r), -EINVAL);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_APPEND failed (Invalid argument): rule in chain POSTROUTING");
	r = jump_to("N1");
	assert_int_equal(nf_add(n, NF_TABLE_NAT, "OUTPUT", &r), 0);
	r = verdict(NF_T_MASQUERADE);
	assert_int_equal(nf_add(n, NF_TABLE_NAT, "N1", &r), -EINVAL);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_APPEND failed (Invalid argument): rule in chain N1");
	/* SNAT in INPUT is allowed, in OUTPUT not. */
	r = nf_r();
	r.target.kind = NF_T_SNAT;
	r.target.u.nat.has_addr = true;
	r.target.u.nat.min_addr = r.target.u.nat.max_addr = fx_ip("1.1.1.1");
	assert_int_equal(nf_rule_append(n, NF_TABLE_NAT, "INPUT", &r), 0);
	assert_int_equal(nf_rule_append(n, NF_TABLE_NAT, "OUTPUT", &r), -EINVAL);
	nf_rule_clear(&r);
	/* REJECT: filter only, INPUT/FORWARD/OUTPUT only; tcp-reset needs -p tcp. */
	r = verdict(NF_T_REJECT);
	r.target.u.reject = NF_REJ_ICMP_PORT_UNREACHABLE;
	assert_int_equal(nf_rule_append(n, NF_TABLE_MANGLE, "INPUT", &r), -EINVAL);
	assert_int_equal(nf_rule_append(n, NF_TABLE_FILTER, "INPUT", &r), 0);
	r.target.u.reject = NF_REJ_TCP_RESET;
	assert_int_equal(nf_rule_append(n, NF_TABLE_FILTER, "OUTPUT", &r), -EINVAL);
	assert_string_equal(world_error(w),
			    E_PREFIX " RULE_APPEND failed (Invalid argument): rule in chain OUTPUT");
	r.proto = IP_PROTO_TCP;
	assert_int_equal(nf_rule_append(n, NF_TABLE_FILTER, "OUTPUT", &r), 0);
	nf_rule_clear(&r);
	/* DROP in nat: iptables' own refusal. */
	r = verdict(NF_T_DROP);
	assert_int_equal(nf_add(n, NF_TABLE_NAT, "PREROUTING", &r), -EINVAL);
	assert_string_equal(world_error(w),
			    E_PREFIX "\nThe \"nat\" table is not intended for filtering, the use of "
			    "DROP is therefore inhibited.\n\n");
	assert_int_equal(nf_exit_status(n, -EINVAL), 2);
	world_free(w);
}

static void test_chain_operations(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = fx_host(w, "n", NODE_HOST);
	assert_null(nf_table_peek(n, NF_TABLE_FILTER));
	/* Failed commands, -F, -Z and -D create no table (iptables-save
	 * prints nothing after them on Linux). */
	struct nf_rule bad = jump_to("NOPE");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &bad), -ENOENT);
	bad = nf_r();
	nf_target_dnat(&bad, "1.1.1.1", 0);
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &bad), -EINVAL);
	assert_int_equal(nf_chain_flush(n, NF_TABLE_NAT, NULL), 0);
	assert_int_equal(nf_chain_zero(n, NF_TABLE_MANGLE, NULL), 0);
	assert_int_equal(nf_rule_delete_num(n, NF_TABLE_RAW, "OUTPUT", 1), -E2BIG);
	for (int i = 0; i < NF_TABLE__COUNT; i++)
		assert_false(nf_table_peek(n, (enum nf_table_id)i)->present);
	assert_int_equal(nf_chain_policy(n, NF_TABLE_RAW, "OUTPUT", NF_POLICY_ACCEPT), 0);
	assert_true(nf_table_peek(n, NF_TABLE_RAW)->present);
	assert_int_equal(nf_chain_new(n, NF_TABLE_FILTER, "ZED"), 0);
	assert_int_equal(nf_chain_new(n, NF_TABLE_FILTER, "ALPHA"), 0);
	assert_int_equal(nf_chain_new(n, NF_TABLE_FILTER, "ALPHA"), -EEXIST);
	assert_string_equal(world_error(w), "iptables: Chain already exists.");
	assert_int_equal(nf_chain_new(n, NF_TABLE_FILTER, "INPUT"), -EEXIST);
	const struct nf_table *t = nf_table_peek(n, NF_TABLE_FILTER);
	assert_true(t->present);
	assert_false(nf_table_peek(n, NF_TABLE_NAT)->present);
	/* Built-in chains in hook order, then user chains by name. */
	const char *order[] = { "INPUT", "FORWARD", "OUTPUT", "ALPHA", "ZED" };
	assert_int_equal(t->n_chains, 5);
	for (int i = 0; i < 5; i++)
		assert_string_equal(t->chains[i]->name, order[i]);
	/* Rename: renumbered into place; jumps follow the chain. */
	struct nf_rule r = jump_to("ZED");
	assert_int_equal(nf_add(n, NF_TABLE_FILTER, "INPUT", &r), 0);
	assert_int_equal(nf_chain_rename(n, NF_TABLE_FILTER, "ZED", "ALPHA"), -EEXIST);
	assert_string_equal(world_error(w), "iptables: File exists.");
	assert_int_equal(nf_chain_rename(n, NF_TABLE_FILTER, "ZED", "AARDVARK"), 0);
	assert_string_equal(t->chains[3]->name, "AARDVARK");
	assert_string_equal(nf_chain_find(n, NF_TABLE_FILTER, "INPUT")->rules[0].target.chain->name,
			    "AARDVARK");
	assert_int_equal(nf_chain_rename(n, NF_TABLE_FILTER, "INPUT", "X"), -ENOENT);
	/* Delete: referenced or with rules: busy. */
	assert_int_equal(nf_chain_delete(n, NF_TABLE_FILTER, "AARDVARK"), -EBUSY);
	assert_string_equal(world_error(w),
			    E_PREFIX " CHAIN_DEL failed (Device or resource busy): chain AARDVARK");
	assert_int_equal(nf_exit_status(n, -EBUSY), 4);
	assert_int_equal(nf_chain_delete(n, NF_TABLE_FILTER, "INPUT"), -ENOENT);
	assert_string_equal(world_error(w), "iptables: No chain/target/match by that name.");
	assert_int_equal(nf_rule_delete_num(n, NF_TABLE_FILTER, "INPUT", 2), -E2BIG);
	assert_string_equal(world_error(w), "iptables: Index of deletion too big.");
	r = verdict(NF_T_ACCEPT);
	assert_int_equal(nf_rule_insert(n, NF_TABLE_FILTER, "INPUT", 3, &r), -E2BIG);
	assert_string_equal(world_error(w), "iptables: Index of insertion too big.");
	assert_int_equal(nf_rule_replace(n, NF_TABLE_FILTER, "INPUT", 2, &r), -E2BIG);
	assert_string_equal(world_error(w), "iptables: Index of replacement too big.");
	assert_int_equal(nf_rule_delete(n, NF_TABLE_FILTER, "INPUT", &r), -ENOENT);
	assert_string_equal(world_error(w),
			    "iptables: Bad rule (does a matching rule exist in that chain?).");
	nf_rule_clear(&r);
	/* -D by spec finds the jump; then the chain can go. */
	r = jump_to("AARDVARK");
	assert_int_equal(nf_rule_check(n, NF_TABLE_FILTER, "INPUT", &r), 0);
	assert_int_equal(nf_rule_delete(n, NF_TABLE_FILTER, "INPUT", &r), 0);
	nf_rule_clear(&r);
	assert_int_equal(nf_chain_find(n, NF_TABLE_FILTER, "AARDVARK")->refs, 0);
	assert_int_equal(nf_chain_delete(n, NF_TABLE_FILTER, "AARDVARK"), 0);
	assert_int_equal(nf_chain_delete(n, NF_TABLE_FILTER, NULL), 0);
	assert_int_equal(t->n_chains, 3);
	/* Policies: built-in chains only. */
	assert_int_equal(nf_chain_policy(n, NF_TABLE_FILTER, "FORWARD", NF_POLICY_DROP), 0);
	assert_int_equal(nf_chain_find(n, NF_TABLE_FILTER, "FORWARD")->policy, NF_POLICY_DROP);
	assert_int_equal(nf_chain_new(n, NF_TABLE_FILTER, "U"), 0);
	assert_int_equal(nf_chain_policy(n, NF_TABLE_FILTER, "U", NF_POLICY_DROP), -ENOENT);
	assert_string_equal(world_error(w), "iptables: Bad built-in chain name.");
	/* Replace keeps the place and restarts the counters. */
	r = verdict(NF_T_ACCEPT);
	assert_int_equal(nf_rule_append(n, NF_TABLE_FILTER, "U", &r), 0);
	nf_chain_find(n, NF_TABLE_FILTER, "U")->rules[0].pkts = 7;
	r.target.kind = NF_T_DROP;
	assert_int_equal(nf_rule_replace(n, NF_TABLE_FILTER, "U", 1, &r), 0);
	nf_rule_clear(&r);
	assert_int_equal(nf_chain_find(n, NF_TABLE_FILTER, "U")->rules[0].pkts, 0);
	assert_int_equal(nf_chain_find(n, NF_TABLE_FILTER, "U")->rules[0].target.kind, NF_T_DROP);
	world_free(w);
}

/* ---- matches, one by one -------------------------------------------------- */

struct mctx {
	struct world *w;
	struct node *n;
	struct netdev *eth0;
	uint8_t pkt[64];
	uint32_t mark;
	struct nf_pktinfo pi;
};

/* A TCP SYN 10.0.1.2:40000 -> 10.0.1.1:80 arriving on eth0 at INPUT. */
static void mctx_init(struct mctx *m)
{
	memset(m, 0, sizeof *m);
	m->w = world_new(3);
	m->n = fx_host(m->w, "n", NODE_HOST);
	m->eth0 = netdev_new(m->n, "eth0", ND_ETH);
	netdev_set_up(m->eth0, true);
	fx_addr(m->n, "eth0", "10.0.1.1/24");
	struct tcp_repr th;
	memset(&th, 0, sizeof th);
	th.sport = 40000;
	th.dport = 80;
	th.flags = TCP_FLAG_SYN;
	th.window = 64240;
	tcp_emit(m->pkt + 20, 20, fx_ip("10.0.1.2"), fx_ip("10.0.1.1"), &th);
	struct ipv4_repr ip = { .total_len = 40, .id = 1, .frag = IPV4_DF, .ttl = 64,
				.proto = IP_PROTO_TCP, .src = fx_ip("10.0.1.2"), .dst = fx_ip("10.0.1.1") };
	ipv4_emit(m->pkt, &ip);
	m->pi.node = m->n;
	m->pi.hook = NF_HOOK_INPUT;
	m->pi.in = m->eth0;
	nf_pktinfo_parse(&m->pi, m->pkt, 40);
	m->pi.mark = &m->mark;
	m->pi.ctstate = NF_CT_NEW;
}

static bool matches1(struct mctx *m, const struct nf_rule *base, const struct nf_match *mt)
{
	struct nf_rule r = *base;
	r.matches = NULL;
	r.n_matches = 0;
	if (mt)
		nf_rule_add_match(&r, mt);
	bool hit = nf_rule_matches(&r, &m->pi);
	nf_rule_clear(&r);
	return hit;
}

static void test_match_ip_part(void **state)
{
	(void)state;
	struct mctx m;
	mctx_init(&m);
	struct nf_rule r = nf_r();
	assert_true(matches1(&m, &r, NULL));
	r.src = fx_ip("10.0.1.0");
	r.src_mask = 0xffffff00u;
	assert_true(matches1(&m, &r, NULL));
	r.src_inv = true;
	assert_false(matches1(&m, &r, NULL));
	r = nf_r();
	r.dst = fx_ip("10.0.1.9");
	r.dst_mask = 0xffffffffu;
	assert_false(matches1(&m, &r, NULL));
	r.dst_inv = true;
	assert_true(matches1(&m, &r, NULL));
	r = nf_r();
	snprintf(r.in_if, sizeof r.in_if, "eth+");
	assert_true(matches1(&m, &r, NULL));
	snprintf(r.in_if, sizeof r.in_if, "eth1");
	assert_false(matches1(&m, &r, NULL));
	r.in_inv = true;
	assert_true(matches1(&m, &r, NULL));
	r = nf_r();
	snprintf(r.out_if, sizeof r.out_if, "eth0");      /* no out device at INPUT */
	assert_false(matches1(&m, &r, NULL));
	r = nf_r();
	r.proto = IP_PROTO_UDP;
	assert_false(matches1(&m, &r, NULL));
	r.proto_inv = true;
	assert_true(matches1(&m, &r, NULL));
	r.proto = IP_PROTO_TCP;
	assert_false(matches1(&m, &r, NULL));
	world_free(m.w);
}

static void test_match_tcp_udp_icmp_multiport(void **state)
{
	(void)state;
	struct mctx m;
	mctx_init(&m);
	struct nf_rule r = nf_r();
	r.proto = IP_PROTO_TCP;
	struct nf_match mt;
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_TCP;
	mt.u.tcp.has_dport = true;
	mt.u.tcp.dport.lo = mt.u.tcp.dport.hi = 80;
	assert_true(matches1(&m, &r, &mt));
	mt.u.tcp.dport_inv = true;
	assert_false(matches1(&m, &r, &mt));
	mt.u.tcp.dport_inv = false;
	mt.u.tcp.has_sport = true;
	mt.u.tcp.sport.lo = 1024;
	mt.u.tcp.sport.hi = 65535;                 /* --sport 1024:65535 */
	assert_true(matches1(&m, &r, &mt));
	mt.u.tcp.sport.lo = 1;
	mt.u.tcp.sport.hi = 1023;
	assert_false(matches1(&m, &r, &mt));
	/* --syn: FIN,SYN,RST,ACK SYN */
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_TCP;
	mt.u.tcp.has_flags = true;
	mt.u.tcp.flags_mask = 0x17;
	mt.u.tcp.flags_cmp = TCP_FLAG_SYN;
	assert_true(matches1(&m, &r, &mt));
	mt.u.tcp.flags_inv = true;                  /* ! --syn */
	assert_false(matches1(&m, &r, &mt));
	/* udp on a TCP packet never matches */
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_UDP;
	assert_false(matches1(&m, &r, &mt));
	/* icmp */
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_ICMP;
	mt.u.icmp.type = 0xff;
	mt.u.icmp.code_hi = 0xff;
	assert_false(matches1(&m, &r, &mt));
	/* multiport: --dports 22,80:90 */
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_MULTIPORT;
	mt.u.multiport.dir = NF_MP_DST;
	mt.u.multiport.count = 2;
	mt.u.multiport.ports[0].lo = mt.u.multiport.ports[0].hi = 22;
	mt.u.multiport.ports[1].lo = 80;
	mt.u.multiport.ports[1].hi = 90;
	assert_true(matches1(&m, &r, &mt));
	mt.u.multiport.inv = true;
	assert_false(matches1(&m, &r, &mt));
	mt.u.multiport.inv = false;
	mt.u.multiport.dir = NF_MP_SRC;
	assert_false(matches1(&m, &r, &mt));
	mt.u.multiport.dir = NF_MP_ANY;
	assert_true(matches1(&m, &r, &mt));
	/* an ICMP echo request */
	uint8_t icmp[64];
	uint32_t l = fx_icmp_echo(icmp + 20, 7, 1, 8);
	struct ipv4_repr ip = { .total_len = (uint16_t)(20 + l), .ttl = 64, .proto = IP_PROTO_ICMP,
				.src = fx_ip("10.0.1.2"), .dst = fx_ip("10.0.1.1") };
	ipv4_emit(icmp, &ip);
	nf_pktinfo_parse(&m.pi, icmp, 20 + l);
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_ICMP;
	mt.u.icmp.type = 8;
	mt.u.icmp.code_hi = 0xff;
	r.proto = IP_PROTO_ICMP;
	assert_true(matches1(&m, &r, &mt));
	mt.u.icmp.type = 0;
	assert_false(matches1(&m, &r, &mt));
	mt.u.icmp.inv = true;
	assert_true(matches1(&m, &r, &mt));
	world_free(m.w);
}

static void test_match_mark_conntrack_addrtype_comment(void **state)
{
	(void)state;
	struct mctx m;
	mctx_init(&m);
	struct nf_rule r = nf_r();
	struct nf_match mt;
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_MARK;
	mt.u.mark.mark = 0x4000;
	mt.u.mark.mask = 0x4000;
	assert_false(matches1(&m, &r, &mt));
	m.mark = 0x4001;
	assert_true(matches1(&m, &r, &mt));
	mt.u.mark.inv = true;
	assert_false(matches1(&m, &r, &mt));
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_CONNTRACK;
	mt.u.conntrack.states = NF_CT_RELATED | NF_CT_ESTABLISHED;
	assert_false(matches1(&m, &r, &mt));
	m.pi.ctstate = NF_CT_ESTABLISHED | NF_CT_DNAT;
	assert_true(matches1(&m, &r, &mt));
	mt.u.conntrack.states = NF_CT_DNAT;
	assert_true(matches1(&m, &r, &mt));
	mt.u.conntrack.inv = true;
	assert_false(matches1(&m, &r, &mt));
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_ADDRTYPE;
	mt.u.addrtype.dst_types = NF_ADDR_LOCAL;
	assert_true(matches1(&m, &r, &mt));
	mt.u.addrtype.dst_inv = true;
	assert_false(matches1(&m, &r, &mt));
	mt.u.addrtype.dst_inv = false;
	mt.u.addrtype.src_types = NF_ADDR_LOCAL;  /* 10.0.1.2 is not ours */
	assert_false(matches1(&m, &r, &mt));
	mt.u.addrtype.src_types = NF_ADDR_UNICAST;
	assert_true(matches1(&m, &r, &mt));
	assert_string_equal(nf_addrtype_name(NF_ADDR_LOCAL), "LOCAL");
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_COMMENT;
	snprintf(mt.u.comment, sizeof mt.u.comment, "kubernetes service portals");
	assert_true(matches1(&m, &r, &mt));
	world_free(m.w);
}

static void test_match_statistic(void **state)
{
	(void)state;
	struct mctx m;
	mctx_init(&m);
	struct nf_rule r = nf_r();
	struct nf_match mt;
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_STATISTIC;
	mt.u.statistic.mode = NF_STAT_NTH;
	mt.u.statistic.every = 3;
	mt.u.statistic.packet = 0;
	nf_rule_add_match(&r, &mt);
	/* as the engine keeps it: go through a chain */
	assert_int_equal(nf_chain_new(m.n, NF_TABLE_FILTER, "S"), 0);
	assert_int_equal(nf_rule_append(m.n, NF_TABLE_FILTER, "S", &r), 0);
	nf_rule_clear(&r);
	r = nf_chain_find(m.n, NF_TABLE_FILTER, "S")->rules[0];
	int hits = 0;
	bool seq[6];
	for (int i = 0; i < 6; i++) {
		seq[i] = nf_rule_matches(&r, &m.pi);
		hits += seq[i];
	}
	/* --every 3 --packet 0: the 1st and 4th (ping's seq 1 and 4 dropped on Linux). */
	assert_int_equal(hits, 2);
	assert_true(seq[0] && seq[3]);
	/* --packet 1: the 2nd and 5th */
	r.matches[0].u.statistic.packet = 1;
	assert_int_equal(nf_rule_append(m.n, NF_TABLE_FILTER, "S", &r), 0);
	struct nf_rule *r2 = &nf_chain_find(m.n, NF_TABLE_FILTER, "S")->rules[1];
	for (int i = 0; i < 6; i++)
		seq[i] = nf_rule_matches(r2, &m.pi);
	assert_true(!seq[0] && seq[1] && !seq[2] && !seq[3] && seq[4] && !seq[5]);
	r = nf_r();
	/* --mode random --probability 0.25: about a quarter, the same every run. */
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_STATISTIC;
	mt.u.statistic.mode = NF_STAT_RANDOM;
	mt.u.statistic.probability = 0x20000000u;   /* lround(0.25 * 2^31) */
	nf_rule_add_match(&r, &mt);
	hits = 0;
	for (int i = 0; i < 4000; i++)
		hits += nf_rule_matches(&r, &m.pi);
	assert_true(hits > 900 && hits < 1100);
	r.matches[0].u.statistic.inv = true;
	int inv = 0;
	for (int i = 0; i < 4000; i++)
		inv += nf_rule_matches(&r, &m.pi);
	assert_true(inv > 2900 && inv < 3100);
	nf_rule_clear(&r);
	world_free(m.w);
}

/* ---- traversal through a router -------------------------------------------- */

struct logs {
	char lines[8][600];
	int n;
};

static void log_cb(void *ctx, const struct trace_rec *r)
{
	struct logs *l = ctx;
	if (r->kind == TR_LOG && r->what && strcmp(r->what, "LOG") == 0 && l->n < 8)
		snprintf(l->lines[l->n++], sizeof l->lines[0], "%s", r->text);
}

struct pinger {
	int replies, errors;
	uint8_t err_type, err_code;
	uint32_t err_from;
};

static void on_reply(void *ctx, uint32_t from, uint16_t seq, uint8_t ttl, const uint8_t *d,
		     uint32_t len)
{
	(void)from, (void)seq, (void)ttl, (void)d, (void)len;
	((struct pinger *)ctx)->replies++;
}

static void on_error(void *ctx, uint32_t from, uint8_t type, uint8_t code, uint16_t seq, uint16_t mtu)
{
	(void)seq, (void)mtu;
	struct pinger *p = ctx;
	p->errors++;
	p->err_type = type;
	p->err_code = code;
	p->err_from = from;
}

static int ping_once(struct nfw *t, struct node *from, const char *to, struct pinger *pg)
{
	struct icmp_sock *s = icmp_open(from);
	s->on_reply = on_reply;
	s->on_error = on_error;
	s->ctx = pg;
	uint8_t payload[56] = { 0 };
	int rc = icmp_send_echo(s, fx_ip(to), 1, 0, payload, sizeof payload);
	nfw_run(t, 1);
	icmp_close(s);
	return rc;
}

static void test_filter_drop_counts_and_says_why(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 11);
	struct nf_rule r = nf_r();
	r.proto = IP_PROTO_ICMP;
	r.target.kind = NF_T_DROP;
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "INPUT", &r), 0);
	struct pinger pg = { 0 };
	ping_once(&t, t.a, "10.0.1.1", &pg);
	assert_int_equal(pg.replies, 0);
	const struct nf_chain *in = nf_chain_find(t.r, NF_TABLE_FILTER, "INPUT");
	assert_int_equal(in->rules[0].pkts, 1);
	assert_int_equal(in->rules[0].bytes, 84);
	assert_int_equal(fx_count_drops(&t.tr, DROP_NF_DROP, "r"), 1);
	assert_true(nf_trace_has(&t.tr, TR_DROP, "r",
				 "dropped by iptables rule (table filter, chain INPUT, rule 1)"));
	assert_true(nf_trace_has(&t.tr, TR_DECISION, "r", "filter INPUT rule 1: DROP"));
	/* Forwarded traffic does not cross INPUT. */
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 1);
	assert_int_equal(in->rules[0].pkts, 1);
	/* Zeroed. */
	assert_int_equal(nf_chain_zero(t.r, NF_TABLE_FILTER, NULL), 0);
	assert_int_equal(in->rules[0].pkts, 0);
	/* Nothing needed conntrack. */
	assert_int_equal(ct_count(t.r), 0);
	assert_null(t.r->nf->ct);
	/* An empty nat table asks for no conntrack either (as on Linux);
	 * without a connection its chains are not even consulted. */
	assert_int_equal(nf_chain_flush(t.r, NF_TABLE_NAT, NULL), 0);
	r = nf_r();
	r.target.kind = NF_T_LOG;
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "POSTROUTING", &r), 0);
	assert_int_equal(t.r->nf->ct_users, 0);
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(ct_count(t.r), 0);
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_NAT, "POSTROUTING")->rules[0].pkts, 0);
	/* Nodes without rules have no netfilter state at all. */
	assert_null(t.a->nf);
	assert_null(t.b->nf);
	nfw_free(&t);
}

static void test_reject_icmp_port_unreachable_default(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 12);
	struct nf_rule r = nf_r();
	r.proto = IP_PROTO_ICMP;
	r.target.kind = NF_T_REJECT;
	r.target.u.reject = NF_REJ_ICMP_PORT_UNREACHABLE;
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	struct pinger pg = { 0 };
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 0);
	assert_int_equal(pg.errors, 1);
	assert_int_equal(pg.err_type, ICMP_DEST_UNREACH);
	assert_int_equal(pg.err_code, ICMP_PORT_UNREACH);
	assert_int_equal(pg.err_from, fx_ip("10.0.1.1"));
	assert_int_equal(fx_count_drops(&t.tr, DROP_NF_REJECT, "r"), 1);
	/* --reject-with icmp-host-prohibited */
	struct nf_chain *fwd = nf_chain_find(t.r, NF_TABLE_FILTER, "FORWARD");
	fwd->rules[0].target.u.reject = NF_REJ_ICMP_HOST_PROHIBITED;
	pg = (struct pinger){ 0 };
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.err_code, 10);
	size_t checked;
	assert_int_equal(nf_bad_checksums(&t.tr, &checked), 0);
	nfw_free(&t);
}

static void test_reject_tcp_reset(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 13);
	struct nf_rule r = nf_r();
	nf_r_proto_dport(&r, IP_PROTO_TCP, 81);
	r.target.kind = NF_T_REJECT;
	r.target.u.reject = NF_REJ_TCP_RESET;
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	struct tapp cli;
	tapp_init(&cli);
	cli.s = tcp_connect(t.a, fx_ip("10.0.2.2"), 81, &tapp_cb, &cli);
	nfw_run(&t, 1);
	assert_int_equal(cli.errors, 1);
	assert_int_equal(cli.err, -ECONNREFUSED);
	/* No -P on FORWARD: iptables-nft counts no policy packets. */
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_FILTER, "FORWARD")->policy_pkts, 0);
	/* nf_send_reset(): from the address the SYN was sent to, id 0, DF,
	 * RST|ACK acknowledging the SYN, window 0. */
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "a", "eth0", IP_PROTO_TCP, 0, &ip, &l4));
	assert_int_equal(ip.src, fx_ip("10.0.2.2"));
	assert_int_equal(ip.id, 0);
	assert_int_equal(ip.frag, IPV4_DF);
	assert_int_equal(ip.ttl, 64);
	assert_int_equal(l4[13], TCP_FLAG_RST | TCP_FLAG_ACK);
	assert_int_equal((l4[14] << 8) | l4[15], 0);
	size_t checked;
	assert_int_equal(nf_bad_checksums(&t.tr, &checked), 0);
	tcp_close(cli.s);
	tapp_free(&cli);
	nfw_free(&t);
}

static void test_user_chains_return_and_goto(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 14);
	/* FORWARD: -j CHK ; CHK: -p udp -j RETURN ; CHK: -j DROP */
	assert_int_equal(nf_chain_new(t.r, NF_TABLE_FILTER, "CHK"), 0);
	struct nf_rule r = nf_r();
	r.proto = IP_PROTO_UDP;
	r.target.kind = NF_T_RETURN;
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "CHK", &r), 0);
	r = verdict(NF_T_DROP);
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "CHK", &r), 0);
	r = jump_to("CHK");
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	struct pinger pg = { 0 };
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 0);
	assert_true(nf_trace_has(&t.tr, TR_DECISION, "r", "filter FORWARD rule 1: jump to CHK"));
	assert_true(nf_trace_has(&t.tr, TR_DROP, "r",
				 "dropped by iptables rule (table filter, chain CHK, rule 2)"));
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_FILTER, "CHK")->refs, 1);
	/* -g G from FORWARD, then DROP: G's RETURN ends FORWARD (its policy),
	 * skipping the DROP after the goto. */
	assert_int_equal(nf_chain_flush(t.r, NF_TABLE_FILTER, "FORWARD"), 0);
	assert_int_equal(nf_chain_new(t.r, NF_TABLE_FILTER, "G"), 0);
	r = verdict(NF_T_RETURN);
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "G", &r), 0);
	r = jump_to("G");
	r.target.kind = NF_T_GOTO;
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	r = verdict(NF_T_DROP);
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	pg = (struct pinger){ 0 };
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 1);
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_FILTER, "FORWARD")->rules[1].pkts, 0);
	/* A jump, then a goto from inside it: RETURN comes back to FORWARD. */
	assert_int_equal(nf_chain_flush(t.r, NF_TABLE_FILTER, "FORWARD"), 0);
	assert_int_equal(nf_chain_new(t.r, NF_TABLE_FILTER, "J"), 0);
	r = jump_to("G");
	r.target.kind = NF_T_GOTO;
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "J", &r), 0);
	r = verdict(NF_T_DROP);                  /* skipped by the goto */
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "J", &r), 0);
	r = jump_to("J");
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	r = nf_r();
	r.proto = IP_PROTO_ICMP;
	r.target.kind = NF_T_DROP;               /* reached after the RETURN */
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	pg = (struct pinger){ 0 };
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 0);
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_FILTER, "J")->rules[1].pkts, 0);
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_FILTER, "FORWARD")->rules[1].pkts, 1);
	nfw_free(&t);
}

static void test_policy_drop_with_ctstate(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 15);
	assert_int_equal(nf_chain_policy(t.r, NF_TABLE_FILTER, "FORWARD", NF_POLICY_DROP), 0);
	struct pinger pg = { 0 };
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 0);
	const struct nf_chain *fwd = nf_chain_find(t.r, NF_TABLE_FILTER, "FORWARD");
	assert_int_equal(fwd->policy_pkts, 1);
	assert_int_equal(fwd->policy_bytes, 84);
	assert_true(nf_trace_has(&t.tr, TR_DROP, "r",
				 "dropped by iptables policy (table filter, chain FORWARD, policy DROP)"));
	/* -A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
	 * -A FORWARD -i eth0 -o eth1 -j ACCEPT */
	struct nf_rule r = verdict(NF_T_ACCEPT);
	struct nf_match mt;
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_CONNTRACK;
	mt.u.conntrack.states = NF_CT_RELATED | NF_CT_ESTABLISHED;
	nf_rule_add_match(&r, &mt);
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	assert_int_equal(t.r->nf->ct_users, 1);
	r = verdict(NF_T_ACCEPT);
	snprintf(r.in_if, sizeof r.in_if, "eth0");
	snprintf(r.out_if, sizeof r.out_if, "eth1");
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	pg = (struct pinger){ 0 };
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 1);
	assert_int_equal(fwd->rules[0].pkts, 1);  /* the reply */
	assert_int_equal(fwd->rules[1].pkts, 1);  /* the request */
	assert_int_equal(ct_count(t.r), 1);
	/* b cannot start anything towards a. */
	pg = (struct pinger){ 0 };
	ping_once(&t, t.b, "10.0.1.2", &pg);
	assert_int_equal(pg.replies, 0);
	assert_int_equal(fwd->policy_pkts, 2);
	nfw_free(&t);
}

static void test_log_line(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 16);
	struct logs lg = { 0 };
	trace_subscribe(t.w, TR_MASK(TR_LOG), log_cb, &lg);
	/* -A INPUT -p icmp -j LOG --log-prefix "IN: "; mangle POSTROUTING LOG */
	struct nf_rule r = nf_r();
	r.proto = IP_PROTO_ICMP;
	r.target.kind = NF_T_LOG;
	snprintf(r.target.u.log.prefix, sizeof r.target.u.log.prefix, "IN: ");
	r.target.u.log.level = 4;
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "INPUT", &r), 0);
	r = nf_r();
	r.proto = IP_PROTO_ICMP;
	r.target.kind = NF_T_LOG;
	snprintf(r.target.u.log.prefix, sizeof r.target.u.log.prefix, "POST: ");
	assert_int_equal(nf_add(t.r, NF_TABLE_MANGLE, "POSTROUTING", &r), 0);
	struct pinger pg = { 0 };
	ping_once(&t, t.a, "10.0.1.1", &pg);
	assert_int_equal(pg.replies, 1);        /* LOG does not stop anything */
	assert_int_equal(lg.n, 2);
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "r", "eth0", IP_PROTO_ICMP, 0, &ip, &l4));
	uint16_t id = (uint16_t)(l4[4] << 8 | l4[5]);
	char mac_r[18], mac_a[18], want[600];
	units_format_mac(fx_dev(t.r, "eth0")->mac, mac_r);
	units_format_mac(fx_dev(t.a, "eth0")->mac, mac_a);
	/* As dmesg shows it (captured: kernel 6.x, nf_log_syslog). */
	snprintf(want, sizeof want,
		 "IN: IN=eth0 OUT= MAC=%s:%s:08:00 SRC=10.0.1.2 DST=10.0.1.1 LEN=84 TOS=0x00 "
		 "PREC=0x00 TTL=64 ID=%u DF PROTO=ICMP TYPE=8 CODE=0 ID=%u SEQ=1 ", mac_r, mac_a, ip.id,
		 id);
	assert_string_equal(lg.lines[0], want);
	/* The reply, leaving: no IN, no MAC; Linux's echo reply has no DF. */
	assert_non_null(strstr(lg.lines[1], "POST: IN= OUT=eth0 SRC=10.0.1.1 DST=10.0.1.2 LEN=84 "
					    "TOS=0x00 PREC=0x00 TTL=64 ID="));
	assert_non_null(strstr(lg.lines[1], " PROTO=ICMP TYPE=0 CODE=0 ID="));
	nfw_free(&t);
}

static void test_log_formats_tcp_udp_icmp_error(void **state)
{
	(void)state;
	char line[600];
	/* A SYN */
	struct mctx m;
	mctx_init(&m);
	nf_log_format(line, sizeof line, "T: ", m.eth0, NULL, NULL, m.pkt, 40, 0);
	assert_string_equal(line, "T: IN=eth0 OUT= MAC= SRC=10.0.1.2 DST=10.0.1.1 LEN=40 TOS=0x00 "
				  "PREC=0x00 TTL=64 ID=1 DF PROTO=TCP SPT=40000 DPT=80 WINDOW=64240 "
				  "RES=0x00 SYN URGP=0 ");
	/* A UDP datagram with a mark */
	uint8_t u[40];
	struct udp_repr ur = { .sport = 55947, .dport = 9 };
	udp_emit(u + 20, 11, fx_ip("10.0.0.2"), fx_ip("192.168.1.2"), &ur);
	struct ipv4_repr ip = { .total_len = 31, .id = 2223, .frag = IPV4_DF, .ttl = 63,
				.proto = IP_PROTO_UDP, .src = fx_ip("10.0.0.2"),
				.dst = fx_ip("192.168.1.2") };
	ipv4_emit(u, &ip);
	nf_log_format(line, sizeof line, "U: ", NULL, m.eth0, NULL, u, 31, 0x10);
	assert_string_equal(line, "U: IN= OUT=eth0 SRC=10.0.0.2 DST=192.168.1.2 LEN=31 TOS=0x00 "
				  "PREC=0x00 TTL=63 ID=2223 DF PROTO=UDP SPT=55947 DPT=9 LEN=11 "
				  "MARK=0x10 ");
	/* An ICMP port unreachable quoting it (tos 0xc0) */
	uint8_t e[80];
	memcpy(e + 28, u, 31);
	struct icmp_repr ic = { .type = 3, .code = 3 };
	icmp_emit(e + 20, 8 + 31, &ic);
	struct ipv4_repr eip = { .tos = 0xc0, .total_len = 59, .id = 48820, .ttl = 63,
				 .proto = IP_PROTO_ICMP, .src = fx_ip("192.168.1.2"),
				 .dst = fx_ip("10.0.0.2") };
	ipv4_emit(e, &eip);
	nf_log_format(line, sizeof line, "FWD: ", NULL, m.eth0, NULL, e, 59, 0);
	assert_string_equal(line, "FWD: IN= OUT=eth0 SRC=192.168.1.2 DST=10.0.0.2 LEN=59 TOS=0x00 "
				  "PREC=0xC0 TTL=63 ID=48820 PROTO=ICMP TYPE=3 CODE=3 [SRC=10.0.0.2 "
				  "DST=192.168.1.2 LEN=31 TOS=0x00 PREC=0x00 TTL=63 ID=2223 DF "
				  "PROTO=UDP SPT=55947 DPT=9 LEN=11 ] ");
	world_free(m.w);
}

static void test_mark_set_and_matched_later(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 17);
	/* mangle PREROUTING -p icmp -j MARK --or-mark 0x4000 (set-xmark 0x4000/0x4000);
	 * filter FORWARD -m mark --mark 0x4000/0x4000 -j DROP */
	struct nf_rule r = nf_r();
	r.proto = IP_PROTO_ICMP;
	r.target.kind = NF_T_MARK;
	r.target.u.mark.value = 0x4000;
	r.target.u.mark.mask = 0x4000;
	assert_int_equal(nf_add(t.r, NF_TABLE_MANGLE, "PREROUTING", &r), 0);
	r = verdict(NF_T_DROP);
	struct nf_match mt;
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_MARK;
	mt.u.mark.mark = 0x4000;
	mt.u.mark.mask = 0x4000;
	nf_rule_add_match(&r, &mt);
	assert_int_equal(nf_add(t.r, NF_TABLE_FILTER, "FORWARD", &r), 0);
	struct pinger pg = { 0 };
	ping_once(&t, t.a, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 0);
	assert_true(nf_trace_has(&t.tr, TR_DECISION, "r", "mangle PREROUTING rule 1: MARK set 0x4000"));
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_FILTER, "FORWARD")->rules[0].pkts, 1);
	nfw_free(&t);
}

static void test_output_drop_fails_send(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 18);
	struct nf_rule r = verdict(NF_T_DROP);
	r.proto = IP_PROTO_UDP;
	assert_int_equal(nf_add(t.a, NF_TABLE_FILTER, "OUTPUT", &r), 0);
	struct udp_sock *s = udp_bind(t.a, 0, 0, NULL, NULL, NULL);
	/* sendto() says "Operation not permitted", as on Linux. */
	assert_int_equal(udp_sendto(s, fx_ip("10.0.2.2"), 9, "x", 1), -EPERM);
	udp_close(s);
	nfw_free(&t);
}

static void test_addrtype_local_dnat(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 19);
	/* -t nat -A PREROUTING -m addrtype --dst-type LOCAL -p icmp -j DNAT --to-destination 10.0.2.2 */
	struct nf_rule r = nf_r();
	r.proto = IP_PROTO_ICMP;
	struct nf_match mt;
	memset(&mt, 0, sizeof mt);
	mt.kind = NF_M_ADDRTYPE;
	mt.u.addrtype.dst_types = NF_ADDR_LOCAL;
	nf_rule_add_match(&r, &mt);
	nf_target_dnat(&r, "10.0.2.2", 0);
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "PREROUTING", &r), 0);
	struct pinger pg = { 0 };
	ping_once(&t, t.a, "10.0.1.1", &pg);
	assert_int_equal(pg.replies, 1);
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "b", "eth0", IP_PROTO_ICMP, 0, &ip, &l4));
	assert_int_equal(ip.src, fx_ip("10.0.1.2"));
	assert_int_equal(ip.dst, fx_ip("10.0.2.2"));
	/* Not local: untouched. */
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_NAT, "PREROUTING")->rules[0].pkts, 1);
	pg = (struct pinger){ 0 };
	ping_once(&t, t.a2, "10.0.2.2", &pg);
	assert_int_equal(pg.replies, 1);
	assert_int_equal(nf_chain_find(t.r, NF_TABLE_NAT, "PREROUTING")->rules[0].pkts, 1);
	size_t checked;
	assert_int_equal(nf_bad_checksums(&t.tr, &checked), 0);
	nfw_free(&t);
}

/* DNAT in OUTPUT re-routes the router's own packet. */
static void test_output_dnat_reroutes(void **state)
{
	(void)state;
	struct nfw t;
	nfw_init(&t, 20);
	struct nf_rule r = nf_r();
	r.proto = IP_PROTO_ICMP;
	r.dst = fx_ip("10.9.9.9");
	r.dst_mask = 0xffffffffu;
	nf_target_dnat(&r, "10.0.2.2", 0);
	assert_int_equal(nf_add(t.r, NF_TABLE_NAT, "OUTPUT", &r), 0);
	fx_route(t.r, "10.9.9.9/32", "10.0.1.2");      /* would go to a */
	struct pinger pg = { 0 };
	ping_once(&t, t.r, "10.9.9.9", &pg);
	assert_int_equal(pg.replies, 1);
	struct ipv4_repr ip;
	const uint8_t *l4 = NULL;
	assert_true(nf_rx_ip(&t.tr, "b", "eth0", IP_PROTO_ICMP, 0, &ip, &l4));
	assert_int_equal(ip.dst, fx_ip("10.0.2.2"));
	assert_false(nf_rx_ip(&t.tr, "a", "eth0", IP_PROTO_ICMP, 0, &ip, &l4));
	nfw_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jump_to_missing_chain),
		cmocka_unit_test(test_loop_refused_when_reachable),
		cmocka_unit_test(test_jump_depth_limit),
		cmocka_unit_test(test_targets_outside_their_table_or_hook),
		cmocka_unit_test(test_chain_operations),
		cmocka_unit_test(test_match_ip_part),
		cmocka_unit_test(test_match_tcp_udp_icmp_multiport),
		cmocka_unit_test(test_match_mark_conntrack_addrtype_comment),
		cmocka_unit_test(test_match_statistic),
		cmocka_unit_test(test_filter_drop_counts_and_says_why),
		cmocka_unit_test(test_reject_icmp_port_unreachable_default),
		cmocka_unit_test(test_reject_tcp_reset),
		cmocka_unit_test(test_user_chains_return_and_goto),
		cmocka_unit_test(test_policy_drop_with_ctstate),
		cmocka_unit_test(test_log_line),
		cmocka_unit_test(test_log_formats_tcp_udp_icmp_error),
		cmocka_unit_test(test_mark_set_and_matched_later),
		cmocka_unit_test(test_output_drop_fails_send),
		cmocka_unit_test(test_addrtype_local_dnat),
		cmocka_unit_test(test_output_dnat_reroutes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
