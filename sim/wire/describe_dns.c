/* describe_dns.c — a DNS message in tcpdump's words (print-domain.c of
 * tcpdump 4.99, as `tcpdump -n` prints it without -v).
 *
 *   query:    62644+ [1au] A? www.example.com. (56)
 *   response: 62644*- 1/1/0 A 10.0.0.80 (89)
 *
 * A query is its id, the opcode if not QUERY, '+' for RD, '%' for CD,
 * the counts that are unusual in brackets ([1au]: one additional record,
 * EDNS's OPT), then each question as "TYPE? name."; a response is its id,
 * the opcode, the rcode if not NOERROR (" NXDomain"), '*' for AA, '-'
 * when RA is clear, '|' for TC, '$' for AD, then an/ns/ar counts and the
 * answer records (type and data: "A 10.0.0.80", "MX mail.example.com.
 * 10", "SRV www.example.com.:80 0 5", a bare "SOA").  The message length
 * closes the line.  tcpdump reads the message as it is, not as a parser
 * that checks it would: names print with its character escapes (M-x,
 * ^X), pointers must go backwards ("<BAD PTR>"), a record it cannot read
 * whole ends the line with " [|domain]", and its odd corners (the RDATA
 * of A read whatever RDLENGTH says, a short answer section not flagged
 * when it was the last record) are kept here on purpose, so that the two
 * lines agree byte for byte; tests/trace/test-describe-vs-tcpdump.sh
 * compares them over fixtures captured from dig and dnsmasq.
 *
 * Reading: offsets from the message start, checked against `snap`
 * (the bytes present), never pointers past the buffer.  Where tcpdump's
 * GET_* macros give up (a read past the capture) it jumps out and prints
 * " [|domain]"; so does this, by longjmp, within this file only.
 */
#include "wire/describe_int.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "wire/bytes.h"

#define MAXCDNAME 255                   /* tcpdump's nameser.h */

struct dd {
	struct wd *o;
	const uint8_t *m;               /* the message */
	int64_t snap;                   /* bytes of it present */
	jmp_buf out;                    /* a GET past the capture */
	bool mdns;                      /* multicast DNS (RFC 6762), port 5353 */
};

#define NONE (-1)                       /* a NULL return of tcpdump's */

static bool have(const struct dd *d, int64_t off, int64_t n)
{
	return off >= 0 && n >= 0 && off + n <= d->snap;
}

static unsigned get8(struct dd *d, int64_t off)
{
	if (!have(d, off, 1))
		longjmp(d->out, 1);
	return d->m[off];
}

static unsigned get16(struct dd *d, int64_t off)
{
	if (!have(d, off, 2))
		longjmp(d->out, 1);
	return rd_be16(d->m + off);
}

static uint32_t get32(struct dd *d, int64_t off)
{
	if (!have(d, off, 4))
		longjmp(d->out, 1);
	return rd_be32(d->m + off);
}

/* util-print.c fn_print_char: 8-bit bytes as "M-" and the 7-bit one,
 * control characters as '^' and the letter. */
static void print_char(struct dd *d, unsigned c)
{
	if (c & 0x80) {
		c &= 0x7f;
		wd_printf(d->o, "M-");
	}
	if (c < 0x20 || c == 0x7f) {
		c ^= 0x40;
		wd_printf(d->o, "^");
	}
	wd_printf(d->o, "%c", (char)c);
}

/* nd_printn: n bytes, stopping at the end of the capture; true when it
 * stopped early. */
static bool printn(struct dd *d, int64_t off, uint32_t n)
{
	while (n > 0 && off < d->snap) {
		n--;
		print_char(d, get8(d, off++));
	}
	return n != 0;
}

/* ---- names ---- */

enum { TYPE_MASK = 0xc0, TYPE_LABEL = 0x00, TYPE_EDNS0 = 0x40, TYPE_RESERVED = 0x80,
	TYPE_INDIR = 0xc0, EDNS0_ELT_BITLABEL = 0x01 };

