/* traceroute.h — traceroute 2.1 (Debian 12's "Modern traceroute for
 * Linux", 2.1.2) with its default method: UDP probes to port 33434 and up.
 *
 * How it finds the path (traceroute.c follows traceroute.c and mod-udp.c
 * of the real tool, function by function):
 *   - probe i of hop h leaves with TTL h, from a socket of its own (a fresh
 *     ephemeral source port), to destination port 33434 + its number, with
 *     32 bytes of data "@ABC..." — 60 bytes with the IP and UDP headers;
 *   - the router where TTL runs out answers ICMP time exceeded (RFC 1812
 *     5.3.1), and the kernel hands the error to that probe's socket
 *     (IP_RECVERR): its source is the hop's address;
 *   - the destination answers ICMP port unreachable: that hop is the last;
 *     other unreachables end the trace too, marked !N (net), !H (host),
 *     !X (prohibited), !P (protocol), !<code> otherwise;
 *   - up to 16 probes are out at once (-N); a probe waits at most 5 s
 *     (-w MAX), or 3 times the round trip of an answer from its own hop
 *     (HERE), or 10 times that of a later hop (NEAR); no answer prints `*`.
 * Lines print as soon as they are complete, in hop order:
 *   traceroute to 10.0.2.10 (10.0.2.10), 30 hops max, 60 byte packets
 *    1  10.0.1.1  0.512 ms  0.402 ms  0.380 ms
 *    2  10.0.2.10  0.820 ms  0.790 ms  0.781 ms
 * Times are simulated round trips.  Names come from the node's /etc/hosts
 * (there is no DNS yet): without -n a hop prints as "name (address)", or
 * "address (address)" when /etc/hosts has no line for it, as getnameinfo()
 * makes the real one print.
 *
 * Not modelled: the other methods (-I, -T, -U, ...), source routes (-g),
 * -s/-i, ICMP extensions, AS lookups, --mtu, --back, and fragmentation
 * (wirelab sends no packet larger than the route's MTU: the command layer
 * refuses a packetlen that would need it).
 */
#ifndef WL_TRACEROUTE_H
#define WL_TRACEROUTE_H

#include <stdbool.h>
#include <stdint.h>

struct node;
struct proc;

struct traceroute_opts {
	uint32_t dst;
	const char *dst_text;           /* the host as typed, for the header */
	unsigned first_ttl;             /* -f: 1 */
	unsigned max_ttl;               /* -m: 30 */
	unsigned nqueries;              /* -q: probes per hop, 3 */
	unsigned sim_queries;           /* -N: probes out at once, 16 */
	int64_t wait_ns;                /* -w MAX: 5 s */
	int64_t here_milli;             /* -w HERE, in thousandths: 3000 */
	int64_t near_milli;             /* -w NEAR, in thousandths: 10000 */
	int64_t sendwait_ns;            /* -z: 0 */
	uint16_t port;                  /* -p: the first destination port, 33434 */
	unsigned data_len;              /* UDP data bytes: 32 (60-byte packets) */
	uint8_t tos;                    /* -t */
	bool numeric;                   /* -n */
};

void traceroute_opts_default(struct traceroute_opts *o);

/* Start a traceroute in the foreground on n.  Never NULL.  It prints the
 * header at once (without its newline, as the real one does) and exits 0
 * when the trace is done; 1 when a probe cannot be sent because there is
 * no route ("connect: Network is unreachable" on stderr). */
struct proc *traceroute_start(struct node *n, const struct traceroute_opts *o);
/* The same for a name: getaddrinfo() (proc/resolver.h) first, then the
 * trace to the first address, the header showing the name as typed.  On
 * failure it prints "NAME: Name or service not known" and CLIF's "Cannot
 * handle "host" cmdline arg" line (argc_idx is the host's position) and
 * exits 2. */
struct proc *traceroute_start_name(struct node *n, const struct traceroute_opts *o, const char *host,
				   int argc_idx);

/* ---- /etc/hosts -----------------------------------------------------------
 * Name lookups as glibc's "files" backend does them (nsswitch "hosts:
 * files"), until wirelab has a resolver: lines "ADDRESS NAME ALIAS...",
 * '#' starts a comment, names compare without regard to case, IPv6 lines
 * are skipped.  Shared by ping, traceroute and hostname. */

/* Call fn for each IPv4 line of /etc/hosts, in order, with its address and
 * its names (the first is the canonical name); stop when fn returns true.
 * Returns whether fn stopped it. */
bool etc_hosts_scan(struct node *n, bool (*fn)(void *ctx, uint32_t addr, char **names, int count),
		    void *ctx);
/* The first line naming `name`: its address and its first name (the
 * canonical name ping prints).  canon may be NULL.  False when none. */
bool etc_hosts_by_name(struct node *n, const char *name, uint32_t *addr, char canon[256]);
/* The first name of the first line with `addr`, as getnameinfo() finds
 * it.  False when none. */
bool etc_hosts_by_addr(struct node *n, uint32_t addr, char name[256]);
/* An address as inet_aton() reads it: "10.0.2.10", and also "10.0.2"
 * (10.0.0.2), "167772682", "0x0a00020a", octal parts "012.0.0.1".  The
 * forms ping and traceroute accept without a name lookup. */
bool inet_aton_host(const char *s, uint32_t *addr);

#endif
