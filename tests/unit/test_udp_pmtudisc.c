/* test_udp_pmtudisc.c — udp_set_pmtudisc() (sim/net/udp.h), Linux's
 * IP_MTU_DISCOVER on a UDP socket, as the DF bit of the datagrams shows:
 * WANT (the default) sets DF on a datagram that fits the path MTU and
 * fragments a larger one without it; DONT and OMIT never set DF (BIND's
 * dig uses OMIT: its queries leave without DF, as a capture of dig 9.18
 * shows, while glibc's resolver and dnsmasq keep the default and send
 * DF); DO sets DF always and refuses a datagram over the path MTU with
 * EMSGSIZE, sending nothing.  Then the DNS clients and server as the real
 * ones send. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/udp.h"
#include "proc/dns_server.h"
#include "cmd_fixture.h"
#include "engine_fixture.h"

struct fx {
	struct world *w;
	struct node *a, *b;
	struct udp_sock *s;
	struct fx_trace tr;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(3);
	f->a = fx_host(f->w, "a", NODE_HOST);
	f->b = fx_host(f->w, "b", NODE_HOST);
	fx_link(f->w, f->a, f->b, NULL);
	fx_addr(f->a, "eth0", "10.0.0.1/24");
	fx_addr(f->b, "eth0", "10.0.0.2/24");
	f->s = udp_bind(f->a, 0, 0, NULL, NULL, NULL);
	assert_non_null(f->s);
	/* Resolve b's MAC first: the datagrams' frames follow at once. */
	assert_int_equal(udp_sendto(f->s, fx_ip("10.0.0.2"), 9, "x", 1), 0);
	world_run(f->w, -1, 0);
	fx_trace_start(&f->tr, f->w, TR_MASK(TR_TX));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	fx_trace_stop(&f->tr);
	udp_close(f->s);
	world_free(f->w);
	free(f);
	return 0;
}

/* Send len bytes to b:9; the IP flags+offset field of each IPv4 frame a
 * sent, in order, into flags (at most 4); returns how many. */
static size_t send_flags(struct fx *f, uint32_t len, uint16_t *flags, int *rc)
{
	static uint8_t buf[4000];
	fx_trace_clear(&f->tr);
	*rc = udp_sendto(f->s, fx_ip("10.0.0.2"), 9, buf, len);
	world_run(f->w, -1, 0);
	size_t n = 0;
	for (size_t i = 0; i < f->tr.n && n < 4; i++) {
		const struct fx_rec *r = &f->tr.v[i];
		if (!fx_rec_match(r, TR_TX, "a", "eth0") || r->len < 34 || r->bytes[12] != 0x08 ||
		    r->bytes[13] != 0x00)
			continue;
		flags[n++] = (uint16_t)(r->bytes[20] << 8 | r->bytes[21]);
	}
	return n;
}

static void test_want_is_the_default(void **state)
{
	struct fx *f = *state;
	uint16_t fl[4];
	int rc;
	assert_int_equal(f->s->pmtudisc, UDP_PMTUDISC_WANT);
	assert_int_equal(send_flags(f, 100, fl, &rc), 1);
	assert_int_equal(rc, 0);
	assert_int_equal(fl[0], IPV4_DF);
	/* 2000 bytes over a 1500-byte link: two fragments, no DF. */
	assert_int_equal(send_flags(f, 2000, fl, &rc), 2);
	assert_int_equal(fl[0], IPV4_MF);
	assert_int_equal(fl[1] & (IPV4_DF | IPV4_MF), 0);
}

static void test_dont_and_omit(void **state)
{
	struct fx *f = *state;
	uint16_t fl[4];
	int rc;
	enum udp_pmtudisc modes[] = { UDP_PMTUDISC_DONT, UDP_PMTUDISC_OMIT };
	for (size_t m = 0; m < 2; m++) {
		udp_set_pmtudisc(f->s, modes[m]);
		assert_int_equal(send_flags(f, 100, fl, &rc), 1);
		assert_int_equal(rc, 0);
		assert_int_equal(fl[0], 0);
		assert_int_equal(send_flags(f, 2000, fl, &rc), 2);
		assert_int_equal(fl[0], IPV4_MF);
	}
}

static void test_do(void **state)
{
	struct fx *f = *state;
	uint16_t fl[4];
	int rc;
	udp_set_pmtudisc(f->s, UDP_PMTUDISC_DO);
	assert_int_equal(send_flags(f, 1472, fl, &rc), 1);     /* 1500 exactly */
	assert_int_equal(rc, 0);
	assert_int_equal(fl[0], IPV4_DF);
	assert_int_equal(send_flags(f, 1473, fl, &rc), 0);
	assert_int_equal(rc, -EMSGSIZE);
	/* To ourselves: lo's MTU (65536) is the limit. */
	assert_int_equal(udp_sendto(f->s, fx_ip("10.0.0.1"), 9, "x", 1), 0);
	world_run(f->w, -1, 0);
}

/* The IP flags of the first DNS datagram node from sent on eth0 (a query,
 * or an answer from port 53); -1 if none. */
static int dns_flags(struct fx *f, const char *from, bool answer)
{
	for (size_t i = 0; i < f->tr.n; i++) {
		const struct fx_rec *r = &f->tr.v[i];
		const uint8_t *b = r->bytes;
		if (fx_rec_match(r, TR_TX, from, "eth0") && r->len >= 42 && b[23] == 17 &&
		    b[answer ? 34 : 36] == 0 && b[answer ? 35 : 37] == 53)
			return b[20] << 8 | b[21];
	}
	return -1;
}

/* The first DNS query a's line sent: its IP flags (-1 if none went out). */
static int query_flags(struct fx *f, const char *line)
{
	char *out = NULL, *err = NULL;
	fx_trace_clear(&f->tr);
	cmd_fx_run(f->w, f->a, line, &out, &err);
	free(out);
	free(err);
	return dns_flags(f, "a", false);
}

/* On Debian 12 (tcpdump -v on the client): dig, nslookup and host send
 * "flags [none]", getent (glibc 2.36) "flags [DF]".  Nobody answers here
 * (port unreachable): only the query matters. */
static void test_dns_clients(void **state)
{
	struct fx *f = *state;
	char *out = NULL, *err = NULL;
	assert_int_equal(cmd_fx_run(f->w, f->a, "echo 'nameserver 10.0.0.2' > /etc/resolv.conf",
				    &out, &err), 0);
	free(out);
	free(err);
	assert_int_equal(query_flags(f, "dig +tries=1 +timeout=1 www.example.com"), 0);
	assert_int_equal(query_flags(f, "nslookup -timeout=1 -retry=0 www.example.com"), 0);
	assert_int_equal(query_flags(f, "host -W 1 -R 0 www.example.com"), 0);
	assert_int_equal(query_flags(f, "getent hosts www.example.com"), IPV4_DF);
	/* dnsmasq 2.90 leaves the default too: its answers (and the queries
	 * it forwards) carry DF, and so do n:dns_server's. */
	struct dns_server_conf *c = dns_conf_new();
	char e[128];
	assert_int_equal(dns_conf_host(c, "www.example.com", fx_ip("10.0.0.80"), e, sizeof e), 0);
	assert_non_null(dns_server_start(f->b, c));
	assert_int_equal(query_flags(f, "dig +short www.example.com"), 0);
	assert_int_equal(dns_flags(f, "b", true), IPV4_DF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_want_is_the_default, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dont_and_omit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_do, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dns_clients, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
