/* test_leak.c — worlds destroyed mid-flight leak nothing.
 *
 * world_free() asserts that every packet came back (pool.live == 0); the
 * ASan build (make BUILD=build-asan ...) adds leak and use-after-free
 * checks.  So these tests build a busy world — frames on slow lossy
 * links and in full queues, ARP queues at unres_qlen, bridge floods, veth
 * and loopback hand-overs, pending timers and closures, running processes
 * — and destroy it at many different instants. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "engine_fixture.h"
#include "net/neigh.h"
#include "net/udp.h"
#include "proc/ping.h"
#include "proc/proc.h"
#include "proc/udp_echo.h"

static void noop_call(struct world *w, void *a, void *b)
{
	(void)w;
	(void)a;
	(void)b;
}

static void spam(struct world *w, void *a, void *b)
{
	(void)w;
	struct udp_sock *s = a;
	uint32_t dst = (uint32_t)(uintptr_t)b;
	static const uint8_t d[64];
	for (int i = 0; i < 150; i++)
		udp_sendto(s, dst, 9, d, sizeof d);
}

/*   h0..h3 --- sw --- r --(1 Mbit/s, 5 ms, 10% loss, queue 20)--- f
 *   c --veth-- h0
 * with pings, a UDP echo flow over the slow link, a burst to a host that
 * does not exist, and one-off calls in the queue. */
static struct world *busy_world(uint64_t seed)
{
	struct world *w = world_new(seed);
	struct node *sw = fx_switch(w, "sw");
	struct node *h[4];
	for (int i = 0; i < 4; i++) {
		char name[16], addr[24];
		snprintf(name, sizeof name, "h%d", i);
		h[i] = fx_host(w, name, NODE_HOST);
		fx_link(w, h[i], sw, NULL);
		snprintf(addr, sizeof addr, "10.0.0.%d/24", i + 1);
		fx_addr(h[i], "eth0", addr);
		assert_int_equal(fx_route(h[i], "default", "10.0.0.254"), 0);
	}
	struct node *r = fx_host(w, "r", NODE_ROUTER);
	fx_link(w, r, sw, NULL);
	fx_addr(r, "eth0", "10.0.0.254/24");
	struct node *f = fx_host(w, "f", NODE_HOST);
	struct link_params slow = { .rate_bps = 1000000, .delay_ns = 5 * NS_PER_MS, .loss = 0.1,
				    .queue_len = 20 };
	fx_link(w, r, f, &slow);
	fx_addr(r, "eth1", "10.1.0.1/24");
	fx_addr(f, "eth0", "10.1.0.2/24");
	assert_int_equal(fx_route(f, "default", "10.1.0.1"), 0);

	/* A veth pair between c and h0. */
	struct node *c = fx_host(w, "c", NODE_HOST);
	struct netdev *v0 = netdev_new(h[0], "veth0", ND_VETH);
	struct netdev *v1 = netdev_new(c, "eth0", ND_VETH);
	v0->peer = v1;
	v1->peer = v0;
	netdev_set_up(v0, true);
	netdev_set_up(v1, true);
	fx_addr(h[0], "veth0", "10.2.0.1/24");
	fx_addr(c, "eth0", "10.2.0.2/24");

	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.1.0.2");
	o.count = 40;
	o.interval_ns = 100 * NS_PER_MS;
	o.size = 1000;
	ping_start(h[1], &o);
	ping_opts_default(&o);
	o.dst = fx_ip("10.2.0.1");
	o.count = 20;
	o.interval_ns = 50 * NS_PER_MS;
	o.deadline_ns = 2 * NS_PER_S;
	ping_start(c, &o);
	ping_opts_default(&o);
	o.dst = fx_ip("127.0.0.1");
	o.count = 5;
	ping_start(h[3], &o);

	udp_echo_server_start(h[3], 7);
	struct udp_echo_client_opts e = { .dst = fx_ip("10.0.0.4"), .port = 7, .count = 60,
					  .size = 400, .interval_ns = NS_PER_MS };
	udp_echo_client_start(f, &e);

