/* dns_zone.c — the DNS server's data: zones in zone-file terms, the
 * public-resolver table, and the authoritative lookup (RFC 1034 §4.3.2,
 * without delegations).
 *
 * Records are kept in plain arrays and searched linearly: a teaching zone
 * holds tens of names, and the order they were given in is the order they
 * are answered in (as BIND answers a zone file's RRset, before any
 * rrset-order shuffling).
 *
 * The made-up SOA of a zone given without one is
 *     <zone> <ttl> IN SOA ns.<zone> hostmaster.<zone> 1 3600 600 86400 300
 * the timers of BIND's own examples (refresh 1 hour, retry 10 minutes,
 * expire 1 day, negative TTL 5 minutes: RFC 2308 §5 suggests 1-3 hours for
 * the last, which a lesson would wait through).
 */
#include "proc/dns_server_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/die.h"

/* ---- configuration ---------------------------------------------------------- */

struct dns_server_conf *dns_conf_new(void)
{
	struct dns_server_conf *c = wl_calloc(1, sizeof *c);
	c->ttl = DNS_SERVER_DEFAULT_TTL;
	c->port = DNS_PORT;
	return c;
}

void dns_conf_free(struct dns_server_conf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_zones; i++) {
		struct dns_zone *z = c->zones[i];
		for (size_t j = 0; j < z->n; j++)
			free(z->rec[j]);
		free(z->rec);
		free(z);
	}
	free(c->zones);
	for (size_t i = 0; i < c->n_hosts; i++)
		free(c->hosts[i]);
	free(c->hosts);
	free(c);
}

void dns_conf_set_ttl(struct dns_server_conf *c, uint32_t ttl) { c->ttl = ttl; }
void dns_conf_set_port(struct dns_server_conf *c, uint16_t port) { c->port = port; }
void dns_conf_set_listen(struct dns_server_conf *c, uint32_t addr) { c->listen = addr; }
void dns_conf_set_ptr(struct dns_server_conf *c, bool on) { c->ptr = on; }

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

/* A host name as zone files hold them (RFC 952/1123 letters, digits and
 * hyphens, plus '_' for SRV owners such as _http._tcp, and '*' alone as the
 * first label of a wildcard).  Anything else is more likely a typo than a
 * name a lesson means. */
static bool name_chars_ok(const char *s, bool allow_wild)
{
	if (strcmp(s, ".") == 0)
		return true;
	size_t i = 0;
	if (allow_wild && s[0] == '*' && (s[1] == '.' || s[1] == '\0'))
		i = 1;
	for (; s[i]; i++) {
		char ch = s[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			  (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || ch == '.';
		if (!ok)
			return false;
	}
	return true;
}

/* A name of zone `origin` made absolute: "@" is the apex, a name ending in
 * '.' is absolute already, anything else is relative to the zone. */
static bool zone_name(const char *text, const char *origin, bool allow_wild,
		      char out[DNS_NAME_TEXT])
{
	if (origin && strcmp(text, "@") == 0)
		return dns_name_norm(origin, out);
	if (!text[0] || !name_chars_ok(text, allow_wild))
		return false;
	size_t len = strlen(text);
	if (text[len - 1] == '.' || !origin)
		return dns_name_norm(text, out);
	char full[2 * DNS_NAME_TEXT];
	snprintf(full, sizeof full, "%s.%s", text, strcmp(origin, ".") == 0 ? "" : origin);
	if (strlen(full) >= DNS_NAME_TEXT)
		return false;
	return dns_name_norm(full, out);
}

static struct dns_zone *find_zone(struct dns_server_conf *c, const char *origin)
{
	for (size_t i = 0; i < c->n_zones; i++)
		if (strcmp(c->zones[i]->origin, origin) == 0)
			return c->zones[i];
	return NULL;
}

int dns_conf_zone(struct dns_server_conf *c, const char *origin, char *err, size_t errlen)
{
	char o[DNS_NAME_TEXT];
	if (!origin[0] || origin[0] == '@' || !name_chars_ok(origin, false) ||
	    !dns_name_norm(origin, o))
		return fail(err, errlen, "bad zone name \"%s\": a domain name like \"example.com\" "
			    "is expected", origin);
	if (find_zone(c, o))
		return 0;
	struct dns_zone *z = wl_calloc(1, sizeof *z);
	snprintf(z->origin, sizeof z->origin, "%s", o);
	if (c->n_zones == c->cap_zones) {
		c->cap_zones = c->cap_zones ? 2 * c->cap_zones : 4;
		c->zones = wl_realloc(c->zones, c->cap_zones * sizeof *c->zones);
	}
	c->zones[c->n_zones++] = z;
	return 0;
}

static struct dnsz_rec *zone_add(struct dns_zone *z)
{
	if (z->n == z->cap) {
		z->cap = z->cap ? 2 * z->cap : 8;
		z->rec = wl_realloc(z->rec, z->cap * sizeof *z->rec);
	}
	struct dnsz_rec *r = wl_calloc(1, sizeof *r);
	r->rr.klass = DNS_C_IN;
	z->rec[z->n++] = r;
	return r;
}

/* Split s into at most max whitespace-separated words (in buf). */
static int split(const char *s, char *buf, size_t cap, char **words, int max)
{
	snprintf(buf, cap, "%s", s);
	int n = 0;
	char *save = NULL;
	for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (n == max)
			return max + 1;
		words[n++] = t;
	}
	return n;
}

static bool parse_u32(const char *s, uint32_t max, uint32_t *out)
{
	if (!s[0])
		return false;
	unsigned long long v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		v = v * 10 + (unsigned)(*p - '0');
		if (v > max)
			return false;
	}
	*out = (uint32_t)v;
	return true;
}

