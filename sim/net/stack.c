/* stack.c — Ethernet demultiplexing and the IPv4 layer: local delivery,
 * forwarding (RFC 1812 5.2-5.3, Linux ip_route_input/ip_forward/ip_error)
 * and local output.  The order of the checks is in stack.h. */
#include "net/stack.h"

#include <errno.h>
#include <string.h>

#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "net/arp.h"
#include "net/frag.h"
#include "net/icmp.h"
#include "net/neigh.h"
#include "net/nf.h"
#include "net/route.h"
#include "net/tcp.h"
#include "net/udp.h"
#include "util/units.h"
#include "wire/bytes.h"
#include "wire/eth.h"
#include "wire/icmp.h"
#include "wire/ipv4.h"

void stack_eth_input(struct node *n, struct netdev *dev, struct pkt *p)
{
	struct world *w = n->w;
	struct eth_repr e;
	if (eth_parse(p->data, p->len, &e) != 0) {
		pkt_drop(w, p, n, dev, TL_ETH, DROP_UNKNOWN_ETHERTYPE, "runt frame (%u bytes)", p->len);
		return;
	}
	/* eth_type_trans(): a unicast frame for another MAC is PACKET_OTHERHOST
	 * and the stack will not touch it (a switch flooded it here). */
	if (dev->kind != ND_LOOPBACK && !eth_is_multicast(e.dst) && !eth_equal(e.dst, dev->mac)) {
		pkt_drop(w, p, n, dev, TL_ETH, DROP_OTHERHOST, NULL);
		return;
	}
	pkt_pull(p, ETH_HLEN);
	switch (e.type) {
	case ETH_P_ARP:
		if (dev->kind == ND_LOOPBACK)
			break;
		arp_input(n, dev, p);
		return;
	case ETH_P_IP:
		ip_input(n, dev, p);
		return;
	}
	pkt_drop(w, p, n, dev, TL_NONE, DROP_UNKNOWN_ETHERTYPE, "EtherType 0x%04x: no handler",
		 e.type);
}

/* The netfilter hooks, kept out of line: a node without rules pays one
 * predicted-not-taken test per hook (W1/W2 benchmarks). */
#define NF_COLD __attribute__((noinline, cold))

NF_COLD static bool nf_rx_hook(struct node *n, enum nf_hook hook, struct netdev *dev,
			       struct pkt **pp, struct ipv4_repr *ip)
{
	if (nf_hook(n, hook, pp, dev, NULL) != NF_ACCEPT)
		return false;
	ipv4_parse((*pp)->data, (*pp)->len, ip);
	return true;
}

NF_COLD static bool nf_fwd_hooks(struct node *n, struct netdev *in, struct netdev *out,
				 struct pkt **pp)
{
	return nf_hook(n, NF_HOOK_FORWARD, pp, in, out) == NF_ACCEPT &&
	       nf_hook(n, NF_HOOK_POSTROUTING, pp, in, out) == NF_ACCEPT;
}

/* __ip_local_out(): OUTPUT; a DNAT there re-routes (ip_route_me_harder);
 * then ip_output()'s POSTROUTING.  A packet the rules drop fails the send
 * with EPERM, as sendmsg() reports it. */
NF_COLD static int nf_out_hooks(struct node *n, struct pkt **pp, uint32_t dst,
				struct netdev **dev, uint32_t *nexthop)
{
	if (nf_hook(n, NF_HOOK_OUTPUT, pp, NULL, *dev) != NF_ACCEPT)
		return -EPERM;
	uint32_t nd = rd_be32((*pp)->data + 16);
	if (nd != dst) {
		if (node_is_local_addr(n, nd)) {
			*dev = n->lo;
			*nexthop = nd;
		} else {
			const struct route *r = route_lookup(n, nd);
			if (!r || r->type != RT_UNICAST || !r->dev) {
				n->ipstats.out_no_routes++;
				pkt_drop(n->w, *pp, n, NULL, TL_IP, DROP_NO_ROUTE,
					 "no route to the DNAT destination");
				return -EHOSTUNREACH;
			}
			*dev = r->dev;
			*nexthop = r->gw ? r->gw : nd;
		}
	}
	if (nf_hook(n, NF_HOOK_POSTROUTING, pp, NULL, *dev) != NF_ACCEPT)
		return -EPERM;
	return 0;
}

