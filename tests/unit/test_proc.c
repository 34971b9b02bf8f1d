/* test_proc.c — a process's life as the run sees it: a foreground process
 * keeps the run alive (world->busy) until it exits or is detached; each
 * path lets go exactly once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "engine_fixture.h"
#include "proc/proc.h"
#include "proc/sleep.h"

static void test_foreground_until_exit(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = fx_host(w, "h", NODE_HOST);
	struct proc *p = sleep_start(n, 2 * NS_PER_S);
	assert_non_null(p);
	assert_int_equal(w->busy, 1);
	world_run(w, -1, 0);
	assert_false(p->running);
	assert_int_equal(p->exit_code, 0);
	assert_int_equal(w->busy, 0);
	world_free(w);
}

/* `docker run -d`, a shell's `&`: the process goes on, the run does not
 * wait for it; its exit later does not count it off a second time. */
static void test_detach_lets_go_once(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = fx_host(w, "h", NODE_HOST);
	struct proc *p = sleep_start(n, 2 * NS_PER_S);
	proc_detach(p);
	assert_int_equal(w->busy, 0);
	assert_true(p->running);
	proc_detach(p);                 /* already in the background */
	assert_int_equal(w->busy, 0);
	world_run(w, 5 * NS_PER_S, 0);
	assert_false(p->running);
	assert_int_equal(w->busy, 0);
	proc_detach(p);                 /* exited: nothing to let go */
	assert_int_equal(w->busy, 0);
	world_free(w);
}

static void test_kill_counts_off_once(void **state)
{
	(void)state;
	struct world *w = world_new(1);
	struct node *n = fx_host(w, "h", NODE_HOST);
	struct proc *p = sleep_start(n, 2 * NS_PER_S);
	proc_kill(p);
	assert_false(p->running);
	assert_int_equal(p->exit_code, 143);
	assert_int_equal(w->busy, 0);
	proc_detach(p);
	assert_int_equal(w->busy, 0);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_foreground_until_exit),
		cmocka_unit_test(test_detach_lets_go_once),
		cmocka_unit_test(test_kill_counts_off_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
