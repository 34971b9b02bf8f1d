/* arp.c — ARP packet parse and emit (RFC 826).  See arp.h. */
#include "wire/arp.h"

#include <string.h>

#include "wire/bytes.h"
#include "wire/eth.h"

/* Offsets in the Ethernet/IPv4 form. */
enum {
	ARP_OFF_HRD = 0,
	ARP_OFF_PRO = 2,
	ARP_OFF_HLN = 4,
	ARP_OFF_PLN = 5,
	ARP_OFF_OP = 6,
	ARP_OFF_SHA = 8,
	ARP_OFF_SPA = 14,
	ARP_OFF_THA = 18,
	ARP_OFF_TPA = 24,
};

int arp_parse(const uint8_t *b, uint32_t len, struct arp_repr *r)
{
	if (len < ARP_LEN)
		return -1;
	/* RFC 826, "Packet Reception": "?Do I have the hardware type in
	 * ar$hrd?  Yes: (almost definitely) [optionally check the hardware
	 * length ar$hln]  ?Do I speak the protocol in ar$pro?" */
	if (rd_be16(b + ARP_OFF_HRD) != ARP_HRD_ETHER ||
	    rd_be16(b + ARP_OFF_PRO) != ETH_P_IP ||
	    b[ARP_OFF_HLN] != ETH_ALEN || b[ARP_OFF_PLN] != 4)
		return -1;
	r->op = rd_be16(b + ARP_OFF_OP);
	memcpy(r->sha, b + ARP_OFF_SHA, ETH_ALEN);
	r->spa = rd_be32(b + ARP_OFF_SPA);
	memcpy(r->tha, b + ARP_OFF_THA, ETH_ALEN);
	r->tpa = rd_be32(b + ARP_OFF_TPA);
	return 0;
}

void arp_emit(uint8_t *b, const struct arp_repr *r)
{
	wr_be16(b + ARP_OFF_HRD, ARP_HRD_ETHER);
	wr_be16(b + ARP_OFF_PRO, ETH_P_IP);
	b[ARP_OFF_HLN] = ETH_ALEN;
	b[ARP_OFF_PLN] = 4;
	wr_be16(b + ARP_OFF_OP, r->op);
	memcpy(b + ARP_OFF_SHA, r->sha, ETH_ALEN);
	wr_be32(b + ARP_OFF_SPA, r->spa);
	memcpy(b + ARP_OFF_THA, r->tha, ETH_ALEN);
	wr_be32(b + ARP_OFF_TPA, r->tpa);
}
