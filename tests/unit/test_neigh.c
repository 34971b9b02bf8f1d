/* test_neigh.c — the neighbour (ARP) cache against Linux's defaults
 * (net/neigh.h; networking.md 1.3): INCOMPLETE with three broadcast
 * requests a second apart and FAILED at 3 s, the unres_qlen queue, ICMP
 * host unreachable for each waiting packet, REACHABLE on a reply, STALE
 * for the asker, reachable_time, and STALE -> DELAY -> PROBE -> REACHABLE
 * or FAILED. */
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

#define MAXQ 256

/* a:eth0 10.0.0.1/24 <-> b:eth0 10.0.0.2/24, default cable. */
struct pair {
	struct world *w;
	struct node *a, *b;
	struct netdev *ea, *eb;
	struct fx_trace tr;
	struct udp_sock *sa, *sb;
	/* what b's socket got, and the errors a's socket heard of */
	int got[MAXQ], n_got;
	int n_err;
	uint32_t err_from;
	uint8_t err_type, err_code;
};

static void b_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport, const uint8_t *data,
		   uint32_t len)
{
	(void)s;
	(void)src;
	(void)sport;
	struct pair *p = ctx;
	assert_true(len >= 2);
	assert_true(p->n_got < MAXQ);
	p->got[p->n_got++] = data[0] << 8 | data[1];
}

static void a_err(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type, uint8_t code)
{
	(void)s;
	struct pair *p = ctx;
	p->n_err++;
	p->err_from = from;
	p->err_type = type;
	p->err_code = code;
}

static struct pair *pair_new(void **state, uint64_t seed)
{
	struct pair *p = calloc(1, sizeof *p);
	assert_non_null(p);
	p->w = world_new(seed);
	p->a = fx_host(p->w, "a", NODE_HOST);
	p->b = fx_host(p->w, "b", NODE_HOST);
	fx_link(p->w, p->a, p->b, NULL);
	fx_addr(p->a, "eth0", "10.0.0.1/24");
	fx_addr(p->b, "eth0", "10.0.0.2/24");
	p->ea = fx_dev(p->a, "eth0");
	p->eb = fx_dev(p->b, "eth0");
	p->sa = udp_bind(p->a, 0, 5000, NULL, a_err, p);
	p->sb = udp_bind(p->b, 0, 9, b_recv, NULL, p);
	assert_non_null(p->sa);
	assert_non_null(p->sb);
	fx_trace_start(&p->tr, p->w, TR_MASK_ALL);
	*state = p;
	return p;
}

static int pair_teardown(void **state)
{
	struct pair *p = *state;
	if (p) {
		fx_trace_stop(&p->tr);
		world_free(p->w);
		free(p);
	}
	*state = NULL;
	return 0;
}

/* A datagram from a whose payload starts with a 16-bit index. */
static void send_idx(struct pair *p, const char *dst, int idx)
{
	uint8_t data[20] = { (uint8_t)(idx >> 8), (uint8_t)idx };
	assert_int_equal(udp_sendto(p->sa, fx_ip(dst), 9, data, sizeof data), 0);
}

static struct neigh *entry(struct node *n, struct netdev *d, const char *ip)
{
	return neigh_lookup(n, d, fx_ip(ip));
}

static enum nud_state state_of(struct node *n, struct netdev *d, const char *ip)
{
	struct neigh *e = entry(n, d, ip);
	return e ? e->state : NUD_NONE;
}

static void noop(struct world *w, void *a, void *b)
{
	(void)w;
	(void)a;
	(void)b;
}

/* Run until t, with the clock at t afterwards even if the queue runs dry
 * (world_run stops idle at the last event then). */
static void run_to(struct pair *p, int64_t t)
{
	ev_call(p->w, t, noop, NULL, NULL);
	world_run(p->w, t, 0);
	assert_int_equal(p->w->now_ns, t);
}

/* ARP frames a node transmitted, parsed. */
struct arp_tx {
	int64_t t_ns;
	struct eth_repr eth;
	struct arp_repr arp;
};

