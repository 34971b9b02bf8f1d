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
	RES_GETADDRINFO,                /* ping, curl: getaddrinfo(AF_UNSPEC, AI_ADDRCONFIG) */
	RES_GETENT_HOSTS,               /* getent hosts: gethostbyname2 AAAA, then A */
	RES_GETENT_AHOSTS,              /* getent ahosts: getaddrinfo(AF_UNSPEC) */
	RES_GETHOSTBYNAME,              /* gethostbyname(): A only */
};

/* getaddrinfo's results, as gai_strerror words them. */
enum res_status {
	RES_OK = 0,
	RES_NONAME,                     /* EAI_NONAME: "Name or service not known" */
	RES_AGAIN,                      /* EAI_AGAIN: "Temporary failure in name resolution" */
	RES_FAIL,                       /* EAI_FAIL: "Non-recoverable failure in name resolution" */
	RES_NODATA,                     /* EAI_NODATA: "No address associated with hostname" */
};

#define RES_MAX_ADDRS 16

struct res_result {
	enum res_status status;
	char canon[DNS_NAME_TEXT];      /* canonical name, no trailing dot */
	char aliases[4][DNS_NAME_TEXT]; /* /etc/hosts aliases or CNAMEs followed */
	int n_aliases;
	uint32_t addrs[RES_MAX_ADDRS];  /* IPv4, host order, in answer order */
	int n_addrs;
	bool from_hosts;                /* answered by /etc/hosts */
};

/* gai_strerror()'s text for st. */
const char *res_status_text(enum res_status st);

typedef void res_done_fn(void *ctx, const struct res_result *r);

/* Start resolving name on n.  An address in inet_aton form is answered at
 * once (still through `done`, from the event loop).  Returns the lookup,
 * which the caller may cancel until `done` has been called. */
struct res_lookup *res_lookup(struct node *n, const char *name, enum res_api api,
			      res_done_fn *done, void *ctx);
void res_cancel(struct res_lookup *l);

/* resolv.conf as glibc reads it (res_init.c): unknown lines and bad values
 * ignored, at most 3 nameservers, the last `search`/`domain` line wins,
 * options clamped (ndots ≤ 15, timeout ≤ 30, attempts ≤ 5).  With no
 * nameserver line, 127.0.0.1 is used. */
struct res_conf {
	uint32_t ns[3];
	int n_ns;
	char search[8][DNS_NAME_TEXT];  /* absolute ("example.com.") */
	int n_search;
	int ndots, timeout_s, attempts;
	bool rotate, single_request, edns0;
};
void res_conf_parse(const char *text, struct res_conf *c);
/* Read n's machine's /etc/resolv.conf (defaults when there is none). */
void res_conf_load(struct node *n, struct res_conf *c);

#endif