/* ns_nskip: past a name, without following pointers. */
static int64_t nskip(struct dd *d, int64_t cp)
{
	unsigned i;

	if (!have(d, cp, 1))
		return NONE;
	i = get8(d, cp++);
	while (i) {
		switch (i & TYPE_MASK) {
		case TYPE_INDIR:
			return cp + 1;
		case TYPE_EDNS0: {
			unsigned bitlen;
			if ((i & ~TYPE_MASK) != EDNS0_ELT_BITLABEL)
				return NONE;
			if (!have(d, cp, 1))
				return NONE;
			if ((bitlen = get8(d, cp)) == 0)
				bitlen = 256;
			cp++;
			cp += (bitlen + 7) / 8;
			break;
		}
		case TYPE_RESERVED:
			return NONE;
		default:
			cp += i;
			break;
		}
		if (!have(d, cp, 1))
			return NONE;
		i = get8(d, cp++);
	}
	return cp;
}

/* An RFC 2673 bit-string label, "\[x0a/8]" (long obsolete, still read). */
static int64_t blabel_print(struct dd *d, int64_t cp)
{
	unsigned bitlen, slen, b, tc;
	int64_t bitp, lim;

	if (!have(d, cp, 1))
		return NONE;
	if ((bitlen = get8(d, cp)) == 0)
		bitlen = 256;
	slen = (bitlen + 3) / 4;
	lim = cp + 1 + slen;
	wd_printf(d->o, "\\[x");
	for (bitp = cp + 1, b = bitlen; bitp < lim && b > 7; b -= 8, bitp++)
		wd_printf(d->o, "%02x", get8(d, bitp));
	if (b > 4) {
		tc = get8(d, bitp++);
		wd_printf(d->o, "%02x", tc & (0xffu << (8 - b)) & 0xff);
	} else if (b > 0) {
		tc = get8(d, bitp++);
		wd_printf(d->o, "%1x", ((tc >> 4) & 0x0f) & (0x0fu << (4 - b)));
	}
	wd_printf(d->o, "/%u]", bitlen);
	return lim;
}

/* labellen: the bytes a label takes after its first byte; -1 (with
 * tcpdump's complaint) for an unknown kind. */
static int64_t labellen(struct dd *d, int64_t cp)
{
	unsigned i;

	if (!have(d, cp, 1))
		return -1;
	i = get8(d, cp);
	switch (i & TYPE_MASK) {
	case TYPE_EDNS0: {
		unsigned bitlen, elt;
		if ((elt = (i & ~TYPE_MASK)) != EDNS0_ELT_BITLABEL) {
			wd_printf(d->o, "<ELT %d>", (int)elt);
			return -1;
		}
		if (!have(d, cp + 1, 1))
			return -1;
		if ((bitlen = get8(d, cp + 1)) == 0)
			bitlen = 256;
		return (bitlen + 7) / 8 + 1;
	}
	case TYPE_INDIR:
	case TYPE_LABEL:
		return i;
	default:
		wd_printf(d->o, "<BAD LABEL TYPE>");
		return -1;
	}
}

/* fqdn_print: the name at cp, pointers taken relative to bp and only
 * backwards; returns where the name ends in place. */
