/* dnsq.c — the lookup queue, the search-list walk, attempts, timeouts
 * and servers of BIND's dighost.c (see dnsq.h). */
#include "proc/dnsq.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/node.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "proc/proc.h"
#include "util/die.h"
#include "wire/icmp.h"

#define TOOL_STATE_SIZE 512

struct dnsq {
	struct proc *proc;
	struct node *node;
	struct dnsq_opts o;
	const struct dnsq_tool_ops *ops;
	struct dnsq_lookup queue[DNSQ_MAX_LOOKUPS];
	int q_head, q_len;
	/* The lookup being worked on. */
	struct dnsq_lookup cur;
	bool have_cur;
	/* Which candidate is asked: -1 the name as typed (no search list),
	 * 0..n_search-1 under that search domain, n_search the name as typed
	 * after the list. */
	int origin;
	char qname[DNS_NAME_TEXT];
	int server, attempt;
	uint16_t id;
	uint8_t cookie[8];
	uint8_t *query;
	int query_len;
	struct udp_sock *sock;
	/* Over TCP (+tcp, dig's ANY, or after a truncated UDP answer): the
	 * connection and the length-prefixed answer gathered so far. */
	bool tcp_mode;
	struct tcp_sock *tsock;
	uint8_t *tbuf;
	size_t tlen;
	int64_t sent_ns;
	struct ev timer;                /* attempt timeout */
	struct ev kick;                 /* next step, from the event loop */
	bool done;
	/* The last failure reported was a failed setup (its lines end with
	 * "no servers could be reached" already). */
	bool last_setup_failed;
	/* The tool's own state (struct dig_state, ...), aligned for any of them. */
	_Alignas(max_align_t) uint8_t tool_state[TOOL_STATE_SIZE];
};

static void step(struct dnsq *q);
static void next_candidate(struct dnsq *q);

static const char *const tool_name[] = { [DNSQ_DIG] = "dig", [DNSQ_HOST] = "host",
					 [DNSQ_NSLOOKUP] = "nslookup" };

/* Each step of the walk is a decision record ("dig", "host", "nslookup"). */
#define TRACE(q, ...) \
	trace_decision((q)->node->w, (q)->node, NULL, NULL, TL_NONE, tool_name[(q)->o.tool], __VA_ARGS__)

struct proc *dnsq_proc(struct dnsq *q) { return q->proc; }
const struct dnsq_opts *dnsq_options(const struct dnsq *q) { return &q->o; }
void *dnsq_tool_state(struct dnsq *q) { return q->tool_state; }
bool dnsq_last_setup_failed(const struct dnsq *q) { return q->last_setup_failed; }

void dnsq_add_lookup(struct dnsq *q, const struct dnsq_lookup *l)
{
	if (q->q_len >= DNSQ_MAX_LOOKUPS)
		return;
	q->queue[(q->q_head + q->q_len) % DNSQ_MAX_LOOKUPS] = *l;
	q->q_len++;
}

void dnsq_clear_lookups(struct dnsq *q)
{
	q->q_len = 0;
}

void dnsq_opts_default(struct dnsq_opts *o, enum dnsq_tool tool)
{
	memset(o, 0, sizeof *o);
	o->tool = tool;
	o->port = 53;
	o->ndots = 1;
	o->rd = true;
	o->timeout_ns = 5 * NS_PER_S;
	/* dig and nslookup: +tries=3; host: one retry (-R 1). */
	o->tries = tool == DNSQ_HOST ? 2 : 3;
	o->udp_size = 1232;
	if (tool == DNSQ_DIG) {
		o->ad = o->edns = o->cookie = true;
		o->style = (struct dnsq_dig_style){ .cmd = true, .comments = true, .question = true,
						    .answer = true, .authority = true,
						    .additional = true, .stats = true };
	} else {
		/* host and nslookup walk the search list (usesearch). */
		o->search = true;
		o->default_lookups = true;
	}
}

/* ---- the socket ------------------------------------------------------------ */

static bool busy(const struct dnsq *q)
{
	return q->sock || q->tsock;
}

static void close_sock(struct dnsq *q)
{
	if (q->sock) {
		udp_close(q->sock);
		q->sock = NULL;
	}
	if (q->tsock) {
		/* Unread data or an unfinished handshake: RST, as closing a
		 * socket does on Linux. */
		tcp_close(q->tsock);
		q->tsock = NULL;
	}
	q->tlen = 0;
	ev_cancel(q->node->w, &q->timer);
}

