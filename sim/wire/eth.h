/* eth.h — the Ethernet II frame header (IEEE 802.3 with an EtherType,
 * RFC 894 for IPv4 over Ethernet).
 *
 *    0                   6                   12      14
 *   +-------------------+-------------------+-------+----------------
 *   | destination MAC   | source MAC        | type  | payload ...
 *   +-------------------+-------------------+-------+----------------
 *
 * RFC 894: "The minimum length of the data field of a packet sent over an
 * Ethernet is 46 octets."  A frame is therefore at least ETH_ZLEN (60)
 * bytes before the 4-byte FCS; shorter payloads are padded with zeros.
 * wirelab does not model the preamble or the FCS: a frame's bytes are
 * what a pcap capture on the device would show.
 *
 * 802.1Q tags, 802.3 length fields (type < 0x0600) and jumbo frames are
 * not modelled here.
 */
#ifndef WL_WIRE_ETH_H
#define WL_WIRE_ETH_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#define ETH_ALEN 6          /* bytes in a MAC address */
#define ETH_HLEN 14         /* bytes in the header: dst, src, type */
#define ETH_ZLEN 60         /* minimum frame length, without the FCS */
#define ETH_P_IP 0x0800     /* EtherType: IPv4 (RFC 894) */
#define ETH_P_ARP 0x0806    /* EtherType: ARP (RFC 826) */

/* A parsed header.  `type` is in host order. */
struct eth_repr {
	uint8_t dst[ETH_ALEN];
	uint8_t src[ETH_ALEN];
	uint16_t type;
};

/* Read the header of the `len`-byte frame at b into *r.  Returns 0, or -1
 * (and leaves *r untouched) when len < ETH_HLEN.  The payload starts at
 * b + ETH_HLEN. */
int eth_parse(const uint8_t *b, uint32_t len, struct eth_repr *r);

/* Write the 14-byte header for *r at b (which must have room for it). */
void eth_emit(uint8_t *b, const struct eth_repr *r);

/* Fill mac with the broadcast address ff:ff:ff:ff:ff:ff. */
void eth_broadcast(uint8_t mac[ETH_ALEN]);

/* True if mac is ff:ff:ff:ff:ff:ff. */
static inline bool eth_is_broadcast(const uint8_t *mac)
{
	return (mac[0] & mac[1] & mac[2] & mac[3] & mac[4] & mac[5]) == 0xff;
}

/* True if the group bit (the least significant bit of the first octet,
 * the first bit on the wire) is set: multicast, broadcast included. */
static inline bool eth_is_multicast(const uint8_t *mac)
{
	return (mac[0] & 0x01) != 0;
}

/* True if mac is 00:00:00:00:00:00 (an unknown target in an ARP request). */
static inline bool eth_is_zero(const uint8_t *mac)
{
	return (mac[0] | mac[1] | mac[2] | mac[3] | mac[4] | mac[5]) == 0;
}

/* True if the two addresses are the same. */
static inline bool eth_equal(const uint8_t *a, const uint8_t *b)
{
	return memcmp(a, b, ETH_ALEN) == 0;
}

#endif