	/* 150 datagrams for nobody: an ARP queue at unres_qlen, then errors. */
	struct udp_sock *s = udp_bind(h[2], 0, 0, NULL, NULL, NULL);
	ev_call(w, 10 * NS_PER_MS, spam, s, (void *)(uintptr_t)fx_ip("10.0.0.99"));
	/* And the same through the router, to a host behind the slow link. */
	struct udp_sock *s2 = udp_bind(h[2], 0, 0, NULL, NULL, NULL);
	ev_call(w, 20 * NS_PER_MS, spam, s2, (void *)(uintptr_t)fx_ip("10.1.0.77"));
	for (int i = 0; i < 10; i++)
		ev_call(w, (int64_t)i * 700 * NS_PER_MS, noop_call, NULL, NULL);
	return w;
}

/* Destroy after exactly k events, for k across the whole run. */
static void test_destroy_after_n_events(void **state)
{
	(void)state;
	struct world *w = busy_world(1);
	world_run(w, -1, 0);
	uint64_t total = w->stats.events;
	uint64_t frames = w->stats.frames;
	world_free(w);
	assert_true(total > 1000);
	assert_true(frames > 200);
	uint64_t k = 0;
	int runs = 0;
	while (k <= total + 1) {
		w = busy_world(1);
		world_run(w, -1, k);
		world_free(w);
		runs++;
		k = k < 16 ? k + 1 : k + k / 3 + (uint64_t)runs;
	}
	assert_true(runs > 25);
}

/* Destroy at chosen instants: on the wire, at the ARP retries and at the
 * failure (3 s after the burst), in the middle of ping intervals. */
static void test_destroy_at_instants(void **state)
{
	(void)state;
	const int64_t at[] = {
		0, 1, 999, 10 * NS_PER_MS, 10 * NS_PER_MS + 1, 12 * NS_PER_MS, 25 * NS_PER_MS,
		100 * NS_PER_MS, 500 * NS_PER_MS, NS_PER_S, NS_PER_S + 10 * NS_PER_MS,
		2 * NS_PER_S, 3 * NS_PER_S + 10 * NS_PER_MS, 3 * NS_PER_S + 10 * NS_PER_MS + 1,
		3 * NS_PER_S + 20 * NS_PER_MS, 4 * NS_PER_S, 7 * NS_PER_S, 30 * NS_PER_S,
	};
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		struct world *w = busy_world(2);
		world_run(w, at[i], 0);
		world_free(w);
	}
}

/* Random instants, random seeds (so different frames are lost). */
static void test_destroy_random(void **state)
{
	(void)state;
	struct rng r;
	rng_seed(&r, 99);
	for (int i = 0; i < 30; i++) {
		uint64_t seed = rng_u64(&r);
		int64_t t = (int64_t)rng_below(&r, 5 * (uint64_t)NS_PER_S);
		struct world *w = busy_world(seed);
		world_run(w, t, 0);
		world_free(w);
	}
}

/* Deleting devices and a node while frames are in flight to them, then
 * running on: nothing arrives at freed memory, nothing leaks. */
static void test_delete_mid_flight_then_run(void **state)
{
	(void)state;
	const int64_t at[] = { 12 * NS_PER_MS, 300 * NS_PER_MS, 1500 * NS_PER_MS };
	for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
		struct world *w = busy_world(3);
		world_run(w, at[i], 0);
		/* The veth pair, with hand-overs queued. */
		netdev_del(fx_dev(world_node(w, "h0"), "veth0"));
		/* The router's slow port, with a full queue behind it. */
		netdev_del(fx_dev(world_node(w, "r"), "eth1"));
		/* A switch port. */
		netdev_del(fx_dev(world_node(w, "sw"), "eth2"));
		world_run(w, at[i] + 5 * NS_PER_S, 0);
		world_free(w);
	}
}

/* Killing processes mid-run and bringing devices down with ARP queues
 * full. */
