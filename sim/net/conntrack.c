/* conntrack.c — the connection table: tuples, lookup, the TCP state
 * machine, timeouts, and the records conntrack -L and -E would show.
 * What is modelled is in conntrack.h; NAT is in nf_nat.c, the hooks that
 * drive this in nf_hook.c.
 *
 * TCP: the transitions are the kernel's table (tcp_conntracks[][][] in
 * net/netfilter/nf_conntrack_proto_tcp.c), indexed by the segment's kind
 * (SYN, SYN-ACK, FIN, ACK, RST, none) and direction.  Window tracking
 * (tcp_in_window) is not modelled: a segment is judged by its flags only,
 * as with nf_conntrack_tcp_be_liberal = 1.
 * UDP: 30 s until both directions were seen; after a reply, a packet more
 * than 2 s after the first makes the flow a "stream" (ASSURED, 120 s), as
 * udp_packet() does in Linux 6.x.
 * ICMP: echo, timestamp, information and address-mask queries; 30 s. */
#include "net/conntrack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "net/nf.h"
#include "net/nf_int.h"
#include "util/die.h"
#include "util/units.h"
#include "wire/bytes.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"
#include "wire/tcp.h"

#define CT_BUCKETS 1024u

static const char *const tcp_state_names[CT_TCP__COUNT] = {
	"NONE", "SYN_SENT", "SYN_RECV", "ESTABLISHED", "FIN_WAIT", "CLOSE_WAIT", "LAST_ACK",
	"TIME_WAIT", "CLOSE", "SYN_SENT2",
};

const char *ct_tcp_state_name(enum ct_tcp_state s)
{
	return (unsigned)s < CT_TCP__COUNT ? tcp_state_names[s] : "NONE";
}

const char *ct_proto_name(uint8_t proto)
{
	switch (proto) {
	case IP_PROTO_TCP: return "tcp";
	case IP_PROTO_UDP: return "udp";
	case IP_PROTO_ICMP: return "icmp";
	}
	return "unknown";
}

/* ICMP queries and their answers (icmp_pkt_to_tuple / invmap). */
static int icmp_reply_type(uint8_t type)
{
	switch (type) {
	case ICMP_ECHO: return ICMP_ECHOREPLY;
	case ICMP_ECHOREPLY: return ICMP_ECHO;
	case 13: return 14;
	case 14: return 13;
	case 15: return 16;
	case 16: return 15;
	case 17: return 18;
	case 18: return 17;
	}
	return -1;
}

static bool icmp_is_request(uint8_t type)
{
	return type == ICMP_ECHO || type == 13 || type == 15 || type == 17;
}

/* ---------------------------------------------------------------- tuples */

/* The tuple from an IPv4 header at b whose bytes may be cut short (a
 * quote inside an ICMP error): needs the header and 8 bytes after it. */
static int tuple_from(const uint8_t *b, uint32_t len, struct ct_tuple *t, bool quoted)
{
	if (len < IPV4_HLEN || (b[0] >> 4) != 4)
		return -2;
	uint32_t hl = (uint32_t)(b[0] & 0x0f) * 4u;
	if (hl < IPV4_HLEN || len < hl)
		return -2;
	if (rd_be16(b + 6) & IPV4_OFFMASK)
		return -1;              /* not the first fragment: no ports */
	memset(t, 0, sizeof *t);
	t->proto = b[9];
	t->src = rd_be32(b + 12);
	t->dst = rd_be32(b + 16);
	const uint8_t *l4 = b + hl;
	uint32_t l4len = len - hl;
	if (!quoted) {
		uint32_t total = rd_be16(b + 2);
		if (total < hl || total > len)
			return -2;
		l4len = total - hl;
	}
	switch (t->proto) {
	case IP_PROTO_TCP:
	case IP_PROTO_UDP:
		if (l4len < 8)
			return -2;
		t->sport = rd_be16(l4);
		t->dport = rd_be16(l4 + 2);
		return 0;
	case IP_PROTO_ICMP:
		if (l4len < ICMP_HLEN)
			return -2;
		t->type = l4[0];
		t->code = l4[1];
		if (icmp_reply_type(t->type) < 0)
			return -1;
		t->id = rd_be16(l4 + 4);
		return 0;
	}
	return -1;
}

