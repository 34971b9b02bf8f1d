/* ipv4.h — the IPv4 header (RFC 791 3.1).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version|  IHL  |Type of Service|          Total Length         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         Identification        |Flags|      Fragment Offset    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Time to Live |    Protocol   |         Header Checksum       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                       Source Address                          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Destination Address                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Options                    |    Padding    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * IPv4 addresses are uint32_t in HOST byte order everywhere in wirelab
 * (10.0.0.1 == 0x0A000001 == IPV4_ADDR(10, 0, 0, 1)); these functions
 * convert on the wire.  Options are skipped when parsing (hlen says how
 * many header bytes there are) and never emitted.  Fragmentation and
 * reassembly are protocol logic and live in the stack; this file only
 * names the bits.
 */
#ifndef WL_WIRE_IPV4_H
#define WL_WIRE_IPV4_H

#include <stdint.h>

#define IPV4_HLEN 20            /* bytes in a header without options */
#define IPV4_DF 0x4000          /* flags: "Bit 1: (DF) 1 = Don't Fragment" */
#define IPV4_MF 0x2000          /* flags: "Bit 2: (MF) 1 = More Fragments" */
#define IPV4_OFFMASK 0x1fff     /* fragment offset, in units of 8 bytes */

/* "Protocol: 8 bits ... The values for various protocols are specified
 * in 'Assigned Numbers'" (now the IANA protocol numbers registry). */
#define IP_PROTO_ICMP 1
#define IP_PROTO_TCP 6
#define IP_PROTO_UDP 17

/* A host-order address from its dotted-quad parts. */
#define IPV4_ADDR(a, b, c, d) \
	((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

/* Room for "255.255.255.255" and its terminating NUL. */
#define IPV4_ADDR_STRLEN 16

/* A parsed header.  All multi-byte fields in host order. */
struct ipv4_repr {
	uint8_t tos;
	uint16_t total_len;     /* header plus data, in bytes */
	uint16_t id;
	uint16_t frag;          /* flags and offset as on the wire: IPV4_DF,
	                         * IPV4_MF, IPV4_OFFMASK (8-byte units) */
	uint8_t ttl;
	uint8_t proto;          /* IP_PROTO_* */
	uint32_t src;
	uint32_t dst;
	uint8_t hlen;           /* header bytes, from IHL (IHL * 4); parse only */
};

/* Read the IPv4 header at b, of a buffer holding `len` bytes, into *r.
 * Returns
 *    0  a well-formed header with a correct checksum;
 *   -1  malformed: len < 20, version != 4, IHL < 5, IHL * 4 > len,
 *       total length < IHL * 4, or total length > len;
 *   -2  well-formed but the header checksum is wrong (*r is filled).
 * Whenever len >= 20, *r holds the fields as read, even on -1, so a caller
 * can explain what was wrong; on len < 20 *r is untouched.
 * Bytes past total_len (Ethernet padding) are allowed and ignored: the
 * payload is b[hlen .. total_len). */
int ipv4_parse(const uint8_t *b, uint32_t len, struct ipv4_repr *r);

/* Write a 20-byte header for *r at b: version 4, IHL 5 (r->hlen is
 * ignored; no options), and the header checksum computed over it. */
void ipv4_emit(uint8_t *b, const struct ipv4_repr *r);

/* Set the TTL of the header at b and update its checksum incrementally
 * (RFC 1624), as a router does: RFC 1812 5.3.1 "the router MUST
 * decrement the TTL", and 5.2.2 allows "incrementally updating the
 * checksum".  The header must already hold a correct checksum for the
 * result to be correct. */
void ipv4_set_ttl(uint8_t *b, uint8_t ttl);

/* Set the source address (host order) of the header at b and update the
 * header checksum incrementally, as NAT does.  Transport checksums that
 * cover the address (UDP, TCP) are the caller's to update. */
void ipv4_set_src(uint8_t *b, uint32_t src);

/* Set the destination address; as ipv4_set_src. */
void ipv4_set_dst(uint8_t *b, uint32_t dst);

/* Write addr (host order) as a dotted quad, "10.0.0.1", into out.
 * Returns out. */
char *ipv4_addr_str(uint32_t addr, char out[IPV4_ADDR_STRLEN]);

#endif
