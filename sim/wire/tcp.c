/* tcp.c — TCP header and option parse and emit (RFC 9293 3.1).  See tcp.h. */
#include "wire/tcp.h"

#include <string.h>

#include "wire/bytes.h"
#include "wire/csum.h"
#include "wire/ipv4.h"

enum {
	TCP_OFF_SPORT = 0, TCP_OFF_DPORT = 2, TCP_OFF_SEQ = 4, TCP_OFF_ACK = 8,
	TCP_OFF_DOFF = 12, TCP_OFF_FLAGS = 13, TCP_OFF_WIN = 14, TCP_OFF_CSUM = 16,
	TCP_OFF_URG = 18,
};

/* RFC 9293 3.2: "an option may begin on any octet boundary" and "the
 * option-length counts the two octets of option-kind and option-length as
 * well as the option-data octets".  A length past the header, or below 2,
 * makes the segment malformed (Linux's tcp_parse_options stops there; we
 * refuse the segment, as Wireshark flags it). */
static int parse_opts(const uint8_t *o, uint32_t olen, struct tcp_repr *r, const char **why)
{
	uint32_t i = 0;
	while (i < olen) {
		uint8_t kind = o[i];
		if (kind == TCP_OPT_EOL)
			break;
		if (kind == TCP_OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= olen) {
			*why = "option length byte past the header";
			return -1;
		}
		uint8_t l = o[i + 1];
		if (l < 2 || i + l > olen) {
			*why = "option length runs past the header";
			return -1;
		}
		const uint8_t *d = o + i + 2;
		switch (kind) {
		case TCP_OPT_MSS:
			if (l == 4) {
				r->has_mss = true;
				r->mss = rd_be16(d);
			}
			break;
		case TCP_OPT_WSCALE:
			if (l == 3) {
				r->has_wscale = true;
				r->wscale = d[0];
			}
			break;
		case TCP_OPT_SACK_PERM:
			if (l == 2)
				r->sack_perm = true;
			break;
		case TCP_OPT_SACK:
			for (uint32_t k = 0; k + 8 <= (uint32_t)l - 2 && r->n_sack < 4; k += 8) {
				r->sack[r->n_sack][0] = rd_be32(d + k);
				r->sack[r->n_sack][1] = rd_be32(d + k + 4);
				r->n_sack++;
			}
			break;
		case TCP_OPT_TS:
			if (l == 10) {
				r->has_ts = true;
				r->tsval = rd_be32(d);
				r->tsecr = rd_be32(d + 4);
			}
			break;
		default:
			break;
		}
		i += l;
	}
	return 0;
}

int tcp_parse(const uint8_t *b, uint32_t len, uint32_t src, uint32_t dst, struct tcp_repr *r,
	      const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	memset(r, 0, sizeof *r);
	if (len < TCP_HLEN) {
		*why = "shorter than a TCP header";
		return -1;
	}
	r->sport = rd_be16(b + TCP_OFF_SPORT);
	r->dport = rd_be16(b + TCP_OFF_DPORT);
	r->seq = rd_be32(b + TCP_OFF_SEQ);
	r->ack = rd_be32(b + TCP_OFF_ACK);
	r->hlen = (uint8_t)((b[TCP_OFF_DOFF] >> 4) * 4);
	r->flags = b[TCP_OFF_FLAGS];
	r->window = rd_be16(b + TCP_OFF_WIN);
	r->urg = rd_be16(b + TCP_OFF_URG);
	if (r->hlen < TCP_HLEN) {
		*why = "data offset below 5 words";
		return -1;
	}
	if (r->hlen > len) {
		*why = "data offset past the end of the segment";
		return -1;
	}
	if (parse_opts(b + TCP_HLEN, r->hlen - TCP_HLEN, r, why) != 0)
		return -1;
	uint32_t sum = csum_pseudo_ipv4(src, dst, IP_PROTO_TCP, (uint16_t)len);
	sum = csum_add(sum, b, len);
	if (csum_fold(sum) != 0) {
		*why = "bad checksum";
		return -2;
	}
	return 0;
}

uint32_t tcp_header_len(const struct tcp_repr *r)
{
	uint32_t n = TCP_HLEN;
	if (r->has_mss)
		n += 4;
	if (r->has_ts)
		n += 12;        /* sackOK + TS, or NOP NOP TS */
	else if (r->sack_perm)
		n += 4;         /* NOP NOP sackOK */
	if (r->has_wscale)
		n += 4;         /* NOP wscale */
	if (r->n_sack)
		n += 4 + 8u * r->n_sack;   /* NOP NOP SACK */
	return n;
}

void tcp_emit(uint8_t *b, uint32_t len, uint32_t src, uint32_t dst, const struct tcp_repr *r)
{
	uint32_t hlen = tcp_header_len(r);
	wr_be16(b + TCP_OFF_SPORT, r->sport);
	wr_be16(b + TCP_OFF_DPORT, r->dport);
	wr_be32(b + TCP_OFF_SEQ, r->seq);
	wr_be32(b + TCP_OFF_ACK, r->ack);
	b[TCP_OFF_DOFF] = (uint8_t)((hlen / 4) << 4);
	b[TCP_OFF_FLAGS] = r->flags;
	wr_be16(b + TCP_OFF_WIN, r->window);
	wr_be16(b + TCP_OFF_CSUM, 0);
	wr_be16(b + TCP_OFF_URG, r->urg);
	/* The order of Linux's tcp_options_write(). */
	uint8_t *o = b + TCP_HLEN;
	if (r->has_mss) {
		o[0] = TCP_OPT_MSS;
		o[1] = 4;
		wr_be16(o + 2, r->mss);
		o += 4;
	}
	if (r->has_ts) {
		if (r->sack_perm) {
			o[0] = TCP_OPT_SACK_PERM;
			o[1] = 2;
		} else {
			o[0] = TCP_OPT_NOP;
			o[1] = TCP_OPT_NOP;
		}
		o[2] = TCP_OPT_TS;
		o[3] = 10;
		wr_be32(o + 4, r->tsval);
		wr_be32(o + 8, r->tsecr);
		o += 12;
	} else if (r->sack_perm) {
		o[0] = TCP_OPT_NOP;
		o[1] = TCP_OPT_NOP;
		o[2] = TCP_OPT_SACK_PERM;
		o[3] = 2;
		o += 4;
	}
	if (r->has_wscale) {
		o[0] = TCP_OPT_NOP;
		o[1] = TCP_OPT_WSCALE;
		o[2] = 3;
		o[3] = r->wscale;
		o += 4;
	}
	if (r->n_sack) {
		o[0] = TCP_OPT_NOP;
		o[1] = TCP_OPT_NOP;
		o[2] = TCP_OPT_SACK;
		o[3] = (uint8_t)(2 + 8 * r->n_sack);
		for (unsigned i = 0; i < r->n_sack; i++) {
			wr_be32(o + 4 + 8 * i, r->sack[i][0]);
			wr_be32(o + 8 + 8 * i, r->sack[i][1]);
		}
	}
	uint32_t sum = csum_pseudo_ipv4(src, dst, IP_PROTO_TCP, (uint16_t)len);
	sum = csum_add(sum, b, len);
	wr_be16(b + TCP_OFF_CSUM, csum_fold(sum));
}
