/* units.h — reading and writing the values a learner types: durations,
 * link rates, loss percentages, IPv4 addresses and prefixes, MAC addresses.
 *
 * Every number in a scenario or a command passes through here, so the
 * spellings are the ones the real tools use: rates in tc(8)'s units
 * ("100Mbit", "1Gbit", "10kbit"), addresses and prefixes as iproute2 takes
 * them, and — where iproute2 refuses something — iproute2's own words, so a
 * learner who later types the same mistake on a real machine reads the same
 * message.
 *
 * Conventions for the whole module:
 *   - IPv4 addresses are uint32_t in HOST byte order (10.0.0.1 is
 *     0x0A000001), as everywhere in wirelab.
 *   - Durations are int64_t nanoseconds (simulated time), rates uint64_t
 *     bits per second.
 *   - Each parser returns 0 and sets its outputs, or returns -1, leaves its
 *     outputs untouched and writes a one-line message (no newline) into
 *     err[errlen], always NUL-terminated (err may be NULL or errlen 0 when
 *     the caller does not want the words).  The message names the bad value
 *     in double quotes and says what was expected.
 *   - Input must be exactly the value: no surrounding or inner spaces, no
 *     leading '+'.  Callers split their command lines first.
 *   - Decimal numbers are read digit by digit, never with strtod(), so a
 *     result is exact (rounded once, to the nearest unit, halves up) and
 *     does not change with the C locale (a TUI that calls setlocale() could
 *     otherwise make "2.5s" mean two seconds and garbage).
 *
 * Nothing here allocates or keeps state; every function is safe to call
 * from anywhere.
 */
#ifndef WL_UTIL_UNITS_H
#define WL_UTIL_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* ---- durations ---------------------------------------------------------- */

/* A non-negative duration: a decimal number immediately followed by a unit.
 *   ns (nsec, nsecs)           nanoseconds
 *   us, µs (usec, usecs)       microseconds  ("µ" is U+00B5 or U+03BC, UTF-8)
 *   ms (msec, msecs)           milliseconds
 *   s (sec, secs)              seconds
 *   m                          minutes
 *   h                          hours
 * Units are lower case.  Fractions are allowed ("2.5s", "1.5m", ".5ms") and
 * the result is rounded to the nearest nanosecond ("1.0000000005s" is
 * 1000000001 ns).  A bare number is refused, because "5" could mean any
 * unit — except zero ("0", "0.0"), which means the same in all of them.
 * Refused too: a negative value, and anything longer than INT64_MAX ns
 * (about 292 years).
 * Sets *ns on success. */
int units_parse_duration(const char *s, int64_t *ns, char *err, size_t errlen);

/* The shortest exact form that units_parse_duration() reads back to the same
 * value: whole hours or minutes as "2h" or "90m", otherwise the largest of
 * s, ms, us, ns that keeps the value at least 1, with as many decimals as
 * needed and no more: 0 -> "0s", 100 -> "100ns", 1000 -> "1us",
 * 1500000 -> "1.5ms", 2000000000 -> "2s".  A negative value gets a leading
 * '-' (it will not parse back: the parser refuses negatives).  The text is
 * cut to fit len (at most 24 bytes are ever needed). */
void units_format_duration(int64_t ns, char *buf, size_t len);

/* ---- rates -------------------------------------------------------------- */

/* A positive rate in tc(8)'s units (tc/tc_util.c), any case:
 *   bit or a bare number       bits per second
 *   kbit mbit gbit tbit        10^3, 10^6, 10^9, 10^12 bit/s
 *   kibit mibit gibit tibit    2^10, 2^20, 2^30, 2^40 bit/s
 *   bps                        BYTES per second (x8), as in tc
 *   kbps mbps gbps tbps        10^3.. 10^12 bytes/s
 *   kibps mibps gibps tibps    2^10.. 2^40 bytes/s
 * "100Mbit", "1Gbit", "1.5Mbit", "10kbit".  Fractions are rounded to the
 * nearest bit per second.  Zero (after rounding) and negative rates are
 * refused ("a rate must be positive"), as is anything above UINT64_MAX.
 * Sets *bps (bits per second) on success. */