static size_t arp_sent(const struct fx_trace *t, const char *node, struct arp_tx *out, size_t max)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++) {
		const struct fx_rec *r = &t->v[i];
		if (!fx_rec_match(r, TR_TX, node, "eth0") || fx_ethertype(r) != ETH_P_ARP)
			continue;
		if (k < max) {
			out[k].t_ns = r->t_ns;
			assert_int_equal(eth_parse(r->bytes, r->len, &out[k].eth), 0);
			assert_int_equal(arp_parse(r->bytes + ETH_HLEN, r->len - ETH_HLEN, &out[k].arp), 0);
		}
		k++;
	}
	return k;
}

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t ZERO[6] = { 0 };

static void test_defaults(void **state)
{
	struct pair *p = pair_new(state, 1);
	const struct sysctl_net *s = &p->a->sysctl;
	assert_int_equal(s->base_reachable_time_ms, 30000);
	assert_int_equal(s->retrans_time_ms, 1000);
	assert_int_equal(s->delay_first_probe_time_s, 5);
	assert_int_equal(s->ucast_solicit, 3);
	assert_int_equal(s->mcast_solicit, 3);
	assert_int_equal(s->app_solicit, 0);
	assert_int_equal(s->unres_qlen, 101);
	assert_string_equal(neigh_state_name(NUD_INCOMPLETE), "INCOMPLETE");
	assert_string_equal(neigh_state_name(NUD_DELAY), "DELAY");
}

/* INCOMPLETE: who-has broadcast at 0, 1 and 2 s; FAILED at exactly 3 s. */
static void test_incomplete_then_failed(void **state)
{
	struct pair *p = pair_new(state, 1);
	send_idx(p, "10.0.0.99", 0);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.99"), NUD_INCOMPLETE);
	assert_int_equal(entry(p->a, p->ea, "10.0.0.99")->q_len, 1);
	run_to(p, 3 * NS_PER_S - 1);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.99"), NUD_INCOMPLETE);
	struct arp_tx a[8];
	assert_int_equal(arp_sent(&p->tr, "a", a, 8), 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(a[i].t_ns, i * NS_PER_S);
		assert_memory_equal(a[i].eth.dst, BCAST, 6);
		assert_memory_equal(a[i].eth.src, p->ea->mac, 6);
		assert_int_equal(a[i].arp.op, ARP_OP_REQUEST);
		assert_memory_equal(a[i].arp.sha, p->ea->mac, 6);
		assert_int_equal(a[i].arp.spa, fx_ip("10.0.0.1"));
		assert_memory_equal(a[i].arp.tha, ZERO, 6);
		assert_int_equal(a[i].arp.tpa, fx_ip("10.0.0.99"));
	}
	assert_int_equal(p->n_err, 0);
	assert_int_equal(fx_count_drops(&p->tr, DROP_NEIGH_FAILED, NULL), 0);
	run_to(p, 3 * NS_PER_S);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.99"), NUD_FAILED);
	assert_int_equal(fx_count_drops(&p->tr, DROP_NEIGH_FAILED, "a"), 1);
	assert_int_equal(fx_nth(&p->tr, TR_DROP, "a", "eth0", 0)->t_ns, 3 * NS_PER_S);
	assert_int_equal(entry(p->a, p->ea, "10.0.0.99")->q_len, 0);
	/* The sender heard "host unreachable" from its own address. */
	run_to(p, 3 * NS_PER_S + NS_PER_MS);
	assert_int_equal(p->n_err, 1);
	assert_int_equal(p->err_type, ICMP_DEST_UNREACH);
	assert_int_equal(p->err_code, ICMP_HOST_UNREACH);
	assert_int_equal(p->err_from, fx_ip("10.0.0.1"));
	/* Nothing more is asked. */
	run_to(p, 60 * NS_PER_S);
	assert_int_equal(arp_sent(&p->tr, "a", a, 8), 3);
	/* Traced as INCOMPLETE then FAILED. */
	size_t k = 0;
	for (size_t i = 0; i < p->tr.n; i++) {
		const struct fx_rec *r = &p->tr.v[i];
		if (r->kind == TR_TABLE && strcmp(r->table, "neigh") == 0 && strcmp(r->node, "a") == 0) {
			assert_string_equal(r->what, k == 0 ? "INCOMPLETE" : "FAILED");
			k++;
		}
	}
	assert_int_equal(k, 2);
	/* A new packet starts over: a fresh broadcast at once. */
	send_idx(p, "10.0.0.99", 1);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.99"), NUD_INCOMPLETE);
	assert_int_equal(arp_sent(&p->tr, "a", a, 8), 4);
	assert_int_equal(a[3].t_ns, 60 * NS_PER_S);
	assert_memory_equal(a[3].eth.dst, BCAST, 6);
}

