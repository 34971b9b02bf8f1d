/* test_route.c — the IPv4 routing table (net/route.h): longest-prefix
 * match including /0 and /32, metric tie-break, add/replace/del with
 * iproute2's messages, gateway validation, and connected routes that
 * follow addresses and device state as Linux's do. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "engine_fixture.h"
#include "net/stack.h"

struct rt {
	struct world *w;
	struct node *n;
	struct netdev *e0, *e1, *e2;
	struct fx_trace tr;
};

/* Node r with eth0 10.0.0.1/24 and eth1 10.1.0.1/24 (up) and eth2 (down,
 * no address).  No cables: routing does not care about carrier. */
static struct rt *rt_new(void **state)
{
	struct rt *t = calloc(1, sizeof *t);
	assert_non_null(t);
	t->w = world_new(3);
	t->n = fx_host(t->w, "r", NODE_ROUTER);
	t->e0 = netdev_new(t->n, "eth0", ND_ETH);
	t->e1 = netdev_new(t->n, "eth1", ND_ETH);
	t->e2 = netdev_new(t->n, "eth2", ND_ETH);
	netdev_set_up(t->e0, true);
	netdev_set_up(t->e1, true);
	fx_addr(t->n, "eth0", "10.0.0.1/24");
	fx_addr(t->n, "eth1", "10.1.0.1/24");
	fx_trace_start(&t->tr, t->w, TR_MASK(TR_TABLE));
	*state = t;
	return t;
}

static int rt_teardown(void **state)
{
	struct rt *t = *state;
	if (t) {
		fx_trace_stop(&t->tr);
		world_free(t->w);
		free(t);
	}
	*state = NULL;
	return 0;
}

static struct route mk(const char *dst, const char *gw, struct netdev *dev, uint32_t metric)
{
	struct route r = { 0 };
	char err[128];
	if (units_parse_route_dst(dst, &r.dst, &r.plen, err, sizeof err) != 0)
		abort();
	r.gw = gw ? fx_ip(gw) : 0;
	r.dev = dev;
	r.metric = metric;
	r.proto = RTP_BOOT;
	return r;
}

static int add(struct rt *t, const char *dst, const char *gw, struct netdev *dev, uint32_t metric,
	       int flags)
{
	struct route r = mk(dst, gw, dev, metric);
	return route_add(t->n, &r, flags);
}

/* The gateway of the route chosen for dst, as a string ("" when direct,
 * NULL when there is no route). */
static const char *via(struct rt *t, const char *dst, char buf[16])
{
	const struct route *r = route_lookup(t->n, fx_ip(dst));
	if (!r)
		return NULL;
	if (!r->gw)
		return "";
	units_format_ipv4(r->gw, buf);
	return buf;
}

static const struct route *find(const struct node *n, const char *dst)
{
	struct route m = mk(dst, NULL, NULL, 0);
	for (size_t i = 0; i < n->routes.n; i++)
		if (n->routes.v[i].dst == m.dst && n->routes.v[i].plen == m.plen)
			return &n->routes.v[i];
	return NULL;
}

static void test_connected_routes(void **state)
{
	struct rt *t = rt_new(state);
	assert_int_equal(t->n->routes.n, 2);
	const struct route *r = find(t->n, "10.0.0.0/24");
	assert_non_null(r);
	assert_ptr_equal(r->dev, t->e0);
	assert_int_equal(r->gw, 0);
	assert_int_equal(r->prefsrc, fx_ip("10.0.0.1"));
	assert_int_equal(r->proto, RTP_KERNEL);
	assert_int_equal(r->scope, RTS_LINK);
	assert_int_equal(r->type, RT_UNICAST);
	assert_int_equal(r->metric, 0);
	assert_string_equal(route_proto_name(r->proto), "kernel");
	assert_string_equal(route_scope_name(r->scope), "link");
	/* The host bits of the address are cleared in the route. */
	fx_addr(t->n, "eth1", "172.16.5.9/12");
	r = find(t->n, "172.16.0.0/12");
	assert_non_null(r);
	assert_int_equal(r->dst, fx_ip("172.16.0.0"));
	assert_int_equal(r->prefsrc, fx_ip("172.16.5.9"));
	/* lo's 127.0.0.0/8 is in the local table, not here; 127/8 is local. */
	assert_null(find(t->n, "127.0.0.0/8"));
	assert_true(node_is_local_addr(t->n, fx_ip("127.0.0.1")));
	assert_true(node_is_local_addr(t->n, fx_ip("127.9.9.9")));
}