int ct_tuple_of(const uint8_t *data, uint32_t len, struct ct_tuple *t)
{
	return tuple_from(data, len, t, false);
}

void ct_tuple_invert(const struct ct_tuple *t, struct ct_tuple *out)
{
	struct ct_tuple r = *t;
	r.src = t->dst;
	r.dst = t->src;
	r.sport = t->dport;
	r.dport = t->sport;
	if (t->proto == IP_PROTO_ICMP) {
		int rt = icmp_reply_type(t->type);
		r.type = (uint8_t)(rt < 0 ? t->type : rt);
		r.code = 0;
		r.sport = r.dport = 0;
	}
	*out = r;
}

bool ct_tuple_equal(const struct ct_tuple *a, const struct ct_tuple *b)
{
	if (a->proto != b->proto || a->src != b->src || a->dst != b->dst)
		return false;
	if (a->proto == IP_PROTO_ICMP)
		return a->id == b->id && a->type == b->type && a->code == b->code;
	return a->sport == b->sport && a->dport == b->dport;
}

static uint32_t tuple_hash(const struct ct_tuple *t)
{
	uint64_t h = (uint64_t)t->src * 0x9e3779b97f4a7c15ull;
	h ^= (uint64_t)t->dst * 0xc2b2ae3d27d4eb4full;
	uint32_t l4 = t->proto == IP_PROTO_ICMP ? ((uint32_t)t->id << 16 | t->type)
						: ((uint32_t)t->sport << 16 | t->dport);
	h ^= ((uint64_t)l4 << 8 | t->proto) * 0x165667b19e3779f9ull;
	h ^= h >> 29;
	return (uint32_t)(h % CT_BUCKETS);
}

/* ---------------------------------------------------------------- table */

static struct ct_table *table_of(struct node *n, bool create)
{
	struct nf_state *s = create ? nf_state_get(n) : n->nf;
	if (!s)
		return NULL;
	if (!s->ct && create) {
		s->ct = wl_calloc(1, sizeof *s->ct);
		s->ct->n_buckets = CT_BUCKETS;
		s->ct->buckets = wl_calloc(CT_BUCKETS, sizeof *s->ct->buckets);
		s->ct->next_id = 1;
	}
	return s->ct;
}

const struct ct_entry *ct_first(const struct node *n)
{
	return n->nf && n->nf->ct ? n->nf->ct->head : NULL;
}

const struct ct_entry *ct_next(const struct ct_entry *e)
{
	return e->list_next;
}

size_t ct_count(const struct node *n)
{
	return n->nf && n->nf->ct ? n->nf->ct->count : 0;
}

uint32_t ct_timeout_left_s(const struct node *n, const struct ct_entry *e)
{
	int64_t left = e->expires_ns - n->w->now_ns;
	return left <= 0 ? 0 : (uint32_t)(left / NS_PER_S);
}

static void fmt_tuple(char *buf, size_t len, const struct ct_tuple *t)
{
	char s[16], d[16];
	units_format_ipv4(t->src, s);
	units_format_ipv4(t->dst, d);
	if (t->proto == IP_PROTO_ICMP)
		snprintf(buf, len, "src=%s dst=%s type=%u code=%u id=%u", s, d, t->type, t->code, t->id);
	else
		snprintf(buf, len, "src=%s dst=%s sport=%u dport=%u", s, d, t->sport, t->dport);
}

