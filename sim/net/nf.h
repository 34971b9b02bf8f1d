/* nf.h — netfilter: iptables tables, chains, rules and their traversal.
 *
 * What it models: one node's (one network namespace's) iptables rule set
 * as the kernel holds it behind iptables-nft 1.8.9 (Debian 12's default
 * backend): the tables mangle, raw, filter and nat with their built-in
 * chains, user chains, policies, rules made of matches and one target, and
 * per-rule and per-policy packet/byte counters.  The rule set is plain data
 * that a command parser builds (`iptables -A ...`) and a lister prints
 * (`iptables -L -n -v`, `iptables -S`, `iptables-save`); this module checks
 * it as the kernel checks it and runs packets through it at the five hooks.
 *
 * Packet flow (net/netfilter/core.c, priorities of include/uapi/linux/
 * netfilter_ipv4.h), as stack.c calls nf_hook():
 *   received:  PREROUTING  raw -> conntrack -> mangle -> nat (DNAT)
 *              routing decision
 *              INPUT       mangle -> filter -> nat (SNAT) -> conntrack confirm
 *              FORWARD     mangle -> filter
 *   sent:      OUTPUT      raw -> conntrack -> mangle -> nat (DNAT; re-route
 *                          if the destination changed) -> filter
 *   leaving:   POSTROUTING mangle -> nat (SNAT, MASQUERADE) -> conntrack confirm
 * The nat chains are consulted only for the first packet of a connection
 * (conntrack state NEW); later packets get the same translation from the
 * connection (conntrack.h), replies the reverse one.
 *
 * Errors: configuration calls return 0 or a negative errno and leave in
 * world_error() the FIRST LINE exactly as `iptables` (v1.8.9, nf_tables)
 * prints it on stderr, e.g.
 *   "iptables v1.8.9 (nf_tables):  RULE_APPEND failed (Invalid argument): rule in chain INPUT"
 *   "iptables: No chain/target/match by that name."
 * (two spaces after the colon in the first: that is the tool's text).
 * nf_exit_status() gives the exit status iptables returns with it; for
 * status 2 iptables ends with the line "Try `iptables -h' or 'iptables
 * --help' for more information.", which the command layer adds.
 *
 * Not modelled: IPv6 (ip6tables), the security table, matches and targets
 * not listed below, -f (fragments), per-CPU anything, nft-only features.
 * docs/netfilter-engine.md says what is modelled and what was checked
 * against the real kernel and tools.
 */
#ifndef WL_NF_H
#define WL_NF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct node;
struct netdev;
struct pkt;
struct nf_chain;
struct ct_table;
struct ct_entry;

/* Tables, in the order iptables-save (nf_tables) prints them. */
enum nf_table_id {
	NF_TABLE_MANGLE = 0,
	NF_TABLE_RAW,
	NF_TABLE_FILTER,
	NF_TABLE_NAT,
	NF_TABLE__COUNT
};

/* The five hooks, in the order a table lists its built-in chains
 * (iptables -L, iptables-save): PREROUTING INPUT FORWARD OUTPUT POSTROUTING. */
enum nf_hook {
	NF_HOOK_PREROUTING = 0,
	NF_HOOK_INPUT,
	NF_HOOK_FORWARD,
	NF_HOOK_OUTPUT,
	NF_HOOK_POSTROUTING,
	NF_HOOK__COUNT
};

/* "filter", "nat", ... and "PREROUTING", ...; NULL for a bad value. */
const char *nf_table_name(enum nf_table_id t);
const char *nf_hook_name(enum nf_hook h);
/* The table of that name (-t NAME), or -1. */
int nf_table_by_name(const char *name);
/* Does table t have a built-in chain at hook h?  raw: PREROUTING OUTPUT;
 * filter: INPUT FORWARD OUTPUT; nat: PREROUTING INPUT OUTPUT POSTROUTING;
 * mangle: all five. */
bool nf_table_has_hook(enum nf_table_id t, enum nf_hook h);

