/* sleep.h — a process that does nothing for a while (coreutils sleep).
 *
 * `sleep 2` in a shell scenario lets two seconds of simulated time pass:
 * the command layer starts this process in the foreground and the line
 * waits for it, as a shell waits for /bin/sleep.  It prints nothing and
 * exits 0 when its time is up; killed earlier, it exits 143 like any
 * process (proc.h).
 */
#ifndef WL_SLEEP_H
#define WL_SLEEP_H

#include <stdint.h>

struct node;
struct proc;

/* Start a foreground sleep of duration_ns (>= 0) on n.  A negative
 * duration sleeps for ever (`sleep infinity`): only a kill ends it.
 * Never NULL. */
struct proc *sleep_start(struct node *n, int64_t duration_ns);

#endif
