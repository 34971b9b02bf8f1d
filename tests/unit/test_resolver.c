/* test_resolver.c — the resolver's walk, query types, timing and results,
 * against a tiny DNS responder on another node (what the queries are,
 * in which order, from which ports, when).  The orders asserted here were
 * captured from glibc 2.36 (Debian 12) with dnsmasq and tcpdump. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/trace.h"
#include "dev/node_files.h"
#include "net/udp.h"
#include "proc/ping.h"
#include "proc/resolver.h"
#include "wire/dns.h"
#include "engine_fixture.h"
#include "cmd_fixture.h"

enum mode { M_ANSWER, M_DROP, M_REFUSED, M_SERVFAIL, M_REFUSE_PTR, M_DROP_AAAA, M_LAME, M_ECHO,
	    M_GARBAGE, M_TC, M_SERVFAIL_A_EXAMPLE };

struct seen {
	char name[256];
	uint16_t type, id, sport, arcount, opt_size;
	uint32_t dst;
	int64_t at_ns;
};

struct fx {
	struct world *w;
	struct node *c, *s;
	enum mode mode;
	struct seen q[64];
	int nq;
	bool done;
	int64_t done_ns;
	struct res_result r;
	struct dns_msg *m;
};

static void respond(void *ctx, struct udp_sock *sk, uint32_t src, uint16_t sport, const uint8_t *data,
		    uint32_t len)
{
	struct fx *f = ctx;
	if (dns_parse(data, len, f->m, NULL) < 0 || f->m->qdcount != 1)
		return;
	if (f->nq < 64) {
		struct seen *s = &f->q[f->nq++];
		snprintf(s->name, sizeof s->name, "%.200s", f->m->qd[0].name);
		s->type = f->m->qd[0].type;
		s->id = f->m->id;
		s->sport = sport;
		s->dst = sk->addr;
		s->at_ns = f->w->now_ns;
		s->arcount = f->m->arcount;
		s->opt_size = f->m->arcount ? f->m->rr[0].klass : 0;
	}
	if (f->mode == M_DROP || (f->mode == M_DROP_AAAA && f->m->qd[0].type == DNS_T_AAAA))
		return;
	if (f->mode == M_ECHO) {
		/* a UDP echo server where the nameserver should be */
		udp_sendto(sk, src, sport, data, len);
		return;
	}
	if (f->mode == M_GARBAGE) {
		/* junk first: random bytes, the id right but cut short, a
		 * pointer loop; then the real answer */
		uint8_t junk[64];
		for (size_t i = 0; i < sizeof junk; i++)
			junk[i] = (uint8_t)rng_below(&f->w->rng, 256);
		udp_sendto(sk, src, sport, junk, sizeof junk);
		udp_sendto(sk, src, sport, data, 7);
		uint8_t loop[] = { data[0], data[1], 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
				   0xc0, 12, 0, 1, 0, 1 };
		udp_sendto(sk, src, sport, loop, sizeof loop);
	}
	struct dns_msg *m = f->m;
	m->flags |= DNS_F_QR | (f->mode == M_LAME ? 0 : DNS_F_AA);
	m->ancount = 0;
	m->arcount = 0;
	if (f->mode == M_TC)
		m->flags |= DNS_F_TC;
	if (f->mode == M_SERVFAIL_A_EXAMPLE && dns_name_under(m->qd[0].name, "a.example.")) {
		m->flags |= DNS_R_SERVFAIL;
	} else if (f->mode == M_REFUSED || (f->mode == M_REFUSE_PTR && m->qd[0].type == DNS_T_PTR)) {
		m->flags |= DNS_R_REFUSED;
	} else if (f->mode == M_SERVFAIL) {
		m->flags |= DNS_R_SERVFAIL;
	} else if (dns_name_eq(m->qd[0].name, "www.example.com.") ||
		   dns_name_eq(m->qd[0].name, "db.b.example.")) {
		if (m->qd[0].type == DNS_T_A) {
			struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, m->qd[0].name, DNS_T_A, 60);
			rr->d.a = fx_ip("10.0.0.80");
			m->ancount = 1;
		}
	} else if (dns_name_eq(m->qd[0].name, "txt.example.com.")) {
		/* the name exists, with neither A nor AAAA: NODATA */
	} else if (dns_name_eq(m->qd[0].name, "v6only.example.com.")) {
		if (m->qd[0].type == DNS_T_AAAA) {
			struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, m->qd[0].name, DNS_T_AAAA, 60);
			static const uint8_t fd00_1[16] = { 0xfd, [15] = 1 };
			memcpy(rr->d.aaaa, fd00_1, 16);
			m->ancount = 1;
		}
	} else if (dns_name_eq(m->qd[0].name, "80.0.0.10.in-addr.arpa.") && m->qd[0].type == DNS_T_PTR) {
		struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, m->qd[0].name, DNS_T_PTR, 60);
		snprintf(rr->d.target, sizeof rr->d.target, "www.example.com.");
		m->ancount = 1;
	} else if (dns_name_eq(m->qd[0].name, "alias.example.com.")) {
		/* a CNAME, and the target's A (its AAAA: none, the CNAME alone) */
		struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, m->qd[0].name, DNS_T_CNAME, 60);
		snprintf(rr->d.target, sizeof rr->d.target, "www.example.com.");
		m->ancount = 1;
		if (m->qd[0].type == DNS_T_A) {
			rr = dns_msg_add_rr(m, DNS_SEC_AN, "www.example.com.", DNS_T_A, 60);
			rr->d.a = fx_ip("10.0.0.80");
			m->ancount = 2;
		}
	} else {
		m->flags |= DNS_R_NXDOMAIN;
	}
	uint8_t buf[512];
	int n = dns_emit(m, buf, sizeof buf);
	assert_true(n > 0);
	udp_sendto(sk, src, sport, buf, (uint32_t)n);
}

