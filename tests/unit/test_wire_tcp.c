/* test_wire_tcp.c — TCP header and option parse/emit against bytes the
 * Linux kernel (6.x) sent between two namespaces, captured with tcpdump.
 * The capture was taken on the sending veth, where checksum offload leaves
 * the TCP checksum unfinished; the fixtures carry the checksum tcpdump
 * computed ("incorrect -> 0xfd53"), which tshark also accepts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "wire/ipv4.h"
#include "wire/tcp.h"

#define A1 0x0a000001u  /* 10.0.0.1 */
#define A2 0x0a000002u  /* 10.0.0.2 */

/* 10.0.0.1.36718 > 10.0.0.2.80: Flags [S], seq 740396771, win 64240,
 * options [mss 1460,sackOK,TS val 2689749152 ecr 0,nop,wscale 10] */
static const uint8_t k_syn[] = {
	0x8f, 0x6e, 0x00, 0x50, 0x2c, 0x21, 0x8e, 0xe3, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
	0xfa, 0xf0, 0xfd, 0x53, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
	0xa0, 0x52, 0x50, 0xa0, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x0a,
};
/* 10.0.0.2.80 > 10.0.0.1.36718: Flags [S.], seq 3182061112, ack 740396772,
 * win 65160, options [mss 1460,sackOK,TS val 3848412490 ecr 2689749152,
 * nop,wscale 10] */
static const uint8_t k_synack[] = {
	0x00, 0x50, 0x8f, 0x6e, 0xbd, 0xaa, 0x66, 0x38, 0x2c, 0x21, 0x8e, 0xe4, 0xa0, 0x12,
	0xfe, 0x88, 0xd3, 0x1a, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
	0xe5, 0x62, 0x1d, 0x4a, 0xa0, 0x52, 0x50, 0xa0, 0x01, 0x03, 0x03, 0x0a,
};
/* 10.0.0.1.36718 > 10.0.0.2.80: Flags [P.], seq 1:7, ack 1, win 63,
 * options [nop,nop,TS val 2689749152 ecr 3848412490], length 6 */
static const uint8_t k_data[] = {
	0x8f, 0x6e, 0x00, 0x50, 0x2c, 0x21, 0x8e, 0xe4, 0xbd, 0xaa, 0x66, 0x39, 0x80, 0x18,
	0x00, 0x3f, 0xbc, 0x49, 0x00, 0x00, 0x01, 0x01, 0x08, 0x0a, 0xa0, 0x52, 0x50, 0xa0,
	0xe5, 0x62, 0x1d, 0x4a, 'h', 'e', 'l', 'l', 'o', '\n',
};
/* 10.0.0.2.81 > 10.0.0.1.57376: Flags [R.], seq 0, ack 3940204811, win 0
 * (the answer to a SYN to a closed port; checksum as sent) */
static const uint8_t k_rst[] = {
	0x00, 0x51, 0xe0, 0x20, 0x00, 0x00, 0x00, 0x00, 0xea, 0xda, 0xc1, 0x0b, 0x50, 0x14,
	0x00, 0x00, 0x0f, 0x76, 0x00, 0x00,
};

static void roundtrip(const uint8_t *b, uint32_t len, uint32_t src, uint32_t dst)
{
	struct tcp_repr r;
	assert_int_equal(tcp_parse(b, len, src, dst, &r, NULL), 0);
	uint8_t out[128];
	memset(out, 0xee, sizeof out);
	assert_int_equal(tcp_header_len(&r), r.hlen);
	memcpy(out + r.hlen, b + r.hlen, len - r.hlen);
	tcp_emit(out, len, src, dst, &r);
	assert_memory_equal(out, b, len);
}

