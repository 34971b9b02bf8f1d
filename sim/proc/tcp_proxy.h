/* tcp_proxy.h — a userland TCP proxy, as Docker's docker-proxy is one.
 *
 * For each published TCP port, dockerd starts `docker-proxy -proto tcp
 * -host-ip 0.0.0.0 -host-port 8080 -container-ip 172.17.0.2
 * -container-port 80`: it listens on the host's port and, for each
 * connection, opens one to the container and copies bytes both ways.  The
 * DNAT rule catches what comes from outside; the proxy serves what the
 * rule does not see: the host talking to 127.0.0.1:8080 (nat OUTPUT skips
 * 127.0.0.0/8) and containers on the bridge reaching the host's port
 * (nat DOCKER returns early for -i docker0).  The container then sees the
 * connection come from the bridge's address (the proxy's own), not from
 * the client: the price of a proxy, and what a learner can see in its log.
 *
 * A half-close is passed on (EOF on one side becomes a FIN on the other),
 * a reset or error on one side resets the other, a backend that refuses
 * closes the client's connection.  At most 256 KiB waits in the proxy per
 * direction: past it the proxy stops reading that side until the other
 * drains, so a fast sender is held back by TCP's own window.
 */
#ifndef WL_TCP_PROXY_H
#define WL_TCP_PROXY_H

#include <stdint.h>

struct node;
struct proc;

/* Listen on listen_addr:port of n (0: any address) and relay each
 * connection to to_addr:to_port (host order).  A daemon process named
 * "docker-proxy".  NULL with world_error() ("Address already in use")
 * when the port is taken. */
struct proc *tcp_proxy_start(struct node *n, uint32_t listen_addr, uint16_t port,
			     uint32_t to_addr, uint16_t to_port);

#endif
