/* units.c — parse and format durations, rates, percentages, IPv4 and MAC
 * addresses.  See units.h for the forms accepted and the messages given.
 *
 * Where a value's syntax comes from a real tool, the tool's source is the
 * reference: tc/tc_util.c (get_rate64, print_rate) for rates, lib/utils.c
 * (get_addr_1, get_prefix_1, get_addr, get_prefix) for addresses, and
 * lib/ll_addr.c (ll_addr_a2n) for MAC addresses.  We are stricter than
 * iproute2 in one way: it reads address parts with strtoul(..., 0), so
 * "010.1.1.1" is 8.1.1.1 and "10.8" is 10.8.0.0; a learner who wrote either
 * almost certainly meant something else, so both are refused here.
 */
#include "util/units.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/die.h"

/* Write a one-line message into err, if the caller gave room for one.
 * snprintf() always NUL-terminates when errlen > 0 and cuts what does not
 * fit, which is what the contract in units.h promises. */
#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char ascii_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive equality of s[0..len) and the NUL-terminated word.  Our
 * own, because strncasecmp() follows the locale. */
static bool span_equal_nocase(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (word[i] == '\0' || ascii_lower(s[i]) != ascii_lower(word[i]))
			return false;
	}
	return word[len] == '\0';
}

static bool span_equal(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(s, word, len) == 0;
}

/* ---- exact decimal arithmetic ------------------------------------------- */

enum { DEC_OK = 0, DEC_MALFORMED = -1, DEC_OVERFLOW = -2 };

/* Length of the leading run of digits and dots in s: the number part of
 * "2.5ms".  Whether the run is a well-formed number is dec_mul()'s job. */
static size_t number_span(const char *s)
{
	size_t n = 0;

	while (is_digit(s[n]) || s[n] == '.')
		n++;
	return n;
}

/* The decimal number in s[0..len) times mult, rounded to the nearest
 * integer (halves up), into *out if it is at most max.
 *
 * The number is digits with at most one '.', and at least one digit
 * ("5", "2.5", ".5", "5." all read).  Nothing is converted to floating
 * point: the integer part I is multiplied exactly, and the fraction
 * 0.d1d2..dk is multiplied by long multiplication from its last digit to
 * its first, as on paper.  The carry out of d1 is floor(0.d1..dk * mult),
 * and the digit written for d1 is the first decimal of the product, which
 * alone decides rounding (>= 5 means the rest is at least one half).
 * Every step stays below 10 * mult, so mult must be below UINT64_MAX / 10
 * (our largest is 8 * 2^40 for TiBps).
 *
 * Returns DEC_OK, DEC_MALFORMED or DEC_OVERFLOW. */
static int dec_mul(const char *s, size_t len, uint64_t mult, uint64_t max, uint64_t *out)
{
	size_t dot = len, i, digits = 0;
	uint64_t whole = 0, frac_carry = 0, total;
	unsigned first_decimal = 0;
	bool overflow = false;

	WL_ASSERT(mult > 0 && mult < UINT64_MAX / 10, "dec_mul: multiplier %" PRIu64 " out of range", mult);

	for (i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (dot != len)
				return DEC_MALFORMED;
			dot = i;
		} else if (is_digit(s[i])) {
			digits++;
		} else {
			return DEC_MALFORMED;
		}
	}
	if (digits == 0)
		return DEC_MALFORMED;

	/* Integer part, stopping the arithmetic (not the syntax check, which
	 * is done above) once it cannot fit. */
	for (i = 0; i < dot; i++) {
		unsigned d = (unsigned)(s[i] - '0');

		if (whole > (UINT64_MAX - d) / 10) {
			overflow = true;
			break;
		}
		whole = whole * 10 + d;
	}
	if (overflow || whole > max / mult)
		return DEC_OVERFLOW;

	for (i = len; i > dot + 1; i--) {
		uint64_t t = (uint64_t)(s[i - 1] - '0') * mult + frac_carry;

		first_decimal = (unsigned)(t % 10);
		frac_carry = t / 10;
	}

	total = whole * mult;
	if (frac_carry > max - total)
		return DEC_OVERFLOW;
	total += frac_carry;
	if (first_decimal >= 5) {
		if (total == max)
			return DEC_OVERFLOW;
		total++;
	}
	*out = total;
	return DEC_OK;
}

/* ---- durations ---------------------------------------------------------- */