static void kick_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct dnsq *q = (struct dnsq *)((char *)ev - offsetof(struct dnsq, kick));
	step(q);
}

/* Go on from the event loop (never from inside a socket callback). */
static void later(struct dnsq *q)
{
	struct world *w = q->node->w;
	if (!ev_pending(&q->kick))
		ev_schedule(w, &q->kick, w->now_ns);
}

/* The attempt on (server, attempt) ended without an answer: the next
 * attempt, else the next server, else give up on this lookup. */
/* Attempts the current server gets: all of them for the first, one for
 * each after it. */
static int allowed_attempts(const struct dnsq *q)
{
	return q->server == 0 ? q->o.tries : 1;
}

static void attempt_over(struct dnsq *q)
{
	close_sock(q);
	if (++q->attempt >= allowed_attempts(q)) {
		q->attempt = 0;
		q->server++;
		if (q->server < q->o.n_servers)
			TRACE(q, "%s: no answer: next server (one attempt)", q->qname);
	} else {
		TRACE(q, "%s: attempt %d of %d failed: again, from a new port", q->qname, q->attempt,
		      allowed_attempts(q));
	}
	if (q->server >= q->o.n_servers) {
		TRACE(q, "%s: every server failed", q->qname);
		q->ops->no_servers(q, &q->cur);
		q->have_cur = false;
	}
	later(q);
}

/* After a failed connect(): is "no servers could be reached" said?  Not
 * when this was the server's last attempt and another server follows. */
static bool say_no_servers(const struct dnsq *q)
{
	return !(q->attempt + 1 >= allowed_attempts(q) && q->server + 1 < q->o.n_servers);
}

void dnsq_no_dot(const char *name, char out[DNS_NAME_TEXT])
{
	snprintf(out, DNS_NAME_TEXT, "%s", name);
	size_t l = strlen(out);
	if (l > 1 && out[l - 1] == '.')
		out[l - 1] = '\0';
}

void dnsq_chase_cname(const struct dns_msg *m, char name[DNS_NAME_TEXT])
{
	for (int hop = 0; hop < m->ancount; hop++) {
		bool moved = false;
		for (int i = 0; i < m->ancount; i++)
			if (m->rr[i].type == DNS_T_CNAME && dns_name_eq(m->rr[i].name, name)) {
				snprintf(name, DNS_NAME_TEXT, "%s", m->rr[i].d.target);
				moved = true;
				break;
			}
		if (!moved)
			return;
	}
}

static void shown_name(const struct dnsq *q, char out[DNS_NAME_TEXT])
{
	dnsq_no_dot(q->qname, out);
}

/* One attempt on the current server failed: why is "timed out",
 * "connection refused", ...  dighost's line, the same in dig, host and
 * nslookup. */
static void say_attempt_failed(struct dnsq *q, const char *why)
{
	char ip[64];
	dnsq_server_text(&q->o.servers[q->server], ip);
	q->last_setup_failed = false;
	proc_printf(q->proc, ";; communications error to %s#%u: %s\n", ip, q->o.port, why);
}

/* The socket could not reach the current server: UDP's connect() failed
 * (no route, no IPv6), or a TCP connection was refused or timed out.
 * dighost prints both lines for each such attempt, but leaves out the
 * second on a server's last attempt when another server follows. */
static void say_setup_failed(struct dnsq *q, const char *name, const char *why, bool tcp)
{
	const struct dnsq_server *s = &q->o.servers[q->server];
	char ip[64];
	dnsq_server_text(s, ip);
	q->last_setup_failed = true;
	proc_printf(q->proc, tcp ? ";; Connection to %s#%u(%s) for %s failed: %s.\n"
				 : ";; UDP setup with %s#%u(%s) for %s failed: %s.\n",
		    ip, q->o.port, s->name, name, why);
	if (say_no_servers(q))
		proc_printf(q->proc, ";; no servers could be reached\n");
}

/* A TCP connection that did not come up: reported as dighost reports a
 * failed connect(), once per attempt. */
static void tcp_setup_failed(struct dnsq *q, const char *why)
{
	char name[DNS_NAME_TEXT];
	shown_name(q, name);
	say_setup_failed(q, name, why, true);
	attempt_over(q);
}