static void put(struct node *n, const char *path, const char *text)
{
	assert_int_equal(node_file_write(n, path, text, strlen(text), false), 0);
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->c = fx_host(f->w, "c", NODE_HOST);
	f->s = fx_host(f->w, "s", NODE_HOST);
	fx_link(f->w, f->c, f->s, NULL);
	fx_addr(f->c, "eth0", "10.0.0.1/24");
	fx_addr(f->s, "eth0", "10.0.0.53/24");
	fx_addr(f->s, "eth0", "10.0.0.54/24");
	f->m = dns_msg_new();
	assert_non_null(udp_bind(f->s, fx_ip("10.0.0.53"), 53, respond, NULL, f));
	assert_non_null(udp_bind(f->s, fx_ip("10.0.0.54"), 53, respond, NULL, f));
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch a.example example.com\n");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	dns_msg_free(f->m);
	world_free(f->w);
	free(f);
	return 0;
}

static void on_done(void *ctx, const struct res_result *r)
{
	struct fx *f = ctx;
	f->done = true;
	f->done_ns = f->w->now_ns;
	f->r = *r;
}

static void lookup(struct fx *f, const char *name, enum res_api api)
{
	f->done = false;
	f->nq = 0;
	res_lookup(f->c, name, api, on_done, f);
	world_run(f->w, f->w->now_ns + 600 * NS_PER_S, 0);
	assert_true(f->done);
}

/* "A www.a.example." style list of what the server saw. */
static void expect_queries(struct fx *f, const char *const *want, int n)
{
	char got[2048] = "", exp[2048] = "";
	for (int i = 0; i < f->nq; i++) {
		char tb[16];
		size_t k = strlen(got);
		snprintf(got + k, sizeof got - k, "%s %s\n", dns_type_name(f->q[i].type, tb), f->q[i].name);
	}
	for (int i = 0; i < n; i++) {
		size_t k = strlen(exp);
		snprintf(exp + k, sizeof exp - k, "%s\n", want[i]);
	}
	assert_string_equal(got, exp);
}

#define EXPECT(f, ...) do { \
	static const char *const w_[] = { __VA_ARGS__ }; \
	expect_queries(f, w_, (int)(sizeof w_ / sizeof w_[0])); \
} while (0)

static void test_search_second_domain(void **state)
{
	struct fx *f = *state;
	lookup(f, "www", RES_GETENT_AHOSTS);
	EXPECT(f, "A www.a.example.", "A www.example.com.");
	assert_int_equal(f->r.status, RES_OK);
	assert_string_equal(f->r.canon, "www.example.com");
	assert_int_equal(f->r.n_addrs, 1);
	assert_int_equal(f->r.addrs[0], fx_ip("10.0.0.80"));
	/* a fresh socket (port) per candidate, ids from the seeded rng */
	assert_int_not_equal(f->q[0].sport, f->q[1].sport);
	assert_true(f->q[0].sport >= 32768 && f->q[0].sport <= 60999);
}

static void test_getent_hosts_aaaa_walk_then_a(void **state)
{
	struct fx *f = *state;
	lookup(f, "www", RES_GETENT_HOSTS);
	EXPECT(f, "AAAA www.a.example.", "AAAA www.example.com.", "AAAA www.",
	       "A www.a.example.", "A www.example.com.");
	assert_int_equal(f->r.status, RES_OK);
	assert_int_equal(f->r.n_addrs6, 0);
	assert_int_equal(f->r.n_addrs, 1);
}