static void ip_local_deliver(struct node *n, struct netdev *dev, struct pkt *p,
			     const struct ipv4_repr *ip)
{
	n->ipstats.in_delivers++;
	switch (ip->proto) {
	case IP_PROTO_ICMP:
		icmp_input(n, dev, p);
		return;
	case IP_PROTO_UDP:
		udp_input(n, dev, p);
		return;
	case IP_PROTO_TCP:
		tcp_input(n, dev, p);
		return;
	}
	/* RFC 1122 3.2.2.1: protocol unreachable, unless it was a broadcast. */
	if (!node_is_broadcast_addr(n, ip->dst))
		icmp_send_error(n, p, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH);
	pkt_drop(n->w, p, n, dev, TL_IP, DROP_PROTO_UNREACH, "IP protocol %u: no handler", ip->proto);
}

/* ip_error(): an error from the route lookup is rate limited per source
 * before icmp_send() is even asked. */
static void route_error(struct node *n, const struct pkt *p, const struct ipv4_repr *ip,
			uint8_t code)
{
	if (icmp_route_error_allow(n, ip->src))
		icmp_send_error(n, p, ICMP_DEST_UNREACH, code);
	else
		trace_decision(n->w, n, NULL, p, TL_IP, "icmp-ratelimit",
			       "ICMP destination unreachable not sent: ip_error rate limit");
}

static void ip_forward(struct node *n, struct netdev *in, struct pkt *p, const struct ipv4_repr *ip)
{
	struct world *w = n->w;
	char d[16] = "";
	if (trace_wants(w, TR_DROP))
		units_format_ipv4(ip->dst, d);
	const struct route *r = route_lookup(n, ip->dst);
	if (!n->sysctl.ip_forward) {
		/* ip_route_input_slow(): forwarding off on the ingress device makes
		 * the route an error, and ip_error() drops without a word. */
		n->ipstats.in_addr_errors++;
		pkt_drop(w, p, n, in, TL_IP, DROP_IP_FORWARD_OFF,
			 "%s is not this node's address and net.ipv4.ip_forward is 0: dropped "
			 "silently (no ICMP)", d);
		return;
	}
	if (!r) {
		n->ipstats.in_no_routes++;
		route_error(n, p, ip, ICMP_NET_UNREACH);
		pkt_drop(w, p, n, in, TL_IP, DROP_NO_ROUTE,
			 "no route to %s: sent ICMP destination unreachable (net)", d);
		return;
	}
	switch (r->type) {
	case RT_UNICAST:
		break;
	case RT_UNREACHABLE:
		route_error(n, p, ip, ICMP_HOST_UNREACH);
		pkt_drop(w, p, n, in, TL_IP, DROP_ROUTE_UNREACHABLE, NULL);
		return;
	case RT_PROHIBIT:
		route_error(n, p, ip, ICMP_PKT_FILTERED);
		pkt_drop(w, p, n, in, TL_IP, DROP_ROUTE_PROHIBIT, NULL);
		return;
	case RT_BLACKHOLE:
		pkt_drop(w, p, n, in, TL_IP, DROP_ROUTE_BLACKHOLE, NULL);
		return;
	}
	/* RFC 1812 5.3.1: a packet whose TTL would reach 0 is discarded and the
	 * source told with time exceeded (Linux: ttl <= 1, in ip_forward). */
	if (ip->ttl <= 1) {
		icmp_send_error(n, p, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL);
		pkt_drop(w, p, n, in, TL_IP, DROP_TTL_EXPIRED,
			 "TTL %u expired in transit: sent ICMP time exceeded", ip->ttl);
		return;
	}
	if (p->len > r->dev->mtu && (ip->frag & IPV4_DF)) {
		icmp_send_frag_needed(n, p, r->dev->mtu);
		pkt_drop(w, p, n, in, TL_IP, DROP_FRAG_NEEDED,
			 "%u bytes > MTU %u of %s with DF set: sent ICMP fragmentation needed",
			 p->len, r->dev->mtu, r->dev->name);
		return;
	}
	ipv4_set_ttl(p->data, (uint8_t)(ip->ttl - 1));
	uint32_t nexthop = r->gw ? r->gw : ip->dst;
	if (trace_wants(w, TR_DECISION)) {
		char via[16];
		units_format_ipv4(r->gw, via);
		char dst[16];
		units_format_ipv4(r->dst, dst);
		trace_decision(w, n, in, p, TL_IP, "forward",
			       "route %s/%d%s%s dev %s: forwarding, TTL %u -> %u",
			       r->plen ? dst : "default", r->plen, r->gw ? " via " : "",
			       r->gw ? via : "", r->dev->name, ip->ttl, ip->ttl - 1);
	}
	/* ip_forward(): the FORWARD hook after the TTL is decremented, then
	 * ip_output()'s POSTROUTING, before any fragmentation. */
	struct netdev *out = r->dev;
	if (__builtin_expect(nf_active(n), 0) && !nf_fwd_hooks(n, in, out, &p))
		return;
	n->ipstats.forwarded++;
	if (p->len > out->mtu) {
		ip_fragment(n, out, nexthop, p, out->mtu);
		return;
	}
	ip_output(n, out, nexthop, p);
}

