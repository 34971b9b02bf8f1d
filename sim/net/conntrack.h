/* conntrack.h — connection tracking (Linux nf_conntrack) and the NAT
 * bindings it carries.
 *
 * What it models: one node's connection table.  A connection is created
 * (unconfirmed) by the first packet of a flow in PREROUTING or OUTPUT and
 * confirmed when that packet leaves the last hook (POSTROUTING or INPUT);
 * a packet dropped before that leaves no entry, as in Linux.  Each entry
 * holds two tuples: the ORIGINAL direction as the first packet looked, and
 * the REPLY direction as the answer will look — after NAT, the reply tuple
 * is the translated one (so `conntrack -L` shows e.g. "src=10.0.0.1
 * dst=203.0.113.1 sport=40000 dport=8080 src=172.17.0.2 dst=10.0.0.1
 * sport=80 dport=40000").  Every later packet of the flow is found by
 * either tuple and gets the same translation (NAT is decided once, by the
 * nat table on the NEW packet); replies get the reverse one.
 *
 * States seen by `-m conntrack --ctstate` (nf.h NF_CT_*): NEW (first
 * packet, or later ones before any reply), ESTABLISHED (a reply was seen,
 * and every packet after), RELATED (an ICMP error about a tracked flow:
 * its quoted header is translated too), INVALID (no usable tuple, e.g. a
 * truncated header, or a TCP segment conntrack's state machine refuses).
 *
 * Timeouts are the kernel's defaults (Documentation/networking/
 * nf_conntrack-sysctl.rst), per node sysctls (sysctl.h):
 *   tcp: SYN_SENT 120 s, SYN_RECV 60, ESTABLISHED 432000, FIN_WAIT 120,
 *        CLOSE_WAIT 60, LAST_ACK 30, TIME_WAIT 120, CLOSE 10;
 *   udp: 30 s until a reply is seen, then 120 s once the flow is
 *        "stream" (a packet after the reply — ASSURED);
 *   icmp: 30 s.
 * An entry expires by timer and the trace says so.
 *
 * Determinism: entries are kept in creation order; ports chosen by NAT
 * come from the world's generator.  Real Linux lists `conntrack -L` in
 * hash-bucket order, which is random per boot: ours is creation order.
 */
#ifndef WL_CONNTRACK_H
#define WL_CONNTRACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/event.h"

struct node;
struct netdev;
struct pkt;
struct world;

enum ct_dir { CT_DIR_ORIGINAL = 0, CT_DIR_REPLY = 1 };

/* One direction of a flow, as conntrack -L prints it.  Host order.
 * TCP/UDP: src dst sport dport.  ICMP (echo, timestamp, info, address
 * mask queries): src dst, the query's id in `id`, and this direction's
 * type/code (the original's 8/0 has the reply tuple 0/0): printed as
 * "src=.. dst=.. type=8 code=0 id=1234". */
struct ct_tuple {
	uint32_t src, dst;
	uint16_t sport, dport;          /* TCP/UDP only */
	uint16_t id;                    /* ICMP only */
	uint8_t type, code;             /* ICMP only */
	uint8_t proto;                  /* 6, 17 or 1 */
};

/* Status bits (IPS_* of include/uapi/linux/netfilter/nf_conntrack_common.h).
 * conntrack -L prints "[UNREPLIED]" after the original tuple when
 * CT_SEEN_REPLY is NOT set, and "[ASSURED]" after the reply tuple when
 * CT_ASSURED is set. */
enum {
	CT_SEEN_REPLY = 1u << 1,        /* a packet in the reply direction was seen */
	CT_ASSURED = 1u << 2,           /* will not be early-dropped: TCP established, UDP stream */
	CT_CONFIRMED = 1u << 3,         /* in the table (its first packet got through) */
	CT_SRC_NAT = 1u << 4,           /* SNAT/MASQUERADE applies */
	CT_DST_NAT = 1u << 5,           /* DNAT applies */
	CT_DYING = 1u << 9,
};

/* TCP conntrack states (nf_conntrack_proto_tcp.c), printed by conntrack -L
 * after the timeout: "SYN_SENT", ... (CT_TCP_NONE never shows). */
enum ct_tcp_state {
	CT_TCP_NONE = 0,
	CT_TCP_SYN_SENT,
	CT_TCP_SYN_RECV,
	CT_TCP_ESTABLISHED,
	CT_TCP_FIN_WAIT,
	CT_TCP_CLOSE_WAIT,
	CT_TCP_LAST_ACK,
	CT_TCP_TIME_WAIT,
	CT_TCP_CLOSE,
	CT_TCP_SYN_SENT2,
	CT_TCP__COUNT
};
const char *ct_tcp_state_name(enum ct_tcp_state s);
/* "tcp", "udp", "icmp" (conntrack -L's first column), or "unknown". */
const char *ct_proto_name(uint8_t proto);

struct ct_entry {
	uint64_t id;                    /* 1, 2, ... per node (conntrack -L -o id) */
	struct ct_tuple tuple[2];       /* [CT_DIR_ORIGINAL], [CT_DIR_REPLY] */
	uint32_t status;                /* CT_* bits above */
	enum ct_tcp_state tcp_state;    /* TCP only */
	uint32_t mark;                  /* ct mark (always 0 here: no CONNMARK) */
	int64_t created_ns;
	int64_t expires_ns;             /* absolute simulated time */
	uint64_t pkts[2], bytes[2];     /* per direction (conntrack -L shows them only with acct on) */

