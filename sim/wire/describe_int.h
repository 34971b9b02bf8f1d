/* describe_int.h — what the parts of the describer share (describe.c,
 * describe_dns.c).  Not for use outside sim/wire/describe*.c.
 */
#ifndef WL_WIRE_DESCRIBE_INT_H
#define WL_WIRE_DESCRIBE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The line being written: snprintf semantics over the caller's buffer. */
struct wd {
	char *buf;
	size_t cap;
	size_t len;     /* length of the whole line so far, cut or not */
};

void wd_printf(struct wd *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A DNS message, as tcpdump's print-domain.c prints it without -v: `b`
 * is the UDP payload (or, over_tcp, the TCP payload with its two-byte
 * length prefix), `len` the length tcpdump counts for it, `cap` how many
 * of its bytes are present; mdns for multicast DNS (UDP port 5353). */
void describe_dns(struct wd *o, const uint8_t *b, uint32_t len, uint32_t cap, bool over_tcp,
		  bool mdns);

#endif