/* 28 characters and a NUL (XT_EXTENSION_MAXNAMELEN); iptables refuses
 * longer names itself ("chain name `%s' too long (must be under 29
 * chars)"), so the parser checks this before calling here. */
#define NF_CHAIN_NAME_MAX 29
/* IFNAMSIZ: 15 characters and a NUL. */
#define NF_IFNAME_MAX 16
#define NF_COMMENT_MAX 256      /* xt_comment: 255 characters and a NUL */
#define NF_LOG_PREFIX_MAX 30    /* --log-prefix: 29 characters and a NUL */
#define NF_MULTIPORT_MAX 15     /* XT_MULTI_PORTS */

/* ---------------------------------------------------------------- matches
 * A rule's -m matches, kept in the order they were given, which is the
 * order iptables-save prints them in.  `-p tcp --dport 80` carries an
 * implicit `-m tcp` (iptables-save prints "-p tcp -m tcp --dport 80"): the
 * parser adds an NF_M_TCP match where the first tcp option appeared.
 * Every `inv` field is a `!` before that option.  Numbers are host order. */
enum nf_match_kind {
	NF_M_TCP,               /* -m tcp: --sport --dport --tcp-flags --syn */
	NF_M_UDP,               /* -m udp: --sport --dport */
	NF_M_ICMP,              /* -m icmp: --icmp-type */
	NF_M_MULTIPORT,         /* -m multiport: --sports --dports --ports */
	NF_M_STATISTIC,         /* -m statistic: --mode random|nth */
	NF_M_MARK,              /* -m mark: --mark value[/mask] */
	NF_M_CONNTRACK,         /* -m conntrack: --ctstate */
	NF_M_ADDRTYPE,          /* -m addrtype: --src-type --dst-type */
	NF_M_COMMENT,           /* -m comment: --comment */
	NF_M__COUNT
};

/* "tcp", "udp", "icmp", "multiport", "statistic", "mark", "conntrack",
 * "addrtype", "comment" (the -m NAME). */
const char *nf_match_name(enum nf_match_kind k);

/* A port or a range lo:hi (lo == hi for one port; iptables prints a range
 * as "lo:hi" and one port as "lo").  A missing --sport is 0:65535. */
struct nf_port_range {
	uint16_t lo, hi;
};

/* TCP flag bits, as in the header: FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08
 * ACK 0x10 URG 0x20 (ECE 0x40 CWR 0x80 unnamed by iptables: ALL is 0x3f).
 * --syn is --tcp-flags FIN,SYN,RST,ACK SYN (mask 0x17, cmp 0x02). */
struct nf_m_tcp {                       /* NF_M_TCP and NF_M_UDP (no flags) */
	bool has_sport, has_dport, has_flags;
	bool sport_inv, dport_inv, flags_inv;
	struct nf_port_range sport, dport;
	uint8_t flags_mask, flags_cmp;  /* (tcp_flags & mask) == cmp */
};

struct nf_m_icmp {
	/* --icmp-type any: type 0xff, codes 0..0xff (matches every ICMP).
	 * --icmp-type 8 or echo-request: type 8, codes 0..0xff.
	 * --icmp-type 3/3 or port-unreachable: type 3, codes 3..3. */
	uint8_t type, code_lo, code_hi;
	bool inv;
};

enum nf_multiport_dir { NF_MP_SRC, NF_MP_DST, NF_MP_ANY };  /* --sports --dports --ports */
struct nf_m_multiport {
	enum nf_multiport_dir dir;
	uint8_t count;                  /* 1..NF_MULTIPORT_MAX entries (a range counts 2 in iptables) */
	struct nf_port_range ports[NF_MULTIPORT_MAX];
	bool inv;                       /* ! --dports ...: none of them */
};

