/* tcp.c — PLACEHOLDER until the TCP implementation lands: no socket can be
 * made and every segment is dropped. */
#include "net/tcp.h"

#include <errno.h>
#include <string.h>

#include "core/pkt.h"
#include "core/trace.h"
#include "core/world.h"
#include "dev/node.h"

void tcp_table_init(struct tcp_table *t) { memset(t, 0, sizeof *t); }
void tcp_table_free(struct node *n) { (void)n; }

struct tcp_sock *tcp_listen(struct node *n, uint32_t addr, uint16_t port, int backlog,
			    const struct tcp_cb *cb, void *ctx)
{
	(void)addr; (void)port; (void)backlog; (void)cb; (void)ctx;
	world_errf(n->w, -EPROTONOSUPPORT, "TCP is not implemented yet");
	return NULL;
}

struct tcp_sock *tcp_connect(struct node *n, uint32_t dst, uint16_t dport,
			     const struct tcp_cb *cb, void *ctx)
{
	(void)dst; (void)dport; (void)cb; (void)ctx;
	world_errf(n->w, -EPROTONOSUPPORT, "TCP is not implemented yet");
	return NULL;
}

void tcp_set_cb(struct tcp_sock *s, const struct tcp_cb *cb, void *ctx) { (void)s; (void)cb; (void)ctx; }
size_t tcp_send(struct tcp_sock *s, const void *data, size_t len) { (void)s; (void)data; (void)len; return 0; }
size_t tcp_recv(struct tcp_sock *s, void *buf, size_t cap) { (void)s; (void)buf; (void)cap; return 0; }
size_t tcp_readable(const struct tcp_sock *s) { (void)s; return 0; }
void tcp_shutdown(struct tcp_sock *s) { (void)s; }
void tcp_close(struct tcp_sock *s) { (void)s; }
void tcp_abort(struct tcp_sock *s) { (void)s; }
enum tcp_state tcp_state(const struct tcp_sock *s) { (void)s; return TCP_CLOSED; }
const char *tcp_state_name(enum tcp_state st) { (void)st; return "UNCONN"; }
void tcp_addrs(const struct tcp_sock *s, uint32_t *laddr, uint16_t *lport, uint32_t *raddr,
	       uint16_t *rport)
{
	(void)s; *laddr = 0; *lport = 0; *raddr = 0; *rport = 0;
}

void tcp_input(struct node *n, struct netdev *dev, struct pkt *p)
{
	pkt_drop(n->w, p, n, dev, TL_IP, DROP_PROTO_UNREACH, "TCP is not implemented yet");
}

void tcp_err_input(struct node *n, uint32_t from, uint8_t type, uint8_t code, const uint8_t *q,
		   uint32_t qlen)
{
	(void)n; (void)from; (void)type; (void)code; (void)q; (void)qlen;
}
