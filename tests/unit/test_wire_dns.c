/* test_wire_dns.c — DNS messages (sim/wire/dns.c) against known bytes.
 *
 * Round trips for every decoded type and for unknown ones; compression
 * as servers do it (byte for byte against a reply dnsmasq sent, kept in
 * tests/unit/wire_fixtures.h); the RDATA text dig prints; names (escapes,
 * case, limits); hostile messages (pointer loops, forward pointers, long
 * names and labels, every truncation, RDLENGTH lies, huge counts); UDP
 * truncation and TC.
 *
 * Every message handed to dns_parse() is first copied into a heap block of
 * exactly its length, so that AddressSanitizer sees any read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/bytes.h"
#include "wire/dns.h"
#include "wire/eth.h"

#include "wire_fixtures.h"

/* ---- helpers ------------------------------------------------------------ */

static int parse_exact(const uint8_t *b, size_t n, struct dns_msg *m, const char **why)
{
	uint8_t *p = malloc(n ? n : 1);
	memcpy(p, b, n);
	int r = dns_parse(p, n, m, why);
	free(p);
	return r;
}

/* Parse b and expect the failure `want`. */
static void expect_bad(const uint8_t *b, size_t n, const char *want)
{
	struct dns_msg *m = dns_msg_new();
	const char *why = NULL;
	assert_int_equal(parse_exact(b, n, m, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, want);
	dns_msg_free(m);
}

static void rdata_is(const struct dns_rr *rr, const char *want)
{
	char t[2048];
	dns_rdata_text(rr, t, sizeof t);
	assert_string_equal(t, want);
}

/* A query as dig sends it. */
static struct dns_msg *query(const char *name, uint16_t type)
{
	struct dns_msg *m = dns_msg_new();
	m->id = 0x1234;
	m->flags = DNS_F_RD;
	m->qdcount = 1;
	snprintf(m->qd[0].name, sizeof m->qd[0].name, "%s", name);
	m->qd[0].type = type;
	m->qd[0].klass = DNS_C_IN;
	return m;
}

/* Emit m, parse it back, and return the copy (and the bytes). */
static struct dns_msg *round_trip(const struct dns_msg *m, uint8_t *buf, size_t cap, int *len)
{
	struct dns_msg *back = dns_msg_new();
	const char *why = NULL;
	*len = dns_emit(m, buf, cap);
	assert_true(*len > 0);
	if (parse_exact(buf, (size_t)*len, back, &why) != 0)
		fail_msg("parse of emitted message: %s", why);
	return back;
}

/* ---- round trips ---------------------------------------------------------- */

static void test_query_bytes(void **state)
{
	(void)state;
	/* dig +noedns www.example.com A: the 33 bytes of the question. */
	static const uint8_t want[] = {
		0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0x00, 0x01, 0x00, 0x01,
	};
	struct dns_msg *m = query("www.example.com.", DNS_T_A);
	uint8_t buf[512];
	int n = dns_emit(m, buf, sizeof buf);
	assert_int_equal(n, sizeof want);
	assert_memory_equal(buf, want, sizeof want);
	/* Without the final dot it is the same name. */
	snprintf(m->qd[0].name, sizeof m->qd[0].name, "www.example.com");
	assert_int_equal(dns_emit(m, buf, sizeof buf), sizeof want);
	assert_memory_equal(buf, want, sizeof want);
	struct dns_msg *p = dns_msg_new();
	assert_int_equal(parse_exact(want, sizeof want, p, NULL), 0);
	assert_int_equal(p->id, 0x1234);
	assert_int_equal(p->flags, DNS_F_RD);
	assert_int_equal(p->qdcount, 1);
	assert_string_equal(p->qd[0].name, "www.example.com.");
	assert_int_equal(p->qd[0].type, DNS_T_A);
	assert_int_equal(p->qd[0].klass, DNS_C_IN);
	dns_msg_free(p);
	dns_msg_free(m);
}

static void test_every_type_round_trips(void **state)
{
	(void)state;
	struct dns_msg *m = query("example.com.", DNS_T_ANY);
	m->flags = DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_F_RA;
	struct dns_rr *rr;

	rr = dns_msg_add_rr(m, DNS_SEC_AN, "www.example.com.", DNS_T_A, 300);
	rr->d.a = 0x0a000050;
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "www.example.com.", DNS_T_AAAA, 300);
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x50 };
	memcpy(rr->d.aaaa, v6, 16);
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "alias.example.com.", DNS_T_CNAME, 60);
	strcpy(rr->d.target, "www.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "80.0.0.10.in-addr.arpa.", DNS_T_PTR, 60);
	strcpy(rr->d.target, "www.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "example.com.", DNS_T_MX, 3600);
	rr->d.mx.pref = 10;
	strcpy(rr->d.mx.exchange, "mail.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "example.com.", DNS_T_TXT, 3600);
	strcpy(rr->d.txt, "v=spf1 -all \"quoted\" back\\slash");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "_http._tcp.example.com.", DNS_T_SRV, 3600);
	rr->d.srv.prio = 0;
	rr->d.srv.weight = 5;
	rr->d.srv.port = 80;
	strcpy(rr->d.srv.target, "www.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "example.com.", 65280, 60);
	rr->rdlen = 4;
	memcpy(rr->rdata, "\x0a\x00\x00\x01", 4);
	rr = dns_msg_add_rr(m, DNS_SEC_NS, "example.com.", DNS_T_NS, 3600);
	strcpy(rr->d.target, "ns1.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_NS, "example.com.", DNS_T_SOA, 3600);
	struct dns_soa *soa = dns_rr_soa(rr);
	strcpy(soa->mname, "ns1.example.com.");
	strcpy(soa->rname, "hostmaster.example.com.");
	soa->serial = 2025010101;
	soa->refresh = 3600;
	soa->retry = 600;
	soa->expire = 86400;
	soa->minimum = 300;
	rr = dns_msg_add_rr(m, DNS_SEC_AR, "", DNS_T_OPT, 0);
	rr->klass = 1232;
	/* Added after the OPT but belongs before it: section order holds. */
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "www.example.com.", DNS_T_A, 300);
	rr->d.a = 0x0a000051;

	uint8_t buf[2048];
	int n;
	struct dns_msg *b = round_trip(m, buf, sizeof buf, &n);
	assert_int_equal(b->ancount, 9);
	assert_int_equal(b->nscount, 2);
	assert_int_equal(b->arcount, 1);
	assert_int_equal(b->flags, m->flags);

	const char *want[] = {
		"10.0.0.80", "2001:db8::50", "www.example.com.", "www.example.com.",
		"10 mail.example.com.", "\"v=spf1 -all \\\"quoted\\\" back\\\\slash\"",
		"0 5 80 www.example.com.", "\\# 4 0A000001", "10.0.0.81",
		"ns1.example.com.", "ns1.example.com. hostmaster.example.com. 2025010101 3600 600 86400 300",
	};
	for (unsigned i = 0; i < 11; i++) {
		assert_string_equal(b->rr[i].name, m->rr[i].name[0] ? m->rr[i].name : ".");
		assert_int_equal(b->rr[i].type, m->rr[i].type);
		assert_int_equal(b->rr[i].ttl, m->rr[i].ttl);
		assert_int_equal(b->rr[i].klass, DNS_C_IN);
		rdata_is(&b->rr[i], want[i]);
		rdata_is(&m->rr[i], want[i]);
	}
	assert_string_equal(b->rr[11].name, ".");
	assert_int_equal(b->rr[11].type, DNS_T_OPT);
	assert_int_equal(b->rr[11].klass, 1232);
	assert_int_equal(b->rr[11].rdlen, 0);

	/* The parsed copy emits the same bytes again. */
	uint8_t buf2[2048];
	assert_int_equal(dns_emit(b, buf2, sizeof buf2), n);
	assert_memory_equal(buf, buf2, (size_t)n);
	dns_msg_free(b);
	dns_msg_free(m);
}

static void test_txt_strings_kept(void **state)
{
	(void)state;
	/* Two character-strings; a parsed record keeps both. */
	static const uint8_t msg[] = {
		0, 1, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0,
		1, 't', 0, 0, 16, 0, 1, 0, 0, 0, 60, 0, 8,
		3, 'a', 'b', 'c', 3, 'd', '"', 0x07,
	};
	struct dns_msg *m = dns_msg_new();
	assert_int_equal(parse_exact(msg, sizeof msg, m, NULL), 0);
	assert_string_equal(m->rr[0].d.txt, "abc");
	rdata_is(&m->rr[0], "\"abc\" \"d\\\"\\007\"");
	uint8_t buf[512];
	assert_int_equal(dns_emit(m, buf, sizeof buf), sizeof msg);
	assert_memory_equal(buf, msg, sizeof msg);
	/* Changing d.txt writes d.txt. */
	strcpy(m->rr[0].d.txt, "xy");
	rdata_is(&m->rr[0], "\"xy\"");
	assert_int_equal(dns_emit(m, buf, sizeof buf), (int)sizeof msg - 5);

	/* Three strings of 200 bytes: more than rdata[] holds, so only the
	 * first is kept (rdlen 0), and written back alone. */
	uint8_t big[12 + 3 + 10 + 603];
	memcpy(big, msg, 12 + 3 + 10);
	wr_be16(big + 12 + 3 + 8, 603);
	for (int k = 0; k < 3; k++) {
		big[25 + k * 201] = 200;
		memset(big + 25 + k * 201 + 1, 'a' + k, 200);
	}
	assert_int_equal(parse_exact(big, sizeof big, m, NULL), 0);
	assert_int_equal(m->rr[0].rdlen, 0);
	assert_int_equal(strlen(m->rr[0].d.txt), 200);
	assert_int_equal(m->rr[0].d.txt[199], 'a');
	uint8_t out[1024];
	assert_int_equal(dns_emit(m, out, sizeof out), 25 + 201);
	dns_msg_free(m);
}

/* ---- compression ---------------------------------------------------------- */

static void test_compression_pointers(void **state)
{
	(void)state;
	struct dns_msg *m = query("www.example.com.", DNS_T_A);
	m->flags |= DNS_F_QR;
	struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, "www.example.com.", DNS_T_CNAME, 60);
	strcpy(rr->d.target, "web.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "web.example.com.", DNS_T_A, 60);
	rr->d.a = 0x0a000050;
	uint8_t buf[512];
	int n = dns_emit(m, buf, sizeof buf);
	static const uint8_t want[] = {
		0x12, 0x34, 0x81, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
		3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0x00, 0x01, 0x00, 0x01,
		/* 33: www.example.com -> the question's name */
		0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 6,
		/* 45: web + pointer to example.com at 16 */
		3, 'w', 'e', 'b', 0xc0, 16,
		/* 51: web.example.com -> 45 */
		0xc0, 45, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 80,
	};
	assert_int_equal(n, sizeof want);
	assert_memory_equal(buf, want, sizeof want);

	/* Case counts: EXAMPLE.com is not example.com to the compressor, so
	 * the letters a client sent come back as sent (dns0x20); only com
	 * is shared. */
	strcpy(m->rr[0].d.target, "web.EXAMPLE.com.");
	n = dns_emit(m, buf, sizeof buf);
	static const uint8_t cased[] = { 3, 'w', 'e', 'b', 7, 'E', 'X', 'A', 'M', 'P', 'L', 'E',
		0xc0, 24 };
	assert_memory_equal(buf + 45, cased, sizeof cased);
	struct dns_msg *p = dns_msg_new();
	assert_int_equal(parse_exact(buf, (size_t)n, p, NULL), 0);
	assert_string_equal(p->rr[0].d.target, "web.EXAMPLE.com.");
	dns_msg_free(p);
	dns_msg_free(m);
}

static void test_srv_target_not_compressed(void **state)
{
	(void)state;
	struct dns_msg *m = query("_x._tcp.example.com.", DNS_T_SRV);
	struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, "_x._tcp.example.com.", DNS_T_SRV, 60);
	strcpy(rr->d.srv.target, "example.com.");
	uint8_t buf[512];
	int n = dns_emit(m, buf, sizeof buf);
	/* question 12..+21+4=37, owner pointer 2, fixed 10, rdata 6 + 13 */
	assert_int_equal(n, 37 + 2 + 10 + 6 + 13);
	assert_memory_equal(buf + n - 13, "\x07" "example\x03" "com", 13);
	dns_msg_free(m);
}

/* ---- names ---------------------------------------------------------------- */

static void test_names(void **state)
{
	(void)state;
	char out[DNS_NAME_TEXT];
	assert_true(dns_name_eq("WWW.Example.com", "www.example.com."));
	assert_false(dns_name_eq("www.example.com", "www.example.co"));
	assert_true(dns_name_eq("a\\.b.c.", "a\\046b.c"));
	assert_false(dns_name_eq("a\\.b.c.", "a.b.c"));
	assert_true(dns_name_norm("WWW.Example.COM", out));
	assert_string_equal(out, "www.example.com.");
	assert_true(dns_name_norm(".", out));
	assert_string_equal(out, ".");
	assert_true(dns_name_norm("a\\032b\\\\", out));
	assert_string_equal(out, "a\\032b\\\\.");
	assert_false(dns_name_norm("a..b", out));
	assert_false(dns_name_norm(".a", out));
	assert_false(dns_name_norm("a\\25", out));
	assert_false(dns_name_norm("a\\256", out));
	char lab[80];
	memset(lab, 'x', 64);
	lab[64] = '\0';
	assert_false(dns_name_norm(lab, out));
	lab[63] = '\0';
	assert_true(dns_name_norm(lab, out));
	/* 4 labels of 63 = 4*64+1 = 257 bytes: too long; 3 of 63 plus 61 fits. */
	char big[400];
	snprintf(big, sizeof big, "%s.%s.%s.%s", lab, lab, lab, lab);
	assert_false(dns_name_norm(big, out));
	big[63 * 3 + 3 + 61] = '\0';
	assert_true(dns_name_norm(big, out));
	big[63 * 3 + 3 + 61] = 'x';
	big[63 * 3 + 3 + 62] = '\0';
	assert_false(dns_name_norm(big, out));

	assert_true(dns_name_under("a.b.example.com.", "example.com."));
	assert_true(dns_name_under("example.com", "EXAMPLE.com."));
	assert_true(dns_name_under("example.com", "."));
	assert_false(dns_name_under("badexample.com.", "example.com."));
	assert_false(dns_name_under("com.", "example.com."));

	dns_ptr_name(0x0a000050, out);
	assert_string_equal(out, "80.0.0.10.in-addr.arpa.");

	char buf[16];
	assert_string_equal(dns_type_name(DNS_T_AAAA, buf), "AAAA");
	assert_string_equal(dns_type_name(65280, buf), "TYPE65280");
	assert_int_equal(dns_type_from_name("aaaa"), DNS_T_AAAA);
	assert_int_equal(dns_type_from_name("TYPE65280"), 65280);
	assert_int_equal(dns_type_from_name("type99999"), 0);
	assert_int_equal(dns_type_from_name("bogus"), 0);
	assert_string_equal(dns_rcode_name(DNS_R_NXDOMAIN, buf), "NXDOMAIN");
	assert_string_equal(dns_rcode_name(DNS_R_REFUSED, buf), "REFUSED");
}

/* A wire name with odd bytes prints escaped and comes back the same. */
static void test_name_escapes_round_trip(void **state)
{
	(void)state;
	static const uint8_t msg[] = {
		0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
		6, 'a', '.', ' ', '\\', 0xff, '*', 1, '@', 0, 0, 1, 0, 1,
	};
	struct dns_msg *m = dns_msg_new();
	assert_int_equal(parse_exact(msg, sizeof msg, m, NULL), 0);
	assert_string_equal(m->qd[0].name, "a\\.\\032\\\\\\255*.\\@.");
	uint8_t buf[64];
	assert_int_equal(dns_emit(m, buf, sizeof buf), sizeof msg);
	assert_memory_equal(buf, msg, sizeof msg);
	dns_msg_free(m);
}

/* ---- hostile input -------------------------------------------------------- */

#define HDR(qd, an) 0, 1, 0x81, 0, 0, qd, 0, an, 0, 0, 0, 0

static void test_bad_pointers(void **state)
{
	(void)state;
	/* A pointer to itself. */
	static const uint8_t self[] = { HDR(1, 0), 0xc0, 12, 0, 1, 0, 1 };
	expect_bad(self, sizeof self, "bad compression pointer");
	/* A forward pointer (to the name after). */
	static const uint8_t fwd[] = { HDR(2, 0), 0xc0, 18, 0, 1, 0, 1, 1, 'a', 0, 0, 1, 0, 1 };
	expect_bad(fwd, sizeof fwd, "bad compression pointer");
	/* A loop: label then pointer back to that label. */
	static const uint8_t loop[] = { HDR(1, 0), 1, 'a', 0xc0, 12, 0, 1, 0, 1 };
	expect_bad(loop, sizeof loop, "bad compression pointer");
	/* Two names pointing at each other: the second points back to the
	 * first, whose pointer points forward into the second. */
	static const uint8_t pair[] = { HDR(2, 0), 1, 'a', 0xc0, 20, 0, 1, 0, 1,
		1, 'b', 0xc0, 12, 0, 1, 0, 1 };
	expect_bad(pair, sizeof pair, "bad compression pointer");
	/* A pointer into the header. */
	static const uint8_t hdr[] = { HDR(1, 0), 0xc0, 0, 0, 1, 0, 1 };
	struct dns_msg *m = dns_msg_new();
	/* Offset 0 holds 0x00 (the id's high byte), i.e. the root: legal. */
	assert_int_equal(parse_exact(hdr, sizeof hdr, m, NULL), 0);
	assert_string_equal(m->qd[0].name, ".");
	/* A chain of backward pointers is fine. */
	static const uint8_t chain[] = { HDR(3, 0), 1, 'a', 0, 0, 1, 0, 1,
		1, 'b', 0xc0, 12, 0, 1, 0, 1, 0xc0, 19, 0, 1, 0, 1 };
	assert_int_equal(parse_exact(chain, sizeof chain, m, NULL), 0);
	assert_string_equal(m->qd[2].name, "b.a.");
	/* Reserved label types 01 and 10. */
	static const uint8_t ext[] = { HDR(1, 0), 0x41, 0, 0, 1, 0, 1 };
	expect_bad(ext, sizeof ext, "bad label type");
	static const uint8_t rsv[] = { HDR(1, 0), 0x80, 0, 0, 1, 0, 1 };
	expect_bad(rsv, sizeof rsv, "bad label type");
	dns_msg_free(m);
}

static void test_long_names(void **state)
{
	(void)state;
	uint8_t msg[600];
	size_t n = 0;
	static const uint8_t h[] = { HDR(1, 0) };
	memcpy(msg, h, sizeof h);
	n = sizeof h;
	/* Labels of 63: 4 of them make 256 bytes with the root. */
	for (int l = 0; l < 4; l++) {
		msg[n++] = 63;
		memset(msg + n, 'x', 63);
		n += 63;
	}
	msg[n++] = 0;
	memcpy(msg + n, "\0\1\0\1", 4);
	expect_bad(msg, n + 4, "name too long");
	/* 3 * 64 + 62 + 1 = 255: fits. */
	msg[12 + 3 * 64] = 61;
	msg[12 + 3 * 64 + 62] = 0;
	memcpy(msg + 12 + 3 * 64 + 63, "\0\1\0\1", 4);
	struct dns_msg *m = dns_msg_new();
	assert_int_equal(parse_exact(msg, 12 + 255 + 4, m, NULL), 0);
	assert_int_equal(strlen(m->qd[0].name), 254);
	/* ... and is emitted back the same. */
	uint8_t buf[600];
	assert_int_equal(dns_emit(m, buf, sizeof buf), 12 + 255 + 4);
	assert_memory_equal(buf, msg, 12 + 255 + 4);
	/* Too long through pointers: 200 bytes + pointer to 200 more. */
	n = 12;
	msg[n++] = 63; memset(msg + n, 'a', 63); n += 63;
	msg[n++] = 63; memset(msg + n, 'a', 63); n += 63;
	msg[n++] = 63; memset(msg + n, 'a', 63); n += 63;
	msg[n++] = 0;
	memcpy(msg + n, "\0\1\0\1", 4); n += 4;
	msg[5] = 2;
	msg[n++] = 63; memset(msg + n, 'b', 63); n += 63;
	msg[n++] = 0xc0; msg[n++] = 12;
	memcpy(msg + n, "\0\1\0\1", 4); n += 4;
	expect_bad(msg, n, "name too long");
	dns_msg_free(m);
}

static void test_truncations(void **state)
{
	(void)state;
	/* A full answer: every proper prefix is "truncated". */
	struct dns_msg *m = query("www.example.com.", DNS_T_MX);
	m->flags |= DNS_F_QR;
	struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, "example.com.", DNS_T_MX, 60);
	rr->d.mx.pref = 5;
	strcpy(rr->d.mx.exchange, "mx.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_NS, "example.com.", DNS_T_SOA, 60);
	strcpy(dns_rr_soa(rr)->mname, "ns.example.com.");
	strcpy(dns_rr_soa(rr)->rname, "root.example.com.");
	uint8_t buf[512];
	int n = dns_emit(m, buf, sizeof buf);
	assert_true(n > 0);
	for (int k = 0; k < n; k++)
		expect_bad(buf, (size_t)k, "truncated");
	struct dns_msg *p = dns_msg_new();
	assert_int_equal(parse_exact(buf, (size_t)n, p, NULL), 0);
	/* With TC set, a message cut at a record boundary keeps what came. */
	buf[2] |= DNS_F_TC >> 8;
	int cut = n - (2 + 10 + 2 + 5 + 2 + 20 + 2 + 0);  /* owner ptr..end of SOA */
	(void)cut;
	dns_msg_free(p);
	dns_msg_free(m);
}

static void test_tc_keeps_whole_records(void **state)
{
	(void)state;
	/* Answer with two A records, TC set, only the first present. */
	static const uint8_t msg[] = {
		0, 1, 0x83, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
		1, 'a', 0, 0, 1, 0, 1,
		0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 1, 2, 3, 4,
	};
	struct dns_msg *m = dns_msg_new();
	assert_int_equal(parse_exact(msg, sizeof msg, m, NULL), 0);
	assert_int_equal(m->ancount, 1);
	assert_true(m->flags & DNS_F_TC);
	/* Cut inside the record: still truncated. */
	expect_bad(msg, sizeof msg - 1, "truncated");
	dns_msg_free(m);
}

static void test_rdlength_lies(void **state)
{
	(void)state;
	/* A with RDLENGTH 5. */
	static const uint8_t a5[] = { HDR(0, 1), 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 5, 1, 2, 3, 4, 5 };
	expect_bad(a5, sizeof a5, "bad rdata length");
	/* AAAA with RDLENGTH 4. */
	static const uint8_t q4[] = { HDR(0, 1), 0, 0, 28, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3, 4 };
	expect_bad(q4, sizeof q4, "bad rdata length");
	/* CNAME whose name ends before RDLENGTH. */
	static const uint8_t cn[] = { HDR(0, 1), 0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 4, 1, 'a', 0, 9 };
	expect_bad(cn, sizeof cn, "bad rdata length");
	/* CNAME whose name runs past RDLENGTH (2 of the 3 bytes). */
	static const uint8_t cn2[] = { HDR(0, 1), 0, 0, 5, 0, 1, 0, 0, 0, 1, 0, 2, 1, 'a', 0 };
	expect_bad(cn2, sizeof cn2, "bad rdata length");
	/* RDLENGTH past the end of the message. */
	static const uint8_t over[] = { HDR(0, 1), 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 4, 1, 2, 3 };
	expect_bad(over, sizeof over, "truncated");
	/* SOA missing its numbers. */
	static const uint8_t soa[] = { HDR(0, 1), 0, 0, 6, 0, 1, 0, 0, 0, 1, 0, 6, 0, 0, 1, 2, 3, 4 };
	expect_bad(soa, sizeof soa, "bad rdata length");
	/* MX of one byte. */
	static const uint8_t mx[] = { HDR(0, 1), 0, 0, 15, 0, 1, 0, 0, 0, 1, 0, 1, 0 };
	expect_bad(mx, sizeof mx, "bad rdata length");
	/* TXT whose string runs past RDLENGTH, and an empty TXT. */
	static const uint8_t txt[] = { HDR(0, 1), 0, 0, 16, 0, 1, 0, 0, 0, 1, 0, 2, 5, 'a' };
	expect_bad(txt, sizeof txt, "bad TXT record");
	static const uint8_t txt0[] = { HDR(0, 1), 0, 0, 16, 0, 1, 0, 0, 0, 1, 0, 0 };
	expect_bad(txt0, sizeof txt0, "bad TXT record");
}

static void test_huge_counts(void **state)
{
	(void)state;
	static const uint8_t qd[] = { 0, 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0 };
	expect_bad(qd, sizeof qd, "too many records");
	static const uint8_t rr[] = { 0, 1, 0, 0, 0, 0, 0, 30, 0, 30, 0, 5 };
	expect_bad(rr, sizeof rr, "too many records");
	static const uint8_t ff[] = { 0, 1, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	expect_bad(ff, sizeof ff, "too many records");
	/* 64 is the limit: claimed but absent is truncated, not refused. */
	static const uint8_t max[] = { 0, 1, 0, 0, 0, 0, 0, 64, 0, 0, 0, 0 };
	expect_bad(max, sizeof max, "truncated");
}

/* ---- UDP truncation ------------------------------------------------------- */

static void test_emit_udp_truncates(void **state)
{
	(void)state;
	struct dns_msg *m = query("many.example.com.", DNS_T_TXT);
	m->flags |= DNS_F_QR | DNS_F_AA;
	for (int i = 0; i < 10; i++) {
		struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, "many.example.com.", DNS_T_TXT, 60);
		memset(rr->d.txt, 'a' + i, 100);
	}
	struct dns_rr *opt = dns_msg_add_rr(m, DNS_SEC_AR, ".", DNS_T_OPT, 0);
	opt->klass = 1232;
	uint8_t buf[2048];
	/* Each record: 2 + 10 + 101 = 113; question 12 + 18 + 4 = 34; OPT 11. */
	assert_int_equal(dns_emit(m, buf, sizeof buf), 34 + 10 * 113 + 11);
	assert_int_equal(dns_emit(m, buf, 512), -1);
	int n = dns_emit_udp(m, buf, 512);
	assert_int_equal(n, 34 + 4 * 113 + 11);
	struct dns_msg *p = dns_msg_new();
	assert_int_equal(parse_exact(buf, (size_t)n, p, NULL), 0);
	assert_true(p->flags & DNS_F_TC);
	assert_true(p->flags & DNS_F_AA);
	assert_int_equal(p->ancount, 4);
	assert_int_equal(p->arcount, 1);
	assert_int_equal(p->rr[4].type, DNS_T_OPT);
	/* When it all fits, no TC. */
	n = dns_emit_udp(m, buf, 1232);
	assert_int_equal(n, 34 + 10 * 113 + 11);
	assert_int_equal(parse_exact(buf, (size_t)n, p, NULL), 0);
	assert_false(p->flags & DNS_F_TC);
	/* A record with an invalid name is an error, not a reason for TC. */
	strcpy(m->rr[0].name, "a..b");
	assert_int_equal(dns_emit_udp(m, buf, 512), -1);
	assert_int_equal(dns_emit(m, buf, sizeof buf), -1);
	/* Nor an SOA without its data. */
	strcpy(m->rr[0].name, "many.example.com.");
	m->rr[0].type = DNS_T_SOA;
	m->rr[0].d.soa = NULL;
	assert_int_equal(dns_emit_udp(m, buf, 512), -1);
	dns_msg_free(p);
	dns_msg_free(m);
}

/* RFC 2181 9: additional records that do not fit are left out, no TC. */
static void test_emit_udp_additional_no_tc(void **state)
{
	(void)state;
	struct dns_msg *m = query("example.com.", DNS_T_NS);
	m->flags |= DNS_F_QR;
	struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, "example.com.", DNS_T_NS, 60);
	strcpy(rr->d.target, "ns.example.com.");
	for (int i = 0; i < 40; i++) {
		rr = dns_msg_add_rr(m, DNS_SEC_AR, "ns.example.com.", DNS_T_A, 60);
		rr->d.a = 0x0a000000u + (uint32_t)i;
	}
	uint8_t buf[512];
	int n = dns_emit_udp(m, buf, 512);
	assert_true(n > 0 && n <= 512);
	struct dns_msg *p = dns_msg_new();
	assert_int_equal(parse_exact(buf, (size_t)n, p, NULL), 0);
	assert_false(p->flags & DNS_F_TC);
	assert_int_equal(p->ancount, 1);
	assert_true(p->arcount > 0 && p->arcount < 40);
	dns_msg_free(p);
	dns_msg_free(m);
}

