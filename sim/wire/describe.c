/* describe.c — tcpdump-style one-line packet descriptions.  See describe.h.
 *
 * The structure follows tcpdump's own printers (print-ether.c, print-arp.c,
 * print-ip.c, print-icmp.c, print-udp.c, print-tcp.c, print-http.c, and
 * print-domain.c in describe_dns.c), so
 * that each check happens in the order tcpdump makes it and a packet that
 * is short or malformed reads the same.  Two lengths travel down the
 * layers, as in tcpdump: `len`, what the enclosing header says this layer
 * has (an IP payload length comes from the IP total length), and `cap`,
 * how many of those bytes are really present.  Every read is checked
 * against `cap`; where tcpdump would run out of captured bytes and print
 * " [|proto]", so does this.
 */
#include "wire/describe.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "wire/arp.h"
#include "wire/bytes.h"
#include "wire/describe_int.h"
#include "wire/dns.h"
#include "wire/eth.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/udp.h"

#define MDNS_PORT 5353                  /* RFC 6762 */

void wd_printf(struct wd *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	if (o->len < o->cap)
		n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	else
		n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void wd_ip(struct wd *o, uint32_t a)
{
	char s[IPV4_ADDR_STRLEN];

	wd_printf(o, "%s", ipv4_addr_str(a, s));
}

/* A hardware address as tcpdump prints one: lowercase hex octets joined
 * by ':' (an Ethernet address is the 6-octet case). */
static void wd_hw(struct wd *o, const uint8_t *a, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		wd_printf(o, i ? ":%02x" : "%02x", a[i]);
}

/* What tcpdump calls an EtherType (its ethertype_values table, read back
 * from tcpdump 4.99 itself for every value), or NULL.  Used for ARP's
 * protocol type and for the EtherTypes not decoded here. */
static const char *ethertype_name(uint16_t type)
{
	static const struct {
		uint16_t type;
		const char *name;
	} names[] = {
		{ 0x00fe, "GRE-OSI" }, { 0x0200, "PUP" }, { 0x0500, "Sprite" },
		{ 0x0600, "NS" }, { 0x0707, "GeoNet (old)" }, { 0x0800, "IPv4" },
		{ 0x0806, "ARP" }, { 0x1000, "Trail" }, { 0x1111, "CALM FAST" },
		{ 0x6001, "MOP DL" }, { 0x6002, "MOP RC" }, { 0x6003, "DN" },
		{ 0x6004, "LAT" }, { 0x6007, "SCA" }, { 0x6558, "TEB" },
		{ 0x8035, "Reverse ARP" }, { 0x8038, "Lanbridge" },
		{ 0x803c, "DEC DNS" }, { 0x803e, "DEC DTS" }, { 0x805b, "VEXP" },
		{ 0x805c, "VPROD" }, { 0x809b, "Appletalk" },
		{ 0x80f3, "Appletalk ARP" }, { 0x8100, "802.1Q" }, { 0x8137, "IPX" },
		{ 0x86dd, "IPv6" }, { 0x8808, "MPCP" }, { 0x8809, "Slow Protocols" },
		{ 0x880b, "PPP" }, { 0x8847, "MPLS unicast" },
		{ 0x8848, "MPLS multicast" }, { 0x8863, "PPPoE D" },
		{ 0x8864, "PPPoE S" }, { 0x886f, "MS NLB heartbeat" },
		{ 0x8870, "Jumbo" }, { 0x888e, "EAPOL" },
		{ 0x8899, "Realtek protocols" }, { 0x88a2, "AoE" },
		{ 0x88a8, "802.1Q-QinQ" }, { 0x88ca, "TIPC" }, { 0x88cc, "LLDP" },
		{ 0x88e5, "802.1AE MACsec" }, { 0x88f7, "PTP" }, { 0x8902, "CFM" },
		{ 0x893a, "IEEE1905.1" }, { 0x8947, "GeoNet" }, { 0x894f, "NSH" },
		{ 0x9000, "Loopback" }, { 0x9100, "802.1Q-9100" },
		{ 0x9200, "802.1Q-9200" }, { 0xabcd, "CFM (old)" },
		{ 0xd28b, "Arista Vendor Specific Protocol" }, { 0xfefe, "OSI" },
	};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].type == type)
			return names[i].name;
	return NULL;
}

/* ---- ARP (RFC 826), after tcpdump's print-arp.c ------------------------ */

static const char *arp_hrd_name(uint16_t hrd)
{
	switch (hrd) {
	case 1: return "Ethernet";
	case 6: return "TokenRing";
	case 7: return "ArcNet";
	case 15: return "FrameRelay";
	case 19: return "ATM";
	case 23: return "Strip";
	case 24: return "IEEE 1394";
	case 32: return "InfiniBand";
	default: return NULL;
	}
}