#define NS_PER_US 1000ull
#define NS_PER_MS 1000000ull
#define NS_PER_S 1000000000ull
#define NS_PER_MIN (60ull * NS_PER_S)
#define NS_PER_HOUR (3600ull * NS_PER_S)

struct unit {
	const char *name;
	uint64_t scale;
};

/* Units of time.  The long forms are tc's (tc/tc_util.c get_time(), and
 * lib/utils.c get_time64() for the nsec ones), so a delay copied from a
 * `tc qdisc ... netem delay 10msec` line also reads.  Unlike tc we take no
 * bare number: tc reads "10" as microseconds, which nobody guesses. */
static const struct unit duration_units[] = {
	{ "ns", 1 },
	{ "nsec", 1 },
	{ "nsecs", 1 },
	{ "us", NS_PER_US },
	{ "usec", NS_PER_US },
	{ "usecs", NS_PER_US },
	{ "\xc2\xb5s", NS_PER_US },   /* U+00B5 MICRO SIGN */
	{ "\xce\xbcs", NS_PER_US },   /* U+03BC GREEK SMALL LETTER MU, which looks the same */
	{ "ms", NS_PER_MS },
	{ "msec", NS_PER_MS },
	{ "msecs", NS_PER_MS },
	{ "s", NS_PER_S },
	{ "sec", NS_PER_S },
	{ "secs", NS_PER_S },
	{ "m", NS_PER_MIN },
	{ "h", NS_PER_HOUR },
};

#define DURATION_EXPECTED "expected a number with a unit, like \"1ms\", \"2.5s\" or \"100us\""

int units_parse_duration(const char *s, int64_t *ns, char *err, size_t errlen)
{
	size_t num_len = number_span(s), unit_len, i;
	const char *unit = s + num_len;
	uint64_t scale = 0, v;
	int rc;

	if (s[0] == '-' && (is_digit(s[1]) || s[1] == '.')) {
		set_err(err, errlen, "bad duration \"%s\": a duration cannot be negative", s);
		return -1;
	}
	unit_len = strlen(unit);

	if (unit_len == 0) {
		/* A bare zero is the one number that needs no unit. */
		if (num_len > 0 && dec_mul(s, num_len, 1, UINT64_MAX, &v) == DEC_OK && v == 0) {
			*ns = 0;
			return 0;
		}
		set_err(err, errlen, "bad duration \"%s\": " DURATION_EXPECTED, s);
		return -1;
	}

	if (num_len == 0 || dec_mul(s, num_len, 1, UINT64_MAX, &v) == DEC_MALFORMED) {
		set_err(err, errlen, "bad duration \"%s\": " DURATION_EXPECTED, s);
		return -1;
	}

	for (i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++) {
		if (span_equal(unit, unit_len, duration_units[i].name)) {
			scale = duration_units[i].scale;
			break;
		}
	}
	if (scale == 0) {
		set_err(err, errlen,
			"bad duration \"%s\": unknown unit \"%s\"; expected ns, us, ms, s, m or h",
			s, unit);
		return -1;
	}

	rc = dec_mul(s, num_len, scale, INT64_MAX, &v);
	if (rc == DEC_OVERFLOW) {
		/* INT64_MAX ns is 2562047h 47m 16.854775807s. */
		set_err(err, errlen,
			"bad duration \"%s\": too long; the longest is about 2562047h (292 years)", s);
		return -1;
	}
	WL_ASSERT(rc == DEC_OK, "units_parse_duration: number checked above");
	*ns = (int64_t)v;
	return 0;
}

