/* dnsq.h — the query engine BIND 9.18's dig, host and nslookup share
 * (their bin/dig/dighost.c), as a process on a node.
 *
 * A tool is a queue of lookups (a name, a type).  For each lookup the
 * engine walks the search list the way dighost does (next_origin()): with
 * the search list on and fewer dots than ndots, the name under each search
 * domain in turn and then the name as typed; with ndots met, only the name
 * as typed.  An NXDOMAIN moves on to the next candidate without being
 * shown; any other answer ends the lookup.  Each candidate is asked of the
 * servers in order, with a fresh UDP socket (so a
 * fresh ephemeral port) per attempt, the same message id for every attempt
 * of one candidate, `timeout` between attempts.  An ICMP port unreachable
 * ends an attempt at once ("connection refused").  The first server gets
 * `tries` attempts and each server after it one (dighost counts the
 * retries per lookup, not per server: seen on the real tools with two
 * silent servers, 3 + 1 attempts).
 *
 * What is printed belongs to the tool: the engine calls the tool's hooks
 * (struct dnsq_tool_ops) with each answer and each failure, and the hooks
 * print with proc_printf and may queue more lookups (nslookup's AAAA after
 * an A, host's AAAA and MX).  The hooks live in dnsq_dig.c, dnsq_host.c and
 * dnsq_nslookup.c; the command lines are parsed in cmd/cmd_dig.c.
 *
 * Queries are real datagrams: RD (unless +norec), AD for dig, and for dig
 * an EDNS0 OPT record (UDP payload 1232) with an 8-byte client COOKIE, as
 * dig 9.18 sends; ids, cookies and ports come from the world's generator.
 * A truncated answer (TC) is asked again over TCP (a new id, the same
 * server), as dighost does; +tcp asks over TCP from the start.
 * Not modelled: IPv6 transport, TSIG, zone transfers, keeping a TCP
 * connection for several lookups (+keepopen).
 */
#ifndef WL_DNSQ_H
#define WL_DNSQ_H

#include <stdbool.h>
#include <stdint.h>

#include "wire/dns.h"

struct node;
struct proc;
struct dnsq;

#define DNSQ_MAX_SERVERS 3
#define DNSQ_MAX_SEARCH 8
#define DNSQ_MAX_LOOKUPS 16
#define DNSQ_VERSION "9.18.49-1~deb12u3-Debian"

enum dnsq_tool { DNSQ_DIG, DNSQ_HOST, DNSQ_NSLOOKUP };

/* dig's printing switches (+[no]cmd, +[no]short, ...). */
struct dnsq_dig_style {
	bool cmd, comments, question, answer, authority, additional, stats, short_form;
};

struct dnsq_server {
	uint32_t addr;                  /* host order */
	char name[256];                 /* as the user gave it: "(10.0.0.53)" in SERVER */
	/* An IPv6 server (from resolv.conf, or BIND's default ::1): wirelab's
	 * nodes have no IPv6, so every attempt fails at connect(), as on a
	 * Linux namespace with IPv6 disabled; name holds the address. */
	bool v6;
};
/* The server's address as the tools print it ("10.0.0.53", "::1"). */
void dnsq_server_text(const struct dnsq_server *s, char out[64]);

/* resolv.conf as BIND's lib/irs/resconf.c reads it. */
struct dnsq_conf {
	struct dnsq_server ns[DNSQ_MAX_SERVERS];
	int n_ns;
	char search[DNSQ_MAX_SEARCH][DNS_NAME_TEXT];   /* without the final dot */
	int n_search;
	int ndots;                      /* default 1 */
	int timeout_s, attempts;        /* 0: not given */
};
void dnsq_conf_parse(const char *text, struct dnsq_conf *c);
/* The node's /etc/resolv.conf (none: 127.0.0.1, as BIND's default). */
void dnsq_conf_load(struct node *n, struct dnsq_conf *c);

/* Strictly a dotted quad, as inet_pton(AF_INET) takes it (host order). */
bool dnsq_dotted_quad(const char *s, uint32_t *out);
/* dig -x's get_reverse(): the PTR name for an IPv4 or IPv6 address, and
 * for anything else its labels reversed under in-addr.arpa. */
void dnsq_reverse_name(const char *text, char out[DNS_NAME_TEXT]);

struct dnsq_opts {
	enum dnsq_tool tool;
	struct dnsq_server servers[DNSQ_MAX_SERVERS];
	int n_servers;
	bool server_given;              /* @server / nslookup NAME SERVER / host NAME SERVER */
	int servers_found;              /* dig: "; (N server(s) found)"; 0 prints nothing */
	uint16_t port;
	int tries;                      /* attempts per server (>= 1) */
	int64_t timeout_ns;
	bool search;                    /* apply the search list */
	char search_list[DNSQ_MAX_SEARCH][DNS_NAME_TEXT];
	int n_search;
	int ndots;
	bool rd, ad, edns, cookie;
	bool tcp;                       /* +tcp / +vc, host -T, nslookup -vc; dig's ANY */
	uint16_t udp_size;              /* EDNS payload size advertised */
	struct dnsq_dig_style style;    /* dig only */
	char cmdline[1024];             /* dig's "<<>> ARGS" */
	bool default_lookups;           /* nslookup/host: A (then AAAA, MX) */
	bool host_explicit_type;        /* host -t TYPE: NODATA says "has no TYPE record" */
	bool host_verbose;              /* host -v (-d) */
};

