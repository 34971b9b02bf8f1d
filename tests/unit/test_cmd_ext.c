/* test_cmd_ext.c — extension commands (sim/cmd/cmd_ext.c): a command a
 * client registers for one world is found by every line of that world,
 * behaves as a command (argv, stdout, stderr, status, `&&`, redirections,
 * `sudo`, `ip netns exec`), may leave a foreground process for the line to
 * wait for, and is unknown to other worlds. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/cmd_int.h"
#include "core/world.h"
#include "dev/netdev.h"
#include "dev/node.h"
#include "dev/node_files.h"
#include "proc/proc.h"
#include "cmd_fixture.h"

struct fx {
	struct world *w;
	struct node *n;
	char *out, *err;
	int calls;
	struct node *last_node;
};

/* `greet [WORDS...]`: prints its words; `greet fail` fails as a real tool
 * would; `greet wait` runs `sleep 2` in the foreground, through the layer. */
static int greet(void *ctx, struct cmd_ctx *c)
{
	struct fx *f = ctx;
	f->calls++;
	f->last_node = c->node;
	if (c->argc > 1 && strcmp(c->argv[1], "fail") == 0) {
		sb_printf(c->err, "greet: failed on %s\n", c->node->name);
		return 3;
	}
	if (c->argc > 1 && strcmp(c->argv[1], "wait") == 0) {
		char *argv[] = { "sleep", "2", NULL };
		return cmd_exec_argv(c, c->node, 2, argv);
	}
	sb_puts(c->out, "hello");
	for (int i = 1; i < c->argc; i++)
		sb_printf(c->out, " %s", c->argv[i]);
	sb_puts(c->out, "\n");
	return 0;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->w = world_new(1);
	f->n = node_new(f->w, "h", NODE_HOST);
	netdev_set_up(f->n->lo, true);
	assert_int_equal(cmd_ext_register(f->w, "greet", greet, f, "say hello"), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	cmd_ext_clear(f->w);
	world_free(f->w);
	free(f->out);
	free(f->err);
	free(f);
	return 0;
}

static void test_runs_as_a_command(void **state)
{
	struct fx *f = *state;
	assert_int_equal(cmd_fx_run(f->w, f->n, "greet a 'b c'", &f->out, &f->err), 0);
	assert_string_equal(f->out, "hello a b c\n");
	assert_string_equal(f->err, "");
	assert_int_equal(cmd_fx_run(f->w, f->n, "sudo greet x && echo ok", &f->out, &f->err), 0);
	assert_string_equal(f->out, "hello x\nok\n");
	assert_int_equal(cmd_fx_run(f->w, f->n, "greet fail || echo recovered", &f->out, &f->err), 0);
	assert_string_equal(f->out, "recovered\n");
	assert_string_equal(f->err, "greet: failed on h\n");
	assert_int_equal(cmd_fx_run(f->w, f->n, "greet fail", &f->out, &f->err), 3);
	assert_int_equal(cmd_fx_run(f->w, f->n, "greet fail 2>&1", &f->out, &f->err), 3);
	assert_string_equal(f->out, "greet: failed on h\n");
	assert_int_equal(f->calls, 5);
}

static void test_redirection(void **state)
{
	struct fx *f = *state;
	assert_int_equal(cmd_fx_run(f->w, f->n, "greet saved > /tmp/g; cat /tmp/g", &f->out,
				    &f->err), 0);
	assert_string_equal(f->out, "hello saved\n");
}

static void test_in_a_namespace(void **state)
{
	struct fx *f = *state;
	assert_int_equal(cmd_fx_run(f->w, f->n, "ip netns add ns1", &f->out, &f->err), 0);
	assert_int_equal(cmd_fx_run(f->w, f->n, "ip netns exec ns1 greet", &f->out, &f->err), 0);
	assert_string_equal(f->out, "hello\n");
	assert_non_null(f->last_node);
	assert_string_equal(f->last_node->name, "ns1");
}

static void test_foreground_process(void **state)
{
	struct fx *f = *state;
	int64_t t0 = f->w->now_ns;
	assert_int_equal(cmd_fx_run(f->w, f->n, "greet wait && greet after", &f->out, &f->err), 0);
	assert_string_equal(f->out, "hello after\n");
	assert_true(f->w->now_ns - t0 >= 2 * NS_PER_S);
}

static void test_help_and_lookup(void **state)
{
	struct fx *f = *state;
	assert_int_equal(cmd_fx_run(f->w, f->n, "help", &f->out, &f->err), 0);
	assert_non_null(strstr(f->out, "  greet       say hello\n"));
	assert_non_null(cmd_lookup(f->w, "greet"));
	assert_non_null(cmd_lookup(f->w, "ip"));
	assert_null(cmd_lookup(f->w, "nosuch"));
	assert_null(cmd_find("greet"));         /* not a built-in */
	const char *what;
	assert_string_equal(cmd_ext_name(f->w, 0, &what), "greet");
	assert_string_equal(what, "say hello");
	assert_null(cmd_ext_name(f->w, 1, NULL));
}

static void test_register_errors(void **state)
{
	struct fx *f = *state;
	assert_true(cmd_ext_register(f->w, "greet", greet, f, "") < 0);
	assert_non_null(strstr(world_error(f->w), "registered already"));
	assert_true(cmd_ext_register(f->w, "ip", greet, f, "") < 0);
	assert_non_null(strstr(world_error(f->w), "built-in"));
	assert_true(cmd_ext_register(f->w, "", greet, f, "") < 0);
	assert_true(cmd_ext_register(f->w, "a b", greet, f, "") < 0);
	assert_true(cmd_ext_register(f->w, "x23456789012345678901234567890123", greet, f, "") < 0);
	/* Many: the table grows and every entry still dispatches to itself. */
	char name[16];
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "g%d", i);
		assert_int_equal(cmd_ext_register(f->w, name, greet, f, name), 0);
	}
	assert_int_equal(cmd_fx_run(f->w, f->n, "g0 x; g19 y; greet z", &f->out, &f->err), 0);
	assert_string_equal(f->out, "hello x\nhello y\nhello z\n");
	const char *what;
	assert_string_equal(cmd_ext_name(f->w, 20, &what), "g19");
	assert_string_equal(what, "g19");
}

static void test_other_world_and_clear(void **state)
{
	struct fx *f = *state;
	struct world *w2 = world_new(2);
	struct node *n2 = node_new(w2, "h", NODE_HOST);
	assert_non_null(n2);
	assert_int_equal(cmd_fx_run(w2, n2, "greet", &f->out, &f->err), 127);
	assert_non_null(strstr(f->err, "wirelab: greet: command not found"));
	world_free(w2);
	cmd_ext_clear(f->w);
	assert_int_equal(cmd_fx_run(f->w, f->n, "greet", &f->out, &f->err), 127);
	assert_int_equal(cmd_fx_run(f->w, f->n, "ip netns add ns2; ip netns exec ns2 greet",
				    &f->out, &f->err), 1);
	assert_non_null(strstr(f->err, "exec of \"greet\" failed: No such file or directory\n"));
	cmd_ext_clear(f->w);    /* twice is fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_runs_as_a_command, setup, teardown),
		cmocka_unit_test_setup_teardown(test_redirection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_in_a_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreground_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_and_lookup, setup, teardown),
		cmocka_unit_test_setup_teardown(test_register_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_world_and_clear, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
