/* dns_tcp.c — DNS over TCP (RFC 1035 4.2.2, RFC 7766).
 *
 * "The message is prefixed with a two byte length field which gives the
 * message length, excluding the two byte length field."  A client may send
 * several queries on one connection (RFC 7766 6.2.1) and read the answers
 * as they come; a message of length 0, or longer than the buffer can hold,
 * ends the connection.  The server closes its side when the client has
 * closed its own and every answer is on its way (a forwarded query keeps
 * the connection until its answer is sent).  Idle connections are not
 * timed out (BIND's tcp-idle-timeout is 30 s): not modelled.
 */
#include "proc/dns_server_int.h"

#include <stdlib.h>
#include <string.h>

#include "core/trace.h"
#include "core/world.h"
#include "dev/node.h"
#include "net/tcp.h"
#include "util/die.h"

#define IN_CAP (2 + 65535)

struct dns_tcp_conn {
	struct dns_server *srv;
	struct tcp_sock *s;             /* NULL once closed */
	uint32_t addr;
	uint16_t port;
	uint8_t *in;
	size_t in_len;
	struct strbuf out;
	size_t out_off;
	int refs;                       /* forwarded queries waiting */
	bool eof, dead;
	struct dns_tcp_conn *next;
};

static void conn_free(struct dns_tcp_conn *c)
{
	struct dns_server *s = c->srv;
	for (struct dns_tcp_conn **pp = &s->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	/* tcp_close sends FIN after whatever is still queued. */
	if (c->s)
		tcp_close(c->s);
	free(c->in);
	sb_free(&c->out);
	free(c);
}

/* Free c once nothing needs it any more. */
static void maybe_free(struct dns_tcp_conn *c)
{
	if (c->refs == 0 && (c->dead || (c->eof && c->out_off >= c->out.len)))
		conn_free(c);
}

static void flush(struct dns_tcp_conn *c)
{
	while (c->s && c->out_off < c->out.len) {
		size_t k = tcp_send(c->s, c->out.s + c->out_off, c->out.len - c->out_off);
		if (k == 0)
			return;         /* on_writable brings us back */
		c->out_off += k;
	}
	sb_reset(&c->out);
	c->out_off = 0;
}

void dns_tcp_send(struct dns_tcp_conn *c, const uint8_t *msg, size_t len)
{
	if (c->dead || len > 65535)
		return;
	char l[2] = { (char)(len >> 8), (char)(len & 0xff) };
	sb_append(&c->out, l, 2);
	sb_append(&c->out, (const char *)msg, len);
	flush(c);
}

void dns_tcp_hold(struct dns_tcp_conn *c)
{
	c->refs++;
}

void dns_tcp_release(struct dns_tcp_conn *c)
{
	c->refs--;
	maybe_free(c);
}

static void conn_readable(void *ctx, struct tcp_sock *ts)
{
	struct dns_tcp_conn *c = ctx;
	struct world *w = c->srv->node->w;
	uint8_t buf[4096];
	size_t k;
	while ((k = tcp_recv(ts, buf, sizeof buf)) > 0) {
		if (c->dead)
			continue;
		if (k > IN_CAP - c->in_len) {
			/* More than one whole message can be: not DNS. */
			pkt_drop(w, NULL, c->srv->node, NULL, TL_NONE, DROP_DNS_MALFORMED,
				 "more than 65537 bytes pending on a DNS TCP connection: closed");
			c->dead = true;
			continue;
		}
		memcpy(c->in + c->in_len, buf, k);
		c->in_len += k;
	}
	/* Hold c while the queries are answered: an answer is sent from in
	 * here, and nothing may free c under our feet. */
	c->refs++;
	while (!c->dead && c->in_len >= 2) {
		size_t mlen = (size_t)c->in[0] << 8 | c->in[1];
		if (mlen == 0) {
			pkt_drop(w, NULL, c->srv->node, NULL, TL_NONE, DROP_DNS_MALFORMED,
				 "a DNS message of length 0 on TCP: connection closed");
			c->dead = true;
			break;
		}
		if (c->in_len < 2 + mlen)
			break;
		struct dns_peer from = { .addr = c->addr, .port = c->port, .tcp = c };
		dns_server_query(c->srv, c->in + 2, (uint32_t)mlen, &from);
		memmove(c->in, c->in + 2 + mlen, c->in_len - 2 - mlen);
		c->in_len -= 2 + mlen;
	}
	dns_tcp_release(c);
}

static void conn_writable(void *ctx, struct tcp_sock *ts)
{
	(void)ts;
	struct dns_tcp_conn *c = ctx;
	flush(c);
	maybe_free(c);
}

static void conn_eof(void *ctx, struct tcp_sock *ts)
{
	(void)ts;
	struct dns_tcp_conn *c = ctx;
	c->eof = true;
	maybe_free(c);
}

static void conn_error(void *ctx, struct tcp_sock *ts, int err)
{
	(void)ts, (void)err;
	struct dns_tcp_conn *c = ctx;
	tcp_close(c->s);
	c->s = NULL;
	c->dead = true;
	maybe_free(c);
}

static const struct tcp_cb conn_cb = {
	.on_readable = conn_readable,
	.on_writable = conn_writable,
	.on_eof = conn_eof,
	.on_error = conn_error,
};

static void on_accept(void *ctx, struct tcp_sock *listener, struct tcp_sock *child)
{
	(void)listener;
	struct dns_server *s = ctx;
	struct dns_tcp_conn *c = wl_calloc(1, sizeof *c);
	c->srv = s;
	c->s = child;
	c->in = wl_calloc(1, IN_CAP);
	uint32_t la;
	uint16_t lp;
	tcp_addrs(child, &la, &lp, &c->addr, &c->port);
	c->next = s->conns;
	s->conns = c;
	s->st.tcp_connections++;
	tcp_set_cb(child, &conn_cb, c);
	if (tcp_readable(child))
		conn_readable(c, child);
}

static const struct tcp_cb listen_cb = { .on_accept = on_accept };

int dns_tcp_listen(struct dns_server *s)
{
	/* dnsmasq's listen backlog is 5 ("listen(fd, 5)"). */
	s->listener = tcp_listen(s->node, s->conf->listen, s->conf->port, 5, &listen_cb, s);
	return s->listener ? 0 : -1;
}

void dns_tcp_stop(struct dns_server *s)
{
	while (s->conns) {
		s->conns->refs = 0;
		conn_free(s->conns);
	}
	if (s->listener) {
		tcp_close(s->listener);
		s->listener = NULL;
	}
}