/* The RDATA of a record of `type` from its zone-file text. */
static int parse_rdata(struct dns_rr *rr, struct dns_soa *soa, uint16_t type, const char *text,
		       const char *origin, char *err, size_t errlen)
{
	char buf[1024];
	char *w[8];
	int n;
	uint32_t v[5];

	switch (type) {
	case DNS_T_A: {
		struct in_addr a;
		if (inet_pton(AF_INET, text, &a) != 1)
			return fail(err, errlen, "bad A address \"%s\": an IPv4 address like "
				    "\"10.0.0.80\" is expected", text);
		rr->d.a = ntohl(a.s_addr);
		return 0;
	}
	case DNS_T_AAAA:
		if (inet_pton(AF_INET6, text, rr->d.aaaa) != 1)
			return fail(err, errlen, "bad AAAA address \"%s\": an IPv6 address like "
				    "\"2001:db8::1\" is expected", text);
		return 0;
	case DNS_T_CNAME:
	case DNS_T_NS:
	case DNS_T_PTR:
		if (!zone_name(text, origin, false, rr->d.target))
			return fail(err, errlen, "bad %s target \"%s\": a host name is expected "
				    "(relative to the zone, or ending with '.')",
				    type == DNS_T_CNAME ? "CNAME" : type == DNS_T_NS ? "NS" : "PTR",
				    text);
		return 0;
	case DNS_T_MX:
		n = split(text, buf, sizeof buf, w, 2);
		if (n != 2 || !parse_u32(w[0], 65535, &v[0]) ||
		    !zone_name(w[1], origin, false, rr->d.mx.exchange))
			return fail(err, errlen, "bad MX data \"%s\": \"<preference> <mail host>\" "
				    "like \"10 mail\" is expected", text);
		rr->d.mx.pref = (uint16_t)v[0];
		return 0;
	case DNS_T_SRV:
		n = split(text, buf, sizeof buf, w, 4);
		if (n != 4 || !parse_u32(w[0], 65535, &v[0]) || !parse_u32(w[1], 65535, &v[1]) ||
		    !parse_u32(w[2], 65535, &v[2]) ||
		    !zone_name(w[3], origin, false, rr->d.srv.target))
			return fail(err, errlen, "bad SRV data \"%s\": \"<priority> <weight> <port> "
				    "<target>\" like \"0 100 80 web\" is expected", text);
		rr->d.srv.prio = (uint16_t)v[0];
		rr->d.srv.weight = (uint16_t)v[1];
		rr->d.srv.port = (uint16_t)v[2];
		return 0;
	case DNS_T_TXT:
		/* One character-string: at most 255 bytes (RFC 1035 3.3). */
		if (strlen(text) > 255)
			return fail(err, errlen, "TXT text too long (%zu bytes): at most 255 are "
				    "expected", strlen(text));
		snprintf(rr->d.txt, sizeof rr->d.txt, "%s", text);
		return 0;
	case DNS_T_SOA:
		n = split(text, buf, sizeof buf, w, 7);
		if (n != 7 || !zone_name(w[0], origin, false, soa->mname) ||
		    !zone_name(w[1], origin, false, soa->rname) ||
		    !parse_u32(w[2], UINT32_MAX, &soa->serial) ||
		    !parse_u32(w[3], UINT32_MAX, &soa->refresh) ||
		    !parse_u32(w[4], UINT32_MAX, &soa->retry) ||
		    !parse_u32(w[5], UINT32_MAX, &soa->expire) ||
		    !parse_u32(w[6], UINT32_MAX, &soa->minimum))
			return fail(err, errlen, "bad SOA data \"%s\": \"<primary ns> <mailbox> "
				    "<serial> <refresh> <retry> <expire> <minimum>\" like \"ns1 "
				    "hostmaster 1 3600 600 86400 300\" is expected", text);
		return 0;
	default:
		return fail(err, errlen, "record type not supported");
	}
}

