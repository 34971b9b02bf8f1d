/* cli_hot.c — what a run spent its frames on, for a run that had to be
 * stopped (--max-events, --until).
 *
 * A trace subscriber counts every transmitted frame by (node, kind of
 * frame).  When a run is cut short, the node that sent the most frames and
 * what most of them were is usually the whole story: a switch sending
 * broadcast after broadcast is a switching loop (Ethernet has no TTL, so a
 * broadcast in a loop is copied forever); a host sending echo requests is a
 * ping without a count. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "util/die.h"

enum frame_class {
	FC_ARP_REQUEST, FC_ARP_REPLY, FC_ICMP_ECHO_REQUEST, FC_ICMP_ECHO_REPLY,
	FC_ICMP_UNREACH, FC_ICMP_TIME_EXCEEDED, FC_ICMP_OTHER, FC_UDP, FC_TCP, FC_IPV4_OTHER,
	FC_OTHER, FC__COUNT
};

static const char *const class_names[FC__COUNT] = {
	[FC_ARP_REQUEST] = "ARP request", [FC_ARP_REPLY] = "ARP reply",
	[FC_ICMP_ECHO_REQUEST] = "ICMP echo request", [FC_ICMP_ECHO_REPLY] = "ICMP echo reply",
	[FC_ICMP_UNREACH] = "ICMP destination unreachable",
	[FC_ICMP_TIME_EXCEEDED] = "ICMP time exceeded", [FC_ICMP_OTHER] = "other ICMP",
	[FC_UDP] = "UDP", [FC_TCP] = "TCP", [FC_IPV4_OTHER] = "other IPv4",
	[FC_OTHER] = "non-IP frames",
};

/* Slots per node: every class, unicast and broadcast/multicast. */
#define SLOTS (FC__COUNT * 2)

struct cli_hot {
	struct world *w;
	int handle;
	uint64_t *counts;       /* [node index][SLOTS] */
	size_t cap_nodes;
	uint64_t total;
};

static enum frame_class classify(const uint8_t *b, uint32_t len)
{
	if (len < 14)
		return FC_OTHER;
	unsigned type = (unsigned)b[12] << 8 | b[13];
	if (type == 0x0806) {
		if (len < 22)
			return FC_OTHER;
		unsigned op = (unsigned)b[20] << 8 | b[21];
		return op == 2 ? FC_ARP_REPLY : FC_ARP_REQUEST;
	}
	if (type != 0x0800 || len < 34)
		return FC_OTHER;
	unsigned ihl = (b[14] & 0x0fu) * 4u;
	unsigned proto = b[23];
	if (proto == 6)
		return FC_TCP;
	if (proto == 17)
		return FC_UDP;
	if (proto != 1)
		return FC_IPV4_OTHER;
	if (len < 14 + ihl + 1)
		return FC_ICMP_OTHER;
	switch (b[14 + ihl]) {
	case 8: return FC_ICMP_ECHO_REQUEST;
	case 0: return FC_ICMP_ECHO_REPLY;
	case 3: return FC_ICMP_UNREACH;
	case 11: return FC_ICMP_TIME_EXCEEDED;
	default: return FC_ICMP_OTHER;
	}
}

static void on_tx(void *ctx, const struct trace_rec *r)
{
	struct cli_hot *h = ctx;
	if (!r->node || !r->bytes || r->layer != TL_ETH)
		return;
	size_t ni = (size_t)r->node->index;
	if (ni >= h->cap_nodes) {
		size_t cap = h->cap_nodes ? h->cap_nodes : 16;
		while (cap <= ni)
			cap *= 2;
		h->counts = wl_realloc(h->counts, cap * SLOTS * sizeof *h->counts);
		memset(h->counts + h->cap_nodes * SLOTS, 0,
		       (cap - h->cap_nodes) * SLOTS * sizeof *h->counts);
		h->cap_nodes = cap;
	}
	bool bcast = r->len >= 6 && (r->bytes[0] & 1);
	h->counts[ni * SLOTS + (size_t)classify(r->bytes, r->len) * 2 + bcast]++;
	h->total++;
}

struct cli_hot *cli_hot_new(struct world *w)
{
	struct cli_hot *h = wl_calloc(1, sizeof *h);
	h->w = w;
	h->handle = trace_subscribe(w, TR_MASK(TR_TX), on_tx, h);
	return h;
}

void cli_hot_describe(const struct cli_hot *h, char *buf, size_t len)
{
	const struct world *w = h->w;
	if (h->total == 0 || h->handle < 0) {
		snprintf(buf, len, "no frames were sent (a scenario task looping on sleep()?)");
		return;
	}
	size_t best = 0;
	uint64_t best_n = 0;
	for (size_t ni = 0; ni < h->cap_nodes && ni < w->n_nodes; ni++) {
		uint64_t n = 0;
		for (size_t k = 0; k < SLOTS; k++)
			n += h->counts[ni * SLOTS + k];
		if (n > best_n) {
			best = ni;
			best_n = n;
		}
	}
	size_t slot = 0;
	for (size_t k = 1; k < SLOTS; k++)
		if (h->counts[best * SLOTS + k] > h->counts[best * SLOTS + slot])
			slot = k;
	const struct node *n = w->nodes[best];
	const char *cls = class_names[slot / 2];
	bool bcast = slot % 2;
	unsigned pct = (unsigned)((best_n * 100 + h->total / 2) / h->total);
	if (bcast && n->role == NODE_SWITCH)
		snprintf(buf, len, "most frames were sent by %s (%u%%): broadcast flooding (%s) "
			 "\u2014 a switching loop?", n->name, pct, cls);
	else
		snprintf(buf, len, "most frames were sent by %s (%u%%): %s%s", n->name, pct,
			 bcast ? "broadcast " : "", cls);
}

void cli_hot_free(struct cli_hot *h)
{
	if (!h)
		return;
	if (h->handle >= 0)
		trace_unsubscribe(h->w, h->handle);
	free(h->counts);
	free(h);
}
