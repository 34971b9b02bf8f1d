/* test_icmp.c — ICMP and the forwarding decisions that produce it
 * (net/icmp.h, net/stack.h; networking.md 1.4): echo, TTL handling at a
 * router with time exceeded quoting the packet as received, unreachable
 * net/host/port, silence with ip_forward = 0, nothing about an error,
 * rate limiting, and a valid checksum on every packet any node sends. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"
#include "net/udp.h"
#include "proc/ping.h"
#include "proc/proc.h"
#include "wire/csum.h"

/* a:eth0 10.0.1.2 --- eth0 10.0.1.1 r 10.0.2.1 eth1 --- b:eth0 10.0.2.2 */
struct net3 {
	struct world *w;
	struct node *a, *r, *b;
	struct fx_trace tr;
	struct udp_sock *ua, *ub;
	int n_err;
	uint32_t err_from;
	uint8_t err_type, err_code;
};

static void on_udp_err(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type, uint8_t code)
{
	(void)s;
	struct net3 *t = ctx;
	t->n_err++;
	t->err_from = from;
	t->err_type = type;
	t->err_code = code;
}

static struct net3 *net3_new(void **state)
{
	struct net3 *t = calloc(1, sizeof *t);
	assert_non_null(t);
	t->w = world_new(11);
	t->a = fx_host(t->w, "a", NODE_HOST);
	t->r = fx_host(t->w, "r", NODE_ROUTER);
	t->b = fx_host(t->w, "b", NODE_HOST);
	fx_link(t->w, t->a, t->r, NULL);
	fx_link(t->w, t->r, t->b, NULL);
	fx_addr(t->a, "eth0", "10.0.1.2/24");
	fx_addr(t->r, "eth0", "10.0.1.1/24");
	fx_addr(t->r, "eth1", "10.0.2.1/24");
	fx_addr(t->b, "eth0", "10.0.2.2/24");
	assert_int_equal(fx_route(t->a, "default", "10.0.1.1"), 0);
	assert_int_equal(fx_route(t->b, "default", "10.0.2.1"), 0);
	t->ua = udp_bind(t->a, 0, 4000, NULL, on_udp_err, t);
	t->ub = udp_bind(t->b, 0, 4000, NULL, on_udp_err, t);
	fx_trace_start(&t->tr, t->w, TR_MASK_ALL);
	*state = t;
	return t;
}

/* ---- checking every packet sent ------------------------------------------- */

/* Every IPv4 packet in every TX record: header checksum good, and the
 * ICMP or UDP checksum good.  Returns how many were bad (and says which). */
static size_t bad_checksums(const struct fx_trace *tr, size_t *checked)
{
	size_t bad = 0;
	*checked = 0;
	for (size_t i = 0; i < tr->n; i++) {
		const struct fx_rec *r = &tr->v[i];
		if (r->kind != TR_TX || fx_ethertype(r) != ETH_P_IP)
			continue;
		(*checked)++;
		const uint8_t *b = r->bytes + ETH_HLEN;
		uint32_t len = r->len - ETH_HLEN;
		struct ipv4_repr ip;
		int rc = ipv4_parse(b, len, &ip);
		if (rc == 0) {
			const uint8_t *l4 = b + ip.hlen;
			uint32_t l4len = ip.total_len - ip.hlen;
			if (ip.proto == IP_PROTO_ICMP) {
				struct icmp_repr ic;
				rc = icmp_parse(l4, l4len, &ic);
			} else if (ip.proto == IP_PROTO_UDP) {
				struct udp_repr u;
				rc = udp_parse(l4, l4len, ip.src, ip.dst, &u);
			}
		}
		if (rc != 0) {
			fprintf(stderr, "bad packet (%d) sent by %s:%s at %lld ns\n", rc, r->node, r->dev,
				(long long)r->t_ns);
			bad++;
		}
	}
	return bad;
}

/* The teardown checks every packet of every test, then frees the world
 * whatever the result (a failed check fails the test). */
static int net3_teardown(void **state)
{
	struct net3 *t = *state;
	if (!t)
		return 0;
	size_t checked = 0;
	size_t bad = bad_checksums(&t->tr, &checked);
	fx_trace_stop(&t->tr);
	world_free(t->w);
	free(t);
	*state = NULL;
	return bad ? -1 : 0;
}

/* ---- reading what was sent ---------------------------------------------------- */

struct ip_view {
	const struct fx_rec *rec;
	struct ipv4_repr ip;
	const uint8_t *l3;      /* IP header */
	const uint8_t *l4;
	uint32_t l4len;
};