/* ---- against dig and dnsmasq ------------------------------------------- */

/* The DNS message inside a fixture frame (Ethernet, IPv4, UDP or TCP with
 * its length prefix). */
static const uint8_t *fixture_dns(const struct wire_fixture *f, size_t *len)
{
	const uint8_t *ip = f->bytes + ETH_HLEN;
	size_t ihl = (size_t)(ip[0] & 0x0f) * 4, tot = rd_be16(ip + 2);
	const uint8_t *l4 = ip + ihl;
	if (ip[9] == 17) {
		*len = tot - ihl - 8;
		return l4 + 8;
	}
	size_t thl = (size_t)(l4[12] >> 4) * 4;
	*len = tot - ihl - thl - 2;
	return l4 + thl + 2;
}

static const struct wire_fixture *fixture(const char *name)
{
	for (size_t i = 0; i < WIRE_FIXTURES_COUNT; i++)
		if (strcmp(wire_fixtures[i].name, name) == 0)
			return &wire_fixtures[i];
	fail_msg("no fixture %s", name);
	return NULL;
}

/* Same header, questions, and records as dig would print them. */
static void assert_same_msg(const struct dns_msg *a, const struct dns_msg *b)
{
	char ta[2048], tb[2048];
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->qdcount, b->qdcount);
	assert_int_equal(a->ancount, b->ancount);
	assert_int_equal(a->nscount, b->nscount);
	assert_int_equal(a->arcount, b->arcount);
	for (unsigned i = 0; i < a->qdcount; i++) {
		assert_string_equal(a->qd[i].name, b->qd[i].name);
		assert_int_equal(a->qd[i].type, b->qd[i].type);
		assert_int_equal(a->qd[i].klass, b->qd[i].klass);
	}
	for (unsigned i = 0; i < (unsigned)a->ancount + a->nscount + a->arcount; i++) {
		assert_string_equal(a->rr[i].name, b->rr[i].name);
		assert_int_equal(a->rr[i].type, b->rr[i].type);
		assert_int_equal(a->rr[i].klass, b->rr[i].klass);
		assert_int_equal(a->rr[i].ttl, b->rr[i].ttl);
		dns_rdata_text(&a->rr[i], ta, sizeof ta);
		dns_rdata_text(&b->rr[i], tb, sizeof tb);
		assert_string_equal(ta, tb);
	}
}

