/* test_units.c — the parsers and formatters in sim/util/units.c.
 *
 * Every refusal is checked with its exact words, because those words are
 * what a learner reads (and, for addresses, must match iproute2's), and
 * every parser is checked to leave its outputs alone when it refuses. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/units.h"

#define ERRLEN 256

/* ---- helpers: one line per case in the tests below ---------------------- */

static void duration_ok(const char *s, int64_t want)
{
	int64_t ns = -12345;
	char err[ERRLEN] = "untouched";

	if (units_parse_duration(s, &ns, err, sizeof(err)) != 0)
		fail_msg("units_parse_duration(\"%s\") refused: %s", s, err);
	if (ns != want)
		fail_msg("units_parse_duration(\"%s\") = %lld, want %lld", s, (long long)ns, (long long)want);
}

static void duration_bad(const char *s, const char *want_err)
{
	int64_t ns = -12345;
	char err[ERRLEN] = "";

	assert_int_equal(units_parse_duration(s, &ns, err, sizeof(err)), -1);
	assert_int_equal(ns, -12345);
	assert_string_equal(err, want_err);
}

static void rate_ok(const char *s, uint64_t want)
{
	uint64_t bps = 12345;
	char err[ERRLEN] = "untouched";

	if (units_parse_rate(s, &bps, err, sizeof(err)) != 0)
		fail_msg("units_parse_rate(\"%s\") refused: %s", s, err);
	if (bps != want)
		fail_msg("units_parse_rate(\"%s\") = %llu, want %llu", s,
			 (unsigned long long)bps, (unsigned long long)want);
}

static void rate_bad(const char *s, const char *want_err)
{
	uint64_t bps = 12345;
	char err[ERRLEN] = "";

	assert_int_equal(units_parse_rate(s, &bps, err, sizeof(err)), -1);
	assert_int_equal(bps, 12345);
	assert_string_equal(err, want_err);
}

static void percent_ok(const char *s, double want)
{
	double frac = -1;
	char err[ERRLEN] = "untouched";

	if (units_parse_percent(s, &frac, err, sizeof(err)) != 0)
		fail_msg("units_parse_percent(\"%s\") refused: %s", s, err);
	/* Exact: the parser divides two exact integers once, so the result is
	 * the double nearest the decimal value, the same double the compiler
	 * makes of the literal. */
	if (frac != want)
		fail_msg("units_parse_percent(\"%s\") = %.17g, want %.17g", s, frac, want);
}

static void percent_bad(const char *s, const char *want_err)
{
	double frac = -1;
	char err[ERRLEN] = "";

	assert_int_equal(units_parse_percent(s, &frac, err, sizeof(err)), -1);
	assert_true(frac == -1);
	assert_string_equal(err, want_err);
}

static void ipv4_ok(const char *s, uint32_t want)
{
	uint32_t a = 0xdeadbeef;
	char err[ERRLEN] = "untouched";

	if (units_parse_ipv4(s, &a, err, sizeof(err)) != 0)
		fail_msg("units_parse_ipv4(\"%s\") refused: %s", s, err);
	assert_int_equal(a, want);
}

static void ipv4_bad(const char *s)
{
	uint32_t a = 0xdeadbeef;
	char err[ERRLEN] = "", want[ERRLEN];

	snprintf(want, sizeof(want), "Error: inet address is expected rather than \"%s\".", s);
	assert_int_equal(units_parse_ipv4(s, &a, err, sizeof(err)), -1);
	assert_int_equal(a, 0xdeadbeef);
	assert_string_equal(err, want);
}

static void prefix_ok(const char *s, uint32_t want_addr, int want_plen)
{
	uint32_t a = 0xdeadbeef;
	int plen = -7;
	char err[ERRLEN] = "untouched";

	if (units_parse_prefix(s, &a, &plen, err, sizeof(err)) != 0)
		fail_msg("units_parse_prefix(\"%s\") refused: %s", s, err);
	assert_int_equal(a, want_addr);
	assert_int_equal(plen, want_plen);
}