static bool view_ip(const struct fx_rec *r, struct ip_view *v)
{
	if (fx_ethertype(r) != ETH_P_IP)
		return false;
	v->rec = r;
	v->l3 = r->bytes + ETH_HLEN;
	if (ipv4_parse(v->l3, r->len - ETH_HLEN, &v->ip) != 0)
		return false;
	v->l4 = v->l3 + v->ip.hlen;
	v->l4len = v->ip.total_len - v->ip.hlen;
	return true;
}

/* The i-th IPv4 frame of kind k on node/dev with protocol proto (and, for
 * ICMP, type; -1 = any). */
static bool nth_ip(const struct fx_trace *tr, enum trace_kind k, const char *node, const char *dev,
		   uint8_t proto, int icmp_type, size_t i, struct ip_view *v)
{
	for (size_t j = 0; j < tr->n; j++) {
		if (!fx_rec_match(&tr->v[j], k, node, dev) || !view_ip(&tr->v[j], v))
			continue;
		if (v->ip.proto != proto)
			continue;
		if (proto == IP_PROTO_ICMP && icmp_type >= 0 && v->l4[0] != icmp_type)
			continue;
		if (i-- == 0)
			return true;
	}
	return false;
}

static size_t count_ip(const struct fx_trace *tr, enum trace_kind k, const char *node,
		       const char *dev, uint8_t proto, int icmp_type)
{
	struct ip_view v;
	size_t n = 0;
	while (nth_ip(tr, k, node, dev, proto, icmp_type, n, &v))
		n++;
	return n;
}

static struct proc *ping(struct net3 *t, struct node *from, const char *dst, long count, int ttl,
			 int size)
{
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip(dst);
	o.count = count;
	o.ttl = ttl;
	if (size >= 0)
		o.size = size;
	(void)t;
	return ping_start(from, &o);
}

static void noop(struct world *w, void *a, void *b)
{
	(void)w;
	(void)a;
	(void)b;
}

static void run_to(struct net3 *t, int64_t at)
{
	ev_call(t->w, at, noop, NULL, NULL);
	world_run(t->w, at, 0);
}

/* ---- echo ---------------------------------------------------------------------- */

static void test_echo_reply(void **state)
{
	struct net3 *t = net3_new(state);
	struct proc *p = ping(t, t->a, "10.0.2.2", 1, 0, -1);
	run_to(t, 5 * NS_PER_S);
	assert_false(p->running);
	assert_int_equal(p->exit_code, 0);
	assert_non_null(strstr(p->out, "64 bytes from 10.0.2.2: icmp_seq=1 ttl=63 time="));
	struct ip_view rq, rp;
	assert_true(nth_ip(&t->tr, TR_TX, "a", "eth0", IP_PROTO_ICMP, ICMP_ECHO, 0, &rq));
	assert_true(nth_ip(&t->tr, TR_TX, "b", "eth0", IP_PROTO_ICMP, ICMP_ECHOREPLY, 0, &rp));
	assert_int_equal(count_ip(&t->tr, TR_TX, "b", NULL, IP_PROTO_ICMP, -1), 1);
	assert_int_equal(rp.ip.src, fx_ip("10.0.2.2"));
	assert_int_equal(rp.ip.dst, fx_ip("10.0.1.2"));
	assert_int_equal(rp.ip.ttl, 64);
	assert_int_equal(rq.ip.ttl, 64);
	assert_int_equal(rq.ip.frag & IPV4_DF, IPV4_DF);        /* iputils sets DF */
	/* Same identifier, sequence and data; type 0 code 0. */
	assert_int_equal(rp.l4len, rq.l4len);
	assert_int_equal(rq.l4len, 8 + 56);
	assert_int_equal(rp.l4[0], ICMP_ECHOREPLY);
	assert_int_equal(rp.l4[1], 0);
	assert_memory_equal(rp.l4 + 4, rq.l4 + 4, rq.l4len - 4);
}

static void test_echo_to_self_uses_lo(void **state)
{
	struct net3 *t = net3_new(state);
	struct proc *p = ping(t, t->a, "10.0.1.2", 2, 0, -1);
	run_to(t, 5 * NS_PER_S);
	assert_int_equal(p->exit_code, 0);
	assert_non_null(strstr(p->out, "64 bytes from 10.0.1.2: icmp_seq=1 ttl=64 time=0.000 ms\n"));
	assert_int_equal(fx_count(&t->tr, TR_TX, "a", "eth0"), 0);
	assert_int_equal(count_ip(&t->tr, TR_TX, "a", "lo", IP_PROTO_ICMP, -1), 4);
	p = ping(t, t->a, "127.0.0.1", 1, 0, -1);
	run_to(t, 10 * NS_PER_S);
	assert_int_equal(p->exit_code, 0);
}

/* ---- TTL ------------------------------------------------------------------------ */