static void test_parse_syn(void **state)
{
	(void)state;
	struct tcp_repr r;
	assert_int_equal(tcp_parse(k_syn, sizeof k_syn, A1, A2, &r, NULL), 0);
	assert_int_equal(r.sport, 36718);
	assert_int_equal(r.dport, 80);
	assert_int_equal(r.seq, 740396771u);
	assert_int_equal(r.ack, 0);
	assert_int_equal(r.flags, TCP_FLAG_SYN);
	assert_int_equal(r.window, 64240);
	assert_int_equal(r.hlen, 40);
	assert_true(r.has_mss);
	assert_int_equal(r.mss, 1460);
	assert_true(r.sack_perm);
	assert_true(r.has_ts);
	assert_int_equal(r.tsval, 2689749152u);
	assert_int_equal(r.tsecr, 0);
	assert_true(r.has_wscale);
	assert_int_equal(r.wscale, 10);
	roundtrip(k_syn, sizeof k_syn, A1, A2);
}

static void test_parse_synack_data_rst(void **state)
{
	(void)state;
	struct tcp_repr r;
	assert_int_equal(tcp_parse(k_synack, sizeof k_synack, A2, A1, &r, NULL), 0);
	assert_int_equal(r.flags, TCP_FLAG_SYN | TCP_FLAG_ACK);
	assert_int_equal(r.ack, 740396772u);
	assert_int_equal(r.tsecr, 2689749152u);
	roundtrip(k_synack, sizeof k_synack, A2, A1);

	assert_int_equal(tcp_parse(k_data, sizeof k_data, A1, A2, &r, NULL), 0);
	assert_int_equal(r.flags, TCP_FLAG_PSH | TCP_FLAG_ACK);
	assert_int_equal(r.hlen, 32);
	assert_false(r.has_mss);
	assert_true(r.has_ts);
	assert_int_equal(r.tsval, 2689749152u);
	assert_int_equal(r.tsecr, 3848412490u);
	assert_int_equal(r.window, 63);
	roundtrip(k_data, sizeof k_data, A1, A2);

	assert_int_equal(tcp_parse(k_rst, sizeof k_rst, A2, A1, &r, NULL), 0);
	assert_int_equal(r.flags, TCP_FLAG_RST | TCP_FLAG_ACK);
	assert_int_equal(r.seq, 0);
	assert_int_equal(r.ack, 3940204811u);
	assert_int_equal(r.window, 0);
	roundtrip(k_rst, sizeof k_rst, A2, A1);
}

/* Linux's option layouts for the cases it sends (tcp_options_write). */
static void test_emit_layouts(void **state)
{
	(void)state;
	uint8_t b[64];
	struct tcp_repr r;
	memset(&r, 0, sizeof r);
	r.sport = 1;
	r.dport = 2;
	r.flags = TCP_FLAG_SYN | TCP_FLAG_ACK;
	r.has_mss = true;
	r.mss = 1460;
	r.sack_perm = true;
	r.has_wscale = true;
	r.wscale = 7;
	/* A SYN-ACK to a SYN without timestamps:
	 * "mss 1460,nop,nop,sackOK,nop,wscale 7" */
	assert_int_equal(tcp_header_len(&r), 32);
	tcp_emit(b, 32, A1, A2, &r);
	static const uint8_t opts1[] = { 2, 4, 0x05, 0xb4, 1, 1, 4, 2, 1, 3, 3, 7 };
	assert_memory_equal(b + 20, opts1, sizeof opts1);
	assert_int_equal(b[12], 0x80);
	/* Timestamps only: "nop,nop,TS val 5 ecr 6". */
	memset(&r, 0, sizeof r);
	r.flags = TCP_FLAG_ACK;
	r.has_ts = true;
	r.tsval = 5;
	r.tsecr = 6;
	assert_int_equal(tcp_header_len(&r), 32);
	tcp_emit(b, 32, A1, A2, &r);
	static const uint8_t opts2[] = { 1, 1, 8, 10, 0, 0, 0, 5, 0, 0, 0, 6 };
	assert_memory_equal(b + 20, opts2, sizeof opts2);
	struct tcp_repr back;
	assert_int_equal(tcp_parse(b, 32, A1, A2, &back, NULL), 0);
	assert_int_equal(back.tsval, 5);
	assert_int_equal(back.tsecr, 6);
	/* Timestamps and two SACK blocks:
	 * "nop,nop,TS val 5 ecr 6,nop,nop,sack 2 {100:200}{300:400}". */
	r.n_sack = 2;
	r.sack[0][0] = 100;
	r.sack[0][1] = 200;
	r.sack[1][0] = 300;
	r.sack[1][1] = 400;
	assert_int_equal(tcp_header_len(&r), 52);
	tcp_emit(b, 52, A1, A2, &r);
	static const uint8_t opts3[] = { 1, 1, 5, 18, 0, 0, 0, 100, 0, 0, 0, 200,
					 0, 0, 1, 44, 0, 0, 1, 144 };
	assert_memory_equal(b + 32, opts3, sizeof opts3);
	assert_int_equal(tcp_parse(b, 52, A1, A2, &back, NULL), 0);
	assert_int_equal(back.n_sack, 2);
	assert_int_equal(back.sack[1][0], 300);
	assert_int_equal(back.sack[1][1], 400);
	assert_int_equal(back.tsval, 5);
	/* No options. */
	memset(&r, 0, sizeof r);
	assert_int_equal(tcp_header_len(&r), 20);
}

