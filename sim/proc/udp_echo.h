/* udp_echo.h — the UDP echo service (RFC 862) and a client that measures it.
 *
 * The server sends every datagram back to where it came from.  The client
 * sends `count` datagrams of `size` bytes every `interval`, to dst:port, and
 * counts the echoes; the reference workloads (WORKLOADS.md W1, W2) are made
 * of these two. */
#ifndef WL_UDP_ECHO_H
#define WL_UDP_ECHO_H

#include <stdint.h>

struct node;
struct proc;

struct proc *udp_echo_server_start(struct node *n, uint16_t port);

struct udp_echo_client_opts {
	uint32_t dst;
	uint16_t port;
	long count;
	uint32_t size;
	int64_t interval_ns;
	int64_t start_ns;               /* absolute time of the first datagram */
	int64_t timeout_ns;             /* wait for echoes after the last send; default 1 s */
	uint16_t sport;                 /* source port (bind); 0: an ephemeral one */
};

struct udp_echo_stats {
	long sent, received, errors;
	long echoed;                    /* server: datagrams echoed */
};

struct proc *udp_echo_client_start(struct node *n, const struct udp_echo_client_opts *o);
const struct udp_echo_stats *udp_echo_stats(const struct proc *p);

#endif