int ct_format(const struct node *n, const struct ct_entry *e, char *buf, size_t len)
{
	char o[96], r[96], st[16] = "";
	fmt_tuple(o, sizeof o, &e->tuple[CT_DIR_ORIGINAL]);
	fmt_tuple(r, sizeof r, &e->tuple[CT_DIR_REPLY]);
	if (e->tuple[0].proto == IP_PROTO_TCP)
		snprintf(st, sizeof st, "%s ", ct_tcp_state_name(e->tcp_state));
	return snprintf(buf, len, "%-8s %u %u %s%s %s%s %smark=%u use=1",
			ct_proto_name(e->tuple[0].proto), e->tuple[0].proto, ct_timeout_left_s(n, e),
			st, o, (e->status & CT_SEEN_REPLY) ? "" : "[UNREPLIED] ", r,
			(e->status & CT_ASSURED) ? "[ASSURED] " : "", e->mark);
}

static void trace_ct(struct node *n, const struct ct_entry *e, const char *what, const char *why)
{
	struct world *w = n->w;
	if (!trace_wants(w, TR_TABLE))
		return;
	char line[320];
	ct_format(n, e, line, sizeof line);
	trace_table(w, n, NULL, "conntrack", what, "%s%s%s", line, why ? ": " : "", why ? why : "");
}

static void hash_add(struct ct_table *t, struct ct_entry *e)
{
	for (int d = 0; d < 2; d++) {
		uint32_t b = tuple_hash(&e->tuple[d]);
		e->hn[d].e = e;
		e->hn[d].dir = (uint8_t)d;
		e->hn[d].next = t->buckets[b];
		t->buckets[b] = &e->hn[d];
	}
	e->in_hash = true;
}

static void hash_del(struct ct_table *t, struct ct_entry *e)
{
	if (!e->in_hash)
		return;
	for (int d = 0; d < 2; d++) {
		struct ct_hnode **pp = &t->buckets[tuple_hash(&e->tuple[d])];
		while (*pp && *pp != &e->hn[d])
			pp = &(*pp)->next;
		if (*pp)
			*pp = e->hn[d].next;
	}
	e->in_hash = false;
}

struct ct_entry *ct_lookup(struct node *n, const struct ct_tuple *t, enum ct_dir *dir)
{
	struct ct_table *tb = table_of(n, false);
	if (!tb)
		return NULL;
	for (struct ct_hnode *h = tb->buckets[tuple_hash(t)]; h; h = h->next)
		if (ct_tuple_equal(&h->e->tuple[h->dir], t)) {
			if (dir)
				*dir = (enum ct_dir)h->dir;
			return h->e;
		}
	return NULL;
}

bool ct_tuple_taken(struct node *n, const struct ct_tuple *reply, const struct ct_entry *except)
{
	struct ct_table *tb = table_of(n, false);
	if (!tb)
		return false;
	for (struct ct_hnode *h = tb->buckets[tuple_hash(reply)]; h; h = h->next)
		if (h->e != except && ct_tuple_equal(&h->e->tuple[h->dir], reply))
			return true;
	return false;
}

struct ct_entry *ct_lookup_related(struct node *n, const uint8_t *data, uint32_t len,
				   enum ct_dir *dir)
{
	/* icmp_error_message(): the quoted header is a packet the error's
	 * receiver... was sent; its inverse is the tuple of the error's own
	 * direction. */
	if (len < IPV4_HLEN)
		return NULL;
	uint32_t hl = (uint32_t)(data[0] & 0x0f) * 4u;
	if (hl < IPV4_HLEN || len < hl + ICMP_HLEN || data[9] != IP_PROTO_ICMP)
		return NULL;
	uint8_t type = data[hl];
	if (type != ICMP_DEST_UNREACH && type != ICMP_TIME_EXCEEDED && type != 4 && type != 5 &&
	    type != 12)
		return NULL;
	struct ct_tuple inner, inv;
	if (tuple_from(data + hl + ICMP_HLEN, len - hl - ICMP_HLEN, &inner, true) != 0)
		return NULL;
	ct_tuple_invert(&inner, &inv);
	return ct_lookup(n, &inv, dir);
}

static void ct_timer_fire(struct world *w, struct ev *ev);

