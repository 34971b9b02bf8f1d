/* dns_server_int.h — what the files of the DNS server share (not for
 * callers: they use dns_server.h).
 *
 *   dns_zone.c    the configuration: zones, records in zone-file text
 *                 form, the public-resolver table; authoritative lookup
 *   dns_cache.c   the forwarder's cache (RFC 2308 negative caching)
 *   dns_server.c  the process: the socket, the decisions, forwarding, the
 *                 query log
 *   dns_tcp.c     DNS over TCP (RFC 7766): length-prefixed messages
 */
#ifndef WL_DNS_SERVER_INT_H
#define WL_DNS_SERVER_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "proc/dns_server.h"
#include "util/strbuf.h"
#include "wire/dns.h"

struct udp_sock;
struct tcp_sock;

/* A record of a zone or of the table.  rr.name is absolute and lower-case;
 * an SOA is never among them (the zone keeps its own). */
struct dnsz_rec {
	struct dns_rr rr;
	bool ttl_default;               /* given without a TTL: the conf's ttl */
};

struct dns_zone {
	char origin[DNS_NAME_TEXT];     /* absolute, lower-case: "example.com." */
	struct dns_soa soa;
	uint32_t soa_ttl;
	bool soa_given, soa_ttl_default;
	struct dnsz_rec **rec;
	size_t n, cap;
};

struct dns_server_conf {
	uint32_t ttl;
	uint16_t port;
	uint32_t listen;
	bool ptr;
	struct dns_zone **zones;
	size_t n_zones, cap_zones;
	uint32_t upstream[DNS_SERVER_MAX_UPSTREAMS];
	int n_upstreams;
	struct dnsz_rec **hosts;        /* the public-resolver table: A records */
	size_t n_hosts, cap_hosts;
};

/* Give records without a TTL the conf's, and zones without an SOA the
 * made-up one (dns_server_start, and each dns_server_reload: a made-up
 * serial goes up by one each time). */
void dnsz_finish(struct dns_server_conf *c);

/* The zone qname lies in (the longest origin), or NULL. */
const struct dns_zone *dnsz_zone_of(const struct dns_server_conf *c, const char *qname);

/* How an authoritative lookup ended. */
struct dnsz_result {
	const struct dns_zone *zone;    /* the zone that answered (the last one of a chain) */
	unsigned rcode;                 /* NOERROR or NXDOMAIN */
	bool negative;                  /* NXDOMAIN or NODATA: SOA in authority */
	bool wildcard;                  /* some answer came from a "*" record */
	char last[DNS_NAME_TEXT];       /* where a CNAME chain ended (qname without one) */
};

/* Answer qname/qtype from the zones into r's answer and authority sections
 * (r's header is the caller's).  qname as the client sent it (its case is
 * kept in the first owner name, as servers do).  False when qname is in no
 * zone. */
bool dnsz_lookup(const struct dns_server_conf *c, const char *qname, uint16_t qtype,
		 struct dns_msg *r, struct dnsz_result *res);

/* ptr = true: a PTR for an address of the zones' A records (AA), or of the
 * table's (not AA: *aa tells).  False when none holds the address. */
bool dnsz_ptr(const struct dns_server_conf *c, const char *qname, struct dns_msg *r, bool *aa,
	      uint32_t elapsed_s);

/* The public-resolver table: qname's addresses with TTLs counting down
 * (elapsed_s since the server started), or NODATA with a made-up SOA of the
 * name's domain.  False when qname is not in the table. */
bool dnsz_table(const struct dns_server_conf *c, const char *qname, uint16_t qtype,
		struct dns_msg *r, uint32_t elapsed_s, bool *nodata);

/* NXDOMAIN from a public resolver: the root zone's SOA in authority. */
void dnsz_root_soa(struct dns_msg *r, uint32_t elapsed_s);

/* Copy rr into section sec of m with this owner name and TTL (an SOA's
 * data too).  False when m is full. */