/* ping to a neighbour that never answers, as iputils shows it. */
static void test_ping_host_unreachable(void **state)
{
	struct pair *p = pair_new(state, 1);
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.0.0.99");
	o.count = 3;
	struct proc *pr = ping_start(p->a, &o);
	world_run(p->w, 20 * NS_PER_S, 0);
	assert_false(pr->running);
	assert_int_equal(pr->exit_code, 1);
	assert_int_equal(pr->exited_ns, 3 * NS_PER_S);
	assert_string_equal(pr->out,
			    "PING 10.0.0.99 (10.0.0.99) 56(84) bytes of data.\n"
			    "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n"
			    "From 10.0.0.1 icmp_seq=2 Destination Host Unreachable\n"
			    "From 10.0.0.1 icmp_seq=3 Destination Host Unreachable\n"
			    "\n"
			    "--- 10.0.0.99 ping statistics ---\n"
			    "3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2000ms\n"
			    "pipe 3\n");
	const struct ping_stats *st = ping_stats(pr);
	assert_int_equal(st->transmitted, 3);
	assert_int_equal(st->received, 0);
	assert_int_equal(st->errors, 3);
	/* Three echo requests waited and were dropped; no echo left the host. */
	assert_int_equal(fx_count_drops(&p->tr, DROP_NEIGH_FAILED, "a"), 3);
	assert_int_equal(fx_count_type(&p->tr, TR_TX, "a", "eth0", ETH_P_IP), 0);
	assert_int_equal(fx_count_type(&p->tr, TR_TX, "a", "eth0", ETH_P_ARP), 3);
}

/* unres_qlen = 101: the 102nd waiting packet pushes out the oldest. */
static void test_queue_full_drops_oldest(void **state)
{
	struct pair *p = pair_new(state, 1);
	for (int i = 0; i < 102; i++)
		send_idx(p, "10.0.0.99", i);
	struct neigh *e = entry(p->a, p->ea, "10.0.0.99");
	assert_int_equal(e->q_len, 101);
	assert_int_equal(fx_count_drops(&p->tr, DROP_NEIGH_QUEUE_FULL, "a"), 1);
	const struct fx_rec *d = fx_nth(&p->tr, TR_DROP, "a", NULL, 0);
	assert_int_equal(d->reason, DROP_NEIGH_QUEUE_FULL);
	assert_int_equal(d->layer, TL_IP);
	/* The oldest: index 0, in the UDP payload after 20 + 8 bytes. */
	assert_true(d->len >= 30);
	assert_int_equal(d->bytes[28] << 8 | d->bytes[29], 0);
	assert_int_equal(p->w->stats.drops[DROP_NEIGH_QUEUE_FULL], 1);
	/* Every one still waiting gets its error at 3 s: 101, none rate-limited
	 * (errors to the node itself are not limited). */
	run_to(p, 3 * NS_PER_S + NS_PER_MS);
	assert_int_equal(fx_count_drops(&p->tr, DROP_NEIGH_FAILED, "a"), 101);
	assert_int_equal(p->n_err, 101);
	assert_int_equal(p->w->stats.drops[DROP_ICMP_RATELIMIT], 0);
}

static void test_queue_exactly_full_drops_nothing(void **state)
{
	struct pair *p = pair_new(state, 1);
	for (int i = 0; i < 101; i++)
		send_idx(p, "10.0.0.99", i);
	assert_int_equal(entry(p->a, p->ea, "10.0.0.99")->q_len, 101);
	assert_int_equal(fx_count_drops(&p->tr, DROP_NEIGH_QUEUE_FULL, NULL), 0);
	/* With a smaller unres_qlen the bound moves with it. */
	p->a->sysctl.unres_qlen = 3;
	for (int i = 0; i < 5; i++)
		send_idx(p, "10.0.0.98", i);
	assert_int_equal(entry(p->a, p->ea, "10.0.0.98")->q_len, 3);
	assert_int_equal(fx_count_drops(&p->tr, DROP_NEIGH_QUEUE_FULL, "a"), 2);
}

/* A reply: INCOMPLETE -> REACHABLE, the queue leaves in order; the target
 * learned the asker as STALE from the request. */
