/* udp.h — the UDP header (RFC 768).
 *
 *    0      7 8     15 16    23 24    31
 *   +--------+--------+--------+--------+
 *   |     Source      |   Destination   |
 *   |      Port       |      Port       |
 *   +--------+--------+--------+--------+
 *   |                 |                 |
 *   |     Length      |    Checksum     |
 *   +--------+--------+--------+--------+
 *   |          data octets ...
 *
 * RFC 768: "Length is the length in octets of this user datagram
 * including this header and the data.  (This means the minimum value of
 * the length is eight.)"  "Checksum is the 16-bit one's complement of the
 * one's complement sum of a pseudo header of information from the IP
 * header, the UDP header, and the data, padded with zero octets at the
 * end (if necessary) to make a multiple of two octets."
 *
 * src and dst are the IPv4 addresses of the carrying datagram, in host
 * order, needed for the pseudo-header (see csum_pseudo_ipv4()).
 */
#ifndef WL_WIRE_UDP_H
#define WL_WIRE_UDP_H

#include <stdint.h>

#define UDP_HLEN 8

/* A parsed header.  Fields in host order. */
struct udp_repr {
	uint16_t sport, dport;
	uint16_t len;           /* the Length field: header plus data */
};

/* Read the UDP datagram at b, `len` bytes of IP payload, into *r.  Returns
 *    0  well-formed, and the checksum is correct or absent (field 0:
 *       "An all zero transmitted checksum value means that the
 *       transmitter generated no checksum");
 *   -1  len < 8, Length field < 8, or Length field > len (*r unspecified);
 *   -2  the checksum is wrong (*r is filled).
 * The checksum covers the first r->len bytes; bytes after them (padding)
 * are ignored.  The data is b[UDP_HLEN .. r->len). */
int udp_parse(const uint8_t *b, uint32_t len, uint32_t src, uint32_t dst,
	      struct udp_repr *r);

/* Write the 8-byte header at b and the checksum over the pseudo-header and
 * all `len` bytes from b (header plus data; the data must already be in
 * place at b + UDP_HLEN).  The Length field is written as `len`
 * (8 <= len <= 65535); r->len is ignored.  RFC 768: "If the computed
 * checksum is zero, it is transmitted as all ones". */
void udp_emit(uint8_t *b, uint32_t len, uint32_t src, uint32_t dst,
	      const struct udp_repr *r);

#endif