/* Append the decimal digits of v to p; returns the new end. */
static char *put_u64(char *p, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/* Copy the NUL-terminated src into buf[len], cutting it to fit. */
static void copy_out(char *buf, size_t len, const char *src)
{
	size_t n;

	if (len == 0)
		return;
	n = strlen(src);
	if (n >= len)
		n = len - 1;
	memcpy(buf, src, n);
	buf[n] = '\0';
}

void units_format_duration(int64_t ns, char *buf, size_t len)
{
	/* "-9223372036.854775808s" is the longest: 22 characters. */
	char tmp[32], *p = tmp;
	/* The magnitude, computed in unsigned so that INT64_MIN is safe. */
	uint64_t u = ns < 0 ? 0 - (uint64_t)ns : (uint64_t)ns;
	static const struct unit decimal_units[] = {
		{ "s", NS_PER_S },
		{ "ms", NS_PER_MS },
		{ "us", NS_PER_US },
		{ "ns", 1 },
	};
	size_t i;

	if (ns < 0)
		*p++ = '-';

	if (u == 0) {
		copy_out(buf, len, "0s");
		return;
	}
	/* Hours and minutes only when whole: 1.5h is exact as "90m", while
	 * 100s in minutes would never end ("1.666...m"). */
	if (u % NS_PER_HOUR == 0) {
		p = put_u64(p, u / NS_PER_HOUR);
		*p++ = 'h';
	} else if (u % NS_PER_MIN == 0) {
		p = put_u64(p, u / NS_PER_MIN);
		*p++ = 'm';
	} else {
		for (i = 0; i < sizeof(decimal_units) / sizeof(decimal_units[0]); i++) {
			uint64_t scale = decimal_units[i].scale;

			if (u >= scale || scale == 1) {
				uint64_t rem = u % scale;

				p = put_u64(p, u / scale);
				if (rem != 0) {
					/* The remainder as exactly as many decimals as
					 * the unit has (3 for ms of ns...), then drop
					 * trailing zeros. */
					uint64_t place = scale / 10;

					*p++ = '.';
					while (rem != 0) {
						*p++ = (char)('0' + rem / place);
						rem %= place;
						place /= 10;
					}
				}
				memcpy(p, decimal_units[i].name, strlen(decimal_units[i].name));
				p += strlen(decimal_units[i].name);
				break;
			}
		}
	}
	*p = '\0';
	copy_out(buf, len, tmp);
}

/* ---- rates -------------------------------------------------------------- */

#define KI 1024ull

/* tc's table (tc/tc_util.c, "See http://physics.nist.gov/cuu/Units/binary.html"),
 * in bits per second.  tc compares case-insensitively, so "Mbit", "mbit"
 * and "MBIT" are one unit, and "MBps" (bytes) is "mbps" — note that to tc
 * "mbps" is megaBYTES per second, not megabits. */
static const struct unit rate_units[] = {
	{ "bit", 1 },
	{ "kibit", KI },
	{ "kbit", 1000ull },
	{ "mibit", KI * KI },
	{ "mbit", 1000000ull },
	{ "gibit", KI * KI * KI },
	{ "gbit", 1000000000ull },
	{ "tibit", KI * KI * KI * KI },
	{ "tbit", 1000000000000ull },
	{ "bps", 8 },
	{ "kibps", 8 * KI },
	{ "kbps", 8000ull },
	{ "mibps", 8 * KI * KI },
	{ "mbps", 8000000ull },
	{ "gibps", 8 * KI * KI * KI },
	{ "gbps", 8000000000ull },
	{ "tibps", 8 * KI * KI * KI * KI },
	{ "tbps", 8000000000000ull },
};

#define RATE_EXPECTED "expected a number with a unit, like \"100Mbit\", \"1Gbit\" or \"10kbit\""

int units_parse_rate(const char *s, uint64_t *bps, char *err, size_t errlen)
{
	size_t num_len = number_span(s), unit_len, i;
	const char *unit = s + num_len;
	uint64_t scale = 0, v;
	int rc;

	if (s[0] == '-' && (is_digit(s[1]) || s[1] == '.')) {
		set_err(err, errlen, "bad rate \"%s\": a rate must be positive", s);
		return -1;
	}
	if (num_len == 0 || dec_mul(s, num_len, 1, UINT64_MAX, &v) == DEC_MALFORMED) {
		set_err(err, errlen, "bad rate \"%s\": " RATE_EXPECTED, s);
		return -1;
	}

	unit_len = strlen(unit);
	if (unit_len == 0) {
		/* tc(8): "bit or a bare number: Bits per second". */
		scale = 1;
	} else {
		for (i = 0; i < sizeof(rate_units) / sizeof(rate_units[0]); i++) {
			if (span_equal_nocase(unit, unit_len, rate_units[i].name)) {
				scale = rate_units[i].scale;
				break;
			}
		}
	}
	if (scale == 0) {
		set_err(err, errlen,
			"bad rate \"%s\": unknown unit \"%s\"; expected tc's units: "
			"bit, kbit, mbit, gbit, tbit, kibit..tibit, or bps, kbps..tbps, kibps..tibps for bytes",
			s, unit);
		return -1;
	}

	rc = dec_mul(s, num_len, scale, UINT64_MAX, &v);
	if (rc == DEC_OVERFLOW) {
		set_err(err, errlen, "bad rate \"%s\": too large; the most is %" PRIu64 "bit",
			s, UINT64_MAX);
		return -1;
	}
	WL_ASSERT(rc == DEC_OK, "units_parse_rate: number checked above");
	if (v == 0) {
		set_err(err, errlen, "bad rate \"%s\": a rate must be positive", s);
		return -1;
	}
	*bps = v;
	return 0;
}

void units_format_rate(uint64_t bps, char *buf, size_t len)
{
	/* tc/tc_util.c print_rate(), with use_iec off. */
	static const char *const prefixes[] = { "", "K", "M", "G", "T" };
	const uint64_t kilo = 1000;
	char tmp[32], *p;
	size_t i;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]) - 1; i++) {
		if (bps < kilo)
			break;
		if (bps % kilo != 0 && bps < 1000 * kilo)
			break;
		bps /= kilo;
	}
	p = put_u64(tmp, bps);
	memcpy(p, prefixes[i], strlen(prefixes[i]));
	p += strlen(prefixes[i]);
	memcpy(p, "bit", 4);
	copy_out(buf, len, tmp);
}