static void test_reply_flushes_queue_in_order(void **state)
{
	struct pair *p = pair_new(state, 1);
	for (int i = 0; i < 5; i++)
		send_idx(p, "10.0.0.2", i);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_INCOMPLETE);
	run_to(p, NS_PER_MS);
	struct neigh *e = entry(p->a, p->ea, "10.0.0.2");
	assert_int_equal(e->state, NUD_REACHABLE);
	assert_memory_equal(e->mac, p->eb->mac, 6);
	assert_int_equal(e->q_len, 0);
	assert_int_equal(p->n_got, 5);
	for (int i = 0; i < 5; i++)
		assert_int_equal(p->got[i], i);
	/* On the wire: one request, then the five datagrams in order. */
	assert_int_equal(fx_count(&p->tr, TR_TX, "a", "eth0"), 6);
	assert_int_equal(fx_ethertype(fx_nth(&p->tr, TR_TX, "a", "eth0", 0)), ETH_P_ARP);
	for (size_t i = 1; i < 6; i++) {
		const struct fx_rec *r = fx_nth(&p->tr, TR_TX, "a", "eth0", i);
		assert_int_equal(fx_ethertype(r), ETH_P_IP);
		assert_memory_equal(r->bytes, p->eb->mac, 6);
		assert_int_equal(r->bytes[14 + 28] << 8 | r->bytes[14 + 29], (int)i - 1);
	}
	/* Confirmed when the reply arrived. */
	const struct fx_rec *reply = fx_nth(&p->tr, TR_RX, "a", "eth0", 0);
	assert_int_equal(e->confirmed_ns, reply->t_ns);
	/* b: the asker is STALE, with its MAC, and b sent only the reply. */
	struct neigh *eb = entry(p->b, p->eb, "10.0.0.1");
	assert_non_null(eb);
	assert_int_equal(eb->state, NUD_STALE);
	assert_memory_equal(eb->mac, p->ea->mac, 6);
	struct arp_tx r[4];
	assert_int_equal(arp_sent(&p->tr, "b", r, 4), 1);
	assert_int_equal(r[0].arp.op, ARP_OP_REPLY);
	assert_memory_equal(r[0].eth.dst, p->ea->mac, 6);
	assert_memory_equal(r[0].arp.sha, p->eb->mac, 6);
	assert_int_equal(r[0].arp.spa, fx_ip("10.0.0.2"));
	assert_memory_equal(r[0].arp.tha, p->ea->mac, 6);
	assert_int_equal(r[0].arp.tpa, fx_ip("10.0.0.1"));
}

/* The request's sender address is the waiting packet's source (arp_announce 0). */
static void test_request_source_is_packets_source(void **state)
{
	struct pair *p = pair_new(state, 1);
	fx_addr(p->a, "eth0", "10.0.0.5/24");
	struct udp_sock *s = udp_bind(p->a, fx_ip("10.0.0.5"), 6000, NULL, NULL, NULL);
	uint8_t d[4] = { 0 };
	assert_int_equal(udp_sendto(s, fx_ip("10.0.0.77"), 9, d, sizeof d), 0);
	struct arp_tx a[2];
	assert_int_equal(arp_sent(&p->tr, "a", a, 2), 1);
	assert_int_equal(a[0].arp.spa, fx_ip("10.0.0.5"));
}

static int64_t resolve(struct pair *p)
{
	send_idx(p, "10.0.0.2", 0);
	run_to(p, p->w->now_ns + NS_PER_MS);
	struct neigh *e = entry(p->a, p->ea, "10.0.0.2");
	assert_int_equal(e->state, NUD_REACHABLE);
	return e->confirmed_ns;
}

/* reachable_time is uniform in [15 s, 45 s): drawn from the world's seed. */
static void test_reachable_time_bounds_and_seed(void **state)
{
	(void)state;
	int64_t seen_min = INT64_MAX, seen_max = 0;
	for (uint64_t seed = 1; seed <= 40; seed++) {
		void *st = NULL;
		struct pair *p = pair_new(&st, seed);
		resolve(p);
		int64_t r = p->a->neigh.reachable_ns;
		assert_true(r >= 15 * NS_PER_S);
		assert_true(r < 45 * NS_PER_S);
		if (r < seen_min)
			seen_min = r;
		if (r > seen_max)
			seen_max = r;
		void *st2 = NULL;
		struct pair *q = pair_new(&st2, seed);
		resolve(q);
		assert_int_equal(q->a->neigh.reachable_ns, r);
		pair_teardown(&st);
		pair_teardown(&st2);
	}
	/* Forty draws from a 30 s range are not all the same. */
	assert_true(seen_max - seen_min > 5 * NS_PER_S);
}