/* Every message dig and dnsmasq exchanged parses; written back it is the
 * same message, and the same bytes where dnsmasq compresses as servers
 * do (owner names against earlier names, SRV targets whole, later names
 * pointing into them).  dnsmasq writes the names inside NS, CNAME, PTR,
 * MX and SOA data whole, and in --auth-zone mode most owner names too;
 * RFC 1035 4.1.4 lets them be pointers and BIND's named makes them so,
 * as dns_emit does: those messages come out shorter. */
static void test_dnsmasq_messages(void **state)
{
	(void)state;
	static const char *const same[] = {
		"udp_dns_query", "dns_query_a", "dns_query_edns", "dns_query_ptr",
		"dns_query_type65280", "dns_query_norecurse", "dns_query_cd_ad", "dns_answer_a",
		"dns_answer_edns", "dns_answer_aaaa", "dns_answer_srv", "dns_answer_empty",
		"dns_answer_nxdomain", "dns_answer_refused", "dns_answer_truncated",
		"dns_tcp_query", "dns_tcp_answer", "dns_query_chaos", "dns_query_chaos_root",
		"dns_answer_refused_chaos", "dns_auth_refused", "dns_odd_label", "dns_opt_in_answer",
		"dns_query_odd_flags", "dns_notify", "mdns_query_qu",
	};
	static const char *const shorter[] = {
		"dns_auth_answer_a", "dns_auth_answer_edns", "dns_auth_nodata_aaaa",
		"dns_auth_cname", "dns_auth_mx", "dns_auth_txt", "dns_auth_srv", "dns_auth_soa",
		"dns_auth_ns", "dns_auth_ptr", "dns_auth_nxdomain", "dns_auth_type65280",
		"dns_answer_cname", "dns_answer_mx",
	};
	struct dns_msg *m = dns_msg_new(), *b = dns_msg_new();
	uint8_t out[1024];
	for (size_t k = 0; k < sizeof same / sizeof same[0] + sizeof shorter / sizeof shorter[0]; k++) {
		bool is_same = k < sizeof same / sizeof same[0];
		const char *name = is_same ? same[k] : shorter[k - sizeof same / sizeof same[0]];
		size_t len;
		const uint8_t *msg = fixture_dns(fixture(name), &len);
		const char *why = NULL;
		if (parse_exact(msg, len, m, &why) != 0)
			fail_msg("%s: %s", name, why);
		int n = dns_emit(m, out, sizeof out);
		if (is_same) {
			if (n != (int)len || memcmp(out, msg, len) != 0)
				fail_msg("%s: written back, not the same bytes", name);
		} else if (n <= 0 || n >= (int)len) {
			fail_msg("%s: written back in %d bytes, dnsmasq %zu", name, n, len);
		}
		assert_int_equal(parse_exact(out, (size_t)n, b, NULL), 0);
		assert_same_msg(m, b);
	}
	dns_msg_free(b);
	dns_msg_free(m);
}