static void test_kill_and_down_mid_flight(void **state)
{
	(void)state;
	struct world *w = busy_world(4);
	world_run(w, 15 * NS_PER_MS, 0);
	struct node *h2 = world_node(w, "h2");
	struct neigh *e = neigh_lookup(h2, fx_dev(h2, "eth0"), fx_ip("10.0.0.99"));
	assert_non_null(e);
	assert_int_equal(e->q_len, 101);
	netdev_set_up(fx_dev(h2, "eth0"), false);      /* flushes the queue */
	for (size_t i = 0; i < w->n_nodes; i++)
		for (struct proc *p = w->nodes[i]->procs; p; p = p->next)
			proc_kill(p);
	assert_int_equal(w->busy, 0);
	world_run(w, 10 * NS_PER_S, 0);
	world_free(w);
}

/* Worlds are independent: several alive at once, freed in any order. */
static void test_worlds_interleaved(void **state)
{
	(void)state;
	struct world *a = busy_world(5), *b = busy_world(5), *c = busy_world(6);
	world_run(a, NS_PER_S, 0);
	world_run(c, 2 * NS_PER_S, 0);
	world_run(b, NS_PER_S, 0);
	/* The same seed gives the same run, whatever else is going on. */
	assert_int_equal(a->stats.events, b->stats.events);
	assert_int_equal(a->stats.frames, b->stats.frames);
	assert_memory_equal(a->stats.drops, b->stats.drops, sizeof a->stats.drops);
	world_free(b);
	world_run(a, 3 * NS_PER_S, 0);
	world_free(c);
	world_free(a);
}

/* A world never run, and an empty one. */
static void test_trivial_worlds(void **state)
{
	(void)state;
	world_free(busy_world(7));
	world_free(world_new(0));
	world_free(NULL);
	struct world *w = world_new(1);
	for (int i = 0; i < 100; i++)
		ev_call(w, i, noop_call, NULL, NULL);
	world_free(w);
}

/* ---- engine bugs ------------------------------------------------------------ */

static int world_teardown(void **state)
{
	if (*state)
		world_free(*state);
	*state = NULL;
	return 0;
}

/* node_free() is public; a ping with -w (deadline) on the node leaves an
 * ev_call closure holding the freed struct proc, and deadline_fire() reads
 * it when it comes due (a use-after-free: the ASan build reports it; the
 * plain build reads freed memory).  Freeing a node must cancel it. */
static void test_node_free_leaves_ping_deadline_call(void **state)
{
	struct world *w = world_new(8);
	*state = w;
	struct node *a = fx_host(w, "a", NODE_HOST);
	struct node *b = fx_host(w, "b", NODE_HOST);
	fx_link(w, a, b, NULL);
	fx_addr(a, "eth0", "10.0.0.1/24");
	fx_addr(b, "eth0", "10.0.0.2/24");
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.0.0.2");
	o.count = 100;
	o.deadline_ns = 5 * NS_PER_S;
	ping_start(a, &o);
	world_run(w, NS_PER_S, 0);
	node_free(a);
	/* Nothing of a's may still be in the queue. */
	uint32_t closures_left = 0;
	for (uint32_t i = 0; i < w->heap.len; i++)
		if (w->heap.items[i]->at_ns == 5 * NS_PER_S)
			closures_left++;
	assert_int_equal(closures_left, 0);
	world_run(w, 10 * NS_PER_S, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_destroy_after_n_events),
		cmocka_unit_test(test_destroy_at_instants),
		cmocka_unit_test(test_destroy_random),
		cmocka_unit_test(test_delete_mid_flight_then_run),
		cmocka_unit_test(test_kill_and_down_mid_flight),
		cmocka_unit_test(test_worlds_interleaved),
		cmocka_unit_test(test_trivial_worlds),
		cmocka_unit_test_teardown(test_node_free_leaves_ping_deadline_call, world_teardown),
	};
	return cmocka_run_group_tests_name("leak", tests, NULL, NULL);
}
