/* dns_server.h — a DNS server process: authoritative zones, a forwarder
 * with a cache, and a "public resolver" that answers from a flat table.
 *
 * One process on a node, listening on UDP port 53 (or another).  For each
 * query it decides, in this order (docs/dns-server.md tells the learner's
 * version):
 *
 *   1. a name in or under one of its zones: answered authoritatively (AA),
 *      as BIND answers from a zone file: the records, CNAME chains followed
 *      inside its own data (the CNAME, then the target's records),
 *      wildcards ("*.example.com"), NXDOMAIN or NODATA with the zone's SOA
 *      in the authority section (TTL = min(SOA TTL, SOA minimum), RFC 2308
 *      §3);
 *   2. with `ptr` on: a PTR query for an address one of its A records holds
 *      ("config 10.0.0.80 is www.example.com", as dnsmasq does for its
 *      host records);
 *   3. a name of the flat table (`records`): answered like a recursive
 *      resolver that had it cached (RA, not AA, TTLs counting down);
 *   4. with forwarders and RD set: the cache (RFC 2308 negative caching
 *      included), else forwarded to the upstreams in order, the next one
 *      after DNS_SERVER_UPSTREAM_TIMEOUT without an answer, SERVFAIL when
 *      every upstream failed;
 *   5. a flat table and nothing else matched: NXDOMAIN with the root zone's
 *      SOA, as a public resolver answers for a name that does not exist;
 *   6. otherwise REFUSED (BIND with `recursion no`, dnsmasq with no
 *      upstream server: a name outside its data is not its business).
 *
 * Bad queries: fewer than 12 bytes or QR set is dropped (DROP_DNS_MALFORMED);
 * a message that does not parse gets FORMERR (header only), an opcode other
 * than QUERY NOTIMP, a QDCOUNT other than 1 FORMERR.  A query with an EDNS
 * OPT record gets one back (UDP payload DNS_SERVER_EDNS_SIZE, as dnsmasq
 * and BIND 9.18 advertise); an answer larger than 512 bytes, or than the
 * client's EDNS size, is truncated with TC set.
 *
 * Output: a query log on the process's stdout in dnsmasq's --log-queries
 * wording, without its "dnsmasq[pid]: " prefix:
 *     query[A] www.example.com from 10.0.0.1
 *     config www.example.com is 10.0.0.80
 *     forwarded example.org to 8.8.8.8
 *     reply example.org is 93.184.215.14
 *     cached example.org is 93.184.215.14
 * and every decision as a TR_DECISION record ("dns") in plain words.
 *
 * The same questions are taken over TCP on the same port (RFC 7766: a
 * two-byte length before each message, answers never truncated), as a
 * client asks again after a truncated answer.
 *
 * Not modelled: zone transfers, DNSSEC, delegations below a zone's apex (an NS
 * record there is plain data), IPv6 transport.
 */
#ifndef WL_DNS_SERVER_H
#define WL_DNS_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/world.h"

struct node;
struct proc;
struct dns_server_conf;

#define DNS_SERVER_MAX_UPSTREAMS 3     /* as resolv.conf's MAXNS */
/* CoreDNS's forward plugin waits 2 s for an upstream's answer; with two
 * dead upstreams the SERVFAIL still reaches a glibc client before its own
 * 5 s timeout. */
#define DNS_SERVER_UPSTREAM_TIMEOUT (2 * NS_PER_S)
#define DNS_SERVER_EDNS_SIZE 1232      /* dnsmasq 2.90 and BIND 9.18 defaults */
#define DNS_SERVER_CACHE_SIZE 150      /* dnsmasq's default cache-size */
#define DNS_SERVER_DEFAULT_TTL 300

/* ---- configuration ---------------------------------------------------------
 * Built before the server starts.  Every call returns 0, or -1 with a
 * sentence saying what was expected in err. */

struct dns_server_conf *dns_conf_new(void);
void dns_conf_free(struct dns_server_conf *c);

