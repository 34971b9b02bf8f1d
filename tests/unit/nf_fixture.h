/* nf_fixture.h — a NAT router between two networks, rule builders and a
 * checksum checker for the netfilter and conntrack tests.
 *
 *   a  10.0.1.2 --+
 *                 sw --- eth0 10.0.1.1  r  10.0.2.1 eth1 --- b 10.0.2.2
 *   a2 10.0.1.3 --+
 */
#ifndef WL_NF_FIXTURE_H
#define WL_NF_FIXTURE_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine_fixture.h"
#include "net/conntrack.h"
#include "net/icmp.h"
#include "net/nf.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "out/pcap_out.h"
#include "wire/csum.h"
#include "wire/tcp.h"

struct nfw {
	struct world *w;
	struct node *a, *a2, *r, *b, *sw;
	struct fx_trace tr;
	struct pcap_out *po;
};

static inline void nfw_init(struct nfw *t, uint64_t seed)
{
	memset(t, 0, sizeof *t);
	t->w = world_new(seed);
	t->sw = fx_switch(t->w, "sw");
	t->a = fx_host(t->w, "a", NODE_HOST);
	t->a2 = fx_host(t->w, "a2", NODE_HOST);
	t->r = fx_host(t->w, "r", NODE_ROUTER);
	t->b = fx_host(t->w, "b", NODE_HOST);
	fx_link(t->w, t->sw, t->a, NULL);
	fx_link(t->w, t->sw, t->a2, NULL);
	fx_link(t->w, t->sw, t->r, NULL);     /* r eth0 */
	fx_link(t->w, t->r, t->b, NULL);      /* r eth1, b eth0 */
	fx_addr(t->a, "eth0", "10.0.1.2/24");
	fx_addr(t->a2, "eth0", "10.0.1.3/24");
	fx_addr(t->r, "eth0", "10.0.1.1/24");
	fx_addr(t->r, "eth1", "10.0.2.1/24");
	fx_addr(t->b, "eth0", "10.0.2.2/24");
	fx_route(t->a, "default", "10.0.1.1");
	fx_route(t->a2, "default", "10.0.1.1");
	fx_route(t->b, "default", "10.0.2.1");
	fx_trace_start(&t->tr, t->w, TR_MASK_ALL);
}

/* Write every device's pcap into $WL_NF_PCAP_DIR/<sub> when that is set
 * (tests/trace/test-nf-pcap.sh reads them with tshark). */
static inline void nfw_pcap(struct nfw *t, const char *sub)
{
	const char *dir = getenv("WL_NF_PCAP_DIR");
	if (!dir)
		return;
	char path[512], err[256];
	snprintf(path, sizeof path, "%s/%s", dir, sub);
	char cmd[600];
	snprintf(cmd, sizeof cmd, "mkdir -p '%s'", path);
	if (system(cmd) != 0)
		return;
	t->po = pcap_out_open(t->w, path, err, sizeof err);
}

static inline void nfw_free(struct nfw *t)
{
	if (t->po) {
		char err[256];
		pcap_out_close(t->po, err, sizeof err);
	}
	fx_trace_stop(&t->tr);
	world_free(t->w);
}

static inline void nfw_run(struct nfw *t, double seconds)
{
	world_run(t->w, t->w->now_ns + (int64_t)(seconds * 1e9), 0);
}

/* ---- rules ------------------------------------------------------------ */

static inline struct nf_rule nf_r(void)
{
	struct nf_rule r;
	nf_rule_init(&r);
	return r;
}

static inline void nf_r_proto_dport(struct nf_rule *r, uint8_t proto, uint16_t dport)
{
	r->proto = proto;
	struct nf_match m;
	memset(&m, 0, sizeof m);
	m.kind = proto == IP_PROTO_TCP ? NF_M_TCP : NF_M_UDP;
	m.u.tcp.has_dport = true;
	m.u.tcp.dport.lo = m.u.tcp.dport.hi = dport;
	nf_rule_add_match(r, &m);
}

static inline int nf_add(struct node *n, enum nf_table_id t, const char *chain, struct nf_rule *r)
{
	int rc = nf_rule_append(n, t, chain, r);
	nf_rule_clear(r);
	return rc;
}

static inline void nf_target_dnat(struct nf_rule *r, const char *addr, uint16_t port)
{
	r->target.kind = NF_T_DNAT;
	r->target.u.nat.has_addr = true;
	r->target.u.nat.min_addr = r->target.u.nat.max_addr = fx_ip(addr);
	if (port) {
		r->target.u.nat.has_ports = true;
		r->target.u.nat.min_port = r->target.u.nat.max_port = port;
	}
}