int dns_conf_record(struct dns_server_conf *c, const char *origin, const char *owner,
		    const char *type, const char *rdata, int64_t ttl, char *err, size_t errlen)
{
	char o[DNS_NAME_TEXT], name[DNS_NAME_TEXT];
	struct dns_zone *z = dns_name_norm(origin, o) ? find_zone(c, o) : NULL;
	if (!z)
		return fail(err, errlen, "no zone \"%s\"", origin);
	uint16_t t = dns_type_from_name(type);
	switch (t) {
	case DNS_T_A: case DNS_T_AAAA: case DNS_T_CNAME: case DNS_T_NS: case DNS_T_PTR:
	case DNS_T_MX: case DNS_T_TXT: case DNS_T_SRV: case DNS_T_SOA:
		break;
	default:
		return fail(err, errlen, "unknown record type \"%s\": A, AAAA, CNAME, NS, PTR, MX, "
			    "TXT, SRV or SOA is expected", type);
	}
	if (!zone_name(owner, z->origin, true, name))
		return fail(err, errlen, "bad name \"%s\": a name relative to the zone (\"www\"), "
			    "\"@\" for the zone itself, or an absolute name ending with '.' is "
			    "expected", owner);
	if (!dns_name_under(name, z->origin))
		return fail(err, errlen, "name %s is not in zone %s", name, z->origin);
	if (ttl > (int64_t)INT32_MAX)
		return fail(err, errlen, "bad TTL %lld: at most 2147483647 seconds is expected "
			    "(RFC 2181 8)", (long long)ttl);
	if (t == DNS_T_SOA) {
		struct dns_soa soa;
		memset(&soa, 0, sizeof soa);
		if (strcmp(name, z->origin) != 0)
			return fail(err, errlen, "an SOA record belongs at the zone's apex \"@\", "
				    "not at %s", name);
		if (parse_rdata(NULL, &soa, t, rdata, z->origin, err, errlen) != 0)
			return -1;
		z->soa = soa;
		z->soa_given = true;
		z->soa_ttl_default = ttl < 0;
		z->soa_ttl = ttl < 0 ? 0 : (uint32_t)ttl;
		return 0;
	}
	struct dns_rr rr;
	memset(&rr, 0, sizeof rr);
	if (parse_rdata(&rr, NULL, t, rdata, z->origin, err, errlen) != 0)
		return -1;
	/* RFC 1034 3.6.2: a CNAME owner holds no other data. */
	for (size_t i = 0; i < z->n; i++) {
		const struct dns_rr *e = &z->rec[i]->rr;
		if (strcmp(e->name, name) == 0 && (e->type == DNS_T_CNAME) != (t == DNS_T_CNAME))
			return fail(err, errlen, "%s already has %s data: a CNAME cannot live "
				    "beside other records (RFC 1034 3.6.2)", name,
				    e->type == DNS_T_CNAME ? "CNAME" : "other");
		if (strcmp(e->name, name) == 0 && t == DNS_T_CNAME)
			return fail(err, errlen, "%s already has a CNAME: a name has at most one",
				    name);
	}
	struct dnsz_rec *r = zone_add(z);
	r->rr = rr;
	snprintf(r->rr.name, sizeof r->rr.name, "%s", name);
	r->rr.type = t;
	r->rr.klass = DNS_C_IN;
	r->rr.ttl = ttl < 0 ? 0 : (uint32_t)ttl;
	r->ttl_default = ttl < 0;
	return 0;
}