	/* Engine internals: not for listers. */
	struct node *node;
	struct ev timer;
	struct ct_entry *list_prev, *list_next;         /* creation order */
	struct ct_hnode {                               /* per-tuple hash chains */
		struct ct_hnode *next;
		struct ct_entry *e;
		uint8_t dir;
	} hn[2];
	bool in_hash;
	bool nat_done[2];                               /* SRC, DST manip decided */
};

struct ct_table {
	struct ct_entry *head, *tail;   /* confirmed entries, creation order */
	size_t count;
	uint64_t next_id;
	struct ct_hnode **buckets;      /* hash of both tuples */
	size_t n_buckets;
};

/* ---------------------------------------------------------------- listing */
/* The confirmed entries of a node, oldest first (NULL: none). */
const struct ct_entry *ct_first(const struct node *n);
const struct ct_entry *ct_next(const struct ct_entry *e);
size_t ct_count(const struct node *n);
/* The timeout conntrack -L prints: whole seconds left, rounded down
 * (ctnetlink divides by HZ); 0 once due. */
uint32_t ct_timeout_left_s(const struct node *n, const struct ct_entry *e);

/* conntrack -D for one entry: removes it now (trace: "destroyed").
 * Returns 0, or -ENOENT if e is not in n's table. */
int ct_delete(struct node *n, const struct ct_entry *e);
/* conntrack -F: removes every entry; returns how many. */
size_t ct_flush(struct node *n);

/* ---------------------------------------------------------------- data path
 * Used by nf.c; the stack never calls these directly. */

/* Build the tuple of the packet at data (IPv4 header), of len bytes.
 * Returns 0, or -1 when conntrack cannot track it (not TCP/UDP/ICMP,
 * truncated, an ICMP error — errors go through ct_lookup_related). */
int ct_tuple_of(const uint8_t *data, uint32_t len, struct ct_tuple *t);
/* Same flow direction (addresses, protocol, ports or ICMP type/code/id)? */
bool ct_tuple_equal(const struct ct_tuple *a, const struct ct_tuple *b);
/* The tuple a reply to t would carry (ICMP echo 8 -> 0, ports swapped). */
void ct_tuple_invert(const struct ct_tuple *t, struct ct_tuple *out);

/* Find the confirmed entry matching t in either direction; *dir says which. */
struct ct_entry *ct_lookup(struct node *n, const struct ct_tuple *t, enum ct_dir *dir);
/* For an ICMP error at data: the entry of the flow its quoted header
 * belongs to (the quoted packet is a packet of that flow seen from the
 * error's side), and the quoted packet's direction in *dir. */
struct ct_entry *ct_lookup_related(struct node *n, const uint8_t *data, uint32_t len,
				   enum ct_dir *dir);
/* Is t (as a REPLY tuple) used by any entry other than `except`?
 * NAT uses this to keep tuples unique (nf_nat_used_tuple). */
bool ct_tuple_taken(struct node *n, const struct ct_tuple *reply, const struct ct_entry *except);

/* May an ICMP message of this type open a connection (a query: echo,
 * timestamp, information, address mask request)?  icmp_new(). */
bool ct_icmp_can_open(uint8_t type);

/* A new, unconfirmed entry for original tuple t (reply = inverse). */
struct ct_entry *ct_new(struct node *n, const struct ct_tuple *t);
/* Trace records (TR_TABLE, table "conntrack"), each with the entry as
 * conntrack -L prints it: "new" (made by a first packet, unconfirmed),
 * "confirmed" (in the table), "update" (state or flags changed), "expired",
 * "destroyed" (conntrack -D/-F, or a SYN reopening it), "discarded" (its
 * first packet was dropped before confirmation). */
void ct_trace_new(struct node *n, const struct ct_entry *e);
/* Put an unconfirmed entry in the table (trace: "confirmed"), arm its timer. */
void ct_confirm(struct node *n, struct ct_entry *e);
/* Free an entry that was never confirmed (its packet was dropped). */
void ct_discard(struct node *n, struct ct_entry *e);

/* Account a packet of len bytes in direction dir, update the TCP state
 * from its flags (tcp_flags: the segment's flags; ignored for UDP/ICMP)
 * and push the timeout on.  Returns CT_UPD_OK, CT_UPD_INVALID (the TCP
 * state machine refuses the segment: it is INVALID and not accounted), or
 * CT_UPD_REOPEN (a SYN reopening a TIME_WAIT/CLOSE connection: the entry
 * was destroyed; look up again and start a new one, as the kernel's
 * -NF_REPEAT), or CT_UPD_KILL (a RST on a connection that never had a
 * reply — "If only reply is a RST ... delete the conntrack immediately":
 * the packet still belongs to it, call ct_kill()). */
enum { CT_UPD_OK = 0, CT_UPD_INVALID = 1, CT_UPD_REOPEN = 2, CT_UPD_KILL = 3 };
int ct_update(struct node *n, struct ct_entry *e, enum ct_dir dir, uint8_t tcp_flags,
	      uint32_t len);

/* The line conntrack -L (conntrack-tools 1.4.7) prints for e, without a
 * newline, e.g. "icmp     1 29 src=10.0.0.2 dst=192.168.1.2 type=8 code=0
 * id=22658 src=192.168.1.2 dst=192.168.1.1 type=0 code=0 id=22658 mark=0
 * use=1".  Returns the length it needed (snprintf's contract). */
int ct_format(const struct node *n, const struct ct_entry *e, char *buf, size_t len);

/* Take a confirmed entry out of the table now (trace: "destroyed"); it
 * becomes unconfirmed and dying, owned by the packet in hand, and is
 * freed with ct_discard() once that packet is done. */
void ct_kill(struct node *n, struct ct_entry *e, const char *why);

/* Free the whole table (reboot, node teardown), without trace records. */
void ct_table_free(struct node *n);

#endif
