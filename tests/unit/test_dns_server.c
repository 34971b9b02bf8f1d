/* test_dns_server.c — the DNS server process (proc/dns_server.h) driven
 * with real query messages over UDP in a small world:
 *
 *   client c 10.0.0.1 --+
 *   server s 10.0.0.53 -+- switch -- upstream u 10.0.0.8 (another server)
 *
 * (10.0.0.9 and 10.0.0.10 hold nobody: an upstream there never answers.)
 * The expected flags, sections and TTLs are those of the captures in
 * docs/dns-server.md (dnsmasq 2.90 for the forwarder and its cache, BIND's
 * rules for the authoritative answers). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "proc/dns_server.h"
#include "proc/proc.h"
#include "wire/dns.h"

struct fx {
	struct world *w;
	struct node *c, *s, *u;
	struct udp_sock *cs;
	struct fx_trace tr;
	struct proc *srv, *up;
	uint8_t got[4096];
	uint32_t got_len;
	int n_got;
	int64_t got_ns;
	struct dns_msg *m;
	uint16_t next_id;
};

static void on_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
		    const uint8_t *data, uint32_t len)
{
	(void)s, (void)src, (void)sport;
	struct fx *f = ctx;
	f->n_got++;
	f->got_len = len < sizeof f->got ? len : (uint32_t)sizeof f->got;
	memcpy(f->got, data, f->got_len);
	f->got_ns = f->w->now_ns;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->w = world_new(5);
	struct node *sw = fx_switch(f->w, "sw");
	f->c = fx_host(f->w, "c", NODE_HOST);
	f->s = fx_host(f->w, "s", NODE_HOST);
	f->u = fx_host(f->w, "u", NODE_HOST);
	fx_link(f->w, f->c, sw, NULL);
	fx_link(f->w, f->s, sw, NULL);
	fx_link(f->w, f->u, sw, NULL);
	fx_addr(f->c, "eth0", "10.0.0.1/24");
	fx_addr(f->s, "eth0", "10.0.0.53/24");
	fx_addr(f->u, "eth0", "10.0.0.8/24");
	f->cs = udp_bind(f->c, 0, 40000, on_recv, NULL, f);
	assert_non_null(f->cs);
	f->m = dns_msg_new();
	f->next_id = 0x1000;
	fx_trace_start(&f->tr, f->w, TR_MASK(TR_DROP) | TR_MASK(TR_DECISION));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	fx_trace_stop(&f->tr);
	dns_msg_free(f->m);
	world_free(f->w);
	free(f);
	return 0;
}

static void run_for(struct fx *f, int64_t ns)
{
	world_run(f->w, f->w->now_ns + ns, 0);
}

/* The zone most tests use. */
static struct dns_server_conf *example_conf(void)
{
	struct dns_server_conf *c = dns_conf_new();
	char err[256];
	assert_int_equal(dns_conf_zone(c, "example.com", err, sizeof err), 0);
	const char *recs[][3] = {
		{ "www", "A", "10.0.0.80" }, { "@", "A", "10.0.0.1" }, { "web", "CNAME", "www" },
		{ "mail", "A", "10.0.0.25" }, { "@", "MX", "10 mail" },
		{ "@", "TXT", "v=spf1 -all" }, { "alias", "cname", "web" },
		{ "ext", "CNAME", "www.example.net." }, { "dangling", "CNAME", "nothere" },
		{ "*.apps", "A", "10.0.0.90" }, { "a.b.deep", "A", "10.0.0.91" },
	};
	for (size_t i = 0; i < sizeof recs / sizeof recs[0]; i++)
		assert_int_equal(dns_conf_record(c, "example.com", recs[i][0], recs[i][1],
						 recs[i][2], -1, err, sizeof err), 0);
	assert_int_equal(dns_conf_record(c, "example.com", "www", "A", "10.0.0.81", 60, err,
					 sizeof err), 0);
	return c;
}

static void start(struct fx *f, struct dns_server_conf *c)
{
	f->srv = dns_server_start(f->s, c);
	assert_non_null(f->srv);
}

/* Send a query (flags: DNS_F_RD...; edns: the OPT size, 0 for none). */
static void send_query(struct fx *f, const char *name, uint16_t type, uint16_t flags,
		       uint16_t edns)
{
	struct dns_msg *q = dns_msg_new();
	q->id = ++f->next_id;
	q->flags = flags;
	q->qdcount = 1;
	snprintf(q->qd[0].name, sizeof q->qd[0].name, "%s", name);
	q->qd[0].type = type;
	q->qd[0].klass = DNS_C_IN;
	if (edns) {
		struct dns_rr *o = dns_msg_add_rr(q, DNS_SEC_AR, ".", DNS_T_OPT, 0);
		o->klass = edns;
	}
	uint8_t buf[512];
	int len = dns_emit(q, buf, sizeof buf);
	assert_true(len > 0);
	dns_msg_free(q);
	f->n_got = 0;
	assert_int_equal(udp_sendto(f->cs, fx_ip("10.0.0.53"), 53, buf, (uint32_t)len), 0);
}

/* The same, then run for `wait` and parse the last answer into f->m (it
 * must answer this query).  Returns the answers seen. */
static int ask_wait(struct fx *f, const char *name, uint16_t type, uint16_t flags,
		    uint16_t edns, int64_t wait)
{
	send_query(f, name, type, flags, edns);
	run_for(f, wait);
	if (f->n_got)
		assert_int_equal(dns_parse(f->got, f->got_len, f->m, NULL), 0);
	if (f->n_got)
		assert_int_equal(f->m->id, f->next_id);
	return f->n_got;
}

static int ask(struct fx *f, const char *name, uint16_t type, uint16_t flags)
{
	return ask_wait(f, name, type, flags, 0, 100 * NS_PER_MS);
}

static const char *out(const struct fx *f)
{
	return f->srv->out;
}

static char rdtext[1100];
static const char *rd(const struct dns_rr *rr)
{
	dns_rdata_text(rr, rdtext, sizeof rdtext);
	return rdtext;
}

static bool has_decision(const struct fx *f, const char *needle)
{
	for (size_t i = 0; i < f->tr.n; i++)
		if (f->tr.v[i].kind == TR_DECISION && strstr(f->tr.v[i].text, needle))
			return true;
	return false;
}

/* ---- authoritative answers ------------------------------------------------ */