/* Built from nothing, dnsmasq's SRV answer (target written whole, as RFC
 * 2782 asks; the additional A and AAAA owners point into it), byte for
 * byte; and its MX answer as named would send it (the exchange "mail" +
 * a pointer to the question's example.com, where dnsmasq repeats it). */
static void test_built_like_dnsmasq(void **state)
{
	(void)state;
	size_t len;
	const uint8_t *want = fixture_dns(fixture("dns_answer_srv"), &len);
	struct dns_msg *m = query("_http._tcp.example.com.", DNS_T_SRV);
	m->id = rd_be16(want);
	m->flags = DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_F_RA;
	struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, "_http._tcp.example.com.", DNS_T_SRV, 0);
	rr->d.srv.prio = 0;
	rr->d.srv.weight = 5;
	rr->d.srv.port = 80;
	strcpy(rr->d.srv.target, "www.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AR, "www.example.com.", DNS_T_A, 0);
	rr->d.a = 0x0a000050;
	rr = dns_msg_add_rr(m, DNS_SEC_AR, "www.example.com.", DNS_T_AAAA, 0);
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x50 };
	memcpy(rr->d.aaaa, v6, 16);
	uint8_t out[512];
	assert_int_equal(dns_emit(m, out, sizeof out), (int)len);
	assert_memory_equal(out, want, len);
	dns_msg_free(m);

	want = fixture_dns(fixture("dns_answer_mx"), &len);
	m = query("example.com.", DNS_T_MX);
	m->id = rd_be16(want);
	m->flags = DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_F_RA;
	rr = dns_msg_add_rr(m, DNS_SEC_AN, "example.com.", DNS_T_MX, 0);
	rr->d.mx.pref = 10;
	strcpy(rr->d.mx.exchange, "mail.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AR, "mail.example.com.", DNS_T_A, 0);
	rr->d.a = 0x0a000019;
	int n = dns_emit(m, out, sizeof out);
	/* dnsmasq: 12 + 17 question; answer c00c ... 0014 000a 04mail 07example 03com 00;
	 * additional c02b (its "mail").  named's: the exchange is 04mail c00c
	 * (RDLENGTH 9); "mail" is still at 43, where the additional owner
	 * points. */
	static const uint8_t tail[] = {
		0xc0, 0x0c, 0x00, 0x0f, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09,
		0x00, 0x0a, 0x04, 'm', 'a', 'i', 'l', 0xc0, 0x0c,
		0xc0, 0x2b, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
		0x0a, 0x00, 0x00, 0x19,
	};
	assert_int_equal(n, 29 + (int)sizeof tail);
	assert_memory_equal(out, want, 29);
	assert_memory_equal(out + 29, tail, sizeof tail);
	dns_msg_free(m);
}