static int64_t fqdn_print(struct dd *d, int64_t cp, int64_t bp)
{
	unsigned i;
	int64_t l, rp = NONE;
	bool compress = false;
	uint32_t offset, max_offset, name_chars = 0;

	if ((l = labellen(d, cp)) == -1)
		return NONE;
	if (!have(d, cp, 1))
		return NONE;
	max_offset = (uint32_t)(cp - bp);
	i = get8(d, cp++);
	if ((i & TYPE_MASK) != TYPE_INDIR)
		rp = cp + l;
	if (i == 0) {
		wd_printf(d->o, ".");
		return rp;
	}
	while (i && cp < d->snap) {
		switch (i & TYPE_MASK) {
		case TYPE_INDIR:
			if (!compress) {
				rp = cp + 1;
				compress = true;
			}
			if (!have(d, cp, 1))
				return NONE;
			offset = ((i << 8) | get8(d, cp)) & 0x3fff;
			/* "This must move backwards in the packet." */
			if (offset >= max_offset) {
				wd_printf(d->o, "<BAD PTR>");
				return NONE;
			}
			max_offset = offset;
			cp = bp + offset;
			if (!have(d, cp, 1))
				return NONE;
			i = get8(d, cp);
			if ((l = labellen(d, cp)) == -1)
				return NONE;
			cp++;
			continue;
		case TYPE_EDNS0:
			if ((i & ~TYPE_MASK) == EDNS0_ELT_BITLABEL) {
				if (blabel_print(d, cp) == NONE)
					return NONE;
			} else {
				wd_printf(d->o, "<ELT %u>", i & ~TYPE_MASK);
				return NONE;
			}
			break;
		case TYPE_RESERVED:
			wd_printf(d->o, "<BAD LABEL TYPE>");
			return NONE;
		default:
			if (name_chars + l <= MAXCDNAME) {
				if (printn(d, cp, (uint32_t)l))
					return NONE;
			} else if (name_chars < MAXCDNAME) {
				if (printn(d, cp, MAXCDNAME - name_chars))
					return NONE;
			}
			name_chars += (uint32_t)l;
			break;
		}
		cp += l;
		if (name_chars <= MAXCDNAME)
			wd_printf(d->o, ".");
		name_chars++;
		if (!have(d, cp, 1))
			return NONE;
		i = get8(d, cp);
		if ((l = labellen(d, cp)) == -1)
			return NONE;
		cp++;
		if (!compress)
			rp += l + 1;
	}
	if (name_chars > MAXCDNAME)
		wd_printf(d->o, "<DOMAIN NAME TOO LONG>");
	return rp;
}

/* ns_cprint: a <character-string>. */
static int64_t cprint(struct dd *d, int64_t cp)
{
	unsigned i;

	if (!have(d, cp, 1))
		return NONE;
	i = get8(d, cp++);
	if (printn(d, cp, i))
		return NONE;
	return cp + i;
}

/* ---- tables (tcpdump's, read back from 4.99.3 for every value) ---- */

static const struct { uint16_t v; const char *s; } ns_types[] = {
	{ 1, "A" }, { 2, "NS" }, { 3, "MD" }, { 4, "MF" }, { 5, "CNAME" }, { 6, "SOA" },
	{ 7, "MB" }, { 8, "MG" }, { 9, "MR" }, { 10, "NULL" }, { 11, "WKS" }, { 12, "PTR" },
	{ 13, "HINFO" }, { 14, "MINFO" }, { 15, "MX" }, { 16, "TXT" }, { 17, "RP" },
	{ 18, "AFSDB" }, { 19, "X25" }, { 20, "ISDN" }, { 21, "RT" }, { 22, "NSAP" },
	{ 23, "NSAP_PTR" }, { 24, "SIG" }, { 25, "KEY" }, { 26, "PX" }, { 27, "GPOS" },
	{ 28, "AAAA" }, { 29, "LOC" }, { 30, "NXT" }, { 31, "EID" }, { 32, "NIMLOC" },
	{ 33, "SRV" }, { 34, "ATMA" }, { 35, "NAPTR" }, { 36, "KX" }, { 37, "CERT" },
	{ 38, "A6" }, { 39, "DNAME" }, { 40, "SINK" }, { 41, "OPT" }, { 42, "APL" },
	{ 43, "DS" }, { 44, "SSHFP" }, { 45, "IPSECKEY" }, { 46, "RRSIG" }, { 47, "NSEC" },
	{ 48, "DNSKEY" }, { 99, "SPF" }, { 100, "UINFO" }, { 101, "UID" }, { 102, "GID" },
	{ 103, "UNSPEC" }, { 104, "UNSPECA" }, { 249, "TKEY" }, { 250, "TSIG" },
	{ 251, "IXFR" }, { 252, "AXFR" }, { 253, "MAILB" }, { 254, "MAILA" }, { 255, "ANY" },
	{ 256, "URI" },
};

