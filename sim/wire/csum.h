/* csum.h — the Internet checksum (RFC 1071, RFC 1624).
 *
 * RFC 791 3.1: "The checksum field is the 16 bit one's complement of the
 * one's complement sum of all 16 bit words in the header."  ICMP (RFC 792),
 * UDP (RFC 768) and TCP (RFC 793) use the same sum; UDP and TCP add a
 * pseudo-header of the IP addresses, protocol and length.
 *
 * The sum is built in two steps, as RFC 1071 4.1 does it: csum_add()
 * accumulates 16-bit big-endian words into a 32-bit partial sum (carries
 * are kept, not folded), and csum_fold() folds the carries back in and
 * complements.  Because one's complement addition is commutative and
 * associative (RFC 1071 2(A), 2(B)), a partial sum can be built from
 * several pieces: the pseudo-header, then the UDP header and payload.
 *
 * All values in and out are in HOST byte order.  A checksum returned here
 * is written to the packet with wr_be16(), and one read with rd_be16() can
 * be passed back in.
 */
#ifndef WL_WIRE_CSUM_H
#define WL_WIRE_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* Add `len` bytes at `data`, taken as big-endian 16-bit words, to the
 * partial sum `sum`, and return the new partial sum (unfolded, not
 * complemented).  An odd final byte is padded with a zero byte on the right
 * (RFC 1071 4.1: "Add left-over byte, if any").
 *
 * Chaining: csum_add(csum_add(0, a, na), b, nb) equals the sum over a
 * followed by b ONLY when na is even.  Every chunk but the last must have
 * an even length, or the following bytes would land in the wrong half of
 * their words.  The sum never overflows: carries are folded in whenever
 * the top bit is reached, so any length and any chain are safe. */
uint32_t csum_add(uint32_t sum, const void *data, size_t len);

/* Fold the carries of a partial sum into 16 bits and return its one's
 * complement: the value to put in a checksum field (host order; write it
 * with wr_be16).  Summing a region that already holds its correct checksum
 * and folding gives 0. */
uint16_t csum_fold(uint32_t sum);

/* The checksum of `len` bytes: csum_fold(csum_add(0, data, len)).  Over a
 * header that includes its own correct checksum field, the result is 0. */
uint16_t csum_inet(const void *data, size_t len);

/* The partial sum of the IPv4 pseudo-header used by UDP and TCP (RFC 768,
 * RFC 793 3.1): source address, destination address, a zero byte, the
 * protocol, and the UDP/TCP length (header plus data, in bytes).  Addresses
 * are in host order (10.0.0.1 == 0x0A000001).  Continue it with csum_add()
 * over the transport header and payload, then csum_fold(). */
uint32_t csum_pseudo_ipv4(uint32_t src, uint32_t dst, uint8_t proto,
			  uint16_t l4_len);

/* The new checksum after one 16-bit word covered by `old_csum` changes
 * from `old_val` to `new_val`, without summing the packet again.
 * RFC 1624 3, eqn. 3:  HC' = ~(~HC + ~m + m')
 * This is the RFC 1624 form, not RFC 1141's HC' = HC + m + ~m', which
 * RFC 1624 corrects because it can yield 0xffff (-0) where a full
 * recomputation gives 0x0000.  The result equals csum_inet() over the
 * changed bytes in every case but one: when every covered word is now
 * zero, this gives 0x0000 and a recomputation 0xffff (the two zeros of
 * one's complement; only the data could tell them apart).  An IPv4
 * header (version 4) or a UDP/TCP sum (protocol in the pseudo-header) is
 * never all zero.  All values in host order. */
uint16_t csum_update16(uint16_t old_csum, uint16_t old_val, uint16_t new_val);

#endif