/* A /32 address has no prefix route: only its local one. */
static void test_host_address_has_no_connected_route(void **state)
{
	struct rt *t = rt_new(state);
	fx_addr(t->n, "eth0", "192.168.7.7/32");
	assert_int_equal(t->n->routes.n, 2);
	assert_true(node_is_local_addr(t->n, fx_ip("192.168.7.7")));
	/* /31 (RFC 3021) does have one. */
	fx_addr(t->n, "eth0", "192.168.9.0/31");
	assert_non_null(find(t->n, "192.168.9.0/31"));
}

static void test_connected_follows_device_state(void **state)
{
	struct rt *t = rt_new(state);
	/* An address on a down device: no route yet. */
	fx_addr(t->n, "eth2", "10.2.0.1/24");
	assert_null(find(t->n, "10.2.0.0/24"));
	assert_false(node_is_local_addr(t->n, fx_ip("10.2.0.1")));
	netdev_set_up(t->e2, true);
	assert_non_null(find(t->n, "10.2.0.0/24"));
	assert_true(node_is_local_addr(t->n, fx_ip("10.2.0.1")));
	/* A static route through it. */
	assert_int_equal(add(t, "10.20.0.0/16", "10.2.0.254", NULL, 0, ROUTE_EXCL), 0);
	assert_ptr_equal(find(t->n, "10.20.0.0/16")->dev, t->e2);
	/* Down: every route through the device goes, static ones too. */
	netdev_set_up(t->e2, false);
	assert_null(find(t->n, "10.2.0.0/24"));
	assert_null(find(t->n, "10.20.0.0/16"));
	assert_null(route_lookup(t->n, fx_ip("10.20.1.1")));
	/* Up again: the connected route comes back, the static one does not. */
	netdev_set_up(t->e2, true);
	assert_non_null(find(t->n, "10.2.0.0/24"));
	assert_null(find(t->n, "10.20.0.0/16"));
	/* Other devices' routes were never touched. */
	assert_non_null(find(t->n, "10.0.0.0/24"));
	assert_non_null(find(t->n, "10.1.0.0/24"));
	/* Each change is in the trace. */
	size_t dels = 0;
	for (size_t i = 0; i < t->tr.n; i++)
		if (strcmp(t->tr.v[i].table, "route") == 0 && strcmp(t->tr.v[i].what, "del") == 0)
			dels++;
	assert_int_equal(dels, 2);
}

/* The connected route of a subnet stays while an address of it remains. */
static void test_addr_del_removes_connected_route(void **state)
{
	struct rt *t = rt_new(state);
	fx_addr(t->n, "eth0", "10.0.0.2/24");
	assert_int_equal(t->n->routes.n, 2);            /* one route for the subnet */
	assert_int_equal(netdev_addr_del(t->e0, fx_ip("10.0.0.2"), 24), 0);
	assert_non_null(find(t->n, "10.0.0.0/24"));
	assert_int_equal(netdev_addr_del(t->e0, fx_ip("10.0.0.1"), 24), 0);
	assert_null(find(t->n, "10.0.0.0/24"));
	assert_int_equal(netdev_addr_del(t->e0, fx_ip("10.0.0.1"), 24), -EADDRNOTAVAIL);
	assert_string_equal(world_error(t->w), "RTNETLINK answers: Cannot assign requested address");
	/* Adding an address twice. */
	fx_addr(t->n, "eth1", "10.1.0.1/24");
	assert_string_equal(world_error(t->w), "RTNETLINK answers: File exists");
	assert_int_equal(netdev_addr_add(t->e1, fx_ip("10.1.0.1"), 24), -EEXIST);
}