void ip_input(struct node *n, struct netdev *dev, struct pkt *p)
{
	struct world *w = n->w;
	struct ipv4_repr ip;
	int rc = ipv4_parse(p->data, p->len, &ip);
	if (rc == -1) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_IP_MALFORMED, NULL);
		return;
	}
	if (rc == -2) {
		pkt_drop(w, p, n, dev, TL_IP, DROP_IP_CSUM, NULL);
		return;
	}
	n->ipstats.in_receives++;
	/* Ethernet padding is not part of the datagram. */
	if (p->len > ip.total_len)
		pkt_trim(p, ip.total_len);
	p->l3_off = (uint32_t)(p->data - p->buf);
	/* ip_rcv(): PREROUTING (conntrack, DNAT) before the routing decision,
	 * which then sees the translated destination. */
	if (__builtin_expect(nf_active(n), 0) && !nf_rx_hook(n, NF_HOOK_PREROUTING, dev, &p, &ip))
		return;
	if (node_is_local_addr(n, ip.dst) || node_is_broadcast_addr(n, ip.dst) ||
	    (ip.dst >> 28) == 0xe) {
		if (ip.frag & (IPV4_MF | IPV4_OFFMASK)) {
			/* RFC 791: only the destination puts fragments together. */
			p = ip_reassemble(n, dev, p);
			if (!p)
				return;
			ipv4_parse(p->data, p->len, &ip);
			p->l3_off = (uint32_t)(p->data - p->buf);
		}
		/* ip_local_deliver(): INPUT after reassembly. */
		if (__builtin_expect(nf_active(n), 0) && !nf_rx_hook(n, NF_HOOK_INPUT, dev, &p, &ip))
			return;
		ip_local_deliver(n, dev, p, &ip);
		return;
	}
	ip_forward(n, dev, p, &ip);
}

void ip_output(struct node *n, struct netdev *dev, uint32_t nexthop, struct pkt *p)
{
	neigh_output(n, dev, nexthop, p);
}

/* The source for a local destination, as Linux's local table gives it:
 * an address of ours is its own source ("local A dev D src A"); the rest
 * of 127.0.0.0/8 gets lo's address ("local 127.0.0.0/8 dev lo src
 * 127.0.0.1"): `ping 127.0.0.2` is from 127.0.0.1 (conntrack -L shows it). */