static void test_nxdomain_walk(void **state)
{
	struct fx *f = *state;
	lookup(f, "nope", RES_GETENT_HOSTS);
	EXPECT(f, "AAAA nope.a.example.", "AAAA nope.example.com.", "AAAA nope.",
	       "A nope.a.example.", "A nope.example.com.", "A nope.");
	assert_int_equal(f->r.status, RES_NONAME);
	assert_string_equal(res_status_text(f->r.status), "Name or service not known");
}

static void test_getaddrinfo_parallel_one_socket(void **state)
{
	struct fx *f = *state;
	lookup(f, "nope", RES_GETADDRINFO);
	EXPECT(f, "A nope.a.example.", "AAAA nope.a.example.", "A nope.example.com.",
	       "AAAA nope.example.com.", "A nope.", "AAAA nope.");
	/* A and AAAA of one candidate from the same socket, distinct ids */
	assert_int_equal(f->q[0].sport, f->q[1].sport);
	assert_int_not_equal(f->q[0].id, f->q[1].id);
	assert_int_not_equal(f->q[1].sport, f->q[2].sport);
	assert_int_equal(f->r.status, RES_NONAME);
}

static void test_ndots(void **state)
{
	struct fx *f = *state;
	/* 1 dot >= ndots:1: as it is first */
	lookup(f, "db.b", RES_GETENT_AHOSTS);
	EXPECT(f, "A db.b.", "A db.b.a.example.", "A db.b.example.com.");
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch a.example example.com\n"
	    "options ndots:2\n");
	lookup(f, "db.b", RES_GETENT_AHOSTS);
	EXPECT(f, "A db.b.a.example.", "A db.b.example.com.", "A db.b.");
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch b.example\noptions ndots:5\n");
	lookup(f, "db", RES_GETENT_AHOSTS);
	EXPECT(f, "A db.b.example.");
	assert_int_equal(f->r.status, RES_OK);
	assert_string_equal(f->r.canon, "db.b.example");
}

static void test_nodata_and_addrfamily(void **state)
{
	struct fx *f = *state;
	/* Captured (dnsmasq): ping -4 asks A and AAAA all the same */
	lookup(f, "txt.example.com", RES_GETADDRINFO_V4);
	EXPECT(f, "A txt.example.com.", "AAAA txt.example.com.", "A txt.example.com.a.example.",
	       "AAAA txt.example.com.a.example.", "A txt.example.com.example.com.",
	       "AAAA txt.example.com.example.com.");
	/* NODATA, then NXDOMAIN under the search list: the NODATA stays */
	assert_int_equal(f->r.status, RES_NODATA);
	assert_string_equal(res_status_text(f->r.status), "No address associated with hostname");
	lookup(f, "v6only.example.com.", RES_GETADDRINFO_V4);
	assert_int_equal(f->r.status, RES_ADDRFAMILY);
	assert_string_equal(res_status_text(f->r.status), "Address family for hostname not supported");
	lookup(f, "v6only.example.com.", RES_GETADDRINFO);
	assert_int_equal(f->r.status, RES_OK);
	assert_int_equal(f->r.n_addrs, 0);
	assert_int_equal(f->r.n_addrs6, 1);
	/* getent hosts: AAAA found first, an IPv6 answer */
	lookup(f, "v6only.example.com.", RES_GETENT_HOSTS);
	EXPECT(f, "AAAA v6only.example.com.");
	assert_int_equal(f->r.n_addrs6, 1);
	char a6[46];
	res_addr6_text(f->r.addrs6[0], a6);
	assert_string_equal(a6, "fd00::1");
}

static void test_domain_from_hostname(void **state)
{
	struct fx *f = *state;
	/* res_init: no search or domain line, a hostname with a dot: the
	 * rest of the hostname is the domain (checked: hostname
	 * c.example.com, getent ahosts www asks www.example.com first) */
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\n");
	snprintf(f->c->hostname, sizeof f->c->hostname, "c.example.com");
	lookup(f, "www", RES_GETENT_AHOSTS);
	EXPECT(f, "A www.example.com.");
	assert_int_equal(f->r.status, RES_OK);
	struct res_conf c;
	put(f->c, "/etc/resolv.conf", "");
	res_conf_load(f->c, &c);
	assert_int_equal(c.n_ns, 1);
	assert_int_equal(c.ns[0], 0x7f000001u);
	assert_int_equal(c.n_search, 1);
	assert_string_equal(c.search[0], "example.com.");
	/* a search line wins over the hostname */
	put(f->c, "/etc/resolv.conf", "search a.example\n");
	res_conf_load(f->c, &c);
	assert_string_equal(c.search[0], "a.example.");
}