struct ct_entry *ct_new(struct node *n, const struct ct_tuple *t)
{
	struct ct_table *tb = table_of(n, true);
	struct ct_entry *e = wl_calloc(1, sizeof *e);
	e->node = n;
	e->tuple[CT_DIR_ORIGINAL] = *t;
	ct_tuple_invert(t, &e->tuple[CT_DIR_REPLY]);
	e->created_ns = n->w->now_ns;
	e->id = tb->next_id++;
	ev_init(&e->timer, ct_timer_fire);
	return e;
}

void ct_discard(struct node *n, struct ct_entry *e)
{
	WL_ASSERT(!(e->status & CT_CONFIRMED), "discarding a confirmed conntrack entry");
	if ((e->pkts[0] || e->pkts[1]) && !(e->status & CT_DYING))
		trace_ct(n, e, "discarded", "its first packet was dropped: never confirmed");
	nf_ctx_forget(n, e);
	free(e);
}

void ct_confirm(struct node *n, struct ct_entry *e)
{
	struct ct_table *tb = table_of(n, true);
	if (e->status & CT_CONFIRMED)
		return;
	e->status |= CT_CONFIRMED;
	hash_add(tb, e);
	e->list_prev = tb->tail;
	if (tb->tail)
		tb->tail->list_next = e;
	else
		tb->head = e;
	tb->tail = e;
	tb->count++;
	ev_schedule(n->w, &e->timer, e->expires_ns > n->w->now_ns ? e->expires_ns : n->w->now_ns);
	trace_ct(n, e, "confirmed", "its first packet got through: in the table");
}

static void unlink_entry(struct node *n, struct ct_entry *e)
{
	struct ct_table *tb = n->nf->ct;
	hash_del(tb, e);
	if (e->list_prev)
		e->list_prev->list_next = e->list_next;
	else
		tb->head = e->list_next;
	if (e->list_next)
		e->list_next->list_prev = e->list_prev;
	else
		tb->tail = e->list_prev;
	tb->count--;
	ev_cancel(n->w, &e->timer);
}

static void destroy(struct node *n, struct ct_entry *e, const char *what, const char *why)
{
	e->status |= CT_DYING;
	trace_ct(n, e, what, why);
	unlink_entry(n, e);
	nf_ctx_forget(n, e);
	free(e);
}

void ct_kill(struct node *n, struct ct_entry *e, const char *why)
{
	if (!(e->status & CT_CONFIRMED))
		return;
	e->status |= CT_DYING;
	trace_ct(n, e, "destroyed", why);
	unlink_entry(n, e);
	e->status &= ~(uint32_t)CT_CONFIRMED;
}

static void ct_timer_fire(struct world *w, struct ev *ev)
{
	struct ct_entry *e = (struct ct_entry *)((char *)ev - offsetof(struct ct_entry, timer));
	/* Packets only move expires_ns; the timer catches up lazily. */
	if (e->expires_ns > w->now_ns) {
		ev_schedule(w, ev, e->expires_ns);
		return;
	}
	destroy(e->node, e, "expired", "timeout expired");
}

int ct_delete(struct node *n, const struct ct_entry *e)
{
	struct ct_table *tb = table_of(n, false);
	if (!tb)
		return -ENOENT;
	for (struct ct_entry *x = tb->head; x; x = x->list_next)
		if (x == e) {
			destroy(n, x, "destroyed", "deleted (conntrack -D)");
			return 0;
		}
	return -ENOENT;
}

size_t ct_flush(struct node *n)
{
	struct ct_table *tb = table_of(n, false);
	size_t k = 0;
	while (tb && tb->head) {
		destroy(n, tb->head, "destroyed", "flushed (conntrack -F)");
		k++;
	}
	return k;
}

void ct_table_free(struct node *n)
{
	struct ct_table *tb = table_of(n, false);
	if (!tb)
		return;
	while (tb->head) {
		struct ct_entry *e = tb->head;
		unlink_entry(n, e);
		free(e);
	}
	free(tb->buckets);
	free(tb);
	n->nf->ct = NULL;
}

