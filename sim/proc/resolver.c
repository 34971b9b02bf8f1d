/* resolver.c — the host resolver's state machine, as glibc 2.36 runs it:
 * the nsswitch `hosts:` sources in order (nss/nsswitch.c), /etc/hosts
 * (res_conf.c), and for `dns` the search-list walk of res_search()
 * (resolv/res_query.c: __res_context_search) over the sending loop of
 * res_send() (resolv/res_send.c: __res_context_send, send_dg).
 *
 * The walk, for NAME with D dots (RESOLV.CONF(5) "ndots"):
 *   - a trailing dot: NAME only;
 *   - D >= ndots: NAME as it is first, then NAME.DOMAIN for each search
 *     domain;
 *   - D < ndots: NAME.DOMAIN for each search domain, then NAME last.
 *   A candidate answered NXDOMAIN or NODATA (NOERROR, no answer) moves on
 *   to the next one; so does SERVFAIL; a timeout of every server or a
 *   REFUSED ends the search list (NAME as is is still tried, if it was
 *   not yet); "connection refused" (ICMP port unreachable from every
 *   server) ends the walk at once.
 *   An answer with records but none of the type asked (a lone CNAME) ends
 *   the walk too, with NO_DATA.  A name that is not a host name (res_hnok)
 *   asks nothing.
 * Sending one candidate (send_dg): for each of `attempts` rounds, each
 * nameserver in turn (from a random one with `rotate`), waiting
 * timeout << i / nscount seconds for server i > 0 and timeout for server
 * 0 (at least 1 s), from one connect()ed socket per server (kept for the
 * candidate's retries; a fresh one after a single query's error answer or
 * an ICMP error).  SERVFAIL, NOTIMP, REFUSED, or an empty answer without
 * aa and ra (a lame server), move on to the next server at once.  With
 * two queries (A and AAAA): one answer in and a timeout switch to one
 * query at a time (single-request), then to a fresh socket per query
 * (single-request-reopen), then the answer in is used.  An answer with
 * TC: both questions again over TCP to the same server (send_vc).
 * getnameinfo() (res_lookup_addr): /etc/hosts, then a PTR query.
 *
 * Not modelled: HOSTALIASES, RES_OPTIONS/LOCALDOMAIN, IPv6 nameservers,
 * sortlist, /etc/host.conf (Debian's "multi on" is assumed), nscd.
 */
#include "proc/resolver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/event.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "proc/res_int.h"
#include "proc/traceroute.h"
#include "util/die.h"
#include "util/units.h"

/* h_errno values (netdb.h). */
enum { H_OK = 0, H_HOST_NOT_FOUND = 1, H_TRY_AGAIN = 2, H_NO_RECOVERY = 3, H_NO_DATA = 4 };

enum walk_phase { W_ASIS_FIRST, W_SEARCH, W_ASIS_LAST };
enum q_state { Q_UNSENT, Q_PENDING, Q_ANSWERED, Q_FAILED };

struct res_query {
	uint16_t type, id;
	enum q_state st;
	int rcode, ancount;             /* the answer's rcode and ANCOUNT (any type) */
	int found;                      /* records of the type asked, CNAMEs followed */
};

struct res_lookup {
	struct node *n;
	struct world *w;
	enum res_api api;
	char name[DNS_NAME_TEXT];
	res_done_fn *done;
	void *ctx;
	struct res_conf conf;
	struct res_nss nss;
	char *hosts;                    /* /etc/hosts as it was when the lookup began */
	/* Stages: getent hosts asks for AF_INET6, then AF_INET. */
	int stage, n_stages;
	int family[2];                  /* 0 any, 4, 6 */
	int src;                        /* index into nss */
	int last_herrno;                /* of the last dns source that ran */
	bool tried_dns;
	/* The search walk. */
	enum walk_phase phase;
	int dom_idx, dots;
	bool trailing, tried_as_is, root_on_list, got_nodata, got_servfail;
	int saved_herrno;
	/* The candidate being sent. */
	char qname[DNS_NAME_TEXT];
	struct res_query q[2];
	int nq;
	int try_no, step, ns_offset;
	struct udp_sock *sock[3];
	bool gotsomewhere;
	/* send_dg() falls back to one query at a time after a timeout with
	 * one answer in (RES_SNGLKUP), then also to a fresh socket for the
	 * second (RES_SNGLKUPREOP); glibc keeps the flags in the resolver
	 * state, so they hold for the rest of the lookup. */
	bool sr_reopen;
	/* send_vc(): after an answer with TC, both queries again over TCP
	 * to the same server, each with its 2-byte length (RFC 1035 4.2.2). */
	struct tcp_sock *tcp;
	uint8_t *tbuf;
	size_t tlen, tcap;
	int err_rcode;                  /* last SERVFAIL/NOTIMP/REFUSED seen, else -1 */
	struct dns_msg *ans;            /* scratch for parsing */
	struct res_result cand_r;       /* addresses collected for this candidate */
	struct ev timer;                /* the wait for an answer */
	struct ev fire;                 /* delivers `done` */
	uint32_t addr;                  /* RES_GETNAMEINFO: the address */
	struct res_result r;
};

const char *res_status_text(enum res_status st)
{
	switch (st) {
	case RES_OK: return "Success";
	case RES_NONAME: return "Name or service not known";
	case RES_AGAIN: return "Temporary failure in name resolution";
	case RES_FAIL: return "Non-recoverable failure in name resolution";
	case RES_NODATA: return "No address associated with hostname";
	case RES_ADDRFAMILY: return "Address family for hostname not supported";
	}
	return "Unknown error";
}

#define TRACE(l, ...) trace_decision((l)->w, (l)->n, NULL, NULL, TL_NONE, "resolver", __VA_ARGS__)