static void test_trailing_dot(void **state)
{
	struct fx *f = *state;
	lookup(f, "www.", RES_GETENT_AHOSTS);
	EXPECT(f, "A www.");
	assert_int_equal(f->r.status, RES_NONAME);
	lookup(f, "www.example.com.", RES_GETENT_AHOSTS);
	EXPECT(f, "A www.example.com.");
	assert_int_equal(f->r.status, RES_OK);
}

static void test_cname(void **state)
{
	struct fx *f = *state;
	/* getent hosts: the AAAA answer holds only the CNAME: ANCOUNT 1, so
	 * res_search is done (no `alias.` as it is), NO_DATA; then A
	 * (checked against dnsmasq, kernel test dns-cname) */
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch example.com\n");
	lookup(f, "alias", RES_GETENT_HOSTS);
	EXPECT(f, "AAAA alias.example.com.", "A alias.example.com.");
	assert_int_equal(f->r.status, RES_OK);
	assert_string_equal(f->r.canon, "www.example.com");
	assert_int_equal(f->r.n_aliases, 1);
	assert_string_equal(f->r.aliases[0], "alias.example.com");
	lookup(f, "alias.example.com", RES_GETENT_AHOSTS);
	assert_int_equal(f->r.status, RES_OK);
	assert_string_equal(f->r.canon, "www.example.com");
	assert_int_equal(f->r.n_aliases, 1);
	assert_string_equal(f->r.aliases[0], "alias.example.com");
}

static void test_timeouts_two_servers(void **state)
{
	struct fx *f = *state;
	f->mode = M_DROP;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nnameserver 10.0.0.54\n"
	    "search a.example\noptions timeout:1 attempts:2\n");
	int64_t t0 = f->w->now_ns;
	lookup(f, "www", RES_GETENT_AHOSTS);
	/* Captured: each server in turn, 1 s apart, twice; then `www.` */
	EXPECT(f, "A www.a.example.", "A www.a.example.", "A www.a.example.", "A www.a.example.",
	       "A www.", "A www.", "A www.", "A www.");
	static const char *const dst[] = { "10.0.0.53", "10.0.0.54" };
	for (int i = 0; i < 8; i++) {
		assert_int_equal(f->q[i].dst, fx_ip(dst[i % 2]));
		/* the ARP exchange delays the first query a little */
		assert_true(f->q[i].at_ns - t0 >= (int64_t)i * NS_PER_S);
		assert_true(f->q[i].at_ns - t0 < (int64_t)i * NS_PER_S + NS_PER_S / 100);
	}
	/* the same socket per server for one candidate, the same id */
	assert_int_equal(f->q[0].sport, f->q[2].sport);
	assert_int_equal(f->q[0].id, f->q[3].id);
	assert_int_not_equal(f->q[0].sport, f->q[4].sport);
	assert_int_equal(f->r.status, RES_AGAIN);
	assert_string_equal(res_status_text(f->r.status), "Temporary failure in name resolution");
}

static void test_default_timeout_5s(void **state)
{
	struct fx *f = *state;
	f->mode = M_DROP;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\n");
	int64_t t0 = f->w->now_ns;
	lookup(f, "www.example.com", RES_GETENT_AHOSTS);
	EXPECT(f, "A www.example.com.", "A www.example.com.");
	/* 5 s between the sends (the first waited for ARP on the way) */
	assert_int_equal((f->q[1].at_ns - f->q[0].at_ns + NS_PER_S / 100) / NS_PER_S, 5);
	/* and 5 s after the last one, the answer: EAI_AGAIN at 10 s */
	assert_int_equal((f->done_ns - t0) / NS_PER_S, 10);
	assert_int_equal(f->r.status, RES_AGAIN);
}

static void test_three_servers_timeouts(void **state)
{
	struct fx *f = *state;
	f->mode = M_DROP;
	/* send_dg: retrans << ns / nscount: 5 s, 10/3 = 3 s, 20/3 = 6 s */
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nnameserver 10.0.0.54\n"
	    "nameserver 10.0.0.55\noptions attempts:1\n");
	fx_addr(f->s, "eth0", "10.0.0.55/24");
	assert_non_null(udp_bind(f->s, fx_ip("10.0.0.55"), 53, respond, NULL, f));
	int64_t t0 = f->w->now_ns;
	lookup(f, "www.example.com.", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 3);
	assert_int_equal((f->q[1].at_ns - f->q[0].at_ns) / NS_PER_S, 5);
	assert_int_equal((f->q[2].at_ns - f->q[1].at_ns) / NS_PER_S, 3);
	assert_int_equal((f->done_ns - t0) / NS_PER_S, 14);
}

