/* icmp.c — ICMP header parse and emit (RFC 792, RFC 1191).  See icmp.h. */
#include "wire/icmp.h"

#include "wire/bytes.h"
#include "wire/csum.h"

enum { ICMP_OFF_CSUM = 2, ICMP_OFF_W1 = 4, ICMP_OFF_W2 = 6 };

static int icmp_is_echo(uint8_t type)
{
	return type == ICMP_ECHO || type == ICMP_ECHOREPLY;
}

static int icmp_is_frag_needed(uint8_t type, uint8_t code)
{
	return type == ICMP_DEST_UNREACH && code == ICMP_FRAG_NEEDED;
}

int icmp_parse(const uint8_t *b, uint32_t len, struct icmp_repr *r)
{
	if (len < ICMP_HLEN)
		return -1;
	r->type = b[0];
	r->code = b[1];
	r->id = 0;
	r->seq = 0;
	r->mtu = 0;
	if (icmp_is_echo(r->type)) {
		/* RFC 792, Echo: "Identifier ... Sequence Number ... to aid
		 * in matching echos and replies". */
		r->id = rd_be16(b + ICMP_OFF_W1);
		r->seq = rd_be16(b + ICMP_OFF_W2);
	} else if (icmp_is_frag_needed(r->type, r->code)) {
		/* RFC 1191 4: "The Next-Hop MTU field ... low-order 16 bits
		 * of the ICMP header field that is labelled 'unused'". */
		r->mtu = rd_be16(b + ICMP_OFF_W2);
	}
	if (csum_inet(b, len) != 0)
		return -2;
	return 0;
}

void icmp_emit(uint8_t *b, uint32_t len, const struct icmp_repr *r)
{
	b[0] = r->type;
	b[1] = r->code;
	wr_be16(b + ICMP_OFF_CSUM, 0);
	if (icmp_is_echo(r->type)) {
		wr_be16(b + ICMP_OFF_W1, r->id);
		wr_be16(b + ICMP_OFF_W2, r->seq);
	} else {
		/* RFC 792: "unused ... This field is unused" (and zero). */
		wr_be16(b + ICMP_OFF_W1, 0);
		wr_be16(b + ICMP_OFF_W2,
			icmp_is_frag_needed(r->type, r->code) ? r->mtu : 0);
	}
	wr_be16(b + ICMP_OFF_CSUM, csum_inet(b, len));
}