static const char *herrno_text(int h)
{
	switch (h) {
	case H_HOST_NOT_FOUND: return "HOST_NOT_FOUND";
	case H_TRY_AGAIN: return "TRY_AGAIN";
	case H_NO_RECOVERY: return "NO_RECOVERY";
	case H_NO_DATA: return "NO_DATA";
	}
	return "OK";
}

static void close_socks(struct res_lookup *l)
{
	if (l->tcp) {
		tcp_close(l->tcp);
		l->tcp = NULL;
	}
	for (int i = 0; i < 3; i++) {
		if (l->sock[i])
			udp_close(l->sock[i]);
		l->sock[i] = NULL;
	}
}

static void fire_done(struct world *w, struct ev *ev)
{
	(void)w;
	struct res_lookup *l = (struct res_lookup *)((char *)ev - offsetof(struct res_lookup, fire));
	res_done_fn *done = l->done;
	void *ctx = l->ctx;
	struct res_result r = l->r;
	free(l->hosts);
	free(l->tbuf);
	dns_msg_free(l->ans);
	free(l);
	done(ctx, &r);
}

static void finish(struct res_lookup *l)
{
	ev_cancel(l->w, &l->timer);
	close_socks(l);
	ev_schedule(l->w, &l->fire, l->w->now_ns);
}

/* The status getaddrinfo() (or gethostbyname) leaves when every source
 * failed: from the last DNS h_errno (gaih_inet's no_data handling). */
static enum res_status fail_status(const struct res_lookup *l)
{
	if (!l->tried_dns)
		return RES_NONAME;
	if (l->api == RES_GETNAMEINFO)
		return l->last_herrno == H_TRY_AGAIN ? RES_AGAIN : RES_NONAME;
	switch (l->last_herrno) {
	case H_TRY_AGAIN: return RES_AGAIN;
	case H_NO_RECOVERY: return RES_FAIL;
	case H_NO_DATA:
		return RES_NODATA;
	}
	return RES_NONAME;
}

static void run_source(struct res_lookup *l);
static void stage_start(struct res_lookup *l);

static const char *api_text(enum res_api api)
{
	switch (api) {
	case RES_GETADDRINFO: return "getaddrinfo(AF_UNSPEC): A and AAAA";
	case RES_GETENT_HOSTS: return "gethostbyname2(AF_INET6), then gethostbyname(): AAAA, then A";
	case RES_GETENT_AHOSTS:
		return "getaddrinfo(AF_UNSPEC, AI_ADDRCONFIG), no IPv6 address here: A only";
	case RES_GETHOSTBYNAME: return "gethostbyname(): A";
	case RES_GETADDRINFO_V4: return "getaddrinfo(AF_INET): A and AAAA, IPv4 kept";
	case RES_GETNAMEINFO: return "getnameinfo(): PTR";
	}
	return "?";
}

static const char *status_name(enum res_nss_status st)
{
	static const char *const names[] = { "SUCCESS", "NOTFOUND", "UNAVAIL", "TRYAGAIN" };
	return names[st];
}

/* A source answered with st: return or go on, as its actions say. */
static void source_done(struct res_lookup *l, enum res_nss_status st)
{
	const struct res_nss_src *s = &l->nss.src[l->src];
	if (st == RES_NSS_SUCCESS) {
		TRACE(l, "%s: SUCCESS: %s", s->name, l->r.canon);
		l->r.status = RES_OK;
		if (l->api == RES_GETADDRINFO_V4 && l->r.n_addrs == 0) {
			/* AF_INET asked, only IPv6 addresses came (checked:
			 * `ping -4` on a name with only AAAA). */
			TRACE(l, "%s has IPv6 addresses only: AF_INET was asked", l->name);
			l->r.status = RES_ADDRFAMILY;
		}
		finish(l);
		return;
	}
	if (s->ret[st]) {
		TRACE(l, "%s: %s, and the action for %s is return: stop here", s->name,
		      status_name(st), status_name(st));
		l->src = l->nss.n;
	} else {
		l->src++;
		TRACE(l, "%s: %s: %s", s->name, status_name(st),
		      l->src < l->nss.n ? "next source" : "no source left");
	}
	run_source(l);
}

static void stage_failed(struct res_lookup *l)
{
	if (l->stage + 1 < l->n_stages) {
		l->stage++;
		TRACE(l, "no AF_INET6 address for %s: gethostbyname() now asks for AF_INET", l->name);
		stage_start(l);
		return;
	}
	l->r.status = fail_status(l);
	TRACE(l, "%s: %s", l->name, res_status_text(l->r.status));
	finish(l);
}

/* ---- sending one candidate ------------------------------------------------- */

static void cand_send(struct res_lookup *l);
static void walk_result(struct res_lookup *l, int herrno, int rcode, bool refused);

/* send_dg(): "seconds = retrans << ns; if (ns > 0) seconds /= nscount". */
static int64_t wait_ns(const struct res_lookup *l, int ns)
{
	int64_t s = (int64_t)l->conf.timeout_s << ns;
	if (ns > 0)
		s /= l->conf.n_ns;
	if (s <= 0)
		s = 1;
	return s * NS_PER_S;
}

static int cur_ns(const struct res_lookup *l)
{
	return (l->step + l->ns_offset) % l->conf.n_ns;
}

/* res_mkquery(): the query's bytes (RD set; an OPT record with edns0).
 * -1 when the name cannot be written. */
static int build_query(const struct res_lookup *l, int qi, uint8_t *buf, size_t cap)
{
	const struct res_query *q = &l->q[qi];
	struct dns_msg *m = dns_msg_new();
	m->id = q->id;
	m->flags = DNS_F_RD;
	m->qdcount = 1;
	snprintf(m->qd[0].name, sizeof m->qd[0].name, "%s", l->qname);
	m->qd[0].type = q->type;
	m->qd[0].klass = DNS_C_IN;
	if (l->conf.edns0) {
		/* RESOLV_EDNS_BUFFER_SIZE: glibc advertises 1200 bytes. */
		struct dns_rr *opt = dns_msg_add_rr(m, DNS_SEC_AR, ".", DNS_T_OPT, 0);
		if (opt)
			opt->klass = 1200;
		m->arcount = 1;
	}
	int len = dns_emit(m, buf, cap);
	dns_msg_free(m);
	return len;
}