static void test_refused_ends_search(void **state)
{
	struct fx *f = *state;
	f->mode = M_REFUSED;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch a.example example.com\n");
	lookup(f, "www", RES_GETENT_AHOSTS);
	/* Captured: REFUSED twice (attempts), a fresh port each; the search
	 * list ends; `www.` as it is still goes */
	EXPECT(f, "A www.a.example.", "A www.a.example.", "A www.", "A www.");
	assert_int_not_equal(f->q[0].sport, f->q[1].sport);
	assert_int_equal(f->r.status, RES_AGAIN);
}

static void test_servfail_next_domain(void **state)
{
	struct fx *f = *state;
	f->mode = M_SERVFAIL;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch a.example\noptions attempts:1\n");
	lookup(f, "www", RES_GETENT_AHOSTS);
	EXPECT(f, "A www.a.example.", "A www.");
	assert_int_equal(f->r.status, RES_AGAIN);
}

static void test_servfail_then_nxdomain(void **state)
{
	struct fx *f = *state;
	/* Captured (a server that says SERVFAIL for a.example): both
	 * attempts on one socket, then `zz.` NXDOMAIN; the SERVFAIL wins:
	 * "Temporary failure in name resolution" */
	f->mode = M_SERVFAIL_A_EXAMPLE;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch a.example\n");
	lookup(f, "zz", RES_GETADDRINFO);
	EXPECT(f, "A zz.a.example.", "AAAA zz.a.example.", "A zz.a.example.", "AAAA zz.a.example.",
	       "A zz.", "AAAA zz.");
	assert_int_equal(f->q[0].sport, f->q[2].sport);
	assert_int_equal(f->r.status, RES_AGAIN);
	/* a single query gets a fresh socket after SERVFAIL, and the next
	 * search domain answers */
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch a.example example.com\n");
	lookup(f, "www", RES_GETENT_AHOSTS);
	EXPECT(f, "A www.a.example.", "A www.a.example.", "A www.example.com.");
	assert_int_not_equal(f->q[0].sport, f->q[1].sport);
	assert_int_equal(f->r.status, RES_OK);
}

static void test_port_unreachable(void **state)
{
	struct fx *f = *state;
	/* nothing listens on .56: ICMP port unreachable, next attempt */
	fx_addr(f->s, "eth0", "10.0.0.56/24");
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.56\nsearch a.example\n");
	int64_t t0 = f->w->now_ns;
	lookup(f, "www", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 0);
	assert_int_equal(f->r.status, RES_AGAIN);
	assert_true(f->done_ns - t0 < NS_PER_S);
}

static void test_hosts_only(void **state)
{
	struct fx *f = *state;
	put(f->c, "/etc/hosts", "127.0.0.1 localhost\n10.0.0.90 db.internal db dbalias # x\n"
	    "10.0.0.91 db.internal other\n");
	lookup(f, "DBALIAS", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 0);
	assert_int_equal(f->r.status, RES_OK);
	assert_true(f->r.from_hosts);
	assert_string_equal(f->r.canon, "db.internal");
	lookup(f, "db.internal", RES_GETADDRINFO);
	assert_int_equal(f->nq, 0);
	assert_int_equal(f->r.n_addrs, 2);
	/* getent hosts asks AF_INET6 first: files has none, so DNS is asked
	 * for AAAA before AF_INET finds the line (captured) */
	lookup(f, "db", RES_GETENT_HOSTS);
	EXPECT(f, "AAAA db.a.example.", "AAAA db.example.com.", "AAAA db.");
	assert_int_equal(f->r.status, RES_OK);
	assert_int_equal(f->r.n_addrs, 1);
	assert_int_equal(f->r.n_aliases, 2);
}

static void test_nsswitch_variants(void **state)
{
	struct fx *f = *state;
	put(f->c, "/etc/hosts", "10.0.0.90 onlyhosts\n");
	put(f->c, "/etc/nsswitch.conf", "hosts: dns [NOTFOUND=return] files\n");
	lookup(f, "onlyhosts", RES_GETENT_AHOSTS);
	EXPECT(f, "A onlyhosts.a.example.", "A onlyhosts.example.com.", "A onlyhosts.");
	assert_int_equal(f->r.status, RES_NONAME);
	put(f->c, "/etc/nsswitch.conf", "hosts: dns files\n");
	lookup(f, "onlyhosts", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 3);
	assert_int_equal(f->r.status, RES_OK);
	/* modules wirelab does not have are UNAVAIL: skipped */
	put(f->c, "/etc/nsswitch.conf", "hosts: mymachines resolve [!UNAVAIL=return] files myhostname dns\n");
	lookup(f, "onlyhosts", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 0);
	assert_int_equal(f->r.status, RES_OK);
	put(f->c, "/etc/nsswitch.conf", "hosts: files\n");
	lookup(f, "www", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 0);
	assert_int_equal(f->r.status, RES_NONAME);
}