static const char *arp_op_name(uint16_t op)
{
	switch (op) {
	case 1: return "Request";
	case 2: return "Reply";
	case 3: return "Reverse Request";   /* RFC 903 RARP */
	case 4: return "Reverse Reply";
	case 8: return "Inverse Request";   /* RFC 2390 InARP */
	case 9: return "Inverse Reply";
	case 10: return "NACK Reply";
	default: return NULL;
	}
}

static bool all_zero(const uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void describe_arp(struct wd *o, const uint8_t *b, uint32_t len)
{
	uint16_t hrd, pro, op;
	unsigned hln, pln;
	const uint8_t *sha, *spa, *tha, *tpa;
	const char *name;

	if (len < 8) {
		wd_printf(o, " [|arp]");
		return;
	}
	hrd = rd_be16(b);
	pro = rd_be16(b + 2);
	hln = b[4];
	pln = b[5];
	op = rd_be16(b + 6);
	/* ar$sha, ar$spa, ar$tha, ar$tpa: lengths from ar$hln and ar$pln. */
	if (len < 8 + 2 * hln + 2 * pln) {
		wd_printf(o, " [|arp]");
		return;
	}
	sha = b + 8;
	spa = sha + hln;
	tha = spa + pln;
	tpa = tha + hln;

	wd_printf(o, "ARP, ");
	/* Not IPv4 (0x1000, "trailer encapsulation", counts as IPv4), or
	 * address lengths that cannot be printed: say what it is and stop. */
	if ((pro != ETH_P_IP && pro != 0x1000) || pln != 4 || hln == 0) {
		name = arp_hrd_name(hrd);
		if (name)
			wd_printf(o, "%s", name);
		else
			wd_printf(o, "Unknown Hardware (%u)", hrd);
		wd_printf(o, " (len %u), ", hln);
		name = ethertype_name(pro);
		if (name)
			wd_printf(o, "%s", name);
		else
			wd_printf(o, "Unknown Protocol (0x%04x)", pro);
		wd_printf(o, " (len %u), length %u", pln, len);
		return;
	}

	name = arp_op_name(op);
	if (name)
		wd_printf(o, "%s ", name);
	else
		wd_printf(o, "Unknown (%u) ", op);
	switch (op) {
	case 1:
		/* A request: "who-has" the target protocol address.  The
		 * target hardware address is what the sender does not know
		 * and is normally zero (RFC 826 leaves it unspecified); when
		 * it is not, tcpdump shows it. */
		wd_printf(o, "who-has ");
		wd_ip(o, rd_be32(tpa));
		if (!all_zero(tha, hln)) {
			wd_printf(o, " (");
			wd_hw(o, tha, hln);
			wd_printf(o, ")");
		}
		wd_printf(o, " tell ");
		wd_ip(o, rd_be32(spa));
		break;
	case 2:
		wd_ip(o, rd_be32(spa));
		wd_printf(o, " is-at ");
		wd_hw(o, sha, hln);
		break;
	case 3:
	case 8:
		wd_printf(o, "who-is ");
		wd_hw(o, tha, hln);
		wd_printf(o, " tell ");
		wd_hw(o, sha, hln);
		break;
	case 4:
		wd_hw(o, tha, hln);
		wd_printf(o, " at ");
		wd_ip(o, rd_be32(tpa));
		break;
	case 9:
		wd_hw(o, sha, hln);
		wd_printf(o, " at ");
		wd_ip(o, rd_be32(spa));
		break;
	default:
		/* tcpdump goes on with a hex dump of the packet. */
		return;
	}
	wd_printf(o, ", length %u", len);
}

/* ---- ICMP (RFC 792), after tcpdump's print-icmp.c ---------------------- */

/* Destination unreachable codes that print as a prefix, the quoted
 * datagram's destination, and a suffix (tcpdump's unreach2str). */
static const struct {
	const char *pre, *post;
} icmp_unreach_words[16] = {
	[0] = { "net ", " unreachable" },
	[1] = { "host ", " unreachable" },
	[5] = { "", " unreachable - source route failed" },
	[6] = { "net ", " unreachable - unknown" },
	[7] = { "host ", " unreachable - unknown" },
	[8] = { "", " unreachable - source host isolated" },
	[9] = { "net ", " unreachable - admin prohibited" },
	[10] = { "host ", " unreachable - admin prohibited" },
	[11] = { "net ", " unreachable - tos prohibited" },
	[12] = { "host ", " unreachable - tos prohibited" },
	[13] = { "host ", " unreachable - admin prohibited filter" },
	[14] = { "host ", " unreachable - host precedence violation" },
	[15] = { "host ", " unreachable - precedence cutoff" },
};

/* RFC 792 timestamps: "milliseconds since midnight UT", printed as
 * hours:minutes:seconds.milliseconds (hours may pass 24). */
static void wd_icmp_ts(struct wd *o, uint32_t ms)
{
	uint32_t sec = ms / 1000, min = sec / 60, hrs = min / 60;

	wd_printf(o, "%02u:%02u:%02u.%03u", hrs, min % 60, sec % 60, ms % 1000);
}

/* How many bytes of the message tcpdump must see to print it. */
static uint32_t icmp_needed(const uint8_t *b, uint32_t cap)
{
	/* Errors quote "Internet Header + 64 bits of Original Data
	 * Datagram"; tcpdump reads the quoted header's destination, the
	 * last of its 20 fixed bytes. */
	const uint32_t quote_dst = ICMP_HLEN + 20;

	switch (b[0]) {
	case ICMP_ECHOREPLY:
	case ICMP_ECHO:
		return ICMP_HLEN;
	case ICMP_DEST_UNREACH:
		if (b[1] == ICMP_PORT_UNREACH && cap >= quote_dst) {
			/* The port is read behind the quoted header, at its
			 * own IHL, whatever that says. */
			uint32_t at = ICMP_HLEN + (b[ICMP_HLEN] & 0x0fu) * 4u + 4u;

			return at > quote_dst ? at : quote_dst;
		}
		return quote_dst;
	case 5:                 /* redirect */
	case ICMP_TIME_EXCEEDED:
		return quote_dst;
	case 9:                 /* router advertisement, RFC 1256 */
		if (cap >= ICMP_HLEN && b[5] == 2)
			return ICMP_HLEN + 8u * b[4];
		return ICMP_HLEN;
	case 12:                /* parameter problem: the pointer octet */
		return b[1] == 0 ? 5 : 2;
	case 13:                /* timestamp */
		return ICMP_HLEN;
	case 14:                /* timestamp reply: three timestamps */
		return 20;
	case 18:                /* address mask reply */
		return 12;
	default:
		return 2;
	}
}

static void describe_icmp(struct wd *o, const uint8_t *b, uint32_t len,
			  uint32_t cap)
{
	uint8_t type, code;
	const uint8_t *q = b + ICMP_HLEN;   /* the quoted datagram, if any */

	/* tcpdump composes the whole text before printing any of it, so a
	 * message too short for its type prints nothing but the marker. */
	if (cap < 2 || cap < icmp_needed(b, cap)) {
		wd_printf(o, " [|icmp]");
		return;
	}
	type = b[0];
	code = b[1];
	wd_printf(o, "ICMP ");
	switch (type) {
	case ICMP_ECHOREPLY:
	case ICMP_ECHO:
		wd_printf(o, "echo %s, id %u, seq %u",
			  type == ICMP_ECHO ? "request" : "reply",
			  rd_be16(b + 4), rd_be16(b + 6));
		break;
	case ICMP_DEST_UNREACH:
		switch (code) {
		case ICMP_PROT_UNREACH:
			wd_ip(o, rd_be32(q + 16));
			wd_printf(o, " protocol %u unreachable", q[9]);
			break;
		case ICMP_PORT_UNREACH: {
			uint16_t dport = rd_be16(q + (q[0] & 0x0fu) * 4u + 2u);

			wd_ip(o, rd_be32(q + 16));
			if (q[9] == IP_PROTO_TCP)
				wd_printf(o, " tcp port %u unreachable", dport);
			else if (q[9] == IP_PROTO_UDP)
				wd_printf(o, " udp port %u unreachable", dport);
			else
				wd_printf(o, " protocol %u port %u unreachable",
					  q[9], dport);
			break;
		}
		case ICMP_FRAG_NEEDED: {
			/* RFC 1191: the Next-Hop MTU, when the router gives
			 * one. */
			uint16_t mtu = rd_be16(b + 6);

			wd_ip(o, rd_be32(q + 16));
			wd_printf(o, " unreachable - need to frag");
			if (mtu)
				wd_printf(o, " (mtu %u)", mtu);
			break;
		}
		default:
			if (code < 16 && icmp_unreach_words[code].post) {
				wd_printf(o, "%s", icmp_unreach_words[code].pre);
				wd_ip(o, rd_be32(q + 16));
				wd_printf(o, "%s", icmp_unreach_words[code].post);
			} else {
				wd_ip(o, rd_be32(q + 16));
				wd_printf(o, " unreachable - #%u", code);
			}
			break;
		}
		break;
	case 4:
		wd_printf(o, "source quench");
		break;
	case 5: {
		static const char *const redirect[4] = {
			"redirect ", "redirect ", "redirect-tos ", "redirect-tos ",
		};
		static const char *const to[4] = {
			" to net ", " to host ", " to net ", " to host ",
		};

		if (code < 4)
			wd_printf(o, "%s", redirect[code]);
		else
			wd_printf(o, "redirect-#%u ", code);
		wd_ip(o, rd_be32(q + 16));
		wd_printf(o, "%s", code < 4 ? to[code] : " to ");
		wd_ip(o, rd_be32(b + 4));       /* the gateway address */
		break;
	}
	case 9: {
		unsigned num = b[4], size = b[5], life = rd_be16(b + 6);

		wd_printf(o, "router advertisement lifetime ");
		if (life < 60)
			wd_printf(o, "%u", life);
		else if (life < 60 * 60)
			wd_printf(o, "%u:%02u", life / 60, life % 60);
		else
			wd_printf(o, "%u:%02u:%02u", life / 3600,
				  life % 3600 / 60, life % 60);
		wd_printf(o, " %u:", num);
		if (size != 2) {
			wd_printf(o, " [size %u]", size);
			break;
		}
		for (unsigned i = 0; i < num; i++) {
			wd_printf(o, " {");
			wd_ip(o, rd_be32(q + 8 * i));
			wd_printf(o, " %u}", rd_be32(q + 8 * i + 4));
		}
		break;
	}
	case 10:
		wd_printf(o, "router solicitation");
		break;
	case ICMP_TIME_EXCEEDED:
		if (code == ICMP_EXC_TTL)
			wd_printf(o, "time exceeded in-transit");
		else if (code == ICMP_EXC_FRAGTIME)
			wd_printf(o, "ip reassembly time exceeded");
		else
			wd_printf(o, "time exceeded-#%u", code);
		break;
	case 12:
		if (code)
			wd_printf(o, "parameter problem - code %u", code);
		else
			wd_printf(o, "parameter problem - octet %u", b[4]);
		break;
	case 13:
		wd_printf(o, "time stamp query id %u seq %u",
			  rd_be16(b + 4), rd_be16(b + 6));
		break;
	case 14:
		wd_printf(o, "time stamp reply id %u seq %u: org ",
			  rd_be16(b + 4), rd_be16(b + 6));
		wd_icmp_ts(o, rd_be32(b + 8));
		wd_printf(o, ", recv ");
		wd_icmp_ts(o, rd_be32(b + 12));
		wd_printf(o, ", xmit ");
		wd_icmp_ts(o, rd_be32(b + 16));
		break;
	case 15:
		wd_printf(o, "information request");
		break;
	case 16:
		wd_printf(o, "information reply");
		break;
	case 17:
		wd_printf(o, "address mask request");
		break;
	case 18:
		wd_printf(o, "address mask is 0x%08x", rd_be32(b + 8));
		break;
	default:
		wd_printf(o, "type-#%u", type);
		break;
	}
	/* tcpdump's "length" is the ICMP message length: the IP payload. */
	wd_printf(o, ", length %u", len);
}

/* ---- UDP (RFC 768), after tcpdump's print-udp.c ------------------------ */

static void describe_udp(struct wd *o, const uint8_t *b, uint32_t len,
			 uint32_t cap, bool more_frags, uint32_t src, uint32_t dst)
{
	uint32_t ulen;

	if (cap < 4) {
		wd_ip(o, src);
		wd_printf(o, " > ");
		wd_ip(o, dst);
		wd_printf(o, ":  [|udp]");
		return;
	}
	wd_ip(o, src);
	wd_printf(o, ".%u > ", rd_be16(b));
	wd_ip(o, dst);
	wd_printf(o, ".%u: ", rd_be16(b + 2));
	if (len < UDP_HLEN) {
		wd_printf(o, "truncated-udp %u", len);
		return;
	}
	if (cap < 6) {
		wd_printf(o, " [|udp]");
		return;
	}
	/* "Length is the length in octets of this user datagram including
	 * this header and the data.  (This means the minimum value of the
	 * length is eight.)" */
	ulen = rd_be16(b + 4);
	if (ulen < UDP_HLEN) {
		wd_printf(o, "truncated-udplength %u", ulen);
		return;
	}
	if (cap < UDP_HLEN) {
		wd_printf(o, " [|udp]");
		return;
	}
	ulen -= UDP_HLEN;
	len -= UDP_HLEN;
	if (ulen < len)
		len = ulen;
	/* print-udp.c: DNS on port 53 at either end, then multicast DNS
	 * on 5353, over min(UDP length, what IP carries). */
	if (rd_be16(b) == DNS_PORT || rd_be16(b + 2) == DNS_PORT) {
		describe_dns(o, b + UDP_HLEN, len, cap - UDP_HLEN, false, false);
		return;
	}
	if (rd_be16(b) == MDNS_PORT || rd_be16(b + 2) == MDNS_PORT) {
		describe_dns(o, b + UDP_HLEN, len, cap - UDP_HLEN, false, true);
		return;
	}
	/* A first fragment carries only part of the datagram its length
	 * field counts, so that is no error then. */
	if (ulen > len && !more_frags)
		wd_printf(o, "UDP, bad length %u > %u", ulen, len);
	else
		wd_printf(o, "UDP, length %u", ulen);
}

/* ---- TCP (RFC 793), after tcpdump's print-tcp.c ------------------------ */

enum {
	TCP_FIN = 0x01, TCP_SYN = 0x02, TCP_RST = 0x04, TCP_PSH = 0x08,
	TCP_ACK = 0x10, TCP_URG = 0x20, TCP_ECE = 0x40, TCP_CWR = 0x80,
};

static const char *tcp_opt_name(unsigned kind)
{
	switch (kind) {
	case 0: return "eol";
	case 1: return "nop";
	case 2: return "mss";
	case 3: return "wscale";
	case 4: return "sackOK";
	case 5: return "sack";
	case 6: return "echo";
	case 7: return "echoreply";
	case 8: return "TS";
	case 11: return "cc";
	case 12: return "ccnew";
	case 13: return "";
	case 19: return "md5";
	case 20: return "scps";
	case 28: return "uto";
	case 29: return "tcp-ao";
	case 30: return "mptcp";
	case 34: return "tfo";
	case 254: return "exp";
	default: return NULL;
	}
}

/* A Fast Open cookie request (no data) or cookie (RFC 7413 4.1.1: "a
 * minimum of 4 bytes, a maximum of 16 bytes", even). */
static void describe_tcp_fastopen(struct wd *o, const uint8_t *p, unsigned n)
{
	if (n == 0) {
		wd_printf(o, " cookiereq");
	} else if (n % 2 != 0 || n < 4 || n > 16) {
		wd_printf(o, " (invalid)");
	} else {
		wd_printf(o, " cookie ");
		for (unsigned i = 0; i < n; i++)
			wd_printf(o, "%02x", p[i]);
	}
}

/* The options, as tcpdump lists them.  `opt` is the first option byte,
 * `olen` the option bytes the data offset claims, `cap` how many bytes
 * from opt[0] are present; `whole` says whether the whole segment is.
 * Returns false if the description has ended (a bad option or a
 * truncation marker was written). */
static bool describe_tcp_opts(struct wd *o, const uint8_t *opt, uint32_t olen,
			      uint32_t cap, uint32_t sack_base, bool whole)
{
	uint32_t at = 0;        /* read position in opt[] */
	char sep = 0;

	wd_printf(o, ", options [");
	while (olen > 0) {
		unsigned kind, len, datalen = 0;

		if (sep)
			wd_printf(o, "%c", sep);
		if (at >= cap)
			goto cut;
		kind = opt[at++];
		/* RFC 793: "Case 1: A single octet of option-kind" (end of
		 * option list, no-operation); "Case 2: An octet of
		 * option-kind, an octet of option-length, and the actual
		 * option-data octets." */
		if (kind <= 1) {
			len = 1;
		} else {
			if (at >= cap)
				goto cut;
			len = opt[at++];
			if (len < 2 || len > olen)
				goto bad;
			olen--;
		}
		olen--;
		{
			const char *name = tcp_opt_name(kind);

			if (name)
				wd_printf(o, "%s", name);
			else
				wd_printf(o, "unknown-%u", kind);
		}
/* Bail out when `n` bytes of option data are not there. */
#define TCP_OPT_NEED(n) do {                              \
		if ((n) > olen) goto bad;                 \
		if (at + (n) > cap) goto trunc;           \
	} while (0)
		switch (kind) {
		case 0:
		case 1:
		case 4:
			break;
		case 2:
			datalen = 2;
			TCP_OPT_NEED(datalen);
			wd_printf(o, " %u", rd_be16(opt + at));
			break;
		case 3:
			datalen = 1;
			TCP_OPT_NEED(datalen);
			wd_printf(o, " %u", opt[at]);
			break;
		case 5:
			/* RFC 2018: blocks of left and right edges, shown
			 * relative to the connection as tcpdump does on the
			 * first segment it sees. */
			datalen = len - 2;
			if (datalen % 8 != 0) {
				wd_printf(o, " invalid sack");
				break;
			}
			wd_printf(o, " %u ", datalen / 8);
			for (unsigned i = 0; i < datalen; i += 8) {
				TCP_OPT_NEED(i + 8);
				wd_printf(o, "{%u:%u}",
					  rd_be32(opt + at + i) - sack_base,
					  rd_be32(opt + at + i + 4) - sack_base);
			}
			break;
		case 6:
		case 7:
		case 11:
		case 12:
		case 13:
			datalen = 4;
			TCP_OPT_NEED(datalen);
			wd_printf(o, " %u", rd_be32(opt + at));
			break;
		case 8:
			/* RFC 7323: TSval, TSecr. */
			datalen = 8;
			TCP_OPT_NEED(datalen);
			wd_printf(o, " val %u ecr %u", rd_be32(opt + at),
				  rd_be32(opt + at + 4));
			break;
		case 19:
			/* RFC 2385 MD5 signature: tcpdump can check it only
			 * with the secret (-M). */
			datalen = 16;
			TCP_OPT_NEED(datalen);
			wd_printf(o, " %s, can't check - ", whole ?
				  "shared secret not supplied with -M" :
				  "snaplen too short");
			for (unsigned i = 0; i < datalen; i++)
				wd_printf(o, "%02x", opt[at + i]);
			break;
		case 20:
			datalen = 2;
			TCP_OPT_NEED(datalen);
			wd_printf(o, " cap %02x id %u", opt[at], opt[at + 1]);
			break;
		case 28: {
			/* RFC 5482 user timeout: granularity bit, then
			 * minutes or seconds. */
			unsigned uto;

			datalen = 2;
			TCP_OPT_NEED(datalen);
			uto = rd_be16(opt + at);
			wd_printf(o, " 0x%x %u", uto,
				  uto & 1 ? (uto >> 1) * 60 : uto >> 1);
			break;
		}
		case 29:
			/* RFC 5925 TCP-AO: "The Length value MUST be greater
			 * than or equal to 4." */
			datalen = len - 2;
			if (datalen < 2) {
				wd_printf(o, " (invalid)");
				break;
			}
			TCP_OPT_NEED(1);
			wd_printf(o, " keyid %u", opt[at]);
			TCP_OPT_NEED(2);
			wd_printf(o, " rnextkeyid %u", opt[at + 1]);
			if (datalen > 2)
				wd_printf(o, " mac 0x");
			for (unsigned i = 2; i < datalen; i++) {
				TCP_OPT_NEED(i + 1);
				wd_printf(o, "%02x", opt[at + i]);
			}
			break;
		case 34:
			/* RFC 7413 TCP Fast Open. */
			datalen = len - 2;
			TCP_OPT_NEED(datalen);
			wd_printf(o, " ");
			describe_tcp_fastopen(o, opt + at, datalen);
			break;
		case 254:
			/* RFC 6994 shared experimental option: a 16-bit
			 * magic number first (0xf989: Fast Open's). */
			datalen = len - 2;
			TCP_OPT_NEED(datalen);
			if (datalen < 2)
				goto bad;
			if (rd_be16(opt + at) == 0xf989) {
				wd_printf(o, "-tfo");
				describe_tcp_fastopen(o, opt + at + 2, datalen - 2);
			} else {
				wd_printf(o, "-%04x", rd_be16(opt + at));
			}
			break;
		default:
			datalen = len - 2;
			if (datalen)
				wd_printf(o, " 0x");
			for (unsigned i = 0; i < datalen; i++) {
				TCP_OPT_NEED(i + 1);
				wd_printf(o, "%02x", opt[at + i]);
			}
			break;
		}
#undef TCP_OPT_NEED
		at += datalen;
		olen -= datalen;
		datalen += kind <= 1 ? 1 : 2;
		if (datalen != len)
			wd_printf(o, "[len %u]", len);
		sep = ',';
		if (kind == 0)
			break;
	}
	wd_printf(o, "]");
	return true;
bad:
	wd_printf(o, "[bad opt]");
	if (sep)
		wd_printf(o, "]");
	return false;
trunc:
	/* Option data missing.  tcpdump reaches this through its own "trunc"
	 * label, which adds a '>' once an option has been printed ... */
	wd_printf(o, " [|tcp]");
	if (sep)
		wd_printf(o, ">");
	return false;
cut:
	/* ... while a missing kind or length byte ends its whole packet
	 * printer, with the bare marker. */
	wd_printf(o, " [|tcp]");
	return false;
}