static void timeout_fire(struct world *w, struct ev *ev)
{
	(void)w;
	struct dnsq *q = (struct dnsq *)((char *)ev - offsetof(struct dnsq, timer));
	if (q->tsock && tcp_state(q->tsock) == TCP_SYN_SENT) {
		tcp_setup_failed(q, "timed out");
		return;
	}
	say_attempt_failed(q, "timed out");
	attempt_over(q);
}

static void on_error(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type, uint8_t code)
{
	(void)s;
	(void)from;
	struct dnsq *q = ctx;
	if (!q->sock || q->tcp_mode || type != ICMP_DEST_UNREACH)
		return;
	/* The socket is connected, as isc_nm's UDP sockets are: the ICMP
	 * error comes back as the errno of the next receive. */
	const char *why = code == ICMP_PORT_UNREACH ? "connection refused"
			  : code == ICMP_NET_UNREACH ? "network unreachable"
			  : "host unreachable";
	say_attempt_failed(q, why);
	attempt_over(q);
}

static bool same_question(const struct dnsq *q, const struct dns_msg *m)
{
	return m->qdcount == 1 && m->qd[0].type == q->cur.qtype && m->qd[0].klass == q->cur.qclass &&
	       dns_name_eq(m->qd[0].name, q->qname);
}

static void build_query(struct dnsq *q);

/* An answer from the server of the current attempt, over UDP or TCP. */
static void handle_answer(struct dnsq *q, const uint8_t *data, uint32_t len)
{
	struct world *w = q->node->w;
	const struct dnsq_server *srv = &q->o.servers[q->server];
	struct dns_msg *m = dns_msg_new();
	if (dns_parse(data, len, m, NULL) < 0 || !(m->flags & DNS_F_QR) || m->id != q->id ||
	    !same_question(q, m)) {
		/* dighost ignores what is not the answer to its question and
		 * keeps waiting. */
		dns_msg_free(m);
		return;
	}
	int64_t rtt = w->now_ns - q->sent_ns;
	bool tcp = q->tcp_mode;
	close_sock(q);
	if (!tcp && (m->flags & DNS_F_TC)) {
		/* A truncated answer: the same question again over TCP, to the
		 * same server, with a new id (seen on the real dig). */
		dns_msg_free(m);
		TRACE(q, "%s: the answer is truncated (TC): asking again over TCP", q->qname);
		if (q->ops->truncated)
			q->ops->truncated(q);
		q->tcp_mode = true;
		build_query(q);
		later(q);
		return;
	}
	struct dnsq_answer a = {
		.lookup = &q->cur, .qname = q->qname, .msg = m, .len = len, .server = srv,
		.port = q->o.port, .rtt_ns = rtt, .tcp = tcp,
		.sent_flags = (uint16_t)((q->o.rd ? DNS_F_RD : 0) | (q->o.ad ? DNS_F_AD : 0)),
		.cookie = q->o.edns && q->o.cookie ? q->cookie : NULL,
	};
	q->tcp_mode = q->o.tcp || q->cur.tcp;
	if (q->ops->received && q->ops->received(q, &a, q->server + 1 < q->o.n_servers)) {
		dns_msg_free(m);
		q->server++;
		q->attempt = 0;
		later(q);
		return;
	}
	if (dns_rcode(m) == DNS_R_NXDOMAIN && q->origin >= 0 && q->origin < q->o.n_search) {
		/* next_origin(): an NXDOMAIN under a search domain is not
		 * shown; the next candidate is asked. */
		TRACE(q, "%s: NXDOMAIN: next in the search list", q->qname);
		dns_msg_free(m);
		next_candidate(q);
		later(q);
		return;
	}
	q->have_cur = false;
	q->last_setup_failed = false;
	q->ops->answer(q, &a);
	dns_msg_free(m);
	later(q);
}

static void on_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport, const uint8_t *data,
		    uint32_t len)
{
	(void)s;
	struct dnsq *q = ctx;
	if (!q->sock || !q->have_cur)
		return;
	const struct dnsq_server *srv = &q->o.servers[q->server];
	/* A connected socket hears only its server. */
	if (src != srv->addr || sport != q->o.port)
		return;
	handle_answer(q, data, len);
}

/* ---- TCP (RFC 1035 4.2.2: a two-byte length before each message) ------------ */

static void tcp_failed(struct dnsq *q, const char *why)
{
	say_attempt_failed(q, why);
	attempt_over(q);
}

