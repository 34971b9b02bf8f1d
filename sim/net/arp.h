/* arp.h — ARP (RFC 826) on a node: answering who-has for our addresses,
 * learning from what we hear, and sending requests for the neighbour cache. */
#ifndef WL_ARP_H
#define WL_ARP_H

#include <stdint.h>

struct node;
struct netdev;
struct pkt;

/* An ARP packet arrived on dev (p->data at the ARP header).  Consumes p. */
void arp_input(struct node *n, struct netdev *dev, struct pkt *p);

/* Send who-has `target` on dev from `sender_ip`: broadcast when dst_mac is
 * NULL, else unicast to dst_mac (a PROBE). */
void arp_send_request(struct node *n, struct netdev *dev, uint32_t sender_ip, uint32_t target,
		      const uint8_t *dst_mac);

#endif