enum { T_A = 1, T_NS = 2, T_CNAME = 5, T_SOA = 6, T_PTR = 12, T_MX = 15, T_TXT = 16,
	T_AAAA = 28, T_SRV = 33, T_A6 = 38, T_DNAME = 39, T_OPT = 41, T_UNSPECA = 104,
	T_TSIG = 250, T_URI = 256 };

static void print_type(struct dd *d, unsigned t)
{
	for (size_t k = 0; k < sizeof ns_types / sizeof ns_types[0]; k++)
		if (ns_types[k].v == t) {
			wd_printf(d->o, " %s", ns_types[k].s);
			return;
		}
	wd_printf(d->o, " Type%u", t);
}

static void print_class(struct dd *d, unsigned c)
{
	switch (c) {
	case 1: wd_printf(d->o, " IN"); break;
	case 3: wd_printf(d->o, " CHAOS"); break;
	case 4: wd_printf(d->o, " HS"); break;
	case 255: wd_printf(d->o, " ANY"); break;
	default: wd_printf(d->o, " (Class %u)", c); break;
	}
}

static const char *const ns_ops[16] = {
	"", " inv_q", " stat", " op3", " notify", " update", " op6", " op7",
	" op8", " updateA", " updateD", " updateDA", " updateM", " updateMA",
	" zoneInit", " zoneRef",
};

/* The missing spaces before Resp17 and Resp21 are tcpdump's. */
static const char *const ns_resp[] = {
	"", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused", " YXDomain",
	" YXRRSet", " NXRRSet", " NotAuth", " NotZone", " Resp11", " Resp12", " Resp13",
	" Resp14", " NoChange", " BadVers", "Resp17", " Resp18", " Resp19", " Resp20",
	"Resp21", " Resp22", " BadCookie",
};

static void print_rcode(struct dd *d, unsigned rcode)
{
	if (rcode < sizeof ns_resp / sizeof ns_resp[0])
		wd_printf(d->o, "%s", ns_resp[rcode]);
	else
		wd_printf(d->o, " Resp%u", rcode & 0xfff);
}

/* ---- EDNS options (RFC 6891 6.1.2), in an OPT record's RDATA ---- */

static const struct { uint16_t v; const char *s; } edns_opts[] = {
	{ 1, "LLQ" }, { 2, "UL" }, { 3, "NSID" }, { 5, "DAU" }, { 6, "DHU" }, { 7, "N3U" },
	{ 8, "ECS" }, { 9, "EXPIRE" }, { 10, "COOKIE" }, { 11, "KEEPALIVE" },
	{ 12, "PADDING" }, { 13, "CHAIN" }, { 14, "KEY-TAG" }, { 16, "CLIENT-TAG" },
	{ 17, "SERVER-TAG" },
};
static const struct { uint8_t v; const char *s; } dau_algs[] = {
	{ 0, "DELETE" }, { 1, "RSAMD5" }, { 2, "DH" }, { 3, "DS" }, { 5, "RSASHA1" },
	{ 6, "DSA-NSEC3-SHA1" }, { 7, "RSASHA1-NSEC3-SHA1" }, { 8, "RSASHA256" },
	{ 10, "RSASHA512" }, { 12, "ECC-GOST" }, { 13, "ECDSAP256SHA256" },
	{ 14, "ECDSAP384SHA384" }, { 15, "ED25519" }, { 16, "ED448" }, { 252, "INDIRECT" },
	{ 253, "PRIVATEDNS" }, { 254, "PRIVATEOID" },
};
static const struct { uint8_t v; const char *s; } dhu_algs[] = {
	{ 1, "SHA-1" }, { 2, "SHA-256" }, { 3, "GOST_R_34.11-94" }, { 4, "SHA-384" },
};

static void print_invalid(struct dd *d)
{
	wd_printf(d->o, " (invalid)");
}