static void test_longest_prefix_match(void **state)
{
	struct rt *t = rt_new(state);
	char b[16];
	assert_int_equal(add(t, "10.2.0.0/16", "10.0.0.2", NULL, 0, ROUTE_EXCL), 0);
	assert_int_equal(add(t, "10.2.3.0/24", "10.1.0.2", NULL, 0, ROUTE_EXCL), 0);
	assert_int_equal(add(t, "10.2.3.4/32", "10.0.0.3", NULL, 0, ROUTE_EXCL), 0);
	/* No default yet: nothing matches outside. */
	assert_null(via(t, "8.8.8.8", b));
	assert_int_equal(ip_route_check(t->n, fx_ip("8.8.8.8")), -ENETUNREACH);
	assert_int_equal(add(t, "default", "10.1.0.254", NULL, 0, ROUTE_EXCL), 0);
	assert_string_equal(via(t, "10.2.3.4", b), "10.0.0.3");        /* /32 */
	assert_string_equal(via(t, "10.2.3.5", b), "10.1.0.2");        /* /24 */
	assert_string_equal(via(t, "10.2.3.3", b), "10.1.0.2");
	assert_string_equal(via(t, "10.2.3.255", b), "10.1.0.2");
	assert_string_equal(via(t, "10.2.4.0", b), "10.0.0.2");        /* /16 */
	assert_string_equal(via(t, "10.2.255.255", b), "10.0.0.2");
	assert_string_equal(via(t, "10.3.0.0", b), "10.1.0.254");      /* /0 */
	assert_string_equal(via(t, "8.8.8.8", b), "10.1.0.254");
	assert_string_equal(via(t, "0.0.0.0", b), "10.1.0.254");
	assert_string_equal(via(t, "255.255.255.255", b), "10.1.0.254");
	assert_string_equal(via(t, "10.0.0.77", b), "");              /* connected */
	assert_ptr_equal(route_lookup(t->n, fx_ip("10.0.0.77"))->dev, t->e0);
	assert_int_equal(ip_route_check(t->n, fx_ip("8.8.8.8")), 0);
	/* The default route's destination is 0.0.0.0/0. */
	const struct route *d = find(t->n, "0.0.0.0/0");
	assert_non_null(d);
	assert_ptr_equal(d->dev, t->e1);
	/* The table is kept in `ip route` listing order: by destination,
	 * then the longer prefix first (default leads). */
	const struct route *v = t->n->routes.v;
	assert_int_equal(v[0].plen, 0);
	for (size_t i = 1; i < t->n->routes.n; i++)
		assert_true(v[i - 1].dst < v[i].dst ||
			    (v[i - 1].dst == v[i].dst && v[i - 1].plen >= v[i].plen));
}

static void test_metric_tie_break(void **state)
{
	struct rt *t = rt_new(state);
	char b[16];
	assert_int_equal(add(t, "10.5.0.0/16", "10.0.0.2", NULL, 100, ROUTE_EXCL), 0);
	assert_int_equal(add(t, "10.5.0.0/16", "10.1.0.2", NULL, 50, ROUTE_EXCL), 0);
	assert_int_equal(add(t, "10.5.0.0/16", "10.0.0.9", NULL, 200, ROUTE_EXCL), 0);
	assert_string_equal(via(t, "10.5.1.1", b), "10.1.0.2");
	/* A longer prefix wins whatever its metric. */
	assert_int_equal(add(t, "10.5.1.0/24", "10.0.0.7", NULL, 1000, ROUTE_EXCL), 0);
	assert_string_equal(via(t, "10.5.1.1", b), "10.0.0.7");
	assert_string_equal(via(t, "10.5.2.1", b), "10.1.0.2");
	/* Same prefix and metric (`ip route append`): the older one is used. */
	assert_int_equal(add(t, "10.6.0.0/16", "10.1.0.5", NULL, 7, 0), 0);
	assert_int_equal(add(t, "10.6.0.0/16", "10.0.0.5", NULL, 7, 0), 0);
	assert_string_equal(via(t, "10.6.0.1", b), "10.1.0.5");
	/* Delete the best: the next metric takes over. */
	struct route m = mk("10.5.0.0/16", NULL, NULL, 50);
	assert_int_equal(route_del(t->n, &m, false, false, true), 0);
	assert_string_equal(via(t, "10.5.2.1", b), "10.0.0.2");
}

/* `ip route add` of the same destination and metric: refused. */
static void test_add_excl_exists(void **state)
{
	struct rt *t = rt_new(state);
	assert_int_equal(add(t, "10.6.0.0/16", "10.0.0.2", NULL, 0, ROUTE_EXCL), 0);
	size_t before = t->n->routes.n;
	assert_int_equal(add(t, "10.6.0.0/16", "10.1.0.2", NULL, 0, ROUTE_EXCL), -EEXIST);
	assert_string_equal(world_error(t->w), "RTNETLINK answers: File exists");
	assert_int_equal(t->n->routes.n, before);
	char b[16];
	assert_string_equal(via(t, "10.6.0.1", b), "10.0.0.2");
	/* A different metric is a different route. */
	assert_int_equal(add(t, "10.6.0.0/16", "10.1.0.2", NULL, 10, ROUTE_EXCL), 0);
	assert_int_equal(t->n->routes.n, before + 1);
	/* Adding a connected route by hand collides with the kernel's. */
	assert_int_equal(add(t, "10.0.0.0/24", NULL, t->e0, 0, ROUTE_EXCL), -EEXIST);
}

