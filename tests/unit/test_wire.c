/* test_wire.c — the wire formats (sim/wire/) against known bytes.
 *
 * Checksums against RFC 1071's worked example and the classic IPv4 header
 * whose checksum is 0xb861; incremental updates (RFC 1624) against full
 * recomputation over many pseudo-random headers; parse/emit round trips
 * against hand-laid frames (tests/unit/wire_fixtures.h); every malformed
 * case each parser names; and wire_describe() against the lines tcpdump
 * prints for the fixtures, on every truncation of them, and on junk.
 *
 * Every packet handed to a parser or to wire_describe() is first copied
 * into a heap block of exactly its length, so that AddressSanitizer sees
 * any read past the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "wire/arp.h"
#include "wire/bytes.h"
#include "wire/csum.h"
#include "wire/describe.h"
#include "wire/eth.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/udp.h"

#include "wire_fixtures.h"

/* ---- helpers ------------------------------------------------------------ */

/* A heap copy of exactly n bytes (at least 1 allocated, none readable
 * past n as far as ASan is concerned when n > 0). */
static uint8_t *dup_exact(const uint8_t *b, uint32_t n)
{
	uint8_t *p = malloc(n ? n : 1);

	assert_non_null(p);
	if (n)
		memcpy(p, b, n);
	return p;
}

static const struct wire_fixture *fixture(const char *name)
{
	for (size_t i = 0; i < WIRE_FIXTURES_COUNT; i++)
		if (strcmp(wire_fixtures[i].name, name) == 0)
			return &wire_fixtures[i];
	fail_msg("no fixture %s", name);
	return NULL;
}

/* A small deterministic generator (xorshift32): the same numbers on every
 * run and machine. */