static void test_bad_names(void **state)
{
	struct fx *f = *state;
	/* Checked on Debian 12: nothing is sent for these, and getaddrinfo
	 * says "Name or service not known" */
	static const char *const bad[] = { "", "a..b", "a b", "a$b", "-x", ".a" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		lookup(f, bad[i], RES_GETADDRINFO);
		assert_int_equal(f->nq, 0);
		assert_int_equal(f->r.status, RES_NONAME);
	}
	/* ...and these are asked */
	lookup(f, "x-.", RES_GETADDRINFO);
	EXPECT(f, "A x-.", "AAAA x-.");
	lookup(f, "a_b.", RES_GETADDRINFO);
	EXPECT(f, "A a_b.", "AAAA a_b.");
	/* a name longer than DNS allows: nothing sent either */
	char longname[400];
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	for (size_t i = 60; i < sizeof longname - 1; i += 61)
		longname[i] = '.';
	lookup(f, longname, RES_GETADDRINFO);
	assert_int_equal(f->nq, 0);
	assert_int_not_equal(f->r.status, RES_OK);
}

static void test_numeric(void **state)
{
	struct fx *f = *state;
	lookup(f, "10.0.0.7", RES_GETADDRINFO);
	assert_int_equal(f->nq, 0);
	assert_int_equal(f->r.addrs[0], fx_ip("10.0.0.7"));
	assert_string_equal(f->r.canon, "10.0.0.7");
}

static void test_edns0_and_single_request(void **state)
{
	struct fx *f = *state;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\noptions edns0 single-request\n");
	lookup(f, "www.example.com", RES_GETADDRINFO);
	EXPECT(f, "A www.example.com.", "AAAA www.example.com.");
	/* edns0: an OPT record offering 1200 bytes (captured: UDPsize=1200) */
	assert_int_equal(f->q[0].arcount, 1);
	assert_int_equal(f->q[0].opt_size, 1200);
	/* single-request: AAAA only after A's answer came back (a round
	 * trip later), on the same socket */
	int64_t single_gap = f->q[1].at_ns - f->q[0].at_ns;
	assert_int_equal(f->q[0].sport, f->q[1].sport);
	assert_int_equal(f->r.status, RES_OK);
	/* without edns0, no OPT (glibc 2.36's default); both queries back to
	 * back, only the wire between them */
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\n");
	lookup(f, "www.example.com", RES_GETADDRINFO);
	assert_int_equal(f->q[0].arcount, 0);
	int64_t parallel_gap = f->q[1].at_ns - f->q[0].at_ns;
	assert_true(single_gap > 2 * parallel_gap);
}

static void test_rotate(void **state)
{
	struct fx *f = *state;
	f->mode = M_DROP;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nnameserver 10.0.0.54\n"
	    "options rotate attempts:1 timeout:1\n");
	int first54 = 0;
	for (int i = 0; i < 8; i++) {
		lookup(f, "www.example.com.", RES_GETENT_AHOSTS);
		assert_int_equal(f->nq, 2);
		/* every server once, from a random first one */
		assert_int_not_equal(f->q[0].dst, f->q[1].dst);
		first54 += f->q[0].dst == fx_ip("10.0.0.54");
	}
	assert_true(first54 > 0 && first54 < 8);
}

static void test_reverse(void **state)
{
	struct fx *f = *state;
	put(f->c, "/etc/hosts", "10.0.0.90 db.internal db\n");
	f->done = false;
	f->nq = 0;
	/* in /etc/hosts: no query */
	res_lookup_addr(f->c, fx_ip("10.0.0.90"), on_done, f);
	world_run(f->w, f->w->now_ns + 60 * NS_PER_S, 0);
	assert_true(f->done);
	assert_int_equal(f->nq, 0);
	assert_string_equal(f->r.canon, "db.internal");
	/* else a PTR query, as it is (no search list) */
	f->done = false;
	res_lookup_addr(f->c, fx_ip("10.0.0.80"), on_done, f);
	world_run(f->w, f->w->now_ns + 60 * NS_PER_S, 0);
	EXPECT(f, "PTR 80.0.0.10.in-addr.arpa.");
	assert_int_equal(f->r.status, RES_OK);
	assert_string_equal(f->r.canon, "www.example.com");
	f->done = false;
	f->nq = 0;
	res_lookup_addr(f->c, fx_ip("10.0.0.81"), on_done, f);
	world_run(f->w, f->w->now_ns + 60 * NS_PER_S, 0);
	EXPECT(f, "PTR 81.0.0.10.in-addr.arpa.");
	assert_int_equal(f->r.status, RES_NONAME);
	f->mode = M_REFUSED;
	f->done = false;
	f->nq = 0;
	res_lookup_addr(f->c, fx_ip("10.0.0.81"), on_done, f);
	world_run(f->w, f->w->now_ns + 60 * NS_PER_S, 0);
	EXPECT(f, "PTR 81.0.0.10.in-addr.arpa.", "PTR 81.0.0.10.in-addr.arpa.");
	assert_int_equal(f->r.status, RES_AGAIN);
}

