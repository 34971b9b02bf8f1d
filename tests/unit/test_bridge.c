/* test_bridge.c — the Linux bridge (dev/bridge.h): learning, flooding,
 * forwarding, filtering, ageing at exactly 300 s, moves, local delivery and
 * the FDB listing order.  Frames are built by hand and sent from hosts
 * cabled to a switch's ports. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "engine_fixture.h"
#include "proc/ping.h"
#include "proc/proc.h"

#define ET_TEST 0x88b5
#define NH 4

/* sw (br0 with ports eth0..eth3) and hosts h0..h3, hN:eth0 <-> sw:ethN. */
struct lan {
	struct world *w;
	struct node *sw;
	struct netdev *br;
	struct netdev *port[NH];
	struct node *h[NH];
	struct netdev *he[NH];
	struct fx_trace tr;
};

static struct lan *lan_new(void **state)
{
	struct lan *l = calloc(1, sizeof *l);
	assert_non_null(l);
	l->w = world_new(7);
	l->sw = fx_switch(l->w, "sw");
	l->br = fx_dev(l->sw, "br0");
	for (int i = 0; i < NH; i++) {
		char name[16];
		snprintf(name, sizeof name, "h%d", i);
		l->h[i] = fx_host(l->w, name, NODE_HOST);
		fx_link(l->w, l->h[i], l->sw, NULL);
		l->he[i] = fx_dev(l->h[i], "eth0");
		snprintf(name, sizeof name, "eth%d", i);
		l->port[i] = fx_dev(l->sw, name);
		assert_ptr_equal(l->port[i]->master, l->br);
		assert_int_equal(l->port[i]->port_no, i + 1);
	}
	fx_trace_start(&l->tr, l->w, TR_MASK_ALL);
	*state = l;
	return l;
}

static int lan_teardown(void **state)
{
	struct lan *l = *state;
	if (l) {
		fx_trace_stop(&l->tr);
		world_free(l->w);
		free(l);
	}
	*state = NULL;
	return 0;
}

/* Host i sends a test frame src -> dst. */
static void send_from(struct lan *l, int i, const uint8_t src[6], const uint8_t dst[6])
{
	netdev_xmit(l->he[i], fx_frame(l->w, dst, src, ET_TEST, 50));
}

/* Let the frames in flight arrive (not world_run(-1): that would also run
 * the FDB's ageing timer 300 s ahead). */
static void settle(struct lan *l)
{
	world_run(l->w, l->w->now_ns + NS_PER_MS, 0);
}

/* TX records on the switch's ports, by port. */
static void sw_tx(const struct lan *l, size_t out[NH])
{
	for (int i = 0; i < NH; i++)
		out[i] = fx_count(&l->tr, TR_TX, "sw", l->port[i]->name);
}

static size_t sw_tx_total(const struct lan *l)
{
	return fx_count(&l->tr, TR_TX, "sw", NULL);
}

static const uint8_t BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void test_setup_and_bridge_mac(void **state)
{
	struct lan *l = lan_new(state);
	/* The bridge takes the lowest port MAC; every port MAC is local. */
	const uint8_t *low = l->port[0]->mac;
	for (int i = 1; i < NH; i++)
		if (memcmp(l->port[i]->mac, low, 6) < 0)
			low = l->port[i]->mac;
	assert_memory_equal(l->br->mac, low, 6);
	assert_int_equal(l->br->br->count, NH);
	for (int i = 0; i < NH; i++) {
		const struct fdb_entry *e = bridge_fdb_find(l->br->br, l->port[i]->mac);
		assert_non_null(e);
		assert_true(e->is_local);
		assert_ptr_equal(e->port, l->port[i]);
	}
	assert_int_equal(l->br->br->ageing_ns, 300 * NS_PER_S);
}