static void send_query(struct res_lookup *l, int qi)
{
	struct res_query *q = &l->q[qi];
	int ns = cur_ns(l);
	uint8_t buf[DNS_UDP_MAX];
	int len = build_query(l, qi, buf, sizeof buf);
	q->st = Q_PENDING;
	if (len < 0)
		return;
	char ip[16], tb[16];
	units_format_ipv4(l->conf.ns[ns], ip);
	TRACE(l, "query %s? %s id %u to %s#53 from port %u (attempt %d of %d, server %d of %d, "
	      "waiting %lld s)", dns_type_name(q->type, tb), l->qname, q->id, ip, l->sock[ns]->port,
	      l->try_no + 1, l->conf.attempts, l->step + 1, l->conf.n_ns,
	      (long long)(wait_ns(l, ns) / NS_PER_S));
	udp_send(l->sock[ns], buf, (uint32_t)len);
}

static void advance(struct res_lookup *l);
static void cand_complete(struct res_lookup *l);

static void on_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport, const uint8_t *data,
		    uint32_t len);
static void on_icmp(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type, uint8_t code);

/* The socket for server ns, connect()ed (reopen() in res_send.c).  False
 * when it cannot be had (no route): the caller moves on. */
static bool ensure_sock(struct res_lookup *l, int ns)
{
	if (l->sock[ns])
		return true;
	l->sock[ns] = udp_bind(l->n, 0, 0, on_recv, on_icmp, l);
	if (!l->sock[ns])
		return false;
	int rc = udp_connect(l->sock[ns], l->conf.ns[ns], DNS_PORT);
	if (rc != 0) {
		char ip[16];
		units_format_ipv4(l->conf.ns[ns], ip);
		TRACE(l, "connect to nameserver %s: %s: next server", ip, strerror(-rc));
		udp_close(l->sock[ns]);
		l->sock[ns] = NULL;
		return false;
	}
	return true;
}

static void cand_send(struct res_lookup *l)
{
	int ns = cur_ns(l);
	if (!ensure_sock(l, ns)) {
		advance(l);
		return;
	}
	for (int i = 0; i < l->nq; i++)
		l->q[i].st = Q_UNSENT;
	memset(&l->cand_r, 0, sizeof l->cand_r);
	/* Both queries go out back to back (send_dg's sendmmsg), unless
	 * `options single-request` makes it wait for the first answer. */
	send_query(l, 0);
	if (l->nq > 1 && !l->conf.single_request)
		send_query(l, 1);
	ev_schedule(l->w, &l->timer, l->w->now_ns + wait_ns(l, ns));
}

static void cand_give_up(struct res_lookup *l)
{
	close_socks(l);
	/* res_send failed: res_queryN sets TRY_AGAIN; the answer buffer holds
	 * the last error answer, whose rcode res_search looks at. */
	bool refused = !l->gotsomewhere;
	TRACE(l, "%s: %s", l->qname, refused ? "every server refused the connection (ICMP port "
	      "unreachable)" : l->err_rcode >= 0 ? "every server failed" : "no answer from any server");
	walk_result(l, H_TRY_AGAIN, l->err_rcode >= 0 ? l->err_rcode : 0, refused);
}

static void advance(struct res_lookup *l)
{
	ev_cancel(l->w, &l->timer);
	l->step++;
	if (l->step >= l->conf.n_ns) {
		l->step = 0;
		l->try_no++;
		if (l->try_no >= l->conf.attempts) {
			cand_give_up(l);
			return;
		}
	}
	cand_send(l);
}

/* What advance() will do next, in words. */
static const char *next_text(const struct res_lookup *l)
{
	if (l->step + 1 < l->conf.n_ns)
		return "next nameserver";
	if (l->try_no + 1 < l->conf.attempts)
		return "next attempt, from the first nameserver";
	return "attempts used up";
}

static void timer_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct res_lookup *l = (struct res_lookup *)((char *)ev - offsetof(struct res_lookup, timer));
	char ip[16];
	int ns = cur_ns(l);
	units_format_ipv4(l->conf.ns[ns], ip);
	bool one_in = false, one_out = false;
	for (int i = 0; i < l->nq; i++) {
		one_in |= l->q[i].st == Q_ANSWERED;
		one_out |= l->q[i].st == Q_PENDING || l->q[i].st == Q_UNSENT;
	}
	if (l->nq > 1 && one_in && one_out) {
		/* send_dg(): "There are quite a few broken name servers out
		 * there which don't handle two outstanding requests from the
		 * same source": one answer came, the other did not. */
		if (!l->conf.single_request) {
			l->conf.single_request = true;
			TRACE(l, "one answer of two from %s in %lld s: again, one query at a time "
			      "(single-request)", ip, (long long)(wait_ns(l, ns) / NS_PER_S));
			cand_send(l);
			return;
		}
		if (!l->sr_reopen) {
			l->sr_reopen = true;
			TRACE(l, "one answer of two from %s again: again, with a fresh socket for "
			      "each query (single-request-reopen)", ip);
			udp_close(l->sock[ns]);
			l->sock[ns] = NULL;
			cand_send(l);
			return;
		}
		TRACE(l, "one answer of two from %s a third time: that answer it is", ip);
		cand_complete(l);
		return;
	}
	l->gotsomewhere = true;
	TRACE(l, "no answer from %s in %lld s (timeout:%d): %s", ip,
	      (long long)(wait_ns(l, ns) / NS_PER_S), l->conf.timeout_s, next_text(l));
	advance(l);
}

