/* sysctl.h — per-node kernel parameters (/proc/sys/net/...).
 *
 * Only what wirelab models is here; defaults are the kernel's
 * (Documentation/networking/ip-sysctl.rst, arp(7)).  The neighbour
 * parameters are one set per node (Linux keeps one per device plus
 * "default"; every device here follows the node's). */
#ifndef WL_SYSCTL_H
#define WL_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct node;

struct sysctl_net {
	int ip_forward;                 /* net.ipv4.ip_forward: 0 on hosts, 1 on routers */
	int ip_default_ttl;             /* 64 */
	int icmp_echo_ignore_all;       /* 0 */
	int icmp_echo_ignore_broadcasts;/* 1 */
	int icmp_ratelimit_ms;          /* 1000 */
	int icmp_ratemask;              /* 6168: dest unreach, source quench, time exceeded, param prob */
	/* net.ipv4.neigh.default.* */
	int base_reachable_time_ms;     /* 30000 */
	int retrans_time_ms;            /* 1000 */
	int delay_first_probe_time_s;   /* 5 */
	int gc_stale_time_s;            /* 60 */
	int ucast_solicit;              /* 3 */
	int mcast_solicit;              /* 3 */
	int app_solicit;                /* 0 */
	int unres_qlen;                 /* 101 */
	/* net.netfilter.nf_conntrack_*: timeouts in seconds (conntrack.h) */
	int ct_tcp_timeout_syn_sent;    /* 120 */
	int ct_tcp_timeout_syn_recv;    /* 60 */
	int ct_tcp_timeout_established; /* 432000 (5 days) */
	int ct_tcp_timeout_fin_wait;    /* 120 */
	int ct_tcp_timeout_close_wait;  /* 60 */
	int ct_tcp_timeout_last_ack;    /* 30 */
	int ct_tcp_timeout_time_wait;   /* 120 */
	int ct_tcp_timeout_close;       /* 10 */
	int ct_udp_timeout;             /* 30 */
	int ct_udp_timeout_stream;      /* 120 */
	int ct_icmp_timeout;            /* 30 */
	/* net.bridge.bridge-nf-call-iptables: bridged IPv4 frames cross the
	 * iptables hooks (br_netfilter).  0 here: a namespace where
	 * br_netfilter is not loaded (Linux creates the key only when it is,
	 * with 1); Docker and Kubernetes hosts set it to 1. */
	int bridge_nf_call_iptables;
};

void sysctl_defaults(struct sysctl_net *s);

/* The sysctl names wirelab knows, for listing and lookup. */
struct sysctl_key {
	const char *name;               /* dotted, e.g. "net.ipv4.ip_forward" */
	size_t offset;                  /* into struct sysctl_net */
	int min, max;
};
const struct sysctl_key *sysctl_find(const char *name);
const struct sysctl_key *sysctl_keys(size_t *count);

/* Read or write by name ("net.ipv4.ip_forward" or "net/ipv4/ip_forward").
 * Errors (negative) leave a message in the world in sysctl(8)'s words. */
int sysctl_get(const struct node *n, const char *name, int *value);
int sysctl_set(struct node *n, const char *name, int value);

/* Apply a sysctl.conf text (sysctl -p, and at boot): lines `key = value`
 * or `key=value`; blank lines and lines starting with '#' or ';' are
 * skipped; a key starting with '-' has its errors ignored.  For each
 * setting, fn gets the key (without '-'), the value as written, and the
 * result: 0 applied, -ENOENT unknown key, -EINVAL bad value.  Returns the
 * number of settings that failed (ignored ones not counted). */
int sysctl_load_conf(struct node *n, const char *text,
		     void (*fn)(void *ctx, const char *key, const char *value, int rc, bool ignore),
		     void *ctx);

#endif
