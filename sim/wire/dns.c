/* dns.c — DNS messages: parse, emit, names.  See dns.h.
 *
 * RFC 1035 §4.1 (header, question, resource records), §4.1.4 (message
 * compression), §3.3 (RDATA of NS, CNAME, SOA, PTR, MX, TXT); RFC 3596
 * (AAAA), RFC 2782 (SRV), RFC 6891 (OPT), RFC 3597 (unknown types, and
 * which RDATA names may be compressed), RFC 2181 §9 (when TC is set).
 *
 * Names travel inside this file in wire form (length-prefixed labels, the
 * root's zero byte at the end, at most 255 bytes) and leave it in BIND's
 * presentation form.  Left out: the obsolete types (MD, MF, MB, ...) are
 * kept as unknown types (RDATA bytes); no DNSSEC; no label types other
 * than the plain one and the pointer (RFC 6891 §5 retired the others).
 */
#include "wire/dns.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wire/bytes.h"
#include "wire/ipv4.h"

#define NAME_WIRE_MAX 255               /* RFC 1035 2.3.4: "255 octets or less" */
#define LABEL_MAX 63                    /* RFC 1035 2.3.4: "63 octets or less" */
#define PTR_MAX 0x3fff                  /* a pointer holds a 14-bit offset */

/* ---------------------------------------------------------------- names */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Presentation text -> wire form.  Accepts "\DDD" (decimal, at most 255)
 * and "\X" escapes, an optional final dot, "." or "" for the root.  Returns
 * the wire length, or 0 when text is no valid name. */