int dns_conf_remove(struct dns_server_conf *c, const char *origin, const char *owner,
		    const char *type, char *err, size_t errlen)
{
	char o[DNS_NAME_TEXT], name[DNS_NAME_TEXT];
	struct dns_zone *z = dns_name_norm(origin, o) ? find_zone(c, o) : NULL;
	if (!z)
		return fail(err, errlen, "no zone \"%s\"", origin);
	if (!zone_name(owner, z->origin, true, name))
		return fail(err, errlen, "bad name \"%s\"", owner);
	uint16_t t = type ? dns_type_from_name(type) : 0;
	if (type && !t)
		return fail(err, errlen, "unknown record type \"%s\"", type);
	int removed = 0;
	size_t j = 0;
	for (size_t i = 0; i < z->n; i++) {
		struct dnsz_rec *r = z->rec[i];
		if (strcmp(r->rr.name, name) == 0 && (!t || r->rr.type == t)) {
			free(r);
			removed++;
		} else {
			z->rec[j++] = r;
		}
	}
	z->n = j;
	return removed;
}

int dns_conf_forward(struct dns_server_conf *c, uint32_t addr, char *err, size_t errlen)
{
	if (c->n_upstreams == DNS_SERVER_MAX_UPSTREAMS)
		return fail(err, errlen, "too many upstream servers: at most %d are used",
			    DNS_SERVER_MAX_UPSTREAMS);
	c->upstream[c->n_upstreams++] = addr;
	return 0;
}

int dns_conf_host(struct dns_server_conf *c, const char *name, uint32_t addr, char *err,
		  size_t errlen)
{
	char n[DNS_NAME_TEXT];
	if (!name[0] || !name_chars_ok(name, false) || !dns_name_norm(name, n) ||
	    strcmp(n, ".") == 0)
		return fail(err, errlen, "bad name \"%s\": a domain name like \"example.org\" is "
			    "expected", name);
	if (c->n_hosts == c->cap_hosts) {
		c->cap_hosts = c->cap_hosts ? 2 * c->cap_hosts : 8;
		c->hosts = wl_realloc(c->hosts, c->cap_hosts * sizeof *c->hosts);
	}
	struct dnsz_rec *r = wl_calloc(1, sizeof *r);
	snprintf(r->rr.name, sizeof r->rr.name, "%s", n);
	r->rr.type = DNS_T_A;
	r->rr.klass = DNS_C_IN;
	r->rr.d.a = addr;
	r->ttl_default = true;
	c->hosts[c->n_hosts++] = r;
	return 0;
}

/* label.name, when that is still a valid name (a long zone's made-up
 * names fall back to the zone's own). */
static void prefixed(char out[DNS_NAME_TEXT], const char *label, const char *name)
{
	size_t a = strlen(label), b = strcmp(name, ".") == 0 ? 0 : strlen(name);
	char tmp[DNS_NAME_TEXT];
	if (a + 1 + b < DNS_NAME_TEXT) {
		memcpy(tmp, label, a);
		tmp[a] = '.';
		memcpy(tmp + a + 1, name, b);
		tmp[a + 1 + b] = '\0';
		if (dns_name_norm(tmp, out))
			return;
	}
	memmove(out, name, strlen(name) + 1);
}

