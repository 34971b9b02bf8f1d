/* dns_fuzz_driver.h — run one fuzz input through the DNS message code.
 *
 * Shared, header-only, by the libFuzzer target (fuzz/fuzz_dns.c, built by
 * fuzz/build.sh) and the regression test that replays what it found
 * (tests/unit/test_dns_fuzz_regress.c), so that both run exactly this.
 *
 * The input is the bytes of a DNS message, as a server or a resolver
 * would receive them from the network.  For each:
 *
 *   1. dns_parse().  On failure, nothing more (but the reason must be
 *      one of the words dns.h documents).
 *   2. On success: every name must be a name dns_name_norm() accepts and
 *      dns_name_eq() finds equal to its normal form; dns_rdata_text() on
 *      every record; dns_emit() must succeed (anything parsed can be
 *      written back) and dns_parse() of what it wrote must give the same
 *      message (field by field: see dfz_same); dns_emit_udp() at 512 bytes
 *      must give a message that parses, no longer than 512 bytes unless
 *      the question alone is longer.
 *   3. Always: the bytes as the payload of a UDP datagram to port 53, and
 *      of a TCP segment with the two-byte length prefix, through
 *      wire_describe() (tcpdump's DNS printer, describe_dns.c).
 *
 * A broken property calls abort(), which libFuzzer reports as a crash
 * and the regression test as a failed case.
 */
#ifndef WL_DNS_FUZZ_DRIVER_H
#define WL_DNS_FUZZ_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/bytes.h"
#include "wire/describe.h"
#include "wire/dns.h"

#define DFZ_MAX_INPUT 65535             /* a DNS message is at most this */
#define DFZ_OUT (128 * 1024)            /* room for any parsed message, rewritten */

static void dfz_fail(const char *what)
{
	fprintf(stderr, "dns fuzz driver: %s\n", what);
	abort();
}

static bool dfz_known_reason(const char *why)
{
	static const char *const reasons[] = {
		"truncated", "bad compression pointer", "name too long", "too many records",
		"bad label type", "bad rdata length", "bad TXT record", "rdata too long",
	};
	for (size_t i = 0; i < sizeof reasons / sizeof reasons[0]; i++)
		if (why && strcmp(why, reasons[i]) == 0)
			return true;
	return false;
}

static void dfz_check_name(const char *name)
{
	char norm[DNS_NAME_TEXT];
	if (!dns_name_norm(name, norm))
		dfz_fail("a parsed name is not a valid name");
	if (!dns_name_eq(name, norm))
		dfz_fail("a parsed name differs from its normal form");
	if (!dns_name_under(name, "."))
		dfz_fail("a parsed name is not under the root");
}

/* The same record, as far as the structure says anything. */
static bool dfz_same_rr(const struct dns_rr *a, const struct dns_rr *b)
{
	if (strcmp(a->name, b->name) != 0 || a->type != b->type || a->klass != b->klass ||
	    a->ttl != b->ttl)
		return false;
	switch (a->type) {
	case DNS_T_A:
		return a->d.a == b->d.a;
	case DNS_T_AAAA:
		return memcmp(a->d.aaaa, b->d.aaaa, 16) == 0;
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		return strcmp(a->d.target, b->d.target) == 0;
	case DNS_T_MX:
		return a->d.mx.pref == b->d.mx.pref &&
		       strcmp(a->d.mx.exchange, b->d.mx.exchange) == 0;
	case DNS_T_SRV:
		return a->d.srv.prio == b->d.srv.prio && a->d.srv.weight == b->d.srv.weight &&
		       a->d.srv.port == b->d.srv.port &&
		       strcmp(a->d.srv.target, b->d.srv.target) == 0;
	case DNS_T_SOA:
		return a->d.soa && b->d.soa && strcmp(a->d.soa->mname, b->d.soa->mname) == 0 &&
		       strcmp(a->d.soa->rname, b->d.soa->rname) == 0 &&
		       a->d.soa->serial == b->d.soa->serial &&
		       a->d.soa->refresh == b->d.soa->refresh &&
		       a->d.soa->retry == b->d.soa->retry &&
		       a->d.soa->expire == b->d.soa->expire &&
		       a->d.soa->minimum == b->d.soa->minimum;
	case DNS_T_TXT:
		/* Over 512 bytes of strings, only the first is kept (rdlen 0,
		 * dns.h). */
		if (strcmp(a->d.txt, b->d.txt) != 0)
			return false;
		if (a->rdlen == 0)
			return true;
		return a->rdlen == b->rdlen && memcmp(a->rdata, b->rdata, a->rdlen) == 0;
	default:
		return a->rdlen == b->rdlen && memcmp(a->rdata, b->rdata, a->rdlen) == 0;
	}
}

