/* ipv4.c — IPv4 header parse and emit (RFC 791), incremental checksum
 * updates (RFC 1624).  See ipv4.h. */
#include "wire/ipv4.h"

#include <stdio.h>

#include "wire/bytes.h"
#include "wire/csum.h"

/* Offsets in the header. */
enum {
	IPV4_OFF_VIHL = 0,
	IPV4_OFF_TOS = 1,
	IPV4_OFF_LEN = 2,
	IPV4_OFF_ID = 4,
	IPV4_OFF_FRAG = 6,
	IPV4_OFF_TTL = 8,
	IPV4_OFF_PROTO = 9,
	IPV4_OFF_CSUM = 10,
	IPV4_OFF_SRC = 12,
	IPV4_OFF_DST = 16,
};

int ipv4_parse(const uint8_t *b, uint32_t len, struct ipv4_repr *r)
{
	unsigned version, hlen;

	if (len < IPV4_HLEN)
		return -1;
	version = b[IPV4_OFF_VIHL] >> 4;
	/* "Internet Header Length is the length of the internet header in
	 * 32 bit words ... Note that the minimum value for a correct header
	 * is 5." */
	hlen = (b[IPV4_OFF_VIHL] & 0x0fu) * 4u;
	r->tos = b[IPV4_OFF_TOS];
	r->total_len = rd_be16(b + IPV4_OFF_LEN);
	r->id = rd_be16(b + IPV4_OFF_ID);
	r->frag = rd_be16(b + IPV4_OFF_FRAG);
	r->ttl = b[IPV4_OFF_TTL];
	r->proto = b[IPV4_OFF_PROTO];
	r->src = rd_be32(b + IPV4_OFF_SRC);
	r->dst = rd_be32(b + IPV4_OFF_DST);
	r->hlen = (uint8_t)hlen;

	if (version != 4 || hlen < IPV4_HLEN || hlen > len)
		return -1;
	/* "Total Length is the length of the datagram, measured in octets,
	 * including internet header and data." */
	if (r->total_len < hlen || r->total_len > len)
		return -1;
	/* RFC 791 3.1: "The checksum field is the 16 bit one's complement of
	 * the one's complement sum of all 16 bit words in the header."  The
	 * sum over a header holding its correct checksum is therefore -0,
	 * which csum_inet() complements to 0. */
	if (csum_inet(b, hlen) != 0)
		return -2;
	return 0;
}

void ipv4_emit(uint8_t *b, const struct ipv4_repr *r)
{
	b[IPV4_OFF_VIHL] = 4u << 4 | IPV4_HLEN / 4;
	b[IPV4_OFF_TOS] = r->tos;
	wr_be16(b + IPV4_OFF_LEN, r->total_len);
	wr_be16(b + IPV4_OFF_ID, r->id);
	wr_be16(b + IPV4_OFF_FRAG, r->frag);
	b[IPV4_OFF_TTL] = r->ttl;
	b[IPV4_OFF_PROTO] = r->proto;
	wr_be32(b + IPV4_OFF_SRC, r->src);
	wr_be32(b + IPV4_OFF_DST, r->dst);
	/* "For purposes of computing the checksum, the value of the checksum
	 * field is zero." */
	wr_be16(b + IPV4_OFF_CSUM, 0);
	wr_be16(b + IPV4_OFF_CSUM, csum_inet(b, IPV4_HLEN));
}

/* Replace the 16-bit word at b + off and patch the checksum (RFC 1624). */
static void ipv4_patch16(uint8_t *b, unsigned off, uint16_t new_val)
{
	uint16_t old_val = rd_be16(b + off);
	uint16_t old_csum = rd_be16(b + IPV4_OFF_CSUM);

	wr_be16(b + off, new_val);
	wr_be16(b + IPV4_OFF_CSUM, csum_update16(old_csum, old_val, new_val));
}

void ipv4_set_ttl(uint8_t *b, uint8_t ttl)
{
	/* TTL shares its 16-bit word with the protocol byte. */
	ipv4_patch16(b, IPV4_OFF_TTL, (uint16_t)(ttl << 8 | b[IPV4_OFF_PROTO]));
}

void ipv4_set_src(uint8_t *b, uint32_t src)
{
	ipv4_patch16(b, IPV4_OFF_SRC, (uint16_t)(src >> 16));
	ipv4_patch16(b, IPV4_OFF_SRC + 2, (uint16_t)src);
}

void ipv4_set_dst(uint8_t *b, uint32_t dst)
{
	ipv4_patch16(b, IPV4_OFF_DST, (uint16_t)(dst >> 16));
	ipv4_patch16(b, IPV4_OFF_DST + 2, (uint16_t)dst);
}

char *ipv4_addr_str(uint32_t addr, char out[IPV4_ADDR_STRLEN])
{
	snprintf(out, IPV4_ADDR_STRLEN, "%u.%u.%u.%u",
		 (unsigned)(addr >> 24), (unsigned)(addr >> 16 & 0xffu),
		 (unsigned)(addr >> 8 & 0xffu), (unsigned)(addr & 0xffu));
	return out;
}