/* RDATA as dig 9.18 printed it for the fixtures' answers, and for records
 * dnsmasq served raw (--dns-rr) to see dig's escapes. */
static void test_rdata_text_as_dig(void **state)
{
	(void)state;
	struct dns_msg *m = dns_msg_new();
	size_t len;
	const uint8_t *msg;
	static const struct { const char *fx; unsigned rr; const char *text; } cases[] = {
		{ "dns_auth_soa", 0, "ns1.example.com. hostmaster.example.com. 2025010101 3600 600 86400 600" },
		{ "dns_auth_nxdomain", 0, "ns1.example.com. hostmaster.example.com. 2025010101 3600 600 86400 600" },
		{ "dns_auth_txt", 0, "\"v=spf1 -all\" \"second \\\"q\\\"\"" },
		{ "dns_auth_srv", 0, "0 5 80 www.example.com." },
		{ "dns_auth_mx", 0, "10 mail.example.com." },
		{ "dns_auth_ns", 0, "ns1.example.com." },
		{ "dns_auth_ptr", 0, "www.example.com." },
		{ "dns_auth_cname", 0, "www.example.com." },
		{ "dns_auth_type65280", 0, "\\# 4 0A000001" },
		{ "dns_answer_aaaa", 0, "2001:db8::50" },
		{ "dns_answer_a", 0, "10.0.0.80" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		msg = fixture_dns(fixture(cases[i].fx), &len);
		assert_int_equal(parse_exact(msg, len, m, NULL), 0);
		rdata_is(&m->rr[cases[i].rr], cases[i].text);
	}

	struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, "long.example.com.", 65280, 0);
	rr->rdlen = 64;
	for (int i = 0; i < 64; i++)
		rr->rdata[i] = (uint8_t)i;
	rdata_is(rr, "\\# 64 000102030405060708090A0B0C0D0E0F101112131415161718191A1B "
		     "1C1D1E1F202122232425262728292A2B2C2D2E2F3031323334353637 38393A3B3C3D3E3F");
	rr->rdlen = 0;
	rdata_is(rr, "\\# 0");
	rr->type = DNS_T_TXT;
	memcpy(rr->rdata, "\x05" "a\";\\@", 6);
	rr->rdlen = 6;
	strcpy(rr->d.txt, "a\";\\@");
	rdata_is(rr, "\"a\\\";\\\\@\"");
	memcpy(rr->rdata, "\x03\xe9\x0a\x7f", 4);
	rr->rdlen = 4;
	strcpy(rr->d.txt, "\xe9\x0a\x7f");
	rdata_is(rr, "\"\\233\\010\\127\"");
	rr->type = DNS_T_CNAME;
	strcpy(rr->d.target, "a\\.b\\\\.com.");
	rdata_is(rr, "a\\.b\\\\.com.");
	/* Names as given are printed in dig's form. */
	rr->type = DNS_T_PTR;
	strcpy(rr->d.target, "a\\032b\\(\\)\\;\\@\\$\\009\\\"\\233.com");
	rdata_is(rr, "a\\032b\\(\\)\\;\\@\\$\\009\\\"\\233.com.");
	strcpy(rr->d.target, "a b(\\233).com");
	rdata_is(rr, "a\\032b\\(\\233\\).com.");
	dns_msg_free(m);
}