enum nf_stat_mode { NF_STAT_RANDOM, NF_STAT_NTH };
struct nf_m_statistic {
	enum nf_stat_mode mode;
	/* random: matches when (31 random bits) < probability, which is
	 * lround(p * 0x80000000) as libxt_statistic stores --probability p;
	 * iptables prints it back as "%.11f" of probability / 2^31
	 * (0.5 -> "0.50000000000"). */
	uint32_t probability;
	/* nth: --every N --packet P (0 <= P < N): of each N packets, the one
	 * numbered P (from 0) matches — --every 3 --packet 0 takes the 1st,
	 * 4th, 7th... (checked on Linux 6.x).  xt_statistic keeps a counter
	 * that starts at N-1-P (libxt_statistic) and matches when it wraps. */
	uint32_t every, packet;
	uint32_t count;                 /* engine state for nth */
	bool inv;
};

struct nf_m_mark {
	uint32_t mark, mask;            /* (skb mark & mask) == mark; --mark V is V/0xffffffff */
	bool inv;
};

/* --ctstate bits.  iptables prints a set as a comma list in THIS order:
 * INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT. */
enum {
	NF_CT_INVALID = 1u << 0,
	NF_CT_NEW = 1u << 1,
	NF_CT_RELATED = 1u << 2,
	NF_CT_ESTABLISHED = 1u << 3,
	NF_CT_UNTRACKED = 1u << 4,
	NF_CT_SNAT = 1u << 5,           /* the connection's source is translated */
	NF_CT_DNAT = 1u << 6,           /* the connection's destination is translated */
};
struct nf_m_conntrack {
	uint16_t states;                /* NF_CT_* */
	bool inv;                       /* ! --ctstate: none of them */
};

/* Address types (xt_addrtype bits, 1 << RTN_*-1), printed by name in
 * this bit order: UNSPEC UNICAST LOCAL BROADCAST ANYCAST MULTICAST
 * BLACKHOLE UNREACHABLE PROHIBIT THROW NAT XRESOLVE. */
enum {
	NF_ADDR_UNSPEC = 1u << 0, NF_ADDR_UNICAST = 1u << 1, NF_ADDR_LOCAL = 1u << 2,
	NF_ADDR_BROADCAST = 1u << 3, NF_ADDR_ANYCAST = 1u << 4, NF_ADDR_MULTICAST = 1u << 5,
	NF_ADDR_BLACKHOLE = 1u << 6, NF_ADDR_UNREACHABLE = 1u << 7, NF_ADDR_PROHIBIT = 1u << 8,
	NF_ADDR_THROW = 1u << 9, NF_ADDR_NAT = 1u << 10, NF_ADDR_XRESOLVE = 1u << 11,
};
/* The name of one NF_ADDR_* bit ("LOCAL"), NULL if not exactly one bit. */
const char *nf_addrtype_name(uint16_t bit);
struct nf_m_addrtype {
	uint16_t src_types, dst_types;  /* 0: that side not tested */
	bool src_inv, dst_inv;
	bool limit_iface_in, limit_iface_out;   /* --limit-iface-in/out */
};

struct nf_match {
	enum nf_match_kind kind;
	union {
		struct nf_m_tcp tcp;            /* NF_M_TCP, NF_M_UDP */
		struct nf_m_icmp icmp;
		struct nf_m_multiport multiport;
		struct nf_m_statistic statistic;
		struct nf_m_mark mark;
		struct nf_m_conntrack conntrack;
		struct nf_m_addrtype addrtype;
		char comment[NF_COMMENT_MAX];
	} u;
};

/* ---------------------------------------------------------------- targets */
enum nf_target_kind {
	NF_T_NONE = 0,          /* no -j: the rule only counts (iptables prints an empty target) */
	NF_T_ACCEPT,
	NF_T_DROP,
	NF_T_RETURN,
	NF_T_JUMP,              /* -j USERCHAIN */
	NF_T_GOTO,              /* -g USERCHAIN */
	NF_T_REJECT,            /* filter INPUT/FORWARD/OUTPUT (and chains reached only from them) */
	NF_T_LOG,               /* a TR_LOG record in the kernel's LOG line format */
	NF_T_MARK,              /* --set-xmark */
	NF_T_DNAT,              /* nat PREROUTING/OUTPUT */
	NF_T_SNAT,              /* nat POSTROUTING/INPUT */
	NF_T_MASQUERADE,        /* nat POSTROUTING */
	NF_T__COUNT
};