static void t_connected(void *ctx, struct tcp_sock *s)
{
	struct dnsq *q = ctx;
	if (s != q->tsock)
		return;
	uint8_t *b = wl_calloc(1, (size_t)q->query_len + 2);
	b[0] = (uint8_t)(q->query_len >> 8);
	b[1] = (uint8_t)q->query_len;
	memcpy(b + 2, q->query, (size_t)q->query_len);
	tcp_send(s, b, (size_t)q->query_len + 2);
	free(b);
}

static void t_readable(void *ctx, struct tcp_sock *s)
{
	struct dnsq *q = ctx;
	if (s != q->tsock)
		return;
	if (!q->tbuf)
		q->tbuf = wl_calloc(1, 2 + 65535);
	size_t got;
	while ((got = tcp_recv(s, q->tbuf + q->tlen, 2 + 65535 - q->tlen)) > 0)
		q->tlen += got;
	if (q->tlen < 2)
		return;
	size_t need = (size_t)q->tbuf[0] << 8 | q->tbuf[1];
	if (q->tlen < 2 + need)
		return;
	handle_answer(q, q->tbuf + 2, (uint32_t)need);
}

static void t_eof(void *ctx, struct tcp_sock *s)
{
	struct dnsq *q = ctx;
	if (s != q->tsock)
		return;
	/* Closed before a whole answer came: dighost's "end of file". */
	tcp_failed(q, "end of file");
}

static void t_error(void *ctx, struct tcp_sock *s, int err)
{
	struct dnsq *q = ctx;
	if (s != q->tsock)
		return;
	const char *why = err == -ECONNREFUSED ? "connection refused"
			  : err == -ETIMEDOUT ? "timed out"
			  : err == -ENETUNREACH ? "network unreachable"
			  : err == -ECONNRESET ? "connection reset" : "host unreachable";
	if (tcp_state(s) == TCP_SYN_SENT || err == -ECONNREFUSED)
		tcp_setup_failed(q, why);
	else
		tcp_failed(q, why);
}

static const struct tcp_cb dnsq_tcp_cb = {
	.on_connected = t_connected,
	.on_readable = t_readable,
	.on_eof = t_eof,
	.on_error = t_error,
};

/* ---- queries --------------------------------------------------------------- */

/* Why qname (absolute, presentation form) cannot go on the wire, in
 * dns_name_fromtext()'s words, or NULL.  "\." and "\DDD" escapes are
 * counted as one byte each. */
static const char *name_problem(const char *qname)
{
	if (strcmp(qname, ".") == 0)
		return NULL;
	size_t wire = 1, label = 0;
	for (const char *p = qname; *p; p++) {
		if (*p == '.') {
			if (label == 0)
				return "empty label";
			wire += label + 1;
			label = 0;
			continue;
		}
		if (*p == '\\' && p[1]) {
			bool ddd = p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
				   p[3] >= '0' && p[3] <= '9';
			p += ddd ? 3 : 1;
		}
		if (++label > 63)
			return "label too long";
	}
	wire += label ? label + 1 : 0;
	return wire > 255 ? "ran out of space" : NULL;
}

/* dighost's fatal(): "dig: ..." on stderr and out, status 10 (host: 1). */
static void fatal(struct dnsq *q, const char *why)
{
	static const char *const prog[] = { [DNSQ_DIG] = "dig", [DNSQ_HOST] = "host",
					    [DNSQ_NSLOOKUP] = "nslookup" };
	proc_eprintf(q->proc, "%s: '%s' is not a legal name (%s)\n", prog[q->o.tool],
		     q->cur.textname, why);
	q->done = true;
	q->have_cur = false;
	close_sock(q);
	proc_exit(q->proc, q->o.tool == DNSQ_HOST ? 1 : 10);
}

