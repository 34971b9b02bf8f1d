/* proc.c — process bookkeeping and output capture. */
#include "proc/proc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/world.h"
#include "dev/node.h"
#include "util/die.h"

struct proc *proc_new(struct node *n, const struct proc_ops *ops, void *impl, bool foreground)
{
	struct world *w = n->w;
	struct proc *p = wl_calloc(1, sizeof *p);
	p->node = n;
	p->ops = ops;
	p->impl = impl;
	p->pid = ++w->next_pid;
	p->foreground = foreground;
	p->running = true;
	p->started_ns = w->now_ns;
	p->exit_code = -1;
	p->out = wl_calloc(1, 1);
	p->out_cap = 1;
	p->next = n->procs;
	n->procs = p;
	if (foreground)
		w->busy++;
	trace_log(w, n, "proc", "%s started (pid %d)", ops->name, p->pid);
	return p;
}

static void emit_lines(struct proc *p, size_t from, const char *stream)
{
	/* Each complete line since `from` becomes one log record. */
	struct world *w = p->node->w;
	if (!trace_wants(w, TR_LOG))
		return;
	size_t start = from;
	while (start > 0 && p->out[start - 1] != '\n')
		start--;
	for (size_t i = start; i < p->out_len; i++) {
		if (p->out[i] != '\n')
			continue;
		if (i >= from)
			trace_log(w, p->node, stream, "%.*s", (int)(i - start), p->out + start);
		start = i + 1;
	}
}

static void vappend(struct proc *p, const char *stream, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int k = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (k <= 0)
		return;
	if (p->out_len + (size_t)k + 1 > p->out_cap) {
		while (p->out_len + (size_t)k + 1 > p->out_cap)
			p->out_cap *= 2;
		p->out = wl_realloc(p->out, p->out_cap);
	}
	size_t from = p->out_len;
	vsnprintf(p->out + p->out_len, (size_t)k + 1, fmt, ap);
	p->out_len += (size_t)k;
	sb_append(strcmp(stream, "stderr") == 0 ? &p->serr : &p->sout, p->out + from, (size_t)k);
	emit_lines(p, from, stream);
}

void proc_printf(struct proc *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(p, "stdout", fmt, ap);
	va_end(ap);
}

void proc_eprintf(struct proc *p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vappend(p, "stderr", fmt, ap);
	va_end(ap);
}

void proc_detach(struct proc *p)
{
	if (p->foreground && p->running) {
		p->foreground = false;
		p->node->w->busy--;
	}
}

void proc_exit(struct proc *p, int code)
{
	if (!p->running)
		return;
	struct world *w = p->node->w;
	p->running = false;
	p->exit_code = code;
	p->exited_ns = w->now_ns;
	if (p->foreground)
		w->busy--;
	trace_log(w, p->node, "exit", "%s (pid %d) exited with status %d", p->ops->name, p->pid, code);
	if (p->on_exit) {
		void (*fn)(void *, struct proc *) = p->on_exit;
		p->on_exit = NULL;
		fn(p->exit_ctx, p);
	}
}

void proc_kill(struct proc *p)
{
	if (!p->running)
		return;
	if (p->ops->kill)
		p->ops->kill(p);
	proc_exit(p, 143);
}

void proc_kill_all(struct node *n)
{
	for (struct proc *p = n->procs; p; p = p->next) {
		p->on_exit = NULL;      /* nobody is left to hear about it */
		proc_kill(p);
	}
	while (n->procs) {
		struct proc *p = n->procs;
		n->procs = p->next;
		if (p->ops->free)
			p->ops->free(p);
		free(p->out);
		sb_free(&p->sout);
		sb_free(&p->serr);
		free(p);
	}
}