/* RFC 1812 5.3.1: the router decrements the TTL and fixes the checksum. */
static void test_forward_decrements_ttl(void **state)
{
	struct net3 *t = net3_new(state);
	ping(t, t->a, "10.0.2.2", 1, 0, -1);
	run_to(t, 5 * NS_PER_S);
	struct ip_view in, out;
	assert_true(nth_ip(&t->tr, TR_RX, "r", "eth0", IP_PROTO_ICMP, ICMP_ECHO, 0, &in));
	assert_true(nth_ip(&t->tr, TR_TX, "r", "eth1", IP_PROTO_ICMP, ICMP_ECHO, 0, &out));
	assert_int_equal(in.ip.ttl, 64);
	assert_int_equal(out.ip.ttl, 63);
	assert_int_equal(csum_inet(out.l3, 20), 0);
	/* Only TTL and checksum changed. */
	assert_memory_equal(in.l3, out.l3, 8);
	assert_memory_equal(in.l3 + 9, out.l3 + 9, 1);
	assert_memory_equal(in.l3 + 12, out.l3 + 12, 8);
	assert_memory_equal(in.l4, out.l4, in.l4len);
	/* New Ethernet header: r's eth1 to b. */
	assert_memory_equal(out.rec->bytes, fx_dev(t->b, "eth0")->mac, 6);
	assert_memory_equal(out.rec->bytes + 6, fx_dev(t->r, "eth1")->mac, 6);
	assert_int_equal(t->r->ipstats.forwarded, 2);           /* request and reply */
}

/* TTL 1 at a router: time exceeded (11/0) to the source, from the router's
 * address towards it, quoting the packet as it arrived (TTL 1 intact). */
static void test_ttl1_time_exceeded(void **state)
{
	struct net3 *t = net3_new(state);
	struct proc *p = ping(t, t->a, "10.0.2.2", 1, 1, -1);
	run_to(t, 5 * NS_PER_S);
	assert_false(p->running);
	assert_int_equal(p->exit_code, 1);
	assert_non_null(strstr(p->out, "From 10.0.1.1 icmp_seq=1 Time to live exceeded\n"));
	assert_non_null(strstr(p->out, "1 packets transmitted, 0 received, +1 errors, 100% packet loss"));
	/* Nothing went on towards b. */
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", "eth1", IP_PROTO_ICMP, -1), 0);
	assert_int_equal(fx_count_drops(&t->tr, DROP_TTL_EXPIRED, "r"), 1);
	struct ip_view in, err;
	assert_true(nth_ip(&t->tr, TR_RX, "r", "eth0", IP_PROTO_ICMP, ICMP_ECHO, 0, &in));
	assert_int_equal(in.ip.ttl, 1);
	assert_true(nth_ip(&t->tr, TR_TX, "r", "eth0", IP_PROTO_ICMP, ICMP_TIME_EXCEEDED, 0, &err));
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", NULL, IP_PROTO_ICMP, -1), 1);
	assert_int_equal(err.ip.src, fx_ip("10.0.1.1"));
	assert_int_equal(err.ip.dst, fx_ip("10.0.1.2"));
	assert_int_equal(err.ip.ttl, 64);
	assert_int_equal(err.ip.tos, 0xc0);
	assert_int_equal(err.l4[0], ICMP_TIME_EXCEEDED);
	assert_int_equal(err.l4[1], ICMP_EXC_TTL);
	assert_memory_equal(err.l4 + 4, "\0\0\0\0", 4);         /* unused */
	/* The whole 84-byte datagram is quoted, byte for byte. */
	assert_int_equal(in.ip.total_len, 84);
	assert_int_equal(err.l4len, 8 + 84);
	assert_int_equal(err.ip.total_len, 20 + 8 + 84);
	assert_memory_equal(err.l4 + 8, in.l3, 84);
	assert_int_equal(err.l4[8 + 8], 1);                     /* quoted TTL */
}

/* TTL 2 gets through one router; TTL 1 to the router itself is delivered. */
static void test_ttl2_passes_and_ttl1_to_router_delivered(void **state)
{
	struct net3 *t = net3_new(state);
	struct proc *p = ping(t, t->a, "10.0.2.2", 1, 2, -1);
	run_to(t, 5 * NS_PER_S);
	assert_int_equal(p->exit_code, 0);
	struct ip_view at_b;
	assert_true(nth_ip(&t->tr, TR_RX, "b", "eth0", IP_PROTO_ICMP, ICMP_ECHO, 0, &at_b));
	assert_int_equal(at_b.ip.ttl, 1);
	p = ping(t, t->a, "10.0.1.1", 1, 1, -1);
	run_to(t, 10 * NS_PER_S);
	assert_int_equal(p->exit_code, 0);
	p = ping(t, t->a, "10.0.2.1", 1, 1, -1);        /* r's other address */
	run_to(t, 15 * NS_PER_S);
	assert_int_equal(p->exit_code, 0);
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", NULL, IP_PROTO_ICMP, ICMP_TIME_EXCEEDED), 0);
}