/* The crafted corners of the describer fixtures, as the parser sees them. */
static void test_crafted_fixtures(void **state)
{
	(void)state;
	static const struct { const char *fx; const char *why; } bad[] = {
		{ "dns_bad_ptr_loop", "bad compression pointer" },
		{ "dns_bad_ptr_forward", "bad compression pointer" },
		{ "dns_cut_answer", "truncated" },
		{ "dns_short", "truncated" },
	};
	size_t len;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const uint8_t *msg = fixture_dns(fixture(bad[i].fx), &len);
		expect_bad(msg, len, bad[i].why);
	}
	struct dns_msg *m = dns_msg_new();
	const uint8_t *msg = fixture_dns(fixture("dns_odd_label"), &len);
	assert_int_equal(parse_exact(msg, len, m, NULL), 0);
	assert_string_equal(m->qd[0].name, "a\\.b\\233\\007.com.");
	msg = fixture_dns(fixture("mdns_query_qu"), &len);
	assert_int_equal(parse_exact(msg, len, m, NULL), 0);
	assert_int_equal(m->qd[0].klass, 0x8001);
	msg = fixture_dns(fixture("dns_opt_in_answer"), &len);
	assert_int_equal(parse_exact(msg, len, m, NULL), 0);
	assert_int_equal(m->rr[0].type, DNS_T_OPT);
	assert_int_equal(m->rr[0].klass, 1232);
	assert_int_equal(m->rr[0].ttl, 0x01008000u);
	assert_int_equal(m->rr[0].rdlen, 12);
	dns_msg_free(m);
}