static void test_learn_and_flood_broadcast(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 0, l->he[0]->mac, BCAST);
	settle(l);
	/* Learned: h0's MAC on port 1 (eth0), a dynamic entry. */
	const struct fdb_entry *e = bridge_fdb_find(l->br->br, l->he[0]->mac);
	assert_non_null(e);
	assert_ptr_equal(e->port, l->port[0]);
	assert_false(e->is_local);
	/* Flooded to every port but the ingress one, once each. */
	size_t tx[NH];
	sw_tx(l, tx);
	assert_int_equal(tx[0], 0);
	assert_int_equal(tx[1], 1);
	assert_int_equal(tx[2], 1);
	assert_int_equal(tx[3], 1);
	/* And a copy up to the bridge's own stack. */
	assert_int_equal(fx_count(&l->tr, TR_RX, "sw", "br0"), 1);
	for (int i = 1; i < NH; i++)
		assert_int_equal(fx_count(&l->tr, TR_RX, l->h[i]->name, "eth0"), 1);
	assert_int_equal(fx_count(&l->tr, TR_RX, "h0", NULL), 0);
	/* Trace: one "learn" table record and one "flood" decision. */
	size_t learn = 0;
	for (size_t i = 0; i < l->tr.n; i++)
		if (l->tr.v[i].kind == TR_TABLE && strcmp(l->tr.v[i].table, "fdb") == 0 &&
		    strcmp(l->tr.v[i].what, "learn") == 0)
			learn++;
	assert_int_equal(learn, 1);
	const struct fx_rec *d = fx_nth(&l->tr, TR_DECISION, "sw", NULL, 0);
	assert_non_null(d);
	assert_string_equal(d->what, "flood");
	assert_string_equal(d->text, "broadcast: flooding on 3 ports");
}

static void test_multicast_floods_like_broadcast(void **state)
{
	struct lan *l = lan_new(state);
	uint8_t mc[6];
	fx_mac("01:00:5e:00:00:fb", mc);
	send_from(l, 2, l->he[2]->mac, mc);
	settle(l);
	size_t tx[NH];
	sw_tx(l, tx);
	assert_int_equal(tx[0], 1);
	assert_int_equal(tx[1], 1);
	assert_int_equal(tx[2], 0);
	assert_int_equal(tx[3], 1);
	assert_int_equal(fx_count(&l->tr, TR_RX, "sw", "br0"), 1);
}

static void test_unknown_unicast_floods(void **state)
{
	struct lan *l = lan_new(state);
	uint8_t nobody[6];
	fx_mac("02:aa:bb:cc:dd:ee", nobody);
	send_from(l, 1, l->he[1]->mac, nobody);
	settle(l);
	size_t tx[NH];
	sw_tx(l, tx);
	assert_int_equal(tx[0], 1);
	assert_int_equal(tx[1], 0);
	assert_int_equal(tx[2], 1);
	assert_int_equal(tx[3], 1);
	/* Not for the bridge: nothing goes up to its stack (no drop there),
	 * but a capture on br0 sees the frame cross, as tcpdump's promiscuous
	 * br0 does. */
	assert_int_equal(fx_count(&l->tr, TR_RX, "sw", "br0"), 1);
	assert_int_equal(fx_count_drops(&l->tr, DROP_OTHERHOST, "sw"), 0);
	/* Hosts see a frame for another MAC and ignore it (PACKET_OTHERHOST). */
	assert_int_equal(fx_count_drops(&l->tr, DROP_OTHERHOST, NULL), 3);
	/* The destination was not learnt; the source was. */
	assert_null(bridge_fdb_find(l->br->br, nobody));
	assert_non_null(bridge_fdb_find(l->br->br, l->he[1]->mac));
	const struct fx_rec *d = fx_nth(&l->tr, TR_DECISION, "sw", NULL, 0);
	assert_string_equal(d->text, "FDB miss for 02:aa:bb:cc:dd:ee: flooding on 3 ports");
}

