/* dns.h — DNS messages (RFC 1035 §4.1; AAAA RFC 3596; SRV RFC 2782; OPT
 * RFC 6891), parsed into a plain structure and written back.
 *
 *   Header: ID | QR OPCODE AA TC RD RA Z AD CD RCODE | QD AN NS AR counts
 *   then the question section and three sections of resource records.
 *
 * Names are kept in presentation form, as dig prints them: absolute, with
 * the trailing dot ("www.example.com.", the root is "."), letters as they
 * came (compare with dns_name_eq(), which ignores ASCII case).  Label bytes
 * are escaped as BIND's dns_name_totext() does: the characters that mean
 * something in a zone file, " ( ) . ; \ @ $, get a backslash ("a\.b",
 * "\\"), other printable ASCII stays, anything else is "\DDD" (space is
 * "\032"), so every wire name has exactly one text form and back.  Names
 * handed in may use any escape ("\046" for '.') and may omit the final
 * dot.
 *
 * The parser is for untrusted bytes (a learner's or a fuzzer's): it
 * follows compression pointers only backwards (a pointer must point before
 * the run of labels it ends, so no loop can form), caps a name at 255
 * wire bytes and a label at 63, every read is bounds-checked, and a
 * message with more records than DNS_MAX_RR is refused rather than cut.
 * fuzz/fuzz_dns.c checks that whatever it accepts is written back and
 * parsed again to the same message.
 */
#ifndef WL_WIRE_DNS_H
#define WL_WIRE_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_PORT 53
#define DNS_HLEN 12
#define DNS_UDP_MAX 512                 /* RFC 1035 4.2.1, without EDNS */
/* A name in presentation form: 255 wire bytes can need 4 text bytes each
 * (\DDD), plus the NUL. */
#define DNS_NAME_TEXT 1024
#define DNS_MAX_QD 4
#define DNS_MAX_RR 64                   /* answer + authority + additional */
#define DNS_TXT_MAX 256                 /* one character-string, with its NUL */

enum dns_type {
	DNS_T_A = 1, DNS_T_NS = 2, DNS_T_CNAME = 5, DNS_T_SOA = 6, DNS_T_PTR = 12,
	DNS_T_MX = 15, DNS_T_TXT = 16, DNS_T_AAAA = 28, DNS_T_SRV = 33, DNS_T_OPT = 41,
	DNS_T_ANY = 255,
};
#define DNS_C_IN 1

enum dns_rcode {
	DNS_R_NOERROR = 0, DNS_R_FORMERR = 1, DNS_R_SERVFAIL = 2, DNS_R_NXDOMAIN = 3,
	DNS_R_NOTIMP = 4, DNS_R_REFUSED = 5,
};

/* The flag bits of the header's second 16-bit word (host order). */
#define DNS_F_QR 0x8000
#define DNS_F_OPCODE_MASK 0x7800
#define DNS_F_AA 0x0400
#define DNS_F_TC 0x0200
#define DNS_F_RD 0x0100
#define DNS_F_RA 0x0080
#define DNS_F_AD 0x0020
#define DNS_F_CD 0x0010
#define DNS_F_RCODE_MASK 0x000f

struct dns_question {
	char name[DNS_NAME_TEXT];
	uint16_t type, klass;
};

struct dns_soa {
	char mname[DNS_NAME_TEXT], rname[DNS_NAME_TEXT];
	uint32_t serial, refresh, retry, expire, minimum;
};

struct dns_rr {
	char name[DNS_NAME_TEXT];
	uint16_t type;
	uint16_t klass;                 /* OPT: the requestor's UDP payload size */
	uint32_t ttl;                   /* OPT: extended rcode, version, DO flag */
	union {
		uint32_t a;             /* A, host order */
		uint8_t aaaa[16];
		char target[DNS_NAME_TEXT];     /* NS, CNAME, PTR */
		struct dns_soa *soa;    /* SOA (owned by the message: see dns_msg_clear) */
		struct { uint16_t pref; char exchange[DNS_NAME_TEXT]; } mx;
		struct { uint16_t prio, weight, port; char target[DNS_NAME_TEXT]; } srv;
		char txt[DNS_TXT_MAX];  /* TXT: the first character-string only */
	} d;
	/* Any type: the RDATA as it came (for types not decoded above, and for
	 * OPT).  Emitting a type not decoded above writes these bytes.
	 * rdlen never exceeds sizeof rdata: a type not decoded with longer
	 * RDATA is refused ("rdata too long"); a longer TXT or SOA keeps only
	 * its decoded form, with rdlen 0.  TXT: a parsed record keeps all its
	 * character-strings here and is written (and printed) from them while
	 * d.txt is still their first; one built by hand (rdlen 0), or whose
	 * d.txt was changed, is written as the one string d.txt. */
	uint16_t rdlen;
	uint8_t rdata[512];
};

