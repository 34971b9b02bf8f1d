/* tui_dissect.c — layers and fields as Wireshark names them (tui_dissect.h). */
#include "tui/tui_dissect.h"

#include <stdio.h>
#include <string.h>

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void fmt_mac(const uint8_t *p, char out[18])
{
	snprintf(out, 18, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4], p[5]);
}

static void fmt_ip(const uint8_t *p, char out[16])
{
	snprintf(out, 16, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

static void short_of(struct tui_text *o, const char *layer)
{
	tui_text_addf(o, "[Malformed: too short for %s]", layer);
}

static void data(const uint8_t *b, uint32_t len, struct tui_text *o)
{
	if (len)
		tui_text_addf(o, "Data (%u byte%s)", len, len == 1 ? "" : "s");
}

static const char *ethertype_name(uint16_t t)
{
	switch (t) {
	case 0x0800: return "IPv4";
	case 0x0806: return "ARP";
	case 0x86dd: return "IPv6";
	case 0x8100: return "802.1Q Virtual LAN";
	default: return "Unknown";
	}
}

static void arp(const uint8_t *b, uint32_t len, struct tui_text *o)
{
	if (len < 8) {
		short_of(o, "ARP");
		return;
	}
	uint16_t op = rd16(b + 6);
	const char *opn = op == 1 ? "request" : op == 2 ? "reply" : "unknown";
	tui_text_addf(o, "Address Resolution Protocol (%s)", opn);
	tui_text_addf(o, "  arp.hw.type = %u%s", rd16(b), rd16(b) == 1 ? " (Ethernet)" : "");
	tui_text_addf(o, "  arp.proto.type = 0x%04x%s", rd16(b + 2),
		      rd16(b + 2) == 0x0800 ? " (IPv4)" : "");
	tui_text_addf(o, "  arp.hw.size = %u", b[4]);
	tui_text_addf(o, "  arp.proto.size = %u", b[5]);
	tui_text_addf(o, "  arp.opcode = %u (%s)", op, opn);
	if (b[4] != 6 || b[5] != 4 || len < 28) {
		if (len < 8u + 2u * (b[4] + b[5]))
			short_of(o, "ARP");
		return;
	}
	char m[18], ip[16];
	fmt_mac(b + 8, m);
	tui_text_addf(o, "  arp.src.hw_mac = %s", m);
	fmt_ip(b + 14, ip);
	tui_text_addf(o, "  arp.src.proto_ipv4 = %s", ip);
	fmt_mac(b + 18, m);
	tui_text_addf(o, "  arp.dst.hw_mac = %s", m);
	fmt_ip(b + 24, ip);
	tui_text_addf(o, "  arp.dst.proto_ipv4 = %s", ip);
}

static const char *icmp_type_name(uint8_t t)
{
	switch (t) {
	case 0: return "Echo (ping) reply";
	case 3: return "Destination unreachable";
	case 4: return "Source quench (flow control)";
	case 5: return "Redirect";
	case 8: return "Echo (ping) request";
	case 11: return "Time-to-live exceeded";
	case 12: return "Parameter problem";
	case 13: return "Timestamp";
	case 14: return "Timestamp reply";
	default: return "Unknown";
	}
}

static const char *icmp_code_name(uint8_t t, uint8_t c)
{
	static const char *const unreach[] = {
		"Network unreachable", "Host unreachable", "Protocol unreachable",
		"Port unreachable", "Fragmentation needed", "Source route failed",
		"Destination network unknown", "Destination host unknown",
		"Source host isolated", "Network administratively prohibited",
		"Host administratively prohibited", "Network unreachable for TOS",
		"Host unreachable for TOS", "Communication administratively filtered",
		"Host precedence violation", "Precedence cutoff in effect",
	};
	if (t == 3 && c < 16)
		return unreach[c];
	if (t == 11)
		return c == 0 ? "Time to live exceeded in transit"
			      : c == 1 ? "Fragment reassembly time exceeded" : NULL;
	if (t == 5)
		return c == 0 ? "Redirect for network" : c == 1 ? "Redirect for host" : NULL;
	return NULL;
}

static void ipv4(const uint8_t *b, uint32_t len, struct tui_text *o, int depth);

static void icmp(const uint8_t *b, uint32_t len, struct tui_text *o, int depth)
{
	if (len < 4) {
		short_of(o, "ICMP");
		return;
	}
	tui_text_addf(o, "Internet Control Message Protocol");
	tui_text_addf(o, "  icmp.type = %u (%s)", b[0], icmp_type_name(b[0]));
	const char *cn = icmp_code_name(b[0], b[1]);
	tui_text_addf(o, "  icmp.code = %u%s%s%s", b[1], cn ? " (" : "", cn ? cn : "",
		      cn ? ")" : "");
	tui_text_addf(o, "  icmp.checksum = 0x%04x", rd16(b + 2));
	if (len < 8) {
		short_of(o, "ICMP");
		return;
	}
	if (b[0] == 0 || b[0] == 8 || b[0] == 13 || b[0] == 14) {
		tui_text_addf(o, "  icmp.ident = %u (0x%04x)", rd16(b + 4), rd16(b + 4));
		tui_text_addf(o, "  icmp.seq = %u (0x%04x)", rd16(b + 6), rd16(b + 6));
		data(b + 8, len - 8, o);
	} else if (b[0] == 5) {
		char gw[16];
		fmt_ip(b + 4, gw);
		tui_text_addf(o, "  icmp.redir_gw = %s", gw);
		if (depth == 0)
			ipv4(b + 8, len - 8, o, depth + 1);
	} else if (b[0] == 3 || b[0] == 11 || b[0] == 12) {
		if (b[0] == 3 && b[1] == 4)
			tui_text_addf(o, "  icmp.mtu = %u", rd16(b + 6));
		/* The datagram that caused the error, as Wireshark shows it
		 * nested under ICMP. */
		if (depth == 0)
			ipv4(b + 8, len - 8, o, depth + 1);
	} else {
		data(b + 4, len - 4, o);
	}
}

static void udp(const uint8_t *b, uint32_t len, struct tui_text *o)
{
	if (len < 8) {
		short_of(o, "UDP");
		return;
	}
	tui_text_addf(o, "User Datagram Protocol, Src Port: %u, Dst Port: %u", rd16(b),
		      rd16(b + 2));
	tui_text_addf(o, "  udp.srcport = %u", rd16(b));
	tui_text_addf(o, "  udp.dstport = %u", rd16(b + 2));
	tui_text_addf(o, "  udp.length = %u", rd16(b + 4));
	tui_text_addf(o, "  udp.checksum = 0x%04x", rd16(b + 6));
	data(b + 8, len - 8, o);
}

static void tcp(const uint8_t *b, uint32_t len, struct tui_text *o)
{
	if (len < 20) {
		short_of(o, "TCP");
		return;
	}
	unsigned hl = (unsigned)(b[12] >> 4) * 4;
	uint32_t plen = len > hl ? len - hl : 0;
	tui_text_addf(o, "Transmission Control Protocol, Src Port: %u, Dst Port: %u, Len: %u",
		      rd16(b), rd16(b + 2), plen);
	tui_text_addf(o, "  tcp.srcport = %u", rd16(b));
	tui_text_addf(o, "  tcp.dstport = %u", rd16(b + 2));
	tui_text_addf(o, "  tcp.seq_raw = %u", rd32(b + 4));
	tui_text_addf(o, "  tcp.ack_raw = %u", rd32(b + 8));
	tui_text_addf(o, "  tcp.hdr_len = %u", hl);
	uint16_t fl = (uint16_t)(rd16(b + 12) & 0x0fff);
	static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG",
					     "ECE", "CWR", "AE" };
	char fs[64] = "";
	for (int i = 0; i < 9; i++)
		if (fl & (1u << i)) {
			if (fs[0])
				strcat(fs, ", ");
			strcat(fs, names[i]);
		}
	tui_text_addf(o, "  tcp.flags = 0x%03x (%s)", fl, fs);
	tui_text_addf(o, "  tcp.window_size_value = %u", rd16(b + 14));
	tui_text_addf(o, "  tcp.checksum = 0x%04x", rd16(b + 16));
	tui_text_addf(o, "  tcp.urgent_pointer = %u", rd16(b + 18));
	if (hl < 20 || hl > len) {
		short_of(o, "TCP");
		return;
	}
	data(b + hl, plen, o);
}

static void ipv4(const uint8_t *b, uint32_t len, struct tui_text *o, int depth)
{
	if (len < 20) {
		short_of(o, "IPv4");
		return;
	}
	char s[16], d[16];
	fmt_ip(b + 12, s);
	fmt_ip(b + 16, d);
	unsigned hl = (unsigned)(b[0] & 15) * 4;
	tui_text_addf(o, "Internet Protocol Version %u, Src: %s, Dst: %s", b[0] >> 4, s, d);
	tui_text_addf(o, "  ip.version = %u", b[0] >> 4);
	tui_text_addf(o, "  ip.hdr_len = %u", hl);
	tui_text_addf(o, "  ip.dsfield = 0x%02x", b[1]);
	tui_text_addf(o, "  ip.len = %u", rd16(b + 2));
	tui_text_addf(o, "  ip.id = 0x%04x (%u)", rd16(b + 4), rd16(b + 4));
	uint16_t ff = rd16(b + 6);
	unsigned flags = ff >> 13;
	tui_text_addf(o, "  ip.flags = 0x%02x%s%s", flags, flags & 2 ? ", Don't fragment" : "",
		      flags & 1 ? ", More fragments" : "");
	tui_text_addf(o, "  ip.frag_offset = %u", (unsigned)(ff & 0x1fff) * 8);
	tui_text_addf(o, "  ip.ttl = %u", b[8]);
	const char *pn = b[9] == 1 ? "ICMP" : b[9] == 6 ? "TCP" : b[9] == 17 ? "UDP" : NULL;
	tui_text_addf(o, "  ip.proto = %u%s%s%s", b[9], pn ? " (" : "", pn ? pn : "", pn ? ")" : "");
	tui_text_addf(o, "  ip.checksum = 0x%04x", rd16(b + 10));
	tui_text_addf(o, "  ip.src = %s", s);
	tui_text_addf(o, "  ip.dst = %s", d);
	if (hl < 20 || hl > len) {
		short_of(o, "IPv4");
		return;
	}
	uint32_t tot = rd16(b + 2);
	uint32_t end = tot >= hl && tot <= len ? tot : len;
	if (ff & 0x1fff) {
		data(b + hl, end - hl, o);      /* a later fragment: no header of its own */
		return;
	}
	const uint8_t *p = b + hl;
	uint32_t pl = end - hl;
	switch (b[9]) {
	case 1: icmp(p, pl, o, depth); break;
	case 6: tcp(p, pl, o); break;
	case 17: udp(p, pl, o); break;
	default: data(p, pl, o); break;
	}
}

void tui_dissect(const uint8_t *b, uint32_t len, int starts_at_ip, struct tui_text *o)
{
	if (starts_at_ip) {
		ipv4(b, len, o, 0);
		return;
	}
	if (len < 14) {
		short_of(o, "Ethernet II");
		return;
	}
	char s[18], d[18];
	fmt_mac(b, d);
	fmt_mac(b + 6, s);
	uint16_t t = rd16(b + 12);
	tui_text_addf(o, "Ethernet II, Src: %s, Dst: %s", s, d);
	tui_text_addf(o, "  eth.dst = %s", d);
	tui_text_addf(o, "  eth.src = %s", s);
	tui_text_addf(o, "  eth.type = 0x%04x (%s)", t, ethertype_name(t));
	if (t == 0x0800)
		ipv4(b + 14, len - 14, o, 0);
	else if (t == 0x0806)
		arp(b + 14, len - 14, o);
	else
		data(b + 14, len - 14, o);
}

void tui_hexdump(const uint8_t *b, uint32_t len, int per_line, struct tui_text *o)
{
	uint32_t pl = per_line == 8 ? 8 : 16;
	for (uint32_t off = 0; off < len; off += pl) {
		char line[100];
		int n = snprintf(line, sizeof line, pl == 16 ? "%04x " : "%04x", off);
		for (uint32_t i = 0; i < pl; i++) {
			if (off + i < len)
				n += snprintf(line + n, sizeof line - (size_t)n, " %02x", b[off + i]);
			else
				n += snprintf(line + n, sizeof line - (size_t)n, "   ");
		}
		n += snprintf(line + n, sizeof line - (size_t)n, pl == 16 ? "  " : " ");
		for (uint32_t i = 0; i < pl && off + i < len; i++) {
			uint8_t c = b[off + i];
			line[n++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
		}
		line[n] = '\0';
		tui_text_addf(o, "%s", line);
	}
}