static void test_a_records(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	assert_int_equal(ask(f, "www.example.com.", DNS_T_A, DNS_F_RD), 1);
	struct dns_msg *m = f->m;
	/* dnsmasq/BIND: "flags: qr aa rd" (no ra: no recursion here) */
	assert_int_equal(m->flags, DNS_F_QR | DNS_F_AA | DNS_F_RD);
	assert_int_equal(m->ancount, 2);
	assert_int_equal(m->nscount, 0);
	assert_string_equal(m->rr[0].name, "www.example.com.");
	assert_int_equal(m->rr[0].ttl, 300);
	assert_string_equal(rd(&m->rr[0]), "10.0.0.80");
	assert_int_equal(m->rr[1].ttl, 60);
	assert_string_equal(rd(&m->rr[1]), "10.0.0.81");
	assert_string_equal(out(f), "query[A] www.example.com from 10.0.0.1\n"
				    "config www.example.com is 10.0.0.80\n"
				    "config www.example.com is 10.0.0.81\n");
	assert_true(has_decision(f, "authoritative for example.com.: A www.example.com. -> "
				    "A 10.0.0.80, A 10.0.0.81"));
	/* the apex, case-insensitively, the client's spelling kept */
	assert_int_equal(ask(f, "EXAMPLE.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_AA);
	assert_int_equal(f->m->ancount, 1);
	assert_string_equal(f->m->rr[0].name, "EXAMPLE.com.");
	assert_string_equal(rd(&f->m->rr[0]), "10.0.0.1");
	/* MX and TXT */
	assert_int_equal(ask(f, "example.com.", DNS_T_MX, DNS_F_RD), 1);
	assert_int_equal(f->m->ancount, 1);
	assert_string_equal(rd(&f->m->rr[0]), "10 mail.example.com.");
	assert_int_equal(ask(f, "example.com.", DNS_T_TXT, DNS_F_RD), 1);
	assert_string_equal(rd(&f->m->rr[0]), "\"v=spf1 -all\"");
	assert_non_null(strstr(out(f), "config example.com is <MX>\n"));
	/* a type without a name: dnsmasq's "type=N" */
	assert_int_equal(ask(f, "www.example.com.", 12345, DNS_F_RD), 1);
	assert_non_null(strstr(out(f), "query[type=12345] www.example.com from 10.0.0.1\n"
				       "config www.example.com is NODATA\n"));
	const struct dns_server_stats *st = dns_server_stats(f->srv);
	assert_non_null(st);
	assert_int_equal(st->queries, 5);
	assert_int_equal(st->authoritative, 5);
}

static void test_cname_chain(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	/* alias -> web -> www: every CNAME, then www's addresses (BIND). */
	assert_int_equal(ask(f, "alias.example.com.", DNS_T_A, DNS_F_RD), 1);
	struct dns_msg *m = f->m;
	assert_int_equal(m->flags & DNS_F_RCODE_MASK, DNS_R_NOERROR);
	assert_int_equal(m->ancount, 4);
	assert_int_equal(m->rr[0].type, DNS_T_CNAME);
	assert_string_equal(m->rr[0].name, "alias.example.com.");
	assert_string_equal(rd(&m->rr[0]), "web.example.com.");
	assert_string_equal(m->rr[1].name, "web.example.com.");
	assert_string_equal(rd(&m->rr[1]), "www.example.com.");
	assert_string_equal(m->rr[2].name, "www.example.com.");
	assert_string_equal(rd(&m->rr[2]), "10.0.0.80");
	assert_non_null(strstr(out(f), "config alias.example.com is <CNAME>\n"
				       "config web.example.com is <CNAME>\n"
				       "config www.example.com is 10.0.0.80\n"));
	/* Asked for the CNAME itself: just it. */
	assert_int_equal(ask(f, "web.example.com.", DNS_T_CNAME, DNS_F_RD), 1);
	assert_int_equal(f->m->ancount, 1);
	/* Out of our zones: the CNAME alone, for the client to follow. */
	assert_int_equal(ask(f, "ext.example.com.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NOERROR);
	assert_int_equal(f->m->ancount, 1);
	assert_int_equal(f->m->nscount, 0);
	/* To a name that does not exist: NXDOMAIN, the CNAME kept (BIND). */
	assert_int_equal(ask(f, "dangling.example.com.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NXDOMAIN);
	assert_int_equal(f->m->ancount, 1);
	assert_int_equal(f->m->nscount, 1);
	assert_non_null(strstr(out(f), "config nothere.example.com is NXDOMAIN\n"));
}

static void test_nxdomain_with_soa(void **state)
{
	struct fx *f = *state;
	struct dns_server_conf *c = example_conf();
	dns_conf_set_ttl(c, 600);
	start(f, c);
	assert_int_equal(ask(f, "nope.example.com.", DNS_T_A, DNS_F_RD), 1);
	struct dns_msg *m = f->m;
	assert_int_equal(m->flags, DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_R_NXDOMAIN);
	assert_int_equal(m->ancount, 0);
	assert_int_equal(m->nscount, 1);
	assert_int_equal(m->rr[0].type, DNS_T_SOA);
	assert_string_equal(m->rr[0].name, "example.com.");
	/* RFC 2308 3: TTL = min(SOA TTL 600, minimum 300) */
	assert_int_equal(m->rr[0].ttl, 300);
	assert_string_equal(rd(&m->rr[0]),
			    "ns.example.com. hostmaster.example.com. 1 3600 600 86400 300");
	assert_non_null(strstr(out(f), "config nope.example.com is NXDOMAIN\n"));
	/* The SOA itself, at the apex, with its own TTL */
	assert_int_equal(ask(f, "example.com.", DNS_T_SOA, 0), 1);
	assert_int_equal(f->m->ancount, 1);
	assert_int_equal(f->m->rr[0].ttl, 600);
	/* A name below an existing one is NXDOMAIN too; an empty
	 * non-terminal (b.deep above a.b.deep) is NODATA (RFC 4592 2.2.2). */
	assert_int_equal(ask(f, "x.www.example.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NXDOMAIN);
	assert_int_equal(ask(f, "b.deep.example.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NOERROR);
	assert_int_equal(f->m->ancount, 0);
	assert_int_equal(f->m->nscount, 1);
}

static void test_soa_given(void **state)
{
	struct fx *f = *state;
	struct dns_server_conf *c = dns_conf_new();
	char err[256];
	assert_int_equal(dns_conf_zone(c, "example.com.", err, sizeof err), 0);
	assert_int_equal(dns_conf_record(c, "example.com", "@", "SOA",
					 "ns1 admin.example.com. 2025010101 7200 900 1209600 60",
					 3600, err, sizeof err), 0);
	start(f, c);
	assert_int_equal(ask(f, "nope.example.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->rr[0].ttl, 60);
	assert_string_equal(rd(&f->m->rr[0]),
			    "ns1.example.com. admin.example.com. 2025010101 7200 900 1209600 60");
}

static void test_nodata(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	assert_int_equal(ask(f, "www.example.com.", DNS_T_MX, DNS_F_RD), 1);
	struct dns_msg *m = f->m;
	assert_int_equal(m->flags, DNS_F_QR | DNS_F_AA | DNS_F_RD);
	assert_int_equal(m->ancount, 0);
	assert_int_equal(m->nscount, 1);
	assert_int_equal(m->rr[0].type, DNS_T_SOA);
	assert_non_null(strstr(out(f), "config www.example.com is NODATA\n"));
	assert_true(has_decision(f, "www.example.com. has no MX record: NODATA"));
	/* a CNAME whose target has no such type: the CNAME, then NODATA */
	assert_int_equal(ask(f, "web.example.com.", DNS_T_AAAA, DNS_F_RD), 1);
	assert_int_equal(f->m->ancount, 1);
	assert_int_equal(f->m->nscount, 1);
}

static void test_wildcard(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	assert_int_equal(ask(f, "shop.apps.example.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->ancount, 1);
	assert_string_equal(f->m->rr[0].name, "shop.apps.example.com.");
	assert_string_equal(rd(&f->m->rr[0]), "10.0.0.90");
	assert_true(has_decision(f, "(from a wildcard)"));
	/* RFC 4592: the wildcard does not cover apps itself (it exists) */
	assert_int_equal(ask(f, "apps.example.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->ancount, 0);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NOERROR);
}

static void test_ptr(void **state)
{
	struct fx *f = *state;
	struct dns_server_conf *c = example_conf();
	char err[256];
	assert_int_equal(dns_conf_zone(c, "1.0.10.in-addr.arpa", err, sizeof err), 0);
	assert_int_equal(dns_conf_record(c, "1.0.10.in-addr.arpa", "5", "PTR", "printer.example.com.",
					 -1, err, sizeof err), 0);
	dns_conf_set_ptr(c, true);
	start(f, c);
	/* a reverse zone */
	assert_int_equal(ask(f, "5.1.0.10.in-addr.arpa.", DNS_T_PTR, DNS_F_RD), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_AA | DNS_F_RD);
	assert_int_equal(f->m->ancount, 1);
	assert_string_equal(rd(&f->m->rr[0]), "printer.example.com.");
	/* ptr = true: made from the A records; dnsmasq's log words */
	assert_int_equal(ask(f, "80.0.0.10.in-addr.arpa.", DNS_T_PTR, DNS_F_RD), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_AA | DNS_F_RD);
	assert_int_equal(f->m->ancount, 1);
	assert_string_equal(rd(&f->m->rr[0]), "www.example.com.");
	assert_non_null(strstr(out(f), "query[PTR] 80.0.0.10.in-addr.arpa from 10.0.0.1\n"
				       "config 10.0.0.80 is www.example.com\n"));
	/* an address nobody holds, outside any zone: REFUSED */
	assert_int_equal(ask(f, "99.0.0.10.in-addr.arpa.", DNS_T_PTR, DNS_F_RD), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_REFUSED);
}

static void test_refused_without_forwarders(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	assert_int_equal(ask(f, "other.org.", DNS_T_A, DNS_F_RD), 1);
	/* dnsmasq with auth-zone and no server: "flags: qr rd", REFUSED */
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_RD | DNS_R_REFUSED);
	assert_int_equal(f->m->qdcount, 1);
	assert_int_equal(f->m->ancount + f->m->nscount, 0);
	assert_non_null(strstr(out(f), "query[A] other.org from 10.0.0.1\n"
				       "config error is REFUSED\n"));
	assert_true(has_decision(f, "no upstream server to forward to: REFUSED"));
	assert_int_equal(dns_server_stats(f->srv)->refused, 1);
}

/* ---- forwarding and the cache ------------------------------------------------ */

/* The upstream: an authoritative server for example.org on u. */
static void start_upstream(struct fx *f)
{
	struct dns_server_conf *c = dns_conf_new();
	char err[256];
	assert_int_equal(dns_conf_zone(c, "example.org", err, sizeof err), 0);
	assert_int_equal(dns_conf_record(c, "example.org", "@", "A", "93.184.215.14", -1, err,
					 sizeof err), 0);
	assert_int_equal(dns_conf_record(c, "example.org", "@", "SOA",
					 "ns1 hostmaster 1 3600 600 86400 60", -1, err, sizeof err),
			 0);
	f->up = dns_server_start(f->u, c);
	assert_non_null(f->up);
}

static struct dns_server_conf *forwarder(const char *const *ups, int n)
{
	struct dns_server_conf *c = example_conf();
	char err[256];
	for (int i = 0; i < n; i++)
		assert_int_equal(dns_conf_forward(c, fx_ip(ups[i]), err, sizeof err), 0);
	return c;
}

static void test_forward_and_cache(void **state)
{
	struct fx *f = *state;
	start_upstream(f);
	const char *ups[] = { "10.0.0.8" };
	start(f, forwarder(ups, 1));
	assert_int_equal(ask(f, "example.org.", DNS_T_A, DNS_F_RD), 1);
	struct dns_msg *m = f->m;
	/* Relayed as it came (the upstream was authoritative: dnsmasq keeps
	 * aa), with ra. */
	assert_int_equal(m->flags, DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_F_RA);
	assert_int_equal(m->ancount, 1);
	assert_int_equal(m->rr[0].ttl, 300);
	assert_string_equal(out(f), "query[A] example.org from 10.0.0.1\n"
				    "forwarded example.org to 10.0.0.8\n"
				    "reply example.org is 93.184.215.14\n");
	assert_true(has_decision(f, "example.org. is not in my zones: forwarding to 10.0.0.8"));
	/* 13 s later: from the cache, TTL counted down, not authoritative */
	run_for(f, 13 * NS_PER_S);
	assert_int_equal(ask(f, "example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_RD | DNS_F_RA);
	assert_int_equal(f->m->ancount, 1);
	assert_int_equal(f->m->rr[0].ttl, 287);
	assert_non_null(strstr(out(f), "cached example.org is 93.184.215.14\n"));
	assert_true(has_decision(f, "cache hit for A example.org. (TTL 287 left)"));
	const struct dns_server_stats *st = dns_server_stats(f->srv);
	assert_int_equal(st->forwarded, 1);
	assert_int_equal(st->cache_hits, 1);
	/* Past the TTL: forwarded again */
	run_for(f, 290 * NS_PER_S);
	assert_int_equal(ask(f, "example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->rr[0].ttl, 300);
	assert_int_equal(st->forwarded, 2);
	assert_int_equal(dns_server_stats(f->up)->queries, 2);
	/* Our own zones are still ours, with ra now (recursion available) */
	assert_int_equal(ask(f, "www.example.com.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_F_RA);
	/* RD clear and not cached: REFUSED (with ra) */
	assert_int_equal(ask(f, "other.example.org.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_RA | DNS_R_REFUSED);
}

static void test_negative_cache(void **state)
{
	struct fx *f = *state;
	start_upstream(f);
	const char *ups[] = { "10.0.0.8" };
	start(f, forwarder(ups, 1));
	assert_int_equal(ask(f, "nope.example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NXDOMAIN);
	assert_int_equal(f->m->nscount, 1);
	assert_int_equal(f->m->rr[0].ttl, 60);
	assert_non_null(strstr(out(f), "reply nope.example.org is NXDOMAIN\n"));
	/* RFC 2308: kept for min(SOA TTL, minimum) = 60 s; SOA TTL counts down */
	run_for(f, 30 * NS_PER_S);
	assert_int_equal(ask(f, "nope.example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_RD | DNS_F_RA | DNS_R_NXDOMAIN);
	assert_int_equal(f->m->nscount, 1);
	assert_int_equal(f->m->rr[0].type, DNS_T_SOA);
	assert_int_equal(f->m->rr[0].ttl, 30);
	assert_non_null(strstr(out(f), "cached nope.example.org is NXDOMAIN\n"));
	/* NODATA is cached the same way */
	assert_int_equal(ask(f, "example.org.", DNS_T_MX, DNS_F_RD), 1);
	assert_int_equal(ask(f, "example.org.", DNS_T_MX, DNS_F_RD), 1);
	assert_non_null(strstr(out(f), "cached example.org is NODATA\n"));
	run_for(f, 31 * NS_PER_S);
	assert_int_equal(ask(f, "nope.example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(dns_server_stats(f->srv)->forwarded, 3);
}

static void test_upstream_timeout_next(void **state)
{
	struct fx *f = *state;
	start_upstream(f);
	const char *ups[] = { "10.0.0.9", "10.0.0.8" };
	start(f, forwarder(ups, 2));
	int64_t t0 = f->w->now_ns;
	assert_int_equal(ask_wait(f, "example.org.", DNS_T_A, DNS_F_RD, 0, 3 * NS_PER_S), 1);
	assert_int_equal(f->m->ancount, 1);
	/* the first upstream never answers: 2 s, then the second */
	assert_true(f->got_ns - t0 >= 2 * NS_PER_S);
	assert_true(f->got_ns - t0 < 2 * NS_PER_S + 100 * NS_PER_MS);
	assert_non_null(strstr(out(f), "forwarded example.org to 10.0.0.9\n"
				       "forwarded example.org to 10.0.0.8\n"
				       "reply example.org is 93.184.215.14\n"));
	assert_true(has_decision(f, "no answer in 2 s from 10.0.0.9: trying the next upstream, "
				    "10.0.0.8"));
}

static void test_all_upstreams_fail_servfail(void **state)
{
	struct fx *f = *state;
	const char *ups[] = { "10.0.0.9", "10.0.0.10" };
	start(f, forwarder(ups, 2));
	int64_t t0 = f->w->now_ns;
	assert_int_equal(ask_wait(f, "example.org.", DNS_T_A, DNS_F_RD, 0, 5 * NS_PER_S), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_RD | DNS_F_RA | DNS_R_SERVFAIL);
	assert_int_equal(f->got_ns - t0 >= 4 * NS_PER_S, true);
	assert_non_null(strstr(out(f), "reply error is SERVFAIL\n"));
	assert_int_equal(dns_server_stats(f->srv)->servfail, 1);
	/* nothing cached: asked again, forwarded again */
	assert_int_equal(ask_wait(f, "example.org.", DNS_T_A, DNS_F_RD, 0, 5 * NS_PER_S), 1);
	assert_int_equal(dns_server_stats(f->srv)->forwarded, 4);
}

static void test_upstream_port_unreachable(void **state)
{
	struct fx *f = *state;
	start_upstream(f);
	/* c listens on no port 53: ICMP port unreachable, the next at once */
	const char *ups[] = { "10.0.0.1", "10.0.0.8" };
	start(f, forwarder(ups, 2));
	int64_t t0 = f->w->now_ns;
	assert_int_equal(ask(f, "example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->ancount, 1);
	assert_true(f->got_ns - t0 < 100 * NS_PER_MS);
	assert_true(has_decision(f, "ICMP error"));
}

/* An upstream that answers REFUSED: the next one is asked (dnsmasq, BIND);
 * the last one's REFUSED is relayed as it came. */
static void test_upstream_refused_next(void **state)
{
	struct fx *f = *state;
	fx_addr(f->u, "eth0", "10.0.0.7/24");
	struct dns_server_conf *c = dns_conf_new();
	char err[256];
	assert_int_equal(dns_conf_zone(c, "example.net", err, sizeof err), 0);
	dns_conf_set_listen(c, fx_ip("10.0.0.7"));
	struct proc *refuser = dns_server_start(f->u, c);
	assert_non_null(refuser);
	struct dns_server_conf *c2 = dns_conf_new();
	assert_int_equal(dns_conf_host(c2, "example.org", fx_ip("93.184.215.14"), err, sizeof err), 0);
	dns_conf_set_listen(c2, fx_ip("10.0.0.8"));
	assert_non_null(dns_server_start(f->u, c2));
	const char *ups[] = { "10.0.0.7", "10.0.0.8" };
	start(f, forwarder(ups, 2));
	assert_int_equal(ask(f, "example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NOERROR);
	assert_int_equal(f->m->ancount, 1);
	assert_true(has_decision(f, "REFUSED from 10.0.0.7: trying the next upstream, 10.0.0.8"));
	assert_int_equal(dns_server_stats(refuser)->refused, 1);
	/* Only the refuser: its REFUSED reaches the client, not cached. */
	proc_kill(f->srv);
	start(f, forwarder(ups, 1));
	assert_int_equal(ask(f, "example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_REFUSED);
	assert_non_null(strstr(out(f), "reply error is REFUSED\n"));
	assert_int_equal(dns_server_stats(f->srv)->cache_entries, 0);
}

/* ---- the public resolver -------------------------------------------------- */

static void test_public_resolver(void **state)
{
	struct fx *f = *state;
	struct dns_server_conf *c = dns_conf_new();
	char err[256];
	assert_int_equal(dns_conf_host(c, "example.org", fx_ip("93.184.215.14"), err, sizeof err), 0);
	assert_int_equal(dns_conf_host(c, "api.example.org", fx_ip("1.2.3.4"), err, sizeof err), 0);
	assert_int_equal(dns_conf_host(c, "api.example.org", fx_ip("1.2.3.5"), err, sizeof err), 0);
	start(f, c);
	assert_int_equal(ask(f, "api.example.org.", DNS_T_A, DNS_F_RD), 1);
	/* as 8.8.8.8 answers: "flags: qr rd ra" */
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_RD | DNS_F_RA);
	assert_int_equal(f->m->ancount, 2);
	assert_int_equal(f->m->rr[0].ttl, 300);
	run_for(f, 10 * NS_PER_S);
	assert_int_equal(ask(f, "api.example.org.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->rr[0].ttl, 290);
	/* unknown: NXDOMAIN with the root's SOA */
	assert_int_equal(ask(f, "nope.invalid.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_RD | DNS_F_RA | DNS_R_NXDOMAIN);
	assert_int_equal(f->m->nscount, 1);
	assert_string_equal(f->m->rr[0].name, ".");
	assert_string_equal(rd(&f->m->rr[0]), "a.root-servers.net. nstld.verisign-grs.com. "
					      "2025010100 1800 900 604800 86400");
	/* AAAA of a known name: NODATA */
	assert_int_equal(ask(f, "example.org.", DNS_T_AAAA, DNS_F_RD), 1);
	assert_int_equal(f->m->flags, DNS_F_QR | DNS_F_RD | DNS_F_RA);
	assert_int_equal(f->m->ancount, 0);
	assert_int_equal(f->m->nscount, 1);
	assert_string_equal(f->m->rr[0].name, "example.org.");
}

/* A controller changes a running server's zone (CoreDNS's kubernetes
 * plugin following Services). */
static void test_reload(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	assert_int_equal(ask(f, "svc.example.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NXDOMAIN);
	struct dns_server_conf *c = dns_server_conf(f->srv);
	assert_non_null(c);
	char err[256];
	assert_int_equal(dns_conf_record(c, "example.com", "svc", "A", "10.96.0.10", -1, err,
					 sizeof err), 0);
	assert_int_equal(dns_conf_remove(c, "example.com", "www", "A", err, sizeof err), 2);
	assert_int_equal(dns_conf_remove(c, "example.net", "www", NULL, err, sizeof err), -1);
	assert_string_equal(err, "no zone \"example.net\"");
	dns_server_reload(f->srv);
	assert_int_equal(ask(f, "svc.example.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->ancount, 1);
	assert_int_equal(f->m->rr[0].ttl, 300);
	assert_int_equal(ask(f, "www.example.com.", DNS_T_A, 0), 1);
	assert_int_equal(f->m->flags & DNS_F_RCODE_MASK, DNS_R_NXDOMAIN);
	assert_int_equal(f->m->rr[0].d.soa->serial, 2);
	assert_null(dns_server_conf(NULL));
}

/* ---- bad queries ------------------------------------------------------------ */

static void send_raw(struct fx *f, const uint8_t *b, uint32_t len)
{
	f->n_got = 0;
	assert_int_equal(udp_sendto(f->cs, fx_ip("10.0.0.53"), 53, b, len), 0);
	run_for(f, 100 * NS_PER_MS);
}

static void test_formerr_notimp_dropped(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	/* A header promising a question that is not there: FORMERR, header only */
	uint8_t bad[] = { 0xab, 0xcd, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w' };
	send_raw(f, bad, sizeof bad);
	assert_int_equal(f->n_got, 1);
	assert_int_equal(f->got_len, 12);
	assert_int_equal(f->got[0], 0xab);
	assert_int_equal(f->got[1], 0xcd);
	assert_int_equal(f->got[2], 0x81);        /* qr rd */
	assert_int_equal(f->got[3], DNS_R_FORMERR);
	/* opcode NOTIFY (4): NOTIMP */
	uint8_t notify[] = { 0, 7, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	send_raw(f, notify, sizeof notify);
	assert_int_equal(f->n_got, 1);
	assert_int_equal(f->got[2], 0xa0);
	assert_int_equal(f->got[3], DNS_R_NOTIMP);
	/* no question at all: FORMERR */
	uint8_t none[] = { 0, 8, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	send_raw(f, none, sizeof none);
	assert_int_equal(f->n_got, 1);
	assert_int_equal(f->got[3], DNS_R_FORMERR);
	/* shorter than a header: dropped, with the reason */
	uint8_t tiny[] = { 1, 2, 3, 4, 5 };
	send_raw(f, tiny, sizeof tiny);
	assert_int_equal(f->n_got, 0);
	assert_int_equal(fx_count_drops(&f->tr, DROP_DNS_MALFORMED, "s"), 1);
	/* a response sent to the server: dropped too */
	uint8_t resp[] = { 0, 9, 0x81, 0x80, 0, 0, 0, 0, 0, 0, 0, 0 };
	send_raw(f, resp, sizeof resp);
	assert_int_equal(f->n_got, 0);
	assert_int_equal(fx_count_drops(&f->tr, DROP_DNS_MALFORMED, "s"), 2);
	const struct dns_server_stats *st = dns_server_stats(f->srv);
	assert_int_equal(st->formerr, 2);
	assert_int_equal(st->notimp, 1);
	assert_int_equal(st->dropped, 2);
	assert_int_equal(st->queries, 0);
}

static void test_two_questions_formerr(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	struct dns_msg *q = dns_msg_new();
	q->id = 77;
	q->qdcount = 2;
	snprintf(q->qd[0].name, sizeof q->qd[0].name, "www.example.com.");
	snprintf(q->qd[1].name, sizeof q->qd[1].name, "web.example.com.");
	q->qd[0].type = q->qd[1].type = DNS_T_A;
	q->qd[0].klass = q->qd[1].klass = DNS_C_IN;
	uint8_t buf[512];
	int len = dns_emit(q, buf, sizeof buf);
	dns_msg_free(q);
	send_raw(f, buf, (uint32_t)len);
	assert_int_equal(f->n_got, 1);
	assert_int_equal(f->got[3], DNS_R_FORMERR);
}

static void test_truncation_and_edns(void **state)
{
	struct fx *f = *state;
	struct dns_server_conf *c = example_conf();
	char err[256];
	for (int i = 1; i <= 40; i++) {
		char a[24];
		snprintf(a, sizeof a, "10.0.1.%d", i);
		assert_int_equal(dns_conf_record(c, "example.com", "big", "A", a, -1, err,
						 sizeof err), 0);
	}
	start(f, c);
	/* 40 A records: 12 + 21 + 40 * 16 = 673 bytes > 512: TC */
	assert_int_equal(ask(f, "big.example.com.", DNS_T_A, DNS_F_RD), 1);
	assert_true(f->got_len <= 512);
	assert_true(f->m->flags & DNS_F_TC);
	assert_true(f->m->ancount < 40);
	assert_int_equal(dns_server_stats(f->srv)->truncated, 1);
	/* With EDNS 4096 it fits in our 1232, and our OPT says 1232 */
	assert_int_equal(ask_wait(f, "big.example.com.", DNS_T_A, DNS_F_RD, 4096,
				  100 * NS_PER_MS), 1);
	assert_false(f->m->flags & DNS_F_TC);
	assert_int_equal(f->m->ancount, 40);
	assert_int_equal(f->m->arcount, 1);
	assert_int_equal(f->m->rr[40].type, DNS_T_OPT);
	assert_int_equal(f->m->rr[40].klass, DNS_SERVER_EDNS_SIZE);
	/* EDNS 512 is no bigger than plain UDP */
	assert_int_equal(ask_wait(f, "big.example.com.", DNS_T_A, DNS_F_RD, 512,
				  100 * NS_PER_MS), 1);
	assert_true(f->m->flags & DNS_F_TC);
	assert_int_equal(f->m->rr[f->m->ancount].type, DNS_T_OPT);
	/* a small answer to an EDNS query carries OPT too (dnsmasq, BIND) */
	assert_int_equal(ask_wait(f, "www.example.com.", DNS_T_A, DNS_F_RD, 1232,
				  100 * NS_PER_MS), 1);
	assert_int_equal(f->m->arcount, 1);
}

/* ---- configuration errors ----------------------------------------------- */

static void test_conf_errors(void **state)
{
	(void)state;
	struct dns_server_conf *c = dns_conf_new();
	char err[256];
	assert_int_equal(dns_conf_zone(c, "bad zone", err, sizeof err), -1);
	assert_string_equal(err, "bad zone name \"bad zone\": a domain name like \"example.com\" "
				 "is expected");
	assert_int_equal(dns_conf_zone(c, "example.com", err, sizeof err), 0);
	assert_int_equal(dns_conf_record(c, "example.com", "www", "AX", "1.2.3.4", -1, err,
					 sizeof err), -1);
	assert_string_equal(err, "unknown record type \"AX\": A, AAAA, CNAME, NS, PTR, MX, TXT, "
				 "SRV or SOA is expected");
	assert_int_equal(dns_conf_record(c, "example.com", "www", "A", "10.0.0.256", -1, err,
					 sizeof err), -1);
	assert_string_equal(err, "bad A address \"10.0.0.256\": an IPv4 address like "
				 "\"10.0.0.80\" is expected");
	assert_int_equal(dns_conf_record(c, "example.com", "bad name", "A", "10.0.0.1", -1, err,
					 sizeof err), -1);
	assert_non_null(strstr(err, "bad name \"bad name\""));
	assert_int_equal(dns_conf_record(c, "example.com", "www.example.net.", "A", "10.0.0.1", -1,
					 err, sizeof err), -1);
	assert_string_equal(err, "name www.example.net. is not in zone example.com.");
	assert_int_equal(dns_conf_record(c, "example.com", "@", "MX", "mail", -1, err, sizeof err),
			 -1);
	assert_non_null(strstr(err, "\"<preference> <mail host>\""));
	assert_int_equal(dns_conf_record(c, "example.com", "w", "CNAME", "www", -1, err,
					 sizeof err), 0);
	assert_int_equal(dns_conf_record(c, "example.com", "w", "A", "10.0.0.1", -1, err,
					 sizeof err), -1);
	assert_non_null(strstr(err, "a CNAME cannot live beside other records"));
	assert_int_equal(dns_conf_record(c, "example.com", "x", "AAAA", "2001:db8::1", 5, err,
					 sizeof err), 0);
	assert_int_equal(dns_conf_record(c, "example.com", "_http._tcp", "SRV", "0 100 80 www",
					 -1, err, sizeof err), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(dns_conf_forward(c, 1, err, sizeof err), 0);
	assert_int_equal(dns_conf_forward(c, 1, err, sizeof err), -1);
	assert_string_equal(err, "too many upstream servers: at most 3 are used");
	dns_conf_free(c);
}

static void test_port_taken_and_kill(void **state)
{
	struct fx *f = *state;
	start(f, example_conf());
	assert_null(dns_server_start(f->s, example_conf()));
	assert_non_null(strstr(world_error(f->w), "Address already in use"));
	/* another port is fine; killed, the port is free again */
	struct dns_server_conf *c = example_conf();
	dns_conf_set_port(c, 5353);
	struct proc *p = dns_server_start(f->s, c);
	assert_non_null(p);
	proc_kill(f->srv);
	assert_int_equal(ask(f, "www.example.com.", DNS_T_A, 0), 0);
	start(f, example_conf());
	assert_int_equal(ask(f, "www.example.com.", DNS_T_A, 0), 1);
}

/* ---- untrusted input ------------------------------------------------------ */

static uint64_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 33;
}

/* Mutate b (len bytes, room for cap): flip a few bytes, sometimes cut it,
 * sometimes grow it with junk. */
static uint32_t mutate(uint64_t *x, uint8_t *b, uint32_t len, uint32_t cap)
{
	int flips = (int)(lcg(x) % 4) + 1;
	for (int i = 0; i < flips && len; i++)
		b[lcg(x) % len] = (uint8_t)lcg(x);
	switch (lcg(x) % 4) {
	case 0:
		len = len ? (uint32_t)(lcg(x) % len) : 0;
		break;
	case 1: {
		uint32_t extra = (uint32_t)(lcg(x) % 64);
		for (uint32_t i = 0; i < extra && len < cap; i++)
			b[len++] = (uint8_t)lcg(x);
		break;
	}
	default:
		break;
	}
	return len;
}

static void test_fuzz_queries(void **state)
{
	struct fx *f = *state;
	const char *ups[] = { "10.0.0.8" };
	start_upstream(f);
	start(f, forwarder(ups, 1));
	const char *names[] = { "www.example.com.", "web.example.com.", "example.org.",
				"nope.example.com.", "80.0.0.10.in-addr.arpa." };
	uint16_t types[] = { DNS_T_A, DNS_T_MX, DNS_T_PTR, DNS_T_ANY, DNS_T_SOA };
	uint64_t x = 42;
	for (int i = 0; i < 3000; i++) {
		struct dns_msg *q = dns_msg_new();
		q->id = (uint16_t)i;
		q->flags = DNS_F_RD;
		q->qdcount = 1;
		snprintf(q->qd[0].name, sizeof q->qd[0].name, "%s", names[lcg(&x) % 5]);
		q->qd[0].type = types[lcg(&x) % 5];
		q->qd[0].klass = DNS_C_IN;
		if (lcg(&x) % 2) {
			struct dns_rr *o = dns_msg_add_rr(q, DNS_SEC_AR, ".", DNS_T_OPT, 0);
			o->klass = (uint16_t)lcg(&x);
		}
		uint8_t buf[700];
		int len = dns_emit(q, buf, 512);
		dns_msg_free(q);
		assert_true(len > 0);
		uint32_t n = i % 10 == 0 ? (uint32_t)len : mutate(&x, buf, (uint32_t)len, sizeof buf);
		udp_sendto(f->cs, fx_ip("10.0.0.53"), 53, buf, n);
		run_for(f, i % 50 == 0 ? 3 * NS_PER_S : NS_PER_MS);
	}
	run_for(f, 10 * NS_PER_S);
	const struct dns_server_stats *st = dns_server_stats(f->srv);
	assert_true(st->queries > 300);
	assert_true(st->formerr + st->dropped + st->notimp > 100);
}

/* An upstream answering with mangled messages (its answers keep the ID, so
 * that they get past the first checks). */
struct evil {
	struct udp_sock *s;
	uint64_t x;
};

static void evil_recv(void *ctx, struct udp_sock *us, uint32_t src, uint16_t sport,
		      const uint8_t *data, uint32_t len)
{
	struct evil *e = ctx;
	struct dns_msg *q = dns_msg_new();
	if (dns_parse(data, len, q, NULL) == 0 && q->qdcount == 1) {
		q->flags |= DNS_F_QR | DNS_F_RA;
		q->arcount = 0;
		struct dns_rr *rr = dns_msg_add_rr(q, DNS_SEC_AN, q->qd[0].name, DNS_T_CNAME, 30);
		snprintf(rr->d.target, sizeof rr->d.target, "x.example.org.");
		rr = dns_msg_add_rr(q, DNS_SEC_AN, "x.example.org.", DNS_T_A, 30);
		rr->d.a = 0x01020304;
		rr = dns_msg_add_rr(q, DNS_SEC_NS, "example.org.", DNS_T_SOA, 60);
		struct dns_soa *soa = dns_rr_soa(rr);
		snprintf(soa->mname, sizeof soa->mname, "ns.example.org.");
		snprintf(soa->rname, sizeof soa->rname, "h.example.org.");
		soa->minimum = (uint32_t)lcg(&e->x);
		if (lcg(&e->x) % 3 == 0)
			q->flags |= DNS_R_NXDOMAIN;
		uint8_t buf[700];
		int len2 = dns_emit(q, buf, 512);
		if (len2 > 2) {
			uint32_t n = (uint32_t)len2;
			if (lcg(&e->x) % 4) {
				n = mutate(&e->x, buf + 2, n - 2, sizeof buf - 2) + 2;
				buf[0] = data[0];
				buf[1] = data[1];
			}
			udp_sendto(us, src, sport, buf, n);
		}
	}
	dns_msg_free(q);
}

static void test_fuzz_upstream_answers(void **state)
{
	struct fx *f = *state;
	struct evil e = { .x = 7 };
	e.s = udp_bind(f->u, 0, 53, evil_recv, NULL, &e);
	assert_non_null(e.s);
	const char *ups[] = { "10.0.0.8" };
	start(f, forwarder(ups, 1));
	for (int i = 0; i < 1500; i++) {
		char name[64];
		snprintf(name, sizeof name, "h%d.example.org.", i % 40);
		send_query(f, name, i % 3 ? DNS_T_A : DNS_T_MX, DNS_F_RD, i % 2 ? 1232 : 0);
		run_for(f, i % 25 == 0 ? 3 * NS_PER_S : 5 * NS_PER_MS);
	}
	run_for(f, 10 * NS_PER_S);
	const struct dns_server_stats *st = dns_server_stats(f->srv);
	assert_int_equal(st->queries, 1500);
	assert_true(st->forwarded + st->cache_hits >= 1500);
	assert_true(st->cache_hits > 0);
}

/* ---- TCP ------------------------------------------------------------------------ */

struct tcpc {
	struct tcp_sock *s;
	uint8_t in[70000];
	size_t in_len;
	bool connected, eof;
};

static void tc_connected(void *ctx, struct tcp_sock *s)
{
	(void)s;
	((struct tcpc *)ctx)->connected = true;
}

static void tc_readable(void *ctx, struct tcp_sock *s)
{
	struct tcpc *c = ctx;
	size_t k;
	while ((k = tcp_recv(s, c->in + c->in_len, sizeof c->in - c->in_len)) > 0)
		c->in_len += k;
}

static void tc_eof(void *ctx, struct tcp_sock *s)
{
	(void)s;
	((struct tcpc *)ctx)->eof = true;
}

static const struct tcp_cb tc_cb = { .on_connected = tc_connected, .on_readable = tc_readable,
				     .on_eof = tc_eof };

/* A query with its two-byte length into out; returns the bytes. */
static size_t tcp_query(uint8_t *out, uint16_t id, const char *name, uint16_t type)
{
	struct dns_msg *q = dns_msg_new();
	q->id = id;
	q->flags = DNS_F_RD;
	q->qdcount = 1;
	snprintf(q->qd[0].name, sizeof q->qd[0].name, "%s", name);
	q->qd[0].type = type;
	q->qd[0].klass = DNS_C_IN;
	int len = dns_emit(q, out + 2, 512);
	dns_msg_free(q);
	assert_true(len > 0);
	out[0] = (uint8_t)(len >> 8);
	out[1] = (uint8_t)len;
	return (size_t)len + 2;
}

/* The n-th (from 0) message of the stream in c, parsed into m. */
static void tcp_answer(const struct tcpc *c, int n, struct dns_msg *m)
{
	size_t off = 0;
	for (;;) {
		assert_true(off + 2 <= c->in_len);
		size_t len = (size_t)c->in[off] << 8 | c->in[off + 1];
		assert_true(off + 2 + len <= c->in_len);
		if (n-- == 0) {
			assert_int_equal(dns_parse(c->in + off + 2, len, m, NULL), 0);
			return;
		}
		off += 2 + len;
	}
}

static void test_tcp(void **state)
{
	struct fx *f = *state;
	start_upstream(f);
	const char *ups[] = { "10.0.0.8" };
	struct dns_server_conf *c = forwarder(ups, 1);
	char err[256];
	for (int i = 1; i <= 40; i++) {
		char a[24];
		snprintf(a, sizeof a, "10.0.1.%d", i);
		assert_int_equal(dns_conf_record(c, "example.com", "big", "A", a, -1, err,
						 sizeof err), 0);
	}
	start(f, c);
	static struct tcpc tc;
	memset(&tc, 0, sizeof tc);
	tc.s = tcp_connect(f->c, fx_ip("10.0.0.53"), 53, &tc_cb, &tc);
	assert_non_null(tc.s);
	run_for(f, 100 * NS_PER_MS);
	assert_true(tc.connected);
	/* Two queries in one segment: a big answer (no TC over TCP), and one
	 * forwarded upstream. */
	uint8_t q[1200];
	size_t n = tcp_query(q, 0x101, "big.example.com.", DNS_T_A);
	n += tcp_query(q + n, 0x102, "example.org.", DNS_T_A);
	assert_int_equal(tcp_send(tc.s, q, n), n);
	run_for(f, 200 * NS_PER_MS);
	tcp_answer(&tc, 0, f->m);
	assert_int_equal(f->m->id, 0x101);
	assert_false(f->m->flags & DNS_F_TC);
	assert_int_equal(f->m->ancount, 40);
	tcp_answer(&tc, 1, f->m);
	assert_int_equal(f->m->id, 0x102);
	assert_int_equal(f->m->ancount, 1);
	assert_string_equal(rd(&f->m->rr[0]), "93.184.215.14");
	assert_non_null(strstr(out(f), "query[A] big.example.com from 10.0.0.1\n"));
	assert_int_equal(dns_server_stats(f->srv)->tcp_connections, 1);
	/* The client closes: so does the server. */
	tcp_shutdown(tc.s);
	run_for(f, 200 * NS_PER_MS);
	assert_true(tc.eof);
	tcp_close(tc.s);
	/* A length of 0 ends a connection; the server goes on. */
	memset(&tc, 0, sizeof tc);
	tc.s = tcp_connect(f->c, fx_ip("10.0.0.53"), 53, &tc_cb, &tc);
	run_for(f, 100 * NS_PER_MS);
	uint8_t zero[2] = { 0, 0 };
	tcp_send(tc.s, zero, 2);
	run_for(f, 200 * NS_PER_MS);
	assert_true(tc.eof);
	tcp_close(tc.s);
	assert_int_equal(ask(f, "www.example.com.", DNS_T_A, DNS_F_RD), 1);
}

/* Killed with a TCP client connected and a query forwarded for it. */
static void test_tcp_kill_while_forwarding(void **state)
{
	struct fx *f = *state;
	const char *ups[] = { "10.0.0.9" };
	start(f, forwarder(ups, 1));
	static struct tcpc tc;
	memset(&tc, 0, sizeof tc);
	tc.s = tcp_connect(f->c, fx_ip("10.0.0.53"), 53, &tc_cb, &tc);
	run_for(f, 100 * NS_PER_MS);
	uint8_t q[600];
	size_t n = tcp_query(q, 7, "example.org.", DNS_T_A);
	tcp_send(tc.s, q, n);
	tcp_shutdown(tc.s);     /* half-closed: the answer is still awaited */
	run_for(f, 500 * NS_PER_MS);
	assert_int_equal(tc.in_len, 0);
	proc_kill(f->srv);
	run_for(f, 5 * NS_PER_S);
	assert_int_equal(tc.in_len, 0);
	tcp_close(tc.s);
}

/* listen: two servers on one node, each on its own address. */
static void test_listen_address(void **state)
{
	struct fx *f = *state;
	fx_addr(f->s, "eth0", "10.0.0.54/24");
	struct dns_server_conf *c = example_conf();
	dns_conf_set_listen(c, fx_ip("10.0.0.53"));
	start(f, c);
	struct dns_server_conf *c2 = dns_conf_new();
	char err[256];
	assert_int_equal(dns_conf_host(c2, "example.org", fx_ip("93.184.215.14"), err, sizeof err), 0);
	dns_conf_set_listen(c2, fx_ip("10.0.0.54"));
	struct proc *p2 = dns_server_start(f->s, c2);
	assert_non_null(p2);
	assert_int_equal(ask(f, "www.example.com.", DNS_T_A, DNS_F_RD), 1);
	assert_int_equal(f->m->ancount, 2);
	assert_int_equal(dns_server_stats(p2)->queries, 0);
}

/* A forwarder killed while a query waits upstream leaves no timer behind. */
static void test_kill_while_forwarding(void **state)
{
	struct fx *f = *state;
	const char *ups[] = { "10.0.0.9" };
	start(f, forwarder(ups, 1));
	ask_wait(f, "example.org.", DNS_T_A, DNS_F_RD, 0, 500 * NS_PER_MS);
	proc_kill(f->srv);
	run_for(f, 5 * NS_PER_S);
	assert_int_equal(f->n_got, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_records, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cname_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nxdomain_with_soa, setup, teardown),
		cmocka_unit_test_setup_teardown(test_soa_given, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nodata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wildcard, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ptr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_without_forwarders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forward_and_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_negative_cache, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upstream_timeout_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_all_upstreams_fail_servfail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upstream_port_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_upstream_refused_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_public_resolver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reload, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formerr_notimp_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_two_questions_formerr, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncation_and_edns, setup, teardown),
		cmocka_unit_test(test_conf_errors),
		cmocka_unit_test_setup_teardown(test_port_taken_and_kill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kill_while_forwarding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listen_address, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz_queries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tcp_kill_while_forwarding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fuzz_upstream_answers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
