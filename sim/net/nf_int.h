/* nf_int.h — what the netfilter files share among themselves (nf.c:
 * configuration, nf_match.c: matching, nf_hook.c: traversal, nf_nat.c:
 * NAT, nf_log.c: the LOG line).  Not for use outside sim/net/nf*.c. */
#ifndef WL_NF_INT_H
#define WL_NF_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/conntrack.h"
#include "net/nf.h"

struct world;

/* The nf state, created on first use. */
struct nf_state *nf_state_get(struct node *n);
/* Recount the rules that need conntrack (after every change). */
void nf_recount_ct_users(struct node *n);

/* What a rule match looks at: the packet, the devices, and the packet's
 * conntrack state, all read once per hook. */
struct nf_pktinfo {
	struct node *node;
	enum nf_hook hook;
	const struct netdev *in, *out;
	const uint8_t *ip;              /* the IPv4 header */
	uint32_t len;                   /* bytes from ip */
	uint8_t hlen, proto, tos, ttl;
	uint32_t src, dst;
	uint16_t frag;                  /* flags and offset */
	bool l4;                        /* ports / ICMP type readable (first fragment, long enough) */
	uint16_t sport, dport;
	uint8_t tcp_flags;
	uint8_t icmp_type, icmp_code;
	uint32_t *mark;                 /* the packet's mark (in its per-packet context) */
	uint16_t ctstate;               /* NF_CT_* bits of this packet (INVALID when untracked) */
};

/* Fill the header fields of pi from the packet at ip (len bytes). */
void nf_pktinfo_parse(struct nf_pktinfo *pi, const uint8_t *ip, uint32_t len);

/* Does r's IP part and every match of r match? (Stateful matches, like
 * statistic's nth counter and random draw, advance.) */
bool nf_rule_matches(struct nf_rule *r, const struct nf_pktinfo *pi);

/* An interface name test for -i/-o: "" matches all, "eth+" a prefix. */
bool nf_ifname_match(const char *pat, const char *name);

/* The kernel's LOG line (nf_log_syslog.c) for the packet, without the
 * "<level>" prefix: "PREFIX IN=eth0 OUT= MAC=... SRC=... ...". */
void nf_log_format(char *buf, size_t len, const char *prefix, const struct netdev *in,
		   const struct netdev *out, const uint8_t *mac, const uint8_t *ip, uint32_t iplen,
		   uint32_t mark);

/* Forget every per-packet reference to e (it is being freed). */
void nf_ctx_forget(struct node *n, const struct ct_entry *e);

/* NAT (nf_nat.c). */
enum nf_manip { NF_MANIP_SRC = 0, NF_MANIP_DST = 1 };
/* Decide the translation of a new connection for one manip type, from a
 * rule's range (NULL: the null binding, which only keeps the tuple
 * unique).  masq_src: the address MASQUERADE chose (0 for others).
 * Returns 0, or -1 when no unique tuple can be had. */
int nf_nat_setup(struct node *n, struct ct_entry *ct, const struct nf_nat_range *range,
		 enum nf_manip manip, uint32_t masq_src);
/* Apply ct's translation of the given manip type to the packet at ip, in
 * direction dir (if the connection has one), checksums included.
 * For RELATED ICMP errors this translates the quoted packet too. */
void nf_nat_packet(struct node *n, struct ct_entry *ct, enum ct_dir dir, bool related,
		   enum nf_manip manip, uint8_t *ip, uint32_t len);

/* Format a NAT range as iptables prints it: "172.17.0.2:80". */
void nf_nat_range_format(const struct nf_nat_range *r, char *buf, size_t len);

#endif
