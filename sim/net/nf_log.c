/* nf_log.c — the line the LOG target writes to the kernel log, in the
 * format of net/netfilter/nf_log_syslog.c (nf_log_ip_packet):
 *
 *   PREFIX IN=eth0 OUT= MAC=02:..:08:00 SRC=10.0.0.2 DST=10.0.0.1 LEN=84
 *   TOS=0x00 PREC=0x00 TTL=64 ID=4660 DF PROTO=ICMP TYPE=8 CODE=0 ID=7 SEQ=1
 *
 * (one line; every field ends with a space, as dmesg shows it).  MAC= is
 * printed when the packet came in on a device (the 14 header bytes with
 * colons); TCP options, IP options, SEQ/ACK and UID are printed only with
 * --log-tcp-options / --log-ip-options / --log-tcp-sequence / --log-uid,
 * which are not modelled. */
#include <stdarg.h>
#include <stdio.h>

#include "dev/netdev.h"
#include "net/nf_int.h"
#include "wire/bytes.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

struct buf {
	char *p;
	size_t len, k;
};

static void add(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct buf *b, const char *fmt, ...)
{
	if (b->k >= b->len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(b->p + b->k, b->len - b->k, fmt, ap);
	va_end(ap);
	if (w > 0)
		b->k += (size_t)w;
	if (b->k > b->len)
		b->k = b->len;
}

static void addr(struct buf *b, const char *name, uint32_t a)
{
	char s[IPV4_ADDR_STRLEN];
	add(b, "%s=%s ", name, ipv4_addr_str(a, s));
}

/* dump_ipv4_packet(); `nested` for the packet quoted in an ICMP error
 * ("Only recurse once"). */
static void dump_ipv4(struct buf *b, const uint8_t *ip, uint32_t len, bool nested)
{
	if (len < IPV4_HLEN) {
		add(b, "TRUNCATED ");
		return;
	}
	uint32_t hl = (uint32_t)(ip[0] & 0x0f) * 4u;
	uint16_t frag = rd_be16(ip + 6);
	addr(b, "SRC", rd_be32(ip + 12));
	addr(b, "DST", rd_be32(ip + 16));
	add(b, "LEN=%u TOS=0x%02X PREC=0x%02X TTL=%u ID=%u ", rd_be16(ip + 2), ip[1] & 0x1e,
	    ip[1] & 0xe0, ip[8], rd_be16(ip + 4));
	if (frag & 0x8000)
		add(b, "CE ");
	if (frag & IPV4_DF)
		add(b, "DF ");
	if (frag & IPV4_MF)
		add(b, "MF ");
	if (frag & IPV4_OFFMASK)
		add(b, "FRAG:%u ", frag & IPV4_OFFMASK);
	bool fragment = (frag & IPV4_OFFMASK) != 0;
	const uint8_t *l4 = ip + hl;
	uint32_t l4len = len > hl ? len - hl : 0;
	switch (ip[9]) {
	case IP_PROTO_TCP:
		add(b, "PROTO=TCP ");
		if (fragment)
			break;
		if (l4len < 20) {
			add(b, "INCOMPLETE [%u bytes] ", l4len);
			break;
		}
		add(b, "SPT=%u DPT=%u ", rd_be16(l4), rd_be16(l4 + 2));
		add(b, "WINDOW=%u ", rd_be16(l4 + 14));
		add(b, "RES=0x%02x ", (unsigned)((rd_be32(l4 + 12) & 0x0f000000u) >> 22) & 0xff);
		{
			uint8_t f = l4[13];
			static const char *const names[8] = { "FIN ", "SYN ", "RST ", "PSH ",
							      "ACK ", "URG ", "ECE ", "CWR " };
			for (int i = 7; i >= 0; i--)
				if (f & (1u << i))
					add(b, "%s", names[i]);
		}
		add(b, "URGP=%u ", rd_be16(l4 + 18));
		break;
	case IP_PROTO_UDP:
		add(b, "PROTO=UDP ");
		if (fragment)
			break;
		if (l4len < 8) {
			add(b, "INCOMPLETE [%u bytes] ", l4len);
			break;
		}
		add(b, "SPT=%u DPT=%u LEN=%u ", rd_be16(l4), rd_be16(l4 + 2), rd_be16(l4 + 4));
		break;
	case IP_PROTO_ICMP: {
		add(b, "PROTO=ICMP ");
		if (fragment)
			break;
		if (l4len < 4) {
			add(b, "INCOMPLETE [%u bytes] ", l4len);
			break;
		}
		uint8_t type = l4[0];
		add(b, "TYPE=%u CODE=%u ", type, l4[1]);
		/* required_len[]: echo 8 bytes, errors 8 + an IP header. */
		uint32_t need = 0;
		switch (type) {
		case ICMP_ECHOREPLY: case ICMP_ECHO: need = 8; break;
		case ICMP_DEST_UNREACH: case 4: case 5: case ICMP_TIME_EXCEEDED: case 12:
			need = 8 + IPV4_HLEN;
			break;
		}
		if (need && l4len < need) {
			add(b, "INCOMPLETE [%u bytes] ", l4len);
			break;
		}
		switch (type) {
		case ICMP_ECHOREPLY:
		case ICMP_ECHO:
			add(b, "ID=%u SEQ=%u ", rd_be16(l4 + 4), rd_be16(l4 + 6));
			break;
		case 12:
			add(b, "PARAMETER=%u ", l4[4]);
			break;
		case 5:
			addr(b, "GATEWAY", rd_be32(l4 + 4));
			/* fall through */
		case ICMP_DEST_UNREACH:
		case 4:
		case ICMP_TIME_EXCEEDED:
			if (!nested) {
				add(b, "[");
				dump_ipv4(b, l4 + 8, l4len - 8, true);
				add(b, "] ");
			}
			if (type == ICMP_DEST_UNREACH && l4[1] == ICMP_FRAG_NEEDED)
				add(b, "MTU=%u ", rd_be16(l4 + 6));
			break;
		}
		break;
	}
	default:
		add(b, "PROTO=%u ", ip[9]);
	}
}

void nf_log_format(char *out, size_t len, const char *prefix, const struct netdev *in,
		   const struct netdev *dev_out, const uint8_t *mac, const uint8_t *ip,
		   uint32_t iplen, uint32_t mark)
{
	struct buf b = { out, len, 0 };
	out[0] = '\0';
	add(&b, "%sIN=%s OUT=%s ", prefix ? prefix : "", in ? in->name : "",
	    dev_out ? dev_out->name : "");
	if (in) {
		add(&b, "MAC=");
		if (mac) {
			add(&b, "%02x", mac[0]);
			for (int i = 1; i < 14; i++)
				add(&b, ":%02x", mac[i]);
		}
		add(&b, " ");
	}
	dump_ipv4(&b, ip, iplen, false);
	if (mark)
		add(&b, "MARK=0x%x ", mark);
}
