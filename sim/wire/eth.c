/* eth.c — Ethernet II header parse and emit.  See eth.h. */
#include "wire/eth.h"

#include "wire/bytes.h"

int eth_parse(const uint8_t *b, uint32_t len, struct eth_repr *r)
{
	if (len < ETH_HLEN)
		return -1;
	memcpy(r->dst, b, ETH_ALEN);
	memcpy(r->src, b + 6, ETH_ALEN);
	r->type = rd_be16(b + 12);
	return 0;
}

void eth_emit(uint8_t *b, const struct eth_repr *r)
{
	memcpy(b, r->dst, ETH_ALEN);
	memcpy(b + 6, r->src, ETH_ALEN);
	wr_be16(b + 12, r->type);
}

void eth_broadcast(uint8_t mac[ETH_ALEN])
{
	memset(mac, 0xff, ETH_ALEN);
}