static bool dfz_same(const struct dns_msg *a, const struct dns_msg *b)
{
	if (a->id != b->id || a->flags != b->flags || a->qdcount != b->qdcount ||
	    a->ancount != b->ancount || a->nscount != b->nscount || a->arcount != b->arcount)
		return false;
	for (unsigned i = 0; i < a->qdcount; i++)
		if (strcmp(a->qd[i].name, b->qd[i].name) != 0 || a->qd[i].type != b->qd[i].type ||
		    a->qd[i].klass != b->qd[i].klass)
			return false;
	unsigned n = (unsigned)a->ancount + a->nscount + a->arcount;
	for (unsigned i = 0; i < n; i++)
		if (!dfz_same_rr(&a->rr[i], &b->rr[i]))
			return false;
	return true;
}

static void dfz_describe(const uint8_t *data, size_t size, bool tcp)
{
	size_t hl = tcp ? 20 + 2 : 8, n = 20 + hl + size;
	uint8_t *p = malloc(n);
	char line[512];
	if (!p)
		abort();
	memset(p, 0, 20 + hl);
	p[0] = 0x45;
	wr_be16(p + 2, (uint16_t)n);
	p[8] = 64;
	p[9] = tcp ? 6 : 17;
	wr_be32(p + 12, 0x0a000001);
	wr_be32(p + 16, 0x0a000035);
	wr_be16(p + 20, 40000);
	wr_be16(p + 22, 53);
	if (tcp) {
		p[20 + 12] = 0x50;
		p[20 + 13] = 0x18;
		wr_be16(p + 20 + 20, (uint16_t)size);
	} else {
		wr_be16(p + 24, (uint16_t)(8 + size));
	}
	memcpy(p + 20 + hl, data, size);
	size_t len = wire_describe(p, (uint32_t)n, 1, line, sizeof line);
	if (len == 0 || strlen(line) != (len < sizeof line ? len : sizeof line - 1))
		dfz_fail("wire_describe: bad line length");
	free(p);
}

static void dns_fuzz_run(const uint8_t *data, size_t size)
{
	if (size > DFZ_MAX_INPUT)
		size = DFZ_MAX_INPUT;
	dfz_describe(data, size, false);
	if (size + 22 <= 65535)
		dfz_describe(data, size, true);

	struct dns_msg *m = dns_msg_new(), *back = dns_msg_new();
	uint8_t *out = malloc(DFZ_OUT);
	const char *why = NULL;
	char text[4096];
	if (!out)
		abort();
	if (dns_parse(data, size, m, &why) != 0) {
		if (!dfz_known_reason(why))
			dfz_fail("dns_parse failed without a documented reason");
		goto done;
	}
	for (unsigned i = 0; i < m->qdcount; i++)
		dfz_check_name(m->qd[i].name);
	unsigned n = (unsigned)m->ancount + m->nscount + m->arcount;
	for (unsigned i = 0; i < n; i++) {
		const struct dns_rr *rr = &m->rr[i];
		dfz_check_name(rr->name);
		if (rr->rdlen > sizeof rr->rdata)
			dfz_fail("rdlen beyond rdata[]");
		dns_rdata_text(rr, text, sizeof text);
		if (strlen(text) >= sizeof text)
			dfz_fail("dns_rdata_text overran");
		dns_rdata_text(rr, text, 8);    /* a small buffer: cut, terminated */
		if (strlen(text) >= 8)
			dfz_fail("dns_rdata_text ignored its cap");
	}

	int len = dns_emit(m, out, DFZ_OUT);
	if (len < DNS_HLEN)
		dfz_fail("dns_emit refused a message dns_parse accepted");
	if (dns_parse(out, (size_t)len, back, &why) != 0) {
		fprintf(stderr, "reparse: %s\n", why);
		dfz_fail("dns_parse refused what dns_emit wrote");
	}
	if (!dfz_same(m, back))
		dfz_fail("parse(emit(parse(x))) differs from parse(x)");
	/* Written again, the same bytes. */
	{
		uint8_t *again = malloc(DFZ_OUT);
		if (!again)
			abort();
		if (dns_emit(back, again, DFZ_OUT) != len || memcmp(again, out, (size_t)len) != 0)
			dfz_fail("emit(parse(emit(m))) differs from emit(m)");
		free(again);
	}

	len = dns_emit_udp(m, out, DNS_UDP_MAX);
	if (len >= 0) {
		if (len > DNS_UDP_MAX)
			dfz_fail("dns_emit_udp went past its limit");
		if (dns_parse(out, (size_t)len, back, &why) != 0)
			dfz_fail("dns_parse refused what dns_emit_udp wrote");
		if (back->ancount > m->ancount || back->nscount > m->nscount ||
		    back->arcount > m->arcount)
			dfz_fail("dns_emit_udp grew a section");
	}
done:
	free(out);
	dns_msg_free(back);
	dns_msg_free(m);
}

#endif
