/* dns_server.c — the DNS server process (see dns_server.h for what it
 * answers and in which order).
 *
 * One UDP socket on the service port takes the queries.  A forwarded query
 * gets its own socket on a random ephemeral port and a random ID (both from
 * the world's generator), as dnsmasq and BIND send them since the 2008
 * cache-poisoning attacks (RFC 5452 §9.2), and its own timer: no answer in
 * DNS_SERVER_UPSTREAM_TIMEOUT, or an ICMP port unreachable, or SERVFAIL or
 * REFUSED from the upstream, and the next upstream is asked; after the last
 * one the client gets SERVFAIL (BIND's `forward only`, CoreDNS's forward
 * plugin; dnsmasq stays silent and lets the client time out).
 *
 * Answers relayed from an upstream keep its flags (AA included: dnsmasq
 * relays them as they came) with RA set; answers from the cache are not
 * authoritative.  Every answer is built as a struct dns_msg and written by
 * dns_emit_udp(), which truncates and sets TC.
 */
#include "proc/dns_server.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stddef.h>
#include <strings.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/node.h"
#include "net/udp.h"
#include "proc/dns_server_int.h"
#include "proc/proc.h"
#include "util/die.h"
#include "util/units.h"

#define MAX_PENDING 150                 /* dnsmasq's dns-forward-max */
#define BUF_MAX 65535

static const struct proc_ops server_ops;

/* ---- small helpers ----------------------------------------------------------- */

static uint32_t elapsed_s(const struct dns_server *s)
{
	return (uint32_t)((s->node->w->now_ns - s->started_ns) / NS_PER_S);
}

/* A name as dnsmasq logs it: no final dot ("." for the root). */
static const char *log_name(const char *name, char out[DNS_NAME_TEXT])
{
	size_t len = strlen(name);
	snprintf(out, DNS_NAME_TEXT, "%s", name);
	if (len > 1 && out[len - 1] == '.')
		out[len - 1] = '\0';
	return out;
}

static const char *ip_text(uint32_t a, char buf[16])
{
	units_format_ipv4(a, buf);
	return buf;
}