/* "ACCEPT", "DROP", ... "MASQUERADE"; "" for NF_T_NONE; for JUMP/GOTO the
 * lister prints the chain's name instead. */
const char *nf_target_name(enum nf_target_kind k);

/* --reject-with, in xt_REJECT's order.  iptables-save prints the name
 * ("icmp-port-unreachable", the default when none is given). */
enum nf_reject_with {
	NF_REJ_ICMP_NET_UNREACHABLE,    /* ICMP 3/0 */
	NF_REJ_ICMP_HOST_UNREACHABLE,   /* 3/1 */
	NF_REJ_ICMP_PROT_UNREACHABLE,   /* 3/2 "icmp-proto-unreachable" */
	NF_REJ_ICMP_PORT_UNREACHABLE,   /* 3/3 */
	NF_REJ_ICMP_ECHOREPLY,          /* obsolete, refused by the kernel; never produced */
	NF_REJ_ICMP_NET_PROHIBITED,     /* 3/9 */
	NF_REJ_ICMP_HOST_PROHIBITED,    /* 3/10 */
	NF_REJ_TCP_RESET,               /* RST; only with -p tcp (! --syn allowed) */
	NF_REJ_ICMP_ADMIN_PROHIBITED,   /* 3/13 */
};
const char *nf_reject_name(enum nf_reject_with r);

/* --to-destination / --to-source / --to-ports: addresses min..max and
 * ports min..max (host order).  has_addr false: MASQUERADE (address from
 * the egress device) or a DNAT/SNAT to ports only; has_ports false: keep
 * the port if the tuple stays unique (conntrack.h).  iptables-save prints
 * "--to-destination 172.17.0.2:80", "172.17.0.2-172.17.0.9:80-90". */
struct nf_nat_range {
	bool has_addr, has_ports;
	uint32_t min_addr, max_addr;
	uint16_t min_port, max_port;
	bool random, random_fully, persistent;
};

struct nf_target {
	enum nf_target_kind kind;
	/* JUMP/GOTO: the chain's name as given.  The engine resolves it when
	 * the rule is added and keeps `chain`: listers print chain->name (a
	 * renamed chain, `iptables -E`, changes the rules that jump to it). */
	char chain_name[NF_CHAIN_NAME_MAX];
	struct nf_chain *chain;
	union {
		enum nf_reject_with reject;
		struct {
			char prefix[NF_LOG_PREFIX_MAX];
			uint8_t level;          /* syslog level, default 4 (warning): iptables-save omits 4 */
		} log;
		/* Kernel's xt_mark_tginfo2: new mark = (mark & ~mask) ^ value.
		 * libxt_MARK turns --set-mark V into V/0xffffffff, --or-mark V
		 * into V/V, --and-mark V into 0/~V, --xor-mark V into V/0;
		 * iptables-save prints "--set-xmark 0x4000/0x4000". */
		struct { uint32_t value, mask; } mark;
		struct nf_nat_range nat;        /* DNAT, SNAT, MASQUERADE */
	} u;
};

/* ---------------------------------------------------------------- rules */
struct nf_rule {
	/* -s / -d: address and mask in host order (0/0 = any; iptables
	 * prints "0.0.0.0/0", or "10.0.0.0/8", or "1.2.3.4" for a /32 in -L
	 * -n and "1.2.3.4/32" in iptables-save).  addr is stored masked. */
	uint32_t src, src_mask, dst, dst_mask;
	bool src_inv, dst_inv;
	/* -i / -o: "" = any (printed "*" by -L -v); a trailing '+' matches
	 * every name with that prefix ("veth+"). */
	char in_if[NF_IFNAME_MAX], out_if[NF_IFNAME_MAX];
	bool in_inv, out_inv;
	/* -p: 0 = all (iptables -L prints "0" in nf_tables 1.8.9, "all" in
	 * legacy), else the IP protocol number (6 tcp, 17 udp, 1 icmp). */
	uint8_t proto;
	bool proto_inv;
	struct nf_match *matches;       /* owned by the rule, in command-line order */
	size_t n_matches;
	struct nf_target target;
	uint64_t pkts, bytes;           /* counters: packets that matched, their IP lengths */
};