static void prefix_bad(const char *s)
{
	uint32_t a = 0xdeadbeef;
	int plen = -7;
	char err[ERRLEN] = "", want[ERRLEN];

	snprintf(want, sizeof(want), "Error: inet prefix is expected rather than \"%s\".", s);
	assert_int_equal(units_parse_prefix(s, &a, &plen, err, sizeof(err)), -1);
	assert_int_equal(a, 0xdeadbeef);
	assert_int_equal(plen, -7);
	assert_string_equal(err, want);
}

static void route_ok(const char *s, uint32_t want_addr, int want_plen)
{
	uint32_t a = 0xdeadbeef;
	int plen = -7;
	char err[ERRLEN] = "untouched";

	if (units_parse_route_dst(s, &a, &plen, err, sizeof(err)) != 0)
		fail_msg("units_parse_route_dst(\"%s\") refused: %s", s, err);
	assert_int_equal(a, want_addr);
	assert_int_equal(plen, want_plen);
}

static void route_bad(const char *s, const char *want_err)
{
	uint32_t a = 0xdeadbeef;
	int plen = -7;
	char err[ERRLEN] = "";

	assert_int_equal(units_parse_route_dst(s, &a, &plen, err, sizeof(err)), -1);
	assert_int_equal(a, 0xdeadbeef);
	assert_int_equal(plen, -7);
	assert_string_equal(err, want_err);
}

static void mac_ok(const char *s, const uint8_t want[6])
{
	uint8_t m[6] = { 1, 2, 3, 4, 5, 6 };
	char err[ERRLEN] = "untouched";

	if (units_parse_mac(s, m, err, sizeof(err)) != 0)
		fail_msg("units_parse_mac(\"%s\") refused: %s", s, err);
	assert_memory_equal(m, want, 6);
}

static void mac_bad(const char *s)
{
	static const uint8_t before[6] = { 1, 2, 3, 4, 5, 6 };
	uint8_t m[6] = { 1, 2, 3, 4, 5, 6 };
	char err[ERRLEN] = "", want[ERRLEN];

	snprintf(want, sizeof(want), "\"%s\" is invalid lladdr.", s);
	assert_int_equal(units_parse_mac(s, m, err, sizeof(err)), -1);
	assert_memory_equal(m, before, 6);
	assert_string_equal(err, want);
}