/* res_queryN's judgement on the answers of a candidate. */
static void cand_complete(struct res_lookup *l)
{
	ev_cancel(l->w, &l->timer);
	close_socks(l);
	struct res_query *a = &l->q[0], *b = l->nq > 1 ? &l->q[1] : NULL;
	/* A failed query (its server said SERVFAIL to it alone) counts as no
	 * answer: glibc keeps only the other one. */
	bool a_ok = a->st == Q_ANSWERED && a->rcode == DNS_R_NOERROR && a->ancount > 0;
	bool b_ok = b && b->st == Q_ANSWERED && b->rcode == DNS_R_NOERROR && b->ancount > 0;
	if (a_ok || b_ok) {
		walk_result(l, H_OK, 0, false);
		return;
	}
	int rc = a->st == Q_ANSWERED ? a->rcode : DNS_R_SERVFAIL;
	if (rc == DNS_R_NOERROR && b)
		rc = b->st == Q_ANSWERED ? b->rcode : DNS_R_SERVFAIL;
	int h;
	switch (rc) {
	case DNS_R_NXDOMAIN: h = H_HOST_NOT_FOUND; break;
	case DNS_R_SERVFAIL: h = H_TRY_AGAIN; break;
	case DNS_R_NOERROR: h = H_NO_DATA; break;
	default: h = H_NO_RECOVERY; break;
	}
	walk_result(l, h, rc, false);
}

/* Collect the addresses (or the PTR name) of an answer for l->qname,
 * following CNAMEs.  Returns how many records answered the question. */
static int collect(struct res_lookup *l, const struct dns_msg *m, uint16_t type)
{
	int found = 0;
	char owner[DNS_NAME_TEXT];
	snprintf(owner, sizeof owner, "%s", l->qname);
	struct res_result *r = &l->cand_r;
	for (int i = 0; i < m->ancount && i < DNS_MAX_RR; i++) {
		const struct dns_rr *rr = &m->rr[i];
		if (!dns_name_eq(rr->name, owner))
			continue;
		if (rr->type == DNS_T_CNAME) {
			if (r->n_aliases < (int)(sizeof r->aliases / sizeof r->aliases[0])) {
				snprintf(r->aliases[r->n_aliases], DNS_NAME_TEXT, "%s", owner);
				size_t k = strlen(r->aliases[r->n_aliases]);
				if (k > 1 && r->aliases[r->n_aliases][k - 1] == '.')
					r->aliases[r->n_aliases][k - 1] = '\0';
				r->n_aliases++;
			}
			snprintf(owner, sizeof owner, "%s", rr->d.target);
			continue;
		}
		if (rr->type != type)
			continue;
		found++;
		if (type == DNS_T_PTR && !r->canon[0]) {
			snprintf(r->canon, sizeof r->canon, "%s", rr->d.target);
			size_t k = strlen(r->canon);
			if (k > 1 && r->canon[k - 1] == '.')
				r->canon[k - 1] = '\0';
		}
		if (type == DNS_T_A && r->n_addrs < RES_MAX_ADDRS)
			r->addrs[r->n_addrs++] = rr->d.a;
		if (type == DNS_T_AAAA && r->n_addrs6 < (int)(sizeof r->addrs6 / sizeof r->addrs6[0]))
			memcpy(r->addrs6[r->n_addrs6++], rr->d.aaaa, 16);
	}
	if (r->n_addrs || r->n_addrs6) {
		snprintf(r->canon, sizeof r->canon, "%s", owner);
		size_t k = strlen(r->canon);
		if (k > 1 && r->canon[k - 1] == '.')
			r->canon[k - 1] = '\0';
	}
	return found;
}

static void tcp_start(struct res_lookup *l);