void dnsz_finish(struct dns_server_conf *c)
{
	for (size_t i = 0; i < c->n_zones; i++) {
		struct dns_zone *z = c->zones[i];
		for (size_t j = 0; j < z->n; j++)
			if (z->rec[j]->ttl_default)
				z->rec[j]->rr.ttl = c->ttl;
		if (z->soa_given) {
			if (z->soa_ttl_default)
				z->soa_ttl = c->ttl;
			continue;
		}
		/* A reload of a zone with a made-up SOA bumps its serial, as a
		 * zone file's editor must (secondaries compare serials). */
		uint32_t serial = z->soa.serial ? z->soa.serial + 1 : 1;
		prefixed(z->soa.mname, "ns", z->origin);
		prefixed(z->soa.rname, "hostmaster", z->origin);
		z->soa.serial = serial;
		z->soa.refresh = 3600;
		z->soa.retry = 600;
		z->soa.expire = 86400;
		z->soa.minimum = 300;
		z->soa_ttl = c->ttl;
	}
	for (size_t i = 0; i < c->n_hosts; i++)
		c->hosts[i]->rr.ttl = c->ttl;
}

/* ---- answering ---------------------------------------------------------------- */

bool dnsz_copy_rr(struct dns_msg *m, enum dns_section sec, const struct dns_rr *rr,
		  const char *owner, uint32_t ttl)
{
	struct dns_rr *o = dns_msg_add_rr(m, sec, owner, rr->type, ttl);
	if (!o)
		return false;
	o->klass = rr->klass;
	if (rr->type == DNS_T_SOA) {
		if (rr->d.soa)
			*dns_rr_soa(o) = *rr->d.soa;
	} else {
		memcpy(&o->d, &rr->d, sizeof o->d);
	}
	o->rdlen = rr->rdlen;
	if (rr->rdlen)
		memcpy(o->rdata, rr->rdata, rr->rdlen);
	return true;
}

const struct dns_zone *dnsz_zone_of(const struct dns_server_conf *c, const char *qname)
{
	const struct dns_zone *best = NULL;
	for (size_t i = 0; i < c->n_zones; i++) {
		const struct dns_zone *z = c->zones[i];
		if (dns_name_under(qname, z->origin) &&
		    (!best || strlen(z->origin) > strlen(best->origin)))
			best = z;
	}
	return best;
}

static void add_soa(struct dns_msg *r, enum dns_section sec, const struct dns_zone *z,
		    uint32_t ttl)
{
	struct dns_rr *o = dns_msg_add_rr(r, sec, z->origin, DNS_T_SOA, ttl);
	if (o)
		*dns_rr_soa(o) = z->soa;
}

/* Does name own records, or lie above some (an "empty non-terminal",
 * RFC 4592 2.2.2: it exists, so it is NODATA, not NXDOMAIN)? */
static bool name_exists(const struct dns_zone *z, const char *name)
{
	if (strcmp(name, z->origin) == 0)
		return true;
	for (size_t i = 0; i < z->n; i++)
		if (dns_name_under(z->rec[i]->rr.name, name))
			return true;
	return false;
}

/* RFC 4592 3.3.1: the wildcard that may answer for a name that does not
 * exist is "*." + its closest encloser (the longest existing ancestor). */
static bool wildcard_for(const struct dns_zone *z, const char *name, char out[DNS_NAME_TEXT])
{
	const char *p = name;
	while ((p = strchr(p, '.')) && p[1]) {
		p++;
		if (!dns_name_under(p, z->origin))
			return false;
		if (name_exists(z, p)) {
			if (strlen(p) + 3 > DNS_NAME_TEXT)
				return false;
			snprintf(out, DNS_NAME_TEXT, "*.%s", p);
			return true;
		}
	}
	return false;
}

#define CNAME_HOPS 16                   /* BIND gives up after 16 (MAX_RESTARTS 11 in 9.18) */

