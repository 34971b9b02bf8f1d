/* resolver.h — host name lookup as glibc does it (nsswitch, /etc/hosts,
 * the DNS stub resolver with resolv.conf), asynchronous.
 *
 * A lookup reads the node's files when it starts (the machine's
 * /etc/nsswitch.conf, /etc/hosts, /etc/resolv.conf), walks the `hosts:`
 * sources in order, and for `dns` sends the queries glibc sends: the
 * search-list walk with the ndots rule, the query types the calling API
 * asks for and in its order, a fresh source port per candidate, the
 * timeout and attempts of resolv.conf, the next nameserver on a timeout.
 * The node is assumed to have no IPv6 address (so AI_ADDRCONFIG leaves out
 * AAAA where glibc does).  When it is done, `done` is called once, from
 * the event loop, never from inside res_lookup().
 *
 * What each API sends was captured from glibc 2.36 (Debian 12) against
 * dnsmasq, with tcpdump, on a machine without IPv6:
 *   getent hosts NAME   gethostbyname2(AF_INET6) then gethostbyname(): the
 *                       whole walk with AAAA queries, then the whole walk
 *                       again with A queries; each query its own socket.
 *   getent ahosts NAME  getaddrinfo(AF_UNSPEC, AI_ADDRCONFIG): A only.
 *   ping NAME           getaddrinfo(AF_UNSPEC, AI_CANONNAME), no
 *                       AI_ADDRCONFIG: A and AAAA together from one socket
 *                       per candidate (A first), as send_dg() does.
 *   ping -4 NAME        getaddrinfo(AF_INET), no AI_ADDRCONFIG: A and AAAA
 *                       all the same (gethostbyname4), IPv4 kept; a name
 *                       with only AAAA is EAI_ADDRFAMILY, with neither
 *                       EAI_NODATA.
 *   getent ahostsv4     getaddrinfo(AF_INET, AI_ADDRCONFIG): A only.
 * Sockets: one per nameserver per candidate name, connect()ed to it (so
 * an ICMP port unreachable fails that server at once); a timeout retries
 * from the same socket, a SERVFAIL/REFUSED answer to a single query opens
 * a fresh one.  The query id is random per query and kept on retries.
 *
 * The caller must cancel a lookup before its node goes away (a process
 * does it in its kill operation, which node_free() calls first).
 *
 * Every query and answer is a real UDP datagram on the wire, and every step
 * of the walk is a TR_DECISION record ("resolver") saying why: "hosts:
 * files dns", "1 dot < ndots:2: search list first", "NXDOMAIN: next
 * search domain", "timeout: next nameserver".
 */
#ifndef WL_RESOLVER_H
#define WL_RESOLVER_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/dns.h"

struct node;
struct res_lookup;

/* Which library call the program makes: it decides the query types and
 * their order (see reference/networking.md §2, checked on the real tools). */
enum res_api {
	RES_GETADDRINFO,                /* ping: getaddrinfo(AF_UNSPEC) without AI_ADDRCONFIG:
					 * A and AAAA in parallel (see above) */
	RES_GETENT_HOSTS,               /* getent hosts: gethostbyname2 AAAA, then A */
	RES_GETENT_AHOSTS,              /* getent ahosts, ahostsv4: getaddrinfo() with
					 * AI_ADDRCONFIG, no IPv6 address here: A only */
	RES_GETHOSTBYNAME,              /* gethostbyname(): A only */
	RES_GETADDRINFO_V4,             /* getaddrinfo(AF_INET) without AI_ADDRCONFIG
					 * (ping -4): A and AAAA, IPv4 kept */
	RES_GETNAMEINFO,                /* getnameinfo()/gethostbyaddr(): PTR (res_lookup_addr) */
};