void dnsq_opts_default(struct dnsq_opts *o, enum dnsq_tool tool);

/* One name to look up.  textname is what the user typed (relative or
 * absolute), shown in nslookup's and host's messages. */
struct dnsq_lookup {
	char textname[DNS_NAME_TEXT];
	uint16_t qtype, qclass;
	bool search;                    /* walk the search list for this one */
	bool tcp;                       /* over TCP from the start (dig's ANY) */
};

/* Start the tool with its first lookups; it runs in the foreground and
 * exits with the tool's status.  Never NULL. */
struct proc *dnsq_start(struct node *n, const struct dnsq_opts *o, const struct dnsq_lookup *l,
			int n_lookups);

/* ---- for the tools' hooks (dnsq_dig.c, dnsq_host.c, dnsq_nslookup.c) ----- */

struct dnsq_answer {
	const struct dnsq_lookup *lookup;
	const char *qname;              /* the name asked, absolute */
	const struct dns_msg *msg;
	uint32_t len;                   /* bytes received */
	const struct dnsq_server *server;
	uint16_t port;
	int64_t rtt_ns;
	bool tcp;                       /* came over TCP */
	uint16_t sent_flags;            /* the query's flags (RD) */
	const uint8_t *cookie;          /* the client cookie sent (8 bytes), or NULL */
};

struct dnsq_tool_ops {
	/* A query for qname is about to go out (once per candidate name, not
	 * per attempt; NULL: nothing to say). */
	void (*sending)(struct dnsq *q, const char *qname);
	/* Every answer as it arrives, before the search walk may pass over
	 * it (NULL: nothing to say).  more_servers says whether a server
	 * after this one remains; returning true drops the answer and asks
	 * that next server (nslookup's "trying next server"). */
	bool (*received)(struct dnsq *q, const struct dnsq_answer *a, bool more_servers);
	/* A UDP answer came truncated (TC): the engine asks again over TCP
	 * (NULL: silently, as host does). */
	void (*truncated)(struct dnsq *q);
	/* The answer that ends a lookup. */
	void (*answer)(struct dnsq *q, const struct dnsq_answer *a);
	/* (A failed attempt or connect() is reported by the engine itself:
	 * dighost's lines are the same in the three tools.) */
	/* Every server and attempt failed for this lookup; whether the last
	 * failure already said "no servers could be reached":
	 * dnsq_last_setup_failed(). */
	void (*no_servers)(struct dnsq *q, const struct dnsq_lookup *l);
	/* The queue is empty: print the end and return the exit status. */
	int (*finish)(struct dnsq *q);
};

struct proc *dnsq_proc(struct dnsq *q);
const struct dnsq_opts *dnsq_options(const struct dnsq *q);
/* The last failed attempt was a failed setup (connect()), whose lines end
 * with "no servers could be reached" already. */
bool dnsq_last_setup_failed(const struct dnsq *q);
/* Per-tool state the hooks keep (zeroed at start). */
void *dnsq_tool_state(struct dnsq *q);
/* dns_name_format(): the name without its final dot (the root stays "."). */
void dnsq_no_dot(const char *name, char out[DNS_NAME_TEXT]);
/* chase_cnamechain(): follow the answer's CNAMEs from name, in place. */
void dnsq_chase_cname(const struct dns_msg *m, char name[DNS_NAME_TEXT]);
/* Queue another lookup after the ones waiting. */
void dnsq_add_lookup(struct dnsq *q, const struct dnsq_lookup *l);
/* Drop the lookups still queued (host stops at NXDOMAIN). */
void dnsq_clear_lookups(struct dnsq *q);

extern const struct dnsq_tool_ops dnsq_dig_ops, dnsq_host_ops, dnsq_nslookup_ops;

/* dig's presentation of one record (masterdump.c's columns: TTL at 24,
 * class at 32, type at 40, RDATA at 48, with tabs of 8); question lines
 * when question is true.  Shared with host -v. */
void dnsq_format_rr(char *out, size_t cap, const struct dns_rr *rr);
/* dig's printing of a message after ";; Got answer:": the header lines
 * (with comments), the OPT pseudosection, the sections the style asks
 * for, each followed by a blank line.  Shared with host -v. */
void dnsq_print_message(struct proc *p, const struct dns_msg *m, const struct dnsq_dig_style *s,
			uint16_t sent_flags, const uint8_t *cookie);
void dnsq_format_question(char *out, size_t cap, const struct dns_question *qd);

#endif