/* An answer from the current server, over UDP or (tcp) TCP. */
static void handle_answer(struct res_lookup *l, const uint8_t *data, uint32_t len, bool tcp)
{
	int ns = cur_ns(l);
	const char *why = NULL;
	if (dns_parse(data, len, l->ans, &why) < 0) {
		TRACE(l, "an answer that does not parse (%s): ignored", why ? why : "malformed");
		return;
	}
	struct dns_msg *m = l->ans;
	/* res_queriesmatch(): a reply, with the id and question of one of
	 * ours still waiting; anything else is ignored, the wait goes on. */
	struct res_query *q = NULL;
	int qi = -1;
	for (int i = 0; i < l->nq; i++)
		if (l->q[i].st == Q_PENDING && l->q[i].id == m->id)
			q = &l->q[i], qi = i;
	/* (send_dg looks at no QR bit: an echo of the query matches, and is
	 * then an empty, lame answer.) */
	if (!q || m->qdcount != 1 || m->qd[0].type != q->type || m->qd[0].klass != DNS_C_IN ||
	    !dns_name_eq(m->qd[0].name, l->qname)) {
		TRACE(l, "answer id %u does not match a query waiting: ignored", m->id);
		return;
	}
	l->gotsomewhere = true;
	int rc = (int)dns_rcode(m);
	char tb[16], rbuf[16];
	const char *rb = dns_rcode_name((unsigned)rc, rbuf);
	TRACE(l, "answer to %s? %s%s: %s, %u answer%s%s", dns_type_name(q->type, tb), l->qname,
	      tcp ? " over TCP" : "", rb, m->ancount, m->ancount == 1 ? "" : "s",
	      m->flags & DNS_F_TC ? ", truncated (TC)" : "");
	if (!tcp && (m->flags & DNS_F_TC) && rc != DNS_R_SERVFAIL && rc != DNS_R_NOTIMP &&
	    rc != DNS_R_REFUSED) {
		/* "To get the rest of answer, use TCP with same server" (and
		 * glibc asks both questions again, even one already answered). */
		tcp_start(l);
		return;
	}
	if (rc == DNS_R_SERVFAIL || rc == DNS_R_NOTIMP || rc == DNS_R_REFUSED) {
		q->st = Q_FAILED;
		l->err_rcode = rc;
	} else if (rc == DNS_R_NOERROR && m->ancount == 0 && m->arcount == 0 &&
		   !(m->flags & (DNS_F_AA | DNS_F_RA))) {
		/* send_dg(): an empty NOERROR that is neither authoritative
		 * nor from a recursive server is a lame referral: next server. */
		TRACE(l, "an empty answer without aa or ra: a lame server, as SERVFAIL");
		q->st = Q_FAILED;
	} else {
		q->st = Q_ANSWERED;
		q->rcode = rc;
		/* res_queryN() looks at ANCOUNT alone: an answer holding only
		 * a CNAME counts, and ends the walk (checked). */
		q->ancount = m->ancount;
		q->found = collect(l, m, q->type);
	}
	if (!tcp && qi == 0 && l->nq > 1 && l->q[1].st == Q_UNSENT) {
		if (l->sr_reopen) {
			/* single-request-reopen: the second query from a new socket */
			udp_close(l->sock[ns]);
			l->sock[ns] = NULL;
			if (!ensure_sock(l, ns)) {
				advance(l);
				return;
			}
		}
		send_query(l, 1);
		return;
	}
	for (int i = 0; i < l->nq; i++)
		if (l->q[i].st == Q_PENDING || l->q[i].st == Q_UNSENT)
			return;
	bool any = false;
	for (int i = 0; i < l->nq; i++)
		any |= l->q[i].st == Q_ANSWERED;
	if (any) {
		cand_complete(l);
		return;
	}
	char ip[16];
	units_format_ipv4(l->conf.ns[ns], ip);
	TRACE(l, "%s from %s: %s", rb, ip, next_text(l));
	if (tcp) {
		tcp_close(l->tcp);
		l->tcp = NULL;
	} else if (l->nq == 1) {
		/* Checked: after a REFUSED to a single query glibc sends the
		 * next one from a fresh port. */
		udp_close(l->sock[ns]);
		l->sock[ns] = NULL;
	}
	advance(l);
}

static void on_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport, const uint8_t *data,
		    uint32_t len)
{
	struct res_lookup *l = ctx;
	(void)src;
	(void)sport;
	if (l->tcp || s != l->sock[cur_ns(l)])
		return;         /* a late answer to an earlier round: glibc drops it too */
	handle_answer(l, data, len, false);
}

/* ---- the TCP fallback (send_vc) ------------------------------------------------ */

static void tcp_connected(void *ctx, struct tcp_sock *s)
{
	struct res_lookup *l = ctx;
	if (s != l->tcp)
		return;
	/* Both queries in one write, each after its length. */
	uint8_t buf[2 * (DNS_UDP_MAX + 2)];
	size_t n = 0;
	for (int i = 0; i < l->nq; i++) {
		int len = build_query(l, i, buf + n + 2, DNS_UDP_MAX);
		if (len < 0)
			continue;
		buf[n] = (uint8_t)(len >> 8);
		buf[n + 1] = (uint8_t)len;
		n += 2 + (size_t)len;
		l->q[i].st = Q_PENDING;
	}
	TRACE(l, "TCP connection to the nameserver up: %d quer%s sent again", l->nq,
	      l->nq == 1 ? "y" : "ies");
	tcp_send(s, buf, n);
}

static void tcp_lost(struct res_lookup *l, const char *why)
{
	char ip[16];
	units_format_ipv4(l->conf.ns[cur_ns(l)], ip);
	TRACE(l, "TCP to %s: %s before the answers: %s", ip, why, next_text(l));
	tcp_close(l->tcp);
	l->tcp = NULL;
	advance(l);
}

static void tcp_readable_cb(void *ctx, struct tcp_sock *s)
{
	struct res_lookup *l = ctx;
	if (s != l->tcp)
		return;
	for (;;) {
		if (l->tcap - l->tlen < 4096) {
			l->tcap = l->tcap ? 2 * l->tcap : 8192;
			l->tbuf = wl_realloc(l->tbuf, l->tcap);
		}
		size_t got = tcp_recv(s, l->tbuf + l->tlen, l->tcap - l->tlen);
		if (!got)
			break;
		l->tlen += got;
		if (l->tlen > 4 * 65536) {
			tcp_lost(l, "more data than two answers can hold");
			return;
		}
	}
	/* Each message: a 2-byte length, then the message. */
	while (l->tlen >= 2) {
		size_t mlen = (size_t)l->tbuf[0] << 8 | l->tbuf[1];
		if (l->tlen < 2 + mlen)
			break;
		uint8_t *msg = wl_calloc(1, mlen + 1);
		memcpy(msg, l->tbuf + 2, mlen);
		memmove(l->tbuf, l->tbuf + 2 + mlen, l->tlen - 2 - mlen);
		l->tlen -= 2 + mlen;
		handle_answer(l, msg, (uint32_t)mlen, true);
		free(msg);
		if (l->tcp != s)
			return; /* that answer finished the candidate */
	}
}

static void tcp_eof_cb(void *ctx, struct tcp_sock *s)
{
	struct res_lookup *l = ctx;
	if (s == l->tcp)
		tcp_lost(l, "the server closed the connection");
}

static void tcp_error_cb(void *ctx, struct tcp_sock *s, int err)
{
	struct res_lookup *l = ctx;
	if (s == l->tcp)
		tcp_lost(l, strerror(-err));
	else
		tcp_close(s);
}

static const struct tcp_cb res_tcp_cb = {
	.on_connected = tcp_connected,
	.on_readable = tcp_readable_cb,
	.on_eof = tcp_eof_cb,
	.on_error = tcp_error_cb,
};

