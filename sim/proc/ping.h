/* ping.h — iputils ping (s20221126, Debian 12) on a node.
 *
 * Sends ICMP echo requests with a 56-byte payload whose first 16 bytes are
 * a timestamp, prints a line per reply or error and the statistics block
 * exactly as iputils does, and exits as it does: 0 when at least one reply
 * came back, 1 when none did, 2 on other errors ("connect: Network is
 * unreachable").  Times are simulated time, so `time=` is the true RTT. */
#ifndef WL_PING_H
#define WL_PING_H

#include <stdbool.h>
#include <stddef.h>
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
	int numeric;                    /* -n; set for an address given as a number */
};

void ping_opts_default(struct ping_opts *o);

/* Results so far, for scenario checks. */
struct ping_stats {
	long transmitted, received, errors;
	int64_t rtt_min_ns, rtt_max_ns, rtt_sum_ns;
};

/* Start ping; it runs in the foreground.  Never NULL. */
struct proc *ping_start(struct node *n, const struct ping_opts *o);

/* What ping checks between resolving its destination and sending: a
 * broadcast destination without -b, a prohibit route (connect() fails
 * with EACCES), a TTL of 0.  0 when it may go on; else the exit status,
 * with ping's words in msg. */
int ping_precheck(struct node *n, uint32_t dst, bool broadcast, long ttl, char *msg, size_t cap);

/* Start ping on a name: getaddrinfo() first, and (without -n) for every
 * reply or error line a getnameinfo() of its source (res_lookup_addr: a
 * PTR query per line, as iputils 20221126 does, no cache), printed as
 * "from NAME (ADDR)", "from ADDR (ADDR)" when nobody knows the address,
 * "from ADDR" when the lookup failed.  Lines wait for their lookup, in
 * order, and the statistics wait for the lines.  (The real ping is
 * blocked inside getnameinfo() meanwhile and sends nothing; wirelab's
 * keeps its schedule: the same on a LAN, where a PTR takes well under a
 * millisecond, not with a nameserver that times out.)  So: getaddrinfo() first (proc/resolver.h; AF_INET with
 * -4, else AF_UNSPEC as iputils asks), through /etc/hosts and DNS, which
 * takes simulated time; then ping_precheck() and the pings, with the
 * canonical name in the PING line.  On failure it prints "ping: NAME:
 * Name or service not known" (or gai_strerror's other words) and exits 2.
 * o->dst is ignored; ttl is -t as given (-1 when not). */
struct proc *ping_start_name(struct node *n, const struct ping_opts *o, const char *host,
			     bool ipv4_only, bool broadcast, long ttl);
/* The statistics of a ping process (NULL if p is not a ping). */
const struct ping_stats *ping_stats(const struct proc *p);

#endif