static uint32_t local_src(const struct node *n, uint32_t dst)
{
	if ((dst >> 24) != 127 || !n->lo)
		return dst;
	for (const struct ifaddr *a = n->lo->addrs; a; a = a->next)
		if (a->addr == dst)
			return dst;
	uint32_t s = netdev_pick_src(n->lo, dst);
	return s ? s : dst;
}

uint32_t ip_select_src(const struct node *n, uint32_t dst)
{
	if (node_is_local_addr(n, dst))
		return local_src(n, dst);
	const struct route *r = route_lookup(n, dst);
	if (!r || !r->dev)
		return 0;
	if (r->prefsrc)
		return r->prefsrc;
	return netdev_pick_src(r->dev, r->gw ? r->gw : dst);
}

int ip_route_check(const struct node *n, uint32_t dst)
{
	if (node_is_local_addr(n, dst))
		return 0;
	const struct route *r = route_lookup(n, dst);
	if (!r)
		return -ENETUNREACH;
	switch (r->type) {
	case RT_UNICAST: return 0;
	case RT_UNREACHABLE: return -EHOSTUNREACH;
	case RT_PROHIBIT: return -EACCES;
	case RT_BLACKHOLE: return -EINVAL;
	}
	return -EINVAL;
}

int ip_send(struct node *n, struct pkt *p, const struct ip_send *o)
{
	struct world *w = n->w;
	struct netdev *dev;
	uint32_t nexthop = o->dst;
	uint32_t src = o->src;
	if (node_is_local_addr(n, o->dst)) {
		/* Traffic to ourselves goes through lo (Linux's local table). */
		dev = n->lo;
		if (!src)
			src = local_src(n, o->dst);
	} else {
		const struct route *r = route_lookup(n, o->dst);
		int err = ip_route_check(n, o->dst);
		if (err) {
			n->ipstats.out_no_routes++;
			if (trace_wants(w, TR_DECISION)) {
				char d[16];
				units_format_ipv4(o->dst, d);
				trace_decision(w, n, NULL, NULL, TL_NONE, "no-route",
					       "send to %s refused: %s", d,
					       err == -ENETUNREACH ? "Network is unreachable"
					       : err == -EHOSTUNREACH ? "No route to host"
					       : err == -EACCES ? "Permission denied"
								: "Invalid argument");
			}
			pkt_free(w, p);
			return err;
		}
		dev = r->dev;
		nexthop = r->gw ? r->gw : o->dst;
		if (!src)
			src = r->prefsrc ? r->prefsrc : netdev_pick_src(dev, nexthop);
	}
	if (p->len + IPV4_HLEN > PKT_MAX_LEN) {
		pkt_free(w, p);
		return -EMSGSIZE;
	}
	/* IP_PMTUDISC_WANT, Linux's default: DF only on a packet that fits the
	 * path MTU as known; a larger one is fragmented here instead. */
	uint32_t mtu = dev->mtu;
	uint32_t pmtu = dev->kind == ND_LOOPBACK ? 0 : pmtu_get(n, o->dst, NULL);
	if (pmtu && pmtu < mtu)
		mtu = pmtu;
	uint16_t frag = o->frag;
	bool too_big = p->len + IPV4_HLEN > mtu;
	if (too_big)
		frag &= (uint16_t)~IPV4_DF;
	struct ipv4_repr ip = {
		.tos = o->tos, .total_len = (uint16_t)(p->len + IPV4_HLEN), .id = n->ip_id++,
		.frag = frag, .ttl = o->ttl ? o->ttl : (uint8_t)n->sysctl.ip_default_ttl,
		.proto = o->proto, .src = src, .dst = o->dst,
	};
	ipv4_emit(pkt_push(p, IPV4_HLEN), &ip);
	p->l3_off = (uint32_t)(p->data - p->buf);
	n->ipstats.out_requests++;
	if (__builtin_expect(nf_active(n), 0)) {
		int err = nf_out_hooks(n, &p, o->dst, &dev, &nexthop);
		if (err)
			return err;
	}
	if (too_big)
		ip_fragment(n, dev, nexthop, p, mtu);
	else
		ip_output(n, dev, nexthop, p);
	return 0;
}