/* ---- percentages -------------------------------------------------------- */

/* Percentages are read in billionths of a percent, exactly, then divided
 * once: 0.1% is 100000000 / 1e11, which is the double nearest 0.001. */
#define PERCENT_UNITS 1000000000ull

int units_parse_percent(const char *s, double *frac, char *err, size_t errlen)
{
	size_t num_len = number_span(s);
	uint64_t v;
	int rc;

	if (s[0] == '-' && (is_digit(s[1]) || s[1] == '.')) {
		set_err(err, errlen, "bad percentage \"%s\": must be between 0%% and 100%%", s);
		return -1;
	}
	rc = DEC_MALFORMED;
	if (num_len > 0 && strcmp(s + num_len, "%") == 0)
		rc = dec_mul(s, num_len, PERCENT_UNITS, 100 * PERCENT_UNITS, &v);
	if (rc == DEC_MALFORMED) {
		set_err(err, errlen,
			"bad percentage \"%s\": expected a number from 0 to 100 and a %% sign, like \"5%%\" or \"0.1%%\"",
			s);
		return -1;
	}
	if (rc == DEC_OVERFLOW) {
		set_err(err, errlen, "bad percentage \"%s\": must be between 0%% and 100%%", s);
		return -1;
	}
	*frac = (double)v / (double)(100 * PERCENT_UNITS);
	return 0;
}

/* ---- IPv4 --------------------------------------------------------------- */

/* A strict dotted quad in s[0..len): four parts of one to three decimal
 * digits, no leading zeros, each 0..255. */
static bool ipv4_span(const char *s, size_t len, uint32_t *addr)
{
	uint32_t a = 0;
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		unsigned v = 0;

		if (part > 0) {
			if (i >= len || s[i] != '.')
				return false;
			start = ++i;
		}
		while (i < len && is_digit(s[i]) && i - start < 3) {
			v = v * 10 + (unsigned)(s[i] - '0');
			i++;
		}
		if (i == start || v > 255)
			return false;
		if (s[start] == '0' && i - start > 1)
			return false;
		a = (a << 8) | v;
	}
	if (i != len)
		return false;
	*addr = a;
	return true;
}

uint32_t units_prefix_mask(int plen)
{
	WL_ASSERT(plen >= 0 && plen <= 32, "units_prefix_mask: prefix length %d", plen);
	/* A shift by 32 is undefined in C, so /0 is its own case. */
	return plen == 0 ? 0 : UINT32_MAX << (32 - plen);
}

/* The part after '/': a decimal length 0..32 without leading zeros, or a
 * contiguous dotted netmask (iproute2's get_netmask() takes both). */
static bool plen_span(const char *s, size_t len, int *plen)
{
	uint32_t mask, host;
	int bits;

	if (len >= 1 && len <= 2 && is_digit(s[0]) && (len == 1 || is_digit(s[1]))) {
		int v = s[0] - '0';

		if (len == 2) {
			if (s[0] == '0')
				return false;
			v = v * 10 + (s[1] - '0');
		}
		if (v > 32)
			return false;
		*plen = v;
		return true;
	}
	if (!ipv4_span(s, len, &mask))
		return false;
	/* A netmask is ones then zeros: its complement plus one is a power of
	 * two (the same test as iproute2's mask2bits()). */
	host = ~mask;
	if ((host & (host + 1)) != 0)
		return false;
	for (bits = 0; bits < 32 && (mask & (UINT32_C(1) << (31 - bits))); bits++)
		;
	*plen = bits;
	return true;
}