/* A packet arriving with TTL 0 (never sent by a correct host) is not
 * forwarded either: ip_forward() tests ttl <= 1. */
static void test_ttl0_time_exceeded(void **state)
{
	struct net3 *t = net3_new(state);
	struct netdev *ea = fx_dev(t->a, "eth0"), *re = fx_dev(t->r, "eth0");
	uint8_t icmp[64];
	uint32_t n = fx_icmp_echo(icmp, 0x1234, 1, 32);
	struct ipv4_repr ip = { .id = 7, .ttl = 0, .proto = IP_PROTO_ICMP, .src = fx_ip("10.0.1.2"),
				.dst = fx_ip("10.0.2.2") };
	netdev_xmit(ea, fx_ip_frame(t->w, re->mac, ea->mac, &ip, icmp, n));
	run_to(t, NS_PER_S);
	assert_int_equal(fx_count_drops(&t->tr, DROP_TTL_EXPIRED, "r"), 1);
	struct ip_view err;
	assert_true(nth_ip(&t->tr, TR_TX, "r", "eth0", IP_PROTO_ICMP, ICMP_TIME_EXCEEDED, 0, &err));
	assert_int_equal(err.l4[8 + 8], 0);
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", "eth1", IP_PROTO_ICMP, -1), 0);
}

/* Linux copies as much as fits in 576 bytes: 548 bytes of a big packet. */
static void test_quote_limited_to_576(void **state)
{
	struct net3 *t = net3_new(state);
	ping(t, t->a, "10.0.2.2", 1, 1, 1000);
	run_to(t, 5 * NS_PER_S);
	struct ip_view in, err;
	assert_true(nth_ip(&t->tr, TR_RX, "r", "eth0", IP_PROTO_ICMP, ICMP_ECHO, 0, &in));
	assert_true(nth_ip(&t->tr, TR_TX, "r", "eth0", IP_PROTO_ICMP, ICMP_TIME_EXCEEDED, 0, &err));
	assert_int_equal(in.ip.total_len, 1028);
	assert_int_equal(err.ip.total_len, 576);
	assert_int_equal(err.l4len, 8 + 548);
	assert_memory_equal(err.l4 + 8, in.l3, 548);
}

/* ---- unreachable ------------------------------------------------------------- */

static void test_router_no_route_net_unreachable(void **state)
{
	struct net3 *t = net3_new(state);
	struct proc *p = ping(t, t->a, "10.9.9.9", 1, 0, -1);
	run_to(t, 5 * NS_PER_S);
	assert_int_equal(p->exit_code, 1);
	assert_non_null(strstr(p->out, "From 10.0.1.1 icmp_seq=1 Destination Net Unreachable\n"));
	struct ip_view err;
	assert_true(nth_ip(&t->tr, TR_TX, "r", "eth0", IP_PROTO_ICMP, ICMP_DEST_UNREACH, 0, &err));
	assert_int_equal(err.l4[1], ICMP_NET_UNREACH);
	assert_int_equal(err.ip.src, fx_ip("10.0.1.1"));
	assert_int_equal(fx_count_drops(&t->tr, DROP_NO_ROUTE, "r"), 1);
	assert_int_equal(t->r->ipstats.in_no_routes, 1);
}

/* A host with no route: connect() fails, ping says so and exits 2, and
 * nothing at all is transmitted. */
static void test_host_no_route(void **state)
{
	struct net3 *t = net3_new(state);
	struct node *c = fx_host(t->w, "c", NODE_HOST);
	struct netdev *ce = netdev_new(c, "eth0", ND_ETH);
	netdev_set_up(ce, true);
	fx_addr(c, "eth0", "192.168.5.5/24");
	struct proc *p = ping(t, c, "8.8.8.8", 3, 0, -1);
	assert_false(p->running);
	assert_int_equal(p->exit_code, 2);
	assert_string_equal(p->out, "ping: connect: Network is unreachable\n");
	run_to(t, 10 * NS_PER_S);
	assert_int_equal(fx_count(&t->tr, TR_TX, NULL, NULL), 0);
	/* On stderr, as a log line. */
	bool seen = false;
	for (size_t i = 0; i < t->tr.n; i++)
		if (t->tr.v[i].kind == TR_LOG && strcmp(t->tr.v[i].what, "stderr") == 0 &&
		    strcmp(t->tr.v[i].text, "ping: connect: Network is unreachable") == 0)
			seen = true;
	assert_true(seen);
	/* A datagram socket says the same to sendto(). */
	struct udp_sock *s = udp_bind(c, 0, 0, NULL, NULL, NULL);
	assert_int_equal(udp_sendto(s, fx_ip("8.8.8.8"), 53, "x", 1), -ENETUNREACH);
	assert_int_equal(fx_count(&t->tr, TR_TX, NULL, NULL), 0);
}

