/* udp_echo.c — RFC 862 echo over UDP, and a client that counts echoes. */
#include "proc/udp_echo.h"

#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "net/udp.h"
#include "proc/proc.h"
#include "util/die.h"

struct echo {
	struct proc *proc;
	struct node *node;
	struct udp_sock *sock;
	bool client;
	struct udp_echo_client_opts o;
	struct udp_echo_stats st;
	struct ev send_timer;
	struct ev done_timer;
	uint8_t *buf;
};

static void server_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
			const uint8_t *data, uint32_t len)
{
	struct echo *e = ctx;
	/* RFC 862: "send back any data that it receives". */
	if (udp_sendto(s, src, sport, data, len) == 0)
		e->st.echoed++;
	e->st.received++;
}

static void echo_kill(struct proc *p)
{
	struct echo *e = p->impl;
	ev_cancel(p->node->w, &e->send_timer);
	ev_cancel(p->node->w, &e->done_timer);
	if (e->sock) {
		udp_close(e->sock);
		e->sock = NULL;
	}
}

static void echo_free(struct proc *p)
{
	struct echo *e = p->impl;
	echo_kill(p);
	free(e->buf);
	free(e);
}

static const struct proc_ops server_ops = { .name = "udp-echo-server", .kill = echo_kill,
					    .free = echo_free };
static const struct proc_ops client_ops = { .name = "udp-echo-client", .kill = echo_kill,
					    .free = echo_free };

const struct udp_echo_stats *udp_echo_stats(const struct proc *p)
{
	if (p->ops != &server_ops && p->ops != &client_ops)
		return NULL;
	return &((const struct echo *)p->impl)->st;
}

struct proc *udp_echo_server_start(struct node *n, uint16_t port)
{
	struct echo *e = wl_calloc(1, sizeof *e);
	e->node = n;
	ev_init(&e->send_timer, NULL);
	ev_init(&e->done_timer, NULL);
	e->sock = udp_bind(n, 0, port, server_recv, NULL, e);
	if (!e->sock) {
		free(e);
		return NULL;
	}
	e->proc = proc_new(n, &server_ops, e, false);
	return e->proc;
}

static void client_finish(struct echo *e)
{
	struct proc *p = e->proc;
	echo_kill(p);
	proc_printf(p, "%ld sent, %ld received, %ld errors\n", e->st.sent, e->st.received,
		    e->st.errors);
	proc_exit(p, e->st.received == e->st.sent ? 0 : 1);
}

static void done_fire(struct world *w, struct ev *ev)
{
	(void)w;
	client_finish((struct echo *)((char *)ev - offsetof(struct echo, done_timer)));
}

static void client_recv(void *ctx, struct udp_sock *s, uint32_t src, uint16_t sport,
			const uint8_t *data, uint32_t len)
{
	(void)s, (void)src, (void)sport, (void)data, (void)len;
	struct echo *e = ctx;
	e->st.received++;
	if (e->st.sent == e->o.count && e->st.received >= e->o.count)
		client_finish(e);
}

static void client_err(void *ctx, struct udp_sock *s, uint32_t from, uint8_t type, uint8_t code)
{
	(void)s, (void)from, (void)type, (void)code;
	struct echo *e = ctx;
	e->st.errors++;
}

static void send_fire(struct world *w, struct ev *ev)
{
	struct echo *e = (struct echo *)((char *)ev - offsetof(struct echo, send_timer));
	if (udp_sendto(e->sock, e->o.dst, e->o.port, e->buf, e->o.size) != 0)
		e->st.errors++;
	e->st.sent++;
	if (e->st.sent < e->o.count)
		ev_schedule(w, &e->send_timer, w->now_ns + e->o.interval_ns);
	else
		ev_schedule(w, &e->done_timer, w->now_ns + e->o.timeout_ns);
}

struct proc *udp_echo_client_start(struct node *n, const struct udp_echo_client_opts *o)
{
	struct world *w = n->w;
	struct echo *e = wl_calloc(1, sizeof *e);
	e->node = n;
	e->client = true;
	e->o = *o;
	if (e->o.timeout_ns <= 0)
		e->o.timeout_ns = NS_PER_S;
	if (e->o.interval_ns <= 0)
		e->o.interval_ns = NS_PER_S;
	if (e->o.start_ns < w->now_ns)
		e->o.start_ns = w->now_ns;
	e->buf = wl_calloc(1, e->o.size + 1);
	for (uint32_t i = 0; i < e->o.size; i++)
		e->buf[i] = (uint8_t)('a' + i % 26);
	ev_init(&e->send_timer, send_fire);
	ev_init(&e->done_timer, done_fire);
	e->sock = udp_bind(n, 0, e->o.sport, client_recv, client_err, e);
	if (!e->sock) {
		free(e->buf);
		free(e);
		return NULL;
	}
	e->proc = proc_new(n, &client_ops, e, true);
	if (e->o.count <= 0)
		client_finish(e);
	else
		ev_schedule(w, &e->send_timer, e->o.start_ns);
	return e->proc;
}
