/* ping.h — iputils ping (s20221126, Debian 12) on a node.
 *
 * Sends ICMP echo requests with a 56-byte payload whose first 16 bytes are
 * a timestamp, prints a line per reply or error and the statistics block
 * exactly as iputils does, and exits as it does: 0 when at least one reply
 * came back, 1 when none did, 2 on other errors ("connect: Network is
 * unreachable").  Times are simulated time, so `time=` is the true RTT. */
#ifndef WL_PING_H
#define WL_PING_H

#include <stdint.h>

struct node;
struct proc;

struct ping_opts {
	uint32_t dst;
	const char *dst_text;           /* as typed; NULL prints the address */
	long count;                     /* -c; 0 = until stopped */
	int64_t interval_ns;            /* -i; default 1 s */
	int64_t timeout_ns;             /* -W: wait for the last reply; 0 = default */
	int64_t deadline_ns;            /* -w; 0 = none */
	int ttl;                        /* -t; 0 = net.ipv4.ip_default_ttl */
	int size;                       /* -s; default 56 */
	int quiet;                      /* -q */
};

void ping_opts_default(struct ping_opts *o);

/* Results so far, for scenario checks. */
struct ping_stats {
	long transmitted, received, errors;
	int64_t rtt_min_ns, rtt_max_ns, rtt_sum_ns;
};

/* Start ping; it runs in the foreground.  Never NULL. */
struct proc *ping_start(struct node *n, const struct ping_opts *o);
/* The statistics of a ping process (NULL if p is not a ping). */
const struct ping_stats *ping_stats(const struct proc *p);

#endif
