/* arp.c — ARP, following RFC 826's "Packet Reception" steps and Linux's
 * arp_process() where the two leave room. */
#include "net/arp.h"

#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/neigh.h"
#include "util/units.h"
#include "wire/arp.h"
#include "wire/eth.h"

static void arp_xmit(struct node *n, struct netdev *dev, const struct arp_repr *a,
		     const uint8_t *eth_dst)
{
	struct pkt *p = pkt_alloc(n->w, ARP_LEN);
	arp_emit(p->data, a);
	struct eth_repr e;
	memcpy(e.dst, eth_dst, 6);
	memcpy(e.src, dev->mac, 6);
	e.type = ETH_P_ARP;
	eth_emit(pkt_push(p, ETH_HLEN), &e);
	netdev_xmit(dev, p);
}

void arp_send_request(struct node *n, struct netdev *dev, uint32_t sender_ip, uint32_t target,
		      const uint8_t *dst_mac)
{
	struct arp_repr a = { .op = ARP_OP_REQUEST, .spa = sender_ip, .tpa = target };
	memcpy(a.sha, dev->mac, 6);
	/* RFC 826 leaves the target hardware address of a request unset; Linux
	 * sends zeros, even in the unicast probe of a known entry. */
	uint8_t bcast[6];
	eth_broadcast(bcast);
	arp_xmit(n, dev, &a, dst_mac ? dst_mac : bcast);
}

void arp_input(struct node *n, struct netdev *dev, struct pkt *p)
{
	struct world *w = n->w;
	struct arp_repr a;
	if (arp_parse(p->data, p->len, &a) != 0) {
		pkt_drop(w, p, n, dev, TL_NONE, DROP_ARP_MALFORMED, NULL);
		return;
	}
	/* Linux's arp_process: a sender of 0.0.0.0 is a probe (RFC 5227) and
	 * teaches nothing; multicast sender hardware addresses are bogus. */
	if (eth_is_multicast(a.sha)) {
		pkt_drop(w, p, n, dev, TL_NONE, DROP_ARP_MALFORMED, "ARP sender MAC is multicast");
		return;
	}
	bool for_us = node_is_local_addr(n, a.tpa) && a.tpa != 0 && (a.tpa >> 24) != 127;
	if (a.op == ARP_OP_REQUEST && for_us) {
		/* RFC 826: "merge the sender into the table" — Linux records the
		 * asker as STALE (neigh_event_ns), since only a reply proves
		 * two-way reachability. */
		if (a.spa)
			neigh_learn(n, dev, a.spa, a.sha, false, true);
		struct arp_repr r = { .op = ARP_OP_REPLY, .spa = a.tpa, .tpa = a.spa };
		memcpy(r.sha, dev->mac, 6);
		memcpy(r.tha, a.sha, 6);
		if (trace_wants(w, TR_DECISION)) {
			char ip[16], m[18];
			units_format_ipv4(a.tpa, ip);
			units_format_mac(dev->mac, m);
			trace_decision(w, n, dev, p, TL_NONE, "arp-reply", "%s is ours: replying is-at %s",
				       ip, m);
		}
		arp_xmit(n, dev, &r, a.sha);
		pkt_free(w, p);
		return;
	}
	/* Anything else only updates an entry we already have: a reply to us
	 * confirms it (REACHABLE); an overheard packet makes it STALE if the
	 * address changed.  A gratuitous ARP creates nothing (arp_accept=0). */
	if (a.spa) {
		bool to_us = a.op == ARP_OP_REPLY && memcmp(p->data - ETH_HLEN, dev->mac, 6) == 0;
		neigh_learn(n, dev, a.spa, a.sha, to_us, false);
	}
	/* A request for someone else is consumed, not dropped: every host on
	 * a LAN hears every broadcast, and that is normal. */
	if (a.op == ARP_OP_REQUEST && trace_wants(w, TR_DECISION)) {
		char ip[16];
		units_format_ipv4(a.tpa, ip);
		trace_decision(w, n, dev, p, TL_NONE, "arp-ignore", "who-has %s: not ours, ignored", ip);
	}
	pkt_free(w, p);
}
