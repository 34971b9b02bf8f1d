/* proc.h — processes: programs that run on a node, on the event loop.
 *
 * A process is a small state machine driven by timers and socket
 * callbacks (ping, a UDP echo server).  What it prints goes to its own
 * output buffer and, line by line, into the trace stream as TR_LOG records
 * with what = "stdout" or "stderr", so the CLI, the log and the TUI all see
 * it.  A foreground process keeps a run going until it exits (world->busy);
 * a daemon (a server) does not.
 *
 * The node owns its processes: they live, exited or not, until the node is
 * freed, so a scenario can read a finished ping's results.
 */
#ifndef WL_PROC_H
#define WL_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

struct node;
struct proc;

struct proc_ops {
	const char *name;
	/* Stop now: cancel timers, close sockets.  Called once, by
	 * proc_kill() or when the node goes away; the process then counts
	 * as exited (status 143 = killed by SIGTERM, as a shell reports). */
	void (*kill)(struct proc *p);
	/* Free impl.  Called once, when the node is freed. */
	void (*free)(struct proc *p);
};

struct proc {
	struct node *node;
	const struct proc_ops *ops;
	int pid;
	bool foreground;
	bool running;
	int exit_code;
	int64_t started_ns, exited_ns;
	char *out;                      /* everything printed, as a terminal shows it */
	size_t out_len, out_cap;
	struct strbuf sout, serr;       /* the same, split into stdout and stderr */
	void *impl;                     /* the program's own state */
	/* Someone waits for the exit (a scenario's wait()). */
	void (*on_exit)(void *ctx, struct proc *p);
	void *exit_ctx;
	struct proc *next;
};

/* A new running process on n owning impl. */
struct proc *proc_new(struct node *n, const struct proc_ops *ops, void *impl, bool foreground);
/* Append formatted text to stdout; each complete line becomes a TR_LOG record. */
void proc_printf(struct proc *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same for stderr (kept in the same buffer, as a terminal shows both). */
void proc_eprintf(struct proc *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The program ends with this status. */
void proc_exit(struct proc *p, int code);
/* Put a running foreground process in the background (a shell's `&`,
 * `docker run -d`): the line that started it stops waiting and it no
 * longer keeps the run alive. */
void proc_detach(struct proc *p);
/* Stop a running process from outside. */
void proc_kill(struct proc *p);
/* Kill and free every process of n (node teardown). */
void proc_kill_all(struct node *n);

#endif
