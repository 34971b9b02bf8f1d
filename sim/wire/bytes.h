/* bytes.h — reading and writing big-endian integers in packet bytes.
 *
 * Every multi-byte field on the wire is in network byte order (big-endian,
 * RFC 791 Appendix B: "the order of transmission of the header and data
 * ... is resolved to the octet level ... most significant octet first").
 * These helpers are the only place the wire layer turns bytes into host
 * integers and back.  They work on any alignment (byte by byte), so a
 * header may start at any offset in a buffer.
 */
#ifndef WL_WIRE_BYTES_H
#define WL_WIRE_BYTES_H

#include <stdint.h>

/* The 16-bit big-endian value at p[0..1], in host order. */
static inline uint16_t rd_be16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | (uint16_t)p[1]);
}

/* The 32-bit big-endian value at p[0..3], in host order. */
static inline uint32_t rd_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Write v (host order) to p[0..1], most significant byte first. */
static inline void wr_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Write v (host order) to p[0..3], most significant byte first. */
static inline void wr_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
