/* test_lan.c — end to end through the engine: a LAN ping and a routed ping. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "engine_fixture.h"
#include "net/neigh.h"
#include "proc/ping.h"
#include "proc/proc.h"

static void test_lan_ping(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *sw = fx_switch(w, "sw");
	struct node *a = fx_host(w, "a", NODE_HOST);
	struct node *b = fx_host(w, "b", NODE_HOST);
	fx_link(w, a, sw, NULL);
	fx_link(w, b, sw, NULL);
	fx_addr(a, "eth0", "10.0.0.1/24");
	fx_addr(b, "eth0", "10.0.0.2/24");
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.0.0.2");
	o.count = 3;
	struct proc *p = ping_start(a, &o);
	world_run(w, 10 * NS_PER_S, 0);
	assert_false(p->running);
	assert_int_equal(p->exit_code, 0);
	assert_int_equal(ping_stats(p)->received, 3);
	assert_non_null(strstr(p->out, "3 packets transmitted, 3 received, 0% packet loss, time 2000ms"));
	/* b learned a from its request (STALE), then used it: DELAY; a got a reply: REACHABLE. */
	struct neigh *na = neigh_lookup(a, node_dev(a, "eth0"), fx_ip("10.0.0.2"));
	assert_non_null(na);
	assert_int_equal(na->state, NUD_REACHABLE);
	world_free(w);
}

static void test_routed_ping_and_forward_off(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *a = fx_host(w, "a", NODE_HOST);
	struct node *r = fx_host(w, "r", NODE_ROUTER);
	struct node *b = fx_host(w, "b", NODE_HOST);
	fx_link(w, a, r, NULL);
	fx_link(w, r, b, NULL);
	fx_addr(a, "eth0", "10.0.1.2/24");
	fx_addr(r, "eth0", "10.0.1.1/24");
	fx_addr(r, "eth1", "10.0.2.1/24");
	fx_addr(b, "eth0", "10.0.2.2/24");
	assert_int_equal(fx_route(a, "default", "10.0.1.1"), 0);
	assert_int_equal(fx_route(b, "default", "10.0.2.1"), 0);
	assert_int_not_equal(fx_route(a, "10.9.0.0/16", "10.0.7.1"), 0);
	assert_string_equal(world_error(w), "Error: Nexthop has invalid gateway.");
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.0.2.2");
	o.count = 2;
	struct proc *p = ping_start(a, &o);
	world_run(w, 10 * NS_PER_S, 0);
	assert_int_equal(ping_stats(p)->received, 2);
	assert_non_null(strstr(p->out, "ttl=63"));
	/* ip_forward 0: silence, and a drop with the reason. */
	r->sysctl.ip_forward = 0;
	uint64_t before = w->stats.drops[DROP_IP_FORWARD_OFF];
	p = ping_start(a, &o);
	world_run(w, 30 * NS_PER_S, 0);
	assert_int_equal(ping_stats(p)->received, 0);
	assert_int_equal(ping_stats(p)->errors, 0);
	assert_int_equal(p->exit_code, 1);
	assert_int_equal(w->stats.drops[DROP_IP_FORWARD_OFF] - before, 2);
	world_free(w);
}

/* icmp_seq is 16 bits: past 65535 it wraps, and the RTT must still come
 * from the echoed timestamp, not from a table indexed by sequence. */
static void test_ping_sequence_wraps(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *sw = fx_switch(w, "sw");
	struct node *a = fx_host(w, "a", NODE_HOST);
	struct node *b = fx_host(w, "b", NODE_HOST);
	fx_link(w, a, sw, NULL);
	fx_link(w, b, sw, NULL);
	fx_addr(a, "eth0", "10.0.0.1/24");
	fx_addr(b, "eth0", "10.0.0.2/24");
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.0.0.2");
	o.count = 66000;
	o.interval_ns = NS_PER_MS;
	o.quiet = 1;
	struct proc *p = ping_start(a, &o);
	world_run(w, 100 * NS_PER_S, 0);
	assert_false(p->running);
	assert_int_equal(ping_stats(p)->received, 66000);
	assert_true(ping_stats(p)->rtt_max_ns < NS_PER_MS);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lan_ping),
		cmocka_unit_test(test_routed_ping_and_forward_off),
		cmocka_unit_test(test_ping_sequence_wraps),
	};
	return cmocka_run_group_tests_name("lan", tests, NULL, NULL);
}