static void eopt_ecs(struct dd *d, int64_t cp, unsigned data_len)
{
	unsigned family, addr_bits, src_len, scope_len;
	uint8_t padded[32];
	char addr[INET6_ADDRSTRLEN];

	if (data_len < 4) {
		print_invalid(d);
		return;
	}
	family = get16(d, cp);
	src_len = get8(d, cp + 2);
	scope_len = get8(d, cp + 3);
	cp += 4;
	if (family == 1)
		addr_bits = 32;
	else if (family == 2)
		addr_bits = 128;
	else {
		print_invalid(d);
		return;
	}
	if (data_len - 4 > addr_bits / 8 || src_len > addr_bits || scope_len > addr_bits ||
	    (src_len + 7) / 8 != data_len - 4) {
		print_invalid(d);
		return;
	}
	memset(padded, 0, sizeof padded);
	memcpy(padded, d->m + cp, data_len - 4);
	inet_ntop(family == 1 ? AF_INET : AF_INET6, padded, addr, sizeof addr);
	wd_printf(d->o, "%s/%d/%d", addr, (int)src_len, (int)scope_len);
}

static int64_t eopt_print(struct dd *d, int64_t cp)
{
	unsigned opt, data_len, i;
	const char *name = NULL;

	if (!have(d, cp, 2))
		return NONE;
	opt = get16(d, cp);
	cp += 2;
	for (size_t k = 0; k < sizeof edns_opts / sizeof edns_opts[0]; k++)
		if (edns_opts[k].v == opt)
			name = edns_opts[k].s;
	if (name)
		wd_printf(d->o, "%s", name);
	else
		wd_printf(d->o, "Opt%u", opt);
	if (!have(d, cp, 2))
		return NONE;
	data_len = get16(d, cp);
	cp += 2;
	if (!have(d, cp, data_len))
		return NONE;
	if (data_len == 0)
		return cp;
	wd_printf(d->o, " ");
	switch (opt) {
	case 8:
		eopt_ecs(d, cp, data_len);
		break;
	case 10:                        /* COOKIE: client, then server part */
		if (data_len < 8 || (data_len > 8 && data_len < 16) || data_len > 40) {
			print_invalid(d);
		} else {
			for (i = 0; i < data_len; ++i) {
				if (i == 8)
					wd_printf(d->o, " ");
				wd_printf(d->o, "%02x", get8(d, cp + i));
			}
		}
		break;
	case 11:                        /* KEEPALIVE, in units of 100 ms */
		if (data_len != 2)
			print_invalid(d);
		else
			wd_printf(d->o, "%0.1f sec", get16(d, cp) / 10.0);
		break;
	case 9:
		if (data_len != 4)
			print_invalid(d);
		else
			wd_printf(d->o, "%u sec", get32(d, cp));
		break;
	case 12:
		wd_printf(d->o, "(%u)", data_len);
		break;
	case 14:
		if (data_len % 2 != 0) {
			print_invalid(d);
		} else {
			for (i = 0; i < data_len; i += 2) {
				if (i > 0)
					wd_printf(d->o, " ");
				wd_printf(d->o, "%u", get16(d, cp + i));
			}
		}
		break;
	case 5:
	case 6:
	case 7:
		for (i = 0; i < data_len; ++i) {
			unsigned a = get8(d, cp + i);
			const char *s = NULL;
			if (i > 0)
				wd_printf(d->o, " ");
			if (opt == 5) {
				for (size_t k = 0; k < sizeof dau_algs / sizeof dau_algs[0]; k++)
					if (dau_algs[k].v == a)
						s = dau_algs[k].s;
			} else if (opt == 6) {
				for (size_t k = 0; k < sizeof dhu_algs / sizeof dhu_algs[0]; k++)
					if (dhu_algs[k].v == a)
						s = dhu_algs[k].s;
			} else if (a == 1) {
				s = "SHA-1";
			}
			if (s)
				wd_printf(d->o, "%s", s);
			else
				wd_printf(d->o, "Alg_%u", a);
		}
		break;
	case 13:
		/* CHAIN: a name, with pointers relative to its own end
		 * (tcpdump passes cp + data_len as the message start). */
		fqdn_print(d, cp, cp + data_len);
		break;
	default:
		for (i = 0; i < data_len; ++i)
			wd_printf(d->o, "%02x", get8(d, cp + i));
		break;
	}
	return cp + data_len;
}