bool dnsz_lookup(const struct dns_server_conf *c, const char *qname, uint16_t qtype,
		 struct dns_msg *r, struct dnsz_result *res)
{
	char name[DNS_NAME_TEXT];
	memset(res, 0, sizeof *res);
	if (!dns_name_norm(qname, name))
		return false;
	const struct dns_zone *z = dnsz_zone_of(c, name);
	if (!z)
		return false;
	res->rcode = DNS_R_NOERROR;
	const char *owner = qname;     /* the first owner as the client spelled it */
	for (int hop = 0; hop < CNAME_HOPS; hop++) {
		res->zone = z;
		snprintf(res->last, sizeof res->last, "%s", name);
		/* The records at name, or at the wildcard standing in for it. */
		char look[DNS_NAME_TEXT];
		snprintf(look, sizeof look, "%s", name);
		if (!name_exists(z, name)) {
			if (!wildcard_for(z, name, look)) {
				res->rcode = DNS_R_NXDOMAIN;
				res->negative = true;
				add_soa(r, DNS_SEC_NS, z,
					z->soa_ttl < z->soa.minimum ? z->soa_ttl : z->soa.minimum);
				return true;
			}
			bool any = false;
			for (size_t i = 0; i < z->n; i++)
				any |= strcmp(z->rec[i]->rr.name, look) == 0;
			if (!any) {
				res->rcode = DNS_R_NXDOMAIN;
				res->negative = true;
				add_soa(r, DNS_SEC_NS, z,
					z->soa_ttl < z->soa.minimum ? z->soa_ttl : z->soa.minimum);
				return true;
			}
			res->wildcard = true;
		}
		size_t found = 0;
		const struct dns_rr *cname = NULL;
		bool apex = strcmp(look, z->origin) == 0;
		if (apex && (qtype == DNS_T_SOA || qtype == DNS_T_ANY)) {
			add_soa(r, DNS_SEC_AN, z, z->soa_ttl);
			found++;
		}
		for (size_t i = 0; i < z->n; i++) {
			const struct dns_rr *rr = &z->rec[i]->rr;
			if (strcmp(rr->name, look) != 0)
				continue;
			if (rr->type == qtype || qtype == DNS_T_ANY) {
				dnsz_copy_rr(r, DNS_SEC_AN, rr, owner, rr->ttl);
				found++;
			} else if (rr->type == DNS_T_CNAME) {
				cname = rr;
			}
		}
		if (found)
			return true;
		if (!cname) {
			/* NODATA (RFC 2308 2.2): NOERROR, the SOA in authority. */
			res->negative = true;
			add_soa(r, DNS_SEC_NS, z,
				z->soa_ttl < z->soa.minimum ? z->soa_ttl : z->soa.minimum);
			return true;
		}
		/* RFC 1034 4.3.2 step 3a: a CNAME: put it in the answer and go
		 * on with its target, inside our own data. */
		dnsz_copy_rr(r, DNS_SEC_AN, cname, owner, cname->ttl);
		snprintf(name, sizeof name, "%s", cname->d.target);
		owner = cname->d.target;
		z = dnsz_zone_of(c, name);
		if (!z) {
			/* Outside our zones: the client's resolver follows it. */
			snprintf(res->last, sizeof res->last, "%s", name);
			return true;
		}
	}
	/* A CNAME loop: BIND answers with what it has. */
	return true;
}

/* "80.0.0.10.in-addr.arpa." -> 10.0.0.80 */
static bool arpa_addr(const char *name, uint32_t *addr)
{
	unsigned b[4];
	char tail[32];
	if (sscanf(name, "%3u.%3u.%3u.%3u.%31s", &b[0], &b[1], &b[2], &b[3], tail) != 5 ||
	    strcmp(tail, "in-addr.arpa.") != 0 || b[0] > 255 || b[1] > 255 || b[2] > 255 ||
	    b[3] > 255)
		return false;
	char check[DNS_NAME_TEXT];
	*addr = b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0];
	dns_ptr_name(*addr, check);
	return strcmp(check, name) == 0;     /* no leading zeros, no fifth label */
}

static uint32_t countdown(uint32_t ttl, uint32_t elapsed_s)
{
	return ttl ? ttl - elapsed_s % ttl : 0;
}