/* ip_forward = 0: dropped silently (ip_error() sends nothing). */
static void test_forward_off_is_silent(void **state)
{
	struct net3 *t = net3_new(state);
	t->r->sysctl.ip_forward = 0;
	struct proc *p = ping(t, t->a, "10.0.2.2", 1, 0, -1);
	struct proc *p1 = ping(t, t->a, "10.0.2.2", 1, 1, -1);  /* TTL 1: silent too */
	struct proc *p2 = ping(t, t->a, "10.9.9.9", 1, 0, -1);  /* no route: silent too */
	run_to(t, 15 * NS_PER_S);
	assert_int_equal(p->exit_code, 1);
	assert_int_equal(ping_stats(p)->errors, 0);
	assert_int_equal(ping_stats(p1)->errors, 0);
	assert_int_equal(ping_stats(p2)->errors, 0);
	assert_int_equal(fx_count_type(&t->tr, TR_TX, "r", NULL, ETH_P_IP), 0);
	assert_int_equal(fx_count_drops(&t->tr, DROP_IP_FORWARD_OFF, "r"), 3);
	assert_int_equal(t->r->ipstats.in_addr_errors, 3);
	const struct fx_rec *d = fx_nth(&t->tr, TR_DROP, "r", NULL, 0);
	assert_string_equal(d->what, "ip_forward_off");
	/* The router still answers for itself. */
	struct proc *p3 = ping(t, t->a, "10.0.1.1", 1, 0, -1);
	run_to(t, 20 * NS_PER_S);
	assert_int_equal(p3->exit_code, 0);
}

static void test_udp_closed_port(void **state)
{
	struct net3 *t = net3_new(state);
	uint8_t d[12] = "hello, port";
	assert_int_equal(udp_sendto(t->ua, fx_ip("10.0.2.2"), 9999, d, sizeof d), 0);
	run_to(t, NS_PER_S);
	assert_int_equal(t->n_err, 1);
	assert_int_equal(t->err_type, ICMP_DEST_UNREACH);
	assert_int_equal(t->err_code, ICMP_PORT_UNREACH);
	assert_int_equal(t->err_from, fx_ip("10.0.2.2"));
	struct ip_view dg, err;
	assert_true(nth_ip(&t->tr, TR_RX, "b", "eth0", IP_PROTO_UDP, -1, 0, &dg));
	assert_true(nth_ip(&t->tr, TR_TX, "b", "eth0", IP_PROTO_ICMP, ICMP_DEST_UNREACH, 0, &err));
	assert_int_equal(err.l4[1], ICMP_PORT_UNREACH);
	assert_int_equal(err.ip.src, fx_ip("10.0.2.2"));
	assert_int_equal(err.ip.dst, fx_ip("10.0.1.2"));
	assert_int_equal(err.l4len, 8 + dg.ip.total_len);
	assert_memory_equal(err.l4 + 8, dg.l3, dg.ip.total_len);
	assert_int_equal(fx_count_drops(&t->tr, DROP_PORT_UNREACH, "b"), 1);
	assert_int_equal(t->b->udp.no_ports, 1);
}

/* A broadcast to a closed port gets no error (RFC 1122 3.2.2). */
static void test_udp_broadcast_closed_port_no_error(void **state)
{
	struct net3 *t = net3_new(state);
	assert_int_equal(udp_sendto(t->ua, fx_ip("10.0.1.255"), 9999, "x", 1), 0);
	run_to(t, NS_PER_S);
	assert_int_equal(fx_count_drops(&t->tr, DROP_PORT_UNREACH, "r"), 1);
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", NULL, IP_PROTO_ICMP, -1), 0);
	assert_int_equal(t->n_err, 0);
}