/* tcpdump's fetch_token(): the token at p[at..], and the index just past
 * it and the blanks after it, or 0 when there is no printable token. */
static uint32_t http_token(const uint8_t *p, uint32_t at, uint32_t len,
			   uint32_t cap, char tok[128])
{
	unsigned n = 0;

	for (; at < len; at++) {
		uint8_t c;

		if (at >= cap || p[at] >= 0x80)
			return 0;
		c = p[at];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
			break;
		if (c < 0x20 || c > 0x7e || n + 2 > 129)
			return 0;
		tok[n++] = (char)c;
	}
	if (n == 0)
		return 0;
	tok[n] = 0;
	/* Skip the spaces after it (a tab is not "printable" to tcpdump and
	 * stops the skipping). */
	for (; at < len && at < cap; at++)
		if (p[at] != ' ')
			break;
	return at;
}

static bool ascii_caseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a >= 'a' && *a <= 'z' ? (char)(*a - 32) : *a;

		if (x != *b)
			return false;
	}
	return *a == *b;
}

/* HTTP on ports 80 and 8080, as tcpdump's print-http.c: "HTTP", and the
 * first line when the payload starts with a request method or a status
 * line. */
static void describe_http(struct wd *o, const uint8_t *p, uint32_t len,
			  uint32_t cap)
{
	static const char *const methods[] = {
		"OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE",
		"CONNECT", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE",
		"LOCK", "UNLOCK", "VERSION-CONTROL", "REPORT", "CHECKOUT",
		"CHECKIN", "UNCHECKOUT", "MKWORKSPACE", "UPDATE", "LABEL",
		"MERGE", "BASELINE-CONTROL", "MKACTIVITY", "ORDERPATCH", "ACL",
		"SEARCH", "PATCH",
	};
	char tok[129];
	bool show = false;
	uint32_t at, end;

	at = http_token(p, 0, len, cap, tok);
	if (at) {
		for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
			if (ascii_caseeq(tok, methods[i]))
				show = true;
		/* RFC 7230 3.1.2: "status-line = HTTP-version SP status-code
		 * SP reason-phrase CRLF": a three-digit second token. */
		at = http_token(p, at, len, cap, tok);
		if (at && tok[0] >= '0' && tok[0] <= '9' && tok[1] >= '0' &&
		    tok[1] <= '9' && tok[2] >= '0' && tok[2] <= '9' && !tok[3])
			show = true;
	}
	wd_printf(o, "HTTP");
	if (!show)
		return;
	/* The first line, if it is printable text ending in LF or CRLF. */
	for (end = 0; end < len; end++) {
		if (end >= cap)
			goto trunc;
		if (p[end] == '\n')
			break;
		if (p[end] == '\r') {
			if (end + 1 >= len)
				return;
			if (end + 1 >= cap)
				goto trunc;
			if (p[end + 1] == '\n')
				break;
			return;
		}
		if ((p[end] < 0x20 || p[end] > 0x7e) && p[end] != '\t')
			return;
	}
	wd_printf(o, ": %.*s", (int)end, (const char *)p);
	if (end == len)     /* no end of line in the packet */
		wd_printf(o, " [|http]");
	return;
trunc:
	wd_printf(o, " [|http]");
}