static uint32_t next_rand(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

/* The checksum as RFC 1071 defines it, computed the slow obvious way in
 * 64 bits, to check csum_* against. */
static uint16_t ref_csum(const uint8_t *b, size_t n)
{
	uint64_t sum = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint64_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		sum += (uint64_t)b[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The classic IPv4 header: 192.168.0.1 -> 192.168.0.199, UDP, total
 * length 115, DF, TTL 64, checksum 0xb861. */
static const uint8_t classic_ip[IPV4_HLEN] = {
	0x45, 0x00, 0x00, 0x73,
	0x00, 0x00, 0x40, 0x00,
	0x40, 0x11, 0xb8, 0x61,
	0xc0, 0xa8, 0x00, 0x01,
	0xc0, 0xa8, 0x00, 0xc7,
};

/* ---- bytes.h ------------------------------------------------------------ */

static void test_bytes(void **state)
{
	uint8_t b[6] = { 0 };

	(void)state;
	wr_be16(b + 1, 0x1234);
	assert_int_equal(b[0], 0);
	assert_int_equal(b[1], 0x12);
	assert_int_equal(b[2], 0x34);
	assert_int_equal(rd_be16(b + 1), 0x1234);
	wr_be32(b + 1, 0x0a000001);         /* 10.0.0.1, at an odd address */
	assert_memory_equal(b + 1, ((const uint8_t[]){ 10, 0, 0, 1 }), 4);
	assert_int_equal(rd_be32(b + 1), 0x0a000001);
	wr_be32(b, 0xffffffffu);
	assert_int_equal(rd_be32(b), 0xffffffffu);
	assert_int_equal(rd_be16(b + 2), 0xffff);
}

/* ---- csum --------------------------------------------------------------- */

static void test_csum_rfc1071_example(void **state)
{
	/* RFC 1071 3, "Numerical Examples": bytes 00 01 f2 03 f4 f5 f6 f7;
	 * "the sum is: 2ddf0, ... carrys: ddf2", checksum ~ddf2 = 220d. */
	static const uint8_t d[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	(void)state;
	assert_int_equal(csum_add(0, d, sizeof d), 0x2ddf0);
	assert_int_equal(csum_fold(0x2ddf0), 0x220d);
	assert_int_equal(csum_inet(d, sizeof d), 0x220d);
	/* Byte-order independence (RFC 1071 2(B)): the swapped sum. */
	{
		static const uint8_t sw[8] = { 0x01, 0x00, 0x03, 0xf2, 0xf5, 0xf4, 0xf7, 0xf6 };

		assert_int_equal(csum_fold(csum_add(0, sw, 8)), 0x0d22);
	}
}

static void test_csum_classic_ipv4(void **state)
{
	uint8_t h[IPV4_HLEN];

	(void)state;
	/* With its checksum in place the header sums to -0. */
	assert_int_equal(csum_inet(classic_ip, IPV4_HLEN), 0);
	memcpy(h, classic_ip, IPV4_HLEN);
	wr_be16(h + 10, 0);
	assert_int_equal(csum_inet(h, IPV4_HLEN), 0xb861);
}

static void test_csum_odd_and_edges(void **state)
{
	static const uint8_t three[3] = { 0x01, 0x02, 0x03 };
	uint8_t z[64] = { 0 }, ff[64];

	(void)state;
	/* "Add left-over byte": the odd byte is the high half of a word. */
	assert_int_equal(csum_add(0, three, 1), 0x0100);
	assert_int_equal(csum_add(0, three, 3), 0x0102 + 0x0300);
	assert_int_equal(csum_inet(three, 3), (uint16_t)~(0x0102 + 0x0300));
	assert_int_equal(csum_add(7, three, 0), 7);
	/* All zeros: sum +0, checksum 0xffff.  All ones: sum -0 (0xffff),
	 * checksum 0. */
	assert_int_equal(csum_inet(z, sizeof z), 0xffff);
	memset(ff, 0xff, sizeof ff);
	assert_int_equal(csum_inet(ff, sizeof ff), 0x0000);
	assert_int_equal(csum_fold(0), 0xffff);
	assert_int_equal(csum_fold(0xffff), 0);
	assert_int_equal(csum_fold(0xffffffffu), 0);
}

static void test_csum_long_no_overflow(void **state)
{
	/* 1 MiB of 0xff words would overflow a naive 32-bit accumulator
	 * 16 times over; csum_add folds as it goes. */
	size_t n = 1u << 20;
	uint8_t *b = malloc(n + 1);
	uint32_t seed = 12345;

	(void)state;
	assert_non_null(b);
	memset(b, 0xff, n + 1);
	assert_int_equal(csum_inet(b, n), ref_csum(b, n));
	assert_int_equal(csum_inet(b, n + 1), ref_csum(b, n + 1));
	for (size_t i = 0; i <= n; i++)
		b[i] = (uint8_t)next_rand(&seed);
	assert_int_equal(csum_inet(b, n), ref_csum(b, n));
	assert_int_equal(csum_inet(b, n + 1), ref_csum(b, n + 1));
	/* A partial sum near the top still chains safely. */
	assert_int_equal(csum_fold(csum_add(0x7fffffffu, b, 4096)),
			 csum_fold(csum_add(csum_add(0, (const uint8_t[]){ 0x7f, 0xff, 0xff, 0xff }, 4), b, 4096)));
	free(b);
}

static void test_csum_chaining(void **state)
{
	uint8_t b[101];
	uint32_t seed = 99;

	(void)state;
	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (uint8_t)next_rand(&seed);
	/* Every even split point gives the same sum as one call ... */
	for (size_t k = 0; k <= sizeof b; k += 2)
		assert_int_equal(csum_fold(csum_add(csum_add(0, b, k), b + k, sizeof b - k)),
				 csum_inet(b, sizeof b));
	/* ... and an odd one does not (which csum.h warns about): the bytes
	 * after it land in the wrong half of their words. */
	assert_int_not_equal(csum_fold(csum_add(csum_add(0, b, 1), b + 1, sizeof b - 1)),
			     csum_inet(b, sizeof b));
}

static void test_csum_pseudo_ipv4(void **state)
{
	/* The pseudo-header laid out in bytes (RFC 768). */
	static const uint8_t ph[12] = {
		0xc0, 0xa8, 0x00, 0x01,  0xc0, 0xa8, 0x00, 0xc7,
		0x00, 0x11, 0x00, 0x5f,
	};
	uint32_t seed = 7;

	(void)state;
	assert_int_equal(csum_fold(csum_pseudo_ipv4(0xc0a80001, 0xc0a800c7, 17, 0x5f)),
			 csum_inet(ph, sizeof ph));
	for (int i = 0; i < 10000; i++) {
		uint8_t p[12];
		uint32_t s = next_rand(&seed), d = next_rand(&seed);
		uint8_t pr = (uint8_t)next_rand(&seed);
		uint16_t l = (uint16_t)next_rand(&seed);

		wr_be32(p, s);
		wr_be32(p + 4, d);
		p[8] = 0;
		p[9] = pr;
		wr_be16(p + 10, l);
		assert_int_equal(csum_fold(csum_pseudo_ipv4(s, d, pr, l)), csum_inet(p, 12));
	}
}

static void test_csum_update16_rfc1624_example(void **state)
{
	(void)state;
	/* RFC 1624 4: HC = 0xdd2f, m = 0x5555, m' = 0x3285.  "[Eqn. 3]
	 * ... HC' = 0x0000" where RFC 1141's method gave 0xFFFF. */
	assert_int_equal(csum_update16(0xdd2f, 0x5555, 0x3285), 0x0000);
	/* No change, no change. */
	assert_int_equal(csum_update16(0xb861, 0x4011, 0x4011), 0xb861);
}

static void test_csum_update16_matches_recompute(void **state)
{
	uint32_t seed = 0xc0ffee;
	int zeros = 0;

	(void)state;
	/* Random headers of 20..60 bytes with a correct checksum; change one
	 * word (never the checksum itself) and compare. */
	for (int iter = 0; iter < 200000; iter++) {
		uint8_t h[60];
		size_t n = 20 + 2 * (next_rand(&seed) % 21);
		size_t w;
		uint16_t old_val, new_val, inc;

		for (size_t i = 0; i < n; i++)
			h[i] = (uint8_t)next_rand(&seed);
		/* Now and then use edge values: all-zero and all-ones words. */
		if (iter % 7 == 0)
			memset(h, iter % 14 ? 0xff : 0x00, n);
		wr_be16(h + 10, 0);
		wr_be16(h + 10, csum_inet(h, n));
		do
			w = 2 * (next_rand(&seed) % (n / 2));
		while (w == 10);
		old_val = rd_be16(h + w);
		switch (iter % 5) {
		case 0: new_val = 0; break;
		case 1: new_val = 0xffff; break;
		case 2: new_val = (uint16_t)~old_val; break;
		default: new_val = (uint16_t)next_rand(&seed); break;
		}
		inc = csum_update16(rd_be16(h + 10), old_val, new_val);
		wr_be16(h + w, new_val);
		wr_be16(h + 10, 0);
		if (csum_add(0, h, n) == 0) {
			/* All zero now: the one case csum.h excepts. */
			assert_int_equal(inc, 0x0000);
			assert_int_equal(csum_inet(h, n), 0xffff);
			zeros++;
			continue;
		}
		assert_int_equal(inc, csum_inet(h, n));
		/* And the header verifies with it. */
		wr_be16(h + 10, inc);
		assert_int_equal(csum_inet(h, n), 0);
	}
	assert_true(zeros > 0);     /* the exception was exercised */
}

/* ---- eth ---------------------------------------------------------------- */

static void test_eth_parse_emit(void **state)
{
	const struct wire_fixture *f = fixture("arp_request");
	uint8_t *b = dup_exact(f->bytes, f->len);
	struct eth_repr r;
	uint8_t out[ETH_HLEN];
	static const uint8_t m1[6] = { 2, 0, 0, 0, 0, 1 };

	(void)state;
	assert_int_equal(eth_parse(b, f->len, &r), 0);
	assert_true(eth_is_broadcast(r.dst));
	assert_true(eth_equal(r.src, m1));
	assert_int_equal(r.type, ETH_P_ARP);
	eth_emit(out, &r);
	assert_memory_equal(out, b, ETH_HLEN);
	free(b);

	/* Exactly a header: fine.  One byte less: -1, and r untouched. */
	b = dup_exact(f->bytes, ETH_HLEN);
	assert_int_equal(eth_parse(b, ETH_HLEN, &r), 0);
	free(b);
	b = dup_exact(f->bytes, ETH_HLEN - 1);
	memset(&r, 0xa5, sizeof r);
	assert_int_equal(eth_parse(b, ETH_HLEN - 1, &r), -1);
	assert_int_equal(r.type, 0xa5a5);
	assert_int_equal(eth_parse(b, 0, &r), -1);
	free(b);
}

static void test_eth_addresses(void **state)
{
	uint8_t bc[6], z[6] = { 0 };
	static const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const uint8_t uc[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	static const uint8_t almost[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe };

	(void)state;
	eth_broadcast(bc);
	assert_memory_equal(bc, ((const uint8_t[]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }), 6);
	assert_true(eth_is_broadcast(bc));
	assert_true(eth_is_multicast(bc));          /* broadcast is a group address */
	assert_false(eth_is_zero(bc));
	assert_false(eth_is_broadcast(mc));
	assert_true(eth_is_multicast(mc));
	assert_false(eth_is_multicast(uc));
	assert_false(eth_is_broadcast(almost));
	assert_true(eth_is_multicast(almost));
	assert_true(eth_is_zero(z));
	assert_false(eth_is_zero(uc));
	assert_true(eth_equal(uc, uc));
	assert_false(eth_equal(uc, mc));
}

/* ---- arp ---------------------------------------------------------------- */

static void test_arp_parse_emit(void **state)
{
	static const char *const names[] = {
		"arp_request", "arp_request_padded", "arp_reply",
		"arp_gratuitous_request", "arp_request_unicast", "arp_probe",
	};

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct wire_fixture *f = fixture(names[i]);
		uint8_t *b = dup_exact(f->bytes + ETH_HLEN, f->len - ETH_HLEN);
		struct arp_repr r;
		uint8_t out[ARP_LEN];

		assert_int_equal(arp_parse(b, f->len - ETH_HLEN, &r), 0);
		arp_emit(out, &r);
		assert_memory_equal(out, b, ARP_LEN);
		free(b);
	}
	{
		const struct wire_fixture *f = fixture("arp_reply");
		struct arp_repr r;
		static const uint8_t m1[6] = { 2, 0, 0, 0, 0, 1 }, m2[6] = { 2, 0, 0, 0, 0, 2 };

		assert_int_equal(arp_parse(f->bytes + ETH_HLEN, ARP_LEN, &r), 0);
		assert_int_equal(r.op, ARP_OP_REPLY);
		assert_memory_equal(r.sha, m2, 6);
		assert_int_equal(r.spa, IPV4_ADDR(10, 0, 0, 2));
		assert_int_equal(r.spa, 0x0A000002);
		assert_memory_equal(r.tha, m1, 6);
		assert_int_equal(r.tpa, 0x0A000001);
	}
}

static void test_arp_emit_known_bytes(void **state)
{
	const struct wire_fixture *f = fixture("arp_request");
	struct arp_repr r = {
		.op = ARP_OP_REQUEST,
		.sha = { 2, 0, 0, 0, 0, 1 },
		.spa = IPV4_ADDR(10, 0, 0, 1),
		.tha = { 0 },
		.tpa = IPV4_ADDR(10, 0, 0, 2),
	};
	uint8_t out[ARP_LEN + 2];

	(void)state;
	memset(out, 0xee, sizeof out);
	arp_emit(out, &r);
	assert_memory_equal(out, f->bytes + ETH_HLEN, ARP_LEN);
	assert_int_equal(out[ARP_LEN], 0xee);       /* 28 bytes, not one more */
}

static void test_arp_malformed(void **state)
{
	const struct wire_fixture *f = fixture("arp_request");
	uint8_t p[ARP_LEN];
	struct arp_repr r;
	uint8_t *b;

	(void)state;
	b = dup_exact(f->bytes + ETH_HLEN, ARP_LEN - 1);
	assert_int_equal(arp_parse(b, ARP_LEN - 1, &r), -1);
	free(b);
	assert_int_equal(arp_parse(p, 0, &r), -1);
	/* Each of the four "is this Ethernet/IPv4?" fields. */
	memcpy(p, f->bytes + ETH_HLEN, ARP_LEN);
	wr_be16(p, 6);                              /* hrd: IEEE 802 */
	assert_int_equal(arp_parse(p, ARP_LEN, &r), -1);
	memcpy(p, f->bytes + ETH_HLEN, ARP_LEN);
	wr_be16(p + 2, 0x86dd);                     /* pro: IPv6 */
	assert_int_equal(arp_parse(p, ARP_LEN, &r), -1);
	memcpy(p, f->bytes + ETH_HLEN, ARP_LEN);
	p[4] = 8;                                   /* hln */
	assert_int_equal(arp_parse(p, ARP_LEN, &r), -1);
	memcpy(p, f->bytes + ETH_HLEN, ARP_LEN);
	p[5] = 16;                                  /* pln */
	assert_int_equal(arp_parse(p, ARP_LEN, &r), -1);
	/* An unknown opcode is the stack's business, not a format error. */
	memcpy(p, f->bytes + ETH_HLEN, ARP_LEN);
	wr_be16(p + 6, 5);
	assert_int_equal(arp_parse(p, ARP_LEN, &r), 0);
	assert_int_equal(r.op, 5);
}

/* ---- ipv4 --------------------------------------------------------------- */

/* The classic header followed by its 95 payload bytes (total 115). */
static uint8_t *classic_datagram(void)
{
	uint8_t *b = calloc(1, 0x73);

	assert_non_null(b);
	memcpy(b, classic_ip, IPV4_HLEN);
	return b;
}

static void test_ipv4_parse_classic(void **state)
{
	uint8_t *b = classic_datagram();
	struct ipv4_repr r;

	(void)state;
	assert_int_equal(ipv4_parse(b, 0x73, &r), 0);
	assert_int_equal(r.tos, 0);
	assert_int_equal(r.total_len, 0x73);
	assert_int_equal(r.id, 0);
	assert_int_equal(r.frag, IPV4_DF);
	assert_int_equal(r.ttl, 64);
	assert_int_equal(r.proto, IP_PROTO_UDP);
	assert_int_equal(r.src, IPV4_ADDR(192, 168, 0, 1));
	assert_int_equal(r.dst, 0xc0a800c7);
	assert_int_equal(r.hlen, IPV4_HLEN);
	free(b);
}

static void test_ipv4_emit_classic(void **state)
{
	struct ipv4_repr r = {
		.tos = 0, .total_len = 0x73, .id = 0, .frag = IPV4_DF,
		.ttl = 64, .proto = IP_PROTO_UDP,
		.src = IPV4_ADDR(192, 168, 0, 1), .dst = IPV4_ADDR(192, 168, 0, 199),
		.hlen = 60,     /* ignored by emit */
	};
	uint8_t out[IPV4_HLEN + 1];

	(void)state;
	memset(out, 0xee, sizeof out);
	ipv4_emit(out, &r);
	assert_memory_equal(out, classic_ip, IPV4_HLEN);
	assert_int_equal(rd_be16(out + 10), 0xb861);
	assert_int_equal(out[IPV4_HLEN], 0xee);
}

static void test_ipv4_fixtures_round_trip(void **state)
{
	static const char *const names[] = {
		"icmp_echo_request", "icmp_echo_reply", "icmp_net_unreach",
		"icmp_host_unreach", "udp", "udp_padded", "udp_first_fragment",
		"udp_later_fragment", "tcp_syn", "ip_proto_253",
	};

	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct wire_fixture *f = fixture(names[i]);
		uint32_t n = f->len - ETH_HLEN;
		uint8_t *b = dup_exact(f->bytes + ETH_HLEN, n);
		struct ipv4_repr r;
		uint8_t out[IPV4_HLEN];

		assert_int_equal(ipv4_parse(b, n, &r), 0);
		assert_true(r.total_len <= n);
		ipv4_emit(out, &r);
		assert_memory_equal(out, b, IPV4_HLEN);
		free(b);
	}
	{
		/* With options: the header is 24 bytes and parses. */
		const struct wire_fixture *f = fixture("icmp_echo_ip_options");
		struct ipv4_repr r;

		assert_int_equal(ipv4_parse(f->bytes + ETH_HLEN, f->len - ETH_HLEN, &r), 0);
		assert_int_equal(r.hlen, 24);
		assert_int_equal(r.total_len, 24 + 64);
	}
}

static void test_ipv4_malformed(void **state)
{
	uint8_t *b = classic_datagram();
	uint8_t h[0x73];
	struct ipv4_repr r;

	(void)state;
	/* len < 20 (and r untouched). */
	memset(&r, 0xa5, sizeof r);
	assert_int_equal(ipv4_parse(b, IPV4_HLEN - 1, &r), -1);
	assert_int_equal(r.total_len, 0xa5a5);
	assert_int_equal(ipv4_parse(b, 0, &r), -1);
	/* Each malformation, with the checksum made right again, so that
	 * only the one fault is tested. */
#define FIX_CSUM(p) do { wr_be16((p) + 10, 0); \
		wr_be16((p) + 10, csum_inet((p), ((p)[0] & 15u) * 4u)); } while (0)
	memcpy(h, b, sizeof h);
	h[0] = 0x65;                                /* version 6 */
	FIX_CSUM(h);
	assert_int_equal(ipv4_parse(h, sizeof h, &r), -1);
	assert_int_equal(r.total_len, 0x73);        /* filled anyway */
	memcpy(h, b, sizeof h);
	h[0] = 0x44;                                /* IHL 4 */
	assert_int_equal(ipv4_parse(h, sizeof h, &r), -1);
	memcpy(h, b, sizeof h);
	h[0] = 0x40;                                /* IHL 0 */
	assert_int_equal(ipv4_parse(h, sizeof h, &r), -1);
	memcpy(h, b, sizeof h);
	h[0] = 0x46;                                /* IHL 6, 24 > len 20 */
	FIX_CSUM(h);
	assert_int_equal(ipv4_parse(h, IPV4_HLEN, &r), -1);
	assert_int_equal(ipv4_parse(h, sizeof h, &r), 0);   /* fine with room */
	assert_int_equal(r.hlen, 24);
	memcpy(h, b, sizeof h);
	wr_be16(h + 2, 19);                         /* total < hlen */
	FIX_CSUM(h);
	assert_int_equal(ipv4_parse(h, sizeof h, &r), -1);
	memcpy(h, b, sizeof h);
	wr_be16(h + 2, 20);                         /* total == hlen: empty, fine */
	FIX_CSUM(h);
	assert_int_equal(ipv4_parse(h, sizeof h, &r), 0);
	/* total > len */
	assert_int_equal(ipv4_parse(b, 0x72, &r), -1);
	assert_int_equal(ipv4_parse(b, 0x73, &r), 0);
	/* Bad checksum: -2, with every field filled. */
	memcpy(h, b, sizeof h);
	h[11] ^= 1;
	memset(&r, 0, sizeof r);
	assert_int_equal(ipv4_parse(h, sizeof h, &r), -2);
	assert_int_equal(r.total_len, 0x73);
	assert_int_equal(r.src, 0xc0a80001);
	assert_int_equal(r.dst, 0xc0a800c7);
	assert_int_equal(r.ttl, 64);
	assert_int_equal(r.hlen, 20);
	/* A bit flipped anywhere in the header is caught. */
	for (int bit = 0; bit < IPV4_HLEN * 8; bit++) {
		memcpy(h, b, sizeof h);
		h[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_not_equal(ipv4_parse(h, sizeof h, &r), 0);
	}
#undef FIX_CSUM
	free(b);
}

static void test_ipv4_set_ttl_src_dst(void **state)
{
	uint8_t h[IPV4_HLEN], full[IPV4_HLEN];
	uint32_t seed = 2024;
	struct ipv4_repr r;

	(void)state;
	/* Every TTL on the classic header. */
	for (unsigned ttl = 0; ttl < 256; ttl++) {
		memcpy(h, classic_ip, IPV4_HLEN);
		ipv4_set_ttl(h, (uint8_t)ttl);
		assert_int_equal(h[8], ttl);
		assert_int_equal(h[9], IP_PROTO_UDP);   /* its word-mate kept */
		memcpy(full, h, IPV4_HLEN);
		wr_be16(full + 10, 0);
		assert_int_equal(rd_be16(h + 10), csum_inet(full, IPV4_HLEN));
	}
	/* A router's life: decrement hop by hop, from 255 down to 0. */
	memcpy(h, classic_ip, IPV4_HLEN);
	ipv4_set_ttl(h, 255);
	for (int ttl = 254; ttl >= 0; ttl--) {
		ipv4_set_ttl(h, (uint8_t)ttl);
		assert_int_equal(csum_inet(h, IPV4_HLEN), 0);
	}
	/* Random headers, random new addresses and TTLs, as NAT and routers
	 * rewrite them; compare with emitting the header afresh. */
	for (int i = 0; i < 100000; i++) {
		struct ipv4_repr a = {
			.tos = (uint8_t)next_rand(&seed),
			.total_len = (uint16_t)(20 + next_rand(&seed) % 1480),
			.id = (uint16_t)next_rand(&seed),
			.frag = (uint16_t)(next_rand(&seed) & 0x7fff),
			.ttl = (uint8_t)next_rand(&seed),
			.proto = (uint8_t)next_rand(&seed),
			.src = next_rand(&seed),
			.dst = next_rand(&seed),
		};
		uint32_t src = i % 11 == 0 ? 0 : i % 13 == 0 ? 0xffffffffu : next_rand(&seed);
		uint32_t dst = next_rand(&seed);
		uint8_t ttl = (uint8_t)next_rand(&seed);

		ipv4_emit(h, &a);
		ipv4_set_src(h, src);
		if (i & 1)
			ipv4_set_dst(h, dst);
		ipv4_set_ttl(h, ttl);
		a.src = src;
		if (i & 1)
			a.dst = dst;
		a.ttl = ttl;
		ipv4_emit(full, &a);
		assert_memory_equal(h, full, IPV4_HLEN);
	}
	/* And the result parses. */
	{
		uint8_t *b = classic_datagram();

		ipv4_set_dst(b, IPV4_ADDR(10, 244, 1, 5));
		ipv4_set_src(b, IPV4_ADDR(10, 0, 0, 1));
		ipv4_set_ttl(b, 63);
		assert_int_equal(ipv4_parse(b, 0x73, &r), 0);
		assert_int_equal(r.dst, IPV4_ADDR(10, 244, 1, 5));
		assert_int_equal(r.src, IPV4_ADDR(10, 0, 0, 1));
		assert_int_equal(r.ttl, 63);
		free(b);
	}
}

static void test_ipv4_addr_str(void **state)
{
	char s[IPV4_ADDR_STRLEN];

	(void)state;
	assert_string_equal(ipv4_addr_str(IPV4_ADDR(10, 0, 0, 1), s), "10.0.0.1");
	assert_string_equal(ipv4_addr_str(0, s), "0.0.0.0");
	assert_string_equal(ipv4_addr_str(0xffffffffu, s), "255.255.255.255");
	assert_string_equal(ipv4_addr_str(0xc0a800c7, s), "192.168.0.199");
}

/* ---- icmp --------------------------------------------------------------- */

static void test_icmp_echo(void **state)
{
	const struct wire_fixture *f = fixture("icmp_echo_request");
	const uint8_t *m = f->bytes + ETH_HLEN + IPV4_HLEN;
	uint32_t n = f->len - ETH_HLEN - IPV4_HLEN;
	uint8_t *b = dup_exact(m, n);
	struct icmp_repr r;
	uint8_t *out = malloc(n);

	(void)state;
	assert_int_equal(n, 64);
	assert_int_equal(icmp_parse(b, n, &r), 0);
	assert_int_equal(r.type, ICMP_ECHO);
	assert_int_equal(r.code, 0);
	assert_int_equal(r.id, 1);
	assert_int_equal(r.seq, 1);
	assert_int_equal(r.mtu, 0);
	/* Rebuild: body first, then the header and checksum over it all. */
	memset(out, 0xee, n);
	memcpy(out + ICMP_HLEN, m + ICMP_HLEN, n - ICMP_HLEN);
	icmp_emit(out, n, &r);
	assert_memory_equal(out, m, n);
	free(out);
	free(b);

	/* The reply, with an odd-length body. */
	{
		uint8_t msg[ICMP_HLEN + 3] = { 0 };
		struct icmp_repr e = { .type = ICMP_ECHOREPLY, .id = 0x1234, .seq = 0xfffe };
		struct icmp_repr p;

		msg[8] = 'a';
		msg[9] = 'b';
		msg[10] = 'c';
		icmp_emit(msg, sizeof msg, &e);
		assert_int_equal(csum_inet(msg, sizeof msg), 0);
		assert_int_equal(ref_csum(msg, sizeof msg), 0);
		assert_int_equal(icmp_parse(msg, sizeof msg, &p), 0);
		assert_int_equal(p.id, 0x1234);
		assert_int_equal(p.seq, 0xfffe);
	}
}

static void test_icmp_errors(void **state)
{
	static const struct {
		const char *name;
		uint8_t type, code;
		uint16_t mtu;
	} cases[] = {
		{ "icmp_net_unreach", ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0 },
		{ "icmp_host_unreach", ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0 },
		{ "icmp_proto_unreach", ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0 },
		{ "icmp_port_unreach_udp", ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0 },
		{ "icmp_frag_needed", ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, 1400 },
		{ "icmp_pkt_filtered", ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, 0 },
		{ "icmp_time_exceeded", ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct wire_fixture *f = fixture(cases[i].name);
		const uint8_t *m = f->bytes + ETH_HLEN + IPV4_HLEN;
		uint32_t n = f->len - ETH_HLEN - IPV4_HLEN;
		uint8_t *b = dup_exact(m, n);
		struct icmp_repr r;
		uint8_t *out = malloc(n);

		assert_int_equal(icmp_parse(b, n, &r), 0);
		assert_int_equal(r.type, cases[i].type);
		assert_int_equal(r.code, cases[i].code);
		assert_int_equal(r.mtu, cases[i].mtu);
		assert_int_equal(r.id, 0);
		assert_int_equal(r.seq, 0);
		/* Emit with junk in the fields that do not apply: the unused
		 * word must still come out zero (or the MTU). */
		r.id = 0xdead;
		r.seq = 0xbeef;
		if (!cases[i].mtu)
			r.mtu = 1500;
		memcpy(out, m, n);
		memset(out, 0x77, ICMP_HLEN);
		icmp_emit(out, n, &r);
		assert_memory_equal(out, m, n);
		free(out);
		free(b);
	}
}

static void test_icmp_malformed(void **state)
{
	const struct wire_fixture *f = fixture("icmp_echo_request");
	const uint8_t *m = f->bytes + ETH_HLEN + IPV4_HLEN;
	uint8_t msg[64];
	struct icmp_repr r;
	uint8_t *b;

	(void)state;
	b = dup_exact(m, ICMP_HLEN - 1);
	memset(&r, 0xa5, sizeof r);
	assert_int_equal(icmp_parse(b, ICMP_HLEN - 1, &r), -1);
	assert_int_equal(r.type, 0xa5);
	assert_int_equal(icmp_parse(b, 0, &r), -1);
	free(b);
	/* The checksum covers every byte: a flip in the data is caught, and
	 * the header is still read. */
	for (unsigned i = 0; i < sizeof msg; i++) {
		memcpy(msg, m, sizeof msg);
		msg[i] ^= 0x40;
		assert_int_equal(icmp_parse(msg, sizeof msg, &r), -2);
	}
	memcpy(msg, m, sizeof msg);
	msg[63] ^= 1;
	assert_int_equal(icmp_parse(msg, sizeof msg, &r), -2);
	assert_int_equal(r.type, ICMP_ECHO);
	assert_int_equal(r.seq, 1);
	/* Checked over `len` bytes, not over a header's worth. */
	memcpy(msg, m, sizeof msg);
	assert_int_equal(icmp_parse(msg, 8, &r), -2);
	assert_int_equal(icmp_parse(msg, 64, &r), 0);
}

/* ---- udp ---------------------------------------------------------------- */

static void test_udp_parse_emit(void **state)
{
	const struct wire_fixture *f = fixture("udp");
	const uint8_t *d = f->bytes + ETH_HLEN + IPV4_HLEN;
	uint32_t n = f->len - ETH_HLEN - IPV4_HLEN;
	uint32_t src = IPV4_ADDR(10, 0, 0, 1), dst = IPV4_ADDR(10, 0, 0, 2);
	uint8_t *b = dup_exact(d, n);
	struct udp_repr r;
	uint8_t *out = malloc(n);

	(void)state;
	assert_int_equal(n, UDP_HLEN + 64);
	assert_int_equal(udp_parse(b, n, src, dst, &r), 0);
	assert_int_equal(r.sport, 40000);
	assert_int_equal(r.dport, 9);
	assert_int_equal(r.len, n);
	memcpy(out, d, n);
	memset(out, 0x55, UDP_HLEN);
	r.len = 3;                                  /* ignored: len wins */
	udp_emit(out, n, src, dst, &r);
	assert_memory_equal(out, d, n);
	/* The pseudo-header is covered: the wrong addresses fail. */
	assert_int_equal(udp_parse(b, n, src, IPV4_ADDR(10, 0, 0, 3), &r), -2);
	assert_int_equal(udp_parse(b, n, dst, src, &r), 0);  /* swap: same sum */
	assert_int_equal(r.dport, 9);
	free(out);
	free(b);

	/* Padded frame: UDP length 10 in a longer IP payload is fine, and
	 * the checksum covers the 10 bytes only. */
	f = fixture("udp_padded");
	{
		uint8_t p[32] = { 0 };

		memcpy(p, f->bytes + ETH_HLEN + IPV4_HLEN, 10);
		memset(p + 10, 0x99, sizeof p - 10);
		assert_int_equal(udp_parse(p, sizeof p, src, dst, &r), 0);
		assert_int_equal(r.len, 10);
	}
}

static void test_udp_checksum_zero_and_ffff(void **state)
{
	uint32_t src = IPV4_ADDR(10, 0, 0, 1), dst = IPV4_ADDR(10, 0, 0, 2);
	struct udp_repr r = { .sport = 1234, .dport = 5678 };
	uint8_t d[UDP_HLEN + 2] = { 0 };
	struct udp_repr p;
	uint16_t c;

	(void)state;
	/* Choose the data word so that the computed checksum is 0: it must
	 * go out as 0xffff (RFC 768: "If the computed checksum is zero, it
	 * is transmitted as all ones"). */
	udp_emit(d, sizeof d, src, dst, &r);
	c = rd_be16(d + 6);
	wr_be16(d + 8, c);
	udp_emit(d, sizeof d, src, dst, &r);
	assert_int_equal(rd_be16(d + 6), 0xffff);
	assert_int_equal(udp_parse(d, sizeof d, src, dst, &p), 0);
	/* Checksum 0: "the transmitter generated no checksum", accepted
	 * whatever the data. */
	wr_be16(d + 6, 0);
	d[9] ^= 0xff;
	assert_int_equal(udp_parse(d, sizeof d, src, dst, &p), 0);
	assert_int_equal(p.sport, 1234);
	/* Odd length. */
	{
		uint8_t o[UDP_HLEN + 5] = { [8] = 'h', 'e', 'l', 'l', 'o' };

		udp_emit(o, sizeof o, src, dst, &r);
		assert_int_equal(rd_be16(o + 4), sizeof o);
		assert_int_equal(udp_parse(o, sizeof o, src, dst, &p), 0);
		o[12] ^= 1;
		assert_int_equal(udp_parse(o, sizeof o, src, dst, &p), -2);
		assert_int_equal(p.len, sizeof o);      /* filled on -2 */
	}
}

static void test_udp_malformed(void **state)
{
	const struct wire_fixture *f = fixture("udp");
	const uint8_t *d = f->bytes + ETH_HLEN + IPV4_HLEN;
	uint32_t src = IPV4_ADDR(10, 0, 0, 1), dst = IPV4_ADDR(10, 0, 0, 2);
	uint8_t p[UDP_HLEN + 64];
	struct udp_repr r;
	uint8_t *b;

	(void)state;
	b = dup_exact(d, UDP_HLEN - 1);
	assert_int_equal(udp_parse(b, UDP_HLEN - 1, src, dst, &r), -1);
	assert_int_equal(udp_parse(b, 0, src, dst, &r), -1);
	free(b);
	/* Length field below 8, or above what is there. */
	memcpy(p, d, sizeof p);
	wr_be16(p + 4, 7);
	assert_int_equal(udp_parse(p, sizeof p, src, dst, &r), -1);
	wr_be16(p + 4, 0);
	assert_int_equal(udp_parse(p, sizeof p, src, dst, &r), -1);
	memcpy(p, d, sizeof p);
	assert_int_equal(udp_parse(p, sizeof p - 1, src, dst, &r), -1);
	wr_be16(p + 4, 8);                          /* header only: fine if the sum is */
	wr_be16(p + 6, 0);
	assert_int_equal(udp_parse(p, sizeof p, src, dst, &r), 0);
	/* Bad checksum. */
	memcpy(p, d, sizeof p);
	p[20] ^= 0x10;
	assert_int_equal(udp_parse(p, sizeof p, src, dst, &r), -2);
	assert_int_equal(r.sport, 40000);
}

/* ---- describe ----------------------------------------------------------- */

static void test_describe_fixtures(void **state)
{
	(void)state;
	for (size_t i = 0; i < WIRE_FIXTURES_COUNT; i++) {
		const struct wire_fixture *f = &wire_fixtures[i];
		uint8_t *b = dup_exact(f->bytes, f->len);
		char line[512];
		size_t n = wire_describe(b, f->len, f->starts_at_ip, line, sizeof line);

		if (strcmp(line, f->expect) != 0)
			fail_msg("%s:\n  expected \"%s\"\n  got      \"%s\"", f->name,
				 f->expect, line);
		assert_int_equal(n, strlen(f->expect));
		assert_null(strchr(line, '\n'));
		free(b);
	}
}

/* The lines the task names, spelled out here as well as in the fixture
 * table, so that a change to either is noticed. */
static void test_describe_named_lines(void **state)
{
	static const struct {
		const char *name, *line;
	} want[] = {
		{ "arp_request", "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28" },
		{ "arp_reply", "ARP, Reply 10.0.0.2 is-at 02:00:00:00:00:02, length 28" },
		{ "icmp_echo_request", "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64" },
		{ "icmp_port_unreach_udp", "IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 9 unreachable, length 36" },
		{ "icmp_net_unreach", "IP 10.0.0.254 > 10.0.0.1: ICMP net 10.0.9.9 unreachable, length 36" },
		{ "icmp_host_unreach", "IP 10.0.0.254 > 10.0.0.1: ICMP host 10.0.0.9 unreachable, length 92" },
		{ "icmp_time_exceeded", "IP 10.0.0.254 > 10.0.0.1: ICMP time exceeded in-transit, length 36" },
		{ "udp", "IP 10.0.0.1.40000 > 10.0.0.2.9: UDP, length 64" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct wire_fixture *f = fixture(want[i].name);
		char line[256];

		wire_describe(f->bytes, f->len, f->starts_at_ip, line, sizeof line);
		assert_string_equal(line, want[i].line);
	}
}

/* Every prefix of every fixture: never a read past the end (ASan), always
 * one line, and the short ones say where they stop. */
static void test_describe_every_truncation(void **state)
{
	(void)state;
	for (size_t i = 0; i < WIRE_FIXTURES_COUNT; i++) {
		const struct wire_fixture *f = &wire_fixtures[i];

		for (uint32_t n = 0; n <= f->len; n++) {
			uint8_t *b = dup_exact(f->bytes, n);
			char line[512];
			size_t len = wire_describe(b, n, f->starts_at_ip, line, sizeof line);

			assert_true(len > 0 && len < sizeof line);
			assert_int_equal(strlen(line), len);
			assert_null(strchr(line, '\n'));
			if (!f->starts_at_ip && n < ETH_HLEN)
				assert_string_equal(line, " [|ether]");
			if (!f->starts_at_ip && n > ETH_HLEN && n < ETH_HLEN + IPV4_HLEN &&
			    rd_be16(f->bytes + 12) == ETH_P_IP && f->bytes[ETH_HLEN] == 0x45)
				assert_string_equal(line, "IP  [|ip]");
			if (!f->starts_at_ip && n >= ETH_HLEN && n < ETH_HLEN + 8 &&
			    rd_be16(f->bytes + 12) == ETH_P_ARP)
				assert_string_equal(line, " [|arp]");
			free(b);
		}
	}
}

static void test_describe_truncated_layers(void **state)
{
	const struct wire_fixture *f = fixture("icmp_echo_request");
	char line[256];
	uint8_t *b;

	(void)state;
	/* IP total length says 84; 40 bytes are here: tcpdump's complaint,
	 * then the ICMP header, which is whole. */
	b = dup_exact(f->bytes, ETH_HLEN + 40);
	wire_describe(b, ETH_HLEN + 40, 0, line, sizeof line);
	assert_string_equal(line, "IP truncated-ip - 44 bytes missing! 10.0.0.1 > 10.0.0.2: "
			    "ICMP echo request, id 1, seq 1, length 64");
	free(b);
	/* Only 6 bytes of ICMP: no id/seq. */
	b = dup_exact(f->bytes, ETH_HLEN + IPV4_HLEN + 6);
	wire_describe(b, ETH_HLEN + IPV4_HLEN + 6, 0, line, sizeof line);
	assert_string_equal(line, "IP truncated-ip - 58 bytes missing! 10.0.0.1 > 10.0.0.2:  [|icmp]");
	free(b);
	/* The same, starting at IP. */
	f = fixture("raw_udp");
	b = dup_exact(f->bytes, IPV4_HLEN + 3);
	wire_describe(b, IPV4_HLEN + 3, 1, line, sizeof line);
	assert_string_equal(line, "IP truncated-ip - 69 bytes missing! 10.0.0.1 > 10.0.0.2:  [|udp]");
	free(b);
	b = dup_exact(f->bytes, IPV4_HLEN + 7);
	wire_describe(b, IPV4_HLEN + 7, 1, line, sizeof line);
	assert_string_equal(line, "IP truncated-ip - 65 bytes missing! 10.0.0.1.40000 > 10.0.0.2.9:  [|udp]");
	free(b);
	/* TCP options cut in the middle. */
	f = fixture("tcp_syn");
	b = dup_exact(f->bytes, ETH_HLEN + IPV4_HLEN + 20 + 6);
	wire_describe(b, ETH_HLEN + IPV4_HLEN + 20 + 6, 0, line, sizeof line);
	assert_string_equal(line, "IP truncated-ip - 14 bytes missing! 10.0.0.1.40000 > 10.0.0.2.80: "
			    "Flags [S], seq 1000, win 64240, options [mss 1460,sackOK, [|tcp]");
	free(b);
}

static void test_describe_output_buffer(void **state)
{
	const struct wire_fixture *f = fixture("icmp_echo_request");
	size_t full = strlen(f->expect);
	char small[11];

	(void)state;
	/* snprintf semantics: the whole length back, a cut NUL-terminated
	 * prefix written. */
	memset(small, 'x', sizeof small);
	assert_int_equal(wire_describe(f->bytes, f->len, 0, small, sizeof small), full);
	assert_string_equal(small, "IP 10.0.0.");
	assert_int_equal(wire_describe(f->bytes, f->len, 0, NULL, 0), full);
	memset(small, 'x', sizeof small);
	assert_int_equal(wire_describe(f->bytes, f->len, 0, small, 1), full);
	assert_int_equal(small[0], 0);
	assert_int_equal(small[1], 'x');
	/* Exactly enough room. */
	{
		char *exact = malloc(full + 1);

		assert_int_equal(wire_describe(f->bytes, f->len, 0, exact, full + 1), full);
		assert_string_equal(exact, f->expect);
		free(exact);
	}
}

/* Junk: random lengths, random bytes, and fixtures with random bytes
 * changed.  Nothing to compare; ASan and UBSan watch. */
static void test_describe_junk(void **state)
{
	uint32_t seed = 0x5eed;

	(void)state;
	for (int i = 0; i < 20000; i++) {
		const struct wire_fixture *f = &wire_fixtures[next_rand(&seed) % WIRE_FIXTURES_COUNT];
		uint32_t n;
		uint8_t *b;
		char line[512];

		if (i & 1) {
			n = next_rand(&seed) % 200;
			b = malloc(n ? n : 1);
			for (uint32_t k = 0; k < n; k++)
				b[k] = (uint8_t)next_rand(&seed);
			/* Often make it look like IPv4 to go deeper. */
			if (n > ETH_HLEN + 1 && i % 4 == 1) {
				wr_be16(b + 12, i % 8 == 1 ? ETH_P_IP : ETH_P_ARP);
				b[ETH_HLEN] = (uint8_t)(0x40 | (b[ETH_HLEN] & 0x0f));
			}
		} else {
			n = f->len;
			b = dup_exact(f->bytes, n);
			for (int k = 0; n && k < 3; k++)
				b[next_rand(&seed) % n] = (uint8_t)next_rand(&seed);
			n = n ? next_rand(&seed) % (n + 1) : 0;
		}
		wire_describe(b, n, (int)(next_rand(&seed) & 1), line, sizeof line);
		assert_null(strchr(line, '\n'));
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_csum_rfc1071_example),
		cmocka_unit_test(test_csum_classic_ipv4),
		cmocka_unit_test(test_csum_odd_and_edges),
		cmocka_unit_test(test_csum_long_no_overflow),
		cmocka_unit_test(test_csum_chaining),
		cmocka_unit_test(test_csum_pseudo_ipv4),
		cmocka_unit_test(test_csum_update16_rfc1624_example),
		cmocka_unit_test(test_csum_update16_matches_recompute),
		cmocka_unit_test(test_eth_parse_emit),
		cmocka_unit_test(test_eth_addresses),
		cmocka_unit_test(test_arp_parse_emit),
		cmocka_unit_test(test_arp_emit_known_bytes),
		cmocka_unit_test(test_arp_malformed),
		cmocka_unit_test(test_ipv4_parse_classic),
		cmocka_unit_test(test_ipv4_emit_classic),
		cmocka_unit_test(test_ipv4_fixtures_round_trip),
		cmocka_unit_test(test_ipv4_malformed),
		cmocka_unit_test(test_ipv4_set_ttl_src_dst),
		cmocka_unit_test(test_ipv4_addr_str),
		cmocka_unit_test(test_icmp_echo),
		cmocka_unit_test(test_icmp_errors),
		cmocka_unit_test(test_icmp_malformed),
		cmocka_unit_test(test_udp_parse_emit),
		cmocka_unit_test(test_udp_checksum_zero_and_ffff),
		cmocka_unit_test(test_udp_malformed),
		cmocka_unit_test(test_describe_fixtures),
		cmocka_unit_test(test_describe_named_lines),
		cmocka_unit_test(test_describe_every_truncation),
		cmocka_unit_test(test_describe_truncated_layers),
		cmocka_unit_test(test_describe_output_buffer),
		cmocka_unit_test(test_describe_junk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