/* ---- question, record ---- */

/* ns_qprint: " TYPE[ CLASS]? name." */
static int64_t qprint(struct dd *d, int64_t cp)
{
	int64_t np = cp;
	unsigned i;

	cp = nskip(d, cp);
	if (cp == NONE || !have(d, cp, 4))
		return NONE;
	print_type(d, get16(d, cp));
	i = get16(d, cp + 2);
	cp += 4;
	/* RFC 6762 5.4: the top bit of an mDNS question's class asks for a
	 * unicast response. */
	if ((d->mdns ? i & 0x7fff : i) != 1)
		print_class(d, d->mdns ? i & 0x7fff : i);
	if (d->mdns)
		wd_printf(d->o, i & 0x8000 ? " (QU)" : " (QM)");
	wd_printf(d->o, "? ");
	cp = fqdn_print(d, np, 0);
	return cp == NONE ? NONE : cp + 4;
}

/* ns_rprint without -v: the type and what the record says. */
static int64_t rprint(struct dd *d, int64_t cp)
{
	unsigned typ, klass, len, opt_flags = 0;
	int64_t rp;

	cp = nskip(d, cp);
	if (cp == NONE || !have(d, cp, 10))
		return d->snap;
	typ = get16(d, cp);
	klass = get16(d, cp + 2);
	cp += 4;
	/* RFC 6762 10.2: in mDNS the class's top bit is "cache flush". */
	if (klass != 1 && typ != T_OPT && !(d->mdns && (klass & 0x7fff) == 1))
		print_class(d, d->mdns ? klass & 0x7fff : klass);
	if (d->mdns && (klass & 0x8000))
		wd_printf(d->o, " (Cache flush)");
	if (d->mdns)
		klass &= 0x7fff;
	if (typ == T_OPT) {
		opt_flags = get16(d, cp + 2);
		cp += 4;
	} else {
		cp += 4;                /* the TTL is not shown */
	}
	len = get16(d, cp);
	cp += 2;
	rp = cp + len;
	print_type(d, typ);
	if (rp > d->snap)
		return NONE;

	switch (typ) {
	case T_A: {
		char s[INET_ADDRSTRLEN];
		if (!have(d, cp, 4))
			return NONE;
		inet_ntop(AF_INET, d->m + cp, s, sizeof s);
		wd_printf(d->o, " %s", s);
		break;
	}
	case T_NS:
	case T_CNAME:
	case T_PTR:
	case T_DNAME:
		wd_printf(d->o, " ");
		if (fqdn_print(d, cp, 0) == NONE)
			return NONE;
		break;
	case T_SOA:
		break;                  /* its fields only with -v */
	case T_MX:
		wd_printf(d->o, " ");
		if (!have(d, cp, 2))
			return NONE;
		if (fqdn_print(d, cp + 2, 0) == NONE)
			return NONE;
		wd_printf(d->o, " %u", get16(d, cp));
		break;
	case T_TXT:
		while (cp < rp) {
			wd_printf(d->o, " \"");
			cp = cprint(d, cp);
			if (cp == NONE)
				return NONE;
			wd_printf(d->o, "\"");
		}
		break;
	case T_SRV:
		wd_printf(d->o, " ");
		if (!have(d, cp, 6))
			return NONE;
		if (fqdn_print(d, cp + 6, 0) == NONE)
			return NONE;
		wd_printf(d->o, ":%u %u %u", get16(d, cp + 4), get16(d, cp), get16(d, cp + 2));
		break;
	case T_AAAA: {
		char s[INET6_ADDRSTRLEN];
		if (!have(d, cp, 16))
			return NONE;
		inet_ntop(AF_INET6, d->m + cp, s, sizeof s);
		wd_printf(d->o, " %s", s);
		break;
	}
	case T_A6: {
		uint8_t a[16];
		char s[INET6_ADDRSTRLEN];
		unsigned pbit = get8(d, cp), pbyte = (pbit & ~7u) / 8;
		if (pbit > 128) {
			wd_printf(d->o, " %u(bad plen)", pbit);
			break;
		} else if (pbit < 128) {
			memset(a, 0, sizeof a);
			if (!have(d, cp + 1, 16 - pbyte))
				longjmp(d->out, 1);
			memcpy(a + pbyte, d->m + cp + 1, 16 - pbyte);
			inet_ntop(AF_INET6, a, s, sizeof s);
			wd_printf(d->o, " %u %s", pbit, s);
		}
		if (pbit > 0) {
			wd_printf(d->o, " ");
			if (fqdn_print(d, cp + 1 + 16 - pbyte, 0) == NONE)
				return NONE;
		}
		break;
	}
	case T_URI:
		if (!have(d, cp, len))
			return NONE;
		wd_printf(d->o, " %u %u ", get16(d, cp), get16(d, cp + 2));
		/* len - 4 wraps when len < 4, as in tcpdump: then it prints
		 * to the end of the capture and gives up. */
		if (printn(d, cp + 4, (uint32_t)((int)len - 4)))
			return NONE;
		break;
	case T_OPT:
		wd_printf(d->o, " UDPsize=%u", klass);
		if (opt_flags & 0x8000)
			wd_printf(d->o, " DO");
		if (cp < rp) {
			wd_printf(d->o, " [");
			while (cp < rp) {
				cp = eopt_print(d, cp);
				if (cp == NONE)
					return NONE;
				if (cp < rp)
					wd_printf(d->o, ",");
			}
			wd_printf(d->o, "]");
		}
		break;
	case T_UNSPECA:
		if (!have(d, cp, len))
			return NONE;
		if (printn(d, cp, len))
			return NONE;
		break;
	case T_TSIG:
		if (cp + len > d->snap)
			return NONE;
		break;
	default:
		break;
	}
	return rp;
}