/* TTL of records given without one, and of the made-up SOA (default 300). */
void dns_conf_set_ttl(struct dns_server_conf *c, uint32_t ttl);
void dns_conf_set_port(struct dns_server_conf *c, uint16_t port);
/* Listen on this address only (dnsmasq's listen-address), so that two
 * servers can share a node; 0 (the default) is every address. */
void dns_conf_set_listen(struct dns_server_conf *c, uint32_t addr);
/* Answer PTR queries from the zones' A records. */
void dns_conf_set_ptr(struct dns_server_conf *c, bool on);

/* A zone ("example.com", "0.0.10.in-addr.arpa"; a final dot optional).
 * Adding a zone twice is not an error: the records join it. */
int dns_conf_zone(struct dns_server_conf *c, const char *origin, char *err, size_t errlen);

/* A record of zone `origin` (added with dns_conf_zone), in zone-file terms:
 * owner relative to the zone unless it ends with '.', "@" the apex, "*"
 * or "*.x" a wildcard; type by name (case-insensitive: A, AAAA, CNAME, NS,
 * PTR, MX, TXT, SRV, SOA); rdata in zone-file text form:
 *     A 10.0.0.80     AAAA 2001:db8::1     CNAME www     NS ns1
 *     PTR www.example.com.     MX 10 mail     TXT any text
 *     SRV 0 100 80 web     SOA ns1 hostmaster 2024010101 3600 600 86400 300
 * (names in rdata are relative to the zone too).  ttl < 0: the default. */
int dns_conf_record(struct dns_server_conf *c, const char *origin, const char *owner,
		    const char *type, const char *rdata, int64_t ttl, char *err, size_t errlen);

/* Remove the records of `owner` (zone-file form, as for dns_conf_record)
 * of type `type` (NULL: every type) from zone origin.  Returns how many
 * went, or -1 with err when there is no such zone or name. */
int dns_conf_remove(struct dns_server_conf *c, const char *origin, const char *owner,
		    const char *type, char *err, size_t errlen);

/* An upstream server (at most DNS_SERVER_MAX_UPSTREAMS, asked in order). */
int dns_conf_forward(struct dns_server_conf *c, uint32_t addr, char *err, size_t errlen);

/* A name of the public-resolver table and one of its addresses (call again
 * for more addresses of the same name). */
int dns_conf_host(struct dns_server_conf *c, const char *name, uint32_t addr, char *err,
		  size_t errlen);

/* ---- the process ---------------------------------------------------------- */

/* Start the server on n; it takes c (freed with the process, or here on
 * failure).  NULL with world_error() set when the port is taken. */
struct proc *dns_server_start(struct node *n, struct dns_server_conf *c);

struct dns_server_stats {
	uint64_t queries;               /* well-formed queries received */
	uint64_t authoritative;         /* answered from the zones (and ptr) */
	uint64_t table;                 /* answered from the public-resolver table */
	uint64_t cache_hits;
	uint64_t forwarded;             /* queries sent upstream (retries included) */
	uint64_t servfail, refused, formerr, notimp, truncated;
	uint64_t dropped;               /* malformed, or a response sent to us */
	uint64_t cache_entries;         /* entries held now */
	uint64_t tcp_connections;       /* accepted on the TCP port */
};

/* The configuration of a running server, to change its zones while it
 * runs (a controller keeping a cluster.local zone in step with Services,
 * as CoreDNS's kubernetes plugin does): dns_conf_zone(), dns_conf_record(),
 * dns_conf_remove(), then dns_server_reload().  NULL for another program. */
struct dns_server_conf *dns_server_conf(struct proc *p);
/* Take the changes: records without a TTL get the default, new zones their
 * SOA.  Answers already sent are not recalled, and caches elsewhere keep
 * what they hold. */
void dns_server_reload(struct proc *p);

/* The statistics of a DNS server process, or NULL for another program. */
const struct dns_server_stats *dns_server_stats(const struct proc *p);

#endif
