/* trace.h — the one stream of what happened (DESIGN.md §3).
 *
 * Every transmit, receive, drop, table change and decision becomes a
 * `struct trace_rec` handed synchronously to each subscriber: the pcap
 * writers, the JSON Lines log, scenario checks, the TUI.  The engine never
 * prints; this stream is how it speaks.
 *
 * Records are valid only during the callback: a subscriber copies what it
 * keeps.  Producers build explanation text only when someone listens
 * (trace_wants), so a run with no subscribers pays almost nothing.
 */
#ifndef WL_TRACE_H
#define WL_TRACE_H

#include <stdbool.h>
#include <stdint.h>

struct world;
struct node;
struct netdev;
struct pkt;

enum drop_reason {
#define X(e, word, text) DROP_##e,
#include "core/drop_reasons.def"
#undef X
	DROP__COUNT
};

const char *drop_reason_word(enum drop_reason r);
const char *drop_reason_text(enum drop_reason r);

enum trace_kind {
	TR_TX = 0,    /* a frame handed to a device for transmission */
	TR_RX,        /* a frame arriving at a device */
	TR_DROP,      /* a packet discarded, with a reason */
	TR_TABLE,     /* a table changed: fdb, neigh, route, addr, link, sysctl */
	TR_DECISION,  /* a forwarding choice: FDB hit or flood, route chosen, ARP queued */
	TR_LOG,       /* a message from a process or the scenario (ping's output) */
	TR__COUNT
};

#define TR_MASK(k) (1u << (k))
#define TR_MASK_ALL ((1u << TR__COUNT) - 1u)

const char *trace_kind_word(enum trace_kind k);

/* Where `bytes` starts. */
enum trace_layer { TL_NONE = 0, TL_ETH, TL_IP };

struct trace_rec {
	enum trace_kind kind;
	int64_t t_ns;
	const struct node *node;       /* NULL only for TR_LOG from the scenario itself (print) */
	const struct netdev *dev;      /* NULL when no device is involved */
	enum trace_layer layer;
	const uint8_t *bytes;          /* the packet, when there is one */
	uint32_t len;
	uint64_t pkt_id;               /* 0 when no packet */
	enum drop_reason reason;       /* TR_DROP only */
	const char *table;             /* TR_TABLE: "fdb", "neigh", "route", ... */
	const char *what;              /* a short machine word: "learn", "flood", "STALE", ... */
	const char *text;              /* plain-words explanation, may be NULL */
};

typedef void trace_fn(void *ctx, const struct trace_rec *r);

struct trace_sink {
	trace_fn *fn;
	void *ctx;
	uint32_t mask;
};

#define TRACE_MAX_SINKS 16

struct trace {
	struct trace_sink sinks[TRACE_MAX_SINKS];
	unsigned n_sinks;
	uint32_t wanted;        /* union of the sinks' masks */
};

/* Subscribe fn to the kinds in mask.  Returns a handle >= 0, or -1 when
 * TRACE_MAX_SINKS are taken. */
int trace_subscribe(struct world *w, uint32_t mask, trace_fn *fn, void *ctx);
void trace_unsubscribe(struct world *w, int handle);

/* Deliver r to each subscriber of r->kind. */
void trace_emit(struct world *w, const struct trace_rec *r);

/* True when some subscriber wants kind k: check before formatting text.
 * (A macro over world->trace.wanted, so the check costs one load.) */
#define trace_wants(w, k) ((((w)->trace.wanted) & TR_MASK(k)) != 0)

/* Drop p with a reason: counts it, emits TR_DROP (text formatted only when
 * wanted; NULL fmt uses the reason's default sentence) and frees p.
 * `layer` says where p->data starts. */
void pkt_drop(struct world *w, struct pkt *p, const struct node *n, const struct netdev *dev,
	      enum trace_layer layer, enum drop_reason r, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* Convenience emitters.  fmt may be NULL; text is formatted only when wanted. */
void trace_table(struct world *w, const struct node *n, const struct netdev *dev,
		 const char *table, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
void trace_decision(struct world *w, const struct node *n, const struct netdev *dev,
		    const struct pkt *p, enum trace_layer layer,
		    const char *what, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));
void trace_log(struct world *w, const struct node *n, const char *what, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