static void build_query(struct dnsq *q)
{
	struct world *w = q->node->w;
	const char *why = name_problem(q->qname);
	if (why) {
		fatal(q, why);
		return;
	}
	struct dns_msg *m = dns_msg_new();
	q->id = (uint16_t)rng_below(&w->rng, 65536);
	m->id = q->id;
	m->flags = (uint16_t)((q->o.rd ? DNS_F_RD : 0) | (q->o.ad ? DNS_F_AD : 0));
	m->qdcount = 1;
	snprintf(m->qd[0].name, sizeof m->qd[0].name, "%s", q->qname);
	m->qd[0].type = q->cur.qtype;
	m->qd[0].klass = q->cur.qclass;
	if (q->o.edns) {
		struct dns_rr *opt = dns_msg_add_rr(m, DNS_SEC_AR, ".", DNS_T_OPT, 0);
		opt->klass = q->o.udp_size;
		if (q->o.cookie) {
			/* RFC 7873 §4.1: option 10, the 8-byte client cookie. */
			uint8_t *r = opt->rdata;
			r[0] = 0, r[1] = 10, r[2] = 0, r[3] = 8;
			memcpy(r + 4, q->cookie, 8);
			opt->rdlen = 12;
		}
	}
	free(q->query);
	q->query = wl_calloc(1, 1024);
	q->query_len = dns_emit(m, q->query, 1024);
	dns_msg_free(m);
	if (q->query_len < 0)
		fatal(q, "ran out of space");
}

/* The name for search position q->origin: "textname.domain.", or the
 * name as typed (made absolute) once the list is done or not used.
 * Joined by hand: a name too long for DNS is cut here and refused by the
 * emitter. */
static void set_qname(struct dnsq *q)
{
	const char *t = q->cur.textname;
	size_t tl = strlen(t);
	bool abs = tl > 0 && t[tl - 1] == '.';
	const char *parts[3] = { tl ? t : ".", NULL, NULL };
	if (q->origin >= 0 && q->origin < q->o.n_search) {
		parts[1] = ".";
		parts[2] = q->o.search_list[q->origin];
	} else if (!abs && tl) {
		parts[1] = "";
	}
	size_t n = 0;
	for (int i = 0; i < 3 && parts[i]; i++)
		for (const char *p = parts[i]; *p && n + 2 < sizeof q->qname; p++)
			q->qname[n++] = *p;
	if (parts[1] && n > 0 && q->qname[n - 1] != '.')
		q->qname[n++] = '.';
	q->qname[n] = '\0';
}

static void next_candidate(struct dnsq *q)
{
	q->origin++;
	set_qname(q);
	if (q->ops->sending)
		q->ops->sending(q, q->qname);
	q->server = q->attempt = 0;
	q->have_cur = true;
	build_query(q);
}

static int count_dots(const char *s)
{
	int n = 0;
	for (; *s; s++)
		n += *s == '.';
	return n;
}

static void begin_lookup(struct dnsq *q, const struct dnsq_lookup *l)
{
	q->cur = *l;
	q->have_cur = true;
	q->tcp_mode = q->o.tcp || l->tcp;
	q->server = q->attempt = 0;
	size_t tl = strlen(l->textname);
	bool abs = tl == 0 || l->textname[tl - 1] == '.';
	/* setup_lookup(): the search list only for a relative name with
	 * fewer dots than ndots; otherwise the name as typed, alone. */
	if (l->search && q->o.search && q->o.n_search > 0 && !abs &&
	    count_dots(l->textname) < q->o.ndots) {
		q->origin = 0;
		TRACE(q, "%s: %d dot%s < ndots:%d: the search list first, the name as typed last",
		      l->textname, count_dots(l->textname), count_dots(l->textname) == 1 ? "" : "s",
		      q->o.ndots);
	} else {
		q->origin = -1;
		if (l->search && q->o.search && q->o.n_search > 0)
			TRACE(q, "%s: %s: asked as typed only", l->textname,
			      abs ? "absolute" : "enough dots for ndots");
	}
	set_qname(q);
	if (q->ops->sending)
		q->ops->sending(q, q->qname);
	build_query(q);
}