static void test_malformed(void **state)
{
	(void)state;
	struct tcp_repr r;
	const char *why = NULL;
	uint8_t b[64];
	assert_int_equal(tcp_parse(k_syn, 19, A1, A2, &r, &why), -1);
	assert_string_equal(why, "shorter than a TCP header");
	/* Data offset 4 words. */
	memcpy(b, k_rst, sizeof k_rst);
	b[12] = 0x40;
	assert_int_equal(tcp_parse(b, sizeof k_rst, A2, A1, &r, &why), -1);
	assert_string_equal(why, "data offset below 5 words");
	/* Data offset past the segment. */
	b[12] = 0x60;
	assert_int_equal(tcp_parse(b, sizeof k_rst, A2, A1, &r, &why), -1);
	assert_string_equal(why, "data offset past the end of the segment");
	/* An option whose length runs past the header. */
	memcpy(b, k_syn, sizeof k_syn);
	b[21] = 40;
	assert_int_equal(tcp_parse(b, sizeof k_syn, A1, A2, &r, &why), -1);
	assert_string_equal(why, "option length runs past the header");
	/* An option length below 2. */
	b[21] = 1;
	assert_int_equal(tcp_parse(b, sizeof k_syn, A1, A2, &r, &why), -1);
	/* A last option byte that is a kind without its length. */
	memcpy(b, k_rst, sizeof k_rst);
	b[12] = 0x60;
	b[20] = 1;
	b[21] = 1;
	b[22] = 1;
	b[23] = 2;
	assert_int_equal(tcp_parse(b, 24, A2, A1, &r, &why), -1);
	assert_string_equal(why, "option length byte past the header");
	/* Bad checksum: one bit flipped in the data. */
	memcpy(b, k_data, sizeof k_data);
	b[sizeof k_data - 1] ^= 1;
	assert_int_equal(tcp_parse(b, sizeof k_data, A1, A2, &r, &why), -2);
	assert_string_equal(why, "bad checksum");
	assert_int_equal(r.seq, 0x2c218ee4u);   /* filled all the same */
	/* The wrong pseudo-header is a bad checksum too. */
	assert_int_equal(tcp_parse(k_data, sizeof k_data, A2, A1, &r, NULL), 0);
	assert_int_equal(tcp_parse(k_data, sizeof k_data, A1, 0x0a000003u, &r, NULL), -2);
}

/* Unknown options are skipped by their length; EOL ends the list. */
static void test_unknown_options(void **state)
{
	(void)state;
	uint8_t b[40] = { 0 };
	b[12] = 0xa0;   /* 40-byte header */
	b[13] = TCP_FLAG_SYN;
	uint8_t opts[] = { 30, 6, 1, 2, 3, 4, 2, 4, 0x02, 0x18, 0, 99, 99, 99 };
	memcpy(b + 20, opts, sizeof opts);
	struct tcp_repr r;
	/* The checksum is not filled in: -2, with the options read. */
	assert_int_equal(tcp_parse(b, 40, A1, A2, &r, NULL), -2);
	assert_true(r.has_mss);
	assert_int_equal(r.mss, 536);
	assert_false(r.has_ts);
	/* 99 after EOL is not read */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_syn),
		cmocka_unit_test(test_parse_synack_data_rst),
		cmocka_unit_test(test_emit_layouts),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_unknown_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