static void test_replace(void **state)
{
	struct rt *t = rt_new(state);
	char b[16];
	assert_int_equal(add(t, "10.7.0.0/16", "10.0.0.2", NULL, 0, ROUTE_EXCL), 0);
	size_t before = t->n->routes.n;
	assert_int_equal(add(t, "10.7.0.0/16", "10.1.0.2", NULL, 0, ROUTE_REPLACE), 0);
	assert_int_equal(t->n->routes.n, before);
	assert_string_equal(via(t, "10.7.0.1", b), "10.1.0.2");
	assert_ptr_equal(find(t->n, "10.7.0.0/16")->dev, t->e1);
	/* Replace with nothing to replace adds. */
	assert_int_equal(add(t, "10.8.0.0/16", "10.1.0.3", NULL, 0, ROUTE_REPLACE), 0);
	assert_int_equal(t->n->routes.n, before + 1);
	assert_string_equal(via(t, "10.8.0.1", b), "10.1.0.3");
	size_t replaced = 0;
	for (size_t i = 0; i < t->tr.n; i++)
		if (strcmp(t->tr.v[i].what, "replace") == 0) {
			assert_string_equal(t->tr.v[i].text, "10.7.0.0/16 via 10.1.0.2 dev eth1");
			replaced++;
		}
	assert_int_equal(replaced, 1);
}

static void test_del(void **state)
{
	struct rt *t = rt_new(state);
	assert_int_equal(add(t, "10.9.0.0/16", "10.0.0.2", NULL, 0, ROUTE_EXCL), 0);
	size_t before = t->n->routes.n;
	/* A gateway that does not match: nothing deleted. */
	struct route m = mk("10.9.0.0/16", "10.0.0.3", NULL, 0);
	assert_int_equal(route_del(t->n, &m, true, false, false), -ESRCH);
	assert_string_equal(world_error(t->w), "RTNETLINK answers: No such process");
	m = mk("10.9.0.0/16", NULL, t->e1, 0);
	assert_int_equal(route_del(t->n, &m, false, true, false), -ESRCH);
	m = mk("10.9.0.0/24", NULL, NULL, 0);
	assert_int_equal(route_del(t->n, &m, false, false, false), -ESRCH);
	assert_int_equal(t->n->routes.n, before);
	m = mk("10.9.0.0/16", "10.0.0.2", NULL, 0);
	assert_int_equal(route_del(t->n, &m, true, false, false), 0);
	assert_int_equal(t->n->routes.n, before - 1);
	assert_null(route_lookup(t->n, fx_ip("10.9.0.1")));
	/* Again: gone. */
	assert_int_equal(route_del(t->n, &m, true, false, false), -ESRCH);
	assert_string_equal(world_error(t->w), "RTNETLINK answers: No such process");
	/* Deleting the default route. */
	assert_int_equal(add(t, "default", "10.0.0.254", NULL, 0, ROUTE_EXCL), 0);
	m = mk("default", NULL, NULL, 0);
	assert_int_equal(route_del(t->n, &m, false, false, false), 0);
	assert_null(route_lookup(t->n, fx_ip("8.8.8.8")));
}

static void test_invalid_gateway(void **state)
{
	struct rt *t = rt_new(state);
	size_t before = t->n->routes.n;
	/* Not on any connected network. */
	assert_int_equal(add(t, "10.9.0.0/16", "10.0.7.1", NULL, 0, ROUTE_EXCL), -ENETUNREACH);
	assert_string_equal(world_error(t->w), "Error: Nexthop has invalid gateway.");
	/* On a connected network, but not the one of the device given. */
	assert_int_equal(add(t, "10.9.0.0/16", "10.1.0.2", t->e0, 0, ROUTE_EXCL), -ENETUNREACH);
	assert_string_equal(world_error(t->w), "Error: Nexthop has invalid gateway.");
	/* Reachable only through a static route is not on-link either. */
	assert_int_equal(add(t, "10.30.0.0/16", "10.0.0.2", NULL, 0, ROUTE_EXCL), 0);
	assert_int_equal(add(t, "10.31.0.0/16", "10.30.0.1", NULL, 0, ROUTE_EXCL), -ENETUNREACH);
	/* A gateway behind a device that went down. */
	fx_addr(t->n, "eth2", "10.2.0.1/24");
	assert_int_equal(add(t, "10.32.0.0/16", "10.2.0.2", NULL, 0, ROUTE_EXCL), -ENETUNREACH);
	assert_int_equal(t->n->routes.n, before + 1);
	/* With the right device it is fine. */
	assert_int_equal(add(t, "10.9.0.0/16", "10.1.0.2", t->e1, 0, ROUTE_EXCL), 0);
}