static void test_ping_reply_names(void **state)
{
	struct fx *f = *state;
	char *out = NULL, *err = NULL;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nsearch example.com\n");
	fx_addr(f->s, "eth0", "10.0.0.80/24");
	/* a PTR per reply line, each printed as "NAME (ADDR)" */
	assert_int_equal(cmd_fx_run(f->w, f->c, "ping -c2 -i 0.5 www", &out, &err), 0);
	assert_non_null(strstr(out, "PING www.example.com (10.0.0.80) 56(84) bytes of data.\n"
				    "64 bytes from www.example.com (10.0.0.80): icmp_seq=1 ttl=64"));
	assert_non_null(strstr(out, "64 bytes from www.example.com (10.0.0.80): icmp_seq=2 ttl=64"));
	assert_non_null(strstr(out, "\n\n--- www.example.com ping statistics ---\n"));
	int ptrs = 0;
	for (int i = 0; i < f->nq; i++)
		ptrs += f->q[i].type == DNS_T_PTR;
	assert_int_equal(ptrs, 2);
	/* -n: no PTR */
	f->nq = 0;
	assert_int_equal(cmd_fx_run(f->w, f->c, "ping -n -c1 www", &out, &err), 0);
	assert_non_null(strstr(out, "64 bytes from 10.0.0.80: icmp_seq=1"));
	assert_int_equal(f->nq, 2);
	/* PTR refused: getnameinfo fails (EAI_AGAIN), the bare address */
	f->mode = M_REFUSE_PTR;
	assert_int_equal(cmd_fx_run(f->w, f->c, "ping -c1 www.example.com", &out, &err), 0);
	if (!strstr(out, "64 bytes from 10.0.0.80: icmp_seq=1"))
		fail_msg("%s", out);
	free(out);
	free(err);
}

static void test_single_request_fallback(void **state)
{
	struct fx *f = *state;
	/* A server that never answers AAAA (a broken middlebox; checked on
	 * Debian 12 against such a server: the same 6 queries, 15 s): send_dg
	 * waits 5 s with one answer in, asks again one query at a time,
	 * then once more with a fresh socket per query, then takes the
	 * A answer it has. */
	f->mode = M_DROP_AAAA;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\n");
	int64_t t0 = f->w->now_ns;
	lookup(f, "www.example.com", RES_GETADDRINFO);
	EXPECT(f, "A www.example.com.", "AAAA www.example.com.",
	       "A www.example.com.", "AAAA www.example.com.",
	       "A www.example.com.", "AAAA www.example.com.");
	assert_int_equal(f->r.status, RES_OK);
	assert_int_equal(f->r.addrs[0], fx_ip("10.0.0.80"));
	assert_int_equal((f->done_ns - t0 + NS_PER_S / 100) / NS_PER_S, 15);
	/* the same socket for the first two rounds, the same ids */
	assert_int_equal(f->q[0].sport, f->q[2].sport);
	assert_int_equal(f->q[1].sport, f->q[3].sport);
	assert_int_equal(f->q[1].id, f->q[5].id);
	/* single-request: the second query only after the first's answer */
	assert_true(f->q[3].at_ns > f->q[2].at_ns);
	/* reopen: a fresh socket for each of the last two */
	assert_int_not_equal(f->q[4].sport, f->q[2].sport);
	assert_int_not_equal(f->q[5].sport, f->q[4].sport);
}

static void test_lame_nodata(void **state)
{
	struct fx *f = *state;
	/* NOERROR, no answer, neither aa nor ra: send_dg's lame server,
	 * the next nameserver is asked */
	f->mode = M_LAME;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nnameserver 10.0.0.54\noptions attempts:1\n");
	lookup(f, "txt.example.com.", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 2);
	assert_int_equal(f->q[0].dst, fx_ip("10.0.0.53"));
	assert_int_equal(f->q[1].dst, fx_ip("10.0.0.54"));
	assert_int_equal(f->r.status, RES_AGAIN);
}