/* RFC 1122 3.2.2: never an ICMP error about an ICMP error. */
static void test_no_error_about_error(void **state)
{
	struct net3 *t = net3_new(state);
	struct netdev *ea = fx_dev(t->a, "eth0"), *re = fx_dev(t->r, "eth0");
	/* A port unreachable from a, quoting something, with TTL 1 ... */
	uint8_t quote[28];
	struct ipv4_repr q = { .total_len = 28, .ttl = 64, .proto = IP_PROTO_UDP,
			       .src = fx_ip("10.0.2.2"), .dst = fx_ip("10.0.1.2") };
	ipv4_emit(quote, &q);
	memset(quote + 20, 0x11, 8);
	uint8_t icmp[8 + 28];
	memcpy(icmp + 8, quote, 28);
	struct icmp_repr e = { .type = ICMP_DEST_UNREACH, .code = ICMP_PORT_UNREACH };
	icmp_emit(icmp, sizeof icmp, &e);
	struct ipv4_repr ip = { .id = 1, .ttl = 1, .proto = IP_PROTO_ICMP, .src = fx_ip("10.0.1.2"),
				.dst = fx_ip("10.0.2.2") };
	netdev_xmit(ea, fx_ip_frame(t->w, re->mac, ea->mac, &ip, icmp, sizeof icmp));
	/* ... and one to nowhere ... */
	ip.ttl = 64;
	ip.dst = fx_ip("10.9.9.9");
	netdev_xmit(ea, fx_ip_frame(t->w, re->mac, ea->mac, &ip, icmp, sizeof icmp));
	/* ... and a time exceeded with TTL 1. */
	icmp[0] = ICMP_TIME_EXCEEDED;
	icmp[1] = 0;
	e.type = ICMP_TIME_EXCEEDED;
	e.code = 0;
	icmp_emit(icmp, sizeof icmp, &e);
	ip.ttl = 1;
	ip.dst = fx_ip("10.0.2.2");
	netdev_xmit(ea, fx_ip_frame(t->w, re->mac, ea->mac, &ip, icmp, sizeof icmp));
	run_to(t, NS_PER_S);
	assert_int_equal(fx_count_drops(&t->tr, DROP_TTL_EXPIRED, "r"), 2);
	assert_int_equal(fx_count_drops(&t->tr, DROP_NO_ROUTE, "r"), 1);
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", NULL, IP_PROTO_ICMP, -1), 0);
	/* Whereas an echo request (not an error) with TTL 1 does get one. */
	uint8_t echo[40];
	uint32_t n = fx_icmp_echo(echo, 5, 5, 32);
	netdev_xmit(ea, fx_ip_frame(t->w, re->mac, ea->mac, &ip, echo, n));
	run_to(t, 2 * NS_PER_S);
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", NULL, IP_PROTO_ICMP, ICMP_TIME_EXCEEDED), 1);
}

/* An ARP failure on a router: ICMP host unreachable (3/1) to the source. */
static void test_router_arp_failure_host_unreachable(void **state)
{
	struct net3 *t = net3_new(state);
	struct proc *p = ping(t, t->a, "10.0.2.99", 1, 0, -1);
	run_to(t, 10 * NS_PER_S);
	assert_false(p->running);
	assert_non_null(strstr(p->out, "From 10.0.1.1 icmp_seq=1 Destination Host Unreachable\n"));
	struct ip_view err;
	assert_true(nth_ip(&t->tr, TR_TX, "r", "eth0", IP_PROTO_ICMP, ICMP_DEST_UNREACH, 0, &err));
	assert_int_equal(err.l4[1], ICMP_HOST_UNREACH);
	assert_int_equal(err.ip.src, fx_ip("10.0.1.1"));
	/* Three seconds after the request reached r. */
	assert_true(err.rec->t_ns >= 3 * NS_PER_S && err.rec->t_ns < 3 * NS_PER_S + NS_PER_MS);
	assert_int_equal(fx_count_type(&t->tr, TR_TX, "r", "eth1", ETH_P_ARP), 3);
}

/* ---- rate limiting ---------------------------------------------------------- */

static void burst(struct world *w, void *a, void *b)
{
	(void)w;
	struct net3 *t = a;
	int n = (int)(intptr_t)b;
	for (int i = 0; i < n; i++)
		assert_int_equal(udp_sendto(t->ua, fx_ip("10.0.2.2"), 9999, "q", 1), 0);
}

/* Port unreachables node n sent to dst. */
static size_t unreach_to(const struct fx_trace *tr, const char *n, const char *dst)
{
	size_t k = 0;
	struct ip_view v;
	for (size_t i = 0; nth_ip(tr, TR_TX, n, NULL, IP_PROTO_ICMP, ICMP_DEST_UNREACH, i, &v); i++)
		if (v.ip.dst == fx_ip(dst))
			k++;
	return k;
}

/* icmp_send()'s token bucket per destination (inet_peer_xrlim_allow():
 * one token per icmp_ratelimit = 1 s, at most XRLIM_BURST_FACTOR = 6):
 * six at once, then one per second.  Port unreachable goes through
 * icmp_send() only, so this is the whole limit. */