int units_parse_rate(const char *s, uint64_t *bps, char *err, size_t errlen);

/* A rate the way `tc qdisc show` prints it (tc's print_rate()): divide by
 * 1000 while the number is at least 1000 and either divides evenly or is at
 * least 1000000, then add "bit", "Kbit", "Mbit", "Gbit" or "Tbit":
 * 1500 -> "1500bit", 100000000 -> "100Mbit", 1000000000 -> "1Gbit".
 * Like tc it is not always exact: 1234567 -> "1234Kbit".  Cut to fit len
 * (at most 16 bytes are ever needed). */
void units_format_rate(uint64_t bps, char *buf, size_t len);

/* ---- percentages -------------------------------------------------------- */

/* A percentage from 0 to 100 inclusive, written with its '%' sign:
 * "5%" -> 0.05, "0.1%" -> 0.001, "0%" -> 0, "100%" -> 1.  Resolution is
 * 1e-9 of a percent.  Sets *frac, a fraction in [0, 1], on success. */
int units_parse_percent(const char *s, double *frac, char *err, size_t errlen);

/* ---- IPv4 addresses and prefixes ---------------------------------------- */

/* A strict dotted quad: four decimal parts 0..255, no leading zeros ("010"
 * is octal 8 to iproute2 and refused by inet_pton(), so it is refused here
 * rather than guessed).  Error, in iproute2's words (lib/utils.c get_addr):
 *   Error: inet address is expected rather than "x".
 * Sets *addr on success. */
int units_parse_ipv4(const char *s, uint32_t *addr, char *err, size_t errlen);

/* An address with an optional prefix length: "10.0.0.1/24"; no slash means
 * /32.  The length is decimal 0..32, or, as iproute2 also takes it, a
 * contiguous dotted netmask ("10.0.0.1/255.255.255.0" is /24).  Host bits
 * may be set: this is the form of `ip addr add`, where 10.0.0.1/24 is an
 * address on a /24.  Error, in iproute2's words (lib/utils.c get_prefix):
 *   Error: inet prefix is expected rather than "x".
 * Sets *addr and *plen on success. */
int units_parse_prefix(const char *s, uint32_t *addr, int *plen, char *err, size_t errlen);

/* The destination of `ip route add`: a prefix as units_parse_prefix() reads
 * it, or "default", "any", "all" or "0/0", each meaning 0.0.0.0/0 (iproute2's
 * get_addr_1() takes all four).  A prefix with host bits set is refused the
 * way the kernel refuses it (net/ipv4/fib_frontend.c rtm_to_fib_config(),
 * "Invalid prefix for given prefix length", printed by ip with "Error: "):
 *   Error: Invalid prefix for given prefix length.
 * Anything else gets units_parse_prefix()'s message.
 * Sets *addr and *plen on success. */
int units_parse_route_dst(const char *s, uint32_t *addr, int *plen, char *err, size_t errlen);

/* The netmask of a prefix length, host order: 0 -> 0, 24 -> 0xffffff00,
 * 32 -> 0xffffffff.  plen outside 0..32 is a programming error and aborts. */
uint32_t units_prefix_mask(int plen);

/* "a.b.c.d", at most 15 characters and the NUL. */
void units_format_ipv4(uint32_t addr, char buf[16]);

/* ---- MAC addresses ------------------------------------------------------ */

/* Six groups of one or two hex digits (either case) joined by ':':
 * "aa:bb:cc:dd:ee:ff", "2:0:0:0:0:1".  Error, in iproute2's words
 * (lib/ll_addr.c ll_addr_a2n), naming the whole value:
 *   "x" is invalid lladdr.
 * Sets mac[0..5] on success. */
int units_parse_mac(const char *s, uint8_t mac[6], char *err, size_t errlen);

/* "aa:bb:cc:dd:ee:ff": lower case, two digits per group, 17 characters and
 * the NUL. */
void units_format_mac(const uint8_t mac[6], char buf[18]);

#endif