struct dns_msg {
	uint16_t id;
	uint16_t flags;                 /* DNS_F_* and the rcode in the low 4 bits */
	uint16_t qdcount, ancount, nscount, arcount;
	struct dns_question qd[DNS_MAX_QD];
	/* answers rr[0, ancount), authority [ancount, ancount+nscount),
	 * additional after those */
	struct dns_rr rr[DNS_MAX_RR];
};

static inline unsigned dns_rcode(const struct dns_msg *m) { return m->flags & DNS_F_RCODE_MASK; }
static inline unsigned dns_opcode(const struct dns_msg *m) { return (m->flags & DNS_F_OPCODE_MASK) >> 11; }

/* A heap message (it is big: keep it off small stacks), zeroed; and its
 * release, which frees SOA data too. */
struct dns_msg *dns_msg_new(void);
void dns_msg_free(struct dns_msg *m);
/* Empty m for reuse (frees SOA data). */
void dns_msg_clear(struct dns_msg *m);

/* Append a record to section an/ns/ar of m (keeping rr[] in section
 * order).  Returns the record to fill in (zeroed, klass IN), or NULL when
 * the message already holds DNS_MAX_RR records. */
enum dns_section { DNS_SEC_AN, DNS_SEC_NS, DNS_SEC_AR };
struct dns_rr *dns_msg_add_rr(struct dns_msg *m, enum dns_section sec, const char *name,
			      uint16_t type, uint32_t ttl);
/* Give an SOA record its data (allocated, owned by m). */
struct dns_soa *dns_rr_soa(struct dns_rr *rr);

/* Parse `len` bytes at b into m (which is cleared first).  Returns 0, or a
 * negative value with a short reason in why (may be NULL): "truncated",
 * "bad compression pointer", "name too long", "bad label type", "too many
 * records", "bad rdata length" (A not 4 bytes, AAAA not 16, a name in the
 * RDATA not ending where RDLENGTH does, ...), "bad TXT record", "rdata too
 * long".  With TC set, a message that ends between two records is taken
 * as it is, counts cut to the records present (RFC 2181 9); bytes after
 * the last record are ignored.  On failure m is left empty. */
int dns_parse(const uint8_t *b, size_t len, struct dns_msg *m, const char **why);

/* Write m into buf (at most cap bytes), compressing names against earlier
 * ones as named does: owner names, and names in the RDATA of NS, CNAME,
 * PTR, MX and SOA (RFC 3597 4), never an SRV target (RFC 2782), matching
 * bytes exactly so that letters come back as sent.  Returns the length, or
 * -1 when it does not fit in cap or a name is invalid (the caller
 * truncates: see dns_emit_udp). */
int dns_emit(const struct dns_msg *m, uint8_t *buf, size_t cap);
/* As a server answers over UDP: when the whole message does not fit in
 * `limit` bytes (512, or the client's EDNS size), as many whole records as
 * fit are kept, in order, and TC is set when an answer or authority
 * record was left out; additional records that do not fit are just left
 * out (RFC 2181 9), and an OPT record is always kept (RFC 6891 7).
 * Returns the length, or -1 when not even the question fits. */
int dns_emit_udp(const struct dns_msg *m, uint8_t *buf, size_t limit);

/* Names.  dns_name_eq ignores ASCII case.  dns_name_norm writes an
 * absolute, lower-cased copy of text (adding the final dot); false when
 * text is not a valid name (empty label, label over 63, over 255 bytes). */
bool dns_name_eq(const char *a, const char *b);
bool dns_name_norm(const char *text, char out[DNS_NAME_TEXT]);
/* Does name lie in or under zone ("a.b.example.com." under "example.com.")? */
bool dns_name_under(const char *name, const char *zone);
/* a.b.c.d -> "d.c.b.a.in-addr.arpa." (addr in host order). */
void dns_ptr_name(uint32_t addr, char out[DNS_NAME_TEXT]);

/* "A", "AAAA", ... or "TYPE65280" (RFC 3597); and back (case-insensitive;
 * 0 when unknown). */
const char *dns_type_name(uint16_t type, char buf[16]);
uint16_t dns_type_from_name(const char *s);
/* "NOERROR", "NXDOMAIN", ... as dig prints the status. */
const char *dns_rcode_name(unsigned rcode, char buf[16]);

/* The RDATA of rr in the text form dig prints in an ANSWER SECTION
 * ("10.0.0.1", "www.example.com.", "ns1.example.com. hostmaster.example.com.
 * 1 3600 600 86400 300", "\"text\"", "\# 4 0A000001" for unknown types). */
void dns_rdata_text(const struct dns_rr *rr, char *out, size_t cap);

#endif
