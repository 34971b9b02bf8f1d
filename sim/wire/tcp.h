/* tcp.h — the TCP header and its options (RFC 9293 3.1, RFC 7323, RFC 2018).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Source Port          |       Destination Port        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        Sequence Number                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Acknowledgment Number                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Data |       |C|E|U|A|P|R|S|F|                               |
 *   | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 *   |       |       |R|E|G|K|H|T|N|N|                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Checksum            |         Urgent Pointer        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                           [Options]                           |
 *
 * RFC 9293 3.1: "Data Offset: 4 bits.  The number of 32-bit words in the
 * TCP header.  This indicates where the data begins."  The checksum covers
 * the same IPv4 pseudo-header as UDP's (csum_pseudo_ipv4) with protocol 6
 * and the TCP length, then the header and the data.
 *
 * Options understood: End of List (0), NOP (1), MSS (2, SYN only), Window
 * Scale (3, SYN only, RFC 7323 2), SACK-Permitted (4, RFC 2018), SACK (5,
 * RFC 2018 3: up to 4 blocks), Timestamps (8, RFC 7323 3).
 * Others are skipped by their length byte.
 *
 * tcp_emit writes options in the order Linux's tcp_options_write() does,
 * so a SYN reads as tcpdump shows Linux's:
 *   "mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7"            (40-byte header)
 * a SYN-ACK to a SYN without timestamps:
 *   "mss 1460,nop,nop,sackOK,nop,wscale 7"                   (32 bytes)
 * and a segment on a connection with timestamps:
 *   "nop,nop,TS val 2 ecr 1"                                 (32 bytes)
 * and a duplicate ACK reporting out-of-order data:
 *   "nop,nop,TS val 2 ecr 1,nop,nop,sack 1 {1449:2897}"      (44 bytes)
 * All values in host order.
 */
#ifndef WL_WIRE_TCP_H
#define WL_WIRE_TCP_H

#include <stdbool.h>
#include <stdint.h>

#define TCP_HLEN 20             /* bytes in a header without options */
#define TCP_MAX_HLEN 60

enum {
	TCP_FLAG_FIN = 0x01, TCP_FLAG_SYN = 0x02, TCP_FLAG_RST = 0x04, TCP_FLAG_PSH = 0x08,
	TCP_FLAG_ACK = 0x10, TCP_FLAG_URG = 0x20, TCP_FLAG_ECE = 0x40, TCP_FLAG_CWR = 0x80,
};

enum {
	TCP_OPT_EOL = 0, TCP_OPT_NOP = 1, TCP_OPT_MSS = 2, TCP_OPT_WSCALE = 3,
	TCP_OPT_SACK_PERM = 4, TCP_OPT_SACK = 5, TCP_OPT_TS = 8,
};

/* A parsed (or to be emitted) header. */
struct tcp_repr {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;          /* TCP_FLAG_* */
	uint16_t window;        /* as on the wire (unscaled) */
	uint16_t urg;
	uint8_t hlen;           /* parse: header bytes (data offset * 4); emit: ignored */
	/* Options.  has_* say whether each is present. */
	bool has_mss, has_wscale, sack_perm, has_ts;
	uint16_t mss;
	uint8_t wscale;
	uint32_t tsval, tsecr;
	uint8_t n_sack;         /* SACK blocks (RFC 2018): at most 4, 3 with timestamps */
	uint32_t sack[4][2];    /* their left and right edges */
};

/* Read the segment at b, `len` bytes of IP payload, into *r.  Returns
 *    0  well-formed with a correct checksum;
 *   -1  malformed: len < 20, data offset < 5 or past len, or an option
 *       whose length byte is < 2 or runs past the header (*r partly
 *       filled); `why` (if not NULL) gets a static phrase saying which;
 *   -2  the checksum is wrong (*r is filled).
 * The data is b[r->hlen .. len). */
int tcp_parse(const uint8_t *b, uint32_t len, uint32_t src, uint32_t dst, struct tcp_repr *r,
	      const char **why);

/* Header bytes tcp_emit() will write for r's options (20..60, a multiple
 * of 4). */
uint32_t tcp_header_len(const struct tcp_repr *r);

/* Write the header (tcp_header_len(r) bytes) at b and the checksum over the
 * pseudo-header and all `len` bytes from b (header plus data; the data must
 * already be in place after the header).  Unused option padding is NOPs
 * before the timestamp as Linux writes it. */
void tcp_emit(uint8_t *b, uint32_t len, uint32_t src, uint32_t dst, const struct tcp_repr *r);

/* Sequence-number arithmetic (RFC 9293 3.4: modulo 2^32). */
static inline bool tcp_seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline bool tcp_seq_le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }
static inline bool tcp_seq_gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static inline bool tcp_seq_ge(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

#endif