static void decide(struct dns_server *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void decide(struct dns_server *s, const char *fmt, ...)
{
	struct world *w = s->node->w;
	if (!trace_wants(w, TR_DECISION))
		return;
	char text[480];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	trace_decision(w, s->node, NULL, NULL, TL_NONE, "dns", "%s", text);
}

/* The answer records as one line for the trace: "A 10.0.0.80, A 10.0.0.81". */
static void answers_text(const struct dns_msg *m, char *out, size_t cap)
{
	size_t o = 0;
	out[0] = '\0';
	for (unsigned i = 0; i < m->ancount && o + 1 < cap; i++) {
		char tb[16], data[DNS_NAME_TEXT + 64];
		dns_rdata_text(&m->rr[i], data, sizeof data);
		int k = snprintf(out + o, cap - o, "%s%s %s", i ? ", " : "",
				 dns_type_name(m->rr[i].type, tb), data);
		if (k < 0)
			break;
		o += (size_t)k;
	}
	if (o >= cap && cap > 4)
		memcpy(out + cap - 4, "...", 4);
}

/* "80.0.0.10.in-addr.arpa." -> "10.0.0.80" as dnsmasq logs a PTR. */
static bool arpa_text(const char *name, char out[DNS_NAME_TEXT])
{
	unsigned b[4];
	char tail[32];
	if (sscanf(name, "%3u.%3u.%3u.%3u.%31s", &b[0], &b[1], &b[2], &b[3], tail) != 5 ||
	    strcasecmp(tail, "in-addr.arpa.") != 0)
		return false;
	snprintf(out, DNS_NAME_TEXT, "%u.%u.%u.%u", b[3], b[2], b[1], b[0]);
	return true;
}

static bool has_soa(const struct dns_msg *m)
{
	for (unsigned i = m->ancount; i < (unsigned)m->ancount + m->nscount && i < DNS_MAX_RR; i++)
		if (m->rr[i].type == DNS_T_SOA)
			return true;
	return false;
}

/* The query log lines for answer m, from `src` ("config", "reply",
 * "cached"), in dnsmasq's words (cache.c log_query): one line per
 * answer, then NXDOMAIN or NODATA for the name the CNAME chain ended at. */
static void log_answer(struct dns_server *s, const char *src, const struct dns_msg *m)
{
	char n1[DNS_NAME_TEXT], n2[DNS_NAME_TEXT], tb[16];
	unsigned rcode = dns_rcode(m);
	if (rcode != DNS_R_NOERROR && rcode != DNS_R_NXDOMAIN) {
		proc_printf(s->proc, "%s error is %s\n", src, dns_rcode_name(rcode, tb));
		return;
	}
	const struct dns_question *q = &m->qd[0];
	char last[DNS_NAME_TEXT];
	snprintf(last, sizeof last, "%s", q->name);
	bool answered = false;
	for (unsigned i = 0; i < m->ancount; i++) {
		const struct dns_rr *rr = &m->rr[i];
		const char *owner = log_name(rr->name, n1);
		switch (rr->type) {
		case DNS_T_A: {
			char ip[16];
			proc_printf(s->proc, "%s %s is %s\n", src, owner, ip_text(rr->d.a, ip));
			break;
		}
		case DNS_T_AAAA: {
			char ip6[INET6_ADDRSTRLEN];
			inet_ntop(AF_INET6, rr->d.aaaa, ip6, sizeof ip6);
			proc_printf(s->proc, "%s %s is %s\n", src, owner, ip6);
			break;
		}
		case DNS_T_PTR:
			if (arpa_text(rr->name, n1)) {
				proc_printf(s->proc, "%s %s is %s\n", src, n1, log_name(rr->d.target, n2));
				break;
			}
			/* fall through */
		default:
			proc_printf(s->proc, "%s %s is <%s>\n", src, owner,
				    dns_type_name(rr->type, tb));
		}
		if (rr->type == DNS_T_CNAME && dns_name_eq(rr->name, last))
			snprintf(last, sizeof last, "%s", rr->d.target);
		if (rr->type == q->type || q->type == DNS_T_ANY)
			answered = true;
	}
	if (rcode == DNS_R_NXDOMAIN)
		proc_printf(s->proc, "%s %s is NXDOMAIN\n", src, log_name(last, n1));
	else if (!answered && (m->ancount == 0 || has_soa(m)))
		proc_printf(s->proc, "%s %s is NODATA\n", src, log_name(last, n1));
}

/* ---- answering ------------------------------------------------------------ */

/* r := the header and question of an answer to q. */
static void answer_init(struct dns_msg *r, const struct dns_msg *q, uint16_t flags)
{
	dns_msg_clear(r);
	r->id = q->id;
	r->flags = (uint16_t)(DNS_F_QR | (q->flags & (DNS_F_OPCODE_MASK | DNS_F_RD | DNS_F_CD)) |
			      flags);
	r->qdcount = 1;
	r->qd[0] = q->qd[0];
}

static void set_rcode(struct dns_msg *r, unsigned rcode)
{
	r->flags = (uint16_t)((r->flags & ~DNS_F_RCODE_MASK) | rcode);
}

/* The client's EDNS UDP size (RFC 6891 6.2.3: below 512 counts as 512),
 * 0 without an OPT record. */
static uint16_t edns_size(const struct dns_msg *q)
{
	unsigned total = (unsigned)q->ancount + q->nscount + q->arcount;
	for (unsigned i = (unsigned)q->ancount + q->nscount; i < total && i < DNS_MAX_RR; i++)
		if (q->rr[i].type == DNS_T_OPT)
			return q->rr[i].klass < DNS_UDP_MAX ? DNS_UDP_MAX : q->rr[i].klass;
	return 0;
}

static void add_opt(struct dns_msg *r)
{
	struct dns_rr *o = dns_msg_add_rr(r, DNS_SEC_AR, ".", DNS_T_OPT, 0);
	if (o)
		o->klass = DNS_SERVER_EDNS_SIZE;
}

/* Send r to the client: within 512 bytes, or its EDNS size (at most ours),
 * truncated with TC when it does not fit (RFC 2181 9). */
static void send_answer(struct dns_server *s, struct dns_msg *r, uint16_t cedns,
			const struct dns_peer *to)
{
	if (cedns)
		add_opt(r);
	if (to->tcp) {
		/* RFC 7766: over TCP the whole answer, behind its length. */
		int n = dns_emit(r, s->buf, BUF_MAX);
		if (n >= DNS_HLEN)
			dns_tcp_send(to->tcp, s->buf, (size_t)n);
		return;
	}
	size_t limit = cedns ? (cedns < DNS_SERVER_EDNS_SIZE ? cedns : DNS_SERVER_EDNS_SIZE)
			     : DNS_UDP_MAX;
	int len = dns_emit_udp(r, s->buf, limit);
	if (len < DNS_HLEN)
		return;
	if (s->buf[2] & (DNS_F_TC >> 8)) {
		s->st.truncated++;
		decide(s, "answer does not fit in %zu bytes: truncated, TC set (the client may "
		       "ask again over TCP)", limit);
	}
	udp_sendto(s->sock, to->addr, to->port, s->buf, (uint32_t)len);
}

/* An error answer made of the header alone (the question could not be
 * read, or is not one we take). */
static void send_header_only(struct dns_server *s, const uint8_t *qb, unsigned rcode,
			     const struct dns_peer *to)
{
	uint8_t h[DNS_HLEN] = { 0 };
	h[0] = qb[0];
	h[1] = qb[1];
	/* QR, the opcode and RD as asked, the rcode; counts 0. */
	h[2] = (uint8_t)(0x80 | (qb[2] & 0x79));
	h[3] = (uint8_t)rcode;
	if (to->tcp)
		dns_tcp_send(to->tcp, h, sizeof h);
	else
		udp_sendto(s->sock, to->addr, to->port, h, sizeof h);
}

/* ---- forwarding ----------------------------------------------------------- */

static void fwd_recv(void *ctx, struct udp_sock *us, uint32_t src, uint16_t sport,
		     const uint8_t *data, uint32_t len);
static void fwd_err(void *ctx, struct udp_sock *us, uint32_t from, uint8_t type, uint8_t code);
static void fwd_timeout(struct world *w, struct ev *ev);

static void fwd_free(struct dns_server *s, struct dns_fwd *f)
{
	for (struct dns_fwd **pp = &s->pending; *pp; pp = &(*pp)->next)
		if (*pp == f) {
			*pp = f->next;
			s->n_pending--;
			break;
		}
	ev_cancel(s->node->w, &f->timer);
	if (f->sock)
		udp_close(f->sock);
	if (f->client.tcp)
		dns_tcp_release(f->client.tcp);
	free(f);
}

/* Ask upstream f->up; false when the query cannot be sent at all. */
static bool fwd_send(struct dns_server *s, struct dns_fwd *f)
{
	struct world *w = s->node->w;
	if (f->sock)
		udp_close(f->sock);
	f->sock = udp_bind(s->node, 0, 0, fwd_recv, fwd_err, f);
	if (!f->sock)
		return false;
	f->id = (uint16_t)rng_below(&w->rng, 65536);
	struct dns_msg *m = s->r;
	dns_msg_clear(m);
	m->id = f->id;
	/* RD: the upstream is a recursive resolver; CD passed on as asked. */
	m->flags = (uint16_t)(DNS_F_RD | (f->cflags & DNS_F_CD));
	m->qdcount = 1;
	m->qd[0] = f->q;
	add_opt(m);                      /* dnsmasq adds its own EDNS0 upstream */
	int len = dns_emit(m, s->buf, BUF_MAX);
	uint32_t up = s->conf->upstream[f->up];
	char ip[16], n[DNS_NAME_TEXT];
	ip_text(up, ip);
	if (len < 0 || udp_sendto(f->sock, up, DNS_PORT, s->buf, (uint32_t)len) != 0) {
		decide(s, "cannot send to upstream %s (no route)", ip);
		return false;
	}
	s->st.forwarded++;
	proc_printf(s->proc, "forwarded %s to %s\n", log_name(f->q.name, n), ip);
	ev_schedule(w, &f->timer, w->now_ns + DNS_SERVER_UPSTREAM_TIMEOUT);
	return true;
}

/* The client gets SERVFAIL: every upstream failed. */
static void fwd_servfail(struct dns_server *s, struct dns_fwd *f)
{
	struct dns_msg *r = s->r;
	dns_msg_clear(r);
	r->id = f->cid;
	r->flags = (uint16_t)(DNS_F_QR | DNS_F_RA | (f->cflags & (DNS_F_RD | DNS_F_CD)) |
			      DNS_R_SERVFAIL);
	r->qdcount = 1;
	r->qd[0] = f->q;
	s->st.servfail++;
	decide(s, "no upstream server answered %s: SERVFAIL", f->q.name);
	proc_printf(s->proc, "reply error is SERVFAIL\n");
	send_answer(s, r, f->cedns ? f->climit : 0, &f->client);
}

/* Upstream f->up failed (why): the next one, or SERVFAIL after the last. */
static void fwd_next(struct dns_server *s, struct dns_fwd *f, const char *why)
{
	char a[16], b[16];
	ev_cancel(s->node->w, &f->timer);
	while (++f->up < s->conf->n_upstreams) {
		decide(s, "%s %s: trying the next upstream, %s", why,
		       ip_text(s->conf->upstream[f->up - 1], a),
		       ip_text(s->conf->upstream[f->up], b));
		if (fwd_send(s, f))
			return;
	}
	decide(s, "%s %s, the last upstream", why, ip_text(s->conf->upstream[f->up - 1], a));
	fwd_servfail(s, f);
	fwd_free(s, f);
}

static void fwd_timeout(struct world *w, struct ev *ev)
{
	(void)w;
	struct dns_fwd *f = (struct dns_fwd *)((char *)ev - offsetof(struct dns_fwd, timer));
	fwd_next(f->srv, f, "no answer in 2 s from");
}

static void fwd_err(void *ctx, struct udp_sock *us, uint32_t from, uint8_t type, uint8_t code)
{
	(void)us, (void)from, (void)type, (void)code;
	struct dns_fwd *f = ctx;
	fwd_next(f->srv, f, "ICMP error (port unreachable?) from");
}

static void fwd_recv(void *ctx, struct udp_sock *us, uint32_t src, uint16_t sport,
		     const uint8_t *data, uint32_t len)
{
	(void)us;
	struct dns_fwd *f = ctx;
	struct dns_server *s = f->srv;
	struct world *w = s->node->w;
	struct dns_msg *m = s->q;
	const char *why = NULL;
	char ip[16], tb[16];
	uint32_t up = s->conf->upstream[f->up];
	/* RFC 5452 9.1: accept only the answer from the server asked, with
	 * the ID and the question sent. */
	if (src != up || sport != DNS_PORT) {
		pkt_drop(w, NULL, s->node, NULL, TL_NONE, DROP_DNS_MALFORMED,
			 "answer from %s:%u, but the query went to %s:53: ignored",
			 ip_text(src, ip), sport, ip_text(up, tb));
		return;
	}
	if (dns_parse(data, len, m, &why) != 0) {
		pkt_drop(w, NULL, s->node, NULL, TL_NONE, DROP_DNS_MALFORMED,
			 "malformed answer from upstream %s (%s): ignored", ip_text(src, ip),
			 why ? why : "bad message");
		return;
	}
	if (!(m->flags & DNS_F_QR) || m->id != f->id || m->qdcount != 1 ||
	    m->qd[0].type != f->q.type || !dns_name_eq(m->qd[0].name, f->q.name)) {
		pkt_drop(w, NULL, s->node, NULL, TL_NONE, DROP_DNS_MALFORMED,
			 "answer from %s does not match the query (ID %u, %s %s): ignored",
			 ip_text(src, ip), f->id, dns_type_name(f->q.type, tb), f->q.name);
		return;
	}
	unsigned rcode = dns_rcode(m);
	if ((rcode == DNS_R_SERVFAIL || rcode == DNS_R_REFUSED) &&
	    f->up + 1 < s->conf->n_upstreams) {
		char why2[48];
		snprintf(why2, sizeof why2, "%s from", dns_rcode_name(rcode, tb));
		fwd_next(s, f, why2);
		return;
	}
	uint32_t life = dns_cache_put(&s->cache, m, w->now_ns);
	s->st.cache_entries = s->cache.n;
	/* Relay: the upstream's sections and flags, the client's ID, question
	 * and RD, RA set; our own OPT instead of the upstream's. */
	struct dns_msg *r = s->r;
	dns_msg_clear(r);
	r->id = f->cid;
	r->flags = (uint16_t)((m->flags & ~(DNS_F_RD | DNS_F_CD)) | DNS_F_QR | DNS_F_RA |
			      (f->cflags & (DNS_F_RD | DNS_F_CD)));
	r->qdcount = 1;
	r->qd[0] = f->q;
	unsigned total = (unsigned)m->ancount + m->nscount + m->arcount;
	for (unsigned i = 0; i < total && i < DNS_MAX_RR; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (rr->type == DNS_T_OPT)
			continue;
		enum dns_section sec = i < m->ancount ? DNS_SEC_AN
				       : i < (unsigned)m->ancount + m->nscount ? DNS_SEC_NS
				       : DNS_SEC_AR;
		dnsz_copy_rr(r, sec, rr, rr->name, rr->ttl);
	}
	char ans[256];
	answers_text(r, ans, sizeof ans);
	if (life)
		decide(s, "answer from %s for %s %s: %s%s%s; cached for %u s", ip_text(src, ip),
		       dns_type_name(f->q.type, tb), f->q.name, dns_rcode_name(rcode, tb),
		       ans[0] ? " " : "", ans, life);
	else
		decide(s, "answer from %s for %s: %s%s%s; not cached", ip_text(src, ip), f->q.name,
		       dns_rcode_name(rcode, tb), ans[0] ? " " : "", ans);
	log_answer(s, "reply", r);
	send_answer(s, r, f->cedns ? f->climit : 0, &f->client);
	fwd_free(s, f);
}

static void forward(struct dns_server *s, const struct dns_msg *q, const struct dns_peer *from,
		    uint16_t cedns)
{
	char ip[16];
	if (s->n_pending >= MAX_PENDING) {
		/* dnsmasq: "Maximum number of concurrent DNS queries reached". */
		decide(s, "%zu queries already wait for upstream answers: %s dropped",
		       s->n_pending, q->qd[0].name);
		s->st.dropped++;
		return;
	}
	struct dns_fwd *f = wl_calloc(1, sizeof *f);
	f->srv = s;
	ev_init(&f->timer, fwd_timeout);
	f->client = *from;
	if (from->tcp)
		dns_tcp_hold(from->tcp);
	f->cid = q->id;
	f->cflags = q->flags;
	f->cedns = cedns != 0;
	f->climit = cedns;
	f->q = q->qd[0];
	f->next = s->pending;
	s->pending = f;
	s->n_pending++;
	decide(s, "%s is not in my zones: forwarding to %s (upstream 1 of %d)", q->qd[0].name,
	       ip_text(s->conf->upstream[0], ip), s->conf->n_upstreams);
	if (!fwd_send(s, f))
		fwd_next(s, f, "cannot reach");
}

/* ---- the query ------------------------------------------------------------- */

void dns_server_query(struct dns_server *s, const uint8_t *data, uint32_t len,
		      const struct dns_peer *from)
{
	uint32_t src = from->addr;
	uint16_t sport = from->port;
	struct world *w = s->node->w;
	const struct dns_server_conf *c = s->conf;
	struct dns_msg *q = s->q, *r = s->r;
	char ip[16], tb[16], n[DNS_NAME_TEXT];
	const char *why = NULL;

	ip_text(src, ip);
	if (len < DNS_HLEN) {
		s->st.dropped++;
		pkt_drop(w, NULL, s->node, NULL, TL_NONE, DROP_DNS_MALFORMED,
			 "%u bytes from %s:%u: shorter than a DNS header (12 bytes)", len, ip, sport);
		return;
	}
	if (data[2] & 0x80) {
		/* A response sent to the server port: answering it could start
		 * a loop between two servers. */
		s->st.dropped++;
		pkt_drop(w, NULL, s->node, NULL, TL_NONE, DROP_DNS_MALFORMED,
			 "a DNS response (QR set) from %s:%u sent to the server port: ignored", ip,
			 sport);
		return;
	}
	unsigned opcode = (data[2] >> 3) & 0x0f;
	if (opcode != 0) {
		s->st.notimp++;
		decide(s, "opcode %u from %s is not QUERY: NOTIMP", opcode, ip);
		send_header_only(s, data, DNS_R_NOTIMP, from);
		return;
	}
	if (dns_parse(data, len, q, &why) != 0) {
		s->st.formerr++;
		decide(s, "malformed query from %s (%s): FORMERR", ip, why ? why : "bad message");
		send_header_only(s, data, DNS_R_FORMERR, from);
		return;
	}
	if (q->qdcount != 1) {
		s->st.formerr++;
		decide(s, "query from %s has %u questions, not 1: FORMERR", ip, q->qdcount);
		send_header_only(s, data, DNS_R_FORMERR, from);
		return;
	}
	s->st.queries++;
	const struct dns_question *qd = &q->qd[0];
	uint16_t cedns = edns_size(q);
	bool rd = q->flags & DNS_F_RD;
	bool recursion = c->n_upstreams > 0;
	/* dnsmasq names the types it knows and writes "type=12345" for others */
	const char *tname = dns_type_name(qd->type, tb);
	if (strncmp(tname, "TYPE", 4) == 0)
		proc_printf(s->proc, "query[type=%u] %s from %s\n", qd->type, log_name(qd->name, n), ip);
	else
		proc_printf(s->proc, "query[%s] %s from %s\n", tname, log_name(qd->name, n), ip);
	decide(s, "query from %s:%u: %s %s%s%s", ip, sport, dns_type_name(qd->type, tb), qd->name,
	       rd ? " (recursion desired)" : "", cedns ? " with EDNS" : "");

	if (qd->klass != DNS_C_IN && qd->klass != 255) {
		answer_init(r, q, recursion ? DNS_F_RA : 0);
		set_rcode(r, DNS_R_REFUSED);
		s->st.refused++;
		decide(s, "class %u is not IN: REFUSED", qd->klass);
		log_answer(s, "config", r);
		send_answer(s, r, cedns, from);
		return;
	}

	/* 1. Our zones. */
	struct dnsz_result res;
	answer_init(r, q, (uint16_t)(DNS_F_AA | (recursion ? DNS_F_RA : 0)));
	if (dnsz_lookup(c, qd->name, qd->type, r, &res)) {
		set_rcode(r, res.rcode);
		s->st.authoritative++;
		char ans[256];
		answers_text(r, ans, sizeof ans);
		if (res.rcode == DNS_R_NXDOMAIN)
			decide(s, "authoritative for %s: %s does not exist: NXDOMAIN, SOA in "
			       "authority", res.zone->origin, res.last);
		else if (res.negative)
			decide(s, "authoritative for %s: %s has no %s record: NODATA (NOERROR, no "
			       "answer, SOA in authority)%s%s", res.zone->origin, res.last,
			       dns_type_name(qd->type, tb), ans[0] ? " after " : "", ans);
		else
			decide(s, "authoritative for %s: %s %s -> %s%s", res.zone->origin,
			       dns_type_name(qd->type, tb), qd->name, ans,
			       res.wildcard ? " (from a wildcard)" : "");
		log_answer(s, "config", r);
		send_answer(s, r, cedns, from);
		return;
	}
	/* 2, 3. PTRs made from our A records; the public-resolver table. */
	bool aa = false, nodata = false;
	answer_init(r, q, 0);
	if (qd->type == DNS_T_PTR && dnsz_ptr(c, qd->name, r, &aa, elapsed_s(s))) {
		r->flags |= aa ? DNS_F_AA | (recursion ? DNS_F_RA : 0) : DNS_F_RA;
		aa ? s->st.authoritative++ : s->st.table++;
		char ans[256];
		answers_text(r, ans, sizeof ans);
		decide(s, "%s: PTR %s -> %s", aa ? "made from my A records" : "in my table",
		       qd->name, ans);
		log_answer(s, "config", r);
		send_answer(s, r, cedns, from);
		return;
	}
	answer_init(r, q, DNS_F_RA);
	if (dnsz_table(c, qd->name, qd->type, r, elapsed_s(s), &nodata)) {
		s->st.table++;
		char ans[256];
		answers_text(r, ans, sizeof ans);
		if (nodata)
			decide(s, "public resolver: %s has no %s record: NODATA", qd->name,
			       dns_type_name(qd->type, tb));
		else
			decide(s, "public resolver: %s %s -> %s (not authoritative: RA set, AA "
			       "clear)", dns_type_name(qd->type, tb), qd->name, ans);
		log_answer(s, "config", r);
		send_answer(s, r, cedns, from);
		return;
	}
	/* 4. The cache, then the upstreams. */
	if (recursion) {
		uint32_t left = 0;
		answer_init(r, q, DNS_F_RA);
		if (dns_cache_get(&s->cache, qd->name, qd->type, w->now_ns, r, &left)) {
			s->st.cache_hits++;
			char ans[256];
			answers_text(r, ans, sizeof ans);
			decide(s, "cache hit for %s %s (TTL %u left): %s%s%s",
			       dns_type_name(qd->type, tb), qd->name, left,
			       dns_rcode_name(dns_rcode(r), n), ans[0] ? " " : "", ans);
			log_answer(s, "cached", r);
			send_answer(s, r, cedns, from);
			return;
		}
		s->st.cache_entries = s->cache.n;
		if (rd) {
			forward(s, q, from, cedns);
			return;
		}
	}
	if (c->n_hosts) {
		/* 5. A public resolver's NXDOMAIN. */
		answer_init(r, q, DNS_F_RA);
		set_rcode(r, DNS_R_NXDOMAIN);
		dnsz_root_soa(r, elapsed_s(s));
		s->st.table++;
		decide(s, "public resolver: %s does not exist: NXDOMAIN, the root zone's SOA in "
		       "authority", qd->name);
		log_answer(s, "config", r);
		send_answer(s, r, cedns, from);
		return;
	}
	/* 6. Not our business. */
	answer_init(r, q, recursion ? DNS_F_RA : 0);
	set_rcode(r, DNS_R_REFUSED);
	s->st.refused++;
	if (recursion)
		decide(s, "%s is not in my zones and recursion was not desired (RD clear): "
		       "REFUSED", qd->name);
	else
		decide(s, "%s is not in my zones and I have no upstream server to forward to: "
		       "REFUSED", qd->name);
	log_answer(s, "config", r);
	send_answer(s, r, cedns, from);
}

static void udp_recv(void *ctx, struct udp_sock *us, uint32_t src, uint16_t sport,
		     const uint8_t *data, uint32_t len)
{
	(void)us;
	struct dns_peer from = { .addr = src, .port = sport };
	dns_server_query(ctx, data, len, &from);
}

/* ---- the process ------------------------------------------------------------ */

static void server_kill(struct proc *p)
{
	struct dns_server *s = p->impl;
	while (s->pending)
		fwd_free(s, s->pending);
	dns_tcp_stop(s);
	if (s->sock) {
		udp_close(s->sock);
		s->sock = NULL;
	}
}

static void server_free(struct proc *p)
{
	struct dns_server *s = p->impl;
	server_kill(p);
	dns_cache_free(&s->cache);
	dns_msg_free(s->q);
	dns_msg_free(s->r);
	dns_conf_free(s->conf);
	free(s->buf);
	free(s);
}

static const struct proc_ops server_ops = { .name = "dns-server", .kill = server_kill,
					    .free = server_free };

struct dns_server_conf *dns_server_conf(struct proc *p)
{
	if (!p || p->ops != &server_ops)
		return NULL;
	return ((struct dns_server *)p->impl)->conf;
}

void dns_server_reload(struct proc *p)
{
	struct dns_server_conf *c = dns_server_conf(p);
	if (!c)
		return;
	dnsz_finish(c);
	struct dns_server *s = p->impl;
	for (size_t i = 0; i < c->n_zones; i++)
		decide(s, "reloaded zone %s (%zu records)", c->zones[i]->origin, c->zones[i]->n);
}

const struct dns_server_stats *dns_server_stats(const struct proc *p)
{
	if (!p || p->ops != &server_ops)
		return NULL;
	return &((const struct dns_server *)p->impl)->st;
}

struct proc *dns_server_start(struct node *n, struct dns_server_conf *c)
{
	struct dns_server *s = wl_calloc(1, sizeof *s);
	s->node = n;
	s->conf = c;
	dnsz_finish(c);
	s->sock = udp_bind(n, c->listen, c->port, udp_recv, NULL, s);
	/* dnsmasq and BIND listen on TCP port 53 too (RFC 7766: a server
	 * MUST), for the clients whose answer came back truncated. */
	if (!s->sock || dns_tcp_listen(s) != 0) {
		if (s->sock)
			udp_close(s->sock);
		dns_conf_free(c);
		free(s);
		return NULL;
	}
	s->q = dns_msg_new();
	s->r = dns_msg_new();
	s->buf = wl_calloc(1, BUF_MAX);
	dns_cache_init(&s->cache, DNS_SERVER_CACHE_SIZE);
	s->started_ns = n->w->now_ns;
	s->proc = proc_new(n, &server_ops, s, false);
	char ip[16];
	for (int i = 0; i < c->n_upstreams; i++)
		decide(s, "upstream server %d: %s", i + 1, ip_text(c->upstream[i], ip));
	for (size_t i = 0; i < c->n_zones; i++)
		decide(s, "authoritative for zone %s (%zu records)", c->zones[i]->origin,
		       c->zones[i]->n);
	return s->proc;
}