bool dnsz_ptr(const struct dns_server_conf *c, const char *qname, struct dns_msg *r, bool *aa,
	      uint32_t elapsed_s)
{
	char name[DNS_NAME_TEXT];
	uint32_t addr;
	if (!dns_name_norm(qname, name) || !arpa_addr(name, &addr))
		return false;
	size_t found = 0;
	for (size_t i = 0; c->ptr && i < c->n_zones; i++) {
		const struct dns_zone *z = c->zones[i];
		for (size_t j = 0; j < z->n; j++) {
			const struct dns_rr *rr = &z->rec[j]->rr;
			if (rr->type != DNS_T_A || rr->d.a != addr || rr->name[0] == '*')
				continue;
			struct dns_rr *o = dns_msg_add_rr(r, DNS_SEC_AN, qname, DNS_T_PTR, rr->ttl);
			if (o)
				snprintf(o->d.target, sizeof o->d.target, "%s", rr->name);
			found++;
		}
	}
	*aa = found > 0;
	if (found)
		return true;
	for (size_t i = 0; i < c->n_hosts; i++) {
		const struct dns_rr *rr = &c->hosts[i]->rr;
		if (rr->d.a != addr)
			continue;
		struct dns_rr *o = dns_msg_add_rr(r, DNS_SEC_AN, qname, DNS_T_PTR,
						  countdown(rr->ttl, elapsed_s));
		if (o)
			snprintf(o->d.target, sizeof o->d.target, "%s", rr->name);
		found++;
	}
	return found > 0;
}

bool dnsz_table(const struct dns_server_conf *c, const char *qname, uint16_t qtype,
		struct dns_msg *r, uint32_t elapsed_s, bool *nodata)
{
	char name[DNS_NAME_TEXT];
	if (!dns_name_norm(qname, name))
		return false;
	size_t known = 0, found = 0;
	for (size_t i = 0; i < c->n_hosts; i++) {
		const struct dns_rr *rr = &c->hosts[i]->rr;
		if (strcmp(rr->name, name) != 0)
			continue;
		known++;
		if (qtype == DNS_T_A || qtype == DNS_T_ANY) {
			dnsz_copy_rr(r, DNS_SEC_AN, rr, qname, countdown(rr->ttl, elapsed_s));
			found++;
		}
	}
	if (!known)
		return false;
	*nodata = found == 0;
	if (found)
		return true;
	/* NODATA: a real resolver relays the SOA of the name's own zone; the
	 * table has no zones, so one is made up for the name's last two
	 * labels (example.org for api.example.org). */
	const char *dom = name;
	int dots = 0;
	for (const char *p = name + strlen(name) - 1; p > name; p--)
		if (p[-1] == '.' && ++dots == 2) {
			dom = p;
			break;
		}
	struct dns_rr *o = dns_msg_add_rr(r, DNS_SEC_NS, dom, DNS_T_SOA, countdown(300, elapsed_s));
	if (o) {
		struct dns_soa *s = dns_rr_soa(o);
		prefixed(s->mname, "ns1", dom);
		prefixed(s->rname, "hostmaster", dom);
		s->serial = 1;
		s->refresh = 3600;
		s->retry = 600;
		s->expire = 86400;
		s->minimum = 300;
	}
	return true;
}

void dnsz_root_soa(struct dns_msg *r, uint32_t elapsed_s)
{
	/* The root zone's SOA as 8.8.8.8 relays it with an NXDOMAIN for a name
	 * under no real TLD (serial of the day wirelab's clock starts on). */
	struct dns_rr *o = dns_msg_add_rr(r, DNS_SEC_NS, ".", DNS_T_SOA,
					  countdown(86400, elapsed_s));
	if (!o)
		return;
	struct dns_soa *s = dns_rr_soa(o);
	snprintf(s->mname, sizeof s->mname, "a.root-servers.net.");
	snprintf(s->rname, sizeof s->rname, "nstld.verisign-grs.com.");
	s->serial = 2025010100;
	s->refresh = 1800;
	s->retry = 900;
	s->expire = 604800;
	s->minimum = 86400;
}