static void test_untrusted_answers(void **state)
{
	struct fx *f = *state;
	put(f->c, "/etc/resolv.conf", "nameserver 10.0.0.53\nnameserver 10.0.0.54\noptions attempts:1\n");
	/* junk is ignored, the real answer counts */
	f->mode = M_GARBAGE;
	lookup(f, "www.example.com.", RES_GETADDRINFO);
	assert_int_equal(f->r.status, RES_OK);
	assert_int_equal(f->r.addrs[0], fx_ip("10.0.0.80"));
	/* an echo server: the echo matches (send_dg checks no QR bit) and
	 * is an empty lame answer: next server at once, no timeout (checked
	 * on Debian 12 with a UDP echo server on port 53) */
	f->mode = M_ECHO;
	lookup(f, "www.example.com.", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 2);
	assert_int_equal(f->q[1].dst, fx_ip("10.0.0.54"));
	assert_true(f->done_ns - f->q[0].at_ns < NS_PER_S);
	assert_int_equal(f->r.status, RES_AGAIN);
	/* TC, but nothing listens on TCP: the connection is refused (RST),
	 * the next server is tried */
	f->mode = M_TC;
	lookup(f, "www.example.com.", RES_GETENT_AHOSTS);
	assert_int_equal(f->nq, 2);
	assert_int_equal(f->r.status, RES_AGAIN);
}

struct trace_log {
	char text[8192];
};

static void keep_decision(void *ctx, const struct trace_rec *r)
{
	struct trace_log *t = ctx;
	if (!r->what || strcmp(r->what, "resolver") != 0 || !r->text)
		return;
	size_t k = strlen(t->text);
	snprintf(t->text + k, sizeof t->text - k, "%s\n", r->text);
}

static void test_trace_tells_the_walk(void **state)
{
	struct fx *f = *state;
	struct trace_log t = { "" };
	int h = trace_subscribe(f->w, TR_MASK(TR_DECISION), keep_decision, &t);
	assert_true(h >= 0);
	lookup(f, "www", RES_GETENT_AHOSTS);
	trace_unsubscribe(f->w, h);
	/* what a learner reads, step by step */
	static const char *const steps[] = {
		"looking up www with getaddrinfo(AF_UNSPEC, AI_ADDRCONFIG), no IPv6 address here: "
		"A only; hosts: files dns",
		"files: NOTFOUND: next source",
		"dns: 0 dots < ndots:1: the 2 search domains first, www as it is last "
		"(nameservers 10.0.0.53)",
		"query A? www.a.example. id ",
		"answer to A? www.a.example.: NXDOMAIN, 0 answers",
		"www.a.example.: NXDOMAIN: next search domain",
		"query A? www.example.com. id ",
		"answer to A? www.example.com.: NOERROR, 1 answer",
		"dns: SUCCESS: www.example.com",
	};
	const char *p = t.text;
	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		const char *hit = strstr(p, steps[i]);
		if (!hit)
			fail_msg("no \"%s\" after:\n%s\nin:\n%s", steps[i], p, t.text);
		p = hit + strlen(steps[i]);
	}
}

static void test_cancel_mid_lookup(void **state)
{
	struct fx *f = *state;
	f->mode = M_DROP;
	f->done = false;
	struct res_lookup *l = res_lookup(f->c, "www", RES_GETADDRINFO, on_done, f);
	world_run(f->w, f->w->now_ns + 2 * NS_PER_S, 0);
	assert_true(f->nq > 0);
	res_cancel(l);
	world_run(f->w, f->w->now_ns + 60 * NS_PER_S, 0);
	assert_false(f->done);
}

static void test_node_deleted_mid_getent(void **state)
{
	struct fx *f = *state;
	f->mode = M_DROP;
	struct ping_opts o;
	ping_opts_default(&o);
	o.count = 1;
	ping_start_name(f->c, &o, "www", false, false, -1);
	world_run(f->w, f->w->now_ns + 2 * NS_PER_S, 0);
	assert_true(f->nq > 0);
	/* node_free() kills the process, which cancels the lookup: its
	 * timer and sockets go before the node does */
	node_free(f->c);
	f->c = NULL;
	world_run(f->w, f->w->now_ns + 60 * NS_PER_S, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_search_second_domain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_getent_hosts_aaaa_walk_then_a, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nxdomain_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_getaddrinfo_parallel_one_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ndots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nodata_and_addrfamily, setup, teardown),
		cmocka_unit_test_setup_teardown(test_domain_from_hostname, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trailing_dot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cname, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeouts_two_servers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_timeout_5s, setup, teardown),
		cmocka_unit_test_setup_teardown(test_three_servers_timeouts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_ends_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_servfail_next_domain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_servfail_then_nxdomain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_port_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hosts_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nsswitch_variants, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_numeric, setup, teardown),
		cmocka_unit_test_setup_teardown(test_edns0_and_single_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rotate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_reply_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_single_request_fallback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lame_nodata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_untrusted_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_trace_tells_the_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_mid_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_node_deleted_mid_getent, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
