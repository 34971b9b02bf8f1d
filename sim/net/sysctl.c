/* sysctl.c — the table of known keys and their kernel defaults. */
#include "net/sysctl.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"

void sysctl_defaults(struct sysctl_net *s)
{
	s->ip_forward = 0;
	s->ip_default_ttl = 64;
	s->icmp_echo_ignore_all = 0;
	s->icmp_echo_ignore_broadcasts = 1;
	s->icmp_ratelimit_ms = 1000;
	s->icmp_ratemask = 6168;
	s->base_reachable_time_ms = 30000;
	s->retrans_time_ms = 1000;
	s->delay_first_probe_time_s = 5;
	s->gc_stale_time_s = 60;
	s->ucast_solicit = 3;
	s->mcast_solicit = 3;
	s->app_solicit = 0;
	s->unres_qlen = 101;
	s->ct_tcp_timeout_syn_sent = 120;
	s->ct_tcp_timeout_syn_recv = 60;
	s->ct_tcp_timeout_established = 432000;
	s->ct_tcp_timeout_fin_wait = 120;
	s->ct_tcp_timeout_close_wait = 60;
	s->ct_tcp_timeout_last_ack = 30;
	s->ct_tcp_timeout_time_wait = 120;
	s->ct_tcp_timeout_close = 10;
	s->ct_udp_timeout = 30;
	s->ct_udp_timeout_stream = 120;
	s->ct_icmp_timeout = 30;
	s->bridge_nf_call_iptables = 0;
}

#define K(name, field, lo, hi) { name, offsetof(struct sysctl_net, field), lo, hi }
static const struct sysctl_key keys[] = {
	K("net.ipv4.ip_forward", ip_forward, INT_MIN, INT_MAX),  /* any integer; non-zero forwards */
	K("net.ipv4.ip_default_ttl", ip_default_ttl, 1, 255),
	K("net.ipv4.icmp_echo_ignore_all", icmp_echo_ignore_all, 0, 1),
	K("net.ipv4.icmp_echo_ignore_broadcasts", icmp_echo_ignore_broadcasts, 0, 1),
	K("net.ipv4.icmp_ratelimit", icmp_ratelimit_ms, 0, 1000000),
	K("net.ipv4.icmp_ratemask", icmp_ratemask, 0, 0x3ffff),
	K("net.ipv4.neigh.default.base_reachable_time_ms", base_reachable_time_ms, 1, 3600000),
	K("net.ipv4.neigh.default.retrans_time_ms", retrans_time_ms, 10, 3600000),
	K("net.ipv4.neigh.default.delay_first_probe_time", delay_first_probe_time_s, 1, 3600),
	K("net.ipv4.neigh.default.gc_stale_time", gc_stale_time_s, 1, 86400),
	K("net.ipv4.neigh.default.ucast_solicit", ucast_solicit, 0, 32),
	K("net.ipv4.neigh.default.mcast_solicit", mcast_solicit, 0, 32),
	K("net.ipv4.neigh.default.app_solicit", app_solicit, 0, 32),
	K("net.ipv4.neigh.default.unres_qlen", unres_qlen, 0, 65535),
	K("net.netfilter.nf_conntrack_tcp_timeout_syn_sent", ct_tcp_timeout_syn_sent, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_tcp_timeout_syn_recv", ct_tcp_timeout_syn_recv, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_tcp_timeout_established", ct_tcp_timeout_established, 0,
	  INT_MAX),
	K("net.netfilter.nf_conntrack_tcp_timeout_fin_wait", ct_tcp_timeout_fin_wait, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_tcp_timeout_close_wait", ct_tcp_timeout_close_wait, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_tcp_timeout_last_ack", ct_tcp_timeout_last_ack, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_tcp_timeout_time_wait", ct_tcp_timeout_time_wait, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_tcp_timeout_close", ct_tcp_timeout_close, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_udp_timeout", ct_udp_timeout, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_udp_timeout_stream", ct_udp_timeout_stream, 0, INT_MAX),
	K("net.netfilter.nf_conntrack_icmp_timeout", ct_icmp_timeout, 0, INT_MAX),
	K("net.bridge.bridge-nf-call-iptables", bridge_nf_call_iptables, 0, 1),
};
#undef K

const struct sysctl_key *sysctl_keys(size_t *count)
{
	*count = sizeof keys / sizeof keys[0];
	return keys;
}

const struct sysctl_key *sysctl_find(const char *name)
{
	/* sysctl(8) accepts '/' as the separator too. */
	char norm[128];
	size_t len = strlen(name);
	if (len >= sizeof norm)
		return NULL;
	for (size_t i = 0; i <= len; i++)
		norm[i] = name[i] == '/' ? '.' : name[i];
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(keys[i].name, norm) == 0)
			return &keys[i];
	return NULL;
}

static void proc_path(const char *name, char *out, size_t len)
{
	size_t k = (size_t)snprintf(out, len, "/proc/sys/");
	for (const char *c = name; *c && k + 1 < len; c++)
		out[k++] = *c == '.' ? '/' : *c;
	out[k < len ? k : len - 1] = '\0';
}

int sysctl_get(const struct node *n, const char *name, int *value)
{
	const struct sysctl_key *k = sysctl_find(name);
	if (!k) {
		char path[160];
		proc_path(name, path, sizeof path);
		return world_errf(n->w, -ENOENT, "sysctl: cannot stat %s: No such file or directory",
				  path);
	}
	*value = *(const int *)((const char *)&n->sysctl + k->offset);
	return 0;
}

int sysctl_set(struct node *n, const char *name, int value)
{
	const struct sysctl_key *k = sysctl_find(name);
	if (!k) {
		char path[160];
		proc_path(name, path, sizeof path);
		return world_errf(n->w, -ENOENT, "sysctl: cannot stat %s: No such file or directory",
				  path);
	}
	if (value < k->min || value > k->max)
		return world_errf(n->w, -EINVAL, "sysctl: setting key \"%s\": Invalid argument",
				  k->name);
	int *slot = (int *)((char *)&n->sysctl + k->offset);
	int old = *slot;
	*slot = value;
	if (old != value)
		trace_table(n->w, n, NULL, "sysctl", "set", "%s = %d (was %d)", k->name, value, old);
	return 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t len = strlen(s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		s[--len] = '\0';
	return s;
}

int sysctl_load_conf(struct node *n, const char *text,
		     void (*fn)(void *ctx, const char *key, const char *value, int rc, bool ignore),
		     void *ctx)
{
	int failed = 0;
	const char *p = text;
	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char line[512];
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		p += eol ? (size_t)(eol - p) + 1 : strlen(p);
		char *s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		bool ignore = false;
		if (*s == '-') {
			ignore = true;
			s++;
		}
		char *eq = strchr(s, '=');
		if (!eq)
			continue;   /* procps warns about such a line; nothing is set */
		*eq = '\0';
		char *key = trim(s), *val = trim(eq + 1);
		int rc;
		char *end;
		long v = strtol(val, &end, 10);
		if (!sysctl_find(key))
			rc = -ENOENT;
		else if (end == val || *trim(end))
			rc = -EINVAL;
		else
			rc = sysctl_set(n, key, (int)v);
		if (rc && !ignore)
			failed++;
		if (fn)
			fn(ctx, key, val, rc, ignore);
	}
	return failed;
}
