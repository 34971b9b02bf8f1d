/* csum.c — the Internet checksum: RFC 1071 (computation), RFC 1624
 * (incremental update).  See csum.h. */
#include "wire/csum.h"

#include "wire/bytes.h"

uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	/* RFC 1071 4.1: "This is the inner loop": add 16-bit words into a
	 * 32-bit accumulator; the carries are folded later. */
	while (len > 1) {
		sum += rd_be16(p);
		/* Fold early so that any length is safe: the caller may
		 * chain many chunks. */
		if (sum & 0x80000000u)
			sum = (sum & 0xffffu) + (sum >> 16);
		p += 2;
		len -= 2;
	}
	/* "Add left-over byte, if any": it is the high byte of a word whose
	 * low byte is zero. */
	if (len > 0)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

uint16_t csum_fold(uint32_t sum)
{
	/* "Fold 32-bit sum to 16 bits": twice is always enough, the first
	 * fold leaves at most 0xffff + 0xffff = 0x1fffe. */
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t csum_inet(const void *data, size_t len)
{
	return csum_fold(csum_add(0, data, len));
}

uint32_t csum_pseudo_ipv4(uint32_t src, uint32_t dst, uint8_t proto,
			  uint16_t l4_len)
{
	/* RFC 768: "The pseudo header conceptually prefixed to the UDP
	 * header contains the source address, the destination address,
	 * the protocol, and the UDP length."  Layout:
	 *   src (4) | dst (4) | zero (1) | proto (1) | length (2)  */
	uint32_t sum = 0;

	sum += src >> 16;
	sum += src & 0xffffu;
	sum += dst >> 16;
	sum += dst & 0xffffu;
	sum += proto;           /* the word is (0 << 8) | proto */
	sum += l4_len;
	return sum;
}

uint16_t csum_update16(uint16_t old_csum, uint16_t old_val, uint16_t new_val)
{
	/* RFC 1624 3: "HC' = ~(~HC + ~m + m')" in one's complement
	 * arithmetic. */
	uint32_t sum = (uint16_t)~old_csum;

	sum += (uint16_t)~old_val;
	sum += new_val;
	return csum_fold(sum);
}