/* getaddrinfo's results, as gai_strerror words them. */
enum res_status {
	RES_OK = 0,
	RES_NONAME,                     /* EAI_NONAME: "Name or service not known" */
	RES_AGAIN,                      /* EAI_AGAIN: "Temporary failure in name resolution" */
	RES_FAIL,                       /* EAI_FAIL: "Non-recoverable failure in name resolution" */
	RES_NODATA,                     /* EAI_NODATA: "No address associated with hostname" */
	RES_ADDRFAMILY,                 /* EAI_ADDRFAMILY: "Address family for hostname not
					 * supported" (AF_INET asked, the name has only
					 * AAAA: what `ping -4` says) */
};

#define RES_MAX_ADDRS 64                /* getent prints every one of 40 (checked) */

struct res_result {
	enum res_status status;
	char canon[DNS_NAME_TEXT];      /* canonical name, no trailing dot */
	char aliases[8][DNS_NAME_TEXT]; /* /etc/hosts aliases or CNAMEs followed */
	int n_aliases;
	uint32_t addrs[RES_MAX_ADDRS];  /* IPv4, host order, in answer order */
	int n_addrs;
	/* IPv6 addresses (AAAA answers, IPv6 lines of /etc/hosts): wirelab
	 * has no IPv6 stack, but `getent hosts` prints them, since it asks
	 * for AF_INET6 first. */
	uint8_t addrs6[4][16];
	int n_addrs6;
	bool from_hosts;                /* answered by /etc/hosts */
};

/* inet_ntop(AF_INET6) of a (for printing AAAA results). */
void res_addr6_text(const uint8_t a[16], char out[46]);
/* inet_pton(AF_INET): dotted quad only. */
bool res_pton4(const char *s, uint32_t *addr);
/* gethostent() over /etc/hosts text in AF_INET, as `getent hosts` with no
 * key lists it: each line's address ("::1" as 127.0.0.1, v4-mapped as
 * IPv4, other IPv6 lines left out) and names. */
void res_hosts_enum(const char *text, void (*fn)(void *ctx, uint32_t addr, char **names, int count),
		    void *ctx);

/* gai_strerror()'s text for st. */
const char *res_status_text(enum res_status st);

typedef void res_done_fn(void *ctx, const struct res_result *r);

/* Start resolving name on n.  An address in inet_aton form is answered at
 * once (still through `done`, from the event loop).  Returns the lookup,
 * which the caller may cancel until `done` has been called. */
struct res_lookup *res_lookup(struct node *n, const char *name, enum res_api api,
			      res_done_fn *done, void *ctx);
void res_cancel(struct res_lookup *l);

/* getnameinfo() of an IPv4 address, as ping and traceroute call it for
 * every reply they print: /etc/hosts (the first line with the address),
 * then a PTR query for d.c.b.a.in-addr.arpa. (no search list), per the
 * `hosts:` line.  r->canon is the name; RES_NONAME when nobody knows it
 * (getnameinfo then gives the number itself), RES_AGAIN when DNS failed
 * (getnameinfo fails: iputils prints the bare address). */
struct res_lookup *res_lookup_addr(struct node *n, uint32_t addr, res_done_fn *done, void *ctx);

/* resolv.conf as glibc reads it (res_init.c): unknown lines and bad values
 * ignored, at most 3 nameservers, the last `search`/`domain` line wins,
 * options clamped (ndots ≤ 15, timeout ≤ 30, attempts ≤ 5).  With no
 * nameserver line, 127.0.0.1 is used. */
struct res_conf {
	uint32_t ns[3];
	int n_ns;
	/* absolute ("example.com."); glibc 2.36 keeps any number (checked:
	 * 10 domains are all tried), wirelab the first 32 */
	char search[32][DNS_NAME_TEXT];
	int n_search;
	int ndots, timeout_s, attempts;
	bool rotate, single_request, edns0;
};
void res_conf_parse(const char *text, struct res_conf *c);
/* Read n's machine's /etc/resolv.conf (defaults when there is none); with
 * no search or domain line, the domain is the part of the hostname after
 * its first dot, when it has one (res_init.c). */
void res_conf_load(struct node *n, struct res_conf *c);

#endif