/* Initialise a rule that matches everything and has no target (a parser
 * fills it in).  nf_rule_add_match() appends a copy of m and returns the
 * stored one.  nf_rule_clear() frees the matches (the engine keeps its own
 * deep copy of any rule passed to it). */
void nf_rule_init(struct nf_rule *r);
struct nf_match *nf_rule_add_match(struct nf_rule *r, const struct nf_match *m);
void nf_rule_clear(struct nf_rule *r);

/* ---------------------------------------------------------------- chains */
enum nf_policy { NF_POLICY_ACCEPT = 0, NF_POLICY_DROP };

struct nf_chain {
	char name[NF_CHAIN_NAME_MAX];
	bool builtin;
	enum nf_hook hook;              /* built-in chains only */
	enum nf_policy policy;          /* built-in chains only; user chains print "-" */
	/* Packets that fell to the policy.  iptables-nft gives a base chain
	 * its policy counter only with -P (or a restore line setting the
	 * policy): until nf_chain_policy() was called for the chain
	 * (policy_set), they stay 0 whatever passed, as on Linux. */
	uint64_t policy_pkts, policy_bytes;
	bool policy_set;
	struct nf_rule *rules;          /* rules[0] is rule number 1 */
	size_t n_rules, cap_rules;
	unsigned refs;                  /* rules jumping or going here: "(N references)" */
};

struct nf_table {
	enum nf_table_id id;
	/* The table exists in the kernel: iptables-save prints only those.
	 * iptables-nft creates it (with all its built-in chains) at the first
	 * successful -A -I -R -N or -P; listing, -F and -Z do not. */
	bool present;
	/* Built-in chains first, in hook order; then user chains sorted by
	 * name (strcmp), the order iptables -L / -S / iptables-save show. */
	struct nf_chain **chains;
	size_t n_chains, cap_chains;
};

/* The per-node state (node->nf, NULL until the first iptables call). */
struct nf_state {
	struct nf_table tables[NF_TABLE__COUNT];
	/* Users of connection tracking: rules with a conntrack match or a
	 * NAT target (DNAT, SNAT, MASQUERADE), in any chain.  While non-zero,
	 * this namespace tracks connections (and reassembles fragments at
	 * PREROUTING) — Linux registers conntrack's hooks in a netns only when
	 * such a rule asks (nf_ct_netns_get), and so do we: an empty nat
	 * table tracks nothing, and without a connection the nat chains are
	 * not consulted at all.  Entries made earlier live on to their
	 * timeout when this drops to 0. */
	unsigned ct_users;
	struct ct_table *ct;            /* connections (conntrack.h); NULL until first needed */
	/* Per-packet state kept while a packet crosses this node (skb->mark,
	 * skb->_nfct): a small ring keyed by packet id (nf_hook.c), started
	 * afresh at PREROUTING (from a device) and OUTPUT, kept over lo. */
	struct nf_pktctx {
		uint64_t pkt_id;
		uint32_t mark;
		struct ct_entry *ct;
		uint16_t ctinfo;                /* NF_CT_NEW, _ESTABLISHED, _RELATED or _INVALID */
		bool reply;                     /* travelling in the connection's reply direction */
		bool tracked;                   /* conntrack has seen it (ct may still be NULL) */
		bool owner;                     /* ct is unconfirmed and was made for this packet */
		bool reassembled;               /* put together from fragments here: no MAC header */
		bool preset;                    /* made before OUTPUT (a RST with the original's connection) */
		/* The packet's header as it last left a hook (after NAT): an
		 * ICMP error the node sends about it quotes these, and gets
		 * its connection even before confirmation (nf_ct_attach). */
		uint32_t q_src, q_dst;
		uint16_t q_id;
		uint8_t q_proto;
	} ring[16];
	unsigned ring_next;
	int last_exit;                  /* nf_exit_status() of the last error */
};