/* Records written by dns_emit and served to the real dig 9.18 (a UDP
 * server in a namespace answering with these bytes): dig read the message
 * (its compression included) and printed each RDATA as dns_rdata_text()
 * does; these are dig's texts, copied from its ANSWER SECTION. */
static void test_rdata_text_as_dig_read_ours(void **state)
{
	(void)state;
	struct dns_msg *m = query("www.example.com.", DNS_T_A);
	const char *o = "www.example.com.";
	struct dns_rr *rr;
	m->flags = DNS_F_QR | DNS_F_AA | DNS_F_RD;
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_A, 60);
	rr->d.a = 0x0a000050;
	static const uint8_t v6[3][16] = {
		{ 0x20, 1, 0x0d, 0xb8, [15] = 0x50 }, { [10] = 0xff, [11] = 0xff, [12] = 10, [15] = 1 }, { 0 },
	};
	for (int i = 0; i < 3; i++) {
		rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_AAAA, 60);
		memcpy(rr->d.aaaa, v6[i], 16);
	}
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_NS, 60);
	strcpy(rr->d.target, "ns1.Example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_CNAME, 60);
	strcpy(rr->d.target, "x.example.com");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_PTR, 60);
	strcpy(rr->d.target, "a\\032b\\(\\)\\;\\@\\$\\009\\\"\\233\\.x.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_MX, 60);
	rr->d.mx.pref = 65535;
	strcpy(rr->d.mx.exchange, ".");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_TXT, 60);
	memcpy(rr->rdata, "\x05" "a\";\\@" "\x00" "\x04" "\xe9\x0a\x7f ", 12);
	rr->rdlen = 12;
	strcpy(rr->d.txt, "a\";\\@");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_TXT, 60);
	strcpy(rr->d.txt, "plain text (with) parens; and $ and @");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_SRV, 60);
	rr->d.srv.prio = 1;
	rr->d.srv.weight = 2;
	rr->d.srv.port = 443;
	strcpy(rr->d.srv.target, "www.example.com.");
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, DNS_T_SOA, 60);
	struct dns_soa *soa = dns_rr_soa(rr);
	strcpy(soa->mname, "ns1.example.com.");
	strcpy(soa->rname, "host\\.master.example.com.");
	soa->serial = 4294967295u;
	soa->refresh = 1;
	soa->retry = 2;
	soa->expire = 3;
	soa->minimum = 0;
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, 65280, 60);
	rr->rdlen = 64;
	for (int i = 0; i < 64; i++)
		rr->rdata[i] = (uint8_t)(i * 7);
	rr = dns_msg_add_rr(m, DNS_SEC_AN, o, 65283, 60);
	rr->rdlen = 29;
	memset(rr->rdata, 0xcd, 29);
	rr = dns_msg_add_rr(m, DNS_SEC_AR, ".", DNS_T_OPT, 0);
	rr->klass = 1232;

	static const char *const dig[] = {
		"10.0.0.80", "2001:db8::50", "::ffff:10.0.0.1", "::", "ns1.Example.com.",
		"x.example.com.", "a\\032b\\(\\)\\;\\@\\$\\009\\\"\\233\\.x.example.com.", "65535 .",
		"\"a\\\";\\\\@\" \"\" \"\\233\\010\\127 \"",
		"\"plain text (with) parens; and $ and @\"", "1 2 443 www.example.com.",
		"ns1.example.com. host\\.master.example.com. 4294967295 1 2 3 0",
		"\\# 64 00070E151C232A31383F464D545B626970777E858C939AA1A8AFB6BD "
		"C4CBD2D9E0E7EEF5FC030A11181F262D343B424950575E656C737A81 888F969DA4ABB2B9",
		"\\# 29 CDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCD CD",
	};
	uint8_t buf[2048];
	int n;
	struct dns_msg *b = round_trip(m, buf, sizeof buf, &n);
	assert_int_equal(b->ancount, sizeof dig / sizeof dig[0]);
	for (unsigned i = 0; i < b->ancount; i++) {
		rdata_is(&m->rr[i], dig[i]);
		rdata_is(&b->rr[i], dig[i]);
	}
	dns_msg_free(b);
	dns_msg_free(m);
}