/* ---------------------------------------------------------------- states */

enum { TCP_SYN_SET, TCP_SYNACK_SET, TCP_FIN_SET, TCP_ACK_SET, TCP_RST_SET, TCP_NONE_SET };

/* get_conntrack_index(): RST first, then SYN(-ACK), FIN, ACK. */
static int tcp_index(uint8_t flags)
{
	if (flags & TCP_FLAG_RST)
		return TCP_RST_SET;
	if (flags & TCP_FLAG_SYN)
		return (flags & TCP_FLAG_ACK) ? TCP_SYNACK_SET : TCP_SYN_SET;
	if (flags & TCP_FLAG_FIN)
		return TCP_FIN_SET;
	if (flags & TCP_FLAG_ACK)
		return TCP_ACK_SET;
	return TCP_NONE_SET;
}

#define sNO CT_TCP_NONE
#define sSS CT_TCP_SYN_SENT
#define sSR CT_TCP_SYN_RECV
#define sES CT_TCP_ESTABLISHED
#define sFW CT_TCP_FIN_WAIT
#define sCW CT_TCP_CLOSE_WAIT
#define sLA CT_TCP_LAST_ACK
#define sTW CT_TCP_TIME_WAIT
#define sCL CT_TCP_CLOSE
#define sS2 CT_TCP_SYN_SENT2
#define sIV CT_TCP__COUNT
#define sIG (CT_TCP__COUNT + 1)

/* tcp_conntracks[dir][index][old state], columns
 * sNO, sSS, sSR, sES, sFW, sCW, sLA, sTW, sCL, sS2. */