/* ---------------------------------------------------------------- configuration
 * A successful append/insert/replace, nf_chain_new() or nf_chain_policy()
 * marks the table present, as iptables-nft creates it then; nothing else
 * does (not -F, -Z, -D, -X, -E, nor any failed call: checked on Linux).
 * `table` is an enum nf_table_id.  On error: negative errno, world_error()
 * as described at the top of this file. */

/* The table, creating the node's nf state if needed (never NULL). */
struct nf_table *nf_table(struct node *n, enum nf_table_id table);
/* The table if the node has nf state, else NULL (for listing without
 * creating anything). */
const struct nf_table *nf_table_peek(const struct node *n, enum nf_table_id table);
/* A chain by name in a table, or NULL. */
struct nf_chain *nf_chain_find(struct node *n, enum nf_table_id table, const char *name);

/* -A: append a deep copy of *r to chain.  Errors:
 *   no such chain           -ENOENT "iptables: No chain/target/match by that name."
 *   jump/goto to a missing  -ENOENT "iptables v1.8.9 (nf_tables): Chain 'X' does not exist"
 *   chain                           (exit status 2: iptables adds the "Try" line)
 *   jump/goto to a built-in -EOPNOTSUPP "... RULE_APPEND failed (Operation not supported): rule in chain C"
 *   a loop of jumps, or a   -EMLINK "... RULE_APPEND failed (Too many links): rule in chain C"
 *   chain nested > 16 deep, reachable from a built-in chain (nf_tables checks
 *   only chains reachable from a base chain: a loop between unreferenced
 *   user chains is accepted, and refused when a base chain jumps into it)
 *   a target where it may   -EINVAL "... RULE_APPEND failed (Invalid argument): rule in chain C"
 *   not be (DNAT outside nat PREROUTING/OUTPUT, SNAT outside nat
 *   POSTROUTING/INPUT, MASQUERADE outside nat POSTROUTING, REJECT outside
 *   INPUT/FORWARD/OUTPUT, and any of these in a user chain reachable from
 *   a hook where it is not allowed: the chain named is the one changed)
 *   REJECT --reject-with tcp-reset without -p tcp: -EINVAL, same text.
 *   DROP in the nat table (iptables' own check, exit status 2): -EINVAL
 *     "iptables v1.8.9 (nf_tables): \nThe \"nat\" table is not intended
 *     for filtering, the use of DROP is therefore inhibited.\n\n" (three
 *     lines and an empty one, as printed). */
int nf_rule_append(struct node *n, enum nf_table_id table, const char *chain,
		   const struct nf_rule *r);
/* -I chain [num]: insert before rule `num` (1-based; n_rules + 1 appends).
 * num > n_rules + 1: -E2BIG "iptables: Index of insertion too big."
 * Other errors as append, with "RULE_INSERT". */
int nf_rule_insert(struct node *n, enum nf_table_id table, const char *chain, size_t num,
		   const struct nf_rule *r);
/* -R chain num: replace rule num; counters restart at 0.
 * num out of range: -E2BIG "iptables: Index of replacement too big."
 * Other errors as append, with "RULE_REPLACE". */
int nf_rule_replace(struct node *n, enum nf_table_id table, const char *chain, size_t num,
		    const struct nf_rule *r);
/* -D chain num.  num out of range: -E2BIG "iptables: Index of deletion too big." */
int nf_rule_delete_num(struct node *n, enum nf_table_id table, const char *chain, size_t num);
/* -D chain rulespec: delete the first rule equal to *r (same matches,
 * target and options; counters ignored).  None: -ENOENT
 * "iptables: Bad rule (does a matching rule exist in that chain?)." */
int nf_rule_delete(struct node *n, enum nf_table_id table, const char *chain,
		   const struct nf_rule *r);
/* Are two rules the same rule spec (what -D and -C compare)? */
bool nf_rule_equal(const struct nf_rule *a, const struct nf_rule *b);
/* -C: 0 if a rule equal to *r is in chain, else -ENOENT with
 * "iptables: Bad rule (does a matching rule exist in that chain?)." */
int nf_rule_check(struct node *n, enum nf_table_id table, const char *chain,
		  const struct nf_rule *r);

