/* test_frag.c — path MTU discovery, fragmentation and reassembly, with the
 * numbers the kernel gives (tests/kernel/cases/pmtu.sh checks the same
 * against Linux): 1500-byte pings over a 1400-byte hop. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "engine_fixture.h"
#include "net/frag.h"
#include "proc/ping.h"
#include "proc/proc.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

struct chain {
	struct world *w;
	struct node *a, *r, *b;
	struct fx_trace tr;
};

static void chain_new(struct chain *c)
{
	c->w = world_new(1);
	c->a = fx_host(c->w, "a", NODE_HOST);
	c->r = fx_host(c->w, "r", NODE_ROUTER);
	c->b = fx_host(c->w, "b", NODE_HOST);
	fx_link(c->w, c->a, c->r, NULL);
	fx_link(c->w, c->r, c->b, NULL);
	fx_addr(c->a, "eth0", "10.0.1.2/24");
	fx_addr(c->r, "eth0", "10.0.1.1/24");
	fx_addr(c->r, "eth1", "10.0.2.1/24");
	fx_addr(c->b, "eth0", "10.0.2.2/24");
	fx_route(c->a, "default", "10.0.1.1");
	fx_route(c->b, "default", "10.0.2.1");
	netdev_set_mtu(node_dev(c->r, "eth1"), 1400);
	netdev_set_mtu(node_dev(c->b, "eth0"), 1400);
	fx_trace_start(&c->tr, c->w, TR_MASK(TR_TX) | TR_MASK(TR_DROP));
}

static void chain_free(struct chain *c)
{
	fx_trace_stop(&c->tr);
	world_free(c->w);
}

static struct proc *ping_big(struct chain *c, int size)
{
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.0.2.2");
	o.count = 1;
	o.size = size;
	struct proc *p = ping_start(c->a, &o);
	world_run(c->w, c->w->now_ns + 5 * NS_PER_S, 0);
	return p;
}

static void test_pmtu_discovery_then_local_fragments(void **state)
{
	(void)state;
	struct chain c;
	chain_new(&c);
	/* First: 1500 bytes with DF; r cannot pass it and says so. */
	struct proc *p = ping_big(&c, 1472);
	assert_non_null(strstr(p->out, "From 10.0.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1400)"));
	assert_int_equal(c.w->stats.drops[DROP_FRAG_NEEDED], 1);
	int64_t exp;
	assert_int_equal(pmtu_get(c.a, fx_ip("10.0.2.2"), &exp), 1400);
	assert_true(exp > c.w->now_ns + 590 * NS_PER_S);
	/* Second: a fragments it itself, without DF: 1396 + 124 bytes. */
	fx_trace_clear(&c.tr);
	p = ping_big(&c, 1472);
	assert_int_equal(ping_stats(p)->received, 1);
	const struct fx_rec *f1 = fx_nth(&c.tr, TR_TX, "a", "eth0", 0);
	const struct fx_rec *f2 = fx_nth(&c.tr, TR_TX, "a", "eth0", 1);
	assert_int_equal(fx_count_type(&c.tr, TR_TX, "a", "eth0", ETH_P_IP), 2);
	assert_non_null(f1);
	assert_non_null(f2);
	assert_int_equal(f1->len, ETH_HLEN + 1396);
	assert_int_equal(f2->len, ETH_HLEN + 124);
	struct ipv4_repr h1, h2;
	assert_int_equal(ipv4_parse(f1->bytes + ETH_HLEN, f1->len - ETH_HLEN, &h1), 0);
	assert_int_equal(ipv4_parse(f2->bytes + ETH_HLEN, f2->len - ETH_HLEN, &h2), 0);
	assert_int_equal(h1.frag, IPV4_MF);
	assert_int_equal(h2.frag, 1376 / 8);
	assert_int_equal(h1.id, h2.id);
	/* b's 1500-byte reply does not fit its own 1400-byte link either. */
	assert_int_equal(fx_count_type(&c.tr, TR_TX, "b", "eth0", ETH_P_IP), 2);
	chain_free(&c);
}

static void test_router_fragments_without_df(void **state)
{
	(void)state;
	struct chain c;
	chain_new(&c);
	/* Forget nothing: send a 1500-byte datagram without DF straight in. */
	uint8_t body[1480];
	uint32_t len = fx_icmp_echo(body, 7, 1, sizeof body - ICMP_HLEN);
	struct ipv4_repr ip = { .ttl = 64, .proto = IP_PROTO_ICMP, .id = 99,
				.src = fx_ip("10.0.1.2"), .dst = fx_ip("10.0.2.2") };
	struct netdev *ra = node_dev(c.r, "eth0"), *ae = node_dev(c.a, "eth0");
	netdev_xmit(ae, fx_ip_frame(c.w, ra->mac, ae->mac, &ip, body, len));
	/* a has no neighbour entry for r yet: the frame went straight out. */
	world_run(c.w, c.w->now_ns + NS_PER_S, 0);
	assert_int_equal(fx_count(&c.tr, TR_TX, "r", "eth1") >= 2, 1);
	/* b put it together and answered (the reply is fragmented too). */
	assert_int_equal(c.w->stats.drops[DROP_FRAG_TIMEOUT], 0);
	assert_true(fx_count(&c.tr, TR_TX, "b", "eth0") >= 2);
	chain_free(&c);
}

static void test_reassembly_timeout_reports_time_exceeded(void **state)
{
	(void)state;
	struct chain c;
	chain_new(&c);
	/* Only the first fragment of a datagram ever arrives at r's own address. */
	uint8_t body[512];
	uint32_t len = fx_icmp_echo(body, 7, 1, sizeof body - ICMP_HLEN);
	struct ipv4_repr ip = { .ttl = 64, .proto = IP_PROTO_ICMP, .id = 5, .frag = IPV4_MF,
				.src = fx_ip("10.0.1.2"), .dst = fx_ip("10.0.1.1") };
	struct netdev *ra = node_dev(c.r, "eth0"), *ae = node_dev(c.a, "eth0");
	netdev_xmit(ae, fx_ip_frame(c.w, ra->mac, ae->mac, &ip, body, len));
	world_run(c.w, c.w->now_ns + 29 * NS_PER_S, 0);
	assert_int_equal(c.w->stats.drops[DROP_FRAG_TIMEOUT], 0);
	world_run(c.w, c.w->now_ns + 2 * NS_PER_S, 0);
	assert_int_equal(c.w->stats.drops[DROP_FRAG_TIMEOUT], 1);
	/* RFC 792: time exceeded, code 1 (fragment reassembly), back to a. */
	bool seen = false;
	for (size_t i = 0; i < c.tr.n; i++) {
		const struct fx_rec *r = &c.tr.v[i];
		if (r->kind != TR_TX || strcmp(r->node, "r") || r->len < ETH_HLEN + IPV4_HLEN + 2)
			continue;
		const uint8_t *icmp = r->bytes + ETH_HLEN + IPV4_HLEN;
		if (r->bytes[ETH_HLEN + 9] == IP_PROTO_ICMP && icmp[0] == ICMP_TIME_EXCEEDED && icmp[1] == 1)
			seen = true;
	}
	assert_true(seen);
	chain_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pmtu_discovery_then_local_fragments),
		cmocka_unit_test(test_router_fragments_without_df),
		cmocka_unit_test(test_reassembly_timeout_reports_time_exceeded),
	};
	return cmocka_run_group_tests_name("frag", tests, NULL, NULL);
}