static void describe_tcp(struct wd *o, const uint8_t *b, uint32_t len,
			 uint32_t cap, uint32_t src, uint32_t dst)
{
	static const char flag_chars[8] = { 'F', 'S', 'R', 'P', '.', 'U', 'E', 'W' };
	uint16_t sport, dport;
	uint32_t hlen, seq, ack, dlen;
	uint8_t flags;
	char fs[9];
	unsigned nf = 0;

	if (cap < 4) {
		wd_ip(o, src);
		wd_printf(o, " > ");
		wd_ip(o, dst);
		wd_printf(o, ": [|tcp]");
		return;
	}
	sport = rd_be16(b);
	dport = rd_be16(b + 2);
	wd_ip(o, src);
	wd_printf(o, ".%u > ", sport);
	wd_ip(o, dst);
	wd_printf(o, ".%u: ", dport);
	if (cap < 20) {
		wd_printf(o, " [|tcp]");
		return;
	}
	/* "Data Offset: 4 bits  The number of 32 bit words in the TCP
	 * Header." */
	hlen = (b[12] >> 4) * 4u;
	if (hlen < 20) {
		wd_printf(o, " tcp %u [bad hdr length %u - too short, < 20]",
			  len - hlen, hlen);
		return;
	}
	seq = rd_be32(b + 4);
	ack = rd_be32(b + 8);
	flags = b[13];
	for (unsigned i = 0; i < 8; i++)
		if (flags & (1u << i))
			fs[nf++] = flag_chars[i];
	fs[nf] = 0;
	wd_printf(o, "Flags [%s]", nf ? fs : "none");
	if (hlen > len) {
		wd_printf(o, " [bad hdr length %u - too long, > %u]", hlen, len);
		return;
	}
	dlen = len - hlen;
	if (dlen > 0 || (flags & (TCP_SYN | TCP_FIN | TCP_RST))) {
		wd_printf(o, ", seq %u", seq);
		if (dlen > 0)
			wd_printf(o, ":%u", seq + dlen);
	}
	if (flags & TCP_ACK)
		wd_printf(o, ", ack %u", ack);
	wd_printf(o, ", win %u", rd_be16(b + 14));
	if (flags & TCP_URG)
		wd_printf(o, ", urg %u", rd_be16(b + 18));
	if (hlen > 20 &&
	    !describe_tcp_opts(o, b + 20, hlen - 20, cap - 20,
			       flags & TCP_ACK ? ack - 1 : 0, cap >= len))
		return;
	wd_printf(o, ", length %u", dlen);
	if (dlen == 0)
		return;
	if (cap < hlen) {
		/* Data follows a header that is not all there. */
		wd_printf(o, " [remaining caplen(%u) < header length(%u)] [|tcp]",
			  cap, hlen);
		return;
	}
	if (sport == 80 || dport == 80 || sport == 8080 || dport == 8080) {
		wd_printf(o, ": ");
		describe_http(o, b + hlen, dlen, cap - hlen);
	} else if (sport == DNS_PORT || dport == DNS_PORT) {
		/* print-tcp.c: after HTTP; the message with its length prefix
		 * (RFC 1035 4.2.2). */
		describe_dns(o, b + hlen, dlen, cap - hlen, true, false);
	}
}

