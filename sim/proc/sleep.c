/* sleep.c — coreutils sleep as a process: one timer, then exit 0. */
#include "proc/sleep.h"

#include <stddef.h>
#include <stdlib.h>

#include "core/world.h"
#include "dev/node.h"
#include "proc/proc.h"
#include "util/die.h"

struct sleeper {
	struct proc *proc;
	struct world *w;
	struct ev timer;
};

static void wake(struct world *w, struct ev *ev)
{
	(void)w;
	struct sleeper *s = (struct sleeper *)((char *)ev - offsetof(struct sleeper, timer));
	proc_exit(s->proc, 0);
}

static void sleep_kill(struct proc *p)
{
	struct sleeper *s = p->impl;
	ev_cancel(s->w, &s->timer);
}

static void sleep_free(struct proc *p)
{
	struct sleeper *s = p->impl;
	ev_cancel(s->w, &s->timer);
	free(s);
}

static const struct proc_ops sleep_ops = { .name = "sleep", .kill = sleep_kill, .free = sleep_free };

struct proc *sleep_start(struct node *n, int64_t duration_ns)
{
	struct world *w = n->w;
	struct sleeper *s = wl_calloc(1, sizeof *s);
	s->w = w;
	ev_init(&s->timer, wake);
	s->proc = proc_new(n, &sleep_ops, s, true);
	if (duration_ns >= 0)
		ev_schedule(w, &s->timer, w->now_ns + duration_ns);
	return s->proc;
}
