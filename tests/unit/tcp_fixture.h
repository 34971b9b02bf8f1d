/* tcp_fixture.h — two hosts on a cable and a recording application, for
 * the TCP tests. */
#ifndef WL_TCP_FIXTURE_H
#define WL_TCP_FIXTURE_H

#include <errno.h>

#include "engine_fixture.h"
#include "net/tcp.h"
#include "wire/tcp.h"

/* What one application saw, and what it does. */
struct tapp {
	struct tcp_sock *s;             /* its connection (client, or the accepted child) */
	struct tcp_sock *listener;
	int connected, accepted, eofs, errors, readables, writables;
	int err;
	uint8_t *rx;                    /* everything read */
	size_t rx_len, rx_cap;
	const uint8_t *tx;              /* what to send, from tx_off on */
	size_t tx_len, tx_off;
	bool close_on_eof;              /* tcp_close when the peer's FIN is read */
	bool close_after_tx;            /* tcp_close once all of tx is queued */
	bool shutdown_after_tx;
	bool read;                      /* read when readable (default true) */
	bool closed;
	struct tcp_sock *children[8];
	int n_children;
};

static inline void tapp_pump(struct tapp *a)
{
	if (!a->s || a->closed)
		return;
	while (a->tx_off < a->tx_len) {
		size_t n = tcp_send(a->s, a->tx + a->tx_off, a->tx_len - a->tx_off);
		if (!n)
			return;
		a->tx_off += n;
	}
	if (a->tx_len && a->tx_off == a->tx_len) {
		if (a->close_after_tx) {
			a->closed = true;
			tcp_close(a->s);
		} else if (a->shutdown_after_tx) {
			a->shutdown_after_tx = false;
			tcp_shutdown(a->s);
		}
	}
}

static inline void tapp_drain(struct tapp *a, struct tcp_sock *s)
{
	uint8_t buf[4096];
	size_t n;
	while ((n = tcp_recv(s, buf, sizeof buf)) > 0) {
		if (a->rx_len + n > a->rx_cap) {
			a->rx_cap = (a->rx_len + n) * 2;
			a->rx = realloc(a->rx, a->rx_cap);
			if (!a->rx)
				abort();
		}
		memcpy(a->rx + a->rx_len, buf, n);
		a->rx_len += n;
	}
}

static void tapp_on_accept(void *ctx, struct tcp_sock *l, struct tcp_sock *c)
{
	struct tapp *a = ctx;
	(void)l;
	a->accepted++;
	if (a->n_children < 8)
		a->children[a->n_children++] = c;
	if (!a->s) {
		a->s = c;
		tapp_pump(a);
	}
}

static void tapp_on_connected(void *ctx, struct tcp_sock *s)
{
	struct tapp *a = ctx;
	(void)s;
	a->connected++;
	tapp_pump(a);
}

static void tapp_on_readable(void *ctx, struct tcp_sock *s)
{
	struct tapp *a = ctx;
	a->readables++;
	if (a->read)
		tapp_drain(a, s);
}

static void tapp_on_writable(void *ctx, struct tcp_sock *s)
{
	struct tapp *a = ctx;
	(void)s;
	a->writables++;
	tapp_pump(a);
}

static void tapp_on_eof(void *ctx, struct tcp_sock *s)
{
	struct tapp *a = ctx;
	a->eofs++;
	if (a->close_on_eof && s == a->s && !a->closed) {
		if (a->tx_off < a->tx_len) {
			a->close_after_tx = true;   /* what is left to write goes first */
			return;
		}
		a->closed = true;
		tcp_close(s);
	}
}

static void tapp_on_error(void *ctx, struct tcp_sock *s, int err)
{
	struct tapp *a = ctx;
	(void)s;
	a->errors++;
	a->err = err;
}

static const struct tcp_cb tapp_cb = {
	.on_accept = tapp_on_accept, .on_connected = tapp_on_connected,
	.on_readable = tapp_on_readable, .on_writable = tapp_on_writable,
	.on_eof = tapp_on_eof, .on_error = tapp_on_error,
};

static inline void tapp_init(struct tapp *a)
{
	memset(a, 0, sizeof *a);
	a->read = true;
}

static inline void tapp_free(struct tapp *a) { free(a->rx); }

/* a (10.0.0.1) and b (10.0.0.2) on one cable. */
struct tworld {
	struct world *w;
	struct node *a, *b;
	struct link *l;
};

static inline void tworld_init(struct tworld *t, uint64_t seed, const struct link_params *lp)
{
	t->w = world_new(seed);
	t->a = fx_host(t->w, "a", NODE_HOST);
	t->b = fx_host(t->w, "b", NODE_HOST);
	t->l = fx_link(t->w, t->a, t->b, lp);
	fx_addr(t->a, "eth0", "10.0.0.1/24");
	fx_addr(t->b, "eth0", "10.0.0.2/24");
}

/* The TCP segments among recorded frames (TL_ETH, IPv4, protocol 6). */
static inline bool fx_tcp_of(const struct fx_rec *r, struct tcp_repr *th, uint32_t *dlen)
{
	if (fx_ethertype(r) != ETH_P_IP || r->len < ETH_HLEN + IPV4_HLEN)
		return false;
	const uint8_t *ip = r->bytes + ETH_HLEN;
	if (ip[9] != IP_PROTO_TCP)
		return false;
	uint32_t ihl = (uint32_t)(ip[0] & 15) * 4u;
	uint32_t tot = (uint32_t)(ip[2] << 8 | ip[3]);
	uint32_t src = (uint32_t)ip[12] << 24 | (uint32_t)ip[13] << 16 | (uint32_t)ip[14] << 8 | ip[15];
	uint32_t dst = (uint32_t)ip[16] << 24 | (uint32_t)ip[17] << 16 | (uint32_t)ip[18] << 8 | ip[19];
	if (tcp_parse(ip + ihl, tot - ihl, src, dst, th, NULL) != 0)
		return false;
	if (dlen)
		*dlen = tot - ihl - th->hlen;
	return true;
}

/* The i-th TCP segment transmitted by node (any device), or false. */
static inline bool fx_tcp_tx(const struct fx_trace *t, const char *node, size_t i,
			     struct tcp_repr *th, uint32_t *dlen)
{
	for (size_t j = 0; j < t->n; j++) {
		if (!fx_rec_match(&t->v[j], TR_TX, node, NULL))
			continue;
		if (fx_tcp_of(&t->v[j], th, dlen) && i-- == 0)
			return true;
	}
	return false;
}

static inline size_t fx_tcp_tx_count(const struct fx_trace *t, const char *node, uint8_t flag)
{
	size_t c = 0;
	struct tcp_repr th;
	for (size_t j = 0; j < t->n; j++)
		if (fx_rec_match(&t->v[j], TR_TX, node, NULL) && fx_tcp_of(&t->v[j], &th, NULL) &&
		    (!flag || (th.flags & flag)))
			c++;
	return c;
}

#endif