bool dnsz_copy_rr(struct dns_msg *m, enum dns_section sec, const struct dns_rr *rr,
		  const char *owner, uint32_t ttl);

/* ---- the cache (dns_cache.c) ---------------------------------------------- */

struct dns_cache_entry {
	char name[DNS_NAME_TEXT];       /* lower-case */
	uint16_t type;
	unsigned rcode;
	bool negative;
	int64_t stored_ns, expires_ns;
	struct dns_rr *rr;              /* answers, then the SOA of a negative answer */
	size_t n, n_an;
};

struct dns_cache {
	struct dns_cache_entry *v;
	size_t n, cap, max;
};

void dns_cache_init(struct dns_cache *c, size_t max);
void dns_cache_free(struct dns_cache *c);
/* Keep upstream answer m (to its question) as RFC 2308 says: positive for
 * the smallest TTL of its answers, negative (NXDOMAIN, NODATA) for
 * min(SOA TTL, SOA minimum) when it carries an SOA.  Returns the seconds
 * kept, 0 when not cacheable (no SOA, TTL 0, TC, an error rcode). */
uint32_t dns_cache_put(struct dns_cache *c, const struct dns_msg *m, int64_t now_ns);
/* A fresh entry for name/type: its records go into r's answer and
 * authority sections with their TTLs decreased by the time held, and r's
 * rcode is set; *left is the entry's remaining life in seconds.  NULL on a
 * miss (an expired entry is forgotten). */
const struct dns_cache_entry *dns_cache_get(struct dns_cache *c, const char *name, uint16_t type,
					    int64_t now_ns, struct dns_msg *r, uint32_t *left);

/* ---- the process (dns_server.c) ------------------------------------------- */

struct dns_tcp_conn;

/* Where a query came from, and so where its answer goes. */
struct dns_peer {
	uint32_t addr;
	uint16_t port;
	struct dns_tcp_conn *tcp;       /* NULL: over UDP */
};

/* A query waiting for an upstream's answer. */
struct dns_fwd {
	struct dns_server *srv;
	struct udp_sock *sock;          /* ours alone: a random port per query */
	struct ev timer;
	struct dns_peer client;         /* holds its TCP connection (dns_tcp_hold) */
	uint16_t cid, cflags;
	bool cedns;
	uint16_t climit;                /* the client's UDP size */
	struct dns_question q;          /* as the client asked it */
	uint16_t id;                    /* the ID sent upstream */
	int up;                         /* index of the upstream asked now */
	struct dns_fwd *next;
};

struct dns_server {
	struct proc *proc;
	struct node *node;
	struct dns_server_conf *conf;
	struct udp_sock *sock;
	struct tcp_sock *listener;
	struct dns_tcp_conn *conns;
	struct dns_msg *q, *r;          /* scratch: a parsed message, an answer */
	struct dns_fwd *pending;
	size_t n_pending;
	struct dns_cache cache;
	struct dns_server_stats st;
	int64_t started_ns;
	uint8_t *buf;
};

/* One query, len bytes at data, from `from` (UDP or TCP): answered, forwarded
 * or dropped. */
void dns_server_query(struct dns_server *s, const uint8_t *data, uint32_t len,
		      const struct dns_peer *from);

/* ---- TCP (dns_tcp.c) --------------------------------------------------------- */

/* Listen on the server's address and port; 0, or -1 with world_error(). */
int dns_tcp_listen(struct dns_server *s);
/* Close the listener and every connection (the server is killed). */
void dns_tcp_stop(struct dns_server *s);
/* Send one message on c, behind its two-byte length. */
void dns_tcp_send(struct dns_tcp_conn *c, const uint8_t *msg, size_t len);
/* A forwarded query keeps c alive until its answer is sent (or dropped). */
void dns_tcp_hold(struct dns_tcp_conn *c);
void dns_tcp_release(struct dns_tcp_conn *c);

#endif