static void test_known_unicast_to_one_port(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 3, l->he[3]->mac, BCAST);      /* teach the switch where h3 is */
	settle(l);
	fx_trace_clear(&l->tr);
	send_from(l, 0, l->he[0]->mac, l->he[3]->mac);
	settle(l);
	size_t tx[NH];
	sw_tx(l, tx);
	assert_int_equal(tx[0], 0);
	assert_int_equal(tx[1], 0);
	assert_int_equal(tx[2], 0);
	assert_int_equal(tx[3], 1);
	assert_int_equal(sw_tx_total(l), 1);
	assert_int_equal(fx_count(&l->tr, TR_RX, "h3", "eth0"), 1);
	assert_int_equal(fx_count(&l->tr, TR_RX, "h1", NULL), 0);
	assert_int_equal(fx_count(&l->tr, TR_RX, "h2", NULL), 0);
	const struct fx_rec *d = fx_nth(&l->tr, TR_DECISION, "sw", NULL, 0);
	assert_string_equal(d->what, "forward");
	assert_string_equal(d->text, "FDB hit: out of eth3 (port 4)");
	/* The frame left unchanged. */
	const struct fx_rec *in = fx_nth(&l->tr, TR_TX, "h0", "eth0", 0);
	const struct fx_rec *out = fx_nth(&l->tr, TR_TX, "sw", "eth3", 0);
	assert_int_equal(in->len, out->len);
	assert_memory_equal(in->bytes, out->bytes, in->len);
}

/* The FDB says the destination is on the port the frame came in on. */
static void test_filter_same_port(void **state)
{
	struct lan *l = lan_new(state);
	uint8_t x[6];
	fx_mac("02:aa:00:00:00:01", x);
	send_from(l, 0, x, BCAST);                  /* x lives behind port 1 */
	settle(l);
	fx_trace_clear(&l->tr);
	send_from(l, 0, l->he[0]->mac, x);
	settle(l);
	assert_int_equal(sw_tx_total(l), 0);
	assert_int_equal(fx_count_drops(&l->tr, DROP_BRIDGE_SAME_PORT, "sw"), 1);
	const struct fx_rec *d = fx_nth(&l->tr, TR_DROP, "sw", NULL, 0);
	assert_string_equal(d->dev, "eth0");
	assert_string_equal(d->what, "bridge_same_port");
	assert_int_equal(l->w->stats.drops[DROP_BRIDGE_SAME_PORT], 1);
}

static void send_at(struct world *w, void *a, void *b)
{
	(void)w;
	struct lan *l = a;
	int i = (int)(intptr_t)b;
	send_from(l, i, l->he[i]->mac, BCAST);
}

static int64_t learn_time(const struct fx_trace *t, size_t nth)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].kind == TR_TABLE && strcmp(t->v[i].table, "fdb") == 0 &&
		    (strcmp(t->v[i].what, "learn") == 0) && k++ == nth)
			return t->v[i].t_ns;
	fail();
	return -1;
}

/* An entry ages out exactly ageing_time (300 s) after it was last refreshed. */
static void test_ageing_exactly_300s(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 1, l->he[1]->mac, BCAST);
	world_run(l->w, 1000, 0);
	int64_t t0 = learn_time(&l->tr, 0);
	assert_true(t0 > 0 && t0 < 1000);           /* on arrival at the switch */
	const struct fdb_entry *e = bridge_fdb_find(l->br->br, l->he[1]->mac);
	assert_int_equal(e->updated_ns, t0);
	world_run(l->w, t0 + 100 * NS_PER_S, 0);
	assert_int_equal(bridge_fdb_age_ns(l->br->br, e), 100 * NS_PER_S);
	world_run(l->w, t0 + 300 * NS_PER_S - 1, 0);
	assert_non_null(bridge_fdb_find(l->br->br, l->he[1]->mac));
	world_run(l->w, t0 + 300 * NS_PER_S, 0);
	assert_null(bridge_fdb_find(l->br->br, l->he[1]->mac));
	/* Traced as an expiry at that instant. */
	size_t k = 0;
	for (size_t i = 0; i < l->tr.n; i++) {
		const struct fx_rec *r = &l->tr.v[i];
		if (r->kind == TR_TABLE && strcmp(r->what, "expire") == 0) {
			assert_int_equal(r->t_ns, t0 + 300 * NS_PER_S);
			k++;
		}
	}
	assert_int_equal(k, 1);
	/* Local entries never age. */
	for (int i = 0; i < NH; i++)
		assert_non_null(bridge_fdb_find(l->br->br, l->port[i]->mac));
	/* Now unknown again: a frame to it floods. */
	fx_trace_clear(&l->tr);
	send_from(l, 0, l->he[0]->mac, l->he[1]->mac);
	world_run(l->w, l->w->now_ns + NS_PER_S, 0);
	assert_int_equal(sw_tx_total(l), 3);
}