/* REACHABLE becomes STALE exactly reachable_time after the confirmation. */
static void test_reachable_to_stale(void **state)
{
	struct pair *p = pair_new(state, 5);
	int64_t c = resolve(p);
	int64_t r = p->a->neigh.reachable_ns;
	run_to(p, c + r - 1);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_REACHABLE);
	run_to(p, c + r);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_STALE);
	/* STALE is still used as is, and stays: no probe without traffic. */
	size_t arps = fx_count_type(&p->tr, TR_TX, "a", "eth0", ETH_P_ARP);
	run_to(p, c + r + 120 * NS_PER_S);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_STALE);
	assert_int_equal(fx_count_type(&p->tr, TR_TX, "a", "eth0", ETH_P_ARP), arps);
}

/* Bring a's entry for b to STALE and send one datagram at the returned
 * time: the entry is then in DELAY. */
static int64_t to_delay(struct pair *p)
{
	int64_t c = resolve(p);
	int64_t r = p->a->neigh.reachable_ns;
	run_to(p, c + r + NS_PER_S);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_STALE);
	fx_trace_clear(&p->tr);
	int64_t t = p->w->now_ns;
	send_idx(p, "10.0.0.2", 7);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_DELAY);
	/* Sent at once to the cached MAC, no request first. */
	assert_int_equal(fx_count(&p->tr, TR_TX, "a", "eth0"), 1);
	const struct fx_rec *d = fx_nth(&p->tr, TR_TX, "a", "eth0", 0);
	assert_int_equal(fx_ethertype(d), ETH_P_IP);
	assert_memory_equal(d->bytes, p->eb->mac, 6);
	return t;
}

/* STALE -> DELAY when used; DELAY -> PROBE after 5 s with a unicast
 * request to the cached MAC; the reply makes it REACHABLE. */
static void test_stale_delay_probe_reachable(void **state)
{
	struct pair *p = pair_new(state, 9);
	int64_t t = to_delay(p);
	run_to(p, t + 5 * NS_PER_S - 1);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_DELAY);
	assert_int_equal(fx_count_type(&p->tr, TR_TX, "a", "eth0", ETH_P_ARP), 0);
	run_to(p, t + 5 * NS_PER_S);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_PROBE);
	struct arp_tx a[4];
	assert_int_equal(arp_sent(&p->tr, "a", a, 4), 1);
	assert_int_equal(a[0].t_ns, t + 5 * NS_PER_S);
	assert_memory_equal(a[0].eth.dst, p->eb->mac, 6);      /* unicast */
	assert_int_equal(a[0].arp.op, ARP_OP_REQUEST);
	assert_memory_equal(a[0].arp.sha, p->ea->mac, 6);
	assert_int_equal(a[0].arp.spa, fx_ip("10.0.0.1"));
	assert_int_equal(a[0].arp.tpa, fx_ip("10.0.0.2"));
	run_to(p, t + 5 * NS_PER_S + NS_PER_MS);
	struct neigh *e = entry(p->a, p->ea, "10.0.0.2");
	assert_int_equal(e->state, NUD_REACHABLE);
	assert_true(e->confirmed_ns > t + 5 * NS_PER_S);
	/* b answered with a unicast reply. */
	struct arp_tx r[2];
	assert_int_equal(arp_sent(&p->tr, "b", r, 2), 1);
	assert_int_equal(r[0].arp.op, ARP_OP_REPLY);
	assert_memory_equal(r[0].eth.dst, p->ea->mac, 6);
	/* One probe was enough. */
	run_to(p, t + 9 * NS_PER_S);
	assert_int_equal(arp_sent(&p->tr, "a", a, 4), 1);
}