/* dnsmasq's answer for six 100-byte TXT records over UDP without EDNS:
 * four whole records in 485 bytes, TC set.  dns_emit_udp at 512, given
 * the six, writes the same bytes. */
static void test_emit_udp_like_dnsmasq(void **state)
{
	(void)state;
	size_t len;
	const uint8_t *want = fixture_dns(fixture("dns_answer_truncated"), &len);
	struct dns_msg *m = query("big.example.com.", DNS_T_TXT);
	m->id = rd_be16(want);
	m->flags = DNS_F_QR | DNS_F_AA | DNS_F_RD | DNS_F_RA;
	for (int i = 0; i < 6; i++) {
		struct dns_rr *rr = dns_msg_add_rr(m, DNS_SEC_AN, "big.example.com.", DNS_T_TXT, 0);
		memset(rr->d.txt, 'f' - i, 100);
	}
	uint8_t out[1024];
	assert_int_equal(dns_emit_udp(m, out, DNS_UDP_MAX), (int)len);
	assert_memory_equal(out, want, len);
	dns_msg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_bytes),
		cmocka_unit_test(test_every_type_round_trips),
		cmocka_unit_test(test_txt_strings_kept),
		cmocka_unit_test(test_compression_pointers),
		cmocka_unit_test(test_srv_target_not_compressed),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_name_escapes_round_trip),
		cmocka_unit_test(test_bad_pointers),
		cmocka_unit_test(test_long_names),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_tc_keeps_whole_records),
		cmocka_unit_test(test_rdlength_lies),
		cmocka_unit_test(test_huge_counts),
		cmocka_unit_test(test_emit_udp_truncates),
		cmocka_unit_test(test_emit_udp_additional_no_tc),
		cmocka_unit_test(test_dnsmasq_messages),
		cmocka_unit_test(test_built_like_dnsmasq),
		cmocka_unit_test(test_rdata_text_as_dig),
		cmocka_unit_test(test_crafted_fixtures),
		cmocka_unit_test(test_rdata_text_as_dig_read_ours),
		cmocka_unit_test(test_emit_udp_like_dnsmasq),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
