/* cmd.h — the command layer: Linux commands typed into a node.
 *
 * A learner types what they would type on a Linux machine — `ip route add
 * default via 10.0.0.1`, `sysctl -w net.ipv4.ip_forward=1`, `echo 1 >
 * /proc/sys/net/ipv4/ip_forward`, `ping -c 3 10.0.0.2` — and gets what the
 * real tool prints, on stdout and stderr, and its exit status (iproute2
 * 6.1, procps, iputils, as on Debian 12).  The Lua binding (node:sh), the
 * shell-scenario runner and the TUI prompt all go through here; the layer
 * itself knows nothing of Lua or curses.
 *
 * A line is split into words as a shell would (quotes, backslashes, `#`
 * comments), may hold several commands joined by `;`, `&&` and `||`, and
 * each command may redirect its output with `> FILE` or `>> FILE` (files
 * are the node's, /proc/sys maps onto sysctls).  A leading `sudo` is
 * accepted and dropped: every node is root.  Pipes and `$VARS` are not
 * shell features wirelab has; they are refused with a clear message.
 *
 * Some commands take simulated time (ping, traceroute, sleep): they start
 * a foreground process and the line pauses.  The caller lets the world run
 * until that process exits and then calls cmd_line_step() again:
 *
 *   struct cmd_line *cl = cmd_line_new(w, node, "ping -c1 10.0.0.2 && echo ok");
 *   while (!cmd_line_step(cl))
 *           run the world until cmd_line_waiting(cl)->running is false;
 *   print cmd_line_stdout(cl), cmd_line_stderr(cl); status cmd_line_status(cl)
 *   cmd_line_free(cl);
 */
#ifndef WL_CMD_H
#define WL_CMD_H

#include <stdbool.h>
#include <stddef.h>

struct world;
struct node;
struct proc;
struct cmd_line;

/* Parse a line for node n.  Never NULL; a syntax error (an unclosed quote)
 * shows up as the first step's stderr and status 2, as bash reports it. */
struct cmd_line *cmd_line_new(struct world *w, struct node *n, const char *line);
/* Run commands until the line is done (true) or a foreground process must
 * finish first (false: see cmd_line_waiting()). */
bool cmd_line_step(struct cmd_line *cl);
/* The process the line waits for, or NULL. */
struct proc *cmd_line_waiting(const struct cmd_line *cl);
/* Output so far, and the status of the last command run (0 before any). */
const char *cmd_line_stdout(const struct cmd_line *cl);
const char *cmd_line_stderr(const struct cmd_line *cl);
int cmd_line_status(const struct cmd_line *cl);
void cmd_line_free(struct cmd_line *cl);

/* For callers that do not let time pass (tests, simple tools): run the line
 * to the end, running the world while a process is in the foreground.
 * Returns the status; out/err get malloc'd copies (may be NULL). */
int cmd_run_blocking(struct world *w, struct node *n, const char *line, char **out, char **err);

/* The names of the supported commands, NULL-terminated, for help texts. */
const char *const *cmd_names(void);

/* ---- extension commands (cmd_ext.c) --------------------------------------
 * A command the engine does not implement itself — wirelab's `docker` is
 * written in Lua (lib/docker.lua) — is registered per world by the client
 * that can run it (the Lua binding, sim/lua/lua_api_ext.c) as a plain C
 * callback: the engine stays free of Lua.  Lines on every node of w then
 * find it after the built-in commands, from node:sh, shell scenarios and
 * the TUI prompt alike.  The callback is a command (cmd_int.h): it gets
 * the struct cmd_ctx (argv, node, out, err), returns the exit status, and
 * may leave a foreground process in ctx->proc for the line to wait for. */
struct cmd_ctx;
struct cmd_def;
typedef int cmd_ext_fn(void *ctx, struct cmd_ctx *c);

/* Register command `name` (1..31 of [A-Za-z0-9._-], not a built-in's name,
 * not registered yet) for w: 0, or a negative code with world_error().
 * what is its line in `help`.  ctx is passed back to fn untouched. */
int cmd_ext_register(struct world *w, const char *name, cmd_ext_fn *fn, void *ctx,
		     const char *what);
/* Forget every extension command of w (before world_free()). */
void cmd_ext_clear(struct world *w);
/* The i-th extension command's name (and its help line in *what), or NULL
 * past the last. */
const char *cmd_ext_name(const struct world *w, size_t i, const char **what);
/* A command by name as a line finds it: a built-in, else one of w's
 * extension commands; NULL when neither. */
const struct cmd_def *cmd_lookup(const struct world *w, const char *name);
const struct cmd_def *cmd_ext_find(const struct world *w, const char *name);

#endif
