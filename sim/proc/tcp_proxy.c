/* tcp_proxy.c — docker-proxy: a TCP relay between a listening port and a
 * backend (tcp_proxy.h). */
#include "proc/tcp_proxy.h"

#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "net/tcp.h"
#include "proc/proc.h"
#include "util/die.h"
#include "util/strbuf.h"

#define PENDING_MAX (256 * 1024)

struct pair;

/* One connection of a pair, and the bytes waiting to be sent on it. */
struct side {
	struct pair *pair;
	struct tcp_sock *s;
	struct strbuf out;
	size_t out_off;                 /* sent so far from out */
	bool eof;                       /* the peer of this socket sent FIN */
	bool shut;                      /* we sent FIN on this socket */
};

struct pair {
	struct proxy *px;
	struct side client, backend;
	bool connected;                 /* the backend's handshake completed */
	struct pair *next;
};

struct proxy {
	struct node *node;
	struct proc *proc;
	struct tcp_sock *listener;
	uint32_t to_addr;
	uint16_t to_port;
	struct pair *pairs;
};

static struct side *other(struct side *x)
{
	return x == &x->pair->client ? &x->pair->backend : &x->pair->client;
}

static size_t pending(const struct side *x)
{
	return x->out.len - x->out_off;
}

/* Let go of both sockets (abort: with a reset) and forget the pair. */
static void pair_free(struct pair *p, bool abort)
{
	struct proxy *px = p->px;
	for (struct pair **pp = &px->pairs; *pp; pp = &(*pp)->next) {
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	}
	struct side *sides[2] = { &p->client, &p->backend };
	for (int i = 0; i < 2; i++) {
		if (sides[i]->s) {
			if (abort)
				tcp_abort(sides[i]->s);
			else
				tcp_close(sides[i]->s);
		}
		sb_free(&sides[i]->out);
	}
	free(p);
}

/* Both directions ended (a FIN each way, everything delivered): done. */
static bool pair_done(struct pair *p)
{
	return p->client.eof && p->backend.eof && !pending(&p->client) && !pending(&p->backend) &&
	       p->client.shut && p->backend.shut;
}

/* Send what waits for x; pass a FIN on once everything is out. */
static void flush(struct side *x)
{
	if (!x->s || (x == &x->pair->backend && !x->pair->connected))
		return;
	while (pending(x)) {
		size_t k = tcp_send(x->s, x->out.s + x->out_off, pending(x));
		if (k == 0)
			break;
		x->out_off += k;
	}
	if (!pending(x)) {
		sb_reset(&x->out);
		x->out_off = 0;
		if (other(x)->eof && !x->shut) {
			tcp_shutdown(x->s);
			x->shut = true;
		}
	}
}

/* Read from x into the other side's queue, up to the limit. */
static void pump(struct side *x)
{
	struct side *y = other(x);
	char buf[8192];
	while (x->s && pending(y) < PENDING_MAX) {
		size_t k = tcp_recv(x->s, buf, sizeof buf);
		if (k == 0)
			break;
		sb_append(&y->out, buf, k);
	}
	flush(y);
}

static void on_readable(void *ctx, struct tcp_sock *s)
{
	(void)s;
	struct side *x = ctx;
	pump(x);
	if (pair_done(x->pair))
		pair_free(x->pair, false);
}

static void on_writable(void *ctx, struct tcp_sock *s)
{
	(void)s;
	struct side *x = ctx;
	flush(x);
	pump(other(x));         /* room again: read what was held back */
	if (pair_done(x->pair))
		pair_free(x->pair, false);
}

static void on_eof(void *ctx, struct tcp_sock *s)
{
	(void)s;
	struct side *x = ctx;
	x->eof = true;
	flush(other(x));
	if (pair_done(x->pair))
		pair_free(x->pair, false);
}

static void on_error(void *ctx, struct tcp_sock *s, int err)
{
	(void)err;
	struct side *x = ctx;
	struct pair *p = x->pair;
	/* This socket is finished: close it; the other is reset, as the
	 * proxy's copy loops end with an error and close both. */
	tcp_close(s);
	x->s = NULL;
	if (x == &p->backend && !p->connected) {
		/* The backend refused: the client's connection is closed. */
		struct side *c = &p->client;
		tcp_close(c->s);
		c->s = NULL;
		pair_free(p, false);
		return;
	}
	pair_free(p, true);
}

static void on_connected(void *ctx, struct tcp_sock *s)
{
	(void)s;
	struct side *x = ctx;
	x->pair->connected = true;
	flush(x);
	pump(&x->pair->client);
	if (pair_done(x->pair))
		pair_free(x->pair, false);
}

static const struct tcp_cb side_cb = {
	.on_connected = on_connected,
	.on_readable = on_readable,
	.on_writable = on_writable,
	.on_eof = on_eof,
	.on_error = on_error,
};

static void on_accept(void *ctx, struct tcp_sock *listener, struct tcp_sock *child)
{
	(void)listener;
	struct proxy *px = ctx;
	struct pair *p = wl_calloc(1, sizeof *p);
	p->px = px;
	p->client.pair = p;
	p->backend.pair = p;
	p->client.s = child;
	tcp_set_cb(child, &side_cb, &p->client);
	p->next = px->pairs;
	px->pairs = p;
	p->backend.s = tcp_connect(px->node, px->to_addr, px->to_port, &side_cb, &p->backend);
	if (!p->backend.s) {
		/* No route to the backend: the client's connection is closed. */
		pair_free(p, false);
	}
}

static const struct tcp_cb listen_cb = { .on_accept = on_accept };

static void proxy_kill(struct proc *p)
{
	struct proxy *px = p->impl;
	while (px->pairs)
		pair_free(px->pairs, true);
	if (px->listener) {
		tcp_close(px->listener);
		px->listener = NULL;
	}
}

static void proxy_free(struct proc *p)
{
	proxy_kill(p);
	free(p->impl);
}

static const struct proc_ops proxy_ops = { .name = "docker-proxy", .kill = proxy_kill,
					   .free = proxy_free };

struct proc *tcp_proxy_start(struct node *n, uint32_t listen_addr, uint16_t port,
			     uint32_t to_addr, uint16_t to_port)
{
	struct proxy *px = wl_calloc(1, sizeof *px);
	px->node = n;
	px->to_addr = to_addr;
	px->to_port = to_port;
	px->listener = tcp_listen(n, listen_addr, port, 4096, &listen_cb, px);
	if (!px->listener) {
		free(px);
		return NULL;
	}
	px->proc = proc_new(n, &proxy_ops, px, false);
	return px->proc;
}