static void tcp_start(struct res_lookup *l)
{
	int ns = cur_ns(l);
	ev_cancel(l->w, &l->timer);
	/* __res_iclose(): the UDP socket goes; send_vc() has no timer of
	 * its own (TCP's retransmissions are the limit). */
	udp_close(l->sock[ns]);
	l->sock[ns] = NULL;
	memset(&l->cand_r, 0, sizeof l->cand_r);
	l->tlen = 0;
	char ip[16];
	units_format_ipv4(l->conf.ns[ns], ip);
	TRACE(l, "truncated answer: the same questions over TCP to %s#53", ip);
	l->tcp = tcp_connect(l->n, l->conf.ns[ns], DNS_PORT, &res_tcp_cb, l);
	if (!l->tcp) {
		TRACE(l, "TCP connect to %s: no route: %s", ip, next_text(l));
		advance(l);
	}
}

static void on_icmp(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type, uint8_t code)
{
	struct res_lookup *l = ctx;
	(void)from;
	int ns = cur_ns(l);
	if (s != l->sock[ns])
		return;
	char ip[16];
	units_format_ipv4(l->conf.ns[ns], ip);
	/* recvfrom() on the connected socket fails (ECONNREFUSED for a port
	 * unreachable, EHOSTUNREACH...): this server is done for the round. */
	TRACE(l, "ICMP type %u code %u about the query to %s: %s: %s", type, code, ip,
	      type == 3 && code == 3 ? "Connection refused (nothing listens on port 53)" : "unreachable",
	      next_text(l));
	udp_close(l->sock[ns]);
	l->sock[ns] = NULL;
	advance(l);
}

static void cand_start(struct res_lookup *l, const char *qname)
{
	snprintf(l->qname, sizeof l->qname, "%s", qname);
	char norm[DNS_NAME_TEXT];
	if (!dns_name_norm(qname, norm)) {
		/* res_nmkquery() refuses it (a label over 63 bytes, a name over
		 * 255, an empty label): nothing is sent. */
		TRACE(l, "%s is not a name a query can carry: NO_RECOVERY", qname);
		memset(&l->cand_r, 0, sizeof l->cand_r);
		walk_result(l, H_NO_RECOVERY, DNS_R_FORMERR, false);
		return;
	}
	memset(&l->cand_r, 0, sizeof l->cand_r);
	l->try_no = 0;
	l->step = 0;
	l->gotsomewhere = false;
	l->err_rcode = -1;
	/* rotate: glibc 2.36 starts from a random server for each query. */
	l->ns_offset = l->conf.rotate ? (int)rng_below(&l->w->rng, (uint32_t)l->conf.n_ns) : 0;
	/* res_mkquery(): a random id per query, kept on every retry. */
	for (int i = 0; i < l->nq; i++) {
		l->q[i].id = (uint16_t)rng_below(&l->w->rng, 65536);
		l->q[i].st = Q_UNSENT;
		l->q[i].rcode = 0;
		l->q[i].ancount = 0;
		l->q[i].found = 0;
	}
	cand_send(l);
}

/* ---- the search walk --------------------------------------------------------- */

static void walk_next(struct res_lookup *l);

static void walk_done(struct res_lookup *l, int herrno)
{
	l->last_herrno = herrno;
	TRACE(l, "dns: the walk for %s ends with h_errno %s", l->name, herrno_text(herrno));
	source_done(l, herrno == H_TRY_AGAIN ? RES_NSS_TRYAGAIN : RES_NSS_NOTFOUND);
}

static void walk_fail(struct res_lookup *l, int last)
{
	int h = last;
	if (l->saved_herrno != -1)
		h = l->saved_herrno;
	else if (l->got_nodata)
		h = H_NO_DATA;
	else if (l->got_servfail)
		h = H_TRY_AGAIN;
	walk_done(l, h);
}

static void walk_result(struct res_lookup *l, int herrno, int rcode, bool refused)
{
	if (herrno == H_OK) {
		int found = 0;
		for (int i = 0; i < l->nq; i++)
			found += l->q[i].st == Q_ANSWERED ? l->q[i].found : 0;
		if (!found) {
			/* getanswer_r(): records, none of the type asked (a CNAME
			 * to nothing, say): NO_DATA, and res_search was done. */
			TRACE(l, "%s: an answer without a record of the type asked: NO_DATA, the "
			      "walk ends here", l->qname);
			walk_done(l, H_NO_DATA);
			return;
		}
		struct res_result *r = &l->r;
		const struct res_result *c = &l->cand_r;
		memset(r, 0, sizeof *r);
		*r = *c;
		r->from_hosts = false;
		l->last_herrno = H_OK;
		source_done(l, RES_NSS_SUCCESS);
		return;
	}
	switch (l->phase) {
	case W_ASIS_FIRST:
		if (l->trailing) {
			TRACE(l, "%s: %s, and a name with a trailing dot has no other candidate", l->qname,
			      herrno_text(herrno));
			walk_done(l, herrno);
			return;
		}
		l->saved_herrno = herrno;
		l->tried_as_is = true;
		l->phase = W_SEARCH;
		TRACE(l, "%s: %s: now the search list", l->qname, herrno_text(herrno));
		walk_next(l);
		return;
	case W_SEARCH:
		if (refused) {
			TRACE(l, "connection refused: res_search gives up at once");
			walk_done(l, H_TRY_AGAIN);
			return;
		}
		if (herrno == H_NO_DATA)
			l->got_nodata = true;
		if (herrno == H_NO_DATA || herrno == H_HOST_NOT_FOUND) {
			TRACE(l, "%s: %s: next search domain", l->qname,
			      herrno == H_NO_DATA ? "NODATA (the name exists, without this type)" : "NXDOMAIN");
		} else if (herrno == H_TRY_AGAIN && rcode == DNS_R_SERVFAIL) {
			l->got_servfail = true;
			TRACE(l, "%s: SERVFAIL: next search domain", l->qname);
		} else {
			TRACE(l, "%s: %s: the rest of the search list is skipped", l->qname,
			      herrno_text(herrno));
			l->dom_idx = l->conf.n_search;
		}
		l->last_herrno = herrno;
		walk_next(l);
		return;
	case W_ASIS_LAST:
		walk_fail(l, herrno);
		return;
	}
}