/* PROBE with no answer: three unicast requests, 1 s apart, then FAILED. */
static void test_probe_unanswered_fails(void **state)
{
	struct pair *p = pair_new(state, 9);
	int64_t t = to_delay(p);
	/* b forgets its address: it no longer answers for 10.0.0.2. */
	assert_int_equal(netdev_addr_del(p->eb, fx_ip("10.0.0.2"), 24), 0);
	run_to(p, t + 8 * NS_PER_S - 1);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_PROBE);
	struct arp_tx a[8];
	assert_int_equal(arp_sent(&p->tr, "a", a, 8), 3);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(a[i].t_ns, t + (5 + i) * NS_PER_S);
		assert_memory_equal(a[i].eth.dst, p->eb->mac, 6);
		assert_int_equal(a[i].arp.tpa, fx_ip("10.0.0.2"));
	}
	run_to(p, t + 8 * NS_PER_S);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_FAILED);
	run_to(p, t + 20 * NS_PER_S);
	assert_int_equal(arp_sent(&p->tr, "a", a, 8), 3);
	/* The next packet asks again, by broadcast. */
	send_idx(p, "10.0.0.2", 8);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.2"), NUD_INCOMPLETE);
	assert_int_equal(arp_sent(&p->tr, "a", a, 8), 4);
	assert_memory_equal(a[3].eth.dst, BCAST, 6);
}

/* A reply nobody asked for, or a gratuitous ARP, creates no entry
 * (arp_accept = 0); a gratuitous ARP does update an existing one. */
static void test_unsolicited_creates_nothing(void **state)
{
	struct pair *p = pair_new(state, 1);
	uint8_t x[6];
	fx_mac("02:aa:00:00:00:01", x);
	struct pkt *f = fx_frame(p->w, p->ea->mac, p->eb->mac, ETH_P_ARP, ARP_LEN);
	struct arp_repr r = { .op = ARP_OP_REPLY, .spa = fx_ip("10.0.0.50"), .tpa = fx_ip("10.0.0.1") };
	memcpy(r.sha, x, 6);
	memcpy(r.tha, p->ea->mac, 6);
	arp_emit(f->data + ETH_HLEN, &r);
	netdev_xmit(p->eb, f);
	f = fx_frame(p->w, BCAST, p->eb->mac, ETH_P_ARP, ARP_LEN);
	struct arp_repr g = { .op = ARP_OP_REQUEST, .spa = fx_ip("10.0.0.51"), .tpa = fx_ip("10.0.0.51") };
	memcpy(g.sha, x, 6);
	arp_emit(f->data + ETH_HLEN, &g);
	netdev_xmit(p->eb, f);
	run_to(p, NS_PER_MS);
	assert_null(entry(p->a, p->ea, "10.0.0.50"));
	assert_null(entry(p->a, p->ea, "10.0.0.51"));
	assert_int_equal(p->a->neigh.count, 0);
	/* Existing entry, 10 s old: a gratuitous ARP with a new MAC updates it. */
	resolve(p);
	run_to(p, 10 * NS_PER_S);
	f = fx_frame(p->w, BCAST, p->eb->mac, ETH_P_ARP, ARP_LEN);
	struct arp_repr g2 = { .op = ARP_OP_REQUEST, .spa = fx_ip("10.0.0.2"), .tpa = fx_ip("10.0.0.2") };
	memcpy(g2.sha, x, 6);
	arp_emit(f->data + ETH_HLEN, &g2);
	netdev_xmit(p->eb, f);
	run_to(p, 10 * NS_PER_S + NS_PER_MS);
	struct neigh *e = entry(p->a, p->ea, "10.0.0.2");
	assert_memory_equal(e->mac, x, 6);
	assert_int_equal(e->state, NUD_STALE);
}

/* Down flushes the device's entries, and the packets waiting in them. */
static void test_device_down_flushes(void **state)
{
	struct pair *p = pair_new(state, 1);
	resolve(p);
	send_idx(p, "10.0.0.99", 0);
	send_idx(p, "10.0.0.99", 1);
	assert_int_equal(p->a->neigh.count, 2);
	netdev_set_up(p->ea, false);
	assert_int_equal(p->a->neigh.count, 0);
	/* The two waiting packets are dropped, with no error to the sender. */
	assert_int_equal(fx_count_drops(&p->tr, DROP_LINK_DOWN, "a"), 2);
	run_to(p, p->w->now_ns + 5 * NS_PER_S);
	assert_int_equal(p->n_err, 0);
}