static void test_device_routes(void **state)
{
	struct rt *t = rt_new(state);
	/* `ip route add 10.40.0.0/16 dev eth1`: direct, no gateway. */
	assert_int_equal(add(t, "10.40.0.0/16", NULL, t->e1, 0, ROUTE_EXCL), 0);
	const struct route *r = route_lookup(t->n, fx_ip("10.40.3.3"));
	assert_ptr_equal(r->dev, t->e1);
	assert_int_equal(r->gw, 0);
	/* A device that is down takes no route. */
	assert_int_equal(add(t, "10.41.0.0/16", NULL, t->e2, 0, ROUTE_EXCL), -ENETDOWN);
	assert_string_equal(world_error(t->w), "Error: Device for nexthop is not up.");
}

static void test_route_types(void **state)
{
	struct rt *t = rt_new(state);
	struct route r = mk("10.50.0.0/16", NULL, NULL, 0);
	r.type = RT_BLACKHOLE;
	assert_int_equal(route_add(t->n, &r, ROUTE_EXCL), 0);
	r = mk("10.51.0.0/16", NULL, NULL, 0);
	r.type = RT_UNREACHABLE;
	assert_int_equal(route_add(t->n, &r, ROUTE_EXCL), 0);
	r = mk("10.52.0.0/16", NULL, NULL, 0);
	r.type = RT_PROHIBIT;
	assert_int_equal(route_add(t->n, &r, ROUTE_EXCL), 0);
	/* What connect() would say. */
	assert_int_equal(ip_route_check(t->n, fx_ip("10.50.0.1")), -EINVAL);
	assert_int_equal(ip_route_check(t->n, fx_ip("10.51.0.1")), -EHOSTUNREACH);
	assert_int_equal(ip_route_check(t->n, fx_ip("10.52.0.1")), -EACCES);
	assert_int_equal(route_lookup(t->n, fx_ip("10.51.9.9"))->type, RT_UNREACHABLE);
	/* Deleting by type. */
	struct route m = mk("10.51.0.0/16", NULL, NULL, 0);
	m.type = RT_UNREACHABLE;
	assert_int_equal(route_del(t->n, &m, false, false, false), 0);
	assert_null(route_lookup(t->n, fx_ip("10.51.9.9")));
}

/* The source address a packet gets: the route's prefsrc, else the device's
 * address on the gateway's subnet; local destinations are their own. */
static void test_source_selection(void **state)
{
	struct rt *t = rt_new(state);
	fx_addr(t->n, "eth1", "192.168.1.1/24");
	assert_int_equal(add(t, "10.60.0.0/16", "192.168.1.254", NULL, 0, ROUTE_EXCL), 0);
	assert_int_equal(add(t, "10.61.0.0/16", "10.1.0.254", NULL, 0, ROUTE_EXCL), 0);
	assert_int_equal(ip_select_src(t->n, fx_ip("10.60.0.1")), fx_ip("192.168.1.1"));
	assert_int_equal(ip_select_src(t->n, fx_ip("10.61.0.1")), fx_ip("10.1.0.1"));
	assert_int_equal(ip_select_src(t->n, fx_ip("10.0.0.9")), fx_ip("10.0.0.1"));
	assert_int_equal(ip_select_src(t->n, fx_ip("10.1.0.1")), fx_ip("10.1.0.1"));
	assert_int_equal(ip_select_src(t->n, fx_ip("8.8.8.8")), 0);
	struct route r = mk("10.62.0.0/16", "10.1.0.254", NULL, 0);
	r.prefsrc = fx_ip("10.0.0.1");
	assert_int_equal(route_add(t->n, &r, ROUTE_EXCL), 0);
	assert_int_equal(ip_select_src(t->n, fx_ip("10.62.0.1")), fx_ip("10.0.0.1"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_connected_routes, rt_teardown),
		cmocka_unit_test_teardown(test_host_address_has_no_connected_route, rt_teardown),
		cmocka_unit_test_teardown(test_connected_follows_device_state, rt_teardown),
		cmocka_unit_test_teardown(test_addr_del_removes_connected_route, rt_teardown),
		cmocka_unit_test_teardown(test_longest_prefix_match, rt_teardown),
		cmocka_unit_test_teardown(test_metric_tie_break, rt_teardown),
		cmocka_unit_test_teardown(test_add_excl_exists, rt_teardown),
		cmocka_unit_test_teardown(test_replace, rt_teardown),
		cmocka_unit_test_teardown(test_del, rt_teardown),
		cmocka_unit_test_teardown(test_invalid_gateway, rt_teardown),
		cmocka_unit_test_teardown(test_device_routes, rt_teardown),
		cmocka_unit_test_teardown(test_route_types, rt_teardown),
		cmocka_unit_test_teardown(test_source_selection, rt_teardown),
	};
	return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