static void test_ratelimit(void **state)
{
	struct net3 *t = net3_new(state);
	burst(t->w, t, (void *)(intptr_t)10);
	run_to(t, 500 * NS_PER_MS);
	assert_int_equal(unreach_to(&t->tr, "b", "10.0.1.2"), 6);
	assert_int_equal(t->w->stats.drops[DROP_ICMP_RATELIMIT], 4);
	assert_int_equal(fx_count_drops(&t->tr, DROP_PORT_UNREACH, "b"), 10);
	assert_int_equal(t->n_err, 6);
	/* 0.6 s later: less than a token. */
	ev_call(t->w, 600 * NS_PER_MS, burst, t, (void *)(intptr_t)1);
	/* 1.1 s after the burst: one token, and only one. */
	ev_call(t->w, 1100 * NS_PER_MS, burst, t, (void *)(intptr_t)2);
	run_to(t, 2 * NS_PER_S);
	assert_int_equal(unreach_to(&t->tr, "b", "10.0.1.2"), 7);
	assert_int_equal(t->w->stats.drops[DROP_ICMP_RATELIMIT], 4 + 1 + 1);
	/* Another destination has its own bucket: r gets its six. */
	struct udp_sock *ur = udp_bind(t->r, 0, 4000, NULL, NULL, NULL);
	for (int i = 0; i < 8; i++)
		assert_int_equal(udp_sendto(ur, fx_ip("10.0.2.2"), 9999, "q", 1), 0);
	run_to(t, 3 * NS_PER_S);
	assert_int_equal(unreach_to(&t->tr, "b", "10.0.2.1"), 6);
	assert_int_equal(unreach_to(&t->tr, "b", "10.0.1.2"), 7);
	/* After a quiet spell the bucket is full again (six, not more). */
	ev_call(t->w, 20 * NS_PER_S, burst, t, (void *)(intptr_t)9);
	run_to(t, 21 * NS_PER_S);
	assert_int_equal(unreach_to(&t->tr, "b", "10.0.1.2"), 7 + 6);
	assert_int_equal(t->r->sysctl.icmp_ratelimit_ms, 1000);
	assert_int_equal(t->r->sysctl.icmp_ratemask, 6168);
}

/* Time exceeded (type 11, in icmp_ratemask) is limited the same way. */
static void test_ratelimit_time_exceeded(void **state)
{
	struct net3 *t = net3_new(state);
	struct ping_opts o;
	ping_opts_default(&o);
	o.dst = fx_ip("10.0.2.2");
	o.count = 10;
	o.ttl = 1;
	o.interval_ns = 10 * NS_PER_MS;
	struct proc *p = ping_start(t->a, &o);
	run_to(t, 12 * NS_PER_S);       /* nothing came back: 10 s linger */
	assert_false(p->running);
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", NULL, IP_PROTO_ICMP, ICMP_TIME_EXCEEDED), 6);
	assert_int_equal(ping_stats(p)->errors, 6);
	assert_int_equal(t->w->stats.drops[DROP_ICMP_RATELIMIT], 4);
	/* Echo replies are not limited (type 0 is not in the mask). */
	o.ttl = 0;
	p = ping_start(t->a, &o);
	run_to(t, 17 * NS_PER_S);
	assert_int_equal(ping_stats(p)->received, 10);
}

/* Everything at once, and every packet sent checked: IPv4 header, ICMP
 * and UDP checksums all valid (the teardown checks each test as well). */
static void test_every_packet_checksums_valid(void **state)
{
	struct net3 *t = net3_new(state);
	ping(t, t->a, "10.0.2.2", 3, 0, -1);
	ping(t, t->a, "10.0.2.2", 2, 1, 1200);
	ping(t, t->a, "10.9.9.9", 2, 0, 0);
	ping(t, t->b, "10.0.1.2", 2, 0, 1);
	ping(t, t->a, "10.0.2.77", 1, 0, -1);
	assert_int_equal(udp_sendto(t->ua, fx_ip("10.0.2.2"), 7, "odd", 3), 0);
	assert_int_equal(udp_sendto(t->ub, fx_ip("10.0.1.2"), 7, "", 0), 0);
	run_to(t, 15 * NS_PER_S);
	size_t checked = 0;
	assert_int_equal(bad_checksums(&t->tr, &checked), 0);
	assert_true(checked >= 20);
	assert_true(count_ip(&t->tr, TR_TX, NULL, NULL, IP_PROTO_ICMP, ICMP_TIME_EXCEEDED) >= 2);
	assert_true(count_ip(&t->tr, TR_TX, NULL, NULL, IP_PROTO_ICMP, ICMP_DEST_UNREACH) >= 4);
}

/* ---- engine bugs ------------------------------------------------------------ */

static void big_burst(struct net3 *t, int n)
{
	static uint8_t d[1000];
	for (int i = 0; i < n; i++)
		assert_int_equal(udp_sendto(t->ua, fx_ip("10.0.2.2"), 9, d, sizeof d), 0);
}