/* Traffic from a MAC resets its age. */
static void test_ageing_refresh(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 2, l->he[2]->mac, BCAST);
	ev_call(l->w, 100 * NS_PER_S, send_at, l, (void *)(intptr_t)2);
	world_run(l->w, 101 * NS_PER_S, 0);
	int64_t t0 = learn_time(&l->tr, 0);
	const struct fdb_entry *e = bridge_fdb_find(l->br->br, l->he[2]->mac);
	int64_t t1 = e->updated_ns;
	assert_true(t1 > 100 * NS_PER_S && t1 < 100 * NS_PER_S + 1000);
	world_run(l->w, t0 + 300 * NS_PER_S, 0);
	assert_non_null(bridge_fdb_find(l->br->br, l->he[2]->mac));
	world_run(l->w, t1 + 300 * NS_PER_S - 1, 0);
	assert_non_null(bridge_fdb_find(l->br->br, l->he[2]->mac));
	world_run(l->w, t1 + 300 * NS_PER_S, 0);
	assert_null(bridge_fdb_find(l->br->br, l->he[2]->mac));
	/* Learnt once, refreshed once: one learn record. */
	size_t learns = 0;
	for (size_t i = 0; i < l->tr.n; i++)
		if (l->tr.v[i].kind == TR_TABLE && strcmp(l->tr.v[i].what, "learn") == 0)
			learns++;
	assert_int_equal(learns, 1);
}

/* A MAC heard on another port moves there. */
static void test_move(void **state)
{
	struct lan *l = lan_new(state);
	uint8_t x[6];
	fx_mac("02:aa:00:00:00:07", x);
	send_from(l, 0, x, BCAST);
	settle(l);
	assert_ptr_equal(bridge_fdb_find(l->br->br, x)->port, l->port[0]);
	send_from(l, 2, x, BCAST);
	settle(l);
	const struct fdb_entry *e = bridge_fdb_find(l->br->br, x);
	assert_ptr_equal(e->port, l->port[2]);
	size_t moves = 0;
	for (size_t i = 0; i < l->tr.n; i++) {
		const struct fx_rec *r = &l->tr.v[i];
		if (r->kind == TR_TABLE && strcmp(r->what, "move") == 0) {
			assert_string_equal(r->text, "02:aa:00:00:00:07 moved from eth0 to eth2");
			moves++;
		}
	}
	assert_int_equal(moves, 1);
	fx_trace_clear(&l->tr);
	send_from(l, 1, l->he[1]->mac, x);
	settle(l);
	size_t tx[NH];
	sw_tx(l, tx);
	assert_int_equal(tx[2], 1);
	assert_int_equal(sw_tx_total(l), 1);
}

/* A frame from outside claiming the switch's own address teaches nothing. */
static void test_own_address_never_learnt(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 3, l->port[1]->mac, BCAST);
	uint8_t zero[6] = { 0 }, mc[6];
	fx_mac("01:00:5e:00:00:01", mc);
	send_from(l, 3, zero, BCAST);
	send_from(l, 3, mc, BCAST);
	settle(l);
	const struct fdb_entry *e = bridge_fdb_find(l->br->br, l->port[1]->mac);
	assert_true(e->is_local);
	assert_ptr_equal(e->port, l->port[1]);
	assert_null(bridge_fdb_find(l->br->br, zero));
	assert_null(bridge_fdb_find(l->br->br, mc));
	assert_int_equal(l->br->br->count, NH);
}

