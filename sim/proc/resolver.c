/* resolver.c — PLACEHOLDER until the glibc-style resolver lands: numeric
 * addresses and /etc/hosts only, answered from the event loop. */
#include "proc/resolver.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/world.h"
#include "dev/node.h"
#include "proc/traceroute.h"
#include "util/die.h"

struct res_lookup {
	struct node *n;
	struct ev *ev;
	res_done_fn *done;
	void *ctx;
	struct res_result r;
};

const char *res_status_text(enum res_status st)
{
	switch (st) {
	case RES_OK: return "Success";
	case RES_NONAME: return "Name or service not known";
	case RES_AGAIN: return "Temporary failure in name resolution";
	case RES_FAIL: return "Non-recoverable failure in name resolution";
	case RES_NODATA: return "No address associated with hostname";
	}
	return "Unknown error";
}

static void fire(struct world *w, void *a, void *b)
{
	(void)w; (void)b;
	struct res_lookup *l = a;
	l->done(l->ctx, &l->r);
	free(l);
}

struct res_lookup *res_lookup(struct node *n, const char *name, enum res_api api,
			      res_done_fn *done, void *ctx)
{
	(void)api;
	struct res_lookup *l = wl_calloc(1, sizeof *l);
	l->n = n;
	l->done = done;
	l->ctx = ctx;
	uint32_t a;
	char canon[256];
	snprintf(l->r.canon, sizeof l->r.canon, "%s", name);
	if (inet_aton_host(name, &a)) {
		l->r.addrs[l->r.n_addrs++] = a;
	} else if (etc_hosts_by_name(n, name, &a, canon)) {
		snprintf(l->r.canon, sizeof l->r.canon, "%s", canon);
		l->r.addrs[l->r.n_addrs++] = a;
		l->r.from_hosts = true;
	} else {
		l->r.status = RES_NONAME;
	}
	l->ev = ev_call(n->w, n->w->now_ns, fire, l, NULL);
	return l;
}

void res_cancel(struct res_lookup *l)
{
	ev_call_cancel(l->n->w, l->ev);
	free(l);
}

void res_conf_parse(const char *text, struct res_conf *c)
{
	(void)text;
	memset(c, 0, sizeof *c);
	c->ndots = 1;
	c->timeout_s = 5;
	c->attempts = 2;
}

void res_conf_load(struct node *n, struct res_conf *c)
{
	(void)n;
	res_conf_parse("", c);
}
