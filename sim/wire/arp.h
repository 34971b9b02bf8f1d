/* arp.h — the ARP packet for IPv4 over Ethernet (RFC 826).
 *
 * RFC 826, "Packet format":
 *
 *   Ethernet packet data:
 *     16.bit: (ar$hrd) Hardware address space (e.g., Ethernet, ...)
 *     16.bit: (ar$pro) Protocol address space.  For Ethernet hardware,
 *                      this is from the set of type fields ether_typ$<protocol>.
 *      8.bit: (ar$hln) byte length of each hardware address
 *      8.bit: (ar$pln) byte length of each protocol address
 *     16.bit: (ar$op)  opcode (ares_op$REQUEST | ares_op$REPLY)
 *     nbytes: (ar$sha) Hardware address of sender of this packet, n from the
 *                      ar$hln field.
 *     mbytes: (ar$spa) Protocol address of sender of this packet, m from the
 *                      ar$pln field.
 *     nbytes: (ar$tha) Hardware address of target of this packet (if known).
 *     mbytes: (ar$tpa) Protocol address of target.
 *
 * Only the Ethernet/IPv4 form is modelled (hrd 1, pro 0x0800, hln 6,
 * pln 4), which makes the packet a fixed 28 bytes.  Behaviour (the cache,
 * replying, gratuitous ARP) lives in the stack, not here.
 */
#ifndef WL_WIRE_ARP_H
#define WL_WIRE_ARP_H

#include <stdint.h>

#define ARP_LEN 28          /* bytes in an Ethernet/IPv4 ARP packet */
#define ARP_HRD_ETHER 1     /* ar$hrd for Ethernet ("ares_hrd$Ethernet") */
#define ARP_OP_REQUEST 1    /* ares_op$REQUEST */
#define ARP_OP_REPLY 2      /* ares_op$REPLY */

/* A parsed packet.  op in host order; spa and tpa are IPv4 addresses in
 * host order (10.0.0.1 == 0x0A000001). */
struct arp_repr {
	uint16_t op;
	uint8_t sha[6];     /* sender hardware address */
	uint32_t spa;       /* sender protocol address */
	uint8_t tha[6];     /* target hardware address (zero in a request) */
	uint32_t tpa;       /* target protocol address */
};

/* Read the ARP packet of `len` bytes at b (the Ethernet payload) into *r.
 * Returns 0, or -1 when len < ARP_LEN or the packet is not Ethernet/IPv4:
 * hrd != 1, pro != 0x0800, hln != 6 or pln != 4 (*r is then unspecified).
 * The opcode is not checked: RFC 826 leaves unknown opcodes to the
 * receiver.  Bytes after the 28th (Ethernet padding) are ignored. */
int arp_parse(const uint8_t *b, uint32_t len, struct arp_repr *r);

/* Write the 28-byte packet for *r at b, with hrd 1, pro 0x0800, hln 6,
 * pln 4. */
void arp_emit(uint8_t *b, const struct arp_repr *r);

#endif