/* Frames to the bridge's MAC, or to any port's own MAC, go up to br0. */
static void test_local_delivery(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 1, l->he[1]->mac, l->br->mac);
	settle(l);
	assert_int_equal(sw_tx_total(l), 0);
	assert_int_equal(fx_count(&l->tr, TR_RX, "sw", "br0"), 1);
	assert_int_equal(l->br->stats.rx_packets, 1);
	const struct fx_rec *d = fx_nth(&l->tr, TR_DECISION, "sw", NULL, 0);
	assert_string_equal(d->what, "local");
	/* br0's stack has no use for the test EtherType: dropped there. */
	assert_int_equal(fx_count_drops(&l->tr, DROP_UNKNOWN_ETHERTYPE, "sw"), 1);
	fx_trace_clear(&l->tr);
	send_from(l, 0, l->he[0]->mac, l->port[3]->mac);
	settle(l);
	assert_int_equal(sw_tx_total(l), 0);
	assert_int_equal(fx_count(&l->tr, TR_RX, "sw", "br0"), 1);
}

/* End to end: br0 holds an address and answers ARP and ping through its ports. */
static void test_ping_the_bridge(void **state)
{
	struct lan *l = lan_new(state);
	fx_addr(l->sw, "br0", "10.0.0.254/24");
	fx_addr(l->h[2], "eth0", "10.0.0.3/24");
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.0.0.254");
	o.count = 2;
	struct proc *p = ping_start(l->h[2], &o);
	world_run(l->w, 3 * NS_PER_S, 0);
	assert_false(p->running);
	assert_int_equal(p->exit_code, 0);
	assert_int_equal(ping_stats(p)->received, 2);
	/* The ARP request flooded to the other three ports; the replies went
	 * out of eth2 only. */
	size_t tx[NH];
	sw_tx(l, tx);
	assert_int_equal(tx[0], 1);
	assert_int_equal(tx[1], 1);
	assert_int_equal(tx[3], 1);
	assert_int_equal(tx[2], 1 + 2);     /* ARP reply, two echo replies */
	assert_int_equal(fx_count(&l->tr, TR_TX, "sw", "br0"), 3);
}

static void test_port_down_flushes_and_stops_flooding(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 2, l->he[2]->mac, BCAST);
	settle(l);
	assert_non_null(bridge_fdb_find(l->br->br, l->he[2]->mac));
	netdev_set_up(l->port[2], false);
	assert_null(bridge_fdb_find(l->br->br, l->he[2]->mac));
	/* The port's own (local) entry stays. */
	assert_non_null(bridge_fdb_find(l->br->br, l->port[2]->mac));
	fx_trace_clear(&l->tr);
	send_from(l, 0, l->he[0]->mac, BCAST);
	settle(l);
	size_t tx[NH];
	sw_tx(l, tx);
	assert_int_equal(tx[1], 1);
	assert_int_equal(tx[2], 0);
	assert_int_equal(tx[3], 1);
}

static void test_bridge_down_drops(void **state)
{
	struct lan *l = lan_new(state);
	netdev_set_up(l->br, false);
	send_from(l, 0, l->he[0]->mac, BCAST);
	settle(l);
	assert_int_equal(sw_tx_total(l), 0);
	assert_int_equal(fx_count_drops(&l->tr, DROP_LINK_DOWN, "sw"), 1);
	assert_null(bridge_fdb_find(l->br->br, l->he[0]->mac));
}

/* Nowhere to flood: the only other ports are down. */
static void test_no_ports_to_flood(void **state)
{
	struct lan *l = lan_new(state);
	for (int i = 1; i < NH; i++)
		netdev_set_up(l->port[i], false);
	send_from(l, 0, l->he[0]->mac, l->he[1]->mac);
	settle(l);
	assert_int_equal(sw_tx_total(l), 0);
	assert_int_equal(fx_count_drops(&l->tr, DROP_BRIDGE_NO_PORTS, "sw"), 1);
}

