/* test_resolver_tcp.c — the resolver's TCP fallback (send_vc): an answer
 * with TC set makes glibc ask the same questions again over TCP, both in
 * one write, each after its 2-byte length (checked on Debian 12 against
 * dnsmasq with 40 A records for one name). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev/node_files.h"
#include "net/tcp.h"
#include "proc/dns_server.h"
#include "proc/resolver.h"
#include "engine_fixture.h"

struct fx {
	struct world *w;
	struct node *c, *s;
	bool done;
	struct res_result r;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->c = fx_host(f->w, "c", NODE_HOST);
	f->s = fx_host(f->w, "s", NODE_HOST);
	fx_link(f->w, f->c, f->s, NULL);
	fx_addr(f->c, "eth0", "10.0.0.1/24");
	fx_addr(f->s, "eth0", "10.0.0.53/24");
	struct dns_server_conf *c = dns_conf_new();
	char err[128];
	assert_int_equal(dns_conf_zone(c, "example.com", err, sizeof err), 0);
	for (int i = 1; i <= 40; i++) {
		char a[32];
		snprintf(a, sizeof a, "10.0.1.%d", i);
		assert_int_equal(dns_conf_record(c, "example.com", "big", "A", a, -1, err, sizeof err), 0);
	}
	assert_int_equal(dns_conf_record(c, "example.com", "www", "A", "10.0.0.80", -1, err, sizeof err), 0);
	assert_non_null(dns_server_start(f->s, c));
	const char *rc = "nameserver 10.0.0.53\n";
	assert_int_equal(node_file_write(f->c, "/etc/resolv.conf", rc, strlen(rc), false), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	world_free(f->w);
	free(f);
	return 0;
}

static void on_done(void *ctx, const struct res_result *r)
{
	struct fx *f = ctx;
	f->done = true;
	f->r = *r;
}

static void lookup(struct fx *f, const char *name, enum res_api api)
{
	f->done = false;
	res_lookup(f->c, name, api, on_done, f);
	world_run(f->w, f->w->now_ns + 120 * NS_PER_S, 0);
	assert_true(f->done);
}

static void test_tc_falls_back_to_tcp(void **state)
{
	struct fx *f = *state;
	lookup(f, "www.example.com.", RES_GETENT_AHOSTS);
	assert_int_equal(f->r.status, RES_OK);
	assert_int_equal(f->c->tcp.active_opens, 0);
	lookup(f, "big.example.com.", RES_GETENT_AHOSTS);
	assert_int_equal(f->r.status, RES_OK);
	assert_int_equal(f->c->tcp.active_opens, 1);
	/* all 40 came over TCP (29 fit in the UDP answer) */
	assert_int_equal(f->r.n_addrs, 40);
	assert_string_equal(f->r.canon, "big.example.com");
	/* A and AAAA: both asked again over one connection */
	lookup(f, "big.example.com.", RES_GETADDRINFO);
	assert_int_equal(f->r.status, RES_OK);
	assert_int_equal(f->c->tcp.active_opens, 2);
}

static void test_refused_then_tcp(void **state)
{
	struct fx *f = *state;
	/* the first nameserver has no server (port unreachable), the next
	 * one truncates: TCP to that one */
	const char *rc = "nameserver 10.0.0.54\nnameserver 10.0.0.53\n";
	assert_int_equal(node_file_write(f->c, "/etc/resolv.conf", rc, strlen(rc), false), 0);
	fx_addr(f->s, "eth0", "10.0.0.54/24");
	lookup(f, "big.example.com.", RES_GETENT_AHOSTS);
	assert_int_equal(f->r.status, RES_OK);
}

static void test_cancel_during_tcp(void **state)
{
	struct fx *f = *state;
	f->done = false;
	struct res_lookup *l = res_lookup(f->c, "big.example.com.", RES_GETADDRINFO, on_done, f);
	/* run until the TCP connection exists, then cancel */
	for (int i = 0; i < 10000 && f->c->tcp.active_opens == 0; i++)
		world_step(f->w);
	assert_int_equal(f->c->tcp.active_opens, 1);
	res_cancel(l);
	world_run(f->w, f->w->now_ns + 120 * NS_PER_S, 0);
	assert_false(f->done);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tc_falls_back_to_tcp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_then_tcp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_during_tcp, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