/* ---- IPv4 (RFC 791), after tcpdump's print-ip.c ------------------------ */

static void describe_ip(struct wd *o, const uint8_t *b, uint32_t len)
{
	unsigned version, hlen;
	uint32_t tot, cap, src, dst;
	uint16_t frag;
	uint8_t proto;

	if (len < 1) {
		wd_printf(o, " [|ip]");
		return;
	}
	version = b[0] >> 4;
	if (version != 4) {
		if (version == 6)
			wd_printf(o, "IP6, wrong link-layer encapsulation");
		else
			wd_printf(o, "IP%u", version);
		wd_printf(o, " (invalid)");
		return;
	}
	wd_printf(o, "IP ");
	if (len < IPV4_HLEN) {
		wd_printf(o, " [|ip]");
		return;
	}
	hlen = (b[0] & 0x0fu) * 4u;
	if (hlen < IPV4_HLEN) {
		wd_printf(o, "bad-hlen %u", hlen);
		return;
	}
	tot = rd_be16(b + 2);
	if (len < tot)
		wd_printf(o, "truncated-ip - %u bytes missing! ", tot - len);
	if (tot < hlen) {
		wd_printf(o, "bad-len %u", tot);
		return;
	}
	/* Bytes past the total length (Ethernet padding) are not the
	 * datagram's. */
	cap = len < tot ? len : tot;
	frag = rd_be16(b + 6);
	proto = b[9];
	src = rd_be32(b + 12);
	dst = rd_be32(b + 16);

	/* RFC 791: "The fragment offset is measured in units of 8 octets
	 * ... The first fragment has offset zero."  Only that one holds
	 * the next protocol's header. */
	if (frag & IPV4_OFFMASK) {
		wd_ip(o, src);
		wd_printf(o, " > ");
		wd_ip(o, dst);
		wd_printf(o, ": ip-proto-%u", proto);
		return;
	}
	if (proto != IP_PROTO_TCP && proto != IP_PROTO_UDP) {
		wd_ip(o, src);
		wd_printf(o, " > ");
		wd_ip(o, dst);
		wd_printf(o, ": ");
	}
	if (cap < hlen) {
		wd_printf(o, " [remaining caplen(%u) < header length(%u)] [|ip]",
			  cap, hlen);
		return;
	}
	switch (proto) {
	case IP_PROTO_ICMP:
		describe_icmp(o, b + hlen, tot - hlen, cap - hlen);
		break;
	case IP_PROTO_UDP:
		describe_udp(o, b + hlen, tot - hlen, cap - hlen,
			     (frag & IPV4_MF) != 0, src, dst);
		break;
	case IP_PROTO_TCP:
		describe_tcp(o, b + hlen, tot - hlen, cap - hlen, src, dst);
		break;
	default:
		wd_printf(o, " ip-proto-%u %u", proto, tot - hlen);
		break;
	}
}