/* Releasing a port forgets everything on it, its own address included,
 * and the bridge's MAC follows the lowest remaining port. */
static void test_del_port(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 0, l->he[0]->mac, BCAST);
	settle(l);
	assert_memory_equal(l->br->mac, l->port[0]->mac, 6);
	uint8_t own0[6];
	memcpy(own0, l->port[0]->mac, 6);
	assert_int_equal(bridge_del_port(l->br, l->port[0]), 0);
	assert_null(l->port[0]->master);
	assert_null(bridge_fdb_find(l->br->br, l->he[0]->mac));
	assert_null(bridge_fdb_find(l->br->br, own0));
	assert_memory_equal(l->br->mac, l->port[1]->mac, 6);
	assert_int_equal(l->br->br->count, NH - 1);
	assert_int_equal(bridge_del_port(l->br, l->port[0]), -ENOENT);
	assert_string_equal(world_error(l->w), "eth0 is not a port of br0");
	/* Enslaving errors, in iproute2's words. */
	assert_int_equal(bridge_add_port(l->br, l->br), -ELOOP);
	assert_string_equal(world_error(l->w), "Error: Can not enslave a bridge to itself.");
	assert_int_equal(bridge_add_port(l->br, l->port[1]), 0);   /* already: no-op */
	/* New port numbers keep counting up. */
	assert_int_equal(bridge_add_port(l->br, l->port[0]), 0);
	assert_int_equal(l->port[0]->port_no, NH + 1);
}

struct fdb_list {
	int n;
	int port_no[32];
	uint8_t mac[32][6];
	bool local[32];
};

static void collect(void *ctx, const struct fdb_entry *e)
{
	struct fdb_list *fl = ctx;
	assert_true(fl->n < 32);
	fl->port_no[fl->n] = e->port ? e->port->port_no : 0;
	memcpy(fl->mac[fl->n], e->mac, 6);
	fl->local[fl->n] = e->is_local;
	fl->n++;
}

/* bridge_fdb_foreach: by port number, then MAC, whatever the learning order. */
static void test_fdb_foreach_order(void **state)
{
	struct lan *l = lan_new(state);
	const char *macs[] = { "02:cc:00:00:00:09", "02:0a:00:00:00:01", "02:ff:00:00:00:00",
			       "02:cc:00:00:00:02", "02:0b:00:00:00:05", "02:0a:00:00:00:00" };
	const int on[] = { 2, 2, 0, 2, 3, 0 };
	for (int i = 0; i < 6; i++) {
		uint8_t m[6];
		fx_mac(macs[i], m);
		send_from(l, on[i], m, BCAST);
	}
	settle(l);
	struct fdb_list fl = { 0 };
	bridge_fdb_foreach(l->br->br, collect, &fl);
	assert_int_equal(fl.n, 6 + NH);
	assert_int_equal(fl.n, (int)l->br->br->count);
	for (int i = 1; i < fl.n; i++) {
		assert_true(fl.port_no[i - 1] <= fl.port_no[i]);
		if (fl.port_no[i - 1] == fl.port_no[i])
			assert_true(memcmp(fl.mac[i - 1], fl.mac[i], 6) < 0);
	}
	/* Port 1 (eth0): 02:00:.. (its own, local) < 02:0a:..:00 < 02:ff:.. */
	uint8_t m[6];
	assert_int_equal(fl.port_no[0], 1);
	assert_memory_equal(fl.mac[0], l->port[0]->mac, 6);
	assert_true(fl.local[0]);
	fx_mac("02:0a:00:00:00:00", m);
	assert_memory_equal(fl.mac[1], m, 6);
	fx_mac("02:ff:00:00:00:00", m);
	assert_memory_equal(fl.mac[2], m, 6);
	/* Port 3 (eth2): own, then 02:0a:..:01, 02:cc:..:02, 02:cc:..:09. */
	int k = 4;      /* after port 1's three and port 2's one */
	assert_int_equal(fl.port_no[3], 2);
	assert_int_equal(fl.port_no[k], 3);
	assert_memory_equal(fl.mac[k], l->port[2]->mac, 6);
	fx_mac("02:0a:00:00:00:01", m);
	assert_memory_equal(fl.mac[k + 1], m, 6);
	fx_mac("02:cc:00:00:00:02", m);
	assert_memory_equal(fl.mac[k + 2], m, 6);
	fx_mac("02:cc:00:00:00:09", m);
	assert_memory_equal(fl.mac[k + 3], m, 6);
	/* Port 4 (eth3): own, then 02:0b:..:05. */
	assert_int_equal(fl.port_no[k + 4], 4);
	assert_int_equal(fl.port_no[k + 5], 4);
	fx_mac("02:0b:00:00:00:05", m);
	assert_memory_equal(fl.mac[k + 5], m, 6);
}