/* -F [chain]: remove the rules of one chain, or of every chain of the
 * table when chain is NULL.  Missing chain: -ENOENT "iptables: No
 * chain/target/match by that name." */
int nf_chain_flush(struct node *n, enum nf_table_id table, const char *chain);
/* -Z [chain]: zero rule and policy counters (NULL: every chain). */
int nf_chain_zero(struct node *n, enum nf_table_id table, const char *chain);
/* -N name.  Existing (user or built-in): -EEXIST "iptables: Chain already exists." */
int nf_chain_new(struct node *n, enum nf_table_id table, const char *name);
/* -X [name]: delete a user chain (NULL: every user chain of the table;
 * each must then have no rules, else the first that has fails).  Errors:
 *   missing or built-in      -ENOENT "iptables: No chain/target/match by that name."
 *   has rules or is jumped to -EBUSY "iptables v1.8.9 (nf_tables):  CHAIN_DEL failed (Device or resource busy): chain NAME" */
int nf_chain_delete(struct node *n, enum nf_table_id table, const char *name);
/* -E old new.  old missing: -ENOENT "iptables: No chain/target/match by
 * that name."; new exists: -EEXIST "iptables: File exists." */
int nf_chain_rename(struct node *n, enum nf_table_id table, const char *old_name,
		    const char *new_name);
/* -P chain policy.  A user chain or missing chain: -ENOENT "iptables: Bad
 * built-in chain name."  (A policy word other than ACCEPT/DROP is the
 * parser's: "iptables: Bad policy name. Run `dmesg' for more information.") */
int nf_chain_policy(struct node *n, enum nf_table_id table, const char *chain,
		    enum nf_policy policy);

/* The exit status iptables gives with the error rc just returned for
 * node n: 2 for a parameter problem (a jump to a missing chain, DROP in
 * the nat table: iptables then adds the "Try `iptables -h' ..." line),
 * 4 for a RULE_* / CHAIN_DEL failure reported by the kernel (a resource
 * problem), 1 otherwise; 0 for rc 0. */
int nf_exit_status(const struct node *n, int rc);

/* Forget everything (reboot, node teardown): rules, chains, conntrack. */
void nf_state_free(struct node *n);

/* ---------------------------------------------------------------- data path
 * Called by the stack (stack.c) and the bridge (br_netfilter).  `in` is
 * the device a received packet came in on, `out` the device it leaves by
 * (NULL where Linux has none: in for OUTPUT/POSTROUTING of local traffic,
 * out for PREROUTING/INPUT).  p->data is at the IPv4 header.
 *
 * Returns NF_ACCEPT: carry on with p (it may have been rewritten by NAT:
 * re-read the header); or NF_STOLEN: p was consumed (dropped with a reason,
 * rejected with an ICMP error or RST, queued for reassembly) and the caller
 * must not touch it again.  A node without rules pays one pointer test. */
enum nf_verdict { NF_ACCEPT = 1, NF_STOLEN = 2 };

enum nf_verdict nf_hook(struct node *n, enum nf_hook hook, struct pkt **pp,
			const struct netdev *in, const struct netdev *out);

/* br_netfilter: a unicast IPv4 frame (p->data at its Ethernet header)
 * that bridge br is about to forward from one port to another crosses
 * PREROUTING, FORWARD and POSTROUTING with the bridge as in and out
 * device, when net.bridge.bridge-nf-call-iptables is 1.  Returns
 * NF_ACCEPT (forward p, possibly rewritten) or NF_STOLEN (consumed).
 * Left out: broadcast/multicast floods and fragments are not hooked; a
 * DNAT here rewrites the IP header but not the destination MAC (Linux
 * re-resolves it, br_nf_pre_routing_finish_bridge). */
enum nf_verdict nf_bridge_forward(struct node *n, struct netdev *br, struct pkt **pp);

/* Must the stack call nf_hook() for this node?  One load: a node that
 * never saw an iptables command has no nf state (the fast path). */
#define nf_active(n) ((n)->nf != NULL)

#endif