/* Entries set by hand. */
static void test_neigh_set(void **state)
{
	struct pair *p = pair_new(state, 1);
	uint8_t m[6];
	fx_mac("02:00:00:00:99:99", m);
	assert_int_equal(neigh_set(p->a, p->ea, fx_ip("10.0.0.9"), m, NUD_PERMANENT), 0);
	send_idx(p, "10.0.0.9", 0);
	/* No ARP: straight out to the MAC given. */
	assert_int_equal(fx_count_type(&p->tr, TR_TX, "a", "eth0", ETH_P_ARP), 0);
	const struct fx_rec *r = fx_nth(&p->tr, TR_TX, "a", "eth0", 0);
	assert_memory_equal(r->bytes, m, 6);
	/* A permanent entry never ages and ARP does not change it. */
	run_to(p, 1000 * NS_PER_S);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.9"), NUD_PERMANENT);
	assert_true(neigh_delete(p->a, p->ea, fx_ip("10.0.0.9")));
	assert_false(neigh_delete(p->a, p->ea, fx_ip("10.0.0.9")));
}

/* ---- engine bugs ------------------------------------------------------------ */

/* Linux's unicast probe (arp_solicit -> arp_send_dst(..., dst_hw, dev_addr,
 * target_hw = NULL, ...)) sends the request to the cached MAC but leaves
 * the target hardware address zero, as in every request (arp_create()
 * memsets it when target_hw is NULL).  net/arp.c arp_send_request() copies
 * the cached MAC into THA. */
static void test_unicast_probe_target_mac_is_zero(void **state)
{
	struct pair *p = pair_new(state, 9);
	int64_t t = to_delay(p);
	run_to(p, t + 5 * NS_PER_S);
	struct arp_tx a[2];
	assert_int_equal(arp_sent(&p->tr, "a", a, 2), 1);
	assert_memory_equal(a[0].eth.dst, p->eb->mac, 6);
	assert_memory_equal(a[0].arp.tha, ZERO, 6);
}

/* With mcast_solicit + app_solicit = 0, Linux's __neigh_event_send() sets
 * FAILED and frees the packet (kfree_skb_reason(..., NEIGH_FAILED)) without
 * an error report: no ICMP host unreachable reaches the sender.  neigh.c
 * neigh_output() sends one. */
static void test_no_solicit_drops_without_icmp(void **state)
{
	struct pair *p = pair_new(state, 1);
	p->a->sysctl.mcast_solicit = 0;
	send_idx(p, "10.0.0.99", 0);
	run_to(p, NS_PER_MS);
	assert_int_equal(state_of(p->a, p->ea, "10.0.0.99"), NUD_FAILED);
	assert_int_equal(fx_count_drops(&p->tr, DROP_NEIGH_FAILED, "a"), 1);
	assert_int_equal(fx_count_type(&p->tr, TR_TX, "a", "eth0", ETH_P_ARP), 0);
	assert_int_equal(p->n_err, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_defaults, pair_teardown),
		cmocka_unit_test_teardown(test_incomplete_then_failed, pair_teardown),
		cmocka_unit_test_teardown(test_ping_host_unreachable, pair_teardown),
		cmocka_unit_test_teardown(test_queue_full_drops_oldest, pair_teardown),
		cmocka_unit_test_teardown(test_queue_exactly_full_drops_nothing, pair_teardown),
		cmocka_unit_test_teardown(test_reply_flushes_queue_in_order, pair_teardown),
		cmocka_unit_test_teardown(test_request_source_is_packets_source, pair_teardown),
		cmocka_unit_test(test_reachable_time_bounds_and_seed),
		cmocka_unit_test_teardown(test_reachable_to_stale, pair_teardown),
		cmocka_unit_test_teardown(test_stale_delay_probe_reachable, pair_teardown),
		cmocka_unit_test_teardown(test_probe_unanswered_fails, pair_teardown),
		cmocka_unit_test_teardown(test_unsolicited_creates_nothing, pair_teardown),
		cmocka_unit_test_teardown(test_device_down_flushes, pair_teardown),
		cmocka_unit_test_teardown(test_neigh_set, pair_teardown),
		cmocka_unit_test_teardown(test_unicast_probe_target_mac_is_zero, pair_teardown),
		cmocka_unit_test_teardown(test_no_solicit_drops_without_icmp, pair_teardown),
	};
	return cmocka_run_group_tests_name("neigh", tests, NULL, NULL);
}