/* ---- engine bugs ------------------------------------------------------------ */

/* Linux adds the bridge's own address as a local FDB entry when it is set
 * by hand (br_dev_set_mac_address -> br_fdb_change_mac_address): frames to
 * it go up to the bridge, not flooded as unknown unicast.  bridge.h rule 3
 * says the same ("the bridge's or a port's own MAC"). */
static void test_hand_set_bridge_mac_is_local(void **state)
{
	struct lan *l = lan_new(state);
	uint8_t m[6];
	fx_mac("02:bb:00:00:00:01", m);
	netdev_set_mac(l->br, m);
	send_from(l, 1, l->he[1]->mac, m);
	settle(l);
	assert_int_equal(sw_tx_total(l), 0);
	assert_int_equal(fx_count(&l->tr, TR_RX, "sw", "br0"), 1);
}

/* A bridge that goes down forgets what its ports learnt, as Linux's
 * br_stp_disable_bridge() does; its own local entries stay. */
static void test_bridge_down_flushes_learnt(void **state)
{
	struct lan *l = lan_new(state);
	send_from(l, 1, l->he[1]->mac, l->he[2]->mac);
	settle(l);
	assert_non_null(bridge_fdb_find(l->br->br, l->he[1]->mac));
	netdev_set_up(l->br, false);
	assert_null(bridge_fdb_find(l->br->br, l->he[1]->mac));
	assert_non_null(bridge_fdb_find(l->br->br, l->br->mac));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_setup_and_bridge_mac, lan_teardown),
		cmocka_unit_test_teardown(test_learn_and_flood_broadcast, lan_teardown),
		cmocka_unit_test_teardown(test_multicast_floods_like_broadcast, lan_teardown),
		cmocka_unit_test_teardown(test_unknown_unicast_floods, lan_teardown),
		cmocka_unit_test_teardown(test_known_unicast_to_one_port, lan_teardown),
		cmocka_unit_test_teardown(test_filter_same_port, lan_teardown),
		cmocka_unit_test_teardown(test_ageing_exactly_300s, lan_teardown),
		cmocka_unit_test_teardown(test_ageing_refresh, lan_teardown),
		cmocka_unit_test_teardown(test_move, lan_teardown),
		cmocka_unit_test_teardown(test_own_address_never_learnt, lan_teardown),
		cmocka_unit_test_teardown(test_local_delivery, lan_teardown),
		cmocka_unit_test_teardown(test_ping_the_bridge, lan_teardown),
		cmocka_unit_test_teardown(test_port_down_flushes_and_stops_flooding, lan_teardown),
		cmocka_unit_test_teardown(test_bridge_down_drops, lan_teardown),
		cmocka_unit_test_teardown(test_no_ports_to_flood, lan_teardown),
		cmocka_unit_test_teardown(test_del_port, lan_teardown),
		cmocka_unit_test_teardown(test_fdb_foreach_order, lan_teardown),
		cmocka_unit_test_teardown(test_hand_set_bridge_mac_is_local, lan_teardown),
		cmocka_unit_test_teardown(test_bridge_down_flushes_learnt, lan_teardown),
	};
	return cmocka_run_group_tests_name("bridge", tests, NULL, NULL);
}