static void duration_fmt(int64_t ns, const char *want)
{
	char buf[32];

	units_format_duration(ns, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

static void rate_fmt(uint64_t bps, const char *want)
{
	char buf[32];

	units_format_rate(bps, buf, sizeof(buf));
	assert_string_equal(buf, want);
}

#define DUR_EXPECTED "expected a number with a unit, like \"1ms\", \"2.5s\" or \"100us\""
#define RATE_EXPECTED "expected a number with a unit, like \"100Mbit\", \"1Gbit\" or \"10kbit\""
#define PCT_EXPECTED "expected a number from 0 to 100 and a % sign, like \"5%\" or \"0.1%\""

/* ---- durations ---------------------------------------------------------- */

static void test_duration_units(void **state)
{
	(void)state;
	duration_ok("10ns", 10);
	duration_ok("100us", 100000);
	duration_ok("1ms", 1000000);
	duration_ok("2.5s", 2500000000LL);
	duration_ok("1.5m", 90000000000LL);
	duration_ok("1h", 3600000000000LL);
	duration_ok("0s", 0);
	duration_ok("0", 0);
	duration_ok("0.000", 0);
	duration_ok("0h", 0);
	/* Both spellings of micro: U+00B5 and U+03BC. */
	duration_ok("100\xc2\xb5s", 100000);
	duration_ok("100\xce\xbcs", 100000);
	/* tc's long forms. */
	duration_ok("10msec", 10000000);
	duration_ok("10msecs", 10000000);
	duration_ok("3sec", 3000000000LL);
	duration_ok("2secs", 2000000000LL);
	duration_ok("7usec", 7000);
	duration_ok("7usecs", 7000);
	duration_ok("7nsec", 7);
	duration_ok("7nsecs", 7);
}

static void test_duration_fractions(void **state)
{
	(void)state;
	duration_ok(".5ms", 500000);
	duration_ok("5.ms", 5000000);
	duration_ok("0.001s", 1000000);
	duration_ok("1.000000001s", 1000000001);
	duration_ok("0.25h", 900000000000LL);
	duration_ok("007ms", 7000000);
	/* Rounded to the nearest ns, a half going up. */
	duration_ok("1.0000000005s", 1000000001);
	duration_ok("1.0000000004999999999999s", 1000000000);
	duration_ok("1.00000000049s", 1000000000);
	duration_ok("0.5ns", 1);
	duration_ok("0.4ns", 0);
	duration_ok("1.5ns", 2);
	/* One third of a minute: 20 s exactly, no floating point error. */
	duration_ok("0.3333333333333333333333333m", 20000000000LL);
	/* Long fractions are read to the end, not cut. */
	duration_ok("0.0000000000000000000000000000000000000001h", 0);
}

static void test_duration_limits(void **state)
{
	(void)state;
	/* INT64_MAX ns is 9223372036.854775807 s. */
	duration_ok("9223372036854775807ns", INT64_MAX);
	duration_ok("9223372036.854775807s", INT64_MAX);
	duration_bad("9223372036854775808ns",
		     "bad duration \"9223372036854775808ns\": too long; the longest is about 2562047h (292 years)");
	/* Rounds up past the limit. */
	duration_bad("9223372036.8547758075s",
		     "bad duration \"9223372036.8547758075s\": too long; the longest is about 2562047h (292 years)");
	duration_ok("2562047h", 2562047LL * 3600000000000LL);
	duration_bad("2562048h",
		     "bad duration \"2562048h\": too long; the longest is about 2562047h (292 years)");
	duration_bad("99999999999h",
		     "bad duration \"99999999999h\": too long; the longest is about 2562047h (292 years)");
	duration_bad("99999999999999999999999999999999ns",
		     "bad duration \"99999999999999999999999999999999ns\": too long; the longest is about 2562047h (292 years)");
}

static void test_duration_refused(void **state)
{
	(void)state;
	duration_bad("5", "bad duration \"5\": " DUR_EXPECTED);
	duration_bad("2.5", "bad duration \"2.5\": " DUR_EXPECTED);
	duration_bad("", "bad duration \"\": " DUR_EXPECTED);
	duration_bad("ms", "bad duration \"ms\": " DUR_EXPECTED);
	duration_bad(".ms", "bad duration \".ms\": " DUR_EXPECTED);
	duration_bad(".", "bad duration \".\": " DUR_EXPECTED);
	duration_bad("1.2.3s", "bad duration \"1.2.3s\": " DUR_EXPECTED);
	duration_bad(" 1ms", "bad duration \" 1ms\": " DUR_EXPECTED);
	duration_bad("+1ms", "bad duration \"+1ms\": " DUR_EXPECTED);
	duration_bad("1e3ms", "bad duration \"1e3ms\": unknown unit \"e3ms\"; expected ns, us, ms, s, m or h");
	duration_bad("1 ms", "bad duration \"1 ms\": unknown unit \" ms\"; expected ns, us, ms, s, m or h");
	duration_bad("1ms ", "bad duration \"1ms \": unknown unit \"ms \"; expected ns, us, ms, s, m or h");
	duration_bad("1x", "bad duration \"1x\": unknown unit \"x\"; expected ns, us, ms, s, m or h");
	duration_bad("1MS", "bad duration \"1MS\": unknown unit \"MS\"; expected ns, us, ms, s, m or h");
	duration_bad("1d", "bad duration \"1d\": unknown unit \"d\"; expected ns, us, ms, s, m or h");
	duration_bad("-1ms", "bad duration \"-1ms\": a duration cannot be negative");
	duration_bad("-0.5s", "bad duration \"-0.5s\": a duration cannot be negative");
	duration_bad("-5", "bad duration \"-5\": a duration cannot be negative");
}

static void test_duration_format(void **state)
{
	(void)state;
	duration_fmt(0, "0s");
	duration_fmt(1, "1ns");
	duration_fmt(100, "100ns");
	duration_fmt(999, "999ns");
	duration_fmt(1000, "1us");
	duration_fmt(1001, "1.001us");
	duration_fmt(1500000, "1.5ms");
	duration_fmt(1000001, "1.000001ms");
	duration_fmt(2000000000, "2s");
	duration_fmt(1234567891, "1.234567891s");
	duration_fmt(59000000000LL, "59s");
	duration_fmt(60000000000LL, "1m");
	duration_fmt(90000000000LL, "90s");
	duration_fmt(100000000000LL, "100s");
	duration_fmt(5400000000000LL, "90m");
	duration_fmt(3600000000000LL, "1h");
	duration_fmt(-1500000, "-1.5ms");
	duration_fmt(INT64_MAX, "9223372036.854775807s");
	duration_fmt(INT64_MIN, "-9223372036.854775808s");
}

static void test_duration_round_trip(void **state)
{
	static const int64_t values[] = {
		0, 1, 7, 999, 1000, 1001, 123456, 1500000, 999999999, 1000000000,
		1000000001, 60000000000LL, 61000000000LL, 3600000000000LL,
		3600000000001LL, 86400000000000LL, INT64_MAX,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char buf[32];
		int64_t back = -1;

		units_format_duration(values[i], buf, sizeof(buf));
		assert_int_equal(units_parse_duration(buf, &back, NULL, 0), 0);
		assert_int_equal(back, values[i]);
	}
}

static void test_duration_format_cut(void **state)
{
	char buf[4] = "xxx";

	(void)state;
	units_format_duration(1500000, buf, sizeof(buf));
	assert_string_equal(buf, "1.5");
	units_format_duration(1500000, buf, 0);
	assert_string_equal(buf, "1.5");
	units_format_duration(1500000, buf, 1);
	assert_string_equal(buf, "");
}

/* ---- rates -------------------------------------------------------------- */

static void test_rate_units(void **state)
{
	(void)state;
	rate_ok("100Mbit", 100000000ull);
	rate_ok("1Gbit", 1000000000ull);
	rate_ok("10kbit", 10000ull);
	rate_ok("1.5Mbit", 1500000ull);
	rate_ok("1500bit", 1500ull);
	rate_ok("1500", 1500ull);               /* tc: a bare number is bit/s */
	rate_ok("1tbit", 1000000000000ull);
	/* Any case, as tc compares with strcasecmp(). */
	rate_ok("100MBIT", 100000000ull);
	rate_ok("100mbit", 100000000ull);
	rate_ok("1KBit", 1000ull);
	/* Binary prefixes. */
	rate_ok("1kibit", 1024ull);
	rate_ok("1Kibit", 1024ull);
	rate_ok("1mibit", 1048576ull);
	rate_ok("1gibit", 1073741824ull);
	rate_ok("1tibit", 1099511627776ull);
	/* Bytes per second, times 8. */
	rate_ok("1bps", 8ull);
	rate_ok("1Bps", 8ull);
	rate_ok("1kbps", 8000ull);
	rate_ok("1mbps", 8000000ull);
	rate_ok("12.5MBps", 100000000ull);
	rate_ok("1gbps", 8000000000ull);
	rate_ok("1tbps", 8000000000000ull);
	rate_ok("1kibps", 8192ull);
	rate_ok("1MiBps", 8388608ull);
	rate_ok("1gibps", 8589934592ull);
	rate_ok("1tibps", 8796093022208ull);
}

static void test_rate_rounding_and_limits(void **state)
{
	(void)state;
	rate_ok("0.5bit", 1);
	rate_ok("1.4bit", 1);
	rate_ok("0.0000015mbit", 2);
	rate_ok("1.0000001kbit", 1000);
	rate_ok("18446744073709551615bit", UINT64_MAX);
	rate_ok("18446744073709551615", UINT64_MAX);
	rate_bad("18446744073709551616bit",
		 "bad rate \"18446744073709551616bit\": too large; the most is 18446744073709551615bit");
	rate_bad("18446744073709551615.5bit",
		 "bad rate \"18446744073709551615.5bit\": too large; the most is 18446744073709551615bit");
	rate_bad("5Mbit/s", "bad rate \"5Mbit/s\": unknown unit \"Mbit/s\"; expected tc's units: "
		 "bit, kbit, mbit, gbit, tbit, kibit..tibit, or bps, kbps..tbps, kibps..tibps for bytes");
	rate_bad("3000000tbps",
		 "bad rate \"3000000tbps\": too large; the most is 18446744073709551615bit");
}

static void test_rate_refused(void **state)
{
	(void)state;
	rate_bad("0", "bad rate \"0\": a rate must be positive");
	rate_bad("0bit", "bad rate \"0bit\": a rate must be positive");
	rate_bad("0Mbit", "bad rate \"0Mbit\": a rate must be positive");
	rate_bad("0.4bit", "bad rate \"0.4bit\": a rate must be positive");
	rate_bad("-1Mbit", "bad rate \"-1Mbit\": a rate must be positive");
	rate_bad("", "bad rate \"\": " RATE_EXPECTED);
	rate_bad("Mbit", "bad rate \"Mbit\": " RATE_EXPECTED);
	rate_bad("fast", "bad rate \"fast\": " RATE_EXPECTED);
	rate_bad("+1Mbit", "bad rate \"+1Mbit\": " RATE_EXPECTED);
	rate_bad(" 1Mbit", "bad rate \" 1Mbit\": " RATE_EXPECTED);
	rate_bad("1..5Mbit", "bad rate \"1..5Mbit\": " RATE_EXPECTED);
	rate_bad("100Mb", "bad rate \"100Mb\": unknown unit \"Mb\"; expected tc's units: "
		 "bit, kbit, mbit, gbit, tbit, kibit..tibit, or bps, kbps..tbps, kibps..tibps for bytes");
	rate_bad("100 Mbit", "bad rate \"100 Mbit\": unknown unit \" Mbit\"; expected tc's units: "
		 "bit, kbit, mbit, gbit, tbit, kibit..tibit, or bps, kbps..tbps, kibps..tibps for bytes");
}

static void test_rate_format(void **state)
{
	(void)state;
	rate_fmt(1, "1bit");
	rate_fmt(999, "999bit");
	rate_fmt(1000, "1Kbit");
	rate_fmt(1500, "1500bit");
	rate_fmt(10000, "10Kbit");
	rate_fmt(1500000, "1500Kbit");
	rate_fmt(100000000, "100Mbit");
	rate_fmt(1000000000, "1Gbit");
	rate_fmt(2500000000ull, "2500Mbit");
	rate_fmt(1000000000000ull, "1Tbit");
	rate_fmt(1000000000000000ull, "1000Tbit");
	/* tc's own loss of precision above 1000000 (checked against
	 * `tc qdisc add ... tbf rate 1234567bit`, which shows 1234Kbit). */
	rate_fmt(1234567, "1234Kbit");
	rate_fmt(999999, "999999bit");
	rate_fmt(UINT64_MAX, "18446744Tbit");
	rate_fmt(0, "0bit");
}

static void test_rate_round_trip(void **state)
{
	static const uint64_t values[] = { 1, 999, 1000, 1500, 10000, 1500000, 100000000,
					   1000000000, 2500000000ull, 1000000000000ull };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		char buf[32];
		uint64_t back = 0;

		units_format_rate(values[i], buf, sizeof(buf));
		assert_int_equal(units_parse_rate(buf, &back, NULL, 0), 0);
		assert_int_equal(back, values[i]);
	}
}

/* ---- percentages -------------------------------------------------------- */

static void test_percent(void **state)
{
	(void)state;
	percent_ok("0.1%", 0.001);
	percent_ok("5%", 0.05);
	percent_ok("0%", 0.0);
	percent_ok("100%", 1.0);
	percent_ok("100.000%", 1.0);
	percent_ok("50%", 0.5);
	percent_ok("33.3%", 0.333);
	percent_ok(".5%", 0.005);
	percent_ok("0.000000001%", 1e-11);
	percent_ok("0.0000000004%", 0.0);

	percent_bad("100.0000001%", "bad percentage \"100.0000001%\": must be between 0% and 100%");
	percent_bad("101%", "bad percentage \"101%\": must be between 0% and 100%");
	percent_bad("-1%", "bad percentage \"-1%\": must be between 0% and 100%");
	percent_bad("99999999999999999999999%", "bad percentage \"99999999999999999999999%\": must be between 0% and 100%");
	percent_bad("5", "bad percentage \"5\": " PCT_EXPECTED);
	percent_bad("0.05", "bad percentage \"0.05\": " PCT_EXPECTED);
	percent_bad("", "bad percentage \"\": " PCT_EXPECTED);
	percent_bad("%", "bad percentage \"%\": " PCT_EXPECTED);
	percent_bad("5 %", "bad percentage \"5 %\": " PCT_EXPECTED);
	percent_bad("5%%", "bad percentage \"5%%\": " PCT_EXPECTED);
	percent_bad("five%", "bad percentage \"five%\": " PCT_EXPECTED);
	percent_bad("1.2.3%", "bad percentage \"1.2.3%\": " PCT_EXPECTED);
}

/* ---- IPv4 --------------------------------------------------------------- */

static void test_ipv4_parse(void **state)
{
	(void)state;
	ipv4_ok("10.0.0.1", 0x0A000001u);
	ipv4_ok("0.0.0.0", 0);
	ipv4_ok("255.255.255.255", 0xffffffffu);
	ipv4_ok("192.168.1.254", 0xC0A801FEu);
	ipv4_ok("1.2.3.4", 0x01020304u);

	ipv4_bad("256.0.0.1");
	ipv4_bad("1.2.3.256");
	ipv4_bad("1.2.3");
	ipv4_bad("1.2.3.4.5");
	ipv4_bad("");
	ipv4_bad("1.2.3.");
	ipv4_bad(".1.2.3");
	ipv4_bad("1..2.3");
	ipv4_bad("01.2.3.4");
	ipv4_bad("1.2.3.04");
	ipv4_bad("1.2.3.0004");
	ipv4_bad("1000.2.3.4");
	ipv4_bad("1.2.3.4294967297");
	ipv4_bad("+1.2.3.4");
	ipv4_bad("1.2.3.-4");
	ipv4_bad(" 1.2.3.4");
	ipv4_bad("1.2.3.4 ");
	ipv4_bad("0x1.2.3.4");
	ipv4_bad("a.b.c.d");
	ipv4_bad("10");
	ipv4_bad("1.2.3.4/24");
	ipv4_bad("default");
}

static void test_ipv4_format(void **state)
{
	char buf[16];

	(void)state;
	units_format_ipv4(0x0A000001u, buf);
	assert_string_equal(buf, "10.0.0.1");
	units_format_ipv4(0, buf);
	assert_string_equal(buf, "0.0.0.0");
	units_format_ipv4(0xffffffffu, buf);
	assert_string_equal(buf, "255.255.255.255");
	units_format_ipv4(0xC0A80A64u, buf);
	assert_string_equal(buf, "192.168.10.100");
}

static void test_prefix_mask(void **state)
{
	(void)state;
	assert_int_equal(units_prefix_mask(0), 0);
	assert_int_equal(units_prefix_mask(1), 0x80000000u);
	assert_int_equal(units_prefix_mask(8), 0xff000000u);
	assert_int_equal(units_prefix_mask(24), 0xffffff00u);
	assert_int_equal(units_prefix_mask(31), 0xfffffffeu);
	assert_int_equal(units_prefix_mask(32), 0xffffffffu);
}

static void test_prefix_parse(void **state)
{
	(void)state;
	prefix_ok("10.0.0.1/24", 0x0A000001u, 24);
	prefix_ok("10.0.0.1", 0x0A000001u, 32);
	prefix_ok("10.0.0.0/8", 0x0A000000u, 8);
	prefix_ok("0.0.0.0/0", 0, 0);
	prefix_ok("1.2.3.4/0", 0x01020304u, 0);
	prefix_ok("1.2.3.4/32", 0x01020304u, 32);
	/* A dotted netmask, as iproute2's get_netmask() takes it. */
	prefix_ok("10.0.0.1/255.255.255.0", 0x0A000001u, 24);
	prefix_ok("10.0.0.1/255.255.255.255", 0x0A000001u, 32);
	prefix_ok("10.0.0.1/0.0.0.0", 0x0A000001u, 0);
	prefix_ok("10.0.0.1/255.255.128.0", 0x0A000001u, 17);

	prefix_bad("10.0.0.1/33");
	prefix_bad("10.0.0.1/-1");
	prefix_bad("10.0.0.1/");
	prefix_bad("10.0.0.1/024");
	prefix_bad("10.0.0.1/08");
	prefix_bad("10.0.0.1/100");
	prefix_bad("10.0.0.1/2a");
	prefix_bad("10.0.0.1/24/8");
	prefix_bad("10.0.0.1/255.0.255.0");
	prefix_bad("10.0.0.1/255.255.255.256");
	prefix_bad("10.0.0/24");
	prefix_bad("256.0.0.0/8");
	prefix_bad("/24");
	prefix_bad("");
	prefix_bad("default");
	prefix_bad("10.0.0.1 /24");
}

static void test_route_dst(void **state)
{
	(void)state;
	route_ok("default", 0, 0);
	route_ok("any", 0, 0);
	route_ok("all", 0, 0);
	route_ok("0/0", 0, 0);
	route_ok("0.0.0.0/0", 0, 0);
	route_ok("10.0.0.0/24", 0x0A000000u, 24);
	route_ok("10.0.0.1", 0x0A000001u, 32);
	route_ok("10.0.0.1/32", 0x0A000001u, 32);
	route_ok("10.0.0.0/255.255.255.0", 0x0A000000u, 24);
	route_ok("128.0.0.0/1", 0x80000000u, 1);

	route_bad("10.0.0.1/24", "Error: Invalid prefix for given prefix length.");
	route_bad("1.0.0.0/0", "Error: Invalid prefix for given prefix length.");
	route_bad("10.0.0.1/31", "Error: Invalid prefix for given prefix length.");
	route_bad("192.168.1.0/23", "Error: Invalid prefix for given prefix length.");
	route_bad("10.0.0.0/33", "Error: inet prefix is expected rather than \"10.0.0.0/33\".");
	route_bad("default/0", "Error: inet prefix is expected rather than \"default/0\".");
	route_bad("Default", "Error: inet prefix is expected rather than \"Default\".");
	route_bad("0", "Error: inet prefix is expected rather than \"0\".");
	route_bad("10/8", "Error: inet prefix is expected rather than \"10/8\".");
	route_bad("", "Error: inet prefix is expected rather than \"\".");
}

/* ---- MAC ---------------------------------------------------------------- */

static void test_mac_parse(void **state)
{
	static const uint8_t a[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	static const uint8_t b[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
	static const uint8_t z[6] = { 0, 0, 0, 0, 0, 0 };
	static const uint8_t f[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	(void)state;
	mac_ok("aa:bb:cc:dd:ee:ff", a);
	mac_ok("AA:BB:CC:DD:EE:FF", a);
	mac_ok("aA:Bb:cC:dD:Ee:fF", a);
	mac_ok("2:0:0:0:0:1", b);
	mac_ok("02:00:00:00:00:01", b);
	mac_ok("00:00:00:00:00:00", z);
	mac_ok("ff:ff:ff:ff:ff:ff", f);

	mac_bad("aa:bb:cc:dd:ee");
	mac_bad("aa:bb:cc:dd:ee:ff:00");
	mac_bad("aa:bb:cc:dd:ee:ff:");
	mac_bad("aa:bb:cc:dd:ee:fff");
	mac_bad("aaa:bb:cc:dd:ee:ff");
	mac_bad("aa:bb:cc:dd:ee:zz");
	mac_bad("aa::cc:dd:ee:ff");
	mac_bad("aa-bb-cc-dd-ee-ff");
	mac_bad("aabb.ccdd.eeff");
	mac_bad("aabbccddeeff");
	mac_bad(":aa:bb:cc:dd:ee");
	mac_bad(" aa:bb:cc:dd:ee:ff");
	mac_bad("aa:bb:cc:dd:ee:ff ");
	mac_bad("0xa:bb:cc:dd:ee:ff");
	mac_bad("");
	mac_bad("zz");
}

static void test_mac_format(void **state)
{
	static const uint8_t a[6] = { 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff };
	static const uint8_t b[6] = { 0x02, 0x00, 0x0a, 0x00, 0x00, 0x01 };
	char buf[18];
	uint8_t back[6];

	(void)state;
	units_format_mac(a, buf);
	assert_string_equal(buf, "aa:bb:cc:dd:ee:ff");
	units_format_mac(b, buf);
	assert_string_equal(buf, "02:00:0a:00:00:01");
	assert_int_equal(units_parse_mac(buf, back, NULL, 0), 0);
	assert_memory_equal(back, b, 6);
}

/* ---- the error buffer contract ------------------------------------------ */

static void test_err_buffer(void **state)
{
	char small[12];
	char one[1] = { 'x' };
	int64_t ns;
	uint32_t a;

	(void)state;
	/* Cut to fit and NUL-terminated. */
	memset(small, 'x', sizeof(small));
	assert_int_equal(units_parse_duration("5", &ns, small, sizeof(small)), -1);
	assert_string_equal(small, "bad duratio");
	memset(small, 'x', sizeof(small));
	assert_int_equal(units_parse_ipv4("1.2.3", &a, small, sizeof(small)), -1);
	assert_string_equal(small, "Error: inet");
	/* Room for the NUL only. */
	assert_int_equal(units_parse_mac("zz", (uint8_t[6]){ 0 }, one, sizeof(one)), -1);
	assert_int_equal(one[0], '\0');
	/* No buffer at all: refused just the same, nothing written. */
	assert_int_equal(units_parse_rate("0", &(uint64_t){ 0 }, NULL, 0), -1);
	assert_int_equal(units_parse_percent("x", &(double){ 0 }, NULL, 0), -1);
	assert_int_equal(units_parse_route_dst("10.0.0.1/24", &a, &(int){ 0 }, NULL, 0), -1);
	one[0] = 'x';
	assert_int_equal(units_parse_duration("5", &ns, one, 0), -1);
	assert_int_equal(one[0], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_duration_units),
		cmocka_unit_test(test_duration_fractions),
		cmocka_unit_test(test_duration_limits),
		cmocka_unit_test(test_duration_refused),
		cmocka_unit_test(test_duration_format),
		cmocka_unit_test(test_duration_round_trip),
		cmocka_unit_test(test_duration_format_cut),
		cmocka_unit_test(test_rate_units),
		cmocka_unit_test(test_rate_rounding_and_limits),
		cmocka_unit_test(test_rate_refused),
		cmocka_unit_test(test_rate_format),
		cmocka_unit_test(test_rate_round_trip),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_ipv4_parse),
		cmocka_unit_test(test_ipv4_format),
		cmocka_unit_test(test_prefix_mask),
		cmocka_unit_test(test_prefix_parse),
		cmocka_unit_test(test_route_dst),
		cmocka_unit_test(test_mac_parse),
		cmocka_unit_test(test_mac_format),
		cmocka_unit_test(test_err_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
