/* udp.c — UDP header parse and emit (RFC 768).  See udp.h. */
#include "wire/udp.h"

#include "wire/bytes.h"
#include "wire/csum.h"
#include "wire/ipv4.h"

enum { UDP_OFF_SPORT = 0, UDP_OFF_DPORT = 2, UDP_OFF_LEN = 4, UDP_OFF_CSUM = 6 };

int udp_parse(const uint8_t *b, uint32_t len, uint32_t src, uint32_t dst,
	      struct udp_repr *r)
{
	uint32_t sum;

	if (len < UDP_HLEN)
		return -1;
	r->sport = rd_be16(b + UDP_OFF_SPORT);
	r->dport = rd_be16(b + UDP_OFF_DPORT);
	r->len = rd_be16(b + UDP_OFF_LEN);
	if (r->len < UDP_HLEN || r->len > len)
		return -1;
	if (rd_be16(b + UDP_OFF_CSUM) == 0)
		return 0;   /* "the transmitter generated no checksum" */
	sum = csum_pseudo_ipv4(src, dst, IP_PROTO_UDP, r->len);
	sum = csum_add(sum, b, r->len);
	if (csum_fold(sum) != 0)
		return -2;
	return 0;
}

void udp_emit(uint8_t *b, uint32_t len, uint32_t src, uint32_t dst,
	      const struct udp_repr *r)
{
	uint32_t sum;
	uint16_t csum;

	wr_be16(b + UDP_OFF_SPORT, r->sport);
	wr_be16(b + UDP_OFF_DPORT, r->dport);
	wr_be16(b + UDP_OFF_LEN, (uint16_t)len);
	wr_be16(b + UDP_OFF_CSUM, 0);
	sum = csum_pseudo_ipv4(src, dst, IP_PROTO_UDP, (uint16_t)len);
	sum = csum_add(sum, b, len);
	csum = csum_fold(sum);
	wr_be16(b + UDP_OFF_CSUM, csum == 0 ? 0xffff : csum);
}