/* "fragmentation needed" (3/4) tells the sender the MTU of the next hop:
 * ip_forward() passes the egress route's MTU to icmp_send().  icmp.c uses
 * orig->dev->mtu, the device the packet came in on. */
static void test_frag_needed_reports_egress_mtu(void **state)
{
	struct net3 *t = net3_new(state);
	fx_dev(t->r, "eth1")->mtu = 576;
	big_burst(t, 1);
	run_to(t, NS_PER_S);
	assert_int_equal(fx_count_drops(&t->tr, DROP_FRAG_NEEDED, "r"), 1);
	struct ip_view err;
	assert_true(nth_ip(&t->tr, TR_TX, "r", "eth0", IP_PROTO_ICMP, ICMP_DEST_UNREACH, 0, &err));
	assert_int_equal(err.l4[1], ICMP_FRAG_NEEDED);
	assert_int_equal(err.l4[6] << 8 | err.l4[7], 576);
}

/* Linux never rate-limits "fragmentation needed": icmpv4_mask_allow()
 * returns true for ICMP_DEST_UNREACH/ICMP_FRAG_NEEDED ("Don't limit PMTU
 * discovery").  icmp.c ratelimit_allow() looks only at the type. */
static void test_frag_needed_not_ratelimited(void **state)
{
	struct net3 *t = net3_new(state);
	fx_dev(t->r, "eth1")->mtu = 576;
	big_burst(t, 10);
	run_to(t, NS_PER_S);
	assert_int_equal(fx_count_drops(&t->tr, DROP_FRAG_NEEDED, "r"), 10);
	assert_int_equal(count_ip(&t->tr, TR_TX, "r", "eth0", IP_PROTO_ICMP, ICMP_DEST_UNREACH), 10);
	assert_int_equal(t->w->stats.drops[DROP_ICMP_RATELIMIT], 0);
}

/* A forwarded packet with no route fails in the route lookup and ip_error()
 * sends the net unreachable, behind its own token bucket (ip_rt_error_cost
 * = 1 s, ip_rt_error_burst = 5 s: at most five at once), before
 * icmp_send()'s (which, keyed on the same inet_peer, takes a token of the
 * same bucket as well, so Linux sends fewer still).  stack.c ip_forward()
 * calls icmp_send_error() directly, so six go out. */
static void test_net_unreachable_ip_error_ratelimit(void **state)
{
	struct net3 *t = net3_new(state);
	for (int i = 0; i < 10; i++)
		assert_int_equal(udp_sendto(t->ua, fx_ip("10.9.9.9"), 53, "q", 1), 0);
	run_to(t, 500 * NS_PER_MS);
	assert_int_equal(fx_count_drops(&t->tr, DROP_NO_ROUTE, "r"), 10);
	assert_true(count_ip(&t->tr, TR_TX, "r", "eth0", IP_PROTO_ICMP, ICMP_DEST_UNREACH) <= 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_echo_reply, net3_teardown),
		cmocka_unit_test_teardown(test_echo_to_self_uses_lo, net3_teardown),
		cmocka_unit_test_teardown(test_forward_decrements_ttl, net3_teardown),
		cmocka_unit_test_teardown(test_ttl1_time_exceeded, net3_teardown),
		cmocka_unit_test_teardown(test_ttl2_passes_and_ttl1_to_router_delivered, net3_teardown),
		cmocka_unit_test_teardown(test_ttl0_time_exceeded, net3_teardown),
		cmocka_unit_test_teardown(test_quote_limited_to_576, net3_teardown),
		cmocka_unit_test_teardown(test_router_no_route_net_unreachable, net3_teardown),
		cmocka_unit_test_teardown(test_host_no_route, net3_teardown),
		cmocka_unit_test_teardown(test_forward_off_is_silent, net3_teardown),
		cmocka_unit_test_teardown(test_udp_closed_port, net3_teardown),
		cmocka_unit_test_teardown(test_udp_broadcast_closed_port_no_error, net3_teardown),
		cmocka_unit_test_teardown(test_no_error_about_error, net3_teardown),
		cmocka_unit_test_teardown(test_router_arp_failure_host_unreachable, net3_teardown),
		cmocka_unit_test_teardown(test_ratelimit, net3_teardown),
		cmocka_unit_test_teardown(test_ratelimit_time_exceeded, net3_teardown),
		cmocka_unit_test_teardown(test_every_packet_checksums_valid, net3_teardown),
		cmocka_unit_test_teardown(test_frag_needed_reports_egress_mtu, net3_teardown),
		cmocka_unit_test_teardown(test_frag_needed_not_ratelimited, net3_teardown),
		cmocka_unit_test_teardown(test_net_unreachable_ip_error_ratelimit, net3_teardown),
	};
	return cmocka_run_group_tests_name("icmp", tests, NULL, NULL);
}