static bool prefix_span(const char *s, uint32_t *addr, int *plen)
{
	const char *slash = strchr(s, '/');
	uint32_t a;
	int l = 32;

	if (slash == NULL) {
		if (!ipv4_span(s, strlen(s), &a))
			return false;
	} else if (!ipv4_span(s, (size_t)(slash - s), &a) ||
		   !plen_span(slash + 1, strlen(slash + 1), &l)) {
		return false;
	}
	*addr = a;
	*plen = l;
	return true;
}

int units_parse_ipv4(const char *s, uint32_t *addr, char *err, size_t errlen)
{
	if (!ipv4_span(s, strlen(s), addr)) {
		set_err(err, errlen, "Error: inet address is expected rather than \"%s\".", s);
		return -1;
	}
	return 0;
}

int units_parse_prefix(const char *s, uint32_t *addr, int *plen, char *err, size_t errlen)
{
	uint32_t a;
	int l;

	if (!prefix_span(s, &a, &l)) {
		set_err(err, errlen, "Error: inet prefix is expected rather than \"%s\".", s);
		return -1;
	}
	*addr = a;
	*plen = l;
	return 0;
}

int units_parse_route_dst(const char *s, uint32_t *addr, int *plen, char *err, size_t errlen)
{
	uint32_t a;
	int l;

	/* iproute2 get_addr_1(): "default", "any" and "all" are the
	 * unspecified address, and with no "/len" get_prefix_1() makes them
	 * /0.  "0/0" reads because iproute2 takes the short form "0" as
	 * 0.0.0.0; we take no other short forms. */
	if (strcmp(s, "default") == 0 || strcmp(s, "any") == 0 ||
	    strcmp(s, "all") == 0 || strcmp(s, "0/0") == 0) {
		*addr = 0;
		*plen = 0;
		return 0;
	}
	if (units_parse_prefix(s, &a, &l, err, errlen) != 0)
		return -1;
	/* net/ipv4/fib_frontend.c rtm_to_fib_config(): "if (cfg->fc_dst_len
	 * < 32 && (ntohl(cfg->fc_dst) << cfg->fc_dst_len))" the route is
	 * refused, not quietly masked: 10.0.0.1/24 is a typo for either
	 * 10.0.0.0/24 or 10.0.0.1/32, and only the learner knows which. */
	if ((a & ~units_prefix_mask(l)) != 0) {
		set_err(err, errlen, "Error: Invalid prefix for given prefix length.");
		return -1;
	}
	*addr = a;
	*plen = l;
	return 0;
}

void units_format_ipv4(uint32_t addr, char buf[16])
{
	char *p = buf;
	int shift;

	for (shift = 24; shift >= 0; shift -= 8) {
		p = put_u64(p, (addr >> shift) & 0xffu);
		if (shift > 0)
			*p++ = '.';
	}
	*p = '\0';
}

/* ---- MAC ---------------------------------------------------------------- */

int units_parse_mac(const char *s, uint8_t mac[6], char *err, size_t errlen)
{
	uint8_t m[6];
	size_t i = 0;
	int group;

	for (group = 0; group < 6; group++) {
		int hi, lo;

		if (group > 0) {
			if (s[i] != ':')
				goto bad;
			i++;
		}
		hi = hex_value(s[i]);
		if (hi < 0)
			goto bad;
		i++;
		lo = hex_value(s[i]);
		if (lo >= 0) {
			m[group] = (uint8_t)(hi << 4 | lo);
			i++;
		} else {
			m[group] = (uint8_t)hi;
		}
	}
	if (s[i] != '\0')
		goto bad;
	memcpy(mac, m, sizeof(m));
	return 0;
bad:
	set_err(err, errlen, "\"%s\" is invalid lladdr.", s);
	return -1;
}

void units_format_mac(const uint8_t mac[6], char buf[18])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 6; i++) {
		buf[i * 3] = hex[mac[i] >> 4];
		buf[i * 3 + 1] = hex[mac[i] & 0xf];
		buf[i * 3 + 2] = i < 5 ? ':' : '\0';
	}
}
