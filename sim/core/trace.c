/* trace.c — fan-out of trace records to subscribers, and the drop path. */
#include "core/trace.h"

#include <stdarg.h>
#include <stdio.h>

#include "core/world.h"
#include "util/die.h"

static const char *const reason_words[] = {
#define X(e, word, text) word,
#include "core/drop_reasons.def"
#undef X
};

static const char *const reason_texts[] = {
#define X(e, word, text) text,
#include "core/drop_reasons.def"
#undef X
};

const char *drop_reason_word(enum drop_reason r)
{
	return (unsigned)r < DROP__COUNT ? reason_words[r] : "unknown";
}

const char *drop_reason_text(enum drop_reason r)
{
	return (unsigned)r < DROP__COUNT ? reason_texts[r] : "unknown";
}

const char *trace_kind_word(enum trace_kind k)
{
	static const char *const words[TR__COUNT] = {
		[TR_TX] = "tx", [TR_RX] = "rx", [TR_DROP] = "drop",
		[TR_TABLE] = "table", [TR_DECISION] = "decision", [TR_LOG] = "log",
	};
	return (unsigned)k < TR__COUNT ? words[k] : "unknown";
}

static void recompute_wanted(struct trace *t)
{
	t->wanted = 0;
	for (unsigned i = 0; i < t->n_sinks; i++)
		if (t->sinks[i].fn)
			t->wanted |= t->sinks[i].mask;
}

int trace_subscribe(struct world *w, uint32_t mask, trace_fn *fn, void *ctx)
{
	struct trace *t = &w->trace;
	for (unsigned i = 0; i < t->n_sinks; i++) {
		if (!t->sinks[i].fn) {
			t->sinks[i] = (struct trace_sink){ fn, ctx, mask };
			recompute_wanted(t);
			return (int)i;
		}
	}
	if (t->n_sinks == TRACE_MAX_SINKS)
		return -1;
	t->sinks[t->n_sinks] = (struct trace_sink){ fn, ctx, mask };
	int handle = (int)t->n_sinks++;
	recompute_wanted(t);
	return handle;
}

void trace_unsubscribe(struct world *w, int handle)
{
	struct trace *t = &w->trace;
	if (handle < 0 || (unsigned)handle >= t->n_sinks)
		return;
	t->sinks[handle].fn = NULL;
	recompute_wanted(t);
}

void trace_emit(struct world *w, const struct trace_rec *r)
{
	struct trace *t = &w->trace;
	uint32_t bit = TR_MASK(r->kind);
	if (!(t->wanted & bit))
		return;
	for (unsigned i = 0; i < t->n_sinks; i++)
		if (t->sinks[i].fn && (t->sinks[i].mask & bit))
			t->sinks[i].fn(t->sinks[i].ctx, r);
}

void pkt_drop(struct world *w, struct pkt *p, const struct node *n, const struct netdev *dev,
	      enum trace_layer layer, enum drop_reason r, const char *fmt, ...)
{
	w->stats.drops[r]++;
	if (trace_wants(w, TR_DROP)) {
		char text[256];
		const char *msg = drop_reason_text(r);
		if (fmt) {
			va_list ap;
			va_start(ap, fmt);
			vsnprintf(text, sizeof text, fmt, ap);
			va_end(ap);
			msg = text;
		}
		struct trace_rec rec = {
			.kind = TR_DROP, .t_ns = w->now_ns, .node = n, .dev = dev,
			.layer = p ? layer : TL_NONE, .bytes = p ? p->data : NULL,
			.len = p ? p->len : 0, .pkt_id = p ? p->id : 0,
			.reason = r, .what = drop_reason_word(r), .text = msg,
		};
		trace_emit(w, &rec);
	}
	if (p)
		pkt_free(w, p);
}

static void emit_text(struct world *w, struct trace_rec *rec, const char *fmt, va_list ap)
{
	char text[512];
	if (fmt) {
		vsnprintf(text, sizeof text, fmt, ap);
		rec->text = text;
	}
	trace_emit(w, rec);
}

void trace_table(struct world *w, const struct node *n, const struct netdev *dev,
		 const char *table, const char *what, const char *fmt, ...)
{
	if (!trace_wants(w, TR_TABLE))
		return;
	struct trace_rec rec = { .kind = TR_TABLE, .t_ns = w->now_ns, .node = n, .dev = dev,
				 .table = table, .what = what };
	va_list ap;
	va_start(ap, fmt);
	emit_text(w, &rec, fmt, ap);
	va_end(ap);
}

void trace_decision(struct world *w, const struct node *n, const struct netdev *dev,
		    const struct pkt *p, enum trace_layer layer, const char *what, const char *fmt, ...)
{
	if (!trace_wants(w, TR_DECISION))
		return;
	struct trace_rec rec = { .kind = TR_DECISION, .t_ns = w->now_ns, .node = n, .dev = dev,
				 .layer = p ? layer : TL_NONE, .bytes = p ? p->data : NULL,
				 .len = p ? p->len : 0, .pkt_id = p ? p->id : 0, .what = what };
	va_list ap;
	va_start(ap, fmt);
	emit_text(w, &rec, fmt, ap);
	va_end(ap);
}

void trace_log(struct world *w, const struct node *n, const char *what, const char *fmt, ...)
{
	if (!trace_wants(w, TR_LOG))
		return;
	struct trace_rec rec = { .kind = TR_LOG, .t_ns = w->now_ns, .node = n, .what = what };
	va_list ap;
	va_start(ap, fmt);
	emit_text(w, &rec, fmt, ap);
	va_end(ap);
}