static void send_attempt(struct dnsq *q)
{
	struct world *w = q->node->w;
	const struct dnsq_server *s = &q->o.servers[q->server];
	if (s->v6) {
		/* No IPv6 here: connect() fails with EADDRNOTAVAIL, as in a
		 * namespace with IPv6 disabled (seen for ::1 and 2001:db8::53). */
		char shown[DNS_NAME_TEXT];
		shown_name(q, shown);
		say_setup_failed(q, shown, "address not available", q->tcp_mode);
		attempt_over(q);
		return;
	}
	if (q->tcp_mode) {
		q->tsock = tcp_connect(q->node, s->addr, q->o.port, &dnsq_tcp_cb, q);
		if (!q->tsock) {
			tcp_setup_failed(q, "network unreachable");
			return;
		}
		q->sent_ns = w->now_ns;
		ev_schedule(w, &q->timer, w->now_ns + q->o.timeout_ns);
		return;
	}
	q->sock = udp_bind(q->node, 0, 0, on_recv, on_error, q);
	if (!q->sock) {
		say_setup_failed(q, q->cur.textname, "address in use", false);
		attempt_over(q);
		return;
	}
	/* isc__nm_socket_disable_pmtud(): IP_MTU_DISCOVER = IP_PMTUDISC_OMIT
	 * (strace of dig 9.18.49 shows it), so BIND's queries leave without
	 * DF, unlike glibc's and dnsmasq's (the default WANT: DF set). */
	udp_set_pmtudisc(q->sock, UDP_PMTUDISC_OMIT);
	/* isc_nm's UDP sockets are connected: only the server's datagrams
	 * reach them, and a missing route fails connect() before anything is
	 * sent. */
	int rc = udp_connect(q->sock, s->addr, q->o.port);
	if (rc == 0)
		rc = udp_send(q->sock, q->query, (uint32_t)q->query_len);
	if (rc < 0) {
		const char *why = rc == -ENETUNREACH ? "network unreachable" : "host unreachable";
		char shown[DNS_NAME_TEXT];
		shown_name(q, shown);
		say_setup_failed(q, shown, why, false);
		attempt_over(q);
		return;
	}
	q->sent_ns = w->now_ns;
	ev_schedule(w, &q->timer, w->now_ns + q->o.timeout_ns);
}

static void finish(struct dnsq *q)
{
	if (q->done)
		return;
	q->done = true;
	close_sock(q);
	int code = q->ops->finish(q);
	proc_exit(q->proc, code);
}

/* Start whatever is next: an attempt of the current lookup, or the next
 * lookup, or the end. */
static void step(struct dnsq *q)
{
	if (q->done || busy(q))
		return;
	if (!q->have_cur) {
		if (q->q_len == 0) {
			finish(q);
			return;
		}
		struct dnsq_lookup l = q->queue[q->q_head];
		q->q_head = (q->q_head + 1) % DNSQ_MAX_LOOKUPS;
		q->q_len--;
		begin_lookup(q, &l);
		if (q->done)
			return;
	}
	send_attempt(q);
}

/* ---- the process ----------------------------------------------------------- */

static struct dnsq *impl(struct proc *p) { return p->impl; }

static void dnsq_kill(struct proc *p)
{
	struct dnsq *q = impl(p);
	q->done = true;
	close_sock(q);
	ev_cancel(p->node->w, &q->kick);
}

static void dnsq_free(struct proc *p)
{
	struct dnsq *q = impl(p);
	dnsq_kill(p);
	free(q->query);
	free(q->tbuf);
	free(q);
}

static const struct proc_ops ops_by_tool[] = {
	[DNSQ_DIG] = { .name = "dig", .kill = dnsq_kill, .free = dnsq_free },
	[DNSQ_HOST] = { .name = "host", .kill = dnsq_kill, .free = dnsq_free },
	[DNSQ_NSLOOKUP] = { .name = "nslookup", .kill = dnsq_kill, .free = dnsq_free },
};

struct proc *dnsq_start(struct node *n, const struct dnsq_opts *o, const struct dnsq_lookup *l,
			int n_lookups)
{
	struct dnsq *q = wl_calloc(1, sizeof *q);
	q->node = n;
	q->o = *o;
	if (q->o.tries < 1)
		q->o.tries = 1;
	if (q->o.n_servers < 1) {
		/* Callers always give one; 127.0.0.1 is what BIND falls back to. */
		memset(&q->o.servers[0], 0, sizeof q->o.servers[0]);
		q->o.servers[0].addr = 0x7f000001;
		snprintf(q->o.servers[0].name, sizeof q->o.servers[0].name, "127.0.0.1");
		q->o.n_servers = 1;
	}
	q->ops = o->tool == DNSQ_DIG ? &dnsq_dig_ops
		 : o->tool == DNSQ_HOST ? &dnsq_host_ops : &dnsq_nslookup_ops;
	ev_init(&q->timer, timeout_fire);
	ev_init(&q->kick, kick_fire);
	uint64_t c = rng_u64(&n->w->rng);
	for (int i = 0; i < 8; i++)
		q->cookie[i] = (uint8_t)(c >> (8 * i));
	for (int i = 0; i < n_lookups; i++)
		dnsq_add_lookup(q, &l[i]);
	q->proc = proc_new(n, &ops_by_tool[o->tool], q, true);
	later(q);
	return q->proc;
}