/* iptables -t nat -A POSTROUTING -o DEV -j MASQUERADE */
static inline int nf_masquerade(struct node *n, const char *out)
{
	struct nf_rule r = nf_r();
	snprintf(r.out_if, sizeof r.out_if, "%s", out);
	r.target.kind = NF_T_MASQUERADE;
	return nf_add(n, NF_TABLE_NAT, "POSTROUTING", &r);
}

/* The conntrack -L lines of a node, one per line, into buf. */
static inline const char *nf_ct_list(const struct node *n, char *buf, size_t len)
{
	size_t k = 0;
	buf[0] = '\0';
	for (const struct ct_entry *e = ct_first(n); e && k < len; e = ct_next(e)) {
		int w = ct_format(n, e, buf + k, len - k);
		if (w < 0)
			break;
		k += (size_t)w;
		if (k + 1 < len) {
			buf[k++] = '\n';
			buf[k] = '\0';
		}
	}
	return buf;
}

/* ---- reading what was sent ---------------------------------------------- */

/* Every IPv4 packet transmitted: IP, ICMP, UDP and TCP checksums good
 * (for ICMP errors, the quoted header's checksum too).  Returns how many
 * were bad; *checked counts them all. */
static inline size_t nf_bad_checksums(const struct fx_trace *tr, size_t *checked)
{
	size_t bad = 0;
	*checked = 0;
	for (size_t i = 0; i < tr->n; i++) {
		const struct fx_rec *r = &tr->v[i];
		if (r->kind != TR_TX || fx_ethertype(r) != ETH_P_IP)
			continue;
		(*checked)++;
		const uint8_t *b = r->bytes + ETH_HLEN;
		struct ipv4_repr ip;
		int rc = ipv4_parse(b, r->len - ETH_HLEN, &ip);
		if (rc == 0 && !(ip.frag & (IPV4_MF | IPV4_OFFMASK))) {
			const uint8_t *l4 = b + ip.hlen;
			uint32_t l4len = ip.total_len - ip.hlen;
			if (ip.proto == IP_PROTO_ICMP) {
				rc = csum_inet(l4, l4len) == 0 ? 0 : -2;
				if (rc == 0 && (l4[0] == 3 || l4[0] == 11) && l4len >= 8 + IPV4_HLEN) {
					struct ipv4_repr q;
					rc = ipv4_parse(l4 + 8, l4len - 8, &q) == -2 ? -3 : 0;
				}
			} else if (ip.proto == IP_PROTO_UDP) {
				struct udp_repr u;
				rc = udp_parse(l4, l4len, ip.src, ip.dst, &u);
			} else if (ip.proto == IP_PROTO_TCP) {
				struct tcp_repr th;
				rc = tcp_parse(l4, l4len, ip.src, ip.dst, &th, NULL);
			}
		}
		if (rc != 0) {
			fprintf(stderr, "bad packet (%d) sent by %s:%s at %lld ns\n", rc, r->node, r->dev,
				(long long)r->t_ns);
			bad++;
		}
	}
	return bad;
}

/* The i-th IPv4 packet received (TR_RX) on node/dev with protocol proto:
 * its header and transport bytes. */
static inline bool nf_rx_ip(const struct fx_trace *tr, const char *node, const char *dev,
			    uint8_t proto, size_t i, struct ipv4_repr *ip, const uint8_t **l4)
{
	for (size_t j = 0; j < tr->n; j++) {
		const struct fx_rec *r = &tr->v[j];
		if (!fx_rec_match(r, TR_RX, node, dev) || fx_ethertype(r) != ETH_P_IP)
			continue;
		if (ipv4_parse(r->bytes + ETH_HLEN, r->len - ETH_HLEN, ip) != 0 || ip->proto != proto)
			continue;
		if (i-- == 0) {
			*l4 = r->bytes + ETH_HLEN + ip->hlen;
			return true;
		}
	}
	return false;
}

/* Is there a record of kind k on node whose text contains s? */
static inline bool nf_trace_has(const struct fx_trace *tr, enum trace_kind k, const char *node,
				const char *s)
{
	for (size_t j = 0; j < tr->n; j++)
		if (fx_rec_match(&tr->v[j], k, node, NULL) && strstr(tr->v[j].text, s))
			return true;
	return false;
}

#endif