static const uint8_t tcp_conntracks[2][6][CT_TCP__COUNT] = {
	{
/* ORIGINAL */
/*syn*/	   { sSS, sSS, sIG, sIG, sIG, sIG, sIG, sSS, sSS, sS2 },
/*synack*/ { sIV, sIV, sSR, sIV, sIV, sIV, sIV, sIV, sIV, sSR },
/*fin*/    { sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV },
/*ack*/	   { sES, sIV, sES, sES, sCW, sCW, sTW, sTW, sCL, sIV },
/*rst*/    { sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
/*none*/   { sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV },
	},
	{
/* REPLY */
/*syn*/	   { sIV, sS2, sIV, sIV, sIV, sIV, sIV, sSS, sIV, sS2 },
/*synack*/ { sIV, sSR, sIG, sIG, sIG, sIG, sIG, sIG, sIG, sSR },
/*fin*/    { sIV, sIV, sFW, sFW, sLA, sLA, sLA, sTW, sCL, sIV },
/*ack*/	   { sIV, sIG, sSR, sES, sCW, sCW, sTW, sTW, sCL, sIG },
/*rst*/    { sIV, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL, sCL },
/*none*/   { sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV, sIV },
	},
};

static int64_t tcp_timeout_s(const struct node *n, enum ct_tcp_state s)
{
	const struct sysctl_net *c = &n->sysctl;
	switch (s) {
	case CT_TCP_SYN_SENT: case CT_TCP_SYN_SENT2: return c->ct_tcp_timeout_syn_sent;
	case CT_TCP_SYN_RECV: return c->ct_tcp_timeout_syn_recv;
	case CT_TCP_ESTABLISHED: return c->ct_tcp_timeout_established;
	case CT_TCP_FIN_WAIT: return c->ct_tcp_timeout_fin_wait;
	case CT_TCP_CLOSE_WAIT: return c->ct_tcp_timeout_close_wait;
	case CT_TCP_LAST_ACK: return c->ct_tcp_timeout_last_ack;
	case CT_TCP_TIME_WAIT: return c->ct_tcp_timeout_time_wait;
	case CT_TCP_CLOSE: return c->ct_tcp_timeout_close;
	default: return c->ct_tcp_timeout_close;
	}
}

/* Can this segment open a connection (tcp_new())? */
static bool tcp_can_open(uint8_t flags)
{
	uint8_t s = tcp_conntracks[0][tcp_index(flags)][CT_TCP_NONE];
	return s < CT_TCP__COUNT;
}

static void refresh(struct node *n, struct ct_entry *e, int64_t timeout_s)
{
	e->expires_ns = n->w->now_ns + timeout_s * NS_PER_S;
}

void ct_trace_new(struct node *n, const struct ct_entry *e)
{
	trace_ct(n, e, "new", "first packet of a connection (unconfirmed)");
}

int ct_update(struct node *n, struct ct_entry *e, enum ct_dir dir, uint8_t tcp_flags,
	      uint32_t len)
{
	uint32_t old_status = e->status;
	enum ct_tcp_state old_tcp = e->tcp_state;
	bool first = !(e->status & CT_CONFIRMED) && e->pkts[0] == 0 && e->pkts[1] == 0;
	switch (e->tuple[0].proto) {
	case IP_PROTO_TCP: {
		enum ct_tcp_state old = e->tcp_state;
		if (first && !tcp_can_open(tcp_flags))
			return CT_UPD_INVALID;
		uint8_t ns = tcp_conntracks[dir][tcp_index(tcp_flags)][old];
		if (ns == sIV)
			return CT_UPD_INVALID;
		if (ns == CT_TCP_SYN_SENT && old >= CT_TCP_TIME_WAIT && old != CT_TCP_SYN_SENT2 &&
		    (e->status & CT_CONFIRMED)) {
			/* tcp_packet(): a SYN reopening a closed connection
			 * kills the old entry; the packet is looked up again. */
			destroy(n, e, "destroyed", "reopened by a new SYN");
			return CT_UPD_REOPEN;
		}
		if (ns != sIG) {
			e->tcp_state = (enum ct_tcp_state)ns;
			/* Set ASSURED when the handshake's last ACK arrives. */
			if ((old == CT_TCP_SYN_RECV || old == CT_TCP_ESTABLISHED) &&
			    ns == CT_TCP_ESTABLISHED)
				e->status |= CT_ASSURED;
		}
		refresh(n, e, tcp_timeout_s(n, e->tcp_state));
		if ((tcp_flags & TCP_FLAG_RST) && !(e->status & CT_SEEN_REPLY) &&
		    (e->status & CT_CONFIRMED)) {
			/* tcp_packet(): "If only reply is a RST, we can consider
			 * ourselves not to have an established connection ...
			 * delete the conntrack immediately." */
			e->pkts[dir]++;
			e->bytes[dir] += len;
			return CT_UPD_KILL;
		}
		break;
	}
	case IP_PROTO_UDP:
		if (dir == CT_DIR_REPLY)
			e->status |= CT_SEEN_REPLY;
		if (e->status & CT_SEEN_REPLY) {
			/* Still active two seconds after the first packet:
			 * a stream (udp_packet, stream_ts). */
			if (n->w->now_ns > e->created_ns + 2 * NS_PER_S) {
				refresh(n, e, n->sysctl.ct_udp_timeout_stream);
				e->status |= CT_ASSURED;
			} else {
				refresh(n, e, n->sysctl.ct_udp_timeout);
			}
		} else {
			refresh(n, e, n->sysctl.ct_udp_timeout);
		}
		break;
	case IP_PROTO_ICMP:
		refresh(n, e, n->sysctl.ct_icmp_timeout);
		break;
	}
	if (dir == CT_DIR_REPLY)
		e->status |= CT_SEEN_REPLY;
	e->pkts[dir]++;
	e->bytes[dir] += len;
	if ((e->status & CT_CONFIRMED) &&
	    ((old_status ^ e->status) & (CT_SEEN_REPLY | CT_ASSURED) || old_tcp != e->tcp_state))
		trace_ct(n, e, "update", NULL);
	return CT_UPD_OK;
}

bool ct_icmp_can_open(uint8_t type)
{
	return icmp_is_request(type);
}