static void walk_next(struct res_lookup *l)
{
	char cand[DNS_NAME_TEXT];
	if (l->phase == W_SEARCH) {
		if (l->dom_idx < l->conf.n_search) {
			const char *dom = l->conf.search[l->dom_idx++];
			if (strcmp(dom, ".") == 0) {
				l->root_on_list = true;
				snprintf(cand, sizeof cand, "%.1000s.", l->name);
			} else {
				snprintf(cand, sizeof cand, "%.500s.%.500s", l->name, dom);
			}
			cand_start(l, cand);
			return;
		}
		l->phase = W_ASIS_LAST;
		if (!l->tried_as_is && !l->root_on_list) {
			TRACE(l, "search list done: %s as it is, last", l->name);
			snprintf(cand, sizeof cand, "%.1000s.", l->name);
			cand_start(l, cand);
			return;
		}
		walk_fail(l, l->last_herrno);
		return;
	}
	walk_fail(l, l->last_herrno);
}

/* res_hnok(): a host name DNS may be asked about: letters, digits, '-'
 * and '_' in labels that are not empty (a single final dot is fine), not
 * starting with '-'.  Checked: "", "a..b", "a b", "a$b" send nothing and
 * are "Name or service not known"; "x-", "a.-b", "a_b" are asked. */
static bool hnok(const char *name)
{
	if (!name[0] || name[0] == '-')
		return false;
	if (strcmp(name, ".") == 0)
		return true;
	size_t label = 0;
	for (const char *p = name; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch == '.') {
			if (label == 0)
				return false;
			label = 0;
			continue;
		}
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      ch == '-' || ch == '_'))
			return false;
		if (++label > 63)
			return false;
	}
	char norm[DNS_NAME_TEXT];
	return dns_name_norm(name, norm);
}

static void dns_start(struct res_lookup *l)
{
	const int fam = l->family[l->stage];
	l->tried_dns = true;
	if (l->api != RES_GETNAMEINFO && !hnok(l->name)) {
		TRACE(l, "dns: \"%s\" is not a valid host name (res_hnok): nothing is asked", l->name);
		l->last_herrno = H_HOST_NOT_FOUND;
		source_done(l, RES_NSS_NOTFOUND);
		return;
	}
	l->nq = 0;
	if (l->api == RES_GETNAMEINFO) {
		l->q[l->nq++].type = DNS_T_PTR;
	} else if (fam == 6) {
		l->q[l->nq++].type = DNS_T_AAAA;
	} else {
		l->q[l->nq++].type = DNS_T_A;
		if (fam == 0)
			l->q[l->nq++].type = DNS_T_AAAA;
	}
	l->dots = 0;
	size_t len = strlen(l->name);
	for (size_t i = 0; i < len; i++)
		l->dots += l->name[i] == '.';
	l->trailing = len > 0 && l->name[len - 1] == '.';
	l->tried_as_is = l->root_on_list = l->got_nodata = l->got_servfail = false;
	l->saved_herrno = -1;
	l->last_herrno = H_HOST_NOT_FOUND;
	l->dom_idx = 0;
	char nsl[64] = "";
	for (int i = 0, k = 0; i < l->conf.n_ns; i++) {
		char ip[16];
		units_format_ipv4(l->conf.ns[i], ip);
		k += snprintf(nsl + k, sizeof nsl - (size_t)k, "%s%s", i ? " " : "", ip);
	}
	if (l->trailing || l->dots >= l->conf.ndots) {
		l->phase = W_ASIS_FIRST;
		if (l->trailing)
			TRACE(l, "dns: %s ends with a dot: that name only (nameservers %s)", l->name, nsl);
		else
			TRACE(l, "dns: %d dot%s >= ndots:%d: %s as it is first, then the %d search "
			      "domain%s (nameservers %s)", l->dots, l->dots == 1 ? "" : "s",
			      l->conf.ndots, l->name, l->conf.n_search, l->conf.n_search == 1 ? "" : "s",
			      nsl);
		char cand[DNS_NAME_TEXT];
		snprintf(cand, sizeof cand, "%.1000s%s", l->name, l->trailing ? "" : ".");
		cand_start(l, cand);
		return;
	}
	l->phase = W_SEARCH;
	TRACE(l, "dns: %d dot%s < ndots:%d: the %d search domain%s first, %s as it is last "
	      "(nameservers %s)", l->dots, l->dots == 1 ? "" : "s", l->conf.ndots, l->conf.n_search,
	      l->conf.n_search == 1 ? "" : "s", l->name, nsl);
	walk_next(l);
}

/* ---- nsswitch sources -------------------------------------------------------- */

/* gethostbyaddr() in files: the first line with the address. */
struct by_addr {
	uint32_t addr;
	struct res_result *r;
	bool found;
};

static void match_addr(void *ctx, uint32_t addr, char **names, int count)
{
	struct by_addr *b = ctx;
	if (b->found || addr != b->addr)
		return;
	b->found = true;
	memset(b->r, 0, sizeof *b->r);
	snprintf(b->r->canon, sizeof b->r->canon, "%s", names[0]);
	for (int i = 1; i < count && b->r->n_aliases < 8; i++)
		snprintf(b->r->aliases[b->r->n_aliases++], DNS_NAME_TEXT, "%s", names[i]);
	b->r->addrs[b->r->n_addrs++] = addr;
	b->r->from_hosts = true;
}