/* ---- Ethernet, after tcpdump's print-ether.c --------------------------- */

static void describe_eth(struct wd *o, const uint8_t *b, uint32_t len)
{
	uint16_t type;
	const char *name;

	if (len < ETH_HLEN) {
		wd_printf(o, " [|ether]");
		return;
	}
	type = rd_be16(b + 12);
	switch (type) {
	case ETH_P_IP:
		describe_ip(o, b + ETH_HLEN, len - ETH_HLEN);
		return;
	case ETH_P_ARP:
		describe_arp(o, b + ETH_HLEN, len - ETH_HLEN);
		return;
	}
	/* Not decoded: tcpdump shows the addresses it would have hidden,
	 * then a hex dump on the lines below. */
	wd_hw(o, b + 6, ETH_ALEN);
	wd_printf(o, " > ");
	wd_hw(o, b, ETH_ALEN);
	if (type < 0x0600) {
		/* IEEE 802.3: the field is a length and LLC follows. */
		wd_printf(o, ", 802.3, length %u: ", len);
		return;
	}
	name = ethertype_name(type);
	wd_printf(o, ", ethertype %s (0x%04x), length %u: ",
		  name ? name : "Unknown", type, len);
}

size_t wire_describe(const uint8_t *b, uint32_t len, int starts_at_ip,
		     char *out, size_t outlen)
{
	struct wd o = { .buf = out, .cap = outlen, .len = 0 };

	if (out && outlen)
		out[0] = 0;
	if (!starts_at_ip) {
		describe_eth(&o, b, len);
	} else if (len < 1) {
		wd_printf(&o, " [|ip]");
	} else if (b[0] >> 4 == 4) {
		describe_ip(&o, b, len);
	} else if (b[0] >> 4 == 6) {
		if (len < 40)
			wd_printf(&o, " [|ip6]");
		else
			wd_printf(&o, "IP6 (not decoded), length %u", len);
	} else {
		/* tcpdump's raw-IP printer checks the version first. */
		wd_printf(&o, "unknown ip %u", b[0] >> 4);
	}
	return o.len;
}