static size_t name_to_wire(const char *text, uint8_t out[NAME_WIRE_MAX])
{
	size_t n = 0;
	const char *s = text;

	if (s[0] == '.' && s[1] == '\0')
		s++;
	while (*s) {
		size_t lab = n++;           /* the length byte, filled in below */
		unsigned len = 0;
		while (*s && *s != '.') {
			unsigned c = (unsigned char)*s++;
			if (c == '\\') {
				if (*s >= '0' && *s <= '9') {
					if (!(s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9'))
						return 0;
					c = (unsigned)((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
					if (c > 255)
						return 0;
					s += 3;
				} else if (*s) {
					c = (unsigned char)*s++;
				} else {
					return 0;
				}
			}
			if (++len > LABEL_MAX || n + 1 >= NAME_WIRE_MAX)
				return 0;
			out[n++] = (uint8_t)c;
		}
		if (len == 0)
			return 0;           /* an empty label: "a..b", ".a" */
		out[lab] = (uint8_t)len;
		if (*s == '.')
			s++;
	}
	out[n++] = 0;
	return n;
}

/* Wire form -> BIND's presentation form (dns_name_totext): the characters
 * of a zone file that mean something ("().;\@$) get a backslash, other
 * printable ASCII stays, the rest is \DDD.  out holds DNS_NAME_TEXT. */
static void name_from_wire(const uint8_t *w, char *out, bool fold)
{
	size_t o = 0;

	if (w[0] == 0) {
		strcpy(out, ".");
		return;
	}
	while (*w) {
		unsigned len = *w++;
		for (unsigned i = 0; i < len; i++) {
			int c = fold ? lower(w[i]) : w[i];
			switch (c) {
			case '"': case '(': case ')': case '.': case ';':
			case '\\': case '@': case '$':
				out[o++] = '\\';
				out[o++] = (char)c;
				break;
			default:
				if (c > 0x20 && c < 0x7f) {
					out[o++] = (char)c;
				} else {
					snprintf(out + o, 5, "\\%03d", c);
					o += 4;
				}
			}
		}
		w += len;
		out[o++] = '.';
	}
	out[o] = '\0';
}

/* Equal wire names, ignoring ASCII case (RFC 1035 2.3.3; RFC 4343). */
static bool wire_eq(const uint8_t *a, const uint8_t *b)
{
	for (;;) {
		if (*a != *b)
			return false;
		unsigned len = *a;
		if (len == 0)
			return true;
		for (unsigned i = 1; i <= len; i++)
			if (lower(a[i]) != lower(b[i]))
				return false;
		a += len + 1;
		b += len + 1;
	}
}

bool dns_name_eq(const char *a, const char *b)
{
	uint8_t wa[NAME_WIRE_MAX], wb[NAME_WIRE_MAX];
	size_t la = name_to_wire(a, wa), lb = name_to_wire(b, wb);

	if (la == 0 || lb == 0)
		return la == 0 && lb == 0 && strcmp(a, b) == 0;
	return la == lb && wire_eq(wa, wb);
}

bool dns_name_norm(const char *text, char out[DNS_NAME_TEXT])
{
	uint8_t w[NAME_WIRE_MAX];

	if (name_to_wire(text, w) == 0)
		return false;
	name_from_wire(w, out, true);
	return true;
}

bool dns_name_under(const char *name, const char *zone)
{
	uint8_t wn[NAME_WIRE_MAX], wz[NAME_WIRE_MAX];
	size_t ln = name_to_wire(name, wn), lz = name_to_wire(zone, wz);

	if (ln == 0 || lz == 0 || lz > ln)
		return false;
	/* Walk the labels of name until what is left is as long as zone:
	 * only a label boundary there can start the zone. */
	size_t off = 0;
	while (ln - off > lz)
		off += (size_t)wn[off] + 1;
	return ln - off == lz && wire_eq(wn + off, wz);
}

void dns_ptr_name(uint32_t addr, char out[DNS_NAME_TEXT])
{
	snprintf(out, DNS_NAME_TEXT, "%u.%u.%u.%u.in-addr.arpa.", addr & 0xff, (addr >> 8) & 0xff,
		 (addr >> 16) & 0xff, addr >> 24);
}

/* ------------------------------------------------------- types, rcodes */

/* The mnemonics dig and tcpdump print (IANA "Resource Record (RR) TYPEs");
 * only the types in enum dns_type have their RDATA decoded. */
static const struct { uint16_t type; const char *name; } dns_types[] = {
	{ 1, "A" }, { 2, "NS" }, { 3, "MD" }, { 4, "MF" }, { 5, "CNAME" }, { 6, "SOA" },
	{ 7, "MB" }, { 8, "MG" }, { 9, "MR" }, { 10, "NULL" }, { 11, "WKS" }, { 12, "PTR" },
	{ 13, "HINFO" }, { 14, "MINFO" }, { 15, "MX" }, { 16, "TXT" }, { 17, "RP" },
	{ 18, "AFSDB" }, { 24, "SIG" }, { 25, "KEY" }, { 28, "AAAA" }, { 29, "LOC" },
	{ 33, "SRV" }, { 35, "NAPTR" }, { 36, "KX" }, { 37, "CERT" }, { 39, "DNAME" },
	{ 41, "OPT" }, { 42, "APL" }, { 43, "DS" }, { 44, "SSHFP" }, { 46, "RRSIG" },
	{ 47, "NSEC" }, { 48, "DNSKEY" }, { 50, "NSEC3" }, { 51, "NSEC3PARAM" },
	{ 52, "TLSA" }, { 64, "SVCB" }, { 65, "HTTPS" }, { 99, "SPF" }, { 249, "TKEY" },
	{ 250, "TSIG" }, { 251, "IXFR" }, { 252, "AXFR" }, { 255, "ANY" }, { 257, "CAA" },
};

const char *dns_type_name(uint16_t type, char buf[16])
{
	for (size_t i = 0; i < sizeof dns_types / sizeof dns_types[0]; i++)
		if (dns_types[i].type == type)
			return dns_types[i].name;
	snprintf(buf, 16, "TYPE%u", type);   /* RFC 3597 §5 */
	return buf;
}

uint16_t dns_type_from_name(const char *s)
{
	for (size_t i = 0; i < sizeof dns_types / sizeof dns_types[0]; i++) {
		const char *n = dns_types[i].name;
		size_t k = 0;
		while (n[k] && lower((unsigned char)s[k]) == lower((unsigned char)n[k]))
			k++;
		if (!n[k] && !s[k])
			return dns_types[i].type;
	}
	if (lower((unsigned char)s[0]) == 't' && lower((unsigned char)s[1]) == 'y' &&
	    lower((unsigned char)s[2]) == 'p' && lower((unsigned char)s[3]) == 'e' &&
	    s[4] >= '0' && s[4] <= '9') {
		unsigned long v = 0;
		for (const char *p = s + 4; *p; p++) {
			if (*p < '0' || *p > '9')
				return 0;
			v = v * 10 + (unsigned long)(*p - '0');
			if (v > 65535)
				return 0;
		}
		return (uint16_t)v;
	}
	return 0;
}

const char *dns_rcode_name(unsigned rcode, char buf[16])
{
	/* BIND's rcode names (lib/dns/rcode.c), as dig's "status:" shows them. */
	static const char *const names[] = {
		"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
		"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
	};
	if (rcode < sizeof names / sizeof names[0])
		return names[rcode];
	snprintf(buf, 16, "RESERVED%u", rcode & 0xfff);   /* 12 bits with EDNS */
	return buf;
}

/* ------------------------------------------------------------- message */

struct dns_msg *dns_msg_new(void)
{
	struct dns_msg *m = calloc(1, sizeof *m);
	if (!m)
		abort();
	return m;
}

static unsigned rr_total(const struct dns_msg *m)
{
	return (unsigned)m->ancount + m->nscount + m->arcount;
}

void dns_msg_clear(struct dns_msg *m)
{
	unsigned n = rr_total(m);
	for (unsigned i = 0; i < n && i < DNS_MAX_RR; i++)
		if (m->rr[i].type == DNS_T_SOA)
			free(m->rr[i].d.soa);
	memset(m, 0, sizeof *m);
}

void dns_msg_free(struct dns_msg *m)
{
	if (!m)
		return;
	dns_msg_clear(m);
	free(m);
}

struct dns_rr *dns_msg_add_rr(struct dns_msg *m, enum dns_section sec, const char *name,
			      uint16_t type, uint32_t ttl)
{
	unsigned n = rr_total(m), at;

	if (n >= DNS_MAX_RR)
		return NULL;
	switch (sec) {
	case DNS_SEC_AN: at = m->ancount++; break;
	case DNS_SEC_NS: at = (unsigned)m->ancount + m->nscount++; break;
	default: at = n; m->arcount++; break;
	}
	memmove(&m->rr[at + 1], &m->rr[at], (n - at) * sizeof m->rr[0]);
	struct dns_rr *rr = &m->rr[at];
	memset(rr, 0, sizeof *rr);
	snprintf(rr->name, sizeof rr->name, "%s", name ? name : ".");
	rr->type = type;
	rr->klass = DNS_C_IN;
	rr->ttl = ttl;
	return rr;
}

struct dns_soa *dns_rr_soa(struct dns_rr *rr)
{
	if (!rr->d.soa) {
		rr->d.soa = calloc(1, sizeof *rr->d.soa);
		if (!rr->d.soa)
			abort();
	}
	return rr->d.soa;
}

/* --------------------------------------------------------------- parse */

struct rd {
	const uint8_t *b;
	size_t len;
	const char *why;
};

/* Read the name at *pos into out (presentation form) and move *pos past it
 * as it lies there (past the first pointer, if any).  RFC 1035 4.1.4: a
 * pointer is two bytes 11xxxxxx xxxxxxxx, "the offset from the start of the
 * message".  Every pointer must point before the start of the run of
 * labels it ends, so the runs followed have strictly falling offsets: no
 * loop can form, and the walk ends within len steps. */
static int rd_name(struct rd *r, size_t *pos, char out[DNS_NAME_TEXT])
{
	uint8_t w[NAME_WIRE_MAX];
	size_t p = *pos, run = *pos, n = 0;
	bool jumped = false;

	for (;;) {
		if (p >= r->len)
			goto truncated;
		unsigned c = r->b[p];
		if ((c & 0xc0) == 0xc0) {
			if (p + 1 >= r->len)
				goto truncated;
			size_t to = (size_t)(c & 0x3f) << 8 | r->b[p + 1];
			if (to >= run) {
				r->why = "bad compression pointer";
				return -1;
			}
			if (!jumped)
				*pos = p + 2;
			jumped = true;
			p = run = to;
			continue;
		}
		if (c & 0xc0) {             /* 01: extended (RFC 6891 §5), 10: reserved */
			r->why = "bad label type";
			return -1;
		}
		if (n + 1 + c > NAME_WIRE_MAX) {
			r->why = "name too long";
			return -1;
		}
		if (p + 1 + c > r->len)
			goto truncated;
		memcpy(w + n, r->b + p, 1 + c);
		n += 1 + c;
		p += 1 + c;
		if (c == 0)
			break;
	}
	if (!jumped)
		*pos = p;
	name_from_wire(w, out, false);
	return 0;
truncated:
	r->why = "truncated";
	return -1;
}

static bool need(struct rd *r, size_t pos, size_t n)
{
	if (pos > r->len || r->len - pos < n) {
		r->why = "truncated";
		return false;
	}
	return true;
}

/* TXT RDATA (RFC 1035 3.3.14): one or more <character-string>s, a length
 * byte and that many bytes each, filling RDLENGTH exactly. */
static int rd_txt(struct rd *r, size_t p, size_t end, struct dns_rr *rr)
{
	if (p == end) {
		r->why = "bad TXT record";
		return -1;
	}
	unsigned first = r->b[p];
	if (p + 1 + first > end) {
		r->why = "bad TXT record";
		return -1;
	}
	memcpy(rr->d.txt, r->b + p + 1, first);
	rr->d.txt[first] = '\0';
	for (size_t q = p; q < end; q += 1 + (size_t)r->b[q])
		if (q + 1 + r->b[q] > end) {
			r->why = "bad TXT record";
			return -1;
		}
	return 0;
}

/* The RDATA of rr at [p, p + rdlen).  A decoded type must use exactly
 * RDLENGTH bytes (BIND: "extra input data" / "unexpected end of input"). */
static int rd_rdata(struct rd *r, size_t p, struct dns_rr *rr)
{
	size_t end = p + rr->rdlen, q = p;

	switch (rr->type) {
	case DNS_T_A:
		if (rr->rdlen != 4)
			goto bad_len;
		rr->d.a = rd_be32(r->b + p);
		q = end;
		break;
	case DNS_T_AAAA:
		if (rr->rdlen != 16)
			goto bad_len;
		memcpy(rr->d.aaaa, r->b + p, 16);
		q = end;
		break;
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		if (rd_name(r, &q, rr->d.target) < 0)
			return -1;
		break;
	case DNS_T_MX:
		if (rr->rdlen < 2)
			goto bad_len;
		rr->d.mx.pref = rd_be16(r->b + p);
		q += 2;
		if (rd_name(r, &q, rr->d.mx.exchange) < 0)
			return -1;
		break;
	case DNS_T_SRV:
		if (rr->rdlen < 6)
			goto bad_len;
		rr->d.srv.prio = rd_be16(r->b + p);
		rr->d.srv.weight = rd_be16(r->b + p + 2);
		rr->d.srv.port = rd_be16(r->b + p + 4);
		q += 6;
		if (rd_name(r, &q, rr->d.srv.target) < 0)
			return -1;
		break;
	case DNS_T_SOA: {
		struct dns_soa *soa = dns_rr_soa(rr);
		if (rd_name(r, &q, soa->mname) < 0 || rd_name(r, &q, soa->rname) < 0)
			return -1;
		if (q > end || end - q < 20)
			goto bad_len;
		soa->serial = rd_be32(r->b + q);
		soa->refresh = rd_be32(r->b + q + 4);
		soa->retry = rd_be32(r->b + q + 8);
		soa->expire = rd_be32(r->b + q + 12);
		soa->minimum = rd_be32(r->b + q + 16);
		q += 20;
		break;
	}
	case DNS_T_TXT:
		if (rd_txt(r, p, end, rr) < 0)
			return -1;
		q = end;
		break;
	default:
		if (rr->rdlen > sizeof rr->rdata) {
			r->why = "rdata too long";
			return -1;
		}
		q = end;
		break;
	}
	/* A name inside RDATA was read from the whole message (a pointer
	 * may lead out of the record); where it ends must be the end. */
	if (q != end)
		goto bad_len;
	/* Kept as it came when it fits rdata[] (always, for the types not
	 * decoded); a longer TXT or SOA keeps only its decoded form, rdlen 0,
	 * so that rdlen never exceeds what rdata holds. */
	if (rr->rdlen > sizeof rr->rdata)
		rr->rdlen = 0;
	memcpy(rr->rdata, r->b + p, rr->rdlen);
	return 0;
bad_len:
	r->why = "bad rdata length";
	return -1;
}

int dns_parse(const uint8_t *b, size_t len, struct dns_msg *m, const char **why)
{
	struct rd r = { .b = b, .len = len, .why = NULL };
	size_t p = DNS_HLEN;
	unsigned an, ns, ar;

	dns_msg_clear(m);
	if (len < DNS_HLEN) {
		r.why = "truncated";
		goto fail;
	}
	m->id = rd_be16(b);
	m->flags = rd_be16(b + 2);
	m->qdcount = rd_be16(b + 4);
	an = rd_be16(b + 6);
	ns = rd_be16(b + 8);
	ar = rd_be16(b + 10);
	if (m->qdcount > DNS_MAX_QD || an + ns + ar > DNS_MAX_RR) {
		m->qdcount = 0;
		r.why = "too many records";
		goto fail;
	}
	for (unsigned i = 0; i < m->qdcount; i++) {
		struct dns_question *q = &m->qd[i];
		if (rd_name(&r, &p, q->name) < 0 || !need(&r, p, 4))
			goto fail;
		q->type = rd_be16(b + p);
		q->klass = rd_be16(b + p + 2);
		p += 4;
	}
	/* Count a section's records as they are read, so that dns_msg_clear
	 * finds exactly the SOA data allocated so far if we fail. */
	uint16_t *cnt[3] = { &m->ancount, &m->nscount, &m->arcount };
	unsigned want[3] = { an, ns, ar };
	for (unsigned s = 0; s < 3; s++) {
		for (unsigned i = 0; i < want[s]; i++) {
			/* RFC 2181 9: a truncated answer may end early; keep the
			 * records that came whole, with TC telling the rest. */
			if (p == len && (m->flags & DNS_F_TC))
				goto done;
			struct dns_rr *rr = &m->rr[rr_total(m)];
			memset(rr, 0, sizeof *rr);
			(*cnt[s])++;
			if (rd_name(&r, &p, rr->name) < 0 || !need(&r, p, 10))
				goto fail;
			rr->type = rd_be16(b + p);
			rr->klass = rd_be16(b + p + 2);
			rr->ttl = rd_be32(b + p + 4);
			rr->rdlen = rd_be16(b + p + 8);
			p += 10;
			size_t rdlen = rr->rdlen;
			if (!need(&r, p, rdlen) || rd_rdata(&r, p, rr) < 0)
				goto fail;
			p += rdlen;
		}
	}
done:
	return 0;
fail:
	if (why)
		*why = r.why;
	dns_msg_clear(m);
	return -1;
}

/* ---------------------------------------------------------------- emit */

#define EMIT_PTRS 512

/* The output, with where each name (suffix) written so far begins: the
 * places later names may point to. */
struct em {
	uint8_t *b;
	size_t cap, n;
	bool err;                       /* out of room, or bad */
	bool bad;                       /* a record that cannot be written at all */
	unsigned nptrs;
	uint16_t ptrs[EMIT_PTRS];
};

static void put(struct em *e, const void *p, size_t n)
{
	if (e->err || e->cap - e->n < n) {
		e->err = true;
		return;
	}
	memcpy(e->b + e->n, p, n);
	e->n += n;
}

static void put16(struct em *e, uint16_t v)
{
	uint8_t x[2];
	wr_be16(x, v);
	put(e, x, 2);
}

static void put32(struct em *e, uint32_t v)
{
	uint8_t x[4];
	wr_be32(x, v);
	put(e, x, 4);
}

/* Does the name written at off in our own output (pointers followed: we
 * wrote them, they are sound) equal the wire name w, byte for byte?  Case
 * counts here, as named renders answers (dns_compress_setsensitive, unless
 * the no-case-compress ACL says otherwise): a
 * pointer must not change the letters of a name a client will compare
 * with what it asked (the 0x20 trick of draft-vixie-dnsext-dns0x20). */
static bool out_eq(const struct em *e, size_t off, const uint8_t *w)
{
	for (;;) {
		unsigned c = e->b[off];
		if ((c & 0xc0) == 0xc0) {
			off = (size_t)(c & 0x3f) << 8 | e->b[off + 1];
			continue;
		}
		if (c != *w)
			return false;
		if (c == 0)
			return true;
		if (memcmp(e->b + off + 1, w + 1, c) != 0)
			return false;
		off += c + 1;
		w += c + 1;
	}
}

/* Write the name `text`.  With compress, the longest suffix already in the
 * message becomes a pointer to it (RFC 1035 4.1.4).  Either way the labels
 * written here become places that later names can point to. */
static void put_name(struct em *e, const char *text, bool compress)
{
	uint8_t w[NAME_WIRE_MAX];
	size_t wl = name_to_wire(text, w), i, start = e->n;
	int to = -1;

	if (wl == 0) {
		e->err = e->bad = true;
		return;
	}
	for (i = 0; w[i] != 0; i += (size_t)w[i] + 1) {
		for (unsigned k = 0; compress && k < e->nptrs && to < 0; k++)
			if (out_eq(e, e->ptrs[k], w + i))
				to = e->ptrs[k];
		if (to >= 0)
			break;
	}
	if (to >= 0) {
		put(e, w, i);               /* the labels before the suffix */
		put16(e, (uint16_t)(0xc000 | to));
	} else {
		put(e, w, wl);
	}
	if (e->err)
		return;
	/* i: the bytes of labels written out here; each may be pointed to. */
	for (size_t j = 0; j < i && e->nptrs < EMIT_PTRS; j += (size_t)w[j] + 1)
		if (start + j <= PTR_MAX)
			e->ptrs[e->nptrs++] = (uint16_t)(start + j);
}

/* Is the TXT record's RDATA (as parsed) still what d.txt says?  Then it is
 * written as it came, every character-string kept; a record built by hand
 * (rdlen 0) or whose d.txt was changed is written from d.txt. */
static bool txt_raw_ok(const struct dns_rr *rr)
{
	size_t n = rr->rdlen;

	if (n == 0 || n > sizeof rr->rdata)
		return false;
	for (size_t q = 0; q < n; q += 1 + (size_t)rr->rdata[q])
		if (q + 1 + rr->rdata[q] > n)
			return false;
	size_t first = rr->rdata[0];
	return strnlen((const char *)rr->rdata + 1, first) == strlen(rr->d.txt) &&
	       memcmp(rr->rdata + 1, rr->d.txt, strlen(rr->d.txt)) == 0 &&
	       (strlen(rr->d.txt) == first || rr->rdata[1 + strlen(rr->d.txt)] == 0);
}

/* One resource record (RFC 1035 4.1.3).  RFC 3597 §4: names in the RDATA
 * of the RFC 1035 types (NS, CNAME, SOA, PTR, MX) may be compressed; "the
 * target" of SRV "MUST NOT" be (RFC 2782), nor any name of a later type. */
static void put_rr(struct em *e, const struct dns_rr *rr)
{
	put_name(e, rr->type == DNS_T_OPT && !rr->name[0] ? "." : rr->name, true);
	put16(e, rr->type);
	put16(e, rr->klass);
	put32(e, rr->ttl);
	size_t at = e->n;
	put16(e, 0);                        /* RDLENGTH, filled in below */
	switch (rr->type) {
	case DNS_T_A:
		put32(e, rr->d.a);
		break;
	case DNS_T_AAAA:
		put(e, rr->d.aaaa, 16);
		break;
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		put_name(e, rr->d.target, true);
		break;
	case DNS_T_MX:
		put16(e, rr->d.mx.pref);
		put_name(e, rr->d.mx.exchange, true);
		break;
	case DNS_T_SRV:
		put16(e, rr->d.srv.prio);
		put16(e, rr->d.srv.weight);
		put16(e, rr->d.srv.port);
		put_name(e, rr->d.srv.target, false);
		break;
	case DNS_T_SOA:
		if (!rr->d.soa) {
			e->err = e->bad = true;
			return;
		}
		put_name(e, rr->d.soa->mname, true);
		put_name(e, rr->d.soa->rname, true);
		put32(e, rr->d.soa->serial);
		put32(e, rr->d.soa->refresh);
		put32(e, rr->d.soa->retry);
		put32(e, rr->d.soa->expire);
		put32(e, rr->d.soa->minimum);
		break;
	case DNS_T_TXT:
		if (txt_raw_ok(rr)) {
			put(e, rr->rdata, rr->rdlen);
		} else {
			size_t n = strnlen(rr->d.txt, sizeof rr->d.txt - 1);
			uint8_t len = (uint8_t)n;
			put(e, &len, 1);
			put(e, rr->d.txt, n);
		}
		break;
	default:
		if (rr->rdlen > sizeof rr->rdata) {
			e->err = e->bad = true;
			return;
		}
		put(e, rr->rdata, rr->rdlen);
		break;
	}
	if (!e->err)
		wr_be16(e->b + at, (uint16_t)(e->n - at - 2));
}

static void put_header(struct em *e, const struct dns_msg *m, uint16_t flags, unsigned an,
		       unsigned ns, unsigned ar)
{
	uint8_t h[DNS_HLEN];
	wr_be16(h, m->id);
	wr_be16(h + 2, flags);
	wr_be16(h + 4, m->qdcount);
	wr_be16(h + 6, (uint16_t)an);
	wr_be16(h + 8, (uint16_t)ns);
	wr_be16(h + 10, (uint16_t)ar);
	if (e->n == 0)
		put(e, h, sizeof h);
	else
		memcpy(e->b, h, sizeof h);
}

/* The common body of dns_emit (trunc false: all or nothing) and
 * dns_emit_udp (trunc true). */
static int emit(const struct dns_msg *m, uint8_t *buf, size_t cap, bool trunc)
{
	struct em *e = malloc(sizeof *e);
	unsigned total = rr_total(m), kept[3] = { 0, 0, 0 };
	uint16_t flags = m->flags;
	size_t opt_room = 0;
	int ret = -1;

	if (!e)
		abort();
	e->b = buf;
	e->cap = cap;
	e->n = 0;
	e->err = false;
	e->bad = false;
	e->nptrs = 0;
	if (m->qdcount > DNS_MAX_QD || total > DNS_MAX_RR)
		goto out;
	put_header(e, m, flags, 0, 0, 0);
	for (unsigned i = 0; i < m->qdcount; i++) {
		put_name(e, m->qd[i].name, true);
		put16(e, m->qd[i].type);
		put16(e, m->qd[i].klass);
	}
	if (e->err)
		goto out;
	/* RFC 6891 §7: a truncated answer still carries the OPT record, so
	 * room is kept for it (it is last: it compresses nothing). */
	if (trunc)
		for (unsigned i = (unsigned)m->ancount + m->nscount; i < total; i++)
			if (m->rr[i].type == DNS_T_OPT)
				opt_room += 11 + (size_t)m->rr[i].rdlen;
	if (opt_room >= cap)
		opt_room = 0;
	for (unsigned i = 0; i < total; i++) {
		const struct dns_rr *rr = &m->rr[i];
		unsigned sec = i < m->ancount ? 0 : i < (unsigned)m->ancount + m->nscount ? 1 : 2;
		if (trunc && sec == 2 && rr->type == DNS_T_OPT)
			continue;
		size_t n0 = e->n;
		unsigned p0 = e->nptrs;
		e->cap = cap - opt_room;
		put_rr(e, rr);
		if (!e->err) {
			kept[sec]++;
			continue;
		}
		if (!trunc || e->bad)
			goto out;       /* an invalid record is no reason for TC */
		/* Drop this record and the rest.  RFC 2181 9: TC only when
		 * the answer or authority lost something; an additional
		 * record that does not fit is just left out. */
		e->n = n0;
		e->nptrs = p0;
		e->err = false;
		if (sec < 2)
			flags |= DNS_F_TC;
		break;
	}
	e->cap = cap;
	if (trunc)
		for (unsigned i = (unsigned)m->ancount + m->nscount; i < total; i++)
			if (m->rr[i].type == DNS_T_OPT) {
				put_rr(e, &m->rr[i]);
				kept[2]++;
			}
	if (e->err)
		goto out;
	put_header(e, m, flags, kept[0], kept[1], kept[2]);
	ret = (int)e->n;
out:
	free(e);
	return ret;
}

int dns_emit(const struct dns_msg *m, uint8_t *buf, size_t cap)
{
	return emit(m, buf, cap, false);
}

int dns_emit_udp(const struct dns_msg *m, uint8_t *buf, size_t limit)
{
	return emit(m, buf, limit, true);
}

/* ----------------------------------------------------------- rdata text */

struct tx {
	char *o;
	size_t cap, n;
};

static void tx_printf(struct tx *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tx_printf(struct tx *t, const char *fmt, ...)
{
	va_list ap;
	if (t->n >= t->cap)
		return;
	va_start(ap, fmt);
	int k = vsnprintf(t->o + t->n, t->cap - t->n, fmt, ap);
	va_end(ap);
	if (k > 0)
		t->n = t->n + (size_t)k < t->cap ? t->n + (size_t)k : t->cap - 1;
}

/* A name as dig prints it: absolute, escaped (whatever escapes the caller
 * used), letters as stored. */
static void tx_name(struct tx *t, const char *name)
{
	uint8_t w[NAME_WIRE_MAX];
	char s[DNS_NAME_TEXT];

	if (name_to_wire(name, w) == 0) {
		tx_printf(t, "%s", name);
		return;
	}
	name_from_wire(w, s, false);
	tx_printf(t, "%s", s);
}

/* One <character-string> as BIND's txt_totext writes it in quotes: '"'
 * and '\' get a backslash, bytes outside printable ASCII are \DDD. */
static void tx_string(struct tx *t, const uint8_t *s, size_t n)
{
	tx_printf(t, "\"");
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] >= 0x7f)
			tx_printf(t, "\\%03u", s[i]);
		else if (s[i] == '"' || s[i] == '\\')
			tx_printf(t, "\\%c", s[i]);
		else
			tx_printf(t, "%c", s[i]);
	}
	tx_printf(t, "\"");
}

void dns_rdata_text(const struct dns_rr *rr, char *out, size_t cap)
{
	struct tx t = { .o = out, .cap = cap, .n = 0 };
	char a6[64];

	if (cap == 0)
		return;
	out[0] = '\0';
	switch (rr->type) {
	case DNS_T_A:
		tx_printf(&t, "%s", ipv4_addr_str(rr->d.a, (char[IPV4_ADDR_STRLEN]){ 0 }));
		return;
	case DNS_T_AAAA:
		inet_ntop(AF_INET6, rr->d.aaaa, a6, sizeof a6);
		tx_printf(&t, "%s", a6);
		return;
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		tx_name(&t, rr->d.target);
		return;
	case DNS_T_MX:
		tx_printf(&t, "%u ", rr->d.mx.pref);
		tx_name(&t, rr->d.mx.exchange);
		return;
	case DNS_T_SRV:
		tx_printf(&t, "%u %u %u ", rr->d.srv.prio, rr->d.srv.weight, rr->d.srv.port);
		tx_name(&t, rr->d.srv.target);
		return;
	case DNS_T_SOA:
		if (!rr->d.soa)
			return;
		tx_name(&t, rr->d.soa->mname);
		tx_printf(&t, " ");
		tx_name(&t, rr->d.soa->rname);
		tx_printf(&t, " %u %u %u %u %u", rr->d.soa->serial, rr->d.soa->refresh,
			  rr->d.soa->retry, rr->d.soa->expire, rr->d.soa->minimum);
		return;
	case DNS_T_TXT:
		if (txt_raw_ok(rr)) {
			for (size_t q = 0; q < rr->rdlen; q += 1 + (size_t)rr->rdata[q]) {
				if (q)
					tx_printf(&t, " ");
				tx_string(&t, rr->rdata + q + 1, rr->rdata[q]);
			}
		} else {
			tx_string(&t, (const uint8_t *)rr->d.txt, strlen(rr->d.txt));
		}
		return;
	default:
		/* RFC 3597 §5: "\#", the length, the RDATA in hex; dig
		 * breaks the hex into words of 28 bytes. */
		tx_printf(&t, "\\# %u", rr->rdlen);
		for (size_t i = 0; i < rr->rdlen && i < sizeof rr->rdata; i++)
			tx_printf(&t, i % 28 ? "%02X" : " %02X", rr->rdata[i]);
		return;
	}
}
