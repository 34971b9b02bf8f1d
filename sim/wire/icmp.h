/* icmp.h — the ICMP message header (RFC 792; RFC 1191 for the next-hop
 * MTU in "fragmentation needed").
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |     Code      |          Checksum             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Identifier          |        Sequence Number        |  echo
 *   |             unused            |         Next-Hop MTU          |  3/4
 *   |                            unused                             |  3, 11
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Data ...  (echo: anything; errors: "Internet Header + 64 bits
 *   |                of Original Data Datagram")
 *
 * RFC 792: "The checksum is the 16-bit ones's complement of the one's
 * complement sum of the ICMP message starting with the ICMP Type.  For
 * computing the checksum, the checksum field should be zero."  The whole
 * message (header and data) is covered, so the data must be in place
 * before icmp_emit() computes it.  Which messages to send and when (RFC
 * 1122, RFC 1812) is the stack's business, not this file's.
 */
#ifndef WL_WIRE_ICMP_H
#define WL_WIRE_ICMP_H

#include <stdint.h>

#define ICMP_HLEN 8

/* Types (RFC 792). */
#define ICMP_ECHOREPLY 0
#define ICMP_DEST_UNREACH 3
#define ICMP_ECHO 8
#define ICMP_TIME_EXCEEDED 11

/* Codes for ICMP_DEST_UNREACH (RFC 792; 13 from RFC 1812 5.2.7.1). */
#define ICMP_NET_UNREACH 0      /* "net unreachable" */
#define ICMP_HOST_UNREACH 1     /* "host unreachable" */
#define ICMP_PROT_UNREACH 2     /* "protocol unreachable" */
#define ICMP_PORT_UNREACH 3     /* "port unreachable" */
#define ICMP_FRAG_NEEDED 4      /* "fragmentation needed and DF set" */
#define ICMP_PKT_FILTERED 13    /* "Communication Administratively Prohibited" */

/* Codes for ICMP_TIME_EXCEEDED. */
#define ICMP_EXC_TTL 0          /* "time to live exceeded in transit" */
#define ICMP_EXC_FRAGTIME 1     /* "fragment reassembly time exceeded" */

/* A parsed header.  Fields in host order. */
struct icmp_repr {
	uint8_t type, code;
	uint16_t id, seq;       /* echo and echo reply only; else 0 */
	uint16_t mtu;           /* dest unreachable / frag needed only; else 0 */
};

/* Read the ICMP message of `len` bytes at b (the IP payload) into *r.
 * Returns 0, -1 when len < ICMP_HLEN (*r untouched), or -2 when the
 * checksum over all len bytes is wrong (*r is filled). */
int icmp_parse(const uint8_t *b, uint32_t len, struct icmp_repr *r);

/* Write the 8-byte header for *r at b and the checksum over all `len`
 * bytes from b (header plus data; the data must already be in place at
 * b + ICMP_HLEN).  The second word is id/seq for echo and echo reply,
 * 0/mtu for dest unreachable code 4, and zero for every other message. */
void icmp_emit(uint8_t *b, uint32_t len, const struct icmp_repr *r);

#endif