static void run_source(struct res_lookup *l)
{
	if (l->src >= l->nss.n) {
		stage_failed(l);
		return;
	}
	const struct res_nss_src *s = &l->nss.src[l->src];
	switch (s->kind) {
	case RES_SRC_FILES: {
		if (l->api == RES_GETNAMEINFO) {
			struct by_addr b = { .addr = l->addr, .r = &l->r };
			res_hosts_enum(l->hosts, match_addr, &b);
			source_done(l, b.found ? RES_NSS_SUCCESS : RES_NSS_NOTFOUND);
			return;
		}
		struct res_result r;
		if (res_hosts_lookup(l->hosts, l->name, l->family[l->stage], &r)) {
			l->r = r;
			source_done(l, RES_NSS_SUCCESS);
		} else {
			source_done(l, RES_NSS_NOTFOUND);
		}
		return;
	}
	case RES_SRC_DNS:
		dns_start(l);
		return;
	case RES_SRC_OTHER:
		/* wirelab's machines have no libnss_<name>.so: glibc finds no
		 * module, which counts as UNAVAIL. */
		source_done(l, RES_NSS_UNAVAIL);
		return;
	}
}

static void stage_start(struct res_lookup *l)
{
	l->src = 0;
	run_source(l);
}

static struct res_lookup *lookup_new(struct node *n, const char *name, enum res_api api,
				     res_done_fn *done, void *ctx)
{
	struct res_lookup *l = wl_calloc(1, sizeof *l);
	l->n = n;
	l->w = n->w;
	l->api = api;
	l->done = done;
	l->ctx = ctx;
	snprintf(l->name, sizeof l->name, "%s", name);
	ev_init(&l->timer, timer_fire);
	ev_init(&l->fire, fire_done);
	return l;
}

/* Read the files (glibc reads them when the lookup starts) and go. */
static void lookup_begin(struct res_lookup *l, const char *what)
{
	struct node *n = l->n;
	l->ans = dns_msg_new();
	const char *h = node_file_read(n, "/etc/hosts", NULL);
	l->hosts = h ? strdup(h) : NULL;
	res_conf_load(n, &l->conf);
	res_nss_parse(node_file_read(n, "/etc/nsswitch.conf", NULL), &l->nss);
	char line[256];
	res_nss_text(&l->nss, line, sizeof line);
	TRACE(l, "looking up %s with %s; hosts: %s%s", what, api_text(l->api), line,
	      l->nss.is_default ? " (glibc's default: nsswitch.conf has no hosts: line)" : "");
	stage_start(l);
}

/* __check_pf() for AI_ADDRCONFIG: is there an IPv4 address other than a
 * loopback one?  (Loopback addresses do not count.) */
static bool has_ipv4(const struct node *n)
{
	for (size_t i = 0; i < n->n_devs; i++)
		for (const struct ifaddr *a = n->devs[i]->addrs; a; a = a->next)
			if ((a->addr >> 24) != 127)
				return true;
	return false;
}

struct res_lookup *res_lookup(struct node *n, const char *name, enum res_api api,
			      res_done_fn *done, void *ctx)
{
	struct res_lookup *l = lookup_new(n, name, api, done, ctx);
	uint32_t a;
	if (inet_aton_host(name, &a)) {
		/* getaddrinfo() and gethostbyname() take a number as it is
		 * (inet_aton), without asking anyone. */
		snprintf(l->r.canon, sizeof l->r.canon, "%s", name);
		l->r.addrs[l->r.n_addrs++] = a;
		ev_schedule(l->w, &l->fire, l->w->now_ns);
		return l;
	}
	if (api == RES_GETENT_AHOSTS && !has_ipv4(n)) {
		/* AI_ADDRCONFIG narrows AF_UNSPEC to AF_INET only when an
		 * IPv4 address is seen: with none but 127.0.0.1, both
		 * families are asked (checked: `getent ahosts localhost`
		 * in a namespace with only lo prints 127.0.0.1 and ::1). */
		TRACE(l, "AI_ADDRCONFIG: no IPv4 address but loopback here, so no narrowing to "
		      "AF_INET");
		api = l->api = RES_GETADDRINFO;
	}
	switch (api) {
	case RES_GETENT_HOSTS:
		l->n_stages = 2;
		l->family[0] = 6;
		l->family[1] = 4;
		break;
	case RES_GETADDRINFO:
	case RES_GETADDRINFO_V4:
		/* Without AI_ADDRCONFIG glibc asks for both, AF_INET or not
		 * (gethostbyname4), and keeps what was asked for. */
		l->n_stages = 1;
		l->family[0] = 0;
		break;
	default:
		l->n_stages = 1;
		l->family[0] = 4;
		break;
	}
	lookup_begin(l, name);
	return l;
}

struct res_lookup *res_lookup_addr(struct node *n, uint32_t addr, res_done_fn *done, void *ctx)
{
	char ptr[DNS_NAME_TEXT], ip[16];
	/* gethostbyaddr() asks for d.c.b.a.in-addr.arpa. as it is: the
	 * trailing dot keeps the search list out. */
	dns_ptr_name(addr, ptr);
	struct res_lookup *l = lookup_new(n, ptr, RES_GETNAMEINFO, done, ctx);
	l->addr = addr;
	l->n_stages = 1;
	l->family[0] = 4;
	units_format_ipv4(addr, ip);
	lookup_begin(l, ip);
	return l;
}

void res_cancel(struct res_lookup *l)
{
	ev_cancel(l->w, &l->timer);
	ev_cancel(l->w, &l->fire);
	close_socks(l);
	free(l->hosts);
	free(l->tbuf);
	dns_msg_free(l->ans);
	free(l);
}