/* ---- the message ---- */

static void message(struct dd *d, uint32_t length)
{
	unsigned flags, rcode, qdcount, ancount, nscount, arcount, i;
	int64_t cp;

	if (length < 12) {
		wd_printf(d->o, "domain [length %u < 12]", length);
		print_invalid(d);
		return;
	}
	if (!have(d, 0, 12))
		longjmp(d->out, 1);
	flags = get16(d, 2);
	qdcount = get16(d, 4);
	ancount = get16(d, 6);
	nscount = get16(d, 8);
	arcount = get16(d, 10);

	/* The extended rcode: its high 8 bits are in the OPT record's TTL
	 * (RFC 6891 6.1.3), found by skipping everything before it. */
	cp = 12;
	rcode = flags & 0xf;
	for (i = 0; i < qdcount; i++) {
		if ((cp = nskip(d, cp)) == NONE)
			goto print;
		cp += 4;
		if (cp >= d->snap)
			goto print;
	}
	for (i = 0; i < ancount + nscount; i++) {
		if ((cp = nskip(d, cp)) == NONE)
			goto print;
		cp += 8;
		if (cp + 2 > d->snap)
			goto print;
		cp += 2 + get16(d, cp);
		if (cp >= d->snap)
			goto print;
	}
	for (i = 0; i < arcount; i++) {
		unsigned type;
		if ((cp = nskip(d, cp)) == NONE)
			goto print;
		if (cp + 2 > d->snap)
			goto print;
		type = get16(d, cp);
		cp += 4;
		if (cp + 1 > d->snap)
			goto print;
		if (type == T_OPT) {
			rcode |= get8(d, cp) << 4;
			goto print;
		}
		cp += 4;
		if (cp + 2 > d->snap)
			goto print;
		cp += 2 + get16(d, cp);
		if (cp >= d->snap)
			goto print;
	}
print:
	if (flags & 0x8000) {
		wd_printf(d->o, "%u%s", get16(d, 0), ns_ops[(flags >> 11) & 0xf]);
		print_rcode(d, rcode);
		wd_printf(d->o, "%s%s%s%s", flags & 0x0400 ? "*" : "", flags & 0x0080 ? "" : "-",
			  flags & 0x0200 ? "|" : "", flags & 0x0020 ? "$" : "");
		if (qdcount != 1)
			wd_printf(d->o, " [%uq]", qdcount);
		cp = 12;
		for (i = 0; i < qdcount; i++) {
			if (i != 0)
				wd_printf(d->o, ",");
			if ((cp = nskip(d, cp)) == NONE)
				goto trunc;
			cp += 4;
		}
		wd_printf(d->o, " %u/%u/%u", ancount, nscount, arcount);
		if (ancount) {
			if ((cp = rprint(d, cp)) == NONE)
				goto trunc;
			ancount--;
			while (cp < d->snap && ancount) {
				wd_printf(d->o, ",");
				if ((cp = rprint(d, cp)) == NONE)
					goto trunc;
				ancount--;
			}
		}
		if (ancount)
			goto trunc;
	} else {
		unsigned opcode = (flags >> 11) & 0xf;
		wd_printf(d->o, "%u%s%s%s", get16(d, 0), ns_ops[opcode], flags & 0x0100 ? "+" : "",
			  flags & 0x0010 ? "%" : "");
		/* "any weirdness?": AA, TC, RA, Z or an rcode in a query */
		if (flags & 0x6cf)
			wd_printf(d->o, " [b2&3=0x%x]", flags);
		if (opcode == 1) {      /* IQUERY */
			if (qdcount)
				wd_printf(d->o, " [%uq]", qdcount);
			if (ancount != 1)
				wd_printf(d->o, " [%ua]", ancount);
		} else {
			if (ancount)
				wd_printf(d->o, " [%ua]", ancount);
			if (qdcount != 1)
				wd_printf(d->o, " [%uq]", qdcount);
		}
		if (nscount)
			wd_printf(d->o, " [%un]", nscount);
		if (arcount)
			wd_printf(d->o, " [%uau]", arcount);
		cp = 12;
		if (qdcount) {
			if ((cp = qprint(d, cp)) == NONE)
				goto trunc;
			qdcount--;
			while (cp < d->snap && qdcount) {
				if ((cp = qprint(d, cp)) == NONE)
					goto trunc;
				qdcount--;
			}
		}
		if (qdcount)
			goto trunc;
	}
	wd_printf(d->o, " (%u)", length);
	return;
trunc:
	wd_printf(d->o, " [|domain]");
}

/* What follows the TCP or UDP header. */
static void payload(struct dd *d, uint32_t len, bool over_tcp)
{
	if (over_tcp) {
		/* RFC 1035 4.2.2: "The message is prefixed with a two byte
		 * length field which gives the message length, excluding
		 * the two byte length field." */
		if (len < 2) {
			wd_printf(d->o, " [DNS over TCP: length %u < 2]", len);
			print_invalid(d);
			return;
		}
		len -= 2;
		if (get16(d, 0) != len) {
			wd_printf(d->o, " [prefix length(%u) != length(%u)]", get16(d, 0), len);
			print_invalid(d);
			return;
		}
		d->m += 2;
		d->snap -= 2;
		wd_printf(d->o, " ");
	}
	message(d, len);
}

void describe_dns(struct wd *o, const uint8_t *b, uint32_t len, uint32_t cap, bool over_tcp,
		  bool mdns)
{
	struct dd d;

	d.o = o;
	d.mdns = mdns;
	d.m = b;
	d.snap = cap;
	if (setjmp(d.out)) {
		wd_printf(o, " [|domain]");
		return;
	}
	payload(&d, len, over_tcp);
}
