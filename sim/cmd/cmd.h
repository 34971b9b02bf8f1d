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

#endif
